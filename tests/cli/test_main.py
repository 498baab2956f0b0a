"""The command line: exit codes, one-line errors, and results that are whole or absent."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tiesim.cli import main

ROOT = Path(__file__).parents[2]


def tiny(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(
        "name: tiny\nsteps: 12\ngraph: {n: 60, community_size: 10, strong_degree: 3}\n"
        "sweep: {grid: {graph.weak_tie_density: [0.0, 2.0]}}\n" + extra
    )
    return path


def test_python_dash_m_runs_and_reports_bad_config_in_one_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("jobs: {job_arrival: 2}\n")
    proc = subprocess.run(
        [sys.executable, "-m", "tiesim", "run", str(bad)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stderr.strip() == (  # the file named, as tiesim validate names it
        f"tiesim: error: {bad}: config field 'jobs.job_arrival' must be <= 1.0 (got 2)"
    )
    assert not (tmp_path / "results").exists()


def test_run_writes_the_results_folder(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(tiny(tmp_path)), "--out", str(out), "--set", "seed=5"]) == 0
    printed = capsys.readouterr().out
    assert "weak_tie_density" in printed and str(out) in printed
    for name in ("metrics", "hires", "runs", "summary"):
        assert (out / f"{name}.parquet").is_file() and (out / f"{name}.csv").is_file()
    assert (out / "config.yaml").is_file() and (out / "metrics.png").stat().st_size > 1000
    metrics = pd.read_parquet(out / "metrics.parquet")
    assert set(metrics["graph.weak_tie_density"]) == {0.0, 2.0}
    assert len(metrics) == 2 * 12 and (metrics["seed"] == metrics["seed"].iloc[0]).all()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--set", "steps=0"], "config field 'steps' must be >= 1 (got 0)"),
        (["--set", "nonsense"], "--set must look like key.path=value"),
        (["--set", "jobs.passing=loud"], "config field 'jobs.passing'"),
    ],
)
def test_bad_flags_exit_2_and_leave_previous_results_alone(tmp_path, capsys, args, message):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("earlier results")
    assert main(["run", str(tiny(tmp_path)), "--out", str(out), *args]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err
    assert (out / "keep.txt").read_text() == "earlier results"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "tiny.yaml"]


def test_out_path_that_is_a_file_is_refused(tmp_path, capsys):
    target = tmp_path / "file.txt"
    target.write_text("x")
    assert main(["run", str(tiny(tmp_path)), "--out", str(target)]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert target.read_text() == "x"


def test_unknown_subcommand_exits_2():
    with pytest.raises(SystemExit) as info:
        main(["frobnicate"])
    assert info.value.code == 2


def test_quickstart_config_runs(tmp_path):
    out = tmp_path / "qs"
    assert (
        main(["run", str(ROOT / "configs/quickstart.yaml"), "--out", str(out), "--set", "steps=10"])
        == 0
    )
    summary = pd.read_parquet(out / "summary.parquet")
    assert list(summary["graph.weak_tie_density"]) == [0.0, 1.0, 3.0]


def _cluster_that_shuts_down_slowly(seen, capsys, interrupt=False):
    """A stand-in for ``dask_executor``: no executor (runs in this process), and on shutting
    down it notes what was printed so far, then (``interrupt``) is interrupted by Ctrl-C."""
    from contextlib import contextmanager

    @contextmanager
    def cluster(address, workers):
        yield None
        seen.append(capsys.readouterr())
        if interrupt:
            raise KeyboardInterrupt

    return cluster


@pytest.mark.parametrize("interrupt", [False, True])
def test_the_summary_is_printed_before_a_dask_cluster_shuts_down(
    tmp_path, capsys, monkeypatch, interrupt
):
    """A local cluster takes seconds to shut down: the summary comes first, and Ctrl-C then
    says the results are complete (exit 130), not that runs were lost."""
    from tiesim.runner import executors

    seen = []
    cluster = _cluster_that_shuts_down_slowly(seen, capsys, interrupt)
    monkeypatch.setattr(executors, "dask_executor", cluster)
    args = ["run", str(tiny(tmp_path)), "--out", str(tmp_path / "out"), "--quiet"]
    code = main([*args, "--executor", "dask", "--scheduler", "local", "--workers", "1"])
    assert "final-window means" in seen[0].out
    err = capsys.readouterr().err.strip()
    if interrupt:
        assert code == 130
        assert err == (
            "tiesim: interrupted while the Dask cluster shut down; every run and table was "
            "already stored"
        )
    else:
        assert code == 0 and err == ""
    assert (tmp_path / "out" / "summary.csv").is_file()
