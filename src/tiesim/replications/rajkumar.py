"""Rajkumar et al. (2022): job transmission against a new tie's mutual contacts.

LinkedIn randomized 20 million members to versions of "People You May Know" and followed which
new ties later carried a job move.  Job transmission was an inverted U in the number of mutual
connections: ties with few mutual connections transmitted less than moderately weak ones, and
ties with many mutual connections (strong, embedded ties) transmitted least.

The setup is ``configs/pymk_experiment.yaml``, run through :func:`tiesim.run`: 3,000 people
randomized to three recommendation arms (most mutual contacts, random, fewest), a
recommendation every 20 steps, accepted half the time; ties fade unless used.  For every tie
formed online, :func:`tiesim.analysis.transmission.transmission_by_mutual` says whether it later
carried a hire, by its mutual contacts at formation.  Per run, the share that did is taken in
three groups of mutual contacts — few (1–2), moderate (3–7), many (8 or more) — and the
inverted U is read from the differences, with intervals over runs.

References
----------
Rajkumar, K., Saint-Jacques, G., Bojinov, I., Brynjolfsson, E. & Aral, S. (2022). A causal
test of the strength of weak ties. Science 377(6612), 1304–1310.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.analysis.transmission import transmission_by_mutual
from tiesim.replications.core import Estimate, Outcome, Quantity, Side
from tiesim.replications.figures import SERIES, label, legend, new_figure

NAME = "rajkumar"
TITLE = "Rajkumar et al. (2022): job transmission against mutual contacts"
SOURCE = "Rajkumar et al. 2022: mutual connections"
#: Bins of :data:`tiesim.analysis.transmission.MUTUAL_BINS` in each group.
GROUPS = {"few (1-2)": ("1", "2"), "moderate (3-7)": ("3-4", "5-7"), "many (8+)": ("8-12", "13+")}

#: configs/pymk_experiment.yaml, as values (a test holds the two equal).
SETUP = {
    "name": "pymk_experiment",
    "seed": 2022,
    "steps": 400,
    "engine": "array",
    "graph": {
        "kind": "community",
        "n": 3000,
        "community_size": 20,
        "strong_degree": 6,
        "weak_tie_density": 2.0,
        "strong_contact_rate": 0.4,
        "weak_contact_rate": 0.1,
    },
    "jobs": {
        "initial_employment": 0.85,
        "job_arrival": 0.04,
        "job_loss": 0.015,
        "max_hops": 1,
        "lead_lifetime": 2,
        "job_locality": 0.8,
    },
    "ties": {"dynamics": True, "half_life_weak": 26},
    "networking": {
        "online": {"rate": 0.05, "accept": 0.5, "arms": ["most_mutual", "random", "fewest_mutual"]}
    },
    "sweep": {"replicates": 10},
}
#: The quick version: a third of the people, 150 steps, 3 replicates.
QUICK = {"graph.n": 1000, "steps": 150, "sweep.replicates": 3}


def group_shares(ties: pd.DataFrame, hires: pd.DataFrame) -> pd.DataFrame:
    """Per run and group of mutual contacts: ties formed online, and the share carrying a hire."""
    rows = []
    for run_id, run_ties in ties.groupby("run_id", sort=False):
        table = transmission_by_mutual(run_ties, hires[hires["run_id"] == run_id])
        table = table[table["ties"] == "all"].set_index("mutual_at_formation")
        for group, bins in GROUPS.items():
            formed = int(table.loc[list(bins), "formed"].sum())
            carried = int(table.loc[list(bins), "carried_a_hire"].sum())
            rows.append(
                {
                    "run_id": run_id,
                    "group": group,
                    "formed": formed,
                    "carried": carried,
                    "share": carried / formed if formed else np.nan,
                }
            )
    return pd.DataFrame(rows)


def replicate(quick: bool = False) -> Outcome:
    """The rise, the fall and the inverted U, with intervals over runs."""
    import tiesim

    result = tiesim.run(
        SETUP, overrides=QUICK if quick else None, write=False, workers=1 if quick else None
    )
    shares = group_shares(result.ties, result.hires)
    wide = shares.pivot(index="run_id", columns="group", values="share")
    few, moderate, many = (wide[g].to_numpy() for g in GROUPS)
    rise, fall = moderate - few, moderate - many
    rows = [
        Quantity(
            "new ties carrying a hire: moderate (3-7) minus few (1-2) mutual contacts",
            "> 0 (rises)",
            SOURCE,
            Side(0.0),
            "{:.4f}",
        ).row(Estimate.of(rise)),
        Quantity(
            "new ties carrying a hire: moderate (3-7) minus many (8+) mutual contacts",
            "> 0 (falls)",
            SOURCE,
            Side(0.0),
            "{:.4f}",
        ).row(Estimate.of(fall)),
        Quantity(
            "inverted U: the smaller of the rise and the fall",
            "> 0 (both)",
            SOURCE,
            Side(0.0),
            "{:.4f}",
        ).row(Estimate.of(np.minimum(rise, fall))),
    ]
    pooled = transmission_by_mutual(result.ties, result.hires)
    pooled = pooled[(pooled["ties"] == "all") & (pooled["formed"] > 0)]
    config = result.config
    setup = (
        f"configs/pymk_experiment.yaml through tiesim.run: n = {config.graph.n}, {config.steps} "
        f"steps, {config.sweep.replicates} runs ({int(shares['formed'].sum()):,} ties formed "
        f"online); intervals over runs"
    )
    data = pd.concat(
        [shares.assign(what="per run"), pooled.assign(what="pooled by bin")], ignore_index=True
    )
    return Outcome(NAME, TITLE, setup, rows, draw(pooled, shares), data, quick)


def draw(pooled: pd.DataFrame, shares: pd.DataFrame):
    """Share of new ties carrying a hire by mutual contacts (pooled, Wilson CI) and by group."""
    figure, (left, right) = new_figure(2, width=3.6, height=3.0)
    x = np.arange(len(pooled))
    left.errorbar(
        x,
        100 * pooled["share"],
        yerr=[
            100 * (pooled["share"] - pooled["ci_low"]),
            100 * (pooled["ci_high"] - pooled["share"]),
        ],
        fmt="o-",
        color=SERIES[0],
        capsize=3,
        label="tiesim (95% Wilson CI)",
    )
    left.set_xticks(x, pooled["mutual_at_formation"])
    label(
        left,
        "Job transmission over ties formed online",
        "mutual contacts when the tie formed",
        "ties that carried a hire (%)",
    )
    legend(left)
    means = shares.groupby("group", sort=False)["share"].agg(["mean", "std"]).loc[list(GROUPS)]
    y = 100 * means["mean"]
    right.bar(
        np.arange(len(means)),
        y,
        yerr=100 * means["std"],
        color=SERIES[1],
        capsize=3,
        label="tiesim (± sd over runs)",
    )
    top = float(np.nanmax(y)) * 1.1
    right.plot(
        [0, 1, 2],
        [0.75 * top, top, 0.75 * top],
        "D--",
        color="black",
        markerfacecolor="white",
        label="Rajkumar et al.: inverted U\n(shape only, no scale)",
    )
    right.set_xticks(np.arange(len(means)), [g.replace(" (", "\n(") for g in means.index])
    right.set_ylim(0, 1.55 * top)
    label(
        right,
        "By group of mutual contacts",
        "mutual contacts when the tie formed",
        "ties that carried a hire (%)",
    )
    legend(right, loc="upper center")
    return figure
