"""Living ties in the Mesa engine: fading, growing, types, check-ins, budgets, and the records."""

from __future__ import annotations

import numpy as np
import pytest

from model_helpers import disjoint_pairs
from tiesim.config import CommunityGraphConfig, JobsConfig, TiesConfig, TrendsConfig
from tiesim.errors import TiesimError
from tiesim.graphs.ties import SocialGraph, Tie
from tiesim.model import Status, WeakTiesModel
from tiesim.model.metrics import METRIC_COLUMNS, TIE_METRIC_COLUMNS
from tiesim.model.tie_dynamics import ContactCurve

QUIET = JobsConfig(job_arrival=0.0, job_loss=0.0, initial_employment=1.0)


def pairs(count: int, tie: Tie, strength: float, rate: float) -> SocialGraph:
    """``count`` separate pairs whose ties have one type, strength and contact rate."""
    u = np.arange(0, 2 * count, 2)
    return SocialGraph(
        np.arange(2 * count) // 2,
        u,
        u + 1,
        np.full(count, tie),
        np.full(count, strength),
        np.full(count, rate),
    )


def run(model: WeakTiesModel, steps: int) -> WeakTiesModel:
    for _ in range(steps):
        model.step()
    return model


def test_off_by_default_nothing_changes_and_no_tie_columns(small_config):
    model = run(WeakTiesModel(small_config.graph, small_config.jobs, rng=1), 20)
    assert tuple(model.metrics().columns) == METRIC_COLUMNS
    assert model.tie_table().empty
    before = WeakTiesModel(small_config.graph, small_config.jobs, rng=1).graph
    assert np.array_equal(model.graph.strength, before.strength)
    assert len(model.agent_table()) == small_config.graph.n


def test_a_neglected_tie_halves_each_half_life_then_turns_weak_then_dissolves():
    ties = TiesConfig(dynamics=True, half_life_strong=10.0, half_life_weak=5.0, demote_below=0.45)
    model = WeakTiesModel(pairs(1, Tie.STRONG, 0.8, 0.0), QUIET, ties=ties, rng=0)
    run(model, 8)
    assert model.graph.strength[0] == pytest.approx(0.8 * 2 ** (-8 / 10), rel=1e-5)
    # strong until 0.8 * 2**(-k/10) < 0.45, then weak, halving every 5 steps until < 0.02
    demoted = int(np.ceil(10 * np.log2(0.8 / 0.45)))
    at_demotion = 0.8 * 2 ** (-demoted / 10)
    dissolved = demoted + int(np.ceil(5 * np.log2(at_demotion / 0.02)))
    run(model, 40)
    events = model.tie_table()
    assert events["event"].tolist() == ["demoted", "dissolved"]
    assert events["step"].tolist() == [demoted, dissolved] == [9, 32]
    assert events["tie_before"].tolist() == ["strong", "weak"]
    assert events["tie_after"].tolist() == ["weak", ""]
    assert not model.graph.alive[0] and model.G.number_of_edges() == 0
    assert model.metrics()["ties_dissolved"].sum() == 1


def test_a_tie_that_talks_every_step_grows_towards_one_and_is_promoted():
    """Strength after k steps of talk: 1 - (1 - s0)(1 - growth)^k; 0.2 passes 0.5 at k = 5."""
    ties = TiesConfig(dynamics=True, growth=0.1)
    model = WeakTiesModel(pairs(2, Tie.WEAK, 0.2, 1.0), QUIET, ties=ties, rng=0)
    run(model, 4)
    assert model.graph.strength == pytest.approx(1 - 0.8 * 0.9**4, rel=1e-5)
    assert (model.graph.tie == Tie.WEAK).all()
    run(model, 1)
    assert (model.graph.tie == Tie.STRONG).all() and (model.graph.last_talk == 5).all()
    events = model.tie_table()
    assert events["event"].tolist() == ["promoted"] * 2 and events["step"].tolist() == [5, 5]
    assert model.metrics()["ties_promoted"].tolist() == [0, 0, 0, 0, 2]


def test_contact_rate_follows_strength_through_the_typical_ties():
    """A tie of its type's mean strength talks at its type's mean rate; rates rise with strength."""
    graph = CommunityGraphConfig(n=400, strong_contact_rate=0.6, weak_contact_rate=0.15)
    start = WeakTiesModel(graph, QUIET, rng=2).graph
    model = WeakTiesModel(graph, QUIET, ties=TiesConfig(dynamics=True), rng=2)
    g = model.graph
    curve = ContactCurve.from_graph(start)
    for tie, rate in ((Tie.STRONG, 0.6), (Tie.WEAK, 0.15)):
        mean = start.strength[start.tie == tie].astype(float).mean()
        assert curve.rate(np.array([mean]))[0] == pytest.approx(rate)
    order = np.argsort(g.strength, kind="stable")
    assert np.all(np.diff(g.contact_rate[order]) >= 0)  # monotone in strength
    assert curve.rate(np.array([0.0]))[0] == 0.0 and curve.rate(np.array([1.0]))[0] <= 1.0
    assert np.array_equal(g.contact_rate, curve.rate(g.strength.astype(float)).astype(np.float32))


def test_contact_curve_needs_strong_ties_to_talk_more():
    graph = pairs(2, Tie.STRONG, 0.9, 0.1)
    weak = pairs(2, Tie.WEAK, 0.2, 0.5)
    both = SocialGraph(
        np.arange(8) // 2,
        np.r_[graph.u, weak.u + 4],
        np.r_[graph.v, weak.v + 4],
        np.r_[graph.tie, weak.tie],
        np.r_[graph.strength, weak.strength],
        np.r_[graph.contact_rate, weak.contact_rate],
    )
    with pytest.raises(TiesimError, match="talking at least as often"):
        WeakTiesModel(both, QUIET, ties=TiesConfig(dynamics=True), rng=0)


def test_check_ins_follow_the_budget_and_the_costs():
    """Budget 2, a strong check-in costing 3: nobody can afford a strong tie, each agent checks
    in on two weak ties (or all it has) per step."""
    graph = CommunityGraphConfig(n=200, community_size=10, strong_degree=4, weak_tie_density=3.0)
    ties = TiesConfig(maintenance="strong_first", budget=2.0, strong_cost_ratio=3.0)
    model = run(WeakTiesModel(graph, QUIET, ties=ties, rng=4), 3)
    metrics, agents = model.metrics(), model.agent_table()
    assert (metrics["checkins_strong"] == 0).all() and (agents["time_strong"] == 0).all()
    per_step = np.minimum(agents["degree_weak"], 2)
    assert (agents["checkins_weak"] == 3 * per_step).all()
    assert metrics["time_weak"].tolist() == pytest.approx([per_step.sum() / 200] * 3)


def test_only_ties_silent_long_enough_are_due_a_check_in():
    """A pair that talks every step never needs a check-in; silent pairs get one every 3 steps."""
    ties = TiesConfig(
        maintenance="oldest_first", budget=1.0, strong_cost_ratio=1.0, checkin_after=3
    )
    talking = run(WeakTiesModel(pairs(5, Tie.WEAK, 0.3, 1.0), QUIET, ties=ties, rng=0), 9)
    assert talking.agent_table()["checkins_weak"].sum() == 0
    silent = run(WeakTiesModel(pairs(5, Tie.WEAK, 0.3, 0.0), QUIET, ties=ties, rng=0), 9)
    # due at steps 3, 6, 9 (last talk 0, then the check-in's step): both ends check in then
    assert silent.metrics()["checkins_weak"].tolist() == [0, 0, 10] * 3
    assert (silent.graph.last_talk == 9).all()


def test_only_job_seekers_check_in_when_only_they_have_time():
    graph = CommunityGraphConfig(n=200, community_size=10, strong_degree=4, weak_tie_density=2.0)
    jobs = JobsConfig(initial_employment=0.5, job_arrival=0.0, job_loss=0.0)
    ties = TiesConfig(maintenance="weak_first", budget=0.0, budget_unemployed=1.0)
    agents = run(WeakTiesModel(graph, jobs, ties=ties, rng=5), 4).agent_table()
    checked = agents["checkins_weak"] > 0
    assert checked.any() and not agents.loc[checked, "employed"].any()


def test_checked_in_ties_carry_leads_that_silent_ties_cannot():
    jobs = JobsConfig(job_arrival=0.3, job_loss=0.2, max_hops=1, lead_lifetime=1)
    silent = disjoint_pairs(100, contact_rate=0.0)  # strong ties that never talk by chance
    without = run(WeakTiesModel(silent, jobs, rng=6), 60).hires()
    ties = TiesConfig(maintenance="oldest_first", budget=1.0, strong_cost_ratio=1.0)
    kept = run(WeakTiesModel(silent, jobs, ties=ties, rng=6), 60).hires()
    assert (without["channel"] == "direct").all()
    assert (kept["channel"] != "direct").sum() > 20


def test_oldest_first_goes_round_the_ties_longest_without_contact():
    """A star whose ties never talk by chance: the centre (the only one with time) checks in on
    one tie a step, each time the one longest without contact (ties: lowest contact number)."""
    u, v = np.zeros(4, int), np.arange(1, 5)
    star = SocialGraph(np.zeros(5, int), u, v, np.full(4, Tie.WEAK), np.full(4, 0.3), np.zeros(4))
    ties = TiesConfig(maintenance="oldest_first", budget=1.0, budget_unemployed=0.0)
    model = WeakTiesModel(star, QUIET, ties=ties, rng=0)
    for leaf in model.people[1:]:
        leaf.status = Status.UNEMPLOYED  # no time for check-ins
    checked = []
    for _ in range(6):
        model.step()
        checked.append(int(model.graph.v[np.argmax(model.graph.last_checkin)]))
    assert checked == [1, 2, 3, 4, 1, 2]


def test_records_add_up(small_config):
    ties = TiesConfig(
        dynamics=True,
        half_life_weak=6.0,
        maintenance="weak_first",
        budget=1.0,
        budget_unemployed=2.0,
    )
    model = run(
        WeakTiesModel(small_config.graph, small_config.jobs, TrendsConfig(), ties, rng=7), 40
    )
    metrics, hires, agents, events = (
        model.metrics(),
        model.hires(),
        model.agent_table(),
        model.tie_table(),
    )
    n = small_config.graph.n
    assert set(TIE_METRIC_COLUMNS) <= set(metrics.columns)
    for channel in ("direct", "strong", "weak"):
        assert agents[f"hires_{channel}"].sum() == (hires["channel"] == channel).sum()
        assert agents[f"leads_{channel}"].sum() == pytest.approx(
            metrics[f"leads_{channel}"].sum() * n
        )
    assert agents["job_losses"].sum() == metrics["job_losses"].sum()
    for tie in ("strong", "weak"):
        assert agents[f"checkins_{tie}"].sum() == metrics[f"checkins_{tie}"].sum()
        assert agents[f"degree_{tie}"].sum() == 2 * metrics[f"ties_{tie}"].iloc[-1]
    for event in ("promoted", "demoted", "dissolved"):
        logged = events[events["event"] == event].groupby("step").size()
        counted = metrics.set_index("step")[f"ties_{event}"]
        assert counted.tolist() == logged.reindex(counted.index, fill_value=0).tolist()
    assert set(events["event"]) >= {"promoted", "demoted"}
    spells = hires.groupby("agent")["unemployment_spell"].mean()
    assert np.allclose(agents.loc[spells.index, "mean_spell"], spells)
    unemployed = ~agents["employed"]
    assert (agents.loc[unemployed, "open_spell"] >= 0).all()  # 0: lost the job this step
    assert (agents.loc[unemployed, "open_spell"] > 0).any()
    assert (agents.loc[~unemployed, "open_spell"] == 0).all()
