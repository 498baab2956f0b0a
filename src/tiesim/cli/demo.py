"""``tiesim demo [CONFIG] [--host HOST] [--port PORT]``: the classroom page in the browser."""

from __future__ import annotations

import argparse

from tiesim.app.server import DEFAULT_HOST, DEFAULT_PORT, check_port, serve


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
        help="YAML experiment config with a community graph: the sliders' starting values",
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
    check_port(args.port)
    if args.config is not None:
        from tiesim.app.demo_model import starting_params

        starting_params(args.config)
    return serve(args.config, host=args.host, port=args.port)
