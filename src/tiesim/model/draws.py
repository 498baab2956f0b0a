"""Each step's random numbers, from the model's generator in a fixed order.

Both engines call :func:`draw_step` once per step and read agents' and ties' numbers from what
it returns, so the same seed gives the same numbers whichever engine runs the model and in
whatever order agents are visited.  The order of draws is part of the model's definition:

1. ``talk``: a key for per-tie uniforms (:class:`~tiesim.model.streams.Uniforms`): the tie in
   slot ``s`` is active this step if ``talk.at(s) < contact_rate[s]``.
2. ``hot``: only when ``job_locality > 0``, the communities with demand this step:
   ``H = demand_count(jobs, C)`` distinct communities drawn with
   ``rng.choice(C, H, replace=False)``; stored as a boolean mask over communities.
3. ``arrival``: one uniform per agent; the agent hears of an opening directly if below its
   arrival probability.
4. ``choice``: a key for per-agent uniforms; ``choice.at(i)`` picks the contact agent ``i``
   tells when passing a lead at random.
5. ``job_loss``: one uniform per agent; an employed agent loses its job if below ``job_loss``.
6. Trends, only when ``trends.rate > 0``: the number of new items (Poisson), then for each new
   item its community (integer) and a uniform that picks its first adopter in that community,
   then ``mention``: a key for per-(tie, direction) uniforms (``2*slot`` is u→v, ``2*slot+1``
   is v→u), then, only when ``below_threshold > 0``, one uniform per (followed item, agent)
   (drawn by :func:`draw_trend_adoption` during the trends phase, so after 7).
7. ``checkin``: only when ``ties.maintenance`` is ``random``, a key for per-(tie, direction)
   uniforms that order each agent's ties for check-ins (index ``2*slot`` for the ``u`` end,
   ``2*slot+1`` for the ``v`` end).
8. ``topic``: only when ``trends.rate > 0`` and ``trends.topics_per_community`` K > 0, one
   integer in ``0 .. K - 1`` per new item: the item is the news of topic ``community·K + j``.
   A topic's content changes at most once a step: a new item whose topic an earlier new item
   of the same step took is dropped (with its community and seed uniform), so every topic
   has at most one new item per step.

Numbers every agent needs (``arrival``, ``job_loss``) are arrays drawn from the generator; the
per-tie and per-contact numbers, which only a few ties or agents need in a step, are looked up
by index from a key (:mod:`tiesim.model.streams` explains why and how).  Trend numbers that
depend on how many items are followed are drawn by :func:`draw_trend_adoption` after the new
items are added.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from tiesim.config import JobsConfig, TiesConfig, TrendsConfig
from tiesim.model.streams import Uniforms


@dataclass(frozen=True, slots=True)
class StepDraws:
    """The random numbers of one step (see the module docstring for their meaning)."""

    talk: Uniforms  # per tie slot
    hot: np.ndarray  # bool per community: has demand this step (all False without locality)
    arrival: np.ndarray
    choice: Uniforms  # per agent
    job_loss: np.ndarray
    new_trend_communities: np.ndarray
    new_trend_seeds: np.ndarray
    mention: Uniforms | None  # per tie slot and direction; None when trends are off
    checkin: Uniforms | None = None  # per tie slot and direction; only for random check-ins
    new_trend_topics: np.ndarray | None = None  # per new item; None without topics


def draw_step(
    rng: np.random.Generator,
    n: int,
    num_communities: int,
    jobs: JobsConfig,
    trends: TrendsConfig,
    ties: TiesConfig | None = None,
) -> StepDraws:
    """Draw one step's numbers from ``rng`` in the documented order."""
    talk = Uniforms.draw(rng)
    hot = np.zeros(num_communities, bool)
    if jobs.job_locality > 0:
        hot[rng.choice(num_communities, demand_count(jobs, num_communities), replace=False)] = True
    arrival = rng.random(n)
    choice = Uniforms.draw(rng)
    job_loss = rng.random(n)
    if trends.rate > 0:
        count = int(rng.poisson(trends.rate))
        communities = rng.integers(num_communities, size=count)
        seeds = rng.random(count)
        mention = Uniforms.draw(rng)
    else:
        communities = np.empty(0, np.int64)
        seeds = np.empty(0)
        mention = None
    checkin = Uniforms.draw(rng) if ties is not None and ties.maintenance == "random" else None
    topics = None
    if trends.rate > 0 and trends.topics_per_community > 0:
        per_community = trends.topics_per_community
        topics = communities * per_community + rng.integers(per_community, size=len(communities))
        first = np.sort(np.unique(topics, return_index=True)[1])  # each topic's first new item
        communities, seeds, topics = communities[first], seeds[first], topics[first]
    return StepDraws(
        talk, hot, arrival, choice, job_loss, communities, seeds, mention, checkin, topics
    )


def draw_trend_adoption(
    rng: np.random.Generator, num_items: int, n: int, trends: TrendsConfig
) -> np.ndarray:
    """Uniforms for adoption below threshold: shape (followed items, agents), or empty."""
    if trends.rate > 0 and trends.below_threshold > 0 and num_items:
        return rng.random((num_items, n))
    return np.empty((0, n))


def demand_count(jobs: JobsConfig, num_communities: int) -> int:
    """Communities with demand per step.

    ``max(1, round(demand_share · C))``, raised if needed so that the arrival probability in
    a community with demand, ``a·(1 − L + L·C/H)``, is at most 1 (H = C always works: then
    every community has demand and the probability is ``a``).
    """
    a, share, count = jobs.job_arrival, jobs.job_locality, num_communities
    wanted = max(1, round(jobs.demand_share * count))
    needed = math.ceil(a * share * count / (1.0 - a * (1.0 - share)) - 1e-9) if a < 1 else count
    return min(count, max(wanted, needed))


def arrival_probabilities(jobs: JobsConfig, num_communities: int) -> tuple[float, float]:
    """Direct-arrival probability outside and inside the communities with demand.

    With ``job_locality`` L, a share L of openings arise in the H communities with demand this
    step (``H = demand_count``, drawn afresh each step) and the rest anywhere: an agent hears
    directly with probability ``a·(1 − L)`` outside them and ``a·(1 − L + L·C/H)`` inside, so
    the mean over agents stays ``a`` (for equal community sizes).  With L = 0 both are ``a``.
    """
    a, share = jobs.job_arrival, jobs.job_locality
    if share == 0:
        return a, a
    demand = demand_count(jobs, num_communities)
    return a * (1.0 - share), min(1.0, a * (1.0 - share + share * num_communities / demand))
