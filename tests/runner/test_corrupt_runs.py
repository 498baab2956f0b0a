"""A stored run that cannot be read is named, with how to redo it — never a traceback."""

from __future__ import annotations

import json

import pytest

from sweep_helpers import tiny_config
from tiesim.cli import main


@pytest.fixture
def folder(tmp_path):
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(tiny_config()))  # JSON is YAML
    out = tmp_path / "out"
    assert main(["run", str(config), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    return out


DAMAGE = {
    "metrics.parquet": b"not parquet",
    "summary.parquet": b"",
    "trends.parquet": None,  # missing
    "run.json": b"{truncated",
}
CASES = [(command, name) for command in ("report", "run", "rerun") for name in DAMAGE]


@pytest.mark.parametrize(("command", "name"), CASES)
def test_a_corrupt_stored_run_is_one_line_exit_2(folder, capsys, command, name):
    path = folder / "runs" / "p0001-r0002" / name
    if DAMAGE[name] is None:
        path.unlink()
    else:
        path.write_bytes(DAMAGE[name])
    args = {
        "report": ["report", str(folder)],
        "run": ["run", str(folder / "config.yaml"), "--out", str(folder), "--quiet"],
        "rerun": ["rerun", str(folder), "p0001-r0002"],
    }[command]
    capsys.readouterr()
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "Traceback" not in err
    assert f"stored run '{path.parent}' cannot be read ({name}:" in err
    assert "delete it and run the same tiesim run command again" in err


def test_a_corrupt_failure_record_is_one_line_exit_2(folder, capsys):
    (folder / "failed").mkdir()
    (folder / "failed" / "p0000-r0000.json").write_text("{")
    capsys.readouterr()
    assert main(["report", str(folder)]) == 2
    err = capsys.readouterr().err.strip()
    assert "failed/p0000-r0000.json' cannot be read" in err and "\n" not in err
