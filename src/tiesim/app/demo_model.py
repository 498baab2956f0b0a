"""The model the classroom page drives: :class:`WeakTiesModel` with flat keyword parameters.

Mesa's SolaraViz rebuilds the model on Reset by calling its class with the sliders' values as
keyword arguments, so :class:`DemoModel` takes every parameter flat (``weak_tie_density=…``)
and turns them into the usual config sections, checked by the same schema as ``tiesim run``.
The ``network`` parameter picks the graph (:data:`tiesim.app.presets.NETWORKS`): the town of
communities (``graph.kind: community``), a small world (``small_world``: ``n``, ``k``, ``p``,
``community_size``) or one of the real networks networkx ships (``dataset``); the parameters
of the other networks are ignored.  It adds two classroom events, cutting every weak (or every
strong) tie at the start of a chosen step, and keeps the drawing layout, computed once per
graph (:func:`tiesim.app.layout.graph_layout`).
Living ties (the ``ties`` section) are four flat values: ``tie_dynamics``, ``half_life_weak``,
``maintenance`` and ``checkin_budget`` (no time: no check-ins), the rest from
:data:`tiesim.app.presets.DEMO_TIES`.  People who network (the ``networking`` section) are
eight: networking events (``event_rate``, ``event_size``, ``event_meet``), informational
interviews (``interview_share`` of people ask when they look for work, in the order
``interview_rule``, and are introduced onwards with probability ``interview_introduce``; a
share of 0 means no interviews), and triadic closure (``introductions``, ``strong_triads``);
the rest of the section keeps tiesim's defaults.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import numpy as np

from tiesim.app import state
from tiesim.app.layout import graph_layout
from tiesim.app.presets import (
    COLOUR_BY,
    DEFAULTS,
    DEMO_TIES,
    INTERVIEW_CHOICES,
    MAINTENANCE_CHOICES,
    NETWORKS,
)
from tiesim.config import ExperimentConfig, load_config, validate_config
from tiesim.errors import ConfigError, TiesimError
from tiesim.graphs.ties import Tie
from tiesim.model import WeakTiesModel

#: Environment variable through which ``tiesim demo CONFIG`` hands the config to the page.
CONFIG_ENV = "TIESIM_DEMO_CONFIG"


def config_from_params(params: dict[str, Any]) -> ExperimentConfig:
    """The experiment config the flat demo parameters stand for (validated; raises ConfigError).

    ``trend_threshold`` 1 means simple contagion, 2 or more complex contagion with that threshold
    (Centola & Macy 2007); trends are off when ``trend_rate`` is 0.
    """
    p = {**DEFAULTS, **params}
    threshold = int(p["trend_threshold"])
    return validate_config(
        {
            "name": "demo",
            "seed": p["seed"],
            "graph": graph_section(p),
            "jobs": {
                key: p[key]
                for key in (
                    "initial_employment",
                    "job_arrival",
                    "job_loss",
                    "max_hops",
                    "lead_lifetime",
                    "job_locality",
                    "demand_share",
                )
            },
            "trends": {
                "rate": p["trend_rate"],
                "contagion": "complex" if threshold >= 2 else "simple",
                "threshold": max(threshold, 1),
                "transmission": p["transmission"],
                "below_threshold": p["below_threshold"],
            },
            "ties": {
                **DEMO_TIES,
                "dynamics": bool(p["tie_dynamics"]),
                "half_life_weak": p["half_life_weak"],
                "maintenance": p["maintenance"] if p["checkin_budget"] > 0 else "none",
                "budget": p["checkin_budget"],
            },
            "networking": networking_section(p),
        }
    )


def graph_section(p: dict[str, Any]) -> dict[str, Any]:
    """The ``graph`` section of the flat parameters ``p``: the chosen ``network``'s fields."""
    rates = {key: p[key] for key in ("strong_contact_rate", "weak_contact_rate")}
    network = p["network"]
    if network == "community":
        keys = ("n", "community_size", "strong_degree", "weak_tie_density")
        return {"kind": "community", **{key: p[key] for key in keys}, **rates}
    if network == "small_world":
        keys = ("n", "k", "p", "community_size")
        return {"kind": "small_world", **{key: p[key] for key in keys}, **rates}
    return {"kind": "dataset", "name": network, **rates}


def network_phrase(config: ExperimentConfig) -> str:
    """The network of ``config`` in words, for the Info tab's "This run"."""
    g = config.graph
    if g.kind == "community":
        return (
            f"{g.n} people in communities of {g.community_size}; {g.weak_tie_density:g} weak "
            "ties per person"
        )
    if g.kind == "small_world":
        return (
            f"a small world of {g.n} people on a ring, each tied to {g.k} neighbours, ties "
            f"rewired with probability {g.p:g} (rewired ties weak), communities of "
            f"{g.community_size} along the ring"
        )
    return f"the real network {NETWORKS[g.name]} (ties weak where their overlap is low)"


def networking_section(p: dict[str, Any]) -> dict[str, Any]:
    """The ``networking`` section of the flat parameters ``p`` (off at the defaults).

    ``interview_share`` is the share of people whose strategy is ``asks_for_interviews`` (the
    rest are homebodies); 0 means nobody asks, and then the interview rule is ``none``.
    """
    asks = p["interview_share"]
    asking = asks > 0
    return {
        "events": {"rate": p["event_rate"], "size": p["event_size"], "meet": p["event_meet"]},
        "interviews": {
            "rule": p["interview_rule"] if asking else "none",
            "introduce": p["interview_introduce"],
        },
        "closure": {"introductions": p["introductions"], "strong_triads": p["strong_triads"]},
        "strategies": (
            {"homebody": 1.0 - asks, "asks_for_interviews": asks} if asking else {"homebody": 1.0}
        ),
    }


def params_from_config(config: ExperimentConfig) -> dict[str, Any]:
    """The flat demo parameters of ``config``: a community, small-world or data-set graph."""
    graph = config.graph
    if graph.kind not in ("community", "small_world", "dataset"):
        raise TiesimError(
            f"tiesim demo needs graph.kind: community, small_world or dataset, the networks "
            f"it offers (got graph.kind: {graph.kind}); use tiesim animate to watch other graphs."
        )
    jobs, trends = config.jobs, config.trends
    fields = {"n", "community_size", "strong_degree", "weak_tie_density", "k", "p"}
    return {
        **DEFAULTS,
        "seed": config.seed,
        "network": graph.name if graph.kind == "dataset" else graph.kind,
        **graph.model_dump(include=fields),
        "strong_contact_rate": graph.strong_contact_rate,
        "weak_contact_rate": graph.weak_contact_rate,
        **jobs.model_dump(exclude={"passing"}),
        "trend_rate": trends.rate,
        "trend_threshold": trends.threshold if trends.contagion == "complex" else 1,
        "transmission": trends.transmission,
        "below_threshold": trends.below_threshold,
        "tie_dynamics": config.ties.dynamics,
        "half_life_weak": config.ties.half_life_weak,
        "maintenance": (
            config.ties.maintenance
            if config.ties.maintenance in MAINTENANCE_CHOICES
            else DEFAULTS["maintenance"]
        ),
        "checkin_budget": config.ties.budget if config.ties.checks_in else 0,
        **networking_params(config),
    }


def networking_params(config: ExperimentConfig) -> dict[str, Any]:
    """The flat networking parameters of ``config`` (events and interviews; the rest is left)."""
    net = config.networking
    return {
        "event_rate": net.events.rate,
        "event_size": net.events.size,
        "event_meet": net.events.meet,
        "interview_share": net.strategies.get("asks_for_interviews", 0.0),
        "interview_rule": (
            net.interviews.rule if net.interviews_on else DEFAULTS["interview_rule"]
        ),
        "interview_introduce": net.interviews.introduce,
        "introductions": net.closure.introductions,
        "strong_triads": net.closure.strong_triads,
    }


def left_out(config: ExperimentConfig) -> list[str]:
    """The parts of ``config``'s networking the demo has no sliders for (so leaves out)."""
    net, parts = config.networking, []
    if net.online.rate > 0:
        parts.append("online recommendations")
    if net.activities.groups > 0 and net.activities.rate > 0:
        parts.append("activity groups")
    if net.shares["networker"] > 0:
        parts.append("networkers")
    return parts


def graph_left_out(config: ExperimentConfig) -> list[str]:
    """The ``graph`` fields of ``config`` the demo does not take (so leaves at their defaults).

    The page builds a real network with tiesim's default inference: a data-set config's own
    ``weak_threshold``, ``overlap_threshold`` or ``communities`` are not carried over.
    """
    graph = config.graph
    if graph.kind != "dataset":
        return []
    fields = ("weak_threshold", "overlap_threshold", "communities")
    default = type(graph).model_fields
    return [f"graph.{f}" for f in fields if getattr(graph, f) != default[f].default]


def starting_params(config_path: str | Path | None = None) -> dict[str, Any]:
    """Starting values: from ``config_path``, else from ``$TIESIM_DEMO_CONFIG``, else DEFAULTS."""
    path = config_path or os.environ.get(CONFIG_ENV)
    return params_from_config(load_config(path)) if path else dict(DEFAULTS)


def cut_weak_ties(model: Any) -> int:
    """Remove every weak tie present now; returns how many were cut."""
    slots = model.weak_slots()
    model.remove_ties(slots)
    return len(slots)


def cut_strong_ties(model: Any) -> int:
    """Remove every strong tie present now; returns how many were cut."""
    graph = model.graph
    slots = np.flatnonzero(graph.alive & (graph.tie == Tie.STRONG))
    model.remove_ties(slots)
    return len(slots)


class DemoModel(WeakTiesModel):
    """The weak-ties model with flat parameters and "cut the weak (strong) ties" events.

    Every parameter is a keyword with the default in :data:`tiesim.app.presets.DEFAULTS`.

    Parameters
    ----------
    seed : int or str, optional
        The run's seed (the page's text box gives a string).
    network : str, optional
        The graph: ``"community"`` (the town of communities, the default), ``"small_world"``,
        or a real network (``"karate_club"``, ``"les_miserables"``, ``"florentine_families"``,
        ``"davis_southern_women"``; :func:`tiesim.graphs.dataset_graph`).
    n, community_size, strong_degree, weak_tie_density : optional
        The community graph (``n`` and ``community_size`` also the small world's).
    k, p : optional
        The small world: ring neighbours per person and rewiring probability.
    strong_contact_rate, weak_contact_rate : float, optional
        Probability per step that two people joined by a strong (weak) tie talk.
    initial_employment, job_arrival, job_loss, max_hops, lead_lifetime : optional
        The labour market (``jobs`` section of a config).
    job_locality, demand_share : optional
        The labour market (``jobs`` section of a config).
    trend_rate, trend_threshold, transmission, below_threshold : optional
        Trends; ``trend_threshold`` 1 is simple contagion, 2 or more complex contagion.
    cut_weak_ties_at : int, optional
        Cut every weak tie at the start of this step (0: never).
    cut_strong_ties_at : int, optional
        Cut every strong tie at the start of this step (0: never): Easley & Kleinberg's
        tie-removal experiment the other way round.
    tie_dynamics : bool, optional
        Ties grow stronger when used and fade when not (``ties.dynamics``).
    half_life_weak : float, optional
        Steps for an untended weak tie's strength to halve.
    maintenance : {"weak_first", "strong_first", "oldest_first", "random"}, optional
        The check-in rule, when people have time for check-ins.
    checkin_budget : float, optional
        Time per person and step for check-ins (``ties.budget``; 0: no check-ins).
    event_rate, event_size, event_meet : optional
        Networking events: how many per step on average, how many people attend each, and the
        chance that two attendees form a weak tie (``networking.events``; rate 0: none).
    interview_share : float, optional
        Share of people who ask contacts for informational interviews while looking for work
        (``networking.strategies.asks_for_interviews``; 0: no interviews).
    interview_rule : {"weakest_first", "strongest_first", "random", "other_community_first"}
        Which contacts they ask first (``networking.interviews.rule``).
    interview_introduce : float, optional
        Chance that an asked contact introduces the seeker to one of its own contacts
        (``networking.interviews.introduce``).
    introductions : float, optional
        Chance per person and step of introducing two of their contacts who are not tied
        (``networking.closure.introductions``): triadic closure.
    strong_triads : float, optional
        Chance per person and step of picking two strong contacts and, if they are not tied,
        tying them (``networking.closure.strong_triads``): strong triads close.
    colour_by : {"employment", "trend adoption", "brokerage"}, optional
        How the page colours people (a display choice carried here so Reset keeps it).
    ties_by_strength : bool, optional
        Draw ties thinner and paler as they weaken (a display choice, as ``colour_by``).
    bridges : bool, optional
        Mark the local bridges (a display choice, as ``colour_by``).
    """

    def __init__(
        self,
        seed: int | str = DEFAULTS["seed"],
        *,
        network: str = DEFAULTS["network"],
        n: int = DEFAULTS["n"],
        community_size: int = DEFAULTS["community_size"],
        strong_degree: float = DEFAULTS["strong_degree"],
        weak_tie_density: float = DEFAULTS["weak_tie_density"],
        k: int = DEFAULTS["k"],
        p: float = DEFAULTS["p"],
        strong_contact_rate: float = DEFAULTS["strong_contact_rate"],
        weak_contact_rate: float = DEFAULTS["weak_contact_rate"],
        initial_employment: float = DEFAULTS["initial_employment"],
        job_arrival: float = DEFAULTS["job_arrival"],
        job_loss: float = DEFAULTS["job_loss"],
        max_hops: int = DEFAULTS["max_hops"],
        lead_lifetime: int = DEFAULTS["lead_lifetime"],
        job_locality: float = DEFAULTS["job_locality"],
        demand_share: float = DEFAULTS["demand_share"],
        trend_rate: float = DEFAULTS["trend_rate"],
        trend_threshold: int = DEFAULTS["trend_threshold"],
        transmission: float = DEFAULTS["transmission"],
        below_threshold: float = DEFAULTS["below_threshold"],
        cut_weak_ties_at: int = DEFAULTS["cut_weak_ties_at"],
        tie_dynamics: bool = DEFAULTS["tie_dynamics"],
        half_life_weak: float = DEFAULTS["half_life_weak"],
        maintenance: str = DEFAULTS["maintenance"],
        checkin_budget: float = DEFAULTS["checkin_budget"],
        event_rate: float = DEFAULTS["event_rate"],
        event_size: int = DEFAULTS["event_size"],
        event_meet: float = DEFAULTS["event_meet"],
        interview_share: float = DEFAULTS["interview_share"],
        interview_rule: str = DEFAULTS["interview_rule"],
        interview_introduce: float = DEFAULTS["interview_introduce"],
        introductions: float = DEFAULTS["introductions"],
        strong_triads: float = DEFAULTS["strong_triads"],
        cut_strong_ties_at: int = DEFAULTS["cut_strong_ties_at"],
        colour_by: str = DEFAULTS["colour_by"],
        ties_by_strength: bool = DEFAULTS["ties_by_strength"],
        bridges: bool = DEFAULTS["bridges"],
    ) -> None:
        params = {k: v for k, v in locals().items() if k in DEFAULTS}
        seed = _check_seed(seed)
        for name, at in (
            ("cut_weak_ties_at", cut_weak_ties_at),
            ("cut_strong_ties_at", cut_strong_ties_at),
        ):
            if int(at) < 0:
                raise ConfigError(f"{name} must be >= 0 (got {at!r})")
        if network not in NETWORKS:
            choices = ", ".join(NETWORKS)
            raise ConfigError(f"network must be one of {choices} (got {network!r})")
        if colour_by not in COLOUR_BY:
            choices = ", ".join(COLOUR_BY)
            raise ConfigError(f"colour_by must be one of {choices} (got {colour_by!r})")
        if maintenance not in MAINTENANCE_CHOICES:
            choices = ", ".join(MAINTENANCE_CHOICES)
            raise ConfigError(f"maintenance must be one of {choices} (got {maintenance!r})")
        if not 0 <= interview_share <= 1:
            raise ConfigError(
                f"The 'interview_share' parameter must be a share between 0 and 1. "
                f"Got {interview_share!r} instead."
            )
        if interview_rule not in INTERVIEW_CHOICES:
            choices = ", ".join(INTERVIEW_CHOICES)
            raise ConfigError(f"interview_rule must be one of {choices} (got {interview_rule!r})")
        self.config = config_from_params({**params, "seed": seed})
        c = self.config
        super().__init__(c.graph, c.jobs, c.trends, c.ties, networking=c.networking, rng=seed)
        self.ties_by_strength = bool(ties_by_strength)
        self.cut_weak_ties_at = int(cut_weak_ties_at)
        self.cut_strong_ties_at = int(cut_strong_ties_at)
        self.colour_by = colour_by
        self.bridges = bool(bridges)
        self.positions = graph_layout(c.graph.kind, self.graph)
        self.weak_ties_cut_ = 0  # how many weak ties the event removed (0: not yet)
        self.strong_ties_cut_ = 0  # how many strong ties the event removed (0: not yet)
        self.trend_history = state.TrendHistory()  # reach of each trend item, step by step

    def step(self) -> None:
        """Cut ties if this is a chosen step, advance one step, note trends' reach."""
        if self.steps == self.cut_weak_ties_at:
            self.weak_ties_cut_ = cut_weak_ties(self)
        if self.steps == self.cut_strong_ties_at:
            self.strong_ties_cut_ = cut_strong_ties(self)
        super().step()
        if self.trends.rate > 0:
            self.trend_history.record(self)


def _check_seed(seed: int | str) -> int:
    try:
        value = int(str(seed).strip())
    except ValueError:
        value = -1
    if value < 0:
        raise ConfigError(
            f"The 'seed' parameter must be a whole number >= 0. Got {seed!r} instead."
        )
    return value


#: How a tie made during the run came about, in the words of "who told whom".
MADE = {
    "event": "met at an event",
    "online": "met online",
    "activity": "met in an activity",
    "introduction": "introduced",
    "closure": "met through a close friend",
    "by_hand": "tied by hand",
}


def latest_hires(model: Any, limit: int = 8) -> list[dict[str, Any]]:
    """The last ``limit`` hires, newest first, with the path their lead took in words.

    Each row has ``step``, ``agent``, ``channel`` and ``story``, e.g.
    ``"#12 heard directly → #40 (weak) → #7 (strong)"``: who heard of the opening first, then
    each pass over a tie, ending with the person hired.  A tie made during the run says how
    and when (``"#40 (weak, met at an event in step 31)"``); the last pass of an interview hire
    says the hired person asked (``"#7 (weak, asked)"``).  Works on either engine.
    """
    rows = []
    for hire in state.recent_hires(model, limit):
        path = hire["path"]
        parts = [f"#{path[0]} heard directly"]
        ties = state.path_ties(model, path)
        for hop, (receiver, tie) in enumerate(zip(path[1:], ties, strict=True)):
            words = [tie.label if tie is not None else "a tie since gone"]
            how, step = state.tie_origin(model, path[hop], receiver)
            if how in MADE:
                words.append(f"{MADE[how]} in step {step}")
            if hire["channel"] == "interview" and hop == len(ties) - 1:
                words.append("asked")
            parts.append(f"#{receiver} ({', '.join(words)})")
        rows.append(
            {
                "step": hire["step"],
                "agent": hire["agent"],
                "channel": hire["channel"],
                "story": " → ".join(parts),
            }
        )
    return rows


def weak_tie_count(model: Any) -> int:
    """Number of weak ties present now."""
    return len(model.weak_slots())
