"""Living ties for the array engine: check-ins and the end-of-step update, as compiled kernels.

:class:`LivingTies` holds what the kernels of :mod:`tiesim.engines.kernels_ties` need and calls
them at the two places of the step where :class:`tiesim.model.WeakTiesModel` runs its agents'
``check_in_on_ties`` and its own ``strengthen_or_fade_ties`` (the rules are in
:mod:`tiesim.model.tie_dynamics`).  Ties that dissolve are removed through the model, as a cut
by hand would be.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from tiesim.engines.kernels_ties import (
    BLOCK,
    RULES,
    check_in,
    count_ties,
    float32_bounds,
    strengthen_or_fade,
    tie_events,
)
from tiesim.graphs.ties import SocialGraph, Tie
from tiesim.model.draws import StepDraws
from tiesim.model.metrics import TieTally
from tiesim.model.tie_dynamics import TieRules

if TYPE_CHECKING:
    from tiesim.engines.array import ArrayModel


class LivingTies:
    """Check-ins and tie updates of an :class:`ArrayModel` whose ties change.

    Parameters
    ----------
    model : ArrayModel
        The model (its ``ties`` config is active).
    rules : TieRules
        The rules built for its graph.

    Attributes
    ----------
    checkins, time_spent : ndarray, shape (n, 2)
        Each agent's check-ins and time spent on them over the run, per Tie value.
    """

    def __init__(self, model: ArrayModel, rules: TieRules) -> None:
        config = rules.config
        self.rules = rules
        self.checkins = np.zeros((model.graph.n, 2), np.int64)
        self.time_spent = np.zeros((model.graph.n, 2), np.float64)
        self.budgets = (config.budget, config.unemployed_budget)
        self.rule = RULES.get(config.maintenance, -1)
        self.params = (
            config.growth,
            float(rules.keep[Tie.STRONG]),
            float(rules.keep[Tie.WEAK]),
            config.promote_at,
            config.demote_below,
            config.dissolve_below,
        )
        self.bounds = float32_bounds(*self.params[3:])
        self.step_tally = np.zeros(4)

    def check_in(self, model: ArrayModel, draws: StepDraws) -> None:
        """Everyone spends this step's time on check-ins (``Person.check_in_on_ties``)."""
        graph, adj = model.graph, model.adjacency
        key = draws.checkin.key if draws.checkin is not None else np.uint64(0)
        self.step_tally = check_in(
            model.steps,
            self.rule,
            self.budgets,
            self.rules.config.strong_share,
            self.rules.config.checkin_after,
            self.rules.cost,
            model.employed,
            (adj.indptr, adj.degree, adj.neighbor, adj.slot),
            (
                graph.alive,
                graph.tie,
                graph.last_talk,
                graph.writable("last_checkin"),
                graph.u,
                graph.v,
            ),
            key,
            (self.checkins, self.time_spent),
        )

    def update(self, model: ArrayModel, draws: StepDraws, *, count: bool = True) -> TieTally:
        """End of step: strengths, types and contact rates move; the step's tie tally.

        Without ``count`` the tally's tie counts and strength totals are left at zero for the
        caller to fill in later (and without dynamics, when no tie changes type or dissolves,
        the pass over the ties that logs those changes is skipped); without dynamics or
        check-ins (ties change only by networking) the step each pair last talked is not noted
        either, as in the Mesa engine: nothing would read it.
        """
        graph, events = model.graph, model.tie_events
        dynamics = self.rules.config.dynamics
        strength_columns = ("alive", "tie", "strength", "contact_rate", "last_talk", "last_checkin")
        if self.rules.config.active:  # else ties change only by networking: nothing to note
            strengthen_or_fade(
                model.steps,
                dynamics,
                draws.talk.key,
                tuple(graph.writable(name) for name in strength_columns),
                self.params,
                self.rules.curve.params,
            )
        dissolved = np.empty(graph.num_slots, np.int64)
        totals = np.zeros(4)
        gone = 0
        start = 0 if dynamics or count else graph.num_slots  # without: nothing to log
        first = events.used
        if start < graph.num_slots:  # (a writable view of types counts as rewriting them)
            ties = (graph.alive, graph.writable("tie"), graph.strength, graph.u, graph.v)
        while start < graph.num_slots:  # stops when the event log is full: make room, go on
            events.reserve(max(4 * BLOCK, graph.num_slots // 64))  # room for a block
            events.used, gone, start = tie_events(
                model.steps,
                dynamics,
                count,
                ties,
                self.params,
                self.bounds,
                (events.ints, events.strength, events.used),
                (dissolved, gone),
                totals,
                start,
            )
        events.note_formed_by(graph, first)
        if gone:
            model._cut(dissolved[:gone])
        tally = self.step_tally  # zeros without check-ins
        return TieTally(
            count=[int(totals[Tie.STRONG]), int(totals[Tie.WEAK])],
            strength_total=[float(totals[2 + Tie.STRONG]), float(totals[2 + Tie.WEAK])],
            events=model.events_counted(),
            checkins=[int(tally[Tie.STRONG]), int(tally[Tie.WEAK])],
            time=[float(tally[2 + Tie.STRONG]), float(tally[2 + Tie.WEAK])],
        )


class TieCounter:
    """:func:`tiesim.model.tie_dynamics.tie_totals` of a graph, carried on over new slots.

    The first call counts every slot in one compiled pass; later calls count only the slots
    added since, from where the last one stopped, as long as no tie already counted may have
    changed (``SocialGraph.rewrites``): ties that only form (networking without living ties)
    leave the old slots alone, and the sums come out as one pass over every slot would give.
    """

    def __init__(self) -> None:
        self._graph: SocialGraph | None = None
        self._rewrites = -1
        self._slots = 0
        self._totals = np.zeros(4)

    def __call__(self, graph: SocialGraph) -> tuple[list[int], list[float]]:
        """Ties present and their summed strength (slot order), by Tie value."""
        if graph is not self._graph or graph.rewrites != self._rewrites:
            self._graph, self._rewrites, self._slots = graph, graph.rewrites, 0
            self._totals = np.zeros(4)
        count_ties(graph.alive, graph.tie, graph.strength, self._slots, self._totals)
        self._slots = graph.num_slots
        totals = self._totals
        count = [int(totals[Tie.STRONG]), int(totals[Tie.WEAK])]
        return count, [float(totals[2 + Tie.STRONG]), float(totals[2 + Tie.WEAK])]
