"""The same sweep on the local process pool and on a Dask LocalCluster: wall times, same tables.

    .venv/bin/python benchmarks/dask_vs_pool.py [CONFIG] [--workers 2] [--pool-out DIR]
        [--dask-out DIR] [--set KEY.PATH=VALUE ...] [--dask-first]

Runs ``tiesim run CONFIG --workers N`` (the process pool) and then (or first, with
``--dask-first``) ``tiesim run CONFIG --executor dask --scheduler local --workers N`` (a Dask
LocalCluster of N worker processes of one thread each, started by the command), each in a
fresh process with ``--overwrite`` so that every run is computed, and times each whole command
(after one short run in another process, so that neither pays for compiling the array
engine's kernels).  Then it reads every combined table of both results folders (metrics,
hires, trends, ties, agents, runs, summary) from Parquet and checks they are identical, value
for value and type for type; else it names the first difference and exits 1.  CONFIG defaults
to configs/weak_tie_density.yaml, the results folders to a temporary folder deleted at the
end.  On a shared machine, time it more than once, in both orders.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from tiesim.runner.ownership import COMBINED_TABLES

ROOT = Path(__file__).resolve().parents[1]


WARM_UP = """
import sys
import tiesim
from tiesim.cli.run import parse_overrides
from tiesim.runner.plan import plan_runs
from tiesim.runner.single import simulate
config = tiesim.load_config(sys.argv[1], parse_overrides(sys.argv[2:]))
simulate(plan_runs(config)[-1].config(config).with_overrides({"steps": 2}))
"""


def warm_up(config: Path, sets: list[str]) -> None:
    """One 2-step run in a child: the engine's kernels are compiled (and cached) before timing."""
    subprocess.run([sys.executable, "-c", WARM_UP, str(config), *sets[1::2]], check=True)


def timed_run(config: Path, out: Path, extra: list[str]) -> tuple[float, str]:
    """``tiesim run CONFIG --out OUT --overwrite --quiet EXTRA`` in a child: wall seconds, and
    the first line it printed (runs, their summed run time and its own wall time)."""
    command = [sys.executable, "-m", "tiesim", "run", str(config), "--out", str(out)]
    start = time.perf_counter()
    proc = subprocess.run(
        [*command, "--overwrite", "--quiet", *extra],
        capture_output=True,
        text=True,
        check=False,
    )
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command[3:])} {' '.join(extra)} failed:\n{proc.stderr}")
    if proc.stderr.strip():
        print(f"  (stderr: {proc.stderr.strip()})")
    return seconds, proc.stdout.splitlines()[0]


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Sequences in cells (Parquet reads lists back as arrays) as plain lists."""
    frame = frame.copy()
    objects = [c for c in frame.columns if frame[c].dtype.kind == "O"]
    for column in [c for c in objects if pd.api.types.infer_dtype(frame[c]) != "string"]:
        frame[column] = [
            list(v) if hasattr(v, "__len__") and not isinstance(v, str) else v
            for v in frame[column]
        ]
    return frame


def first_difference(a: Path, b: Path) -> str | None:
    """The first combined table that differs between folders ``a`` and ``b``, and how."""
    for name in COMBINED_TABLES:
        left = plain(pd.read_parquet(a / f"{name}.parquet"))
        right = plain(pd.read_parquet(b / f"{name}.parquet"))
        try:
            pd.testing.assert_frame_equal(left, right, check_exact=True, obj=name)
        except AssertionError as exc:
            return " ".join(str(exc).split())[:600]
        print(f"  {name}: {len(left):,} rows x {len(left.columns)} columns identical")
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", nargs="?", default=str(ROOT / "configs/weak_tie_density.yaml"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pool-out", type=Path, help="results folder of the process pool run")
    parser.add_argument("--dask-out", type=Path, help="results folder of the Dask run")
    parser.add_argument("--set", dest="overrides", action="append", default=[])
    parser.add_argument("--dask-first", action="store_true", help="run the Dask side first")
    args = parser.parse_args()
    sets = [arg for item in args.overrides for arg in ("--set", item)]
    workers = ["--workers", str(args.workers)]
    with tempfile.TemporaryDirectory() as tmp:
        pool_out = args.pool_out or Path(tmp) / "pool"
        dask_out = args.dask_out or Path(tmp) / "dask"
        config = Path(args.config)
        print(f"{config.name}, {args.workers} worker processes", *sets)
        warm_up(config, sets)
        ways = {
            "pool": (f"process pool (--workers {args.workers})", pool_out, []),
            "dask": (
                f"Dask LocalCluster (--executor dask --scheduler local --workers {args.workers})",
                dask_out,
                ["--executor", "dask", "--scheduler", "local"],
            ),
        }
        for way in ("dask", "pool") if args.dask_first else ("pool", "dask"):
            title, out, options = ways[way]
            seconds, said = timed_run(config, out, [*options, *workers, *sets])
            print(f"{title}: {seconds:.1f} s wall -> {out}")
            print(f"  tiesim: {said}")
        runs = len(pd.read_parquet(pool_out / "runs.parquet"))
        print(f"{runs} runs each; comparing the combined tables:")
        difference = first_difference(pool_out, dask_out)
    if difference is not None:
        print(f"DIFFERENT: {difference}")
        sys.exit(1)
    print(f"identical: every combined table ({', '.join(COMBINED_TABLES)})")


if __name__ == "__main__":
    main()
