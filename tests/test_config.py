"""The config schema: defaults, overrides, and refusals that name the field, rule and value."""

from __future__ import annotations

from pathlib import Path

import pytest

from tiesim.config import ExperimentConfig, load_config, validate_config
from tiesim.errors import ConfigError

CONFIGS = sorted((Path(__file__).parents[1] / "configs").glob("*.yaml"))


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.name)
def test_shipped_configs_validate(path):
    config = load_config(path)
    assert config.name == path.stem


def test_defaults_are_valid_and_frozen():
    config = ExperimentConfig()
    assert config.graph.kind == "community" and config.engine == "mesa"
    with pytest.raises(ValueError):
        config.steps = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"steps": 0}, "config field 'steps' must be >= 1 (got 0)"),
        (
            {"jobs": {"job_arrival": 1.5}},
            "config field 'jobs.job_arrival' must be <= 1.0 (got 1.5)",
        ),
        ({"jobs": {"max_hop": 2}}, "config field 'jobs.max_hop' is not a known field"),
        ({"graph": {"weak_tie_density": -1}}, "'graph.weak_tie_density' must be >= 0.0 (got -1)"),
        ({"graph": {"kind": "lattice"}}, "'graph.kind' must be one of community, small_world"),
        ({"graph": {"kind": "file"}}, "config field 'graph.path' is required"),
        (
            {"graph": {"kind": "rewired_lattice", "n": 10, "k": 5}},
            "graph.k must be even and < graph.n (got k=5, n=10)",
        ),
        (
            {"graph": {"kind": "rewired_lattice", "p": 1.5}},
            "config field 'graph.p' must be <= 1.0 (got 1.5)",
        ),
        ({"jobs": {"passing": "loudest"}}, "'jobs.passing' must be 'random', 'strongest' or"),
        ({"trends": {"contagion": 3}}, "config field 'trends.contagion'"),
        ({"name": "../escape"}, "config field 'name' must"),
        ({"graph": {"community_size": 4, "strong_degree": 5}}, "strong_degree=5.0"),
        ({"sweep": {"grid": {"jobs.job_loss": []}}}, "'sweep.grid.jobs.job_loss' must list"),
        ({"sweep": {"grid": {"jobs.job_loss": 3}}}, "must be a list of values or a mapping"),
        ({"sweep": {"replicates": 0}}, "config field 'sweep.replicates' must be >= 1 (got 0)"),
        ({"graph": {"weak_tie_density": float("inf")}}, "must be a finite number (got inf)"),
        ({"jobs": {"job_loss": float("nan")}}, "'jobs.job_loss' must be a finite number"),
        ({"seed": True}, "config field 'seed' must be a valid integer (got True)"),
        ({"name": "../x"}, "must start with a letter or digit and hold only letters"),
        ({"graph": {"n": 20, "community_size": 20}}, "community_size must be < graph.n"),
        ({"ties": {"half_life_weak": -2}}, "config field 'ties.half_life_weak' must be > 0.0"),
        ({"ties": {"growth": 1.5}}, "config field 'ties.growth' must be <= 1.0 (got 1.5)"),
        (
            {"ties": {"dissolve_below": 0.6}},
            "ties.dissolve_below < ties.demote_below <= ties.promote_at (got 0.6, 0.4, 0.5)",
        ),
        (
            {"ties": {"demote_below": 0.7}},
            "ties.dissolve_below < ties.demote_below <= ties.promote_at (got 0.02, 0.7, 0.5)",
        ),
        ({"ties": {"maintenance": "all"}}, "'ties.maintenance' must be 'none', 'strong_first'"),
        ({"ties": {"maintenance": "weak_first"}}, "'ties.maintenance: weak_first' needs time"),
        (
            {"ties": {"maintenance": "random", "budget": 0.5}},
            "'ties.budget' must be 0 or at least ties.checkin_cost (1), the price of one "
            "check-in (got 0.5)",
        ),
        (
            {
                "ties": {
                    "maintenance": "split",
                    "budget": 2,
                    "budget_unemployed": 1.5,
                    "checkin_cost": 2,
                }
            },
            "'ties.budget_unemployed' must be 0 or at least ties.checkin_cost (2)",
        ),
        ({"ties": {"strong_cost_ratio": 0.5}}, "'ties.strong_cost_ratio' must be >= 1.0"),
        ({"ties": {"budget": -1}}, "config field 'ties.budget' must be >= 0.0 (got -1)"),
        (
            {"ties": {"dynamics": True}, "graph": {"weak_contact_rate": 0.9}},
            "graph.strong_contact_rate (0.5) < graph.weak_contact_rate (0.9)",
        ),
        (
            {"networking": {"events": {"rate": 1}}, "graph": {"weak_contact_rate": 0.9}},
            "graph.strong_contact_rate (0.5) < graph.weak_contact_rate (0.9)",
        ),
        ({"networking": {"events": {"rate": -1}}}, "'networking.events.rate' must be >= 0.0"),
        ({"networking": {"events": {"scope": "town"}}}, "'networking.events.scope' must be"),
        ({"networking": {"online": {"rank": "best"}}}, "'networking.online.rank' must be"),
        (
            {"networking": {"online": {"arms": ["random", "random"]}}},
            "'networking.online.arms' must name each ranking once (got ['random', 'random'])",
        ),
        (
            {"networking": {"interviews": {"rule": "weakest_first"}}},
            "'networking.interviews.rule: weakest_first' needs people who ask",
        ),
        (
            {"networking": {"strategies": {"asks_for_interviews": 0.2}}},
            "'networking.strategies.asks_for_interviews' needs a way to ask",
        ),
        (
            {"networking": {"strategies": {"homebody": 0.5, "networker": 0.4}}},
            "'networking.strategies' must have shares summing to 1 when it lists homebody "
            "(got homebody: 0.5, networker: 0.4, sum 0.9)",
        ),
        (
            {"networking": {"strategies": {"networker": 0.7, "asks_for_interviews": 0.6}}},
            "'networking.strategies' must have shares summing to at most 1",
        ),
        (
            {"networking": {"strategies": {"partygoer": 0.5}}},
            "'networking.strategies' must be 'homebody', 'networker' or 'asks_for_interviews' "
            "(got 'partygoer')",
        ),
        (
            {
                "networking": {
                    "interviews": {"rule": "random", "budget": 1, "cost": 2},
                    "strategies": {"asks_for_interviews": 1},
                }
            },
            "'networking.interviews.budget' must be at least networking.interviews.cost (2)",
        ),
        ({"networking": {"step_days": 0}}, "'networking.step_days' must be > 0.0 (got 0)"),
        (
            {"networking": {"interviews": {"budget": 1000, "cost": 1e-6}}},
            "'networking.interviews.budget' must buy at most 1000 interviews a step",
        ),
        (
            {"networking": {"online": {"rate": 0.1, "arms": ["random"]}}},
            "'networking.online.arms' must list at least two rankings",
        ),
        (
            {
                "networking": {"events": {"rate": 1}, "new_strength": 0.6},
                "ties": {"dynamics": True},
            },
            "'networking.new_strength' must be above ties.dissolve_below (0.02) and below "
            "ties.promote_at (0.5) with ties.dynamics: a new tie starts weak (got 0.6)",
        ),
    ],
)
def test_bad_values_are_refused_with_field_rule_and_value(data, expected):
    with pytest.raises(ConfigError) as info:
        validate_config(data)
    message = str(info.value)
    assert expected in message
    assert "\n" not in message


def test_living_ties_are_off_by_default_and_leave_the_config_hash_alone():
    from tiesim.runner.provenance import config_hash

    config = ExperimentConfig()
    assert not config.ties.active
    on = config.with_overrides({"ties.dynamics": True})
    assert on.ties.active and config_hash(on) != config_hash(config)
    data = config.model_dump(mode="json")
    del data["ties"]  # a config (or stored run) from before the section existed
    assert config_hash(validate_config(data)) == config_hash(config)


def test_networking_is_off_by_default_and_leaves_the_config_hash_alone():
    from tiesim.runner.provenance import config_hash

    config = ExperimentConfig()
    assert not config.networking.active
    on = config.with_overrides({"networking.events.rate": 0.5})
    assert on.networking.active and config_hash(on) != config_hash(config)
    data = config.model_dump(mode="json")
    del data["networking"]  # a config (or stored run) from before the section existed
    assert config_hash(validate_config(data)) == config_hash(config)


def test_naming_an_engine_class_left_the_hash_of_every_earlier_config_alone():
    # engine may name a class of your own now; mesa, array (or no engine) hash as before
    from tiesim.runner.provenance import config_hash

    assert config_hash(ExperimentConfig()) == "68aa68f3458e6c8b"
    assert config_hash(validate_config({"engine": "array"})) == "a3802b8703bac1ff"
    assert config_hash(validate_config({"engine": "mesa"})) == config_hash(ExperimentConfig())
    custom = validate_config({"engine": "my_models:Scarred"})  # built, not imported
    assert config_hash(custom) != config_hash(ExperimentConfig())


def test_the_metrics_section_at_its_default_leaves_the_config_hash_alone():
    from tiesim.runner.provenance import config_hash

    config = ExperimentConfig()
    assert config.metrics.diversity_window == 20
    other = config.with_overrides({"metrics.diversity_window": 5})
    assert config_hash(other) != config_hash(config)
    data = config.model_dump(mode="json")
    del data["metrics"]  # a config (or stored run) from before the section existed
    assert config_hash(validate_config(data)) == config_hash(config)
    with pytest.raises(ConfigError, match=r"'metrics.diversity_window' must be >= 1"):
        validate_config({"metrics": {"diversity_window": 0}})


def test_trend_topics_at_their_default_leave_the_config_hash_alone():
    from tiesim.runner.provenance import config_hash

    config = ExperimentConfig()
    assert config.trends.topics_per_community == 0
    data = config.model_dump(mode="json")
    del data["trends"]["topics_per_community"]  # a config (or stored run) from before it existed
    assert config_hash(validate_config(data)) == config_hash(config)
    other = config.with_overrides({"trends.topics_per_community": 3})
    assert config_hash(other) != config_hash(config)


def test_homebodies_are_the_rest_so_a_share_can_be_swept():
    config = ExperimentConfig().with_overrides({"networking.strategies.networker": 0.25})
    shares = config.networking.shares
    assert shares == {"homebody": 0.75, "networker": 0.25, "asks_for_interviews": 0.0}
    assert config.networking.active


def test_every_violation_is_reported_in_one_line():
    with pytest.raises(ConfigError) as info:
        validate_config({"steps": -1, "jobs": {"job_loss": 2}})
    assert "'steps'" in str(info.value) and "'jobs.job_loss'" in str(info.value)


def test_overrides_apply_dotted_paths_and_refuse_unknown_fields():
    config = ExperimentConfig().with_overrides({"jobs.job_loss": 0.02, "graph.n": 50})
    assert config.jobs.job_loss == 0.02 and config.graph.n == 50
    with pytest.raises(ConfigError, match=r"'jobs\.jobloss' is not a known field"):
        ExperimentConfig().with_overrides({"jobs.jobloss": 0.02})


LAYER = {"tie": "weak", "degree": 2, "contact_rate": 0.1}


@pytest.mark.parametrize(
    ("data", "near"),
    [
        ({"stepz": 3}, "steps"),
        ({"jobs": {"job_arival": 0.1}}, "job_arrival"),
        ({"ties": {"maintenence": "random"}}, "maintenance"),
        ({"networking": {"events": {"rat": 1}}}, "rate"),
        ({"graph": {"weak_tie_densty": 1}}, "weak_tie_density"),  # the default graph kind
        ({"graph": {"kind": "small_world", "kk": 4}}, "k"),  # a member of the union of kinds
        ({"graph": {"kind": "layered", "layers": [{**LAYER, "tiez": 3}]}}, "tie"),  # in a list
        ({"zzzqqq": 1}, None),
    ],
)
def test_an_unknown_field_is_named_with_the_known_one_it_is_closest_to(data, near):
    with pytest.raises(ConfigError) as info:
        validate_config(data)
    message = str(info.value)
    assert "is not a known field (remove it or check its spelling" in message
    assert (f": did you mean '{near}'?)" in message) if near else ("did you mean" not in message)


def test_sweep_grid_override_keeps_the_swept_path_whole(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("name: c\n")
    config = load_config(path, {"sweep.grid.jobs.job_loss": [0.01, 0.02]})
    assert config.sweep.grid_values() == {"jobs.job_loss": [0.01, 0.02]}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("name: [unclosed\n", "is not valid YAML at line"),
        ("- a\n- b\n", "must hold a mapping"),
        ("!!python/object:os.system {}\n", "tag !!python/object:os.system is not allowed"),
    ],
)
def test_bad_files_are_refused(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=expected):
        load_config(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "nope.yaml")
