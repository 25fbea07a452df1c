"""Managers' studies: each runs at a reduced size and states answers computed from its results."""

from __future__ import annotations

import html
import itertools
import json
import re
import shutil
import string

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from scipy import stats as scipy_stats

from experiments.intervals import MIN_RESAMPLED
from experiments.refusals import refusal
from experiments.store import ResultStore
from experiments.studies import (
    BAND,
    EFFORT,
    NO_CI,
    REVENUE_WINDOW,
    RP,
    STUDIES,
    _with_trend,
    add_worlds,
    coaching_payoff,
    contrast_ci,
    customer_mix,
    diff_ci,
    effort_sweet_spot,
    empathy_text,
    hiring,
    lead_settings,
    leading_indicator,
    legend,
    line_chart,
    load_study,
    median_lead,
    pressure,
    replaced_text,
    revenue_peak_gain,
    run_study,
    scheduled_settings,
    team_text,
    write_study,
)
from experiments.study_texts import GLOSSARY, TEXTS, number, percent, say, weeks
from experiments.worlds import NOMINAL
from sim.params import ConfigError
from sim.population import hired_reps
from tests.helpers import REPO, rapport_in_process

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    """Every study, run once at a reduced size (3 replications, 6 reps, 3 worlds where it has
    worlds)."""
    folders = {}
    for name in STUDIES:
        out = tmp_path_factory.mktemp(name)
        run_study(name, out, workers=1, replications=3, reps=6, worlds_count=3)
        folders[name] = out
    return folders


@pytest.fixture(scope="module")
def single(tmp_path_factory):
    """Every study from a single replication per setting (6 reps, 2 worlds where it has
    worlds)."""
    folders = {}
    for name in STUDIES:
        out = tmp_path_factory.mktemp(f"{name}-single")
        run_study(name, out, workers=1, replications=1, reps=6, worlds_count=2)
        folders[name] = out
    return folders


def in_german(folders, tmp_path_factory, **size) -> dict:
    """The same studies answered again in German, each in a copy of its folder (nothing runs
    again: the answer is written from the stored runs)."""
    german = {}
    for name, folder in folders.items():
        copy = tmp_path_factory.mktemp(f"{name}-de") / name
        shutil.copytree(folder, copy)
        write_study(name, copy, load_study(name, **size), "de")
        german[name] = copy
    return german


@pytest.fixture(scope="module")
def done_de(done, tmp_path_factory):
    return in_german(done, tmp_path_factory, replications=3, reps=6, worlds_count=3)


@pytest.fixture(scope="module")
def single_de(single, tmp_path_factory):
    return in_german(single, tmp_path_factory, replications=1, reps=6, worlds_count=2)


def answer(folder):
    return json.loads((folder / "answer.json").read_text())


def final(folder):
    """The runs at the scenario's own values (the answer's; the worlds' are separate) and
    their final week."""
    results = ResultStore(folder).read_results()
    if "world" in results:
        results = results[results["world"] == NOMINAL]
    return results, results[results["week"] == results["week"].max()]


@pytest.mark.parametrize("name", list(STUDIES))
def test_each_study_writes_its_one_page_answer(done, name):
    folder = done[name]
    data = answer(folder)
    assert data["question"].endswith("?") and data["answer"] and data["assumptions"]
    assert (folder / "study.png").read_bytes()[:4] == b"\x89PNG"
    page = (folder / "study.html").read_text()
    assert "data:image/png;base64," in page and "Assumptions" in page


def test_the_sweet_spot_is_the_effort_with_the_best_mean_quality(done):
    _, last = final(done["effort_sweet_spot"])
    means = last.groupby("reps.effort_hours")["relational_performance"].mean()
    numbers = answer(done["effort_sweet_spot"])["numbers"]
    assert numbers["sweet_spot_hours"] == means.idxmax()
    said = answer(done["effort_sweet_spot"])["answer"]
    assert f"{means.idxmax():g} h" in said
    # 3 replications are fewer than its bootstrap interval needs: none, and the answer says why
    assert numbers["sweet_spot_ci"] is None
    assert f"no 95 % CI from fewer than {MIN_RESAMPLED} replications" in said
    beside_worlds = answer(done["effort_sweet_spot"])["model_uncertainty"]
    assert (
        f"at the scenario's own values (fewer than {MIN_RESAMPLED} replications)"
        in (beside_worlds["en"])
    )
    assert f"(weniger als {MIN_RESAMPLED} Wiederholungen)" in beside_worlds["de"]


def test_the_hiring_difference_is_the_difference_of_the_stored_means(done):
    _, last = final(done["hiring"])
    shares = sorted(last["hiring.share"].unique())
    by_share = last.groupby("hiring.share")["relational_performance"].mean()
    numbers = answer(done["hiring"])["numbers"]
    expected = by_share[shares[-1]] - by_share[shares[0]]
    assert numbers["relational_performance_difference"] == pytest.approx(expected)
    assert f"{expected:+.3f}" in answer(done["hiring"])["answer"]


def coaching_arms(folder) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """A stored coaching study's runs of the coached team and of the team as is (both at the
    lower effort), and the week after which the programme starts."""
    results, _ = final(folder)
    start = load_study("coaching").base.coaching.start_week
    base = results["reps.effort_hours"] == results["reps.effort_hours"].min()
    coached = results[(results["coaching.perception_gain"] > 0) & base]
    as_is = results[(results["coaching.perception_gain"] == 0) & base]
    return coached, as_is, start


def test_the_coaching_payoff_week_is_where_the_coached_team_stays_ahead_of_doing_nothing(done):
    coached, as_is, start = coaching_arms(done["coaching"])
    numbers = answer(done["coaching"])["numbers"]
    a = coached.groupby("week")["relational_performance"].mean()
    b = as_is.groupby("week")["relational_performance"].mean()
    week = numbers["payoff_week_vs_as_is"]
    if week is None:
        assert not (a > b).iloc[-1]
    else:
        assert week > start  # a programme cannot pay off before it runs
        assert (a.loc[week:] > b.loc[week:]).all()
        earlier = a.index[(a.index < week) & (a.index > start)]
        assert len(earlier) == 0 or not (a.loc[earlier[-1] :] > b.loc[earlier[-1] :]).all()


def test_the_coaching_payoff_says_from_which_week_the_lead_is_beyond_the_noise(done):
    """A sceptical check of the stored runs: "pays off from week 12 on" was where the coached
    team's mean stayed ahead, by +0.001 there (95 % interval −0.004 to 0.007); the interval
    stays above zero only from week 14 on. The answer now says both, the second from each
    week's Welch interval of the stored runs."""
    coached, as_is, start = coaching_arms(done["coaching"])
    numbers = answer(done["coaching"])["numbers"]
    lows = {}
    for week, arm in coached.groupby("week"):
        a = arm["relational_performance"].to_numpy()
        b = as_is.loc[as_is["week"] == week, "relational_performance"].to_numpy()
        lows[week] = scipy_stats.ttest_ind(a, b, equal_var=False).confidence_interval(0.95).low
    above = pd.Series(lows) > 0
    weeks = [w for w in above.index if w > start and above.loc[w:].all()]
    clearly = numbers["payoff_week_vs_as_is_clearly"]
    assert clearly == (int(weeks[0]) if weeks else None)
    assert clearly is None or clearly >= numbers["payoff_week_vs_as_is"]
    said, payoff = answer(done["coaching"])["answer"], numbers["payoff_week_vs_as_is"]
    if payoff is not None:
        clause = (
            "(never clearly: the 95 % interval"
            if clearly is None
            else "stays above zero from then on)"
            if clearly == payoff
            else f"above zero in every week, only from week {clearly} on)"
        )
        assert clause in said, said


def test_a_coaching_payoff_from_single_runs_says_nothing_of_the_noise(single):
    """One replication per arm gives no interval: the answer says when the mean leads and
    nothing about whether the lead is clear."""
    data = answer(single["coaching"])
    assert data["numbers"]["payoff_week_vs_as_is_clearly"] is None
    assert "clearly" not in data["answer"]


@pytest.mark.parametrize(
    "lows, clearly, said",
    [
        (
            {0: -1, 16: 1},
            16,
            "pays off from week 14 on (clearly, with the 95 % interval of the "
            "difference above zero in every week, only from week 16 on)",
        ),
        (
            {0: -1, 14: 1},
            14,
            "pays off from week 14 on (clearly: the 95 % interval of the difference "
            "stays above zero from then on)",
        ),
        (
            {0: -1, 14: 1, 30: -1},
            None,
            "pays off from week 14 on (never clearly: the 95 % interval of "
            "the difference does not stay above zero)",
        ),
    ],
)
def test_the_coaching_payoff_week_and_the_week_it_is_clear_are_told_apart(lows, clearly, said):
    """Hand-checked: the coached team's mean leads doing nothing from week 14 on (programme
    weeks 9–20); whether that lead is beyond the noise comes from each week's interval."""
    means = arms(coached={0: 0.5, 10: 0.49, 14: 0.52}, more={0: 0.5, 6: 0.45})
    steps = pd.Series([lows[max(w for w in lows if w <= week)] for week in WEEKS], WEEKS)
    text, weeks = coaching_payoff(
        means, start_week=8, duration_weeks=12, base_effort=40, more_effort=50, clear=steps > 0
    )
    assert weeks["payoff_week_vs_as_is"] == 14 and said in text
    assert weeks["payoff_week_vs_as_is_clearly"] == clearly
    german, _ = coaching_payoff(means, 8, 12, 40, 50, lang="de", clear=steps > 0)
    assert "95-%-Intervall des Unterschieds" in german


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_contrast_of_two_groups_is_welch_s_difference(seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(0.3, 0.05, 4), rng.normal(0.2, 0.2, 7)
    value, interval = contrast_ci([a, b], [1, -1])
    expected, expected_interval = diff_ci(a, b)
    assert value == pytest.approx(expected) and interval == pytest.approx(expected_interval)


def test_a_four_group_contrast_s_interval_covers_the_true_contrast_95_times_in_100():
    """The interaction of hours and programme (coaching): four independent arms of 3 to 6
    runs with unequal spreads; 4,000 simulated studies, three seeds."""
    sds, sizes, weights = (0.01, 0.05, 0.02, 0.08), (3, 6, 4, 5), (1, -1, -1, 1)
    for seed in (11, 12, 13):
        rng = np.random.default_rng(seed)
        covered = 0
        for _ in range(4000):
            groups = [rng.normal(0, sd, n) for sd, n in zip(sds, sizes, strict=True)]
            _, (low, high) = contrast_ci(groups, weights)
            covered += low <= 0 <= high
        assert 0.935 <= covered / 4000 <= 0.97, (seed, covered)


def test_the_coaching_answer_says_when_hours_and_programme_interact(done):
    """A hand check of a stored study (helper 111): the split of the coached team's lead into
    hours (+0.131) and programme (+0.159) depends on its order, since the programme does more
    at 50 h (+0.299); the answer now gives the interaction and the other order whenever the
    interaction's interval excludes zero."""
    coached, as_is, _ = coaching_arms(done["coaching"])
    results, last = final(done["coaching"])
    high = last["reps.effort_hours"].max()
    at_high = last[last["reps.effort_hours"] == high]
    coached_high = at_high[at_high["coaching.perception_gain"] > 0][RP]
    pushed = at_high[at_high["coaching.perception_gain"] == 0][RP]
    end = int(results["week"].max())
    c, s = (arm[arm["week"] == end][RP] for arm in (coached, as_is))
    numbers = answer(done["coaching"])["numbers"]
    expected = (coached_high.mean() - pushed.mean()) - (c.mean() - s.mean())
    value = numbers["relationship_interaction_of_hours_and_programme"]
    assert value == pytest.approx(expected)
    assert numbers["relationship_difference_of_hours_with_coaching"] == pytest.approx(
        c.mean() - coached_high.mean()
    )
    low, high_end = numbers["relationship_interaction_of_hours_and_programme_ci"]
    said = answer(done["coaching"])["answer"]
    assert ("Hours and programme interact" in said) == (low > 0 or high_end < 0)


def test_the_coaching_answer_names_the_empathy_of_the_team_it_coached(done):
    """An audit: with a smart-worker scenario (perception 0.9) the study coached its own team of
    0.2, which only the assumptions below said; the headline named the hours alone."""
    said = answer(done["coaching"])["answer"]
    reps = load_study("coaching").base.reps
    assert f"for a team at 40 h (perception {reps.perception:g}, regulation " in said


def test_the_coaching_difference_is_split_into_the_hours_and_the_programme(done):
    """+0.290 against 50 h without coaching mixed two effects, 10 h less and the programme; the
    answer now gives each from the stored final weeks, and they add up to the whole."""
    _, last = final(done["coaching"])
    numbers = answer(done["coaching"])["numbers"]
    low, high = last["reps.effort_hours"].min(), last["reps.effort_hours"].max()

    def mean(gain_above_zero: bool, effort: float) -> float:
        coached = (last["coaching.perception_gain"] > 0) == gain_above_zero
        arm = last[coached & (last["reps.effort_hours"] == effort)]
        return float(arm["relational_performance"].mean())

    hours = mean(False, low) - mean(False, high)
    programme = mean(True, low) - mean(False, low)
    assert numbers["relationship_difference_of_hours"] == pytest.approx(hours)
    assert numbers["relationship_difference_of_programme"] == pytest.approx(programme)
    assert numbers["relationship_difference"] == pytest.approx(hours + programme)
    said = answer(done["coaching"])["answer"]
    assert number(hours, "en", "+.3f") in said and number(programme, "en", "+.3f") in said
    assert "from the programme itself" in said


@pytest.mark.parametrize("name", ["coaching", "hiring"])
def test_a_revenue_interval_names_its_unit_at_both_ends(done, name):
    """ "by 1.2 k€ (95 % CI 0.8 to 1.6)" left the reader to guess the ends' unit. The ends are
    signed as the difference is ("+1.2 k€ (95 % CI +0.8 k€ to +1.6 k€)")."""
    data = answer(done[name])
    low, high = data["numbers"]["revenue_ci"]
    ends = (number(v, "en", "+.1f") + " k€" for v in (low, high))
    assert "95 % CI {} to {}".format(*ends) in data["answer"]


WEEKS = list(range(0, 32, 2))


def arms(coached, more, as_is=None) -> pd.DataFrame:
    """Weekly means of the three arms from {first week: value} steps."""

    def series(steps):
        return pd.Series([steps[max(w for w in steps if w <= week)] for week in WEEKS], WEEKS)

    return pd.DataFrame(
        {
            "coached": series(coached),
            "more effort": series(more),
            "as is": series(as_is or {0: 0.5}),
        }
    )


def test_the_coaching_statement_credits_the_programme_only_with_its_own_lead():
    """Hand-checked: 50 h falls behind 40 h from week 6, before the programme (weeks 9–20);
    the coached team dips while training and overtakes doing nothing from week 14."""
    means = arms(coached={0: 0.5, 10: 0.49, 14: 0.52}, more={0: 0.5, 6: 0.45})
    text, weeks = coaching_payoff(
        means, start_week=8, duration_weeks=12, base_effort=40, more_effort=50
    )
    assert weeks == {
        "payoff_week_vs_as_is": 14,
        "payoff_week_vs_as_is_clearly": None,  # no intervals given: nothing said of them
        "payoff_week_vs_more_effort": 6,
        "less_effort_ahead_from_week": 6,
    }
    assert "clearly" not in text
    assert "the programme (weeks 9–20) pays off from week 14 on" in text
    assert "ahead from week 6 on, before the programme starts" in text
    assert "comes from the hours, not from coaching" in text


@pytest.mark.parametrize("lang", ["en", "de"])
def test_an_early_lead_the_uncoached_team_does_not_share_is_called_chance_not_hours(lang):
    """Hand-checked: the coached team leads 50 h from week 0, before the programme (weeks
    9–20), but the uncoached team at 40 h never leads 50 h lastingly; the answer said that lead
    came from the hours, which its own numbers (``less_effort_ahead_from_week`` None) deny."""
    means = arms(coached={0: 0.52}, more={0: 0.5}, as_is={0: 0.5, 4: 0.49, 10: 0.51, 24: 0.49})
    text, weeks = coaching_payoff(
        means, start_week=8, duration_weeks=12, base_effort=40, more_effort=50, lang=lang
    )
    assert weeks["payoff_week_vs_more_effort"] == 0
    assert weeks["less_effort_ahead_from_week"] is None
    chance = {"en": "that early lead is chance between the runs", "de": "ist Zufall"}[lang]
    hours = {"en": "comes from the hours", "de": "kommt also von den Stunden"}[lang]
    assert chance in text and hours not in text


def test_a_lead_over_more_effort_after_the_start_is_the_programmes():
    """Hand-checked: more effort is better until week 16, then the coached team leads."""
    means = arms(coached={0: 0.5, 16: 0.6}, more={0: 0.55}, as_is={0: 0.5})
    text, weeks = coaching_payoff(
        means, start_week=8, duration_weeks=12, base_effort=40, more_effort=50
    )
    assert (
        weeks["payoff_week_vs_more_effort"] == 16 and weeks["less_effort_ahead_from_week"] is None
    )
    assert "against 10 more hours of effort it takes a lasting lead from week 16 on" in text
    assert "pays off from week 16 on" in text


def test_failed_runs_are_counted_in_the_answer_and_on_the_page(done, tmp_path):
    """A run that failed (recorded as the executor records it) is named, not silently dropped."""
    folder = tmp_path / "hiring"
    shutil.copytree(done["hiring"], folder)
    before = answer(folder)["runs"]
    assert before["failed"] == 0 and before["done"] == before["planned"]
    store = ResultStore(folder)
    store.append_failures(
        [
            {
                "run_key": "k-failed",
                "point": 0,
                "replication": 9,
                "seed": 1,
                "parameters": {"hiring.share": 0.0},
                "error": "RuntimeError: planted failure",
            }
        ]
    )
    write_study("hiring", folder, load_study("hiring", replications=3, reps=6))
    data = answer(folder)
    assert data["runs"]["failed"] == 1
    assert "1 of" in data["answer"] and "failed and are left out" in data["answer"]
    for page in ("study.md", "study.html"):
        assert "1 failed and are left out" in (folder / page).read_text(), page
    write_study("hiring", folder, load_study("hiring", replications=3, reps=6), "de")
    german = answer(folder)
    assert german["runs"] == data["runs"]
    assert f"(1 von {data['runs']['planned']} Läufen fehlgeschlagen" in german["answer"]
    for page in ("study.md", "study.html"):
        assert "1 davon fehlgeschlagen und in keiner Zahl enthalten" in (folder / page).read_text()


def test_relationship_quality_leads_revenue_where_the_stored_means_say(done):
    results, _ = final(done["leading_indicator"])
    numbers = answer(done["leading_indicator"])["numbers"]
    assert numbers["settings"], "at least one harmful effort"
    for row in numbers["settings"]:
        group = results[np.isclose(results["customers.tolerance"], row["tolerance"])]
        means = {  # the mean of the runs' centred means is the centred mean of their mean
            e: group[group["reps.effort_hours"] == e]
            .groupby("week")["relational_performance"]
            .mean()
            .rolling(REVENUE_WINDOW, center=True, min_periods=1)
            .mean()
            for e in (row["best_effort"], row["effort"])
        }
        best, harmful = means[row["best_effort"]], means[row["effort"]]
        week = row["relationship_falls_week"]
        if week is not None:
            assert (harmful.loc[week:] < best.loc[week:]).all()
        if row["lead_weeks"] is not None:
            assert row["lead_weeks"] == row["revenue_falls_week"] - week


def test_a_study_of_a_team_whose_own_schedule_moves_its_traits_says_so_or_refuses(tmp_path):
    """A team file's intervention on the swept effort makes the answer mix two teams: refused.
    Its pressure and coaching move effort and empathy during every run: the answer names where
    the teams start, and says so; a programme the study varies itself is its subject."""
    team = tmp_path / "team.yaml"
    team.write_text("interventions:\n  - {week: 4, effort_hours: 30}\n", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_study("effort_sweet_spot", scenario=str(team))
    assert str(refused.value) == (
        "study effort_sweet_spot: in team.yaml, interventions.0 sets reps.effort_hours to 30 "
        "from week 5: the axis reps.effort_hours acts only in weeks 1–4, so its answer would mix "
        "two teams; remove interventions.0 (interventions) to study this team"
    )
    programmes = tmp_path / "programmes.yaml"
    programmes.write_text(
        "management: {pressure_step: 3}\ncoaching: {perception_gain: 0.5, start_week: 6}\n",
        encoding="utf-8",
    )
    sweep = load_study("effort_sweet_spot", scenario=str(programmes), worlds="none")
    pressure, coaching = scheduled_settings(sweep, "en")
    assert pressure.startswith("The scenario's management pressure (3 h at reviews every 4 weeks)")
    assert "from week 9 on" in pressure
    assert "raises the team's perception by 0.5 from week 7 on" in coaching
    assert "beim Team die Wahrnehmung um 0,5" in scheduled_settings(sweep, "de")[1]
    # The coaching study varies coaching and the pressure study pressure: each names the other.
    (said,) = scheduled_settings(load_study("coaching", scenario=str(programmes)), "en")
    assert said.startswith("The scenario's management pressure")
    (said,) = scheduled_settings(load_study("pressure", scenario=str(programmes)), "en")
    assert said.startswith("The scenario's coaching programme")

    # An intervention on a trait the study does not vary changes the answer: said too.
    team.write_text(
        "interventions:\n  - {week: 20, effort_hours: 30}\n  - {week: 40, perception: 0.9}\n",
        encoding="utf-8",
    )
    (said,) = scheduled_settings(load_study("hiring", scenario=str(team), worlds="none"), "en")
    assert said == (
        "The scenario's own schedule sets the team's effort to 30 h from week 21 and perception "
        "to 0.9 from week 41 in every setting: the effort and empathy the answer names are those "
        "the teams start with."
    )
    (said,) = scheduled_settings(load_study("hiring", scenario=str(team), worlds="none"), "de")
    assert "den Einsatz ab Woche 21 auf 30\u00a0h und die Wahrnehmung ab Woche 41 auf 0,9" in said


def planted_lead_runs(quality, revenue, weeks: int = 41) -> pd.DataFrame:
    """Three arms at one tolerance, 3 replications: 20 h (poor), 30 h (best: quality 0.5,
    revenue 5) and 40 h, whose quality and revenue in week w are ``quality(w)``, ``revenue(w)``."""
    rows = []
    for effort, replication, week in itertools.product((20.0, 30.0, 40.0), range(3), range(weeks)):
        arm = {20.0: (0.4, 4.0), 30.0: (0.5, 5.0), 40.0: (quality(week), revenue(week))}[effort]
        rows.append(
            {
                "run_key": f"{effort}-{replication}",
                "week": week,
                "customers.tolerance": 1.6,
                EFFORT: effort,
                RP: arm[0] + 0.001 * replication,
                "revenue": arm[1],
            }
        )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("lag", [0, 3])
def test_a_lead_is_the_lag_of_revenue_behind_relationships_not_of_the_smoothing(lag):
    """Planted runs: the harmful arm's relationship quality sinks below the best arm's after week
    12 on a straight line, and revenue follows it ``lag`` weeks later. The lead is ``lag``: a
    trailing mean of revenue alone added 3 weeks to it."""
    runs = planted_lead_runs(
        lambda w: 0.5 + 0.01 * (12 - w), lambda w: 10 * (0.5 + 0.01 * (12 - (w - lag)))
    )
    (row,), _ = lead_settings(_with_trend(runs))
    assert (row["best_effort"], row["effort"]) == (30.0, 40.0)
    assert row["relationship_falls_week"] == 13
    assert row["revenue_falls_week"] == 13 + lag and row["lead_weeks"] == lag


def test_revenue_behind_only_in_the_runs_last_weeks_has_not_fallen_behind_for_good():
    """Revenue sinks below the best arm's only from week 38 of 40: its centred mean, which in
    the last half window sees only the weeks before, falls behind in week 39, and gave a 'lead'
    of most of the run (90 weeks at tolerance 2 in the study). It has not fallen behind for good
    within the run."""
    runs = planted_lead_runs(lambda w: 0.5 + 0.01 * (12 - w), lambda w: 5.0 + 0.1 * (37 - w))
    (row,), _ = lead_settings(_with_trend(runs))
    assert row["relationship_falls_week"] == 13
    assert row["revenue_falls_week"] is None and row["lead_weeks"] is None


def test_the_leading_indicator_is_answered_in_each_plausible_world_from_its_own_runs(done):
    folder = done["leading_indicator"]
    numbers = answer(folder)["numbers"]
    by_world = numbers["worlds"]["answer_by_world"]
    assert set(by_world) == {"0", "1", "2"}
    results = ResultStore(folder).read_results()
    for world, lead in by_world.items():
        expected = median_lead(results[results["world"] == int(world)])
        assert lead == expected or (np.isnan(lead) and np.isnan(expected))
    low, high = numbers["median_lead_ci"] or (numbers["median_lead_weeks"],) * 2
    assert low <= numbers["median_lead_weeks"] <= high


def test_pressure_pushes_effort_up_and_hurts_the_low_ei_team_more(done):
    numbers = answer(done["pressure"])["numbers"]
    assert numbers["low_ei"]["effort_end"] > numbers["low_ei"]["effort_start"]
    assert (
        numbers["low_ei"]["relationship_difference"] < numbers["high_ei"]["relationship_difference"]
    )


@pytest.mark.parametrize(
    "name, axis",
    [("customer_mix", "channels.email_share"), ("portfolio_size", "customers.per_rep")],
)
def test_sweet_spots_by_group_come_from_the_results(done, name, axis):
    _, last = final(done[name])
    grid = sorted(last["reps.effort_hours"].unique())
    for row in answer(done[name])["numbers"]["sweet_spots"]:
        group = last[np.isclose(last[axis], row[axis])]
        means = group.groupby("reps.effort_hours")["relational_performance"].mean()
        assert row["sweet_spot"] == means.idxmax()
        edge = {grid[0]: "lowest", grid[-1]: "highest"}.get(means.idxmax())
        assert row["at_grid_edge"] == edge
    if name == "portfolio_size":  # "at 60 customers per rep", not "at customers per rep 60"
        sizes = sorted(last[axis].unique())
        assert f"at {sizes[-1]:g} customers per rep" in answer(done[name])["answer"]


# --- what a single replication cannot say ---------------------------------------------------------

# Where each study's answer.json keeps its intervals over replications (every study's).
INTERVALS = {
    "effort_sweet_spot": lambda n: [n["sweet_spot_ci"]],
    "coaching": lambda n: [n["relationship_ci"], n["revenue_ci"]],
    "hiring": lambda n: [n[f"{m}_ci"] for m in ("relational_performance", "churned", "revenue")],
    "pressure": lambda n: [n["low_ei"]["ci"], n["high_ei"]["ci"]],
    "customer_mix": lambda n: [r["ci_low"] for r in n["sweet_spots"]],
    "portfolio_size": lambda n: [r["ci_low"] for r in n["sweet_spots"]],
    "leading_indicator": lambda n: [r["lead_ci"] for r in n["settings"]] + [n["median_lead_ci"]],
}
assert INTERVALS.keys() == STUDIES.keys(), "a new study: say where its intervals are"


@pytest.mark.parametrize("name", list(INTERVALS))
def test_a_single_replication_gives_no_interval_and_says_so(single, name):
    data = answer(single[name])
    assert all(ci is None for ci in INTERVALS[name](data["numbers"]))
    assert NO_CI in data["answer"]
    # no interval of zero width, the bootstrap's answer from one value ("95 % CI 10 h to 10 h")
    assert not re.search(r"95 % CI ([-+−\d.]+( h)?) to \1\b", data["answer"]), data["answer"]
    spread = data["numbers"].get("worlds")
    if spread is not None:
        assert spread["monte_carlo_95"] is None
        english = data["model_uncertainty"]["en"]
        assert "no 95 % CI at the scenario's own values (a single replication)" in english
        assert "eine einzige Wiederholung" in data["model_uncertainty"]["de"]
        assert "none (see below)" in (single[name] / "study.html").read_text()


def test_a_difference_from_a_single_replication_has_no_interval():
    difference, interval = diff_ci(np.array([0.7]), np.array([0.5, 0.6]))
    assert difference == pytest.approx(0.15) and interval is None
    difference, (low, high) = diff_ci(np.array([0.7, 0.8]), np.array([0.5, 0.6]))
    assert difference == pytest.approx(0.2) and low < difference < high
    # without any noise the difference is exact (the t interval would divide by zero)
    assert diff_ci(np.array([3.0, 3.0]), np.array([1.0, 1.0])) == (2.0, [2.0, 2.0])


@pytest.mark.parametrize(("n", "seed"), [(2, 11), (3, 12), (12, 13)])
def test_a_difference_s_interval_covers_a_planted_difference_95_percent_of_the_time(n, seed):
    """The bootstrap interval it replaced covered a planted difference 67 % of the time from 2
    replications per arm and 88 % from 5 (experiments/intervals.py). Unequal variances, as a
    coached and a pushed team have; 1,000 trials (binomial sd at 95 %: 0.7 points)."""
    rng = np.random.default_rng(seed)
    trials, covered = 1000, 0
    for _ in range(trials):
        _, (low, high) = diff_ci(rng.normal(0.3, 0.02, n), rng.normal(0.2, 0.06, n))
        covered += low <= 0.1 <= high
    assert 0.93 <= covered / trials <= 0.99, covered / trials


@pytest.mark.parametrize(
    ("lang", "missing"),
    [
        ("en", f"no 95 % CI from fewer than {MIN_RESAMPLED} replications"),
        ("de", f"kein 95-%-Intervall aus weniger als {MIN_RESAMPLED} Wiederholungen"),
    ],
)
def test_a_sweet_spot_from_fewer_replications_than_a_bootstrap_needs_has_no_interval(lang, missing):
    """Resampling 2 replications gave a sweet spot's interval as if it were sure."""
    study = load_study("effort_sweet_spot")
    curve = CURVES["peaks inside"][0]
    found = {
        n: effort_sweet_spot(planted(curve, replications=n), study, np.random.default_rng(1), lang)
        for n in (2, MIN_RESAMPLED - 1, MIN_RESAMPLED)
    }
    legends = {
        n: [t.get_text() for t in a.figure.axes[0].get_legend().get_texts()]
        for n, a in found.items()
    }
    for answer_ in found.values():
        plt.close(answer_.figure)
    shaded = TEXTS[lang]["legend.sweet_spot.ci"]  # the shaded span around the sweet spot
    for n in (2, MIN_RESAMPLED - 1):
        assert found[n].numbers["sweet_spot_ci"] is None
        assert missing in found[n].answer, found[n].answer
        assert shaded not in legends[n]
    low, high = found[MIN_RESAMPLED].numbers["sweet_spot_ci"]
    assert low <= found[MIN_RESAMPLED].numbers["sweet_spot_hours"] <= high
    assert missing not in found[MIN_RESAMPLED].answer
    assert shaded in legends[MIN_RESAMPLED], legends[MIN_RESAMPLED]


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("scenario", [None, "smart_worker"])
def test_the_sweet_spot_names_its_team_and_suggests_scenario_only_when_none_was_given(
    scenario, lang
):
    """The assumption told the user to "use --scenario" even when they had."""
    given = None if scenario is None else str(REPO / "configs" / "scenarios" / f"{scenario}.yaml")
    found = effort_sweet_spot(
        planted(CURVES["peaks inside"][0]),
        load_study("effort_sweet_spot", scenario=given),
        np.random.default_rng(1),
        lang,
    )
    plt.close(found.figure)
    team = found.assumptions[0]
    assert f"{scenario or 'default'}.yaml" in team, team
    assert ("--scenario" in team) == (scenario is None), team


# --- teams whose profiles set their own traits ----------------------------------------------------

SCENARIOS = REPO / "configs" / "scenarios"
# The traits each study sweeps that mixed_team.yaml's profiles all set for themselves.
IDLE_AXES = {
    "effort_sweet_spot": "effort_hours",
    "leading_indicator": "effort_hours",
    "customer_mix": "effort_hours",
    "portfolio_size": "effort_hours",
    "coaching": "effort_hours",
    "pressure": "perception and regulation",
    "hiring": None,  # it sweeps the share of hires, which the profiles leave to it
}


@pytest.mark.parametrize("name", list(STUDIES))
def test_a_study_along_a_trait_every_profile_sets_refuses_rather_than_answer_noise(name):
    """On mixed_team.yaml (every profile at 60 h) the sweet spot study ran the same team at
    every effort and printed a peak "at about 70 h": noise read as a finding."""
    scenario = str(SCENARIOS / "mixed_team.yaml")
    trait = IDLE_AXES[name]
    if trait is None:
        assert load_study(name, scenario=scenario).base.reps.profiles
        return
    with pytest.raises(ConfigError) as refused:
        load_study(name, scenario=scenario)
    said = str(refused.value)
    assert said.startswith(f"study {name}: every profile of mixed_team.yaml sets its own "), said
    assert "acts nowhere" in said or "act nowhere" in said
    assert said.endswith(f"remove {trait} from the profiles (reps.profiles) to study this team")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_study_setting_the_team_s_profiles_replace_is_named_in_the_assumptions(tmp_path, lang):
    """Hiring sets the team's effort (50 h) and empathy (0.2); every profile of mixed_team.yaml
    sets its own, so the study's values reach no rep, and its page said nothing of it."""
    run_study(
        "hiring", tmp_path, workers=1, lang=lang, scenario=str(SCENARIOS / "mixed_team.yaml"),
        replications=1, reps=4, worlds="none",
    )  # fmt: skip
    assumptions = answer(tmp_path)["assumptions"]
    expected = {
        "en": "The study sets Effort (reps.effort_hours) to 50, but every profile of the team sets "
        "its own "
        "(hard worker 60, smart worker 60): the profiles' values apply.",
        "de": "Die Studie setzt Wahrnehmung (Empathie; reps.perception) auf 0,2, aber jedes "
        "Profil des Teams setzt "
        "seinen eigenen Wert (Hart arbeitend 0,1, Klug arbeitend 0,9): Es gelten die Werte der "
        "Profile.",
    }
    assert expected[lang] in assumptions, assumptions
    assert len([a for a in assumptions if "profil" in a.lower() and "reps." in a]) == 3
    # the default team has no profiles: nothing to say
    run_study("hiring", tmp_path / "plain", workers=1, replications=1, reps=4, worlds="none")
    plain = answer(tmp_path / "plain")["assumptions"]
    assert not [a for a in plain if "reps.effort_hours to" in a or "reps.effort_hours auf" in a]


@pytest.mark.parametrize("name", ["customer_mix", "portfolio_size"])
@pytest.mark.parametrize("worlds", ["prior", "posterior"])
def test_a_study_whose_answer_reads_no_worlds_refuses_them_rather_than_run_them(name, worlds):
    """`rapport study customer_mix --worlds prior` ran 330 runs instead of 66, counted them on
    its page ("and 2 in each of 4 plausible worlds") and explained the term, while its answer
    said nothing about them."""
    with pytest.raises(ConfigError) as refused:
        load_study(name, worlds=worlds)
    said = str(refused.value)
    assert said.startswith(f"study {name}: its answer reads no plausible worlds"), said
    assert said.endswith(f"so --worlds {worlds} would only add runs; leave it out")
    german = refusal(said, "de")
    assert "ihre Antwort nutzt keine plausiblen Welten" in german and "pressure und" in german
    assert load_study(name).file.worlds == "none"  # as its file has it: the answer it reads


def test_a_hiring_study_whose_largest_share_hires_nobody_refuses_rather_than_answer_noise():
    """Half of a team of 1 is round(0.5 × 1) = 0 reps: the study compared the same team with
    itself and said "Replacing 50% of the team with high-EI hires changes … −0.020"."""
    with pytest.raises(ConfigError) as refused:
        load_study("hiring", reps=1)
    said = str(refused.value)
    assert said.startswith("study hiring: in a team of 1 "), said
    assert "round(0.5 × 1) = 0 reps, so nobody is hired" in said
    assert said.endswith("study a team of at least 2 reps (reps.count)")
    assert load_study("hiring", reps=2).base.reps.count == 2  # one hire: the study can answer


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "replacing 40% of the team (2 of 5 reps) changes"),
        ("de", "40\u00a0% des Teams (2 von 5 "),
    ],
)
def test_the_hiring_answer_says_the_share_its_hires_really_replace(tmp_path, lang, said):
    """Half of a team of 5 is 2 reps (``sim.population.hired_reps``), 40 % of it; the answer
    said "Replacing 50% of the team"."""
    sweep = load_study("hiring", reps=5, replications=1, worlds="none")
    largest = max(next(a for a in sweep.axes if a.name == "hiring.share").values)
    hiring = sweep.base.hiring.model_copy(update={"share": largest})
    hired = hired_reps(sweep.base.model_copy(update={"hiring": hiring}))
    run_study("hiring", tmp_path, workers=1, lang=lang, reps=5, replications=1, worlds="none")
    data = answer(tmp_path)
    assert (data["numbers"]["replaced_reps"], data["numbers"]["team_reps"]) == (len(hired), 5)
    assert len(hired) / 5 == 0.4 and said in data["answer"], data["answer"]
    # where the share is a whole number of reps (the default team of 20), the share alone
    assert replaced_text(load_study("hiring").base, largest, lang) == (percent(0.5, lang), "")


@pytest.mark.parametrize(
    "lang, said, assumed",
    [
        ("en", "(2 of 4 reps: 2 from profile smart worker)", "list their profile last"),
        ("de", "(2 von 4 Personen: 2 aus dem Profil „Klug arbeitend“)", "Profil zuletzt auf"),
    ],
)
def test_the_hiring_answer_names_the_profiles_its_hires_replace(tmp_path, lang, said, assumed):
    """In mixed_team.yaml the hires replace the last reps: its smart workers (0.9), not its hard
    workers; the answer read "replacing 50% with high-EI hires" changes nothing, and said not
    whom it replaced."""
    run_study(
        "hiring", tmp_path, workers=1, lang=lang, scenario=str(SCENARIOS / "mixed_team.yaml"),
        replications=1, reps=4, worlds="none",
    )  # fmt: skip
    data = answer(tmp_path)
    assert said in data["answer"], data["answer"]
    assert data["numbers"]["replaced_profiles"] == {"smart worker": 2}
    first = {"en": "hard worker", "de": "Hart arbeitend"}[lang]  # the profile listed first
    assert [a for a in data["assumptions"] if assumed in a and first in a]


def planted_hiring(replications: int = 3) -> pd.DataFrame:
    """A hiring study's final week: hires at every share raise relationship quality by the
    share, with a little noise between replications."""
    return pd.DataFrame(
        [
            {"hiring.share": share, "replication": r, "week": 104,
             RP: 0.4 + share + 0.01 * r, "churned": 300 - 100 * share + r, "revenue": 50 + r}
            for share in (0.0, 0.25, 0.5)
            for r in range(replications)
        ]
    )  # fmt: skip


EFFORT_TEAM = (
    "reps:\n  count: 4\n  profiles:\n"
    "    - {name: juniors, share: 0.5, effort_hours: 40}\n"
    "    - {name: seniors, share: 0.5, effort_hours: 60}\n"
)


@pytest.mark.parametrize(
    "scenario, lang, said",
    [
        ("mixed_team.yaml", "en", "at 60 h per week (4 reps)"),
        ("mixed_team.yaml", "de", "mit 60\u00a0h pro Woche (4 Personen)"),
        ("effort_team.yaml", "en", "at 40 h to 60 h (mean 50 h) per week (4 reps)"),
        (
            "effort_team.yaml",
            "de",
            "mit 40\u00a0h bis 60\u00a0h (Mittel 50\u00a0h) pro Woche (4 Personen)",
        ),
    ],
)
def test_the_hiring_answer_gives_the_hours_the_profiles_work(tmp_path, scenario, lang, said):
    """Every profile of mixed_team.yaml works 60 h, which the runs use; the answer's team worked
    "at 50 h per week", the study's team effort that no rep had, while its assumptions said
    the profiles' values apply."""
    (tmp_path / "effort_team.yaml").write_text(EFFORT_TEAM)
    path = tmp_path / scenario if scenario == "effort_team.yaml" else SCENARIOS / scenario
    sweep = load_study("hiring", scenario=str(path), reps=4)
    assert sweep.base.reps.effort_hours == 50  # the study's own, which every profile overrides
    found = hiring(planted_hiring(), sweep, np.random.default_rng(1), lang)
    plt.close(found.figure)
    assert said in found.answer, found.answer
    assert "50 h per" not in found.answer and "50 h pro" not in found.answer


EMPATHY_TEAM = (
    "reps:\n  profiles:\n"
    "    - {name: hard worker, share: 0.5, perception: 0.1, regulation: 0.1}\n"
    "    - {name: smart worker, share: 0.5, perception: 0.9}\n"  # regulation: the team's 0.5
)


@pytest.mark.parametrize(
    "lang, team, assumed",
    [
        (
            "en",
            "For a team of 50% hard worker (perception 0.1, regulation 0.1) and 50% smart worker "
            "(perception 0.9, regulation 0.5), relationship quality peaks",
            "empathy_team.yaml (50% hard worker: perception 0.1, regulation 0.1; 50% smart "
            "worker: perception 0.9, regulation 0.5).",
        ),
        (
            "de",
            "Für ein Team, zu 50\u00a0% „Hart arbeitend“ (Wahrnehmung 0,1, Regulation 0,1) und "
            "zu 50\u00a0% „Klug arbeitend“ (Wahrnehmung 0,9, Regulation 0,5), ist die "
            "Beziehungsqualität",
            "empathy_team.yaml (50\u00a0% „Hart arbeitend“: Wahrnehmung 0,1, Regulation 0,1; "
            "50\u00a0% „Klug arbeitend“: Wahrnehmung 0,9, Regulation 0,5).",
        ),
    ],
)
def test_a_team_whose_profiles_set_its_empathy_is_described_by_its_profiles(
    tmp_path, lang, team, assumed
):
    """The answer said "a team with perception 0.5 and regulation 0.5": the team's values,
    which no rep of the profiles had."""
    (tmp_path / "empathy_team.yaml").write_text(EMPATHY_TEAM)
    sweep = load_study("effort_sweet_spot", scenario=str(tmp_path / "empathy_team.yaml"))
    found = effort_sweet_spot(
        planted(CURVES["peaks inside"][0]), sweep, np.random.default_rng(1), lang
    )
    plt.close(found.figure)
    assert found.answer.startswith(team), found.answer
    assert found.assumptions[0].endswith(assumed), found.assumptions[0]
    # coaching's team: the study sets the team's regulation (0.2), which smart worker takes
    coached = load_study("coaching", scenario=str(tmp_path / "empathy_team.yaml")).base.reps
    own = assumed.removeprefix("empathy_team.yaml (").removesuffix(").")
    assert empathy_text(coached, lang) == own[:-3] + ("0,2" if lang == "de" else "0.2")


def test_a_team_of_many_profiles_is_summed_up_by_ranges_and_means(tmp_path):
    """A team calibrated to a CRM export has one profile per rep: the answer listed all twelve
    ("8% rep01 (perception 0.4617, ...) and 8% rep02 ...")."""
    profiles = "".join(
        f"    - {{name: r{i}, share: 0.2, perception: {0.2 + 0.1 * i:g}}}\n" for i in range(5)
    )
    (tmp_path / "five.yaml").write_text(f"reps:\n  regulation: 0.4\n  profiles:\n{profiles}")
    reps = load_study("effort_sweet_spot", scenario=str(tmp_path / "five.yaml")).base.reps
    # regulation: every profile takes the team's 0.4, a value, not "0.4 to 0.4 (mean 0.4)"
    assert team_text(reps) == (
        "a team of 5 profiles with perception 0.2 to 0.6 (mean 0.4) and regulation 0.4"
    )
    assert empathy_text(reps, "de") == (
        "5 Profile: Wahrnehmung 0,2 bis 0,6 (Mittel 0,4), Regulation 0,4"
    )
    # 7 reps: 2, 2, 1, 1 and 1 of them (shares rounded to whole reps, as a run splits them), so
    # the reps' mean is 2.5 / 7, not the shares' 0.4
    seven = reps.model_copy(update={"count": 7})
    assert team_text(seven) == (
        "a team of 5 profiles with perception 0.2 to 0.6 (mean 0.36) and regulation 0.4"
    )
    # a team file's EI means come with 4 decimals: the answer gives the 2 a trait is read with
    precise = reps.model_copy(
        update={
            "profiles": tuple(
                p.model_copy(update={"perception": p.perception + 0.0017}) for p in reps.profiles
            )
        }
    )
    assert team_text(precise) == (
        "a team of 5 profiles with perception 0.2 to 0.6 (mean 0.4) and regulation 0.4"
    )


def leading_runs() -> pd.DataFrame:
    """Weekly runs of the leading indicator on a known course: 30 h gains every week, 40 h
    stays put (so it falls behind), at each tolerance; 3 replications."""
    rows = []
    for tolerance in (1.3, 1.6, 2.0):
        for effort in (20.0, 30.0, 40.0):
            for replication in range(3):
                for week in range(31):
                    quality = 0.5 + 0.01 * week * (1 - abs(effort - 30) / 10) + 0.001 * replication
                    rows.append(
                        {
                            "run_key": f"{tolerance}-{effort}-{replication}",
                            "replication": replication,
                            "week": week,
                            "customers.tolerance": tolerance,
                            EFFORT: effort,
                            RP: quality,
                            "revenue": 10 * quality,
                        }
                    )
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    "scenario, lang, named",
    [
        (None, "en", ("(default scenario)", "Model parameters: the default scenario,")),
        ("smart_worker", "en", ("(scenario smart_worker.yaml)", "the scenario smart_worker.yaml,")),
        (None, "de", ("(Standardszenario)", "Modellparameter: das Standardszenario sowie")),
        ("smart_worker", "de", ("(Szenario smart_worker.yaml)", "das Szenario smart_worker.yaml")),
    ],
)
def test_the_leading_indicator_names_the_scenario_it_was_given(scenario, lang, named):
    """Its answer said "(default scenario)" and "Model parameters: the default scenario" for
    any --scenario."""
    given = None if scenario is None else str(SCENARIOS / f"{scenario}.yaml")
    found = leading_indicator(
        leading_runs(), load_study("leading_indicator", scenario=given), None, lang
    )
    plt.close(found.figure)
    head, parameters = named
    assert head in found.answer, found.answer
    assert parameters in found.assumptions[-1], found.assumptions[-1]
    other = "default scenario" if lang == "en" else "Standardszenario"
    assert (other in found.answer + found.assumptions[-1]) == (scenario is None)


# --- optima at the edge of the grid ---------------------------------------------------------------

EFFORTS = [10.0, 20.0, 30.0, 40.0, 50.0, 60.0]
CURVES = {
    "falls all the way": (lambda x: 0.9 - 0.01 * x, "lowest", "below"),
    "rises all the way": (lambda x: 0.1 + 0.01 * x, "highest", "above"),
    "peaks inside": (lambda x: 0.8 - 0.0004 * (x - 30) ** 2, None, None),
}


def planted(curve, replications: int = 4, **columns) -> pd.DataFrame:
    """Final-week results of ``replications`` per effort on a known curve (``columns``: the
    values of other swept parameters)."""
    rng = np.random.default_rng(5)
    quality = [
        (e, r, curve(e) + rng.normal(0, 0.002)) for e in EFFORTS for r in range(replications)
    ]
    return pd.DataFrame(
        [
            {"week": 52, "replication": r, EFFORT: e, RP: q, "revenue": 10 * q, **columns}
            for e, r, q in quality
        ]
    )


@pytest.mark.parametrize("shape", list(CURVES))
def test_a_sweet_spot_at_the_end_of_the_grid_is_flagged(shape):
    curve, edge, side = CURVES[shape]
    found = effort_sweet_spot(
        planted(curve), load_study("effort_sweet_spot"), np.random.default_rng(1)
    )
    plt.close(found.figure)
    assert found.numbers["sweet_spot_at_grid_edge"] == edge
    assert found.numbers["revenue_sweet_spot_at_grid_edge"] == edge
    flagged = f"the {edge} effort of the grid (10 h to 60 h): the true sweet spot may lie {side} it"
    assert (flagged in found.answer) == (edge is not None), found.answer
    assert ("of the grid" in found.answer) == (edge is not None)
    if edge == "highest":  # nothing beyond it to fit a cost per hour to
        assert found.numbers["cost_per_extra_hour"] is None and "too few efforts" in found.answer


@pytest.mark.parametrize("lang", ["en", "de"])
def test_a_sweet_spot_whose_interval_reaches_the_top_of_the_grid_is_flagged(lang):
    # A curve that rises to 50 h and stays flat: 60 h is worse on average by 0.0002 only, so
    # 50 h is best, but resampled replications put the best at 60 h often. The answer said
    # "peaks at about 50 h" and nothing about the grid's end.
    rng = np.random.default_rng(5)
    residuals = rng.normal(0, 0.002, 8)
    residuals -= residuals.mean()  # the means are the curve's, exactly
    rows = []
    for e in EFFORTS:
        # 60 h: the same residuals in another order (the same mean, other pairs to resample)
        noise = np.roll(residuals, 3) if e == 60 else residuals
        mean = 0.1 + 0.01 * min(e, 50.0) - (0.0002 if e == 60 else 0.0)
        for r, n in enumerate(noise):
            rows.append({"week": 52, "replication": r, EFFORT: e, RP: mean + n, "revenue": 0.0})
    found = effort_sweet_spot(
        pd.DataFrame(rows), load_study("effort_sweet_spot"), np.random.default_rng(1), lang
    )
    plt.close(found.figure)
    assert found.numbers["sweet_spot_hours"] == 50
    assert found.numbers["sweet_spot_at_grid_edge"] is None
    assert found.numbers["sweet_spot_ci"][1] == 60
    assert found.numbers["sweet_spot_ci_at_grid_edge"] == "highest"
    said = {
        "en": "and its interval reaches the highest effort of the grid (10 h to 60 h): the true "
        "sweet spot may lie above it",
        "de": "; sein Intervall reicht bis zum höchsten Einsatz des untersuchten Rasters "
        "(10\u00a0h bis 60\u00a0h), der tatsächlich beste Einsatz kann also darüber liegen",
    }[lang]
    assert said in found.answer, found.answer


def test_a_failed_run_leaves_the_sweet_spots_interval_as_the_other_runs_give_it():
    """A failed run is left out of the results (the answer counts it): its effort then has one
    run fewer. The bootstrap took the mean of resampled rows holding that missing run as NaN,
    and argmax takes the first NaN for the largest, so one failed run at 10 h, the worst effort,
    put the sweet spot's interval at 10 h to 30 h around a sweet spot at 30 h that no resample
    of the runs on disk can move (found re-computing a stored study's interval with pandas)."""
    study = load_study("effort_sweet_spot")
    runs = planted(CURVES["peaks inside"][0], replications=MIN_RESAMPLED + 2)
    failed = runs.drop(runs.index[(runs[EFFORT] == 10) & (runs["replication"] == 3)])
    found = effort_sweet_spot(failed, study, np.random.default_rng(1))
    plt.close(found.figure)
    assert found.numbers["sweet_spot_hours"] == 30
    assert found.numbers["sweet_spot_ci"] == [30, 30], found.numbers["sweet_spot_ci"]


def test_a_customer_mix_whose_curve_falls_all_the_way_flags_its_sweet_spot():
    falls, _, _ = CURVES["falls all the way"]
    peaks, _, _ = CURVES["peaks inside"]
    results = pd.concat(
        [
            planted(peaks, **{"channels.email_share": 0.0}),
            planted(falls, **{"channels.email_share": 0.6}),
        ]
    )
    found = customer_mix(results, load_study("customer_mix"), np.random.default_rng(1))
    plt.close(found.figure)
    edges = {r["channels.email_share"]: r["at_grid_edge"] for r in found.numbers["sweet_spots"]}
    assert edges == {0.0: None, 0.6: "lowest"}
    assert (
        "At e-mail share 60% the sweet spot is the lowest effort of the grid (10 h to 60 h): "
        "the true one may lie below it." in found.answer
    )
    assert "e-mail share 0% the sweet spot is" not in found.answer


@pytest.mark.parametrize(
    "lang, said, listed",
    [
        ("en", "tolerance 1.3 and 2.0 as documented", "(tolerance 1.3, 1.6, 2.0)"),
        ("de", "von 1,3 und 2,0 als", "(Toleranz 1,3; 1,6; 2,0)"),
    ],
)
def test_the_leading_indicator_writes_its_tolerances_alike_wherever_it_names_them(
    lang, said, listed
):
    # once the assumptions said "1,3 und 2,0" and the answer "1,3; 1,6; 2": a list's numbers
    # now all carry the decimals the most precise of them needs, in both places
    found = leading_indicator(leading_runs(), load_study("leading_indicator"), None, lang)
    plt.close(found.figure)
    assert said in found.assumptions[-1], found.assumptions[-1]
    assert listed in found.answer, found.answer


def test_a_moving_sweet_spot_moves_from_one_value_to_another_in_german():
    falls, _, _ = CURVES["falls all the way"]
    peaks, _, _ = CURVES["peaks inside"]
    results = pd.concat(
        [
            planted(peaks, **{"channels.email_share": 0.0}),
            planted(falls, **{"channels.email_share": 0.6}),
        ]
    )
    found = customer_mix(results, load_study("customer_mix"), np.random.default_rng(1), "de")
    plt.close(found.figure)
    assert "verschiebt sich der beste Einsatz von 30\u00a0h" in found.answer, found.answer
    assert " auf 10\u00a0h " in found.answer and " zu 10\u00a0h" not in found.answer, found.answer


def test_the_leading_indicator_flags_a_best_effort_at_the_end_of_the_grid(done):

    results, _ = final(done["leading_indicator"])
    data = answer(done["leading_indicator"])
    grid = sorted(results["reps.effort_hours"].unique())
    default = load_study("leading_indicator").base.customers.tolerance
    others: dict[str, list[str]] = {"lowest": [], "highest": []}
    for row in data["numbers"]["best_effort_by_tolerance"]:
        group = results[np.isclose(results["customers.tolerance"], row["tolerance"])]
        best = group.groupby("reps.effort_hours")["relational_performance"].mean().idxmax()
        edge = {grid[0]: "lowest", grid[-1]: "highest"}.get(best)
        assert row["best_effort"] == best and row["at_grid_edge"] == edge
        if np.isclose(row["tolerance"], default):
            said = f"{best:g} h is the {edge} effort of the grid"
            assert (said in data["answer"]) == (edge is not None), data["answer"]
        elif edge is not None:
            others[edge].append(f"{row['tolerance']:g}")
    for edge, tolerances in others.items():
        said = f"at tolerance {' and '.join(tolerances)} the best effort is the {edge} effort"
        assert (said in data["answer"]) == bool(tolerances), data["answer"]


# --- the answer in German -------------------------------------------------------------------------

# Words only the English answer uses (whole words, case-sensitive).
ENGLISH = re.compile(
    r"\b(relationship|quality|per|weeks?|effort|sweet spot|replications?|revenue|customers?|"
    r"hires|team's|the|of|and|to|from|at|CI|Assumptions|How sure|low|high|worlds?)\b"
)
# What stays as written in every language: dotted parameter names, file names, config values.
IDENTIFIERS = re.compile(r"`[^`]*`|\b[a-z_]+\.[a-z_.]+\b|channels\.schedule: \w+")


def texts_of(data: dict, lang: str) -> dict[str, str]:
    """Every text of an answer.json in its language, by field."""
    sure = data["model_uncertainty"].get(lang, "")
    return {
        "question": data["question"],
        "answer": data["answer"],
        "uncertainty": sure,
        **{f"assumption {i}": a for i, a in enumerate(data["assumptions"])},
    }


def numbers_in(text: str, decimal: str) -> list[float]:
    """The numbers a text says, read with ``decimal`` as the decimal mark, sorted."""
    pattern = rf"[-+−]?\d+(?:{re.escape(decimal)}\d+)?"
    found = re.findall(pattern, text)
    return sorted(float(n.replace("−", "-").replace(decimal, ".")) for n in found)


def page_text(folder) -> str:
    """The words of study.html: no style sheet, no inline image, no tags."""
    page = (folder / "study.html").read_text()
    page = re.sub(r"<style>.*?</style>|<img[^>]*>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


@pytest.mark.parametrize("name", list(STUDIES))
def test_the_german_answer_has_the_english_numbers_and_no_english_words(done, done_de, name):
    english, german = answer(done[name]), answer(done_de[name])
    assert (english["lang"], german["lang"]) == ("en", "de")
    for key in ("numbers", "runs", "model_uncertainty", "study"):  # language-neutral
        assert german[key] == english[key], key
    said_en, said_de = texts_of(english, "en"), texts_of(german, "de")
    assert said_de.keys() == said_en.keys()
    for field_, text in said_de.items():
        assert text != said_en[field_] or not text, field_
        plain = IDENTIFIERS.sub(" ", text)
        assert not ENGLISH.search(plain), (field_, ENGLISH.search(plain), text)
        assert not re.search(r"\d\.\d", plain), (field_, text)  # decimal comma, not point
        assert numbers_in(plain, ",") == numbers_in(IDENTIFIERS.sub(" ", said_en[field_]), "."), (
            field_,
            text,
            said_en[field_],
        )
    for page in ("study.md", "study.html"):
        folder = done_de[name]
        shown = page_text(folder) if page == "study.html" else (folder / page).read_text()
        words = IDENTIFIERS.sub(" ", shown)
        assert not ENGLISH.search(words), (page, ENGLISH.search(words))
    html_ = (done_de[name] / "study.html").read_text()
    assert "<html lang=de>" in html_ and "<h2>Annahmen</h2>" in html_
    assert "<html lang=en>" in (done[name] / "study.html").read_text()


SWEET_SPOT_TERMS = {
    "en": [
        "95 % CI", "Monte Carlo noise", "replication", "plausible worlds", "priors", "R²",
        "Holm-adjusted p-value", "common random numbers", "sweet spot", "relationship quality",
        "perception and regulation", "log-uniform",
    ],
    "de": [
        "95-%-Intervall", "Monte-Carlo-Rauschen", "Wiederholung", "plausible Welten", "Vorwissen",
        "R²", "Holm-korrigierter p-Wert", "gemeinsame Zufallszahlen", "bester Einsatz",
        "Beziehungsqualität", "Wahrnehmung und Regulation", "log-gleichverteilt",
    ],
}  # fmt: skip


def test_a_study_page_explains_the_terms_it_uses_in_its_language(done, done_de):
    """A manager read "95 % CI", "Monte Carlo noise", "R²" and "Holm-adjusted p-value" on a
    study page with no word on what they mean. The page now ends with the terms it uses."""
    heading = {"en": "Terms on this page", "de": "Begriffe auf dieser Seite"}
    for lang, folder in (("en", done["effort_sweet_spot"]), ("de", done_de["effort_sweet_spot"])):
        page = (folder / "study.html").read_text()
        _, found, terms = page.partition(f"<h2>{heading[lang]}</h2>")
        assert found, lang
        listed = [html.unescape(t) for t in re.findall(r"<dt>(.*?)</dt>", terms)]
        assert listed == SWEET_SPOT_TERMS[lang]  # the sweet spot's page draws from the priors
        meanings = [html.unescape(t) for t in re.findall(r"<dd>(.*?)</dd>", terms)]
        kept = {term: meaning for term, _, meaning in GLOSSARY[lang].values()}
        assert meanings == [kept[term] for term in listed]
        markdown = (folder / "study.md").read_text()
        assert all(f"- **{term}**: {kept[term]}" in markdown for term in listed)
    # a page that uses none of a term's words does not list it: nothing drawn from a posterior
    assert "posterior" not in page_text(done["effort_sweet_spot"]).lower()


def test_the_glossary_has_every_term_in_both_languages_and_each_term_is_found_by_its_words():
    assert GLOSSARY["en"].keys() == GLOSSARY["de"].keys()
    for lang, terms in GLOSSARY.items():
        for key, (term, used, meaning) in terms.items():
            assert re.search(used, term, re.IGNORECASE), (lang, key)
            assert meaning.endswith("."), (lang, key)


def test_the_german_sweet_spot_is_written_with_a_decimal_comma(done, done_de):
    hours = answer(done["effort_sweet_spot"])["numbers"]["sweet_spot_hours"]
    said = answer(done_de["effort_sweet_spot"])["answer"]
    assert f"bei etwa {hours:g}\u00a0h pro Woche am höchsten".replace(".", ",") in said, said
    assert "95-%-Intervall" in said and "nach 52 Wochen" in said


def drawn(folder, name, lang):
    """The study's answer from the runs of ``done`` in ``lang``, its figure with the worlds'
    curves, as study.png draws it."""
    sweep = load_study(name, replications=3, reps=6, worlds_count=3)
    results = ResultStore(folder).read_results()
    nominal = results
    if "world" in results:
        nominal = results[results["world"] == NOMINAL].drop(columns="world")
    found = STUDIES[name](nominal, sweep, np.random.default_rng(1), lang)
    add_worlds(found, name, results, ResultStore(folder), sweep)
    return found


@pytest.mark.parametrize("name", list(STUDIES))
def test_the_german_figure_has_german_titles_axes_and_legends(done, name):
    found = drawn(done[name], name, "de")
    labels = []
    for ax in found.figure.axes:
        labels += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel()]
        labels += [t.get_text() for t in ax.get_legend().get_texts()]
    plt.close(found.figure)
    assert all(labels) and ("Woche" in labels or "Stunden Kundenarbeit pro Woche" in labels)
    for label in labels:
        assert not ENGLISH.search(label), (label, labels)
        assert not re.search(r"\d\.\d", label), label


@pytest.mark.parametrize("name", list(INTERVALS))
def test_a_single_replication_says_in_german_that_it_gives_no_interval(single, single_de, name):
    data = answer(single_de[name])
    assert "kein 95-%-Intervall aus einer einzigen Wiederholung" in data["answer"], data["answer"]
    # no interval of zero width in German either ("95-%-Intervall 10 h bis 10 h")
    assert not re.search(r"95-%-Intervall ([-+−\d,]+( h)?) bis \1\b", data["answer"]), data[
        "answer"
    ]
    assert data["numbers"] == answer(single[name])["numbers"]


def test_every_study_text_has_a_german_text_with_the_same_placeholders():
    def placeholders(text: str) -> set[str]:
        # German begins a whole sentence after a colon with a capital: {When} for {when}
        return {f.lower() for _, f, _, _ in string.Formatter().parse(text) if f}

    assert TEXTS["de"].keys() == TEXTS["en"].keys()
    for key, english in TEXTS["en"].items():
        assert placeholders(TEXTS["de"][key]) == placeholders(english), key


def test_a_median_in_english_is_a_median_in_german_never_a_mean():
    # The leading indicator's worlds sentence called the median lead "der mittlere Vorlauf",
    # which a German reader takes for the mean.
    for key, english in TEXTS["en"].items():
        if re.search(r"\bmedian\b", english, re.IGNORECASE):
            german = TEXTS["de"][key]
            assert "Median" in german and "mittlere" not in german, (key, german)


def test_a_given_scenario_s_values_the_study_does_not_use_are_named():
    """coaching --scenario coaching.yaml ran perception 0.2, gains 0 and 0.5 at 40 and 50 h,
    where the file says 0.1, +0.6 and 60 h, and the answer said nothing of it."""
    from experiments.studies import scenario_replaced

    sweep = load_study("coaching", scenario="configs/scenarios/coaching.yaml")
    assert scenario_replaced("coaching", sweep) == [
        "The study sets Perception (empathy; reps.perception) to 0.2, replacing 0.1 in "
        "coaching.yaml.",
        "The study sets Regulation (empathy; reps.regulation) to 0.2, replacing 0.1 in "
        "coaching.yaml.",
        "The study compares Perception gain (coaching.perception_gain) at 0, 0.5; coaching.yaml's "
        "0.6 is not among them.",
        "The study compares Effort (reps.effort_hours) at 40, 50; coaching.yaml's 60 is not among "
        "them.",
    ]
    german = scenario_replaced("coaching", sweep, "de")
    assert german[0] == (
        "Die Studie setzt Wahrnehmung (Empathie; reps.perception) auf 0,2 und ersetzt damit 0,1 "
        "aus coaching.yaml."
    )
    assert scenario_replaced("coaching", load_study("coaching")) == []  # its own base


def test_a_sweet_spot_that_does_not_move_is_said_to_stay_and_lists_read_as_lists():
    """ "moves from 60 h at 30 to 60 h at 60"; "at 30 and 40 and 60"."""
    from experiments.study_texts import joined

    falls, _, _ = CURVES["falls all the way"]
    results = pd.concat(
        [planted(falls, **{"channels.email_share": share}) for share in (0.0, 0.3, 0.6)]
    )
    found = customer_mix(results, load_study("customer_mix"), np.random.default_rng(1))
    plt.close(found.figure)
    assert "the sweet spot stays at 10 h" in found.answer, found.answer
    assert "moves from" not in found.answer
    assert "At e-mail share 0%, 30% and 60% the sweet spot is the lowest effort" in found.answer
    assert joined(["30", "40", "60"], "de") == "30; 40 und 60"
    assert joined(["a"]) == "a" and joined(["a", "b"]) == "a and b"


# --- the figures' bands and the answers' intervals follow one rule --------------------------------


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    """Studies from 2 replications per setting, the fewest a t interval needs (6 reps, no
    worlds): the run the audit read, where a 1.96·SD/√n band was far narrower than the text's."""
    folders = {}
    for name in ("effort_sweet_spot", "hiring", "pressure"):
        out = tmp_path_factory.mktemp(f"{name}-pair")
        run_study(name, out, workers=1, replications=2, reps=6, worlds="none")
        folders[name] = out
    return folders


def figure_of(name, folder, lang="en", **size):
    """The study's answer from its stored runs at the scenario's own values (its figure
    without the worlds' curves)."""
    results, _ = final(folder)
    return STUDIES[name](results, load_study(name, **size), np.random.default_rng(1), lang)


def band_at(collection, x: float) -> tuple[float, float]:
    """The lower and upper edge of a drawn band (``fill_between``) at ``x``."""
    vertices = collection.get_paths()[0].vertices
    ys = vertices[np.isclose(vertices[:, 0], x), 1]
    return float(ys.min()), float(ys.max())


def test_a_band_from_two_replications_is_student_s_t_interval_not_a_normal_one(pair):
    """With 2 replications the 95 % band at 12.5 h was 0.51-0.58 (mean ± 1.96·SD/√2); the t
    interval, the rule the answer's intervals follow, is 12.71·SD/√2 wide on either side."""
    found = figure_of("effort_sweet_spot", pair["effort_sweet_spot"], replications=2, worlds="none")
    _, last = final(pair["effort_sweet_spot"])
    (band,) = found.figure.axes[0].collections
    for effort, runs in last.groupby(EFFORT):
        values = runs[RP].to_numpy()
        assert len(values) == 2
        half = 12.706 * values.std(ddof=1) / np.sqrt(2)
        low, high = band_at(band, effort)
        # drawn within what relationship quality can be (0 to 1)
        t_band = (max(values.mean() - half, 0.0), min(values.mean() + half, 1.0))
        assert (low, high) == pytest.approx(t_band, rel=1e-3)
    plt.close(found.figure)


def test_a_band_is_drawn_within_the_values_its_metric_can_take(pair):
    """An audit: from 2 replications the pressure study's effort band reached 100 h/week and
    fell to 12 h, while managers push to at most 70 h (no run went above 70): Student's t
    interval is wide from 2 runs, and the band is now drawn within what effort and relationship
    quality can be."""
    found = figure_of("pressure", pair["pressure"], replications=2, reps=6, worlds="none")
    effort, quality = found.figure.axes
    most = load_study("pressure").base.management.max_effort
    edges = [c.get_paths()[0].vertices[:, 1] for c in effort.collections if c.get_paths()]
    assert edges and all(0 <= e.min() and e.max() <= most + 1e-9 for e in edges)
    edges = [c.get_paths()[0].vertices[:, 1] for c in quality.collections if c.get_paths()]
    assert edges and all(0 <= e.min() and e.max() <= 1 for e in edges)
    plt.close(found.figure)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_at_the_fewest_replications_the_answer_s_intervals_and_the_figure_s_bands_agree(pair, lang):
    """From 2 replications the hiring answer gives intervals and the figure draws bands, and
    at the last week each arm's band is the interval of its mean in answer.json."""
    folder = pair["hiring"]
    found = figure_of("hiring", folder, lang, replications=2, reps=6, worlds="none")
    assert found.numbers["relational_performance_ci"] is not None
    assert ("95 % CI" if lang == "en" else "95-%-Intervall") in found.answer
    last_week = final(folder)[0]["week"].max()
    bands = found.figure.axes[0].collections
    assert len(bands) == 3  # every share the study runs: none, 25 % and 50 %
    for arm, band in zip(found.numbers["arms"], bands[1:], strict=True):
        assert band_at(band, last_week) == pytest.approx(arm["means"][RP]["ci"], rel=1e-9)
    plt.close(found.figure)


@pytest.mark.parametrize(
    "lang, why",
    [
        ("en", "no 95 % band from a single replication"),
        ("de", "kein 95-%-Band aus einer einzigen Wiederholung"),
    ],
)
@pytest.mark.parametrize("name", ["effort_sweet_spot", "hiring", "pressure", "coaching"])
def test_a_single_replication_draws_no_band_and_the_legend_says_why(single, name, lang, why):
    """Where the answer gives no interval (one replication), the figure shows no band."""
    found = figure_of(name, single[name], lang, replications=1, reps=6, worlds_count=2)
    legends = [t.get_text() for ax in found.figure.axes for t in ax.get_legend().get_texts()]
    assert not [c for ax in found.figure.axes for c in ax.collections if c.get_paths()]
    assert any(why in text for text in legends), legends
    assert TEXTS[lang]["legend.band"] not in legends  # no shading to name
    plt.close(found.figure)


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "shaded: 95 % band of the mean over replications"),
        ("de", "schattiert: 95-%-Band des Mittels über die Wiederholungen"),
    ],
)
@pytest.mark.parametrize("name", list(STUDIES))
def test_every_figure_that_shades_a_band_says_in_its_legend_what_the_band_is(
    done, name, lang, said
):
    """The figures shaded a 95 % band around each curve, but their legends named only the
    lines."""
    found = drawn(done[name], name, lang)
    for ax in found.figure.axes:
        assert any(c.get_gid() == BAND and c.get_paths() for c in ax.collections)
        legend = [t.get_text() for t in ax.get_legend().get_texts()]
        assert legend.count(said) == 1, legend
    plt.close(found.figure)


def test_the_sweet_spot_figure_says_why_it_draws_no_interval_around_the_sweet_spot(pair):
    found = figure_of("effort_sweet_spot", pair["effort_sweet_spot"], replications=2, worlds="none")
    legends = [t.get_text() for t in found.figure.axes[0].get_legend().get_texts()]
    assert f"sweet spot (no 95 % CI from fewer than {MIN_RESAMPLED} replications)" in legends
    plt.close(found.figure)


# --- every effect names its reference and horizon, and says when its sign is open ---------------

CI_EN = re.compile(r"95 % CI ([-−+]?\d+(?:\.\d+)?)(?: k€| h)? to ([-−+]?\d+(?:\.\d+)?)(?: k€| h)?")
CI_DE = re.compile(
    r"95-%-Intervall ([-−+]?\d+(?:,\d+)?)(?: k€| h)? bis ([-−+]?\d+(?:,\d+)?)(?: k€| h)?"
)
OPEN = {"en": ": not clearly different from ", "de": ": nicht klar verschieden von "}


def intervals_said(text: str, lang: str) -> list[tuple[float, float, bool]]:
    """Each 95 % interval an answer gives, and whether it is said to leave the sign open."""
    pattern, decimal = (CI_EN, ".") if lang == "en" else (CI_DE, ",")

    def value(said: str) -> float:
        return float(said.replace("−", "-").replace(decimal, "."))

    return [
        (value(m[1]), value(m[2]), text[m.end() :].startswith(OPEN[lang]))
        for m in pattern.finditer(text)
    ]


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("name", list(STUDIES))
def test_an_interval_that_holds_zero_is_said_to_leave_the_direction_open(
    done, done_de, pair, name, lang
):
    """ "customers lost −464 (95 % CI −1338 to 410)" read as a fall in churn; an interval holding
    zero now says the difference is not clearly one from its reference, and only such one."""
    folders = [done[name] if lang == "en" else done_de[name]] + (
        [pair[name]] if name in pair and lang == "en" else []
    )
    for folder in folders:
        said = answer(folder)["answer"]
        for low, high, open_ in intervals_said(said, lang):
            assert open_ == (low <= 0 <= high), (low, high, said)


def test_some_interval_in_the_small_runs_holds_zero(done, pair):
    """The rule above is tested on something: 2 or 3 replications leave some sign open."""
    said = [answer(f)["answer"] for f in [*done.values(), *pair.values()]]
    assert any(open_ for text in said for _, _, open_ in intervals_said(text, "en"))


REFERENCES = {
    "hiring": (
        "against the same team without hires, after 104 weeks: replacing ",
        "gegenüber demselben Team ohne Neueinstellungen nach 104 Wochen: Der Ersatz von ",
    ),
    "pressure": (
        "against the same team without pressure, after 104 weeks: the low-EI team",
        "gegenüber demselben Team ohne Führungsdruck nach 104 Wochen: Das Team mit niedriger "
        "Empathie",
    ),
    "coaching": (
        "After 104 weeks, against 50 h without coaching, relationship quality differs by",
        "Nach 104 Wochen beträgt der Unterschied gegenüber 50\u00a0h ohne Coaching ",
    ),
    "customer_mix": ("After 52 weeks the sweet spot", "Nach 52 Wochen"),
    "portfolio_size": ("After 52 weeks the sweet spot", "Nach 52 Wochen"),
    "effort_sweet_spot": ("after 52 weeks", "nach 52 Wochen"),
    "leading_indicator": ("relationship quality falls behind that at ", "hinter die bei "),
}
assert REFERENCES.keys() == STUDIES.keys(), "a new study: say what its effects are against"


@pytest.mark.parametrize("lang, after", [("en", "after 1 week"), ("de", "nach 1 Woche")])
@pytest.mark.parametrize(
    "key",
    [
        "effort_sweet_spot.cost",
        "effort_sweet_spot.no_cost",
        "effort_sweet_spot.revenue.gain",
        "effort_sweet_spot.revenue.loss",
        "effort_sweet_spot.revenue.open",
        "by.answer",
        "by.same",
    ],
)
def test_a_study_of_a_one_week_scenario_says_after_1_week(key, lang, after):
    """effort_sweet_spot, customer_mix and portfolio_size run as long as the scenario given
    (--scenario), which may be one week: the answer said "after 1 weeks" ("nach 1 Wochen").
    The answers of 52 weeks (``REFERENCES``) show that the studies give these texts ``weeks``."""
    fields = {field for _, field, _, _ in string.Formatter().parse(TEXTS[lang][key]) if field}
    said = say(key, lang, **{field: "x" for field in fields} | {"weeks": weeks(1, lang)})
    assert re.search(rf"(?i)\b{after}\b", said), said
    assert not re.search(r"(?i)\b1 (weeks|wochen)\b|\bweek weeks|\bwoche wochen", said), said


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("name", list(STUDIES))
def test_every_effect_names_what_it_is_against_and_after_how_long(done, done_de, name, lang):
    """ "Beziehungsqualität ändert sich um −0,494" said neither against what nor when."""
    said = answer(done[name] if lang == "en" else done_de[name])["answer"]
    assert REFERENCES[name][lang == "de"] in said, said


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("name", ["hiring", "coaching", "customer_mix", "portfolio_size"])
def test_every_arm_the_study_runs_is_in_its_answer(done, done_de, name, lang):
    """hiring computed 25 % of the team and never said it; coaching the programme at the higher
    effort; customer_mix and portfolio_size their middle values."""
    said = answer(done[name] if lang == "en" else done_de[name])["answer"]
    _, last = final(done[name])
    sweep = load_study(name, replications=3, reps=6, worlds_count=3)
    if name == "hiring":
        for share in sorted(last["hiring.share"].unique())[1:]:
            replaced = replaced_text(sweep.base, share, lang)[0]
            expected = (
                f"replacing {replaced} of the team"
                if lang == "en"
                else (f"Ersatz von {replaced} des Teams")
            )
            assert expected in said, said
    elif name == "coaching":
        high = number(last[EFFORT].max(), lang)
        expected = {
            "en": f"the programme at {high} h changes relationship quality by",
            "de": f"ändert das Coaching mit {high}\u00a0h die Beziehungsqualität um",
        }
        assert expected[lang] in said, said
        assert answer(done[name])["numbers"]["relationship_difference_of_programme_at_more_effort"]
    else:
        axis = {"customer_mix": "channels.email_share", "portfolio_size": "customers.per_rep"}[name]
        spots = answer(done[name])["numbers"]["sweet_spots"]
        if len({row["sweet_spot"] for row in spots}) > 1:  # "stays at 30 h from … to …" else
            shown = percent if name == "customer_mix" else number  # a share in percent
            for value in sorted(last[axis].unique()):
                assert TEXTS[lang][f"{name}.at"].format(value=shown(value, lang)) in said


VERDICT = {"en": "So the answer is {}:", "de": "Die Antwort ist also {}:"}
VERDICT_WORDS = {"yes": ("yes", "ja"), "no": ("no", "nein"), "open": ("open", "nicht eindeutig")}


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("replications", [2, 3])
def test_the_pressure_answer_gives_each_team_s_hours_and_one_verdict(
    done, done_de, pair, tmp_path, replications, lang
):
    """From real runs: the hours each team is pushed from and to, and the verdict the numbers
    record is the one the text says (which verdict each case gives: the planted tests below)."""
    folder = done["pressure"] if replications == 3 else pair["pressure"]
    data = answer({"en": done, "de": done_de}[lang]["pressure"]) if replications == 3 else None
    if data is None:  # the 2-replication runs, answered in the language asked
        copy = tmp_path / "pressure"
        shutil.copytree(folder, copy)
        write_study(
            "pressure", copy, load_study("pressure", replications=2, reps=6, worlds="none"), lang
        )
        data = answer(copy)
    _, last = final(folder)
    for level in sorted(last["reps.perception"].unique()):
        team = last[last["reps.perception"] == level]
        steps = team["management.pressure_step"]
        calm, pushed = team[steps == steps.min()], team[steps == steps.max()]
        start, end = round(calm["effort_hours"].mean()), round(pushed["effort_hours"].mean())
        joined = " " if lang == "en" else "\u00a0"  # German keeps a number on its unit's line
        assert f"{start} {'to' if lang == 'en' else 'auf'} {end}{joined}h/" in data["answer"]
    verdict = data["numbers"]["answer"]
    said = [VERDICT[lang].format(words[lang == "de"]) for words in VERDICT_WORDS.values()]
    assert [s in data["answer"] for s in said] == [v == verdict for v in VERDICT_WORDS], data


def planted_pressure(low: tuple[float, float], high: tuple[float, float], low_pushed=True):
    """A pressure study's runs with known outcomes: each team's final relationship quality
    without pressure and under it, 4 replications each. ``low`` and ``high`` give each team's
    change under pressure and the spread of its replications (0.01: a clear change; 0.2 around
    a change of 0: an unclear one); pressure pushes both teams from 35 to 45 h/week, the
    low-EI team's only where ``low_pushed``."""
    rows = []
    noise = np.array([-1.5, -0.5, 0.5, 1.5])
    for level, (change, spread), pushed in ((0.2, low, low_pushed), (0.8, high, True)):
        for step in (0, 3):
            quality = 0.6 + (change if step else 0.0) + spread * noise
            hours = 45.0 if step and pushed else 35.0
            for replication, value in enumerate(quality):
                for week, rp, effort in ((0, 0.6, 35.0), (104, value, hours)):
                    rows.append(
                        {"management.pressure_step": step, "reps.perception": level,
                         "replication": replication, "week": week, RP: rp,
                         "effort_hours": effort}
                    )  # fmt: skip
    return pd.DataFrame(rows)


CLEARLY_DOWN, CLEARLY_UP, UNCLEAR = (-0.2, 0.01), (0.1, 0.01), (0.01, 0.2)
PRESSURE_CASES = {
    # (low-EI team, high-EI team, low-EI team pushed): the answer, what it says of a team
    "low falls, high clearly better": (
        (CLEARLY_DOWN, CLEARLY_UP, True), "yes", ("the high-EI team is in no vicious circle",
                                                  "das Team mit hoher Empathie gerät in keinen"),
    ),
    "low falls, high unclear": (
        (CLEARLY_DOWN, UNCLEAR, True), "open", ("whether the high-EI team is spared is open",
                                                "ob das Team mit hoher Empathie verschont bleibt"),
    ),
    "both fall": (
        (CLEARLY_DOWN, CLEARLY_DOWN, True), "no", ("the high-EI team is caught in a vicious",
                                                   "das Team mit hoher Empathie gerät in einen"),
    ),
    "low unclear, high better": (
        (UNCLEAR, CLEARLY_UP, True), "open", ("whether the low-EI team is caught in a vicious "
                                              "circle is open", "Ob das Team mit niedriger "
                                              "Empathie"),
    ),
    "low better, high unclear": (
        (CLEARLY_UP, UNCLEAR, True), "no", ("the low-EI team is in no vicious circle",
                                            "Das Team mit niedriger Empathie gerät in keinen"),
    ),
    "low not pushed": (
        (CLEARLY_DOWN, CLEARLY_UP, False), "no", ("the pressure does not push its hours",
                                                  "treibt seine Stunden nicht"),
    ),
}  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "de"])
@pytest.mark.parametrize("case", list(PRESSURE_CASES))
def test_the_pressure_answer_is_yes_only_where_both_halves_are_clear(case, lang):
    """Yes needs the low-EI team pushed into clearly lower relationship quality and the high-EI
    team clearly not in the circle; a change not clearly different from zero is no evidence
    of either, so the answer leaves that half open rather than counting it as "no circle"."""
    (low, high, low_pushed), expected, clause = PRESSURE_CASES[case]
    sweep = load_study("pressure", replications=4, reps=6, worlds="none")
    found = pressure(planted_pressure(low, high, low_pushed), sweep, np.random.default_rng(0), lang)
    plt.close(found.figure)
    assert found.numbers["answer"] == expected
    assert VERDICT[lang].format(VERDICT_WORDS[expected][lang == "de"]) in found.answer
    assert clause[lang == "de"] in found.answer, found.answer


@pytest.mark.parametrize(
    "lang, said",
    [
        ("en", "So the answer is open: whether the low-EI team"),
        ("de", "Die Antwort ist also nicht eindeutig: Ob das Team"),
    ],
)
def test_the_pressure_answer_from_a_single_replication_leaves_the_question_open(
    single, single_de, lang, said
):
    data = answer(single["pressure"] if lang == "en" else single_de["pressure"])
    assert said in data["answer"], data["answer"]
    assert data["numbers"]["answer"] == "open"


@pytest.mark.parametrize(
    "slope, spread, key, value",
    [
        (-0.5, 0.05, "loss", -25.0),  # k€/week per h/week of each of 20 reps: −25 € an hour
        (0.3, 0.05, "gain", 15.0),
        (0.0, 2.0, "open", 0.0),  # noise only: no direction
    ],
)
@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_sweet_spot_says_what_an_extra_hour_beyond_it_brings_in_money(
    lang, slope, spread, key, value
):
    """A manager asked what an hour past the sweet spot is worth in euros. Planted: quality
    peaks at 30 h; beyond it the team's weekly revenue (k€) moves by ``slope`` per hour of
    each of the study team's 20 reps, so each hour worked moves it by 1000 × slope / 20 €."""
    rng = np.random.default_rng(7)
    rows = [
        {
            "week": 52,
            "replication": r,
            EFFORT: e,
            RP: 0.8 - 0.0004 * (e - 30) ** 2 + rng.normal(0, 0.002),
            "revenue": 100 + slope * max(e - 30, 0) + rng.normal(0, spread),
        }
        for e in EFFORTS
        for r in range(8)
    ]
    study = load_study("effort_sweet_spot")
    assert study.base.reps.count == 20 and not study.base.reps.profiles
    found = effort_sweet_spot(pd.DataFrame(rows), study, np.random.default_rng(1), lang)
    plt.close(found.figure)
    said = found.numbers["revenue_per_extra_hour_eur"]
    low, high = found.numbers["revenue_per_extra_hour_ci"]
    assert low < said < high
    assert said == pytest.approx(value, abs=3 if key != "open" else 60)
    assert (low < 0 < high) == (key == "open")
    text = TEXTS[lang][f"effort_sweet_spot.revenue.{key}"].split("{")[0]
    assert text in found.answer, found.answer
    if key != "open":  # the amount without its sign, in the page's notation
        joined = " " if lang == "en" else "\u00a0"  # German keeps a number on its unit's line
        assert f" {number(abs(said), lang, '.0f')}{joined}€" in found.answer
    assert any("20 " in a and ("reps" in a or "Personen" in a) for a in found.assumptions)


def test_an_hour_s_money_counts_only_the_reps_whose_hours_the_study_varies():
    """Profiles with an effort of their own do not move with the swept team effort: the money
    of an hour is the revenue's slope over the hours that did change."""
    from experiments.studies import hour_money, reps_following_team_effort

    team = (
        load_study("effort_sweet_spot")
        .base.with_values(
            {
                "reps.profiles": [
                    {"name": "fixed", "share": 0.25, "effort_hours": 40},
                    {"name": "free", "share": 0.75},
                ]
            }
        )
        .reps
    )
    assert reps_following_team_effort(team) == 15
    final = pd.DataFrame(
        [{EFFORT: e, "revenue": 50 - 0.3 * e + 0.01 * r} for e in EFFORTS for r in range(3)]
    )
    _, numbers = hour_money(final, 30.0, team, 52)
    assert numbers["revenue_per_extra_hour_eur"] == pytest.approx(-1000 * 0.3 / 15)
    everyone_fixed = team.model_copy(
        update={"profiles": [p.model_copy(update={"effort_hours": 40}) for p in team.profiles]}
    )
    assert hour_money(final, 30.0, everyone_fixed, 52) == (
        "",
        {"revenue_per_extra_hour_eur": None, "revenue_per_extra_hour_ci": None},
    )


def test_the_sweet_spot_says_where_weekly_revenue_itself_peaks_when_that_is_elsewhere():
    """An audit: the answer priced each hour beyond the sweet spot in euros, but never said
    that weekly revenue itself still peaked later (47.5 h against 37.5 h at the defaults), which
    ``answer.json`` held. Planted: quality peaks at 30 h, revenue (lagging) at 50 h."""
    frame = planted(lambda x: 0.8 - 0.0004 * (x - 30) ** 2)
    frame["revenue"] = [100 - 0.05 * (e - 50) ** 2 for e in frame[EFFORT]]
    study = load_study("effort_sweet_spot")
    found = effort_sweet_spot(frame, study, np.random.default_rng(1))
    plt.close(found.figure)
    assert (found.numbers["sweet_spot_hours"], found.numbers["revenue_sweet_spot_hours"]) == (
        30.0,
        50.0,
    )
    assert "Weekly revenue itself is highest at about 50 h on this grid" in found.answer
    german = effort_sweet_spot(frame, study, np.random.default_rng(1), "de")
    plt.close(german.figure)
    said = "Der Wochenumsatz selbst ist auf diesem Raster bei etwa 50\u00a0h am höchsten"
    assert said in german.answer
    same = planted(lambda x: 0.8 - 0.0004 * (x - 30) ** 2)  # revenue = 10 × quality: same peak
    found = effort_sweet_spot(same, study, np.random.default_rng(1))
    plt.close(found.figure)
    assert "Weekly revenue itself" not in found.answer
    assert found.numbers["revenue_peak_gain_over_sweet_spot_ci"] is None
    # The highest of noisy means is no peak: revenue 1 € higher at 50 h than at the sweet spot
    # with replications 5 € apart (an audit: 72.5 h was named from 3 replications whose
    # revenue beyond the sweet spot showed no clear effect).
    noisy = planted(lambda x: 0.8 - 0.0004 * (x - 30) ** 2, replications=3)
    spread = {0: 0.0, 1: -5.0, 2: 5.0}
    noisy["revenue"] = [
        (101 if e == 50 else 100 if e == 30 else 99) + spread[r]
        for e, r in zip(noisy[EFFORT], noisy["replication"], strict=True)
    ]
    for lang, peak in (("en", "Weekly revenue itself"), ("de", "Der Wochenumsatz selbst")):
        found = effort_sweet_spot(noisy, study, np.random.default_rng(1), lang)
        plt.close(found.figure)
        assert found.numbers["revenue_sweet_spot_hours"] == 50.0
        low, high = found.numbers["revenue_peak_gain_over_sweet_spot_ci"]
        assert low < 0 < high and found.numbers["revenue_peak_gain_over_sweet_spot"] == 1.0
        assert peak not in found.answer, found.answer


def revenue_frames(rng, gains, replications: int, count: int = 400):
    """``count`` final-week frames over the sweet spot study's 31 efforts (10 to 85 h): revenue
    100 plus ``gains`` (effort → extra revenue) plus standard normal noise per replication."""
    efforts = np.arange(10.0, 86.0, 2.5)
    for _ in range(count):
        revenue = 100 + rng.standard_normal((efforts.size, replications))
        revenue += np.array([gains.get(e, 0.0) for e in efforts])[:, None]
        yield (
            pd.DataFrame({EFFORT: np.repeat(efforts, replications), "revenue": revenue.ravel()}),
            efforts[np.argmax(revenue.mean(axis=1))],
        )


@pytest.mark.parametrize("replications", [3, 10])
def test_a_revenue_peak_among_equal_efforts_is_named_at_most_one_time_in_40(replications):
    """An audit: one 95 % Welch interval for the highest of 31 noisy means named a peak where
    revenue was flat, 11 % of the time from 3 replications and 21 % from 10 (README quoted one,
    47.5 h). Allowing for the pick (Bonferroni over the efforts compared with the sweet spot,
    37.5 h here) keeps it at most 2.5 %; 400 planted flat grids, the tolerance above 0.4 %."""
    rng = np.random.default_rng(replications)
    named = [
        revenue_peak_gain(frame, peak, 37.5)[1]
        for frame, peak in revenue_frames(rng, {}, replications)
    ]
    share = np.mean([ci is not None and ci[0] > 0 for ci in named])
    assert share <= 0.025 + 0.015, share


def test_a_revenue_peak_clearly_above_the_sweet_spot_is_still_named():
    """The allowance costs power, not all of it: revenue 3 standard deviations higher at 50 h
    than at every other effort is named from 10 replications in most of 200 planted grids."""
    rng = np.random.default_rng(4)
    found = [
        (peak, revenue_peak_gain(frame, peak, 37.5))
        for frame, peak in revenue_frames(rng, {50.0: 3.0}, 10, count=200)
    ]
    named = [peak for peak, (_, ci, _) in found if ci is not None and ci[0] > 0]
    assert len(named) >= 0.8 * len(found) and set(named) == {50.0}
    assert found[0][1][2] == pytest.approx(1 - 0.05 / 30)


# Planted curves over the studies' effort grid: a true peak, a flat top, and the same height.
PLANTED_EFFORTS = np.arange(10.0, 61.0, 5.0)
PLANTED = {
    "peak": 0.8 - 0.0004 * (PLANTED_EFFORTS - 30) ** 2,
    "flat": np.minimum(0.8, 0.6 + 0.01 * PLANTED_EFFORTS),
}


@pytest.mark.parametrize(
    ("first", "last", "at_least"),
    [("peak", "peak", 0.93), ("flat", "flat", 0.93), ("flat", "peak", 0.85)],
)
def test_the_best_quality_difference_s_interval_covers_despite_picking_the_best(
    first, last, at_least
):
    """``sweet_spot_by`` compares the best mean quality of two arms with a Welch interval on the
    runs at each arm's best effort, picked from those same runs (a winner's curse the interval
    ignores). Measured on planted curves of the same best height (true difference 0), 10
    replications and the run noise of a team's relational performance (sd 0.02), it covers 0 in
    about 97-100 % of datasets where both curves are alike and about 90 % where a flat top meets
    a peak; 400 datasets here (binomial sd about 1.5 points)."""
    rng = np.random.default_rng(11)
    covered = 0
    for _ in range(400):
        arms = [
            PLANTED[shape] + rng.normal(0, 0.02, (10, PLANTED_EFFORTS.size))
            for shape in (first, last)
        ]
        a, b = (arm[:, int(np.argmax(arm.mean(axis=0)))] for arm in arms)
        _, interval = diff_ci(b, a)
        covered += interval[0] <= 0 <= interval[1]
    assert covered / 400 >= at_least


@pytest.mark.parametrize(
    "lang, says",
    [
        ("en", "rapport: error: study: 'sweetspot' is not one of 'effort_sweet_spot', 'coaching',"),
        ("de", "rapport: Fehler: study: „sweetspot“ ist keiner der Werte „effort_sweet_spot“, "),
    ],
)
def test_an_unknown_study_is_refused_in_the_language_asked_naming_the_studies(
    monkeypatch, capsys, lang, says
):
    """An audit: `rapport study sweetspot --lang de` was refused in English ("unknown; choose
    one of"), words of no family the German refusals know."""
    done = rapport_in_process(monkeypatch, capsys, "study", "sweetspot", "--lang", lang)
    assert done.returncode == 2 and done.stderr.startswith(says), done.stderr
    assert done.stderr.count("\n") == 1
    last = {"en": " or 'leading_indicator'\n", "de": " oder „leading_indicator“\n"}[lang]
    assert done.stderr.endswith(last), done.stderr


@pytest.mark.parametrize(("worlds", "label"), [(8, "sweet spot in all 8 worlds"), (32, None)])
def test_the_sweet_spots_range_is_called_all_worlds_where_it_is_all_of_them(worlds, label):
    """From fewer than 20 worlds the 5–95 % range is their whole range, as the answer says ("in
    all of them"); the chart's legend said "in 90 % of worlds"."""
    from matplotlib.figure import Figure

    from experiments.studies import _draw_sweet_spots
    from experiments.uncertainty import Spread

    frame = pd.DataFrame(
        [
            {"week": 52, "world": w, EFFORT: e, RP: 0.5 + 0.01 * w - abs(e - 30) / 100}
            for w in range(worlds)
            for e in (10.0, 30.0, 50.0)
        ]
    )
    ax = Figure().subplots()
    _draw_sweet_spots(ax, frame, Spread(worlds, 30.0, 30.0, 30.0))
    (legend,) = [line.get_label() for line in ax.lines if "sweet spot" in line.get_label()]
    assert legend == (label or "sweet spot in 90 % of worlds")


def test_a_study_chart_s_legend_lies_below_its_plot_covering_no_curve():
    """Inside the plot, matplotlib's best place covered the coached team's line after week 20
    and the leading indicator's 60-h line."""
    fig, ax = line_chart("t", "week", "quality")
    weeks = np.arange(105)
    for level in np.linspace(0.1, 0.9, 5):  # curves over the whole plot
        ax.plot(weeks, level + 0.05 * np.sin(weeks / 9), label=f"{level:.1f}")
    legend(ax)
    fig.tight_layout()
    fig.canvas.draw()
    shown = ax.get_legend().get_window_extent()
    plot = ax.get_window_extent()
    assert shown.y1 <= plot.y0  # wholly below the plot
    assert 0 <= shown.y0 and shown.x0 >= 0 and shown.x1 <= fig.bbox.x1  # and on the figure
    plt.close(fig)


def test_a_study_page_describes_its_chart_for_readers_who_cannot_see_it(done, done_de):
    """Every page's image said only "chart": it now names what each panel shows."""
    for folder, lang in ((done["pressure"], "en"), (done_de["pressure"], "de")):
        page = (folder / "study.html").read_text(encoding="utf-8")
        (alt,) = re.findall(r"<img [^>]*alt='([^']*)'", html.unescape(page))
        effort, quality = say("pressure.title.effort", lang), say("pressure.title.quality", lang)
        assert alt == say("chart.alt", lang, titles=f"{effort}; {quality}")
        assert f"![{alt}](study.png)" in (folder / "study.md").read_text(encoding="utf-8")
