"""Every replication script runs (quick mode) and prints its table."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = sorted((Path(__file__).parents[1] / "experiments" / "replications").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_replication_runs(script, tmp_path):
    proc = subprocess.run(
        [sys.executable, str(script), "--quick"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert len(proc.stdout.splitlines()) >= 3


ROOT = Path(__file__).parents[1]


def test_pymk_transmission_reads_a_run_of_the_shipped_config(tmp_path):
    # the README's two commands, small: run configs/pymk_experiment.yaml, then the script
    from tiesim.cli import main

    out = tmp_path / "pymk"
    sets = ["steps=40", "graph.n=300", "sweep.replicates=2", "outputs.plot=false"]
    args = [arg for s in sets for arg in ("--set", s)]
    config = str(ROOT / "configs" / "pymk_experiment.yaml")
    assert main(["run", config, "--out", str(out), "--workers", "1", "--quiet", *args]) == 0
    script = ROOT / "experiments" / "pymk_transmission.py"
    proc = subprocess.run(
        [sys.executable, str(script), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert "weak throughout" in proc.stdout and "hire_rate_arm_random" in proc.stdout
    assert (out / "transmission_by_mutual.png").is_file()


def test_pymk_transmission_refuses_a_folder_without_online_ties(tmp_path):
    script = ROOT / "experiments" / "pymk_transmission.py"
    proc = subprocess.run(
        [sys.executable, str(script), str(tmp_path)], capture_output=True, text=True, check=False
    )
    assert proc.returncode == 2 and "no ties/hires tables" in proc.stderr
