"""``tiesim validate``, ``tiesim report``, the run flags, and every shipped config."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sweep_helpers import size_override, tiny_config
from tiesim.cli import main

ROOT = Path(__file__).parents[2]
CONFIGS = sorted((ROOT / "configs").glob("*.yaml"))


def write_config(tmp_path: Path, data: dict) -> str:
    path = tmp_path / "tiny.yaml"
    path.write_text(json.dumps(data))  # JSON is YAML
    return str(path)


def test_validate_prints_the_plan_and_writes_nothing(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["validate", write_config(tmp_path, tiny_config())]) == 0
    out = capsys.readouterr().out
    assert "tiny: config OK" in out and "engine mesa, 8 steps" in out
    assert "6 runs = 2 point(s) x 3 replicate(s)" in out
    assert "grid graph.weak_tie_density: 0, 2" in out and "seeds: experiment seed 11" in out
    assert "p0001-r0002  seed" in out or "p0000-r0002  seed" in out
    assert "results: results/tiny/ (new)" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["tiny.yaml"]


def test_validate_sees_stored_runs(tmp_path, capsys):
    config = write_config(tmp_path, tiny_config())
    out = str(tmp_path / "out")
    assert main(["run", config, "--out", out, "--workers", "1", "--quiet"]) == 0
    assert main(["validate", config, "--out", out]) == 0
    assert "holds 6 of 6 runs (resumes)" in capsys.readouterr().out
    assert main(["validate", config, "--out", out, "--set", "steps=3"]) == 0
    assert "holds a different config (needs --overwrite)" in capsys.readouterr().out


def test_report_rebuilds_a_results_folder(tmp_path, capsys):
    config = write_config(tmp_path, tiny_config())
    out = tmp_path / "out"
    assert main(["run", config, "--out", str(out), "--workers", "1", "--quiet"]) == 0
    (out / "summary.csv").unlink()
    (out / "report.md").unlink()
    capsys.readouterr()
    assert main(["report", str(out)]) == 0
    printed = capsys.readouterr().out
    assert f"report: {out}/report.html" in printed and "weak_tie_density" in printed
    assert (out / "summary.csv").is_file() and (out / "report.md").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "{tmp}/missing"], "results folder '{tmp}/missing' does not exist"),
        (["report", "{tmp}"], "is not a tiesim results folder (it has no manifest.json)"),
        (["validate", "{tmp}/none.yaml"], "config file '{tmp}/none.yaml' does not exist"),
        (["run", "{config}", "--workers", "two"], "--workers must be an integer >= 1 (got 'two')"),
        (["run", "{config}", "--workers", "-1"], "--workers must be an integer >= 1 (got '-1')"),
        (["run", "{config}", "--executor", "ray"], "--executor must be process or dask"),
        (["run", "{config}", "--scheduler", "tcp://x:1"], "--scheduler needs --executor dask"),
        (["run", "{config}", "--scheduler", "local"], "--scheduler needs --executor dask"),
        (
            ["run", "{config}", "--executor", "dask", "--scheduler", "tcp://x:1", "--workers", "2"],
            "--workers sets the process pool or a --scheduler local cluster",
        ),
        (["validate", "{config}", "--set", "sweep.replicates=0"], "'sweep.replicates' must be"),
    ],
)
def test_bad_input_is_one_line_exit_2_nothing_written(tmp_path, capsys, args, message):
    config = write_config(tmp_path, tiny_config())
    fill = {"tmp": str(tmp_path), "config": config}
    args = [a.format(**fill) for a in args]
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert message.format(**fill) in err and "\n" not in err and err.startswith("tiesim: error:")
    assert sorted(p.name for p in tmp_path.iterdir()) == before


SMOKE = {
    "steps": 5,
    "sweep.replicates": 2,
    "outputs.plot": False,
}


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_every_shipped_config_runs_with_tiny_overrides(config, tmp_path, capsys):
    sets = [f"{k}={v}" for k, v in SMOKE.items()] + size_override(config, 200)
    if "sample" in config.read_text():
        sets.append("sweep.sample.n=2")
    args = [arg for s in sets for arg in ("--set", s)]
    out = tmp_path / "out"
    assert main(["validate", str(config), *args]) == 0
    assert main(["run", str(config), "--out", str(out), "--workers", "1", "--quiet", *args]) == 0
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) >= 2 and (out / "report.md").is_file()
    assert "results:" in capsys.readouterr().out
    assert main(["report", str(out)]) == 0
    assert main(["rerun", str(out), runs["run_id"].iloc[-1]]) == 0
    assert "identical to the stored run" in capsys.readouterr().out


def test_headline_config_meets_the_brief():
    from tiesim.config import load_config

    config = load_config(ROOT / "configs/weak_tie_density.yaml")
    values = config.sweep.grid_values()["graph.weak_tie_density"]
    assert values[0] == 0 and 3.5 <= values[-1] <= 4.5 and len(values) >= 10
    assert config.sweep.replicates >= 20


def test_validate_checks_every_config_and_names_each_bad_one(tmp_path, capsys):
    good = write_config(tmp_path, tiny_config())
    bad_value = tmp_path / "bad_value.yaml"
    bad_value.write_text(json.dumps({**tiny_config(), "steps": -1}))
    missing = str(tmp_path / "missing.yaml")
    assert main(["validate", good, good]) == 0
    assert capsys.readouterr().out.count("tiny: config OK") == 2
    assert main(["validate", str(bad_value), good, missing]) == 2
    captured = capsys.readouterr()
    assert captured.out.count("tiny: config OK") == 1
    lines = captured.err.strip().splitlines()
    assert len(lines) == 2 and all(line.startswith("tiesim: error:") for line in lines)
    assert f"{bad_value}: " in lines[0] and "'steps'" in lines[0]
    assert f"config file '{missing}' does not exist" in lines[1]


def test_results_line_says_which_tables_have_csv(tmp_path, capsys, monkeypatch):
    import tiesim.runner.finalize as finalize

    config = write_config(tmp_path, tiny_config())
    out = tmp_path / "out"
    run = ["run", config, "--out", str(out), "--workers", "1", "--quiet"]
    assert main(run) == 0
    assert "summary as Parquet and CSV; manifest.json" in capsys.readouterr().out
    # 6 runs x 40 agents: the agents table has 240 rows, the metrics table 6 x 9 = 54
    monkeypatch.setattr(finalize, "MAX_CSV_ROWS", 100)
    assert main([*run, "--overwrite"]) == 0
    printed = capsys.readouterr().out
    assert "as Parquet and CSV (not agents: over 100 rows); manifest.json" in printed
    assert not (out / "agents.csv").exists() and (out / "metrics.csv").exists()
    assert main([*run, "--overwrite", "--set", "outputs.csv=false"]) == 0
    assert "summary as Parquet; manifest.json" in capsys.readouterr().out
