"""The demo's live plots: one matplotlib figure of three panels, extended in place each step.

:class:`LivePlots` draws the panels once and, at each :meth:`~LivePlots.update`, appends the
steps it has not shown yet (no pyplot, so it is safe in the server's threads):

* **Jobs**: the employment rate, and opportunity discovery (share of job seekers hearing of an
  opening, as a moving average);
* **Hires so far, by channel**: cumulative hires heard directly, over a strong tie, over a weak
  tie, and, when job seekers ask for informational interviews, from a contact they asked
  (:func:`hires_table`; runs without interviews show only the first three);
* **Trends**: one line per trend item, the share of people who adopted it since it started.
  (A mean over the items followed now would drop each time a new item starts at one adopter,
  which reads as "trends are dying"; one line per item shows each one growing.)

When the model cut its weak (or strong) ties, a grey dotted line marks the step.  Colours are
those of :mod:`tiesim.analysis.palette`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from tiesim.analysis.palette import CHANNEL_COLOURS_WITH_INTERVIEWS, EMPLOYED, LOOKING, TREND
from tiesim.app.raster import Blitter
from tiesim.app.state import TrendHistory

CHANNELS = ("direct", "strong", "weak")  #: the channels of every run
INTERVIEW = "interview"  #: the channel of runs whose job seekers ask for interviews
LINESTYLES = {"weak": "--", INTERVIEW: "-."}  # the others solid
#: The classroom's cut events (the model's attribute holding the step) and their labels.
CUTS = (("cut_weak_ties_at", "weak ties cut"), ("cut_strong_ties_at", "strong ties cut"))
SMOOTHING = 10  # steps in the moving average of opportunity discovery
TEXT_PX, TITLE_PX = 14, 15  # text sizes, in pixels of the rendered image
MIN_STEPS = 20  # the x axis shows at least this many steps
STEP_CHUNK = 50  # beyond that it grows 50 steps at a time (so the axes are redrawn rarely)
NICE = (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000, 50000)


def axis_end(steps: int) -> int:
    """Where the step axis ends: ``MIN_STEPS``, then the next multiple of ``STEP_CHUNK``."""
    return MIN_STEPS if steps <= MIN_STEPS else -(-steps // STEP_CHUNK) * STEP_CHUNK


def nice_top(value: float) -> float:
    """The smallest of 5, 10, 20, 50, 100, … above ``value`` with a little room to spare."""
    return float(next((n for n in NICE if n >= 1.1 * value), 1.1 * value))


def channels(model: Any) -> tuple[str, ...]:
    """The channels hires of ``model`` can come through: :data:`CHANNELS`, and interview."""
    networking = getattr(model, "networking", None)
    asks = networking is not None and networking.interviews_on
    return (*CHANNELS, INTERVIEW) if asks else CHANNELS


def hires_table(model: Any) -> pd.DataFrame:
    """Cumulative hires by channel after each step: one row per step, indexed by step."""
    metrics = model.metrics()
    return pd.DataFrame(
        {c: metrics[f"hires_{c}"].cumsum().to_numpy() for c in channels(model)},
        index=pd.Index(metrics.step.to_numpy(), name="step"),
    )


def moving_mean(values: np.ndarray, window: int) -> np.ndarray:
    """Trailing mean over up to ``window`` values, ignoring NaN (NaN where all are NaN)."""
    ok = ~np.isnan(values)
    sums = np.concatenate([[0.0], np.cumsum(np.where(ok, values, 0.0))])
    counts = np.concatenate([[0], np.cumsum(ok)])
    end = np.arange(1, len(values) + 1)
    start = np.maximum(end - window, 0)
    n = counts[end] - counts[start]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, (sums[end] - sums[start]) / np.maximum(n, 1), np.nan)


class LivePlots:
    """The three panels on one figure, updated in place.

    Parameters
    ----------
    model : DemoModel or a model of either engine
        Trend lines need ``model.trend_history`` (:class:`tiesim.app.state.TrendHistory`);
        without it the panel records reach from the steps it is shown.
    size : tuple of int, optional
        Width and height of the rendered image, in pixels.
    dpi : float, optional
        Pixels per inch.
    """

    def __init__(self, model: Any, *, size: tuple[int, int] = (420, 560), dpi: float = 100):
        width, height = size
        self.figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor="white")
        self.blitter = Blitter(self.figure)
        pt = 72.0 / dpi
        text, title = TEXT_PX * pt, TITLE_PX * pt
        left, right = 52 / width, 1 - 10 / width
        bottom, top, gap = 40 / height, 1 - 24 / height, 30 / height
        panel = (top - bottom - 2 * gap) / 3
        self.axes = []
        for k in range(3):
            low = top - (k + 1) * panel - k * gap
            ax = self.figure.add_axes((left, low, right - left, panel))
            ax.tick_params(labelsize=text, length=3, pad=2)
            ax.grid(alpha=0.3)
            self.axes.append(ax)
        jobs, hires, trends = self.axes
        for ax in (jobs, hires):
            ax.tick_params(labelbottom=False)
        trends.set_xlabel("step", fontsize=text, labelpad=1)

        jobs.set_title("Jobs: shares", fontsize=title, loc="left", pad=3)
        jobs.set_ylim(0, 1.02)
        (self.employment,) = jobs.plot(
            [], [], color=EMPLOYED, lw=2, label="employed", animated=True
        )
        (self.discovery,) = jobs.plot(
            [],
            [],
            color=LOOKING,
            lw=2,
            ls="--",
            label="seekers hearing of a job",
            animated=True,
        )
        self.legends = [
            jobs.legend(loc="center left", fontsize=text, frameon=False, borderaxespad=0.1)
        ]

        hires.set_title("Hires so far, by channel", fontsize=title, loc="left", pad=3)
        self.channels: tuple[str, ...] = ()  # those drawn, set by restart()
        self.hires: dict[str, Any] = {}
        self.legends.append(None)  # the hires legend, made with its lines

        trends.set_title("Trends: share adopting each", fontsize=title, loc="left", pad=3)
        trends.set_ylim(0, 1.02)
        self.trend_lines: dict[int, Any] = {}

        self._cut_artists: list[Any] = []
        self.restart(model)

    def restart(self, model: Any) -> None:
        """Show a new run ``model`` on the same panels (faster than building new ones)."""
        self.model = model
        self._draw_channels(channels(model))
        self.steps = np.empty(0, np.int64)
        self.columns: dict[str, np.ndarray] = {}
        for line in (self.employment, self.discovery, *self.hires.values()):
            line.set_data([], [])
        for artist in [*self.trend_lines.values(), *self._cut_artists]:
            artist.remove()
        self.trend_lines = {}
        self._own_history = TrendHistory()
        self._recorded_at: int | None = None
        self._cut_artists = []
        self.cuts_marked: tuple[str, ...] = ()  # the cuts (CUTS' attributes) marked so far
        self._limits: tuple[float, float] | None = None
        self.update(model)

    def _draw_channels(self, wanted: tuple[str, ...]) -> None:
        """One hires line per channel in ``wanted`` (adding or removing the interview line)."""
        if wanted == self.channels:
            return
        ax = self.axes[1]
        for channel in [c for c in self.hires if c not in wanted]:
            self.hires.pop(channel).remove()
        for channel in wanted:
            if channel not in self.hires:
                (self.hires[channel],) = ax.plot(
                    [],
                    [],
                    color=CHANNEL_COLOURS_WITH_INTERVIEWS[channel],
                    lw=2,
                    ls=LINESTYLES.get(channel, "-"),
                    label=channel,
                    animated=True,
                )
        self.hires = {c: self.hires[c] for c in wanted}
        if self.legends[1] is not None:
            self.legends[1].remove()
        text = TEXT_PX * 72.0 / self.figure.dpi
        self.legends[1] = ax.legend(
            loc="upper left", fontsize=text, frameon=False, borderaxespad=0.1
        )
        self.channels = wanted

    def update(self, model: Any) -> None:
        """Append the steps not shown yet, then rescale the axes."""
        new = model.metrics_rows[len(self.steps) :]  # the rows, not a whole new table
        if new:
            self.steps = np.concatenate([self.steps, [row["step"] for row in new]])
            for name in (
                "employment_rate",
                "opportunity_discovery",
                *(f"hires_{c}" for c in self.channels),
            ):
                old = self.columns.get(name, np.empty(0))
                self.columns[name] = np.concatenate([old, [float(row[name]) for row in new]])
        steps, col = self.steps, self.columns
        if len(steps):
            self.employment.set_data(steps, col["employment_rate"])
            self.discovery.set_data(steps, moving_mean(col["opportunity_discovery"], SMOOTHING))
            top = 0.0
            for c, line in self.hires.items():
                total = np.cumsum(col[f"hires_{c}"])
                line.set_data(steps, total)
                top = max(top, float(total[-1]))
        else:
            top = 0.0
        self._update_trends(model)
        self._mark_cut(model)
        limits = (axis_end(model.steps), nice_top(top))
        if limits != self._limits:
            self._limits = limits
            for ax in self.axes:
                ax.set_xlim(0, limits[0])
            self.axes[1].set_ylim(0, limits[1])

    def _update_trends(self, model: Any) -> None:
        history = getattr(model, "trend_history", None)
        if history is None:
            history = self._own_history
            if self._recorded_at != model.steps:  # once per step, however often drawn
                history.record(model)
                self._recorded_at = model.steps
        items = history.items
        newest = max(items, default=None)
        for item, (s, v) in items.items():
            line = self.trend_lines.get(item)
            if line is None:
                (line,) = self.axes[2].plot([], [], color=TREND, lw=1.5, alpha=0.8, animated=True)
                self.trend_lines[item] = line
            line.set_data(s, v)
            line.set_linewidth(2.6 if item == newest else 1.5)

    @property
    def cut_marked(self) -> bool:
        """Whether a cut (of the weak or of the strong ties) is marked."""
        return bool(self.cuts_marked)

    def _mark_cut(self, model: Any) -> None:
        for attribute, words in CUTS:
            cut = getattr(model, attribute, 0)
            if not cut or model.steps < cut or attribute in self.cuts_marked:
                continue
            for ax in self.axes:
                self._cut_artists.append(ax.axvline(cut, color="#777777", lw=1.2, ls=":"))
            # a second cut's label sits higher, so two cuts at nearby steps stay readable
            label = self.axes[0].text(
                cut,
                0.04 + 0.12 * len(self.cuts_marked),
                f" {words}",
                color="#555555",
                fontsize=TEXT_PX * 72.0 / self.figure.dpi,
            )
            self._cut_artists.append(label)
            self.cuts_marked = (*self.cuts_marked, attribute)

    @property
    def still_key(self) -> tuple:
        """What the still parts show: the axes' ranges, the cuts marked, the channels."""
        cuts = tuple((a, getattr(self.model, a, 0)) for a in self.cuts_marked)
        return (*self._limits, cuts, self.channels)

    @property
    def moving(self) -> list:
        """The artists redrawn at every frame: the lines (the rest is drawn when axes change)."""
        return [
            self.employment,
            self.discovery,
            *self.hires.values(),
            *self.trend_lines.values(),
        ]

    def png(self, compress_level: int = 1) -> bytes:
        """The panels now, as PNG bytes."""
        return self.blitter.png(self.moving, self.still_key, compress_level)

    def jpeg(self) -> bytes:
        """The panels now, as JPEG bytes (what the page shows: many times faster to make)."""
        return self.blitter.jpeg(self.moving, self.still_key)
