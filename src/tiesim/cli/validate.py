"""``tiesim validate CONFIG [--set ...]``: check a config and print the planned runs.

Nothing runs and nothing is written.  Bad input gives one line on stderr and exit code 2.
"""

from __future__ import annotations

import argparse

from tiesim.cli.run import add_overrides_argument, parse_overrides
from tiesim.config import ExperimentConfig
from tiesim.runner.experiment import as_config, default_out_dir
from tiesim.runner.plan import RunSpec, plan_runs, replicate_seeds
from tiesim.runner.provenance import config_hash
from tiesim.runner.store import ResultsFolder

SHOWN = 8


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``validate``."""
    p = subparsers.add_parser("validate", help="check a config and print its planned runs")
    p.add_argument("config", help="YAML experiment config")
    p.add_argument("--out", help="results folder to check for stored runs")
    add_overrides_argument(p)
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Validate, plan and describe."""
    config = as_config(args.config, parse_overrides(args.overrides))
    specs = plan_runs(config)
    print(describe_plan(config, specs, args.out))
    return 0


def describe_plan(config: ExperimentConfig, specs: list[RunSpec], out: str | None) -> str:
    """What ``tiesim run`` would do with ``config``."""
    sweep = config.sweep
    points = len({s.point for s in specs})
    graph = config.graph
    size = f", n={graph.n}" if hasattr(graph, "n") else ""
    lines = [
        f"{config.name}: config OK (hash {config_hash(config)})",
        f"  engine {config.engine}, {config.steps} steps, {graph.kind} graph{size}",
        f"  {len(specs)} runs = {points} point(s) x {sweep.replicates} replicate(s)",
    ]
    for path, values in sweep.grid_values().items():
        shown = ", ".join(f"{v:g}" if isinstance(v, float) else str(v) for v in values[:SHOWN])
        lines.append(f"  grid {path}: {shown}{' ...' if len(values) > SHOWN else ''}")
    if sweep.sample is not None:
        lines.append(f"  sample: {sweep.sample.method}, n={sweep.sample.n} (SALib)")
        lines += [
            f"    {path} in [{r.low:g}, {r.high:g}]" for path, r in sweep.sample.parameters.items()
        ]
    seeds = replicate_seeds(config.seed, sweep.replicates)
    lines.append(
        f"  seeds: experiment seed {config.seed}; replicate seeds (SeedSequence.spawn, same at "
        f"every point): {', '.join(map(str, seeds[:3]))}{' ...' if len(seeds) > 3 else ''}"
    )
    lines.append(f"  final window: last {sweep.window:.0%} of the steps")
    lines.append("  first runs:")
    for spec in specs[:3]:
        values = ", ".join(f"{k}={v}" for k, v in spec.overrides.items())
        lines.append(f"    {spec.run_id}  seed {spec.seed}  {values}")
    folder = ResultsFolder(out or default_out_dir(config))
    manifest = folder.read_manifest() if folder.path.is_dir() else None
    if manifest is None:
        lines.append(f"  results: {folder.path}/ (new)")
    elif manifest.get("config_hash") == config_hash(config):
        done = len(folder.completed() & {s.run_id for s in specs})
        lines.append(f"  results: {folder.path}/ holds {done} of {len(specs)} runs (resumes)")
    else:
        lines.append(f"  results: {folder.path}/ holds a different config (needs --overwrite)")
    return "\n".join(lines)
