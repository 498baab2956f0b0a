"""Calvó-Armengol & Jackson (2004): exact steady states, correlation, duration dependence.

Each period an agent hears of a job with probability a = 0.100; if unemployed it takes it,
else it passes it to a uniformly random unemployed neighbour; employed agents lose their job
with probability b = 0.015.  With contact rates 1, ``max_hops`` 1 and ``lead_lifetime`` 1,
tiesim's model is exactly theirs, so on their 4-agent graphs the simulated unemployment rates
must match the exact stationary law of the Markov chain (:mod:`tiesim.analysis.exact`).  Each
graph is simulated as many disjoint copies on the array engine; copies are independent, so the
intervals come from batches of copies.

Beyond the steady states: employment is positively correlated between connected agents, the
more the closer they are; and the longer an agent has been unemployed, the less likely it is
to find a job next period (duration dependence), because a long spell means its neighbours
are likely unemployed too and pass it nothing.

References
----------
Calvó-Armengol, A. & Jackson, M. O. (2004). The effects of social networks on employment and
inequality. American Economic Review 94(3), 426–454.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.analysis.exact import caj_transition_matrix, stationary
from tiesim.config import JobsConfig
from tiesim.engines import ArrayModel
from tiesim.graphs import SocialGraph
from tiesim.replications.core import Estimate, Outcome, Quantity, Side, Within
from tiesim.replications.figures import SERIES, label, legend, mark_published, new_figure

NAME = "calvo_armengol_jackson"
TITLE = "Calvó-Armengol & Jackson (2004): exact steady states, correlation, duration"
# The paper's example rates, as recalled (not checked against the paper; see the page).
A, B = 0.100, 0.015
SOURCE = "C&J 2004"
EXACT = "C&J 2004 model, exact Markov chain"

SHAPES = {
    "isolated": [],
    "pair": [(0, 1)],
    "line": [(0, 1), (1, 2), (2, 3)],
    "star": [(0, 1), (0, 2), (0, 3)],
    "circle": [(0, 1), (1, 2), (2, 3), (0, 3)],
    "complete": [(0, 1), (0, 2), (0, 3), (1, 2), (1, 3), (2, 3)],
}
#: Positions that differ, as (shape, label, agents in that position).
POSITIONS = (
    ("isolated", "isolated agent", (0,)),
    ("pair", "pair", (0, 1)),
    ("line", "line of 4, end", (0, 3)),
    ("line", "line of 4, middle", (1, 2)),
    ("star", "star of 4, centre", (0,)),
    ("star", "star of 4, leaf", (1, 2, 3)),
    ("circle", "circle of 4", (0, 1, 2, 3)),
    ("complete", "complete graph of 4", (0, 1, 2, 3)),
)
BATCHES = 10
SHORT_SPELL, LONG_SPELL = (1, 3), 8  # hazards over spells of 1-3 steps and of 8 or more


def agents(edges: list[tuple[int, int]]) -> int:
    """Number of agents in a small graph given by its edges (4 but for the isolated agent)."""
    return 1 + max((max(e) for e in edges), default=0)


def copies(edges: list[tuple[int, int]], count: int) -> SocialGraph:
    """``count`` disjoint copies of a small graph; copy c holds agents ``k*c .. k*c + k - 1``."""
    k = agents(edges)
    u = np.array([k * c + i for c in range(count) for i, _ in edges], dtype=np.int64)
    v = np.array([k * c + j for c in range(count) for _, j in edges], dtype=np.int64)
    ones = np.ones(len(u))
    return SocialGraph(np.arange(k * count) // k, u, v, np.zeros(len(u)), ones, ones)


def exact_law(edges: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """Stationary probabilities of every employment vector, and those vectors (0/1 per agent)."""
    k = agents(edges)
    pi = stationary(caj_transition_matrix(k, edges, A, B))
    states = np.arange(2**k)
    return pi, np.array([(states >> i) & 1 for i in range(k)]).T.astype(float)


def exact_correlation(edges: list[tuple[int, int]], i: int, j: int) -> float:
    """Correlation of agents i and j's employment under the exact stationary law."""
    pi, x = exact_law(edges)
    mean = pi @ x
    cov = ((x - mean) * pi[:, None]).T @ (x - mean)
    return float(cov[i, j] / np.sqrt(cov[i, i] * cov[j, j]))


def simulate(edges, count: int, steps: int, burn_in: int, seed: int):
    """Employment of every copy after each step past ``burn_in``, and the hires table."""
    jobs = JobsConfig(job_arrival=A, job_loss=B, max_hops=1, lead_lifetime=1)
    model = ArrayModel(copies(edges, count), jobs, rng=seed)
    k = agents(edges)
    employed = np.zeros((steps - burn_in, count, k), dtype=bool)
    for step in range(steps):
        model.step()
        if step >= burn_in:
            employed[step - burn_in] = model.employed.reshape(count, k)
    hires = model.hires()
    return employed, hires[hires["step"] > burn_in]


def batch_correlations(employed: np.ndarray, pairs) -> np.ndarray:
    """Per batch of copies, the correlation of each pair's employment over steps and copies."""
    out = []
    for batch in np.array_split(np.arange(employed.shape[1]), BATCHES):
        x = employed[:, batch].reshape(-1, employed.shape[2]).astype(float)
        c = np.corrcoef(x, rowvar=False)
        out.append([c[i, j] for i, j in pairs])
    return np.array(out)


def hazard_gap(hires: pd.DataFrame, count: int, k: int) -> np.ndarray:
    """Per batch of copies: hazard over short spells minus hazard over long ones.

    The hazard of spell length d is the share of the spells lasting at least d steps that end
    with a hire at d (completed spells; the run is long next to a spell).
    """
    copy = hires["agent"].to_numpy() // k
    spell = hires["unemployment_spell"].to_numpy()
    gaps = []
    for batch in np.array_split(np.arange(count), BATCHES):
        s = spell[np.isin(copy, batch)]
        low, high = SHORT_SPELL
        short = np.sum((s >= low) & (s <= high)) / sum(np.sum(s >= d) for d in range(low, high + 1))
        long_ = np.sum(s >= LONG_SPELL) / np.sum(np.maximum(s - LONG_SPELL + 1, 0))
        gaps.append(short - long_)
    return np.array(gaps)


def replicate(quick: bool = False) -> Outcome:
    """Exact against simulated steady states, correlation by distance, duration dependence."""
    count, steps, burn_in = (200, 800, 100) if quick else (1000, 4000, 300)
    runs = {
        name: simulate(edges, count, steps, burn_in, seed=2004) for name, edges in SHAPES.items()
    }
    rows, data = [], []
    for shape, position, members in POSITIONS:
        edges = SHAPES[shape]
        pi, x = exact_law(edges)
        exact = float(np.mean([pi[x[:, i] == 0].sum() for i in members]))
        employed, _ = runs[shape]
        per_copy = 1 - employed[:, :, list(members)].mean(axis=(0, 2))
        estimate = Estimate.of(per_copy)
        quantity = Quantity(
            f"unemployment, {position}", exact, EXACT, Within(0.002, loose=0.005), "{:.4f}"
        )
        rows.append(quantity.row(estimate))
        data.append(
            {
                "what": "unemployment",
                "position": position,
                "exact": exact,
                "model": estimate.value,
                "ci_low": estimate.low,
                "ci_high": estimate.high,
            }
        )
    line = SHAPES["line"]
    employed, _ = runs["line"]
    both_ends = np.concatenate([employed, employed[:, :, ::-1]], axis=1)  # the line read both ways
    corr = batch_correlations(both_ends, [(0, 1), (0, 2), (0, 3)])
    exact_corr = [exact_correlation(line, 0, j) for j in (1, 2, 3)]
    for distance, (column, exact) in enumerate(zip(corr.T, exact_corr, strict=True), start=1):
        estimate = Estimate.of(column)
        data.append(
            {
                "what": "correlation",
                "position": f"line end and agent at distance {distance}",
                "exact": exact,
                "model": estimate.value,
                "ci_low": estimate.low,
                "ci_high": estimate.high,
            }
        )
    rows.append(
        Quantity(
            "employment correlation, neighbours (line end)",
            f"> 0 (exact {exact_corr[0]:.4f})",
            f"{SOURCE}: positive correlation",
            Side(0.0),
            "{:.4f}",
        ).row(Estimate.of(corr[:, 0]))
    )
    rows.append(
        Quantity(
            "correlation at distance 1 minus at distance 3",
            f"> 0 (exact {exact_corr[0] - exact_corr[2]:.4f})",
            f"{SOURCE}: falls with distance",
            Side(0.0),
            "{:.4f}",
        ).row(Estimate.of(corr[:, 0] - corr[:, 2]))
    )
    _, hires = runs["complete"]
    gap = Estimate.of(hazard_gap(hires, count, 4))
    rows.append(
        Quantity(
            f"job-finding hazard, spells {SHORT_SPELL[0]}-{SHORT_SPELL[1]} minus "
            f"{LONG_SPELL}+ steps (complete graph)",
            "> 0 (falls with duration)",
            f"{SOURCE}: duration dependence",
            Side(0.0),
            "{:.4f}",
        ).row(gap)
    )
    spells = hires["unemployment_spell"].to_numpy()
    for d in range(1, 16):
        at_risk = int(np.sum(spells >= d))
        data.append(
            {
                "what": "hazard",
                "position": f"complete graph, spell {d}",
                "exact": np.nan,
                "model": np.sum(spells == d) / at_risk if at_risk else np.nan,
                "ci_low": np.nan,
                "ci_high": np.nan,
            }
        )
    table = pd.DataFrame(data)
    figure = draw(table)
    setup = (
        f"a = {A}, b = {B}, contact rates 1, max_hops 1, lead_lifetime 1; each graph as "
        f"{count} disjoint copies, {steps} steps (first {burn_in} dropped), array engine, "
        f"seed 2004; intervals over {BATCHES} batches of copies"
    )
    return Outcome(NAME, TITLE, setup, rows, figure, table, quick)


def draw(table: pd.DataFrame):
    """Unemployment exact vs simulated; correlation by distance; hazard by spell length."""
    figure, (left, middle, right) = new_figure(3, width=3.3, height=3.0)
    unemployment = table[table["what"] == "unemployment"]
    y = np.arange(len(unemployment))
    left.errorbar(
        unemployment["model"],
        y,
        xerr=[
            unemployment["model"] - unemployment["ci_low"],
            unemployment["ci_high"] - unemployment["model"],
        ],
        fmt="o",
        color=SERIES[0],
        label="simulated",
    )
    left.plot(unemployment["exact"], y, "D", color="black", markerfacecolor="white", label="exact")
    left.set_yticks(y, unemployment["position"])
    left.invert_yaxis()
    label(left, "Steady-state\nunemployment", "unemployment rate", "")
    legend(left, loc="lower right")
    corr = table[table["what"] == "correlation"]
    distance = np.arange(1, len(corr) + 1)
    middle.errorbar(
        distance,
        corr["model"],
        yerr=[corr["model"] - corr["ci_low"], corr["ci_high"] - corr["model"]],
        fmt="o-",
        color=SERIES[0],
        label="simulated",
    )
    mark_published(middle, distance, corr["exact"], label="exact")
    middle.axhline(0, color="grey", linewidth=0.6)
    middle.set_xticks(distance)
    label(
        middle,
        "Line of 4:\ncorrelation with an end",
        "distance from the end agent (ties)",
        "employment correlation",
    )
    legend(middle)
    hazard = table[table["what"] == "hazard"]
    right.plot(np.arange(1, len(hazard) + 1), hazard["model"], "o-", color=SERIES[1])
    right.set_xticks([1, 5, 10, 15])
    label(
        right,
        "Complete graph of 4:\nduration dependence",
        "unemployment spell so far (steps)",
        "probability of a job next step",
    )
    return figure
