"""Watts & Strogatz (1998): a few rewired ties shorten paths long before clustering falls.

Rings of n = 1,000 agents, each tied to its k = 10 nearest, with every tie rewired with
probability p (:func:`tiesim.graphs.small_world_graph`), 20 graphs per p as in the paper.  For
each graph: the characteristic path length L (mean shortest path over all connected pairs)
and the clustering coefficient C (mean over agents of the share of their contacts' pairs that
are tied), normalised by the lattice's L(0) and C(0).

References
----------
Watts, D. J. & Strogatz, S. H. (1998). Collective dynamics of "small-world" networks.
Nature 393, 440–442.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import shortest_path

from tiesim.graphs import SocialGraph, small_world_graph
from tiesim.replications.core import Estimate, Outcome, Quantity, Side, Within
from tiesim.replications.figures import SERIES, label, legend, mark_published, new_figure

NAME = "watts_strogatz"
TITLE = "Watts & Strogatz (1998): path length falls long before clustering"
N, K = 1000, 10
REWIRING = (0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0)
QUICK_REWIRING = (0.0001, 0.001, 0.01, 0.1, 1.0)
SOURCE = "Watts & Strogatz 1998"

# The paper's own numbers (its text, p. 440): "L ~ n/(2k) >> 1 and C ~ 3/4 as p -> 0, while
# L ~ ln(n)/ln(k) and C ~ k/n << 1 as p -> 1" (3/4 is the lattice's k >> 1 limit).  The page's
# "Sources checked" says where each was read.
L_LATTICE = N / (2 * K)
L_RANDOM_RATIO = (math.log(N) / math.log(K)) / L_LATTICE
C_RANDOM_RATIO = (K / N) / 0.75


def path_length_and_clustering(graph: SocialGraph) -> tuple[float, float]:
    """Characteristic path length (connected pairs) and mean local clustering of ``graph``."""
    n = graph.n
    A = sp.csr_matrix((np.ones(len(graph.u)), (graph.u, graph.v)), shape=(n, n))
    A = ((A + A.T) > 0).astype(np.float64)
    distances = shortest_path(A, unweighted=True, directed=False)
    connected = np.isfinite(distances) & (distances > 0)
    degree = np.asarray(A.sum(axis=1)).ravel()
    triangles = np.asarray((A @ A).multiply(A).sum(axis=1)).ravel() / 2
    pairs = degree * (degree - 1) / 2
    local = np.divide(triangles, pairs, out=np.zeros(n), where=pairs > 0)
    return float(distances[connected].mean()), float(local.mean())


def measure(rewiring, graphs: int, seed: int = 1998) -> pd.DataFrame:
    """L/L(0) and C/C(0) of ``graphs`` rewired rings per p (one row per graph)."""
    l0, c0 = path_length_and_clustering(small_world_graph(N, K, 0.0, seed=0))
    seeds = np.random.SeedSequence(seed).spawn(graphs)
    rows = []
    for p in rewiring:
        for index, graph_seed in enumerate(seeds):
            graph = small_world_graph(N, K, p, seed=np.random.default_rng(graph_seed))
            length, clustering = path_length_and_clustering(graph)
            rows.append(
                {
                    "p": p,
                    "graph": index,
                    "L": length,
                    "C": clustering,
                    "L_ratio": length / l0,
                    "C_ratio": clustering / c0,
                    "L0": l0,
                    "C0": c0,
                }
            )
    return pd.DataFrame(rows)


def replicate(quick: bool = False) -> Outcome:
    """L(p)/L(0) and C(p)/C(0) against the paper's Fig. 2 and its text."""
    rewiring, graphs = (QUICK_REWIRING, 4) if quick else (REWIRING, 20)
    per_graph = measure(rewiring, graphs)
    by_p = {p: group for p, group in per_graph.groupby("p")}
    l0 = float(per_graph["L0"].iloc[0])
    quantities = [
        (
            Quantity(
                "L(0), lattice path length",
                L_LATTICE,
                f"{SOURCE}, text: n/2k",
                Within(1.0),
                "{:.2f}",
            ),
            Estimate(l0),
        ),
        (
            Quantity(
                "L(0.01)/L(0)",
                "< 0.5 (most of the drop)",
                f"{SOURCE}, Fig. 2 caption",
                Side(0.5, above=False),
            ),
            Estimate.of(by_p[0.01]["L_ratio"]),
        ),
        (
            Quantity(
                "C(0.01)/C(0)",
                "> 0.9 ('almost constant')",
                f"{SOURCE}, Fig. 2 caption",
                Side(0.9),
            ),
            Estimate.of(by_p[0.01]["C_ratio"]),
        ),
        (
            Quantity(
                "L(1)/L(0), random graph",
                L_RANDOM_RATIO,
                f"{SOURCE}, text: (ln n/ln k)/(n/2k)",
                Within(0.01, loose=0.03),
            ),
            Estimate.of(by_p[1.0]["L_ratio"]),
        ),
        (
            Quantity(
                "C(1)/C(0), random graph",
                C_RANDOM_RATIO,
                f"{SOURCE}, text: (k/n)/(3/4)",
                Within(0.005, loose=0.02),
                "{:.4f}",
            ),
            Estimate.of(by_p[1.0]["C_ratio"]),
        ),
    ]
    rows = [quantity.row(estimate) for quantity, estimate in quantities]
    curve = per_graph.groupby("p")[["L_ratio", "C_ratio"]].agg(["mean", "std", "count"])
    curve.columns = [f"{a}_{b}" for a, b in curve.columns]
    curve = curve.reset_index()
    figure, (ax,) = new_figure(width=4.6, height=3.9)
    for column, colour, marker, name in (
        ("L_ratio", SERIES[0], "s", "path length L(p)/L(0)"),
        ("C_ratio", SERIES[1], "o", "clustering C(p)/C(0)"),
    ):
        ax.plot(curve["p"], curve[f"{column}_mean"], marker=marker, color=colour, label=name)
    mark_published(ax, [1.0, 1.0], [L_RANDOM_RATIO, C_RANDOM_RATIO], label="paper's text, p = 1")
    for value, marker in ((0.5, "v"), (0.9, "^")):
        ax.plot(
            [0.01],
            [value],
            marker=marker,
            color="black",
            markerfacecolor="white",
            linestyle="none",
            label="tested at p = 0.01: L below 0.5,\nC above 0.9" if marker == "v" else None,
        )
    ax.set_xscale("log")
    ax.set_ylim(-0.02, 1.05)
    label(
        ax,
        f"Small worlds: n = {N}, k = {K}, {graphs} graphs per p",
        "rewiring probability p (log scale)",
        "value relative to the lattice (p = 0)",
    )
    legend(ax, loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=2)
    setup = (
        f"rings of n = {N}, k = {K}, every tie rewired with probability p "
        f"(graphs.small_world_graph); {graphs} graphs per p at {len(rewiring)} values of p"
    )
    return Outcome(NAME, TITLE, setup, rows, figure, curve, quick)
