"""The ``networking`` section: people who make weak ties and use them on purpose.

Every mechanism is off by default (rate 0, rule ``none``), and then the section changes
nothing.  Field meanings are in README.md ("People who network"); the rules themselves are in
:mod:`tiesim.model.networking`.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from tiesim.config.base import Probability, Section

#: Built-in strategies (README, "People who network"), in the order of the ``strategy`` code.
STRATEGIES = ("homebody", "networker", "asks_for_interviews")
#: How a recommendation platform ranks friends of friends (also the arms of an experiment).
RANKINGS = ("most_mutual", "random", "fewest_mutual")
INTERVIEW_RULES = ("none", "weakest_first", "strongest_first", "random", "other_community_first")


class EventsConfig(Section):
    """Industry events and meet-ups: attendees who meet may form a weak tie."""

    rate: float = Field(0.0, ge=0.0, le=100.0)
    size: int = Field(20, ge=2, le=1000)
    scope: Literal["industry", "local"] = "industry"
    seeker_weight: float = Field(2.0, ge=0.0, le=1000.0)
    meet: Probability = 0.1


class OnlineConfig(Section):
    """A platform recommending friends of friends ("people you may know")."""

    rate: Probability = 0.0
    rank: Literal[RANKINGS] = "most_mutual"  # type: ignore[valid-type]
    arms: list[Literal[RANKINGS]] = Field(default_factory=list, max_length=8)  # type: ignore[valid-type]
    accept: Probability = 0.3


class ActivitiesConfig(Section):
    """Clubs, volunteering, sports: groups that meet and cut across communities."""

    groups: int = Field(0, ge=0, le=100_000)
    size: int = Field(20, ge=2, le=1000)
    homophily: Probability = 0.0
    rate: Probability = 0.25
    meet: Probability = 0.05


class InterviewsConfig(Section):
    """Job seekers asking contacts for informational interviews."""

    rule: Literal[INTERVIEW_RULES] = "none"  # type: ignore[valid-type]
    budget: float = Field(1.0, gt=0.0, le=1000.0)
    cost: float = Field(1.0, gt=0.0, le=1000.0)
    ask_again_after: int = Field(10, ge=1, le=1_000_000)
    introduce: Probability = 0.0


class ClosureConfig(Section):
    """Contacts introducing two of their own contacts to each other."""

    introductions: Probability = 0.0
    strong_triads: Probability = 0.0


class NetworkingConfig(Section):
    """People who network (off by default); see README.md, "People who network"."""

    events: EventsConfig = Field(default_factory=EventsConfig)
    online: OnlineConfig = Field(default_factory=OnlineConfig)
    activities: ActivitiesConfig = Field(default_factory=ActivitiesConfig)
    interviews: InterviewsConfig = Field(default_factory=InterviewsConfig)
    closure: ClosureConfig = Field(default_factory=ClosureConfig)
    strategies: dict[Literal[STRATEGIES], Probability] = Field(  # type: ignore[valid-type]
        default_factory=dict
    )
    networker_effort: float = Field(3.0, ge=1.0, le=1000.0)
    new_strength: float = Field(0.2, gt=0.0, le=1.0)
    step_days: float = Field(7.0, gt=0.0, le=365.0)

    @property
    def shares(self) -> dict[str, float]:
        """Every strategy's share: those given, and homebodies the rest unless given."""
        given = {name: float(share) for name, share in self.strategies.items()}
        rest = 1.0 - sum(share for name, share in given.items() if name != "homebody")
        return {name: given.get(name, rest if name == "homebody" else 0.0) for name in STRATEGIES}

    @property
    def active(self) -> bool:
        """Whether any mechanism is on (otherwise the section changes nothing)."""
        return (
            self.forms_ties
            or self.interviews.rule != "none"
            or any(share > 0 for name, share in self.shares.items() if name != "homebody")
        )

    @property
    def forms_ties(self) -> bool:
        """Whether any mechanism can form a tie."""
        return bool(
            self.events.rate > 0
            or self.online.rate > 0
            or (self.activities.groups > 0 and self.activities.rate > 0)
            or self.closure.introductions > 0
            or self.closure.strong_triads > 0
            or (self.interviews.rule != "none" and self.interviews.introduce > 0)
        )

    @property
    def interviews_on(self) -> bool:
        """Whether job seekers ask for informational interviews."""
        return self.interviews.rule != "none"

    @model_validator(mode="after")
    def _consistent(self) -> NetworkingConfig:
        total = sum(self.strategies.values())
        given = ", ".join(f"{k}: {v:g}" for k, v in self.strategies.items())
        if "homebody" in self.strategies and abs(total - 1.0) > 1e-9:
            raise ValueError(
                f"config field 'networking.strategies' must have shares summing to 1 when it "
                f"lists homebody (got {given}, sum {total:g}); leave homebody out to give "
                f"homebodies the rest"
            )
        if total > 1.0 + 1e-9:
            raise ValueError(
                f"config field 'networking.strategies' must have shares summing to at most 1 "
                f"(homebodies are the rest) (got {given}, sum {total:g})"
            )
        asks = self.strategies.get("asks_for_interviews", 0.0) > 0
        if self.interviews_on and "asks_for_interviews" not in self.strategies:
            raise ValueError(
                f"config field 'networking.interviews.rule: {self.interviews.rule}' needs people "
                f"who ask: give networking.strategies.asks_for_interviews a share (0 on purpose: "
                f"nobody asks)"
            )
        if asks and not self.interviews_on:
            raise ValueError(
                "config field 'networking.strategies.asks_for_interviews' needs a way to ask: "
                "set networking.interviews.rule (weakest_first, strongest_first, random or "
                "other_community_first)"
            )
        if self.interviews.budget < self.interviews.cost:
            raise ValueError(
                f"config field 'networking.interviews.budget' must be at least "
                f"networking.interviews.cost ({self.interviews.cost:g}), the price of one "
                f"interview (got {self.interviews.budget:g})"
            )
        if self.interviews.budget > 1000 * self.interviews.cost:
            raise ValueError(
                f"config field 'networking.interviews.budget' must buy at most 1000 interviews "
                f"a step at networking.interviews.cost ({self.interviews.cost:g}) "
                f"(got {self.interviews.budget:g})"
            )
        if len(self.online.arms) == 1:
            raise ValueError(
                f"config field 'networking.online.arms' must list at least two rankings to "
                f"randomize people over (got {self.online.arms}); for one, set "
                f"networking.online.rank"
            )
        if len(set(self.online.arms)) < len(self.online.arms):
            raise ValueError(
                f"config field 'networking.online.arms' must name each ranking once "
                f"(got {self.online.arms})"
            )
        return self
