"""Shared pieces of the config schema: frozen sections that refuse unknown keys."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

Probability = Annotated[float, Field(ge=0.0, le=1.0)]


class Section(BaseModel):
    """A config section: unknown keys refused, values checked, frozen once built."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)
