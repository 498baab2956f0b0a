"""Granovetter (1974): how often job finders had seen the contact who told them of the job.

Of 54 people who found their job through a contact, 16.7 % had seen that contact often (at
least twice a week), 55.6 % occasionally (more than once a year, less than twice a week) and
27.8 % rarely (once a year or less).  The setup is ``configs/granovetter_1974.yaml`` (a step is
a day; 2,000 people with 6 strong ties and 20 acquaintances; strengths drifting slowly), run
through :func:`tiesim.run`: nobody asks contacts for help (passive), or everyone out of work asks
two acquaintances a day for an informational interview, weakest tie first, the same person
again after 30 days.  The run summary puts every hire through a contact into Granovetter's
bins by the contact rate of its tie at hire (``contact_often_share`` and the others).

A second setup, :data:`POPULATION`, runs the same two settings on the calibrated population of
``configs/population.yaml`` (the Gee et al. replication's) converted to a step of a day, with a
dormant layer of 350 ties seen less than once a year added beyond the 150 (the conversion and
its judgements are on ``experiments/population.md``, "The population at a daily step"); its
rows are marked "(population)".  It is kept in this module only, not shipped as a config.

References
----------
Zhou, W.-X., Sornette, D., Hill, R. A. & Dunbar, R. I. M. (2005). Discrete hierarchical
organization of social group sizes. Proceedings of the Royal Society B 272(1561), 439–444.
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

#: The population of configs/population.yaml (gee.SETUP) at a step of a day, n = 1,000, with a
#: dormant layer beyond the 150; experiments/population.md, "The population at a daily step".
POPULATION = {
    "name": "population_daily",
    "seed": 150,
    "steps": 730,  # two years of days
    "engine": "array",
    "graph": {
        "kind": "layered",
        "n": 1000,
        "community_size": 50,
        "layers": [
            {
                "name": "intimate",
                "degree": 5,
                "tie": "strong",
                "contact_rate": 0.36,  # about 2.5 times a week (judgement)
                "strength": [0.8, 1.0],
                "within": 1.0,
            },
            {
                "name": "close",
                "degree": 10,
                "tie": "strong",
                "contact_rate": 0.033,  # about monthly: 12 / 365
                "strength": [0.5, 0.8],
                "within": 1.0,
            },
            {
                "name": "acquaintances",
                "degree": 135,
                "tie": "weak",
                "contact_rate": 0.0071,  # 0.05 a week / 7: about 2.6 times a year
                "strength": [0.05, 0.5],
                "within": 0.2,
            },
            {
                "name": "dormant",
                "degree": 350,
                "tie": "weak",
                "contact_rate": 0.0014,  # about once in two years (judgement)
                "strength": [0.01, 0.05],
                "within": 0.0,
            },
        ],
        "strong_contact_rate": 0.033,
        "weak_contact_rate": 0.0071,
    },
    "jobs": {
        "initial_employment": 0.95,
        "job_arrival": 0.00055,  # openings per person per day: calibrated to ~5 % unemployed
        "job_loss": 0.0005,  # 1 - (1 - 0.015)^(12/365)
        "max_hops": 1,
        "lead_lifetime": 30,  # an opening stays open about a month
        "job_locality": 0.5,
    },
    "networking": SETUP["networking"],
    "sweep": {"grid": {ASKS: [0.0, 1.0]}, "replicates": 3, "window": 0.5},
}
#: The quick population run: one year of days, one replicate per setting.
POPULATION_QUICK = {"steps": 365, "sweep.replicates": 1}


def tolerance(share: float) -> float:
    """Half-width (percentage points) of the 95 % binomial interval of a published share."""
    p = share / 100
    return round(100 * 1.96 * np.sqrt(p * (1 - p) / RESPONDENTS), 1)


def replicate(quick: bool = False) -> Outcome:
    """The three bins, passive and asking, against Granovetter's shares, on both setups."""
    import tiesim

    rows, data, setups = [], [], []
    runs = (
        ("", SETUP, QUICK, "configs/granovetter_1974.yaml"),
        (" (population)", POPULATION, POPULATION_QUICK, "the population at a daily step"),
    )
    for suffix, setup, small, what in runs:
        result = tiesim.run(
            setup, overrides=small if quick else None, write=False, workers=1 if quick else None
        )
        summary = result.summary
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
                        f"% of contact hires who saw the contact {name}: {setting}{suffix}",
                        published,
                        SOURCE,
                        Within(half, loose=2 * half),
                        "{:.1f}",
                    ).row(estimate)
                )
                data.append(
                    {
                        "setting": setting + suffix,
                        "bin": name,
                        "published": published,
                        "published_ci": half,
                        "model": estimate.value,
                        "ci_low": estimate.low,
                        "ci_high": estimate.high,
                    }
                )
        config = result.config
        setups.append(
            f"{what} through tiesim.run: n = {config.graph.n}, {config.steps} steps of a day, "
            f"{config.sweep.replicates} replicate(s) per setting, shares over the final "
            f"{config.sweep.window:.0%} of the steps"
        )
    data = pd.DataFrame(data)
    return Outcome(NAME, TITLE, "; ".join(setups), rows, draw(data), data, quick)


def draw(data: pd.DataFrame):
    """Grouped bars: published, passive and asking, per frequency bin."""
    figure, (ax,) = new_figure(width=6.0, height=3.4)
    bins = list(PUBLISHED)
    x = np.arange(len(bins))
    settings = list(data["setting"].unique())
    width = 0.8 / (len(settings) + 1)
    first = data.drop_duplicates("bin").set_index("bin").loc[bins]
    ax.bar(
        x - 0.4 + width / 2,
        first["published"],
        width,
        yerr=first["published_ci"],
        color="white",
        edgecolor="black",
        hatch="//",
        capsize=3,
        label=f"Granovetter (N = {RESPONDENTS}, 95% CI)",
    )
    for index, (colour, setting) in enumerate(zip(SERIES, settings, strict=False)):
        group = data[data["setting"] == setting].set_index("bin").loc[bins]
        ax.bar(
            x - 0.4 + width * (index + 1.5),
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
