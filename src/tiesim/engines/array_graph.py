"""Array-engine structures over agents and ties: the adjacency, and sets of pairs.

:class:`Adjacency` lists each agent's contacts in increasing agent number (the order in which
the Mesa engine's agents look at their contacts), with the tie slot of each entry.  It is built
once from a :class:`~tiesim.graphs.ties.SocialGraph` and edited in place when ties change, by
compiled kernels that shift only the entries of the rows touched
(:mod:`tiesim.engines.kernels_adjacency`).  A tie's contact rate and strength are not copied
into it: the kernels read them from the tie table by slot, so the two never disagree.

:class:`OriginsSet` is the set of distinct (agent, origin community) pairs behind the
information-diversity metric, stored without one Python set per agent; :class:`RecentOrigins`
keeps those of one kind of news heard in the last steps (news and trend diversity).
"""

from __future__ import annotations

import numpy as np

from tiesim.engines.kernels_adjacency import delete_ties, insert_ties, tied
from tiesim.engines.kernels_sets import add_origins, new_set, note_recent
from tiesim.graphs.ties import SocialGraph


def row_entries(adjacency: Adjacency, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the agents ``rows``: the position in ``rows`` owning each entry, and the entries."""
    start = adjacency.indptr[rows]
    count = adjacency.degree[rows]
    owner = np.repeat(np.arange(len(rows), dtype=np.int32), count)
    entry = np.arange(len(owner), dtype=np.int64)
    entry += (start - (np.cumsum(count) - count))[owner]
    return owner, entry


class Adjacency:
    """Contacts of every agent in rows sorted by agent number, each row with room to grow.

    Row ``i`` is ``neighbor[indptr[i] : indptr[i] + degree[i]]`` (increasing), and ``slot``
    holds the tie slot of each entry; the row has room for ``room[i]`` entries from
    ``indptr[i]`` on.  Only ties present now are listed.  Built without spare room, rows in
    agent order (compressed sparse rows).  A tie added to a full row moves that row to the free
    end of the buffers (from ``end`` on), with room for half its degree more (at least 4), so
    adding ties costs what their rows hold, not the size of the graph.  When the free end runs
    out, every row is laid out again in agent order, each with room for half its degree more
    (at least 4), and a free end half the size of the rows' room.

    Parameters
    ----------
    graph : SocialGraph
        The tie table to index.
    """

    def __init__(self, graph: SocialGraph) -> None:
        self.n = n = graph.n
        keep = np.flatnonzero(graph.alive)
        rows = np.concatenate([graph.u[keep], graph.v[keep]]).astype(np.int64)
        cols = np.concatenate([graph.v[keep], graph.u[keep]]).astype(np.int32)
        slots = np.concatenate([keep, keep]).astype(np.int32)
        order = np.argsort(rows * n + cols, kind="stable")
        self.neighbor = cols[order]
        self.slot = slots[order]
        self.degree = np.bincount(rows, minlength=n).astype(np.int64)
        self.room = self.degree.copy()
        self.indptr = (np.cumsum(self.degree) - self.degree).astype(np.int64)
        self.end = len(self.neighbor)  # the free end of the buffers starts here

    def add(self, u: np.ndarray, v: np.ndarray, slots: np.ndarray) -> None:
        """Enter the new ties ``u[k]``–``v[k]`` (slots ``slots``), keeping rows sorted."""
        u, v = np.asarray(u, np.int64), np.asarray(v, np.int64)
        slots = np.asarray(slots, np.int32)
        done = 0
        while True:
            rows = (self.indptr, self.room, self.degree, self.neighbor, self.slot)
            done, self.end = insert_ties(*rows, u, v, slots, done, self.end)
            if done == len(u):
                return
            self._lay_out()

    def remove(self, u: np.ndarray, v: np.ndarray) -> None:
        """Take out the ties ``u[k]``–``v[k]`` (which must be present)."""
        delete_ties(
            self.indptr,
            self.degree,
            self.neighbor,
            self.slot,
            np.asarray(u, np.int64),
            np.asarray(v, np.int64),
        )

    def _lay_out(self) -> None:
        """Copy every row, in agent order, to new buffers with room for half its degree more.

        At least 4 more; the free end is half the rows' room (at least twice the largest).
        """
        room = np.maximum(self.room, self.degree + np.maximum(4, self.degree // 2))
        indptr = (np.cumsum(room) - room).astype(np.int64)
        end = int(room.sum())
        size = end + max(1024, end // 2, 2 * int(room.max(initial=0)))
        owner, entry = row_entries(self, np.arange(self.n))
        moved = indptr[owner] + (entry - self.indptr[owner])
        neighbor = np.zeros(size, np.int32)
        slot = np.full(size, -1, np.int32)
        neighbor[moved] = self.neighbor[entry]
        slot[moved] = self.slot[entry]
        self.indptr, self.room, self.end = indptr, room, end
        self.neighbor, self.slot = neighbor, slot

    def tied(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Mask of the pairs ``a[k]``–``b[k]`` that are tied now."""
        a, b = np.asarray(a, np.int64), np.asarray(b, np.int64)
        return tied(self.indptr, self.degree, self.neighbor, a, b)


class OriginsSet:
    """Distinct (agent, origin community) pairs: which communities each agent has heard from.

    Hearing from one's own community is a flag per agent (``own``, ``counts[0]`` set); other
    pairs are keys ``agent * C + community`` in a compiled hash set (``counts[1]`` keys; see
    :mod:`tiesim.engines.kernels_sets`), which the kernels update as news arrives.

    Parameters
    ----------
    community : ndarray of int
        Community of each agent.
    num_communities : int
        Number of communities ``C``.
    """

    def __init__(self, community: np.ndarray, num_communities: int) -> None:
        self.community = community
        self.num_communities = max(num_communities, 1)
        self.own = np.zeros(len(community), bool)
        self.counts = np.zeros(2, np.int64)
        self.table = new_set(max(1024, len(community) // 8))

    def add(self, agents: np.ndarray, origins: np.ndarray) -> None:
        """Note that each ``agents[k]`` heard news from community ``origins[k]``."""
        self.table = add_origins(
            np.asarray(agents, np.int64),
            np.asarray(origins, np.int64),
            self.community,
            self.num_communities,
            self.own,
            self.counts,
            self.table,
        )

    def total(self) -> int:
        """Sum over agents of the number of distinct origin communities heard."""
        return int(self.counts[0] + self.counts[1])


class RecentOrigins:
    """(agent, origin community) pairs of one kind of news heard in the last ``window`` steps.

    During a step the kernels append the pairs they see heard, as keys ``agent * C + origin``,
    to ``events`` (``used`` of them; repeats allowed); :meth:`update` then notes them and
    forgets the pairs last heard ``window`` steps ago (:func:`kernels_sets.note_recent`), so
    that :attr:`count` is the sum over agents of the distinct communities each heard this kind
    of news from in this step and the ``window - 1`` before it.

    Parameters
    ----------
    num_communities : int
        Number of communities ``C``.
    window : int
        Steps a pair counts after it was last heard.
    events : int
        Room for this many events a step to begin with (:meth:`room` grows it).
    """

    def __init__(self, num_communities: int, window: int, events: int = 1024) -> None:
        self.num_communities = max(num_communities, 1)
        self.window = window
        self.events = np.empty(max(events, 16), np.int64)
        self.used = 0
        self.keys = new_set(1024)
        self.last = np.zeros_like(self.keys)
        self.state = np.zeros(3, np.int64)  # pairs kept, queue head, queue length
        self.queue = np.empty((2, 1024), np.int64)

    def add(self, agents: np.ndarray, origins: np.ndarray) -> None:
        """Note that each ``agents[k]`` heard from community ``origins[k]`` (this step)."""
        keys = np.asarray(agents, np.int64) * self.num_communities + origins
        self.room(len(keys))
        self.events[self.used : self.used + len(keys)] = keys
        self.used += len(keys)

    def room(self, more: int) -> None:
        """Make room in ``events`` for ``more`` events beyond the ``used`` ones."""
        if self.used + more > len(self.events):
            bigger = np.empty(2 * (self.used + more), np.int64)
            bigger[: self.used] = self.events[: self.used]
            self.events = bigger

    def update(self, t: int) -> None:
        """End of step ``t``: note its events, forget pairs not heard for ``window`` steps."""
        self.keys, self.last, self.queue = note_recent(
            t, self.window, self.events, self.used, self.keys, self.last, self.state, self.queue
        )
        self.used = 0

    @property
    def count(self) -> int:
        """Pairs heard in the last ``window`` steps (after :meth:`update`)."""
        return int(self.state[0])
