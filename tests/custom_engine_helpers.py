"""Engine classes of your own, written as modules into a test's folder and put on ``sys.path``.

Each test gets its own module name (from its ``tmp_path``), so a module imported by one test is
never the one another test finds in ``sys.modules``.  ``sys.path`` reaches worker processes:
``multiprocessing`` hands each new process its parent's ``sys.path``.
"""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

#: A module with the classes and objects the tests name.
SOURCE = '''
"""Engines for the tests."""

import numpy as np

from tiesim.engines import ArrayModel
from tiesim.model import WeakTiesModel


class NoOpenings(WeakTiesModel):
    """Nobody hears of an opening directly, so no lead ever starts and nobody is hired."""

    def hear_directly(self):
        return np.empty(0, np.int64)


class SameAsMesa(WeakTiesModel):
    """The Mesa engine, unchanged."""


class SameAsArray(ArrayModel):
    """The array engine, unchanged."""


class StepOnly:
    """Steps, but makes none of the tables."""

    def __init__(self, graph, jobs, trends, ties, *, networking=None, rng=None):
        pass

    def step(self):
        pass


class NoArguments(SameAsMesa):
    """Has every method, but its constructor takes no configuration."""

    def __init__(self):
        pass


class Unknown:
    """An engine of its own, extending no built-in one: has the methods, makes no tables."""

    def __init__(self, graph, jobs, trends, ties, *, networking=None, rng=None):
        pass

    def step(self): ...
    def metrics(self): ...
    def hires(self): ...
    def trend_items(self): ...
    def tie_table(self): ...
    def agent_table(self, hires=None): ...


def helper():
    """Not a class."""
'''


def engine_module(
    tmp_path: Path, monkeypatch, source: str = SOURCE, prefix: str = "engines"
) -> str:
    """Write ``source`` as a fresh module in a folder put on ``sys.path``; the module's name.

    The name (``prefix`` and a digest of the test's folder) is one no other test uses.
    """
    name = f"{prefix}_{hashlib.sha256(str(tmp_path).encode()).hexdigest()[:8]}"
    folder = tmp_path / "modules"
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.py").write_text(textwrap.dedent(source))
    monkeypatch.syspath_prepend(str(folder))
    return name
