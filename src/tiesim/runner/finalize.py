"""From stored runs to the experiment's tables, figures, report and final manifest.

:func:`assemble` turns per-run tables into an :class:`ExperimentResult` (per-point summaries,
Sobol indices); :func:`finish_folder` rebuilds everything a results folder shows from its
``runs/`` — after a sweep, and again whenever ``tiesim report DIR`` asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from tiesim.analysis.figures import draw_figures
from tiesim.analysis.report import build_blocks, write_report
from tiesim.analysis.sensitivity import sobol_indices
from tiesim.analysis.summary import SUMMARY_METRICS, point_summary
from tiesim.config import ExperimentConfig
from tiesim.runner import provenance
from tiesim.runner.manifest import run_entries
from tiesim.runner.ownership import COMBINED_TABLES
from tiesim.runner.plan import RunSpec
from tiesim.runner.sampling import salib_problem
from tiesim.runner.store import (
    ResultsFolder,
    collect_tables,
    write_config,
    write_csv,
    write_frame,
    write_json,
)


@dataclass
class ExperimentResult:
    """All tables of an experiment.

    ``metrics``, ``hires``, ``trends``, ``ties`` and ``agents`` have one row per step / hire /
    trend item / tie event / agent of every run, with the run's ``run_id``, ``point``,
    ``replicate``, ``seed`` and swept values as leading columns.  ``runs`` has one row per
    finished run (its final-window summary), ``summary`` one per sweep point, ``failed`` one
    per run that raised, and ``sobol`` the Sobol indices of a Sobol sample design (else None).
    ``mixed_code`` is a one-line note when the stored runs were made by more than one tiesim
    version or git commit, or by more than one version of an engine class of your own.
    """

    config: ExperimentConfig
    swept: list[str]
    metrics: pd.DataFrame
    hires: pd.DataFrame
    trends: pd.DataFrame
    runs: pd.DataFrame
    summary: pd.DataFrame
    ties: pd.DataFrame = field(default_factory=pd.DataFrame)
    agents: pd.DataFrame = field(default_factory=pd.DataFrame)
    out_dir: Path | None = None
    failed: pd.DataFrame = field(default_factory=pd.DataFrame)
    sobol: pd.DataFrame | None = None
    run_seconds: float = 0.0
    wall_seconds: float = 0.0
    resumed: int = 0
    report: Path | None = None
    mixed_code: str | None = None


def assemble(
    config: ExperimentConfig,
    tables: dict[str, pd.DataFrame],
    failed: pd.DataFrame,
    num_points: int,
) -> ExperimentResult:
    """Summaries per point (and Sobol indices) from the combined per-run tables."""
    swept = config.sweep.paths()
    runs = tables["runs"]
    summary = point_summary(runs, ["point", *swept]) if len(runs) else pd.DataFrame()
    sobol = None
    sample = config.sweep.sample
    if sample is not None and sample.method == "sobol" and len(summary):
        sobol = sobol_indices(
            salib_problem(sample), summary, SUMMARY_METRICS, num_points, config.seed
        )
    return ExperimentResult(
        config,
        swept,
        tables["metrics"],
        tables["hires"],
        tables["trends"],
        runs,
        summary,
        ties=tables["ties"],
        agents=tables["agents"],
        failed=failed,
        sobol=sobol,
    )


def finish_folder(
    folder: ResultsFolder,
    config: ExperimentConfig,
    specs: Sequence[RunSpec],
    manifest: dict[str, Any],
    current: dict[str, Any] | None = None,
    current_engines: dict[str, dict[str, Any]] | None = None,
) -> ExperimentResult:
    """Rebuild combined tables, figures, report and manifest of ``folder`` from its runs.

    ``current`` is the code running now (``provenance.code_version()``) when runs were just
    brought up to date, and ``current_engines`` the sources of the plan's engine classes of
    your own as they are now (``{class: engine_source(name)}``): the result's ``mixed_code``
    note then also says when every stored run came from other code.
    """
    failed = folder.failures(specs)
    result = assemble(config, collect_tables(folder, specs), failed, len({s.point for s in specs}))
    result.out_dir = folder.path
    write_tables(folder.path, result)
    result.run_seconds = record_status(folder, specs, manifest, failed)
    notes = [
        provenance.describe_code_versions(manifest["code_versions"], current),
        provenance.describe_engine_versions(manifest.get("engine_code", []), current_engines),
    ]
    result.mixed_code = "; ".join(note for note in notes if note) or None
    if len(result.summary):
        figures = (
            draw_figures(folder.path, config, result.metrics, result.summary, result.sobol)
            if config.outputs.plot
            else []
        )
        blocks = build_blocks(
            config,
            manifest,
            result.summary,
            figures,
            result.sobol,
            failed,
            mixed_code=result.mixed_code,
        )
        result.report, _ = write_report(folder.path, blocks, f"{config.name}: report")
    return result


def record_status(
    folder: ResultsFolder,
    specs: Sequence[RunSpec],
    manifest: dict[str, Any],
    failed: pd.DataFrame | None = None,
    status: str | None = None,
) -> float:
    """Bring the manifest's per-run entries and status up to date; return the runs' seconds.

    The status is ``complete`` when every run is done, else ``incomplete`` (or ``status``).
    ``code_versions`` lists the distinct tiesim versions and git commits of the done runs,
    and ``engine_code`` (only when some run used an engine class of your own) the distinct
    such classes and versions of their module files.
    """
    failed = folder.failures(specs) if failed is None else failed
    manifest["runs"] = run_entries(folder, specs, set(failed.get("run_id", [])))
    manifest["code_versions"] = provenance.code_versions(manifest["runs"])
    engines = provenance.engine_versions(manifest["runs"])
    if engines:
        manifest["engine_code"] = engines
    else:
        manifest.pop("engine_code", None)
    if status is None:
        complete = all(r["status"] == "done" for r in manifest["runs"].values())
        status = "complete" if complete else "incomplete"
    manifest["status"] = status
    manifest["updated"] = provenance.now()
    write_json(folder.manifest, manifest)
    return sum(r.get("seconds", 0.0) for r in manifest["runs"].values())


MAX_CSV_ROWS = 500_000  # bigger tables are Parquet only: CSV would be slow and huge


def write_tables(path: Path, result: ExperimentResult) -> None:
    """Write the combined tables and ``config.yaml``.

    Every table is written as Parquet; with ``outputs.csv`` those of at most
    ``MAX_CSV_ROWS`` rows also as CSV.
    """
    csv = result.config.outputs.csv
    tables = {name: getattr(result, name) for name in COMBINED_TABLES}
    if result.sobol is not None:
        tables["sobol"] = result.sobol
    for name, frame in tables.items():
        stale = path / f"{name}.csv"
        small = len(frame) <= MAX_CSV_ROWS
        if not (csv and small):
            stale.unlink(missing_ok=True)
        write_frame(frame, path / f"{name}.parquet", csv=csv and small)
    failed_csv = path / "failed.csv"
    if len(result.failed):
        write_csv(result.failed, failed_csv)
    else:
        failed_csv.unlink(missing_ok=True)
    write_config(path, result.config)
