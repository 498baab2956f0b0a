"""Sample designs for sensitivity analysis: Latin hypercube and Sobol (Saltelli) points.

SALib draws the points from a generator derived from the experiment seed with a spawn key of
its own, so the design never shares random numbers with the replicates' seeds and does not
change when ``replicates`` does.  A parameter whose config field holds an integer gets its
sampled values rounded.

References
----------
McKay, Beckman & Conover (1979), "A comparison of three methods for selecting values of input
variables in the analysis of output from a computer code", *Technometrics* 21.
Saltelli (2002), "Making best use of model evaluations to compute sensitivity indices",
*Computer Physics Communications* 145.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from tiesim.config import ExperimentConfig, SampleSpec

DESIGN_SPAWN_KEY = 2**32 - 1  # replicate seeds use spawn keys 0, 1, 2, ...


def salib_problem(sample: SampleSpec) -> dict[str, Any]:
    """The SALib problem definition (names and bounds) of a sample spec."""
    return {
        "num_vars": len(sample.parameters),
        "names": list(sample.parameters),
        "bounds": [[r.low, r.high] for r in sample.parameters.values()],
    }


def design_generator(seed: int) -> np.random.Generator:
    """The generator that draws the sample design of an experiment with this ``seed``."""
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(DESIGN_SPAWN_KEY,)))


def sample_points(config: ExperimentConfig) -> list[dict[str, Any]]:
    """The design's points, each a dict of dotted path → value, in SALib's order.

    Sobol points follow Saltelli's scheme without second-order terms: ``n · (D + 2)`` rows, the
    order :func:`SALib.analyze.sobol.analyze` expects.
    """
    sample = config.sweep.sample
    if sample is None:
        raise ValueError("the config has no sweep.sample")
    problem = salib_problem(sample)
    rng = design_generator(config.seed)
    if sample.method == "sobol":
        from SALib.sample import sobol

        matrix = sobol.sample(problem, sample.n, calc_second_order=False, seed=rng)
    else:
        from SALib.sample import latin

        matrix = latin.sample(problem, sample.n, seed=rng)
    integer = [_holds_integer(config, path) for path in problem["names"]]
    return [
        {
            path: round(float(x)) if is_int else float(f"{x:.12g}")
            for path, x, is_int in zip(problem["names"], row, integer, strict=True)
        }
        for row in matrix
    ]


def _holds_integer(config: ExperimentConfig, path: str) -> bool:
    node: Any = config.model_dump(mode="json")
    for key in path.split("."):
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, dict) and key in node:
            node = node[key]
        else:
            return False
    return isinstance(node, int) and not isinstance(node, bool)
