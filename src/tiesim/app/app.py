"""The classroom page: a Mesa SolaraViz view of the weak-ties model (the view only).

Serve it with ``tiesim demo [CONFIG]`` (or ``solara run tiesim.app.app``).  The sidebar has a
preset menu (the lessons in ``experiments/lessons/``), SolaraViz's Step / Play / Reset and
speed controls, and the sliders; the main area shows the network, "who told whom", and live
plots.  Choosing a preset rebuilds the page with that preset's values on the sliders; moving a
slider takes effect on Reset, as in every Mesa app.
"""

from __future__ import annotations

from html import escape
from typing import Any

import solara
from mesa.visualization import Slider, SolaraViz

from tiesim.app.charts import LivePlots
from tiesim.app.demo_model import DemoModel, latest_hires, starting_params
from tiesim.app.drawing import NetworkPicture
from tiesim.app.presets import COLOUR_BY, CONTROLS, PRESETS, preset_values

START = starting_params()  # DEFAULTS, or the values of the config given to `tiesim demo`
START_CHOICE = "Starting values"
CHOICES = [START_CHOICE, *(p.title for p in PRESETS)]
BY_TITLE = {p.title: p for p in PRESETS}


def choice_values(choice: str) -> dict[str, Any]:
    """All parameter values of a menu choice: the starting values or a preset over them."""
    return dict(START) if choice == START_CHOICE else preset_values(BY_TITLE[choice].key, START)


def model_params(values: dict[str, Any]) -> dict[str, Any]:
    """SolaraViz ``model_params``: the seed box, the sliders, the colour menu; the rest fixed."""
    params: dict[str, Any] = dict(values)
    params["seed"] = {"type": "InputText", "value": str(values["seed"]), "label": "Seed"}
    for c in CONTROLS:
        value = values[c.name]
        params[c.name] = Slider(
            c.label,
            value=value,
            min=min(c.low, value),
            max=max(c.high, value),
            step=c.step,
            dtype=float if isinstance(c.step, float) else int,
        )
    params["colour_by"] = {
        "type": "Select",
        "value": values["colour_by"],
        "values": list(COLOUR_BY),
        "label": "Colour people by",
    }
    return params


def NetworkView(model: DemoModel):
    """The network: strong and weak ties, people, the latest hires and their leads' paths."""
    picture = solara.use_memo(
        lambda: NetworkPicture(model, colour_by=model.colour_by, size=(660, 440)),
        dependencies=[model],
    )
    picture.update(model)
    return solara.Image(picture.png(), format="png")


def who_told_whom_html(model: DemoModel, limit: int = 8) -> str:
    """The "who told whom" panel as an HTML table (plain HTML: no CDN-loaded Markdown extras)."""
    rows = latest_hires(model, limit)
    parts = ["<h3>Who told whom</h3>"]
    if not rows:
        parts.append("<p>No hires yet: press <b>Step</b> or <b>▶</b>.</p>")
    else:
        parts.append(
            '<table style="font-size: 0.9em"><tr><th>step</th><th>hired</th><th>channel</th>'
            "<th>how the news travelled</th></tr>"
        )
        for r in rows:
            cells = (r["step"], f"#{r['agent']}", r["channel"], r["story"])
            parts.append("<tr>" + "".join(f"<td>{escape(str(c))}</td>" for c in cells) + "</tr>")
        parts.append("</table>")
    if model.weak_ties_cut_:
        parts.append(
            f"<p><i>{model.weak_ties_cut_} weak ties were cut at step "
            f"{model.cut_weak_ties_at}.</i></p>"
        )
    return "".join(parts)


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
    return (
        f"<p><b>This run</b> (seed {c.seed}): {g.n} people in communities of "
        f"{g.community_size}; {g.weak_tie_density:g} weak ties per person; contact rates "
        f"strong {g.strong_contact_rate:g}, weak {g.weak_contact_rate:g}; job arrival "
        f"{j.job_arrival:g}, loss {j.job_loss:g}; trends {trends}; weak ties cut {cut}.</p>"
    )


def WhoToldWhom(model: DemoModel):
    """The latest hires, newest first, with the way the news of the opening travelled."""
    return solara.HTML(tag="div", unsafe_innerHTML=this_run_html(model) + who_told_whom_html(model))


def PlotsView(model: DemoModel):
    """Jobs, hires by channel, and the reach of each trend."""
    plots = solara.use_memo(lambda: LivePlots(model), dependencies=[model])
    plots.update(model)
    return solara.Image(plots.png(), format="png")


@solara.component
def Page():
    """The preset menu, then Mesa's SolaraViz with that preset's values."""
    choice, set_choice = solara.use_state(START_CHOICE)
    values = choice_values(choice)
    model = solara.use_memo(lambda: DemoModel(**values), dependencies=[choice])
    with solara.Sidebar(), solara.Card("Lesson"):
        solara.Select(label="Preset", value=choice, values=CHOICES, on_value=set_choice)
        if choice in BY_TITLE:
            p = BY_TITLE[choice]
            solara.Text(p.summary)
            solara.Text(f"Lesson page: experiments/lessons/{p.lesson}")
        else:
            solara.Text("The defaults, or the config given to tiesim demo.")
    SolaraViz(
        model,
        components=[
            (NetworkView, 0),
            (WhoToldWhom, 0),
            (PlotsView, 0),
        ],
        model_params=model_params(values),
        name="tiesim: the strength of weak ties",
    ).key(f"viz-{choice}")
