import numpy as np
import pytest
from app_helpers import make_model
from matplotlib.colors import to_rgba

from tiesim.analysis.palette import INTERVIEW
from tiesim.app.charts import CHANNELS, LivePlots, channels, hires_table, moving_mean
from tiesim.engines import ArrayModel


def counted_from_hire_records(model) -> dict[str, np.ndarray]:
    """Cumulative hires by channel after each step, counted from the hire records."""
    hires = model.hires()
    steps = np.arange(1, model.steps + 1)
    return {
        c: np.array([((hires.channel == c) & (hires.step <= s)).sum() for s in steps])
        for c in channels(model)
    }


@pytest.mark.parametrize("steps", [1, 6, 40])
def test_hires_table_matches_the_hire_records_up_to_the_latest_step(steps):
    model = make_model(steps, weak_tie_density=1.5, job_arrival=0.15, job_loss=0.05, seed=3)
    table = hires_table(model)
    assert list(table.index) == list(range(1, steps + 1))
    assert not table.isna().any().any()
    expected = counted_from_hire_records(model)
    for channel in CHANNELS:
        np.testing.assert_array_equal(table[channel].to_numpy(), expected[channel])
    assert table.iloc[-1].sum() == len(model.hires()) > 0


def test_live_plots_show_every_step_so_far_and_extend_in_place():
    model = make_model(3, weak_tie_density=1.5, job_arrival=0.15, seed=2, trend_rate=0.3)
    plots = LivePlots(model)
    figure, line = plots.figure, plots.hires["strong"]
    for _ in range(27):
        model.step()
        plots.update(model)
    assert plots.figure is figure and plots.hires["strong"] is line
    expected = counted_from_hire_records(model)
    for channel, drawn in plots.hires.items():
        x, y = drawn.get_data()
        np.testing.assert_array_equal(x, np.arange(1, 31))
        np.testing.assert_array_equal(y, expected[channel])
    x, y = plots.employment.get_data()
    np.testing.assert_allclose(y, model.metrics().employment_rate)
    assert plots.axes[0].get_xlim()[1] >= 30
    assert plots.png().startswith(b"\x89PNG")


def test_one_trend_line_per_item_that_never_drops_when_a_new_item_starts():
    model = make_model(0, trend_rate=0.3, transmission=0.5, seed=5)
    plots = LivePlots(model)
    for _ in range(40):
        model.step()
        plots.update(model)
    items = model.trend_items()
    assert len(plots.trend_lines) == len(items) > 3
    for item, line in plots.trend_lines.items():
        steps, reach = line.get_data()
        row = items.set_index("item").loc[item]
        assert steps[0] == row.start_step
        assert reach[-1] == pytest.approx(row.reach)
        # adopters never un-adopt while an item is followed: each line only rises
        assert np.all(np.diff(reach) >= 0)


def test_trend_lines_on_a_model_without_a_history_are_recorded_as_shown():
    model = make_model(0, trend_rate=0.3, seed=5)
    twin = ArrayModel(model.config.graph, model.config.jobs, model.config.trends, rng=5)
    plots = LivePlots(twin)
    for _ in range(20):
        twin.step()
        plots.update(twin)
    assert len(plots.trend_lines) == len(twin.trend_items()) > 0


def test_the_cut_is_marked_once():
    model = make_model(12, cut_weak_ties_at=5, trend_rate=0.0)
    plots = LivePlots(model)
    plots.update(model)
    assert plots.cut_marked
    assert [len(ax.lines) for ax in plots.axes] == [2 + 1, 3 + 1, 0 + 1]  # and one cut each
    assert not LivePlots(make_model(4, cut_weak_ties_at=5)).cut_marked


def test_moving_mean_ignores_nan():
    values = np.array([np.nan, 1.0, 3.0, np.nan, 5.0])
    np.testing.assert_allclose(moving_mean(values, 2), [np.nan, 1.0, 2.0, 3.0, 5.0])


def test_blitted_frames_match_a_whole_drawing_and_restart_matches_fresh_panels():
    model = make_model(0, weak_tie_density=1.5, job_arrival=0.15, trend_rate=0.3, seed=2)
    plots = LivePlots(model, size=(300, 400))
    for _ in range(25):  # crosses the end of the step axis at 20: the axes are redrawn
        model.step()
        plots.update(model)
        plots.png()
    fresh = LivePlots(model, size=(300, 400))
    np.testing.assert_array_equal(
        plots.blitter.pixels(plots.moving, plots.still_key),
        fresh.blitter.pixels(fresh.moving, fresh.still_key),
    )
    other = make_model(3, seed=9, cut_weak_ties_at=2)
    plots.restart(other)
    assert plots.model is other and plots.cut_marked and len(plots.steps) == 3
    again = LivePlots(other, size=(300, 400))
    np.testing.assert_array_equal(
        plots.blitter.pixels(plots.moving, plots.still_key),
        again.blitter.pixels(again.moving, again.still_key),
    )


def asking_model(steps: int = 0, **values):
    """A small run in which every job seeker asks a contact for an interview each step."""
    return make_model(
        steps, weak_tie_density=1.5, job_arrival=0.15, job_loss=0.05, interview_share=1.0, **values
    )


def test_runs_with_interviews_chart_a_fourth_channel():
    model = asking_model(40, seed=3)
    assert channels(model) == (*CHANNELS, "interview")
    assert channels(make_model()) == CHANNELS
    table = hires_table(model)
    assert list(table.columns) == [*CHANNELS, "interview"]
    expected = counted_from_hire_records(model)
    np.testing.assert_array_equal(table["interview"].to_numpy(), expected["interview"])
    assert table["interview"].iloc[-1] > 0, "no interview hires: the test is too weak"
    plots = LivePlots(model)
    line = plots.hires["interview"]
    np.testing.assert_array_equal(line.get_data()[1], expected["interview"])
    assert to_rgba(line.get_color()) == to_rgba(INTERVIEW) and line.get_linestyle() == "-."
    legend = [t.get_text() for t in plots.legends[1].get_texts()]
    assert legend == [*CHANNELS, "interview"]
    assert plots.png().startswith(b"\x89PNG")


def test_restarting_between_runs_with_and_without_interviews_matches_fresh_panels():
    size = (300, 400)
    plain, asking = make_model(12, seed=9), asking_model(12, seed=9)
    plots = LivePlots(plain, size=size)
    plots.png()
    for model in (asking, plain, asking):
        plots.restart(model)
        fresh = LivePlots(model, size=size)
        assert list(plots.hires) == list(channels(model))
        assert [len(ax.lines) for ax in plots.axes] == [len(ax.lines) for ax in fresh.axes]
        np.testing.assert_array_equal(
            plots.blitter.pixels(plots.moving, plots.still_key),
            fresh.blitter.pixels(fresh.moving, fresh.still_key),
        )
