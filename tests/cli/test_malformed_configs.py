"""Property: whatever a config file holds, the answer is a config or one clean line — never a
traceback (hypothesis feeds random nested values, wrong types and garbage through
``validate_config`` and through ``tiesim run`` on a YAML file)."""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sweep_helpers import tiny_config
from tiesim.cli import main
from tiesim.config import ExperimentConfig, validate_config
from tiesim.errors import ConfigError
from tiesim.runner import experiment
from tiesim.runner.plan import plan_runs

PATHS = [
    "name",
    "seed",
    "steps",
    "engine",
    "graph",
    "graph.kind",
    "graph.n",
    "graph.community_size",
    "graph.strong_degree",
    "graph.weak_tie_density",
    "jobs.job_arrival",
    "jobs.passing",
    "jobs.max_hops",
    "trends.contagion",
    "trends.rate",
    "outputs.dir",
    "sweep",
    "sweep.replicates",
    "sweep.window",
    "sweep.grid",
    "sweep.grid.graph.weak_tie_density",
    "sweep.grid.jobs.job_loss",
    "sweep.grid.graph.nonsense",
    "sweep.sample",
    "sweep.sample.method",
    "sweep.sample.n",
    "sweep.sample.parameters",
    "sweep.sample.parameters.graph.weak_tie_density",
    "sweep.sample.parameters.graph.weak_tie_density.low",
    "surprise",
]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=12),
    st.sampled_from(["sobol", "lhs", "community", "array", "mesa", "random", "1e400", "-1"]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(PATHS)), inner, max_size=4),
    ),
    max_leaves=12,
)
mutations = st.lists(st.tuples(st.sampled_from(PATHS), values), min_size=1, max_size=4)


def mutate(edits: list[tuple[str, object]]) -> dict:
    data = copy.deepcopy(tiny_config())
    for path, value in edits:
        if path.startswith("sweep.grid.") or path.startswith("sweep.sample.parameters."):
            head, _, rest = (
                path.partition(".grid.") if ".grid." in path else path.partition(".parameters.")
            )
            keys = [*head.split("."), "grid" if "grid" in path else "parameters", rest]
        else:
            keys = path.split(".")
        node = data
        for key in keys[:-1]:
            if not isinstance(node.get(key), dict):
                node[key] = {}
            node = node[key]
        node[keys[-1]] = value
    return data


def check_one_line(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message


@settings(max_examples=150, deadline=None)
@given(mutations)
def test_validate_config_gives_a_config_or_one_clean_line(edits):
    data = mutate(edits)
    try:
        config = validate_config(data)
        if config.sweep.num_points() * config.sweep.replicates <= 10_000:
            plan_runs(config)
    except ConfigError as exc:
        check_one_line(str(exc))
    else:
        assert isinstance(config, ExperimentConfig)


documents = st.one_of(
    mutations.map(lambda edits: yaml.safe_dump(mutate(edits))),
    values.map(yaml.safe_dump),
    st.text(max_size=40),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(document=documents)
def test_tiesim_run_on_any_yaml_file_exits_0_or_2_with_one_line(document, capsys, monkeypatch):
    monkeypatch.setattr(experiment, "iter_outcomes", lambda *a, **k: iter(()))  # plan, don't run
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "config.yaml"
        path.write_text(document, encoding="utf-8")
        code = main(["run", str(path), "--out", str(Path(tmp) / "out"), "--quiet"])
    captured = capsys.readouterr()
    assert code in (0, 2)
    if code == 2:
        check_one_line(captured.err.strip())
        assert captured.err.startswith("tiesim: error: ")
