"""The app's Your team answer: how long a manager waits after the upload.

Runs ``frontends.app.team.answer_team`` on the shipped example export
(configs/calibration/example_team.csv: 12 reps, 12 weeks) with the app's budget (or another),
as the app's background job does (one process, pyabc's single-core sampler): printed are the
wall seconds of each ABC generation, of the answer over the team's posterior worlds
(``TEAM_WORLDS`` worlds × ``TEAM_EFFORTS`` efforts, batched), and in all, over ``--rounds``.

Usage::

    .venv/bin/python benchmarks/bench_app_team.py [--budget 40x3] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from experiments.calibrate.team import read_team
from frontends.app import team as team_tab

EXAMPLE = Path(__file__).resolve().parents[1] / "configs" / "calibration" / "example_team.csv"


def is_whole(x: float) -> bool:
    return abs(x - round(x)) < 1e-9


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--budget", default="40x3", help="PARTICLESxGENERATIONS")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ[team_tab.BUDGET_ENV] = args.budget
    budget = team_tab.team_budget()
    team = read_team(EXAMPLE)
    share = team_tab.CALIBRATION_SHARE
    generations: list[list[float]] = []
    answers, totals = [], []
    for _ in range(args.rounds):
        marks: list[tuple[float, float]] = []
        started = time.perf_counter()

        def progress(fraction: float, marks=marks, started=started) -> None:
            if not marks or fraction != marks[-1][0]:
                marks.append((fraction, time.perf_counter() - started))

        team_tab.answer_team(team, budget, progress=progress)
        total = time.perf_counter() - started
        # the first report of each new fraction: a generation's end, then the worlds' start
        ends = [t for f, t in marks if 0 < f <= share and is_whole(f * budget[1] / share)]
        generations.append([b - a for a, b in zip([0.0, *ends], ends, strict=False)])
        answers.append(total - ends[-1])
        totals.append(total)
    print(f"example team, {budget[0]} particles x {budget[1]} generations, {args.rounds} rounds")
    for g in range(budget[1]):
        times = [round_[g] for round_ in generations]
        print(
            f"  generation {g + 1}: median {statistics.median(times):5.1f} s "
            f"({min(times):.1f}–{max(times):.1f})"
        )
    print(
        f"  answer over {team_tab.TEAM_WORLDS} worlds x {len(team_tab.TEAM_EFFORTS)} efforts: "
        f"median {statistics.median(answers):5.1f} s ({min(answers):.1f}–{max(answers):.1f})"
    )
    print(
        f"  in all: median {statistics.median(totals):5.1f} s ({min(totals):.1f}–{max(totals):.1f})"
    )


if __name__ == "__main__":
    main()
