"""The page's views of the model: network, live plots, "who told whom", and the Info tab.

The network and the plots are matplotlib figures built once per model (and per size) and
updated in place at each step (:class:`~tiesim.app.drawing.NetworkPicture`,
:class:`~tiesim.app.charts.LivePlots`), rendered at exactly the size they are shown at.  Their
legends and the status line are HTML, so their text is sharp and as large as the page says.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from html import escape

import solara

from tiesim.analysis.palette import CHANNEL_COLOURS_WITH_INTERVIEWS
from tiesim.app import state
from tiesim.app.charts import LivePlots
from tiesim.app.demo_model import DemoModel, latest_hires, network_phrase
from tiesim.app.drawing import NetworkPicture, status_line
from tiesim.app.legend import legend_entries
from tiesim.app.lessons import lesson_html
from tiesim.app.session import BY_TITLE, STRUCTURE_TAB, Session
from tiesim.app.structure import StructureFigure, structure_facts

#: All drawing happens in this one thread.  Solara handles each click in whichever thread is
#: free, and matplotlib caches its fonts per thread: drawing in many threads made every frame
#: load its fonts afresh (a few hundred ms a step).  One thread also keeps matplotlib, which is
#: not thread-safe, to one thread.
DRAWING = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tiesim-drawing")

SWATCH = {  # inline SVG for each kind of legend mark (colour filled in)
    "line": '<svg width="34" height="14"><line x1="1" y1="7" x2="33" y2="7" stroke="{c}" '
    'stroke-width="3" {dash}/></svg>',
    "dot": '<svg width="18" height="18"><circle cx="9" cy="9" r="7" fill="{c}"/></svg>',
    "ring": '<svg width="20" height="20"><circle cx="10" cy="10" r="7.5" fill="none" '
    'stroke="{c}" stroke-width="2.5"/></svg>',
    "halo": '<svg width="34" height="14"><line x1="4" y1="7" x2="30" y2="7" stroke="{c}" '
    'stroke-width="7" stroke-linecap="round" opacity="0.45"/></svg>',
    "arrow": '<svg width="34" height="14"><line x1="1" y1="7" x2="25" y2="7" stroke="{c}" '
    'stroke-width="3"/><polygon points="24,2 33,7 24,12" fill="{c}"/></svg>',
}


#: The dash pattern of each kind of dashed line in the HTML legend (SVG attributes).
SVG_DASHES = {
    "dashed": 'stroke-dasharray="6 3"',
    "dotted": 'stroke-dasharray="0.1 6" stroke-linecap="round"',
}

#: How the "who told whom" panel names each way ties are made.
MADE_IN_WORDS = {
    "event": "at events",
    "online": "online",
    "activity": "in activities",
    "introduction": "by introductions",
    "closure": "through close friends",
}


def legend_html(colour_by: str, bridges: bool = False, new_ties: bool = False) -> str:
    """The network's legend as HTML (one inline swatch and label per entry)."""
    items = []
    for entry in legend_entries(colour_by, bridges, new_ties):
        dash = SVG_DASHES.get(entry.pattern, "")
        swatch = SWATCH[entry.kind].format(c=entry.colour, dash=dash)
        items.append(f'<span class="tiesim-key">{swatch}{escape(entry.label)}</span>')
    return "".join(items)


def who_told_whom_html(model: DemoModel, limit: int = 6) -> str:
    """The "who told whom" panel as an HTML table (plain HTML: no CDN-loaded Markdown extras)."""
    rows = latest_hires(model, limit)
    parts = ["<h3>Who told whom</h3>"]
    if not rows:
        parts.append("<p>No hires yet: press <b>Step</b> or <b>▶</b>.</p>")
    else:
        parts.append("<table><tr><th>step</th><th>hired</th><th>how the news travelled</th></tr>")
        for r in rows:
            hired = f"{channel_swatch(r['channel'])}#{r['agent']} ({escape(r['channel'])})"
            cells = (escape(str(r["step"])), hired, escape(r["story"]))
            parts.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
        parts.append("</table>")
    if state.forms_ties(model):  # under the table: the stories come first on a small screen
        made = state.ties_made(model)
        counts = ", ".join(f"{n} {MADE_IN_WORDS[how]}" for how, n in made.items()) or "none yet"
        parts.append(f"<p><i>Ties made so far: {counts}.</i></p>")
    for kind, count, at in (
        ("weak", model.weak_ties_cut_, model.cut_weak_ties_at),
        ("strong", model.strong_ties_cut_, model.cut_strong_ties_at),
    ):
        if count:
            parts.append(f"<p><i>{count} {kind} ties were cut at step {at}.</i></p>")
    return "".join(parts)


def channel_swatch(channel: str) -> str:
    """A small square in the colour of ``channel`` (as in the plots), before its name."""
    colour = CHANNEL_COLOURS_WITH_INTERVIEWS.get(channel, "#000000")
    return (
        f'<svg width="11" height="11" style="margin-right:4px"><rect width="11" height="11" '
        f'fill="{colour}"/></svg>'
    )


def networking_html(model: DemoModel) -> str:
    """The networking part of "This run": events, interviews, closure, or "no networking"."""
    net = model.config.networking
    parts = []
    if net.events.rate > 0:
        events = net.events
        parts.append(
            f"networking events {events.rate:g} per step, {events.size} people each, two "
            f"attendees form a weak tie with probability {events.meet:g}"
        )
    if net.interviews_on:
        share = net.strategies.get("asks_for_interviews", 0.0)
        interviews = net.interviews
        parts.append(
            f"{share:.0%} of people ask for interviews when looking for work, "
            f"{interviews.rule.replace('_', ' ')}"
            + (
                f", introduced onwards with probability {interviews.introduce:g}"
                if interviews.introduce > 0
                else ""
            )
        )
    closure = net.closure
    if closure.introductions > 0:
        parts.append(
            f"each person introduces two of their contacts with probability "
            f"{closure.introductions:g} per step"
        )
    if closure.strong_triads > 0:
        parts.append(
            f"each person ties two of their strong contacts with probability "
            f"{closure.strong_triads:g} per step"
        )
    return "; ".join(parts) if parts else "no networking"


def this_run_html(model: DemoModel) -> str:
    """The values the running model was built with (sliders only take effect on Reset)."""
    c = model.config
    g, j, t = c.graph, c.jobs, c.trends
    trends = (
        "off"
        if t.rate == 0
        else f"{t.rate:g} new per step, {t.contagion}"
        + (f" (threshold {t.threshold})" if t.contagion == "complex" else "")
    )
    cut = f"at step {model.cut_weak_ties_at}" if model.cut_weak_ties_at else "never"
    strong_cut = f"at step {model.cut_strong_ties_at}" if model.cut_strong_ties_at else "never"
    ties = c.ties
    living = (
        f"ties fade unless kept up (weak half-life {ties.half_life_weak:g} steps)"
        if ties.dynamics
        else "ties do not fade"
    )
    checkins = (
        f"time for check-ins {ties.budget:g} per step, {ties.maintenance.replace('_', ' ')}"
        if ties.checks_in
        else "no check-ins"
    )
    return (
        f"<p><b>This run</b> (seed {c.seed}): {escape(network_phrase(c))}; contact rates "
        f"strong {g.strong_contact_rate:g}, weak {g.weak_contact_rate:g}; job arrival "
        f"{j.job_arrival:g}, loss {j.job_loss:g}; trends {trends}; weak ties cut {cut}, strong "
        f"ties cut {strong_cut}; "
        f"{living}; {checkins}; {networking_html(model)}.</p>"
    )


def drawn(make):
    """Run ``make`` in the drawing thread and return its result."""
    return DRAWING.submit(make).result()


@solara.component
def NetworkPanel(session: Session, size: tuple[int, int]) -> None:
    """The status line, the network, and its legend."""
    model, version = session.model.value, session.version.value
    colour_by, by_strength = session.colour_by.value, session.ties_by_strength.value
    bridges = session.bridges.value
    new_ties = state.forms_ties(model)

    def make() -> NetworkPicture:
        return NetworkPicture(
            model,
            colour_by=colour_by,
            ties_by_strength=by_strength,
            bridges=bridges,
            legend=False,
            title=False,
            size=size,
        )

    picture = solara.use_memo(
        lambda: drawn(make), dependencies=[model, colour_by, by_strength, bridges, size]
    )

    def render() -> bytes:
        picture.update(model)
        image = picture.jpeg()
        session.mark_shown("network", version)
        return image

    image = solara.use_memo(lambda: drawn(render), dependencies=[picture, version])
    with solara.Div(classes=["tiesim-network"], style={"width": f"{size[0]}px"}):
        solara.HTML(
            tag="div", unsafe_innerHTML=escape(status_line(model)), classes=["tiesim-status"]
        )
        solara.Image(image, format="jpeg", width=f"{size[0]}px")
        solara.HTML(
            tag="div",
            unsafe_innerHTML=legend_html(colour_by, bridges, new_ties),
            classes=["tiesim-legend"],
        )


@solara.component
def PlotsPanel(session: Session, size: tuple[int, int]) -> None:
    """Jobs, hires by channel, trends: one image."""
    model, version = session.model.value, session.version.value
    plots = solara.use_memo(lambda: drawn(lambda: LivePlots(model, size=size)), [size])

    def render() -> bytes:
        if plots.model is not model:  # Reset or a new preset: the same panels, a new run
            plots.restart(model)
        plots.update(model)
        image = plots.jpeg()
        session.mark_shown("plots", version)
        return image

    image = solara.use_memo(lambda: drawn(render), dependencies=[plots, model, version])
    solara.Image(image, format="jpeg", width=f"{size[0]}px", classes=["tiesim-plots"])


@solara.component
def WhoToldWhomPanel(session: Session, size: tuple[int, int]) -> None:
    """The latest hires and the way the news of each opening travelled."""
    model, _ = session.model.value, session.version.value
    solara.HTML(
        tag="div",
        unsafe_innerHTML=who_told_whom_html(model),
        classes=["tiesim-who"],
        style={"height": f"{size[1]}px", "width": f"{size[0]}px"},
    )


#: Below the Structure tab's figure: what each panel shows, in the words of the lessons.
STRUCTURE_HINT = (
    "Left: the mean neighbourhood overlap of the ties in each tenth of the strength range "
    "(Easley & Kleinberg 3.3). Middle: the largest connected group as ties are removed, "
    "weakest first and strongest first. Right: each person's constraint (Burt; low means a "
    "broker between groups) against the job leads they heard from contacts so far (3.5). "
    "Measured on the network at this step; it redraws at each step while this tab is open."
)


@solara.component
def StructurePanel(session: Session, size: tuple[int, int]) -> None:
    """Chapter 3 of Easley & Kleinberg measured on the network now (drawn only when shown)."""
    model, version = session.model.value, session.version.value
    shown = session.tab.value == STRUCTURE_TAB
    figure = solara.use_memo(lambda: drawn(lambda: StructureFigure(size=size)), [size])

    def render() -> tuple[str, bytes] | None:
        if not shown:
            return None
        facts = structure_facts(model)
        return facts.line(), figure.jpeg(facts)

    result = solara.use_memo(lambda: drawn(render), dependencies=[figure, model, version, shown])
    if result is None:
        return
    line, image = result
    with solara.Div(classes=["tiesim-structure"]):
        solara.Image(image, format="jpeg", width=f"{size[0]}px")
        solara.HTML(tag="div", unsafe_innerHTML=escape(line), classes=["tiesim-facts"])
        solara.HTML(tag="div", unsafe_innerHTML=escape(STRUCTURE_HINT), classes=["tiesim-hint"])


@solara.component
def InfoPanel(session: Session) -> None:
    """The lesson page of the chosen preset, and the values of the running model."""
    choice, model = session.choice.value, session.model.value
    name = BY_TITLE[choice].lesson if choice in BY_TITLE else "README.md"
    solara.HTML(
        tag="div",
        unsafe_innerHTML=this_run_html(model) + lesson_html(name),
        classes=["tiesim-info"],
    )
