"""The app's background answers in the page: from the button to the answer shown.

Each progress step a job shows renders the whole page in the job's thread (Reacton reconciles
the page's ~450 elements), so a quick computation can spend more time showing its progress than
computing. Times the effort curve (default scenario, the page's own button) three ways in one
process, rounds interleaved: the function alone (``frontends.app.data.effort_curve``), the page
with every 2 % step shown (``PROGRESS_SECONDS = 0``: the throttle alone undone; the code
before the 34th session also rendered solara's thread states, so time it with this script in a
worktree of ``d49908a``, as docs/speed.md does), and the page now (a step shown at most every
``PROGRESS_SECONDS``). Printed: the median and range (min–max) of wall seconds, and the page's
renders per answer.

The page is rendered in process (``solara.render``, as ``tests/test_app.py`` does), without a
browser: the server's side of the wait, not the browser's drawing.

Usage::

    .venv/bin/python benchmarks/bench_app_jobs.py [--rounds 5]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # the tests' in-process page

from frontends.app import css as hooks  # noqa: E402
from frontends.app import data, jobs  # noqa: E402
from frontends.app import effort_curve as curve_tab  # noqa: E402
from tests.test_app import Session  # noqa: E402


def wait_drawn(page: Session, computed: threading.Event, timeout: float = 300) -> None:
    """Until the curve is drawn: the page's widgets are looked through (every 5 ms) only once
    the computation has returned (looking through all of them every 20 ms while it computes,
    as the tests do, took its thread a third of its time)."""
    assert computed.wait(timeout), f"not computed after {timeout} s"
    deadline = time.monotonic() + timeout
    while not page.all(hooks.CURVE_DONE):
        assert time.monotonic() < deadline, f"not drawn after {timeout} s"
        time.sleep(0.005)


def in_page(step_seconds: float) -> Callable[[], tuple[float, int]]:
    """A fresh page (its own model); timing its effort curve from the click to the answer."""

    def timed() -> tuple[float, int]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(jobs, "PROGRESS_SECONDS", step_seconds)
            computed = threading.Event()

            def effort_curve(*args, **kwargs):
                curve = data.effort_curve(*args, **kwargs)
                computed.set()
                return curve

            patch.setattr(curve_tab, "effort_curve", effort_curve)
            page = Session(patch)
            (button,) = [w for w in page.all(hooks.EFFORT_CURVE) if hasattr(w, "click")]
            renders = page.rc.render_count
            started = time.perf_counter()
            button.click()
            wait_drawn(page, computed)
            wall = time.perf_counter() - started
            renders = page.rc.render_count - renders
            page.rc.close()
            return wall, renders

    return timed


def alone() -> tuple[float, int]:
    scenario = data.load_presets()["default"]
    started = time.perf_counter()
    data.effort_curve(scenario, progress=lambda _: None)
    return time.perf_counter() - started, 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    rounds = parser.parse_args().rounds
    sides = {
        "effort curve alone": alone,
        "in the page, every 2 % step shown": in_page(0.0),
        f"in the page now (a step at most every {jobs.PROGRESS_SECONDS} s)": in_page(
            jobs.PROGRESS_SECONDS
        ),
    }
    alone()  # warm: the presets, the kernels
    results: dict[str, list[tuple[float, int]]] = {name: [] for name in sides}
    for round_ in range(rounds):
        order = list(sides) if round_ % 2 == 0 else list(reversed(sides))
        for name in order:
            results[name].append(sides[name]())
    print(f"Effort curve, default scenario, {rounds} rounds interleaved (wall s: median, range)")
    base = statistics.median(w for w, _ in results["effort curve alone"])
    for name, got in results.items():
        walls = [w for w, _ in got]
        median = statistics.median(walls)
        renders = statistics.median(r for _, r in got)
        print(
            f"  {name:<55} {median:6.2f} s ({min(walls):.2f}–{max(walls):.2f}), "
            f"{median / base:4.1f}× alone, {renders:.0f} renders"
        )


if __name__ == "__main__":
    main()
