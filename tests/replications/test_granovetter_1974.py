"""Granovetter (1974) on the calibrated population at a daily step (``POPULATION``)."""

from __future__ import annotations

import pandas as pd
import pytest

from tiesim.analysis.summary import frequency_bin
from tiesim.config import validate_config
from tiesim.replications import gee, granovetter_1974

POPULATION = granovetter_1974.POPULATION


def test_the_population_keeps_the_weekly_layers_and_adds_a_dormant_one():
    weekly = gee.SETUP["graph"]["layers"]
    daily = POPULATION["graph"]["layers"]
    keep = ("name", "degree", "tie", "strength", "within")
    assert [{k: layer[k] for k in keep} for layer in daily[:3]] == [
        {k: layer[k] for k in keep} for layer in weekly
    ]
    assert POPULATION["graph"]["community_size"] == gee.SETUP["graph"]["community_size"]
    dormant = daily[3]
    assert (dormant["name"], dormant["degree"], dormant["tie"]) == ("dormant", 350, "weak")
    # the weakest ties, so weakest-first asking reaches them first
    assert dormant["strength"][1] <= min(layer["strength"][0] for layer in daily[:3])


def test_daily_rates_are_the_documented_conversions():
    intimate, close, acquaintances, dormant = (
        layer["contact_rate"] for layer in POPULATION["graph"]["layers"]
    )
    assert 2.0 / 7 < intimate < 3.0 / 7  # 2-3 times a week
    assert close == pytest.approx(12 / 365, abs=5e-4)  # about monthly
    assert acquaintances == pytest.approx(0.05 / 7, abs=5e-5)  # the weekly 0.05
    assert dormant * 365 == pytest.approx(0.5, abs=0.02)  # about once in two years
    monthly_loss = 0.015
    daily_loss = 1 - (1 - monthly_loss) ** (12 / 365)
    assert POPULATION["jobs"]["job_loss"] == pytest.approx(daily_loss, rel=0.01)
    assert POPULATION["networking"] == granovetter_1974.SETUP["networking"]


def test_each_layer_falls_in_one_granovetter_bin_as_the_page_says():
    config = validate_config(POPULATION).with_overrides(granovetter_1974.POPULATION_QUICK)
    assert config.networking.step_days == 1
    rates = [layer.contact_rate for layer in config.graph.layers]
    assert list(frequency_bin(rates, 1.0)) == ["often", "occasionally", "occasionally", "rarely"]
    assert config.graph.n == 1000 and config.steps == 365


@pytest.mark.slow
def test_quick_replication_has_both_setups_rows_and_rarely_contacts_on_the_population(
    quick_replications,
):
    table = pd.read_csv(quick_replications.folder / granovetter_1974.NAME / "table.csv")
    names = table["quantity"].tolist()
    assert len(names) == 12
    assert not any("(population)" in name for name in names[:6])
    assert all(name.endswith("(population)") for name in names[6:])
    shares = dict(zip(names, table["model"], strict=True))
    asks = "% of contact hires who saw the contact {}: job seekers ask (population)"
    passive = "% of contact hires who saw the contact {}: passive contacts (population)"
    for setting in (asks, passive):
        assert sum(shares[setting.format(b)] for b in granovetter_1974.PUBLISHED) == pytest.approx(
            100
        )
    # the dormant layer gives passive contacts a rarely bin; asking the weakest first raises it
    assert 5 < shares[passive.format("rarely")] < shares[asks.format("rarely")]
