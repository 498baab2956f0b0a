"""Killed processes: ``kill -9`` of a sweep leaves no process behind, a killed worker fails no
run, and what a kill left half-written is cleaned up by the next command."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sweep_helpers import tiny_config
from tiesim.cli import main


def slow_sweep(tmp_path: Path, *options: str) -> tuple[subprocess.Popen, Path]:
    """A 16-run sweep on 2 workers, each run a few tenths of a second, started in a child.

    The child leads a process group of its own, as a command typed in a terminal does.
    """
    data = tiny_config(grid={"graph.weak_tie_density": [0.0, 1.0, 2.0, 3.0]}, replicates=4)
    data.update(steps=150, graph={"n": 400, "community_size": 20, "strong_degree": 4})
    config = tmp_path / "slow.yaml"
    config.write_text(json.dumps(data))
    out = tmp_path / "out"
    # a child inherits an ignored Ctrl-C (as in a shell's background job, `pytest &`): the
    # child gets it back here, as a command typed in a terminal has it
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tiesim",
            "run",
            str(config),
            "--out",
            str(out),
            "--quiet",
            "--workers",
            "2",
            *options,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd=tmp_path,
        start_new_session=True,
    )
    signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + 120
    while len(list((out / "runs").glob("p*"))) < 2:
        assert proc.poll() is None and time.monotonic() < deadline, "the sweep did not start"
        time.sleep(0.05)
    return proc, out


def descendants(pid: int) -> set[int]:
    """Every process started (directly or not) by ``pid``."""
    parents = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")


def test_kill_9_of_a_sweep_leaves_no_process_behind(tmp_path):
    proc, _ = slow_sweep(tmp_path)
    helpers = descendants(proc.pid)  # forkserver, resource tracker, workers
    assert len(helpers) >= 3
    proc.kill()
    proc.wait()
    try:
        deadline = time.monotonic() + 20
        while alive(helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(helpers)  # before: all still there after 90 s
    finally:
        for pid in alive(helpers):
            os.kill(pid, signal.SIGKILL)


def test_a_killed_worker_fails_no_run(tmp_path):
    proc, out = slow_sweep(tmp_path)
    try:
        workers = [
            pid
            for pid in descendants(proc.pid)
            if "forkserver" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
            and pid not in {p for p in descendants(proc.pid) if len(descendants(p)) > 0}
        ]
        os.kill(workers[0], signal.SIGKILL)
        assert proc.wait(timeout=300) == 0, proc.stderr.read().decode()  # before: exit 1
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert len(list((out / "runs").glob("p*"))) == 16
    assert not (out / "failed.csv").exists()


def test_what_a_kill_left_half_written_is_cleaned_up(tmp_path, capsys):
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(tiny_config()))
    out = tmp_path / "out"
    assert main(["run", str(config), "--out", str(out), "--quiet"]) == 0
    gone = subprocess.Popen(["true"])
    gone.wait()  # a process id that no longer runs
    (out / f".metrics.parquet.tmp-{gone.pid}").write_bytes(b"half")
    writing = os.getppid()  # a process that runs
    (out / f".report.md.tmp-{writing}").write_bytes(b"still being written")
    (out / f".notes.txt.tmp-{gone.pid}").write_bytes(b"not tiesim's")
    manifest = json.loads((out / "manifest.json").read_text())
    manifest.update(status="running", pid=gone.pid)
    (out / "manifest.json").write_text(json.dumps(manifest))
    capsys.readouterr()
    assert main(["validate", str(config), "--out", str(out)]) == 0
    assert "its last sweep was killed before it finished" in capsys.readouterr().out
    assert main(["report", str(out)]) == 0
    assert not (out / f".metrics.parquet.tmp-{gone.pid}").exists()
    assert (out / f".report.md.tmp-{writing}").exists()  # a live process's: kept
    assert (out / f".notes.txt.tmp-{gone.pid}").exists()  # not tiesim's: kept
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


def test_ctrl_c_of_a_sweep_on_a_local_dask_cluster_is_quiet_and_leaves_no_process(tmp_path):
    pytest.importorskip("distributed")
    proc, out = slow_sweep(tmp_path, "--executor", "dask", "--scheduler", "local")
    helpers = descendants(proc.pid)  # the cluster's worker processes, the resource tracker
    assert len(helpers) >= 2
    try:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in a terminal: the whole process group
        assert proc.wait(timeout=60) == 130
        deadline = time.monotonic() + 20
        while alive(helpers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive(helpers)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pid in alive(helpers):
            os.kill(pid, signal.SIGKILL)
    err = proc.stderr.read().decode().strip()
    assert err == (  # before: a screenful of tracebacks from each worker
        "tiesim: interrupted; finished runs are stored — run the same command again to resume"
    )
    assert json.loads((out / "manifest.json").read_text())["status"] == "interrupted"
