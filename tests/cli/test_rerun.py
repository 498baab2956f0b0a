"""``tiesim rerun DIR RUN_ID``: the documented way to repeat one run really repeats it."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from sweep_helpers import tiny_config
from tiesim.cli import main
from tiesim.model.metrics import RECENT_DIVERSITY_COLUMNS
from tiesim.model.records import INFORMATION_AGENT_COLUMNS
from tiesim.runner import checksums, provenance
from tiesim.runner.reproduce import compare_tables
from tiesim.runner.store import LATER_COLUMNS


@pytest.fixture
def folder(tmp_path):
    """A finished 2-point x 2-replicate sweep."""
    config = tmp_path / "tiny.yaml"
    data = tiny_config(grid={"graph.weak_tie_density": [0.0, 2.0]}, replicates=2)
    config.write_text(json.dumps(data))  # JSON is YAML
    out = tmp_path / "out"
    assert main(["run", str(config), "--out", str(out), "--workers", "2", "--quiet"]) == 0
    return out


def reseal(run: Path, **changes) -> None:
    """Record ``run``'s files as stored (as code that computed them differently would have)."""
    record = checksums.without_checksums(json.loads((run / "run.json").read_text()))
    record = checksums.sealed_record(run, {**record, **changes})
    (run / "run.json").write_text(json.dumps(record))


def test_rerun_repeats_a_stored_run_exactly(folder, capsys):
    capsys.readouterr()
    assert main(["rerun", str(folder), "p0001-r0001"]) == 0
    out = capsys.readouterr().out
    assert "p0001-r0001 (seed " in out and "graph.weak_tie_density=2.0" in out
    assert "identical to the stored run" in out


def test_rerun_writes_the_fresh_tables_with_out(folder, tmp_path, capsys):
    fresh = tmp_path / "fresh"
    assert main(["rerun", str(folder), "p0000-r0001", "--out", str(fresh)]) == 0
    for name in ("metrics", "hires", "trends", "summary"):
        stored = pd.read_parquet(folder / "runs" / "p0000-r0001" / f"{name}.parquet")
        pd.testing.assert_frame_equal(pd.read_parquet(fresh / f"{name}.parquet"), stored)
    capsys.readouterr()
    assert main(["rerun", str(folder), "p0000-r0001", "--out", str(fresh)]) == 2
    assert "is not an empty folder" in capsys.readouterr().err


def test_rerun_says_which_table_and_column_differ(folder, capsys):
    path = folder / "runs" / "p0001-r0000" / "metrics.parquet"
    metrics = pd.read_parquet(path)
    metrics.loc[3, "employment_rate"] += 0.125
    metrics.to_parquet(path, index=False)
    reseal(path.parent)
    capsys.readouterr()
    assert main(["rerun", str(folder), "p0001-r0000"]) == 1
    out = capsys.readouterr().out
    assert "differs from the stored run: metrics, column employment_rate: row 3 differs" in out


def test_rerun_notes_a_stored_run_made_by_other_code(folder, capsys, monkeypatch):
    path = folder / "runs" / "p0000-r0000" / "hires.parquet"
    pd.read_parquet(path).iloc[:-1].to_parquet(path, index=False)
    reseal(path.parent, tiesim="0.0.9", git={"commit": "a" * 40, "dirty": False})
    monkeypatch.setattr(
        provenance, "code_version", lambda: {"tiesim": "0.1.0", "git": {"commit": "b" * 40}}
    )
    assert main(["rerun", str(folder), "p0000-r0000"]) == 1
    out = capsys.readouterr().out
    assert "hires, " in out and "rows stored" in out
    assert "stored by tiesim 0.0.9 commit aaaaaaaaaa, now tiesim 0.1.0 commit bbbbbbbbbb" in out


@pytest.mark.parametrize(
    ("run_id", "message"),
    [
        ("p0002-r0000", "no run 'p0002-r0000'"),
        ("run7", "run ids look like p<point>-r<replicate>, here p0000-r0000 to p0001-r0001"),
    ],
)
def test_an_unknown_run_id_is_one_line_exit_2(folder, capsys, run_id, message):
    capsys.readouterr()
    assert main(["rerun", str(folder), run_id]) == 2
    err = capsys.readouterr().err.strip()
    assert message in err and "\n" not in err


def test_a_run_that_is_not_stored_cannot_be_compared(folder, capsys):
    for path in (folder / "runs" / "p0000-r0000").iterdir():
        path.unlink()
    (folder / "runs" / "p0000-r0000").rmdir()
    assert main(["rerun", str(folder), "p0000-r0000"]) == 2
    assert "is not stored" in capsys.readouterr().err


def test_an_edited_config_yaml_is_refused(folder, capsys):
    path = folder / "config.yaml"
    path.write_text(path.read_text().replace("steps: 8", "steps: 9"))
    assert main(["rerun", str(folder), "p0000-r0000"]) == 2
    assert "does not match the config hash" in capsys.readouterr().err


def test_compare_tables_names_the_first_difference():
    a = pd.DataFrame({"x": [1.0, float("nan")], "y": [[1, 2], [3]]})
    assert compare_tables(a, a.copy()) is None
    assert compare_tables(a, a[["y", "x"]]) == "columns are in a different order"
    assert "only now: ['z']" in compare_tables(a, a.assign(z=1))
    assert compare_tables(a, a.iloc[:1]) == "2 rows stored, 1 now"
    assert compare_tables(a, a.assign(x=[1, 2])).startswith("column x: type float64")
    changed = a.assign(y=[[1, 2], [4]])
    assert compare_tables(a, changed) == "column y: row 1 differs (stored [3], now [4])"


def store_as_before(run: Path) -> None:
    """Make a stored run look as if stored before the ``LATER_COLUMNS`` existed."""
    for name, columns in LATER_COLUMNS.items():
        path = run / f"{name}.parquet"
        table = pd.read_parquet(path)
        table.drop(columns=[c for c in columns if c in table]).to_parquet(path, index=False)
    reseal(run)


def test_the_later_columns_are_the_new_metrics_agent_and_trend_columns():
    assert LATER_COLUMNS == {
        "metrics": RECENT_DIVERSITY_COLUMNS,
        "summary": RECENT_DIVERSITY_COLUMNS,
        "agents": INFORMATION_AGENT_COLUMNS,
        "trends": ("topic",),
    }


def test_a_run_stored_before_later_columns_reruns_as_identical(folder, capsys):
    store_as_before(folder / "runs" / "p0000-r0000")
    assert main(["report", str(folder)]) == 0  # combined tables: empty there for that run
    assert pd.read_parquet(folder / "runs.parquet")["news_diversity"].isna().tolist() == [
        True,
        False,
        False,
        False,
    ]
    capsys.readouterr()
    assert main(["rerun", str(folder), "p0000-r0000"]) == 0
    out = capsys.readouterr().out
    assert "identical to the stored run" in out
    assert (
        "not compared, added to tiesim after the run was stored: metrics.news_diversity, "
        "metrics.trend_diversity, agents.novel_items, agents.topics_heard, "
        "agents.topic_diversity, agents.bandwidth, agents.effective_size, agents.constraint, "
        "summary.news_diversity, summary.trend_diversity" in out
    )
    assert main(["rerun", str(folder), "p0001-r0001"]) == 0  # one that has them compares them
    out = capsys.readouterr().out
    assert "identical to the stored run" in out and "not compared" not in out


def test_an_edited_value_of_a_run_stored_before_later_columns_still_differs(folder, capsys):
    run = folder / "runs" / "p0001-r0000"
    store_as_before(run)
    path = run / "metrics.parquet"
    metrics = pd.read_parquet(path)
    metrics.loc[5, "information_diversity"] += 0.5
    metrics.to_parquet(path, index=False)
    reseal(run)
    assert main(["report", str(folder)]) == 0
    capsys.readouterr()
    assert main(["rerun", str(folder), "p0001-r0000"]) == 1
    out = capsys.readouterr().out
    assert "differs from the stored run: metrics, column information_diversity: row 5" in out


def test_only_the_declared_later_columns_may_be_missing_from_a_stored_run(folder, capsys):
    run = folder / "runs" / "p0000-r0001"
    path = run / "metrics.parquet"
    pd.read_parquet(path).drop(columns=["employment_inequality"]).to_parquet(path, index=False)
    reseal(run)
    capsys.readouterr()
    assert main(["rerun", str(folder), "p0000-r0001"]) == 1
    out = capsys.readouterr().out
    assert "metrics, columns differ (only stored: none; only now: ['employment_inequality'])" in out


def test_combined_rows_of_a_run_without_later_columns_must_leave_them_empty(folder, capsys):
    store_as_before(folder / "runs" / "p0001-r0001")  # the combined tables still have them
    capsys.readouterr()
    assert main(["rerun", str(folder), "p0001-r0001"]) == 1
    out = capsys.readouterr().out
    assert "the combined table metrics.parquet (its rows of this run), column news_diversity" in out
    assert "which the stored run does not have" in out


def test_a_run_with_topics_stored_before_the_topic_column_reruns_as_identical(tmp_path, capsys):
    """The trends table names each item's topic (with topics on) since 2026-12-01; a run
    stored before that reruns as identical, with the column named as not compared."""
    config = tmp_path / "topics.yaml"
    data = tiny_config(replicates=1)
    data["trends"] = {"rate": 0.5, "topics_per_community": 2}
    config.write_text(json.dumps(data))
    out = tmp_path / "out"
    assert main(["run", str(config), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    run = out / "runs" / "p0000-r0000"
    assert pd.read_parquet(run / "trends.parquet")["topic"].between(0, 99).all()
    store_as_before(run)
    assert main(["report", str(out)]) == 0
    capsys.readouterr()
    assert main(["rerun", str(out), "p0000-r0000"]) == 0
    said = capsys.readouterr().out
    assert "identical to the stored run" in said and "trends.topic" in said
