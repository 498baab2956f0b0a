"""Array-engine structures over agents and ties: the adjacency, and sets of pairs.

:class:`Adjacency` lists each agent's contacts in increasing agent number (the order in which
the Mesa engine's agents look at their contacts), with the tie slot of each entry.  It is built
once from a :class:`~tiesim.graphs.ties.SocialGraph` and edited in place when ties change, by
compiled kernels that shift only the entries of the rows touched
(:mod:`tiesim.engines.kernels_adjacency`).  A tie's contact rate and strength are not copied
into it: the kernels read them from the tie table by slot, so the two never disagree.

:class:`OriginsSet` is the set of distinct (agent, origin community) pairs behind the
information-diversity metrics, stored without one Python set per agent, with the step each pair
was last heard of by kind of news (news and trend diversity).
"""

from __future__ import annotations

import numpy as np

from tiesim.engines.kernels_adjacency import delete_ties, insert_ties, tied
from tiesim.engines.kernels_sets import TRENDS, add_origins, forget_step, new_table, recent_state
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
    pairs are keys ``agent * C + community`` in a compiled hash table (``counts[1]`` keys; see
    :mod:`tiesim.engines.kernels_sets`), which the kernels update as news arrives.  Beside each
    key (and in ``own_steps``, beside each agent's flag) are the steps the pair was last heard
    of by kind of news, from which ``recent`` counts the pairs heard in the last ``window``
    steps (``kernels_sets.renewed``).

    Parameters
    ----------
    community : ndarray of int
        Community of each agent.
    num_communities : int
        Number of communities ``C``.
    window : int
        Steps over which :meth:`recent_pairs` counts (``metrics.diversity_window``).
    """

    def __init__(self, community: np.ndarray, num_communities: int, window: int) -> None:
        self.community = community
        self.num_communities = max(num_communities, 1)
        self.own = np.zeros(len(community), bool)
        self.counts = np.zeros(2, np.int64)
        self.table = new_table(max(1024, len(community) // 8))
        self.own_steps = np.zeros(len(community), np.int64)
        self.window = window
        self.recent = recent_state(window)

    def add(self, agents: np.ndarray, origins: np.ndarray, t: int, kind: int = TRENDS) -> None:
        """Note that each ``agents[k]`` heard news of ``kind`` from ``origins[k]`` at step ``t``."""
        self.table = add_origins(
            np.asarray(agents, np.int64),
            np.asarray(origins, np.int64),
            self.community,
            self.num_communities,
            self.kernel_state(),
            kind,
            t,
        )

    def kernel_state(self) -> tuple:
        """``(own, counts, table, own_steps, recent)``, as the kernels take it."""
        return (self.own, self.counts, self.table, self.own_steps, self.recent)

    def total(self) -> int:
        """Sum over agents of the number of distinct origin communities heard."""
        return int(self.counts[0] + self.counts[1])

    def end_step(self, t: int) -> None:
        """End of step ``t``: forget the pairs last heard ``window`` steps ago."""
        forget_step(self.recent, t)

    def recent_pairs(self) -> tuple[int, int]:
        """Communities heard from in the last ``window`` steps, summed over agents, by kind.

        Job news, then trend items; read after :meth:`end_step`.
        """
        news, trends = self.recent[1].tolist()
        return news, trends
