"""Inferring a social graph's ties from a table of edges: type, strength, contact rate, communities.

Shared by the graphs read from files (:func:`tiesim.graphs.load_graph`) and the real networks
networkx ships (:func:`tiesim.graphs.dataset_graph`), so both infer ties the same way.  Self-loops
are dropped; a tie listed more than once (in either direction) is kept once, with the attributes
of its first occurrence.  Each tie gets its attributes as follows.

* Type: the tie-type attribute (``"strong"`` or ``"weak"``, any case) if the edges have it;
  else, if a ``weak_threshold`` is given, weak when its weight is below the threshold; else
  inferred from topological overlap (Onnela et al. 2007): weak when the overlap is below
  ``overlap_threshold``.  Without a threshold, ties below the graph's median overlap are weak if
  that median is above 0; otherwise the ties with zero overlap are weak.
* Strength: the ``strength`` attribute, in (0, 1], if present; else weight divided by the
  largest weight (weights must be > 0); else :data:`DEFAULT_STRENGTH` by type.
* Contact rate: the ``contact_rate`` attribute, in [0, 1], if present; else the strong or weak
  contact rate by type.

Communities are given labels (renumbered ``0..C-1`` in order of first appearance) or, when there
are none, detected with Louvain modularity maximisation weighted by strength
(:func:`detect_communities`).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from tiesim.errors import TiesimError, shorten, shown
from tiesim.graphs.generators import _check_float
from tiesim.graphs.structure import _overlap
from tiesim.graphs.ties import Tie
from tiesim.rng import child_seed

__all__ = [
    "DEFAULT_STRENGTH",
    "check_options",
    "detect_communities",
    "edges_of",
    "infer_ties",
    "weak_by_overlap",
]

#: Strength given to strong and weak ties when the edges have neither strengths nor weights.
DEFAULT_STRENGTH = {Tie.STRONG: 1.0, Tie.WEAK: 0.25}


def check_options(
    *,
    tie_attribute: str = "tie",
    weight_attribute: str = "weight",
    weak_threshold=None,
    overlap_threshold=None,
    strong_contact_rate=0.5,
    weak_contact_rate=0.1,
) -> tuple[dict, tuple]:
    """Checked contact rates by type, and the tie-type options, as :func:`infer_ties` takes them.

    Raises
    ------
    TiesimError
        If a threshold or a contact rate breaks its rule.
    """
    if weak_threshold is not None:
        weak_threshold = _check_float("weak_threshold", weak_threshold, -np.inf)
    if overlap_threshold is not None:
        overlap_threshold = _check_float("overlap_threshold", overlap_threshold, 0.0, 1.0)
    rates = {
        Tie.STRONG: _check_float("strong_contact_rate", strong_contact_rate, 0.0, 1.0),
        Tie.WEAK: _check_float("weak_contact_rate", weak_contact_rate, 0.0, 1.0),
    }
    return rates, (tie_attribute, weight_attribute, weak_threshold, overlap_threshold)


def edges_of(G: nx.Graph, community_attribute: str):
    """A networkx graph's nodes, its edge table (agents numbered in node order), and communities.

    The communities are the ``community_attribute`` of each node, or None unless every node has
    one.
    """
    nodes = list(G.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    rows = [{**data, "source": index[a], "target": index[b]} for a, b, data in G.edges(data=True)]
    edges = pd.DataFrame(rows, columns=None if rows else ["source", "target"])
    labels = [G.nodes[x].get(community_attribute) for x in nodes]
    communities = None if any(label is None for label in labels) else labels
    return nodes, edges, communities


def infer_ties(path, nodes, edges, communities, rates, types):
    """Tie arrays from the edge table: drop self-loops and repeats, then set each attribute.

    ``nodes`` are the agents' original labels (shown in messages), ``edges`` a table with
    ``source`` and ``target`` columns (agent numbers) and one column per edge attribute,
    ``communities`` a label per agent or None, ``rates`` and ``types`` what
    :func:`check_options` returns, and ``path`` the graph as quoted in messages.  Returns
    ``n, u, v, tie, strength, contact_rate`` and the community of each agent (None when they
    are to be detected).
    """
    tie_attribute, weight_attribute, weak_threshold, overlap_threshold = types
    n = len(nodes)
    source = edges["source"].to_numpy(np.int64)
    target = edges["target"].to_numpy(np.int64)
    u, v = np.minimum(source, target), np.maximum(source, target)
    keys = pd.Series(u * n + v)
    keep = np.flatnonzero((u != v) & ~keys.duplicated().to_numpy())
    edges, u, v = edges.iloc[keep].reset_index(drop=True), u[keep], v[keep]

    def edge_name(s: int) -> str:
        return f"({shown(nodes[u[s]])}, {shown(nodes[v[s]])})"

    def column(name: str, kind: str) -> np.ndarray | None:
        if name not in edges.columns:
            return None
        values = edges[name]
        if values.isna().any():
            s = int(np.flatnonzero(values.isna().to_numpy())[0])
            raise TiesimError(
                f"Cannot load graph {path}: edge {edge_name(s)} has no {shown(name)} value "
                "(give it to every edge or to none)."
            )
        if kind == "str":
            return values.astype(str).str.strip().str.lower().to_numpy()
        numbers = pd.to_numeric(values, errors="coerce").to_numpy(np.float64)
        bad = np.flatnonzero(~np.isfinite(numbers))
        if len(bad):
            raise TiesimError(
                f"Cannot load graph {path}: edge {edge_name(int(bad[0]))} has "
                f"{shorten(name)} {shown(values.iloc[bad[0]])}, which is not a finite number."
            )
        return numbers

    def require(name: str, values: np.ndarray, ok: np.ndarray, rule: str) -> None:
        if not ok.all():
            s = int(np.flatnonzero(~ok)[0])
            raise TiesimError(
                f"Cannot load graph {path}: edge {edge_name(s)} has {shorten(name)} "
                f"{shown(values[s])}; it must be {rule}."
            )

    labels = column(tie_attribute, "str")
    weight = column(weight_attribute, "num")
    if labels is not None:
        require(tie_attribute, labels, np.isin(labels, ["strong", "weak"]), "'strong' or 'weak'")
        weak = labels == "weak"
    elif weak_threshold is not None:
        if weight is None:
            raise TiesimError(
                f"Cannot load graph {path}: weak_threshold={weak_threshold} needs the "
                f"{shown(weight_attribute)} edge attribute, which the file does not have."
            )
        weak = weight < weak_threshold
    else:
        weak = weak_by_overlap(_overlap(n, u, v), overlap_threshold)
    tie = np.where(weak, Tie.WEAK, Tie.STRONG).astype(np.uint8)

    strength = column("strength", "num")
    if strength is not None:
        require("strength", strength, (strength > 0) & (strength <= 1), "in (0, 1]")
    elif weight is not None:
        require(weight_attribute, weight, weight > 0, "> 0 to give a strength")
        strength = weight / weight.max()
    else:
        strength = np.where(weak, DEFAULT_STRENGTH[Tie.WEAK], DEFAULT_STRENGTH[Tie.STRONG])

    contact_rate = column("contact_rate", "num")
    if contact_rate is not None:
        require(
            "contact_rate", contact_rate, (contact_rate >= 0) & (contact_rate <= 1), "in [0, 1]"
        )
    else:
        contact_rate = np.where(weak, rates[Tie.WEAK], rates[Tie.STRONG])

    if communities is not None:
        try:
            community = pd.factorize(pd.Series(communities, dtype=object))[0]
        except TypeError as exc:
            raise TiesimError(
                f"Cannot load graph {path}: community labels: {shorten(str(exc))}"
            ) from None
    else:
        community = None
    return n, u, v, tie, strength, contact_rate, community


def weak_by_overlap(overlap: np.ndarray, threshold: float | None) -> np.ndarray:
    """Which ties are weak by topological overlap: below ``threshold``, or by the median rule."""
    if threshold is not None:
        return overlap < threshold
    median = float(np.median(overlap)) if len(overlap) else 0.0
    return overlap < median if median > 0 else overlap == 0


def detect_communities(n, u, v, strength, rng) -> np.ndarray:
    """Louvain communities, numbered in order of their smallest agent."""
    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(zip(u.tolist(), v.tolist(), strength.tolist(), strict=True))
    groups = nx.community.louvain_communities(G, weight="weight", seed=child_seed(rng))
    community = np.empty(n, np.int64)
    for label, members in enumerate(sorted(groups, key=min)):
        community[list(members)] = label
    return community
