"""The simulation against the exact Calvó-Armengol & Jackson steady states on 4-agent graphs."""

from __future__ import annotations

import numpy as np
import pytest

from tiesim.analysis.exact import caj_transition_matrix, caj_unemployment
from tiesim.config import JobsConfig
from tiesim.graphs.ties import SocialGraph
from tiesim.model import WeakTiesModel

SHAPES = {  # the small graphs of Calvó-Armengol & Jackson's examples, on 4 agents
    "line": [(0, 1), (1, 2), (2, 3)],
    "star": [(0, 1), (0, 2), (0, 3)],
    "circle": [(0, 1), (1, 2), (2, 3), (0, 3)],
    "complete": [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)],
}


def copies(edges, count):
    """``count`` disjoint copies of a 4-agent graph, contact rates 1, one community each."""
    u = np.concatenate([[4 * c + i for i, _ in edges] for c in range(count)])
    v = np.concatenate([[4 * c + j for _, j in edges] for c in range(count)])
    m = len(u)
    return SocialGraph(np.arange(4 * count) // 4, u, v, np.zeros(m), np.ones(m), np.ones(m))


def test_transition_matrix_is_stochastic():
    P = caj_transition_matrix(4, SHAPES["star"], 0.2, 0.1)
    assert np.allclose(P.sum(axis=1), 1.0) and (P >= 0).all()


def test_network_lowers_unemployment_and_better_connected_agents_gain_more():
    a, b = 0.1, 0.05
    alone = caj_unemployment(1, [], a, b)[0]
    star = caj_unemployment(4, SHAPES["star"], a, b)
    complete = caj_unemployment(4, SHAPES["complete"], a, b)
    assert (star < alone).all() and (complete < alone).all()
    assert star[0] < star[1]  # the centre hears the leads of three employed leaves
    line = caj_unemployment(4, SHAPES["line"], a, b)
    assert line[1] < line[0] and np.allclose(line, line[::-1])
    assert np.allclose(complete, complete[0])


@pytest.mark.parametrize("shape", list(SHAPES))
def test_simulation_matches_exact_steady_state(shape):
    a, b, count, steps, burn_in = 0.3, 0.2, 300, 160, 20
    jobs = JobsConfig(job_arrival=a, job_loss=b, max_hops=1, lead_lifetime=1)
    model = WeakTiesModel(copies(SHAPES[shape], count), jobs, rng=11)
    unemployed = []
    for step in range(steps):
        model.step()
        if step >= burn_in:
            unemployed.append([not p.employed for p in model.people])
    by_position = np.array(unemployed).reshape(len(unemployed), count, 4).mean(axis=(0, 1))
    expected = caj_unemployment(4, SHAPES[shape], a, b)
    assert by_position == pytest.approx(expected, abs=0.02)
