"""The pattern map in German (``rapport patterns --lang de``): the same runs, verdicts and boxes
in a German reader's words and notation; asking again in the other language runs nothing again
and searches no box again."""

from __future__ import annotations

import copy
import html
import json
import re
import string
import types
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import experiments.patterns as patterns
import experiments.report as report
import experiments.sweep as sweep
from experiments.pattern_texts import TEXTS, say
from frontends.cli import cli
from sim.params import PARAMS
from sim.priors import PRIORS
from tests.helpers import assert_same_placeholders
from tests.test_pattern_map import TINY

# A tiny map with points enough for PRIM to find boxes (16 points, 2 seeds: 256 runs of 12
# weeks); asked again, it is compared with itself point by point (paired.html).
MAP = {**TINY, "samples": 16}
PAGES = ["patterns.html", "paired.html"]
# What the command writes for scripts: the same bytes in either language.
DATA = (".json", ".parquet", ".yaml", ".csv")


def test_every_pattern_map_text_has_a_german_text_with_the_same_placeholders():
    assert_same_placeholders(TEXTS)
    # every mechanism a box can name, in both languages
    assert {f"mechanism.{n}.low" for n in patterns.MECHANISMS} <= set(TEXTS["de"])


def english_fragments() -> list[str]:
    """The English pages' own words: every literal piece of the pattern map's English texts
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


def page_text(path: Path) -> str:
    """A page as people read it: without its style sheet and its figures' bytes, entities
    read."""
    text = re.sub(r"<style>.*?</style>", "", path.read_text(encoding="utf-8"))
    return html.unescape(re.sub(r"data:image/png;base64,[^\"']*", "", text))


@dataclass
class Answers:
    """The map answered in English, then asked again in English and in German and compared
    with itself (the clock held still, since the manifest records when the command ran)."""

    out: Path
    printed: dict[str, str] = field(default_factory=dict)
    pages: dict[tuple[str, str], str] = field(default_factory=dict)
    data: dict[str, dict[str, bytes]] = field(default_factory=dict)
    figures: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: {"en": [], "de": []})
    runs: dict[str, int] = field(default_factory=lambda: {"first": 0, "en": 0, "de": 0})
    searches: dict[str, int] = field(default_factory=lambda: {"first": 0, "en": 0, "de": 0})


def drawn(fig) -> dict[str, Any]:
    """What a figure says: titles, axes, legends, tick labels and a y tick's number."""
    return {
        "texts": [
            text
            for ax in fig.axes
            for text in [
                ax.get_title(),
                ax.get_xlabel(),
                ax.get_ylabel(),
                *(t.get_text() for t in ax.get_xticklabels()),
                *([t.get_text() for t in ax.get_legend().get_texts()] if ax.get_legend() else []),
            ]
            if text
        ],
        "tick": fig.axes[0].yaxis.get_major_formatter()(0.5, 0),
    }


@pytest.fixture(scope="module")
def answers(tmp_path_factory) -> Answers:
    folder = tmp_path_factory.mktemp("patterns")
    config = folder / "map.yaml"
    config.write_text(json.dumps(MAP), encoding="utf-8")
    found = Answers(folder / "map")
    stage = "first"
    execute, boxes, save = patterns.execute_plan, patterns.all_boxes, report.save_figure

    def counted_runs(*args, **kwargs):
        outcome = execute(*args, **kwargs)
        found.runs[stage] += outcome.done
        return outcome

    def counted_boxes(*args, **kwargs):
        found.searches[stage] += 1
        return boxes(*args, **kwargs)

    def kept(fig, path, **options):
        if stage != "first":
            found.figures[stage].append({"name": path.name, **drawn(fig)})
        return save(fig, path, **options)

    class Still(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2026, 12, 4, 12, 0, tzinfo=UTC)

    argv = ["patterns", str(config), "--out", str(found.out), "--quiet"]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(patterns, "execute_plan", counted_runs)
        patch.setattr(patterns, "all_boxes", counted_boxes)
        patch.setattr(report, "save_figure", kept)
        assert CliRunner().invoke(cli, argv).exit_code == 0
        patch.setattr(sweep, "datetime", Still)
        clock = types.SimpleNamespace(monotonic=lambda: 0.0, perf_counter=lambda: 0.0)
        patch.setattr(sweep, "time", clock)
        for stage in ("en", "de"):
            paired = ["--paired-with", str(found.out), "--lang", stage]
            done = CliRunner().invoke(cli, [*argv, *paired])
            assert done.exit_code == 0, done.output
            found.printed[stage] = done.output
            found.data[stage] = {
                str(p.relative_to(found.out)): p.read_bytes()
                for p in sorted(found.out.rglob("*"))
                if p.suffix in DATA
            }
            for page in PAGES:
                found.pages[page, stage] = page_text(found.out / page)
    return found


@pytest.mark.parametrize("page", PAGES)
def test_the_german_pages_say_none_of_the_english_pages_words(answers, page):
    fragments = english_fragments()
    english, german = answers.pages[page, "en"], answers.pages[page, "de"]
    said = [f for f in fragments if f in english]
    assert len(said) >= 4, said  # the list is the English page's: it means something
    assert [f for f in fragments if f in german] == []
    assert not re.search(r"\d\.\d", german)  # no decimal points, only commas
    assert german.startswith("<!doctype html><html lang=de>")
    title = (
        say("title", "de", name="tiny") if page == "patterns.html" else say("paired.title", "de")
    )
    assert f"<h1>{title}</h1>" in german


NUMBER = r"[-−]?\d+(?:{mark}\d+)?(?:e[-−+]\d+)?"


def numbers(text: str, mark: str) -> list[str]:
    """Every number of a text as written, read back with a decimal point and a hyphen."""
    found = re.findall(NUMBER.format(mark=re.escape(mark)), text)
    return [n.replace("−", "-").replace(mark, ".") for n in found]


@pytest.mark.parametrize("page", PAGES)
def test_the_german_pages_numbers_are_the_english_ones_with_decimal_commas(answers, page):
    english = numbers(answers.pages[page, "en"], ".")
    german = numbers(answers.pages[page, "de"], ",")
    assert len(english) > 40
    assert german == english
    if page == "patterns.html":
        assert any("." in n for n in german)  # some had a decimal comma


def test_the_printed_lines_numbers_are_the_english_ones(answers):
    english = numbers(answers.printed["en"], ".")
    assert len(english) > 40 and numbers(answers.printed["de"], ",") == english


def test_the_data_files_are_the_same_in_either_language(answers):
    english, german = answers.data["en"], answers.data["de"]
    for name in ("patterns.json", "paired.json", "manifest.json", "config.yaml", "design.parquet"):
        assert name in english
    assert any(p.startswith("results/") for p in english)
    assert german == english


def test_asking_again_in_german_runs_nothing_and_searches_no_box(answers):
    assert answers.runs["first"] == 256 and answers.searches["first"] == 1
    assert answers.runs["de"] == answers.runs["en"] == 0
    # The boxes of patterns.json are kept: judged again from the same runs, every other figure
    # in it is the same.
    assert answers.searches["de"] == answers.searches["en"] == 0
    summary = json.loads(answers.data["de"]["patterns.json"])
    assert any(entry["boxes"] for entry in summary["horizons"].values())


def test_boxes_are_searched_again_unless_the_runs_give_the_same_figures_and_boxes(answers):
    """Stored boxes are kept only where a search would find them again: every other figure of
    patterns.json judged again the same, and each box holding the points it says it holds."""
    summary = json.loads(answers.data["en"]["patterns.json"])
    stored = patterns.StoredMap.read(answers.out)
    x = stored.design[[n for n in stored.design.columns if n in PRIORS]]
    judged = patterns.judge(patterns.curves(stored.results, stored.settings), stored.settings)

    def kept(previous: dict[str, Any], verdicts=judged) -> bool:
        return patterns.kept_boxes(previous, summary, x, verdicts) is not None

    assert kept(summary)
    assert (
        patterns.kept_boxes(summary, summary, x, judged)[8, "holds"]
        == (summary["horizons"]["8"]["boxes"])
    )
    assert kept({**summary, "runs": {**summary["runs"], "done_before": 0}})  # the last command's
    assert not kept({**summary, "runs": {**summary["runs"], "done": 255}})
    for change in ("share", "factor_map"):
        other = copy.deepcopy(summary)
        entry = other["horizons"]["12"]
        entry[change] = 0.5 if change == "share" else entry[change][1:]
        assert not kept(other), change
    moved = copy.deepcopy(summary)
    box = next(e["boxes"][0] for e in moved["horizons"].values() if e["boxes"])
    box["restricted"][0]["max"] = box["restricted"][0]["min"] + 1e-9  # holds fewer points
    assert not kept(moved)
    flipped = judged.copy()
    flipped.loc[flipped.index[0], "holds"] = not flipped.loc[flipped.index[0], "holds"]
    assert not kept(summary, flipped)


def test_the_command_prints_its_results_in_german(answers):
    printed, fragments = answers.printed["de"], english_fragments()
    assert [f for f in fragments if f in answers.printed["en"]]
    assert [f for f in fragments if f in printed] == []
    assert printed.startswith("Musterkarte „tiny“: 256 Läufe; 0 jetzt ausgeführt, 256 schon")
    assert f"Seite: {answers.out / 'patterns.html'}" in printed
    assert printed.splitlines()[-1] == say(
        "printed.compared",
        "de",
        figures=answers.out / "paired.json",
        page=answers.out / "paired.html",
    )


def test_the_german_pages_name_parameters_by_their_german_labels_and_dotted_names(answers):
    page = answers.pages["patterns.html", "de"]
    summary = json.loads(answers.data["de"]["patterns.json"])
    named = {r["parameter"] for e in summary["horizons"].values() for r in e["factor_map"][:8]}
    assert named
    for name in named:
        assert f"{PARAMS[name].label_de} ({name})" in page
    paired = answers.pages["paired.html", "de"]
    assert "Teams: niedrige EI 0,2/0,2, hohe EI 0,8/0,8" in paired


def test_the_differences_of_two_maps_are_said_in_german():
    """What paired.json keeps of two maps' differences, in English notation, as the German page
    and lines say it: words in German, numbers with German marks, dotted names kept."""
    differences = [
        {"setting": "fix dynamics.heard_relief", "first": "0.5", "second": "sampled"},
        {"setting": "reps.count", "first": "15,000", "second": "unset"},
        {"setting": "channels.shares", "first": "[0.5, 0.3, 0.2]", "second": "[1, 0, 0]"},
    ]
    assert patterns.differences_text(differences, "de") == (
        "fix dynamics.heard_relief (Entlastung durch Rücknahme): hier 0,5, dort gezogen; "
        "reps.count (Teamgröße): hier 15.000, dort nicht gesetzt; "
        "channels.shares: hier [0,5; 0,3; 0,2], dort [1; 0; 0]"
    )
    assert patterns.differences_text(differences) == (
        "fix dynamics.heard_relief 0.5 here, sampled there; reps.count 15,000 here, unset there; "
        "channels.shares [0.5, 0.3, 0.2] here, [1, 0, 0] there"
    )


def test_the_german_figures_say_everything_in_german(answers):
    german, english = answers.figures["de"], answers.figures["en"]
    assert [f["name"] for f in german] == [f["name"] for f in english]
    assert {"shares.png", "curves.png"} <= {f["name"] for f in german}
    said = [text for figure in german for text in figure["texts"]]
    assert [f for f in english_fragments() if any(f in text for text in said)] == []
    assert [f for f in english_fragments() if any(f in t for e in english for t in e["texts"])]
    assert "8 Wochen" in said and "Einsatz / Ende des Einsatzrasters" in said
    assert {figure["tick"] for figure in german} == {"0,5"}  # decimal commas on the axes
