"""Compiled twin of :class:`tiesim.model.streams.Uniforms` (numba): one uniform by index.

The kernels that call :func:`uniform_at` are cached by numba (``cache=True``), and numba's
cache does not notice edits to functions imported from another file: after changing this
module, clear the cache (delete the ``__pycache__/*.nbi``/``*.nbc`` files next to the kernels)
or the kernels keep the old code.
"""

from __future__ import annotations

import numba
import numpy as np

_GAMMA = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)
_TO_UNIT = 2.0**-53


@numba.njit(cache=True, inline="always")
def uniform_at(key: np.uint64, index: int) -> float:
    """``Uniforms(key).at(index)`` for one non-negative ``index`` (the same bits)."""
    z = np.uint64(index) * _GAMMA + np.uint64(key) + _GAMMA
    z = (z ^ (z >> np.uint64(30))) * _MIX1
    z = (z ^ (z >> np.uint64(27))) * _MIX2
    z = z ^ (z >> np.uint64(31))
    return np.float64(z >> np.uint64(11)) * _TO_UNIT
