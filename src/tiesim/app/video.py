"""Writing frames to an animated GIF (Pillow) or an MP4 video (ffmpeg from ``imageio-ffmpeg``).

``imageio-ffmpeg`` (in the ``viz`` extra) ships its own ffmpeg binary, so MP4 needs nothing
installed on the system.  MP4 frames are H.264 in the widely playable ``yuv420p`` format, which
needs an even width and height.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PIL import Image

from tiesim.errors import TiesimError

FORMATS = (".gif", ".mp4")
DEFAULT_SIZE = (800, 600)  # pixels
DEFAULT_DPI = 100
DEFAULT_FPS = 4.0


def check_format(out: Path) -> str:
    """The format ``out`` names by its suffix (``".gif"`` or ``".mp4"``), else a TiesimError."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise TiesimError(f"--out must name a .gif or .mp4 file (got {str(out)!r})")
    return suffix


def write_gif(out: Path, frames: Iterable[np.ndarray], fps: float) -> int:
    """Write RGB frames as a looping GIF; returns the number of frames."""
    images = [Image.fromarray(frame) for frame in frames]
    images[0].save(
        out,
        save_all=True,
        append_images=images[1:],
        duration=round(1000 / fps),
        loop=0,
        optimize=False,
    )
    return len(images)


def write_mp4(out: Path, frames: Iterable[np.ndarray], fps: float) -> int:
    """Write RGB frames (even width and height) as an H.264 MP4; returns the number of frames."""
    try:
        import imageio_ffmpeg
    except ImportError:
        raise TiesimError(
            'MP4 needs the imageio-ffmpeg package: pip install -e ".[viz]" (or write a .gif)'
        ) from None
    writer = None
    count = 0
    try:
        for frame in frames:
            if writer is None:
                height, width = frame.shape[:2]
                writer = imageio_ffmpeg.write_frames(
                    str(out),
                    (width, height),
                    fps=fps,
                    codec="libx264",
                    pix_fmt_out="yuv420p",
                    macro_block_size=2,
                    ffmpeg_log_level="error",
                )
                writer.send(None)
            writer.send(np.ascontiguousarray(frame))
            count += 1
    finally:
        if writer is not None:
            writer.close()
    return count


def write_video(out: Path, frames: Iterable[np.ndarray], fps: float) -> int:
    """Write ``frames`` to ``out`` as GIF or MP4 (by its suffix); returns the number of frames."""
    return (
        write_mp4(out, frames, fps) if check_format(out) == ".mp4" else write_gif(out, frames, fps)
    )
