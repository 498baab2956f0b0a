"""What both engines offer in the same way, whatever their state looks like inside.

:class:`EngineTables` is a mixin of :class:`~tiesim.model.WeakTiesModel` and
:class:`~tiesim.engines.ArrayModel`: changing ties by hand (and logging it in the ``ties``
table) and the result tables.  Each engine supplies ``_tied`` (which pairs are tied now),
``_enter`` (put new ties in its own structures) and ``_cut`` (take ties out of the table and
its structures).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from tiesim.config import NetworkingConfig, TiesConfig
from tiesim.errors import TiesimError
from tiesim.graphs.ties import FORMED_BY, SocialGraph, Tie
from tiesim.model.metrics import NetworkTally, metric_columns
from tiesim.model.networking import Networking, Rows
from tiesim.model.tie_dynamics import DEMOTED, FORMED, NO_TIE, PROMOTED, REMOVED, TieEvents


class EngineTables:
    """Tie edits and result tables shared by both engines (see the module docstring)."""

    graph: SocialGraph
    ties: TiesConfig
    networking: NetworkingConfig
    network: Networking | None
    rng: np.random.Generator
    steps: int
    metrics_rows: list[dict[str, float]]
    tie_events: TieEvents
    _events_counted: int
    # supplied by each engine (see the module docstring)
    _tied: Callable[[np.ndarray, np.ndarray], np.ndarray]
    _enter: Callable[[np.ndarray, np.ndarray, np.ndarray], None]
    _cut: Callable[[np.ndarray], np.ndarray]
    rows: Callable[[], Rows]  # each agent's contacts and tie slots, now
    looking_now: Callable[[], np.ndarray]  # bool per agent: without a job now

    # ------------------------------------------------------------------ people who network
    @property
    def ties_change(self) -> bool:
        """Whether the graph can change during the run (``ties`` or ``networking`` on)."""
        return self.ties.active or self.networking.active

    @property
    def asks_or_checks_in(self) -> bool:
        """Whether a tie can be active because an end checked in on it or asked over it."""
        return self.ties.checks_in or self.networking.interviews_on

    def ask_for_interviews(self) -> None:
        """Phase 2b: job seekers ask contacts for informational interviews (networking)."""
        self.network.ask_for_interviews(
            self.rng, self.steps, self.graph, self.rows(), self.looking_now()
        )

    def form_ties(self) -> NetworkTally:
        """Phase 6: ties form at events, online, in activities, by introductions; the tally."""
        new = self.network.form_ties(self.rng, self.rows(), self.looking_now(), self.graph.tie)
        formed = np.bincount(new.formed_by, minlength=len(FORMED_BY))
        if len(new.u):
            u, v = new.u, new.v
            config, t = self.network.config, self.steps
            slots = self.graph.add_ties(
                u,
                v,
                Tie.WEAK,
                config.new_strength,
                self.network.new_rate,
                step=t,
                formed_by=new.formed_by,
                mutual=new.mutual,
            )
            self._enter(u, v, slots)
            self.tie_events.append(t, self.graph, slots, FORMED, NO_TIE, Tie.WEAK)
        return NetworkTally(self.network.step_interviews, formed.tolist())

    # ------------------------------------------------------------------ ties change by hand
    def remove_ties(self, slots: np.ndarray | list[int]) -> None:
        """Cut ties (by slot) from the next step on, e.g. ``remove_ties(model.weak_slots())``.

        Ties already gone are ignored.  Each cut is logged (``removed``) in the ``ties`` table.
        """
        removed = self._cut(self._slots(slots))  # the table keeps a cut tie's ends and type
        before = self.graph.tie[removed]
        self.tie_events.append(self.steps + 1, self.graph, removed, REMOVED, before, NO_TIE)

    def add_ties(
        self,
        u: Any,
        v: Any,
        tie: Any,
        strength: Any,
        contact_rate: Any,
    ) -> np.ndarray:
        """Form new ties between untied pairs from the next step on; returns their slots.

        ``u`` and ``v`` are arrays of equal length; ``tie``, ``strength`` and ``contact_rate``
        arrays of that length or single values.  Each tie is logged (``formed``) in the ``ties``
        table.  With ``ties.dynamics`` on, the contact rate given holds for the next step, then
        follows strength.
        """
        u, v = np.atleast_1d(np.asarray(u, np.int64)), np.atleast_1d(np.asarray(v, np.int64))
        if len(u) != len(v):
            raise TiesimError(f"add_ties needs as many u as v ends (got {len(u)} and {len(v)}).")
        self._check_new_pairs(u, v)
        slots = self.graph.add_ties(u, v, tie, strength, contact_rate, step=self.steps + 1)
        self._enter(u, v, slots)
        after = self.graph.tie[slots]
        self.tie_events.append(self.steps + 1, self.graph, slots, FORMED, NO_TIE, after)
        return slots

    def _check_new_pairs(self, u: np.ndarray, v: np.ndarray) -> None:
        """Raise :class:`TiesimError` unless ``u``–``v`` are new, distinct pairs of agents."""
        n = self.graph.n
        if len(u) and (min(u.min(), v.min()) < 0 or max(u.max(), v.max()) >= n):
            raise TiesimError(f"add_ties ends must be agents 0..{n - 1}.")
        if np.any(u == v):
            raise TiesimError("add_ties cannot tie an agent to itself.")
        pairs = np.minimum(u, v) * n + np.maximum(u, v)
        if len(np.unique(pairs)) < len(pairs) or np.any(self._tied(u, v)):
            raise TiesimError("add_ties cannot tie a pair twice (some pairs are already tied).")

    def update_ties(
        self,
        slots: np.ndarray | list[int],
        *,
        strength: float | np.ndarray | None = None,
        contact_rate: float | np.ndarray | None = None,
        tie: int | np.ndarray | None = None,
    ) -> None:
        """Change the strength, contact rate and/or type of present ties, from the next step.

        This is the way to change ties mid-run (``model.graph``'s arrays are read-only): both
        engines, and the Mesa engine's networkx graph ``model.G``, read the tie table, so they
        see the change at once.  Type changes are logged (``promoted`` / ``demoted``).
        """
        slots = self._slots(slots)
        before = self.graph.tie[slots].copy()
        self.graph.update_ties(slots, strength=strength, contact_rate=contact_rate, tie=tie)
        after = self.graph.tie[slots]
        for event, was, now in ((PROMOTED, Tie.WEAK, Tie.STRONG), (DEMOTED, Tie.STRONG, Tie.WEAK)):
            changed = slots[(before == was) & (after == now)]
            self.tie_events.append(self.steps + 1, self.graph, changed, event, was, now)

    def _slots(self, slots: np.ndarray | list[int]) -> np.ndarray:
        """Slot numbers from indices or a boolean mask over the slots, checked."""
        slots = np.asarray(slots)
        if slots.dtype == bool:
            if slots.shape != (self.graph.num_slots,):
                raise TiesimError(
                    f"a mask of tie slots needs {self.graph.num_slots} entries "
                    f"(got {slots.shape[0] if slots.ndim else 1})"
                )
            return np.flatnonzero(slots)
        slots = np.atleast_1d(slots).astype(np.int64)
        if len(slots) and (slots.min() < 0 or slots.max() >= self.graph.num_slots):
            raise TiesimError(f"tie slots must be in 0..{self.graph.num_slots - 1}")
        return slots

    def weak_slots(self) -> np.ndarray:
        """Slots of the weak ties present now (e.g. ``model.remove_ties(model.weak_slots())``)."""
        return np.flatnonzero(self.graph.alive & (self.graph.tie == Tie.WEAK))

    def events_counted(self) -> list[int]:
        """Tie events logged since the last call, by kind (for the step's metrics row)."""
        counts = self.tie_events.since(self._events_counted)
        self._events_counted = self.tie_events.used
        return counts.tolist()

    # ------------------------------------------------------------------ results
    @property
    def metric_names(self) -> tuple[str, ...]:
        """Columns of the metrics table (tie columns only when ties change)."""
        return metric_columns(self.ties_change, self.networking.active)

    def metrics(self) -> pd.DataFrame:
        """The per-step metrics table."""
        return pd.DataFrame(self.metrics_rows, columns=list(self.metric_names))

    def tie_table(self) -> pd.DataFrame:
        """The ``ties`` table: every tie formed, promoted, demoted, dissolved or removed."""
        return self.tie_events.table()
