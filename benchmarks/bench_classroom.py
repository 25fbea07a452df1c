"""Classroom mode under a class's load: time from "next round" to every student's page updated.

Runs the classroom server (Solara's ASGI app under uvicorn) in this process, so the benchmark
reaches its rooms directly. One room, 40 students: ``--browsers`` of them (default 4) are real
headless Chromium pages at phone size, the others join through the room API, each with a
thread that does what a student's page session does on the server (wait for the room to
change, then read the student's own view). The instructor's dashboard is open in Chromium too,
and each round is closed by clicking its "Next round" button.

Prints, per round, the milliseconds from the click to the last API student's new view and to
the last browser page showing the new week (a MutationObserver in each page stamps the time),
and the process's resident memory (server and benchmark; Chromium runs in its own processes)
before and after the students joined. Goal: every student updated in under 1 s.

    python benchmarks/bench_classroom.py [--students 40] [--browsers 4] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import sys
import threading
import time
import warnings
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from frontends.app.assets import default_cache_dir  # noqa: E402
from frontends.app.browser import launch  # noqa: E402
from frontends.classroom.room import RoomSettings, make_plan  # noqa: E402

# In a student's page: stamp (epoch ms) the first moment the page shows a week past `week`.
WATCH_WEEK = """([week]) => {
  window.__updated = null;
  const read = () => {
    const el = document.querySelector('.classroom-me');
    try { return JSON.parse(el.textContent).week; } catch (e) { return -1; }
  };
  const observer = new MutationObserver(() => {
    if (window.__updated === null && read() > week) {
      window.__updated = performance.timeOrigin + performance.now();
      observer.disconnect();
    }
  });
  observer.observe(document.body, {childList: true, characterData: true, subtree: true});
}"""

CLICK_NEXT = """() => {
  const t0 = performance.timeOrigin + performance.now();
  document.querySelector('.classroom-next').click();
  return t0;
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int):
    """The classroom app under uvicorn on a daemon thread (as `rapport app --classroom` serves
    it: Solara with the read-only asset route); returns the page module."""
    os.environ.update(
        SOLARA_APP="frontends.classroom.page",
        SOLARA_MODE="production",
        SOLARA_ASSETS_PROXY="true",
        SOLARA_ASSETS_PROXY_CACHE_DIR=str(default_cache_dir()),
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="false",
        SOLARA_THEME_SHOW_BANNER="false",  # as `rapport app` sets it: no badge over the pages
        RAPPORT_CLASSROOM_URL=f"http://127.0.0.1:{port}",
    )
    # Imported only now: Solara reads the environment above when it is first imported.
    import uvicorn

    import frontends.app.server  # noqa: F401  (its import serves the assets read-only, as the app)
    import frontends.classroom.page as page

    config = uvicorn.Config(
        "solara.server.starlette:app", host="127.0.0.1", port=port, log_level="error"
    )
    server = uvicorn.Server(config)
    threading.Thread(target=server.run, daemon=True).start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline:
            raise SystemExit("the classroom server did not start within 60 s")
        time.sleep(0.1)
    return page


class ApiStudent(threading.Thread):
    """A student whose page session is simulated on the server: wait for a change, read the
    own view, and note when a new week arrived."""

    def __init__(self, room, nickname: str):
        super().__init__(daemon=True)
        self.room = room
        self.secret = room.join(nickname)
        self.week = room.view(self.secret).week
        self.updated: dict[int, float] = {}  # week -> epoch ms
        self.stop = threading.Event()

    def run(self) -> None:
        version = self.room.version
        while not self.stop.is_set():
            version = self.room.wait_for_change(version, timeout=0.5)
            week = self.room.view(self.secret).week
            if week != self.week:
                self.week = week
                self.updated[week] = time.time() * 1000


def mib() -> float:
    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    # Solara warns on every plain-http session that its cookie falls back to SameSite=Lax.
    warnings.filterwarnings("ignore", message="Cookies with samesite=none require https")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--browsers", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    port = free_port()
    page_module = start_server(port)
    url = f"http://127.0.0.1:{port}"
    memory_before = mib()
    room = page_module.REGISTRY.create(RoomSettings(rounds=args.rounds + 1))
    weeks = room.settings.weeks_per_round
    customers = room.settings.customers_per_rep

    with sync_playwright() as playwright:
        browser = launch(playwright)
        teacher = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
        teacher.set_default_timeout(120_000)
        teacher.goto(f"{url}/instructor?token={room.token}")
        teacher.locator(".classroom-next").wait_for()
        pages = []
        for i in range(args.browsers):
            page = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
            page.set_default_timeout(120_000)
            page.goto(f"{url}/join?room={room.code}")
            page.locator(".classroom-nickname input").fill(f"phone{i}")
            page.locator(".classroom-join").click()
            page.locator(".classroom-me").wait_for(state="attached")
            pages.append(page)
        api = [ApiStudent(room, f"api{i}") for i in range(args.students - args.browsers)]
        for student in api:
            student.start()
        memory_joined = mib()
        room.start()

        print(
            f"{args.students} students ({args.browsers} in Chromium, {len(api)} through the room "
            f"API), {customers} customers each, {weeks} weeks per round"
        )
        print(f"{'round':>5} {'API students: last (ms)':>24} {'browsers: last (ms)':>20}")
        worst = []
        for round_ in range(1, args.rounds + 1):
            for i, student in enumerate(api):
                room.decide(student.secret, make_plan(10 + i, 5, 5, customers=customers))
            before = (round_ - 1) * weeks
            for page in pages:
                page.evaluate(WATCH_WEEK, [before])
            t0 = teacher.evaluate(CLICK_NEXT)
            for page in pages:
                page.wait_for_function("() => window.__updated !== null")
            browser_ms = [page.evaluate("() => window.__updated") - t0 for page in pages]
            deadline = time.monotonic() + 60
            while any(round_ * weeks not in s.updated for s in api):
                if time.monotonic() > deadline:
                    raise SystemExit("API students were not updated within 60 s")
                time.sleep(0.01)
            api_ms = [s.updated[round_ * weeks] - t0 for s in api]
            print(f"{round_:>5} {max(api_ms):>24.0f} {max(browser_ms, default=0):>20.0f}")
            worst.append(max(api_ms + browser_ms))
        for student in api:
            student.stop.set()
        browser.close()

    print(
        f"every student updated: median {statistics.median(worst):.0f} ms, worst "
        f"{max(worst):.0f} ms over {args.rounds} rounds (goal: under 1000 ms)"
    )
    print(
        f"server memory (RSS of this process): {memory_before:.0f} MiB before the room, "
        f"{memory_joined:.0f} MiB with {args.students} students and {args.browsers + 1} "
        "browser sessions "
        f"({(memory_joined - memory_before) / args.students * 1024:.0f} KiB per student)"
    )


if __name__ == "__main__":
    main()
