"""German wording the audit of ``--lang de`` found wanting, one claim per finding.

The sweep report and its analysis.json (German notes of the tests, p-values a reader can read,
singular and plural counts, one word for a seed), the studies ("bester Einsatz", quoted profile
names), ``rapport run`` and ``rapport params`` (German profile names in the notes, "20 Personen
mit je 40 Kunden", units and grouped bounds), the replication and the pattern map. English
output stays as it was, except where a finding asked for English too (plurals, p-values).
"""

from __future__ import annotations

import io
import json
import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

import experiments.stats as stats
from experiments.pattern_texts import TEXTS as PATTERN_TEXTS
from experiments.replicate.texts import TEXTS as REPLICATE_TEXTS
from experiments.report import (
    EFFORT,
    Report,
    inverted_u_section,
    p_cell,
    sobol_caution,
    write_report,
)
from experiments.report_texts import TEXTS as REPORT_TEXTS
from experiments.report_texts import counted
from experiments.report_texts import say as report_say
from experiments.stats import analyse_curve, two_lines_test
from experiments.studies import empathy_text, load_study, team_text
from experiments.study_texts import TEXTS as STUDY_TEXTS
from experiments.study_texts import say as study_say
from frontends.app.i18n import t as app_t
from frontends.classroom.i18n import t as classroom_t
from sim.texts import TEXTS as SHARED_TEXTS
from sim.texts import bound_units, note_text
from tests.helpers import REPO, rapport_for_a_module, rapport_in_process
from tests.test_report import TINY
from tests.test_stats import sweep
from tests.test_sweep_execution import write_config

# --- the sweep report and its analysis.json ---------------------------------------------------

# One replication per effort, and the runs of two plausible worlds of one replication each.
ONE_EACH = {
    **TINY,
    "name": "one-each",
    "sweep": {**TINY["sweep"], "replications": 1},
    "worlds": "prior",
    "worlds_count": 2,
    "worlds_replications": 1,
    "execution": {"workers": 1},
}


@pytest.fixture(scope="module")
def with_foreign_chunk(tmp_path_factory) -> Path:
    """A sweep of ONE_EACH whose results/ also holds a chunk of the same sweep with another
    root seed (another sweep's runs)."""
    folder = tmp_path_factory.mktemp("wording")
    done = rapport_for_a_module(
        "sweep", write_config(folder, ONE_EACH), "--out", folder / "out", "--no-report"
    )
    assert done.returncode == 0, done.stderr
    other = write_config(folder / "other", ONE_EACH, sweep={**ONE_EACH["sweep"], "seed": 4})
    done = rapport_for_a_module("sweep", other, "--out", folder / "other-out", "--no-report")
    assert done.returncode == 0, done.stderr
    chunk = sorted((folder / "other-out" / "results").glob("part-*.parquet"))[0]
    shutil.copy(chunk, folder / "out" / "results" / chunk.name)
    return folder / "out"


def reported(folder: Path, tmp_path: Path, lang: str) -> tuple[str, str, dict]:
    """A copy of ``folder`` reported in ``lang``: the lines printed, the page, analysis.json."""
    copy = shutil.copytree(folder, tmp_path / lang)
    printed = io.StringIO()
    write_report(copy, lang=lang, stream=printed)
    page = (copy / "report.html").read_text(encoding="utf-8").split("<pre>")[0]
    return printed.getvalue(), page, json.loads((copy / "analysis.json").read_text("utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "lang, says",
    [
        (
            "en",
            [
                "30 runs planned (grid design, 1 replication, root seed 3)",
                "worlds: prior, 1 replication each, the same seeds",
                "30 runs left out of the report: they are not runs of config.yaml",
            ],
        ),
        (
            "de",
            [
                "30 Läufe geplant (Raster, 1 Wiederholung, Basis-Zufallsstartwert 3)",
                "(worlds: prior, je 1 Wiederholung, in einer Welt an jedem Punkt dieselben "
                "Zufallsstartwerte)",
                "30 Läufe nicht im Bericht: es sind keine Läufe der config.yaml",
            ],
        ),
    ],
)
def test_the_report_counts_in_singular_and_plural(with_foreign_chunk, tmp_path, lang, says):
    """ "1 Wiederholungen", "Lauf/Läufe", "Wiederholung(en)"; English "run(s)", "1 replications"."""
    printed, page, _ = reported(with_foreign_chunk, tmp_path, lang)
    for said in says:
        assert said in page, (said, page)
    assert says[-1] in printed, printed
    assert not re.search(r"\(s\)|\(en\)|/Läufe|Index/", page + printed)


@pytest.mark.slow
def test_a_german_analysis_json_says_its_texts_in_german(with_foreign_chunk, tmp_path):
    """Its summaries were German, but the tests' notes and why runs were left out English."""
    _, _, german = reported(with_foreign_chunk, tmp_path, "de")
    _, _, english = reported(with_foreign_chunk, tmp_path, "en")
    assert german["left_out"][0]["reason"] == (
        "es sind keine Läufe der config.yaml (die einer anderen Versuchsreihe?)"
    )
    assert english["left_out"][0]["reason"] == "they are not runs of config.yaml (another sweep's?)"
    notes = {
        lang: [
            level["lind_mehlum"]["note"] for level in data["inverted_u"]["relational_performance"]
        ]
        for lang, data in (("en", english), ("de", german))
    }
    shapes = dict(zip(GERMAN_NOTES.values(), GERMAN_NOTES, strict=True))
    assert notes["de"] and [shapes[note] for note in notes["de"]] == notes["en"], notes


# The Lind–Mehlum test's notes: English (as they always were) -> German.
GERMAN_NOTES = {
    "rises at the low end and falls at the high end": "steigt am unteren Ende und fällt am "
    "oberen Ende",
    "U-shaped (falls, then rises) on the range: not an inverted U": "im Bereich U-förmig (fällt, "
    "steigt dann): kein umgekehrtes U",
    "turning point outside range: the curve is monotone on the range": "Scheitelpunkt außerhalb "
    "des Bereichs: Die Kurve ist im Bereich monoton",
}


@pytest.mark.parametrize(
    "curve, english",
    [
        ("inverted_u", "rises at the low end and falls at the high end"),
        ("u", "U-shaped (falls, then rises) on the range: not an inverted U"),
        ("rising_line", "turning point outside range: the curve is monotone on the range"),
    ],
)
def test_the_u_tests_note_is_in_the_analysis_language(curve, english):
    x, y = sweep("inverted_u", 0) if curve == "u" else sweep(curve, 0)
    y = -y if curve == "u" else y
    said = {lang: analyse_curve(x, y, lang=lang).to_dict() for lang in ("en", "de")}
    assert said["en"]["lind_mehlum"]["note"] == english
    assert said["de"]["lind_mehlum"]["note"] == GERMAN_NOTES[english]


def test_the_two_lines_note_is_in_the_analysis_language(monkeypatch):
    """A line without a slope (its segment one x) notes so, in the analysis's language."""
    monkeypatch.setattr(stats, "_line", lambda *args, **kw: stats._NAN_LINE)
    x, y = sweep("inverted_u", 0)
    assert two_lines_test(x, y).note == "a line had one distinct x value: no slope"
    assert two_lines_test(x, y, lang="de").note == (
        "eine der beiden Linien hatte nur einen x-Wert: keine Steigung"
    )


@pytest.mark.parametrize(
    "p, en, de",
    [
        (4.527e-08, "< 0.001", "< 0,001"),
        (0.000999, "< 0.001", "< 0,001"),
        (0.001, "0.001", "0,001"),
        (0.3272, "0.327", "0,327"),
        (0.04996, "0.04996", "0,04996"),  # significant: never "0.050"
        (1.0, "1.000", "1,000"),
    ],
)
def test_a_p_value_in_the_report_table_reads_as_a_reader_expects(p, en, de):
    assert (p_cell(p, 0.05, "en"), p_cell(p, 0.05, "de")) == (en, de)
    assert math.isnan(p_cell(math.nan, 0.05, "de"))


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_inverted_u_table_writes_no_p_value_in_exponent_form(tmp_path, lang):
    """A clear inverted U: its p-values were "4,527e−08" in German, "4.527e-08" in English."""
    x, y = sweep("inverted_u", 0)
    final = pd.DataFrame({EFFORT: x, "relational_performance": y, "replication": 0})
    report = Report(tmp_path, lang)
    inverted_u_section(report, final, "relational_performance", [EFFORT])
    table = next(s for s in report.sections if s.startswith("<table"))
    p_values = re.findall(r"<td>(&lt; 0[.,]001)</td>", table)
    assert len(p_values) >= 2, table  # the two lines' p-values at least
    assert not re.search(r"\de[-−+]\d", table), table
    p = report.analysis["inverted_u"]["relational_performance"][0]["two_lines"]["p1"]
    assert p < 1e-4  # analysis.json keeps the number itself


@pytest.mark.parametrize(
    "odd, en, de",
    [
        (
            1,
            "; 1 first-order index below 0 or above the total index, which only",
            "; 1 Index erster Ordnung liegt unter 0 oder über dem Totaleffekt-Index, was nur "
            "durch Schätzrauschen entsteht",
        ),
        (
            2,
            "; 2 first-order indices below 0 or above the total index, which only",
            "; 2 Indizes erster Ordnung liegen unter 0 oder über dem Totaleffekt-Index, was nur "
            "durch Schätzrauschen entsteht",
        ),
    ],
)
def test_a_sobol_caution_counts_its_odd_indices_in_words(odd, en, de):
    """ "1 Index/Indizes erster Ordnung unter 0 …, was nur Schätzrauschen hervorbringt": a slash
    plural and no verb; English "1 first-order index(es)"."""
    s1 = [1.04, -0.1][:odd] + [0.1] * (2 - odd)
    noisy = {"S1": s1, "ST": [0.84, 0.2], "S1_conf": [0.5, 0.3], "ST_conf": [0.4, 0.2]}
    assert en in sobol_caution(noisy, 8, "en")
    assert de in sobol_caution(noisy, 8, "de")


@pytest.mark.parametrize(
    "n, en, de",
    [
        (1, "1 design point has no results", "1 Punkt des Designs hat keine Ergebnisse"),
        (3, "3 design points have no results", "3 Punkte des Designs haben keine Ergebnisse"),
    ],
)
def test_a_skipped_sensitivity_analysis_counts_its_points_in_words(n, en, de):
    said = {
        lang: report_say("sensitivity.skipped", lang, missing=counted("count.points", n, lang))
        for lang in ("en", "de")
    }
    assert en in said["en"] and de in said["de"], said


def test_the_german_report_says_einsatzstufen_and_indices_for_a_metric():
    """ "3 verschiedene Einsätze", "Morris-Indizes von Beziehungsqualität im Teammittel"."""
    german = REPORT_TEXTS["de"]
    assert "{count} verschiedene Einsatzstufen" in german["not_tested"]
    assert german["caption.sensitivity"] == "{method}-Indizes für {metric}, nach Größe geordnet"


# --- the studies -------------------------------------------------------------------------------

# A team whose two profiles set their own empathy (as tests/test_studies.py's EMPATHY_TEAM).
PROFILES = (
    "reps:\n  profiles:\n"
    "    - {name: hard worker, share: 0.5, perception: 0.1, regulation: 0.1}\n"
    "    - {name: smart worker, share: 0.5, perception: 0.9}\n"
)


def bare_seeds(texts: dict[str, str]) -> list[str]:
    """The texts that call a seed "Startwert" rather than "Zufallsstartwert"."""
    return [key for key, text in texts.items() if re.search(r"(?<!Zufalls)startwert", text, re.I)]


def test_the_german_studies_call_the_peak_bester_einsatz():
    """The studies said "Sweet Spot" where the app and the other answers say "bester Einsatz"."""
    german = STUDY_TEXTS["de"]
    assert [key for key, text in german.items() if "Sweet" in text] == []
    for study in ("customer_mix", "portfolio_size"):
        assert "verschiebt" in german[f"{study}.question"]
        assert "sich der beste Einsatz" in german[f"{study}.question"]
    assert german["legend.sweet_spot"] == "bester Einsatz"
    assert german["worlds.what.effort_sweet_spot"] == "der beste Einsatz"
    assert german["effort_sweet_spot.assume.spot"].startswith(
        "Der beste Einsatz ist der mit der höchsten mittleren Beziehungsqualität im Raster"
    )


def test_a_team_of_profiles_names_them_quoted_and_reads_on(tmp_path):
    """ "Ein Team aus 50 % Hart arbeitend (…) und 50 % Klug arbeitend (…)": the names stood
    undeclined after "aus". Quoted, after "zu 50 %", the aside closes with a comma before the
    sentence goes on, and a plain team takes none."""
    (tmp_path / "team.yaml").write_text(PROFILES)
    reps = load_study("effort_sweet_spot", scenario=str(tmp_path / "team.yaml")).base.reps
    team = team_text(reps, "de")
    assert team == (
        "ein Team, zu 50\u00a0% „Hart arbeitend“ (Wahrnehmung 0,1, Regulation 0,1) und zu "
        "50\u00a0% „Klug arbeitend“ (Wahrnehmung 0,9, Regulation 0,5),"
    )
    head = {"scenario": "Standardszenario", "best": "30 h", "clauses": "x", "Clauses": "X"}
    assert study_say("leading_indicator.head", "de", team=team, **head) == (
        f"Für {team} liegt der beste Einsatz bei 30\u00a0h (Standardszenario): X"
    )
    plain = study_say("leading_indicator.team", "de")
    assert study_say("leading_indicator.head", "de", team=plain, **head) == (
        "Für ein Team mit niedriger Empathie liegt der beste Einsatz bei 30\u00a0h "
        "(Standardszenario): X"
    )
    assert empathy_text(reps, "de") == (
        "50\u00a0% „Hart arbeitend“: Wahrnehmung 0,1, Regulation 0,1; 50\u00a0% „Klug arbeitend“: "
        "Wahrnehmung 0,9, Regulation 0,5"
    )
    assert team_text(reps, "en").startswith("a team of 50% hard worker (perception 0.1")


def test_the_german_studies_use_one_word_for_each_thing():
    """A seed is a "Zufallsstartwert", a prior "log-gleichverteilt", churn "verlorene Kunden"
    (not "Abwanderung"), the coaching study's programme "Empathie-Coaching" throughout (not
    "Empathietraining", "Empathieprogramm" and "Programm")."""
    german = STUDY_TEXTS["de"]
    assert bare_seeds(german) == []
    assert [key for key, text in german.items() if "log-uniform" in text] == []
    assert "log-gleichverteilten Parametern" in german["worlds.assume"]
    assert [key for key, text in german.items() if "Abwanderung" in text] == []
    assert "Beziehungsqualität, verlorene Kunden und Umsatz" in german["hiring.question"]
    coaching = {k: t for k, t in german.items() if k.startswith("coaching.")}
    assert [k for k, t in coaching.items() if re.search("Programm|Empathietraining", t)] == []
    assert "Empathie-Coaching" in german["coaching.question"]
    assert "Empathie-Coaching" in german["coaching.answer"]


def test_an_open_pressure_verdict_does_not_say_open_twice():
    """ "Die Antwort ist also offen: … ob das Team … verschont bleibt, ist offen"."""
    verdict = STUDY_TEXTS["de"]["pressure.verdict.open"]
    assert verdict == " Die Antwort ist also nicht eindeutig: {Clauses}."


# --- rapport run and rapport params ------------------------------------------------------------


@pytest.mark.parametrize(
    "reps, en, de",
    [
        (
            1,
            "Scenario default: 1 rep × 5 customers, 2 weeks, seed 42",
            "Szenario default: 1 Person mit 5 Kunden, 2 Wochen, Zufallsstartwert 42",
        ),
        (
            2,
            "Scenario default: 2 reps × 5 customers, 2 weeks, seed 42",
            "Szenario default: 2 Personen mit je 5 Kunden, 2 Wochen, Zufallsstartwert 42",
        ),
    ],
)
def test_the_run_header_says_customers_per_rep(tmp_path, monkeypatch, capsys, reps, en, de):
    """ "20 Personen × 40 Kunden" read as 20 people facing 40 customers in all."""
    said = {}
    for lang in ("en", "de"):
        done = rapport_in_process(
            monkeypatch, capsys, "run", "--weeks", "2", "--set", f"reps.count={reps}",
            "--set", "customers.per_rep=5", "--out", tmp_path / lang, "--lang", lang,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        said[lang] = done.stdout
    assert said["en"].startswith(en + "\n") and said["de"].startswith(de + "\n"), said
    assert said["de"].rstrip().endswith(f"in {tmp_path / 'de'}/ gespeichert"), said["de"]


MIXED = REPO / "configs" / "scenarios" / "mixed_team.yaml"  # hard worker and smart worker


def test_the_notes_of_a_german_run_name_the_profiles_in_german(tmp_path, monkeypatch, capsys):
    """``rapport run --lang de`` said "hard worker 60; smart worker 60" where ``rapport sweep
    --lang de`` says "Hart arbeitend 0,35; Klug arbeitend 0,65"."""
    done = rapport_in_process(
        monkeypatch, capsys, "run", MIXED, "--set", "reps.effort_hours=10", "--set",
        "reps.count=1", "--weeks", "2", "--out", tmp_path / "de", "--lang", "de",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "Hinweis: reps.effort_hours = 10 wirkt nur, wenn ein Profil effort_hours offenlässt "
        "(jedes Profil setzt einen eigenen Wert: Hart arbeitend 60; Klug arbeitend 60).",
        "Hinweis: reps.profiles.1 (Klug arbeitend): ein Team von 1 hat keine Person dieses "
        "Profils.",
    ]
    english = "(every profile sets its own: hard worker 0.35, smart worker 0.65)"
    note = f"reps.regulation = 0.5 has no effect unless a profile leaves out regulation {english}"
    assert note_text(note, "en") == note
    assert note_text(note, "de").endswith(
        "(jedes Profil setzt einen eigenen Wert: Hart arbeitend 0,35; Klug arbeitend 0,65)"
    )


def test_the_shared_german_texts_call_a_seed_zufallsstartwert():
    """The app's and the figures' options chart said "dieselben Startwerte"."""
    assert bare_seeds(SHARED_TEXTS["de"]) == []
    assert SHARED_TEXTS["de"]["chart.options"].endswith("dieselben Zufallsstartwerte)")


def params_lines(monkeypatch, capsys, *args: str) -> dict[str, str]:
    """``rapport params ARGS``: each parameter's first line (table) or row (markdown)."""
    done = rapport_in_process(monkeypatch, capsys, "params", *args)
    assert done.returncode == 0, done.stderr
    lines = {}
    for line in done.stdout.splitlines():
        name = line.removeprefix("| `").split("`")[0].split()[0] if line.strip() else ""
        if "." in name and not line.startswith(" "):
            lines[name] = line
    return lines


def test_german_params_group_thousands_and_name_units_that_read_right(monkeypatch, capsys):
    """ "≤ 100000", "10 Woche" after a week's number, and call-equivalent weights in "Anrufe";
    the English list stays as it was."""
    german = params_lines(monkeypatch, capsys, "--lang", "de")
    assert german["reps.count"].endswith("20 Personen  [≥ 1, ≤ 100.000]")
    assert german["simulation.seed"].endswith("[≥ 0, ≤ 9.223.372.036.854.775.807]")
    assert " Woche 10  [≥ 0, ≤ 520]" in german["coaching.start_week"]
    assert " Woche 0  [≥ 0, ≤ 520]" in german["hiring.week"]
    assert " 1 Anrufäquivalent  [" in german["channels.visit_weight"]
    assert " 0,85 Anrufäquivalente  [" in german["channels.email_weight"]
    table = params_lines(monkeypatch, capsys, "--lang", "de", "--format", "markdown")
    assert "| ≥ 1, ≤ 100.000 | Personen |" in table["reps.count"]
    assert "| 10 | ≥ 0, ≤ 520 | Wochennummer |" in table["coaching.start_week"]
    assert "| Anrufäquivalente |" in table["channels.email_weight"]
    english = params_lines(monkeypatch, capsys)
    assert english["reps.count"].endswith("20 reps  [≥ 1, ≤ 100000]")
    assert english["coaching.start_week"].split()[1:4] == ["10", "week", "[≥"]
    assert " 1 calls  [" in english["channels.visit_weight"]


# --- the replication and the pattern map -------------------------------------------------------


def test_the_german_replication_says_gesamtmuster_and_saves_in_a_folder():
    """ "Konjunktion" (grammar jargon for "both together"), the column "Rel. Urteil", "nach
    runs/x/ geschrieben" and "Basis-Startwert"."""
    german = REPLICATE_TEXTS["de"]
    assert [key for key, text in german.items() if "Konjunktion" in text] == []
    assert german["finding.conjunction"] == (
        "Gesamtmuster: umgekehrtes U bei niedriger EI und keines bei hoher EI"
    )
    assert german["multiverse.rating_reliability"] == "Reliabilität des Urteils"
    wrote = {key: text for key, text in german.items() if key.startswith("wrote.")}
    assert [key for key, text in wrote.items() if "nach {" in text or "geschrieben" in text] == []
    assert wrote["wrote.one"].endswith("in {out}/ gespeichert")
    assert bare_seeds(german) == []
    assert "Basis-Zufallsstartwert {seed}" in german["power.design"]


def test_the_german_pattern_map_reads_as_german():
    """ "fällt um ≥ den geforderten Anteil von der Spitze", "je 2 Zufallsstartwerten" without
    "mit", "gilt an 16 gegen 16 von 16 Punkten"."""
    german = PATTERN_TEXTS["de"]
    assert german["criterion.low_falls"] == (
        "niedrige EI: fällt um mindestens den geforderten Anteil unter den Höchstwert"
    )
    assert "≥" not in german["criterion.high_keeps"]
    assert "(sim/priors.py), mit je {replications} {seeds};" in german["intro"]
    assert german["printed.pair"].startswith(
        "  {horizon} Wochen, {part}: gilt hier an {first}, dort an {second} von {points} Punkten;"
    )


def test_the_app_and_the_classroom_call_a_seed_zufallsstartwert():
    """The app's Compare and Side by side notes and the classroom's room form said "Startwert(e)"
    where every command says "Zufallsstartwert(e)"."""
    from frontends.app.i18n import TEXTS as APP_TEXTS
    from frontends.classroom.i18n import TEXTS as CLASSROOM_TEXTS

    assert bare_seeds(APP_TEXTS["de"]) == []
    assert bare_seeds(CLASSROOM_TEXTS["de"]) == []


def test_german_names_the_rep_profiles_gender_neutrally():
    """The profiles were "Harter Arbeiter", "Kluger Arbeiter" and "Maßvoller Arbeiter" (and the
    takeaway compared with "dem Plan des Maßvollen Arbeiters"), generic masculines where the
    project writes "Personen" and "Teilnehmende". One name each, the same on the page, in the
    figures, the studies and the schema's help."""
    from frontends.app.i18n import TEXTS as APP_TEXTS
    from frontends.classroom.i18n import TEXTS as CLASSROOM_TEXTS
    from sim.params import Profile
    from sim.texts import profile_name

    presets = ("hard_worker", "smart_worker", "balanced_worker")
    names = [APP_TEXTS["de"][f"preset.{preset}"] for preset in presets]
    assert names == ["Hart arbeitend", "Klug arbeitend", "Maßvoll arbeitend"]
    assert [profile_name(name, "de") for name in ("hard worker", "smart worker")] == names[:2]
    for key in ("takeaway.balanced", "takeaway.balanced.pressure"):
        assert APP_TEXTS["de"][key].startswith(f"Gegenüber dem Plan „{names[2]}“ (")
    assert f"„{names[0]}“" in Profile.model_fields["name"].json_schema_extra["description_de"]
    for table in (APP_TEXTS, CLASSROOM_TEXTS, SHARED_TEXTS, STUDY_TEXTS, REPORT_TEXTS):
        assert "Arbeiter" not in " ".join(table["de"].values())


def test_a_german_number_keeps_its_unit_on_its_line():
    """A German review: plain spaces between numbers and units ("90 %", "40 h pro Woche",
    "+47,7 k€"), so that on a projector a line ended with "60" and the next began with
    "h/Woche". Every German text now joins them with a no-break space; English texts and
    numbers before words that are no unit are left as they are."""
    nb = "\u00a0"
    said = bound_units("bei 30 h pro Woche, 90 % von 32, +1,2 k€, 2,51 Mio. €, 6 € je h", "de")
    assert said == (
        f"bei 30{nb}h pro Woche, 90{nb}% von 32, +1,2{nb}k€, 2,51{nb}Mio. €, 6{nb}€ je h"
    )
    assert (
        bound_units("Woche 3, 3 Kunden, 3 heiße Spuren", "de")
        == "Woche 3, 3 Kunden, 3 heiße Spuren"
    )
    assert bound_units("30 h a week, 90 % of them", "en") == "30 h a week, 90 % of them"
    # where the texts are said: the app, the classroom, the studies
    assert f"45{nb}h/Woche" in app_t("week.pressure", "de", hours="45")
    assert study_say("percent", "de", n="50") == f"50{nb}%"
    assert f"20{nb}h" in classroom_t("me.sent", "de", contact="20", value="5", prospecting="5")
