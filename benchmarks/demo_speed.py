"""How fast the classroom demo steps, plays and resets (issue 12: Step <= 100 ms, Play >= 10
steps/s, Reset <= 1 s at the default demo size).

Run:  .venv/bin/python benchmarks/demo_speed.py [--steps 200] [--repeats 3] [--browser]
                                                 [--network NAME]

In-process (always): the work the page's server does, at the figure sizes of a 1366x768 window:
  reset  build the model, the network picture and the plots, render both to PNG;
  step   one model step, update the network and plots in place, render both, "who told whom".
A whole lesson (``--steps`` steps) is timed ``--repeats`` times; medians and 95th percentiles.
``--network`` times it on another of the demo's networks (``small_world``, ``karate_club``,
``les_miserables``, ``florentine_families``, ``davis_southern_women``; in-process only).

With --browser (needs Debian's chromium and Playwright): the same, as a user sees it, in headless
Chromium at 1366x768 against a real ``tiesim demo`` server: Step (click until the step counter
shows the next step), Play (steps per second over 10 s at the default speed, 10 steps/s, and at
the fastest, 20 steps/s), Reset after a run, and switching preset.

Timings on a shared machine are noisy: run it several times.
"""

from __future__ import annotations

import argparse
import socket
import statistics
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

from tiesim.app.charts import LivePlots
from tiesim.app.demo_model import DemoModel
from tiesim.app.drawing import NetworkPicture
from tiesim.app.panels import who_told_whom_html
from tiesim.app.presets import DEFAULTS, NETWORKS
from tiesim.app.screen import page_sizes

WINDOW = (1366, 768)

# Clicks a button and resolves, in ms, when the network picture on the page has changed: the
# whole round trip (server step and drawing, transfer, the browser showing it), measured in the
# page itself so the test driver's own delays are not counted.
CLICK_JS = """(name) => new Promise((resolve) => {
    const img = document.querySelector(".tiesim-network img");
    const before = img.src;
    const button = [...document.querySelectorAll("button")].find(
        (b) => b.textContent.trim().toLowerCase() === name.toLowerCase());
    const start = performance.now();
    const check = () => {
        const now = document.querySelector(".tiesim-network img");
        if (now.src !== before && now.complete) resolve(performance.now() - start);
        else requestAnimationFrame(check);
    };
    button.click();
    requestAnimationFrame(check);
})"""


def build(values: dict) -> tuple[DemoModel, NetworkPicture, LivePlots]:
    sizes = page_sizes(*WINDOW)
    model = DemoModel(**values)
    picture = NetworkPicture(model, legend=False, title=False, size=sizes.network)
    plots = LivePlots(model, size=sizes.plots)
    picture.jpeg()
    plots.jpeg()
    who_told_whom_html(model)
    return model, picture, plots


def step(model: DemoModel, picture: NetworkPicture, plots: LivePlots) -> None:
    model.step()
    picture.update(model)
    picture.jpeg()
    plots.update(model)
    plots.jpeg()
    who_told_whom_html(model)


def in_process(steps: int, repeats: int, network: str = "community") -> None:
    values = {**DEFAULTS, "network": network}
    resets, steps_ms = [], []
    for _ in range(repeats):
        start = time.perf_counter()
        parts = build(values)
        resets.append(time.perf_counter() - start)
        for _ in range(steps):
            start = time.perf_counter()
            step(*parts)
            steps_ms.append(1000 * (time.perf_counter() - start))
    model_only = []
    model = DemoModel(**values)
    for _ in range(steps):
        start = time.perf_counter()
        model.step()
        model_only.append(1000 * (time.perf_counter() - start))
    ms = np.array(steps_ms)
    print(
        f"in-process, {NETWORKS[network]} (n = {model.graph.n}), figures for a "
        f"{WINDOW[0]}x{WINDOW[1]} window, {repeats} x {steps} steps:"
    )
    print(f"  reset            median {1000 * statistics.median(resets):7.1f} ms")
    print(
        f"  step (all)       median {np.median(ms):7.1f} ms   "
        f"95th pct {np.percentile(ms, 95):7.1f} ms   -> at most {1000 / ms.mean():.1f} steps/s"
    )
    print(f"  model step only  median {np.median(model_only):7.1f} ms")
    print(f"  a {steps}-step lesson: {ms.sum() / repeats / 1000:.1f} s of server work")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def in_browser() -> None:
    from playwright.sync_api import sync_playwright

    from tiesim.app.server import start_server, stop_server

    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ]
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "server.log"
        with log.open("w") as sink:
            server = start_server(host="127.0.0.1", port=port, stdout=sink, stderr=sink)
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(url, timeout=2)
                    break
                except OSError:
                    time.sleep(0.3)
            with sync_playwright() as pw:
                browser = pw.chromium.launch_persistent_context(
                    Path(tmp) / "profile",
                    executable_path="/usr/bin/chromium",
                    args=flags,
                    viewport={"width": WINDOW[0], "height": WINDOW[1]},
                )
                page = browser.new_page()
                page.set_default_timeout(60_000)
                page.goto(url)
                counter = page.locator(".tiesim-step")
                button = page.get_by_role("button", name="Step", exact=True)
                button.wait_for()
                time.sleep(3)  # let the first figures arrive

                def shown() -> int:
                    return int(counter.text_content().split()[1])

                clicks = [page.evaluate(CLICK_JS, "Step") for _ in range(30)]
                print(f"browser, {WINDOW[0]}x{WINDOW[1]}:")
                print(
                    f"  Step   median {statistics.median(clicks):6.0f} ms, "
                    f"max {max(clicks):6.0f} ms (30 clicks; click to new network picture shown)"
                )
                play = page.get_by_role("button", name="▶", exact=True)
                for speed in (10, 20):
                    if speed == 20:
                        thumb = page.locator(".tiesim-control", has_text="Play speed").get_by_role(
                            "slider"
                        )
                        thumb.focus()
                        for _ in range(10):
                            thumb.press("ArrowRight")
                        time.sleep(0.5)
                    before, start = shown(), time.perf_counter()
                    play.click()
                    time.sleep(10)
                    page.get_by_role("button", name="❚❚", exact=True).click()
                    rate = (shown() - before) / (time.perf_counter() - start)
                    print(f"  Play   {rate:5.1f} steps/s at Play speed {speed} (over 10 s)")
                    play.wait_for()
                times = []
                for _ in range(3):
                    page.evaluate(CLICK_JS, "Step")
                    times.append(page.evaluate(CLICK_JS, "Reset"))
                print(f"  Reset  median {statistics.median(times):6.0f} ms (3 resets)")
                times = []
                for title in ("Cut the weak ties", "Complex trends", "No weak ties"):
                    button.click()
                    page.get_by_text("Step 0", exact=True).wait_for(state="detached")
                    start = time.perf_counter()
                    page.locator(".v-select", has_text="Preset").click()
                    page.get_by_role("option", name=title, exact=True).click()
                    page.get_by_text("Step 0", exact=True).wait_for()
                    times.append(1000 * (time.perf_counter() - start))
                print(
                    f"  Preset median {statistics.median(times):6.0f} ms (3 switches, "
                    "from opening the menu)"
                )
                browser.close()
        finally:
            stop_server(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--browser", action="store_true")
    parser.add_argument("--network", choices=list(NETWORKS), default="community")
    args = parser.parse_args()
    in_process(args.steps, args.repeats, args.network)
    if args.browser:
        in_browser()


if __name__ == "__main__":
    main()
