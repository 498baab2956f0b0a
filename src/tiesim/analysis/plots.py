"""Standard figures, drawn with matplotlib's non-interactive Agg backend."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd
import pyarrow as pa
from matplotlib.figure import Figure

from tiesim.config.mechanisms import FIGURE_FORMATS as FORMATS
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


class StepMeans:
    """Means of the time-series panels per sweep point and step, added up one run at a time.

    A sweep's figures need only these means, so its metrics tables are never held together:
    :meth:`add` each run's metrics (or all of them at once), then :meth:`groups`.

    Parameters
    ----------
    by : sequence of str
        The columns (swept parameter paths) whose values tell the sweep points apart.
    """

    def __init__(self, by: Sequence[str]) -> None:
        self.by = list(by)
        self._sums: dict[tuple, pd.DataFrame] = {}
        self._counts: dict[tuple, pd.DataFrame] = {}

    def add(self, metrics: pd.DataFrame | pa.Table) -> None:
        """Add the rows of one or more runs' metrics tables."""
        frame = metrics.to_pandas() if isinstance(metrics, pa.Table) else metrics
        if not len(frame):
            return
        columns = [name for name, _ in (*PANELS, CUMULATIVE_PANEL, *TIE_PANELS) if name in frame]
        groups = frame.groupby(self.by, sort=False) if self.by else [((), frame)]
        for key, group in groups:
            key = key if isinstance(key, tuple) else (key,)
            steps = group.groupby("step")[columns]
            sums, counts = steps.sum(), steps.count()
            if key in self._sums:
                sums = self._sums[key].add(sums, fill_value=0)
                counts = self._counts[key].add(counts, fill_value=0)
            self._sums[key], self._counts[key] = sums, counts

    def groups(self, split: bool = True) -> dict[tuple, pd.DataFrame]:
        """Mean per step (rows) and panel (columns) for each point's values, in order seen.

        With ``split=False`` every point is pooled into one group, keyed ``()``.
        """
        if split:
            return {k: self._sums[k] / self._counts[k] for k in self._sums}
        if not self._sums:
            return {}
        sums = pd.concat(self._sums.values()).groupby(level=0).sum()
        counts = pd.concat(self._counts.values()).groupby(level=0).sum()
        return {(): sums / counts}


def plot_time_series(
    means: StepMeans, path: Path, split: bool, title: str, formats: Sequence[str] = ("png",)
) -> Path:
    """Main metrics against step, one line per sweep point (mean over replicates).

    ``split=False`` draws one line pooling every point.  Lines are smoothed with a rolling
    mean over 1/40 of the steps.
    """
    groups = means.groups(split)
    present = set().union(*(g.columns for g in groups.values())) if groups else set()
    panels = PANELS if PANELS[-1][0] in present else (*PANELS[:-1], CUMULATIVE_PANEL)
    panels += TIE_PANELS if TIE_PANELS[0][0] in present else ()
    rows = len(panels) // 2
    fig, axes = plt.subplots(rows, 2, figsize=(11, 3.5 * rows), sharex=True, layout="constrained")
    by = means.by if split else []
    many = len(groups) > MAX_LEGEND
    for key, mean in groups.items():
        label = (
            ", ".join(
                f"{p.split('.')[-1]}={v:g}" if isinstance(v, float) else f"{p}={v}"
                for p, v in zip(by, key, strict=True)
            )
            or None
        )
        mean = mean.reindex(columns=[name for name, _ in panels])  # a point may lack tie panels
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
    save_figure(fig, path, dpi=110, formats=formats)
    return path


#: Formats a figure can be saved in (``outputs.formats``), each with the metadata that keeps the
#: file the same from one run to the next (no software version or date written into it).
FIGURE_FORMATS = dict(
    zip(FORMATS, ({"Software": None}, {"Date": None}, {"CreationDate": None}), strict=True)
)
#: Text stays text in the SVG (editable) and TrueType in the PDF; SVG ids do not vary by run.
SAVING = {"svg.fonttype": "none", "pdf.fonttype": 42, "svg.hashsalt": "tiesim"}


def save_figure(fig: Figure, path: Path, dpi: int, formats: Sequence[str] = ("png",)) -> None:
    """Save ``fig`` in each of ``formats``, as ``path`` with that format's suffix; close it.

    Each file is written whole (a symbolic link there is replaced).
    """
    try:
        for fmt in formats:
            with replacing(path.with_suffix(f".{fmt}")) as tmp, plt.rc_context(SAVING):
                fig.savefig(tmp, dpi=dpi, format=fmt, metadata=FIGURE_FORMATS[fmt])
    finally:
        plt.close(fig)
