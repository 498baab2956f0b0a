"""The task a worker executes: one planned run, turned into a picklable outcome.

:func:`execute_run` is a top-level function of an importable module, so a process pool, a
Dask cluster or any :class:`concurrent.futures.Executor` can run it.  A run that raises becomes
a failed outcome carrying the error text; it never takes the other runs down with it.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket
import threading
import time
import traceback
from dataclasses import dataclass, field

import pandas as pd

from tiesim.config import ExperimentConfig
from tiesim.runner import provenance, single
from tiesim.runner.engine_class import engine_source
from tiesim.runner.plan import RunSpec


@dataclass
class RunOutcome:
    """What came back from one run: its tables and summary row, or the error it raised.

    ``seconds`` is the whole task (config, model, tables, summary); ``engine_seconds`` the
    part spent building and stepping the model.
    """

    spec: RunSpec
    metrics: pd.DataFrame | None = None
    hires: pd.DataFrame | None = None
    trends: pd.DataFrame | None = None
    ties: pd.DataFrame | None = None
    agents: pd.DataFrame | None = None
    summary: dict[str, float] = field(default_factory=dict)
    error: str | None = None
    traceback: str = ""
    seconds: float = 0.0
    engine_seconds: float = 0.0
    host: str = ""
    code: dict = field(default_factory=dict)
    engine: dict | None = None

    @property
    def failed(self) -> bool:
        """Whether the run raised."""
        return self.error is not None


def exit_with_parent() -> None:
    """In a pool's worker process: end it at once when the process that made the pool is gone.

    The initializer of tiesim's worker pools.  Without it, a worker whose parent was killed
    (``kill -9``) blocked forever writing its result into a pipe nobody reads, and kept the
    forkserver and the resource tracker alive with it.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()
        os._exit(1)

    threading.Thread(target=watch, name="tiesim-exit-with-parent", daemon=True).start()


def dask_setup(worker: object) -> None:
    """In a Dask worker process tiesim started (``--scheduler local``): ignore Ctrl-C.

    Dask calls this when the worker starts, as this module is the worker's preload.  Ctrl-C
    in a terminal interrupts every process of the foreground group, the cluster's workers
    too, and each then printed a screenful of tracebacks while tiesim itself was already
    shutting the cluster down (which ends the workers).  The workers tiesim starts ignore it
    from the start (:func:`tiesim.runner.executors.interrupts_ignored`); this is for a worker
    Dask starts again after one died.  Only the main thread may set a signal handler;
    elsewhere nothing changes.
    """
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def execute_run(base: ExperimentConfig, spec: RunSpec, code: dict | None = None) -> RunOutcome:
    """Run ``spec`` of the experiment ``base`` and summarise it; never raises for a bad run.

    The outcome records the host and the code (tiesim version, git commit) that computed it:
    ``code`` if the caller knows it (its own, for workers it started from this code), else
    :func:`tiesim.runner.provenance.code_version` asked here; and, for an engine class of your
    own, where this process found it (:func:`tiesim.runner.engine_class.engine_source`).
    """
    start = time.perf_counter()
    host = socket.gethostname()
    code = provenance.code_version() if code is None else code
    try:
        config = spec.config(base)
        result = single.simulate(config)
        summary = single.summarise(config, result)
        engine = engine_source(config.engine)
    except Exception as exc:  # a failed run is data, recorded with its seed
        return RunOutcome(
            spec,
            error="".join(traceback.format_exception_only(exc)).strip(),
            traceback=traceback.format_exc(),
            seconds=time.perf_counter() - start,
            host=host,
            code=code,
        )
    return RunOutcome(
        spec,
        result.metrics,
        result.hires,
        result.trends,
        result.ties,
        result.agents,
        summary,
        seconds=time.perf_counter() - start,
        engine_seconds=result.engine_seconds,
        host=host,
        code=code,
        engine=engine,
    )
