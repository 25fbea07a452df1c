"""Executing one run of a sweep inside a worker: a plain function of plain data, picklable."""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sim.model import RapportModel
from sim.params import set_dotted, validate_scenario


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


def recorded_weeks(weeks: int, every: int | str) -> list[int]:
    """Week 0, every ``every``-th week, and always the final week; or only the final week."""
    if every == "final":
        return [weeks]
    return sorted(set(range(0, weeks + 1, int(every))) | {weeks})


def execute_run(task: RunTask) -> RunOutcome:
    """Run one simulation and keep the recorded weeks; an exception becomes a failed outcome."""
    started = time.perf_counter()
    try:
        checked = {k: v for k, v in task.values.items() if k not in task.unchecked}
        scenario = validate_scenario(set_dotted(task.base, {**task.world_values, **checked}))
        if task.unchecked:
            scenario = scenario.beyond_bounds({k: task.values[k] for k in task.unchecked})
        model = RapportModel(scenario, seed=task.seed, collect_reps=False).run()
        weeks = recorded_weeks(scenario.simulation.weeks, task.every)
        # The collected values as ``weekly_frame`` holds them (row i is week i), read directly:
        # building that DataFrame for every run cost more than 10 % of a small run's time.
        collected = model.datacollector.model_vars
        n = len(weeks)
        columns: dict[str, list] = {
            "run_key": [task.key] * n,
            "point": [task.point] * n,
            "replication": [task.replication] * n,
            "seed": [task.seed] * n,
            **{name: [value] * n for name, value in task.values.items()},
            **({} if task.world is None else {"world": [task.world] * n}),
            "week": weeks,
            **{m: np.asarray(collected[m], dtype=float)[weeks].tolist() for m in task.metrics},
        }
        return RunOutcome(task, columns=columns, seconds=time.perf_counter() - started)
    except Exception as exc:  # a failed run is data, not a crash of the sweep
        last = traceback.extract_tb(exc.__traceback__)[-1]
        where = f" ({last.filename.rsplit('/', 1)[-1]}:{last.lineno})"
        return RunOutcome(
            task, error=f"{type(exc).__name__}: {exc}{where}", seconds=time.perf_counter() - started
        )
