"""The seeded examples in the docstrings run and print what they say."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = [
    "tiesim.analysis.exact",
    "tiesim.analysis.paired",
    "tiesim.config.limits",
    "tiesim.config.yaml_loader",
    "tiesim.app.drawing",
    "tiesim.errors",
    "tiesim.files",
    "tiesim.graphs.closure",
    "tiesim.graphs.datasets",
    "tiesim.graphs.generators",
    "tiesim.graphs.io",
    "tiesim.graphs.rewiring",
    "tiesim.graphs.structure",
    "tiesim.replications.core",
    "tiesim.runner.checksums",
    "tiesim.runner.preflight",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
    assert result.attempted > 0
