"""``tiesim demo [CONFIG] [--host HOST] [--port PORT]``: the classroom page in the browser.

The page's server runs in a child process.  Ctrl-C stops it, and so do SIGTERM and SIGHUP
(``kill PID``, a closed terminal): they are turned into the same interrupt, so the server is
always stopped before ``tiesim demo`` exits (exit code 128 + the signal's number).
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"  # tiesim.app.server's defaults (a test checks they agree)
DEFAULT_PORT = 8765


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``demo``."""
    p = subparsers.add_parser(
        "demo",
        help="serve the interactive weak-ties lab (works offline)",
        description="Serve the classroom demo: a Mesa SolaraViz page of the weak-ties model.",
    )
    p.add_argument(
        "config",
        nargs="?",
        help="YAML experiment config (graph.kind community, small_world or dataset): the "
        "sliders' starting values",
    )
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this computer only; "
        "0.0.0.0 shares the page on the classroom network)",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Check the port and config here (bad ones: one line and exit 2), then serve the page."""
    from tiesim.app.server import check_port

    check_port(args.port)
    if args.config is not None:
        from tiesim.app.demo_model import graph_left_out, left_out, starting_params
        from tiesim.config import load_config

        starting_params(args.config)
        config = load_config(args.config)
        parts = left_out(config)
        if parts:
            print(
                f"tiesim demo: the page shows networking events, interviews and closure only; "
                f"{args.config} also has {', '.join(parts)}, left out here "
                f"(tiesim run or tiesim animate runs them)",
                file=sys.stderr,
            )
        fields = graph_left_out(config)
        if fields:
            print(
                f"tiesim demo: the page infers a real network's ties and communities as by "
                f"default; {args.config} sets {', '.join(fields)}, left out here "
                f"(tiesim run or tiesim animate uses them)",
                file=sys.stderr,
            )
    with signals_as_interrupt() as received:
        code = serve(args.config, host=args.host, port=args.port)
    return 128 + received[0] if received else code


@contextlib.contextmanager
def signals_as_interrupt(
    signals: tuple[signal.Signals, ...] = (signal.SIGTERM, signal.SIGHUP),
) -> Iterator[list[int]]:
    """Within the block, the first of ``signals`` raises KeyboardInterrupt; later ones wait.

    Yields the list of signal numbers received (at most one).  Only the main thread can
    install signal handlers; elsewhere the block runs unchanged.
    """
    received: list[int] = []

    def interrupt(signum: int, frame: object) -> None:
        if received:  # already stopping: let the server stop in peace
            return
        received.append(signum)
        raise KeyboardInterrupt

    try:
        previous = {sig: signal.signal(sig, interrupt) for sig in signals}
    except ValueError:  # not the main thread
        yield received
        return
    try:
        yield received
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def serve(config: str | Path | None, host: str, port: int) -> int:
    """Serve the page until Ctrl-C (:func:`tiesim.app.server.serve`)."""
    from tiesim.app.server import serve as serve_page

    return serve_page(config, host=host, port=port)
