"""Summary statistics against hand-computed cases."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tiesim.analysis.summary import mean_ci, point_summary, run_summary


def test_mean_ci_by_hand():
    # values 1, 2, 3, 4: mean 2.5, s = sqrt(5/3) = 1.290994, t(0.975, 3) = 3.1824463,
    # half-width = 3.1824463 * 1.2909944 / sqrt(4) = 2.054260
    mean, std, low, high, n = mean_ci(np.array([1.0, 2.0, 3.0, 4.0]))
    assert (mean, n) == (2.5, 4)
    assert std == pytest.approx(1.290994, abs=1e-6)
    assert high - mean == pytest.approx(2.054260, abs=1e-6)
    assert mean - low == pytest.approx(2.054260, abs=1e-6)


def test_mean_ci_ignores_nan_and_needs_two_values():
    assert mean_ci(np.array([np.nan, 3.0, 5.0]))[:2] == (4.0, pytest.approx(np.sqrt(2)))
    mean, std, low, high, n = mean_ci(np.array([7.0]))
    assert mean == 7.0 and n == 1 and np.isnan([std, low, high]).all()
    assert mean_ci(np.array([np.nan]))[4] == 0


def test_point_summary_groups_in_plan_order():
    runs = pd.DataFrame(
        {
            "point": [0, 0, 0, 0, 1, 1],
            "x": [2.0, 2.0, 2.0, 2.0, 0.5, 0.5],
            "y": [1.0, 2.0, 3.0, 4.0, 10.0, 10.0],
        }
    )
    summary = point_summary(runs, ["point", "x"], ("y", "absent"))
    assert summary["x"].tolist() == [2.0, 0.5] and summary["n_runs"].tolist() == [4, 2]
    assert summary.loc[0, "y_ci_high"] == pytest.approx(2.5 + 2.054260, abs=1e-6)
    assert summary.loc[1, "y_std"] == 0.0 and "absent_mean" not in summary


def test_run_summary_final_window_and_time_to_event():
    steps = 8
    metrics = pd.DataFrame(
        {
            "step": range(1, steps + 1),
            "employment_rate": [0.0] * 6 + [0.5, 0.7],
            "opportunity_discovery": [np.nan] * 7 + [0.2],
            "hires_direct": [1] * 8,
            "hires_strong": [0] * 6 + [2, 2],
            "hires_weak": [0] * 6 + [1, 3],
            "trend_time_to_half": [np.nan] * 6 + [4.0, 5.0],
            "news_diversity": [9.0] * 6 + [1.0, 2.0],
            "trend_diversity": [0.0] * 6 + [0.5, 0.0],
        }
    )
    for name in ("leads_direct", "leads_strong", "leads_weak", "time_to_first_lead"):
        metrics[name] = 1.0
    for name in (
        "unemployment_duration",
        "trend_reach",
        "trend_communities",
        "information_diversity",
        "employment_inequality",
    ):
        metrics[name] = 2.0
    out = run_summary(metrics, window=0.25)  # the last 2 of 8 steps
    assert out["employment_rate"] == pytest.approx(0.6)
    assert out["opportunity_discovery"] == pytest.approx(0.2)  # NaN steps ignored
    assert out["hires_weak"] == 2.0 and out["hires_strong"] == 2.0
    assert out["weak_share_of_contact_hires"] == pytest.approx(4 / 8)
    assert out["contact_share_of_hires"] == pytest.approx(8 / 10)
    assert out["trend_time_to_half"] == 5.0  # the cumulative value at the end
    assert (out["news_diversity"], out["trend_diversity"]) == (1.5, 0.25)
    assert run_summary(metrics, window=1.0)["employment_rate"] == pytest.approx(1.2 / 8)


def test_interval_cells_share_the_columns_decimals_and_never_show_a_real_interval_as_zero():
    from tiesim.analysis.summary import interval_cells

    small = pd.DataFrame({"m_mean": [0.9, 0.004, np.nan], "m_ci_high": [0.905, 0.0044, np.nan]})
    assert interval_cells(small, "m") == ["0.900 ± 0.005", "0.004 ± 0.0004", "n/a"]
    ties = pd.DataFrame({"m_mean": [5328.0, 6731.0, 3000.0], "m_ci_high": [5498.4, 6731.0, 3000.0]})
    assert interval_cells(ties, "m") == ["5328 ± 170", "6731 ± 0", "3000 ± 0"]
    tens = pd.DataFrame({"m_mean": [9.7, 12.3], "m_ci_high": [10.359, 12.34]})
    assert interval_cells(tens, "m") == ["9.7 ± 0.7", "12.3 ± 0.04"]
    one_run = pd.DataFrame({"m_mean": [0.5], "m_ci_high": [np.nan]})  # no interval
    assert interval_cells(one_run, "m") == ["0.500"]
