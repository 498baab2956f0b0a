"""The README's Python snippets that read a results folder run as written, on small runs of the
configs whose folders they read (``results/<config>/...``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from sweep_helpers import size_override
from tiesim.cli import main

ROOT = Path(__file__).parents[1]
BLOCKS = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.S)
RESULTS = re.compile(r'"results/(\w+)/')
READS = [block for block in BLOCKS if RESULTS.search(block)]


def folders(code: str) -> list[str]:
    return sorted(set(RESULTS.findall(code)))


def test_the_readme_has_snippets_that_read_results_folders():
    assert len(READS) >= 3  # the agents of a maintenance run, a slice of hires, paired gains


@pytest.mark.parametrize("code", READS, ids=lambda code: "+".join(folders(code)))
def test_a_snippet_runs_as_written_on_small_runs_of_its_configs(code, tmp_path, monkeypatch):
    for name in folders(code):
        config = ROOT / "configs" / f"{name}.yaml"
        sets = ["steps=12", "sweep.replicates=2", "outputs.plot=false"]
        args = [a for s in [*sets, *size_override(config, 200)] for a in ("--set", s)]
        out = str(tmp_path / "results" / name)
        assert main(["run", str(config), "--out", out, "--workers", "1", "--quiet", *args]) == 0
    monkeypatch.chdir(tmp_path)
    exec(compile(code, "README snippet", "exec"), {"__name__": "readme_snippet"})
