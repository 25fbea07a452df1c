"""``rapport sweep``: plan, validate, execute (resumably) and report a sweep."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from experiments.config import Sweep
from experiments.execute import Progress, Reporter, execute, open_executor
from experiments.plan import DesignPoint, count_points, design_points, iter_runs, validate_points
from experiments.runner import RunTask, execute_run, recorded_weeks
from experiments.store import ResultStore, package_versions


@dataclass
class SweepOutcome:
    """What a sweep did: counts and failures (the data are on disk)."""

    total: int
    skipped: int
    done: int
    failed: int
    failures: list[dict[str, Any]]
    seconds: float


def plan_sweep(sweep: Sweep) -> list[DesignPoint]:
    """All design points, each validated as a scenario, before anything runs."""
    points = design_points(sweep)
    validate_points(sweep, points)
    return points


def tasks_for(sweep: Sweep, points: list[DesignPoint], skip: set[str]):
    """Lazily, the runs still missing, as tasks a worker can execute."""
    base = sweep.base.model_dump(mode="json")
    record = sweep.file.record
    seen = set(skip)
    for run in iter_runs(sweep, points):
        if run.key in seen:  # on disk, or a repeated point of the design: run it once
            continue
        seen.add(run.key)
        yield RunTask(
            run.key,
            run.point,
            run.replication,
            run.seed,
            run.values,
            base,
            record.metrics,
            record.every,
        )


def dry_run(sweep: Sweep, points: list[DesignPoint], *, workers: int = 1, show: int = 5) -> str:
    """The number of runs, an estimate of time and disk, and the first points; runs one probe."""
    runs = len(points) * sweep.file.sweep.replications
    probe = next(tasks_for(sweep, points[:1], set()))
    outcome = execute_run(probe)  # one real run of the first point, to time it
    weeks = sweep.base.with_values(points[0].values).simulation.weeks
    rows = len(recorded_weeks(weeks, sweep.file.record.every)) * runs
    columns = 5 + len(points[0].values) + len(sweep.file.record.metrics)
    disk_mb = rows * columns * 8 * 0.6 / 1e6  # Parquet compresses these columns to about 60 %
    seconds = outcome.seconds * runs / max(workers, 1)
    lines = [
        f"Sweep {sweep.name!r}: method {sweep.file.sweep.method}, {len(points)} design points "
        f"x {sweep.file.sweep.replications} replications = {runs} runs",
        f"Estimate: about {_duration(seconds)} on {workers} worker(s) "
        f"(one run of the first point took {outcome.seconds:.2f} s), "
        f"about {disk_mb:.1f} MB of results ({rows:,} rows)",
        f"First {min(show, len(points))} points:",
    ]
    for point in points[:show]:
        lines.append(
            f"  {point.index}: " + ", ".join(f"{k}={_fmt(v)}" for k, v in point.values.items())
        )
    if outcome.error:
        lines.append(f"Warning: the probe run failed: {outcome.error}")
    lines.append("Nothing was run (dry run).")
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


def run_sweep(sweep: Sweep, out: str | Path, **options: Any) -> SweepOutcome:
    """Execute the missing runs of ``sweep`` into ``out`` and update its manifest.

    ``options`` are those of ``execute_plan``: workers, address, force, quiet, stream.
    """
    points = plan_sweep(sweep)
    total = count_points(sweep) * sweep.file.sweep.replications
    tasks = lambda done: tasks_for(sweep, points, done)  # noqa: E731
    return execute_plan(sweep, points, tasks, total, out, **options)


def execute_plan(
    sweep: Any,
    points: list[DesignPoint],
    tasks: Callable[[set[str]], Iterator[RunTask]],
    total: int,
    out: str | Path,
    *,
    workers: int | str | None = None,
    address: str | None = None,
    force: bool = False,
    quiet: bool = False,
    stream=sys.stderr,
) -> SweepOutcome:
    """Execute the runs of a planned design that are not yet in ``out``; update its manifest.

    Args:
        sweep: the ``Sweep`` (or anything with its ``name``, ``file``, ``axes``, ``resolved()``
            and ``config_hash()``, like the pattern map's plan).
        points: the design points (stored in ``design.parquet``).
        tasks: given the keys already on disk, the missing runs' tasks, lazily.
        total: the number of runs of the whole design.
    """
    execution = sweep.file.execution
    workers = execution.workers if workers is None else workers
    address = address or execution.address
    store = ResultStore(out)
    store.prepare(sweep, points, force=force)
    store.clear_failures()
    done = store.done_keys()
    progress = Progress(total=total, skipped=len(done))
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    manifest = {
        "name": sweep.name,
        "config_hash": sweep.config_hash(),
        "versions": package_versions(),
        "python": sys.version.split()[0],
        "started": started_at,
        "finished": None,
        "runs": {"total": total, "done_before": len(done)},
        "root_seed": sweep.file.sweep.seed,
    }
    previous = store.read_manifest()
    if previous and previous.get("config_hash") == manifest["config_hash"]:
        manifest["first_started"] = previous.get("first_started", previous.get("started"))
    else:
        manifest["first_started"] = started_at
    store.write_manifest(manifest)
    began = time.monotonic()
    with open_executor(workers, address) as backend:
        if not quiet:
            print(
                f"[sweep] {sweep.name}: {total} runs, {len(done)} already on disk, executing "
                f"the rest on {backend.label}",
                file=stream,
                flush=True,
            )
        reporter = Reporter(progress, stream=stream, quiet=quiet)
        try:
            failures = execute(
                tasks(done),
                backend,
                store,
                progress,
                chunk_runs=execution.chunk_runs,
                reporter=reporter,
            )
        finally:
            reporter.close()
            manifest["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
            manifest["runs"].update(
                done=len(done) + progress.done,
                failed=progress.failed,
                missing=total - len(done) - progress.done,
            )
            manifest["backend"] = backend.label
            store.write_manifest(manifest)
    return SweepOutcome(
        total, len(done), progress.done, progress.failed, failures, time.monotonic() - began
    )
