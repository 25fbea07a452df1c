"""Test collection hooks and the fixtures browser tests share (helpers to import live in
tests/helpers.py and tests/browser.py)."""

from __future__ import annotations

import asyncio
import gc
import os
import signal
from collections.abc import Iterator

import comm
import pytest
import solara.comm
from playwright.sync_api import expect, sync_playwright
from solara.server import kernel_context

from frontends.app.browser import CHROMIUM, launch
from tests.browser import close_session_pages, serving

# A test run started in the background by a non-interactive shell (``make test &``, some CI
# runners) inherits SIGINT ignored, and Python then leaves it ignored: the Ctrl-C tests, in this
# process and in the sweeps they start (which inherit it), would never see their Ctrl-C.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# The tests expect English wherever they name no language: a developer's RAPPORT_LANG=de (every
# command's --lang default) would turn the English they check into German, here and in every
# process the tests start.
os.environ.pop("RAPPORT_LANG", None)

BROWSER_MODULES = ("test_app_e2e.py", "test_app_layout_e2e.py", "test_classroom_e2e.py")


def _without_stack(*args, **kwargs):
    return solara.comm.DummyComm(*args, **kwargs)


# Pages rendered in this process (``solara.render``) have no kernel: each widget gets Solara's
# dummy comm, which also formats the whole call stack into a module-level dict that is never
# emptied (to name where an orphaned widget came from): about a tenth of an in-process app
# test's CPU, and every widget of the session kept alive. The widgets are the same without it.
if comm.create_comm is getattr(solara.comm, "create_dummy_comm", None):
    comm.create_comm = _without_stack


# Each page a test renders in this process, closed when the test ends (``close_rendered``).
_RENDERED: list = []
_render = solara.render


def _recorded_render(*args, **kwargs):
    box, rc = _render(*args, **kwargs)
    _RENDERED.append(rc)
    return box, rc


solara.render = _recorded_render


@pytest.fixture(autouse=True)
def close_rendered() -> Iterator[None]:
    """Close the pages a test rendered in this process (a second close does nothing).

    An unclosed page keeps its widgets in ipywidgets' registry of open widgets, and with them
    its session, its model and its components: after the 258 tests of test_app.py a worker held
    3.4 million objects, and every full garbage collection there cost about 2 s (one in
    statsmodels' Holm correction, in each driver ranking; ~2.5 s a call in a CI worker)."""
    yield
    while _RENDERED:
        _RENDERED.pop().close()


@pytest.fixture
def kernel() -> Iterator[kernel_context.VirtualKernelContext]:
    """A kernel's context for pages rendered in this process, as the server gives a browser
    session: its lock, under which the server handles the browser's messages (and the page's
    own threads render), and its event loop. The page's threads inherit it."""
    loop = asyncio.new_event_loop()  # a kernel's context keeps one
    asyncio.set_event_loop(loop)
    context = kernel_context.create_dummy_context()
    kernel_context.set_current_context(context)
    try:
        yield context
    finally:
        kernel_context.set_current_context(None)
        asyncio.set_event_loop(None)
        loop.close()


def pytest_collection_finish(session: pytest.Session) -> None:
    """Leave what collection imported (every package the tests use, some 300,000 objects) out
    of the garbage collector's full collections: nothing imported is garbage, yet each full
    collection walked all of it. In-process test files (test_app, test_studies, test_worlds,
    test_uncertainty: 317 tests in one process) spent 20 s of their 115 s of CPU collecting,
    and 5 s of 91 with this (docs/speed.md, 39th session)."""
    gc.collect()
    gc.freeze()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive Chromium carry the ``browser`` marker (``make test-fast`` skips them)."""
    for item in items:
        if item.path.name in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Debian Chromium for the whole session (``make setup-test`` installs it)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup-test` (scripts/install-chromium)")
    # How long an assertion waits for the page to show something (Playwright's default is 5 s).
    # The server computes while the CI machine runs two other test workers and, on a shared
    # machine, other people's work: a page update that takes seconds there is load, not a
    # defect (at a load average of about 9 on 2 cores, two settings typed back took over 15 s
    # to clear a note). How fast the page answers is for benchmarks; where the wait itself is
    # the claim (a Cancel shown at once), an in-process test makes it.
    expect.set_options(timeout=30_000)
    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        close_session_pages()
        chromium.close()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """A running `rapport app` on a free port, stopped at the end of the session. Its team
    calibration runs on a tiny budget (8 particles x 1 generation, ``RAPPORT_TEAM_BUDGET``): the
    browser tests check the upload's path, not the calibration (tests/test_calibrate.py)."""
    with serving(["app"], "server.log", {"RAPPORT_TEAM_BUDGET": "8x1"}) as url:
        yield url
