"""Row layouts of the hire records and trend-item tables (shared by both engines)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


def trend_record(item: TrendItem, n: int) -> dict[str, Any]:
    """One trend item's reach when it was retired (or at the end of the run)."""
    return {
        "item": item.id,
        "start_step": item.start,
        "origin_community": item.origin,
        "seed_agent": item.seed_agent,
        "adopters": item.adopters,
        "reach": item.adopters / n,
        "communities_reached": len(item.communities),
        "time_to_half": item.half_time if item.half_time is not None else float("nan"),
    }
