"""The demo's starting values, its slider ranges, and the lesson presets, as plain data.

A preset is a handful of parameter values laid over the starting values (the defaults below, or
the values of the config given to ``tiesim demo``).  Each preset has a lesson page in
``experiments/lessons/`` that says what the class will see.  Parameter names are the keyword
parameters of :class:`tiesim.app.demo_model.DemoModel`.  A preset may set its own ``seed``, so
that the run the class sees first is a typical one (close to the median of 20 seeds on what its
lesson is about) rather than an unlucky one; the seed box can still be changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from tiesim.errors import TiesimError

#: Starting values: a 200-person town of ten 20-person communities, sized to be seen.
DEFAULTS: MappingProxyType[str, Any] = MappingProxyType(
    {
        "seed": 42,
        "network": "community",
        "n": 200,
        "community_size": 20,
        "strong_degree": 6.0,
        "weak_tie_density": 1.0,
        "k": 6,
        "p": 0.1,
        "strong_contact_rate": 0.6,
        "weak_contact_rate": 0.15,
        "initial_employment": 0.85,
        "job_arrival": 0.05,
        "job_loss": 0.015,
        "max_hops": 2,
        "lead_lifetime": 2,
        "job_locality": 0.8,
        "demand_share": 0.1,
        "trend_rate": 0.05,
        "trend_threshold": 1,
        "transmission": 0.3,
        "below_threshold": 0.0,
        "cut_weak_ties_at": 0,
        "tie_dynamics": False,
        "half_life_weak": 8.0,
        "maintenance": "weak_first",
        "checkin_budget": 0,
        "event_rate": 0.0,
        "event_size": 20,
        "event_meet": 0.1,
        "interview_share": 0.0,
        "interview_rule": "weakest_first",
        "interview_introduce": 0.0,
        "introductions": 0.0,
        "strong_triads": 0.0,
        "cut_strong_ties_at": 0,
        "colour_by": "employment",
        "ties_by_strength": False,
        "bridges": False,
    }
)

#: The networks the demo offers (its ``network`` parameter → the sidebar's words): the town of
#: communities (``graph.kind: community``), a Watts–Strogatz small world (``small_world``, on
#: the same ``n`` and ``community_size``), and the four real networks networkx ships
#: (``graph.kind: dataset``, :mod:`tiesim.graphs.datasets`).  Spelt out rather than read from
#: there, so that the CLI, which reads this module, loads no graph code.
NETWORKS: MappingProxyType[str, str] = MappingProxyType(
    {
        "community": "Town of communities",
        "small_world": "Small world",
        "karate_club": "Zachary's karate club",
        "les_miserables": "Les Misérables",
        "florentine_families": "Florentine families",
        "davis_southern_women": "Davis southern women",
    }
)

#: The generated networks; the other choices are real networks (``graph.kind: dataset``).
GENERATED = ("community", "small_world")

#: Living ties in the demo (``ties`` section), besides the values above: a check-in is due after
#: 4 silent steps and costs 1 on a weak tie, 2 on a strong one; the rest are tiesim's defaults.
DEMO_TIES: MappingProxyType[str, Any] = MappingProxyType(
    {"checkin_after": 4, "checkin_cost": 1.0, "strong_cost_ratio": 2.0}
)

#: The check-in rules the demo offers (``ties.maintenance``; no time means no check-ins).
MAINTENANCE_CHOICES = ("weak_first", "strong_first", "oldest_first", "random")

#: The orders in which job seekers ask contacts for informational interviews
#: (``networking.interviews.rule`` but "none": a share of 0 who ask means no interviews).  Spelt
#: out rather than imported, so that the CLI, which reads this module, loads no config schema.
INTERVIEW_CHOICES = ("weakest_first", "strongest_first", "random", "other_community_first")


@dataclass(frozen=True)
class Control:
    """A slider in the demo's sidebar: which parameter, its label, its range, where it applies.

    ``networks`` are the keys of :data:`NETWORKS` the slider changes anything on (empty: all);
    the sidebar hides it on the others.
    """

    name: str
    label: str
    low: float
    high: float
    step: float
    networks: tuple[str, ...] = ()

    def applies(self, network: str) -> bool:
        """Whether the slider changes anything on ``network`` (a key of :data:`NETWORKS`)."""
        return not self.networks or network in self.networks


#: The sliders, in sidebar order (issue 5: density, community size, contact rates, jobs, trends;
#: then living ties and networking).  A real network has neither density nor community size.
CONTROLS: tuple[Control, ...] = (
    Control("weak_tie_density", "Weak ties per person", 0.0, 4.0, 0.1, ("community",)),
    Control("community_size", "Community size", 8, 50, 1, GENERATED),
    Control("k", "Ring neighbours per person (even)", 2, 12, 2, ("small_world",)),
    Control("p", "Rewiring probability", 0.0, 1.0, 0.01, ("small_world",)),
    Control("strong_contact_rate", "Strong-tie contact rate", 0.0, 1.0, 0.05),
    Control("weak_contact_rate", "Weak-tie contact rate", 0.0, 1.0, 0.05),
    Control("job_arrival", "Job arrival (per person, per step)", 0.0, 0.3, 0.01),
    Control("job_loss", "Job loss (per step)", 0.0, 0.1, 0.005),
    Control("trend_threshold", "Trend threshold (contacts needed; 1 = simple)", 1, 4, 1),
    Control("cut_weak_ties_at", "Cut the weak ties at step (0 = never)", 0, 300, 5),
    Control("checkin_budget", "Time for check-ins (per person, per step)", 0, 4, 1),
    Control("half_life_weak", "Weak ties' half-life when untended (steps)", 2.0, 52.0, 1.0),
    Control("event_rate", "Networking events per step", 0.0, 0.5, 0.01),
    Control("interview_share", "Seekers who ask for interviews (share; 0 = none)", 0.0, 1.0, 0.1),
    Control("introductions", "Introductions (per person, per step)", 0.0, 0.2, 0.01),
    Control("strong_triads", "Strong triads closing (per person, per step)", 0.0, 0.5, 0.01),
    Control("cut_strong_ties_at", "Cut the strong ties at step (0 = never)", 0, 300, 5),
)

#: Ways to colour the people in the network drawing.
COLOUR_BY = ("employment", "trend adoption", "brokerage")


@dataclass(frozen=True)
class Preset:
    """A named set of parameter values with a lesson page."""

    key: str
    title: str
    summary: str
    lesson: str
    values: MappingProxyType[str, Any] = field(default_factory=lambda: MappingProxyType({}))


def _preset(key: str, title: str, summary: str, **values: Any) -> Preset:
    return Preset(key, title, summary, f"{key}.md", MappingProxyType(values))


PRESETS: tuple[Preset, ...] = (
    _preset(
        "no-weak-ties",
        "No weak ties",
        "Ten closed communities: news of an opening never leaves the community it arose in.",
        weak_tie_density=0.0,
    ),
    _preset(
        "a-few-bridges",
        "A few bridges",
        "Twenty acquaintances link the communities: a thin web of bridges.",
        weak_tie_density=0.2,
        seed=8,  # trend reach close to the median of seeds 0-19 (seed 42 is unlucky)
    ),
    _preset(
        "many-weak-ties",
        "Many weak ties",
        "Three acquaintances per person: most job news that travels crosses a weak tie.",
        weak_tie_density=3.0,
    ),
    _preset(
        "cut-the-weak-ties",
        "Cut the weak ties",
        "Two acquaintances per person until step 100, then every weak tie is cut.",
        weak_tie_density=2.0,
        cut_weak_ties_at=100,
        seed=14,  # drop in discovery close to the median of seeds 0-19 (seed 42 shows none)
    ),
    _preset(
        "complex-trends",
        "Complex trends",
        "Trends people adopt only once two contacts told them: single bridges stop carrying them.",
        weak_tie_density=0.5,
        trend_rate=0.05,
        trend_threshold=2,
        transmission=0.5,
        below_threshold=0.01,
        colour_by="trend adoption",
        seed=16,  # first trend at step 2, its reach close to the median of seeds 0-19
    ),
    _preset(
        "use-it-or-lose-it",
        "Use it or lose it",
        "Ties fade unless kept up: with no time for check-ins the acquaintances fade and vanish; "
        "give people a little time and they stay.",
        weak_tie_density=2.0,
        tie_dynamics=True,
        checkin_budget=0,
        ties_by_strength=True,
    ),
    _preset(
        "networking-night",
        "Networking night",
        "Ten closed communities and an industry event every 20 steps or so: people who meet "
        "there become acquaintances, and bridges appear between the communities.",
        weak_tie_density=0.0,
        event_rate=0.05,
        event_size=20,
        event_meet=0.1,
        seed=14,  # weak ties made, weak-tie hires and discovery close to the medians of 0-19
    ),
    _preset(
        "ask-around",
        "Ask around",
        "Acquaintances rarely talk, so job seekers call one each step for an informational "
        "interview, weakest ties first: news from other communities reaches them.",
        weak_tie_density=2.0,
        weak_contact_rate=0.05,
        interview_share=1.0,
        interview_rule="weakest_first",
        interview_introduce=0.0,
        seed=6,  # interview hires and discovery close to the medians of seeds 0-19
    ),
    # Easley & Kleinberg, "Networks, Crowds, and Markets", ch. 3, section by section
    _preset(
        "close-the-triangle",
        "Close the triangle (E&K 3.1)",
        "People introduce two of their contacts to each other now and then: triangles close, "
        "clustering rises, and the local bridges between communities disappear one by one.",
        introductions=0.03,
        bridges=True,
    ),
    _preset(
        "local-bridges",
        "Local bridges and span (E&K 3.2)",
        "The starting town with its local bridges marked: ties whose ends have no contact in "
        "common, and how far apart the ends would be without them.",
        bridges=True,
    ),
    _preset(
        "strong-triadic-closure",
        "Strong triadic closure (E&K 3.2)",
        "Two strong friends of one person become acquainted: the forbidden triad vanishes, and "
        "every local bridge that is left is a weak tie.",
        strong_triads=0.2,
        bridges=True,
    ),
    _preset(
        "overlap-and-strength",
        "Overlap and strength (E&K 3.3)",
        "Zachary's karate club, ties as strong as the number of settings the two met in: the "
        "stronger a tie, the more friends its two ends share (see the Structure tab).",
        network="karate_club",
        ties_by_strength=True,
    ),
    _preset(
        "cut-the-strong-ties",
        "Cut the strong ties (E&K 3.3)",
        "The same town as Cut the weak ties, but at step 100 every strong tie is cut: the "
        "communities crumble, yet news still crosses the town.",
        weak_tie_density=2.0,
        cut_strong_ties_at=100,
        seed=14,  # the seed of "Cut the weak ties", so the two runs compare side by side
    ),
    _preset(
        "brokers",
        "Brokers and structural holes (E&K 3.5)",
        "People coloured by brokerage: those whose contacts do not know each other span "
        "structural holes. Do they hear of more openings?",
        colour_by="brokerage",
    ),
)


def preset(key: str) -> Preset:
    """The preset called ``key`` (e.g. ``"cut-the-weak-ties"``)."""
    for candidate in PRESETS:
        if candidate.key == key:
            return candidate
    known = ", ".join(p.key for p in PRESETS)
    raise TiesimError(f"There is no preset {key!r}; the presets are: {known}.")


def preset_values(key: str, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """All parameter values of preset ``key``: its own values laid over ``base`` (or DEFAULTS).

    The lessons are about the town of communities, so a preset brings the class back to it
    from another network (``network``: ``"community"``, unless the preset says otherwise).
    """
    return {**(DEFAULTS if base is None else base), "network": "community", **preset(key).values}
