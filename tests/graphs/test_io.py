import random

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from tiesim.errors import TiesimError
from tiesim.graphs import SocialGraph, Tie, community_graph, load_graph


def by_pair(G: SocialGraph) -> dict:
    """Tie attributes keyed by (u, v), so slot order does not matter."""
    return {
        (int(a), int(b)): (int(t), round(float(s), 5), round(float(r), 5))
        for a, b, t, s, r in zip(G.u, G.v, G.tie, G.strength, G.contact_rate, strict=True)
    }


@pytest.fixture(scope="module")
def original():
    return community_graph(60, 10, 4, 1.5, seed=1, strong_contact_rate=0.6)


@pytest.mark.parametrize("writer", ["graphml", "gml"])
def test_networkx_formats_round_trip(tmp_path, original, writer):
    path = tmp_path / f"g.{writer}"
    getattr(nx, f"write_{writer}")(original.to_networkx(), path)
    G = load_graph(path)
    assert G.n == original.n
    assert by_pair(G) == by_pair(original)
    assert np.array_equal(G.community, original.community)


def test_csv_round_trip(tmp_path, original):
    table = pd.DataFrame(
        {
            "source": original.u,
            "target": original.v,
            "tie": [Tie(t).label for t in original.tie],
            "strength": original.strength,
            "contact_rate": original.contact_rate,
        }
    )
    path = tmp_path / "g.csv"
    table.to_csv(path, index=False)
    G = load_graph(path, seed=0)
    nodes = pd.unique(table[["source", "target"]].to_numpy().ravel())
    relabel = {int(x): i for i, x in enumerate(nodes)}
    expected = {
        tuple(sorted((relabel[a], relabel[b]))): attrs
        for (a, b), attrs in by_pair(original).items()
    }
    assert by_pair(G) == expected
    # Communities are detected: labels 0..C-1, and mostly the planted ones.
    assert set(np.unique(G.community)) == set(range(G.num_communities))
    planted = original.community[nodes]
    same_planted = planted[G.u] == planted[G.v]
    same_found = G.community[G.u] == G.community[G.v]
    assert np.mean(same_planted == same_found) > 0.8


def write_csv(tmp_path, text, name="g.csv"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_tie_attribute_any_case_and_defaults(tmp_path):
    path = write_csv(tmp_path, "source,target,tie\nann,bob,STRONG\nbob,cy,Weak\n")
    G = load_graph(path, seed=0, strong_contact_rate=0.4, weak_contact_rate=0.05)
    assert G.n == 3
    assert G.tie.tolist() == [Tie.STRONG, Tie.WEAK]
    assert G.strength.tolist() == [1.0, 0.25]
    assert G.contact_rate.tolist() == pytest.approx([0.4, 0.05])


def test_weight_threshold(tmp_path):
    path = write_csv(tmp_path, "source,target,weight\n1,2,4\n2,3,1\n3,1,2\n")
    G = load_graph(path, weak_threshold=2, seed=0)
    assert G.tie.tolist() == [Tie.STRONG, Tie.WEAK, Tie.STRONG]
    assert G.strength.tolist() == pytest.approx([1.0, 0.25, 0.5])


def two_triangles_and_a_bridge(tmp_path):
    rows = ["a,b", "b,c", "a,c", "c,d", "d,e", "e,f", "d,f"]
    return write_csv(tmp_path, "source,target\n" + "\n".join(rows) + "\n")


def test_overlap_inference(tmp_path):
    # Overlaps in file order: 1, 0.5, 0.5, 0 (the bridge c-d), 0.5, 1, 0.5.
    path = two_triangles_and_a_bridge(tmp_path)
    G = load_graph(path, seed=0)  # median overlap 0.5: ties below it are weak
    assert G.tie.tolist() == [0, 0, 0, 1, 0, 0, 0]
    assert G.strength.tolist() == [1.0, 1.0, 1.0, 0.25, 1.0, 1.0, 1.0]
    assert G.community.tolist() == [0, 0, 0, 1, 1, 1]
    G = load_graph(path, overlap_threshold=0.6, seed=0)
    assert G.tie.tolist() == [0, 1, 1, 1, 1, 0, 1]


def test_overlap_inference_with_zero_median(tmp_path):
    path = write_csv(tmp_path, "source,target\n0,1\n1,2\n2,3\n1,4\n")  # a tree
    assert load_graph(path, seed=0).tie.tolist() == [Tie.WEAK] * 4


def test_self_loops_dropped_and_duplicates_merged(tmp_path):
    text = "source,target,tie\n0,1,strong\n1,1,weak\n1,0,weak\n1,2,weak\n0,1,weak\n"
    G = load_graph(write_csv(tmp_path, text), seed=0)
    assert G.u.tolist() == [0, 1] and G.v.tolist() == [1, 2]
    assert G.tie.tolist() == [Tie.STRONG, Tie.WEAK]  # the first occurrence wins


def test_only_self_loops_leaves_agents_without_ties(tmp_path):
    G = load_graph(write_csv(tmp_path, "source,target\n0,0\n5,5\n"), seed=0)
    assert (G.n, G.num_ties, G.community.tolist()) == (2, 0, [0, 1])


def test_community_labels_renumbered_and_node_order_kept(tmp_path):
    H = nx.Graph()
    H.add_node("z", community="left")
    H.add_node("y", community="right")
    H.add_node("x", community="left")
    H.add_edge("x", "z", tie="strong")
    H.add_edge("y", "x", tie="weak")
    path = tmp_path / "g.graphml"
    nx.write_graphml(H, path)
    G = load_graph(path)
    assert G.community.tolist() == [0, 1, 0]
    assert by_pair(G) == {(0, 2): (0, 1.0, 0.5), (1, 2): (1, 0.25, 0.1)}


def test_detection_is_seeded_and_leaves_global_state(tmp_path, original):
    path = tmp_path / "g.gml"
    H = original.to_networkx()
    for node in H.nodes:
        del H.nodes[node]["community"]
    nx.write_gml(H, path)
    py_state, np_state = random.getstate(), np.random.get_state()
    a, b = load_graph(path, seed=3), load_graph(path, seed=3)
    assert random.getstate() == py_state
    assert np.array_equal(np.random.get_state()[1], np_state[1])
    assert np.array_equal(a.community, b.community)


@pytest.mark.parametrize(
    ("name", "text", "kwargs", "message"),
    [
        ("g.txt", "source,target\n0,1\n", {}, "unknown extension '.txt'"),
        ("g.csv", "from,to\n0,1\n", {}, "'source' and 'target'"),
        ("g.csv", "", {}, "Cannot read graph file"),
        ("g.graphml", "<graphml><graph", {}, "Cannot read graph file"),
        ("g.gml", "graph [ node [ id 0 ", {}, "Cannot read graph file"),
        ("g.csv", "source,target,tie\n0,1,close\n", {}, "edge \\(0, 1\\) has tie 'close'"),
        ("g.csv", "source,target,tie\n0,1,strong\n1,2,\n", {}, "edge \\(1, 2\\) has no 'tie'"),
        ("g.csv", "source,target,weight\n0,1,heavy\n", {}, "weight 'heavy'"),
        ("g.csv", "source,target,weight\n0,1,0\n", {}, "must be > 0"),
        ("g.csv", "source,target,strength\n0,1,1.5\n", {}, "in \\(0, 1\\]"),
        ("g.csv", "source,target,contact_rate\n0,1,-1\n", {}, "in \\[0, 1\\]"),
        ("g.csv", "source,target\n0,1\n", {"weak_threshold": 1}, "needs the 'weight'"),
        ("g.csv", "source,target\n", {}, "no nodes"),
    ],
)
def test_bad_files(tmp_path, name, text, kwargs, message):
    path = write_csv(tmp_path, text, name)
    with pytest.raises(TiesimError, match=message) as info:
        load_graph(path, seed=0, **kwargs)
    assert name in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path):
    with pytest.raises(TiesimError, match="no such file"):
        load_graph(tmp_path / "missing.graphml")


def test_invalid_option(tmp_path):
    path = write_csv(tmp_path, "source,target\n0,1\n")
    with pytest.raises(TiesimError, match="'overlap_threshold' parameter"):
        load_graph(path, overlap_threshold=2.0)
