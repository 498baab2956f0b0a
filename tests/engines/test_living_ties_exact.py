"""Living ties are exact across engines: every maintenance rule, dynamics, churn, graph kinds."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from engine_helpers import LAYERED, assert_same
from engine_helpers import run_both as both
from tiesim.config import (
    MAINTENANCE_RULES,
    CommunityGraphConfig,
    DatasetGraphConfig,
    FileGraphConfig,
    JobsConfig,
    RewiredLatticeGraphConfig,
    SmallWorldGraphConfig,
    TiesConfig,
    TrendsConfig,
)
from tiesim.engines import ArrayModel
from tiesim.engines.kernels_ties import BLOCK, GATHER_UP_TO, float32_bounds, tie_events
from tiesim.graphs import community_graph
from tiesim.graphs.ties import Tie
from tiesim.model.tie_dynamics import sequential_sum

GRAPH = CommunityGraphConfig(n=160, community_size=10, strong_degree=4, weak_tie_density=2.0)
JOBS = JobsConfig(job_arrival=0.08, job_loss=0.03, max_hops=3, lead_lifetime=3, job_locality=0.5)
TRENDS = TrendsConfig(rate=0.3, contagion="complex", threshold=2, below_threshold=0.02)
FAST = dict(dynamics=True, half_life_strong=10.0, half_life_weak=4.0, growth=0.1)


def run_both(ties, graph=GRAPH, jobs=JOBS, trends=TRENDS, steps=50, edits=None, rng=3):
    """Step both engines; ``edits[step](model)`` changes ties by hand before that step."""
    return both(graph, jobs, trends, ties, steps=steps, edits=edits, rng=rng)


CASES = [(rule, dynamics) for rule in MAINTENANCE_RULES for dynamics in (True, False)]


@pytest.mark.parametrize("rule, dynamics", [c for c in CASES if c != ("none", False)])
def test_every_maintenance_rule_is_exact_across_engines(rule, dynamics):
    budget = {} if rule == "none" else dict(budget=2.0, budget_unemployed=5.0, checkin_after=2)
    ties = TiesConfig(**{**FAST, "dynamics": dynamics}, maintenance=rule, **budget)
    mesa, array = run_both(ties)
    assert_same(mesa, array)
    metrics = array.metrics()
    if rule != "none":
        assert metrics["checkins_weak"].sum() + metrics["checkins_strong"].sum() > 0
    if dynamics:
        events = array.tie_table()["event"].value_counts()
        assert events.get("dissolved", 0) + events.get("promoted", 0) > 0


@pytest.mark.parametrize(
    "ratio, share, after", [(1.0, 0.5, 1), (2.5, 0.3, 3), (4.0, 0.9, 1), (1.5, 0.6, 6)]
)
def test_costs_splits_and_due_ties_are_exact(ratio, share, after):
    ties = TiesConfig(
        **FAST,
        maintenance="split",
        budget=3.5,
        strong_cost_ratio=ratio,
        strong_share=share,
        checkin_after=after,
    )
    assert_same(*run_both(ties, steps=30))


DENSE = CommunityGraphConfig(n=160, community_size=20, strong_degree=8, weak_tie_density=4.0)


@pytest.mark.parametrize("rule", [rule for rule in MAINTENANCE_RULES if rule != "none"])
@pytest.mark.parametrize("after", [1, 8])
def test_check_ins_are_exact_with_many_ties_due_or_few(rule, after):
    # the array engine gathers each person's due ties first when few are due, and walks the
    # rows when many are (kernels_ties.check_in): both ways, every rule
    ties = TiesConfig(**FAST, maintenance=rule, budget=3.0, checkin_after=after)
    mesa, array = run_both(ties, graph=DENSE, steps=30)
    assert_same(mesa, array)
    graph = array.graph
    due = np.count_nonzero(graph.alive & (graph.last_talk <= array.steps + 1 - after))
    per_person = 2 * due / graph.n  # due next step, per person: which way the kernel goes
    assert per_person > GATHER_UP_TO if after == 1 else per_person <= GATHER_UP_TO


def add_random_ties(model):
    """Tie 20 random untied pairs (the same pairs in both engines, which have the same ties)."""
    graph, local = model.graph, np.random.default_rng(model.steps)
    tied = set(zip(graph.u[graph.alive].tolist(), graph.v[graph.alive].tolist(), strict=True))
    pairs = {tuple(sorted(local.choice(graph.n, 2, replace=False).tolist())) for _ in range(20)}
    u, v = np.array(sorted(pairs - tied)).T
    model.add_ties(u, v, Tie.WEAK, 0.3, 0.2)


@pytest.mark.parametrize("seed", [1, 2])
def test_living_ties_with_ties_cut_added_and_changed_by_hand(seed):
    edits = {
        5: lambda model: model.remove_ties(model.weak_slots()[::2]),
        12: add_random_ties,
        20: lambda model: model.update_ties(np.flatnonzero(model.graph.alive)[:30], strength=0.9),
    }
    ties = TiesConfig(**FAST, maintenance="oldest_first", budget=1.0)
    mesa, array = run_both(ties, edits=edits, rng=seed, steps=35)
    assert_same(mesa, array)
    assert {"removed", "formed", "promoted"} <= set(array.tie_table()["event"])


@pytest.mark.parametrize(
    "graph",
    [
        SmallWorldGraphConfig(kind="small_world", n=120, k=6, p=0.2, community_size=10),
        RewiredLatticeGraphConfig(kind="rewired_lattice", n=120, k=6, p=0.2, community_size=10),
        "file",
        DatasetGraphConfig(kind="dataset", name="les_miserables"),
        LAYERED,
    ],
    ids=["small_world", "rewired_lattice", "file", "dataset", "layered"],
)
def test_other_graph_kinds(graph, tmp_path):
    if graph == "file":
        path = tmp_path / "g.graphml"
        nx.write_graphml(community_graph(90, 9, 4, 1.5, seed=2).to_networkx(), path)
        graph = FileGraphConfig(kind="file", path=str(path))
    ties = TiesConfig(**FAST, maintenance="random", budget=2.0)
    assert_same(*run_both(ties, graph=graph, steps=30))


def test_calvo_armengol_jackson_reduction_with_check_ins():
    """Everyone talks already (contact rate 1): check-ins add nothing but time spent."""
    graph = GRAPH.model_copy(update={"strong_contact_rate": 1.0, "weak_contact_rate": 1.0})
    jobs = JobsConfig(job_locality=0.0, max_hops=1, lead_lifetime=1, job_arrival=0.1, job_loss=0.05)
    ties = TiesConfig(maintenance="weak_first", budget=1.0)
    mesa, array = run_both(ties, graph=graph, jobs=jobs, trends=TrendsConfig(), steps=40)
    assert_same(mesa, array)
    static = ArrayModel(graph, jobs, TrendsConfig(), rng=3)
    for _ in range(40):
        static.step()
    pd.testing.assert_frame_equal(static.hires(), array.hires())


def test_a_step_with_more_tie_events_than_the_log_has_room_for():
    """Thousands of silent ties fade out in the same step: the array engine's update stops when
    its event log is full, makes room and goes on, and still matches the Mesa engine."""
    graph = CommunityGraphConfig(
        n=1500, community_size=10, strong_degree=6, weak_tie_density=1.0,
        strong_contact_rate=0.0, weak_contact_rate=0.0,
    )  # fmt: skip
    ties = TiesConfig(dynamics=True, half_life_strong=1.0, half_life_weak=1.0)
    mesa, array = run_both(ties, graph=graph, jobs=JobsConfig(), trends=TrendsConfig(), steps=8)
    assert_same(mesa, array)
    dissolved = array.tie_table().query("event == 'dissolved'").groupby("step").size()
    assert dissolved.max() > 2000 and array.graph.num_ties == 0


@pytest.mark.parametrize("bound", [0.6, 0.3, 0.05, 0.1, 1 / 3, 2.0**-20, 1e-50, 0.75])
def test_float32_bounds_compare_as_the_float64_bound(bound):
    """``x < b`` (x a float32 promoted to float64) iff ``x < c`` in float32, near ``b`` too."""
    (c,) = float32_bounds(bound)
    near = np.float32(bound)
    below, above = np.nextafter(near, np.float32(0)), np.nextafter(near, np.float32(1))
    rng = np.random.default_rng(7)
    xs = np.concatenate([[below, near, above, 0, 1], rng.random(1000).astype(np.float32)])
    xs = xs.astype(np.float32)
    np.testing.assert_array_equal(xs.astype(np.float64) < bound, xs < c)


def test_tie_events_in_blocks_find_ties_exactly_at_their_bounds():
    """Ties whose strength is a float32 neighbour of a bound, in several blocks of the kernel's
    check for events (first and last slot of a block too): the events and totals are those of
    the rules in float64 (``TieRules.next_type``, the floor), in slot order."""
    promote_at, demote_below, dissolve_below = 0.6, 0.3, 0.05
    rng = np.random.default_rng(3)
    size = 5 * BLOCK + 17
    strength = rng.uniform(0.31, 0.59, size).astype(np.float32)  # no event
    tie = rng.integers(0, 2, size).astype(np.int32)
    alive = rng.random(size) < 0.95
    edges = [b * BLOCK + d for b in range(1, 5) for d in (-1, 0)] + [0, size - 1]
    places = [*edges, 7, 300, 301, 600, 777, 900, 1001, 1100]  # 18: each case once
    for k, slot in enumerate(places):  # each bound's three float32 neighbours, on both types
        near = np.float32([promote_at, demote_below, dissolve_below][k % 3])
        step = [np.float32(0), None, np.float32(1)][(k // 3) % 3]
        strength[slot] = near if step is None else np.nextafter(near, step)
        tie[slot] = (k // 9) % 2
        alive[slot] = True
    strength[2 * BLOCK + 9], alive[2 * BLOCK + 9] = 0.1, False  # absent: no event
    before = tie.copy()
    value = strength.astype(np.float64)
    gone_expected = alive & (value < dissolve_below)
    promote = alive & ~gone_expected & (tie == Tie.WEAK) & (value >= promote_at)
    demote = alive & ~gone_expected & (tie == Tie.STRONG) & (value < demote_below)
    ints, logged = np.zeros((size, 7), np.int64), np.zeros(size)
    dissolved, totals = np.empty(size, np.int64), np.zeros(4)
    slots = np.arange(size, dtype=np.int32)
    rules = (0.1, 0.9, 0.9, promote_at, demote_below, dissolve_below)
    used, gone, stop = tie_events(
        7, True, True, (alive, tie, strength, slots, slots), rules,
        float32_bounds(promote_at, demote_below, dissolve_below),
        (ints, logged, 0), (dissolved, 0), totals, 0,
    )  # fmt: skip
    assert stop == size and used == int((gone_expected | promote | demote).sum()) > 0
    assert set(dissolved[:gone]) == set(np.flatnonzero(gone_expected))
    np.testing.assert_array_equal(ints[:used, 1], np.flatnonzero(gone_expected | promote | demote))
    expected = np.where(promote, Tie.STRONG, np.where(demote, Tie.WEAK, before))
    np.testing.assert_array_equal(tie, expected)
    stay = alive & ~gone_expected
    for kind in Tie:
        mine = stay & (tie == kind)
        assert totals[kind] == mine.sum()
        assert totals[2 + kind] == sequential_sum(strength[mine])
