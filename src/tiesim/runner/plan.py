"""Planning a sweep: the list of runs a config asks for, each with its own derived seed.

The points come from ``sweep.grid`` (full-factorial over dotted config paths, in the order the
paths are written, the last varying fastest) or from ``sweep.sample`` (a Latin hypercube or
Sobol design, see :mod:`tiesim.runner.sampling`).  Seeds: ``SeedSequence(config.seed).spawn(R)``
gives one child per replicate; replicate ``r`` uses the same seed at every point (common random
numbers, which sharpen comparisons between points).  The integer seed is recorded in every row,
and :meth:`RunSpec.config` rebuilds any run's own config from the base config, so any stored
run can be repeated alone and checked with ``tiesim rerun DIR RUN_ID``.  (``--set seed=<seed>``
would not repeat it: ``plan_runs`` derives new replicate seeds from that seed.)  A run's
numbers depend only on the config and its spec — never on the order runs execute in or on how
many workers share them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from tiesim.config import ExperimentConfig
from tiesim.errors import ConfigError
from tiesim.runner.sampling import sample_points


@dataclass(frozen=True)
class RunSpec:
    """One planned run: its id, sweep point, replicate, seed and the point's values."""

    run_id: str
    point: int
    replicate: int
    seed: int
    overrides: dict[str, Any]

    def config(self, base: ExperimentConfig) -> ExperimentConfig:
        """The config of this run: the base with the point's values and the derived seed."""
        return base.with_overrides({**self.overrides, "seed": self.seed})


def replicate_seeds(seed: int, replicates: int) -> list[int]:
    """Integer seeds for ``replicates`` replicates, derived with ``SeedSequence.spawn``.

    Examples
    --------
    >>> replicate_seeds(7, 2) == replicate_seeds(7, 3)[:2]
    True
    """
    children = np.random.SeedSequence(seed).spawn(replicates)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children]


def grid_points(config: ExperimentConfig) -> list[dict[str, Any]]:
    """The grid's points (each a dict of dotted path → value); one empty point if no grid."""
    grid = config.sweep.grid_values()
    return [dict(zip(grid, combo, strict=True)) for combo in itertools.product(*grid.values())]


def design_points(config: ExperimentConfig) -> list[dict[str, Any]]:
    """The sweep's points: the sample design if ``sweep.sample`` is set, else the grid."""
    return sample_points(config) if config.sweep.sample is not None else grid_points(config)


def plan_runs(config: ExperimentConfig) -> list[RunSpec]:
    """Every run of the experiment, points in design order, replicates within each point.

    Each point's config is validated here, before anything runs.

    Raises
    ------
    ConfigError
        If a point's values break a config rule; the message names the point.
    """
    seeds = replicate_seeds(config.seed, config.sweep.replicates)
    points = design_points(config)
    wp, wr = (max(4, len(str(k - 1))) for k in (len(points), len(seeds)))
    runs = []
    for p, point in enumerate(points):
        try:
            config.with_overrides(point)
        except ConfigError as exc:
            shown = ", ".join(f"{k}={v!r}" for k, v in point.items())
            raise ConfigError(f"sweep point {p} ({shown}): {exc}") from None
        runs.extend(
            RunSpec(f"p{p:0{wp}d}-r{r:0{wr}d}", p, r, seed, point) for r, seed in enumerate(seeds)
        )
    return runs
