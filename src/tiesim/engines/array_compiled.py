"""The array engine's compiled backend: state buffers around the numba kernels.

:class:`CompiledJobs` runs the jobs phases of a step with one call of
:func:`tiesim.engines.kernels_jobs.jobs_step` and keeps the hire log; :class:`CompiledTrends`
runs the trends' listen and adopt phases with :mod:`tiesim.engines.kernels_trends`;
:class:`OriginsSet` is the set of (agent, origin community) pairs behind the
information-diversity metric, kept in a compiled hash set.  Importing this module imports
numba: the array engine does so only when its backend is ``"numba"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tiesim.config import TrendsConfig
from tiesim.engines.array_graph import Adjacency
from tiesim.engines.array_jobs import Leads
from tiesim.engines.array_trends import Trends
from tiesim.engines.kernels_jobs import (
    HIRE_AGENT,
    HIRE_EMBEDDED,
    HIRE_LEAD,
    HIRE_SPELL,
    HIRE_STEP,
    RULES,
    T_DELAY_COUNT,
    T_DELAY_TOTAL,
    T_DISCOVERED,
    T_HEARD,
    T_HIRES,
    T_LOOKING,
    T_LOSSES,
    T_SPELLS,
    TALLY_SIZE,
    jobs_step,
)
from tiesim.engines.kernels_sets import add_origins, new_set
from tiesim.engines.kernels_trends import adopt, listen
from tiesim.graphs.ties import SocialGraph
from tiesim.model.draws import StepDraws
from tiesim.model.metrics import StepTally

if TYPE_CHECKING:
    from tiesim.engines.array import ArrayModel


class OriginsSet:
    """Distinct (agent, origin community) pairs, as :class:`array_graph.OriginsHeard`.

    Hearing from one's own community is a flag per agent (``own``, ``counts[0]`` set); other
    pairs are keys ``agent * C + community`` in a compiled hash set (``counts[1]`` keys).
    """

    def __init__(self, community: np.ndarray, num_communities: int) -> None:
        self.community = community
        self.num_communities = max(num_communities, 1)
        self.own = np.zeros(len(community), bool)
        self.counts = np.zeros(2, np.int64)
        self.table = new_set(max(1024, len(community) // 8))

    def add(self, agents: np.ndarray, origins: np.ndarray) -> None:
        """Note that each ``agents[k]`` heard news from community ``origins[k]``."""
        self.table = add_origins(
            np.asarray(agents, np.int64),
            np.asarray(origins, np.int64),
            self.community,
            self.num_communities,
            self.own,
            self.counts,
            self.table,
        )

    def total(self) -> int:
        """Sum over agents of the number of distinct origin communities heard."""
        return int(self.counts[0] + self.counts[1])


def agent_leads(n: int, max_hops: int) -> Leads:
    """Empty leads for ``n`` agents, stored one row per agent (``block`` is a transposed view).

    The numpy code selects whole leads as columns of ``Leads.block``; the kernels read one
    agent's lead as one row.
    """
    table = np.ascontiguousarray(Leads.empty(n, max_hops).block.T)
    return Leads(table.T)


class CompiledJobs:
    """Buffers for the compiled jobs phases of :class:`ArrayModel` and its hire log.

    Parameters
    ----------
    model : ArrayModel
        The model whose state arrays (``employed``, ``lead`` …) the kernel updates in place.
    """

    def __init__(self, model: ArrayModel) -> None:
        n, jobs = model.n, model.jobs
        self.params = (RULES[jobs.passing], jobs.max_hops, jobs.lead_lifetime, jobs.job_loss)
        self.scratch = (
            np.zeros(n, bool),
            np.zeros(n, bool),
            np.full(n, -1, np.int64),
            np.zeros(n, np.int64),
        )
        self.leads = model.lead.block.T  # one row per agent (see agent_leads)
        self.offers = np.zeros_like(self.leads)
        self.log = np.zeros((max(64, n // 16), HIRE_LEAD + self.leads.shape[1]), np.int64)
        self.used = 0
        self.tally = np.zeros(TALLY_SIZE, np.int64)
        self.employed_by_community = np.zeros(len(model.community_size), np.int64)

    def _make_room(self, model: ArrayModel) -> None:
        """Grow the hire log to hold a hire of every agent looking for work now."""
        looking = int(model.n - np.count_nonzero(model.employed))
        if self.used + looking > len(self.log):
            bigger = np.zeros((2 * (self.used + looking), self.log.shape[1]), np.int64)
            bigger[: self.used] = self.log[: self.used]
            self.log = bigger

    def step(self, model: ArrayModel, draws: StepDraws) -> StepTally:
        """Run the jobs phases of step ``model.steps``; the step's tally (jobs part)."""
        adj, graph, origins = model.adjacency, model.graph, model.origins
        self._make_room(model)
        self.used, origins.table = jobs_step(
            model.steps,
            self.leads,
            model.employed,
            model.unemployed_since,
            model.heard_since_job_loss,
            model.community,
            (draws.talk.key, draws.arrival, draws.choice.key, draws.job_loss, draws.hot),
            model._arrival,
            self.params,
            adj.indptr,
            adj.neighbor,
            adj.slot,
            adj.contact_rate,
            graph.strength,
            graph.tie,
            self.scratch,
            self.offers,
            self.log,
            self.used,
            origins.own,
            origins.counts,
            origins.table,
            self.employed_by_community,
            self.tally,
        )
        counts = self.tally.tolist()
        return StepTally(
            step=model.steps,
            employed_by_community=self.employed_by_community,
            community_size=model.community_size,
            looking=counts[T_LOOKING],
            discovered=counts[T_DISCOVERED],
            leads_heard=counts[T_HEARD : T_HEARD + 3],
            hires=counts[T_HIRES : T_HIRES + 3],
            spell_total=counts[T_SPELLS],
            job_losses=counts[T_LOSSES],
            first_lead_delay_total=counts[T_DELAY_TOTAL],
            first_lead_count=counts[T_DELAY_COUNT],
        )

    def hire_columns(self) -> dict[str, np.ndarray]:
        """The logged hires as arrays (the keyword arguments of ``records.hire_table``)."""
        log = self.log[: self.used]
        lead = log[:, HIRE_LEAD:].T  # rows: Leads.FIELDS, then the path
        return {
            "step": log[:, HIRE_STEP],
            "agent": log[:, HIRE_AGENT],
            "spell": log[:, HIRE_SPELL],
            "embeddedness": log[:, HIRE_EMBEDDED],
            "lead_id": lead[0],
            "origin": lead[1],
            "born": lead[2],
            "hops": lead[3],
            "channel": lead[4],
            "slot": lead[5],
            "path": lead[6:].T,
        }


class CompiledTrends(Trends):
    """:class:`Trends` with the listen and adopt phases as compiled kernels (numba backend).

    Instead of the numpy class's sorted (receiver, teller) keys it remembers, per item and
    agent, the first ``threshold - 1`` tellers (``first_tellers``) and counts tellers up to
    ``threshold`` (``told``); see :mod:`tiesim.engines.kernels_trends` for why that suffices.
    It also keeps, per agent, the number of followed items adopted (``adopted_count``); with
    the items adopted as bits (``adopted_bits``, as the numpy class) the listen kernel skips
    pairs where the sender has nothing new for the receiver before anything else is looked up.
    """

    def __init__(
        self,
        config: TrendsConfig,
        graph: SocialGraph,
        adjacency: Adjacency,
        members: list[np.ndarray],
    ) -> None:
        super().__init__(config, graph, adjacency, members)
        self.adopted_count = np.zeros(self.n, np.int32)
        self.fresh = np.empty(1024, np.int64)  # this step's candidates to adopt (kernel buffer)
        self.used = 0

    def _row_arrays(self) -> dict[str, tuple[tuple[int, ...], type]]:
        return {**super()._row_arrays(), "first_tellers": ((self.n, self.threshold - 1), np.int32)}

    def _drop_oldest(self, count: int) -> None:
        self.adopted_count -= self.adopted[:count].sum(axis=0, dtype=np.int32)
        super()._drop_oldest(count)

    def _adopt(self, rows: np.ndarray, agents: np.ndarray) -> None:
        super()._adopt(rows, agents)
        np.add.at(self.adopted_count, agents, 1)

    def listen(self, draws: StepDraws, graph: SocialGraph, origins: OriginsSet) -> None:
        """Each talking pair mentions, in each direction, the items the sender adopted."""
        if not len(self.ids):
            return
        adj = self.adjacency
        origins.table, self.fresh, self.used = listen(
            self.adopted,
            self.told,
            self.first_tellers,
            self.adopted_count,
            self.adopted_bits,
            self.origin,
            (adj.indptr, adj.neighbor, adj.slot, adj.contact_rate, graph.u),
            draws.talk.key,
            draws.mention.key,
            self.config.transmission,
            (
                origins.community,
                origins.num_communities,
                origins.own,
                origins.counts,
                origins.table,
            ),
            self.fresh,
        )

    def adopt(self, below: np.ndarray) -> None:
        """Adopt items told of by at least ``threshold`` contacts, or below it by chance."""
        if not len(self.ids):
            return
        adopt(
            self.adopted,
            self.told,
            self.threshold,
            below,
            self.config.below_threshold,
            self.fresh,
            self.used,
            self.adopted_count,
            self.adopted_bits,
            self.adopters,
            self.reached,
            self.community,
        )
