"""How ties sit in the network: embeddedness, topological overlap and tie-removal percolation.

These are the measures of Onnela et al. (2007): a tie's *overlap* is the share of the two
agents' other contacts that they have in common.  Strong ties tend to have high overlap (they
live inside groups); weak ties have low overlap and hold groups together, so removing the
weakest ties first breaks the network apart sooner than removing the strongest first.

All functions look at the ties that are present (``graph.alive``) and never modify the graph.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from tiesim.errors import TiesimError
from tiesim.graphs.generators import _check_int, _fail
from tiesim.graphs.ties import SocialGraph
from tiesim.rng import SeedLike, as_generator

__all__ = ["common_neighbors", "embeddedness", "tie_removal", "topological_overlap"]

_WEDGES_PER_CHUNK = 20_000_000  # bounds the memory of one block of A @ A


def _binary_adjacency(n: int, u: np.ndarray, v: np.ndarray) -> sp.csr_matrix:
    """Symmetric 0/1 CSR adjacency of the ties ``u``-``v`` on ``n`` agents."""
    rows, cols = np.concatenate([u, v]), np.concatenate([v, u])
    data = np.ones(len(rows), np.int64)
    A = sp.csr_matrix((data, (rows, cols)), shape=(n, n))
    A.data[:] = 1  # a repeated pair counts once
    return A


def _common_counts(A: sp.csr_matrix, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Count the common neighbours of each pair ``(u[s], v[s])``: ``(A @ A)[u, v]``.

    ``A @ A`` is computed in blocks of rows so that a large graph never holds it whole.
    """
    counts = np.zeros(len(u), np.int64)
    if len(u) == 0:
        return counts
    n = A.shape[0]
    degree = np.diff(A.indptr)
    wedges = np.cumsum(degree.astype(np.int64) ** 2)
    start = 0
    while start < n:
        stop = int(np.searchsorted(wedges, wedges[start] + _WEDGES_PER_CHUNK, side="right"))
        stop = max(stop, start + 1)
        in_block = np.flatnonzero((u >= start) & (u < stop))
        if len(in_block):
            block = A[start:stop] @ A
            counts[in_block] = np.asarray(block[u[in_block] - start, v[in_block]]).ravel()
        start = stop
    return counts


def embeddedness(graph: SocialGraph) -> np.ndarray:
    """Count the common neighbours of the two ends of every slot.

    Parameters
    ----------
    graph : SocialGraph
        The graph; only the ties that are present count as neighbours.

    Returns
    -------
    ndarray of int64, shape (graph.num_slots,)
        For each slot, how many agents are tied to both of its ends.  Removed slots get the
        count too (it is defined for any pair of agents).

    References
    ----------
    .. [1] M. Granovetter, "Economic action and social structure: The problem of
       embeddedness", American Journal of Sociology 91(3), 481-510, 1985.

    Examples
    --------
    >>> from tiesim.graphs.ties import SocialGraph
    >>> G = SocialGraph([0, 0, 0, 0], [0, 0, 1, 2], [1, 2, 2, 3], [0] * 4, [1.0] * 4, [0.5] * 4)
    >>> embeddedness(G).tolist()
    [1, 1, 1, 0]
    """
    keep = graph.alive
    A = _binary_adjacency(graph.n, graph.u[keep], graph.v[keep])
    return _common_counts(A, graph.u, graph.v)


def _overlap(n: int, u: np.ndarray, v: np.ndarray) -> np.ndarray:
    """Topological overlap of each tie in the list of distinct ties ``u``-``v``."""
    A = _binary_adjacency(n, u, v)
    common = _common_counts(A, u, v)
    degree = np.diff(A.indptr)
    denominator = (degree[u] - 1) + (degree[v] - 1) - common
    overlap = np.zeros(len(u))
    np.divide(common, denominator, out=overlap, where=denominator > 0)
    return overlap


def topological_overlap(graph: SocialGraph) -> np.ndarray:
    """Topological overlap of every tie (Onnela et al. 2007).

    ``O_ij = n_ij / ((k_i - 1) + (k_j - 1) - n_ij)``, where ``n_ij`` is the number of common
    neighbours and ``k`` the degree; it is 0 when the denominator is 0 (both ends have no
    other contact).

    Parameters
    ----------
    graph : SocialGraph
        The graph; only the ties that are present count.

    Returns
    -------
    ndarray of float64, shape (graph.num_slots,)
        Overlap in [0, 1] for each tie present, NaN for removed slots.

    References
    ----------
    .. [1] J.-P. Onnela et al., "Structure and tie strengths in mobile communication
       networks", PNAS 104(18), 7332-7336, 2007.

    Examples
    --------
    >>> from tiesim.graphs.ties import SocialGraph
    >>> G = SocialGraph([0, 0, 0, 0], [0, 0, 1, 2], [1, 2, 2, 3], [0] * 4, [1.0] * 4, [0.5] * 4)
    >>> topological_overlap(G).round(3).tolist()
    [1.0, 0.5, 0.5, 0.0]
    """
    result = np.full(graph.num_slots, np.nan)
    keep = np.flatnonzero(graph.alive)
    result[keep] = _overlap(graph.n, graph.u[keep], graph.v[keep])
    return result


def common_neighbors(graph: SocialGraph | sp.csr_matrix, i: int, j: int) -> int:
    """Count the agents tied to both ``i`` and ``j``.

    Parameters
    ----------
    graph : SocialGraph or scipy.sparse.csr_matrix
        A graph, or its adjacency matrix (e.g. ``graph.adjacency()``).  Passing a SocialGraph
        scans its edge arrays (cost grows with the number of ties); for many calls, build the
        adjacency once, pass it, and rebuild it after ties change: each call then costs two
        row slices and an intersection.
    i, j : int
        Two agents.

    Returns
    -------
    int
        The number of common neighbours among the ties present.

    Examples
    --------
    >>> from tiesim.graphs.ties import SocialGraph
    >>> G = SocialGraph([0, 0, 0, 0], [0, 0, 1, 2], [1, 2, 2, 3], [0] * 4, [1.0] * 4, [0.5] * 4)
    >>> common_neighbors(G, 0, 1), common_neighbors(G.adjacency(), 1, 3)
    (1, 1)
    """
    if isinstance(graph, SocialGraph):
        n = graph.n
    elif sp.issparse(graph) and graph.format == "csr" and graph.shape[0] == graph.shape[1]:
        n = graph.shape[0]
    else:
        raise TiesimError(
            f"common_neighbors needs a SocialGraph or a square CSR matrix. Got {type(graph)}."
        )
    i = _check_int("i", i, 0, n - 1)
    j = _check_int("j", j, 0, n - 1)
    if isinstance(graph, SocialGraph):
        return len(np.intersect1d(_neighbors(graph, i), _neighbors(graph, j)))
    row_i = graph.indices[graph.indptr[i] : graph.indptr[i + 1]]
    row_j = graph.indices[graph.indptr[j] : graph.indptr[j + 1]]
    return len(np.intersect1d(row_i, row_j))


def _neighbors(graph: SocialGraph, i: int) -> np.ndarray:
    at_u = graph.alive & (graph.u == i)
    at_v = graph.alive & (graph.v == i)
    return np.concatenate([graph.v[at_u], graph.u[at_v]])


def tie_removal(
    graph: SocialGraph,
    order: str = "weakest",
    fractions=None,
    seed: SeedLike = None,
    *,
    by: str = "strength",
) -> pd.DataFrame:
    """Remove ties in order of strength or overlap and track how the network falls apart.

    The ties present are sorted by ``by`` (``"strength"`` or ``"overlap"``) and removed
    weakest-first (``order="weakest"``), strongest-first (``"strongest"``) or in random order
    (``"random"``); equal values are ordered at random.  After removing each fraction of them
    the result records the giant component's share of agents and the susceptibility
    ``S = sum_{s < s_max} n_s s^2 / n`` over the component sizes other than the largest
    (Onnela et al. 2007), where ``n_s`` is the number of components of size ``s``.  A drop of
    the giant component with a peak of ``S`` marks the fraction at which the network breaks up.

    Parameters
    ----------
    graph : SocialGraph
        The graph (not modified).
    order : {"weakest", "strongest", "random"}, optional
        Which ties go first.
    fractions : array_like of float, optional
        Fractions of ties to remove, each in [0, 1]; default ``np.linspace(0, 1, 21)``.
    seed : int, numpy.random.Generator or None, optional
        Orders equal values and, with ``order="random"``, all ties.
    by : {"strength", "overlap"}, optional
        The tie value that sets the order.

    Returns
    -------
    pandas.DataFrame
        Columns ``fraction_removed``, ``giant_component_share`` and ``susceptibility``, one
        row per fraction.

    Raises
    ------
    TiesimError
        If ``order``, ``by`` or ``fractions`` breaks its rule.

    References
    ----------
    .. [1] J.-P. Onnela et al., "Structure and tie strengths in mobile communication
       networks", PNAS 104(18), 7332-7336, 2007.

    Examples
    --------
    >>> from tiesim.graphs.generators import community_graph
    >>> G = community_graph(200, 20, 6, 1.0, seed=5)
    >>> df = tie_removal(G, "weakest", [0.0, 1.0], seed=5)
    >>> df["giant_component_share"].tolist()
    [1.0, 0.005]
    """
    if order not in ("weakest", "strongest", "random"):
        raise _fail("order", "one of 'weakest', 'strongest', 'random'", order)
    if by not in ("strength", "overlap"):
        raise _fail("by", "one of 'strength', 'overlap'", by)
    fractions = np.linspace(0.0, 1.0, 21) if fractions is None else fractions
    values = np.asarray(fractions, dtype=float) if _is_numeric(fractions) else None
    if values is None or values.ndim != 1 or np.any(~(values >= 0) | ~(values <= 1)):
        raise _fail("fractions", "a 1-D sequence of floats in [0, 1]", fractions)
    rng = as_generator(seed)

    slots = np.flatnonzero(graph.alive)
    shuffled = slots[rng.permutation(len(slots))]
    if order == "random":
        ranked = shuffled
    else:
        key = graph.strength[shuffled] if by == "strength" else _overlap_of(graph, shuffled)
        ranked = shuffled[np.argsort(key if order == "weakest" else -key, kind="stable")]

    rows = []
    for fraction in values:
        remaining = ranked[round(fraction * len(ranked)) :]
        share, susceptibility = _components(graph.n, graph.u[remaining], graph.v[remaining])
        rows.append((float(fraction), share, susceptibility))
    return pd.DataFrame(
        rows, columns=["fraction_removed", "giant_component_share", "susceptibility"]
    )


def _is_numeric(values: object) -> bool:
    try:
        np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def _overlap_of(graph: SocialGraph, slots: np.ndarray) -> np.ndarray:
    return topological_overlap(graph)[slots]


def _components(n: int, u: np.ndarray, v: np.ndarray) -> tuple[float, float]:
    """Giant component share and susceptibility of the graph of ties ``u``-``v``."""
    A = sp.csr_matrix((np.ones(len(u), np.int8), (u, v)), shape=(n, n))
    _, labels = connected_components(A, directed=False)
    sizes = np.sort(np.bincount(labels))
    others = sizes[:-1].astype(np.float64)
    return sizes[-1] / n, float(np.sum(others**2)) / n
