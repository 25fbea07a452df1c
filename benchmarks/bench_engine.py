"""How fast is the engine, against its own past and against per-agent Mesa?

Every comparison interleaves its sides: each round runs every side once (in a fresh Python
process where memory or imports could leak between sides), and the figures are the median and
the range (min–max) over the rounds. Times are CPU seconds of the measuring process
(``time.process_time``): on a shared machine, wall time mostly measures the neighbours.

- (a) fixed cost per week: one rep with one customer for 520 weeks, so a week costs only its
  fixed overhead. Sides: the engine as of ``--before`` (a git revision, extracted with
  ``git archive``; default: the last commit before the lean single run), the engine now, and the
  engine now feeding a Mesa ``DataCollector`` every week (``datacollector=True``).
- (b) a default run (20 reps × 40 customers × 52 weeks) with its tables (weekly and per-rep
  frames, summary), as ``rapport run`` makes them: before and now.
- (c) per-agent Mesa baselines at the default size and at 100 × 100: the engine, a skilled Mesa
  user's version (``benchmarks/skilled_mesa.py``: block random draws, per-rep terms once per rep)
  and the readable oracle ``sim/reference.py``; all three must agree to 1e-9 every week.
- (d) a million customers: the benchmark case (10,000 reps × 100 customers, almost no one
  irritated) and the crowded case (hard workers, 25,000 reps × 40 customers, most customers
  irritated), 52 weeks each: ns per customer-week, the signals phase per week, peak memory; and
  the crowded case's customers in portfolios of 100 (``crowded_wide``: 10,000 reps at 150 h, the
  same contacts per customer), to see what portfolio size adds to the crowded case.
  Last measured (docs/speed.md; ``--part million --rounds 5``, load average 5.5–7 on 2 shared
  cores): benchmark 21.8 ns per customer-week (19.8–23.2), crowded 37.7 ns (36.2–91.2), 1.73x
  the benchmark case; issue 11's goal is at most 1.5x. With ``crowded_wide`` (load 1–2):
  benchmark 25.7, crowded 46.9 (1.82x), crowded_wide 44.0 (1.71x; 0.94x the crowded case).

Usage::

    .venv/bin/python benchmarks/bench_engine.py             # all parts, 5 rounds
    .venv/bin/python benchmarks/bench_engine.py --quick     # smaller (c) and (d), 5 rounds
    .venv/bin/python benchmarks/bench_engine.py --part fixed --rounds 9
    .venv/bin/python benchmarks/bench_engine.py --part million --baseline main   # (d) vs main
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine_line  # a sibling script: benchmarks/ is the script's folder

ROOT = Path(__file__).resolve().parents[1]
BEFORE = "2e04891"  # the last commit before the lean single run (preallocated metric arrays)
HARD_WORKERS = {"reps.effort_hours": 60, "reps.perception": 0.1, "reps.regulation": 0.1}


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports ru_maxrss in KB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024**2 if sys.platform == "darwin" else peak / 1024


def scenario_for(reps: int, per_rep: int, weeks: int, **values):
    from sim.params import Scenario

    return Scenario().with_values(
        {"reps.count": reps, "customers.per_rep": per_rep, "simulation.weeks": weeks, **values}
    )


def median_of(values: list[float]) -> float:
    return statistics.median(values)


# --- what one side measures, in its own process ---------------------------------------------------


def measure_fixed(side: str, repeat: int = 5) -> dict:
    """CPU µs per week of a 1 × 1 model (median of ``repeat`` runs of 520 weeks)."""
    from sim.model import RapportModel

    scenario = scenario_for(1, 1, 520)
    options = {"datacollector": True} if side == "now+datacollector" else {}
    RapportModel(scenario, **options).run(50)  # warm up imports and caches
    per_week = []
    for _ in range(repeat):
        model = RapportModel(scenario, **options)
        start = time.process_time()
        model.run()
        per_week.append((time.process_time() - start) / 520 * 1e6)
    return {"us_per_week": median_of(per_week)}


def measure_default(side: str, repeat: int = 5) -> dict:
    """CPU ms of a default run with its tables (median of ``repeat``)."""
    from sim.model import RapportModel
    from sim.params import Scenario

    RapportModel(Scenario()).run(5)
    times = []
    for _ in range(repeat):
        start = time.process_time()
        model = RapportModel(Scenario()).run()
        model.weekly_frame(), model.rep_frame(), model.summary()
        times.append((time.process_time() - start) * 1e3)
    return {"ms_per_run": median_of(times)}


def measure_agents(reps: int, per_rep: int, order: list[str]) -> dict:
    """CPU s of building and running each implementation once, in ``order``; their agreement."""
    import numpy as np

    from sim.model import RapportModel
    from sim.reference import ReferenceModel

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from skilled_mesa import SkilledMesaModel

    build = {
        "engine": lambda s: RapportModel(s, collect_reps=False),
        "skilled Mesa": SkilledMesaModel,
        "reference": ReferenceModel,
    }
    # A long-running process (the app, a sweep worker) pays each implementation's one-off costs
    # once: the engine's loading of its compiled kernels (numba's cache), lazy imports. Each is
    # warmed on a tiny run first; the engine's warm-up is reported beside, not hidden.
    tiny = scenario_for(1, 1, 2)
    warm = {}
    for name in order:
        start = time.process_time()
        build[name](tiny).run()
        warm[name] = time.process_time() - start
    scenario = scenario_for(reps, per_rep, 52)
    seconds, frames = {}, {}
    for name in order:
        start = time.process_time()
        model = build[name](scenario).run()
        seconds[name] = time.process_time() - start
        frames[name] = model.weekly_frame().to_numpy(dtype=float)
    difference = max(np.abs(frames[n] - frames["engine"]).max() for n in frames)
    return {**seconds, "max_difference": float(difference), "engine_load": warm["engine"]}


# (d)'s cases: reps, customers per rep and the team's settings. ``crowded_wide`` is the crowded
# case's customers in portfolios of 100 (2.5 × the effort keeps the contacts per customer): what
# the portfolio size, rather than the irritated customers' own work, adds to the crowded case.
MILLION_CASES = {
    "benchmark": (10_000, 100, {}),
    "crowded": (25_000, 40, HARD_WORKERS),
    "crowded_wide": (10_000, 100, {**HARD_WORKERS, "reps.effort_hours": 150}),
}


def measure_million(case: str, quick: bool) -> dict:
    """CPU time per customer-week and of the contact and signals phases of one 52-week run, peak
    memory."""
    import sim.model as engine

    reps, per_rep, values = MILLION_CASES[case]
    if quick:
        reps //= 10
    # Effort is set unchecked: ``crowded_wide``'s 150 h lie beyond the schema's bound.
    effort = {k: float(v) for k, v in values.items() if k == "reps.effort_hours"}
    rest = {k: v for k, v in values.items() if k not in effort}
    scenario = scenario_for(reps, per_rep, 52, **rest).beyond_bounds(effort)
    phases = {"contact_customers": 0.0, "signal_annoyance": 0.0}

    def timed(name: str):
        phase = getattr(engine, name)

        def timed_phase(model) -> None:  # step() looks the phase up in the module each week
            start = time.process_time()
            phase(model)
            phases[name] += time.process_time() - start

        return timed_phase

    for name in phases:
        setattr(engine, name, timed(name))
    model = engine.RapportModel(scenario, collect_reps=False)
    start = time.process_time()
    model.run()
    seconds = time.process_time() - start
    customers = reps * per_rep
    return {
        "customers": customers,
        "ns_per_customer_week": seconds / (customers * 52) * 1e9,
        "contacts_ms_per_week": phases["contact_customers"] / 52 * 1e3,
        "signals_ms_per_week": phases["signal_annoyance"] / 52 * 1e3,
        "irritated_share": float((model.customer_state.irritation > 0).mean()),
        "peak_rss_mb": peak_rss_mb(),
    }


def worker(args) -> dict:
    """Run one measurement (this process was started for it) and return its figures."""
    if args.tree:
        sys.path.insert(0, args.tree)
    else:
        sys.path.insert(0, str(ROOT))
    if args.measure == "fixed":
        return measure_fixed(args.side)
    if args.measure == "default":
        return measure_default(args.side)
    if args.measure == "agents":
        reps, per_rep = (int(x) for x in args.size.split("x"))
        return measure_agents(reps, per_rep, args.side.split(","))
    return measure_million(args.side, args.quick)


# --- the comparisons, driven from the parent process ----------------------------------------------


def in_fresh_process(measure: str, side: str, tree: str = "", **extra: str) -> dict:
    argv = [sys.executable, __file__, "--measure", measure, "--side", side]
    if tree:
        argv += ["--tree", tree]
    for key, value in extra.items():
        argv += [f"--{key}", value] if value is not True else [f"--{key}"]
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{measure} {side} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def spread(values: list[float], fmt: str) -> str:
    return f"{median_of(values):{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def compare_before_after(measure: str, key: str, sides: list[str], before: str, rounds: int):
    """Each round runs every side once, in a fresh process, in rotating order."""
    figures: dict[str, list[float]] = {side: [] for side in sides}
    for r in range(rounds):
        for side in sides[r % len(sides) :] + sides[: r % len(sides)]:
            tree = before if side == "before" else ""
            figures[side].append(in_fresh_process(measure, side, tree)[key])
    return figures


def part_fixed(args, before: str) -> list[str]:
    sides = ["before", "now", "now+datacollector"]
    figures = compare_before_after("fixed", "us_per_week", sides, before, args.rounds)
    b = median_of(figures["before"])
    lines = [
        f"(a) fixed cost per week (1 rep x 1 customer, 520 weeks), CPU us per week, "
        f"median (range) of {args.rounds} interleaved rounds; before = {args.before}",
    ]
    for side in sides:
        ratio = b / median_of(figures[side])
        lines.append(f"    {side:<20}{spread(figures[side], '8.1f'):>28}   {ratio:5.2f}x before")
    return lines


def part_default(args, before: str) -> list[str]:
    sides = ["before", "now"]
    figures = compare_before_after("default", "ms_per_run", sides, before, args.rounds)
    b = median_of(figures["before"])
    lines = [
        "(b) default run (20 x 40, 52 weeks) with weekly and per-rep tables and summary, "
        f"CPU ms, median (range) of {args.rounds} interleaved rounds",
    ]
    for side in sides:
        per_core = 1e3 / median_of(figures[side])
        ratio = b / median_of(figures[side])
        lines.append(
            f"    {side:<20}{spread(figures[side], '8.1f'):>28}   {per_core:5.0f} runs/s/core"
            f"   {ratio:5.2f}x before"
        )
    return lines


def part_agents(args) -> list[str]:
    names = ["engine", "skilled Mesa", "reference"]
    sizes = ["20x40"] + ([] if args.quick else ["100x100"])
    lines = []
    for size in sizes:
        figures: dict[str, list[float]] = {n: [] for n in names}
        worst = 0.0
        loads = []
        for r in range(args.rounds):
            order = names[r % 3 :] + names[: r % 3]
            result = in_fresh_process("agents", ",".join(order), size=size)
            worst = max(worst, result["max_difference"])
            loads.append(result["engine_load"])
            for n in names:
                figures[n].append(result[n])
        engine = median_of(figures["engine"])
        lines.append(
            f"(c) per-agent Mesa baselines, {size.replace('x', ' reps x ')} customers, 52 weeks, "
            f"build + run, CPU s, median (range) of {args.rounds} rounds in rotating order"
        )
        for n in names:
            ratio = median_of(figures[n]) / engine
            lines.append(f"    {n:<20}{spread(figures[n], '8.4f'):>32}   {ratio:6.1f}x engine")
        lines.append(f"    largest difference of weekly metrics from the engine: {worst:.1e}")
        lines.append(
            f"    (each timed after a tiny warm-up run; the engine's warm-up, loading its compiled "
            f"kernels, took {spread(loads, '.3f')} CPU s once per process)"
        )
    return lines


def part_million(args, baseline: str) -> list[str]:
    """(d); with ``--baseline REV`` each round also runs both cases with the engine as of REV
    (extracted into ``baseline``), all sides in rotating order."""
    cases = ["benchmark", "crowded", "crowded_wide"]
    trees = {"now": ""} | ({args.baseline: baseline} if args.baseline else {})
    # The wide portfolios only for this engine: an older one may not set effort beyond 80 h.
    sides = [(t, c) for t in trees for c in cases if t == "now" or c != "crowded_wide"]
    warm_up = "import sys; sys.path.insert(0, sys.argv[1]); import sim.batch; sim.batch.warm_up()"
    for path in trees.values():  # compile each tree's kernels into its cache before timing
        subprocess.run([sys.executable, "-c", warm_up, path or str(ROOT)], check=True)
    figures: dict[tuple[str, str], list[dict]] = {side: [] for side in sides}
    extra = {"quick": True} if args.quick else {}
    for r in range(args.rounds):
        for tree, case in sides[r % len(sides) :] + sides[: r % len(sides)]:
            figures[tree, case].append(in_fresh_process("million", case, trees[tree], **extra))
    lines = [
        f"(d) {'100,000' if args.quick else 'a million'} customers, 52 weeks, "
        f"median (range) of {args.rounds} interleaved rounds, fresh process each"
    ]
    for tree in trees:
        bench = median_of([f["ns_per_customer_week"] for f in figures[tree, "benchmark"]])
        crowded = median_of([f["ns_per_customer_week"] for f in figures[tree, "crowded"]])
        for case in [c for t, c in sides if t == tree]:
            rows = figures[tree, case]
            ns = [f["ns_per_customer_week"] for f in rows]
            against = f"   {median_of(ns) / bench:4.2f}x the benchmark case"
            if case == "crowded_wide":
                against += f", {median_of(ns) / crowded:4.2f}x the crowded case"
            lines += [
                f"    {case} ({rows[0]['customers']:,} customers, "
                f"{median_of([f['irritated_share'] for f in rows]):.2%} irritated at the end)"
                + ("" if tree == "now" else f", engine as of {tree}"),
                f"        ns per customer-week   {spread(ns, '6.1f'):>24}" + against,
            ]
            lines += [
                f"        {label:<23}{spread([f[key] for f in rows if key in f], '6.1f'):>24}"
                for label, key in [
                    ("contacts ms per week", "contacts_ms_per_week"),
                    ("signals ms per week", "signals_ms_per_week"),
                    ("peak RSS MB", "peak_rss_mb"),
                ]
            ]
    return lines


def extract(revision: str, into: str, folders: tuple[str, ...] = ("sim",)) -> str:
    """The ``sim`` package (or ``folders``) as of ``revision``, unpacked under ``into``."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, *folders], check=True, capture_output=True
    ).stdout
    subprocess.run(["tar", "-x", "-C", into], input=archive, check=True)
    return into


PARTS = ("fixed", "default", "agents", "million")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=["all", *PARTS], default="all")
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--before", default=BEFORE, help=f"git revision to compare with ({BEFORE})")
    parser.add_argument("--quick", action="store_true", help="smaller (c) and (d)")
    parser.add_argument(
        "--baseline", default="", help="(d): also run both cases with the engine as of a revision"
    )
    # Internal: one measurement in this process.
    parser.add_argument("--measure", choices=PARTS, help=argparse.SUPPRESS)
    parser.add_argument("--side", help=argparse.SUPPRESS)
    parser.add_argument("--tree", default="", help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.measure:
        print(json.dumps(worker(args)))
        return
    print(machine_line(), flush=True)
    parts = PARTS if args.part == "all" else (args.part,)
    with (
        tempfile.TemporaryDirectory(prefix="rapport-before-") as before,
        tempfile.TemporaryDirectory(prefix="rapport-baseline-") as baseline,
    ):
        if {"fixed", "default"} & set(parts):
            extract(args.before, before)
        if args.baseline and "million" in parts:
            extract(args.baseline, baseline)
        for part in parts:
            if part == "fixed":
                lines = part_fixed(args, before)
            elif part == "default":
                lines = part_default(args, before)
            elif part == "agents":
                lines = part_agents(args)
            else:
                lines = part_million(args, baseline)
            print("\n".join(lines) + "\n", flush=True)


if __name__ == "__main__":
    main()
