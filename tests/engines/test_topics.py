"""Trend topics (``trends.topics_per_community``): the rule, both engines alike, off by default."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from engine_helpers import assert_same, run_both
from tiesim.config import (
    CommunityGraphConfig,
    JobsConfig,
    NetworkingConfig,
    TiesConfig,
    TrendsConfig,
    validate_config,
)
from tiesim.engines import ArrayModel
from tiesim.errors import ConfigError
from tiesim.graphs.ties import SocialGraph
from tiesim.model import WeakTiesModel
from tiesim.model.draws import draw_step

GRAPH = CommunityGraphConfig(n=150, community_size=10, strong_degree=4, weak_tie_density=1.5)
JOBS = JobsConfig(job_arrival=0.08, job_loss=0.03, max_hops=2, lead_lifetime=2)
CASES = {
    "simple": TrendsConfig(rate=1.5, transmission=0.4, horizon=10, topics_per_community=1),
    # adoption below threshold draws one number per (followed item, agent): rows must line up
    # after items retire from the middle
    "complex": TrendsConfig(
        rate=3.0,
        contagion="complex",
        threshold=2,
        below_threshold=0.03,
        horizon=15,
        topics_per_community=2,
    ),
    # more than 64 items followed at once (the array engine's bit sets give out)
    "many_items": TrendsConfig(
        rate=30.0, transmission=0.3, horizon=1000, topics_per_community=8, seed_contacts=True
    ),
}


@pytest.mark.parametrize("trends", CASES.values(), ids=CASES.keys())
def test_engines_agree_with_topics(trends):
    mesa, array = run_both(GRAPH, JOBS, trends, steps=60)
    assert_same(mesa, array)
    agents = mesa.agent_table()
    assert (agents["topics_heard"] <= agents["novel_items"]).all()
    assert agents["topics_heard"].max() > 1 and agents["topic_diversity"].max() > 0


def test_engines_agree_with_topics_while_ties_live_and_form():
    trends = CASES["complex"]
    ties = TiesConfig(dynamics=True, maintenance="random", budget=2.0)
    networking = NetworkingConfig(events={"rate": 5.0, "size": 10, "meet": 0.3})
    mesa, array = run_both(GRAPH, JOBS, trends, ties, networking=networking, steps=40)
    assert_same(mesa, array)


@pytest.mark.parametrize("engine", [WeakTiesModel, ArrayModel])
def test_a_new_item_supersedes_its_topics_current_one(engine):
    trends = TrendsConfig(rate=4.0, horizon=1000, topics_per_community=3)
    model = engine(GRAPH, JOBS, trends, rng=5)
    followed, retired = set(), set()
    for step in range(1, 41):
        model.step()
        items = model.trend_items().set_index("item")
        now = _followed(model)
        retired_now = set(items.index) - now - retired
        # only items followed until now retire (the horizon retires none), each because a new
        # item started in its community this step; a community has one current item per topic
        assert retired_now <= followed
        started = set(items.loc[items["start_step"] == step, "origin_community"])
        assert set(items.loc[list(retired_now), "origin_community"]) <= started
        assert items.loc[list(now)].groupby("origin_community").size().max() <= 3
        # the trends table names each item's topic (one of its community's three): an item
        # retires when a new one on its topic starts, and each topic has one current item
        assert (items["topic"] // 3 == items["origin_community"]).all()
        new_topics = set(items.loc[items["start_step"] == step, "topic"])
        assert set(items.loc[list(retired_now), "topic"]) <= new_topics
        assert items.loc[list(now), "topic"].is_unique
        followed, retired = now, retired | retired_now
    assert len(retired) > len(followed) > 0


def _followed(model) -> set[int]:
    if isinstance(model, WeakTiesModel):
        return {item.id for item in model.items}
    return set(model.trend_state.ids)


def paths(count: int) -> SocialGraph:
    """Agents 3k - 3k+1 - 3k+2 in a path (strong ties, contact rate 1), each its own community."""
    u = np.concatenate([np.arange(0, 3 * count, 3), np.arange(1, 3 * count, 3)])
    ones = np.ones(2 * count)
    return SocialGraph(np.arange(3 * count) // 3, u, u + 1, np.zeros(2 * count), ones, ones)


@pytest.mark.parametrize("engine", [WeakTiesModel, ArrayModel])
def test_news_replaced_before_it_is_passed_on_is_never_heard(engine):
    """One topic per path of three: an item started in the middle reaches both ends at once;
    started at an end, it reaches the middle at once and the far end one step later, unless
    a newer item on the topic started that step (and retired it first)."""
    count, steps = 10, 80
    trends = TrendsConfig(rate=3.0, transmission=1.0, horizon=1000, topics_per_community=1)
    model = engine(paths(count), JobsConfig(job_arrival=0.0), trends, rng=9)
    for _ in range(steps):
        model.step()
    items = model.trend_items().sort_values(["origin_community", "start_step"])
    next_start = items.groupby("origin_community")["start_step"].shift(-1).fillna(steps + 2)
    far_end = (next_start > items["start_step"] + 1) & (items["start_step"] < steps)
    middle = items["seed_agent"] % 3 == 1
    hearers = np.where(middle, 3, 2 + far_end)
    expected = items.assign(hearers=hearers).groupby("origin_community")["hearers"].sum()
    agents = model.agent_table()
    by_path = agents.groupby("community")["novel_items"].sum()
    assert not far_end[~middle].all()  # some news was replaced before it reached the far end
    assert by_path.to_dict() == expected.reindex(by_path.index, fill_value=0).to_dict()
    assert set(agents["topics_heard"]) <= {0, 1}
    assert (agents["topic_diversity"] == 0).all()  # one topic: no spread


def test_topics_are_drawn_after_every_other_number_of_the_step():
    """Runs without topics keep their numbers: a step draws the same numbers either way, and
    topics only add theirs at the end."""
    plain = TrendsConfig(rate=5.0)
    topics = plain.model_copy(update={"topics_per_community": 4})
    ties = TiesConfig(maintenance="random", budget=1.0)
    a, b = np.random.default_rng(3), np.random.default_rng(3)
    without, with_topics = (
        draw_step(a, 50, 6, JOBS, plain, ties),
        draw_step(b, 50, 6, JOBS, topics, ties),
    )
    assert without.new_trend_topics is None
    for name in ("arrival", "job_loss", "hot"):
        assert np.array_equal(getattr(without, name), getattr(with_topics, name))
    assert (without.talk, without.choice, without.mention, without.checkin) == (
        with_topics.talk,
        with_topics.choice,
        with_topics.mention,
        with_topics.checkin,
    )
    # the same new items, but for those whose topic an earlier one of the step took
    kept = with_topics.new_trend_communities
    assert (
        len(np.unique(with_topics.new_trend_topics))
        == len(kept)
        <= len(without.new_trend_communities)
    )
    assert np.array_equal(with_topics.new_trend_topics // 4, kept)
    assert np.isin(with_topics.new_trend_seeds, without.new_trend_seeds).all()
    a.integers(4, size=len(without.new_trend_communities))  # the topics b drew
    assert a.random() == b.random()


def test_without_topics_every_item_is_its_own_topic():
    trends = TrendsConfig(rate=0.5, transmission=0.4, horizon=10)
    mesa, array = run_both(GRAPH, JOBS, trends, steps=40)
    assert_same(mesa, array)
    assert "topic" not in mesa.trend_items() and "topic" not in array.trend_items()
    agents = mesa.agent_table()
    assert agents["novel_items"].sum() > 0
    pd.testing.assert_series_equal(agents["topics_heard"], agents["novel_items"], check_names=False)
    expected = np.log2(np.maximum(agents["novel_items"], 1))
    assert np.array_equal(agents["topic_diversity"], expected)


def test_agents_table_bandwidth_is_the_mean_contact_rate():
    model = WeakTiesModel(GRAPH, JOBS, rng=2)
    model.step()
    agents, graph = model.agent_table(), model.graph
    for agent in (0, 17, 99):
        slots = np.flatnonzero(graph.alive & ((graph.u == agent) | (graph.v == agent)))
        rate = graph.contact_rate[slots].astype(float).mean()
        assert agents["bandwidth"][agent] == pytest.approx(rate)
    assert (agents["novel_items"] == 0).all()  # trends off


@pytest.mark.parametrize("value", [-1, 10_001, 1.5])
def test_bad_topic_counts_are_refused_in_one_line(value):
    with pytest.raises(ConfigError, match=r"trends\.topics_per_community") as info:
        validate_config({"trends": {"rate": 1.0, "topics_per_community": value}})
    assert "\n" not in str(info.value)
