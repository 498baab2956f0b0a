"""Living ties as compiled kernels (numba), for the array engine.

The rules are those of :mod:`tiesim.model.tie_dynamics` and of ``Person.check_in_on_ties``
(``tiesim.model.agents``), operation for operation, so the numbers agree with the Mesa engine to
the last bit:

- :func:`check_in` — every agent spends its time budget on check-ins: its ties due one in the
  order of its rule (ties between equal keys broken by the contact's agent number, as a
  stable sort of the sorted row), each one whose cost still fits the time left.  Instead of
  sorting, the kernel picks the next tie by a scan for the smallest key among those not yet
  looked at, and stops once no tie can be afforded.
- :func:`strengthen_or_fade` — at the end of the step, every present tie: note whether its pair
  talked, move its strength and its contact rate; then :func:`tie_events`, in slot order: types
  follow strength, events are logged, and ties below the floor are listed for the caller to
  remove.
"""

from __future__ import annotations

import numba
import numpy as np

from tiesim.engines.kernels_streams import uniform_at

TIE_STRONG, TIE_WEAK = 0, 1  # Tie values
RULES = {"strong_first": 0, "weak_first": 1, "oldest_first": 2, "random": 3, "split": 4}
PROMOTED, DEMOTED, DISSOLVED = 1, 2, 3  # tie_dynamics.TIE_EVENTS codes
NO_TIE = -1
FEW = 16  # check_in: due ties of one person sorted by insertion up to this many
GATHER_UP_TO = 6  # check_in: due ties per person, on average, up to which they are gathered
BLOCK = 256  # tie_events: slots checked for an event at a time


@numba.njit(cache=True, inline="always")
def _spend(i, t, time, kinds, count, due, keys, costs, last_checkin, spent_by, made):
    """Check in on the ``count`` due ties in key order while time lasts; the time spent.

    ``due`` holds their slots, ``keys`` their sort keys (``inf`` once looked at) and ``kinds``
    their Tie values; ``kinds < 0`` skips a tie (another type's turn in ``split``).  Each
    check-in is counted in ``made``, per Tie value.
    """
    checkins, time_spent = spent_by
    cheapest = costs[TIE_WEAK]
    spent = 0.0
    while time - spent >= cheapest:
        best = -1
        best_key = np.inf
        for k in range(count):
            if keys[k] < best_key and kinds[k] >= 0:
                best, best_key = k, keys[k]
        if best < 0:
            break
        keys[best] = np.inf
        kind = kinds[best]
        cost = costs[kind]
        if cost <= time - spent:
            last_checkin[due[best]] = t
            checkins[i, kind] += 1
            time_spent[i, kind] += cost
            made[kind] += 1
            spent += cost
    return spent


@numba.njit(cache=True)
def _due_by_agent(latest, n, ties):
    """Each agent's ties due a check-in (last talk at ``latest`` or before), side by side.

    Returns ``(start, slot, other, code)``: agent ``i``'s due ties are at positions
    ``start[i] : start[i + 1]``, each with its slot, the contact at its other end and
    ``2 × (steps overdue) + type``.  Found in one pass over the tie table in slot order (so
    within an agent, in slot order), then put in place agent by agent (a counting sort): the
    agents then read their due ties one after another, instead of one tie table entry per
    contact wherever it lies.
    """
    alive, tie, last_talk, _, slot_u, slot_v = ties
    start = np.zeros(n + 1, np.int32)
    found = np.empty(last_talk.size, np.int32)
    count = 0
    for s in range(last_talk.size):
        if last_talk[s] <= latest and alive[s]:
            found[count] = s
            count += 1
            start[slot_u[s] + 1] += 1
            start[slot_v[s] + 1] += 1
    for i in range(n):
        start[i + 1] += start[i]
    fill = start[:n].copy()
    slot = np.empty(2 * count, np.int32)
    other = np.empty(2 * count, np.int32)
    code = np.empty(2 * count, np.int32)
    for k in range(count):
        s = found[k]
        a, b = slot_u[s], slot_v[s]
        c = 2 * (latest - last_talk[s]) + tie[s]
        for end, contact in ((a, b), (b, a)):
            p = fill[end]
            fill[end] = p + 1
            slot[p], other[p], code[p] = s, contact, c
    return start, slot, other, code


@numba.njit(cache=True)
def _merge_by_contact(lo, hi, other, slot, code):
    """Entries ``lo:hi`` of the three arrays in increasing ``other``: a merge sort, d log d."""
    order = np.argsort(other[lo:hi], kind="mergesort") + lo
    other[lo:hi], slot[lo:hi], code[lo:hi] = other[order], slot[order], code[order]


@numba.njit(cache=True)
def _check_in_gathered(
    t, rule, budgets, strong_share, checkin_after, costs, employed, adj, ties, checkin_key, spent_by
):
    """:func:`check_in` with few ties due: each person's gathered side by side first.

    :func:`_due_by_agent` puts each person's due ties together, so a person reads them one after
    another instead of walking their row and looking each contact's tie up wherever it lies in
    the tie table; they are then put in row order.  The check-ins are counted per Tie value.
    """
    degree = adj[1]
    last_checkin, slot_u = ties[3], ties[4]
    checkins, time_spent = spent_by
    n = degree.size
    first = TIE_STRONG if rule == 0 else TIE_WEAK
    cheapest = costs[TIE_WEAK]
    latest = t - checkin_after  # the last step of talk that leaves a tie due now
    start, due_slot, due_other, due_code = _due_by_agent(latest, n, ties)
    largest = 0
    for i in range(n):
        largest = max(largest, start[i + 1] - start[i])
    due = np.empty(largest, np.int64)
    keys = np.empty(largest)
    kinds = np.empty(largest, np.int64)
    made = np.zeros(2, np.int64)
    for i in range(n):
        lo, hi = start[i], start[i + 1]
        if lo == hi:
            continue
        time = budgets[0] if employed[i] else budgets[1]
        if time < cheapest:
            continue
        if hi - lo == 1 and rule != 4:  # most often: one tie due, checked in if affordable
            kind = due_code[lo] & 1
            cost = costs[kind]
            if cost <= time:
                last_checkin[due_slot[lo]] = t
                checkins[i, kind] += 1
                time_spent[i, kind] += cost
                made[kind] += 1
            continue
        if hi - lo > FEW:  # in row order (by contact): a merge sort for a hub's many,
            _merge_by_contact(lo, hi, due_other, due_slot, due_code)
        for p in range(lo + 1, hi):  # an insertion sort for the few most people have due
            q = p
            while q > lo and due_other[q - 1] > due_other[q]:
                due_other[q - 1], due_other[q] = due_other[q], due_other[q - 1]
                due_slot[q - 1], due_slot[q] = due_slot[q], due_slot[q - 1]
                due_code[q - 1], due_code[q] = due_code[q], due_code[q - 1]
                q -= 1
        count = hi - lo
        for k in range(count):
            s, c = due_slot[lo + k], due_code[lo + k]
            kind = c & 1
            talked = np.float64(latest - (c >> 1))  # the tie's last_talk
            due[k] = s
            kinds[k] = kind
            if rule == 3:  # random
                keys[k] = uniform_at(checkin_key, 2 * s + (0 if slot_u[s] == i else 1))
            elif rule == 2 or rule == 4:  # oldest_first; split takes each type oldest first
                keys[k] = talked
            else:  # strong_first / weak_first: that type first, each type oldest first
                later = 0.0 if kind == first else 4294967296.0
                keys[k] = later + talked
        if rule == 4:  # split (Boorman): a share of the time for strong ties, then weak ones
            for k in range(count):  # strong ties' turn: weak ones set aside (-1 - kind)
                if kinds[k] != TIE_STRONG:
                    kinds[k] = -1 - kinds[k]
            strong_time = time * strong_share
            spent = _spend(
                i, t, strong_time, kinds, count, due, keys, costs, last_checkin, spent_by, made
            )
            for k in range(count):  # weak ties' turn: strong ones set aside
                kinds[k] = -1 - kinds[k] if kinds[k] < 0 else -1
            weak_time = time - spent
            _spend(i, t, weak_time, kinds, count, due, keys, costs, last_checkin, spent_by, made)
        else:
            _spend(i, t, time, kinds, count, due, keys, costs, last_checkin, spent_by, made)
    return made


@numba.njit(cache=True)
def _check_in_rows(
    t, rule, budgets, strong_share, checkin_after, costs, employed, adj, ties, checkin_key, spent_by
):
    """:func:`check_in` with many ties due: each person walks their row.

    One pass in slot order marks each tie with one number, ``2 × (steps overdue) + type`` when
    due and -1 when not, that the walks read instead of the tie's type and last talk; it also
    counts each person's due ties and notes one (the only one when one is due).  The check-ins
    are counted per Tie value in ``made``.
    """
    indptr, degree, _, entry_slot = adj
    alive, tie, last_talk, last_checkin, slot_u, slot_v = ties
    checkins, time_spent = spent_by
    made = np.zeros(2, np.int64)
    largest = 0
    for i in range(degree.size):
        largest = max(largest, degree[i])
    due = np.empty(largest, np.int64)
    keys = np.empty(largest)
    kinds = np.empty(largest, np.int64)
    first = TIE_STRONG if rule == 0 else TIE_WEAK
    cheapest = costs[TIE_WEAK]
    # which ties are due, in one pass in slot order, as one number per tie that the agents
    # below read instead of the tie's type and last talk (one read per tie in a row, not
    # three): 2 * (steps overdue) + type when due, negative when not
    latest = t - checkin_after  # the last step of talk that leaves a tie due now
    code = np.empty(last_talk.size, np.int32)
    due_count = np.zeros(degree.size, np.int32)  # each agent's ties due (none: skipped)
    due_slot = np.empty(degree.size, np.int32)  # one of them: the only one when one is due
    for s in range(last_talk.size):
        overdue = latest - np.int64(last_talk[s])
        if overdue >= 0 and alive[s]:
            code[s] = 2 * overdue + tie[s]
            a, b = slot_u[s], slot_v[s]
            due_count[a] += 1
            due_count[b] += 1
            due_slot[a] = s
            due_slot[b] = s
        else:
            code[s] = -1
    for i in range(degree.size):
        if due_count[i] == 0:
            continue
        time = budgets[0] if employed[i] else budgets[1]
        if time < cheapest:
            continue
        if due_count[i] == 1 and rule != 4:  # most often: one tie due, checked in if affordable
            s = due_slot[i]  # (no row to walk)
            kind = code[s] & 1
            cost = costs[kind]
            if cost <= time:
                last_checkin[s] = t
                checkins[i, kind] += 1
                time_spent[i, kind] += cost
                made[kind] += 1
            continue
        count = 0
        for e in range(indptr[i], indptr[i] + degree[i]):
            s = entry_slot[e]
            c = code[s]
            if c < 0:
                continue
            kind = c & 1
            talked = np.float64(latest - (c >> 1))  # the tie's last_talk
            due[count] = s
            kinds[count] = kind
            if rule == 3:  # random
                keys[count] = uniform_at(checkin_key, 2 * s + (0 if slot_u[s] == i else 1))
            elif rule == 2 or rule == 4:  # oldest_first; split takes each type oldest first
                keys[count] = talked
            else:  # strong_first / weak_first: that type first, each type oldest first
                later = 0.0 if kind == first else 4294967296.0
                keys[count] = later + talked
            count += 1
        if rule == 4:  # split (Boorman): a share of the time for strong ties, then weak ones
            for k in range(count):  # strong ties' turn: weak ones set aside (-1 - kind)
                if kinds[k] != TIE_STRONG:
                    kinds[k] = -1 - kinds[k]
            strong_time = time * strong_share
            spent = _spend(
                i, t, strong_time, kinds, count, due, keys, costs, last_checkin, spent_by, made
            )
            for k in range(count):  # weak ties' turn: strong ones set aside
                kinds[k] = -1 - kinds[k] if kinds[k] < 0 else -1
            weak_time = time - spent
            _spend(i, t, weak_time, kinds, count, due, keys, costs, last_checkin, spent_by, made)
        else:
            _spend(i, t, time, kinds, count, due, keys, costs, last_checkin, spent_by, made)
    return made


@numba.njit(cache=True)
def check_in(
    t, rule, budgets, strong_share, checkin_after, costs, employed, adj, ties, checkin_key, spent_by
):
    """``Person.check_in_on_ties`` for every agent; returns the step's tally.

    Parameters
    ----------
    t : int
        The step.
    rule : int
        ``RULES`` code of ``ties.maintenance``.
    budgets : tuple of float
        ``(employed, looking for work)`` time per step.
    strong_share : float
        ``split``: share of the time for strong ties.
    checkin_after : int
        Steps without talk after which a tie is due a check-in.
    costs : float64 array (2,)
        Time of a check-in, per Tie value.
    employed : bool array (n,)
        Who has a job (the budget depends on it).
    adj : tuple of arrays
        The adjacency ``(indptr, degree, neighbor, slot)``.
    ties : tuple of arrays (slots,)
        ``(alive, tie, last_talk, last_checkin, u, v)``; ``last_checkin`` is set to ``t`` where
        checked.
    checkin_key : uint64
        Key of the step's ``checkin`` uniforms (``random`` rule).
    spent_by : tuple of arrays (n, 2)
        Each agent's check-ins and time spent per Tie value, over the run; updated.

    Returns
    -------
    float64 array (4,)
        Check-ins per Tie value, then time spent per Tie value.

    Notes
    -----
    An agent's due ties (:func:`_due_by_agent`) are put in row order (by contact) with their
    sort key: the step of last talk (``oldest_first``, and within a type for ``split``), that
    plus 2³² for ties of the type that comes second (``strong_first`` / ``weak_first``), or
    the random priority.  Picking the smallest key, first in row order among equals, is the
    stable sort of ``Person.ties_in_maintenance_order``.  With few ties due (at most
    :data:`GATHER_UP_TO` per person on average) each person's are gathered side by side first
    (:func:`_check_in_gathered`); with many (every tie due every step, say) sorting them back
    into row order would cost more, and each person walks their row
    (:func:`_check_in_rows`).  Agents do not affect each other
    here, and every check-in of a type costs the same, so the time tally (the cost added once
    per check-in, as the Mesa engine adds it) is added up at the end.
    """
    alive, last_talk = ties[0], ties[2]
    due = 0
    for s in range(last_talk.size):
        due += (last_talk[s] <= t - checkin_after) & alive[s]
    args = (t, rule, budgets, strong_share, checkin_after, costs, employed, adj, ties)
    if 2 * due <= GATHER_UP_TO * adj[1].size:
        made = _check_in_gathered(*args, checkin_key, spent_by)
    else:
        made = _check_in_rows(*args, checkin_key, spent_by)
    tally = np.zeros(4)
    for kind in range(2):
        tally[kind] = made[kind]
        total = 0.0
        for _ in range(made[kind]):  # one addition per check-in, as agent by agent
            total += costs[kind]
        tally[2 + kind] = total
    return tally


@numba.njit(cache=True)
def strengthen_or_fade(t, dynamics, talk_key, ties, rules, curve):
    """``WeakTiesModel.strengthen_or_fade_ties``, first part: every present tie's strength.

    For every present tie (in any order: each slot is on its own): note whether its pair talked,
    move its strength (grown if they talked, else faded by its type's half-life) and set its
    contact rate from the new strength.  Types, events and dissolving are :func:`tie_events`.
    Written without branches on the coin flips (both outcomes computed, one selected) and over
    32-bit columns, so that the loop vectorises: a mispredicted branch per tie cost more than
    all the arithmetic.  Every slot is stored to (a free one gets its old values back): stores
    under the ``alive`` mask compiled to masked vector stores, which are slow on AMD cores.

    Parameters
    ----------
    t : int
        The step.
    dynamics : bool
        Whether strengths move (else only ``last_talk`` is noted).
    talk_key : uint64
        Key of the step's ``talk`` uniforms.
    ties : tuple of arrays (slots,)
        ``(alive, tie, strength, contact_rate, last_talk, last_checkin)``; updated.
    rules : tuple of float
        ``(growth, keep strong, keep weak, promote_at, demote_below, dissolve_below)``.
    curve : tuple of float
        ``ContactCurve.params``: ``(x1, m0, y1, m1)``.
    """
    alive, tie, strength, rate, last_talk, last_checkin = ties
    growth, keep_strong, keep_weak = rules[0], rules[1], rules[2]
    x1, m0, y1, m1 = curve
    for s in range(alive.size):
        here = alive[s]  # a free slot is computed too, and its old values written back
        talked = (last_checkin[s] == t) | (uniform_at(talk_key, s) < rate[s])
        last_talk[s] = t if here & talked else last_talk[s]
        if dynamics:
            old = np.float64(strength[s])
            grown = old + growth * (1.0 - old)
            faded = old * (keep_strong if tie[s] == TIE_STRONG else keep_weak)
            stored = np.float32(grown if talked else faded)
            value = np.float64(stored)
            below = value * m0
            above = y1 + (value - x1) * m1
            new_rate = np.float32(min(1.0, below if value < x1 else above))
            strength[s] = stored if here else strength[s]
            rate[s] = new_rate if here else rate[s]


@numba.njit(cache=True)
def _block_has_event(lo, hi, alive, tie, strength, bounds):
    """Whether a present tie among slots ``lo:hi`` dissolves, is promoted or is demoted.

    ``bounds`` are :func:`float32_bounds` of ``(promote_at, demote_below, dissolve_below)``:
    compared with them in 32 bits, as stored, the loop vectorises four times wider than in
    64 bits, and finds the same ties.
    """
    promote_at, demote_below, dissolve_below = bounds
    present, kinds, values = alive[lo:hi], tie[lo:hi], strength[lo:hi]
    found = 0
    for k in range(present.size):  # no branches; indices from 0 (numba then sees they are not
        value = values[k]  # negative, needing no wraparound): the loop vectorises
        weak = kinds[k]  # TIE_WEAK is 1, TIE_STRONG 0
        event = np.int32(value < dissolve_below) | (weak & np.int32(value >= promote_at))
        event |= (1 - weak) & np.int32(value < demote_below)
        found += np.int32(present[k]) & event
    return found > 0


def float32_bounds(*bounds: float) -> tuple[np.float32, ...]:
    """Each bound ``b`` as the least float32 ``c >= b``: ``x < b`` iff ``x < c``, ``x`` a float32.

    ``x < b`` is compared in float64 and ``x < c`` in float32.  If ``b`` is a float32,
    ``c = b``; else ``x < b`` iff ``x`` is at most the float32 below ``b``, iff ``x < c``.
    """
    out = []
    for bound in bounds:
        c = np.float32(bound)
        if float(c) < bound:
            c = np.nextafter(c, np.float32(np.inf))
        out.append(c)
    return tuple(out)


@numba.njit(cache=True)
def tie_events(t, dynamics, count, ties, rules, bounds, log, dissolved, totals, start):
    """``WeakTiesModel.strengthen_or_fade_ties``, second part: types, events, the floor.

    For the present ties in slot order, from ``start`` on: a tie below ``dissolve_below`` is
    listed to dissolve, a weak one at ``promote_at`` turns strong, a strong one below
    ``demote_below`` turns weak, each event logged; the ties that stay are counted and their
    strengths summed.  Events are few (a handful a step among tens of thousands of ties), so
    the slots go by blocks of :data:`BLOCK`: a block is first checked for any event in a loop
    that vectorises, and only a block with one is walked tie by tie.  Stops before a block
    with an event when the event log has no room for one per slot of the block: the caller
    makes room and calls again from the slot returned (nothing of that block has changed yet).

    Parameters
    ----------
    t : int
        The step.
    dynamics : bool
        Whether strengths move (else the ties are only counted).
    count : bool
        Whether to count the ties and sum their strengths (else ``totals`` is left alone).
    ties : tuple of arrays (slots,)
        ``(alive, tie, strength, u, v)``; ``tie`` updated.
    rules : tuple of float
        ``(growth, keep strong, keep weak, promote_at, demote_below, dissolve_below)``.
    bounds : tuple of float32
        :func:`float32_bounds` of ``(promote_at, demote_below, dissolve_below)``.
    log : tuple
        ``(ints, strength, used)``: the ``TieEvents`` arrays and the rows used.
    dissolved : tuple
        ``(slots, count)``: an int64 array (one entry per slot) filled with the slots of ties
        that dissolve, and how many it holds so far.
    totals : float64 array (4,)
        The ties present per Tie value, then their summed strength per Tie value (added in slot
        order), added to (zero it before the first call of a step).
    start : int
        The first slot to look at (a multiple of :data:`BLOCK`).

    Returns
    -------
    (int, int, int)
        Rows of the event log used, ties dissolved so far, and the slot to go on from (the
        number of slots when done).
    """
    alive, tie, strength, slot_u, slot_v = ties
    promote_at, demote_below, dissolve_below = rules[3], rules[4], rules[5]
    ints, logged, used = log
    gone_slots, gone = dissolved
    strong, weak = int(totals[TIE_STRONG]), int(totals[TIE_WEAK])
    strong_total, weak_total = totals[2 + TIE_STRONG], totals[2 + TIE_WEAK]  # in slot order
    stop = alive.size
    for lo in range(start, alive.size, BLOCK):
        hi = min(lo + BLOCK, alive.size)
        walk = dynamics and _block_has_event(lo, hi, alive, tie, strength, bounds)
        if walk and used + (hi - lo) > ints.shape[0]:  # no room for the block's events
            stop = lo
            break
        if not walk:  # no event: the block's ties are only counted
            if count:
                here, kinds, values = alive[lo:hi], tie[lo:hi], strength[lo:hi]
                strong, weak, strong_total, weak_total = _count(
                    here, kinds, values, strong, weak, strong_total, weak_total
                )
            continue
        for s in range(lo, hi):
            if not alive[s]:
                continue
            kind = tie[s]
            value = np.float64(strength[s])
            event = -1
            after = kind
            if value < dissolve_below:
                event, after = DISSOLVED, NO_TIE
            elif kind == TIE_WEAK and value >= promote_at:
                event, after = PROMOTED, TIE_STRONG
            elif kind == TIE_STRONG and value < demote_below:
                event, after = DEMOTED, TIE_WEAK
            if event >= 0:
                ints[used, 0] = t
                ints[used, 1] = s
                ints[used, 2] = slot_u[s]
                ints[used, 3] = slot_v[s]
                ints[used, 4] = event
                ints[used, 5] = kind
                ints[used, 6] = after
                logged[used] = value
                used += 1
                if event == DISSOLVED:
                    gone_slots[gone] = s
                    gone += 1
                    continue
                tie[s] = after
                kind = after
            if not count:
                continue
            if kind == TIE_STRONG:
                strong += 1
                strong_total += value
            else:
                weak += 1
                weak_total += value
    totals[TIE_STRONG] = strong
    totals[TIE_WEAK] = weak
    totals[2 + TIE_STRONG] = strong_total
    totals[2 + TIE_WEAK] = weak_total
    return used, gone, stop


@numba.njit(cache=True, inline="always")
def _count(alive, tie, strength, strong, weak, strong_total, weak_total):
    """Add the present ties per Tie value and their strengths (in slot order) to the totals.

    Strengths are added in float64 one after another, as :func:`tie_dynamics.sequential_sum`
    adds them, so the sums are the same to the last bit.  Call it with arrays (or slices)
    indexed from 0: numba then knows no index is negative and needs no wraparound check.
    """
    for s in range(alive.size):  # the sums in locals: in an array, each waited on a store
        if alive[s]:
            value = np.float64(strength[s])
            if tie[s] == TIE_STRONG:
                strong += 1
                strong_total += value
            else:
                weak += 1
                weak_total += value
    return strong, weak, strong_total, weak_total


@numba.njit(cache=True)
def count_ties(alive, tie, strength, start, totals):
    """``tie_dynamics.tie_totals`` compiled, from slot ``start`` on, added to ``totals``.

    ``totals`` (float64, 4) holds the ties present per Tie value, then their summed strengths,
    over the slots before ``start`` (zeros with ``start`` 0); the slots from ``start`` on are
    added in order, so the sums are those of one pass over every slot, to the last bit.
    """
    counted = _count(
        alive[start:],
        tie[start:],
        strength[start:],
        np.int64(totals[TIE_STRONG]),
        np.int64(totals[TIE_WEAK]),
        totals[2 + TIE_STRONG],
        totals[2 + TIE_WEAK],
    )
    totals[TIE_STRONG], totals[TIE_WEAK] = counted[0], counted[1]
    totals[2 + TIE_STRONG], totals[2 + TIE_WEAK] = counted[2], counted[3]
