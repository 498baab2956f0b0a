"""How the classroom page divides the browser window (plain arithmetic, no Solara).

The page draws its figures at exactly the pixel size they are shown at, so that text keeps the
size it was given (a legend of 15 px stays 15 px) however large the window: the browser reports
its window size, and :func:`page_sizes` says how big each part of the page is.  Designed for
projectors (1024×768 and 1366×768) and up; smaller windows get the sizes of 1024×768 and scroll.

The page is a grid: the controls in a column on the left; on the right the "Lab" tab shows the
network (the largest part), and beside it the live plots over the "who told whom" panel; the
"Structure" tab a figure the width of the lab over a few lines of facts.
"""

from __future__ import annotations

from dataclasses import dataclass

#: The smallest window the layout is made for; smaller ones get these sizes and scroll.
MIN_WIDTH, MIN_HEIGHT = 1024, 700
#: Width of the controls column: narrow windows get the narrower one.
CONTROLS_NARROW, CONTROLS_WIDE, WIDE_FROM = 260, 300, 1280
TABS_HEIGHT = 48  # the tab bar above the lab
GAP = 12  # between and around the parts
STATUS_HEIGHT = 34  # the line above the network ("step 12, 86 % employed ...")
LEGEND_HEIGHT = 60  # the legend below the network (two lines at most)
NETWORK_SHARE = 0.58  # of the lab's width
PLOTS_MAX_HEIGHT = 600
WHO_MIN_HEIGHT = 120  # the "who told whom" panel below the plots
FACTS_HEIGHT = 120  # the Structure tab's lines of facts and hints below its figure
STRUCTURE_MAX_HEIGHT = 420


@dataclass(frozen=True)
class PageSizes:
    """Pixel sizes of the page's parts, ``(width, height)`` each."""

    controls_width: int
    network: tuple[int, int]
    plots: tuple[int, int]
    who_told_whom: tuple[int, int]
    structure: tuple[int, int]  #: the Structure tab's figure


def page_sizes(width: int, height: int) -> PageSizes:
    """Sizes of the page's parts in a browser window of ``width`` × ``height`` CSS pixels.

    Examples
    --------
    >>> sizes = page_sizes(1366, 768)
    >>> sizes.network[0] > sizes.plots[0]
    True
    """
    width, height = max(int(width), MIN_WIDTH), max(int(height), MIN_HEIGHT)
    controls = CONTROLS_WIDE if width >= WIDE_FROM else CONTROLS_NARROW
    lab_width = width - controls - 3 * GAP
    lab_height = height - TABS_HEIGHT - 2 * GAP
    network_width = int(lab_width * NETWORK_SHARE)
    network_height = min(lab_height - STATUS_HEIGHT - LEGEND_HEIGHT, network_width)
    side_width = lab_width - network_width - GAP
    plots_height = min(PLOTS_MAX_HEIGHT, lab_height - WHO_MIN_HEIGHT - GAP)
    who_height = lab_height - plots_height - GAP
    return PageSizes(
        controls_width=controls,
        network=(network_width, network_height),
        plots=(side_width, plots_height),
        who_told_whom=(side_width, who_height),
        structure=(lab_width, min(STRUCTURE_MAX_HEIGHT, lab_height - FACTS_HEIGHT - GAP)),
    )
