"""Stopping a resumable command cleanly: Ctrl-C, SIGTERM, and an executor that is gone.

Light on purpose (no model, no executor): the command line imports it for every command.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from typing import Any

STOPS = {signal.SIGINT, signal.SIGTERM}  # the signals that stop a command


class Terminated(KeyboardInterrupt):
    """SIGTERM (``kill``, a batch system's or container's stop) where ``stop_on_sigterm`` is in
    force: raised where Ctrl-C raises KeyboardInterrupt, so that whatever saves the finished
    runs on Ctrl-C saves them on SIGTERM too. Python's default for SIGTERM ends the process at
    once, losing the buffer of finished runs and leaving the manifest unfinished."""


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """Within the block, SIGTERM raises ``Terminated`` in the main thread (elsewhere, e.g. a
    sweep started by the app, nothing changes: Python runs signal handlers in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminated(signum: int, frame: Any) -> None:
        raise Terminated

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class BackendLost(Exception):
    """The executor lost every run in flight, not because of the runs: a Dask client that lost
    its scheduler. The finished runs are saved; the lost ones were not recorded as failed and
    execute when the same command runs again. ``labels`` say what was lost, in each language."""

    def __init__(self, labels: dict[str, str]):
        self.labels = labels
        super().__init__(
            f"{labels['en']}; finished runs are saved, the others execute when the same "
            "command runs again"
        )


@contextlib.contextmanager
def ctrl_c_deferred() -> Iterator[None]:
    """Hold a Ctrl-C (SIGINT), or a SIGTERM that ``stop_on_sigterm`` turns into an exception,
    that arrives inside the block, and deliver it when the block ends.

    For steps that must happen together or not at all. Python runs signal handlers in the main
    thread only: elsewhere (a sweep started by the app) no KeyboardInterrupt can arrive, and
    nothing is deferred; nor for a signal whose handler was not set from Python (SIGINT's cannot
    be put back; SIGTERM's default ends the process, deferred or not).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {
        signum: handler
        for signum in (signal.SIGINT, signal.SIGTERM)
        if callable(handler := signal.getsignal(signum))
    }
    caught: list[int] = []
    for signum in previous:
        signal.signal(signum, lambda signum, frame: caught.append(signum))
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
        if caught:
            # Delivered again to the handler that was in place (KeyboardInterrupt by default).
            signal.raise_signal(caught[0])


@contextlib.contextmanager
def deaf_workers() -> Iterator[None]:
    """Ctrl-C and SIGTERM blocked in this thread for the block, in which a pool starts its
    workers: each is born with them blocked until ``start_worker`` sets its own handlers. A
    spawned worker takes a second to import before its initializer runs, and a Ctrl-C to the
    group in that second printed its KeyboardInterrupt traceback under the command's one line;
    a forked one keeps its parent's handlers until then, and a stop's SIGTERM in that moment
    printed "Exception in initializer" with a traceback. A signal meanwhile still reaches this
    process (another thread takes it, or this one once the block ends)."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)
