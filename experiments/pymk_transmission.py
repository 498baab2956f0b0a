"""Job transmission against a new tie's mutual contacts at formation (Rajkumar et al. 2022).

Reads a results folder of a run with online recommendations (``configs/pymk_experiment.yaml``),
prints, for the ties formed online, the share that later carried at least one hire, by mutual
contacts at formation — for all of them, for those that stayed weak and for those that turned
strong (a hump in "all" that is absent within each kind would only mix two kinds of ties) —
with 95 % Wilson intervals, then the hires per person and step of each recommendation arm, and
writes ``transmission_by_mutual.png`` into the folder::

    tiesim run configs/pymk_experiment.yaml
    .venv/bin/python experiments/pymk_transmission.py results/pymk_experiment
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pandas as pd

from tiesim.analysis.transmission import transmission_by_mutual


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="results folder, e.g. results/pymk_experiment")
    args = parser.parse_args(argv)
    ties_file, hires_file = args.folder / "ties.parquet", args.folder / "hires.parquet"
    if not (ties_file.is_file() and hires_file.is_file()):
        print(f"pymk_transmission: no ties/hires tables in {args.folder}", file=sys.stderr)
        return 2
    ties, hires = pd.read_parquet(ties_file), pd.read_parquet(hires_file)
    if "formed_by" not in ties or not (ties["formed_by"] == "online").any():
        print(f"pymk_transmission: no ties formed online in {args.folder}", file=sys.stderr)
        return 2
    table = transmission_by_mutual(ties, hires)
    table = table[table["formed"] > 0]
    with pd.option_context("display.width", 120, "display.float_format", "{:.4f}".format):
        print(table.to_string(index=False))
    summary = args.folder / "summary.csv"
    if summary.is_file():  # one row per sweep point (the shipped config has one)
        for _, row in pd.read_csv(summary).iterrows():
            arms = [c for c in row.index if c.startswith("hire_rate_arm_") and c.endswith("_mean")]
            for name in (c[: -len("_mean")] for c in arms):
                mean, high = row[f"{name}_mean"], row[f"{name}_ci_high"]
                if pd.notna(mean):
                    print(f"{name}: {mean:.5f} ± {high - mean:.5f} hires per person and step")
    figure, axes = plt.subplots(figsize=(7, 4))
    for kind, group in table.groupby("ties", sort=False):
        below = (group["share"] - group["ci_low"]).clip(lower=0)  # rounding can make -1e-17
        errors = [below, (group["ci_high"] - group["share"]).clip(lower=0)]
        axes.errorbar(
            group["mutual_at_formation"],
            group["share"],
            yerr=errors,
            label=kind,
            marker="o",
            capsize=3,
        )
    axes.set_xlabel("mutual contacts when the tie formed")
    axes.set_ylabel("share of new ties that carried a hire")
    axes.set_title("Job transmission over ties formed online")
    axes.legend()
    figure.tight_layout()
    out = args.folder / "transmission_by_mutual.png"
    figure.savefig(out, dpi=120)
    print(f"figure: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
