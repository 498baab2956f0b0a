"""Which standard figures a results folder gets, drawn into it, each with a one-line caption."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tiesim.analysis.plots import FIGURE_FORMATS, StepMeans, plot_time_series
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
    """A drawn figure: the file the report shows (in the results folder), title and caption."""

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
    means: StepMeans,
    summary: pd.DataFrame,
    sobol: pd.DataFrame | None = None,
) -> list[Figure]:
    """Draw the standard figures of an experiment into ``folder`` and describe them.

    ``means`` holds the metrics' means per sweep point and step, grouped by the swept paths.
    Each figure is saved in every format of ``config.outputs.formats``; the report shows the
    PNG if there is one, else the SVG, else it links the PDF.
    """
    formats = config.outputs.formats
    shown = next(fmt for fmt in FIGURE_FORMATS if fmt in formats)
    figures = []
    x, hue = axes_of(config, summary)
    n = summary["n_runs"]
    reps = f"{n.min()}" if n.min() == n.max() else f"{n.min()}–{n.max()}"
    if x is not None:
        lines = f", one line per {', '.join(short(h) for h in hue)}" if hue else ""
        plot_metric(summary, x, HEADLINE, folder / f"{HEADLINE}.png", hue, formats=formats)
        figures.append(
            Figure(
                f"{HEADLINE}.{shown}",
                f"Opportunity discovery against {short(x)}",
                f"The share of job seekers who hear of at least one opening in a step, averaged "
                f"over the final window, against {short(x)}{lines}; dots are means over {reps} "
                f"replicates and the band is the 95 % confidence interval of the mean.",
            )
        )
        plot_metric_grid(summary, x, folder / "summary_metrics.png", hue, formats=formats)
        figures.append(
            Figure(
                f"summary_metrics.{shown}",
                f"Every key metric against {short(x)}",
                f"Each panel is one final-window summary metric against {short(x)}, with the "
                f"same means and 95 % confidence bands; time-to-event metrics are in steps.",
            )
        )
        plot_hires_by_channel(summary, x, folder / "hires_by_channel.png", hue, formats=formats)
        figures.append(
            Figure(
                f"hires_by_channel.{shown}",
                f"Hires by channel against {short(x)}",
                "Hires per step in the final window, stacked by how the hired person heard of "
                "the job: directly from the market, through a strong tie, or through a weak tie.",
            )
        )
    sampled = config.sweep.paths() if config.sweep.sample is not None else []
    if sampled:
        plot_sample_scatter(
            summary, sampled, HEADLINE, folder / "sample_scatter.png", formats=formats
        )
        figures.append(
            Figure(
                f"sample_scatter.{shown}",
                "Opportunity discovery at each sampled point",
                "Each dot is one point of the sample design (mean over its replicates), plotted "
                "against each sampled parameter in turn; a clear trend means a strong effect.",
            )
        )
    if sobol is not None and len(sobol):
        plot_sobol(sobol, folder / "sobol.png", formats=formats)
        figures.append(
            Figure(
                f"sobol.{shown}",
                "Sobol sensitivity indices",
                "For each metric, the share of its variance over the design explained by each "
                "parameter alone (first order) and with all its interactions (total), with "
                "bootstrap 95 % confidence intervals.",
            )
        )
    title = f"{config.name}: main metrics over time"
    plot_time_series(means, folder / "metrics.png", len(summary) > 1, title, formats)
    figures.append(
        Figure(
            f"metrics.{shown}",
            "Main metrics over time",
            "Employment, discovery, weak-tie leads and news diversity (origin communities of "
            f"the leads heard in the last {config.metrics.diversity_window} steps; runs stored "
            "before it existed show the cumulative information diversity instead) (and, when "
            "ties change, the weak ties present and their mean strength) at every step, "
            "one line per sweep point (mean over replicates, lightly smoothed); the final "
            f"window summarised above is the last {config.sweep.window:.0%} of the steps.",
        )
    )
    _remove_other_formats(folder, [figure.file for figure in figures], formats)
    return figures


def _remove_other_formats(folder: Path, files: list[str], formats: tuple[str, ...]) -> None:
    """Remove the results folder's copies of these figures in formats no longer asked for."""
    for name in files:
        for fmt in FIGURE_FORMATS:
            if fmt not in formats:
                (folder / name).with_suffix(f".{fmt}").unlink(missing_ok=True)
