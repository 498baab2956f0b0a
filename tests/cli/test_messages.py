"""Values a config could hold, too big to echo: error messages show them cut short."""

from __future__ import annotations

from pathlib import Path

from tiesim.cli import main


def write(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def one_line_error(capsys, code: int) -> str:
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("tiesim: error: ") and "\n" not in err, err
    assert len(err) < 1000 and "Traceback" not in err
    return err


def test_huge_values_and_keys_are_shown_short(tmp_path, capsys):
    path = write(tmp_path, f"? {'x' * 100_000}\n: 1\nsteps: {'y' * 100_000}\n")
    err = one_line_error(capsys, main(["validate", str(path)]))
    assert "is not a known field" in err and "config field 'steps' must be" in err
    config = write(tmp_path, "name: c\n", "d.yaml")
    err = one_line_error(capsys, main(["validate", str(config), "--set", "a" * 100_000 + "=1"]))
    assert "is not a known field" in err
