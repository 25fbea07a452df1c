"""How the page's own threads and handlers change it (``PageChange``: under the lock of the
browser's messages, in one render), the page's long-lived threads (``use_page_thread``: the
play loop, the classroom's watchers), and one helper for its background computations
(``use_job``: the effort curve, the what-if).

A job runs in a thread, reports its progress, is cancelled when the page asks again or goes
away, and keeps its last answer with the question it answered.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import reacton.core
import solara
from solara.server import kernel_context

# Progress is sent to the page in steps of this fraction, and at most this often (the latest,
# within that time): each step sent renders the whole page (about a tenth of a second in the
# job's thread), and a quick computation (the effort curve, 0.4 s) spent three times its own
# time rendering its progress.
PROGRESS_STEP = 0.02
PROGRESS_SECONDS = 0.25
LOG = logging.getLogger(__name__)


class PageChange:
    """Changes to a page, made as the handling of a message from its browser: under the lock
    Solara handles the browser's messages with, and rendered once, when the last one is made.

    Made during the page's render, then entered (``with``) by a thread of the page's own (the
    play loop, a computation's progress) around what it changes, or by an event handler that
    changes several things. Unheld, a render in the play loop that had read
    a slider's position just before the browser reported a newer one sent the older one back:
    dragged while the run played, the thumb jumped back under the hand, and its release
    reported 14 h where the hand had stopped at 13 h. Unbatched, a week played rendered the
    whole page twice (the address, then the charts). Rendered in-process (no server, no page),
    there is no lock to hold; the renders are batched all the same.
    """

    def __init__(self) -> None:
        # the page being rendered: its kernel's lock and its render context
        context = (
            kernel_context.get_current_context() if kernel_context.has_current_context() else None
        )
        self._lock = context.lock if context is not None else None
        self._renders = reacton.core.get_render_context(required=False)

    def __enter__(self) -> None:
        if self._lock is not None:
            self._lock.acquire()
        if self._renders is not None:
            self._renders.__enter__()

    def __exit__(self, *raised: Any) -> None:
        try:
            if self._renders is not None:
                self._renders.__exit__(*raised)  # the one render, still under the lock
        finally:
            if self._lock is not None:
                self._lock.release()


class ShownProgress:
    """A job's progress as its page shows it: a report is shown at once if the last one shown
    was ``PROGRESS_SECONDS`` ago, else by a timer when it was (the latest reported by then), so
    that a burst of reports renders once and none is left unshown for longer."""

    def __init__(self, progress: solara.Reactive[float], in_page: PageChange) -> None:
        self._progress = progress
        self._in_page = in_page
        self._guard = threading.Lock()  # taken inside the page's lock, never around it
        self._shown = 0.0
        self._at = time.monotonic()
        self._latest = 0.0
        self._timer: threading.Timer | None = None
        self._stopped = False

    def report(self, fraction: float) -> None:
        with self._guard:
            self._latest = fraction
            if fraction - self._shown < PROGRESS_STEP or self._timer is not None:
                return
            wait = self._at + PROGRESS_SECONDS - time.monotonic()
            if wait > 0:
                self._timer = threading.Timer(wait, self._show)
                self._timer.daemon = True
                self._timer.start()
                return
        self._show()

    def stop(self) -> None:
        """No more progress (the job ended or was cancelled): a waiting timer shows nothing."""
        with self._guard:
            self._stopped = True
            if self._timer is not None:
                self._timer.cancel()

    def _show(self) -> None:
        with self._in_page, self._guard:
            self._timer = None
            if self._stopped or self._latest - self._shown < PROGRESS_STEP:
                return
            self._shown, self._at = self._latest, time.monotonic()
            self._progress.set(self._shown)  # rendered as the page's lock is let go


def use_page_thread(loop: Callable[[threading.Event], None], dependencies: list[Any]) -> None:
    """A solara hook: ``loop(stop)`` in a thread of the page's own, started when the component
    is first shown and again when ``dependencies`` change; ``stop`` is set when they change or
    the page goes away. The thread changes the page only as ``loop`` does (under
    ``PageChange``): solara's ``use_thread`` also rendered the page as its thread started,
    without the lock of the browser's messages."""

    def begin() -> Callable[[], None]:
        stop = threading.Event()
        threading.Thread(target=loop, args=(stop,), name="rapport-page", daemon=True).start()
        return stop.set

    solara.use_effect(begin, dependencies)


@dataclass(frozen=True)
class Job:
    """What a panel needs to know about its background computation, and how to drive it.

    Attributes:
        running: whether a computation asked for is still going (not after a cancel, even while
            the cancelled thread finishes the step it is in).
        cancelled: whether the last computation asked for was cancelled (until the next start):
            the panel then says so instead of showing an earlier answer.
        progress: its fraction done (0–1).
        answer: the last result as ``(result, question)``, or None.
        error: what the last computation raised, if anything.
        started: when the last computation was asked for (``time.monotonic``; 0 if never).
        start: ask for ``compute(question)``; a running one is cancelled.
        clear: forget the last answer.
        cancel: stop a running computation (the last answer stays, ``cancelled`` is set).
    """

    running: bool
    cancelled: bool
    progress: float
    answer: tuple[Any, Any] | None
    error: BaseException | None
    started: float
    start: Callable[[Any], None]
    clear: Callable[[], None]
    cancel: Callable[[], None]


def use_job(
    compute: Callable[[Any, Callable[[float], None]], Any],
    on_answer: Callable[[Any], None] | None = None,
) -> Job:
    """A solara hook: run ``compute(question, report)`` in the background when started.

    ``compute`` calls ``report(fraction)`` now and then; once the job is cancelled (asked again,
    or the page closed) that call raises InterruptedError, which ends the computation quietly.
    ``on_answer(result)``, if given, is called with the job's end, in its render (what else the
    page keeps of the answer: the team panel's calibrated team), and not once it is cancelled.

    Its thread changes the page only under ``PageChange``: its start, its progress (at most
    every ``PROGRESS_SECONDS``) and its end, each in one render. (solara's ``use_thread``, used
    before, also rendered the page as its thread started and finished, three more renders of a
    quick computation, and did so without the lock of the browser's messages.)
    """
    running = solara.use_reactive(False)
    progress = solara.use_reactive(0.0)
    answer = solara.use_reactive(None)
    error = solara.use_reactive(None)
    cancelled = solara.use_reactive(False)
    latest = solara.use_ref(None)  # the last computation asked for: (its thread, its cancel)
    started = solara.use_ref(0.0)
    in_page = PageChange()  # held only while the job changes the page, never while it computes

    def work(question: Any, cancel: threading.Event, before: threading.Thread | None) -> None:
        if before is not None:
            before.join()  # a cancelled computation still in a step that does not report
        shown = ShownProgress(progress, in_page)

        def report(fraction: float) -> None:
            if cancel.is_set():
                raise InterruptedError
            shown.report(fraction)

        try:
            if cancel.is_set():  # cancelled while it waited
                return
            result = compute(question, report)
        except InterruptedError:
            shown.stop()
            return
        except Exception as raised:
            shown.stop()
            LOG.exception("a background computation failed")
            with in_page:
                if not cancel.is_set():
                    error.set(raised)
                    running.set(False)
            return
        shown.stop()
        with in_page:  # its end and its answer in one render; not wanted once cancelled
            if not cancel.is_set():
                progress.set(1.0)
                answer.set((result, question))
                running.set(False)
                if on_answer is not None:
                    on_answer(result)

    def start(question: Any) -> None:
        before = latest.current
        if before is not None:
            before[1].set()
        cancel = threading.Event()
        thread = threading.Thread(
            target=work,
            args=(question, cancel, None if before is None else before[0]),
            name="rapport-job",
            daemon=True,
        )
        latest.current = (thread, cancel)
        started.current = time.monotonic()
        with in_page:  # one render, not four
            progress.set(0.0)
            cancelled.set(False)
            error.set(None)
            running.set(True)
        thread.start()

    def cancel() -> None:
        # Shown at once: the thread may still be in a step that does not report (an import, a
        # database being set up) and stops at its next report, but the page no longer offers to
        # cancel what the user has cancelled. A start after it waits for that thread.
        if latest.current is not None:
            latest.current[1].set()
        with in_page:
            cancelled.set(True)
            running.set(False)

    def stop_when_closed() -> Callable[[], None]:
        def stop() -> None:
            if latest.current is not None:
                latest.current[1].set()

        return stop

    solara.use_effect(stop_when_closed, [])
    return Job(
        running=running.value,
        cancelled=cancelled.value,
        progress=progress.value,
        answer=answer.value,
        error=error.value,
        started=started.current,
        start=start,
        clear=lambda: answer.set(None),
        cancel=cancel,
    )


def job_moment(job: Job) -> str | None:
    """Where a job stands, as its announcement names it: "running", "cancelled", "failed",
    "answered", or None before it was ever started (or after its answer was cleared)."""
    if job.cancelled:
        return "cancelled"
    if job.running:
        return "running"
    if job.error is not None:
        return "failed"
    return "answered" if job.answer is not None else None


# A job still running after this many seconds is long: a screen reader is also told, once each,
# when it is a quarter, half and three quarters done (a short one says only its start and end).
LONG_SECONDS = 15.0


def quarters_said(fraction: float, elapsed: float) -> int:
    """The last quarter (1–3) of a job read out as done once ``fraction`` of it is done after
    ``elapsed`` seconds: none (0) before it is long (``LONG_SECONDS``), and never its end, which
    its answer says."""
    if elapsed < LONG_SECONDS:
        return 0
    return min(int(fraction * 4 + 1e-9), 3)


def progress_moment(job: Job, now: float | None = None) -> tuple[str, int] | None:
    """Where a job stands, as it is read out: ``job_moment``, and while it runs the quarter
    last said done (``quarters_said``; ``now`` is ``time.monotonic()`` unless given)."""
    moment = job_moment(job)
    if moment is None:
        return None
    if moment != "running":
        return moment, 0
    now = time.monotonic() if now is None else now
    return moment, quarters_said(job.progress, now - job.started)
