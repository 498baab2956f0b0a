"""One shared check for every engine: same seed → identical, different → different,
and a whole run leaves the global random state alone."""

from __future__ import annotations

import random

import numpy as np
import pandas as pd
import pytest

from tiesim.runner.single import simulate


@pytest.fixture(params=["mesa", "array"])
def config(request, small_config):
    return small_config.with_overrides({"engine": request.param})


def test_same_seed_same_results_different_seed_different(config):
    first, again = simulate(config), simulate(config)
    for name in ("metrics", "hires", "trends"):
        pd.testing.assert_frame_equal(getattr(first, name), getattr(again, name))
    other = simulate(config.with_overrides({"seed": 4}))
    assert not first.metrics.equals(other.metrics)


def test_run_leaves_global_random_state_untouched(config):
    random.seed(123)
    np.random.seed(123)
    before = random.getstate(), np.random.get_state()
    simulate(config)
    after = random.getstate(), np.random.get_state()
    assert before[0] == after[0]
    assert all(np.array_equal(x, y) for x, y in zip(before[1], after[1], strict=True))
