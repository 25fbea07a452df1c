"""`rapport run`'s output and resources: checked before simulating, replaced whole, never mixed."""

from __future__ import annotations

import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from sim import resources
from sim.model import RapportModel
from sim.params import Scenario
from sim.resources import _peak_bytes, estimate_memory
from sim.run import RUN_FILES
from tests.helpers import rapport_in_process

RAPPORT = str(Path(sys.executable).with_name("rapport"))
# Minutes of simulation: a destination error that came after it would hit the timeout.
SLOW = ["--set", "reps.count=5000", "--set", "customers.per_rep=500", "--weeks", "520"]


def rapport(*args, cwd: Path, timeout: float = 120, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [RAPPORT, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout, **kwargs
    )


def one_error_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    "make, out, message",
    [
        (lambda d: None, "/proc/rapport-run", "cannot be written"),
        (lambda d: (d / "afile").write_text("x"), "afile/sub", "afile is a file, not a folder"),
        (
            lambda d: (d / "o" / "summary.json").mkdir(parents=True),
            "o",
            "summary.json there is not a plain file",
        ),
        (
            lambda d: (d / "o").mkdir() or (d / "o" / "notes.txt").write_text("mine"),
            "o",
            'holds "notes.txt", which is not a file a run writes',
        ),
        (  # a sweep's folder is named as one, not by its hidden lock file (".rapport.lock")
            lambda d: [
                (d / "o" / "results").mkdir(parents=True),
                *((d / "o" / name).write_text("{}") for name in (".rapport.lock", "manifest.json")),
            ],
            "o",
            "holds a sweep's results (manifest.json, results/); a run replaces the whole folder",
        ),
    ],
)
def test_a_bad_destination_is_refused_in_one_line_before_simulating(tmp_path, make, out, message):
    make(tmp_path)
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    done = rapport("run", *SLOW, "--out", out, cwd=tmp_path, timeout=60)
    assert message in one_error_line(done)
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before  # nothing written or removed


def test_a_second_run_replaces_the_first_as_a_whole(tmp_path, monkeypatch, capsys):
    first = rapport_in_process(
        monkeypatch, capsys, "run", "--weeks", "3", "--seed", "1", "--out", "o", cwd=tmp_path
    )
    assert first.returncode == 0
    second = rapport_in_process(
        monkeypatch, capsys, "run", "--weeks", "3", "--seed", "2", "--out", "o", cwd=tmp_path
    )
    assert second.returncode == 0
    assert sorted(p.name for p in (tmp_path / "o").iterdir()) == sorted(RUN_FILES.values())
    assert json.loads((tmp_path / "o" / "summary.json").read_text())["seed"] == 2
    assert [p.name for p in tmp_path.iterdir()] == ["o"]  # no partial folder left behind


def test_a_run_killed_while_writing_leaves_the_previous_run_whole(tmp_path, monkeypatch, capsys):
    """Kill -9 a seed-2 run once it is writing: the folder still holds seed 1's files, all of
    them and only them; the next run cleans up what the killed one left."""
    args = ["--set", "reps.count=400", "--weeks", "60", "--out", "o"]
    # the runs before and after the killed one need no process of their own: in this one
    done = rapport_in_process(monkeypatch, capsys, "run", *args, "--seed", "1", cwd=tmp_path)
    assert done.returncode == 0
    first = files(tmp_path / "o")
    process = subprocess.Popen(
        [RAPPORT, "run", *args, "--seed", "2"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not any(tmp_path.glob(".o.rapport-partial-*/weekly.parquet")):
        assert process.poll() is None, "the run ended before it was seen writing"
        assert time.monotonic() < deadline
        time.sleep(0.005)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert files(tmp_path / "o") == first
    done = rapport_in_process(monkeypatch, capsys, "run", *args, "--seed", "3", cwd=tmp_path)
    assert done.returncode == 0
    assert [p.name for p in tmp_path.iterdir()] == ["o"]


def test_a_team_too_large_for_the_memory_is_refused_naming_estimate_and_available(tmp_path):
    limit = 3 * 1024**3  # an address-space limit (ulimit -v) that a Python with numpy fits in

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    done = rapport(
        "run",
        "--set",
        "reps.count=100000",
        "--set",
        "customers.per_rep=1000",
        "--out",
        "o",
        cwd=tmp_path,
        timeout=60,
        preexec_fn=limit_memory,
    )
    line = one_error_line(done)
    assert "100,000,000 customer slots" in line
    need = re.search(r"need about ([\d.,]+) GB of memory, and [\d.,]+ GB is available", line)
    assert need, line
    assert float(need.group(1).replace(",", "")) > limit / 1024**3  # more than the limit allows
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("reps, per_rep, weeks", [(1000, 300, 3), (50, 100, 300)])
def test_the_memory_estimate_is_within_a_third_of_what_a_run_allocates(reps, per_rep, weeks):
    """Sizes the rates were not measured at: many slots; many recorded rep-weeks."""
    scenario = Scenario().with_values(
        {"reps.count": reps, "customers.per_rep": per_rep, "simulation.weeks": weeks}
    )
    measured = _peak_bytes(reps, per_rep, weeks)
    assert abs(estimate_memory(scenario) - measured) < measured / 3


def test_measured_memory_rates_are_kept_and_a_damaged_file_is_measured_again(tmp_path, monkeypatch):
    """The rates are measured once and read back by later processes (each ``rapport run`` would
    pay about a second); a file that is not three non-negative rates is measured again."""
    monkeypatch.setattr(resources, "RATES_FOLDER", tmp_path / "cache")
    measured: list[resources.MemoryRates] = []

    def measure() -> resources.MemoryRates:
        measured.append(resources.MemoryRates(100.0 + len(measured), 0.0, 400.0))
        return measured[-1]

    monkeypatch.setattr(resources, "measure_rates", measure)
    fresh = resources.memory_rates.__wrapped__  # what a new process does: no in-memory copy
    first = fresh()
    assert measured == [first] and resources.rates_file().is_file()
    assert fresh() == first and len(measured) == 1  # read back, not measured
    for damage in ("{", '{"per_slot": -1, "per_rep": 0, "per_rep_week": 1}', '{"per_slot": 1}'):
        resources.rates_file().write_text(damage, encoding="utf-8")
        again = fresh()
        assert again == measured[-1] and again != first
        assert fresh() == again  # and the file holds the new measurement
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [resources.rates_file().name]


def test_memory_rates_are_measured_where_the_cache_cannot_be_written(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("", encoding="utf-8")
    monkeypatch.setattr(resources, "RATES_FOLDER", blocker / "cache")  # a folder under a file
    rates = resources.MemoryRates(123.0, 0.0, 456.0)
    monkeypatch.setattr(resources, "measure_rates", lambda: rates)
    assert resources.memory_rates.__wrapped__() == rates


def test_check_validates_without_running(tmp_path):
    done = rapport("run", *SLOW, "--check", "--out", "o", cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout and "of memory" in done.stdout
    assert not (tmp_path / "o").exists()


def test_partial_folders_of_living_runs_are_left_alone(tmp_path, monkeypatch, capsys):
    mine = tmp_path / f".o.rapport-partial-{os.getppid()}-abcd"  # the pytest's parent: alive
    mine.mkdir()
    done = rapport_in_process(
        monkeypatch, capsys, "run", "--weeks", "2", "--out", "o", cwd=tmp_path
    )
    assert done.returncode == 0
    assert mine.is_dir()


def test_a_run_into_the_working_folder_writes_there_and_again(tmp_path, monkeypatch, capsys):
    """``--out .`` (and ``..`` from below): the files land in that folder, which stays the one the
    user stands in, and a second run replaces them (the folder was renamed away, the run lost
    and a hidden partial folder left that refused every later run)."""
    here = tmp_path / "here"
    here.mkdir()
    first = rapport_in_process(monkeypatch, capsys, "run", "--weeks", "2", "--out", ".", cwd=here)
    assert first.returncode == 0, first.stderr
    assert sorted(p.name for p in here.iterdir()) == sorted(RUN_FILES.values())
    assert json.loads((here / "summary.json").read_text())["week"] == 2
    second = rapport_in_process(monkeypatch, capsys, "run", "--weeks", "3", "--out", ".", cwd=here)
    assert second.returncode == 0, second.stderr
    assert sorted(p.name for p in here.iterdir()) == sorted(RUN_FILES.values())
    assert json.loads((here / "summary.json").read_text())["week"] == 3
    below = here / "below"
    below.mkdir()
    above = rapport_in_process(monkeypatch, capsys, "run", "--out", "..", cwd=below)
    assert "not a file a run writes" in one_error_line(above)


def test_a_runs_tables_carry_their_versions_seed_and_units(tmp_path, monkeypatch, capsys):
    """weekly.parquet and reps.parquet on their own say which model and seed made them and
    the unit of each column (they said nothing; only summary.json knew the version)."""
    import pyarrow.parquet as pq

    from sim import MODEL_VERSION

    done = rapport_in_process(
        monkeypatch, capsys, "run", "--weeks", "2", "--seed", "7", "--out", "o", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    for name, unit in (("weekly", ("revenue", "k€/week")), ("reps", ("contact_hours", "h/week"))):
        meta = json.loads(pq.read_schema(tmp_path / "o" / f"{name}.parquet").metadata[b"rapport"])
        assert meta["model_version"] == MODEL_VERSION and meta["seed"] == 7
        assert meta["units"][unit[0]] == unit[1] and meta["units"]["week"] == "week"


def test_a_model_s_frames_carry_the_units_its_files_carry_and_a_score_is_0_to_1():
    """``weekly_frame()`` had no units (only the files did), and the weekly file called
    perception unitless where the per-rep file said 0-1."""
    from sim.batch import run_worlds
    from sim.metrics import column_units

    model = RapportModel(Scenario(), seed=3).run(2)
    for frame in (model.weekly_frame(), model.rep_frame()):
        units = frame.attrs["units"]
        assert units == column_units(frame.columns) and units["week"] == "week"
        assert units["perception"] == "0-1" and units["revenue"] == "k€/week"
        assert "" not in units.values() and "irritation" not in units  # an index, no unit
    assert model.weekly_frame().attrs["units"]["relational_performance"] == "0-1"
    short = Scenario().with_values({"simulation.weeks": 2})
    world = run_worlds([short], [3])[0]  # batched worlds give the same frames
    assert world.weekly_frame().attrs == model.weekly_frame().attrs


def test_a_run_s_summary_names_its_units_and_the_parameters_that_run_it_again(tmp_path):
    """summary.json gave "revenue": 53.93 without k€/week, and its parameters named the
    scenario's seed where the run had another: run again from them, it was another run."""
    from sim.batch import run_worlds
    from sim.params import validate_scenario

    base = Scenario().with_values({"reps.count": 3, "simulation.weeks": 4})
    (result,) = run_worlds([base], [9])
    summary = result.run_result().summary
    assert summary["units"]["revenue"] == "k€/week" and summary["units"]["peak_week"] == "week"
    assert set(summary["units"]) >= {"relational_performance", "churned", "wasted_hours"}
    again = validate_scenario(summary["parameters"])
    assert again.simulation.seed == 9 == summary["seed"]
    rerun = RapportModel(again).run().summary()
    assert rerun["relational_performance"] == summary["relational_performance"]


def test_run_s_table_shows_a_fall_the_team_later_rose_above_and_names_its_units():
    """``rapport run configs/scenarios/coaching.yaml`` printed "start 0.399 / peak (wk 52)
    0.650 / final (wk 52) 0.650": the fall from 0.62 in week 3 to 0.31 in week 18 was in none
    of its columns, and revenue 143.6 had no unit."""
    import numpy as np
    import pandas as pd

    from sim.run import RunResult, summary_table

    quality = [0.4, 0.5, 0.6, 0.62, *np.linspace(0.6, 0.31, 15), *np.linspace(0.35, 0.65, 34)]
    weekly = pd.DataFrame(
        {
            "relational_performance": quality,
            "revenue": np.arange(len(quality), dtype=float),
            "churned": np.arange(len(quality)),
            "irritation": np.zeros(len(quality)),
            "wasted_hours": np.zeros(len(quality)),
        }
    )
    table = summary_table(RunResult(Scenario(), weekly, pd.DataFrame(), {}))
    header, _, quality_row, revenue_row, *_ = table.splitlines()
    assert header.split() == [
        "metric", "start", "high", "(wk", "3)", "low", "(wk", "18)", "peak=final", "(wk", "52)"
    ]  # fmt: skip
    assert quality_row.startswith("relational_performance (0-1)")
    assert quality_row.split()[-4:] == ["0.400", "0.620", "0.310", "0.650"]
    assert revenue_row.startswith("revenue (k€/week)") and revenue_row.split()[-3:] == [
        "3.0", "18.0", "52.0"
    ]  # fmt: skip


def test_run_s_table_in_german_names_metrics_as_the_german_exports_do_with_decimal_commas():
    """A German manager's ``rapport run --lang de``: the same picks, German names with units
    and decimal commas."""
    import numpy as np
    import pandas as pd

    from sim.run import RunResult, summary_table

    quality = [0.4, 0.5, 0.6, 0.62, *np.linspace(0.6, 0.31, 15), *np.linspace(0.35, 0.65, 34)]
    weekly = pd.DataFrame(
        {
            "relational_performance": quality,
            "revenue": np.arange(len(quality), dtype=float) * 1000.5,
            "churned": np.arange(len(quality)),
            "irritation": np.zeros(len(quality)),
            "wasted_hours": np.zeros(len(quality)),
        }
    )
    table = summary_table(RunResult(Scenario(), weekly, pd.DataFrame(), {}), "de")
    header, _, quality_row, revenue_row, *_, note = table.splitlines()
    assert header.split() == [
        "Kennzahl", "Start", "Zwischenhoch", "(Wo.", "3)", "Tief", "(Wo.", "18)", "Höchstwert", "=",
        "Ende", "(Wo.", "52)",
    ]  # fmt: skip
    assert quality_row.startswith("Beziehungsqualität im Teammittel (0–1)")
    assert quality_row.split()[-4:] == ["0,400", "0,620", "0,310", "0,650"]
    assert revenue_row.startswith("Umsatz (k€/Woche)")
    assert revenue_row.split()[-3:] == ["3001,5", "18.009,0", "52.026,0"]  # four digits stay whole
    assert note.startswith("(alle Kennzahlen")


def test_a_german_run_speaks_german_and_writes_the_same_tables(tmp_path, monkeypatch, capsys):
    args = ["run", "--weeks", "3", "--set", "reps.count=1", "--seed", "5"]
    english = rapport_in_process(monkeypatch, capsys, *args, "--out", "en", cwd=tmp_path)
    german = rapport_in_process(
        monkeypatch, capsys, *args, "--lang", "de", "--out", "de", cwd=tmp_path
    )
    assert english.returncode == german.returncode == 0, german.stderr
    assert german.stdout.startswith(
        "Szenario default: 1 Person mit 40 Kunden, 3 Wochen, Zufallsstartwert 5"
    )
    assert "Kennzahl" in german.stdout and "in de/ gespeichert" in german.stdout
    assert "metric" not in german.stdout and "Wrote" not in german.stdout
    en, de = files(tmp_path / "en"), files(tmp_path / "de")
    for name in ("weekly.parquet", "reps.parquet", "summary.json"):
        assert en[name] == de[name], name
    assert en["trajectory.png"] != de["trajectory.png"]  # its texts and numbers are German
    checked = rapport_in_process(
        monkeypatch, capsys, "run", "--check", "--lang", "de", "--out", "o", cwd=tmp_path
    )
    assert re.fullmatch(r"Szenario default: gültig; etwa \d+(,\d)? [KMG]?B Speicher; "
                        r"schreibt in o/\n", checked.stdout), checked.stdout  # fmt: skip


def test_run_s_table_shows_no_low_for_a_run_that_ends_a_hair_above_it():
    """``rapport run hard_worker.yaml --weeks 30`` showed "low (wk 28) 0.200, final (wk 30)
    0.201": a team that has not recovered ends at its low, as README says."""
    import numpy as np
    import pandas as pd

    from sim.run import RunResult, summary_table

    quality = [0.4, 0.6, 0.62, *np.linspace(0.6, 0.2, 26), 0.2005, 0.201]
    weekly = pd.DataFrame(
        {name: np.zeros(len(quality)) for name in ("revenue", "churned", "irritation")}
        | {"relational_performance": quality, "wasted_hours": np.zeros(len(quality))}
    )
    header = summary_table(RunResult(Scenario(), weekly, pd.DataFrame(), {})).splitlines()[0]
    assert header.split() == ["metric", "start", "peak", "(wk", "2)", "final", "(wk", "30)"]
    recovered = weekly.assign(relational_performance=[*quality[:-1], 0.25])
    header = summary_table(RunResult(Scenario(), recovered, pd.DataFrame(), {})).splitlines()[0]
    assert "low" in header  # up by 0.05 from 0.2 after a fall of 0.42: more than a tenth


@pytest.mark.parametrize(
    ("quality", "english", "german"),
    [  # highest at the start, then falling; a fall from the start, a recovery, a higher end
        ([0.4, *np.linspace(0.39, 0.2, 19)], ["start=peak", "final"], ["Start", "=", "Höchstwert"]),
        (
            [0.5, *np.linspace(0.45, 0.2, 10), *np.linspace(0.25, 0.6, 10)],
            ["start=high", "low", "peak=final"],
            ["Start", "=", "Zwischenhoch"],
        ),
    ],
)
def test_run_s_table_shows_a_week_once_when_the_peak_or_high_is_the_start(quality, english, german):
    """``rapport run --set reps.effort_hours=1 --weeks 20`` (quality highest in week 0) showed
    "start 0.399 | peak (wk 0) 0.399": the same week twice."""
    import pandas as pd

    from sim.run import RunResult, summary_table

    weekly = pd.DataFrame(
        {name: np.zeros(len(quality)) for name in ("revenue", "churned", "irritation")}
        | {"relational_performance": quality, "wasted_hours": np.zeros(len(quality))}
    )
    result = RunResult(Scenario(), weekly, pd.DataFrame(), {})
    header, _, quality_row, *_ = summary_table(result).splitlines()
    assert re.sub(r" \(wk \d+\)", "", header).split() == ["metric", *english]
    assert "(wk 0)" not in header
    assert len(quality_row.split()) - 2 == len(english)  # one value per column
    assert summary_table(result, "de").splitlines()[0].split()[1:4] == german


NOTED = {  # a scenario's settings -> a note rapport run prints before the run
    "inert": {"customers": {"unwon_share": 0.3}},
    "override": {"reps": {"effort_hours": 10, "profiles": [{"name": "a", "share": 1,
                                                             "effort_hours": 60.5}]}},
    "intervention": {"interventions": [{"week": 20, "effort_hours": 30}]},
    "coaching late": {"coaching": {"start_week": 20, "perception_gain": 0.2}},
    "coaching short": {"coaching": {"start_week": 5, "duration_weeks": 10,
                                    "perception_gain": 0.2}},
    "hiring late": {"hiring": {"week": 20, "share": 0.5}},
    "hiring nobody": {"hiring": {"week": 5, "share": 0.01}},
    "empty profile": {"reps": {"profiles": [{"name": "a", "share": 0.99},
                                            {"name": "b", "share": 0.01}]}},
    "pressure capped": {"management": {"pressure_step": 5, "max_effort": 20}},
    "review late": {"management": {"pressure_step": 5, "review_weeks": 8}},
}  # fmt: skip


@pytest.mark.parametrize("case", list(NOTED))
def test_every_note_before_a_run_has_its_german_words(case):
    """``rapport run --lang de`` printed its table in German under English notes."""
    from sim.params import validate_scenario
    from sim.scenarios import notes_before_run
    from sim.texts import note_text

    notes = notes_before_run(validate_scenario({"simulation": {"weeks": 10}, **NOTED[case]}))
    assert len(notes) == 1, notes
    german = note_text(notes[0], "de")
    assert german != notes[0]
    words = re.sub(r"\w+(?:\.\w+)+", "", german)  # without the settings' dotted names
    english = re.findall(r"\b(?:the|unless|weeks?|reps?|has|is|no|of|so)\b", words)
    assert not english, german
    assert not re.search(r"(?<![\w.])\d+\.\d", german), german  # decimal commas
    assert note_text(notes[0], "en") == notes[0]


def test_a_german_run_s_notes_are_german(tmp_path, monkeypatch, capsys):
    (tmp_path / "s.yaml").write_text("customers:\n  unwon_share: 0.3\n")
    done = rapport_in_process(
        monkeypatch, capsys, "run", "s.yaml", "--check", "--lang", "de", "--out", "o", cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == (
        "Hinweis: customers.unwon_share = 0,3 wirkt nur, wenn dynamics.acquisition_hours > 0.\n"
    )
    (tmp_path / "empty.yaml").write_text("# nothing yet\n")
    done = rapport_in_process(
        monkeypatch, capsys, "run", "empty.yaml", "--check", "--lang", "de", "--out", "o",
        cwd=tmp_path,
    )  # fmt: skip
    assert "Hinweis: empty.yaml setzt nichts: Es läuft das Standardszenario." in done.stderr
