"""How often the simulated study reproduces the paper: many independent studies, their rates.

A study that raises (a singular regression, say) is counted as failed and reported with the
rates, never dropped silently. Each study's outcome is appended to ``studies.jsonl`` in the
output folder as it finishes, keyed by what makes it (model version, seed, design, scenario):
an interrupted replication (Ctrl-C, a killed process) keeps the studies that finished, and the
same command run again simulates only the missing ones.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Generator, Iterable, Sequence
from concurrent.futures import as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from experiments.execute import WorkerPool, stopped_when_interrupted
from experiments.replicate.analysis import (
    VERDICTS,
    Findings,
    analyse_study,
    findings,
    held_column,
    rate_interval,
)
from experiments.replicate.design import SAVED, StudyDesign
from experiments.replicate.report import power_report, write_single
from experiments.replicate.simulate import simulate_study, study_seeds
from experiments.store import write_text_atomically
from sim import MODEL_VERSION, versions
from sim.params import Scenario


@dataclass
class Batch:
    """The outcome of many studies of one design: findings of those that ran, and failures."""

    design: StudyDesign
    findings: list[Findings] = field(default_factory=list)
    failures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def attempted(self) -> int:
        return len(self.findings) + len(self.failures)

    def rates(self) -> dict[str, float]:
        """Share of the studies that ran in which each verdict holds (NaN if none ran)."""
        n = len(self.findings)
        return {name: k / n if n else float("nan") for name, k in self.counts().items()}

    def counts(self) -> dict[str, int]:
        """How many of the studies that ran each verdict holds in."""
        return {name: sum(bool(getattr(f, name)) for f in self.findings) for name in VERDICTS}

    def intervals(self) -> dict[str, tuple[float, float]]:
        """95 % Wilson interval of each rate (NaN if no study ran)."""
        return curve_intervals(self.row())

    def row(self) -> dict[str, Any]:
        """The batch as a row of a rate table: studies attempted and failed, each verdict's
        share of the studies that ran and how many of them it holds in (``held_column``)."""
        held = {held_column(name): k for name, k in self.counts().items()}
        return {"studies": self.attempted, "failed": len(self.failures), **self.rates(), **held}

    def records(self) -> pd.DataFrame:
        return pd.DataFrame([f.record() for f in self.findings])


def one_study(seed: int, design: StudyDesign, scenario: Scenario | None) -> Findings:
    """Simulate and analyse one study (the unit of work a process pool runs)."""
    return findings(simulate_study(seed, design, scenario), seed)


def _guarded(args: tuple[int, StudyDesign, Scenario | None]) -> Findings | dict[str, Any]:
    seed, design, scenario = args
    try:
        return one_study(seed, design, scenario)
    except Exception as exc:  # any failure is recorded and reported, not hidden
        return {"seed": seed, "error": f"{type(exc).__name__}: {exc}"}


def study_key(seed: int, design: StudyDesign, scenario: Scenario | None) -> str:
    """What makes a study's outcome: the model version, its seed, design and scenario."""
    identity = [
        MODEL_VERSION,
        seed,
        asdict(design),
        None if scenario is None else scenario.model_dump(mode="json"),
    ]
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()[:24]


def saved_outcomes(path: Path | None) -> dict[str, Findings | dict[str, Any]]:
    """The outcomes in a ``studies.jsonl`` by key; a last line cut by a killed process, or
    any line that does not parse, is left out (its study runs again)."""
    outcomes: dict[str, Findings | dict[str, Any]] = {}
    if path is None or not path.is_file():
        return outcomes
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
            key = entry["key"]
            outcomes[key] = (
                Findings(**entry["findings"]) if "findings" in entry else dict(entry["failure"])
            )
        except (ValueError, KeyError, TypeError):
            continue
    return outcomes


def _guarded_chunk(
    chunk: list[tuple[int, StudyDesign, Scenario | None]],
) -> list[Findings | dict[str, Any]]:
    return [_guarded(args) for args in chunk]


def _outcomes(
    flat: list[tuple[int, StudyDesign, Scenario | None]], workers: int
) -> Generator[tuple[int, Findings | dict[str, Any]]]:
    """Each study's place in ``flat`` and its outcome, as soon as it finishes, on ``workers``
    processes. Not in order: a worker slow to start (or a slow first study) held back every
    later outcome, and with it the study log, so that a Ctrl-C lost studies already done."""
    if workers <= 1:
        yield from enumerate(_guarded(args) for args in flat)
        return
    size = max(1, min(8, len(flat) // (4 * workers)))  # a few studies per task
    # Workers ignore Ctrl-C (the parent saves what finished and stops them).
    pool = WorkerPool(workers)
    # Stopped early (Ctrl-C, or the caller closed us): the studies still executing end rather
    # than have Python's exit wait for them; they run again on resume.
    with stopped_when_interrupted(pool):
        tasks = {
            pool.submit(_guarded_chunk, flat[start : start + size]): start
            for start in range(0, len(flat), size)
        }
        for task in as_completed(tasks):
            yield from enumerate(task.result(), start=tasks[task])


def run_batches(
    jobs: Iterable[tuple[StudyDesign, list[int]]],
    scenario: Scenario | None = None,
    workers: int = 1,
    scenarios: Sequence[Scenario] | None = None,
    saved: Path | None = None,
) -> list[Batch]:
    """Each design's studies (one per seed), on ``workers`` local processes (1: in this one).

    ``scenarios`` (one per job) gives each job its own model parameters, e.g. a plausible
    world; otherwise every job uses ``scenario``. With ``saved`` (a ``studies.jsonl``), studies
    found there are not simulated again, and each one simulated is appended as it finishes.
    """
    jobs = list(jobs)
    per_job = list(scenarios) if scenarios is not None else [scenario] * len(jobs)
    flat = [
        (seed, design, job_scenario)
        for (design, seeds), job_scenario in zip(jobs, per_job, strict=True)
        for seed in seeds
    ]
    keys = [study_key(*args) for args in flat]
    done = saved_outcomes(saved)
    missing = [i for i, key in enumerate(keys) if key not in done]
    log = None
    if saved is not None:
        saved.parent.mkdir(parents=True, exist_ok=True)
        cut = saved.is_file() and not saved.read_bytes().endswith(b"\n") and saved.stat().st_size
        log = saved.open("a", encoding="utf-8")
        if cut:  # a line cut by a killed process ends where the next one starts
            log.write("\n")
    # closed on the way out, so that a Ctrl-C stops the workers at once (not when the
    # traceback is freed)
    running = _outcomes([flat[i] for i in missing], workers)
    try:
        for j, outcome in running:
            i = missing[j]
            done[keys[i]] = outcome
            if log is not None:
                kind = "findings" if isinstance(outcome, Findings) else "failure"
                body = asdict(outcome) if isinstance(outcome, Findings) else outcome
                log.write(json.dumps({"key": keys[i], kind: body}) + "\n")
                log.flush()
    finally:
        running.close()
        if log is not None:
            log.close()
    outcomes = [done[key] for key in keys]
    batches, start = [], 0
    for design, seeds in jobs:
        batch = Batch(design)
        for outcome in outcomes[start : start + len(seeds)]:
            if isinstance(outcome, Findings):
                batch.findings.append(outcome)
            else:
                batch.failures.append(outcome)
        batches.append(batch)
        start += len(seeds)
    return batches


def power_curve(
    seed: int,
    sizes: tuple[int, ...],
    runs: int,
    design: StudyDesign = StudyDesign(),
    workers: int = 1,
    saved: Path | None = None,
) -> pd.DataFrame:
    """How often each verdict holds in larger studies (same design, teams scaled)."""
    jobs = [(design.scaled(size), study_seeds(seed, runs, size)) for size in sizes]
    rows = []
    for batch in run_batches(jobs, workers=workers, saved=saved):
        rows.append(
            {"reps": batch.design.reps, "supervisors": batch.design.supervisors, **batch.row()}
        )
    return pd.DataFrame(rows)


INTERVAL_METHOD = "95 % Wilson interval of the share of the studies that ran"


def curve_intervals(row: dict[str, Any]) -> dict[str, tuple[float, float]]:
    """The 95 % Wilson interval of each rate in one row of a rate table (``Batch.row``), from
    the studies that ran and the count each verdict holds in."""
    ran = int(row["studies"] - row["failed"])
    return {
        name: rate_interval(int(row[held_column(name)]), ran)
        for name in VERDICTS
        if held_column(name) in row
    }


def stored_study(out: Path, seed: int, design: StudyDesign) -> pd.DataFrame | None:
    """The study of ``seed`` and ``design`` as an earlier call wrote it into ``out`` (its
    reps.csv, whose summary.json names the same study key), or None: then it is simulated.

    Answering again in another language analyses the same study again, simulating nothing:
    pandas writes each float of reps.csv in full and reads it back exactly, so the tables come
    out as they did (``tests/test_replicate_language.py`` compares them byte by byte).
    """
    try:
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        if summary.get("study_key") != study_key(seed, design, None):
            return None
        data = pd.read_csv(out / "reps.csv")
    except (OSError, ValueError, AttributeError):  # missing, unreadable or not a study's
        return None
    measured = {"rep", "supervisor", "effort", "ei", "ei_z", "rating"}
    return data if len(data) == design.reps and measured <= set(data.columns) else None


def write_study(seed: int, design: StudyDesign, out: Path, lang: str = "en") -> Findings:
    """One study's tables, figure and pages into ``out``: the study stored there if it is
    this one (``stored_study``), else simulated."""
    data = stored_study(out, seed, design)
    if data is None:
        data = simulate_study(seed, design)
    analysis = analyse_study(data, seed)
    write_single(analysis, out, design, lang, key=study_key(seed, design, None))
    return analysis.findings


def replicate(
    seed: int,
    runs: int,
    out: Path,
    design: StudyDesign = StudyDesign(),
    power_sizes: tuple[int, ...] = (200, 400),
    workers: int = 1,
    lang: str = "en",
) -> dict[str, Any]:
    """One study (``runs`` = 1, full report: tables, figure and report into ``out``) or many
    with independent seeds (rates: ``report.md``, ``replications.csv``, ``power.json`` and, with
    ``power_sizes``, ``power_curve.csv`` into ``out``; the first study's full report into
    ``out/study``). The pages and the figure are in ``lang``; the data files are the same in
    every language, and a second call that changes only ``lang`` simulates nothing again."""
    out.mkdir(parents=True, exist_ok=True)
    if runs == 1:
        return {"findings": write_study(seed, design, out, lang).record()}
    seeds = study_seeds(seed, runs)
    (batch,) = run_batches([(design, seeds)], workers=workers, saved=out / SAVED)
    write_study(seeds[0], design, out / "study", lang)
    batch.records().to_csv(out / "replications.csv", index=False)
    summary: dict[str, Any] = {
        **versions(),
        "seed": seed,  # the root seed: with the design and the counts it reproduces the file
        "design": design.describe(),
        "studies": batch.attempted,
        "failed": len(batch.failures),
        "failures": batch.failures,
        "reps_per_study": design.reps,
        "rates": batch.rates(),
        "held": batch.counts(),
        "intervals": batch.intervals(),
        "interval_method": INTERVAL_METHOD,
    }
    curve = None
    if power_sizes:
        curve = power_curve(seed, power_sizes, min(runs, 40), design, workers, out / SAVED)
        curve.to_csv(out / "power_curve.csv", index=False)
        summary["power_curve"] = [
            {**row, "intervals": curve_intervals(row)} for row in curve.to_dict(orient="records")
        ]
    else:  # an earlier run's curve beside this power.json would pass for this one's
        (out / "power_curve.csv").unlink(missing_ok=True)
    write_text_atomically(out / "power.json", json.dumps(summary, indent=2) + "\n")
    write_text_atomically(out / "report.md", power_report(summary, curve, design, lang))
    return summary
