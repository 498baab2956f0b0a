"""Running an experiment: plan its runs, execute the missing ones, store each as it finishes.

``tiesim run`` and :func:`run` both land here.  With ``write=True`` (the default) every
finished run is stored in the results folder at once (:mod:`tiesim.runner.store`), so an
interrupted sweep resumes where it stopped when the same command is run again, and the
combined tables, figures and report are rebuilt from the stored runs at the end.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import pandas as pd

from tiesim.config import ExperimentConfig, validate_config
from tiesim.errors import RunsFailedError, TiesimError, shorten
from tiesim.files import check_folder_path, shown_path, user_path
from tiesim.runner import provenance
from tiesim.runner.engine_class import engine_sources
from tiesim.runner.executors import LocalDaskCluster, iter_outcomes
from tiesim.runner.finalize import ExperimentResult, assemble, finish_folder, record_status
from tiesim.runner.manifest import open_folder
from tiesim.runner.ownership import remove_stale_temporaries
from tiesim.runner.plan import (
    RunSpec,
    as_config,
    check_design,
    default_out_dir,
    iter_specs,
    plan_runs,
)
from tiesim.runner.preflight import preflight
from tiesim.runner.progress import ProgressLike, progress_reporter
from tiesim.runner.store import (
    FAILURE_COLUMNS,
    SIMULATED_TABLES,
    ResultsFolder,
    concat,
    failure_record,
    leading_columns,
    tagged_tables,
)

__all__ = ["ExperimentResult", "as_config", "default_out_dir", "rebuild", "run"]


def run(
    config: ExperimentConfig | str | Path | dict[str, Any],
    *,
    out: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    write: bool = True,
    workers: int | None = None,
    executor: Executor | None = None,
    overwrite: bool = False,
    progress: ProgressLike = None,
) -> ExperimentResult:
    """Run an experiment from Python, as ``tiesim run`` does, and return its tables.

    Parameters
    ----------
    config : ExperimentConfig, path to a YAML file, or mapping
        The experiment.
    out : path, optional
        Results folder; default ``<outputs.dir>/<name>``.
    overrides : dict, optional
        Dotted-path values applied on top of the config (``{"jobs.job_loss": 0.02}``).
    write : bool
        Store runs and write the results folder (default), or only return the tables.
    workers : int, optional
        Local worker processes (default: every core); 1 runs everything in this process.
    executor : concurrent.futures.Executor, optional
        Run on this executor instead (a thread or process pool, a Dask ``client.get_executor()``).
        Its workers may be other machines, so this machine's memory is not checked against
        the runs' (but for tiesim's own :class:`~tiesim.runner.executors.LocalDaskCluster`).
    overwrite : bool
        Replace the runs of a different config in a tiesim results folder; only the files
        tiesim wrote there are deleted.  A folder tiesim did not write is never touched.
    progress : bool or callable, optional
        True for a progress bar on stderr, or ``progress(done, total)`` called after each run.

    Returns
    -------
    ExperimentResult
        The tables; runs that raised are listed in ``result.failed``.

    Raises
    ------
    TiesimError
        If the config, a point of its sweep, a graph file or the results folder is unusable,
        or a run cannot fit in this machine's memory (nothing has run or been written).
    RunsFailedError
        If every run raised; its ``result`` holds the failures (and, with ``write``, they are
        recorded in the results folder).
    """
    cfg = as_config(config, overrides)
    if workers is not None and (
        isinstance(workers, bool) or not isinstance(workers, int) or workers < 1
    ):
        raise TiesimError(f"workers must be an integer >= 1 (got {workers!r})")
    design = check_design(cfg)
    preflight(design, memory=None if executor is None or _on_this_machine(executor) else 0)
    path = None
    if write:
        path = user_path(out, "results folder") if out is not None else default_out_dir(cfg)
        check_folder_path(path, "results folder")
    specs = list(iter_specs(cfg, design.points))
    start = time.perf_counter()
    if path is None:
        result = _run_in_memory(cfg, specs, workers, executor, progress)
    else:
        folder, manifest = open_folder(path, cfg, specs, overwrite=overwrite)
        done = folder.completed()
        pending = [s for s in specs if s.run_id not in done]
        try:
            with progress_reporter(
                progress, len(specs), len(specs) - len(pending), cfg.name
            ) as tick:
                for outcome in iter_outcomes(cfg, pending, workers=workers, executor=executor):
                    folder.store(outcome)
                    tick()
        except BaseException:
            record_status(folder, specs, manifest, status="interrupted")
            raise
        manifest["wall_seconds"] = time.perf_counter() - start
        swept = [v.config.engine for v in design.sections.get("engine", [])]
        engines = engine_sources([cfg.engine, *swept])
        result = finish_folder(folder, cfg, specs, manifest, provenance.code_version(), engines)
        result.resumed = len(specs) - len(pending)
    result.wall_seconds = time.perf_counter() - start
    if len(result.failed) and not len(result.runs):
        first = result.failed.iloc[0]
        where = f"; see {result.out_dir}/failed.csv" if result.out_dir is not None else ""
        raise RunsFailedError(
            f"all {len(result.failed)} runs failed; the first, {first['run_id']} (seed "
            f"{first['seed']}), raised {shorten(str(first['error']), 300)}{where}",
            result,
        )
    return result


def _on_this_machine(executor: Executor) -> bool:
    """Whether the executor's workers share this machine's memory (then it is checked)."""
    return isinstance(executor, LocalDaskCluster)


def _run_in_memory(
    config: ExperimentConfig,
    specs: Sequence[RunSpec],
    workers: int | None,
    executor: Executor | None,
    progress: ProgressLike,
) -> ExperimentResult:
    parts: dict[str, dict[str, pd.DataFrame]] = {}
    failures: dict[str, dict[str, Any]] = {}
    seconds = 0.0
    with progress_reporter(progress, len(specs), 0, config.name) as tick:
        for outcome in iter_outcomes(config, specs, workers=workers, executor=executor):
            seconds += outcome.seconds
            if outcome.failed:
                failures[outcome.spec.run_id] = {
                    **leading_columns(outcome.spec),
                    **failure_record(outcome),
                }
            else:
                parts[outcome.spec.run_id] = tagged_tables(outcome)
            tick()
    ordered = [parts[s.run_id] for s in specs if s.run_id in parts]
    tables = {name: concat([p[name] for p in ordered]) for name in SIMULATED_TABLES}
    runs = concat([p["summary"] for p in ordered])
    rows = [failures[s.run_id] for s in specs if s.run_id in failures]
    failed = pd.DataFrame(rows, columns=None if rows else list(FAILURE_COLUMNS))
    result = assemble(config, runs, failed, len({s.point for s in specs}), tables)
    result.run_seconds = seconds
    return result


def rebuild(path: str | Path) -> ExperimentResult:
    """Rebuild the tables, figures and report of a results folder from its stored runs."""
    folder = ResultsFolder(user_path(path, "results folder"))
    if not folder.path.is_dir():
        raise TiesimError(f"results folder {shown_path(folder.path)} does not exist")
    manifest = folder.read_manifest()
    if manifest is None or "config" not in manifest:
        raise TiesimError(
            f"'{folder.path}' is not a tiesim results folder (it has no manifest.json)"
        )
    config = validate_config(manifest["config"])
    remove_stale_temporaries(folder.path)
    result = finish_folder(folder, config, plan_runs(config), manifest)
    result.wall_seconds = float(manifest.get("wall_seconds", 0.0))
    return result
