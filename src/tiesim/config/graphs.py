"""The ``graph`` section: which social graph to build, one class per ``kind``."""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import Field, model_validator

from tiesim.config.base import Probability, Section
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


class RewiredLatticeGraphConfig(_GraphBase):
    """Ring lattice rewired by degree-preserving swaps (Centola & Macy 2007): every degree is k.

    ``p`` is the share of lattice ties rewired (each with probability ``p``), as in
    ``small_world``; swapped ties are weak, lattice ties strong.
    """

    kind: Literal["rewired_lattice"]
    n: int = Field(1000, ge=3)
    k: int = Field(10, ge=2)
    p: Probability = 0.1
    community_size: int = Field(10, ge=2)

    @model_validator(mode="after")
    def _fits(self) -> RewiredLatticeGraphConfig:
        if self.k % 2 or self.k >= self.n:
            raise ValueError(f"graph.k must be even and < graph.n (got k={self.k}, n={self.n})")
        return self

    def build(self, rng: np.random.Generator) -> SocialGraph:
        """Generate the graph from ``rng``."""
        from tiesim.graphs.rewiring import rewired_lattice_graph

        return rewired_lattice_graph(
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


GraphConfig = Annotated[
    CommunityGraphConfig
    | SmallWorldGraphConfig
    | RewiredLatticeGraphConfig
    | BlockModelGraphConfig
    | FileGraphConfig
    | DatasetGraphConfig,
    Field(discriminator="kind"),
]


GRAPH_KINDS = ("community", "small_world", "rewired_lattice", "block_model", "file", "dataset")
