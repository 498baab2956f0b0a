"""Row layouts of the hire records, trend-item and agents tables (shared by both engines)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from tiesim.config.networking import RANKINGS, STRATEGIES
from tiesim.graphs.closure import structural_holes
from tiesim.graphs.ties import FORMED_BY, SocialGraph, Tie
from tiesim.model.leads import Channel, Lead

if TYPE_CHECKING:
    from tiesim.model.model import TrendItem
    from tiesim.model.networking import Networking

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

#: Hire columns added with ``networking`` on (README, "Hire records"): the hired agent's strategy
#: and the tie the lead came over (empty / -1 / NaN for a direct lead), at hire and formation.
NETWORK_HIRE_COLUMNS = (
    "strategy",
    "tie_type",
    "tie_slot",
    "tie_formed_by",
    "tie_formed",
    "tie_age",
    "strength_at_formation",
    "mutual_at_formation",
)


def hire_columns(networking: bool) -> list[str]:
    """The hires table's columns (the network ones only with ``networking`` on)."""
    return list(HIRE_COLUMNS + (NETWORK_HIRE_COLUMNS if networking else ()))


def tie_facts(graph: SocialGraph, slots: np.ndarray, formed: np.ndarray) -> dict[str, np.ndarray]:
    """Codes of the ties hires came over, for the network hire columns (-1: none).

    ``slots`` and ``formed`` are each lead's tie slot and that tie's formation step, as noted
    when the lead was passed (-1 for a direct lead).  A slot whose tie has since gone and been
    taken by a newer tie (another ``formed`` step) tells nothing of the old one: ``tie``,
    ``formed_by`` and ``mutual`` are -1 and ``strength_formed`` NaN there, while ``formed``
    keeps the old tie's step (so slot and step still name the tie).
    """
    slots, formed = np.asarray(slots, np.int64), np.asarray(formed, np.int64)
    some = slots >= 0
    at = np.where(some, slots, 0)
    same = some & (graph.formed[at] == formed)
    pick = {"tie": graph.tie, "formed_by": graph.formed_by, "mutual": graph.mutual_formed}
    facts = {k: np.where(same, col[at], -1).astype(np.int64) for k, col in pick.items()}
    facts["formed"] = np.where(some, formed, -1)
    strength = graph.strength_formed[at].astype(np.float64)
    facts["strength_formed"] = np.where(same, strength, np.nan)
    return facts


def network_hire_fields(
    step: np.ndarray, strategy: np.ndarray, slot: np.ndarray, facts: dict[str, np.ndarray]
) -> dict[str, object]:
    """The network hire columns of hires at ``step`` by agents of ``strategy`` (codes)."""
    types = np.array(["", Tie.STRONG.label, Tie.WEAK.label], dtype=object)
    how = np.array(["", *FORMED_BY], dtype=object)
    some = facts["formed"] >= 0
    return {
        "strategy": np.array(STRATEGIES, dtype=object)[strategy].tolist(),
        "tie_type": types[facts["tie"] + 1].tolist(),
        "tie_slot": np.asarray(slot, np.int64),
        "tie_formed_by": how[facts["formed_by"] + 1].tolist(),
        "tie_formed": facts["formed"],
        "tie_age": np.where(some, np.asarray(step, np.int64) - facts["formed"], -1),
        "strength_at_formation": facts["strength_formed"],
        "mutual_at_formation": facts["mutual"],
    }


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


def trend_columns(topics: bool) -> tuple[str, ...]:
    """Columns of the trends table: :data:`TREND_COLUMNS`, then ``topic`` with topics on."""
    return (*TREND_COLUMNS, "topic") if topics else TREND_COLUMNS


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
    # a lead's tie may have gone since it was passed, and its slot gone to a newer tie
    gone = direct or int(graph.formed[lead.slot]) != lead.tie_formed
    return {
        "step": step,
        "agent": agent,
        "community": community,
        "channel": lead.channel.label,
        "hops": lead.hops,
        "sender": -1 if direct else lead.path[-2],
        "first_hearer": lead.path[0],
        "path": list(lead.path),
        "tie_strength": float("nan") if gone else float(graph.strength[lead.slot]),
        "contact_rate": float("nan") if gone else float(graph.contact_rate[lead.slot]),
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
    network: dict[str, object] | None = None,
) -> pd.DataFrame:
    """Many hires at once, as the table of their :func:`hire_record` rows (HIRE_COLUMNS).

    Arrays hold one entry per hire; ``path`` has one row per hire, of which the first
    ``hops + 1`` entries are the path; ``slot`` is -1 for a direct lead; ``tie_strength`` and
    ``contact_rate`` are those of the tie the lead came over, at hire time (NaN if direct);
    ``network``: the network columns (:func:`network_hire_fields`), with ``networking`` on.
    """
    names = hire_columns(network is not None)
    if len(step) == 0:
        return pd.DataFrame([], columns=names)
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
        **(network or {}),
    }
    return pd.DataFrame({k: _as_int64(v) for k, v in columns.items()}, columns=names)


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
    topic: int = -1,
) -> dict[str, Any]:
    """One trend item's reach when it was retired (or at the end of the run), and its topic.

    ``topic`` is a column of the table only with topics on (:func:`trend_columns`).
    """
    return {
        "item": item,
        "start_step": start,
        "origin_community": origin,
        "seed_agent": seed_agent,
        "adopters": adopters,
        "reach": adopters / n,
        "communities_reached": communities_reached,
        "time_to_half": half_time if half_time is not None else float("nan"),
        "topic": topic,
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
        item.topic,
    )


AGENT_COLUMNS = (
    "agent",
    "community",
    "employed",
    "degree_strong",
    "degree_weak",
    "mean_strength",
    "checkins_strong",
    "checkins_weak",
    "time_strong",
    "time_weak",
    "leads_direct",
    "leads_strong",
    "leads_weak",
    "job_losses",
    "hires_direct",
    "hires_strong",
    "hires_weak",
    "mean_spell",
    "open_spell",
)


#: Agent columns added with ``networking`` on (README, "Agents table").
NETWORK_AGENT_COLUMNS = (
    "strategy",
    "arm",
    "interviews",
    "leads_interview",
    "hires_interview",
)


#: Agent columns on trend information and network position (README, "Agents table"), after
#: all others: trend items heard (each novel when heard), their distinct topics and the entropy
#: of their topics, the mean contact rate of one's ties (bandwidth), and Burt's measures
#: (structural diversity).
INFORMATION_AGENT_COLUMNS = (
    "novel_items",
    "topics_heard",
    "topic_diversity",
    "bandwidth",
    "effective_size",
    "constraint",
)


def agent_table(
    graph: SocialGraph,
    hires: pd.DataFrame,
    *,
    steps: int,
    employed: np.ndarray,
    unemployed_since: np.ndarray,
    leads_heard: np.ndarray,
    job_losses: np.ndarray,
    checkins: np.ndarray,
    time_spent: np.ndarray,
    network: Networking | None = None,
    items_heard: np.ndarray,
    topic_counts: np.ndarray | None,
) -> pd.DataFrame:
    """One row per agent at the end of a run (README, "Agents table").

    ``leads_heard`` has one column per Channel value, ``checkins`` and ``time_spent`` one per
    Tie value; the rest are per agent.  With ``networking`` on (``network``) the columns of
    ``NETWORK_AGENT_COLUMNS`` follow, then always ``INFORMATION_AGENT_COLUMNS``.  Degrees,
    mean strength, bandwidth and Burt's measures are of the ties present at the end; hires and
    completed spells come from the hire records.  ``items_heard``: trend items each agent
    heard of; ``topic_counts``: of them, per topic (agents × topics), or None without topics
    (then every item is its own topic).
    """
    n = graph.n
    alive = np.flatnonzero(graph.alive)
    ends = np.concatenate([graph.u[alive], graph.v[alive]])
    both = np.concatenate([alive, alive])
    strength = graph.strength[both].astype(np.float64)
    ties = np.bincount(ends, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_strength = np.bincount(ends, weights=strength, minlength=n) / ties
    columns: dict[str, Any] = {
        "agent": np.arange(n, dtype=np.int64),
        "community": graph.community.astype(np.int64),
        "employed": np.asarray(employed, bool),
    }
    for tie in Tie:
        columns[f"degree_{tie.label}"] = np.bincount(ends[graph.tie[both] == tie], minlength=n)
    columns["mean_strength"] = mean_strength
    for tie in Tie:
        columns[f"checkins_{tie.label}"] = checkins[:, tie]
    for tie in Tie:
        columns[f"time_{tie.label}"] = time_spent[:, tie]
    for channel in Channel:
        columns[f"leads_{channel.label}"] = leads_heard[:, channel]
    columns["job_losses"] = job_losses
    agent, channel = hires["agent"].to_numpy(np.int64), hires["channel"].to_numpy(str)
    for c in Channel:
        columns[f"hires_{c.label}"] = np.bincount(agent[channel == c.label], minlength=n)
    names = list(AGENT_COLUMNS)
    if network is not None:
        columns["strategy"] = np.array(STRATEGIES, dtype=object)[network.strategy].tolist()
        columns["arm"] = np.array(RANKINGS, dtype=object)[network.ranking].tolist()
        columns["interviews"] = network.interviews
        names += NETWORK_AGENT_COLUMNS
    spells = np.bincount(agent, weights=hires["unemployment_spell"].to_numpy(float), minlength=n)
    ended = np.bincount(agent, minlength=n)
    with np.errstate(invalid="ignore", divide="ignore"):
        columns["mean_spell"] = spells / ended
    columns["open_spell"] = np.where(employed, 0, steps - np.asarray(unemployed_since))
    columns["novel_items"] = np.asarray(items_heard, np.int64)
    columns["topics_heard"], columns["topic_diversity"] = topic_spread(items_heard, topic_counts)
    rate = graph.contact_rate[both].astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        columns["bandwidth"] = np.bincount(ends, weights=rate, minlength=n) / ties
    columns["effective_size"], columns["constraint"] = structural_holes(graph)
    names += INFORMATION_AGENT_COLUMNS
    return pd.DataFrame({k: _as_int64(v) for k, v in columns.items()}, columns=names)


def topic_spread(
    items_heard: np.ndarray, topic_counts: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """Per agent: distinct topics heard, and the Shannon entropy (bits) of their shares.

    Without topics (``topic_counts`` None) each of the ``items_heard`` is its own topic: as
    many topics, entropy ``log2(items)``.  The entropy is 0 for an agent who heard nothing.
    """
    if topic_counts is None:
        items = np.asarray(items_heard, np.int64)
        return items, np.log2(np.maximum(items, 1)).astype(np.float64)
    counts = np.asarray(topic_counts, np.float64)
    total = counts.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(counts > 0, counts / np.maximum(total, 1), 1.0)
    entropy = -(share * np.log2(share)).sum(axis=1)
    return np.count_nonzero(topic_counts, axis=1).astype(np.int64), entropy + 0.0
