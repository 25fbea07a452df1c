"""How fast does a calibration run? Local processes against a Dask cluster on loopback.

The same small ABC-SMC calibration (the shipped targets on a simulated study of ``--reps``
reps, ``--population`` particles, ``--generations`` generations, all parameters with a prior)
runs on pyabc's multicore sampler with N local processes and on pyabc's Dask sampler with a
``distributed.LocalCluster`` of N single-threaded worker processes on 127.0.0.1, in
``--rounds`` interleaved rounds (the order alternates; each run into a fresh folder). The
cluster is started once, as a user keeps one running, and both sides first run a one-generation
calibration of 4 particles, so neither side's figures include starting workers or imports.

Printed side by side, median (range) over the rounds: simulations per second (all simulations
of all generations over their wall time, as pyabc records them), wall time per ABC generation,
simulations (ABC's acceptance is random, so the count differs between runs) and wall time of
the whole run. Simulations per second is the fair comparison of the two samplers.

Usage::

    .venv/bin/python benchmarks/bench_calibrate.py      # the documented budget (a few minutes)
    .venv/bin/python benchmarks/bench_calibrate.py --population 100 --generations 4 --rounds 5
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from distributed import LocalCluster

from experiments.calibrate.abc import run_calibration
from experiments.calibrate.config import CalibrationFile, load_calibration, validate_calibration
from experiments.calibrate.report import generations_table

REPO = Path(__file__).resolve().parents[1]
CONFIG = REPO / "configs" / "calibration" / "stylised_facts.yaml"
FIGURES = (
    ("sims_per_second", "simulations per second", ".1f"),
    ("seconds_per_generation", "wall s per generation", ".1f"),
    ("simulations", "simulations", ".0f"),
    ("wall", "wall s in all", ".1f"),
)


def budget(population: int, generations: int, reps: int) -> CalibrationFile:
    """The shipped calibration file with a smaller budget."""
    data = load_calibration(CONFIG).model_dump(mode="json")
    data["abc"].update(population=population, generations=generations)
    data["study"] = {"reps": reps}
    return validate_calibration(data)


def measure(config: CalibrationFile, out: Path, **where: Any) -> dict[str, float]:
    """One calibration into ``out``: its throughput and times."""
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


def spread(values: list[float], fmt: str) -> str:
    return f"{statistics.median(values):{fmt}} ({min(values):{fmt}}-{max(values):{fmt}})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--population", type=int, default=50)
    parser.add_argument("--generations", type=int, default=3)
    parser.add_argument("--reps", type=int, default=107)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    config = budget(args.population, args.generations, args.reps)
    warm_up = budget(4, 1, args.reps)
    figures: dict[str, list[dict[str, float]]] = {"local": [], "dask": []}
    with (
        tempfile.TemporaryDirectory() as tmp,
        LocalCluster(
            n_workers=args.workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
    ):
        where = {
            "local": {"workers": args.workers},
            "dask": {"address": cluster.scheduler_address},
        }
        for side, options in where.items():
            measure(warm_up, Path(tmp) / f"warm-{side}", **options)
        for r in range(args.rounds):
            for side in ("local", "dask")[r % 2 :] + ("local", "dask")[: r % 2]:
                figures[side].append(measure(config, Path(tmp) / f"{side}-{r}", **where[side]))
    print(
        f"ABC-SMC, {config.abc.population} particles x {config.abc.generations} generations, "
        f"{len(config.calibrated)} parameters, {args.reps}-rep study, {args.workers} workers; "
        f"median (range) of {args.rounds} interleaved rounds"
    )
    print(f"{'':26}{'local processes':>22}{'Dask (loopback)':>22}{'Dask / local':>14}")
    for key, label, fmt in FIGURES:
        local = [f[key] for f in figures["local"]]
        dask = [f[key] for f in figures["dask"]]
        ratio = statistics.median(dask) / statistics.median(local)
        print(f"{label:26}{spread(local, fmt):>22}{spread(dask, fmt):>22}{ratio:>14.2f}")


if __name__ == "__main__":
    main()
