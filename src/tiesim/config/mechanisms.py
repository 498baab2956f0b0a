"""The ``jobs``, ``trends`` and ``outputs`` sections."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

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
    """

    rate: float = Field(0.0, ge=0.0, le=100.0)
    contagion: Literal["simple", "complex"] = "simple"
    transmission: Probability = 0.3
    threshold: int = Field(2, ge=1)
    below_threshold: Probability = 0.0
    horizon: int = Field(100, ge=1)
    seed_contacts: bool = False


class OutputsConfig(Section):
    """What ``tiesim run`` writes besides the Parquet tables."""

    dir: str = "results"
    csv: bool = True
    plot: bool = True
