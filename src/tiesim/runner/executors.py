"""Where runs execute: in this process, on a local process pool, or on any executor.

:func:`iter_outcomes` yields each run's :class:`~tiesim.runner.worker.RunOutcome` as soon as it
finishes, whatever executes it, so the caller can store it at once.  The process pool uses the
``forkserver`` start method with tiesim preloaded: workers start fast and never inherit the
parent's threads.  Its workers end as soon as the process that started them is gone (even
after ``kill -9``), and if a worker dies, the runs it took down with the pool are run again on
a new pool.  :func:`dask_executor` connects to a Dask distributed scheduler, or starts a
:class:`LocalDaskCluster` of worker processes on this machine, and exposes it as a
:class:`concurrent.futures.Executor`.

A worker process imports the main script again (``multiprocessing`` does so to find the
script's functions), and that runs the script's top level again.  A script that calls
:func:`tiesim.run` at its top level, outside ``if __name__ == "__main__":``, would so start the
sweep again in every worker; :func:`script_would_rerun` spots that, and the runs are then made
in this process, with a warning that says how to use every core.
"""

from __future__ import annotations

import ast
import logging
import multiprocessing
import os
import signal
import sys
import threading
import warnings
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from tiesim.config import ExperimentConfig
from tiesim.errors import TiesimError
from tiesim.runner import provenance
from tiesim.runner.plan import RunSpec
from tiesim.runner.worker import RunOutcome, execute_run, exit_with_parent

UNGUARDED_SCRIPT = (
    "tiesim.run was called at the top level of {script} without "
    "'if __name__ == \"__main__\":', so worker processes would run the script again; "
    "running the {runs} runs in this process instead. Put the call under that line "
    "(see the multiprocessing docs, 'Safe importing of main module') to use every core."
)

MAX_POOL_RESTARTS = 3  # new worker pools per sweep after a worker died
CONNECT_TIMEOUT = "10s"  # how long to wait for a Dask scheduler
LOCAL_SCHEDULER = "local"  # --scheduler value that starts a Dask cluster on this machine
DASK_MISSING = "--executor dask needs the dask extra (pip install 'tiesim[dask]')"


def default_workers() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return max(1, os.cpu_count() or 1)


def iter_outcomes(
    base: ExperimentConfig,
    specs: Sequence[RunSpec],
    *,
    workers: int | None = None,
    executor: Executor | None = None,
) -> Iterator[RunOutcome]:
    """Execute ``specs`` and yield their outcomes in the order they finish.

    Parameters
    ----------
    base : ExperimentConfig
        The experiment every spec belongs to.
    specs : sequence of RunSpec
        The runs to execute.
    workers : int, optional
        Size of the local process pool (default: every core); 1 runs in this process.
        Ignored when ``executor`` is given.
    executor : concurrent.futures.Executor, optional
        Run on this executor instead (it is not shut down afterwards).
    """
    if executor is not None:
        yield from _on_executor(executor, base, specs)
        return
    workers = default_workers() if workers is None else workers
    if workers < 1:
        raise TiesimError(f"workers must be an integer >= 1 (got {workers})")
    if workers > 1 and len(specs) > 1 and (where := script_would_rerun()) is not None:
        script, line = where
        message = UNGUARDED_SCRIPT.format(script=script, runs=len(specs))
        warnings.warn_explicit(message, RuntimeWarning, script, line)
        workers = 1
    code = provenance.code_version()  # asked once here: the workers run this same code
    if workers == 1 or len(specs) <= 1:
        for spec in specs:
            yield execute_run(base, spec, code)
        return
    yield from _on_pool(base, specs, workers, code)


def _on_pool(
    base: ExperimentConfig, specs: Sequence[RunSpec], workers: int, code: dict
) -> Iterator[RunOutcome]:
    """Run ``specs`` on a local pool; if a worker dies, run the unfinished ones on a new pool.

    A worker that dies (killed, out of memory) breaks the whole pool: every run not yet
    finished fails with ``BrokenProcessPool``.  Those runs are given to a fresh pool, at most
    :data:`MAX_POOL_RESTARTS` times per sweep; after that they are recorded as failed.
    """
    context = multiprocessing.get_context("forkserver")
    # the Mesa engine's model (and Mesa) loaded once, in the server the workers are forked from
    mesa = ["tiesim.model.model"] if base.engine == "mesa" else []
    context.set_forkserver_preload(["tiesim.runner.worker", *mesa])
    pending, restarts = list(specs), 0
    while pending:
        pool = ProcessPoolExecutor(
            max_workers=min(workers, len(pending)),
            mp_context=context,
            initializer=exit_with_parent,
        )
        lost: set[str] = set()
        try:
            futures = {pool.submit(execute_run, base, s, code): s for s in pending}
            for future in as_completed(futures):
                spec = futures.pop(future)  # dropped at once: it holds the run's tables
                try:
                    outcome = future.result()
                    del future
                    yield outcome
                except BrokenProcessPool as exc:
                    if restarts < MAX_POOL_RESTARTS:
                        lost.add(spec.run_id)
                    else:
                        error = f"worker failed: {exc!r} (after {restarts} new worker pools)"
                        yield RunOutcome(spec, error=error)
                except Exception as exc:  # the task could not be sent or its result read
                    yield RunOutcome(spec, error=f"worker failed: {exc!r}")
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise
        pool.shutdown(wait=True)
        restarts += bool(lost)
        pending = [s for s in pending if s.run_id in lost]


def _on_executor(
    executor: Executor, base: ExperimentConfig, specs: Sequence[RunSpec]
) -> Iterator[RunOutcome]:
    """Submit every run (workers of another executor find their code version themselves).

    A finished run's future is let go at once: a Dask worker keeps a task's result in its
    memory for as long as the client holds the task's future, so every outcome of the sweep
    stayed in the workers' (and this process's) memory until the sweep ended.
    """
    futures: dict[Future, RunSpec] = {executor.submit(execute_run, base, s): s for s in specs}
    try:
        for future in as_completed(futures):
            spec = futures.pop(future)
            try:
                outcome = future.result()
            except Exception as exc:  # the worker itself died or was lost
                outcome = RunOutcome(spec, error=f"worker failed: {exc!r}")
            del future
            yield outcome
    finally:
        for future in futures:
            future.cancel()


def script_would_rerun() -> tuple[str, int] | None:
    """The main script and line, if worker processes would run the line that called us again.

    That is when the main module is a script or module that ``multiprocessing`` imports again
    in each worker (not ``python -c``, a notebook or a ``__main__.py`` run with ``-m``), and
    the top-level statement now running in it is not inside ``if __name__ == "__main__":``.
    When the script's source cannot be read, the answer is None (assume guarded).
    """
    main = sys.modules.get("__main__")
    spec_name = getattr(getattr(main, "__spec__", None), "name", None)
    path = getattr(main, "__file__", None)
    if main is None or path is None or (spec_name or "").endswith("__main__"):
        return None
    frame, line = sys._getframe(1), None
    while frame is not None:
        if frame.f_globals is vars(main) and frame.f_code.co_name == "<module>":
            line = frame.f_lineno
        frame = frame.f_back
    if line is None:
        return None
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError, ValueError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and _is_main_test(node.test):
            if node.body[0].lineno <= line <= (node.body[-1].end_lineno or line):
                return None
    return path, line


def _is_main_test(test: ast.expr) -> bool:
    """Whether ``test`` is ``__name__ == "__main__"`` (either way round)."""
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    if not isinstance(test.ops[0], ast.Eq):
        return False
    sides = [test.left, test.comparators[0]]
    names = [s.id for s in sides if isinstance(s, ast.Name)]
    values = [s.value for s in sides if isinstance(s, ast.Constant)]
    return names == ["__name__"] and values == ["__main__"]


@contextmanager
def dask_executor(address: str, workers: int | None = None) -> Iterator[Executor]:
    """A :class:`concurrent.futures.Executor` backed by the Dask scheduler at ``address``.

    ``address`` ``"local"`` (:data:`LOCAL_SCHEDULER`) starts a :class:`LocalDaskCluster` of
    ``workers`` processes (default: every core) instead, and shuts it down on leaving the block.
    ``workers`` is refused with any other address: a cluster has the workers it was given.

    Raises
    ------
    TiesimError
        If ``distributed`` is not installed or the scheduler cannot be reached.
    """
    if address == LOCAL_SCHEDULER:
        with abandoned_results_quiet(), LocalDaskCluster(workers) as cluster:
            yield cluster
        return
    if workers is not None:
        raise TiesimError(
            f"--workers sets the process pool or a --scheduler local cluster; the Dask cluster "
            f"at {address!r} runs on the workers started for it (dask worker --nworkers N)"
        )
    try:
        from distributed import Client
    except ImportError:
        raise TiesimError(DASK_MISSING) from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as exc:  # any failure to connect is the same to a user
        raise TiesimError(
            f"--scheduler: cannot connect to a Dask scheduler at {address!r} ({exc})"
        ) from None
    with abandoned_results_quiet():
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()


class _AbandonedResult(logging.Filter):
    """Drops tornado's error for a result Dask's executor forwarded after it was abandoned."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if type(error).__name__ not in ("CommClosedError", "InvalidStateError"):
            return True
        trace = error.__traceback__ if error is not None else None
        while trace is not None:
            if trace.tb_frame.f_code.co_name == "_cascade_future":
                return False
            trace = trace.tb_next
        return True


@contextmanager
def abandoned_results_quiet() -> Iterator[None]:
    """Within the block, no traceback for a run's result that nobody waits for any more.

    After Ctrl-C the unfinished runs are cancelled and the Dask client closed.  Dask's
    executor (``distributed.cfexecutor``) then fails to forward a result that came in as its
    run was cancelled (``InvalidStateError``), or that it was still fetching as the client
    closed (``CommClosedError``), and tornado logged each as a screenful of tracebacks.
    Only those two errors, raised where the executor forwards results, are dropped.
    """
    logger = logging.getLogger("tornado.application")
    quiet = _AbandonedResult()
    logger.addFilter(quiet)
    try:
        yield
    finally:
        logger.removeFilter(quiet)


@contextmanager
def interrupts_ignored() -> Iterator[None]:
    """Within the block, SIGINT (Ctrl-C) is ignored, by this process and by those it starts.

    Python's worker processes inherit the ignoring, where a handler of this process would be
    reset.  Only the main thread may set a signal handler; elsewhere nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler if previous is None else previous)


class LocalDaskCluster(Executor):
    """A Dask ``LocalCluster`` of worker processes on this machine, as an executor.

    The cluster starts at the first :meth:`submit`, so a sweep refused before any run (a bad
    config, a full results folder) starts no process.  It has ``workers`` worker processes
    (default: every core) of one thread each, as the local process pool has; no dashboard; no
    per-worker memory limit (the memory check before the sweep applies, as for the pool: the
    workers share this machine's memory); and Dask's log lines below errors silenced.  Its
    workers are started by ``multiprocessing`` with the same Python and ``sys.path``, so they
    import this same tiesim (:mod:`tiesim.runner.worker` is preloaded), and they end at once
    if this process is killed.  They ignore Ctrl-C (this process stops them): they are started
    with it ignored (so Ctrl-C in the second or two the cluster takes to start is ignored by
    this process too), and a worker Dask restarts ignores it from its preload on.
    :meth:`shutdown` (or leaving a ``with`` block) closes the client and the cluster, and with
    them every worker process.

    Raises
    ------
    TiesimError
        If ``distributed`` is not installed (when made) or the cluster cannot start.
    """

    def __init__(self, workers: int | None = None) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise TiesimError(DASK_MISSING) from None
        self.workers = default_workers() if workers is None else workers
        if isinstance(workers, bool) or self.workers < 1:
            raise TiesimError(f"workers must be an integer >= 1 (got {workers!r})")
        self.cluster: Any = None
        self.client: Any = None
        self._executor: Executor | None = None
        self._closed = False

    def _start(self) -> Executor:
        from distributed import Client, LocalCluster

        try:
            with interrupts_ignored():  # the workers start ignoring Ctrl-C, and start whole
                self.cluster = LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address=None,
                    # the scheduler's HTTP server (health checks) on a free port of this
                    # machine, not 8787: that may be taken, and Dask then warned of a cluster
                    scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                    memory_limit=0,
                    silence_logs=logging.ERROR,
                    preload=["tiesim.runner.worker"],  # dask_setup: a restarted worker too
                )
                self.client = Client(self.cluster, set_as_default=False)
        except Exception as exc:
            self.shutdown()
            raise TiesimError(
                f"--scheduler local: cannot start a Dask cluster of {self.workers} worker "
                f"processes ({type(exc).__name__}: {exc})"
            ) from None
        return self.client.get_executor(pure=False)

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future:
        """Run ``fn(*args, **kwargs)`` on the cluster (started now if not yet)."""
        if self._closed:
            raise RuntimeError("cannot schedule new futures after shutdown")
        if self._executor is None:
            self._executor = self._start()
        return self._executor.submit(fn, *args, **kwargs)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Close the client and the cluster; their worker processes end."""
        self._closed = True
        client, cluster, self.client, self.cluster = self.client, self.cluster, None, None
        try:
            if client is not None:
                client.close()
        finally:
            if cluster is not None:
                cluster.close()
