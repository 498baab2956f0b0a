"""The ``tiesim`` command: a thin adapter that parses arguments and calls one core function.

Each subcommand lives in its own module with ``add_parser(subparsers)`` and a ``handler(args)``.
Errors the user can fix (:class:`~tiesim.errors.TiesimError`) become one line on stderr and exit
code 2; argparse's own usage errors also exit 2.  Output into a pipe that closes early
(``tiesim validate ... | head``) ends quietly with exit code 141, as a program killed by
SIGPIPE would.

The subcommand modules import nothing heavy at the top (their handlers import the simulation,
pandas, matplotlib and numba when they run), so ``tiesim --help`` answers at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from tiesim import __version__
from tiesim.cli import animate as animate_cmd
from tiesim.cli import demo as demo_cmd
from tiesim.cli import replicate as replicate_cmd
from tiesim.cli import report as report_cmd
from tiesim.cli import rerun as rerun_cmd
from tiesim.cli import run as run_cmd
from tiesim.cli import validate as validate_cmd
from tiesim.errors import TiesimError

COMMANDS = (
    run_cmd,
    validate_cmd,
    report_cmd,
    rerun_cmd,
    replicate_cmd,
    demo_cmd,
    animate_cmd,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="tiesim",
        description="Simulate how weak and strong ties carry job openings and trends.",
    )
    parser.add_argument("--version", action="version", version=f"tiesim {__version__}")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(subparsers)
    return parser


BROKEN_PIPE = 141  # 128 + SIGPIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``tiesim`` console script; returns the exit code."""
    try:
        try:
            return _run(argv)
        finally:
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``| head``): send what is still buffered nowhere.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return BROKEN_PIPE


def _run(argv: Sequence[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args) or 0)
    except TiesimError as exc:
        print(f"tiesim: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("tiesim: interrupted", file=sys.stderr)
        return 130
