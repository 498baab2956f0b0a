"""Stored runs carry the SHA-256 of every file and of their ``run.json``: a flipped bit or an
edited value is refused in one line as changed, never read as data; ``rerun`` compares every
table of the run, its leading columns and its rows in the combined tables."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from sweep_helpers import tiny_config
from tiesim.cli import main

RUN = "p0001-r0002"


@pytest.fixture(scope="module")
def stored(tmp_path_factory) -> Path:
    """A finished 2-point x 3-replicate sweep, made once; tests work on copies."""
    root = tmp_path_factory.mktemp("stored")
    config = root / "tiny.yaml"
    config.write_text(json.dumps(tiny_config()))
    out = root / "out"
    assert main(["run", str(config), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    return out


@pytest.fixture
def folder(stored, tmp_path) -> Path:
    return Path(shutil.copytree(stored, tmp_path / "out"))


def command(folder: Path, name: str) -> list[str]:
    return {
        "report": ["report", str(folder)],
        "run": ["run", str(folder / "config.yaml"), "--out", str(folder), "--quiet"],
        "rerun": ["rerun", str(folder), RUN],
    }[name]


def refused(capsys, args: list[str]) -> str:
    capsys.readouterr()
    code = main(args)
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert err.startswith("tiesim: error: ") and "\n" not in err and "Traceback" not in err
    return err


def legacy(run: Path) -> None:
    """Make ``run`` look stored by a tiesim that recorded no checksums."""
    from tiesim.runner import checksums

    record = json.loads((run / "run.json").read_text())
    (run / "run.json").write_text(json.dumps(checksums.without_checksums(record)))


def test_every_file_of_a_run_and_its_record_are_checksummed(stored):
    from tiesim.runner import checksums

    run = stored / "runs" / RUN
    record = json.loads((run / "run.json").read_text())
    names = sorted(p.name for p in run.iterdir() if p.name != "run.json")
    assert sorted(record["files"]) == names == [f"{t}.parquet" for t in sorted(TABLES)]
    for name in names:
        assert record["files"][name] == checksums.file_digest(run / name)
    assert checksums.check_record(record) is None
    manifest = json.loads((stored / "manifest.json").read_text())
    assert "files" not in manifest["runs"][RUN] and "sha256" not in manifest["runs"][RUN]


TABLES = ("metrics", "hires", "trends", "ties", "agents", "summary")


def test_random_bit_flips_are_refused_as_changed(folder, capsys):
    rng = random.Random(5)
    files = [*(f"{t}.parquet" for t in TABLES), "run.json"]
    for i in range(9):
        path = folder / "runs" / RUN / rng.choice(files)
        original = path.read_bytes()
        damaged = bytearray(original)
        at = rng.randrange(len(damaged))
        damaged[at] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(damaged))
        err = refused(capsys, command(folder, ("report", "run", "rerun")[i % 3]))
        assert f"stored run '{path.parent}' cannot be read ({path.name}:" in err
        path.write_bytes(original)


@pytest.mark.parametrize("name", ["report", "run", "rerun"])
def test_a_value_edited_in_valid_parquet_is_refused_as_changed(folder, capsys, name):
    path = folder / "runs" / RUN / "summary.parquet"
    summary = pd.read_parquet(path)
    summary.loc[0, "employment_rate"] = 0.5
    summary.to_parquet(path, index=False)
    err = refused(capsys, command(folder, name))
    assert "(summary.parquet: its SHA-256 differs from the one in run.json" in err


def test_an_edited_run_record_is_refused_as_changed(folder, capsys):
    path = folder / "runs" / RUN / "run.json"
    record = json.loads(path.read_text())
    record["seconds"] = 0.001
    path.write_text(json.dumps(record))
    err = refused(capsys, command(folder, "rerun"))
    assert "(run.json: its SHA-256 differs from the one recorded in it" in err


@pytest.mark.parametrize(
    ("table", "column", "expected"),
    [
        ("summary", "employment_rate", "summary, column employment_rate: row 0"),
        ("metrics", "seed", "metrics, column seed: row 0 differs"),
        ("metrics", "graph.weak_tie_density", "metrics, column graph.weak_tie_density: row 0"),
        ("summary", "point", "summary, column point: row 0 differs"),
    ],
)
def test_rerun_catches_edits_to_any_table_of_an_unchecksummed_run(
    folder, capsys, table, column, expected
):
    run = folder / "runs" / RUN
    legacy(run)
    path = run / f"{table}.parquet"
    frame = pd.read_parquet(path)
    frame[column] = frame[column] + 1
    frame.to_parquet(path, index=False)
    capsys.readouterr()
    assert main(command(folder, "rerun")) == 1
    assert expected in capsys.readouterr().out


@pytest.mark.parametrize(("table", "column"), [("metrics", "employment_rate"), ("runs", "seed")])
def test_rerun_catches_edits_to_the_combined_tables(folder, capsys, table, column):
    path = folder / f"{table}.parquet"
    frame = pd.read_parquet(path)
    frame.loc[frame["run_id"] == RUN, column] += 1
    frame.to_parquet(path, index=False)
    capsys.readouterr()
    assert main(command(folder, "rerun")) == 1
    out = capsys.readouterr().out
    assert f"the combined table {table}.parquet (its rows of this run), column {column}" in out
    assert main(command(folder, "report")) == 0  # which rebuilds it
    capsys.readouterr()
    assert main(command(folder, "rerun")) == 0


def test_broken_parquet_metadata_of_an_unchecksummed_run_is_one_line(folder, capsys):
    run = folder / "runs" / RUN
    legacy(run)
    table = pq.read_table(run / "metrics.parquet")
    pq.write_table(table.replace_schema_metadata({b"pandas": b"{broken"}), run / "metrics.parquet")
    for name in ("report", "rerun"):
        err = refused(capsys, command(folder, name))
        assert "(metrics.parquet:" in err


def test_a_run_identical_to_its_stored_self_is_identical(folder, capsys):
    capsys.readouterr()
    assert main(command(folder, "rerun")) == 0
    assert "identical to the stored run" in capsys.readouterr().out
