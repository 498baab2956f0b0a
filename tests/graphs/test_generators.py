import random

import networkx as nx
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiesim.errors import TiesimError
from tiesim.graphs import (
    SocialGraph,
    Tie,
    block_model_graph,
    community_graph,
    rewired_lattice_graph,
    small_world_graph,
)

RATES = {"strong_contact_rate": 0.7, "weak_contact_rate": 0.2}

GENERATORS = {
    "community": lambda seed, **kw: community_graph(300, 15, 5, 2.0, seed, weak_within=0.2, **kw),
    "small_world": lambda seed, **kw: small_world_graph(300, 6, 0.2, seed, **kw),
    "block_model": lambda seed, **kw: block_model_graph(300, 30, 0.3, 0.01, seed, **kw),
    "rewired_lattice": lambda seed, **kw: rewired_lattice_graph(300, 6, 0.2, seed, **kw),
}


def keys(G: SocialGraph) -> np.ndarray:
    return G.u.astype(np.int64) * G.n + G.v


def weak_share_inside(G: SocialGraph) -> float:
    weak = G.tie == Tie.WEAK
    return float(np.mean(G.community[G.u[weak]] == G.community[G.v[weak]]))


@pytest.mark.parametrize("make", GENERATORS.values(), ids=GENERATORS.keys())
def test_ties_are_valid_and_typed(make):
    G = make(7, **RATES)
    assert isinstance(G, SocialGraph)
    assert np.all(G.u < G.v)
    assert len(np.unique(keys(G))) == G.num_slots
    assert set(np.unique(G.tie)) <= {Tie.STRONG, Tie.WEAK}
    assert G.alive.all()
    weak = G.tie == Tie.WEAK
    assert weak.any() and (~weak).any()
    assert np.all((G.strength[~weak] > 0.5) & (G.strength[~weak] <= 1.0))
    assert np.all((G.strength[weak] > 0.05) & (G.strength[weak] <= 0.5))
    assert np.allclose(G.contact_rate[~weak], 0.7)
    assert np.allclose(G.contact_rate[weak], 0.2)
    assert G.community.min() == 0 and np.all(np.diff(G.community) >= 0)


@pytest.mark.parametrize("make", GENERATORS.values(), ids=GENERATORS.keys())
def test_same_seed_same_graph_different_seed_different(make):
    a, b, c = make(11), make(11), make(12)
    for field in ("community", "u", "v", "tie", "strength", "contact_rate"):
        assert np.array_equal(getattr(a, field), getattr(b, field))
    assert not (np.array_equal(a.u, c.u) and np.array_equal(a.strength, c.strength))
    d = make(np.random.default_rng(11))
    assert np.array_equal(a.strength, d.strength)


@pytest.mark.parametrize("make", GENERATORS.values(), ids=GENERATORS.keys())
def test_global_random_state_untouched(make):
    py_state, np_state = random.getstate(), np.random.get_state()
    make(3)
    make(None)
    assert random.getstate() == py_state
    after = np.random.get_state()
    assert np.array_equal(after[1], np_state[1]) and after[2:] == np_state[2:]


# ------------------------------------------------------------ community_graph
@pytest.mark.parametrize(("n", "density"), [(101, 1.3), (500, 4.0), (64, 0.0), (1000, 0.25)])
def test_community_weak_tie_count_is_exact(n, density):
    G = community_graph(n, 10, 3, density, seed=1)
    assert int((G.tie == Tie.WEAK).sum()) == round(density * n / 2)


def test_community_strong_ties_inside_weak_ties_across():
    G = community_graph(500, 20, 6, 3.0, seed=2)
    strong = G.tie == Tie.STRONG
    assert np.all(G.community[G.u[strong]] == G.community[G.v[strong]])
    assert weak_share_inside(G) == 0.0
    assert G.mean_degree(Tie.STRONG) == pytest.approx(6, rel=0.1)
    assert np.array_equal(G.community, np.arange(500) // 20)


def test_community_weak_within_share():
    G = community_graph(2000, 20, 4, 2.0, seed=3, weak_within=0.3)
    assert weak_share_inside(G) == pytest.approx(0.3, abs=0.01)


def test_community_strong_ties_are_clustered():
    G = community_graph(1000, 25, 6, 1.0, seed=4)
    strong = G.tie == Tie.STRONG
    S = nx.Graph(zip(G.u[strong].tolist(), G.v[strong].tolist(), strict=True))
    density = 2 * strong.sum() / (G.n * (G.n - 1))
    # An Erdős–Rényi graph of the same density has clustering about `density`.
    assert nx.average_clustering(S) > 20 * density
    assert nx.average_clustering(S) == pytest.approx(6 / 24, rel=0.25)


def test_community_last_community_smaller():
    G = community_graph(23, 10, 2, 1.0, seed=5)
    assert G.num_communities == 3
    assert np.sum(G.community == 2) == 3


def test_community_fills_every_free_pair():
    # 20 agents in 4 communities of 5: 150 between-community pairs, all requested.
    G = community_graph(20, 5, 0, 15.0, seed=6)
    assert G.num_ties == 150
    assert weak_share_inside(G) == 0.0


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [((10, 5, 4, 10.0), {}), ((10, 5, 4, 0.4), {"weak_within": 1.0}), ((10, 10, 2, 1.0), {})],
)
def test_community_impossible_request(args, kwargs):
    with pytest.raises(TiesimError, match="Cannot place"):
        community_graph(*args, seed=0, **kwargs)


def test_community_error_message_template():
    with pytest.raises(TiesimError) as info:
        community_graph(10, 5, 2, -1)
    assert str(info.value) == (
        "The 'weak_tie_density' parameter must be a float >= 0. Got -1 instead."
    )


# --------------------------------------------------------- small_world_graph
def test_small_world_without_rewiring_is_a_strong_lattice():
    G = small_world_graph(200, 6, 0.0, seed=1)
    assert G.num_ties == 600
    assert not np.any(G.tie == Tie.WEAK)
    assert np.all(np.bincount(np.concatenate([G.u, G.v])) == 6)
    assert G.num_communities == 20  # default community_size is max(10, k + 1)


def test_small_world_full_rewiring_is_mostly_weak():
    G = small_world_graph(500, 6, 1.0, seed=2)
    assert G.num_ties == 1500
    assert np.mean(G.tie == Tie.WEAK) > 0.9


def test_small_world_weak_share_matches_p():
    G = small_world_graph(2000, 8, 0.3, seed=3)
    assert np.mean(G.tie == Tie.WEAK) == pytest.approx(0.3, abs=0.02)
    assert G.num_ties == 8000


def test_small_world_communities():
    assert small_world_graph(100, 12, 0.1, seed=0).num_communities == 8  # blocks of 13
    assert small_world_graph(100, 4, 0.1, seed=0, community_size=25).num_communities == 4


def test_small_world_dense_rewiring_terminates():
    G = small_world_graph(9, 6, 1.0, seed=4)
    assert G.num_ties == 27
    assert len(np.unique(keys(G))) == 27


# --------------------------------------------------------- block_model_graph
def test_block_model_densities():
    G = block_model_graph(2000, 50, 0.2, 0.005, seed=1)
    assert G.mean_degree(Tie.STRONG) == pytest.approx(0.2 * 49, rel=0.05)
    assert G.mean_degree(Tie.WEAK) == pytest.approx(0.005 * 1950, rel=0.05)
    assert weak_share_inside(G) == 0.0


def test_block_model_complete():
    G = block_model_graph(12, 4, 1.0, 1.0, seed=2)
    assert G.num_ties == 66
    assert int((G.tie == Tie.STRONG).sum()) == 3 * 6


# ---------------------------------------------------------------- validation
INVALID = [
    (community_graph, (1, 5, 2, 1.0), {}, "n"),
    (community_graph, (10.0, 5, 2, 1.0), {}, "n"),
    (community_graph, (True, 5, 2, 1.0), {}, "n"),
    (community_graph, (10, 1, 0, 1.0), {}, "community_size"),
    (community_graph, (10, 5, 5, 1.0), {}, "strong_degree"),
    (community_graph, (10, 5, -1, 1.0), {}, "strong_degree"),
    (community_graph, (10, 5, 2, float("nan")), {}, "weak_tie_density"),
    (community_graph, (10, 5, 2, "1"), {}, "weak_tie_density"),
    (community_graph, (10, 5, 2, 1.0), {"weak_within": 1.5}, "weak_within"),
    (community_graph, (10, 5, 2, 1.0), {"strong_contact_rate": 2}, "strong_contact_rate"),
    (community_graph, (10, 5, 2, 1.0), {"weak_contact_rate": -0.1}, "weak_contact_rate"),
    (small_world_graph, (10, 3, 0.1), {}, "k"),
    (small_world_graph, (10, 10, 0.1), {}, "k"),
    (small_world_graph, (10, 4, 1.1), {}, "p"),
    (small_world_graph, (10, 4, 0.1), {"community_size": 0}, "community_size"),
    (block_model_graph, (10, 5, -0.1, 0.1), {}, "p_in"),
    (block_model_graph, (10, 5, 0.1, 2), {}, "p_out"),
    (block_model_graph, (10, 0, 0.1, 0.1), {}, "community_size"),
]


@pytest.mark.parametrize(
    ("func", "args", "kwargs", "name"), INVALID, ids=[f"{f.__name__}-{p}" for f, *_, p in INVALID]
)
def test_invalid_parameters_name_the_parameter(func, args, kwargs, name):
    with pytest.raises(TiesimError, match=rf"^The '{name}' parameter must be .* Got .* instead\.$"):
        func(*args, seed=0, **kwargs)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(2, 80),
    community_size=st.integers(2, 12),
    degree_share=st.floats(0, 1),
    weak_tie_density=st.floats(0, 4),
    weak_within=st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
)
def test_community_graph_property(
    n, community_size, degree_share, weak_tie_density, weak_within, seed
):
    try:
        G = community_graph(
            n,
            community_size,
            degree_share * (community_size - 1),
            weak_tie_density,
            seed,
            weak_within=weak_within,
        )
    except TiesimError as error:
        assert "Cannot place" in str(error)
        return
    assert np.all(G.u < G.v) and len(np.unique(keys(G))) == G.num_slots
    weak = G.tie == Tie.WEAK
    assert weak.sum() == round(weak_tie_density * n / 2)
    inside = G.community[G.u] == G.community[G.v]
    assert np.all(inside[~weak])
    assert inside[weak].sum() == round(weak_within * weak.sum())


def test_tiny_tie_probabilities():
    assert community_graph(8, 4, 1e-160, 0.0, seed=0).num_ties == 0
    assert block_model_graph(50, 5, 1e-300, 1e-300, seed=0).num_ties == 0


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(2, 40),
    half_k=st.integers(0, 20),
    p=st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
)
def test_small_world_property(n, half_k, p, seed):
    k = min(2 * half_k, n - 1 - (n - 1) % 2)
    G = small_world_graph(n, k, p, seed)
    assert G.num_ties == n * k // 2
    assert np.all(G.u < G.v) and len(np.unique(keys(G))) == G.num_slots
