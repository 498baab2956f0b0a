"""Where runs execute: in this process, on a local process pool, or on any executor.

:func:`iter_outcomes` yields each run's :class:`~tiesim.runner.worker.RunOutcome` as soon as it
finishes, whatever executes it, so the caller can store it at once.  The process pool uses the
``forkserver`` start method with tiesim preloaded: workers start fast and never inherit the
parent's threads.  :func:`dask_executor` connects to a Dask distributed scheduler and exposes it
as a :class:`concurrent.futures.Executor`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager

from tiesim.config import ExperimentConfig
from tiesim.errors import TiesimError
from tiesim.runner import provenance
from tiesim.runner.plan import RunSpec
from tiesim.runner.worker import RunOutcome, execute_run

CONNECT_TIMEOUT = "10s"  # how long to wait for a Dask scheduler


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
    code = provenance.code_version()  # asked once here: the workers run this same code
    if workers == 1 or len(specs) <= 1:
        for spec in specs:
            yield execute_run(base, spec, code)
        return
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tiesim.runner.worker"])
    pool = ProcessPoolExecutor(max_workers=min(workers, len(specs)), mp_context=context)
    try:
        yield from _on_executor(pool, base, specs, code)
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


def _on_executor(
    executor: Executor, base: ExperimentConfig, specs: Sequence[RunSpec], code: dict | None = None
) -> Iterator[RunOutcome]:
    """Submit every run; ``code`` is the code version for workers known to run this code."""
    futures: dict[Future, RunSpec] = {executor.submit(execute_run, base, s, code): s for s in specs}
    try:
        for future in as_completed(futures):
            try:
                yield future.result()
            except Exception as exc:  # the worker itself died or was lost
                yield RunOutcome(futures[future], error=f"worker failed: {exc!r}")
    finally:
        for future in futures:
            future.cancel()


@contextmanager
def dask_executor(address: str) -> Iterator[Executor]:
    """A :class:`concurrent.futures.Executor` backed by the Dask scheduler at ``address``.

    Raises
    ------
    TiesimError
        If ``distributed`` is not installed or the scheduler cannot be reached.
    """
    try:
        from distributed import Client
    except ImportError:
        raise TiesimError(
            "--executor dask needs the dask extra (pip install 'tiesim[dask]')"
        ) from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except Exception as exc:  # any failure to connect is the same to a user
        raise TiesimError(
            f"--scheduler: cannot connect to a Dask scheduler at {address!r} ({exc})"
        ) from None
    try:
        yield client.get_executor()
    finally:
        client.close()
