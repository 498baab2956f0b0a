"""Boorman (1975): under a time budget, weak ties while jobs are safe, strong ties when not.

Boorman gave each person a budget of time to spend on ties, a strong tie costing λ > 1 times a
weak one, and a priority: a holder of a lead who does not need it tells a strong contact who
needs a job before a weak one.  His result is that the best allocation is all weak ties when
job loss is rare and flips to all strong ties as job loss becomes common (a weak contact's
lead is pre-empted by that contact's own strong ties once many people need jobs).

The setup is ``configs/boorman.yaml``, run through :func:`tiesim.run`: everyone spends 6 units
of time a step on check-ins, a strong check-in costing 2 and a weak one 1, a share of the time
(0, 0.34, 0.67 or 1) on strong ties; ties fade unless kept up; holders tell strong contacts
first (``passing: strongest``).  Employment in the final window is compared between splits
within each replicate (the same seeds at every point: paired differences).

References
----------
Boorman, S. A. (1975). A combinatorial optimization model for transmission of job information
through contact networks. Bell Journal of Economics 6(1), 216–249.
"""

from __future__ import annotations

import pandas as pd

from tiesim.replications.core import Estimate, Outcome, Quantity, Side
from tiesim.replications.figures import SERIES, label, legend, new_figure

NAME = "boorman"
TITLE = "Boorman (1975): strong or weak ties under a time budget"
SOURCE = "Boorman 1975: optimal allocation"
LOSS, SHARE = "jobs.job_loss", "ties.strong_share"

#: configs/boorman.yaml, as values (a test holds the two equal).
SETUP = {
    "name": "boorman",
    "seed": 5,
    "steps": 300,
    "engine": "array",
    "graph": {
        "kind": "community",
        "n": 2000,
        "community_size": 20,
        "strong_degree": 6,
        "weak_tie_density": 6.0,
        "strong_contact_rate": 0.2,
        "weak_contact_rate": 0.05,
    },
    "jobs": {
        "initial_employment": 0.85,
        "job_arrival": 0.05,
        "job_loss": 0.015,
        "passing": "strongest",
        "max_hops": 1,
        "lead_lifetime": 1,
        "job_locality": 0.8,
        "demand_share": 0.1,
    },
    "ties": {
        "dynamics": True,
        "half_life_strong": 13,
        "half_life_weak": 13,
        "promote_at": 0.95,
        "maintenance": "split",
        "budget": 6,
        "strong_cost_ratio": 2,
        "strong_share": 0.5,
        "checkin_after": 1,
    },
    "sweep": {
        "grid": {LOSS: [0.005, 0.015, 0.03, 0.06, 0.12], SHARE: [0.0, 0.34, 0.67, 1.0]},
        "replicates": 5,
    },
}
#: The quick version: a quarter of the people, half the steps, the two ends of job loss.
QUICK = {
    "graph.n": 500,
    "steps": 150,
    "sweep.grid": {LOSS: [0.005, 0.12], SHARE: [0.0, 0.34, 1.0]},
    "sweep.replicates": 3,
}


def replicate(quick: bool = False) -> Outcome:
    """Which split is best at the lowest and at the highest job loss, paired over replicates."""
    import tiesim

    result = tiesim.run(
        SETUP, overrides=QUICK if quick else None, write=False, workers=1 if quick else None
    )
    runs = result.runs
    employment = runs.pivot_table(
        index=[LOSS, "replicate"], columns=SHARE, values="employment_rate"
    )
    losses = sorted(runs[LOSS].unique())
    low, high = losses[0], losses[-1]
    shares = list(employment.columns)
    weak, one_third, strong = shares[0], shares[1], shares[-1]
    at_low, at_high = employment.loc[low], employment.loc[high]
    best_other = at_low[shares[1:]].max(axis=1)
    advantage_low = at_low[weak] - at_low[one_third]
    advantage_high = at_high[weak] - at_high[one_third]
    rows = [
        Quantity(
            f"employment, all weak minus best other split (job loss {low:g})",
            "> 0 (all weak best)",
            SOURCE,
            Side(0.0),
            "{:.4f}",
        ).row(Estimate.of(at_low[weak] - best_other)),
        Quantity(
            f"employment, all strong minus all weak (job loss {high:g})",
            "> 0 (flips to strong)",
            SOURCE,
            Side(0.0),
            "{:.4f}",
        ).row(Estimate.of(at_high[strong] - at_high[weak])),
        Quantity(
            f"advantage of all weak over {one_third:g} strong: job loss {low:g} minus {high:g}",
            "> 0 (shrinks as loss rises)",
            SOURCE,
            Side(0.0),
            "{:.4f}",
        ).row(Estimate.of(advantage_low - advantage_high)),
    ]
    config = result.config
    setup = (
        f"configs/boorman.yaml through tiesim.run: n = {config.graph.n}, {config.steps} steps, "
        f"shares of time on strong ties {', '.join(f'{s:g}' for s in shares)}, job loss "
        f"{', '.join(f'{x:g}' for x in losses)}, {config.sweep.replicates} replicates "
        f"(paired over the same seeds)"
    )
    summary = result.summary[
        [LOSS, SHARE, "employment_rate_mean", "employment_rate_ci_low", "employment_rate_ci_high"]
    ]
    return Outcome(NAME, TITLE, setup, rows, draw(summary, employment), summary, quick)


def draw(summary: pd.DataFrame, employment: pd.DataFrame):
    """Employment against the share of time on strong ties, one line per job-loss rate."""
    figure, (left, right) = new_figure(2, width=3.6, height=3.0)
    for colour, (loss, group) in zip(SERIES, summary.groupby(LOSS), strict=False):
        left.plot(group[SHARE], group["employment_rate_mean"], "o-", color=colour)
        end = group.iloc[-1]
        left.annotate(
            f"job loss {loss:g}",
            (end[SHARE], end["employment_rate_mean"]),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color=colour,
        )
    left.set_xlim(-0.05, 1.45)
    label(
        left,
        "Employment by time split",
        "share of the time budget on strong ties",
        "employment rate (final window)",
    )
    weak = employment.columns[0]
    gap = employment.sub(employment[weak], axis=0).groupby(level=0).agg(["mean"])
    for colour, share in zip(SERIES[1:], employment.columns[1:], strict=False):
        right.plot(
            gap.index,
            gap[(share, "mean")],
            "o-",
            color=colour,
            label=f"{share:g} of time on strong ties",
        )
    right.axhline(0, color="black", linewidth=0.8)
    right.set_xscale("log")
    label(
        right,
        "Against all weak (paired)\nBoorman: above 0 at high job loss",
        "job loss (probability per step, log scale)",
        "employment minus all weak",
    )
    legend(right, fontsize=7)
    return figure
