"""Running both engines side by side and checking that they agree to the last bit."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.config import LayeredGraphConfig
from tiesim.engines import ArrayModel
from tiesim.model import WeakTiesModel

TABLES = ("metrics", "hires", "trend_items", "tie_table", "agent_table")
#: The tie table's columns both engines must hold alike (every one an engine writes).
GRAPH_COLUMNS = ("u", "v", "tie", "strength", "contact_rate", "alive", "formed", "last_talk")
GRAPH_COLUMNS += ("last_checkin", "last_asked", "formed_by", "mutual_formed", "strength_formed")


#: A small layered graph (three layers) for the tests that run every graph kind on both engines.
LAYERED = LayeredGraphConfig(
    kind="layered",
    n=120,
    community_size=12,
    layers=[
        {"degree": 2, "tie": "strong", "contact_rate": 1.0, "strength": [0.8, 1.0]},
        {"degree": 3, "tie": "strong", "contact_rate": 0.3},
        {"degree": 12, "tie": "weak", "contact_rate": 0.05, "within": 0.2},
    ],
)


def run_both(*sections, steps: int, edits=None, rng=3, **keywords):
    """Both engines built from ``sections`` and ``keywords``, stepped ``steps`` times.

    ``edits[step](model)`` changes ties by hand before that step.
    """
    models = tuple(engine(*sections, rng=rng, **keywords) for engine in (WeakTiesModel, ArrayModel))
    return step_all(models, steps, edits)


def step_all(models, steps: int, edits=None):
    """Step ``models`` side by side; ``edits[step](model)`` changes ties before that step."""
    for step in range(steps):
        for model in models:
            if edits and step in edits:
                edits[step](model)
            model.step()
    return models


def assert_same(mesa, array) -> None:
    """Every result table and every tie column identical, values and types."""
    for name in TABLES:
        frames = getattr(mesa, name)(), getattr(array, name)()
        pd.testing.assert_frame_equal(*frames, check_exact=True, obj=name)
    for name in GRAPH_COLUMNS:
        assert np.array_equal(getattr(mesa.graph, name), getattr(array.graph, name)), name
