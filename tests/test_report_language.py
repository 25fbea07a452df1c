"""The sweep report in German: the same numbers, in a German analyst's words and notation."""

from __future__ import annotations

import io
import json
import re
import shutil
import string
from pathlib import Path
from typing import Any

import pytest

from experiments.report import Report, sobol_caution, write_report
from experiments.report_texts import TEXTS
from experiments.stats import analyse_curve
from sim.texts import COLUMNS_DE, INTERVAL_DE
from sim.texts import TEXTS as SHARED_TEXTS
from tests.helpers import assert_same_placeholders, rapport_for_a_module, rapport_in_process
from tests.test_report import TINY
from tests.test_stats import sweep
from tests.test_sweep_execution import write_config

# 5 efforts x 2 empathy levels x 3 replications: an inverted-U section with its table.
GRID = {
    **TINY,
    "name": "german",
    "description": "A small grid over effort and empathy.",
    "description_de": "Ein kleines Raster über Einsatz und Empathie.",
    "sweep": {**TINY["sweep"], "replications": 3},
    "execution": {"workers": 1},
}


def test_every_report_text_has_a_german_text_with_the_same_placeholders():
    assert_same_placeholders(TEXTS)


def test_german_report_texts_call_a_95_percent_interval_by_one_name():
    german = " ".join(TEXTS["de"].values())
    assert "95 % CI" not in german and "KI" not in re.findall(r"\w+", german)
    assert set(re.findall(r"95-%-\w+", german)) <= {INTERVAL_DE, "95-%-Band"}


def english_fragments() -> list[str]:
    """The English report's own words: every literal piece of its texts (and of the shared
    figure texts it uses) that says something and that no German text says as well."""
    german = " ".join([*TEXTS["de"].values(), *SHARED_TEXTS["de"].values()])
    english = [*TEXTS["en"].values(), SHARED_TEXTS["en"]["compare.band"]]
    pieces = {
        piece.strip(" ;:,.()")
        for text in english
        for literal, _, _, _ in string.Formatter().parse(text)
        for piece in re.split(r"[(){}]", literal)
    }
    return sorted(
        p for p in pieces if len(p) >= 6 and re.search(r"[a-z]{3}", p) and p not in german
    )


def page_text(folder: Path) -> str:
    """The report page as people read it: without its style sheet, its images and the config
    and manifest it quotes for machines."""
    page = (folder / "report.html").read_text(encoding="utf-8")
    page = re.sub(r"<style>.*?</style>", "", page.split("<pre>")[0])
    return re.sub(r"data:image/png;base64,[^\"']+", "", page)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> tuple[Path, Path]:
    """The grid swept by ``rapport sweep --lang de`` (its German report), and a copy of the
    folder reported in English."""
    folder = tmp_path_factory.mktemp("german")
    done = rapport_for_a_module(
        "sweep", write_config(folder, GRID), "--out", folder / "de", "--lang", "de"
    )
    assert done.returncode == 0, done.stderr
    shutil.copytree(folder / "de", folder / "en")
    write_report(folder / "en", stream=io.StringIO())
    return folder / "de", folder / "en"


@pytest.mark.slow
def test_rapport_sweep_lang_de_writes_a_german_report(reports):
    german, _ = reports
    page = page_text(german)
    assert page.startswith("<!doctype html><html lang=de><meta charset=utf-8>")
    assert "<h1>Bericht der Versuchsreihe: german</h1>" in page
    for key in ("heading.metrics", "heading.heatmap", "heading.inverted_u", "heading.reproduce"):
        assert f"<h2>{TEXTS['de'][key]}</h2>" in page
    assert "Wahrnehmung (Empathie) 0,2:</b> " in page and TEXTS["de"]["verdicts"] in page
    assert "Basis-Zufallsstartwert 3" in page and "Einsatz × Wahrnehmung (Empathie)" in page
    assert json.loads((german / "analysis.json").read_text(encoding="utf-8"))["lang"] == "de"


@pytest.mark.slow
def test_each_report_shows_the_file_s_description_in_its_language(reports):
    german, english = reports
    assert f"<p>{GRID['description_de']}</p>" in page_text(german)
    assert GRID["description"] not in page_text(german)
    assert f"<p>{GRID['description']}</p>" in page_text(english)
    assert GRID["description_de"] not in page_text(english)


@pytest.mark.slow
def test_the_german_report_says_none_of_the_english_reports_words(reports):
    german, english = reports
    fragments = english_fragments()
    said = [f for f in fragments if f in page_text(english)]
    assert len(said) >= 15, said  # the list is the English report's: the check means something
    assert [f for f in fragments if f in page_text(german)] == []
    assert not re.search(r"\d\.\d", page_text(german))  # no decimal points, only commas


NUMBER_EN = r"-?\d+(?:\.\d+)?(?:e[-+]\d+)?"
NUMBER_DE = r"−?\d+(?:,\d+)?(?:e[−+]\d+)?"


def numbers(html: str, pattern: str) -> list[list[str]]:
    """The numbers of every table cell and every verdict on the inverted U, as written."""
    parts = re.findall(r"<td>(.*?)</td>", html) + re.findall(r"<p><b>(.*?)</p>", html)
    return [re.findall(pattern, part) for part in parts]


@pytest.mark.slow
def test_the_german_reports_numbers_are_the_english_ones_with_decimal_commas(reports):
    german, english = reports
    in_english = numbers(page_text(english), NUMBER_EN)
    in_german = numbers(page_text(german), NUMBER_DE)
    assert sum(map(len, in_english)) > 40
    read = [[n.replace("−", "-").replace(",", ".") for n in cell] for cell in in_german]
    assert read == in_english
    assert any("," in n for cell in in_german for n in cell)
    en, de = (json.loads((f / "analysis.json").read_text(encoding="utf-8")) for f in reports[::-1])
    for a, b in zip(en["inverted_u"]["relational_performance"], de["inverted_u"][
        "relational_performance"], strict=True):  # fmt: skip
        assert a["turning_point"] == b["turning_point"] and a["relative_fall"] == b["relative_fall"]


def captured_figures(monkeypatch) -> dict[str, dict[str, Any]]:
    """What each figure of a report says: axis labels, legend entries, a y tick's number."""
    drawn: dict[str, dict[str, Any]] = {}
    figure = Report.figure

    def keep(self, fig, name, caption):
        figure(self, fig, name, caption)  # sets the decimal mark of the ticks
        ax = fig.axes[0]
        legend = ax.get_legend()
        drawn[name] = {
            "x": ax.get_xlabel(),
            "y": ax.get_ylabel(),
            "legend": [t.get_text() for t in legend.get_texts()] if legend else [],
            "tick": ax.yaxis.get_major_formatter()(0.25, 0),
            "colorbar": fig.axes[1].get_ylabel() if len(fig.axes) > 1 else None,
        }

    monkeypatch.setattr(Report, "figure", keep)
    return drawn


@pytest.mark.slow
def test_german_figures_name_axes_and_lines_as_the_app_does(reports, tmp_path, monkeypatch):
    folder = shutil.copytree(reports[1], tmp_path / "again")
    drawn = captured_figures(monkeypatch)
    write_report(folder, lang="de", stream=io.StringIO())
    lines = drawn["relational_performance-vs-effort_hours"]
    assert (lines["x"], lines["y"]) == ("Einsatz (h/Woche)", COLUMNS_DE["relational_performance"])
    assert lines["legend"] == ["Wahrnehmung (Empathie) 0,2", "Wahrnehmung (Empathie) 0,8"]
    assert lines["tick"] == "0,25"
    assert drawn["revenue-vs-effort_hours"]["y"] == "Umsatz (k€/Woche)"
    assert drawn["relational_performance-over-time"]["x"] == "Woche"
    assert drawn["heatmap-revenue"]["colorbar"] == "Umsatz (k€/Woche)"


@pytest.mark.slow
def test_a_german_report_after_an_english_one_replaces_it(reports, tmp_path):
    """The figures keep their names in either language: the newest report is the one there,
    the page the sweep would have written in German, with no English figure left beside it."""
    german, english = reports
    folder = shutil.copytree(english, tmp_path / "again")
    before = sorted(p.name for p in (folder / "figures").iterdir())
    write_report(folder, lang="de", stream=io.StringIO())
    assert sorted(p.name for p in (folder / "figures").iterdir()) == before
    assert page_text(folder) == page_text(german)
    listed = json.loads((folder / "analysis.json").read_text(encoding="utf-8"))["figures"]
    assert sorted(listed) == before


@pytest.mark.slow
def test_a_german_sobol_report_ranks_parameters_by_their_german_names(
    tmp_path, monkeypatch, capsys
):
    config = write_config(
        tmp_path,
        {
            "name": "sobol-de",
            "set": {"reps.count": 3, "customers.per_rep": 6, "simulation.weeks": 8},
            "sweep": {
                "method": "sobol",
                "samples": 4,
                "parameters": {
                    "reps.effort_hours": {"min": 5, "max": 60},
                    "reps.perception": {"min": 0, "max": 1},
                },
                "replications": 1,
                "seed": 3,
            },
            "record": {"metrics": ["relational_performance"], "every": "final"},
            "execution": {"workers": 1},
        },
    )
    done = rapport_in_process(
        monkeypatch, capsys, "sweep", config, "--out", tmp_path / "out", "--lang", "de"
    )
    assert done.returncode == 0, done.stderr
    page = page_text(tmp_path / "out")
    assert "<h2>Globale Sensitivität (Sobol)</h2>" in page
    assert "<th>Parameter</th>" in page and f"<th>S1 ± ({INTERVAL_DE})</th>" in page
    assert "<td>Einsatz</td>" in page and "<td>Wahrnehmung (Empathie)</td>" in page
    assert "Sobol-Indizes für Beziehungsqualität im Teammittel, nach Größe geordnet" in page
    # 4 base samples give wide intervals: the caution, in German
    assert "Unsichere Schätzungen: Mit 4 Basisstichproben" in page
    analysis = json.loads((tmp_path / "out" / "analysis.json").read_text(encoding="utf-8"))
    names = {row["parameter"] for row in analysis["sensitivity"]["relational_performance"]}
    assert names == {"reps.effort_hours", "reps.perception"}  # for machines: the dotted names


def test_a_sobol_caution_in_german_writes_its_numbers_with_decimal_commas():
    noisy = {"S1": [1.04, -0.1], "ST": [0.84, 0.2], "S1_conf": [0.5, 0.3], "ST_conf": [0.4, 0.2]}
    text = sobol_caution(noisy, 8, "de")
    assert "Mit 8 Basisstichproben ist das breiteste 95-%-Intervall ±0,50" in text
    assert "2 Indizes erster Ordnung liegen unter 0" in text


@pytest.mark.parametrize(
    "curve, says",
    [
        ("inverted_u", "Die Kurve (Beziehungsqualität) erreicht bei "),
        ("rising_line", "Kein umgekehrtes U: Die Kurve (Beziehungsqualität) steigt im ganzen"),
        ("saturating", "; eine Parabel allein würde fälschlich einen Hochpunkt bei "),
    ],
)
def test_the_verdict_on_an_inverted_u_reads_in_german(curve, says):
    english = analyse_curve(*sweep(curve, 0), unit="h/week", outcome="relationship quality")
    german = analyse_curve(
        *sweep(curve, 0), unit="h/Woche", outcome="Beziehungsqualität", lang="de"
    )
    assert says in german.summary
    assert not re.search(r"\d\.\d", german.summary)
    assert [
        n.replace("−", "-").replace(",", ".") for n in re.findall(NUMBER_DE, german.summary)
    ] == (re.findall(NUMBER_EN, english.summary))
