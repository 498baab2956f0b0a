"""Gee et al. (2017) on the layered population: per-tie help and the weak share of contact hires."""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.config import validate_config
from tiesim.replications import gee
from tiesim.replications.core import Verdict


def hire(run_id: str, step: int, agent: int, sender: int, channel: str, rate: float) -> dict:
    return {
        "run_id": run_id,
        "step": step,
        "agent": agent,
        "sender": sender,
        "channel": channel,
        "contact_rate": np.float32(rate) if channel != "direct" else np.nan,
    }


def test_tie_use_counts_each_layers_ties_that_carried_a_hire_in_the_final_window():
    config = validate_config({**gee.SETUP, "steps": 100, "graph": {**gee.SETUP["graph"], "n": 200}})
    hires = pd.DataFrame(
        [
            hire("a", 90, 3, 7, "strong", 1.0),  # an intimate tie, twice: one tie carried
            hire("a", 95, 7, 3, "strong", 1.0),
            hire("a", 80, 4, 9, "strong", 0.25),  # a close tie
            hire("a", 99, 5, 150, "weak", 0.05),  # two acquaintances
            hire("a", 99, 6, 151, "weak", 0.05),
            hire("a", 60, 8, 152, "weak", 0.05),  # before the final quarter: not counted
            hire("a", 90, 9, -1, "direct", 0.0),  # not through a contact
            hire("b", 99, 1, 2, "weak", 0.05),
        ]
    )
    use = gee.tie_use(config, hires).set_index(["run_id", "layer"])
    assert list(use.loc["a", "ties"]) == [500, 1000, 13500]  # degree * n / 2 per layer
    assert list(use.loc["a", "carried"]) == [1, 1, 2]
    assert list(use.loc["a", "hires"]) == [2, 1, 2]
    assert list(use.loc["b", "carried"]) == [0, 0, 1]
    assert list(use.loc["a", "tie"]) == ["strong", "strong", "weak"]


def test_quick_replication_gives_the_paradox_on_the_population():
    outcome = gee.replicate(quick=True)
    assert [row.verdict for row in outcome.rows] == [Verdict.REPRODUCED] * 3
    strong_minus_weak, close_minus_acquaintance, weak_share = (r.model for r in outcome.rows)
    assert 0 < close_minus_acquaintance.value < strong_minus_weak.value
    assert 0.5 < weak_share.value < 0.8
    per_layer = outcome.data.groupby("layer", sort=False)["per_tie"].mean()
    assert list(per_layer.index) == ["intimate", "close", "acquaintances"]
    assert per_layer.is_monotonic_decreasing  # tie for tie, help falls with the layer
