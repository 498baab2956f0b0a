"""Which new ties carry jobs: job transmission against a tie's embeddedness when it formed.

Rajkumar et al. (2022) randomized LinkedIn members to versions of "People You May Know" and
found that job transmission over a new tie rises, then falls, with the number of mutual
contacts its pair had (an inverted U: moderately weak ties transmit most).  With networking on,
tiesim records every tie's formation (the ``ties`` table: ``formed`` events with ``formed_by``)
and, for every hire, the slot and formation step of the tie the lead came over (``tie_slot``,
``tie_formed``), which together name one tie.  :func:`transmission_by_mutual` joins them.

Because a hump could merely mix two kinds of ties (new ties that became strong transmit more
and have more mutual contacts), ties are also split by whether they were ever promoted to
strong before they dissolved or the run ended.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

#: Bins of mutual contacts at formation (lower bounds; the last is open).
MUTUAL_BINS = (0, 1, 2, 3, 5, 8, 13)


def formed_ties(ties: pd.DataFrame, formed_by: str = "online") -> pd.DataFrame:
    """One row per tie formed by ``formed_by``: run, slot, step, mutual contacts, turned strong.

    ``ties`` is a ``ties`` table (one run's, or the combined one with a ``run_id`` column).
    """
    table = ties.reset_index(drop=True)
    run = table["run_id"] if "run_id" in table else pd.Series("", index=table.index)
    table = table.assign(run_id=run)
    key = ["run_id", "slot"]
    born = (table["event"] == "formed").astype(np.int64)
    table["life"] = born.groupby([table[k] for k in key]).cumsum()  # the n-th tie in a slot
    table = table[table["life"] > 0]
    lives = table.groupby([*key, "life"], sort=False)
    first = lives.first()
    promoted = (table["event"] == "promoted").groupby([table[k] for k in [*key, "life"]]).any()
    out = first.assign(became_strong=promoted).reset_index()
    out = out[out["formed_by"] == formed_by] if "formed_by" in out else out.iloc[:0]
    columns = ["run_id", "slot", "step", "mutual_formed", "became_strong"]
    return out[columns].rename(columns={"step": "formed", "mutual_formed": "mutual"})


def transmission_by_mutual(
    ties: pd.DataFrame, hires: pd.DataFrame, formed_by: str = "online"
) -> pd.DataFrame:
    """Share of new ties that carried at least one hire, by mutual contacts at formation.

    ``ties`` and ``hires`` are one run's tables or the combined ones (with ``run_id``), of a
    run with networking on.  Rows: ``all`` / ``weak throughout`` / ``became strong`` ties, by
    :data:`MUTUAL_BINS` bin, with the ties formed by ``formed_by``, those that carried at least
    one hire, the share and its 95 % Wilson interval.
    """
    formed = formed_ties(ties, formed_by).set_index(["run_id", "slot", "formed"])
    hired = hires[hires["tie_slot"] >= 0]
    run = hired["run_id"] if "run_id" in hired else pd.Series("", index=hired.index)
    carried = set(zip(run, hired["tie_slot"], hired["tie_formed"], strict=True))
    formed["carried"] = [key in carried for key in formed.index]
    formed["bin"] = pd.cut(formed["mutual"], [*MUTUAL_BINS, np.inf], right=False)
    rows = []
    kinds = {
        "all": formed,
        "weak throughout": formed[~formed["became_strong"]],
        "became strong": formed[formed["became_strong"]],
    }
    for kind, group in kinds.items():
        for interval, ties_in in group.groupby("bin", observed=False):
            count, hits = len(ties_in), int(ties_in["carried"].sum())
            low, high = wilson(hits, count)
            rows.append(
                {
                    "ties": kind,
                    "mutual_at_formation": _label(interval),
                    "formed": count,
                    "carried_a_hire": hits,
                    "share": hits / count if count else np.nan,
                    "ci_low": low,
                    "ci_high": high,
                }
            )
    return pd.DataFrame(rows)


def wilson(hits: int, count: int, level: float = 0.95) -> tuple[float, float]:
    """The Wilson score interval of a proportion ``hits / count`` (NaN without trials).

    It always holds ``hits / count`` (rounding alone could leave 0 or 1 a hair outside).
    """
    if count == 0:
        return (np.nan, np.nan)
    z = float(stats.norm.ppf(0.5 + level / 2))
    p = hits / count
    centre = (p + z * z / (2 * count)) / (1 + z * z / count)
    half = z * np.sqrt(p * (1 - p) / count + z * z / (4 * count * count)) / (1 + z * z / count)
    return (max(0.0, min(p, centre - half)), min(1.0, max(p, centre + half)))


def _label(interval: pd.Interval) -> str:
    low, high = int(interval.left), interval.right
    if np.isinf(high):
        return f"{low}+"
    return str(low) if high - low == 1 else f"{low}-{int(high) - 1}"
