"""Execution: the same numbers on 1 or 2 workers, any executor, Dask, and in memory."""

from __future__ import annotations

import multiprocessing
import random
import sys
import weakref
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

from sweep_helpers import EVERY_TABLE, TABLES, assert_same_tables, read_tables, tiny_config
from tiesim.cli import main
from tiesim.runner.experiment import run


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """The reference: every run in this process, one after another."""
    out = tmp_path_factory.mktemp("serial") / "tiny"
    run(tiny_config(), out=out, workers=1)
    return out


def test_two_workers_give_identical_tables(serial, tmp_path):
    out = tmp_path / "tiny"
    result = run(tiny_config(), out=out, workers=2)
    assert_same_tables(serial, out)
    assert len(result.runs) == 6 and result.failed.empty
    runs = read_tables(out)["runs"]
    assert list(runs["run_id"]) == sorted(runs["run_id"])  # plan order, not finishing order


def test_seed_is_recorded_in_every_row(serial):
    tables = read_tables(serial)
    seeds = dict(zip(tables["runs"]["run_id"], tables["runs"]["seed"], strict=True))
    for name in ("metrics", "hires", "trends"):
        frame = tables[name]
        assert len(frame) and frame["seed"].map(type).eq(int).all()
        assert (frame["run_id"].map(seeds) == frame["seed"]).all()


def test_any_executor_through_the_python_api(serial, tmp_path):
    with ThreadPoolExecutor(max_workers=3) as pool:
        run(tiny_config(), out=tmp_path / "tiny", executor=pool)
        assert not pool._shutdown  # the caller's executor is left running
    assert_same_tables(serial, tmp_path / "tiny")


def test_an_executor_s_finished_runs_are_let_go():
    # a Dask worker keeps a result while its future is held: every run's, until the sweep ended
    from tiesim.config import validate_config
    from tiesim.runner.executors import iter_outcomes
    from tiesim.runner.plan import check_design, iter_specs

    futures = []

    class Recording(ThreadPoolExecutor):
        def submit(self, fn, /, *args, **kwargs):
            future = super().submit(fn, *args, **kwargs)
            futures.append(weakref.ref(future))
            return future

    config = validate_config(tiny_config())
    specs = list(iter_specs(config, check_design(config).points))
    with Recording(max_workers=2) as pool:
        for done, _ in enumerate(iter_outcomes(config, specs, executor=pool), 1):
            assert sum(ref() is None for ref in futures) == done
    assert done == len(specs) == 6


def test_in_memory_result_matches_the_written_tables(serial):
    result = run(tiny_config(), write=False, workers=1)
    assert_same_tables(serial, {name: getattr(result, name) for name in TABLES})
    assert result.out_dir is None and result.run_seconds > 0


def test_dask_local_cluster(serial, tmp_path, capsys):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=1,
        processes=False,
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},  # not 8787: it may be taken
        silence_logs=50,
    ) as cluster:
        out = tmp_path / "tiny"
        config = tmp_path / "tiny.yaml"
        config.write_text(pd.io.json.ujson_dumps(tiny_config()))  # JSON is YAML
        code = main(
            [
                "run",
                str(config),
                "--out",
                str(out),
                "--executor",
                "dask",
                "--scheduler",
                cluster.scheduler_address,
                "--quiet",
            ]
        )
    assert code == 0, capsys.readouterr().err
    assert_same_tables(serial, out)


def test_dask_local_cluster_started_from_the_cli(serial, tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    from tiesim.runner.executors import LocalDaskCluster

    started = []
    start = LocalDaskCluster._start

    def recording_start(self):
        executor = start(self)
        started.append((self.cluster.processes, len(self.client.scheduler_info()["workers"])))
        return executor

    monkeypatch.setattr(LocalDaskCluster, "_start", recording_start)
    config = tmp_path / "tiny.yaml"
    config.write_text(pd.io.json.ujson_dumps(tiny_config()))
    out = tmp_path / "tiny"
    args = ["run", str(config), "--out", str(out), "--executor", "dask", "--scheduler", "local"]
    assert main([*args, "--workers", "2", "--quiet"]) == 0, capsys.readouterr().err
    assert capsys.readouterr().err == ""  # no Dask log lines
    assert started == [(True, 2)]  # two worker processes
    assert not multiprocessing.active_children()  # and they are gone
    pool = tmp_path / "pool"
    run(tiny_config(), out=pool, workers=2)
    assert_same_tables(serial, out, EVERY_TABLE)
    assert_same_tables(pool, out, EVERY_TABLE)
    assert main([*args, "--quiet"]) == 0  # all stored: no cluster is started
    assert len(started) == 1


def test_dask_local_cluster_keeps_the_memory_check(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("tiesim.runner.preflight.available_memory", lambda: 1000)
    config = tmp_path / "tiny.yaml"
    config.write_text(pd.io.json.ujson_dumps(tiny_config()))
    args = ["run", str(config), "--out", str(tmp_path / "o"), "--executor", "dask"]
    assert main([*args, "--scheduler", "local"]) == 2
    err = capsys.readouterr().err.strip()
    assert "a run needs at least" in err and "\n" not in err
    assert not (tmp_path / "o").exists() and not multiprocessing.active_children()


def test_dask_local_cluster_without_distributed_is_a_one_line_error(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    config = tmp_path / "tiny.yaml"
    config.write_text(pd.io.json.ujson_dumps(tiny_config()))
    args = ["run", str(config), "--out", str(tmp_path / "o"), "--executor", "dask"]
    assert main([*args, "--scheduler", "local"]) == 2
    err = capsys.readouterr().err.strip()
    assert err == "tiesim: error: --executor dask needs the dask extra (pip install 'tiesim[dask]')"
    assert not (tmp_path / "o").exists()


def test_dask_s_errors_for_abandoned_results_are_dropped_and_no_others():
    import logging

    from tiesim.runner.executors import _AbandonedResult

    class CommClosedError(OSError):
        pass

    def _cascade_future(error):  # where distributed's executor forwards a result
        raise error

    def record(error, where):
        try:
            where(error)
        except Exception as exc:
            info = (type(exc), exc, exc.__traceback__)
        return logging.LogRecord("tornado.application", 40, "", 0, "x", (), info)

    def elsewhere(error):
        raise error

    quiet = _AbandonedResult()
    assert not quiet.filter(record(CommClosedError("closed"), _cascade_future))
    assert quiet.filter(record(CommClosedError("closed"), elsewhere))
    assert quiet.filter(record(ValueError("a real bug"), _cascade_future))


def test_interrupts_ignored_restores_the_handler():
    import signal

    from tiesim.runner.executors import interrupts_ignored

    before = signal.getsignal(signal.SIGINT)
    with interrupts_ignored():
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    assert signal.getsignal(signal.SIGINT) is before


def test_unreachable_scheduler_is_a_one_line_error(tmp_path, capsys, monkeypatch):
    pytest.importorskip("distributed")
    monkeypatch.setattr("tiesim.runner.executors.CONNECT_TIMEOUT", "0.5s")
    config = tmp_path / "tiny.yaml"
    config.write_text(pd.io.json.ujson_dumps(tiny_config()))
    args = ["run", str(config), "--out", str(tmp_path / "o"), "--executor", "dask"]
    assert main([*args, "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("tiesim: error: --scheduler: cannot connect") and "\n" not in err
    assert not (tmp_path / "o").exists()


def test_a_sweep_leaves_the_global_random_state_alone(tmp_path):
    sobol = tiny_config(
        sample={
            "method": "sobol",
            "n": 2,
            "parameters": {"graph.weak_tie_density": {"low": 0, "high": 2}},
        }
    )
    before = (random.getstate(), np.random.get_state()[1].copy())
    run(sobol, out=tmp_path / "s", workers=1)
    assert random.getstate() == before[0]
    assert (np.random.get_state()[1] == before[1]).all()
