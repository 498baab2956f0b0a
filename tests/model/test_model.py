"""The Mesa engine: reductions to published models, conservation, reproducibility."""

from __future__ import annotations

import numpy as np
import pytest

from model_helpers import disjoint_pairs, isolated_agents
from tiesim.config import JobsConfig, TrendsConfig
from tiesim.graphs.ties import Tie
from tiesim.model import WeakTiesModel

CAJ = dict(job_locality=0.0, max_hops=1, lead_lifetime=1, passing="random")


def run_model(model: WeakTiesModel, steps: int) -> WeakTiesModel:
    for _ in range(steps):
        model.step()
    return model


def test_isolated_agent_matches_closed_form():
    """Calvó-Armengol & Jackson with no neighbours: u* = b / (a + b − ab) under our timing."""
    a, b = 0.1, 0.05
    model = run_model(
        WeakTiesModel(isolated_agents(3000), JobsConfig(job_arrival=a, job_loss=b, **CAJ), rng=1),
        300,
    )
    unemployment = 1 - model.metrics()["employment_rate"].iloc[100:].mean()
    assert unemployment == pytest.approx(b / (a + b - a * b), abs=0.006)


def pair_stationary(a: float, b: float) -> np.ndarray:
    """Exact stationary law of a CAJ pair over (#employed = 0, 1, 2), hearing before job loss."""

    def lose(k):  # distribution of employed after each of k employed loses w.p. b
        return (
            np.array([b**2, 2 * b * (1 - b), (1 - b) ** 2])
            if k == 2
            else (np.array([b, 1 - b, 0.0]) if k == 1 else np.array([1.0, 0, 0]))
        )

    hired_from = {  # distribution of #employed after hearing, by #employed at start
        0: [(1 - a) ** 2, 2 * a * (1 - a), a**2],
        1: [0.0, (1 - a) ** 2, 1 - (1 - a) ** 2],  # the employed one passes its lead
        2: [0.0, 0.0, 1.0],
    }
    P = np.array([sum(p * lose(k) for k, p in enumerate(hired_from[s])) for s in range(3)])
    w, v = np.linalg.eig(P.T)
    pi = np.real(v[:, np.argmin(abs(w - 1))])
    return pi / pi.sum()


def test_pair_matches_exact_markov_chain():
    """A pair of neighbours: the exact CAJ steady state, including passing to the partner."""
    a, b = 0.1, 0.05
    model = run_model(
        WeakTiesModel(disjoint_pairs(1500), JobsConfig(job_arrival=a, job_loss=b, **CAJ), rng=2),
        300,
    )
    pi = pair_stationary(a, b)
    expected_unemployment = pi[0] + pi[1] / 2
    unemployment = 1 - model.metrics()["employment_rate"].iloc[100:].mean()
    assert unemployment == pytest.approx(expected_unemployment, abs=0.006)
    # and the network matters: a pair does better than an isolated agent
    assert expected_unemployment < b / (a + b - a * b) - 0.02


def test_hires_are_traceable_and_conserved(small_config):
    model = WeakTiesModel(small_config.graph, small_config.jobs, small_config.trends, rng=5)
    unemployed = [int((~np.array([p.employed for p in model.people])).sum())]
    run_model(model, small_config.steps)
    metrics, hires = model.metrics(), model.hires()
    assert len(hires) == metrics["hires"].sum() > 0
    # every step: unemployed(t) = unemployed(t-1) - hires + job losses
    unemployed += metrics["unemployed"].tolist()
    change = np.diff(unemployed)
    assert (change == metrics["job_losses"] - metrics["hires"]).all()
    # no agent hired twice in one step
    assert not hires.duplicated(["step", "agent"]).any()
    # every opening fills at most one job
    assert hires["lead_id"].is_unique
    for row in hires.itertuples():
        assert row.path[0] == row.first_hearer and row.path[-1] == row.agent
        assert len(row.path) == row.hops + 1
        assert 0 <= row.lead_age < small_config.jobs.lead_lifetime
        if row.channel == "direct":
            assert row.hops == 0 and row.sender == -1
        else:
            assert 1 <= row.hops <= small_config.jobs.max_hops
            slot = model.graph.adjacency()[row.sender, row.agent] - 1
            assert slot >= 0, "a passed lead must travel over an existing tie"
            assert Tie(model.graph.tie[slot]).label == row.channel
            assert row.tie_strength == pytest.approx(model.graph.strength[slot])
    counts = hires["channel"].value_counts()
    for channel in ("direct", "strong", "weak"):
        assert metrics[f"hires_{channel}"].sum() == counts.get(channel, 0)


def test_cutting_weak_ties_mid_run(small_config):
    model = WeakTiesModel(small_config.graph, small_config.jobs, rng=8)
    run_model(model, 10)
    model.remove_ties(model.weak_slots())
    assert model.graph.mean_degree(Tie.WEAK) == 0
    assert all(d["tie"] == "strong" for *_, d in model.G.edges(data=True))
    start = len(model.hire_rows)
    run_model(model, 20)
    assert (model.hires().iloc[start:]["channel"] != "weak").all()


def test_added_ties_carry_leads():
    model = WeakTiesModel(isolated_agents(2), JobsConfig(job_arrival=0.5, **CAJ), rng=1)
    slots = model.add_ties([0], [1], [Tie.WEAK], [0.3], [1.0])
    assert list(slots) == [0] and model.G.edges[0, 1]["slot"] == 0
    run_model(model, 200)
    assert (model.hires()["channel"] == "weak").any()


def test_complex_contagion_needs_confirmation():
    """Centola & Macy: on a ring (no weak ties) simple contagion spreads, threshold 3 does not."""
    from tiesim.config import SmallWorldGraphConfig

    ring = SmallWorldGraphConfig(kind="small_world", n=200, k=4, p=0.0, strong_contact_rate=1.0)
    reach = {}
    for contagion in ("simple", "complex"):
        trends = TrendsConfig(
            rate=0.2, contagion=contagion, threshold=3, transmission=1.0, horizon=200
        )
        model = run_model(WeakTiesModel(ring, JobsConfig(), trends, rng=3), 60)
        reach[contagion] = model.trend_items()["reach"].max()
    assert reach["simple"] > 0.5
    assert reach["complex"] <= 1 / 200


@pytest.mark.parametrize("seed_contacts", [True, False])
def test_seeding_contacts_lets_complex_contagion_spread(seed_contacts):
    """Centola & Macy seed a focal agent and its neighbours: on a ring lattice (k = 4, everyone
    talking and mentioning), threshold 2 then reaches everyone; from one adopter it cannot."""
    from tiesim.config import SmallWorldGraphConfig

    ring = SmallWorldGraphConfig(
        kind="small_world", n=60, k=4, p=0.0, strong_contact_rate=1.0, weak_contact_rate=1.0
    )
    trends = TrendsConfig(
        rate=0.2,
        contagion="complex",
        threshold=2,
        transmission=1.0,
        horizon=100,
        seed_contacts=seed_contacts,
    )
    items = run_model(WeakTiesModel(ring, JobsConfig(), trends, rng=4), 60).trend_items()
    early = items[items["start_step"] <= 25]  # 35 steps or more to go round the ring
    assert len(early) >= 2
    if seed_contacts:
        assert (early["adopters"] == 60).all() and (early["reach"] == 1.0).all()
        assert (early["time_to_half"] > 0).all()
    else:
        assert (items["adopters"] == 1).all()


def test_job_locality_concentrates_direct_arrivals(small_config):
    """With full locality, direct arrivals happen only in the H communities with demand."""
    local = small_config.jobs.model_copy(
        update={"job_locality": 1.0, "job_arrival": 0.02, "demand_share": 0.15}
    )
    model = WeakTiesModel(small_config.graph, local, rng=4)
    hot_per_step = []
    for _ in range(30):
        model.step()
        hot_per_step.append(set(np.flatnonzero(model.draws.hot)))
    assert all(len(hot) == 3 for hot in hot_per_step)  # round(0.15 * 20 communities)
    direct = model.hires().query("channel == 'direct'")
    assert len(direct) > 0
    born = direct["step"] - direct["lead_age"]
    assert all(
        origin in hot_per_step[step - 1]
        for origin, step in zip(direct["origin_community"], born, strict=True)
    )


def test_job_locality_keeps_the_mean_arrival_rate():
    from tiesim.config import CommunityGraphConfig
    from tiesim.model.draws import arrival_probabilities

    jobs = JobsConfig(job_arrival=0.05, job_locality=0.8, demand_share=0.1)
    outside, inside = arrival_probabilities(jobs, 50)
    assert 0.1 * inside + 0.9 * outside == pytest.approx(0.05)
    graph = CommunityGraphConfig(n=2000, community_size=20, strong_degree=4)
    model = run_model(WeakTiesModel(graph, jobs, rng=2), 40)
    assert model.metrics()["leads_direct"].mean() == pytest.approx(0.05, rel=0.05)


def test_demand_spreads_when_one_community_cannot_absorb_it():
    """H rises until the probability inside is at most 1; the mean arrival rate still holds."""
    from tiesim.model.draws import arrival_probabilities, demand_count

    jobs = JobsConfig(job_arrival=0.2, job_locality=0.9, demand_share=0.01)
    count = demand_count(jobs, 50)
    outside, inside = arrival_probabilities(jobs, 50)
    assert count > round(0.01 * 50) and inside <= 1.0
    assert (count * inside + (50 - count) * outside) / 50 == pytest.approx(0.2)
    assert demand_count(JobsConfig(job_arrival=1.0, job_locality=0.5), 7) == 7


def test_the_package_loads_mesa_on_first_use_and_lists_its_names_before():
    import subprocess
    import sys

    script = (
        "import sys, tiesim.model as m;"
        "print('mesa' in sys.modules, sorted(set(m.__all__) - set(dir(m))));"
        "m.WeakTiesModel;"
        "print('mesa' in sys.modules)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert proc.stdout.split("\n")[:2] == ["False []", "True"]
