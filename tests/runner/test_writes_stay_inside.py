"""A sweep writes into its results folder only: not through links there."""

from __future__ import annotations

import json
from pathlib import Path

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
