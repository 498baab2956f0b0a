"""tiesim beside two peers, in one process: a hand-written Mesa model and NDlib's SI model.

Run from the repository root::

    .venv/bin/python benchmarks/peers.py                # n = 10,000 (about 3 minutes)
    .venv/bin/python benchmarks/peers.py --quick        # n = 400, 20 steps (a smoke test)
    .venv/bin/python benchmarks/peers.py --n 2000 --steps 100 --repeat 5

Every model runs on one graph: ``community_graph(n, 20, 6, 1.0, seed=--seed)`` with both
contact rates 1, so every tie talks every step; the peers get it as ``.to_networkx()``.  Each
model runs ``--repeat`` times (seeds spawned from ``--seed``; ``--quick``: 2 runs at n = 400,
20 steps); a row gives the best and the median ms/step over those runs (stepping only:
building a model is timed apart) and the result averaged over them, ± its standard error
sd/sqrt(runs) (rough with few runs).  The peers and tiesim use different random numbers, so
their results agree only statistically.  It prints

(a) the job model of Calvó-Armengol & Jackson (2004), a = 0.1, b = 0.015: each agent hears of
    an opening with probability a; an unemployed one takes it, an employed one passes it to a
    uniformly random neighbour unemployed at the start of the step (the lead is lost if there
    is none, or if that neighbour found a job too); then every employed agent loses its job
    with probability b.  Rows: the model as a Mesa user writes it by hand (``CajModel``
    below: ``FixedAgent``s on a ``mesa.discrete_space.Network``, ``shuffle_do("step")``
    between a pass noting who is unemployed and a job-loss pass; no tiesim code), tiesim's
    Mesa engine and its array engine (numba) in tiesim's reduction to that model (``jobs``:
    ``job_locality 0, max_hops 1, lead_lifetime 1, passing random``; trends off), with the
    mean employment rate over the last half of the steps (targets: array >= 100x the
    hand-written model, tiesim's Mesa engine no slower than it);
(b) SI contagion from one seed agent, transmission beta per step over each tie from an
    infected (adopting) agent: NDlib's ``SIModel`` against tiesim's simple-contagion trends
    (array engine, and Mesa engine unless ``--no-mesa-trends``), with the share infected or
    adopted after half of ``--si-steps`` steps and after all of them.  When ndlib is not
    importable (it is not a tiesim dependency) its row is skipped with a message.

In both tables "speed" is the peer's best ms/step over the row's best (first row: the peer).

The array engine is warmed up on a small model first (that pays the numba compile, or the
load of the compiled kernels from numba's on-disk cache) and the warm-up time is printed
apart; its rows exclude it.  tiesim's two engines run the same seeds and the script checks
they give identical tables.  The hand-written model records the employment rate every step
with a ``DataCollector`` (as a Mesa user would), like tiesim records its metrics each step.

How (b) is matched, and what still differs:

- tiesim seeds trend items as a Poisson(``rate``) stream, one random agent each; NDlib seeds
  once, from an initial infected fraction or node list.  So that both follow exactly one item
  from the same agent, each tiesim run uses the first seed (counting up from a spawned one)
  whose step draws give one new item at step 1 and none later (predicted from
  ``tiesim.model.draws.draw_step``, then checked on the run), and NDlib starts with that
  item's seed agent infected (``add_model_initial_configuration``; an initial fraction of
  1/n would pick one agent at random, the same distribution).  ``rate`` = 1/steps and
  ``horizon`` 10^6, so the item is followed to the end.
- Both are synchronous and give a susceptible agent with k infected neighbours the same
  chance to adopt in a step, 1 - (1 - beta)^k; but NDlib draws one number per susceptible
  node and compares it with that chance (``tp_rate`` 1), while tiesim draws one per tie and
  direction (an adopter mentions its items over a talking tie with probability beta).
- tiesim's item spreads already in the step that seeds it; NDlib's first ``iteration()``
  only reports the initial state.  So after ``steps`` tiesim steps the item has spread for
  ``steps`` rounds, and NDlib is timed over ``steps`` iterations after that first one.
- tiesim always runs its jobs phases; here with no openings and no job loss (``job_arrival``
  and ``job_loss`` 0) they do little, but their time is in tiesim's ms/step.  NDlib's
  ``iteration_bunch`` also counts the nodes in each state every step, as tiesim records its
  metrics.
- NDlib seeds numpy's global generator (``np.random.seed`` in its constructor) and draws
  from it; the script restores the global state afterwards.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import statistics
import time
from collections.abc import Callable
from enum import Enum
from typing import Any

import mesa
import numpy as np
import pandas as pd
from mesa.discrete_space import FixedAgent, Network

from tiesim.config import JobsConfig, TrendsConfig
from tiesim.engines import ArrayModel
from tiesim.graphs import community_graph
from tiesim.graphs.ties import SocialGraph
from tiesim.model import WeakTiesModel
from tiesim.model.draws import draw_step

JOB_ARRIVAL, JOB_LOSS = 0.1, 0.015


# ---------------------------------------------------------------------- (a) the peer, by hand
class Status(Enum):
    """Employment status."""

    EMPLOYED = 1
    UNEMPLOYED = 0


class Worker(FixedAgent):
    """A person who hears of jobs, takes them or passes them on, and loses them."""

    def __init__(self, model: CajModel, cell, employed: bool):
        super().__init__(model)
        self.cell = cell
        self.status = Status.EMPLOYED if employed else Status.UNEMPLOYED
        self.looking = False

    def note_status(self):
        """Remember whether I am unemployed at the start of the period."""
        self.looking = self.status is Status.UNEMPLOYED

    def step(self):
        """Maybe hear of a job: take it if I was unemployed, else tell an unemployed friend."""
        if self.random.random() >= self.model.job_arrival:
            return
        if self.looking:
            self.status = Status.EMPLOYED
            return
        friends = [agent for agent in self.cell.neighborhood.agents if agent.looking]
        if friends:
            # if the friend already found a job this period, the lead is lost
            self.random.choice(friends).status = Status.EMPLOYED

    def maybe_lose_job(self):
        """Lose my job with probability ``job_loss``."""
        if self.status is Status.EMPLOYED and self.random.random() < self.model.job_loss:
            self.status = Status.UNEMPLOYED


def employment_rate(model: CajModel) -> float:
    """Share of agents employed."""
    return sum(a.status is Status.EMPLOYED for a in model.agents) / len(model.agents)


class CajModel(mesa.Model):
    """Calvó-Armengol & Jackson (2004) with hearing before job loss, on a given network."""

    def __init__(self, G, job_arrival=0.1, job_loss=0.015, initial_employment=0.9, rng=None):
        super().__init__(rng=rng)
        self.job_arrival = job_arrival
        self.job_loss = job_loss
        self.grid = Network(G, random=self.random, layout=None)
        for cell in self.grid.all_cells:
            Worker(self, cell, self.random.random() < initial_employment)
        self.datacollector = mesa.DataCollector({"employment": employment_rate})

    def step(self):
        """One period: everyone notes their status, hears and passes jobs, then may lose one."""
        # the rule passes jobs to friends unemployed at the start of the period, and job loss
        # comes after all hearing: so a pass before and one after the shuffled step
        self.agents.do("note_status")
        self.agents.shuffle_do("step")
        self.agents.do("maybe_lose_job")
        self.datacollector.collect(self)


# ---------------------------------------------------------------------- timing and results
class Runs:
    """The runs of one model: build and step times, and the result figures of each run."""

    def __init__(self, name: str, steps: int, target: str = ""):
        self.name, self.steps, self.target = name, steps, target
        self.build_s: list[float] = []
        self.step_s: list[float] = []
        self.results: list[tuple[float, ...]] = []

    def time(self, build: Callable[[], Any], run: Callable[[Any, int], Any] | None = None) -> Any:
        """Build a model (timed apart), then run it for ``steps`` steps (timed).

        ``run(model, steps)`` runs the steps (default: ``model.step()`` that many times); its
        return value is returned if not None, else the model.
        """
        gc.collect()  # the previous runs' garbage is not this run's time
        start = time.perf_counter()
        model = build()
        built = time.perf_counter()
        out = (run or _step)(model, self.steps)
        self.step_s.append(time.perf_counter() - built)
        self.build_s.append(built - start)
        return model if out is None else out

    def ms_per_step(self, how: Callable = min) -> float:
        """Milliseconds per step of the best (``min``) or the median run."""
        return 1e3 * how(self.step_s) / self.steps

    def row(self, baseline: Runs) -> str:
        """One line of the table: times, speed relative to ``baseline``, results, target."""
        best, median = self.ms_per_step(), self.ms_per_step(statistics.median)
        speed = baseline.ms_per_step() / best
        figures = zip(*self.results, strict=True)
        results = "   ".join(_mean_se(list(values)) for values in figures)
        return (
            f"   {self.name:<30} {best:8.3f} {median:8.3f} {statistics.median(self.build_s):7.2f}"
            f" {speed:7.1f}x   {results}   {self.target}"
        ).rstrip()


def print_table(rows: list[Runs], results: str) -> None:
    """The rows under a header; speeds are relative to the first row (best runs)."""
    print(f"   {'':<30} {'ms/step':>17} {'build':>7} {'speed':>8}")
    print(f"   {'model':<30} {'best':>8} {'median':>8} {'s':>7} {'(best)':>8}   {results}")
    for runs in rows:
        print(runs.row(rows[0]))


def _mean_se(values: list[float]) -> str:
    """``mean ± sd/sqrt(len)``, to two significant digits of the standard error."""
    mean = statistics.fmean(values)
    if len(values) < 2:
        return f"{mean:.4f}"
    se = statistics.stdev(values) / math.sqrt(len(values))
    digits = min(6, max(3, 1 - math.floor(math.log10(se)))) if se > 0 else 6
    return f"{mean:.{digits}f} ± {se:.{digits}f}"


def last_half_mean(series: Any) -> float:
    """Mean of the last half of a per-step series."""
    series = np.asarray(series, dtype=float)
    return float(series[len(series) // 2 :].mean())


def warm_up(*sections: tuple[JobsConfig, TrendsConfig]) -> float:
    """Seconds to run a small array model a few steps per ``(jobs, trends)`` pair.

    The first use of a numba kernel in a process compiles it, or loads it from numba's
    on-disk cache (``cache=True``) if an earlier process compiled it.
    """
    start = time.perf_counter()
    graph = community_graph(200, 20, 6, 1.0, seed=0)
    for jobs, trends in sections:
        _step(ArrayModel(graph, jobs, trends, rng=0), 5)
    return time.perf_counter() - start


def _step(model: Any, steps: int) -> None:
    for _ in range(steps):
        model.step()


def _assert_identical(mesa_tables: tuple, array_tables: tuple) -> None:
    """tiesim's two engines must give identical tables for the same config and seed."""
    for a, b in zip(mesa_tables, array_tables, strict=True):
        pd.testing.assert_frame_equal(a, b, check_exact=True)


# ---------------------------------------------------------------------- (a) CAJ
def caj_jobs() -> JobsConfig:
    """tiesim's reduction to Calvó-Armengol & Jackson (contact rates 1 are in the graph)."""
    return JobsConfig(
        job_arrival=JOB_ARRIVAL,
        job_loss=JOB_LOSS,
        job_locality=0.0,
        max_hops=1,
        lead_lifetime=1,
        passing="random",
    )


def compare_caj(graph: SocialGraph, steps: int, seeds: list[int]) -> None:
    """Part (a): the hand-written Mesa model and tiesim's two engines, CAJ rule."""
    jobs, trends = caj_jobs(), TrendsConfig(rate=0.0)
    print(
        f"(a) Calvó-Armengol & Jackson (a = {JOB_ARRIVAL}, b = {JOB_LOSS}), {steps} steps, "
        f"{len(seeds)} runs of each model (seeds {', '.join(map(str, seeds))})"
    )
    G = graph.to_networkx()
    hand = Runs("hand-written Mesa model", steps)
    mesa_engine = Runs("tiesim Mesa engine", steps, "(target >= 1x)")
    array = Runs("tiesim array engine (numba)", steps, "(target >= 100x)")
    for seed in seeds:
        model = hand.time(lambda s=seed: CajModel(G, JOB_ARRIVAL, JOB_LOSS, rng=s))
        hand.results.append((last_half_mean(model.datacollector.model_vars["employment"]),))
        tables = []
        for runs, engine in ((mesa_engine, WeakTiesModel), (array, ArrayModel)):
            model = runs.time(lambda e=engine, s=seed: e(graph, jobs, trends, rng=s))
            metrics = model.metrics()
            runs.results.append((last_half_mean(metrics["employment_rate"]),))
            tables.append((metrics, model.hires()))
        _assert_identical(*tables)
    print_table(
        [hand, mesa_engine, array], f"employment (mean of the last {steps - steps // 2} steps)"
    )
    print("   tiesim's Mesa and array engines gave identical metrics and hires for each seed")


# ---------------------------------------------------------------------- (b) SI
def si_trends(steps: int, beta: float) -> TrendsConfig:
    """Simple contagion, one item followed to the end (rate 1/steps: see the docstring)."""
    return TrendsConfig(
        rate=1.0 / steps,
        contagion="simple",
        transmission=beta,
        seed_contacts=False,
        horizon=1_000_000,
    )


def quiet_jobs() -> JobsConfig:
    """No openings, no job loss: tiesim's jobs phases run but do little."""
    return JobsConfig(job_arrival=0.0, job_loss=0.0)


def single_item_seed(start: int, graph: SocialGraph, steps: int, trends: TrendsConfig) -> int:
    """The first seed >= ``start`` whose draws give one new item at step 1 and none later.

    Replays the draws a model makes from ``rng=seed`` on ``graph`` (the initial employment,
    then :func:`draw_step` each step); the run checks the prediction.
    """
    jobs = quiet_jobs()
    for seed in range(start, start + 1_000_000):
        rng = np.random.default_rng(seed)
        rng.random(graph.n)  # initial employment
        counts = (
            len(draw_step(rng, graph.n, graph.num_communities, jobs, trends).new_trend_seeds)
            for _ in range(steps)
        )
        if next(counts) == 1 and not any(counts):
            return seed
    raise RuntimeError(f"no seed in {start}..{start + 999_999} gives a single trend item")


def compare_si(graph: SocialGraph, steps: int, beta: float, seeds: list[int], mesa: bool) -> None:
    """Part (b): NDlib's SI model and tiesim's simple-contagion trends, one item."""
    trends, jobs = si_trends(steps, beta), quiet_jobs()
    single: list[int] = []
    for seed in seeds:
        found = single_item_seed(seed, graph, steps, trends)
        while found in single:  # two spawned seeds close together
            found = single_item_seed(found + 1, graph, steps, trends)
        single.append(found)
    print(
        f"(b) SI contagion from one agent, beta = {beta}, {steps} steps, {len(seeds)} runs of "
        f"each model (tiesim seeds {', '.join(map(str, single))})"
    )
    ndlib = _import_ndlib()
    G = graph.to_networkx() if ndlib else None
    half = steps // 2
    peer = Runs("NDlib SIModel", steps)
    array = Runs("tiesim array engine (trends)", steps)
    mesa_engine = Runs("tiesim Mesa engine (trends)", steps)
    for seed in single:
        tables = []
        for runs, engine in ((array, ArrayModel), (mesa_engine, WeakTiesModel)):
            if engine is WeakTiesModel and not mesa:
                continue
            model = runs.time(lambda e=engine, s=seed: e(graph, jobs, trends, rng=s))
            items, metrics = model.trend_items(), model.metrics()
            if len(items) != 1 or items["start_step"].iloc[0] != 1:
                raise RuntimeError(
                    f"seed {seed} was predicted to give one trend item, at step 1, but the run "
                    f"followed {len(items)} (has the draw order in tiesim.model.draws changed?)"
                )
            share = metrics["trend_reach"].to_numpy()  # one item: its adopters / n
            runs.results.append((share[half - 1], share[-1]))
            tables.append((metrics, items))
        if mesa:
            _assert_identical(*tables)
        if ndlib:
            agent = int(items["seed_agent"].iloc[0])
            state = np.random.get_state()  # noqa: NPY002 (NDlib seeds and draws from it)
            try:
                counts = peer.time(lambda s=seed, a=agent: _ndlib_si(ndlib, G, beta, a, s), _bunch)
            finally:
                np.random.set_state(state)  # noqa: NPY002
            peer.results.append((counts[half - 1] / graph.n, counts[-1] / graph.n))
    rows = ([peer] if ndlib else []) + [array] + ([mesa_engine] if mesa else [])
    print_table(rows, f"share infected/adopted after {half} and {steps} steps")
    if mesa:
        print("   tiesim's Mesa and array engines gave identical metrics and trend items")


def _import_ndlib():
    """NDlib's epidemics and ModelConfig modules, or None (with a message) if not importable."""
    try:
        import ndlib.models.epidemics as epidemics
        import ndlib.models.ModelConfig as model_config
    except ImportError as error:  # ndlib 6.0.1 also needs six, which it does not declare
        print(
            f"   NDlib rows skipped: ndlib is not importable ({error}); it is not a tiesim "
            "dependency: `.venv/bin/pip install ndlib six` to compare with it"
        )
        return None
    return epidemics, model_config


def _ndlib_si(ndlib, G, beta: float, seed_agent: int, seed: int):
    """NDlib's SI model on ``G`` with ``seed_agent`` infected, past its iteration 0."""
    epidemics, model_config = ndlib
    model = epidemics.SIModel(G, seed=seed)
    config = model_config.Configuration()
    config.add_model_parameter("beta", beta)
    config.add_model_initial_configuration("Infected", [seed_agent])
    model.set_initial_status(config)
    model.iteration()  # iteration 0 reports the initial state and spreads nothing
    return model


def _bunch(model: Any, steps: int) -> list[int]:
    """Run NDlib's ``iteration_bunch(steps)``; the number infected after each iteration."""
    return [it["node_count"][1] for it in model.iteration_bunch(steps)]


# ---------------------------------------------------------------------- the command
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="agents (default 10,000)")
    parser.add_argument("--steps", type=int, default=200, help="steps of part (a) (200)")
    parser.add_argument("--si-steps", type=int, default=100, help="steps of part (b) (100)")
    parser.add_argument("--beta", type=float, default=0.05, help="SI transmission (0.05)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per model (3)")
    parser.add_argument("--seed", type=int, default=1, help="graph and run seeds (1)")
    parser.add_argument("--no-mesa-trends", action="store_true", help="skip that row of (b)")
    parser.add_argument("--quick", action="store_true", help="n = 400, 20 steps, 2 runs")
    args = parser.parse_args()
    if args.quick:
        args.n, args.steps, args.si_steps, args.repeat = 400, 20, 20, 2
    if min(args.steps, args.si_steps) < 2 or args.repeat < 1 or args.n <= 20:
        parser.error("--steps and --si-steps must be >= 2, --repeat >= 1, --n > 20")
    graph = community_graph(
        args.n, 20, 6, 1.0, seed=args.seed, strong_contact_rate=1.0, weak_contact_rate=1.0
    )
    seeds = [
        int(s.generate_state(1)[0]) for s in np.random.SeedSequence(args.seed).spawn(args.repeat)
    ]
    print(
        f"community graph: n = {args.n:,}, communities of 20, strong degree 6, weak-tie "
        f"density 1 ({graph.num_ties:,} ties), contact rates 1 (every tie talks every step), "
        f"graph seed {args.seed}"
    )
    print(
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
        f"({os.cpu_count()} CPUs)"
    )
    warm = warm_up((caj_jobs(), TrendsConfig()), (quiet_jobs(), si_trends(1, args.beta)))
    print(
        f"array engine warm-up, before any timing: {warm:.2f} s (numba compiles its kernels on "
        "first use, or loads them from its on-disk cache if an earlier process compiled them)"
    )
    compare_caj(graph, args.steps, seeds)
    compare_si(graph, args.si_steps, args.beta, seeds, not args.no_mesa_trends)
    print(f"load average at end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
