"""The results folder: one sub-folder per finished run, written whole or not at all.

Layout of ``<outputs.dir>/<name>/``::

    manifest.json          provenance, the config hash, seeds, status and time of every run
    runs/<run_id>/         metrics, hires, trends and summary (Parquet) and run.json (timing)
    failed/<run_id>.json   a run that raised: its seed, values, error and traceback

Each run folder is written under a temporary name and renamed into place, so a crash or
Ctrl-C loses only the runs in flight, and a folder that exists is complete.  The combined
tables are rebuilt from ``runs/`` by :func:`collect_tables`, in plan order, so they do not
depend on the order the runs finished in.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from tiesim.errors import TiesimError
from tiesim.runner.plan import RunSpec
from tiesim.runner.worker import RunOutcome

RUN_TABLES = ("metrics", "hires", "trends", "summary")


def write_json(path: Path, data: Any) -> None:
    """Write JSON atomically: to a temporary sibling, then renamed over ``path``."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def write_frame(frame: pd.DataFrame, path: Path, *, csv: bool = False) -> None:
    """Write ``frame`` as Parquet (and CSV beside it), each atomically."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    frame.to_parquet(tmp, index=False)
    os.replace(tmp, path)
    if csv:
        target = path.with_suffix(".csv")
        tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
        frame.to_csv(tmp, index=False)
        os.replace(tmp, target)


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
    for name in ("metrics", "hires", "trends"):
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
        timing = {"seconds": outcome.seconds, "host": outcome.host}
        (tmp / "run.json").write_text(json.dumps(timing), encoding="utf-8")
        shutil.rmtree(self.runs / run_id, ignore_errors=True)
        tmp.rename(self.runs / run_id)
        failure.unlink(missing_ok=True)

    def timings(self, specs: Sequence[RunSpec]) -> dict[str, dict[str, Any]]:
        """Seconds and host of every stored run, by run id."""
        out = {}
        for spec in specs:
            path = self.runs / spec.run_id / "run.json"
            if path.is_file():
                out[spec.run_id] = json.loads(path.read_text(encoding="utf-8"))
        return out

    def failures(self, specs: Sequence[RunSpec]) -> pd.DataFrame:
        """One row per failed run (in plan order): ids, seed, values, error, traceback."""
        rows = []
        for spec in specs:
            path = self.failed / f"{spec.run_id}.json"
            if path.is_file():
                rows.append(json.loads(path.read_text(encoding="utf-8")))
        return pd.DataFrame(rows, columns=None if rows else list(FAILURE_COLUMNS))


FAILURE_COLUMNS = ("run_id", "point", "replicate", "seed", "error", "traceback")


def failure_record(outcome: RunOutcome) -> dict[str, Any]:
    """The error fields of a failed run."""
    return {"error": outcome.error, "traceback": outcome.traceback}


def collect_tables(folder: ResultsFolder, specs: Sequence[RunSpec]) -> dict[str, pd.DataFrame]:
    """The combined ``metrics``, ``hires``, ``trends`` and ``runs`` tables, in plan order."""
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in RUN_TABLES}
    done = folder.completed()
    for spec in specs:
        if spec.run_id in done:
            for name in RUN_TABLES:
                parts[name].append(pd.read_parquet(folder.runs / spec.run_id / f"{name}.parquet"))
    tables = {name: concat(frames) for name, frames in parts.items()}
    tables["runs"] = tables.pop("summary")
    return tables


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Concatenate, skipping empty frames (whose column types carry no information)."""
    full = [f for f in frames if len(f)]
    if full:
        return pd.concat(full, ignore_index=True)
    return frames[0].iloc[:0].reset_index(drop=True) if frames else pd.DataFrame()
