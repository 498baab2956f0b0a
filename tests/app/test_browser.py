"""The classroom page in a real (headless) browser, at projector sizes.

Starts ``tiesim demo``'s server on a free port on 127.0.0.1 and drives Debian's Chromium with
Playwright, at 1366×768 and 1024×768: the page loads offline, steps, resets, and its parts have
the sizes a projector needs (measured from the page); a screenshot of each size is saved in the
test's temporary folder.  Skipped, with the reason, when /usr/bin/chromium or Playwright is
missing (``apt-get install -y chromium``; ``.ci/run`` installs it).
"""

from __future__ import annotations

import socket
import time
import urllib.request
from pathlib import Path

import pytest

from tiesim.app.server import start_server, stop_server

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PAGE_TIMEOUT_MS = 30_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Debian's chromium at /usr/bin/chromium (apt-get install -y chromium)",
    ),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url: str, process, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"demo server ended with code {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"demo server did not answer within {timeout:.0f} s:\n{log.read_text()}")


DIGEST_JS = """async (img) => {
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
    let h = 0;
    for (const b of bytes) h = (h * 31 + b) >>> 0;
    return `${bytes.length}:${h}`;
}"""


def digest(image, tries: int = 40) -> str:
    """A digest of the PNG an <img> shows (its blob URL changes on every render)."""
    for _ in range(tries):
        try:
            return image.evaluate(DIGEST_JS, timeout=2_000)
        except Exception:  # re-rendered while we looked: look again
            time.sleep(0.25)
    pytest.fail("could not read the figure's image")


def settled_box(image, timeout: float = 20.0) -> dict:
    """The image's bounding box (None while the page swaps the figure for a new one)."""
    deadline = time.monotonic() + timeout
    while (box := image.bounding_box()) is None and time.monotonic() < deadline:
        time.sleep(0.25)
    assert box is not None, "the figure never settled on the page"
    return box


def steady_box(image, timeout: float = 20.0) -> dict:
    """The image's bounding box once it stops moving (tabs slide their content in)."""
    deadline = time.monotonic() + timeout
    box = settled_box(image, timeout)
    while time.monotonic() < deadline:
        time.sleep(0.3)
        now = settled_box(image, timeout)
        if now == box:
            return now
        box = now
    raise AssertionError("the figure never stopped moving")


def wait_for_change(image, before: str, timeout: float = 20.0) -> str:
    """Wait until the figure shows a different picture than ``before``; returns its digest."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = digest(image)
        if now != before:
            return now
        time.sleep(0.25)
    pytest.fail("the figure did not change")


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("server") / "server.log"
    with log.open("w") as sink:
        process = start_server(host="127.0.0.1", port=port, stdout=sink, stderr=sink)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_serving(url, process, log)
        yield url
    finally:
        stop_server(process)


BOXES_JS = """() => {
    const box = (e) => { const r = e.getBoundingClientRect();
        return {x: r.x, y: r.y, width: r.width, height: r.height}; };
    const one = (sel) => box(document.querySelector(sel));
    const network = document.querySelector(".tiesim-network img");
    return {
        network: one(".tiesim-network img"),
        natural: {width: network.naturalWidth, height: network.naturalHeight},
        plots_natural: document.querySelector(".tiesim-plots").naturalWidth,
        legend: one(".tiesim-legend"),
        plots: one(".tiesim-plots"),
        who: one(".tiesim-who"),
        legend_px: [...document.querySelectorAll(".tiesim-key")].map(
            (e) => parseFloat(getComputedStyle(e).fontSize)),
        sliders: [...document.querySelectorAll(".tiesim-control")].map((c) => ({
            label: c.querySelector(".tiesim-label").textContent,
            track: box(c.querySelector(".v-slider")).width,
            value: c.querySelector("[role=slider]").getAttribute("aria-valuenow"),
        })),
        scroll: {width: document.documentElement.scrollWidth,
                 height: document.documentElement.scrollHeight},
    };
}"""


def settled_boxes(page, width: int, timeout: float = 20.0) -> dict:
    """The parts' boxes once the page has drawn its figures for this window's size."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        boxes = page.evaluate(BOXES_JS)
        plots = boxes["plots"]
        drawn_for_us = boxes["natural"]["width"] == round(boxes["network"]["width"])
        if drawn_for_us and plots["x"] + plots["width"] <= width:
            return boxes
        time.sleep(0.25)
    return boxes  # the checks below say what is wrong


def check_projector_sizes(page, width: int, height: int) -> None:
    """The sizes issue 12 asks for, measured from the page."""
    boxes = settled_boxes(page, width)
    network, plots, legend = boxes["network"], boxes["plots"], boxes["legend"]
    # the network is the largest element, drawn at the size it is shown (no blurry scaling)
    assert network["width"] * network["height"] > plots["width"] * plots["height"]
    assert network["width"] * network["height"] > boxes["who"]["width"] * boxes["who"]["height"]
    assert boxes["natural"]["width"] == round(network["width"])
    assert boxes["plots_natural"] == round(plots["width"])  # so its 14 px text stays 14 px
    # legends of at least 14 px
    assert len(boxes["legend_px"]) == 6 and min(boxes["legend_px"]) >= 14
    # network, legend and plots inside the window: nothing to scroll to
    for part in (network, legend, plots):
        assert part["x"] >= 0 and part["x"] + part["width"] <= width + 0.5, part
        assert part["y"] >= 0 and part["y"] + part["height"] <= height + 0.5, part
    assert boxes["scroll"]["width"] <= width and boxes["scroll"]["height"] <= height
    # every slider has a usable track and shows its value
    assert len(boxes["sliders"]) >= 9
    for slider in boxes["sliders"]:
        assert slider["track"] >= 150, slider
        shown = float(slider["label"].rsplit(":", 1)[1].split()[0])
        assert shown == pytest.approx(float(slider["value"])), slider


@pytest.mark.parametrize("width, height", [(1366, 768), (1024, 768)])
def test_demo_page_at_projector_sizes(demo_url, tmp_path, width, height):
    sync_api = pytest.importorskip("playwright.sync_api")
    outside, failed = [], []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile",  # a fresh profile
            executable_path=str(CHROMIUM),
            args=FLAGS,
            viewport={"width": width, "height": height},
        )
        try:
            page = browser.new_page()
            page.on(
                "request",
                lambda r: (
                    outside.append(r.url)
                    if r.url.startswith("http") and not r.url.startswith(demo_url)
                    else None
                ),
            )
            # (blob: URLs of figures replaced while we read them may fail: not the server's)
            page.on(
                "requestfailed",
                lambda r: failed.append(r.url) if r.url.startswith("http") else None,
            )
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.goto(demo_url)
            expect = sync_api.expect
            expect.set_options(timeout=PAGE_TIMEOUT_MS)

            # controls, tabs with names, the title of the browser tab
            step = page.get_by_role("button", name="Step", exact=True)
            expect(step).to_be_enabled()
            expect(page.get_by_role("button", name="Reset", exact=True)).to_be_visible()
            expect(page.get_by_role("tab", name="Lab")).to_be_visible()
            expect(page.get_by_role("tab", name="Info")).to_be_visible()
            expect(page.get_by_text("Page 0")).to_have_count(0)
            expect(page).to_have_title("tiesim: the strength of weak ties")
            expect(page.get_by_text("Step 0", exact=True)).to_be_visible()

            # the network figure and the plots are images on the page, at the window's sizes
            network = page.locator(".tiesim-network img")
            plots = page.locator("img.tiesim-plots")
            expect(network).to_be_visible()
            expect(plots).to_be_visible()
            settled_box(network)
            expect(page.get_by_text("No hires yet")).to_be_visible()
            check_projector_sizes(page, width, height)
            network_before, plots_before = digest(network), digest(plots)

            # Step: the counter and the pictures change
            step.click()
            expect(page.get_by_text("Step 1", exact=True)).to_be_visible()
            step.click()
            expect(page.get_by_text("Step 2", exact=True)).to_be_visible()
            wait_for_change(plots, plots_before)
            wait_for_change(network, network_before)
            page.screenshot(path=str(tmp_path / f"demo-{width}x{height}.png"))

            # move the weak-tie slider with the keyboard: its label shows the new value
            weak = page.locator(".tiesim-control", has_text="Weak ties per person")
            thumb = weak.get_by_role("slider")
            value = float(thumb.get_attribute("aria-valuenow"))
            thumb.focus()
            for _ in range(10):
                thumb.press("ArrowRight")
            expect(weak.locator(".tiesim-label")).to_have_text(
                f"Weak ties per person: {value + 1:g}"
            )
            # Reset: back to step 0 with more weak ties, so a different network
            page.get_by_role("button", name="Reset", exact=True).click()
            expect(page.get_by_text("Step 0", exact=True)).to_be_visible()
            expect(page.get_by_text("No hires yet")).to_be_visible()
            wait_for_change(network, network_before)

            # the Structure tab: chapter 3 measured on this network, the figure the lab's width
            page.get_by_role("tab", name="Structure").click()
            structure = page.locator(".tiesim-structure img")
            expect(structure).to_be_visible()
            expect(page.locator(".tiesim-facts")).to_contain_text("local bridges")
            box = steady_box(structure)  # after the tabs' sliding transition
            assert box["y"] + box["height"] <= height + 0.5  # no scrolling to see it
            assert box["width"] >= 0.6 * width  # the lab's width
            page.screenshot(path=str(tmp_path / f"structure-{width}x{height}.png"))

            # the lesson is in the Info tab
            page.get_by_role("tab", name="Info").click()
            expect(page.get_by_text("This run", exact=True)).to_be_visible()
            info = page.locator(".tiesim-info").bounding_box()
            assert info["y"] + info["height"] <= height + 0.5  # it scrolls inside the page
            expect(
                page.get_by_role("heading", name="The town every preset starts from")
            ).to_be_visible()
        finally:
            browser.close()
    assert (tmp_path / f"demo-{width}x{height}.png").stat().st_size > 10_000
    assert outside == [], f"the page asked the internet for {outside}"
    assert failed == [], f"requests failed: {failed}"


def test_the_network_menu_switches_to_real_networks_and_a_small_world(demo_url, tmp_path):
    """Issue 12 item 5: pick a real network, see only its sliders, step, mark its bridges."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile",
            executable_path=str(CHROMIUM),
            args=FLAGS,
            viewport={"width": 1366, "height": 768},
        )
        try:
            page = browser.new_page()
            page.set_default_timeout(PAGE_TIMEOUT_MS)
            page.goto(demo_url)
            expect = sync_api.expect
            expect.set_options(timeout=PAGE_TIMEOUT_MS)
            network = page.locator(".tiesim-network img")
            expect(network).to_be_visible()
            settled_box(network)
            sliders = page.locator(".tiesim-control")
            expect(sliders.filter(has_text="Weak ties per person")).to_have_count(1)
            town = digest(network)

            def choose(title: str) -> None:
                page.locator(".v-select", has_text="Network").click()
                page.get_by_role("option", name=title, exact=True).click()

            choose("Zachary's karate club")  # resets at once
            karate = wait_for_change(network, town)
            expect(sliders.filter(has_text="Weak ties per person")).to_have_count(0)
            expect(sliders.filter(has_text="Community size")).to_have_count(0)
            expect(sliders.filter(has_text="Weak-tie contact rate")).to_have_count(1)
            page.get_by_role("button", name="Step", exact=True).click()
            expect(page.get_by_text("Step 1", exact=True)).to_be_visible()
            page.get_by_text("Mark local bridges (no contact in common)").click()
            wait_for_change(network, karate)
            expect(page.locator(".tiesim-legend")).to_contain_text("local bridge")
            page.screenshot(path=str(tmp_path / "karate.png"))
            page.get_by_role("tab", name="Info").click()
            expect(page.get_by_text("the real network Zachary's karate club")).to_be_visible()
            page.get_by_role("tab", name="Lab").click()

            choose("Small world")
            expect(sliders.filter(has_text="Ring neighbours per person")).to_have_count(1)
            expect(sliders.filter(has_text="Rewiring probability")).to_have_count(1)
            expect(sliders.filter(has_text="Weak ties per person")).to_have_count(0)
            expect(page.get_by_text("Step 0", exact=True)).to_be_visible()
        finally:
            browser.close()
    assert (tmp_path / "karate.png").stat().st_size > 10_000
