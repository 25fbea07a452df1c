"""How many default-size runs per second per core: single runs against batched worlds.

Every comparison interleaves its sides: each round runs every side once, each in a fresh Python
process, in rotating order; the figures are the median and the range (min–max) over the rounds.
Times are CPU seconds of the measuring process (``time.process_time``): the machine is shared,
and wall time would mostly measure the neighbours.

- (a) throughput: the same 128 runs (default size, 20 reps × 40 customers × 52 weeks; effort and
  empathy spread over a grid, seeds 0–127, metrics recorded as a sweep records them) by
  ``before`` (single runs of the engine as of ``--before``: the issue's "today"), ``single``
  (``RapportModel`` now, one run at a time) and ``batched W`` (``sim.batch.run_worlds`` with
  batches of W = 1, 8, 32, 128 worlds). Runs per second per core and ratios to both single sides.
  ``--baseline REV`` adds ``batched W=32 at REV``: batches of ``sim.batch.MAX_WORLDS`` worlds
  with the engine as of git revision ``REV`` (say ``main``), to see a change to the batch in the
  same rounds. ``--portable-exp`` adds ``batched W=32 portable exp``: the same batches with the
  contact phase's exponentials computed in its loop by ``benchmarks/portable_exp.py`` instead of
  by numpy between two passes (docs/speed.md, 2026-12-04).
- (b) Sobol: the runs of a Sobol design of 10 parameters (their priors' ranges), N = 1024 base
  samples, 10 replications (N·(D+2) points, first and total order, as ``rapport sweep``'s sobol
  method makes them: 122,880 runs), estimated from (a)'s CPU time per run on 2 cores (batched:
  at ``sim.batch.MAX_WORLDS`` worlds per batch, what sweeps use); and a
  measured subset: the same design with N = 32 run by ``rapport sweep``'s engine
  (``run_sweep``) on 2 local worker processes and on a Dask cluster of 2 single-thread workers on
  loopback, in interleaved rounds (wall time: the two sides use several processes), extrapolated
  to N = 1024.
- (c) ``--part whole-sobol``: the whole design of (b), N = 1024 (122,880 runs), run once on 2
  local processes in a fresh process (wall time; about 2.5 minutes).
- (d) ``--part phases``: where (a)'s batched time goes: each phase of ``Worlds.step`` and
  each compiled kernel, draw and numpy exponential within it, timed call by call in a fresh
  process (CPU ns per customer-week; the timing adds a little to every figure).

``rapport sweep`` against ``mesa.batch_run`` on the same grid is ``benchmarks/bench_sweep.py``.

Last measured (docs/speed.md; 2026-12-03, ``--part throughput --rounds 3``, load average below 1
on 2 shared cores of an AMD EPYC, every side slower than on 2026-12-01): batched W=32 1.97 ms per
run (1.95–1.99), 9.6x the 18.94 ms of ``before``; single runs 5.95 ms (on 2026-12-01: 1.19 ms
against 15.95, 13.4x). ``--part whole-sobol``: 141 s at a load about 1, 195 s at about 2.
``--part sobol --baseline bb35763``: the subset's sweep on 2 local processes 4.8 s against 5.4 s,
on Dask 4.4 s. Issue 11's goal is 20x ``before``.

Usage::

    .venv/bin/python benchmarks/bench_batch.py               # both parts, 5 rounds
    .venv/bin/python benchmarks/bench_batch.py --part throughput --rounds 7
    .venv/bin/python benchmarks/bench_batch.py --part throughput --baseline main
    .venv/bin/python benchmarks/bench_batch.py --part throughput --rounds 3 --portable-exp
    .venv/bin/python benchmarks/bench_batch.py --part sobol     # the measured subset only
    .venv/bin/python benchmarks/bench_batch.py --part phases    # where a batch's time goes
    .venv/bin/python benchmarks/bench_batch.py --part sobol --baseline main  # and main's sweeps
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_engine import BEFORE, extract  # noqa: E402  (a sibling script, not a package)
from machine import machine_line  # noqa: E402

RUNS = 128
WORLDS = (1, 8, 32, 128)
SOBOL_PARAMETERS = (
    "customers.need",
    "customers.tolerance",
    "customers.memory_weeks",
    "dynamics.reciprocity",
    "dynamics.irritation_per_contact",
    "dynamics.erosion",
    "dynamics.decay",
    "dynamics.sensitisation",
    "dynamics.signal_irritation",
    "dynamics.churn_hazard",
)
SOBOL_N, SOBOL_REPLICATIONS = 1024, 10


def spread(values: list[float], fmt: str) -> str:
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}–{max(values):{fmt}})"


def scenarios():
    """The 128 runs every side makes: effort 10–60 h × perception = regulation 0.1–0.9."""
    import numpy as np

    from sim.params import Scenario

    base = Scenario()
    efforts, empathies = np.linspace(10, 60, 16), np.linspace(0.1, 0.9, 8)
    return [
        base.with_values(
            {
                "reps.effort_hours": float(e),
                "reps.perception": float(p),
                "reps.regulation": float(p),
            }
        )
        for e in efforts
        for p in empathies
    ]


def measure(side: str) -> dict:
    """CPU seconds per run of one side over the 128 runs (this process was started for it)."""
    from sim.model import RapportModel

    if side == "phases":
        return phases()
    runs = scenarios()
    if side in ("before", "single"):
        RapportModel(runs[0], collect_reps=False).run()  # warm up imports and caches
        start = time.process_time()
        for seed, scenario in enumerate(runs):
            model = RapportModel(scenario, seed=seed, collect_reps=False).run()
            # What a sweep reads: the recorded arrays (the DataCollector's lists before them).
            record = getattr(model, "record", None)
            record.columns() if record is not None else model.datacollector.model_vars
        return {"seconds_per_run": (time.process_time() - start) / len(runs)}
    from sim.batch import run_worlds

    if side.endswith("portable exp"):
        from benchmarks.bench_arithmetic import use_portable_exp

        use_portable_exp()
    worlds = int(side.split("=")[1].split()[0])  # "batched W=32", "... at REV", "... portable exp"
    run_worlds(runs[:worlds], list(range(worlds)), max_worlds=worlds)  # warm up
    start = time.process_time()
    results = run_worlds(runs, list(range(len(runs))), max_worlds=worlds)
    for world in results:
        world.record.columns()  # what a sweep reads
    return {"seconds_per_run": (time.process_time() - start) / len(runs)}


# The phases of a batched week (``Worlds.step``) and, within them, the compiled kernels and
# numpy's exponentials that ``--part phases`` times one by one.
PHASES = (
    "manage_team", "hire_reps", "coach_reps", "plan_contacts", "contact_customers",
    "signal_annoyance", "settle_outcomes", "collect", "make_scheduled_changes",
)  # fmt: skip
KERNELS = (
    "plan_contacts", "_contact_exponents", "_relate", "_find_signallers", "_notice",
    "settle_outcomes", "new_prospects", "vacate", "world_metrics",
)  # fmt: skip
# The compiled draws of ``sim.streams`` the batch calls, by what they draw.
DRAWS = {
    "fill_by_world": "the signals' uniforms", "fill_worlds": "the outcomes' uniforms",
    "normals_by_world": "the prospects' normals",
}  # fmt: skip


class TimedNumpy:
    """numpy as ``sim.kernels`` sees it, with ``exp`` and ``expm1`` timed (under the phase that
    calls them) and counted."""

    def __init__(self, seconds: dict[str, float], numbers: dict[str, int], phase: list[str]):
        import numpy

        self._numpy, self._seconds, self._numbers, self._phase = numpy, seconds, numbers, phase

    def __getattr__(self, name: str):
        function = getattr(self._numpy, name)
        if name not in ("exp", "expm1"):
            return function

        def timed(x, *args, **kwargs):
            start = time.process_time()
            result = function(x, *args, **kwargs)
            self._seconds[f"{self._phase[0]}/numpy {name}"] += time.process_time() - start
            self._numbers[name] += x.size
            return result

        return timed


def phases() -> dict:
    """CPU ns per customer-week of each phase of the 128 runs in batches of 32, and of the
    kernels and exponentials within them (``phase/part``; each call wrapped in
    ``time.process_time``, which adds a little to every figure)."""
    from collections import defaultdict

    from sim import kernels, streams
    from sim.batch import Worlds, run_worlds

    seconds: dict[str, float] = defaultdict(float)
    numbers: dict[str, int] = defaultdict(int)
    phase = [""]  # the phase running

    def timing(function, name: str, is_phase: bool = False):
        def timed(*args, **kwargs):
            if is_phase:
                phase[0] = name
            start = time.process_time()
            result = function(*args, **kwargs)
            seconds[name if is_phase else f"{phase[0]}/{name}"] += time.process_time() - start
            return result

        return timed

    for name in PHASES:
        setattr(Worlds, name, timing(getattr(Worlds, name), name, is_phase=True))
    for name in KERNELS:
        setattr(kernels, name, timing(getattr(kernels, name), name))
    for name, label in DRAWS.items():
        setattr(streams, name, timing(getattr(streams, name), label))
    kernels.np = TimedNumpy(seconds, numbers, phase)  # type: ignore[assignment]
    runs = scenarios()
    worlds = max_worlds()
    run_worlds(runs[:worlds], list(range(worlds)), max_worlds=worlds)  # warm up
    seconds.clear()
    numbers.clear()
    start = time.process_time()
    for world in run_worlds(runs, list(range(len(runs))), max_worlds=worlds):
        world.record.columns()
    total = time.process_time() - start
    first = runs[0]
    customer_weeks = len(runs) * first.reps.count * first.customers.per_rep * first.simulation.weeks
    return {
        "total": total / customer_weeks * 1e9,  # ns per customer-week
        "parts": {name: value / customer_weeks * 1e9 for name, value in seconds.items()},
        "per_customer_week": {name: n / customer_weeks for name, n in numbers.items()},
    }


def part_phases() -> list[str]:
    """(d) where a batched default run's time goes, in a fresh process."""
    measured = in_fresh_process("phases")
    parts = measured["parts"]
    lines = [
        f"(d) where the time goes: the {RUNS} runs in batches of {max_worlds()} worlds, CPU ns "
        f"per customer-week, {measured['total']:.1f} in all"
    ]
    for name in PHASES:
        lines.append(f"    {name:<28}{parts.get(name, 0.0):6.2f}")
        within = [key for key in parts if key.startswith(f"{name}/")]
        for key in sorted(within, key=lambda key: -parts[key]):
            lines.append(f"      {key.split('/', 1)[1]:<26}{parts[key]:6.2f}")
    named = sum(parts.get(name, 0.0) for name in PHASES)
    lines.append(f"    {'set-up, results, Python':<28}{measured['total'] - named:6.2f}")
    counts = measured["per_customer_week"]
    lines.append(
        "    numpy's exponentials per customer-week: "
        + ", ".join(f"{name} {n:.2f}" for name, n in sorted(counts.items()))
    )
    return lines


def in_fresh_process(side: str, tree: str = "", samples: int = 0) -> dict:
    argv = [sys.executable, __file__, "--measure", side]
    if tree:
        argv += ["--tree", tree]
    if samples:
        argv += ["--sobol-samples", str(samples)]
    done = subprocess.run(argv, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"{side} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def part_throughput(
    rounds: int,
    before: str,
    baseline: tuple[str, str] | None = None,
    portable_exp: bool = False,
) -> tuple[list[str], dict[str, list[float]]]:
    """(a); ``baseline``: (revision, its extracted tree) for the extra batched side;
    ``portable_exp``: the largest batches again with ``benchmarks/portable_exp.py``'s
    exponentials in the contact phase."""
    sides = ["before", "single", *(f"batched W={w}" for w in WORLDS)]
    if portable_exp:
        sides.append(f"batched W={max_worlds()} portable exp")
    trees = {"before": before}
    if baseline:
        sides.append(f"batched W={max_worlds()} at {baseline[0]}")
        trees[sides[-1]] = baseline[1]
    figures: dict[str, list[float]] = {side: [] for side in sides}
    for r in range(rounds):
        for side in sides[r % len(sides) :] + sides[: r % len(sides)]:
            measured = in_fresh_process(side, trees.get(side, ""))
            figures[side].append(measured["seconds_per_run"] * 1e3)
    lines = [
        f"(a) {RUNS} default runs (20 reps x 40 customers x 52 weeks), CPU ms per run, median "
        f"(range) of {rounds} interleaved rounds, fresh process each; before = engine at {BEFORE}"
    ]
    b, s = statistics.median(figures["before"]), statistics.median(figures["single"])
    for side in sides:
        m = statistics.median(figures[side])
        lines.append(
            f"    {side:<22}{spread(figures[side], '7.2f'):>26}   {1e3 / m:6.0f} runs/s/core"
            f"   {b / m:5.1f}x before   {s / m:5.1f}x single"
        )
    return lines, figures


def sobol_sweep(samples: int, replications: int) -> dict:
    """A sweep (as ``rapport sweep`` reads it) of the Sobol design over ``SOBOL_PARAMETERS``."""
    from sim.params import PARAMS

    parameters = {}
    for name in SOBOL_PARAMETERS:
        prior = PARAMS[name].prior
        assert prior is not None, name
        parameters[name] = {"min": prior.low, "max": prior.high}
    return {
        "name": "sobol-subset",
        "sweep": {
            "method": "sobol",
            "parameters": parameters,
            "samples": samples,
            "replications": replications,
            "seed": 1,
        },
        "record": {"every": "final"},
        "execution": {"workers": 2},
    }


def max_worlds() -> int:
    """The batch size sweeps use (``sim.batch.MAX_WORLDS``)."""
    from sim.batch import MAX_WORLDS  # imported where used: the before side imports an older sim

    return MAX_WORLDS


def sobol_estimate(figures: dict[str, list[float]]) -> list[str]:
    """The whole Sobol analysis's wall time on 2 cores, from (a)'s CPU ms per run."""
    worlds = max_worlds()
    d = len(SOBOL_PARAMETERS)
    total = SOBOL_N * (d + 2) * SOBOL_REPLICATIONS
    lines = [
        f"(b) Sobol, {d} parameters x N={SOBOL_N} x {SOBOL_REPLICATIONS} replications = "
        f"{total:,} default runs; estimated wall time on 2 cores from (a)'s CPU ms per run"
    ]
    for side in ("before", "single", f"batched W={worlds}"):
        ms = statistics.median(figures[side])
        lines.append(f"    {side:<16}{total * ms / 1e3 / 2 / 60:8.1f} min")
    return lines


def sobol_local(samples: int) -> dict:
    """One timed Sobol subset on 2 local processes, in this process (``--measure sobol``), after
    a tiny warm-up sweep: the sweep code and model are those on ``sys.path`` (``--tree``)."""
    from experiments.config import validate_sweep
    from experiments.sweep import run_sweep

    sweep = validate_sweep(sobol_sweep(samples, SOBOL_REPLICATIONS))
    with tempfile.TemporaryDirectory(prefix="rapport-sobol-") as folder:
        run_sweep(validate_sweep(sobol_sweep(2, 1)), Path(folder) / "warm", quiet=True, workers=2)
        start = time.perf_counter()
        done = run_sweep(sweep, Path(folder) / "timed", quiet=True, workers=2)
        seconds = time.perf_counter() - start
    assert done.failed == 0 and done.done == samples * (len(SOBOL_PARAMETERS) + 2) * 10, done
    return {"seconds": seconds}


def part_sobol(samples: int, rounds: int, baseline: tuple[str, str] | None = None) -> list[str]:
    """The Sobol subset through ``run_sweep`` on 2 local processes and on Dask, interleaved.

    The Dask cluster (2 single-thread worker processes, scheduler in this process, loopback) is
    started once, as a user keeps one running; both sides first run a tiny sweep (N = 2), so
    neither side's timing includes starting workers or importing the model in them.
    ``baseline`` (revision, its extracted ``sim`` and ``experiments``) adds a side "local at
    REV": the same sweep on 2 local processes with that revision's sweep code and model, in a
    fresh process per round, as is then the "local" side (``sobol_local``).
    """
    from distributed import LocalCluster  # optional heavy dependency: Dask

    from experiments.config import validate_sweep
    from experiments.sweep import run_sweep

    d = len(SOBOL_PARAMETERS)
    runs = samples * (d + 2) * SOBOL_REPLICATIONS
    sweep = validate_sweep(sobol_sweep(samples, SOBOL_REPLICATIONS))
    warm_up = validate_sweep(sobol_sweep(2, 1))
    seconds: dict[str, list[float]] = {"local": [], "dask": []}
    trees = {"local": str(ROOT)}
    if baseline:
        seconds[f"local at {baseline[0]}"] = []
        trees[f"local at {baseline[0]}"] = baseline[1]
    with (
        tempfile.TemporaryDirectory(prefix="rapport-sobol-") as folder,
        LocalCluster(
            n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
    ):
        where = {"local": {"workers": 2}, "dask": {"address": cluster.scheduler_address}}
        for side, options in where.items():
            run_sweep(warm_up, Path(folder) / f"warm-{side}", quiet=True, **options)
        sides = list(seconds)
        for r in range(rounds):
            for side in sides[r % len(sides) :] + sides[: r % len(sides)]:
                if baseline and side in trees:  # both local sides in fresh processes
                    figure = in_fresh_process("sobol", trees[side], samples)["seconds"]
                    seconds[side].append(figure)
                    continue
                start = time.perf_counter()
                done = run_sweep(sweep, Path(folder) / f"{side}-{r}", quiet=True, **where[side])
                seconds[side].append(time.perf_counter() - start)
                assert done.failed == 0 and done.done == runs, done
    ratios = [dask / local for local, dask in zip(seconds["local"], seconds["dask"], strict=True)]
    scale = SOBOL_N / samples
    lines = [
        f"    measured subset: N={samples} ({runs:,} runs) through run_sweep (the engine of "
        f"`rapport sweep`), wall s, median (range) of {rounds} interleaved rounds, and the "
        f"median x {scale:g} for N={SOBOL_N}"
    ]
    labels = {"local": "2 local processes", "dask": "Dask, 2 workers, loopback"}
    for side in seconds:
        median = statistics.median(seconds[side])
        lines.append(
            f"    {labels.get(side, side):<28}{spread(seconds[side], '6.1f'):>24} s   -> "
            f"{median * scale / 60:5.1f} min for N={SOBOL_N}"
        )
    lines.append(f"    Dask / local processes, per round: {spread(ratios, '4.2f')}x the wall time")
    if baseline:
        side = f"local at {baseline[0]}"
        speedups = [b / n for b, n in zip(seconds[side], seconds["local"], strict=True)]
        lines.append(f"    {side} / local, per round: {spread(speedups, '4.2f')}x the wall time")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--part", choices=["all", "throughput", "sobol", "whole-sobol", "phases"], default="all"
    )
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--sobol-samples", type=int, default=32, help="N of the measured subset")
    parser.add_argument(
        "--baseline",
        default="",
        help="also time batches (throughput) or the Sobol subset's local sweep (sobol) with the "
        "engine and sweep code as of this git revision",
    )
    parser.add_argument(
        "--portable-exp",
        action="store_true",
        help="also time the largest batches with benchmarks/portable_exp.py's exponentials in "
        "the contact phase (throughput)",
    )
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # internal: one side, this process
    parser.add_argument("--tree", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        sys.path.insert(0, args.tree or str(ROOT))
        figure = sobol_local(args.sobol_samples) if args.measure == "sobol" else None
        print(json.dumps(figure or measure(args.measure)))
        return
    sys.path.insert(0, str(ROOT))
    print(machine_line(), flush=True)
    if args.part == "phases":
        print("\n".join(part_phases()), flush=True)
        return
    if args.part == "whole-sobol":
        runs = SOBOL_N * (len(SOBOL_PARAMETERS) + 2) * SOBOL_REPLICATIONS
        seconds = in_fresh_process("sobol", samples=SOBOL_N)["seconds"]
        print(
            f"(c) the whole Sobol design, {runs:,} default runs on 2 local processes, once: "
            f"{seconds:.0f} s wall ({seconds / 60:.1f} min)",
            flush=True,
        )
        return
    if args.part in ("all", "throughput"):
        with (
            tempfile.TemporaryDirectory(prefix="rapport-before-") as before,
            tempfile.TemporaryDirectory(prefix="rapport-baseline-") as baseline,
        ):
            extract(BEFORE, before)
            if args.baseline:
                extract(args.baseline, baseline)
            lines, figures = part_throughput(
                args.rounds,
                before,
                (args.baseline, baseline) if args.baseline else None,
                args.portable_exp,
            )
        print("\n".join(lines) + "\n", flush=True)
    if args.part == "all":
        print("\n".join(sobol_estimate(figures)), flush=True)
    if args.part in ("all", "sobol"):
        if args.part == "sobol":
            print(f"(b) Sobol subset, {len(SOBOL_PARAMETERS)} parameters", flush=True)
        with tempfile.TemporaryDirectory(prefix="rapport-baseline-") as baseline:
            if args.baseline:
                extract(args.baseline, baseline, ("sim", "experiments"))
            against = (args.baseline, baseline) if args.baseline else None
            lines = part_sobol(args.sobol_samples, args.rounds, against)
        print("\n".join(lines) + "\n", flush=True)


if __name__ == "__main__":
    main()
