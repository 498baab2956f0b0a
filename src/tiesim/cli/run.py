"""``tiesim run CONFIG [--out DIR] [--set key.path=value ...] [--workers N] ...``.

Runs every planned run that is not yet stored in the results folder, on all cores by default
(a local process pool; ``--executor dask --scheduler ADDRESS`` runs them on a Dask cluster, and
``--scheduler local`` starts one on this machine for the sweep), and prints a short per-point
summary.  Exit codes: 0 all runs done; 1 some runs raised (they are named, the rest are
stored); 2 bad input (nothing written); 130 interrupted (finished runs are kept — run the same
command again to resume).
"""

from __future__ import annotations

import argparse
import sys
from contextlib import ExitStack
from typing import TYPE_CHECKING, Any

from tiesim.errors import ConfigError, RunsFailedError, TiesimError, shorten, shown

if TYPE_CHECKING:
    from tiesim.runner.experiment import ExperimentResult


def parse_overrides(items: list[str]) -> dict[str, Any]:
    """``["jobs.job_loss=0.02", ...]`` → ``{"jobs.job_loss": 0.02}`` (values read as YAML)."""
    from tiesim.config.yaml_loader import parse_yaml

    overrides: dict[str, Any] = {}
    for item in items:
        key, sep, text = item.partition("=")
        if not sep or not key.strip():
            raise TiesimError(f"--set must look like key.path=value (got {shown(item)})")
        overrides[key.strip()] = parse_yaml(text, f"--set {shorten(key.strip())}: value")
    return overrides


def parse_workers(text: str | None) -> int | None:
    """``--workers`` as a positive integer (None: every core)."""
    if text is None:
        return None
    try:
        workers = int(text)
    except ValueError:
        workers = 0
    if workers < 1 or str(workers) != text.strip():
        raise TiesimError(f"--workers must be an integer >= 1 (got {text!r})")
    return workers


def add_overrides_argument(p: argparse.ArgumentParser) -> None:
    """The repeatable ``--set KEY.PATH=VALUE`` option."""
    p.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY.PATH=VALUE",
        help="override a config value (repeatable)",
    )


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``run``."""
    p = subparsers.add_parser("run", help="run an experiment config and write its results")
    p.add_argument("config", help="YAML experiment config, e.g. configs/quickstart.yaml")
    p.add_argument("--out", help="results folder (default: <outputs.dir>/<name>)")
    add_overrides_argument(p)
    p.add_argument(
        "--workers",
        metavar="N",
        help="worker processes of the process pool or of --scheduler local (default: every core)",
    )
    p.add_argument(
        "--executor",
        default="process",
        metavar="{process,dask}",
        help="process: a local process pool (default); dask: a Dask cluster, see --scheduler",
    )
    p.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --executor dask: the address of a running Dask scheduler, e.g. "
        "tcp://host:8786, or 'local' to start a Dask cluster of --workers processes on this "
        "machine for this sweep (needs pip install 'tiesim[dask]')",
    )
    p.add_argument(
        "--overwrite",
        action="store_true",
        help="start afresh in a tiesim results folder: delete the runs stored there (of this "
        "config or another; only files tiesim wrote) and compute every run again",
    )
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(handler=handle)


def naming_file(path: str, exc: Exception) -> str:
    """The message of an error in the config file ``path``, with the file named once."""
    message = str(exc)
    return message if f"'{path}'" in message else f"{path}: {message}"


def handle(args: argparse.Namespace) -> int:
    """Run the experiment, print its summary, and name any failed runs."""
    workers = parse_workers(args.workers)
    if args.executor not in ("process", "dask"):
        raise TiesimError(f"--executor must be process or dask (got {args.executor!r})")
    if (args.executor == "dask") != (args.scheduler is not None):
        raise TiesimError(
            "--executor dask needs --scheduler ADDRESS, and --scheduler needs --executor dask "
            f"(got --executor {args.executor}, --scheduler {args.scheduler})"
        )
    overrides = parse_overrides(args.overrides)
    from tiesim.runner.executors import dask_executor
    from tiesim.runner.experiment import run

    outcome = None
    try:
        with ExitStack() as stack:
            executor = None
            if args.executor == "dask":
                executor = stack.enter_context(dask_executor(args.scheduler, workers))
            try:
                result = run(
                    args.config,
                    out=args.out,
                    overrides=overrides,
                    workers=workers,
                    executor=executor,
                    overwrite=args.overwrite,
                    progress=not args.quiet,
                )
            except RunsFailedError as exc:  # every run raised: name them as for some
                result = exc.result
            except ConfigError as exc:  # a bad config: name its file, as tiesim validate does
                raise ConfigError(naming_file(args.config, exc)) from None
            except KeyboardInterrupt:
                print(
                    "tiesim: interrupted; finished runs are stored — run the same command "
                    "again to resume",
                    file=sys.stderr,
                )
                return 130
            outcome = report_outcome(result)  # before a local Dask cluster shuts down
    except KeyboardInterrupt:
        if outcome is None:
            raise
        print(
            "tiesim: interrupted while the Dask cluster shut down; every run and table was "
            "already stored",
            file=sys.stderr,
        )
        return 130
    return outcome


def report_outcome(result: ExperimentResult) -> int:
    """Print the summary and name any failed runs; the exit code (1 if some runs failed)."""
    print(format_summary(result), flush=True)
    if result.mixed_code:
        print(f"tiesim: note: {result.mixed_code}", file=sys.stderr)
    if len(result.failed):
        failed = result.failed
        names = ", ".join(f"{r.run_id} (seed {r.seed})" for r in failed.head(10).itertuples())
        more = f" and {len(failed) - 10} more" if len(failed) > 10 else ""
        where = f"; see {result.out_dir}/failed.csv" if result.out_dir else ""
        print(
            f"tiesim: {len(failed)} of {len(failed) + len(result.runs)} runs failed: "
            f"{names}{more}{where}",
            file=sys.stderr,
        )
        return 1
    return 0


MAX_ROWS = 30


def _fmt(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def format_summary(result: ExperimentResult) -> str:
    """A short, readable summary of the key figures per sweep point."""
    cfg = result.config
    runs = len(result.runs)
    resumed = f", {result.resumed} of them already stored" if result.resumed else ""
    lines = [
        f"{cfg.name}: {runs} run(s) of {cfg.steps} steps, engine {cfg.engine}: "
        f"{result.run_seconds:.1f} s of run time, {result.wall_seconds:.1f} s wall{resumed}",
        "final-window means (last "
        + ("quarter" if cfg.sweep.window == 0.25 else f"{cfg.sweep.window:.0%}")
        + " of the steps; mean over replicates"
        + (", ± half-width of the 95% CI)" if cfg.sweep.replicates > 1 else ")"),
    ]
    table = result.summary
    from tiesim.analysis.summary import KEY_METRICS, interval_cells, with_mechanism_metrics

    columns = with_mechanism_metrics(KEY_METRICS, table, cfg.networking.step_days)
    header = [p.split(".")[-1] for p in result.swept] + [title for _, title in columns]
    rows = []
    shown = {m: interval_cells(table.head(MAX_ROWS), m) for m, _ in columns}
    for i, (_, row) in enumerate(table.head(MAX_ROWS).iterrows()):
        cells = [_fmt(row[p]) for p in result.swept]
        cells += [shown[m][i] for m, _ in columns]
        rows.append(cells)
    if rows:
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
        lines.append("  " + "  ".join(h.rjust(w) for h, w in zip(header, widths, strict=True)))
        lines += [
            "  " + "  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows
        ]
    if len(table) > MAX_ROWS:
        lines.append(f"  ... {len(table) - MAX_ROWS} more points in summary.csv")
    if result.out_dir is not None:
        report = "; report.html, report.md" if result.report is not None else ""
        from tiesim.runner.finalize import MAX_CSV_ROWS
        from tiesim.runner.ownership import COMBINED_TABLES as names

        parquet_only = [name for name in names if not (result.out_dir / f"{name}.csv").exists()]
        if not cfg.outputs.csv:
            csv_note = ""
        elif parquet_only:
            csv_note = f" and CSV (not {', '.join(parquet_only)}: over {MAX_CSV_ROWS:,} rows)"
        else:
            csv_note = " and CSV"
        lines.append(
            f"results: {result.out_dir}/ ({', '.join(names)} as Parquet{csv_note}; "
            f"manifest.json{report})"
        )
    return "\n".join(lines)
