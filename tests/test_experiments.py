"""The replications' pages and setups: one page per replication, setups equal to the configs.

Running them is tested in ``tests/cli/test_replicate.py`` (``tiesim replicate --all --quick``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tiesim.config import load_config, validate_config
from tiesim.replications import PAGES, REPLICATIONS, boorman, granovetter_1974, rajkumar

ROOT = Path(__file__).parents[1]
PAGE_SECTIONS = ("## What the paper found", "## Setup", "## Tolerance", "## What tiesim gives")


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
    ],
)
def test_a_replication_runs_the_shipped_config(module, config):
    skip = {"description", "outputs"}
    shipped = load_config(ROOT / "configs" / config).model_dump(exclude=skip)
    assert validate_config(module.SETUP).model_dump(exclude=skip) == shipped
