"""Screen readers hear Compare's answer, a calibration's progress, the effort curve and the
plausible worlds of the effort curve and of Compare when they arrive (WCAG 4.1.3, status
messages): claims about the page's live regions and the sentences put into them, checked in
process. tests/test_app_e2e.py checks the same regions in a real browser."""

from __future__ import annotations

import io
import re
import time
from types import SimpleNamespace

import pandas as pd
import pytest
import solara

from experiments.worlds import NothingToVary
from frontends.app import compare as compare_tab
from frontends.app import css as hooks
from frontends.app import effort_curve as curve_tab
from frontends.app import i18n, jobs
from frontends.app import options as options_tab
from frontends.app import team as team_tab
from frontends.app.data import (
    Plan,
    compare,
    compare_worlds,
    control_values,
    run_options,
    scenario_from,
)
from frontends.app.i18n import t
from frontends.app.sentences import (
    compare_worlds_announcement,
    comparison_announcement,
    curve_announcement,
    curve_worlds_announcement,
    options_announcement,
    worlds_announcement,
    worlds_sentence,
)
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


# The page's live regions, one per background job that can run while another does.
REGIONS = {
    hooks.ANNOUNCE_COMPARE,
    hooks.ANNOUNCE_TEAM,
    hooks.ANNOUNCE_CURVE,
    hooks.ANNOUNCE_CURVE_WORLDS,
    hooks.ANNOUNCE_COMPARE_WORLDS,
    hooks.ANNOUNCE_OPTIONS,
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
    regions = {hook: page.one(hook) for hook in REGIONS}
    for region in regions.values():
        assert region.attributes["role"] == "status"
        assert region.attributes["aria-live"] == "polite"
        assert region.children == []  # nothing said on opening
    page.open_tab(hooks.TAB_COMPARE)
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
    for hook in REGIONS - {hooks.ANNOUNCE_COMPARE}:  # each answer in its own region
        assert page.text(hook) == ""


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
        **{
            "running": False,
            "cancelled": False,
            "progress": 0.0,
            "answer": None,
            "error": None,
            "started": 0.0,
        }
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


# --- plausible worlds ---------------------------------------------------------------------------

# What a plausible-worlds job says, by job ("curve": the Effort curve tab's, 8 worlds;
# "compare": Compare's, 32), in English and German; a cancel and an error alike for both.
SAID_WORLDS = {
    "en": {
        ("curve", "started"): "Computing the effort curve over 8 plausible worlds…",
        ("curve", "half"): "Effort curve over plausible worlds: 50 % done.",
        ("compare", "started"): "Comparing baseline and what-if in 32 plausible worlds…",
        ("compare", "half"): "What-if over plausible worlds: 50 % done.",
        "cancelled": "Cancelled: no plausible worlds drawn.",
        "nothing": "No plausible worlds: your settings set every parameter they would draw. "
        "What to do is said below the buttons.",
        "failed": "The plausible worlds stopped with an error, shown below the buttons.",
        "curve done": "Plausible worlds done: the best effort lies between 15 and 80 h a week "
        "in all 8 worlds. The full answer is below the chart.",
    },
    "de": {
        ("curve", "started"): "Die Einsatzkurve wird über 8 plausible Welten gerechnet …",
        ("curve", "half"): "Einsatzkurve über plausible Welten: 50 % fertig.",
        ("compare", "started"): "Basis und Variante werden in 32 plausiblen Welten verglichen …",
        ("compare", "half"): "Variante über plausible Welten: 50 % fertig.",
        "cancelled": "Abgebrochen: keine plausiblen Welten gezogen.",
        "nothing": "Keine plausiblen Welten: Ihre Einstellungen legen jeden Parameter fest, den "
        "sie ziehen würden. Was zu tun ist, steht unter den Schaltflächen.",
        "failed": "Die plausiblen Welten brachen mit einem Fehler ab; er steht unter den "
        "Schaltflächen.",
        "curve done": "Plausible Welten fertig: Der beste Einsatz liegt in allen 8 Welten "
        "zwischen 15 und 80 h pro Woche. Die ganze Antwort steht unter dem Diagramm.",
    },
}
COUNTS = {"curve": curve_tab.WORLDS, "compare": compare_tab.WORLDS}
# Where the best effort lies, as the curve's announcement and the sentence under its chart say it.
BEST_EFFORT = {
    "en": r"between (\d+) and (\d+) h a week",
    "de": r"zwischen (\d+) und (\d+) h pro Woche",
}
# In how many worlds the what-if lowers and raises relationship quality, and its range.
WORLDS_COUNTED = {
    "en": r"lowers relationship quality.* in (\d+) of (\d+) worlds and raises it in (\d+); "
    r"in 90 % of .* lies between (\S+) and (\S+?)(?:\.? )",
    "de": r"Beziehungsqualität.* in (\d+) von (\d+) Welten und hebt sie in (\d+); in 90 % der "
    r"Welten liegt .*Unterschied.* zwischen (\S+) und (\S+?)(?:\.? )",
}


@pytest.mark.parametrize(
    "seconds, said",
    [(10, [0]), (60, [0, 1, 2, 3]), (25, [0, 2, 3])],
    ids=["short: start only", "long: every quarter", "long from 60 %: the quarters after"],
)
def test_a_job_says_its_quarters_only_once_it_is_long_and_never_per_tick(seconds, said):
    fractions = [k / 100 for k in range(101)]  # a report every 1 %, at an even pace
    moments = [jobs.quarters_said(f, f * seconds) for f in fractions]
    assert list(dict.fromkeys(moments)) == said  # in this order, each once
    assert moments == sorted(moments)  # never back to an earlier one


@pytest.mark.parametrize(
    "state, moment",
    [
        ({}, None),
        ({"running": True, "started": 100.0, "progress": 0.6}, ("running", 0)),  # 5 s: short
        ({"running": True, "started": 80.0, "progress": 0.6}, ("running", 2)),  # 25 s: long
        ({"answer": ("band", "asked"), "started": 0.0}, ("answered", 0)),
        ({"cancelled": True, "answer": ("band", "asked")}, ("cancelled", 0)),
        ({"error": NothingToVary("prior", ["x"])}, ("failed", 0)),
    ],
)
def test_where_a_worlds_job_stands_is_named_by_its_job_and_its_time(state, moment):
    assert jobs.progress_moment(job(**state), now=105.0) == moment


def unanswered() -> str:
    raise AssertionError("only an answered job says its answer")


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("kind", ["curve", "compare"])
@pytest.mark.parametrize(
    "moment, error, key",
    [
        (("running", 0), None, "started"),
        (("running", 2), None, "half"),
        (("cancelled", 0), None, "cancelled"),
        (("failed", 0), NothingToVary("prior", ["x"]), "nothing"),
        (("failed", 0), RuntimeError("boom"), "failed"),
    ],
)
def test_each_step_of_a_worlds_job_is_said_in_the_page_s_language(lang, kind, moment, error, key):
    said = worlds_announcement(kind, moment, COUNTS[kind], lang, unanswered, error)
    expected = SAID_WORLDS[lang].get((kind, key), SAID_WORLDS[lang].get(key))
    assert plain(said) == expected
    assert ("\u00a0%" in said) == (lang == "de" and key == "half")  # German keeps 50 % together


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_curve_s_worlds_say_where_the_best_effort_lies_as_the_sentence_below_the_chart(lang):
    band = SimpleNamespace(peak_range=(15.0, 80.0), worlds=8)
    said = worlds_announcement("curve", ("answered", 0), 8, lang, lambda: "", None)
    assert said == ""  # an answer is what the job's own sentence says
    said = curve_worlds_announcement(band, True, lang)
    assert plain(said) == SAID_WORLDS[lang]["curve done"]
    shown = t("curve.worlds.sentence", lang, count=8, share="", source="", low=15.0, high=80.0)
    assert re.search(BEST_EFFORT[lang], plain(said)).groups() == ("15", "80")
    assert re.search(BEST_EFFORT[lang], plain(shown)).groups() == ("15", "80")
    # drawn for settings changed since: not shown on the page, so not said as the answer
    stale = curve_worlds_announcement(band, False, lang)
    assert "15" not in stale and ("again" if lang == "en" else "neu ziehen") in stale


@pytest.fixture(scope="module")
def worlds_compared():
    """Compare's plausible worlds of a small team at 45 h against its 30 h (4 worlds)."""
    base = Plan(small(simulation__weeks=8))
    whatif = Plan(small(simulation__weeks=8, reps__effort_hours=45))
    return compare_worlds(base, whatif, worlds=4, replications=1)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_compare_s_worlds_say_the_counts_and_range_of_the_sentence_below_the_buttons(
    lang, worlds_compared
):
    said = plain(compare_worlds_announcement(worlds_compared, lang))
    shown = plain(worlds_sentence(worlds_compared, lang))
    counted = re.search(WORLDS_COUNTED[lang], said)
    assert counted and counted.groups() == re.search(WORLDS_COUNTED[lang], shown).groups()
    assert int(counted[1]) + int(counted[3]) <= int(counted[2]) == 4
    assert said.startswith("Plausible worlds done:" if lang == "en" else "Plausible Welten fertig:")
    assert len(said) < len(shown) / 2  # the gist, not the page's sentence read again
    # drawn for settings changed since: said with the page's warning
    stale = compare_worlds_announcement(worlds_compared, lang, stale=True)
    assert stale.endswith(t("compare.worlds.stale", lang))


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_compare_s_worlds_of_identical_plans_say_that_every_world_s_difference_is_zero(lang):
    plan = Plan(small(simulation__weeks=4))
    band = compare_worlds(plan, plan, worlds=2, replications=1)
    said = compare_worlds_announcement(band, lang)
    assert said == t(
        "announce.compare_worlds.zero", lang, sentence=t("compare.worlds.same", lang, count=2)
    )
    assert ("exactly zero" if lang == "en" else "genau null") in said


def found_in(box):
    def found(hook):
        return [w for w in widgets(box) if hook in classes_of(w)]

    return found


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_effort_curve_says_its_worlds_start_then_the_best_effort_the_page_shows(lang):
    values = solara.reactive(control_values(small(simulation__weeks=6)))
    said = solara.reactive(None)
    texts = said_texts(said)
    box, _ = solara.render(curve_tab.EffortCurvePanel(values, lang, said=said), handle_error=False)
    found = found_in(box)
    found(hooks.EFFORT_CURVE)[0].click()
    wait_for(lambda: found(hooks.CURVE_DONE), timeout=300)
    assert texts == []  # the curve alone is not a plausible-worlds job
    found(hooks.CURVE_WORLDS)[0].click()
    (sentence,) = wait_for(lambda: found(hooks.CURVE_WORLDS_SENTENCE), timeout=300)
    wait_for(lambda: len(texts) == 2)
    assert plain(texts[0]) == SAID_WORLDS[lang][("curve", "started")]
    best = re.search(BEST_EFFORT[lang], plain(texts[1]))
    assert (
        best
        and best.groups() == re.search(BEST_EFFORT[lang], plain(sentence.unsafe_innerHTML)).groups()
    )


# The moments of a job other than its answer, as the curve and Side by side say them.
JOB_STEPS = [
    (("running", 0), "started"),
    (("running", 2), "half"),
    (("cancelled", 0), "cancelled"),
    (("failed", 0), "failed"),
]

CURVE_SAID = {
    "en": {
        "started": "Computing the effort curve: 768 runs…",
        "half": "Effort curve: 50 % done.",
        "cancelled": "The effort curve was stopped.",
        "failed": "The effort curve stopped with an error, shown below.",
        "stale": "Effort curve done, but for settings changed since: compute it again.",
        "done": "Effort curve done. ",
    },
    "de": {
        "started": "Die Einsatzkurve wird berechnet: 768 Läufe …",
        "half": "Einsatzkurve: 50 % fertig.",
        "cancelled": "Die Einsatzkurve wurde abgebrochen.",
        "failed": "Die Einsatzkurve brach mit einem Fehler ab; er steht darunter.",
        "stale": "Einsatzkurve fertig, aber für inzwischen geänderte Einstellungen: Bitte neu "
        "berechnen.",
        "done": "Einsatzkurve fertig. ",
    },
}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("moment, key", JOB_STEPS)
def test_each_step_of_the_effort_curve_is_said_in_the_page_s_language(lang, moment, key):
    said = curve_announcement(moment, 768, lang, unanswered)  # 16 efforts x 3 lines x 16
    assert plain(said) == CURVE_SAID[lang][key]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_effort_curve_says_its_start_then_the_sentences_under_its_chart(lang):
    """A screen reader heard nothing when the effort curve was done: its answer, the sentences
    under the chart, stayed silent while the plausible worlds beside it were read out."""
    values = solara.reactive(control_values(small(simulation__weeks=6)))
    said, worlds_said = solara.reactive(None), solara.reactive(None)
    texts, worlds_texts = said_texts(said), said_texts(worlds_said)
    box, _ = solara.render(
        curve_tab.EffortCurvePanel(values, lang, said=worlds_said, said_curve=said),
        handle_error=False,
    )
    found = found_in(box)
    found(hooks.EFFORT_CURVE)[0].click()
    wait_for(lambda: found(hooks.CURVE_DONE), timeout=300)
    wait_for(lambda: len(texts) == 2)
    shown = [w.unsafe_innerHTML for w in found(hooks.SENTENCE)]
    runs = {"en": "192 runs…", "de": "192 Läufe …"}[lang]  # 16 efforts x 3 lines x 4 replications
    assert plain(texts[0]).endswith(runs) and plain(texts[0]).startswith(
        CURVE_SAID[lang]["started"].split(":")[0]
    )
    assert plain(texts[1]).startswith(CURVE_SAID[lang]["done"])
    assert len(shown) == 3 and all(sentence in texts[1] for sentence in shown)
    assert worlds_texts == []  # the curve's news goes to its own region
    # a curve computed for settings changed since is not read out as the answer
    stale = curve_announcement(("answered", 0), 192, lang, lambda: (SimpleNamespace(), False))
    assert plain(stale) == CURVE_SAID[lang]["stale"]


OPTIONS_SAID = {
    "en": {
        "started": "Running 3 options side by side, 8 runs each…",
        "half": "Side by side: 50 % done.",
        "cancelled": "Side by side was stopped.",
        "failed": "Side by side stopped with an error, shown below the buttons.",
        "done": r"Side by side done\. Relationship quality at the end is highest for (.+) "
        r"\((0\.\d+)\) and lowest for (.+) \((0\.\d+)\)\. The table is below the buttons\.",
    },
    "de": {
        "started": "3 Optionen werden nebeneinander gerechnet, je 8 Läufe …",
        "half": "Nebeneinander: 50 % fertig.",
        "cancelled": "Nebeneinander wurde abgebrochen.",
        "failed": "Nebeneinander brach mit einem Fehler ab; er steht unter den Schaltflächen.",
        "done": r"Nebeneinander fertig\. Die Beziehungsqualität am Ende ist bei (.+) am höchsten "
        r"\((0,\d+)\) und bei (.+) am niedrigsten \((0,\d+)\)\. Die Tabelle steht unter den "
        r"Schaltflächen\.",
    },
}


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("moment, key", JOB_STEPS)
def test_each_step_of_side_by_side_is_said_in_the_page_s_language(lang, moment, key):
    said = options_announcement(moment, 3, 8, lang, unanswered)
    assert plain(said) == OPTIONS_SAID[lang][key]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_side_by_side_says_its_start_then_which_option_ends_highest_and_lowest(lang):
    """Side by side's answer is a table a screen reader reaches only by searching for it; its
    region says the gist: the options that end with the highest and the lowest relationship
    quality, with the values of the table's "end" column."""
    settings = small(simulation__weeks=8)
    values = solara.reactive(control_values(settings))
    said = solara.reactive(None)
    texts = said_texts(said)
    box, _ = solara.render(
        options_tab.OptionsPanel(Session(settings), values, lang, said=said), handle_error=False
    )
    found = found_in(box)
    found(hooks.OPTIONS_RUN)[0].click()
    wait_for(lambda: found(hooks.OPTIONS_TABLE), timeout=300)
    wait_for(lambda: len(texts) == 2)
    assert plain(texts[0]) == OPTIONS_SAID[lang]["started"]
    answer = re.fullmatch(OPTIONS_SAID[lang]["done"], plain(texts[1]))
    assert answer, texts[1]
    best, best_value, worst, worst_value = answer.groups()
    names = {t(f"preset.{key}", lang): key for key in options_tab.FIRST_PICK}
    assert {best, worst} <= set(names) and best != worst
    # as a run of the same three presets on the same seeds ends
    plans = {key: options_tab.PRESET_PLANS[key] for key in options_tab.FIRST_PICK}
    result = run_options(plans, 8, settings.simulation.seed)
    ends = {k: v["final_relational_performance"][0] for k, v in result.totals.items()}
    assert max(ends, key=ends.get) == names[best] and min(ends, key=ends.get) == names[worst]
    assert float(best_value.replace(",", ".")) == pytest.approx(ends[names[best]], abs=0.0015)
    assert float(worst_value.replace(",", ".")) == pytest.approx(ends[names[worst]], abs=0.0015)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_compare_says_its_worlds_start_then_the_counts_the_page_shows_in_their_own_region(lang):
    settings = small(simulation__weeks=8)
    values = solara.reactive(control_values(settings))
    said, said_worlds = solara.reactive(None), solara.reactive(None)
    texts, worlds_texts = said_texts(said), said_texts(said_worlds)
    box, _ = solara.render(
        compare_tab.ComparePanel(
            Session(settings), values, lang, said=said, said_worlds=said_worlds
        ),
        handle_error=False,
    )
    found = found_in(box)
    found(hooks.PIN)[0].click()
    values.value = {**values.value, "reps.effort_hours": 45.0}
    found(hooks.COMPARE_WORLDS)[0].click()
    (sentence,) = wait_for(lambda: found(hooks.COMPARE_WORLDS_SENTENCE), timeout=300)
    wait_for(lambda: len(worlds_texts) == 2)
    assert plain(worlds_texts[0]) == SAID_WORLDS[lang][("compare", "started")]
    counted = re.search(WORLDS_COUNTED[lang], plain(worlds_texts[1]))
    shown = re.search(WORLDS_COUNTED[lang], plain(sentence.unsafe_innerHTML))
    assert counted and counted.groups() == shown.groups() and counted[2] == "32"
    assert texts == []  # the what-if's region is left to the what-if


def test_a_long_worlds_job_says_each_quarter_once_between_its_start_and_its_answer(monkeypatch):
    monkeypatch.setattr(jobs, "LONG_SECONDS", 0.0)  # every job long
    said = solara.reactive(None)
    texts = said_texts(said)
    drawn = curve_tab.worlds_band

    def worlds_band(scenario, worlds, *, posterior, progress):  # an even pace, every 5 %
        for k in range(21):
            progress(k / 20)
            if k % 5 == 0 and k < 20:  # a quarter takes seconds: the page said it meanwhile
                wait_for(lambda n=k // 5 + 1: len(texts) >= n, timeout=10)
        return drawn(scenario, worlds, posterior=posterior)

    monkeypatch.setattr(curve_tab, "worlds_band", worlds_band)
    values = solara.reactive(control_values(small(simulation__weeks=4)))
    box, _ = solara.render(curve_tab.EffortCurvePanel(values, "en", said=said), handle_error=False)
    found = found_in(box)
    found(hooks.EFFORT_CURVE)[0].click()
    wait_for(lambda: found(hooks.CURVE_DONE), timeout=300)
    found(hooks.CURVE_WORLDS)[0].click()
    wait_for(lambda: texts and texts[-1].startswith("Plausible worlds done"))
    quarters = [f"Effort curve over plausible worlds: {p} % done." for p in (25, 50, 75)]
    assert texts[:-1] == [SAID_WORLDS["en"][("curve", "started")], *quarters]


@pytest.mark.parametrize("ending", ["cancelled", "nothing", "failed"])
def test_compare_s_worlds_say_a_cancel_or_why_they_failed(monkeypatch, ending):
    settings = small(simulation__weeks=4)
    said = solara.reactive(None)
    texts = said_texts(said)

    def compare_worlds(base, whatif, *, worlds, replications, posterior, progress):
        wait_for(lambda: texts, timeout=10)  # the start is said before anything ends
        if ending == "nothing":
            raise NothingToVary("prior", ["customers.tolerance"])
        if ending == "failed":
            raise RuntimeError("boom")
        while True:  # until cancelled: then the report raises
            progress(0.1)
            time.sleep(0.01)

    monkeypatch.setattr(compare_tab, "compare_worlds", compare_worlds)
    values = solara.reactive(control_values(settings))
    box, _ = solara.render(
        compare_tab.ComparePanel(Session(settings), values, "en", said_worlds=said),
        handle_error=False,
    )
    found = found_in(box)
    found(hooks.PIN)[0].click()
    found(hooks.COMPARE_WORLDS)[0].click()
    if ending == "cancelled":
        wait_for(lambda: found(hooks.COMPARE_WORLDS_CANCEL))[0].click()
    wait_for(lambda: len(texts) == 2)
    assert texts == [SAID_WORLDS["en"][("compare", "started")], SAID_WORLDS["en"][ending]]
