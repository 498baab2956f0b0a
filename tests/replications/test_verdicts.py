"""The verdict rules: a number within a tolerance, a claim of direction, and the table cells."""

from __future__ import annotations

import math

import pytest

from tiesim.replications.core import Estimate, Quantity, Side, Verdict, Within

RULE = Within(0.05, loose=0.15)


@pytest.mark.parametrize(
    ("estimate", "verdict"),
    [
        (Estimate(0.50, 0.49, 0.51), Verdict.REPRODUCED),  # the interval holds the value
        (Estimate(0.58, 0.55, 0.61), Verdict.REPRODUCED),  # 0.05 from it: on the tolerance
        (Estimate(0.62, 0.56, 0.70), Verdict.QUALITATIVELY),  # 0.06 from it
        (Estimate(0.30, 0.24, 0.36), Verdict.QUALITATIVELY),  # below, within the loose band
        (Estimate(0.80, 0.70, 0.90), Verdict.NOT),  # 0.20 from it
        (Estimate(0.53), Verdict.REPRODUCED),  # no interval: the value itself
        (Estimate(math.nan), Verdict.NOT),  # the model gave no value
    ],
)
def test_within_measures_the_distance_from_the_interval(estimate, verdict):
    assert RULE.judge(0.5, estimate) is verdict


def test_within_without_a_loose_band_has_no_qualitative_verdict():
    assert Within(0.05).judge(0.5, Estimate(0.6, 0.58, 0.62)) is Verdict.NOT
    assert Within(0.1, loose=0.1).describe() == "±0.1"
    assert RULE.describe() == "±0.05 (qualitatively ±0.15)"


def test_within_refuses_a_loose_band_narrower_than_the_tolerance():
    with pytest.raises(ValueError, match="tolerance <= loose"):
        Within(0.2, loose=0.1)


@pytest.mark.parametrize(
    ("rule", "estimate", "verdict"),
    [
        (Side(), Estimate(0.2, 0.1, 0.3), Verdict.REPRODUCED),
        (Side(), Estimate(0.2, -0.1, 0.5), Verdict.QUALITATIVELY),
        (Side(), Estimate(-0.2, -0.3, -0.1), Verdict.NOT),
        (Side(), Estimate(0.0, -0.1, 0.1), Verdict.NOT),  # on the threshold is not beyond it
        (Side(), Estimate(0.2), Verdict.QUALITATIVELY),  # no interval: never reproduced
        (Side(0.5, above=False), Estimate(0.2, 0.1, 0.3), Verdict.REPRODUCED),
        (Side(0.5, above=False), Estimate(0.7, 0.6, 0.8), Verdict.NOT),
        (Side(), Estimate(math.nan), Verdict.NOT),
    ],
)
def test_side_wants_the_whole_interval_beyond_the_threshold(rule, estimate, verdict):
    assert rule.judge("claim", estimate) is verdict


def test_estimates_of_replicates_and_of_proportions():
    of = Estimate.of([1.0, 2.0, 3.0])
    assert of.value == 2.0 and of.low < 1.0 and of.high > 3.0  # t interval, 2 df
    share = Estimate.proportion(30, 100)
    assert share.value == 0.3 and 0.2 < share.low < 0.3 < share.high < 0.4
    assert Estimate(math.nan).text() == "n/a" and Estimate(0.25).text("{:.2f}") == "0.25"


def test_a_quantity_judges_and_prints_its_row():
    quantity = Quantity("share seen often (%)", 16.7, "Granovetter 1973", Within(9.9), "{:.1f}")
    row = quantity.row(Estimate(14.5, 13.2, 15.8))
    assert row.verdict is Verdict.REPRODUCED
    assert row.cells() == {
        "quantity": "share seen often (%)",
        "published": "16.7",
        "source": "Granovetter 1973",
        "model [95% CI]": "14.5 [13.2, 15.8]",
        "rule": "±9.9",
        "verdict": "reproduced",
    }
    assert Quantity("x", "> 0 (rises)", "s", Side()).row(Estimate(-1, -2, 0)).verdict is Verdict.NOT


def test_a_within_rule_needs_a_published_number():
    with pytest.raises(TypeError, match="needs a published number"):
        Quantity("x", "rises", "s", Within(0.1))
