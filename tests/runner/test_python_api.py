"""``tiesim.run`` from Python: the README's snippet (under ``if __name__ == "__main__":``) uses
worker processes, the same lines without that guard still work, with a warning, and a sweep
whose every run failed raises."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from sweep_helpers import tiny_config
from tiesim.cli import main
from tiesim.runner import single
from tiesim.runner.experiment import run


def child(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, timeout=120, check=False, **kwargs
    )


SNIPPET = """
import tiesim
result = tiesim.run({config!r}, overrides={{"steps": 6}}, write=False)
print(result.summary[["graph.weak_tie_density", "opportunity_discovery_mean"]])
"""


def test_the_snippet_works_as_a_plain_script_with_a_warning(tmp_path):
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(tiny_config()))
    script = tmp_path / "snippet.py"
    script.write_text(SNIPPET.format(config=str(config)))
    proc = child([str(script)], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "opportunity_discovery_mean" in proc.stdout and len(proc.stdout.splitlines()) == 3
    assert "RuntimeWarning" in proc.stderr and 'if __name__ == "__main__":' in proc.stderr
    assert f"{script}:3:" in proc.stderr  # the warning points at the user's line


def test_the_readme_snippet_uses_worker_processes_without_warning(tmp_path):
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(tiny_config()))
    script = tmp_path / "guarded.py"
    body = textwrap.indent(SNIPPET.format(config=str(config)).strip(), "    ")
    script.write_text("if __name__ == '__main__':\n" + body + "\n")
    proc = child([str(script)], cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "RuntimeWarning" not in proc.stderr


def test_the_api_raises_when_every_run_failed(tmp_path, monkeypatch, capsys):
    from tiesim.errors import RunsFailedError

    def broken(config):
        raise RuntimeError("broken model")

    monkeypatch.setattr(single, "simulate", broken)
    with pytest.raises(RunsFailedError, match=r"all 6 runs failed; the first, p0000-r0000") as info:
        run(tiny_config(), write=False, workers=1)
    assert len(info.value.result.failed) == 6 and "broken model" in str(info.value)
    with pytest.raises(RunsFailedError, match=r"see .*failed\.csv"):
        run(tiny_config(), out=tmp_path / "out", workers=1)
    assert (tmp_path / "out" / "failed.csv").is_file()
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(tiny_config()))
    assert main(["run", str(config), "--out", str(tmp_path / "cli"), "--workers", "1"]) == 1
    err = capsys.readouterr().err
    assert "6 of 6 runs failed: p0000-r0000" in err  # the CLI names them, exit 1, as before
