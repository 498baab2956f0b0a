"""The tie table: slots reused under churn, edits checked, locked arrays, live networkx views."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from tiesim.errors import TiesimError
from tiesim.graphs import community_graph
from tiesim.graphs.ties import SocialGraph, Tie, TieAttributes


def churn(graph: SocialGraph, rng: np.random.Generator, k: int) -> None:
    """Remove ``k`` random present ties, then add ``k`` random new pairs."""
    present = np.flatnonzero(graph.alive)
    graph.remove_ties(rng.choice(present, k, replace=False))
    tied = set(zip(graph.u[graph.alive].tolist(), graph.v[graph.alive].tolist(), strict=True))
    pairs = []
    while len(pairs) < k:
        a, b = sorted(rng.choice(graph.n, 2, replace=False).tolist())
        if (a, b) not in tied:
            tied.add((a, b))
            pairs.append((a, b))
    u, v = np.array(pairs).T
    graph.add_ties(u, v, Tie.WEAK, 0.2, 0.1)


def test_slots_of_removed_ties_are_reused_so_the_table_stays_bounded():
    graph = community_graph(1000, 20, 6, 1.0, seed=1)
    ties = graph.num_ties
    rng = np.random.default_rng(2)
    for _ in range(50):
        churn(graph, rng, 40)
        assert graph.num_ties == ties
    assert graph.num_slots == ties  # before reuse: 50 steps left 5,000 slots for these ties


def test_added_ties_take_the_lowest_free_slots_then_append():
    graph = community_graph(100, 10, 4, 1.0, seed=3)
    size = graph.num_slots
    graph.remove_ties([7, 3, 11])
    slots = graph.add_ties([0, 0, 0, 0], [91, 92, 93, 94], Tie.WEAK, 0.3, 0.2, step=5)
    assert slots.tolist() == [3, 7, 11, size]
    assert graph.alive[slots].all() and graph.num_slots == size + 1
    assert graph.formed[slots].tolist() == [5] * 4 == graph.last_talk[slots].tolist()
    assert graph.v[slots].tolist() == [91, 92, 93, 94]


def test_growth_doubles_rather_than_copying_every_time():
    graph = SocialGraph(np.zeros(200, int), [], [], [], [], [])
    buffers = set()
    for k in range(1, 100):
        graph.add_ties([0], [k], Tie.STRONG, 0.9, 0.5)
        buffers.add(id(graph._columns["u"]))
    assert graph.num_ties == 99 and len(buffers) <= 5


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("strength", 0.0, "'strength' must be in \\(0, 1\\]. Got 0 instead"),
        ("strength", 1.5, "'strength' must be in \\(0, 1\\]"),
        ("contact_rate", -0.1, "'contact_rate' must be in \\[0, 1\\]"),
        ("tie", 2, "'tie' must be 0 \\(strong\\) or 1 \\(weak\\)"),
    ],
)
def test_tie_values_are_checked(field, value, message):
    graph = community_graph(50, 10, 3, 1.0, seed=0)
    with pytest.raises(TiesimError, match=message):
        graph.update_ties([0], **{field: value})
    values = {"tie": Tie.WEAK, "strength": 0.5, "contact_rate": 0.5, field: value}
    with pytest.raises(TiesimError, match=message):
        graph.add_ties([0], [49], **values)


def test_update_ties_changes_present_ties_only():
    graph = community_graph(50, 10, 3, 1.0, seed=0)
    graph.update_ties([1, 2], strength=[0.25, 0.75], contact_rate=0.4, tie=Tie.WEAK)
    assert graph.strength[[1, 2]].tolist() == [0.25, 0.75]
    assert np.allclose(graph.contact_rate[[1, 2]], 0.4) and (graph.tie[[1, 2]] == Tie.WEAK).all()
    graph.remove_ties([2])
    with pytest.raises(TiesimError, match="present"):
        graph.update_ties([2], strength=0.5)


def test_a_locked_table_refuses_direct_writes_and_its_copy_is_free():
    graph = community_graph(50, 10, 3, 1.0, seed=0)
    graph.lock()
    for name in ("strength", "contact_rate", "tie", "alive", "u", "community"):
        with pytest.raises(ValueError, match="read-only"):
            getattr(graph, name)[0] = 1
    graph.update_ties([0], strength=0.5)  # the API still works
    assert graph.strength[0] == 0.5
    copy = graph.copy()
    copy.strength[0] = 0.25
    assert graph.strength[0] == 0.5


def test_live_networkx_attributes_follow_the_table():
    graph = community_graph(60, 10, 3, 1.0, seed=4)
    G = graph.to_networkx(live=True)
    slot = int(np.flatnonzero(graph.alive)[0])
    a, b = int(graph.u[slot]), int(graph.v[slot])
    graph.update_ties([slot], strength=0.125, tie=Tie.WEAK)
    assert G.edges[a, b]["strength"] == 0.125 and G.edges[a, b]["tie"] == "weak"
    assert dict(G.edges[a, b])["slot"] == slot
    with pytest.raises(TiesimError, match="update_ties"):
        G.edges[a, b]["strength"] = 0.9
    snapshot = graph.to_networkx()
    assert not isinstance(snapshot.edges[a, b], TieAttributes)
    assert nx.utils.graphs_equal(G, snapshot)  # same structure and attribute values
    assert isinstance(G.copy().edges[a, b], dict)  # networkx copies take a snapshot
