"""The real networks networkx ships, as tie tables (``graph.kind: dataset``)."""

from __future__ import annotations

import os
import subprocess
import sys
import typing

import networkx as nx
import numpy as np
import pytest

from tiesim.config import DatasetGraphConfig, ExperimentConfig, validate_config
from tiesim.errors import ConfigError, TiesimError
from tiesim.graphs import Tie, dataset_graph, load_graph, topological_overlap
from tiesim.graphs.datasets import DATASETS, dataset_labels, dataset_network
from tiesim.graphs.inference import DEFAULT_STRENGTH

SIZES = {
    "karate_club": (34, 78),
    "les_miserables": (77, 254),
    "florentine_families": (15, 20),
    "davis_southern_women": (18, 139),
}


def pairs(G) -> dict:
    return {
        (int(a), int(b)): (int(t), np.float32(s))
        for a, b, t, s in zip(G.u, G.v, G.tie, G.strength, strict=True)
    }


def test_the_config_names_are_the_data_sets():
    name = DatasetGraphConfig.model_fields["name"].annotation
    assert typing.get_args(name) == tuple(DATASETS) == tuple(SIZES)


@pytest.mark.parametrize("name", list(SIZES))
def test_sizes_and_ties_follow_the_data(name):
    G = dataset_graph(name, seed=0)
    assert (G.n, G.num_ties) == SIZES[name]
    assert np.all(G.u < G.v) and np.all(np.diff(G.u * G.n + G.v) > 0)  # by agent pair
    assert set(np.unique(G.community)) == set(range(G.num_communities))
    weak = G.tie == Tie.WEAK
    assert 0 < weak.sum() < G.num_ties
    # tie types as a file's are inferred from overlap: below the median overlap is weak, or,
    # when the median is 0 (the Florentine marriages: few triangles), zero overlap is weak
    overlap = topological_overlap(G)
    median = np.median(overlap)
    assert np.array_equal(weak, overlap < median if median > 0 else overlap == 0)
    assert (median == 0) == (name == "florentine_families")
    labels = dataset_labels(name)
    assert len(labels) == G.n and len(set(labels)) == G.n
    assert np.array_equal(G.contact_rate, np.where(weak, 0.1, 0.5).astype(np.float32))


def test_strengths_from_weights_where_the_data_set_has_them():
    karate = nx.karate_club_graph()
    G = dataset_graph("karate_club", seed=0)
    top = max(w for *_, w in karate.edges(data="weight"))
    assert top == 7
    for (a, b), (_, strength) in pairs(G).items():
        assert strength == np.float32(karate[a][b]["weight"] / top)
    les = dataset_network("les_miserables")
    names = dataset_labels("les_miserables")
    G = dataset_graph("les_miserables", seed=0)
    top = max(w for *_, w in les.edges(data="weight"))
    for (a, b), (_, strength) in pairs(G).items():
        assert strength == np.float32(les[names[a]][names[b]]["weight"] / top)
    florentine = dataset_graph("florentine_families", seed=0)  # no weights: by type
    weak = florentine.tie == Tie.WEAK
    expected = np.where(weak, DEFAULT_STRENGTH[Tie.WEAK], DEFAULT_STRENGTH[Tie.STRONG])
    assert np.array_equal(florentine.strength, expected)


def test_davis_women_tied_by_the_events_they_shared():
    B = nx.davis_southern_women_graph()
    women = B.graph["top"]
    G = dataset_graph("davis_southern_women", seed=0)
    assert dataset_labels("davis_southern_women") == women
    shared = {
        (i, j): len(set(B[women[i]]) & set(B[women[j]]))
        for i in range(len(women))
        for j in range(i + 1, len(women))
    }
    tied = {pair: count for pair, count in shared.items() if count > 0}
    strengths = {pair: s for pair, (_, s) in pairs(G).items()}
    assert set(strengths) == set(tied)
    top = max(tied.values())
    assert all(strengths[pair] == np.float32(tied[pair] / top) for pair in tied)


def test_karate_known_split_or_louvain():
    clubs = [club for _, club in nx.karate_club_graph().nodes(data="club")]
    known = dataset_graph("karate_club", seed=0)
    assert known.num_communities == 2
    assert np.array_equal(known.community, (np.array(clubs) != clubs[0]).astype(int))
    detected = [dataset_graph("karate_club", seed=s, communities="detected") for s in (0, 1)]
    assert detected[0].num_communities >= 3  # Louvain splits the clubs further
    again = dataset_graph("karate_club", seed=0, communities="detected")
    assert np.array_equal(again.community, detected[0].community)


def test_the_same_as_the_data_set_written_to_a_file(tmp_path):
    """The shared inference: a data set gives what load_graph gives for the same edges."""
    les = dataset_network("les_miserables")
    path = tmp_path / "les.graphml"
    nx.write_graphml(les, path)
    from_file = load_graph(path, seed=4)
    names = dataset_labels("les_miserables")
    ours = dataset_graph("les_miserables", seed=np.random.default_rng(4))
    by_name = {tuple(sorted((names[a], names[b]))): v for (a, b), v in pairs(ours).items()}
    file_names = list(les.nodes)
    theirs = {
        tuple(sorted((file_names[a], file_names[b]))): v for (a, b), v in pairs(from_file).items()
    }
    assert by_name == theirs


def test_weak_threshold_on_weights():
    G = dataset_graph("les_miserables", seed=0, weak_threshold=2)
    les, names = dataset_network("les_miserables"), dataset_labels("les_miserables")
    for (a, b), (tie, _) in pairs(G).items():
        assert (tie == Tie.WEAK) == (les[names[a]][names[b]]["weight"] < 2)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"name": "zachary"}, "'name' parameter must be one of karate_club, les_miserables"),
        ({"name": "florentine_families", "weak_threshold": 2}, "needs tie weights"),
        ({"name": "karate_club", "communities": "clubs"}, "'communities' parameter must be one"),
        ({"name": "karate_club", "overlap_threshold": 2}, "overlap_threshold"),
    ],
)
def test_bad_arguments(kwargs, message):
    with pytest.raises(TiesimError, match=message):
        dataset_graph(**kwargs)


@pytest.mark.parametrize(
    ("graph", "message"),
    [
        ({"name": "zachary"}, "config field 'graph.name' must be 'karate_club', 'les_miserables'"),
        (
            {"name": "florentine_families", "weak_threshold": 2},
            "graph.weak_threshold needs tie weights, which graph.name florentine_families",
        ),
        ({"communities": "clubs"}, "config field 'graph.communities' must be 'known' or"),
        ({"n": 20}, "config field 'graph.n' is not a known field"),
    ],
)
def test_bad_config_is_one_line(graph, message):
    with pytest.raises(ConfigError, match=message) as info:
        validate_config({"graph": {"kind": "dataset", **graph}})
    assert "\n" not in str(info.value)


def test_config_builds_the_graph_from_the_run_rng():
    config = ExperimentConfig(graph={"kind": "dataset", "name": "les_miserables"})
    a = config.graph.build(np.random.default_rng(3))
    b = dataset_graph("les_miserables", seed=np.random.default_rng(3))
    assert pairs(a) == pairs(b) and np.array_equal(a.community, b.community)


def test_same_graph_whatever_the_string_hashing():
    """Davis's projection iterates a set of names: the tie table must not depend on it."""
    code = (
        "from tiesim.graphs import dataset_graph; G = dataset_graph('davis_southern_women', "
        "seed=1, communities='detected'); print(G.u.tolist(), G.v.tolist(), "
        "G.community.tolist())"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(h)},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for h in (1, 2, 3)
    }
    assert len(outputs) == 1
