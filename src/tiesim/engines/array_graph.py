"""Array-engine structures over agents and ties: the adjacency in CSR form, and sets of pairs.

:class:`Adjacency` lists each agent's contacts in increasing agent number (the order in which
the Mesa engine's agents look at their contacts), with the tie slot of each entry.  It is built
once from a :class:`~tiesim.graphs.ties.SocialGraph` and edited in place when ties change:
removing ties compacts the arrays (rows stay sorted), adding ties merges the new entries in.

:class:`OriginsSet` is the set of distinct (agent, origin community) pairs behind the
information-diversity metric, stored without one Python set per agent.
"""

from __future__ import annotations

import numpy as np

from tiesim.engines.kernels_sets import add_origins, new_set
from tiesim.errors import TiesimError
from tiesim.graphs.ties import SocialGraph


def _in_sorted(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Mask of ``keys`` found in the sorted array ``sorted_keys``."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), bool)
    idx = np.searchsorted(sorted_keys, keys)
    np.minimum(idx, len(sorted_keys) - 1, out=idx)
    return sorted_keys[idx] == keys


def row_entries(adjacency: Adjacency, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the agents ``rows``: the position in ``rows`` owning each entry, and the entries."""
    start = adjacency.indptr[rows]
    count = adjacency.indptr[rows + 1] - start
    owner = np.repeat(np.arange(len(rows), dtype=np.int32), count)
    entry = np.arange(len(owner), dtype=np.int64)
    entry += (start - (np.cumsum(count) - count))[owner]
    return owner, entry


class Adjacency:
    """Contacts of every agent in compressed sparse rows, sorted by agent number.

    Row ``i`` is ``neighbor[indptr[i]:indptr[i + 1]]`` (increasing); ``slot`` and
    ``contact_rate`` hold the tie slot and contact rate of each entry.  Only ties present now are
    listed.

    Parameters
    ----------
    graph : SocialGraph
        The tie table to index.
    """

    def __init__(self, graph: SocialGraph) -> None:
        self.n = graph.n
        keep = np.flatnonzero(graph.alive).astype(np.int32)
        self.indptr = np.zeros(self.n + 1, np.int64)
        self.neighbor = np.empty(0, np.int32)
        self.slot = np.empty(0, np.int32)
        self._insert(graph, graph.u[keep], graph.v[keep], keep)

    def _insert(self, graph: SocialGraph, u: np.ndarray, v: np.ndarray, slots: np.ndarray) -> None:
        """Add both directions of the ties ``u``–``v`` (slots ``slots``), keeping rows sorted."""
        rows = np.concatenate([u, v])
        cols = np.concatenate([v, u])
        new_slots = np.concatenate([slots, slots]).astype(np.int32)
        old_rows = np.repeat(np.arange(self.n, dtype=np.int32), np.diff(self.indptr))
        keys = np.concatenate([old_rows, rows]).astype(np.int64) * self.n
        keys += np.concatenate([self.neighbor, cols])
        del old_rows
        order = np.argsort(keys, kind="stable")
        del keys
        self.neighbor = np.concatenate([self.neighbor, cols.astype(np.int32)])[order]
        self.slot = np.concatenate([self.slot, new_slots])[order]
        self.degree = np.diff(self.indptr) + np.bincount(rows, minlength=self.n)
        self.indptr = np.concatenate([[0], np.cumsum(self.degree)]).astype(np.int64)
        self.contact_rate = graph.contact_rate[self.slot]

    def add(self, graph: SocialGraph, slots: np.ndarray) -> None:
        """Index the new ties ``slots`` of ``graph`` (already appended to its edge arrays)."""
        self._insert(graph, graph.u[slots], graph.v[slots], np.asarray(slots, np.int32))

    def remove(self, graph: SocialGraph) -> None:
        """Drop the entries of ties no longer alive in ``graph``."""
        keep = graph.alive[self.slot]
        if keep.all():
            return
        dropped = np.concatenate([[0], np.cumsum(~keep)])
        self.indptr = self.indptr - dropped[self.indptr]
        self.neighbor = self.neighbor[keep]
        self.slot = self.slot[keep]
        self.contact_rate = self.contact_rate[keep]
        self.degree = np.diff(self.indptr)

    def tied(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Mask of the pairs ``a[k]``–``b[k]`` that are tied now."""
        owner, idx = row_entries(self, np.asarray(a, np.int64))
        keys = owner.astype(np.int64) * self.n + self.neighbor[idx]
        return _in_sorted(np.arange(len(a)) * self.n + np.asarray(b, np.int64), keys)


def check_new_ties(adjacency: Adjacency, u: np.ndarray, v: np.ndarray) -> None:
    """Raise :class:`TiesimError` unless ``u``–``v`` are new, distinct pairs of distinct agents."""
    n = adjacency.n
    if len(u) != len(v):
        raise TiesimError(f"add_ties needs as many u as v ends (got {len(u)} and {len(v)}).")
    if len(u) and (min(u.min(), v.min()) < 0 or max(u.max(), v.max()) >= n):
        raise TiesimError(f"add_ties ends must be agents 0..{n - 1}.")
    if np.any(u == v):
        raise TiesimError("add_ties cannot tie an agent to itself.")
    keys = np.minimum(u, v).astype(np.int64) * n + np.maximum(u, v)
    if len(np.unique(keys)) < len(keys) or adjacency.tied(u, v).any():
        raise TiesimError("add_ties cannot tie a pair twice (some pairs are already tied).")


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
