import numpy as np
import pytest
from app_helpers import make_model, stepped_model
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from tiesim.app.demo_model import cut_weak_ties, hires_in_step
from tiesim.app.drawing import (
    EMPLOYED,
    HIGHLIGHT,
    STRONG_STYLE,
    UNEMPLOYED,
    WEAK_STYLE,
    draw_network,
    network_figure,
    node_colours,
)
from tiesim.graphs.ties import Tie


def draw(model, **kwargs):
    ax = Figure().add_subplot()
    return ax, draw_network(ax, model, **kwargs)


def is_dashed(collection) -> bool:
    return all(dashes is not None and len(dashes) > 0 for _, dashes in collection.get_linestyle())


def test_strong_ties_solid_dark_weak_ties_thin_dashed_other_colour():
    stepped = stepped_model()
    _, artists = draw(stepped)
    strong, weak = artists.strong, artists.weak
    assert not is_dashed(strong)
    assert is_dashed(weak)
    assert strong.get_linewidth()[0] > weak.get_linewidth()[0]
    strong_rgb, weak_rgb = strong.get_edgecolor()[0][:3], weak.get_edgecolor()[0][:3]
    assert max(strong_rgb) < 0.25  # dark
    assert not np.allclose(strong_rgb, weak_rgb)
    assert np.allclose(weak_rgb, to_rgba(WEAK_STYLE["colors"])[:3])
    assert np.allclose(strong_rgb, to_rgba(STRONG_STYLE["colors"])[:3])


def test_one_segment_per_tie_present():
    stepped = stepped_model()
    graph = stepped.graph
    _, artists = draw(stepped)
    assert len(artists.strong.get_segments()) == np.sum(graph.alive & (graph.tie == Tie.STRONG))
    assert len(artists.weak.get_segments()) == np.sum(graph.alive & (graph.tie == Tie.WEAK)) > 0
    cut_weak_ties(stepped)
    _, artists = draw(stepped)
    assert len(artists.weak.get_segments()) == 0
    assert len(artists.strong.get_segments()) == np.sum(graph.tie == Tie.STRONG)


def test_people_coloured_by_employment():
    stepped = stepped_model()
    colours = node_colours(stepped)
    for person, colour in zip(stepped.people, colours, strict=True):
        assert np.allclose(colour, to_rgba(EMPLOYED if person.employed else UNEMPLOYED))
    _, artists = draw(stepped)
    assert len(artists.people.get_offsets()) == stepped.graph.n


def test_people_coloured_by_trend_adoption():
    model = make_model(20, trend_rate=0.3, colour_by="trend adoption")
    colours = node_colours(model, "trend adoption")
    adopted = np.array([bool(p.adopted) for p in model.people])
    assert adopted.any() and not adopted.all()
    grey = to_rgba("#dddddd")
    assert not np.allclose(colours[adopted][0], grey)
    assert np.allclose(colours[~adopted][0], grey)


def test_latest_hires_ringed_and_their_leads_paths_drawn():
    model = make_model(weak_tie_density=1.5, job_arrival=0.1, job_loss=0.05)
    while not any(h["hops"] >= 1 for h in hires_in_step(model)):
        model.step()
        assert model.steps < 200, "no hire through a contact in 200 steps"
    hires = hires_in_step(model)
    _, artists = draw(model)
    assert len(artists.hired.get_offsets()) == len(hires)
    assert np.allclose(artists.hired.get_edgecolor()[0], to_rgba(HIGHLIGHT))
    assert len(artists.path_arrows) == sum(h["hops"] for h in hires)
    _, plain = draw(model, highlight=False)
    assert plain.hired is None and plain.path_arrows == []


def test_drawing_uses_the_models_positions_and_leaves_its_random_stream_alone():
    stepped = stepped_model()
    state = stepped.rng.bit_generator.state
    _, artists = draw(stepped)
    np.testing.assert_allclose(artists.people.get_offsets(), stepped.positions)
    assert stepped.rng.bit_generator.state == state


@pytest.mark.parametrize("colour_by", ["employment", "trend adoption"])
def test_network_figure_has_a_legend_and_a_title(colour_by):
    stepped = stepped_model()
    ax = network_figure(stepped, colour_by=colour_by).axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "strong tie" in labels and "weak tie" in labels and "path of the lead" in labels
    assert ax.get_title().startswith("step 30")
