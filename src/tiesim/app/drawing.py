"""The network figure shared by the classroom page and the GIF export (matplotlib only).

Strong ties are solid and dark, weak ties thin, dashed and blue; people are coloured by
employment (or by how many of the trends now followed they adopted); communities sit in their
own discs (:mod:`tiesim.app.layout`).  The people hired in the latest step get an orange ring and
the path their lead took is drawn as orange arrows, dashed over weak ties.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from tiesim.app.demo_model import hires_in_step, tie_type
from tiesim.app.layout import community_layout
from tiesim.graphs.ties import Tie
from tiesim.model import WeakTiesModel

STRONG_STYLE = {"colors": "#2b2b2b", "linewidths": 1.1, "linestyles": "solid", "alpha": 0.6}
WEAK_STYLE = {"colors": "#2f7fc1", "linewidths": 0.7, "linestyles": (0, (4, 3)), "alpha": 0.8}
EMPLOYED, UNEMPLOYED = "#4daf4a", "#e41a1c"
HIGHLIGHT = "#ff7f00"
TREND_COLOURS = LinearSegmentedColormap.from_list("trend", ["#dddddd", "#7b3294"])


@dataclass
class NetworkArtists:
    """What :func:`draw_network` put on the axes (for tests and post-processing)."""

    strong: LineCollection
    weak: LineCollection
    people: PathCollection
    hired: PathCollection | None = None
    path_arrows: list = field(default_factory=list)


def tie_segments(model: WeakTiesModel, positions: np.ndarray, tie: Tie) -> np.ndarray:
    """Line segments, shape (ties, 2, 2), of the ties of type ``tie`` present now."""
    graph = model.graph
    keep = np.flatnonzero(graph.alive & (graph.tie == tie))
    return np.stack([positions[graph.u[keep]], positions[graph.v[keep]]], axis=1)


def node_colours(model: WeakTiesModel, colour_by: str = "employment") -> np.ndarray:
    """RGBA colour per person: by employment, or by share of followed trends adopted."""
    if colour_by == "trend adoption":
        followed = {item.id for item in model.items}
        share = np.array(
            [len(p.adopted & followed) / len(followed) if followed else 0.0 for p in model.people]
        )
        return TREND_COLOURS(share)
    from matplotlib.colors import to_rgba_array

    employed = np.array([p.employed for p in model.people])
    return to_rgba_array(np.where(employed, EMPLOYED, UNEMPLOYED))


def draw_network(
    ax: Axes,
    model: WeakTiesModel,
    positions: np.ndarray | None = None,
    *,
    colour_by: str = "employment",
    highlight: bool = True,
    legend: bool = True,
) -> NetworkArtists:
    """Draw ``model``'s people and ties on ``ax``.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Where to draw (cleared first).
    model : WeakTiesModel
        The model in its current state.
    positions : ndarray, shape (n, 2), optional
        Node positions; default ``model.positions`` if it has them, else a community layout.
    colour_by : {"employment", "trend adoption"}, optional
        How to colour people.
    highlight : bool, optional
        Ring the people hired in the latest step and draw the path their lead took.
    legend : bool, optional
        Add a legend explaining lines and colours.

    Returns
    -------
    NetworkArtists
    """
    if positions is None:
        positions = getattr(model, "positions", None)
        if positions is None:
            positions = community_layout(model.graph.community)
    ax.clear()
    ax.set_aspect("equal")
    ax.set_axis_off()
    ax.set_xlim(-1.55, 1.55)
    ax.set_ylim(-1.55, 1.55)
    strong = LineCollection(tie_segments(model, positions, Tie.STRONG), zorder=1, **STRONG_STYLE)
    weak = LineCollection(tie_segments(model, positions, Tie.WEAK), zorder=2, **WEAK_STYLE)
    strong.set_label("strong tie")
    weak.set_label("weak tie")
    ax.add_collection(strong)
    ax.add_collection(weak)
    size = float(np.clip(9000 / max(model.graph.n, 1), 6, 80))
    people = ax.scatter(
        positions[:, 0],
        positions[:, 1],
        s=size,
        c=node_colours(model, colour_by),
        edgecolors="white",
        linewidths=0.4,
        zorder=3,
    )
    artists = NetworkArtists(strong, weak, people)
    if highlight:
        _highlight_hires(ax, model, positions, size, artists)
    employed = np.mean([p.employed for p in model.people])
    ax.set_title(
        f"step {model.steps}   employed {employed:.0%}   "
        f"weak ties {len(tie_segments(model, positions, Tie.WEAK))}",
        fontsize=11,
    )
    if legend:
        _legend(ax, colour_by)
    return artists


def _highlight_hires(
    ax: Axes, model: WeakTiesModel, positions: np.ndarray, size: float, artists: NetworkArtists
) -> None:
    hires = hires_in_step(model)
    if not hires:
        return
    for hire in hires:
        path = hire["path"]
        for sender, receiver in pairwise(path):
            weak = tie_type(model, sender, receiver) is Tie.WEAK
            arrow = ax.annotate(
                "",
                xy=positions[receiver],
                xytext=positions[sender],
                arrowprops={
                    "arrowstyle": "-|>",
                    "color": HIGHLIGHT,
                    "lw": 2.4,
                    "linestyle": "--" if weak else "-",
                    "shrinkA": 3,
                    "shrinkB": 5,
                },
                zorder=4,
            )
            artists.path_arrows.append(arrow)
    agents = [h["agent"] for h in hires]
    artists.hired = ax.scatter(
        positions[agents, 0],
        positions[agents, 1],
        s=size * 3.5,
        facecolors="none",
        edgecolors=HIGHLIGHT,
        linewidths=2.2,
        zorder=5,
    )


def _legend(ax: Axes, colour_by: str) -> None:
    def line(style: dict, label: str) -> Line2D:
        return Line2D(
            [],
            [],
            color=style["colors"],
            lw=max(style["linewidths"], 1.2),
            linestyle="--" if style is WEAK_STYLE else "-",
            label=label,
        )

    def dot(colour: str, label: str, **kw) -> Line2D:
        return Line2D([], [], marker="o", linestyle="", markerfacecolor=colour, label=label, **kw)

    if colour_by == "trend adoption":
        people = [dot(TREND_COLOURS(1.0), "adopted the trends"), dot("#dddddd", "not yet")]
    else:
        people = [dot(EMPLOYED, "employed"), dot(UNEMPLOYED, "looking for work")]
    handles = [
        line(STRONG_STYLE, "strong tie"),
        line(WEAK_STYLE, "weak tie"),
        *people,
        dot("none", "just hired", markeredgecolor=HIGHLIGHT, markeredgewidth=2, markersize=9),
        Line2D([], [], color=HIGHLIGHT, lw=2.4, label="path of the lead"),
    ]
    ax.legend(handles=handles, loc="center left", bbox_to_anchor=(1.0, 0.5), fontsize=8)


def network_figure(model: WeakTiesModel, positions: np.ndarray | None = None, **kwargs) -> Figure:
    """A new figure with the network drawn (keyword arguments go to :func:`draw_network`)."""
    fig = Figure(figsize=(6.6, 4.4), layout="constrained")
    draw_network(fig.add_subplot(), model, positions, **kwargs)
    return fig
