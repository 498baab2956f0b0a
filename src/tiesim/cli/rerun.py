"""``tiesim rerun DIR RUN_ID [--out FOLDER]``: repeat one stored run and check it is identical.

The run is simulated again in this process from the folder's ``config.yaml``, the point's values
and the replicate's seed, and its metrics, hires, trends, ties, agents and summary (leading
columns included; ties and agents where the stored run has them) are compared with the stored
ones and with its rows of the combined tables: every stored column, exactly.  Columns a later
tiesim added (``store.LATER_COLUMNS``) that the stored run lacks are named and not compared.  Exit
codes: 0 identical; 1 different (the first differing table and column are named); 2 bad input,
or a stored file that fails its checksum.
"""

from __future__ import annotations

import argparse

from tiesim.files import user_path


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``rerun``."""
    p = subparsers.add_parser(
        "rerun", help="repeat one stored run of a results folder and check it is identical"
    )
    p.add_argument("folder", help="results folder, e.g. results/weak_tie_density")
    p.add_argument("run_id", help="the run's id, e.g. p0003-r0012 (see runs.csv)")
    p.add_argument("--out", help="also write the fresh run's tables into this new folder")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Repeat, optionally write, compare and say whether the run is identical."""
    from tiesim.runner.reproduce import (
        check_new_folder,
        compared_tables,
        first_difference,
        repeat_run,
        write_tables,
    )

    out = user_path(args.out, "--out") if args.out else None
    if out is not None:
        check_new_folder(out)
    rerun = repeat_run(args.folder, args.run_id)
    spec = rerun.spec
    values = "".join(f", {k}={v}" for k, v in spec.overrides.items())
    name = f"{spec.run_id} (seed {spec.seed}{values})"
    if out is not None:
        write_tables(rerun, out)
        print(f"fresh tables: {out}/ ({', '.join(rerun.tables)} as Parquet)")
    difference = first_difference(rerun)
    if difference is None:
        tables = ", ".join(compared_tables(rerun))
        combined = "and its rows of the combined tables"
        print(f"{name}: identical to the stored run ({tables}, {combined}){_later(rerun)}")
        return 0
    notes = _code_note(rerun.stored_code) + _engine_note(rerun.stored_code, rerun.engine)
    print(f"{name}: differs from the stored run: {difference}{notes}")
    return 1


def _later(rerun) -> str:
    """The columns not compared because the stored run was made before they existed."""
    if not rerun.not_stored:
        return ""
    names = ", ".join(f"{t}.{c}" for t, columns in rerun.not_stored.items() for c in columns)
    return f"; not compared, added to tiesim after the run was stored: {names}"


def _code_note(stored: dict) -> str:
    """Which code made the stored run, when it is not the code running now."""
    from tiesim.runner import provenance

    now = provenance.code_version()
    if {"tiesim": stored.get("tiesim"), "git": stored.get("git")} == now:
        return ""
    return f" (stored by {provenance.describe_code(stored)}, now {provenance.describe_code(now)})"


def _engine_note(stored: dict, now: dict | None) -> str:
    """Whether the module file of an engine class of your own changed since the run."""
    before = stored.get("engine") or {}
    if before.get("sha256") == (now or {}).get("sha256"):
        return ""
    where = (now or before).get("file")
    old, new = str(before.get("sha256"))[:12], str((now or {}).get("sha256"))[:12]
    return f" (engine module {where}: SHA-256 {old} when stored, {new} now)"
