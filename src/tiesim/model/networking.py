"""People who network: ties made at events, online and in activities; interviews; introductions.

The rules of the ``networking`` config section (README, "People who network").  They are
written once, here, and both engines call them at the same two places of a step with the same
random numbers, so the two agree exactly by construction:

* **Interviews** (phase 2b, after check-ins, :meth:`Networking.ask_for_interviews`).  Every job
  seeker (unemployed at the start of the step) whose strategy is ``asks_for_interviews`` asks as
  many contacts as its ``interviews.budget`` pays for at ``interviews.cost`` each, in the order
  of ``interviews.rule``: ``weakest_first`` / ``strongest_first`` (by tie strength),
  ``random`` (a fresh random order each step) or ``other_community_first`` (contacts in another
  community first, weakest first within each group); ties break by contact number.  A pair
  talk about work at most once every ``ask_again_after`` steps (whichever end asked), so only
  ties not asked over for that long are asked.  An asked tie is active this step whatever its
  contact rate (the seeker calls), and a contact holding a lead it passes on tells a job seeker
  who asked it before anyone else: that hire's channel is ``interview``.
* **Ties form** (phase 6, after the tie updates, :meth:`Networking.form_ties`), mechanism by
  mechanism in this order, each drawing its random numbers only when it is on:

  1. *introductions after interviews*: each interview of the step whose seeker is still
     looking leads, with probability ``interviews.introduce``, to the asked contact
     introducing the seeker to one of its own contacts not yet tied to the seeker (at random);
  2. *events*: ``Poisson(events.rate)`` events; each draws ``events.size`` attendees from
     everyone (``industry``) or one random community (``local``), without replacement, with
     weight ``effort × seeker_weight`` for someone looking for work and ``effort`` otherwise
     (``effort`` is ``networker_effort`` for networkers, 1 for others); each pair of attendees
     forms a tie with probability ``events.meet``;
  3. *activities*: ``activities.groups`` groups are formed when the run starts, each with a
     home community (at random) and ``activities.size`` members, of which a share
     ``homophily`` comes from the home community and the rest from anyone (weighted by
     effort); each step each group meets with probability ``activities.rate``, and each pair of
     members at a meeting forms a tie with probability ``activities.meet``;
  4. *online recommendations*: each agent is shown one recommendation with probability
     ``online.rate × effort`` (at most 1): a friend of a friend not yet tied to it, ranked by
     its ranking (its experimental arm, if ``online.arms`` lists any, else ``online.rank``):
     ``most_mutual`` / ``fewest_mutual`` (the most or fewest mutual contacts, at random among
     equals) or ``random``; it accepts with probability ``online.accept``;
  5. *introductions*: each agent, with probability ``closure.introductions``, introduces two of
     its contacts (a random pair) who are not tied;
  6. *strong triads close*: each agent, with probability ``closure.strong_triads``, picks two
     of its strong contacts (a random pair); if they are not tied they form a tie (Granovetter's
     "forbidden triad" argument: two strong ties of one person rarely stay strangers).

  A pair already tied, or already formed earlier in the step, forms nothing.  Every new tie
  starts weak with strength ``new_strength`` and the contact rate of that strength on the
  graph's contact curve (:class:`~tiesim.model.tie_dynamics.ContactCurve`), and records how it
  formed, when, and the contacts its pair shared then.

Random numbers are drawn from the model's generator in the order above (interviews: one key
for ``random`` order, right after the step's draws), in array blocks whose sizes do not depend
on the engine.  Strategies, experimental arms and activity groups are drawn once when the run
starts, after the initial employment draw.

The code below draws the numbers and says, mechanism by mechanism, who is concerned; the loops
over them (each seeker's contacts, each shown agent's friends of friends, each chosen agent's
pair, each pair's check) are compiled, in :mod:`tiesim.engines.kernels_networking`, and both
engines run them on the same arrays.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

import numpy as np

from tiesim.config import NetworkingConfig
from tiesim.config.networking import RANKINGS, STRATEGIES
from tiesim.engines.array_graph import Adjacency
from tiesim.engines.kernels_adjacency import tied
from tiesim.engines.kernels_networking import (
    ASK_ORDERS,
    ask_contacts,
    largest_keys,
    mutual_contacts,
    pick_pairs,
    pick_unshared,
    recommend,
)
from tiesim.graphs.ties import FORMED_BY, SocialGraph
from tiesim.model.streams import Uniforms
from tiesim.model.tie_dynamics import ContactCurve

EVENT, ONLINE, ACTIVITY, INTRODUCTION, CLOSURE = (FORMED_BY.index(x) for x in FORMED_BY[1:6])
HOMEBODY, NETWORKER, ASKS = range(3)


class Rows:
    """Each agent's contacts in increasing agent number, with the slot of each tie.

    A view of the array engine's :class:`~tiesim.engines.array_graph.Adjacency` (the Mesa
    engine keeps one too, for this): agent ``i``'s contacts are
    ``neighbor[indptr[i] : indptr[i] + degree[i]]``, the slots of its ties at the same places
    of ``slot``.  The loops over rows are compiled (:mod:`tiesim.engines.kernels_networking`).
    """

    def __init__(self, indptr: np.ndarray, degree: np.ndarray, neighbor, slot) -> None:
        self.adj = (indptr, degree, neighbor, slot)

    def tied(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Whether each pair ``a[k]``–``b[k]`` is tied."""
        indptr, degree, neighbor, _ = self.adj
        return tied(indptr, degree, neighbor, a, b)

    def mutual(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Contacts each pair ``a[k]``–``b[k]`` shares."""
        indptr, degree, neighbor, _ = self.adj
        return mutual_contacts(indptr, degree, neighbor, a, b)


@dataclass
class NewTies:
    """Pairs to tie at the end of a step (``u < v``), how each formed, the contacts it shares."""

    u: np.ndarray
    v: np.ndarray
    formed_by: np.ndarray
    mutual: np.ndarray


@dataclass
class Offers:
    """Pairs the mechanisms of a step bring together, in the order found."""

    a: list[np.ndarray] = field(default_factory=list)
    b: list[np.ndarray] = field(default_factory=list)
    how: list[np.ndarray] = field(default_factory=list)

    def add(self, a: np.ndarray, b: np.ndarray, how: int) -> None:
        """Offer the pairs ``a[k]``–``b[k]`` (formed by ``how``); an end -1 offers nothing."""
        real = (a >= 0) & (b >= 0)
        self.a.append(a[real])
        self.b.append(b[real])
        self.how.append(np.full(np.count_nonzero(real), how, np.int64))

    def new_ties(self, rows: Rows) -> NewTies:
        """The pairs that form ties: each the first time it was offered, unless already tied.

        With the contacts each pair shares now.
        """
        none = [np.empty(0, np.int64)]
        a, b, how = (np.concatenate(none + x) for x in (self.a, self.b, self.how))
        u, v = np.minimum(a, b), np.maximum(a, b)
        _, first = np.unique(u * len(rows.adj[1]) + v, return_index=True)
        first = np.sort(first)  # each pair where it was first offered, in the order offered
        first = first[u[first] != v[first]]
        first = first[~rows.tied(u[first], v[first])]
        u, v = u[first], v[first]
        return NewTies(u, v, how[first], rows.mutual(u, v))


class Networking:
    """The people-who-network state of one run: strategies, arms, activity groups, counters.

    Parameters
    ----------
    config : NetworkingConfig
        The ``networking`` section (active).
    graph : SocialGraph
        The starting graph.
    rng : numpy Generator
        The run's random root, right after the initial employment draw.
    curve : ContactCurve
        The contact curve living ties use (``TieRules.curve``): a new tie's contact rate.

    Attributes
    ----------
    strategy : ndarray of int64, shape (n,)
        Each agent's strategy (index into ``config.STRATEGIES``).
    ranking : ndarray of int64, shape (n,)
        Each agent's recommendation ranking (index into ``RANKINGS``): its arm.
    groups : list of ndarray
        Members of each activity group, increasing.
    interviews : ndarray of int64, shape (n,)
        Interviews each agent asked for over the run.
    """

    def __init__(
        self,
        config: NetworkingConfig,
        graph: SocialGraph,
        rng: np.random.Generator,
        curve: ContactCurve,
    ) -> None:
        self.config = config
        n = graph.n
        self.community = graph.community
        by_community = np.argsort(graph.community, kind="stable")  # members in agent order
        sizes = np.bincount(graph.community, minlength=graph.num_communities)
        self.members = np.split(by_community, np.cumsum(sizes)[:-1])
        self.strategy = assign_shares(n, [config.shares[s] for s in STRATEGIES], rng)
        effort = np.array([1.0, config.networker_effort, 1.0])
        self.effort = effort[self.strategy]
        arms = config.online.arms
        if arms:
            self.ranking = np.array([RANKINGS.index(a) for a in arms])[
                rng.integers(len(arms), size=n)
            ]
        else:
            self.ranking = np.full(n, RANKINGS.index(config.online.rank), np.int64)
        self.groups = (
            self._form_groups(rng, graph.num_communities) if config.activities.groups else []
        )
        alive = np.flatnonzero(graph.alive)
        graph.writable("mutual_formed")[alive] = shared_contacts(graph, alive)
        self.new_rate = float(
            curve.rate(np.array([np.float64(np.float32(config.new_strength))]))[0]
        )
        self.online_chance = np.minimum(1.0, config.online.rate * self.effort)
        self.interviews = np.zeros(n, np.int64)
        self.asks = int(_affordable(config.interviews.budget, config.interviews.cost))
        self.asked: tuple[np.ndarray, np.ndarray] = (np.empty(0, np.int64), np.empty(0, np.int64))
        self.step_interviews = 0

    # ------------------------------------------------------------------ set up
    def _form_groups(self, rng: np.random.Generator, num_communities: int) -> list[np.ndarray]:
        """Activity groups: a home community each, ``homophily`` of members from it."""
        activities, n = self.config.activities, len(self.strategy)
        homes = rng.integers(num_communities, size=activities.groups)
        groups = []
        for home in homes.tolist():
            local = self.members[home]
            from_home = min(round(activities.homophily * activities.size), len(local))
            chosen = local[_weighted_sample(rng, self.effort[local], from_home)]
            weight = self.effort.copy()
            weight[chosen] = 0.0
            rest = _weighted_sample(rng, weight, min(activities.size - from_home, n - from_home))
            groups.append(np.sort(np.concatenate([chosen, rest])))
        return groups

    # ------------------------------------------------------------------ phase 2b
    def ask_for_interviews(
        self, rng: np.random.Generator, t: int, graph: SocialGraph, rows: Rows, looking: np.ndarray
    ) -> None:
        """Job seekers who ask for interviews ask contacts (see the module docstring).

        Marks each asked tie (``last_asked`` and ``last_checkin`` = ``t``: it is active).
        """
        rule = self.config.interviews.rule
        key = Uniforms.draw(rng).key if rule == "random" else np.uint64(0)
        seekers = np.flatnonzero(looking & (self.strategy == ASKS))
        # each seeker in turn asks up to self.asks of its contacts not asked over lately, in
        # the rule's order, and marks the ties asked (a seeker later in line finds them taken)
        ties = (graph.strength, graph.u, graph.writable("last_asked"))
        ties += (graph.writable("last_checkin"),)
        self.asked = ask_contacts(
            t,
            ASK_ORDERS[rule],
            self.asks,
            self.config.interviews.ask_again_after,
            key,
            seekers,
            rows.adj,
            ties,
            self.community,
            self.interviews,
        )
        self.step_interviews = len(self.asked[0])

    # ------------------------------------------------------------------ phase 6
    def form_ties(
        self, rng: np.random.Generator, rows: Rows, looking: np.ndarray, tie: np.ndarray
    ) -> NewTies:
        """The pairs that form ties at the end of the step (see the module docstring).

        ``looking``: who is without a job now; ``tie``: the tie table's type column.
        """
        config, found = self.config, Offers()
        indptr, degree, neighbor, _ = rows.adj
        n = len(looking)
        # 1. introductions after interviews
        seekers, contacts = self.asked
        if config.interviews.rule != "none" and config.interviews.introduce > 0 and len(seekers):
            happen = rng.random(len(seekers)) < config.interviews.introduce
            pick = rng.random(len(seekers))
            k = np.flatnonzero(happen & looking[seekers])
            # the contact asked introduces the seeker to one of its own contacts, at random
            other = pick_unshared(indptr, degree, neighbor, seekers[k], contacts[k], pick[k])
            found.add(seekers[k], other, INTRODUCTION)
        # 2. events
        events = config.events
        if events.rate > 0:
            for _ in range(int(rng.poisson(events.rate))):
                if events.scope == "local":
                    people = self.members[int(rng.integers(len(self.members)))]
                    effort, seeking = self.effort[people], looking[people]
                else:
                    people, effort, seeking = np.arange(n), self.effort, looking
                weight = effort * np.where(seeking, events.seeker_weight, 1.0)
                attendees = np.sort(
                    people[_weighted_sample(rng, weight, min(events.size, len(people)))]
                )
                found.add(*self._meet(rng, attendees, events.meet), EVENT)
        # 3. activities
        activities = config.activities
        if self.groups and activities.rate > 0:
            meets = rng.random(len(self.groups)) < activities.rate
            for g in np.flatnonzero(meets).tolist():
                found.add(*self._meet(rng, self.groups[g], activities.meet), ACTIVITY)
        # 4. online recommendations
        online = config.online
        if online.rate > 0:
            shown = np.flatnonzero(rng.random(n) < self.online_chance)
            pick, accept = rng.random(len(shown)), rng.random(len(shown))
            yes = accept < online.accept  # only an accepted recommendation matters
            who, ranking = shown[yes], self.ranking[shown[yes]]
            friend = recommend(indptr, degree, neighbor, who, ranking, pick[yes])
            found.add(who, friend, ONLINE)
        # 5.-6. introductions among contacts; strong triads close
        closure = config.closure
        for rate, how, strong_only in (
            (closure.introductions, INTRODUCTION, False),
            (closure.strong_triads, CLOSURE, True),
        ):
            if rate <= 0:
                continue
            chosen = np.flatnonzero(rng.random(n) < rate)
            picks = rng.random((len(chosen), 2))
            # a random pair of each chosen agent's contacts (of its strong contacts: triads)
            found.add(*pick_pairs(rows.adj, tie, chosen, picks, strong_only), how)
        return found.new_ties(rows)

    @staticmethod
    def _meet(rng, people: np.ndarray, chance: float) -> tuple[np.ndarray, np.ndarray]:
        """The pairs of ``people`` (increasing) who form a tie, each with probability ``chance``."""
        a, b = _pairs(len(people))
        meet = rng.random(len(a)) < chance
        return people[a[meet]], people[b[meet]]


def shared_contacts(graph: SocialGraph, slots: np.ndarray) -> np.ndarray:
    """Contacts the two ends of each tie in ``slots`` share now."""
    adj = Adjacency(graph)
    rows = Rows(adj.indptr, adj.degree, adj.neighbor, adj.slot)
    return rows.mutual(graph.u[slots].astype(np.int64), graph.v[slots].astype(np.int64))


def assign_shares(n: int, shares: list[float], rng: np.random.Generator) -> np.ndarray:
    """Labels ``0..len(shares)-1`` for ``n`` agents in the given shares, at random.

    Counts are ``n × share`` rounded by largest remainder (so they add up to ``n``); which
    agent gets which label is a random permutation.
    """
    exact = np.asarray(shares, np.float64) * n
    counts = np.floor(exact).astype(np.int64)
    short = n - int(counts.sum())
    counts[np.argsort(-(exact - counts), kind="stable")[:short]] += 1
    labels = np.repeat(np.arange(len(shares)), counts)
    return labels[rng.permutation(n)]


def _weighted_sample(rng: np.random.Generator, weight: np.ndarray, size: int) -> np.ndarray:
    """Positions of ``size`` entries drawn without replacement with probability ∝ ``weight``.

    Efraimidis & Spirakis (2006): the largest keys ``log(u) / weight``, one uniform per entry,
    largest first (entries of weight 0 are never drawn; fewer are returned if fewer have
    weight).
    """
    return largest_keys(rng.random(len(weight)), weight, size)


@functools.lru_cache(maxsize=64)
def _pairs(count: int) -> tuple[np.ndarray, np.ndarray]:
    """``np.triu_indices(count, k=1)``: every pair of ``count`` positions, in order (cached)."""
    a, b = np.triu_indices(count, k=1)
    a.flags.writeable = b.flags.writeable = False
    return a, b


def _affordable(budget: float, cost: float) -> int:
    """How many interviews of ``cost`` fit in ``budget`` (added one after another)."""
    count, spent = 0, 0.0
    while cost <= budget - spent:
        spent += cost
        count += 1
    return count
