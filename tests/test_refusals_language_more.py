"""More refusals in German: those an audit found still English under `--lang de` (a pattern
map's file and its --paired-with folder, a calibration file, a Dask scheduler's address,
`rapport replicate`'s options and folders, where `rapport app` listens). Each is made by the
real command, before anything runs, and its whole line is checked."""

from __future__ import annotations

import copy
import shutil
import socket
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import REPO, free_port, rapport_in_process
from tests.test_pattern_map import TINY as PATTERN_TINY

PREFIX = "rapport: Fehler: "

# A tiny valid pattern map (as tests/test_pattern_map.py's TINY): 2 points × 2 teams × 4
# efforts × 1 replication = 16 runs of 12 weeks with 2 reps.
TINY: dict[str, Any] = {**PATTERN_TINY, "samples": 2, "replications": 1}
MIXED_TEAM = (  # its profiles set effort and perception, which the map sets: it would not act
    "reps:\n  profiles:\n"
    "    - {name: hard, share: 0.5, effort_hours: 60, perception: 0.1}\n"
    "    - {name: smart, share: 0.5, effort_hours: 50, perception: 0.9}\n"
)


def german(monkeypatch, capsys, *args: Any) -> str:
    """The refusal line of ``rapport ARGS --lang de`` (exit code 2, one line), without its
    prefix."""
    done = rapport_in_process(monkeypatch, capsys, *args, "--lang", "de")
    assert done.returncode == 2, done
    assert done.stderr.startswith(PREFIX) and done.stderr.count("\n") == 1, done.stderr
    return done.stderr[len(PREFIX) : -1]


def with_changes(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """``base`` with dotted-path ``changes`` ("criteria.rising_points"); None removes a key."""
    data = copy.deepcopy(base)
    for path, value in changes.items():
        *inner, last = path.split(".")
        place = data
        for key in inner:
            place = place[key]
        if value is None:
            place.pop(last)
        else:
            place[last] = value
    return data


# (what the pattern file holds, the German problem after "FILE: ")
PATTERN_FILES = [
    (
        with_changes(TINY, {"fix": {"reps.count": 3}}),
        "fix.reps.count: kein Prior, den diese Karte zieht; fix hält einen gezogenen Prior auf "
        "einem Wert fest (set: setzt jeden anderen Parameter)",
    ),
    (
        with_changes(TINY, {"horizons": [8, 600]}),
        "horizons: 600 muss zwischen criteria.revenue_weeks (4) und 520 Wochen liegen",
    ),
    (
        with_changes(TINY, {"criteria.rising_points": 5}),
        "criteria.rising_points (5) ist größer als scan.steps (4)",
    ),
    (
        with_changes(TINY, {"criteria.measure": "with_lost", "criteria.lost_weeks": 40}),
        "criteria.lost_weeks (40) ist länger als der erste Horizont (8 Wochen)",
    ),
    (
        with_changes(
            TINY,
            {
                "low": {"perception": 0.5, "regulation": 0.2},
                "high": {"perception": 0.5, "regulation": 0.8},
            },
        ),
        "low.perception und high.perception müssen sich unterscheiden (an ihnen unterscheiden "
        "sich die Teams)",
    ),
    (
        with_changes(TINY, {"base": "mixed.yaml"}),
        "base: jedes Profil von mixed.yaml setzt seinen eigenen Wert für effort_hours (hard "
        "60, smart 50) und perception (hard 0,1, smart 0,9), daher wirken die Teamwerte, die "
        "die Karte für das Einsatzraster und die EI-Teams setzt, nirgends; entfernen Sie "
        "effort_hours und perception aus den Profilen (reps.profiles), um dieses Team zu "
        "untersuchen",
    ),
    (
        with_changes(TINY, {"horizons": [8, 12, 8]}),
        "horizons: 8 ist doppelt angegeben; geben Sie jeden Horizont einmal an",
    ),
    (
        with_changes(TINY, {"set": {"reps.count": 2, "customers.tolerance": 2.0}}),
        "set.customers.tolerance: ein Prior, den diese Karte zieht, daher würden ihre Punkte "
        "den Wert überschreiben; halten Sie ihn mit fix: auf einem Wert fest",
    ),
    (
        with_changes(TINY, {"set": {"reps.count": 2, "reps.effort_hours": 30}}),
        "set.reps.effort_hours: die Karte variiert den Einsatz selbst (scan:), der Wert wirkte "
        "also nirgends",
    ),
    (
        with_changes(TINY, {"set": {"reps.count": 2, "reps.regulation": 0.5}}),
        "set.reps.regulation: die Karte setzt die Regulation der Teams (low:, high:), der Wert "
        "wirkte also nirgends",
    ),
    (
        with_changes(TINY, {"set": {"reps.count": 2, "simulation.weeks": 5}}),
        "set.simulation.weeks: die Karte läuft bis zu ihrem letzten Horizont (horizons:), der "
        "Wert wirkte also nirgends",
    ),
    (
        with_changes(
            TINY,
            {
                "low": {"perception": 0.8, "regulation": 0.8},
                "high": {"perception": 0.2, "regulation": 0.2},
            },
        ),
        "low.perception (0,8) liegt über high.perception (0,2): low ist das Team mit niedriger "
        "emotionaler Intelligenz",
    ),
    (with_changes(TINY, {"name": ""}), "name: darf nicht leer sein"),
    (with_changes(TINY, {"name": 5}), "name: 5 ist kein Text"),
    (
        with_changes(TINY, {"samples": True}),
        "samples: true ist keine Zahl (true/false sind keine Zahlen)",
    ),
    (
        with_changes(TINY, {"seed": 1e30}),
        "seed: 1e+30 ist als ganze Zahl zu groß; erlaubt: 0 bis 9223372036854775807",
    ),
    ("", "erwartet wird eine Zuordnung, nicht None"),  # an empty file
    ([1, 2], "erwartet wird eine Zuordnung, nicht [1, 2]"),
]


@pytest.mark.parametrize(
    ("content", "problem"), PATTERN_FILES, ids=[p[:40] for _, p in PATTERN_FILES]
)
def test_a_pattern_file_s_refusal_is_german(tmp_path, monkeypatch, capsys, content, problem):
    (tmp_path / "mixed.yaml").write_text(MIXED_TEAM, encoding="utf-8")
    if isinstance(content, dict) and "base" in content:
        content = {**content, "base": str(tmp_path / content["base"])}
    path, out = tmp_path / "map.yaml", tmp_path / "out"
    path.write_text(yaml.safe_dump(content) if content != "" else "", encoding="utf-8")
    assert german(monkeypatch, capsys, "patterns", path, "--out", out) == f"{path}: {problem}"
    assert not out.exists()  # refused before any run


@pytest.fixture(scope="module")
def finished_map(tmp_path_factory) -> Path:
    """A finished tiny pattern map (16 runs, about a second)."""
    from experiments.pattern_config import load_patterns
    from experiments.patterns import run_patterns

    folder = tmp_path_factory.mktemp("paired")
    path = folder / "tiny.yaml"
    path.write_text(yaml.safe_dump(TINY), encoding="utf-8")
    outcome = run_patterns(load_patterns(path), folder / "map", workers=1, quiet=True)
    assert outcome.failed == 0
    return folder / "map"


def _copy_with_patterns(folder: Path, into: Path, **patterns: Any) -> Path:
    """A copy of the map ``folder`` whose config.yaml has ``patterns`` changed (None: no pattern
    settings at all)."""
    shutil.copytree(folder, into)
    config = yaml.safe_load((into / "config.yaml").read_text(encoding="utf-8"))
    if patterns.get("drop"):
        del config["patterns"]
    else:
        config["patterns"].update(patterns)
    (into / "config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return into


# (changes to TINY for the new map, what --paired-with names, the German problem after it)
PAIRED = [
    ({}, "none", "keine fertige Musterkarte (dort liegt keine config.yaml)"),
    (
        {},
        "no_patterns",
        "keine Musterkarte (die config.yaml dort enthält keine Einstellungen einer "
        "Musterkarte; `rapport patterns CONFIG --out ORDNER` schreibt eine)",
    ),
    (
        {},
        "unfinished",
        "eine unfertige Musterkarte (16 von 32 Läufen im Ordner); führen Sie ihren Befehl "
        "`rapport patterns` erneut mit --out {paired} aus, um sie fertigzustellen",
    ),
    (
        {"replications": 2},
        "map",
        "die beiden Karten unterscheiden sich in replications (2 und 1) und lassen sich daher "
        "nicht paaren",
    ),
    (
        {"criteria": {**TINY["criteria"], "low_fall": 0.3}},
        "map",
        "die beiden Karten unterscheiden sich in criteria.low_fall (0,3 und 0,25) und lassen "
        "sich daher nicht paaren",
    ),
    (
        {},
        "invalid",
        "ihre Einstellungen einer Musterkarte sind ungültig (samples: true ist keine Zahl "
        "(true/false sind keine Zahlen))",
    ),
    (  # the discrete schedule samples the channels' priors too: other points
        {"set": {"reps.count": 2, "channels.schedule": "discrete"}},
        "map",
        "die beiden Karten haben verschiedene Punkte gezogen und lassen sich daher nicht paaren",
    ),
]


@pytest.mark.parametrize(("changes", "paired", "problem"), PAIRED, ids=[p for _, p, _ in PAIRED])
def test_a_paired_with_refusal_is_german(
    tmp_path, monkeypatch, capsys, finished_map, changes, paired, problem
):
    folder = {
        "none": tmp_path / "none",
        "no_patterns": tmp_path / "no_patterns",
        "unfinished": tmp_path / "unfinished",
        "invalid": tmp_path / "invalid",
        "map": finished_map,
    }[paired]
    if paired == "no_patterns":
        _copy_with_patterns(finished_map, folder, drop=True)
    elif paired == "unfinished":
        _copy_with_patterns(finished_map, folder, replications=2)
    elif paired == "invalid":
        _copy_with_patterns(finished_map, folder, samples=True)
    path, out = tmp_path / "new.yaml", tmp_path / "out"
    path.write_text(yaml.safe_dump({**TINY, **changes}), encoding="utf-8")
    said = german(monkeypatch, capsys, "patterns", path, "--out", out, "--paired-with", folder)
    assert said == f"--paired-with {folder}: " + problem.format(paired=folder)
    assert not out.exists()  # refused before any run


CALIBRATION = yaml.safe_load(
    (REPO / "configs" / "calibration" / "stylised_facts.yaml").read_text(encoding="utf-8")
)

# (changes to the stylised facts' file, the German problem after "FILE: "; "/" starts a
# problem said without the file)
CALIBRATION_FILES = [
    (
        {"parameters": ["reps.forgetting", "reps.forgetting"]},
        "parameters: ein Parameter ist doppelt genannt",
    ),
    ({"parameters": []}, "parameters: nennen Sie mindestens einen Parameter (oder „all“)"),
    (
        {"parameters": ["reps.count"]},
        "parameters: „reps.count“ hat keinen Prior in sim/priors.py (meinten Sie "
        "„reps.contact_share“?); nur Parameter mit einem Prior lassen sich kalibrieren",
    ),
    (
        {"set": {"reps.bogus": 1}},
        "set: unbekannter Parameter „reps.bogus“ (meinten Sie „reps.count“?)",
    ),
    (
        {"targets.b2b_churn.low": 0.3, "targets.b2b_churn.high": 0.05},
        "targets.b2b_churn: low 0,3 muss unter high 0,05 liegen",
    ),
    (
        {"targets.b2b_churn.high": None},
        "targets.b2b_churn: kind „between“ braucht low und high (und kein observed)",
    ),
    (
        {"targets.ideal_contact_frequency.observed": None},
        "targets.ideal_contact_frequency: kind „value“ braucht observed (und weder low noch high)",
    ),
    (
        {"targets.b2b_churn.statistic": "churn"},
        "targets.b2b_churn.statistic: unbekannte Kennzahl „churn“ (meinten Sie "
        "„annual_churn“?); erlaubt sind: low_ei_curvature_t, high_ei_slope_t, "
        "ideal_contacts_per_quarter, annual_churn, relationship_level, "
        "team_lost_per_rep_week, team_relationship",
    ),
    ({"targets": {}}, "/targets: keine; nennen Sie Ziele in der Datei oder geben Sie --team an"),
    (
        {"parameters": ["customers.need"], "set": {"customers.need": 0.2}},
        "set: customers.need ist zugleich gesetzt und kalibriert; entfernen Sie den Parameter "
        "aus einem von beiden",
    ),
    ({"parameters": "some"}, "parameters: „some“ ist weder eine Liste von Parametern noch „all“"),
    ({"/list": [1]}, "erwartet wird eine Zuordnung von Schlüsseln zu Werten"),
]


@pytest.mark.parametrize(
    ("changes", "problem"), CALIBRATION_FILES, ids=[p[:40] for _, p in CALIBRATION_FILES]
)
def test_a_calibration_file_s_refusal_is_german(tmp_path, monkeypatch, capsys, changes, problem):
    content = changes["/list"] if "/list" in changes else with_changes(CALIBRATION, changes)
    path, out = tmp_path / "calibration.yaml", tmp_path / "out"
    path.write_text(yaml.safe_dump(content, allow_unicode=True), encoding="utf-8")
    said = german(monkeypatch, capsys, "calibrate", path, "--out", out)
    assert said == (problem[1:] if problem.startswith("/") else f"{path}: {problem}")
    assert not out.exists()


@pytest.mark.parametrize(
    "command",
    [
        ["sweep", "configs/sweeps/coaching.yaml"],
        ["patterns", "configs/patterns.yaml"],
        ["calibrate", "configs/calibration/stylised_facts.yaml"],
    ],
    ids=lambda c: c[0],
)
def test_a_malformed_scheduler_address_is_refused_in_german(tmp_path, monkeypatch, capsys, command):
    said = german(
        monkeypatch, capsys, *command, "--out", tmp_path / "out", "--address", "notanaddress"
    )
    assert said == (
        "--address: „notanaddress“ ist keine Adresse eines Dask-Schedulers; erwartet wird "
        "tcp://HOST:PORT, z. B. tcp://127.0.0.1:8786"
    )


def test_a_calibration_s_scheduler_that_does_not_answer_is_said_in_german(
    tmp_path, monkeypatch, capsys
):
    address = f"tcp://127.0.0.1:{free_port()}"  # nothing listens on it
    config = REPO / "configs" / "calibration" / "stylised_facts.yaml"
    said = german(
        monkeypatch, capsys, "calibrate", config, "--out", tmp_path / "out", "--address", address
    )
    assert said == (
        f"--address {address}: kein Dask-Scheduler antwortet (Verbindung abgelehnt: auf "
        f"{address.removeprefix('tcp://')} lauscht nichts)"
    )


SEE = " (siehe rapport replicate --help)"

# (rapport replicate's options, the German line after "replicate: ")
MISPLACED = [
    (
        ["--worlds", "4"],
        "--worlds 4 passt nur zu --multiverse --worlds N, nicht zu einer Studie: fügen Sie "
        "--multiverse hinzu, um die Studie in plausiblen Welten zu rechnen",
    ),
    (
        ["--studies", "5"],
        "--studies 5 passt nur zu --multiverse oder --multiverse --worlds N, nicht zu einer "
        "Studie: ohne --multiverse legt --runs N fest, wie viele Studien laufen",
    ),
    (
        ["--multiverse", "--runs", "3"],
        "--runs 3 passt nur zu einer Studie oder --runs N (N ≥ 2), nicht zu --multiverse: mit "
        "--multiverse legt --studies fest, wie viele Studien jede Zelle oder Welt rechnet",
    ),
    (
        ["--multiverse", "--effort", "survey", "--ei-reliability", "0.8"],
        "--effort survey und --ei-reliability 0.8 passen nur zu einer Studie, --runs N (N ≥ 2) "
        "oder --multiverse --worlds N, nicht zu --multiverse: --multiverse allein kreuzt die "
        "Einsatzverteilungen, Reliabilitäten und Studiengrößen selbst",
    ),
    (  # two reasons: two clauses
        ["--no-power-curve", "--workers", "2"],
        "--workers 2 passt nur zu --runs N (N ≥ 2), --multiverse oder --multiverse --worlds N, "
        "nicht zu einer Studie: eine Studie läuft in diesem Prozess; --no-power-curve passt nur "
        "zu --runs N (N ≥ 2), nicht zu einer Studie: nur --runs N berechnet eine Power-Kurve",
    ),
    (
        ["--multiverse", "--worlds", "3", "--no-power-curve"],
        "--no-power-curve passt nur zu --runs N (N ≥ 2), nicht zu --multiverse --worlds N: nur "
        "--runs N berechnet eine Power-Kurve",
    ),
    (  # click's choice, whose sentence ends in a full stop
        ["--effort", "30"],
        "ungültiger Wert für „--effort“: „30“ ist keiner der Werte „survey“, „long_hours“, "
        "„wide“, „earlier_design“",
    ),
]


@pytest.mark.parametrize(("args", "line"), MISPLACED, ids=[" ".join(a) for a, _ in MISPLACED])
def test_a_replicate_option_its_mode_does_not_use_is_refused_in_german(
    tmp_path, monkeypatch, capsys, args, line
):
    said = german(monkeypatch, capsys, "replicate", *args, "--out", tmp_path / "out")
    assert said == f"replicate: {line}{SEE}"


def test_every_mode_and_reason_of_replicate_has_its_german():
    """The modes and reasons are written in frontends.commands.replicate; the German knows each
    (a new one would leave the whole line English)."""
    from experiments.refusals import _MODES_DATIVE_DE, _WHY_MISPLACED_DE, _WRITERS_DE
    from frontends.commands.replicate import MODES, OPTION_MODES

    assert set(MODES.values()) == set(_MODES_DATIVE_DE) <= set(_WRITERS_DE)
    assert {why for _, why in OPTION_MODES.values()} == set(_WHY_MISPLACED_DE)


# (what --out holds, the replicate options, the German problem after "--out: FOLDER: ")
REPLICATE_FOLDERS = [
    (
        ["manifest.json", "results/"],
        [],
        "enthält die Ergebnisse einer Versuchsreihe oder einer Musterkarte (manifest.json, "
        "results/); eine Replikation schreibt in einen eigenen Ordner: geben Sie ein anderes --out "
        "an",
    ),
    (
        ["power.json"],
        [],
        "enthält power.json, die Ergebnisse von --runs N (N ≥ 2); eine Studie schreibt in "
        "einen eigenen Ordner: geben Sie ein anderes --out an",
    ),
    (
        ["power.json"],
        ["--multiverse"],
        "enthält power.json, die Ergebnisse von --runs N (N ≥ 2); --multiverse schreibt in "
        "einen eigenen Ordner: geben Sie ein anderes --out an",
    ),
    (
        ["a.txt", "b.txt", "c.txt", "notes.txt"],
        [],
        "enthält a.txt, b.txt, c.txt, ..., keine Ergebnisse von einer Studie; eine Replikation "
        "schreibt in einen eigenen Ordner: geben Sie ein anderes --out an",
    ),
]


@pytest.mark.parametrize(("files", "args", "problem"), REPLICATE_FOLDERS, ids=lambda v: str(v)[:30])
def test_a_replicate_folder_of_other_results_is_refused_in_german(
    tmp_path, monkeypatch, capsys, files, args, problem
):
    out = tmp_path / "out"
    out.mkdir()
    for name in files:
        if name.endswith("/"):
            (out / name).mkdir()
        else:
            (out / name).write_text("", encoding="utf-8")
    said = german(monkeypatch, capsys, "replicate", *args, "--out", out)
    assert said == f"--out: {out}: {problem}"
    assert sorted(p.name for p in out.iterdir()) == sorted(n.rstrip("/") for n in files)


def _served(*args, **kwargs):
    raise AssertionError("the app was to be refused, not served")


def test_a_port_in_use_is_refused_in_german(monkeypatch, capsys):
    monkeypatch.setattr("frontends.commands.app.os.execve", _served)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        said = german(monkeypatch, capsys, "app", "--port", port)
    assert said == (
        f"--port {port}: 127.0.0.1:{port} ist schon belegt (läuft noch eine andere "
        "Rapport-App?); beenden Sie sie oder wählen Sie einen anderen --port"
    )


@pytest.mark.parametrize(
    ("host", "reasons"),
    [
        ("192.0.2.1", ["die Adresse gehört nicht zu diesem Rechner"]),  # TEST-NET-1: nobody's
        (  # what the resolver says depends on the network: either is German
            "nosuchhost.invalid",
            ["Name oder Dienst nicht bekannt", "vorübergehender Fehler bei der Namensauflösung"],
        ),
    ],
)
def test_a_host_this_computer_cannot_listen_on_is_refused_in_german(
    monkeypatch, capsys, host, reasons
):
    monkeypatch.setattr("frontends.commands.app.os.execve", _served)
    said = german(monkeypatch, capsys, "app", "--host", host, "--port", "0")
    assert said in [
        f"--host {host}: dieser Rechner kann dort nicht lauschen ({r})" for r in reasons
    ]


def test_an_empty_host_is_refused_in_german(monkeypatch, capsys):
    """``--host ''`` listened on every address and printed http://:PORT/ to open."""
    monkeypatch.setattr("frontends.commands.app.os.execve", _served)
    assert german(monkeypatch, capsys, "app", "--host", "") == (
        "--host: eine leere Adresse; geben Sie eine an, z. B. 127.0.0.1 (nur dieser Rechner) "
        "oder 0.0.0.0"
    )


def test_an_out_folder_below_a_file_is_refused_in_german(tmp_path, monkeypatch, capsys):
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    out = tmp_path / "a-file" / "out"
    said = german(monkeypatch, capsys, "replicate", "--out", out)
    assert said == f"--out: {out}: existiert und ist kein Ordner"
    # a short path: the command cuts a long one in the middle
    with tempfile.TemporaryDirectory(dir="/tmp", prefix="r") as short:
        blocked = Path(short) / "f"
        blocked.write_text("", encoding="utf-8")
        said = german(monkeypatch, capsys, "run", "--check", "--out", blocked / "out")
        assert said == f"Ausgabeordner {blocked / 'out'}: {blocked} ist eine Datei, kein Ordner"
