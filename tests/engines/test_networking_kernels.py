"""The compiled loops of people who network do what the rules say, checked against plain Python.

Each kernel of :mod:`tiesim.engines.kernels_networking` is compared, on random graphs, with a
direct transcription of its rule (README, "People who network"; the module docstring of
:mod:`tiesim.model.networking`).
"""

from __future__ import annotations

import numpy as np
import pytest

from tiesim.config import CommunityGraphConfig
from tiesim.config.networking import RANKINGS
from tiesim.engines.array_graph import Adjacency
from tiesim.engines.kernels_networking import (
    ASK_ORDERS,
    ask_contacts,
    largest_keys,
    mutual_contacts,
    pick_pairs,
    pick_unshared,
    recommend,
)
from tiesim.graphs.ties import Tie
from tiesim.model.streams import Uniforms


def graph_and_rows(seed):
    graph = CommunityGraphConfig(n=120, community_size=10, strong_degree=4).build(
        np.random.default_rng(seed)
    )
    adj = Adjacency(graph)
    return graph, adj, (adj.indptr, adj.degree, adj.neighbor, adj.slot)


def contacts(adj, i):
    return adj.neighbor[adj.indptr[i] : adj.indptr[i] + adj.degree[i]]


def slots(adj, i):
    return adj.slot[adj.indptr[i] : adj.indptr[i] + adj.degree[i]]


@pytest.mark.parametrize("seed", range(5))
def test_largest_keys_is_a_stable_sort_of_the_keys_over_entries_with_weight(seed):
    rng = np.random.default_rng(seed)
    u = rng.random(3000)
    u[rng.integers(3000, size=300)] = u[rng.integers(3000, size=300)]  # equal keys
    u[:5] = 0.0  # key -inf, with weight
    weight = rng.choice([0.0, 1.0, 2.0, 3.0], size=3000)
    for size in (0, 1, 7, 30, 2500, 5000):
        with np.errstate(divide="ignore"):
            key = np.log(u) / np.where(weight > 0, weight, 1.0)
        order = np.argsort(-key, kind="stable")
        expected = order[weight[order] > 0][:size]
        assert np.array_equal(largest_keys(u, weight, size), expected)


@pytest.mark.parametrize("rule", list(ASK_ORDERS))
def test_ask_contacts_follows_the_rule(rule):
    graph, adj, rows = graph_and_rows(1)
    rng = np.random.default_rng(2)
    strength = rng.choice([0.2, 0.5, 0.9], size=graph.num_slots).astype(np.float32)
    last_asked = np.where(rng.random(graph.num_slots) < 0.3, 7, 0).astype(np.int32)
    t, wait, asks, key = 9, 3, 3, Uniforms(np.uint64(12345))
    seekers = np.flatnonzero(rng.random(graph.n) < 0.4)
    expected_asked, expected_last = [], last_asked.copy()
    for i in seekers.tolist():  # the rule, seeker by seeker
        others, mine = contacts(adj, i), slots(adj, i)
        free = (expected_last[mine] == 0) | (t - expected_last[mine] >= wait)
        others, mine = others[free], mine[free]
        weight = strength[mine].astype(np.float64)
        if rule == "strongest_first":
            order = np.argsort(-weight, kind="stable")
        elif rule == "random":
            order = np.argsort(key.at(2 * mine + (graph.u[mine] != i)), kind="stable")
        elif rule == "other_community_first":
            order = np.lexsort((weight, graph.community[others] == graph.community[i]))
        else:
            order = np.argsort(weight, kind="stable")
        order = order[:asks]
        expected_last[mine[order]] = t
        expected_asked += [(i, c) for c in others[order].tolist()]
    last_checkin = np.zeros(graph.num_slots, np.int32)
    interviews = np.zeros(graph.n, np.int64)
    ties = (strength, graph.u, last_asked, last_checkin)
    asker, asked = ask_contacts(
        t, ASK_ORDERS[rule], asks, wait, key.key, seekers, rows, ties, graph.community, interviews
    )
    assert list(zip(asker.tolist(), asked.tolist(), strict=True)) == expected_asked
    assert np.array_equal(last_asked, expected_last)
    assert np.array_equal(last_checkin == t, expected_last == t)
    assert np.array_equal(interviews, np.bincount(asker, minlength=graph.n))


def test_pick_unshared_picks_among_the_contacts_the_seeker_does_not_know():
    graph, adj, rows = graph_and_rows(3)
    rng = np.random.default_rng(4)
    seekers, asked = graph.u[:200].astype(np.int64), graph.v[:200].astype(np.int64)
    pick = rng.random(200)
    out = pick_unshared(*rows[:3], seekers, asked, pick)
    for k in range(200):
        s, theirs = seekers[k], contacts(adj, asked[k])
        candidates = theirs[(theirs != s) & ~np.isin(theirs, contacts(adj, s))]
        assert out[k] == (candidates[int(pick[k] * len(candidates))] if len(candidates) else -1)


def test_recommend_ranks_friends_of_friends_by_mutual_contacts():
    graph, adj, rows = graph_and_rows(5)
    rng = np.random.default_rng(6)
    agents = np.arange(graph.n)
    ranking, pick = rng.integers(len(RANKINGS), size=graph.n), rng.random(graph.n)
    out = recommend(*rows[:3], agents, ranking, pick)
    for i in agents.tolist():
        mine = contacts(adj, i)
        reach = np.concatenate([contacts(adj, c) for c in mine.tolist()])
        candidates, mutual = np.unique(reach, return_counts=True)
        keep = (candidates != i) & ~np.isin(candidates, mine)
        candidates, mutual = candidates[keep], mutual[keep]
        if RANKINGS[ranking[i]] == "most_mutual":
            candidates = candidates[mutual == mutual.max()]
        elif RANKINGS[ranking[i]] == "fewest_mutual":
            candidates = candidates[mutual == mutual.min()]
        assert out[i] == candidates[int(pick[i] * len(candidates))]
    lonely = Adjacency(graph)
    lonely.degree[:] = 0
    no_rows = (lonely.indptr, lonely.degree, lonely.neighbor)
    assert np.all(recommend(*no_rows, agents, ranking, pick) == -1)


@pytest.mark.parametrize("strong_only", [False, True])
def test_pick_pairs_picks_two_distinct_contacts(strong_only):
    graph, adj, rows = graph_and_rows(7)
    rng = np.random.default_rng(8)
    chosen, picks = np.arange(graph.n), rng.random((graph.n, 2))
    a, b = pick_pairs(rows, graph.tie, chosen, picks, strong_only)
    for i in chosen.tolist():
        friends = contacts(adj, i)
        if strong_only:
            friends = friends[graph.tie[slots(adj, i)] == Tie.STRONG]
        if len(friends) < 2:
            assert a[i] == b[i] == -1
            continue
        first = int(picks[i, 0] * len(friends))
        second = int(picks[i, 1] * (len(friends) - 1))
        second += second >= first
        assert (a[i], b[i]) == (friends[first], friends[second])


def test_mutual_contacts_counts_shared_contacts():
    graph, adj, rows = graph_and_rows(9)
    rng = np.random.default_rng(10)
    a, b = rng.integers(graph.n, size=(2, 500))
    pairs = zip(a.tolist(), b.tolist(), strict=True)
    expected = [len(np.intersect1d(contacts(adj, x), contacts(adj, y))) for x, y in pairs]
    assert mutual_contacts(*rows[:3], a, b).tolist() == expected
