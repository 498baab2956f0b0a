"""Exact steady states of the Calvó-Armengol & Jackson (2004) model on small graphs.

For a graph of a few agents the model is a Markov chain over the 2^N employment vectors.  This
module enumerates every outcome of one step — who hears of a job, whom each employed hearer
passes it to — under tiesim's timing (hearing before job loss; passes go to neighbours
unemployed at the start of the step; a pass to someone who found a job is lost), and solves
for the stationary distribution.  It is the yardstick the simulation is tested against.

References
----------
Calvó-Armengol, A. & Jackson, M. O. (2004). The effects of social networks on employment and
inequality. American Economic Review 94(3), 426–454.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from tiesim.errors import TiesimError

MAX_AGENTS = 8


def caj_transition_matrix(
    n: int, edges: Sequence[tuple[int, int]], job_arrival: float, job_loss: float
) -> np.ndarray:
    """Transition matrix over employment vectors (state index = bitmask, bit i = agent i employed).

    Examples
    --------
    >>> P = caj_transition_matrix(1, [], 0.1, 0.05)
    >>> P.round(3).tolist()  # from unemployed, from employed
    [[0.905, 0.095], [0.05, 0.95]]
    """
    if not 1 <= n <= MAX_AGENTS:
        raise TiesimError(f"The 'n' parameter must be an int in [1, {MAX_AGENTS}]. Got {n}.")
    neighbours = [set() for _ in range(n)]
    for i, j in edges:
        neighbours[i].add(j)
        neighbours[j].add(i)
    a, b = job_arrival, job_loss
    P = np.zeros((2**n, 2**n))
    for state in range(2**n):
        employed = [bool(state >> i & 1) for i in range(n)]
        after_hiring = _hiring_distribution(employed, neighbours, a)
        for hired_state, p in after_hiring.items():
            for final, q in _loss_distribution(hired_state, n, b):
                P[state, final] += p * q
    return P


def _hiring_distribution(
    employed: list[bool], neighbours: list[set[int]], a: float
) -> dict[int, float]:
    n = len(employed)
    out: dict[int, float] = {}
    for heard in itertools.product((False, True), repeat=n):
        p_heard = np.prod([a if h else 1 - a for h in heard])
        hired = [not e and h for e, h in zip(employed, heard, strict=True)]
        passers = [i for i in range(n) if employed[i] and heard[i]]
        options = [sorted(j for j in neighbours[i] if not employed[j]) or [None] for i in passers]
        for choice in itertools.product(*options):
            p_choice = np.prod([1 / len(opts) for opts in options]) if options else 1.0
            now = [e or h for e, h in zip(employed, hired, strict=True)]
            for j in choice:
                if j is not None:
                    now[j] = True
            key = sum(1 << i for i in range(n) if now[i])
            out[key] = out.get(key, 0.0) + p_heard * p_choice
    return out


def _loss_distribution(state: int, n: int, b: float):
    employed = [i for i in range(n) if state >> i & 1]
    for lost in itertools.product((False, True), repeat=len(employed)):
        p = np.prod([b if x else 1 - b for x in lost]) if employed else 1.0
        final = state
        for i, x in zip(employed, lost, strict=True):
            if x:
                final &= ~(1 << i)
        yield final, p


def stationary(P: np.ndarray) -> np.ndarray:
    """Stationary distribution of a transition matrix."""
    size = len(P)
    A = np.vstack([P.T - np.eye(size), np.ones(size)])
    rhs = np.zeros(size + 1)
    rhs[-1] = 1.0
    pi, *_ = np.linalg.lstsq(A, rhs, rcond=None)
    return pi


def caj_unemployment(
    n: int, edges: Sequence[tuple[int, int]], job_arrival: float, job_loss: float
) -> np.ndarray:
    """Each agent's steady-state probability of being unemployed (at the end of a step).

    Examples
    --------
    >>> a, b = 0.1, 0.05
    >>> round(float(caj_unemployment(1, [], a, b)[0]), 12) == round(b / (a + b - a * b), 12)
    True
    """
    pi = stationary(caj_transition_matrix(n, edges, job_arrival, job_loss))
    states = np.arange(2**n)
    return np.array([pi[(states >> i & 1) == 0].sum() for i in range(n)])
