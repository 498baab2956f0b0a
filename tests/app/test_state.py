"""The engine-neutral reader gives the same answers on the Mesa and the array engine."""

import numpy as np
import pytest

from tiesim.app import state
from tiesim.engines import ArrayModel
from tiesim.graphs.ties import Tie
from tiesim.model import WeakTiesModel


@pytest.fixture(scope="module")
def twins(request):
    """The same config and seed on both engines, 25 steps in, with some weak ties cut."""
    from tiesim.config import CommunityGraphConfig, JobsConfig, TrendsConfig

    graph = CommunityGraphConfig(n=120, community_size=10, strong_degree=4, weak_tie_density=1.5)
    jobs = JobsConfig(job_arrival=0.1, job_loss=0.05, max_hops=3, lead_lifetime=2)
    trends = TrendsConfig(rate=0.3, horizon=12)
    models = [cls(graph, jobs, trends, rng=11) for cls in (WeakTiesModel, ArrayModel)]
    for model in models:
        for step in range(1, 26):
            if step == 20:
                model.remove_ties(model.weak_slots()[::2])
            model.step()
    return models


def test_engines_are_told_apart(twins):
    mesa, array = twins
    assert state.is_mesa(mesa) and not state.is_mesa(array)


def test_employed_is_the_same_on_both_engines(twins):
    mesa, array = twins
    np.testing.assert_array_equal(state.employed(mesa), state.employed(array))
    assert 0 < state.employed(mesa).sum() < mesa.graph.n
    np.testing.assert_allclose(state.employed(mesa).mean(), mesa.metrics().employment_rate.iloc[-1])


def test_trend_adoption_is_the_same_on_both_engines(twins):
    mesa, array = twins
    ids_m, adopted_m = state.trend_adoption(mesa)
    ids_a, adopted_a = state.trend_adoption(array)
    assert ids_m == ids_a and len(ids_m) > 1
    np.testing.assert_array_equal(adopted_m, adopted_a)
    assert adopted_m.any()
    reach = state.trend_reach(mesa)
    assert reach == state.trend_reach(array)
    # the reach of the followed items agrees with the engines' own trend table
    items = mesa.trend_items().set_index("item")
    for item, share in reach.items():
        assert share == pytest.approx(items.loc[item, "reach"])
    share = state.adoption_share(array)
    assert share.shape == (array.graph.n,) and 0 <= share.min() and share.max() <= 1


def test_hires_are_the_same_on_both_engines(twins):
    mesa, array = twins
    table = mesa.hires()
    steps = sorted(set(table.step))
    assert len(steps) > 5
    for step in steps[-5:]:
        got = state.hires_in_step(mesa, step)
        assert got == state.hires_in_step(array, step)
        assert len(got) == (table.step == step).sum()
        for hire in got:
            assert hire["path"][-1] == hire["agent"] and len(hire["path"]) == hire["hops"] + 1
    assert state.recent_hires(mesa, 7) == state.recent_hires(array, 7)
    assert [h["step"] for h in state.recent_hires(mesa, 7)] == sorted(table.step)[::-1][:7]


def test_ties_present_leave_cut_ties_out(twins):
    mesa, array = twins
    ties = state.ties_present(array)
    graph = array.graph
    assert len(ties.slot) == graph.alive.sum() < len(graph.alive)
    assert np.all(graph.alive[ties.slot])
    np.testing.assert_array_equal(ties.slot, state.ties_present(mesa).slot)
    weak = ties.of_type(Tie.WEAK)
    assert len(weak) == len(array.weak_slots())


def test_path_ties_name_each_pass(twins):
    mesa, _ = twins
    passed = [h for h in mesa.hire_rows if h["hops"] >= 1]
    assert passed
    for hire in passed:
        kinds = state.path_ties(mesa, hire["path"])
        assert len(kinds) == hire["hops"]
        assert kinds[-1].label == hire["channel"]


def test_trend_history_records_each_items_reach(twins):
    mesa, _ = twins
    history = state.TrendHistory()
    history.record(mesa)
    assert set(history.items) == set(state.trend_reach(mesa))
    for steps, values in history.items.values():
        assert steps == [mesa.steps] and 0 < values[0] <= 1


def test_local_bridges_and_their_span():
    from tiesim.graphs.ties import SocialGraph

    # two triangles joined by the weak tie 2-3 (a bridge), and a square 6-7-8-9 (no triangles)
    u = np.array([0, 0, 1, 3, 3, 4, 2, 6, 7, 8, 6], dtype=np.int32)
    v = np.array([1, 2, 2, 4, 5, 5, 3, 7, 8, 9, 9], dtype=np.int32)
    tie = np.array([0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0], dtype=np.uint8)
    graph = SocialGraph(
        community=np.array([0, 0, 0, 1, 1, 1, 2, 2, 2, 2], dtype=np.int32),
        u=u,
        v=v,
        tie=tie,
        strength=np.full(len(u), 0.5, dtype=np.float32),
        contact_rate=np.full(len(u), 0.5, dtype=np.float32),
    )
    for model in (WeakTiesModel(graph, rng=1), ArrayModel(graph, rng=1)):
        slots, span = state.local_bridges(model)
        assert list(slots) == [6, 7, 8, 9, 10]
        assert span[0] == np.inf and list(span[1:]) == [3, 3, 3, 3]
        model.remove_ties([10])  # the square opens: its other ties become bridges
        slots, span = state.local_bridges(model)
        assert list(slots) == [6, 7, 8, 9] and np.all(np.isinf(span))
