"""Engine classes of your own: named by a path or an entry point, run like the built-in ones.

They run in sweeps on worker processes (which import them by name), give the built-in
engines' numbers when they change nothing, and every run records which class and which
version of its module file made it.
"""

from __future__ import annotations

import hashlib
import json
import math
from importlib import metadata
from pathlib import Path

import pytest

from custom_engine_helpers import engine_module
from sweep_helpers import TABLES, assert_same_tables, read_tables, tiny_config
from tiesim.cli import main
from tiesim.config import validate_config
from tiesim.errors import ConfigError, RunsFailedError
from tiesim.runner import engine_class as engine_class_module
from tiesim.runner.engine_class import (
    ENGINE_METHODS,
    ENTRY_POINT_GROUP,
    Engine,
    built_on,
    engine_class,
    engine_source,
)
from tiesim.runner.experiment import run
from tiesim.runner.plan import check_design
from tiesim.runner.preflight import preflight, run_memory


def tables_of(result) -> dict:
    return {name: getattr(result, name) for name in TABLES}


def test_the_engine_methods_are_the_protocols():
    assert ENGINE_METHODS == (
        "step",
        "metrics",
        "hires",
        "trend_items",
        "tie_table",
        "agent_table",
    )
    assert all(callable(getattr(Engine, name)) for name in ENGINE_METHODS)


def test_both_ways_of_writing_a_path_name_the_same_class(tmp_path, monkeypatch):
    module = engine_module(tmp_path, monkeypatch)
    by_colon = engine_class(f"{module}:NoOpenings")
    assert by_colon is engine_class(f"{module}.NoOpenings")
    assert by_colon.__name__ == "NoOpenings" and built_on(by_colon) == "mesa"
    assert built_on(engine_class(f"{module}:SameAsArray")) == "array"
    assert built_on(engine_class(f"{module}:Unknown")) is None
    assert engine_class("mesa").__name__ == "WeakTiesModel"
    assert engine_source("mesa") is None and engine_source("tiesim.model:WeakTiesModel") is None


def test_a_class_named_by_its_path_runs_a_sweep_on_two_workers_as_on_one(tmp_path, monkeypatch):
    module = engine_module(tmp_path, monkeypatch)
    config = {**tiny_config(), "engine": f"{module}:NoOpenings"}
    one, two = tmp_path / "one", tmp_path / "two"
    first = run(config, out=one, workers=1)
    run(config, out=two, workers=2)  # forkserver workers import the module by its name
    assert_same_tables(one, two)
    assert len(first.runs) == 6 and first.failed.empty
    assert len(read_tables(two)["hires"]) == 0  # the class ran: nobody hears of an opening
    mesa = run(tiny_config(), write=False, workers=1)
    assert len(mesa.hires) > 0


@pytest.mark.parametrize("built_in", ["mesa", "array"])
def test_a_subclass_that_changes_nothing_gives_the_built_in_engines_numbers(
    tmp_path, monkeypatch, built_in
):
    module = engine_module(tmp_path, monkeypatch)
    subclass = {"mesa": "SameAsMesa", "array": "SameAsArray"}[built_in]
    config = tiny_config(grid={"graph.weak_tie_density": [2.0]}, replicates=2)
    theirs = run({**config, "engine": built_in}, write=False, workers=1)
    ours = run({**config, "engine": f"{module}:{subclass}"}, write=False, workers=1)
    assert_same_tables(tables_of(theirs), tables_of(ours))


def test_each_run_records_the_class_and_its_module_file(tmp_path, monkeypatch, capsys):
    module = engine_module(tmp_path, monkeypatch)
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({**tiny_config(), "engine": f"{module}:SameAsMesa"}))
    out = tmp_path / "out"
    assert main(["run", str(config), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    file = tmp_path / "modules" / f"{module}.py"
    source = {
        "class": f"{module}:SameAsMesa",
        "file": str(file),
        "sha256": hashlib.sha256(file.read_bytes()).hexdigest(),
        "distribution": None,
    }
    record = json.loads((out / "runs" / "p0001-r0002" / "run.json").read_text())
    assert record["engine"] == source
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["engine_code"] == [{**source, "runs": 6}]
    assert manifest["runs"]["p0000-r0000"]["engine"] == source
    design = (out / "report.md").read_text().split("## Design")[1].split("## Key results")[0]
    assert f"engine class of your own (code outside tiesim made these numbers): {module}" in design
    assert "note:" not in capsys.readouterr().err
    assert main(["validate", str(config)]) == 0
    assert f"engine class {module}:SameAsMesa from {file}" in capsys.readouterr().out


def test_runs_of_the_built_in_engines_record_no_engine_class(tmp_path):
    out = tmp_path / "out"
    run(tiny_config(grid={"graph.weak_tie_density": [2.0]}, replicates=1), out=out, workers=1)
    assert "engine" not in json.loads((out / "runs" / "p0000-r0000" / "run.json").read_text())
    assert "engine_code" not in json.loads((out / "manifest.json").read_text())


def test_a_sweep_resumed_after_the_module_changed_says_so(tmp_path, monkeypatch, capsys):
    module = engine_module(tmp_path, monkeypatch)
    config = tmp_path / "c.yaml"
    config.write_text(json.dumps({**tiny_config(), "engine": f"{module}:SameAsMesa"}))
    out = tmp_path / "out"
    args = ["run", str(config), "--out", str(out), "--workers", "1", "--quiet"]
    assert main(args) == 0
    file = tmp_path / "modules" / f"{module}.py"
    file.write_text(file.read_text() + "\n# edited after the sweep\n")
    capsys.readouterr()
    assert main(args) == 0  # nothing to run: every stored run was made by the old file
    err = capsys.readouterr().err.strip()
    assert err.startswith("tiesim: note: all 6 stored runs of engine class") and "\n" not in err
    assert "as it was before" in err and "pass --overwrite" in err
    (out / "runs" / "p0001-r0001").rename(tmp_path / "gone")
    assert main(args) == 0
    err = capsys.readouterr().err.strip()
    assert "were made by 2 different versions of its module file" in err
    assert "5 by SHA-256" in err and "1 by SHA-256" in err
    assert main(["rerun", str(out), "p0001-r0001"]) == 0  # the same numbers all the same


def test_an_engine_offered_by_an_entry_point_is_found_by_its_name(tmp_path, monkeypatch):
    module = engine_module(tmp_path, monkeypatch)
    target = engine_class(f"{module}:NoOpenings")

    class Dist:
        name, version = "fieldwork", "1.2"

    class FakeEntryPoint:
        name, value, group, dist = "no-openings", f"{module}:NoOpenings", ENTRY_POINT_GROUP, Dist

        def load(self):
            return target

    def entry_points(group=None):
        assert group == ENTRY_POINT_GROUP
        return [FakeEntryPoint()]

    monkeypatch.setattr(metadata, "entry_points", entry_points)
    assert engine_class("no-openings") is target
    assert engine_source("no-openings")["distribution"] == "fieldwork 1.2"
    config = {**tiny_config(grid={"graph.weak_tie_density": [2.0]}, replicates=2)}
    result = run({**config, "engine": "no-openings"}, out=tmp_path / "out", workers=1)
    assert len(result.runs) == 2 and len(result.hires) == 0
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["engine_code"][0]["distribution"] == "fieldwork 1.2"
    with pytest.raises(ConfigError, match=r"\(installed: no-openings\)"):
        engine_class("elsewhere")


def test_an_entry_point_that_fails_to_load_is_refused_in_one_line(monkeypatch):
    class Broken:
        name, value, group, dist = "broken", "gone_module:Model", ENTRY_POINT_GROUP, None

        def load(self):
            raise ModuleNotFoundError("No module named 'gone_module'")

    monkeypatch.setattr(metadata, "entry_points", lambda group=None: [Broken()])
    with pytest.raises(ConfigError) as caught:
        engine_class("broken")
    message = str(caught.value)
    assert message.startswith("config field 'engine' must name a class that can be imported")
    assert "(got 'broken'): entry point 'gone_module:Model': ModuleNotFoundError" in message


def test_memory_is_checked_with_the_figures_of_the_engine_a_class_extends(tmp_path, monkeypatch):
    module = engine_module(tmp_path, monkeypatch)
    big = {"graph": {"n": 100_000, "strong_degree": 3}}
    mesa = validate_config({**big, "engine": "mesa"})
    ours = validate_config({**big, "engine": f"{module}:SameAsMesa"})
    with pytest.raises(
        ConfigError, match=rf"the mesa engine \(which {module}:SameAsMesa extends\)"
    ):
        preflight(check_design(ours), memory=int(run_memory(mesa)) - 1)
    unknown = validate_config({**big, "engine": f"{module}:Unknown"})
    preflight(check_design(unknown), memory=1)  # its needs are unknown: not checked
    assert run_memory(unknown) == 0.0


def test_a_run_whose_class_cannot_be_imported_in_its_worker_fails_alone(tmp_path, monkeypatch):
    # e.g. a Dask worker without the module: the run is recorded as failed, with the reason
    module = engine_module(tmp_path, monkeypatch)
    config = validate_config({**tiny_config(), "engine": f"{module}:SameAsMesa"})
    monkeypatch.setattr(engine_class_module, "_find", _not_here)
    monkeypatch.setattr("tiesim.runner.experiment.preflight", lambda design, memory=None: None)
    with pytest.raises(RunsFailedError, match="all 6 runs failed") as caught:
        run(config, write=False, workers=1)
    assert "no module named" in caught.value.result.failed["error"].iloc[0]


def _not_here(name):
    raise ConfigError(
        f"config field 'engine' must name a class ... (got {name!r}): no module named"
    )


def test_the_engine_field_is_checked_for_its_form_only_when_the_config_is_built():
    for good in ("mesa", "array", "my-engine", "pkg.mod:Model", "pkg.mod.Model", "p:Outer.In"):
        assert validate_config({"engine": good}).engine == good  # nothing imported yet
    for bad in (3, "a b", "pkg:", ":Model", "a:b:c", "", None, "x" * 201):
        with pytest.raises(ConfigError, match="config field 'engine' must be mesa, array, a class"):
            validate_config({"engine": bad})


def test_an_endless_half_life_in_the_example_gives_the_mesa_engines_numbers(monkeypatch):
    root = Path(__file__).parents[2]
    monkeypatch.syspath_prepend(str(root / "experiments" / "custom_model"))
    import scarring

    monkeypatch.setattr(scarring.ScarredSeekers, "HALF_LIFE", math.inf)
    config = tiny_config(grid={"engine": ["mesa", "scarring:ScarredSeekers"]}, replicates=2)
    result = run(config, write=False, workers=1)
    runs = result.runs.drop(columns=["run_id", "point", "engine"])
    mesa, scarred = runs.iloc[:2].reset_index(drop=True), runs.iloc[2:].reset_index(drop=True)
    assert mesa.equals(scarred)
