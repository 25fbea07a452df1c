"""Claims about executing sweeps, checked end to end with real processes, as a user would run them.

Every sweep here goes through ``rapport sweep`` in a subprocess (or ``run_sweep`` in this process
where only the serial path is involved): serial, local worker processes and a real Dask cluster of
one scheduler and two workers on loopback. Workers and whole sweeps are killed with real signals.
"""

from __future__ import annotations

import io
import json
import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, process
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml

from experiments import execute as execute_module
from experiments.config import load_sweep
from experiments.plan import iter_runs
from experiments.runner import recorded_weeks, task_scenario
from experiments.store import ResultStore
from experiments.sweep import plan_sweep, run_sweep, tasks_for
from sim.batch import Worlds
from sim.machine import machine_facts, worker_machine
from sim.metrics import METRICS
from sim.model import RapportModel
from tests.helpers import (
    REPO,
    STOPS,
    DaskCluster,
    assert_stopped_at_once,
    child_env,
    dask_on_loopback,
    gated_env,
    holding,
    kill_group,
    left_in_group,
    plain_numpy_worker,
    rapport_in_process,
    stop,
    stopped_while_held,
    wait_until,
)

BIN = Path(sys.executable).parent
RAPPORT = str(BIN / "rapport")

# Fast runs (about 10 ms each): 3 efforts x 2 empathy levels x 3 replications = 18 runs.
SMALL: dict[str, Any] = {
    "name": "small",
    "set": {"reps.count": 4, "customers.per_rep": 10, "simulation.weeks": 20},
    "sweep": {
        "method": "grid",
        "parameters": {
            "reps.effort_hours": [10, 30, 50],
            "reps.perception": [0.2, 0.8],
            "reps.regulation": {"link": "reps.perception"},
        },
        "replications": 3,
        "seed": 7,
    },
    "record": {"every": 4},
    "execution": {"workers": 1, "chunk_runs": 4},
}

# Runs long enough to be interrupted (about 0.1 s each, batched): 5 x 2 x 4 = 40 runs, tiny
# chunks. Tests that interrupt local processes also hold the last runs at a gate (``gated``).
SLOW: dict[str, Any] = {
    "name": "slow",
    "set": {"reps.count": 250, "customers.per_rep": 100, "simulation.weeks": 200},
    "sweep": {
        "method": "grid",
        "parameters": {
            "reps.effort_hours": [10, 20, 30, 40, 50],
            "reps.perception": [0.2, 0.8],
        },
        "replications": 4,
        "seed": 11,
    },
    "record": {"every": 25},
    "execution": {"workers": 2, "chunk_runs": 2},
}


# --- helpers ----------------------------------------------------------------------------------


def write_config(folder: Path, data: dict[str, Any], **changes: Any) -> Path:
    """Write a sweep file; ``changes`` replace top-level blocks (e.g. ``execution={...}``)."""
    folder.mkdir(parents=True, exist_ok=True)
    data = {**data, **changes}
    path = folder / f"{data['name']}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def rapport(*args: Any, env: dict[str, str] | None = None, timeout: float = 120):
    """Run the ``rapport`` command to completion."""
    return subprocess.run(
        [RAPPORT, *map(str, args)],
        cwd=REPO,
        env=env or child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_sweep(
    config: Path, out: Path, *args: Any, env: dict[str, str] | None = None
) -> subprocess.Popen:
    """Start ``rapport sweep`` in its own process group (so Ctrl-C and kill -9 reach all of it)."""
    return subprocess.Popen(
        [RAPPORT, "sweep", str(config), "--out", str(out), "--no-report", *map(str, args)],
        cwd=REPO,
        env=env or child_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


# Holds every batch of worlds that has a run at 50 h/week (the sweep's last runs) until the file
# named in RAPPORT_TEST_GATE exists, in whichever process runs it (workers inherit PYTHONPATH): a
# sweep started with ``gated`` cannot finish before the test opens the gate, however fast its runs.
GATE = """
import os
import time

import sim.batch

_run_worlds = sim.batch.Worlds.run


def run_worlds(self):
    if any(s.reps.effort_hours == 50 for s in self.scenarios):
        open(os.environ["RAPPORT_TEST_GATE"] + "-held", "w").close()  # a run is being held
        while not os.path.exists(os.environ["RAPPORT_TEST_GATE"]):
            time.sleep(0.01)
    return _run_worlds(self)


sim.batch.Worlds.run = run_worlds
"""


def gated(folder: Path) -> tuple[dict[str, str], Path]:
    """An environment whose sweeps hold their runs at 50 h/week, and the gate file to create."""
    inject = folder / "gate-inject"
    inject.mkdir(parents=True)
    (inject / "sitecustomize.py").write_text(GATE, encoding="utf-8")
    gate = folder / "gate-open"
    return child_env(PYTHONPATH=f"{inject}{os.pathsep}{REPO}", RAPPORT_TEST_GATE=str(gate)), gate


def gated_sweep(config: Path, tmp_path: Path) -> tuple[Path, Path, subprocess.Popen]:
    """A ``--workers 2`` sweep of ``config`` into ``tmp_path/out`` whose runs at 50 h/week are
    held until the gate opens: (the gate file, the output folder, the sweep's process)."""
    env, gate = gated(tmp_path / "gate")
    out = tmp_path / "out"
    return gate, out, start_sweep(config, out, "--workers", "2", env=env)


def chunks_on_disk(out: Path) -> int:
    return len(list((out / "results").glob("part-*.parquet")))


def results(out: Path) -> pd.DataFrame:
    return ResultStore(out).read_results()


def planned_keys(config: Path, where: Callable[[dict[str, Any]], bool] = lambda v: True) -> set:
    sweep = load_sweep(config)
    return {run.key for run in iter_runs(sweep, plan_sweep(sweep)) if where(run.values)}


def assert_each_run_once(out: Path, config: Path, keys: set[str] | None = None) -> pd.DataFrame:
    """Every planned run is on disk exactly once: each key with each recorded week, one row."""
    sweep = load_sweep(config)
    keys = planned_keys(config) if keys is None else keys
    frame = results(out)
    weeks = recorded_weeks(sweep.base.simulation.weeks, sweep.file.record.every)
    assert set(frame["run_key"]) == keys
    assert len(frame) == len(keys) * len(weeks)
    assert not frame.duplicated(["run_key", "week"]).any()
    assert all(list(group) == weeks for _, group in frame.groupby("run_key")["week"])
    return frame


def assert_same_results(left: pd.DataFrame, right: pd.DataFrame) -> None:
    assert len(left) > 0
    pd.testing.assert_frame_equal(left, right, check_exact=True)


def counts(stdout: str) -> tuple[int, int, int]:
    """(executed now, already done, failed) from the summary line."""
    match = re.search(r"(\d+) executed now, (\d+) already done, (\d+) failed", stdout)
    assert match, stdout
    return tuple(int(g) for g in match.groups())


def worker_processes(pid: int) -> list[int]:
    """Child processes of ``pid`` that run tasks (not multiprocessing's helper processes)."""
    children: list[int] = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children += [int(c) for c in (task / "children").read_text().split()]
        except OSError:
            continue
    workers = []
    for child in children:
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in cmdline and b"forkserver" not in cmdline:
            workers.append(child)
    return workers


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    """The small config and its serial results: the reference every backend must reproduce."""
    folder = tmp_path_factory.mktemp("small")
    config = write_config(folder, SMALL)
    done = rapport("sweep", config, "--out", folder / "serial", "--workers", "1", "--no-report")
    assert done.returncode == 0, done.stderr
    return config, assert_each_run_once(folder / "serial", config)


@pytest.fixture(scope="module")
def slow(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    """The slow config and the results of one uninterrupted sweep of it."""
    folder = tmp_path_factory.mktemp("slow")
    config = write_config(folder, SLOW)
    done = rapport("sweep", config, "--out", folder / "whole", "--workers", "2", "--no-report")
    assert done.returncode == 0, done.stderr
    return config, assert_each_run_once(folder / "whole", config)


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory) -> Iterator[DaskCluster]:
    """A real Dask scheduler and two single-threaded workers on loopback, as separate commands."""
    with dask_on_loopback(tmp_path_factory.mktemp("dask")) as cluster:
        yield cluster


# --- what a sweep stores -----------------------------------------------------------------------


@pytest.mark.slow
def test_counts_are_stored_as_whole_numbers_equal_to_a_models_own(small):
    """An audit: churned (a count of customers) came out of every sweep as 3.0, a float, so an
    analyst's groupby on it or an == against the model's own count read another type. Counts
    are int64 in every chunk and in the frame, the model's own numbers."""
    config, serial = small
    folder = config.parent / "serial"
    for part in (folder / "results").glob("*.parquet"):
        schema = pq.read_schema(part)
        assert schema.field("churned").type == pa.int64(), part.name
        assert schema.field("relational_performance").type == pa.float64(), part.name
        # the axes' units too: perception is "0-1" here as in a run's reps.parquet
        units = json.loads(schema.metadata[b"rapport"])["units"]
        assert units["reps.perception"] == units["reps.regulation"] == "0-1", units
        assert units["reps.effort_hours"] == "h/week" and units["churned"] == "customers"
    assert serial["churned"].dtype == "int64"
    sweep = load_sweep(config)
    task = next(tasks_for(sweep, plan_sweep(sweep), set()))
    model = RapportModel(task_scenario(task), seed=task.seed, collect_reps=False).run()
    stored = serial[serial["run_key"] == task.key].set_index("week")["churned"]
    own = model.record.column("churned")
    assert stored.sum() > 0
    assert stored.to_dict() == {week: int(own[week]) for week in stored.index}


@pytest.mark.slow
def test_the_manifest_names_the_machines_of_the_dask_workers_not_only_the_command_s(
    small, tmp_path
):
    """On a Dask cluster the workers compute the runs, and their numpy may take other code for
    ``exp`` than the command's machine (AVX-512 or not: last digits differ now and then). The
    manifest named only the command's machine. Here the worker's numpy is told to use none of
    its optional processor features (``NPY_DISABLE_CPU_FEATURES``), as on an older machine:
    ``machines`` names the worker's, ``machine`` still the command's."""
    config, _ = small
    env, worker = plain_numpy_worker()
    (tmp_path / "dask").mkdir()
    with dask_on_loopback(tmp_path / "dask", workers=1, env=env) as cluster:
        done = rapport("sweep", config, "--out", tmp_path / "out", "--address", cluster.address)
    assert done.returncode == 0, done.stderr
    manifest = ResultStore(tmp_path / "out").read_manifest()
    assert manifest["machines"] == [{**worker, "runs": 18}]
    assert manifest["machine"] == machine_facts()  # the command's, with its numpy's targets
    if machine_facts()["numpy_simd"]:  # any x86-64 machine with AVX2
        assert manifest["machine"]["numpy_simd"] != worker["numpy_simd"]


# --- workers and sweeps that die ---------------------------------------------------------------


@pytest.mark.slow
def test_a_killed_worker_process_loses_no_runs(slow, tmp_path):
    config, whole = slow
    env, gate = gated(tmp_path / "gate")
    out = tmp_path / "out"
    proc = start_sweep(config, out, "--workers", "2", env=env)
    try:
        workers = wait_until(
            lambda: chunks_on_disk(out) >= 1 and worker_processes(proc.pid),
            60,
            "worker processes and a first chunk",
        )
        assert proc.poll() is None, "the sweep ended before a worker could be killed"
        os.kill(workers[0], signal.SIGKILL)
        gate.touch()
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        gate.touch()
        stop(proc)
    assert proc.returncode == 0, stderr
    assert "a worker process died; resubmitting its runs" in stderr
    assert counts(stdout) == (40, 0, 0)
    assert_same_results(assert_each_run_once(out, config), whole)


@pytest.mark.slow
def test_a_sweep_killed_with_sigkill_resumes_with_only_the_missing_runs(slow, tmp_path):
    config, whole = slow
    env, _ = gated(tmp_path / "gate")  # never opened: the kill lands mid-sweep
    out = tmp_path / "out"
    proc = start_sweep(config, out, "--workers", "2", env=env)
    try:
        wait_until(lambda: chunks_on_disk(out) >= 2, 60, "two chunks on disk")
        kill_group(proc, signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        stop(proc)
    assert proc.returncode == -signal.SIGKILL
    saved = len(ResultStore(out).done_keys())
    assert 0 < saved < 40, "the kill should land mid-sweep"

    again = rapport("sweep", config, "--out", out, "--workers", "2", "--no-report")
    assert again.returncode == 0, again.stderr
    assert f"40 runs, {saved} already on disk" in again.stderr
    assert counts(again.stdout) == (40 - saved, saved, 0)
    manifest = ResultStore(out).read_manifest()
    runs = manifest["runs"]
    assert runs == {"total": 40, "done_before": saved, "done": 40, "failed": 0, "missing": 0}
    # the killed command wrote no manifest, but its chunks name the machine that ran them
    assert manifest["machines"] == [{**json.loads(worker_machine()), "runs": 40}]
    assert_same_results(assert_each_run_once(out, config), whole)


@pytest.mark.slow
def test_ctrl_c_saves_finished_runs_and_says_how_to_resume(slow, tmp_path):
    config, whole = slow
    gate, out, proc = gated_sweep(config, tmp_path)
    try:
        wait_until(lambda: chunks_on_disk(out) >= 1, 60, "a first chunk on disk")
        kill_group(proc, signal.SIGINT)
        # Runs at 50 h/week are still held: the Ctrl-C landed mid-sweep. Once the sweep has
        # stopped saving (its manifest says when it finished), the held runs may end, and the
        # workers with them.
        wait_until(lambda: ResultStore(out).read_manifest()["finished"], 60, "the sweep's end")
        gate.touch()
        _, stderr = proc.communicate(timeout=60)
    finally:
        gate.touch()
        stop(proc)
    assert proc.returncode == 130, stderr
    assert "Interrupted: finished runs are saved" in stderr
    assert "Run the same command again" in stderr
    assert "Traceback" not in stderr
    store = ResultStore(out)
    saved = store.done_keys()
    assert 0 < len(saved) < 40
    # Every run the sweep counted as finished is on disk, and nothing is on disk twice.
    manifest = store.read_manifest()
    assert manifest["runs"]["done"] == len(saved)
    assert not results(out).duplicated(["run_key", "week"]).any()
    # "finished" is when the command ended; the manifest says the sweep is not (an analyst's
    # audit read "finished" beside the missing runs as a finished sweep)
    assert manifest["finished"] and manifest["runs"]["missing"] == 40 - len(saved)
    assert (manifest["complete"], manifest["interrupted"]) == (False, True)

    again = rapport("sweep", config, "--out", out, "--workers", "2", "--no-report")
    assert again.returncode == 0, again.stderr
    assert counts(again.stdout) == (40 - len(saved), len(saved), 0)
    assert_same_results(assert_each_run_once(out, config), whole)
    manifest = ResultStore(out).read_manifest()
    assert (manifest["complete"], manifest["interrupted"]) == (True, False)


def test_a_stopped_pool_has_ended_its_manager_thread_and_workers_when_the_stop_returns():
    """In one CI run a Ctrl-C'd sweep printed a traceback, "OSError: [Errno 9] Bad file
    descriptor", after its one line: Python's exit (CPython 3.12.1) writes to each pool's
    wake-up pipe without the pool's lock, while the pool's manager thread, seeing its workers
    terminated, was closing that pipe. A stop now returns only once that thread has ended, so
    the pipe is marked closed before any exit can reach it."""
    pool = ProcessPoolExecutor(2, initializer=execute_module.start_worker, initargs=(os.getpid(),))
    futures = [pool.submit(time.sleep, 60) for _ in range(4)]
    wait_until(lambda: sum(f.running() for f in futures) >= 2, 30, "two tasks executing")
    manager, workers = pool._executor_manager_thread, list(pool._processes.values())
    wakeup = process._threads_wakeups[manager]
    execute_module.shut_down(pool, stop_running=True)
    assert not manager.is_alive()
    assert wakeup._closed  # Python's exit now leaves the pipe alone
    assert not any(worker.is_alive() for worker in workers)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("stop_signal", "to", "code"),
    [
        (signal.SIGINT, "its process group", 130),  # Ctrl-C in a terminal
        (signal.SIGTERM, "the command", 143),  # kill PID: the command stops its workers
        (signal.SIGTERM, "its process group", 143),  # a batch system's or container's stop
    ],
    ids=["ctrl-c", "sigterm", "sigterm-to-group"],
)
def test_a_stop_does_not_wait_for_runs_still_executing_and_leaves_no_worker(
    stop_signal, to, code, slow, tmp_path
):
    """An audit: a Ctrl-C waited for every group already handed to the local workers (Python's
    exit joins a pool's processes), 23 s after the signal in one sweep, then threw those runs
    away; a second Ctrl-C during that wait hung the command for good. SIGTERM's default ended
    the sweep at once: exit code -15, no word, the finished runs of the last seconds lost and
    the manifest unfinished. Here the runs at 50 h are held and never let go: the sweep must
    exit on its own, with the shell's code for the signal, its finished runs saved, its manifest
    finished and no worker process left in its group."""
    config, whole = slow
    gate, out, proc = gated_sweep(config, tmp_path)
    try:
        wait_until(lambda: chunks_on_disk(out) >= 1, 60, "a first chunk on disk")
        held = gate.with_name(gate.name + "-held")
        wait_until(held.exists, 120, "a worker holding a run at 50 h")
        if to == "the command":
            proc.send_signal(stop_signal)
        else:
            kill_group(proc, stop_signal)
        _, stderr = proc.communicate(timeout=30)  # the held runs never end: no waiting for them
        left = left_in_group(proc)
    finally:
        gate.touch()
        stop(proc)
    assert proc.returncode == code, stderr
    assert "Interrupted: finished runs are saved" in stderr and "Traceback" not in stderr
    assert left == [], f"worker processes left behind: {left}"
    store = ResultStore(out)
    manifest = store.read_manifest()
    assert manifest["finished"] is not None
    assert manifest["runs"]["done"] == len(store.done_keys()) > 0
    again = rapport("sweep", config, "--out", out, "--workers", "2", "--no-report")
    assert again.returncode == 0, again.stderr
    assert_same_results(assert_each_run_once(out, config), whole)


@pytest.mark.slow
@STOPS
def test_a_stop_while_the_workers_start_prints_no_worker_s_traceback(
    small, tmp_path, signum, group, code
):
    """A forked worker handles Ctrl-C and SIGTERM as its parent does until its initializer
    (``start_worker``) sets its own handlers: a Ctrl-C to the group in that moment printed the
    worker's KeyboardInterrupt traceback under the sweep's one line, and the SIGTERM with which
    a stop ends its workers printed "Exception in initializer" and a traceback. Workers are now
    born with both blocked (``WorkerPool``), and a stop kills those that do not end on SIGTERM.
    Here they are held just before ``start_worker``; on the previous code the tracebacks were
    printed."""
    config, _ = small
    out = tmp_path / "out"
    env, gate = gated_env(tmp_path, holding("experiments.execute", "start_worker"))
    command = [RAPPORT, "sweep", str(config), "--out", str(out), "--no-report", "--quiet"]
    command += ["--workers", "2"]
    said = (
        f"Interrupted: finished runs are saved in {out}/. Run the same command again to execute "
        "only the missing ones."
    )
    assert_stopped_at_once(stopped_while_held(command, env, gate, signum, group), code, said)


# A sweep's progress line in a log ("[sweep] 20/40 runs: done 20, ..."), printed every 10 s.
PROGRESS = re.compile(r"\[sweep\] \d+/\d+ runs: ")


@pytest.mark.slow
def test_a_lost_dask_scheduler_stops_the_sweep_in_one_line_and_fails_no_run(slow, tmp_path):
    """An audit killed the scheduler mid-sweep: every run in flight was recorded as failed
    (Dask cancels a client's futures when it loses its scheduler), an 89-line traceback
    followed, and ``rapport report`` then said "32 failed" as if the model had failed. Now the
    sweep says in one line what happened, records no failure, and the same command on a new
    cluster executes only the missing runs, to the same results."""
    config, whole = slow
    env, gate = gated(tmp_path / "gate")  # the workers hold the runs at 50 h: the loss is mid-sweep
    out = tmp_path / "out"
    (tmp_path / "dask").mkdir()
    try:
        with dask_on_loopback(tmp_path / "dask", env=env) as cluster:
            proc = start_sweep(config, out, "--address", cluster.address)
            try:
                wait_until(lambda: chunks_on_disk(out) >= 1, 60, "a first chunk on disk")
                held = gate.with_name(gate.name + "-held")
                wait_until(held.exists, 120, "a worker holding a run at 50 h")
                kill_group(cluster.scheduler, signal.SIGKILL)
                stdout, stderr = proc.communicate(timeout=60)
            finally:
                stop(proc)
    finally:
        gate.touch()
    assert proc.returncode == 1, stderr
    # (a progress line comes every 10 s: on a busy machine the sweep ran that long before the
    # kill, and a CI run failed on it; the claim is about what the loss prints)
    lines = [line for line in stderr.splitlines() if line.strip() and not PROGRESS.match(line)]
    assert lines[-1].startswith(
        f"[sweep] lost the connection to the Dask scheduler at {cluster.address}: finished runs "
        f"are saved in {out}/, none of the others counts as failed."
    ), stderr
    assert len(lines) == 2 and "Traceback" not in stderr and "ERROR" not in stderr, stderr
    assert stdout == ""  # no summary line counting runs as executed or failed
    store = ResultStore(out)
    saved = len(store.done_keys())
    runs = store.read_manifest()["runs"]
    assert runs == {
        "total": 40,
        "done_before": 0,
        "done": saved,
        "failed": 0,
        "missing": 40 - saved,
    }
    assert 0 < saved < 40 and not (out / "failures").exists()

    (tmp_path / "again").mkdir()
    with dask_on_loopback(tmp_path / "again") as fresh:
        again = rapport("sweep", config, "--out", out, "--address", fresh.address, "--no-report")
    assert again.returncode == 0, again.stderr
    assert counts(again.stdout) == (40 - saved, saved, 0)
    assert_same_results(assert_each_run_once(out, config), whole)


@pytest.mark.slow
def test_a_cluster_that_loses_its_last_worker_says_so_and_goes_on_when_one_joins(slow, tmp_path):
    """Dask lets the runs wait when every worker is gone; the sweep waited without a word."""
    config, whole = slow
    env, gate = gated(tmp_path / "gate")  # the worker holds the runs at 50 h: it dies mid-sweep
    out = tmp_path / "out"
    (tmp_path / "dask").mkdir()
    log = tmp_path / "stderr.txt"
    try:
        with dask_on_loopback(tmp_path / "dask", workers=1, env=env) as cluster:
            with log.open("w") as stderr:
                command = ["sweep", config, "--out", out, "--no-report"]
                proc = subprocess.Popen(
                    [RAPPORT, *command, "--address", cluster.address],
                    cwd=REPO,
                    env=child_env(),
                    stdout=subprocess.PIPE,
                    stderr=stderr,
                    text=True,
                    start_new_session=True,
                )
            try:
                wait_until(gate.with_name(gate.name + "-held").exists, 120, "a held run at 50 h")
                kill_group(cluster.workers[0], signal.SIGKILL)  # the worker and its nanny
                note = wait_until(
                    lambda: next((ln for ln in log.read_text().splitlines() if "[dask]" in ln), 0),
                    60,
                    "the note on the lost workers",
                )
                assert proc.poll() is None, "the sweep ended without its workers"
                where = ["--no-dashboard", "--local-directory", str(tmp_path / "joined")]
                joined = subprocess.Popen(
                    [str(BIN / "dask"), "worker", cluster.address, "--nthreads", "1", *where],
                    cwd=REPO,
                    env=child_env(),
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    start_new_session=True,
                )
                try:
                    stdout, _ = proc.communicate(timeout=120)
                finally:
                    stop(joined)
            finally:
                stop(proc)
    finally:
        gate.touch()
    assert note == (
        f"[dask] the scheduler at {cluster.address} has no workers left; the runs wait until one "
        f"joins (`dask worker {cluster.address}`)"
    )
    assert proc.returncode == 0, log.read_text()
    assert counts(stdout) == (40, 0, 0)
    assert_same_results(assert_each_run_once(out, config), whole)


def test_a_ctrl_c_as_a_chunk_lands_on_disk_saves_its_runs_once(small, tmp_path, monkeypatch):
    """A real SIGINT the moment a chunk has been renamed into place, before the sweep forgot the
    runs in it. The KeyboardInterrupt used to be raised there, and the sweep's final flush wrote
    the same runs again: duplicated (run_key, week) rows after a Ctrl-C."""
    config, serial = small
    append_results = ResultStore.append_results
    chunks: list[Path] = []

    def append_then_ctrl_c(store: ResultStore, columns: dict[str, list], machine: str) -> Path:
        chunks.append(append_results(store, columns, machine))
        if len(chunks) == 1:
            signal.raise_signal(signal.SIGINT)
        return chunks[-1]

    monkeypatch.setattr(ResultStore, "append_results", append_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(load_sweep(config), tmp_path, workers=1, quiet=True)
    monkeypatch.undo()
    store = ResultStore(tmp_path)
    saved = store.done_keys()
    assert 0 < len(saved) < 18
    assert not results(tmp_path).duplicated(["run_key", "week"]).any()
    assert store.read_manifest()["runs"]["done"] == len(saved)

    again = run_sweep(load_sweep(config), tmp_path, workers=1, quiet=True)
    assert (again.skipped, again.done, again.failed) == (len(saved), 18 - len(saved), 0)
    assert_same_results(assert_each_run_once(tmp_path, config), serial)


def test_a_ctrl_c_raised_as_the_first_group_is_handed_over_still_ends_the_workers(
    small, tmp_path, monkeypatch
):
    """A Ctrl-C that ``WorkerPool.submit`` delivers as it returns leaves the group it had just
    handed over unrecorded: no group was in flight, so the stop let the workers be, and Python's
    exit waited for them (a sweep stopped with ``kill PID`` hung in about one run of three).
    Here the workers never finish starting (SIGTERM stays blocked in them): the stop must still
    end them, killing what does not end on SIGTERM."""
    config, _ = small
    submit, workers = execute_module.WorkerPool.submit, []

    def submit_then_ctrl_c(self, fn, /, *args, **kwargs):
        future = submit(self, fn, *args, **kwargs)
        workers.extend(self._processes.values())  # forked at the first submit
        signal.raise_signal(signal.SIGINT)
        return future

    def never_started(*args: Any) -> None:
        while True:
            time.sleep(1)

    monkeypatch.setattr(execute_module.WorkerPool, "submit", submit_then_ctrl_c)
    monkeypatch.setattr(execute_module, "start_worker", never_started)
    try:
        with pytest.raises(KeyboardInterrupt):
            run_sweep(load_sweep(config), tmp_path, workers=2, quiet=True)
        assert len(workers) == 2
        assert not [w.pid for w in workers if w.is_alive()], "workers left running"
    finally:
        for worker in workers:
            worker.kill()


def test_local_workers_are_forked_even_after_mesa_batch_run_made_spawn_the_default(small, tmp_path):
    """``mesa.batch_run`` sets the whole process's start method to "spawn"; a sweep run after
    it in the same process (a notebook comparing both) spawned its workers, importing everything
    again (and the test above, run after Mesa's in one process, could not hand over its local
    initializer). The pool forks its workers wherever the system can."""
    import multiprocessing

    import mesa

    from tests.test_recording import KeywordModel

    config, serial = small
    before = multiprocessing.get_start_method(allow_none=True)
    try:
        mesa.batch_run(KeywordModel, {"effort": 40.0}, rng=[5], max_steps=2, display_progress=False)
        assert multiprocessing.get_start_method() == "spawn"  # what Mesa leaves behind
        pool = execute_module.WorkerPool(1)
        assert pool._mp_context.get_start_method() == "fork"
        pool.shutdown()
        outcome = run_sweep(load_sweep(config), tmp_path, workers=2, quiet=True)
        assert (outcome.done, outcome.failed) == (18, 0)
        assert_same_results(assert_each_run_once(tmp_path, config), serial)
    finally:
        multiprocessing.set_start_method(before, force=True)


# Page faults of one group of 128 default runs in one Dask worker process: as Dask starts it,
# then through the function the Dask backend submits (``execute_runs_on_dask``).
PAGE_FAULTS = """
import json, resource, sys
from distributed import Client
from experiments.config import load_sweep
from sim.machine import machine_facts, worker_machine
from experiments.sweep import plan_sweep, tasks_for


def faults(group, dask_backend):
    from experiments.runner import execute_runs, execute_runs_on_dask

    run = execute_runs_on_dask if dask_backend else execute_runs
    run(group)  # imports, and the heap grown to what the group needs
    before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
    outcomes = run(group)
    assert len(outcomes) == 128 and all(o.error is None for o in outcomes)
    return resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before


sweep = load_sweep(sys.argv[2])
group = list(tasks_for(sweep, plan_sweep(sweep), set()))[:128]
with Client(sys.argv[1], timeout="30s") as client:
    worker = sorted(client.scheduler_info()["workers"])[0]
    env = client.run(lambda: __import__("os").environ.get("MALLOC_TRIM_THRESHOLD_"))[worker]
    plain = client.submit(faults, group, False, workers=[worker], pure=False).result()
    dask = client.submit(faults, group, True, workers=[worker], pure=False).result()
print(json.dumps({"env": env, "plain": plain, "dask": dask}))
"""


@pytest.mark.slow
def test_dask_workers_serve_large_arrays_without_faulting_their_pages_in_each_time(tmp_path):
    """Dask's nanny sets MALLOC_TRIM_THRESHOLD_, which freezes glibc's mmap threshold: every
    temporary array of batched worlds was mapped afresh and its pages faulted in (sweeps on
    Dask ran ~3x slower than on local processes). Groups the Dask backend sends fault less.
    Since the phases run as compiled kernels (few temporary arrays) both sides fault little (a
    few thousand pages for 132 runs, from ~0.9 million before the kernels), so the claim is
    that the Dask worker still faults less, not five times less.
    """
    # default-size runs (20 reps x 40 customers x 52 weeks), 3 x 2 x 22 = 132 of them
    sweep = {**SMALL["sweep"], "replications": 22}
    config = write_config(tmp_path, SMALL, name="faults", set={}, sweep=sweep)
    # A cluster of its own: a worker that already ran a Dask sweep keeps the raised threshold
    # for good, and the "plain" side would no longer measure what Dask starts a worker with.
    (tmp_path / "dask").mkdir()
    with dask_on_loopback(tmp_path / "dask", workers=1) as fresh:
        done = subprocess.run(
            [sys.executable, "-c", PAGE_FAULTS, fresh.address, str(config)],
            cwd=REPO,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    assert measured["env"] == "65536"  # the cause, as Dask sets it
    assert measured["dask"] < measured["plain"], measured


# --- failing runs ------------------------------------------------------------------------------

# Makes every run at 50 h/week raise, in whichever process runs it (workers inherit PYTHONPATH).
# Runs at 50 h/week raise, alone or in a batch of worlds (which then runs its worlds singly).
FAILING_RUNS = """
import sim.batch
import sim.model

_run = sim.model.RapportModel.run
_run_worlds = sim.batch.Worlds.run


def run(self, weeks=None):
    if self.params.reps.effort_hours == 50:
        raise RuntimeError("injected failure at 50 h/week")
    return _run(self, weeks)


def run_worlds(self):
    if any(s.reps.effort_hours == 50 for s in self.scenarios):
        raise RuntimeError("injected failure at 50 h/week")
    return _run_worlds(self)


sim.model.RapportModel.run = run
sim.batch.Worlds.run = run_worlds
"""


@pytest.mark.slow
def test_a_failing_run_is_recorded_and_the_rest_complete(small, tmp_path):
    config, serial = small
    inject = tmp_path / "inject"
    inject.mkdir()
    (inject / "sitecustomize.py").write_text(FAILING_RUNS, encoding="utf-8")
    broken = child_env(PYTHONPATH=f"{inject}{os.pathsep}{REPO}")
    out = tmp_path / "out"

    def is_50(values: dict[str, Any]) -> bool:
        return values["reps.effort_hours"] == 50

    failing = planned_keys(config, is_50)
    assert len(failing) == 6

    first = rapport("sweep", config, "--out", out, "--workers", "2", "--no-report", env=broken)
    assert first.returncode == 1, first.stderr
    assert counts(first.stdout) == (12, 0, 6)
    assert "6 run(s) failed" in first.stderr
    assert "reps.effort_hours=50" in first.stderr
    assert "RuntimeError: injected failure at 50 h/week" in first.stderr
    assert_each_run_once(out, config, keys=planned_keys(config, lambda v: not is_50(v)))
    failures = ResultStore(out).read_failures()
    assert set(failures["run_key"]) == failing and len(failures) == 6
    assert failures["error"].str.startswith("RuntimeError: injected failure at 50 h/week").all()
    for text in failures["parameters"]:
        assert json.loads(text)["reps.effort_hours"] == 50
    runs = ResultStore(out).read_manifest()["runs"]
    assert (runs["done"], runs["failed"], runs["missing"]) == (12, 6, 6)

    # Failed runs are retried: still failing, they are recorded once, not once per attempt.
    second = rapport("sweep", config, "--out", out, "--workers", "2", "--no-report", env=broken)
    assert second.returncode == 1
    assert counts(second.stdout) == (0, 12, 6)
    failures = ResultStore(out).read_failures()
    assert set(failures["run_key"]) == failing and len(failures) == 6

    # Once the cause is gone, the retry completes the sweep with the serial results.
    fixed = rapport("sweep", config, "--out", out, "--workers", "2", "--no-report")
    assert fixed.returncode == 0, fixed.stderr
    assert counts(fixed.stdout) == (6, 12, 0)
    assert ResultStore(out).read_failures().empty
    assert_same_results(results(out), serial)


def test_a_ctrl_c_in_a_serial_sweep_stops_it_at_once(small, tmp_path, monkeypatch):
    """A real SIGINT while the serial sweep runs its first group of runs: no further group
    runs (a Ctrl-C kept in the group's future let the sweep run the next groups first), and
    the resumed sweep gives the serial results."""
    config, serial = small
    run_batch = Worlds.run
    batches: list[int] = []

    def run_then_ctrl_c(worlds: Worlds) -> Worlds:
        batches.append(worlds.W)
        run_batch(worlds)
        signal.raise_signal(signal.SIGINT)
        return worlds

    monkeypatch.setattr(Worlds, "run", run_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        run_sweep(load_sweep(config), tmp_path, workers=1, quiet=True)
    monkeypatch.undo()
    assert len(batches) == 1 and batches[0] < 18
    again = run_sweep(load_sweep(config), tmp_path, workers=1, quiet=True)
    assert (again.done, again.failed) == (18 - again.skipped, 0)
    assert_same_results(assert_each_run_once(tmp_path, config), serial)


# --- a folder belongs to one config ------------------------------------------------------------


def test_a_changed_config_is_refused_unless_forced(small, tmp_path, monkeypatch, capsys):
    # One worker runs in this process (rapport_in_process); the moved config's two, a process.
    config, serial = small
    out = tmp_path / "out"
    first = rapport_in_process(
        monkeypatch, capsys, "sweep", config, "--out", out, "--no-report", "--quiet"
    )
    assert first.returncode == 0, first.stderr

    # Where and how it executes is not part of the config's identity: it resumes.
    moved = write_config(tmp_path / "moved", SMALL, execution={"workers": 2, "chunk_runs": 50})
    resumed = rapport("sweep", moved, "--out", out, "--no-report", "--quiet")
    assert resumed.returncode == 0, resumed.stderr
    assert counts(resumed.stdout) == (0, 18, 0)

    changed = write_config(tmp_path / "changed", SMALL, sweep={**SMALL["sweep"], "seed": 8})
    refused = rapport_in_process(monkeypatch, capsys, "sweep", changed, "--out", out, "--no-report")
    assert refused.returncode == 2
    assert refused.stdout == ""
    message = refused.stderr.strip()
    assert "\n" not in message
    assert message.startswith(f"rapport: error: {out}: holds results of a different config")
    assert "--force" in message
    assert_same_results(results(out), serial)  # untouched

    forced = rapport_in_process(
        monkeypatch, capsys, "sweep", changed, "--out", out, "--no-report", "--force", "--quiet"
    )
    assert forced.returncode == 0, forced.stderr
    assert counts(forced.stdout) == (18, 0, 0)
    assert_each_run_once(out, changed)
    assert not set(results(out)["run_key"]) & set(serial["run_key"])


def test_a_finished_folders_own_config_runs_its_sweep_again(small, tmp_path, monkeypatch, capsys):
    """As its report says: `rapport sweep config.yaml --out DIR` with a folder's config.yaml
    gives the very same runs in a new folder, and finds them all done in its own. (In this
    process: the config executes on one worker.)"""
    config, serial = small
    folder = tmp_path / "finished"
    shutil.copytree(config.parent / "serial", folder)
    own = folder / "config.yaml"
    dry = rapport_in_process(
        monkeypatch, capsys, "sweep", own, "--out", tmp_path / "dry", "--dry-run"
    )
    assert dry.returncode == 0, dry.stderr
    assert "6 design points x 3 replications = 18 runs" in dry.stdout
    again = rapport_in_process(
        monkeypatch, capsys, "sweep", own, "--out", tmp_path / "again", "--no-report"
    )
    assert again.returncode == 0, again.stderr
    assert counts(again.stdout) == (18, 0, 0)
    assert_same_results(results(tmp_path / "again"), serial)
    resumed = rapport_in_process(monkeypatch, capsys, "sweep", own, "--out", folder)
    assert resumed.returncode == 0, resumed.stderr
    assert counts(resumed.stdout) == (0, 18, 0)
    page = (folder / "report.html").read_text(encoding="utf-8")
    assert "Run `rapport sweep config.yaml --out DIR` on this folder&#x27;s config.yaml" in page


# --- progress ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_long_sweep_s_progress_line_says_its_time_left_in_minutes_or_hours_and_when_it_ends(
    monkeypatch, lang
):
    """An analyst read "ETA 38,214 s" in a night's log; the line now says 10.6 h and the time
    of day the sweep expects to end."""

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 6, 22, 10)

    monkeypatch.setattr(execute_module, "datetime", Clock)
    progress = execute_module.Progress(total=10_000, skipped=0)
    stream = io.StringIO()
    reporter = execute_module.Reporter(progress, stream=stream, lang=lang)
    for left in (42.0, 1260.0, 38_214.0):
        monkeypatch.setattr(progress, "eta", lambda left=left: left)
        reporter.log()
    eta, until = {"en": ("ETA", "about"), "de": ("Restzeit", "fertig gegen")}[lang]
    hours = {"en": "10.6 h", "de": "10,6\u00a0h"}[lang]
    assert [line.split("; ")[-1] for line in stream.getvalue().splitlines()] == [
        f"{eta} 42 s",
        f"{eta} 21 min ({until} 22:31)",
        f"{eta} {hours} ({until} 08:46)",  # 22:10 and 10 h 36 min 54 s
    ]


def test_progress_is_plain_log_lines_when_not_a_terminal(small, tmp_path, monkeypatch):
    config, _ = small
    monkeypatch.setattr(execute_module, "LOG_SECONDS", 0.0)
    stream = io.StringIO()
    outcome = run_sweep(load_sweep(config), tmp_path, workers=1, stream=stream)
    assert (outcome.done, outcome.failed) == (18, 0)
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert lines[0] == (
        "[sweep] small: 18 runs, 0 already on disk, executing the rest on this process (serial)"
    )
    pattern = re.compile(
        r"\[sweep\] (\d+)/18 runs: done \1, failed 0, skipped 0 \(already on disk\); "
        r"ETA (\?|[\d.]+ s)"
    )
    assert lines[1:] and all(pattern.fullmatch(line) for line in lines[1:]), lines
    assert lines[-1].startswith("[sweep] 18/18 runs")

    quiet = io.StringIO()
    run_sweep(load_sweep(config), tmp_path / "quiet", workers=1, stream=quiet, quiet=True)
    assert quiet.getvalue() == ""


def test_a_sweep_command_announces_itself_on_stderr(small, tmp_path):
    config, _ = small
    done = rapport("sweep", config, "--out", tmp_path, "--workers", "2", "--no-report")
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(
        "[sweep] small: 18 runs, 0 already on disk, executing the rest on 2 local worker processes"
    )


# --- memory ------------------------------------------------------------------------------------

PEAK_RSS = """
import resource, sys
from experiments.config import load_sweep
from sim.machine import machine_facts, worker_machine
from experiments.sweep import run_sweep
run_sweep(load_sweep(sys.argv[1]), sys.argv[2], workers=1, quiet=True)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)
"""


@pytest.mark.slow
def test_memory_stays_flat_as_a_sweep_grows(tmp_path):
    """Four times the runs, about the same peak: a parent that kept every run's rows (about
    12 kB each here) would grow by about 15 MB between these two sweeps."""

    def peak_mb(replications: int) -> int:
        tiny = {
            "name": f"tiny-{replications}",
            "set": {"reps.count": 1, "customers.per_rep": 2, "simulation.weeks": 20},
            "sweep": {
                "method": "grid",
                "parameters": {"reps.effort_hours": {"start": 5, "stop": 60, "num": 50}},
                "replications": replications,
            },
            "record": {"every": 1, "metrics": list(METRICS)},
            "execution": {"chunk_runs": 50},
        }
        config = write_config(tmp_path, tiny)
        done = subprocess.run(
            [sys.executable, "-c", PEAK_RSS, str(config), str(tmp_path / tiny["name"])],
            cwd=REPO,
            env=child_env(),
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        return int(done.stdout.split()[-1])

    smaller, larger = peak_mb(8), peak_mb(32)  # 400 and 1,600 runs
    assert larger - smaller < 10, f"peak RSS {smaller} MB for 400 runs, {larger} MB for 1,600"


@pytest.mark.slow
def test_a_scheduler_without_workers_is_named_instead_of_a_silent_wait(tmp_path):
    """Dask lets the runs wait until a worker joins; the sweep sat there without a word."""
    config = write_config(tmp_path / "config", SMALL)
    (tmp_path / "dask").mkdir()
    with dask_on_loopback(tmp_path / "dask", workers=0) as cluster:
        log = tmp_path / "stderr.txt"
        with log.open("w") as stderr:
            sweep = subprocess.Popen(
                [RAPPORT, "sweep", config, "--out", tmp_path / "out", "--address", cluster.address],
                cwd=REPO,
                env=child_env(),
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                start_new_session=True,
            )
        try:
            note = wait_until(
                lambda: next((ln for ln in log.read_text().splitlines() if "[dask]" in ln), None),
                60,
                "the note on the missing workers",
            )
        finally:
            stop(sweep)
    assert note == (
        f"[dask] the scheduler at {cluster.address} has no workers yet; the runs wait until one "
        f"joins (`dask worker {cluster.address}`)"
    )


def test_a_closed_connection_to_a_lost_scheduler_is_not_logged_with_its_traceback(caplog):
    """In CI the scheduler died while the client gathered results, and Tornado logged the
    closed connection as an error with a 50-line traceback under the sweep's one line that says
    the scheduler is lost. Within the Dask backend such records are dropped; others pass."""
    from distributed.comm.core import CommClosedError

    from experiments.execute import without_lost_connections

    logger = logging.getLogger("tornado.application")

    def log(exc: Exception) -> None:
        try:
            raise exc
        except Exception:
            logger.error("Exception in callback", exc_info=True)

    with caplog.at_level(logging.ERROR, logger="tornado.application"):
        with without_lost_connections():
            log(CommClosedError("in <TCP (closed) ConnectionPool.gather>: reset by peer"))
            log(ValueError("something else"))
        log(CommClosedError("outside the backend"))
    said = [record.exc_info[1].args[0] for record in caplog.records]
    assert said == ["something else", "outside the backend"]


# --- same results on every backend; the module's Dask cluster, last (it runs from its first
# use to the file's end, about 6 % of a core while idle) ------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["local processes", "dask cluster"])
def test_every_backend_gives_the_serial_results(backend, small, tmp_path, request):
    config, serial = small
    if backend == "local processes":
        where = ["--workers", "2"]
    else:
        where = ["--address", request.getfixturevalue("dask_cluster").address]
    done = rapport("sweep", config, "--out", tmp_path, *where, "--no-report")
    assert done.returncode == 0, done.stderr
    assert counts(done.stdout) == (18, 0, 0)
    label = "2 local worker processes" if backend == "local processes" else "Dask cluster at"
    assert label in done.stderr
    assert_same_results(assert_each_run_once(tmp_path, config), serial)
    # every run is attributed to the machine that ran it: here, where the workers run too
    machines = ResultStore(tmp_path).read_manifest()["machines"]
    assert machines == [{**json.loads(worker_machine()), "runs": 18}]


@pytest.mark.slow
def test_a_killed_dask_worker_loses_no_runs(slow, dask_cluster, tmp_path):
    config, whole = slow
    proc = start_sweep(config, tmp_path, "--address", dask_cluster.address)
    try:
        wait_until(lambda: chunks_on_disk(tmp_path) >= 1, 60, "a first chunk on disk")
        victim = wait_until(
            lambda: worker_processes(dask_cluster.workers[0].pid), 10, "a Dask worker process"
        )
        assert proc.poll() is None, "the sweep ended before a worker could be killed"
        os.kill(victim[0], signal.SIGKILL)  # its nanny starts a new one; the scheduler reschedules
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        stop(proc)
    assert proc.returncode == 0, stderr
    assert counts(stdout) == (40, 0, 0)
    assert_same_results(assert_each_run_once(tmp_path, config), whole)


@pytest.mark.slow
def test_the_dask_backend_submits_runs_without_hashing_them_into_the_task_name(
    small, dask_cluster, tmp_path
):
    """Dask names a task by hashing its arguments unless told otherwise; for groups of runs
    that hashing took most of the submitting process's CPU. The same group submitted twice is
    two tasks (a hashed name would make it one), each with the group's results."""
    config, _ = small
    sweep = load_sweep(config)
    group = list(tasks_for(sweep, plan_sweep(sweep), set()))[:3]
    with execute_module.open_executor(address=dask_cluster.address) as backend:
        executor = backend.make()
        first, second = (executor.submit(backend.run, group) for _ in range(2))
        # Dask's executor keeps the Dask futures behind the concurrent.futures ones it returns.
        assert len({future.key for future in executor._futures}) == 2
        outcomes = [first.result(timeout=60), second.result(timeout=60)]
    for outcome in outcomes:
        assert [o.task.key for o in outcome] == [t.key for t in group]
        assert all(o.error is None for o in outcome)
    assert outcomes[0][0].columns == outcomes[1][0].columns
