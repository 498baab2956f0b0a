"""The experiment schema: what a YAML config may say, checked before anything runs.

A config has a ``name``, a ``seed``, a number of ``steps``, an ``engine``, and seven sections:
``graph`` (which social graph to build), ``jobs`` (the labour-market mechanism), ``trends``
(novel information spreading as contagion), ``ties`` (ties that fade unless kept up),
``networking`` (people who make ties and use them on purpose), ``metrics`` (how the per-step
metrics are measured) and ``outputs``.  Unknown keys are errors, every value is range-checked,
and a config is frozen once built.  Building a config does no work; running does.  Field
meanings are documented in README.md ("Config reference").

Modules: ``base`` (shared section type), ``graphs``, ``mechanisms`` (jobs, trends, ties, metrics,
outputs), ``networking``, ``sweep``, ``experiment`` (the top level) and ``loading`` (YAML,
overrides, error messages).
"""

from tiesim.config.experiment import ExperimentConfig
from tiesim.config.graphs import (
    GRAPH_KINDS,
    BlockModelGraphConfig,
    CommunityGraphConfig,
    DatasetGraphConfig,
    FileGraphConfig,
    GraphConfig,
    LayeredGraphConfig,
    LayerSpec,
    RewiredLatticeGraphConfig,
    SmallWorldGraphConfig,
)
from tiesim.config.loading import load_config, set_dotted, validate_config
from tiesim.config.mechanisms import (
    MAINTENANCE_RULES,
    JobsConfig,
    MetricsConfig,
    OutputsConfig,
    TiesConfig,
    TrendsConfig,
)
from tiesim.config.networking import STRATEGIES, NetworkingConfig
from tiesim.config.sweep import MAX_RUNS, ParameterRange, RangeSpec, SampleSpec, SweepConfig

__all__ = [
    "GRAPH_KINDS",
    "MAINTENANCE_RULES",
    "MAX_RUNS",
    "STRATEGIES",
    "BlockModelGraphConfig",
    "CommunityGraphConfig",
    "DatasetGraphConfig",
    "ExperimentConfig",
    "FileGraphConfig",
    "GraphConfig",
    "JobsConfig",
    "LayerSpec",
    "LayeredGraphConfig",
    "MetricsConfig",
    "NetworkingConfig",
    "OutputsConfig",
    "ParameterRange",
    "RangeSpec",
    "RewiredLatticeGraphConfig",
    "SampleSpec",
    "SmallWorldGraphConfig",
    "SweepConfig",
    "TiesConfig",
    "TrendsConfig",
    "load_config",
    "set_dotted",
    "validate_config",
]
