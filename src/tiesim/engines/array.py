"""The array engine: the model of :mod:`tiesim.model` over numpy arrays, for sweeps and big runs.

``ArrayModel`` runs exactly the step of :class:`tiesim.model.WeakTiesModel` (read that one, and
``tiesim.model.agents``, to learn the mechanism): the same random numbers from the same draws
(:mod:`tiesim.model.draws`), the same rules applied to all agents at once, and the same metric
arithmetic (:mod:`tiesim.model.metrics`), so the same config and seed give identical metrics,
hire records and trend tables.  State lives in per-agent arrays (``employed``, the held lead in
``lead``, …) and the ties in a CSR :class:`~tiesim.engines.array_graph.Adjacency` that absorbs
tie edits in place.  There are no per-agent or per-tie Python objects.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.config import CommunityGraphConfig, GraphConfig, JobsConfig, TrendsConfig
from tiesim.engines.array_graph import Adjacency, OriginsHeard, check_new_ties, row_entries
from tiesim.engines.array_jobs import Leads, best_per_receiver, better, choose_contacts
from tiesim.engines.array_trends import Trends
from tiesim.engines.backend import Backend, resolve_backend
from tiesim.graphs.ties import SocialGraph, Tie
from tiesim.model.draws import StepDraws, arrival_probabilities, draw_step
from tiesim.model.leads import Channel
from tiesim.model.metrics import (
    StepTally,
    employed_by_community,
    step_metrics,
)
from tiesim.model.records import HIRE_COLUMNS, TREND_COLUMNS, hire_table
from tiesim.model.shared import EngineTables
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
    """Job and trend information spreading over strong and weak ties, over numpy arrays.

    Same parameters, step and results as :class:`tiesim.model.WeakTiesModel`.

    Parameters
    ----------
    graph : GraphConfig or SocialGraph, optional
        Graph to build from the model's generator, or a ready graph (copied, never mutated).
    jobs, trends : JobsConfig, TrendsConfig, optional
        Mechanism parameters.
    rng : int, Generator or None
        The run's single random root.
    backend : {"auto", "numba", "numpy"}
        ``"numba"`` runs the step as compiled kernels (needs numba, ``tiesim[fast]``),
        ``"numpy"`` as whole-array numpy operations; both give identical results.  ``"auto"``
        picks numba when it is installed (see :mod:`tiesim.engines.backend`).

    Attributes
    ----------
    employed : ndarray of bool, shape (n,)
        Whether each agent has a job now.
    unemployed_since : ndarray of int32, shape (n,)
        Step at which each agent's current unemployment spell began.
    lead : Leads
        The lead each agent holds (``lead.id == -1``: none).
    adjacency : Adjacency
        The ties present now, as CSR rows.
    """

    def __init__(
        self,
        graph: GraphConfig | SocialGraph | None = None,
        jobs: JobsConfig | None = None,
        trends: TrendsConfig | None = None,
        *,
        rng: SeedLike = None,
        backend: Backend = "auto",
    ) -> None:
        self.backend = resolve_backend(backend)
        self.rng = model_generator(rng)
        self.steps = 0
        self.jobs = jobs or JobsConfig()
        self.trends = trends or TrendsConfig()
        graph = graph if graph is not None else CommunityGraphConfig()
        self.graph = graph.copy() if isinstance(graph, SocialGraph) else graph.build(self.rng)
        self.adjacency = Adjacency(self.graph)
        self.n = n = self.graph.n
        self.community = self.graph.community
        self.num_communities = self.graph.num_communities
        by_community = np.argsort(self.community, kind="stable")
        bounds = np.cumsum(np.bincount(self.community, minlength=self.num_communities))
        self.members = np.split(by_community, bounds[:-1])
        self._arrival = arrival_probabilities(self.jobs, self.num_communities)
        self.community_size = np.bincount(self.community)
        self._no_counts = np.empty(0, np.int64)

        self.employed = self.rng.random(n) < self.jobs.initial_employment
        self.unemployed_since = np.zeros(n, np.int32)
        self.heard_since_job_loss = np.zeros(n, bool)
        self.lead = Leads.empty(n, self.jobs.max_hops)
        trends_class = Trends
        if self.backend == "numba":
            from tiesim.engines.array_compiled import (
                CompiledJobs,
                CompiledTrends,
                OriginsSet,
                agent_leads,
            )

            self.lead = agent_leads(n, self.jobs.max_hops)
            self.origins = OriginsSet(self.community, self.num_communities)
            self._compiled: CompiledJobs | None = CompiledJobs(self)
            trends_class = CompiledTrends
        else:
            self.origins = OriginsHeard(self.community, self.num_communities)
            self._compiled = None
        self.trend_state = trends_class(self.trends, self.graph, self.adjacency, self.members)
        self.draws: StepDraws | None = None
        self.metrics_rows: list[dict[str, float]] = []
        self._hired: list[tuple[np.ndarray, Leads]] = []  # this step's hires
        self._hire_chunks: list[tuple[int, np.ndarray, Leads, np.ndarray, np.ndarray]] = []

    # ------------------------------------------------------------------ the step
    def step(self) -> None:
        """Advance one step, phase by phase as :meth:`WeakTiesModel.step`."""
        self.steps += 1
        n = self.n
        self.draws = draw_step(self.rng, n, self.num_communities, self.jobs, self.trends)
        if self._compiled is not None:
            return self._compiled_step()
        looking = ~self.employed  # unemployed at the start of the step
        self._tally = StepTally(
            step=self.steps,
            employed_by_community=self._no_counts,
            community_size=self.community_size,
            looking=int(np.count_nonzero(looking)),
            discovered=0,
            leads_heard=[0, 0, 0],
            hires=[0, 0, 0],
            spell_total=0,
        )
        self._heard_today = np.zeros(n, bool)
        self.forget_stale_leads()
        self.hear_openings(looking)
        self.use_own_leads(looking)
        receivers, offers = self.pass_leads(looking)
        self.consider_offers(looking, receivers, offers)
        self.record_hires()
        self.lose_jobs()
        if self.trends.rate > 0:
            self.trend_state.step(self.steps, self.rng, self.draws, self.graph, self.origins)
        self.record_step(looking)

    def _compiled_step(self) -> None:
        """The same step with the jobs phases as one compiled kernel (numba backend)."""
        tally = self._compiled.step(self, self.draws)
        trends = self.trend_state
        if self.trends.rate > 0:
            trends.step(self.steps, self.rng, self.draws, self.graph, self.origins)
            trends.tally(tally)
        tally.origins_heard_total = self.origins.total()
        self.metrics_rows.append(step_metrics(tally))

    def forget_stale_leads(self) -> None:
        """Drop leads whose opening has closed (``lead_lifetime`` steps after it arose)."""
        self.lead.id[self.lead.born <= self.steps - self.jobs.lead_lifetime] = -1

    def hear_openings(self, looking: np.ndarray) -> None:
        """Agents hear of openings directly and keep them (a fresh lead is always the best)."""
        outside, inside = self._arrival
        heard = self.draws.arrival < outside
        if self.jobs.job_locality > 0:
            hot = np.flatnonzero(self.draws.hot[self.community])
            heard[hot] = self.draws.arrival[hot] < inside
        agents = np.flatnonzero(heard)
        self._tally.leads_heard[Channel.DIRECT] += len(agents)
        self.hear(agents, looking)
        self.origins.add(agents, self.community[agents])
        fresh = Leads.empty(len(agents), self.jobs.max_hops)
        fresh.id[:] = self.steps * self.n + agents
        fresh.origin[:] = self.community[agents]
        fresh.born[:] = self.steps
        fresh.path[:, 0] = agents
        self.lead[agents] = fresh

    def use_own_leads(self, looking: np.ndarray) -> None:
        """Job seekers who hold a lead take the job."""
        agents = np.flatnonzero(looking & (self.lead.id >= 0))
        self.take_jobs(agents, self.lead[agents])
        self.lead.id[agents] = -1

    def pass_leads(self, looking: np.ndarray) -> tuple[np.ndarray, Leads]:
        """Holders of a lead they do not need tell one contact they talk to today.

        A job seeker is preferred; if none is among today's contacts and the lead may travel
        further, it is relayed to an employed contact.  Returns receivers and passed leads, in
        the order of the holders.
        """
        jobs, graph, adj = self.jobs, self.graph, self.adjacency
        holders = np.flatnonzero(
            self.employed & (self.lead.id >= 0) & (self.lead.hops < jobs.max_hops)
        )
        may_relay = self.lead.hops[holders] + 1 < jobs.max_hops
        owner, entry = row_entries(adj.indptr, holders)
        # only job seekers matter to a holder whose lead cannot travel further, so only the
        # numbers of the ties that may carry the lead are looked up (by index: see streams)
        useful = np.flatnonzero(looking[adj.neighbor[entry]] | may_relay[owner])
        owner, entry = owner[useful], entry[useful]
        talking = np.flatnonzero(self.draws.talk.at(adj.slot[entry]) < adj.contact_rate[entry])
        owner, entry = owner[talking], entry[talking]
        contact, slot = adj.neighbor[entry], adj.slot[entry]
        seeking = looking[contact]
        any_seeker = np.zeros(len(holders), bool)
        any_seeker[owner[seeking]] = True
        candidate = np.flatnonzero(np.where(any_seeker[owner], seeking, may_relay[owner]))
        owner, contact, slot = owner[candidate], contact[candidate], slot[candidate]
        chosen = choose_contacts(
            jobs.passing, owner, graph.strength[slot], self.draws.choice.at(holders), len(holders)
        )
        senders, receivers, slot = holders[owner[chosen]], contact[chosen], slot[chosen]
        offers = self.lead[senders]
        self.lead.id[senders] = -1
        offers.path[np.arange(len(offers)), offers.hops + 1] = receivers
        offers.hops[:] += 1
        offers.slot[:] = slot
        strong = graph.tie[slot] == Tie.STRONG
        offers.channel[:] = np.where(strong, Channel.STRONG, Channel.WEAK)
        return receivers, offers

    def consider_offers(self, looking: np.ndarray, receivers: np.ndarray, offers: Leads) -> None:
        """Receivers hear each lead passed to them; if still looking take the best, else keep it."""
        heard = np.bincount(offers.channel, minlength=len(Channel))
        for channel in (Channel.STRONG, Channel.WEAK):
            self._tally.leads_heard[channel] += int(heard[channel])
        agents, best = best_per_receiver(receivers, offers)
        self.hear(agents, looking)
        self.origins.add(receivers, offers.origin)
        best = offers[best]
        takes = ~self.employed[agents]
        self.take_jobs(agents[takes], best[takes])
        keepers, offer = agents[~takes], best[~takes]
        held = self.lead[keepers]
        keep = (held.id < 0) | better(offer, held)
        self.lead[keepers[keep]] = offer[keep]

    def hear(self, agents: np.ndarray, looking: np.ndarray) -> None:
        """Register news of an opening: first-lead delays of job seekers, discovery."""
        first = agents[looking[agents] & ~self.heard_since_job_loss[agents]]
        self._tally.first_lead_delay_total += int((self.steps - self.unemployed_since[first]).sum())
        self._tally.first_lead_count += len(first)
        self.heard_since_job_loss[agents] = True
        self._heard_today[agents] = True

    def take_jobs(self, agents: np.ndarray, leads: Leads) -> None:
        """``agents`` (increasing) become employed through ``leads``."""
        self._hired.append((agents, leads))
        self.employed[agents] = True

    def record_hires(self) -> None:
        """Tally and record the step's hires: own leads first, then offers, each by agent."""
        if not self._hired:
            return
        agents = np.concatenate([agents for agents, _ in self._hired])
        leads = Leads(np.concatenate([leads.block for _, leads in self._hired], axis=1))
        self._hired = []
        if not len(agents):
            return
        spell = self.steps - self.unemployed_since[agents]
        hires = np.bincount(leads.channel, minlength=len(Channel))
        for channel in Channel:
            self._tally.hires[channel] += int(hires[channel])
        self._tally.spell_total += int(spell.sum())
        embedded = np.full(len(agents), -1, np.int64)
        passed = np.flatnonzero(leads.channel != Channel.DIRECT)
        embedded[passed] = self.adjacency.common_neighbors(leads.sender()[passed], agents[passed])
        self._hire_chunks.append((self.steps, agents, leads, spell, embedded))

    def lose_jobs(self) -> None:
        """Employed agents (this step's hires too) lose their job with probability ``job_loss``."""
        lost = np.flatnonzero(self.employed & (self.draws.job_loss < self.jobs.job_loss))
        self.employed[lost] = False
        self._tally.job_losses = len(lost)
        self.unemployed_since[lost] = self.steps
        self.heard_since_job_loss[lost] = False

    def record_step(self, looking: np.ndarray) -> None:
        """Finish the tally and append the step's metrics."""
        tally, trends = self._tally, self.trend_state
        tally.discovered = int(np.count_nonzero(looking & self._heard_today))
        tally.employed_by_community = employed_by_community(
            self.employed, self.community, len(self.community_size)
        )
        trends.tally(tally)
        tally.origins_heard_total = self.origins.total()
        self.metrics_rows.append(step_metrics(tally))

    # ------------------------------------------------------------------ ties change
    def remove_ties(self, slots: np.ndarray | list[int]) -> None:
        """Cut ties (by slot) from now on; e.g. ``model.remove_ties(model.weak_slots())``."""
        self.graph.remove_ties(np.asarray(slots, dtype=np.int64))
        self.adjacency.remove(self.graph)

    def add_ties(
        self,
        u: np.ndarray | list[int],
        v: np.ndarray | list[int],
        tie: np.ndarray | list[int],
        strength: np.ndarray | list[float],
        contact_rate: np.ndarray | list[float],
    ) -> np.ndarray:
        """Form new ties between untied pairs (arrays of equal length); returns their slots."""
        u, v = np.atleast_1d(np.asarray(u, np.int64)), np.atleast_1d(np.asarray(v, np.int64))
        check_new_ties(self.adjacency, u, v)
        slots = self.graph.add_ties(
            u, v, np.atleast_1d(tie), np.atleast_1d(strength), np.atleast_1d(contact_rate)
        )
        self.adjacency.add(self.graph, slots)
        return slots

    # ------------------------------------------------------------------ results
    def hires(self) -> pd.DataFrame:
        """Every hire so far, one row each."""
        if self._compiled is not None:
            return hire_table(self.graph, **self._compiled.hire_columns())
        chunks = self._hire_chunks
        agents = np.concatenate([c[1] for c in chunks]) if chunks else np.empty(0, np.int64)
        leads = Leads(np.concatenate([c[2].block for c in chunks], axis=1)) if chunks else None
        if leads is None or not len(agents):
            return pd.DataFrame([], columns=list(HIRE_COLUMNS))
        return hire_table(
            self.graph,
            step=np.repeat([c[0] for c in chunks], [len(c[1]) for c in chunks]),
            agent=agents,
            channel=leads.channel,
            hops=leads.hops,
            path=leads.path,
            slot=leads.slot,
            embeddedness=np.concatenate([c[4] for c in chunks]),
            origin=leads.origin,
            spell=np.concatenate([c[3] for c in chunks]),
            lead_id=leads.id,
            born=leads.born,
        )

    def trend_items(self) -> pd.DataFrame:
        """Every trend item, retired or still followed."""
        return pd.DataFrame(self.trend_state.rows(), columns=list(TREND_COLUMNS))
