"""From per-step tables to numbers you can report: run summaries and sweep-point statistics.

A run is summarised over its **final window** (the last ``window`` share of its steps, by default
the last quarter), once the model has forgotten its initial state: final-window averages of the
per-step metrics, hire shares by channel, and the time-to-event metrics (steps from job loss to
the first lead, unemployment-spell length, steps for a trend item to reach half the agents).
Sweep points are summarised across replicates by mean, standard deviation and a 95 %
confidence interval of the mean (Student's t with ``replicates − 1`` degrees of freedom).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from tiesim.model.metrics import TIE_METRIC_COLUMNS

WINDOW_METRICS = (
    "employment_rate",
    "opportunity_discovery",
    "leads_direct",
    "leads_strong",
    "leads_weak",
    "hires_direct",
    "hires_strong",
    "hires_weak",
    "time_to_first_lead",
    "unemployment_duration",
    "trend_reach",
    "trend_communities",
    "information_diversity",
    "employment_inequality",
)

#: Final-window means of the tie columns, in runs whose ties change (``ties`` section).
TIE_WINDOW_METRICS = TIE_METRIC_COLUMNS

#: Shown beside the key results (printed summary, report) when ties change.
TIE_KEY_METRICS = (("ties_weak", "weak ties"), ("time_weak", "time on weak ties"))


def with_tie_metrics(
    metrics: tuple[tuple[str, str], ...], summary: pd.DataFrame
) -> tuple[tuple[str, str], ...]:
    """``metrics`` (name, title pairs), then the tie ones if ``summary`` has them (ties changed)."""
    return metrics + tuple(m for m in TIE_KEY_METRICS if f"{m[0]}_mean" in summary)


SUMMARY_METRICS = (
    *WINDOW_METRICS,
    "weak_share_of_contact_hires",
    "contact_share_of_hires",
    "trend_time_to_half",
    *TIE_WINDOW_METRICS,
)

METRIC_LABELS = {
    "employment_rate": "employment rate",
    "opportunity_discovery": "opportunity discovery (share of job seekers hearing of an opening)",
    "leads_direct": "leads heard directly, per agent per step",
    "leads_strong": "leads heard over strong ties, per agent per step",
    "leads_weak": "leads heard over weak ties, per agent per step",
    "hires_direct": "hires through the market, per step",
    "hires_strong": "hires through a strong tie, per step",
    "hires_weak": "hires through a weak tie, per step",
    "time_to_first_lead": "steps from job loss to the first lead (time to event)",
    "unemployment_duration": "length of unemployment spells ended by a hire (time to event)",
    "trend_reach": "trend reach (share of agents adopting an item)",
    "trend_communities": "communities a trend item reached",
    "information_diversity": "information diversity (distinct origin communities heard)",
    "employment_inequality": "between-community employment inequality (s.d. of rates)",
    "weak_share_of_contact_hires": "weak-tie share of the hires made through a contact",
    "contact_share_of_hires": "share of hires made through a contact",
    "trend_time_to_half": "steps for a trend item to reach half the agents (time to event)",
    "ties_strong": "strong ties present",
    "ties_weak": "weak ties present",
    "strength_strong": "mean strength of the strong ties",
    "strength_weak": "mean strength of the weak ties",
    "ties_formed": "ties formed, per step",
    "ties_promoted": "weak ties turned strong, per step",
    "ties_demoted": "strong ties turned weak, per step",
    "ties_dissolved": "ties dissolved, per step",
    "checkins_strong": "check-ins on strong ties, per step",
    "checkins_weak": "check-ins on weak ties, per step",
    "time_strong": "time spent on strong-tie check-ins, per agent per step",
    "time_weak": "time spent on weak-tie check-ins, per agent per step",
}


def run_summary(metrics: pd.DataFrame, window: float = 0.25) -> dict[str, float]:
    """One run's figures: final-window means, hire shares, and time to 50 % trend reach.

    ``weak_share_of_contact_hires`` = weak-tie hires / (strong + weak-tie hires) and
    ``contact_share_of_hires`` = (strong + weak) / all hires, both over the final window.
    Runs whose ties change also get the final-window means of the tie columns.
    """
    steps = len(metrics)
    tail = metrics.iloc[steps - max(1, round(steps * window)) :]
    names = [*WINDOW_METRICS, *(m for m in TIE_WINDOW_METRICS if m in metrics)]
    out = {name: _nanmean(tail[name]) for name in names}
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


def point_summary(
    runs: pd.DataFrame, by: list[str], metrics: tuple[str, ...] = SUMMARY_METRICS
) -> pd.DataFrame:
    """Per sweep point: ``<metric>_mean``, ``_std``, ``_ci_low``, ``_ci_high`` and ``n_runs``.

    Points appear in the order of their first run in ``runs``; metrics missing from ``runs``
    are skipped.

    Examples
    --------
    >>> runs = pd.DataFrame({"x": [0, 0, 0, 0], "y": [1.0, 2.0, 3.0, 4.0]})
    >>> row = point_summary(runs, ["x"], ("y",)).iloc[0]
    >>> [round(float(row[c]), 5) for c in ("y_mean", "y_std", "y_ci_low", "y_ci_high")]
    [2.5, 1.29099, 0.44574, 4.55426]
    """
    rows = []
    groups = runs.groupby(by, sort=False, dropna=False) if by else [((), runs)]
    for key, group in groups:
        key = key if isinstance(key, tuple) else (key,)
        row = dict(zip(by, key, strict=True))
        row["n_runs"] = len(group)
        for name in (m for m in metrics if m in group):
            mean, std, low, high, _ = mean_ci(group[name].to_numpy())
            row |= {
                f"{name}_mean": mean,
                f"{name}_std": std,
                f"{name}_ci_low": low,
                f"{name}_ci_high": high,
            }
        rows.append(row)
    return pd.DataFrame(rows)
