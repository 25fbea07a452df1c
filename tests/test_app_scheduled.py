"""Coaching and hiring in the app: a programme set to start after the run's last week is said
to be unable to act (not judged "no clear difference"), and Compare judges a programme over the
weeks from its start, naming its start week only where it changes something."""

from __future__ import annotations

import numpy as np
import pytest

from frontends.app import css as hooks
from frontends.app import i18n, sentences
from frontends.app.data import Plan, compare, compare_worlds
from tests.test_app import Session, classes_of, compare_panel_in, small, wait_for


def coached(plan: Plan, start_week: int) -> Plan:
    return plan.with_scenario(
        plan.scenario.with_values(
            {"coaching.perception_gain": 0.6, "coaching.start_week": start_week}
        )
    )


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_coaching_that_starts_after_the_last_week_cannot_act_and_compare_says_so(lang):
    base = Plan(small(simulation__weeks=12))
    result = compare(base, coached(base, 20), replications=2)
    assert result.unreached and np.all(result.difference == 0)
    sentence = sentences.comparison_sentence(result, lang)
    said = {
        "en": "cannot act within the 12 weeks compared",
        "de": "wirkt das in einem Vergleich über 12 Wochen nicht",
    }
    assert said[lang] in sentence
    assert "no clear difference" not in sentence and "klar (" not in sentence


@pytest.mark.parametrize(
    "lang, unreached, short",
    [
        (
            "en",
            "cannot act within the 1 week compared",
            "The coaching programme lasts 12 weeks, but this run of 1 week holds only 1 of them",
        ),
        (
            "de",
            "wirkt das in einem Vergleich über 1 Woche nicht",
            "Das Coaching-Programm dauert 12 Wochen, dieser Lauf von 1 Woche umfasst aber nur 1 "
            "davon",
        ),
    ],
)
def test_a_one_week_run_tells_what_cannot_act_in_it_in_the_singular(lang, unreached, short):
    """A one-week run (simulation.weeks 1, which the schema allows) was told "cannot act in
    these 1 weeks" and "Only 1 of the coaching programme's 12 weeks lie within the run's 1
    weeks" (German "in diesen 1 Wochen", "in den 1 Wochen des Laufs")."""
    base = Plan(small(simulation__weeks=1))
    result = compare(base, coached(base, 20), replications=2)
    assert result.unreached
    assert unreached in sentences.comparison_sentence(result, lang)
    (note,) = sentences.late_notes(coached(base, 0).scenario, lang)  # 1 of its 12 weeks
    assert note.startswith(short)


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_pressure_whose_first_review_comes_after_the_run_cannot_act_and_compare_says_so(lang):
    """Reviews every 6 weeks compare two periods first in week 13: a 12-week run never gets
    there, and more pressure was judged "no clear difference" as if it had been tried."""
    base = Plan(small(simulation__weeks=12))
    pushed = base.with_scenario(
        base.scenario.with_values({"management.pressure_step": 5.0, "management.review_weeks": 6})
    )
    result = compare(base, pushed, replications=2)
    assert result.unreached and np.all(result.difference == 0)
    said = {
        "en": "cannot act within the 12 weeks compared",
        "de": "wirkt das in einem Vergleich über 12 Wochen nicht",
    }
    assert said[lang] in sentences.comparison_sentence(result, lang)
    (note,) = sentences.late_notes(pushed.scenario, lang)
    week = {"en": "comes in week 13", "de": "kommt in Woche 13"}
    assert week[lang] in note and "12" in note
    reached = pushed.scenario.with_values({"simulation.weeks": 13})
    assert sentences.late_notes(reached, lang) == []


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_pressure_capped_below_the_teams_effort_and_hiring_of_nobody_are_said(lang):
    """A cap of 40 h for a team at 50 h: no review raises anyone (the run equals one without
    pressure), and Compare called it "no clear difference" without saying why."""
    capped = small(reps__effort_hours=50, management__pressure_step=5.0, management__max_effort=40)
    (note,) = sentences.late_notes(capped, lang)
    said = {"en": "only up to 40 h a week, and the team works 50 h", "de": "nur bis 40\u00a0h pro"}
    assert said[lang] in note
    assert sentences.late_notes(capped.with_values({"management.max_effort": 60}), lang) == []
    nobody = small(reps__count=20, hiring__share=0.02)  # round(0.4) = 0 reps
    (note,) = sentences.late_notes(nobody, lang)
    said = {
        "en": "Hiring 2 % of a team of 20 is nobody",
        "de": "2\u00a0% eines Teams von 20 ergeben keine Person",
    }
    assert said[lang] in note
    assert sentences.late_notes(nobody.with_values({"hiring.share": 0.05}), lang) == []


def test_the_compare_tab_names_the_plan_whose_programme_starts_after_the_run():
    settings = small(simulation__weeks=12)
    values, found, _ = compare_panel_in("en", settings)
    found(hooks.PIN)[0].click()
    values.value = {
        **values.value,
        "coaching.perception_gain": 0.6,
        "coaching.start_week": 60,
        "hiring.share": 0.5,
        "hiring.week": 13,
    }
    found(hooks.COMPARE)[0].click()
    (sentence,) = wait_for(lambda: found(hooks.COMPARE_SENTENCE))
    assert "cannot act within the 12 weeks compared" in sentence.unsafe_innerHTML
    notes = [" ".join(map(str, w.children)) for w in found(hooks.COMPARE_LATE)]
    assert any(
        "What-if: The coaching programme starts after week 60, but the run ends with week 12" in n
        for n in notes
    )
    assert any("What-if: The hires come in week 13" in n for n in notes)


def test_the_status_box_says_when_coaching_starts_after_the_run(monkeypatch):
    page = Session(monkeypatch)
    page.small_model()  # 12 weeks
    assert page.all(hooks.LATE) == []
    page.open_advanced()
    page.set("coaching.perception_gain", 0.6)
    page.set("coaching.start_week", 60)
    (note,) = page.all(hooks.LATE)
    assert "warning--text" in classes_of(note)
    assert page.text(hooks.LATE) == (
        "The coaching programme starts after week 60, but the run ends with week 12: it cannot "
        "act in this run."
    )
    page.click(hooks.lang_button("de"))
    assert page.text(hooks.LATE).startswith("Das Coaching-Programm beginnt nach Woche 60")
    page.set("coaching.start_week", 11)  # from week 12 on: 1 of its 12 weeks runs
    assert page.text(hooks.LATE).startswith(
        "Das Coaching-Programm dauert 12 Wochen, dieser Lauf von 12 Wochen umfasst aber nur 1 davon"
    )
    page.set("coaching.start_week", 0)  # weeks 1 to 12: the whole programme runs
    assert page.all(hooks.LATE) == []


def test_compare_s_worlds_say_why_every_world_is_the_same():
    base = Plan(small(simulation__weeks=8))
    band = compare_worlds(base, coached(base, 10), worlds=2, replications=1)
    assert band.unreached and not np.any(band.per_world)
    assert "only after the last simulated week" in sentences.worlds_sentence(band, "en")
    assert "nichts wurde geändert" not in sentences.worlds_sentence(band, "de")


def test_a_start_week_moved_where_the_baseline_has_no_coaching_is_not_named_as_a_change():
    base = Plan(small(simulation__weeks=16))  # coaching start week 10, but no gain: none
    later = coached(base, 8)
    result = compare(base, later, replications=2)
    assert [name for name, *_ in result.changes] == ["coaching.perception_gain"]
    for lang in i18n.LANGUAGES:
        text = sentences.comparison_sentence(result, lang)
        assert i18n.param_label("coaching.start_week", lang) not in text
    # Where both plans coach, moving the start is a change, and is named.
    both = compare(coached(base, 10), later, replications=2)
    assert [name for name, *_ in both.changes] == ["coaching.start_week"]
    assert "coaching start from week\u00a010 to week\u00a08" in sentences.comparison_sentence(
        both, "en"
    )


def test_a_programme_is_judged_over_the_weeks_from_its_start_and_the_sentence_says_which():
    base = Plan(small(simulation__weeks=16))
    result = compare(base, coached(base, 8), replications=2)
    # The programme runs from week 9 (the week after its start): the weeks before are alike.
    assert result.start == 9 and np.all(result.difference[:9] == 0)
    late = result.totals["relational_performance"]
    whatif = np.array(result.whatif[9:]).mean()
    assert late.whatif == pytest.approx(whatif)
    assert "Weeks 9 to 16:" in sentences.comparison_sentence(result, "en")
    assert "Wochen 9 bis 16:" in sentences.comparison_sentence(result, "de")
    # Hiring acts from its week on.
    hired = base.with_scenario(base.scenario.with_values({"hiring.share": 0.5, "hiring.week": 5}))
    assert compare(base, hired, replications=2).start == 5
