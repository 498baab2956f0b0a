"""The page module: its parameters fit Mesa's SolaraViz and the demo model (no browser)."""

import pytest
from app_helpers import make_model, stepped_model

pytest.importorskip("solara")
from mesa.visualization.solara_viz import (
    _build_model_init_kwargs,
    _check_model_params,
    split_model_params,
)
from mesa.visualization.user_param import Slider

from tiesim.app import app
from tiesim.app.demo_model import DemoModel
from tiesim.app.presets import CONTROLS, PRESETS


@pytest.mark.parametrize("choice", app.CHOICES)
def test_model_params_rebuild_the_model_as_reset_does(choice):
    values = app.choice_values(choice)
    params = app.model_params(values)
    model = DemoModel(**{**values, "n": 60, "community_size": 10, "strong_degree": 4.0})
    _check_model_params(model, params)
    user, fixed = split_model_params(params)
    # what SolaraViz's Reset passes: fixed values plus each input's value
    parameters = {**fixed, **{name: spec.get("value") for name, spec in user.items()}}
    kwargs = _build_model_init_kwargs(
        model, parameters, add_scenario_when_empty=True, require_model_accepts_scenario=True
    )
    assert type(model)(**kwargs).config == DemoModel(**values).config


def test_sliders_for_every_control_and_a_seed_box():
    params = app.model_params(app.choice_values(app.START_CHOICE))
    for control in CONTROLS:
        assert isinstance(params[control.name], Slider)
    assert params["seed"]["type"] == "InputText"
    assert params["colour_by"]["type"] == "Select"


def test_preset_menu_lists_every_preset():
    assert app.CHOICES[1:] == [p.title for p in PRESETS]


def test_who_told_whom_panel():
    stepped = stepped_model()
    html = app.who_told_whom_html(stepped)
    assert "<table" in html and "heard directly" in html
    assert "No hires yet" in app.who_told_whom_html(make_model())
    cut = make_model(3, cut_weak_ties_at=2)
    assert "weak ties were cut at step 2" in app.who_told_whom_html(cut)


def test_this_run_panel_shows_the_values_in_use():
    html = app.this_run_html(make_model(weak_tie_density=2.5, cut_weak_ties_at=40, seed=8))
    assert "seed 8" in html and "2.5 weak ties per person" in html and "at step 40" in html
    complex_trends = make_model(trend_rate=0.1, trend_threshold=3)
    assert "complex (threshold 3)" in app.this_run_html(complex_trends)
