"""Standard figures, drawn with matplotlib's non-interactive Agg backend."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from tiesim.files import replacing

MAX_LEGEND = 12  # more sweep points than this: thin lines, no legend

PANELS = (
    ("employment_rate", "Employment rate"),
    (
        "opportunity_discovery",
        "Opportunity discovery\n(share of job seekers hearing of an opening)",
    ),
    ("leads_weak", "Leads heard over weak ties, per agent"),
    ("news_diversity", "News diversity (origin communities of\nthe leads heard in the last steps)"),
)
#: The last panel for runs stored before ``news_diversity`` existed.
CUMULATIVE_PANEL = (
    "information_diversity",
    "Information diversity, cumulative\n(origin communities heard since step 1)",
)
TIE_PANELS = (  # when ties change
    ("ties_weak", "Weak ties present"),
    ("strength_weak", "Mean strength of the weak ties"),
)


def plot_time_series(metrics: pd.DataFrame, path: Path, by: list[str], title: str) -> Path:
    """Main metrics against step, one line per sweep point (mean over replicates).

    Lines are smoothed with a rolling mean over 1/40 of the steps.
    """
    panels = PANELS if PANELS[-1][0] in metrics else (*PANELS[:-1], CUMULATIVE_PANEL)
    panels += TIE_PANELS if TIE_PANELS[0][0] in metrics else ()
    rows = len(panels) // 2
    fig, axes = plt.subplots(rows, 2, figsize=(11, 3.5 * rows), sharex=True, layout="constrained")
    groups = list(metrics.groupby(by, sort=False)) if by else [((), metrics)]
    many = len(groups) > MAX_LEGEND
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        label = (
            ", ".join(
                f"{p.split('.')[-1]}={v:g}" if isinstance(v, float) else f"{p}={v}"
                for p, v in zip(by, key, strict=True)
            )
            or None
        )
        mean = group.groupby("step")[[name for name, _ in panels]].mean()
        smooth = mean.rolling(max(1, len(mean) // 40), min_periods=1).mean()
        for ax, (name, _) in zip(axes.flat, panels, strict=True):
            ax.plot(smooth.index, smooth[name], label=label, lw=0.8 if many else 1.4)
    for ax, (_, heading) in zip(axes.flat, panels, strict=True):
        ax.set_title(heading, fontsize=10)
        ax.grid(alpha=0.3)
    for ax in axes[-1]:
        ax.set_xlabel("step")
    if by and not many:
        axes[0, 0].legend(fontsize=8, title="sweep point", title_fontsize=8)
    fig.suptitle(title)
    save_figure(fig, path, dpi=110)
    return path


def save_figure(fig: Figure, path: Path, dpi: int) -> None:
    """Save ``fig`` as a PNG at ``path`` whole (a symbolic link there is replaced), and close it."""
    try:
        with replacing(path) as tmp:
            fig.savefig(tmp, dpi=dpi, format="png")
    finally:
        plt.close(fig)
