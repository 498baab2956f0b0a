"""Job leads for the array engine: the lead each agent holds, and the compiled jobs phases.

:func:`agent_leads` makes the table of the lead each agent holds (one row per agent, ``ID``
-1 where it holds none); :class:`CompiledJobs` runs the jobs phases of a step with one call of
:func:`tiesim.engines.kernels_jobs.jobs_step` and keeps the hire log.  The rules are those of
:mod:`tiesim.model.agents` and :mod:`tiesim.model.leads`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tiesim.engines.kernels_jobs import (
    BORN,
    CHANNEL,
    HIRE_AGENT,
    HIRE_EMBEDDED,
    HIRE_LEAD,
    HIRE_SPELL,
    HIRE_STEP,
    HOPS,
    ID,
    ORIGIN,
    PATH,
    RULES,
    SLOT,
    T_DELAY_COUNT,
    T_DELAY_TOTAL,
    T_DISCOVERED,
    T_HEARD,
    T_HIRES,
    T_LOOKING,
    T_LOSSES,
    T_SPELLS,
    TALLY_SIZE,
    TIE_FORMED,
    jobs_step,
)
from tiesim.model.draws import StepDraws
from tiesim.model.metrics import StepTally
from tiesim.model.records import network_hire_fields, tie_facts

if TYPE_CHECKING:
    from tiesim.engines.array import ArrayModel
    from tiesim.model.networking import Networking


def agent_leads(n: int, max_hops: int) -> np.ndarray:
    """Empty leads for ``n`` agents: one row each (``ID`` and ``SLOT`` -1: no lead, no tie).

    Columns ``ID .. TIE_FORMED`` then the path, as :mod:`tiesim.engines.kernels_jobs` reads them.
    """
    leads = np.zeros((n, PATH + max_hops + 1), np.int64)
    leads[:, ID] = leads[:, SLOT] = leads[:, TIE_FORMED] = -1
    return leads


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
            np.zeros(n, np.int64),
        )
        self.leads = model.lead
        self.offers = np.zeros_like(self.leads)
        rows = max(64, n // 16)
        self.log = np.zeros((rows, HIRE_LEAD + self.leads.shape[1]), np.int64)
        self.log_f = np.zeros((rows, 2), np.float64)  # tie strength and contact rate at hire
        self.used = 0
        self.tally = np.zeros(TALLY_SIZE, np.int64)
        self.facts: list[dict[str, np.ndarray]] = []  # tie_facts of each step's hires
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
        before = self.used
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
                graph.last_asked,
                graph.formed,
                model.asks_or_checks_in,
                model.networking.interviews_on,
            ),
            self.scratch,
            self.offers,
            (self.log, self.log_f),
            self.used,
            origins.kernel_state(),
            self.employed_by_community,
            self.tally,
        )
        if model.network is not None and self.used > before:  # the hired-over ties, now
            hired = self.log[before : self.used, HIRE_LEAD:]
            self.facts.append(tie_facts(graph, hired[:, SLOT], hired[:, TIE_FORMED]))
        counts = self.tally.tolist()
        return StepTally(
            step=model.steps,
            employed_by_community=self.employed_by_community,
            community_size=model.community_size,
            looking=counts[T_LOOKING],
            discovered=counts[T_DISCOVERED],
            leads_heard=counts[T_HEARD : T_HEARD + 4],
            hires=counts[T_HIRES : T_HIRES + 4],
            spell_total=counts[T_SPELLS],
            job_losses=counts[T_LOSSES],
            first_lead_delay_total=counts[T_DELAY_TOTAL],
            first_lead_count=counts[T_DELAY_COUNT],
        )

    def hire_columns(self, network: Networking | None = None) -> dict[str, np.ndarray]:
        """The logged hires as arrays (the keyword arguments of ``records.hire_table``).

        With ``network`` (networking on), ``network`` holds the network hire columns.
        """
        log = self.log[: self.used]
        lead = log[:, HIRE_LEAD:]  # the hired lead's columns
        extra = {}
        if network is not None:
            facts = {
                name: np.concatenate([f[name] for f in self.facts])
                if self.facts
                else np.empty(0, np.float64 if name == "strength_formed" else np.int64)
                for name in ("tie", "formed_by", "formed", "mutual", "strength_formed")
            }
            strategy = network.strategy[log[:, HIRE_AGENT]]
            fields = network_hire_fields(log[:, HIRE_STEP], strategy, lead[:, SLOT], facts)
            extra = {"network": fields}
        return extra | {
            "tie_strength": self.log_f[: self.used, 0],
            "contact_rate": self.log_f[: self.used, 1],
            "step": log[:, HIRE_STEP],
            "agent": log[:, HIRE_AGENT],
            "spell": log[:, HIRE_SPELL],
            "embeddedness": log[:, HIRE_EMBEDDED],
            "lead_id": lead[:, ID],
            "origin": lead[:, ORIGIN],
            "born": lead[:, BORN],
            "hops": lead[:, HOPS],
            "channel": lead[:, CHANNEL],
            "slot": lead[:, SLOT],
            "path": lead[:, PATH:],
        }
