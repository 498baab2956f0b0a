"""Paired differences: two strategies within the same runs, two sweep values with the same seeds.

A run measures every strategy (and every recommendation arm) among the same people, openings
and random numbers, and replicate ``r`` of every sweep point runs with the same seed
(:mod:`tiesim.runner.plan`).  A difference taken within such a pair, then averaged over the
pairs, leaves out what the pair shares, so its confidence interval is often narrower than the
two means' intervals suggest (README, "Sweeps").  Both tables have the columns of a summary
table (``<name>_mean``, ``<name>_ci_low``, ``<name>_ci_high``, ``<name>_n``), and
:func:`difference_cells` formats them for the report.

>>> runs = pd.DataFrame({
...     "point": [0, 0, 1, 1], "seed": [5, 6, 5, 6], "x": [0.0, 0.0, 1.0, 1.0],
...     "employment_rate": [0.90, 0.92, 0.93, 0.94],
... })
>>> table = value_differences(runs, ["x"], ["employment_rate"])["x"]
>>> table[["x", "employment_rate_mean", "employment_rate_n"]].round(3).to_dict("records")
[{'x': 1.0, 'employment_rate_mean': 0.025, 'employment_rate_n': 2}]
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd

from tiesim.analysis.summary import mean_ci
from tiesim.config.networking import RANKINGS, STRATEGIES

#: The strategy others are compared with, when present.
REFERENCE = "homebody"


def _label(name: str) -> str:
    return name.replace("_", " ")


def _add_interval(row: dict, name: str, values: np.ndarray) -> None:
    mean, _, low, high, count = mean_ci(values)
    row |= {f"{name}_mean": mean, f"{name}_ci_low": low, f"{name}_ci_high": high}
    row[f"{name}_n"] = count


def difference_cells(table: pd.DataFrame, name: str) -> list[str]:
    """Column ``name`` of a paired table as signed ``mean ± half-width`` cells.

    One number of decimals for the column, enough for two significant digits of its typical
    (median) half-width, or of its means when no half-width is above 0: differences are small
    numbers whose size the interval sets (``+0.0055 ± 0.0014``, ``+2.7 ± 0.7``,
    ``+633 ± 244``).  ``n/a`` where there is no mean.
    """
    means = table[f"{name}_mean"].to_numpy(np.float64)
    halves = table[f"{name}_ci_high"].to_numpy(np.float64) - means
    typical = halves[np.isfinite(halves) & (halves > 0)]
    if not len(typical):  # one pair, or no spread: two significant digits of the means
        typical = np.abs(means[np.isfinite(means) & (means != 0)])
    size = float(np.median(typical)) if len(typical) else 1.0
    decimals = int(np.clip(1 - np.floor(np.log10(size)), 0, 8))
    cells = []
    for mean, half in zip(means, halves, strict=True):
        if np.isnan(mean):
            cells.append("n/a")
            continue
        text = f"{mean:+.{decimals}f}"
        text = text if float(text) != 0 else f"{0:.{decimals}f}"  # not -0.000
        cells.append(text if np.isnan(half) else f"{text} ± {half:.{decimals}f}")
    return cells


def varies(table: pd.DataFrame, name: str) -> bool:
    """Whether column ``name`` of a paired table has any difference other than exactly 0."""
    values = table[[f"{name}_mean", f"{name}_ci_low", f"{name}_ci_high"]].to_numpy(np.float64)
    return bool(np.any(values[np.isfinite(values)] != 0))


def group_differences(
    runs: pd.DataFrame, swept: Sequence[str]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Per sweep point, differences between strategies and between arms within each run.

    For each strategy ``s`` with results, other than the reference (``homebody`` when it has
    results, else the first strategy that does): ``sooner_<s>``, the reference's mean
    unemployment spell minus ``s``'s (steps; positive: ``s`` finds work sooner), and
    ``employed_<s>``, ``s``'s share employed at the end minus the reference's.  For each two
    recommendation arms ``a``, ``b`` (in ``RANKINGS`` order): ``employed_<a>_vs_<b>``.  Returns
    the table (one row per point: ``point``, the swept values, then the intervals) and each
    difference's title; both empty when the runs compare fewer than two strategies or arms.
    """
    names: dict[str, str] = {}
    strategies = [s for s in STRATEGIES if runs.get(f"spell_{s}", pd.Series()).notna().any()]
    if len(strategies) > 1:
        reference = REFERENCE if REFERENCE in strategies else strategies[0]
        for s in strategies:
            if s != reference:
                names[f"sooner_{s}"] = (
                    f"{_label(s)}: spell shorter than {_label(reference)}'s by (steps)"
                )
                names[f"employed_{s}"] = f"{_label(s)} − {_label(reference)}: employed at end"
    arms = [a for a in RANKINGS if runs.get(f"employed_arm_{a}", pd.Series()).notna().any()]
    for a, b in combinations(arms, 2):
        names[f"employed_{a}_vs_{b}"] = f"arm {_label(a)} − arm {_label(b)}: employed at end"
    if not names:
        return pd.DataFrame(), names
    rows = []
    for point, group in runs.groupby("point", sort=True):
        row = {"point": point, **{p: group[p].iloc[0] for p in swept}}
        for name in names:
            if name.startswith("sooner_"):
                s = name.removeprefix("sooner_")
                values = group[f"spell_{reference}"] - group[f"spell_{s}"]
            elif "_vs_" in name:
                a, b = name.removeprefix("employed_").split("_vs_")
                values = group[f"employed_arm_{a}"] - group[f"employed_arm_{b}"]
            else:
                s = name.removeprefix("employed_")
                values = group[f"employed_{s}"] - group[f"employed_{reference}"]
            _add_interval(row, name, values.to_numpy(float))
        rows.append(row)
    return pd.DataFrame(rows), names


def value_differences(
    runs: pd.DataFrame,
    swept: Sequence[str],
    metrics: list[str],
    paths: Sequence[str] | None = None,
) -> dict[str, pd.DataFrame]:
    """For each swept path, each of its values minus its first, the other paths held, same seed.

    ``paths``: the swept paths to compare (default: all of ``swept``); every swept path is
    held.  The first value of a path is the one of the lowest-numbered point (the grid's
    first).  A row per other value and combination of the other paths' values: those values,
    ``pairs`` (the seeds that finished at both values; a metric undefined in some runs has
    fewer, its ``_n``), then an interval per metric.  Rows without pairs are left out, and
    paths with one value or with no pair at all.
    """
    out: dict[str, pd.DataFrame] = {}
    ordered = runs.sort_values(["point", "seed"], kind="stable")
    for path in swept if paths is None else paths:
        values = list(dict.fromkeys(ordered[path]))
        if len(values) < 2:
            continue
        others = [p for p in swept if p != path]
        keys = [*others, "seed"]
        by_value = {
            value: ordered[ordered[path] == value].drop_duplicates(keys).set_index(keys)[metrics]
            for value in values
        }
        first = by_value[values[0]]
        gaps = {}  # each value minus the first, on the (others, seed) run at both
        for value in values[1:]:
            both = by_value[value].index.intersection(first.index)
            gaps[value] = by_value[value].loc[both] - first.loc[both]
        held = list(dict.fromkeys(ordered[others].itertuples(index=False, name=None)))
        rows = []
        for at in held:  # the other paths' values, in grid order; then this path's values
            for value in values[1:]:
                gap = gaps[value]
                for level, held_value in zip(others, at, strict=True):
                    gap = gap[gap.index.get_level_values(level) == held_value]
                if not len(gap):  # no seed finished at both values (failed runs)
                    continue
                row = {**dict(zip(others, at, strict=True)), path: value, "pairs": len(gap)}
                for metric in metrics:
                    _add_interval(row, metric, gap[metric].to_numpy(float))
                rows.append(row)
        if rows:  # else no seed finished at two of its values
            out[path] = pd.DataFrame(rows)
    return out
