"""``tiesim validate`` refuses what ``tiesim run`` would fail on.

Values the engines cannot hold, graphs too big for them: one line and exit 2 from ``validate``
and from ``run`` (nothing written), never a run that fails later with the error only in
``failed.csv``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tiesim.cli import main


def write(tmp_path: Path, data: dict, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data))
    return path


def refused(capsys, args: list[str]) -> str:
    code = main(args)
    err = capsys.readouterr().err.strip()
    assert code == 2, err
    assert err.startswith("tiesim: error: ") and "\n" not in err and len(err) < 1000
    return err


@pytest.mark.parametrize(
    ("override", "expected"),
    [
        ("graph.weak_tie_density=1e308", "'graph.weak_tie_density' asks for more than"),
        ("graph.n=1000000000", "'graph' asks for about 2e+09 ties"),
        ("graph.n=3000000000", "'graph.n' must be <= 2147483647"),
        ("jobs.lead_lifetime=1000000000000000000000000000000", "must be <= 2147483647"),
        ("trends.horizon=10000000000000", "'trends.horizon' must be <= 2147483647"),
        ("trends.threshold=100000000000", "'trends.threshold' must be <= 2147483647"),
        ("graph.weak_tie_density=200", "only 18000 pairs of agents in different communities"),
        ("outputs.dir=" + "d" * 300, "'outputs.dir' must be a usable path"),
    ],
)
def test_values_a_run_cannot_take_are_refused_by_validate_and_run(
    tmp_path, capsys, monkeypatch, override, expected
):
    monkeypatch.chdir(tmp_path)
    config = write(tmp_path, {"name": "c", "graph": {"n": 200, "strong_degree": 3}})
    assert expected in refused(capsys, ["validate", str(config), "--set", override])
    assert expected in refused(capsys, ["run", str(config), "--set", override])
    assert not (tmp_path / "results").exists()
