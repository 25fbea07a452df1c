"""The field-study replication in German: the same studies and numbers, in a German reader's
words and notation, and answering again in the other language simulates nothing again."""

from __future__ import annotations

import html
import re
import shutil
import string
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import experiments.replicate.report as report
import experiments.replicate.simulate as simulate
from experiments.replicate.analysis import analyse_study
from experiments.replicate.design import StudyDesign
from experiments.replicate.multiverse import Multiverse, run_multiverse, run_worlds_multiverse
from experiments.replicate.texts import TEXTS, say
from frontends.cli import cli
from tests.helpers import assert_same_placeholders, rapport_in_process

# The smallest settings of tests/test_cli.py's replications: each mode in seconds.
MODES = {
    "one": ["--seed", "3", "--reps", "20"],
    "runs": ["--runs", "2", "--reps", "20"],
    "worlds": ["--multiverse", "--worlds", "2", "--studies", "1", "--reps", "20"],
}
# ... and a multiverse of two cells (the command's own crosses 36, minutes of studies).
SMALL = Multiverse(efforts=("survey", "wide"), ei_reliabilities=(0.8,), sizes=(20,))
# The pages each mode writes, for people.
PAGES = {
    "one": ["report.md", "report.html"],
    "runs": ["report.md", "study/report.md", "study/report.html"],
    "worlds": ["worlds_multiverse.md"],
    "multiverse": ["multiverse.md"],
}


def test_every_replication_text_has_a_german_text_with_the_same_placeholders():
    assert_same_placeholders(TEXTS)


def english_fragments() -> list[str]:
    """The English pages' own words: every literal piece of the replication's English texts
    that says something and that no German text says as well."""
    german = " ".join(TEXTS["de"].values())
    pieces = {
        piece.strip(" ;:,.()|")
        for text in TEXTS["en"].values()
        for literal, _, _, _ in string.Formatter().parse(text)
        for piece in re.split(r"[(){}]", literal)
    }
    return sorted(
        p for p in pieces if len(p) >= 6 and re.search(r"[a-z]{3}", p) and p not in german
    )


@dataclass
class Answers:
    """Each mode's folder answered in English, and a copy answered again in German."""

    english: dict[str, Path] = field(default_factory=dict)
    german: dict[str, Path] = field(default_factory=dict)
    printed: dict[tuple[str, str], str] = field(default_factory=dict)
    simulated: dict[str, list[int]] = field(default_factory=lambda: {"en": [], "de": []})


def page_text(path: Path) -> str:
    """A page as people read it: an HTML page without its style sheet, its entities read."""
    return html.unescape(re.sub(r"<style>.*?</style>", "", path.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def answers(tmp_path_factory) -> Answers:
    """Every mode replicated in English (``rapport replicate``, the multiverse by its
    function), then the same folders answered again with ``--lang de``, counting the studies
    each language simulates."""
    folder = tmp_path_factory.mktemp("replicate")
    found = Answers()
    run_study = simulate.run_study
    lang = "en"

    def counted(seed, *args, **kwargs):
        found.simulated[lang].append(seed)
        return run_study(seed, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(simulate, "run_study", counted)
        for lang in ("en", "de"):
            for mode, args in MODES.items():
                out = folder / mode
                if lang == "de":
                    out = Path(shutil.copytree(found.english[mode], folder / f"{mode}-de"))
                done = CliRunner().invoke(
                    cli, ["replicate", *args, "--out", str(out), "--lang", lang]
                )
                assert done.exit_code == 0, done.output
                found.printed[mode, lang] = done.output
                (found.english if lang == "en" else found.german)[mode] = out
            out = folder / "multiverse"
            if lang == "de":
                out = Path(shutil.copytree(out, folder / "multiverse-de"))
            run_multiverse(1, 2, out, SMALL, lang=lang)
            (found.english if lang == "en" else found.german)["multiverse"] = out
    return found


@pytest.mark.parametrize("mode", PAGES)
def test_the_german_pages_say_none_of_the_english_pages_words(answers, mode):
    fragments = english_fragments()
    for name in PAGES[mode]:
        english = page_text(answers.english[mode] / name)
        german = page_text(answers.german[mode] / name)
        said = [f for f in fragments if f in english]
        assert len(said) >= 4, (name, said)  # the list is the English page's: it means something
        assert [f for f in fragments if f in german] == [], name
        assert not re.search(r"\d\.\d", german), name  # no decimal points, only commas
    if "report.html" in PAGES[mode]:
        html = page_text(answers.german[mode] / "report.html")
        assert html.startswith("<!doctype html><html lang=de>")
        assert f"<h1>{say('title', 'de')}</h1>" in html


def test_the_one_study_page_compares_with_the_paper_in_german(answers):
    page = (answers.german["one"] / "report.md").read_text(encoding="utf-8")
    assert f"## {say('heading.comparison', 'de')}" in page
    paper = "Originalstudie (ihr Abstract: keine Koeffizienten veröffentlicht)"
    assert f"| Befund | {paper} | diese Replikation |" in page
    assert "| niedrige EI (−1 SD) | umgekehrtes U | " in page and " laut Zwei-Linien-Test" in page
    assert "| Scheitelpunkt (h/Woche) | 95-%-Intervall unten (h/Woche) |" in page
    assert "| EI −1 SD | " in page and "| Konstante | " in page
    assert re.search(r"\(p [=<>] \d,\d+\)", page)  # p-values with a decimal comma


NUMBER = r"[-−]?\d+(?:{mark}\d+)?(?:e[-−+]\d+)?"


def numbers(text: str, mark: str) -> list[str]:
    """Every number of a page as written, read back with a decimal point and a hyphen."""
    found = re.findall(NUMBER.format(mark=re.escape(mark)), text)
    return [n.replace("−", "-").replace(mark, ".") for n in found]


@pytest.mark.parametrize("mode", PAGES)
def test_the_german_pages_numbers_are_the_english_ones_with_decimal_commas(answers, mode):
    for name in PAGES[mode]:
        english = numbers(page_text(answers.english[mode] / name), ".")
        german = numbers(page_text(answers.german[mode] / name), ",")
        assert len(english) > 20, name
        assert german == english, name
        assert any("." in n for n in german), name  # some had a decimal comma


@pytest.mark.parametrize("mode", PAGES)
def test_the_data_files_are_the_same_in_either_language(answers, mode):
    def data(folder: Path) -> dict[str, bytes]:
        return {
            str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.suffix in (".csv", ".json", ".jsonl", ".parquet")
        }

    english, german = data(answers.english[mode]), data(answers.german[mode])
    assert len(english) >= 2 and german == english


def test_answering_again_in_german_simulates_no_study(answers):
    assert len(answers.simulated["en"]) >= 7  # the first answers did simulate their studies
    assert answers.simulated["de"] == []


@pytest.mark.parametrize("mode", MODES)
def test_the_command_prints_its_results_in_german(answers, mode):
    printed = answers.printed[mode, "de"]
    fragments = english_fragments()
    assert [f for f in fragments if f in answers.printed[mode, "en"]]
    assert [f for f in fragments if f in printed] == []
    assert f" in {answers.german[mode]}/" in printed.splitlines()[-1]  # where it wrote
    if mode == "one":  # the design and the comparison with the paper, not the other tables
        assert say("heading.comparison", "de") in printed
        assert say("heading.regression", "de") not in printed
    if mode == "runs":  # the headline rates
        assert "| Urteil (p < 0,05) | Anteil der Studien (95-%-Intervall) |" in printed
        assert re.search(r"\| \d+\s% \(\d+\s%–\d+\s%\) \|", printed)


def drawn_figure(monkeypatch, lang: str) -> dict[str, Any]:
    """What the study's figure says in ``lang``: title, axes, legend, a y tick's number."""
    drawn: dict[str, Any] = {}

    def keep(fig, path, **options):
        ax = fig.axes[0]
        drawn.update(
            title=ax.get_title(),
            x=ax.get_xlabel(),
            y=ax.get_ylabel(),
            legend=[t.get_text() for t in ax.get_legend().get_texts()],
            tick=ax.yaxis.get_major_formatter()(5.25, 0),
        )

    monkeypatch.setattr(report, "save_figure", keep)
    design = StudyDesign().scaled(20)
    report.plot_study(
        analyse_study(simulate.simulate_study(3, design), 3), Path("figure.png"), lang
    )
    return drawn


def test_the_german_figure_names_its_axes_and_groups_in_german(monkeypatch):
    german, english = drawn_figure(monkeypatch, "de"), drawn_figure(monkeypatch, "en")
    assert german["title"] == "Simulierte Feldstudie: Einsatz × emotionale Intelligenz"
    assert german["x"].startswith("Einsatz") and german["y"].startswith("Beziehungsqualität")
    assert german["legend"] == [
        "Personen mit EI unter dem Mittel",
        "Personen mit EI über dem Mittel",
        "angepasste Kurve, EI −1 SD",
        "angepasste Kurve, EI +1 SD",
    ]
    assert (german["tick"], english["tick"]) == ("5,25", "5.25")
    said = " ".join([german["title"], german["x"], german["y"], *german["legend"]])
    assert [f for f in english_fragments() if f in said] == []


def test_the_multiverse_of_the_command_line_answers_in_german(tmp_path, monkeypatch, capsys):
    """The command's own multiverse (36 cells: minutes of studies) passes --lang on to the
    multiverse the tests above run small, and says in German where it wrote."""
    asked: list[str] = []

    def multiverse(seed, studies, out, **options):
        asked.append(options["lang"])
        (out / "multiverse.md").write_text("# Multiversum\n", encoding="utf-8")

    monkeypatch.setattr("experiments.replicate.multiverse.run_multiverse", multiverse)
    out = tmp_path / "m"
    done = rapport_in_process(monkeypatch, capsys, "replicate", "--multiverse", "--lang", "de",
                              "--out", out)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert asked == ["de"]
    assert done.stdout.splitlines()[-1] == say(
        "wrote.multiverse", "de", saved="multiverse_studies.jsonl", out=out
    )


@pytest.mark.parametrize("lang", ["en", "de"])
def test_one_study_is_counted_in_the_singular(lang, tmp_path):
    """ "All 1 simulated studies ran" read wrongly: one study gets its own sentence, in the
    rates' line and in a multiverse of one study per cell (here one cell of 20 reps)."""
    one, two = report.failures_line(0, 1, lang), report.failures_line(0, 2, lang)
    assert one == say("failures.none.one", lang) and "1" not in one
    assert two == say("failures.none", lang, attempted=2)
    cell = Multiverse(("survey",), (0.8,), (0.52,), (20,))
    run_multiverse(1, 1, tmp_path, cell, lang=lang)
    page = (tmp_path / "multiverse.md").read_text(encoding="utf-8")
    assert page.startswith(f"# {say('multiverse.title.one', lang)}\n") and one in page
    # and in plausible worlds, one study each ("1 simulated studies each")
    run_worlds_multiverse(1, 1, 2, tmp_path / "w", StudyDesign().scaled(20), lang=lang)
    page = (tmp_path / "w" / "worlds_multiverse.md").read_text(encoding="utf-8")
    assert page.startswith(f"# {say('plausible.title.one', lang, worlds=2)}\n")
