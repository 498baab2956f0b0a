"""Planning: seeds from SeedSequence.spawn (the same at every point), grid and sample designs."""

from __future__ import annotations

import numpy as np
import pytest

from sweep_helpers import tiny_config
from tiesim.config import validate_config
from tiesim.errors import ConfigError
from tiesim.runner.plan import plan_runs, replicate_seeds
from tiesim.runner.sampling import sample_points


def test_replicate_seeds_come_from_seedsequence_spawn():
    children = np.random.SeedSequence(11).spawn(3)
    expected = [int(c.generate_state(1, dtype=np.uint64)[0] >> np.uint64(1)) for c in children]
    assert replicate_seeds(11, 3) == expected
    assert replicate_seeds(11, 5)[:3] == expected  # adding replicates keeps the old ones
    assert len(set(replicate_seeds(11, 50))) == 50
    assert replicate_seeds(12, 3) != expected


def test_plan_is_points_times_replicates_with_common_random_numbers():
    config = validate_config(tiny_config())
    specs = plan_runs(config)
    assert [s.run_id for s in specs] == [f"p000{p}-r000{r}" for p in range(2) for r in range(3)]
    seeds = replicate_seeds(11, 3)
    assert [s.seed for s in specs] == seeds + seeds  # replicate r: same seed at every point
    assert [s.overrides for s in specs[::3]] == [
        {"graph.weak_tie_density": 0.0},
        {"graph.weak_tie_density": 2.0},
    ]
    assert specs[4].config(config).seed == seeds[1]


def test_full_factorial_grid_last_path_fastest():
    config = validate_config(
        tiny_config(
            grid={
                "graph.weak_tie_density": {"start": 0, "stop": 1, "num": 3},
                "jobs.job_loss": [0.01, 0.02],
            }
        )
    )
    points = [s.overrides for s in plan_runs(config)]
    assert len(points) == 6
    assert points[:2] == [
        {"graph.weak_tie_density": 0.0, "jobs.job_loss": 0.01},
        {"graph.weak_tie_density": 0.0, "jobs.job_loss": 0.02},
    ]


def test_a_bad_point_is_refused_before_anything_runs():
    config = validate_config(tiny_config(grid={"graph.strong_degree": [3, 30]}))
    with pytest.raises(ConfigError, match=r"sweep point 1 \(graph.strong_degree=30\)"):
        plan_runs(config)


def sample(method: str, n: int, replicates: int = 1, seed: int = 11):
    data = tiny_config(
        sample={
            "method": method,
            "n": n,
            "parameters": {
                "graph.weak_tie_density": {"low": 0.0, "high": 4.0},
                "graph.community_size": {"low": 5, "high": 20},
            },
        },
        replicates=replicates,
    )
    data["seed"] = seed
    return validate_config(data)


def test_latin_hypercube_one_point_per_stratum_rounding_integer_fields():
    points = sample_points(sample("lhs", 10))
    density = sorted(p["graph.weak_tie_density"] for p in points)
    assert [int(d / 0.4) for d in density] == list(range(10))  # one value in each tenth
    assert all(isinstance(p["graph.community_size"], int) for p in points)
    assert all(5 <= p["graph.community_size"] <= 20 for p in points)


def test_sobol_design_size_and_reproducibility():
    config = sample("sobol", 8)
    points = sample_points(config)
    assert len(points) == 8 * (2 + 2) == config.sweep.num_points()
    assert points == sample_points(sample("sobol", 8, replicates=4))  # design ignores replicates
    assert points != sample_points(sample("sobol", 8, seed=12))
    specs = plan_runs(sample("sobol", 8, replicates=2))
    assert len(specs) == 64 and specs[0].seed == specs[2].seed


@pytest.mark.parametrize(
    ("sweep", "message"),
    [
        (
            {
                "sample": {
                    "method": "sobol",
                    "n": 10,
                    "parameters": {"graph.n": {"low": 50, "high": 60}},
                }
            },
            "'sweep.sample.n' must be a power of 2 for method sobol (got 10)",
        ),
        (
            {
                "sample": {
                    "method": "lhs",
                    "n": 4,
                    "parameters": {"graph.n": {"low": 60, "high": 50}},
                }
            },
            "'sweep.sample.parameters.graph.n' needs low < high (got low=60.0, high=50.0)",
        ),
        (
            {
                "grid": {"graph.n": [50]},
                "sample": {
                    "method": "lhs",
                    "n": 4,
                    "parameters": {"graph.n": {"low": 5, "high": 6}},
                },
            },
            "'sweep.grid' and 'sweep.sample' cannot both be set",
        ),
        ({"grid": {"seed": [1, 2]}}, "config field 'sweep' cannot vary 'seed'"),
        ({"window": 0}, "config field 'sweep.window' must be > 0.0 (got 0)"),
        (
            {"grid": {"graph.n": list(range(2, 1002)), "jobs.job_loss": [0.01] * 1001}},
            "must plan at most 1000000 runs",
        ),
    ],
)
def test_bad_sweep_specs_are_one_line_errors(sweep, message):
    with pytest.raises(ConfigError) as info:
        validate_config(tiny_config(**sweep))
    assert message in str(info.value) and "\n" not in str(info.value)


def test_a_rule_across_graph_and_ties_is_checked_on_every_combination():
    """ties.dynamics needs strong ties to talk at least as often as weak ones: a grid over both
    sections breaks it only where they meet, and validation finds that point."""
    config = validate_config(
        {
            "graph": {"strong_contact_rate": 0.5},
            "sweep": {
                "grid": {"ties.dynamics": [False, True], "graph.weak_contact_rate": [0.1, 0.9]}
            },
        }
    )
    with pytest.raises(ConfigError, match=r"sweep point 3 \(ties.dynamics=True, graph.weak"):
        plan_runs(config)
