"""Drawing helpers shared by the replications: one look for every figure.

Figures use the report's colour-blind-safe palette (:mod:`tiesim.analysis.palette`), label
axes in words, and show the paper's values as black marks (with the tolerance as an error bar)
beside the model's, so every figure reads "published against simulated" the same way.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from tiesim.analysis.palette import OKABE_ITO

#: Colours for a replication's model series, in order of use (never black: black is the paper's).
SERIES = (
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["reddish purple"],
    OKABE_ITO["sky blue"],
)
PUBLISHED = OKABE_ITO["black"]

STYLE = {
    "font.size": 9,
    "axes.titlesize": 10,
    "axes.labelsize": 9,
    "legend.fontsize": 8,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def new_figure(ncols: int = 1, nrows: int = 1, *, width: float = 3.4, height: float = 2.8):
    """A figure of ``nrows`` × ``ncols`` panels, each about ``width`` × ``height`` inches.

    Returns ``(figure, axes)`` with ``axes`` always a flat list.
    """
    with plt.rc_context(STYLE):
        figure, axes = plt.subplots(
            nrows,
            ncols,
            figsize=(width * ncols, height * nrows),
            layout="constrained",
            squeeze=False,
        )
    for ax in axes.flat:
        ax.grid(alpha=0.25, linewidth=0.6)
        _apply_style(ax)
    return figure, list(axes.flat)


def _apply_style(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.tick_params(labelsize=STYLE["xtick.labelsize"])
    ax.xaxis.label.set_size(STYLE["axes.labelsize"])
    ax.yaxis.label.set_size(STYLE["axes.labelsize"])
    ax.title.set_size(STYLE["axes.titlesize"])


def label(ax: Axes, title: str, xlabel: str, ylabel: str) -> None:
    """Give a panel its title and axis labels (in words, with units)."""
    ax.set_title(title, fontsize=STYLE["axes.titlesize"], loc="left")
    ax.set_xlabel(xlabel, fontsize=STYLE["axes.labelsize"])
    ax.set_ylabel(ylabel, fontsize=STYLE["axes.labelsize"])


def mark_published(ax: Axes, x, y, tolerance=None, *, label: str | None = "published") -> None:
    """The paper's values as black diamonds, with the tolerance as an error bar if given."""
    ax.errorbar(
        x,
        y,
        yerr=tolerance,
        fmt="D",
        color=PUBLISHED,
        markerfacecolor="white",
        markersize=5,
        capsize=3,
        linewidth=1,
        label=label,
        zorder=5,
    )


def legend(ax: Axes, **kwargs) -> None:
    """A legend without a frame, at the font size of the style."""
    ax.legend(**({"frameon": False, "fontsize": STYLE["legend.fontsize"]} | kwargs))


def suptitle(figure: Figure, text: str) -> None:
    """The figure's title (the paper and what is compared)."""
    figure.suptitle(text, fontsize=STYLE["axes.titlesize"] + 1)
