"""Node positions for drawing, computed once per graph (:func:`graph_layout` picks the kind).

Generated community graphs: communities on a circle, members in a disc around each centre
(:func:`community_layout`); a small-world ring: agents on a circle (:func:`ring_layout`); a real
network: force-directed (:func:`spring_layout`).  A layout depends only on the graph as built
and a fixed seed, never on the model's random stream (drawing must not change a run) nor on the
global random state.  Ties cut or added later do not move anyone, so a class can watch the same
picture change.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial import cKDTree

from tiesim.graphs.ties import SocialGraph

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


def ring_layout(n: int) -> np.ndarray:
    """Agents on the unit circle in agent order, agent 0 at the top: a small-world ring.

    Watts–Strogatz ties join near neighbours along the ring, so the lattice ties hug the circle
    and the rewired (weak) ties cross it as chords: the shortcuts a class can point at.

    Examples
    --------
    >>> ring_layout(4).round(3).tolist()
    [[0.0, 1.0], [1.0, 0.0], [0.0, -1.0], [-1.0, -0.0]]
    """
    theta = np.pi / 2 - 2.0 * np.pi * np.arange(n) / max(n, 1)
    return np.column_stack([np.cos(theta), np.sin(theta)]) + 0.0


def spring_layout(
    n: int, u: np.ndarray, v: np.ndarray, strength: np.ndarray, seed: int = LAYOUT_SEED
) -> np.ndarray:
    """Force-directed positions (Fruchterman–Reingold) of a real network, seeded, in [-1, 1]².

    Stronger ties pull their ends closer (ties weighted by strength), so tight groups gather
    and the ties between them stretch across: where a real network's bridges are.  networkx's
    :func:`~networkx.drawing.layout.spring_layout` from its own generator seeded with ``seed``;
    under 0.1 s for the 77 characters of Les Misérables.

    Examples
    --------
    >>> pos = spring_layout(3, np.array([0, 1]), np.array([1, 2]), np.array([1.0, 0.5]))
    >>> pos.shape, bool(np.abs(pos).max() <= 1.0 + 1e-9)
    ((3, 2), True)
    """
    import networkx as nx

    G = nx.Graph()
    G.add_nodes_from(range(n))
    G.add_weighted_edges_from(zip(u.tolist(), v.tolist(), strength.tolist(), strict=True))
    pos = nx.spring_layout(G, seed=seed, weight="weight", iterations=100)
    return np.array([pos[i] for i in range(n)], dtype=float).reshape(n, 2)


def graph_layout(kind: str, graph: SocialGraph) -> np.ndarray:
    """The drawing positions for a social graph of config ``graph.kind`` ``kind``.

    A small-world or rewired-lattice ring on a circle (:func:`ring_layout`), a real network
    (``dataset``) force-directed (:func:`spring_layout`), the rest (generated communities, and a
    graph read from a file, which may be too large to lay out by forces) as discs of communities
    (:func:`community_layout`).
    """
    if kind in ("small_world", "rewired_lattice"):
        return ring_layout(graph.n)
    if kind == "dataset":
        present = np.flatnonzero(graph.alive)
        return spring_layout(
            graph.n, graph.u[present], graph.v[present], graph.strength[present].astype(float)
        )
    return community_layout(graph.community)
