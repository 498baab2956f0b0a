"""Calvó-Armengol & Jackson (2004): exact steady states on small graphs vs. the simulation.

Their example rates a = 0.100 (hear of a job) and b = 0.015 (lose it).  For each 4-agent graph
of their examples, the exact Markov-chain steady state (tiesim.analysis.exact) is printed next
to the simulated one (many disjoint copies of the graph on the array engine, contact rates 1,
max_hops 1, lead_lifetime 1: the configuration in which tiesim reduces exactly to their model).

Run:  .venv/bin/python experiments/replications/calvo_armengol_jackson.py [--quick]
"""

from __future__ import annotations

import argparse

import numpy as np

from tiesim.analysis.exact import caj_unemployment
from tiesim.config import JobsConfig
from tiesim.engines import ArrayModel
from tiesim.graphs.ties import SocialGraph

SHAPES = {
    "isolated": [],
    "pair": [(0, 1)],
    "line": [(0, 1), (1, 2), (2, 3)],
    "star": [(0, 1), (0, 2), (0, 3)],
    "circle": [(0, 1), (1, 2), (2, 3), (0, 3)],
    "complete": [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)],
}


def size_of(edges: list[tuple[int, int]]) -> int:
    return 1 + max((max(e) for e in edges), default=0)


def copies(edges: list[tuple[int, int]], count: int) -> SocialGraph:
    k = size_of(edges)
    u = np.array([k * c + i for c in range(count) for i, _ in edges], dtype=int)
    v = np.array([k * c + j for c in range(count) for _, j in edges], dtype=int)
    ones = np.ones(len(u))
    return SocialGraph(np.arange(k * count) // k, u, v, np.zeros(len(u)), ones, ones)


def simulate(edges, a, b, count, steps, burn_in, seed) -> np.ndarray:
    jobs = JobsConfig(job_arrival=a, job_loss=b, max_hops=1, lead_lifetime=1)
    model = ArrayModel(copies(edges, count), jobs, rng=seed)  # identical to the Mesa engine
    k, total = size_of(edges), np.zeros(size_of(edges))
    for step in range(steps):
        model.step()
        if step >= burn_in:
            unemployed = ~model.employed
            total += unemployed.reshape(count, k).mean(axis=0)
    return total / (steps - burn_in)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small run (for smoke tests)")
    args = parser.parse_args()
    a, b = 0.100, 0.015
    count, steps, burn_in = (50, 60, 10) if args.quick else (500, 1500, 300)
    print(f"a = {a}, b = {b}; unemployment rate by agent position (exact | simulated)")
    for name, edges in SHAPES.items():
        exact = caj_unemployment(size_of(edges), edges, a, b)
        sim = simulate(edges, a, b, count, steps, burn_in, seed=1)
        cells = "  ".join(f"{e:.4f} | {s:.4f}" for e, s in zip(exact, sim, strict=True))
        print(f"{name:>9}: {cells}")


if __name__ == "__main__":
    main()
