import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tiesim.errors import TiesimError
from tiesim.graphs import (
    SocialGraph,
    Tie,
    common_neighbors,
    community_graph,
    embeddedness,
    tie_removal,
    topological_overlap,
)


def graph_from(n, ties, strength=None):
    u = [min(a, b) for a, b in ties]
    v = [max(a, b) for a, b in ties]
    m = len(ties)
    strength = [1.0] * m if strength is None else strength
    return SocialGraph(np.zeros(n), u, v, np.zeros(m), strength, np.full(m, 0.5))


@pytest.fixture
def triangle_with_pendant():
    # 0-1-2 triangle, 3 hangs off 2, 4 is isolated.
    return graph_from(5, [(0, 1), (0, 2), (1, 2), (2, 3)])


def test_overlap_and_embeddedness_by_hand(triangle_with_pendant):
    G = triangle_with_pendant
    assert embeddedness(G).tolist() == [1, 1, 1, 0]
    # O = n_ij / ((k_i - 1) + (k_j - 1) - n_ij); degrees 2, 2, 3, 1.
    assert topological_overlap(G).tolist() == [1.0, 0.5, 0.5, 0.0]


def test_lone_tie_has_zero_overlap():
    G = graph_from(3, [(0, 1)])
    assert topological_overlap(G).tolist() == [0.0]


def test_removed_slots(triangle_with_pendant):
    G = triangle_with_pendant
    G.remove_ties([1])
    overlap = topological_overlap(G)
    assert np.isnan(overlap[1])
    assert overlap[[0, 2, 3]].tolist() == [0.0, 0.0, 0.0]
    assert embeddedness(G).tolist() == [0, 1, 0, 0]  # 0 and 2 still share neighbour 1
    assert G.alive.tolist() == [True, False, True, True]


def test_against_networkx():
    G = community_graph(300, 15, 6, 3.0, seed=1)
    G.remove_ties(np.arange(0, G.num_slots, 7))
    H = G.to_networkx()
    expected = [len(list(nx.common_neighbors(H, a, b))) for a, b in zip(G.u, G.v, strict=True)]
    assert embeddedness(G).tolist() == expected
    overlap = topological_overlap(G)
    for s in np.flatnonzero(G.alive)[:200]:
        a, b = int(G.u[s]), int(G.v[s])
        common = expected[s]
        denominator = H.degree(a) - 1 + H.degree(b) - 1 - common
        assert overlap[s] == pytest.approx(common / denominator if denominator else 0.0)
    adjacency = G.adjacency()
    rng = np.random.default_rng(0)
    for a, b in rng.integers(300, size=(50, 2)).tolist():
        count = len(list(nx.common_neighbors(H, a, b))) if a != b else H.degree(a)
        assert common_neighbors(G, a, b) == count
        assert common_neighbors(adjacency, a, b) == count


def test_common_neighbors_rejects_bad_input(triangle_with_pendant):
    with pytest.raises(TiesimError, match="'j' parameter"):
        common_neighbors(triangle_with_pendant, 0, 5)
    with pytest.raises(TiesimError, match="SocialGraph or a square CSR"):
        common_neighbors(np.zeros((3, 3)), 0, 1)


def test_strong_ties_overlap_more_than_weak_ties():
    G = community_graph(1000, 20, 6, 2.0, seed=2)
    overlap = topological_overlap(G)
    assert overlap[G.tie == Tie.STRONG].mean() > 3 * overlap[G.tie == Tie.WEAK].mean()


# ----------------------------------------------------------------- tie_removal
def test_tie_removal_columns_and_start():
    # Two components of sizes 3 and 2, and an isolated agent: 6 agents.
    G = graph_from(6, [(0, 1), (1, 2), (3, 4)])
    df = tie_removal(G, seed=0)
    assert isinstance(df, pd.DataFrame)
    assert list(df.columns) == ["fraction_removed", "giant_component_share", "susceptibility"]
    assert np.allclose(df["fraction_removed"], np.linspace(0, 1, 21))
    assert df["giant_component_share"].iloc[0] == pytest.approx(3 / 6)
    assert df["susceptibility"].iloc[0] == pytest.approx((4 + 1) / 6)
    assert df["giant_component_share"].iloc[-1] == pytest.approx(1 / 6)


def test_susceptibility_by_hand():
    # Components of sizes 4, 3, 2, 1 on 10 agents; strengths decide what goes first.
    ties = [(0, 1), (1, 2), (2, 3), (4, 5), (5, 6), (7, 8)]
    G = graph_from(10, ties, strength=[0.9, 0.8, 0.7, 0.6, 0.5, 0.1])
    df = tie_removal(G, "weakest", [0.0, 1 / 6], seed=0)
    assert df["giant_component_share"].tolist() == pytest.approx([0.4, 0.4])
    # S = sum of s^2 over the components other than the largest, over n.
    # Removing tie 7-8 (strength 0.1) leaves sizes 4, 3, 1, 1, 1.
    assert df["susceptibility"].tolist() == pytest.approx([(9 + 4 + 1) / 10, (9 + 1 + 1 + 1) / 10])
    # Strongest first removes 0-1 (0.9): sizes 3, 3, 2, 1, 1; one size-3 component is the giant.
    strongest = tie_removal(G, "strongest", [1 / 6], seed=0)
    assert strongest["giant_component_share"].iloc[0] == pytest.approx(0.3)
    assert strongest["susceptibility"].iloc[0] == pytest.approx((9 + 4 + 1 + 1) / 10)


def first_break(df: pd.DataFrame, level: float = 0.5) -> float:
    below = df[df["giant_component_share"] < level]
    return float(below["fraction_removed"].iloc[0]) if len(below) else 1.1


@pytest.mark.parametrize("by", ["strength", "overlap"])
def test_weak_first_removal_breaks_the_network_sooner(by):
    # Onnela et al. (2007): weak ties hold communities together.
    G = community_graph(1500, 20, 6, 2.0, seed=3)
    weakest = tie_removal(G, "weakest", seed=1, by=by)
    strongest = tie_removal(G, "strongest", seed=1, by=by)
    assert first_break(weakest) + 0.2 <= first_break(strongest)
    assert weakest["susceptibility"].max() > strongest["susceptibility"].iloc[:10].max()


def test_random_order_is_reproducible_and_graph_untouched():
    G = community_graph(300, 15, 4, 1.0, seed=4)
    before = G.copy()
    a = tie_removal(G, "random", seed=5)
    b = tie_removal(G, "random", seed=5)
    pd.testing.assert_frame_equal(a, b)
    for field in ("u", "v", "tie", "strength", "alive"):
        assert np.array_equal(getattr(G, field), getattr(before, field))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"order": "weak"}, "order"),
        ({"by": "weight"}, "by"),
        ({"fractions": [0.0, 1.5]}, "fractions"),
        ({"fractions": [[0.1]]}, "fractions"),
        ({"fractions": ["a"]}, "fractions"),
    ],
)
def test_tie_removal_validation(triangle_with_pendant, kwargs, name):
    with pytest.raises(TiesimError, match=rf"^The '{name}' parameter must be"):
        tie_removal(triangle_with_pendant, **kwargs)
