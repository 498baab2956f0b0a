"""``tiesim animate CONFIG --out FILE.gif|FILE.mp4 [--set KEY=VALUE ...] [--size WxH] ...``."""

from __future__ import annotations

import argparse

from tiesim.app.presets import COLOUR_BY
from tiesim.app.video import DEFAULT_DPI, DEFAULT_FPS, DEFAULT_SIZE
from tiesim.cli.run import add_overrides_argument, parse_overrides


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register ``animate``."""
    p = subparsers.add_parser(
        "animate",
        help="render a run's network over time to an animated GIF or MP4 (for slides)",
        description="Render a run's network over time to an animated GIF or an MP4 video, "
        "without a browser. Works on both engines.",
    )
    p.add_argument("config", help="YAML experiment config, e.g. configs/quickstart.yaml")
    p.add_argument("--out", required=True, help="the .gif or .mp4 to write, e.g. slides/run.gif")
    add_overrides_argument(p)
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
    p.add_argument(
        "--ties-by-strength",
        action="store_true",
        help="draw each tie with a width and shade that follow its strength",
    )
    p.add_argument(
        "--bridges",
        action="store_true",
        help="mark the local bridges (ties whose ends have no contact in common)",
    )
    width, height = DEFAULT_SIZE
    p.add_argument(
        "--size",
        default=f"{width}x{height}",
        metavar="WIDTHxHEIGHT",
        help=f"frame size in pixels (default {width}x{height}; e.g. 1920x1080 for slides)",
    )
    p.add_argument(
        "--dpi",
        type=float,
        default=DEFAULT_DPI,
        help=f"pixels per inch: larger makes text, lines and dots larger (default {DEFAULT_DPI})",
    )
    p.add_argument(
        "--fps",
        type=float,
        default=DEFAULT_FPS,
        help=f"frames per second (default {DEFAULT_FPS:g})",
    )
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Render the GIF or MP4 and say what was written."""
    from tiesim.app.animate import animate, parse_size
    from tiesim.config import load_config

    result = animate(
        load_config(args.config, parse_overrides(args.overrides)),
        args.out,
        steps=args.steps,
        every=args.every,
        frames_dir=args.frames_dir,
        cut_weak_ties_at=args.cut_weak_ties_at,
        colour_by=args.colour_by,
        ties_by_strength=args.ties_by_strength,
        bridges=args.bridges,
        size=parse_size(args.size),
        dpi=args.dpi,
        fps=args.fps,
    )
    where = f"; PNG frames in {result.frames_dir}/" if result.frames_dir else ""
    print(
        f"wrote {result.out}: {result.frames} frames of {result.size[0]}x{result.size[1]}, "
        f"steps 0-{result.steps} every {result.every}{where}"
    )
    return 0
