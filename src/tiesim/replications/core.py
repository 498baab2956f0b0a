"""What a replication reports: a quantity, the published value, the model's estimate, a verdict.

Every row of a replication's table compares one :class:`Quantity` with the model's
:class:`Estimate` (a value and its 95 % confidence interval) under the quantity's rule:

* :class:`Within` — the paper gives a number.  **Reproduced** when the model's interval comes
  within ``tolerance`` of it, **qualitatively** within ``loose``, **not reproduced** otherwise.
* :class:`Side` — the paper makes a claim of direction ("rises", "falls", "below a half").  The
  model's statistic must lie on the stated side of a threshold: **reproduced** when the whole
  interval does, **qualitatively** when the value does but the interval straddles the
  threshold, **not reproduced** when the value lies on the other side.

A wider interval (fewer runs, as with ``--quick``) makes :class:`Within` easier to meet and
:class:`Side` harder; each replication's page says how its quick verdicts differ.  The
tolerances themselves, and why, are on the pages (``experiments/replications/NAME.md``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING

import numpy as np

from tiesim.analysis.summary import mean_ci
from tiesim.analysis.transmission import wilson

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure


#: Rounding slack in comparisons with a tolerance (0.55 - 0.5 is 0.05000000000000004).
SLACK = 1e-12


class Verdict(StrEnum):
    """How well the model reproduces one published quantity."""

    REPRODUCED = "reproduced"
    QUALITATIVELY = "qualitatively"
    NOT = "not reproduced"


@dataclass(frozen=True)
class Estimate:
    """The model's value of a quantity with its 95 % confidence interval (NaN: none)."""

    value: float
    low: float = math.nan
    high: float = math.nan

    @classmethod
    def of(cls, values) -> Estimate:
        """Mean of independent replicate values with its Student-t 95 % interval.

        Examples
        --------
        >>> Estimate.of([1.0, 2.0, 3.0]).text("{:.2f}")
        '2.00 [-0.48, 4.48]'
        """
        mean, _, low, high, _ = mean_ci(np.asarray(values, dtype=float))
        return cls(mean, low, high)

    @classmethod
    def proportion(cls, hits: int, count: int) -> Estimate:
        """A share ``hits / count`` with its Wilson 95 % interval."""
        low, high = wilson(hits, count)
        return cls(hits / count if count else math.nan, low, high)

    @property
    def has_interval(self) -> bool:
        """Whether the interval is known."""
        return not (math.isnan(self.low) or math.isnan(self.high))

    def text(self, fmt: str = "{:.3f}") -> str:
        """``value [low, high]``, or ``n/a`` when the model gave no value."""
        if math.isnan(self.value):
            return "n/a"
        if not self.has_interval:
            return fmt.format(self.value)
        return f"{fmt.format(self.value)} [{fmt.format(self.low)}, {fmt.format(self.high)}]"


@dataclass(frozen=True)
class Within:
    """The model's interval must come within ``tolerance`` of a published number.

    ``loose`` (at least ``tolerance``) is the distance that still counts as qualitatively
    reproduced; equal to ``tolerance``, there is no such band.
    """

    tolerance: float
    loose: float | None = None

    def __post_init__(self) -> None:
        if not self.tolerance >= 0 or (self.loose is not None and not self.loose >= self.tolerance):
            raise ValueError(
                f"Within needs 0 <= tolerance <= loose (got {self.tolerance}, {self.loose})"
            )

    def judge(self, published: float | str, estimate: Estimate) -> Verdict:
        """The verdict for ``estimate`` against the number ``published``.

        Examples
        --------
        >>> rule = Within(0.05, loose=0.15)
        >>> rule.judge(0.5, Estimate(0.53, 0.52, 0.54)), rule.judge(0.5, Estimate(0.7, 0.6, 0.8))
        (<Verdict.REPRODUCED: 'reproduced'>, <Verdict.QUALITATIVELY: 'qualitatively'>)
        """
        if isinstance(published, str):
            raise TypeError("Within compares the model with a published number, not a claim")
        if math.isnan(estimate.value):
            return Verdict.NOT
        low, high = (
            (estimate.low, estimate.high) if estimate.has_interval else (estimate.value,) * 2
        )
        distance = (
            0.0 if low <= published <= high else min(abs(published - low), abs(published - high))
        )
        if distance <= self.tolerance + SLACK:
            return Verdict.REPRODUCED
        if self.loose is not None and distance <= self.loose + SLACK:
            return Verdict.QUALITATIVELY
        return Verdict.NOT

    def describe(self, fmt: str = "{:g}") -> str:
        """The rule in a few words, e.g. ``±0.05 (qualitatively ±0.15)``."""
        text = f"±{fmt.format(self.tolerance)}"
        if self.loose is not None and self.loose > self.tolerance:
            text += f" (qualitatively ±{fmt.format(self.loose)})"
        return text


@dataclass(frozen=True)
class Side:
    """The model's statistic must lie above (or below) ``threshold``, as the paper claims."""

    threshold: float = 0.0
    above: bool = True

    def judge(self, published: float | str, estimate: Estimate) -> Verdict:
        """The verdict for ``estimate`` (``published`` is the claim, for the table only).

        Examples
        --------
        >>> Side().judge("rises", Estimate(0.2, 0.1, 0.3))
        <Verdict.REPRODUCED: 'reproduced'>
        >>> Side().judge("rises", Estimate(0.2, -0.1, 0.5))
        <Verdict.QUALITATIVELY: 'qualitatively'>
        >>> Side(0.5, above=False).judge("< 0.5", Estimate(0.7, 0.6, 0.8))
        <Verdict.NOT: 'not reproduced'>
        """
        if math.isnan(estimate.value):
            return Verdict.NOT
        sign = 1.0 if self.above else -1.0

        def beyond(x: float) -> bool:
            return sign * (x - self.threshold) > 0

        if not beyond(estimate.value):
            return Verdict.NOT
        if estimate.has_interval and beyond(estimate.low) and beyond(estimate.high):
            return Verdict.REPRODUCED
        return Verdict.QUALITATIVELY

    def describe(self, fmt: str = "{:g}") -> str:
        """The rule in a few words, e.g. ``CI > 0``."""
        return f"CI {'>' if self.above else '<'} {fmt.format(self.threshold)}"


Rule = Within | Side


@dataclass(frozen=True)
class Quantity:
    """One published result: what is measured, the paper's value or claim, where it is printed.

    Parameters
    ----------
    name : str
        What is measured, in words (the table's first column).
    published : float or str
        The paper's number (for :class:`Within`) or its claim in words (for :class:`Side`).
    source : str
        Where: paper, and table, figure or page.
    rule : Within or Side
        How the model's estimate is judged against it.
    fmt : str
        How values of this quantity are printed.
    """

    name: str
    published: float | str
    source: str
    rule: Rule
    fmt: str = "{:.3f}"

    def __post_init__(self) -> None:
        if isinstance(self.rule, Within) and isinstance(self.published, str):
            raise TypeError(f"{self.name}: a Within rule needs a published number")

    @property
    def published_text(self) -> str:
        """The published value or claim as printed in the table."""
        if isinstance(self.published, str):
            return self.published
        return self.fmt.format(self.published)

    def row(self, estimate: Estimate) -> Row:
        """This quantity judged against the model's ``estimate``."""
        return Row(self, estimate, self.rule.judge(self.published, estimate))


@dataclass(frozen=True)
class Row:
    """One line of a replication's table."""

    quantity: Quantity
    model: Estimate
    verdict: Verdict

    def cells(self) -> dict[str, str]:
        """The row as the text table shows it."""
        q = self.quantity
        return {
            "quantity": q.name,
            "published": q.published_text,
            "source": q.source,
            "model [95% CI]": self.model.text(q.fmt),
            "rule": q.rule.describe(),
            "verdict": str(self.verdict),
        }


@dataclass
class Outcome:
    """What one replication produced: its rows, its figure and the numbers behind the figure.

    Attributes
    ----------
    name, title : str
        The registered name and a one-line title.
    setup : str
        What was run, in a sentence (sizes, runs, seeds).
    rows : list of Row
        One per published quantity.
    figure : matplotlib.figure.Figure
        The figure (saved as PNG, SVG and PDF).
    data : pandas.DataFrame
        The numbers drawn in the figure (saved as ``data.csv``).
    quick : bool
        Whether this was the small ``--quick`` version.
    """

    name: str
    title: str
    setup: str
    rows: list[Row]
    figure: Figure
    data: pd.DataFrame
    quick: bool = False
    notes: list[str] = field(default_factory=list)
