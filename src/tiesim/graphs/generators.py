"""Random social graphs with typed ties: strong ties inside groups, weak ties bridging them.

Every generator returns a :class:`~tiesim.graphs.ties.SocialGraph` whose ties satisfy
``u < v`` with no duplicates and no self-loops.  Tie attributes are set by type:

* strength: strong ties are drawn uniformly from (0.5, 1.0], weak ties from (0.05, 0.5]
  (:data:`STRONG_STRENGTH`, :data:`WEAK_STRENGTH`), one draw per tie in slot order;
* contact rate: ``strong_contact_rate`` (default 0.5) or ``weak_contact_rate`` (default 0.1).

All randomness comes from ``seed`` (an int, a :class:`numpy.random.Generator` or None), normalised
once with :func:`tiesim.rng.as_generator`; the draw order is fixed, so one seed gives one graph.
Edge arrays are built with vectorised numpy, so a million agents take seconds.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Real

import numpy as np

from tiesim.errors import TiesimError
from tiesim.graphs.ties import SocialGraph, Tie
from tiesim.rng import SeedLike, as_generator

__all__ = [
    "STRONG_STRENGTH",
    "WEAK_STRENGTH",
    "block_model_graph",
    "community_graph",
    "small_world_graph",
]

#: Strong-tie strengths are drawn uniformly from the half-open interval (0.5, 1.0].
STRONG_STRENGTH = (0.5, 1.0)
#: Weak-tie strengths are drawn uniformly from the half-open interval (0.05, 0.5].
WEAK_STRENGTH = (0.05, 0.5)

_MAX_ROUNDS = 1000  # redraw rounds before giving up on placing distinct pairs

PairDraw = Callable[[np.random.Generator, int], tuple[np.ndarray, np.ndarray]]


# ---------------------------------------------------------------- validation
def _fail(name: str, rule: str, value: object) -> TiesimError:
    return TiesimError(f"The {name!r} parameter must be {rule}. Got {value!r} instead.")


def _check_int(name: str, value: object, low: int, high: int | None = None) -> int:
    is_int = isinstance(value, int | np.integer) and not isinstance(value, bool)
    if not is_int or value < low or (high is not None and value > high):
        rule = f"an int >= {low}" if high is None else f"an int in [{low}, {high}]"
        raise _fail(name, rule, value)
    return int(value)


def _check_float(
    name: str, value: object, low: float, high: float | None = None, *, rule: str | None = None
) -> float:
    is_real = isinstance(value, Real) and not isinstance(value, bool) and np.isfinite(value)
    if not is_real or value < low or (high is not None and value > high):
        if rule is None:
            rule = f"a float >= {low:g}" if high is None else f"a float in [{low:g}, {high:g}]"
        raise _fail(name, rule, value)
    return float(value)


def _check_rates(strong_contact_rate: object, weak_contact_rate: object) -> tuple[float, float]:
    return (
        _check_float("strong_contact_rate", strong_contact_rate, 0.0, 1.0),
        _check_float("weak_contact_rate", weak_contact_rate, 0.0, 1.0),
    )


# ------------------------------------------------------------------ sampling
def _bernoulli_indices(rng: np.random.Generator, total: int, p: float) -> np.ndarray:
    """Return indices in ``0..total-1``, each kept independently with probability ``p``.

    Equivalent to one Bernoulli draw per index, but draws only the geometric gaps between
    successes, so the cost grows with the number of successes rather than with ``total``.
    """
    if total <= 0 or p <= 0.0:
        return np.empty(0, np.int64)
    if p >= 1.0:
        return np.arange(total, dtype=np.int64)
    chunks, last = [], -1
    while True:
        expected = (total - 1 - last) * p
        gaps = rng.geometric(p, size=int(expected + 4.0 * np.sqrt(expected) + 16))
        # Clip the gaps (geometric saturates at the int64 maximum for tiny p) so sums stay exact.
        idx = last + np.cumsum(np.minimum(gaps, total + 1), dtype=np.int64)
        inside = idx[idx < total]
        chunks.append(inside)
        if len(inside) < len(idx):
            return np.concatenate(chunks)
        last = int(idx[-1])


def _within_pairs(
    rng: np.random.Generator, n: int, size: int, p_full: float, p_last: float
) -> tuple[np.ndarray, np.ndarray]:
    """Erdős–Rényi ties inside each block of ``size`` consecutive agents (last block smaller)."""
    full, rest = divmod(n, size)
    iu, iv = np.triu_indices(size, 1)
    idx = _bernoulli_indices(rng, full * len(iu), p_full)
    block, k = np.divmod(idx, len(iu))
    u, v = [block * size + iu[k]], [block * size + iv[k]]
    if rest >= 2:
        ru, rv = np.triu_indices(rest, 1)
        idx = _bernoulli_indices(rng, len(ru), p_last)
        u.append(full * size + ru[idx])
        v.append(full * size + rv[idx])
    return np.concatenate(u).astype(np.int64), np.concatenate(v).astype(np.int64)


def _within_pair_count(n: int, size: int) -> int:
    full, rest = divmod(n, size)
    return full * size * (size - 1) // 2 + rest * (rest - 1) // 2


def _block_bounds(agents: np.ndarray, n: int, size: int) -> tuple[np.ndarray, np.ndarray]:
    """First agent and size of the block of each agent."""
    start = (agents // size) * size
    return start, np.minimum(size, n - start)


def _draw_within(n: int, size: int) -> PairDraw:
    def draw(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
        a = rng.integers(n, size=count)
        start, block = _block_bounds(a, n, size)
        return a, start + rng.integers(block)

    return draw


def _draw_between(n: int, size: int) -> PairDraw:
    def draw(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray]:
        a = rng.integers(n, size=count)
        start, block = _block_bounds(a, n, size)
        b = rng.integers(n - block)  # uniform over the agents outside a's block
        return a, np.where(b < start, b, b + block)

    return draw


def _first_occurrences(keys: np.ndarray) -> np.ndarray:
    """Mask that is True at the first occurrence of each value of ``keys``."""
    order = np.argsort(keys, kind="stable")
    repeat = keys[order[1:]] == keys[order[:-1]]
    mask = np.ones(len(keys), bool)
    mask[order[1:][repeat]] = False
    return mask


def _in_sorted(keys: np.ndarray, sorted_keys: np.ndarray) -> np.ndarray:
    """Mask of ``keys`` found in the sorted array ``sorted_keys`` (binary search)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), bool)
    idx = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    return sorted_keys[idx] == keys


def _insert_sorted(sorted_keys: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """``sorted_keys`` with the new distinct ``keys`` merged in, still sorted."""
    keys = np.sort(keys)
    return np.insert(sorted_keys, np.searchsorted(sorted_keys, keys), keys)


def _sample_new_pairs(
    rng: np.random.Generator, n: int, count: int, draw: PairDraw, taken: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """``count`` distinct pairs from ``draw`` that are not self-loops and not in ``taken``.

    Pairs are encoded as ``u * n + v`` (``u < v``); candidates are drawn in bulk, rejected with
    numpy set operations, and the shortfall is redrawn.  Accepted pairs keep their draw order.
    """
    if count == 0:
        return np.empty(0, np.int64), np.empty(0, np.int64)
    taken = np.sort(taken)
    accepted: list[np.ndarray] = []
    have, acceptance = 0, 1.0
    for _ in range(_MAX_ROUNDS):
        need = count - have
        if need == 0:
            break
        size = min(int(need / acceptance * 1.05) + 32, 1 << 24)
        a, b = draw(rng, size)
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        keys = (lo * n + hi)[lo != hi]
        keys = keys[~_in_sorted(keys, taken)]
        keys = keys[_first_occurrences(keys)][:need]
        acceptance = max(len(keys) / size, 1e-3)
        accepted.append(keys)
        have += len(keys)
        if have < count:
            taken = _insert_sorted(taken, keys)
    if have < count:
        raise TiesimError(f"Could not place {count} distinct new ties after {_MAX_ROUNDS} rounds.")
    keys = np.concatenate(accepted) if accepted else np.empty(0, np.int64)
    return keys // n, keys % n


def _build(
    rng: np.random.Generator,
    community: np.ndarray,
    u: np.ndarray,
    v: np.ndarray,
    tie: np.ndarray,
    strong_contact_rate: float,
    weak_contact_rate: float,
) -> SocialGraph:
    """Draw strengths (one uniform per tie, in slot order) and set contact rates by type."""
    weak = tie == Tie.WEAK
    low = np.where(weak, WEAK_STRENGTH[0], STRONG_STRENGTH[0])
    high = np.where(weak, WEAK_STRENGTH[1], STRONG_STRENGTH[1])
    strength = (low + (high - low) * (1.0 - rng.random(len(u)))).astype(np.float32)
    # 1 - random() lies in (0, 1]; keep the open lower end open after rounding to float32.
    strength = np.maximum(strength, np.nextafter(low.astype(np.float32), np.float32(1.0)))
    rate = np.where(weak, weak_contact_rate, strong_contact_rate)
    lo, hi = np.minimum(u, v), np.maximum(u, v)
    return SocialGraph(community, lo, hi, tie, strength, rate)


# ---------------------------------------------------------------- generators
def community_graph(
    n,
    community_size,
    strong_degree,
    weak_tie_density,
    seed: SeedLike = None,
    *,
    weak_within=0.0,
    strong_contact_rate=0.5,
    weak_contact_rate=0.1,
) -> SocialGraph:
    """Clustered strong ties inside communities, weak ties bridging them (Granovetter 1973).

    Agents ``0..n-1`` form consecutive communities of ``community_size`` (the last one may be
    smaller): agent ``i`` belongs to community ``i // community_size``.  Inside each community
    strong ties form an Erdős–Rényi graph with tie probability
    ``p = strong_degree / (size - 1)`` (capped at 1 for a small last community), so the mean
    strong degree is about ``strong_degree`` and strong ties are clustered: their clustering
    is ``p``, far above a graph of the same density spread over all ``n`` agents.  Then
    exactly ``round(weak_tie_density * n / 2)`` weak ties are added, each joining two agents
    that share no tie yet: a share ``weak_within`` of them (rounded) joins two agents of the
    same community, the rest join two different communities, with ends drawn uniformly.

    Parameters
    ----------
    n : int
        Number of agents, at least 2.
    community_size : int
        Agents per community, at least 2.
    strong_degree : float
        Expected number of strong ties per agent, in ``[0, community_size - 1]``.
    weak_tie_density : float
        Mean number of weak ties per agent, at least 0.
    seed : int, numpy.random.Generator or None, optional
        Source of randomness; the same int gives the same graph.
    weak_within : float, optional
        Share of weak ties inside a community, in [0, 1] (default 0: all weak ties bridge).
    strong_contact_rate, weak_contact_rate : float, optional
        Contact rate of strong and weak ties, in [0, 1] (defaults 0.5 and 0.1).

    Returns
    -------
    SocialGraph
        Strong ties first (sorted), then weak ties in draw order.

    Raises
    ------
    TiesimError
        If a parameter breaks its rule, or more weak ties are requested than free pairs exist.

    References
    ----------
    .. [1] M. S. Granovetter, "The strength of weak ties", American Journal of Sociology
       78(6), 1360-1380, 1973.

    Examples
    --------
    >>> G = community_graph(100, 10, 4, 1.0, seed=42)
    >>> G.n, G.num_communities, int((G.tie == Tie.WEAK).sum())
    (100, 10, 50)
    """
    n = _check_int("n", n, 2)
    community_size = _check_int("community_size", community_size, 2)
    strong_degree = _check_float(
        "strong_degree",
        strong_degree,
        0.0,
        community_size - 1,
        rule=f"a float in [0, community_size - 1] = [0, {community_size - 1}]",
    )
    weak_tie_density = _check_float("weak_tie_density", weak_tie_density, 0.0)
    weak_within = _check_float("weak_within", weak_within, 0.0, 1.0)
    rates = _check_rates(strong_contact_rate, weak_contact_rate)
    rng = as_generator(seed)

    rest = n % community_size
    p_last = min(1.0, strong_degree / (rest - 1)) if rest >= 2 else 0.0
    su, sv = _within_pairs(rng, n, community_size, strong_degree / (community_size - 1), p_last)

    num_weak = round(weak_tie_density * n / 2)
    num_within = round(weak_within * num_weak)
    num_between = num_weak - num_within
    free_within = _within_pair_count(n, community_size) - len(su)
    free_between = n * (n - 1) // 2 - _within_pair_count(n, community_size)
    if num_within > free_within or num_between > free_between:
        raise TiesimError(
            f"Cannot place {num_within} weak ties inside and {num_between} between communities: "
            f"only {free_within} free pairs inside and {free_between} between exist "
            f"(n={n}, community_size={community_size}, weak_tie_density={weak_tie_density}, "
            f"weak_within={weak_within})."
        )
    wu, wv = _sample_new_pairs(rng, n, num_within, _draw_within(n, community_size), su * n + sv)
    bu, bv = _sample_new_pairs(
        rng, n, num_between, _draw_between(n, community_size), np.empty(0, np.int64)
    )

    tie = np.repeat(np.array([Tie.STRONG, Tie.WEAK], np.uint8), [len(su), num_weak])
    community = np.arange(n) // community_size
    u, v = np.concatenate([su, wu, bu]), np.concatenate([sv, wv, bv])
    return _build(rng, community, u, v, tie, *rates)


def small_world_graph(
    n,
    k,
    p,
    seed: SeedLike = None,
    *,
    community_size=None,
    strong_contact_rate=0.5,
    weak_contact_rate=0.1,
) -> SocialGraph:
    """Watts–Strogatz small world: lattice ties are strong, rewired shortcuts are weak.

    Agents sit on a ring, each tied to its ``k / 2`` nearest neighbours on either side.  Each
    lattice tie ``(i, i + j)`` is rewired with probability ``p``: it keeps ``i`` and gets a new
    end drawn uniformly among the agents that are neither ``i``, nor a lattice neighbour of
    ``i``, nor already tied to ``i``.  Ties that stay are strong; rewired ones are weak.  A tie
    that finds no free new end after many redraws stays in place (only possible when ``k`` is
    close to ``n``).  Communities are contiguous blocks of ``community_size`` agents along
    the ring.

    Parameters
    ----------
    n : int
        Number of agents, at least 2.
    k : int
        Lattice degree, even, in ``[0, n - 1]``.
    p : float
        Rewiring probability of each lattice tie, in [0, 1].
    seed : int, numpy.random.Generator or None, optional
        Source of randomness; the same int gives the same graph.
    community_size : int or None, optional
        Agents per community, at least 2; None (default) means ``max(10, k + 1)``, so a
        community holds at least one agent's whole lattice neighbourhood.
    strong_contact_rate, weak_contact_rate : float, optional
        Contact rate of strong and weak ties, in [0, 1] (defaults 0.5 and 0.1).

    Returns
    -------
    SocialGraph
        One slot per lattice tie, in the order ``j = 1..k/2`` then ``i = 0..n-1``.

    Raises
    ------
    TiesimError
        If a parameter breaks its rule.

    References
    ----------
    .. [1] D. J. Watts and S. H. Strogatz, "Collective dynamics of 'small-world' networks",
       Nature 393, 440-442, 1998.

    Examples
    --------
    >>> G = small_world_graph(100, 4, 0.0, seed=1)
    >>> G.num_ties, int((G.tie == Tie.WEAK).sum()), G.num_communities
    (200, 0, 10)
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
    lattice = np.minimum(u, v) * n + np.maximum(u, v)
    rewire = np.flatnonzero(rng.random(len(u)) < p)
    new_v, done = _rewire_ends(rng, n, u[rewire], np.sort(lattice))
    v[rewire[done]] = new_v[done]
    tie = np.zeros(len(u), np.uint8)
    tie[rewire[done]] = Tie.WEAK
    community = np.arange(n) // community_size
    return _build(rng, community, u, v, tie, *rates)


def _rewire_ends(
    rng: np.random.Generator, n: int, ends: np.ndarray, taken: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Draw new partners for ``ends``, avoiding self-loops, ``taken`` pairs and each other."""
    new_v = np.zeros(len(ends), np.int64)
    done = np.zeros(len(ends), bool)
    pending = np.arange(len(ends))
    for _ in range(_MAX_ROUNDS):
        if len(pending) == 0:
            break
        a, b = ends[pending], rng.integers(n, size=len(pending))
        keys = np.minimum(a, b) * n + np.maximum(a, b)
        ok = (a != b) & ~_in_sorted(keys, taken) & _first_occurrences(keys)
        new_v[pending[ok]], done[pending[ok]] = b[ok], True
        taken = _insert_sorted(taken, keys[ok])
        pending = pending[~ok]
    return new_v, done


def block_model_graph(
    n,
    community_size,
    p_in,
    p_out,
    seed: SeedLike = None,
    *,
    strong_contact_rate=0.5,
    weak_contact_rate=0.1,
) -> SocialGraph:
    """Stochastic block model: strong ties inside blocks, weak ties between blocks.

    Agents ``0..n-1`` form consecutive blocks of ``community_size`` (the last may be smaller).
    Each pair inside a block is tied with probability ``p_in`` (a strong tie).  Between blocks,
    the number of weak ties is drawn from ``Binomial(number of between-block pairs, p_out)``
    and that many distinct between-block pairs are drawn uniformly, which is the same
    distribution as one draw per pair but scales to large ``n``.

    Parameters
    ----------
    n : int
        Number of agents, at least 2.
    community_size : int
        Agents per block, at least 2.
    p_in, p_out : float
        Tie probability of a pair inside a block and between blocks, in [0, 1].
    seed : int, numpy.random.Generator or None, optional
        Source of randomness; the same int gives the same graph.
    strong_contact_rate, weak_contact_rate : float, optional
        Contact rate of strong and weak ties, in [0, 1] (defaults 0.5 and 0.1).

    Returns
    -------
    SocialGraph
        Strong ties first (sorted), then weak ties in draw order.

    Raises
    ------
    TiesimError
        If a parameter breaks its rule.

    References
    ----------
    .. [1] P. W. Holland, K. B. Laskey and S. Leinhardt, "Stochastic blockmodels: First steps",
       Social Networks 5(2), 109-137, 1983.

    Examples
    --------
    >>> G = block_model_graph(60, 20, 0.5, 0.0, seed=3)
    >>> G.num_communities, int((G.tie == Tie.WEAK).sum())
    (3, 0)
    """
    n = _check_int("n", n, 2)
    community_size = _check_int("community_size", community_size, 2)
    p_in = _check_float("p_in", p_in, 0.0, 1.0)
    p_out = _check_float("p_out", p_out, 0.0, 1.0)
    rates = _check_rates(strong_contact_rate, weak_contact_rate)
    rng = as_generator(seed)

    su, sv = _within_pairs(rng, n, community_size, p_in, p_in)
    between = n * (n - 1) // 2 - _within_pair_count(n, community_size)
    num_weak = int(rng.binomial(between, p_out))
    wu, wv = _sample_new_pairs(
        rng, n, num_weak, _draw_between(n, community_size), np.empty(0, np.int64)
    )
    tie = np.repeat(np.array([Tie.STRONG, Tie.WEAK], np.uint8), [len(su), num_weak])
    community = np.arange(n) // community_size
    return _build(rng, community, np.concatenate([su, wu]), np.concatenate([sv, wv]), tie, *rates)
