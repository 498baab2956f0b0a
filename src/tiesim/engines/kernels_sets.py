"""Compiled sets of ``int64`` keys (numba): open addressing with linear probing.

A set is a power-of-two ``int64`` array (``-1`` marks an empty place) and a count of keys,
kept at most half full (:func:`has_room`; :func:`grow_keeping` moves the keys to a table twice
as large).  The array engine uses it for the (agent, origin community) pairs of the
information-diversity metric (:class:`tiesim.engines.array_graph.OriginsSet`).

Beside that table, ``last[kind, place]`` holds the step the pair at ``place`` was last heard of
by kind of news (``NEWS``: a job lead, ``TRENDS``: a trend item heard of), ``own_last[kind,
agent]`` the same for news from one's own community (those pairs are flags, not keys), and
:func:`note_recent` keeps the number of pairs heard in the last ``W`` steps up to date as they
are noted: ``pending[kind, s & mask]`` counts the pairs last heard at step ``s`` for the
latest steps (more than ``W`` of them), and ``active[kind]`` those heard in the window, from
which the pairs of step ``t - W`` are taken at the end of step ``t`` (:func:`forget_step`;
``news_diversity``, ``trend_diversity``).  The kernels that note news find a pair's place
anyway (for the cumulative set), so keeping its last step costs them no extra lookup.
"""

from __future__ import annotations

import numba
import numpy as np

EMPTY = -1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
NEVER = np.iinfo(np.int32).min  # in a table of last steps: never heard
NEWS, TRENDS = 0, 1  # rows of the tables of last steps (tiesim.model.metrics)


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
def has_room(table: np.ndarray, count: int) -> bool:
    """Whether one more key keeps the table at most half full (else grow it first)."""
    return 2 * (count + 1) <= table.size


@numba.njit(cache=True)
def grow_keeping(table: np.ndarray, last: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The same keys in a table twice as large, each with its column of ``last``."""
    bigger = np.full(2 * table.size, EMPTY, np.int64)
    moved = np.full((last.shape[0], bigger.size), NEVER, last.dtype)
    mask = bigger.size - 1
    for k in range(table.size):
        key = table[k]
        if key != EMPTY:
            place = _home(key, mask)
            while bigger[place] != EMPTY:
                place = (place + 1) & mask
            bigger[place] = key
            for row in range(last.shape[0]):
                moved[row, place] = last[row, k]
    return bigger, moved


@numba.njit(cache=True)
def set_place(table: np.ndarray, key: int) -> tuple[int, int]:
    """Where ``key`` (>= 0) is in a table with room for it, put there if new; 1 if it was."""
    mask = table.size - 1
    place = _home(key, mask)
    while True:
        found = table[place]
        if found == key:
            return place, 0
        if found == EMPTY:
            table[place] = key
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
def note_recent(last, kind: int, index: int, t: int, recent) -> None:
    """``last[kind, index] = t``, keeping the count of pairs heard lately (module docstring).

    ``recent`` is ``(pending, active, window)`` (:func:`recent_state`).
    """
    pending, active, window = recent
    old = last[kind, index]
    if old != t:
        mask = pending.shape[1] - 1
        if old > t - window:  # heard in the window already: now at step t instead
            pending[kind, old & mask] -= 1
        else:
            active[kind] += 1
        pending[kind, t & mask] += 1
        last[kind, index] = t


@numba.njit(cache=True)
def add_origins(
    agents: np.ndarray,
    origins: np.ndarray,
    community: np.ndarray,
    num_communities: int,
    own: np.ndarray,
    counts: np.ndarray,
    table: np.ndarray,
    heard: tuple,
) -> tuple[np.ndarray, np.ndarray]:
    """Note that ``agents[k]`` heard from community ``origins[k]``; returns ``(table, last)``.

    ``own[i]`` flags hearing from one's own community (``counts[0]`` of them); other pairs are
    keys ``agent * C + origin`` in ``table`` (``counts[1]`` of them).  ``heard`` is ``(kind,
    t, last, own_last, recent)``: the news is of ``kind``, heard at step ``t``
    (:func:`note_recent`).
    """
    kind, t, last, own_last, recent = heard
    for k in range(agents.size):
        agent, origin = agents[k], origins[k]
        if origin == community[agent]:
            if not own[agent]:
                own[agent] = True
                counts[0] += 1
            note_recent(own_last, kind, agent, t, recent)
        else:
            if not has_room(table, counts[1]):
                table, last = grow_keeping(table, last)
            place, new = set_place(table, agent * num_communities + origin)
            counts[1] += new
            note_recent(last, kind, place, t, recent)
    return table, last


def forget_step(recent: tuple[np.ndarray, np.ndarray, int], t: int) -> None:
    """End of step ``t``: the pairs last heard at step ``t - W`` leave the window."""
    pending, active, window = recent
    column = (t - window) & (pending.shape[1] - 1)
    active -= pending[:, column]
    pending[:, column] = 0
