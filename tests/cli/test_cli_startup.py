"""The command starts fast (``--help`` loads nothing heavy) and a pipe closed early ends
quietly (``tiesim validate ... | head``)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

HEAVY = ("mesa", "matplotlib", "scipy", "numba", "pandas", "networkx", "pydantic", "solara")


def child(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, check=False, **kwargs
    )


def test_help_loads_nothing_heavy():
    script = textwrap.dedent(
        f"""
        import sys, time
        start = time.perf_counter()
        from tiesim.cli import build_parser
        try:
            build_parser().parse_args(["--help"])
        except SystemExit:
            pass
        seconds = time.perf_counter() - start
        print(sorted({{m.split(".")[0] for m in sys.modules}} & set({HEAVY!r})), file=sys.stderr)
        print(seconds, file=sys.stderr)
        """
    )
    proc = child(["-c", script])
    loaded, seconds = proc.stderr.strip().splitlines()[-2:]
    assert loaded == "[]"  # before: mesa, matplotlib, scipy, pandas... (about 4 s)
    assert float(seconds) < 1.0
    for command in ("run", "validate", "report", "rerun", "replicate", "demo", "animate"):
        assert command in proc.stdout


def test_a_pipe_closed_early_ends_quietly(tmp_path):
    config = tmp_path / "c.yaml"
    config.write_text("name: c\nsweep: {grid: {jobs.job_loss: {start: 0.01, stop: 0.02, num: 9}}}")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tiesim", "validate", str(config), str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    proc.stdout.close()  # as `| head -0` would, before tiesim writes
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 141
    assert err == ""  # before: "Exception ignored ... BrokenPipeError"


def test_the_commands_defaults_are_the_apps():
    from tiesim.app import presets, server
    from tiesim.cli import animate, demo

    assert animate.COLOUR_BY == presets.COLOUR_BY
    assert (demo.DEFAULT_HOST, demo.DEFAULT_PORT) == (server.DEFAULT_HOST, server.DEFAULT_PORT)
