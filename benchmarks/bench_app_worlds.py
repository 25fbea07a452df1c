"""The app's background answers, single runs against batched worlds (issue 11).

Times the app's own functions (``frontends.app.data``) at the default scenario: the effort curve
(3 empathy levels × 16 efforts × 4 replications = 192 runs), its plausible-worlds band (8 worlds
× 16 efforts = 128 runs), Compare (2 plans × 8 replications = 16 runs) and Compare's plausible
worlds (32 worlds × 2 replications × 2 plans = 128 runs); both kinds of worlds also drawn from
the shipped posterior (``calibrated``, the app's default since issue 12). ``single`` is the same
function with its runs made one ``RapportModel`` at a time, as the app did before; ``batched``
is the app now (``sim.batch.run_worlds``, a batch at a time). Both give the same numbers to the bit
(``tests/test_app_worlds.py``).

Rounds interleave the two sides (alternating which goes first); printed are the median and
range (min–max) of wall and CPU seconds over the rounds, and the median ratio single/batched.

Usage::

    .venv/bin/python benchmarks/bench_app_worlds.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable, Sequence
from unittest import mock

from frontends.app import data
from frontends.app.data import Plan, compare, compare_worlds, effort_curve, worlds_band
from sim.model import RapportModel
from sim.params import Scenario


def single_runs(
    scenarios: Sequence[Scenario],
    seeds: Sequence[int],
    progress: Callable[[int], None] | None = None,
) -> list[RapportModel]:
    """``data.run_batched`` as the app did it before: one model after another."""
    models = []
    for scenario, seed in zip(scenarios, seeds, strict=True):
        models.append(RapportModel(scenario, seed=seed, collect_reps=False).run())
        if progress:
            progress(len(models))
    return models


def tasks() -> dict[str, Callable[[], object]]:
    scenario = data.load_presets()["default"]
    base = Plan(scenario)
    cut = Plan(scenario, ((10, (("effort_hours", 45.0),)),))
    posterior = data.shipped_posterior()
    efforts = len(data.CURVE_EFFORTS)
    return {
        f"effort curve ({3 * efforts * 4} runs)": lambda: effort_curve(scenario, replications=4),
        f"curve's worlds band, priors ({8 * efforts} runs)": lambda: worlds_band(
            scenario, worlds=8
        ),
        f"curve's worlds band, calibrated ({8 * efforts} runs)": lambda: worlds_band(
            scenario, worlds=8, posterior=posterior
        ),
        "compare (16 runs)": lambda: compare(base, cut, replications=8),
        "compare's worlds, priors (128 runs)": lambda: compare_worlds(base, cut),
        "compare's worlds, calibrated (128 runs)": lambda: compare_worlds(
            base, cut, posterior=posterior
        ),
    }


def timed(work: Callable[[], object], batched: bool) -> tuple[float, float]:
    """Wall and CPU seconds of ``work()`` with batched or single runs."""
    patch = mock.patch.object(data, "run_batched", data.run_batched if batched else single_runs)
    with patch:
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    for name, work in tasks().items():
        times: dict[str, list[tuple[float, float]]] = {"single": [], "batched": []}
        work()  # warm: imports, caches
        for r in range(rounds):
            order = ("single", "batched") if r % 2 == 0 else ("batched", "single")
            for side in order:
                times[side].append(timed(work, side == "batched"))
        print(f"{name}:")
        for side, values in times.items():
            wall = [w for w, _ in values]
            cpu = [c for _, c in values]
            print(
                f"  {side:8} wall {statistics.median(wall):6.2f} s "
                f"({min(wall):.2f}–{max(wall):.2f}), CPU {statistics.median(cpu):6.2f} s "
                f"({min(cpu):.2f}–{max(cpu):.2f})"
            )
        ratios = [s[0] / b[0] for s, b in zip(times["single"], times["batched"], strict=True)]
        cpu_ratios = [s[1] / b[1] for s, b in zip(times["single"], times["batched"], strict=True)]
        print(
            f"  single/batched: wall {statistics.median(ratios):.1f}× "
            f"({min(ratios):.1f}–{max(ratios):.1f}), CPU {statistics.median(cpu_ratios):.1f}×"
        )


if __name__ == "__main__":
    main()
