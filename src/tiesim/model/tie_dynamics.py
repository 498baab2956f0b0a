"""How ties live: strength that grows with use and fades without it, under a time budget.

The rules of the ``ties`` config section (README, "Living ties"), written once for both engines
(the array engine's kernels in ``tiesim.engines.kernels_ties`` mirror them operation for
operation, so their numbers agree to the last bit):

* **Strength moves.**  At the end of a step every tie whose pair talked (the tie was active:
  by chance, at its contact rate, or because one end checked in) gains ``growth`` of the way to
  1: ``s + growth·(1 − s)``.  Every other tie fades: its strength is multiplied by
  ``0.5 ** (1 / half_life)``, the half-life of its type.  (Carrying a lead or a trend needs the
  pair to talk, so those ties gain too.)
* **Contact rate follows strength** (:class:`ContactCurve`): the piecewise-linear function
  through (0, 0), (mean weak-tie strength, mean weak-tie contact rate) and (mean strong-tie
  strength, mean strong-tie contact rate) of the starting graph, extended beyond the strong
  point with the same slope and capped at 1.  It is monotone, and a typical tie of either type
  talks as often as the graph says; a tie used more talks more, a neglected one less.
* **Type follows strength**: a weak tie reaching ``promote_at`` becomes strong, a strong tie
  falling below ``demote_below`` becomes weak (between the two it keeps its type: hysteresis),
  and a tie falling below ``dissolve_below`` dissolves.
* **Check-ins** (``maintenance``): each step every agent spends its time ``budget``
  (``budget_unemployed`` if looking for work) on check-ins, one tie at a time in the order of
  its rule, on each tie whose cost still fits: ``checkin_cost`` for a weak tie,
  ``strong_cost_ratio`` times that for a strong one (Boorman 1975).  Only ties *due* a check-in
  count: those whose pair has not talked for ``checkin_after`` steps (1: every tie).  A checked
  tie is active this step, so information can flow over it, and its strength grows at the end
  of the step.

Numbers are computed in float64 from the stored float32 strength and stored back as float32.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from tiesim.config import TiesConfig
from tiesim.errors import TiesimError
from tiesim.graphs.ties import FORMED_BY, SocialGraph, Tie

#: Tie events, as stored in the ``ties`` table's ``event`` column (the code is the index).
TIE_EVENTS = ("formed", "promoted", "demoted", "dissolved", "removed")
FORMED, PROMOTED, DEMOTED, DISSOLVED, REMOVED = range(5)
TIE_EVENT_COLUMNS = ("step", "slot", "u", "v", "event", "tie_before", "tie_after", "strength")
NO_TIE = -1  # tie_before of a formed tie, tie_after of one that dissolved or was removed


@dataclass(frozen=True)
class ContactCurve:
    """Contact rate as a function of strength: ``m0·s`` below ``x1``, else ``y1 + (s − x1)·m1``.

    Capped at 1.  Built by :meth:`from_graph` from the mean strength and mean contact rate of
    each type of tie in the starting graph.
    """

    x1: float
    m0: float
    y1: float
    m1: float

    @classmethod
    def from_graph(cls, graph: SocialGraph) -> ContactCurve:
        """The curve through (0, 0) and each type's (mean strength, mean contact rate).

        With one type of tie present it is the line through (0, 0) and that type's point; with
        none, contact rate = strength.
        """
        points = []
        for tie in (Tie.WEAK, Tie.STRONG):
            mask = graph.alive & (graph.tie == tie)
            if mask.any():
                strength = float(graph.strength[mask].astype(np.float64).mean())
                rate = float(graph.contact_rate[mask].astype(np.float64).mean())
                points.append((strength, rate))
        if not points:
            return cls(1.0, 1.0, 1.0, 1.0)
        x1, y1 = points[0]
        if len(points) == 1:
            return cls(x1, y1 / x1, y1, y1 / x1)
        x2, y2 = points[1]
        if x2 <= x1 or y2 < y1:
            raise TiesimError(
                f"ties.dynamics needs strong ties stronger than weak ties and talking at least "
                f"as often: mean strengths weak {x1:.3g}, strong {x2:.3g}; mean contact rates "
                f"weak {y1:.3g}, strong {y2:.3g}"
            )
        return cls(x1, y1 / x1, y1, (y2 - y1) / (x2 - x1))

    def rate(self, strength: np.ndarray) -> np.ndarray:
        """Contact rates (float64) of ties of float64 ``strength``."""
        below = strength * self.m0
        above = self.y1 + (strength - self.x1) * self.m1
        return np.minimum(1.0, np.where(strength < self.x1, below, above))

    @property
    def params(self) -> tuple[float, float, float, float]:
        """``(x1, m0, y1, m1)``, for the compiled kernels."""
        return (self.x1, self.m0, self.y1, self.m1)


@dataclass(frozen=True)
class TieRules:
    """The numbers the rules need, from the ``ties`` section (and, for the curve, the graph)."""

    config: TiesConfig
    curve: ContactCurve
    keep: np.ndarray  # per Tie value: strength kept per step a tie of that type fades
    cost: np.ndarray  # per Tie value: time a check-in costs

    @classmethod
    def build(cls, config: TiesConfig, graph: SocialGraph, *, curve: bool = False) -> TieRules:
        """Rules for ``graph``; with dynamics on, its contact rates are set from the curve.

        The contact curve is made from the graph with dynamics on or when asked (``curve``: new
        ties take their contact rate from it); otherwise it is never read, and stands as the
        identity (contact rate = strength).
        """
        needed = config.dynamics or curve
        curve = ContactCurve.from_graph(graph) if needed else ContactCurve(1.0, 1.0, 1.0, 1.0)
        keep = np.empty(2)
        keep[Tie.STRONG] = 0.5 ** (1.0 / config.half_life_strong)
        keep[Tie.WEAK] = 0.5 ** (1.0 / config.half_life_weak)
        cost = np.empty(2)
        cost[Tie.WEAK] = config.checkin_cost
        cost[Tie.STRONG] = config.checkin_cost * config.strong_cost_ratio
        rules = cls(config, curve, keep, cost)
        if config.dynamics:
            alive = np.flatnonzero(graph.alive)
            strength = graph.strength[alive].astype(np.float64)
            graph.writable("contact_rate")[alive] = curve.rate(strength).astype(np.float32)
        return rules

    def due(self, last_talk: int, t: int) -> bool:
        """Whether a tie whose pair last talked at step ``last_talk`` is due a check-in at ``t``."""
        return t - last_talk >= self.config.checkin_after

    def budget(self, looking: bool) -> float:
        """Time an agent has for check-ins this step."""
        return self.config.unemployed_budget if looking else self.config.budget

    def next_strength(self, strength: np.ndarray, tie: np.ndarray, talked: np.ndarray):
        """Float64 strengths after a step: grown where the pair talked, faded elsewhere."""
        s = strength.astype(np.float64)
        grown = s + self.config.growth * (1.0 - s)
        return np.where(talked, grown, s * self.keep[tie])

    def next_type(self, strength: np.ndarray, tie: np.ndarray) -> np.ndarray:
        """Tie types after a step, from the new float64 strengths (hysteresis between)."""
        promote = (tie == Tie.WEAK) & (strength >= self.config.promote_at)
        demote = (tie == Tie.STRONG) & (strength < self.config.demote_below)
        return np.where(promote, Tie.STRONG, np.where(demote, Tie.WEAK, tie)).astype(tie.dtype)


class TieEvents:
    """The log behind the ``ties`` table, one row per tie event in the order they happened.

    Events: a tie formed, promoted, demoted, dissolved or removed.  Integer columns
    (``TIE_EVENT_COLUMNS`` but ``strength``) live in one int64 array and the strength in a
    float64 one, with spare rows that the array engine's kernels fill in place (:meth:`reserve`).
    How each tie formed (its ``formed_by`` code) and the contacts its pair shared then are kept
    beside them (:meth:`note_formed_by`) and are columns of the table with ``networking`` on.
    """

    def __init__(self, formed_by: bool = False) -> None:
        self.ints = np.zeros((256, 7), np.int64)
        self.strength = np.zeros(256, np.float64)
        self.formed_by = np.zeros(256, np.int64)
        self.mutual = np.zeros(256, np.int64)
        self.with_formed_by = formed_by
        self.used = 0

    def reserve(self, rows: int) -> None:
        """Make room for ``rows`` more events."""
        if self.used + rows > len(self.ints):
            size = max(2 * len(self.ints), self.used + rows)
            ints, strength = np.zeros((size, 7), np.int64), np.zeros(size, np.float64)
            formed_by, mutual = np.zeros(size, np.int64), np.zeros(size, np.int64)
            ints[: self.used] = self.ints[: self.used]
            strength[: self.used] = self.strength[: self.used]
            formed_by[: self.used] = self.formed_by[: self.used]
            mutual[: self.used] = self.mutual[: self.used]
            self.ints, self.strength = ints, strength
            self.formed_by, self.mutual = formed_by, mutual

    def append(
        self,
        step: int,
        graph: SocialGraph,
        slots: np.ndarray,
        event: np.ndarray | int,
        before: np.ndarray | int,
        after: np.ndarray | int,
    ) -> None:
        """Log ``event`` for the ties in ``slots`` (their ends and strength read from ``graph``).

        ``event``, ``before`` and ``after`` are codes (``TIE_EVENTS`` index; Tie value or
        ``NO_TIE``), one per slot or one for all.
        """
        count = len(slots)
        if count == 0:
            return
        self.reserve(count)
        rows = slice(self.used, self.used + count)
        ints = self.ints[rows]
        ints[:, 0] = step
        ints[:, 1] = slots
        ints[:, 2] = graph.u[slots]
        ints[:, 3] = graph.v[slots]
        ints[:, 4] = event
        ints[:, 5] = before
        ints[:, 6] = after
        self.strength[rows] = graph.strength[slots]
        self.formed_by[rows] = graph.formed_by[slots]
        self.mutual[rows] = graph.mutual_formed[slots]
        self.used += count

    def note_formed_by(self, graph: SocialGraph, start: int) -> None:
        """Fill in how the ties of the events from row ``start`` on formed (and mutual contacts).

        For rows the array engine's kernels logged; call before their slots are reused.
        """
        rows = slice(start, self.used)
        self.formed_by[rows] = graph.formed_by[self.ints[rows, 1]]
        self.mutual[rows] = graph.mutual_formed[self.ints[rows, 1]]

    def since(self, start: int) -> np.ndarray:
        """How many events of each kind were logged from row ``start`` on."""
        return np.bincount(self.ints[start : self.used, 4], minlength=len(TIE_EVENTS))

    def table(self) -> pd.DataFrame:
        """The ``ties`` table (README, "Tie events")."""
        ints = self.ints[: self.used]
        labels = np.array(TIE_EVENTS, dtype=object)
        types = np.array(["", Tie.STRONG.label, Tie.WEAK.label], dtype=object)  # NO_TIE, 0, 1
        columns = {
            "step": ints[:, 0],
            "slot": ints[:, 1],
            "u": ints[:, 2],
            "v": ints[:, 3],
            "event": labels[ints[:, 4]].tolist(),
            "tie_before": types[ints[:, 5] + 1].tolist(),
            "tie_after": types[ints[:, 6] + 1].tolist(),
            "strength": self.strength[: self.used],
        }
        names = list(TIE_EVENT_COLUMNS)
        if self.with_formed_by:
            how = np.array(FORMED_BY, dtype=object)
            columns["formed_by"] = how[self.formed_by[: self.used]].tolist()
            columns["mutual_formed"] = self.mutual[: self.used]
            names += ["formed_by", "mutual_formed"]
        return pd.DataFrame(columns, columns=names)


def tie_totals(graph: SocialGraph) -> tuple[list[int], list[float]]:
    """Ties present and their summed strength (slot order, :func:`sequential_sum`), by Tie."""
    count, total = [0, 0], [0.0, 0.0]
    for tie in Tie:
        mine = graph.alive & (graph.tie == tie)
        count[tie] = int(np.count_nonzero(mine))
        total[tie] = sequential_sum(graph.strength[mine])
    return count, total


def sequential_sum(values: np.ndarray) -> float:
    """Sum in float64, one value after another (the order a compiled loop adds them in)."""
    return float(np.cumsum(values, dtype=np.float64)[-1]) if len(values) else 0.0
