"""Combined tables written by streaming: the same rows as concatenating the runs in pandas,
whole runs per row group, the big tables read only when asked for, and outcomes not kept."""

from __future__ import annotations

import gc
import weakref
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pyarrow.parquet as pq
import pytest

from sweep_helpers import TABLES, _lists, tiny_config
from tiesim.analysis.plots import StepMeans
from tiesim.config import validate_config
from tiesim.runner import combine
from tiesim.runner.executors import iter_outcomes
from tiesim.runner.experiment import run
from tiesim.runner.plan import plan_runs
from tiesim.runner.store import RUN_TABLES, ResultsFolder, concat


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("combine") / "tiny"
    run(tiny_config(), out=out, workers=1)
    return out


def pandas_concat(out, name):
    """The combined table as concatenating every run's stored table in pandas gives it."""
    stored = ResultsFolder(out)
    specs = plan_runs(validate_config(tiny_config()))
    frames = [stored.read_table(s.run_id, name) for s in specs]
    return concat(frames)


@pytest.mark.parametrize("name", RUN_TABLES)
def test_combined_tables_equal_the_runs_concatenated_in_plan_order(folder, name):
    combined = pd.read_parquet(folder / f"{combine.COMBINED_NAME[name]}.parquet")
    expected = pandas_concat(folder, name)
    pd.testing.assert_frame_equal(_lists(combined), _lists(expected), check_exact=True)


def test_types_widen_and_missing_columns_fill_with_nulls_as_in_pandas(tmp_path):
    stored = ResultsFolder(tmp_path)
    runs = [
        pd.DataFrame({"run_id": ["a", "a"], "x": [1, 2], "flag": [True, False]}),
        pd.DataFrame({"run_id": ["b"], "x": [0.5], "extra": ["new"], "flag": [True]}),
        pd.DataFrame({"run_id": pd.Series([], dtype=object), "x": pd.Series([], dtype=object)}),
        pd.DataFrame({"run_id": ["d"], "x": [7], "flag": [False]}),
    ]
    for run_id, frame in zip("abcd", runs, strict=True):
        folder = stored.runs / run_id
        folder.mkdir(parents=True)
        frame.to_parquet(folder / "metrics.parquet", index=False)
        (folder / "run.json").write_text("{}")
    path = tmp_path / "metrics.parquet"
    rows = combine._write_combined(stored, list("abcd"), "metrics", path, None)
    expected = concat(runs)
    assert rows == len(expected) == 4
    got = pd.read_parquet(path)
    assert list(got.columns) == list(expected.columns) == ["run_id", "x", "extra", "flag"]
    pd.testing.assert_series_equal(got["x"], expected["x"])  # int and float: float
    assert got["extra"].tolist()[2] == "new" and got["extra"].isna().sum() == 3
    assert got["flag"].tolist() == [True, False, True, False]


def test_row_groups_never_split_a_run(folder, monkeypatch, tmp_path):
    monkeypatch.setattr(combine, "GROUP_ROWS", 20)  # a few runs of 8 steps per group
    stored = ResultsFolder(folder)
    run_ids = sorted(stored.completed())
    path = tmp_path / "metrics.parquet"
    combine._write_combined(stored, run_ids, "metrics", path, None)
    source = pq.ParquetFile(path)
    assert source.num_row_groups == 2  # 6 runs of 8 rows: 24 and 24
    seen: set[str] = set()
    for group in range(source.num_row_groups):
        ids = set(source.read_row_group(group, columns=["run_id"])["run_id"].to_pylist())
        assert not ids & seen
        seen |= ids
    assert seen == set(run_ids)
    only = pd.read_parquet(path, filters=[("point", "==", 1)])
    assert set(only["point"]) == {1} and len(only) == 24


def test_a_folder_result_reads_its_big_tables_only_when_asked(folder):
    result = run(tiny_config(), out=folder, workers=1)  # every run stored: nothing runs
    assert result.tables == {} and len(result.runs) == 6
    for name in ("metrics", "hires", "trends", "ties", "agents"):
        pd.testing.assert_frame_equal(
            getattr(result, name), pd.read_parquet(folder / f"{name}.parquet")
        )
    assert set(result.tables) == {"metrics", "hires", "trends", "ties", "agents"}


def test_in_memory_results_hold_the_same_tables(folder):
    result = run(tiny_config(), write=False, workers=1)
    for name in TABLES:
        if name not in ("runs", "summary"):
            on_disk = pd.read_parquet(folder / f"{name}.parquet")
            pd.testing.assert_frame_equal(_lists(getattr(result, name)), _lists(on_disk))


def test_step_means_pooled_or_by_point_match_a_groupby(folder):
    metrics = pd.read_parquet(folder / "metrics.parquet")
    by = ["graph.weak_tie_density"]
    means = StepMeans(by)
    for _, one_run in metrics.groupby("run_id", sort=False):
        means.add(one_run)
    columns = list(means.groups()[(0.0,)].columns)
    assert "employment_rate" in columns
    for key, group in metrics.groupby(by):
        expected = group.groupby("step")[columns].mean()
        pd.testing.assert_frame_equal(means.groups()[key], expected, check_exact=False)
    pooled = metrics.groupby("step")[columns].mean()
    pd.testing.assert_frame_equal(means.groups(split=False)[()], pooled, check_exact=False)


def test_outcomes_are_not_kept_once_handed_over():
    config = validate_config(tiny_config())
    specs = plan_runs(config)
    alive = []
    with ThreadPoolExecutor(2) as pool:
        for outcome in iter_outcomes(config, specs, executor=pool):
            alive.append(weakref.ref(outcome))
            del outcome
            gc.collect()
            assert sum(ref() is not None for ref in alive) <= 1  # at most the latest, in hand
    assert len(alive) == len(specs)


def test_csv_copies_have_one_number_format_across_batches(tmp_path, monkeypatch):
    # an integer column some runs lack is a float column throughout, in Parquet and CSV
    monkeypatch.setattr(combine, "CSV_ROWS", 2)
    stored = ResultsFolder(tmp_path)
    runs = [pd.DataFrame({"x": [1, 2]}), pd.DataFrame({"x": [3, 4], "n": [5, 6]})]
    for run_id, frame in zip("ab", runs, strict=True):
        (stored.runs / run_id).mkdir(parents=True)
        frame.to_parquet(stored.runs / run_id / "metrics.parquet", index=False)
        (stored.runs / run_id / "run.json").write_text("{}")
    path = tmp_path / "metrics.parquet"
    combine._write_combined(stored, ["a", "b"], "metrics", path, None)
    combine.write_csv_copy(path, tmp_path / "metrics.csv")
    expected = concat(runs)
    assert (tmp_path / "metrics.csv").read_text() == expected.to_csv(index=False)
    pd.testing.assert_frame_equal(pd.read_parquet(path), expected)


def test_an_unreadable_run_leaves_every_combined_table_as_it_was(folder, tmp_path):
    import shutil

    from tiesim.errors import TiesimError
    from tiesim.runner.experiment import rebuild

    copy = tmp_path / "copy"
    shutil.copytree(folder, copy)
    before = {p.name: p.read_bytes() for p in copy.glob("*.parquet")}
    last = sorted((copy / "runs").iterdir())[-1]
    (last / "agents.parquet").write_bytes(b"not parquet")
    with pytest.raises(TiesimError, match=r"agents\.parquet"):
        rebuild(copy)
    assert {p.name: p.read_bytes() for p in copy.glob("*.parquet")} == before
    assert not list(copy.glob(".*tmp*"))


def test_a_result_whose_folder_is_gone_says_so_in_one_line(tmp_path):
    import shutil

    from tiesim.errors import TiesimError

    out = tmp_path / "tiny"
    result = run(tiny_config(), out=out, workers=1)
    shutil.rmtree(out)
    with pytest.raises(TiesimError, match="cannot read the combined table") as error:
        _ = result.hires
    assert "\n" not in str(error.value)
