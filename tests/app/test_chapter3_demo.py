"""The demo's chapter-3 tools: triadic closure, cutting the strong ties, colour by brokerage."""

from __future__ import annotations

import numpy as np
import pytest
from app_helpers import make_model
from matplotlib.colors import to_rgba

from tiesim.analysis.palette import BROKER
from tiesim.app import state
from tiesim.app.charts import LivePlots
from tiesim.app.demo_model import DemoModel, params_from_config
from tiesim.app.drawing import NetworkPicture, node_colours
from tiesim.app.legend import legend_entries
from tiesim.app.panels import this_run_html, who_told_whom_html
from tiesim.config import load_config
from tiesim.errors import ConfigError
from tiesim.graphs import Tie, brokerage, clustering, forbidden_triad_share


def test_closure_sliders_map_to_the_networking_section_and_round_trip(tmp_path):
    model = make_model(introductions=0.05, strong_triads=0.1)
    closure = model.networking.closure
    assert (closure.introductions, closure.strong_triads) == (0.05, 0.1)
    assert model.networking.forms_ties
    assert "introduces two of their contacts with probability 0.05" in this_run_html(model)
    path = tmp_path / "closure.yaml"
    path.write_text(
        "graph: {kind: community, n: 80, community_size: 8, strong_degree: 4}\n"
        "networking: {closure: {introductions: 0.02, strong_triads: 0.3}}\n"
    )
    values = params_from_config(load_config(path))
    assert (values["introductions"], values["strong_triads"]) == (0.02, 0.3)
    assert DemoModel(**values).config.networking.closure == load_config(path).networking.closure


def test_introductions_close_triangles_and_strong_triads_close_forbidden_ones():
    start = make_model(0, weak_tie_density=1.0, seed=3)
    introduced = make_model(60, weak_tie_density=1.0, introductions=0.1, seed=3)
    assert clustering(introduced.graph).mean() > clustering(start.graph).mean() + 0.05
    closed = make_model(60, weak_tie_density=1.0, strong_triads=0.3, seed=3)
    assert forbidden_triad_share(closed.graph) < forbidden_triad_share(start.graph) / 2


def test_cutting_the_strong_ties_leaves_only_weak_ones_and_is_marked():
    cut = 6
    model = make_model(
        cut - 1, weak_tie_density=2.0, cut_strong_ties_at=cut, trend_rate=0.0, seed=2
    )
    strong = int((model.graph.alive & (model.graph.tie == Tie.STRONG)).sum())
    assert strong > 0 and model.strong_ties_cut_ == 0
    model.step()  # step `cut` starts by cutting
    alive = model.graph.alive
    assert model.strong_ties_cut_ == strong and (model.graph.tie[alive] == Tie.WEAK).all()
    assert alive.sum() > 0  # the weak ties stay
    assert f"{strong} strong ties were cut at step {cut}" in who_told_whom_html(model)
    assert "strong ties cut at step 6" in this_run_html(model)
    plots = LivePlots(model)
    assert plots.cuts_marked == ("cut_strong_ties_at",)
    assert [len(ax.lines) for ax in plots.axes] == [2 + 1, 3 + 1, 0 + 1]


def test_both_cuts_are_marked_apart():
    model = make_model(
        8, weak_tie_density=2.0, cut_weak_ties_at=3, cut_strong_ties_at=6, trend_rate=0.0
    )
    assert model.weak_ties_cut_ > 0 and model.strong_ties_cut_ > 0
    assert not model.graph.alive.any()
    plots = LivePlots(model)
    assert plots.cuts_marked == ("cut_weak_ties_at", "cut_strong_ties_at")
    assert [len(ax.lines) for ax in plots.axes] == [2 + 2, 3 + 2, 0 + 2]


@pytest.mark.parametrize("name", ["cut_strong_ties_at", "cut_weak_ties_at"])
def test_a_negative_cut_step_is_one_config_error(name):
    with pytest.raises(ConfigError, match=f"{name} must be >= 0"):
        make_model(**{name: -1})


def test_brokerage_rank_puts_the_least_constrained_first_and_is_recomputed_on_change():
    model = make_model(0, weak_tie_density=1.5, seed=4)
    rank = state.brokerage_rank(model)
    constraint = brokerage(model.graph)["constraint"].to_numpy()
    assert rank[np.nanargmin(constraint)] == 1.0 and rank[np.nanargmax(constraint)] == 0.0
    assert state.brokerage_rank(model) is rank  # kept while the ties stay
    model.remove_ties(model.weak_slots())
    again = state.brokerage_rank(model)
    assert again is not rank and not np.array_equal(again, rank)


def test_people_coloured_by_brokerage():
    model = make_model(3, weak_tie_density=1.5, seed=4)
    colours = node_colours(model, "brokerage")
    top = int(np.argmax(state.brokerage_rank(model)))
    np.testing.assert_allclose(colours[top], to_rgba(BROKER))
    picture = NetworkPicture(model, colour_by="brokerage")
    picture.update(model)
    labels = [e.label for e in legend_entries("brokerage")]
    assert "broker (low constraint)" in labels and "employed" not in labels


def test_a_preset_can_turn_the_bridges_on():
    assert make_model(bridges=True).bridges and not make_model().bridges


def test_a_slot_reused_by_another_tie_is_seen_by_the_colours_and_the_drawing():
    """A tie cut and another made the same step may share the slot: the caches must see it."""
    model = make_model(0, weak_tie_density=1.5, seed=4)
    picture = NetworkPicture(model, colour_by="brokerage", bridges=True)
    picture.update(model)
    before = state.brokerage_rank(model).copy()
    graph = model.graph
    slot = int(model.weak_slots()[0])
    a, b = int(graph.u[slot]), int(graph.v[slot])
    model.remove_ties([slot])
    far = next(c for c in range(graph.n) if graph.community[c] != graph.community[a] and c != b)
    model.add_ties([a], [far], Tie.WEAK, 0.2, 0.15)  # fills the freed slot: same slots alive
    assert graph.alive[slot] and (int(graph.u[slot]), int(graph.v[slot])) != (a, b)
    fresh = state.brokerage_rank(model)
    model._brokerage_rank = None
    np.testing.assert_array_equal(fresh, state.brokerage_rank(model))
    assert not np.array_equal(fresh, before)
    picture.update(model)
    drawn = {tuple(np.round(seg, 9).ravel()) for seg in picture.weak.get_segments()}
    new = np.round(np.concatenate([picture.positions[a], picture.positions[far]]), 9)
    assert tuple(new) in drawn or tuple(np.roll(new, 2)) in drawn
