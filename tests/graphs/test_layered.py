"""Dunbar-like layered graphs: degrees per layer, placement, strengths, rates, errors."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from tiesim.config import ExperimentConfig, validate_config
from tiesim.errors import ConfigError, TiesimError
from tiesim.graphs import Layer, Tie, layered_graph
from tiesim.graphs.layered import layer_tie_counts

LAYERS = [
    Layer(5, Tie.STRONG, 1.0, (0.8, 1.0), name="intimate"),
    Layer(10, Tie.STRONG, 0.25, (0.5, 0.8), name="close"),
    Layer(40, Tie.WEAK, 0.05, (0.05, 0.5), within=0.25, name="acquaintances"),
]


def slots_by_layer(n: int, layers: list[Layer]) -> list[slice]:
    ends = np.cumsum([0, *(a + b for a, b in layer_tie_counts(n, layers))])
    return [slice(int(a), int(b)) for a, b in itertools.pairwise(ends)]


def test_each_layer_has_its_degree_type_rate_strength_and_placement():
    n, size = 2000, 50
    G = layered_graph(n, size, LAYERS, seed=3)
    assert np.all(G.u < G.v)
    keys = G.u.astype(np.int64) * n + G.v
    assert len(np.unique(keys)) == G.num_slots  # a pair holds one tie, of one layer
    for layer, part in zip(LAYERS, slots_by_layer(n, LAYERS), strict=True):
        assert 2 * (part.stop - part.start) / n == pytest.approx(layer.degree, abs=1 / n)
        assert np.all(G.tie[part] == layer.tie)
        assert np.all(G.contact_rate[part] == np.float32(layer.contact_rate))
        low, high = layer.strength
        assert np.all((G.strength[part] > low) & (G.strength[part] <= high))
        inside = G.community[G.u[part]] == G.community[G.v[part]]
        assert inside.mean() == pytest.approx(layer.within, abs=1 / (part.stop - part.start))
        # degrees per agent are spread around the layer's mean (close to Poisson)
        degree = np.bincount(np.r_[G.u[part], G.v[part]], minlength=n)
        assert degree.mean() == pytest.approx(layer.degree, abs=0.01)
        assert degree.var() == pytest.approx(layer.degree, rel=0.25)
    assert G.mean_degree(Tie.STRONG) == pytest.approx(15, abs=0.01)
    assert G.mean_degree(Tie.WEAK) == pytest.approx(40, abs=0.01)
    assert np.array_equal(G.community, np.arange(n) // size)


def test_same_seed_same_graph_and_the_global_state_untouched():
    py_state, np_state = random.getstate(), np.random.get_state()
    a, b = layered_graph(500, 50, LAYERS, seed=9), layered_graph(500, 50, LAYERS, seed=9)
    c = layered_graph(500, 50, LAYERS, seed=np.random.default_rng(9))
    d = layered_graph(500, 50, LAYERS, seed=10)
    for field in ("community", "u", "v", "tie", "strength", "contact_rate"):
        assert np.array_equal(getattr(a, field), getattr(b, field))
        assert np.array_equal(getattr(a, field), getattr(c, field))
    assert not np.array_equal(a.u, d.u)
    assert random.getstate() == py_state
    assert np.array_equal(np.random.get_state()[1], np_state[1])


def test_a_fixed_strength_and_ties_all_between_or_all_inside():
    layers = [
        Layer(3, Tie.STRONG, 0.5, (0.7, 0.7)),
        Layer(6, Tie.WEAK, 0.1, (0.2, 0.4), within=0.0),
    ]
    G = layered_graph(300, 10, layers, seed=1)
    strong, weak = G.tie == Tie.STRONG, G.tie == Tie.WEAK
    assert np.all(G.strength[strong] == np.float32(0.7))
    assert np.all(G.community[G.u[strong]] == G.community[G.v[strong]])
    assert np.all(G.community[G.u[weak]] != G.community[G.v[weak]])


def test_a_dense_small_population_fills_but_never_overfills():
    # 150 ties each among 200 people (the every-config smoke test's size) still builds
    layers = [*LAYERS[:2], Layer(135, Tie.WEAK, 0.05, (0.05, 0.5), within=0.2)]
    G = layered_graph(200, 50, layers, seed=2)
    assert G.mean_degree() == pytest.approx(150)
    with pytest.raises(TiesimError, match=r"layers\[2\] \(acquaintances\) and the layers"):
        layered_graph(
            100, 50, [*LAYERS[:2], Layer(135, Tie.WEAK, 0.05, (0.05, 0.5), 0.2, "acquaintances")]
        )


def test_ten_thousand_people_with_170_ties_each_build_fast():
    import time

    layers = [*LAYERS[:2], Layer(155, Tie.WEAK, 0.05, (0.05, 0.5), within=0.2)]
    start = time.perf_counter()
    G = layered_graph(10_000, 50, layers, seed=1)
    assert time.perf_counter() - start < 10
    assert G.num_ties == 850_000


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"degree": -1.0}, "'layers[0].degree' parameter must be a float >= 0"),
        ({"contact_rate": 1.5}, "'layers[0].contact_rate' parameter must be a float in [0, 1]"),
        ({"within": 2.0}, "'layers[0].within' parameter"),
        ({"strength": (0.9, 0.2)}, "'layers[0].strength' parameter must be a pair"),
        ({"strength": (0.0, 0.0)}, "'layers[0].strength' parameter must be a pair"),
        ({"tie": 7}, "'layers[0].tie' parameter must be Tie.STRONG or Tie.WEAK"),
    ],
)
def test_bad_layers_are_refused_by_the_generator(change, message):
    fields = {"degree": 2.0, "tie": Tie.STRONG, "contact_rate": 0.5, "strength": (0.5, 1.0)}
    with pytest.raises(TiesimError, match=message.replace("[", r"\[").replace("]", r"\]")):
        layered_graph(50, 10, [Layer(**{**fields, **change})], seed=1)


# ------------------------------------------------------------------ config
GOOD = {"degree": 4, "tie": "strong", "contact_rate": 0.5}


def config(layers: list[dict], **graph) -> ExperimentConfig:
    return validate_config({"graph": {"kind": "layered", "n": 200, "layers": layers, **graph}})


def test_the_config_builds_the_generator_layers():
    cfg = config(
        [
            {**GOOD, "strength": 0.9},
            {"degree": 20, "tie": "weak", "contact_rate": 0.05, "within": 0.1},
        ],
        community_size=20,
    )
    first, second = cfg.graph.generator_layers()
    assert first.strength == (0.9, 0.9) and first.tie == Tie.STRONG and first.within == 1.0
    assert second.strength == (0.05, 0.5) and second.tie == Tie.WEAK  # the weak-tie default
    G = cfg.graph.build(np.random.default_rng(0))
    assert G.mean_degree(Tie.STRONG) == 4 and G.mean_degree(Tie.WEAK) == 20
    assert cfg.graph.tie_counts() == [(400, 0), (200, 1800)]


@pytest.mark.parametrize(
    ("layer", "message"),
    [
        (
            {**GOOD, "strength": [0.9, 0.1]},
            "config field 'graph.layers.0.strength' must be a number in (0, 1] or a pair "
            "[low, high] with 0 <= low <= high <= 1 and high > 0 (got [0.9, 0.1])",
        ),
        ({**GOOD, "strength": "high"}, "'graph.layers.0.strength' must be a number in (0, 1]"),
        ({**GOOD, "strength": 0}, "'graph.layers.0.strength' must be a number in (0, 1]"),
        ({**GOOD, "degree": -2}, "config field 'graph.layers.0.degree' must be >= 0.0 (got -2)"),
        ({**GOOD, "tie": "close"}, "config field 'graph.layers.0.tie' must be 'strong' or 'weak'"),
        ({**GOOD, "contact_rate": 3}, "'graph.layers.0.contact_rate' must be <= 1.0 (got 3)"),
        ({**GOOD, "within": -1}, "config field 'graph.layers.0.within' must be >= 0.0 (got -1)"),
        ({**GOOD, "ties": 3}, "config field 'graph.layers.0.ties' is not a known field"),
        ({"tie": "weak", "contact_rate": 0.1}, "config field 'graph.layers.0.degree' is required"),
    ],
)
def test_a_bad_layer_is_one_line_naming_field_rule_and_value(layer, message):
    with pytest.raises(ConfigError) as info:
        config([layer])
    text = str(info.value)
    assert message in text and "\n" not in text


def test_layers_that_do_not_fit_the_population_are_refused_in_one_line():
    with pytest.raises(ConfigError) as info:
        config([GOOD, {"degree": 190, "tie": "weak", "contact_rate": 0.05, "within": 0.2}])
    text = str(info.value)
    assert text.startswith("config field 'graph.layers.1' and the layers before it ask for")
    assert "(n=200, community_size=50)" in text and "\n" not in text
    with pytest.raises(ConfigError, match=r"'graph.layers' must be a list of at least 1 item"):
        config([])
    with pytest.raises(ConfigError, match=r"config field 'graph.layers' is required"):
        validate_config({"graph": {"kind": "layered"}})


def test_a_dotted_path_reaches_into_a_layer_and_a_sweep_can_vary_it():
    from tiesim.config import set_dotted

    base = config([GOOD, {"degree": 20, "tie": "weak", "contact_rate": 0.05, "within": 0.1}])
    changed = base.with_overrides({"graph.layers.1.contact_rate": 0.02})
    assert [layer.contact_rate for layer in changed.graph.layers] == [0.5, 0.02]
    assert base.graph.layers[1].contact_rate == 0.05  # the original is untouched
    swept = base.with_overrides({"sweep.grid.graph.layers.1.within": [0.0, 0.3]})
    assert swept.sweep.grid_values() == {"graph.layers.1.within": [0.0, 0.3]}
    data = base.model_dump(mode="json")
    for path, message in [
        (
            "graph.layers.2.degree",
            "'graph.layers' is a list of 2 item(s), numbered 0 to 1 (got '2')",
        ),
        ("graph.layers.one.degree", "numbered 0 to 1 (got 'one')"),
        ("graph.layers.0.degree.x", "('degree' is not a section)"),
    ]:
        with pytest.raises(ConfigError) as info:
            set_dotted(data, path, 1)
        assert f"config field '{path}' does not exist" in str(info.value)
        assert message in str(info.value)
