"""A report a person can open and read: ``report.md`` (beside its PNGs) and ``report.html``.

The report is built as a list of blocks (headings, paragraphs, tables, figures) and rendered
twice: Markdown that links the PNG files, and one self-contained HTML file with the images
embedded, which opens in any browser and can be mailed on its own.
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from tiesim.analysis.figures import Figure
from tiesim.analysis.summary import (
    KEY_METRICS,
    METRIC_LABELS,
    TIE_KEY_METRICS,
    interval_cells,
    with_mechanism_metrics,
)
from tiesim.analysis.sweep_plots import short
from tiesim.config import ExperimentConfig
from tiesim.files import write_text

Block = tuple[str, Any]


def key_metrics(summary: pd.DataFrame, step_days: float = 7.0) -> tuple[tuple[str, str], ...]:
    """The key metrics of a summary table, with those of the mechanisms it shows on."""
    return with_mechanism_metrics(KEY_METRICS, summary, step_days)


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "n/a" if math.isnan(value) else f"{value:.4g}"
    return str(value)


def key_table(
    summary: pd.DataFrame, paths: Sequence[str], step_days: float = 7.0
) -> list[list[str]]:
    """Header and rows: each point's values and key metrics as ``mean ± CI half-width``."""
    keys = key_metrics(summary, step_days)
    header = ["point", *(short(p) for p in paths), "runs", *(t for _, t in keys)]
    rows = [header]
    shown = {m: interval_cells(summary, m) for m, _ in keys}
    for i, (_, row) in enumerate(summary.iterrows()):
        cells = [str(int(row["point"])), *(_cell(row[p]) for p in paths), str(int(row["n_runs"]))]
        cells += [shown[m][i] for m, _ in keys]
        rows.append(cells)
    return rows


def build_blocks(
    config: ExperimentConfig,
    manifest: dict[str, Any],
    summary: pd.DataFrame,
    figures: Sequence[Figure],
    sobol: pd.DataFrame | None,
    failed: pd.DataFrame,
    *,
    mixed_code: str | None = None,
) -> list[Block]:
    """The report's content, in order.

    ``mixed_code`` is a note, shown in the design section, that the runs were made by more
    than one tiesim version or git commit.
    """
    sweep = config.sweep
    paths = sweep.paths()
    runs = manifest.get("runs", {})
    git = manifest.get("git") or {}
    dirty = " (with local changes)" if git.get("dirty") else ""
    commit = f"commit {str(git.get('commit'))[:10]}{dirty}" if git.get("commit") else ""
    blocks: list[Block] = [
        ("h1", f"{config.name}: experiment report"),
        ("p", config.description or "No description was given in the config."),
        (
            "p",
            f"{len(runs)} planned runs ({manifest['points']} sweep point(s) × {sweep.replicates} "
            f"replicate(s)) of {config.steps} steps on a {config.graph.kind} graph, "
            f"engine {config.engine}; {sum(r['status'] == 'done' for r in runs.values())} "
            f"done, {len(failed)} failed. Made with tiesim {manifest['versions']['tiesim']}"
            f"{', ' + commit if commit else ''} on {manifest['host']['name']}, finished "
            f"{manifest.get('updated', 'n/a')}. Config hash {manifest['config_hash']}.",
        ),
        ("h2", "Design"),
        ("ul", _design_lines(config, manifest, mixed_code)),
        ("h2", "Key results"),
        (
            "p",
            f"Final-window means (last {sweep.window:.0%} of the steps) over the replicates "
            "of each point, ± the half-width of the 95 % confidence interval of the mean "
            "(Student's t). "
            + _diversity_note(summary, config.metrics.diversity_window)
            + "The full table, with standard deviations and every metric, is summary.csv.",
        ),
        ("table", key_table(summary, paths, config.networking.step_days)),
    ]
    if figures:
        blocks.append(("h2", "Figures"))
    for figure in figures:
        blocks += [("h3", figure.title), ("img", figure.file), ("p", figure.caption)]
    if sobol is not None:
        blocks += _sobol_blocks(sobol)
    if len(failed):
        blocks += [
            ("h2", "Failed runs"),
            ("p", "These runs raised; the numbers above leave them out. Details: failed.csv."),
            (
                "table",
                [["run", "seed", "error"], *failed[["run_id", "seed", "error"]].astype(str).values],
            ),
        ]
    blocks += [
        ("h2", "Metrics"),
        ("ul", [f"{n}: {label}" for n, label in METRIC_LABELS.items() if f"{n}_mean" in summary]),
        ("h2", "Files"),
        ("ul", FILES),
    ]
    return blocks


FILES = [
    "summary.csv / .parquet: one row per sweep point (mean, std, 95 % CI of every metric)",
    "runs.csv / .parquet: one row per run (its final-window summary, seed and point values)",
    "metrics, hires, trends (.parquet, .csv): per step, per hire and per trend item of every run",
    "ties (.parquet, .csv): every tie formed, promoted, demoted, dissolved or removed",
    "agents (.parquet, .csv when small): one row per agent and run, at the end of the run",
    "runs/<run_id>/: each run's own tables as it finished; failed/: runs that raised",
    "manifest.json: resolved config and hash, seeds, versions, git commit, host, time per run",
]


def _diversity_note(summary: pd.DataFrame, window: int) -> str:
    """What news diversity counts, or why it is missing (runs stored before it existed)."""
    if "news_diversity_mean" in summary:
        return (
            f"News (and trend) diversity: the origin communities of the leads (trend items) "
            f"an agent heard of in the last {window} steps. "
        )
    return (
        "These runs were stored by a tiesim without news and trend diversity; summary.csv has "
        "the cumulative information_diversity (origin communities heard since step 1). "
    )


def _design_lines(
    config: ExperimentConfig, manifest: dict[str, Any], mixed_code: str | None
) -> list[str]:
    sweep = config.sweep
    lines = []
    for path, values in sweep.grid_values().items():
        shown = ", ".join(_cell(v) for v in values[:12]) + (" …" if len(values) > 12 else "")
        lines.append(f"{path}: {shown}")
    if sweep.sample is not None:
        ranges = ", ".join(
            f"{p} in [{r.low:g}, {r.high:g}]" for p, r in sweep.sample.parameters.items()
        )
        lines.append(f"{sweep.sample.method} sample of {sweep.sample.n} (SALib): {ranges}")
    seeds = manifest["replicate_seeds"]
    lines.append(
        f"seeds: experiment seed {config.seed}; replicate seeds from SeedSequence.spawn, the "
        f"same at every point, so any run can be repeated alone; they do not pair runs across "
        f"points (a swept graph parameter changes every draw after the graph; README, "
        f'"Sweeps"), and the intervals below are per point: '
        f"{', '.join(map(str, seeds[:3]))}{' …' if len(seeds) > 3 else ''}"
    )
    lines.append(
        "repeat one run and check it against the stored one: tiesim rerun <this folder> "
        "<run_id> (run ids are in runs.csv)"
    )
    for engine in manifest.get("engine_code", []):
        distribution = f", package {engine['distribution']}" if engine.get("distribution") else ""
        lines.append(
            f"engine class of your own (code outside tiesim made these numbers): "
            f"{engine.get('class')} from {engine.get('file')}{distribution}, SHA-256 "
            f"{str(engine.get('sha256'))[:12]}, {engine.get('runs')} run(s)"
        )
    if mixed_code:
        lines.append(f"mixed code: {mixed_code}")
    return lines


def _sobol_blocks(sobol: pd.DataFrame) -> list[Block]:
    if not len(sobol):
        return [
            ("h2", "Sensitivity (Sobol indices)"),
            (
                "p",
                "No indices: some design points failed, or every metric was constant or "
                "undefined somewhere over the design.",
            ),
        ]
    rows = [["metric", "parameter", "S1", "± 95 %", "ST", "± 95 %"]]
    keys = {m for m, _ in KEY_METRICS + TIE_KEY_METRICS} | {"trend_diversity"}
    rows += [
        [r.metric, r.parameter, *(f"{v:.3f}" for v in (r.S1, r.S1_conf, r.ST, r.ST_conf))]
        for r in sobol.itertuples()
        if r.metric in keys
    ]
    return [
        ("h2", "Sensitivity (Sobol indices)"),
        (
            "p",
            "S1 is the share of a metric's variance over the design due to a parameter "
            "alone; ST adds all its interactions. Computed with SALib from the point means. "
            "Key metrics only; every metric is in sobol.csv.",
        ),
        ("table", rows),
    ]


def render_markdown(blocks: Sequence[Block]) -> str:
    """The blocks as Markdown, images linked by file name."""
    out = []
    for kind, content in blocks:
        if kind in ("h1", "h2", "h3"):
            out.append("#" * int(kind[1]) + " " + content)
        elif kind == "p":
            out.append(content)
        elif kind == "ul":
            out.append("\n".join(f"- {item}" for item in content))
        elif kind == "img" and content.endswith(".pdf"):
            out.append(f"[{content}]({content})")
        elif kind == "img":
            out.append(f"![{content}]({content})")
        elif kind == "table":
            head, *rows = content
            lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
            lines += ["| " + " | ".join(r) + " |" for r in rows]
            out.append("\n".join(lines))
    return "\n\n".join(out) + "\n"


def render_html(blocks: Sequence[Block], folder: Path, title: str) -> str:
    """The blocks as one HTML page with the figures embedded (base64; PDFs are linked)."""
    esc = html.escape
    body = []
    for kind, content in blocks:
        if kind in ("h1", "h2", "h3", "p"):
            body.append(f"<{kind}>{esc(content)}</{kind}>")
        elif kind == "ul":
            body.append("<ul>" + "".join(f"<li>{esc(i)}</li>" for i in content) + "</ul>")
        elif kind == "img" and content.endswith(".pdf"):
            body.append(f'<p><a href="{esc(content)}">{esc(content)}</a></p>')
        elif kind == "img":
            data = base64.b64encode((folder / content).read_bytes()).decode()
            mime = "image/svg+xml" if content.endswith(".svg") else "image/png"
            body.append(f'<img alt="{esc(content)}" src="data:{mime};base64,{data}">')
        elif kind == "table":
            head, *rows = content
            cells = "".join(f"<th>{esc(h)}</th>" for h in head)
            trs = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
            body.append(f"<table><tr>{cells}</tr>{trs}</table>")
    return HTML.format(title=esc(title), body="\n".join(body))


HTML = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 70rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; color: #222; }}
table {{ border-collapse: collapse; font-size: 0.85rem; margin: 0.5rem 0 1rem; }}
th, td {{ border: 1px solid #ccc; padding: 0.2rem 0.5rem; text-align: right; }}
img {{ max-width: 100%; border: 1px solid #eee; }}
</style></head><body>
{body}
</body></html>
"""


def write_report(folder: Path, blocks: Sequence[Block], title: str) -> tuple[Path, Path]:
    """Write ``report.md`` and ``report.html`` into ``folder``; return their paths.

    Each is written whole and renamed into place: a symbolic link there is replaced, never
    written through.
    """
    md, page = folder / "report.md", folder / "report.html"
    write_text(md, render_markdown(blocks))
    write_text(page, render_html(blocks, folder, title))
    return md, page
