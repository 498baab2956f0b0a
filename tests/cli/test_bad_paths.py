"""Paths no file system can hold, or that go through a file: one line, exit 2, nothing
written; and ``~`` is the home folder everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cli_helpers import one_line_error
from sweep_helpers import tiny_config
from tiesim.cli import main

LONG = "x" * 300


def results_args(tmp_path: Path) -> dict[str, list[str]]:
    """Command lines whose paths are unusable, by the name of the path at fault."""
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(tiny_config(grid={"graph.weak_tie_density": [1.0]})))
    afile = tmp_path / "afile"
    afile.write_text("not a folder")
    c = str(config)
    return {
        "outputs.dir too long": ["run", c, "--set", f"outputs.dir={LONG}"],
        "outputs.dir NUL": ["run", c, "--set", 'outputs.dir="\\0"'],
        "outputs.dir through a file": ["run", c, "--set", f"outputs.dir={afile}/x"],
        "--out too long": ["run", c, "--out", LONG],
        "--out through a file": ["run", c, "--out", f"{afile}/x"],
        "--out is a file": ["run", c, "--out", str(afile)],
        "config path too long": ["validate", f"{LONG}.yaml"],
        "config path through a file": ["validate", f"{afile}/x.yaml"],
        "validate --out too long": ["validate", c, "--out", LONG],
        "validate --out through a file": ["validate", c, "--out", f"{afile}/x"],
        "report too long": ["report", LONG],
        "report through a file": ["report", f"{afile}/x"],
        "rerun too long": ["rerun", LONG, "p0000-r0000"],
        "rerun --out too long": ["rerun", str(tmp_path / "stored"), "p0000-r0000", "--out", LONG],
        "rerun --out through a file": [
            "rerun",
            str(tmp_path / "stored"),
            "p0000-r0000",
            "--out",
            f"{afile}/x",
        ],
        "path too long in total": ["run", c, "--out", "/".join(["y" * 200] * 30)],
    }


REASONS = ("bytes", "NUL character", "not a folder", "does not exist", "is not a folder")
PATH_CASES = [
    "outputs.dir too long",
    "outputs.dir NUL",
    "outputs.dir through a file",
    "--out too long",
    "--out through a file",
    "--out is a file",
    "config path too long",
    "config path through a file",
    "validate --out too long",
    "validate --out through a file",
    "report too long",
    "report through a file",
    "rerun too long",
    "rerun --out too long",
    "rerun --out through a file",
    "path too long in total",
]


@pytest.mark.parametrize("case", PATH_CASES)
def test_unusable_paths_are_one_line_exit_2_and_nothing_is_written(
    tmp_path, capsys, monkeypatch, case
):
    monkeypatch.chdir(tmp_path)
    if case.startswith("rerun --out"):
        stored = tmp_path / "stored"
        config = tmp_path / "s.yaml"
        config.write_text(json.dumps(tiny_config(grid={"graph.weak_tie_density": [1.0]})))
        assert main(["run", str(config), "--out", str(stored), "--quiet"]) == 0
        capsys.readouterr()
    args = results_args(tmp_path)[case]
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    err = one_line_error(capsys, main(args))
    assert any(reason in err for reason in REASONS), err
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_a_tilde_means_the_home_folder_everywhere(tmp_path, capsys, monkeypatch):
    home, work = tmp_path / "home", tmp_path / "work"
    home.mkdir()
    work.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    (home / "c.yaml").write_text(json.dumps(tiny_config(grid={"graph.weak_tie_density": [1.0]})))
    assert main(["run", "~/c.yaml", "--out", "~/x", "--quiet"]) == 0
    assert (home / "x" / "runs.parquet").is_file()
    assert main(["run", "~/c.yaml", "--set", "outputs.dir=~/res", "--quiet"]) == 0
    assert (home / "res" / "tiny" / "runs.parquet").is_file()
    assert main(["report", "~/x"]) == 0
    assert main(["rerun", "~/x", "p0000-r0000", "--out", "~/again"]) == 0
    assert (home / "again" / "metrics.parquet").is_file()
    capsys.readouterr()
    assert main(["validate", "~/c.yaml", "--out", "~/x"]) == 0
    assert "holds 1 of 1 runs" in capsys.readouterr().out
    assert list(work.iterdir()) == []  # no ./~ folder
