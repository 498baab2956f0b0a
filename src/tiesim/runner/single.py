"""One run of one config: build the model from the run's seed, step it, return the tables."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Protocol

import pandas as pd

from tiesim.config import ExperimentConfig


class Engine(Protocol):
    """What the runner needs of a model, whichever engine implements it."""

    def step(self) -> None:
        """Advance one step."""

    def metrics(self) -> pd.DataFrame:
        """Per-step metrics table."""

    def hires(self) -> pd.DataFrame:
        """Hire records."""

    def trend_items(self) -> pd.DataFrame:
        """Trend-item table."""

    def tie_table(self) -> pd.DataFrame:
        """Tie events (formed, promoted, demoted, dissolved, removed)."""

    def agent_table(self, hires: pd.DataFrame | None = None) -> pd.DataFrame:
        """One row per agent at the end of the run (``hires``: its hire records, if made)."""


@dataclass
class RunResult:
    """The tables of one run, and how long it took."""

    config: ExperimentConfig
    metrics: pd.DataFrame
    hires: pd.DataFrame
    trends: pd.DataFrame
    ties: pd.DataFrame
    agents: pd.DataFrame
    seconds: float = 0.0
    extra: dict = field(default_factory=dict)


def make_model(config: ExperimentConfig, seed: int | None = None) -> Engine:
    """Build the model ``config.engine`` names, seeded by ``seed`` (default ``config.seed``)."""
    rng = config.seed if seed is None else seed
    if config.engine == "array":
        from tiesim.engines import ArrayModel

        engine = ArrayModel
    else:
        from tiesim.model import WeakTiesModel

        engine = WeakTiesModel
    sections = (config.graph, config.jobs, config.trends, config.ties)
    return engine(*sections, networking=config.networking, metrics=config.metrics, rng=rng)


def simulate(config: ExperimentConfig, seed: int | None = None) -> RunResult:
    """Run ``config`` once for ``config.steps`` steps (no sweep, no files)."""
    start = time.perf_counter()
    model = make_model(config, seed)
    for _ in range(config.steps):
        model.step()
    hires = model.hires()
    return RunResult(
        config,
        model.metrics(),
        hires,
        model.trend_items(),
        model.tie_table(),
        model.agent_table(hires),
        seconds=time.perf_counter() - start,
    )


def summarise(config: ExperimentConfig, result: RunResult) -> dict[str, float]:
    """The run's summary row (``tiesim.analysis.summary.run_summary``) for ``config``."""
    from tiesim.analysis.summary import run_summary

    return run_summary(
        result.metrics,
        window=config.sweep.window,
        hires=result.hires,
        agents=result.agents,
        step_days=config.networking.step_days,
    )
