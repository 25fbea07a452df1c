"""Refusals in the user's language: `--lang de` (or RAPPORT_LANG=de) says every refusal of a known
family in German, with German numbers, one line, exit code 2; English stays as made."""

from __future__ import annotations

import re

import pytest

from frontends.refusals import PROBLEMS, bounds, refusal
from tests.helpers import placeholders, rapport_in_process

# (command line, the German line it must print): one of each family a user meets first
GERMAN = [
    (
        ["run", "--set", "reps.effort_hours=100001"],
        "rapport: Fehler: reps.effort_hours: 100.001 liegt über dem Höchstwert 80",
    ),
    (
        ["run", "--set", "simulation.weeks=0"],
        "rapport: Fehler: simulation.weeks: 0 liegt unter dem Mindestwert 1",
    ),
    (
        ["run", "--set", "reps.perception=0.5", "--set", "reps.effort_hours=abc"],
        "rapport: Fehler: reps.effort_hours: „abc“ ist keine Zahl",
    ),
    (
        ["run", "--set", "reps.efort_hours=5"],
        "rapport: Fehler: reps.efort_hours: unbekannter Parameter (meinten Sie "
        "„reps.effort_hours“?)",
    ),
    (  # the decimal comma stays as typed, and so does the point it asks for
        ["run", "--set", "reps.perception=0,5"],
        "rapport: Fehler: --set reps.perception: 0,5 ist keine Zahl: ein Dezimalkomma? "
        "Schreiben Sie Dezimalzahlen mit Punkt (0.5)",
    ),
    (
        ["run", "no-such-scenario.yaml"],
        "rapport: Fehler: no-such-scenario.yaml: Datei nicht gefunden",
    ),
    (
        ["run", "--foo"],
        "rapport: Fehler: run: unbekannte Option „--foo“. Meinten Sie „--out“? (siehe rapport "
        "run --help)",
    ),
    (
        ["study", "effort_sweet_spot", "--replications", "0"],
        "rapport: Fehler: study: ungültiger Wert für „--replications“: 0 liegt außerhalb des "
        "erlaubten Bereichs (1 bis 100.000) (siehe rapport study --help)",
    ),
    (
        ["replicate", "--ei-reliability", "1,5"],
        "rapport: Fehler: replicate: ungültiger Wert für „--ei-reliability“: 1,5 ist keine Zahl: "
        "ein Dezimalkomma? Schreiben Sie Dezimalzahlen mit Punkt (siehe rapport replicate --help)",
    ),
    (["sweep"], "rapport: Fehler: sweep: geben Sie eine CONFIG-Datei an (oder --schema)"),
]


@pytest.mark.parametrize(("args", "german"), GERMAN, ids=[" ".join(a) for a, _ in GERMAN])
def test_a_refusal_asked_in_german_is_german_with_german_numbers(monkeypatch, capsys, args, german):
    done = rapport_in_process(monkeypatch, capsys, *args, "--lang", "de")
    assert (done.returncode, done.stderr) == (2, german + "\n")


def test_rapport_lang_sets_the_language_and_lang_overrides_it(monkeypatch, capsys):
    args = ["run", "--set", "simulation.weeks=0"]
    english = "rapport: error: simulation.weeks: 0 is below the minimum 1\n"
    assert rapport_in_process(monkeypatch, capsys, *args).stderr == english
    monkeypatch.setenv("RAPPORT_LANG", "de")
    german = rapport_in_process(monkeypatch, capsys, *args).stderr
    assert german == "rapport: Fehler: simulation.weeks: 0 liegt unter dem Mindestwert 1\n"
    assert rapport_in_process(monkeypatch, capsys, *args, "--lang=en").stderr == english
    monkeypatch.setenv("RAPPORT_LANG", "fr")  # a language Rapport does not speak: refused
    done = rapport_in_process(monkeypatch, capsys, *args)
    assert (done.returncode, done.stderr) == (
        2,
        "rapport: error: RAPPORT_LANG: 'fr' is not one of 'en', 'de'\n",
    )


def test_a_file_s_problem_keeps_its_names_and_translates_its_place(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "team.yaml"
    bad.write_text("reps:\n  effort: 5\n")
    done = rapport_in_process(monkeypatch, capsys, "run", bad, "--lang", "de")
    assert done.stderr.startswith(
        f"rapport: Fehler: {bad}: reps.effort: unbekannter Schlüssel „effort“ (meinten Sie "
        "„effort_hours“?); erlaubt sind hier: count, effort_hours,"
    )
    bad.write_text("reps:\n  effort_hours: [30, 40,5]\n")
    done = rapport_in_process(monkeypatch, capsys, "run", bad, "--lang", "de")
    assert done.stderr == (
        f"rapport: Fehler: {bad}: Zeile 2: 40,5 wird als zwei Zahlen gelesen (40 und 5): ein "
        "Dezimalkomma? Schreiben Sie Dezimalzahlen mit Punkt (40.5)\n"
    )


def test_english_refusals_are_as_made():
    for message in (
        "reps.effort_hours: 100001 is above the maximum 80",
        "x.yaml: line 2: 0,5 reads as two numbers, 0 and 5: a decimal comma? write decimals "
        "with a point (0.5)",
    ):
        assert refusal(message, "en") == message


def test_a_message_of_no_known_family_stays_english_whole():
    message = "runs/x: something nobody has translated: 1.5"
    assert refusal(message, "de") == message


def test_the_problem_is_found_from_the_right_so_a_value_keeps_no_location():
    # "reps.x: 90" must not be read as the value: the number is said German only as a value
    assert refusal("a.yaml: reps.count: 100001 is above the maximum 100000", "de") == (
        "a.yaml: reps.count: 100.001 liegt über dem Höchstwert 100.000"
    )


def test_every_german_template_says_only_what_its_pattern_captures():
    for pattern, template in PROBLEMS["de"]:
        assert placeholders(template) <= set(pattern.groupindex), pattern.pattern
        assert not re.search(r"\b(?:is|the|not|and|or)\b", template), template


@pytest.mark.parametrize(
    ("click_range", "words"),
    [
        ("1<=x<=100000", "1 bis 100.000"),
        ("x>=0", "ab 0"),
        ("x<=5", "bis 5"),
        ("0<x<1", "über 0 und unter 1"),
        ("0<=x<1", "ab 0 und unter 1"),
    ],
)
def test_click_s_ranges_are_said_in_words(click_range, words):
    assert bounds(click_range, "de") == words
    assert bounds(click_range, "en") == click_range
