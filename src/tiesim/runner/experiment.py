"""Running a whole experiment (every planned run) and writing its results folder."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from tiesim.analysis.plots import plot_time_series
from tiesim.analysis.summary import point_summary, run_summary
from tiesim.config import ExperimentConfig, load_config, validate_config
from tiesim.errors import TiesimError
from tiesim.runner.plan import RunSpec, plan_runs
from tiesim.runner.single import simulate


@dataclass
class ExperimentResult:
    """All tables of an experiment.

    ``metrics``, ``hires`` and ``trends`` have one row per step / hire / trend item of every run,
    with the run's ``run_id``, ``replicate``, ``seed`` and swept values as leading columns.
    ``runs`` has one row per run (its final-window summary) and ``summary`` one per sweep point.
    """

    config: ExperimentConfig
    swept: list[str]
    metrics: pd.DataFrame
    hires: pd.DataFrame
    trends: pd.DataFrame
    runs: pd.DataFrame
    summary: pd.DataFrame
    out_dir: Path | None = None


def as_config(
    config: ExperimentConfig | str | Path | dict[str, Any], overrides: dict[str, Any] | None = None
) -> ExperimentConfig:
    """Accept a config object, a YAML path or a mapping, and apply dotted overrides."""
    if isinstance(config, ExperimentConfig):
        return config.with_overrides(overrides) if overrides else config
    if isinstance(config, dict):
        return validate_config(config).with_overrides(overrides or {})
    return load_config(config, overrides)


def _tag(frame: pd.DataFrame, spec: RunSpec) -> pd.DataFrame:
    lead = {"run_id": spec.run_id, "replicate": spec.replicate, "seed": spec.seed, **spec.overrides}
    return pd.concat([pd.DataFrame(lead, index=frame.index), frame], axis=1)


def run_experiment(
    config: ExperimentConfig,
    progress: Callable[[int, int], None] | None = None,
) -> ExperimentResult:
    """Run every planned run of ``config`` in order and gather the tables (no files written)."""
    specs = plan_runs(config)
    metrics, hires, trends, runs = [], [], [], []
    for done, spec in enumerate(specs, start=1):
        result = simulate(spec.config(config))
        metrics.append(_tag(result.metrics, spec))
        hires.append(_tag(result.hires, spec))
        trends.append(_tag(result.trends, spec))
        runs.append(
            {
                "run_id": spec.run_id,
                "replicate": spec.replicate,
                "seed": spec.seed,
                **spec.overrides,
                **run_summary(result.metrics),
                "seconds": result.seconds,
            }
        )
        if progress:
            progress(done, len(specs))
    swept = list(config.sweep.grid)
    runs_frame = pd.DataFrame(runs)
    return ExperimentResult(
        config,
        swept,
        pd.concat(metrics, ignore_index=True),
        pd.concat(hires, ignore_index=True),
        pd.concat(trends, ignore_index=True),
        runs_frame,
        point_summary(runs_frame, swept),
    )


def default_out_dir(config: ExperimentConfig) -> Path:
    """``<outputs.dir>/<name>``."""
    return Path(config.outputs.dir) / config.name


def write_results(result: ExperimentResult, out_dir: Path) -> Path:
    """Write the results folder atomically: into a temporary sibling, then swapped in place.

    If anything fails, the previous folder (if any) is left as it was.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise TiesimError(f"output path '{out_dir}' exists and is not a folder")
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise TiesimError(f"cannot create output folder '{out_dir.parent}': {exc}") from None
    tmp = out_dir.parent / f".{out_dir.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir()
        _write_tables(result, tmp)
        old = out_dir.parent / f".{out_dir.name}.old-{os.getpid()}"
        if out_dir.exists():
            out_dir.rename(old)
        tmp.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
    except OSError as exc:
        raise TiesimError(f"cannot write results to '{out_dir}': {exc}") from None
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    result.out_dir = out_dir
    return out_dir


def _write_tables(result: ExperimentResult, folder: Path) -> None:
    config = result.config
    (folder / "config.yaml").write_text(
        yaml.safe_dump(config.model_dump(mode="json"), sort_keys=False), encoding="utf-8"
    )
    tables = {
        "metrics": result.metrics,
        "hires": result.hires,
        "trends": result.trends,
        "runs": result.runs,
        "summary": result.summary,
    }
    for name, frame in tables.items():
        frame.to_parquet(folder / f"{name}.parquet", index=False)
        if config.outputs.csv:
            frame.to_csv(folder / f"{name}.csv", index=False)
    if config.outputs.plot:
        plot_time_series(
            result.metrics,
            folder / "metrics.png",
            result.swept,
            f"{config.name}: main metrics over time",
        )


def run(
    config: ExperimentConfig | str | Path | dict[str, Any],
    *,
    out: str | Path | None = None,
    overrides: dict[str, Any] | None = None,
    write: bool = True,
    progress: Callable[[int, int], None] | None = None,
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
        Write the results folder (default) or only return the tables.
    progress : callable, optional
        Called as ``progress(done, total)`` after each run.
    """
    cfg = as_config(config, overrides)
    start = time.perf_counter()
    result = run_experiment(cfg, progress)
    result.runs.attrs["wall_seconds"] = time.perf_counter() - start
    if write:
        write_results(result, Path(out) if out is not None else default_out_dir(cfg))
    return result
