"""The inner loops of people who network, compiled (numba), for both engines.

:mod:`tiesim.model.networking` states the rules and draws every random number; it hands these
kernels only the loops over seekers, shown agents, chosen agents and pairs, which in Python
cost tens of microseconds each.  Both engines call the same functions on the same arrays, so
they agree by construction.  The rows are those of
:class:`~tiesim.engines.array_graph.Adjacency`: agent ``i``'s contacts, increasing, are
``neighbor[indptr[i] : indptr[i] + degree[i]]``, with the tie slot of each in ``slot``.

Where a rule says "in the order of a stable sort", a kernel scans for the smallest key among
the entries not yet taken, the first one winning among equals; that gives the same order
without sorting a whole row for the few entries it needs.

The kernels are cached by numba (``cache=True``), and numba's cache does not notice edits to
functions imported from another file (``uniform_at`` and ``prefetch`` here): after changing
:mod:`tiesim.engines.kernels_streams` or :mod:`tiesim.engines.kernels_prefetch`, clear the
cache (the ``__pycache__/*.nbi``/``*.nbc`` files next to this module) or these kernels keep the
old code.
"""

from __future__ import annotations

import numba
import numpy as np

from tiesim.engines.kernels_prefetch import prefetch
from tiesim.engines.kernels_streams import uniform_at

#: ``interviews.rule`` codes (``none`` asks nobody, so it has none).
ASK_ORDERS = {"weakest_first": 0, "strongest_first": 1, "random": 2, "other_community_first": 3}
WEAKEST_FIRST, STRONGEST_FIRST, RANDOM_ORDER, OTHER_COMMUNITY_FIRST = range(4)
MOST_MUTUAL, RANDOM_RANKING, FEWEST_MUTUAL = range(3)  # config.networking.RANKINGS
TIE_STRONG = 0  # Tie.STRONG


@numba.njit(cache=True)
def ask_contacts(t, order, asks, wait, key, seekers, adj, ties, community, interviews):
    """Each seeker, in turn, asks up to ``asks`` of its askable contacts in ``order``.

    A tie is askable if nobody asked over it in the last ``wait`` steps (``last_asked`` 0 or
    at most ``t - wait``); asking sets its ``last_asked`` and ``last_checkin`` to ``t``, so a
    later seeker at its other end finds it taken.  Contacts are asked by increasing key
    (``order``: ``weakest_first`` strength, ``strongest_first`` minus strength, ``random`` the
    uniform ``key`` gives the tie's end, ``other_community_first`` same community after the
    others, then strength), equal keys by contact number.

    Parameters
    ----------
    t, order, asks, wait : int
        The step, an :data:`ASK_ORDERS` code, interviews a seeker can pay for, and
        ``ask_again_after``.
    key : uint64
        ``random``: the step's interview key (:class:`~tiesim.model.streams.Uniforms`).
    seekers : int64 array
        Who asks, increasing.
    adj : tuple
        ``(indptr, degree, neighbor, slot)`` of the rows.
    ties : tuple
        Tie columns ``(strength, u, last_asked, last_checkin)``; the last two are written.
    community : int array
        Each agent's community.
    interviews : int64 array
        Interviews each agent asked for over the run (incremented).

    Returns
    -------
    asker, asked : int64 arrays
        One entry per interview, by seeker, then in the order asked.
    """
    indptr, degree, neighbor, slot = adj
    strength, u, last_asked, last_checkin = ties
    room, widest = 0, 0
    for i in seekers:
        room += min(asks, degree[i])
        widest = max(widest, degree[i])
    asker = np.empty(room, np.int64)
    asked = np.empty(room, np.int64)
    first = np.empty(widest, np.int64)  # primary key: same community (other_community_first)
    second = np.empty(widest, np.float64)
    entry = np.empty(widest, np.int64)
    used = 0
    for h in range(seekers.size):
        # fetch early (kernels_prefetch): the row of a seeker six turns on, and the tie data
        # of the one two turns on (each of its ties is elsewhere in the tie table)
        if h + 6 < seekers.size:
            prefetch(slot, indptr[seekers[h + 6]])
        if h + 2 < seekers.size:
            ahead = seekers[h + 2]
            for e in range(indptr[ahead], indptr[ahead] + degree[ahead]):
                prefetch(last_asked, slot[e])
                prefetch(strength, slot[e])
        i = seekers[h]
        start = indptr[i]
        count = 0
        for e in range(start, start + degree[i]):
            s = slot[e]
            if last_asked[s] != 0 and t - last_asked[s] < wait:
                continue
            c = neighbor[e]
            first[count] = 0
            if order == RANDOM_ORDER:
                second[count] = uniform_at(key, 2 * np.int64(s) + (0 if u[s] == i else 1))
            elif order == STRONGEST_FIRST:
                second[count] = -np.float64(strength[s])
            else:
                second[count] = np.float64(strength[s])
                if order == OTHER_COMMUNITY_FIRST and community[c] == community[i]:
                    first[count] = 1
            entry[count] = e
            count += 1
        for _ in range(min(asks, count)):
            best = -1
            for k in range(count):
                if entry[k] < 0:
                    continue
                if (
                    best < 0
                    or first[k] < first[best]
                    or (first[k] == first[best] and second[k] < second[best])
                ):
                    best = k
            e = entry[best]
            entry[best] = -1
            last_asked[slot[e]] = t
            last_checkin[slot[e]] = t
            asker[used] = i
            asked[used] = neighbor[e]
            used += 1
            interviews[i] += 1
    return asker[:used], asked[:used]


@numba.njit(cache=True)
def largest_keys(u, weight, size):
    """Positions of the ``size`` largest keys ``log(u[p]) / weight[p]``, largest first.

    Efraimidis & Spirakis' keys; entries of weight 0 have none, so are never drawn (fewer
    positions come back if fewer entries have weight).  Equal keys keep their order, lower
    position first: ``np.argsort(-key, kind="stable")[:size]`` over the entries with weight,
    without sorting them all.  The best ``size`` so far are kept sorted, and an entry enters
    only if its key beats the last one's.  Because ``log(u) <= u - 1``, an entry whose
    ``(u - 1) / weight`` is below the last kept key (by more than rounding can account for)
    cannot, and its logarithm is not computed: with few places and many entries, that is
    nearly all of them.
    """
    best = np.empty(max(0, min(size, u.size)), np.int64)
    best_key = np.empty(best.size, np.float64)
    kept = 0
    for p in range(u.size):
        w = weight[p]
        if not w > 0.0:
            continue
        if kept == best.size:
            if kept == 0:
                break
            bar = best_key[kept - 1]
            if (u[p] - 1.0) / w < bar * (1.0 + 1e-9):  # bar < 0: a little below it
                continue
            key = np.log(u[p]) / w
            if not key > bar:
                continue
            kept -= 1  # the last one makes room
        else:
            key = np.log(u[p]) / w
        at = kept
        while at > 0 and key > best_key[at - 1]:
            best[at] = best[at - 1]
            best_key[at] = best_key[at - 1]
            at -= 1
        best[at] = p
        best_key[at] = key
        kept += 1
    return best[:kept]


@numba.njit(cache=True, inline="always")
def _nth_unshared(indptr, degree, neighbor, s, c, nth):
    """The ``nth`` contact of ``c`` (increasing) that is neither ``s`` nor tied to ``s``.

    With ``nth`` -1: how many there are.
    """
    seen = 0
    mine, mine_end = indptr[s], indptr[s] + degree[s]
    for e in range(indptr[c], indptr[c] + degree[c]):
        x = neighbor[e]
        while mine < mine_end and neighbor[mine] < x:
            mine += 1
        if x == s or (mine < mine_end and neighbor[mine] == x):
            continue
        if seen == nth:
            return x
        seen += 1
    return seen


@numba.njit(cache=True)
def pick_unshared(indptr, degree, neighbor, seekers, contacts, pick):
    """For each interview, a contact of the one asked whom the seeker does not know (-1: none).

    Candidates are the asked contact's contacts, increasing, other than the seeker and the
    seeker's contacts; ``pick[k]`` picks one (entry ``int(pick[k] × count)``).
    """
    out = np.full(seekers.size, -1, np.int64)
    for k in range(seekers.size):
        s, c = seekers[k], contacts[k]
        count = _nth_unshared(indptr, degree, neighbor, s, c, -1)
        if count:
            out[k] = _nth_unshared(indptr, degree, neighbor, s, c, int(pick[k] * count))
    return out


@numba.njit(cache=True, inline="always")
def _ranked_pick(candidates, mutual, ranking, u):
    """The candidate ``u`` picks among the best ranked by ``ranking`` (all, ``random``)."""
    best = mutual[candidates[0]]
    for x in candidates:
        if ranking == MOST_MUTUAL:
            best = max(best, mutual[x])
        elif ranking == FEWEST_MUTUAL:
            best = min(best, mutual[x])
    ranked = 0
    for x in candidates:
        if ranking == RANDOM_RANKING or mutual[x] == best:
            ranked += 1
    target = int(u * ranked)
    for x in candidates:
        if ranking == RANDOM_RANKING or mutual[x] == best:
            if target == 0:
                return x
            target -= 1
    return -1  # not reached: target < ranked


@numba.njit(cache=True)
def recommend(indptr, degree, neighbor, agents, ranking, pick):
    """The friend of a friend shown to each of ``agents`` (-1: none).

    Candidates of agent ``i`` are its contacts' contacts not tied to it (nor ``i``), increasing,
    each with its mutual contacts (how many of ``i``'s contacts it is tied to).  ``ranking[k]``
    keeps the most or fewest mutual (``MOST_MUTUAL``, ``FEWEST_MUTUAL``) or all, and
    ``pick[k]`` picks among them (entry ``int(pick[k] × count)``).
    """
    n = degree.size
    mutual = np.zeros(n, np.int64)  # -1 for i and its contacts while i is looked at
    found = np.empty(n, np.int64)
    out = np.full(agents.size, -1, np.int64)
    for k in range(agents.size):
        # fetch early (kernels_prefetch): the row of an agent two turns on, and the rows of
        # the contacts of the next one
        if k + 2 < agents.size:
            prefetch(neighbor, indptr[agents[k + 2]])
        if k + 1 < agents.size:
            ahead = agents[k + 1]
            for e in range(indptr[ahead], indptr[ahead] + degree[ahead]):
                prefetch(neighbor, indptr[neighbor[e]])
        i = agents[k]
        start, end = indptr[i], indptr[i] + degree[i]
        mutual[i] = -1
        for e in range(start, end):
            mutual[neighbor[e]] = -1
        count = 0
        for e in range(start, end):
            c = neighbor[e]
            for f in range(indptr[c], indptr[c] + degree[c]):
                x = neighbor[f]
                if mutual[x] < 0:
                    continue
                if mutual[x] == 0:
                    found[count] = x
                    count += 1
                mutual[x] += 1
        if count:
            candidates = np.sort(found[:count])
            out[k] = _ranked_pick(candidates, mutual, ranking[k], pick[k])
        for p in range(count):
            mutual[found[p]] = 0
        mutual[i] = 0
        for e in range(start, end):
            mutual[neighbor[e]] = 0
    return out


@numba.njit(cache=True)
def pick_pairs(adj, tie, chosen, picks, strong_only):
    """Two distinct contacts of each chosen agent (-1, -1: fewer than two).

    The contacts are agent ``i``'s row (only those over strong ties if ``strong_only``); the
    first is entry ``int(picks[k, 0] × count)``, the second ``int(picks[k, 1] × (count - 1))``
    of the others (one is added when it is not before the first).
    """
    indptr, degree, neighbor, slot = adj
    a = np.full(chosen.size, -1, np.int64)
    b = np.full(chosen.size, -1, np.int64)
    for k in range(chosen.size):
        start = indptr[chosen[k]]
        end = start + degree[chosen[k]]
        count = 0
        for e in range(start, end):
            count += not strong_only or tie[slot[e]] == TIE_STRONG
        if count < 2:
            continue
        first = int(picks[k, 0] * count)
        second = int(picks[k, 1] * (count - 1))
        second += second >= first  # skip the first one
        seen = 0
        for e in range(start, end):
            if strong_only and tie[slot[e]] != TIE_STRONG:
                continue
            if seen == first:
                a[k] = neighbor[e]
            if seen == second:
                b[k] = neighbor[e]
            seen += 1
    return a, b


@numba.njit(cache=True)
def mutual_contacts(indptr, degree, neighbor, a, b):
    """Contacts ``a[k]`` and ``b[k]`` share, for each ``k`` (a merge of their two rows)."""
    out = np.zeros(a.size, np.int64)
    for k in range(a.size):
        p, p_end = indptr[a[k]], indptr[a[k]] + degree[a[k]]
        q, q_end = indptr[b[k]], indptr[b[k]] + degree[b[k]]
        while p < p_end and q < q_end:
            if neighbor[p] < neighbor[q]:
                p += 1
            elif neighbor[p] > neighbor[q]:
                q += 1
            else:
                out[k] += 1
                p += 1
                q += 1
    return out
