"""What does naming the drivers of an answer over worlds cost? Plain and refined shuffles.

``experiments.uncertainty.rank_drivers`` tests each of 42 parameters by permutation: 16,800
shuffles for all, and up to 1,075,200 for a parameter whose Holm step lies near 0.05
(``refined_pvalues``). Times, side by side in interleaved rounds (median and range, CPU
seconds), the first shuffles alone and the refined test, over 32 and 200 worlds, for answers
with a clear driver (nothing to refine) and with a driver planted at Holm's threshold (the
worst case: refined to the cap).

    .venv/bin/python benchmarks/bench_drivers.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy import stats

REPO = Path(__file__).resolve().parents[1]
try:
    from experiments.uncertainty import DRIVER_LEVEL, permutation_pvalues, refined_pvalues
except ModuleNotFoundError:  # run from elsewhere without the package installed
    sys.path.insert(0, str(REPO))
    from experiments.uncertainty import DRIVER_LEVEL, permutation_pvalues, refined_pvalues

PARAMETERS = 42


def answers(worlds: int, borderline: bool) -> tuple[np.ndarray, np.ndarray]:
    """Uniform parameters and answers driven by the sixth: clearly (r 0.7), or with the
    correlation whose t-test p-value is Holm's first step, 0.05 / 42."""
    rng = np.random.default_rng(worlds)
    x = rng.uniform(size=(worlds, PARAMETERS))
    if borderline:
        t = stats.t.isf(DRIVER_LEVEL / PARAMETERS / 2, worlds - 2)
        r = t / np.sqrt(worlds - 2 + t * t)
    else:
        r = 0.7
    driver = x[:, 5] - x[:, 5].mean()
    driver /= np.linalg.norm(driver)
    noise = rng.normal(size=worlds)
    noise -= noise.mean() + (noise @ driver) * driver
    noise /= np.linalg.norm(noise)
    return r * driver + np.sqrt(1 - r * r) * noise, x


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    print(f"{PARAMETERS} parameters, CPU s, median (range) of {args.rounds} interleaved rounds")
    print(f"{'worlds':>6} {'answer':>11} {'16,800 shuffles':>22} {'refined':>22} {'ratio':>6}")
    for worlds in (32, 200):
        for borderline in (False, True):
            y, x = answers(worlds, borderline)
            times: dict[str, list[float]] = {"plain": [], "refined": []}
            for _ in range(args.rounds):
                for side, test in (("plain", permutation_pvalues), ("refined", refined_pvalues)):
                    began = time.process_time()
                    test(y, x)
                    times[side].append(time.process_time() - began)
            shown = {
                side: f"{np.median(t):.3f} ({min(t):.3f}-{max(t):.3f})" for side, t in times.items()
            }
            ratio = np.median(times["refined"]) / np.median(times["plain"])
            label = "borderline" if borderline else "clear"
            plain, refined = shown["plain"], shown["refined"]
            print(f"{worlds:>6} {label:>11} {plain:>22} {refined:>22} {ratio:>5.1f}x")


if __name__ == "__main__":
    main()
