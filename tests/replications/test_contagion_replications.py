"""Centola & Macy (2007) and Eckles et al. (2024): the mechanisms their pages explain."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from tiesim.replications import centola_macy, eckles
from tiesim.replications.core import Verdict

SEEDS = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(7).spawn(6)]


@pytest.mark.parametrize("threshold", [1, 2, 3])
def test_fronts_on_the_unrewired_ring_move_4_minus_threshold_agents_a_side_per_step(threshold):
    n = 400  # k = 6: the focal agent and its 6 contacts start; half is n / 2 agents
    items = centola_macy.follow_items(
        n, 6, 0.0, threshold, rate=0.1, window=20, horizon=n // 2, seed=SEEDS[0]
    )
    expected = math.ceil((n / 2 - 7) / (2 * (4 - threshold))) - 1  # adoption the step it starts
    assert len(items) > 0 and (items["time_to_half"] == expected).all()


def test_threshold_3_successes_slow_because_one_front_stops():
    """At p = 0.001 an item either meets no removed tie (exactly the lattice's time) or has a
    front stopped and takes longer; some have both fronts stopped and fail."""
    n = 1000
    lattice = math.ceil((n / 2 - 7) / 2) - 1
    items = pd.concat(
        [
            centola_macy.follow_items(
                n, 6, 0.001, 3, rate=0.1, window=30, horizon=n // 2, seed=seed
            )
            for seed in SEEDS
        ]
    )
    times = items["time_to_half"].dropna()
    assert times.min() == lattice and times.max() > lattice + 50
    assert items["time_to_half"].isna().any()


def test_below_threshold_adoption_turns_rewiring_from_stopping_to_accelerating():
    def steps(p, q):
        items = pd.concat(
            [
                eckles.follow_items(400, p, q, rate=0.1, window=20, horizon=200, seed=seed)
                for seed in SEEDS[:3]
            ]
        )
        return items["time_to_half"].fillna(200).mean(), items["time_to_half"].notna().mean()

    (ring, ring_share), (rewired, rewired_share) = steps(0.0, 0.0), steps(1.0, 0.0)
    assert ring_share == 1 and rewired_share == 0 and rewired == 200 > ring
    (noisy_ring, _), (noisy_rewired, noisy_share) = steps(0.0, 0.1), steps(1.0, 0.1)
    assert noisy_share == 1 and noisy_rewired < noisy_ring / 2


@pytest.mark.slow
@pytest.mark.parametrize(
    ("module", "qualitative", "not_reproduced"),
    [(centola_macy, {1}, {2, 3}), (eckles, set(), set())],
    ids=["centola_macy", "eckles"],
)
def test_quick_verdicts_are_those_the_page_states(
    module, qualitative, not_reproduced, quick_replications
):
    table = pd.read_csv(quick_replications.folder / module.NAME / "table.csv")
    for i, (name, verdict) in enumerate(zip(table["quantity"], table["verdict"], strict=True)):
        expected = (
            Verdict.QUALITATIVELY
            if i in qualitative
            else Verdict.NOT
            if i in not_reproduced
            else Verdict.REPRODUCED
        )
        assert verdict == expected.value, name
