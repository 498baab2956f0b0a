"""The tie table: a social graph stored as numpy edge arrays that can change every step.

A :class:`SocialGraph` keeps one row ("slot") per tie: its two ends, its type (strong or weak),
its strength, its contact rate, whether it is present (``alive``), the step it formed, the
step its pair last talked and the step one end last checked in on it.  Ties are edited only
through its methods:

* :meth:`~SocialGraph.add_ties` fills the lowest free slots first (slots of removed ties), then
  appends; the arrays grow by doubling, so adding a tie costs O(1) amortised;
* :meth:`~SocialGraph.remove_ties` clears a tie's ``alive`` flag and frees its slot for reuse;
* :meth:`~SocialGraph.update_ties` changes strengths, contact rates or types in place.

So the table stays as large as the most ties present at once, however many form and dissolve.
Slot numbers of the ties present never change: both engines look up a tie's random numbers by
its slot, which is what lets them agree exactly while ties change mid-run.

A model copies the graph it is given and locks its copy (:meth:`~SocialGraph.lock`): its public
arrays (``model.graph.strength`` …) become read-only views, so writing them directly raises
``ValueError: assignment destination is read-only`` instead of silently desynchronising the
engines; models offer ``add_ties``, ``remove_ties`` and ``update_ties``.  Engines write through
:meth:`~SocialGraph.writable`.

networkx graphs are for interop and small graphs: :meth:`SocialGraph.to_networkx` and
:meth:`SocialGraph.from_networkx` convert both ways; ``to_networkx(live=True)`` gives edge
attributes that read the table (:class:`TieAttributes`), which is how the Mesa engine's
``model.G`` stays in sync with it.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, MutableMapping
from enum import IntEnum
from functools import partial
from typing import Any

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


#: The per-tie columns and their types.
COLUMNS: dict[str, type] = {
    "u": np.int32,
    "v": np.int32,
    "tie": np.int32,  # (32 bits like the other columns: the compiled loops over them vectorise)
    "strength": np.float32,
    "contact_rate": np.float32,
    "alive": np.bool_,
    "formed": np.int32,
    "last_talk": np.int32,
    "last_checkin": np.int32,
    "formed_by": np.int32,  # FORMED_BY code: how the tie formed
    "mutual_formed": np.int32,  # contacts its pair shared when it formed (-1: not counted)
    "strength_formed": np.float32,
    "last_asked": np.int32,  # step an end last asked the other for an interview (0: never)
}

#: Columns whose rewriting counts in :attr:`SocialGraph.rewrites`: a tie's presence, type and
#: strength (what tie counts and strength sums read).
REWRITTEN = frozenset({"alive", "tie", "strength"})

#: How a tie formed (the ``formed_by`` column's codes are indices): in the starting graph, at
#: an event, online, in a community activity, by an introduction, by triadic closure, or by
#: ``add_ties``.
FORMED_BY = ("generated", "event", "online", "activity", "introduction", "closure", "by_hand")


class SocialGraph:
    """Agents ``0..n-1`` with communities, and ties stored as parallel arrays.

    Parameters
    ----------
    community : array of int, shape (n,)
        Community of each agent, numbered ``0..C-1``.
    u, v : array of int, shape (m,)
        Ends of each tie, with ``u < v``.
    tie : array of int, shape (m,)
        :class:`Tie` value of each tie.
    strength : array of float, shape (m,)
        Tie strength in (0, 1].
    contact_rate : array of float, shape (m,)
        Probability per step that the two agents talk.
    alive : array of bool, shape (m,), optional
        False for a slot whose tie was removed (free for reuse).

    Attributes
    ----------
    u, v, tie, strength, contact_rate, alive : ndarray, shape (num_slots,)
        The columns above (types in :data:`COLUMNS`).
    formed : ndarray of int32
        Step in which each tie formed (0: it was there at the start).
    last_talk : ndarray of int32
        Last step in which each tie's pair talked (the step it formed until then), kept by both
        engines when ties live (``ties.dynamics`` or check-ins, whose rules read it); otherwise
        left at the step the tie formed.
    last_checkin : ndarray of int32
        Last step in which one end checked in on the tie (0: never).
    formed_by, mutual_formed, strength_formed : ndarray
        How each tie formed (a :data:`FORMED_BY` code; 0 in the starting graph), the contacts
        its pair shared then (-1: not counted) and its strength then.
    last_asked : ndarray of int32
        Last step in which one end asked the other for an informational interview (0: never).
    """

    def __init__(
        self,
        community: Any,
        u: Any,
        v: Any,
        tie: Any,
        strength: Any,
        contact_rate: Any,
        alive: Any = None,
    ) -> None:
        self.community = np.ascontiguousarray(community, dtype=np.int32)
        given = {"u": u, "v": v, "tie": tie, "strength": strength, "contact_rate": contact_rate}
        m = len(np.atleast_1d(u))
        if alive is None:
            alive = np.ones(m, bool)
        zeros = np.zeros(m)
        columns = {**given, "alive": alive, "formed": zeros, "last_talk": zeros}
        columns |= {"last_checkin": zeros, "formed_by": zeros, "last_asked": zeros}
        columns |= {"mutual_formed": np.full(m, -1), "strength_formed": strength}
        self._columns = {
            name: np.array(np.atleast_1d(columns[name]), dtype=dtype)
            for name, dtype in COLUMNS.items()
        }
        if {len(c) for c in self._columns.values()} != {m}:
            raise TiesimError("SocialGraph edge arrays must all have the same length.")
        self._size = m
        self._locked = False
        self._rewrites = 0
        if m and (
            np.any(self._columns["u"] >= self._columns["v"])
            or self._columns["v"].max() >= self.n
            or self._columns["u"].min() < 0
        ):
            raise TiesimError("SocialGraph ties must satisfy 0 <= u < v < n (no self-loops).")
        self._free = np.flatnonzero(~self._columns["alive"]).tolist()  # a heap of free slots
        self._views()

    def _views(self) -> None:
        """Point the public column attributes at the first ``num_slots`` rows of the buffers."""
        for name, buffer in self._columns.items():
            view = buffer[: self._size]
            if self._locked:
                view = view.view()
                view.flags.writeable = False
            setattr(self, name, view)

    def lock(self) -> None:
        """Make the public arrays read-only views (a model does this to its copy)."""
        self._locked = True
        self.community.flags.writeable = False
        self._views()

    def writable(self, name: str) -> np.ndarray:
        """A writable view of column ``name`` (for engines; see the module docstring).

        Take a new view for each change and do not keep it: a view of ``alive``, ``tie`` or
        ``strength`` counts as a rewrite when it is taken (:attr:`rewrites`), not when it is
        written to, so a write through a kept view would go unseen by counts carried on.
        """
        if name in REWRITTEN:
            self._rewrites += 1
        return self._columns[name][: self._size]

    @property
    def rewrites(self) -> int:
        """A count that goes up whenever a tie in the table may change presence, type or strength.

        It counts ``remove_ties``, ``add_ties`` into a freed slot, ``update_ties`` of type or
        strength and each ``writable`` view of those columns; new ties in new slots leave it
        alone.  So a sum over the slots stays valid, and can be carried on over the new slots,
        while it does not change (the array engine's tie counts, ``array_ties.TieCounter``).
        Writes through the public arrays of a graph not locked (:meth:`lock`) are not seen.
        """
        return self._rewrites

    # ------------------------------------------------------------------ sizes
    @property
    def n(self) -> int:
        """Number of agents."""
        return len(self.community)

    @property
    def num_slots(self) -> int:
        """Number of tie slots, free ones included (the length of the edge arrays)."""
        return self._size

    @property
    def num_ties(self) -> int:
        """Number of ties currently present."""
        return int(np.count_nonzero(self.alive))

    @property
    def num_communities(self) -> int:
        """Number of communities (``max(community) + 1``)."""
        return int(self.community.max()) + 1 if self.n else 0

    def mean_degree(self, tie: Tie | None = None) -> float:
        """Mean number of ties per agent, of one type or of all types."""
        mask = self.alive if tie is None else self.alive & (self.tie == tie)
        return 2.0 * float(np.count_nonzero(mask)) / self.n if self.n else 0.0

    # --------------------------------------------------------------- editing
    def remove_ties(self, slots: Any) -> np.ndarray:
        """Remove the ties in ``slots`` (indices or a boolean mask); returns the slots removed.

        Slots already free are ignored.  Freed slots are reused by later :meth:`add_ties`.
        """
        slots = np.arange(self._size)[slots] if _is_mask(slots) else np.asarray(slots, np.int64)
        slots = np.unique(np.atleast_1d(slots))
        slots = slots[self._columns["alive"][slots]]
        self._columns["alive"][slots] = False
        self._rewrites += 1
        for slot in slots.tolist():
            heapq.heappush(self._free, slot)
        return slots

    def add_ties(
        self,
        u: Any,
        v: Any,
        tie: Any,
        strength: Any,
        contact_rate: Any,
        *,
        step: int = 0,
        formed_by: int = FORMED_BY.index("by_hand"),
        mutual: Any = -1,
    ) -> np.ndarray:
        """Add ties (the lowest free slots first, then new ones); returns their slot numbers.

        ``step`` is recorded as the step the ties formed and last talked, ``formed_by`` (a
        :data:`FORMED_BY` code) as how they formed and ``mutual`` as the contacts each pair
        shared then.  The caller makes sure the pairs are new (models check it).
        """
        u, v = np.atleast_1d(np.asarray(u, np.int64)), np.atleast_1d(np.asarray(v, np.int64))
        values = _tie_values(len(u), tie, strength, contact_rate)
        if len(v) != len(u):
            raise TiesimError(f"add_ties needs as many u as v ends (got {len(u)} and {len(v)}).")
        count = len(u)
        reused = [heapq.heappop(self._free) for _ in range(min(count, len(self._free)))]
        self._rewrites += bool(reused)
        slots = np.concatenate(
            [np.array(reused, np.int64), np.arange(self._size, self._size + count - len(reused))]
        )
        self._grow(self._size + count - len(reused))
        columns = self._columns
        columns["u"][slots] = np.minimum(u, v)
        columns["v"][slots] = np.maximum(u, v)
        for name, value in values.items():
            columns[name][slots] = value
        columns["alive"][slots] = True
        columns["formed"][slots] = step
        columns["last_talk"][slots] = step
        columns["last_checkin"][slots] = 0
        columns["last_asked"][slots] = 0
        columns["formed_by"][slots] = formed_by
        columns["mutual_formed"][slots] = mutual
        columns["strength_formed"][slots] = columns["strength"][slots]
        return slots

    def update_ties(
        self, slots: Any, *, strength: Any = None, contact_rate: Any = None, tie: Any = None
    ) -> np.ndarray:
        """Set the strength, contact rate and/or type of the present ties ``slots``, in place.

        Returns the slots (as an int64 array).  Values are checked as in :meth:`add_ties`.
        """
        slots = np.atleast_1d(np.asarray(slots, np.int64))
        if len(slots) and (slots.min() < 0 or slots.max() >= self._size):
            raise TiesimError(f"update_ties slots must be in 0..{self._size - 1}.")
        if not self._columns["alive"][slots].all():
            raise TiesimError("update_ties can only change ties that are present (alive).")
        given = {"tie": tie, "strength": strength, "contact_rate": contact_rate}
        for name, value in _tie_values(len(slots), **given).items():
            if given[name] is not None:
                self._columns[name][slots] = value
                self._rewrites += name in REWRITTEN
        return slots

    def _grow(self, size: int) -> None:
        """Make room for ``size`` slots (doubling the buffers when they are full)."""
        if size <= self._size:
            return
        capacity = len(self._columns["u"])
        if size > capacity:
            bigger = max(size, 2 * capacity, 16)
            for name, buffer in self._columns.items():
                grown = np.zeros(bigger, buffer.dtype)
                grown[: self._size] = buffer[: self._size]
                self._columns[name] = grown
        self._size = size
        self._views()

    def copy(self) -> SocialGraph:
        """A deep, unlocked copy (runs never mutate the graph they were given)."""
        copy = SocialGraph.__new__(SocialGraph)
        copy.community = self.community.copy()
        copy._columns = {name: b[: self._size].copy() for name, b in self._columns.items()}
        copy._size = self._size
        copy._locked = False
        copy._rewrites = 0
        copy._free = list(self._free)
        copy._views()
        return copy

    # ----------------------------------------------------------- conversion
    def adjacency(self) -> sp.csr_matrix:
        """Symmetric CSR matrix whose entry (i, j) is ``slot + 1`` of the tie i–j (0: none)."""
        keep = np.flatnonzero(self.alive)
        rows = np.concatenate([self.u[keep], self.v[keep]])
        cols = np.concatenate([self.v[keep], self.u[keep]])
        data = np.concatenate([keep, keep]).astype(np.int64) + 1
        return sp.csr_matrix((data, (rows, cols)), shape=(self.n, self.n))

    def to_networkx(self, *, live: bool = False) -> nx.Graph:
        """Convert to networkx (node ``community``; edge ``tie``, ``strength``, ``slot``, …).

        With ``live=True`` each edge's attributes are a :class:`TieAttributes` view that reads
        this table, so they follow every change (the Mesa engine's ``model.G``); otherwise they
        are a snapshot in plain dicts.
        """
        G = nx.Graph()
        G.add_nodes_from((i, {"community": int(c)}) for i, c in enumerate(self.community))
        slots = np.flatnonzero(self.alive)
        pairs = zip(self.u[slots].tolist(), self.v[slots].tolist(), slots.tolist(), strict=True)
        if live:
            G.edge_attr_dict_factory = partial(TieAttributes, self)
            G.add_edges_from((a, b, {"slot": s}) for a, b, s in pairs)
            return G
        for a, b, s in pairs:
            G.add_edge(a, b, **dict(TieAttributes(self, s)))
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


def _is_mask(slots: Any) -> bool:
    return isinstance(slots, np.ndarray) and slots.dtype == bool


_RULES = {
    "tie": (lambda x: (x == Tie.STRONG) | (x == Tie.WEAK), "0 (strong) or 1 (weak)"),
    "strength": (lambda x: (x > 0) & (x <= 1), "in (0, 1]"),
    "contact_rate": (lambda x: (x >= 0) & (x <= 1), "in [0, 1]"),
}


def _tie_values(count: int, tie: Any, strength: Any, contact_rate: Any) -> dict[str, Any]:
    """Check the values given for ``count`` ties (None: not given); scalars stay scalars."""
    out = {}
    for name, value in (("tie", tie), ("strength", strength), ("contact_rate", contact_rate)):
        if value is None:
            continue
        rule, words = _RULES[name]
        if np.ndim(value) == 0:
            bad = not rule(float(value))
            got, value = float(value), COLUMNS[name](value)
        else:
            value = np.broadcast_to(np.asarray(value, dtype=np.float64), (count,))
            bad = ~rule(value)
            got, bad = (float(value[bad][0]) if bad.any() else 0.0), bad.any()
            value = value.astype(COLUMNS[name])
        if bad:
            raise TiesimError(f"The tie {name!r} must be {words}. Got {got:g} instead.")
        out[name] = value
    return out


class TieAttributes(MutableMapping):
    """The networkx edge attributes of one tie, read from its :class:`SocialGraph` slot.

    Keys: ``tie`` (``"strong"``/``"weak"``), ``strength``, ``contact_rate``, ``slot``,
    ``formed``, ``last_talk`` and ``last_checkin``; every read returns the table's current
    value (``last_talk`` is kept only when ties live: see :class:`SocialGraph`).  Only ``slot``
    can be set, once (networkx sets it when the edge is added); other writes are refused:
    change ties through the model (``update_ties``).
    """

    KEYS = ("tie", "strength", "contact_rate", "slot", "formed", "last_talk", "last_checkin")
    __slots__ = ("graph", "slot")

    def __init__(self, graph: SocialGraph, slot: int | None = None) -> None:
        self.graph = graph
        self.slot = slot

    def __getitem__(self, key: str) -> Any:
        if key == "slot":
            return self.slot
        if key not in self.KEYS or self.slot is None:
            raise KeyError(key)
        value = getattr(self.graph, key)[self.slot]
        if key == "tie":
            return Tie(int(value)).label
        return float(value) if key in ("strength", "contact_rate") else int(value)

    def __setitem__(self, key: str, value: Any) -> None:
        if key == "slot" and self.slot in (None, value):
            self.slot = int(value)
            return
        raise TiesimError(
            f"A tie's {key!r} is read from the model's tie table: change it with "
            f"model.update_ties(...), not through the networkx graph."
        )

    def __delitem__(self, key: str) -> None:
        raise TiesimError("A tie's attributes cannot be deleted; remove the tie instead.")

    def __iter__(self) -> Iterator[str]:
        return iter(self.KEYS if self.slot is not None else ())

    def __len__(self) -> int:
        return len(self.KEYS) if self.slot is not None else 0

    def copy(self) -> dict[str, Any]:
        """A snapshot as a plain dict (networkx copies edge data this way)."""
        return dict(self)

    def __repr__(self) -> str:
        return repr(dict(self))
