"""The benchmark scripts run: peers (quick mode, with or without NDlib), engine_speed
--config and sweep_scale on every shipped config (small), and dask_vs_pool (small), printing
their tables."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from script_helpers import run_each, selected
from sweep_helpers import size_override

PEERS = Path(__file__).parents[1] / "benchmarks" / "peers.py"
# run the script as __main__ with ndlib unimportable, as where it is not installed (CI)
WITHOUT_NDLIB = (
    "import runpy, sys; sys.modules['ndlib'] = None; "
    f"sys.argv = [{str(PEERS)!r}, '--quick']; runpy.run_path(sys.argv[0], run_name='__main__')"
)


def run(args: list[str], cwd: Path) -> str:
    proc = subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def assert_tiesim_tables(out: str) -> None:
    for row in (
        "hand-written Mesa model",
        "tiesim Mesa engine ",
        "tiesim array engine (numba)",
        "tiesim array engine (trends)",
        "tiesim Mesa engine (trends)",
    ):
        assert f"   {row}" in out, out
    assert out.count("ms/step") == 2, out
    assert "identical metrics and hires" in out, out
    assert "identical metrics and trend items" in out, out


def test_peers_quick_without_ndlib(tmp_path):
    out = run(["-c", WITHOUT_NDLIB], tmp_path)
    assert_tiesim_tables(out)
    assert "NDlib rows skipped: ndlib is not importable" in out, out
    assert "NDlib SIModel" not in out, out


def test_peers_quick_with_ndlib(tmp_path):
    pytest.importorskip("ndlib.models.epidemics", reason="ndlib is not a tiesim dependency")
    out = run([str(PEERS), "--quick"], tmp_path)
    assert_tiesim_tables(out)
    assert "   NDlib SIModel" in out, out


ENGINE_SPEED = Path(__file__).parents[1] / "benchmarks" / "engine_speed.py"
CONFIGS = sorted((Path(__file__).parents[1] / "configs").glob("*.yaml"))
SIDE_BY_SIDE = ("--n", "200", "--mesa-steps", "3")


@pytest.fixture(scope="module")
def side_by_side(request, tmp_path_factory) -> dict[Path, dict]:
    """``engine_speed.py --config FILE`` on each config the selected tests ask for, all in one
    process (script_helpers.run_each: 3-4 s for every shipped config instead of 30-40 s)."""
    test = "test_engine_speed_side_by_side_on_every_shipped_config"
    configs = selected(request, test, "config")
    commands = [[str(ENGINE_SPEED), "--config", str(c), *SIDE_BY_SIDE] for c in configs]
    return dict(zip(configs, run_each(commands, tmp_path_factory.mktemp("es")), strict=True))


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_engine_speed_side_by_side_on_every_shipped_config(config, side_by_side):
    # the README's `engine_speed.py --config FILE`, small: both engines, identical tables
    done = side_by_side[config]
    assert done["code"] == 0, done["err"]
    out = done["out"]
    assert f"same config and seed ({config})" in out, out
    assert "identical tables: True" in out, out


# engine_speed.py --networking's pieces, small: its config on both engines (identical tables),
# and the per-phase timing it prints for the array engine (living ties on too)
NETWORKING_PARTS = (
    "import runpy; "
    f"bench = runpy.run_path({str(ENGINE_SPEED)!r}); "
    "features = (False, True, True); "
    "bench['side_by_side'](300, 3, features); "
    "bench['phase_breakdown'](300, 3, features)"
)


def test_engine_speed_networking_parts(tmp_path):
    out = run(["-c", NETWORKING_PARTS], tmp_path)
    assert "identical tables: True" in out, out
    assert "ask_for_interviews" in out and "form_ties" in out and "rest of the step" in out, out
    assert "check-ins" in out and "jobs" in out and "tie update" in out, out


SWEEP_SCALE = Path(__file__).parents[1] / "benchmarks" / "sweep_scale.py"
TINY = ("steps=3", "outputs.plot=false")


@pytest.mark.parametrize("config", CONFIGS, ids=lambda p: p.stem)
def test_sweep_scale_on_every_shipped_config(config, tmp_path):
    # the README's `sweep_scale.py --config FILE`, tiny: memory and times of run and report
    sets = [*TINY, *size_override(config, 200)]
    sets += ["sweep.sample.n=2"] if "sample" in config.read_text() else []
    args = [str(SWEEP_SCALE), "--config", str(config), "--replicates", "1", "--workers", "1"]
    out = run([*args, *(arg for s in sets for arg in ("--set", s))], tmp_path)
    rows = {line.split()[1]: line.split() for line in out.splitlines()[2:]}
    assert set(rows) == {"run", "report"}, out
    main_mb, total_mb, wall, runs, engine = map(float, rows["run"][2:7])
    assert 50 < main_mb < 4000 and 50 < total_mb < 8000 and 0 < engine <= runs < wall, out


@pytest.mark.slow  # 15-35 s on a shared 2-core machine: three tiesim processes
def test_dask_vs_pool_small(tmp_path):
    # the README's `dask_vs_pool.py`, small: both ways run, every combined table identical
    pytest.importorskip("distributed")
    script = Path(__file__).parents[1] / "benchmarks" / "dask_vs_pool.py"
    sets = ["steps=3", "graph.n=100", "sweep.replicates=1", "outputs.plot=false"]
    out = run([str(script), *(arg for s in sets for arg in ("--set", s))], tmp_path)
    assert "process pool (--workers 2):" in out and "Dask LocalCluster (" in out, out
    assert "identical: every combined table (metrics, hires, trends, ties, agents" in out, out
