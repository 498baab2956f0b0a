"""What the demo's pictures need of a model, read the same way from either engine.

The drawing code asks only these functions, never an engine's insides, so it works on the Mesa
engine (:class:`tiesim.model.WeakTiesModel`: one :class:`~tiesim.model.agents.Person` per
agent) and on the array engine (:class:`tiesim.engines.ArrayModel`: numpy arrays) alike.  Each
function reads the public state of both:

============================  ====================================  ==========================
what                          Mesa engine                           array engine
============================  ====================================  ==========================
who has a job                 ``model.people[i].employed``          ``model.employed``
who adopted which trend       ``model.items``, ``person.adopted``   ``model.trend_state``
hires (with their paths)      ``model.hire_rows``                   ``model.hires()``
ties present now              ``model.graph`` (both: ``u, v, tie, strength, alive``)
how and when a tie formed     ``model.graph`` (both: ``formed_by``, ``formed``)
ties made so far              ``model.metrics_rows`` (both: ``formed_<how>``)
============================  ====================================  ==========================

Nothing here changes the model or draws from its random stream.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np

from tiesim.graphs.ties import FORMED_BY, Tie

#: The columns of a hire that the pictures use (see "Hire records" in the README).
HIRE_FIELDS = ("step", "agent", "channel", "hops", "path")

#: The ways ties form during a run (``networking``), as the metrics' ``formed_<how>`` name them.
MADE_BY = FORMED_BY[1:6]


def is_mesa(model: Any) -> bool:
    """Whether ``model`` is the Mesa engine (one agent object per person)."""
    return hasattr(model, "people")


def employed(model: Any) -> np.ndarray:
    """Whether each person has a job now: bool array of shape (n,) (a copy)."""
    if is_mesa(model):
        return np.fromiter((p.employed for p in model.people), bool, count=model.graph.n)
    return np.array(model.employed, dtype=bool)


def trend_adoption(model: Any) -> tuple[list[int], np.ndarray]:
    """The trend items followed now and who adopted each.

    Returns
    -------
    ids : list of int
        Item ids, oldest first.
    adopted : ndarray of bool, shape (len(ids), n)
        ``adopted[k, i]``: person ``i`` adopted item ``ids[k]`` (a copy).
    """
    n = model.graph.n
    if is_mesa(model):
        ids = [item.id for item in model.items]
        adopted = np.zeros((len(ids), n), bool)
        for i, person in enumerate(model.people):
            for k, item in enumerate(ids):
                adopted[k, i] = item in person.adopted
        return ids, adopted
    trends = model.trend_state
    return [int(i) for i in trends.ids], np.array(trends.adopted, dtype=bool).reshape(-1, n)


def adoption_share(model: Any) -> np.ndarray:
    """Share of the followed trend items each person adopted (0 when none is followed)."""
    ids, adopted = trend_adoption(model)
    return adopted.mean(axis=0) if ids else np.zeros(model.graph.n)


def trend_reach(model: Any) -> dict[int, float]:
    """Reach of each followed item now: the share of people who adopted it."""
    ids, adopted = trend_adoption(model)
    return dict(zip(ids, adopted.mean(axis=1).tolist(), strict=True))


def _hire_rows(model: Any) -> list[dict[str, Any]]:
    if is_mesa(model):
        return model.hire_rows
    table = model.hires()
    return table[list(HIRE_FIELDS)].to_dict("records") if len(table) else []


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "step": int(row["step"]),
        "agent": int(row["agent"]),
        "channel": str(row["channel"]),
        "hops": int(row["hops"]),
        "path": [int(a) for a in row["path"]],
    }


def hires_in_step(model: Any, step: int | None = None) -> list[dict[str, Any]]:
    """Hires of ``step`` (default: the latest step), as dicts of :data:`HIRE_FIELDS`.

    ``path`` lists everyone who held the lead, from the person who heard of the opening first
    to the person hired (one entry for a direct hire).
    """
    step = model.steps if step is None else step
    return [_clean(h) for h in _hire_rows(model) if int(h["step"]) == step]


def recent_hires(model: Any, limit: int = 8) -> list[dict[str, Any]]:
    """The last ``limit`` hires, newest first, as dicts of :data:`HIRE_FIELDS`."""
    rows = _hire_rows(model)
    return [_clean(h) for h in reversed(rows[-limit:])] if limit > 0 else []


@dataclass(frozen=True)
class Ties:
    """The ties present now: slot, ends, type, strength and how each formed (parallel arrays).

    ``formed_by`` holds :data:`~tiesim.graphs.ties.FORMED_BY` codes: 0 for the starting graph's
    ties, more for ties made during the run.
    """

    slot: np.ndarray
    u: np.ndarray
    v: np.ndarray
    tie: np.ndarray
    strength: np.ndarray
    formed_by: np.ndarray

    def of_type(self, tie: Tie) -> np.ndarray:
        """Indices (into these arrays) of the ties of type ``tie``."""
        return np.flatnonzero(self.tie == tie)

    def made_in_run(self) -> np.ndarray:
        """Whether each tie was made during the run (rather than in the starting graph)."""
        return self.formed_by != FORMED_BY.index("generated")


def ties_present(model: Any) -> Ties:
    """The ties present now (cut ties are left out; ties formed mid-run are in)."""
    graph = model.graph
    slot = np.flatnonzero(graph.alive)
    return Ties(
        slot,
        graph.u[slot],
        graph.v[slot],
        graph.tie[slot],
        graph.strength[slot],
        graph.formed_by[slot],
    )


def forms_ties(model: Any) -> bool:
    """Whether ``model``'s people make new ties as it runs (``networking``: events, …)."""
    networking = getattr(model, "networking", None)
    return networking is not None and networking.forms_ties


def ties_made(model: Any) -> dict[str, int]:
    """How many ties were made so far in each way of :data:`MADE_BY` (those with any)."""
    rows = model.metrics_rows
    if not rows or "formed_event" not in rows[0]:
        return {}
    made = {how: int(sum(row[f"formed_{how}"] for row in rows)) for how in MADE_BY}
    return {how: count for how, count in made.items() if count}


def _latest_slot(model: Any, a: int, b: int) -> int:
    """The slot of the tie between ``a`` and ``b`` now, else of the last one they had.

    -1 when their slot no longer holds their tie: it was cut and the slot, freed, went to a tie
    made later (ties are made during a run only with ``networking``).
    """
    graph = model.graph
    slots = np.flatnonzero((graph.u == min(a, b)) & (graph.v == max(a, b)))
    if not len(slots):
        return -1
    present = slots[graph.alive[slots]]
    return int(present[-1] if len(present) else slots[-1])


def tie_type(model: Any, a: int, b: int) -> Tie | None:
    """Type of the latest tie between ``a`` and ``b`` (also after it was cut: slots remain).

    None when the tie is gone and its slot went to another tie (see :func:`_latest_slot`).
    """
    slot = _latest_slot(model, a, b)
    return None if slot < 0 else Tie(int(model.graph.tie[slot]))


def tie_origin(model: Any, a: int, b: int) -> tuple[str, int]:
    """How and in which step the latest tie between ``a`` and ``b`` formed.

    The way is a :data:`~tiesim.graphs.ties.FORMED_BY` name (``"generated"``, step 0, for the
    starting graph's ties; ``"event"``, ``"online"``, … for ties made during the run); ``("",
    -1)`` when the tie is gone and its slot went to another tie.
    """
    slot = _latest_slot(model, a, b)
    if slot < 0:
        return "", -1
    return FORMED_BY[int(model.graph.formed_by[slot])], int(model.graph.formed[slot])


def path_ties(model: Any, path: list[int]) -> list[Tie | None]:
    """The type of each tie a lead crossed along ``path`` (one fewer than the people)."""
    return [tie_type(model, a, b) for a, b in pairwise(path)]


class TrendHistory:
    """The reach of every trend item at each step it was followed, recorded as a run goes.

    The engines keep only each item's latest reach; a plot of reach over time needs the
    history, so the demo model calls :meth:`record` after every step.

    Attributes
    ----------
    items : dict of int to (list of int, list of float)
        For each item id: the steps it was followed, and its reach after each.
    """

    def __init__(self) -> None:
        self.items: dict[int, tuple[list[int], list[float]]] = {}

    def record(self, model: Any) -> None:
        """Append the reach of every item followed now, at ``model.steps``."""
        for item, reach in trend_reach(model).items():
            steps, values = self.items.setdefault(item, ([], []))
            steps.append(model.steps)
            values.append(reach)


def local_bridges(model: Any) -> tuple[np.ndarray, np.ndarray]:
    """The ties present now that are local bridges, and the span of each.

    A tie is a *local bridge* when its two ends have no contact in common (Granovetter 1973;
    Easley & Kleinberg 2010, ch. 3); its *span* is the distance between the ends once the tie
    is removed (``inf`` when it is a bridge: nothing else connects the two sides).

    Returns
    -------
    slots : ndarray of int
        Slots of the local bridges, in increasing order.
    span : ndarray of float
        The span of each.
    """
    import networkx as nx

    ties = ties_present(model)
    graph = nx.Graph()
    graph.add_nodes_from(range(model.graph.n))
    graph.add_edges_from(
        (int(a), int(b), {"slot": int(s)})
        for a, b, s in zip(ties.u, ties.v, ties.slot, strict=True)
    )
    found = sorted(
        (graph[a][b]["slot"], float(span)) for a, b, span in nx.local_bridges(graph, with_span=True)
    )
    slots = np.array([s for s, _ in found], dtype=np.int64)
    return slots, np.array([span for _, span in found], dtype=float)


def brokerage_rank(model: Any) -> np.ndarray:
    """Per person, the share of people with more constraint (Burt): 1 marks the top broker.

    Constraint is :func:`tiesim.graphs.brokerage` over the ties present, unweighted; people
    with no contact rank 0.  Computed again only when the ties present change (it is kept on
    the model with the slots and ends of the ties it was computed from), so colouring by it
    costs nothing per step.
    """
    from tiesim.graphs import brokerage

    graph = model.graph
    slots = np.flatnonzero(graph.alive)
    # the ties present: slot and both ends (a freed slot can be reused by a new tie)
    key = np.stack([slots, graph.u[slots], graph.v[slots]])
    cached = getattr(model, "_brokerage_rank", None)
    if cached is not None and np.array_equal(cached[0], key):
        return cached[1]
    constraint = brokerage(model.graph)["constraint"].to_numpy()
    known = ~np.isnan(constraint)
    rank = np.zeros(len(constraint))
    if known.sum() > 1:
        order = constraint[known]
        # share of the others whose constraint is higher (ties share the lower rank)
        higher = len(order) - np.searchsorted(np.sort(order), order, side="right")
        rank[known] = higher / (len(order) - 1)
    model._brokerage_rank = (key, rank)
    return rank
