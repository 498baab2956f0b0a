import numpy as np
import pytest

from tiesim.app.layout import community_centres, community_layout


def grouped(positions: np.ndarray, community: np.ndarray) -> bool:
    """Each person is nearer the middle of their own community than to any other's."""
    centres = np.array([positions[community == c].mean(axis=0) for c in np.unique(community)])
    distances = np.linalg.norm(positions[:, None] - centres[None], axis=-1)
    return bool(np.all(distances.argmin(axis=1) == community))


@pytest.mark.parametrize("num, size", [(1, 30), (6, 10), (10, 20), (30, 20), (13, 7)])
def test_communities_are_grouped(num, size):
    community = np.repeat(np.arange(num), size)
    positions = community_layout(community)
    assert positions.shape == (num * size, 2)
    assert grouped(positions, community)
    assert np.all(np.abs(positions) < 1.55)


def test_layout_is_deterministic_and_ignores_the_global_random_state():
    community = np.repeat(np.arange(8), 15)
    state = np.random.get_state()
    first = community_layout(community)
    np.random.seed(12345)
    second = community_layout(community)
    np.random.set_state(state)
    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, community_layout(community, seed=1))


def test_layout_leaves_the_global_random_state_alone():
    before = np.random.get_state()[1].copy()
    community_layout(np.repeat(np.arange(5), 9))
    np.testing.assert_array_equal(before, np.random.get_state()[1])


def test_discs_do_not_overlap():
    for num in (2, 5, 12, 13, 40):
        centres, disc = community_centres(num)
        gaps = np.linalg.norm(centres[:, None] - centres[None], axis=-1) + np.eye(num) * 9
        assert 2 * disc < gaps.min()


def test_people_do_not_sit_on_top_of_each_other():
    positions = community_layout(np.repeat(np.arange(10), 20))
    gaps = np.linalg.norm(positions[:, None] - positions[None], axis=-1) + np.eye(200) * 9
    assert gaps.min() > 0.01


@pytest.mark.parametrize("kind", ["small_world", "rewired_lattice"])
def test_rings_are_drawn_on_a_circle(kind):
    from tiesim.app.layout import graph_layout
    from tiesim.graphs import rewired_lattice_graph, small_world_graph

    make = small_world_graph if kind == "small_world" else rewired_lattice_graph
    positions = graph_layout(kind, make(40, 4, 0.2, seed=1))
    np.testing.assert_allclose(np.hypot(positions[:, 0], positions[:, 1]), 1.0)
