"""Degree-preserving rewiring of a ring lattice (``rewired_lattice_graph``)."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tiesim.config import ExperimentConfig, RewiredLatticeGraphConfig
from tiesim.errors import TiesimError
from tiesim.graphs import Tie, rewired_lattice_graph, small_world_graph


def degrees(G) -> np.ndarray:
    return np.bincount(np.concatenate([G.u, G.v]), minlength=G.n)


def ring_distance(G) -> np.ndarray:
    gap = np.abs(G.u.astype(np.int64) - G.v)
    return np.minimum(gap, G.n - gap)


@pytest.mark.parametrize("p", [0.0, 0.01, 0.3, 1.0])
def test_every_degree_is_exactly_k(p):
    G = rewired_lattice_graph(500, 6, p, seed=5)
    assert np.all(degrees(G) == 6)
    assert G.num_ties == 1500
    assert np.all(G.u < G.v) and len(np.unique(G.u.astype(np.int64) * G.n + G.v)) == G.num_ties


def test_no_rewiring_is_the_strong_lattice_of_small_world():
    G, ring = rewired_lattice_graph(200, 6, 0.0, seed=1), small_world_graph(200, 6, 0.0, seed=1)
    assert np.all(G.tie == Tie.STRONG)
    for field in ("u", "v", "tie", "strength", "community"):
        assert np.array_equal(getattr(G, field), getattr(ring, field))
    assert np.all(ring_distance(G) <= 3)


@pytest.mark.parametrize("p", [0.05, 0.3, 0.7, 1.0])
def test_rewired_share_is_p_and_rewired_ties_are_long(p):
    G = rewired_lattice_graph(4000, 8, p, seed=3)
    weak = G.tie == Tie.WEAK
    assert abs(weak.mean() - p) < 4 * np.sqrt(p * (1 - p) / G.num_ties) + 1 / G.num_ties
    assert np.all(ring_distance(G)[weak] > 4)  # never onto a lattice pair
    assert np.all(ring_distance(G)[~weak] <= 4)  # the others stay where they were


def test_degrees_spread_under_watts_strogatz_but_not_here():
    assert degrees(small_world_graph(1000, 6, 0.5, seed=2)).std() > 1.0
    assert degrees(rewired_lattice_graph(1000, 6, 0.5, seed=2)).std() == 0.0


def test_seeded_and_reproducible():
    a, b = rewired_lattice_graph(300, 4, 0.4, seed=9), rewired_lattice_graph(300, 4, 0.4, seed=9)
    c = rewired_lattice_graph(300, 4, 0.4, seed=np.random.default_rng(9))
    d = rewired_lattice_graph(300, 4, 0.4, seed=10)
    for field in ("u", "v", "tie", "strength"):
        assert np.array_equal(getattr(a, field), getattr(b, field))
        assert np.array_equal(getattr(a, field), getattr(c, field))
    assert not np.array_equal(a.v, d.v)


def test_the_config_builds_the_same_graph():
    config = ExperimentConfig(graph={"kind": "rewired_lattice", "n": 60, "k": 4, "p": 0.5})
    assert isinstance(config.graph, RewiredLatticeGraphConfig)
    built = config.graph.build(np.random.default_rng(4))
    direct = rewired_lattice_graph(60, 4, 0.5, seed=np.random.default_rng(4), community_size=10)
    assert np.array_equal(built.v, direct.v) and np.array_equal(built.tie, direct.tie)


def test_dense_rings_terminate_and_keep_degrees():
    for n, k in [(9, 6), (7, 6), (5, 4), (4, 2), (3, 2)]:
        G = rewired_lattice_graph(n, k, 1.0, seed=4)
        assert np.all(degrees(G) == k)
        assert np.all(ring_distance(G)[G.tie == Tie.WEAK] > k // 2)


@pytest.mark.parametrize(
    ("args", "kwargs", "name"),
    [
        ((10, 3, 0.1), {}, "k"),
        ((10, 10, 0.1), {}, "k"),
        ((10, 4, -0.1), {}, "p"),
        ((1, 0, 0.1), {}, "n"),
        ((10, 4, 0.1), {"community_size": 1}, "community_size"),
        ((10, 4, 0.1), {"weak_contact_rate": 2}, "weak_contact_rate"),
    ],
)
def test_invalid_parameters_name_the_parameter(args, kwargs, name):
    with pytest.raises(TiesimError, match=rf"^The '{name}' parameter must be .* Got .* instead\.$"):
        rewired_lattice_graph(*args, seed=0, **kwargs)


@settings(max_examples=60, deadline=None)
@given(
    n=st.integers(2, 60),
    half_k=st.integers(0, 30),
    p=st.floats(0, 1),
    seed=st.integers(0, 2**32 - 1),
)
def test_property_degrees_and_valid_ties(n, half_k, p, seed):
    k = min(2 * half_k, n - 1 - (n - 1) % 2)
    G = rewired_lattice_graph(n, k, p, seed)
    assert G.num_ties == n * k // 2
    assert np.all(degrees(G) == k)
    assert np.all(G.u < G.v) and len(np.unique(G.u.astype(np.int64) * G.n + G.v)) == G.num_ties
