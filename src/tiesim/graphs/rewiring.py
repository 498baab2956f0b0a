"""Degree-preserving rewiring of a ring lattice (Maslov & Sneppen 2002; Centola & Macy 2007).

:func:`rewired_lattice_graph` is the rewiring Centola & Macy use: ties of a ring lattice are
rewired by *double-edge swaps* (ties ``a–b`` and ``c–d`` become ``a–d`` and ``c–b``), so every
agent keeps exactly ``k`` ties.  Watts–Strogatz rewiring (:func:`tiesim.graphs.small_world_graph`)
instead moves one end of a tie, so degrees spread out around ``k``.
"""

from __future__ import annotations

import numpy as np

from tiesim.graphs.generators import (
    _MAX_ROUNDS,
    _build,
    _check_float,
    _check_int,
    _check_rates,
    _fail,
    _first_occurrences,
    _in_sorted,
    _insert_sorted,
)
from tiesim.graphs.ties import SocialGraph, Tie
from tiesim.rng import SeedLike, as_generator

__all__ = ["rewired_lattice_graph"]

#: Rounds in a row without a single accepted swap before the leftover chosen ties stay put.
_STALLED_ROUNDS = 50


def rewired_lattice_graph(
    n,
    k,
    p,
    seed: SeedLike = None,
    *,
    community_size=None,
    strong_contact_rate=0.5,
    weak_contact_rate=0.1,
) -> SocialGraph:
    """Ring lattice rewired by degree-preserving double-edge swaps: every agent keeps ``k`` ties.

    Agents sit on a ring, each tied to its ``k / 2`` nearest neighbours on either side.  Each
    lattice tie is chosen for rewiring with probability ``p``; the chosen ties are then paired
    at random and each pair swaps ends: ``a–b`` and ``c–d`` become ``a–d`` and ``c–b`` (or
    ``a–c`` and ``b–d``, with probability 1/2).  A swap is accepted only if the four agents
    are distinct and neither new tie is a lattice pair (agents at most ``k / 2`` apart) or a
    tie already made; chosen ties whose swap is rejected are paired again in the next round,
    until fewer than two are left or no swap has been accepted for many rounds (only possible
    when ``k`` is close to ``n``).  Swapped ties are weak, the others strong.

    So **p is the share of ties rewired** — each tie is rewired at most once, and at most one
    chosen tie (an odd one out) stays in place on a sparse ring — as in Watts–Strogatz, where
    each tie is rewired with probability ``p``.  The difference is what happens to the ends:
    Watts–Strogatz keeps one end and draws the other uniformly, so an agent's degree becomes
    ``k / 2`` plus a binomial number of ties; here the ends of the chosen ties are matched up
    again, so every degree stays exactly ``k`` (at ``p = 1``, a random ``k``-regular graph
    without lattice pairs).  Communities are contiguous blocks of ``community_size`` agents
    along the ring.

    networkx's ``double_edge_swap`` performs a number of swaps on edges drawn again each time
    (an edge may move twice or move back) and does not say which edges moved; this generator
    swaps each chosen tie once, records which, and draws from ``seed``'s numpy generator.

    Parameters
    ----------
    n : int
        Number of agents, at least 2.
    k : int
        Lattice degree (and every agent's degree), even, in ``[0, n - 1]``.
    p : float
        Probability that a lattice tie is rewired (the share of ties rewired), in [0, 1].
    seed : int, numpy.random.Generator or None, optional
        Source of randomness; the same int gives the same graph.
    community_size : int or None, optional
        Agents per community, at least 2; None (default) means ``max(10, k + 1)``.
    strong_contact_rate, weak_contact_rate : float, optional
        Contact rate of strong and weak ties, in [0, 1] (defaults 0.5 and 0.1).

    Returns
    -------
    SocialGraph
        One slot per lattice tie, in the order ``j = 1..k/2`` then ``i = 0..n-1`` (slot of tie
        ``(i, i + j)``); a swapped slot holds one of the two new ties.

    Raises
    ------
    TiesimError
        If a parameter breaks its rule.

    References
    ----------
    .. [1] D. Centola and M. Macy, "Complex contagions and the weakness of long ties",
       American Journal of Sociology 113(3), 702-734, 2007.
    .. [2] S. Maslov and K. Sneppen, "Specificity and stability in topology of protein
       networks", Science 296, 910-913, 2002.

    Examples
    --------
    >>> G = rewired_lattice_graph(100, 4, 0.2, seed=1)
    >>> degree = np.bincount(np.concatenate([G.u, G.v]), minlength=G.n)
    >>> G.num_ties, set(degree.tolist()), int((G.tie == Tie.WEAK).sum())
    (200, {4}, 32)
    """
    n = _check_int("n", n, 2)
    k = _check_int("k", k, 0, n - 1)
    if k % 2:
        raise _fail("k", f"an even int in [0, {n - 1}]", k)
    p = _check_float("p", p, 0.0, 1.0)
    if community_size is None:
        community_size = max(10, k + 1)
    community_size = _check_int("community_size", community_size, 2)
    rates = _check_rates(strong_contact_rate, weak_contact_rate)
    rng = as_generator(seed)

    u = np.tile(np.arange(n, dtype=np.int64), k // 2)
    v = (u + np.repeat(np.arange(1, k // 2 + 1, dtype=np.int64), n)) % n
    lattice = np.sort(np.minimum(u, v) * n + np.maximum(u, v))
    chosen = np.flatnonzero(rng.random(len(u)) < p)
    swapped = _swap_ends(rng, n, u, v, chosen, lattice)
    tie = np.where(swapped, Tie.WEAK, Tie.STRONG).astype(np.uint8)
    community = np.arange(n) // community_size
    return _build(rng, community, u, v, tie, *rates)


def _swap_ends(
    rng: np.random.Generator,
    n: int,
    u: np.ndarray,
    v: np.ndarray,
    chosen: np.ndarray,
    taken: np.ndarray,
) -> np.ndarray:
    """Pair up the ``chosen`` slots and swap their ends in place; return the mask of swapped slots.

    ``taken`` (sorted keys ``lo * n + hi``) holds the pairs no new tie may take: the lattice
    pairs, to which every accepted swap adds its two new ties.  Each round shuffles the slots
    still waiting, pairs the first half with the second, draws an orientation per pair, and
    accepts at once every pair whose new ties are valid and distinct from all others drawn in
    the round (numpy set operations).
    """
    swapped = np.zeros(len(u), bool)
    pool, stalled = chosen, 0
    for _ in range(_MAX_ROUNDS):
        if len(pool) < 2 or stalled >= _STALLED_ROUNDS:
            break
        pool = rng.permutation(pool)
        half = len(pool) // 2
        e, f = pool[:half], pool[half : 2 * half]
        flip = rng.random(half) < 0.5
        a, b = u[e], v[e]
        c, d = np.where(flip, v[f], u[f]), np.where(flip, u[f], v[f])
        first = np.minimum(a, d) * n + np.maximum(a, d)  # a–d takes slot e
        second = np.minimum(c, b) * n + np.maximum(c, b)  # c–b takes slot f
        keys = np.concatenate([first, second])
        fresh = ~_in_sorted(keys, taken) & _first_occurrences(keys)
        ok = (a != c) & (a != d) & (b != c) & (b != d) & fresh[:half] & fresh[half:]
        v[e[ok]] = d[ok]
        u[f[ok]], v[f[ok]] = c[ok], b[ok]
        swapped[e[ok]] = swapped[f[ok]] = True
        taken = _insert_sorted(taken, np.concatenate([first[ok], second[ok]]))
        pool = np.concatenate([e[~ok], f[~ok], pool[2 * half :]])
        stalled = 0 if ok.any() else stalled + 1
    return swapped
