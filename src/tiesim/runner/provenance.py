"""Provenance: the config hash, the software versions and where and when the runs happened.

``manifest.json`` in a results folder records the resolved config and its hash, the seeds, the
versions of tiesim, Mesa, numpy and Python, the git commit when there is one, the host, and the
time each run took.  The hash covers everything that can change a number — every field except
``outputs`` and ``description`` — so a changed config is recognised before it mixes its runs
with the old ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import socket
import subprocess
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from tiesim.config import ExperimentConfig

UNHASHED_FIELDS = ("outputs", "description")


def config_hash(config: ExperimentConfig) -> str:
    """SHA-256 (hex, first 16 digits) of the config's canonical JSON, without output options."""
    data = config.model_dump(mode="json")
    for name in UNHASHED_FIELDS:
        data.pop(name, None)
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def now() -> str:
    """The current UTC time in ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def versions() -> dict[str, str]:
    """Versions of Python and of the libraries that decide the numbers."""
    found = {"python": platform.python_version()}
    for package in ("tiesim", "mesa", "numpy", "pandas", "networkx", "scipy", "pyarrow"):
        try:
            found[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            found[package] = "not installed"
    return found


def git_commit() -> dict[str, Any] | None:
    """The commit of the tiesim source tree and whether it had local changes; None if unknown.

    Never raises: git may be missing, or tiesim may be installed outside a repository.
    """
    where = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=where, capture_output=True, text=True, timeout=5
        )
        if commit.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=5,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return {"commit": commit.stdout.strip(), "dirty": bool(status.stdout.strip())}


def host() -> dict[str, Any]:
    """The machine: name, platform and core count."""
    return {
        "name": socket.gethostname(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
