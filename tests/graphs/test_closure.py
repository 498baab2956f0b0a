"""Triadic closure, strong triadic closure and brokerage, checked against networkx."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from tiesim.errors import TiesimError
from tiesim.graphs import (
    Tie,
    brokerage,
    clustering,
    community_graph,
    forbidden_triad_share,
    overlap_by_strength,
    small_world_graph,
    strong_triadic_closure,
    structural_holes,
    topological_overlap,
)
from tiesim.graphs.closure import ties_of


def as_networkx(graph):
    G = nx.Graph()
    G.add_nodes_from(range(graph.n))
    for s in np.flatnonzero(graph.alive):
        G.add_edge(int(graph.u[s]), int(graph.v[s]), tie=int(graph.tie[s]))
    return G


@pytest.fixture(scope="module")
def graph():
    G = community_graph(300, 20, 6, 2.0, seed=3)
    G.remove_ties(np.arange(0, G.num_slots, 7))  # dead slots must be ignored
    return G


def test_clustering_matches_networkx(graph):
    expected = nx.clustering(as_networkx(graph))
    assert np.allclose(clustering(graph), [expected[a] for a in range(graph.n)])


def test_open_strong_pairs_counted_by_brute_force(graph):
    G = as_networkx(graph)
    table = strong_triadic_closure(graph)
    for a in range(0, graph.n, 13):
        strong = [b for b in G[a] if G[a][b]["tie"] == Tie.STRONG]
        pairs = [(b, c) for i, b in enumerate(strong) for c in strong[i + 1 :]]
        open_pairs = sum(not G.has_edge(b, c) for b, c in pairs)
        row = table.loc[a]
        assert (row.strong_degree, row.strong_pairs, row.open_strong_pairs) == (
            len(strong),
            len(pairs),
            open_pairs,
        )
        assert row.satisfies == (open_pairs == 0)
    total = table["open_strong_pairs"].sum() / table["strong_pairs"].sum()
    assert forbidden_triad_share(graph) == pytest.approx(total)
    assert 0 < total < 1


def test_a_graph_without_two_strong_ties_has_no_forbidden_triad():
    ring = small_world_graph(10, 2, 0.0, seed=0)  # each agent has two strong ties, no triangle
    assert forbidden_triad_share(ring) == 1.0
    ring.remove_ties(np.arange(ring.num_slots))
    assert np.isnan(forbidden_triad_share(ring))
    assert not strong_triadic_closure(ring)["strong_pairs"].any()


def test_overlap_by_strength_bins_every_tie(graph):
    table = overlap_by_strength(graph, bins=5)
    assert table["ties"].sum() == graph.alive.sum()
    assert table["strength"].between(0, 1).all() and table["strength"].is_monotonic_increasing
    alive = graph.alive
    overlap = topological_overlap(graph)[alive]
    strong = graph.strength[alive] > 0.8
    top = table[table["strength"] == 0.9]["overlap"].item()
    assert top == pytest.approx(overlap[strong].mean())


@pytest.mark.parametrize("bins", [0, 1.5, True, "3"])
def test_overlap_by_strength_refuses_bad_bins(graph, bins):
    with pytest.raises(TiesimError, match="bins"):
        overlap_by_strength(graph, bins=bins)


@pytest.mark.parametrize("weight", [None, "strength"])
def test_brokerage_matches_networkx(graph, weight):
    G = as_networkx(graph)
    if weight:
        for s in np.flatnonzero(graph.alive):
            G[int(graph.u[s])][int(graph.v[s])]["strength"] = float(graph.strength[s])
    table = brokerage(graph, weight=weight)
    constraint = nx.constraint(G, weight=weight)
    effective = nx.effective_size(G, weight=weight)
    agents = range(graph.n)
    assert np.allclose(table["constraint"], [constraint[a] for a in agents], equal_nan=True)
    assert np.allclose(table["effective_size"], [effective[a] for a in agents], equal_nan=True)
    assert (table["degree"] == [G.degree(a) for a in agents]).all()


@pytest.mark.parametrize(
    "make",
    [
        lambda: community_graph(300, 20, 6, 2.0, seed=3),
        lambda: small_world_graph(200, 6, 0.2, seed=5),
        lambda: ties_of(6, [(0, 1), (0, 2), (1, 2), (0, 3), (3, 4)]),  # agent 5 alone
    ],
    ids=["community", "small_world", "hand_made"],
)
def test_structural_holes_match_networkx(make):
    graph = make()
    graph.remove_ties(np.arange(0, graph.num_slots, 5))  # dead slots must be ignored
    effective, constraint = structural_holes(graph)
    table = brokerage(graph)
    assert np.allclose(effective, table["effective_size"], equal_nan=True, rtol=0, atol=1e-12)
    assert np.allclose(constraint, table["constraint"], equal_nan=True, rtol=0, atol=1e-12)
    assert np.isnan(effective[table["degree"] == 0]).all()


def test_weak_ties_make_brokers():
    closed = brokerage(community_graph(200, 20, 6, 0.0, seed=1))
    bridged = brokerage(community_graph(200, 20, 6, 3.0, seed=1))
    assert bridged["constraint"].mean() < closed["constraint"].mean()


def test_brokerage_refuses_an_unknown_weight(graph):
    with pytest.raises(TiesimError, match="weight"):
        brokerage(graph, weight="contact_rate")


def test_the_readme_snippets_run():
    from pathlib import Path

    text = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Graphs and their structure") :]
    blocks = [b.split("```", 1)[0] for b in section.split("```python\n")[1:]]
    (build,) = [b for b in blocks if "community_graph(" in b]
    (closure,) = [b for b in blocks if "brokerage(" in b]
    namespace: dict = {}
    exec(build.replace("10_000", "500"), namespace)
    exec(closure, namespace)
    assert namespace["g"].n == 500
