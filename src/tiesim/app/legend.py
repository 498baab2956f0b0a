"""What the network picture's marks mean: one list of legend entries for every legend.

The same entries make the legend inside the matplotlib picture (``tiesim animate``) and the
HTML legend under the network on the page (:func:`tiesim.app.panels.legend_html`).
"""

from __future__ import annotations

from dataclasses import dataclass

from matplotlib.lines import Line2D

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

WEAK_DASHES = (0, (4, 2))  #: the dash pattern of weak ties, in the picture and its legend
NEW_DASHES = (0, (0.1, 2.5))  #: dots (with round caps): weak ties made during the run
LINE_DASHES = {"solid": "-", "dashed": WEAK_DASHES, "dotted": NEW_DASHES}


@dataclass(frozen=True)
class LegendEntry:
    """One line of the legend: a ``kind`` of mark (line, dot, ring, arrow), its colour, label.

    ``pattern`` is how a line is drawn: ``solid``, ``dashed`` or ``dotted``.
    """

    kind: str
    colour: str
    label: str
    pattern: str = "solid"


def legend_entries(
    colour_by: str = "employment", bridges: bool = False, new_ties: bool = False
) -> list[LegendEntry]:
    """What the picture's marks mean, in legend order (also used by the page's HTML legend).

    ``new_ties``: the run makes ties (``networking``), drawn dotted until they turn strong.
    """
    if colour_by == "trend adoption":
        people = [
            LegendEntry("dot", TREND, "adopted the trends"),
            LegendEntry("dot", NOT_ADOPTED, "not yet"),
        ]
    elif colour_by == "brokerage":
        people = [
            LegendEntry("dot", BROKER, "broker (low constraint)"),
            LegendEntry("dot", NOT_ADOPTED, "in a closed group"),
        ]
    else:
        people = [
            LegendEntry("dot", EMPLOYED, "employed"),
            LegendEntry("dot", LOOKING, "looking for work"),
        ]
    return [
        LegendEntry("line", STRONG, "strong tie"),
        LegendEntry("line", WEAK, "weak tie", pattern="dashed"),
        *([LegendEntry("line", WEAK, "weak tie made in this run", "dotted")] if new_ties else []),
        *people,
        LegendEntry("ring", HIGHLIGHT, "just hired"),
        LegendEntry("arrow", HIGHLIGHT, "path of the job lead"),
        *(
            [LegendEntry("halo", BRIDGE, "local bridge (no contact in common; wider: longer span)")]
            if bridges
            else []
        ),
    ]


def legend_handles(entries: list[LegendEntry]) -> list[Line2D]:
    """Matplotlib legend handles drawing each entry's mark."""
    handles = []
    for entry in entries:
        if entry.kind == "line":
            mark = Line2D(
                [],
                [],
                color=entry.colour,
                lw=2.2,
                linestyle=LINE_DASHES[entry.pattern],
                dash_capstyle="round" if entry.pattern == "dotted" else "butt",
            )
        elif entry.kind == "dot":
            mark = Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=9,
                markerfacecolor=entry.colour,
                markeredgecolor="white",
            )
        elif entry.kind == "halo":
            mark = Line2D([], [], color=entry.colour, lw=6, alpha=0.45, solid_capstyle="round")
        elif entry.kind == "ring":
            mark = Line2D(
                [],
                [],
                marker="o",
                linestyle="",
                markersize=11,
                markerfacecolor="none",
                markeredgecolor=entry.colour,
                markeredgewidth=2,
            )
        else:
            mark = Line2D([0, 1], [0, 0], color=entry.colour, lw=2.4, marker=">", markevery=[-1])
        mark.set_label(entry.label)
        handles.append(mark)
    return handles
