"""Executing a planned sweep on any ``concurrent.futures``-style executor, streaming to disk.

Only the missing runs execute; finished runs are flushed to the store in durable chunks; a run
that raises is recorded as failed and the rest go on; a worker process that dies has its runs
resubmitted on a fresh pool. Runs travel in groups executed as batched worlds (``grouped``). At
most a bounded number of groups is in flight, so memory stays flat however large the sweep.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import logging
import multiprocessing.connection
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import (
    FIRST_COMPLETED,
    CancelledError,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tqdm import tqdm

from experiments.config import ADDRESS, nobody_listens
from experiments.interrupts import STOPS, BackendLost, ctrl_c_deferred, deaf_workers
from experiments.runner import (
    RunOutcome,
    RunTask,
    execute_runs,
    execute_runs_on_dask,
    task_size,
)
from experiments.store import ResultStore
from experiments.sweep_texts import counted, duration, number, say
from sim.params import ConfigError
from sim.texts import LANGUAGES

FLUSH_SECONDS = 5.0
LOG_SECONDS = 10.0
# From this much time left, a progress line also says the clock time it expects to end.
UNTIL_SECONDS = 600.0
WORKERS_SECONDS = 2.0  # how often a sweep asks a Dask scheduler how many workers it has
# How long a stop waits for a local pool's manager thread once its workers are terminated
# (milliseconds in practice; the bound only keeps a wedged pool from holding the exit).
MANAGER_SECONDS = 10.0
# How long a stop gives terminated local workers to end before it kills them: a worker ends on
# SIGTERM in milliseconds, but one still starting (before ``start_worker``) holds SIGTERM
# blocked (``deaf_workers``), and Python's exit would wait for it.
TERMINATE_SECONDS = 1.0


class SerialExecutor(Executor):
    """Runs each task at submission, in this process: the reference for every other backend.

    A Ctrl-C during a task propagates from ``submit`` at once: kept in the future, it let the
    sweep run the next groups it submitted before it looked at the first one's result.
    """

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:
            future.set_exception(exc)
        return future


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


def start_worker(parent: int | None = None) -> None:
    """Initialise a local worker process: it follows its parent, in Ctrl-C and in death.

    Args:
        parent: the process that started the pool; None for the one that started this worker
            (a fork server, which ends with the process that started it).
    """
    parent = os.getppid() if parent is None else parent
    # Ctrl-C goes to the whole process group: workers leave it to the parent, which saves
    # finished runs and shuts them down.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A fork keeps the parent's SIGTERM handler (``stop_on_sigterm``), which would raise in a
    # worker's task: a worker stopped by SIGTERM just ends, and its runs execute again on resume.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    # A worker started inside ``deaf_workers`` was born with both blocked: a Ctrl-C pending
    # since is dropped now, a SIGTERM ends it now.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPS)
    # A parent killed with SIGKILL cannot stop its workers: the kernel does (Linux), or a
    # watchdog thread that sees the worker adopted by another process (elsewhere).
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        followed = libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    except (OSError, AttributeError):  # not Linux
        followed = False
    if not followed:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the worker could follow it
        os._exit(1)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def worker_count(
    workers: int | str, *, oversubscribe: bool = False, lang: str = "en"
) -> tuple[int, str | None]:
    """The local worker processes to start, and a note in ``lang`` if fewer than asked (one per
    core)."""
    cores = available_cores()
    if workers == "auto":
        return cores, None
    count = int(workers)
    if count > cores and not oversubscribe:
        return cores, say(
            "workers",
            lang,
            asked=number(count, lang),
            cores=counted("count.cores", cores, lang),
            starting=number(cores, lang),
        )
    return count, None


DASK_TIMEOUT_SECONDS = 10.0


def dask_client(address: str, lang: str = "en") -> tuple[Any, str | None]:
    """A client of the Dask scheduler at ``address``, or None and why it cannot be reached: at
    once when nobody listens there, else after Dask's own timeout of 10 s (also when something
    that is not a Dask scheduler listens there, e.g. its dashboard's web server). A scheduler
    without workers is said in ``lang``; why one cannot be reached is a refusal's, English."""
    from distributed import Client  # optional heavy dependency: only for a Dask cluster

    reason = nobody_listens(address) or no_dask_handshake(address, DASK_TIMEOUT_SECONDS)
    if reason is not None:
        return None, reason
    try:
        client = Client(address, timeout=f"{DASK_TIMEOUT_SECONDS:g}s")
    except (OSError, ValueError, TypeError) as exc:
        return None, " ".join(str(exc).split())[:160]
    if not client.scheduler_info().get("workers"):
        # Dask lets tasks wait until a worker joins: without this line the command sat silent.
        print(say("dask.idle", lang, address=address), file=sys.stderr, flush=True)
    return client, None


def no_dask_handshake(address: str, seconds: float) -> str | None:
    """Why ``address`` does not answer as a Dask scheduler within ``seconds``, or None if it does.

    Dask's client waits for the scheduler's handshake without a timeout of its own: pointed at
    another service that accepts the connection and waits for a request (a web server, such as
    the scheduler's own dashboard on port 8787), ``Client(address, timeout=...)`` waited for
    good. Here the same connection and handshake run under a deadline, in an event loop of
    their own (a thread: whatever loop runs in the caller's thread is left alone).
    """
    from distributed.comm import connect  # optional heavy dependency: only for a Dask cluster

    async def handshake() -> None:
        comm = await connect(address, timeout=seconds)
        await comm.close()

    async def within_deadline() -> None:
        await asyncio.wait_for(handshake(), seconds)

    with ThreadPoolExecutor(1) as pool:
        try:
            pool.submit(asyncio.run, within_deadline()).result()
        except TimeoutError:
            if not accepts_connections(address):
                return (
                    f"no answer within {seconds:g} s; is the host up, and its port open to "
                    "this machine?"
                )
            return (
                f"something listens there but gave no Dask handshake within {seconds:g} s; "
                "is it the scheduler's port (8786 by default), not its dashboard's or another "
                "service's?"
            )
        except (OSError, ValueError, TypeError) as exc:
            return " ".join(str(exc).split())[:160]
    return None


def accepts_connections(address: str) -> bool:
    """Whether a TCP connection to ``address`` (``tcp://host:port``) opens within a second."""
    match = ADDRESS.fullmatch(address.strip())
    if match is None:
        return True  # not an address this can try: say what the handshake said
    try:
        with socket.create_connection((match.group(2).strip("[]"), int(match.group(3))), 1):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def open_executor(
    workers: int | str = "auto",
    address: str | None = None,
    *,
    oversubscribe: bool = False,
    lang: str = "en",
    given: str = "execution.address",
) -> Iterator[Any]:
    """Yield a factory of executors: serial, local processes, or a Dask cluster at ``address``.

    It is a factory because a process pool whose worker died must be replaced. Local workers
    are capped at the cores available unless ``oversubscribe``. What it says is in ``lang``; a
    scheduler out of reach is refused naming where its address was ``given`` (the file's key,
    or "--address").
    """
    if address:
        client, reason = dask_client(address, lang)
        if client is None:
            raise ConfigError(
                f"{given}: cannot reach the Dask scheduler at {address} ({reason})"
            ) from None
        # the scheduler may die while the client gathers: Tornado logs that with its traceback
        with without_lost_connections():
            try:
                yield Backend(
                    # pure=False: a random task key. Dask's default hashes every argument to name
                    # the task (each run's whole base scenario: 4.4 CPU s of 5.9 s wall in the
                    # submitting process for the 3,840-run Sobol subset, on the cores the workers
                    # need; 1.3 of 3.7 s without).
                    make=lambda: client.get_executor(pure=False),
                    labels=labels("backend.dask", address=address),
                    slots=_dask_workers(client),
                    run=execute_runs_on_dask,
                    # Dask cancels every future when the client loses its scheduler, then tries to
                    # reconnect for its timeout and closes the client.
                    gone=lambda: client.status != "running",
                    lost_labels=labels("lost.dask", address=address),
                    workers=lambda: _dask_workers_now(client),
                    address=address,
                )
            finally:
                if client.status == "running":
                    client.close()
                else:
                    # Without its scheduler the client is still trying to reconnect; closing it
                    # cancels that, which Dask logs as an error with two tracebacks (under the
                    # command's one line that says what happened).
                    with quiet_logs("distributed.client", "distributed.utils"):
                        client.close()
        return
    count, note = worker_count(workers, oversubscribe=oversubscribe, lang=lang)
    if note:
        print(note, file=sys.stderr, flush=True)
    if count <= 1:
        yield Backend(SerialExecutor, labels("backend.serial"), 1)
        return
    yield Backend(
        lambda: WorkerPool(count),
        labels("backend.local", count=count),
        count,
    )


class _LostConnection(logging.Filter):
    """Drops a log record of a connection to the scheduler that closed (Dask's
    ``CommClosedError``): Tornado logs it with its traceback when the scheduler dies while the
    client gathers results (seen in CI), and the sweep says itself, in one line, that it lost
    the scheduler."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        return not (exc is not None and type(exc).__name__ == "CommClosedError")


@contextlib.contextmanager
def without_lost_connections(name: str = "tornado.application") -> Iterator[None]:
    """Within the block, the logger ``name`` drops records of closed connections
    (``_LostConnection``); other errors pass as before."""
    logger, dropping = logging.getLogger(name), _LostConnection()
    logger.addFilter(dropping)
    try:
        yield
    finally:
        logger.removeFilter(dropping)


@contextlib.contextmanager
def quiet_logs(*names: str) -> Iterator[None]:
    """Within the block, the loggers ``names`` log nothing below CRITICAL."""
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def labels(key: str, **values: Any) -> dict[str, str]:
    """A backend's name (``sweep_texts`` ``key``) in every language."""
    return {
        lang: say(
            key,
            lang,
            **{k: number(v, lang) if isinstance(v, int) else v for k, v in values.items()},
        )
        for lang in LANGUAGES
    }


def _dask_workers(client) -> int:
    try:
        return max(
            1, sum(w.get("nthreads", 1) for w in client.scheduler_info()["workers"].values())
        )
    except Exception:  # scheduler info unavailable: assume one
        return 1


def _dask_workers_now(client) -> int | None:
    """The workers the scheduler has now (a round trip), None when it cannot be asked."""
    if client.status != "running":
        return None
    try:
        return client.scheduler_info(n_workers=0).get("n_workers")
    except OSError:
        return None


@dataclass
class Backend:
    """How to make an executor, what to call it, and how many runs it can take at once."""

    make: Callable[[], Executor]
    labels: dict[str, str]  # its name in each language
    slots: int
    # What a worker calls with a group of runs.
    run: Callable[[list[RunTask]], list[RunOutcome]] = execute_runs
    # Whether the executor itself is gone (a Dask client without its scheduler), asked when a
    # group's future was cancelled by the backend.
    gone: Callable[[], bool] = lambda: False
    # How many workers it has now, where that can change while runs wait (a Dask cluster); None
    # when unknown.
    workers: Callable[[], int | None] = lambda: None
    address: str | None = None  # a Dask scheduler's
    lost_labels: dict[str, str] = field(default_factory=dict)  # what ``gone`` means, per language

    @property
    def label(self) -> str:
        """Its name in English, as the manifest records it (the same in every language)."""
        return self.labels["en"]


@dataclass
class Progress:
    """Counts for the progress display and the final summary."""

    total: int
    skipped: int = 0
    done: int = 0
    failed: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def finished(self) -> int:
        return self.done + self.failed

    def eta(self) -> float | None:
        todo = self.total - self.skipped
        if self.finished == 0:
            return None
        elapsed = time.monotonic() - self.started
        return elapsed / self.finished * (todo - self.finished)


class _Bar(tqdm):
    """tqdm's bar with its counts and rate in ``lang``'s notation: "12.345", "17,95 Läufe/s",
    "1,50 s/Lauf" (``progress.rate``, ``progress.rate.inverse``); the rest (times, the bar) is
    tqdm's own. For German: the English bar is tqdm's own, as it always was."""

    # tqdm's own right-hand side, ``| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}
    # {postfix}]``, with this bar's counts and rate
    BAR_FORMAT = "{l_bar}{bar}| {n_text}/{total_text} [{elapsed}<{remaining}, {rate_text}{postfix}]"

    def __init__(self, *args: Any, lang: str, **kwargs: Any) -> None:
        self.lang = lang  # before tqdm's own set-up, which draws the bar a first time
        super().__init__(*args, bar_format=self.BAR_FORMAT, **kwargs)

    @property
    def format_dict(self) -> dict[str, Any]:
        """tqdm's values, and the texts ``BAR_FORMAT`` adds (tqdm passes them through)."""
        values = super().format_dict
        lang, n, total = self.lang, values["n"], values["total"]
        # the rate as tqdm takes it: its smoothed rate, else the mean since the start
        rate = values["rate"]
        if rate is None and values["elapsed"]:
            rate = (n - values["initial"]) / values["elapsed"]
        if rate and 1 / rate > 1:
            rate_text = say("progress.rate.inverse", lang, rate=number(1 / rate, lang, ".2f"))
        else:
            shown = number(rate, lang, ".2f") if rate else "?"
            rate_text = say("progress.rate", lang, rate=shown)
        return {
            **values,
            "n_text": number(n, lang),
            "total_text": "?" if total is None else number(total, lang),
            "rate_text": rate_text,
        }


class Reporter:
    """A progress bar on a terminal, plain periodic log lines otherwise (in ``lang``)."""

    def __init__(self, progress: Progress, stream=None, quiet: bool = False, lang: str = "en"):
        self.progress = progress
        # the standard error of the moment of the call (a default bound at import would keep
        # the one a test's capture or a redirection had replaced)
        self.stream = stream = sys.stderr if stream is None else stream
        self.quiet = quiet
        self.lang = lang
        self.bar = None
        self.last_log = time.monotonic()
        if not quiet and stream.isatty():
            bar = dict(
                total=progress.total - progress.skipped,
                unit=say("progress.unit", lang),
                file=stream,
                dynamic_ncols=True,
            )
            self.bar = tqdm(**bar) if lang == "en" else _Bar(**bar, lang=lang)

    def _counts(self) -> str:
        p, lang = self.progress, self.lang
        return say(
            "progress.counts",
            lang,
            done=number(p.done, lang),
            failed=number(p.failed, lang),
            skipped=number(p.skipped, lang),
        )

    def update(self, count: int = 1) -> None:
        if self.quiet:
            return
        if self.bar is not None:
            self.bar.update(count)
            self.bar.set_postfix_str(self._counts(), refresh=False)
            return
        now = time.monotonic()
        if now - self.last_log >= LOG_SECONDS:
            self.last_log = now
            self.log()

    def log(self) -> None:
        p, lang = self.progress, self.lang
        eta = p.eta()
        eta_text = "?" if eta is None else duration(eta, lang)
        if eta is not None and eta >= UNTIL_SECONDS:  # a long sweep's log says when it ends
            clock = (datetime.now() + timedelta(seconds=eta)).strftime("%H:%M")
            eta_text = say("progress.until", lang, left=eta_text, clock=clock)
        todo = p.total - p.skipped
        print(
            say(
                "progress",
                lang,
                finished=number(p.finished, lang),
                todo=number(todo, lang),
                counts=self._counts(),
                eta=eta_text,
            ),
            file=self.stream,
            flush=True,
        )

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


class Buffer:
    """Finished runs waiting to be written as one chunk."""

    def __init__(self, store: ResultStore, chunk_runs: int):
        self.store = store
        self.chunk_runs = chunk_runs
        # Per machine that ran them (``RunOutcome.machine``), one entry per run, appended in one
        # step: each chunk holds the runs of one machine and names it in its metadata, so the
        # folder says which machine computed each run even after a command killed outright.
        self.outcomes: dict[str, list[dict[str, list]]] = {}
        self.failures: list[dict[str, Any]] = []
        # When the oldest run waiting was added (None: none waits). Timed from the run, not from
        # the last write: a first group that arrived after a slow start was written as soon as
        # its first run came in, a chunk of one run.
        self.oldest: float | None = None

    def add(self, outcome: RunOutcome) -> dict[str, Any] | None:
        """Keep a finished run; return its failure record if it failed."""
        task = outcome.task
        failure = None
        if outcome.error is not None:
            failure = {
                "run_key": task.key,
                "point": task.point,
                "replication": task.replication,
                "seed": task.seed,
                "parameters": task.values,
                "error": outcome.error,
            }
            self.failures.append(failure)
        else:
            self.outcomes.setdefault(outcome.machine, []).append(outcome.columns)
        now = time.monotonic()
        self.oldest = now if self.oldest is None else self.oldest
        waiting = sum(len(runs) for runs in self.outcomes.values())
        if waiting >= self.chunk_runs or now - self.oldest > FLUSH_SECONDS:
            self.flush()
        return failure

    def flush(self) -> None:
        """Write the waiting runs as one chunk per machine that ran them (and the failures as
        another), then forget them.

        A Ctrl-C waits until all are done: raised between a chunk's rename into place and the
        buffer's emptying, it made the sweep's final flush write the same runs a second time.
        """
        with ctrl_c_deferred():
            for machine, runs in self.outcomes.items():
                columns = {name: [v for run in runs for v in run[name]] for name in runs[0]}
                self.store.append_results(columns, machine=machine)
            if self.failures:
                self.store.append_failures(self.failures)
            self.outcomes, self.failures, self.oldest = {}, [], None


# A task (a group of runs sent to a worker at once) holds about this many customer-weeks, about
# a second of batched simulation, and at most this many recorded values (what a group in flight
# holds in memory); every slot still gets at least two tasks when runs are few.
TASK_CUSTOMER_WEEKS = 20_000_000
TASK_VALUES = 50_000
TASK_RUNS = 512


def grouped(tasks: Iterator[RunTask], todo: int, slots: int) -> Iterator[list[RunTask]]:
    """``tasks`` in groups sized for the executor (``TASK_CUSTOMER_WEEKS``, ``TASK_VALUES``,
    ``TASK_RUNS``).

    One ~10 ms run per task costs a Dask cluster more in scheduling than the run itself; a
    group of them is run as batched worlds (``execute_runs``) for a fraction of their single
    cost.
    """
    most = max(1, min(TASK_RUNS, todo // (2 * max(slots, 1))))
    group: list[RunTask] = []
    cost = values = 0
    for task in tasks:
        group.append(task)
        customer_weeks, recorded = task_size(task)
        cost += customer_weeks
        values += recorded
        if len(group) >= most or cost >= TASK_CUSTOMER_WEEKS or values >= TASK_VALUES:
            yield group
            group, cost, values = [], 0, 0
    if group:
        yield group


def execute(
    tasks: Iterator[RunTask],
    backend: Backend,
    store: ResultStore,
    progress: Progress,
    *,
    chunk_runs: int = 200,
    reporter: Reporter | None = None,
    lang: str = "en",
) -> list[dict[str, Any]]:
    """Execute ``tasks`` (only the missing ones), streaming outcomes into ``store``.

    Runs go to the executor in groups (``grouped``), each executed as batched worlds. Returns
    the failures. A KeyboardInterrupt saves every finished run before it propagates. What it
    says (a worker that died) is in ``lang``.
    """
    buffer = Buffer(store, chunk_runs)
    reporter = reporter or Reporter(progress, quiet=True)
    window = max(4, 4 * backend.slots)
    failures: list[dict[str, Any]] = []
    groups = grouped(tasks, progress.total - progress.skipped, backend.slots)
    executor = backend.make()
    in_flight: dict[Future, list[RunTask]] = {}
    retry: list[list[RunTask]] = []
    lost = False
    # A cluster that loses its last worker lets the runs wait without a word: said once each
    # time it happens (none at the start was said when the cluster was reached).
    idle, looked = backend.workers() == 0, time.monotonic()
    ended = False  # the loop ran to its end: no signal or error is propagating
    try:
        while not lost:
            broken = False
            while len(in_flight) < window:
                group = retry.pop() if retry else next(groups, None)
                if group is None:
                    break
                try:
                    in_flight[executor.submit(backend.run, group)] = group
                except BrokenProcessPool:  # a worker died since the last look
                    retry.append(group)
                    broken = True
                    break
            if not in_flight and not broken:
                break
            finished: set[Future] = set()
            if in_flight:
                finished, _ = wait(in_flight, timeout=1.0, return_when=FIRST_COMPLETED)
            for future in finished:
                group = in_flight.pop(future)
                try:
                    outcomes = future.result()
                except BrokenProcessPool:
                    retry.append(group)
                    broken = True
                    continue
                except CancelledError:
                    # Cancelled by the backend, not by the sweep: Dask cancels every future
                    # when its client loses the scheduler. The runs did not fail; they execute
                    # on resume. (Any other cancellation is retried.)
                    if backend.gone():
                        lost = True
                    else:
                        retry.append(group)
                    continue
                except Exception as exc:  # the backend lost the runs (e.g. a worker died)
                    error = f"{type(exc).__name__}: {exc}"
                    outcomes = [RunOutcome(task, error=error) for task in group]
                # A Ctrl-C waits until the group's runs are all in the buffer: the final flush
                # saves them all, not those before the first chunk that was written.
                with ctrl_c_deferred():
                    for outcome in outcomes:
                        failure = buffer.add(outcome)
                        if failure is None:
                            progress.done += 1
                        else:
                            progress.failed += 1
                            failures.append(failure)
                    reporter.update(len(outcomes))
            if in_flight and time.monotonic() - looked >= WORKERS_SECONDS:
                looked, workers = time.monotonic(), backend.workers()
                if workers == 0 and not idle:
                    print(
                        say("dask.gone", lang, address=backend.address), file=sys.stderr, flush=True
                    )
                idle = workers == 0 if workers is not None else idle
            if broken and not lost:
                # A worker process died: every run still in flight on that pool is lost with it.
                retry.extend(in_flight.values())
                in_flight.clear()
                shut_down(executor)
                print(say("died", lang), file=sys.stderr, flush=True)
                executor = backend.make()
        ended = True
    finally:
        buffer.flush()
        # Interrupted (Ctrl-C) with groups still executing: stop them rather than let them run
        # on. Python's exit would wait for a local pool's workers to finish them, seconds to
        # minutes after the flush above, and throw their runs away (a second Ctrl-C then hung
        # in that wait). They execute again on resume. Stopped by a signal, the workers end
        # even with no group recorded in flight: one raised by the submit that had just handed
        # a group over (``WorkerPool.submit`` delivers a Ctrl-C as it returns) left it unrecorded.
        stop = bool(in_flight) or not ended
        shut_down(executor, stop_running=stop, gone=lost or backend.gone())
    if lost:
        raise BackendLost(backend.lost_labels)
    return failures


class WorkerPool(ProcessPoolExecutor):
    """Local worker processes that follow this one: born with Ctrl-C and SIGTERM blocked (every
    ``submit``, and so ``map``, runs inside ``deaf_workers``, since a submit may start a worker),
    then ``start_worker`` (or an ``initializer`` that calls it) sets their handlers, unblocks
    them and ties each worker to its parent. Without the block a signal in the moment between a
    worker's start and its initializer (a forked worker's millisecond, a spawned one's second of
    imports) printed that worker's traceback under the command's one line.

    Without ``mp_context`` the workers are forked where the system can (as the pool's callers
    expect: a worker in milliseconds, the parent's loaded kernels), whatever the process's
    default start method: ``mesa.batch_run`` sets that to "spawn" for the whole process, and
    a sweep run after it in the same process (a notebook comparing both) started every worker
    by spawning, importing everything again, and could not hand over a local function."""

    def __init__(
        self,
        workers: int,
        mp_context: Any = None,
        initializer: Callable[..., None] | None = None,
        initargs: tuple = (),
    ) -> None:
        if initializer is None:  # workers that follow this process
            initializer, initargs = start_worker, (os.getpid(),)
        if mp_context is None and "fork" in multiprocessing.get_all_start_methods():
            mp_context = multiprocessing.get_context("fork")
        super().__init__(workers, mp_context=mp_context, initializer=initializer, initargs=initargs)

    def submit(self, fn, /, *args, **kwargs):
        # A Ctrl-C is delivered after the submit, not inside the pool's bookkeeping: raised
        # between starting a worker and recording it, it left a worker no stop could end.
        with ctrl_c_deferred(), deaf_workers():
            return super().submit(fn, *args, **kwargs)


@contextlib.contextmanager
def stopped_when_interrupted[P: Executor](pool: P | None) -> Iterator[P | None]:
    """``pool`` (None: no pool) for the block, shut down as the block ends: once its tasks are
    done, or, if the block raised (Ctrl-C, or SIGTERM under ``stop_on_sigterm``), at once with
    its worker processes ended (``shut_down``). A pool's ``with`` or ``shutdown()`` would wait
    for the tasks its workers hold, whose results nobody will read."""
    if pool is None:
        yield pool
        return
    try:
        yield pool
    except BaseException:
        shut_down(pool, stop_running=True)
        raise
    pool.shutdown(cancel_futures=True)


def shut_down(executor: Executor, stop_running: bool = False, gone: bool = False) -> None:
    """Stop an executor without waiting for runs still in flight (they are resubmitted later);
    ``stop_running`` also ends a local pool's worker processes, which would otherwise finish
    the groups they hold before the interpreter may exit (and this call, which waits up to
    ``MANAGER_SECONDS`` for the pool's manager thread). An executor that is ``gone`` (a Dask
    client without its scheduler) has nothing left to cancel, and cannot send the request."""
    if gone:
        return
    processes = list((getattr(executor, "_processes", None) or {}).values())
    manager = getattr(executor, "_executor_manager_thread", None)  # shutdown() forgets it
    try:
        executor.shutdown(wait=False, cancel_futures=True)
    except TypeError:  # executors without cancel_futures, e.g. Dask's
        executor.shutdown(wait=False)
    if stop_running:
        for process in processes:
            process.terminate()
        # A worker still starting has SIGTERM blocked until its initializer (``deaf_workers``).
        left = {p.sentinel: p for p in processes}
        deadline = time.monotonic() + TERMINATE_SECONDS
        while left and (remaining := deadline - time.monotonic()) > 0:
            for sentinel in multiprocessing.connection.wait(list(left), remaining):
                del left[sentinel]
        for process in left.values():
            process.kill()
    # The pool's manager thread sees its workers end and closes its wake-up pipe; Python's exit
    # writes to that pipe without the pool's lock (CPython 3.12.1), so an exit racing the close
    # printed "OSError: Bad file descriptor" with a traceback after a Ctrl-C. Once the thread
    # has ended the pipe is marked closed and the exit leaves it alone. With no run executing
    # (the workers stopped, finished or dead) it ends in milliseconds.
    if manager is not None:
        manager.join(MANAGER_SECONDS)
