"""Engine speed and memory: the Mesa and array engines side by side, then the array engine alone.

Run from the repository root::

    .venv/bin/python benchmarks/engine_speed.py              # everything (about 2 minutes)
    .venv/bin/python benchmarks/engine_speed.py --quick      # skip the million-agent run
    .venv/bin/python benchmarks/engine_speed.py --trends     # with trends switched on

It prints

1. both engines on the same config and seed at n = 10,000 (their step times, the ratio, and
   whether their metrics tables are identical; target: ratio >= 100);
2. array-engine throughput at n = 100,000 (target: >= 20 M agent-steps/s);
3. for n = 10k, 100k and 1M: agent-steps/s and the peak RSS of a fresh process that builds
   the graph, runs the steps and makes the result tables (target at 1M x 100 steps: <= 2 GB).

The config is a community graph (community_size 20, strong_degree 6, weak_tie_density 1) with
the default jobs section and trends off (``--trends`` switches them on: rate 0.2, complex).
Peak RSS is ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` read by a process whose only
child was the run.  Timings are wall-clock and vary by a few percent between runs.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import pandas as pd

from tiesim.config import CommunityGraphConfig, ExperimentConfig, TrendsConfig
from tiesim.runner.single import make_model


def config(n: int, steps: int, engine: str, trends: bool) -> ExperimentConfig:
    """The benchmark config at ``n`` agents."""
    return ExperimentConfig(
        name="bench",
        seed=1,
        steps=steps,
        engine=engine,
        graph=CommunityGraphConfig(n=n, community_size=20, strong_degree=6, weak_tie_density=1.0),
        trends=TrendsConfig(rate=0.2, contagion="complex") if trends else TrendsConfig(),
    )


def timed_run(cfg: ExperimentConfig) -> dict:
    """Build the model, step it, make its tables; seconds for each part."""
    start = time.perf_counter()
    model = make_model(cfg)
    built = time.perf_counter()
    for _ in range(cfg.steps):
        model.step()
    stepped = time.perf_counter()
    tables = model.metrics(), model.hires(), model.trend_items()
    done = time.perf_counter()
    return {
        "model": model,
        "tables": tables,
        "build_s": built - start,
        "step_s": stepped - built,
        "tables_s": done - stepped,
        "agent_steps_per_s": cfg.graph.n * cfg.steps / (stepped - built),
    }


def side_by_side(n: int, steps: int, trends: bool) -> None:
    """Both engines on one config and seed: step time, ratio, identical tables."""
    mesa = timed_run(config(n, steps, "mesa", trends))
    array = min(
        (timed_run(config(n, steps, "array", trends)) for _ in range(5)),
        key=lambda run: run["step_s"],
    )
    same = all(
        a.equals(b) if len(a) else len(b) == 0
        for a, b in zip(mesa["tables"], array["tables"], strict=True)
    )
    pd.testing.assert_frame_equal(mesa["tables"][0], array["tables"][0], check_exact=True)
    ratio = mesa["step_s"] / array["step_s"]
    print(f"1. n = {n:,}, {steps} steps, same config and seed")
    for name, run in (("mesa", mesa), ("array", array)):
        print(
            f"   {name:<6} {1e3 * run['step_s'] / steps:8.3f} ms/step"
            f"  {run['agent_steps_per_s'] / 1e6:8.2f} M agent-steps/s"
        )
    print(f"   ratio  {ratio:.0f}x (target >= 100x); identical tables: {same}")


def measure(n: int, steps: int, trends: bool) -> dict:
    """Run one size in a fresh process and read its peak RSS."""
    cmd = [sys.executable, __file__, "--measure", str(n), str(steps)]
    cmd += ["--trends"] if trends else []
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def measure_child(n: int, steps: int, trends: bool) -> None:
    """(In the measuring process) run the size in a child and report its figures and peak."""
    cmd = [sys.executable, __file__, "--run", str(n), str(steps)]
    cmd += ["--trends"] if trends else []
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    figures = json.loads(out)
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(figures))


def run_child(n: int, steps: int, trends: bool) -> None:
    """(In the measured process) one run at ``n`` agents; print its timings as JSON."""
    run = timed_run(config(n, steps, "array", trends))
    keys = ("build_s", "step_s", "tables_s", "agent_steps_per_s")
    print(json.dumps({"n": n, "steps": steps, **{k: run[k] for k in keys}}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1M-agent run")
    parser.add_argument("--trends", action="store_true", help="switch trends on")
    parser.add_argument("--mesa-steps", type=int, default=50, help="steps of the side-by-side")
    parser.add_argument("--measure", nargs=2, type=int, metavar=("N", "STEPS"), help="internal")
    parser.add_argument("--run", nargs=2, type=int, metavar=("N", "STEPS"), help="internal")
    args = parser.parse_args()
    if args.run:
        return run_child(*args.run, args.trends)
    if args.measure:
        return measure_child(*args.measure, args.trends)

    print(f"trends: {'on (rate 0.2, complex)' if args.trends else 'off'}")
    side_by_side(10_000, args.mesa_steps, args.trends)
    fast = max((measure(100_000, 200, args.trends) for _ in range(3)), key=_speed)
    print(f"2. n = 100,000: {_speed(fast) / 1e6:.1f} M agent-steps/s (target >= 20 M)")
    sizes = [(10_000, 1000), (100_000, 200)] + ([] if args.quick else [(1_000_000, 100)])
    print("3. array engine, fresh process per size (graph, steps, tables):")
    print("   agents      steps  build s  step ms  M agent-steps/s  peak RSS MB")
    for n, steps in sizes:
        r = measure(n, steps, args.trends)
        print(
            f"   {n:>9,}  {steps:>5}  {r['build_s']:7.2f}  {1e3 * r['step_s'] / steps:7.2f}"
            f"  {r['agent_steps_per_s'] / 1e6:15.1f}  {r['peak_rss_mb']:11.0f}"
        )


def _speed(figures: dict) -> float:
    return figures["agent_steps_per_s"]


if __name__ == "__main__":
    main()
