"""The listen and adopt phases of trends as compiled kernels (numba), for the array engine.

:class:`tiesim.engines.array_trends.Trends` calls :func:`listen` and then :func:`adopt`.
They apply, to all agents at once, the rules of
``Person.listen_to_trends`` and ``Person.adopt_trends`` (``tiesim.model.agents``), which
``WeakTiesModel.spread_trends`` runs one phase after the other: everyone listens, then everyone
adopts (so what is adopted today is mentioned from tomorrow on).

The state has one row per followed item, in order of creation (the Mesa engine's ``items``):

- ``adopted[row, agent]``: whether the agent adopted the item;
- ``told[row, agent]``: distinct contacts who told the agent of the item, counted up to the
  adoption threshold ``T`` (adopting asks only "at least T?" and "at least one?");
- ``tellers[row, agent, :T - 1]``: the first ``T - 1`` of those contacts.  An agent told by
  ``T`` distinct contacts adopts in the same step's adopt phase, so an agent still listening
  was told by at most ``T - 1``: remembering them is enough to count distinct tellers exactly,
  as the Mesa engine's ``told_by`` sets do.
"""

from __future__ import annotations

import numba
import numpy as np

from tiesim.engines.kernels_sets import TRENDS, grow, has_room, renewed, set_place
from tiesim.engines.kernels_streams import uniform_at

BITS = 64  # items followed up to which ``adopted_bits`` has one bit per item row


@numba.njit(cache=True)
def _doubled(keys, used):
    """A copy of ``keys[:used]`` with twice the room."""
    bigger = np.empty(2 * keys.size, np.int64)
    bigger[:used] = keys[:used]
    return bigger


@numba.njit(cache=True)
def listen(
    adopted,
    told,
    tellers,
    adopted_count,
    adopted_bits,
    item_origin,
    adj,
    ties,
    t,
    talk,
    mention,
    transmission,
    origins,
    fresh,
):
    """``Person.listen_to_trends`` for everyone; returns ``(origin_table, fresh, used)``.

    Seen from the senders' side (the Mesa engine loops over receivers; the order does not
    matter, as counts and sets do not depend on it): an agent who adopted items talks with
    each contact whose tie is active today (``talk`` uniform of the slot below its contact rate)
    and mentions its items if its ``mention`` uniform for that tie and direction (``talk`` and
    ``mention`` are ``Uniforms`` keys) is below ``transmission``
    (``WeakTiesModel.mention``).  A receiver who has not adopted an item notes the sender
    among its tellers and hears from the item's community of origin.

    ``adj`` is the adjacency ``(indptr, degree, neighbor, slot)``; ``ties`` the tie table's
    ``(contact_rate, u, last_checkin)`` columns and whether people check in on ties (then a
    tie checked in on at step ``t`` is active whatever its ``talk`` number); ``origins`` the
    information-diversity set ``(community, C, own, counts, table, own_steps, recent)`` of
    :class:`~tiesim.engines.array_graph.OriginsSet` (a receiver told of an item for the first
    time hears of it now: news of kind ``TRENDS``; ``kernels_sets.add_origins``).
    ``fresh`` collects the keys ``row * n + receiver`` whose count rose (``used`` of them):
    the candidates to adopt.
    """
    indptr, degree, neighbor, entry_slot = adj
    rate, slot_u, last_checkin, checkins = ties
    community, num_communities, own, origin_counts, origin_table, own_steps, recent = origins
    items, n = adopted.shape
    threshold = tellers.shape[2] + 1
    used = 0
    use_bits = items <= BITS
    none = np.uint64(0)
    for sender in range(n):
        if adopted_count[sender] == 0:  # nothing to mention
            continue
        mine = adopted_bits[sender]
        for entry in range(indptr[sender], indptr[sender] + degree[sender]):
            receiver = neighbor[entry]
            if use_bits:
                if mine & ~adopted_bits[receiver] == none:  # nothing the receiver lacks
                    continue
            elif adopted_count[receiver] == items:  # has adopted them all: nothing is new
                continue
            slot = entry_slot[entry]
            checked = checkins and last_checkin[slot] == t
            if not checked and uniform_at(talk, slot) >= rate[slot]:  # no talk today
                continue
            direction = 0 if sender == slot_u[slot] else 1
            if uniform_at(mention, 2 * slot + direction) >= transmission:  # not of trends
                continue
            for row in range(items):  # other.adopted - self.adopted
                if not adopted[row, sender] or adopted[row, receiver]:
                    continue
                count = told[row, receiver]
                if count == 0:  # first told: note where it came from (kernels_sets.add_origins,
                    # written out: a call that passes arrays costs more than this does)
                    origin = item_origin[row]
                    if origin == community[receiver]:
                        if not own[receiver]:
                            own[receiver] = True
                            origin_counts[0] += 1
                        own_steps[receiver] = renewed(own_steps[receiver], TRENDS, t, recent)
                    else:
                        if not has_room(origin_table, origin_counts[1]):
                            origin_table = grow(origin_table)
                        key = receiver * num_communities + origin
                        place, new = set_place(origin_table, key)
                        origin_counts[1] += new
                        origin_table[place, 1] = renewed(origin_table[place, 1], TRENDS, t, recent)
                # note the sender among the receiver's tellers if it is a new one; an agent
                # told by `threshold` contacts adopts this step whatever else is said
                if count >= threshold:
                    continue
                repeated = False
                for k in range(count):
                    repeated |= tellers[row, receiver, k] == sender
                if repeated:
                    continue
                if count < threshold - 1:
                    tellers[row, receiver, count] = sender
                told[row, receiver] = count + 1
                if used == fresh.size:
                    fresh = _doubled(fresh, used)
                fresh[used] = row * n + receiver
                used += 1
    return origin_table, fresh, used


@numba.njit(cache=True)
def _adopt(row, agent, adopted, adopted_count, adopted_bits, adopters, reached, community):
    """``Person.adopt`` and ``WeakTiesModel.tally_adoption``."""
    adopted[row, agent] = True
    adopted_count[agent] += 1
    if row < BITS:
        adopted_bits[agent] |= np.uint64(1) << np.uint64(row)
    adopters[row] += 1
    reached[row, community[agent]] = True


@numba.njit(cache=True)
def adopt(
    adopted,
    told,
    threshold,
    below,
    below_threshold,
    fresh,
    used,
    adopted_count,
    adopted_bits,
    adopters,
    reached,
    community,
):
    """``Person.adopt_trends`` for everyone: adopt at ``threshold`` tellers, or below by chance.

    ``below`` holds one uniform per (item row, agent) when ``below_threshold > 0`` (else it is
    empty): then every agent told of an item it has not adopted may adopt.  Without it only a
    count that rose this step can newly reach the threshold, so only the ``fresh`` candidates
    (``used`` keys ``row * n + agent``, possibly repeated) are looked at.
    """
    n = adopted.shape[1]
    if below.size == 0:
        for k in range(used):
            row, agent = fresh[k] // n, fresh[k] % n
            if not adopted[row, agent] and told[row, agent] >= threshold:
                _adopt(
                    row, agent, adopted, adopted_count, adopted_bits, adopters, reached, community
                )
        return
    for row in range(adopted.shape[0]):
        for agent in range(n):
            if adopted[row, agent] or told[row, agent] == 0:  # not told of it, or adopted
                continue
            if told[row, agent] >= threshold or below[row, agent] < below_threshold:
                _adopt(
                    row, agent, adopted, adopted_count, adopted_bits, adopters, reached, community
                )
