"""What both engines offer in the same way, whatever their state looks like inside."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.graphs.ties import SocialGraph, Tie
from tiesim.model.metrics import METRIC_COLUMNS


class EngineTables:
    """Mixin of :class:`~tiesim.model.WeakTiesModel` and :class:`~tiesim.engines.ArrayModel`."""

    graph: SocialGraph
    metrics_rows: list[dict[str, float]]

    def weak_slots(self) -> np.ndarray:
        """Slots of the weak ties present now (e.g. ``model.remove_ties(model.weak_slots())``)."""
        return np.flatnonzero(self.graph.alive & (self.graph.tie == Tie.WEAK))

    def metrics(self) -> pd.DataFrame:
        """The per-step metrics table."""
        return pd.DataFrame(self.metrics_rows, columns=list(METRIC_COLUMNS))
