"""The jobs part of one step as a single compiled kernel (numba), for the array engine.

:func:`jobs_step` runs the phases of :meth:`tiesim.model.model.WeakTiesModel.step` that move job
leads, in order, each over all agents before the next (updates are synchronous, exactly as the
Mesa engine runs them; see ``tiesim.model.agents`` for the rules):

1. ``Person.start_step``       note who is looking; forget leads whose opening has closed
2. ``Person.hear_opening``     direct arrivals (a fresh lead always beats the one held)
3. ``Person.use_own_lead``     job seekers holding a lead take the job
4. ``Person.pass_lead``        holders tell one contact who talks to them today (one who asked
                               them for an informational interview first)
5. ``Person.consider_offers``  receivers take the best offer, or keep it if it beats theirs
6. ``Person.maybe_lose_job``   employed agents (new hires too) may lose their job

Leads are rows of an ``int64`` table, one row per agent (a lead's fields together), columns
``ID .. TIE_FORMED`` (the fields of :class:`tiesim.model.leads.Lead`) then the path.  Passed leads
wait in a second table (the agents' inboxes, reduced to the best offer per receiver, which is
all ``consider_offers`` keeps).  Hires are appended to a log, one row per hire (``HIRE_*``
columns, then the lead), which the caller grows before each step.

Written for speed, in ways the Mesa engine does not need: small helpers such as
``Person.hear`` are written out inside the loops (a numba call that passes arrays costs more
than the few operations it does); counts are kept in local variables; and a holder whose
lead cannot travel further looks up the numbers of its job-seeking contacts' ties only (the
numbers are looked up by index, so skipping some changes no other); and phase 4 fetches the
rows of the holder a few turns ahead into cache (:mod:`tiesim.engines.kernels_prefetch`)
while it works on the current one, since at 100,000 agents each holder's rows are otherwise
a wait on memory.
"""

from __future__ import annotations

import numba
import numpy as np

from tiesim.engines.kernels_prefetch import prefetch
from tiesim.engines.kernels_sets import NEWS, grow, has_room, renewed, set_place
from tiesim.engines.kernels_streams import uniform_at

# columns of a lead table (the fields of tiesim.model.leads.Lead)
ID, ORIGIN, BORN, HOPS, CHANNEL, SLOT, TIE_FORMED, PATH = 0, 1, 2, 3, 4, 5, 6, 7
DIRECT, STRONG, WEAK, INTERVIEW = 0, 1, 2, 3  # Channel values
TIE_STRONG = 0  # Tie.STRONG
RULES = {"random": 0, "strongest": 1, "weakest": 2}
AHEAD = 4  # pass_lead: holders ahead whose rows are fetched early (kernels_prefetch)

# columns of the hire log, followed by the lead's columns
HIRE_STEP, HIRE_AGENT, HIRE_SPELL, HIRE_EMBEDDED, HIRE_LEAD = 0, 1, 2, 3, 4

# entries of the tally array
T_LOOKING, T_DISCOVERED, T_HEARD, T_HIRES = 0, 1, 2, 6  # T_HEARD, T_HIRES: 4 channels each
T_SPELLS, T_LOSSES, T_DELAY_TOTAL, T_DELAY_COUNT, T_EMPLOYED = 10, 11, 12, 13, 14
TALLY_SIZE = 15


@numba.njit(cache=True)
def _better(born_a: int, hops_a: int, id_a: int, born_b: int, hops_b: int, id_b: int) -> bool:
    """Lead a is better than lead b (``Lead.rank``: freshest, fewest hops, lowest id)."""
    if born_a != born_b:
        return born_a > born_b
    if hops_a != hops_b:
        return hops_a < hops_b
    return id_a < id_b


@numba.njit(cache=True)
def _ranks_before(a: np.ndarray, i: int, b: np.ndarray, j: int) -> bool:
    """Lead ``a[i]`` is better than ``b[j]`` (rows of lead tables)."""
    return _better(a[i, BORN], a[i, HOPS], a[i, ID], b[j, BORN], b[j, HOPS], b[j, ID])


@numba.njit(cache=True)
def common_neighbors(adj, a: int, b: int) -> int:
    """Contacts shared by agents ``a`` and ``b`` (rows are sorted: a merge of the two)."""
    indptr, degree, neighbor = adj[0], adj[1], adj[2]
    i, i_end = indptr[a], indptr[a] + degree[a]
    j, j_end = indptr[b], indptr[b] + degree[b]
    shared = 0
    while i < i_end and j < j_end:
        x, y = neighbor[i], neighbor[j]
        if x == y:
            shared += 1
            i += 1
            j += 1
        elif x < y:
            i += 1
        else:
            j += 1
    return shared


@numba.njit(cache=True)
def _record_hire(hire_log, used, t, agent, leads, k, unemployed_since, adj, ties, tally):
    """``WeakTiesModel.record_hire``: count and log the hire of ``agent`` via ``leads[k]``.

    Writes row ``used`` of the log: the hire, the lead, and the embeddedness, strength and
    contact rate of the tie the lead came over (at hire time; NaN if that tie has gone and its
    slot holds a newer tie).
    """
    log, log_f = hire_log
    if used >= log.shape[0]:  # the caller sizes the log (CompiledJobs._make_room)
        raise IndexError("hire log full")
    spell = t - unemployed_since[agent]
    channel = leads[k, CHANNEL]
    embedded = -1
    if channel != DIRECT:
        sender = leads[k, PATH + leads[k, HOPS] - 1]
        embedded = common_neighbors(adj, sender, agent)
        slot = leads[k, SLOT]
        same = ties[5][slot] == leads[k, TIE_FORMED]  # the tie the lead came over is still there
        log_f[used, 0] = ties[1][slot] if same else np.nan
        log_f[used, 1] = ties[0][slot] if same else np.nan
    else:
        log_f[used, 0] = np.nan
        log_f[used, 1] = np.nan
    tally[T_HIRES + channel] += 1
    tally[T_SPELLS] += spell
    log[used, HIRE_STEP] = t
    log[used, HIRE_AGENT] = agent
    log[used, HIRE_SPELL] = spell
    log[used, HIRE_EMBEDDED] = embedded
    for row in range(leads.shape[1]):
        log[used, HIRE_LEAD + row] = leads[k, row]


@numba.njit(cache=True)
def jobs_step(
    t,
    lead,
    agents,
    counters,
    community,
    draws,
    arrival_p,
    params,
    adj,
    ties,
    scratch,
    offers,
    hire_log,
    used,
    origins,
    employed_by_community,
    tally,
):
    """One step's jobs phases over all agents; returns ``(used, origin_table)``.

    Parameters
    ----------
    t : int
        The step (``model.steps``).
    lead : int64 array (n, fields)
        The lead each agent holds (``ID`` -1: none); updated.
    agents : tuple of arrays (n,)
        Per-agent state ``(employed, unemployed_since, heard_since)``; updated.
    counters : tuple of arrays
        Per-agent counts over the run, ``(leads heard (n, 3) by channel, job losses (n,))``;
        updated.
    community : int array (n,)
        Community of each agent.
    draws : tuple
        ``(talk key, arrival, choice key, job_loss, hot)`` from ``draw_step`` (the keys of
        its ``Uniforms``; ``hot``: bool per community, True where there is demand this step).
    arrival_p : tuple of float
        Direct-arrival probability outside and inside the communities with demand.
    params : tuple of int
        ``(passing rule code, max_hops, lead_lifetime)`` and ``job_loss`` last (float).
    adj : tuple of arrays
        The adjacency ``(indptr, degree, neighbor, slot)``: agent ``i``'s contacts, sorted, at
        ``indptr[i] : indptr[i] + degree[i]``, with each entry's tie slot.
    ties : tuple of arrays (slots,)
        ``(contact_rate, strength, tie, last_checkin, last_asked, formed)`` of each tie slot, then
        ``checkins``: whether people check in on ties or ask for interviews (then a tie checked
        in on at step ``t`` is active whatever its ``talk`` number; otherwise ``last_checkin``
        is not read), and ``interviews``: whether job seekers ask for interviews (then a lead
        goes first to a job seeker who asked its holder at step ``t``, by ``last_asked``).
    scratch : tuple of arrays (n,)
        ``(looking, heard_today, best_offer, contacts, holders, askers)`` work space.
    offers : int64 array (n, fields)
        Work space for the leads passed this step.
    hire_log, used : (int64 array (rows, columns), float64 array (rows, 2)), int
        The hire log (integer columns; tie strength and contact rate) and its number of rows;
        it must have room for a hire of every agent looking for work (``CompiledJobs`` grows
        it before the call).
    origins : tuple
        ``(own, counts, table, own_steps, recent)``: the (agent, origin community) pairs heard
        and when each was last heard of (see ``kernels_sets.add_origins``; leads are news of
        kind ``NEWS``).
    employed_by_community : int64 array (C,)
        Set to the number of employed agents per community at the end of the step.
    tally : int64 array (TALLY_SIZE,)
        Set to the step's counts.
    """
    talk, arrival, choice, job_loss, hot = draws
    employed, unemployed_since, heard_since = agents
    leads_heard, losses_by = counters
    indptr, degree, neighbor, entry_slot = adj
    rate, strength, tie, last_checkin, last_asked, formed, checkins, interviews = ties
    own, origin_counts, origin_table, own_steps, recent = origins
    outside, inside = arrival_p
    rule, max_hops, lifetime, loss = params
    looking, heard_today, best_offer, contacts, holders, askers = scratch
    n = employed.size
    num_communities = employed_by_community.size
    tally[:] = 0
    # counts kept in locals while looping (Person.hear: delays to a spell's first lead)
    seekers_now = direct = delay_total = delay_count = held = newly = 0
    pending, active, window = recent
    mask = pending.shape[1] - 1  # step s counts in column s & mask of pending

    # 1.-3. per agent, nobody else involved: start_step (who is looking; a lead whose opening
    # has closed is forgotten), hear_opening (a fresh lead beats any lead held), use_own_lead
    # (job seekers holding a lead take the job).  (Helpers are written out in the loops:
    # numba calls that pass arrays cost more than the work they do here.)
    for i in range(n):
        looking[i] = not employed[i]
        seekers_now += looking[i]
        heard_today[i] = False
        best_offer[i] = -1
        if lead[i, ID] >= 0 and t - lead[i, BORN] >= lifetime:
            lead[i, ID] = -1
        chance = inside if hot[community[i]] else outside
        if arrival[i] < chance:
            direct += 1
            leads_heard[i, DIRECT] += 1
            if looking[i] and not heard_since[i]:  # Person.hear
                delay_total += t - unemployed_since[i]
                delay_count += 1
            heard_since[i] = True
            heard_today[i] = True
            if not own[i]:  # a direct lead comes from one's own community
                own[i] = True
                origin_counts[0] += 1
            # kernels_sets.renewed, written out: nobody heard news before this phase, so the
            # pair's step is earlier than t, and the counts are added once, after the loop
            steps = own_steps[i]
            last_heard = steps & 0xFFFFFFFF  # NEWS: the low 32 bits
            if last_heard != 0 and last_heard > t - window:
                pending[NEWS, last_heard & mask] -= 1
            else:
                newly += 1
            own_steps[i] = (steps & ~0xFFFFFFFF) | t
            lead[i, ID] = t * n + i
            lead[i, ORIGIN] = community[i]
            lead[i, BORN] = t
            lead[i, HOPS] = 0
            lead[i, CHANNEL] = DIRECT
            lead[i, SLOT] = -1
            lead[i, TIE_FORMED] = -1
            lead[i, PATH] = i
        if looking[i] and lead[i, ID] >= 0:  # Person.use_own_lead
            _record_hire(hire_log, used, t, i, lead, i, unemployed_since, adj, ties, tally)
            used += 1
            employed[i] = True
            lead[i, ID] = -1
        elif lead[i, ID] >= 0 and lead[i, HOPS] < max_hops:  # will pass it on (4.)
            holders[held] = i
            held += 1

    pending[NEWS, t & mask] += direct
    active[NEWS] += newly

    # 4. pass_lead: holders tell one of today's contacts, a job seeker if there is one (the
    # holders were listed in agent order above: phases 1-3 change no other agent's state)
    passed = 0
    rows, width = lead.reshape(-1), lead.shape[1]
    for h in range(held):
        if h + AHEAD < held:  # the lead and contacts of a holder a few turns on: fetch them now
            ahead = holders[h + AHEAD]
            prefetch(rows, ahead * width)
            prefetch(neighbor, indptr[ahead])
            prefetch(entry_slot, indptr[ahead])
        i = holders[h]
        hops = lead[i, HOPS]
        # today's contacts (the tie is active), job seekers listed from the front of
        # `contacts` and the others from the back, each in increasing agent number; when the
        # lead may not travel further only job seekers matter, so only their ties' numbers
        # are looked up (they are looked up by index: skipping some changes no other)
        relay = hops + 1 < max_hops
        seekers = others = asked = 0
        for e in range(indptr[i], indptr[i] + degree[i]):
            seeker = looking[neighbor[e]]
            if seeker or relay:
                tie_slot = entry_slot[e]
                active = (checkins and last_checkin[tie_slot] == t) or uniform_at(
                    talk, tie_slot
                ) < rate[tie_slot]
            else:
                active = False
            if active:
                if seeker and interviews and last_asked[entry_slot[e]] == t:
                    askers[asked] = e  # asked me for an interview: told first
                    asked += 1
                if seeker:
                    contacts[seekers] = e
                    seekers += 1
                else:
                    contacts[n - 1 - others] = e
                    others += 1
        if asked:
            for k in range(asked):
                contacts[k] = askers[k]
            first, step, count = 0, 1, asked
        elif seekers:
            first, step, count = 0, 1, seekers
        elif others and relay:
            first, step, count = n - 1, -1, others
        else:
            continue
        # Person.choose: the int(choice * k)-th of k candidates, or the first tie of greatest
        # (strongest) or least (weakest) strength
        if rule == 0:
            chosen = contacts[first + step * int(uniform_at(choice, i) * count)]
        else:
            chosen = contacts[first]
            extreme = strength[entry_slot[chosen]]
            for k in range(1, count):
                e = contacts[first + step * k]
                s = strength[entry_slot[e]]
                if (s > extreme) if rule == 1 else (s < extreme):
                    chosen, extreme = e, s
        receiver, slot = neighbor[chosen], entry_slot[chosen]
        # Lead.passed: one more hop, over this tie; the sender no longer holds it
        for row in range(lead.shape[1]):
            offers[passed, row] = lead[i, row]
        offers[passed, PATH + hops + 1] = receiver
        offers[passed, HOPS] = hops + 1
        offers[passed, SLOT] = slot
        offers[passed, TIE_FORMED] = formed[slot]
        channel = STRONG if tie[slot] == TIE_STRONG else WEAK
        if asked:
            channel = INTERVIEW
        offers[passed, CHANNEL] = channel
        lead[i, ID] = -1
        # the receiver hears of it now (consider_offers, first half: counts and origins)
        if looking[receiver] and not heard_since[receiver]:  # Person.hear
            delay_total += t - unemployed_since[receiver]
            delay_count += 1
        heard_since[receiver] = True
        heard_today[receiver] = True
        tally[T_HEARD + channel] += 1
        leads_heard[receiver, channel] += 1
        origin = offers[passed, ORIGIN]  # kernels_sets.add_origins, written out (see above)
        if origin == community[receiver]:
            if not own[receiver]:
                own[receiver] = True
                origin_counts[0] += 1
            own_steps[receiver] = renewed(own_steps[receiver], NEWS, t, recent)
        else:
            if not has_room(origin_table, origin_counts[1]):
                origin_table = grow(origin_table)
            place, new = set_place(origin_table, receiver * num_communities + origin)
            origin_counts[1] += new
            origin_table[place, 1] = renewed(origin_table[place, 1], NEWS, t, recent)
        best = best_offer[receiver]
        if best < 0 or _ranks_before(offers, passed, offers, best):
            best_offer[receiver] = passed
        passed += 1

    # 5. consider_offers: in agent order, take the best offer, or keep it if it beats mine;
    # 6. maybe_lose_job: employed agents, this step's hires too.  Both involve nobody else,
    # so one pass does them agent by agent.
    employed_by_community[:] = 0
    losses = employed_now = discovered = 0
    # the employed are counted in runs of one community (members are often neighbours in
    # agent order), each run added once: adding one per agent waited on the last addition
    run_community, run = -1, 0
    for i in range(n):
        k = best_offer[i]
        if k >= 0:
            if not employed[i]:
                _record_hire(hire_log, used, t, i, offers, k, unemployed_since, adj, ties, tally)
                used += 1
                employed[i] = True
            elif lead[i, ID] < 0 or _ranks_before(offers, k, lead, i):
                for row in range(lead.shape[1]):
                    lead[i, row] = offers[k, row]
        if employed[i] and job_loss[i] < loss:
            employed[i] = False
            losses += 1
            losses_by[i] += 1
            unemployed_since[i] = t
            heard_since[i] = False
        if employed[i]:
            c = community[i]
            if c != run_community:
                if run:
                    employed_by_community[run_community] += run
                run_community, run = c, 0
            run += 1
            employed_now += 1
        discovered += looking[i] and heard_today[i]
    if run:
        employed_by_community[run_community] += run
    tally[T_LOOKING] = seekers_now
    tally[T_HEARD + DIRECT] = direct
    tally[T_DELAY_TOTAL] = delay_total
    tally[T_DELAY_COUNT] = delay_count
    tally[T_LOSSES] = losses
    tally[T_EMPLOYED] = employed_now
    tally[T_DISCOVERED] = discovered
    return used, origin_table
