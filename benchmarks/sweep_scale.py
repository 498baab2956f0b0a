"""Memory and overhead of a whole sweep, at two sizes: does it stay flat as replicates grow?

    .venv/bin/python benchmarks/sweep_scale.py [--config configs/weak_tie_density.yaml]
        [--replicates 20 200] [--workers 2] [--set PATH=VALUE ...]

For each number of replicates this runs ``tiesim run CONFIG --set sweep.replicates=R`` into a
temporary folder, then ``tiesim report`` on that folder, each in its own process, and samples
every 50 ms the memory of that process and of every process it started (forkserver, worker
pool, resource tracker; looked for every half second), from /proc (Linux only).  It prints,
per command:

- ``main``: the peak resident memory (RSS) of the tiesim process itself;
- ``total``: the peak of the summed proportional set size (PSS) of the whole process tree,
  where pages shared between processes are split between them rather than counted in each;
- wall time; and for ``run``, the summed time of the runs (from each run's ``run.json``),
  the summed engine time (building and stepping the models, without making their tables) and
  wall time over summed engine time.

The sampling can miss a peak shorter than 50 ms; RSS and PSS are what the kernel reports.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INTERVAL = 0.05  # seconds between samples
TREE_EVERY = 10  # samples between two looks for new processes (a scan of all of /proc)


def descendants(root: int) -> list[int]:
    """``root`` and every live process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def memory_kb(pid: int, field: str, name: str) -> int:
    """A ``field`` line of ``/proc/PID/<name>`` in kB (0 if the process is gone)."""
    try:
        for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def measure(args: list[str]) -> dict[str, float]:
    """Run ``python -m tiesim ARGS``; its wall time and peak memory (MB)."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        command = [sys.executable, "-m", "tiesim", *args]
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=err)
        main = total = samples = 0
        while proc.poll() is None:
            main = max(main, memory_kb(proc.pid, "VmRSS:", "status"))
            if samples % TREE_EVERY == 0:
                tree = descendants(proc.pid)
            samples += 1
            total = max(total, sum(memory_kb(p, "Pss:", "smaps_rollup") for p in tree))
            time.sleep(INTERVAL)
        wall = time.perf_counter() - start
        if proc.returncode != 0:
            err.seek(0)
            sys.exit(f"tiesim {' '.join(args)} failed ({proc.returncode}):\n{err.read().decode()}")
    return {"wall": wall, "main": main / 1024, "total": total / 1024}


def run_times(folder: Path) -> tuple[float, float]:
    """Summed run seconds and engine seconds of a results folder's runs (from manifest.json)."""
    runs = json.loads((folder / "manifest.json").read_text())["runs"].values()
    done = [r for r in runs if r["status"] == "done"]
    return sum(r["seconds"] for r in done), sum(r.get("engine_seconds", 0.0) for r in done)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", type=Path, default=ROOT / "configs/weak_tie_density.yaml")
    parser.add_argument("--replicates", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    args = parser.parse_args()
    sets = [arg for s in args.set for arg in ("--set", s)]
    print(f"config: {args.config}; {args.workers} worker processes; {os.cpu_count()} cores")
    print(
        f"{'replicates':>10}  {'command':<7} {'main MB':>8} {'total MB':>9} {'wall s':>8} "
        f"{'runs s':>8} {'engine s':>9} {'wall/engine':>11}"
    )
    for replicates in args.replicates:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "out"
            run = measure(
                [
                    "run",
                    str(args.config),
                    "--out",
                    str(out),
                    "--workers",
                    str(args.workers),
                    "--quiet",
                    "--set",
                    f"sweep.replicates={replicates}",
                    *sets,
                ]
            )
            runs, engine = run_times(out)
            ratio = run["wall"] / engine if engine else float("nan")
            print(
                f"{replicates:>10}  {'run':<7} {run['main']:>8.0f} {run['total']:>9.0f} "
                f"{run['wall']:>8.1f} {runs:>8.1f} {engine:>9.1f} {ratio:>11.2f}"
            )
            report = measure(["report", str(out)])
            print(
                f"{replicates:>10}  {'report':<7} {report['main']:>8.0f} {report['total']:>9.0f} "
                f"{report['wall']:>8.1f}"
            )


if __name__ == "__main__":
    main()
