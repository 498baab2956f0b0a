"""The classroom page: the weak-ties lab in the browser (the view only).

Serve it with ``tiesim demo [CONFIG]`` (or ``solara run tiesim.app.app``).  The left column
has the lesson menu, Step / ▶ / Reset with the playing speed, and the settings
(:mod:`tiesim.app.controls`); the "Lab" tab shows the network, the live plots and "who told
whom", the "Structure" tab chapter 3 of Easley & Kleinberg measured on the network now
(:mod:`tiesim.app.structure`), the "Info" tab the lesson page (:mod:`tiesim.app.panels`).

The page is laid out for a projector rather than with Mesa's SolaraViz grid: SolaraViz puts
every view in a draggable card of fixed size, which at 1024×768 left the network a third of
the screen and the plots below the fold.  The page follows SolaraViz otherwise: a model class
rebuilt from the controls' values on Reset, Step / Play / Reset, and the same Solara widgets.
"""

from __future__ import annotations

from collections.abc import Callable

import solara

from tiesim.app.controls import Controls
from tiesim.app.panels import (
    InfoPanel,
    NetworkPanel,
    PlotsPanel,
    StructurePanel,
    WhoToldWhomPanel,
)
from tiesim.app.screen import GAP, MIN_HEIGHT, MIN_WIDTH, TABS_HEIGHT, page_sizes
from tiesim.app.session import Session

TITLE = "tiesim: the strength of weak ties"

CSS = f"""
.tiesim-page {{ display: grid; gap: {GAP}px; padding: {GAP}px; height: 100vh;
  box-sizing: border-box; overflow: hidden; font-size: 15px; }}
.tiesim-side {{ overflow-y: auto; display: flex; flex-direction: column; gap: 8px;
  padding-right: 4px; }}
.tiesim-title {{ font-size: 19px; font-weight: 600; }}
.tiesim-card .v-card__title {{ font-size: 16px; padding: 6px 12px; }}
.tiesim-card .v-card__text, .tiesim-card > div {{ padding-top: 0; }}
.tiesim-control {{ margin: 6px 0 2px 0; }}
.tiesim-label, .tiesim-summary, .tiesim-hint {{ font-size: 15px; line-height: 1.3; }}
.tiesim-hint {{ color: #555; margin: 4px 0; }}
.tiesim-step {{ font-size: 22px; font-weight: 600; margin: 6px 0; }}
.tiesim-main .v-tabs-bar {{ height: {TABS_HEIGHT}px; }}
.tiesim-main .v-tab {{ text-transform: none; font-size: 17px; letter-spacing: 0; }}
.tiesim-lab {{ display: flex; gap: {GAP}px; }}
.tiesim-lab > * {{ flex: none; }}
.tiesim-network img, .tiesim-plots {{ display: block; }}
.tiesim-network > div:not([class]), .tiesim-side-views > div:not([class]) {{
  height: auto !important; }}
.tiesim-status {{ font-size: 19px; height: 34px; line-height: 34px; white-space: nowrap; }}
.tiesim-legend {{ font-size: 15px; line-height: 1.25; display: flex; flex-wrap: wrap;
  column-gap: 16px; row-gap: 2px; padding-top: 4px; }}
.tiesim-key {{ display: inline-flex; align-items: center; gap: 6px; }}
.tiesim-facts {{ font-size: 17px; line-height: 1.4; max-width: 70em; }}
.tiesim-who {{ overflow-y: auto; font-size: 14px; }}
.tiesim-who h3 {{ font-size: 16px; margin: 0 0 4px 0; }}
.tiesim-who td, .tiesim-who th {{ padding: 1px 6px 1px 0; vertical-align: top;
  text-align: left; }}
.tiesim-info {{ font-size: 17px; line-height: 1.45; max-width: 60em; overflow-y: auto;
  padding: 8px 4px; height: calc(100vh - {TABS_HEIGHT + 3 * GAP}px); box-sizing: border-box; }}
.tiesim-info table {{ border-collapse: collapse; }}
.tiesim-info td, .tiesim-info th {{ border: 1px solid #ccc; padding: 2px 8px; }}
"""


@solara.component_vue("viewport.vue")
def Viewport(event_resize: Callable[[dict], None]) -> None:
    """Reports the browser window's size (``{"width": …, "height": …}``) at start and on resize."""


@solara.component
def Lab(session: Session) -> None:
    """The network, and beside it the plots over "who told whom"."""
    sizes = page_sizes(*session.window.value)
    with solara.Div(classes=["tiesim-lab"]):
        NetworkPanel(session, sizes.network)
        with solara.Div(classes=["tiesim-side-views"]):
            PlotsPanel(session, sizes.plots)
            WhoToldWhomPanel(session, sizes.who_told_whom)


@solara.component
def Page():
    """The whole page: controls on the left, the Lab and Info tabs on the right."""
    session = solara.use_memo(Session.start, dependencies=[])
    solara.Title(TITLE)
    solara.Style(CSS)
    Viewport(event_resize=lambda size: session.window.set((size["width"], size["height"])))
    width, height = session.window.value
    sizes = page_sizes(width, height)
    style = {
        "grid-template-columns": f"{sizes.controls_width}px 1fr",
        # a window smaller than the layout is made for scrolls rather than cutting parts off
        "overflow": "auto" if width < MIN_WIDTH or height < MIN_HEIGHT else "hidden",
    }
    with solara.Div(classes=["tiesim-page"], style=style):
        with solara.Div(classes=["tiesim-side"]):
            Controls(session)
        with solara.Div(classes=["tiesim-main"]):
            with solara.lab.Tabs(value=session.tab.value, on_value=session.tab.set):
                with solara.lab.Tab("Lab"):
                    Lab(session)
                with solara.lab.Tab("Structure"):
                    StructurePanel(session, sizes.structure)
                with solara.lab.Tab("Info"):
                    InfoPanel(session)
