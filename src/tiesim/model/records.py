"""Row layouts of the hire records and trend-item tables (shared by both engines)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tiesim.graphs.ties import SocialGraph
from tiesim.model.leads import Channel, Lead

if TYPE_CHECKING:
    from tiesim.model.model import TrendItem

HIRE_COLUMNS = (
    "step",
    "agent",
    "community",
    "channel",
    "hops",
    "sender",
    "first_hearer",
    "path",
    "tie_strength",
    "contact_rate",
    "embeddedness",
    "origin_community",
    "crossed_communities",
    "unemployment_spell",
    "lead_id",
    "lead_age",
)

TREND_COLUMNS = (
    "item",
    "start_step",
    "origin_community",
    "seed_agent",
    "adopters",
    "reach",
    "communities_reached",
    "time_to_half",
)


def hire_record(
    step: int,
    agent: int,
    community: int,
    spell: int,
    lead: Lead,
    graph: SocialGraph,
    embeddedness: int,
) -> dict[str, Any]:
    """One hire: who, when, through which channel and tie, and where the opening came from."""
    direct = lead.channel is Channel.DIRECT
    return {
        "step": step,
        "agent": agent,
        "community": community,
        "channel": lead.channel.label,
        "hops": lead.hops,
        "sender": -1 if direct else lead.path[-2],
        "first_hearer": lead.path[0],
        "path": list(lead.path),
        "tie_strength": float("nan") if direct else float(graph.strength[lead.slot]),
        "contact_rate": float("nan") if direct else float(graph.contact_rate[lead.slot]),
        "embeddedness": embeddedness,
        "origin_community": lead.origin,
        "crossed_communities": lead.origin != community,
        "unemployment_spell": spell,
        "lead_id": lead.id,
        "lead_age": step - lead.born,
    }


def hire_table(
    graph: SocialGraph,
    *,
    step: np.ndarray,
    agent: np.ndarray,
    channel: np.ndarray,
    hops: np.ndarray,
    path: np.ndarray,
    slot: np.ndarray,
    tie_strength: np.ndarray,
    contact_rate: np.ndarray,
    embeddedness: np.ndarray,
    origin: np.ndarray,
    spell: np.ndarray,
    lead_id: np.ndarray,
    born: np.ndarray,
) -> pd.DataFrame:
    """Many hires at once, as the table of their :func:`hire_record` rows (HIRE_COLUMNS).

    Arrays hold one entry per hire; ``path`` has one row per hire, of which the first
    ``hops + 1`` entries are the path; ``slot`` is -1 for a direct lead; ``tie_strength`` and
    ``contact_rate`` are those of the tie the lead came over, at hire time (NaN if direct).
    """
    if len(step) == 0:
        return pd.DataFrame([], columns=list(HIRE_COLUMNS))
    direct = channel == Channel.DIRECT
    community = graph.community[agent].astype(np.int64)
    sender = np.where(direct, -1, path[np.arange(len(step)), np.maximum(hops, 1) - 1])
    labels = np.array([c.label for c in Channel], dtype=object)
    columns = {
        "step": step,
        "agent": agent,
        "community": community,
        "channel": labels[channel].tolist(),
        "hops": hops,
        "sender": sender,
        "first_hearer": path[:, 0],
        "path": [row[: h + 1] for row, h in zip(path.tolist(), hops.tolist(), strict=True)],
        "tie_strength": tie_strength,
        "contact_rate": contact_rate,
        "embeddedness": embeddedness,
        "origin_community": origin,
        "crossed_communities": origin != community,
        "unemployment_spell": spell,
        "lead_id": lead_id,
        "lead_age": step - born,
    }
    return pd.DataFrame({k: _as_int64(v) for k, v in columns.items()}, columns=list(HIRE_COLUMNS))


def _as_int64(values: Any) -> Any:
    """Integer arrays widened to int64, as pandas infers for Python ints; others unchanged."""
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        return values.astype(np.int64)
    return values


def trend_row(
    item: int,
    start: int,
    origin: int,
    seed_agent: int,
    adopters: int,
    communities_reached: int,
    half_time: int | None,
    n: int,
) -> dict[str, Any]:
    """One trend item's reach when it was retired (or at the end of the run)."""
    return {
        "item": item,
        "start_step": start,
        "origin_community": origin,
        "seed_agent": seed_agent,
        "adopters": adopters,
        "reach": adopters / n,
        "communities_reached": communities_reached,
        "time_to_half": half_time if half_time is not None else float("nan"),
    }


def trend_record(item: TrendItem, n: int) -> dict[str, Any]:
    """One trend item's reach when it was retired (or at the end of the run)."""
    return trend_row(
        item.id,
        item.start,
        item.origin,
        item.seed_agent,
        item.adopters,
        len(item.communities),
        item.half_time,
        n,
    )
