"""Real social networks that networkx ships, as tie tables: a class can ask which ties are bridges.

Four small, classic data sets (:data:`DATASETS`):

* ``karate_club``: Zachary's karate club, 34 members and 78 friendships; the weight of a tie is
  the number of contexts in which the two met (networkx's ``weight``); the club split in two
  (``club``: "Mr. Hi" or "Officer"), the known communities.
* ``les_miserables``: the 77 characters of Victor Hugo's novel and 254 co-appearances; the
  weight of a tie is the number of chapters in which the two appear together.
* ``florentine_families``: marriages between 15 Florentine families of the 1430s (20 ties); no
  weights.
* ``davis_southern_women``: 18 women of a southern US town and the 14 social events they
  attended (1930s); projected onto the women, two women are tied when they attended an event
  together, the weight being the number of events they shared (139 ties).

Ties are inferred as for a graph read from a file (:mod:`tiesim.graphs.inference`): weak when
their topological overlap is low (Onnela et al. 2007), or, with a ``weak_threshold``, when their
weight is below it; strength is weight over the largest weight where the data set has weights,
else 1 for a strong tie and 0.25 for a weak one.  Agents are numbered ``0..n-1`` in networkx's
node order and ties are listed by agent pair, so a data set always gives the same tie table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import networkx as nx
import numpy as np

from tiesim.errors import TiesimError
from tiesim.graphs.inference import check_options, detect_communities, edges_of, infer_ties
from tiesim.graphs.ties import SocialGraph
from tiesim.rng import SeedLike, as_generator

__all__ = [
    "COMMUNITY_CHOICES",
    "DATASETS",
    "Dataset",
    "dataset_graph",
    "dataset_labels",
    "dataset_network",
]

#: How the agents' communities are found: the data set's known groups where it has them
#: (only the karate club: its two clubs), else detected by Louvain; or always detected.
COMMUNITY_CHOICES = ("known", "detected")


def _davis_women() -> nx.Graph:
    """The women of Davis's southern women, tied with weight = events attended together."""
    B = nx.davis_southern_women_graph()
    return nx.bipartite.weighted_projected_graph(B, B.graph["top"])


@dataclass(frozen=True)
class Dataset:
    """A data set: its title, what its ties and weights are, and how networkx builds it."""

    name: str
    title: str
    people: str
    ties: str
    weighted: bool
    groups: str | None  # the node attribute holding the known groups, if any
    load: Callable[[], nx.Graph]


#: The data sets, by name.
DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in (
        Dataset(
            "karate_club",
            "Zachary's karate club",
            "34 club members",
            "78 friendships, weighted by the contexts in which the two met",
            True,
            "club",
            nx.karate_club_graph,
        ),
        Dataset(
            "les_miserables",
            "Les Misérables",
            "77 characters",
            "254 co-appearances, weighted by the chapters shared",
            True,
            None,
            nx.les_miserables_graph,
        ),
        Dataset(
            "florentine_families",
            "Florentine families",
            "15 families",
            "20 marriages, unweighted",
            False,
            None,
            nx.florentine_families_graph,
        ),
        Dataset(
            "davis_southern_women",
            "Davis southern women",
            "18 women",
            "139 ties between women who attended the same events, weighted by the events shared",
            True,
            None,
            _davis_women,
        ),
    )
}


def dataset_network(name: str) -> nx.Graph:
    """The data set ``name`` as networkx builds it (original node labels).

    Edges carry ``weight`` where the data set has weights; in the karate club each node's
    ``club`` is its known group.  A fresh graph at every call.

    Raises
    ------
    TiesimError
        If there is no data set called ``name``.
    """
    return _dataset(name).load()


def dataset_graph(
    name: str,
    seed: SeedLike = None,
    *,
    weak_threshold: float | None = None,
    overlap_threshold: float | None = None,
    communities: str = "known",
    strong_contact_rate: float = 0.5,
    weak_contact_rate: float = 0.1,
) -> SocialGraph:
    r"""One of the real networks networkx ships, as a social graph of strong and weak ties.

    Parameters
    ----------
    name : {"karate_club", "les_miserables", "florentine_families", "davis_southern_women"}
        The data set (see :data:`DATASETS` and the module docstring).
    seed : int, numpy.random.Generator or None, optional
        Seeds the community detection (nothing else is random).
    weak_threshold : float or None, optional
        Weight below which a tie is weak; only for a data set with weights.  None (the
        default) infers tie types from topological overlap instead.
    overlap_threshold : float or None, optional
        Overlap below which a tie is weak; None picks it from the median (ties below the
        median overlap are weak if that median is above 0; else the ties with zero overlap).
    communities : {"known", "detected"}, optional
        ``"known"`` (default) uses the data set's known groups where it has them (the karate
        club's two clubs after its split) and Louvain elsewhere; ``"detected"`` always uses
        Louvain modularity maximisation weighted by strength.
    strong_contact_rate, weak_contact_rate : float, optional
        Probability per step that two people joined by a strong (weak) tie talk.

    Returns
    -------
    SocialGraph
        Agents numbered in networkx's node order, ties in order of agent pair.

    Raises
    ------
    TiesimError
        If a value breaks its rule (an unknown name, a ``weak_threshold`` for a data set
        without weights, ...).

    References
    ----------
    .. [1] W. W. Zachary, "An information flow model for conflict and fission in small
       groups", Journal of Anthropological Research 33(4), 452-473, 1977.
    .. [2] D. E. Knuth, "The Stanford GraphBase", Addison-Wesley, 1993 (Les Misérables).
    .. [3] R. L. Breiger and P. E. Pattison, "Cumulated social roles: the duality of persons
       and their algebras", Social Networks 8(3), 215-256, 1986 (Florentine families).
    .. [4] A. Davis, B. B. Gardner and M. R. Gardner, "Deep South", University of Chicago
       Press, 1941.
    .. [5] J.-P. Onnela et al., "Structure and tie strengths in mobile communication
       networks", PNAS 104(18), 7332-7336, 2007.

    Examples
    --------
    >>> G = dataset_graph("karate_club", seed=0)
    >>> G.n, G.num_ties, G.num_communities
    (34, 78, 2)
    >>> round(float(G.strength.max()), 2), round(float(G.strength.min()), 2)
    (1.0, 0.14)
    """
    data = _dataset(name)
    if communities not in COMMUNITY_CHOICES:
        raise TiesimError(
            f"The 'communities' parameter must be one of {', '.join(COMMUNITY_CHOICES)}. "
            f"Got {communities!r} instead."
        )
    if weak_threshold is not None and not data.weighted:
        raise TiesimError(
            f"The 'weak_threshold' parameter needs tie weights, which {name} does not have "
            f"(leave it out to infer weak ties from overlap). Got {weak_threshold!r}."
        )
    rates, types = check_options(
        weak_threshold=weak_threshold,
        overlap_threshold=overlap_threshold,
        strong_contact_rate=strong_contact_rate,
        weak_contact_rate=weak_contact_rate,
    )
    nodes, edges, groups = edges_of(data.load(), data.groups or "")
    if communities == "detected":
        groups = None
    ends = np.sort(edges[["source", "target"]].to_numpy(np.int64), axis=1)
    edges = edges.iloc[np.lexsort((ends[:, 1], ends[:, 0]))].reset_index(drop=True)
    n, u, v, tie, strength, contact_rate, community = infer_ties(
        repr(name), nodes, edges, groups, rates, types
    )
    if community is None:
        community = detect_communities(n, u, v, strength, as_generator(seed))
    return SocialGraph(community, u, v, tie, strength, contact_rate)


def dataset_labels(name: str) -> list[str]:
    """The names of the data set's people (or families, characters), in agent order."""
    return [str(node) for node in dataset_network(name).nodes]


def _dataset(name: str) -> Dataset:
    try:
        return DATASETS[name]
    except (KeyError, TypeError):
        known = ", ".join(DATASETS)
        raise TiesimError(
            f"The 'name' parameter must be one of {known}. Got {name!r} instead."
        ) from None
