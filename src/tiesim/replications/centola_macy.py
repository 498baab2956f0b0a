"""Centola & Macy (2007): long ties speed up simple contagion and stop complex contagion.

Agents sit on a ring lattice, each tied to its k nearest neighbours, and a share p of the ties
is rewired by degree-preserving swaps, as in Centola & Macy (``graph.kind: rewired_lattice``,
:func:`tiesim.graphs.rewired_lattice_graph`): every agent keeps exactly k ties.  Everyone
talks to every contact every step and mentions every item adopted (contact rates 1,
transmission 1), and each new item starts with a focal agent and all of its contacts
(``trends.seed_contacts``), as in Centola & Macy.  An agent adopts once ``threshold`` distinct
contacts have told it of the item: threshold 1 is simple contagion, 2 and 3 complex contagion.

Centola & Macy found that rewiring makes simple contagion faster (the new long ties are
shortcuts), while complex contagion gets slower and then fails: the rewired ties remove the
overlapping neighbourhoods through which an item gets the confirmations it needs, the sooner
the higher the threshold.  Whether complex contagion *slows* before it fails depends on what
is averaged, so the steps to half are measured two ways: over the items that reach half the
agents, and over all items with a failure counted as the whole horizon.

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

from tiesim.replications.contagion import paired, ring_items, run_seeds, summarise
from tiesim.replications.core import Estimate, Outcome, Quantity, Side
from tiesim.replications.figures import SERIES, label, legend, new_figure

NAME = "centola_macy"
TITLE = "Centola & Macy (2007): long ties speed simple, stop complex contagion"
SOURCE = "Centola & Macy 2007"
REWIRING = (0.0, 0.001, 0.002, 0.005, 0.01, 0.05, 0.1, 0.2, 0.5, 1.0)
QUICK_REWIRING = (0.0, 0.002, 0.01, 0.1, 1.0)
THRESHOLDS = (1, 2, 3)
#: Where threshold 2's slowing is looked for: among successes at SMALL, counting failures at
#: SOME (the smallest p of the grid with failures, see the page).
SMALL, SOME = 0.01, 0.1


def follow_items(n, k, p, threshold, *, rate, window, horizon, seed) -> pd.DataFrame:
    """Trend table of the items that started in the first ``window`` steps of one run."""
    return ring_items(n, k, p, threshold, rate=rate, window=window, horizon=horizon, seed=seed)


def per_run(n, k, rewiring, runs, rate, window, horizon) -> pd.DataFrame:
    """One row per (p, threshold, run): share reaching half, steps to half two ways, reach.

    ``steps_to_half`` averages the items that reached half; ``steps_to_half_all`` averages
    every item, one that never did counting as ``horizon`` steps.
    """
    rows = []
    for p in rewiring:
        for threshold in THRESHOLDS:
            for run, seed in enumerate(run_seeds(2007, runs)):
                items = follow_items(
                    n, k, p, threshold, rate=rate, window=window, horizon=horizon, seed=seed
                )
                rows.append(
                    {"p": p, "threshold": threshold, "run": run, **summarise(items, horizon)}
                )
    return pd.DataFrame(rows)


def _paired(table: pd.DataFrame, threshold: int, column: str, p1: float, p0: float) -> np.ndarray:
    """Per run: ``column`` at p1 minus at p0, for one threshold (NaN where either is missing)."""
    return paired(table, "threshold", threshold, column, p1, p0)


def replicate(quick: bool = False) -> Outcome:
    """Time to half and success share against rewiring, simple vs complex contagion."""
    if quick:
        n, k, rewiring, runs, rate, window = 400, 6, QUICK_REWIRING, 3, 0.2, 20
    else:
        n, k, rewiring, runs, rate, window = 1000, 6, REWIRING, 8, 0.1, 100
    horizon = n // 2  # threshold 3 on the unrewired ring gains one agent a side per step
    table = per_run(n, k, rewiring, runs, rate, window, horizon)
    low, least, top = rewiring[0], rewiring[1], rewiring[-1]
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
            f"threshold 3: steps to half, p = {least:g} minus p = {low:g} (items that got there)",
            "> 0 (slows first)",
            f"{SOURCE}: complex contagion",
            Side(0.0),
            "{:.1f}",
        ).row(Estimate.of(_paired(table, 3, "steps_to_half", least, low))),
        Quantity(
            f"threshold 2: steps to half, p = {SMALL:g} minus p = {low:g} (items that got there)",
            "> 0 (slows first)",
            f"{SOURCE}: complex contagion",
            Side(0.0),
            "{:.1f}",
        ).row(Estimate.of(_paired(table, 2, "steps_to_half", SMALL, low))),
        Quantity(
            f"threshold 2: steps to half, p = {SOME:g} minus p = {low:g} "
            f"(failures count as {horizon})",
            "> 0 (slows first)",
            f"{SOURCE}: complex contagion",
            Side(0.0),
            "{:.1f}",
        ).row(Estimate.of(_paired(table, 2, "steps_to_half_all", SOME, low))),
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
        f"rings of n = {n}, k = {k}, a share p in {', '.join(f'{p:g}' for p in rewiring)} of "
        f"the ties rewired by degree-preserving swaps; contact rates 1, transmission 1, focal "
        f"agent and its contacts seeded; items starting in the first {window} steps ({rate} per "
        f"step), followed {horizon} steps; {runs} runs per p and threshold (intervals over runs)"
    )
    return Outcome(NAME, TITLE, setup, rows, draw(table, horizon), table, quick)


def draw(table: pd.DataFrame, horizon: int):
    """Steps to half (solid: successes; dashed: failures as the horizon) and share reaching half."""
    figure, (left, right) = new_figure(2, width=3.6, height=3.0)
    zero = table["p"][table["p"] > 0].min() / 3  # where p = 0 is drawn on the log axis
    shown = table.assign(p=table["p"].where(table["p"] > 0, zero))
    columns = ["steps_to_half", "steps_to_half_all", "share_half"]
    mean = shown.groupby(["threshold", "p"])[columns].mean()
    for colour, threshold in zip(SERIES, THRESHOLDS, strict=False):
        part = mean.loc[threshold]
        name = "simple" if threshold == 1 else f"threshold {threshold}"
        left.plot(part.index, part["steps_to_half"], "o-", color=colour, label=name)
        if threshold > 1:
            left.plot(part.index, part["steps_to_half_all"], "--", color=colour, linewidth=1)
        right.plot(part.index, part["share_half"], "o-", color=colour, label=name)
    for ax in (left, right):
        ax.set_xscale("log")
        ticks = [zero, *sorted(p for p in table["p"].unique() if p > 0)]
        ax.set_xticks(ticks, ["0", *(f"{p:g}" for p in ticks[1:])], rotation=90)
        ax.minorticks_off()
    label(
        left,
        f"Speed (dashed: a failure counts {horizon})",
        "share of ties rewired p",
        "steps to reach half the agents",
    )
    label(right, "Success", "share of ties rewired p", "share of items reaching half")
    legend(right, loc="center")
    return figure
