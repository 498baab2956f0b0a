"""Replications of published results, each side by side with the paper: ``tiesim replicate``.

One module per replication, each using only tiesim's public API (configs, models, the runner,
graph tools and analysis).  Each defines ``replicate(quick: bool) -> Outcome``: it runs the
setup and returns one :class:`~tiesim.replications.core.Row` per published quantity — the
paper's value and where it is printed, the model's value with its 95 % confidence interval,
and a verdict by the tolerance its page (``experiments/replications/NAME.md``) states and
justifies — with a figure and the numbers behind it.

This module only names them (it imports nothing heavy, so ``tiesim replicate`` lists them at
once); :func:`tiesim.replications.run.run_replication` runs one and writes its files.
"""

from __future__ import annotations

from types import MappingProxyType

#: name → one-line title, in the order ``tiesim replicate`` lists and runs them.
REPLICATIONS = MappingProxyType(
    {
        "watts_strogatz": "Watts & Strogatz (1998): path length falls long before clustering",
        "calvo_armengol_jackson": (
            "Calvó-Armengol & Jackson (2004): exact steady states, correlation, duration"
        ),
        "granovetter_1973": "Granovetter (1973): overlap rises with strength; the forbidden triad",
        "granovetter_1974": "Granovetter (1974): how often job finders had seen their contact",
        "onnela": "Onnela et al. (2007): overlap, weak-first tie removal, spreading",
        "centola_macy": "Centola & Macy (2007): long ties speed simple, stop complex contagion",
        "eckles": "Eckles et al. (2024): adopting below threshold makes long ties accelerate",
        "rajkumar": "Rajkumar et al. (2022): job transmission against mutual contacts",
        "gee": "Gee et al. (2017): a strong tie helps more, weak ties help most",
        "aral_van_alstyne": "Aral & Van Alstyne (2011): diverse networks, narrow channels",
        "boorman": "Boorman (1975): strong or weak ties under a time budget",
    }
)

#: Where each replication's page lives, relative to the repository root.
PAGES = "experiments/replications"

__all__ = ["PAGES", "REPLICATIONS"]
