"""The experiment schema: what a YAML config may say, checked before anything runs.

A config has a ``name``, a ``seed``, a number of ``steps``, an ``engine``, and four sections:
``graph`` (which social graph to build), ``jobs`` (the labour-market mechanism), ``trends``
(novel information spreading as contagion) and ``outputs``.  Unknown keys are errors, every value
is range-checked, and a config is frozen once built.  Building a config does no work; running
does.  Field meanings are documented in README.md ("Config reference").
"""

from __future__ import annotations

import copy
import math
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
import yaml
from pydantic import BaseModel, ConfigDict, Field, StrictInt, ValidationError, model_validator

from tiesim.errors import ConfigError
from tiesim.graphs.ties import SocialGraph

Probability = Annotated[float, Field(ge=0.0, le=1.0)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class _GraphBase(_Section):
    strong_contact_rate: Probability = 0.5
    weak_contact_rate: Probability = 0.1


class CommunityGraphConfig(_GraphBase):
    """Communities with strong ties inside and ``weak_tie_density`` weak ties per agent."""

    kind: Literal["community"] = "community"
    n: int = Field(1000, ge=2)
    community_size: int = Field(20, ge=2)
    strong_degree: float = Field(6.0, ge=0.0)
    weak_tie_density: float = Field(1.0, ge=0.0)
    weak_within: Probability = 0.0

    @model_validator(mode="after")
    def _fits(self) -> CommunityGraphConfig:
        between = self.weak_tie_density > 0 and self.weak_within < 1
        if between and self.community_size >= self.n:
            raise ValueError(
                f"graph.community_size must be < graph.n when weak ties join different "
                f"communities (got community_size={self.community_size}, n={self.n})"
            )
        if self.strong_degree > self.community_size - 1:
            raise ValueError(
                f"graph.strong_degree must be <= graph.community_size - 1 "
                f"(got strong_degree={self.strong_degree}, community_size={self.community_size})"
            )
        return self

    def build(self, rng: np.random.Generator) -> SocialGraph:
        """Generate the graph from ``rng``."""
        from tiesim.graphs.generators import community_graph

        return community_graph(
            self.n,
            self.community_size,
            self.strong_degree,
            self.weak_tie_density,
            seed=rng,
            weak_within=self.weak_within,
            strong_contact_rate=self.strong_contact_rate,
            weak_contact_rate=self.weak_contact_rate,
        )


class SmallWorldGraphConfig(_GraphBase):
    """Watts–Strogatz ring: lattice ties strong, rewired ties weak."""

    kind: Literal["small_world"]
    n: int = Field(1000, ge=3)
    k: int = Field(10, ge=2)
    p: Probability = 0.1
    community_size: int = Field(10, ge=2)

    @model_validator(mode="after")
    def _fits(self) -> SmallWorldGraphConfig:
        if self.k % 2 or self.k >= self.n:
            raise ValueError(f"graph.k must be even and < graph.n (got k={self.k}, n={self.n})")
        return self

    def build(self, rng: np.random.Generator) -> SocialGraph:
        """Generate the graph from ``rng``."""
        from tiesim.graphs.generators import small_world_graph

        return small_world_graph(
            self.n,
            self.k,
            self.p,
            seed=rng,
            community_size=self.community_size,
            strong_contact_rate=self.strong_contact_rate,
            weak_contact_rate=self.weak_contact_rate,
        )


class BlockModelGraphConfig(_GraphBase):
    """Stochastic block model: ties within blocks strong, between blocks weak."""

    kind: Literal["block_model"]
    n: int = Field(1000, ge=2)
    community_size: int = Field(20, ge=2)
    p_in: Probability = 0.3
    p_out: Probability = 0.001

    def build(self, rng: np.random.Generator) -> SocialGraph:
        """Generate the graph from ``rng``."""
        from tiesim.graphs.generators import block_model_graph

        return block_model_graph(
            self.n,
            self.community_size,
            self.p_in,
            self.p_out,
            seed=rng,
            strong_contact_rate=self.strong_contact_rate,
            weak_contact_rate=self.weak_contact_rate,
        )


class FileGraphConfig(_GraphBase):
    """A graph read from GraphML, GML or an edge-list CSV."""

    kind: Literal["file"]
    path: str
    tie_attribute: str = "tie"
    weight_attribute: str = "weight"
    weak_threshold: float | None = None
    community_attribute: str = "community"
    overlap_threshold: float | None = Field(None, ge=0.0, le=1.0)

    def build(self, rng: np.random.Generator) -> SocialGraph:
        """Read the file (community detection, if needed, is seeded from ``rng``)."""
        from tiesim.graphs.io import load_graph

        return load_graph(
            self.path,
            tie_attribute=self.tie_attribute,
            weight_attribute=self.weight_attribute,
            weak_threshold=self.weak_threshold,
            community_attribute=self.community_attribute,
            overlap_threshold=self.overlap_threshold,
            strong_contact_rate=self.strong_contact_rate,
            weak_contact_rate=self.weak_contact_rate,
            seed=rng,
        )


GraphConfig = Annotated[
    CommunityGraphConfig | SmallWorldGraphConfig | BlockModelGraphConfig | FileGraphConfig,
    Field(discriminator="kind"),
]


class JobsConfig(_Section):
    """The labour market (Calvó-Armengol & Jackson 2004, with hops, lifetimes, locality)."""

    initial_employment: Probability = 0.9
    job_arrival: Probability = 0.1
    job_loss: Probability = 0.015
    passing: Literal["random", "strongest", "weakest"] = "random"
    max_hops: int = Field(1, ge=1, le=16)
    lead_lifetime: int = Field(1, ge=1)
    job_locality: Probability = 0.0
    demand_share: float = Field(0.1, gt=0.0, le=1.0)


class TrendsConfig(_Section):
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


class OutputsConfig(_Section):
    """What ``tiesim run`` writes besides the Parquet tables."""

    dir: str = "results"
    csv: bool = True
    plot: bool = True


class RangeSpec(_Section):
    """Evenly spaced values ``start .. stop`` (both included), ``num`` of them."""

    start: float = Field(allow_inf_nan=False)
    stop: float = Field(allow_inf_nan=False)
    num: int = Field(ge=2, le=10_000)

    def values(self) -> list[float]:
        """The values, rounded to 12 significant digits so they print cleanly."""
        return [float(f"{x:.12g}") for x in np.linspace(self.start, self.stop, self.num)]


class ParameterRange(_Section):
    """The interval ``low .. high`` a sampled parameter is drawn from."""

    low: float = Field(allow_inf_nan=False)
    high: float = Field(allow_inf_nan=False)


class SampleSpec(_Section):
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


class SweepConfig(_Section):
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


class ExperimentConfig(_Section):
    """One experiment: a graph, the mechanisms, how long, which seed, and where results go."""

    name: str = Field("experiment", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=100)
    description: str = ""
    seed: StrictInt = Field(0, ge=0, le=2**63 - 1)
    steps: StrictInt = Field(200, ge=1, le=1_000_000)
    engine: Literal["mesa", "array"] = "mesa"
    graph: GraphConfig = Field(default_factory=CommunityGraphConfig)
    jobs: JobsConfig = Field(default_factory=JobsConfig)
    trends: TrendsConfig = Field(default_factory=TrendsConfig)
    outputs: OutputsConfig = Field(default_factory=OutputsConfig)
    sweep: SweepConfig = Field(default_factory=SweepConfig)

    @model_validator(mode="before")
    @classmethod
    def _default_graph_kind(cls, data: Any) -> Any:
        graph = data.get("graph") if isinstance(data, dict) else None
        if isinstance(graph, dict) and "kind" not in graph:
            data = {**data, "graph": {"kind": "community", **graph}}
        return data

    @model_validator(mode="after")
    def _sweep_paths_exist(self) -> ExperimentConfig:
        for path in self.sweep.paths():
            if path.split(".")[0] in {"sweep", "name", "seed", "outputs", "description"}:
                raise ValueError(f"config field 'sweep' cannot vary '{path}'")
        return self

    def with_overrides(self, overrides: dict[str, Any]) -> ExperimentConfig:
        """A new config with dotted-path ``overrides`` applied (``{"jobs.job_loss": 0.02}``)."""
        data = self.model_dump(mode="json")
        for path, value in overrides.items():
            set_dotted(data, path, value)
        return validate_config(data)


def set_dotted(data: dict[str, Any], path: str, value: Any) -> None:
    """Set ``data[a][b][c] = value`` for ``path = "a.b.c"``, creating missing sections.

    Under ``sweep.grid.`` the rest of the path is one key (a swept dotted path), so
    ``sweep.grid.jobs.job_loss=[0.01, 0.02]`` sweeps ``jobs.job_loss``.  Unknown names are
    caught afterwards by validation, which names the field.
    """
    keys = path.split(".")
    if keys[:2] == ["sweep", "grid"] and len(keys) > 3:
        keys = [*keys[:2], ".".join(keys[2:])]
    node: Any = data
    for key in keys[:-1]:
        child = node.setdefault(key, {})
        if not isinstance(child, dict):
            raise ConfigError(f"config field '{path}' does not exist ('{key}' is not a section)")
        node = child
    node[keys[-1]] = value


_GRAPH_KINDS = ("community", "small_world", "block_model", "file")


def _field(loc: tuple[Any, ...]) -> tuple[str, bool]:
    """Dotted field name from a pydantic location, and whether it passed a union member."""
    parts, union = [], False
    for i, part in enumerate(loc):
        text = str(part)
        if text.endswith(("Config", "Spec")) or text.startswith("list["):
            union = True
        elif i == 1 and loc[0] == "graph" and text in _GRAPH_KINDS:
            continue
        else:
            parts.append(text)
    return ".".join(parts) or "config", union


def _describe(error: dict[str, Any]) -> str:
    field, union = _field(error["loc"])
    kind, ctx = error["type"], error.get("ctx", {})
    got = error.get("input")
    if union and field.startswith("sweep.grid."):
        return (
            f"config field '{field}' must be a list of values or a mapping "
            f"{{start, stop, num}} with num >= 2"
        )
    if kind == "extra_forbidden":
        return f"config field '{field}' is not a known field (remove it or check its spelling)"
    if kind == "missing":
        return f"config field '{field}' is required"
    if kind in ("union_tag_invalid", "union_tag_not_found"):
        return (
            f"config field '{field}.kind' must be one of {', '.join(_GRAPH_KINDS)} "
            f"(got {got.get('kind') if isinstance(got, dict) else got!r})"
        )
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    rules = {
        "greater_than_equal": ">= {ge}",
        "less_than_equal": "<= {le}",
        "greater_than": "> {gt}",
        "less_than": "< {lt}",
    }
    if kind == "string_pattern_mismatch" and field == "name":
        return (
            f"config field 'name' must start with a letter or digit and hold only letters, "
            f"digits, '_', '.' and '-' (got {got!r})"
        )
    message = error["msg"]
    rule = rules.get(kind, "").format(**ctx) if kind in rules else message[:1].lower() + message[1:]
    rule = rule.removeprefix("input should be ").removeprefix("value should be ")
    shown = repr(got)
    if len(shown) > 60:
        shown = shown[:57] + "..."
    return f"config field '{field}' must be {rule} (got {shown})"


def validate_config(data: Any) -> ExperimentConfig:
    """Check a parsed config (a mapping) and return it frozen, or raise :class:`ConfigError`.

    All violations are reported in one line, separated by ``;``.
    """
    if not isinstance(data, dict):
        raise ConfigError(f"config must be a mapping of fields, got {type(data).__name__}")
    try:
        return ExperimentConfig.model_validate(copy.deepcopy(data))
    except ValidationError as exc:
        messages = dict.fromkeys(_describe(e) for e in exc.errors())  # ordered, no repeats
        one_line = "; ".join(messages).translate(_ESCAPE_CONTROL)  # keys may hold newlines
        raise ConfigError(one_line) from None


_ESCAPE_CONTROL = {c: repr(chr(c))[1:-1] for c in [*range(32), 127]}


def load_config(path: str | Path, overrides: dict[str, Any] | None = None) -> ExperimentConfig:
    """Read a YAML config (``yaml.safe_load``), apply dotted overrides, and validate it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file '{path}' does not exist") from None
    except (IsADirectoryError, PermissionError, UnicodeDecodeError) as exc:
        raise ConfigError(f"config file '{path}' cannot be read: {exc}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"config file '{path}' is not valid YAML{where}") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"config file '{path}' must hold a mapping of fields at the top level")
    for key, value in (overrides or {}).items():
        set_dotted(data, key, value)
    return validate_config(data)
