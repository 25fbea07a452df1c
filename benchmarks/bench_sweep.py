"""How fast and how lean is a sweep? The headline grid, serial and parallel, against Mesa.

Measurements, on ``configs/sweeps/effort_by_empathy.yaml`` (12 efforts x 3 empathy levels x 10
replications = 360 runs of 20 reps x 40 customers over 52 weeks):

- ``model only``: a plain loop of ``RapportModel(scenario, seed=...).run()`` over the same runs, in
  this process: the model's own time, the floor for any sweep machinery.
- ``rapport sweep, 1 worker`` and ``N workers``: ``experiments.sweep.run_sweep`` (what
  ``rapport sweep`` calls) into a temporary folder, serial and on N local processes; the speed-up
  (target >= 1.8x for 2 workers on 2 cores) and the per-run overhead of the serial sweep beyond
  the model's own time (planning, validation, recording, Parquet chunks; target <= 10 %).
  The serial and parallel results are checked to be identical.
- ``model only, split over N processes``: the same loop with the runs dealt evenly to N
  processes: the best speed-up the machine offers at that moment (other load included).
- ``mesa.batch_run``: the same grid through Mesa's batch runner with the same numbers of
  processes, via a thin adapter class taking keyword parameters, recording every 4th step like
  the sweep. It keeps all rows in memory and writes nothing, so it does less than the sweep.
- ``memory``: the peak resident memory (``ru_maxrss``) of a serial sweep's process for N and 4N
  small runs, each in a fresh process: a sweep streams results to disk, so the peak should not
  grow with the number of runs.

Usage::

    .venv/bin/python benchmarks/bench_sweep.py                    # full grid, 2 workers
    .venv/bin/python benchmarks/bench_sweep.py --replications 3   # a smaller grid
"""

from __future__ import annotations

import argparse
import functools
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import machine_line  # a sibling script: benchmarks/ is the script's folder

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "configs" / "sweeps" / "effort_by_empathy.yaml"

try:  # the adapter class below must be importable by Mesa's spawned worker processes
    from sim.model import RapportModel
except ModuleNotFoundError:  # run from elsewhere without the package installed
    sys.path.insert(0, str(REPO))
    from sim.model import RapportModel


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports ru_maxrss in KB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1024**2 if sys.platform == "darwin" else peak / 1024


def load(replications: int | None, config: Path = CONFIG):
    """The sweep of ``config``, optionally with fewer (or more) replications."""
    from experiments.config import validate_sweep
    from sim.scenarios import read_yaml

    data = read_yaml(config)
    if replications is not None:
        data["sweep"]["replications"] = replications
    return validate_sweep(data, source=config)


# --- Mesa's batch runner ---------------------------------------------------------------------


@functools.cache
def _base_scenario(config: str):
    return load(None, Path(config)).base


class BatchRapportModel(RapportModel):
    """The Rapport model with keyword parameters, as ``mesa.batch_run`` wants a model class.

    ``empathy`` sets both perception and regulation, like the linked axes of the headline grid.
    """

    def __init__(self, effort_hours: float = 30.0, empathy: float = 0.5, config="", seed=None):
        scenario = _base_scenario(config).with_values(
            {
                "reps.effort_hours": effort_hours,
                "reps.perception": empathy,
                "reps.regulation": empathy,
            }
        )
        super().__init__(scenario, seed=seed, collect_reps=False)


def time_batch_run(sweep, processes: int) -> tuple[float, int]:
    """Wall time of ``mesa.batch_run`` over the sweep's grid, and the number of rows it returns."""
    import warnings

    from mesa.batchrunner import batch_run

    axes = {axis.name: axis.values for axis in sweep.axes if axis.link is None}
    every = sweep.file.record.every
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # fork in a threaded process etc.
        rows = batch_run(
            BatchRapportModel,
            parameters={
                "effort_hours": list(axes["reps.effort_hours"]),
                "empathy": list(axes["reps.perception"]),
                "config": sweep.source,
            },
            number_processes=processes,
            rng=list(range(sweep.file.sweep.replications)),
            max_steps=sweep.base.simulation.weeks,
            data_collection_period=-1 if every == "final" else int(every),
            display_progress=False,
        )
    return time.perf_counter() - start, len(rows)


# --- the sweep ---------------------------------------------------------------------------------


def run_models(runs: list) -> None:
    for scenario, seed in runs:
        RapportModel(scenario, seed=seed, collect_reps=False).run()


def time_model_only(sweep, processes: int = 1) -> float:
    """Wall time of the model alone over every run of the sweep (scenarios built beforehand),
    in this process or split evenly over ``processes`` (the best any scheduler could do)."""
    from concurrent.futures import ProcessPoolExecutor

    from experiments.plan import iter_runs
    from experiments.sweep import plan_sweep

    runs = [
        (sweep.base.with_values(run.values), run.seed)
        for run in iter_runs(sweep, plan_sweep(sweep))
    ]
    if processes == 1:
        start = time.perf_counter()
        run_models(runs)
        return time.perf_counter() - start
    with ProcessPoolExecutor(processes) as pool:
        pool.submit(int).result()  # the processes are up before the clock starts
        start = time.perf_counter()
        list(pool.map(run_models, [runs[i::processes] for i in range(processes)]))
        return time.perf_counter() - start


def time_sweep(sweep, workers: int, out: Path):
    """Wall time of a whole sweep into ``out`` (planning, execution, storage), and its results."""
    from experiments.store import ResultStore
    from experiments.sweep import run_sweep

    start = time.perf_counter()
    outcome = run_sweep(sweep, out, workers=workers, quiet=True)
    seconds = time.perf_counter() - start
    assert outcome.failed == 0 and outcome.done == outcome.total, outcome
    return seconds, ResultStore(out).read_results()


# --- memory ------------------------------------------------------------------------------------


def memory_sweep(runs: int, folder: Path) -> dict:
    """A sweep of ``runs`` small runs recording every week; this process's peak memory after."""
    from experiments.config import validate_sweep
    from experiments.sweep import run_sweep
    from sim.metrics import METRICS

    points = 50
    sweep = validate_sweep(
        {
            "name": f"memory-{runs}",
            "set": {"reps.count": 1, "customers.per_rep": 2, "simulation.weeks": 52},
            "sweep": {
                "parameters": {"reps.effort_hours": {"start": 5, "stop": 60, "num": points}},
                "replications": max(1, runs // points),
            },
            "record": {"metrics": list(METRICS), "every": 1},
        }
    )
    after_imports = peak_rss_mb()
    start = time.perf_counter()
    outcome = run_sweep(sweep, folder, workers=1, quiet=True)
    return {
        "runs": outcome.total,
        "seconds": time.perf_counter() - start,
        "rss_after_imports_mb": after_imports,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_memory(runs: int) -> list[dict]:
    """``memory_sweep`` for ``runs`` and ``4 * runs``, each in a fresh Python process."""
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in (runs, 4 * runs):
            done = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    "--memory-child",
                    str(count),
                    str(Path(tmp) / str(count)),
                ],
                check=True,
                capture_output=True,
                text=True,
                cwd=REPO,
            )
            results.append(json.loads(done.stdout.splitlines()[-1]))
    return results


# --- report ------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--replications", type=int, help="replications per point (default: 10)")
    parser.add_argument("--workers", type=int, default=2, help="local processes (default 2)")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many (default 3)")
    parser.add_argument("--memory-runs", type=int, default=1000, help="N of the memory part")
    parser.add_argument("--no-mesa", action="store_true", help="skip mesa.batch_run")
    parser.add_argument("--no-memory", action="store_true", help="skip the memory part")
    parser.add_argument("--memory-child", nargs=2, metavar=("RUNS", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_child:
        print(json.dumps(memory_sweep(int(args.memory_child[0]), Path(args.memory_child[1]))))
        return
    print(machine_line(), flush=True)

    import pandas as pd

    from experiments.plan import count_points
    from experiments.runner import RunTask, execute_run

    sweep = load(args.replications)
    runs = count_points(sweep) * sweep.file.sweep.replications
    print(
        f"Sweep {sweep.name!r}: {runs} runs of {sweep.base.reps.count} reps x "
        f"{sweep.base.customers.per_rep} customers x {sweep.base.simulation.weeks} weeks; "
        f"{args.workers} workers; best of {args.repeat}; Python {sys.version.split()[0]}\n"
    )
    # Warm up: first-use costs (imports, caches) belong to no one's time.
    base = sweep.base.model_dump(mode="json")
    execute_run(RunTask("warm-up", 0, 0, 1, {}, base, ("revenue",), 4))

    # Best of --repeat for each figure: other load on the machine only ever adds time.
    model_only = ideal = serial = parallel = float("inf")
    mesa: dict[int, tuple[float, int]] = {}
    for _ in range(args.repeat):
        model_only = min(model_only, time_model_only(sweep))
        ideal = min(ideal, time_model_only(sweep, args.workers))
        with tempfile.TemporaryDirectory() as tmp:
            seconds, serial_frame = time_sweep(sweep, 1, Path(tmp) / "serial")
            serial = min(serial, seconds)
            seconds, parallel_frame = time_sweep(sweep, args.workers, Path(tmp) / "parallel")
            parallel = min(parallel, seconds)
        pd.testing.assert_frame_equal(serial_frame, parallel_frame, check_exact=True)
    # Last: batch_run switches multiprocessing to "spawn" for the rest of the process.
    for _ in range(0 if args.no_mesa else args.repeat):
        for processes in sorted({1, args.workers}):
            seconds, count = time_batch_run(sweep, processes)
            mesa[processes] = min(mesa.get(processes, (seconds, count)), (seconds, count))

    rows = [
        ("model only (plain loop, in process)", model_only, ""),
        (
            f"model only, split over {args.workers} processes",
            ideal,
            f"speed-up {model_only / ideal:.2f}x: what this machine allows now",
        ),
        ("rapport sweep, 1 worker", serial, f"overhead {serial / model_only - 1:+.1%} (<= +10%)"),
        (
            f"rapport sweep, {args.workers} workers",
            parallel,
            f"speed-up {serial / parallel:.2f}x (>= 1.8x)",
        ),
    ]
    for processes, (seconds, count) in mesa.items():
        ours = serial if processes == 1 else parallel
        rows.append(
            (
                f"mesa.batch_run, {processes} process{'es' if processes > 1 else ''}",
                seconds,
                f"rapport sweep is {seconds / ours:.2f}x as fast ({count:,} rows in memory)",
            )
        )
    width = max(len(r[0]) for r in rows)
    print(f"{'':<{width}}  {'wall s':>7}  {'ms/run':>7}  notes")
    for name, seconds, note in rows:
        print(f"{name:<{width}}  {seconds:7.2f}  {1000 * seconds / runs:7.2f}  {note}")
    print("Serial and parallel sweep results: identical (all columns, exact).")

    if not args.no_memory:
        small, large = measure_memory(args.memory_runs)
        growth = large["peak_rss_mb"] - small["peak_rss_mb"]
        print(
            "\nMemory of a serial sweep (1 rep x 2 customers x 52 weeks, every week, "
            "all metrics; fresh process each):"
        )
        print(f"{'runs':>7}  {'wall s':>7}  {'after imports MB':>16}  {'peak MB':>8}")
        for m in (small, large):
            print(
                f"{m['runs']:7,}  {m['seconds']:7.1f}  {m['rss_after_imports_mb']:16.0f}  "
                f"{m['peak_rss_mb']:8.0f}"
            )
        print(f"Peak growth for 4x the runs: {growth:+.1f} MB (flat: < 30 MB)")


if __name__ == "__main__":
    main()
