"""Sobol sensitivity indices of the summary metrics over a ``sweep.sample: {method: sobol}`` design.

Each point's output is the mean of a metric over its replicates; SALib's
:func:`SALib.analyze.sobol.analyze` turns the ``n · (D + 2)`` outputs into first-order (``S1``)
and total (``ST``) indices with bootstrap 95 % confidence half-widths (Saltelli et al. 2010).
A metric that is NaN at some point, or constant over the design, has no indices and is left out.

References
----------
Saltelli, A. et al. (2010), "Variance based sensitivity analysis of model output. Design and
estimator for the total sensitivity index", *Computer Physics Communications* 181.
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd

SOBOL_COLUMNS = ("metric", "parameter", "S1", "S1_conf", "ST", "ST_conf")


def sobol_indices(
    problem: dict[str, Any],
    point_means: pd.DataFrame,
    metrics: tuple[str, ...],
    num_points: int,
    seed: int,
) -> pd.DataFrame:
    """First-order and total Sobol indices of each metric, one row per metric and parameter.

    Parameters
    ----------
    problem : dict
        SALib problem (``names``, ``bounds``, ``num_vars``) the design was drawn from.
    point_means : DataFrame
        One row per design point with a ``point`` column and ``<metric>_mean`` columns.
    metrics : tuple of str
        Metrics to analyse (those missing from ``point_means`` are skipped).
    num_points : int
        Points in the design; if some are missing (failed runs) nothing is computed.
    seed : int
        Seed of the bootstrap that gives the confidence half-widths.
    """
    from SALib.analyze import sobol

    rows: list[dict[str, Any]] = []
    ordered = point_means.sort_values("point")
    if list(ordered["point"]) != list(range(num_points)):
        return pd.DataFrame(rows, columns=list(SOBOL_COLUMNS))
    for metric in (m for m in metrics if f"{m}_mean" in ordered):
        y = ordered[f"{metric}_mean"].to_numpy(dtype=float)
        if np.isnan(y).any() or np.ptp(y) == 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            result = sobol.analyze(problem, y, calc_second_order=False, seed=seed + 1)
        for i, name in enumerate(problem["names"]):
            rows.append(
                {
                    "metric": metric,
                    "parameter": name,
                    **{key: float(result[key][i]) for key in SOBOL_COLUMNS[2:]},
                }
            )
    return pd.DataFrame(rows, columns=list(SOBOL_COLUMNS))
