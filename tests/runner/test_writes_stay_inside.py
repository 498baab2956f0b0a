"""A sweep writes into its results folder only: not through links there, not into the source
tree (git's index lock) and not into the installed package (numba's cache)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from sweep_helpers import tiny_config
from tiesim.cli import main

ROOT = Path(__file__).parents[2]
LINKED = ("config.yaml", "report.md", "report.html", "summary.csv", "metrics.png", "failed.csv")


def test_links_in_a_results_folder_are_replaced_not_written_through(tmp_path, capsys):
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(tiny_config()))
    out = tmp_path / "out"
    assert main(["run", str(config), "--out", str(out), "--quiet"]) == 0
    outside = tmp_path / "precious"
    outside.mkdir()
    for name in LINKED:
        target = outside / name
        target.write_text(f"keep {name}")
        (out / name).unlink(missing_ok=True)
        (out / name).symlink_to(target)
    args = ["run", str(config), "--out", str(out), "--quiet", "--set", "outputs.plot=true"]
    assert main(args) == 0  # resumes (outputs are not hashed): rewrites tables, figures, report
    capsys.readouterr()
    for name in LINKED:
        assert (outside / name).read_text() == f"keep {name}", name
    for name in LINKED[:5]:  # rewritten as files of their own (failed.csv: no failures)
        assert not (out / name).is_symlink() and (out / name).stat().st_size > 0, name
    assert "name: tiny" in (out / "config.yaml").read_text()


def run_in_child(tmp_path: Path, script: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, **env},
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the source tree's git repository")
def test_git_is_asked_once_per_sweep_without_taking_the_index_lock(tmp_path):
    log = tmp_path / "git.log"
    fake = tmp_path / "bin"
    fake.mkdir()
    real_git = subprocess.run(["which", "git"], capture_output=True, text=True).stdout.strip()
    (fake / "git").write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {real_git} "$@"\n')
    (fake / "git").chmod(0o755)
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(tiny_config()))  # 6 runs
    script = f"""
        from tiesim.cli import main
        raise SystemExit(main(["run", {str(config)!r}, "--out", "out", "--workers", "2",
                               "--quiet"]))
    """
    env = {"PATH": f"{fake}{os.pathsep}{os.environ['PATH']}"}
    proc = run_in_child(tmp_path, script, env)
    assert proc.returncode == 0, proc.stderr
    calls = log.read_text().splitlines()
    assert len(calls) == 2, calls  # before: 2 in the main process and 2 in each worker
    assert all(call.startswith("--no-optional-locks ") for call in calls), calls
    record = json.loads((tmp_path / "out" / "runs" / "p0001-r0002" / "run.json").read_text())
    assert len(record["git"]["commit"]) == 40


def test_numba_caches_its_kernels_in_the_user_cache_folder(tmp_path):
    pytest.importorskip("numba")
    script = """
        import os
        import tiesim
        from tiesim.engines import kernels_jobs
        print(os.environ["NUMBA_CACHE_DIR"])
        print(kernels_jobs.jobs_step._cache._cache_path)
    """
    env = {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    env_without = {k: v for k, v in os.environ.items() if k != "NUMBA_CACHE_DIR"}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        env={**env_without, **env},
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    setting, kernel_cache = proc.stdout.split()
    from tiesim.cache import kernels_digest

    assert setting == str(tmp_path / "cache" / "tiesim" / "numba" / kernels_digest())
    assert Path(kernel_cache).is_relative_to(setting)
    chosen = {**env_without, **env, "NUMBA_CACHE_DIR": str(tmp_path / "mine")}
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(script)],
        capture_output=True,
        text=True,
        env=chosen,
        timeout=120,
        check=False,
    )
    assert proc.stdout.split()[0] == str(tmp_path / "mine")  # the user's choice stands


def test_the_kernel_cache_folder_changes_with_any_kernel_module(tmp_path, monkeypatch):
    # numba checks a cached kernel against its own file only, not the kernels it inlines
    from tiesim import cache

    for name in ("kernels_jobs.py", "kernels_sets.py"):
        (tmp_path / name).write_text("x = 1\n")
    monkeypatch.setattr(cache, "KERNELS", tmp_path)
    before = cache.kernels_digest()
    (tmp_path / "kernels_sets.py").write_text("x = 2\n")  # an inlined helper's file
    after = cache.kernels_digest()
    assert after != before and len(after) == 16
    (tmp_path / "notes.py").write_text("y = 1\n")  # not a kernel module
    assert cache.kernels_digest() == after
