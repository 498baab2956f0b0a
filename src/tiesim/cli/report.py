"""``tiesim report DIR``: rebuild tables, summaries, figures and the report from stored runs."""

from __future__ import annotations

import argparse
import sys

from tiesim.cli.run import format_summary


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``report``."""
    p = subparsers.add_parser(
        "report", help="rebuild summaries, figures and report of a results folder"
    )
    p.add_argument("folder", help="results folder, e.g. results/weak_tie_density")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Rebuild and print the summary."""
    from tiesim.runner.experiment import rebuild

    result = rebuild(args.folder)
    print(format_summary(result))
    if result.mixed_code:
        print(f"tiesim: note: {result.mixed_code}", file=sys.stderr)
    if result.report is not None:
        print(f"report: {result.report.with_suffix('.html')}")
    return 0
