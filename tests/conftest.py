"""Shared fixtures: small graphs and configs that run in well under a second."""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from pathlib import Path

import pytest

from tiesim.config import CommunityGraphConfig, ExperimentConfig, JobsConfig, TrendsConfig


@pytest.fixture
def small_config() -> ExperimentConfig:
    """A small community-graph experiment with every mechanism switched on."""
    return ExperimentConfig(
        name="small",
        seed=3,
        steps=40,
        graph=CommunityGraphConfig(n=200, community_size=10, strong_degree=4, weak_tie_density=1.5),
        jobs=JobsConfig(
            initial_employment=0.7,
            job_arrival=0.08,
            job_loss=0.03,
            max_hops=3,
            lead_lifetime=3,
            job_locality=0.5,
        ),
        trends=TrendsConfig(
            rate=0.2, contagion="complex", threshold=2, below_threshold=0.01, horizon=15
        ),
    )


@dataclass(frozen=True)
class QuickReplications:
    """``tiesim replicate --all --quick``, run once per test session: its folder and output."""

    folder: Path
    printed: str
    code: int


@pytest.fixture(scope="session")
def quick_replications(tmp_path_factory) -> QuickReplications:
    """Every replication at its quick size, once (about 40 s), for the tests that read them."""
    from tiesim.cli import main

    folder = tmp_path_factory.mktemp("replications")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["replicate", "--all", "--quick", "--out", str(folder)])
    return QuickReplications(folder, printed.getvalue(), code)
