"""What the contagion replications share: items followed on a rewired ring, and their summaries.

Centola & Macy (2007) and Eckles et al. (2024) both seed items on a ring lattice rewired by
degree-preserving swaps (``graph.kind: rewired_lattice``), where everyone talks to every
contact every step and mentions every item adopted (contact rates 1, transmission 1), each item
starting with a focal agent and all of its contacts (``trends.seed_contacts``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.config import JobsConfig, RewiredLatticeGraphConfig, TrendsConfig
from tiesim.engines import ArrayModel


def ring_items(
    n, k, p, threshold, *, below_threshold=0.0, rate, window, horizon, seed
) -> pd.DataFrame:
    """Trend table of the items that started in the first ``window`` steps of one run.

    Threshold 1 is simple contagion, more is complex contagion with that threshold, adopted
    below it with probability ``below_threshold`` per step.
    """
    graph = RewiredLatticeGraphConfig(
        kind="rewired_lattice", n=n, k=k, p=p, strong_contact_rate=1.0, weak_contact_rate=1.0
    )
    trends = TrendsConfig(
        rate=rate,
        contagion="simple" if threshold == 1 else "complex",
        threshold=threshold,
        below_threshold=below_threshold,
        transmission=1.0,
        horizon=horizon,
        seed_contacts=True,
    )
    model = ArrayModel(graph, JobsConfig(), trends, rng=seed)
    for _ in range(window + horizon):
        model.step()
    items = model.trend_items()
    return items[items["start_step"] <= window]


def summarise(items: pd.DataFrame, horizon: int) -> dict[str, float]:
    """Share of items reaching half the agents, steps to half two ways, and mean reach.

    ``steps_to_half`` averages the items that reached half; ``steps_to_half_all`` averages
    every item, one that never did counting as ``horizon`` steps.
    """
    times = items["time_to_half"]
    half = times.dropna()
    some = len(items) > 0
    return {
        "items": len(items),
        "share_half": len(half) / len(items) if some else np.nan,
        "steps_to_half": half.mean() if len(half) else np.nan,
        "steps_to_half_all": times.fillna(horizon).mean() if some else np.nan,
        "reach": items["reach"].mean() if some else np.nan,
    }


def run_seeds(entropy: int, runs: int) -> list[int]:
    """``runs`` independent seeds derived from ``entropy``."""
    return [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(entropy).spawn(runs)]


def paired(table: pd.DataFrame, by: str, value, column: str, p1: float, p0: float) -> np.ndarray:
    """Per run: ``column`` at p1 minus at p0 where ``by`` equals ``value`` (NaN if missing)."""
    part = table[table[by] == value].set_index(["p", "run"])[column]
    return (part.loc[p1] - part.loc[p0]).to_numpy()
