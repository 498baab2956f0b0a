"""Social graphs of strong and weak ties: tie table, generators, files, real networks, structure."""

from tiesim.graphs.closure import (
    brokerage,
    clustering,
    forbidden_triad_share,
    overlap_by_strength,
    strong_triadic_closure,
    structural_holes,
)
from tiesim.graphs.datasets import dataset_graph
from tiesim.graphs.generators import block_model_graph, community_graph, small_world_graph
from tiesim.graphs.io import load_graph
from tiesim.graphs.layered import Layer, layered_graph
from tiesim.graphs.rewiring import rewired_lattice_graph
from tiesim.graphs.structure import (
    common_neighbors,
    embeddedness,
    tie_removal,
    topological_overlap,
)
from tiesim.graphs.ties import SocialGraph, Tie

__all__ = [
    "Layer",
    "SocialGraph",
    "Tie",
    "block_model_graph",
    "brokerage",
    "clustering",
    "common_neighbors",
    "community_graph",
    "dataset_graph",
    "embeddedness",
    "forbidden_triad_share",
    "layered_graph",
    "load_graph",
    "overlap_by_strength",
    "rewired_lattice_graph",
    "small_world_graph",
    "strong_triadic_closure",
    "structural_holes",
    "tie_removal",
    "topological_overlap",
]
