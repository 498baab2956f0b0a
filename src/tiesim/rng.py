"""One random root per run: turning a seed into a :class:`numpy.random.Generator`.

Like scikit-learn's ``check_random_state``, the seed is normalised once at the boundary and the
generator is passed down.  Nothing in tiesim touches the global ``random`` or ``np.random`` state.
"""

from __future__ import annotations

import numpy as np

SeedLike = int | np.integer | np.random.Generator | np.random.SeedSequence | None


def as_generator(seed: SeedLike) -> np.random.Generator:
    """Return a generator for ``seed``: an int, a SeedSequence, a Generator (as is), or None.

    ``None`` draws fresh entropy from the operating system (not reproducible).
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(seed)


def child_seed(rng: np.random.Generator) -> int:
    """Draw an integer seed from ``rng`` for a library call that wants an int (e.g. networkx)."""
    return int(rng.integers(2**31 - 1))
