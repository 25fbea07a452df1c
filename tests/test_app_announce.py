"""Screen readers hear Compare's answer and a calibration's progress when they arrive (WCAG 4.1.3,
status messages): claims about the page's live regions and the sentences put into them, checked
in process. tests/test_app_e2e.py checks the same regions in a real browser."""

from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pandas as pd
import pytest
import solara

from frontends.app import compare as compare_tab
from frontends.app import css as hooks
from frontends.app import i18n
from frontends.app import team as team_tab
from frontends.app.data import Plan, compare, control_values, scenario_from
from frontends.app.i18n import t
from frontends.app.sentences import comparison_announcement
from frontends.app.session import Session
from frontends.app.widgets import LiveRegion
from tests.test_app import Session as RenderedPage
from tests.test_app import classes_of, small, wait_for, widgets

# What the three steps of a calibration say, and the answer: in English and German.
SAID = {
    "en": {
        "started": "Calibrating to your team: 40 particles × 3 generations…",
        "generation": "Calibration: generation 1 of 3 done.",
        "worlds": "Calibration done. Answering over 16 worlds calibrated to your team…",
        "done": "Answer ready: for your team the best effort lies between 20 and 35 h a week "
        "(median 25 h). The full answer is below.",
    },
    "de": {
        "started": "Kalibrierung an Ihr Team: 40 Partikel × 3 Generationen …",
        "generation": "Kalibrierung: Generation 1 von 3 fertig.",
        "worlds": "Kalibrierung fertig. Antwort über 16 an Ihr Team kalibrierte Welten …",
        "done": "Antwort fertig: Für Ihr Team liegt der beste Einsatz zwischen 20 und 35 h pro "
        "Woche (Median 25 h). Die ganze Antwort steht unten.",
    },
}


def said_texts(said: solara.Reactive) -> list[str]:
    """Every text put into the region ``said`` from now on (a region emptied is left out)."""
    texts: list[str] = []
    said.subscribe(lambda message: texts.append(message[1]) if message else None)
    return texts


def plain(text: str) -> str:
    """Text as a screen reader gets it: a no-break space is a space."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# --- the region ---------------------------------------------------------------------------------


def test_the_page_opens_with_empty_status_regions_that_keep_their_element_when_compare_answers(
    monkeypatch,
):
    page = RenderedPage(monkeypatch)
    page.small_model()
    regions = {hook: page.one(hook) for hook in (hooks.ANNOUNCE_COMPARE, hooks.ANNOUNCE_TEAM)}
    for region in regions.values():
        assert region.attributes["role"] == "status"
        assert region.attributes["aria-live"] == "polite"
        assert region.children == []  # nothing said on opening
    page.click(hooks.PIN)
    page.set("reps.effort_hours", 45)
    page.click(hooks.COMPARE)
    wait_for(lambda: "What-if done." in page.text(hooks.ANNOUNCE_COMPARE))
    # the same element, now with the answer: a region drawn anew with its text is not read out
    assert page.one(hooks.ANNOUNCE_COMPARE) is regions[hooks.ANNOUNCE_COMPARE]
    assert re.fullmatch(
        r"What-if done\. Relationship quality after 12 weeks: [−+±][\d.]+ \(95 % interval "
        r"[−+]?[\d.]+ to [−+]?[\d.]+\); revenue [−+±].*€.*\. "
        r"The full answer is below the buttons\.",
        plain(page.text(hooks.ANNOUNCE_COMPARE)),
    )
    assert page.text(hooks.ANNOUNCE_TEAM) == ""  # each answer in its own region


def test_a_message_said_in_one_language_is_not_said_again_in_the_other():
    said = solara.reactive(("en", "What-if done."))
    lang = solara.reactive("en")

    @solara.component
    def Region():
        LiveRegion(said, lang.value, hooks.ANNOUNCE_COMPARE)

    box, _ = solara.render(Region(), handle_error=False)
    (region,) = [w for w in widgets(box) if hooks.ANNOUNCE_COMPARE in classes_of(w)]
    assert region.children == ["What-if done."]
    lang.set("de")  # a screen reader hears the switch, not the last answer once more
    assert region.children == []


# --- Compare ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "lang, running, answer",
    [
        ("en", "Running the what-if: 8 paired runs…", "What-if done. Relationship quality after"),
        ("de", "Die Variante wird gerechnet: 8 gepaarte Läufe …", "Variante fertig."),
    ],
)
def test_compare_says_once_that_it_runs_then_its_answer_in_the_page_s_language(
    lang, running, answer
):
    settings = small(simulation__weeks=12)
    values = solara.reactive(control_values(settings))
    said = solara.reactive(None)
    texts = said_texts(said)
    session = Session(settings)
    box, _ = solara.render(
        compare_tab.ComparePanel(session, values, lang, said=said), handle_error=False
    )

    def click(hook):
        (button,) = [w for w in widgets(box) if hook in classes_of(w)]
        button.click()

    click(hooks.PIN)
    values.value = {**values.value, "reps.effort_hours": 45.0}
    click(hooks.COMPARE)
    wait_for(lambda: len(texts) == 2)
    whatif = Plan(scenario_from(values.value))
    expected = comparison_announcement(compare(Plan(settings), whatif, 8), lang)
    assert texts == [running, expected]
    assert expected.startswith(answer)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_identical_settings_are_announced_as_no_difference(lang):
    plan = Plan(small(simulation__weeks=4))
    said = comparison_announcement(compare(plan, plan, replications=2), lang)
    assert said == t("announce.compare.same", lang)
    assert ("zero" if lang == "en" else "null") in said


# --- a calibration ------------------------------------------------------------------------------


def reports(generations: int) -> list[float]:
    """The fractions a calibration of ``generations`` reports: the share of generations done
    before and after each simulation (``run_calibration``), so each generation's end many
    times, then the worlds' progress, every 1 %, up to 1."""
    share = team_tab.CALIBRATION_SHARE
    ends = [share * k / generations for k in range(generations + 1)]
    worlds = [share + (1 - share) * k / 100 for k in range(101)]
    return [end for end in ends for _ in range(5)] + worlds


@pytest.mark.parametrize(
    "generations, said",
    [(1, [0, 1]), (3, [0, 1, 2, 3]), (4, [0, 1, 2, 3, 4]), (12, [0, 3, 6, 9, 12])],
)
def test_a_calibration_is_said_at_its_start_and_generations_ends_never_per_tick(generations, said):
    moments = [team_tab.generations_said(f, generations) for f in reports(generations)]
    assert list(dict.fromkeys(moments)) == said  # in this order, each once
    assert moments == sorted(moments)  # never back to an earlier one


def job(**state) -> SimpleNamespace:
    """A background job's state as ``calibration_moment`` reads it."""
    return SimpleNamespace(
        **{"running": False, "cancelled": False, "progress": 0.0, "answer": None, "error": None}
        | state
    )


@pytest.mark.parametrize(
    "state, moment",
    [
        ({}, None),
        ({"running": True}, ("running", 0)),
        ({"running": True, "progress": team_tab.CALIBRATION_SHARE / 3}, ("running", 1)),
        ({"running": True, "progress": 0.9}, ("running", 3)),
        ({"answer": ("done", "asked")}, ("answered", 0)),
        ({"cancelled": True, "answer": ("done", "asked")}, ("cancelled", 0)),
        ({"error": RuntimeError("boom")}, ("failed", 0)),
    ],
)
def test_where_a_calibration_stands_is_named_by_its_job(state, moment):
    assert team_tab.calibration_moment(job(**state), 3) == moment


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize(
    "moment, key",
    [
        (("running", 0), "started"),
        (("running", 1), "generation"),
        (("running", 3), "worlds"),
        (("answered", 0), "done"),
    ],
)
def test_each_step_of_a_calibration_is_said_in_the_page_s_language(lang, moment, key):
    done = SimpleNamespace(band=SimpleNamespace(peak_range=(20.0, 35.0), peaks=[20, 25, 35]))
    said = team_tab.calibration_announcement(moment, (40, 3), done, lang)
    assert plain(said) == SAID[lang][key]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_a_cancelled_or_failed_calibration_is_said_so(lang):
    cancelled = team_tab.calibration_announcement(("cancelled", 0), (40, 3), None, lang)
    assert cancelled == t("team.cancelled", lang)
    failed = team_tab.calibration_announcement(("failed", 0), (40, 3), None, lang)
    assert failed == t("announce.team.failed", lang)
    assert ("error" if lang == "en" else "Fehler") in failed


def test_the_team_tab_says_its_calibration_s_start_each_generation_the_worlds_and_the_answer(
    monkeypatch,
):
    monkeypatch.setenv(team_tab.BUDGET_ENV, "40x3")
    share = team_tab.CALIBRATION_SHARE
    band = SimpleNamespace(peak_range=(20.0, 35.0), peaks=[20, 25, 35], worlds=16)
    said = solara.reactive(None)
    texts = said_texts(said)

    def answer_team(team, budget, *, progress):  # the calibration's reports, without pyabc
        ends = [share * k / 3 for k in range(4)]
        for fraction in reports(3):
            progress(fraction)
            if fraction in ends:  # a generation takes seconds: the page has said it meanwhile
                said_before = ends.index(fraction) + 1
                wait_for(lambda n=said_before: len(texts) >= n, timeout=10)
        return team_tab.TeamAnswer(team, pd.DataFrame(), small(), band, *budget, seconds=1.0)

    monkeypatch.setattr(team_tab, "answer_team", answer_team)
    handed: list = []

    @solara.component
    def Drop(label, choose, on_file):  # the browser's drop, handed over by the test
        handed.append(on_file)

    monkeypatch.setattr(team_tab, "TeamDrop", Drop)
    solara.render(team_tab.TeamPanel(solara.reactive(None), "en", said), handle_error=False)
    data = team_tab.EXAMPLE_TEAM.read_bytes()
    handed[-1]({"name": "team.csv", "size": len(data), "file_obj": io.BytesIO(data)})
    wait_for(lambda: texts and texts[-1].startswith("Answer ready"))
    generations = [f"Calibration: generation {k} of 3 done." for k in (1, 2)]
    expected = [SAID["en"]["started"], *generations, SAID["en"]["worlds"], SAID["en"]["done"]]
    assert [plain(text) for text in texts] == expected
