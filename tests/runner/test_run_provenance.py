"""Each run records the code that computed it; a sweep resumed under other code says so."""

from __future__ import annotations

import json
import shutil

import pytest

from sweep_helpers import tiny_config
from tiesim.cli import main
from tiesim.runner import provenance


def fake_code(commit: str, dirty: bool = False):
    return lambda: {"tiesim": "0.1.0", "git": {"commit": commit * 40, "dirty": dirty}}


@pytest.fixture
def config(tmp_path) -> str:
    data = tiny_config(grid={"graph.weak_tie_density": [0.0, 2.0]}, replicates=2)
    path = tmp_path / "tiny.yaml"
    path.write_text(json.dumps(data))  # JSON is YAML
    return str(path)


def test_each_run_records_its_tiesim_version_and_commit(tmp_path, config, monkeypatch, capsys):
    monkeypatch.setattr(provenance, "code_version", fake_code("a", dirty=True))
    out = tmp_path / "out"
    assert main(["run", config, "--out", str(out), "--workers", "1", "--quiet"]) == 0
    record = json.loads((out / "runs" / "p0001-r0000" / "run.json").read_text())
    assert record["tiesim"] == "0.1.0" and record["git"] == {"commit": "a" * 40, "dirty": True}
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["runs"]["p0001-r0000"]["git"]["commit"] == "a" * 40
    assert manifest["code_versions"] == [{**fake_code("a", True)(), "runs": 4}]
    assert "note:" not in capsys.readouterr().err
    assert "mixed code" not in (out / "report.md").read_text()


def test_the_real_code_version_is_recorded(tmp_path, config):
    out = tmp_path / "out"
    assert main(["run", config, "--out", str(out), "--workers", "2", "--quiet"]) == 0
    record = json.loads((out / "runs" / "p0000-r0000" / "run.json").read_text())
    assert record["tiesim"] == provenance.versions()["tiesim"]
    assert record["git"] == provenance.git_commit()


def test_a_sweep_resumed_under_another_commit_says_so(tmp_path, config, monkeypatch, capsys):
    out = tmp_path / "out"
    args = ["run", config, "--out", str(out), "--workers", "1", "--quiet"]
    monkeypatch.setattr(provenance, "code_version", fake_code("a"))
    assert main(args) == 0
    shutil.rmtree(out / "runs" / "p0001-r0001")
    monkeypatch.setattr(provenance, "code_version", fake_code("b"))
    capsys.readouterr()
    assert main(args) == 0  # not refused
    err = capsys.readouterr().err.strip()
    assert err.count("\n") == 0 and err.startswith("tiesim: note:")
    assert "2 different code versions" in err
    assert "3 by tiesim 0.1.0 commit aaaaaaaaaa" in err
    assert "1 by tiesim 0.1.0 commit bbbbbbbbbb" in err
    manifest = json.loads((out / "manifest.json").read_text())
    commits = {k: r["git"]["commit"][0] for k, r in manifest["runs"].items()}
    assert commits == {
        "p0000-r0000": "a",
        "p0000-r0001": "a",
        "p0001-r0000": "a",
        "p0001-r0001": "b",
    }
    design = (out / "report.md").read_text().split("## Design")[1].split("## Key results")[0]
    assert "mixed code: the stored runs were made by 2 different code versions" in design
    assert "tiesim: note: the stored runs were made by 2" in _report_err(out, capsys)


def test_runs_stored_before_code_was_recorded_count_as_another_version(
    tmp_path, config, monkeypatch, capsys
):
    out = tmp_path / "out"
    monkeypatch.setattr(provenance, "code_version", fake_code("a"))
    assert main(["run", config, "--out", str(out), "--workers", "1", "--quiet"]) == 0
    record = out / "runs" / "p0000-r0000" / "run.json"
    record.write_text(json.dumps({"seconds": 0.1, "host": "old"}))  # as older tiesim wrote it
    assert "an older tiesim that did not record its version" in _report_err(out, capsys)


def _report_err(out, capsys) -> str:
    capsys.readouterr()
    assert main(["report", str(out)]) == 0
    return capsys.readouterr().err


def test_a_sweep_resumed_entirely_from_other_code_says_so(tmp_path, config, monkeypatch, capsys):
    out = tmp_path / "out"
    args = ["run", config, "--out", str(out), "--workers", "1", "--quiet"]
    monkeypatch.setattr(provenance, "code_version", fake_code("a"))
    assert main(args) == 0
    monkeypatch.setattr(provenance, "code_version", fake_code("b"))
    capsys.readouterr()
    assert main(args) == 0  # every run is stored already: nothing is computed
    err = capsys.readouterr().err.strip()
    assert err.startswith("tiesim: note: all 4 stored runs were made by tiesim 0.1.0 commit aaaa")
    assert "not by the code running now (tiesim 0.1.0 commit bbbb" in err
    assert "--overwrite" in err
    # and --overwrite computes every run again with the code running now
    assert main([*args, "--overwrite"]) == 0
    assert capsys.readouterr().err == ""
    manifest = json.loads((out / "manifest.json").read_text())
    assert {r["git"]["commit"][0] for r in manifest["runs"].values()} == {"b"}
