import networkx as nx
import numpy as np
import pandas as pd
import pytest
from app_helpers import make_model, stepped_model

from tiesim.app import state
from tiesim.app.demo_model import (
    CONFIG_ENV,
    DemoModel,
    config_from_params,
    latest_hires,
    network_phrase,
    params_from_config,
    starting_params,
    weak_tie_count,
)
from tiesim.app.drawing import NetworkPicture
from tiesim.app.presets import DEFAULTS, NETWORKS, preset_values
from tiesim.config import ExperimentConfig, load_config
from tiesim.engines import ArrayModel
from tiesim.errors import ConfigError, TiesimError
from tiesim.model import WeakTiesModel

SIZES = {
    "karate_club": (34, 78),
    "les_miserables": (77, 254),
    "florentine_families": (15, 20),
    "davis_southern_women": (18, 139),
}


def test_flat_params_and_config_round_trip():
    values = {**DEFAULTS, "weak_tie_density": 2.5, "trend_threshold": 3, "seed": 9}
    config = config_from_params(values)
    assert config.graph.weak_tie_density == 2.5
    assert config.trends.contagion == "complex" and config.trends.threshold == 3
    back = params_from_config(config)
    assert {k: back[k] for k in values if k not in ("cut_weak_ties_at", "colour_by")} == {
        k: v for k, v in values.items() if k not in ("cut_weak_ties_at", "colour_by")
    }
    assert config_from_params({**values, "trend_threshold": 1}).trends.contagion == "simple"


def test_demo_model_runs_exactly_like_the_core_model_with_the_same_config():
    demo = make_model(25, seed=5)
    core = WeakTiesModel(demo.config.graph, demo.config.jobs, demo.config.trends, rng=5)
    for _ in range(25):
        core.step()
    pd.testing.assert_frame_equal(demo.metrics(), core.metrics())


def test_cutting_the_weak_ties_removes_them_and_weak_tie_hires_stop():
    cut = 40
    model = make_model(
        cut - 1,
        weak_tie_density=3.0,
        weak_contact_rate=0.5,
        job_loss=0.05,
        cut_weak_ties_at=cut,
        seed=1,
    )
    before = weak_tie_count(model)
    assert before > 0 and model.weak_ties_cut_ == 0
    model.step()  # step `cut` starts by cutting
    assert weak_tie_count(model) == 0 and model.weak_ties_cut_ == before
    assert all(model.graph.tie[s] == 0 for s in np.flatnonzero(model.graph.alive))
    for _ in range(80):
        model.step()
    hires = model.hires()
    weak = hires[hires.channel == "weak"]
    assert (weak.step < cut).sum() > 0, "no weak-tie hires before the cut: test is too weak"
    # a lead heard over a weak tie just before the cut may still be used until it expires
    assert (weak.step >= cut + model.jobs.lead_lifetime).sum() == 0
    assert model.metrics().set_index("step").loc[cut:, "leads_weak"].sum() == 0
    # "who told whom" still tells the story of hires whose lead crossed a tie cut since
    stories = latest_hires(model, limit=len(model.hire_rows))
    assert any("(weak)" in row["story"] for row in stories)


def test_no_cut_by_default():
    model = make_model(30, weak_tie_density=1.0)
    assert weak_tie_count(model) == 30 and model.weak_ties_cut_ == 0


def test_seed_text_from_the_page_is_accepted_and_checked():
    assert make_model(seed="7").config.seed == 7
    with pytest.raises(ConfigError, match="'seed' parameter must be a whole number"):
        make_model(seed="seven")


def test_bad_values_are_one_config_error():
    with pytest.raises(ConfigError, match="weak_contact_rate"):
        make_model(weak_contact_rate=1.5)
    with pytest.raises(TypeError, match="weak_tie_densty"):
        make_model(weak_tie_densty=1.0)
    with pytest.raises(ConfigError, match="colour_by"):
        make_model(colour_by="rainbow")


def test_latest_hires_tell_who_told_whom():
    stepped = stepped_model()
    rows = latest_hires(stepped, 5)
    assert 0 < len(rows) <= 5
    assert [r["step"] for r in rows] == sorted((r["step"] for r in rows), reverse=True)
    for row in rows:
        record = next(h for h in reversed(stepped.hire_rows) if h["agent"] == row["agent"])
        assert row["story"].startswith(f"#{record['path'][0]} heard directly")
        assert row["story"].count("→") == record["hops"]
        if record["hops"]:
            assert row["story"].endswith(f"#{row['agent']} ({row['channel']})")


def test_starting_params_from_a_config(tmp_path, monkeypatch):
    path = tmp_path / "class.yaml"
    path.write_text(
        "seed: 3\ngraph: {kind: community, n: 80, community_size: 8, strong_degree: 4,"
        " weak_tie_density: 0.5}\ntrends: {rate: 0.1, contagion: complex, threshold: 3}\n"
    )
    monkeypatch.delenv(CONFIG_ENV, raising=False)
    assert starting_params() == dict(DEFAULTS)
    monkeypatch.setenv(CONFIG_ENV, str(path))
    values = starting_params()
    assert values["seed"] == 3 and values["n"] == 80 and values["trend_threshold"] == 3
    assert DemoModel(**values).graph.n == 80


def test_demo_needs_a_network_it_offers(tmp_path):
    path = tmp_path / "blocks.yaml"
    path.write_text("graph: {kind: block_model, n: 100}\n")
    with pytest.raises(TiesimError, match=r"graph\.kind: community, small_world or dataset"):
        params_from_config(load_config(path))
    with pytest.raises(ConfigError, match="network must be one of community, small_world"):
        make_model(network="zachary")


@pytest.mark.parametrize(
    "text",
    [
        "graph: {kind: small_world, n: 100, k: 4, p: 0.2, community_size: 10,"
        " weak_contact_rate: 0.3}\n",
        "graph: {kind: dataset, name: les_miserables, strong_contact_rate: 0.7}\n",
        "graph: {kind: dataset, name: florentine_families}\n",
    ],
)
def test_small_world_and_real_network_configs_round_trip(tmp_path, text):
    path = tmp_path / "net.yaml"
    path.write_text(f"seed: 5\n{text}")
    config = load_config(path)
    values = params_from_config(config)
    model = DemoModel(**values)
    assert model.config.graph == config.graph
    assert config_from_params(values).graph == config.graph


@pytest.mark.parametrize("network", list(NETWORKS))
def test_every_network_builds_steps_and_has_a_layout(network):
    model = make_model(5, network=network, k=4, p=0.2, job_arrival=0.2)
    expected = {"community": 60, "small_world": 60, **{k: v[0] for k, v in SIZES.items()}}
    assert model.graph.n == expected[network] and len(model.metrics()) == 5
    assert model.positions.shape == (model.graph.n, 2)
    assert np.isfinite(model.positions).all()
    assert len(np.unique(model.positions.round(6), axis=0)) == model.graph.n  # nobody on top
    kind = model.config.graph.kind
    assert kind == (network if network in ("community", "small_world") else "dataset")
    picture = NetworkPicture(model, bridges=True, size=(400, 300))
    picture.update(model)
    assert picture.jpeg()[:2] == b"\xff\xd8"
    assert network_phrase(model.config)  # the Info tab's words


def test_bridges_of_real_networks_on_both_engines():
    """The "mark local bridges" highlight on a real network, read alike from either engine:
    the karate club has local bridges (among them a true bridge, span inf), the Davis women,
    who all shared events, none."""
    for name, some in (
        ("karate_club", True),
        ("les_miserables", True),
        ("davis_southern_women", False),
    ):
        config = ExperimentConfig(graph={"kind": "dataset", "name": name}, seed=3)
        mesa = WeakTiesModel(config.graph, config.jobs, config.trends, rng=3)
        array = ArrayModel(config.graph, config.jobs, config.trends, rng=3)
        for model in (mesa, array):
            for _ in range(4):
                model.step()
        (slots, span), (slots_a, span_a) = state.local_bridges(mesa), state.local_bridges(array)
        assert np.array_equal(slots, slots_a) and np.array_equal(span, span_a)
        assert (len(slots) > 0) == some
        G = mesa.graph.to_networkx()
        expected = {frozenset(e) for e in nx.local_bridges(G, with_span=False)}
        found = {frozenset((int(mesa.graph.u[s]), int(mesa.graph.v[s]))) for s in slots}
        assert found == expected
    assert np.isinf(state.local_bridges(dataset_model("karate_club"))[1]).any()


def dataset_model(name: str) -> DemoModel:
    return DemoModel(network=name)


def test_the_demo_draws_a_small_world_as_a_ring_and_real_networks_by_forces():
    ring = make_model(network="small_world", k=4)
    assert np.allclose(np.hypot(*ring.positions.T), 1.0)
    karate = dataset_model("karate_club")
    assert np.array_equal(karate.positions, dataset_model("karate_club").positions)  # seeded
    # the two clubs sit apart: members nearer their own club's centre than the other's
    centres = [karate.positions[karate.graph.community == c].mean(axis=0) for c in (0, 1)]
    own = np.hypot(*(karate.positions - np.array(centres)[karate.graph.community]).T)
    other = np.hypot(*(karate.positions - np.array(centres)[1 - karate.graph.community]).T)
    assert (own < other).mean() > 0.8


def test_presets_bring_the_class_back_to_the_town():
    values = preset_values("no-weak-ties", {**DEFAULTS, "network": "les_miserables"})
    assert values["network"] == "community"
    assert DemoModel(**values).config.graph.kind == "community"


def test_a_run_leaves_the_global_random_state_alone():
    import random

    before_np, before_py = np.random.get_state()[1].copy(), random.getstate()
    make_model(10, trend_rate=0.2, cut_weak_ties_at=5)
    np.testing.assert_array_equal(before_np, np.random.get_state()[1])
    assert random.getstate() == before_py


def test_use_it_or_lose_it_weak_ties_fade_without_check_ins_and_stay_with_them():
    values = preset_values("use-it-or-lose-it")
    assert values["tie_dynamics"] and values["ties_by_strength"]

    def weak_ties_at(budget: int, steps: int = 100) -> int:
        model = DemoModel(**{**values, "checkin_budget": budget, "n": 100})
        for _ in range(steps):
            model.step()
        return int(model.metrics()["ties_weak"].iloc[-1])

    start = DemoModel(**{**values, "n": 100}).graph
    weak = int((start.alive & (start.tie == 1)).sum())
    assert weak_ties_at(0) < weak // 10
    assert weak_ties_at(1) > weak * 0.8


def test_living_ties_round_trip_through_a_config(tmp_path):
    path = tmp_path / "living.yaml"
    path.write_text(
        "graph: {kind: community, n: 80, community_size: 8, strong_degree: 4}\n"
        "ties: {dynamics: true, half_life_weak: 20, maintenance: oldest_first, budget: 2}\n"
    )
    values = params_from_config(load_config(path))
    assert values["tie_dynamics"] and values["half_life_weak"] == 20
    assert values["maintenance"] == "oldest_first" and values["checkin_budget"] == 2
    ties = DemoModel(**values).config.ties
    assert ties.dynamics and ties.maintenance == "oldest_first" and ties.budget == 2
    assert DemoModel(**{**values, "checkin_budget": 0}).config.ties.maintenance == "none"
    with pytest.raises(ConfigError, match="maintenance must be one of"):
        DemoModel(**{**values, "maintenance": "loudest_first"})


def test_networking_is_off_by_default_and_the_flat_values_map_to_the_section():
    assert not make_model().networking.active
    net = make_model(
        event_rate=0.3,
        event_size=12,
        event_meet=0.2,
        interview_share=0.4,
        interview_rule="strongest_first",
        interview_introduce=0.1,
    ).networking
    assert (net.events.rate, net.events.size, net.events.meet) == (0.3, 12, 0.2)
    assert net.interviews.rule == "strongest_first" and net.interviews.introduce == 0.1
    assert net.strategies == {"homebody": pytest.approx(0.6), "asks_for_interviews": 0.4}
    # nobody who asks: no interviews, whatever the rule
    assert make_model(interview_share=0.0, interview_rule="random").networking.interviews.rule == (
        "none"
    )


def test_networking_values_round_trip_through_a_config(tmp_path):
    path = tmp_path / "network.yaml"
    path.write_text(
        "graph: {kind: community, n: 80, community_size: 8, strong_degree: 4}\n"
        "networking:\n"
        "  events: {rate: 0.2, size: 10, meet: 0.3}\n"
        "  interviews: {rule: other_community_first, introduce: 0.2}\n"
        "  strategies: {homebody: 0.25, asks_for_interviews: 0.75}\n"
    )
    values = params_from_config(load_config(path))
    assert (values["event_rate"], values["event_size"], values["event_meet"]) == (0.2, 10, 0.3)
    assert values["interview_rule"] == "other_community_first"
    assert values["interview_share"] == 0.75 and values["interview_introduce"] == 0.2
    assert DemoModel(**values).config.networking == load_config(path).networking


def test_bad_networking_values_are_one_config_error():
    with pytest.raises(ConfigError, match="interview_share"):
        make_model(interview_share=1.5)
    with pytest.raises(ConfigError, match="interview_rule must be one of"):
        make_model(interview_share=0.5, interview_rule="loudest_first")
    with pytest.raises(ConfigError, match=r"events\.rate"):
        make_model(event_rate=-1)


def test_who_told_whom_says_how_ties_made_in_the_run_came_about_and_who_asked():
    model = make_model(
        weak_tie_density=0.0,
        event_rate=0.3,
        interview_share=1.0,
        job_arrival=0.15,
        job_loss=0.05,
        seed=4,
    )
    for _ in range(80):
        model.step()
    stories = latest_hires(model, limit=len(model.hire_rows))
    interview = [r for r in stories if r["channel"] == "interview"]
    assert interview and all(r["story"].endswith(", asked)") for r in interview)
    assert any("met at an event in step" in r["story"] for r in stories)
    assert not any("asked" in r["story"] for r in stories if r["channel"] != "interview")


def test_who_told_whom_survives_a_tie_whose_slot_went_to_a_new_tie():
    model = stepped_model()
    hire = next(h for h in reversed(model.hire_rows) if h["hops"] >= 1)
    a, b = hire["path"][-2], hire["path"][-1]
    graph = model.graph
    slot = np.flatnonzero((graph.u == min(a, b)) & (graph.v == max(a, b)))
    model.remove_ties(slot)
    strangers = next(
        (i, j)
        for i in range(graph.n)
        for j in range(i + 1, graph.n)
        if not ((graph.u == i) & (graph.v == j) & graph.alive).any()
    )
    assert (model.add_ties([strangers[0]], [strangers[1]], [1], [0.3], [0.2]) == slot).all()
    story = next(
        r
        for r in latest_hires(model, len(model.hire_rows))
        if (r["agent"], r["step"]) == (hire["agent"], hire["step"])
    )
    assert story["story"].endswith(f"#{b} (a tie since gone)")
