"""Executing runs of a sweep inside a worker: plain functions of plain data, picklable.

A worker gets a group of runs at once (``execute_runs``) and advances them as batched worlds
(``sim.batch``); ``execute_run`` runs one alone.
"""

from __future__ import annotations

import ctypes
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.batch import MAX_CUSTOMERS, run_worlds
from sim.machine import worker_machine
from sim.metrics import WeeklyRecord
from sim.params import Scenario, set_dotted, validate_scenario
from sim.resources import check_memory


@dataclass(frozen=True)
class RunTask:
    """Everything a worker needs for one run (no references to the planner's objects)."""

    key: str
    point: int
    replication: int
    seed: int
    values: dict[str, Any]
    base: dict[str, Any]
    metrics: tuple[str, ...]
    every: int | str
    # Names in ``values`` set past the schema's bounds (only the pattern map's effort scan).
    unchecked: tuple[str, ...] = ()
    # The world the run is in (None: a sweep without worlds) and the values it sets; they are
    # not result columns (the store keeps the worlds' values once, in worlds.parquet).
    world: int | None = None
    world_values: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunOutcome:
    """A finished run: its recorded rows (column -> list) or its error."""

    task: RunTask
    columns: dict[str, list] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0
    # The machine that ran it (``sim.machine.worker_machine``): "" if no worker returned
    # it (a group a lost worker took with it).
    machine: str = ""


def recorded_weeks(weeks: int, every: int | str) -> list[int]:
    """Week 0, every ``every``-th week, and always the final week; or only the final week."""
    if every == "final":
        return [weeks]
    return sorted(set(range(0, weeks + 1, int(every))) | {weeks})


def task_scenario(task: RunTask) -> Scenario:
    """The validated scenario of a task: its world's values, then its own (the unchecked ones
    set past the bounds)."""
    checked = {k: v for k, v in task.values.items() if k not in task.unchecked}
    scenario = validate_scenario(set_dotted(task.base, {**task.world_values, **checked}))
    if task.unchecked:
        scenario = scenario.beyond_bounds({k: task.values[k] for k in task.unchecked})
    return scenario


def task_size(task: RunTask) -> tuple[int, int]:
    """What a task's run costs: its customer-weeks (reps × customers per rep × weeks) and the
    values it records (rows × columns); read without validating, to size groups of tasks."""

    def value(name: str) -> int:
        group, leaf = name.split(".")
        return int(task.values.get(name, task.base.get(group, {}).get(leaf, 1)))

    weeks = value("simulation.weeks")
    rows = len(recorded_weeks(weeks, task.every))
    columns = 5 + len(task.values) + len(task.metrics)
    return value("reps.count") * value("customers.per_rep") * weeks, rows * columns


def fitting(scenario: Scenario) -> Scenario:
    """``scenario``, if a run of it fits in the memory left (else ``ConfigError``, one line).

    A run of more customers than a batch of worlds holds (``sim.batch.MAX_CUSTOMERS``) runs
    alone, with arrays as large as it is: it is checked as the model checks itself
    (``sim.resources.check_memory``), so that it fails with a line saying so rather than
    swapping the machine or dying of a MemoryError. Smaller runs are bounded by their batch.
    """
    if scenario.reps.count * scenario.customers.per_rep > MAX_CUSTOMERS:
        check_memory(scenario, collect_reps=False)
    return scenario


def _columns(task: RunTask, scenario: Scenario, record: WeeklyRecord) -> dict[str, list]:
    """The rows a run contributes to the results: its recorded weeks and metrics."""
    weeks = recorded_weeks(scenario.simulation.weeks, task.every)
    n = len(weeks)
    return {
        "run_key": [task.key] * n,
        "point": [task.point] * n,
        "replication": [task.replication] * n,
        "seed": [task.seed] * n,
        **{name: [value] * n for name, value in task.values.items()},
        **({} if task.world is None else {"world": [task.world] * n}),
        "week": weeks,
        # Read from the record directly: building a DataFrame per run cost more than 10 % of a
        # small run's time. Counts (``sim.metrics.COUNTS``) stay whole numbers.
        **{m: record.column(m)[weeks].tolist() for m in task.metrics},
    }


def _failed(task: RunTask, exc: Exception, seconds: float) -> RunOutcome:
    """A run that raised: its error, one line, with the place it was raised."""
    last = traceback.extract_tb(exc.__traceback__)[-1]
    where = f" ({last.filename.rsplit('/', 1)[-1]}:{last.lineno})"
    return RunOutcome(task, error=f"{type(exc).__name__}: {exc}{where}", seconds=seconds)


def execute_run(task: RunTask) -> RunOutcome:
    """Run one simulation and keep the recorded weeks; an exception becomes a failed outcome."""
    from sim.model import RapportModel  # here only: batched runs need no Mesa (worker start-up)

    started = time.perf_counter()
    try:
        scenario = task_scenario(task)
        model = RapportModel(scenario, seed=task.seed, collect_reps=False).run()
        columns = _columns(task, scenario, model.record)
        return RunOutcome(task, columns=columns, seconds=time.perf_counter() - started)
    except Exception as exc:  # a failed run is data, not a crash of the sweep
        return _failed(task, exc, time.perf_counter() - started)


M_MMAP_THRESHOLD = -3  # from glibc's <malloc.h>
MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's own ceiling for its dynamic threshold (64-bit)
_malloc_tuned = False


def allocate_large_arrays_from_the_heap() -> None:
    """Let glibc serve large blocks from the heap again in this process (once; no-op elsewhere).

    Dask's nanny starts every worker process with ``MALLOC_TRIM_THRESHOLD_=65536`` (to hand
    freed memory back to the system). Setting it also freezes glibc's mmap threshold at 128 kB,
    so every temporary array of a batch of worlds (megabytes) was mapped fresh from the kernel
    and its pages faulted in: a group of 481 default runs took 2.8 s instead of 1.0 s, and
    sweeps on Dask ran 3× slower than on local processes. Dask's trim threshold stays.
    """
    global _malloc_tuned
    if _malloc_tuned:
        return
    _malloc_tuned = True
    try:
        ctypes.CDLL(None).mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
    except (OSError, AttributeError):  # not glibc: nothing to undo
        pass


def execute_runs_on_dask(tasks: Sequence[RunTask]) -> list[RunOutcome]:
    """``execute_runs`` in a Dask worker process (``allocate_large_arrays_from_the_heap``)."""
    allocate_large_arrays_from_the_heap()
    return execute_runs(tasks)


def execute_runs(tasks: Sequence[RunTask]) -> list[RunOutcome]:
    """Run several tasks as batched worlds (``sim.batch``): the outcomes ``execute_run`` gives,
    each naming the machine that ran it (``worker_machine``; one text shared by the group, so
    it travels back from a worker once).

    Each world equals the single run of its scenario and seed, so the results do not depend on
    how runs were grouped. A task whose scenario is invalid fails alone; if the batch itself
    raises, its runs are executed one by one, so only the runs that fail are recorded as failed.
    """
    outcomes = _execute_runs(tasks)
    machine = worker_machine()
    for outcome in outcomes:
        outcome.machine = machine
    return outcomes


def _execute_runs(tasks: Sequence[RunTask]) -> list[RunOutcome]:
    started = time.perf_counter()
    outcomes: list[RunOutcome | None] = [None] * len(tasks)
    ready: list[tuple[int, Scenario]] = []
    # A point's replications share their scenario (validated once; scenarios are frozen).
    known: dict[tuple, Scenario | Exception] = {}
    for i, task in enumerate(tasks):
        same = (
            id(task.base),
            repr(sorted(task.world_values.items())),
            repr(sorted(task.values.items())),
            repr(sorted(task.unchecked)),
        )
        if same not in known:
            try:
                known[same] = fitting(task_scenario(task))
            except Exception as exc:  # an invalid run, or one that does not fit, fails alone
                known[same] = exc
        scenario = known[same]
        if isinstance(scenario, Exception):
            outcomes[i] = _failed(task, scenario, 0.0)
        else:
            ready.append((i, scenario))
    try:
        worlds = run_worlds([s for _, s in ready], [tasks[i].seed for i, _ in ready])
    except Exception:  # which world raised is unknown: run them singly, each failing alone
        for i, _ in ready:
            outcomes[i] = execute_run(tasks[i])
        return [o for o in outcomes if o is not None]
    seconds = (time.perf_counter() - started) / max(len(ready), 1)
    for (i, scenario), world in zip(ready, worlds, strict=True):
        try:
            columns = _columns(tasks[i], scenario, world.record)
            outcomes[i] = RunOutcome(tasks[i], columns=columns, seconds=seconds)
        except Exception as exc:  # e.g. a metric name the record lacks
            outcomes[i] = _failed(tasks[i], exc, seconds)
    return [o for o in outcomes if o is not None]
