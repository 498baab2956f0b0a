"""Shared fixtures: small graphs and configs that run in well under a second."""

from __future__ import annotations

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
