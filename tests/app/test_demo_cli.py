"""``tiesim demo``: argument parsing with the server patched out, and the error paths."""

from pathlib import Path

import pytest

from tiesim.app import server
from tiesim.cli import demo as demo_cmd
from tiesim.cli import main


@pytest.fixture
def serve_calls(monkeypatch):
    calls = []

    def fake_serve(config, host, port):
        calls.append({"config": config, "host": host, "port": port})
        return 0

    monkeypatch.setattr(demo_cmd, "serve", fake_serve)
    return calls


def test_defaults_bind_localhost(serve_calls):
    assert main(["demo"]) == 0
    assert serve_calls == [{"config": None, "host": "127.0.0.1", "port": 8765}]


def test_config_host_and_port_are_passed_on(serve_calls, tmp_path):
    config = tmp_path / "class.yaml"
    config.write_text("seed: 4\ngraph: {kind: community, n: 60, community_size: 10}\n")
    assert main(["demo", str(config), "--host", "0.0.0.0", "--port", "9000"]) == 0
    assert serve_calls == [{"config": str(config), "host": "0.0.0.0", "port": 9000}]


def test_networking_the_page_cannot_show_is_named_on_stderr(serve_calls, tmp_path, capsys):
    shipped = Path(__file__).resolve().parents[2] / "configs" / "networking_strategies.yaml"
    assert main(["demo", str(shipped)]) == 0
    err = capsys.readouterr().err
    assert "online recommendations, activity groups, networkers, left out here" in err
    plain = tmp_path / "class.yaml"
    plain.write_text("networking: {events: {rate: 0.1}}\n")
    assert main(["demo", str(plain)]) == 0
    assert capsys.readouterr().err == ""


def test_small_world_and_real_network_configs_open(serve_calls, tmp_path, capsys):
    ring = tmp_path / "ring.yaml"
    ring.write_text("graph: {kind: small_world, n: 50, k: 4}\n")
    assert main(["demo", str(ring)]) == 0
    karate = tmp_path / "karate.yaml"
    karate.write_text("graph: {kind: dataset, name: karate_club}\n")
    assert main(["demo", str(karate)]) == 0
    assert capsys.readouterr().err == ""
    tuned = tmp_path / "tuned.yaml"
    tuned.write_text("graph: {kind: dataset, name: les_miserables, weak_threshold: 3}\n")
    assert main(["demo", str(tuned)]) == 0
    err = capsys.readouterr().err
    assert "sets graph.weak_threshold, left out here" in err and err.count("\n") == 1
    assert [c["config"] for c in serve_calls] == [str(ring), str(karate), str(tuned)]


@pytest.mark.parametrize(
    "text, message",
    [
        ("jobs: {job_loss: 2}\n", "jobs.job_loss"),
        ("graph: {kind: block_model, n: 50}\n", "graph.kind: community, small_world or dataset"),
        ("graph: {kind: dataset, name: zachary}\n", "'graph.name' must be 'karate_club'"),
        ("colour: red\n", "colour"),
    ],
)
def test_bad_config_is_one_line_and_exit_2(serve_calls, tmp_path, capsys, text, message):
    config = tmp_path / "bad.yaml"
    config.write_text(text)
    assert main(["demo", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("tiesim: error:") and message in err
    assert serve_calls == []


def test_missing_config_and_bad_port_exit_2(serve_calls, capsys):
    assert main(["demo", "no/such.yaml"]) == 2
    assert main(["demo", "--port", "70000"]) == 2
    assert capsys.readouterr().err.count("tiesim: error:") == 2
    assert serve_calls == []


def test_server_command_never_opens_a_browser_nor_asks_the_internet():
    command = server.server_command("127.0.0.1", 8123)
    assert command[command.index("run") + 1] == "tiesim.app.app"
    assert "--no-open" in command and "--no-check-version" in command
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert command[command.index("--port") + 1] == "8123"
    env = server.server_env("some.yaml")
    assert env["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert env[server.CONFIG_ENV].endswith("some.yaml")
    assert server.CONFIG_ENV not in server.server_env(None)


SHIPPED = sorted((Path(__file__).resolve().parents[2] / "configs").glob("*.yaml"))


@pytest.mark.parametrize("shipped", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_config_opens_in_the_demo(shipped, serve_calls, capsys):
    # the README's `tiesim demo CONFIG`: the page's starting values, then a model that steps
    from tiesim.app.demo_model import DemoModel, starting_params
    from tiesim.config import load_config

    kind = load_config(shipped).graph.kind
    if kind not in ("community", "small_world", "dataset"):  # the networks the page offers
        assert main(["demo", str(shipped)]) == 2 and serve_calls == []
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "needs graph.kind: community, small_world or dataset" in err
        assert f"(got graph.kind: {kind}); use tiesim animate" in err
        return
    assert main(["demo", str(shipped)]) == 0
    params = starting_params(shipped)
    model = DemoModel(**{**params, "n": min(params["n"], 200)})
    for _ in range(3):
        model.step()
    assert len(model.metrics()) == 3
