"""Measure what each classroom preset shows: the numbers quoted in the lesson pages.

Run:  .venv/bin/python experiments/lessons/preset_numbers.py [--seeds 20] [--steps 200]
      [--preset KEY ...]   (only these presets; the trend comparison only with complex-trends)

For every preset in ``tiesim.app.presets`` it runs the demo model once with the page's default
seed (the preset's own ``seed`` if it sets one, else the starting value; what the class sees
first) and then over ``--seeds`` seeds (0, 1, …), and prints
window means: employment rate, opportunity discovery (share of job seekers who heard of an
opening that step), hires by channel, the weak share of hires through a contact, the share of
hires whose opening came from another community, and the reach of trend items.  For the
"cut the weak ties" preset the window before the cut and the window after it are shown apart;
for presets whose people make ties as the run goes ("networking night") its first 50 steps and
its last 50.  Under each table a few notes give other numbers the pages quote (see ``notes``).
"""

from __future__ import annotations

import argparse

import numpy as np
import pandas as pd

from tiesim.app.demo_model import DemoModel
from tiesim.app.presets import PRESETS, preset_values
from tiesim.graphs.ties import FORMED_BY


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
        "hires_interview": by.get("interview", 0),
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
    if preset_values(key)["event_rate"] > 0:  # ties are made as it runs: its start, its end
        return {"steps 1-50": (1, 50), f"steps {steps - 49}-end": (steps - 49, steps)}
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
    if preset_values(key)["event_rate"] > 0:
        lines.extend(made_ties_notes(key, shown, models))
    if preset_values(key)["interview_share"] > 0:
        lines.extend(interview_notes(key, seed, n, shown.steps))
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


def made_ties_notes(key: str, shown: DemoModel, models: list[DemoModel]) -> list[str]:
    """Networking-night preset: the weak ties events make, and the hires that cross them."""
    seed, n, steps = preset_values(key)["seed"], len(models), shown.steps
    at = (1, 50, 100, steps)

    def weak_at(model: DemoModel) -> list[int]:
        weak = model.metrics().set_index("step").ties_weak
        return [int(weak[t]) for t in at]

    def over_event_ties(model: DemoModel) -> tuple[int, int]:
        weak = model.hires().query("channel == 'weak'")
        return int((weak.tie_formed_by == "event").sum()), len(weak)

    def first_weak_hire(model: DemoModel) -> float:
        weak = model.hires().query("channel == 'weak'")
        return float(weak.step.min()) if len(weak) else np.nan

    means = np.mean([weak_at(m) for m in models], axis=0)
    event, weak = np.sum([over_event_ties(m) for m in models], axis=0)
    firsts = [first_weak_hire(m) for m in models]
    lines = [
        f"weak ties at steps {', '.join(map(str, at))}: seed {seed} "
        f"{', '.join(map(str, weak_at(shown)))}; {n} seeds {', '.join(f'{w:.0f}' for w in means)}",
        f"weak-tie hires (whole run) over a tie made at an event: seed {seed} "
        f"{'/'.join(map(str, over_event_ties(shown)))}; {n} seeds {event}/{weak} "
        f"({event / weak:.1%})",
        f"first weak-tie hire at step: seed {seed} {first_weak_hire(shown):.0f}; {n} seeds "
        f"median {np.nanmedian(firsts):.0f} "
        f"(range {np.nanmin(firsts):.0f}-{np.nanmax(firsts):.0f})",
    ]
    made = pd.concat([m.metrics().formed_event for m in models])
    made = made[made > 0]
    graph = [m.graph for m in models]
    between = np.mean(
        [
            (g.community[g.u[s]] != g.community[g.v[s]]).mean()
            for g in graph
            for s in [np.flatnonzero(g.alive & (g.formed_by == FORMED_BY.index("event")))]
        ]
    )
    lines.append(
        f"steps with an event: {len(made) / n:.1f} per run, {made.mean():.1f} ties made in each "
        f"(median {made.median():.0f}); ties made at events that join two communities: "
        f"{between:.1%} ({n} seeds)"
    )
    quiet = [run({**preset_values(key), "event_rate": 0.0}, s, steps) for s in range(n)]
    for name, group in (("with events", models), ("no events", quiet)):
        late = [m.metrics().set_index("step").loc[steps - 49 :] for m in group]
        discovery = [m.opportunity_discovery.mean() for m in late]
        lines.append(
            f"{name}, steps {steps - 49}-end ({n} seeds): discovery {np.mean(discovery):.3f} ± "
            f"{np.std(discovery, ddof=1):.3f}, employment "
            f"{np.mean([m.employment_rate.mean() for m in late]):.3f}, unemployment duration "
            f"{np.mean([m.unemployment_duration.mean() for m in late]):.2f} steps"
        )
    return lines


def interview_notes(key: str, seed: int, seeds: int, steps: int) -> list[str]:
    """Ask-around preset: no interviews, and each order of asking (steps 51-end)."""
    lines = []
    cases = (
        ("nobody asks", {"interview_share": 0.0}),
        ("weakest_first", {"interview_rule": "weakest_first"}),
        ("strongest_first", {"interview_rule": "strongest_first"}),
        ("random", {"interview_rule": "random"}),
        ("weakest_first, introduce 0.3", {"interview_introduce": 0.3}),
    )
    for name, change in cases:
        values = {**preset_values(key), **change}
        runs = [run(values, s, steps) for s in range(seeds)]
        shown = run(values, seed, steps)

        def stats(model: DemoModel) -> dict[str, float]:
            m = model.metrics().set_index("step").loc[51:]
            hires = model.hires().query("step >= 51")
            asked = hires[hires.channel == "interview"]
            return {
                "discovery": m.opportunity_discovery.mean(),
                "employment": m.employment_rate.mean(),
                "duration": m.unemployment_duration.mean(),
                "interview": len(asked),
                "interview_weak": int((asked.tie_type == "weak").sum()) if len(asked) else 0,
                "interview_crossed": asked.crossed_communities.mean() if len(asked) else np.nan,
                "weak": int((hires.channel == "weak").sum()),
                "strong": int((hires.channel == "strong").sum()),
                "crossed": hires.crossed_communities.mean(),
                "weak_ties_end": len(model.weak_slots()),
            }

        table = pd.DataFrame([stats(m) for m in runs])
        mine = stats(shown)
        mean, sd = table.mean(), table.std()
        lines.append(
            f"{name}: discovery {mean.discovery:.3f} ± {sd.discovery:.3f} (seed {seed}: "
            f"{mine['discovery']:.3f}); employment {mean.employment:.3f}; unemployment duration "
            f"{mean.duration:.2f} steps (seed {seed}: {mine['duration']:.2f}); per run: "
            f"interview hires {mean.interview:.1f} (seed {seed}: {mine['interview']}), of them "
            f"over a weak tie {mean.interview_weak:.1f} (seed {seed}: {mine['interview_weak']}), "
            f"from another community "
            f"{mean.interview_crossed:.1%}; weak {mean.weak:.1f}, strong {mean.strong:.1f}; all "
            f"hires from another community {mean.crossed:.1%}; weak ties at the end "
            f"{mean.weak_ties_end:.0f}"
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
    parser.add_argument(
        "--preset", action="append", choices=[p.key for p in PRESETS], help="only these presets"
    )
    args = parser.parse_args()
    pd.set_option("display.width", 200, "display.max_columns", 20, "display.precision", 3)
    for p in PRESETS:
        if args.preset and p.key not in args.preset:
            continue
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
    if args.preset and "complex-trends" not in args.preset:
        return
    print("\n== Trend items (started by step steps-100), complex-trends preset values,")
    print("   threshold 1 = simple contagion; means over seeds (steps_to_half: items reaching 50%)")
    print(trend_comparison(args.seeds, args.steps).to_string())


if __name__ == "__main__":
    main()
