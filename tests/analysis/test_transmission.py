"""Job transmission by mutual contacts at formation: ties named by slot and formation step."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tiesim.analysis.summary import network_summary
from tiesim.analysis.transmission import formed_ties, transmission_by_mutual, wilson
from tiesim.config import CommunityGraphConfig, JobsConfig, NetworkingConfig, TiesConfig
from tiesim.engines import ArrayModel


def event(step, slot, kind, formed_by="online", mutual=1, run="r"):
    return {
        "run_id": run,
        "step": step,
        "slot": slot,
        "event": kind,
        "formed_by": formed_by,
        "mutual_formed": mutual,
    }


TIES = pd.DataFrame(
    [
        event(3, 0, "formed", mutual=1),
        event(5, 1, "formed", mutual=2),
        event(9, 1, "promoted", mutual=2),
        event(12, 1, "dissolved", mutual=2),
        event(14, 1, "formed", mutual=6),  # slot 1 reused by a second tie
        event(15, 2, "formed", "event", 0),
        event(20, 0, "demoted", mutual=1),
    ]
)


def test_each_formation_is_one_tie_even_when_slots_are_reused():
    ties = formed_ties(TIES)
    assert ties[["slot", "formed", "mutual", "became_strong"]].values.tolist() == [
        [0, 3, 1, False],
        [1, 5, 2, True],
        [1, 14, 6, False],
    ]


def test_a_hire_counts_for_the_tie_it_came_over_only():
    hires = pd.DataFrame({"run_id": ["r", "r"], "tie_slot": [1, -1], "tie_formed": [14, -1]})
    table = transmission_by_mutual(TIES, hires).set_index(["ties", "mutual_at_formation"])
    assert table.loc[("all", "5-7"), "carried_a_hire"] == 1
    assert table.loc[("all", "2"), "carried_a_hire"] == 0  # the earlier tie in slot 1
    assert table.loc[("all", "1"), "formed"] == 1
    assert table.loc[("became strong", "2"), "formed"] == 1
    assert table.loc[("weak throughout", "2"), "formed"] == 0
    assert table["formed"].sum() == 2 * 3  # all, then the two kinds


def test_wilson_interval():
    low, high = wilson(5, 100)
    assert low == pytest.approx(0.02154, abs=1e-4) and high == pytest.approx(0.11175, abs=1e-4)
    assert wilson(0, 10)[0] == 0.0 and np.isnan(wilson(0, 0)[0])
    for count in range(1, 200):  # the interval holds the proportion, even at 0 and 1
        for hits in (0, count // 3, count):
            low, high = wilson(hits, count)
            assert low <= hits / count <= high


def test_on_a_real_run_the_carried_ties_match_the_hires():
    config = NetworkingConfig(
        online={"rate": 0.2, "accept": 1.0, "arms": ["random", "most_mutual"]}
    )
    model = ArrayModel(
        CommunityGraphConfig(n=300),
        JobsConfig(job_loss=0.05),
        ties=TiesConfig(dynamics=True),
        networking=config,
        rng=3,
    )
    for _ in range(40):
        model.step()
    hires, ties = model.hires(), model.tie_table()
    table = transmission_by_mutual(ties, hires)
    online = hires[hires["tie_formed_by"] == "online"]
    carried = len(set(zip(online["tie_slot"], online["tie_formed"], strict=True)))
    assert table.query("ties == 'all'")["carried_a_hire"].sum() == carried > 0
    summary = network_summary(hires, model.agent_table(), 40)
    for arm in ("random", "most_mutual"):
        assert 0 < summary[f"hire_rate_arm_{arm}"] < 1
    assert np.isnan(summary["hire_rate_arm_fewest_mutual"])
