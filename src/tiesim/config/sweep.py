"""The ``sweep`` section: a grid or a sampled design over dotted config paths, times replicates."""

from __future__ import annotations

import math
from typing import Any, Literal

import numpy as np
from pydantic import Field, model_validator

from tiesim.config.base import Section


class RangeSpec(Section):
    """Evenly spaced values ``start .. stop`` (both included), ``num`` of them."""

    start: float = Field(allow_inf_nan=False)
    stop: float = Field(allow_inf_nan=False)
    num: int = Field(ge=2, le=10_000)

    def values(self) -> list[float]:
        """The values, rounded to 12 significant digits so they print cleanly."""
        return [float(f"{x:.12g}") for x in np.linspace(self.start, self.stop, self.num)]


class ParameterRange(Section):
    """The interval ``low .. high`` a sampled parameter is drawn from."""

    low: float = Field(allow_inf_nan=False)
    high: float = Field(allow_inf_nan=False)


class SampleSpec(Section):
    """Latin hypercube or Sobol (Saltelli) samples over parameter ranges, drawn with SALib.

    ``lhs`` makes ``n`` points; ``sobol`` makes ``n · (D + 2)`` points for ``D`` parameters and
    its first-order and total Sobol indices are computed from them (Saltelli 2002; Saltelli et
    al. 2010).  A parameter whose config field is an integer gets rounded sample values.
    """

    method: Literal["lhs", "sobol"]
    n: int = Field(ge=2, le=100_000)
    parameters: dict[str, ParameterRange] = Field(min_length=1)

    @model_validator(mode="after")
    def _balanced(self) -> SampleSpec:
        for path, bounds in self.parameters.items():
            if not bounds.low < bounds.high:
                raise ValueError(
                    f"config field 'sweep.sample.parameters.{path}' needs low < high "
                    f"(got low={bounds.low}, high={bounds.high})"
                )
        if self.method == "sobol" and self.n & (self.n - 1):
            raise ValueError(
                f"config field 'sweep.sample.n' must be a power of 2 for method sobol "
                f"(got {self.n})"
            )
        return self


MAX_RUNS = 1_000_000


class SweepConfig(Section):
    """Runs to make: a grid or a sample of points over dotted config paths, times ``replicates``.

    ``grid`` is full-factorial over its paths; ``sample`` is a Latin hypercube or Sobol design
    (use one or the other).  ``window`` is the final share of the steps that run summaries
    average over.
    """

    grid: dict[str, list[Any] | RangeSpec] = Field(default_factory=dict)
    sample: SampleSpec | None = None
    replicates: int = Field(1, ge=1, le=100_000)
    window: float = Field(0.25, gt=0.0, le=1.0)

    @model_validator(mode="after")
    def _one_design(self) -> SweepConfig:
        if self.grid and self.sample is not None:
            raise ValueError(
                "config fields 'sweep.grid' and 'sweep.sample' cannot both be set "
                "(use a grid or a sample)"
            )
        for path, values in self.grid.items():
            if isinstance(values, list) and not values:
                raise ValueError(f"config field 'sweep.grid.{path}' must list at least one value")
        if self.num_points() * self.replicates > MAX_RUNS:
            raise ValueError(
                f"config field 'sweep' must plan at most {MAX_RUNS} runs "
                f"(got {self.num_points()} points x {self.replicates} replicates)"
            )
        return self

    def paths(self) -> list[str]:
        """The swept (or sampled) dotted paths, in the order written."""
        return list(self.sample.parameters) if self.sample is not None else list(self.grid)

    def grid_values(self) -> dict[str, list[Any]]:
        """Each swept path with its list of values."""
        return {
            path: spec.values() if isinstance(spec, RangeSpec) else list(spec)
            for path, spec in self.grid.items()
        }

    def num_points(self) -> int:
        """How many sweep points the design has (1 without a grid or sample)."""
        if self.sample is not None:
            extra = len(self.sample.parameters) + 2 if self.sample.method == "sobol" else 1
            return self.sample.n * extra
        return math.prod(
            spec.num if isinstance(spec, RangeSpec) else len(spec) for spec in self.grid.values()
        )
