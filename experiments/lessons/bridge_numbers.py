"""Measure the local bridges of the demo's town: the numbers the lessons quote about bridges.

Run:  .venv/bin/python experiments/lessons/bridge_numbers.py [--seeds 20]

A tie is a local bridge when its two ends have no contact in common; its span is their distance
once the tie is gone (Granovetter 1973; Easley & Kleinberg 2010, ch. 3).  For the demo's starting
values at several weak-tie densities, over seeds 0, 1, …, it prints the share of weak and of
strong ties that are local bridges, the share of local bridges that are weak ties, and their
spans (mean, and the share that are bridges outright, span infinite).  Only the graph is built:
bridges do not depend on the run.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from tiesim.app.demo_model import DemoModel
from tiesim.app.presets import DEFAULTS
from tiesim.app.state import local_bridges
from tiesim.graphs.ties import Tie


def measure(density: float, seed: int) -> dict[str, float]:
    """The bridge figures of one town."""
    model = DemoModel(**{**DEFAULTS, "weak_tie_density": density, "seed": seed})
    graph = model.graph
    slots, span = local_bridges(model)
    weak = graph.tie == Tie.WEAK
    bridge = np.zeros(graph.num_slots, bool)
    bridge[slots] = True
    finite = span[np.isfinite(span)]
    return {
        "weak_ties": int(weak.sum()),
        "weak_that_are_bridges": bridge[weak].mean() if weak.any() else np.nan,
        "strong_that_are_bridges": bridge[~weak].mean(),
        "bridges_that_are_weak": weak[slots].mean() if len(slots) else np.nan,
        "mean_finite_span": finite.mean() if len(finite) else np.nan,
        "share_span_infinite": np.isinf(span).mean() if len(span) else np.nan,
    }


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    args = parser.parse_args()
    rows = [
        {"weak_tie_density": d, **measure(d, seed)}
        for d in (0.2, 0.5, 1.0, 2.0, 3.0)
        for seed in range(args.seeds)
    ]
    pd.set_option("display.width", 200, "display.precision", 3)
    print(f"means over seeds 0-{args.seeds - 1}, the demo's starting values otherwise")
    print(pd.DataFrame(rows).groupby("weak_tie_density").mean().to_string())
    seed = DEFAULTS["seed"]
    print(f"\nseed {seed}, weak-tie density 1 (the starting values):")
    for name, value in measure(1.0, seed).items():
        print(f"  {name}: {value:.3f}")


if __name__ == "__main__":
    main()
