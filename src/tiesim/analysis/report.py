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
from tiesim.analysis.paired import (
    difference_cells,
    group_differences,
    value_differences,
    varies,
)
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
    runs: pd.DataFrame | None = None,
    mixed_code: str | None = None,
) -> list[Block]:
    """The report's content, in order.

    ``runs`` (one row per finished run) gives the paired comparisons; ``mixed_code`` is a
    note, shown in the design section, that the runs were made by more than one tiesim version
    or git commit.
    """
    sweep = config.sweep
    paths = sweep.paths()
    planned = manifest.get("runs", {})
    git = manifest.get("git") or {}
    dirty = " (with local changes)" if git.get("dirty") else ""
    commit = f"commit {str(git.get('commit'))[:10]}{dirty}" if git.get("commit") else ""
    blocks: list[Block] = [
        ("h1", f"{config.name}: experiment report"),
        ("p", config.description or "No description was given in the config."),
        (
            "p",
            f"{len(planned)} planned runs ({manifest['points']} sweep point(s) × "
            f"{sweep.replicates} replicate(s)) of {config.steps} steps on a "
            f"{config.graph.kind} graph, "
            f"engine {config.engine}; {sum(r['status'] == 'done' for r in planned.values())} "
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
    if runs is not None and config.sweep.replicates > 1:
        blocks += paired_blocks(config, runs, summary)
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


#: Rows shown of a table of paired differences (the rest: tiesim.analysis.paired).
PAIRED_ROWS = 60


def paired_blocks(
    config: ExperimentConfig, runs: pd.DataFrame, summary: pd.DataFrame
) -> list[Block]:
    """Paired comparisons: strategies and arms within runs; swept values with the same seeds.

    Swept values are compared only for paths outside ``graph`` in a grid: a swept graph
    parameter changes every draw after the graph, so its runs share no draws (README,
    "Sweeps").  Empty when there is nothing to compare.
    """
    swept = config.sweep.paths()
    blocks: list[Block] = []
    groups, names = group_differences(runs, swept)
    if names:
        header = ["point", *(short(p) for p in swept), *names.values()]
        cells = {name: difference_cells(groups, name) for name in names}
        rows = [
            [str(int(r["point"])), *(_cell(r[p]) for p in swept), *(cells[n][i] for n in names)]
            for i, (_, r) in enumerate(groups.iterrows())
        ]
        blocks += [
            ("h3", "Strategies and recommendation arms, within the same runs"),
            (
                "p",
                "Each run's difference between two groups of its own people, averaged over the "
                "replicates of a point, ± the half-width of its 95 % confidence interval. "
                "Spells are mean unemployment spells ended by a hire; employed is the share "
                "employed at the end of the run.",
            ),
            ("table", [header, *rows]),
        ]
    titles = {
        m: title
        for m, title in key_metrics(summary, config.networking.step_days)
        if m in runs and not m.startswith(("employed_", "contact_"))
    }
    paths = [p for p in swept if not p.startswith("graph.")] if config.sweep.grid else []
    for path, table in value_differences(runs, swept, list(titles), paths).items():
        first = _cell(runs.sort_values("point")[path].iloc[0])
        others = [p for p in swept if p != path]
        metrics = [m for m in titles if varies(table, m)]  # not those no value changes
        header = [*(short(p) for p in others), short(path), "pairs", *(titles[m] for m in metrics)]
        cells = {m: difference_cells(table, m) for m in metrics}
        rows = [
            [*(_cell(r[p]) for p in others), _cell(r[path]), str(int(r["pairs"]))]
            + [cells[m][i] for m in metrics]
            for i, (_, r) in enumerate(table.iterrows())
        ]
        more = len(rows) - PAIRED_ROWS
        blocks += [
            ("h3", f"{short(path)}: each value minus {first}, same seeds"),
            (
                "p",
                f"For each replicate, the run at this value minus the run at {short(path)} = "
                f"{first} with the same seed and the same other values, averaged over the "
                "replicates, ± the half-width of its 95 % confidence interval."
                + (f" First {PAIRED_ROWS} of {len(rows)} rows." if more > 0 else ""),
            ),
            ("table", [header, *rows[:PAIRED_ROWS]]),
        ]
    if not blocks:
        return []
    return [
        ("h2", "Paired comparisons"),
        (
            "p",
            "Differences taken within pairs of results that share their random numbers, then "
            "averaged: the pair's shared luck cancels, so these intervals are often narrower "
            "than the key-results intervals of the two sides suggest. tiesim.analysis.paired "
            "computes them from runs.csv.",
        ),
        *blocks,
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
        f"same at every point, so any run can be repeated alone; across points they pair runs "
        f"only for parameters outside the graph (a swept graph parameter changes every draw "
        f'after the graph; README, "Sweeps"), and the key-results intervals are per point: '
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
