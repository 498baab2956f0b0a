"""Values a config could hold, too big to echo: error messages show them cut short."""

from __future__ import annotations

from cli_helpers import one_line_error, write
from tiesim.cli import main


def test_huge_values_and_keys_are_shown_short(tmp_path, capsys):
    path = write(tmp_path, f"? {'x' * 100_000}\n: 1\nsteps: {'y' * 100_000}\n")
    err = one_line_error(capsys, main(["validate", str(path)]))
    assert "is not a known field" in err and "config field 'steps' must be" in err
    config = write(tmp_path, "name: c\n", "d.yaml")
    err = one_line_error(capsys, main(["validate", str(config), "--set", "a" * 100_000 + "=1"]))
    assert "is not a known field" in err
