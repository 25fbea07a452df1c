"""How long does ``rapport sweep`` take before and around its runs? Now against a git revision.

Each round runs every command once on each side, every time in a fresh Python process, in
rotating order; the figures are the median and the range (min–max) over the rounds, as wall
seconds and as CPU seconds of the child process (user + system; on a shared machine the wall time
also measures the neighbours). Commands, on a tiny grid (4 runs of 4 reps × 10 customers over
10 weeks, 1 worker, written by this script), so that start-up is most of what they cost:

- ``sweep --help``: importing the command and everything it imports;
- ``sweep --dry-run``: that, plus loading and planning the sweep file;
- ``sweep --no-report``: the runs, without the report;
- ``sweep``: the runs and the report, as a user types it.

The other side (``--baseline REV``, default ``main``) is the revision's ``sim``, ``experiments``,
``frontends`` and ``configs``, extracted with ``git archive`` and run with this interpreter.

Usage::

    .venv/bin/python benchmarks/bench_startup.py                  # 5 rounds against main
    .venv/bin/python benchmarks/bench_startup.py --baseline 2e04891 --rounds 9
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TINY = """\
name: tiny
description: A tiny grid, so that start-up is most of the time.
set:
  simulation.weeks: 10
  reps.count: 4
  customers.per_rep: 10
sweep:
  method: grid
  parameters:
    reps.effort_hours: [30, 60]
  replications: 2
  seed: 1
execution:
  workers: 1
"""
COMMANDS = {
    "sweep --help": ["sweep", "--help"],
    "sweep --dry-run": ["sweep", "--dry-run", "{config}"],
    "sweep --no-report": ["sweep", "{config}", "--out", "{out}", "--no-report", "--quiet"],
    "sweep (with report)": ["sweep", "{config}", "--out", "{out}", "--quiet"],
}
RAPPORT = "import sys; sys.path.insert(0, sys.argv.pop(1)); from frontends.cli import main; main()"


def timed(tree: str, args: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of ``rapport ARGS`` with the code of ``tree``, in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", RAPPORT, tree, *args], capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"rapport {' '.join(args)} ({tree}) failed:\n{done.stderr.decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} ({min(values):.2f}–{max(values):.2f})"


def extract(revision: str, into: str) -> str:
    """The code and configs as of ``revision``, unpacked under ``into``."""
    Path(into).mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "sim", "experiments", "frontends", "configs"],
        check=True,
        capture_output=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", into], input=archive, check=True)
    return into


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="interleaved rounds (default 5)")
    parser.add_argument("--baseline", default="main", help="git revision to compare with (main)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rapport-startup-") as work:
        config = Path(work) / "tiny.yaml"
        config.write_text(TINY, encoding="utf-8")
        trees = {"now": str(ROOT), args.baseline: extract(args.baseline, f"{work}/baseline")}
        for tree in trees.values():  # compile each tree's kernels into its cache first
            timed(tree, ["sweep", str(config), "--out", f"{work}/warm", "--quiet", "--force"])
        sides = [(tree, name) for name in COMMANDS for tree in trees]
        figures: dict[tuple[str, str], list[tuple[float, float]]] = {side: [] for side in sides}
        for r in range(args.rounds):
            for n, (tree, name) in enumerate(sides[r % len(sides) :] + sides[: r % len(sides)]):
                out = f"{work}/out-{r}-{n}"
                command = [a.format(config=config, out=out) for a in COMMANDS[name]]
                figures[tree, name].append(timed(trees[tree], command))
    print(
        f"rapport sweep start-up, tiny grid (4 runs), median (range) of {args.rounds} interleaved "
        "rounds, fresh process each"
    )
    print(f"    {'':<22}{'':<10}{'wall s':>24}{'CPU s':>24}")
    for name in COMMANDS:
        for tree in trees:
            rows = figures[tree, name]
            wall, cpu = [w for w, _ in rows], [c for _, c in rows]
            print(f"    {name:<22}{tree:<10}{spread(wall):>24}{spread(cpu):>24}")


if __name__ == "__main__":
    main()
