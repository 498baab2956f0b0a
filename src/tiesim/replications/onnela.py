"""Onnela et al. (2007): overlap rises with tie weight; weak ties hold the network together.

In a national mobile-phone network, Onnela et al. found that (1) the topological overlap of a
tie — the share of the two ends' other contacts they have in common — rises with its weight;
(2) removing ties weakest first makes the network fall apart at a much smaller removed
fraction than removing them strongest first (the giant component collapses, and the
susceptibility peaks, at that fraction); and (3) news spreading at a rate proportional to tie
weight reaches people more slowly than with every tie at the mean weight, because it is
trapped inside the strongly tied groups.

Each is measured on two networks, so that the result is not merely built into a generator: a
community graph (:func:`tiesim.graphs.community_graph`: strong ties clustered inside
communities of 20, weak ties bridging them) and a real weighted network that ships with
networkx — the co-appearances of the characters of *Les Misérables* (Knuth 1993), read through
:func:`tiesim.graphs.load_graph` with strength and contact rate proportional to weight.
Spreading is simple contagion (``trends``, threshold 1, transmission 1) over ties that talk at
their contact rates; the control gives every tie the mean contact rate of the same graph.

References
----------
Onnela, J.-P., Saramäki, J., Hyvönen, J., Szabó, G., Lazer, D., Kaski, K., Kertész, J. &
Barabási, A.-L. (2007). Structure and tie strengths in mobile communication networks. PNAS
104(18), 7332–7336.
Knuth, D. E. (1993). *The Stanford GraphBase*. Addison-Wesley.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from tiesim.config import JobsConfig, TrendsConfig
from tiesim.engines import ArrayModel
from tiesim.graphs import SocialGraph, Tie, community_graph, load_graph, tie_removal
from tiesim.graphs import topological_overlap as overlap_of
from tiesim.replications.core import Estimate, Outcome, Quantity, Side
from tiesim.replications.figures import SERIES, label, legend, new_figure

NAME = "onnela"
TITLE = "Onnela et al. (2007): overlap, weak-first tie removal, spreading"
SOURCE = "Onnela et al. 2007"
ORDERS = ("weakest", "strongest", "random")
FRACTIONS = np.round(np.linspace(0, 1, 51), 2)
ITEMS_PER_STEP, WINDOW = 0.2, 40  # new trend items per step, steps in which they start


def les_miserables(seed: int) -> SocialGraph:
    """The Les Misérables co-appearance network, strength and contact rate = weight / max."""
    G = nx.les_miserables_graph()
    top = max(w for _, _, w in G.edges(data="weight"))
    for _, _, attributes in G.edges(data=True):
        attributes["contact_rate"] = attributes["weight"] / top
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "les_miserables.graphml"
        nx.write_graphml(G, path)
        return load_graph(path, seed=seed)


def breaking_point(curve: pd.DataFrame) -> float:
    """The removed fraction at which the susceptibility peaks (before everything is gone)."""
    inner = curve[curve["fraction_removed"] < 1]
    return float(inner.loc[inner["susceptibility"].idxmax(), "fraction_removed"])


def robustness(curve: pd.DataFrame) -> float:
    """Mean share of people in the giant component over the removed fractions (the area)."""
    return float(curve["giant_component_share"].mean())


def removal(graph: SocialGraph, seeds: range) -> pd.DataFrame:
    """Tie-removal curves in each order, one per seed (seeds order equal strengths)."""
    frames = [
        tie_removal(graph, order, FRACTIONS, seed=seed).assign(order=order, seed=seed)
        for order in ORDERS
        for seed in seeds
    ]
    return pd.concat(frames, ignore_index=True)


def with_equal_rates(graph: SocialGraph) -> SocialGraph:
    """The same ties, every one talking at the graph's mean contact rate."""
    rate = np.full(graph.num_slots, graph.contact_rate[graph.alive].mean())
    return SocialGraph(
        graph.community, graph.u, graph.v, graph.tie, graph.strength, rate, graph.alive
    )


def time_to_half(graph: SocialGraph, seed: int, horizon: int) -> float:
    """Mean steps for a simple-contagion item to reach half the people (items of one run)."""
    trends = TrendsConfig(rate=ITEMS_PER_STEP, transmission=1.0, horizon=horizon)
    model = ArrayModel(graph, JobsConfig(), trends, rng=seed)
    for _ in range(WINDOW + horizon):
        model.step()
    items = model.trend_items()
    items = items[items["start_step"] <= WINDOW]
    return float(items["time_to_half"].mean())


def replicate(quick: bool = False) -> Outcome:
    """Overlap, tie removal and spreading on a community graph and on Les Misérables."""
    n, seeds, runs = (2_000, range(3), range(3)) if quick else (20_000, range(5), range(10))
    communities = [community_graph(n, 20, 6, 2.0, seed=2007 + s) for s in seeds]
    novel = les_miserables(seed=1862)
    rows, data = [], []

    gaps = []
    for graph in communities:
        overlap = overlap_of(graph)
        strong = graph.tie == Tie.STRONG
        gaps.append(np.nanmean(overlap[strong]) - np.nanmean(overlap[~strong]))
    rows.append(
        Quantity(
            "mean overlap, strong minus weak ties: community graph",
            "> 0 (rises with weight)",
            f"{SOURCE}, abstract",
            Side(0.0),
        ).row(Estimate.of(gaps))
    )
    rank = spearmanr(novel.strength, overlap_of(novel)).statistic
    boot = _bootstrap_rank(novel, np.random.default_rng(1862), 400 if quick else 2000)
    rows.append(
        Quantity(
            "rank correlation of weight and overlap: Les Misérables",
            "> 0 (rises with weight)",
            f"{SOURCE}, abstract",
            Side(0.0),
        ).row(Estimate(float(rank), *np.percentile(boot, [2.5, 97.5])))
    )

    curves = {
        "community graph": pd.concat(
            [removal(g, range(s, s + 1)) for s, g in zip(seeds, communities, strict=True)]
        ),
        "Les Misérables": removal(novel, seeds),
    }
    for name, curve in curves.items():
        by_run = curve.groupby(["order", "seed"])
        for measure, what, fmt in (
            (breaking_point, "susceptibility peak (share of ties removed)", "{:.2f}"),
            (robustness, "giant component's mean share over removals", "{:.3f}"),
        ):
            points = by_run.apply(measure, include_groups=False)
            gap = points.loc["strongest"] - points.loc["weakest"]
            rows.append(
                Quantity(
                    f"{what}, strong-first minus weak-first: {name}",
                    "> 0 (weak first breaks sooner)",
                    f"{SOURCE}, abstract",
                    Side(0.0),
                    fmt,
                ).row(Estimate.of(gap.to_numpy()))
            )
        data.append(curve.assign(graph=name, what="removal"))

    for name, graph, horizon in (
        ("community graph", communities[0], 150),
        ("Les Misérables", novel, 150),
    ):
        real = np.array([time_to_half(graph, seed, horizon) for seed in runs])
        equal = np.array([time_to_half(with_equal_rates(graph), seed, horizon) for seed in runs])
        rows.append(
            Quantity(
                f"steps for news to reach half, real minus equal weights: {name}",
                "> 0 (real weights slower)",
                f"{SOURCE}, abstract",
                Side(0.0),
                "{:.1f}",
            ).row(Estimate.of(real - equal))
        )
        data.append(
            pd.DataFrame(
                {
                    "graph": name,
                    "what": "spreading",
                    "seed": list(runs),
                    "real": real,
                    "equal": equal,
                }
            )
        )
    data = pd.concat(data, ignore_index=True)
    setup = (
        f"community graphs of n = {n} (communities of 20, 6 strong and 2 weak ties per person), "
        f"{len(seeds)} seeds; Les Misérables (networkx, 77 characters, 254 weighted ties); "
        f"removal at {len(FRACTIONS)} fractions; spreading: simple contagion, transmission 1, "
        f"items starting in the first {WINDOW} steps, {len(runs)} runs per graph and weighting"
    )
    return Outcome(NAME, TITLE, setup, rows, draw(data), data, quick)


def _bootstrap_rank(graph: SocialGraph, rng: np.random.Generator, draws: int) -> np.ndarray:
    """Rank correlations of weight and overlap over ties resampled with replacement."""
    strength, overlap = graph.strength, overlap_of(graph)
    picks = rng.integers(len(strength), size=(draws, len(strength)))
    return np.array([spearmanr(strength[p], overlap[p]).statistic for p in picks])


def draw(data: pd.DataFrame):
    """Giant component and susceptibility against removed fraction; spreading times."""
    figure, axes = new_figure(2, 2, width=3.6, height=2.8)
    colours = dict(zip(ORDERS, SERIES, strict=False))
    removal_data = data[data["what"] == "removal"]
    for column, (name, curve) in enumerate(removal_data.groupby("graph", sort=False)):
        ax = axes[column]
        mean = curve.groupby(["order", "fraction_removed"])[
            ["giant_component_share", "susceptibility"]
        ].mean()
        twin = ax.twinx()
        for order in ORDERS:
            part = mean.loc[order]
            ax.plot(
                part.index,
                part["giant_component_share"],
                color=colours[order],
                label=f"{order} first",
            )
            twin.plot(
                part.index, part["susceptibility"], color=colours[order], linestyle=":", linewidth=1
            )
        twin.set_ylabel("susceptibility (dotted)", fontsize=9)
        twin.tick_params(labelsize=8)
        label(ax, name, "share of ties removed", "share of people in the giant component")
        legend(ax, loc="lower left")
    spreading = data[data["what"] == "spreading"]
    ax = axes[2]
    names = list(dict.fromkeys(spreading["graph"]))
    x = np.arange(len(names))
    for offset, column, colour, text in (
        (-0.2, "real", SERIES[0], "real weights"),
        (0.2, "equal", SERIES[1], "equal weights"),
    ):
        values = [spreading.loc[spreading["graph"] == g, column] for g in names]
        ax.bar(
            x + offset,
            [v.mean() for v in values],
            0.4,
            yerr=[v.std() for v in values],
            color=colour,
            capsize=3,
            label=text,
        )
    ax.set_xticks(x, names)
    label(ax, "Spreading news (simple contagion)", "network", "steps for an item to reach half")
    legend(ax)
    axes[3].set_axis_off()
    axes[3].text(
        0.0,
        0.9,
        "Top: ties removed in order of strength, weakest\n"
        "first, strongest first or at random. Solid lines:\n"
        "share of people in the giant component; dotted:\n"
        "susceptibility, the sum of s² over the other\n"
        "components (s people each) divided by n, which\n"
        "peaks where the network falls apart.\n\n"
        "Bottom: error bars are standard deviations over runs.",
        transform=axes[3].transAxes,
        va="top",
        fontsize=8,
    )
    return figure
