"""Uniforms looked up by index (tiesim.model.streams) and their compiled twin."""

import numpy as np
import pytest
from scipy import stats

from tiesim.model.streams import GAMMA, Uniforms, splitmix64

# Output of the reference SplitMix64 (Vigna's splitmix64.c) seeded with 1234567, as listed on
# Rosetta Code ("Pseudo-random numbers/Splitmix64").
REFERENCE_1234567 = [
    6457827717110365317,
    3203168211198807973,
    9817491932198370423,
    4593380528125082431,
    16408922859458223821,
]


def test_splitmix64_matches_the_reference_outputs():
    states = np.uint64(1234567) + np.arange(5, dtype=np.uint64) * GAMMA
    assert splitmix64(states).tolist() == REFERENCE_1234567


def test_uniform_at_index_is_the_reference_output_scaled_like_numpy():
    uniforms = Uniforms(np.uint64(1234567))
    expected = [(x >> 11) * 2.0**-53 for x in REFERENCE_1234567]
    assert uniforms.at(np.arange(5)).tolist() == expected
    assert uniforms.array(5).tolist() == expected


def test_a_number_does_not_depend_on_which_others_are_asked_for():
    uniforms = Uniforms(np.uint64(987654321))
    everything = uniforms.array(1000)
    picked = np.array([999, 3, 3, 500, 0])
    assert uniforms.at(picked).tolist() == everything[picked].tolist()
    assert uniforms.at(7) == everything[7]


def test_uniforms_look_uniform_and_keys_give_different_streams():
    a, b = Uniforms(np.uint64(1)).array(200_000), Uniforms(np.uint64(2)).array(200_000)
    assert a.min() >= 0.0 and a.max() < 1.0
    assert stats.kstest(a, "uniform").pvalue > 1e-3
    # consecutive indices are not correlated, nor are two keys' streams
    assert abs(np.corrcoef(a[:-1], a[1:])[0, 1]) < 0.01
    assert abs(np.corrcoef(a, b)[0, 1]) < 0.01


@pytest.mark.parametrize("bits", ["PCG64", "PCG64DXSM", "SFC64", "Philox", "MT19937"])
def test_a_key_is_one_draw_from_the_generator(bits):
    # the documented draw, whatever the bit generator (the raw-output shortcut must agree)
    make = getattr(np.random, bits)
    rng, twin = np.random.Generator(make(5)), np.random.Generator(make(5))
    for size in (0, 3, 1, 7):  # between keys, other draws (uint32 halves buffered too)
        key = Uniforms.draw(rng).key
        assert type(key) is np.uint64
        assert key == twin.integers(0, 2**64, dtype=np.uint64)
        assert np.array_equal(rng.random(size), twin.random(size))
        assert rng.integers(10, dtype=np.uint32) == twin.integers(10, dtype=np.uint32)
    assert rng.random() == twin.random()  # both generators are at the same place


def test_compiled_uniform_at_gives_the_same_bits():
    from tiesim.engines.kernels_streams import uniform_at

    uniforms = Uniforms(np.random.default_rng(3).integers(0, 2**64, dtype=np.uint64))
    index = np.concatenate([np.arange(100), [2**31, 2**40 + 7, 2**62]])
    compiled = [uniform_at(uniforms.key, int(i)) for i in index]
    assert compiled == uniforms.at(index).tolist()
