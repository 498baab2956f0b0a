"""YAML a config never needs, refused in one line, exit 2, quickly and in little memory.

Alias bombs, deep nesting, non-plain tags and duplicate keys, in a file and through ``--set``;
huge values and keys shown short in messages.
"""

from __future__ import annotations

import pytest

from cli_helpers import one_line_error, write
from sweep_helpers import validate_in_child
from tiesim.cli import main
from tiesim.config import load_config
from tiesim.errors import ConfigError

# 314 bytes that stand for 9**8 = 43 million strings
BOMB = "\n".join(
    [
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        *(
            f"{b}: &{b} [{', '.join([f'*{a}'] * 9)}]"
            for a, b in zip("abcdef", "bcdefg", strict=True)
        ),
        f"description: [{', '.join(['*g'] * 9)}]",
    ]
)
# one line that stands for 9**9 numbers
SET_BOMB = (
    "description=[&a [1,1,1,1,1,1,1,1,1], "
    + ", ".join(
        f"&{b} [{','.join([f'*{a}'] * 9)}]" for a, b in zip("abcdefg", "bcdefgh", strict=True)
    )
    + ", ["
    + ",".join(["*h"] * 9)
    + "]]"
)


def test_an_alias_bomb_in_a_file_is_refused_fast_in_little_memory(tmp_path):
    path = write(tmp_path, BOMB)
    assert len(BOMB) < 400
    proc, peak_mb, seconds = validate_in_child(tmp_path, str(path))
    assert proc.returncode == 2
    assert proc.stderr.startswith("tiesim: error: ") and "\n" not in proc.stderr
    assert "aliases (*name) expand it to 5.45e+07 values" in proc.stderr
    assert peak_mb < 100 and seconds < 60  # before: 8 s and 350 MB more; bigger bombs: GBs


def test_an_alias_bomb_through_set_is_refused_fast_in_little_memory(tmp_path):
    config = write(tmp_path, "name: c\n")
    proc, peak_mb, seconds = validate_in_child(tmp_path, str(config), "--set", SET_BOMB)
    assert proc.returncode == 2
    assert proc.stderr.startswith("tiesim: error: --set description: value is refused")
    assert "\n" not in proc.stderr and peak_mb < 100 and seconds < 60


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: " + "[" * 1000 + "]" * 1000, "lists and mappings nest more than 32 deep"),
        ("a: " + "{b: " * 200 + "1" + "}" * 200, "nest more than 32 deep"),
        ("a: &a [*a]", "an alias refers to a list or mapping that contains it"),
        ("description: !!binary gIGC", "tag !!binary is not allowed"),
        ("description: !!binary aGVsbG8=", "tag !!binary is not allowed"),  # valid UTF-8 too
        ("sweep: {grid: {jobs.passing: !!set {random, weakest}}}", "tag !!set is not allowed"),
        ("sweep: {grid: {steps: !!omap [{a: 1}]}}", "tag !!omap is not allowed"),
        ("description: !!timestamp 2024-01-01", "tag !!timestamp is not allowed"),
        ("description: !mine x", "tag !mine is not allowed"),
        ("seed: 1\nsteps: 5\nseed: 2\n", "line 3: key 'seed' appears twice in one mapping"),
        ("jobs: {job_loss: 0.1, job_loss: 0.2}", "key 'job_loss' appears twice"),
        ("\x1f", "is not valid YAML"),
    ],
)
def test_yaml_that_a_config_never_needs_is_refused_in_one_line(tmp_path, capsys, text, expected):
    path = write(tmp_path, text)
    with pytest.raises(ConfigError, match=expected.replace("(", r"\(").replace("*", r"\*")):
        load_config(path)
    err = one_line_error(capsys, main(["validate", str(path)]))
    assert expected in err


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("[" * 5000 + "]" * 5000, "nest more than 32 deep"),
        ("!!binary gIGC", "tag !!binary is not allowed"),
        ("{a: 1, a: 2}", "key 'a' appears twice"),
        ("!!set {a, b}", "tag !!set is not allowed"),
    ],
)
def test_the_same_through_set(tmp_path, capsys, value, expected):
    config = write(tmp_path, "name: c\n")
    err = one_line_error(capsys, main(["validate", str(config), "--set", f"description={value}"]))
    assert err.startswith("tiesim: error: --set description: value is refused") and expected in err


def test_dates_and_merge_keys_read_as_before(tmp_path):
    path = write(
        tmp_path,
        "description: 2024-05-01\nbase: &jobs {job_loss: 0.02, max_hops: 2}\n",
    )
    text = path.read_text().replace("base: &jobs", "jobs: &jobs") + "trends: {rate: 0.1}\n"
    path.write_text(text)
    config = load_config(path)
    assert config.description == "2024-05-01" and config.jobs.max_hops == 2
    merged = write(tmp_path, "x: &j {job_loss: 0.02}\n", "m.yaml")
    with pytest.raises(ConfigError, match="'x' is not a known field"):
        load_config(merged)
    merged.write_text("sweep: {grid: {jobs.job_loss: [0.01]}}\njobs: {<<: {job_loss: 0.2}}\n")
    assert load_config(merged).jobs.job_loss == 0.2
