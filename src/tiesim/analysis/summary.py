"""From per-step tables to numbers you can report: run summaries and sweep-point statistics.

A run is summarised over its **final window** (the last ``window`` share of its steps, by default
the last quarter), once the model has forgotten its initial state.  Sweep points are summarised
across replicates by mean, standard deviation and a 95 % confidence interval of the mean
(Student's t with ``replicates − 1`` degrees of freedom).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

WINDOW_METRICS = (
    "employment_rate",
    "opportunity_discovery",
    "leads_direct",
    "leads_strong",
    "leads_weak",
    "time_to_first_lead",
    "unemployment_duration",
    "trend_reach",
    "trend_communities",
    "information_diversity",
    "employment_inequality",
)

SUMMARY_METRICS = (
    *WINDOW_METRICS,
    "weak_share_of_contact_hires",
    "contact_share_of_hires",
    "trend_time_to_half",
)


def run_summary(metrics: pd.DataFrame, window: float = 0.25) -> dict[str, float]:
    """One run's figures: final-window means, hire shares, and time to 50 % trend reach.

    ``weak_share_of_contact_hires`` = weak-tie hires / (strong + weak-tie hires) and
    ``contact_share_of_hires`` = (strong + weak) / all hires, both over the final window.
    """
    steps = len(metrics)
    tail = metrics.iloc[steps - max(1, round(steps * window)) :]
    out = {name: _nanmean(tail[name]) for name in WINDOW_METRICS}
    strong, weak, direct = (float(tail[f"hires_{c}"].sum()) for c in ("strong", "weak", "direct"))
    out["weak_share_of_contact_hires"] = weak / (strong + weak) if strong + weak else np.nan
    total = strong + weak + direct
    out["contact_share_of_hires"] = (strong + weak) / total if total else np.nan
    out["trend_time_to_half"] = float(metrics["trend_time_to_half"].iloc[-1])
    return out


def _nanmean(values: pd.Series) -> float:
    values = values.to_numpy(dtype=float)
    values = values[~np.isnan(values)]
    return float(values.mean()) if values.size else np.nan


def mean_ci(values: np.ndarray, level: float = 0.95) -> tuple[float, float, float, float, int]:
    """Mean, sample standard deviation, and the ``level`` t-interval of the mean, ignoring NaN.

    Returns ``(mean, std, low, high, count)``; with one value the interval is NaN.
    """
    values = np.asarray(values, dtype=float)
    values = values[~np.isnan(values)]
    n = values.size
    if n == 0:
        return (np.nan, np.nan, np.nan, np.nan, 0)
    mean = float(values.mean())
    if n == 1:
        return (mean, np.nan, np.nan, np.nan, 1)
    std = float(values.std(ddof=1))
    half = float(stats.t.ppf(0.5 + level / 2, n - 1)) * std / np.sqrt(n)
    return (mean, std, mean - half, mean + half, n)


def point_summary(runs: pd.DataFrame, by: list[str], metrics=SUMMARY_METRICS) -> pd.DataFrame:
    """Per sweep point: ``<metric>_mean``, ``_std``, ``_ci_low``, ``_ci_high`` and ``n_runs``."""
    rows = []
    groups = runs.groupby(by, sort=False, dropna=False) if by else [((), runs)]
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        row = dict(zip(by, key, strict=True))
        row["n_runs"] = len(group)
        for name in metrics:
            mean, std, low, high, _ = mean_ci(group[name].to_numpy())
            row |= {
                f"{name}_mean": mean,
                f"{name}_std": std,
                f"{name}_ci_low": low,
                f"{name}_ci_high": high,
            }
        rows.append(row)
    return pd.DataFrame(rows)
