"""A real `rapport app` server and what a page asked the network for: shared by the browser tests.

Chromium comes from Debian's package (``make setup-test`` installs it, never the tests); the
session-wide ``browser`` fixture lives in ``tests/conftest.py``.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from frontends.app import css
from frontends.app.assets import missing_assets
from frontends.app.browser import CHROMIUM, CHROMIUM_ARGS

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "test-artifacts" / "e2e"
LOCAL_PREFIXES = ("http://127.0.0.1", "http://localhost", "ws://127.0.0.1", "data:", "blob:")


# --- the server and the browser ------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM the server's process group, SIGKILL it if it lingers."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=5)
    except ProcessLookupError:
        pass


@contextmanager
def serving(
    args: list[str],
    log_name: str,
    env: Mapping[str, str] | None = None,
    cwd: Path = REPO,
) -> Iterator[str]:
    """`rapport <args> --port <free port>` running, as a user starts it (with ``env`` added to
    its environment, from the folder ``cwd``); yields its URL. Its output goes to
    ``test-artifacts/e2e/<log_name>``, the test process's name (``gw0``, ...) added to the name
    under pytest-xdist."""

    missing = missing_assets()
    assert not missing, f"Solara assets missing ({missing[0]}, ...): run `make setup`"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    # One log per test process: the servers of two processes wrote the same file and cut each
    # other's lines short, and a failed test's server log could be the other process's.
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        log_name = f"{Path(log_name).stem}-{worker}{Path(log_name).suffix}"
    log = open(ARTIFACTS / log_name, "wb")
    rapport = Path(sys.executable).with_name("rapport")
    process = subprocess.Popen(
        [str(rapport), *args, "--port", str(port)],
        cwd=cwd,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the teardown stops all of it
        env={**os.environ, **(env or {})},
    )
    command = "rapport " + " ".join(args)
    try:
        deadline = time.monotonic() + 90
        while True:
            if process.poll() is not None:
                pytest.fail(f"{command} exited ({process.returncode}); see {log.name}")
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"{command} did not answer on {url} within 90 s; see {log.name}")
            time.sleep(0.5)
        yield url
    finally:
        _stop(process)
        log.close()


# Injected before the page's scripts: when a widget model without its comm channel is asked to
# sync (ipywidgets throws "Syncing error: no comm channel defined"), log which widget it is and
# what it tried to send, so that a test failing on it names the cause.
SYNC_PROBE = """(() => {
  const patch = () => {
    const require = window.requirejs;
    if (!require || !require.defined || !require.defined('@jupyter-widgets/base')) return false;
    const proto = require('@jupyter-widgets/base').WidgetModel.prototype;
    const sync = proto.sync;
    proto.sync = function (method, model, options) {
      if (this.comm === undefined) {
        console.error('rapport-sync-probe ' + JSON.stringify({
          model: this.get('_model_name'), view: this.get('_view_name'), id: this.model_id,
          classes: this.get('class_') || this.get('_dom_classes'), method,
          attrs: Object.keys((options && options.attrs) || {})}));
      }
      return sync.apply(this, arguments);
    };
    window.rapportSyncProbe = true;
    return true;
  };
  const timer = setInterval(() => { if (patch()) clearInterval(timer); }, 20);
})();"""


# The window has the size asked for, and so have Vuetify's breakpoints (they follow the window's
# resize event after 200 ms) and every chart's canvas (each follows its box).
RESIZED = """([width, height, phone, layout, main, sidebar]) => {
  if (window.innerWidth !== width || window.innerHeight !== height) return false;
  const app = document.querySelector('.v-application');
  const breakpoint = app && app.__vue__ && app.__vue__.$vuetify.breakpoint;
  if (breakpoint && (breakpoint.width !== width || breakpoint.height !== height)) return false;
  const parts = [...(document.querySelector('.' + layout) || {children: []}).children].filter(
    (child) => child.classList.contains(main) || child.classList.contains(sidebar));
  if (parts.length && parts[0].classList.contains(main) !== (width <= phone)) return false;
  return [...document.querySelectorAll('.solara-echarts')].every((box) => {
    const canvas = box.querySelector('canvas');
    return !canvas || !box.clientWidth || (parseFloat(canvas.style.width) === box.clientWidth
      && parseFloat(canvas.style.height) === box.clientHeight);
  });
}"""


def resize(page: Page, viewport: tuple[int, int]) -> None:
    """Resize the window to ``viewport`` (width, height), as a user drags it or a projector is
    plugged in, and wait until the page has followed.

    A claim about several window sizes then needs one page, not one each (a page load costs
    Chromium about 3 s of CPU), where the page resized is laid out as one opened at that size:
    its CSS (media and container queries, ``vh`` units), which the browser applies anew at
    every resize; Vuetify's breakpoints, which follow the window's resize event; and the
    relationship chart, whose ECharts ``media`` entries cover every width, each setting all
    that another one changes (charts.py). Not the outcome charts' or a legend's rows
    (``legend_rows``): their entries set the narrow layout only, and ECharts restores nothing
    when a chart widens again, so such a chart once narrow keeps its narrow layout. The server
    learns only whether the window is narrower than ``css.PHONE``, and puts the run first in the
    page then (``widgets.NarrowScreen``): the wait covers that too.
    """
    width, height = viewport
    page.set_viewport_size({"width": width, "height": height})
    page.wait_for_function(
        RESIZED, arg=[width, height, css.PHONE, css.LAYOUT, css.MAIN, css.SIDEBAR]
    )


# The box the page scrolls in (Solara's, inside the window), scrolled to ``where``: "top" or
# "bottom" (as far as it goes).
SCROLL = """([where, main]) => {
  let box = document.querySelector('.' + main);
  while (box && !(box.scrollHeight > box.clientHeight + 1
                  && /auto|scroll/.test(getComputedStyle(box).overflowY))) {
    box = box.parentElement;
  }
  (box || document.scrollingElement).scrollTop = where === 'top' ? 0 : 1e9;
}"""


def scroll(page: Page, where: str) -> None:
    page.evaluate(SCROLL, [where, css.MAIN])
    page.wait_for_timeout(500)  # scrolled, and the page's script has seen where to


# ``new_session_page``'s Chromium for each ``browser`` fixture (by id), and its cache's folder.
_CACHED: dict[int, tuple[BrowserContext, str]] = {}


def new_session_page(browser: Browser, viewport: tuple[int, int]) -> Page:
    """A new page in a new app session (no cookie: Solara starts a session of its own), in a
    Chromium whose disk cache outlives the page.

    A fresh browser context per test fetched and compiled the page's JavaScript anew each
    time: about 4.7 s of Chromium's CPU per page load, against about 3.1 s once Chromium keeps
    the compiled code of earlier loads (median of 5 interleaved loads, 2026-12-07); 22 browser
    tests took 103 s of CPU in all, now 82 s. The session is the app's, not the cache's: each
    page still gets its own model. Close it with ``close_page``;
    ``close_session_pages`` ends the Chromium. A claim about a fresh browser (the page loads
    offline; two sessions at once) opens a context of its own instead."""
    key = id(browser)
    if key not in _CACHED:
        folder = tempfile.mkdtemp(prefix="rapport-chromium-")
        context = browser.browser_type.launch_persistent_context(
            folder,
            executable_path=str(CHROMIUM),
            args=CHROMIUM_ARGS,
            viewport={"width": viewport[0], "height": viewport[1]},
            accept_downloads=True,
        )
        _CACHED[key] = (context, folder)
    context = _CACHED[key][0]
    context.clear_cookies()  # the next page is a new session of the app
    page = context.new_page()
    page.set_viewport_size({"width": viewport[0], "height": viewport[1]})
    return page


def close_page(page: Page) -> None:
    """Close a page of ``new_session_page`` (its session ends with it), or the browser context
    of any other page."""
    if any(page.context is context for context, _ in _CACHED.values()):
        page.close()
    else:
        page.context.close()


def close_session_pages() -> None:
    """End the Chromium of ``new_session_page`` and remove its folder."""
    for context, folder in _CACHED.values():
        context.close()
        shutil.rmtree(folder, ignore_errors=True)
    _CACHED.clear()


def reload_when_quiet(page: Page) -> None:
    """Reload once the requests on their way (scripts, the favicon) are done: a reload would
    abort them, and ``Traffic`` would count the test's doing as the page's failed requests."""
    page.wait_for_load_state("networkidle")
    page.reload(wait_until="load")


class Traffic:
    """What a page asked the network for, and what went wrong in it."""

    def __init__(self, page: Page):
        self.failed: list[str] = []
        self.external: list[str] = []
        self.bad_status: list[str] = []
        self.errors: list[str] = []
        page.on("requestfailed", self._on_failed)
        page.on("request", self._on_request)
        page.on("response", self._on_response)
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"uncaught: {e}"))

    def _on_failed(self, request) -> None:
        # The browser asks for a favicon (favicon.png, or Solara's /static/assets/favicon.svg)
        # on its own and cancels the request when the test navigates or reloads meanwhile
        # (net::ERR_ABORTED): no request of the page failed. A favicon that is missing still
        # shows as an HTTP error, any other failure as failed.
        name = request.url.split("?")[0].rsplit("/", 1)[-1]
        if name.startswith("favicon.") and "ERR_ABORTED" in (request.failure or ""):
            return
        self.failed.append(f"{request.url} ({request.failure})")

    def _on_request(self, request) -> None:
        if not request.url.startswith(LOCAL_PREFIXES):
            self.external.append(request.url)

    def _on_response(self, response) -> None:
        if response.status >= 400:
            self.bad_status.append(f"{response.status} {response.url}")

    def problems(self) -> dict[str, list[str]]:
        found = {
            "failed requests": self.failed,
            "requests to other hosts": self.external,
            "HTTP errors": self.bad_status,
            "console errors": self.errors,
        }
        return {k: v for k, v in found.items() if v}


# What an ECharts chart drew as text: each text element's string and its box on the canvas.
DRAWN_TEXTS = """async (hook) => {
  const url = `${window.solara.cdn}/echarts@5.4.0/dist/echarts.js`;
  const echarts = await new Promise((resolve) => requirejs([url], resolve));
  const chart = echarts.getInstanceByDom(document.querySelector('.' + hook));
  return chart.getZr().storage.getDisplayList(true)
    .filter((e) => e.style && typeof e.style.text === 'string' && e.style.text.trim())
    .map((e) => {
      const box = e.getBoundingRect().clone();
      if (e.transform) box.applyTransform(e.transform);
      return {text: e.style.text, x: box.x, y: box.y, width: box.width, height: box.height};
    });
}"""
