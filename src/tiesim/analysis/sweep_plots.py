"""Figures of a sweep: summary metrics against the swept parameter, hires by channel, Sobol.

Every figure is drawn from the per-point ``summary`` table (means and 95 % CI across
replicates), so it can be redrawn from a results folder without re-running anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from tiesim.analysis.palette import CHANNEL_COLOURS, CHANNEL_COLOURS_WITH_INTERVIEWS
from tiesim.analysis.plots import save_figure
from tiesim.analysis.summary import METRIC_LABELS

GRID_METRICS = (
    "opportunity_discovery",
    "employment_rate",
    "time_to_first_lead",
    "unemployment_duration",
    "leads_weak",
    "weak_share_of_contact_hires",
    "news_diversity",
    "trend_diversity",
    "employment_inequality",
    "trend_reach",
    "ties_weak",  # the tie metrics appear only when ties change
    "strength_weak",
    "time_weak",
)
SOBOL_METRICS = (
    "opportunity_discovery",
    "employment_rate",
    "time_to_first_lead",
    "weak_share_of_contact_hires",
    "news_diversity",
)
MAX_SERIES = 8


#: Axis labels in words, with units, for the parameters sweeps usually vary.
PARAMETER_LABELS = {
    "graph.weak_tie_density": "weak ties per person",
    "graph.weak_contact_rate": "weak-tie contact rate (probability per step)",
    "graph.strong_contact_rate": "strong-tie contact rate (probability per step)",
    "graph.community_size": "community size (people)",
    "graph.strong_degree": "strong ties per person",
    "graph.n": "people",
    "graph.p": "rewiring probability",
    "graph.k": "ties per person on the ring",
    "graph.name": "real network",
    "jobs.job_arrival": "job arrival (probability per person per step)",
    "jobs.job_loss": "job loss (probability per step)",
    "jobs.job_locality": "job locality (share of openings in communities with demand)",
    "jobs.max_hops": "hops a lead may travel",
    "jobs.lead_lifetime": "lead lifetime (steps)",
    "trends.threshold": "trend threshold (contacts needed)",
    "trends.transmission": "trend transmission (probability per active tie)",
}


def short(path: str) -> str:
    """The last part of a dotted path: ``graph.weak_tie_density`` → ``weak_tie_density``."""
    return path.split(".")[-1]


def axis_label(path: str) -> str:
    """A swept parameter in words for an axis, e.g. ``"weak ties per person"``.

    Parameters without a label of their own get their name with spaces.
    """
    return PARAMETER_LABELS.get(path, short(path).replace("_", " "))


def _series(summary: pd.DataFrame, hue: Sequence[str]) -> list[tuple[str | None, pd.DataFrame]]:
    if not hue:
        return [(None, summary)]
    out = []
    for key, group in summary.groupby(list(hue), sort=False):
        key = key if isinstance(key, tuple) else (key,)
        out.append(
            (
                ", ".join(
                    f"{short(p)}={v:g}" if isinstance(v, float) else f"{short(p)}={v}"
                    for p, v in zip(hue, key, strict=True)
                ),
                group,
            )
        )
    return out[:MAX_SERIES]


def _label_x(ax, summary: pd.DataFrame, x: str) -> None:
    """Name the x axis; words (a swept rule's names) are slanted so long ones do not overlap."""
    ax.set_xlabel(axis_label(x))
    if not pd.api.types.is_numeric_dtype(summary[x]):
        ax.tick_params(axis="x", labelrotation=25)
        for tick in ax.get_xticklabels():
            tick.set_horizontalalignment("right")


def _band(ax, summary: pd.DataFrame, x: str, metric: str, hue: Sequence[str]) -> None:
    for label, group in _series(summary, hue):
        group = group.sort_values(x)
        line = ax.plot(group[x], group[f"{metric}_mean"], marker="o", ms=3, lw=1.5, label=label)
        ax.fill_between(
            group[x],
            group[f"{metric}_ci_low"],
            group[f"{metric}_ci_high"],
            color=line[0].get_color(),
            alpha=0.2,
            lw=0,
        )
    ax.grid(alpha=0.3)


def plot_metric(
    summary: pd.DataFrame,
    x: str,
    metric: str,
    path: Path,
    hue: Sequence[str] = (),
    *,
    formats: Sequence[str] = ("png",),
) -> Path:
    """One metric's mean against ``x`` with its 95 % CI band, one line per ``hue`` value."""
    fig, ax = plt.subplots(figsize=(7, 4.5), layout="constrained")
    _band(ax, summary, x, metric, hue)
    _label_x(ax, summary, x)
    ax.set_ylabel(metric, fontsize=9)
    ax.set_title(f"{METRIC_LABELS.get(metric, metric)}\n(mean and 95 % CI)", fontsize=10)
    if hue:
        ax.legend(fontsize=8)
    save_figure(fig, path, dpi=110, formats=formats)
    return path


def _shown(means: pd.Series) -> bool:
    """Whether a metric is anything but zero or undefined somewhere."""
    values = means.to_numpy(float)
    return bool(np.any(values[np.isfinite(values)] != 0))


def plot_metric_grid(
    summary: pd.DataFrame,
    x: str,
    path: Path,
    hue: Sequence[str] = (),
    metrics=GRID_METRICS,
    *,
    formats: Sequence[str] = ("png",),
) -> Path:
    """Small multiples: each summary metric against ``x`` with 95 % CI bands.

    Metrics that are zero or undefined at every point (a mechanism that is off: nobody checked
    in, no trend item) get no panel.
    """
    metrics = [m for m in metrics if f"{m}_mean" in summary and _shown(summary[f"{m}_mean"])]
    cols = 3
    rows = max(1, -(-len(metrics) // cols))
    fig, axes = plt.subplots(rows, cols, figsize=(12, 3.2 * rows), layout="constrained")
    for ax, metric in zip(axes.flat, metrics, strict=False):
        _band(ax, summary, x, metric, hue)
        ax.set_title(metric, fontsize=9)
        _label_x(ax, summary, x)
        ax.xaxis.label.set_fontsize(8)
    for ax in list(axes.flat)[len(metrics) :]:
        ax.set_visible(False)
    if hue:
        axes.flat[0].legend(fontsize=7)
    fig.suptitle(
        f"Final-window summaries against {axis_label(x)} (mean and 95 % CI over replicates)"
    )
    save_figure(fig, path, dpi=100, formats=formats)
    return path


def plot_hires_by_channel(
    summary: pd.DataFrame,
    x: str,
    path: Path,
    hue: Sequence[str] = (),
    *,
    formats: Sequence[str] = ("png",),
) -> Path:
    """Stacked hires per step by channel (direct, strong tie, weak tie) against ``x``.

    Hires through informational interviews are stacked on top when the summary has them.
    """
    series = _series(summary, hue)
    channels = CHANNEL_COLOURS_WITH_INTERVIEWS if "hires_interview_mean" in summary else None
    channels = channels or CHANNEL_COLOURS
    fig, axes = plt.subplots(
        1, len(series), figsize=(4.5 * len(series) + 1, 4.2), sharey=True, layout="constrained"
    )
    axes = [axes] if len(series) == 1 else list(axes)
    for ax, (label, group) in zip(axes, series, strict=True):
        group = group.sort_values(x)
        ax.stackplot(
            group[x],
            *(group[f"hires_{c}_mean"] for c in channels),
            labels=list(channels),
            colors=list(channels.values()),
            alpha=0.85,
        )
        _label_x(ax, summary, x)
        ax.set_title(label or "", fontsize=9)
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("hires per step (final-window mean)")
    handles, labels = axes[-1].get_legend_handles_labels()
    fig.legend(handles[::-1], labels[::-1], title="heard through", loc="outside right center")
    fig.suptitle(f"Hires by channel against {axis_label(x)}")
    save_figure(fig, path, dpi=110, formats=formats)
    return path


def plot_sample_scatter(
    summary: pd.DataFrame,
    parameters: Sequence[str],
    metric: str,
    path: Path,
    *,
    formats: Sequence[str] = ("png",),
) -> Path:
    """Each design point's mean of ``metric`` against each sampled parameter."""
    fig, axes = plt.subplots(
        1, len(parameters), figsize=(4 * len(parameters), 3.6), sharey=True, layout="constrained"
    )
    axes = [axes] if len(parameters) == 1 else list(axes)
    for ax, parameter in zip(axes, parameters, strict=True):
        ax.scatter(summary[parameter], summary[f"{metric}_mean"], s=10, alpha=0.6)
        ax.set_xlabel(axis_label(parameter))
        ax.grid(alpha=0.3)
    axes[0].set_ylabel(metric)
    fig.suptitle(f"{metric} at each sampled point (mean over replicates)")
    save_figure(fig, path, dpi=110, formats=formats)
    return path


def plot_sobol(indices: pd.DataFrame, path: Path, *, formats: Sequence[str] = ("png",)) -> Path:
    """First-order and total Sobol indices with bootstrap 95 % CI, one panel per key metric."""
    present = list(dict.fromkeys(indices["metric"]))
    metrics = [m for m in SOBOL_METRICS if m in present] or present[:MAX_SERIES]
    fig, axes = plt.subplots(
        1, len(metrics), figsize=(3.6 * len(metrics) + 1, 3.8), sharey=True, layout="constrained"
    )
    axes = [axes] if len(metrics) == 1 else list(axes)
    for ax, metric in zip(axes, metrics, strict=True):
        rows = indices[indices["metric"] == metric]
        pos = range(len(rows))
        names = [short(p) for p in rows["parameter"]]
        ax.bar([p - 0.2 for p in pos], rows["S1"], 0.4, yerr=rows["S1_conf"], label="first order")
        ax.bar([p + 0.2 for p in pos], rows["ST"], 0.4, yerr=rows["ST_conf"], label="total")
        ax.set_xticks(list(pos), names, rotation=30, ha="right", fontsize=8)
        ax.set_title(metric, fontsize=9)
        ax.grid(alpha=0.3, axis="y")
    axes[0].set_ylabel("Sobol index")
    axes[0].legend(fontsize=8)
    save_figure(fig, path, dpi=110, formats=formats)
    return path
