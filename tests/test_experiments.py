"""The replications' pages and setups (one page per replication, setups equal to the configs),
and the experiment scripts.

Running the replications is tested in ``tests/cli/test_replicate.py`` (``tiesim replicate
--all --quick``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from script_helpers import run_each, selected
from tiesim.config import load_config, validate_config
from tiesim.replications import PAGES, REPLICATIONS, boorman, gee, granovetter_1974, rajkumar

ROOT = Path(__file__).parents[1]
PAGE_SECTIONS = (
    "## What the paper found",
    "## Setup",
    "## Tolerance",
    "## What tiesim gives",
    "## Sources checked",
)


@pytest.mark.parametrize("name", list(REPLICATIONS))
def test_every_replication_has_its_page(name):
    page = (ROOT / PAGES / f"{name}.md").read_text()
    assert f"tiesim replicate {name}" in page
    for section in PAGE_SECTIONS:
        assert section in page, f"{name}.md lacks {section!r}"


def test_every_page_is_a_replication_and_the_index_lists_them():
    pages = {p.stem for p in (ROOT / PAGES).glob("*.md")} - {"README"}
    assert pages == set(REPLICATIONS)
    index = (ROOT / "experiments" / "README.md").read_text()
    for name in REPLICATIONS:
        assert f"replications/{name}.md" in index


@pytest.mark.parametrize(
    ("module", "config"),
    [
        (granovetter_1974, "granovetter_1974.yaml"),
        (rajkumar, "pymk_experiment.yaml"),
        (boorman, "boorman.yaml"),
        (gee, "population.yaml"),
    ],
)
def test_a_replication_runs_the_shipped_config(module, config):
    skip = {"description", "outputs"}
    shipped = load_config(ROOT / "configs" / config).model_dump(exclude=skip)
    assert validate_config(module.SETUP).model_dump(exclude=skip) == shipped


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


def test_the_custom_model_example_runs_as_its_readme_says(tmp_path):
    # experiments/custom_model/README.md's commands, small: the module found through
    # PYTHONPATH, in the tiesim process and in its two worker processes
    folder = ROOT / "experiments" / "custom_model"
    readme = (folder / "README.md").read_text()
    command = (
        "PYTHONPATH=experiments/custom_model tiesim run experiments/custom_model/scarring.yaml"
    )
    assert command in readme
    paths = [str(folder), *filter(None, [os.environ.get("PYTHONPATH")])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}
    out = tmp_path / "scarring"
    sets = ["steps=30", "graph.n=100", "sweep.replicates=2", "outputs.plot=false"]
    args = [arg for s in sets for arg in ("--set", s)]
    tiesim = [sys.executable, "-m", "tiesim"]
    config = str(folder / "scarring.yaml")
    run = [*tiesim, "run", config, "--out", str(out), "--workers", "2", "--quiet", *args]
    proc = subprocess.run(run, capture_output=True, text=True, env=env, timeout=600, check=False)
    assert proc.returncode == 0, proc.stderr
    assert "scarring:ScarredSeekers" in proc.stdout and (out / "report.md").is_file()
    manifest = json.loads((out / "manifest.json").read_text())
    assert [e["class"] for e in manifest["engine_code"]] == ["scarring:ScarredSeekers"]
    assert manifest["engine_code"][0]["runs"] == 6  # 3 densities x 2 replicates
    rerun = [*tiesim, "rerun", str(out), "p0005-r0001"]
    proc = subprocess.run(rerun, capture_output=True, text=True, env=env, timeout=300, check=False)
    assert proc.returncode == 0 and "identical to the stored run" in proc.stdout, proc.stderr


LESSON_SCRIPTS = [
    ["chapter3_numbers.py", "--seeds", "1", "--steps", "3", "--preset", "brokers"],
    ["chapter3_numbers.py", "--seeds", "1", "--steps", "3", "--preset", "cut-the-strong-ties"],
    ["preset_numbers.py", "--seeds", "1", "--steps", "60", "--preset", "no-weak-ties"],
    ["bridge_numbers.py", "--seeds", "1"],
]


@pytest.fixture(scope="module")
def lesson_scripts(request, tmp_path_factory) -> list[tuple[list[str], dict]]:
    """The selected lesson commands, all in one process (script_helpers.run_each)."""
    chosen = selected(request, "test_the_lesson_scripts_run_small", "args")
    commands = [[str(ROOT / "experiments" / "lessons" / a[0]), *a[1:]] for a in chosen]
    return list(zip(chosen, run_each(commands, tmp_path_factory.mktemp("lessons")), strict=True))


@pytest.mark.parametrize("args", LESSON_SCRIPTS, ids=lambda a: f"{a[0]}:{a[-1]}")
def test_the_lesson_scripts_run_small(args, lesson_scripts):
    """The commands the lesson pages quote for their numbers run (at toy sizes)."""
    done = next(done for ran, done in lesson_scripts if ran == args)
    assert done["code"] == 0, done["err"]
    assert done["out"].strip() and "Traceback" not in done["err"]
