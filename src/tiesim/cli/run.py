"""``tiesim run CONFIG [--out DIR] [--set key.path=value ...]``."""

from __future__ import annotations

import argparse
import sys
from typing import Any

import yaml

from tiesim.errors import TiesimError
from tiesim.runner.experiment import ExperimentResult, run


def parse_overrides(items: list[str]) -> dict[str, Any]:
    """``["jobs.job_loss=0.02", ...]`` → ``{"jobs.job_loss": 0.02}`` (values read as YAML)."""
    overrides: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise TiesimError(f"--set must look like key.path=value (got {item!r})")
        try:
            overrides[key.strip()] = yaml.safe_load(text)
        except yaml.YAMLError:
            raise TiesimError(f"--set {key}: value {text!r} is not valid YAML") from None
    return overrides


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``run``."""
    p = subparsers.add_parser("run", help="run an experiment config and write its results")
    p.add_argument("config", help="YAML experiment config, e.g. configs/quickstart.yaml")
    p.add_argument("--out", help="results folder (default: <outputs.dir>/<name>)")
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="override a config value (repeatable)",
    )
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the experiment and print its summary."""

    def progress(done: int, total: int) -> None:
        if total > 1:
            print(f"\r  runs done: {done}/{total}", end="", file=sys.stderr, flush=True)

    result = run(
        args.config, out=args.out, overrides=parse_overrides(args.overrides), progress=progress
    )
    if len(result.runs) > 1:
        print(file=sys.stderr, flush=True)
    print(format_summary(result))
    return 0


COLUMNS = (
    ("employment_rate", "employment"),
    ("opportunity_discovery", "discovery"),
    ("time_to_first_lead", "steps to 1st lead"),
    ("weak_share_of_contact_hires", "weak share of contact hires"),
    ("information_diversity", "info diversity"),
)


def format_summary(result: ExperimentResult) -> str:
    """A short, readable summary of the key figures per sweep point."""
    cfg = result.config
    runs = len(result.runs)
    lines = [
        f"{cfg.name}: {runs} run(s) of {cfg.steps} steps in {result.runs['seconds'].sum():.1f} s",
        "final-window means (last quarter of the steps; mean over replicates"
        + (", ± half-width of the 95% CI)" if cfg.sweep.replicates > 1 else ")"),
    ]
    table = result.summary
    header = [p.split(".")[-1] for p in result.swept] + [title for _, title in COLUMNS]
    rows = []
    for _, row in table.iterrows():
        cells = [f"{row[p]:g}" if isinstance(row[p], float) else str(row[p]) for p in result.swept]
        for name, _ in COLUMNS:
            mean, high = row[f"{name}_mean"], row[f"{name}_ci_high"]
            cell = f"{mean:.3f}" if mean == mean else "n/a"
            if high == high:
                cell += f" ± {high - mean:.3f}"
            cells.append(cell)
        rows.append(cells)
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    lines.append("  " + "  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
    lines += ["  " + "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    if result.out_dir is not None:
        lines.append(
            f"results: {result.out_dir}/ (metrics, hires, runs, summary as Parquet"
            f"{' and CSV' if cfg.outputs.csv else ''}; config.yaml"
            f"{'; metrics.png' if cfg.outputs.plot else ''})"
        )
    return "\n".join(lines)
