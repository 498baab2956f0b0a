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
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tiesim.config import NetworkingConfig
from tiesim.config.networking import RANKINGS, STRATEGIES
from tiesim.graphs.ties import FORMED_BY, SocialGraph, Tie
from tiesim.model.streams import Uniforms
from tiesim.model.tie_dynamics import ContactCurve

EVENT, ONLINE, ACTIVITY, INTRODUCTION, CLOSURE = (FORMED_BY.index(x) for x in FORMED_BY[1:6])
HOMEBODY, NETWORKER, ASKS = range(3)


class Rows:
    """Each agent's contacts in increasing agent number, with the slot of each tie.

    A view of the array engine's :class:`~tiesim.engines.array_graph.Adjacency` (the Mesa
    engine builds one from its tie table when it needs it).
    """

    def __init__(self, indptr: np.ndarray, degree: np.ndarray, neighbor, slot) -> None:
        self.indptr, self.degree, self.neighbor, self.slot = indptr, degree, neighbor, slot

    def contacts(self, i: int) -> np.ndarray:
        """Agent ``i``'s contacts, increasing."""
        start = self.indptr[i]
        return self.neighbor[start : start + self.degree[i]]

    def slots(self, i: int) -> np.ndarray:
        """The slots of agent ``i``'s ties, in the order of :meth:`contacts`."""
        start = self.indptr[i]
        return self.slot[start : start + self.degree[i]]

    def mutual(self, a: int, b: int) -> int:
        """Contacts ``a`` and ``b`` share."""
        return int(np.intersect1d(self.contacts(a), self.contacts(b), assume_unique=True).size)

    def tied(self, a: int, b: int) -> bool:
        """Whether ``a`` and ``b`` are tied."""
        row = self.contacts(a)
        k = int(np.searchsorted(row, b))
        return k < len(row) and int(row[k]) == b


@dataclass
class NewTies:
    """Pairs to tie at the end of a step, in the order found (first finding wins)."""

    u: list[int] = field(default_factory=list)
    v: list[int] = field(default_factory=list)
    formed_by: list[int] = field(default_factory=list)
    mutual: list[int] = field(default_factory=list)
    _seen: set[tuple[int, int]] = field(default_factory=set)

    def offer(self, rows: Rows, a: int, b: int, how: int) -> None:
        """Tie ``a``–``b`` (formed by ``how``) unless they are the same, tied, or already new."""
        pair = (min(a, b), max(a, b))
        if a == b or pair in self._seen or rows.tied(a, b):
            return
        self._seen.add(pair)
        self.u.append(pair[0])
        self.v.append(pair[1])
        self.formed_by.append(how)
        self.mutual.append(rows.mutual(a, b))


class Networking:
    """The people-who-network state of one run: strategies, arms, activity groups, counters.

    Parameters
    ----------
    config : NetworkingConfig
        The ``networking`` section (active).
    graph : SocialGraph
        The starting graph (its contact curve sets new ties' contact rate).
    rng : numpy Generator
        The run's random root, right after the initial employment draw.

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

    def __init__(self, config: NetworkingConfig, graph: SocialGraph, rng: np.random.Generator):
        self.config = config
        n = graph.n
        self.community = graph.community
        self.members = [np.flatnonzero(graph.community == c) for c in range(graph.num_communities)]
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
        curve = ContactCurve.from_graph(graph)
        self.new_rate = float(
            curve.rate(np.array([np.float64(np.float32(config.new_strength))]))[0]
        )
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
        key = Uniforms.draw(rng) if rule == "random" else None
        last_asked = graph.writable("last_asked")
        last_checkin = graph.writable("last_checkin")
        wait = self.config.interviews.ask_again_after
        seekers, contacts = [], []
        for i in np.flatnonzero(looking & (self.strategy == ASKS)).tolist():
            others, slots = rows.contacts(i), rows.slots(i)
            free = (last_asked[slots] == 0) | (t - last_asked[slots] >= wait)
            others, slots = others[free], slots[free]
            if not len(slots):
                continue
            order = self._ask_order(rule, i, others, slots, graph, key)[: self.asks]
            last_asked[slots[order]] = t
            last_checkin[slots[order]] = t
            seekers.extend([i] * len(order))
            contacts.extend(others[order].tolist())
            self.interviews[i] += len(order)
        self.asked = (np.array(seekers, np.int64), np.array(contacts, np.int64))
        self.step_interviews = len(seekers)

    def _ask_order(self, rule, i, others, slots, graph, key) -> np.ndarray:
        """Positions of ``i``'s askable ties in the order ``rule`` asks them."""
        strength = graph.strength[slots].astype(np.float64)
        if rule == "strongest_first":
            return np.argsort(-strength, kind="stable")
        if rule == "random":
            is_u = graph.u[slots] == i
            return np.argsort(
                key.at(2 * slots.astype(np.int64) + np.where(is_u, 0, 1)), kind="stable"
            )
        if rule == "other_community_first":
            same = self.community[others] == self.community[i]
            return np.lexsort((strength, same))
        return np.argsort(strength, kind="stable")  # weakest_first

    # ------------------------------------------------------------------ phase 6
    def form_ties(
        self, rng: np.random.Generator, rows: Rows, looking: np.ndarray, tie: np.ndarray
    ) -> NewTies:
        """The pairs that form ties at the end of the step (see the module docstring).

        ``looking``: who is without a job now; ``tie``: the tie table's type column.
        """
        config, new = self.config, NewTies()
        n = len(looking)
        # 1. introductions after interviews
        seekers, contacts = self.asked
        if config.interviews.rule != "none" and config.interviews.introduce > 0 and len(seekers):
            happen = rng.random(len(seekers)) < config.interviews.introduce
            pick = rng.random(len(seekers))
            for k in np.flatnonzero(happen & looking[seekers]).tolist():
                s, c = int(seekers[k]), int(contacts[k])
                mine = rows.contacts(s)
                theirs = rows.contacts(c)
                candidates = theirs[(theirs != s) & ~np.isin(theirs, mine)]
                if len(candidates):
                    new.offer(
                        rows, s, int(candidates[int(pick[k] * len(candidates))]), INTRODUCTION
                    )
        # 2. events
        events = config.events
        if events.rate > 0:
            for _ in range(int(rng.poisson(events.rate))):
                if events.scope == "local":
                    people = self.members[int(rng.integers(len(self.members)))]
                else:
                    people = np.arange(n)
                weight = self.effort[people] * np.where(looking[people], events.seeker_weight, 1.0)
                attendees = np.sort(
                    people[_weighted_sample(rng, weight, min(events.size, len(people)))]
                )
                self._meet(rng, rows, new, attendees, events.meet, EVENT)
        # 3. activities
        activities = config.activities
        if self.groups and activities.rate > 0:
            meets = rng.random(len(self.groups)) < activities.rate
            for g in np.flatnonzero(meets).tolist():
                self._meet(rng, rows, new, self.groups[g], activities.meet, ACTIVITY)
        # 4. online recommendations
        online = config.online
        if online.rate > 0:
            shown = np.flatnonzero(rng.random(n) < np.minimum(1.0, online.rate * self.effort))
            pick, accept = rng.random(len(shown)), rng.random(len(shown))
            for k, i in enumerate(shown.tolist()):
                if accept[k] >= online.accept:
                    continue
                friend = recommend(rows, i, RANKINGS[self.ranking[i]], pick[k])
                if friend >= 0:
                    new.offer(rows, i, friend, ONLINE)
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
            for k, i in enumerate(chosen.tolist()):
                friends = rows.contacts(i)
                if strong_only:
                    friends = friends[tie[rows.slots(i)] == Tie.STRONG]
                a, b = pick_pair(friends, picks[k])
                if a >= 0:
                    new.offer(rows, a, b, how)
        return new

    @staticmethod
    def _meet(rng, rows: Rows, new: NewTies, people: np.ndarray, chance: float, how: int) -> None:
        """Each pair of ``people`` (increasing) forms a tie with probability ``chance``."""
        a, b = np.triu_indices(len(people), k=1)
        meet = rng.random(len(a)) < chance
        for x, y in zip(people[a[meet]].tolist(), people[b[meet]].tolist(), strict=True):
            new.offer(rows, x, y, how)


def recommend(rows: Rows, i: int, ranking: str, u: float) -> int:
    """The friend of a friend of ``i`` a platform ranking by ``ranking`` shows (-1: none).

    Candidates are the contacts of ``i``'s contacts not tied to ``i`` (nor ``i``), in
    increasing agent number; ``u`` picks among the best ranked (or among all, ``random``).
    """
    mine = rows.contacts(i)
    if not len(mine):
        return -1
    reach = np.concatenate([rows.contacts(int(c)) for c in mine.tolist()])
    candidates, mutual = np.unique(reach, return_counts=True)
    keep = (candidates != i) & ~np.isin(candidates, mine)
    candidates, mutual = candidates[keep], mutual[keep]
    if not len(candidates):
        return -1
    if ranking == "most_mutual":
        candidates = candidates[mutual == mutual.max()]
    elif ranking == "fewest_mutual":
        candidates = candidates[mutual == mutual.min()]
    return int(candidates[int(u * len(candidates))])


def shared_contacts(graph: SocialGraph, slots: np.ndarray) -> np.ndarray:
    """Contacts the two ends of each tie in ``slots`` share now (a sparse product)."""
    A = graph.adjacency()
    A.data[:] = 1
    counts = (A @ A).multiply(A).tocsr()
    return np.asarray(counts[graph.u[slots], graph.v[slots]]).ravel().astype(np.int64)


def pick_pair(people: np.ndarray, u: np.ndarray) -> tuple[int, int]:
    """Two distinct entries of ``people`` chosen by the uniforms ``u[0]``, ``u[1]`` (-1: none)."""
    count = len(people)
    if count < 2:
        return -1, -1
    first = int(u[0] * count)
    second = int(u[1] * (count - 1))
    second += second >= first  # skip the first one
    return int(people[first]), int(people[second])


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

    Efraimidis & Spirakis (2006): the largest keys ``log(u) / weight``, one uniform per entry
    (entries of weight 0 are never drawn; fewer are returned if fewer have weight).
    """
    u = rng.random(len(weight))
    with np.errstate(divide="ignore"):
        key = np.where(weight > 0, np.log(u) / np.where(weight > 0, weight, 1.0), -np.inf)
    size = min(size, int(np.count_nonzero(weight > 0)))
    return np.argsort(-key, kind="stable")[:size]


def _affordable(budget: float, cost: float) -> int:
    """How many interviews of ``cost`` fit in ``budget`` (added one after another)."""
    count, spent = 0, 0.0
    while cost <= budget - spent:
        spent += cost
        count += 1
    return count
