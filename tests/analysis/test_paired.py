"""Paired differences: strategies and arms within runs, swept values with the same seeds."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tiesim.analysis.paired import difference_cells, group_differences, value_differences
from tiesim.analysis.summary import mean_ci


def strategy_runs() -> pd.DataFrame:
    rng = np.random.default_rng(4)
    rows = []
    for point, share in enumerate((0.1, 0.5)):
        for seed in (11, 12, 13):
            rows.append(
                {
                    "point": point,
                    "seed": seed,
                    "networking.strategies.networker": share,
                    "spell_homebody": 10 + rng.random(),
                    "spell_networker": 8 + rng.random(),
                    "spell_asks_for_interviews": np.nan if point else 9.0,
                    "employed_homebody": 0.9,
                    "employed_networker": 0.92,
                    "employed_asks_for_interviews": 0.95,
                }
            )
    return pd.DataFrame(rows)


def test_strategies_are_compared_with_homebodies_within_each_run():
    runs = strategy_runs()
    table, names = group_differences(runs, ["networking.strategies.networker"])
    assert list(names) == [
        "sooner_networker",
        "employed_networker",
        "sooner_asks_for_interviews",
        "employed_asks_for_interviews",
    ]
    first = runs[runs.point == 0]
    mean, _, low, high, count = mean_ci(first.spell_homebody - first.spell_networker)
    row = table.iloc[0]
    assert (row.sooner_networker_mean, row.sooner_networker_ci_low) == (mean, low)
    assert row.sooner_networker_ci_high == high
    assert row.sooner_networker_n == count == 3
    assert row.employed_networker_mean == pytest.approx(0.02)
    assert np.isnan(table.iloc[1].sooner_asks_for_interviews_mean)  # no spells at point 1


def test_without_two_strategies_or_arms_there_is_nothing_to_compare():
    runs = strategy_runs().drop(columns=["spell_networker", "spell_asks_for_interviews"])
    table, names = group_differences(runs, [])
    assert names == {} and table.empty


def test_recommendation_arms_are_compared_pairwise():
    runs = pd.DataFrame(
        {
            "point": [0, 0],
            "seed": [1, 2],
            "employed_arm_most_mutual": [0.80, 0.82],
            "employed_arm_random": [0.85, 0.86],
            "employed_arm_fewest_mutual": [0.84, 0.88],
        }
    )
    table, names = group_differences(runs, [])
    assert list(names) == [
        "employed_most_mutual_vs_random",
        "employed_most_mutual_vs_fewest_mutual",
        "employed_random_vs_fewest_mutual",
    ]
    assert table.employed_most_mutual_vs_random_mean[0] == pytest.approx(-0.045)


def grid_runs() -> pd.DataFrame:
    """A 2 x 3 grid (a, b), three seeds; the metric is 10·a + b + a small seed effect."""
    rows = []
    point = 0
    for a in (0.0, 1.0):
        for b in (5, 6, 7):
            for seed in (1, 2, 3):
                rows.append({"point": point, "seed": seed, "a": a, "b": b, "m": 10 * a + b + seed})
            point += 1
    return pd.DataFrame(rows)


def test_each_value_minus_the_first_with_the_other_paths_held_and_the_same_seed():
    runs = grid_runs()
    tables = value_differences(runs, ["a", "b"], ["m"])
    a, b = tables["a"], tables["b"]
    assert list(a.b) == [5, 6, 7] and set(a.a) == {1.0}
    np.testing.assert_allclose(a.m_mean, 10.0)  # the seed effect cancels: no spread at all
    np.testing.assert_allclose(a.m_ci_high, 10.0)
    assert list(zip(b.a, b.b, strict=True)) == [(0.0, 6), (0.0, 7), (1.0, 6), (1.0, 7)]
    np.testing.assert_allclose(b.m_mean, [1, 2, 1, 2])
    only_b = value_differences(runs, ["a", "b"], ["m"], paths=["b"])
    assert list(only_b) == ["b"]


def test_a_pair_with_a_missing_run_is_left_out():
    runs = grid_runs()
    runs = runs[~((runs.a == 1.0) & (runs.b == 5) & (runs.seed == 2))]  # that run failed
    table = value_differences(runs, ["a", "b"], ["m"])["a"]
    assert list(table.m_n) == list(table.pairs) == [2, 3, 3]


def test_difference_cells_have_a_sign_and_the_interval_sets_the_decimals():
    table = pd.DataFrame(
        {
            "x_mean": [0.0055, -0.00002, np.nan, 633.0],
            "x_ci_high": [0.0069, 0.0012, np.nan, 877.0],
        }
    )
    assert difference_cells(table.iloc[:3], "x") == ["+0.0055 ± 0.0014", "0.0000 ± 0.0012", "n/a"]
    assert difference_cells(table.iloc[3:], "x") == ["+633 ± 244"]


def test_held_values_with_no_pair_left_are_skipped():
    """Every run at a = 1 and 2 failed where b = 0.2: no a-row there, and no error."""
    rows = [
        {"point": p, "seed": s, "a": a, "b": b, "m": s + a}
        for p, (a, b) in enumerate((a, b) for a in (1, 2, 3) for b in (0.1, 0.2))
        for s in (5, 6, 7)
    ]
    runs = pd.DataFrame(rows)
    runs = runs[~((runs.b == 0.2) & runs.a.isin([1, 2]))]
    table = value_differences(runs, ["a", "b"], ["m"])["a"]
    assert list(zip(table.b, table.a, table.pairs, strict=True)) == [(0.1, 2, 3), (0.1, 3, 3)]
    np.testing.assert_allclose(table.m_mean, [1, 2])


def test_without_a_half_width_the_means_set_the_decimals():
    table = pd.DataFrame({"x_mean": [0.0055, -0.0031], "x_ci_high": [np.nan, np.nan]})
    assert difference_cells(table, "x") == ["+0.0055", "-0.0031"]


def test_a_path_with_no_pair_at_all_is_left_out():
    """No seed finished at both values of a (the runs at a = 1 have other seeds)."""
    runs = grid_runs()
    runs.loc[runs.a == 1.0, "seed"] += 10
    tables = value_differences(runs, ["a", "b"], ["m"])
    assert "a" not in tables and len(tables["b"]) == 4
