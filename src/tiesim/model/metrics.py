"""Per-step metrics, computed the same way for both engines from plain counts and arrays.

Each engine fills a :class:`StepTally` at the end of a step; :func:`step_metrics` turns it into
one row of the metrics table.  Keeping the arithmetic here, in one place, is what makes the two
engines' tables identical to the last bit.  Definitions are in README.md ("Metrics").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tiesim.model.leads import Channel

CHANNELS = tuple(c.label for c in Channel)

METRIC_COLUMNS = (
    "step",
    "employment_rate",
    "unemployed",
    *(f"leads_{c}" for c in CHANNELS),
    "opportunity_discovery",
    "time_to_first_lead",
    *(f"hires_{c}" for c in CHANNELS),
    "hires",
    "job_losses",
    "unemployment_duration",
    "trend_items",
    "trend_reach",
    "trend_communities",
    "trend_time_to_half",
    "information_diversity",
    "employment_inequality",
)


@dataclass
class StepTally:
    """What happened in one step, counted by an engine (plain counts, no per-agent lists)."""

    step: int
    employed_by_community: np.ndarray  # employed agents per community, end of the step
    community_size: np.ndarray  # agents per community (``np.bincount(community)``)
    looking: int  # agents unemployed at the start of the step
    discovered: int  # of those, how many heard of at least one opening this step
    leads_heard: list[int]  # receptions by Channel value
    hires: list[int]  # hires by Channel value
    spell_total: int  # summed unemployment spells ended by this step's hires
    job_losses: int = 0
    first_lead_delay_total: int = 0  # summed delays to the first lead of a spell, this step
    first_lead_count: int = 0  # number of such first leads
    trend_items: int = 0  # items followed
    trend_adopters_total: int = 0  # adopters summed over followed items
    trend_communities_total: int = 0  # communities reached summed over followed items
    half_time_total: int = 0  # summed time to half of every item that reached 50 % so far
    half_time_count: int = 0
    origins_heard_total: int = 0  # sum over agents of distinct origin communities heard


def employed_by_community(employed: np.ndarray, community: np.ndarray, size: int) -> np.ndarray:
    """Number of employed agents in each of ``size`` communities."""
    return np.bincount(community[employed], minlength=size)


def _mean(total: float, count: int) -> float:
    return float(total) / count if count else float("nan")


def step_metrics(t: StepTally) -> dict[str, float]:
    """One row of the metrics table (see ``METRIC_COLUMNS``)."""
    n = int(t.community_size.sum())
    employed = int(t.employed_by_community.sum())
    rates = t.employed_by_community / t.community_size
    row: dict[str, float] = {
        "step": t.step,
        "employment_rate": employed / n,
        "unemployed": n - employed,
    }
    for c in Channel:
        row[f"leads_{c.label}"] = t.leads_heard[c] / n
    row["opportunity_discovery"] = _mean(t.discovered, t.looking)
    row["time_to_first_lead"] = _mean(t.first_lead_delay_total, t.first_lead_count)
    for c in Channel:
        row[f"hires_{c.label}"] = t.hires[c]
    hires = sum(t.hires)
    row["hires"] = hires
    row["job_losses"] = t.job_losses
    row["unemployment_duration"] = _mean(t.spell_total, hires)
    items = t.trend_items
    row["trend_items"] = items
    row["trend_reach"] = _mean(t.trend_adopters_total, items * n)
    row["trend_communities"] = _mean(t.trend_communities_total, items)
    row["trend_time_to_half"] = _mean(t.half_time_total, t.half_time_count)
    row["information_diversity"] = t.origins_heard_total / n
    row["employment_inequality"] = float(np.std(rates))
    return row
