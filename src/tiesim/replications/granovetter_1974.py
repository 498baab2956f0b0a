"""Granovetter (1974): how often job finders had seen the contact who told them of the job.

Of 54 people who found their job through a contact, 16.7 % had seen that contact often (at
least twice a week), 55.6 % occasionally (more than once a year, less than twice a week) and
27.8 % rarely (once a year or less).  The setup is ``configs/granovetter_1974.yaml`` (a step is
a day; 2,000 people with 6 strong ties and 20 acquaintances; strengths drifting slowly), run
through :func:`tiesim.run`: nobody asks contacts for help (passive), or everyone out of work asks
two acquaintances a day for an informational interview, weakest tie first, the same person
again after 30 days.  The run summary puts every hire through a contact into Granovetter's
bins by the contact rate of its tie at hire (``contact_often_share`` and the others).

References
----------
Granovetter, M. S. (1973). The strength of weak ties. American Journal of Sociology 78(6),
1360–1380 (the shares, from the study published as *Getting a Job*, 1974).
Granovetter, M. S. (1974). *Getting a Job: A Study of Contacts and Careers*. Harvard
University Press.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tiesim.replications.core import Estimate, Outcome, Quantity, Within
from tiesim.replications.figures import SERIES, label, legend, new_figure

NAME = "granovetter_1974"
TITLE = "Granovetter (1974): how often job finders had seen their contact"
SOURCE = "Granovetter 1973 (1974 study, N = 54)"
RESPONDENTS = 54
#: Granovetter's three bins and the published shares (%).
PUBLISHED = {"often": 16.7, "occasionally": 55.6, "rarely": 27.8}
ASKS = "networking.strategies.asks_for_interviews"

#: configs/granovetter_1974.yaml, as values (a test holds the two equal).
SETUP = {
    "name": "granovetter_1974",
    "seed": 1974,
    "steps": 1460,
    "engine": "array",
    "graph": {
        "kind": "community",
        "n": 2000,
        "community_size": 20,
        "strong_degree": 6,
        "weak_tie_density": 20.0,
        "strong_contact_rate": 0.22,
        "weak_contact_rate": 0.002,
    },
    "jobs": {
        "initial_employment": 0.9,
        "job_arrival": 0.002,
        "job_loss": 0.001,
        "max_hops": 1,
        "lead_lifetime": 14,
        "job_locality": 0.8,
    },
    "ties": {
        "dynamics": True,
        "half_life_strong": 3650,
        "half_life_weak": 3650,
        "growth": 0.005,
        "promote_at": 0.6,
        "demote_below": 0.45,
        "dissolve_below": 0.01,
    },
    "networking": {
        "interviews": {"rule": "weakest_first", "budget": 2, "ask_again_after": 30},
        "strategies": {"asks_for_interviews": 1.0},
        "step_days": 1,
    },
    "sweep": {"grid": {ASKS: [0.0, 1.0]}, "replicates": 5},
}
#: The quick version: half the people, a year of days, 3 replicates, a longer final window.
QUICK = {
    "graph.n": 1000,
    "steps": 365,
    "sweep.replicates": 3,
    "sweep.window": 0.5,
}


def tolerance(share: float) -> float:
    """Half-width (percentage points) of the 95 % binomial interval of a published share."""
    p = share / 100
    return round(100 * 1.96 * np.sqrt(p * (1 - p) / RESPONDENTS), 1)


def replicate(quick: bool = False) -> Outcome:
    """The three bins, passive and asking, against Granovetter's shares."""
    import tiesim

    result = tiesim.run(
        SETUP, overrides=QUICK if quick else None, write=False, workers=1 if quick else None
    )
    summary = result.summary
    rows, data = [], []
    for asks, setting in ((1.0, "job seekers ask"), (0.0, "passive contacts")):
        point = summary[summary[ASKS] == asks].iloc[0]
        for name, published in PUBLISHED.items():
            column = f"contact_{name}_share"
            estimate = Estimate(
                *(100 * point[f"{column}_{stat}"] for stat in ("mean", "ci_low", "ci_high"))
            )
            half = tolerance(published)
            rows.append(
                Quantity(
                    f"% of contact hires who saw the contact {name}: {setting}",
                    published,
                    SOURCE,
                    Within(half, loose=2 * half),
                    "{:.1f}",
                ).row(estimate)
            )
            data.append(
                {
                    "setting": setting,
                    "bin": name,
                    "published": published,
                    "published_ci": half,
                    "model": estimate.value,
                    "ci_low": estimate.low,
                    "ci_high": estimate.high,
                }
            )
    data = pd.DataFrame(data)
    config = result.config
    setup = (
        f"configs/granovetter_1974.yaml through tiesim.run: n = {config.graph.n}, "
        f"{config.steps} steps of a day, {config.sweep.replicates} replicates per setting, "
        f"shares over the final {config.sweep.window:.0%} of the steps"
    )
    return Outcome(NAME, TITLE, setup, rows, draw(data), data, quick)


def draw(data: pd.DataFrame):
    """Grouped bars: published, passive and asking, per frequency bin."""
    figure, (ax,) = new_figure(width=5.0, height=3.2)
    bins = list(PUBLISHED)
    x = np.arange(len(bins))
    width = 0.27
    first = data.drop_duplicates("bin").set_index("bin").loc[bins]
    ax.bar(
        x - width,
        first["published"],
        width,
        yerr=first["published_ci"],
        color="white",
        edgecolor="black",
        hatch="//",
        capsize=3,
        label=f"Granovetter (N = {RESPONDENTS}, 95% CI)",
    )
    for offset, colour, (setting, group) in zip(
        (0, width), SERIES, data.groupby("setting", sort=False), strict=False
    ):
        group = group.set_index("bin").loc[bins]
        ax.bar(
            x + offset,
            group["model"],
            width,
            yerr=[group["model"] - group["ci_low"], group["ci_high"] - group["model"]],
            color=colour,
            capsize=3,
            label=f"tiesim, {setting}",
        )
    ax.set_xticks(
        x,
        ["often\n(≥ twice a week)", "occasionally\n(> once a year)", "rarely\n(≤ once a year)"],
    )
    label(
        ax,
        "How often job finders had seen their contact",
        "contact with the person who told them of the job",
        "share of hires through a contact (%)",
    )
    ax.set_ylim(0, 100)
    legend(ax, loc="upper left")
    return figure
