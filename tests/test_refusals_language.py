"""Refusals in the user's language: `--lang de` (or RAPPORT_LANG=de) says every refusal of a known
family in German, with German numbers, one line, exit code 2; English stays as made."""

from __future__ import annotations

import copy
import re

import pytest
import yaml

from experiments.refusals import PROBLEMS, bounds, refusal
from sim.params import ConfigError, validate_scenario
from tests.helpers import REPO, free_port, placeholders, rapport_in_process

# (command line, the German line it must print): one of each family a user meets first
GERMAN = [
    (
        ["run", "--set", "reps.effort_hours=100001"],
        "rapport: Fehler: --set reps.effort_hours: 100.001 liegt über dem Höchstwert 80",
    ),
    (
        ["run", "--set", "simulation.weeks=0"],
        "rapport: Fehler: --set simulation.weeks: 0 liegt unter dem Mindestwert 1",
    ),
    (
        ["run", "--set", "reps.perception=0.5", "--set", "reps.effort_hours=abc"],
        "rapport: Fehler: --set reps.effort_hours: „abc“ ist keine Zahl",
    ),
    (
        ["run", "--set", "reps.efort_hours=5"],
        "rapport: Fehler: --set reps.efort_hours: unbekannter Parameter (meinten Sie "
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
    (
        ["run", "--out", ""],
        "rapport: Fehler: run: ungültiger Wert für „--out“: ein leerer Pfad; geben Sie einen "
        "Ordner an, z. B. runs/NAME (siehe rapport run --help)",
    ),
    (
        ["study", "effort_sweet_spot", "--workers", "0"],
        "rapport: Fehler: --workers: „0“ ist weder eine positive ganze Zahl noch „auto“",
    ),
    (
        ["sweep", "configs/sweeps/coaching.yaml", "--workers", "2", "--address", "tcp://x:1"],
        "rapport: Fehler: --workers 2 und --address tcp://x:1: geben Sie eines davon an "
        "(--workers startet lokale Prozesse; --address schickt die Läufe an die Worker dieses "
        "Dask-Clusters)",
    ),
]


@pytest.mark.parametrize(("args", "german"), GERMAN, ids=[" ".join(a) for a, _ in GERMAN])
def test_a_refusal_asked_in_german_is_german_with_german_numbers(monkeypatch, capsys, args, german):
    done = rapport_in_process(monkeypatch, capsys, *args, "--lang", "de")
    assert (done.returncode, done.stderr) == (2, german + "\n")


def test_rapport_lang_sets_the_language_and_lang_overrides_it(monkeypatch, capsys):
    args = ["run", "--set", "simulation.weeks=0"]
    english = "rapport: error: --set simulation.weeks: 0 is below the minimum 1\n"
    assert rapport_in_process(monkeypatch, capsys, *args).stderr == english
    monkeypatch.setenv("RAPPORT_LANG", "de")
    german = rapport_in_process(monkeypatch, capsys, *args).stderr
    assert german == "rapport: Fehler: --set simulation.weeks: 0 liegt unter dem Mindestwert 1\n"
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


def profiles(*shares_and_names: tuple[float, str]) -> dict:
    return {"reps": {"profiles": [{"name": n, "share": s} for s, n in shares_and_names]}}


@pytest.mark.parametrize(
    ("settings", "german"),
    [
        (  # a team in thirds, written to two decimals
            profiles((0.33, "A"), (0.33, "B"), (0.33, "C")),
            "reps: die Anteile der Profile ergeben zusammen 0,99, sie müssen zusammen 1 ergeben",
        ),
        (
            profiles((0.5, "juniors"), (0.5, "juniors")),
            "reps: die Namen der Profile müssen sich unterscheiden; doppelt vergeben: juniors",
        ),
        (
            {"channels": {"call_share": 0.7, "email_share": 0.5}},
            "channels: call_share + email_share = 1,2, erlaubt ist höchstens 1 (Besuche "
            "erhalten den Rest der Kontaktstunden)",
        ),
        (
            {"interventions": [{"week": 5}]},
            "interventions.0: eine Änderung muss effort_hours, perception oder regulation nennen",
        ),
    ],
)
def test_a_check_across_fields_is_refused_in_german(settings, german):
    """A mixed team whose shares were thirds to two decimals was refused in English on a German
    command line and page ("reps: profile shares add up to 0.99, they must add up to 1"): the
    schema's checks across fields had no German family."""
    with pytest.raises(ConfigError) as refused:
        validate_scenario(settings)
    assert refusal(str(refused.value), "de") == german


STUDY_TEAMS = {
    "one.yaml": "reps: {count: 1}\n",
    "late.yaml": "interventions: [{week: 20, effort_hours: 50}]\n",
    "mixed.yaml": "reps:\n  profiles:\n"
    "    - {name: hard worker, share: 0.5, effort_hours: 60, perception: 0.1, regulation: 0.1}\n"
    "    - {name: smart worker, share: 0.5, effort_hours: 60, perception: 0.9, regulation: 0.9}\n",
}


@pytest.mark.parametrize(
    ("study", "team", "german"),
    [
        (
            "hiring",
            "one.yaml",
            "study hiring: in einem Team von 1 Person (one.yaml) ersetzt selbst der größte "
            "hiring.share, 0,5, round(0,5 × 1) = 0 Personen, also wird niemand eingestellt und die "
            "Antwort beruhte auf Rauschen; untersuchen Sie ein Team von mindestens 2 Personen "
            "(reps.count)",
        ),
        (
            "effort_sweet_spot",
            "late.yaml",
            "study effort_sweet_spot: in late.yaml setzt interventions.0 reps.effort_hours ab "
            "Woche 21 auf 50: Die Achse reps.effort_hours wirkt nur in den Wochen 1–20, die "
            "Antwort vermischte also zwei Teams; entfernen Sie interventions.0 (interventions), um "
            "dieses Team zu untersuchen",
        ),
        (
            "effort_sweet_spot",
            "mixed.yaml",
            "study effort_sweet_spot: jedes Profil von mixed.yaml setzt seinen eigenen Wert für "
            "effort_hours (hard worker 60, smart worker 60), daher wirkt die Achse "
            "reps.effort_hours der Studie nirgends",
        ),
        (
            "pressure",
            "mixed.yaml",
            "study pressure: jedes Profil von mixed.yaml setzt seinen eigenen Wert für perception "
            "(hard worker 0,1, smart worker 0,9) und regulation (hard worker 0,1, smart worker "
            "0,9), daher wirken die Achsen reps.perception und reps.regulation der Studie "
            "nirgends und ihre Antwort beruhte auf Rauschen; entfernen Sie perception und "
            "regulation aus den Profilen (reps.profiles), um dieses Team zu untersuchen",
        ),
    ],
)
def test_a_study_refusing_a_team_says_why_in_german(
    tmp_path, monkeypatch, capsys, study, team, german
):
    """`rapport study effort_sweet_spot --scenario mixed_team.yaml --lang de` refused in English
    ("every profile of mixed_team.yaml sets its own effort_hours ..."): a study's refusals of a
    team it cannot answer for had no German family."""
    (tmp_path / team).write_text(STUDY_TEAMS[team])
    done = rapport_in_process(
        monkeypatch, capsys, "study", study, "--scenario", tmp_path / team, "--lang", "de"
    )
    assert done.returncode == 2 and done.stderr.startswith(f"rapport: Fehler: {german}")
    assert done.stderr.count("\n") == 1, done.stderr


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


SWEEP = {
    "name": "t",
    "sweep": {
        "method": "grid",
        "parameters": {
            "reps.effort_hours": {"start": 5, "stop": 60, "num": 3},
            "reps.perception": [0.1, 0.9],
            "reps.regulation": {"link": "reps.perception"},
        },
        "replications": 1,
    },
    "record": {"metrics": ["relational_performance"]},
}
AXES = ("sweep", "parameters")


def _edited(path: tuple[str, ...], value) -> dict:
    config = copy.deepcopy(SWEEP)
    *inner, last = path
    place = config
    for key in inner:
        place = place[key]
    place[last] = value
    return config


# (a sweep file a user got wrong, the German the refusal must say): families that stayed English
SWEEP_FILES = [
    (
        _edited(("record", "metrics"), ["relationship_quality"]),
        "record.metrics: unbekannte Kennzahl „relationship_quality“",
    ),
    (
        {
            **SWEEP,
            "sweep": {
                **SWEEP["sweep"],
                "method": "morris",
                "levels": 3,
                "parameters": {"reps.effort_hours": {"min": 5, "max": 60}},
            },
        },
        "sweep.levels: 3 ist ungerade; ein Morris-Design braucht eine gerade Zahl von Stufen",
    ),
    (
        _edited((*AXES, "reps.effort_hours"), {"start": 60, "stop": 10, "num": 3}),
        "stop 10 liegt unter start 60; geben Sie einen Bereich von klein nach groß an",
    ),
    (
        _edited((*AXES, "reps.effort_hours"), {"start": 5, "num": 3}),
        "ein Bereich braucht start und stop (und num oder step)",
    ),
    (
        _edited((*AXES, "reps.effort_hours"), {"start": 5, "stop": 9, "num": 3, "step": 1}),
        "ein Bereich braucht genau eines von num und step",
    ),
    (
        {**SWEEP, "sweep": {**SWEEP["sweep"], "method": "lhs", "samples": 8}},
        "ein Bereich (start/stop) gilt nur für Raster; die Methode lhs zieht aus einer "
        "Verteilung: Geben Sie min und max an",
    ),
    (
        _edited((*AXES, "reps.regulation"), {"link": "reps.perceptoin"}),
        "„reps.perceptoin“ ist keine Achse dieser Versuchsreihe (meinten Sie „reps.perception“?)",
    ),
    (
        _edited((*AXES, "reps.regulation"), {"link": "reps.perception", "x": 1}),
        "eine verknüpfte Achse hat nur den Schlüssel „link“",
    ),
]


@pytest.mark.parametrize(("config", "german"), SWEEP_FILES, ids=[g[:30] for _, g in SWEEP_FILES])
def test_a_sweep_file_s_refusal_is_german_when_asked(tmp_path, monkeypatch, capsys, config, german):
    """These refusals of a sweep file stayed English under --lang de (a helper's audit)."""
    path = tmp_path / "sweep.yaml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    for lang, prefix in (("de", "rapport: Fehler: "), ("en", "rapport: error: ")):
        done = rapport_in_process(
            monkeypatch, capsys, "sweep", str(path), "--dry-run", "--lang", lang
        )
        assert done.returncode == 2 and done.stderr.startswith(prefix), done.stderr
        assert (german in done.stderr) == (lang == "de"), done.stderr
        assert "\n" not in done.stderr.strip()


def test_a_results_folder_s_and_a_scheduler_s_refusals_are_german_when_asked(
    tmp_path, monkeypatch, capsys
):
    """The report's refusals of a folder that is none, or whose config.yaml is missing,
    unreadable or another sweep's, and an unreachable Dask scheduler stayed English."""

    def german(*args: str) -> str:
        done = rapport_in_process(monkeypatch, capsys, *args, "--lang", "de")
        assert done.returncode == 2 and done.stderr.startswith("rapport: Fehler: "), done.stderr
        return done.stderr

    assert "kein Ergebnisordner einer Versuchsreihe (keine manifest.json)" in german(
        "report", "/tmp"
    )
    config, out = tmp_path / "sweep.yaml", tmp_path / "out"
    config.write_text(yaml.safe_dump(SWEEP), encoding="utf-8")
    listening = free_port()  # nothing listens on it
    said = german(
        "sweep", str(config), "--out", str(out), "--address", f"tcp://127.0.0.1:{listening}"
    )
    assert f"der Dask-Scheduler unter tcp://127.0.0.1:{listening} ist nicht erreichbar" in said
    assert f"Verbindung abgelehnt: auf 127.0.0.1:{listening} lauscht nichts" in said
    done = rapport_in_process(
        monkeypatch, capsys, "sweep", str(config), "--out", str(out), "--workers", "1",
        "--no-report",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    kept = (out / "config.yaml").read_text(encoding="utf-8")
    (out / "config.yaml").unlink()
    assert "config.yaml: fehlt; führen Sie `rapport sweep CONFIG --out" in german(
        "report", str(out)
    )
    (out / "config.yaml").write_text("garbage: [", encoding="utf-8")
    assert "config.yaml: keine gültige Konfiguration (" in german("report", str(out))
    other = yaml.safe_load(kept)
    other["sweep"]["seed"] += 1
    (out / "config.yaml").write_text(yaml.safe_dump(other), encoding="utf-8")
    said = german("report", str(out))
    assert "config.yaml passt nicht zu den Ergebnissen: keiner der 6 Läufe" in said
    assert "andere Laufschlüssel: ein anderer Zufallsstartwert" in said
    (out / "config.yaml").write_text(kept, encoding="utf-8")
    (out / "design.parquet").write_bytes(b"PAR1 damaged")
    said = german("report", str(out))
    assert "design.parquet: beschädigt (" in said and "fertige Läufe bleiben erhalten" in said


def test_a_calibration_folder_s_refusals_are_german_when_asked(tmp_path):
    """Running README's calibration commands again with another config into the same folder
    said "rapport: Fehler: --out …: holds the calibration … of a different configuration" in
    English after a German prefix; so did a folder holding other files."""
    import json

    from experiments.calibrate.abc import MANIFEST, check_folder
    from experiments.calibrate.config import config_hash, config_identity, load_calibration

    out = tmp_path / "cal"
    out.mkdir()
    (out / MANIFEST).write_text(json.dumps({"name": "stylised", "config_hash": "abc123"}))
    with pytest.raises(ConfigError) as held:
        check_folder(out, "def456", "other")
    assert refusal(str(held.value), "de") == (
        f"--out {out}: enthält die Kalibrierung „stylised“ einer anderen Konfiguration (Hash "
        "abc123, diese: def456); wählen Sie einen anderen Ordner oder entfernen Sie ihn"
    )
    # a folder written since 4f8b4faa5648 records its configuration: the refusal names the
    # first setting that differs, with both values, or the team's data
    config = load_calibration(REPO / "configs" / "calibration" / "stylised_facts.yaml")
    looser = config.model_copy(
        update={"abc": config.abc.model_copy(update={"minimum_epsilon": 0.5})}
    )
    (out / MANIFEST).write_text(
        json.dumps(
            {
                "name": "stylised",
                "config_hash": config_hash(config, None),
                "identity": config_identity(config, None),
            }
        )
    )
    team_a, team_b = {"reps": ["a"]}, {"reps": ["b"]}
    for folder_team, other, team, english, german in (
        (None, looser, None, "abc.minimum_epsilon: 0.0, this one 0.5",
         "abc.minimum_epsilon: 0, diese: 0,5"),
        (None, config, team_a, "this one is fitted to a team's file (--team), it was not",
         "diese wird an die Datei eines Teams angepasst (--team), sie wurde es nicht"),
        # an analyst's audit: a rerun without --team was told "the team's data differ"
        (team_a, config, None, "it was fitted to a team's file, this one has no --team",
         "sie wurde an die Datei eines Teams angepasst, diese hat kein --team"),
        (team_a, config, team_b, "the team's data differ",
         "die Daten des Teams unterscheiden sich"),
    ):  # fmt: skip
        (out / MANIFEST).write_text(
            json.dumps(
                {
                    "name": "stylised",
                    "config_hash": config_hash(config, folder_team),
                    "identity": config_identity(config, folder_team),
                }
            )
        )
        with pytest.raises(ConfigError) as held:
            check_folder(out, config_hash(other, team), "other", config_identity(other, team))
        assert str(held.value) == (
            f"--out {out}: holds the calibration 'stylised' of a different configuration "
            f"({english}); choose another folder or remove it"
        )
        assert refusal(str(held.value), "de") == (
            f"--out {out}: enthält die Kalibrierung „stylised“ einer anderen Konfiguration "
            f"({german}); wählen Sie einen anderen Ordner oder entfernen Sie ihn"
        )
    (out / MANIFEST).write_text(
        json.dumps(
            {
                "name": "stylised",
                "config_hash": config_hash(config, None),
                "identity": config_identity(config, None),
            }
        )
    )
    assert not check_folder(
        out, config_hash(config, None), "stylised", config_identity(config, None)
    )
    (out / MANIFEST).rename(out / "notes.txt")
    with pytest.raises(ConfigError) as other:
        check_folder(out, "def456", "other")
    assert refusal(str(other.value), "de") == (
        f"--out {out}: nicht leer und enthält keine Kalibrierung; wählen Sie einen neuen Ordner"
    )
