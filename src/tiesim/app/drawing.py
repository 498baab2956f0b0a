"""The network picture shared by the classroom page and ``tiesim animate`` (matplotlib only).

:class:`NetworkPicture` draws a model's network once and then, at each :meth:`~NetworkPicture.
update`, changes only what moved: the ties present now (ties may be cut or formed between two
frames), people's colours, and the highlights of the latest hires.  It reads the model through
:mod:`tiesim.app.state`, so it works on both engines.

Strong ties are solid and blue, weak ties dashed and orange (the colour-blind-safe scheme of
:mod:`tiesim.analysis.palette`, shared with the report's figures); people are coloured by
employment (or by the share of followed trends they adopted); communities sit in their own discs
(:mod:`tiesim.app.layout`).  People hired in the latest step get a black ring, and the path their
lead took is drawn as black arrows, dashed over weak ties.  With ``ties_by_strength`` each tie's
width and opacity follow its strength, so weakening ties are drawn thinner and paler.  When the
model's people make ties as it runs (``networking``: events, interviews, …), weak ties made
during the run are drawn dotted and a little wider, so the class sees new bridges appear.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import numpy as np
from matplotlib.collections import LineCollection
from matplotlib.colors import LinearSegmentedColormap, to_rgba, to_rgba_array
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from tiesim.analysis.palette import (
    BRIDGE,
    BROKER,
    EMPLOYED,
    HIGHLIGHT,
    LOOKING,
    NOT_ADOPTED,
    STRONG,
    TREND,
    WEAK,
)
from tiesim.app import state
from tiesim.app.layout import community_layout
from tiesim.app.legend import NEW_DASHES, WEAK_DASHES, legend_entries, legend_handles
from tiesim.app.raster import Blitter
from tiesim.graphs.ties import Tie

TREND_COLOURS = LinearSegmentedColormap.from_list("trend", [NOT_ADOPTED, TREND])
BROKER_COLOURS = LinearSegmentedColormap.from_list("brokerage", [NOT_ADOPTED, BROKER])

#: Text sizes in pixels of an image rendered at 100 dpi (legend entries, title); text, dots and
#: lines grow in proportion to ``dpi``.
LEGEND_PX, TITLE_PX = 15, 17


@dataclass(frozen=True)
class TieStyle:
    """How ties of one type are drawn; ``width`` in points, ``dashes`` a matplotlib dash tuple."""

    colour: str
    width: float
    alpha: float
    dashes: tuple | None

    @property
    def linestyle(self) -> Any:
        """The matplotlib ``linestyle`` of this style."""
        return "solid" if self.dashes is None else self.dashes


TIE_STYLES = {
    Tie.STRONG: TieStyle(STRONG, width=1.2, alpha=0.45, dashes=None),
    Tie.WEAK: TieStyle(WEAK, width=1.2, alpha=0.8, dashes=WEAK_DASHES),
}
#: Weak ties made during the run (only in runs that make ties).
NEW_TIE_STYLE = TieStyle(WEAK, width=2.0, alpha=0.95, dashes=NEW_DASHES)


#: Band width (pixels at 100 dpi) of a local bridge of span 3, the shortest, and per extra step.
BRIDGE_WIDTH, BRIDGE_WIDTH_PER_STEP, BRIDGE_WIDTH_MAX = 5.0, 3.0, 14.0


def bridge_widths(span: np.ndarray) -> np.ndarray:
    """Band widths of local bridges by span: wider the further apart the ends would be.

    Span 3 (the shortest a local bridge can have) gets :data:`BRIDGE_WIDTH` pixels, each step
    more :data:`BRIDGE_WIDTH_PER_STEP`, up to :data:`BRIDGE_WIDTH_MAX` (also the width of a
    bridge outright, span infinite).

    Examples
    --------
    >>> bridge_widths(np.array([3.0, 4.0, 5.0, np.inf])).tolist()
    [5.0, 8.0, 11.0, 14.0]
    """
    extra = np.where(np.isfinite(span), span - 3.0, np.inf)
    return np.minimum(BRIDGE_WIDTH + BRIDGE_WIDTH_PER_STEP * extra, BRIDGE_WIDTH_MAX)


def node_colours(model: Any, colour_by: str = "employment") -> np.ndarray:
    """RGBA colour per person: by employment, share of followed trends adopted, or brokerage.

    By brokerage, people with less constraint than most (brokers between groups) are the
    deepest colour and those in closed groups grey (:func:`tiesim.app.state.brokerage_rank`).
    """
    if colour_by == "trend adoption":
        return TREND_COLOURS(state.adoption_share(model))
    if colour_by == "brokerage":
        return BROKER_COLOURS(state.brokerage_rank(model))
    return to_rgba_array(np.where(state.employed(model), EMPLOYED, LOOKING))


def status_line(model: Any) -> str:
    """``"step 12   employed 86%   weak ties 100"``: the picture's title."""
    weak = len(model.weak_slots())
    return f"step {model.steps}   employed {state.employed(model).mean():.0%}   weak ties {weak}"


class NetworkPicture:
    """A model's network on one matplotlib figure, drawn once and updated in place.

    Parameters
    ----------
    model : WeakTiesModel or ArrayModel
        The model to draw (either engine).
    positions : ndarray, shape (n, 2), optional
        Node positions; default ``model.positions`` if it has them, else a community layout.
    colour_by : {"employment", "trend adoption", "brokerage"}, optional
        How to colour people.
    ties_by_strength : bool, optional
        Scale each tie's width and opacity with its strength (default: one width per type).
    bridges : bool, optional
        Mark the local bridges (ties whose ends have no contact in common) with a wide light-blue
        band under the tie (:func:`tiesim.app.state.local_bridges`).
    highlight : bool, optional
        Ring the people hired in the latest step and draw the path their lead took.
    legend, title : bool, optional
        Draw a legend on the right, and the status line above the network.
    size : tuple of int, optional
        Width and height of the rendered image, in pixels.
    dpi : float, optional
        Pixels per inch: the larger, the larger lines and dots look in an image of ``size``.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
    strong, weak : matplotlib.collections.LineCollection
        One segment per tie of that type present now (``weak``: but those in ``new``).
    new : matplotlib.collections.LineCollection
        One segment per weak tie made during the run, when the model makes ties (else none).
    people : matplotlib.collections.PathCollection
        One dot per person, in agent order.
    hired : matplotlib.collections.PathCollection
        Rings around the people hired in the latest step.
    path_arrows : list of matplotlib.patches.FancyArrowPatch
        One arrow per pass of the latest hires' leads.
    """

    def __init__(
        self,
        model: Any,
        positions: np.ndarray | None = None,
        *,
        colour_by: str = "employment",
        ties_by_strength: bool = False,
        bridges: bool = False,
        highlight: bool = True,
        legend: bool = True,
        title: bool = True,
        size: tuple[int, int] = (800, 600),
        dpi: float = 100,
    ) -> None:
        if positions is None:
            positions = getattr(model, "positions", None)
        if positions is None:
            positions = community_layout(model.graph.community)
        self.positions = np.asarray(positions, dtype=float)
        self.colour_by = colour_by
        self.ties_by_strength = ties_by_strength
        self.show_bridges = bridges
        self.show_new = state.forms_ties(model)
        self.highlight = highlight
        width, height = size
        self.figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor="white")
        self.blitter = Blitter(self.figure)
        self.px = 72.0 / dpi  # points per pixel
        self.scale = dpi / 100.0  # pixel sizes below are for 100 dpi
        right = self._legend_width(width) if legend else 0.0
        top = (TITLE_PX * self.scale * 2.0) / height if title else 0.0
        self.ax = self.figure.add_axes((0.01, 0.01, 0.98 - right, 0.98 - top))
        self.ax.set_axis_off()
        self._set_limits()
        self.bridges = LineCollection(
            np.empty((0, 2, 2)),
            colors=BRIDGE,
            linewidths=6 * self.scale,
            capstyle="round",
            zorder=0.5,
            alpha=0.45,
        )
        self.ax.add_collection(self.bridges)
        self.strong = self._ties(TIE_STYLES[Tie.STRONG], "strong tie", zorder=1)
        self.weak = self._ties(TIE_STYLES[Tie.WEAK], "weak tie", zorder=2)
        self.new = self._ties(NEW_TIE_STYLE, "weak tie made in this run", zorder=2.1)
        dot = self._dot_size(width * (0.98 - right), height * (0.98 - top))
        self.people = self.ax.scatter(
            self.positions[:, 0],
            self.positions[:, 1],
            s=dot,
            c=node_colours(model, colour_by),
            edgecolors="white",
            linewidths=0.5,
            zorder=3,
            animated=True,
        )
        self.hired = self.ax.scatter(
            [],
            [],
            s=dot * 3.2,
            facecolors="none",
            edgecolors=HIGHLIGHT,
            linewidths=2.2,
            zorder=5,
            animated=True,
        )
        self.path_arrows: list[FancyArrowPatch] = []
        self.title = (
            self.figure.text(
                0.01, 0.99, "", va="top", fontsize=TITLE_PX * self.scale * self.px, animated=True
            )
            if title
            else None
        )
        if legend:
            self._legend()
        self._ties_shown: list[np.ndarray] | None = None
        self.update(model)

    # ------------------------------------------------------------------ building
    def _legend_width(self, width: int) -> float:
        entries = legend_entries(self.colour_by, self.show_bridges, self.show_new)
        longest = max(len(e.label) for e in entries)
        return min(0.45, (longest * 0.6 * LEGEND_PX + 60) * self.scale / width)

    def _set_limits(self) -> None:
        low, high = self.positions.min(axis=0), self.positions.max(axis=0)
        pad = 0.04 * float(np.max(high - low) or 1.0)
        self.ax.set_xlim(low[0] - pad, high[0] + pad)
        self.ax.set_ylim(low[1] - pad, high[1] + pad)
        self.ax.set_aspect("equal", adjustable="box")

    def _dot_size(self, width: float, height: float) -> float:
        n = max(len(self.positions), 1)
        top = 14.0 * self.scale
        diameter = float(np.clip(0.33 * np.sqrt(width * height / n), 2.5, top))
        return (diameter * self.px) ** 2

    def _ties(self, style: TieStyle, label: str, zorder: float) -> LineCollection:
        collection = LineCollection(
            np.empty((0, 2, 2)), linestyles=style.linestyle, capstyle="round", zorder=zorder
        )
        collection.set_label(label)
        self.ax.add_collection(collection)
        return collection

    def _legend(self) -> None:
        self.figure.legend(
            handles=legend_handles(
                legend_entries(self.colour_by, self.show_bridges, self.show_new)
            ),
            loc="center right",
            fontsize=LEGEND_PX * self.scale * self.px,
            frameon=False,
            handlelength=2.2,
        )

    # ------------------------------------------------------------------ updating
    def update(self, model: Any) -> None:
        """Show ``model``'s current state: ties present, people's colours, latest hires."""
        ties = state.ties_present(model)
        present, strengths = self._ties_changed(ties)
        if present or strengths:
            if self.show_bridges and present:  # bridges depend on which ties, not strengths
                slots, span = state.local_bridges(model)
                graph = model.graph
                ends = np.stack([graph.u[slots], graph.v[slots]], axis=1)
                self.bridges.set_segments(self.positions[ends])
                self.bridges.set_linewidths(bridge_widths(span) * self.scale)
            weak = ties.of_type(Tie.WEAK)
            new = ties.made_in_run()[weak] if self.show_new else np.zeros(len(weak), bool)
            for collection, style, keep in (
                (self.strong, TIE_STYLES[Tie.STRONG], ties.of_type(Tie.STRONG)),
                (self.weak, TIE_STYLES[Tie.WEAK], weak[~new]),
                (self.new, NEW_TIE_STYLE, weak[new]),
            ):
                self._update_ties(collection, style, ties, keep)
            self.blitter.invalidate()
        self.people.set_facecolor(node_colours(model, self.colour_by))
        for arrow in self.path_arrows:
            arrow.remove()
        self.path_arrows = []
        hires = state.hires_in_step(model) if self.highlight else []
        self.hired.set_offsets(
            self.positions[[h["agent"] for h in hires]] if hires else np.empty((0, 2))
        )
        for hire in hires:
            path = hire["path"]
            for (a, b), tie in zip(pairwise(path), state.path_ties(model, path), strict=True):
                self._arrow(a, b, tie)
        if self.title is not None:
            self.title.set_text(status_line(model))

    def _ties_changed(self, ties: state.Ties) -> tuple[bool, bool]:
        """Whether the ties present differ from those shown; whether anything drawn does."""
        # which ties: slot and both ends (a freed slot can be reused by a new tie the same step)
        which = np.stack([ties.slot, ties.u, ties.v])
        drawn = [which, ties.tie] + ([ties.strength] if self.ties_by_strength else [])
        now = [np.array(values, copy=True) for values in drawn]  # (types and strengths change)
        shown, self._ties_shown = self._ties_shown, now
        if shown is None:
            return True, True
        present = not np.array_equal(shown[0], now[0])
        return present, present or not all(map(np.array_equal, shown[1:], now[1:]))

    def _update_ties(self, collection, style: TieStyle, ties: state.Ties, keep) -> None:
        segments = np.stack([self.positions[ties.u[keep]], self.positions[ties.v[keep]]], axis=1)
        collection.set_segments(segments)
        colour = np.tile(to_rgba(style.colour), (len(keep), 1))
        if self.ties_by_strength:
            strength = np.asarray(ties.strength[keep], dtype=float)
            collection.set_linewidth(style.width * (0.3 + 1.7 * strength))
            colour[:, 3] = 0.15 + 0.85 * strength
        else:
            collection.set_linewidth(style.width)
            colour[:, 3] = style.alpha
        collection.set_color(colour)

    def _arrow(self, a: int, b: int, tie: Tie) -> None:
        arrow = FancyArrowPatch(
            self.positions[a],
            self.positions[b],
            arrowstyle="-|>",
            mutation_scale=14,
            color=HIGHLIGHT,
            linewidth=2.4,
            linestyle="--" if tie is Tie.WEAK else "-",
            shrinkA=3,
            shrinkB=5,
            zorder=4,
            animated=True,
        )
        self.ax.add_patch(arrow)
        self.path_arrows.append(arrow)

    # ------------------------------------------------------------------ output
    @property
    def moving(self) -> list:
        """The artists redrawn at every frame (the rest is drawn once per change of ties)."""
        title = [] if self.title is None else [self.title]
        return [self.people, *self.path_arrows, self.hired, *title]

    def pixels(self) -> np.ndarray:
        """The picture now, as an RGB array of shape (height, width, 3)."""
        return self.blitter.pixels(self.moving).copy()

    def png(self, compress_level: int = 1) -> bytes:
        """The picture now, as PNG bytes (low compression: fast to make, fine for a page)."""
        return self.blitter.png(self.moving, compress_level=compress_level)

    def jpeg(self) -> bytes:
        """The picture now, as JPEG bytes (what the page shows: many times faster to make)."""
        return self.blitter.jpeg(self.moving)


def network_figure(model: Any, positions: np.ndarray | None = None, **kwargs) -> Figure:
    """A new figure with the network drawn (keyword arguments go to :class:`NetworkPicture`)."""
    return NetworkPicture(model, positions, **kwargs).figure
