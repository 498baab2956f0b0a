"""Shared fixtures: small graphs and configs that run in well under a second."""

from __future__ import annotations

import numpy as np
import pytest

from tiesim.config import CommunityGraphConfig, ExperimentConfig, JobsConfig, TrendsConfig
from tiesim.graphs.ties import SocialGraph


def isolated_agents(n: int) -> SocialGraph:
    """``n`` agents with no ties, one community."""
    empty = np.empty(0)
    return SocialGraph(np.zeros(n, int), empty, empty, empty, empty, empty)


def disjoint_pairs(pairs: int, contact_rate: float = 1.0) -> SocialGraph:
    """``pairs`` separate pairs (agents 2k and 2k+1 tied), each pair its own community."""
    u = np.arange(0, 2 * pairs, 2)
    return SocialGraph(
        np.arange(2 * pairs) // 2,
        u,
        u + 1,
        np.zeros(pairs),
        np.ones(pairs),
        np.full(pairs, contact_rate),
    )


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
