"""Centola & Macy (2007): long ties speed up simple contagion and stop complex contagion.

Agents sit on a ring lattice, each tied to its k nearest neighbours, and every tie is rewired
with probability p to a random agent (:func:`tiesim.graphs.small_world_graph`).  Everyone talks
to every contact every step and mentions every item adopted (contact rates 1, transmission 1),
and each new item starts with a focal agent and all of its contacts (``trends.seed_contacts``),
as in Centola & Macy.  An agent adopts once ``threshold`` distinct contacts have told it of
the item: threshold 1 is simple contagion, 2 and 3 complex contagion.

Centola & Macy found that rewiring makes simple contagion faster (the new long ties are
shortcuts), while complex contagion gets slower and then fails: the rewired ties remove the
overlapping neighbourhoods through which an item gets the confirmations it needs, the sooner
the higher the threshold.  Unlike theirs, tiesim's rewiring moves one end of a tie, so degrees
vary slightly; their degree-preserving rewiring is not a graph kind of tiesim yet.

Each run follows the items that start in its first ``window`` steps for ``horizon`` steps;
runs with the same seed share the graph and the focal agents across thresholds.

References
----------
Centola, D. & Macy, M. (2007). Complex contagions and the weakness of long ties. American
Journal of Sociology 113(3), 702–734.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.config import JobsConfig, SmallWorldGraphConfig, TrendsConfig
from tiesim.engines import ArrayModel
from tiesim.replications.core import Estimate, Outcome, Quantity, Side
from tiesim.replications.figures import SERIES, label, legend, new_figure

NAME = "centola_macy"
TITLE = "Centola & Macy (2007): long ties speed simple, stop complex contagion"
SOURCE = "Centola & Macy 2007"
REWIRING = (0.0, 0.01, 0.05, 0.1, 0.2, 0.5, 1.0)
QUICK_REWIRING = (0.0, 0.01, 0.1, 1.0)
THRESHOLDS = (1, 2, 3)


def follow_items(n, k, p, threshold, *, rate, window, horizon, seed) -> pd.DataFrame:
    """Trend table of the items that started in the first ``window`` steps of one run."""
    graph = SmallWorldGraphConfig(
        kind="small_world", n=n, k=k, p=p, strong_contact_rate=1.0, weak_contact_rate=1.0
    )
    trends = TrendsConfig(
        rate=rate,
        contagion="simple" if threshold == 1 else "complex",
        threshold=threshold,
        transmission=1.0,
        horizon=horizon,
        seed_contacts=True,
    )
    model = ArrayModel(graph, JobsConfig(), trends, rng=seed)
    for _ in range(window + horizon):
        model.step()
    items = model.trend_items()
    return items[items["start_step"] <= window]


def per_run(n, k, rewiring, runs, rate, window, horizon) -> pd.DataFrame:
    """One row per (p, threshold, run): share of items reaching half, steps to half, reach."""
    seeds = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(2007).spawn(runs)]
    rows = []
    for p in rewiring:
        for threshold in THRESHOLDS:
            for run, seed in enumerate(seeds):
                items = follow_items(
                    n, k, p, threshold, rate=rate, window=window, horizon=horizon, seed=seed
                )
                half = items["time_to_half"].dropna()
                rows.append(
                    {
                        "p": p,
                        "threshold": threshold,
                        "run": run,
                        "items": len(items),
                        "share_half": len(half) / len(items) if len(items) else np.nan,
                        "steps_to_half": half.mean() if len(half) else np.nan,
                        "reach": items["reach"].mean() if len(items) else np.nan,
                    }
                )
    return pd.DataFrame(rows)


def _paired(table: pd.DataFrame, threshold: int, column: str, p1: float, p0: float) -> np.ndarray:
    """Per run: ``column`` at p1 minus at p0, for one threshold (NaN where either is missing)."""
    part = table[table["threshold"] == threshold].set_index(["p", "run"])[column]
    return (part.loc[p1] - part.loc[p0]).to_numpy()


def replicate(quick: bool = False) -> Outcome:
    """Time to half and success share against rewiring, simple vs complex contagion."""
    if quick:
        n, k, rewiring, runs, rate, window = 200, 6, QUICK_REWIRING, 3, 0.1, 20
    else:
        n, k, rewiring, runs, rate, window = 1000, 6, REWIRING, 5, 0.05, 100
    horizon = n // 2  # threshold 3 on the unrewired ring gains one agent a side per step
    table = per_run(n, k, rewiring, runs, rate, window, horizon)
    low, small, top = rewiring[0], rewiring[1], rewiring[-1]
    success = table.pivot_table(index=["threshold", "run"], columns="p", values="share_half")
    area = success.mean(axis=1)  # mean share reaching half over the values of p
    rows = [
        Quantity(
            f"simple contagion: steps to half, p = {top:g} minus p = {low:g}",
            "< 0 (speeds up)",
            f"{SOURCE}: simple contagion",
            Side(0.0, above=False),
            "{:.1f}",
        ).row(Estimate.of(_paired(table, 1, "steps_to_half", top, low))),
        Quantity(
            f"threshold 2: steps to half, p = {small:g} minus p = {low:g} (items that got there)",
            "> 0 (slows first)",
            f"{SOURCE}: complex contagion",
            Side(0.0),
            "{:.1f}",
        ).row(Estimate.of(_paired(table, 2, "steps_to_half", small, low))),
    ]
    for threshold in (2, 3):
        rows.append(
            Quantity(
                f"threshold {threshold}: share reaching half, p = {top:g} minus p = {low:g}",
                "< 0 (fails)",
                f"{SOURCE}: complex contagion",
                Side(0.0, above=False),
                "{:.2f}",
            ).row(Estimate.of(_paired(table, threshold, "share_half", top, low)))
        )
    rows.append(
        Quantity(
            "share reaching half, mean over p: threshold 2 minus threshold 3",
            "> 0 (higher threshold fails sooner)",
            f"{SOURCE}: complex contagion",
            Side(0.0),
            "{:.2f}",
        ).row(Estimate.of((area.loc[2] - area.loc[3]).to_numpy()))
    )
    setup = (
        f"rewired rings of n = {n}, k = {k}, p in {', '.join(f'{p:g}' for p in rewiring)}; "
        f"contact rates 1, transmission 1, focal agent and its contacts seeded; items starting "
        f"in the first {window} steps ({rate} per step), followed {horizon} steps; {runs} runs "
        f"per p and threshold (intervals over runs)"
    )
    return Outcome(NAME, TITLE, setup, rows, draw(table), table, quick)


def draw(table: pd.DataFrame):
    """Steps to half and share reaching half against rewiring, one line per threshold."""
    figure, (left, right) = new_figure(2, width=3.6, height=3.0)
    shown = table.assign(p=table["p"].where(table["p"] > 0, np.nan))
    zero = table["p"][table["p"] > 0].min() / 3  # where p = 0 is drawn on the log axis
    shown["p"] = shown["p"].fillna(zero)
    mean = shown.groupby(["threshold", "p"])[["steps_to_half", "share_half"]].mean()
    for colour, threshold in zip(SERIES, THRESHOLDS, strict=False):
        part = mean.loc[threshold]
        name = "simple (threshold 1)" if threshold == 1 else f"complex, threshold {threshold}"
        left.plot(part.index, part["steps_to_half"], "o-", color=colour, label=name)
        right.plot(part.index, part["share_half"], "o-", color=colour, label=name)
    for ax in (left, right):
        ax.set_xscale("log")
        ticks = [zero, *sorted(p for p in table["p"].unique() if p > 0)]
        ax.set_xticks(ticks, ["0", *(f"{p:g}" for p in ticks[1:])])
        ax.minorticks_off()
    label(
        left,
        "Speed (items that reached half)",
        "rewiring probability p",
        "steps to reach half the agents",
    )
    label(right, "Success", "rewiring probability p", "share of items reaching half")
    legend(right, loc="center left")
    return figure
