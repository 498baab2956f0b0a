"""The listen and adopt phases of trends as compiled kernels (numba), for the array engine.

:class:`tiesim.engines.array_compiled.CompiledTrends` calls :func:`listen` and then
:func:`adopt` where the numpy backend's :class:`tiesim.engines.array_trends.Trends` uses
whole-array operations.  Both apply, to all agents at once, the rules of
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

from tiesim.engines.kernels_sets import add_origin
from tiesim.engines.kernels_streams import uniform_at


@numba.njit(cache=True, inline="always")
def _note_teller(told, tellers, row, receiver, sender, threshold):
    """Add ``sender`` to the receiver's tellers of item ``row``; whether the count rose."""
    count = told[row, receiver]
    if count >= threshold:  # told by enough already: adopts this step whatever else is said
        return False
    for k in range(count):
        if tellers[row, receiver, k] == sender:  # told before by the same contact
            return False
    if count < threshold - 1:
        tellers[row, receiver, count] = sender
    told[row, receiver] = count + 1
    return True


@numba.njit(cache=True)
def _append(keys, used, key):
    """Append ``key`` to the growing array ``keys`` (``used`` filled); returns both."""
    if used == keys.size:
        bigger = np.empty(2 * keys.size, np.int64)
        bigger[:used] = keys[:used]
        keys = bigger
    keys[used] = key
    return keys, used + 1


@numba.njit(cache=True)
def listen(
    adopted,
    told,
    tellers,
    adopted_count,
    item_origin,
    ties,
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

    ``ties`` is the CSR adjacency ``(indptr, neighbor, slot, contact_rate)`` and the ties' ``u``
    end; ``origins`` the information-diversity set ``(community, C, own, counts, table)`` of
    :class:`~tiesim.engines.array_compiled.OriginsSet`.  ``fresh`` collects the keys
    ``row * n + receiver`` whose count rose (``used`` of them): the candidates to adopt.
    """
    indptr, neighbor, entry_slot, entry_rate, slot_u = ties
    community, num_communities, own, origin_counts, origin_table = origins
    items, n = adopted.shape
    threshold = tellers.shape[2] + 1
    used = 0
    for sender in range(n):
        if adopted_count[sender] == 0:  # nothing to mention
            continue
        for entry in range(indptr[sender], indptr[sender + 1]):
            receiver = neighbor[entry]
            if adopted_count[receiver] == items:  # has adopted them all: nothing is new
                continue
            slot = entry_slot[entry]
            if uniform_at(talk, slot) >= entry_rate[entry]:  # the pair does not talk today
                continue
            direction = 0 if sender == slot_u[slot] else 1
            if uniform_at(mention, 2 * slot + direction) >= transmission:  # not of trends
                continue
            for row in range(items):  # other.adopted - self.adopted
                if not adopted[row, sender] or adopted[row, receiver]:
                    continue
                if told[row, receiver] == 0:  # first told of it: note where it came from
                    origin_table = add_origin(
                        receiver,
                        item_origin[row],
                        community,
                        num_communities,
                        own,
                        origin_counts,
                        origin_table,
                    )
                if _note_teller(told, tellers, row, receiver, sender, threshold):
                    fresh, used = _append(fresh, used, row * n + receiver)
    return origin_table, fresh, used


@numba.njit(cache=True, inline="always")
def _adopt(row, agent, adopted, adopted_count, adopters, reached, community):
    """``Person.adopt`` and ``WeakTiesModel.tally_adoption``."""
    adopted[row, agent] = True
    adopted_count[agent] += 1
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
                _adopt(row, agent, adopted, adopted_count, adopters, reached, community)
        return
    for row in range(adopted.shape[0]):
        for agent in range(n):
            if adopted[row, agent] or told[row, agent] == 0:  # not told of it, or adopted
                continue
            if told[row, agent] >= threshold or below[row, agent] < below_threshold:
                _adopt(row, agent, adopted, adopted_count, adopters, reached, community)
