"""Figures, the report, and Sobol indices."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest

from sweep_helpers import tiny_config
from tiesim.analysis.sensitivity import sobol_indices
from tiesim.runner.experiment import rebuild, run


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    data = tiny_config(
        grid={"graph.weak_tie_density": [0.0, 1.0, 2.0], "jobs.job_loss": [0.02, 0.05]},
        replicates=2,
    )
    data["outputs"] = {"plot": True}
    out = tmp_path_factory.mktemp("report") / "tiny"
    run(data, out=out, workers=1)
    return out


FIGURES = (
    "opportunity_discovery.png",
    "summary_metrics.png",
    "hires_by_channel.png",
    "metrics.png",
)


def test_figures_and_report_are_written(folder):
    for name in FIGURES:
        assert (folder / name).stat().st_size > 5000
    report = (folder / "report.md").read_text()
    for name in FIGURES:
        assert f"![{name}]({name})" in report
    assert "Opportunity discovery against weak_tie_density" in report
    assert "95 % confidence interval" in report and "one line per job_loss" in report
    assert "| point | weak_tie_density | job_loss | runs | employment | discovery |" in report
    page = (folder / "report.html").read_text()
    assert page.count("data:image/png;base64,") == len(FIGURES)
    assert "<h3>Hires by channel against weak_tie_density</h3>" in page


def test_key_results_are_the_windowed_diversities_and_seeds_pair_only_outside_the_graph(folder):
    report = (folder / "report.md").read_text()
    header = next(line for line in report.splitlines() if line.startswith("| point |"))
    assert header.endswith("| weak share of contact hires | news diversity | trend diversity |")
    assert "info diversity" not in report and "common random numbers" not in report
    assert "across points they pair runs only for parameters outside the graph" in report
    assert "in the last 20 steps" in report  # the default metrics.diversity_window
    assert "- information_diversity: cumulative information diversity" in report


def test_paired_comparisons_pair_runs_only_for_a_parameter_outside_the_graph(folder):
    """job_loss values are compared run against run with the same seed and density; densities
    (a graph parameter: no shared draws) are not."""
    report = (folder / "report.md").read_text()
    assert "## Paired comparisons" in report
    assert "### job_loss: each value minus 0.02, same seeds" in report
    assert "weak_tie_density: each value minus" not in report
    runs = pd.read_csv(folder / "runs.csv")
    at = runs[runs["graph.weak_tie_density"] == 1.0].set_index("seed")
    gap = (
        at.loc[at["jobs.job_loss"] == 0.05, "employment_rate"]
        - at.loc[at["jobs.job_loss"] == 0.02, "employment_rate"]
    )
    row = next(line for line in report.splitlines() if line.startswith("| 1 | 0.05 | 2 |"))
    shown = row.split("|")[4].split("±")[0].strip()  # as many decimals as the interval needs
    decimals = len(shown.partition(".")[2])
    assert float(shown) == pytest.approx(gap.mean(), abs=0.5 * 10.0**-decimals)


def test_a_summary_from_runs_stored_before_news_diversity_leaves_it_out():
    from tiesim.analysis.report import key_table

    summary = pd.DataFrame(
        {
            "point": [0],
            "n_runs": [2],
            **{
                f"{m}_{s}": [0.5]
                for m in ("opportunity_discovery", "employment_rate", "trend_reach")
                for s in ("mean", "ci_high")
            },
        }
    )
    assert key_table(summary, [])[0] == ["point", "runs", "employment", "discovery"]


def test_report_command_rebuilds_from_stored_runs(folder):
    for name in ("summary.parquet", "report.md", "report.html", "hires_by_channel.png"):
        (folder / name).unlink()
    result = rebuild(folder)
    assert (folder / "report.html").is_file() and (folder / "hires_by_channel.png").is_file()
    assert len(pd.read_parquet(folder / "summary.parquet")) == 6 == len(result.summary)


def test_sobol_indices_of_a_known_function():
    from SALib.sample import sobol

    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0, 1]] * 3}
    x = sobol.sample(problem, 256, calc_second_order=False, seed=np.random.default_rng(1))
    # y = 4a + b: variances 16/12 and 1/12, c has no effect -> S1 = 16/17, 1/17, 0
    means = pd.DataFrame({"point": range(len(x)), "y_mean": 4 * x[:, 0] + x[:, 1]})
    means["flat_mean"] = 1.0
    means["gaps_mean"] = np.where(means["point"] == 3, np.nan, 1.0 * x[:, 0])
    indices = sobol_indices(problem, means, ("y", "flat", "gaps"), len(x), seed=0)
    assert set(indices["metric"]) == {"y"}  # constant and NaN metrics are left out
    s1 = indices.set_index("parameter")["S1"]
    assert s1["a"] == pytest.approx(16 / 17, abs=0.05)
    assert s1["b"] == pytest.approx(1 / 17, abs=0.03)
    assert abs(s1["c"]) < 0.02
    assert sobol_indices(problem, means.iloc[1:], ("y",), len(x), seed=0).empty


def test_sobol_sample_sweep_reports_indices(tmp_path):
    data = tiny_config(
        sample={
            "method": "sobol",
            "n": 4,
            "parameters": {
                "graph.weak_tie_density": {"low": 0, "high": 3},
                "jobs.job_arrival": {"low": 0.02, "high": 0.3},
            },
        },
        replicates=1,
    )
    data["outputs"] = {"plot": True}
    result = run(data, out=tmp_path / "s", workers=1)
    assert len(result.summary) == 16 and result.sobol is not None and len(result.sobol)
    assert set(result.sobol["parameter"]) == {"graph.weak_tie_density", "jobs.job_arrival"}
    assert (tmp_path / "s" / "sobol.csv").is_file() and (tmp_path / "s" / "sobol.png").is_file()
    report = (tmp_path / "s" / "report.md").read_text()
    assert "Sensitivity (Sobol indices)" in report and "sample_scatter.png" in report


def test_swept_parameters_are_labelled_in_words():
    from tiesim.analysis.sweep_plots import axis_label

    assert axis_label("graph.weak_tie_density") == "weak ties per person"
    assert "steps" in axis_label("jobs.lead_lifetime")
    assert axis_label("trends.below_threshold") == "below threshold"


def vector_config() -> dict:
    data = tiny_config()
    data["outputs"] = {"plot": True, "formats": ["svg", "pdf"]}
    return data


@pytest.fixture(scope="module")
def vector_folder(tmp_path_factory):
    """The tiny sweep with its figures as SVG and PDF (read-only: copy it to change it)."""
    out = tmp_path_factory.mktemp("vector") / "tiny"
    run(vector_config(), out=out, workers=1)
    return out


def test_figures_in_the_formats_asked_for_and_the_report_shows_the_best(vector_folder, tmp_path):
    data = vector_config()
    out = tmp_path / "tiny"
    shutil.copytree(vector_folder, out)
    stems = [name.removesuffix(".png") for name in FIGURES]
    for stem in stems:
        assert not (out / f"{stem}.png").exists()
        assert (out / f"{stem}.svg").read_text().lstrip().startswith("<?xml")
        assert (out / f"{stem}.pdf").read_bytes().startswith(b"%PDF")
    report = (out / "report.md").read_text()
    assert all(f"![{s}.svg]({s}.svg)" in report for s in stems)
    assert (out / "report.html").read_text().count("data:image/svg+xml;base64,") == len(stems)
    # outputs are not part of the config hash: the same sweep, now PDF only, redraws in place
    data["outputs"]["formats"] = ["pdf"]
    run(data, out=out, workers=1)
    assert not any((out / f"{s}.svg").exists() for s in stems)
    report = (out / "report.md").read_text()
    assert all(f"[{s}.pdf]({s}.pdf)" in report for s in stems) and "![" not in report
    assert f'<a href="{stems[0]}.pdf">' in (out / "report.html").read_text()


def test_vector_figures_are_the_same_every_time(vector_folder, tmp_path):
    run(vector_config(), out=tmp_path / "b", workers=1)
    for name in ("metrics.svg", "metrics.pdf", "summary_metrics.svg"):
        assert (vector_folder / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_the_metrics_figure_when_only_some_points_have_tie_panels(tmp_path):
    data = tiny_config(grid={"ties.dynamics": [False, True]}, replicates=1)
    data["outputs"] = {"plot": True}
    run(data, out=tmp_path / "tiny", workers=1)
    assert (tmp_path / "tiny" / "metrics.png").stat().st_size > 5000


@pytest.mark.parametrize(
    ("formats", "message"),
    [
        ([], "at least one"),
        (["png", "png"], "at most once"),
        (["gif"], "'png', 'svg' or 'pdf'"),
    ],
)
def test_bad_figure_formats_are_refused(formats, message):
    from tiesim.config import validate_config
    from tiesim.errors import ConfigError

    data = tiny_config()
    data["outputs"] = {"formats": formats}
    with pytest.raises((ConfigError, ValueError), match=message):
        validate_config(data)


def test_one_figure_format_may_be_written_alone():
    from tiesim.config import validate_config

    data = tiny_config()
    data["outputs"] = {"formats": "svg"}
    assert validate_config(data).outputs.formats == ("svg",)


def test_the_summary_grid_leaves_out_metrics_zero_everywhere(tmp_path, monkeypatch):
    """No check-ins: time on weak ties is 0 at every point and gets no panel (a flat line at
    zero said nothing); a metric undefined everywhere (no trend items) gets none either."""
    from tiesim.analysis import sweep_plots

    summary = pd.DataFrame({"jobs.job_loss": [0.01, 0.02], "point": [0, 1]})
    for metric, means in (
        ("employment_rate", [0.9, 0.8]),
        ("ties_weak", [0.0, 12.0]),  # zero at one point only: shown
        ("time_weak", [0.0, 0.0]),
        ("trend_reach", [np.nan, np.nan]),
    ):
        summary[f"{metric}_mean"] = means
        summary[f"{metric}_ci_low"] = summary[f"{metric}_ci_high"] = means
    shown = []
    monkeypatch.setattr(
        sweep_plots,
        "save_figure",
        lambda fig, *a, **k: shown.extend(ax.get_title() for ax in fig.axes if ax.get_visible()),
    )
    sweep_plots.plot_metric_grid(summary, "jobs.job_loss", tmp_path / "grid.png")
    assert shown == ["employment_rate", "ties_weak"]
