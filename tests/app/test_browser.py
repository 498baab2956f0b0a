"""The classroom page in a real (headless) browser: it loads offline, steps, and resets.

Starts ``tiesim demo``'s server on a free port on 127.0.0.1 and drives Debian's Chromium with
Playwright.  Skipped, with the reason, when /usr/bin/chromium or Playwright is missing
(``apt-get install -y chromium``; ``.ci/run`` installs it).
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


def wait_for_change(image, before: str, timeout: float = 20.0) -> str:
    """Wait until the figure shows a different picture than ``before``; returns its digest."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = digest(image)
        if now != before:
            return now
        time.sleep(0.25)
    pytest.fail("the figure did not change")


@pytest.fixture
def demo_url(tmp_path):
    port = free_port()
    log = tmp_path / "server.log"
    with log.open("w") as sink:
        process = start_server(host="127.0.0.1", port=port, stdout=sink, stderr=sink)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_serving(url, process, log)
        yield url
    finally:
        stop_server(process)


def test_demo_page_loads_offline_steps_and_resets(demo_url, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api")
    outside, failed = [], []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile",  # a fresh profile
            executable_path=str(CHROMIUM),
            args=FLAGS,
            viewport={"width": 1500, "height": 1100},
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

            # controls: SolaraViz's buttons, the preset menu, the sliders
            step = page.get_by_role("button", name="Step", exact=True)
            expect(step).to_be_enabled()
            expect(page.get_by_role("button", name="Reset", exact=True)).to_be_visible()
            expect(page.get_by_text("Preset", exact=True)).to_be_visible()
            weak = page.locator(".v-input", has_text="Weak ties per person")
            expect(weak).to_be_visible()
            expect(page.get_by_text("Time: 0.0")).to_be_visible()

            # the network figure and the plots are images on the page
            images = page.locator("main img, .v-main img")
            expect(images).to_have_count(2)
            network, jobs = images.nth(0), images.nth(1)
            expect(network).to_be_visible()
            box = settled_box(network)
            assert box["width"] > 300 and box["height"] > 200
            expect(page.get_by_text("No hires yet")).to_be_visible()
            network_before, jobs_before = digest(network), digest(jobs)

            # Step: the counter and the plots change
            step.click()
            expect(page.get_by_text("Time: 1.0")).to_be_visible()
            step.click()
            expect(page.get_by_text("Time: 2.0")).to_be_visible()
            expect(images).to_have_count(2)
            wait_for_change(jobs, jobs_before)
            wait_for_change(network, network_before)

            # move the weak-tie slider with the keyboard, then Reset
            thumb = weak.get_by_role("slider")
            value = thumb.get_attribute("aria-valuenow")
            thumb.focus()
            for _ in range(10):
                thumb.press("ArrowRight")
            expect(thumb).not_to_have_attribute("aria-valuenow", value)
            assert float(thumb.get_attribute("aria-valuenow")) == pytest.approx(float(value) + 1)
            page.get_by_role("button", name="Reset", exact=True).click()
            expect(page.get_by_text("Time: 0.0")).to_be_visible()
            expect(page.get_by_text("No hires yet")).to_be_visible()
            # same seed, more weak ties: a different network at step 0
            wait_for_change(network, network_before)

            page.screenshot(path=str(tmp_path / "demo.png"), full_page=True)
        finally:
            browser.close()
    assert (tmp_path / "demo.png").stat().st_size > 10_000
    assert outside == [], f"the page asked the internet for {outside}"
    assert failed == [], f"requests failed: {failed}"
