"""Gee, Jones & Burke (2017): the paradox of weak ties in job finding.

With data on about six million US Facebook users, Gee, Jones & Burke took "ended up working where
a pre-existing friend already worked" as a proxy for job help.  Tie for tie, a stronger tie was
more likely to have helped; yet most people who were helped were helped by one of their weak
ties, because weak ties are far more numerous.  Gee et al. (2017, 55 countries) found the same
pattern worldwide.

The setup is ``configs/population.yaml``, run through :func:`tiesim.run`: 2,000 people with
Dunbar-like layers of ties (about 5 intimates seen every week, 10 more close friends seen about
monthly, 135 acquaintances seen a few times a year; one step is a week) and US-like job loss and
job finding.  From each run's hire records, over the final window: for each tie type (and each
layer), the share of its ties that carried at least one hire, and the share of hires through a
contact that came over a weak tie.  Intervals are over runs.

References
----------
Gee, L. K., Jones, J. & Burke, M. (2017). Social networks and labor markets: how strong ties
relate to job finding on Facebook's social network. Journal of Labor Economics 35(2), 485–518.
Gee, L. K., Jones, J. J., Fariss, C. J., Burke, M. & Fowler, J. H. (2017). The paradox of weak
ties in 55 countries. Journal of Economic Behavior & Organization 133, 362–372.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.replications.core import Estimate, Outcome, Quantity, Side
from tiesim.replications.figures import SERIES, label, new_figure

NAME = "gee"
TITLE = "Gee et al. (2017): a strong tie helps more, weak ties help most"
SOURCE = "Gee, Jones & Burke 2017 (abstract)"

#: configs/population.yaml, as values (a test holds the two equal).
SETUP = {
    "name": "population",
    "seed": 150,
    "steps": 520,
    "engine": "array",
    "graph": {
        "kind": "layered",
        "n": 2000,
        "community_size": 50,
        "layers": [
            {
                "name": "intimate",
                "degree": 5,
                "tie": "strong",
                "contact_rate": 1.0,
                "strength": [0.8, 1.0],
                "within": 1.0,
            },
            {
                "name": "close",
                "degree": 10,
                "tie": "strong",
                "contact_rate": 0.25,
                "strength": [0.5, 0.8],
                "within": 1.0,
            },
            {
                "name": "acquaintances",
                "degree": 135,
                "tie": "weak",
                "contact_rate": 0.05,
                "strength": [0.05, 0.5],
                "within": 0.2,
            },
        ],
        "strong_contact_rate": 0.25,
        "weak_contact_rate": 0.05,
    },
    "jobs": {
        "initial_employment": 0.95,
        "job_arrival": 0.0042,
        "job_loss": 0.0035,
        "max_hops": 1,
        "lead_lifetime": 4,
        "job_locality": 0.5,
    },
    "sweep": {"replicates": 5},
}
#: The quick version: half the people, five years of weeks, a longer final window.
QUICK = {"graph.n": 1000, "steps": 260, "sweep.replicates": 5, "sweep.window": 0.5}


def tie_use(config, hires: pd.DataFrame) -> pd.DataFrame:
    """Per run and layer: ties, ties that carried a hire, and hires, over the final window.

    ``config`` is the experiment's config (a layered graph whose layers have distinct contact
    rates, which is how a hire's tie is put in its layer); ``hires`` the combined hire records.
    The graph does not change during a run, so each layer holds the same ties throughout.
    """
    graph = config.graph
    ties = [inside + between for inside, between in graph.tie_counts()]
    rates = np.array([layer.contact_rate for layer in graph.layers], np.float32)
    start = config.steps - round(config.sweep.window * config.steps)
    contact = hires[(hires["step"] > start) & hires["channel"].isin(["strong", "weak"])]
    rows = []
    for run_id in hires["run_id"].unique():
        run = contact[contact["run_id"] == run_id]
        layer_of = np.abs(run["contact_rate"].to_numpy(np.float32)[:, None] - rates).argmin(1)
        pair = np.minimum(run["agent"], run["sender"]) * graph.n + np.maximum(
            run["agent"], run["sender"]
        )
        for index, layer in enumerate(graph.layers):
            mine = layer_of == index
            rows.append(
                {
                    "run_id": run_id,
                    "layer": layer.name or f"layer {index}",
                    "tie": layer.tie,
                    "ties": ties[index],
                    "carried": int(pair[mine].nunique()),
                    "hires": int(mine.sum()),
                }
            )
    return pd.DataFrame(rows)


def replicate(quick: bool = False) -> Outcome:
    """Per-tie help, strong against weak, and the weak share of contact hires."""
    import tiesim

    result = tiesim.run(
        SETUP, overrides=QUICK if quick else None, write=False, workers=1 if quick else None
    )
    config = result.config
    use = tie_use(config, result.hires)
    by_type = use.groupby(["run_id", "tie"])[["ties", "carried", "hires"]].sum().unstack("tie")
    per_tie = by_type["carried"] / by_type["ties"]
    weak_share = by_type["hires"]["weak"] / by_type["hires"].sum(axis=1)
    use["per_tie"] = use["carried"] / use["ties"]
    layers = use.pivot(index="run_id", columns="layer", values="per_tie")
    rows = [
        Quantity(
            "ties that carried a hire: strong minus weak (share of ties)",
            "> 0 (a strong tie helps more)",
            SOURCE,
            Side(0.0),
            "{:.4f}",
        ).row(Estimate.of(per_tie["strong"] - per_tie["weak"])),
        Quantity(
            "ties that carried a hire: close friends (seen monthly) minus acquaintances",
            "> 0 (a strong tie helps more)",
            SOURCE,
            Side(0.0),
            "{:.4f}",
        ).row(Estimate.of(layers["close"] - layers["acquaintances"])),
        Quantity(
            "share of hires through a contact that came over a weak tie",
            "> 0.5 (most help from weak ties)",
            SOURCE,
            Side(0.5),
            "{:.3f}",
        ).row(Estimate.of(weak_share)),
    ]
    weeks = round(config.sweep.window * config.steps)
    strong = sum(layer.degree for layer in config.graph.layers if layer.tie == "strong")
    weak = sum(layer.degree for layer in config.graph.layers if layer.tie == "weak")
    setup = (
        f"configs/population.yaml through tiesim.run: n = {config.graph.n}, {strong:g} strong "
        f"and {weak:g} weak ties per person, {config.steps} weekly steps, "
        f"{config.sweep.replicates} runs; ties and hires over the final {weeks} weeks; "
        f"intervals over runs"
    )
    data = use.assign(weak_share=use["run_id"].map(weak_share))
    return Outcome(NAME, TITLE, setup, rows, draw(use, weak_share), data, quick)


def draw(use: pd.DataFrame, weak_share: pd.Series):
    """Ties that carried a hire per layer (left), and where contact hires came from (right)."""
    figure, (left, right) = new_figure(2, width=3.6, height=3.0)
    order = list(dict.fromkeys(use["layer"]))
    stats = use.groupby("layer", sort=False).agg(
        per_tie=("per_tie", "mean"),
        sd=("per_tie", "std"),
        hires=("hires", "sum"),
        tie=("tie", "first"),
    )
    stats = stats.loc[order]
    x = np.arange(len(order))
    colours = [SERIES[0] if t == "strong" else SERIES[1] for t in stats["tie"]]
    left.bar(x, 100 * stats["per_tie"], yerr=100 * stats["sd"], color=colours, capsize=3)
    left.set_xticks(x, [f"{name}\n({tie})" for name, tie in zip(order, stats["tie"], strict=True)])
    label(
        left, "Tie for tie: a strong tie helps more", "layer", "ties that carried a hire (%, ± sd)"
    )
    shares = 100 * stats["hires"] / stats["hires"].sum()
    bottom = 0.0
    for name, share, colour in zip(order, shares, colours, strict=True):
        right.bar(0, share, bottom=bottom, color=colour, edgecolor="white", width=0.5)
        right.text(0, bottom + share / 2, f"{name}\n{share:.0f}%", ha="center", va="center")
        bottom += share
    right.axhline(50, color="black", linestyle="--")
    right.text(0.3, 51, "Gee et al.:\nweak ties\nhelp most\n(> 50%)", va="bottom", fontsize=8)
    right.set_xticks([0], [f"tiesim: {100 * weak_share.mean():.0f}% weak"])
    right.set_xlim(-0.4, 0.9)
    right.set_ylim(0, 100)
    label(right, "In all: weak ties help most", "", "hires through a contact (%)")
    return figure
