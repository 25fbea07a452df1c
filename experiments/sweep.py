"""``rapport sweep``: plan, validate, execute (resumably) and report a sweep."""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from experiments.config import Sweep, check_address
from experiments.execute import Backend, Progress, Reporter, execute, grouped, open_executor
from experiments.plan import (
    DesignPoint,
    count_points,
    design_points,
    grid_points_at,
    inert_axes,
    iter_runs,
    validate_points,
)
from experiments.refusals import failure
from experiments.runner import RunTask, execute_runs, recorded_weeks
from experiments.store import ResultStore, package_versions
from experiments.sweep_texts import (
    METHOD_NAMES,
    counted,
    duration,
    number,
    say,
    thousands,
    values_text,
)
from sim.machine import machine_facts
from sim.params import ConfigError, Scenario
from sim.resources import available_memory, estimate_memory, size_text
from sim.texts import DECIMAL_MARK, quoted


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


def tasks_for(sweep: Sweep, points: Iterable[DesignPoint], skip: set[str]) -> Iterator[RunTask]:
    """Lazily, the runs still missing, as tasks a worker can execute."""
    base = sweep.base.model_dump(mode="json")
    record = sweep.file.record
    for run in iter_runs(sweep, points):
        if run.key in skip:
            continue
        yield RunTask(
            run.key,
            run.point,
            run.replication,
            run.seed,
            run.values,
            base,
            record.metrics,
            record.every,
            world=run.world,
            world_values=run.world_values,
        )


PROBE_RUNS = 32
"""Most runs the dry run's probe executes: one group as the sweep sends it, batched."""


def folder_runs(sweep: Sweep, out: str | Path, *, force: bool = False) -> tuple[int, int] | None:
    """What ``rapport sweep`` would find in ``out``, read only: (runs of this sweep already
    there, runs there that ``--force`` would discard), or None for a folder without results.
    ConfigError: the refusal the sweep itself would give (results of another config)."""
    store = ResultStore(out)
    if not store.results.is_dir():
        return None
    keys = {task.key for task in tasks_for(sweep, plan_sweep(sweep), set())}

    def planned() -> Iterator[str]:
        return iter(keys)

    own = _folder_runs(store, sweep, planned)
    strays = {} if own is None else store.other_sweeps_chunks(own)
    fate = store.check_fits(sweep, planned, force=force, without=strays)
    on_disk = store.done_keys(strays)
    return len(on_disk & keys), len(on_disk - keys) if fate == "discard" else 0


def dry_run(
    sweep: Sweep,
    *,
    workers: int = 1,
    show: int = 5,
    check: int = 1000,
    out: str | Path | None = None,
    force: bool = False,
    address: str | None = None,
    lang: str = "en",
) -> str:
    """The number of runs, an estimate of time and disk, and the first points; runs one probe.

    A grid is counted, not made: its first points and ``check`` points spread evenly over it
    are validated, so a dry run of a large grid answers at once. The probe is the sweep's first
    group of runs, cut to ``PROBE_RUNS``, run as batched worlds as the sweep runs it: timing a
    single run would overstate a batched sweep's time several times. With ``out``, the runs
    already there are counted out of the estimate, and a folder the sweep would refuse is
    refused (ConfigError), as is a malformed ``address``. Said in ``lang``
    (``experiments.sweep_texts``), its notes as the sweep says them; English as it always was,
    but for its plurals.
    """
    if address:
        address = check_address(address, "--address")
    found = None if out is None else folder_runs(sweep, out, force=force)
    count = count_points(sweep)
    if sweep.file.sweep.method == "grid":
        indices = sorted(set(np.linspace(0, count - 1, min(check, count)).astype(int).tolist()))
        checked = grid_points_at(sweep, indices)
        first = grid_points_at(sweep, range(min(max(show, PROBE_RUNS), count)))
        # A value listed twice on an axis repeats points, which share their runs.
        distinct = math.prod([len(set(axis.values or ())) for axis in sweep.axes if not axis.link])
    else:
        checked = first = design_points(sweep)
        distinct = sum(p.runs_of == p.index for p in checked)
    scenarios = validate_points(sweep, checked, keep=True)
    replications = sweep.runs_per_point()
    runs = distinct * replications
    group = next(grouped(tasks_for(sweep, first, set()), runs, max(workers, 1)))[:PROBE_RUNS]
    # A process's first batch loads the compiled kernels and warms its caches (about 0.5 s):
    # paid once per worker, at the same time, not once per run (timing it with the probe made
    # the estimate about ten times too high).
    started = time.perf_counter()
    execute_runs(group[:1])
    warm_up = time.perf_counter() - started
    started = time.perf_counter()
    outcomes = execute_runs(group)
    per_run = (time.perf_counter() - started) / len(group)
    # The probe's points may be smaller or shorter than the design's (a grid over reps.count
    # whose first point is the smallest): time and rows scale by the points checked, spread
    # over the design, a run's time by its customer-weeks.
    probed = np.mean([_run_size(sweep, sweep.base.with_values(t.values))[0] for t in group])
    sizes = np.array([_run_size(sweep, scenario) for scenario in scenarios], dtype=float)
    scale = float(sizes[:, 0].mean() / probed) if probed else 1.0
    rows = round(float(sizes[:, 1].mean()) * runs)
    columns = 5 + len(first[0].values) + len(sweep.file.record.metrics)
    disk_mb = rows * columns * 8 * 0.6 / 1e6  # Parquet compresses these columns to about 60 %
    done, discarded = found or (0, 0)
    seconds = warm_up + per_run * scale * (runs - done) / max(workers, 1)
    scaled = (
        say("dry.scaled", lang, scale=number(scale, lang, ".3g")) if abs(scale - 1) > 0.05 else ""
    )
    repeated = counted("dry.repeated", count - distinct, lang) if distinct < count else ""
    each = counted("count.replications", replications, lang)
    if sweep.worlds is not None:
        each = say(
            "dry.worlds",
            lang,
            runs=counted("count.runs", replications, lang),
            replications=counted("count.replications", sweep.file.sweep.replications, lang),
            worlds=counted(f"count.worlds.{sweep.file.worlds}", len(sweep.worlds), lang),
            worlds_replications=number(sweep.file.worlds_replications, lang),
        )
    cluster = address or sweep.file.execution.address
    where = counted("count.local_workers", workers, lang) + (
        say("dry.cluster", lang, address=cluster) if cluster else ""
    )
    method = sweep.file.sweep.method
    lines = [
        say(
            "dry.plan",
            lang,
            name=quoted(sweep.name, lang),
            method=METHOD_NAMES[lang][method],
            points=counted("count.design_points", count, lang),
            repeated=repeated,
            each=each,
            runs=counted("count.runs", runs, lang),
        )
    ]
    if found is not None:
        lines.append(
            counted("dry.found", done, lang, out=out, runs=counted("count.of_runs", runs, lang))
            + (
                say("dry.discard", lang, discarded=counted("count.maybe_runs", discarded, lang))
                if discarded
                else ""
            )
        )
    left = runs - done
    lines.append(
        say("dry.all_done", lang)  # no time to estimate for runs on disk already
        if found is not None and left == 0
        else say(
            "dry.estimate",
            lang,
            duration=duration(seconds, lang),
            where=where,
            left=say("dry.left", lang, left=counted("count.runs_left", left, lang)) if done else "",
            probe=counted("count.probe", len(group), lang),
            per_run=number(per_run, lang, ".4f"),
            warm_up=number(warm_up, lang, ".1f"),
            scaled=scaled,
            disk=number(disk_mb, lang, ".1f"),
            rows=counted("count.rows", rows, lang, n=thousands(rows, lang)),
        )
    )
    lines.append(memory_line(scenarios, checked, workers, runs, cluster, lang))
    lines += [say("dry.note", lang, note=note) for note in inert_axes(sweep, checked, lang)]
    if len(checked) < count:
        lines.append(
            say(
                "dry.checked",
                lang,
                checked=thousands(len(checked), lang),
                count=thousands(count, lang),
            )
        )
    lines.append(counted("count.first_points", len(first[:show]), lang))
    for point in first[:show]:
        shown = {k: _fmt(v) for k, v in point.values.items()}
        lines.append(
            say("dry.point", lang, index=number(point.index, lang), values=values_text(shown, lang))
        )
    failed = [o for o in outcomes if o.error]
    if failed:
        lines.append(
            say(
                "dry.failed",
                lang,
                failed=counted("count.probe_failed", len(failed), lang),
                error=failure(failed[0].error or "", lang),
            )
        )
    lines.append(say("dry.nothing", lang))
    return "\n".join(lines)


def memory_line(
    scenarios: list[Scenario],
    points: list[DesignPoint],
    workers: int,
    runs: int,
    cluster: str | None,
    lang: str,
) -> str:
    """What the largest of the points checked needs in memory per run and with ``workers`` runs
    at once, against what this machine has free: a warning when those runs would fail for want
    of memory (each run refuses to start, ``sim.resources.check_memory``), which the probe of
    the first points does not find. On a Dask cluster the workers' memory is not known here."""
    needs = [estimate_memory(scenario, collect_reps=False) for scenario in scenarios]
    largest = int(np.argmax(needs))
    together = min(max(workers, 1), runs)
    need = needs[largest]
    values = values_text({k: _fmt(v) for k, v in points[largest].values.items()}, lang)
    free = None if cluster else available_memory()

    def size(n: float) -> str:  # as `rapport run --check` writes it: "2.7 GB", "2,7 GB"
        return size_text(n).replace(".", DECIMAL_MARK[lang])

    texts = {
        "values": values,
        "need": size(need),
        "at_once": size(need * together),
        "workers": number(together, lang),
    }
    if free is None:
        return say("dry.memory.unknown", lang, **texts)
    key = "dry.memory.short" if need * together > free else "dry.memory"
    return say(key, lang, free=size(free), **texts)


def _run_size(sweep: Sweep, scenario: Scenario) -> tuple[int, int]:
    """A run's customer-weeks (its time grows with them) and the rows it records."""
    weeks = scenario.simulation.weeks
    customers = scenario.reps.count * scenario.customers.per_rep
    return customers * weeks, len(recorded_weeks(weeks, sweep.file.record.every))


def _fmt(value: Any) -> str:
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def run_sweep(sweep: Sweep, out: str | Path, **options: Any) -> SweepOutcome:
    """Execute the missing runs of ``sweep`` into ``out`` and update its manifest.

    ``options`` are those of ``execute_plan``: workers, address, force, oversubscribe, quiet,
    stream, lang.
    """
    points = plan_sweep(sweep)
    if not options.get("quiet"):
        lang = options.get("lang", "en")
        for note in inert_axes(sweep, points, lang):
            print(say("note", lang, note=note), file=options.get("stream", sys.stderr), flush=True)
    distinct = sum(p.runs_of == p.index for p in points)  # repeated points share their runs
    return execute_plan(
        sweep,
        points,
        lambda done: tasks_for(sweep, points, done),
        distinct * sweep.runs_per_point(),
        out,
        **options,
    )


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
    oversubscribe: bool = False,
    quiet: bool = False,
    stream=None,
    lang: str = "en",
) -> SweepOutcome:
    """Execute the runs of a planned design that are not yet in ``out``; update its manifest.

    The folder is locked for the whole sweep; nothing is written into it before the executor
    is ready (a scheduler that cannot be reached leaves the folder as it was). What it prints
    is in ``lang`` ("en" or "de", ``experiments.sweep_texts``); what it writes is the same in
    either.

    Args:
        sweep: the ``Sweep`` (or anything with its ``name``, ``file``, ``axes``, ``resolved()``
            and ``config_hash()``, like the pattern map's plan).
        points: the design points (stored in ``design.parquet``).
        tasks: given the keys already on disk, the missing runs' tasks, lazily.
        total: the number of runs of the whole design.
    """
    stream = sys.stderr if stream is None else stream  # standard error as it is now
    execution = sweep.file.execution
    workers = execution.workers if workers is None else workers
    given = "--address" if address else "execution.address"
    if address:
        address = check_address(address, "--address")
    address = address or execution.address
    distinct = sum(p.runs_of == p.index for p in points)
    store = ResultStore(out)
    with store.locked():
        # Damaged files are set aside first, so that the checks below read only sound ones; if
        # the sweep is then refused (another config, a scheduler out of reach), they go back
        # and the folder is as it was. Said only once the sweep goes ahead.
        recovered = store.recover(sweep, lang)
        ahead = False
        try:

            def planned() -> Iterator[str]:
                return (task.key for task in tasks(set()))

            own = _folder_runs(store, sweep, planned)
            strays = {} if own is None else store.other_sweeps_chunks(own)
            fate = store.check_fits(sweep, planned, force=force, without=strays)
            with open_executor(
                workers, address, oversubscribe=oversubscribe, lang=lang, given=given
            ) as backend:
                ahead = True
                for note in recovered:
                    print(f"[sweep] {note}", file=stream, flush=True)
                notes = store.set_aside(strays, lang) + store.set_aside_duplicates(strays, lang)
                for note in notes:
                    print(f"[sweep] {note}", file=stream, flush=True)
                discarded = store.prepare(sweep, points, discard=fate == "discard", keep=planned)
                store.clear_failures()
                done = store.done_keys()
                left = max(0, total - len(done))
                if not quiet:
                    for line in _announce(
                        sweep.name, total, done, left, points, distinct, fate, discarded,
                        backend, lang,
                    ):  # fmt: skip
                        print(line, file=stream, flush=True)
                return _execute(
                    sweep, store, points, tasks, backend, done, total, fate, quiet, stream, lang
                )
        except BaseException:
            if not ahead:
                store.undo_recover()
            raise


def _announce(
    name: str,
    total: int,
    done: set[str],
    left: int,
    points: list[DesignPoint],
    distinct: int,
    fate: str,
    discarded: int,
    backend: Backend,
    lang: str,
) -> list[str]:
    """The lines before the runs: how many, where they run, what was kept or discarded."""
    runs = counted("count.runs", total, lang)
    on_disk = number(len(done), lang)
    lines = [
        say("start", lang, name=name, total=runs, done=on_disk, backend=backend.labels[lang])
        if left
        else say("start.nothing", lang, name=name, total=runs)
    ]
    if distinct < len(points):
        repeated = len(points) - distinct
        lines.append(
            say(
                "repeated.one" if repeated == 1 else "repeated",
                lang,
                repeated=number(repeated, lang),
                points=number(len(points), lang),
            )
        )
    if fate == "discard":
        lines.append(
            say(
                "forced",
                lang,
                discarded=counted("count.maybe_runs", discarded, lang),
                kept=on_disk,
            )
        )
    if fate == "grown":
        # the config changed; every run on disk is one of its runs, and it may have no others
        # (only its name, say, or a setting no run reads changed)
        key = "grown" if left else "same_runs"
        lines.append(say(f"{key}.one" if len(done) == 1 else key, lang, done=on_disk))
    return lines


def _folder_runs(
    store: ResultStore, sweep: Any, planned: Callable[[], Iterator[str]]
) -> list[Iterable[str]] | None:
    """The run keys that belong in the folder: this sweep's, and those of the folder's own
    ``config.yaml`` when it is another config (a design grown or narrowed; ``check_fits``
    decides on those). None if that config cannot be read as a sweep's: then nothing counts as
    another sweep's, since the chunks may be the folder's own."""
    manifest = store.read_manifest()
    if manifest is not None and manifest.get("config_hash") == sweep.config_hash():
        return [planned()]
    try:
        return [planned(), store.own_run_keys(manifest)]
    except ConfigError:
        return None


def _execute(
    sweep: Sweep,
    store: ResultStore,
    points: list[DesignPoint],
    tasks: Callable[[set[str]], Iterator[RunTask]],
    backend: Backend,
    done: set[str],
    total: int,
    fate: str,
    quiet: bool,
    stream,
    lang: str = "en",
) -> SweepOutcome:
    """Run the missing runs on ``backend``, keeping the manifest up to date."""
    progress = Progress(total=total, skipped=len(done))
    started_at = datetime.now(UTC).isoformat(timespec="seconds")
    previous = store.read_manifest() or {}
    runs: dict[str, int] = {"total": total, "done_before": len(done)}
    manifest: dict[str, Any] = {
        "name": sweep.name,
        "config_hash": sweep.config_hash(),
        "versions": package_versions(),
        "python": sys.version.split()[0],
        "machine": machine_facts(),
        "started": started_at,
        "first_started": (
            previous.get("first_started", previous.get("started", started_at))
            if fate in ("resume", "grown")
            else started_at
        ),
        "finished": None,
        "runs": runs,
        "design": {
            "points": len(points),
            "sharing_runs": sum(p.runs_of != p.index for p in points),
        },
        "root_seed": sweep.file.sweep.seed,
        "backend": backend.label,
    }
    store.write_manifest(manifest)
    began = time.monotonic()
    reporter = Reporter(progress, stream=stream, quiet=quiet, lang=lang)
    ended = False
    try:
        failures = execute(
            tasks(done),
            backend,
            store,
            progress,
            chunk_runs=sweep.file.execution.chunk_runs,
            reporter=reporter,
            lang=lang,
        )
        ended = True
    finally:
        reporter.close()
        manifest["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        # The time spent executing, over every command that worked on this design (not the
        # hours a folder lay idle between an interruption and the rerun).
        earlier = previous.get("busy_seconds", 0.0) if fate in ("resume", "grown") else 0.0
        manifest["busy_seconds"] = round(earlier + time.monotonic() - began, 1)
        # Counted on disk, not in memory: an interrupt can land between a chunk's write and
        # the count of its runs.
        on_disk = len(store.done_keys())
        runs.update(done=on_disk, failed=progress.failed, missing=total - on_disk)
        # Where the stored runs were computed: on a Dask cluster the workers' machines, not
        # the command's (``machine``), over every command that worked on the folder, as its
        # chunks name them (so also those of a command killed outright).
        manifest["machines"] = store.machines()
        # "finished" is when the command ended, not that the sweep is: an analyst read it so
        # beside 420 missing runs. Whether every planned run has its results, and whether this
        # command was stopped (Ctrl-C, SIGTERM, a lost cluster) before it had run them all:
        manifest["complete"] = on_disk == total
        manifest["interrupted"] = not ended
        store.write_manifest(manifest)
    return SweepOutcome(
        total, len(done), progress.done, progress.failed, failures, time.monotonic() - began
    )
