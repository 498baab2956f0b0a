"""Compiled sets of ``int64`` keys (numba): open addressing with linear probing.

A set is a power-of-two ``int64`` array (``-1`` marks an empty place) and a count of keys;
:func:`set_add` may return a larger array when the set grows past half full.  The array
engine uses it for the (agent, origin community) pairs of the information-diversity metric
(:class:`tiesim.engines.array_graph.OriginsSet`).
"""

from __future__ import annotations

import numba
import numpy as np

EMPTY = -1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


def new_set(capacity: int = 1024) -> np.ndarray:
    """An empty set with room for ``capacity`` keys (rounded up to a power of two)."""
    size = 1 << max(int(2 * capacity - 1).bit_length(), 4)
    return np.full(size, EMPTY, np.int64)


@numba.njit(cache=True, inline="always")
def _home(key: int, mask: int) -> int:
    """First place to look for ``key`` (Fibonacci hashing, high bits folded in)."""
    h = np.uint64(key) * _GOLDEN
    h ^= h >> np.uint64(29)
    return np.int64(h & np.uint64(mask))


@numba.njit(cache=True)
def grow(table: np.ndarray) -> np.ndarray:
    """The same keys in a table twice as large."""
    bigger = np.full(2 * table.size, EMPTY, np.int64)
    mask = bigger.size - 1
    for key in table:
        if key != EMPTY:
            place = _home(key, mask)
            while bigger[place] != EMPTY:
                place = (place + 1) & mask
            bigger[place] = key
    return bigger


@numba.njit(cache=True)
def set_insert(table: np.ndarray, key: int) -> int:
    """Put ``key`` (>= 0) in a table with room for it; 1 if it was new, else 0."""
    mask = table.size - 1
    place = _home(key, mask)
    while True:
        found = table[place]
        if found == key:
            return 0
        if found == EMPTY:
            table[place] = key
            return 1
        place = (place + 1) & mask


@numba.njit(cache=True)
def set_add(table: np.ndarray, count: int, key: int) -> tuple[np.ndarray, int]:
    """Add ``key`` (>= 0); returns the (possibly new) table and the new count."""
    if 2 * (count + 1) > table.size:
        table = grow(table)
    return table, count + set_insert(table, key)


@numba.njit(cache=True)
def has_room(table: np.ndarray, count: int) -> bool:
    """Whether one more key keeps the table at most half full (else ``grow`` it first)."""
    return 2 * (count + 1) <= table.size


@numba.njit(cache=True)
def add_origins(
    agents: np.ndarray,
    origins: np.ndarray,
    community: np.ndarray,
    num_communities: int,
    own: np.ndarray,
    counts: np.ndarray,
    table: np.ndarray,
) -> np.ndarray:
    """Note that ``agents[k]`` heard from community ``origins[k]``; returns the table.

    ``own[i]`` flags hearing from one's own community (``counts[0]`` of them); other pairs are
    keys ``agent * C + origin`` in ``table`` (``counts[1]`` of them).
    """
    for k in range(agents.size):
        table = add_origin(agents[k], origins[k], community, num_communities, own, counts, table)
    return table


@numba.njit(cache=True, inline="always")
def add_origin(
    agent: int,
    origin: int,
    community: np.ndarray,
    num_communities: int,
    own: np.ndarray,
    counts: np.ndarray,
    table: np.ndarray,
) -> np.ndarray:
    """Note that ``agent`` heard from community ``origin`` (see :func:`add_origins`)."""
    if origin == community[agent]:
        if not own[agent]:
            own[agent] = True
            counts[0] += 1
    else:
        table, counts[1] = set_add(table, counts[1], agent * num_communities + origin)
    return table
