"""Which folders are tiesim's, and which of their files tiesim wrote.

A folder is a tiesim results folder only if its ``manifest.json`` parses and carries tiesim's
own markers: ``tool`` ``"tiesim"`` (older folders: a known ``format``), a ``config_hash`` and
the ``config``.  Only such a folder is ever resumed or cleared, and clearing it removes only
the files and folders tiesim writes there (:data:`OUTPUTS`), never anything else and never the
folder itself.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
from pathlib import Path
from typing import Any

from tiesim.config.mechanisms import FIGURE_FORMATS
from tiesim.files import temporary_of

TOOL = "tiesim"
FORMATS = (1,)
#: Tables of every results folder (``<name>.parquet``, and ``.csv`` when small); ``sobol``
#: only with a Sobol' sample.
COMBINED_TABLES = ("metrics", "hires", "trends", "ties", "agents", "runs", "summary")
TABLES = (*COMBINED_TABLES, "sobol")
FIGURES = tuple(
    f"{stem}.{fmt}"
    for stem in (
        "opportunity_discovery",
        "summary_metrics",
        "hires_by_channel",
        "metrics",
        "sample_scatter",
        "sobol",
    )
    for fmt in FIGURE_FORMATS
)
OUTPUTS = (
    "runs",
    "failed",
    "failed.csv",
    *(f"{name}.{ext}" for name in TABLES for ext in ("parquet", "csv")),
    *FIGURES,
    "report.md",
    "report.html",
    "config.yaml",
    "manifest.json",
)


def is_tiesim_manifest(data: Any) -> bool:
    """Whether ``data`` (a parsed ``manifest.json``) was written by tiesim."""
    if not isinstance(data, dict):
        return False
    marked = data.get("tool") == TOOL or ("tool" not in data and data.get("format") in FORMATS)
    return (
        marked
        and data.get("format") in FORMATS
        and isinstance(data.get("config_hash"), str)
        and isinstance(data.get("config"), dict)
    )


def tiesim_manifest(folder: Path) -> dict[str, Any] | None:
    """The manifest of ``folder`` if it is a tiesim results folder, else None (never raises)."""
    try:
        data = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if is_tiesim_manifest(data) else None


def clear_outputs(folder: Path) -> None:
    """Delete what tiesim writes in ``folder`` (:data:`OUTPUTS` and its temporary files).

    Every other file stays, and so does the folder.  Call it only for a folder whose manifest
    passed :func:`tiesim_manifest`.
    """
    for path in folder.iterdir():
        if not _is_output(path.name):
            continue
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink()


def _is_output(name: str) -> bool:
    """An output's name, or that of its temporary file (``.<name>.tmp-<pid>``)."""
    temporary = temporary_of(name)
    return name in OUTPUTS or (temporary is not None and temporary[0] in OUTPUTS)


def remove_stale_temporaries(folder: Path) -> list[str]:
    """Delete the temporary files (``.<output>.tmp-<pid>``) of tiesim processes that are gone.

    A process killed while writing leaves its temporary file behind; one that is still
    running (a concurrent ``tiesim report``) keeps its own.  Returns the names removed.
    """
    removed = []
    for path in folder.iterdir():
        temporary = temporary_of(path.name)
        if temporary is None or temporary[0] not in OUTPUTS or process_alive(temporary[1]):
            continue
        path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def sweep_state(manifest: dict[str, Any]) -> str | None:
    """Whether the manifest's sweep is ``"running"`` here or was ``"killed"``; None: neither.

    None also when it ran on another machine (its process cannot be asked from here).
    """
    pid = manifest.get("pid")
    if manifest.get("status") != "running" or not isinstance(pid, int):
        return None
    if (manifest.get("host") or {}).get("name") != socket.gethostname():
        return None
    return "running" if process_alive(pid) else "killed"


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
