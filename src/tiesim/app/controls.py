"""The page's left column: lesson menu, Step / Play / Reset and speed, and the settings.

Every slider shows its name and current value on its own line above a full-width track, so no
slider is squeezed by a long label and the values can be read without touching them.  The
network menu (town of communities, small world, four real networks) resets at once, and only
the sliders that apply to the chosen network are shown.
"""

from __future__ import annotations

from typing import Any

import solara

from tiesim.app.presets import (
    COLOUR_BY,
    CONTROLS,
    INTERVIEW_CHOICES,
    MAINTENANCE_CHOICES,
    NETWORKS,
    Control,
)
from tiesim.app.session import BY_TITLE, CHOICES, Session


def format_value(value: Any) -> str:
    """A slider value as shown beside its label: ``1.5``, ``0.05``, ``20``."""
    return f"{value:g}" if isinstance(value, float) else str(value)


@solara.component
def LabelledSlider(control: Control, value: Any, on_value) -> None:
    """A slider with ``label: value`` above it."""
    is_float = isinstance(control.step, float)
    with solara.Div(classes=["tiesim-control"]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"{control.label}: <b>{format_value(value)}</b>",
            classes=["tiesim-label"],
        )
        slider = solara.SliderFloat if is_float else solara.SliderInt
        slider(
            "",
            value=value,
            min=min(control.low, value),
            max=max(control.high, value),
            step=control.step,
            on_value=on_value,
            thumb_label=False,
        )


@solara.component
def LessonCard(session: Session) -> None:
    """The preset menu and what the chosen preset is about."""
    choice = session.choice.value
    with solara.Card("Lesson", margin=0, classes=["tiesim-card"]):
        solara.Select(label="Preset", value=choice, values=CHOICES, on_value=session.choose)
        text = (
            BY_TITLE[choice].summary
            if choice in BY_TITLE
            else "The defaults, or the config given to tiesim demo."
        )
        solara.HTML(tag="div", unsafe_innerHTML=text, classes=["tiesim-summary"])
        solara.HTML(
            tag="div",
            unsafe_innerHTML="The lesson is in the <b>Info</b> tab.",
            classes=["tiesim-hint"],
        )


@solara.component
def RunCard(session: Session) -> None:
    """Reset, play / pause, step, the step counter and the playing speed."""
    playing = session.playing.value
    with solara.Card("Run", margin=0, classes=["tiesim-card"]):
        with solara.Row(gap="8px"):
            solara.Button("Reset", color="primary", on_click=session.reset)
            solara.Button(
                "❚❚" if playing else "▶",
                color="primary",
                on_click=lambda: session.playing.set(not session.playing.value),
            )
            solara.Button("Step", color="primary", on_click=session.step, disabled=playing)
        StepCounter(session)
        speed = session.speed.value
        with solara.Div(classes=["tiesim-control"]):
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f"Play speed: <b>{speed}</b> steps per second",
                classes=["tiesim-label"],
            )
            solara.SliderInt(
                "", value=speed, min=1, max=20, on_value=session.speed.set, thumb_label=False
            )
        if session.error.value:
            solara.Error(session.error.value)
    solara.lab.use_task(session.play, dependencies=[playing], prefer_threaded=True)


@solara.component
def StepCounter(session: Session) -> None:
    """The step counter (it redraws at every step, so it is its own small component)."""
    _ = session.version.value  # subscribe: redraw at every step
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f"Step {session.model.value.steps}",
        classes=["tiesim-step"],
    )


@solara.component
def NetworkMenu(session: Session) -> None:
    """Which network the people live in; choosing one resets the run on it at once."""
    by_title = {title: key for key, title in NETWORKS.items()}

    def choose(title: str) -> None:
        session.set_value("network", by_title[title])
        session.reset()

    solara.Select(
        label="Network",
        value=NETWORKS[session.values.value["network"]],
        values=list(NETWORKS.values()),
        on_value=choose,
    )


@solara.component
def SettingsCard(session: Session) -> None:
    """Seed, sliders and display choices."""
    values = session.values.value
    with solara.Card("Settings", margin=0, classes=["tiesim-card"]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML="Seed and sliders take effect on <b>Reset</b>.",
            classes=["tiesim-hint"],
        )
        solara.InputText(
            "Seed",
            value=str(values["seed"]),
            on_value=lambda text: session.set_value("seed", text),
        )
        NetworkMenu(session)
        network = values["network"]
        for control in (c for c in CONTROLS if c.applies(network)):
            LabelledSlider(
                control,
                values[control.name],
                lambda v, name=control.name: session.set_value(name, v),
            )
        solara.Checkbox(
            label="Ties fade unless kept up",
            value=bool(values["tie_dynamics"]),
            on_value=lambda v: session.set_value("tie_dynamics", v),
        )
        solara.Select(
            label="Check-ins go first to",
            value=values["maintenance"],
            values=list(MAINTENANCE_CHOICES),
            on_value=lambda v: session.set_value("maintenance", v),
        )
        solara.Select(
            label="Job seekers ask first",
            value=values["interview_rule"],
            values=list(INTERVIEW_CHOICES),
            on_value=lambda v: session.set_value("interview_rule", v),
        )

        def colour(value: str) -> None:
            session.colour_by.set(value)
            session.set_value("colour_by", value)

        solara.Select(
            label="Colour people by",
            value=session.colour_by.value,
            values=list(COLOUR_BY),
            on_value=colour,
        )

        def by_strength(value: bool) -> None:
            session.ties_by_strength.set(value)
            session.set_value("ties_by_strength", value)

        solara.Checkbox(
            label="Tie width and shade by strength",
            value=session.ties_by_strength.value,
            on_value=by_strength,
        )

        def mark_bridges(value: bool) -> None:
            session.bridges.set(value)
            session.set_value("bridges", value)

        solara.Checkbox(
            label="Mark local bridges (no contact in common)",
            value=session.bridges.value,
            on_value=mark_bridges,
        )


@solara.component
def Controls(session: Session) -> None:
    """The whole left column."""
    solara.HTML(tag="div", unsafe_innerHTML="The strength of weak ties", classes=["tiesim-title"])
    LessonCard(session)
    RunCard(session)
    SettingsCard(session)
