"""Planning a sweep: the list of runs a config asks for, each with its own derived seed.

The points come from ``sweep.grid`` (full-factorial over dotted config paths, in the order the
paths are written, the last varying fastest) or from ``sweep.sample`` (a Latin hypercube or
Sobol design, see :mod:`tiesim.runner.sampling`).  Seeds: ``SeedSequence(config.seed).spawn(R)``
gives one child per replicate; replicate ``r`` uses the same seed at every point.  That makes
every run repeatable and the points differ only by their values, but it does not pair runs
across points in general: a swept graph parameter (``graph.weak_tie_density``) changes every
draw after the graph, and replicate ``r``'s runs at two densities are then as unrelated as
runs with different seeds (README, "Sweeps").  The integer seed is recorded in every row,
and :meth:`RunSpec.config` rebuilds any run's own config from the base config, so any stored
run can be repeated alone and checked with ``tiesim rerun DIR RUN_ID``.  (``--set seed=<seed>``
would not repeat it: ``plan_runs`` derives new replicate seeds from that seed.)  A run's
numbers depend only on the config and its spec — never on the order runs execute in or on how
many workers share them.

Checking a plan does not build it: every config rule involves one section of the config
(``graph``, ``jobs``, ``steps``, ...) or sections checked together (:data:`COUPLED`), so
:func:`check_design` checks each section's distinct swept values once, with the rest of the
config as in the base.  In a grid that is every point
checked (the points are all combinations of the sections' values): a 1,000 x 1,000 grid over
two sections is 2,000 checks, not 1,000,000.  :func:`iter_specs` yields the runs one at a time.
"""

from __future__ import annotations

import copy
import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from tiesim.config import ExperimentConfig, load_config, set_dotted, validate_config
from tiesim.config.limits import check_limits
from tiesim.errors import ConfigError, shorten, shown
from tiesim.files import user_path
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


def grid_points(config: ExperimentConfig) -> Iterator[dict[str, Any]]:
    """The grid's points (each a dict of dotted path → value), one at a time, in plan order.

    One empty point if there is no grid.
    """
    grid = config.sweep.grid_values()
    for combo in itertools.product(*grid.values()):
        yield dict(zip(grid, combo, strict=True))


def design_points(config: ExperimentConfig) -> Iterator[dict[str, Any]]:
    """The sweep's points: the sample design if ``sweep.sample`` is set, else the grid."""
    if config.sweep.sample is not None:
        yield from sample_points(config)
    else:
        yield from grid_points(config)


def id_widths(config: ExperimentConfig) -> tuple[int, int]:
    """Digits of the point and replicate numbers in run ids (at least 4 each)."""
    counts = (config.sweep.num_points(), config.sweep.replicates)
    return max(4, len(str(counts[0] - 1))), max(4, len(str(counts[1] - 1)))


def count_runs(config: ExperimentConfig) -> int:
    """How many runs the plan has, without building it."""
    return config.sweep.num_points() * config.sweep.replicates


def is_planned(config: ExperimentConfig, run_id: str) -> bool:
    """Whether ``run_id`` is the id of one of the plan's runs (without building the plan)."""
    wp, wr = id_widths(config)
    match = re.fullmatch(rf"p(\d{{{wp}}})-r(\d{{{wr}}})", run_id)
    return (
        match is not None
        and int(match[1]) < config.sweep.num_points()
        and int(match[2]) < config.sweep.replicates
    )


def iter_specs(
    config: ExperimentConfig, points: list[dict[str, Any]] | None = None
) -> Iterator[RunSpec]:
    """Every run of the experiment, one at a time: points in design order, replicates within.

    ``points`` are the design's points if already drawn.  It does not check them:
    :func:`check_design` (or :func:`plan_runs`) does.
    """
    seeds = replicate_seeds(config.seed, config.sweep.replicates)
    wp, wr = id_widths(config)
    for p, point in enumerate(design_points(config) if points is None else points):
        for r, seed in enumerate(seeds):
            yield RunSpec(f"p{p:0{wp}d}-r{r:0{wr}d}", p, r, seed, point)


def plan_runs(config: ExperimentConfig) -> list[RunSpec]:
    """Every run of the experiment, points in design order, replicates within each point.

    Each point's values are checked here (:func:`check_design`), before anything runs.

    Raises
    ------
    ConfigError
        If a point's values break a config rule; the message names the point.
    """
    design = check_design(config)
    return list(iter_specs(config, design.points))


@dataclass(frozen=True)
class Variant:
    """One distinct set of values a sweep gives one config section, checked.

    ``overrides`` are the section's swept paths and values, ``config`` the base config with
    them applied, and ``first_point`` the first point (in plan order) that uses them.
    ``indices`` (grids only) holds the position of each value in its path's list.
    """

    overrides: dict[str, Any]
    config: ExperimentConfig
    first_point: int
    indices: dict[str, int]


@dataclass(frozen=True)
class CheckedDesign:
    """Each swept section's distinct values, checked (see :func:`check_design`).

    ``sections`` maps a section (``graph``, ``jobs``, ``steps``, ...) to its variants.  For a
    grid every combination of the sections' variants is a point (``strides`` turns the value
    positions into a point number); for a sample design ``point_variants[section][p]`` is the
    variant point ``p`` uses.
    """

    base: ExperimentConfig
    sections: dict[str, list[Variant]]
    strides: dict[str, int]
    point_variants: dict[str, list[int]] | None
    points: list[dict[str, Any]] | None

    def point_of(self, indices: dict[str, int]) -> int:
        """The first grid point whose values sit at ``indices`` (other paths: first value)."""
        return sum(self.strides[path] * i for path, i in indices.items())

    def point(self, index: int) -> dict[str, Any]:
        """The values of point number ``index``."""
        return self.points[index] if self.points is not None else _grid_point(self.base, index)

    def describe_point(self, index: int) -> str:
        """``"sweep point 3 (graph.n=10)"``: how error messages name a point."""
        values = ", ".join(f"{shorten(k, 60)}={shown(v)}" for k, v in self.point(index).items())
        return f"sweep point {index} ({shorten(values, 200)})"


#: Top-level fields checked with another one, because a rule involves both: ``ties.dynamics``
#: and networking that forms ties need the graph's strong ties to talk at least as often as its
#: weak ones.
COUPLED = {"ties": "graph", "networking": "graph"}


def section_of(path: str) -> str:
    """The section a dotted path is checked with (``"graph.n"`` → ``"graph"``; see COUPLED)."""
    field = path.split(".", 1)[0]
    return COUPLED.get(field, field)


def check_design(config: ExperimentConfig) -> CheckedDesign:
    """Check every point's values, one section at a time (see the module notes).

    Raises
    ------
    ConfigError
        Naming the first point (in plan order) whose values break a rule, and the rule.
    """
    check_limits(config)  # a config built in Python has not been through validate_config
    base_data = config.model_dump(mode="json")
    paths = config.sweep.paths()
    by_section: dict[str, list[str]] = {}
    for path in paths:
        by_section.setdefault(section_of(path), []).append(path)
    points: list[dict[str, Any]] | None = None
    point_variants: dict[str, list[int]] | None = None
    if config.sweep.sample is not None:
        points = sample_points(config)
        strides: dict[str, int] = {}
        found, point_variants = _sample_variants(points, by_section)
    else:
        grid = config.sweep.grid_values()
        sizes = [len(values) for values in grid.values()]
        strides = {p: math.prod(sizes[i + 1 :]) for i, p in enumerate(grid)}
        found = _grid_variants(grid, by_section, strides)
    design = CheckedDesign(config, {}, strides, point_variants, points)
    sections = design.sections
    failures: list[tuple[int, ConfigError]] = []
    for section, variants in found.items():
        checked = sections.setdefault(section, [])
        for overrides, first, indices in variants:
            try:
                variant_config = _with_section(base_data, overrides)
            except ConfigError as exc:
                failures.append((first, exc))
                continue
            checked.append(Variant(overrides, variant_config, first, indices))
    if failures:
        first, exc = min(failures, key=lambda failure: failure[0])
        raise ConfigError(f"{design.describe_point(first)}: {exc}") from None
    return design


def _with_section(base_data: dict[str, Any], overrides: dict[str, Any]) -> ExperimentConfig:
    """The base config (as data) with one section's overrides applied, validated."""
    data = dict(base_data)
    for field in {path.split(".", 1)[0] for path in overrides}:
        data[field] = copy.deepcopy(base_data.get(field))
    for path, value in overrides.items():
        set_dotted(data, path, value)
    return validate_config(data)


def _grid_variants(
    grid: dict[str, list[Any]], by_section: dict[str, list[str]], strides: dict[str, int]
) -> dict[str, list[tuple[dict[str, Any], int, dict[str, int]]]]:
    found = {}
    for section, paths in by_section.items():
        ranges = [range(len(grid[path])) for path in paths]
        found[section] = [
            (
                {path: grid[path][i] for path, i in zip(paths, combo, strict=True)},
                sum(strides[path] * i for path, i in zip(paths, combo, strict=True)),
                dict(zip(paths, combo, strict=True)),
            )
            for combo in itertools.product(*ranges)
        ]
    return found


def _sample_variants(
    points: list[dict[str, Any]], by_section: dict[str, list[str]]
) -> tuple[dict[str, list[tuple[dict[str, Any], int, dict[str, int]]]], dict[str, list[int]]]:
    found: dict[str, list[tuple[dict[str, Any], int, dict[str, int]]]] = {}
    point_variants: dict[str, list[int]] = {}
    for section, paths in by_section.items():
        seen: dict[tuple[Any, ...], int] = {}
        variants = found.setdefault(section, [])
        used = point_variants.setdefault(section, [])
        for p, point in enumerate(points):
            key = tuple(point[path] for path in paths)
            if key not in seen:
                seen[key] = len(variants)
                variants.append(({path: point[path] for path in paths}, p, {}))
            used.append(seen[key])
    return found, point_variants


def _grid_point(config: ExperimentConfig, index: int) -> dict[str, Any]:
    """Grid point number ``index`` (the last path varying fastest), without listing the rest."""
    grid = config.sweep.grid_values()
    point = {}
    for path in reversed(list(grid)):
        index, i = divmod(index, len(grid[path]))
        point[path] = grid[path][i]
    return dict(reversed(list(point.items())))


def as_config(
    config: ExperimentConfig | str | Path | dict[str, Any], overrides: dict[str, Any] | None = None
) -> ExperimentConfig:
    """Accept a config object, a YAML path or a mapping, and apply dotted overrides."""
    if isinstance(config, ExperimentConfig):
        return config.with_overrides(overrides) if overrides else config
    if isinstance(config, dict):
        return validate_config(config).with_overrides(overrides or {})
    return load_config(config, overrides)


def default_out_dir(config: ExperimentConfig) -> Path:
    """``<outputs.dir>/<name>`` (``~`` in ``outputs.dir`` is the home folder)."""
    return user_path(config.outputs.dir, "config field 'outputs.dir'") / config.name
