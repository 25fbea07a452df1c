"""How fast the web app answers, measured in a real browser.

Starts `rapport app` on a free port (or uses --url) and opens it in headless Debian chromium.

1. Step: clicks Step ~20 times at the default team size and at 10× that size (reps.count × 10
   via the page's controls, then Reset). Each time is from the click (in the page) until the
   charts' data (the `rapport-series` hook) show the new week and the browser has painted the
   next frame. Prints median and p90 per size and their ratio.
2. Slider release -> mark: while the run plays (speed 8), drags the effort slider with the mouse
   and times from the button's release until the charts' data carry the new intervention and
   the frame after it has been painted.
3. Pause -> stopped: at speeds 2, 8 and 30 weeks/s, clicks Pause and times until the button
   offers Play again and until the last week arrived; counts the weeks run past the week the
   page showed at the click (goal: at most one).

    python benchmarks/bench_app.py [--steps 20] [--scale 10] [--repeats 3] [--url URL]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

from frontends.app import css
from frontends.app.browser import drag_slider, launch, set_speed
from frontends.app.data import control_class
from frontends.app.i18n import TEXTS
from sim.params import Scenario

# Click Step inside the page and resolve with the milliseconds until the series shows one more
# week and the frame after that change has been painted.
TIME_ONE_STEP = """async ([seriesHook, stepHook]) => {
  const series = document.querySelector('.' + seriesHook);
  const lastWeek = () => { const d = JSON.parse(series.textContent); return d.week.at(-1); };
  const before = lastWeek();
  return await new Promise((resolve, reject) => {
    const t0 = performance.now();
    const timer = setTimeout(() => reject(new Error('no update within 60 s')), 60000);
    const observer = new MutationObserver(() => {
      let week; try { week = lastWeek(); } catch (e) { return; }
      if (week !== before) {
        observer.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - t0)));
      }
    });
    observer.observe(series, {childList: true, characterData: true, subtree: true});
    document.querySelector('.' + stepHook).click();
  });
}"""


# Arm a watch: resolves with the milliseconds from the next mouse release to the charts' data
# carrying one more intervention and the frame after that change painted.
WATCH_MARK = """([seriesHook]) => {
  const series = document.querySelector('.' + seriesHook);
  const count = () => JSON.parse(series.textContent).interventions.length;
  const before = count();
  window.rapportMark = new Promise((resolve, reject) => {
    let released = null;
    document.addEventListener('mouseup', () => { released = performance.now(); },
                              {capture: true, once: true});
    const timer = setTimeout(() => reject(new Error('no mark within 30 s')), 30000);
    const observer = new MutationObserver(() => {
      let n; try { n = count(); } catch (e) { return; }
      if (n > before && released !== null) {
        observer.disconnect();
        clearTimeout(timer);
        requestAnimationFrame(() => requestAnimationFrame(
          () => resolve(performance.now() - released)));
      }
    });
    observer.observe(series, {childList: true, characterData: true, subtree: true});
  });
}"""

# Click Pause in the page; resolve with [ms until the button offers Play, ms until the last week
# label change, the week shown at the click, the week the run stopped at].
TIME_PAUSE = """async ([weekHook, playHook, playText]) => {
  const label = document.querySelector('.' + weekHook);
  const button = document.querySelector('.' + playHook);
  const weekNow = () => Number(label.textContent.match(/\\d+/)[0]);
  const shown = weekNow();
  let lastChange = 0;
  const observer = new MutationObserver(() => { lastChange = performance.now() - t0; });
  observer.observe(label, {childList: true, characterData: true, subtree: true});
  const t0 = performance.now();
  button.click();
  while (!button.textContent.includes(playText)) {
    if (performance.now() - t0 > 30000) throw new Error('still playing 30 s after Pause');
    await new Promise(r => setTimeout(r, 5));
  }
  const offered = performance.now() - t0;
  await new Promise(r => setTimeout(r, 1500));  // weeks still on their way arrive
  observer.disconnect();
  return [offered, Math.max(offered, lastChange), shown, weekNow()];
}"""


@contextmanager
def running_app():
    """`rapport app` on a free port; yields its URL and stops it afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    log = tempfile.TemporaryFile()
    rapport = Path(sys.executable).with_name("rapport")
    process = subprocess.Popen(
        [str(rapport), "app", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                sys.exit(f"rapport app did not start:\n{log.read().decode(errors='replace')}")
            try:
                with urllib.request.urlopen(url, timeout=5):
                    break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
        log.close()


def set_control(page: Page, name: str, value: float) -> None:
    """Set a schema control to ``value`` the way a user would (typing, or keys on a slider)."""
    control = page.locator(f".{control_class(name)}").first
    slider = control.locator("[role=slider]")
    if slider.count() == 0:
        field = control.locator("input").first
        field.fill(f"{value:g}")
        field.press("Enter")
        return
    thumb = slider.first
    thumb.focus()
    for _ in range(2000):
        now = float(thumb.get_attribute("aria-valuenow"))
        if now == value:
            return
        gap = value - now
        key = "ArrowRight" if gap > 0 else "ArrowLeft"
        thumb.press(f"Shift+{key}" if abs(gap) >= 3 else key)  # Shift moves three steps
        page.wait_for_timeout(5)
    raise RuntimeError(f"could not move {name} to {value}")


def time_steps(page: Page, steps: int) -> list[float]:
    hooks = [css.SERIES, css.STEP]
    page.evaluate(TIME_ONE_STEP, hooks)  # warm-up, not counted
    return [page.evaluate(TIME_ONE_STEP, hooks) for _ in range(steps)]


def wait_for_week(page: Page, week: int) -> None:
    page.wait_for_function(
        "([hook, n]) => Number(document.querySelector('.' + hook).textContent"
        ".match(/\\d+/)[0]) >= n",
        arg=[css.WEEK, week],
        timeout=120_000,
    )


def reset(page: Page) -> None:
    page.locator(f".{css.RESET}").first.click()
    page.wait_for_function(
        "(hook) => JSON.parse(document.querySelector('.' + hook).textContent).week.length === 1",
        arg=css.SERIES,
    )


def time_marks(page: Page, repeats: int) -> list[float]:
    """Drag the effort slider ``repeats`` times while playing; ms from release to the mark."""
    reset(page)
    set_speed(page, 8)
    page.locator(f".{css.PLAY}").first.click()
    wait_for_week(page, 2)
    times = []
    for i in range(repeats):
        page.evaluate(WATCH_MARK, [css.SERIES])
        drag_slider(page, control_class("reps.effort_hours"), 0.2 if i % 2 == 0 else 0.5, 0.8)
        times.append(page.evaluate("() => window.rapportMark"))
        page.wait_for_timeout(300)  # the next drag falls in another week
    page.evaluate(TIME_PAUSE, [css.WEEK, css.PLAY, TEXTS["en"]["play"]])
    return times


def shown_week(page: Page) -> int:
    return int(page.locator(f".{css.WEEK}").first.text_content().split()[1])


def time_pauses(
    page: Page, speed: int, repeats: int
) -> tuple[list[tuple[float, float, int]], float]:
    """Play at ``speed`` and Pause, ``repeats`` times: (ms to Play offered, ms to the last
    week shown, weeks run past the click) each, and the weeks per second the page showed."""
    reset(page)
    set_speed(page, speed)
    play = page.locator(f".{css.PLAY}").first
    results, weeks, seconds = [], 0, 0.0
    for _ in range(repeats):
        play.click()
        start, started = shown_week(page), time.perf_counter()
        wait_for_week(page, start + 6)
        weeks, seconds = weeks + shown_week(page) - start, seconds + time.perf_counter() - started
        offered, stopped, shown, final = page.evaluate(
            TIME_PAUSE, [css.WEEK, css.PLAY, TEXTS["en"]["play"]]
        )
        results.append((offered, stopped, final - shown))
    return results, weeks / seconds


def series_revenue(page: Page) -> float:
    """Total revenue so far, from the charts' data."""
    data = page.evaluate(
        "(hook) => JSON.parse(document.querySelector('.' + hook).textContent)", css.SERIES
    )
    return sum(data["revenue"])


def describe(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p90 = ordered[min(len(ordered) - 1, round(0.9 * (len(ordered) - 1)))]
    return statistics.median(times), p90


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--steps", type=int, default=20, help="measured steps per size")
    parser.add_argument("--scale", type=int, default=10, help="the larger team, × default")
    parser.add_argument("--repeats", type=int, default=3, help="drags and pauses per speed")
    parser.add_argument("--url", help="use this running app instead of starting one")
    args = parser.parse_args()

    default_reps = Scenario().reps.count
    with running_app() if args.url is None else _given(args.url) as url, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1600, "height": 1100})
        page.set_default_timeout(120_000)
        page.goto(url, wait_until="load", timeout=120_000)
        page.locator(f".{css.STEP}").first.wait_for(state="visible", timeout=120_000)
        page.locator(f".{css.SERIES}").first.wait_for(state="attached")

        results, revenue = {}, {}
        for reps in (default_reps, default_reps * args.scale):
            if reps != default_reps:
                set_control(page, "reps.count", reps)
                page.locator(f".{css.RESET}").first.click()
                page.wait_for_function(
                    "(hook) => JSON.parse(document.querySelector('.' + hook).textContent)"
                    ".week.length === 1",
                    arg=css.SERIES,
                )
            times = time_steps(page, args.steps)
            revenue[reps] = series_revenue(page)
            results[reps] = describe(times)
            median, p90 = results[reps]
            print(
                f"{reps:>6} reps: Step click -> charts updated: median {median:6.1f} ms, "
                f"p90 {p90:6.1f} ms  ({args.steps} steps)"
            )
        set_control(page, "reps.count", default_reps)
        marks = time_marks(page, args.repeats)
        print(
            f"slider release -> mark on the chart (playing, speed 8): median "
            f"{statistics.median(marks):6.1f} ms, max {max(marks):6.1f} ms  ({len(marks)} drags)"
        )
        for speed in (2, 8, 30):
            pauses, rate = time_pauses(page, speed, args.repeats)
            offered = statistics.median(p[0] for p in pauses)
            stopped = statistics.median(p[1] for p in pauses)
            past = max(p[2] for p in pauses)
            print(
                f"speed {speed:>2} weeks/s: Pause click -> Play offered: median {offered:6.1f} "
                f"ms, -> last week shown: median {stopped:6.1f} ms; weeks past the click: "
                f"max {past}; played {rate:4.1f} weeks/s  ({len(pauses)} pauses)"
            )
        browser.close()
    small, large = results[default_reps], results[default_reps * args.scale]
    # the team's revenue grows with its size: proof that the larger model was running
    grown = revenue[default_reps * args.scale] / revenue[default_reps]
    if grown < args.scale / 3:
        sys.exit(f"the larger team did not take effect (revenue only ×{grown:.1f})")
    print(
        f"ratio {args.scale}× / default: median {large[0] / small[0]:.1f}×, "
        f"p90 {large[1] / small[1]:.1f}×"
    )


@contextmanager
def _given(url: str):
    yield url


if __name__ == "__main__":
    main()
