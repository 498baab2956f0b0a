"""Dunbar-like layered graphs: a few intimate ties, more close friends, many acquaintances.

A person's ties form nested layers of roughly 5, 15, 50 and 150 people (Zhou et al. 2005;
Dunbar 2016), each layer seen less often than the one inside it (Hill & Dunbar 2003).
:func:`layered_graph` builds such a population: every :class:`Layer` adds ties of one type,
strength and contact rate, a share of them inside the agents' community and the rest between
communities.  Ties are placed with the same vectorised rejection sampling as
:func:`tiesim.graphs.community_graph`, so ten thousand agents with about 170 ties each build in
about a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from tiesim.errors import TiesimError
from tiesim.graphs.generators import (
    _check_float,
    _check_int,
    _draw_between,
    _draw_within,
    _fail,
    _sample_new_pairs,
    _within_pair_count,
)
from tiesim.graphs.ties import SocialGraph, Tie
from tiesim.rng import SeedLike, as_generator

__all__ = ["Layer", "layer_tie_counts", "layered_graph"]


@dataclass(frozen=True)
class Layer:
    """One layer of a person's ties.

    Parameters
    ----------
    degree : float
        Mean number of ties per agent in this layer, at least 0.
    tie : Tie
        Type of its ties (strong or weak).
    contact_rate : float
        Probability per step that the two ends of one of its ties talk, in [0, 1].
    strength : (float, float)
        Its ties' strengths are drawn uniformly from ``(low, high]``; ``low == high`` gives every
        tie that strength.  ``0 <= low <= high <= 1`` and ``high > 0``.
    within : float, optional
        Share of its ties inside the community, in [0, 1] (default 1: all inside); the rest join
        two agents of different communities.
    name : str, optional
        A label, used in error messages.
    """

    degree: float
    tie: Tie
    contact_rate: float
    strength: tuple[float, float]
    within: float = 1.0
    name: str = ""


def _check_layer(index: int, layer: object) -> Layer:
    if not isinstance(layer, Layer):
        raise _fail(f"layers[{index}]", "a Layer", layer)
    where = f"layers[{index}]"
    _check_float(f"{where}.degree", layer.degree, 0.0)
    if layer.tie not in (Tie.STRONG, Tie.WEAK):
        raise _fail(f"{where}.tie", "Tie.STRONG or Tie.WEAK", layer.tie)
    _check_float(f"{where}.contact_rate", layer.contact_rate, 0.0, 1.0)
    _check_float(f"{where}.within", layer.within, 0.0, 1.0)
    pair = layer.strength
    if not (isinstance(pair, tuple) and len(pair) == 2):
        raise _fail(f"{where}.strength", "a pair (low, high)", pair)
    low = _check_float(f"{where}.strength", pair[0], 0.0, 1.0)
    high = _check_float(f"{where}.strength", pair[1], 0.0, 1.0)
    if low > high or high <= 0.0:
        rule = "a pair (low, high) with 0 <= low <= high <= 1 and high > 0"
        raise _fail(f"{where}.strength", rule, pair)
    return layer


def layer_tie_counts(n: int, layers: Sequence[Layer]) -> list[tuple[int, int]]:
    """Ties each layer places ``(inside communities, between communities)``.

    Layer ``l`` places ``round(degree * n / 2)`` ties, ``round(within * that)`` of them inside.

    Examples
    --------
    >>> layer_tie_counts(100, [Layer(5, Tie.STRONG, 1.0, (0.8, 1.0)),
    ...                        Layer(10, Tie.WEAK, 0.05, (0.05, 0.5), within=0.2)])
    [(250, 0), (100, 400)]
    """
    counts = []
    for layer in layers:
        total = round(layer.degree * n / 2)
        inside = round(layer.within * total)
        counts.append((inside, total - inside))
    return counts


def layered_graph(
    n,
    community_size,
    layers: Sequence[Layer],
    seed: SeedLike = None,
) -> SocialGraph:
    """Nested layers of ties (Dunbar): each with its own type, strength and contact rate.

    Agents ``0..n-1`` form consecutive communities of ``community_size`` (the last one may be
    smaller): agent ``i`` belongs to community ``i // community_size``.  Layer by layer, in the
    order given, exactly ``round(degree * n / 2)`` ties are added, each joining two agents that
    share no tie yet (from this or an earlier layer), with ends drawn uniformly: a share
    ``within`` of them (rounded) inside a community, the rest between two communities.  So an
    agent's number of ties in a layer is random with mean ``degree`` (close to Poisson while the
    layer takes a small share of the free pairs), and a
    pair holds at most one tie, of the first layer that drew it.  Then each tie's strength is
    drawn uniformly from its layer's ``(low, high]`` (one draw per tie, in slot order), and its
    contact rate is its layer's.

    Parameters
    ----------
    n : int
        Number of agents, at least 2.
    community_size : int
        Agents per community, at least 2.
    layers : sequence of Layer
        The layers, innermost first (an earlier layer gets first pick of the pairs).
    seed : int, numpy.random.Generator or None, optional
        Source of randomness; the same int gives the same graph.

    Returns
    -------
    SocialGraph
        The ties of layer 0 first, then layer 1, and so on; within a layer, those inside
        communities first, then those between, each in draw order.  Layer ``l`` holds the
        slots from the sum of the earlier layers' counts (:func:`layer_tie_counts`) on.

    Raises
    ------
    TiesimError
        If a parameter breaks its rule, or the layers ask for more ties inside (or between)
        communities than there are free pairs of agents there.

    References
    ----------
    .. [1] W.-X. Zhou, D. Sornette, R. A. Hill and R. I. M. Dunbar, "Discrete hierarchical
       organization of social group sizes", Proc. R. Soc. B 272, 439-444, 2005.
    .. [2] R. A. Hill and R. I. M. Dunbar, "Social network size in humans", Human Nature
       14(1), 53-72, 2003.

    Examples
    --------
    >>> layers = [Layer(4, Tie.STRONG, 1.0, (0.8, 1.0)),
    ...           Layer(20, Tie.WEAK, 0.05, (0.05, 0.5), within=0.1)]
    >>> G = layered_graph(500, 25, layers, seed=1)
    >>> G.mean_degree(Tie.STRONG), G.mean_degree(Tie.WEAK)
    (4.0, 20.0)
    """
    n = _check_int("n", n, 2)
    community_size = _check_int("community_size", community_size, 2)
    layers = [_check_layer(i, layer) for i, layer in enumerate(layers)]
    counts = layer_tie_counts(n, layers)
    _check_room(n, community_size, layers, counts)
    rng = as_generator(seed)

    within, between = _draw_within(n, community_size), _draw_between(n, community_size)
    keys = [np.empty(0, np.int64)]
    for inside, outside in counts:
        taken = np.concatenate(keys)
        u, v = _sample_new_pairs(rng, n, inside, within, taken)
        keys.append(u * n + v)
        u, v = _sample_new_pairs(rng, n, outside, between, taken)
        keys.append(u * n + v)
    key = np.concatenate(keys)
    per_layer = [inside + outside for inside, outside in counts]
    tie = np.repeat(np.array([layer.tie for layer in layers], np.uint8), per_layer)
    rate = np.repeat(np.array([layer.contact_rate for layer in layers]), per_layer)
    low = np.repeat(np.array([layer.strength[0] for layer in layers]), per_layer)
    high = np.repeat(np.array([layer.strength[1] for layer in layers]), per_layer)
    strength = (low + (high - low) * (1.0 - rng.random(len(key)))).astype(np.float32)
    # 1 - random() lies in (0, 1]; keep the open lower end open after rounding to float32.
    open_low = np.nextafter(low.astype(np.float32), np.float32(1.0))
    strength = np.where(low < high, np.maximum(strength, open_low), high.astype(np.float32))
    community = np.arange(n) // community_size
    return SocialGraph(community, key // n, key % n, tie, strength, rate)


def _check_room(
    n: int,
    community_size: int,
    layers: list[Layer],
    counts: list[tuple[int, int]],
    field: str = "layers[{}]",
) -> None:
    """Refuse layers that ask for more ties than free pairs inside or between communities.

    ``field`` names layer ``i`` as ``field.format(i)`` in the message.
    """
    room_inside = _within_pair_count(n, community_size)
    room_between = n * (n - 1) // 2 - room_inside
    used_inside = used_between = 0
    for index, (layer, (inside, outside)) in enumerate(zip(layers, counts, strict=True)):
        used_inside += inside
        used_between += outside
        label = field.format(index) + (f" ({layer.name})" if layer.name else "")
        if used_inside > room_inside or used_between > room_between:
            raise TiesimError(
                f"{label} and the layers before it ask for {used_inside} ties inside and "
                f"{used_between} between communities, but only {room_inside} pairs of agents "
                f"share a community and {room_between} do not (n={n}, "
                f"community_size={community_size}): lower a degree, raise n, or change within."
            )
