"""The same sweep with tiesim's runner and with Mesa's ``batch_run``: wall times and ratios.

    .venv/bin/python benchmarks/sweep_vs_batch_run.py [--workers 2] [--n 1000] [--steps 100]
        [--points 5] [--replicates 4]

Both sides run the Mesa model (``tiesim.model.WeakTiesModel``) on the same points of
configs/weak_tie_density.yaml (weak-tie density 0..4, shrunk by the options above), with the
same explicit seeds (``SeedSequence.spawn``, passed to ``batch_run`` through ``rng``) and the
same number of worker processes, collecting every step's metrics.  tiesim's runner also stores
each run as Parquet and writes the tables, figures and report; ``batch_run`` keeps its rows in
memory.  A third timing runs the same sweep on tiesim's array engine.  The final-step
employment of every run is checked to be identical on both sides.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np
from mesa.batchrunner import batch_run

import tiesim
from tiesim.model import WeakTiesModel
from tiesim.runner.plan import replicate_seeds

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--points", type=int, default=5)
    parser.add_argument("--replicates", type=int, default=4)
    args = parser.parse_args()
    overrides = {
        "engine": "mesa",
        "graph.n": args.n,
        "steps": args.steps,
        "sweep.grid": {"graph.weak_tie_density": {"start": 0.0, "stop": 4.0, "num": args.points}},
        "sweep.replicates": args.replicates,
        "outputs.plot": True,
    }
    config = tiesim.load_config(ROOT / "configs/weak_tie_density.yaml", overrides)
    runs = args.points * args.replicates
    print(
        f"sweep: {args.points} densities x {args.replicates} replicates = {runs} runs of "
        f"{args.steps} steps, n={args.n}, {args.workers} worker processes"
    )

    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        ours = tiesim.run(config, out=Path(tmp) / "mesa", workers=args.workers)
        t_ours = time.perf_counter() - start
        final = ours.metrics[ours.metrics["step"] == args.steps]  # read while the folder is there
        start = time.perf_counter()
        tiesim.run(
            config.with_overrides({"engine": "array"}),
            out=Path(tmp) / "array",
            workers=args.workers,
        )
        t_array = time.perf_counter() - start

    densities = config.sweep.grid_values()["graph.weak_tie_density"]
    start = time.perf_counter()
    rows = batch_run(
        WeakTiesModel,
        parameters={
            "graph": [config.graph.model_copy(update={"weak_tie_density": d}) for d in densities],
            "jobs": [config.jobs],
            "trends": [config.trends],
        },
        rng=replicate_seeds(config.seed, args.replicates),
        number_processes=args.workers,
        max_steps=args.steps,
        data_collection_period=1,
        display_progress=False,
    )
    t_batch = time.perf_counter() - start

    theirs = sorted(
        (r["graph"].weak_tie_density, r["rng"], r["employment_rate"])
        for r in rows
        if r["Step"] == args.steps
    )
    mine = sorted(
        zip(final["graph.weak_tie_density"], final["seed"], final["employment_rate"], strict=True)
    )
    assert len(theirs) == len(mine) == runs and np.allclose(
        [t[2] for t in theirs], [m[2] for m in mine], rtol=0, atol=0
    ), "the two runners disagree"

    print(f"tiesim runner, Mesa engine : {t_ours:7.2f} s  (stores runs, tables, figures, report)")
    print(f"mesa.batch_run, Mesa model : {t_batch:7.2f} s  (rows in memory only)")
    print(f"tiesim runner, array engine: {t_array:7.2f} s")
    print(f"ratio batch_run / tiesim (Mesa engine) : {t_batch / t_ours:5.2f}x")
    print(f"ratio batch_run / tiesim (array engine): {t_batch / t_array:5.2f}x")
    print("same final-step employment in every run on both runners: yes")


if __name__ == "__main__":
    main()
