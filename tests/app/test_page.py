"""The page's parts without a browser: session actions, panels' HTML, screen sizes, lessons."""

import time

import pytest
from app_helpers import SMALL, make_model, stepped_model

pytest.importorskip("solara")

from tiesim.app import panels, session
from tiesim.app.legend import legend_entries
from tiesim.app.lessons import lesson_html
from tiesim.app.presets import PRESETS
from tiesim.app.screen import page_sizes


@pytest.fixture
def small_start(monkeypatch):
    """Sessions start from a small town, so the tests run fast."""
    monkeypatch.setattr(session, "START", {**session.START, **SMALL})
    return session.Session.start()


def test_step_reset_and_presets(small_start):
    s = small_start
    s.step()
    s.step()
    assert s.model.value.steps == 2 and s.version.value == 2
    s.set_value("weak_tie_density", 2.5)
    assert s.model.value.config.graph.weak_tie_density == 1.0  # only on Reset
    s.reset()
    assert s.model.value.steps == 0 and s.model.value.config.graph.weak_tie_density == 2.5
    s.choose("Complex trends")
    values = session.choice_values("Complex trends")
    assert s.model.value.config.trends.threshold == values["trend_threshold"] == 2
    assert s.colour_by.value == "trend adoption" and s.model.value.steps == 0


def test_a_bad_seed_is_one_message_and_keeps_the_model(small_start):
    s = small_start
    before = s.model.value
    s.set_value("seed", "seven")
    s.reset()
    assert s.model.value is before
    assert "seed" in s.error.value
    s.set_value("seed", "7")
    s.reset()
    assert s.error.value is None and s.model.value.config.seed == 7


def test_play_stops_when_playing_is_switched_off(small_start):
    s = small_start
    s.speed.value = 20
    s.playing.value = True
    seen = []

    def stop_after_three():
        seen.append(s.model.value.steps)
        if len(seen) == 3:
            s.playing.value = False

    s.version.subscribe(lambda _: stop_after_three())
    s.play()
    assert s.model.value.steps == 3


def test_play_takes_several_steps_per_picture_when_drawing_is_slow(small_start):
    s = small_start
    s.speed.value = 20
    s.playing.value = True
    pictures = []

    def slow_picture(_):
        time.sleep(0.2)  # a picture that takes 0.2 s: four steps' time at 20 steps/s
        pictures.append(s.model.value.steps)
        if len(pictures) == 3:
            s.playing.value = False

    s.version.subscribe(slow_picture)
    s.play()
    assert pictures[0] == 1
    assert pictures[2] - pictures[1] == session.MAX_STEPS_PER_PICTURE


def test_menu_lists_every_preset():
    assert session.CHOICES[1:] == [p.title for p in PRESETS]


def test_who_told_whom_panel():
    html = panels.who_told_whom_html(stepped_model())
    assert "<table" in html and "heard directly" in html
    assert "No hires yet" in panels.who_told_whom_html(make_model())
    assert "weak ties were cut at step 2" in panels.who_told_whom_html(
        make_model(3, cut_weak_ties_at=2)
    )


def test_this_run_panel_shows_the_values_in_use():
    html = panels.this_run_html(make_model(weak_tie_density=2.5, cut_weak_ties_at=40, seed=8))
    assert "seed 8" in html and "2.5 weak ties per person" in html and "at step 40" in html
    assert "complex (threshold 3)" in panels.this_run_html(
        make_model(trend_rate=0.1, trend_threshold=3)
    )


@pytest.mark.parametrize("colour_by", ["employment", "trend adoption"])
def test_html_legend_lists_the_pictures_entries(colour_by):
    html = panels.legend_html(colour_by)
    for entry in legend_entries(colour_by):
        assert entry.label in html and entry.colour in html
    assert html.count("stroke-dasharray") == 1  # the weak tie


@pytest.mark.parametrize("width, height", [(1024, 768), (1366, 768), (1920, 1080), (800, 600)])
def test_page_sizes_fit_the_window_and_the_network_is_largest(width, height):
    sizes = page_sizes(width, height)
    w, h = max(width, 1024), max(height, 700)
    net, plots, who = sizes.network, sizes.plots, sizes.who_told_whom
    assert net[0] * net[1] > plots[0] * plots[1]
    assert sizes.controls_width + net[0] + plots[0] < w
    assert plots[1] + who[1] < h - 48 and net[1] < h - 48
    assert min(*net, *plots) > 250 and who[1] >= 100


@pytest.mark.parametrize("p", PRESETS, ids=lambda p: p.key)
def test_each_lesson_is_html_for_the_info_tab(p):
    html = lesson_html(p.lesson)
    assert "<h2>What is it</h2>" in html and "<h1>" in html


def test_a_missing_lesson_says_where_it_is(tmp_path):
    assert "experiments/lessons/x.md" in lesson_html("x.md", tmp_path)


def test_who_told_whom_counts_ties_made_and_colours_each_channel():
    from tiesim.analysis.palette import CHANNEL_COLOURS_WITH_INTERVIEWS

    model = make_model(40, weak_tie_density=0.0, event_rate=0.3, interview_share=1.0, seed=4)
    html = panels.who_told_whom_html(model, limit=40)
    made = int(model.metrics()["formed_event"].sum())
    assert made > 0 and f"Ties made so far: {made} at events." in html
    for channel in set(model.hires().channel):
        assert f"({channel})" in html and CHANNEL_COLOURS_WITH_INTERVIEWS[channel] in html
    assert "Ties made so far: none yet." in panels.who_told_whom_html(make_model(event_rate=0.3))
    assert "Ties made" not in panels.who_told_whom_html(stepped_model())


def test_this_run_panel_shows_networking():
    assert "no networking" in panels.this_run_html(make_model())
    html = panels.this_run_html(
        make_model(event_rate=0.05, interview_share=0.5, interview_rule="strongest_first")
    )
    assert "networking events 0.05 per step, 20 people each" in html
    assert "50% of people ask for interviews when looking for work, strongest first" in html


def test_html_legend_has_the_new_tie_entry_only_for_runs_that_make_ties():
    html = panels.legend_html("employment", new_ties=True)
    assert "weak tie made in this run" in html and html.count("stroke-dasharray") == 2
    assert "made in this run" not in panels.legend_html("employment")


def test_choosing_a_networking_preset_builds_its_model(small_start):
    s = small_start
    s.choose("Ask around")
    assert s.model.value.networking.interviews_on and s.values.value["interview_share"] == 1.0
    s.choose("Networking night")
    net = s.model.value.networking
    assert net.events.rate > 0 and not net.interviews_on
    s.choose(session.START_CHOICE)
    assert not s.model.value.networking.active
