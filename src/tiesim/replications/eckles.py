"""Eckles, Mossel, Rahimian & Sen (2024): noise reverses the weakness of long ties.

Agents sit on a ring lattice, each tied to its k = 4 nearest neighbours, and a share p of the
ties is rewired by degree-preserving swaps (``graph.kind: rewired_lattice``).  Everyone talks
to every contact every step and mentions every item adopted (contact rates 1, transmission 1);
each new item starts with a focal agent and all of its contacts (``trends.seed_contacts``).
An agent adopts once 2 distinct contacts have told it of the item (complex contagion,
threshold 2) — or, with probability ``q`` per step (``trends.below_threshold``), once a single
contact has: a small chance of adopting below the threshold.

Without that chance (``q = 0``) this is Centola & Macy's complex contagion, and rewiring stops
it.  Eckles et al. show that a small chance of adopting below the threshold reverses this:
random rewiring then *accelerates* a threshold contagion, also when only part of the ties are
rewired.  Each run follows the items that start in its first ``window`` steps for ``horizon``
steps; runs with the same seed share the graph across values of q.

References
----------
Eckles, D., Mossel, E., Rahimian, M. A. & Sen, S. (2024). Long ties accelerate noisy
threshold-based contagions. Nature Human Behaviour 8. doi:10.1038/s41562-024-01865-0.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.replications.contagion import paired, ring_items, run_seeds, summarise
from tiesim.replications.core import Estimate, Outcome, Quantity, Side
from tiesim.replications.figures import SERIES, label, legend, new_figure

NAME = "eckles"
TITLE = "Eckles et al. (2024): adopting below threshold makes long ties accelerate"
SOURCE = "Eckles et al. 2024, abstract"
REWIRING = (0.0, 0.01, 0.1, 0.5, 1.0)
QUICK_REWIRING = (0.0, 0.1, 1.0)
NOISE = (0.0, 0.01, 0.05)
THRESHOLD, DEGREE = 2, 4
PARTIAL = 0.1  # partial rewiring: the share of ties rewired in the "partial" row


def follow_items(n, p, q, *, rate, window, horizon, seed) -> pd.DataFrame:
    """Trend table of the items that started in the first ``window`` steps of one run."""
    return ring_items(
        n,
        DEGREE,
        p,
        THRESHOLD,
        below_threshold=q,
        rate=rate,
        window=window,
        horizon=horizon,
        seed=seed,
    )


def per_run(n, rewiring, runs, rate, window, horizon) -> pd.DataFrame:
    """One row per (q, p, run): share reaching half, steps to half (failures: ``horizon``)."""
    rows = []
    for q in NOISE:
        for p in rewiring:
            for run, seed in enumerate(run_seeds(2024, runs)):
                items = follow_items(n, p, q, rate=rate, window=window, horizon=horizon, seed=seed)
                rows.append({"q": q, "p": p, "run": run, **summarise(items, horizon)})
    return pd.DataFrame(rows)


def _paired(table: pd.DataFrame, q: float, column: str, p1: float, p0: float) -> np.ndarray:
    """Per run: ``column`` at p1 minus at p0, for one noise level q."""
    return paired(table, "q", q, column, p1, p0)


def replicate(quick: bool = False) -> Outcome:
    """Success and speed against rewiring, without and with adoption below the threshold."""
    # A front on the unrewired ring gains one agent a side per step: about n / 4 steps to half.
    if quick:
        n, rewiring, runs, rate, window, horizon = 1000, QUICK_REWIRING, 3, 0.2, 15, 300
    else:
        n, rewiring, runs, rate, window, horizon = 1000, REWIRING, 8, 0.05, 60, 500
    table = per_run(n, rewiring, runs, rate, window, horizon)
    low, top = rewiring[0], rewiring[-1]
    quiet, small, larger = NOISE
    all_fmt = f"(failures count as {horizon})"
    rows = [
        Quantity(
            f"q = {quiet:g}: share reaching half, p = {top:g} minus p = {low:g}",
            "< 0 (rewiring stops it)",
            f"{SOURCE}: noiseless threshold model",
            Side(0.0, above=False),
            "{:.2f}",
        ).row(Estimate.of(_paired(table, quiet, "share_half", top, low))),
        Quantity(
            f"q = {quiet:g}: steps to half, p = {top:g} minus p = {low:g} {all_fmt}",
            "> 0 (long ties slow it)",
            f"{SOURCE}: noiseless threshold model",
            Side(0.0),
            "{:.1f}",
        ).row(Estimate.of(_paired(table, quiet, "steps_to_half_all", top, low))),
    ]
    for q in (small, larger):
        rows.append(
            Quantity(
                f"q = {q:g}: steps to half, p = {top:g} minus p = {low:g} {all_fmt}",
                "< 0 (long ties accelerate)",
                f"{SOURCE}: noisy threshold model",
                Side(0.0, above=False),
                "{:.1f}",
            ).row(Estimate.of(_paired(table, q, "steps_to_half_all", top, low)))
        )
    rows.append(
        Quantity(
            f"q = {larger:g}: steps to half, p = {PARTIAL:g} minus p = {low:g} {all_fmt}",
            "< 0 (partial rewiring accelerates)",
            f"{SOURCE}: partial rewiring",
            Side(0.0, above=False),
            "{:.1f}",
        ).row(Estimate.of(_paired(table, larger, "steps_to_half_all", PARTIAL, low)))
    )
    setup = (
        f"rings of n = {n}, k = {DEGREE}, a share p in {', '.join(f'{p:g}' for p in rewiring)} "
        f"of the ties rewired by degree-preserving swaps; threshold {THRESHOLD}, adoption below "
        f"it with probability q in {', '.join(f'{q:g}' for q in NOISE)} per step; contact rates "
        f"1, transmission 1, focal agent and its contacts seeded; items starting in the first "
        f"{window} steps ({rate} per step), followed {horizon} steps; {runs} runs per p and q "
        f"(intervals over runs)"
    )
    return Outcome(NAME, TITLE, setup, rows, draw(table, horizon), table, quick)


def draw(table: pd.DataFrame, horizon: int):
    """Share reaching half and steps to half (failures as the horizon) against rewiring, per q."""
    figure, (left, right) = new_figure(2, width=3.6, height=3.0)
    zero = table["p"][table["p"] > 0].min() / 3  # where p = 0 is drawn on the log axis
    shown = table.assign(p=table["p"].where(table["p"] > 0, zero))
    mean = shown.groupby(["q", "p"])[["share_half", "steps_to_half_all"]].mean()
    for colour, q in zip(SERIES, NOISE, strict=False):
        part = mean.loc[q]
        name = f"q = {q:g}" + (" (no noise)" if q == 0 else "")
        left.plot(part.index, part["share_half"], "o-", color=colour, label=name)
        right.plot(part.index, part["steps_to_half_all"], "o-", color=colour, label=name)
    for ax in (left, right):
        ax.set_xscale("log")
        ticks = [zero, *sorted(p for p in table["p"].unique() if p > 0)]
        ax.set_xticks(ticks, ["0", *(f"{p:g}" for p in ticks[1:])])
        ax.minorticks_off()
    label(left, "Success", "share of ties rewired p", "share of items reaching half")
    label(
        right,
        f"Speed (a failure counts {horizon})",
        "share of ties rewired p",
        "steps to reach half the agents",
    )
    legend(left, loc="center right")
    return figure
