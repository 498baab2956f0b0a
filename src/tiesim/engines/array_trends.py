"""Trends for the array engine: novel items spreading by simple or complex contagion.

The rules are those of :meth:`tiesim.model.model.WeakTiesModel.spread_trends` and of
:meth:`Person.listen_to_trends` / :meth:`Person.adopt_trends`, applied to all agents at once.
Each followed item is one row of the matrices below (rows in order of creation, a retired
item's row deleted), the same order as the Mesa engine's ``items`` list, so the
below-threshold draws (one per item row and agent) line up.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tiesim.config import TrendsConfig
from tiesim.engines.array_graph import OriginsHeard, _in_sorted, _merge_sorted
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
        Number of distinct contacts who told each agent of each item (cumulative).
    """

    def __init__(self, config: TrendsConfig, graph: SocialGraph, members: list[np.ndarray]):
        self.config = config
        self.n = graph.n
        self.community = graph.community
        self.num_communities = graph.num_communities
        self.members = members
        self.threshold = config.threshold if config.contagion == "complex" else 1
        self.ids: list[int] = []
        self.origin = np.empty(0, np.int64)
        self.start: list[int] = []
        self.seed_agent: list[int] = []
        self.half_time: list[int | None] = []
        self.adopters = np.empty(0, np.int64)
        self.adopted = np.zeros((0, self.n), bool)
        self.told = np.zeros((0, self.n), np.int32)
        self.reached = np.zeros((0, self.num_communities), bool)  # communities of adopters
        self.tellers: list[np.ndarray] = []  # per item: sorted keys receiver * n + teller
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
        keep = np.setdiff1d(np.arange(len(self.ids)), old)
        for name in ("ids", "start", "seed_agent", "half_time", "tellers"):
            values = getattr(self, name)
            setattr(self, name, [values[row] for row in keep])
        for name in ("origin", "adopters", "adopted", "told", "reached"):
            setattr(self, name, getattr(self, name)[keep])

    def seed(self, t: int, draws: StepDraws, origins: OriginsHeard) -> None:
        """Start the step's new items, each adopted by one member of its community."""
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
        self.tellers.extend(np.empty(0, np.int64) for _ in range(count))
        self.origin = np.concatenate([self.origin, draws.new_trend_communities])
        self.adopters = np.concatenate([self.adopters, np.zeros(count, np.int64)])
        self.adopted = np.concatenate([self.adopted, np.zeros((count, self.n), bool)])
        self.told = np.concatenate([self.told, np.zeros((count, self.n), np.int32)])
        self.reached = np.concatenate([self.reached, np.zeros((count, self.num_communities), bool)])
        rows = np.arange(len(self.ids) - count, len(self.ids))
        seeds = np.array(seeds, np.int64)
        self._adopt(rows, seeds)
        origins.add(seeds, self.origin[rows])

    def listen(self, draws: StepDraws, graph: SocialGraph, origins: OriginsHeard) -> None:
        """Each talking pair mentions, in each direction, the items the sender adopted."""
        if not len(self.ids):
            return
        talking = np.flatnonzero(graph.alive & (draws.talk < graph.contact_rate))
        u, v = graph.u[talking], graph.v[talking]
        mentions = draws.mention.reshape(-1, 2)[talking] < self.config.transmission
        senders = np.concatenate([u[mentions[:, 0]], v[mentions[:, 1]]])
        receivers = np.concatenate([v[mentions[:, 0]], u[mentions[:, 1]]])
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
