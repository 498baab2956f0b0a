"""People who network are exact across engines: every mechanism, alone and all at once."""

from __future__ import annotations

import numpy as np
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


def test_a_hire_over_a_tie_whose_slot_was_reused_names_the_old_tie():
    # leads kept for steps by employed people who then lose their job, over ties that dissolve
    # within a step or two while events fill the freed slots with new ties
    jobs = JobsConfig(job_arrival=0.1, job_loss=0.3, max_hops=1, lead_lifetime=4)
    ties = TiesConfig(dynamics=True, half_life_strong=1.0, half_life_weak=0.5)
    events = NetworkingConfig(events={"rate": 20.0, "size": 20, "meet": 0.3})
    graph = CommunityGraphConfig(n=300, community_size=20)
    mesa, array = both(graph, jobs, TRENDS, ties, networking=events, steps=60, rng=5)
    assert_same(mesa, array)
    hires, table = array.hires(), array.tie_table()
    contact = hires[hires["tie_slot"] >= 0]
    made = table[table["event"] == "formed"]
    known = set(zip(made["slot"], made["step"], strict=True))
    generated = contact["tie_formed"] == 0
    named = [
        (s, f) in known for s, f in zip(contact["tie_slot"], contact["tie_formed"], strict=True)
    ]
    assert (generated.to_numpy() | np.array(named)).all()  # every hire names a tie that existed
    taken = contact[contact["tie_type"] == ""]  # the slot holds a newer tie now
    assert len(taken) > 0
    assert taken["tie_strength"].isna().all() and (taken["mutual_at_formation"] == -1).all()


def test_the_step_pairs_last_talked_is_noted_only_when_ties_live():
    # networking alone: ties form but never move, and no rule reads when a pair last talked,
    # so neither engine notes it (as with fixed ties); with check-ins both do
    static, array = run_both(NetworkingConfig(**EVERYTHING), None, steps=20)
    assert_same(static, array)
    graph = array.graph
    assert (graph.formed[graph.alive] > 0).any()
    assert np.array_equal(graph.last_talk[graph.alive], graph.formed[graph.alive])
    living, array = run_both(NetworkingConfig(**EVERYTHING), LIVING, steps=20)
    assert_same(living, array)
    assert (array.graph.last_talk[array.graph.alive] == 20).any()
