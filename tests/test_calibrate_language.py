"""The calibration in German: the same posterior and numbers, in a German reader's words and
notation, and asking again in the other language fits nothing again."""

from __future__ import annotations

import contextlib
import dataclasses
import html
import io
import json
import re
import shutil
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
import yaml

from experiments.calibrate import abc as abc_module
from experiments.calibrate.config import Target
from experiments.calibrate.report import generations_figure, marginals_figure, predictive_figure
from experiments.calibrate.team import read_team, team_targets
from experiments.calibrate.texts import TEXTS, evidence, say
from sim.params import PARAMS
from tests.helpers import REPO, assert_same_placeholders, rapport_in_process

EXAMPLE_TEAM = REPO / "configs" / "calibration" / "example_team.csv"
PARAMETERS = ["dynamics.churn_hazard", "customers.tolerance", "customers.need", "dynamics.decay"]
# What the run itself records: how long it took, where it continued from and which machines
# fitted in it, not the calibration
RUN_RECORD = ("wall_seconds_this_run", "resumed_from_generation", "machines_this_run")


def test_every_calibration_text_has_a_german_text_with_the_same_placeholders():
    assert_same_placeholders(TEXTS)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "de",
            "team.csv: Zeile 1, unbekannte Spalte „Laune“; erlaubt: Person, Woche, "
            "Verlorene Kunden, Stunden, Kontakte, Kunden, EI, Bewertung, NPS (oder englisch: rep,",
        ),
        ("en", "team.csv: row 1, unknown column 'Laune'; allowed: rep, week,"),
    ],
)
def test_a_bad_team_file_is_refused_in_the_command_s_language(
    monkeypatch, capsys, tmp_path, lang, said
):
    """``rapport calibrate --team --lang de`` said "Fehler:" and then the reader's English."""
    team = tmp_path / "team.csv"
    team.write_text("Person;Woche;Laune\n", encoding="utf-8")
    args = ("calibrate", "--team", team, "--out", tmp_path / "out", "--lang", lang)
    done = rapport_in_process(monkeypatch, capsys, *args)
    assert done.returncode == 2 and said in done.stderr and "Traceback" not in done.stderr
    # the file as the user typed its path (an audit: only its name was given)
    prefix = "Fehler" if lang == "de" else "error"
    assert done.stderr.startswith(f"rapport: {prefix}: --team {team}: "), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "target",
    [
        Target(statistic="annual_churn", kind="between", low=0.05, high=0.3, scale=0.05,
               source="s", reason="r"),
        Target(statistic="low_ei_curvature_t", kind="at_most", observed=-1.96, scale=1.0,
               source="s", reason="r"),
        Target(statistic="high_ei_slope_t", kind="at_least", observed=0.0, scale=1.0,
               source="s", reason="r"),
        Target(statistic="ideal_contacts_per_quarter", observed=3.0, scale=1.5, source="s",
               reason="r"),
    ],
)  # fmt: skip
def test_a_target_s_evidence_reads_in_english_as_the_data_files_write_it(target):
    assert evidence(target) == target.text()
    german = evidence(target, "de")
    assert "scale" not in german and "Skala" in german and not re.search(r"\d\.\d", german)


def test_a_team_s_measured_target_is_shown_to_four_digits_not_six():
    """A team's losses per rep-week read "Befund 0,208333 (Skala 0,0537914)"."""
    target = Target(statistic="team_lost_per_rep_week", observed=5 / 24, scale=0.0537914,
                    source="s", reason="r")  # fmt: skip
    assert evidence(target) == target.text() == "0.2083 (scale 0.05379)"
    assert evidence(target, "de") == "0,2083 (Skala 0,05379)"


@pytest.mark.parametrize(
    "lang, one, many",
    [
        ("en", ": 1 customer lost in ", " customers lost in "),
        ("de", ": 1 verlorener Kunde in ", " verlorene Kunden in "),
    ],
)
def test_a_team_that_lost_one_customer_is_told_in_the_singular(lang, one, many):
    """A team file with a single loss was a target "from 1 customers lost" ("1 verlorene
    Kunden")."""
    team = read_team(EXAMPLE_TEAM)
    assert many in team_targets(team, lang)["team_churn"].source
    lost = np.where(np.isnan(team.lost), np.nan, 0.0)
    week, rep = np.argwhere(~np.isnan(lost))[0]  # a week the file has a row of the rep
    lost[week, rep] = 1.0
    single = dataclasses.replace(team, lost=lost)
    assert one in team_targets(single, lang)["team_churn"].source


def english_fragments() -> list[str]:
    """The English page's own words: every literal piece of the calibration's English texts
    that says something and that no German text says as well (names of statistics, columns
    and settings, which both pages keep, are no words)."""
    german = " ".join(TEXTS["de"].values())
    pieces = {
        piece.strip(" ;:,.()|")
        for text in TEXTS["en"].values()
        for literal, _, _, _ in string.Formatter().parse(text)
        for piece in re.split(r"[(){}]", literal)
    }
    return sorted(
        p
        for p in pieces
        if len(p) >= 6
        and re.search(r"[a-z]{3}", p)
        and p not in german
        and not re.fullmatch(r"[\w.]*[_.][\w.]*", p)
    )


@dataclass
class Answers:
    """A team's tiny calibration answered in English, and a copy answered again in German."""

    english: Path
    german: Path
    printed: dict[str, str] = field(default_factory=dict)
    simulated: dict[str, int] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    targets: dict[str, Any] = field(default_factory=dict)


@pytest.fixture(scope="module")
def answers(tmp_path_factory) -> Answers:
    """``rapport calibrate --team`` in English (4 particles, one generation, 4 predictive
    draws: seconds), then the same command with ``--lang de`` on a copy of its folder, counting
    the simulations each fit runs."""
    folder = tmp_path_factory.mktemp("calibrate")
    data = yaml.safe_load((REPO / "configs/calibration/stylised_facts.yaml").read_text())
    data.update(
        name="tiny",
        parameters=PARAMETERS,
        study={"reps": 20},
        abc={"population": 4, "generations": 1, "predictive_draws": 4},
    )
    config = folder / "tiny.yaml"
    config.write_text(yaml.safe_dump(data), encoding="utf-8")
    found = Answers(english=folder / "en", german=folder / "de")
    # the file's own sources and reasons (the German page shows their German versions)
    found.sources = [
        html.escape(t[k], quote=False)
        for t in data["targets"].values()
        for k in ("source", "reason", "source_de", "reason_de")
        if t.get(k)
    ]
    found.targets = data["targets"]
    fitted = abc_module.Problem.__call__
    with pytest.MonkeyPatch.context() as patch:
        for lang, out in (("en", found.english), ("de", found.german)):
            if lang == "de":
                shutil.copytree(found.english, out)
            calls = [0]

            def counted(self, params, calls=calls):
                calls[0] += 1
                return fitted(self, params)

            patch.setattr(abc_module.Problem, "__call__", counted)
            args = ["calibrate", config, "--team", EXAMPLE_TEAM, "--out", out, "--workers", "1"]
            printed = Printed()  # what capsys gives a test (capsys is per test)
            done = rapport_in_process(patch, printed, *args, "--quiet", "--lang", lang)
            assert done.returncode == 0, done.stderr
            found.printed[lang] = done.stdout
            found.simulated[lang] = calls[0]
    return found


class Printed:
    """What a command prints from now until ``readouterr`` (as ``capsys`` reads it)."""

    def __init__(self) -> None:
        self.out, self.err = io.StringIO(), io.StringIO()
        self.redirect = contextlib.ExitStack()
        self.redirect.enter_context(contextlib.redirect_stdout(self.out))
        self.redirect.enter_context(contextlib.redirect_stderr(self.err))

    def readouterr(self) -> tuple[str, str]:
        self.redirect.close()
        return self.out.getvalue(), self.err.getvalue()


def page_text(path: Path, leave_out: list[str] = ()) -> str:
    """A page as people read it: without its style sheet, images and ``leave_out`` texts (the
    calibration file's own), its entities read."""
    page = re.sub(r"<style>.*?</style>|<img[^>]*>", "", path.read_text(encoding="utf-8"))
    for text in leave_out:
        page = page.replace(text, "")
    return html.unescape(page)


def test_the_german_page_says_none_of_the_english_page_s_words(answers):
    fragments = english_fragments()
    english = page_text(answers.english / "calibration.html", answers.sources)
    german = page_text(answers.german / "calibration.html", answers.sources)
    said = [f for f in fragments if f in english]
    assert len(said) >= 10, said  # the list is the English page's: it means something
    assert [f for f in fragments if f in german] == []
    # no decimal points, only commas; in the page's words, not the folders its command line
    # names (a checkout at /tmp/ci5.0MG8 put "5.0" there)
    assert not re.search(r"\d\.\d", german.replace(str(REPO), ""))
    assert german.startswith("<!doctype html><html lang=de>")
    assert "<h1>Kalibrierung: tiny</h1>" in german
    # parameters by the app's German names, beside the dotted names analysts use
    for name in PARAMETERS:
        assert f"<td>{PARAMS[name].label_de} ({name})</td>" in german
    assert "<td>Teamdatei example_team.csv: " in german  # the team's targets in German too
    assert f"--out {answers.german} --team {EXAMPLE_TEAM} --lang de</code>" in german


NUMBER = r"(?:(?<!\d)[-−])?\d+(?:{mark}\d+)?(?:e[-−+]\d+)?"


def numbers(text: str, mark: str) -> list[str]:
    """Every number of a page as written, read back with a decimal point and a hyphen (a
    hyphen between digits, "0-1", is a range, not a minus)."""
    found = re.findall(NUMBER.format(mark=re.escape(mark)), text)
    return [n.replace("−", "-").replace(mark, ".") for n in found]


def test_the_german_page_s_numbers_are_the_english_ones_with_decimal_commas(answers):
    # (the file's sources and reasons are the same text on both pages, with decimal points)
    english, german = (
        page_text(folder / "calibration.html", [*answers.sources, str(folder), str(REPO)])
        for folder in (answers.english, answers.german)
    )
    english_numbers, german_numbers = numbers(english, "."), numbers(german, ",")
    assert len(english_numbers) > 100
    assert german_numbers == english_numbers
    assert any("." in n for n in german_numbers)  # some had a decimal comma


def test_the_data_files_are_the_same_in_either_language(answers):
    for name in ("posterior.parquet", "abc.db"):
        assert (answers.german / name).read_bytes() == (answers.english / name).read_bytes()
    team = [
        (folder / "team.yaml").read_text(encoding="utf-8").replace(str(folder), "DIR")
        for folder in (answers.english, answers.german)
    ]
    assert team[0] == team[1]
    english, german = (
        json.loads((folder / "calibration.json").read_text(encoding="utf-8"))
        for folder in (answers.english, answers.german)
    )
    for record in (english, german):
        for key in RUN_RECORD:
            del record[key]
    assert german == {**english, "command": english["command"].replace("/en ", "/de ")}
    assert "--lang" not in german["command"]


def test_asking_again_in_german_fits_nothing(answers):
    assert answers.simulated["en"] > 4  # the English answer did fit its posterior
    assert answers.simulated["de"] == 0
    assert "1 Generation (0 davon jetzt gelaufen, " in answers.printed["de"]


def test_the_command_prints_its_results_in_german(answers):
    printed = answers.printed["de"]
    fragments = english_fragments()
    assert [f for f in fragments if f in answers.printed["en"]]
    assert [f for f in fragments if f in printed] == []
    lines = printed.splitlines()
    assert re.fullmatch(
        r"Kalibrierung „tiny“: 1 Generation \(0 davon jetzt gelaufen, \d+ s\); letztes Epsilon "
        r"\d+(,\d+)?, Akzeptanzrate \d+\s%\.",
        lines[0],
    )
    checks = [line for line in lines if line.startswith("  ")]
    assert len(checks) == 7 and all(re.search(r"\b\d+\s% der prädiktiven", c) for c in checks)
    assert any("innerhalb einer Skala um den Befund" in c for c in checks)  # a value target
    assert "  low_ei_inverted_u: Befund ≤ −1,96 (Skala 1) in " in printed
    assert lines[-2:] == [
        f"Szenario Ihres Teams: {answers.german / 'team.yaml'}",
        f"Antwort für Ihr Team: rapport study effort_sweet_spot --calibration {answers.german} "
        "--lang de",
    ]


GENERATIONS = {"generation": [1, 2], "epsilon": [2.5, 1.25], "acceptance": [0.5, 0.25]}


def test_the_german_figures_name_parameters_axes_and_statistics_in_german():
    names = ("dynamics.decay", "customers.need")
    posterior = pd.DataFrame({names[0]: [0.02, 0.03], names[1]: [0.15, 0.25], "weight": 0.5})
    drawn = {}
    for lang in ("en", "de"):
        figures = [
            marginals_figure(posterior, names, lang),
            generations_figure(pd.DataFrame(GENERATIONS), lang),
            predictive_figure(
                np.array([0.1, 0.2, 0.35]),
                Target(statistic="annual_churn", kind="between", low=0.05, high=0.3, scale=0.05,
                       source="s", reason="r"),
                "b2b_churn",
                lang,
            ),
        ]  # fmt: skip
        try:
            for fig in figures:
                fig.canvas.draw()
            marginals, generations, check = (fig.axes for fig in figures)
            drawn[lang] = {
                "suptitle": figures[0].get_suptitle(),
                "titles": [ax.get_title() for ax in marginals if ax.get_visible()],
                "ticks": [t.get_text() for t in marginals[0].get_xticklabels() if t.get_text()],
                "labels": [generations[0].get_xlabel(), generations[0].get_ylabel(),
                           generations[1].get_ylabel()],
                "check": [check[0].get_title(), check[0].get_xlabel(), check[0].get_ylabel()],
                "y_ticks": [t.get_text() for t in check[0].get_yticklabels() if t.get_text()],
            }  # fmt: skip
        finally:
            for fig in figures:
                plt.close(fig)
    english, german = drawn["en"], drawn["de"]
    assert english["titles"] == list(names)  # as it always was
    assert german["titles"] == ["Verfall\ndynamics.decay", "Erwünschte Kontaktrate\ncustomers.need"]
    assert (english["ticks"][0], german["ticks"][0]) == ("0.01", "0,01")
    assert german["labels"] == ["Generation", "Epsilon (Akzeptanzschwelle)", "Akzeptanzrate"]
    assert german["check"] == [
        "b2b_churn: Kundenverlust pro Jahr",
        "Kundenverlust pro Jahr",
        say("figure.draws", "de"),
    ]
    assert english["check"] == ["b2b_churn: annual_churn", "annual_churn", "draws"]
    assert ("0.2" in english["y_ticks"], "0,2" in german["y_ticks"]) == (True, True)
    said = " ".join([german["suptitle"], *german["titles"], *german["labels"], *german["check"]])
    assert english["suptitle"] != german["suptitle"]
    assert [f for f in english_fragments() if f in said] == []


def test_the_german_page_gives_the_file_s_german_sources_and_reasons(answers):
    """The shipped targets' sources and reasons were English on the German page."""
    english, german = (
        html.unescape((folder / "calibration.html").read_text(encoding="utf-8"))
        for folder in (answers.english, answers.german)
    )
    assert all(t.get("source_de") and t.get("reason_de") for t in answers.targets.values())
    for target in answers.targets.values():
        for words in ("source", "reason"):
            assert " ".join(target[f"{words}_de"].split()) in german
            assert " ".join(target[words].split()) not in german
            assert " ".join(target[words].split()) in english
