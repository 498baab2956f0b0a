"""Granovetter (1973): overlap rises with tie strength, and the forbidden triad is rare.

Granovetter's argument rests on two structural claims.  The stronger the tie between A and B,
the more of their other contacts they share (overlap).  And if A has strong ties to both B and
C, then B and C are rarely strangers: the "forbidden triad" — two strong ties from A whose far
ends share no tie — hardly occurs, so a bridge is never a strong tie.

tiesim's generators place ties without that rule: strong ties cluster inside communities, but a
pair of A's strong contacts is tied only by chance.  ``networking.closure.strong_triads`` adds
the rule as a mechanism: each person, with that probability per step, picks two of their strong
contacts and, if they are not tied, ties them.  This replication measures, over ``SEEDS``
graphs each, the share of strong–strong wedges (A–B and A–C strong) left open (no B–C tie of
any type) in each generator as built, and in community graphs after years of closing triads;
and the rank correlation between a tie's strength and its topological overlap (Onnela et al.
2007's measure of shared contacts).

References
----------
Granovetter, M. S. (1973). The strength of weak ties. American Journal of Sociology 78(6),
1360–1380.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from tiesim.config import JobsConfig, NetworkingConfig
from tiesim.engines import ArrayModel
from tiesim.graphs import (
    SocialGraph,
    block_model_graph,
    community_graph,
    forbidden_triad_share,
    overlap_by_strength,
    small_world_graph,
    topological_overlap,
)
from tiesim.replications.core import Estimate, Outcome, Quantity, Side, Within
from tiesim.replications.figures import SERIES, label, legend, mark_published, new_figure

NAME = "granovetter_1973"
TITLE = "Granovetter (1973): overlap rises with strength; the forbidden triad"
TRIAD_SOURCE = "Granovetter 1973: the forbidden triad"
OVERLAP_SOURCE = "Granovetter 1973, abstract"
CLOSURE_RATE = 0.05  # per person and step (a week): two strong friends introduced ~2.6 times a year
YEARS = 10
STEPS_PER_YEAR = 52


def strength_overlap_correlation(graph: SocialGraph) -> float:
    """Spearman rank correlation of tie strength with topological overlap, over ties present."""
    alive = graph.alive
    return float(spearmanr(graph.strength[alive], topological_overlap(graph)[alive]).statistic)


def generators(n: int) -> dict:
    """The generators as the README describes their defaults, by name."""
    return {
        "community graph": lambda seed: community_graph(n, 20, 6, 1.0, seed=seed),
        "small world (p = 0.1)": lambda seed: small_world_graph(n, 10, 0.1, seed=seed),
        "block model": lambda seed: block_model_graph(n, 20, 0.3, 0.001, seed=seed),
    }


def closing_triads(n: int, years: int, seed: int) -> tuple[list[dict], SocialGraph]:
    """A community graph whose people close strong triads, measured once a year; its last state."""
    graph = community_graph(n, 20, 6, 1.0, seed=seed)
    networking = NetworkingConfig(closure={"strong_triads": CLOSURE_RATE})
    model = ArrayModel(graph, JobsConfig(), networking=networking, rng=seed)
    rows = [{"year": 0, "open": forbidden_triad_share(model.graph)}]
    for year in range(1, years + 1):
        for _ in range(STEPS_PER_YEAR):
            model.step()
        rows.append({"year": year, "open": forbidden_triad_share(model.graph)})
    rows[-1]["correlation"] = strength_overlap_correlation(model.graph)
    return rows, model.graph


def replicate(quick: bool = False) -> Outcome:
    """The forbidden triad in each generator and with closure; overlap against strength."""
    n, seeds, years = (1000, 3, 4) if quick else (2000, 5, YEARS)
    built = []
    for name, build in generators(n).items():
        for seed in range(seeds):
            graph = build(seed)
            built.append(
                {
                    "graph": name,
                    "seed": seed,
                    "open": forbidden_triad_share(graph),
                    "correlation": strength_overlap_correlation(graph),
                }
            )
    built = pd.DataFrame(built)
    runs = [closing_triads(n, years, seed) for seed in range(seeds)]
    closure = pd.DataFrame(
        [row | {"seed": seed} for seed, (rows, _) in enumerate(runs) for row in rows]
    )
    final = closure[closure["year"] == years]
    triad_rule = Within(0.10, loose=0.33)
    rows = []
    for name, group in built.groupby("graph", sort=False):
        rows.append(
            Quantity(
                f"open share of strong-strong wedges: {name}",
                0.0,
                TRIAD_SOURCE,
                triad_rule,
            ).row(Estimate.of(group["open"]))
        )
    closed_name = f"community graph + {years} years of closure"
    rows.append(
        Quantity(
            f"open share of strong-strong wedges: {closed_name}",
            0.0,
            TRIAD_SOURCE,
            triad_rule,
        ).row(Estimate.of(final["open"]))
    )
    community = built[built["graph"] == "community graph"]
    rows.append(
        Quantity(
            "rank correlation of strength and overlap: community graph",
            "> 0 (overlap rises)",
            OVERLAP_SOURCE,
            Side(0.0),
        ).row(Estimate.of(community["correlation"]))
    )
    rows.append(
        Quantity(
            f"rank correlation of strength and overlap: {closed_name}",
            "> 0 (overlap rises)",
            OVERLAP_SOURCE,
            Side(0.0),
        ).row(Estimate.of(final["correlation"]))
    )
    overlap = pd.concat(
        [
            overlap_by_strength(community_graph(n, 20, 6, 1.0, seed=0)).assign(graph="as built"),
            overlap_by_strength(runs[0][1]).assign(graph=f"after {years} years of closure"),
        ]
    )
    data = pd.concat(
        [
            built.assign(what="as built"),
            closure.assign(what="closing strong triads", graph="community graph"),
            overlap.assign(what="overlap by strength"),
        ],
        ignore_index=True,
    )
    figure = draw(built, closure, overlap, years)
    setup = (
        f"{seeds} graphs of n = {n} per generator (README defaults); closure: "
        f"networking.closure.strong_triads = {CLOSURE_RATE} per person per step (a week), "
        f"{years} years on the array engine"
    )
    return Outcome(NAME, TITLE, setup, rows, figure, data, quick)


def draw(built: pd.DataFrame, closure: pd.DataFrame, overlap: pd.DataFrame, years: int):
    """Open strong triads by generator and over years of closure; overlap by strength."""
    figure, (left, middle, right) = new_figure(3, width=3.3, height=3.0)
    means = built.groupby("graph", sort=False)["open"].agg(["mean", "min", "max"])
    x = np.arange(len(means))
    left.bar(x, means["mean"], color=SERIES[0], width=0.6, label="model (mean, range)")
    left.errorbar(
        x,
        means["mean"],
        yerr=[means["mean"] - means["min"], means["max"] - means["mean"]],
        fmt="none",
        color="black",
        capsize=3,
    )
    upper = [np.zeros(len(x)), np.full(len(x), 0.10)]
    mark_published(left, x, np.zeros(len(x)), upper, label="Granovetter: absent (to 0.10)")
    left.set_xticks(x, [name.replace(" (", "\n(") for name in means.index])
    left.set_ylim(0, 1)
    label(left, "Forbidden triads as built", "generator", "share of strong-strong wedges open")
    legend(left, loc="upper left")
    per_year = closure.groupby("year")["open"].agg(["mean", "min", "max"])
    middle.fill_between(
        per_year.index, per_year["min"], per_year["max"], color=SERIES[1], alpha=0.3
    )
    middle.plot(per_year.index, per_year["mean"], "o-", color=SERIES[1], label="community graph")
    mark_published(middle, [years], [0.0], [[0.0], [0.10]], label="Granovetter: absent (to 0.10)")
    middle.set_ylim(0, 1)
    label(
        middle,
        "Closing strong triads",
        f"years at {CLOSURE_RATE} closures per person per week",
        "share of strong-strong wedges open",
    )
    legend(middle)
    for colour, (name, group) in zip(
        SERIES[2:], overlap.groupby("graph", sort=False), strict=False
    ):
        right.plot(group["strength"], group["overlap"], "o-", color=colour, label=name)
    right.axvline(0.5, color="grey", linewidth=0.6, linestyle=":")
    right.text(0.48, 0.45, "weak ties", transform=right.get_xaxis_transform(), ha="right")
    right.text(0.52, 0.45, "strong ties", transform=right.get_xaxis_transform(), ha="left")
    label(right, "Overlap by tie strength", "tie strength", "mean topological overlap")
    legend(right, loc="upper left")
    return figure
