"""People who network: each mechanism does what README.md ("People who network") says."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from tiesim.analysis.summary import frequency_bin, network_summary, run_summary
from tiesim.config import CommunityGraphConfig, JobsConfig, NetworkingConfig, TiesConfig
from tiesim.graphs.ties import FORMED_BY, SocialGraph, Tie
from tiesim.model import WeakTiesModel
from tiesim.model.metrics import METRIC_COLUMNS, NETWORK_METRIC_COLUMNS, TIE_METRIC_COLUMNS
from tiesim.model.networking import assign_shares
from tiesim.model.records import HIRE_COLUMNS, NETWORK_HIRE_COLUMNS
from tiesim.model.tie_dynamics import ContactCurve

GRAPH = CommunityGraphConfig(n=200, community_size=20, strong_degree=4, weak_tie_density=1.0)
QUIET = JobsConfig(job_arrival=0.0, job_loss=0.0, initial_employment=1.0)
ASK = {"asks_for_interviews": 1.0}


def run(networking: NetworkingConfig, steps: int = 20, graph=GRAPH, jobs=None, rng=4):
    model = WeakTiesModel(graph, jobs, networking=networking, rng=rng)
    for _ in range(steps):
        model.step()
    return model


def formed(model: WeakTiesModel, how: str) -> pd.DataFrame:
    ties = model.tie_table()
    return ties[(ties["event"] == "formed") & (ties["formed_by"] == how)]


def test_off_by_default_no_network_columns_and_nothing_forms():
    model = run(NetworkingConfig())
    assert tuple(model.metrics().columns) == METRIC_COLUMNS
    assert list(model.hires().columns) == list(HIRE_COLUMNS)
    assert "strategy" not in model.agent_table()
    assert model.tie_table().empty


def test_on_the_tables_gain_the_network_columns():
    model = run(NetworkingConfig(events={"rate": 1.0}))
    assert tuple(model.metrics().columns) == (
        METRIC_COLUMNS + TIE_METRIC_COLUMNS + NETWORK_METRIC_COLUMNS
    )
    assert list(model.hires().columns) == list(HIRE_COLUMNS + NETWORK_HIRE_COLUMNS)
    assert {"strategy", "arm", "interviews", "hires_interview"} <= set(model.agent_table())
    assert "formed_by" in model.tie_table()


def test_events_form_weak_ties_that_start_at_new_strength_and_are_counted():
    config = NetworkingConfig(events={"rate": 2.0, "size": 10, "meet": 0.5}, new_strength=0.3)
    model = run(config, steps=10)
    new = formed(model, "event")
    assert len(new) > 0
    assert set(new["tie_after"]) == {"weak"}
    assert np.allclose(new["strength"], np.float32(0.3))
    assert model.metrics()["formed_event"].sum() == len(new)
    slots = new["slot"].to_numpy()
    assert (model.graph.formed_by[slots] == FORMED_BY.index("event")).all()
    assert (model.graph.formed[slots] == new["step"].to_numpy()).all()
    # a new tie talks at the rate the living ties' contact curve gives its strength
    assert model.graph.contact_rate[slots][0] == np.float32(model.network.new_rate)
    expected = model.tie_rules.curve.rate(np.array([np.float64(np.float32(0.3))]))[0]
    assert model.network.new_rate == expected


def test_with_living_ties_new_ties_follow_the_same_curve_as_the_others():
    ties = TiesConfig(dynamics=True)
    events = NetworkingConfig(events={"rate": 1.0})
    model = WeakTiesModel(GRAPH, QUIET, ties=ties, networking=events, rng=8)
    before = WeakTiesModel(GRAPH, QUIET, rng=8).graph  # the graph as generated, rates by type
    curve = ContactCurve.from_graph(before)
    assert model.tie_rules.curve == curve
    assert model.network.new_rate == curve.rate(np.array([np.float64(np.float32(0.2))]))[0]


def test_interviews_alone_need_no_contact_curve():
    # strong ties talking less than weak ones is fine when no tie forms and none fades
    graph = CommunityGraphConfig(n=100, strong_contact_rate=0.05, weak_contact_rate=0.1)
    interviews = NetworkingConfig(interviews={"rule": "random"}, strategies=ASK)
    model = run(interviews, steps=3, graph=graph)
    assert model.metrics()["interviews"].sum() > 0


def test_local_events_tie_people_of_one_community():
    model = run(NetworkingConfig(events={"rate": 1.0, "scope": "local", "meet": 0.5}), steps=5)
    new = formed(model, "event")
    community = model.graph.community
    assert len(new) and (community[new["u"]] == community[new["v"]]).all()


def test_online_recommendations_are_friends_of_friends_ranked_by_mutual_contacts():
    arms = NetworkingConfig(online={"rate": 0.3, "accept": 1.0, "rank": "most_mutual"})
    few = NetworkingConfig(online={"rate": 0.3, "accept": 1.0, "rank": "fewest_mutual"})
    mutual = {}
    for name, config in (("most", arms), ("fewest", few)):
        model = run(config, 5)
        slots = formed(model, "online")["slot"].to_numpy()
        assert len(slots) and (model.graph.mutual_formed[slots] >= 1).all()  # friends of friends
        mutual[name] = model.graph.mutual_formed[slots].mean()
    assert mutual["most"] > mutual["fewest"]


def test_arms_are_randomised_over_agents():
    config = NetworkingConfig(online={"rate": 0.1, "arms": ["most_mutual", "random"]})
    agents = run(config, steps=1).agent_table()
    counts = agents["arm"].value_counts()
    assert set(counts.index) == {"most_mutual", "random"}
    assert abs(counts["random"] - 100) < 40


def test_activity_groups_cut_across_communities_unless_homophilous():
    mixed = run(NetworkingConfig(activities={"groups": 10, "size": 10}), steps=1).network
    home = run(NetworkingConfig(activities={"groups": 10, "size": 10, "homophily": 1.0}), 1)
    community = home.graph.community
    assert all(len(g) == 10 for g in mixed.groups)
    assert all(len(set(community[g])) == 1 for g in home.network.groups)
    assert np.mean([len(set(community[g])) for g in mixed.groups]) > 3


def test_introductions_and_strong_triads_close_triangles():
    config = NetworkingConfig(closure={"introductions": 0.05, "strong_triads": 0.05})
    model = run(config, steps=10)
    graph = model.graph
    for how in ("introduction", "closure"):
        slots = formed(model, how)["slot"].to_numpy()
        assert len(slots) and (graph.mutual_formed[slots] >= 1).all(), how


def star(strengths, communities=None) -> SocialGraph:
    """Agent 0 tied to agents 1..k with the given strengths; no tie talks by chance."""
    k = len(strengths)
    community = np.zeros(k + 1, int) if communities is None else np.asarray(communities)
    zeros = np.zeros(k)
    return SocialGraph(community, zeros, np.arange(1, k + 1), zeros + 1, strengths, zeros)


@pytest.mark.parametrize(
    ("rule", "asked"),
    [("weakest_first", 2), ("strongest_first", 3), ("other_community_first", 1)],
)
def test_a_job_seeker_asks_contacts_in_the_order_of_its_rule(rule, asked):
    graph = star([0.5, 0.1, 0.9], communities=[0, 1, 0, 0])
    jobs = JobsConfig(job_arrival=0.0, job_loss=0.0, initial_employment=0.0)
    config = NetworkingConfig(interviews={"rule": rule, "budget": 1.0}, strategies=ASK)
    model = run(config, steps=1, graph=graph, jobs=jobs)
    seekers, contacts = model.network.asked  # in agent order: agent 0 asks first
    assert seekers[0] == 0 and contacts[0] == asked and seekers[1] != 0
    assert model.agent_table()["interviews"][0] == 1


def test_a_pair_talk_about_work_at_most_once_every_ask_again_after_steps():
    graph = star([0.5])
    jobs = JobsConfig(job_arrival=0.0, job_loss=0.0, initial_employment=0.0)
    interviews = {"rule": "weakest_first", "ask_again_after": 5}
    model = run(NetworkingConfig(interviews=interviews, strategies=ASK), 11, graph, jobs)
    assert model.metrics()["interviews"].tolist() == [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]


def test_asking_brings_leads_over_ties_that_never_talk_by_chance():
    silent = CommunityGraphConfig(
        n=200, community_size=20, strong_contact_rate=0.0, weak_contact_rate=0.0
    )
    jobs = JobsConfig(job_arrival=0.05, job_loss=0.05, lead_lifetime=3)
    nobody = NetworkingConfig(
        interviews={"rule": "random"}, strategies={"asks_for_interviews": 0.0}
    )
    passive = run(nobody, 40, silent, jobs).hires()
    assert set(passive["channel"]) == {"direct"}
    asking = NetworkingConfig(interviews={"rule": "random", "budget": 3}, strategies=ASK)
    hires = run(asking, 40, silent, jobs).hires()
    through = hires[hires["channel"] == "interview"]
    assert len(through) > 0
    assert set(through["tie_type"]) <= {"strong", "weak"} and (through["tie_slot"] >= 0).all()
    assert (through["hops"] == 1).all()


def test_strategies_get_exact_shares_and_are_recorded():
    assert np.bincount(assign_shares(10, [0.5, 0.3, 0.2], np.random.default_rng(0))).tolist() == [
        5,
        3,
        2,
    ]
    config = NetworkingConfig(events={"rate": 1.0}, strategies={"networker": 0.25})
    agents = run(config, steps=1).agent_table()
    assert agents["strategy"].value_counts().to_dict() == {"homebody": 150, "networker": 50}


def test_networkers_go_to_more_events():
    config = NetworkingConfig(
        events={"rate": 3.0, "size": 20, "meet": 0.3},
        strategies={"networker": 0.5},
        networker_effort=5.0,
    )
    model = run(config, steps=20, jobs=QUIET)
    new = formed(model, "event")
    ends = np.concatenate([new["u"], new["v"]])
    networker = model.network.strategy == 1
    assert networker[ends].mean() > 0.65


def test_hire_records_say_how_and_when_the_tie_formed():
    config = NetworkingConfig(events={"rate": 3.0, "size": 30, "meet": 0.3})
    hires = run(config, steps=40, jobs=JobsConfig(job_loss=0.05)).hires()
    contact = hires[hires["channel"] != "direct"]
    assert len(contact)
    assert (contact["tie_age"] == contact["step"] - contact["tie_formed"]).all()
    assert set(contact["tie_formed_by"]) <= {"generated", "event"}
    direct = hires[hires["channel"] == "direct"]
    assert (direct["tie_slot"] == -1).all() and direct["strength_at_formation"].isna().all()


def test_granovetters_frequency_bins():
    # a step of 7 days: twice a week is a rate of 2, never reached; a step of a day: 2/7
    assert frequency_bin(np.array([1.0, 0.05, 0.019]), 7.0).tolist() == [
        "occasionally",
        "occasionally",
        "rarely",
    ]
    rates = np.array([2 / 7, 0.28, 1 / 365, 0.003])
    assert frequency_bin(rates, 1.0).tolist() == ["often", "occasionally", "rarely", "occasionally"]


def test_the_summary_reports_outcomes_by_strategy():
    config = NetworkingConfig(
        interviews={"rule": "weakest_first"},
        strategies={"networker": 0.3, "asks_for_interviews": 0.3},
        events={"rate": 1.0},
    )
    model = run(config, steps=40, jobs=JobsConfig(job_loss=0.05))
    agents, hires = model.agent_table(), model.hires()
    summary = run_summary(model.metrics(), hires=hires, agents=agents)
    for strategy in ("homebody", "networker", "asks_for_interviews"):
        mine = agents["strategy"] == strategy
        assert summary[f"employed_{strategy}"] == pytest.approx(agents["employed"][mine].mean())
    tail = model.metrics().iloc[30:]  # the final quarter of 40 steps
    assert tail["hires_interview"].sum() > 0
    share = tail["hires_interview"].sum() / tail["hires"].sum()
    assert summary["interview_share_of_hires"] == pytest.approx(share)
    window = hires[hires["step"] > 30]
    contact = window[window["channel"] != "direct"]
    weak = (contact["channel"] == "weak") | (contact["tie_type"] == "weak") & (
        contact["channel"] == "interview"
    )
    assert summary["weak_share_of_contact_hires"] == pytest.approx(weak.mean())
    shares = [summary[f"contact_{b}_share"] for b in ("often", "occasionally", "rarely")]
    assert sum(shares) == pytest.approx(1.0)
    steps = 10
    by = network_summary(hires[hires["step"] > 40 - steps], agents, steps)
    count = (agents["strategy"] == "networker").sum()
    late = hires[(hires["step"] > 30) & (hires["strategy"] == "networker")]
    assert by["hire_rate_networker"] == pytest.approx(len(late) / (count * steps))


def test_without_networking_the_summary_keys_are_unchanged():
    model = run(NetworkingConfig(), steps=10)
    summary = run_summary(model.metrics(), hires=model.hires(), agents=model.agent_table())
    assert "employed_homebody" not in summary and "interview_share_of_hires" not in summary


def test_living_ties_fade_what_networking_made():
    ties = TiesConfig(dynamics=True, half_life_weak=2.0)
    config = NetworkingConfig(events={"rate": 2.0, "meet": 0.5}, new_strength=0.05)
    model = WeakTiesModel(GRAPH, QUIET, ties=ties, networking=config, rng=2)
    for _ in range(15):
        model.step()
    table = model.tie_table()
    made = set(formed(model, "event")["slot"])
    dissolved = table[(table["event"] == "dissolved") & (table["formed_by"] == "event")]
    assert made and len(dissolved) > 0
    assert model.graph.tie[list(made)].tolist().count(Tie.STRONG) == 0
