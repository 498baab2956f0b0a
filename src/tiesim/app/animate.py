"""A run's network over time as an animated GIF or MP4 (and PNG frames), for slides: no browser.

Frames are drawn by one :class:`tiesim.app.drawing.NetworkPicture`, updated in place, on either
engine; they are written by :mod:`tiesim.app.video`.  Frame 0 is the network before the first
step; then one frame every ``every`` steps, and always the last step.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from tiesim.app.demo_model import cut_weak_ties
from tiesim.app.drawing import NetworkPicture
from tiesim.app.layout import graph_layout
from tiesim.app.presets import COLOUR_BY
from tiesim.app.video import (
    DEFAULT_DPI,
    DEFAULT_FPS,
    DEFAULT_SIZE,
    check_format,
    write_video,
)
from tiesim.config import ExperimentConfig
from tiesim.errors import TiesimError
from tiesim.runner.single import make_model

MAX_DEFAULT_FRAMES = 50
SIZE_RANGE = (200, 4000)
DPI_RANGE = (30, 600)


@dataclass(frozen=True)
class Animation:
    """What :func:`animate` wrote."""

    out: Path
    frames: int
    steps: int
    every: int
    frames_dir: Path | None
    size: tuple[int, int]


def frame_steps(steps: int, every: int) -> list[int]:
    """Steps after which a frame is drawn: 0, every, 2·every, …, and ``steps``."""
    shown = list(range(0, steps + 1, every))
    return shown if shown[-1] == steps else [*shown, steps]


def parse_size(text: str) -> tuple[int, int]:
    """``"1280x720"`` → ``(1280, 720)``: width and height in pixels (a TiesimError if not)."""
    low, high = SIZE_RANGE
    width, sep, height = text.lower().partition("x")
    try:
        size = (int(width), int(height)) if sep else None
    except ValueError:
        size = None
    if size is None or not all(low <= s <= high for s in size):
        raise TiesimError(
            f"--size must be WIDTHxHEIGHT in pixels, each in [{low}, {high}] (got {text!r})"
        )
    return size


def render_frames(
    config: ExperimentConfig,
    steps: int,
    every: int,
    *,
    cut_weak_ties_at: int = 0,
    colour_by: str = "employment",
    ties_by_strength: bool = False,
    bridges: bool = False,
    size: tuple[int, int] = DEFAULT_SIZE,
    dpi: float = DEFAULT_DPI,
) -> Iterator[tuple[int, np.ndarray]]:
    """Run ``config`` for ``steps`` steps, yielding ``(step, RGB frame)`` at :func:`frame_steps`.

    ``cut_weak_ties_at`` cuts every weak tie at the start of that step (0: never), as the
    demo's "cut the weak ties" preset does.
    """
    model = make_model(config)
    picture = NetworkPicture(
        model,
        graph_layout(config.graph.kind, model.graph),
        colour_by=colour_by,
        ties_by_strength=ties_by_strength,
        bridges=bridges,
        size=size,
        dpi=dpi,
    )
    shown = set(frame_steps(steps, every))
    for step in range(steps + 1):
        if step > 0:
            if step == cut_weak_ties_at:
                cut_weak_ties(model)
            model.step()
        if step in shown:
            picture.update(model)
            yield step, picture.pixels()


def animate(
    config: ExperimentConfig,
    out: str | Path,
    *,
    steps: int | None = None,
    every: int | None = None,
    frames_dir: str | Path | None = None,
    cut_weak_ties_at: int = 0,
    colour_by: str = "employment",
    ties_by_strength: bool = False,
    bridges: bool = False,
    size: tuple[int, int] = DEFAULT_SIZE,
    dpi: float = DEFAULT_DPI,
    fps: float = DEFAULT_FPS,
) -> Animation:
    """Write an animated GIF or MP4 of ``config``'s run to ``out`` (and PNG frames).

    Parameters
    ----------
    config : ExperimentConfig
        The run (its graph, mechanisms, engine and seed).
    out : str or Path
        The file to write; ``.gif`` or ``.mp4``.
    steps : int, optional
        Steps to run (default ``config.steps``).
    every : int, optional
        Steps between frames (default: enough for at most about 50 frames).
    frames_dir : str or Path, optional
        Also write each frame as ``step_0000.png`` … into this folder.
    cut_weak_ties_at : int, optional
        Cut every weak tie at the start of this step (0: never).
    colour_by : {"employment", "trend adoption", "brokerage"}, optional
        How to colour people.
    ties_by_strength : bool, optional
        Draw each tie with a width and shade that follow its strength.
    bridges : bool, optional
        Mark the local bridges (ties whose ends have no contact in common).
    size : tuple of int, optional
        Width and height of the frames in pixels (MP4: rounded down to even numbers).
    dpi : float, optional
        Pixels per inch: larger makes text, lines and dots larger within the same size.
    fps : float, optional
        Frames per second.

    Returns
    -------
    Animation
    """
    out = Path(out)
    steps = config.steps if steps is None else steps
    suffix = check_format(out)
    if steps < 1:
        raise TiesimError(f"--steps must be >= 1 (got {steps})")
    every = max(1, math.ceil(steps / MAX_DEFAULT_FRAMES)) if every is None else every
    if every < 1:
        raise TiesimError(f"--every must be >= 1 (got {every})")
    if cut_weak_ties_at < 0:
        raise TiesimError(f"--cut-weak-ties-at must be >= 0 (got {cut_weak_ties_at})")
    if colour_by not in COLOUR_BY:
        raise TiesimError(f"--colour-by must be one of {', '.join(COLOUR_BY)} (got {colour_by!r})")
    if not DPI_RANGE[0] <= dpi <= DPI_RANGE[1]:
        raise TiesimError(f"--dpi must be in [{DPI_RANGE[0]}, {DPI_RANGE[1]}] (got {dpi:g})")
    if not 0.1 <= fps <= 60:
        raise TiesimError(f"--fps must be in [0.1, 60] (got {fps:g})")
    if suffix == ".mp4":
        size = (size[0] - size[0] % 2, size[1] - size[1] % 2)
    folder = None if frames_dir is None else Path(frames_dir)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)

    def frames() -> Iterator[np.ndarray]:
        for step, frame in render_frames(
            config,
            steps,
            every,
            cut_weak_ties_at=cut_weak_ties_at,
            colour_by=colour_by,
            ties_by_strength=ties_by_strength,
            bridges=bridges,
            size=size,
            dpi=dpi,
        ):
            if folder is not None:
                Image.fromarray(frame).save(folder / f"step_{step:04d}.png")
            yield frame

    count = write_video(out, frames(), fps)
    return Animation(out, count, steps, every, folder, size)
