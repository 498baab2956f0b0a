"""A run's network over time as an animated GIF (and PNG frames), for slides: no browser.

Frames are drawn with :func:`tiesim.app.drawing.draw_network` on one matplotlib figure, the
layout computed once, and joined with Pillow.  Frame 0 is the network before the first step;
then one frame every ``every`` steps, and always the last step.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from tiesim.app.demo_model import cut_weak_ties
from tiesim.app.drawing import NetworkPicture
from tiesim.app.presets import COLOUR_BY
from tiesim.config import ExperimentConfig
from tiesim.errors import TiesimError
from tiesim.runner.single import make_model

MAX_DEFAULT_FRAMES = 50
FRAME_MS = 250  # display time of one frame


@dataclass(frozen=True)
class Animation:
    """What :func:`animate` wrote."""

    out: Path
    frames: int
    steps: int
    every: int
    frames_dir: Path | None


def frame_steps(steps: int, every: int) -> list[int]:
    """Steps after which a frame is drawn: 0, every, 2·every, …, and ``steps``."""
    shown = list(range(0, steps + 1, every))
    return shown if shown[-1] == steps else [*shown, steps]


def render_frames(
    config: ExperimentConfig,
    steps: int,
    every: int,
    *,
    cut_weak_ties_at: int = 0,
    colour_by: str = "employment",
    dpi: int = 80,
) -> Iterator[tuple[int, Image.Image]]:
    """Run ``config`` for ``steps`` steps, yielding ``(step, frame)`` at :func:`frame_steps`.

    ``cut_weak_ties_at`` cuts every weak tie at the start of that step (0: never), as the
    demo's "cut the weak ties" preset does.
    """
    model = make_model(config)
    picture = NetworkPicture(model, colour_by=colour_by, size=(660, 440), dpi=dpi)
    shown = set(frame_steps(steps, every))
    for step in range(steps + 1):
        if step > 0:
            if step == cut_weak_ties_at:
                cut_weak_ties(model)
            model.step()
        if step in shown:
            picture.update(model)
            yield step, picture.image()


def animate(
    config: ExperimentConfig,
    out: str | Path,
    *,
    steps: int | None = None,
    every: int | None = None,
    frames_dir: str | Path | None = None,
    cut_weak_ties_at: int = 0,
    colour_by: str = "employment",
) -> Animation:
    """Write an animated GIF of ``config``'s run to ``out`` (and PNG frames to ``frames_dir``).

    Parameters
    ----------
    config : ExperimentConfig
        The run (its graph, mechanisms and seed).
    out : str or Path
        The GIF to write; must end in ``.gif``.
    steps : int, optional
        Steps to run (default ``config.steps``).
    every : int, optional
        Steps between frames (default: enough for at most about 50 frames).
    frames_dir : str or Path, optional
        Also write each frame as ``step_0000.png`` … into this folder.
    cut_weak_ties_at : int, optional
        Cut every weak tie at the start of this step (0: never).
    colour_by : {"employment", "trend adoption"}, optional
        How to colour people.

    Returns
    -------
    Animation
    """
    out = Path(out)
    steps = config.steps if steps is None else steps
    if out.suffix.lower() != ".gif":
        raise TiesimError(f"--out must name a .gif file (got {str(out)!r})")
    if steps < 1:
        raise TiesimError(f"--steps must be >= 1 (got {steps})")
    every = max(1, math.ceil(steps / MAX_DEFAULT_FRAMES)) if every is None else every
    if every < 1:
        raise TiesimError(f"--every must be >= 1 (got {every})")
    if cut_weak_ties_at < 0:
        raise TiesimError(f"--cut-weak-ties-at must be >= 0 (got {cut_weak_ties_at})")
    if colour_by not in COLOUR_BY:
        raise TiesimError(f"--colour-by must be one of {', '.join(COLOUR_BY)} (got {colour_by!r})")
    folder = None if frames_dir is None else Path(frames_dir)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    out.parent.mkdir(parents=True, exist_ok=True)
    frames = []
    for step, frame in render_frames(
        config, steps, every, cut_weak_ties_at=cut_weak_ties_at, colour_by=colour_by
    ):
        if folder is not None:
            frame.save(folder / f"step_{step:04d}.png")
        frames.append(frame)
    frames[0].save(
        out, save_all=True, append_images=frames[1:], duration=FRAME_MS, loop=0, optimize=False
    )
    return Animation(out, len(frames), steps, every, folder)
