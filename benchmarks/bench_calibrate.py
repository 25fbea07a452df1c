"""How fast does a calibration run? Local processes against a Dask cluster on loopback.

The same small ABC-SMC calibration (the shipped targets on a simulated study of ``--reps``
reps, ``--population`` particles, ``--generations`` generations, all parameters with a prior)
runs twice into temporary folders: on pyabc's multicore sampler with N local processes, and on
pyabc's Dask sampler with a ``distributed.LocalCluster`` of N single-threaded worker processes
on 127.0.0.1. Printed side by side: simulations per second (all simulations of all generations
over their wall time, as pyabc records them) and wall time per ABC generation.

Usage::

    .venv/bin/python benchmarks/bench_calibrate.py                      # 2 workers
    .venv/bin/python benchmarks/bench_calibrate.py --population 60 --generations 2
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from distributed import LocalCluster

from experiments.calibrate.abc import run_calibration
from experiments.calibrate.config import load_calibration, validate_calibration
from experiments.calibrate.report import generations_table

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "configs" / "calibration" / "stylised_facts.yaml"


def measure(config, out: Path, **where) -> dict[str, float]:
    started = time.monotonic()
    run = run_calibration(config, out, quiet=True, **where)
    wall = time.monotonic() - started
    table = generations_table(run.history)
    return {
        "simulations": float(table["simulations"].sum()),
        "sims_per_second": float(table["simulations"].sum() / table["wall_seconds"].sum()),
        "seconds_per_generation": float(table["wall_seconds"].mean()),
        "wall": wall,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--population", type=int, default=40)
    parser.add_argument("--generations", type=int, default=2)
    parser.add_argument("--reps", type=int, default=107)
    args = parser.parse_args()
    data = load_calibration(CONFIG).model_dump(mode="json")
    data["abc"].update(population=args.population, generations=args.generations)
    data["study"] = {"reps": args.reps}
    config = validate_calibration(data)
    with tempfile.TemporaryDirectory() as tmp:
        local = measure(config, Path(tmp) / "local", workers=args.workers)
        with LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster:
            dask = measure(config, Path(tmp) / "dask", address=cluster.scheduler_address)
    print(
        f"ABC-SMC, {config.abc.population} particles x {config.abc.generations} generations, "
        f"{len(config.calibrated)} parameters, {args.reps}-rep study, {args.workers} workers"
    )
    print(f"{'':28}{'local processes':>18}{'Dask (loopback)':>18}{'Dask / local':>14}")
    for key, label in (
        ("simulations", "simulations"),
        ("sims_per_second", "simulations per second"),
        ("seconds_per_generation", "wall s per generation"),
        ("wall", "wall s in all"),
    ):
        print(f"{label:28}{local[key]:>18.2f}{dask[key]:>18.2f}{dask[key] / local[key]:>14.2f}")


if __name__ == "__main__":
    main()
