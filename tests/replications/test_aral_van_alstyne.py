"""Aral & Van Alstyne (2011): diversity against bandwidth, and novelty as topics refresh."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tiesim.replications import aral_van_alstyne as ava
from tiesim.replications.core import Verdict


def test_correlations_are_spearman_and_nan_where_a_measure_is_constant():
    agents = pd.DataFrame(
        {
            "effective_size": [1.0, 2.0, 3.0, 4.0],
            "bandwidth": [0.5, 0.4, 0.2, 0.1],  # falls with effective size
            "topic_diversity": [0.0, 0.0, 0.0, 0.0],  # no spread at all
            "novelty": [0.1, 0.3, 0.2, 0.9],
        }
    )
    found = ava.correlations(agents)
    assert found["diversity_bandwidth"] == pytest.approx(-1.0)
    assert np.isnan(found["diversity_topics"])
    assert found["diversity_novelty"] == pytest.approx(0.8)  # ranks 1, 3, 2, 4
    assert found["bandwidth_novelty"] == pytest.approx(-0.8)


def test_everyone_has_the_same_number_of_ties_and_rewired_ones_are_weak():
    agents = ava.run_once(200, 5, 0.05, 1, seed=4)
    assert ((agents["degree_strong"] + agents["degree_weak"]) == ava.DEGREE).all()
    expected = (
        agents["degree_strong"] * ava.STRONG_RATE + agents["degree_weak"] * ava.WEAK_RATE
    ) / ava.DEGREE
    assert np.allclose(agents["bandwidth"], expected)
    assert agents["novel_items"].sum() > 0 and agents["effective_size"].std() > 0


@pytest.mark.slow
def test_quick_verdicts_are_those_the_page_states():
    rows = ava.replicate(quick=True).rows
    expected = [Verdict.REPRODUCED] * 3 + [Verdict.NOT, Verdict.REPRODUCED]
    expected += [Verdict.QUALITATIVELY, Verdict.NOT]
    assert [row.verdict for row in rows] == expected
