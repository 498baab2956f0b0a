"""The results folder: one sub-folder per finished run, written whole or not at all.

Layout of ``<outputs.dir>/<name>/``::

    manifest.json          provenance, the config hash, seeds, status and time of every run
    runs/<run_id>/         metrics, hires, trends, ties, agents and summary (Parquet) and
                           run.json (timing, host, tiesim version and git commit, the engine
                           class's module file and its SHA-256 when the engine is a class of
                           your own, and the SHA-256 of every file of the run and of itself,
                           checked when read: see :mod:`tiesim.runner.checksums`)
    failed/<run_id>.json   a run that raised: its seed, values, error and traceback

Each run folder is written under a temporary name and renamed into place, so a crash or
Ctrl-C loses only the runs in flight, and a folder that exists is complete.  The combined
tables are rebuilt from ``runs/`` by :func:`tiesim.runner.combine.combine_runs`, in plan
order, so they do not depend on the order the runs finished in.
"""

from __future__ import annotations

import io
import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import yaml

from tiesim.config import ExperimentConfig
from tiesim.errors import TiesimError
from tiesim.files import replacing, write_text
from tiesim.model.records import INFORMATION_AGENT_COLUMNS
from tiesim.runner import checksums
from tiesim.runner.plan import RunSpec
from tiesim.runner.worker import RunOutcome

#: Tables stored per run.  Runs stored by tiesim before the LATER_TABLES existed lack them (the
#: combined tables then leave those runs out); a run lacking any other table is damaged.
LATER_TABLES = ("ties", "agents")
SIMULATED_TABLES = ("metrics", "hires", "trends", *LATER_TABLES)
RUN_TABLES = (*SIMULATED_TABLES, "summary")
#: Columns of the per-run tables added by later tiesim versions, by table: runs stored before
#: they existed lack them.  ``tiesim rerun`` compares every column a stored run has, and
#: accepts only these as present now but not stored (README, "Metrics").
LATER_COLUMNS = {
    "metrics": ("news_diversity", "trend_diversity"),
    "summary": ("news_diversity", "trend_diversity"),
    "agents": INFORMATION_AGENT_COLUMNS,
    "trends": ("topic",),  # with trends.topics_per_community only
}


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically: to a temporary sibling, then renamed over ``path``."""
    write_text(path, json.dumps(data, indent=2, default=str) + "\n")


def write_frame(frame: pd.DataFrame, path: Path, *, csv: bool = False) -> None:
    """Write ``frame`` as Parquet (and CSV beside it), each atomically."""
    with replacing(path) as tmp:
        frame.to_parquet(tmp, index=False)
    if csv:
        write_csv(frame, path.with_suffix(".csv"))


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as CSV atomically (a symbolic link at ``path`` is replaced)."""
    with replacing(path) as tmp:
        frame.to_csv(tmp, index=False)


def write_config(path: Path, config: ExperimentConfig) -> None:
    """Write the resolved config as ``config.yaml`` in the folder ``path``, atomically."""
    text = yaml.safe_dump(config.model_dump(mode="json"), sort_keys=False)
    write_text(path / "config.yaml", text)


def leading_columns(spec: RunSpec) -> dict[str, Any]:
    """The columns that start every row of a run: ids, seed and the point's values."""
    values = {
        path: value if isinstance(value, int | float | str | bool) else json.dumps(value)
        for path, value in spec.overrides.items()
    }
    return {
        "run_id": spec.run_id,
        "point": spec.point,
        "replicate": spec.replicate,
        "seed": spec.seed,
        **values,
    }


def tagged_tables(outcome: RunOutcome) -> dict[str, pd.DataFrame]:
    """The run's tables with its leading columns prepended, and its one-row summary."""
    lead = leading_columns(outcome.spec)
    tables = {}
    for name in SIMULATED_TABLES:
        frame = getattr(outcome, name)
        tables[name] = pd.concat([pd.DataFrame(lead, index=frame.index), frame], axis=1)
    tables["summary"] = pd.DataFrame([{**lead, **outcome.summary}])
    return tables


class ResultsFolder:
    """Reading and writing the per-run part of a results folder.

    Parameters
    ----------
    path : path
        The folder, e.g. ``results/weak_tie_density``.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.runs = self.path / "runs"
        self.failed = self.path / "failed"
        self.manifest = self.path / "manifest.json"
        self._records: dict[str, dict[str, Any]] = {}

    def create(self) -> None:
        """Create the folder and ``runs/``; remove runs left half-written by a crash."""
        if self.path.exists() and not self.path.is_dir():
            raise TiesimError(f"output path '{self.path}' exists and is not a folder")
        try:
            self.runs.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise TiesimError(f"cannot create results folder '{self.path}': {exc}") from None
        for leftover in self.runs.glob(".tmp-*"):
            shutil.rmtree(leftover, ignore_errors=True)

    def read_manifest(self) -> dict[str, Any] | None:
        """The stored manifest, or None if there is none."""
        try:
            return json.loads(self.manifest.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise TiesimError(f"cannot read '{self.manifest}': {exc}") from None

    def completed(self) -> set[str]:
        """Ids of the runs stored whole."""
        if not self.runs.is_dir():
            return set()
        return {p.name for p in self.runs.iterdir() if p.is_dir() and not p.name.startswith(".")}

    def store(self, outcome: RunOutcome) -> None:
        """Write one outcome: a run folder (renamed into place) or a failure record."""
        run_id = outcome.spec.run_id
        failure = self.failed / f"{run_id}.json"
        if outcome.failed:
            self.failed.mkdir(exist_ok=True)
            write_json(failure, {**leading_columns(outcome.spec), **failure_record(outcome)})
            return
        tmp = self.runs / f".tmp-{run_id}-{os.getpid()}"
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        for name, frame in tagged_tables(outcome).items():
            frame.to_parquet(tmp / f"{name}.parquet", index=False)
        timing = {
            "seconds": outcome.seconds,
            "engine_seconds": outcome.engine_seconds,
            "host": outcome.host,
            **outcome.code,
        }
        if outcome.engine is not None:  # a class of your own: where its code came from
            timing["engine"] = outcome.engine
        record = checksums.sealed_record(tmp, timing)
        (tmp / checksums.RECORD).write_text(json.dumps(record), encoding="utf-8")
        self._records.pop(run_id, None)
        shutil.rmtree(self.runs / run_id, ignore_errors=True)
        tmp.rename(self.runs / run_id)
        failure.unlink(missing_ok=True)

    def timings(self, specs: Sequence[RunSpec]) -> dict[str, dict[str, Any]]:
        """The ``run.json`` of every stored run (seconds, host, code version), by run id.

        Each record's own checksum is checked; the file checksums are left out.
        """
        out = {}
        for spec in specs:
            if (self.runs / spec.run_id / checksums.RECORD).is_file():
                record = self.run_record(spec.run_id, keep=False)
                out[spec.run_id] = checksums.without_checksums(record)
        return out

    def has_table(self, run_id: str, name: str) -> bool:
        """Whether the stored run has table ``name`` (older runs lack the newer tables)."""
        return (self.runs / run_id / f"{name}.parquet").is_file()

    def stored_tables(self, run_id: str) -> list[str]:
        """The ``RUN_TABLES`` a stored run has: all, the ``LATER_TABLES`` only if stored."""
        return [
            name for name in RUN_TABLES if name not in LATER_TABLES or self.has_table(run_id, name)
        ]

    def run_record(self, run_id: str, keep: bool = True) -> dict[str, Any]:
        """A stored run's ``run.json``, its own checksum checked (read once per folder object).

        ``keep=False`` reads it without keeping it (reading every run of a big sweep once).

        Raises
        ------
        TiesimError
            If it is missing, is not JSON, or was changed after the run was stored.
        """
        if run_id in self._records:
            return self._records[run_id]
        path = self.runs / run_id / checksums.RECORD
        record = _read_json(path, path.parent)
        if not isinstance(record, dict):
            raise unreadable(path, path.parent, ValueError("it is not a JSON object"))
        problem = checksums.check_record(record)
        if problem is not None:
            raise unreadable(path, path.parent, ValueError(problem))
        if keep:
            self._records[run_id] = record
        return record

    def read_table(self, run_id: str, name: str) -> pd.DataFrame:
        """One stored table (one of ``RUN_TABLES``) of a run.

        The file is checked against the run's ``run.json`` checksums before it is parsed.

        Raises
        ------
        TiesimError
            If the file is missing, was changed after the run was stored, or cannot be read;
            the message names the run folder.
        """
        path = self.runs / run_id / f"{name}.parquet"
        data = self.checked_bytes(run_id, name)
        try:
            return pd.read_parquet(io.BytesIO(data))
        except (OSError, ValueError, pa.ArrowException) as exc:
            raise unreadable(path, path.parent, exc) from None

    def checked_bytes(self, run_id: str, name: str, keep: bool = True) -> bytes:
        """The bytes of a run's stored table ``name``, checked against its ``run.json``.

        ``keep`` as for :meth:`run_record`.

        Raises
        ------
        TiesimError
            If the file is missing or was changed after the run was stored.
        """
        path = self.runs / run_id / f"{name}.parquet"
        record = self.run_record(run_id, keep=keep)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise unreadable(path, path.parent, exc) from None
        problem = checksums.check_file(path.name, data, record)
        if problem is not None:
            raise unreadable(path, path.parent, ValueError(problem))
        return data

    def failures(self, specs: Sequence[RunSpec]) -> pd.DataFrame:
        """One row per failed run (in plan order): ids, seed, values, error, traceback."""
        rows = []
        for spec in specs:
            path = self.failed / f"{spec.run_id}.json"
            if path.is_file():
                rows.append(_read_json(path, path))
        return pd.DataFrame(rows, columns=None if rows else list(FAILURE_COLUMNS))


FAILURE_COLUMNS = ("run_id", "point", "replicate", "seed", "error", "traceback")


def failure_record(outcome: RunOutcome) -> dict[str, Any]:
    """The error fields of a failed run."""
    return {"error": outcome.error, "traceback": outcome.traceback}


def unreadable(path: Path, stored: Path, exc: Exception) -> TiesimError:
    """The error for a stored run that cannot be read: delete it and run again to redo it."""
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return TiesimError(
        f"stored run '{stored}' cannot be read ({path.name}: {reason}); delete it and run "
        f"the same tiesim run command again to redo that run"
    )


def _read_json(path: Path, stored: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise unreadable(path, stored, exc) from None


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate, skipping empty frames (whose column types carry no information).

    Columns come in the order of the frame with the most of them when it has them all: runs
    stored before a column existed (:data:`LATER_COLUMNS`) then leave it empty where the other
    runs' tables have it, in the same place.
    """
    full = [f for f in frames if len(f)]
    if full:
        combined = pd.concat(full, ignore_index=True)
        widest = max(full, key=lambda f: len(f.columns)).columns
        if len(widest) == len(combined.columns):
            combined = combined[list(widest)]
        return combined
    return frames[0].iloc[:0].reset_index(drop=True) if frames else pd.DataFrame()
