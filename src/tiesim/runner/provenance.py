"""Provenance: the config hash, the software versions and where and when the runs happened.

``manifest.json`` in a results folder records the resolved config and its hash, the seeds, the
versions of tiesim, Mesa, numpy and Python, the git commit when there is one, the host, the
time each run took, and per run the tiesim version and git commit that computed it
(:func:`code_version`), so a resumed sweep that mixes code versions can say so.  A run of an
engine class of your own also records that class, its module file and the file's SHA-256
(:func:`engine_versions` groups them), so a reader knows code outside tiesim made the numbers
and a sweep resumed after that file changed says so.  The hash
covers everything that can change a number — every field except ``outputs`` and
``description`` — so a changed config is recognised before it mixes its runs with the old ones.
Sections added to the schema later (``ties``, ``networking``, ``metrics``) are left out of the
hash while they hold their defaults (the mechanism off; the metrics measured as by default), so
configs and stored runs from before they existed keep their hash; so are fields added later to
an older section (``trends.topics_per_community``) while they hold theirs.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import platform
import socket
import subprocess
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from tiesim.config import (
    ExperimentConfig,
    MetricsConfig,
    NetworkingConfig,
    TiesConfig,
    TrendsConfig,
)

UNHASHED_FIELDS = ("outputs", "description")
#: Sections added after the first release, and their defaults: hashed only when not default.
LATER_SECTIONS = {
    "ties": TiesConfig().model_dump(mode="json"),
    "networking": NetworkingConfig().model_dump(mode="json"),
    "metrics": MetricsConfig().model_dump(mode="json"),
}
#: Fields added to an older section later, by (section, field): hashed only when not default.
LATER_FIELDS = {("trends", "topics_per_community"): TrendsConfig().topics_per_community}


def config_hash(config: ExperimentConfig) -> str:
    """SHA-256 (hex, first 16 digits) of the config's canonical JSON, without output options."""
    data = config.model_dump(mode="json")
    for name in UNHASHED_FIELDS:
        data.pop(name, None)
    for name, default in LATER_SECTIONS.items():
        if data.get(name) == default:
            del data[name]
    for (section, name), default in LATER_FIELDS.items():
        if data.get(section, {}).get(name) == default:
            del data[section][name]
    text = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def now() -> str:
    """The current UTC time in ISO 8601, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def versions() -> dict[str, str]:
    """Versions of Python and of the libraries that decide the numbers."""
    found = {"python": platform.python_version()}
    for package in ("tiesim", "mesa", "numpy", "pandas", "networkx", "scipy", "pyarrow"):
        found[package] = _version(package)
    return found


def _version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


@functools.cache
def code_version() -> dict[str, Any]:
    """The code that computes a run here: ``{"tiesim": version, "git": git_commit()}``.

    Asked once per process (the code a process has loaded does not change under it), and
    stored in every run's ``run.json``, so runs made by different code can be told apart.
    """
    return {"tiesim": _version("tiesim"), "git": git_commit()}


def code_versions(entries: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The distinct code versions of the done runs among ``entries``, with how many runs each.

    ``entries`` are the manifest's per-run entries; a run stored by a tiesim too old to
    record its code counts as ``tiesim`` None.
    """
    groups: dict[str, dict[str, Any]] = {}
    for entry in entries.values():
        if entry.get("status") != "done":
            continue
        code = {"tiesim": entry.get("tiesim"), "git": entry.get("git")}
        key = json.dumps(code, sort_keys=True)
        groups.setdefault(key, {**code, "runs": 0})["runs"] += 1
    return list(groups.values())


def describe_code_versions(
    groups: Sequence[Mapping[str, Any]], current: Mapping[str, Any] | None = None
) -> str | None:
    """One line about code versions that deserve a note; else None.

    That is when the stored runs come from more than one code version, or, given the
    ``current`` code (as ``code_version()``), all from code other than it.
    """
    if len(groups) == 1 and current is not None:
        (group,) = groups
        if {"tiesim": group.get("tiesim"), "git": group.get("git")} != dict(current):
            return (
                f"all {group['runs']} stored runs were made by {describe_code(group)}, not by "
                f"the code running now ({describe_code(current)}); pass --overwrite to "
                f"compute them again"
            )
    if len(groups) < 2:
        return None
    parts = [f"{group['runs']} by {describe_code(group)}" for group in groups]
    return (
        f"the stored runs were made by {len(groups)} different code versions "
        f"({'; '.join(parts)}); check a run with tiesim rerun DIR RUN_ID"
    )


def engine_versions(entries: Mapping[str, Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The distinct engine classes of your own among the done runs, by module version.

    One group per class and SHA-256 of its module file (``class``, ``file``, ``sha256``,
    ``distribution``, ``runs``), from the ``engine`` record of each run's ``run.json``
    (:func:`tiesim.runner.engine_class.engine_source`).  Runs of the built-in engines have no
    such record; an empty list means every run used them.
    """
    groups: dict[str, dict[str, Any]] = {}
    for entry in entries.values():
        engine = entry.get("engine")
        if entry.get("status") != "done" or not isinstance(engine, Mapping):
            continue
        key = json.dumps([engine.get("class"), engine.get("sha256")])
        groups.setdefault(key, {**engine, "runs": 0})["runs"] += 1
    return list(groups.values())


def describe_engine_versions(
    groups: Sequence[Mapping[str, Any]], current: Mapping[str, Mapping[str, Any]] | None = None
) -> str | None:
    """One line when an engine class of your own changed under the stored runs; else None.

    That is when the runs of one class were made by different versions of its module file,
    or, given the ``current`` sources (``{class: engine_source(...)}``), all by a version
    other than the file as it is now.
    """
    by_class: dict[str, list[Mapping[str, Any]]] = {}
    for group in groups:
        by_class.setdefault(str(group.get("class")), []).append(group)
    for name, found in by_class.items():
        if len(found) > 1:
            parts = [f"{g['runs']} by SHA-256 {str(g.get('sha256'))[:12]}" for g in found]
            return (
                f"the stored runs of engine class {name} were made by {len(found)} different "
                f"versions of its module file {found[0].get('file')} ({'; '.join(parts)}); "
                f"check a run with tiesim rerun DIR RUN_ID"
            )
        now = (current or {}).get(name)
        if now is not None and now.get("sha256") != found[0].get("sha256"):
            return (
                f"all {found[0]['runs']} stored runs of engine class {name} were made by its "
                f"module file as it was before (SHA-256 {str(found[0].get('sha256'))[:12]}), "
                f"not as it is now ({str(now.get('sha256'))[:12]}, {now.get('file')}); pass "
                f"--overwrite to compute them again"
            )
    return None


def git_commit() -> dict[str, Any] | None:
    """The commit of the tiesim source tree and whether it had local changes; None if unknown.

    Never raises: git may be missing, or tiesim may be installed outside a repository.  git
    runs with ``--no-optional-locks``, so ``git status`` does not refresh (and lock) the
    repository's index: asking writes nothing into the source tree.
    """
    where = Path(__file__).resolve().parent
    try:
        commit = subprocess.run(
            ["git", "--no-optional-locks", "rev-parse", "HEAD"],
            cwd=where,
            capture_output=True,
            text=True,
            timeout=5,
        )
        if commit.returncode != 0:
            return None
        status = subprocess.run(
            ["git", "--no-optional-locks", "status", "--porcelain", "--untracked-files=no"],
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


def describe_code(code: Mapping[str, Any]) -> str:
    """``tiesim 0.1.0 commit 6f4a66a1b2`` (and ``with local changes``) from a code version."""
    if code.get("tiesim") is None:
        return "an older tiesim that did not record its version"
    git = code.get("git") or {}
    dirty = " with local changes" if git.get("dirty") else ""
    commit = f" commit {str(git.get('commit'))[:10]}{dirty}" if git else ""
    return f"tiesim {code['tiesim']}{commit}"
