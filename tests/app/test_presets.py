import itertools
import re
from pathlib import Path

import pytest
from app_helpers import make_model

from tiesim.app import state
from tiesim.app.demo_model import DemoModel, latest_hires
from tiesim.app.drawing import NetworkPicture
from tiesim.app.presets import (
    CONTROLS,
    DEFAULTS,
    GENERATED,
    INTERVIEW_CHOICES,
    NETWORKS,
    PRESETS,
    preset,
    preset_values,
)
from tiesim.config.networking import INTERVIEW_RULES
from tiesim.errors import TiesimError
from tiesim.graphs.ties import FORMED_BY, Tie

LESSONS = Path(__file__).resolve().parents[2] / "experiments" / "lessons"


def test_the_issue_presets_exist():
    titles = {p.title.lower() for p in PRESETS}
    for wanted in (
        "no weak ties",
        "a few bridges",
        "many weak ties",
        "cut the weak ties",
        "complex trends",
        "use it or lose it",
        "networking night",
        "ask around",
    ):
        assert wanted in titles


def test_preset_keys_are_unique_and_values_are_known_parameters():
    assert len({p.key for p in PRESETS}) == len(PRESETS)
    for p in PRESETS:
        assert set(p.values) <= set(DEFAULTS), p.key


def test_controls_name_known_parameters_and_contain_the_defaults():
    for c in CONTROLS:
        assert c.name in DEFAULTS
        assert c.low <= DEFAULTS[c.name] <= c.high


@pytest.mark.parametrize("p", PRESETS, ids=lambda p: p.key)
def test_every_preset_has_a_lesson_page_in_the_info_tab_outline(p):
    text = (LESSONS / p.lesson).read_text(encoding="utf-8")
    for heading in (
        "What is it",
        "How it works",
        "How to use it",
        "Things to notice",
        "Things to try",
        "Extending the model",
    ):
        assert f"## {heading}" in text, (p.lesson, heading)
    assert p.lesson in (LESSONS / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("p", PRESETS, ids=lambda p: p.key)
def test_every_preset_builds_and_steps(p):
    values = {k: v for k, v in preset_values(p.key).items() if k != "n"}
    assert make_model(3, **values).steps == 3


def test_the_interview_menu_offers_every_rule_of_the_config_but_none():
    assert set(INTERVIEW_CHOICES) == set(INTERVIEW_RULES) - {"none"}


def test_preset_values_lay_the_preset_over_the_base():
    base = {**DEFAULTS, "n": 120, "weak_tie_density": 2.5}
    values = preset_values("no-weak-ties", base)
    assert values["n"] == 120 and values["weak_tie_density"] == 0.0
    assert preset_values("cut-the-weak-ties")["cut_weak_ties_at"] > 0


def test_defaults_build_the_demo_model():
    assert isinstance(DemoModel(**DEFAULTS), DemoModel)


def test_unknown_preset_names_the_known_ones():
    with pytest.raises(TiesimError, match="no-weak-ties"):
        preset("none")


@pytest.mark.parametrize("p", PRESETS, ids=lambda p: p.key)
def test_a_lesson_quotes_the_seed_its_preset_starts_from(p):
    """The page's single-run numbers are for the seed the class sees first."""
    seed = preset_values(p.key)["seed"]
    quoted = set(re.findall(r"[Ss]eed (\d+)", (LESSONS / p.lesson).read_text(encoding="utf-8")))
    assert quoted <= {str(seed)}, (p.lesson, quoted, seed)


def run_preset(key: str, steps: int, **change) -> DemoModel:
    model = DemoModel(**{**preset_values(key), **change})
    for _ in range(steps):
        model.step()
    return model


def test_networking_night_makes_weak_ties_at_events_that_the_picture_shows():
    model = run_preset("networking-night", 0)
    assert model.weak_slots().size == 0  # the town starts with no bridges
    for _ in range(50):
        model.step()
    made = int(model.metrics()["formed_event"].sum())
    ties = state.ties_present(model)
    weak = ties.tie == Tie.WEAK
    assert made > 0 and weak.sum() == made
    assert (ties.formed_by[weak] == FORMED_BY.index("event")).all()
    community = model.graph.community
    assert (community[ties.u[weak]] != community[ties.v[weak]]).any()  # bridges
    picture = NetworkPicture(model)
    assert len(picture.new.get_segments()) == made and len(picture.weak.get_segments()) == 0


def test_ask_around_hires_through_interviews_and_weakest_first_asks_acquaintances():
    asking = {
        rule: run_preset("ask-around", 100, interview_rule=rule)
        for rule in ("weakest_first", "strongest_first")
    }
    hires = {rule: model.hires() for rule, model in asking.items()}
    for rule, table in hires.items():
        assert (table.channel == "interview").sum() > 0, rule
    stories = latest_hires(asking["weakest_first"], limit=len(hires["weakest_first"]))
    assert any(r["channel"] == "interview" and r["story"].endswith(", asked)") for r in stories)

    def over_weak_ties(table) -> int:
        return int(((table.channel == "interview") & (table.tie_type == "weak")).sum())

    assert over_weak_ties(hires["weakest_first"]) > over_weak_ties(hires["strongest_first"])
    nobody = run_preset("ask-around", 20, interview_share=0.0)
    assert not nobody.networking.active and "interview" not in set(nobody.hires().channel)


def test_sliders_shown_are_those_of_the_chosen_network():
    shown = {network: {c.name for c in CONTROLS if c.applies(network)} for network in NETWORKS}
    everywhere = {c.name for c in CONTROLS if not c.networks}
    assert shown["community"] == everywhere | {"weak_tie_density", "community_size"}
    assert shown["small_world"] == everywhere | {"community_size", "k", "p"}
    for real in set(NETWORKS) - set(GENERATED):
        assert shown[real] == everywhere  # a real network has no density, size, k or p
    assert {"strong_contact_rate", "weak_contact_rate", "cut_weak_ties_at"} <= everywhere
    # each network a slider names is one the demo offers, and builds
    assert {n for c in CONTROLS for n in c.networks} <= set(NETWORKS)


def test_the_network_menu_is_the_config_schema_s_networks():
    from typing import get_args

    from tiesim.config import DatasetGraphConfig

    names = get_args(DatasetGraphConfig.model_fields["name"].annotation)
    assert list(NETWORKS) == [*GENERATED, *names]


CHAPTER_3 = [p for p in PRESETS if "(E&K 3." in p.title]


def test_chapter_3_has_a_lesson_for_each_section_the_issue_lists():
    sections = {p.title.split("(E&K ")[1].rstrip(")") for p in CHAPTER_3}
    assert sections == {"3.1", "3.2", "3.3", "3.5"} and len(CHAPTER_3) == 6


@pytest.mark.parametrize("p", CHAPTER_3, ids=lambda p: p.key)
def test_a_chapter_3_lesson_carries_a_whole_class(p):
    text = (LESSONS / p.lesson).read_text(encoding="utf-8")
    for heading in (
        "Learning goals",
        "A 50-minute plan",
        "Predict first",
        "Discussion questions",
        "Worksheet",
    ):
        assert f"\n## {heading}\n" in text, (p.lesson, heading)
    assert text.rstrip().split("\n## ")[-1].startswith("Worksheet")  # last: to print
    plan = text.split("## A 50-minute plan")[1].split("\n## ")[0]
    spans = [tuple(map(int, m)) for m in re.findall(r"^\| (\d+)–(\d+) \|", plan, re.M)]
    assert spans[0][0] == 0 and spans[-1][1] == 50, (p.lesson, spans)
    assert all(a[1] == b[0] for a, b in itertools.pairwise(spans)), (p.lesson, spans)
    predictions = text.split("## Predict first")[1].split("\n## ")[0]
    assert len(re.findall(r"^\d\. ", predictions, re.M)) >= 3
    assert "Easley & Kleinberg" in text
