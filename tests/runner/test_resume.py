"""Storage: each run on disk at once, resume after a kill, failed runs, changed configs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pandas as pd
import pytest

from sweep_helpers import FailingPointExecutor, assert_same_tables, tiny_config
from tiesim.cli import main
from tiesim.errors import TiesimError
from tiesim.runner import provenance, single
from tiesim.runner.experiment import run


def write_config(path, data) -> str:
    path.write_text(json.dumps(data))  # JSON is YAML
    return str(path)


def slow_config() -> dict:
    """16 runs of about 0.1 s each: slow enough to kill a sweep half-way."""
    data = tiny_config(grid={"graph.weak_tie_density": [0.0, 1.0, 2.0, 3.0]}, replicates=4)
    data["graph"] = {"n": 300, "community_size": 10, "strong_degree": 3}
    data["steps"] = 60
    return data


def test_resume_after_a_killed_run_gives_identical_results(tmp_path):
    config = write_config(tmp_path / "slow.yaml", slow_config())
    reference, out = tmp_path / "reference", tmp_path / "killed"
    command = [sys.executable, "-m", "tiesim", "run", config, "--workers", "1", "--quiet"]
    proc = subprocess.Popen([*command, "--out", str(out)], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list((out / "runs").glob("p*"))) < 3:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = {p.name for p in (out / "runs").glob("p*")}
    assert 3 <= len(stored) < 16, "the sweep must be killed half-way"
    assert not (out / "summary.parquet").exists()

    result = run(config, out=out, workers=2)
    assert result.resumed == len(stored)
    run(config, out=reference, workers=1)
    assert_same_tables(reference, out)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "complete"
    assert all(r["status"] == "done" and r["seconds"] > 0 for r in manifest["runs"].values())


def test_resume_runs_only_the_missing_runs(tmp_path, monkeypatch):
    out = tmp_path / "tiny"
    run(tiny_config(), out=out, workers=1)
    for run_id in ("p0000-r0001", "p0001-r0002"):
        for f in (out / "runs" / run_id).iterdir():
            f.unlink()
        (out / "runs" / run_id).rmdir()
    (out / "runs" / ".tmp-p0000-r0001-999").mkdir()  # left by a crash mid-write
    before = {name: pd.read_parquet(out / f"{name}.parquet") for name in ("metrics", "runs")}
    calls = []
    real = single.simulate
    monkeypatch.setattr(single, "simulate", lambda c: calls.append(c.seed) or real(c))
    result = run(tiny_config(), out=out, workers=1)
    assert len(calls) == 2 and result.resumed == 4
    assert not list((out / "runs").glob(".tmp-*"))
    for name, frame in before.items():
        pd.testing.assert_frame_equal(frame, pd.read_parquet(out / f"{name}.parquet"))


def test_a_failing_run_is_recorded_and_the_others_go_on(tmp_path, monkeypatch, capsys):
    config = write_config(tmp_path / "tiny.yaml", tiny_config())
    real = single.simulate

    def flaky(cfg):
        if cfg.graph.weak_tie_density == 2.0 and cfg.seed == run_seed(1):
            raise RuntimeError("injected failure")
        return real(cfg)

    monkeypatch.setattr(single, "simulate", flaky)
    out = tmp_path / "out"
    assert main(["run", config, "--out", str(out), "--workers", "1", "--quiet"]) == 1
    captured = capsys.readouterr()
    assert f"1 of 6 runs failed: p0001-r0001 (seed {run_seed(1)})" in captured.err
    assert "weak_tie_density" in captured.out  # the summary of the others is printed
    record = json.loads((out / "failed" / "p0001-r0001.json").read_text())
    assert record["seed"] == run_seed(1) and "RuntimeError: injected failure" in record["error"]
    assert "Traceback" in record["traceback"]
    assert len(pd.read_parquet(out / "runs.parquet")) == 5
    assert pd.read_csv(out / "failed.csv")["run_id"].tolist() == ["p0001-r0001"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "incomplete"
    assert manifest["runs"]["p0001-r0001"]["status"] == "failed"
    assert "p0001-r0001" in (out / "report.md").read_text()

    monkeypatch.setattr(single, "simulate", real)  # fixed: the re-run retries only that run
    assert main(["run", config, "--out", str(out), "--workers", "1", "--quiet"]) == 0
    assert not (out / "failed.csv").exists() and not list((out / "failed").iterdir())
    assert_same_tables(out, _reference(tmp_path))


def run_seed(replicate: int) -> int:
    from tiesim.runner.plan import replicate_seeds

    return replicate_seeds(11, 3)[replicate]


def _reference(tmp_path):
    run(tiny_config(), out=tmp_path / "ref", workers=1)
    return tmp_path / "ref"


def test_a_run_that_raises_in_a_worker_process_fails_only_its_runs(tmp_path):
    data = tiny_config(grid={"graph.weak_tie_density": [1.0, 2.0]}, replicates=2)
    with FailingPointExecutor(failing_point=1) as pool:  # fresh worker processes (spawn)
        result = run(data, out=tmp_path / "out", executor=pool)
    assert result.failed["run_id"].tolist() == ["p0001-r0000", "p0001-r0001"]
    assert result.failed["error"].str.contains("no room for the weak ties").all()
    assert result.failed["traceback"].str.contains("in simulate").all()
    assert result.runs["run_id"].tolist() == ["p0000-r0000", "p0000-r0001"]


def test_a_changed_config_is_refused_unless_overwrite(tmp_path, capsys):
    config = write_config(tmp_path / "tiny.yaml", tiny_config())
    out = tmp_path / "out"
    args = ["run", config, "--out", str(out), "--workers", "1", "--quiet"]
    assert main(args) == 0
    stamp = (out / "runs.parquet").stat().st_mtime_ns
    capsys.readouterr()
    assert main([*args, "--set", "steps=9"]) == 2
    err = capsys.readouterr().err.strip()
    assert "holds runs of a different config" in err and "--overwrite" in err
    assert "\n" not in err and (out / "runs.parquet").stat().st_mtime_ns == stamp
    assert main([*args, "--set", "outputs.csv=false"]) == 0  # output options are not hashed
    assert main([*args, "--set", "steps=9", "--overwrite"]) == 0
    metrics = pd.read_parquet(out / "metrics.parquet")
    assert metrics["step"].max() == 9


def test_a_folder_tiesim_did_not_write_is_left_alone(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(TiesimError, match=r"not a tiesim results folder"):
        run(tiny_config(), out=out, workers=1, overwrite=True)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_manifest_records_provenance(tmp_path):
    out = tmp_path / "tiny"
    run(tiny_config(), out=out, workers=1)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["steps"] == 8 and len(manifest["config_hash"]) == 16
    assert manifest["replicate_seeds"] == [run_seed(r) for r in range(3)]
    assert {"python", "tiesim", "mesa", "numpy"} <= set(manifest["versions"])
    assert manifest["host"]["name"] and manifest["points"] == 2
    assert manifest["git"] is None or len(manifest["git"]["commit"]) == 40
    entry = manifest["runs"]["p0001-r0002"]
    assert entry["seed"] == run_seed(2) and entry["seconds"] > 0 and entry["status"] == "done"


def test_git_missing_is_not_an_error(monkeypatch):
    def no_git(*args, **kwargs):
        raise FileNotFoundError("git")

    monkeypatch.setattr(provenance.subprocess, "run", no_git)
    assert provenance.git_commit() is None


def test_ctrl_c_keeps_finished_runs_and_says_how_to_resume(tmp_path, monkeypatch, capsys):
    config = write_config(tmp_path / "tiny.yaml", tiny_config())
    real, calls = single.simulate, []

    def interrupt_third(cfg):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real(cfg)

    monkeypatch.setattr(single, "simulate", interrupt_third)
    out = tmp_path / "out"
    assert main(["run", config, "--out", str(out), "--workers", "1", "--quiet"]) == 130
    assert "run the same command again to resume" in capsys.readouterr().err
    assert len(list((out / "runs").iterdir())) == 2
    assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
    assert os.path.exists(out / "manifest.json")
