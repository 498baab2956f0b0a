"""Compiled sets of (agent, origin community) pairs (numba): open addressing, linear probing.

A table is an ``int64`` array of shape ``(size, 2)``, ``size`` a power of two: column 0 holds
the keys (``-1`` marks an empty place), column 1 beside each key the steps its pair was last
heard of, packed (:func:`renewed`).  It is kept at most half full (:func:`has_room`;
:func:`grow` moves the rows to a table twice as large).  The array engine uses it for the
pairs behind the information-diversity metrics (:class:`tiesim.engines.array_graph.OriginsSet`):
keys ``agent * C + origin`` for news from other communities; news from one's own community is a
flag per agent, with its packed steps in a per-agent array.

The packed steps of a pair hold, by kind of news (``NEWS``: a job lead, ``TRENDS``: a trend item
heard of), the last step it was heard of (0: never), 32 bits each, so that noting news touches
the row the lookup just found: no second memory access.  :func:`renewed` also keeps the number
of pairs heard in the last ``W`` steps up to date: ``pending[kind, s & mask]`` counts the pairs
last heard at step ``s`` for the latest steps (more than ``W`` of them), and ``active[kind]``
those heard in the window, from which the pairs of step ``t - W`` are taken at the end of step
``t`` (:func:`forget_step`; ``news_diversity``, ``trend_diversity``).
"""

from __future__ import annotations

import numba
import numpy as np

EMPTY = -1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
NEWS, TRENDS = 0, 1  # kinds of news (tiesim.model.metrics)
_LOW = np.int64(0xFFFFFFFF)  # one kind's step, in packed steps


def new_table(capacity: int = 1024) -> np.ndarray:
    """An empty table with room for ``capacity`` keys (rounded up to a power of two)."""
    size = 1 << max(int(2 * capacity - 1).bit_length(), 4)
    table = np.zeros((size, 2), np.int64)
    table[:, 0] = EMPTY
    return table


@numba.njit(cache=True, inline="always")
def _home(key: int, mask: int) -> int:
    """First place to look for ``key`` (Fibonacci hashing, high bits folded in)."""
    h = np.uint64(key) * _GOLDEN
    h ^= h >> np.uint64(29)
    return np.int64(h & np.uint64(mask))


@numba.njit(cache=True)
def has_room(table: np.ndarray, count: int) -> bool:
    """Whether one more key keeps the table at most half full (else :func:`grow` it first)."""
    return 2 * (count + 1) <= table.shape[0]


@numba.njit(cache=True)
def grow(table: np.ndarray) -> np.ndarray:
    """The same rows (keys and their packed steps) in a table twice as large."""
    bigger = np.zeros((2 * table.shape[0], 2), np.int64)
    bigger[:, 0] = EMPTY
    mask = bigger.shape[0] - 1
    for row in range(table.shape[0]):
        key = table[row, 0]
        if key != EMPTY:
            place = _home(key, mask)
            while bigger[place, 0] != EMPTY:
                place = (place + 1) & mask
            bigger[place, 0] = key
            bigger[place, 1] = table[row, 1]
    return bigger


@numba.njit(cache=True)
def set_place(table: np.ndarray, key: int) -> tuple[int, int]:
    """Where ``key`` (>= 0) is in a table with room for it, put there if new; 1 if it was."""
    mask = table.shape[0] - 1
    place = _home(key, mask)
    while True:
        found = table[place, 0]
        if found == key:
            return place, 0
        if found == EMPTY:
            table[place, 0] = key
            return place, 1
        place = (place + 1) & mask


def recent_state(window: int) -> tuple[np.ndarray, np.ndarray, int]:
    """``recent`` for a window of ``window`` steps: ``(pending, active, window)``.

    ``pending`` has a power-of-two number of columns, more than ``window``: step ``s`` is
    column ``s & (columns - 1)``.
    """
    columns = 1 << int(window).bit_length()
    return np.zeros((2, columns), np.int64), np.zeros(2, np.int64), int(window)


@numba.njit(cache=True, inline="always")
def renewed(steps: int, kind: int, t: int, recent) -> int:
    """Packed ``steps`` with news of ``kind`` heard at step ``t``; counts the pair's move.

    ``recent`` is ``(pending, active, window)`` (:func:`recent_state`): a pair last heard in
    the window moves from its step's count to step ``t``'s; another one enters the window.
    """
    shift = 32 * kind
    old = (steps >> shift) & _LOW
    if old == t:
        return steps
    pending, active, window = recent
    mask = pending.shape[1] - 1
    if old != 0 and old > t - window:
        pending[kind, old & mask] -= 1
    else:
        active[kind] += 1
    pending[kind, t & mask] += 1
    return (steps & ~(_LOW << shift)) | (t << shift)


@numba.njit(cache=True)
def add_origins(
    agents: np.ndarray,
    origins: np.ndarray,
    community: np.ndarray,
    num_communities: int,
    state: tuple,
    kind: int,
    t: int,
) -> np.ndarray:
    """Note that ``agents[k]`` heard news of ``kind`` from ``origins[k]`` at step ``t``.

    ``state`` is ``(own, counts, table, own_steps, recent)``: ``own[i]`` flags hearing from
    one's own community (``counts[0]`` of them), with the packed steps in ``own_steps[i]``;
    other pairs are keys ``agent * C + origin`` in ``table`` (``counts[1]`` of them).  Returns
    the table (a larger one when it grew).
    """
    own, counts, table, own_steps, recent = state
    for k in range(agents.size):
        agent, origin = agents[k], origins[k]
        if origin == community[agent]:
            if not own[agent]:
                own[agent] = True
                counts[0] += 1
            own_steps[agent] = renewed(own_steps[agent], kind, t, recent)
        else:
            if not has_room(table, counts[1]):
                table = grow(table)
            place, new = set_place(table, agent * num_communities + origin)
            counts[1] += new
            table[place, 1] = renewed(table[place, 1], kind, t, recent)
    return table


def forget_step(recent: tuple[np.ndarray, np.ndarray, int], t: int) -> None:
    """End of step ``t``: the pairs last heard at step ``t - W`` leave the window."""
    pending, active, window = recent
    column = (t - window) & (pending.shape[1] - 1)
    active -= pending[:, column]
    pending[:, column] = 0
