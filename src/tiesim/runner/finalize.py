"""From stored runs to the experiment's tables, figures, report and final manifest.

:func:`assemble` turns per-run tables into an :class:`ExperimentResult` (per-point summaries,
Sobol indices); :func:`finish_folder` rebuilds everything a results folder shows from its
``runs/`` — after a sweep, and again whenever ``tiesim report DIR`` asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import KW_ONLY, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from tiesim.analysis.figures import draw_figures
from tiesim.analysis.plots import StepMeans
from tiesim.analysis.report import build_blocks, write_report
from tiesim.analysis.sensitivity import sobol_indices
from tiesim.analysis.summary import SUMMARY_METRICS, point_summary
from tiesim.config import ExperimentConfig
from tiesim.errors import TiesimError, shorten
from tiesim.runner import provenance
from tiesim.runner.combine import combine_runs, write_csv_copy
from tiesim.runner.manifest import run_entries
from tiesim.runner.plan import RunSpec
from tiesim.runner.sampling import salib_problem
from tiesim.runner.store import ResultsFolder, write_config, write_csv, write_frame, write_json

#: The per-step, per-hire, per-trend, per-tie-event and per-agent tables: in a results folder
#: they are read from its Parquet files when first used, so a sweep never holds them.
ROW_TABLES = ("metrics", "hires", "trends", "ties", "agents")


@dataclass
class ExperimentResult:
    """All tables of an experiment.

    ``metrics``, ``hires``, ``trends``, ``ties`` and ``agents`` have one row per step / hire /
    trend item / tie event / agent of every run, with the run's ``run_id``, ``point``,
    ``replicate``, ``seed`` and swept values as leading columns.  When the experiment was
    written to a results folder they are read from its ``<name>.parquet`` when first used
    (large sweeps: read parts with ``pd.read_parquet(path, filters=...)`` instead).  ``runs``
    has one row per finished run (its final-window summary), ``summary`` one per sweep point,
    ``failed`` one per run that raised, and ``sobol`` the Sobol indices of a Sobol sample
    design (else None).  ``mixed_code`` is a one-line note when the stored runs were made by
    more than one tiesim version or git commit, or by more than one version of an engine class
    of your own.
    """

    config: ExperimentConfig
    swept: list[str]
    runs: pd.DataFrame
    summary: pd.DataFrame
    _: KW_ONLY
    tables: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)
    out_dir: Path | None = None
    failed: pd.DataFrame = field(default_factory=pd.DataFrame)
    sobol: pd.DataFrame | None = None
    run_seconds: float = 0.0
    wall_seconds: float = 0.0
    resumed: int = 0
    report: Path | None = None
    mixed_code: str | None = None

    def table(self, name: str) -> pd.DataFrame:
        """One of :data:`ROW_TABLES`, read from the results folder on first use."""
        if name not in ROW_TABLES:
            raise KeyError(f"{name!r} is not one of {', '.join(ROW_TABLES)}")
        if name not in self.tables:
            if self.out_dir is None:
                return pd.DataFrame()
            path = self.out_dir / f"{name}.parquet"
            try:
                self.tables[name] = pd.read_parquet(path)
            except (OSError, ValueError, pa.ArrowException) as exc:
                raise TiesimError(
                    f"cannot read the combined table '{path}' ({shorten(str(exc))}); "
                    f"rebuild it with tiesim report {self.out_dir}"
                ) from None
        return self.tables[name]

    @property
    def metrics(self) -> pd.DataFrame:
        """Per-step metrics of every run."""
        return self.table("metrics")

    @property
    def hires(self) -> pd.DataFrame:
        """Every hire of every run."""
        return self.table("hires")

    @property
    def trends(self) -> pd.DataFrame:
        """Every trend item of every run."""
        return self.table("trends")

    @property
    def ties(self) -> pd.DataFrame:
        """Tie events of every run."""
        return self.table("ties")

    @property
    def agents(self) -> pd.DataFrame:
        """One row per agent of every run, at its end."""
        return self.table("agents")


def assemble(
    config: ExperimentConfig,
    runs: pd.DataFrame,
    failed: pd.DataFrame,
    num_points: int,
    tables: dict[str, pd.DataFrame] | None = None,
) -> ExperimentResult:
    """Summaries per point (and Sobol indices) from the runs' summary rows.

    ``tables`` are the :data:`ROW_TABLES` when they are held in memory.
    """
    swept = config.sweep.paths()
    summary = point_summary(runs, ["point", *swept]) if len(runs) else pd.DataFrame()
    sobol = None
    sample = config.sweep.sample
    if sample is not None and sample.method == "sobol" and len(summary):
        sobol = sobol_indices(
            salib_problem(sample), summary, SUMMARY_METRICS, num_points, config.seed
        )
    return ExperimentResult(
        config, swept, runs, summary, tables=dict(tables or {}), failed=failed, sobol=sobol
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

    The combined tables are written by streaming the stored runs (:mod:`tiesim.runner.combine`),
    and the figures drawn from means gathered on the way, so memory does not grow with the
    number of runs.  ``current`` is the code running now (``provenance.code_version()``) when
    runs were just brought up to date, and ``current_engines`` the sources of the plan's engine
    classes of your own as they are now (``{class: engine_source(name)}``): the result's
    ``mixed_code`` note then also says when every stored run came from other code.
    """
    failed = folder.failures(specs)
    means = StepMeans(config.sweep.paths())
    rows = combine_runs(folder, specs, visit={"metrics": means.add})
    runs = pd.read_parquet(folder.path / "runs.parquet")
    result = assemble(config, runs, failed, len({s.point for s in specs}))
    result.out_dir = folder.path
    write_tables(folder.path, result, rows)
    result.run_seconds = record_status(folder, specs, manifest, failed)
    notes = [
        provenance.describe_code_versions(manifest["code_versions"], current),
        provenance.describe_engine_versions(manifest.get("engine_code", []), current_engines),
    ]
    result.mixed_code = "; ".join(note for note in notes if note) or None
    if len(result.summary):
        figures = (
            draw_figures(folder.path, config, means, result.summary, result.sobol)
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
            runs=runs,
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


def write_tables(path: Path, result: ExperimentResult, rows: dict[str, int]) -> None:
    """Write ``summary`` (and ``sobol``), the CSV copies, ``failed.csv`` and ``config.yaml``.

    The other combined tables were written by :func:`~tiesim.runner.combine.combine_runs`,
    which counted their ``rows``.  With ``outputs.csv``, every table of at most
    ``MAX_CSV_ROWS`` rows also gets a CSV copy.
    """
    csv = result.config.outputs.csv
    small = {"summary": result.summary}
    if result.sobol is not None:
        small["sobol"] = result.sobol
    for name, frame in small.items():
        write_frame(frame, path / f"{name}.parquet")
        rows[name] = len(frame)
    for name, count in rows.items():
        copy = path / f"{name}.csv"
        if csv and count <= MAX_CSV_ROWS:
            write_csv_copy(path / f"{name}.parquet", copy)
        else:
            copy.unlink(missing_ok=True)
    failed_csv = path / "failed.csv"
    if len(result.failed):
        write_csv(result.failed, failed_csv)
    else:
        failed_csv.unlink(missing_ok=True)
    write_config(path, result.config)
