"""The simulated field study: its design and measurement, and the statistical pipeline checked on
planted data (curves whose truth is known), never on how often the model passes."""

from __future__ import annotations

import functools
import itertools
import json
import multiprocessing
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

import experiments.replicate.power as power
from experiments.execute import WorkerPool
from experiments.replicate.analysis import (
    SPLIT,
    VERDICTS,
    Findings,
    analyse_study,
    findings,
    fit,
    moderation_tests,
    p_value,
    u_tests,
)
from experiments.replicate.design import (
    StudyDesign,
    archived_effort,
    draw_traits,
    error_sd,
    facet_scales,
    supervisor_rating,
    weekly_hours,
)
from experiments.replicate.multiverse import (
    RATES,
    STUDY_SETS,
    Multiverse,
    headline,
    pooled,
    run_multiverse,
    run_worlds_multiverse,
    world_interval,
    worlds_summary,
)
from experiments.replicate.power import replicate, run_batches, saved_outcomes, study_key
from experiments.replicate.report import comparison, multiverse_markdown, readable
from experiments.replicate.simulate import simulate_study, start_study
from experiments.stats import lind_mehlum_at, two_lines_test
from sim import MODEL_VERSION, __version__
from sim.params import Scenario
from sim.population import TeamDraw, initial_restraint
from sim.priors import PRIORS
from tests.helpers import REPO, gated_env, stopped_while_held

# --- planted data: the design's structure, a known truth ------------------------------------------

TEAMS, REPS, NOISE = 19, 107, 0.5
# Supervisor effects make up 12 % of the rating's variance, as the plan's design implies
# (a quarter of the error of a rating of reliability 0.52).
TEAM_SHARE = 0.12


def planted(rng: np.random.Generator, curve, n: int = REPS) -> pd.DataFrame:
    """A study's table with ratings = curve(effort, EI) + rep noise + supervisor effects."""
    sizes = np.diff(np.linspace(0, n, TEAMS + 1).round().astype(int))
    team = np.repeat(np.arange(TEAMS), sizes)
    effort = rng.uniform(8, 56, n) * np.exp(rng.normal(0, 0.1, TEAMS))[team]
    z = rng.normal(0, 1, n)
    z = (z - z.mean()) / z.std(ddof=1)
    rating = (
        curve(effort, z)
        + rng.normal(0, NOISE * np.sqrt(1 - TEAM_SHARE), n)
        + rng.normal(0, NOISE * np.sqrt(TEAM_SHARE), TEAMS)[team]
    )
    return pd.DataFrame({"effort": effort, "ei_z": z, "rating": rating, "supervisor": team})


def peak_at_top(x, z):
    """Rises to a peak at 60 h for every EI: the boundary of the U-test's null on 8–60 h."""
    return -0.002 * (x - 60) ** 2


def straight_line(x, z):
    return 0.03 * x


def saturating(x, z):
    return 2 * (1 - np.exp(-x / 10))


def nothing(x, z):
    return 0 * x


def papers_pattern(x, z):
    """Inverted U peaking at 30 h for reps below average EI; rising for the others."""
    return np.where(z < 0, -0.003 * (x - 30) ** 2, 0.04 * x)


def rate(flags) -> float:
    return float(np.mean(list(flags)))


def test_true_nulls_are_rejected_at_their_nominal_rate():
    """No moderation by EI, and a curve whose slope at the top of the range is exactly zero:
    the joint EI test, the effort² × EI test and the U-test each reject about 5 % of 500 sets."""
    rng = np.random.default_rng(101)
    wald, b4, u = [], [], []
    for _ in range(500):
        data = planted(rng, peak_at_top)
        model = fit(data)
        wald.append(moderation_tests(model, 50.0)[0] < 0.05)
        b4.append(p_value(model, "x2_z") < 0.05)
        # The U-test on [min effort, 60 h]: at 60 h the true slope is 0 (the null's boundary).
        u.append(lind_mehlum_at(model, -1.0, float(data["effort"].min()), 60.0).rejects)
    # Binomial SD at 5 % over 500 sets is 1 point; ±3 points allow for it.
    for name, flags in (("joint EI test", wald), ("effort² × EI", b4), ("U-test", u)):
        assert 0.02 <= rate(flags) <= 0.08, name


def test_the_papers_pattern_is_found_by_both_test_families():
    """A true inverted U for low-EI reps and a rising line for high-EI reps: the conjunction
    holds in most of 60 sets by either family, and the moderation tests reject."""
    rng = np.random.default_rng(202)
    found = [findings(planted(rng, papers_pattern)) for _ in range(60)]
    assert rate(f.conjunction_lm for f in found) >= 0.85
    assert rate(f.conjunction_tl for f in found) >= 0.6
    assert rate(f.moderation for f in found) >= 0.85


@pytest.mark.parametrize("curve", [straight_line, nothing], ids=["straight line", "no relation"])
def test_no_inverted_u_is_found_where_there_is_none(curve):
    """Neither the U-test nor the two-lines test finds an inverted U in a straight line or in
    noise more often than their 5 % level allows (200 sets)."""
    rng = np.random.default_rng(303)
    lm, tl = [], []
    for _ in range(200):
        data = planted(rng, curve)
        lm.append(u_tests(fit(data))[-1.0].rejects)
        low = data[data["ei_z"] < -SPLIT]
        tl.append(two_lines_test(low["effort"], low["rating"]).u_shape)
    assert rate(lm) <= 0.06
    assert rate(tl) <= 0.06


def test_saturation_fools_the_quadratic_u_test_but_not_the_two_lines_test():
    """A curve that rises and levels off (no decline): the quadratic's U-test often 'finds' an
    inverted U; the two-lines test stays within its level. Why the plan reports both families."""
    rng = np.random.default_rng(404)
    lm, tl = [], []
    for _ in range(200):
        data = planted(rng, saturating)
        lm.append(u_tests(fit(data))[1.0].rejects)
        high = data[data["ei_z"] > SPLIT]
        tl.append(two_lines_test(high["effort"], high["rating"]).u_shape)
    assert rate(tl) <= 0.06
    assert rate(lm) >= 2 * rate(tl) + 0.05


# --- the design's measurement ---------------------------------------------------------------------


def test_measures_have_the_reliability_the_design_states():
    """Survey facet scales and supervisor ratings: squared correlation with the true score equals
    the stated reliability (20,000 reps)."""
    rng = np.random.default_rng(7)
    design = StudyDesign(reps=20_000, supervisors=3_500, ei_reliability=0.8)
    traits = draw_traits(rng, design)
    perception, regulation = facet_scales(rng, design, traits)
    assert np.corrcoef(perception, traits.perception)[0, 1] ** 2 == pytest.approx(0.8, abs=0.02)
    assert np.corrcoef(regulation, traits.regulation)[0, 1] ** 2 == pytest.approx(0.8, abs=0.02)
    quality = rng.normal(0.6, 0.08, design.reps)
    rating = supervisor_rating(rng, design, traits.team, quality)
    assert np.corrcoef(rating, quality)[0, 1] ** 2 == pytest.approx(0.52, abs=0.02)
    assert error_sd(1.0, 1.0) == 0.0


def test_weekly_hours_vary_around_the_habit_with_weeks_away():
    rng = np.random.default_rng(8)
    design = StudyDesign(reps=5_000, supervisors=900)
    habit = np.full(design.reps, 30.0)
    hours = weekly_hours(rng, design, habit)
    assert hours.shape == (design.weeks, design.reps)
    away = hours == 0
    assert away.mean() == pytest.approx(design.absence_rate, abs=0.005)
    assert hours[~away].mean() == pytest.approx(30.0, rel=0.01)  # the week factor has mean 1
    logs = np.log(np.where(away, 1.0, hours))
    both = ~away[1:] & ~away[:-1]
    lag1 = np.corrcoef(logs[1:][both], logs[:-1][both])[0, 1]
    assert lag1 == pytest.approx(design.week_autocorrelation, abs=0.03)


def test_the_archive_is_the_mean_of_the_13_weeks_before_the_survey():
    design = StudyDesign()
    hours = np.arange(design.weeks, dtype=float)[:, None] * np.ones((1, 2))  # row w-1 = week w
    # Weeks 40–52 are rows 39–51 with values 39..51: mean 45.
    assert archived_effort(design, hours).tolist() == [45.0, 45.0]


def test_a_simulated_study_has_the_papers_design():
    data = simulate_study(3)
    assert len(data) == 107 and data["supervisor"].nunique() == 19
    assert data.groupby("supervisor").size().between(5, 6).all()
    # The archive records 13 real weeks: close to the habit, not equal to it.
    r_effort = np.corrcoef(data["effort"], data["true_effort"])[0, 1]
    assert 0.7 < r_effort < 0.99
    r_ei = np.corrcoef(data["ei"], data["true_ei"])[0, 1]
    assert 0.8 < r_ei < 0.99


# Reps who know their book well, and customers who bear little: most customers' tolerance lies
# below a rep's full-book rate, so how much a rep has cut before week 1 depends on perception.
KNOWN_BOOK = {
    "reps.book_knowledge": 1.0,
    "customers.need": 0.1,
    "customers.tolerance": 1.2,
    "dynamics.hours_per_contact": 1.0,
}
UNWON = {"customers.unwon_share": 0.25, "dynamics.acquisition_hours": 2.0}


@pytest.mark.parametrize("territory", [{}, UNWON], ids=["all accounts won", "a quarter unwon"])
def test_study_reps_start_with_what_their_own_perception_has_cut_of_their_book(territory):
    """docs/model.md section 5: a rep who knows the book has cut what they perceive of each
    customer's excess. The study's reps replace the team the model drew, so their customers'
    starting restraint follows the study's perception and habitual hours (not the placeholder
    team's: before the fix it did not correlate with the study reps' perception at all), and
    accounts not yet won stay empty slots."""
    start = start_study(11, StudyDesign(), Scenario().with_values(KNOWN_BOOK | territory))
    model, traits = start.model, start.traits
    cs, per = model.customer_state, model.params.customers.per_rep
    team = TeamDraw(model.rep_state.profile, traits.habit, traits.perception, traits.regulation)
    expected = initial_restraint(model.params, team, cs.tolerance)
    empty = cs.present == 0
    assert empty.any() == bool(territory)
    np.testing.assert_allclose(cs.restraint[~empty], expected[~empty])
    assert (cs.restraint[empty] == 0).all()
    held = cs.present.reshape(-1, per)
    mean_restraint = (cs.restraint.reshape(-1, per) * held).sum(axis=1) / held.sum(axis=1)
    assert np.corrcoef(mean_restraint, traits.perception)[0, 1] < -0.8


def test_the_same_seed_gives_the_same_study():
    pd.testing.assert_frame_equal(simulate_study(5), simulate_study(5))


# --- outputs --------------------------------------------------------------------------------------


def assert_versions(path: Path) -> None:
    """The JSON beside a mode's CSVs says which model made them (a CSV has no place for it)."""
    saved = json.loads(path.read_text())
    assert (saved["model_version"], saved["version"]) == (MODEL_VERSION, __version__), path


def test_a_single_study_writes_tables_figure_and_report(tmp_path):
    replicate(7, 1, tmp_path)
    for name in (
        "reps.csv",
        "coefficients.csv",
        "turning_points.csv",
        "simple_slopes.csv",
        "tests.csv",
        "comparison.csv",
        "figure.png",
        "report.md",
        "report.html",
        "summary.json",
    ):
        assert (tmp_path / name).stat().st_size > 0, name
    assert_versions(tmp_path / "summary.json")
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["seed"] == 7 and summary["findings"]["seed"] == 7
    assert f"Model version {MODEL_VERSION}" in (tmp_path / "report.md").read_text()
    # the report's tables say their units; the CSV files keep plain column names
    for page in ("report.md", "report.html"):
        shown = (tmp_path / page).read_text()
        assert "turning point (h/week)" in shown and "slope (rating points per h/week)" in shown
        assert "x = effort (h/week)" in shown
    assert list(pd.read_csv(tmp_path / "simple_slopes.csv").columns[1:3]) == ["effort", "slope"]
    coefficients = pd.read_csv(tmp_path / "coefficients.csv")
    assert {"x", "x2", "x_z", "x2_z", "z"} <= set(coefficients["term"])
    assert coefficients[["estimate_mixed", "se_mixed"]].notna().all().all()
    tests = pd.read_csv(tmp_path / "tests.csv")["test"].tolist()
    assert any("U-test at EI -1" in t for t in tests) and any("U-test at EI +1" in t for t in tests)
    assert any("high-EI" in t for t in tests) and any("low-EI" in t for t in tests)
    # an empty cell reads "–" in the report, never Python's None or nan
    cells = {c.strip() for line in (tmp_path / "report.md").read_text().splitlines()
             for c in line.split("|")}  # fmt: skip
    assert not {"None", "nan", "NaN", "inf", "-inf"} & cells
    assert "–" in cells  # the joint Wald test has no t statistic
    page = (tmp_path / "report.html").read_text()
    assert not any(f">{empty}<" in page for empty in ("None", "nan", "NaN", "inf", "-inf"))


def test_a_report_shows_empty_cells_and_unbounded_intervals_in_words():
    frame = pd.DataFrame(
        {
            "ei": ["EI -1 SD", "EI +1 SD"],
            "turning_point": [float("nan"), 30.5],
            "ci_low": [float("nan"), -np.inf],
            "ci_high": [float("nan"), np.inf],
            "inverted_u": [None, True],
        }
    )
    shown = readable(frame)
    assert shown.loc[0].tolist() == ["EI -1 SD", "not estimable", "–", "–", "–"]
    assert shown.loc[1].tolist() == ["EI +1 SD", "30.5", "unbounded", "unbounded", "True"]


def test_a_report_states_a_terms_direction_only_where_its_test_is_significant():
    """A term's sign is a finding only where its test rejects at the plan's level; otherwise
    the report says "not significant" and gives p, nothing about what EI does. Several planted
    data sets without moderation and with the paper's pattern, each checked against whatever p
    it gives."""
    significant: dict[str, set[bool]] = {"b4": set(), "joint": set(), "U": set()}
    for curve, seed in itertools.product((nothing, papers_pattern), range(6)):
        analysis = analyse_study(planted(np.random.default_rng(seed), curve), seed)
        found = analysis.findings
        notes = dict(zip(analysis.tests["test"], analysis.tests["note"], strict=True))
        said = comparison(found).set_index("finding")["this replication"]
        b4 = notes["effort² × EI (the usual test of the moderation)"]
        paper_b4 = said["effort² × EI (b4), the usual test of the moderation"]
        states_b4 = found.p_b4 < 0.05
        significant["b4"].add(states_b4)
        assert b4.startswith("not significant (p ") != states_b4, (seed, b4)
        assert ("flattens" in b4 or "sharpens" in b4) == states_b4, (seed, b4)
        assert paper_b4.startswith(("positive, p", "negative, p")) == states_b4, (seed, paper_b4)
        assert paper_b4.startswith("not significant") != states_b4, (seed, paper_b4)
        b2 = said["effort² (b2)"]
        assert b2.startswith(("positive, p", "negative, p")) == (found.p_b2 < 0.05), (seed, b2)
        joint = notes["EI moderation: joint Wald test of effort×EI and effort²×EI"]
        states_joint = found.moderation_p < 0.05
        significant["joint"].add(states_joint)
        assert ("changes effort's slope" in joint) == states_joint, (seed, joint)
        assert joint.startswith("not significant (p ") != states_joint, (seed, joint)
        for level, test in u_tests(fit(analysis.data)).items():
            note = notes[f"Lind–Mehlum U-test at EI {level:+.0f} SD"]
            significant["U"].add(test.p_value < 0.05)
            assert note.startswith("not significant") != (test.p_value < 0.05), (seed, note)
    # the rule is tested both ways: some data sets give each term significant, some not
    assert all(seen == {True, False} for seen in significant.values()), significant


def test_a_term_far_from_significance_is_reported_without_a_direction():
    """The audit's case: b4 negative with p = 0.89 and the joint test at p = 0.13 are reported
    as not significant, not as EI sharpening the inverted U."""
    found = Findings(
        seed=1, b2=-0.003, p_b2=1e-6, b4=-6e-5, p_b4=0.894, lm_low_p=0.001, lm_high_p=0.001,
        tl_low=False, tl_high=False, moderation_p=0.134, t_moderation_high=1.63,
        turning_point_low=27.0,
    )  # fmt: skip
    said = comparison(found).set_index("finding")["this replication"]
    assert said["effort² × EI (b4), the usual test of the moderation"].startswith(
        "not significant (p = 0.89)"
    )
    assert said["effort² (b2)"] == "negative, p < 0.001"


def test_several_studies_without_a_power_curve_leave_no_curve_behind(tmp_path):
    """A power curve an earlier command left in the folder would pass for this one's."""
    (tmp_path / "power_curve.csv").write_text("reps,studies\n200,40\n", encoding="utf-8")
    summary = replicate(7, 2, tmp_path, StudyDesign().scaled(20), power_sizes=())
    assert "power_curve" not in summary and not (tmp_path / "power_curve.csv").exists()
    assert_versions(tmp_path / "power.json")  # beside replications.csv
    # the root seed too: the file alone reproduces the studies (it was left out)
    assert json.loads((tmp_path / "power.json").read_text())["seed"] == 7
    assert "Root seed 7." in (tmp_path / "report.md").read_text()
    assert_versions(tmp_path / "study" / "summary.json")  # beside the first study's tables
    assert f"Model version {MODEL_VERSION}" in (tmp_path / "report.md").read_text()
    assert "larger studies" not in (tmp_path / "report.md").read_text()


def wilson(successes: int, studies: int) -> tuple[float, float]:
    return proportion_confint(successes, studies, alpha=0.05, method="wilson")


def test_several_studies_give_each_rate_with_its_95_percent_wilson_interval(tmp_path):
    """A rate of 40 studies is uncertain by about ±15 points: report.md and power.json say how
    much, for the study's size and for the power curve's."""
    replicate(7, 4, tmp_path, StudyDesign().scaled(20), power_sizes=(30,))
    records = pd.read_csv(tmp_path / "replications.csv")
    saved = json.loads((tmp_path / "power.json").read_text())
    page = (tmp_path / "report.md").read_text()
    assert "Wilson" in saved["interval_method"] and "Wilson" in page
    for name, text in VERDICTS.items():
        held, ran = int(records[name].sum()), len(records)
        low, high = wilson(held, ran)
        assert saved["intervals"][name] == pytest.approx([low, high])
        assert f"| {text} | {held / ran:.0%} ({low:.0%}–{high:.0%}) |" in page
    (row,) = saved["power_curve"]
    ran = row["studies"] - row["failed"]
    curve = pd.read_csv(tmp_path / "power_curve.csv")
    for name in VERDICTS:  # each interval from the count the rate is made of
        held = int(curve[f"{name}_held"].iloc[0])
        assert row[name] == pytest.approx(held / ran) and row[f"{name}_held"] == held
        assert row["intervals"][name] == pytest.approx(list(wilson(held, ran)))
    assert "| verdict (p < 0.05) | 30 reps |" in page


def test_the_multiverse_table_gives_each_rate_with_its_interval_and_pools_the_headline_cell():
    cells = [("survey", 0.8, 0.52, 107, 40, 0, 23), ("survey", 0.9, 0.52, 107, 40, 2, 19)]
    cells += [("survey", 0.8, 0.52, 200, 40, 40, None), ("wide", 0.8, 0.52, 107, 40, 0, 4)]
    rows = []
    for effort, alpha, rating, reps, studies, failed, held in cells:
        ran = studies - failed
        rate = held / ran if ran else float("nan")
        rows.append(
            {"effort": effort, "ei_reliability": alpha, "rating_reliability": rating,
             "reps": reps, "studies": studies, "failed": failed}
            | {name: rate for name in VERDICTS}
            | {f"{name}_held": held or 0 for name in VERDICTS}
        )  # fmt: skip
    table = pd.DataFrame(rows)
    page = multiverse_markdown(table, "# header")
    low, high = wilson(23, 40)
    assert f"| 57% ({low:.0%}–{high:.0%}) |" in page and "Wilson" in page
    assert "| – |" in page  # the cell where no study ran
    best = headline(table)["conjunction_lm"]  # the headline cell pools the two EI alphas
    assert best["rate"] == pytest.approx(42 / 78) and best["studies"] == 78
    assert (best["low"], best["high"]) == pytest.approx(wilson(42, 78))
    everything = pooled(table)["moderation"]  # a cell where none ran adds no study
    assert everything["rate"] == pytest.approx(46 / 118)


def test_failed_studies_are_counted_not_dropped():
    """Three reps cannot carry a six-term regression: each study fails, and says so."""
    (batch,) = run_batches([(StudyDesign(reps=3, supervisors=1), [1, 2])])
    assert batch.attempted == 2 and len(batch.failures) == 2 and not batch.findings
    assert "rank deficient" in batch.failures[0]["error"]
    assert all(np.isnan(v) for v in batch.rates().values())


def test_studies_in_the_log_are_not_simulated_again_and_equal_fresh_ones(tmp_path, monkeypatch):
    """A replication appends each finished study to its log; run again, it takes them from
    there (a line cut by a killed process and a garbled one count as missing) and simulates
    only the rest, with the outcomes a run without a log gives."""
    design, log = StudyDesign().scaled(40), tmp_path / "studies.jsonl"
    (fresh,) = run_batches([(design, [1, 2, 3])])
    run_batches([(design, [1, 2])], saved=log)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    log.write_text(f"{lines[0]}\nnot json\n{lines[1][:-9]}", encoding="utf-8")  # 2 cut off
    assert len(saved_outcomes(log)) == 1
    simulated: list[int] = []
    guarded = power._guarded
    monkeypatch.setattr(power, "_guarded", lambda args: simulated.append(args[0]) or guarded(args))
    (again,) = run_batches([(design, [1, 2, 3])], saved=log)
    assert simulated == [2, 3]
    assert [f.record() for f in again.findings] == [f.record() for f in fresh.findings]
    assert len(saved_outcomes(log)) == 3  # the new lines start on a line of their own
    # another design (or world, or model version) is another study
    simulated.clear()
    run_batches([(design.scaled(60), [1])], saved=log)
    assert simulated == [1]


def test_a_slow_first_study_holds_back_no_other_study_s_line_in_the_log(tmp_path, monkeypatch):
    """On several processes each study is logged as soon as it finishes: the first study waits
    (up to 20 s) until another study's line is in the log. Logged in order, as before, none
    could be, and a Ctrl-C then lost every study already done behind a slow one."""
    design, log = StudyDesign().scaled(40), tmp_path / "studies.jsonl"
    guarded = power._guarded

    def first_waits(args):
        if args[0] == 1:
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline and not (log.is_file() and log.read_text()):
                time.sleep(0.05)
        return guarded(args)

    monkeypatch.setattr(power, "_guarded", first_waits)
    # forked workers see the patch; Mesa's batch_run (tests/test_recording.py) sets the
    # process's default start method to spawn, whose workers would import the module afresh
    fork = multiprocessing.get_context("fork")
    monkeypatch.setattr(power, "WorkerPool", functools.partial(WorkerPool, mp_context=fork))
    (batch,) = run_batches([(design, [1, 2, 3, 4])], workers=2, saved=log)
    assert batch.attempted == 4 and not batch.failures
    keys = [json.loads(line)["key"] for line in log.read_text(encoding="utf-8").splitlines()]
    assert len(keys) == 4 and keys[0] != study_key(1, design, None), keys


def test_the_multiverse_has_one_row_per_design(tmp_path):
    small = Multiverse(efforts=("survey", "wide"), ei_reliabilities=(0.8,), sizes=(60,))
    table = run_multiverse(1, 2, tmp_path, small)
    assert len(table) == 2 * 1 * 2 * 1
    assert set(table["effort"]) == {"survey", "wide"}
    assert (table["studies"] == 2).all() and (table["failed"] == 0).all()
    saved = json.loads((tmp_path / "multiverse.json").read_text())
    assert len(saved["cells"]) == 4 and saved["failed"] == 0
    assert_versions(tmp_path / "multiverse.json")
    page = (tmp_path / "multiverse.md").read_text()
    assert "conjunction (U-test)" in page and "none failed" in page


def test_the_worlds_multiverse_runs_the_plans_study_in_each_plausible_world(tmp_path):
    design = StudyDesign().scaled(60)
    table = run_worlds_multiverse(3, 2, 3, tmp_path, design)
    assert list(table.index) == [0, 1, 2]
    assert (table["studies"] == 2).all() and (table["failed"] == 0).all()
    # each world is a draw from the priors of the parameters the study does not set itself
    drawn = [name for name in PRIORS if name in table.columns]
    assert drawn and not set(STUDY_SETS) & set(table.columns)
    for name in drawn:
        assert table[name].between(PRIORS[name].low, PRIORS[name].high).all()
        assert table[name].nunique() == 3
    for name in RATES:
        assert table[name].between(0, 1).all()
    saved = json.loads((tmp_path / "worlds_multiverse.json").read_text())
    assert saved["worlds"] == 3 and set(saved["rates"]) == set(RATES)
    # the plan's headline with prior draws: each verdict over all the worlds' studies
    for name in RATES:
        assert (table[name] == table[f"{name}_held"] / table["studies"]).all()
        held = int(table[f"{name}_held"].sum())
        found = saved["pooled"][name]
        assert found["studies"] == 6 and found["rate"] == pytest.approx(held / 6)
        assert [found["low"], found["high"]] == pytest.approx(list(wilson(held, 6)))
        assert saved["pooled_over_worlds"][name] == pytest.approx(t_interval(table[name]))
    assert_versions(tmp_path / "worlds_multiverse.json")
    page = (tmp_path / "worlds_multiverse.md").read_text()
    assert "3 plausible worlds" in page and "none failed" in page
    assert "Pooled over all 6 studies" in page and "95 % Wilson interval" in page
    # the same seed gives the same worlds and the same verdicts
    again = run_worlds_multiverse(3, 2, 3, tmp_path / "again", design)
    pd.testing.assert_frame_equal(table, again)


def t_interval(rates) -> list[float]:
    """The 95 % Student's t interval of the mean of ``rates``, clipped to [0, 1]."""
    values = np.asarray(rates, dtype=float)
    mean, n = values.mean(), values.size
    half = stats.t.ppf(0.975, n - 1) * values.std(ddof=1) / np.sqrt(n)
    return [max(0.0, mean - half), min(1.0, mean + half)]


@pytest.mark.parametrize(
    "rates",
    [
        [0.45, 0.50],  # 2 worlds: t's 12.7 standard errors, not 1.96
        [0.0, 0.1],  # 2 worlds whose interval reaches below 0: clipped
        list(np.random.default_rng(64).integers(0, 21, 64) / 20),  # 64 worlds of 20 studies
    ],
    ids=["2 worlds", "2 worlds clipped", "64 worlds"],
)
def test_the_interval_over_worlds_is_students_t_over_the_worlds_rates(rates):
    """``--worlds`` accepts 2: there mean ± 1.96 standard errors is 6.5 times too narrow."""
    low, high = world_interval(pd.Series([*rates, np.nan]))  # a world where none ran: left out
    assert [low, high] == pytest.approx(t_interval(rates))
    assert 0 <= low < high <= 1


def test_a_study_runs_in_the_world_it_is_given():
    design = StudyDesign().scaled(40)
    harsh = Scenario().with_values({"dynamics.irritation_per_contact": 0.6})
    plain, in_world = run_batches([(design, [5]), (design, [5])], scenarios=[Scenario(), harsh])
    assert plain.findings[0].record() != in_world.findings[0].record()
    (same,) = run_batches([(design, [5])])
    assert plain.findings[0].record() == same.findings[0].record()


def test_the_worlds_range_of_a_rate_is_rates_some_world_gives():
    # As a study's spread over worlds (experiments.uncertainty.spread): the ends are rates of
    # some world, with at least 90 % of the worlds between them. Interpolated quantiles gave
    # rates no world had (a 5 % end of 0.0475 between worlds at 0.0 and 0.05).
    rates = np.array([0.0] * 3 + [0.05] * 10 + [0.1] * 6 + [0.4])  # 20 worlds
    table = pd.DataFrame(
        {"studies": 20, "failed": 0}
        | {name: rates for name in RATES}
        | {f"{name}_held": rates * 20 for name in RATES}
    )
    drawn = pd.DataFrame({"dynamics.decay": np.linspace(0.01, 0.06, rates.size)})
    found = worlds_summary(table, drawn)["rates"]["conjunction_lm"]
    assert found["low"] in rates and found["high"] in rates
    assert np.mean((rates >= found["low"]) & (rates <= found["high"])) >= 0.9
    assert (found["low"], found["high"]) == (0.0, 0.1)
    assert found["median"] == 0.05


# Lets the first chunk of studies to start run, and holds every later one until the file named
# in RAPPORT_TEST_GATE exists, in whichever worker runs it (workers inherit PYTHONPATH).
GATE = """
import os
import time

import experiments.replicate.power as power

_chunk = power._guarded_chunk


def held_chunk(args):
    gate = os.environ["RAPPORT_TEST_GATE"]
    try:
        os.close(os.open(gate + "-first", os.O_CREAT | os.O_EXCL))
    except FileExistsError:
        open(gate + "-held", "w").close()
        while not os.path.exists(gate):
            time.sleep(0.01)
    return _chunk(args)


power._guarded_chunk = held_chunk
"""


@pytest.mark.slow
def test_ctrl_c_stops_the_studies_still_executing_and_a_rerun_runs_only_the_rest(tmp_path):
    """A Ctrl-C during ``rapport replicate --runs N --workers 2`` waited for the chunks of
    studies its workers held (Python's exit joins a pool's processes), up to 9 s after the
    signal in a run of 400 studies, then threw them away. Here the later chunks are held and
    never let go: the command must exit on its own with code 130, say what it saved, leave no
    worker in its group, and a rerun must run only the studies that are missing."""
    env, gate = gated_env(tmp_path, GATE)
    out = tmp_path / "out"
    command = [str(Path(sys.executable).with_name("rapport")), "replicate", "--runs", "16"]
    command += ["--workers", "2", "--out", str(out)]
    log = out / "studies.jsonl"
    stopped = stopped_while_held(
        command, env, gate, signal.SIGINT, ready=lambda: log.is_file() and log.stat().st_size
    )
    assert stopped.returncode == 130, stopped.stderr
    assert "Interrupted: finished studies are saved" in stopped.stderr
    assert "Traceback" not in stopped.stderr
    assert stopped.left == [], f"worker processes left behind: {stopped.left}"
    saved = len(saved_outcomes(log))
    assert 0 < saved < 16
    again = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert "All 16 simulated studies ran" in (out / "report.md").read_text(encoding="utf-8")
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(saved_outcomes(log))  # no saved study was run a second time
