"""What one browser tab of the classroom page holds: the model, the controls' values, play.

Each open page gets its own :class:`Session` (Solara keeps one per browser tab), so two
students' pages never share a model.  The actions (:meth:`Session.step`, :meth:`~Session.
reset`, :meth:`~Session.choose`) change the model and bump :attr:`Session.version`; the parts
of the page that show the model read ``version`` and redraw.  The sliders' values take effect
on Reset, as in Mesa's SolaraViz; the colour menu, "ties by strength" and "local bridges" act
at once (they change only the picture).
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import solara

from tiesim.app.demo_model import DemoModel, starting_params
from tiesim.app.presets import PRESETS, preset_values
from tiesim.errors import TiesimError

START = starting_params()  # DEFAULTS, or the values of the config given to `tiesim demo`
START_CHOICE = "Starting values"
CHOICES = [START_CHOICE, *(p.title for p in PRESETS)]
BY_TITLE = {p.title: p for p in PRESETS}
DEFAULT_SPEED = 10  # steps per second while playing
MAX_STEPS_PER_PICTURE = 4  # while playing, when drawing cannot keep up with the speed


def choice_values(choice: str) -> dict[str, Any]:
    """All parameter values of a menu choice: the starting values or a preset over them."""
    return dict(START) if choice == START_CHOICE else preset_values(BY_TITLE[choice].key, START)


LAB_TAB, STRUCTURE_TAB, INFO_TAB = 0, 1, 2  #: the page's tabs, in order


@dataclass
class Session:
    """The reactive state of one page (see the module docstring)."""

    model: solara.Reactive[DemoModel]
    choice: solara.Reactive[str] = field(default_factory=lambda: solara.reactive(START_CHOICE))
    values: solara.Reactive[dict] = field(default_factory=lambda: solara.reactive(dict(START)))
    version: solara.Reactive[int] = field(default_factory=lambda: solara.reactive(0))
    playing: solara.Reactive[bool] = field(default_factory=lambda: solara.reactive(False))
    speed: solara.Reactive[int] = field(default_factory=lambda: solara.reactive(DEFAULT_SPEED))
    colour_by: solara.Reactive[str] = field(
        default_factory=lambda: solara.reactive(str(START["colour_by"]))
    )
    ties_by_strength: solara.Reactive[bool] = field(default_factory=lambda: solara.reactive(False))
    bridges: solara.Reactive[bool] = field(
        default_factory=lambda: solara.reactive(bool(START["bridges"]))
    )
    #: the tab shown: :data:`LAB_TAB`, :data:`STRUCTURE_TAB` or the Info tab
    tab: solara.Reactive[int] = field(default_factory=lambda: solara.reactive(LAB_TAB))
    window: solara.Reactive[tuple[int, int]] = field(
        default_factory=lambda: solara.reactive((1366, 768))
    )
    error: solara.Reactive[str | None] = field(default_factory=lambda: solara.reactive(None))
    #: the version each picture last showed (plain values, set by the pictures when drawn)
    shown: dict[str, int] = field(default_factory=dict)
    drawn: threading.Condition = field(default_factory=threading.Condition)

    @classmethod
    def start(cls) -> Session:
        """A session on the starting values."""
        return cls(model=solara.reactive(DemoModel(**START)))

    def step(self) -> None:
        """Advance the model one step."""
        self.model.value.step()
        self.version.value += 1

    def reset(self) -> None:
        """Stop playing and build a new model from the controls' values."""
        self.playing.value = False
        try:
            self.model.value = DemoModel(**self.values.value)
        except TiesimError as exc:
            self.error.value = str(exc)
            return
        self.error.value = None
        self.version.value += 1

    def choose(self, choice: str) -> None:
        """Switch to a preset (or the starting values) and reset."""
        values = choice_values(choice)
        self.choice.value = choice
        self.values.value = values
        self.colour_by.value = values["colour_by"]
        self.ties_by_strength.value = bool(values["ties_by_strength"])
        self.bridges.value = bool(values["bridges"])
        self.reset()

    def set_value(self, name: str, value: Any) -> None:
        """Change one control's value (it takes effect on Reset)."""
        self.values.value = {**self.values.value, name: value}

    def mark_shown(self, picture: str, version: int) -> None:
        """Note that ``picture`` now shows ``version`` (called by the page's pictures)."""
        with self.drawn:
            self.shown[picture] = version
            self.drawn.notify_all()

    def wait_until_shown(self, version: int, timeout: float = 5.0) -> None:
        """Wait until every picture shows ``version`` (or ``timeout`` seconds have passed)."""
        with self.drawn:
            self.drawn.wait_for(
                lambda: all(v >= version for v in self.shown.values()), timeout=timeout
            )

    def play(self) -> None:
        """Step at :attr:`speed` steps per second while :attr:`playing` (run in a thread).

        After each step the pictures are drawn, and the next step waits until they are shown,
        so steps never pile up.  When drawing takes longer than a step may (a slow or busy
        computer, a high speed), several steps are taken per picture, at most
        :data:`MAX_STEPS_PER_PICTURE`, so the run keeps its speed and the plots miss nothing;
        only the highlights of the steps in between are not shown.
        """
        per_picture = 1
        due = time.perf_counter()  # when the next picture is due, on a steady schedule
        while self.playing.value:
            start = time.perf_counter()
            model = self.model.value
            for _ in range(per_picture):
                model.step()
            self.version.value += 1
            self.wait_until_shown(self.version.value)
            now = time.perf_counter()
            speed = max(self.speed.value, 1)
            due = max(due + per_picture / speed, now - 0.5)  # never race to catch up long
            time.sleep(max(due - now, 0.001))
            took = now - start
            per_picture = min(MAX_STEPS_PER_PICTURE, max(1, math.ceil(took * speed - 0.05)))
