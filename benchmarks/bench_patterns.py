"""How long does the pattern map take, on 1 and on 2 workers? A small version of the full map.

Runs ``experiments.patterns.run_patterns`` (what ``rapport patterns`` calls) on
``configs/patterns.yaml`` shrunk to ``--samples`` points (default 16, the full map has 256) with
its own scan, seeds, horizons and team size, into a fresh temporary folder each time, then the
analysis (judging, PRIM on as many processes, the page). Prints the wall time of each part for
1 and 2 workers side by side, the speed-up, and the time the full map would take at the
measured rate.

    .venv/bin/python benchmarks/bench_patterns.py [--samples 16] [--workers 1 2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
try:
    from experiments.pattern_config import DEFAULT_CONFIG, validate_patterns
    from experiments.patterns import analyse_patterns, run_patterns
    from sim.scenarios import read_yaml
except ModuleNotFoundError:  # run from elsewhere without the package installed
    sys.path.insert(0, str(REPO))
    from experiments.pattern_config import DEFAULT_CONFIG, validate_patterns
    from experiments.patterns import analyse_patterns, run_patterns
    from sim.scenarios import read_yaml


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=16)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    data = read_yaml(DEFAULT_CONFIG)
    full_samples = data["samples"]
    data["samples"] = args.samples
    plan = validate_patterns(data, source=DEFAULT_CONFIG)
    print(
        f"pattern map, {args.samples} of {full_samples} points: {plan.total_runs} runs of "
        f"{max(plan.settings.horizons)} weeks"
    )
    print(f"{'workers':>8} {'runs (s)':>10} {'analysis (s)':>13} {'s/run':>8} {'full map':>10}")
    times = {}
    for workers in args.workers:
        with tempfile.TemporaryDirectory() as folder:
            began = time.perf_counter()
            outcome = run_patterns(plan, folder, workers=workers, quiet=True)
            runs = time.perf_counter() - began
            began = time.perf_counter()
            analyse_patterns(folder, workers=workers)  # as `rapport patterns --workers N`
            analysis = time.perf_counter() - began
        assert outcome.failed == 0, outcome.failures[:1]
        times[workers] = runs
        full = runs / plan.total_runs * plan.total_runs * full_samples / args.samples
        print(
            f"{workers:>8} {runs:>10.1f} {analysis:>13.1f} {runs / plan.total_runs:>8.3f} "
            f"{full / 60:>8.0f} min"
        )
    if 1 in times and len(times) > 1:
        for workers, seconds in times.items():
            if workers != 1:
                print(f"speed-up on {workers} workers: {times[1] / seconds:.2f}x")


if __name__ == "__main__":
    main()
