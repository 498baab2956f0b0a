"""Planning a sweep: the list of runs a config asks for, each with its own derived seed.

The grid is full-factorial over ``sweep.grid`` (dotted config paths), in the order the paths
are written, the last path varying fastest.  Seeds: ``SeedSequence(config.seed).spawn(R)`` gives
one child per replicate; replicate ``r`` uses the same seed at every grid point (common random
numbers, which sharpen comparisons between points).  The integer seed is recorded in every row,
so any run can be repeated alone with ``--set seed=<seed>`` and the point's values.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np

from tiesim.config import ExperimentConfig


@dataclass(frozen=True)
class RunSpec:
    """One planned run."""

    run_id: str
    point: int
    replicate: int
    seed: int
    overrides: dict[str, Any]

    def config(self, base: ExperimentConfig) -> ExperimentConfig:
        """The config of this run: the base with the point's values and the derived seed."""
        return base.with_overrides({**self.overrides, "seed": self.seed})


def replicate_seeds(seed: int, replicates: int) -> list[int]:
    """Integer seeds for ``replicates`` replicates, derived with ``SeedSequence.spawn``."""
    children = np.random.SeedSequence(seed).spawn(replicates)
    return [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children]


def grid_points(config: ExperimentConfig) -> list[dict[str, Any]]:
    """The sweep's points (each a dict of dotted path → value); one empty point if no grid."""
    grid = config.sweep.grid_values()
    return [dict(zip(grid, combo, strict=True)) for combo in itertools.product(*grid.values())]


def plan_runs(config: ExperimentConfig) -> list[RunSpec]:
    """Every run of the experiment, points in grid order, replicates within each point."""
    seeds = replicate_seeds(config.seed, config.sweep.replicates)
    runs = []
    for p, point in enumerate(grid_points(config)):
        for r, seed in enumerate(seeds):
            spec = RunSpec(f"p{p:04d}-r{r:04d}", p, r, seed, point)
            if r == 0:
                spec.config(config)  # check the point's values now, before anything runs
            runs.append(spec)
    return runs
