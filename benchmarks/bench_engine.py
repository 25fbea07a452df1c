"""How fast is the array engine, and how much memory does a large team take?

Two measurements, each in a fresh Python process (this script starts itself once per part), so
that one part's memory does not count toward the other's peak:

- ``compare``: the engine (``sim.model.RapportModel``) and the per-agent Mesa reference
  (``sim.reference.ReferenceModel``) run the same scenario and seed, one after the other in one
  process; wall times of building and running each, best of ``--repeat``, and their ratio. Both
  record the same model-level metrics (the engine with ``collect_reps=False``, since the reference
  keeps no per-rep table), and the script checks that their weekly frames agree.
- ``scale``: the engine alone on a large team with ``collect_reps=True``: build time, run time,
  customer-weeks per second, time to make the weekly and per-rep frames, and the process's peak
  resident memory (``ru_maxrss``), which includes the interpreter and imported libraries (shown
  separately as "after imports").

Usage::

    .venv/bin/python benchmarks/bench_engine.py            # 100 x 100 compare, 10,000 x 100 scale
    .venv/bin/python benchmarks/bench_engine.py --quick    # smaller sizes, one repeat
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

WEEKS = 52


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports ru_maxrss in KB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024**2 if sys.platform == "darwin" else peak / 1024


def scenario_for(reps: int, per_rep: int, weeks: int, seed: int):
    from sim.params import Scenario

    return Scenario().with_values(
        {
            "reps.count": reps,
            "customers.per_rep": per_rep,
            "simulation.weeks": weeks,
            "simulation.seed": seed,
        }
    )


def time_model(build, repeat: int) -> dict:
    """Best-of-``repeat`` build and run wall times of a model made by ``build()``."""
    best_build = best_run = float("inf")
    model = None
    for _ in range(repeat):
        start = time.perf_counter()
        model = build()
        built = time.perf_counter()
        model.run()
        done = time.perf_counter()
        best_build = min(best_build, built - start)
        best_run = min(best_run, done - built)
    return {"build": best_build, "run": best_run, "frame": model.weekly_frame()}


def part_compare(args) -> dict:
    import numpy as np

    from sim.model import RapportModel
    from sim.reference import ReferenceModel

    scenario = scenario_for(args.compare_reps, args.per_rep, args.weeks, args.seed)
    engine = time_model(lambda: RapportModel(scenario, collect_reps=False), args.repeat)
    reference = time_model(lambda: ReferenceModel(scenario), args.repeat)
    difference = np.abs(
        engine["frame"].to_numpy(dtype=float) - reference["frame"].to_numpy(dtype=float)
    ).max()
    return {
        "reps": args.compare_reps,
        "per_rep": args.per_rep,
        "weeks": args.weeks,
        "repeat": args.repeat,
        "churned": int(engine["frame"]["churned"].iloc[-1]),
        "max_difference": float(difference),
        **{f"engine_{k}": v for k, v in engine.items() if k != "frame"},
        **{f"reference_{k}": v for k, v in reference.items() if k != "frame"},
        "peak_rss_mb": peak_rss_mb(),
    }


def part_scale(args) -> dict:
    from sim.model import RapportModel

    scenario = scenario_for(args.scale_reps, args.per_rep, args.weeks, args.seed)
    after_imports = peak_rss_mb()
    start = time.perf_counter()
    model = RapportModel(scenario, collect_reps=True)
    built = time.perf_counter()
    after_build = peak_rss_mb()
    model.run()
    done = time.perf_counter()
    after_run = peak_rss_mb()
    weekly, reps = model.weekly_frame(), model.rep_frame()
    framed = time.perf_counter()
    customers = args.scale_reps * args.per_rep
    return {
        "reps": args.scale_reps,
        "per_rep": args.per_rep,
        "customers": customers,
        "weeks": args.weeks,
        "churned": int(weekly["churned"].iloc[-1]),
        "rep_rows": len(reps),
        "build": built - start,
        "run": done - built,
        "frames": framed - done,
        "customer_weeks_per_s": customers * args.weeks / (done - built),
        "rss_after_imports_mb": after_imports,
        "rss_after_build_mb": after_build,
        "rss_after_run_mb": after_run,
        "peak_rss_mb": peak_rss_mb(),
    }


PARTS = {"compare": part_compare, "scale": part_scale}


def run_part_in_fresh_process(part: str, argv: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, *argv, "--part", part],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def report_compare(r: dict, target: float) -> str:
    ratio_run = r["reference_run"] / r["engine_run"]
    engine_total = r["engine_build"] + r["engine_run"]
    ratio_total = (r["reference_build"] + r["reference_run"]) / engine_total
    lines = [
        f"(a) engine vs per-agent reference: {r['reps']} reps x {r['per_rep']} customers, "
        f"{r['weeks']} weeks, best of {r['repeat']}, fresh process",
        f"    {'':<22}{'build s':>10}{'run s':>10}{'total s':>10}",
    ]
    for name in ("engine", "reference"):
        build, run = r[f"{name}_build"], r[f"{name}_run"]
        lines.append(f"    {name:<22}{build:>10.4f}{run:>10.4f}{build + run:>10.4f}")
    verdict = "meets" if ratio_total >= target else "BELOW"
    lines += [
        f"    {'speed-up (ref/engine)':<22}{'':>10}{ratio_run:>9.1f}x{ratio_total:>9.1f}x"
        f"   {verdict} the {target:g}x target (total)",
        f"    customers churned: {r['churned']}; largest difference of weekly metrics: "
        f"{r['max_difference']:.2e}",
    ]
    return "\n".join(lines)


def report_scale(r: dict, limit_mb: float) -> str:
    verdict = "within" if r["peak_rss_mb"] < limit_mb else "ABOVE"
    rows = [
        ("build (s)", f"{r['build']:.2f}"),
        ("run (s)", f"{r['run']:.2f}"),
        ("weekly + rep frames (s)", f"{r['frames']:.2f}"),
        ("customer-weeks per s (run)", f"{r['customer_weeks_per_s']:,.0f}"),
        ("customers churned", f"{r['churned']:,}"),
        ("per-rep rows kept", f"{r['rep_rows']:,}"),
        ("RSS after imports (MB)", f"{r['rss_after_imports_mb']:.0f}"),
        ("peak RSS after build (MB)", f"{r['rss_after_build_mb']:.0f}"),
        ("peak RSS after run (MB)", f"{r['rss_after_run_mb']:.0f}"),
        ("peak RSS of process (MB)", f"{r['peak_rss_mb']:.0f}   {verdict} {limit_mb:g} MB"),
    ]
    head = (
        f"(b) engine alone: {r['reps']:,} reps x {r['per_rep']} customers = "
        f"{r['customers']:,} customers, {r['weeks']} weeks, collect_reps=True, fresh process"
    )
    return "\n".join([head, *(f"    {name:<28}{value:>14}" for name, value in rows)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, one repeat")
    parser.add_argument("--compare-reps", type=int, help="reps in part (a) (default 100)")
    parser.add_argument("--scale-reps", type=int, help="reps in part (b) (default 10,000)")
    parser.add_argument("--per-rep", type=int, default=100, help="customers per rep")
    parser.add_argument("--weeks", type=int, default=WEEKS)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, help="best of this many runs in (a) (default 3)")
    parser.add_argument("--target", type=float, default=100.0, help="speed-up target of (a)")
    parser.add_argument("--memory-limit-mb", type=float, default=1024.0)
    parser.add_argument("--part", choices=["all", *PARTS], default="all")
    args = parser.parse_args()
    quick = args.quick
    args.compare_reps = args.compare_reps or (20 if quick else 100)
    args.scale_reps = args.scale_reps or (1_000 if quick else 10_000)
    args.repeat = args.repeat or (1 if quick else 3)

    if args.part != "all":
        print(json.dumps(PARTS[args.part](args)))
        return

    argv = sys.argv[1:]
    print(report_compare(run_part_in_fresh_process("compare", argv), args.target), flush=True)
    print()
    print(report_scale(run_part_in_fresh_process("scale", argv), args.memory_limit_mb))


if __name__ == "__main__":
    main()
