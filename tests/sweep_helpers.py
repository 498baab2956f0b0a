"""Tiny sweeps shared by the runner, analysis and CLI tests: milliseconds per run."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

TABLES = ("metrics", "hires", "trends", "runs", "summary")
EVERY_TABLE = ("metrics", "hires", "trends", "ties", "agents", "runs", "summary")


def tiny_config(**sweep) -> dict:
    """A 40-agent, 8-step experiment; ``sweep`` replaces the default 2-point x 3-replicate grid."""
    return {
        "name": "tiny",
        "seed": 11,
        "steps": 8,
        "graph": {"n": 40, "community_size": 10, "strong_degree": 3},
        "jobs": {"job_arrival": 0.1, "job_loss": 0.05, "max_hops": 2},
        "trends": {"rate": 0.3},
        "outputs": {"plot": False},  # figures take a second; the report tests draw them
        "sweep": sweep or {"grid": {"graph.weak_tie_density": [0.0, 2.0]}, "replicates": 3},
    }


def read_tables(folder: Path, names: tuple[str, ...] = TABLES) -> dict[str, pd.DataFrame]:
    """The combined tables of a results folder (``EVERY_TABLE`` for the ties and agents too)."""
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in names}


def assert_same_tables(a: Path | dict, b: Path | dict, names: tuple[str, ...] = TABLES) -> None:
    """Every combined table identical, value for value and type for type."""
    a = read_tables(a, names) if isinstance(a, Path) else a
    b = read_tables(b, names) if isinstance(b, Path) else b
    for name in names:
        pd.testing.assert_frame_equal(_lists(a[name]), _lists(b[name]), check_exact=True, obj=name)


def _lists(frame: pd.DataFrame) -> pd.DataFrame:
    """Sequences in cells (Parquet reads lists back as arrays) as plain lists."""
    frame = frame.copy()
    for column in [c for c in frame.columns if frame[c].dtype.kind == "O"]:
        frame[column] = [
            list(v) if hasattr(v, "__len__") and not isinstance(v, str) else v
            for v in frame[column]
        ]
    return frame


class FailingPointExecutor(ProcessPoolExecutor):
    """Two fresh (spawned) worker processes in which every run of ``failing_point`` raises.

    The run raises inside the simulation, as a bug or a broken environment would, after every
    check of the config passed: what ``failed/`` and ``failed.csv`` are for.
    """

    def __init__(self, failing_point: int) -> None:
        super().__init__(2, mp_context=multiprocessing.get_context("spawn"))
        self.failing_point = failing_point

    def submit(self, fn, /, *args, **kwargs):
        return super().submit(_execute_failing, self.failing_point, fn, *args, **kwargs)


def _execute_failing(failing_point, fn, base, spec, *rest):
    from tiesim.runner import single

    def simulate(config):
        raise RuntimeError(f"no room for the weak ties at point {spec.point}")

    real = single.simulate
    if spec.point == failing_point:
        single.simulate = simulate
    try:
        return fn(base, spec, *rest)
    finally:
        single.simulate = real


Child = tuple[subprocess.CompletedProcess, int, float]


def validate_in_child(tmp_path: Path, *args: str) -> Child:
    """``tiesim validate ARGS`` in a fresh process: its result, extra memory (MB) and time (s).

    The extra memory is the child's peak RSS less that of a child validating a trivial config
    just before (how much of the shared libraries counts as resident varies with the page
    cache, not with tiesim).
    """
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text("name: baseline\n")
    results = [_validate_in_child(tmp_path, str(baseline)), _validate_in_child(tmp_path, *args)]
    (_, base_mb, _), (proc, peak_mb, seconds) = results
    return proc, peak_mb - base_mb, seconds


def _validate_in_child(tmp_path: Path, *args: str) -> Child:
    script = textwrap.dedent(
        """
        import resource, sys
        from tiesim.cli import main
        code = main(sys.argv[1:])
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, file=sys.stderr)
        sys.exit(code)
        """
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", script, "validate", *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=tmp_path,
        check=False,
    )
    seconds = time.perf_counter() - start
    *lines, peak = proc.stderr.strip().splitlines()
    proc.stderr = "\n".join(lines)
    return proc, int(peak), seconds


def size_override(config: Path, n: int) -> list[str]:
    """``["graph.n=<n>"]`` when ``config``'s graph kind has a size, else ``[]`` (a data set or a
    file keeps its own): the every-shipped-config tests shrink the graphs they can."""
    from tiesim.config import load_config

    return [f"graph.n={n}"] if hasattr(load_config(config).graph, "n") else []
