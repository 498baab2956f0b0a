"""Helpers for the tests of what the command line does with bad input."""

from __future__ import annotations

from pathlib import Path


def write(tmp_path: Path, text: str, name: str = "c.yaml") -> Path:
    """``text`` in a file ``name`` under ``tmp_path``."""
    path = tmp_path / name
    path.write_text(text)
    return path


def one_line_error(capsys, code: int) -> str:
    """The error a command printed: exit 2, one ``tiesim: error:`` line, short, no traceback."""
    assert code == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("tiesim: error: ") and "\n" not in err, err
    assert len(err) < 1000 and "Traceback" not in err
    return err
