"""The ``jobs``, ``trends``, ``ties``, ``metrics`` and ``outputs`` sections."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator, model_validator

from tiesim.config.base import Probability, Section


class JobsConfig(Section):
    """The labour market (Calvó-Armengol & Jackson 2004, with hops, lifetimes, locality)."""

    initial_employment: Probability = 0.9
    job_arrival: Probability = 0.1
    job_loss: Probability = 0.015
    passing: Literal["random", "strongest", "weakest"] = "random"
    max_hops: int = Field(1, ge=1, le=16)
    lead_lifetime: int = Field(1, ge=1)
    job_locality: Probability = 0.0
    demand_share: float = Field(0.1, gt=0.0, le=1.0)


class TrendsConfig(Section):
    """Novel information items spreading as simple or complex contagion (Centola & Macy 2007).

    ``seed_contacts``: when true, a new item starts with its first adopter *and* everyone tied
    to that agent at that moment (active today or not), as Centola & Macy seed a focal node and
    its neighbours, so that complex contagion (``threshold`` >= 2) can spread without
    ``below_threshold``; it draws no extra random numbers.

    ``topics_per_community``: 0 (the default) makes every item its own topic.  Above 0 each
    community has that many topics, every item is the news of one topic of the community where
    it starts, and a new item on a topic supersedes the topic's current one, which stops
    spreading (Aral & Van Alstyne 2011: a finite topic space whose content refreshes; README,
    "Trends").
    """

    rate: float = Field(0.0, ge=0.0, le=100.0)
    contagion: Literal["simple", "complex"] = "simple"
    transmission: Probability = 0.3
    threshold: int = Field(2, ge=1)
    below_threshold: Probability = 0.0
    horizon: int = Field(100, ge=1)
    seed_contacts: bool = False
    topics_per_community: int = Field(0, ge=0, le=10_000)


MAINTENANCE_RULES = ("none", "strong_first", "weak_first", "oldest_first", "random", "split")


class TiesConfig(Section):
    """Living ties: strength that grows with use and fades without, check-ins under a budget.

    Both parts are off by default (``dynamics: false``, ``maintenance: none``), and then the
    graph stays as built.  Field meanings are in README.md ("Living ties").  Boorman (1975) is
    the model of the budget: a check-in on a strong tie costs ``strong_cost_ratio`` times one on
    a weak tie.
    """

    dynamics: bool = False
    half_life_strong: float = Field(52.0, gt=0.0)
    half_life_weak: float = Field(13.0, gt=0.0)
    growth: float = Field(0.05, gt=0.0, le=1.0)
    promote_at: float = Field(0.5, gt=0.0, le=1.0)
    demote_below: float = Field(0.4, gt=0.0, le=1.0)
    dissolve_below: float = Field(0.02, gt=0.0, lt=1.0)
    maintenance: Literal[MAINTENANCE_RULES] = "none"  # type: ignore[valid-type]
    budget: float = Field(0.0, ge=0.0)
    budget_unemployed: float | None = Field(None, ge=0.0)
    checkin_cost: float = Field(1.0, gt=0.0)
    strong_cost_ratio: float = Field(3.0, ge=1.0)
    strong_share: Probability = 0.5
    checkin_after: int = Field(1, ge=1, le=1_000_000)

    @property
    def active(self) -> bool:
        """Whether ties change at all (strength dynamics or check-ins)."""
        return self.dynamics or self.checks_in

    @property
    def checks_in(self) -> bool:
        """Whether people check in on ties (a maintenance rule other than ``none``)."""
        return self.maintenance != "none"

    @property
    def unemployed_budget(self) -> float:
        """Time per step of an agent looking for work (``budget_unemployed``, else ``budget``)."""
        return self.budget if self.budget_unemployed is None else self.budget_unemployed

    @model_validator(mode="after")
    def _consistent(self) -> TiesConfig:
        if not self.dissolve_below < self.demote_below <= self.promote_at:
            raise ValueError(
                f"config fields must satisfy ties.dissolve_below < ties.demote_below <= "
                f"ties.promote_at (got {self.dissolve_below:g}, {self.demote_below:g}, "
                f"{self.promote_at:g})"
            )
        if self.maintenance == "none":
            return self
        budgets = {"ties.budget": self.budget, "ties.budget_unemployed": self.unemployed_budget}
        for name, value in budgets.items():
            if 0 < value < self.checkin_cost:
                raise ValueError(
                    f"config field '{name}' must be 0 or at least ties.checkin_cost "
                    f"({self.checkin_cost:g}), the price of one check-in (got {value:g})"
                )
        if max(budgets.values()) == 0:
            raise ValueError(
                f"config field 'ties.maintenance: {self.maintenance}' needs time to spend: "
                f"ties.budget or ties.budget_unemployed must be at least ties.checkin_cost "
                f"({self.checkin_cost:g}) (got 0)"
            )
        return self


#: Steps of news an agent's recent information diversity counts (``metrics.diversity_window``).
DIVERSITY_WINDOW = 20


class MetricsConfig(Section):
    """How the per-step metrics are measured (README, "Metrics").

    ``diversity_window``: ``news_diversity`` and ``trend_diversity`` count, per agent, the
    distinct communities it heard news from in the last ``diversity_window`` steps (this step
    and the ``diversity_window - 1`` before it).
    """

    diversity_window: int = Field(DIVERSITY_WINDOW, ge=1, le=10_000)


FIGURE_FORMATS = ("png", "svg", "pdf")


class OutputsConfig(Section):
    """What ``tiesim run`` writes besides the Parquet tables."""

    dir: str = "results"
    csv: bool = True
    plot: bool = True
    formats: tuple[Literal[FIGURE_FORMATS], ...] = ("png",)  # type: ignore[valid-type]

    @field_validator("formats", mode="before")
    @classmethod
    def _one_format_as_a_list(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @model_validator(mode="after")
    def _formats_listed_once(self) -> OutputsConfig:
        if not self.formats or len(set(self.formats)) != len(self.formats):
            raise ValueError(
                f"config field 'outputs.formats' must list each of png, svg, pdf at most once, "
                f"and at least one (got {list(self.formats)})"
            )
        return self
