"""``rapport sweep --dry-run`` in English and German (``experiments.sweep.dry_run``).

The same dry runs in each language, in this process: German lines carry the numbers of the
English ones in German notation (decimal commas, thousands points from five digits), no phrase
of the English table, and the notes the German sweep itself prints; the English lines are those
the dry run always printed, but for their plurals ("1 replication", not "1 replications").
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from experiments.sweep_texts import TEXTS
from tests.helpers import rapport_in_process
from tests.test_sweep_execution import SMALL
from tests.test_sweep_language import INERT, _english_phrases, config_folder, failing_at

TINY = {"reps.count": 2, "customers.per_rep": 5, "simulation.weeks": 8}
ONE_WORKER = {"workers": 1}
# Worlds drawn from the priors: the "runs each" of a sweep with worlds; a value listed twice.
WORLDS: dict[str, Any] = {
    "name": "worlds",
    "set": TINY,
    "worlds": "prior",
    "worlds_count": 3,
    "worlds_replications": 2,
    "sweep": {"parameters": {"reps.effort_hours": [20, 20, 40]}, "replications": 1, "seed": 3},
    "execution": ONE_WORKER,
}
# 10,000 points: counted, 1,000 of them checked; values with decimals.
BIG: dict[str, Any] = {
    "name": "big",
    "set": {**TINY, "simulation.weeks": 4},
    "sweep": {
        "parameters": {
            "reps.effort_hours": {"start": 5, "stop": 60, "num": 100},
            "reps.perception": {"start": 0, "stop": 1, "num": 100},
        },
        "seed": 2,
    },
    "execution": ONE_WORKER,
}
# One point, one replication: every count of one.
SINGLE: dict[str, Any] = {
    "name": "single",
    "set": TINY,
    "sweep": {"parameters": {"reps.effort_hours": [20]}, "replications": 1, "seed": 3},
    "execution": ONE_WORKER,
}

# Times differ from run to run (the scale of the probe's runs does not).
TIMES = [
    (r"about [\d.]+ (s|min|h) of runs", "about T of runs"),
    (r"took [\d.]+ s per run after [\d.]+ s", "took T s per run after T s"),
    (r"etwa [\d,.]+ (s|min|h) Laufzeit", "etwa T Laufzeit"),
    (r"brauchte [\d,]+ s je Lauf nach [\d,]+ s", "brauchte T s je Lauf nach T s"),
    # and so does the memory free
    (r"; [\d.]+ (B|KB|MB|GB|TB) is available", "; F is available"),
    (r"; [\d,]+ (B|KB|MB|GB|TB) sind frei", "; F sind frei"),
]


def _masked(line: str) -> str:
    for pattern, mask in TIMES:
        line = re.sub(pattern, mask, line)
    return line


def _numbers(line: str, lang: str) -> list[float]:
    """The numbers of a line, read as ``lang`` writes them."""
    line = _masked(line)
    if lang == "en":
        line = re.sub(r"(?<=\d),(?=\d{3}\b)", "", line)
        return [float(n) for n in re.findall(r"\d+(?:\.\d+)?", line)]
    line = re.sub(r"(?<=\d)\.(?=\d{3}\b)", "", line)
    return [float(n.replace(",", ".")) for n in re.findall(r"\d+(?:,\d+)?", line)]


def _dry_runs(tmp_path: Path, monkeypatch, capsys, lang: str) -> dict[str, list[str]]:
    """The lines of each dry run in ``lang``: notes, a half-done folder and one of another
    sweep, worlds, a large grid, counts of one, and probe runs that fail."""
    folder, config = config_folder(tmp_path / lang)

    def dry(path: Path, *args: Any) -> list[str]:
        done = rapport_in_process(
            monkeypatch, capsys, "sweep", path, "--dry-run", "--lang", lang, *args
        )
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""
        return done.stdout.replace(str(folder), "DIR").splitlines()

    small = config("small", SMALL)
    out = folder / "out"
    done = rapport_in_process(
        monkeypatch, capsys, "sweep", small, "--out", out, "--no-report", "--quiet"
    )
    assert done.returncode == 0, done.stderr
    grown = config("grown", {**SMALL, "sweep": {**SMALL["sweep"], "replications": 5}})
    other = config("other", {**SMALL, "sweep": {**SMALL["sweep"], "seed": 8}})
    nowhere = folder / "nothing"
    printed = {
        "inert": dry(config("inert", INERT), "--out", nowhere),
        "grown": dry(grown, "--out", out),
        "other": dry(other, "--out", out, "--force"),
        "worlds": dry(config("worlds", WORLDS), "--out", nowhere),
        "big": dry(config("big", BIG), "--out", nowhere),
        "single": dry(config("single", SINGLE), "--out", nowhere),
    }
    with pytest.MonkeyPatch.context() as patch:
        failing_at(patch, 10)
        printed["failing"] = dry(small, "--out", nowhere)
    return printed


# What the dry runs print in English (times masked): as before, but for plurals of one.
ENGLISH = {
    "inert": [
        "Sweep 'inert': method grid, 8 design points x 1 replication = 8 runs",
        "Note: base: simulation.seed = 5 is not used: a sweep gives each run its own seed, "
        "derived from sweep.seed; set sweep.seed (and sweep.replications for more seeds per "
        "point) instead.",
        "Note: sweep.parameters: hiring.perception has no effect at any point of the design; it "
        "acts only when hiring.share > 0.",
        "Note: sweep.parameters: reps.regulation has no effect at any point of the design; it "
        "acts only when a profile leaves out regulation (every profile sets its own: hard worker "
        "0.35, smart worker 0.65).",
        "Note: set: reps.perception = 0.5 is replaced at every point by its sweep axis.",
        "First 5 points:",
        "  0: reps.perception=0.2, reps.regulation=0.3, hiring.perception=0.2",
        "Nothing was run (dry run).",
    ],
    "grown": [
        "Sweep 'small': method grid, 6 design points x 5 replications = 30 runs",
        "DIR/out: 18 of the 30 runs are there already and would not run again",
        "about 0.0 MB of results (180 rows)",
        "on 1 local worker(s) for the 12 runs left, besides starting the command and its workers "
        "(a probe of 15 run(s) of the first points, batched as the sweep runs them, took T s per "
        "run after T s of warming up)",
    ],
    "other": [
        "DIR/out: 0 of the 18 runs are there already and would not run again; --force would "
        "discard 18 run(s) of another sweep",
    ],
    "worlds": [
        "Sweep 'worlds': method grid, 3 design points (1 repeats an earlier point) x 7 runs each "
        "(1 replication at the scenario's own values + 3 prior worlds x 2) = 14 runs",
        "First 3 points:",
    ],
    "big": [
        "Sweep 'big': method grid, 10000 design points x 1 replication = 10000 runs",
        "Checked 1,000 of the 10,000 points (spread over the grid); the sweep checks every point "
        "before it starts.",
        "  1: reps.effort_hours=5, reps.perception=0.0101",
    ],
    "single": [
        "Sweep 'single': method grid, 1 design point x 1 replication = 1 run",
        "Estimate: about T of runs on 1 local worker(s), besides starting the command and its "
        "workers (a probe of 1 run(s) of the first points, batched as the sweep runs them, took "
        "T s per run after T s of warming up), about 0.0 MB of results (3 rows)\nMemory: about 3 "
        "KB per run at the largest point checked, 3 KB for 1 at once; F is available\nFirst "
        "point:\n  0: reps.effort_hours=20\nNothing was run (dry run).",
    ],
    "failing": [
        "Warning: 6 probe run(s) failed, e.g.: RuntimeError: injected at 10 h/week",
    ],
}

# The same in German: every kind of line, with German numbers and plurals.
GERMAN = {
    "inert": [
        "Versuchsreihe „inert“: Methode Raster, 8 Designpunkte × 1 Wiederholung = 8 Läufe",
        "[sweep] Hinweis: set: reps.perception = 0,5 wird an jedem Punkt durch seine Achse ersetzt",
        "Die ersten 5 Punkte:",
        "  0: reps.perception=0,2; reps.regulation=0,3; hiring.perception=0,2",
        "Nichts ausgeführt (Probelauf).",
    ],
    "grown": [
        "Versuchsreihe „small“: Methode Raster, 6 Designpunkte × 5 Wiederholungen = 30 Läufe",
        "DIR/out: 18 von 30 Läufen sind schon vorhanden und würden nicht erneut ausgeführt",
        "Schätzung: etwa T Laufzeit auf 1 lokalen Arbeitsprozess für die 12 verbleibenden Läufe, "
        "zuzüglich des Starts des Befehls und seiner Arbeitsprozesse (eine Probe von 15 Läufen "
        "der ersten Punkte, gebündelt wie in der Versuchsreihe, brauchte T s je Lauf nach T s "
        "Aufwärmen), etwa 0,0 MB Ergebnisse (180 Zeilen)",
    ],
    "other": ["--force würde 18 Läufe einer anderen Versuchsreihe verwerfen"],
    "worlds": [
        "Versuchsreihe „worlds“: Methode Raster, 3 Designpunkte (davon wiederholt 1 einen früheren "
        "Punkt) × 7 Läufe je Punkt (1 Wiederholung mit den eigenen Werten des Szenarios + 3 "
        "Welten aus den Priors × 2) = 14 Läufe",
    ],
    "big": [
        "Versuchsreihe „big“: Methode Raster, 10.000 Designpunkte × 1 Wiederholung = 10.000 Läufe",
        "1000 der 10.000 Punkte geprüft (über das Raster verteilt); die Versuchsreihe prüft vor "
        "dem Start jeden Punkt.",
        "  1: reps.effort_hours=5; reps.perception=0,0101",
    ],
    "single": [
        "Versuchsreihe „single“: Methode Raster, 1 Designpunkt × 1 Wiederholung = 1 Lauf",
        "(eine Probe von 1 Lauf der ersten Punkte",
        "(3 Zeilen)\nSpeicher: etwa 3 KB je Lauf am größten geprüften Punkt, 3 KB für 1 "
        "zugleich; F sind frei\nDer erste Punkt:\n  0: reps.effort_hours=20\nNichts ausgeführt "
        "(Probelauf).",
    ],
    "failing": [
        "Warnung: 6 Läufe der Probe fehlgeschlagen, z. B.: RuntimeError: injected at "
        "10\u00a0h/week",
    ],
}


def test_a_german_dry_run_says_the_english_numbers_in_german_words_and_notation(
    tmp_path, monkeypatch, capsys
):
    english = _dry_runs(tmp_path, monkeypatch, capsys, "en")
    german = _dry_runs(tmp_path, monkeypatch, capsys, "de")
    for name, lines in english.items():
        assert len(german[name]) == len(lines), name
        for en, de in zip(lines, german[name], strict=True):
            if en.startswith("Warning: "):  # the error is the model's, in its own words
                en, de = en.split(" e.g.: ")[0], de.split(" z. B.: ")[0]
            assert _numbers(de, "de") == _numbers(en, "en"), (en, de)
        shown = "\n".join(_masked(line) for line in lines)
        for line in ENGLISH[name]:
            assert line in shown, (name, line)
    for name, lines in german.items():
        shown = "\n".join(_masked(line) for line in lines)
        for line in GERMAN[name]:
            assert line in shown, (name, line)
    shown = "\n".join(line for lines in german.values() for line in lines)
    # (a dotted name such as reps.perception is no English word)
    spoken = [p for p in _english_phrases() if re.search(rf"(?<![\w.]){re.escape(p)}(?!\w)", shown)]
    assert not spoken, spoken
    for word in ("runs", "points", "replication", "Estimate", "Note", "worker", "rows", "probe"):
        assert not re.search(rf"\b{word}\b", shown), word
    # decimal commas only: no decimal point left once thousands ("10.000") are taken out
    assert not re.search(r"\d\.\d", re.sub(r"\b\d{1,3}(\.\d{3})+\b", "", shown)), shown


def test_a_german_dry_run_notes_what_the_german_sweep_notes(tmp_path, monkeypatch, capsys):
    """The dry run said the sweep's notes in English (and "Note: ..."), the sweep in German."""
    folder, write = config_folder(tmp_path / "de")
    args = ("sweep", write("inert", INERT), "--out", folder / "out", "--lang", "de")
    dry = rapport_in_process(monkeypatch, capsys, *args, "--dry-run")
    ran = rapport_in_process(monkeypatch, capsys, *args, "--no-report")
    assert dry.returncode == ran.returncode == 0, (dry.stderr, ran.stderr)
    notes = [line for line in ran.stderr.splitlines() if line.startswith("[sweep] Hinweis: ")]
    assert len(notes) == 4, ran.stderr
    assert [line for line in dry.stdout.splitlines() if "Hinweis" in line] == notes
    # a sweep's seeds are Zufallsstartwerte, derived from its Basis-Zufallsstartwert
    assert (
        "eine Versuchsreihe gibt jedem Lauf einen eigenen Zufallsstartwert, abgeleitet aus dem "
        "Basis-Zufallsstartwert sweep.seed; setzen Sie stattdessen sweep.seed (und "
        "sweep.replications für mehr Zufallsstartwerte je Punkt)" in notes[0]
    )


def test_the_german_sweep_texts_call_a_seed_a_zufallsstartwert():
    for key, text in TEXTS["de"].items():
        for word in re.findall(r"[\w-]*startwert\w*", text, re.IGNORECASE):
            assert word.lower() in {
                "zufallsstartwert",
                "zufallsstartwerte",
                "basis-zufallsstartwert",
            }, (key, word)
