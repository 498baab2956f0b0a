"""Uniforms looked up by index: the i-th output of SplitMix64 seeded with a per-step key.

Some of a step's random numbers belong to ties or agents that only a few of them need: whether a
tie is active (``talk``) matters only for ties of agents who hold a lead or follow a trend, the
contact choice only for agents passing a lead.  Drawing one uniform per tie from the generator
each step costs more than everything else the array engine does, so these numbers come from
a counter-based generator instead: the step draws one 64-bit key from the model's generator,
and the number at index ``i`` is

    splitmix64(key + (i + 1) · 0x9E3779B97F4A7C15) >> 11, times 2⁻⁵³

— output ``i`` of Steele, Lea & Flood's SplitMix64 (the seeding generator of Vigna's xoshiro
family, which passes BigCrush) started from ``key``, turned into a double as numpy does.  Any
engine can compute the number of any tie at any moment, in any order, and gets the same value:
the Mesa engine computes the whole array once per step (:meth:`Uniforms.array`), the array
engine's jobs phases, and its compiled trends phase, only the entries they visit
(:meth:`Uniforms.at` here, ``kernels_streams.uniform_at`` in compiled code).  The key comes
from the run's one random root, so runs stay reproducible from their seed and independent
across seeds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

GAMMA = np.uint64(0x9E3779B97F4A7C15)
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)
TO_UNIT = 2.0**-53
#: Bit generators whose ``random_raw()`` is the number ``integers(0, 2**64, dtype=uint64)``
#: draws (not ``MT19937``, whose raw output has 32 bits).
RAW_IS_UINT64 = (np.random.PCG64, np.random.PCG64DXSM, np.random.SFC64, np.random.Philox)


def splitmix64(state: np.ndarray) -> np.ndarray:
    """SplitMix64's output function applied to ``state + GAMMA`` (uint64 arrays, wrapping)."""
    z = np.array(state, np.uint64)  # a copy, updated in place below
    z += GAMMA
    shifted = np.empty_like(z)
    for shift, multiplier in ((30, MIX1), (27, MIX2)):
        z ^= np.right_shift(z, np.uint64(shift), out=shifted)
        z *= multiplier
    z ^= np.right_shift(z, np.uint64(31), out=shifted)
    return z


@dataclass(frozen=True, slots=True)
class Uniforms:
    """Uniforms in [0, 1) indexed by non-negative integers, all determined by ``key``."""

    key: np.uint64

    @classmethod
    def draw(cls, rng: np.random.Generator) -> Uniforms:
        """A fresh key: one 64-bit integer from ``rng``, ``rng.integers(0, 2**64, uint64)``.

        For the bit generators whose raw output is that integer (numpy's ``PCG64``, the
        default, and ``PCG64DXSM``, ``SFC64``, ``Philox``) it is read as the raw output, the
        same number at a seventh of the cost.
        """
        bits = rng.bit_generator
        if type(bits) in RAW_IS_UINT64:
            return cls(np.uint64(bits.random_raw()))
        return cls(rng.integers(0, 2**64, dtype=np.uint64))

    def at(self, index: np.ndarray) -> np.ndarray:
        """The uniforms at integer ``index`` (an array, any shape)."""
        state = np.array(index, np.uint64)
        state *= GAMMA
        state += self.key
        bits = splitmix64(state)
        bits >>= np.uint64(11)
        return bits * TO_UNIT

    def array(self, size: int) -> np.ndarray:
        """The uniforms at ``0 .. size - 1``."""
        return self.at(np.arange(size, dtype=np.uint64))
