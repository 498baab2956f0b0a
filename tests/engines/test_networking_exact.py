"""People who network are exact across engines: every mechanism, alone and all at once."""

from __future__ import annotations

import pytest

from engine_helpers import assert_same
from engine_helpers import run_both as both
from tiesim.config import (
    CommunityGraphConfig,
    JobsConfig,
    NetworkingConfig,
    SmallWorldGraphConfig,
    TiesConfig,
    TrendsConfig,
)
from tiesim.config.networking import INTERVIEW_RULES, RANKINGS

GRAPH = CommunityGraphConfig(n=200, community_size=20, strong_degree=4, weak_tie_density=1.0)
JOBS = JobsConfig(job_arrival=0.06, job_loss=0.04, max_hops=2, lead_lifetime=2)
TRENDS = TrendsConfig(rate=0.2, transmission=0.4)
LIVING = TiesConfig(dynamics=True, half_life_weak=6.0, maintenance="weak_first", budget=2.0)
ASKERS = {"homebody": 0.5, "asks_for_interviews": 0.5}
EVERYTHING = dict(
    events={"rate": 0.5, "size": 12, "meet": 0.2, "scope": "local"},
    online={"rate": 0.03, "arms": list(RANKINGS)},
    activities={"groups": 6, "size": 10, "homophily": 0.5, "rate": 0.3, "meet": 0.2},
    interviews={"rule": "random", "budget": 2.0, "introduce": 0.4, "ask_again_after": 3},
    closure={"introductions": 0.02, "strong_triads": 0.02},
    strategies={"homebody": 0.4, "networker": 0.3, "asks_for_interviews": 0.3},
)


def run_both(networking, ties=None, graph=GRAPH, steps=50, rng=11):
    return both(graph, JOBS, TRENDS, ties, networking=networking, steps=steps, rng=rng)


@pytest.mark.parametrize("ties", [None, LIVING], ids=["static", "living"])
def test_every_mechanism_at_once_is_exact_across_engines(ties):
    mesa, array = run_both(NetworkingConfig(**EVERYTHING), ties)
    assert_same(mesa, array)
    metrics = mesa.metrics()
    for column in ("formed_event", "formed_online", "formed_activity", "formed_introduction"):
        assert metrics[column].sum() > 0, column
    assert metrics["formed_closure"].sum() > 0
    assert metrics["hires_interview"].sum() > 0


MECHANISMS = {
    "events": dict(events={"rate": 1.0, "size": 10, "meet": 0.3}),
    "online": dict(online={"rate": 0.05, "rank": "fewest_mutual", "accept": 0.5}),
    "activities": dict(activities={"groups": 4, "size": 12, "rate": 0.5, "meet": 0.3}),
    "introductions": dict(closure={"introductions": 0.05}),
    "strong_triads": dict(closure={"strong_triads": 0.05}),
    "networkers": dict(
        events={"rate": 0.5}, strategies={"homebody": 0.5, "networker": 0.5}, networker_effort=5
    ),
    **{
        f"interviews_{rule}": dict(interviews={"rule": rule, "introduce": 0.2}, strategies=ASKERS)
        for rule in INTERVIEW_RULES[1:]
    },
}


@pytest.mark.parametrize("name", list(MECHANISMS))
def test_each_mechanism_alone_is_exact_across_engines(name):
    mesa, array = run_both(NetworkingConfig(**MECHANISMS[name]), LIVING, steps=30)
    assert_same(mesa, array)


def test_exact_on_another_graph_kind():
    graph = SmallWorldGraphConfig(kind="small_world", n=150, k=6, p=0.1)
    mesa, array = run_both(NetworkingConfig(**EVERYTHING), LIVING, graph=graph, steps=30)
    assert_same(mesa, array)
