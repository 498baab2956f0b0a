"""Job leads for the array engine: the lead each agent holds, and the compiled jobs phases.

:class:`Leads` stores leads column-wise, one row per lead (``id == -1`` where an agent holds
none); :class:`CompiledJobs` runs the jobs phases of a step with one call of
:func:`tiesim.engines.kernels_jobs.jobs_step` and keeps the hire log.  The rules are those of
:mod:`tiesim.model.agents` and :mod:`tiesim.model.leads`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

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
from tiesim.model.draws import StepDraws
from tiesim.model.metrics import StepTally

if TYPE_CHECKING:
    from tiesim.engines.array import ArrayModel


class Leads:
    """Leads as columns of one ``int64`` block; see :class:`tiesim.model.leads.Lead`.

    Row ``k`` of the fields below is lead ``k``: ``id`` (-1 marks an empty row), ``origin``,
    ``born``, ``hops``, ``channel`` (a Channel value), ``slot`` (-1 for a direct lead) and
    ``path`` (``path[k, :hops[k] + 1]`` are the agents who held it).  The block has shape
    ``(fields, rows)``; the model's block is the transpose of a table with one row per agent
    (:func:`agent_leads`), which is how the kernels read an agent's lead.
    """

    FIELDS = ("id", "origin", "born", "hops", "channel", "slot")

    def __init__(self, block: np.ndarray) -> None:
        self.block = block

    @classmethod
    def empty(cls, rows: int, max_hops: int) -> Leads:
        """``rows`` empty rows (no lead)."""
        block = np.zeros((len(cls.FIELDS) + max_hops + 1, rows), np.int64)
        block[0] = block[5] = -1
        return cls(block)

    id = property(lambda self: self.block[0])
    origin = property(lambda self: self.block[1])
    born = property(lambda self: self.block[2])
    hops = property(lambda self: self.block[3])
    channel = property(lambda self: self.block[4])
    slot = property(lambda self: self.block[5])

    @property
    def path(self) -> np.ndarray:
        """Agents who held each lead, shape (rows, max_hops + 1)."""
        return self.block[len(self.FIELDS) :].T

    def __len__(self) -> int:
        return self.block.shape[1]


def agent_leads(n: int, max_hops: int) -> Leads:
    """Empty leads for ``n`` agents, stored one row per agent (``block`` is a transposed view)."""
    table = np.ascontiguousarray(Leads.empty(n, max_hops).block.T)
    return Leads(table.T)


class CompiledJobs:
    """Buffers for the compiled jobs phases of :class:`ArrayModel`, and its hire log.

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
            np.zeros(n, np.int64),
        )
        self.leads = model.lead.block.T  # one row per agent (see agent_leads)
        self.offers = np.zeros_like(self.leads)
        rows = max(64, n // 16)
        self.log = np.zeros((rows, HIRE_LEAD + self.leads.shape[1]), np.int64)
        self.log_f = np.zeros((rows, 2), np.float64)  # tie strength and contact rate at hire
        self.used = 0
        self.tally = np.zeros(TALLY_SIZE, np.int64)
        self.employed_by_community = np.zeros(len(model.community_size), np.int64)

    def _make_room(self, model: ArrayModel) -> None:
        """Grow the hire log to hold a hire of every agent looking for work now."""
        looking = int(model.n - np.count_nonzero(model.employed))
        if self.used + looking > len(self.log):
            rows = 2 * (self.used + looking)
            for name in ("log", "log_f"):
                old = getattr(self, name)
                bigger = np.zeros((rows, old.shape[1]), old.dtype)
                bigger[: self.used] = old[: self.used]
                setattr(self, name, bigger)

    def step(self, model: ArrayModel, draws: StepDraws) -> StepTally:
        """Run the jobs phases of step ``model.steps``; the step's tally (jobs part)."""
        adj, graph, origins = model.adjacency, model.graph, model.origins
        self._make_room(model)
        self.used, origins.table = jobs_step(
            model.steps,
            self.leads,
            (model.employed, model.unemployed_since, model.heard_since_job_loss),
            (model.leads_heard, model.job_losses),
            model.community,
            (draws.talk.key, draws.arrival, draws.choice.key, draws.job_loss, draws.hot),
            model._arrival,
            self.params,
            (adj.indptr, adj.degree, adj.neighbor, adj.slot),
            (
                graph.contact_rate,
                graph.strength,
                graph.tie,
                graph.last_checkin,
                model.ties.maintenance != "none",
            ),
            self.scratch,
            self.offers,
            (self.log, self.log_f),
            self.used,
            (origins.own, origins.counts, origins.table),
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
            "tie_strength": self.log_f[: self.used, 0],
            "contact_rate": self.log_f[: self.used, 1],
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
