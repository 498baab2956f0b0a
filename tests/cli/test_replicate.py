"""``tiesim replicate``: the list, one replication's files, every verdict, and bad input."""

from __future__ import annotations

import pandas as pd
import pytest

from cli_helpers import one_line_error
from tiesim.cli import main
from tiesim.replications import REPLICATIONS

FIGURES = ("figure.png", "figure.svg", "figure.pdf")
TABLES = ("table.txt", "table.md", "table.csv", "data.csv")
VERDICTS = {"reproduced", "qualitatively", "not reproduced"}


def test_without_a_name_it_lists_the_replications(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["replicate"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines[: len(REPLICATIONS)]] == list(REPLICATIONS)
    assert "experiments/replications/NAME.md" in lines[-1]
    assert not any(tmp_path.iterdir())  # listing writes nothing


def test_one_quick_replication_prints_its_table_and_writes_its_files(capsys, tmp_path):
    out = tmp_path / "ws"
    assert main(["replicate", "watts_strogatz", "--quick", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("watts_strogatz: Watts & Strogatz (1998)")
    assert "quick: small runs" in printed and f"files: {out}/" in printed
    for name in TABLES + FIGURES:
        assert (out / name).stat().st_size > 100, name
    table = pd.read_csv(out / "table.csv")
    assert set(table["verdict"]) <= VERDICTS and len(table) >= 3
    assert table["source"].str.contains("Watts & Strogatz 1998").all()
    assert table[["model", "ci_low", "ci_high"]].notna().any(axis=None)


@pytest.mark.slow
def test_all_quick_prints_one_verdict_table(quick_replications):
    assert quick_replications.code == 0
    printed, tmp_path = quick_replications.printed, quick_replications.folder
    assert "verdicts (--quick: small runs, looser verdicts):" in printed
    table = pd.read_csv(tmp_path / "verdicts.csv")
    assert list(dict.fromkeys(table["replication"])) == list(REPLICATIONS)
    assert set(table["verdict"]) <= VERDICTS
    assert table.groupby("replication").size().min() >= 3
    for name in REPLICATIONS:
        assert all((tmp_path / name / f).is_file() for f in TABLES + FIGURES), name
        assert f"{name}: " in printed


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["nope"], "no replication named 'nope'; choose one of watts_strogatz"),
        (["watts_strogatz", "--all"], "give a NAME or --all, not both"),
        (["--quick"], "--out and --quick need a NAME or --all"),
        (["watts_strogatz", "--out", ""], "--out '': a path cannot be empty"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args, message, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    err = one_line_error(capsys, main(["replicate", *args]))
    assert message in err
    assert not any(tmp_path.iterdir())  # nothing written, not even the default folder


def test_an_out_folder_below_a_file_is_refused_before_anything_runs(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    for args in (["watts_strogatz"], ["--all"]):
        err = one_line_error(capsys, main(["replicate", *args, "--out", str(blocker / "sub")]))
        assert "is not a folder" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file"]
