"""An ``engine`` that names no usable class: one line, exit 2, from ``validate`` and ``run``.

The module is imported when the config is checked, so a path that cannot be imported, a name
that is not a class or a class without the engine methods is refused before anything runs or
is written — naming the field, the rule and the value.
"""

from __future__ import annotations

import json
import sys

import pytest

from custom_engine_helpers import engine_module
from sweep_helpers import tiny_config
from tiesim.cli import main

BROKEN = """
raise RuntimeError("this model needs a GPU")
"""
NEEDS_A_PACKAGE = """
import a_package_nobody_installed
"""
CASES = [
    # (engine value, module source or None, what the one line must say)
    (
        "nosuch_module_of_mine:Model",
        None,
        "config field 'engine' must name a class that can be imported (got "
        "'nosuch_module_of_mine:Model'): no module named 'nosuch_module_of_mine'; install it, "
        "or add the folder that holds it to PYTHONPATH",
    ),
    ("{m}:Missing", "", "must name a class that can be imported (got '{m}:Missing'): module "),
    ("{m}.Missing", "", "(got '{m}.Missing'): module '{m}' has no 'Missing'"),
    ("{m}:helper", "", "config field 'engine' must name a class (got '{m}:helper'): it is a func"),
    (
        "{m}:StepOnly",
        "",
        "must name a class with the Engine methods step, metrics, hires, trend_items, tie_table, "
        "agent_table (got '{m}:StepOnly'): StepOnly lacks metrics, hires, trend_items, tie_table",
    ),
    (
        "{m}:NoArguments",
        "",
        "must name a class built as cls(graph, jobs, trends, ties, *, networking, rng) (got "
        "'{m}:NoArguments'): NoArguments() cannot take them",
    ),
    ("{m}:Model", BROKEN, "importing '{m}': RuntimeError: this model needs a GPU"),
    (
        "{m}:Model",
        NEEDS_A_PACKAGE,
        "importing '{m}': ModuleNotFoundError: No module named 'a_package_nobody_installed'",
    ),
    ("{m}:Model", "def broken(:\n", "importing '{m}': SyntaxError: "),
    (
        "nosuchengine",
        None,
        "config field 'engine' must be mesa, array, a class as 'package.module:Class', or the "
        "name of an entry point in group tiesim.engines (got 'nosuchengine'): no installed "
        "package offers one named 'nosuchengine'",
    ),
    (
        "two words",
        None,
        "config field 'engine' must be mesa, array, a class as 'package.module:Class', or the "
        "name of an entry point in group tiesim.engines (got 'two words')",
    ),
]


@pytest.mark.parametrize(("engine", "source", "expected"), CASES)
def test_an_unusable_engine_is_one_line_and_exit_2(
    tmp_path, capsys, monkeypatch, engine, source, expected
):
    from custom_engine_helpers import SOURCE

    module = None
    if source is not None:
        module = engine_module(tmp_path, monkeypatch, source or SOURCE)
    engine, expected = engine.format(m=module), expected.format(m=module)
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({**tiny_config(), "engine": engine}))
    for command in (["validate", str(config)], ["run", str(config), "--workers", "1"]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip()
        assert err.startswith("tiesim: error: ") and "\n" not in err and len(err) < 1000, err
        assert "Traceback" not in err and expected in err, err
    assert not (tmp_path / "results").exists()


def test_an_unusable_engine_in_a_sweep_names_its_point(tmp_path, capsys, monkeypatch):
    module = engine_module(tmp_path, monkeypatch)
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "c.yaml"
    grid = {"engine": ["mesa", f"{module}:helper"], "graph.weak_tie_density": [0.0, 2.0]}
    config.write_text(json.dumps(tiny_config(grid=grid, replicates=1)))
    for command in (["validate", str(config)], ["run", str(config), "--workers", "1"]):
        assert main(command) == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err
        assert f"sweep point 2 (engine='{module}:helper', graph.weak_tie_density=0.0): " in err
        assert "config field 'engine' must name a class" in err
    assert not (tmp_path / "results").exists()


def test_rerun_without_the_module_is_one_line_and_exit_2(tmp_path, capsys, monkeypatch):
    module = engine_module(tmp_path, monkeypatch)
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({**tiny_config(), "engine": f"{module}:SameAsMesa"}))
    out = tmp_path / "out"
    assert main(["run", str(config), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    (tmp_path / "modules" / f"{module}.py").rename(tmp_path / "elsewhere.py")
    monkeypatch.delitem(sys.modules, module)
    capsys.readouterr()
    assert main(["rerun", str(out), "p0000-r0000"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("tiesim: error: config field 'engine' must name a class that can be")
    assert f"no module named '{module}'" in err and "\n" not in err
    assert main(["report", str(out)]) == 0  # the stored tables need no model to be read
