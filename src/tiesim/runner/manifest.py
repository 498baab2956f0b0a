"""Opening a results folder for a config: fresh, resumed, or refused because it holds another.

The folder's ``manifest.json`` carries the config hash (:func:`tiesim.runner.provenance
.config_hash`).  The same hash means the same runs: stored ones are kept and the rest are run.
A different hash is refused unless ``overwrite`` is set, so runs of two configs never mix.
"""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tiesim.config import ExperimentConfig
from tiesim.errors import TiesimError
from tiesim.runner import provenance
from tiesim.runner.plan import RunSpec, replicate_seeds
from tiesim.runner.store import ResultsFolder, write_json

FORMAT = 1


def open_folder(
    path: Path, config: ExperimentConfig, specs: Sequence[RunSpec], *, overwrite: bool = False
) -> tuple[ResultsFolder, dict[str, Any]]:
    """Check ``path`` against ``config``, create what is missing, write a fresh manifest.

    Returns the folder and its manifest (status ``running``).

    Raises
    ------
    TiesimError
        If ``path`` is a file, holds results of a different config (without ``overwrite``), or
        holds files that tiesim did not write.
    """
    folder = ResultsFolder(path)
    if path.exists() and not path.is_dir():
        raise TiesimError(f"output path '{path}' exists and is not a folder")
    digest = provenance.config_hash(config)
    old = folder.read_manifest() if path.is_dir() else None
    if old is not None and old.get("config_hash") != digest:
        if not overwrite:
            raise TiesimError(
                f"results folder '{path}' holds runs of a different config (config hash "
                f"{old.get('config_hash')} there, {digest} now); pass --overwrite to replace "
                f"them or --out to write elsewhere"
            )
        shutil.rmtree(path)
    elif old is None and path.is_dir() and any(path.iterdir()):
        legacy = (path / "config.yaml").is_file()
        if not (legacy and overwrite):
            raise TiesimError(
                f"results folder '{path}' exists but has no manifest.json, so its contents "
                f"cannot be checked against this config; "
                + ("pass --overwrite to replace it or " if legacy else "")
                + "pass --out to write elsewhere"
            )
        shutil.rmtree(path)
    folder.create()
    manifest = new_manifest(config, specs, digest, created=(old or {}).get("created"))
    write_json(folder.manifest, manifest)
    return folder, manifest


def new_manifest(
    config: ExperimentConfig,
    specs: Sequence[RunSpec],
    digest: str,
    created: str | None = None,
) -> dict[str, Any]:
    """The manifest of a results folder before its runs are brought up to date."""
    return {
        "format": FORMAT,
        "name": config.name,
        "status": "running",
        "config_hash": digest,
        "created": created or provenance.now(),
        "started": provenance.now(),
        "points": len({s.point for s in specs}),
        "replicates": config.sweep.replicates,
        "replicate_seeds": replicate_seeds(config.seed, config.sweep.replicates),
        "versions": provenance.versions(),
        "git": provenance.git_commit(),
        "host": provenance.host(),
        "config": config.model_dump(mode="json"),
        "runs": {},
    }


def run_entries(
    folder: ResultsFolder, specs: Sequence[RunSpec], failed: set[str]
) -> dict[str, dict[str, Any]]:
    """Per run: point, replicate, seed, status (done, failed, pending), seconds and host."""
    timings = folder.timings(specs)
    entries = {}
    for spec in specs:
        status = (
            "done" if spec.run_id in timings else "failed" if spec.run_id in failed else "pending"
        )
        entries[spec.run_id] = {
            "point": spec.point,
            "replicate": spec.replicate,
            "seed": spec.seed,
            "status": status,
            **timings.get(spec.run_id, {}),
        }
    return entries
