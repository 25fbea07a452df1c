"""Claims about the results folder of a sweep: nothing lost, nothing shared, nothing stored twice.

Every sweep here writes real files; folders are damaged, locked and grown as a careless user (or
a crash) would; workers' parents are killed with SIGKILL. Sweeps whose claim is about processes
(a lock another process holds, two sweeps at once, kills, worker processes, more than one worker,
a Dask scheduler's address, a time limit) are real ``rapport sweep`` processes, and so is the
small config's reference sweep (the ``small`` fixture); the rest run the same command in this
process on one worker (``rapport_in_process``), as the installed script runs it, without a
process's start-up.
"""

from __future__ import annotations

import json
import os
import platform
import re
import shutil
import signal
import socket
import time
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
import yaml

from experiments import execute as execute_module
from experiments.config import Record, nobody_listens
from experiments.execute import Buffer, available_cores
from experiments.refusals import PREFIX
from experiments.runner import RunOutcome, RunTask
from experiments.store import LOCK_NAME, ResultStore
from sim import MODEL_VERSION, parquet
from sim.machine import machine_facts, worker_machine
from sim.params import ConfigError
from tests import test_sweep_execution
from tests.helpers import (
    free_port,
    rapport_for_a_module,
    rapport_in_process,
    service_that_never_answers,
)
from tests.test_sweep_execution import (
    SLOW,
    SMALL,
    assert_each_run_once,
    assert_same_results,
    chunks_on_disk,
    counts,
    gated,
    kill_group,
    planned_keys,
    rapport,
    results,
    start_sweep,
    stop,
    wait_until,
    worker_processes,
    write_config,
)

# The small config and its serial results (a module-scoped fixture, shared with that module).
small = test_sweep_execution.small


def one_line_error(done, *, contains: str, lang: str = "en") -> str:
    """The command failed as bad input: exit 2, one line naming the problem, no traceback."""
    assert done.returncode == 2, (done.stdout, done.stderr)
    message = done.stderr.strip()
    assert "\n" not in message and "Traceback" not in message, message
    assert message.startswith(PREFIX[lang]) and contains in message, message
    assert len(re.sub(r"/\S+", "PATH", message)) < 400, message  # short, whatever the paths
    return message


def sweep_with_a_chunk_on_disk(config: Path, out: Path, env: dict[str, str] | None = None):
    """A ``--workers 2`` sweep, started, once its first chunk is on disk."""
    proc = start_sweep(config, out, "--workers", "2", env=env)
    try:
        wait_until(lambda: chunks_on_disk(out) >= 1, 60, "a first chunk on disk")
    except BaseException:
        stop(proc)
        raise
    return proc


def a_finished_sweep(config: Path, out: Path) -> None:
    """``out`` as ``rapport sweep CONFIG --out OUT --no-report`` leaves it for the small config:
    a copy of the fixture's finished sweep (the same files, without a process's start-up)."""
    shutil.copytree(config.parent / "serial", out)


# --- one sweep at a time -----------------------------------------------------------------------


@pytest.mark.slow
def test_a_second_sweep_on_a_busy_folder_is_refused_naming_the_holder(tmp_path):
    # The first sweep's last runs wait at a gate: it is still running while the second command
    # starts, however fast its runs or slow the machine, and it finishes once the gate opens.
    config = write_config(tmp_path, SLOW)
    env, gate = gated(tmp_path / "gate")
    out = tmp_path / "out"
    first = sweep_with_a_chunk_on_disk(config, out, env=env)
    try:
        second = rapport("sweep", config, "--out", out, "--no-report")
        assert first.poll() is None, "the first sweep ended before the second started"
        one_line_error(second, contains=f"in use by another rapport command (PID {first.pid})")
        gate.touch()
        stdout, stderr = first.communicate(timeout=300)
    finally:
        gate.touch()
        stop(first)
    assert first.returncode == 0, stderr
    assert counts(stdout) == (40, 0, 0)  # the refused command took nothing from the holder
    assert_each_run_once(out, config)


@pytest.mark.slow
@pytest.mark.parametrize("second", ["the same config", "another config"])
def test_two_sweeps_started_together_leave_each_run_stored_once(tmp_path, second):
    """Started at the same moment into one folder: one sweep owns the folder, the other is
    refused (busy, or holding another config's results); nothing is doubled or mixed."""
    one = write_config(tmp_path / "one", SLOW, execution={"workers": 1, "chunk_runs": 2})
    seed = SLOW["sweep"]["seed"] + (second == "another config")
    other = write_config(tmp_path / "other", SLOW, sweep={**SLOW["sweep"], "seed": seed})
    out = tmp_path / "out"
    procs = [start_sweep(config, out, "--workers", "1") for config in (one, other)]
    try:
        outputs = [proc.communicate(timeout=300) for proc in procs]
    finally:
        for proc in procs:
            stop(proc)
    codes = [proc.returncode for proc in procs]
    assert sorted(codes) == [0, 2], outputs
    assert_each_run_once(out, (one, other)[codes.index(0)])


@pytest.mark.slow
def test_the_lock_of_a_killed_sweep_is_taken_over(tmp_path):
    config = write_config(tmp_path, SLOW)
    out = tmp_path / "out"
    proc = sweep_with_a_chunk_on_disk(config, out)
    try:
        kill_group(proc, signal.SIGKILL)
        proc.communicate(timeout=30)
    finally:
        stop(proc)
    assert (out / LOCK_NAME).read_text().strip() == str(proc.pid)  # the dead holder's mark
    again = rapport("sweep", config, "--out", out, "--no-report", "--workers", "2")
    assert again.returncode == 0, again.stderr
    saved = counts(again.stdout)[1]
    assert 0 < saved < 40 and counts(again.stdout) == (40 - saved, saved, 0)
    assert_each_run_once(out, config)


@pytest.mark.slow
def test_a_copied_chunk_is_counted_once_and_the_sweep_sets_it_aside(
    monkeypatch, capsys, small, tmp_path
):
    """A chunk copied beside itself once made report and sweep fail ("run the sweep into a new
    --out"): the report now counts each run once and names the copy; the sweep moves it whole to
    quarantine/duplicates/ and the folder reads as before, nothing lost."""
    config, _ = small
    out = tmp_path / "out"
    a_finished_sweep(config, out)
    part = sorted((out / "results").glob("part-*.parquet"))[0]
    copy = part.with_name("part-99999999T000000000000-copy.parquet")
    shutil.copy(part, copy)
    runs = pq.read_table(part, columns=["run_key"])["run_key"].unique().to_pylist()
    done = rapport_in_process(monkeypatch, capsys, "report", out)  # the note goes to stderr
    assert done.returncode == 0, done.stderr
    assert (
        f"results/{copy.name}: {len(runs)} runs left out of the report: copies of runs "
        f"stored in results/{part.name}" in done.stderr
    )
    analysis = json.loads((out / "analysis.json").read_text())
    assert [lo["chunk"] for lo in analysis["left_out"]] == [f"results/{copy.name}"]
    again = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert again.returncode == 0, again.stderr
    assert f"moved whole to quarantine/duplicates/{copy.name}" in again.stderr
    assert (out / "quarantine" / "duplicates" / copy.name).is_file() and not copy.exists()
    assert "0 executed now" in again.stdout
    assert_each_run_once(out, config)


@pytest.mark.slow
def test_a_sweep_start_reads_each_chunk_s_run_keys_once_until_the_chunk_changes(small, tmp_path):
    """Damage, other sweeps' chunks, copies and runs done each asked for every chunk's run keys:
    one read per chunk now, and a rewritten chunk is read again."""
    config, _ = small
    out = tmp_path / "out"
    a_finished_sweep(config, out)
    store = ResultStore(out)
    parts = sorted(store.results.glob("part-*.parquet"))
    reads = []
    real = store._read
    store._read = lambda part, columns=None: reads.append(part) or real(part, columns)
    done = store.done_keys()
    assert store.duplicate_chunks() == {} and store.other_sweeps_chunks([done]) == {}
    assert store.done_keys() == done and sorted(reads) == parts
    pq.write_table(pq.read_table(parts[0]).slice(0, 1), parts[0])  # rewritten in place
    assert store.done_keys() < done and reads[-1] == parts[0] and len(reads) == len(parts) + 1


@pytest.mark.slow
def test_a_sweep_start_reads_each_chunk_once_for_its_damage_and_its_run_keys(
    small, tmp_path, monkeypatch
):
    """The damage check (``recover``) reads every chunk whole, then the runs done read each
    chunk's run keys again: a sweep's start-up read every chunk twice. The keys now come from
    the first read."""
    from experiments.config import load_sweep

    config, _ = small
    out = tmp_path / "out"
    a_finished_sweep(config, out)
    store = ResultStore(out)
    parts = sorted(store.results.glob("part-*.parquet"))
    reads: list[Path] = []
    real = parquet.read
    monkeypatch.setattr(
        parquet, "read", lambda path, columns=None: reads.append(Path(path)) or real(path, columns)
    )
    assert store.recover(load_sweep(config)) == []
    done = store.done_keys()
    assert store.duplicate_chunks() == {} and store.other_sweeps_chunks([done]) == {}
    assert len(parts) > 1 and sorted(r for r in reads if r.parent == store.results) == parts
    runs = {
        k for part in parts for k in pq.read_table(part, columns=["run_key"])["run_key"].to_pylist()
    }
    assert done == runs


@pytest.mark.slow
@pytest.mark.parametrize(
    "name", ["part-00000000T000000000000-copy", "part-99999999T000000000000-copy"]
)
def test_runs_stored_twice_with_different_results_are_refused_and_executed_again(
    monkeypatch, capsys, small, tmp_path, name
):
    """The report refuses them naming both chunks. The sweep kept whichever chunk sorted first
    and set the other aside: with the altered copy named to sort first, it moved the right one
    away and reported the altered numbers. Both go aside now, and their runs execute again."""
    config, reference = small
    out = tmp_path / "out"
    a_finished_sweep(config, out)
    part = sorted((out / "results").glob("part-*.parquet"))[0]
    table = pq.read_table(part)
    metric = "revenue"
    changed = table.set_column(table.column_names.index(metric), metric, pc.add(table[metric], 1.0))
    copy = part.with_name(f"{name}.parquet")
    pq.write_table(changed, copy)
    refused = rapport_in_process(monkeypatch, capsys, "report", out)
    line = one_line_error(refused, contains="stored twice with different results")
    assert part.name in line and copy.name in line
    assert not (out / "report.html").exists()
    german = rapport_in_process(monkeypatch, capsys, "report", out, "--lang", "de").stderr
    assert "doppelt gespeichert, mit verschiedenen Ergebnissen" in german
    runs = len(table["run_key"].unique())
    again = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert again.returncode == 0, again.stderr
    assert "with different results; both moved whole to quarantine/duplicates/" in again.stderr
    assert not part.exists() and not copy.exists()
    assert f"{runs} executed now" in again.stdout
    assert_same_results(assert_each_run_once(out, config), reference)


# --- only the store's own temporary files are cleaned ------------------------------------------


@pytest.mark.slow
def test_a_sweep_removes_only_its_own_temporary_files(monkeypatch, capsys, small, tmp_path):
    config, reference = small
    out = tmp_path / "out"
    users = [
        out / "myproject" / "sub" / ".draft.tmp",
        out / ".notes.tmp",
        out / "results" / ".mine.tmp",
    ]
    for path in users:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("the user's", encoding="utf-8")
    # What a sweep killed while writing a chunk leaves behind.
    leftover = out / "results" / ".part-20261130T000000000000-deadbeef.parquet.0a1b2c3d"
    leftover = leftover.with_name(leftover.name + ".rapport-partial")
    leftover.write_bytes(b"PAR1 half a chunk")
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert done.returncode == 0, done.stderr
    assert all(path.read_text(encoding="utf-8") == "the user's" for path in users)
    assert not leftover.exists()
    assert_same_results(results(out), reference)


# --- designs with identical points -------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "design",
    [
        {"method": "sobol", "samples": 4},
        {"method": "morris", "samples": 4, "levels": 4},
    ],
    ids=["sobol", "morris"],
)
def test_a_design_with_identical_points_finishes_and_is_analysed(
    monkeypatch, capsys, design, tmp_path
):
    """Two categorical axes of two values each: 16 (Sobol) or 12 (Morris) points, at most 4
    distinct, whatever the sampler's seed."""
    data = {
        "name": "categorical",
        "set": {"reps.count": 3, "customers.per_rep": 6, "simulation.weeks": 8},
        "sweep": {
            **design,
            "parameters": {
                "reps.effort_hours": [10, 60],
                "reps.perception": [0.2, 0.8],
            },
            "replications": 2,
            "seed": 3,
        },
        "record": {"metrics": ["relational_performance"], "every": "final"},
        "execution": {"workers": 1},
    }
    config = write_config(tmp_path, data)
    out = tmp_path / "out"
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out)
    assert done.returncode == 0, done.stderr
    design_frame = ResultStore(out).read_design()
    distinct = int((design_frame["point"] == design_frame["runs_of"]).sum())
    assert distinct < len(design_frame), "the design should hold identical points"
    assert f"{len(design_frame) - distinct} of the {len(design_frame)} design points" in done.stderr
    assert counts(done.stdout) == (2 * distinct, 0, 0)
    runs = ResultStore(out).read_manifest()["runs"]
    assert runs["missing"] == 0 and runs["done"] == runs["total"] == 2 * distinct
    assert_each_run_once(out, config)
    analysis = json.loads((out / "analysis.json").read_text())
    indices = analysis["sensitivity"]["relational_performance"]
    assert {row["parameter"] for row in indices} == {"reps.effort_hours", "reps.perception"}
    again = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert counts(again.stdout) == (0, 2 * distinct, 0)


# --- a damaged folder --------------------------------------------------------------------------


def _truncate(part: Path) -> None:
    part.write_bytes(part.read_bytes()[: part.stat().st_size // 2])


def _empty(part: Path) -> None:
    part.write_bytes(b"")


def _foreign_schema(part: Path) -> None:
    table = pq.read_table(part)
    pq.write_table(
        table.drop_columns(["revenue"]).append_column("other", pa.array([1.0] * len(table))), part
    )


def _flip_a_bit(part: Path) -> None:
    """A bit flipped on disk in one stored number (the lowest of a revenue's mantissa): the
    file still decodes, to another number, unless its pages carry checksums."""
    data = bytearray(part.read_bytes())
    values = pq.read_table(part, columns=["revenue"]).column(0).to_numpy()
    at = next(i for i in (data.find(v.tobytes()) for v in values if v != 0) if i >= 0)
    data[at] ^= 0x01
    part.write_bytes(bytes(data))


def test_a_flipped_bit_in_a_stored_number_is_found_where_parquet_alone_reads_on(tmp_path):
    table = pa.table({"run_key": ["a", "b", "c"], "revenue": [0.1234, 5.678, 9.1011]})
    for checked in (True, False):
        path = tmp_path / f"{checked}.parquet"
        if checked:
            parquet.write(table, path)
        else:  # as Rapport wrote before, and other tools do: read as before
            pq.write_table(table, path)
        assert parquet.read(path).equals(table)
        _flip_a_bit(path)
        if checked:
            with pytest.raises(OSError, match="CRC checksum verification failed"):
                parquet.read(path)
        else:  # without checksums the flip goes unseen: another number
            assert parquet.read(path)["revenue"].to_pylist() != table["revenue"].to_pylist()


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage", [_truncate, _empty, _foreign_schema, _flip_a_bit], ids=lambda f: f.__name__
)
def test_a_damaged_chunk_is_set_aside_and_its_runs_execute_again(
    monkeypatch, capsys, small, tmp_path, damage
):
    config, reference = small
    out = tmp_path / "out"
    shutil.copytree(config.parent / "serial", out)  # the fixture's whole sweep, to be damaged
    part = sorted((out / "results").glob("part-*.parquet"))[1]
    lost = len(pq.read_table(part, columns=["run_key"]).column(0).unique())
    damage(part)
    if damage is not _foreign_schema:
        one_line_error(
            rapport_in_process(monkeypatch, capsys, "report", out), contains=f"{part.name}: damaged"
        )
    again = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    notes = [line for line in again.stderr.splitlines() if "is damaged" in line]
    assert notes == [
        next(line for line in notes if line.startswith(f"[sweep] results/{part.name} is damaged"))
    ]
    assert f"moved to quarantine/{part.name}, its runs will execute again" in notes[0]
    assert (out / "quarantine" / part.name).is_file()
    assert counts(again.stdout) == (lost, 18 - lost, 0)
    assert_same_results(results(out), reference)
    assert rapport_in_process(monkeypatch, capsys, "report", out).returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("refusal", ["another seed", "no scheduler"])
def test_a_refused_sweep_leaves_damaged_files_where_they_were(
    monkeypatch, capsys, small, tmp_path, refusal
):
    """An audit: with a truncated chunk and a damaged manifest, a sweep refused for its config
    or for a scheduler out of reach had already moved both into quarantine/ (and said the
    manifest was rewritten, which it was not), though README says a refused sweep leaves the
    folder as it was. Now they go back; the sweep that goes ahead sets them aside."""
    config, reference = small
    out = tmp_path / "out"
    shutil.copytree(config.parent / "serial", out)
    part = sorted((out / "results").glob("part-*.parquet"))[1]
    _truncate(part)
    (out / "manifest.json").write_text("{bad")

    def files() -> dict[Path, bytes]:  # the lock file names the last sweep's process
        return {
            p.relative_to(out): p.read_bytes()
            for p in out.rglob("*")
            if p.is_file() and p.name != ".rapport.lock"
        }

    before = files()
    if refusal == "another seed":
        other = write_config(tmp_path / "other", SMALL, sweep={**SMALL["sweep"], "seed": 8})
        args = (other, "--out", out)
        contains = "--force"
    else:
        with socket.socket() as free:  # a port nobody listens on
            free.bind(("127.0.0.1", 0))
            port = free.getsockname()[1]
        args = (config, "--out", out, "--address", f"tcp://127.0.0.1:{port}")
        contains = "cannot reach the Dask scheduler"
    refused = rapport_in_process(monkeypatch, capsys, "sweep", *args)
    one_line_error(refused, contains=contains)
    assert "damaged" not in refused.stderr  # nothing was set aside, so nothing is said
    assert files() == before and not (out / "quarantine").exists()
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert done.returncode == 0, done.stderr
    assert (out / "quarantine" / part.name).is_file()
    assert_same_results(results(out), reference)


@pytest.mark.slow
def test_a_damaged_design_is_refused_in_one_line_and_written_again(
    monkeypatch, capsys, small, tmp_path
):
    """``rapport report`` on a folder whose design.parquet was damaged gave pyarrow's traceback;
    the chunks, the manifest and the config each got one line."""
    config, reference = small
    out = tmp_path / "out"
    shutil.copytree(config.parent / "serial", out)
    (out / "design.parquet").write_bytes(b"xx\n")
    one_line_error(
        rapport_in_process(monkeypatch, capsys, "report", out), contains="design.parquet: damaged"
    )
    again = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert again.returncode == 0, again.stderr
    assert counts(again.stdout) == (0, 18, 0)  # nothing runs again
    assert rapport_in_process(monkeypatch, capsys, "report", out).returncode == 0
    assert_same_results(results(out), reference)


@pytest.fixture(scope="module")
def other_sweeps_chunk(tmp_path_factory) -> Path:
    """A results chunk of another sweep with the same columns: the small grid, another seed."""
    folder = tmp_path_factory.mktemp("other")
    config = write_config(folder, SMALL, sweep={**SMALL["sweep"], "seed": 8})
    assert (
        rapport_for_a_module("sweep", config, "--out", folder / "out", "--no-report").returncode
        == 0
    )
    return sorted((folder / "out" / "results").glob("part-*.parquet"))[0]


@pytest.mark.slow
@pytest.mark.parametrize("grow", [{}, {"replications": 4}], ids=["resumed", "grown"])
def test_a_chunk_of_another_sweep_is_set_aside_whole_and_the_sweeps_own_runs_stay(
    monkeypatch, capsys, small, other_sweeps_chunk, tmp_path, grow
):
    """A chunk copied in from another sweep once made a grown sweep refuse (asking for --force,
    which would delete it) and a resumed one count its runs as done; `rapport report` left it
    out. The sweep moves it into quarantine/other-sweeps/ untouched, says so in one line and
    executes only its own missing runs; the report then finds nothing to leave out."""
    config, _ = small
    out = tmp_path / "out"
    shutil.copytree(config.parent / "serial", out)
    name = other_sweeps_chunk.name
    shutil.copy(other_sweeps_chunk, out / "results" / name)
    foreign = set(pq.read_table(other_sweeps_chunk, columns=["run_key"]).column(0).to_pylist())
    target = write_config(tmp_path / "target", SMALL, sweep={**SMALL["sweep"], **grow})
    total = len(planned_keys(target))
    done = rapport_in_process(monkeypatch, capsys, "sweep", target, "--out", out, "--no-report")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    notes = [line for line in done.stderr.splitlines() if "another sweep" in line]
    assert notes == [
        f"[sweep] results/{name}: {len(foreign)} run(s) of another sweep (not runs of "
        f"config.yaml); moved whole to quarantine/other-sweeps/{name}"
    ]
    assert (out / "quarantine" / "other-sweeps" / name).read_bytes() == (
        other_sweeps_chunk.read_bytes()
    )
    assert counts(done.stdout) == (total - 18, 18, 0)  # the sweep's own runs are not run again
    assert not set(results(out)["run_key"]) & foreign
    assert_each_run_once(out, target)
    report = rapport_in_process(
        monkeypatch, capsys, "report", out
    )  # reads results/ only: the quarantine is not its
    assert report.returncode == 0, report.stderr
    assert "left out" not in report.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "case",
    ["none of its own yet", "mixed, in place of its own", "mixed, beside its own", "the other's"],
)
def test_another_sweeps_runs_never_count_as_done_and_a_refusal_moves_nothing(
    monkeypatch, capsys, small, other_sweeps_chunk, tmp_path, case
):
    """The cases an audit found after chunks of other sweeps were first set aside: a folder
    with none of its own runs yet kept the chunk and counted its runs as done (more done than
    planned); a chunk mixing runs of both sweeps was kept, counted, and made the folder
    unreadable where it repeated runs already there; a sweep refused for its config had already
    moved chunks. Now a chunk with any run of another sweep is moved whole (its runs of this
    sweep execute again), and a refusal leaves the folder as it was."""
    config, reference = small
    out = tmp_path / "out"
    shutil.copytree(config.parent / "serial", out)
    own = sorted((out / "results").glob("part-*.parquet"))
    name = other_sweeps_chunk.name
    if case in ("none of its own yet", "the other's"):
        for part in own if case == "none of its own yet" else []:
            part.unlink()
        shutil.copy(other_sweeps_chunk, out / "results" / name)
        again = len(planned_keys(config))
    else:  # the other sweep's runs and this sweep's first chunk in one file
        mixed = pa.concat_tables([pq.read_table(own[0]), pq.read_table(other_sweeps_chunk)])
        name = "part-mixed.parquet"
        pq.write_table(mixed, out / "results" / name)
        again = 0
        if case == "mixed, in place of its own":
            again = len(pq.read_table(own[0], columns=["run_key"]).column(0).unique())
            own[0].unlink()
    before = {p.name: p.read_bytes() for p in (out / "results").iterdir()}
    if case == "the other's":  # the other sweep run into this folder: refused, then forced
        other = write_config(tmp_path / "other", SMALL, sweep={**SMALL["sweep"], "seed": 8})
        one_line_error(
            rapport_in_process(monkeypatch, capsys, "sweep", other, "--out", out),
            contains="--force",
        )
        assert {p.name: p.read_bytes() for p in (out / "results").iterdir()} == before
        forced = rapport_in_process(
            monkeypatch, capsys, "sweep", other, "--out", out, "--no-report", "--force"
        )
        assert forced.returncode == 0, forced.stderr
        assert not (out / "quarantine").exists()  # its own chunk is not another sweep's
        kept = len(pq.read_table(other_sweeps_chunk, columns=["run_key"]).column(0).unique())
        assert counts(forced.stdout) == (18 - kept, kept, 0)  # its own runs are not run again
        assert_each_run_once(out, other)
        return
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert done.returncode == 0, done.stderr
    assert (out / "quarantine" / "other-sweeps" / name).read_bytes() == before[name]
    assert counts(done.stdout) == (again, 18 - again, 0)
    manifest = json.loads((out / "manifest.json").read_text())
    assert json.dumps(manifest).count('"missing": -') == 0
    assert_same_results(assert_each_run_once(out, config), reference)
    assert rapport_in_process(monkeypatch, capsys, "report", out).returncode == 0


@pytest.mark.slow
@pytest.mark.parametrize("damage", ["invalid manifest", "manifest without config"])
def test_a_damaged_manifest_or_config_is_rewritten(monkeypatch, capsys, small, tmp_path, damage):
    config, reference = small
    out = tmp_path / "out"
    a_finished_sweep(config, out)
    if damage == "invalid manifest":
        (out / "manifest.json").write_text('{"name": "small", "runs": {', encoding="utf-8")
        one_line_error(
            rapport_in_process(monkeypatch, capsys, "report", out),
            contains="manifest.json: not valid JSON",
        )
    else:
        (out / "config.yaml").unlink()
        one_line_error(
            rapport_in_process(monkeypatch, capsys, "report", out),
            contains="config.yaml: missing; run `rapport sweep",
        )
    again = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert again.returncode == 0, again.stderr
    assert "Traceback" not in again.stderr
    if damage == "invalid manifest":
        assert "[sweep] manifest.json is damaged (not valid JSON" in again.stderr
        assert (out / "quarantine" / "manifest.json").is_file()
    assert "the design grew" not in again.stderr  # it did not: the same sweep, repaired
    assert counts(again.stdout) == (0, 18, 0)  # the run keys on disk say what is done
    assert ResultStore(out).read_manifest()["runs"]["missing"] == 0
    assert_same_results(results(out), reference)
    assert rapport_in_process(monkeypatch, capsys, "report", out).returncode == 0


def test_the_manifest_names_the_machine_the_sweep_ran_on(small):
    """Two folders whose last digits differ can be told apart: numpy's exp with and without
    AVX-512 differ in the last bit, and the manifest says which this machine had."""
    config, _ = small
    manifest = json.loads((config.parent / "serial" / "manifest.json").read_text())
    machine = manifest["machine"]
    assert machine == machine_facts()  # the sweep ran here, in another process
    # and its runs ran here too: one machine, with the Python and numeric packages it used
    (ran,) = manifest["machines"]
    assert ran == {**json.loads(worker_machine()), "runs": manifest["runs"]["done"]}
    assert ran["versions"]["numpy"] == np.__version__ and ran["python"] == platform.python_version()
    assert machine["cores"] == os.cpu_count()
    cpuinfo = Path("/proc/cpuinfo").read_text()
    names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo, flags=re.M)
    assert machine["processor"] == names[0].strip()
    flags = set(re.search(r"^flags\s*:(.*)$", cpuinfo, flags=re.M).group(1).split())
    avx512 = [name for name in machine["numpy_simd"] if name.startswith(("AVX512", "X86_V4"))]
    assert bool(avx512) == ({"avx512f", "avx512bw", "avx512vl", "avx512dq"} <= flags)
    assert ("X86_V3" in machine["numpy_simd"]) == ({"avx2", "fma", "bmi2"} <= flags)


# --- workers follow their parent ---------------------------------------------------------------


@pytest.mark.slow
def test_workers_exit_when_their_sweep_is_killed(tmp_path):
    config = write_config(tmp_path, SLOW)
    proc = start_sweep(config, tmp_path / "out", "--workers", "2")
    workers: list[int] = []
    try:
        workers = wait_until(
            lambda: chunks_on_disk(tmp_path / "out") >= 1 and worker_processes(proc.pid),
            60,
            "worker processes and a first chunk",
        )
        os.kill(proc.pid, signal.SIGKILL)  # the parent only, as the OOM killer would
        proc.communicate(timeout=30)

        def gone() -> bool:
            return not any(Path(f"/proc/{pid}").exists() for pid in workers)

        wait_until(gone, 5, f"workers {workers} to exit after their parent")
    finally:
        for pid in workers:  # never leave an orphan behind, whatever the outcome
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        stop(proc)


# --- growing a design --------------------------------------------------------------------------


def test_a_config_whose_runs_did_not_change_says_so_and_runs_nothing(
    monkeypatch, capsys, small, tmp_path
):
    """Only the sweep's name changed: the command said "the design grew … executing the rest"
    where nothing grew and nothing was left to execute."""
    config, _ = small
    out = tmp_path / "out"
    shutil.copytree(config.parent / "serial", out)
    renamed = write_config(tmp_path / "renamed", SMALL, name="renamed")
    done = rapport_in_process(monkeypatch, capsys, "sweep", renamed, "--out", out, "--no-report")
    assert done.returncode == 0, done.stderr
    assert counts(done.stdout) == (0, 18, 0)
    assert "renamed: 18 runs, all already on disk: nothing to execute" in done.stderr
    assert "the config changed, but not its runs: the 18 runs on disk are all of them" in (
        done.stderr
    )
    assert "grew" not in done.stderr and "executing the rest" not in done.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "grow",
    [
        {"replications": 4},
        {"parameters": {**SMALL["sweep"]["parameters"], "reps.effort_hours": [10, 20, 30, 50]}},
    ],
    ids=["a replication more", "a point more"],
)
def test_a_grown_design_keeps_every_run_on_disk(monkeypatch, capsys, small, tmp_path, grow):
    config, _ = small
    out = tmp_path / "out"
    a_finished_sweep(config, out)
    grown = write_config(tmp_path / "grown", SMALL, sweep={**SMALL["sweep"], **grow})
    total = len(planned_keys(grown))
    done = rapport_in_process(monkeypatch, capsys, "sweep", grown, "--out", out, "--no-report")
    assert done.returncode == 0, done.stderr
    assert counts(done.stdout) == (total - 18, 18, 0)
    assert "the design grew: the 18 runs on disk are runs of it and are kept" in done.stderr
    # The files as they are: every row's point is the design's point of its values (a point
    # more in the middle numbers the later ones anew).
    design = pd.read_parquet(out / "design.parquet")
    names = [c for c in design if c not in ("point", "runs_of") and not c.startswith("unit:")]
    stored = pd.concat(pd.read_parquet(p) for p in sorted((out / "results").glob("*.parquet")))
    joined = stored.merge(design[["point", *names]], on="point", suffixes=("", " in design"))
    assert len(joined) == len(stored)
    for name in names:
        assert (joined[name] == joined[f"{name} in design"]).all(), name
    fresh = tmp_path / "fresh"
    made = rapport_in_process(monkeypatch, capsys, "sweep", grown, "--out", fresh, "--no-report")
    assert made.returncode == 0
    assert_same_results(assert_each_run_once(out, grown), results(fresh))


@pytest.mark.slow
def test_a_narrowed_design_with_force_keeps_its_runs_and_discards_only_the_others(
    monkeypatch, capsys, small, tmp_path
):
    """Fewer points: refused without --force (saying how many runs would be kept); with it only
    the runs that are not of the new design go (all of results/ went, against README)."""
    config, _ = small
    out = tmp_path / "out"
    a_finished_sweep(config, out)
    parameters = {**SMALL["sweep"]["parameters"], "reps.effort_hours": [10, 30]}
    narrow = write_config(
        tmp_path / "narrow", SMALL, sweep={**SMALL["sweep"], "parameters": parameters}
    )
    ours = len(planned_keys(narrow))
    assert 0 < ours < 18
    one_line_error(
        rapport_in_process(monkeypatch, capsys, "sweep", narrow, "--out", out, "--no-report"),
        contains=f"--force to discard them (the {ours} run(s) of this sweep among them are kept)",
    )
    forced = rapport_in_process(
        monkeypatch, capsys, "sweep", narrow, "--out", out, "--no-report", "--force"
    )
    assert forced.returncode == 0, forced.stderr
    assert counts(forced.stdout) == (0, ours, 0)
    assert f"discarded {18 - ours} run(s) on disk that are not runs of this sweep" in forced.stderr
    # the chunks cut down to this sweep's runs still say where those were computed
    machines = ResultStore(out).read_manifest()["machines"]
    assert machines == [{**json.loads(worker_machine()), "runs": ours}]
    fresh = tmp_path / "fresh"
    made = rapport_in_process(monkeypatch, capsys, "sweep", narrow, "--out", fresh, "--no-report")
    assert made.returncode == 0
    assert_same_results(assert_each_run_once(out, narrow), results(fresh))


@pytest.mark.slow
def test_a_forced_sweep_that_discards_runs_removes_the_report_of_them(
    monkeypatch, capsys, small, tmp_path
):
    """An audit: after --force --no-report with another seed, report.html and analysis.json
    still described the discarded seed's runs, with nothing said. They go with the runs; a
    report is written again by ``rapport report``. So do the report's figures: the next report
    removes only figures an analysis.json lists, and the old one's had gone with it."""
    config, _ = small
    out = tmp_path / "out"
    made = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out)
    assert made.returncode == 0  # with its report
    assert (out / "report.html").is_file() and (out / "analysis.json").is_file()
    figures = json.loads((out / "analysis.json").read_text())["figures"]
    assert figures and all((out / "figures" / name).is_file() for name in figures)
    (out / "figures" / "mine.png").write_bytes(b"a user's own file")
    other = write_config(tmp_path / "other", SMALL, sweep={**SMALL["sweep"], "seed": 8})
    forced = rapport_in_process(
        monkeypatch, capsys, "sweep", other, "--out", out, "--no-report", "--force"
    )
    assert forced.returncode == 0, forced.stderr
    assert not (out / "report.html").exists() and not (out / "analysis.json").exists()
    assert [p.name for p in (out / "figures").iterdir()] == ["mine.png"]
    assert rapport_in_process(monkeypatch, capsys, "report", out).returncode == 0
    assert "root seed 8)" in (out / "report.html").read_text()


@pytest.mark.slow
def test_results_that_would_differ_still_need_force(monkeypatch, capsys, small, tmp_path):
    config, reference = small
    out = tmp_path / "out"
    a_finished_sweep(config, out)
    other = write_config(tmp_path / "other", SMALL, record={"every": 2})
    one_line_error(
        rapport_in_process(monkeypatch, capsys, "sweep", other, "--out", out, "--no-report"),
        contains="a different config (small; 18 run(s) on disk are not runs of this sweep: "
        "other metrics or weeks recorded)",
    )
    assert_same_results(results(out), reference)
    forced = rapport_in_process(
        monkeypatch, capsys, "sweep", other, "--out", out, "--no-report", "--force"
    )
    assert counts(forced.stdout) == (18, 0, 0)
    assert_each_run_once(out, other)


# --- changing the worlds setting ---------------------------------------------------------------

# 3 efforts x 2 replications at the scenario's own values; with worlds, each point also in 4
# drawn worlds once: 6 runs without worlds, 18 with them.
NOMINAL_ONLY = {
    "name": "wp",
    "set": {"simulation.weeks": 12, "reps.count": 3, "customers.per_rep": 8},
    "sweep": {
        "method": "grid",
        "parameters": {"reps.effort_hours": [10, 30, 60]},
        "replications": 2,
        "seed": 1,
    },
    "record": {"metrics": ["relational_performance"], "every": "final"},
    "execution": {"workers": 1},
}
WITH_WORLDS = {**NOMINAL_ONLY, "worlds": "prior", "worlds_count": 4, "worlds_replications": 1}


@pytest.fixture(scope="module")
def worlds_settings(tmp_path_factory) -> dict[str, tuple[Path, Path]]:
    """Per worlds setting ("none", "prior"): its config and a folder of one whole sweep of it."""
    folder = tmp_path_factory.mktemp("worlds")
    made = {}
    for setting, data in (("none", NOMINAL_ONLY), ("prior", WITH_WORLDS)):
        config = write_config(folder / setting, data)
        done = rapport_for_a_module(
            "sweep", config, "--out", folder / setting / "out", "--no-report"
        )
        assert done.returncode == 0, done.stderr
        made[setting] = (config, folder / setting / "out")
    return made


@pytest.mark.slow
@pytest.mark.parametrize(
    ("before", "after", "force", "kept"),
    [("prior", "none", True, 6), ("none", "prior", False, 6)],
    ids=["worlds dropped with --force", "worlds added"],
)
def test_runs_kept_across_a_change_of_worlds_setting_are_stored_as_the_new_config_stores_them(
    monkeypatch, capsys, worlds_settings, tmp_path, before, after, force, kept
):
    """The runs at the scenario's own values are the same runs with worlds or without (README).
    Kept from `worlds: prior` for `worlds: none` (--force), they stayed with a `world` column:
    the sweep ended in "config.yaml does not match the results" (exit 2), `rapport report`
    refused the folder, and the next sweep set the chunk aside as damaged and ran its runs
    again. Reused by `worlds: prior` from `worlds: none`, they lacked the column: the report
    left them out ("18 runs planned; 12 with results"), and the next sweep ran them again. Now
    they are stored in the new config's columns, and the folder equals a fresh sweep's."""
    _, start = worlds_settings[before]
    config, fresh = worlds_settings[after]
    out = tmp_path / "out"
    shutil.copytree(start, out)
    total = len(planned_keys(config))
    forced = ["--force"] if force else []
    done = rapport_in_process(
        monkeypatch, capsys, "sweep", config, "--out", out, "--no-report", *forced
    )
    assert done.returncode == 0, done.stderr
    assert counts(done.stdout) == (total - kept, kept, 0)
    assert "left out" not in done.stderr and "damaged" not in done.stderr
    assert (out / "worlds.parquet").is_file() == (after != "none")
    for part in (out / "results").glob("part-*.parquet"):
        assert ("world" in pq.read_schema(part).names) == (after != "none")
    report = rapport_in_process(monkeypatch, capsys, "report", out)
    assert report.returncode == 0, report.stderr
    assert "left out" not in report.stderr
    page = (out / "report.html").read_text(encoding="utf-8")
    assert f"{total} runs planned" in page and f"{total} with results" in page
    worlds_figures = list((out / "figures").glob("worlds-*"))
    assert bool(worlds_figures) == (after != "none")
    again = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert again.returncode == 0, again.stderr
    assert counts(again.stdout) == (0, total, 0)
    assert "damaged" not in again.stderr and not (out / "quarantine").exists()
    assert_same_results(assert_each_run_once(out, config), results(fresh))


def test_a_chunk_kept_in_part_across_a_change_of_worlds_setting_is_written_once(
    worlds_settings, tmp_path, monkeypatch
):
    """--force from `worlds: prior` to `worlds: none` keeps a chunk's runs at the scenario's own
    values: it was rewritten twice, once without the other runs and once without the `world`
    column. Now once, in the new columns."""
    from experiments import store as store_module
    from experiments.config import load_sweep
    from experiments.sweep import plan_sweep

    _, start = worlds_settings["prior"]
    config, _ = worlds_settings["none"]
    out = tmp_path / "out"
    shutil.copytree(start, out)
    written: list[str] = []
    write = store_module._write_table
    monkeypatch.setattr(
        store_module,
        "_write_table",
        lambda path, table: written.append(path.name) or write(path, table),
    )
    sweep = load_sweep(config)
    points = plan_sweep(sweep)
    discarded = ResultStore(out).prepare(
        sweep, points, discard=True, keep=lambda: planned_keys(config)
    )
    assert discarded > 0 and written, "nothing was kept in part: the claim would be idle"
    assert sorted(written) == sorted(set(written))  # each chunk at most once
    for part in (out / "results").glob("part-*.parquet"):
        assert "world" not in pq.read_schema(part).names


def _in_the_other_worlds_setting(out: Path) -> None:
    """Rewrite the folder's chunks as the earlier version left runs kept across a change of
    worlds setting (and as a sweep stopped before writing its config.yaml may): a `world`
    column of -1 added to a folder without worlds, its runs at the scenario's own values
    without one in a folder with worlds."""
    for part in sorted((out / "results").glob("part-*.parquet")):
        table = pq.read_table(part)
        if "world" not in table.column_names:
            world = pa.array([-1] * table.num_rows, pa.int64())
            at = table.column_names.index("week")
            pq.write_table(table.add_column(at, "world", world), part)
            continue
        nominal = pc.equal(table["world"], -1)
        part.unlink()
        for rows, name in ((pc.invert(nominal), part.name), (nominal, f"{part.stem}-own.parquet")):
            chunk = table.filter(rows)
            if name != part.name:
                chunk = chunk.drop_columns(["world"])
            if chunk.num_rows:
                pq.write_table(chunk, part.with_name(name))


@pytest.mark.slow
@pytest.mark.parametrize("setting", ["none", "prior"])
def test_runs_in_the_other_worlds_settings_columns_are_refitted_not_run_again(
    monkeypatch, capsys, worlds_settings, tmp_path, setting
):
    """A folder the earlier version left (or a sweep stopped between refitting its kept runs and
    writing its config) holds sound runs in the other worlds setting's columns: the sweep stores
    them in its own, without setting them aside or running them again."""
    config, fresh = worlds_settings[setting]
    out = tmp_path / "out"
    shutil.copytree(fresh, out)
    _in_the_other_worlds_setting(out)
    total = len(planned_keys(config))
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert done.returncode == 0, done.stderr
    assert counts(done.stdout) == (0, total, 0)
    assert "damaged" not in done.stderr and not (out / "quarantine").exists()
    store = ResultStore(out)
    reported, left_out = store.read_runs_of(store.read_config(), set(store.own_run_keys()))
    assert left_out == []  # what `rapport report` reads
    assert_same_results(reported, results(fresh))
    assert_same_results(assert_each_run_once(out, config), results(fresh))


# --- execution settings ------------------------------------------------------------------------


@pytest.mark.slow
def test_an_unreachable_scheduler_leaves_nothing_behind(monkeypatch, capsys, small, tmp_path):
    config, _ = small
    out = tmp_path / "out"
    refused = rapport("sweep", config, "--out", out, "--address", f"tcp://127.0.0.1:{free_port()}")
    # named where it was given: the command line, not a key of the file nobody wrote
    one_line_error(
        refused, contains="--address: cannot reach the Dask scheduler at tcp://127.0.0.1:"
    )
    assert "(connection refused: nothing listens on 127.0.0.1:" in refused.stderr  # at once
    assert not out.exists()
    in_file = write_config(tmp_path / "in_file", SMALL, execution={"address": "tcp://127.0.0.1:1"})
    refused = rapport("sweep", in_file, "--out", out)
    one_line_error(refused, contains="execution.address: cannot reach the Dask scheduler at")
    other = write_config(tmp_path / "other", SMALL, sweep={**SMALL["sweep"], "seed": 8})
    made = rapport_in_process(monkeypatch, capsys, "sweep", other, "--out", out, "--no-report")
    assert made.returncode == 0
    assert_each_run_once(out, other)

    # A folder with results is left exactly as it was.
    def files() -> dict[Path, int]:  # all but the lock, which the refused sweep held
        return {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.name != LOCK_NAME}

    before = files()
    again = rapport("sweep", other, "--out", out, "--address", f"127.0.0.1:{free_port()}")
    one_line_error(again, contains="cannot reach the Dask scheduler")
    assert files() == before


def test_an_address_where_another_service_listens_is_refused_in_one_line_not_waited_on(
    tmp_path,
):
    # Dask's client waits for a scheduler's handshake without a timeout: a sweep pointed at a
    # port where a web server listens (the dashboard's 8787 for the scheduler's 8786) hung
    # for good, with its folder created and locked.
    config = write_config(tmp_path / "config", SMALL)
    out = tmp_path / "out"
    with service_that_never_answers() as address:
        refused = rapport("sweep", config, "--out", out, "--address", address, timeout=60)
    message = one_line_error(refused, contains=f"cannot reach the Dask scheduler at {address}")
    assert "gave no Dask handshake within 10 s" in message
    assert not out.exists()


def test_a_port_nobody_listens_on_is_known_at_once_and_a_listening_one_is_left_to_dask():
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert nobody_listens(f"tcp://127.0.0.1:{port}") is None  # Dask's client decides
    assert nobody_listens(f"tcp://127.0.0.1:{port}") == (
        f"connection refused: nothing listens on 127.0.0.1:{port}"
    )
    assert nobody_listens(f"ucx://127.0.0.1:{port}") is None  # not TCP: Dask's client decides


def test_a_host_name_that_does_not_resolve_is_refused_as_such(tmp_path):
    """An audit: ``--address tcp://nonexistent.invalid:8786`` waited Dask's 10 s, then said that
    something listens there but gave no handshake. A name that does not resolve is known at once
    (``.invalid`` never resolves, RFC 2606)."""
    config = write_config(tmp_path / "config", SMALL)
    out = tmp_path / "out"
    address = "tcp://nonexistent.invalid:8786"
    refused = rapport("sweep", config, "--out", out, "--address", address, timeout=60)
    message = one_line_error(refused, contains=f"cannot reach the Dask scheduler at {address}")
    assert "no host is known by the name nonexistent.invalid: " in message
    assert "something listens" not in message
    assert not out.exists()


@pytest.mark.parametrize("where", ["file", "option"])
def test_an_address_that_is_not_one_is_refused_in_one_line(monkeypatch, capsys, tmp_path, where):
    config = write_config(tmp_path / "config", SMALL)
    if where == "file":
        config = write_config(tmp_path, SMALL, execution={"address": "not a url"})
        done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", tmp_path / "out")
        one_line_error(done, contains='execution.address: "not a url" is not a Dask scheduler')
    else:
        args = ["sweep", config, "--out", tmp_path / "out", "--address", "not a url"]
        done = rapport_in_process(monkeypatch, capsys, *args)
        one_line_error(done, contains='--address: "not a url" is not a Dask scheduler address')
    assert not (tmp_path / "out").exists()


def test_a_folder_of_other_worlds_is_refused_naming_the_worlds(monkeypatch, capsys, tmp_path):
    """A sweep with `worlds: prior` re-run without it was refused for "another base scenario,
    seed or design": its base, seed and design were the same; the runs in the way were those
    of the drawn worlds."""
    with_worlds = write_config(
        tmp_path / "worlds", SMALL, worlds="prior", worlds_count=2, worlds_replications=1
    )
    out = tmp_path / "out"
    made = rapport_in_process(
        monkeypatch, capsys, "sweep", with_worlds, "--out", out, "--no-report"
    )
    assert made.returncode == 0
    plain = write_config(tmp_path / "plain", SMALL)
    done = rapport_in_process(monkeypatch, capsys, "sweep", plain, "--out", out)
    one_line_error(done, contains="are not runs of this sweep: other plausible worlds (worlds,")


@pytest.mark.parametrize("command", ["sweep", "patterns", "calibrate"])
def test_workers_beside_an_address_are_refused_rather_than_ignored(
    monkeypatch, capsys, tmp_path, command
):
    """`--workers 2 --address tcp://…` ran on the cluster and ignored --workers without a word."""
    config = write_config(tmp_path / "config", SMALL) if command == "sweep" else None
    args = [command, *([config] if config else []), "--out", tmp_path / "out"]
    done = rapport_in_process(
        monkeypatch, capsys, *args, "--workers", "2", "--address", "tcp://127.0.0.1:8786"
    )
    one_line_error(done, contains="--workers 2 and --address tcp://127.0.0.1:8786: give one")
    assert not (tmp_path / "out").exists()


@pytest.mark.slow
@pytest.mark.parametrize("insist", [False, True])
def test_more_workers_than_cores_are_capped_unless_insisted(small, tmp_path, insist):
    config, reference = small
    cores = available_cores()
    asked = cores + 2
    args = ["--workers", asked] + (["--oversubscribe"] if insist else [])
    done = rapport("sweep", config, "--out", tmp_path, "--no-report", *args)
    assert done.returncode == 0, done.stderr
    note = f"[sweep] {asked} workers asked for, {cores} core(s) available: starting {cores}"
    started = asked if insist else cores
    label = "this process (serial)" if started == 1 else f"{started} local worker processes"
    assert (note in done.stderr) is not insist
    assert f"executing the rest on {label}" in done.stderr
    assert_same_results(results(tmp_path), reference)


# --- grids too large to make -------------------------------------------------------------------


@pytest.mark.parametrize(
    "axis",
    [{"start": 5, "stop": 60, "num": 300_000_000}, {"start": 5, "stop": 60, "step": 1e-10}],
    ids=["num", "step"],
)
@pytest.mark.parametrize("dry", [True, False], ids=["dry run", "sweep"])
def test_a_grid_too_large_is_refused_before_it_is_made(monkeypatch, capsys, tmp_path, axis, dry):
    data = {"name": "huge", "sweep": {"parameters": {"reps.effort_hours": axis}}}
    config = write_config(tmp_path, data)
    args = ["sweep", config, "--out", tmp_path / "out", *(["--dry-run"] if dry else [])]
    done = rapport_in_process(monkeypatch, capsys, *args)
    one_line_error(done, contains="values; a sweep has at most 1,000,000 design points")
    assert not (tmp_path / "out").exists()


def test_a_grid_of_too_many_runs_in_all_is_refused(monkeypatch, capsys, tmp_path):
    data = {
        "name": "huge",
        "sweep": {
            "parameters": {
                "reps.effort_hours": {"start": 5, "stop": 60, "num": 5000},
                "reps.perception": {"start": 0, "stop": 1, "num": 5000},
            },
        },
    }
    done = rapport_in_process(
        monkeypatch, capsys, "sweep", write_config(tmp_path, data), "--dry-run"
    )
    # "1 replication", as the dry run says it ("1 replications" until 2026-12-05)
    one_line_error(done, contains="25,000,000 design points x 1 replication = 25,000,000 runs")


def test_too_many_runs_by_replication_are_refused(monkeypatch, capsys, tmp_path):
    data = {
        "name": "huge",
        "sweep": {
            "parameters": {"reps.effort_hours": {"start": 5, "stop": 60, "num": 1000}},
            "replications": 20_000,
        },
    }
    done = rapport_in_process(
        monkeypatch, capsys, "sweep", write_config(tmp_path, data), "--dry-run"
    )
    one_line_error(done, contains="= 20,000,000 runs; at most 1,000,000 points and 10,000,000 runs")


def test_a_dry_run_of_a_million_point_grid_answers_without_making_it(tmp_path):
    data = {
        "name": "million",
        "set": {"reps.count": 2, "customers.per_rep": 4, "simulation.weeks": 4},
        "sweep": {
            "parameters": {
                "reps.effort_hours": {"start": 5, "stop": 60, "num": 1000},
                "reps.perception": {"start": 0, "stop": 1, "num": 1000},
            },
        },
    }
    started = time.monotonic()
    done = rapport("sweep", write_config(tmp_path, data), "--dry-run", timeout=60)
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stderr
    assert "1000000 design points x 1 replication = 1000000 runs" in done.stdout
    assert "Checked 1,000 of the 1,000,000 points" in done.stdout
    assert "999999: " not in done.stdout and "  4: reps.effort_hours=5" in done.stdout
    print(f"dry run of a 1,000,000-point grid: {seconds:.1f} s")


def test_a_results_chunk_says_which_model_made_it_and_its_metrics_units(small):
    """A chunk copied out of its folder still names its model version and units."""
    config, _ = small
    folder = config.parent / "serial" / "results"
    for part in sorted(folder.glob("part-*.parquet")):
        meta = json.loads(pq.read_schema(part).metadata[b"rapport"])
        assert meta["model_version"] == MODEL_VERSION
        assert meta["units"]["revenue"] == "k€/week" and meta["units"]["week"] == "week"
        # and which sweep, from which root seed (each row has its run's own seed): README
        # promised the seed, and a chunk named none
        sweep = yaml.safe_load(config.read_text())
        manifest = json.loads((config.parent / "serial" / "manifest.json").read_text())
        assert meta["sweep"] == sweep["name"] and meta["root_seed"] == sweep["sweep"]["seed"]
        assert meta["config_hash"] == manifest["config_hash"]
        assert meta["machine"] == json.loads(worker_machine())  # where its runs were computed


def test_a_sweep_into_a_run_folder_is_refused_and_leaves_it_as_it_was(
    monkeypatch, capsys, small, tmp_path
):
    """A sweep's manifest, results and report mixed into a `rapport run` folder before."""
    config, _ = small
    run = tmp_path / "run"
    made = rapport_in_process(monkeypatch, capsys, "run", "--weeks", "2", "--out", run)
    assert made.returncode == 0
    before = sorted(p.name for p in run.iterdir())
    one_line_error(
        rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", run, "--no-report"),
        contains="holds a `rapport run`'s files (weekly.parquet, reps.parquet, summary.json",
    )
    assert sorted(p.name for p in run.iterdir()) == before
    # a folder with a summary.json alone (one study of rapport replicate) is no run's
    study = tmp_path / "study"
    study.mkdir()
    (study / "summary.json").write_text("{}", encoding="utf-8")
    one_line_error(
        rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", study, "--no-report"),
        contains="holds another command's files (summary.json); stored runs go into a folder",
    )


def test_a_dry_run_counts_the_runs_already_in_the_folder_and_refuses_as_the_sweep_would(
    monkeypatch, capsys, small, tmp_path
):
    """The dry run ignored --out: it estimated every run of a half-done sweep, and said nothing
    of a folder (or an --address) the sweep itself refuses."""
    config, _ = small
    out = tmp_path / "out"
    shutil.copytree(config.parent / "serial", out)  # the small sweep's 18 runs
    grown = write_config(tmp_path / "grown", SMALL, sweep={**SMALL["sweep"], "replications": 5})
    done = rapport_in_process(monkeypatch, capsys, "sweep", grown, "--out", out, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert f"{out}: 18 of the 30 runs are there already and would not run again" in done.stdout
    assert "for the 12 runs left" in done.stdout
    # an audit: with every run on disk the dry run estimated "0.2 s ... for the 0 runs left"
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--dry-run")
    assert f"{out}: 18 of the 18 runs are there already" in done.stdout
    assert "Estimate: no run left to execute: every run is on disk already" in done.stdout
    assert "runs left" not in done.stdout and "s of runs on" not in done.stdout
    other = write_config(tmp_path / "other", SMALL, sweep={**SMALL["sweep"], "seed": 8})
    refused = rapport_in_process(monkeypatch, capsys, "sweep", other, "--out", out)
    dry = rapport_in_process(monkeypatch, capsys, "sweep", other, "--out", out, "--dry-run")
    one_line_error(dry, contains="holds results of a different config")
    assert dry.stderr == refused.stderr
    forced = rapport_in_process(
        monkeypatch, capsys, "sweep", other, "--out", out, "--dry-run", "--force"
    )
    assert "--force would discard 18 run(s) of another sweep" in forced.stdout
    one_line_error(
        rapport_in_process(
            monkeypatch, capsys, "sweep", grown, "--out", out, "--dry-run", "--address", "x"
        ),
        contains='--address: "x" is not a Dask scheduler address',
    )
    assert sorted(p.name for p in (out / "results").iterdir()) == sorted(
        p.name for p in (config.parent / "serial" / "results").iterdir()
    )  # nothing written


def test_the_time_spent_executing_leaves_out_the_time_a_folder_lay_idle(
    monkeypatch, capsys, small, tmp_path
):
    """patterns.json gave 624 s for a map of 12 s that was run again ten minutes later."""
    config, _ = small
    out = tmp_path / "out"
    shutil.copytree(config.parent / "serial", out)
    before = ResultStore(out).read_manifest()
    time.sleep(2.0)
    again = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--no-report")
    assert again.returncode == 0, again.stderr
    after = ResultStore(out).read_manifest()
    assert after["first_started"] == before["first_started"]
    assert before["busy_seconds"] <= after["busy_seconds"] < before["busy_seconds"] + 1.5
    from experiments.patterns import _wall_seconds

    assert _wall_seconds(after) == after["busy_seconds"]


def test_a_sweep_s_design_says_which_model_and_sweep_it_belongs_to_and_its_axes_units(small):
    """design.parquet, which the results join on, said nothing of its sweep or units (a
    researcher's audit)."""
    config, _ = small
    folder = config.parent / "serial"
    meta = json.loads(pq.read_schema(folder / "design.parquet").metadata[b"rapport"])
    chunk = next(folder.glob("results/part-*.parquet"))
    of_chunk = json.loads(pq.read_schema(chunk).metadata[b"rapport"])
    for key in ("model_version", "sweep", "root_seed", "config_hash"):
        assert meta[key] == of_chunk[key], key
    assert meta["units"]["reps.effort_hours"] == "h/week"
    assert pd.read_parquet(folder / "design.parquet")["point"].tolist()  # still a plain table


def test_runs_kept_under_a_changed_config_name_the_config_they_belong_to_now(
    monkeypatch, capsys, tmp_path
):
    """A sweep grown and renamed kept its first chunks' old sweep name and config hash, so an
    analyst who keeps the chunks whose hash is the manifest's dropped valid runs."""
    first = {**test_sweep_execution.SMALL, "name": "before"}
    config = write_config(tmp_path, first)
    made = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", tmp_path / "o")
    assert made.returncode == 0
    grown = {
        **first,
        "name": "after",
        "sweep": {**first["sweep"], "replications": 4},
    }
    config = write_config(tmp_path, grown)
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", tmp_path / "o")
    assert done.returncode == 0, done.stderr
    assert "18 already done" in done.stdout, done.stdout
    folder = tmp_path / "o"
    manifest = json.loads((folder / "manifest.json").read_text())
    files = [folder / "design.parquet", *sorted(folder.glob("results/part-*.parquet"))]
    assert len(files) > 3
    for path in files:
        meta = json.loads(pq.read_schema(path).metadata[b"rapport"])
        assert (meta["sweep"], meta["config_hash"]) == ("after", manifest["config_hash"]), path
        if path.name != "design.parquet":  # rewritten, a chunk still names its runs' machine
            assert meta["machine"] == json.loads(worker_machine()), path
    frame = pd.read_parquet(folder / "results")
    assert len(frame.drop_duplicates("run_key")) == 6 * 4  # every run, none lost


def test_a_stored_config_missing_a_key_names_it_and_the_keys_it_has(tmp_path):
    """An edited ``nme: tiny`` in a results folder's config.yaml was refused only as "not a
    sweep's resolved config", without the key that made it so."""
    (tmp_path / "config.yaml").write_text("nme: tiny\nsweep: {}\nrecord: {}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        ResultStore(tmp_path).read_config()
    assert str(refused.value) == (
        f"{tmp_path / 'config.yaml'}: not a sweep's resolved config (no name; it has nme, sweep, "
        "record)"
    )


@pytest.mark.parametrize(
    ("entry", "kind"),
    [
        (".rapport.lock", "folder"),
        ("manifest.json", "folder"),
        ("config.yaml", "folder"),
        ("design.parquet", "folder"),
        ("results", "file"),
    ],
)
def test_an_entry_of_the_wrong_kind_is_refused_in_one_line_naming_it(
    monkeypatch, capsys, small, tmp_path, entry, kind
):
    """A folder where the store keeps a file (or the reverse) gave the sweep a traceback
    (IsADirectoryError, FileExistsError), and a report read a ``results`` file as no runs."""
    config, _ = small
    out = tmp_path / "out"
    a_finished_sweep(config, out)
    path = out / entry
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    if kind == "folder":
        path.mkdir()
        said = f"{path}: a folder where rapport keeps a file"
    else:
        path.write_text("not a folder")
        said = f"{path}: a file where rapport keeps a folder"
    before = sorted(p.name for p in out.iterdir())
    for command in ("sweep", "report"):
        args = (config, "--out", out, "--no-report") if command == "sweep" else (out,)
        one_line_error(rapport_in_process(monkeypatch, capsys, command, *args), contains=said)
    assert sorted(p.name for p in out.iterdir()) == before  # nothing written or moved
    german = rapport_in_process(monkeypatch, capsys, "report", out, "--lang", "de").stderr
    where = "einen Ordner ablegt" if kind == "file" else "eine Datei ablegt"
    assert german.startswith(f"rapport: Fehler: {path}: ") and where in german, german


@pytest.mark.slow
def test_an_unused_base_seed_or_the_metrics_order_keeps_every_stored_run(
    monkeypatch, capsys, small, tmp_path
):
    """The base scenario's simulation.seed (which the sweep notes is not used) and the order of
    the recorded metrics were in every run key: changing either made the same runs "results of
    a different config", and --force discarded and executed them all again."""
    config, reference = small
    out = tmp_path / "out"
    a_finished_sweep(config, out)
    metrics = ["revenue", "churned", "relational_performance", "irritation", "wasted_hours"]
    assert sorted(metrics) == sorted(Record().metrics)  # the defaults SMALL records, reordered
    (tmp_path / "changed").mkdir()
    (tmp_path / "changed" / "base.yaml").write_text("simulation:\n  seed: 43\n")
    record = {**SMALL["record"], "metrics": metrics}
    changed = write_config(tmp_path / "changed", SMALL, base="base.yaml", record=record)
    again = rapport_in_process(monkeypatch, capsys, "sweep", changed, "--out", out, "--no-report")
    assert again.returncode == 0, again.stderr
    assert "simulation.seed = 43 is not used" in again.stderr
    assert counts(again.stdout) == (0, 18, 0)
    assert_same_results(assert_each_run_once(out, changed), reference)
    assert rapport_in_process(monkeypatch, capsys, "report", out).returncode == 0


@pytest.mark.parametrize(
    "lang, said",
    [
        (
            "en",
            "holds results of a different config (small; 18 run(s) on disk are not runs of this "
            "sweep: other metrics or weeks recorded, another base scenario, another "
            "root seed, another design)",
        ),
        (
            "de",
            "enthält Ergebnisse einer anderen Konfiguration (small; 18 Läufe im Ordner gehören "
            "nicht zu dieser Versuchsreihe: andere Kennzahlen oder Wochen aufgezeichnet, ein "
            "anderes Basisszenario, ein anderer Zufallsstartwert, ein anderes Design)",
        ),
    ],
)
def test_another_sweep_s_folder_is_refused_naming_every_way_the_two_differ(
    monkeypatch, capsys, small, tmp_path, lang, said
):
    """An analyst's audit: pointed at another sweep's folder, the refusal named only "other
    record settings" where the sweeps differed in design and base scenario too, and not the
    folder's sweep. It names the folder's sweep and every way its config differs."""
    config, _ = small
    out = tmp_path / "out"
    a_finished_sweep(config, out)
    other = write_config(
        tmp_path / "other",
        SMALL,
        name="other",
        set={**SMALL["set"], "reps.count": 5},
        sweep={**SMALL["sweep"], "seed": 8, "replications": 2},
        record={"every": 2},
    )
    done = rapport_in_process(
        monkeypatch, capsys, "sweep", other, "--out", out, "--no-report", "--lang", lang
    )
    one_line_error(done, contains=said, lang=lang)


def test_each_chunk_names_the_machine_that_ran_its_runs_and_the_folder_adds_them_up(tmp_path):
    """A manifest counted the machines in the command's memory, so the runs of a command killed
    outright (SIGKILL) were "unrecorded". Each chunk now names its machine: the buffer writes
    one chunk per machine, and the folder's count reads the chunks (a run stored twice counts
    once; chunks written before chunks named machines are "unrecorded")."""
    old, new = json.dumps({"numpy_simd": []}), json.dumps({"numpy_simd": ["X86_V3"]})
    store = ResultStore(tmp_path)
    store.results.mkdir()

    def outcome(key: str, machine: str) -> RunOutcome:
        task = RunTask(key, 0, 0, 1, {}, {}, ("revenue",), 1)
        return RunOutcome(task, {"run_key": [key, key], "week": [0, 1]}, machine=machine)

    buffer = Buffer(store, chunk_runs=100)
    for i in range(5):
        buffer.add(outcome(f"a{i}", new if i % 2 else old))
    buffer.flush()  # two chunks: one per machine
    store.append_results({"run_key": ["b0", "b1", "a1"], "week": [0, 0, 0]})  # names none
    chunks = sorted(store.results.glob("part-*.parquet"))
    named = [json.loads(pq.read_schema(c).metadata[b"rapport"]).get("machine") for c in chunks]
    assert named == [json.loads(old), json.loads(new), None]  # in the order written
    assert store.machines() == [
        {"numpy_simd": [], "runs": 3},
        {"numpy_simd": ["X86_V3"], "runs": 2},
        {"unrecorded": True, "runs": 2},  # b0 and b1; a1 is counted where it was first stored
    ]
    # a chunk rewritten by the store (a changed config, runs discarded) keeps its machine
    store.about = {"sweep": "renamed"}
    for chunk in chunks:
        pq.write_table(store._described(pq.read_table(chunk)), chunk)
    again = [json.loads(pq.read_schema(c).metadata[b"rapport"]) for c in chunks]
    assert [meta.get("machine") for meta in again] == named
    assert {meta["sweep"] for meta in again} == {"renamed"}


def test_a_group_that_comes_back_after_a_slow_start_is_written_as_one_chunk(tmp_path, monkeypatch):
    """The buffer wrote its runs once five seconds had passed since its last write, and before
    the first write that was its creation: a first group that came back after a slow start
    (workers starting under load) was written as soon as its first run came in, a chunk of one
    run. The five seconds now run from the oldest run waiting."""
    clock = [0.0]
    monkeypatch.setattr(execute_module, "time", SimpleNamespace(monotonic=lambda: clock[0]))
    store = ResultStore(tmp_path)
    store.results.mkdir()
    buffer = Buffer(store, chunk_runs=100)

    def add(key: str) -> None:
        task = RunTask(key, 0, 0, 1, {}, {}, ("revenue",), 1)
        buffer.add(RunOutcome(task, {"run_key": [key], "week": [0]}, machine=worker_machine()))

    clock[0] = 10.0  # the first group comes back ten seconds after the sweep began
    for key in ("a0", "a1", "a2"):
        add(key)
    assert not list(store.results.glob("part-*.parquet"))  # nothing has waited five seconds
    clock[0] = 15.5  # the next group: the first has waited long enough
    add("b0")
    (chunk,) = store.results.glob("part-*.parquet")
    assert pq.read_table(chunk)["run_key"].to_pylist() == ["a0", "a1", "a2", "b0"]
