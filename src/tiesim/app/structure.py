"""The demo's Structure tab: Easley & Kleinberg's chapter 3 measured on the network now.

:func:`structure_facts` gathers, from the ties present at this step, what the chapter's
sections are about, and :class:`StructureFigure` draws three panels of them:

* **Overlap against strength** (section 3.3): the mean neighbourhood overlap of the ties in
  each tenth of the strength range.  Strong ties sit inside groups (high overlap); weak ties
  join people with few contacts in common.
* **Removing ties** (section 3.3, Onnela et al. 2007): the share of people in the largest
  connected group as ties are removed weakest first and strongest first, side by side.
* **Brokers** (section 3.5, Burt 1992): each person's constraint against the job leads they
  heard from contacts so far.  Low constraint marks a broker between groups.

The facts line above the figure counts local bridges and their spans (section 3.2), the pairs
of strong ties that break the strong triadic closure property, and the clustering coefficient
(section 3.1).  Everything is recomputed from the model when the tab is shown; nothing here
changes the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from scipy.stats import spearmanr

from tiesim.analysis.palette import LOOKING, STRONG, WEAK
from tiesim.app import state
from tiesim.app.raster import jpeg_bytes
from tiesim.graphs import (
    brokerage,
    clustering,
    overlap_by_strength,
    strong_triadic_closure,
    tie_removal,
)

TEXT_PX, TITLE_PX = 14, 15  # as in the live plots
FRACTIONS = np.linspace(0.0, 1.0, 41)
REMOVAL_SEED = 3  # orders ties of equal strength; fixed, so the curves do not flicker


@dataclass(frozen=True)
class StructureFacts:
    """What chapter 3 of Easley & Kleinberg looks at, on the ties present at one step."""

    step: int
    ties: int
    local_bridges: int
    bridges: int  #: local bridges of infinite span: nothing else joins their two sides
    median_span: float  #: of the local bridges of finite span (NaN: none)
    weak_local_bridges: int
    strong_pairs: int
    open_strong_pairs: int
    agents_satisfying: float  #: share of people with two or more strong ties who satisfy STC
    clustering: float  #: mean clustering coefficient
    overlap: pd.DataFrame  #: :func:`tiesim.graphs.overlap_by_strength`
    removal: pd.DataFrame  #: giant component share by fraction removed and order
    brokers: pd.DataFrame  #: per person: constraint, effective size, leads heard from contacts
    broker_correlation: float  #: Spearman correlation of constraint with leads from contacts

    def line(self) -> str:
        """The facts in one line of words, for above the figure."""
        span = "" if np.isnan(self.median_span) else f", median span {self.median_span:g}"
        stc = (
            f"{self.open_strong_pairs} of {self.strong_pairs} pairs of strong ties open "
            f"({self.agents_satisfying:.0%} of people with 2+ strong ties satisfy strong "
            "triadic closure)"
            if self.strong_pairs
            else "no one has two strong ties"
        )
        bridges = f"{self.bridges} bridge" + ("" if self.bridges == 1 else "s")
        return (
            f"Step {self.step}: {self.ties} ties; {self.local_bridges} local bridges "
            f"({self.weak_local_bridges} weak, {bridges}{span}); {stc}; "
            f"clustering {self.clustering:.2f}."
        )


def structure_facts(model: Any) -> StructureFacts:
    """Measure the network of ``model`` (a demo model or a model of either engine) now."""
    graph = model.graph
    slots, span = state.local_bridges(model)
    finite = span[np.isfinite(span)]
    stc = strong_triadic_closure(graph)
    two = stc["strong_degree"] >= 2
    removal = pd.concat(
        [
            tie_removal(graph, order, FRACTIONS, seed=REMOVAL_SEED).assign(order=order)
            for order in ("weakest", "strongest")
        ],
        ignore_index=True,
    )
    brokers = brokerage(graph)
    heard = np.asarray(_leads_from_contacts(model), float)
    brokers = brokers.assign(leads_from_contacts=heard)
    known = brokers["constraint"].notna()
    correlation = (
        float(spearmanr(brokers["constraint"][known], heard[known]).statistic)
        if known.sum() > 2 and np.ptp(heard[known]) > 0
        else float("nan")
    )
    return StructureFacts(
        step=int(model.steps),
        ties=int(graph.alive.sum()),
        local_bridges=len(slots),
        bridges=int(np.isinf(span).sum()),
        median_span=float(np.median(finite)) if len(finite) else float("nan"),
        weak_local_bridges=int((graph.tie[slots] == 1).sum()),
        strong_pairs=int(stc["strong_pairs"].sum()),
        open_strong_pairs=int(stc["open_strong_pairs"].sum()),
        agents_satisfying=float(stc["satisfies"][two].mean()) if two.any() else float("nan"),
        clustering=float(clustering(graph).mean()),
        overlap=overlap_by_strength(graph),
        removal=removal,
        brokers=brokers,
        broker_correlation=correlation,
    )


def _leads_from_contacts(model: Any) -> np.ndarray:
    """Per person, the job leads heard over a tie so far (strong, weak and interview)."""
    if state.is_mesa(model):
        heard = np.array([p.leads_heard for p in sorted(model.people, key=lambda p: p.node)])
    else:
        heard = np.asarray(model.leads_heard)
    return heard[:, 1:].sum(axis=1)  # channel 0 is hearing directly from the market


class StructureFigure:
    """Three panels of :class:`StructureFacts`, redrawn whole when shown (a few a minute).

    Parameters
    ----------
    size : tuple of int, optional
        Width and height of the rendered image, in pixels.
    dpi : float, optional
        Pixels per inch.
    """

    def __init__(self, *, size: tuple[int, int] = (900, 330), dpi: float = 100) -> None:
        width, height = size
        self.figure = Figure(figsize=(width / dpi, height / dpi), dpi=dpi, facecolor="white")
        self.canvas = FigureCanvasAgg(self.figure)
        pt = 72.0 / dpi
        self.text, self.title = TEXT_PX * pt, TITLE_PX * pt
        gap, left, bottom, top = 72 / width, 66 / width, 48 / height, 1 - 26 / height
        panel = (1 - 12 / width - left - 2 * gap) / 3
        self.axes = [
            self.figure.add_axes((left + k * (panel + gap), bottom, panel, top - bottom))
            for k in range(3)
        ]

    def draw(self, facts: StructureFacts) -> None:
        """Draw the panels of ``facts`` (replacing what was drawn)."""
        overlap_ax, removal_ax, broker_ax = self.axes
        for ax in self.axes:
            ax.clear()
            ax.tick_params(labelsize=self.text, length=3, pad=2)
            ax.grid(alpha=0.3)
        text, title = self.text, self.title

        table = facts.overlap
        overlap_ax.plot(table["strength"], table["overlap"], "o-", color=STRONG, lw=2)
        overlap_ax.set_xlim(0, 1)
        top = float(np.max(table["overlap"].to_numpy(), initial=0.0))
        overlap_ax.set_ylim(0, max(0.1, 1.15 * top))
        overlap_ax.set_xlabel("tie strength (0 to 1)", fontsize=text, labelpad=1)
        overlap_ax.set_ylabel("neighbourhood overlap", fontsize=text, labelpad=2)
        overlap_ax.set_title("Overlap against strength", fontsize=title, loc="left", pad=3)

        for order, colour, style in (("weakest", WEAK, "--"), ("strongest", STRONG, "-")):
            part = facts.removal[facts.removal["order"] == order]
            removal_ax.plot(
                part["fraction_removed"],
                part["giant_component_share"],
                color=colour,
                ls=style,
                lw=2,
                label=f"{order} first",
            )
        removal_ax.set_xlim(0, 1)
        removal_ax.set_ylim(0, 1.02)
        removal_ax.set_xlabel("share of ties removed", fontsize=text, labelpad=1)
        removal_ax.set_ylabel("share in largest group", fontsize=text, labelpad=2)
        removal_ax.set_title("Removing ties", fontsize=title, loc="left", pad=3)
        # between the two curves: weakest-first falls early and low, strongest-first late
        removal_ax.legend(
            loc="center", bbox_to_anchor=(0.45, 0.5), fontsize=text, frameon=False, handlelength=1.6
        )

        brokers = facts.brokers.dropna(subset=["constraint"])
        broker_ax.scatter(
            brokers["constraint"], brokers["leads_from_contacts"], s=12, color=LOOKING, alpha=0.6
        )
        top = float(np.max(brokers["leads_from_contacts"].to_numpy(), initial=0.0))
        broker_ax.set_ylim(-0.02 * max(top, 1.0), 1.08 * max(top, 1.0))
        broker_ax.set_xlabel("constraint (low: a broker)", fontsize=text, labelpad=1)
        broker_ax.set_ylabel("job leads heard from contacts", fontsize=text, labelpad=2)
        rho = facts.broker_correlation
        label = "n/a" if np.isnan(rho) else f"{rho:+.2f}"
        broker_ax.set_title(f"Brokers (rank corr. {label})", fontsize=title, loc="left", pad=3)

    def jpeg(self, facts: StructureFacts) -> bytes:
        """Draw ``facts`` and return the figure as JPEG bytes."""
        self.draw(facts)
        self.canvas.draw()
        return jpeg_bytes(np.asarray(self.canvas.buffer_rgba())[..., :3])
