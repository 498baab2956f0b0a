"""Per-step metrics, computed the same way for both engines from plain counts and arrays.

Each engine fills a :class:`StepTally` at the end of a step; :func:`step_metrics` turns it into
one row of the metrics table.  Keeping the arithmetic here, in one place, is what makes the two
engines' tables identical to the last bit.  Definitions are in README.md ("Metrics").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tiesim.graphs.ties import FORMED_BY, Tie
from tiesim.model.leads import Channel
from tiesim.model.tie_dynamics import TIE_EVENTS

#: Channels with columns in every metrics table (``interview`` only with networking: below).
CHANNELS = tuple(c.label for c in (Channel.DIRECT, Channel.STRONG, Channel.WEAK))
LEAD_METRICS = tuple(f"leads_{c}" for c in CHANNELS)  # in Channel order
HIRE_METRICS = tuple(f"hires_{c}" for c in CHANNELS)

METRIC_COLUMNS = (
    "step",
    "employment_rate",
    "unemployed",
    *LEAD_METRICS,
    "opportunity_discovery",
    "time_to_first_lead",
    *HIRE_METRICS,
    "hires",
    "job_losses",
    "unemployment_duration",
    "trend_items",
    "trend_reach",
    "trend_communities",
    "trend_time_to_half",
    "information_diversity",
    "news_diversity",
    "trend_diversity",
    "employment_inequality",
)

#: Origins heard in the last ``metrics.diversity_window`` steps (README, "Metrics"); added after
#: the first release, so runs stored before lack them (``tiesim.runner.store.LATER_COLUMNS``).
RECENT_DIVERSITY_COLUMNS = ("news_diversity", "trend_diversity")
#: The kinds of news those two columns count: job leads, and trend items heard of.
NEWS, TRENDS = 0, 1

#: Columns added when ties change (``ties.dynamics`` or ``ties.maintenance``); README, "Metrics".
TIE_METRIC_COLUMNS = (
    "ties_strong",
    "ties_weak",
    "strength_strong",
    "strength_weak",
    "ties_formed",
    "ties_promoted",
    "ties_demoted",
    "ties_dissolved",
    "checkins_strong",
    "checkins_weak",
    "time_strong",
    "time_weak",
)


#: Columns added with ``networking`` on; README, "Metrics".
NETWORK_METRIC_COLUMNS = (
    "leads_interview",
    "hires_interview",
    "interviews",
    *(f"formed_{how}" for how in FORMED_BY[1:6]),
)


def metric_columns(ties_change: bool, networking: bool = False) -> tuple[str, ...]:
    """The metrics table's columns: tie ones when ties change, network ones with networking.

    Networking changes ties too, so it brings the tie columns as well.
    """
    ties = TIE_METRIC_COLUMNS if ties_change or networking else ()
    return METRIC_COLUMNS + ties + (NETWORK_METRIC_COLUMNS if networking else ())


@dataclass
class StepTally:
    """What happened in one step, counted by an engine (plain counts, no per-agent lists)."""

    step: int
    employed_by_community: np.ndarray  # employed agents per community, end of the step
    community_size: np.ndarray  # agents per community (``np.bincount(community)``)
    looking: int  # agents unemployed at the start of the step
    discovered: int  # of those, how many heard of at least one opening this step
    leads_heard: list[int]  # receptions by Channel value (interview last)
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
    # the same sum over the last ``diversity_window`` steps only (this one included): of job
    # leads heard, and of trend items first heard of
    news_recent: int = 0
    trends_recent: int = 0
    ties: TieTally | None = None  # only when ties change
    network: NetworkTally | None = None  # only with networking on


@dataclass
class NetworkTally:
    """What people did to make and use ties in one step (``networking``)."""

    interviews: int  # interviews asked for this step
    formed: list[int]  # ties formed this step, by FORMED_BY code


@dataclass
class TieTally:
    """What happened to the ties in one step (end-of-step counts and sums, per Tie value)."""

    count: list[int]  # ties present, by Tie value
    strength_total: list[float]  # their summed strength (added one after another, slot order)
    events: list[int]  # events logged this step, by tie_dynamics.TIE_EVENTS code
    checkins: list[int]  # check-ins this step, by Tie value
    time: list[float]  # time spent on check-ins this step, by Tie value (summed agent by agent)


def employed_by_community(employed: np.ndarray, community: np.ndarray, size: int) -> np.ndarray:
    """Number of employed agents in each of ``size`` communities."""
    return np.bincount(community[employed], minlength=size)


def _mean(total: float, count: int) -> float:
    return float(total) / count if count else float("nan")


def population_std(values: np.ndarray) -> float:
    """``np.std(values)`` for a 1-d float array, with numpy's operations but not its wrappers.

    The same sums in the same order (numpy's pairwise ``add.reduce``), so the same bits; the
    metrics row of every step needs it, and ``np.std``'s argument handling costs more than the
    arithmetic on a few hundred communities.
    """
    size = values.size
    deviation = values - np.add.reduce(values) / size
    return float(np.sqrt(np.add.reduce(deviation * deviation) / size))


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
    for name, heard in zip(LEAD_METRICS, t.leads_heard[: len(CHANNELS)], strict=True):
        row[name] = heard / n
    row["opportunity_discovery"] = _mean(t.discovered, t.looking)
    row["time_to_first_lead"] = _mean(t.first_lead_delay_total, t.first_lead_count)
    for name, hires in zip(HIRE_METRICS, t.hires[: len(CHANNELS)], strict=True):
        row[name] = hires
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
    row["news_diversity"] = t.news_recent / n
    row["trend_diversity"] = t.trends_recent / n
    row["employment_inequality"] = population_std(rates)
    if t.ties is not None:
        row |= tie_metrics(t.ties, n)
    if t.network is not None:
        row["leads_interview"] = t.leads_heard[Channel.INTERVIEW] / n
        row["hires_interview"] = t.hires[Channel.INTERVIEW]
        row["interviews"] = t.network.interviews
        for code, how in enumerate(FORMED_BY[1:6], start=1):
            row[f"formed_{how}"] = t.network.formed[code]
    return row


def tie_metrics(t: TieTally, n: int) -> dict[str, float]:
    """The tie columns of a metrics row (``TIE_METRIC_COLUMNS``)."""
    strong, weak = Tie.STRONG, Tie.WEAK
    count, total, time = t.count, t.strength_total, t.time
    row: dict[str, float] = {
        "ties_strong": count[strong],
        "ties_weak": count[weak],
        "strength_strong": _mean(total[strong], count[strong]),
        "strength_weak": _mean(total[weak], count[weak]),
    }
    for code, event in enumerate(TIE_EVENTS[:4]):  # "removed" (by hand) is not a metric
        row[f"ties_{event}"] = t.events[code]
    row |= {
        "checkins_strong": t.checkins[strong],
        "checkins_weak": t.checkins[weak],
        "time_strong": time[strong] / n,
        "time_weak": time[weak] / n,
    }
    return row
