import numpy as np
import pytest
from app_helpers import make_model, stepped_model
from matplotlib.colors import to_rgba

from tiesim.analysis.palette import EMPLOYED, HIGHLIGHT, LOOKING, NOT_ADOPTED, STRONG, WEAK
from tiesim.app import state
from tiesim.app.demo_model import cut_weak_ties
from tiesim.app.drawing import (
    TIE_STYLES,
    NetworkPicture,
    bridge_widths,
    network_figure,
    node_colours,
)
from tiesim.app.legend import legend_entries
from tiesim.engines import ArrayModel
from tiesim.graphs.ties import Tie


def is_dashed(collection) -> bool:
    return all(dashes is not None and len(dashes) > 0 for _, dashes in collection.get_linestyle())


def counts(model, tie):
    graph = model.graph
    return int(np.sum(graph.alive & (graph.tie == tie)))


def test_strong_ties_solid_weak_ties_dashed_in_the_shared_colours():
    picture = NetworkPicture(stepped_model())
    strong, weak = picture.strong, picture.weak
    assert not is_dashed(strong) and is_dashed(weak)
    assert np.allclose(strong.get_edgecolor()[0][:3], to_rgba(STRONG)[:3])
    assert np.allclose(weak.get_edgecolor()[0][:3], to_rgba(WEAK)[:3])


def test_one_segment_per_tie_present_and_ties_can_go_and_come_between_frames():
    model = stepped_model()
    picture = NetworkPicture(model)
    assert len(picture.strong.get_segments()) == counts(model, Tie.STRONG)
    assert len(picture.weak.get_segments()) == counts(model, Tie.WEAK) > 0
    cut_weak_ties(model)
    picture.update(model)
    assert len(picture.weak.get_segments()) == 0
    assert len(picture.strong.get_segments()) == counts(model, Tie.STRONG)
    slots = model.add_ties([0], [59], [Tie.WEAK], [0.3], [0.2])
    picture.update(model)
    (segment,) = picture.weak.get_segments()
    np.testing.assert_allclose(segment, picture.positions[[0, 59]])
    model.remove_ties(slots)
    picture.update(model)
    assert len(picture.weak.get_segments()) == 0


def test_a_tie_that_changes_type_moves_between_the_strong_and_weak_lines():
    model = stepped_model()
    picture = NetworkPicture(model)  # strengths not drawn: only which ties and their types
    weak = state.ties_present(model)
    promoted = weak.slot[weak.of_type(Tie.WEAK)][:3]
    model.update_ties(promoted, tie=Tie.STRONG)
    picture.update(model)
    assert len(picture.strong.get_segments()) == counts(model, Tie.STRONG)
    assert len(picture.weak.get_segments()) == counts(model, Tie.WEAK)
    redrawn = []
    picture.blitter.invalidate = lambda: redrawn.append(True)
    model.update_ties(promoted, strength=0.9)  # a change not drawn: the ties are not redrawn
    picture.update(model)
    assert not redrawn
    model.update_ties(promoted, tie=Tie.WEAK)
    picture.update(model)
    assert redrawn and len(picture.weak.get_segments()) == counts(model, Tie.WEAK)


def test_ties_by_strength_draw_weaker_ties_thinner_and_paler():
    model = stepped_model()
    picture = NetworkPicture(model, ties_by_strength=True)
    ties = state.ties_present(model)
    strong = ties.strength[ties.of_type(Tie.STRONG)]
    widths = picture.strong.get_linewidth()
    alphas = picture.strong.get_edgecolor()[:, 3]
    assert len(widths) == len(strong) and len(np.unique(widths)) > 1
    order = np.argsort(strong)
    assert np.all(np.diff(np.asarray(widths)[order]) >= 0)
    assert np.all(np.diff(alphas[order]) >= 0)
    # when a tie's strength changes, the next update draws it accordingly
    first = ties.slot[ties.of_type(Tie.STRONG)][0]
    model.update_ties([first], strength=0.05)
    picture.update(model)
    assert picture.strong.get_linewidth()[0] == pytest.approx(min(picture.strong.get_linewidth()))
    plain = NetworkPicture(model)
    assert len(np.unique(plain.strong.get_linewidth())) == 1
    assert plain.strong.get_edgecolor()[0][3] == pytest.approx(TIE_STYLES[Tie.STRONG].alpha)


def test_people_coloured_by_employment():
    model = stepped_model()
    employed = state.employed(model)
    assert employed.any() and not employed.all()
    colours = node_colours(model)
    np.testing.assert_allclose(colours[employed], np.tile(to_rgba(EMPLOYED), (employed.sum(), 1)))
    np.testing.assert_allclose(colours[~employed][0], to_rgba(LOOKING))
    picture = NetworkPicture(model)
    assert len(picture.people.get_offsets()) == model.graph.n
    np.testing.assert_allclose(picture.people.get_facecolor(), colours)


def test_people_coloured_by_trend_adoption():
    model = make_model(20, trend_rate=0.3, colour_by="trend adoption")
    colours = node_colours(model, "trend adoption")
    adopted = state.adoption_share(model) > 0
    assert adopted.any() and not adopted.all()
    assert not np.allclose(colours[adopted][0], to_rgba(NOT_ADOPTED))
    assert np.allclose(colours[~adopted][0], to_rgba(NOT_ADOPTED))


def test_latest_hires_ringed_and_their_leads_paths_drawn():
    model = make_model(weak_tie_density=1.5, job_arrival=0.1, job_loss=0.05)
    picture = NetworkPicture(model)
    while not any(h["hops"] >= 1 for h in state.hires_in_step(model)):
        model.step()
        assert model.steps < 200, "no hire through a contact in 200 steps"
    picture.update(model)
    hires = state.hires_in_step(model)
    assert len(picture.hired.get_offsets()) == len(hires)
    assert np.allclose(picture.hired.get_edgecolor()[0], to_rgba(HIGHLIGHT))
    assert len(picture.path_arrows) == sum(h["hops"] for h in hires)
    while state.hires_in_step(model):  # a step without hires clears the highlights
        model.step()
    picture.update(model)
    assert len(picture.hired.get_offsets()) == 0 and picture.path_arrows == []
    plain = NetworkPicture(model, highlight=False)
    assert len(plain.hired.get_offsets()) == 0 and plain.path_arrows == []


def test_drawing_uses_the_models_positions_and_leaves_its_random_stream_alone():
    model = stepped_model()
    before = model.rng.bit_generator.state
    picture = NetworkPicture(model)
    picture.png()
    np.testing.assert_allclose(picture.people.get_offsets(), model.positions)
    assert model.rng.bit_generator.state == before


def test_the_same_run_on_both_engines_gives_the_same_picture():
    model = make_model(15, trend_rate=0.2, seed=4)
    twin = ArrayModel(model.config.graph, model.config.jobs, model.config.trends, rng=4)
    for _ in range(15):
        twin.step()
    for colour_by in ("employment", "trend adoption"):
        kwargs = {"colour_by": colour_by, "size": (400, 300)}
        ours = NetworkPicture(model, **kwargs).pixels()
        theirs = NetworkPicture(twin, model.positions, **kwargs).pixels()
        assert ours.shape == (300, 400, 3)
        np.testing.assert_array_equal(ours, theirs)


def test_an_update_changes_the_picture_in_place():
    model = stepped_model()
    picture = NetworkPicture(model, size=(400, 300))
    people, figure = picture.people, picture.figure
    before = picture.pixels()
    for _ in range(5):
        model.step()
    picture.update(model)
    assert picture.people is people and picture.figure is figure
    assert not np.array_equal(before, picture.pixels())
    assert picture.png().startswith(b"\x89PNG")


@pytest.mark.parametrize("colour_by", ["employment", "trend adoption"])
def test_network_figure_has_a_legend_and_a_title(colour_by):
    figure = network_figure(stepped_model(), colour_by=colour_by)
    labels = [t.get_text() for t in figure.legends[0].get_texts()]
    assert labels == [e.label for e in legend_entries(colour_by)]
    assert "strong tie" in labels and "weak tie" in labels and "path of the job lead" in labels
    assert figure.texts[0].get_text().startswith("step 30")


def test_blitted_frames_match_a_whole_drawing():
    model = stepped_model()
    picture = NetworkPicture(model, size=(400, 300))
    picture.pixels()
    for _ in range(3):
        model.step()
        picture.update(model)
        picture.pixels()
    cut_weak_ties(model)  # the ties change: the still part is drawn again
    model.step()
    picture.update(model)
    np.testing.assert_array_equal(picture.pixels(), NetworkPicture(model, size=(400, 300)).pixels())


def test_local_bridges_are_marked_when_asked():
    model = stepped_model()
    slots, _ = state.local_bridges(model)
    assert 0 < len(slots) < model.graph.alive.sum()
    picture = NetworkPicture(model, bridges=True)
    assert len(picture.bridges.get_segments()) == len(slots)
    # the band's width shows the span: wider the further apart the ends would be
    _, span = state.local_bridges(model)
    widths = np.asarray(picture.bridges.get_linewidths())
    np.testing.assert_allclose(widths, bridge_widths(span) * picture.scale)
    assert len(set(span.tolist())) > 1 and len(set(widths.tolist())) > 1
    labels = [t.get_text() for t in picture.figure.legends[0].get_texts()]
    assert labels == [e.label for e in legend_entries("employment", bridges=True)]
    cut_weak_ties(model)
    picture.update(model)
    assert len(picture.bridges.get_segments()) == len(state.local_bridges(model)[0])
    assert len(NetworkPicture(model).bridges.get_segments()) == 0  # not asked: none drawn


def test_weak_ties_made_during_the_run_are_drawn_dotted_and_redrawn_as_they_appear():
    model = make_model(weak_tie_density=0.5, event_rate=0.5, seed=2)
    picture = NetworkPicture(model)
    assert picture.show_new and len(picture.new.get_segments()) == 0
    start = len(picture.weak.get_segments())
    while not model.metrics_rows or not model.metrics_rows[-1]["formed_event"]:
        model.step()
        assert model.steps < 50, "no event formed a tie in 50 steps"
    picture.update(model)
    ties = state.ties_present(model)
    made = ties.made_in_run() & (ties.tie == Tie.WEAK)
    assert len(picture.new.get_segments()) == made.sum() > 0
    assert len(picture.weak.get_segments()) == start  # the starting weak ties, as they were
    ends = {tuple(sorted(map(tuple, s))) for s in picture.new.get_segments()}
    expected = {
        tuple(sorted(map(tuple, picture.positions[[u, v]])))
        for u, v in zip(ties.u[made], ties.v[made], strict=True)
    }
    assert ends == expected
    assert is_dashed(picture.new) and picture.new.get_linestyle() != picture.weak.get_linestyle()
    assert np.allclose(picture.new.get_edgecolor()[0][:3], to_rgba(WEAK)[:3])
    labels = [t.get_text() for t in picture.figure.legends[0].get_texts()]
    assert labels == [e.label for e in legend_entries("employment", new_ties=True)]
    assert "weak tie made in this run" in labels


def test_runs_that_make_no_ties_have_no_new_tie_style_or_legend_entry():
    model = stepped_model()
    model.add_ties([0], [59], [Tie.WEAK], [0.3], [0.2])  # by hand: drawn as any weak tie
    picture = NetworkPicture(model)
    assert not picture.show_new and len(picture.new.get_segments()) == 0
    labels = [t.get_text() for t in picture.figure.legends[0].get_texts()]
    assert "weak tie made in this run" not in labels


def test_a_run_that_makes_ties_gives_the_same_picture_on_both_engines():
    model = make_model(25, weak_tie_density=0.5, event_rate=0.3, interview_share=0.5, seed=4)
    c = model.config
    twin = ArrayModel(c.graph, c.jobs, c.trends, c.ties, networking=c.networking, rng=4)
    for _ in range(25):
        twin.step()
    assert state.ties_made(model) == state.ties_made(twin) != {}
    ours = NetworkPicture(model, size=(400, 300))
    theirs = NetworkPicture(twin, model.positions, size=(400, 300))
    assert theirs.show_new and len(theirs.new.get_segments()) > 0
    np.testing.assert_array_equal(ours.pixels(), theirs.pixels())
