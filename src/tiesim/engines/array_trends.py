"""Trends for the array engine: novel items spreading by simple or complex contagion.

The rules are those of :meth:`tiesim.model.model.WeakTiesModel.spread_trends` and of
:meth:`Person.listen_to_trends` / :meth:`Person.adopt_trends`, applied to all agents at once.
Each followed item is one row of the matrices below (rows in order of creation, a retired
item's row deleted), the same order as the Mesa engine's ``items`` list, so the
below-threshold draws (one per item row and agent) line up.  All items are followed for the
same ``horizon``, so those retired are always the oldest rows: the matrices are views into
buffers with spare rows at the end, and seeding or retiring an item copies no matrix except
when the spare rows run out.

The listen and adopt phases run as compiled kernels (:mod:`tiesim.engines.kernels_trends`):
instead of the Mesa engine's sets of tellers, the state remembers, per item and agent, the
first ``threshold - 1`` tellers (``first_tellers``) and counts tellers up to ``threshold``
(``told``); the kernels' module says why that suffices.  Per agent it also keeps the number of
followed items adopted (``adopted_count``) and, while at most 64 items are followed, the items
adopted as bits (``adopted_bits``), so the listen kernel skips pairs where the sender has
nothing new for the receiver before anything else is looked up.

With topics (``trends.topics_per_community``) a new item retires the followed item of its
topic, which need not be the oldest: those retirements delete rows anywhere
(:meth:`Trends._drop_rows`).  Who heard of an item (told of it, or adopted it) is read off its
row when it retires (and at the end, for those still followed): each agent's count of items
heard, and of items heard per topic (``topic_counts``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tiesim.config import TrendsConfig
from tiesim.engines.array_graph import Adjacency, OriginsSet, row_entries
from tiesim.engines.kernels_trends import BITS, adopt, listen
from tiesim.graphs.ties import SocialGraph
from tiesim.model.draws import StepDraws, draw_trend_adoption
from tiesim.model.metrics import StepTally
from tiesim.model.records import trend_row


class Trends:
    """Followed trend items and who adopted them (Centola & Macy 2007).

    Attributes
    ----------
    adopted : ndarray of bool, shape (items, n)
        Whether each agent adopted each followed item.
    told : ndarray of int32, shape (items, n)
        Distinct contacts who told each agent of each item, counted up to ``threshold``.
    adopted_bits : ndarray of uint64, shape (n,)
        While at most ``BITS`` (64) items are followed, the items each agent adopted as bits
        (bit ``row``); not used above that.
    """

    def __init__(
        self,
        config: TrendsConfig,
        graph: SocialGraph,
        adjacency: Adjacency,
        members: list[np.ndarray],
        checkins: bool = False,
    ) -> None:
        self.config = config
        self.adjacency = adjacency  # edited in place when ties change
        self.n = graph.n
        self.community = graph.community
        self.num_communities = graph.num_communities
        self.adopted_bits = np.zeros(self.n, np.uint64)
        self.adopted_count = np.zeros(self.n, np.int32)
        self.members = members
        self.threshold = config.threshold if config.contagion == "complex" else 1
        self.ids: list[int] = []
        self.start: list[int] = []
        self.seed_agent: list[int] = []
        self.half_time: list[int | None] = []
        self.topic: list[int] = []  # -1: without topics, each item its own
        self.items_heard = np.zeros(self.n, np.int64)  # of the items retired so far
        topics = config.topics_per_community * self.num_communities
        self.topic_counts = np.zeros((self.n, topics), np.int64) if topics else None
        # per-item arrays (origin, adopters, adopted, told, reached, first_tellers: see
        # _row_arrays) are the rows first .. first + len(ids) of the buffers
        self._buffers = {
            name: np.zeros((0, *shape), dtype)
            for name, (shape, dtype) in self._row_arrays().items()
        }
        self._first = 0
        self._views()
        self.half_times: list[int] = []
        self.half_time_total = 0
        self.retired_rows: list[dict[str, Any]] = []
        self._next_item = 0
        self.fresh = np.empty(1024, np.int64)  # this step's candidates to adopt (kernel buffer)
        self.checkins = checkins  # whether people check in on ties (a tie checked in talks)
        self.used = 0

    # ------------------------------------------------------------------ one step
    def step(
        self,
        t: int,
        rng: np.random.Generator,
        draws: StepDraws,
        graph: SocialGraph,
        origins: OriginsSet,
    ) -> None:
        """Retire old items, seed new ones, then let everyone listen and adopt.

        Everyone who hears of an item (when it starts, or when first told of it) is noted in
        ``origins``.
        """
        self.retire(t, draws.new_trend_topics)
        self.seed(t, draws, origins)
        below = draw_trend_adoption(rng, len(self.ids), self.n, self.config)
        self.listen(t, draws, graph, origins)
        self.adopt(below)
        for row, start in enumerate(self.start):
            if self.half_time[row] is None and 2 * self.adopters[row] >= self.n:
                self.half_time[row] = t - start
                self.half_times.append(t - start)
                self.half_time_total += t - start

    def retire(self, t: int, new_topics: np.ndarray | None = None) -> None:
        """Record and forget the items followed for ``horizon`` steps or superseded.

        ``new_topics``: the topics of the step's new items (None without topics); the
        followed item of each of those topics is superseded.
        """
        superseded = set() if new_topics is None else set(new_topics.tolist())
        horizon = self.config.horizon
        old = [
            row
            for row, start in enumerate(self.start)
            if t - start >= horizon or self.topic[row] in superseded
        ]
        if not old:
            return
        self.retired_rows.extend(self.record(row) for row in old)
        self._count_heard(old, self.items_heard, self.topic_counts)
        if old[-1] == len(old) - 1:  # the oldest rows
            self._drop_oldest(len(old))
        else:
            self._drop_rows(old)

    def _count_heard(
        self, rows: list[int], items_heard: np.ndarray, topic_counts: np.ndarray | None
    ) -> None:
        """Add who heard of the items in ``rows`` to the counts (in place)."""
        heard = (self.told[rows] > 0) | self.adopted[rows]
        items_heard += heard.sum(axis=0)
        if topic_counts is not None:
            for k, row in enumerate(rows):
                topic_counts[heard[k], self.topic[row]] += 1

    def heard(self) -> tuple[np.ndarray, np.ndarray | None]:
        """Per agent: trend items heard of over the run, and of them per topic (or None).

        Without topics (None) every item is its own topic.
        """
        items = self.items_heard.copy()
        topics = None if self.topic_counts is None else self.topic_counts.copy()
        self._count_heard(list(range(len(self.ids))), items, topics)
        return items, topics

    # ------------------------------------------------------------------ item rows
    def _row_arrays(self) -> dict[str, tuple[tuple[int, ...], type]]:
        """Shape of one row, and dtype, of each per-item array."""
        return {
            "origin": ((), np.int64),  # community where the item started
            "adopters": ((), np.int64),
            "adopted": ((self.n,), np.bool_),
            "told": ((self.n,), np.int32),
            "reached": ((self.num_communities,), np.bool_),  # communities of adopters
            "first_tellers": ((self.n, self.threshold - 1), np.int32),
        }

    def _views(self) -> None:
        """Point the per-item arrays at the followed items' rows of the buffers."""
        rows = slice(self._first, self._first + len(self.ids))
        for name, buffer in self._buffers.items():
            setattr(self, name, buffer[rows])

    def _drop_oldest(self, count: int) -> None:
        """Forget the first ``count`` item rows."""
        followed = len(self.ids)
        self.adopted_count -= self.adopted[:count].sum(axis=0, dtype=np.int32)
        for name in ("ids", "start", "seed_agent", "half_time", "topic"):
            del getattr(self, name)[:count]
        self._first += count
        self._views()
        if followed > BITS or count >= BITS:  # rows past the 64th had no bits: set afresh
            self._set_bits()
        else:
            self.adopted_bits >>= np.uint64(count)

    def _drop_rows(self, rows: list[int]) -> None:
        """Forget the item ``rows`` (in increasing order), the others keeping their order."""
        keep = np.ones(len(self.ids), bool)
        keep[rows] = False
        self.adopted_count -= self.adopted[~keep].sum(axis=0, dtype=np.int32)
        for name in ("ids", "start", "seed_agent", "half_time", "topic"):
            values = getattr(self, name)
            setattr(self, name, [x for x, kept in zip(values, keep, strict=True) if kept])
        kept = self._first + np.flatnonzero(keep)
        for buffer in self._buffers.values():
            buffer[self._first : self._first + len(kept)] = buffer[kept]  # a copy, then moved
        self._views()
        self._set_bits()

    def _set_bits(self) -> None:
        """Set ``adopted_bits`` afresh from ``adopted`` (bit ``row`` for the first 64 rows)."""
        self.adopted_bits[:] = 0
        for row in range(min(len(self.ids), BITS)):
            self.adopted_bits[self.adopted[row]] |= np.uint64(1) << np.uint64(row)

    def _add_rows(self, count: int) -> None:
        """Give the ``count`` items just appended to ``ids`` rows of zeros (nobody adopted)."""
        rows, old = len(self.ids), len(self.ids) - count
        capacity = len(self._buffers["origin"])
        if rows > capacity:  # move the followed items into buffers twice their number
            for name, buffer in self._buffers.items():
                bigger = np.empty((2 * rows, *buffer.shape[1:]), buffer.dtype)
                bigger[:old] = buffer[self._first : self._first + old]
                self._buffers[name] = bigger
            self._first = 0
        elif self._first + rows > capacity:  # move them to the front, reusing the memory
            for buffer in self._buffers.values():
                for row in range(old):  # down, onto a retired row or one moved already
                    buffer[row] = buffer[self._first + row]
            self._first = 0
        for buffer in self._buffers.values():
            buffer[self._first + old : self._first + rows] = 0
        self._views()

    def seed(self, t: int, draws: StepDraws, origins: OriginsSet) -> None:
        """Start the step's new items, each adopted by one member of its community.

        With ``seed_contacts`` everyone tied to that first adopter adopts the item too.
        """
        count = len(draws.new_trend_communities)
        if count == 0:
            return
        seeds = []
        for community, u in zip(draws.new_trend_communities, draws.new_trend_seeds, strict=True):
            members = self.members[int(community)]
            seeds.append(int(members[int(u * len(members))]))
        self.ids.extend(range(self._next_item, self._next_item + count))
        self._next_item += count
        self.start.extend([t] * count)
        self.seed_agent.extend(seeds)
        self.half_time.extend([None] * count)
        topics = draws.new_trend_topics
        self.topic.extend([-1] * count if topics is None else topics.tolist())
        self._add_rows(count)
        self.origin[-count:] = draws.new_trend_communities
        rows = np.arange(len(self.ids) - count, len(self.ids))
        agents = np.array(seeds, np.int64)
        if self.config.seed_contacts:
            owner, entry = row_entries(self.adjacency, agents)
            rows = np.concatenate([rows, rows[owner]])
            agents = np.concatenate([agents, self.adjacency.neighbor[entry]])
        self._adopt(rows, agents)
        origins.add(agents, self.origin[rows], t)

    def _adopt(self, rows: np.ndarray, agents: np.ndarray) -> None:
        self.adopted[rows, agents] = True
        self.adopters += np.bincount(rows, minlength=len(self.ids))
        self.reached[rows, self.community[agents]] = True
        np.add.at(self.adopted_count, agents, 1)
        low = rows < BITS
        bits = np.left_shift(np.uint64(1), rows[low].astype(np.uint64))
        np.bitwise_or.at(self.adopted_bits, agents[low], bits)

    def listen(self, t: int, draws: StepDraws, graph: SocialGraph, origins: OriginsSet) -> None:
        """Each talking pair mentions, in each direction, the items the sender adopted."""
        if not len(self.ids):
            return
        adj = self.adjacency
        origins.table, self.fresh, self.used = listen(
            self.adopted,
            self.told,
            self.first_tellers,
            self.adopted_count,
            self.adopted_bits,
            self.origin,
            (adj.indptr, adj.degree, adj.neighbor, adj.slot),
            (graph.contact_rate, graph.u, graph.last_checkin, self.checkins),
            t,
            draws.talk.key,
            draws.mention.key,
            self.config.transmission,
            (origins.community, origins.num_communities, *origins.kernel_state()),
            self.fresh,
        )

    def adopt(self, below: np.ndarray) -> None:
        """Adopt items told of by at least ``threshold`` contacts, or below it by chance."""
        if not len(self.ids):
            return
        adopt(
            self.adopted,
            self.told,
            self.threshold,
            below,
            self.config.below_threshold,
            self.fresh,
            self.used,
            self.adopted_count,
            self.adopted_bits,
            self.adopters,
            self.reached,
            self.community,
        )

    def tally(self, tally: StepTally) -> None:
        """Fill the trend counts of the step's tally."""
        tally.trend_items = len(self.ids)
        tally.trend_adopters_total = int(self.adopters.sum())
        tally.trend_communities_total = int(np.count_nonzero(self.reached))
        tally.half_time_total = self.half_time_total
        tally.half_time_count = len(self.half_times)

    # ------------------------------------------------------------------ results
    def record(self, row: int) -> dict[str, Any]:
        """The trend-table row of followed item ``row``."""
        return trend_row(
            self.ids[row],
            self.start[row],
            int(self.origin[row]),
            self.seed_agent[row],
            int(self.adopters[row]),
            int(self.reached[row].sum()),
            self.half_time[row],
            self.n,
            self.topic[row],
        )

    def rows(self) -> list[dict[str, Any]]:
        """Rows of every item, retired first, then those still followed."""
        return self.retired_rows + [self.record(row) for row in range(len(self.ids))]
