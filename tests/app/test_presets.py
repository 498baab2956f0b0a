import re
from pathlib import Path

import pytest
from app_helpers import make_model

from tiesim.app.demo_model import DemoModel
from tiesim.app.presets import CONTROLS, DEFAULTS, PRESETS, preset, preset_values
from tiesim.errors import TiesimError

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
