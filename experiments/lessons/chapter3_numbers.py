"""Measure what the chapter-3 presets show: the numbers quoted in their lesson pages.

Run:  .venv/bin/python experiments/lessons/chapter3_numbers.py [--seeds 20] [--steps 200]
      [--preset KEY ...]

The lessons follow Easley & Kleinberg (2010), *Networks, Crowds, and Markets*, ch. 3.  For each
chapter-3 preset the demo model runs with the page's seed (what the class sees first) and with
seeds 0, 1, … (``--seeds``), and the script prints, per preset, the structure of the network
at steps 0, 50, 100 and the last (tiesim.app.structure: clustering, local bridges and the share
of them that are weak, their median span, the open share of pairs of strong ties and the share
of people with two or more strong ties who satisfy strong triadic closure, mean overlap of weak
and of strong ties) and, for the jobs, employment and opportunity discovery in windows, hires by
channel, and what the preset's page asks about (see ``extras``).  Means over seeds with their
range; the page's seed in its own column.
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd
from preset_numbers import window  # the jobs in a window, as the other lessons measure them
from scipy.stats import spearmanr

from tiesim.app.demo_model import DemoModel
from tiesim.app.presets import preset_values
from tiesim.app.structure import structure_facts
from tiesim.graphs import Tie, topological_overlap

PRESETS = (
    "close-the-triangle",
    "local-bridges",
    "strong-triadic-closure",
    "overlap-and-strength",
    "cut-the-weak-ties",
    "cut-the-strong-ties",
    "brokers",
)
CHECKPOINTS = (0, 50, 100)  # and the last step


def structure_row(model: DemoModel) -> dict[str, float]:
    """The network's chapter-3 measures now."""
    facts = structure_facts(model)
    graph = model.graph
    alive = graph.alive
    overlap = topological_overlap(graph)
    weak = alive & (graph.tie == Tie.WEAK)
    strong = alive & (graph.tie == Tie.STRONG)
    removal = facts.removal.pivot(
        index="fraction_removed", columns="order", values="giant_component_share"
    )
    return {
        "ties": facts.ties,
        "clustering": facts.clustering,
        "local_bridges": facts.local_bridges,
        "weak_share_of_local_bridges": (
            facts.weak_local_bridges / facts.local_bridges if facts.local_bridges else np.nan
        ),
        "median_span": facts.median_span,
        "open_strong_pairs": (
            facts.open_strong_pairs / facts.strong_pairs if facts.strong_pairs else np.nan
        ),
        "satisfy_stc": facts.agents_satisfying,
        "overlap_weak": overlap[weak].mean() if weak.any() else np.nan,
        "overlap_strong": overlap[strong].mean() if strong.any() else np.nan,
        "strength_overlap_rank_corr": (
            spearmanr(graph.strength[alive], overlap[alive]).statistic
            if alive.sum() > 2 and np.ptp(graph.strength[alive]) > 0 and np.ptp(overlap[alive]) > 0
            else np.nan
        ),
        # the share of ties removed at which fewer than half the people remain in one group
        "breaks_weakest_first": _breaks(removal["weakest"]),
        "breaks_strongest_first": _breaks(removal["strongest"]),
    }


def _breaks(share: pd.Series) -> float:
    below = share[share < 0.5]
    return float(below.index[0]) if len(below) else np.nan


def stc_theorem(model: DemoModel) -> float:
    """Share of local bridges at people who satisfy STC with 2+ strong ties that are weak.

    Easley & Kleinberg's claim (sec. 3.2): such a person's local bridges are all weak ties.
    """
    from tiesim.app.state import local_bridges
    from tiesim.graphs import strong_triadic_closure

    slots, _ = local_bridges(model)
    table = strong_triadic_closure(model.graph)
    ok = (table["satisfies"] & (table["strong_degree"] >= 2)).to_numpy()
    graph = model.graph
    at_ok = ok[graph.u[slots]] | ok[graph.v[slots]]
    if not at_ok.any():
        return np.nan
    return float((graph.tie[slots][at_ok] == Tie.WEAK).mean())


def brokers_row(model: DemoModel) -> dict[str, float]:
    """Do brokers hear more?  Constraint against job leads heard from contacts so far."""
    brokers = structure_facts(model).brokers.dropna(subset=["constraint"])
    heard = brokers["leads_from_contacts"]
    low = brokers["constraint"] <= brokers["constraint"].quantile(0.1)
    high = brokers["constraint"] >= brokers["constraint"].quantile(0.9)
    # within people of one degree, so that "more contacts" is not the whole story
    within = [
        spearmanr(group["constraint"], group["leads_from_contacts"]).statistic
        for _, group in brokers.groupby("degree")
        if len(group) >= 8 and group["leads_from_contacts"].nunique() > 1
    ]
    return {
        "rank_corr_constraint_leads": spearmanr(brokers["constraint"], heard).statistic,
        "rank_corr_within_degree": np.nanmean(within) if within else np.nan,
        "rank_corr_degree_leads": spearmanr(brokers["degree"], heard).statistic,
        "leads_top_brokers": heard[low].mean(),
        "leads_most_constrained": heard[high].mean(),
    }


def run(key: str, seed: int, steps: int) -> dict[str, float]:
    """One run of preset ``key``: every number of its page, flat."""
    values = {**preset_values(key), "seed": seed}
    model = DemoModel(**values)
    row: dict[str, float] = {}
    for step in range(steps + 1):
        if step in CHECKPOINTS or step == steps:
            for name, value in structure_row(model).items():
                row[f"{name}@{step}"] = value
            row[f"stc_bridges_weak@{step}"] = stc_theorem(model)
        if step < steps:
            model.step()
    cut = values["cut_weak_ties_at"] or values["cut_strong_ties_at"]
    windows = (
        {"before cut": (cut // 2 + 1, cut - 1), "after cut": (cut + 1, steps)}
        if cut
        else {"steps 1-50": (1, 50), f"steps {steps - 49}-{steps}": (steps - 49, steps)}
    )
    for label, (first, last) in windows.items():
        for name, value in window(model, first, last).items():
            row[f"{name} ({label})"] = value
    if key == "brokers":
        row.update(brokers_row(model))
    return row


def summary(key: str, seeds: int, steps: int) -> pd.DataFrame:
    """Per quantity: the page's seed, then mean, min and max over seeds 0..seeds-1."""
    page_seed = preset_values(key)["seed"]
    shown = pd.Series(run(key, page_seed, steps))
    table = pd.DataFrame([run(key, seed, steps) for seed in range(seeds)])
    return pd.DataFrame(
        {
            f"seed {page_seed}": shown,
            "mean": table.mean(),
            "min": table.min(),
            "max": table.max(),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--preset", action="append", choices=PRESETS)
    args = parser.parse_args()
    pd.set_option("display.width", 140)
    pd.set_option("display.max_rows", 200)
    for key in args.preset or PRESETS:
        print(f"\n== {key} ({args.seeds} seeds, {args.steps} steps)")
        print(summary(key, args.seeds, args.steps).round(3).to_string())


if __name__ == "__main__":
    main()
