"""Engine speed and memory: the Mesa and array engines side by side, then the array engine alone.

Run from the repository root::

    .venv/bin/python benchmarks/engine_speed.py              # everything (about a minute)
    .venv/bin/python benchmarks/engine_speed.py --quick      # skip the million-agent run
    .venv/bin/python benchmarks/engine_speed.py --trends     # with trends switched on
    .venv/bin/python benchmarks/engine_speed.py --ties       # with living ties: decay and
                                                             # check-ins (see below)
    .venv/bin/python benchmarks/engine_speed.py --networking # every networking mechanism on
                                                             # (see below; combines with
                                                             # --ties and --trends)
    .venv/bin/python benchmarks/engine_speed.py --config configs/weak_tie_density.yaml
                                     # part 1 only, on a shipped config (its base values,
                                     # n set to 10,000 unless --n, 100 steps unless
                                     # --mesa-steps)

It prints

0. the numba kernels' JIT compile time (cold, into an empty cache) and its load time from the
   cache (``cache=True``: later processes load the compiled kernels), in fresh processes;
1. the Mesa engine and the array engine on the same config
   and seed at n = 10,000: step times, ratios to Mesa, and whether the tables are identical
   (target: ratio >= 100); array figures are the best of 5 runs after a warm-up run, so they
   exclude compile time;
2. array-engine throughput at n = 100,000 (target: >= 20 M agent-steps/s; 10 M with living
   ties or networking); with ``--ties`` or ``--networking`` also where the array engine's step
   goes at that size, timed in one fresh process: the check-ins, the jobs phases, the tie
   update at the end of the step, the two networking phases (``ask_for_interviews``,
   ``form_ties``) and the rest of the step;
3. for n = 10k, 100k and 1M: agent-steps/s and the peak RSS of a fresh
   process that builds the graph, runs the steps and makes the result tables (target at
   1M x 100 steps: <= 2 GB).

The config is a community graph (community_size 20, strong_degree 6, weak_tie_density 1) with
the default jobs section and trends off (``--trends`` switches them on: rate 0.2, complex;
``--ties`` switches living ties on as in ``configs/maintenance.yaml``: dynamics, ``weak_first``
check-ins with a budget of 2, a strong check-in costing 2, due after 4 silent steps;
``--networking`` switches every networking mechanism on, at the rates of :data:`NETWORKING`:
half the people homebodies, 20 % networkers (effort 3), 30 % ask for interviews; at n = 100,000 a
step forms about a thousand ties, a new tie per person in about 100 steps).
Peak RSS is ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` read by a process whose only
child was the run.  Timings are wall-clock and vary by a few percent between runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

import pandas as pd

from tiesim.config import (
    CommunityGraphConfig,
    ExperimentConfig,
    NetworkingConfig,
    TiesConfig,
    TrendsConfig,
)
from tiesim.config.loading import load_config
from tiesim.runner.single import make_model

LIVING_TIES = TiesConfig(
    dynamics=True, maintenance="weak_first", budget=2, strong_cost_ratio=2, checkin_after=4
)
LIVING_TIES_TEXT = "dynamics, weak_first check-ins, budget 2, strong cost 2, due after 4 steps"
#: Every networking mechanism on (``--networking``), at rates meant to be plausible for a
#: step of about a week: one industry-wide event of 30 people a step, where each pair meets
#: with probability 0.05; 100 activity groups of 20 (half from a home community) that each
#: meet one step in ten; one person in a hundred (times their effort) shown a recommendation,
#: the three rankings as arms of an experiment; job seekers who ask for interviews (30 % of
#: people) ask two contacts a step in random order, and one interview in five ends in an
#: introduction; one person in 500 introduces two contacts, one in 500 closes a strong triad.
NETWORKING = NetworkingConfig(
    events={"rate": 1.0, "size": 30, "meet": 0.05},
    online={"rate": 0.01, "arms": ["most_mutual", "random", "fewest_mutual"]},
    activities={"groups": 100, "size": 20, "homophily": 0.5, "rate": 0.1, "meet": 0.05},
    interviews={"rule": "random", "budget": 2.0, "introduce": 0.2},
    closure={"introductions": 0.002, "strong_triads": 0.002},
    strategies={"homebody": 0.5, "networker": 0.2, "asks_for_interviews": 0.3},
)
NETWORKING_TEXT = (
    "events 1/step of 30 (meet 0.05), 100 activity groups of 20 (rate 0.1, meet 0.05), "
    "online 0.01 x effort (3 arms), interviews random budget 2 (introduce 0.2), "
    "introductions 0.002, strong triads 0.002; 50 % homebodies, 20 % networkers, "
    "30 % ask for interviews"
)
Features = tuple[bool, bool, bool]  # trends on, living ties on, networking on


def config(
    n: int, steps: int, engine: str, trends: bool, ties: bool, networking: bool = False
) -> ExperimentConfig:
    """The benchmark config at ``n`` agents."""
    return ExperimentConfig(
        name="bench",
        seed=1,
        steps=steps,
        engine=engine,
        graph=CommunityGraphConfig(n=n, community_size=20, strong_degree=6, weak_tie_density=1.0),
        trends=TrendsConfig(rate=0.2, contagion="complex") if trends else TrendsConfig(),
        ties=LIVING_TIES if ties else TiesConfig(),
        networking=NETWORKING if networking else NetworkingConfig(),
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
        "agent_steps_per_s": model.graph.n * cfg.steps / (stepped - built),
    }


def best_array_run(cfg: ExperimentConfig) -> dict:
    """Best of 5 array runs after a warm-up run (which pays any JIT compile or cache load)."""
    timed_run(cfg.with_overrides({"steps": 5}))
    runs = [timed_run(cfg) for _ in range(5)]
    return min(runs, key=lambda run: run["step_s"])


def shipped_config(path: str, n: int, steps: int) -> ExperimentConfig:
    """One run of a config file (its base values; the sweep is ignored), at ``n`` agents.

    A graph read from a file, or a real network (``graph.kind: dataset``), keeps its own size.
    """
    cfg = load_config(path, {"steps": steps})
    return cfg.with_overrides({"graph.n": n}) if hasattr(cfg.graph, "n") else cfg


def side_by_side(n: int, steps: int, features: Features, path: str | None = None) -> None:
    """Mesa and array engines on one config and seed: step time, ratio, same tables."""
    base = shipped_config(path, n, steps) if path else config(n, steps, "array", *features)
    mesa = timed_run(base.with_overrides({"engine": "mesa"}))
    size = f"n = {n:,}" if hasattr(base.graph, "n") else f"{base.graph.kind} graph, its own size"
    print(f"1. {size}, {steps} steps, same config and seed ({path or 'benchmark config'})")
    print(f"   {'mesa':<12} {1e3 * mesa['step_s'] / steps:8.3f} ms/step")
    array = best_array_run(base.with_overrides({"engine": "array"}))
    for a, b in zip(mesa["tables"], array["tables"], strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
    print(
        f"   {'array':<12} {1e3 * array['step_s'] / steps:8.3f} ms/step"
        f"  {mesa['step_s'] / array['step_s']:6.0f}x Mesa (target >= 100x)"
        "  identical tables: True"
    )


def compile_times() -> None:
    """JIT compile time into an empty cache, then load time from that cache (fresh processes)."""
    code = (
        "import time; t = time.perf_counter();"
        "from tiesim.engines import ArrayModel;"
        "from tiesim.config import TrendsConfig;"
        "m = ArrayModel(trends=TrendsConfig(rate=0.5), rng=0);"
        "m.step(); print(time.perf_counter() - t)"
    )
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "NUMBA_CACHE_DIR": cache}
        run = [sys.executable, "-c", code]
        cold = float(subprocess.run(run, env=env, check=True, capture_output=True).stdout)
        warm = float(subprocess.run(run, env=env, check=True, capture_output=True).stdout)
    print(
        f"0. numba kernels: first step {cold:.1f} s with JIT compile (empty cache), "
        f"{warm:.2f} s loading them from the cache (import, small model, one step)"
    )


def flags(features: Features) -> list[str]:
    """The command-line flags that switch ``features`` (trends, ties, networking) on."""
    names = ("--trends", "--ties", "--networking")
    return [flag for flag, on in zip(names, features, strict=True) if on]


def measure(n: int, steps: int, features: Features) -> dict:
    """Run one size in a fresh process and read its peak RSS."""
    cmd = [sys.executable, __file__, "--measure", str(n), str(steps), *flags(features)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def measure_child(n: int, steps: int, features: Features) -> None:
    """(In the measuring process) run the size in a child and report its figures and peak."""
    cmd = [sys.executable, __file__, "--run", str(n), str(steps), *flags(features)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    figures = json.loads(out)
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(figures))


def run_child(n: int, steps: int, features: Features) -> None:
    """(In the measured process) one run at ``n`` agents; print its timings as JSON."""
    make_model(config(200, 1, "array", *features)).step()  # load kernels before timing
    run = timed_run(config(n, steps, "array", *features))
    keys = ("build_s", "step_s", "tables_s", "agent_steps_per_s")
    print(json.dumps({"n": n, "steps": steps, **{k: run[k] for k in keys}}))


def phases_child(n: int, steps: int, features: Features) -> None:
    """(In a fresh process) one array run; print seconds per step in each phase as JSON.

    The phases the step calls are wrapped in timers: the jobs phases (``jobs``), with check-ins
    ``check_in``, when ties change (living ties or networking) the end-of-step tie update
    (``update``), with networking ``ask_for_interviews`` and ``form_ties``; the rest of the
    step is the step's time less theirs.
    """
    make_model(config(200, 1, "array", *features)).step()  # load kernels before timing
    model = make_model(config(n, steps, "array", *features))
    owners = {"jobs": (model.jobs_state, "step")}
    if model.living_ties is not None:  # ties change (living ties or networking)
        if model.ties.checks_in:
            owners["check_in"] = (model.living_ties, "check_in")
        owners["update"] = (model.living_ties, "update")
    if model.network is not None:
        owners |= {name: (model, name) for name in ("ask_for_interviews", "form_ties")}
    spent = dict.fromkeys(owners, 0.0)
    for name, (owner, method) in owners.items():
        phase = getattr(owner, method)

        def timed(*args, phase=phase, name=name, **kwargs):
            start = time.perf_counter()
            out = phase(*args, **kwargs)
            spent[name] += time.perf_counter() - start
            return out

        setattr(owner, method, timed)  # the step calls owner.<method>(...)
    start = time.perf_counter()
    for _ in range(steps):
        model.step()
    total = time.perf_counter() - start
    figures = {name: seconds / steps for name, seconds in spent.items()}
    figures["rest"] = (total - sum(spent.values())) / steps
    if model.network is not None:
        figures["ties_formed"] = int(model.metrics().filter(regex="^formed_").sum().sum())
    print(json.dumps(figures))


def phase_breakdown(n: int, steps: int, features: Features) -> None:
    """Where the array engine's step goes with living ties or networking on (a fresh process)."""
    cmd = [sys.executable, __file__, "--phases", str(n), str(steps), *flags(features)]
    out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    formed = out.pop("ties_formed", None)
    ms = {name: 1e3 * value for name, value in out.items()}
    names = {"check_in": "check-ins", "jobs": "jobs", "update": "tie update", "rest": None}
    parts = [f"{names.get(name, name)} {value:.2f}" for name, value in ms.items() if name != "rest"]
    parts.append(f"rest of the step {ms['rest']:.2f}")
    print(
        f"   phases (one fresh process, n = {n:,}, {steps} steps), ms/step: {', '.join(parts)}"
        f" (total {sum(ms.values()):.2f}"
        + (f"; {formed:,} ties formed)" if formed is not None else ")")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the 1M-agent run")
    parser.add_argument("--trends", action="store_true", help="switch trends on")
    parser.add_argument("--ties", action="store_true", help="switch living ties on")
    parser.add_argument(
        "--networking", action="store_true", help="switch every networking mechanism on"
    )
    parser.add_argument("--mesa-steps", type=int, help="side-by-side steps (50; --config: 100)")
    parser.add_argument("--config", help="run only part 1, on this YAML config at n = 10,000")
    parser.add_argument("--n", type=int, default=10_000, help="--config: agents (10,000)")
    parser.add_argument("--measure", nargs=2, type=int, metavar=("N", "STEPS"), help="internal")
    parser.add_argument("--run", nargs=2, type=int, metavar=("N", "STEPS"), help="internal")
    parser.add_argument("--phases", nargs=2, type=int, metavar=("N", "STEPS"), help="internal")
    args = parser.parse_args()
    features = (args.trends, args.ties, args.networking)
    if args.run:
        return run_child(*args.run, features)
    if args.phases:
        return phases_child(*args.phases, features)
    if args.measure:
        return measure_child(*args.measure, features)

    if args.n != 10_000 and not args.config:
        parser.error("--n sets the size of a --config run")
    if args.config:
        if any(features) or args.quick:
            parser.error("--config runs part 1 on the config as written (no other options)")
        return side_by_side(args.n, args.mesa_steps or 100, (False, False, False), args.config)
    print(f"trends: {'on (rate 0.2, complex)' if args.trends else 'off'}")
    print(f"living ties: {'on (' + LIVING_TIES_TEXT + ')' if args.ties else 'off'}")
    if args.networking:
        print(f"networking: on ({NETWORKING_TEXT})")
    compile_times()
    side_by_side(10_000, args.mesa_steps or 50, features)
    target = 10 if args.ties or args.networking else 20
    print(f"2. n = 100,000, 200 steps, best of 3 fresh processes (target >= {target} M/s)")
    fast = max((measure(100_000, 200, features) for _ in range(3)), key=_speed)
    print(f"   array  {_speed(fast) / 1e6:6.1f} M agent-steps/s")
    if args.ties or args.networking:
        phase_breakdown(100_000, 200, features)
    sizes = [(10_000, 1000), (100_000, 200)] + ([] if args.quick else [(1_000_000, 100)])
    print("3. array engine, fresh process per size (graph, steps, tables):")
    print("   agents      steps  build s  step ms  M agent-steps/s  peak RSS MB")
    for n, steps in sizes:
        r = measure(n, steps, features)
        print(
            f"   {n:>9,}  {steps:>5}  {r['build_s']:7.2f}  {1e3 * r['step_s'] / steps:7.2f}"
            f"  {r['agent_steps_per_s'] / 1e6:15.1f}  {r['peak_rss_mb']:11.0f}"
        )


def _speed(figures: dict) -> float:
    return figures["agent_steps_per_s"]


if __name__ == "__main__":
    main()
