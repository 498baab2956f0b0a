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

from tiesim.config.networking import RANKINGS, STRATEGIES
from tiesim.model.metrics import NETWORK_METRIC_COLUMNS, TIE_METRIC_COLUMNS

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
    "news_diversity",
    "trend_diversity",
    "employment_inequality",
)

#: Final-window means of the tie columns, in runs whose ties change (``ties`` section).
TIE_WINDOW_METRICS = TIE_METRIC_COLUMNS

#: The key results, with their short titles (the printed summary and the report's table).
KEY_METRICS = (
    ("employment_rate", "employment"),
    ("opportunity_discovery", "discovery"),
    ("time_to_first_lead", "steps to 1st lead"),
    ("weak_share_of_contact_hires", "weak share of contact hires"),
    ("news_diversity", "news diversity"),
)

#: Shown beside the key results (printed summary, report) when ties change.
TIE_KEY_METRICS = (("ties_weak", "weak ties"), ("time_weak", "time on weak ties"))


def interval_cells(summary: pd.DataFrame, metric: str) -> list[str]:
    """``metric``'s column of ``summary`` as ``mean ± half-width`` cells (printed, reported).

    One number of decimals for the whole column, from its largest mean: three below 10, one
    below 1,000, none above (counts of thousands of ties); a half-width that would round to
    zero shows its first significant digit instead.  ``n/a`` where there is no mean.
    """
    means = summary[f"{metric}_mean"].to_numpy(np.float64)
    highs = summary[f"{metric}_ci_high"].to_numpy(np.float64)
    finite = np.abs(means[np.isfinite(means)])
    largest = finite.max() if len(finite) else 0.0
    decimals = 3 if largest < 10 else 1 if largest < 1000 else 0
    cells = []
    for mean, high in zip(means, highs, strict=True):
        if np.isnan(mean):
            cells.append("n/a")
            continue
        text = f"{mean:.{decimals}f}"
        if not np.isnan(high):
            half, shown = high - mean, decimals
            if 0 < half < 0.5 * 10.0**-decimals:
                shown = min(decimals + 6, -int(np.floor(np.log10(half))))
            text += f" ± {half:.{shown}f}"
        cells.append(text)
    return cells


def with_mechanism_metrics(
    metrics: tuple[tuple[str, str], ...], summary: pd.DataFrame, step_days: float = 7.0
) -> tuple[tuple[str, str], ...]:
    """``metrics`` (name, title pairs), then those of the mechanisms ``summary`` shows on.

    Metrics ``summary`` lacks are left out.  Trend diversity when trends were on; the tie ones
    when ties changed (the time on weak ties when anyone checked in); with networking on, the
    employment of each strategy when there are several, and of each recommendation arm; with
    interviews, the interview share of hires, and, when a step (``step_days``) is short enough
    to tell "twice a week" (half a week or less), how often job finders saw the contact who
    told them (Granovetter's bins).
    """
    out = tuple(m for m in metrics if f"{m[0]}_mean" in summary)  # runs stored before a
    # metric existed lack it (news_diversity)
    if _shown(summary, "trend_reach") and "trend_diversity_mean" in summary:
        out += (("trend_diversity", "trend diversity"),)
    out += tuple(
        (name, title)
        for name, title in TIE_KEY_METRICS
        if f"{name}_mean" in summary and (name != "time_weak" or _spent(summary))
    )
    present = [s for s in STRATEGIES if _shown(summary, f"employed_{s}")]
    if len(present) > 1:
        out += tuple((f"employed_{s}", f"{s.replace('_', ' ')} employed") for s in present)
    out += tuple(
        (f"employed_arm_{arm}", f"employed, arm {arm}")
        for arm in RANKINGS
        if _shown(summary, f"employed_arm_{arm}")
    )
    asked = summary.get("hires_interview_mean")
    if asked is not None and (asked > 0).any():
        out += (("interview_share_of_hires", "interview share of hires"),)
    if asked is not None and step_days <= 3.5:
        out += tuple((f"contact_{b}_share", f"seen {b}") for b in FREQUENCY_BINS)
    return out


#: Contact-frequency bins of Granovetter (1974), as times a year the pair talk (README).
FREQUENCY_BINS = ("often", "occasionally", "rarely")

#: Run figures with ``networking`` on (README, "People who network"): final-window means of the
#: network columns, the interview share of hires, how often job finders saw the contact who
#: told them (Granovetter's bins), and outcomes by strategy.
NETWORK_SUMMARY_METRICS = (
    *NETWORK_METRIC_COLUMNS,
    "interview_share_of_hires",
    *(f"contact_{b}_share" for b in FREQUENCY_BINS),
    *(f"{m}_{s}" for s in STRATEGIES for m in ("employed", "hire_rate", "spell")),
    *(f"{m}_arm_{r}" for r in RANKINGS for m in ("employed", "hire_rate")),
)

SUMMARY_METRICS = (
    *WINDOW_METRICS,
    "weak_share_of_contact_hires",
    "contact_share_of_hires",
    "trend_time_to_half",
    *TIE_WINDOW_METRICS,
    *NETWORK_SUMMARY_METRICS,
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
    "information_diversity": "cumulative information diversity (distinct origin communities of "
    "the job leads and trend items an agent heard of since step 1; a running total)",
    "news_diversity": "news diversity (distinct origin communities of the job leads an agent "
    "heard in the last metrics.diversity_window steps)",
    "trend_diversity": "trend diversity (distinct origin communities of the trend items an "
    "agent first heard of in the last metrics.diversity_window steps)",
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
    "leads_interview": "leads heard from a contact one asked for an interview, per agent per step",
    "hires_interview": "hires through an informational interview, per step",
    "interviews": "informational interviews asked for, per step",
    "formed_event": "ties formed at events, per step",
    "formed_online": "ties formed from online recommendations, per step",
    "formed_activity": "ties formed in community activities, per step",
    "formed_introduction": "ties formed by introductions, per step",
    "formed_closure": "strong triads closed, per step",
    "interview_share_of_hires": "share of hires made through an informational interview",
    "contact_often_share": "contact hires over a tie talking at least twice a week",
    "contact_occasionally_share": "contact hires over a tie talking less than twice a week, "
    "more than once a year",
    "contact_rarely_share": "contact hires over a tie talking once a year or less",
    **{f"employed_{s}": f"share employed at the end, strategy {s}" for s in STRATEGIES},
    **{f"hire_rate_{s}": f"hires per person per step, strategy {s}" for s in STRATEGIES},
    **{f"spell_{s}": f"unemployment spell ended by a hire, strategy {s}" for s in STRATEGIES},
    **{f"employed_arm_{r}": f"share employed at the end, arm {r}" for r in RANKINGS},
    **{f"hire_rate_arm_{r}": f"hires per person per step, arm {r}" for r in RANKINGS},
}


def run_summary(
    metrics: pd.DataFrame,
    window: float = 0.25,
    *,
    hires: pd.DataFrame | None = None,
    agents: pd.DataFrame | None = None,
    step_days: float = 7.0,
) -> dict[str, float]:
    """One run's figures: final-window means, hire shares, and time to 50 % trend reach.

    ``weak_share_of_contact_hires`` = weak-tie hires / (strong + weak-tie hires) and
    ``contact_share_of_hires`` = (strong + weak) / all hires, both over the final window; with
    interviews, interview hires count as contact hires, and those whose lead came over a weak
    tie as weak-tie hires.  Runs whose ties change also get the final-window means of the tie
    columns; runs with networking on (their ``hires`` and ``agents`` tables given), the
    :data:`NETWORK_SUMMARY_METRICS` (see :func:`network_summary`; a step lasts ``step_days``).
    """
    steps = len(metrics)
    start = steps - max(1, round(steps * window))
    tail = metrics.iloc[start:]
    names = [*WINDOW_METRICS, *(m for m in TIE_WINDOW_METRICS if m in metrics)]
    out = {name: _nanmean(tail[name]) for name in names}
    strong, weak, direct = (float(tail[f"hires_{c}"].sum()) for c in ("strong", "weak", "direct"))
    asked = float(tail["hires_interview"].sum()) if "hires_interview" in tail else 0.0
    asked_weak = 0.0  # interview hires whose lead came over a weak tie
    if asked and hires is not None:
        window = hires[hires["step"] >= int(metrics["step"].iloc[start])]
        asked_weak = float(
            ((window["channel"] == "interview") & (window["tie_type"] == "weak")).sum()
        )
    contact = strong + weak + asked
    out["weak_share_of_contact_hires"] = (weak + asked_weak) / contact if contact else np.nan
    total = contact + direct
    out["contact_share_of_hires"] = contact / total if total else np.nan
    out["trend_time_to_half"] = float(metrics["trend_time_to_half"].iloc[-1])
    if "hires_interview" in metrics and hires is not None and agents is not None:
        first = int(metrics["step"].iloc[start])
        out |= {name: _nanmean(tail[name]) for name in NETWORK_METRIC_COLUMNS}
        out["interview_share_of_hires"] = asked / total if total else np.nan
        out |= network_summary(hires[hires["step"] >= first], agents, len(tail), step_days)
    return out


def _spent(summary: pd.DataFrame) -> bool:
    """Whether anyone spent time on check-ins (else the time columns are all zero)."""
    time = summary.filter(["time_strong_mean", "time_weak_mean"]).to_numpy()
    return bool(np.nan_to_num(time).any())


def _shown(summary: pd.DataFrame, metric: str) -> bool:
    column = f"{metric}_mean"
    return column in summary and bool(summary[column].notna().any())


def frequency_bin(contact_rate: np.ndarray, step_days: float) -> np.ndarray:
    """Granovetter's (1974) bin of ties talking with probability ``contact_rate`` per step.

    A pair talking ``rate / step_days`` times a day is seen ``often`` if that is at least twice
    a week, ``rarely`` if once a year (365 days) or less, else ``occasionally``.
    """
    rate = np.asarray(contact_rate, np.float64)
    often = rate * (7.0 / step_days) >= 2.0
    rarely = rate * (365.0 / step_days) <= 1.0
    return np.where(often, "often", np.where(rarely, "rarely", "occasionally"))


def network_summary(
    hires: pd.DataFrame, agents: pd.DataFrame, steps: int, step_days: float = 7.0
) -> dict[str, float]:
    """Contact-frequency shares and outcomes by strategy, from ``steps`` steps' ``hires``.

    ``contact_<bin>_share``: among hires through a contact (not direct), the share whose tie
    talked that often at hire (:func:`frequency_bin`).  Per strategy ``s``: ``employed_s``,
    the share of its agents employed at the end; ``hire_rate_s``, hires per agent of ``s``
    per step; ``spell_s``, the mean unemployment spell those hires ended.  NaN where a
    strategy has no agents or no hires.  With recommendation arms (``online.arms``: more than
    one ranking among the agents), ``employed_arm_r`` and ``hire_rate_arm_r`` per arm ``r``.
    """
    out: dict[str, float] = {}
    contact = hires[hires["channel"] != "direct"]
    bins = frequency_bin(contact["contact_rate"].to_numpy(float), step_days)
    for name in FREQUENCY_BINS:
        out[f"contact_{name}_share"] = float(np.mean(bins == name)) if len(bins) else np.nan
    for strategy in STRATEGIES:
        mine = agents[agents["strategy"] == strategy]
        theirs = hires[hires["strategy"] == strategy]
        count = len(mine)
        out[f"employed_{strategy}"] = float(mine["employed"].mean()) if count else np.nan
        out[f"hire_rate_{strategy}"] = len(theirs) / (count * steps) if count else np.nan
        spells = theirs["unemployment_spell"].to_numpy(float)
        out[f"spell_{strategy}"] = float(spells.mean()) if len(spells) else np.nan
    if agents["arm"].nunique() > 1:
        arm_of = agents.set_index("agent")["arm"]
        hired_arm = arm_of.reindex(hires["agent"]).to_numpy()
        for arm in RANKINGS:
            mine = agents["arm"] == arm
            count = int(mine.sum())
            out[f"employed_arm_{arm}"] = float(agents["employed"][mine].mean()) if count else np.nan
            hired = int((hired_arm == arm).sum())
            out[f"hire_rate_arm_{arm}"] = hired / (count * steps) if count else np.nan
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
