"""The ``graph`` section: which social graph to build, one class per ``kind``."""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import Field, model_validator

from tiesim.config.base import Probability, Section
from tiesim.errors import TiesimError, shown
from tiesim.graphs.ties import SocialGraph


class _GraphBase(Section):
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


class _RingGraphBase(_GraphBase):
    """A ring of ``n`` agents, each tied to its ``k`` nearest, a share ``p`` of ties rewired."""

    n: int = Field(1000, ge=3)
    k: int = Field(10, ge=2)
    p: Probability = 0.1
    community_size: int = Field(10, ge=2)

    @model_validator(mode="after")
    def _fits(self) -> _RingGraphBase:
        if self.k % 2 or self.k >= self.n:
            raise ValueError(f"graph.k must be even and < graph.n (got k={self.k}, n={self.n})")
        return self

    def _generate(self, generator, rng: np.random.Generator) -> SocialGraph:
        return generator(
            self.n,
            self.k,
            self.p,
            seed=rng,
            community_size=self.community_size,
            strong_contact_rate=self.strong_contact_rate,
            weak_contact_rate=self.weak_contact_rate,
        )


class SmallWorldGraphConfig(_RingGraphBase):
    """Watts–Strogatz ring: lattice ties strong, rewired ties weak."""

    kind: Literal["small_world"]

    def build(self, rng: np.random.Generator) -> SocialGraph:
        """Generate the graph from ``rng``."""
        from tiesim.graphs.generators import small_world_graph

        return self._generate(small_world_graph, rng)


class RewiredLatticeGraphConfig(_RingGraphBase):
    """Ring lattice rewired by degree-preserving swaps (Centola & Macy 2007): every degree is k.

    ``p`` is the share of lattice ties rewired (each with probability ``p``), as in
    ``small_world``; swapped ties are weak, lattice ties strong.
    """

    kind: Literal["rewired_lattice"]

    def build(self, rng: np.random.Generator) -> SocialGraph:
        """Generate the graph from ``rng``."""
        from tiesim.graphs.rewiring import rewired_lattice_graph

        return self._generate(rewired_lattice_graph, rng)


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

    def read_options(self) -> dict:
        """How to read the file: :func:`tiesim.graphs.load_graph`'s keyword arguments but ``seed``.

        ``tiesim validate`` reads the file with the same ones (``check_graph_file``).
        """
        return {
            "tie_attribute": self.tie_attribute,
            "weight_attribute": self.weight_attribute,
            "weak_threshold": self.weak_threshold,
            "community_attribute": self.community_attribute,
            "overlap_threshold": self.overlap_threshold,
            "strong_contact_rate": self.strong_contact_rate,
            "weak_contact_rate": self.weak_contact_rate,
        }

    def build(self, rng: np.random.Generator) -> SocialGraph:
        """Read the file (community detection, if needed, is seeded from ``rng``)."""
        from tiesim.graphs.io import load_graph

        return load_graph(self.path, **self.read_options(), seed=rng)


class DatasetGraphConfig(_GraphBase):
    """A real network networkx ships; ties and communities inferred as for a file."""

    kind: Literal["dataset"]
    name: Literal[
        "karate_club", "les_miserables", "florentine_families", "davis_southern_women"
    ] = "karate_club"
    weak_threshold: float | None = None
    overlap_threshold: float | None = Field(None, ge=0.0, le=1.0)
    communities: Literal["known", "detected"] = "known"

    @model_validator(mode="after")
    def _has_weights(self) -> DatasetGraphConfig:
        from tiesim.graphs.datasets import DATASETS

        if self.weak_threshold is not None and not DATASETS[self.name].weighted:
            raise ValueError(
                f"graph.weak_threshold needs tie weights, which graph.name {self.name} does "
                f"not have (got weak_threshold={self.weak_threshold:g}; leave it out to infer "
                "weak ties from overlap)"
            )
        return self

    def build(self, rng: np.random.Generator) -> SocialGraph:
        """Build the data set's graph (community detection, if needed, is seeded from ``rng``)."""
        from tiesim.graphs.datasets import dataset_graph

        return dataset_graph(
            self.name,
            seed=rng,
            weak_threshold=self.weak_threshold,
            overlap_threshold=self.overlap_threshold,
            communities=self.communities,
            strong_contact_rate=self.strong_contact_rate,
            weak_contact_rate=self.weak_contact_rate,
        )


# ------------------------------------------------------------------ layered (Dunbar)
class LayerSpec(Section):
    """One layer of a layered graph: how many ties, of which type, how often they talk."""

    name: str = Field("", max_length=40)
    degree: float = Field(ge=0.0)
    tie: Literal["strong", "weak"]
    contact_rate: Probability
    strength: tuple[float, float] | None = None
    within: Probability = 1.0

    def strength_range(self) -> tuple[float, float]:
        """``(low, high]`` of its ties' strengths: as given, else the generators' for its type."""
        if self.strength is not None:
            return self.strength
        from tiesim.graphs.generators import STRONG_STRENGTH, WEAK_STRENGTH

        return STRONG_STRENGTH if self.tie == "strong" else WEAK_STRENGTH


STRENGTH_RULE = "a number in (0, 1] or a pair [low, high] with 0 <= low <= high <= 1 and high > 0"


def _strength_pair(value: Any) -> tuple[float, float] | None:
    """A layer's ``strength`` as ``(low, high)`` (a number x gives ``(x, x)``), or None if bad."""

    def number(x: Any) -> bool:
        return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)

    if number(value):
        value = [value, value]
    if not (isinstance(value, list | tuple) and len(value) == 2 and all(map(number, value))):
        return None
    low, high = float(value[0]), float(value[1])
    return (low, high) if 0.0 <= low <= high <= 1.0 and high > 0.0 else None


class LayeredGraphConfig(_GraphBase):
    """Dunbar-like layers of ties (intimate, close, acquaintances), each its own contact rate.

    ``strong_contact_rate`` and ``weak_contact_rate`` apply only to ties formed during a run
    (networking) and to the contact rate that follows strength under ``ties.dynamics``; the
    generated ties take their layer's ``contact_rate``.
    """

    kind: Literal["layered"]
    n: int = Field(1000, ge=2)
    community_size: int = Field(50, ge=2)
    layers: list[LayerSpec] = Field(min_length=1, max_length=16)

    @model_validator(mode="before")
    @classmethod
    def _strength_pairs(cls, data: Any) -> Any:
        layers = data.get("layers") if isinstance(data, dict) else None
        if not isinstance(layers, list):
            return data
        fixed = []
        for index, layer in enumerate(layers):
            if isinstance(layer, dict) and layer.get("strength") is not None:
                pair = _strength_pair(layer["strength"])
                if pair is None:
                    raise ValueError(
                        f"config field 'graph.layers.{index}.strength' must be {STRENGTH_RULE} "
                        f"(got {shown(layer['strength'])})"
                    )
                layer = {**layer, "strength": pair}
            fixed.append(layer)
        return {**data, "layers": fixed}

    @model_validator(mode="after")
    def _fits(self) -> LayeredGraphConfig:
        from tiesim.graphs.layered import _check_room

        layers, counts = self.generator_layers(), self.tie_counts()
        field = "config field 'graph.layers.{}'"
        try:
            _check_room(self.n, self.community_size, layers, counts, field)
        except TiesimError as exc:
            raise ValueError(str(exc)) from None
        return self

    def generator_layers(self) -> list:
        """The layers as :class:`tiesim.graphs.layered.Layer` values."""
        from tiesim.graphs.layered import Layer
        from tiesim.graphs.ties import Tie

        return [
            Layer(
                degree=spec.degree,
                tie=Tie.STRONG if spec.tie == "strong" else Tie.WEAK,
                contact_rate=spec.contact_rate,
                strength=spec.strength_range(),
                within=spec.within,
                name=spec.name,
            )
            for spec in self.layers
        ]

    def tie_counts(self) -> list[tuple[int, int]]:
        """Ties each layer places, ``(inside communities, between)``."""
        from tiesim.graphs.layered import layer_tie_counts

        return layer_tie_counts(self.n, self.generator_layers())

    def build(self, rng: np.random.Generator) -> SocialGraph:
        """Generate the graph from ``rng``."""
        from tiesim.graphs.layered import layered_graph

        return layered_graph(self.n, self.community_size, self.generator_layers(), seed=rng)


GraphConfig = Annotated[
    CommunityGraphConfig
    | SmallWorldGraphConfig
    | RewiredLatticeGraphConfig
    | BlockModelGraphConfig
    | FileGraphConfig
    | DatasetGraphConfig
    | LayeredGraphConfig,
    Field(discriminator="kind"),
]


GRAPH_KINDS = (
    "community",
    "small_world",
    "rewired_lattice",
    "block_model",
    "file",
    "dataset",
    "layered",
)
