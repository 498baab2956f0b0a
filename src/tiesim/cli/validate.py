"""``tiesim validate CONFIG [CONFIG ...] [--set ...]``: check configs and print their plans.

Nothing runs and nothing is written.  Each bad config gives one line on stderr naming its file;
the exit code is 2 if any config is bad, else 0.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tiesim.cli.run import add_overrides_argument, naming_file, parse_overrides
from tiesim.errors import TiesimError
from tiesim.files import user_path

if TYPE_CHECKING:
    from tiesim.runner.plan import CheckedDesign

SHOWN = 8


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``validate``."""
    p = subparsers.add_parser("validate", help="check configs and print their planned runs")
    p.add_argument("configs", nargs="+", metavar="CONFIG", help="YAML experiment config(s)")
    p.add_argument("--out", help="results folder to check for stored runs")
    add_overrides_argument(p)
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Validate, plan and describe each config; report every bad one; 2 if any was bad.

    The plan is checked as ``tiesim run`` checks it (every point's values, graph files,
    memory), but not built: a plan of a million runs is counted, not listed.
    """
    from tiesim.runner.plan import as_config, check_design
    from tiesim.runner.preflight import preflight

    overrides = parse_overrides(args.overrides)
    out = user_path(args.out, "--out") if args.out else None
    bad = 0
    for path in args.configs:
        try:
            config = as_config(path, overrides)
            design = check_design(config)
            preflight(design)
            text = describe_plan(design, out)
        except TiesimError as exc:
            bad += 1
            print(f"tiesim: error: {naming_file(path, exc)}", file=sys.stderr)
            continue
        print(text)
    return 2 if bad else 0


def describe_plan(design: CheckedDesign, out: Path | None) -> str:
    """What ``tiesim run`` would do with the checked plan ``design``."""
    from tiesim.files import check_folder_path
    from tiesim.runner.engine_class import engine_sources
    from tiesim.runner.ownership import tiesim_manifest
    from tiesim.runner.plan import (
        count_runs,
        default_out_dir,
        is_planned,
        iter_specs,
        replicate_seeds,
    )
    from tiesim.runner.provenance import config_hash
    from tiesim.runner.store import ResultsFolder

    config = design.base
    sweep = config.sweep
    graph = config.graph
    size = f", n={graph.n}" if hasattr(graph, "n") else ""
    size = f" ({graph.name})" if graph.kind == "dataset" else size
    lines = [
        f"{config.name}: config OK (hash {config_hash(config)})",
        f"  engine {config.engine}, {config.steps} steps, {graph.kind} graph{size}",
        f"  {count_runs(config)} runs = {sweep.num_points()} point(s) x {sweep.replicates} "
        f"replicate(s)",
    ]
    swept = [v.config.engine for v in design.sections.get("engine", [])]
    for source in engine_sources([config.engine, *swept]).values():
        lines.append(f"  engine class {source['class']} from {source['file']}")
    for path, values in sweep.grid_values().items():
        shown = ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values[:SHOWN])
        lines.append(f"  grid {path}: {shown}{' ...' if len(values) > SHOWN else ''}")
    if sweep.sample is not None:
        lines.append(f"  sample: {sweep.sample.method}, n={sweep.sample.n} (SALib)")
        lines += [
            f"    {path} in [{r.low:g}, {r.high:g}]" for path, r in sweep.sample.parameters.items()
        ]
    seeds = replicate_seeds(config.seed, min(sweep.replicates, 3))
    lines.append(
        f"  seeds: experiment seed {config.seed}; replicate seeds (SeedSequence.spawn, same at "
        f"every point): {', '.join(map(str, seeds))}{' ...' if sweep.replicates > 3 else ''}"
    )
    lines.append(f"  final window: last {sweep.window:.0%} of the steps")
    lines.append("  first runs:")
    for spec in itertools.islice(iter_specs(config, design.points), 3):
        values = ", ".join(f"{k}={v}" for k, v in spec.overrides.items())
        lines.append(f"    {spec.run_id}  seed {spec.seed}  {values}")
    folder = ResultsFolder(out or default_out_dir(config))
    check_folder_path(folder.path, "results folder")
    manifest = tiesim_manifest(folder.path) if folder.path.is_dir() else None
    if manifest is None and folder.path.is_dir() and any(folder.path.iterdir()):
        lines.append(
            f"  results: {folder.path}/ is not a tiesim results folder (run would refuse it; "
            f"use --out elsewhere)"
        )
    elif manifest is None:
        lines.append(f"  results: {folder.path}/ (new)")
    elif manifest.get("config_hash") == config_hash(config):
        done = sum(1 for run_id in folder.completed() if is_planned(config, run_id))
        lines.append(
            f"  results: {folder.path}/ holds {done} of {count_runs(config)} runs (resumes)"
            f"{interrupted_note(manifest)}"
        )
    else:
        lines.append(f"  results: {folder.path}/ holds a different config (needs --overwrite)")
    return "\n".join(lines)


def interrupted_note(manifest: dict) -> str:
    """A note when the manifest says running: still running, or killed before it finished."""
    from tiesim.runner.ownership import sweep_state

    state = sweep_state(manifest)
    if state == "running":
        return "; a sweep is running there now"
    if state == "killed":
        return "; its last sweep was killed before it finished (run again to resume)"
    return ""
