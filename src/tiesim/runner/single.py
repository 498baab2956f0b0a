"""One run of one config: build the model from the run's seed, step it, return the tables."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pandas as pd

from tiesim.config import ExperimentConfig
from tiesim.runner.engine_class import Engine, engine_class


@dataclass
class RunResult:
    """The tables of one run, and how long it took.

    ``seconds`` is the whole run; ``engine_seconds`` the part spent building and stepping the
    model (not making its tables).
    """

    config: ExperimentConfig
    metrics: pd.DataFrame
    hires: pd.DataFrame
    trends: pd.DataFrame
    ties: pd.DataFrame
    agents: pd.DataFrame
    seconds: float = 0.0
    engine_seconds: float = 0.0
    extra: dict = field(default_factory=dict)


def make_model(config: ExperimentConfig, seed: int | None = None) -> Engine:
    """Build the model ``config.engine`` names, seeded by ``seed`` (default ``config.seed``).

    The class (:func:`tiesim.runner.engine_class.engine_class`) is imported by its name here,
    in whichever process runs the model, and built as
    ``cls(graph, jobs, trends, ties, networking=..., rng=seed)``.
    """
    rng = config.seed if seed is None else seed
    engine = engine_class(config.engine)
    sections = (config.graph, config.jobs, config.trends, config.ties)
    return engine(*sections, networking=config.networking, metrics=config.metrics, rng=rng)


def simulate(config: ExperimentConfig, seed: int | None = None) -> RunResult:
    """Run ``config`` once for ``config.steps`` steps (no sweep, no files)."""
    start = time.perf_counter()
    model = make_model(config, seed)
    for _ in range(config.steps):
        model.step()
    engine_seconds = time.perf_counter() - start
    hires = model.hires()
    return RunResult(
        config,
        model.metrics(),
        hires,
        model.trend_items(),
        model.tie_table(),
        model.agent_table(hires),
        seconds=time.perf_counter() - start,
        engine_seconds=engine_seconds,
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
