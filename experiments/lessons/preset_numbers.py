"""Measure what each classroom preset shows: the numbers quoted in the lesson pages.

Run:  .venv/bin/python experiments/lessons/preset_numbers.py [--seeds 20] [--steps 200]

For every preset in ``tiesim.app.presets`` it runs the demo model once with the page's default
seed (the preset's own ``seed`` if it sets one, else the starting value; what the class sees
first) and then over ``--seeds`` seeds (0, 1, …), and prints
window means: employment rate, opportunity discovery (share of job seekers who heard of an
opening that step), hires by channel, the weak share of hires through a contact, the share of
hires whose opening came from another community, and the reach of trend items.  For the
"cut the weak ties" preset the window before the cut and the window after it are shown apart.
Under each table a few notes give other numbers the pages quote (see ``notes``).
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from tiesim.app.demo_model import DemoModel
from tiesim.app.presets import PRESETS, preset_values


def run(values: dict, seed: int, steps: int) -> DemoModel:
    """One run of the demo model with ``values`` and ``seed``."""
    model = DemoModel(**{**values, "seed": seed})
    for _ in range(steps):
        model.step()
    return model


def window(model: DemoModel, first: int, last: int) -> dict[str, float]:
    """Means over steps ``first..last`` (inclusive)."""
    m = model.metrics().set_index("step").loc[first:last]
    hires = model.hires()
    hires = hires[(hires.step >= first) & (hires.step <= last)]
    by = hires.channel.value_counts()
    contact = by.get("strong", 0) + by.get("weak", 0)
    items = model.trend_items()
    items = items[(items.start_step >= first) & (items.start_step <= last - 50)]
    return {
        "employment": m.employment_rate.mean(),
        "discovery": m.opportunity_discovery.mean(),
        "hires_direct": by.get("direct", 0),
        "hires_strong": by.get("strong", 0),
        "hires_weak": by.get("weak", 0),
        "weak_share": by.get("weak", 0) / contact if contact else np.nan,
        "crossed": hires.crossed_communities.mean() if len(hires) else np.nan,
        "trend_reach": items.reach.mean() if len(items) else np.nan,
        "trend_communities": items.communities_reached.mean() if len(items) else np.nan,
    }


def windows(key: str, steps: int) -> dict[str, tuple[int, int]]:
    """The windows reported for preset ``key``."""
    cut = preset_values(key)["cut_weak_ties_at"]
    if cut:
        return {"before cut": (cut // 2 + 1, cut - 1), "after cut": (cut + 1, steps)}
    return {"steps 51-end": (51, steps)}


def notes(key: str, shown: DemoModel, models: list[DemoModel]) -> list[str]:
    """Other numbers the page of preset ``key`` quotes, from the runs of its table."""
    seed, n = preset_values(key)["seed"], len(models)
    lines = []
    weak = pd.concat([m.hires().query("channel == 'weak' and step >= 51") for m in models])
    if len(weak):
        lines.append(
            f"weak-tie hires (steps 51-end, {n} seeds) whose opening arose in another "
            f"community: {weak.crossed_communities.mean():.1%}"
        )
    cut = preset_values(key)["cut_weak_ties_at"]
    if cut:

        def late(model: DemoModel) -> int:
            hires = model.hires()
            return int(((hires.channel == "weak") & (hires.step >= cut)).sum())

        lines.append(
            f"weak-tie hires at step {cut} or later: seed {seed} {late(shown)}, "
            f"{n} seeds {sum(late(m) for m in models)} in all"
        )
        items = pd.concat([m.trend_items() for m in models])
        items = items[(items.start_step >= 51) & (items.start_step <= cut - 10)]
        everywhere = int((items.communities_reached == 10).sum())
        lines.append(
            f"trends started in steps 51-{cut - 10}: mean reach {items.reach.mean():.3f}, "
            f"{everywhere} of {len(items)} (over {n} seeds) reach all 10 communities, "
            f"lowest reach {items.reach.min():.3f}"
        )
    if preset_values(key)["tie_dynamics"]:
        lines.extend(living_ties_notes(key, seed, n))
    if preset_values(key)["trend_threshold"] >= 2:
        items = shown.trend_items()[["start_step", "reach", "communities_reached"]]
        lines.append(f"seed {seed}, every trend item of the run:")
        lines.extend("  " + row for row in items.to_string(index=False).splitlines())
    return lines


def living_ties_notes(key: str, seed: int, seeds: int, steps: int = 200) -> list[str]:
    """Use-it-or-lose-it preset: ties kept and discovery with no, some and more check-in time."""
    lines = []
    cases = ((0, "weak_first"), (1, "weak_first"), (2, "weak_first"), (2, "strong_first"))
    for budget, rule in cases:
        values = {**preset_values(key), "checkin_budget": budget, "maintenance": rule}
        runs = [run(values, s, steps).metrics().set_index("step") for s in range(seeds)]
        shown = run(values, seed, steps).metrics().set_index("step")

        def at(m: pd.DataFrame) -> str:
            return ", ".join(f"{int(m.ties_weak[t])}" for t in (1, 50, 100, steps))

        weak = np.mean([[m.ties_weak[t] for t in (1, 50, 100, steps)] for m in runs], axis=0)
        discovery = [m.opportunity_discovery.loc[51:].mean() for m in runs]
        strong = np.mean([m.ties_strong[steps] for m in runs])
        lines.append(
            f"time {budget}, {rule if budget else 'no check-ins'}: weak ties at steps 1, 50, 100, "
            f"{steps}: seed {seed} {at(shown)}; {seeds} seeds "
            f"{', '.join(f'{w:.0f}' for w in weak)}; strong ties at {steps}: {strong:.0f}; "
            f"discovery (51-end) {np.mean(discovery):.3f} ± {np.std(discovery, ddof=1):.3f} "
            f"(seed {seed}: {shown.opportunity_discovery.loc[51:].mean():.3f})"
        )
    return lines


def trend_comparison(seeds: int, steps: int) -> pd.DataFrame:
    """Complex-trends preset: trend reach by threshold (1 = simple) and weak-tie density."""
    rows = []
    base = preset_values("complex-trends")
    for threshold in (1, 2):
        for density in (0.0, 0.2, 0.5, 1.0, 3.0):
            for seed in range(seeds):
                values = {**base, "trend_threshold": threshold, "weak_tie_density": density}
                items = run(values, seed, steps).trend_items()
                items = items[items.start_step <= steps - 100]  # followed for a full horizon
                rows.append(
                    {
                        "threshold": threshold,
                        "weak_tie_density": density,
                        "reach": items.reach.mean(),
                        "communities_reached": items.communities_reached.mean(),
                        "steps_to_half": items.time_to_half.mean(),
                    }
                )
    table = pd.DataFrame(rows).groupby(["threshold", "weak_tie_density"])
    return table.mean().join(table.reach.std().rename("reach_sd"))


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--steps", type=int, default=200)
    args = parser.parse_args()
    pd.set_option("display.width", 200, "display.max_columns", 20, "display.precision", 3)
    for p in PRESETS:
        values = preset_values(p.key)
        print(f"\n== {p.title}  ({', '.join(f'{k}={v}' for k, v in p.values.items())})")
        seed = values["seed"]  # the page's default seed: the preset's own, else the default
        shown = run(values, seed, args.steps)
        models = [run(values, s, args.steps) for s in range(args.seeds)]
        rows = []
        for name, (first, last) in windows(p.key, args.steps).items():
            rows.append({"run": f"seed {seed}", "window": name, **window(shown, first, last)})
            many = pd.DataFrame([window(m, first, last) for m in models])
            rows.append({"run": f"{args.seeds} seeds mean", "window": name, **many.mean()})
            rows.append({"run": f"{args.seeds} seeds sd", "window": name, **many.std()})
        print(pd.DataFrame(rows).to_string(index=False))
        for line in notes(p.key, shown, models):
            print("  " + line)
    print("\n== Trend items (started by step steps-100), complex-trends preset values,")
    print("   threshold 1 = simple contagion; means over seeds (steps_to_half: items reaching 50%)")
    print(trend_comparison(args.seeds, args.steps).to_string())


if __name__ == "__main__":
    main()
