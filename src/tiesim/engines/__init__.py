"""Simulation engines besides the Mesa reference: the array engine for sweeps and big runs."""

from tiesim.engines.array import ArrayModel

__all__ = ["ArrayModel"]
