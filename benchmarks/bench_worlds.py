"""What do plausible worlds cost a study? The study with and without them, side by side.

Runs ``experiments.studies.run_study`` (what ``rapport study`` calls) for a study (default
``effort_sweet_spot``) with ``--worlds none`` and with its shipped worlds (or ``--worlds-count``),
each into a fresh temporary folder, on ``--workers`` local workers. Prints runs, wall time, CPU
time of this process and its workers, and runs per second side by side, and the ratio.

    .venv/bin/python benchmarks/bench_worlds.py [--study effort_sweet_spot] [--workers 2]
        [--worlds-count 32]
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
try:
    from experiments.studies import load_study, run_study
    from experiments.sweep import plan_sweep
except ModuleNotFoundError:  # run from elsewhere without the package installed
    sys.path.insert(0, str(REPO))
    from experiments.studies import load_study, run_study
    from experiments.sweep import plan_sweep


def cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the worker processes)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--study", default="effort_sweet_spot")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worlds-count", type=int, default=None)
    args = parser.parse_args()
    shipped = load_study(args.study).file.worlds
    mode = shipped if shipped != "none" else "prior"
    print(f"study {args.study}, {args.workers} worker(s)")
    print(f"{'worlds':>22} {'runs':>6} {'wall (s)':>9} {'CPU (s)':>8} {'runs/s':>7}")
    walls = {}
    for label, worlds, count in (
        ("none", "none", None),
        (f"{mode} ({args.worlds_count or 'shipped'})", mode, args.worlds_count),
    ):
        sweep = load_study(args.study, worlds=worlds, worlds_count=count)
        runs = sum(p.runs_of == p.index for p in plan_sweep(sweep)) * sweep.runs_per_point()
        with tempfile.TemporaryDirectory() as folder:
            cpu, began = cpu_seconds(), time.perf_counter()
            run_study(
                args.study, Path(folder), workers=args.workers, worlds=worlds, worlds_count=count
            )
            wall = time.perf_counter() - began
            cpu = cpu_seconds() - cpu
        walls[label] = wall
        print(f"{label:>22} {runs:>6} {wall:>9.1f} {cpu:>8.1f} {runs / wall:>7.1f}")
    none, drawn = walls.values()
    print(f"worlds cost {drawn / none:.1f}x the wall time of the answer without them")


if __name__ == "__main__":
    main()
