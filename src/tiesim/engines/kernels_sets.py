"""Compiled sets of ``int64`` keys (numba): open addressing with linear probing.

A set is a power-of-two ``int64`` array (``-1`` marks an empty place) and a count of keys;
:func:`set_add` may return a larger array when the set grows past half full.  The array
engine uses it for the (agent, origin community) pairs of the information-diversity metric
(:class:`tiesim.engines.array_graph.OriginsSet`).  :func:`note_recent` keeps, the same way, the
pairs heard in the last steps with the step each was last heard, and forgets the stale ones
(``news_diversity``, ``trend_diversity``: :class:`tiesim.engines.array_graph.RecentOrigins`).
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


# ---------------------------------------------------------------- pairs heard of lately
# A map from int64 keys to the step each was last heard of, for the pairs heard of in the
# last `window` steps (news_diversity, trend_diversity): open addressing as above, the steps in
# a second array beside the keys, pairs removed once `window` steps pass without them (by
# backward shifting, so no place is left marked "deleted").  A queue remembers every hearing
# that renewed a pair, oldest first (rows: key, step; a ring of power-of-two size): it says
# which pairs may fall out of the window at the end of a step without looking at the others.


@numba.njit(cache=True)
def _grow_map(keys: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same keys, with their steps, in a map twice as large."""
    bigger = np.full(2 * keys.size, EMPTY, np.int64)
    steps = np.zeros(2 * keys.size, np.int64)
    mask = bigger.size - 1
    for k in range(keys.size):
        if keys[k] != EMPTY:
            place = _home(keys[k], mask)
            while bigger[place] != EMPTY:
                place = (place + 1) & mask
            bigger[place] = keys[k]
            steps[place] = last[k]
    return bigger, steps


@numba.njit(cache=True)
def _remove(keys: np.ndarray, last: np.ndarray, hole: int) -> None:
    """Take out the key at ``hole``, moving later keys of its run back so lookups still work."""
    mask = keys.size - 1
    j = hole
    while True:
        j = (j + 1) & mask
        key = keys[j]
        if key == EMPTY:
            break
        # the key at j may fill the hole if the hole lies between its home and j
        if ((j - _home(key, mask)) & mask) >= ((j - hole) & mask):
            keys[hole] = key
            last[hole] = last[j]
            hole = j
    keys[hole] = EMPTY


@numba.njit(cache=True)
def _queued(queue: np.ndarray, state: np.ndarray, key: int, t: int) -> np.ndarray:
    """Append (key, t) to the ring ``queue``; returns it (a larger copy when it was full)."""
    size = queue.shape[1]
    head, length = state[1], state[2]
    if length == size:  # full: copy into a ring twice the size, oldest first
        bigger = np.empty((2, 2 * size), np.int64)
        for k in range(length):
            bigger[:, k] = queue[:, (head + k) & (size - 1)]
        queue, head, size = bigger, 0, 2 * size
        state[1] = 0
    tail = (head + length) & (size - 1)
    queue[0, tail] = key
    queue[1, tail] = t
    state[2] = length + 1
    return queue


@numba.njit(cache=True)
def note_recent(
    t: int,
    window: int,
    events: np.ndarray,
    used: int,
    keys: np.ndarray,
    last: np.ndarray,
    state: np.ndarray,
    queue: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """End of step ``t``: note the pairs ``events[:used]`` heard of, forget the stale ones.

    A pair is kept while it was heard of in the last ``window`` steps (steps ``t - window + 1 ..
    t``); ``state`` holds ``[pairs kept, queue head, queue length]``.  Returns the map's keys and
    steps and the queue (larger copies when they grew).
    """
    for k in range(used):
        key = events[k]
        if 2 * (state[0] + 1) > keys.size:
            keys, last = _grow_map(keys, last)
        mask = keys.size - 1
        place = _home(key, mask)
        while keys[place] != EMPTY and keys[place] != key:
            place = (place + 1) & mask
        if keys[place] == key:
            if last[place] == t:  # heard of already this step
                continue
        else:
            keys[place] = key
            state[0] += 1
        last[place] = t
        queue = _queued(queue, state, key, t)
    cutoff = t - window
    size = queue.shape[1]
    mask = keys.size - 1
    while state[2] > 0:
        head = state[1]
        if queue[1, head] > cutoff:
            break
        key, step = queue[0, head], queue[1, head]
        state[1] = (head + 1) & (size - 1)
        state[2] -= 1
        place = _home(key, mask)
        while keys[place] != EMPTY and keys[place] != key:
            place = (place + 1) & mask
        if keys[place] == key and last[place] == step:  # not heard of since
            _remove(keys, last, place)
            state[0] -= 1
    return keys, last, queue
