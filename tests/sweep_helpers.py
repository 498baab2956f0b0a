"""Tiny sweeps shared by the runner, analysis and CLI tests: milliseconds per run."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

TABLES = ("metrics", "hires", "trends", "runs", "summary")


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


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """The combined tables of a results folder."""
    return {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}


def assert_same_tables(a: Path | dict, b: Path | dict) -> None:
    """Every combined table identical, value for value and type for type."""
    a = read_tables(a) if isinstance(a, Path) else a
    b = read_tables(b) if isinstance(b, Path) else b
    for name in TABLES:
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
