"""One experiment: the top level of a config file."""

from __future__ import annotations

from typing import Any

from pydantic import Field, StrictInt, model_validator

from tiesim.config.base import Section
from tiesim.config.graphs import CommunityGraphConfig, GraphConfig
from tiesim.config.mechanisms import (
    JobsConfig,
    MetricsConfig,
    OutputsConfig,
    TiesConfig,
    TrendsConfig,
)
from tiesim.config.networking import NetworkingConfig
from tiesim.config.sweep import SweepConfig

#: What ``engine`` may say: a plain name (``mesa``, ``array``, an entry point's name) or a class
#: as ``package.module:Class`` or ``package.module.Class``.  Whether the name can be used is
#: checked before a run (``tiesim.runner.engine_class``): building a config imports nothing.
ENGINE_PATTERN = (
    r"^(?:[A-Za-z_][A-Za-z0-9_-]*"
    r"|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*(?::[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)?)$"
)
ENGINE_RULE = (
    "mesa, array, a class as 'package.module:Class', or the name of an entry point in group "
    "tiesim.engines"
)


class ExperimentConfig(Section):
    """One experiment: a graph, the mechanisms, how long, which seed, and where results go."""

    name: str = Field("experiment", pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=100)
    description: str = ""
    seed: StrictInt = Field(0, ge=0, le=2**63 - 1)
    steps: StrictInt = Field(200, ge=1, le=1_000_000)
    engine: str = Field("mesa", pattern=ENGINE_PATTERN, max_length=200)
    graph: GraphConfig = Field(default_factory=CommunityGraphConfig)
    jobs: JobsConfig = Field(default_factory=JobsConfig)
    trends: TrendsConfig = Field(default_factory=TrendsConfig)
    ties: TiesConfig = Field(default_factory=TiesConfig)
    networking: NetworkingConfig = Field(default_factory=NetworkingConfig)
    metrics: MetricsConfig = Field(default_factory=MetricsConfig)
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

    @model_validator(mode="after")
    def _rates_rise_with_strength(self) -> ExperimentConfig:
        graph = self.graph
        follows = self.ties.dynamics or self.networking.forms_ties
        if follows and graph.strong_contact_rate < graph.weak_contact_rate:
            why = "ties.dynamics makes" if self.ties.dynamics else "new ties (networking) take"
            raise ValueError(
                f"{why} a tie's contact rate rise with its strength, so strong "
                f"ties must talk at least as often as weak ones: graph.strong_contact_rate "
                f"({graph.strong_contact_rate:g}) < graph.weak_contact_rate "
                f"({graph.weak_contact_rate:g})"
            )
        return self

    @model_validator(mode="after")
    def _new_ties_start_weak(self) -> ExperimentConfig:
        ties, strength = self.ties, self.networking.new_strength
        if self.networking.forms_ties and ties.dynamics:
            if not ties.dissolve_below < strength < ties.promote_at:
                raise ValueError(
                    f"config field 'networking.new_strength' must be above ties.dissolve_below "
                    f"({ties.dissolve_below:g}) and below ties.promote_at ({ties.promote_at:g}) "
                    f"with ties.dynamics: a new tie starts weak (got {strength:g})"
                )
        return self

    def with_overrides(self, overrides: dict[str, Any]) -> ExperimentConfig:
        """A new config with dotted-path ``overrides`` applied (``{"jobs.job_loss": 0.02}``)."""
        from tiesim.config.loading import set_dotted, validate_config  # loading imports us

        data = self.model_dump(mode="json")
        for path, value in overrides.items():
            set_dotted(data, path, value)
        return validate_config(data)  # a new, checked config
