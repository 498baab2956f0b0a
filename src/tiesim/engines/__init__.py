"""Simulation engines besides the Mesa reference: the array engine for sweeps and big runs.

``ArrayModel`` is imported on first use, so that the shared pieces of the model
(:mod:`tiesim.model.networking` uses this package's adjacency and kernels) can be imported first
without importing the engine that imports them.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tiesim.engines.array import ArrayModel

__all__ = ["ArrayModel"]


def __getattr__(name: str) -> object:
    if name != "ArrayModel":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = import_module("tiesim.engines.array").ArrayModel
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})  # the lazy name too, before its first use
