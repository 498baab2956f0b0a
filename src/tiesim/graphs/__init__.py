"""Social graphs with strong and weak ties: the tie table, generators, file loading, structure."""

from tiesim.graphs.generators import block_model_graph, community_graph, small_world_graph
from tiesim.graphs.io import load_graph
from tiesim.graphs.layered import Layer, layered_graph
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
    "common_neighbors",
    "community_graph",
    "embeddedness",
    "layered_graph",
    "load_graph",
    "small_world_graph",
    "tie_removal",
    "topological_overlap",
]
