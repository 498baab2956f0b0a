"""Per-step metrics, computed the same way for both engines from plain counts and arrays.

Each engine fills a :class:`StepTally` at the end of a step; :func:`step_metrics` turns it into
one row of the metrics table.  Keeping the arithmetic here, in one place, is what makes the two
engines' tables identical to the last bit.  Definitions are in README.md ("Metrics").
"""

from __future__ import annotations

from dataclasses import dataclass, field

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
    """What happened in one step, counted by an engine."""

    step: int
    employed: np.ndarray  # bool per agent, at the end of the step
    community: np.ndarray  # int per agent
    looking: int  # agents unemployed at the start of the step
    discovered: int  # of those, how many heard of at least one opening this step
    leads_heard: list[int]  # receptions by Channel value
    hires: list[int]  # hires by Channel value
    spell_total: int  # summed unemployment spells ended by this step's hires
    job_losses: int = 0
    first_lead_delays: list[int] = field(default_factory=list)
    trend_adopters: list[int] = field(default_factory=list)  # per followed item
    trend_communities: list[int] = field(default_factory=list)  # per followed item
    half_times: list[int] = field(default_factory=list)  # every item that reached 50 % so far
    origins_heard_total: int = 0  # sum over agents of distinct origin communities heard


def _mean(total: float, count: int) -> float:
    return float(total) / count if count else float("nan")


def step_metrics(t: StepTally) -> dict[str, float]:
    """One row of the metrics table (see ``METRIC_COLUMNS``)."""
    n = len(t.employed)
    employed = int(np.count_nonzero(t.employed))
    rates = np.bincount(t.community, weights=t.employed, minlength=1) / np.bincount(t.community)
    row: dict[str, float] = {
        "step": t.step,
        "employment_rate": employed / n,
        "unemployed": n - employed,
    }
    for c in Channel:
        row[f"leads_{c.label}"] = t.leads_heard[c] / n
    row["opportunity_discovery"] = _mean(t.discovered, t.looking)
    row["time_to_first_lead"] = _mean(sum(t.first_lead_delays), len(t.first_lead_delays))
    for c in Channel:
        row[f"hires_{c.label}"] = t.hires[c]
    hires = sum(t.hires)
    row["hires"] = hires
    row["job_losses"] = t.job_losses
    row["unemployment_duration"] = _mean(t.spell_total, hires)
    items = len(t.trend_adopters)
    row["trend_items"] = items
    row["trend_reach"] = _mean(sum(t.trend_adopters), items * n) if items else float("nan")
    row["trend_communities"] = _mean(sum(t.trend_communities), items)
    row["trend_time_to_half"] = _mean(sum(t.half_times), len(t.half_times))
    row["information_diversity"] = t.origins_heard_total / n
    row["employment_inequality"] = float(np.std(rates))
    return row
