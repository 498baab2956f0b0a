"""Opening a results folder for a config: fresh, resumed, or refused because it holds another.

The folder's ``manifest.json`` carries tiesim's markers and the config hash
(:func:`tiesim.runner.provenance.config_hash`).  The same hash means the same runs: stored ones
are kept and the rest are run.  A different hash is refused unless ``overwrite`` is set, so runs
of two configs never mix.  ``overwrite`` starts afresh whatever the folder holds: it deletes
only what tiesim wrote there (:func:`tiesim.runner.ownership.clear_outputs`) and every run is
computed again.  A non-empty folder without a tiesim manifest is never touched, ``overwrite``
or not.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tiesim.config import ExperimentConfig
from tiesim.errors import TiesimError
from tiesim.runner import provenance
from tiesim.runner.ownership import (
    FORMATS,
    TOOL,
    clear_outputs,
    remove_stale_temporaries,
    tiesim_manifest,
)
from tiesim.runner.plan import RunSpec, replicate_seeds
from tiesim.runner.store import ResultsFolder, write_config, write_json

FORMAT = FORMATS[-1]


def open_folder(
    path: Path, config: ExperimentConfig, specs: Sequence[RunSpec], *, overwrite: bool = False
) -> tuple[ResultsFolder, dict[str, Any]]:
    """Check ``path`` against ``config``, create what is missing, write a fresh manifest.

    Returns the folder and its manifest (status ``running``).

    Raises
    ------
    TiesimError
        If ``path`` is a file, is a non-empty folder that is not a tiesim results folder, or
        holds results of a different config (without ``overwrite``).
    """
    folder = ResultsFolder(path)
    if path.exists() and not path.is_dir():
        raise TiesimError(f"output path '{path}' exists and is not a folder")
    digest = provenance.config_hash(config)
    old = tiesim_manifest(path) if path.is_dir() else None
    if old is None and path.is_dir() and any(path.iterdir()):
        raise TiesimError(
            f"folder '{path}' is not empty and is not a tiesim results folder (no tiesim "
            f"manifest.json), so tiesim will not write into it; pass --out with a new or "
            f"empty folder"
        )
    if old is not None and old["config_hash"] != digest and not overwrite:
        raise TiesimError(
            f"results folder '{path}' holds runs of a different config (config hash "
            f"{old['config_hash']} there, {digest} now); pass --overwrite to replace "
            f"them or --out to write elsewhere"
        )
    if old is not None and overwrite:
        clear_outputs(path)
    folder.create()
    remove_stale_temporaries(path)
    manifest = new_manifest(config, specs, digest, created=(old or {}).get("created"))
    write_json(folder.manifest, manifest)
    write_config(path, config)
    return folder, manifest


def new_manifest(
    config: ExperimentConfig,
    specs: Sequence[RunSpec],
    digest: str,
    created: str | None = None,
) -> dict[str, Any]:
    """The manifest of a results folder before its runs are brought up to date."""
    return {
        "tool": TOOL,
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
        "git": provenance.code_version()["git"],
        "host": provenance.host(),
        "pid": os.getpid(),
        "config": config.model_dump(mode="json"),
        "runs": {},
    }


def run_entries(
    folder: ResultsFolder, specs: Sequence[RunSpec], failed: set[str]
) -> dict[str, dict[str, Any]]:
    """Per run: point, replicate, seed, status (done, failed, pending) and its ``run.json``.

    A done run's ``run.json`` gives its seconds, host, and the ``tiesim`` version and ``git``
    commit that computed it.
    """
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
