"""The array engine: the model of :mod:`tiesim.model` over arrays and compiled kernels.

``ArrayModel`` runs exactly the step of :class:`tiesim.model.WeakTiesModel` (read that one, and
``tiesim.model.agents``, to learn the mechanism): the same random numbers from the same draws
(:mod:`tiesim.model.draws`), the same rules applied to all agents at once, and the same metric
arithmetic (:mod:`tiesim.model.metrics`), so the same config and seed give identical metrics,
hire records and trend tables.  State lives in per-agent arrays (``employed``, the held lead in
``lead``, …) and the ties in an :class:`~tiesim.engines.array_graph.Adjacency` that absorbs
tie edits in place.  The phases run as numba kernels (``kernels_*.py``); there are no
per-agent or per-tie Python objects.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.config import (
    CommunityGraphConfig,
    GraphConfig,
    JobsConfig,
    MetricsConfig,
    NetworkingConfig,
    TiesConfig,
    TrendsConfig,
)
from tiesim.engines.array_graph import Adjacency, OriginsSet
from tiesim.engines.array_jobs import CompiledJobs, agent_leads
from tiesim.engines.array_ties import LivingTies, TieCounter
from tiesim.engines.array_trends import Trends
from tiesim.graphs.ties import SocialGraph
from tiesim.model.draws import StepDraws, arrival_probabilities, draw_step
from tiesim.model.metrics import step_metrics
from tiesim.model.networking import Networking, Rows
from tiesim.model.records import agent_table, hire_table, trend_columns
from tiesim.model.shared import EngineTables
from tiesim.model.tie_dynamics import TieEvents, TieRules
from tiesim.rng import SeedLike


def model_generator(rng: SeedLike) -> np.random.Generator:
    """The model's random root, seeded exactly as ``mesa.Model(rng=rng)`` seeds ``self.rng``.

    Mesa makes ``np.random.default_rng(rng)`` and, unless ``rng`` is an int, draws one integer
    from it to seed its stdlib ``random.Random``; that draw is repeated here so both engines
    continue from the same generator state.
    """
    generator = np.random.default_rng(rng)
    if not isinstance(rng, int | np.integer):
        generator.integers(np.iinfo(np.int32).max)
    return generator


class ArrayModel(EngineTables):
    """Job and trend information spreading over strong and weak ties, over arrays.

    Same parameters, step and results as :class:`tiesim.model.WeakTiesModel`.

    Parameters
    ----------
    graph : GraphConfig or SocialGraph, optional
        Graph to build from the model's generator, or a ready graph (copied, never mutated).
    jobs, trends, ties, networking : JobsConfig, TrendsConfig, TiesConfig, NetworkingConfig
        Mechanism parameters (optional).
    metrics : MetricsConfig, optional
        How the metrics are measured (the window of ``news_diversity`` and ``trend_diversity``).
    rng : int, Generator or None
        The run's single random root.

    Attributes
    ----------
    employed : ndarray of bool, shape (n,)
        Whether each agent has a job now.
    unemployed_since : ndarray of int32, shape (n,)
        Step at which each agent's current unemployment spell began.
    lead : ndarray of int64, shape (n, 6 + max_hops + 1)
        The lead each agent holds: columns ``ID``, ``ORIGIN``, ``BORN``, ``HOPS``, ``CHANNEL``,
        ``SLOT``, then the path (:mod:`tiesim.engines.kernels_jobs`); ``ID`` -1: none.
    adjacency : Adjacency
        The ties present now, each agent's contacts in increasing agent number.
    """

    def __init__(
        self,
        graph: GraphConfig | SocialGraph | None = None,
        jobs: JobsConfig | None = None,
        trends: TrendsConfig | None = None,
        ties: TiesConfig | None = None,
        *,
        networking: NetworkingConfig | None = None,
        metrics: MetricsConfig | None = None,
        rng: SeedLike = None,
    ) -> None:
        self.rng = model_generator(rng)
        self.steps = 0
        self.diversity_window = (metrics or MetricsConfig()).diversity_window
        self.jobs = jobs or JobsConfig()
        self.trends = trends or TrendsConfig()
        self.ties = ties or TiesConfig()
        self.networking = networking or NetworkingConfig()
        graph = graph if graph is not None else CommunityGraphConfig()
        self.graph = graph.copy() if isinstance(graph, SocialGraph) else graph.build(self.rng)
        self.graph.lock()
        rules = (
            TieRules.build(self.ties, self.graph, curve=self.networking.forms_ties)
            if self.ties_change
            else None
        )
        self.living_ties = LivingTies(self, rules) if rules is not None else None
        self.tie_events = TieEvents(formed_by=self.networking.active)
        self.tie_counter = TieCounter()  # counts ties after they form, with networking
        self._events_counted = 0
        self.adjacency = Adjacency(self.graph)
        self.n = n = self.graph.n
        self.community = self.graph.community
        self.num_communities = self.graph.num_communities
        by_community = np.argsort(self.community, kind="stable")
        bounds = np.cumsum(np.bincount(self.community, minlength=self.num_communities))
        self.members = np.split(by_community, bounds[:-1])
        self._arrival = arrival_probabilities(self.jobs, self.num_communities)
        self.community_size = np.bincount(self.community)

        self.employed = self.rng.random(n) < self.jobs.initial_employment
        self.network = (
            Networking(self.networking, self.graph, self.rng, rules.curve)
            if self.networking.active
            else None
        )
        self.unemployed_since = np.zeros(n, np.int32)
        self.heard_since_job_loss = np.zeros(n, bool)
        # over the run, by Channel value; one column after another (a step adds to the
        # direct column of one person in ten: in rows, each a cache line of its own)
        self.leads_heard = np.zeros((n, 4), np.int64, order="F")
        self.job_losses = np.zeros(n, np.int64)
        self.lead = agent_leads(n, self.jobs.max_hops)
        self.origins = OriginsSet(self.community, self.num_communities, self.diversity_window)
        self.jobs_state = CompiledJobs(self)
        self.trend_state = Trends(
            self.trends, self.graph, self.adjacency, self.members, checkins=self.asks_or_checks_in
        )
        self.draws: StepDraws | None = None
        self.metrics_rows: list[dict[str, float]] = []

    # ------------------------------------------------------------------ the step
    def step(self) -> None:
        """Advance one step, phase by phase as :meth:`WeakTiesModel.step`."""
        self.steps += 1
        self.draws = draws = draw_step(
            self.rng, self.n, self.num_communities, self.jobs, self.trends, self.ties
        )
        if self.ties.checks_in:
            self.living_ties.check_in(self, draws)
        if self.networking.interviews_on:
            self.ask_for_interviews()
        tally = self.jobs_state.step(self, draws)
        if self.trends.rate > 0:
            self.trend_state.step(self.steps, self.rng, draws, self.graph, self.origins)
            self.trend_state.tally(tally)
        tally.origins_heard_total = self.origins.total()
        self.origins.end_step(self.steps)
        tally.news_recent, tally.trends_recent = self.origins.recent_pairs()
        if self.living_ties is not None:  # ties are counted after they form, with networking
            tally.ties = self.living_ties.update(self, draws, count=self.network is None)
        if self.network is not None:
            tally.network = self.form_ties()
            ties = tally.ties  # counted with the new ties, as the Mesa engine counts them
            ties.count, ties.strength_total = self.tie_counter(self.graph)
            ties.events = [a + b for a, b in zip(ties.events, self.events_counted(), strict=True)]
        self.metrics_rows.append(step_metrics(tally))

    # ------------------------------------------------------------------ ties change
    def rows(self) -> Rows:
        """Everyone's contacts and tie slots now (for ``tiesim.model.networking``)."""
        adj = self.adjacency
        return Rows(adj.indptr, adj.degree, adj.neighbor, adj.slot)

    def looking_now(self) -> np.ndarray:
        """Who is without a job now (bool per agent)."""
        return ~self.employed

    def _tied(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        return self.adjacency.tied(u, v)

    def _enter(self, u: np.ndarray, v: np.ndarray, slots: np.ndarray) -> None:
        self.adjacency.add(u, v, slots)

    def _cut(self, slots: np.ndarray) -> np.ndarray:
        """Take ties out of the table and the adjacency; returns the slots cut."""
        removed = self.graph.remove_ties(slots)
        self.adjacency.remove(self.graph.u[removed], self.graph.v[removed])
        return removed

    # ------------------------------------------------------------------ results
    def hires(self) -> pd.DataFrame:
        """Every hire so far, one row each."""
        return hire_table(self.graph, **self.jobs_state.hire_columns(self.network))

    def trend_items(self) -> pd.DataFrame:
        """Every trend item, retired or still followed."""
        topics = self.trends.topics_per_community > 0
        return pd.DataFrame(self.trend_state.rows(), columns=list(trend_columns(topics)))

    def agent_table(self, hires: pd.DataFrame | None = None) -> pd.DataFrame:
        """One row per person at the end of the run (README, "Agents table").

        ``hires`` is this model's ``hires()`` table, if already made (it is made otherwise).
        """
        living = self.living_ties
        items_heard, topic_counts = self.trend_state.heard()
        return agent_table(
            self.graph,
            self.hires() if hires is None else hires,
            steps=self.steps,
            employed=self.employed,
            unemployed_since=self.unemployed_since,
            leads_heard=self.leads_heard,
            job_losses=self.job_losses,
            checkins=living.checkins if living else np.zeros((self.n, 2), np.int64),
            time_spent=living.time_spent if living else np.zeros((self.n, 2)),
            network=self.network,
            items_heard=items_heard,
            topic_counts=topic_counts,
        )
