"""A replication's table as text, Markdown and CSV, and its files: table, data and figure.

Every file is written whole (under a temporary name, then renamed), so a reader never sees
half a table.  Figures are saved as PNG, SVG and PDF without creation dates and with fixed
SVG element ids, so the same replication writes the same vector files every time.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pandas as pd
from matplotlib.figure import Figure

from tiesim.analysis import plots
from tiesim.files import write_text
from tiesim.replications.core import Outcome, Row, Verdict

FIGURE_DPI = 200


def table_frame(rows: Sequence[Row], name: str | None = None) -> pd.DataFrame:
    """The rows as a table of plain values (the CSV), with the replication's name if given."""
    records = []
    for row in rows:
        q, model = row.quantity, row.model
        record = {"replication": name} if name is not None else {}
        record |= {
            "quantity": q.name,
            "published": q.published,
            "source": q.source,
            "model": model.value,
            "ci_low": model.low,
            "ci_high": model.high,
            "rule": q.rule.describe(),
            "verdict": str(row.verdict),
        }
        records.append(record)
    return pd.DataFrame(records)


def _cells(rows: Sequence[Row], name: str | None) -> list[dict[str, str]]:
    return [({"replication": name} if name else {}) | row.cells() for row in rows]


def render_text(rows: Sequence[Row], name: str | None = None) -> str:
    """The rows as an aligned text table (with a first column naming the replication)."""
    return _aligned(_cells(rows, name))


def render_markdown(rows: Sequence[Row], name: str | None = None) -> str:
    """The rows as a Markdown table."""
    return _markdown(_cells(rows, name))


def _markdown(cells: list[dict[str, str]]) -> str:
    if not cells:
        return ""
    header = list(cells[0])
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(c[h].replace("|", "\\|") for h in header) + " |" for c in cells]
    return "\n".join(lines)


def _aligned(cells: list[dict[str, str]]) -> str:
    if not cells:
        return ""
    header = list(cells[0])
    widths = {h: max(len(h), *(len(c[h]) for c in cells)) for h in header}
    lines = ["  ".join(h.ljust(widths[h]) for h in header).rstrip()]
    lines += ["  ".join(c[h].ljust(widths[h]) for h in header).rstrip() for c in cells]
    return "\n".join(lines)


def tally(rows: Sequence[Row]) -> str:
    """How many rows got each verdict, e.g. ``3 reproduced, 1 qualitatively, 0 not``."""
    counts = {v: sum(row.verdict is v for row in rows) for v in Verdict}
    return (
        f"{counts[Verdict.REPRODUCED]} reproduced, {counts[Verdict.QUALITATIVELY]} "
        f"qualitatively, {counts[Verdict.NOT]} not reproduced"
    )


def header(outcome: Outcome) -> str:
    """The lines above a replication's table: title, setup, and what ``--quick`` changes."""
    lines = [f"{outcome.name}: {outcome.title}", f"setup: {outcome.setup}"]
    if outcome.quick:
        lines.append("quick: small runs, so wider intervals (looser verdicts; see the page)")
    return "\n".join(lines)


def save_figure(figure: Figure, stem: Path) -> list[Path]:
    """Save ``figure`` as ``stem.png``, ``stem.svg`` and ``stem.pdf``, then close it."""
    plots.save_figure(figure, stem.with_suffix(".png"), FIGURE_DPI, tuple(plots.FIGURE_FORMATS))
    return [stem.with_suffix(f".{fmt}") for fmt in plots.FIGURE_FORMATS]


def write_outcome(outcome: Outcome, folder: Path) -> list[Path]:
    """Write ``table.txt``, ``.md``, ``.csv``, ``data.csv`` and the figure into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = header(outcome) + "\n" + render_text(outcome.rows) + "\n"
    write_text(folder / "table.txt", text)
    write_text(folder / "table.md", render_markdown(outcome.rows) + "\n")
    paths = [folder / "table.txt", folder / "table.md"]
    for name, frame in (("table.csv", table_frame(outcome.rows)), ("data.csv", outcome.data)):
        write_text(folder / name, frame.to_csv(index=False))
        paths.append(folder / name)
    return paths + save_figure(outcome.figure, folder / "figure")


def render_verdicts(outcomes: Sequence[Outcome], *, markdown: bool = False) -> str:
    """One table of every quantity of every replication (``tiesim replicate --all``)."""
    cells = [cell for o in outcomes for cell in _cells(o.rows, o.name)]
    return _markdown(cells) if markdown else _aligned(cells)


def write_verdicts(outcomes: Sequence[Outcome], folder: Path) -> list[Path]:
    """Write the combined table as ``verdicts.txt``, ``verdicts.md`` and ``verdicts.csv``."""
    folder.mkdir(parents=True, exist_ok=True)
    frame = pd.concat([table_frame(o.rows, o.name) for o in outcomes], ignore_index=True)
    files = {
        "verdicts.txt": render_verdicts(outcomes) + "\n",
        "verdicts.md": render_verdicts(outcomes, markdown=True) + "\n",
        "verdicts.csv": frame.to_csv(index=False),
    }
    for name, text in files.items():
        write_text(folder / name, text)
    return [folder / name for name in files]
