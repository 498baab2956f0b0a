"""``tiesim animate CONFIG --out FILE.gif [--frames-dir DIR] [--steps N] [--every K]``."""

from __future__ import annotations

import argparse

COLOUR_BY = ("employment", "trend adoption")  # tiesim.app.presets.COLOUR_BY (a test checks)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``animate``."""
    p = subparsers.add_parser(
        "animate",
        help="render a run's network over time to an animated GIF (for slides)",
        description="Render a run's network over time to an animated GIF, without a browser.",
    )
    p.add_argument("config", help="YAML experiment config, e.g. configs/quickstart.yaml")
    p.add_argument("--out", required=True, help="the GIF to write, e.g. slides/run.gif")
    p.add_argument("--frames-dir", help="also write every frame as a PNG into this folder")
    p.add_argument("--steps", type=int, help="steps to run (default: the config's steps)")
    p.add_argument("--every", type=int, help="steps between frames (default: at most ~50 frames)")
    p.add_argument(
        "--cut-weak-ties-at",
        type=int,
        default=0,
        metavar="STEP",
        help="cut every weak tie at the start of this step, as the demo's preset does",
    )
    p.add_argument(
        "--colour-by", choices=COLOUR_BY, default="employment", help="how to colour people"
    )
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Render the GIF and say what was written."""
    from tiesim.app.animate import animate
    from tiesim.config import load_config

    result = animate(
        load_config(args.config),
        args.out,
        steps=args.steps,
        every=args.every,
        frames_dir=args.frames_dir,
        cut_weak_ties_at=args.cut_weak_ties_at,
        colour_by=args.colour_by,
    )
    where = f"; PNG frames in {result.frames_dir}/" if result.frames_dir else ""
    print(
        f"wrote {result.out}: {result.frames} frames, steps 0-{result.steps} "
        f"every {result.every}{where}"
    )
    return 0
