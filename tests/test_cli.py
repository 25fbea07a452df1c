"""The rapport command as a user runs it: files written, errors clean, results reproducible."""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import click
import pandas as pd
import pytest
from click.testing import CliRunner

from experiments.interrupts import Terminated
from experiments.replicate.design import StudyDesign
from frontends import help_texts
from frontends.cli import Command, cli, stopped_saying
from sim.machine import machine_facts
from sim.metrics import METRICS
from sim.params import PARAMS, Scenario
from sim.scenarios import schedule_notes
from sim.texts import note_text
from tests.helpers import REPO, assert_same_placeholders, rapport_in_process

# What each mode of `rapport replicate` runs, where the command finds it when it runs (it
# loads them only then): a test's stand-in goes there.
REPLICATION_RUNNERS = (
    "experiments.replicate.power.replicate",
    "experiments.replicate.multiverse.run_multiverse",
    "experiments.replicate.multiverse.run_worlds_multiverse",
)

RAPPORT = str(Path(sys.executable).with_name("rapport"))


def rapport(*args, cwd=REPO) -> subprocess.CompletedProcess:
    return subprocess.run([RAPPORT, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def rapport_here(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    """``rapport ARGS`` in this process (``tests.helpers.rapport_in_process``): exit code,
    stdout, stderr."""
    done = rapport_in_process(monkeypatch, capsys, *args)
    return done.returncode, done.stdout, done.stderr


def test_run_writes_the_promised_files_with_the_promised_contents(tmp_path, monkeypatch, capsys):
    out = tmp_path / "x"
    done = rapport_in_process(
        monkeypatch,
        capsys,
        "run",
        "--set",
        "reps.effort_hours=55",
        "--set",
        "reps.perception=0.1",
        "--set",
        "reps.regulation=0.1",
        "--weeks",
        "20",
        "--seed",
        "7",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert "relational_performance" in done.stdout
    weekly = pd.read_parquet(out / "weekly.parquet")
    reps = pd.read_parquet(out / "reps.parquet")
    assert list(weekly["week"]) == list(range(21))
    assert set(METRICS) <= set(weekly.columns)
    assert len(reps) == 21 * 20 and {"week", "rep", "relationship"} <= set(reps.columns)
    summary = json.loads((out / "summary.json").read_text())
    final = weekly.iloc[-1]
    assert summary["relational_performance"] == pytest.approx(final["relational_performance"])
    assert summary["churned"] == final["churned"] and summary["week"] == 20
    assert summary["seed"] == 7 and summary["version"]
    assert summary["parameters"]["reps"]["effort_hours"] == 55
    assert (out / "trajectory.png").read_bytes()[:4] == b"\x89PNG"


def test_run_s_headline_counts_one_rep_and_one_week_in_the_singular(tmp_path, monkeypatch, capsys):
    done = rapport_in_process(
        monkeypatch,
        capsys,
        "run",
        "--set",
        "reps.count=1",
        "--weeks",
        "1",
        "--out",
        tmp_path / "one",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Scenario default: 1 rep × 40 customers, 1 week, seed ")


def test_run_shows_the_low_a_team_recovered_from(tmp_path, monkeypatch, capsys):
    """A low-EI team falls in its first year and partly recovers in its second: the table shows
    the low between the peak and the end; a run that ends at its low has no such column."""
    done = rapport_in_process(
        monkeypatch, capsys,
        "run", "configs/scenarios/hard_worker.yaml", "--weeks", "104", "--out", str(tmp_path / "a"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    quality = pd.read_parquet(tmp_path / "a" / "weekly.parquet")["relational_performance"]
    peak = int(quality.idxmax())
    low = int(quality.iloc[peak:].idxmin())
    assert peak < low < 104 and quality.iloc[-1] > quality.iloc[low] + 0.05
    header = next(line for line in done.stdout.splitlines() if line.startswith("metric"))
    assert header.split() == ["metric", "start", "peak", "(wk", f"{peak})", "low", "(wk",
                              f"{low})", "final", "(wk", "104)"]  # fmt: skip
    row = next(line for line in done.stdout.splitlines() if line.startswith("relational"))
    assert row.split()[-2] == f"{quality.iloc[low]:.3f}"
    short = rapport_in_process(
        monkeypatch, capsys,
        "run", "configs/scenarios/hard_worker.yaml", "--weeks", "20", "--out", str(tmp_path / "b"),
    )  # fmt: skip
    assert "low (wk" not in short.stdout and "final (wk 20)" in short.stdout


def test_a_scenario_file_runs_into_the_named_folder(tmp_path, monkeypatch, capsys):
    done = rapport_in_process(
        monkeypatch, capsys,
        "run", "configs/scenarios/hard_worker.yaml", "--weeks", "5", "--out", tmp_path / "hard",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "hard" / "summary.json").read_text())
    assert summary["parameters"]["reps"]["effort_hours"] == 60


def test_the_same_seed_gives_byte_identical_data_files(tmp_path, monkeypatch, capsys):
    # a and b in real processes, each its own: the same seed gives the same bytes across
    # processes; c, another seed, needs no process of its own
    for name in ("a", "b"):
        assert (
            rapport("run", "--weeks", "15", "--seed", "3", "--out", str(tmp_path / name)).returncode
            == 0
        )
    for file in ("weekly.parquet", "reps.parquet"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()
    # summary.json names the machine that computed the run (its last digits depend on numpy's
    # processor features), as the command's process sees it: the same machine as this test's
    summary = json.loads((tmp_path / "a" / "summary.json").read_text())
    assert summary["machine"] == machine_facts() and summary["machine"]["processor"]
    other = tmp_path / "c"
    rapport_in_process(monkeypatch, capsys, "run", "--weeks", "15", "--seed", "4", "--out", other)
    assert (other / "weekly.parquet").read_bytes() != (
        tmp_path / "a" / "weekly.parquet"
    ).read_bytes()


@pytest.mark.parametrize(
    "args, message",
    [
        (["run", "nope.yaml"], "nope.yaml: file not found"),
        (["run", "--set", "reps.effort_hours"], "expected NAME=VALUE"),
        (["run", "--set", "reps.effort_hours=90"], "reps.effort_hours: 90 is above the maximum 80"),
        (["run", "--set", "reps.efort_hours=9"], "did you mean 'reps.effort_hours'"),
        (["run", "--weeks", "0"], "--weeks: 0 is below the minimum 1"),
        (["run", "--set", "reps.count=abc"], 'reps.count: "abc" is not a whole number'),
        (["run", "--set", "reps.count=true"], "reps.count: true is not a number"),
        (["run", "--set", "reps.effort_hours=.nan"], "NaN is not a finite number"),
        (["run", "--seed", "abc"], "run: Invalid value for '--seed': 'abc' is not a valid integer"),
        (["run", "--bogus"], "run: No such option '--bogus'"),
        (["run", "tests"], "is a directory"),
        (["run", "--seed", "9" * 5000], "is not a valid integer"),
        (["sweep", "tests"], "is a directory"),
        (["nosuchcommand"], "No such command 'nosuchcommand'"),
    ],
)
def test_bad_input_gives_one_line_exit_code_2_and_no_traceback(
    args, message, tmp_path, monkeypatch, capsys
):
    out = ["--out", str(tmp_path / "o")] if args[0] == "run" else []
    code, _, err = rapport_here(monkeypatch, capsys, *args, *out)
    assert code == 2
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert len(err) < 600
    assert not (tmp_path / "o").exists()


LAUGHS = 'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + "".join(
    f"{b}: &{b} [{', '.join([f'*{a}'] * 10)}]\n" for a, b in zip("abcdefg", "bcdefgh", strict=True)
)


@pytest.mark.parametrize("where", ["sweep", "base"])
def test_a_billion_laughs_sweep_or_base_is_refused_in_one_line(
    tmp_path, monkeypatch, capsys, where
):
    sweep = "name: x\nsweep:\n  parameters:\n    reps.effort_hours: [30, 40]\n"
    if where == "base":
        (tmp_path / "base.yaml").write_text(LAUGHS)
        sweep += "base: base.yaml\n"
    else:
        sweep = LAUGHS + sweep
    (tmp_path / "sweep.yaml").write_text(sweep)
    done = rapport_in_process(monkeypatch, capsys, "sweep", "sweep.yaml", "--dry-run", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert "anchors and aliases expand to more than 10,000" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_malformed_yaml_is_reported_with_its_line(tmp_path):
    # A real process: what the refusals above check in process, the installed command prints.
    bad = tmp_path / "bad.yaml"
    bad.write_text("reps:\n  count: 3\n   effort_hours: 4\n")
    done = rapport("run", str(bad))
    assert done.returncode == 2 and "line 3" in done.stderr and "Traceback" not in done.stderr


def test_params_lists_every_parameter_with_its_default(monkeypatch, capsys):
    done = rapport_in_process(monkeypatch, capsys, "params")
    assert done.returncode == 0
    for name in PARAMS:
        assert name in done.stdout
    assert "h/week" in done.stdout


def test_params_schema_is_json_schema(monkeypatch, capsys):
    done = rapport_in_process(monkeypatch, capsys, "params", "--schema")
    schema = json.loads(done.stdout)
    assert schema["title"] == "Rapport scenario" and "$defs" in schema


def test_replicate_writes_the_study_and_prints_the_comparison(tmp_path, monkeypatch, capsys):
    done = rapport_in_process(
        monkeypatch, capsys, "replicate", "--seed", "3", "--out", str(tmp_path / "r")
    )
    assert done.returncode == 0, done.stderr
    assert "What the paper found | what this replication finds" in done.stdout
    assert (tmp_path / "r" / "figure.png").exists() and (tmp_path / "r" / "comparison.csv").exists()


@pytest.mark.parametrize("curve", [True, False], ids=["power curve", "--no-power-curve"])
def test_replicate_with_several_studies_says_where_each_file_went(
    tmp_path, monkeypatch, capsys, curve
):
    out = tmp_path / "r"
    skip = [] if curve else ["--no-power-curve"]
    done = rapport_in_process(
        monkeypatch, capsys, "replicate", "--runs", "2", "--reps", "20", *skip, "--out", str(out)
    )
    assert done.returncode == 0, done.stderr
    last = done.stdout.strip().splitlines()[-1]
    # the line names exactly the files written into the folder: the power curve only if it ran
    named = set(re.findall(r"[\w.]+\.(?:md|csv|jsonl|json)\b", last.split(f" to {out}/")[0]))
    assert named == {p.name for p in out.iterdir() if p.is_file()}
    assert ("power_curve.csv" in named) == curve and ("no power curve" in last) == (not curve)
    assert ("power_curve" in json.loads((out / "power.json").read_text())) == curve
    # the figure is the first study's, in its own folder, and the line says so
    assert f"{out / 'study'}/" in last and (out / "study" / "figure.png").exists()
    assert not (out / "figure.png").exists()


@pytest.mark.parametrize(
    "args, field",
    [(["--effort", "huge"], "--effort"), (["--rating-reliability", "1.5"], "--rating-reliability")],
)
def test_replicate_rejects_an_unknown_design_choice(tmp_path, monkeypatch, capsys, args, field):
    code, _, err = rapport_here(
        monkeypatch, capsys, "replicate", *args, "--out", str(tmp_path / "r")
    )
    assert code == 2 and field in err and "Traceback" not in err
    assert not (tmp_path / "r").exists()


SEEDS_REFUSED = [
    ([], "-5"),
    ([], str(2**63)),  # a sweep's root seed stops at 2**63 - 1 (``SweepSpec.seed``)
    (["--multiverse", "--worlds", "2", "--studies", "1"], "-1"),
]


@pytest.mark.parametrize(
    "mode, seed", SEEDS_REFUSED, ids=[" ".join([*m, s]) for m, s in SEEDS_REFUSED]
)
def test_replicate_refuses_a_root_seed_outside_a_sweeps_range(
    tmp_path, monkeypatch, capsys, mode, seed
):
    code, _, err = rapport_here(
        monkeypatch, capsys, "replicate", *mode, "--seed", seed, "--out", str(tmp_path / "r")
    )
    line = err.strip()
    assert code == 2 and "\n" not in line and "Traceback" not in err
    assert f"'--seed': {seed} is not in the range 0<=x<={2**63 - 1}" in line, line
    assert not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    "args",
    [
        ["run"],
        ["sweep", "configs/sweeps/coaching.yaml"],
        ["study", "effort_sweet_spot"],
        ["replicate"],
        ["patterns"],
        ["calibrate"],
    ],
    ids=lambda args: args[0],
)
def test_an_empty_out_folder_is_refused_not_taken_as_the_current_folder(
    tmp_path, monkeypatch, capsys, args
):
    """``--out ''`` was the current folder: a study wrote its answer, results and lock file
    beside whatever the folder held."""
    monkeypatch.chdir(tmp_path)
    code, _, err = rapport_here(
        monkeypatch, capsys, *(REPO / a if a.endswith(".yaml") else a for a in args), "--out", ""
    )
    assert code == 2 and err == (
        f"rapport: error: {args[0]}: Invalid value for '--out': an empty path; give a folder, "
        f"e.g. runs/NAME (see rapport {args[0]} --help)\n"
    )
    assert list(tmp_path.iterdir()) == []


def test_an_option_missing_its_value_points_to_its_command_s_help(monkeypatch, capsys):
    """click raises this error without the command's context: it pointed to ``rapport --help``
    and named no command."""
    code, _, err = rapport_here(monkeypatch, capsys, "--lang", "en", "run", "--check", "--weeks")
    assert (code, err) == (
        2,
        "rapport: error: run: Option '--weeks' requires an argument. (see rapport run --help)\n",
    )


@pytest.mark.parametrize("option", ["--ei-reliability", "--rating-reliability"])
@pytest.mark.parametrize("value", ["nan", "NaN", "-nan"])
def test_replicate_refuses_a_reliability_that_is_not_a_number(
    tmp_path, monkeypatch, capsys, option, value
):
    """NaN compares false with both ends of click's FloatRange, which let it through to the study
    design: a traceback of 28 lines and exit code 1."""
    out = tmp_path / "r"
    code, _, err = rapport_here(monkeypatch, capsys, "replicate", option, value, "--out", str(out))
    line = err.strip()
    assert code == 2 and "\n" not in line and "Traceback" not in err
    assert f"'{option}': nan is not in the range 0.05<=x<=1.0" in line, line
    assert not out.exists()


@pytest.mark.parametrize(
    "mode", [[], ["--runs", "2"], ["--multiverse"], ["--multiverse", "--worlds", "2"]]
)
def test_replicate_refuses_an_out_folder_it_cannot_create_before_any_study(
    monkeypatch, capsys, mode
):
    """It raised a FileNotFoundError traceback, in the multiverse modes only after every study
    had run (their work lost); the folder is now made first, as sweeps make theirs."""
    studies = []
    for runner in REPLICATION_RUNNERS:
        monkeypatch.setattr(runner, lambda *a, **k: studies.append(a))
    out = "/proc/rapport-test/out"  # a folder no process can create (Linux)
    code, _, err = rapport_here(monkeypatch, capsys, "replicate", *mode, "--out", out)
    line = err.strip()
    assert code == 2 and "\n" not in line and "Traceback" not in err
    assert f"--out: {out}: cannot create it" in line, line
    assert studies == []


def test_replicate_refuses_a_sweep_s_folder_before_any_study(tmp_path, monkeypatch, capsys):
    """Its report, tables and figure went in among a sweep's results without a word."""
    from experiments.config import validate_sweep
    from experiments.sweep import run_sweep

    sweep = {
        "name": "s",
        "set": {"reps.count": 2, "simulation.weeks": 2},
        "sweep": {"parameters": {"reps.effort_hours": [10, 20]}},
    }
    run_sweep(validate_sweep(sweep), tmp_path / "sweep", workers=1, quiet=True)
    before = sorted(p.name for p in (tmp_path / "sweep").iterdir())
    studies = []
    monkeypatch.setattr(REPLICATION_RUNNERS[0], lambda *a, **k: studies.append(a))
    code, _, err = rapport_here(monkeypatch, capsys, "replicate", "--out", str(tmp_path / "sweep"))
    assert code == 2 and "Traceback" not in err and studies == []
    assert err.strip().endswith(
        "holds a sweep's or a pattern map's results (manifest.json, results/); a replication "
        "writes into a folder of its own: give another --out"
    ), err
    assert sorted(p.name for p in (tmp_path / "sweep").iterdir()) == before


# What each mode of `rapport replicate` leaves in its folder (a run's folder beside them).
REPLICATE_FOLDERS = {
    "one study": ["report.md", "report.html", "summary.json", "tests.csv", "figure.png"],
    "--runs": ["report.md", "power.json", "replications.csv", "study/"],
    "--multiverse": ["multiverse.md", "multiverse.csv", "multiverse.json"],
    "--worlds": ["worlds_multiverse.md", "worlds_multiverse.json"],
    "a run": ["summary.json", "weekly.parquet", "reps.parquet", "trajectory.png"],
}
REPLICATE_MODES = {
    "one study": [],
    "--runs": ["--runs", "2"],
    "--multiverse": ["--multiverse"],
    "--worlds": ["--multiverse", "--worlds", "2"],
}


def fill_folder(folder, names):
    for name in names:
        if name.endswith("/"):
            (folder / name).mkdir(parents=True)
        else:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text(f"the earlier {name}\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("held", "mode"),
    [(held, mode) for held in REPLICATE_FOLDERS for mode in REPLICATE_MODES if held != mode],
)
def test_replicate_refuses_a_folder_of_another_mode_or_a_run_before_any_study(
    tmp_path, monkeypatch, capsys, held, mode
):
    """--runs N wrote its report.md over a study's and left the study's report.html, tables and
    summary.json beside it, and one study overwrote a run's summary.json, without a word."""
    folder = tmp_path / "out"
    fill_folder(folder, REPLICATE_FOLDERS[held])
    before = {p.name: p.read_text() for p in folder.iterdir() if p.is_file()}
    studies = []
    for runner in REPLICATION_RUNNERS:
        monkeypatch.setattr(runner, lambda *a, **k: studies.append(a))
    code, _, err = rapport_here(
        monkeypatch, capsys, "replicate", *REPLICATE_MODES[mode], "--out", str(folder)
    )
    line = err.strip()
    assert code == 2 and "\n" not in line and "Traceback" not in err, err
    assert f"--out: {folder}: holds " in line and "give another --out" in line, line
    assert studies == []
    assert {p.name: p.read_text() for p in folder.iterdir() if p.is_file()} == before


@pytest.mark.parametrize("mode", ["one study", "--runs"])
def test_replicate_writes_again_into_a_folder_of_the_same_mode(tmp_path, monkeypatch, capsys, mode):
    folder = tmp_path / "out"
    fill_folder(folder, REPLICATE_FOLDERS[mode])
    studies = []

    def replication(seed, runs, out, *args, **kwargs):
        studies.append(runs)
        (out / "report.md").write_text("## Moderated\n", encoding="utf-8")

    monkeypatch.setattr(REPLICATION_RUNNERS[0], replication)
    args = [*REPLICATE_MODES[mode], "--no-power-curve"] if mode == "--runs" else []
    code, _, err = rapport_here(monkeypatch, capsys, "replicate", *args, "--out", str(folder))
    assert code == 0, err
    assert studies == [2 if mode == "--runs" else 1]


INTERRUPTED = {  # what an interrupted replication leaves: its log of finished studies
    "--runs": "studies.jsonl",
    "--multiverse": "multiverse_studies.jsonl",
    "--worlds": "worlds_studies.jsonl",
}


@pytest.mark.parametrize("left", INTERRUPTED)
def test_a_folder_an_interruption_left_is_taken_by_its_mode_and_refused_by_others(
    tmp_path, monkeypatch, capsys, left
):
    studies = []

    def stand_in(*args, **kwargs):  # records the call, writes the report the command prints
        studies.append(args)
        out = next(a for a in args if isinstance(a, Path))
        for name in ("report.md", "multiverse.md", "worlds_multiverse.md"):
            (out / name).write_text("## Moderated\n", encoding="utf-8")

    for runner in REPLICATION_RUNNERS:
        monkeypatch.setattr(runner, stand_in)
    for i, (mode, args) in enumerate(REPLICATE_MODES.items()):
        folder = tmp_path / f"out{i}"
        fill_folder(folder, [INTERRUPTED[left]])
        extra = ["--no-power-curve"] if mode == "--runs" else []
        code, _, err = rapport_here(
            monkeypatch, capsys, "replicate", *args, *extra, "--out", str(folder)
        )
        if mode == left:
            assert code == 0 and len(studies) == 1, err
        else:
            assert code == 2 and "give another --out" in err, (mode, err)
    assert len(studies) == 1


def test_ctrl_c_keeps_a_replication_s_finished_studies_and_the_rerun_adds_only_the_rest(tmp_path):
    """Ctrl-C mid-way through --runs N printed "Aborted." and lost every study (a multiverse
    is minutes of them); now the finished ones stay in the log and the rerun completes it."""
    out = tmp_path / "r"
    # 24 studies: with 8, all of them were done once the Ctrl-C reached the workers (two at a
    # time in flight, the rest finishing while the pool shut down) on a fast, busy host
    args = [RAPPORT, "replicate", "--runs", "24", "--reps", "40", "--no-power-curve"]
    args += ["--workers", "2", "--out", str(out)]
    process = subprocess.Popen(
        args, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    log = out / "studies.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if log.is_file() and len(log.read_text(encoding="utf-8").splitlines()) >= 2:
            break
        time.sleep(0.05)
    os.killpg(process.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole group
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130 and "Traceback" not in err, err
    assert err.strip() == (
        f"Interrupted: finished studies are saved in {out}/. Run the same command again to "
        "execute only the missing ones."
    )
    kept = log.read_text(encoding="utf-8").splitlines()
    assert 2 <= len(kept) < 24
    done = subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[: len(kept)] == kept and len(lines) == 24  # the kept ones were not run again
    assert json.loads((out / "power.json").read_text())["studies"] == 24


def test_replicate_s_modes_have_folders_of_their_own_by_default():
    from frontends.commands.replicate import DEFAULT_OUT, MODES

    assert set(DEFAULT_OUT) == set(MODES)
    assert len(set(DEFAULT_OUT.values())) == len(MODES)


# Options a mode of `rapport replicate` does not use, each with that mode: refused, never ignored.
MISPLACED = [
    (["--multiverse", "--effort", "wide"], "--effort wide", "not with --multiverse:"),
    (["--multiverse", "--reps", "25"], "--reps 25", "not with --multiverse:"),
    (["--multiverse", "--ei-reliability", "0.5"], "--ei-reliability 0.5", "not with --multiverse:"),
    (
        ["--multiverse", "--rating-reliability", "0.3"],
        "--rating-reliability 0.3",
        "not with --multiverse:",
    ),
    (["--multiverse", "--runs", "2"], "--runs 2", "not with --multiverse:"),
    (
        ["--multiverse", "--worlds", "2", "--runs", "2"],
        "--runs 2",
        "not with --multiverse --worlds N:",
    ),
    (["--multiverse", "--no-power-curve"], "--no-power-curve", "not with --multiverse:"),
    (["--studies", "3"], "--studies 3", "not with one study:"),
    (["--runs", "2", "--studies", "3"], "--studies 3", "not with --runs N (N ≥ 2):"),
    (["--worlds", "4"], "--worlds 4", "not with one study:"),
    (["--no-power-curve"], "--no-power-curve", "not with one study:"),
    (["--workers", "2"], "--workers 2", "not with one study:"),
]


@pytest.mark.parametrize("args, given, mode", MISPLACED, ids=[" ".join(m[0]) for m in MISPLACED])
def test_replicate_refuses_an_option_its_mode_would_ignore(
    tmp_path, monkeypatch, capsys, args, given, mode
):
    code, _, err = rapport_here(
        monkeypatch, capsys, "replicate", *args, "--out", str(tmp_path / "r")
    )
    assert code == 2 and "Traceback" not in err
    line = err.strip()
    assert "\n" not in line and f"{given} goes only with " in line and mode in line, line
    assert not (tmp_path / "r").exists()


def test_replicate_names_every_misplaced_option_in_one_line(tmp_path, monkeypatch, capsys):
    code, _, err = rapport_here(
        monkeypatch, capsys,
        "replicate", "--multiverse", "--effort", "wide", "--reps", "25", "--runs", "2",
        "--out", str(tmp_path / "r"),
    )  # fmt: skip
    line = err.strip()
    assert code == 2 and "\n" not in line
    assert "--effort wide and --reps 25 go only with one study, --runs N" in line
    assert "crosses the effort distributions, reliabilities and study sizes itself" in line
    assert "--runs 2 goes only with one study or --runs N (N ≥ 2)" in line


def test_replicate_in_plausible_worlds_studies_the_design_it_is_given(
    tmp_path, monkeypatch, capsys
):
    out = tmp_path / "w"
    done = rapport_in_process(
        monkeypatch, capsys,
        "replicate", "--multiverse", "--worlds", "2", "--studies", "1", "--reps", "20",
        "--effort", "wide", "--ei-reliability", "0.5", "--rating-reliability", "0.3",
        "--out", str(out),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    saved = json.loads((out / "worlds_multiverse.json").read_text())
    given = StudyDesign(effort="wide", ei_reliability=0.5, rating_reliability=0.3).scaled(20)
    assert saved["design"] == given.describe() != StudyDesign().describe()
    assert saved["studies_per_world"] == 1 and saved["worlds"] == 2
    assert (pd.read_csv(out / "worlds_multiverse.csv")["studies"] == 1).all()


def test_study_runs_and_prints_its_answer(tmp_path, monkeypatch, capsys):
    done = rapport_in_process(
        monkeypatch,
        capsys,
        "study",
        "effort_sweet_spot",
        "--replications",
        "2",
        "--worlds-count",
        "2",
        "--workers",
        "1",
        "--out",
        str(tmp_path / "s"),
    )
    assert done.returncode == 0, done.stderr
    assert "peaks at about" in done.stdout and (tmp_path / "s" / "study.html").exists()
    assert "Over 2 plausible worlds" in done.stdout
    bad = rapport_in_process(monkeypatch, capsys, "study", "sweetspot")
    assert bad.returncode == 2 and "study: 'sweetspot' is not one of 'effort_sweet_spot', " in (
        bad.stderr
    )


def test_a_study_answers_in_german_from_the_same_runs_with_the_same_numbers(
    tmp_path, monkeypatch, capsys
):
    out = tmp_path / "s"
    quick = ["--replications", "2", "--worlds", "none", "--workers", "1", "--out", str(out)]
    english = rapport_in_process(monkeypatch, capsys, "study", "effort_sweet_spot", *quick)
    assert english.returncode == 0, english.stderr
    numbers = json.loads((out / "answer.json").read_text())["numbers"]
    runs = sorted((p.name, p.stat().st_mtime_ns) for p in (out / "results").rglob("*"))
    german = rapport_in_process(
        monkeypatch, capsys, "study", "effort_sweet_spot", "--lang", "de", *quick
    )
    assert german.returncode == 0, german.stderr
    assert "am höchsten" in german.stdout and f"Seite: {out / 'study.html'}" in german.stdout
    assert "peaks at about" not in german.stdout and "Page:" not in german.stdout
    data = json.loads((out / "answer.json").read_text())
    assert data["lang"] == "de" and data["numbers"] == numbers
    hours = f"{numbers['sweet_spot_hours']:g}".replace(".", ",")
    assert f"bei etwa {hours}\u00a0h pro Woche" in german.stdout
    # the runs do not depend on the language: answering again in German ran nothing again
    assert sorted((p.name, p.stat().st_mtime_ns) for p in (out / "results").rglob("*")) == runs
    assert "<html lang=de>" in (out / "study.html").read_text()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_study_list_asks_each_answer_pages_question(monkeypatch, capsys, lang):
    """The list's English line was the sweep file's own description, which asked something
    else than the page; now the page's question is the study's one text."""
    from experiments.studies import STUDIES, load_study
    from experiments.study_texts import say

    code, out, _ = rapport_here(monkeypatch, capsys, "study", "--list", "--lang", lang)
    assert code == 0
    assert out.splitlines() == [f"{name:<18} {say(f'{name}.question', lang)}" for name in STUDIES]
    for name in STUDIES:  # the description a study's sweep and report carry
        assert load_study(name).file.description == say(f"{name}.question"), name


@pytest.mark.parametrize(
    "assignment", ["interventions=[{week: 20, effort_hours: 30}]", "interventions.0.week=3"]
)
def test_interventions_cannot_be_set_on_the_command_line_and_the_error_says_where(
    monkeypatch, capsys, assignment
):
    """--set interventions… said "unknown parameter (did you mean 'hiring.perception'?)"."""
    code, out, err = rapport_here(monkeypatch, capsys, "run", "--set", assignment, "--check")
    name = assignment.split("=")[0]
    assert (code, out) == (2, "")
    assert err == (
        f"rapport: error: --set {name}: a schedule of changes, not a parameter. Set it in the "
        "scenario file (not with --set, a sweep's set or a sweep axis)\n"
    )


def test_params_says_where_interventions_are_set(monkeypatch, capsys):
    code, out, _ = rapport_here(monkeypatch, capsys, "params")
    lines = out.splitlines()
    described = lines[next(i for i, li in enumerate(lines) if li.startswith("interventions ")) + 1]
    assert code == 0 and "Set it in the scenario file (not with --set" in described


def test_params_in_german_gives_the_schema_s_german_texts_and_the_same_numbers(monkeypatch, capsys):
    """`rapport params --lang de`: every parameter under its dotted name with the app's German
    label and help text (no English description left), German units and decimal commas, the
    same defaults, bounds and priors as the English list; the markdown table likewise."""
    from sim.params import iter_params

    code, english, _ = rapport_here(monkeypatch, capsys, "params")
    code_de, german, _ = rapport_here(monkeypatch, capsys, "params", "--lang", "de")
    assert code == code_de == 0
    en_lines, de_lines = english.splitlines(), german.splitlines()
    assert len(en_lines) == len(de_lines)
    specs = list(iter_params(schedules=True))
    for spec, en_head, de_head, en_text, de_text in zip(
        specs, en_lines[::2], de_lines[::2], en_lines[1::2], de_lines[1::2], strict=True
    ):
        assert en_head.split()[0] == de_head.split()[0] == spec.name
        # the same numbers, written with a comma (thousands grouped from five digits), and
        # units in German
        numbers = re.findall(r"\d+(?:[.,]\d+)?", en_head.replace("e-", "e"))
        grouped = re.findall(r"\d{1,3}(?:\.\d{3})+(?!\d)|\d+(?:,\d+)?", de_head)
        assert [n.replace(".", "") for n in grouped] == [n.replace(".", ",") for n in numbers]
        assert "h/week" not in de_head and "uniform" not in de_head
        if spec.description_de:
            assert de_text.strip().startswith(f"{spec.label_de}: {spec.description_de}")
        assert spec.description not in de_text and "Acts only when" not in de_text
        assert ("Wirkt nur, wenn" in de_text) == ("Acts only when" in en_text)
    code, table, _ = rapport_here(
        monkeypatch, capsys, "params", "--lang", "de", "--format", "markdown"
    )
    assert code == 0 and table.splitlines()[0].startswith("| Parameter | Standard | Erlaubt |")
    assert len(table.splitlines()) == len(specs) + 2
    code, priors, _ = rapport_here(monkeypatch, capsys, "params", "--lang", "de", "--priors")
    reasons = [line for line in priors.splitlines() if line.startswith("    Begründung")]
    assert code == 0 and len(reasons) == sum(s.prior is not None for s in specs)


def test_a_study_in_a_language_other_than_en_or_de_is_refused_in_one_line(
    tmp_path, monkeypatch, capsys
):
    code, out, err = rapport_here(
        monkeypatch,
        capsys,
        "study",
        "effort_sweet_spot",
        "--lang",
        "fr",
        "--out",
        str(tmp_path / "s"),
    )
    assert code == 2 and out == "" and not (tmp_path / "s").exists()
    assert err == (
        "rapport: error: study: Invalid value for '--lang': 'fr' is not one of 'en', 'de'. "
        "(see rapport study --help)\n"
    )


def test_a_study_for_another_scenario_writes_apart_from_the_default_teams_answer(
    tmp_path, monkeypatch, capsys
):
    # README runs `rapport study effort_sweet_spot` and then the same study with
    # `--scenario my_team.yaml`, both without --out: the second must neither be refused as
    # "a different config" in the first's folder nor overwrite it.
    (tmp_path / "my_team.yaml").write_text("reps:\n  count: 4\n", encoding="utf-8")
    quick = ["--replications", "1", "--worlds", "none", "--workers", "1"]
    first = rapport_in_process(
        monkeypatch, capsys, "study", "effort_sweet_spot", *quick, cwd=tmp_path
    )
    assert first.returncode == 0, first.stderr
    mine = rapport_in_process(
        monkeypatch, capsys,
        "study", "effort_sweet_spot", "--scenario", "my_team.yaml", *quick, cwd=tmp_path,
    )  # fmt: skip
    assert mine.returncode == 0, mine.stderr
    studies = tmp_path / "runs" / "studies"
    assert sorted(p.name for p in studies.iterdir()) == [
        "effort_sweet_spot",
        "effort_sweet_spot-my_team",
    ]
    ours = json.loads((studies / "effort_sweet_spot-my_team" / "answer.json").read_text())
    theirs = json.loads((studies / "effort_sweet_spot" / "answer.json").read_text())
    assert ours["answer"] != theirs["answer"]


LOADS_ONLY_WHAT_IT_USES = """
import sys
import click
from experiments.replicate.design import StudyDesign
from frontends.cli import cli
command = cli.get_command(click.Context(cli), {name!r})
assert command is not None and command.name == {name!r}
print(",".join(sorted({{m.split(".")[0] for m in sys.modules}})))
"""


@pytest.mark.parametrize(
    ("name", "absent"),
    [
        ("run", {"solara", "statsmodels", "pyabc", "distributed"}),
        ("params", {"solara", "statsmodels", "pyabc", "distributed"}),
        ("app", {"statsmodels", "pyabc", "mesa"}),
        ("sweep", {"solara", "pyabc"}),
    ],
)
def test_a_command_loads_only_the_libraries_it_uses(name, absent):
    """Commands load lazily: starting one does not pay for the others' heavy imports."""
    done = subprocess.run(
        [sys.executable, "-c", LOADS_ONLY_WHAT_IT_USES.format(name=name)],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.strip().split(","))
    assert "click" in loaded
    assert not absent & loaded, f"rapport {name} imported {sorted(absent & loaded)}"


def test_help_lists_every_command_with_its_own_summary_without_loading_any():
    """``rapport --help`` names each command with its summary, read from the help texts, and
    imports none of the commands' libraries; each summary is what the command itself says (so
    the two cannot drift apart)."""
    done = subprocess.run(
        [sys.executable, "-c", HELP_LOADS_NOTHING],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    listing, loaded = done.stdout.rsplit("\n", 2)[:2]
    assert not {"mesa", "pandas", "solara", "pyabc", "statsmodels"} & set(loaded.split(","))
    ctx = click.Context(cli)
    for name in cli.lazy:
        command = cli.get_command(ctx, name)
        summary = help_texts.summary(name, "en")
        assert isinstance(command, Command) and command.help == name, name
        assert summary == command.get_short_help_str(limit=10**6), name
        assert re.search(rf"^  {name} +{re.escape(summary[:30])}", listing, re.M), name


def test_a_bare_rapport_prints_its_help_in_the_language_asked(monkeypatch, capsys):
    """``rapport`` with nothing after it printed the whole help squashed into one "error:" line
    on stderr; it now prints the help as ``rapport --help`` does."""
    for lang, env in (("en", {}), ("de", {"RAPPORT_LANG": "de"})):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        code, out, err = rapport_here(monkeypatch, capsys)
        assert code == 0 and err == "", err
        assert out == rapport_here(monkeypatch, capsys, "--help")[1]
        assert out.startswith({"en": "Usage: rapport", "de": "Aufruf: rapport"}[lang]), out
        assert "\n  sweep " in out


HELP_LOADS_NOTHING = """
import sys
from experiments.replicate.design import StudyDesign
from frontends.cli import cli
try:
    cli.main(["--help"], standalone_mode=False)
except SystemExit:
    pass
print()
print(",".join(sorted({m.split(".")[0] for m in sys.modules})))
"""


# --- --help in the language the command line asks for ----------------------------------------

# Words each German page has (its own texts are checked whole below).
GERMAN_WORDS = {
    None: ["Aufruf:", "Befehle:", "zusammenwirken", "Kundenbeziehungen"],
    "run": ["Kurzform", "Ausgabeordner", "Szenariodatei"],
    "params": ["auflisten", "Ausgabeformat", "Begründung"],
    "sweep": ["fortsetzbar", "Ergebnisordner", "Fortschrittsmeldungen"],
    "patterns": ["kartieren", "Zufallsstartwerten", "PRIM-Boxen"],
    "report": ["gespeicherten Ergebnissen", "Abbildungen", "Bericht"],
    "app": ["lauscht", "Unterrichtsmodus", "Entwicklungsmodus"],
    "replicate": ["Basis-Zufallsstartwert", "Power-Kurve", "200 und 400 Personen"],
    "study": ["Was-wäre-wenn-Frage", "Wiederholungen je Einstellung", "Ihres Teams"],
    "calibrate": ["veröffentlichte Befunde", "Ergebnisordner", "CRM-Export"],
}
COMMANDS = list(GERMAN_WORDS)
HELP_ASKED = {  # each way a command line asks for German help; ``{name}`` is the command
    "--lang after": (["{name}", "--help", "--lang", "de"], {}),
    "--lang=de first": (["{name}", "--lang=de", "--help"], {}),
    "--lang before the command": (["--lang", "de", "{name}", "--help"], {}),
    "RAPPORT_LANG": (["{name}", "--help"], {"RAPPORT_LANG": "de"}),
}


def help_page(monkeypatch, capsys, args: list[str], env: dict[str, str]) -> str:
    """The page ``rapport ARGS`` prints (exit code 0, nothing on stderr)."""
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    code, out, err = rapport_here(monkeypatch, capsys, *args)
    assert (code, err) == (0, ""), err
    return out


def shown_texts(name: str | None, lang: str) -> list[str]:
    """Every help text of command ``name`` (None: the group) in ``lang``: its help and its
    options' (with the sentence on RAPPORT_LANG where it sets the option's default)."""
    command = cli if name is None else cli.get_command(click.Context(cli), name)
    assert isinstance(command, Command)
    texts = command.say(command.help, lang).split("\n\n")
    for param in command.params:
        if isinstance(param, click.Option):
            texts.append(command.say(param.help, lang))
        if param.envvar == "RAPPORT_LANG":
            texts.append(help_texts.say("lang.env", lang, variable="RAPPORT_LANG"))
    return [*texts, help_texts.say("shared.help", lang)]


def unwrapped(text: str) -> str:
    """``text`` without its whitespace: a help page's line breaks (also after a hyphen) fall
    where the terminal's width puts them."""
    return "".join(text.split())


def test_every_help_text_has_a_german_text_with_the_same_placeholders_that_says_it_in_german():
    assert_same_placeholders(help_texts.TEXTS)
    same = [
        key for key, text in help_texts.TEXTS["en"].items() if help_texts.TEXTS["de"][key] == text
    ]
    assert same == []


def test_every_help_text_is_shown_by_some_page_and_every_page_finds_its_texts():
    """The table and the commands name the same keys: no option's help is missing (its page
    would fail) and no text is left behind by an option that went."""
    ctx = click.Context(cli)
    commands = [cli, *(cli.get_command(ctx, name) for name in cli.lazy)]
    used = {command.help for command in commands} | {
        param.help
        for command in commands
        for param in command.params
        if isinstance(param, click.Option)
    }
    summaries = {f"{command.help}.summary" for command in commands}
    framework = {"usage", "section.options", "section.commands", "default", "and", "lang.env"}
    keys = set(help_texts.TEXTS["en"])
    assert keys - summaries - framework - {"shared.help"} == used


@pytest.mark.parametrize("way", list(HELP_ASKED))
@pytest.mark.parametrize("name", COMMANDS)
def test_help_is_german_when_the_line_asks_for_german(monkeypatch, capsys, name, way):
    """``--lang de`` anywhere on the line, or RAPPORT_LANG=de: the command's own texts and every
    option's are German, and no English text of the command is left."""
    args, env = HELP_ASKED[way]
    args = [arg.format(name=name or "") for arg in args]
    page = help_page(monkeypatch, capsys, [arg for arg in args if arg], env)
    for word in GERMAN_WORDS[name]:
        assert word in page, word
    flat = unwrapped(page)
    for text in shown_texts(name, "de"):
        assert unwrapped(text) in flat, text
    left = [text for text in shown_texts(name, "en") if unwrapped(text) in flat]
    assert left == []
    assert "Optionen:" in page and "Options:" not in page and "[default: " not in page


@pytest.mark.parametrize("name", COMMANDS)
def test_help_stays_english_when_the_line_asks_for_no_language(monkeypatch, capsys, name):
    page = help_page(monkeypatch, capsys, [*([name] if name else []), "--help"], {})
    flat = unwrapped(page)
    for text in shown_texts(name, "en"):
        assert unwrapped(text) in flat, text
    assert [text for text in shown_texts(name, "de") if unwrapped(text) in flat] == []
    assert page.startswith("Usage: rapport") and "Options:" in page


def test_a_lang_before_the_command_is_the_command_s_own_and_one_after_it_wins(monkeypatch, capsys):
    code, out, _ = rapport_here(monkeypatch, capsys, "--lang", "de", "params")
    assert code == 0 and "20 Personen" in out.splitlines()[0]
    code, out, _ = rapport_here(monkeypatch, capsys, "--lang", "de", "params", "--lang", "en")
    assert code == 0 and "20 reps" in out.splitlines()[0]


def test_a_sweep_starts_without_loading_scipy_stats(tmp_path):
    """scipy.stats costs most of a second to import: a sweep loads it only when its design or
    its report needs it (benchmarks/bench_startup.py measures the start-up)."""
    config = tmp_path / "grid.yaml"
    config.write_text(
        "name: tiny\nset:\n  reps.count: 2\n  customers.per_rep: 5\n  simulation.weeks: 3\n"
        "sweep:\n  method: grid\n  parameters:\n    reps.effort_hours: [30, 50]\n"
        "  replications: 1\n",
        encoding="utf-8",
    )
    probe = (
        "import sys\n"
        "from frontends.cli import cli\n"
        "try:\n"
        f"    cli(['sweep', {str(config)!r}, '--out', {str(tmp_path / 'out')!r}, "
        "'--workers', '1', '--no-report'])\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "assert 'scipy.stats' not in sys.modules, 'scipy.stats was imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert (tmp_path / "out").is_dir()


def test_run_says_when_a_setting_has_no_effect_and_still_runs(monkeypatch, capsys):
    done = rapport_in_process(
        monkeypatch, capsys, "run", "--set", "customers.unwon_share=0.3", "--check"
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == (
        "Note: customers.unwon_share = 0.3 has no effect unless dynamics.acquisition_hours > 0."
    )
    quiet = rapport_in_process(monkeypatch, capsys, "run", "--set", "customers.unwon_share=0.3",
                               "--set", "dynamics.acquisition_hours=20", "--check")  # fmt: skip
    assert quiet.returncode == 0 and quiet.stderr == ""


MIXED_TEAM = str(REPO / "configs" / "scenarios" / "mixed_team.yaml")
OWN_EFFORT = "(every profile sets its own: hard worker 60, smart worker 60)"


@pytest.mark.parametrize(
    "assignments, notes",
    [
        (
            ["reps.effort_hours=10"],
            [f"reps.effort_hours = 10 has no effect unless a profile leaves out effort_hours "
             f"{OWN_EFFORT}"],
        ),
        (
            ["reps.perception=0.3", "reps.regulation=0.5"],  # 0.5: the default, but given
            ["reps.perception = 0.3 has no effect unless a profile leaves out perception (every "
             "profile sets its own: hard worker 0.1, smart worker 0.9)",
             "reps.regulation = 0.5 has no effect unless a profile leaves out regulation (every "
             "profile sets its own: hard worker 0.1, smart worker 0.9)"],
        ),
        ([], []),  # the team's defaults, not given: nothing to say
    ],
)  # fmt: skip
def test_run_says_when_every_profile_replaces_the_team_value_given(assignments, notes):
    """``--set reps.effort_hours=10`` and ``=60`` on a team whose profiles set every rep's
    effort gave byte-identical runs without a word."""
    sets = [part for a in assignments for part in ("--set", a)]
    done = CliRunner().invoke(cli, ["run", MIXED_TEAM, *sets, "--check"])
    assert done.exit_code == 0, done.output
    assert done.stderr.splitlines() == [f"Note: {note}." for note in notes]


def test_run_says_nothing_of_a_team_value_some_profile_leaves_to_the_team(tmp_path):
    scenario = tmp_path / "half.yaml"
    scenario.write_text(
        "reps:\n  profiles:\n    - {name: a, share: 0.5, effort_hours: 50}\n"
        "    - {name: b, share: 0.5}\n"
    )
    done = CliRunner().invoke(
        cli, ["run", str(scenario), "--set", "reps.effort_hours=10", "--check"]
    )
    assert done.exit_code == 0 and done.stderr == "", done.output


def test_a_study_along_the_effort_every_profile_sets_is_refused_in_one_line(
    tmp_path, monkeypatch, capsys
):
    """It printed a sweet spot of 70 h (95 % CI 62.5 h to 70 h) for a team whose effort no
    setting of the study changed: noise read as a finding."""
    out = tmp_path / "x"
    code, _, err = rapport_here(
        monkeypatch, capsys,
        "study", "effort_sweet_spot", "--scenario", MIXED_TEAM, "--replications", "2",
        "--worlds", "none", "--out", str(out),
    )  # fmt: skip
    assert code == 2 and "Traceback" not in err
    assert err.strip() == (
        "rapport: error: study effort_sweet_spot: every profile of mixed_team.yaml sets its own "
        "effort_hours (hard worker 60, smart worker 60), so the study's axis reps.effort_hours "
        "acts nowhere and its answer would rest on noise; remove effort_hours from the profiles "
        "(reps.profiles) to study this team"
    )
    assert not out.exists()


def test_two_changes_of_one_trait_in_one_week_are_refused_not_one_silently_lost(
    tmp_path, monkeypatch, capsys
):
    """The model made both and kept the last: the first change was lost without a word."""
    scenario = tmp_path / "twice.yaml"
    scenario.write_text(
        "interventions:\n  - {week: 20, effort_hours: 30}\n"
        "  - {week: 20, effort_hours: 50, perception: 0.8}\n",
        encoding="utf-8",
    )
    message = (
        "interventions: two changes after week 20 set effort_hours (30, then 50); a week's "
        "change sets each trait once, so keep one of them\n"
    )
    done = rapport_in_process(monkeypatch, capsys, "run", scenario, "--check")
    assert done.returncode == 2 and done.stderr == f"rapport: error: {scenario}: {message}"
    sweep = tmp_path / "sweep.yaml"
    sweep.write_text(
        "name: twice\nbase: twice.yaml\nsweep:\n  parameters:\n    reps.perception: [0.2, 0.8]\n",
        encoding="utf-8",
    )
    done = rapport_in_process(monkeypatch, capsys, "sweep", sweep, "--dry-run")
    # the sweep names the base file at fault as rapport run does, not the sweep file before it
    assert done.returncode == 2 and done.stderr == f"rapport: error: {scenario}: {message}"
    # Two traits in one week, or one trait in two weeks: both are plans, and both are kept.
    scenario.write_text(
        "interventions:\n  - {week: 20, effort_hours: 30}\n  - {week: 20, perception: 0.8}\n"
        "  - {week: 21, effort_hours: 50}\n",
        encoding="utf-8",
    )
    assert rapport_in_process(monkeypatch, capsys, "run", scenario, "--check").returncode == 0


@pytest.mark.parametrize(
    "lang, said",
    [
        (
            "en",
            [
                "interventions.0: the change after week 1 never applies in a run of 1 week",
                "management.review_weeks = 1: the first review that can raise effort compares "
                "two periods of 1 week, in week 3, after the run ends with week 1, so "
                "management.pressure_step = 5 never acts",
                "coaching.duration_weeks = 12: the programme from week 1 has only 1 of its 12 "
                "weeks within the run's 1 week, so it gives only part of its gains",
            ],
        ),
        (
            "de",
            [
                "interventions.0: die Änderung nach Woche 1 wirkt in einem Lauf von 1 Woche nie",
                "management.review_weeks = 1: die erste Überprüfung, die den Einsatz erhöhen "
                "kann, vergleicht zwei Überprüfungszeiträume von 1 Woche, in Woche 3, nach dem "
                "Lauf, der mit Woche 1 endet, also wirkt management.pressure_step = 5 nie",
                "coaching.duration_weeks = 12: ein Lauf von 1 Woche umfasst vom Programm ab Woche "
                "1 nur 1 seiner 12 Wochen, es bringt also nur einen Teil seiner Zuwächse",
            ],
        ),
    ],
)
def test_the_notes_before_a_one_week_run_count_its_week_in_the_singular(lang, said):
    """A one-week run was noted "a run of 1 weeks", "two periods of 1 weeks", "within the
    run's 1 weeks" (German "in einem Lauf von 1 Wochen")."""
    one_week = Scenario.model_validate(
        {
            "simulation": {"weeks": 1},
            "interventions": [{"week": 1, "effort_hours": 40}],
            "coaching": {"perception_gain": 0.3, "start_week": 0},
            "management": {"pressure_step": 5, "review_weeks": 1},
        }
    )
    assert [note_text(note, lang) for note in schedule_notes(one_week)] == said


def test_run_says_which_scheduled_events_its_weeks_never_reach(tmp_path, monkeypatch, capsys):
    """An intervention, a programme, hires or the first management review after the last week,
    and a profile a small team gives no rep, were accepted without a word: the run looked as if
    they had been tried."""
    scenario = tmp_path / "late.yaml"
    scenario.write_text(
        "reps:\n  count: 1\n  profiles:\n    - {name: a, share: 0.5}\n    - {name: b, share: 0.5}\n"
        "interventions:\n  - {week: 60, effort_hours: 40}\n"
        "coaching: {perception_gain: 0.3, start_week: 100}\n"
        "hiring: {share: 0.5, week: 70}\n"
        "management: {pressure_step: 5, review_weeks: 30}\n"
    )
    done = rapport_in_process(monkeypatch, capsys, "run", str(scenario), "--check")
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().splitlines() == [
        "Note: interventions.0: the change after week 60 never applies in a run of 52 weeks.",
        "Note: coaching.start_week = 100: the programme starts after the run ends with week 52.",
        "Note: hiring.week = 70: the hires come after the run ends with week 52.",
        "Note: hiring.share = 0.5: in a team of 1 that is no rep (round(0.5 × 1) = 0), so "
        "nobody is hired.",
        "Note: reps.profiles.1 (b): a team of 1 has no rep of it.",
        "Note: management.review_weeks = 30: the first review that can raise effort compares "
        "two periods of 30 weeks, in week 61, after the run ends with week 52, so "
        "management.pressure_step = 5 never acts.",
    ]
    reached = rapport_in_process(
        monkeypatch, capsys, "run", scenario, "--check", "--weeks", "120", "--set", "reps.count=2"
    )
    assert reached.returncode == 0 and reached.stderr == "", reached.stderr
    capped = rapport_in_process(
        monkeypatch, capsys,
        "run", "--check", "--set", "management.pressure_step=5", "--set", "reps.effort_hours=50",
        "--set", "management.max_effort=40",
    )  # fmt: skip
    assert capped.returncode == 0 and capped.stderr == (
        "Note: management.max_effort = 40 is not above the team's effort (every rep's mean is "
        "50 h or more), so management.pressure_step = 5 raises at most the few reps the effort "
        "spread puts below it.\n"
    )


def test_a_sweep_says_which_axis_acts_at_no_point(tmp_path, monkeypatch, capsys):
    config = tmp_path / "inert.yaml"
    config.write_text(
        "name: inert_axis\n"
        "set: {reps.count: 2, customers.per_rep: 5, simulation.weeks: 4}\n"
        "sweep:\n"
        "  method: grid\n"
        "  replications: 1\n"
        "  parameters:\n"
        "    customers.unwon_share: [0.0, 0.3]\n"
        "    dynamics.acquisition_hours: [0, 10]\n"
        "    hiring.perception: [0.2, 0.9]\n"
    )
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--dry-run")
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stdout.splitlines() if line.startswith("Note:")]
    # unwon_share acts at the points with acquisition hours; hiring.perception at none
    assert notes == [
        "Note: sweep.parameters: hiring.perception has no effect at any point of the design; "
        "it acts only when hiring.share > 0."
    ]
    # a real process: the config asks for the cores' workers (execution.workers: auto)
    ran = rapport("sweep", str(config), "--out", str(tmp_path / "out"), "--no-report")
    assert ran.returncode == 0, ran.stderr
    assert "[sweep] note: sweep.parameters: hiring.perception has no effect" in ran.stderr


def test_a_sweep_says_which_axis_its_bases_own_schedule_moves_during_the_runs(
    tmp_path, monkeypatch, capsys
):
    """An intervention on the swept effort (it acts only until then), pressure that raises it
    and coaching that raises a swept perception: each axis then compares teams only at their
    start, which a dry run said nothing about."""
    base = tmp_path / "team.yaml"
    base.write_text(
        "simulation: {weeks: 26}\n"
        "interventions:\n  - {week: 4, effort_hours: 30}\n  - {week: 30, perception: 0.9}\n"
        "management: {pressure_step: 3}\n"
        "coaching: {perception_gain: 0.5, start_week: 6}\n",
        encoding="utf-8",
    )
    config = tmp_path / "sweep.yaml"
    config.write_text(
        "name: scheduled\nbase: team.yaml\nset: {reps.count: 2, customers.per_rep: 5}\n"
        "sweep:\n  method: grid\n  replications: 1\n  parameters:\n"
        "    reps.effort_hours: [20, 40]\n    reps.perception: [0.2, 0.8]\n",
        encoding="utf-8",
    )
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--dry-run")
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stdout.splitlines() if line.startswith("Note: base:")]
    assert notes == [  # the change after week 30 of 26 never comes
        "Note: base: interventions.0 sets reps.effort_hours to 30 from week 5 at every point: the "
        "axis reps.effort_hours acts only in weeks 1–4.",
        "Note: base: management.pressure_step = 3 raises effort at reviews from week 9 at every "
        "point: the axis reps.effort_hours sets only the value the team starts with.",
        "Note: base: coaching.perception_gain = 0.5 raises perception from week 7 at every "
        "point: the axis reps.perception sets only the value the team starts with.",
    ]


def test_an_axis_that_acts_nowhere_is_not_also_said_to_act_until_a_scheduled_change(
    tmp_path, monkeypatch, capsys
):
    """An analyst's audit: an effort axis on a base whose profiles each set their own effort got
    "has no effect at any point" and, beside it, "acts only in weeks 1–15" from the base's
    intervention: two notes on one axis that contradict each other. Only the first is said."""
    base = tmp_path / "team.yaml"
    base.write_text(
        "reps:\n  profiles:\n    - {name: a, share: 0.5, effort_hours: 40}\n"
        "    - {name: b, share: 0.5, effort_hours: 20}\n"
        "interventions:\n  - {week: 15, effort_hours: 35}\n  - {week: 15, perception: 0.9}\n"
        "simulation: {weeks: 30}\n",
        encoding="utf-8",
    )
    config = tmp_path / "sweep.yaml"
    config.write_text(
        "name: profiled\nbase: team.yaml\nset: {reps.count: 2, customers.per_rep: 5}\n"
        "sweep:\n  parameters:\n    reps.effort_hours: [20, 40]\n    reps.perception: [0.2, 0.8]\n",
        encoding="utf-8",
    )
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--dry-run")
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stdout.splitlines() if line.startswith("Note:")]
    assert notes == [
        "Note: sweep.parameters: reps.effort_hours has no effect at any point of the design; it "
        "acts only when a profile leaves out effort_hours (every profile sets its own: a 40, "
        "b 20).",
        "Note: base: interventions.1 sets reps.perception to 0.9 from week 16 at every point: "
        "the axis reps.perception acts only in weeks 1–15.",
    ]


def test_a_decimal_comma_is_refused_naming_the_value_with_a_point_and_an_empty_file_is_named(
    tmp_path, monkeypatch, capsys
):
    """YAML read "[1,5, 2,5]" as the four tolerances 1, 5, 2 and 5 (a sweep of other values
    than meant, without a word), "{perception: 0,5}" as an unknown key '5', and "0,5" as a text
    that is not a number. A list of whole numbers without spaces stays what it is."""
    sweep = tmp_path / "comma.yaml"
    sweep.write_text(
        "name: comma\nsweep:\n  parameters:\n    customers.tolerance: [1,5, 2,5]\n",
        encoding="utf-8",
    )
    team = tmp_path / "team.yaml"
    team.write_text("reps: {perception: 0,5}\n", encoding="utf-8")
    plain = tmp_path / "plain.yaml"
    plain.write_text("reps:\n  effort_hours: 0,5\n", encoding="utf-8")
    refusals = [
        (("sweep", sweep, "--dry-run"), f"{sweep}: line 4: 1,5 reads as two numbers, 1 and 5"),
        (("run", team, "--check"), f"{team}: 0,5 reads as two numbers, 0 and 5"),
        (("run", plain, "--check"), f"{plain}: line 2: 0,5 is not a number"),
        (("run", "--check", "--set", "reps.effort_hours=30,5"), "reps.effort_hours: 30,5 is not"),
    ]
    for argv, said in refusals:
        done = rapport_in_process(monkeypatch, capsys, *argv)
        line = done.stderr.strip()
        assert done.returncode == 2 and "\n" not in line and "Traceback" not in line, line
        assert said in line and "a decimal comma? write decimals with a point" in line, line
    # an empty (or only commented) file ran the defaults without a word
    empty = tmp_path / "empty.yaml"
    empty.write_text("# my team, to be filled in\n", encoding="utf-8")
    done = rapport_in_process(monkeypatch, capsys, "run", empty, "--check")
    assert done.returncode == 0
    assert done.stderr == f"Note: {empty} sets nothing: it runs the default scenario.\n"
    whole = tmp_path / "whole.yaml"
    whole.write_text(
        "name: whole\nset: {reps.count: 2}\n"
        "sweep:\n  parameters:\n    reps.effort_hours: [20,30,40]\n",
        encoding="utf-8",
    )
    done = rapport_in_process(monkeypatch, capsys, "sweep", whole, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "3 design points" in done.stdout, done.stdout


def test_a_sweep_says_that_an_axis_replaces_the_same_setting_in_set(tmp_path, monkeypatch, capsys):
    config = tmp_path / "twice.yaml"
    config.write_text(
        "name: twice\nset: {reps.count: 3, customers.per_rep: 5, simulation.weeks: 4}\n"
        "sweep:\n  method: grid\n  parameters:\n    reps.count: [2, 4]\n"
    )
    code, out, _ = rapport_here(monkeypatch, capsys, "sweep", str(config), "--dry-run")
    assert code == 0
    assert "Note: set: reps.count = 3 is replaced at every point by its sweep axis." in out


@pytest.mark.parametrize(
    "code, reason",
    [(errno.EROFS, "Read-only file system"), (errno.EACCES, "Permission denied")],
)
def test_a_folder_that_cannot_be_written_is_one_line_not_a_traceback(
    tmp_path, monkeypatch, capsys, code, reason
):
    """A report or a resumed sweep in a read-only or foreign folder (found with a read-only bind
    mount: report's figures/ and the sweep's lock) gave a traceback; it names the path."""
    from frontends.cli import main

    def refused(folder, **_):
        raise OSError(code, reason, "runs/s/figures")

    monkeypatch.setattr("experiments.report.write_report", refused)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs" / "s").mkdir(parents=True)
    (tmp_path / "runs" / "s" / "manifest.json").write_text("{}")
    monkeypatch.setattr(sys, "argv", ["rapport", "report", "runs/s"])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 2
    assert capsys.readouterr().err == f"rapport: error: cannot write runs/s/figures: {reason}\n"


def test_a_full_disk_is_one_line_naming_what_could_not_be_written(tmp_path, monkeypatch, capsys):
    """pyarrow's error of a full disk names no file: the line said "cannot write the output:
    Error writing bytes to file. Detail: [errno 28] No space left on device" (found on a 200 KB
    tmpfs). It now names the run's folder, or the sweep's chunk, in the system's words."""
    import pyarrow.parquet as pq

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "Error writing bytes to file. Detail: [errno 28] No space")

    monkeypatch.setattr(pq, "write_table", full)
    out = tmp_path / "o"
    done = rapport_in_process(monkeypatch, capsys, "run", "--weeks", "3", "--out", out)
    assert done.returncode == 2
    assert done.stderr == f"rapport: error: cannot write {out}: No space left on device\n"
    assert not out.exists()
    sweep = tmp_path / "s"
    done = rapport_in_process(
        monkeypatch, capsys, "sweep", "configs/sweeps/effort_by_empathy.yaml", "--out", sweep
    )
    assert done.returncode == 2
    assert re.fullmatch(
        rf"rapport: error: cannot write {sweep}/\S+\.parquet: No space left on device\n",
        done.stderr.splitlines(keepends=True)[-1],
    ), done.stderr


def test_a_report_on_a_full_disk_names_its_file_and_leaves_the_last_report_whole(
    tmp_path, monkeypatch, capsys
):
    """A full disk during `rapport report` said "cannot write the output" (matplotlib names no
    file) and left half-written figures. Every page, figure and JSON file of a report is now
    written whole or not at all, and the line names the file."""
    import experiments.store as store

    out = tmp_path / "s"
    config = tmp_path / "small.yaml"
    config.write_text(
        "name: small\nset: {reps.count: 3, simulation.weeks: 4}\n"
        "sweep: {parameters: {reps.effort_hours: [10, 40]}, replications: 2}\n"
    )
    assert rapport("sweep", config, "--out", out).returncode == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and "results" not in p.parts}
    assert (out / "report.html") in before

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(store.os, "fsync", full)
    done = rapport_in_process(monkeypatch, capsys, "report", out)
    assert done.returncode == 2
    assert re.fullmatch(
        rf"rapport: error: cannot write {out}/(figures/\S+\.png|\S+\.(html|json)): "
        r"No space left on device\n",
        done.stderr.splitlines(keepends=True)[-1],
    ), done.stderr
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and "results" not in p.parts}
    assert after == before  # nothing half-written, nothing left behind


def test_report_on_a_missing_folder_says_it_does_not_exist(tmp_path, monkeypatch, capsys):
    """It said "not a sweep results folder (no manifest.json)" of a folder that is not there."""
    missing = tmp_path / "nothere"
    done = rapport_in_process(monkeypatch, capsys, "report", missing)
    assert done.returncode == 2 and done.stderr == (
        f"rapport: error: {missing}: no such folder (give the --out folder of a finished "
        "rapport sweep)\n"
    )
    missing.mkdir()
    done = rapport_in_process(monkeypatch, capsys, "report", missing)
    assert done.returncode == 2 and "not a sweep results folder (no manifest.json)" in done.stderr


def test_other_os_errors_are_defects_and_keep_their_traceback(tmp_path, monkeypatch):
    from frontends.cli import main

    def broken(folder, **_):
        raise OSError(errno.EIO, "Input/output error", "x")

    monkeypatch.setattr("experiments.report.write_report", broken)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs" / "s").mkdir(parents=True)
    (tmp_path / "runs" / "s" / "manifest.json").write_text("{}")
    monkeypatch.setattr(sys, "argv", ["rapport", "report", "runs/s"])
    with pytest.raises(OSError, match="Input/output error"):
        main()


@pytest.mark.parametrize(
    "args, left_out",
    [
        (["params", "--schema", "--format", "markdown"], "--format"),
        (["params", "--priors", "--schema"], "--priors"),
        (
            ["sweep", "--schema", "configs/sweeps/effort_by_empathy.yaml", "--out", "x"],
            "CONFIG, --out",
        ),
    ],
)
def test_schema_takes_no_other_options_instead_of_ignoring_them(
    monkeypatch, capsys, args, left_out
):
    code, out, err = rapport_here(monkeypatch, capsys, *args)
    assert code == 2 and out == ""
    assert err == (
        f"rapport: error: --schema prints a schema and takes nothing else; leave out {left_out}\n"
    )
    assert json.loads(rapport_here(monkeypatch, capsys, args[0], "--schema")[1])["$schema"]


def test_a_worlds_count_without_worlds_is_refused_not_ignored(tmp_path, monkeypatch, capsys):
    code, _, err = rapport_here(
        monkeypatch, capsys,
        "study", "effort_sweet_spot", "--worlds", "none", "--worlds-count", "5",
        "--out", str(tmp_path / "s"),
    )  # fmt: skip
    assert code == 2 and not (tmp_path / "s").exists()
    assert err == (
        "rapport: error: --worlds-count: 5 worlds of none; the answer draws worlds only with "
        "--worlds prior or posterior\n"
    )


def test_a_design_point_the_scenario_refuses_is_named_with_its_file(tmp_path, monkeypatch, capsys):
    """The only sweep error that did not start with the file's name, as the others do."""
    config = tmp_path / "linked.yaml"
    config.write_text(
        "name: linked\nsweep:\n  method: grid\n  parameters:\n    reps.count: [1, 4]\n"
        "    reps.profiles: {link: reps.count}\n"
    )
    code, _, err = rapport_here(monkeypatch, capsys, "sweep", str(config), "--dry-run")
    assert code == 2
    assert err.startswith(f"rapport: error: {config}: sweep.parameters: design point 0 (")


def test_a_ctrl_c_while_the_command_line_loads_ends_it_in_one_line():
    """A Ctrl-C in the second the command line's imports take printed their KeyboardInterrupt
    traceback. The installed ``rapport`` starts in ``frontends.launch``, which ends it as a
    later Ctrl-C does: one line in the language asked for, exit 130. Here the Ctrl-C arrives
    exactly while ``frontends.cli`` is being imported."""
    from importlib.metadata import entry_points

    (script,) = entry_points(group="console_scripts", name="rapport")
    assert script.value == "frontends.launch:main"  # the installed command goes through it
    code = (
        "import sys\n"
        "class Interrupting:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'frontends.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupting())\n"
        "from frontends.launch import main\n"
        "sys.argv = ['rapport', *sys.argv[1:]]\n"
        "main()\n"
    )
    for args, line in ((["run"], "Aborted."), (["--lang", "de", "run"], "Abgebrochen.")):
        done = subprocess.run(
            [sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO
        )
        assert (done.returncode, done.stderr) == (130, line + "\n"), done.stderr


@pytest.mark.parametrize(
    ("command", "given", "kind", "key", "right"),
    [
        ("run", "configs/sweeps/coaching.yaml", "a sweep file", "sweep", "sweep"),
        ("sweep", "configs/scenarios/default.yaml", "a scenario file", "reps", "run"),
        ("patterns", "configs/calibration/stylised_facts.yaml", "a calibration file", "targets",
         "calibrate"),
        ("calibrate", "configs/patterns.yaml", "a pattern-map file", "criteria", "patterns"),
        ("sweep", "configs/patterns.yaml", "a pattern-map file", "criteria", "patterns"),
    ],
)  # fmt: skip
def test_a_file_given_to_the_wrong_command_is_refused_naming_the_right_one(
    monkeypatch, capsys, command, given, kind, key, right
):
    """An audit: a sweep file given to ``rapport run`` was refused as "name: unknown key 'name'
    (did you mean 'management'?)", a scenario given to ``rapport sweep`` as "reps: unknown key
    'reps'": true, but it sent the user to fix a file that was right."""
    done = rapport_in_process(monkeypatch, capsys, command, given)
    assert done.returncode == 2, done.stderr
    line = done.stderr.strip()
    assert "\n" not in line and "unknown key" not in line, line
    assert line.startswith(f"rapport: error: {given}: this is {kind} (it has {key}:), not a"), line
    assert f"; run it with rapport {right} {given}" in line, line
    german = rapport_in_process(monkeypatch, capsys, "--lang", "de", command, given).stderr
    assert german.startswith(f"rapport: Fehler: {given}: das ist eine "), german
    assert f"(sie hat den Schlüssel {key}:), keine " in german, german
    assert f"mit „rapport {right} {given}“ ausführen" in german, german


def test_a_file_of_the_right_kind_keeps_its_own_refusal(monkeypatch, capsys, tmp_path):
    """Only a file of another kind is refused as one: a scenario's typo given to ``rapport run``
    is still named with its nearest key, and a file of no kind keeps the command's words."""
    typo = tmp_path / "typo.yaml"
    typo.write_text("reps:\n  cont: 3\n", encoding="utf-8")
    done = rapport_in_process(monkeypatch, capsys, "run", typo, "--check")
    assert done.stderr == (
        f"rapport: error: {typo}: reps.cont: unknown key 'cont' (did you mean 'count'?); allowed "
        "here: count, effort_hours, effort_spread, perception, regulation, trait_spread, "
        "contact_share, prospecting_share, pushiness, backoff, cut_reading, forgetting, "
        "book_knowledge, profiles\n"
    )
    neither = tmp_path / "neither.yaml"
    neither.write_text("colour: blue\n", encoding="utf-8")
    done = rapport_in_process(monkeypatch, capsys, "sweep", neither, "--dry-run")
    assert done.returncode == 2 and "this is" not in done.stderr, done.stderr
    assert "colour" in done.stderr, done.stderr
    done = rapport_in_process(monkeypatch, capsys, "sweep", typo, "--dry-run")
    assert "(or name it as a sweep file's base:)" in done.stderr, done.stderr


def interrupted_then(error: BaseException, stop: BaseException) -> None:
    """Raise ``error`` while handling ``stop``, as a lock restored under a Ctrl-C does."""
    try:
        raise stop
    except KeyboardInterrupt:
        raise error  # noqa: B904  (the context is the point)


@pytest.mark.parametrize("stop, code", [(KeyboardInterrupt(), 130), (Terminated(), 143)])
def test_a_stop_that_breaks_a_lock_still_ends_in_one_line_and_the_stop_s_code(capsys, stop, code):
    """An analyst's audit: once in about twelve Ctrl-Cs a sweep ended with a 60-line traceback
    ("RuntimeError: release unlocked lock", raised in concurrent.futures.wait while the
    interrupt was handled) and exit 1. It is the stop: one line, 130 (143 for SIGTERM)."""
    with pytest.raises(SystemExit) as ended:
        with stopped_saying("Interrupted: the finished runs are in runs/x."):
            interrupted_then(RuntimeError("release unlocked lock"), stop)
    assert ended.value.code == code
    assert capsys.readouterr().err == "Interrupted: the finished runs are in runs/x.\n"


def test_an_error_that_no_stop_caused_is_not_taken_for_one(capsys):
    with pytest.raises(RuntimeError, match="a real error"):
        with stopped_saying("Interrupted."):
            raise RuntimeError("a real error")
    with pytest.raises(RuntimeError, match="after a handled one"):
        with stopped_saying("Interrupted."):
            try:
                raise ValueError("handled")
            except ValueError:
                raise RuntimeError("after a handled one") from None
    assert capsys.readouterr().err == ""


@pytest.mark.parametrize(
    "args, said",
    [
        (["--set", "reps.efort_hours=5"], "--set reps.efort_hours: unknown parameter"),
        (["--set", "reps.count=10.5"], "--set reps.count: 10.5 is not a whole number"),
        (["--set", "reps.perception=0,5"], "--set reps.perception: 0,5 is not a number"),
        (["--weeks", "0"], "--weeks: 0 is below the minimum 1"),
        (["--seed", "-1"], "--seed: -1 is below the minimum 0"),
        (["--set", "reps.count=10.5", "--lang", "de"], "--set reps.count: 10,5 ist keine ganze"),
    ],
)
def test_a_refused_run_option_is_named_as_it_was_given(monkeypatch, capsys, tmp_path, args, said):
    """An analyst's audit: "--set reps.perception: 0,5 …" but "reps.efort_hours: unknown
    parameter" and "simulation.weeks: 0 …" for --weeks 0: the same kind of mistake was named
    in two ways. A refused value names the option it came by."""
    done = rapport_in_process(monkeypatch, capsys, "run", *args, "--out", tmp_path / "out")
    assert done.returncode == 2
    line = done.stderr.strip()
    assert "\n" not in line and re.sub(r"^rapport: \w+: ", "", line).startswith(said), line
    assert not (tmp_path / "out").exists()
