"""The demo's live plots, drawn with matplotlib from the model's metrics table.

Each function returns a new :class:`matplotlib.figure.Figure` (no pyplot, so it is safe in the
server's threads).  When the model cut its weak ties, a grey line marks the step.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from tiesim.app.drawing import STRONG_STYLE, WEAK_STYLE
from tiesim.model import WeakTiesModel

CHANNEL_STYLE = {
    "direct": {"color": "#999999", "linestyle": "-"},
    "strong": {"color": STRONG_STYLE["colors"], "linestyle": "-"},
    "weak": {"color": WEAK_STYLE["colors"], "linestyle": "--"},
}
SMOOTHING = 10  # steps in the moving average of opportunity discovery
LATEST = {"marker": "o", "markevery": [-1], "markersize": 4}  # a dot on the latest value


def _figure(rows: int = 1) -> tuple[Figure, list[Axes]]:
    fig = Figure(figsize=(6.2, 1.75 * rows + 0.5), layout="constrained")
    axes = fig.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
    return fig, list(axes)


def _finish(model: WeakTiesModel, axes: list[Axes]) -> None:
    cut = getattr(model, "cut_weak_ties_at", 0)
    for ax in axes:
        if cut and model.steps >= cut:
            ax.axvline(cut, color="#777777", linewidth=1, linestyle=":", label="weak ties cut")
        ax.grid(alpha=0.3)
    axes[-1].set_xlabel("step")
    axes[-1].set_xlim(0, max(model.steps, 10))


def jobs_figure(model: WeakTiesModel) -> Figure:
    """Employment rate, and opportunity discovery (raw and a moving average)."""
    metrics = model.metrics()
    fig, (top, bottom) = _figure(2)
    top.plot(metrics.step, metrics.employment_rate, color="#4daf4a", **LATEST)
    top.set_ylabel("employment rate")
    top.set_ylim(0.5, 1.0)
    discovery = metrics.opportunity_discovery
    bottom.plot(metrics.step, discovery, color="#984ea3", alpha=0.3, linewidth=0.8)
    bottom.plot(
        metrics.step,
        discovery.rolling(SMOOTHING, min_periods=1).mean(),
        color="#984ea3",
        label=f"{SMOOTHING}-step mean",
        **LATEST,
    )
    bottom.set_ylabel("discovery")
    bottom.set_ylim(0, max(0.4, float(np.nan_to_num(discovery.max()))))
    top.set_title("Jobs: employment, and share of job seekers hearing of an opening", fontsize=9)
    _finish(model, [top, bottom])
    return fig


def hires_table(model: WeakTiesModel) -> pd.DataFrame:
    """Cumulative hires by channel, one row per step."""
    metrics = model.metrics()
    return pd.DataFrame(
        {c: metrics[f"hires_{c}"].cumsum() for c in CHANNEL_STYLE}, index=metrics.step
    )


def hires_figure(model: WeakTiesModel) -> Figure:
    """Hires so far, by the channel the lead came through (direct, strong tie, weak tie)."""
    table = hires_table(model)
    fig, (ax,) = _figure(1)
    for channel, style in CHANNEL_STYLE.items():
        ax.plot(table.index, table[channel], label=channel, **style, **LATEST)
    ax.set_ylabel("hires so far")
    ax.set_title("Hires by channel", fontsize=9)
    _finish(model, [ax])
    ax.legend(loc="upper left", fontsize=8)
    return fig


def trends_figure(model: WeakTiesModel) -> Figure:
    """Reach of the trends followed now: share of people and of communities that adopted."""
    metrics = model.metrics()
    fig, (ax,) = _figure(1)
    ax.plot(metrics.step, metrics.trend_reach, color="#7b3294", label="people", **LATEST)
    ax.plot(
        metrics.step,
        metrics.trend_communities / max(model.num_communities, 1),
        color="#7b3294",
        linestyle="--",
        label="communities",
    )
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("share reached")
    ax.set_title("Trends: mean reach of the items followed now", fontsize=9)
    _finish(model, [ax])
    ax.legend(loc="upper left", fontsize=8)
    return fig
