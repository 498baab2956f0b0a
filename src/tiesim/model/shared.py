"""What both engines offer in the same way, whatever their state looks like inside."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.errors import TiesimError
from tiesim.graphs.ties import SocialGraph, Tie
from tiesim.model.metrics import METRIC_COLUMNS


class EngineTables:
    """Mixin of :class:`~tiesim.model.WeakTiesModel` and :class:`~tiesim.engines.ArrayModel`."""

    graph: SocialGraph
    metrics_rows: list[dict[str, float]]

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
        see the change at once.
        """
        self.graph.update_ties(
            self._slots(slots), strength=strength, contact_rate=contact_rate, tie=tie
        )

    def weak_slots(self) -> np.ndarray:
        """Slots of the weak ties present now (e.g. ``model.remove_ties(model.weak_slots())``)."""
        return np.flatnonzero(self.graph.alive & (self.graph.tie == Tie.WEAK))

    def metrics(self) -> pd.DataFrame:
        """The per-step metrics table."""
        return pd.DataFrame(self.metrics_rows, columns=list(METRIC_COLUMNS))
