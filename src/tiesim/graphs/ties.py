"""The tie table: a social graph stored as numpy edge arrays.

A :class:`SocialGraph` keeps one row ("slot") per tie: its two ends, its type (strong or weak),
its strength and its contact rate, plus an ``alive`` flag.  Removing a tie clears its flag and
adding one appends a slot, so slot numbers never change during a run.  Both simulation engines
draw one random number per slot per step, in slot order, which is what lets them agree exactly
while ties are cut or formed mid-run.

networkx graphs are for interop and small graphs: :meth:`SocialGraph.to_networkx` and
:meth:`SocialGraph.from_networkx` convert both ways.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import networkx as nx
import numpy as np
import scipy.sparse as sp

from tiesim.errors import TiesimError


class Tie(IntEnum):
    """Type of a tie (Granovetter 1973)."""

    STRONG = 0
    WEAK = 1

    @property
    def label(self) -> str:
        """Lower-case name, as stored in files: ``"strong"`` or ``"weak"``."""
        return self.name.lower()


@dataclass
class SocialGraph:
    """Agents ``0..n-1`` with communities, and ties stored as parallel arrays.

    Parameters
    ----------
    community : ndarray of int32, shape (n,)
        Community of each agent, numbered ``0..C-1``.
    u, v : ndarray of int32, shape (m,)
        Ends of each tie, with ``u < v``.
    tie : ndarray of uint8, shape (m,)
        :class:`Tie` value of each tie.
    strength : ndarray of float32, shape (m,)
        Tie strength in (0, 1].
    contact_rate : ndarray of float32, shape (m,)
        Probability per step that the two agents talk.
    alive : ndarray of bool, shape (m,), optional
        False for a tie that was removed; its slot is kept.
    """

    community: np.ndarray
    u: np.ndarray
    v: np.ndarray
    tie: np.ndarray
    strength: np.ndarray
    contact_rate: np.ndarray
    alive: np.ndarray = field(default=None)  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.community = np.ascontiguousarray(self.community, dtype=np.int32)
        self.u = np.ascontiguousarray(self.u, dtype=np.int32)
        self.v = np.ascontiguousarray(self.v, dtype=np.int32)
        self.tie = np.ascontiguousarray(self.tie, dtype=np.uint8)
        self.strength = np.ascontiguousarray(self.strength, dtype=np.float32)
        self.contact_rate = np.ascontiguousarray(self.contact_rate, dtype=np.float32)
        if self.alive is None:
            self.alive = np.ones(len(self.u), dtype=bool)
        self.alive = np.ascontiguousarray(self.alive, dtype=bool)
        lengths = {len(a) for a in (self.v, self.tie, self.strength, self.contact_rate, self.alive)}
        if lengths != {len(self.u)}:
            raise TiesimError("SocialGraph edge arrays must all have the same length.")
        if len(self.u) and (np.any(self.u >= self.v) or self.v.max() >= self.n or self.u.min() < 0):
            raise TiesimError("SocialGraph ties must satisfy 0 <= u < v < n (no self-loops).")

    # ------------------------------------------------------------------ sizes
    @property
    def n(self) -> int:
        """Number of agents."""
        return len(self.community)

    @property
    def num_slots(self) -> int:
        """Number of tie slots, removed ties included (the length of the edge arrays)."""
        return len(self.u)

    @property
    def num_ties(self) -> int:
        """Number of ties currently present."""
        return int(self.alive.sum())

    @property
    def num_communities(self) -> int:
        """Number of communities (``max(community) + 1``)."""
        return int(self.community.max()) + 1 if self.n else 0

    def mean_degree(self, tie: Tie | None = None) -> float:
        """Mean number of ties per agent, of one type or of all types."""
        mask = self.alive if tie is None else self.alive & (self.tie == tie)
        return 2.0 * float(mask.sum()) / self.n if self.n else 0.0

    # --------------------------------------------------------------- editing
    def remove_ties(self, slots: np.ndarray) -> None:
        """Remove the ties in ``slots`` (indices or a boolean mask); their slots stay."""
        self.alive[slots] = False

    def add_ties(
        self,
        u: np.ndarray,
        v: np.ndarray,
        tie: np.ndarray,
        strength: np.ndarray,
        contact_rate: np.ndarray,
    ) -> np.ndarray:
        """Append ties as new slots and return their slot numbers."""
        a, b = np.minimum(u, v), np.maximum(u, v)
        start = self.num_slots
        self.u = np.concatenate([self.u, np.asarray(a, np.int32)])
        self.v = np.concatenate([self.v, np.asarray(b, np.int32)])
        self.tie = np.concatenate([self.tie, np.asarray(tie, np.uint8)])
        self.strength = np.concatenate([self.strength, np.asarray(strength, np.float32)])
        self.contact_rate = np.concatenate(
            [self.contact_rate, np.asarray(contact_rate, np.float32)]
        )
        self.alive = np.concatenate([self.alive, np.ones(len(a), bool)])
        return np.arange(start, self.num_slots)

    def copy(self) -> SocialGraph:
        """A deep copy (runs never mutate the graph they were given)."""
        return SocialGraph(
            self.community.copy(),
            self.u.copy(),
            self.v.copy(),
            self.tie.copy(),
            self.strength.copy(),
            self.contact_rate.copy(),
            self.alive.copy(),
        )

    # ----------------------------------------------------------- conversion
    def adjacency(self) -> sp.csr_matrix:
        """Symmetric CSR matrix whose entry (i, j) is ``slot + 1`` of the tie i–j (0: none)."""
        keep = np.flatnonzero(self.alive)
        rows = np.concatenate([self.u[keep], self.v[keep]])
        cols = np.concatenate([self.v[keep], self.u[keep]])
        data = np.concatenate([keep, keep]).astype(np.int64) + 1
        return sp.csr_matrix((data, (rows, cols)), shape=(self.n, self.n))

    def to_networkx(self) -> nx.Graph:
        """Convert to networkx (node ``community``; edge ``tie``, ``strength``, ``slot``, …)."""
        G = nx.Graph()
        G.add_nodes_from((i, {"community": int(c)}) for i, c in enumerate(self.community))
        for s in np.flatnonzero(self.alive):
            G.add_edge(
                int(self.u[s]),
                int(self.v[s]),
                tie=Tie(int(self.tie[s])).label,
                strength=float(self.strength[s]),
                contact_rate=float(self.contact_rate[s]),
                slot=int(s),
            )
        return G

    @classmethod
    def from_networkx(cls, G: nx.Graph) -> SocialGraph:
        """Build from a networkx graph whose nodes and edges carry the tiesim attributes.

        Nodes are renumbered ``0..n-1`` in ``G.nodes`` order; missing ``community`` means 0.
        """
        index = {node: i for i, node in enumerate(G.nodes)}
        community = np.array([G.nodes[x].get("community", 0) for x in G.nodes], dtype=np.int64)
        _, community = np.unique(community, return_inverse=True)
        rows = [(index[a], index[b], d) for a, b, d in G.edges(data=True) if a != b]
        u = np.array([min(r[0], r[1]) for r in rows], dtype=np.int32)
        v = np.array([max(r[0], r[1]) for r in rows], dtype=np.int32)
        tie = np.array([Tie[str(r[2]["tie"]).upper()] for r in rows], dtype=np.uint8)
        strength = np.array([r[2]["strength"] for r in rows], dtype=np.float32)
        rate = np.array([r[2]["contact_rate"] for r in rows], dtype=np.float32)
        return cls(community, u, v, tie, strength, rate)
