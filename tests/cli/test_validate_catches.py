"""``tiesim validate`` refuses what ``tiesim run`` would fail on, and checks big plans fast.

Values the engines cannot hold, graphs that cannot fit in memory, missing or malformed graph
files: one line and exit 2 from ``validate`` and from ``run`` (nothing written), never a run
that fails later with the error only in ``failed.csv``.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import networkx as nx
import pytest

from tiesim.cli import main
from tiesim.config import validate_config
from tiesim.errors import ConfigError
from tiesim.runner.experiment import run


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


def test_a_graph_too_big_for_this_machine_names_the_limit_and_why(tmp_path, capsys):
    from tiesim.runner.plan import check_design
    from tiesim.runner.preflight import preflight, run_memory

    data = {"engine": "mesa", "graph": {"n": 200_000_000, "strong_degree": 3}}
    config = write(tmp_path, data)
    err = refused(capsys, ["validate", str(config)])
    assert "a run needs at least" in err and "more than this machine's" in err
    assert "the mesa engine uses about 1500 bytes per agent and 400 per tie" in err
    small = validate_config({"engine": "array", "graph": {"n": 10_000}})
    need = run_memory(small)
    preflight(check_design(small), memory=int(need) + 1)  # fits
    with pytest.raises(ConfigError, match="a run needs at least"):
        preflight(check_design(small), memory=int(need) - 1)


def test_a_topic_space_too_big_for_this_machine_is_refused_before_running(tmp_path, capsys):
    # every agent counts the items heard on every topic: n x communities x K numbers
    data = {
        "engine": "array",
        "graph": {"n": 20_000, "community_size": 10},
        "trends": {"rate": 0.1, "topics_per_community": 1000},
    }
    err = refused(capsys, ["run", str(write(tmp_path, data)), "--out", str(tmp_path / "out")])
    assert "2e+06 topics counted per agent" in err and "trends.topics_per_community" in err
    assert not (tmp_path / "out").exists()
    data["trends"]["topics_per_community"] = 5  # 10,000 topics: 3 GB, fits
    assert main(["validate", str(write(tmp_path, data))]) == 0


def test_the_largest_point_of_a_sweep_is_named(tmp_path):
    from tiesim.runner.plan import check_design
    from tiesim.runner.preflight import preflight, run_memory

    data = {
        "engine": "array",
        "graph": {"n": 1000},
        "trends": {"rate": 1.0, "horizon": 50},
        "sweep": {"grid": {"graph.n": [1000, 5000, 2000], "trends.rate": [0.5, 2.0]}},
    }
    design = check_design(validate_config(data))
    trends = {"rate": 2.0, "horizon": 50}
    biggest = run_memory(validate_config({**data, "graph": {"n": 5000}, "trends": trends}))
    with pytest.raises(ConfigError, match=r"sweep point 3 \(graph.n=5000, trends.rate=2.0\)"):
        preflight(design, memory=int(biggest) - 1)
    preflight(design, memory=int(biggest) + 1)


def test_a_missing_or_unreadable_graph_file_is_refused_by_validate(tmp_path, capsys):
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    for path, expected in [
        (tmp_path / "missing.csv", "no such file"),
        (folder, "it is a folder"),
        (tmp_path / "graph.txt", "unknown extension"),
    ]:
        config = write(tmp_path, {"graph": {"kind": "file", "path": str(path)}})
        err = refused(capsys, ["validate", str(config)])
        assert "config field 'graph.path'" in err and expected in err


def test_a_swept_graph_file_is_checked_at_every_point(tmp_path, capsys):
    good = tmp_path / "good.csv"
    good.write_text("source,target,tie\na,b,strong\nb,c,weak\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target,tie\na,b,medium\n")
    data = {"graph": {"kind": "file", "path": str(good)}}
    data["sweep"] = {"grid": {"graph.path": [str(good), str(bad)], "steps": [2, 3]}}
    err = refused(capsys, ["validate", str(write(tmp_path, data))])
    assert "sweep point 2 (graph.path=" in err and "has tie 'medium'" in err


# ------------------------------------------------------------------ malformed graph files
def seed_files(folder: Path) -> dict[str, bytes]:
    """A small valid graph in each format, with tie types, weights and communities."""
    G = nx.Graph()
    for i in range(12):
        G.add_node(f"n{i}", community=i // 4)
    for i in range(12):
        for j, tie in ((i + 1, "strong"), (i + 4, "weak")):
            if j < 12:
                G.add_edge(f"n{i}", f"n{j}", tie=tie, weight=1.0 + i % 3, contact_rate=0.3)
    nx.write_graphml(G, folder / "seed.graphml")
    nx.write_gml(G, folder / "seed.gml")
    rows = "".join(f"{a},{b},{d['tie']},{d['weight']}\n" for a, b, d in G.edges(data=True))
    (folder / "seed.csv").write_text("source,target,tie,weight\n" + rows)
    return {ext: (folder / f"seed.{ext}").read_bytes() for ext in ("graphml", "gml", "csv")}


INSERTS = [b"nan", b"inf", b"-1", b"1e999", b"abc", b'"', b"<", b"[", b"]", b",", b"\n", b"\x00"]


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One random damage: truncation, flipped bytes, an insertion, a lost or doubled line, ..."""
    kind = rng.randrange(8)
    lines = data.split(b"\n")
    if kind == 0:
        return data[: rng.randrange(len(data))]
    if kind == 1:
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 5)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        return bytes(damaged)
    if kind == 2:
        at = rng.randrange(len(data))
        return data[:at] + rng.choice(INSERTS) + data[at:]
    if kind == 3:
        del lines[rng.randrange(len(lines))]
        return b"\n".join(lines)
    if kind == 4:
        lines.insert(rng.randrange(len(lines)), lines[rng.randrange(len(lines))])
        return b"\n".join(lines)
    if kind == 5:
        for old, new in [(b"strong", b"medium"), (b"0.3", b"-2"), (b"1.0", b"0"), (b"weak", b"")]:
            if rng.random() < 0.5:
                data = data.replace(old, new, 1)
        return data
    if kind == 6:
        return bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
    return data.replace(b"0.3", b"0.3" * rng.randint(2, 3), 1)


EXTRA_FILES = {
    "deep.gml": b"graph [ " + b"a [ " * 5000 + b"]" * 5000 + b" ]",
    "deep.graphml": (
        b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">'
        + b'<node id="n"><graph edgedefault="undirected">' * 2000
        + b"</graph></node>" * 2000
        + b"</graph></graphml>"
    ),
    "header_only.csv": b"source,target\n",
    "hyperedge.graphml": (
        b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"><graph edgedefault="undirected">'
        b'<node id="a"/><hyperedge><endpoint node="a"/></hyperedge></graph></graphml>'
    ),
    "list_weight.gml": b"graph [ node [ id 0 ] node [ id 1 ] edge [ source 0 target 1 weight"
    b" [ a 1 ] ] ]",
    "latin1.csv": "source,target\nzoë,åsa\n".encode("latin-1"),
}


def test_malformed_graph_files_fail_validate_in_one_line_or_run_cleanly(tmp_path, capsys):
    """Fuzz: damaged GraphML, GML and CSV files; validate's verdict must hold at run time."""
    seeds = seed_files(tmp_path)
    rng = random.Random(13)
    files = {f"f{i:03d}.{ext}": mutate(rng, seeds[ext]) for i, ext in
             enumerate(rng.choice(list(seeds)) for _ in range(90))}  # fmt: skip
    files.update(EXTRA_FILES)
    verdicts = {0: 0, 2: 0}
    for name, content in files.items():
        graph = tmp_path / name
        graph.write_bytes(content)
        data = {"name": "f", "steps": 2, "graph": {"kind": "file", "path": str(graph)}}
        config = write(tmp_path, data, f"{name}.yaml")
        code = main(["validate", str(config)])
        out = capsys.readouterr()
        assert code in (0, 2), name
        verdicts[code] += 1
        if code == 2:
            line = out.err.strip()
            assert line.startswith("tiesim: error: ") and "\n" not in line, (name, line)
            assert "config field 'graph.path'" in line, (name, line)
            continue
        result = run(config, write=False, workers=1)  # validate passed: the run must work
        assert len(result.failed) == 0 and len(result.runs) == 1, name
    assert verdicts[0] >= 5 and verdicts[2] >= 50, verdicts
