"""Which standard figures a results folder gets, drawn into it, each with a one-line caption."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tiesim.analysis.plots import plot_time_series
from tiesim.analysis.sweep_plots import (
    plot_hires_by_channel,
    plot_metric,
    plot_metric_grid,
    plot_sample_scatter,
    plot_sobol,
    short,
)
from tiesim.config import ExperimentConfig

HEADLINE = "opportunity_discovery"


@dataclass(frozen=True)
class Figure:
    """A drawn figure: its file name (in the results folder), title and caption."""

    file: str
    title: str
    caption: str


def axes_of(config: ExperimentConfig, summary: pd.DataFrame) -> tuple[str | None, list[str]]:
    """The x-axis path (the grid path with most values) and the paths that split lines."""
    varying = [p for p in config.sweep.grid if p in summary and summary[p].nunique() > 1]
    if not varying:
        return None, []
    x = max(varying, key=lambda p: summary[p].nunique())
    return x, [p for p in varying if p != x]


def draw_figures(
    folder: Path,
    config: ExperimentConfig,
    metrics: pd.DataFrame,
    summary: pd.DataFrame,
    sobol: pd.DataFrame | None = None,
) -> list[Figure]:
    """Draw the standard figures of an experiment into ``folder`` and describe them."""
    figures = []
    x, hue = axes_of(config, summary)
    n = summary["n_runs"]
    reps = f"{n.min()}" if n.min() == n.max() else f"{n.min()}–{n.max()}"
    if x is not None:
        lines = f", one line per {', '.join(short(h) for h in hue)}" if hue else ""
        plot_metric(summary, x, HEADLINE, folder / f"{HEADLINE}.png", hue)
        figures.append(
            Figure(
                f"{HEADLINE}.png",
                f"Opportunity discovery against {short(x)}",
                f"The share of job seekers who hear of at least one opening in a step, averaged "
                f"over the final window, against {short(x)}{lines}; dots are means over {reps} "
                f"replicates and the band is the 95 % confidence interval of the mean.",
            )
        )
        plot_metric_grid(summary, x, folder / "summary_metrics.png", hue)
        figures.append(
            Figure(
                "summary_metrics.png",
                f"Every key metric against {short(x)}",
                f"Each panel is one final-window summary metric against {short(x)}, with the "
                f"same means and 95 % confidence bands; time-to-event metrics are in steps.",
            )
        )
        plot_hires_by_channel(summary, x, folder / "hires_by_channel.png", hue)
        figures.append(
            Figure(
                "hires_by_channel.png",
                f"Hires by channel against {short(x)}",
                "Hires per step in the final window, stacked by how the hired person heard of "
                "the job: directly from the market, through a strong tie, or through a weak tie.",
            )
        )
    sampled = config.sweep.paths() if config.sweep.sample is not None else []
    if sampled:
        plot_sample_scatter(summary, sampled, HEADLINE, folder / "sample_scatter.png")
        figures.append(
            Figure(
                "sample_scatter.png",
                "Opportunity discovery at each sampled point",
                "Each dot is one point of the sample design (mean over its replicates), plotted "
                "against each sampled parameter in turn; a clear trend means a strong effect.",
            )
        )
    if sobol is not None and len(sobol):
        plot_sobol(sobol, folder / "sobol.png")
        figures.append(
            Figure(
                "sobol.png",
                "Sobol sensitivity indices",
                "For each metric, the share of its variance over the design explained by each "
                "parameter alone (first order) and with all its interactions (total), with "
                "bootstrap 95 % confidence intervals.",
            )
        )
    by = [p for p in config.sweep.paths() if p in metrics] if len(summary) > 1 else []
    plot_time_series(metrics, folder / "metrics.png", by, f"{config.name}: main metrics over time")
    figures.append(
        Figure(
            "metrics.png",
            "Main metrics over time",
            "Employment, discovery, weak-tie leads and news diversity (origin communities of "
            f"the leads heard in the last {config.metrics.diversity_window} steps; runs stored "
            "before it existed show the cumulative information diversity instead) (and, when "
            "ties change, the weak ties present and their mean strength) at every step, "
            "one line per sweep point (mean over replicates, lightly smoothed); the final "
            f"window summarised above is the last {config.sweep.window:.0%} of the steps.",
        )
    )
    return figures
