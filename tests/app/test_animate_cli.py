"""``tiesim animate``: a real GIF with several frames, checked with Pillow."""

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from sweep_helpers import size_override
from tiesim.app.animate import frame_steps, render_frames
from tiesim.cli import main
from tiesim.config import load_config

SHIPPED = sorted((Path(__file__).resolve().parents[2] / "configs").glob("*.yaml"))

CONFIG = """\
seed: 2
steps: 12
graph: {kind: community, n: 60, community_size: 10, strong_degree: 4, weak_tie_density: 1.0}
"""


@pytest.fixture
def config(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(CONFIG)
    return path


def test_animate_writes_a_gif_and_png_frames(config, tmp_path, capsys):
    out, frames = tmp_path / "slides" / "run.gif", tmp_path / "frames"
    code = main(
        [
            "animate",
            str(config),
            "--out",
            str(out),
            "--frames-dir",
            str(frames),
            "--every",
            "4",
            "--cut-weak-ties-at",
            "6",
        ]
    )
    assert code == 0
    with Image.open(out) as gif:
        assert gif.format == "GIF"
        assert gif.n_frames == 4  # steps 0, 4, 8, 12
        width, height = gif.size
        assert width > 300 and height > 200
        gif.seek(0)
        first = gif.convert("RGB").tobytes()
        gif.seek(3)
        assert gif.convert("RGB").tobytes() != first
    assert sorted(p.name for p in frames.iterdir()) == [
        "step_0000.png",
        "step_0004.png",
        "step_0008.png",
        "step_0012.png",
    ]
    assert "4 frames of 800x600" in capsys.readouterr().out


def test_default_steps_and_frame_spacing(config, tmp_path):
    out = tmp_path / "run.gif"
    assert main(["animate", str(config), "--out", str(out)]) == 0
    with Image.open(out) as gif:
        assert gif.n_frames == 13  # 12 steps, a frame after each, plus the start


def test_frame_steps_always_end_with_the_last_step():
    assert frame_steps(10, 4) == [0, 4, 8, 10]
    assert frame_steps(8, 4) == [0, 4, 8]


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--out", "run.png"], ".gif or .mp4"),
        (["--out", "run.gif", "--size", "800"], "--size"),
        (["--out", "run.gif", "--size", "10x10"], "--size"),
        (["--out", "run.gif", "--dpi", "5"], "--dpi"),
        (["--out", "run.mp4", "--fps", "0"], "--fps"),
        (["--out", "run.gif", "--set", "graph.n=-4"], "graph.n"),
        (["--out", "run.gif", "--every", "0"], "--every"),
        (["--out", "run.gif", "--steps", "0"], "--steps"),
    ],
)
def test_bad_options_exit_2(config, tmp_path, monkeypatch, capsys, extra, message):
    monkeypatch.chdir(tmp_path)
    assert main(["animate", str(config), *extra]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not list(tmp_path.glob("run.*"))


def test_bad_config_exit_2(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("steps: -3\n")
    assert main(["animate", str(bad), "--out", str(tmp_path / "x.gif")]) == 2
    assert "steps" in capsys.readouterr().err


@pytest.mark.parametrize("engine", ["mesa", "array"])
@pytest.mark.parametrize("shipped", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_config_animates_on_both_engines(shipped, engine, tmp_path, capsys):
    out = tmp_path / "run.gif"
    sets = ["steps=3", f"engine={engine}", *size_override(shipped, 200)]
    small = [arg for s in sets for arg in ("--set", s)]
    assert main(["animate", str(shipped), "--out", str(out), *small]) == 0, capsys.readouterr()
    with Image.open(out) as gif:
        assert gif.n_frames == 4


def test_the_readme_command_on_the_array_engine(tmp_path):
    """``tiesim animate configs/quickstart.yaml --out x.gif`` (issue 12), a few steps of it."""
    quickstart = next(p for p in SHIPPED if p.stem == "quickstart")
    assert load_config(quickstart).engine == "array"
    out = tmp_path / "x.gif"
    assert main(["animate", str(quickstart), "--out", str(out), "--steps", "2"]) == 0
    with Image.open(out) as gif:
        assert gif.n_frames == 3


def test_both_engines_give_the_same_frames(config):
    frames = {
        engine: list(render_frames(load_config(config, {"engine": engine}), 6, 3))
        for engine in ("mesa", "array")
    }
    assert [s for s, _ in frames["mesa"]] == [s for s, _ in frames["array"]] == [0, 3, 6]
    for (_, ours), (_, theirs) in zip(frames["mesa"], frames["array"], strict=True):
        np.testing.assert_array_equal(np.asarray(ours), np.asarray(theirs))


def test_mp4_with_size_dpi_and_ties_by_strength(config, tmp_path, capsys):
    imageio_ffmpeg = pytest.importorskip("imageio_ffmpeg")
    out = tmp_path / "run.mp4"
    options = ["--size", "641x361", "--dpi", "150", "--every", "3", "--ties-by-strength"]
    assert main(["animate", str(config), "--out", str(out), *options]) == 0
    assert "5 frames of 640x360" in capsys.readouterr().out  # even sizes for H.264
    frames, seconds = imageio_ffmpeg.count_frames_and_secs(str(out))
    assert frames == 5 and seconds == pytest.approx(5 / 4, abs=0.3)
    reader = imageio_ffmpeg.read_frames(str(out))
    assert next(reader)["size"] == (640, 360)
    first, *_, last = (np.frombuffer(f, np.uint8) for f in reader)
    assert first.size == 640 * 360 * 3 and not np.array_equal(first, last)


def test_size_and_dpi_set_the_frames(config):
    cfg = load_config(config)
    _, small = next(render_frames(cfg, 1, 1, size=(300, 200)))
    _, big = next(render_frames(cfg, 1, 1, size=(600, 400), dpi=200))
    assert small.shape == (200, 300, 3) and big.shape == (400, 600, 3)
