"""Tiny hand-made graphs for model tests."""

from __future__ import annotations

import numpy as np

from tiesim.graphs.ties import SocialGraph


def isolated_agents(n: int) -> SocialGraph:
    """``n`` agents with no ties, one community."""
    empty = np.empty(0)
    return SocialGraph(np.zeros(n, int), empty, empty, empty, empty, empty)


def disjoint_pairs(pairs: int, contact_rate: float = 1.0) -> SocialGraph:
    """``pairs`` separate pairs (agents 2k and 2k+1 tied), each pair its own community."""
    u = np.arange(0, 2 * pairs, 2)
    return SocialGraph(
        np.arange(2 * pairs) // 2,
        u,
        u + 1,
        np.zeros(pairs),
        np.ones(pairs),
        np.full(pairs, contact_rate),
    )
