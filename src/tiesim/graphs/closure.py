"""Triadic closure, the strong triadic closure property and brokerage, agent by agent.

The measures of Easley & Kleinberg (2010), ch. 3, on the ties present (``graph.alive``):

* **Triadic closure**: two people with a friend in common tend to become friends.  An agent's
  *clustering coefficient* is the share of pairs of its contacts who are contacts themselves.
* **The strong triadic closure property** (Granovetter's "forbidden triad"): an agent with
  strong ties to B and C violates it when B and C have no tie at all.  Where the property holds,
  every local bridge of an agent with two or more strong ties is weak.
* **Structural holes**: Burt's *effective size* (contacts who are not redundant with one
  another) and *constraint* (how much an agent's time is tied up in contacts who are
  themselves connected; low constraint marks a broker between groups).

Nothing here modifies the graph.
"""

from __future__ import annotations

import networkx as nx
import numba
import numpy as np
import pandas as pd
import scipy.sparse as sp

from tiesim.graphs.generators import _fail
from tiesim.graphs.structure import _binary_adjacency, topological_overlap
from tiesim.graphs.ties import SocialGraph, Tie

__all__ = [
    "brokerage",
    "clustering",
    "forbidden_triad_share",
    "overlap_by_strength",
    "strong_triadic_closure",
    "structural_holes",
]


def ties_of(n: int, pairs, weak=()) -> SocialGraph:
    """A small graph for examples: ``pairs`` of agents, strong unless listed in ``weak``."""
    u, v = (np.array([p[k] for p in pairs], np.int64) for k in (0, 1))
    weak_set = {tuple(sorted(p)) for p in weak}
    tie = np.array([Tie.WEAK if tuple(sorted(p)) in weak_set else Tie.STRONG for p in pairs])
    strength = np.where(tie == Tie.WEAK, 0.25, 1.0)
    return SocialGraph(np.zeros(n, np.int64), u, v, tie, strength, np.full(len(u), 0.5))


def _present(graph: SocialGraph) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    alive = graph.alive
    return graph.u[alive], graph.v[alive], graph.tie[alive]


def _closed_pairs(S: sp.csr_matrix, A: sp.csr_matrix) -> np.ndarray:
    """Per agent a: pairs {b, c} of its ``S`` contacts that are ``A`` contacts of each other."""
    return np.asarray((S @ A).multiply(S).sum(axis=1)).ravel() / 2


def clustering(graph: SocialGraph) -> np.ndarray:
    """Each agent's clustering coefficient over the ties present, whatever their type.

    The share of pairs of the agent's contacts that are tied to each other (0 for agents with
    fewer than two contacts), as :func:`networkx.clustering` computes it.

    Examples
    --------
    >>> G = ties_of(4, [(0, 1), (0, 2), (1, 2), (0, 3)])
    >>> clustering(G).round(3).tolist()
    [0.333, 1.0, 1.0, 0.0]
    """
    u, v, _ = _present(graph)
    A = _binary_adjacency(graph.n, u, v)
    degree = np.diff(A.indptr).astype(np.float64)
    pairs = degree * (degree - 1) / 2
    closed = _closed_pairs(A, A)
    return np.divide(closed, pairs, out=np.zeros(graph.n), where=pairs > 0)


def strong_triadic_closure(graph: SocialGraph) -> pd.DataFrame:
    """Agent by agent, how far the strong triadic closure property holds.

    Returns
    -------
    pandas.DataFrame
        One row per agent: ``strong_degree``; ``strong_pairs``, the pairs of its strong
        contacts; ``open_strong_pairs``, those pairs with no tie between them (each one a
        violation, Granovetter's forbidden triad); and ``satisfies``, whether it has none.

    Examples
    --------
    >>> G = ties_of(4, [(0, 1), (0, 2), (0, 3)], weak=[(0, 3)])
    >>> table = strong_triadic_closure(G)
    >>> int(table.loc[0, "open_strong_pairs"]), bool(table.loc[0, "satisfies"])
    (1, False)
    """
    u, v, tie = _present(graph)
    strong = tie == Tie.STRONG
    A = _binary_adjacency(graph.n, u, v)
    S = _binary_adjacency(graph.n, u[strong], v[strong])
    degree = np.diff(S.indptr)
    pairs = degree.astype(np.int64) * (degree - 1) // 2
    open_pairs = pairs - np.rint(_closed_pairs(S, A)).astype(np.int64)
    return pd.DataFrame(
        {
            "strong_degree": degree.astype(np.int64),
            "strong_pairs": pairs,
            "open_strong_pairs": open_pairs,
            "satisfies": open_pairs == 0,
        }
    )


def forbidden_triad_share(graph: SocialGraph) -> float:
    """Share of pairs of strong ties from one agent whose far ends share no tie (NaN: none).

    Granovetter (1973) argued this "forbidden triad" is rare; the strong triadic closure
    property says it never occurs.

    Examples
    --------
    >>> G = ties_of(4, [(0, 1), (0, 2), (0, 3), (1, 2)], weak=[(1, 2)])
    >>> round(forbidden_triad_share(G), 3)
    0.667
    """
    table = strong_triadic_closure(graph)
    pairs = int(table["strong_pairs"].sum())
    return float(table["open_strong_pairs"].sum() / pairs) if pairs else float("nan")


def overlap_by_strength(graph: SocialGraph, bins: int = 10) -> pd.DataFrame:
    """Mean neighbourhood overlap of the ties present in ``bins`` equal bins of strength.

    Returns
    -------
    pandas.DataFrame
        One row per bin holding ties: ``strength`` (the bin's middle), ``overlap`` (mean
        topological overlap of its ties) and ``ties`` (how many).

    Examples
    --------
    >>> G = ties_of(4, [(0, 1), (0, 2), (1, 2), (0, 3)], weak=[(0, 3)])
    >>> table = overlap_by_strength(G, bins=2)
    >>> table["strength"].tolist(), table["overlap"].round(3).tolist(), table["ties"].tolist()
    ([0.25, 0.75], [0.0, 0.667], [1, 3])
    """
    if isinstance(bins, bool) or not isinstance(bins, int | np.integer) or bins < 1:
        raise _fail("bins", "an integer >= 1", bins)
    alive = graph.alive
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.searchsorted(edges, graph.strength[alive], side="left") - 1, 0, bins - 1)
    table = pd.DataFrame({"bin": which, "overlap": topological_overlap(graph)[alive]})
    out = table.groupby("bin")["overlap"].agg(["mean", "size"]).reset_index()
    return pd.DataFrame(
        {
            "strength": (edges[out["bin"]] + edges[out["bin"] + 1]) / 2,
            "overlap": out["mean"].to_numpy(),
            "ties": out["size"].to_numpy(np.int64),
        }
    )


def brokerage(graph: SocialGraph, weight: str | None = None) -> pd.DataFrame:
    """Burt's structural-hole measures of every agent (unweighted: :func:`structural_holes`).

    Parameters
    ----------
    graph : SocialGraph
        The graph.
    weight : {None, "strength"}, optional
        Count every tie alike (None) or weigh each by its strength.

    Returns
    -------
    pandas.DataFrame
        One row per agent: ``degree``; ``effective_size``, the contacts who are not redundant
        with one another (equal to the degree when none of them are tied); and ``constraint``,
        from about ``1/degree`` for a broker between unconnected contacts up to 1 or more for an
        agent inside a closed group (NaN for agents with no contact).

    References
    ----------
    .. [1] R. S. Burt, *Structural Holes: The Social Structure of Competition*, Harvard
       University Press, 1992.

    Examples
    --------
    >>> G = ties_of(5, [(0, 1), (0, 2), (1, 2), (3, 4)])  # a triangle, and a pair
    >>> brokerage(G)["effective_size"].tolist()
    [1.0, 1.0, 1.0, 1.0, 1.0]
    """
    if weight not in (None, "strength"):
        raise _fail("weight", "None or 'strength'", weight)
    u, v, _ = _present(graph)
    degree = np.bincount(np.concatenate([u, v]), minlength=graph.n).astype(np.int64)
    if weight is None:  # the compiled loop of structural_holes, not networkx
        effective_size, constraint = structural_holes(graph)
    else:
        G = nx.Graph()
        G.add_nodes_from(range(graph.n))
        strength = graph.strength[graph.alive].tolist()
        G.add_weighted_edges_from(zip(u.tolist(), v.tolist(), strength, strict=True), weight=weight)
        by_agent = nx.effective_size(G, weight=weight), nx.constraint(G, weight=weight)
        effective_size, constraint = (np.array([m[a] for a in range(graph.n)]) for m in by_agent)
    return pd.DataFrame(
        {"degree": degree, "effective_size": effective_size, "constraint": constraint}
    )


def structural_holes(graph: SocialGraph) -> tuple[np.ndarray, np.ndarray]:
    """Burt's effective size and constraint of every agent, ties counted alike, fast.

    The unweighted measures of :func:`brokerage` (same values up to rounding), from the
    common contacts of each tied pair (a compiled loop) instead of networkx, so that every
    run's agents table can carry them.
    With ``A`` the adjacency of the ties present and ``d`` the degrees, an agent ``u`` with
    ``t`` ties among its contacts has effective size ``d_u - 2 t / d_u`` (Borgatti's form of
    Burt's measure), and constraint ``sum over contacts v of (p_uv + sum_w p_uw p_wv)^2`` with
    ``p_uv = A_uv / d_u``.

    Parameters
    ----------
    graph : SocialGraph
        The graph.

    Returns
    -------
    effective_size, constraint : ndarray of float, shape (n,)
        NaN for agents with no contact.

    References
    ----------
    .. [1] R. S. Burt, *Structural Holes: The Social Structure of Competition*, Harvard
       University Press, 1992.
    .. [2] S. P. Borgatti, "Structural holes: unpacking Burt's redundancy measures",
       *Connections* 20(1), 35–38, 1997.

    Examples
    --------
    >>> G = ties_of(5, [(0, 1), (0, 2), (1, 2), (0, 3)])  # a triangle with a tail
    >>> size, constraint = structural_holes(G)
    >>> size.round(3).tolist()[:4], round(float(constraint[0]), 3)
    ([2.333, 1.0, 1.0, 1.0], 0.611)
    """
    n = graph.n
    A = _binary_adjacency(n, *_present(graph)[:2])
    A.sum_duplicates()  # sorted neighbours, each once
    degree = np.diff(A.indptr).astype(np.float64)
    with np.errstate(divide="ignore"):
        inverse = np.where(degree > 0, 1.0 / degree, 0.0)
    pairs = sp.triu(A, k=1).tocoo()  # each tie once
    u, v = pairs.row.astype(np.int64), pairs.col.astype(np.int64)
    common, through = _common_sums(A.indptr, A.indices, inverse, u, v)
    ends = np.concatenate([u, v])

    def per_agent(values: np.ndarray) -> np.ndarray:
        return np.bincount(ends, weights=np.concatenate([values, values]), minlength=n)

    # over an agent's contacts v: common contacts (twice the ties among its contacts), and
    # S_uv = sum over common contacts w of 1 / d_w, and its square: with p_uv = 1 / d_u,
    # p_uv + sum_w p_uw p_wv = (1 + S_uv) / d_u
    closed, indirect, indirect_sq = per_agent(common), per_agent(through), per_agent(through**2)
    with np.errstate(invalid="ignore", divide="ignore"):
        effective = np.where(degree > 0, degree - closed / degree, np.nan)
        constraint = np.where(degree > 0, (degree + 2 * indirect + indirect_sq) / degree**2, np.nan)
    return effective, constraint


@numba.njit(cache=True)
def _common_sums(indptr, indices, inverse_degree, u, v):
    """Per pair ``(u[e], v[e])``: common neighbours, and the sum of their inverse degrees."""
    common = np.zeros(len(u))
    through = np.zeros(len(u))
    for e in range(len(u)):
        i, i_end = indptr[u[e]], indptr[u[e] + 1]
        j, j_end = indptr[v[e]], indptr[v[e] + 1]
        while i < i_end and j < j_end:  # both neighbour lists are sorted
            a, b = indices[i], indices[j]
            if a == b:
                common[e] += 1.0
                through[e] += inverse_degree[a]
                i += 1
                j += 1
            elif a < b:
                i += 1
            else:
                j += 1
    return common, through
