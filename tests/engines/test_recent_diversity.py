"""News and trend diversity: the origins heard in the last W steps, by hand and across engines.

``news_diversity`` and ``trend_diversity`` count, per agent, the distinct communities it heard
job leads (trend items) from in the last ``metrics.diversity_window`` steps.  Tiny graphs where
one knows who hears what in which step give the exact values, window boundaries included; a
reference computed from the Mesa engine's people checks them on busier runs; and both engines
give the same columns to the last bit, whatever the window.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine_helpers import LAYERED, assert_same, run_both
from tiesim.config import (
    CommunityGraphConfig,
    JobsConfig,
    MetricsConfig,
    NetworkingConfig,
    SmallWorldGraphConfig,
    TiesConfig,
    TrendsConfig,
)
from tiesim.engines import ArrayModel
from tiesim.engines.array_graph import OriginsSet
from tiesim.graphs.ties import SocialGraph, Tie
from tiesim.model import WeakTiesModel
from tiesim.model.agents import Person
from tiesim.model.metrics import NEWS, TRENDS

ENGINES = (WeakTiesModel, ArrayModel)


def pair_across_communities() -> SocialGraph:
    """Agent 0 in community 0 and agent 1 in community 1, a weak tie that talks every step."""
    one = np.ones(1)
    return SocialGraph(np.array([0, 1]), np.array([0]), np.array([1]), [Tie.WEAK], one, one)


def seed_where(employed: tuple[bool, bool]) -> int:
    """A seed whose initial-employment draws (share 0.5) employ agents 0 and 1 as ``employed``.

    Both engines draw them first from the run's generator (a given graph draws nothing).
    """
    for seed in range(1000):
        if tuple(np.random.default_rng(seed).random(2) < 0.5) == employed:
            return seed
    raise AssertionError("no such seed")


def run(engine, graph, jobs, trends, window: int, steps: int, seed: int):
    model = engine(graph, jobs, trends, metrics=MetricsConfig(diversity_window=window), rng=seed)
    for _ in range(steps):
        model.step()
    return model


# Everyone hears of an opening directly every step (job_arrival 1: the arrival draw is always
# below it); nobody loses a job; a lead is passed once at most and lives one step.
EVERY_STEP = JobsConfig(
    initial_employment=0.5, job_arrival=1.0, job_loss=0.0, max_hops=1, lead_lifetime=1
)


@pytest.mark.parametrize("engine", ENGINES, ids=["mesa", "array"])
@pytest.mark.parametrize("window", [1, 2, 3, 7])
def test_a_lead_from_another_community_counts_for_window_steps_exactly(engine, window):
    """Step 1: agent 0 (out of work) hears its own opening and takes it; agent 1 (employed)
    hears one in community 1 and passes it to agent 0, who was looking at the start of the
    step.  Later steps: both are employed and hear only their own community's openings.
    So agent 0 heard from community 1 at step 1 only: that pair counts at steps 1 .. W."""
    seed = seed_where((False, True))
    model = run(engine, pair_across_communities(), EVERY_STEP, TrendsConfig(), window, 12, seed)
    metrics = model.metrics()
    expected = [1.5 if step <= window else 1.0 for step in range(1, 13)]  # (2 + [t <= W]) / 2
    assert metrics["news_diversity"].tolist() == expected
    assert metrics["information_diversity"].tolist() == [1.5] * 12  # cumulative: never falls
    assert metrics["trend_diversity"].tolist() == [0.0] * 12  # trends off
    hires = model.hires()
    assert hires["agent"].tolist() == [0] and hires["channel"].tolist() == ["direct"]


@pytest.mark.parametrize("engine", ENGINES, ids=["mesa", "array"])
def test_nobody_hearing_anything_is_zero(engine):
    jobs = EVERY_STEP.model_copy(update={"job_arrival": 0.0})
    model = run(engine, pair_across_communities(), jobs, TrendsConfig(), 3, 5, 0)
    assert (model.metrics()[["news_diversity", "trend_diversity"]] == 0.0).all().all()


@pytest.mark.parametrize("engine", ENGINES, ids=["mesa", "array"])
@pytest.mark.parametrize("window", [1, 4, 15])
def test_a_trend_item_counts_from_the_step_it_starts_for_window_steps(engine, window):
    """Each community is one agent, so a new item from community c starts with agent c, who
    mentions it the same step to the other (the tie talks, transmission 1): both hear of it
    the step it starts, and never again (both adopt it).  So trend_diversity at step t is the
    number of distinct origins of the items started in steps t - W + 1 .. t (from the trends
    table)."""
    trends = TrendsConfig(rate=0.15, transmission=1.0, horizon=1000)
    jobs = EVERY_STEP.model_copy(update={"job_arrival": 0.0})
    model = run(engine, pair_across_communities(), jobs, trends, window, 60, 3)
    items = model.trend_items()
    assert len(items) >= 5 and (items["adopters"] == 2).all()
    assert items["origin_community"].nunique() == 2
    expected = []
    for t in range(1, 61):
        recent = items[(items["start_step"] > t - window) & (items["start_step"] <= t)]
        expected.append(float(recent["origin_community"].nunique()))  # two agents: 2 x / 2
    assert model.metrics()["trend_diversity"].tolist() == expected
    assert model.metrics()["news_diversity"].tolist() == [0.0] * 60


def reference(mesa: WeakTiesModel, steps: int, window: int) -> pd.DataFrame:
    """Step ``mesa`` and compute both columns from what its people heard, step by step.

    Leads: every ``Person.hear`` call (logged); trend items: those a person knows of (told of
    or adopted) at the end of a step and did not at the end of the one before.
    """
    heard: list[tuple[int, int, int]] = []  # (step, agent, origin) of every lead heard
    original = Person.hear

    def logged(person, lead):
        heard.append((mesa.steps, person.node, lead.origin))
        original(person, lead)

    known = [set() for _ in mesa.people]  # items each person knew of after the last step
    first: list[tuple[int, int, int]] = []  # (step, agent, origin) of each item first heard of
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Person, "hear", logged)
        for _ in range(steps):
            mesa.step()
            origin = {item.id: item.origin for item in mesa.items}
            for person, before in zip(mesa.people, known, strict=True):
                now = set(person.told_by) | person.adopted
                first += [(mesa.steps, person.node, origin[i]) for i in now - before]
                before.clear()
                before.update(now)
    rows = []
    for t in range(1, steps + 1):
        counts = []
        for events in (heard, first):
            pairs = {(a, o) for s, a, o in events if t - window < s <= t}
            counts.append(len(pairs) / mesa.n)
        rows.append(counts)
    return pd.DataFrame(rows, columns=["news_diversity", "trend_diversity"])


GRAPH = CommunityGraphConfig(n=120, community_size=10, strong_degree=4, weak_tie_density=2.0)
JOBS = JobsConfig(job_arrival=0.1, job_loss=0.04, max_hops=3, lead_lifetime=3, job_locality=0.6)
COMPLEX = TrendsConfig(rate=0.4, contagion="complex", threshold=2, below_threshold=0.03, horizon=9)
SIMPLE = TrendsConfig(rate=0.3, contagion="simple", transmission=0.5, horizon=6)
SEEDED = COMPLEX.model_copy(update={"seed_contacts": True, "transmission": 0.8})


@pytest.mark.parametrize("trends", [COMPLEX, SIMPLE, SEEDED], ids=["complex", "simple", "seeded"])
@pytest.mark.parametrize("window", [1, 5, 40])
def test_both_columns_match_a_reference_from_what_people_heard(trends, window):
    mesa = WeakTiesModel(GRAPH, JOBS, trends, metrics=MetricsConfig(diversity_window=window), rng=4)
    expected = reference(mesa, 45, window)
    got = mesa.metrics()[["news_diversity", "trend_diversity"]]
    pd.testing.assert_frame_equal(got, expected, check_exact=True)
    assert (got > 0).any().all()


LIVING = TiesConfig(
    dynamics=True, half_life_strong=10.0, half_life_weak=4.0, maintenance="weak_first", budget=2.0
)
NETWORKING = NetworkingConfig(
    events={"rate": 1.0, "size": 12, "meet": 0.2},
    interviews={"rule": "weakest_first", "budget": 2.0, "introduce": 0.3},
    strategies={"networker": 0.3, "asks_for_interviews": 0.4},
)
CASES = {
    "complex": (GRAPH, COMPLEX, TiesConfig(), None),
    "simple": (GRAPH, SIMPLE, TiesConfig(), None),
    "seeded": (GRAPH, SEEDED, TiesConfig(), None),
    "small_world": (
        SmallWorldGraphConfig(kind="small_world", n=120, k=4, p=0.2, community_size=6),
        SIMPLE,
        TiesConfig(),
        None,
    ),
    "layered": (
        LAYERED,
        SIMPLE,
        TiesConfig(),
        None,
    ),
    "living_ties": (GRAPH, COMPLEX, LIVING, None),
    "networking": (GRAPH, SIMPLE, LIVING, NETWORKING),
}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("window", [1, 4, 1000])
def test_identical_on_both_engines_for_any_window(case, window):
    graph, trends, ties, networking = CASES[case]
    keywords = {"metrics": MetricsConfig(diversity_window=window)}
    if networking is not None:
        keywords["networking"] = networking
    mesa, array = run_both(graph, JOBS, trends, ties, steps=40, **keywords)
    assert_same(mesa, array)
    metrics = array.metrics()
    assert (metrics["news_diversity"] > 0).any() and (metrics["trend_diversity"] > 0).any()
    if window == 1000:  # longer than the run: nothing is forgotten yet
        assert (metrics["news_diversity"].diff().dropna() >= 0).all()


def test_origins_set_against_dictionaries_by_hand():
    """The compiled set with its last steps, by kind, with many pairs (the table grows, pairs
    leave the window and come back, some from the agent's own community), against
    dictionaries of last steps; the cumulative count too."""
    rng = np.random.default_rng(0)
    window, communities, n = 6, 50, 400
    community = rng.integers(0, communities, n)
    origins = OriginsSet(community, communities, window)
    size = origins.table.shape[0]
    last: list[dict[tuple[int, int], int]] = [{}, {}]
    for t in range(1, 121):
        for kind in (NEWS, TRENDS):
            burst = 3000 if t in (10, 11, 70) else int(rng.integers(0, 300))  # some heavy steps
            agents = rng.integers(0, n, burst)
            heard = np.where(rng.random(burst) < 0.3, community[agents], rng.integers(0, 50, burst))
            half = burst // 2  # in two parts, as trends are seeded then told
            origins.add(agents[:half], heard[:half], t, kind)
            origins.add(agents[half:], heard[half:], t, kind)
            last[kind] |= {(int(a), int(o)): t for a, o in zip(agents, heard, strict=True)}
        origins.end_step(t)
        expected = tuple(sum(s > t - window for s in d.values()) for d in last)
        assert origins.recent_pairs() == expected, t
        assert origins.total() == len(set(last[NEWS]) | set(last[TRENDS]))
    assert origins.table.shape[0] > size  # it grew, keeping the last steps
