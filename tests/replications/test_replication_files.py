"""A replication's files: the table as text, Markdown and CSV, the data, a figure in 3 formats."""

from __future__ import annotations

import pandas as pd

from tiesim.replications.core import Estimate, Outcome, Quantity, Side, Within
from tiesim.replications.figures import mark_published, new_figure
from tiesim.replications.output import (
    render_markdown,
    render_text,
    render_verdicts,
    save_figure,
    tally,
    write_outcome,
    write_verdicts,
)


def outcome(name: str = "demo") -> Outcome:
    rows = [
        Quantity("a number", 0.5, "Paper 2000, Table 1", Within(0.05, loose=0.1)).row(
            Estimate(0.52, 0.50, 0.54)
        ),
        Quantity("a direction", "> 0 (rises)", "Paper 2000, Fig. 2", Side()).row(
            Estimate(-0.1, -0.2, 0.0)
        ),
    ]
    figure, (ax,) = new_figure()
    ax.plot([0, 1], [0, 1], label="model")
    mark_published(ax, [1], [0.5], 0.05)
    return Outcome(name, "A demo", "nothing run", rows, figure, pd.DataFrame({"x": [0, 1]}))


def test_the_table_renders_as_text_markdown_and_csv(tmp_path):
    demo = outcome()
    text = render_text(demo.rows).splitlines()
    assert text[0].split() == [
        "quantity", "published", "source", "model", "[95%", "CI]", "rule", "verdict"
    ]  # fmt: skip
    assert "0.520 [0.500, 0.540]" in text[1] and text[1].endswith("reproduced")
    assert text[2].endswith("not reproduced")
    markdown = render_markdown(demo.rows, "demo").splitlines()
    assert markdown[0].startswith("| replication | quantity |") and len(markdown) == 4
    assert tally(demo.rows) == "1 reproduced, 0 qualitatively, 1 not reproduced"

    files = write_outcome(demo, tmp_path / "demo")
    names = sorted(p.name for p in files)
    assert names == sorted(
        ["table.txt", "table.md", "table.csv", "data.csv", "figure.png", "figure.svg", "figure.pdf"]
    )
    table = pd.read_csv(tmp_path / "demo" / "table.csv")
    assert list(table["verdict"]) == ["reproduced", "not reproduced"]
    assert list(table["published"]) == ["0.5", "> 0 (rises)"]
    assert table.loc[0, "ci_low"] == 0.5 and table.loc[0, "source"] == "Paper 2000, Table 1"


def test_figures_are_saved_as_png_svg_and_pdf_without_dates(tmp_path):
    paths = save_figure(outcome().figure, tmp_path / "figure")
    png, svg, pdf = (p.read_bytes() for p in paths)
    assert (
        png.startswith(b"\x89PNG") and svg.lstrip().startswith(b"<?xml") and pdf.startswith(b"%PDF")
    )
    assert b"<dc:date>" not in svg and b"/CreationDate" not in pdf
    assert b"<text" in svg  # text stays text, editable in a drawing program
    again = save_figure(outcome().figure, tmp_path / "again")
    assert [p.read_bytes() for p in again[1:]] == [svg, pdf]  # the same figure, the same files
    assert not list(tmp_path.glob(".*tmp*"))  # no temporary file left behind


def test_the_verdicts_of_several_replications_form_one_table(tmp_path):
    demos = [outcome("first"), outcome("second")]
    lines = render_verdicts(demos).splitlines()
    assert lines[0].startswith("replication") and len(lines) == 5
    assert [line.split()[0] for line in lines[1:]] == ["first", "first", "second", "second"]
    write_verdicts(demos, tmp_path)
    table = pd.read_csv(tmp_path / "verdicts.csv")
    assert list(table["replication"]) == ["first", "first", "second", "second"]
    assert (tmp_path / "verdicts.md").read_text().count("\n") == 6
