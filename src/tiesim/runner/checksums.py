"""Checksums of a stored run: every file of its folder, and ``run.json`` itself.

When a run is stored, :func:`sealed_record` adds to its ``run.json`` the SHA-256 of every other
file in the run's folder (``files``, whatever tables the run has) and the SHA-256 of the record
itself (``sha256``, over its canonical JSON without that key).  Reading a stored table checks
the bytes read against the record before parsing them (:func:`check_file`), and reading the
record checks its own seal (:func:`check_record`), so a flipped bit or an edited value is
reported as such instead of being read as data, or failing later in a Parquet or JSON parser.

Runs stored before checksums were recorded have neither key and are read unchecked.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

RECORD = "run.json"
FILES_KEY = "files"
SEAL_KEY = "sha256"
CHUNK = 1 << 20


def file_digest(path: Path) -> str:
    """The SHA-256 of a file's bytes, in hex."""
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for chunk in iter(lambda: file.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def record_digest(record: dict[str, Any]) -> str:
    """The SHA-256 of a record's canonical JSON, leaving out its own seal."""
    body = {key: value for key, value in record.items() if key != SEAL_KEY}
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def sealed_record(folder: Path, record: dict[str, Any]) -> dict[str, Any]:
    """``record`` with the checksums of every other file in ``folder`` and its own seal.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "metrics.parquet").write_bytes(b"PAR1")
    >>> record = sealed_record(folder, {"seconds": 0.5})
    >>> sorted(record["files"]), check_record(record)
    (['metrics.parquet'], None)
    >>> check_file("metrics.parquet", b"PAR1", record) is None
    True
    >>> check_file("metrics.parquet", b"PAR2", record).startswith("its SHA-256 differs")
    True
    """
    files = {
        path.name: file_digest(path)
        for path in sorted(folder.iterdir())
        if path.is_file() and path.name != RECORD
    }
    sealed = {**record, FILES_KEY: files}
    return {**sealed, SEAL_KEY: record_digest(sealed)}


def check_record(record: dict[str, Any]) -> str | None:
    """What is wrong with a record's own seal, or None (also for records without one)."""
    if SEAL_KEY in record and record[SEAL_KEY] != record_digest(record):
        return (
            "its SHA-256 differs from the one recorded in it: it was changed after the run "
            "was stored"
        )
    if SEAL_KEY not in record and FILES_KEY in record:
        return "it lists file checksums but has lost its own"
    return None


def check_file(name: str, data: bytes, record: dict[str, Any]) -> str | None:
    """What is wrong with the bytes ``data`` of a run's file ``name`` against its record, or None.

    The caller reads the file once and parses the same bytes once they pass.
    """
    files = record.get(FILES_KEY)
    if files is None:
        return None  # stored before checksums were recorded
    expected = files.get(name)
    if expected is None:
        return f"{RECORD} has no checksum for it: it was added after the run was stored"
    if hashlib.sha256(data).hexdigest() != expected:
        return (
            f"its SHA-256 differs from the one in {RECORD}: the file was changed after the run "
            f"was stored"
        )
    return None


def without_checksums(record: dict[str, Any]) -> dict[str, Any]:
    """The record's own fields (seconds, host, code version), without the checksums."""
    return {key: value for key, value in record.items() if key not in (FILES_KEY, SEAL_KEY)}
