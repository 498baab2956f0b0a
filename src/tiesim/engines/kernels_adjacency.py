"""Compiled edits of the array engine's adjacency (numba): ties in and out of sorted rows.

Row ``i`` of the adjacency holds agent ``i``'s contacts in increasing agent number at
``neighbor[indptr[i] : indptr[i] + degree[i]]`` (with the tie slot of each entry in ``slot``),
and has room for ``room[i]`` entries.  Adding a tie inserts one entry into each of its two rows,
shifting the larger entries up (a full row first moves to the free end of the buffers);
removing one shifts them down.  Each costs O(degree), so a
step's edits cost what they touch, not the size of the graph.
"""

from __future__ import annotations

import numba
import numpy as np


@numba.njit(cache=True, inline="always")
def _position(neighbor: np.ndarray, start: int, end: int, agent: int) -> int:
    """First position in ``neighbor[start:end]`` (sorted) whose value is >= ``agent``."""
    while start < end:
        middle = (start + end) // 2
        if neighbor[middle] < agent:
            start = middle + 1
        else:
            end = middle
    return start


@numba.njit(cache=True)
def tied(indptr, degree, neighbor, a, b) -> np.ndarray:
    """Mask of the pairs ``a[k]``–``b[k]`` tied now."""
    out = np.zeros(a.size, np.bool_)
    for k in range(a.size):
        start = indptr[a[k]]
        end = start + degree[a[k]]
        at = _position(neighbor, start, end, b[k])
        out[k] = at < end and neighbor[at] == b[k]
    return out


@numba.njit(cache=True)
def insert_ties(indptr, room, degree, neighbor, slot, u, v, slots, first, free) -> tuple:
    """Enter the ties ``u[k]``–``v[k]`` (slot ``slots[k]``), ``k >= first``, in both rows.

    A full row first moves to the free end of the buffers (from ``free`` on), with room for
    half its degree more (at least 4).  Returns ``(u.size, free)`` when all are in, or the
    ``k`` of the first tie one of whose rows is full when the free end has no room left
    (nothing of that tie entered): the caller lays the rows out again and calls from there.
    """
    for k in range(first, u.size):
        for row in (u[k], v[k]):
            if degree[row] < room[row]:
                continue
            grown = degree[row] + 1
            grown += max(4, grown // 2)
            if free + grown > neighbor.size:
                return k, free
            for e in range(degree[row]):
                neighbor[free + e] = neighbor[indptr[row] + e]
                slot[free + e] = slot[indptr[row] + e]
            indptr[row] = free
            room[row] = grown
            free += grown
        for row, other in ((u[k], v[k]), (v[k], u[k])):
            start = indptr[row]
            end = start + degree[row]
            at = _position(neighbor, start, end, other)
            for e in range(end, at, -1):
                neighbor[e] = neighbor[e - 1]
                slot[e] = slot[e - 1]
            neighbor[at] = other
            slot[at] = slots[k]
            degree[row] += 1
    return u.size, free


@numba.njit(cache=True)
def delete_ties(indptr, degree, neighbor, slot, u, v) -> None:
    """Take the ties ``u[k]``–``v[k]`` out of both rows (each must be present)."""
    for k in range(u.size):
        for row, other in ((u[k], v[k]), (v[k], u[k])):
            start = indptr[row]
            end = start + degree[row]
            at = _position(neighbor, start, end, other)
            if at == end or neighbor[at] != other:
                raise KeyError("tie not in the adjacency")
            for e in range(at, end - 1):
                neighbor[e] = neighbor[e + 1]
                slot[e] = slot[e + 1]
            degree[row] -= 1
