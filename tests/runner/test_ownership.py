"""``--overwrite`` only ever deletes what tiesim wrote, and only in tiesim's own folders."""

from __future__ import annotations

import json

import pytest

from sweep_helpers import tiny_config
from tiesim.cli import main
from tiesim.runner.experiment import run
from tiesim.runner.ownership import clear_outputs, is_tiesim_manifest, tiesim_manifest


def write_config(tmp_path, data) -> str:
    path = tmp_path / "tiny.yaml"
    path.write_text(json.dumps(data))  # JSON is YAML
    return str(path)


FOREIGN = {
    "config.yaml and notes": {"config.yaml": "name: mine\n", "notes.txt": "mine"},
    "manifest without markers": {"manifest.json": '{"name": "x"}', "notes.txt": "mine"},
    "manifest that is not JSON": {"manifest.json": "{not json", "notes.txt": "mine"},
    "tool of another program": {
        "manifest.json": json.dumps({"tool": "other", "format": 1, "config_hash": "x"}),
        "notes.txt": "mine",
    },
}


@pytest.mark.parametrize("files", FOREIGN.values(), ids=FOREIGN.keys())
@pytest.mark.parametrize("overwrite", [False, True])
def test_a_folder_tiesim_did_not_write_is_refused_and_untouched(tmp_path, capsys, files, overwrite):
    config = write_config(tmp_path, tiny_config())
    out = tmp_path / "out"
    out.mkdir()
    for name, text in files.items():
        (out / name).write_text(text)
    args = ["run", config, "--out", str(out), "--workers", "1", "--quiet"]
    assert main([*args, "--overwrite"] if overwrite else args) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "not a tiesim results folder" in err
    assert "--out" in err and "--overwrite" not in err
    assert {p.name: p.read_text() for p in out.iterdir()} == files


def test_overwrite_deletes_only_what_tiesim_wrote(tmp_path, capsys):
    config = write_config(tmp_path, tiny_config())
    out = tmp_path / "out"
    args = ["run", config, "--out", str(out), "--workers", "1", "--quiet"]
    assert main(args) == 0
    (out / "notes.txt").write_text("mine")
    (out / "analysis").mkdir()
    (out / "analysis" / "plot.py").write_text("print(1)")
    assert main([*args, "--set", "steps=5", "--overwrite"]) == 0
    assert (out / "notes.txt").read_text() == "mine"
    assert (out / "analysis" / "plot.py").read_text() == "print(1)"
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["steps"] == 5 and manifest["status"] == "complete"


def test_clear_outputs_removes_every_file_a_sweep_writes_and_nothing_else(tmp_path):
    data = tiny_config()
    data["outputs"] = {"plot": True, "csv": True}
    out = tmp_path / "out"
    run(data, out=out, workers=1)
    (out / "failed").mkdir()
    (out / ".summary.parquet.tmp-123").write_text("half-written")
    (out / "notes.txt").write_text("mine")
    (out / ".notes.txt.tmp-1").write_text("mine too")
    assert tiesim_manifest(out) is not None
    clear_outputs(out)
    assert sorted(p.name for p in out.iterdir()) == [".notes.txt.tmp-1", "notes.txt"]


def test_tiesim_manifests_carry_tiesim_markers(tmp_path):
    out = tmp_path / "out"
    run(tiny_config(), out=out, workers=1)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["tool"] == "tiesim" and is_tiesim_manifest(manifest)
    legacy = {k: v for k, v in manifest.items() if k != "tool"}  # written before the marker
    assert is_tiesim_manifest(legacy)
    assert not is_tiesim_manifest({**manifest, "format": 99})
    assert not is_tiesim_manifest({"config_hash": manifest["config_hash"]})
    assert not is_tiesim_manifest([manifest])
