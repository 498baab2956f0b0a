"""The prefetch hint compiles for 1-d arrays of any dtype, changes nothing, refuses the rest."""

import numba
import numpy as np
import pytest
from numba.core.errors import TypingError

from tiesim.engines.kernels_prefetch import prefetch


@numba.njit
def _sum_with_hints(values, order, ahead):
    total = 0.0
    for k in range(order.size):
        if k + ahead < order.size:
            prefetch(values, order[k + ahead])
        total += values[order[k]]
    return total


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32, np.float64, np.bool_])
def test_hints_leave_the_result_unchanged(dtype):
    rng = np.random.default_rng(3)
    values = (rng.random(10_000) * 100).astype(dtype)
    order = rng.permutation(10_000).astype(np.int32)
    expected = _sum_with_hints(values, order, 10_000)  # never hinted
    assert _sum_with_hints(values, order, 4) == expected
    assert expected == pytest.approx(values.astype(np.float64).sum())


def test_only_one_dimensional_arrays_and_integer_indices():
    @numba.njit
    def hint(values, index):
        prefetch(values, index)

    with pytest.raises(TypingError):
        hint(np.zeros((3, 3)), 0)
    with pytest.raises(TypingError):
        hint(np.zeros(3), 0.5)


@pytest.mark.parametrize("index", [np.int32, np.int64, np.uint32])
def test_hints_on_a_strided_array_with_any_integer_index(index):
    """Every other entry of an array (a strided view): a 32-bit index failed to compile."""
    values = np.arange(200.0)[::2]
    order = np.arange(100).astype(index)[::-1].copy()
    assert _sum_with_hints(values, order, 4) == values.sum()
