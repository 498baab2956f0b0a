"""The array engine reproduces the Mesa engine exactly: same seed, same tables, to the last bit."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from engine_helpers import LAYERED, step_all
from tiesim.config import (
    BlockModelGraphConfig,
    CommunityGraphConfig,
    DatasetGraphConfig,
    ExperimentConfig,
    FileGraphConfig,
    JobsConfig,
    RewiredLatticeGraphConfig,
    SmallWorldGraphConfig,
    TrendsConfig,
)
from tiesim.engines import ArrayModel
from tiesim.errors import TiesimError
from tiesim.graphs import community_graph
from tiesim.graphs.ties import SocialGraph, Tie
from tiesim.model import WeakTiesModel
from tiesim.runner.single import make_model, simulate


def isolated_agents(n: int) -> SocialGraph:
    """``n`` agents with no ties, one community (as in tests/conftest.py)."""
    empty = np.empty(0)
    return SocialGraph(np.zeros(n, int), empty, empty, empty, empty, empty)


def disjoint_pairs(pairs: int) -> SocialGraph:
    """Agents 2k and 2k+1 tied, each pair its own community (as in tests/conftest.py)."""
    u = np.arange(0, 2 * pairs, 2)
    return SocialGraph(
        np.arange(2 * pairs) // 2, u, u + 1, np.zeros(pairs), np.ones(pairs), np.ones(pairs)
    )


CAJ = dict(job_locality=0.0, max_hops=1, lead_lifetime=1, passing="random")
GRAPH = CommunityGraphConfig(n=150, community_size=10, strong_degree=4, weak_tie_density=1.5)
JOBS = JobsConfig(
    initial_employment=0.7,
    job_arrival=0.08,
    job_loss=0.03,
    max_hops=3,
    lead_lifetime=3,
    job_locality=0.5,
)
COMPLEX = TrendsConfig(rate=0.3, contagion="complex", threshold=2, below_threshold=0.02, horizon=12)
SIMPLE = TrendsConfig(rate=0.2, contagion="simple", transmission=0.4, horizon=10)


def both(graph, jobs=JOBS, trends=COMPLEX, rng=7):
    return (
        WeakTiesModel(graph, jobs, trends, rng=rng),
        ArrayModel(graph, jobs, trends, rng=rng),
    )


def assert_same(mesa: WeakTiesModel, array: ArrayModel) -> None:
    pd.testing.assert_frame_equal(mesa.metrics(), array.metrics(), check_exact=True)
    pd.testing.assert_frame_equal(mesa.hires(), array.hires(), check_exact=True)
    pd.testing.assert_frame_equal(mesa.trend_items(), array.trend_items(), check_exact=True)
    employed = np.array([p.employed for p in mesa.people])
    assert np.array_equal(employed, array.employed)
    assert np.array_equal(mesa.graph.alive, array.graph.alive)


def graphml(tmp_path, with_communities: bool) -> FileGraphConfig:
    """A small GraphML file; without communities, loading detects them from the model's rng."""
    G = community_graph(80, 8, 3, 1.0, seed=11).to_networkx()
    if not with_communities:
        for node in G.nodes:
            del G.nodes[node]["community"]
    path = tmp_path / "ties.graphml"
    nx.write_graphml(G, path)
    return FileGraphConfig(kind="file", path=str(path))


GRAPHS = {
    "community": GRAPH,
    "small_world": SmallWorldGraphConfig(kind="small_world", n=120, k=4, p=0.1, community_size=10),
    "rewired_lattice": RewiredLatticeGraphConfig(
        kind="rewired_lattice", n=120, k=4, p=0.2, community_size=10
    ),
    "block_model": BlockModelGraphConfig(
        kind="block_model", n=120, community_size=12, p_in=0.4, p_out=0.01
    ),
    # real networks: the karate club's two clubs; Louvain, seeded from the run's rng
    "karate_club": DatasetGraphConfig(kind="dataset", name="karate_club"),
    "les_miserables": DatasetGraphConfig(
        kind="dataset", name="les_miserables", communities="detected"
    ),
    "davis_southern_women": DatasetGraphConfig(
        kind="dataset", name="davis_southern_women", weak_threshold=3
    ),
    "florentine_families": DatasetGraphConfig(kind="dataset", name="florentine_families"),
    "layered": LAYERED,
}


@pytest.mark.parametrize("kind", list(GRAPHS))
@pytest.mark.parametrize("trends", [COMPLEX, SIMPLE], ids=["complex", "simple"])
def test_graph_kinds(kind, trends):
    assert_same(*step_all(both(GRAPHS[kind], trends=trends), 30))


@pytest.mark.parametrize("contagion", ["simple", "complex"])
@pytest.mark.parametrize("rate, horizon", [(5.5, 12), (62.0, 1)], ids=["around", "all-at-once"])
def test_more_items_than_the_compiled_bit_sets_hold(contagion, rate, horizon):
    """Around 64 items followed (the array engine's bit sets step aside above that), or
    about 64 items started and all dropped the next step."""
    trends = TrendsConfig(rate=rate, contagion=contagion, transmission=0.5, horizon=horizon)
    mesa, array = both(GRAPHS["small_world"], trends=trends)
    for _ in range(40 if horizon > 1 else 100):
        step_all((mesa, array), 1)
        state = array.trend_state
        if len(state.ids) <= 64:  # the bit sets are in use
            rows = np.arange(len(state.ids), dtype=np.uint64)[:, None]
            bits = np.bitwise_or.reduce(state.adopted.astype(np.uint64) << rows, axis=0)
            assert np.array_equal(state.adopted_bits, bits)
    assert_same(mesa, array)
    followed = array.metrics()["trend_items"].to_numpy()
    above = followed > 64
    assert (above[:-1] & ~above[1:]).any()  # back to 64 or fewer after more
    assert (followed == 64).any() or horizon > 1


@pytest.mark.parametrize("with_communities", [True, False], ids=["labelled", "detected"])
def test_graph_from_file(tmp_path, with_communities):
    assert_same(*step_all(both(graphml(tmp_path, with_communities)), 25))


@pytest.mark.parametrize("passing", ["random", "strongest", "weakest"])
@pytest.mark.parametrize(
    "hops, lifetime, locality",
    [(1, 1, 0.0), (3, 3, 0.5), (4, 2, 1.0)],
    ids=["caj", "hops3", "hops4"],
)
def test_passing_rules_hops_and_locality(passing, hops, lifetime, locality):
    jobs = JOBS.model_copy(
        update=dict(passing=passing, max_hops=hops, lead_lifetime=lifetime, job_locality=locality)
    )
    graph = GRAPH.model_copy(update={"strong_contact_rate": 0.8, "weak_contact_rate": 0.4})
    assert_same(*step_all(both(graph, jobs, TrendsConfig()), 30))


SEEDED = COMPLEX.model_copy(update={"seed_contacts": True, "transmission": 0.8})


@pytest.mark.parametrize(
    "trends",
    [
        COMPLEX.model_copy(update={"below_threshold": 0.0}),
        COMPLEX.model_copy(update={"threshold": 3, "transmission": 1.0, "horizon": 40}),
        SIMPLE.model_copy(update={"below_threshold": 0.05, "rate": 1.5}),
        SIMPLE.model_copy(update={"rate": 4.0, "horizon": 3, "transmission": 0.9}),
        COMPLEX.model_copy(update={"threshold": 3, "below_threshold": 0.2, "horizon": 6}),
        SEEDED,
        SEEDED.model_copy(update={"threshold": 3, "below_threshold": 0.0, "horizon": 50}),
        SIMPLE.model_copy(update={"seed_contacts": True, "rate": 0.5}),
    ],
    ids=[
        "complex-no-below",
        "complex-3",
        "simple-busy",
        "many-items-short-horizon",
        "complex-3-below-retired",
        "seed-contacts",
        "seed-contacts-3",
        "seed-contacts-simple",
    ],
)
def test_trend_variants(trends):
    assert_same(*step_all(both(GRAPH, trends=trends), 30))


@pytest.mark.parametrize("threshold", [2, 3])
def test_seeded_complex_contagion_on_a_small_world(threshold):
    """Seeds and their contacts on a rewired ring with everyone talking: items spread."""
    graph = GRAPHS["small_world"].model_copy(
        update={"k": 6, "p": 0.05, "strong_contact_rate": 1.0, "weak_contact_rate": 1.0}
    )
    trends = SEEDED.model_copy(
        update={"threshold": threshold, "transmission": 1.0, "below_threshold": 0.0, "rate": 0.3}
    )
    mesa, array = step_all(both(graph, trends=trends), 40)
    assert_same(mesa, array)
    assert array.trend_items()["adopters"].max() > 2 * (1 + 6)  # twice the seeded agents


@pytest.mark.parametrize(
    "graph", [isolated_agents(300), disjoint_pairs(150)], ids=["alone", "pairs"]
)
def test_calvo_armengol_jackson_reduction(graph):
    jobs = JobsConfig(job_arrival=0.1, job_loss=0.05, **CAJ)
    assert_same(*step_all(both(graph, jobs, TrendsConfig()), 60))


@pytest.mark.parametrize(
    "trends",
    [SIMPLE, COMPLEX.model_copy(update={"below_threshold": 0.1}), SEEDED],
    ids=["simple", "complex-below", "seed-contacts"],
)
def test_ties_cut_and_added_mid_run(trends):
    """Cut every weak tie, then add new ties and re-form some of the cut ones."""
    local = np.random.default_rng(99)
    mesa, array = both(GRAPH, trends=trends, rng=3)
    cut = mesa.weak_slots()
    new_u = local.integers(0, 75, 12)
    new_v = local.integers(75, 150, 12)
    tied = {(int(a), int(b)) for a, b in zip(mesa.graph.u, mesa.graph.v, strict=True)}
    fresh = [(a, b) for a, b in zip(new_u, new_v, strict=True) if (a, b) not in tied]
    fresh = list(dict.fromkeys(fresh))
    again = cut[:5]

    def add(model):
        u = [a for a, _ in fresh] + list(model.graph.u[again])
        v = [b for _, b in fresh] + list(model.graph.v[again])
        k = len(u)
        model.add_ties(u, v, [Tie.WEAK] * k, [0.3] * k, [0.9] * k)

    edits = {
        8: lambda model: model.remove_ties(model.weak_slots()),
        15: add,
        22: lambda model: model.remove_ties(np.arange(0, model.graph.num_slots, 3)),
    }
    mesa, array = step_all((mesa, array), 35, edits)
    assert_same(mesa, array)
    assert array.graph.num_slots == mesa.graph.num_slots > GRAPH.n


def test_added_ties_carry_leads():
    jobs = JobsConfig(job_arrival=0.5, job_loss=0.3, **CAJ)  # many spells: some end by the tie
    mesa, array = both(isolated_agents(2), jobs, TrendsConfig(), 1)
    for model in (mesa, array):
        assert list(model.add_ties([0], [1], [Tie.WEAK], [0.3], [1.0])) == [0]
    step_all((mesa, array), 100)
    assert_same(mesa, array)
    assert (array.hires()["channel"] == "weak").any()


def test_adding_a_tie_twice_is_an_error():
    model = ArrayModel(disjoint_pairs(3), rng=0)
    with pytest.raises(TiesimError, match="already tied"):
        model.add_ties([1], [0], [Tie.STRONG], [1.0], [1.0])
    with pytest.raises(TiesimError, match="itself"):
        model.add_ties([2], [2], [Tie.STRONG], [1.0], [1.0])


@pytest.mark.parametrize(
    "seed",
    [lambda: np.random.default_rng(5), lambda: np.random.SeedSequence(6)],
    ids=["generator", "seed-sequence"],
)
def test_seeds_other_than_int_consume_the_same_draws(seed):
    """Mesa draws one integer from a non-int seed's generator (for stdlib random); so do we."""
    assert_same(
        *step_all(
            (
                WeakTiesModel(GRAPH, JOBS, COMPLEX, rng=seed()),
                ArrayModel(GRAPH, JOBS, COMPLEX, rng=seed()),
            ),
            10,
        )
    )


def test_runner_dispatches_on_engine(small_config):
    config = small_config.with_overrides({"engine": "array", "steps": 15})
    assert isinstance(make_model(config), ArrayModel)
    mesa = simulate(config.with_overrides({"engine": "mesa"}))
    array = simulate(config)
    for name in ("metrics", "hires", "trends"):
        pd.testing.assert_frame_equal(getattr(mesa, name), getattr(array, name), check_exact=True)


def test_state_arrays_are_exposed():
    model = ArrayModel(GRAPH, JOBS, rng=2)
    model.step()
    assert model.employed.shape == (GRAPH.n,) and model.employed.dtype == bool
    unemployed = model.metrics()["unemployed"].iloc[-1]
    assert unemployed == np.count_nonzero(~model.employed)
    assert ExperimentConfig(engine="array").engine == "array"
