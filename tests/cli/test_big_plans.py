"""Big plans are checked without being built: a million-point grid in seconds, in little
memory, and a bad point deep inside it named."""

from __future__ import annotations

import textwrap

import pytest

from sweep_helpers import tiny_config, validate_in_child
from tiesim.config import validate_config
from tiesim.errors import ConfigError

BIG_GRID = textwrap.dedent(
    """
    name: big
    sweep:
      grid:
        graph.weak_tie_density: {start: 0, stop: 4, num: 1000}
        jobs.job_loss: {start: 0.01, stop: 0.02, num: 1000}
    """
)


def test_validating_a_million_point_grid_is_fast_and_lean(tmp_path):
    config = tmp_path / "big.yaml"
    config.write_text(BIG_GRID)
    proc, extra_mb, seconds = validate_in_child(tmp_path, str(config))
    assert proc.returncode == 0, proc.stderr
    assert "1000000 runs = 1000000 point(s) x 1 replicate(s)" in proc.stdout
    assert "p000002-r0000" in proc.stdout  # the first runs are listed
    assert seconds < 30 and extra_mb < 100  # before: 87 s and 470 MB more than a tiny config


def test_a_bad_point_deep_in_a_big_grid_is_named(tmp_path):
    from tiesim.runner.plan import check_design

    data = tiny_config(
        grid={
            "graph.strong_degree": {"start": 0, "stop": 12, "num": 400},  # > 9 from point 300
            "jobs.job_loss": {"start": 0.01, "stop": 0.02, "num": 500},
        }
    )
    with pytest.raises(ConfigError, match=r"^sweep point 150000 \(graph.strong_degree=9.0225563"):
        check_design(validate_config(data))
