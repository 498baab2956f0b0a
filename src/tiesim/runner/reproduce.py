"""Repeating one stored run of a results folder and checking it gives the same tables.

``tiesim rerun DIR RUN_ID`` lands here.  The run's config is rebuilt the way the sweep built
it — the folder's resolved ``config.yaml``, the point's values and the replicate's derived seed
(:meth:`tiesim.runner.plan.RunSpec.config`) — and simulated in this process.  Its ``metrics``,
``hires``, ``trends``, ``ties``, ``agents`` and ``summary`` are compared value for value and type
for type with the stored ones (``ties`` and ``agents`` only where stored: runs stored before
those tables existed lack them), leading columns (run id, point, replicate, seed, swept values)
included, and then with the run's rows of the folder's combined tables (``metrics.parquet``,
..., ``runs.parquet``).  Every column a stored table has is compared; the fresh tables may have
more only where a later tiesim added them (:data:`~tiesim.runner.store.LATER_COLUMNS`), and
those are left out (:attr:`Rerun.not_stored` lists them).
Reading the stored run checks its checksums (:mod:`tiesim.runner.checksums`), so an edited file
or ``run.json`` is refused as changed before anything is compared.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from tiesim.config import ExperimentConfig, load_config
from tiesim.errors import TiesimError, shorten
from tiesim.files import check_folder_path, user_path
from tiesim.runner import provenance, single
from tiesim.runner.engine_class import engine_source
from tiesim.runner.ownership import tiesim_manifest
from tiesim.runner.plan import RunSpec, plan_runs
from tiesim.runner.store import (
    LATER_COLUMNS,
    RUN_TABLES,
    ResultsFolder,
    tagged_tables,
    write_frame,
)
from tiesim.runner.worker import RunOutcome

#: The combined table holding each per-run table's rows.
COMBINED = {name: "runs" if name == "summary" else name for name in RUN_TABLES}


@dataclass
class Rerun:
    """A stored run simulated again: its spec, fresh tables (tagged as stored), stored code.

    ``engine`` is where this process found the run's engine class, if it is one of your own
    (:func:`tiesim.runner.engine_class.engine_source`; the stored run's is in ``stored_code``).

    ``not_stored`` names, by table, the columns the fresh tables have and the stored run lacks
    because a later tiesim added them (filled by :func:`first_difference`; not compared).
    """

    folder: ResultsFolder
    spec: RunSpec
    tables: dict[str, pd.DataFrame]
    stored_code: dict[str, Any]
    engine: dict[str, Any] | None = None
    not_stored: dict[str, list[str]] = field(default_factory=dict)


def repeat_run(path: str | Path, run_id: str) -> Rerun:
    """Simulate run ``run_id`` of the results folder ``path`` again, in this process.

    Raises
    ------
    TiesimError
        If ``path`` has no usable ``config.yaml``, ``run_id`` is not one of its runs, or that
        run is not stored.
    """
    folder = ResultsFolder(user_path(path, "results folder"))
    config = stored_config(folder)
    specs = plan_runs(config)
    spec = next((s for s in specs if s.run_id == run_id), None)
    if spec is None:
        raise TiesimError(
            f"no run '{run_id}' in '{folder.path}': run ids look like p<point>-r<replicate>, "
            f"here {specs[0].run_id} to {specs[-1].run_id} (see runs.csv)"
        )
    if run_id not in folder.completed():
        raise TiesimError(
            f"run '{run_id}' is not stored in '{folder.runs}' (it failed or has not run yet); "
            f"run the sweep with tiesim run first"
        )
    run_config = spec.config(config)
    result = single.simulate(run_config)
    summary = single.summarise(run_config, result)
    outcome = RunOutcome(
        spec, result.metrics, result.hires, result.trends, result.ties, result.agents, summary
    )
    stored_code = folder.timings([spec]).get(run_id, {})
    engine = engine_source(run_config.engine)
    return Rerun(folder, spec, tagged_tables(outcome), stored_code, engine)


def stored_config(folder: ResultsFolder) -> ExperimentConfig:
    """The resolved config a results folder was run with, checked against its manifest."""
    path = folder.path / "config.yaml"
    if not path.is_file():
        raise TiesimError(
            f"'{folder.path}' has no config.yaml, so it is not a tiesim results folder whose "
            f"runs can be repeated"
        )
    config = load_config(path)
    manifest = tiesim_manifest(folder.path)
    if manifest is not None and manifest["config_hash"] != provenance.config_hash(config):
        raise TiesimError(
            f"'{path}' does not match the config hash in manifest.json "
            f"({manifest['config_hash']}); was it edited? Restore it or rerun elsewhere"
        )
    return config


def compared_tables(rerun: Rerun) -> list[str]:
    """The tables the check compares: all, but the later ones only if the stored run has them."""
    return rerun.folder.stored_tables(rerun.spec.run_id)


def first_difference(rerun: Rerun) -> str | None:
    """Where the fresh tables first differ from the stored ones, or None if identical.

    The answer names the table and column, e.g. ``"metrics, column employment_rate: row 3
    differs (stored 0.61, now 0.62)"``, or the combined table whose rows of this run differ.

    Raises
    ------
    TiesimError
        If a stored file cannot be read or fails its checksum.
    """
    compared = compared_tables(rerun)
    fresh = {name: _as_stored(rerun.tables[name]) for name in compared}
    rerun.not_stored = {}
    for name in compared:
        stored = rerun.folder.read_table(rerun.spec.run_id, name)
        later = later_columns(name, stored, fresh[name])
        if later:
            rerun.not_stored[name] = later
            fresh[name] = fresh[name].drop(columns=later)
        found = compare_tables(stored, fresh[name])
        if found is not None:
            return f"{name}, {found}"
    for name in compared:
        combined = COMBINED[name]
        rows = _combined_rows(rerun.folder.path / f"{combined}.parquet", rerun.spec.run_id)
        if rows is None:
            continue
        rows, found = _without_columns(rows, rerun.not_stored.get(name, []))
        found = found or _compare_combined(rows, fresh[name])
        if found is not None:
            return (
                f"the combined table {combined}.parquet (its rows of this run), {found}; the "
                f"stored run itself is identical: rebuild the combined tables with tiesim report"
            )
    return None


def later_columns(name: str, stored: pd.DataFrame, fresh: pd.DataFrame) -> list[str]:
    """Columns of ``fresh`` that the stored table ``name`` lacks and a later tiesim added.

    Any other column present now but not stored is a difference (:func:`compare_tables`).
    """
    later = LATER_COLUMNS.get(name, ())
    return [c for c in fresh.columns if c in later and c not in stored.columns]


def _without_columns(rows: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, str | None]:
    """A run's rows of a combined table without ``columns``, which its stored table lacks.

    A sweep resumed by a later tiesim combines runs with and without them, so the combined
    table may have them: empty (NaN) in this run's rows, else that is the difference.
    """
    present = [c for c in columns if c in rows.columns]
    for column in present:
        if rows[column].notna().any():
            row = int(rows[column].notna().to_numpy().argmax())
            return rows, (
                f"column {column}: row {row} holds {rows[column].iloc[row]!r}, which the stored "
                f"run does not have"
            )
    return rows.drop(columns=present), None


def _combined_rows(path: Path, run_id: str) -> pd.DataFrame | None:
    """The rows of ``run_id`` in a combined table (None if the sweep has not written it)."""
    if not path.is_file():
        return None
    try:
        rows = pd.read_parquet(path, filters=[("run_id", "==", run_id)])
    except (OSError, ValueError, KeyError, pa.ArrowException) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise TiesimError(
            f"combined table '{path}' cannot be read ({shorten(reason)}); rebuild it with "
            f"tiesim report {path.parent}"
        ) from None
    return rows.reset_index(drop=True)


def _compare_combined(rows: pd.DataFrame, fresh: pd.DataFrame) -> str | None:
    """:func:`compare_tables`, allowing what combining runs may change.

    That is wider column types, and the column order: a column a later tiesim added comes last
    when the first runs combined were stored without it.
    """
    if not len(rows) and not len(fresh):
        return None
    order = [c for c in fresh.columns if c in rows.columns]
    rows = rows[order + [c for c in rows.columns if c not in order]].copy()
    for column in set(rows.columns) & set(fresh.columns):
        if rows[column].dtype != fresh[column].dtype:
            try:
                rows[column] = rows[column].astype(fresh[column].dtype)
            except (TypeError, ValueError):
                pass  # compare_tables reports the type
    return compare_tables(rows, fresh)


def compare_tables(stored: pd.DataFrame, fresh: pd.DataFrame) -> str | None:
    """The first difference between two tables (columns, rows, then column by column)."""
    if list(stored.columns) != list(fresh.columns):
        gone = [c for c in stored.columns if c not in fresh.columns]
        new = [c for c in fresh.columns if c not in stored.columns]
        if not gone and not new:
            return "columns are in a different order"
        return f"columns differ (only stored: {gone or 'none'}; only now: {new or 'none'})"
    if len(stored) != len(fresh):
        return f"{len(stored)} rows stored, {len(fresh)} now"
    for column in stored.columns:
        old, now = stored[column].reset_index(drop=True), fresh[column].reset_index(drop=True)
        if old.dtype != now.dtype:
            return f"column {column}: type {old.dtype} stored, {now.dtype} now"
        if not old.equals(now):
            row = next(i for i in range(len(old)) if not _same(old[i], now[i]))
            return f"column {column}: row {row} differs (stored {old[row]!r}, now {now[row]!r})"
    return None


def write_tables(rerun: Rerun, out: Path) -> list[Path]:
    """Write the fresh run's tables (as stored in ``runs/<run_id>/``) into ``out``."""
    check_new_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, frame in rerun.tables.items():
        write_frame(frame, out / f"{name}.parquet")
        paths.append(out / f"{name}.parquet")
    return paths


def check_new_folder(out: Path) -> None:
    """Refuse an ``--out`` that is a file or a non-empty folder: nothing there is replaced."""
    check_folder_path(out, "--out")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise TiesimError(f"--out '{out}' exists and is not an empty folder; choose a new one")


def _as_stored(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` as it reads back from Parquet, so types compare like for like."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False)
    buffer.seek(0)
    return pd.read_parquet(buffer)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray | list) or isinstance(b, np.ndarray | list):
        x, y = np.asarray(a), np.asarray(b)
        floats = x.dtype.kind == "f" and y.dtype.kind == "f"
        return x.shape == y.shape and np.array_equal(x, y, equal_nan=floats)
    return bool(a == b) or bool(pd.isna(a) and pd.isna(b))
