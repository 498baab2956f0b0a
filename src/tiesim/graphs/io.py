"""Loading a social graph from a file: GraphML, GML or an edge-list CSV.

Nodes are renumbered ``0..n-1`` in file order (for a CSV, in order of first appearance in the
``source``/``target`` columns).  Self-loops are dropped; a tie listed more than once (in either
direction) is kept once, with the attributes of its first occurrence.  The ties' types,
strengths, contact rates and communities are inferred by :mod:`tiesim.graphs.inference`, as for
the real networks of :mod:`tiesim.graphs.datasets`.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from tiesim.errors import TiesimError, shorten
from tiesim.files import shown_path, user_path
from tiesim.graphs.inference import (
    DEFAULT_STRENGTH,
    check_options,
    detect_communities,
    edges_of,
    infer_ties,
)
from tiesim.graphs.ties import SocialGraph
from tiesim.rng import SeedLike, as_generator

__all__ = ["DEFAULT_STRENGTH", "check_graph_file", "load_graph"]

_READ_ERRORS = (
    OSError,
    ValueError,  # also UnicodeError: text that is not UTF-8
    KeyError,
    TypeError,
    ET.ParseError,
    nx.NetworkXError,
    RecursionError,  # a GML or GraphML file nested deeper than the readers can recurse
    IndexError,
    AttributeError,
)


def load_graph(
    path,
    *,
    tie_attribute: str = "tie",
    weight_attribute: str = "weight",
    weak_threshold=None,
    community_attribute: str = "community",
    overlap_threshold=None,
    strong_contact_rate=0.5,
    weak_contact_rate=0.1,
    seed: SeedLike = None,
) -> SocialGraph:
    r"""Read a social graph from a ``.graphml``, ``.gml`` or edge-list ``.csv`` file.

    A CSV has a header with ``source`` and ``target`` columns and, optionally, one column per
    edge attribute.  Each tie gets its attributes as follows.

    * Type: the ``tie_attribute`` value (``"strong"`` or ``"weak"``, any case) if the file has
      it; else, if ``weak_threshold`` is given, weak when its weight is below the threshold;
      else inferred from topological overlap (Onnela et al. 2007): weak when the overlap is
      below ``overlap_threshold``.  Without a threshold, ties below the graph's median overlap
      are weak if that median is above 0; otherwise the ties with zero overlap are weak.
    * Strength: the ``strength`` attribute, in (0, 1], if present; else weight divided by the
      largest weight (weights must be > 0); else :data:`DEFAULT_STRENGTH` by type
      (strong 1.0, weak 0.25).
    * Contact rate: the ``contact_rate`` attribute, in [0, 1], if present; else
      ``strong_contact_rate`` or ``weak_contact_rate`` by type.

    Communities come from the node attribute ``community_attribute`` (any labels, renumbered
    ``0..C-1`` in order of first appearance) if every node has it; otherwise they are
    detected with Louvain modularity maximisation weighted by strength.  A CSV has no node
    attributes, so its communities are always detected.

    Parameters
    ----------
    path : str or os.PathLike
        The file; its extension chooses the format.
    tie_attribute, weight_attribute, community_attribute : str, optional
        Names of the tie-type and weight edge attributes and of the community node attribute.
    weak_threshold : float or None, optional
        Weight below which a tie is weak, used when the file has no tie types.
    overlap_threshold : float or None, optional
        Overlap below which a tie is weak, used when there are neither tie types nor a
        ``weak_threshold``; None picks it from the median as described above.
    strong_contact_rate, weak_contact_rate : float, optional
        Contact rate of strong and weak ties without a ``contact_rate`` attribute.
    seed : int, numpy.random.Generator or None, optional
        Seeds the community detection.

    Returns
    -------
    SocialGraph
        One slot per distinct tie, in file order.

    Raises
    ------
    TiesimError
        If the file is missing, has an unknown extension or cannot be read, or a value breaks
        a rule; the message names the file.

    References
    ----------
    .. [1] J.-P. Onnela et al., "Structure and tie strengths in mobile communication
       networks", PNAS 104(18), 7332-7336, 2007.
    .. [2] V. D. Blondel et al., "Fast unfolding of communities in large networks", Journal
       of Statistical Mechanics P10008, 2008.

    Examples
    --------
    >>> import os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "friends.csv")
    >>> _ = open(path, "w").write("source,target,tie\nann,bob,strong\nbob,cy,weak\n")
    >>> G = load_graph(path, seed=0)
    >>> G.n, G.u.tolist(), G.v.tolist(), G.tie.tolist()
    (3, [0, 1], [1, 2], [0, 1])
    """
    ties = _read_ties(
        path,
        tie_attribute=tie_attribute,
        weight_attribute=weight_attribute,
        weak_threshold=weak_threshold,
        community_attribute=community_attribute,
        overlap_threshold=overlap_threshold,
        strong_contact_rate=strong_contact_rate,
        weak_contact_rate=weak_contact_rate,
    )
    n, u, v, tie, strength, contact_rate, community = ties
    if community is None:
        community = detect_communities(n, u, v, strength, as_generator(seed))
    return SocialGraph(community, u, v, tie, strength, contact_rate)


def check_graph_file(path, **options) -> tuple[int, int]:
    """Read and check a graph file as :func:`load_graph` does, but detect no communities.

    Takes :func:`load_graph`'s keyword arguments but ``seed``; returns the numbers of agents
    and ties.  ``tiesim validate`` uses it to refuse a file a run could not load.

    Raises
    ------
    TiesimError
        As :func:`load_graph`.
    """
    n, u, v, tie, strength, contact_rate, community = _read_ties(path, **options)
    if community is None:
        community = np.zeros(n, np.int64)
    SocialGraph(community, u, v, tie, strength, contact_rate)  # its own checks
    return n, len(u)


def _read_ties(
    path,
    *,
    tie_attribute: str = "tie",
    weight_attribute: str = "weight",
    weak_threshold=None,
    community_attribute: str = "community",
    overlap_threshold=None,
    strong_contact_rate=0.5,
    weak_contact_rate=0.1,
):
    """Agents, tie arrays and communities (None: to detect) from a file, checked."""
    rates, types = check_options(
        tie_attribute=tie_attribute,
        weight_attribute=weight_attribute,
        weak_threshold=weak_threshold,
        overlap_threshold=overlap_threshold,
        strong_contact_rate=strong_contact_rate,
        weak_contact_rate=weak_contact_rate,
    )
    path = user_path(path, "graph file")
    shown = shown_path(path)
    reader = {".graphml": _read_graphml, ".gml": _read_gml, ".csv": _read_csv}.get(
        path.suffix.lower()
    )
    if reader is None:
        raise TiesimError(
            f"Cannot load graph {shown}: unknown extension {shorten(repr(path.suffix), 40)} "
            "(use .graphml, .gml or .csv)."
        )
    try:
        is_file = path.is_file()
    except OSError:
        is_file = False
    if not is_file:
        what = "it is a folder" if path.is_dir() else "no such file"
        raise TiesimError(f"Cannot load graph {shown}: {what}.")
    try:
        nodes, edges, communities = reader(path, community_attribute)
    except _READ_ERRORS as exc:
        raise TiesimError(f"Cannot read graph file {shown}: {_reason(exc)}") from None
    if len(nodes) == 0:
        raise TiesimError(f"Cannot load graph {shown}: it has no nodes.")
    return infer_ties(shown, nodes, edges, communities, rates, types)


def _reason(exc: BaseException) -> str:
    """The first line of an exception's message, shortened (or its type's name)."""
    if isinstance(exc, RecursionError):
        return "it nests lists or graphs too deeply to read"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    text = str(exc).strip()
    return shorten(text.splitlines()[0], 200) if text else type(exc).__name__


# ------------------------------------------------------------------ readers
def _read_graphml(path: Path, community_attribute: str):
    return edges_of(nx.read_graphml(path), community_attribute)


def _read_gml(path: Path, community_attribute: str):
    return edges_of(nx.read_gml(path, label=None), community_attribute)


def _read_csv(path: Path, community_attribute: str):
    table = pd.read_csv(path, skipinitialspace=True)
    missing = [c for c in ("source", "target") if c not in table.columns]
    if missing:
        raise ValueError(
            f"the header must name 'source' and 'target' columns; missing {missing}, "
            f"found {list(table.columns)}"
        )
    if table[["source", "target"]].isna().any().any():
        raise ValueError("some rows have an empty source or target")
    nodes = pd.unique(table[["source", "target"]].to_numpy().ravel()).tolist()
    index = {node: i for i, node in enumerate(nodes)}
    edges = table.drop(columns=["source", "target"])
    edges.insert(0, "target", table["target"].map(index).to_numpy())
    edges.insert(0, "source", table["source"].map(index).to_numpy())
    return nodes, edges, None
