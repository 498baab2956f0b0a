"""Trends for the array engine: novel items spreading by simple or complex contagion.

The rules are those of :meth:`tiesim.model.model.WeakTiesModel.spread_trends` and of
:meth:`Person.listen_to_trends` / :meth:`Person.adopt_trends`, applied to all agents at once.
Each followed item is one row of the matrices below (rows in order of creation, a retired
item's row deleted), the same order as the Mesa engine's ``items`` list, so the
below-threshold draws (one per item row and agent) line up.  All items are followed for the
same ``horizon``, so those retired are always the oldest rows: the matrices are views into
buffers with spare rows at the end, and seeding or retiring an item copies no matrix except
when the spare rows run out.

With the numba backend the array engine runs :class:`tiesim.engines.array_compiled.CompiledTrends`,
this class with the listen and adopt phases as compiled kernels.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tiesim.config import TrendsConfig
from tiesim.engines.array_graph import (
    Adjacency,
    OriginsHeard,
    _in_sorted,
    _merge_sorted,
    row_entries,
)
from tiesim.graphs.ties import SocialGraph
from tiesim.model.draws import StepDraws, draw_trend_adoption
from tiesim.model.metrics import StepTally
from tiesim.model.records import trend_row

BITS = 64  # items followed up to which ``adopted_bits`` has one bit per item row


class Trends:
    """Followed trend items and who adopted them (Centola & Macy 2007).

    Attributes
    ----------
    adopted : ndarray of bool, shape (items, n)
        Whether each agent adopted each followed item.
    told : ndarray of int32, shape (items, n)
        Number of distinct contacts who told each agent of each item (cumulative).
    adopted_bits : ndarray of uint64, shape (n,)
        While at most ``BITS`` (64) items are followed, the items each agent adopted as bits
        (bit ``row``), so pairs where the sender has nothing the receiver lacks are found
        without touching ``adopted``; not used above that.
    """

    def __init__(
        self,
        config: TrendsConfig,
        graph: SocialGraph,
        adjacency: Adjacency,
        members: list[np.ndarray],
    ) -> None:
        self.config = config
        self.adjacency = adjacency  # edited in place when ties change
        self.n = graph.n
        self.community = graph.community
        self.num_communities = graph.num_communities
        self.adopted_bits = np.zeros(self.n, np.uint64)
        self.members = members
        self.threshold = config.threshold if config.contagion == "complex" else 1
        self.ids: list[int] = []
        self.start: list[int] = []
        self.seed_agent: list[int] = []
        self.half_time: list[int | None] = []
        self.tellers: list[np.ndarray] = []  # per item: sorted keys receiver * n + teller
        # per-item arrays (origin, adopters, adopted, told, reached: see _row_arrays) are the
        # rows first .. first + len(ids) of the buffers
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

    # ------------------------------------------------------------------ one step
    def step(
        self,
        t: int,
        rng: np.random.Generator,
        draws: StepDraws,
        graph: SocialGraph,
        origins: OriginsHeard,
    ) -> None:
        """Retire old items, seed new ones, then let everyone listen and adopt."""
        self.retire(t)
        self.seed(t, draws, origins)
        below = draw_trend_adoption(rng, len(self.ids), self.n, self.config)
        self.listen(draws, graph, origins)
        self.adopt(below)
        for row, start in enumerate(self.start):
            if self.half_time[row] is None and 2 * self.adopters[row] >= self.n:
                self.half_time[row] = t - start
                self.half_times.append(t - start)
                self.half_time_total += t - start

    def retire(self, t: int) -> None:
        """Record and forget the items followed for ``horizon`` steps."""
        old = [row for row, start in enumerate(self.start) if t - start >= self.config.horizon]
        if not old:
            return
        self.retired_rows.extend(self.record(row) for row in old)
        self._drop_oldest(len(old))  # started first, so the first rows

    # ------------------------------------------------------------------ item rows
    def _row_arrays(self) -> dict[str, tuple[tuple[int, ...], type]]:
        """Shape of one row, and dtype, of each per-item array."""
        return {
            "origin": ((), np.int64),  # community where the item started
            "adopters": ((), np.int64),
            "adopted": ((self.n,), np.bool_),
            "told": ((self.n,), np.int32),
            "reached": ((self.num_communities,), np.bool_),  # communities of adopters
        }

    def _views(self) -> None:
        """Point the per-item arrays at the followed items' rows of the buffers."""
        rows = slice(self._first, self._first + len(self.ids))
        for name, buffer in self._buffers.items():
            setattr(self, name, buffer[rows])

    def _drop_oldest(self, count: int) -> None:
        """Forget the first ``count`` item rows."""
        followed = len(self.ids)
        for name in ("ids", "start", "seed_agent", "half_time", "tellers"):
            del getattr(self, name)[:count]
        self._first += count
        self._views()
        if followed > BITS or count >= BITS:  # rows past the 64th had no bits: set afresh
            self.adopted_bits[:] = 0
            for row in range(min(len(self.ids), BITS)):
                self.adopted_bits[self.adopted[row]] |= np.uint64(1) << np.uint64(row)
        else:
            self.adopted_bits >>= np.uint64(count)

    def _add_rows(self, count: int) -> None:
        """Give the ``count`` items just appended to ``ids`` rows of zeros (nobody adopted)."""
        self.tellers.extend(np.empty(0, np.int64) for _ in range(count))
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

    def seed(self, t: int, draws: StepDraws, origins: OriginsHeard) -> None:
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
        self._add_rows(count)
        self.origin[-count:] = draws.new_trend_communities
        rows = np.arange(len(self.ids) - count, len(self.ids))
        agents = np.array(seeds, np.int64)
        if self.config.seed_contacts:
            owner, entry = row_entries(self.adjacency.indptr, agents)
            rows = np.concatenate([rows, rows[owner]])
            agents = np.concatenate([agents, self.adjacency.neighbor[entry]])
        self._adopt(rows, agents)
        origins.add(agents, self.origin[rows])

    def listen(self, draws: StepDraws, graph: SocialGraph, origins: OriginsHeard) -> None:
        """Each talking pair mentions, in each direction, the items the sender adopted."""
        if not len(self.ids):
            return
        # the (slot, direction) pairs whose sender has an item the receiver lacks: only their
        # numbers are looked up (by index, so skipping the others changes none)
        if len(self.ids) <= BITS:
            bits, u, v = self.adopted_bits, graph.u, graph.v
            forward = graph.alive & (bits[u] & ~bits[v] != 0)
            backward = graph.alive & (bits[v] & ~bits[u] != 0)
        else:
            has = self.adopted.any(axis=0)
            forward = backward = graph.alive & (has[graph.u] | has[graph.v])
        slot = np.concatenate([np.flatnonzero(forward), np.flatnonzero(backward)])
        direction = np.repeat([0, 1], [np.count_nonzero(forward), np.count_nonzero(backward)])
        keep = draws.talk.at(slot) < graph.contact_rate[slot]  # the pair talks today
        slot, direction = slot[keep], direction[keep]
        keep = draws.mention.at(2 * slot + direction) < self.config.transmission
        slot, direction = slot[keep], direction[keep]
        u, v = graph.u[slot], graph.v[slot]
        senders = np.where(direction == 0, u, v)
        receivers = np.where(direction == 0, v, u)
        told = self.adopted[:, senders] & ~self.adopted[:, receivers]
        rows, pairs = np.nonzero(told)
        if not len(rows):
            return
        origins.add(receivers[pairs], self.origin[rows])
        for row in np.unique(rows):
            pick = pairs[rows == row]
            keys = np.unique(receivers[pick].astype(np.int64) * self.n + senders[pick])
            keys = keys[~_in_sorted(keys, self.tellers[row])]
            self.tellers[row] = _merge_sorted(self.tellers[row], keys)
            np.add.at(self.told[row], keys // self.n, 1)

    def adopt(self, below: np.ndarray) -> None:
        """Adopt items told of by at least ``threshold`` contacts, or below it by chance."""
        if not len(self.ids):
            return
        ready = self.told >= self.threshold
        if below.size:
            ready |= (self.told > 0) & (below < self.config.below_threshold)
        rows, agents = np.nonzero(ready & ~self.adopted)
        self._adopt(rows, agents)

    def _adopt(self, rows: np.ndarray, agents: np.ndarray) -> None:
        self.adopted[rows, agents] = True
        self.adopters += np.bincount(rows, minlength=len(self.ids))
        self.reached[rows, self.community[agents]] = True
        low = rows < BITS
        bits = np.left_shift(np.uint64(1), rows[low].astype(np.uint64))
        np.bitwise_or.at(self.adopted_bits, agents[low], bits)

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
        )

    def rows(self) -> list[dict[str, Any]]:
        """Rows of every item, retired first, then those still followed."""
        return self.retired_rows + [self.record(row) for row in range(len(self.ids))]
