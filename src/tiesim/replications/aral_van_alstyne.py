"""Aral & Van Alstyne (2011): the diversity–bandwidth trade-off.

From the e-mail of an executive recruiting firm, Aral & Van Alstyne found that people with
structurally diverse networks (contacts not tied to one another) receive more diverse and more
novel information, but that diverse networks have narrower channels: less communication per
tie.  Where information changes fast and topics are many, the bandwidth of strong ties can
bring as much novel information as the diversity of weak ones.

The setup gives everyone the same number of contacts, so that diversity and size are not
confused: a ring of n agents in communities of 20 neighbours, each tied to its k = 8 nearest,
with a share of the ties rewired by degree-preserving swaps (``graph.kind: rewired_lattice``).
Lattice ties are strong (contact rate 0.5 a step), rewired ties weak (0.1) and mostly reach
other communities.  Trend items are news on topics (``trends.topics_per_community``): each
community has K topics, each topic's news is replaced ``refresh`` times a step on average
(``trends.rate = refresh · K · communities``), and a new item on a topic retires the old one.
Items pass by simple contagion (transmission 0.5).  The agents table gives, per agent, the
novel items heard per step, the entropy of their topics, the mean contact rate of its ties
(bandwidth) and Burt's effective size (structural diversity); each run gives Spearman
correlations across agents, and intervals are over runs (each run one seed and graph, shared
by every refresh and topic setting).

References
----------
Aral, S. & Van Alstyne, M. (2011). The diversity-bandwidth trade-off. American Journal of
Sociology 117(1), 90–171. doi:10.1086/661238.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.config import JobsConfig, RewiredLatticeGraphConfig, TrendsConfig
from tiesim.engines import ArrayModel
from tiesim.replications.core import Estimate, Outcome, Quantity, Side
from tiesim.replications.figures import SERIES, label, legend, new_figure

NAME = "aral_van_alstyne"
TITLE = "Aral & Van Alstyne (2011): diverse networks, narrow channels"
SOURCE = "Aral & Van Alstyne 2011 (our reading)"
COMMUNITY_SIZE, DEGREE, REWIRED = 20, 8, 0.2
STRONG_RATE, WEAK_RATE, TRANSMISSION = 0.5, 0.1, 0.5
#: Refresh rates (new items per topic per step), slowest to fastest, and topics per community.
REFRESH = (0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5)
QUICK_REFRESH = (0.002, 0.05, 0.5)
TOPICS = (1, 5)
#: The setting of the level rows: news on a topic every 20 steps, 5 topics per community.
BASELINE_REFRESH, BASELINE_TOPICS = 0.05, 5


def run_once(n: int, steps: int, refresh: float, topics: int, seed: int) -> pd.DataFrame:
    """The agents table of one run, with ``novelty``: novel items heard per step."""
    graph = RewiredLatticeGraphConfig(
        kind="rewired_lattice",
        n=n,
        k=DEGREE,
        p=REWIRED,
        community_size=COMMUNITY_SIZE,
        strong_contact_rate=STRONG_RATE,
        weak_contact_rate=WEAK_RATE,
    )
    communities = -(-n // COMMUNITY_SIZE)
    trends = TrendsConfig(
        rate=refresh * topics * communities,
        transmission=TRANSMISSION,
        horizon=100_000,  # items retire when news on their topic replaces them
        topics_per_community=topics,
    )
    model = ArrayModel(graph, JobsConfig(job_arrival=0.0), trends, rng=seed)
    for _ in range(steps):
        model.step()
    agents = model.agent_table()
    return agents.assign(novelty=agents["novel_items"] / steps)


def correlations(agents: pd.DataFrame) -> dict[str, float]:
    """Spearman correlations across agents (NaN where a measure does not vary)."""
    pairs = {
        "diversity_bandwidth": ("effective_size", "bandwidth"),
        "diversity_topics": ("effective_size", "topic_diversity"),
        "diversity_novelty": ("effective_size", "novelty"),
        "bandwidth_novelty": ("bandwidth", "novelty"),
    }
    ranks = agents[["effective_size", "bandwidth", "topic_diversity", "novelty"]].rank()
    found = {}
    for name, (a, b) in pairs.items():
        x, y = ranks[a].to_numpy(), ranks[b].to_numpy()
        found[name] = float(np.corrcoef(x, y)[0, 1]) if x.std() > 0 and y.std() > 0 else np.nan
    return found


def per_run(n: int, steps: int, refresh: tuple[float, ...], runs: int) -> pd.DataFrame:
    """One row per (topics, refresh, run): the correlations and mean measures."""
    seeds = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(2011).spawn(runs)]
    rows = []
    for topics in TOPICS:
        for rate in refresh:
            for run, seed in enumerate(seeds):
                agents = run_once(n, steps, rate, topics, seed)
                rows.append(
                    {
                        "topics": topics,
                        "refresh": rate,
                        "run": run,
                        **correlations(agents),
                        "novelty": agents["novelty"].mean(),
                        "topic_diversity": agents["topic_diversity"].mean(),
                    }
                )
    return pd.DataFrame(rows)


def _at(table: pd.DataFrame, column: str, refresh: float, topics: int) -> pd.Series:
    """``column`` per run at one setting, indexed by run."""
    part = table[(table["refresh"] == refresh) & (table["topics"] == topics)]
    return part.set_index("run")[column]


def replicate(quick: bool = False) -> Outcome:
    """Diversity against bandwidth, and who hears novel news as topics refresh faster."""
    n, steps, runs = (400, 150, 3) if quick else (400, 200, 10)
    refresh = QUICK_REFRESH if quick else REFRESH
    table = per_run(n, steps, refresh, runs)
    slow, fast, base, topics = refresh[0], refresh[-1], BASELINE_REFRESH, BASELINE_TOPICS
    few = TOPICS[0]
    at_base = f"(refresh {base:g}, {topics} topics per community)"

    def level(column: str) -> Estimate:
        return Estimate.of(_at(table, column, base, topics))

    def change(column: str, a: tuple[float, int], b: tuple[float, int]) -> Estimate:
        return Estimate.of(_at(table, column, *b) - _at(table, column, *a))

    rows = [
        Quantity(
            f"diversity against bandwidth: corr(effective size, mean contact rate) {at_base}",
            "< 0 (the trade-off)",
            SOURCE,
            Side(0.0, above=False),
            "{:.2f}",
        ).row(level("diversity_bandwidth")),
        Quantity(
            f"corr(effective size, entropy of topics heard) {at_base}",
            "> 0 (more diverse information)",
            SOURCE,
            Side(0.0),
            "{:.2f}",
        ).row(level("diversity_topics")),
        Quantity(
            f"corr(effective size, novel items per step) {at_base}",
            "> 0 (more novel information)",
            SOURCE,
            Side(0.0),
            "{:.2f}",
        ).row(level("diversity_novelty")),
        Quantity(
            f"change in corr(effective size, novelty), refresh {slow:g} to {base:g}",
            "< 0 (faster refresh: less advantage)",
            SOURCE,
            Side(0.0, above=False),
            "{:.2f}",
        ).row(change("diversity_novelty", (slow, topics), (base, topics))),
        Quantity(
            f"change in corr(effective size, novelty), refresh {base:g} to {fast:g}",
            "< 0 (faster refresh: less advantage)",
            SOURCE,
            Side(0.0, above=False),
            "{:.2f}",
        ).row(change("diversity_novelty", (base, topics), (fast, topics))),
        Quantity(
            f"refresh {fast:g}: corr(bandwidth, novelty) minus corr(effective size, novelty)",
            "> 0 (bandwidth beats diversity)",
            SOURCE,
            Side(0.0),
            "{:.2f}",
        ).row(
            Estimate.of(
                _at(table, "bandwidth_novelty", fast, topics)
                - _at(table, "diversity_novelty", fast, topics)
            )
        ),
        Quantity(
            f"change in corr(effective size, novelty), {few} to {topics} topics per community "
            f"(refresh {base:g})",
            "< 0 (more topics: less advantage)",
            SOURCE,
            Side(0.0, above=False),
            "{:.2f}",
        ).row(change("diversity_novelty", (base, few), (base, topics))),
    ]
    setup = (
        f"rings of n = {n} in communities of {COMMUNITY_SIZE}, every agent with k = {DEGREE} "
        f"ties, {REWIRED:g} of them rewired (weak, contact rate {WEAK_RATE:g}; lattice ties "
        f"strong, {STRONG_RATE:g}); {' and '.join(str(t) for t in TOPICS)} topics per "
        f"community, news on each topic replaced {', '.join(f'{r:g}' for r in refresh)} "
        f"times a step; simple contagion, transmission {TRANSMISSION:g}; {steps} steps; "
        f"Spearman correlations across agents, intervals over {runs} runs"
    )
    return Outcome(NAME, TITLE, setup, rows, draw(table), table, quick)


def draw(table: pd.DataFrame):
    """Correlations with novelty against refresh (left); topic diversity and novelty (right)."""
    figure, (left, right) = new_figure(2, width=3.6, height=3.0)
    mean = table.groupby(["topics", "refresh"]).mean(numeric_only=True)
    styles = {TOPICS[0]: "--", TOPICS[-1]: "-"}
    for topics, style in styles.items():
        part = mean.loc[topics]
        name = f"{topics} topic{'s' if topics > 1 else ''}"
        lines = (
            (left, "diversity_novelty", "o", SERIES[0], f"effective size, {name}"),
            (left, "bandwidth_novelty", "s", SERIES[1], f"bandwidth, {name}"),
            (right, "diversity_topics", "o", SERIES[2], f"{name} per community"),
        )
        for ax, column, marker, color, text in lines:
            ax.plot(part.index, part[column], marker + style, color=color, label=text)
    for ax in (left, right):
        ax.set_xscale("log")
        ax.axhline(0, color="black", linewidth=0.8)
    label(
        left,
        "Who hears novel news",
        "news per topic per step (refresh rate)",
        "correlation with novel items heard",
    )
    label(
        right,
        "Diverse networks, diverse topics",
        "news per topic per step (refresh rate)",
        "corr(effective size, topic entropy)",
    )
    legend(left, fontsize=7)
    legend(right, fontsize=7)
    return figure
