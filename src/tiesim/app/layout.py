"""Node positions for drawing: communities on a circle, members in a disc around each centre.

The layout depends only on the agents' communities and a fixed seed, never on the model's
random stream (drawing must not change a run) nor on the global random state.  It is computed
once per graph; ties cut or added later do not move anyone, so a class can watch the same
picture change.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

#: Seed of the layout's own generator: the same communities always give the same picture.
LAYOUT_SEED = 20260

_GOLDEN_ANGLE = np.pi * (3.0 - np.sqrt(5.0))

#: Most communities laid out on a circle; more are packed in a sunflower spiral.
CIRCLE_MAX = 12


def community_centres(num: int) -> tuple[np.ndarray, float]:
    """Centres of ``num`` community discs and the discs' radius (discs never overlap).

    Up to :data:`CIRCLE_MAX` communities sit on the unit circle; more fill a disc of radius 1.3
    in a sunflower spiral, which leaves each community more room than a crowded circle.
    """
    if num == 1:
        return np.zeros((1, 2)), 0.9
    if num <= CIRCLE_MAX:
        angles = 2.0 * np.pi * np.arange(num) / num
        # adjacent centres are 2·sin(π/num) apart; each disc takes less than half of that
        return np.column_stack([np.cos(angles), np.sin(angles)]), min(
            0.8 * np.sin(np.pi / num), 0.45
        )
    k = np.arange(num)
    radius = 1.3 * np.sqrt((k + 0.5) / num)
    theta = k * _GOLDEN_ANGLE
    centres = np.column_stack([radius * np.cos(theta), radius * np.sin(theta)])
    nearest, _ = cKDTree(centres).query(centres, k=2)
    return centres, 0.45 * float(nearest[:, 1].min())


def community_layout(
    community: np.ndarray, seed: int = LAYOUT_SEED, *, jitter: float = 0.15
) -> np.ndarray:
    """Positions grouping each community in its own disc, the discs spaced on a circle.

    Community ``c`` of ``C`` is centred at angle ``2πc/C`` on the unit circle (or, for many
    communities, at its place in a sunflower spiral: :func:`community_centres`); its members fill
    a disc around the centre in a sunflower (Vogel) spiral, in agent order, nudged by a little
    seeded jitter so ties inside a community do not overlap exactly.  Disc radii are chosen so
    neighbouring discs never overlap.

    Parameters
    ----------
    community : ndarray of int, shape (n,)
        Community of each agent, numbered ``0..C-1``.
    seed : int, optional
        Seed of the layout's own :func:`numpy.random.default_rng` (default :data:`LAYOUT_SEED`).
    jitter : float, optional
        Size of the random nudge, as a share of the spacing between members (default 0.15).

    Returns
    -------
    ndarray of float, shape (n, 2)
        ``x, y`` of each agent, inside the square ``[-1.5, 1.5]²``.

    Examples
    --------
    >>> pos = community_layout(np.repeat([0, 1, 2], 5))
    >>> pos.shape
    (15, 2)
    """
    community = np.asarray(community, dtype=np.int64)
    rng = np.random.default_rng(seed)
    n = len(community)
    positions = np.zeros((n, 2))
    if n == 0:
        return positions
    num = int(community.max()) + 1
    centres, disc = community_centres(num)
    for c in range(num):
        members = np.flatnonzero(community == c)
        size = len(members)
        if size == 0:
            continue
        k = np.arange(size)
        radius = disc * np.sqrt((k + 0.5) / size)
        theta = k * _GOLDEN_ANGLE
        spot = np.column_stack([radius * np.cos(theta), radius * np.sin(theta)])
        spacing = disc / np.sqrt(size)
        spot += rng.uniform(-jitter, jitter, size=(size, 2)) * spacing
        positions[members] = centres[c] + spot
    return positions
