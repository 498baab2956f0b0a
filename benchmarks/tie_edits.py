"""Cost of a step's batched tie edits against the cost of the step itself (array engine).

Run from the repository root::

    .venv/bin/python benchmarks/tie_edits.py

For n = 1,000, 10,000 and 100,000 agents (community graph, default jobs, trends off) it prints
the median time of one step and of one batch of edits of ``k`` ties each: ``remove_ties``,
``add_ties`` (new pairs between random agents) and ``update_ties`` (new strengths and contact
rates), over 200 repetitions after a warm-up (which pays the numba compile or cache load).
The target: a step's edits cost less than the step.  Removing and adding keep the number of ties
constant, so the script also prints the tie table's slots against the ties present at the end.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from tiesim.config import CommunityGraphConfig
from tiesim.engines import ArrayModel
from tiesim.graphs.ties import Tie


def timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def new_pairs(model: ArrayModel, rng: np.random.Generator, k: int) -> tuple[np.ndarray, ...]:
    """``k`` distinct untied pairs of distinct agents."""
    while True:
        u, v = rng.integers(model.n, size=(2, 2 * k))
        keep = (u != v) & ~model.adjacency.tied(u, v)
        keys = np.unique(np.minimum(u, v)[keep] * model.n + np.maximum(u, v)[keep])
        if len(keys) >= k:
            keys = rng.permutation(keys)[:k]
            return keys // model.n, keys % model.n


def measure(n: int, k: int, repeats: int = 200) -> dict[str, float]:
    model = ArrayModel(CommunityGraphConfig(n=n), rng=1)
    rng = np.random.default_rng(2)
    for _ in range(5):
        model.step()
    times: dict[str, list[float]] = {"step": [], "remove": [], "add": [], "update": []}
    for _ in range(repeats):
        cut = rng.choice(np.flatnonzero(model.graph.alive), k, replace=False)
        times["remove"].append(timed(lambda cut=cut: model.remove_ties(cut)))
        u, v = new_pairs(model, rng, k)
        times["add"].append(timed(lambda u=u, v=v: model.add_ties(u, v, Tie.WEAK, 0.3, 0.1)))
        some = rng.choice(np.flatnonzero(model.graph.alive), k, replace=False)
        values = {"strength": rng.uniform(0.1, 1.0, k), "contact_rate": rng.uniform(0.0, 1.0, k)}
        times["update"].append(timed(lambda s=some, x=values: model.update_ties(s, **x)))
        times["step"].append(timed(model.step))
    out = {name: 1e3 * statistics.median(values) for name, values in times.items()}
    out["slots"], out["ties"] = model.graph.num_slots, model.graph.num_ties
    return out


def main() -> None:
    measure(1000, 10, repeats=5)  # warm-up: compile or load the kernels
    print("median ms over 200 repetitions (array engine, community graph, trends off)")
    print("       n    k    step  remove k   add k  update k   slots    ties")
    for n in (1_000, 10_000, 100_000):
        for k in (10, 100):
            r = measure(n, k)
            print(
                f"{n:>8,} {k:>4} {r['step']:7.3f} {r['remove']:9.3f} {r['add']:7.3f}"
                f" {r['update']:9.3f} {r['slots']:7,} {r['ties']:7,}"
            )


if __name__ == "__main__":
    main()
