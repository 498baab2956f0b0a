"""The Mesa model: people on a social network passing job leads and trends.

``WeakTiesModel`` is the readable reference engine.  One step, in order (each phase runs for
every agent before the next; see ``tiesim.model.agents`` for what each agent does):

1. draw the step's random numbers (``tiesim.model.draws``);
2. check-ins: people spend their time keeping ties up (only with ``ties.maintenance``), and job
   seekers ask contacts for informational interviews (only with ``networking.interviews``); a
   tie is *active* this step if its pair talk by chance (at its contact rate), after a
   check-in, or because one end asked the other;
3. jobs: start of step → direct arrivals → unemployed use their own lead → holders pass leads
   → receivers take or keep the best → job loss (which can hit this step's hires too);
4. trends: retire old items → seed new items → listen → adopt;
5. ties change (only with ``ties.dynamics``): used ties grow stronger, neglected ones fade,
   types follow strength, the weakest dissolve (``tiesim.model.tie_dynamics``);
6. ties form (only with ``networking``): at events, online, in community activities, by
   introductions (``tiesim.model.networking``);
7. record the step's metrics.

With ``job_locality = 0``, contact rates 1, ``max_hops = 1`` and ``lead_lifetime = 1`` this is
exactly the model of Calvó-Armengol & Jackson (2004) with hearing before job loss, for which an
isolated agent's steady-state unemployment rate is ``b / (a + b − a·b)``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

import mesa
import networkx as nx
import numpy as np
import pandas as pd
from mesa.discrete_space import Network

from tiesim.config import (
    CommunityGraphConfig,
    GraphConfig,
    JobsConfig,
    MetricsConfig,
    NetworkingConfig,
    TiesConfig,
    TrendsConfig,
)
from tiesim.engines.array_graph import Adjacency
from tiesim.graphs.ties import SocialGraph
from tiesim.model.agents import Person, Status
from tiesim.model.draws import (
    StepDraws,
    arrival_probabilities,
    draw_step,
    draw_trend_adoption,
)
from tiesim.model.leads import Channel, Lead
from tiesim.model.metrics import (
    StepTally,
    TieTally,
    employed_by_community,
    step_metrics,
)
from tiesim.model.networking import Networking, Rows
from tiesim.model.records import (
    agent_table,
    hire_columns,
    hire_record,
    network_hire_fields,
    tie_facts,
    trend_columns,
    trend_record,
)
from tiesim.model.shared import EngineTables
from tiesim.model.tie_dynamics import (
    DEMOTED,
    DISSOLVED,
    NO_TIE,
    PROMOTED,
    TieEvents,
    TieRules,
    tie_totals,
)
from tiesim.rng import SeedLike


@dataclass
class TrendItem:
    """One novel information item followed by the model."""

    id: int
    origin: int
    start: int
    seed_agent: int
    adopters: int = 0
    communities: set[int] = field(default_factory=set)
    half_time: int | None = None
    topic: int = -1  # with trends.topics_per_community; -1: the item is its own topic


class WeakTiesModel(EngineTables, mesa.Model):
    """Job and trend information spreading over strong and weak ties.

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
        super().__init__(rng=int(rng) if isinstance(rng, np.integer) else rng)
        self.jobs = jobs or JobsConfig()
        self.trends = trends or TrendsConfig()
        self.ties = ties or TiesConfig()
        self.networking = networking or NetworkingConfig()
        self.diversity_window = (metrics or MetricsConfig()).diversity_window
        graph = graph if graph is not None else CommunityGraphConfig()
        self.graph = graph.copy() if isinstance(graph, SocialGraph) else graph.build(self.rng)
        self.graph.lock()
        self.tie_rules = (
            TieRules.build(self.ties, self.graph, curve=self.networking.forms_ties)
            if self.ties_change
            else None
        )
        self.G = self.graph.to_networkx(live=True)  # edge attributes read the tie table
        self.grid = Network(self.G, random=self.random, layout=None)
        self.n = self.graph.n
        self.num_communities = self.graph.num_communities
        # each community's members in agent order (one stable sort, not a pass per community)
        by_community = np.argsort(self.graph.community, kind="stable")
        sizes = np.bincount(self.graph.community, minlength=self.num_communities)
        self.members = np.split(by_community, np.cumsum(sizes)[:-1])
        self._arrival = arrival_probabilities(self.jobs, self.num_communities)
        self.community_size = np.bincount(self.graph.community)
        self.adoption_threshold = self.trends.threshold if self.trends.contagion == "complex" else 1
        self.topics = self.trends.topics_per_community > 0

        employed = self.rng.random(self.graph.n) < self.jobs.initial_employment
        self.people: list[Person] = [
            Person(self, self.grid._cells[i], int(self.graph.community[i]), bool(employed[i]))
            for i in range(self.graph.n)
        ]
        # running counts, kept as people's states change (for the metrics)
        self.employed_by_community = employed_by_community(
            employed, self.graph.community, len(self.community_size)
        )
        self.network = (
            Networking(self.networking, self.graph, self.rng, self.tie_rules.curve)
            if self.networking.active
            else None
        )
        self._adjacency: Adjacency | None = None  # for self.rows(), made when first asked
        self.origins_heard_total = 0  # distinct (person, origin community) pairs heard
        # distinct (person, origin) pairs heard in the last diversity_window steps, job news
        # and trends (Person.heard_recently), and every hearing that renewed one, oldest first:
        # its step, 2 * person + kind, and community (ints, not tuples: tuples by the thousand
        # wake the garbage collector, whose passes over the whole model would cost far more)
        self.recent_pairs = [0, 0]
        self._heard_log: tuple[deque[int], deque[int], deque[int]] = (deque(), deque(), deque())
        self._touched: list[Person] = []  # people whose state changed in the last step
        self._ties_of: dict[int, list[tuple[Person, int]]] = {}  # Person.ties, as last asked
        self._receivers: dict[int, Person] = {}  # people told of a lead this step, by node
        self.items: list[TrendItem] = []
        self._item_by_id: dict[int, TrendItem] = {}
        self._next_item = 0
        self.half_times: list[int] = []
        self.metrics_rows: list[dict[str, float]] = []
        self.hire_rows: list[dict[str, Any]] = []
        self._hires_noted = 0  # hire rows with their network columns (note_hire_ties)
        self.trend_rows: list[dict[str, Any]] = []
        self.draws: StepDraws | None = None
        self.active = self.choice = self._mention = np.empty(0)  # this step's, set by step()
        self._tie_tally: TieTally | None = None
        self.tie_events = TieEvents(formed_by=self.networking.active)
        self._events_counted = 0
        self.datacollector = mesa.DataCollector(
            model_reporters={name: _reporter(name) for name in self.metric_names[1:]}
        )

    # ------------------------------------------------------------------ the step
    def step(self) -> None:
        """Advance one step (see the module docstring for the order of phases)."""
        t = self.steps
        self.draws = draws = draw_step(
            self.rng, self.graph.n, self.num_communities, self.jobs, self.trends, self.ties
        )
        # today's per-tie and per-agent numbers, all of them (the array engine computes only
        # those it visits; see tiesim.model.streams)
        talk = draws.talk.array(self.graph.num_slots)
        self.choice = draws.choice.array(self.graph.n)
        if draws.mention is not None:
            self._mention = draws.mention.array(2 * self.graph.num_slots)
        if self.ties_change:
            self._tie_tally = TieTally([0, 0], [0.0, 0.0], [], [0, 0], [0.0, 0.0])
        if self.ties.checks_in:
            if draws.checkin is not None:
                self._checkin = draws.checkin.array(2 * self.graph.num_slots)
            for person in self.people:
                person.check_in_on_ties()
        if self.networking.interviews_on:
            self.ask_for_interviews()
        # a tie is active if its pair talk by chance, or one end checked in on it or asked
        self.active = (talk < self.graph.contact_rate) | (self.graph.last_checkin == t)
        self._tally = StepTally(
            step=t,
            employed_by_community=np.empty(0, np.int64),
            community_size=self.community_size,
            looking=self.graph.n - int(self.employed_by_community.sum()),
            discovered=0,
            leads_heard=[0, 0, 0, 0],
            hires=[0, 0, 0, 0],
            spell_total=0,
        )
        self.run_job_market()
        if self.network is not None:
            self.note_hire_ties()
        if self.trends.rate > 0:
            self.spread_trends()
        if self.ties_change:
            self.strengthen_or_fade_ties()
        if self.network is not None:
            self._tally.network = self.form_ties()
        self.record_step()

    def run_job_market(self) -> None:
        """The jobs phases of ``tiesim.model.agents``, one after the other, in agent order.

        Each phase asks only the people it can concern: at the start of the step, those whose
        state changed in the last one (everyone else has nothing to note or forget); then those
        whose draw could bring them news of an opening, those holding a lead, those told of one,
        and those whose draw could cost them their job.  The others would do nothing in that
        phase, so leaving them out changes no number; it keeps this engine, written for reading,
        as fast as a Mesa model written by hand.
        """
        people, draws = self.people, self.draws
        for person in self._touched:
            person.start_step()
        hearers = [people[i] for i in self.hear_directly()]
        for person in hearers:
            person.hear_opening()
        holders = in_agent_order(p for p in (*self._touched, *hearers) if p.lead is not None)
        for person in holders:
            person.use_own_lead()
        self._receivers = {}
        for person in holders:
            person.pass_lead()
        receivers = in_agent_order(self._receivers.values())
        for person in receivers:
            person.consider_offers()
        losers = [people[i] for i in np.flatnonzero(draws.job_loss < self.jobs.job_loss)]
        for person in losers:
            person.maybe_lose_job()
        self._touched = in_agent_order((*holders, *receivers, *hearers, *losers))

    def offer(self, person: Person, lead: Lead) -> None:
        """Pass ``lead`` to ``person``: it lands in their inbox for ``consider_offers``."""
        person.inbox.append(lead)
        self._receivers[person.node] = person

    def spread_trends(self) -> None:
        """Retire old items, seed new ones, then let everyone listen and adopt.

        Items retire after ``horizon`` steps, or, with topics, when a new item on their topic
        starts (its news supersedes theirs).
        """
        t, draws = self.steps, self.draws
        topics = draws.new_trend_topics
        if topics is None:  # every item its own topic
            topics = np.full(len(draws.new_trend_communities), -1)
        superseded = set(topics.tolist()) - {-1}
        for item in [
            i for i in self.items if t - i.start >= self.trends.horizon or i.topic in superseded
        ]:
            self.retire(item)
        for community, u, topic in zip(
            draws.new_trend_communities, draws.new_trend_seeds, topics.tolist(), strict=True
        ):
            members = self.members[int(community)]
            seed_agent = int(members[int(u * len(members))])
            item = TrendItem(self._next_item, int(community), t, seed_agent, topic=topic)
            self._next_item += 1
            self.items.append(item)
            self._item_by_id[item.id] = item
            seed = self.people[seed_agent]
            seed.start_trend(item.id)
            if self.trends.seed_contacts:  # Centola & Macy: the focal agent's contacts too
                for contact in seed.contacts():
                    contact.start_trend(item.id)
        self._below = draw_trend_adoption(self.rng, len(self.items), self.graph.n, self.trends)
        self._row_of = {item.id: row for row, item in enumerate(self.items)}
        for person in self.people:
            person.listen_to_trends()
        for person in self.people:
            person.adopt_trends()
        for item in self.items:
            if item.half_time is None and 2 * item.adopters >= self.graph.n:
                item.half_time = t - item.start
                self.half_times.append(item.half_time)

    def retire(self, item: TrendItem) -> None:
        """Stop following ``item``: record it and drop it from agents' memories."""
        self.trend_rows.append(trend_record(item, self.graph.n))
        self.items.remove(item)
        del self._item_by_id[item.id]
        for person in self.people:
            person.adopted.discard(item.id)
            person.told_by.pop(item.id, None)

    def record_step(self) -> None:
        """Finish the tally and append the step's metrics."""
        tally = self._tally
        tally.employed_by_community = self.employed_by_community
        tally.trend_items = len(self.items)
        tally.trend_adopters_total = sum(item.adopters for item in self.items)
        tally.trend_communities_total = sum(len(item.communities) for item in self.items)
        tally.half_time_total = sum(self.half_times)
        tally.half_time_count = len(self.half_times)
        tally.origins_heard_total = self.origins_heard_total
        self.forget_old_news()
        tally.news_recent, tally.trends_recent = self.recent_pairs
        if self.ties_change:
            tally.ties = self._tie_tally
            tally.ties.count, tally.ties.strength_total = tie_totals(self.graph)
            tally.ties.events = self.events_counted()
        self.metrics_rows.append(step_metrics(tally))
        self.datacollector.collect(self)

    def forget_old_news(self) -> None:
        """Forget the origins people last heard from ``diversity_window`` steps ago.

        What is left, ``recent_pairs``, counts the pairs heard from in this step and the
        ``diversity_window - 1`` before it.
        """
        cutoff = self.steps - self.diversity_window
        steps, who, communities = self._heard_log
        while steps and steps[0] <= cutoff:
            step, community = steps.popleft(), communities.popleft()
            node, kind = divmod(who.popleft(), 2)
            heard = self.people[node].heard_recently[kind]
            if heard.get(community) == step:  # not heard from since
                del heard[community]
                self.recent_pairs[kind] -= 1

    # ------------------------------------------------------------------ ties live
    def strengthen_or_fade_ties(self) -> None:
        """End of step: ties whose pair talked grow stronger, the others fade; types follow.

        See :mod:`tiesim.model.tie_dynamics`.  Without ``ties.dynamics`` only the step each
        pair last talked is noted (check-in rules read it), and without check-ins either (ties
        change only because people network) nothing is: nothing would read it.
        """
        if not self.ties.active:
            return
        graph, rules, t = self.graph, self.tie_rules, self.steps
        slots = np.flatnonzero(graph.alive)
        talked = self.active[slots]
        graph.writable("last_talk")[slots[talked]] = t
        if not self.ties.dynamics:
            return
        tie = graph.tie[slots]
        stored = rules.next_strength(graph.strength[slots], tie, talked).astype(np.float32)
        strength = stored.astype(np.float64)  # compare what is stored
        dissolve = strength < self.ties.dissolve_below
        new_tie = rules.next_type(strength, tie)
        graph.writable("strength")[slots] = stored
        graph.writable("contact_rate")[slots] = rules.curve.rate(strength).astype(np.float32)
        stay = ~dissolve
        graph.writable("tie")[slots[stay]] = new_tie[stay]
        # the step's events, in slot order
        event = np.where(new_tie < tie, PROMOTED, DEMOTED)  # Tie.STRONG is 0
        event = np.where(dissolve, DISSOLVED, np.where(new_tie != tie, event, -1))
        logged = event >= 0
        after = np.where(dissolve, NO_TIE, new_tie.astype(np.int64))
        self.tie_events.append(t, graph, slots[logged], event[logged], tie[logged], after[logged])
        self._cut(slots[dissolve])

    # ------------------------------------------------------------------ services to agents
    def hear_directly(self) -> np.ndarray:
        """Agents who hear of an opening directly this step, in order.

        An agent does if its ``arrival`` draw is below its community's arrival probability:
        ``a·(1 − L + L·C/H)`` in a community with demand this step, ``a·(1 − L)`` elsewhere (see
        ``tiesim.model.draws.arrival_probabilities``; both are ``a`` without job locality).
        """
        outside, inside = self._arrival
        draws = self.draws
        if outside == inside:
            return np.flatnonzero(draws.arrival < outside)
        chance = np.where(draws.hot[self.graph.community], inside, outside)
        return np.flatnonzero(draws.arrival < chance)

    def new_lead(self, person: Person) -> Lead:
        """A fresh opening heard directly by ``person``; ids are ``step·n + agent``."""
        t = self.steps
        return Lead(
            id=t * self.n + person.node, origin=person.community, born=t, path=(person.node,)
        )

    def tally_lead(self, person: Person, lead: Lead) -> None:
        """Count a lead heard, a job seeker's discovery, and the delay to a spell's first lead.

        Called before ``person`` notes the lead (so ``heard_today`` says whether it is the
        first lead it hears this step).
        """
        self._tally.leads_heard[lead.channel] += 1
        if person.looking and not person.heard_today:
            self._tally.discovered += 1
        if person.looking and not person.heard_since_job_loss:
            self._tally.first_lead_delay_total += self.steps - person.unemployed_since
            self._tally.first_lead_count += 1

    def record_hire(self, person: Person, lead: Lead) -> None:
        """Record a hire (see README, "Hire records")."""
        spell = self.steps - person.unemployed_since
        self._tally.hires[lead.channel] += 1
        self._tally.spell_total += spell
        embedded = -1
        if lead.channel is not Channel.DIRECT:
            embedded = len(list(nx.common_neighbors(self.G, lead.path[-2], person.node)))
        row = hire_record(
            self.steps, person.node, person.community, spell, lead, self.graph, embedded
        )
        if self.network is not None:
            row["tie_slot"] = lead.slot  # the other network columns: note_hire_ties()
            row["tie_formed"] = lead.tie_formed
        self.hire_rows.append(row)

    def note_hire_ties(self) -> None:
        """The network columns of this step's hires: facts of their ties, as they are now.

        Read for all of the step's hires at once, after the jobs phases (which change no tie).
        """
        rows = self.hire_rows[self._hires_noted :]
        self._hires_noted = len(self.hire_rows)
        if not rows:
            return
        slot = np.array([row["tie_slot"] for row in rows], np.int64)
        strategy = self.network.strategy[[row["agent"] for row in rows]]
        step = np.full(len(rows), self.steps, np.int64)
        formed = np.array([row["tie_formed"] for row in rows], np.int64)
        fields = network_hire_fields(step, strategy, slot, tie_facts(self.graph, slot, formed))
        for k, row in enumerate(rows):
            row |= {name: value[k] for name, value in fields.items()}

    def tally_job_loss(self) -> None:
        """Count a job loss."""
        self._tally.job_losses += 1

    def mention(self, sender: int, slot: int) -> float:
        """The uniform deciding whether ``sender`` mentions trends over tie ``slot`` today."""
        return self._mention[2 * slot + (0 if sender == self.graph.u[slot] else 1)]

    def heard_from(self, person: Person, kind: int, community: int, new: bool) -> None:
        """Count that ``person`` heard news of ``kind`` from ``community`` this step.

        ``new``: it had not in the last ``diversity_window`` steps (one more recent pair).
        """
        self.recent_pairs[kind] += new
        steps, who, communities = self._heard_log
        steps.append(self.steps)
        who.append(2 * person.node + kind)
        communities.append(community)

    def trend_origin(self, item: int) -> int:
        """Community where trend ``item`` started."""
        return self._item_by_id[item].origin

    def trend_topic(self, item: int) -> int:
        """Topic of trend ``item`` (-1 without topics: the item is its own topic)."""
        return self._item_by_id[item].topic

    def adopts_below_threshold(self, item: int, node: int) -> bool:
        """Whether an agent told of ``item`` by too few contacts adopts anyway this step."""
        return self._below.size > 0 and self._below[self._row_of[item], node] < (
            self.trends.below_threshold
        )

    def tally_adoption(self, person: Person, item: int) -> None:
        """Count an adoption in the item's reach."""
        record = self._item_by_id[item]
        record.adopters += 1
        record.communities.add(person.community)

    # ------------------------------------------------------------------ ties change
    def _cut(self, slots: np.ndarray) -> np.ndarray:
        """Take ties out of the table, the network and the networkx graph; the slots cut."""
        removed = self.graph.remove_ties(slots)
        for s in removed:
            u, v = int(self.graph.u[s]), int(self.graph.v[s])
            self.grid.remove_connection(self.grid._cells[u], self.grid._cells[v])
            self._ties_of.pop(u, None)
            self._ties_of.pop(v, None)
        if self._adjacency is not None and len(removed):
            self._adjacency.remove(self.graph.u[removed], self.graph.v[removed])
        return removed

    def tie_slot(self, a: int, b: int) -> int:
        """Slot of the tie between agents ``a`` and ``b`` (which must be tied)."""
        return self.G._adj[a][b].slot

    def ties_of(self, person: Person) -> list[tuple[Person, int]]:
        """Everyone tied to ``person`` with the slot of their tie, in order of agent number.

        Kept from one call to the next until a tie of ``person`` forms or is cut.
        """
        ties = self._ties_of.get(person.node)
        if ties is None:
            me, people = person.node, self.people
            others = sorted(person.cell.connections)
            ties = [(people[other], self.tie_slot(me, other)) for other in others]
            self._ties_of[person.node] = ties
        return ties

    def checkin_cost(self, slot: int) -> float:
        """Time a check-in on the tie in ``slot`` costs (by its type)."""
        return float(self.tie_rules.cost[self.graph.tie[slot]])

    def check_in(self, person: Person, slot: int, cost: float) -> None:
        """``person`` checks in on the tie in ``slot``: it is active this step."""
        self.graph.writable("last_checkin")[slot] = self.steps
        tie = int(self.graph.tie[slot])
        person.checkins[tie] += 1
        person.time_spent[tie] += cost
        self._tie_tally.checkins[tie] += 1
        self._tie_tally.time[tie] += cost

    def asked_today(self, slot: int) -> bool:
        """Whether an end of the tie in ``slot`` asked the other for an interview this step."""
        return self.networking.interviews_on and int(self.graph.last_asked[slot]) == self.steps

    def rows(self) -> Rows:
        """Everyone's contacts and tie slots now, as arrays (for ``tiesim.model.networking``).

        Read from an adjacency made the first time and edited as ties form and are cut.
        """
        if self._adjacency is None:
            self._adjacency = Adjacency(self.graph)
        adj = self._adjacency
        return Rows(adj.indptr, adj.degree, adj.neighbor, adj.slot)

    def looking_now(self) -> np.ndarray:
        """Who is without a job now (bool per agent)."""
        return np.array([person.status is Status.UNEMPLOYED for person in self.people], bool)

    def checkin_priority(self, node: int, slot: int) -> float:
        """``node``'s random priority for checking in on ``slot`` this step (smaller: sooner)."""
        return self._checkin[2 * slot + (0 if node == self.graph.u[slot] else 1)]

    def _tied(self, u: np.ndarray, v: np.ndarray) -> np.ndarray:
        pairs = zip(u.tolist(), v.tolist(), strict=True)
        return np.array([self.G.has_edge(a, b) for a, b in pairs], bool)

    def _enter(self, u: np.ndarray, v: np.ndarray, slots: np.ndarray) -> None:
        """Put new ties in the network and the networkx graph."""
        for a, b, s in zip(u.tolist(), v.tolist(), slots.tolist(), strict=True):
            self.grid.add_connection(self.grid._cells[a], self.grid._cells[b])
            self.G.add_edge(a, b, slot=s)
            self._ties_of.pop(a, None)
            self._ties_of.pop(b, None)
        if self._adjacency is not None:
            self._adjacency.add(u, v, slots)

    # ------------------------------------------------------------------ results
    def hires(self) -> pd.DataFrame:
        """Every hire so far, one row each."""
        return pd.DataFrame(self.hire_rows, columns=hire_columns(self.network is not None))

    def trend_items(self) -> pd.DataFrame:
        """Every trend item, retired or still followed."""
        rows = self.trend_rows + [trend_record(i, self.graph.n) for i in self.items]
        return pd.DataFrame(rows, columns=list(trend_columns(self.topics)))

    def agent_table(self, hires: pd.DataFrame | None = None) -> pd.DataFrame:
        """One row per person at the end of the run (README, "Agents table").

        ``hires`` is this model's ``hires()`` table, if already made (it is made otherwise).
        """
        people = self.people
        return agent_table(
            self.graph,
            self.hires() if hires is None else hires,
            steps=self.steps,
            employed=np.array([p.employed for p in people], bool),
            unemployed_since=np.array([p.unemployed_since for p in people], np.int64),
            leads_heard=np.array([p.leads_heard for p in people], np.int64),
            job_losses=np.array([p.job_losses for p in people], np.int64),
            checkins=np.array([p.checkins for p in people], np.int64),
            time_spent=np.array([p.time_spent for p in people], np.float64),
            network=self.network,
            items_heard=np.array([p.items_heard for p in people], np.int64),
            topic_counts=self.topic_counts(),
        )

    def topic_counts(self) -> np.ndarray | None:
        """Trend items each person heard of, by topic (agents × topics); None without topics."""
        if not self.topics:
            return None
        topics = self.num_communities * self.trends.topics_per_community
        counts = np.zeros((self.n, topics), np.int64)
        for person in self.people:
            for topic, count in person.topics_heard.items():
                counts[person.node, topic] = count
        return counts


def in_agent_order(people) -> list[Person]:
    """Distinct people, in order of agent number."""
    return sorted({person.node: person for person in people}.values(), key=_node)


def _node(person: Person) -> int:
    return person.node


def _reporter(name: str):
    def report(model: WeakTiesModel) -> float:
        return model.metrics_rows[-1][name] if model.metrics_rows else float("nan")

    report.__name__ = name
    return report
