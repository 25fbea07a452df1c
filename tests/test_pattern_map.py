"""Claims about the pattern map (``rapport patterns``): how it plans, resumes, judges and finds
the regions where the pattern fails. Runs here are tiny (a few reps, a few weeks)."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import yaml

from experiments.config import validate_sweep
from experiments.pattern_config import CRITERIA as PARTS
from experiments.pattern_config import (
    EFFORT,
    PERCEPTION,
    Criteria,
    PatternFile,
    load_patterns,
    validate_patterns,
)
from experiments.patterns import (
    MECHANISMS,
    ONE_SEED,
    acting_dimensions,
    analyse_patterns,
    axis_name,
    bound_text,
    box_name,
    curves,
    discover_boxes,
    factor_map,
    failure_profile,
    failure_text,
    judge,
    judge_curves,
    paired_verdicts,
    pairing_problem,
    pattern_tasks,
    plan_points,
    restriction_text,
    result_columns,
    run_patterns,
    scan_efforts,
    seed_fragility,
    team_levels,
    team_slots,
    tolerance_effort,
    write_paired,
)
from experiments.runner import execute_run
from experiments.store import ResultStore
from experiments.sweep import run_sweep
from sim.model import RapportModel
from sim.params import ConfigError, Scenario
from sim.priors import DISCRETE_PRIORS, PRIORS
from tests.helpers import (
    REPO,
    STOPS,
    assert_stopped_at_once,
    gated_env,
    holding,
    rapport_in_process,
    stopped_while_held,
)

RAPPORT = str(Path(sys.executable).parent / "rapport")

TINY: dict[str, Any] = {
    "name": "tiny",
    "set": {"reps.count": 2},
    "samples": 6,
    "replications": 2,
    "seed": 5,
    "horizons": [8, 12],
    "scan": {"steps": 4},
    "criteria": {"revenue_weeks": 4, "rising_points": 3},
    "execution": {"workers": 1, "chunk_runs": 10},
}


def tiny_plan(**changes: Any):
    return validate_patterns({**TINY, **changes})


@pytest.mark.parametrize(
    ("changes", "line"),
    [
        (
            {"low": {"perception": 0.2, "regulaton": 0.2}},
            "low.regulaton: unknown key 'regulaton' (did you mean 'regulation'?); allowed here: "
            "perception, regulation",
        ),
        (
            {"scan": {"stepz": 4}},
            "scan.stepz: unknown key 'stepz' (did you mean 'steps'?); allowed here: "
            "start_hours, steps, overshoot",
        ),
        (
            {"horizons": [8, 0]},
            "horizons: 0 must lie between criteria.revenue_weeks (4) and 520 weeks",
        ),
        (
            {"scan": {"steps": 4}, "criteria": {"revenue_weeks": 4, "rising_points": 5}},
            "criteria.rising_points (5) is larger than scan.steps (4)",
        ),
        # accepted, it ran every run and then failed in the analysis with a KeyError
        ({"horizons": [12, 8, 12]}, "horizons: 12 is given twice; give each horizon once"),
        # swapped teams were accepted, and the pattern held nowhere (0 % at every horizon)
        (
            {
                "low": {"perception": 0.8, "regulation": 0.8},
                "high": {"perception": 0.2, "regulation": 0.2},
            },
            "low.perception (0.8) is above high.perception (0.2): low is the team of low "
            "emotional intelligence",
        ),
        # values the map sets itself were accepted under set: and did nothing
        (
            {"set": {"reps.count": 2, "customers.tolerance": 2.0}},
            "set.customers.tolerance: a prior this map samples, so its points would override "
            "it; hold it at one value with fix:",
        ),
        (
            {"set": {"reps.count": 2, "reps.perception": 0.5}},
            "set.reps.perception: the map sets the teams' perception (low:, high:), so it would "
            "act nowhere",
        ),
        (
            {"set": {"reps.count": 2, "simulation.weeks": 5}},
            "set.simulation.weeks: the map runs to its last horizon (horizons:), so it would act "
            "nowhere",
        ),
    ],
)
def test_a_pattern_file_s_mistake_is_named_by_its_own_key(tmp_path, changes, line):
    """A misspelt key in a team was reported as its correct twin missing ("low.regulation:
    required, missing"), and a check across fields began with "scenario:", a key no pattern
    file has."""
    with pytest.raises(ConfigError) as refused:
        tiny_plan(**changes)
    assert str(refused.value) == line
    # read from a file, the message names the file first, as rapport calibrate's do
    path = tmp_path / "map.yaml"
    path.write_text(yaml.safe_dump({**TINY, **changes}), encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        load_patterns(path)
    assert str(refused.value) == f"{path}: {line}"


def test_the_plan_scans_every_point_for_both_teams_up_to_half_again_the_tolerance():
    plan = tiny_plan()
    points = plan_points(plan)
    tasks = list(pattern_tasks(plan, points, set()))
    assert len(tasks) == plan.total_runs == 6 * 2 * 4 * 2
    assert len({t.key for t in tasks}) == len(tasks)
    for point in points:
        scenario = plan.sweep.base.with_values(point.values)
        efforts = scan_efforts(plan, point.values)
        assert efforts[-1] == pytest.approx(1.5 * tolerance_effort(scenario), rel=1e-4)
        assert np.all(np.diff(efforts) > 0)
        mine = [t for t in tasks if t.point == point.index]
        assert {t.values["reps.perception"] for t in mine} == {0.2, 0.8}
        # Common random numbers: one seed per replication across efforts and teams.
        for replication in (0, 1):
            assert len({t.seed for t in mine if t.replication == replication}) == 1
        assert len({t.seed for t in mine}) == 2


def test_the_tolerance_effort_is_where_planned_contacts_reach_the_mean_tolerance():
    scenario = Scenario()
    c, d = scenario.customers, scenario.dynamics
    effort = tolerance_effort(scenario)
    planned = effort * scenario.reps.contact_share / (d.hours_per_contact * c.per_rep)
    assert planned == pytest.approx(c.need * c.tolerance)
    assert effort == pytest.approx(40.0)  # the documented default: about 40 h a week


def test_the_discrete_schedule_scans_to_the_tolerance_in_calls_and_samples_the_channels():
    """Under ``channels.schedule: discrete`` the tolerance effort counts contacts as customers
    do (in calls, by channel weight): one week of 500 reps at that effort gives customers, on
    average, their mean tolerance; and the map samples the channels' priors too."""
    scenario = Scenario().with_values(
        {"channels.schedule": "discrete", "reps.count": 500, "reps.effort_spread": 0.0}
    )
    effort = tolerance_effort(scenario)
    model = RapportModel(scenario.with_values({"reps.effort_hours": effort}), seed=3)
    model.step()
    felt = model.customer_state.channel_contacts @ np.array(scenario.channels.weights)
    c = scenario.customers
    assert felt.mean() == pytest.approx(c.need * c.tolerance, rel=0.01)
    assert effort != pytest.approx(tolerance_effort(Scenario()))  # the channels change it
    rate = tiny_plan()
    discrete = tiny_plan(set={**TINY["set"], "channels.schedule": "discrete"})
    rate_axes, discrete_axes = {a.name for a in rate.axes}, {a.name for a in discrete.axes}
    assert discrete_axes - rate_axes == set(DISCRETE_PRIORS)
    assert not set(DISCRETE_PRIORS) & rate_axes  # inert under the rate schedule


def test_only_efforts_above_the_schema_maximum_bypass_its_check_and_they_run():
    plan = tiny_plan(samples=40, replications=1)
    tasks = list(pattern_tasks(plan, plan_points(plan), set()))
    beyond = [t for t in tasks if t.values[EFFORT] > 80]
    assert beyond, "no point of this design scans past 80 h"
    assert all(t.unchecked == (EFFORT,) for t in beyond)
    assert all(t.unchecked == () for t in tasks if t.values[EFFORT] <= 80)
    outcome = execute_run(beyond[0])
    assert outcome.error is None and outcome.columns["revenue"]
    with pytest.raises(ConfigError, match=r"reps\.effort_hours"):
        Scenario().with_values({EFFORT: 120.0})
    assert Scenario().beyond_bounds({EFFORT: 120.0}).reps.effort_hours == 120.0


def test_an_interrupted_pattern_map_resumes_with_only_the_missing_runs(tmp_path):
    plan = tiny_plan()
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    first = run_patterns(plan, whole, quiet=True)
    assert (first.done, first.skipped, first.failed) == (plan.total_runs, 0, 0)
    run_patterns(plan, cut, quiet=True)
    parts = sorted((cut / "results").glob("part-*.parquet"))
    assert len(parts) > 2
    lost = pd.read_parquet(parts[1])["run_key"].nunique()
    parts[1].unlink()  # as if the run had been killed before this chunk was written

    resumed = run_patterns(plan, cut, quiet=True)
    assert (resumed.done, resumed.skipped) == (lost, plan.total_runs - lost)
    again = run_patterns(plan, cut, quiet=True)
    assert (again.done, again.skipped) == (0, plan.total_runs)
    columns = ["point", "replication", "reps.perception", EFFORT, "week", "revenue"]
    columns.append("relational_performance")
    a = ResultStore(whole).read_results(columns).sort_values(columns[:5], ignore_index=True)
    b = ResultStore(cut).read_results(columns).sort_values(columns[:5], ignore_index=True)
    pd.testing.assert_frame_equal(a, b)


def test_a_setting_that_changes_the_runs_is_not_mixed_with_stored_runs(tmp_path):
    run_patterns(tiny_plan(), tmp_path, quiet=True)
    with pytest.raises(ConfigError, match="--force"):
        run_patterns(tiny_plan(seed=6), tmp_path, quiet=True)


def test_new_criteria_judge_the_stored_runs_without_running_them_again(tmp_path):
    first = run_patterns(tiny_plan(), tmp_path, quiet=True)
    stricter = tiny_plan(criteria={"low_fall": 0.3, "revenue_weeks": 4, "rising_points": 3})
    again = run_patterns(stricter, tmp_path, quiet=True)
    assert first.done == first.total and again.done == 0 and again.skipped == first.total


def test_the_command_writes_the_page_and_the_shares(tmp_path, monkeypatch, capsys):
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(TINY), encoding="utf-8")
    done = rapport_in_process(
        monkeypatch, capsys, "patterns", config, "--out", tmp_path / "out", "--quiet"
    )
    assert done.returncode == 0, done.stderr
    summary = json.loads((tmp_path / "out" / "patterns.json").read_text())
    assert set(summary["horizons"]) == {"8", "12"}
    for entry in summary["horizons"].values():
        assert entry["points_judged"] == 6
        assert 0 <= entry["share"] <= 1
        low, high = entry["share_if_flips_went_the_other_way"]
        assert low <= entry["share"] <= high
        assert high - low == pytest.approx(entry["seed_fragile"]["holds"])
        # Monte Carlo filtering over every acting prior, where some points hold and some fail.
        factors = entry["factor_map"]
        if 0 < entry["share"] < 1:
            sampled = set(PRIORS) - set(summary["inert_dimensions"])
            assert {r["parameter"] for r in factors} == sampled
            assert [r["ks"] for r in factors] == sorted((r["ks"] for r in factors), reverse=True)
        else:
            assert factors == []
    for entry in summary["horizons"].values():  # every failing point in exactly one group
        failing = entry["points_judged"] - entry["holds"]
        assert sum(g["points"] for g in entry["failures"]["by_parts"]) == failing
        assert entry["failures"]["points"] == failing
        assert failure_text(entry["failures"]) in done.stdout  # the command's line
    page = (tmp_path / "out" / "patterns.html").read_text()
    assert "Where the pattern holds" in page and "data:image/png;base64" in page
    assert "Which parts fail, and together with which" in page
    assert "Which parameters move the verdict" in page
    # shares of points move by percentage points, not by a per cent of themselves
    assert "10 percentage points or more over the thirds" in page
    assert "One seed flips the verdict" in page
    assert "pattern holds in" in done.stdout and "one seed flips the verdict at" in done.stdout
    # Compared with itself, point by point (nothing runs again): no point differs.
    out = str(tmp_path / "out")
    again = rapport_in_process(
        monkeypatch, capsys, "patterns", config, "--out", out, "--quiet", "--paired-with", out
    )
    assert again.returncode == 0, again.stderr
    assert "Point by point" in again.stdout
    # the comparison's files named for what they are (paired.json is no figure)
    assert again.stdout.strip().splitlines()[-1] == (
        f"Comparison: {out}/paired.json; page: {out}/paired.html"
    )
    assert again.stdout.count("here only 0, there only 0 (McNemar p 1)") == 2 * 5
    assert "teams here" not in again.stdout  # the same team levels: not repeated
    assert "runs differ in" not in again.stdout  # nor other worlds
    pairs = json.loads((tmp_path / "out" / "paired.json").read_text(encoding="utf-8"))
    assert pairs["second"] == out and len(pairs["horizons"]) == 2
    shown = (tmp_path / "out" / "paired.html").read_text(encoding="utf-8")
    assert shown.count("<h2>") == 2 and shown.count("<tr><td>") == 2 * 5
    assert pairs["differences"] == [] and "the two maps ran the same worlds" in shown
    holds = pairs["horizons"]["8"]["holds"]
    assert f"<td>whole pattern</td><td>{holds['first']}</td><td>{holds['second']}</td>" in shown
    assert all(
        c["first_only"] == c["second_only"] == 0
        for entry in pairs["horizons"].values()
        for c in entry.values()
    )
    # The refusals, in process (the command's own process is tested above).
    other = tmp_path / "other.yaml"
    other.write_text(json.dumps({**TINY, "seed": 6}), encoding="utf-8")
    argv = ["patterns", str(other), "--out", str(tmp_path / "o"), "--quiet"]
    done = rapport_in_process(monkeypatch, capsys, *argv, "--paired-with", out)
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert "not paired" in done.stderr and "Traceback" not in done.stderr
    # before any run, naming both values (it was refused after the whole map had run)
    assert f"--paired-with {out}: the two maps differ in seed (6 and " in done.stderr
    assert not (tmp_path / "o").exists()
    # A folder that holds no map is refused before anything runs.
    early = ["patterns", str(other), "--out", str(tmp_path / "o2"), "--quiet"]
    done = rapport_in_process(monkeypatch, capsys, *early, "--paired-with", tmp_path / "n")
    assert done.returncode == 2 and "not a finished pattern map" in done.stderr
    assert not (tmp_path / "o2").exists()
    # A map of other worlds (a bigger team) pairs, and says what it pairs: without it, its
    # differences would read as a rule's effect.
    bigger = tmp_path / "bigger.yaml"
    bigger.write_text(json.dumps({**TINY, "set": {"reps.count": 3}}), encoding="utf-8")
    argv = ["patterns", str(bigger), "--out", str(tmp_path / "b"), "--quiet", "--paired-with", out]
    done = rapport_in_process(monkeypatch, capsys, *argv)
    assert done.returncode == 0, done.stderr
    assert "  runs differ in: reps.count 3 here, 2 there\n" in done.stdout
    shown = (tmp_path / "b" / "paired.html").read_text(encoding="utf-8")
    assert "<tr><td><code>reps.count</code></td><td>3</td><td>2</td></tr>" in shown


def test_scenario_discovery_on_several_processes_finds_the_same_boxes(tmp_path):
    """PRIM's searches (whole pattern and each part, every horizon) run in worker processes
    when the analysis has workers; the page's figures must not depend on how many."""
    run_patterns(tiny_plan(samples=16, replications=1), tmp_path, quiet=True)
    serial = analyse_patterns(tmp_path, workers=1)
    # Without it, the analysis would keep the boxes of the serial one's patterns.json.
    (tmp_path / "patterns.json").unlink()
    parallel = analyse_patterns(tmp_path, workers=2)
    assert json.dumps(parallel, default=str) == json.dumps(serial, default=str)
    found = [
        box
        for entry in serial["horizons"].values()
        for boxes in [entry["boxes"], *entry["criterion_boxes"].values()]
        for box in boxes
    ]
    assert found, "no box at all: the comparison would prove nothing"


def test_discovery_processes_are_forked_from_a_single_threaded_server():
    """PRIM's processes come from a fork server so that no fork copies a process with threads
    (the command's pyarrow threads read the results; CPython warns that such a fork may
    deadlock the child). Preloading the map's modules into that server, tried to spare each
    process its imports, would have started numpy's and pyarrow's threads there."""
    code = (
        "import os\n"
        "from experiments.patterns import discovery_pool\n"
        "pool = discovery_pool(2)\n"
        "[f.result() for f in [pool.submit(os.getpid) for _ in range(4)]]\n"
        "for pid in os.listdir('/proc'):\n"
        "    if pid.isdigit() and b'forkserver' in open(f'/proc/{pid}/cmdline', 'rb').read():\n"
        "        stat = open(f'/proc/{pid}/stat').read()\n"
        "        if int(stat[stat.rfind(')') + 2 :].split()[1]) == os.getpid():\n"
        "            print(len(os.listdir(f'/proc/{pid}/task')))\n"
        "pool.shutdown()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1"]  # one fork server, with one thread


@pytest.mark.parametrize(
    ("profiles", "own", "what"),
    [
        ("effort_hours: 50", "effort_hours (a 50, b 50)", "the map's effort scan set"),
        (
            "perception: 0.3, regulation: 0.4",
            "perception (a 0.3, b 0.3) and regulation (a 0.4, b 0.4)",
            "the map's EI teams set",
        ),
    ],
)
def test_a_team_whose_profiles_set_what_the_map_varies_is_refused(tmp_path, profiles, own, what):
    """The map scans the team's effort and sets its perception and regulation for a low- and a
    high-EI team: profiles that set their own would make every point judge one team twice."""
    team = "".join(f"    - {{name: {name}, share: 0.5, {profiles}}}\n" for name in "ab")
    (tmp_path / "team.yaml").write_text(f"reps:\n  profiles:\n{team}", encoding="utf-8")
    with pytest.raises(ConfigError) as refused:
        tiny_plan(base=str(tmp_path / "team.yaml"))
    said = str(refused.value)
    assert said.startswith(f"base: every profile of team.yaml sets its own {own}, "), said
    assert f"{what} would act nowhere" in said
    # one profile that takes the team's values lets the map's settings act: accepted
    (tmp_path / "half.yaml").write_text(
        "reps:\n  profiles:\n    - {name: a, share: 0.5, effort_hours: 50, perception: 0.3}\n"
        "    - {name: b, share: 0.5}\n",
        encoding="utf-8",
    )
    assert tiny_plan(base=str(tmp_path / "half.yaml")).sweep.base.reps.profiles


def test_a_bad_pattern_file_is_one_line_with_exit_code_2(tmp_path, monkeypatch, capsys):
    config = tmp_path / "bad.yaml"
    config.write_text(json.dumps({**TINY, "scan": {"stepz": 4}}), encoding="utf-8")
    done = rapport_in_process(monkeypatch, capsys, "patterns", config)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "stepz" in done.stderr


# --- judging -------------------------------------------------------------------------------------

X = np.linspace(0, 1, 10)
CRITERIA = Criteria()


@pytest.mark.parametrize(
    ("low", "high", "revenue", "failing"),
    [
        (1 - 3 * (X - 0.4) ** 2, 1 - np.exp(-4 * X), X, set()),
        (1 - np.exp(-4 * X), 1 - np.exp(-4 * X), X, {"low_interior_peak", "low_falls"}),
        (1 - 0.5 * (X - 0.4) ** 2, 1 - np.exp(-4 * X), X, {"low_falls"}),
        (1 - 3 * (X - 0.4) ** 2, 1 - (X - 0.5) ** 2, X, {"high_keeps"}),
        (1 - 3 * (X - 0.4) ** 2, 1 - np.exp(-4 * X), 1 - (X - 0.5) ** 2, {"high_revenue_rising"}),
    ],
    ids=[
        "study pattern",
        "low EI saturates",
        "low EI falls too little",
        "high EI falls",
        "revenue turns down",
    ],
)
def test_the_verdict_names_each_part_of_the_pattern_that_fails(low, high, revenue, failing):
    verdict = judge_curves(low, high, revenue, CRITERIA)
    parts = {"low_interior_peak", "low_falls", "high_keeps", "high_revenue_rising"}
    assert {p for p in parts if not verdict[p]} == failing
    assert verdict["holds"] == (not failing)


def planted_results(revenues: dict[int, list[np.ndarray]], weeks: int = 12) -> pd.DataFrame:
    """Stored results of a map whose low-EI curve is a clear inverted U and whose high-EI
    relationships rise at every point; the high-EI revenue over the scan per point and
    replication is given (constant over the weeks)."""
    rows = []
    for point, per_replication in revenues.items():
        for replication, revenue in enumerate(per_replication):
            for step, x in enumerate(X):
                for perception, rp, earned in (
                    (0.2, 1 - 3 * (x - 0.4) ** 2, 1.0),
                    (0.8, 1 - np.exp(-4 * x), revenue[step]),
                ):
                    for week in range(1, weeks + 1):
                        rows.append(
                            {
                                "point": point,
                                "replication": replication,
                                "week": week,
                                PERCEPTION: perception,
                                EFFORT: 5.0 + 10 * step,
                                "relational_performance": rp,
                                "revenue": earned,
                            }
                        )
    return pd.DataFrame(rows)


def test_a_verdict_that_one_seed_decides_is_counted_as_fragile():
    settings = PatternFile.model_validate(
        {**TINY, "horizons": [12], "scan": {"steps": len(X)}, "replications": 3}
    )
    rising, falling = 1 + X, 2 - X
    results = planted_results(
        {
            0: [rising, rising, rising],  # holds with every seed
            1: [falling, falling, falling],  # fails with every seed
            2: [rising, rising, 1 - 5 * X],  # fails on the mean; without the third seed it holds
        }
    )
    judged = judge(curves(results, settings), settings)
    assert judged.set_index("point")["holds"].to_dict() == {0: True, 1: False, 2: False}
    fragile = seed_fragility(results, settings, judged).set_index("point")
    assert fragile["holds"].to_dict() == {0: False, 1: False, 2: True}
    assert fragile["high_revenue_rising"].to_dict() == {0: False, 1: False, 2: True}
    assert not fragile[["low_interior_peak", "low_falls", "high_keeps"]].to_numpy().any()
    # With one replication nothing can be left out: which verdicts the seed decides is not
    # known, which is not "none of them".
    one = results[results["replication"] == 0]
    judged_one = judge(curves(one, settings), settings)
    assert seed_fragility(one, settings, judged_one) is None
    groups = failure_profile(judged_one, None)["by_parts"]
    assert groups and all(g["one_seed_flips"] is None for g in groups)


def test_the_measure_with_lost_customers_counts_each_lost_one_as_no_relationship():
    criteria = {"revenue_weeks": 4, "rising_points": 3, "measure": "with_lost", "lost_weeks": 4}
    settings = PatternFile.model_validate(
        {**TINY, "horizons": [12], "scan": {"steps": len(X)}, "criteria": criteria}
    )
    results = planted_results({0: [1 + X], 1: [1 + X]})
    # Point 0 loses a customer a week from week 9 on at every effort and team; point 1 none.
    results["churned"] = np.where(results["point"] == 0, (results["week"] - 8).clip(lower=0), 0)
    results["customers"] = 20  # every lost customer replaced at once
    design = pd.DataFrame({"customers.per_rep": [5, 5]}, index=pd.Index([0, 1], name="point"))
    config = {"scenario": {"reps": {"count": 4}, "customers": {"per_rep": 40}}}
    slots = team_slots(config, design)
    assert slots.to_dict() == {0: 20.0, 1: 20.0}
    current = curves(results, settings.model_copy(update={"criteria": Criteria()}), slots)
    with_lost = curves(results, settings, slots)
    ratio = (with_lost["rp"] / current["rp"]).groupby(with_lost["point"]).agg(["min", "max"])
    # Weeks 9-12 lost 4 customers: 20 slots now, 4 more that count as no relationship.
    assert ratio.loc[0].to_numpy() == pytest.approx([20 / 24, 20 / 24])
    assert ratio.loc[1].to_numpy() == pytest.approx([1.0, 1.0])
    with pytest.raises(ValueError, match="slots"):
        curves(results, settings)
    # Slots left empty: at point 0 the team has 17 of its 20 slots at week 12; 3 of the 4
    # customers lost in weeks 9-12 still leave theirs empty. The mean over slots already counts
    # those 3 as no relationship; the measure counts each lost customer once: 17 + 4 customers.
    results["customers"] = np.where(results["point"] == 0, 17, 20)
    vacant = curves(results, settings, slots)
    ratio = (vacant["rp"] / current["rp"]).groupby(vacant["point"]).agg(["min", "max"])
    assert ratio.loc[0].to_numpy() == pytest.approx([20 / 21, 20 / 21])
    assert ratio.loc[1].to_numpy() == pytest.approx([1.0, 1.0])


def test_a_map_judged_with_lost_customers_rates_no_team_above_its_customers_mean(tmp_path):
    lost = {"revenue_weeks": 4, "rising_points": 3, "measure": "with_lost", "lost_weeks": 6}
    run_patterns(tiny_plan(criteria=lost), tmp_path, quiet=True)
    summary = analyse_patterns(tmp_path)
    assert all(entry["points_judged"] == 6 for entry in summary["horizons"].values())
    assert "those it lost in the 6 weeks before" in (tmp_path / "patterns.html").read_text()
    store = ResultStore(tmp_path)
    config, design = store.read_config(), store.read_design().set_index("point")
    settings = PatternFile.model_validate(config["patterns"])
    results = store.read_results(columns=result_columns(settings, config))
    slots = team_slots(config, design)
    with_lost = curves(results, settings, slots)
    # Nobody lost: the mean over the customers each team has (the tiny map's priors leave
    # slots empty at some points, where that is above the mean over slots).
    customers_only = curves(results.assign(churned=0), settings, slots)
    current = curves(results, settings.model_copy(update={"criteria": Criteria()}), slots)
    assert (customers_only["rp"] >= current["rp"] - 1e-12).all()
    assert (with_lost["rp"] <= customers_only["rp"] + 1e-12).all()
    assert (with_lost["rp"] < customers_only["rp"]).any()  # real runs lose customers


def test_the_measure_with_lost_customers_is_checked_before_it_is_used():
    with pytest.raises(ConfigError, match="lost_weeks"):
        tiny_plan(criteria={"revenue_weeks": 4, "measure": "with_lost", "lost_weeks": 9})
    with pytest.raises(ConfigError, match="measure"):
        tiny_plan(criteria={"revenue_weeks": 4, "measure": "lost"})
    lost = {"revenue_weeks": 4, "measure": "with_lost", "lost_weeks": 4}
    settings = tiny_plan(criteria=lost).settings
    old_map = {"record": {"metrics": ["relational_performance", "revenue"]}}
    with pytest.raises(ConfigError, match="did not record"):
        result_columns(settings, old_map)
    before_customers = {"record": {"metrics": ["relational_performance", "revenue", "churned"]}}
    with pytest.raises(ConfigError, match="customers"):
        result_columns(settings, before_customers)
    assert not {"churned", "customers"} & set(result_columns(tiny_plan().settings, old_map))


# --- scenario discovery --------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_prim_finds_a_planted_box_of_failures(seed):
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(rng.random((500, 6)), columns=[f"p{i}" for i in range(6)])
    planted = (x["p0"] > 0.6) & (x["p3"] < 0.35)
    fails = planted.to_numpy() | (rng.random(500) < 0.03)  # a little noise outside the box
    boxes = discover_boxes(x, fails, max_boxes=1)
    assert len(boxes) == 1
    box = boxes[0]
    limits = {r["parameter"]: r for r in box["restricted"]}
    assert {r["parameter"] for r in box["restricted"][:2]} == {"p0", "p3"}
    assert limits["p0"]["min"] == pytest.approx(0.6, abs=0.1) and limits["p0"]["side"] == "high"
    assert limits["p3"]["max"] == pytest.approx(0.35, abs=0.1) and limits["p3"]["side"] == "low"
    assert box["density"] >= 0.8 and box["coverage"] >= 0.7
    # The box and the planted region hold mostly the same points.
    inside = np.ones(len(x), dtype=bool)
    for r in box["restricted"]:
        inside &= x[r["parameter"]].between(r["min"], r["max"]).to_numpy()
    assert (inside & planted).sum() >= 0.8 * max(inside.sum(), planted.sum())
    for other in set(limits) - {"p0", "p3"}:
        assert limits[other]["narrowing"] < 0.2


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_monte_carlo_filtering_ranks_a_planted_driver_and_a_planted_tension(seed):
    """A planted driver of the verdict ranks first, with the share holding rising over its
    thirds; a planted tension (one part rises with a parameter, another falls) is flagged though
    the whole pattern hardly moves with it; pure noise is not significant."""
    rng = np.random.default_rng(seed)
    n = 600
    x = pd.DataFrame(rng.random((n, 3)), columns=["driver", "tension", "noise"])
    noise = lambda: rng.random(n) < 0.05  # noqa: E731  (a few verdicts flipped at random)
    judged = pd.DataFrame(
        {
            "low_interior_peak": np.ones(n, dtype=bool),
            "low_falls": (rng.random(n) < 0.5 + 0.45 * x["tension"]) ^ noise(),
            "high_keeps": (rng.random(n) < 0.95 - 0.45 * x["tension"]) ^ noise(),
            "high_revenue_rising": (x["driver"] > 0.4).to_numpy() ^ noise(),
        }
    )
    judged["holds"] = judged[list(PARTS)].all(axis=1)
    rows = {r["parameter"]: r for r in factor_map(x, judged)}
    assert next(iter(rows)) == "driver"
    driver = rows["driver"]
    assert driver["ks"] > 0.3 and driver["q"] < 1e-6
    low, mid, high = driver["holds_by_third"]
    assert low < mid < high
    assert driver["parts_by_third"]["high_revenue_rising"][0] < 0.3
    assert driver["parts_by_third"]["high_revenue_rising"][2] > 0.85
    assert not driver["pulls_both_ways"]
    tension = rows["tension"]
    assert tension["pulls_both_ways"]
    falls, keeps = tension["parts_by_third"]["low_falls"], tension["parts_by_third"]["high_keeps"]
    assert falls[2] - falls[0] > 0.15 and keeps[0] - keeps[2] > 0.15
    assert rows["noise"]["q"] > 0.01 and not rows["noise"]["pulls_both_ways"]
    # Nothing to compare where every point holds (or none does).
    assert factor_map(x, judged.assign(holds=True)) == []


def test_a_held_prior_keeps_the_points_and_seeds_and_sets_every_run():
    plain, held = tiny_plan(), tiny_plan(fix={"reps.cut_reading": 0.0})
    points = plan_points(plain)
    assert [p.values for p in plan_points(held)] == [p.values for p in points]
    free = {t.key: t for t in pattern_tasks(plain, points, set())}
    tasks = list(pattern_tasks(held, points, set()))
    assert len(tasks) == len(free) and not set(free) & {t.key for t in tasks}
    assert all(t.values["reps.cut_reading"] == 0.0 for t in tasks)
    assert {p.values["reps.cut_reading"] for p in points} != {0.0}  # sampled, not held
    # The same seed, point and replication as the map without the held prior.
    assert sorted((t.point, t.replication, t.seed) for t in tasks) == sorted(
        (t.point, t.replication, t.seed) for t in free.values()
    )
    with pytest.raises(ConfigError, match=r"fix\.reps\.count: not a prior"):
        tiny_plan(fix={"reps.count": 3})
    with pytest.raises(ConfigError, match=r"fix: .*cut_reading"):
        tiny_plan(fix={"reps.cut_reading": 2.0})


def test_two_maps_of_the_same_points_compare_point_by_point(tmp_path):
    run_patterns(tiny_plan(), tmp_path / "free", quiet=True)
    held = tiny_plan(fix={"dynamics.heard_relief": 0.0})
    run_patterns(held, tmp_path / "held", quiet=True)
    summary = analyse_patterns(tmp_path / "held")
    assert summary["fixed"] == {"dynamics.heard_relief": 0.0}
    for entry in summary["horizons"].values():
        assert all(r["parameter"] != "dynamics.heard_relief" for r in entry["factor_map"])
    pairs = paired_verdicts(tmp_path / "free", tmp_path / "held")
    itself = paired_verdicts(tmp_path / "free", tmp_path / "free")
    held_off = {"setting": "fix dynamics.heard_relief", "first": "sampled", "second": "0"}
    assert pairs["differences"] == [held_off] and itself["differences"] == []
    free = analyse_patterns(tmp_path / "free")
    for horizon, entry in pairs["horizons"].items():
        for name, c in entry.items():
            assert c["points"] == 6
            assert c["first"] == c["both"] + c["first_only"]
            assert c["second"] == c["both"] + c["second_only"]
            same = itself["horizons"][horizon][name]
            assert same["first_only"] == same["second_only"] == 0 and same["p"] == 1.0
        assert entry["holds"]["first"] == free["horizons"][horizon]["holds"]
        assert entry["holds"]["second"] == summary["horizons"][horizon]["holds"]
    run_patterns(tiny_plan(seed=6), tmp_path / "other", quiet=True)
    with pytest.raises(ConfigError, match="not paired"):
        paired_verdicts(tmp_path / "free", tmp_path / "other")


def test_a_map_is_paired_only_with_a_finished_pattern_map(tmp_path, monkeypatch, capsys):
    """A map interrupted (or with failed runs) would be judged on part of its runs and counted
    at every point, so a rule's effect could look significant that is not; and a sweep's
    folder holds no map at all. Both are refused in one line, before anything runs."""
    free, cut = tmp_path / "free", tmp_path / "cut"
    run_patterns(tiny_plan(), free, quiet=True)
    held = tiny_plan(fix={"dynamics.heard_relief": 0.0})
    run_patterns(held, cut, quiet=True)
    parts = sorted((cut / "results").glob("part-*.parquet"))
    lost = pd.read_parquet(parts[1])["run_key"].nunique()
    parts[1].unlink()  # as if interrupted before this chunk was written
    on_disk = f"({held.total_runs - lost} of {held.total_runs} runs on disk)"
    with pytest.raises(ConfigError, match=re.escape(f"{cut}: an unfinished pattern map {on_disk}")):
        paired_verdicts(free, cut)
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(TINY), encoding="utf-8")
    sweep = validate_sweep(
        {
            "name": "not_a_map",
            "set": {"reps.count": 2, "simulation.weeks": 2},
            "sweep": {"parameters": {"reps.effort_hours": [10, 20]}},
        }
    )
    run_sweep(sweep, tmp_path / "sweep", workers=1, quiet=True)
    for other, problem in (
        (cut, f"an unfinished pattern map {on_disk}"),
        (tmp_path / "sweep", "not a pattern map"),
    ):
        out = tmp_path / f"o-{other.name}"
        argv = ["patterns", config, "--out", out, "--quiet", "--paired-with", other]
        done = rapport_in_process(monkeypatch, capsys, *argv)
        line = done.stderr.strip()
        assert done.returncode == 2 and "\n" not in line and "Traceback" not in done.stderr
        assert f"--paired-with {other}: {problem}" in line, line
        assert not out.exists()
    # Finished, the same map pairs point by point.
    assert run_patterns(held, cut, quiet=True).done == lost
    pairs = paired_verdicts(free, cut)
    assert all(c["points"] == 6 for entry in pairs["horizons"].values() for c in entry.values())


def test_a_map_over_other_points_is_refused_as_a_pairing_before_any_run(
    tmp_path, monkeypatch, capsys
):
    """A map whose base samples other priors (the discrete schedule adds the channels') has the
    same settings but other points: it was refused only after the whole map had run."""
    discrete = {**TINY, "set": {**TINY["set"], "channels.schedule": "discrete"}}
    run_patterns(validate_patterns(discrete), tmp_path / "discrete", quiet=True)
    config, out = tmp_path / "tiny.yaml", tmp_path / "out"
    config.write_text(json.dumps(TINY), encoding="utf-8")
    argv = ["patterns", config, "--out", out, "--quiet", "--paired-with", tmp_path / "discrete"]
    done = rapport_in_process(monkeypatch, capsys, *argv)
    assert (done.returncode, done.stderr) == (
        2,
        f"rapport: error: --paired-with {tmp_path / 'discrete'}: the two maps sampled "
        "different points: they are not paired\n",
    )
    assert not out.exists()


@pytest.mark.parametrize("command", ["patterns", "study"])
def test_the_commands_that_cap_workers_at_the_cores_offer_the_oversubscribe_they_name(
    tmp_path, monkeypatch, capsys, command
):
    """Asked for more workers than cores, a map or study said "(--oversubscribe starts them
    all)", an option only rapport sweep had: the command then refused it."""
    asked = {}

    def stop(*args, **options):
        asked.update(options)
        raise KeyboardInterrupt

    monkeypatch.setattr("experiments.patterns.run_patterns", stop)
    monkeypatch.setattr("experiments.studies.run_study", stop)
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(TINY), encoding="utf-8")
    target = [str(config)] if command == "patterns" else ["effort_sweet_spot"]
    argv = [command, *target, "--out", tmp_path / "o", "--workers", "3", "--oversubscribe"]
    done = rapport_in_process(monkeypatch, capsys, *argv)
    assert done.returncode == 130, done.stderr
    assert asked["oversubscribe"] is True and asked["workers"] == 3


def test_a_map_whose_own_runs_failed_is_not_paired(tmp_path, monkeypatch, capsys):
    """Its points would be judged on part of their runs: the command says so and exits 1."""
    out = tmp_path / "out"
    run_patterns(tiny_plan(), out, quiet=True)
    config = tmp_path / "tiny.yaml"
    config.write_text(json.dumps(TINY), encoding="utf-8")
    one_failed = lambda *args, **kwargs: replace(run_patterns(*args, **kwargs), failed=1)  # noqa: E731
    monkeypatch.setattr("experiments.patterns.run_patterns", one_failed)
    argv = ["patterns", config, "--out", out, "--quiet", "--paired-with", out]
    done = rapport_in_process(monkeypatch, capsys, *argv)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"Not compared with {out}: this map has failed runs." in done.stderr
    assert "Point by point" not in done.stdout and not (out / "paired.json").exists()


def test_other_teams_on_the_same_worlds_compare_point_by_point(tmp_path):
    """A map judging other team levels (the most extreme ones, say) runs the same points with
    the same seeds, and pairs with the map it came from; other criteria are still refused."""
    extremes = {"low": {"perception": 0.0, "regulation": 0.0}}
    extremes["high"] = {"perception": 1.0, "regulation": 1.0}
    plain, extreme = tiny_plan(), tiny_plan(**extremes)
    points = plan_points(plain)
    assert [p.values for p in plan_points(extreme)] == [p.values for p in points]
    seeds = {(t.point, t.replication): t.seed for t in pattern_tasks(plain, points, set())}
    tasks = list(pattern_tasks(extreme, points, set()))
    assert {(t.point, t.replication): t.seed for t in tasks} == seeds
    assert {t.values["reps.perception"] for t in tasks} == {0.0, 1.0}
    run_patterns(plain, tmp_path / "plain", quiet=True)
    run_patterns(extreme, tmp_path / "extreme", quiet=True)
    pairs = paired_verdicts(tmp_path / "extreme", tmp_path / "plain")
    assert pairs["teams"]["first"] == {
        "low": {"perception": 0.0, "regulation": 0.0},
        "high": {"perception": 1.0, "regulation": 1.0},
    }
    assert pairs["teams"]["second"]["low"] == {"perception": 0.2, "regulation": 0.2}
    assert team_levels(pairs["teams"]["first"]) == "low 0/0, high 1/1"  # the command's line
    figures, page = write_paired(tmp_path / "extreme", pairs)
    assert json.loads(figures.read_text(encoding="utf-8")) == pairs
    shown = page.read_text(encoding="utf-8")
    assert "teams: low 0/0, high 1/1" in shown and "teams: low 0.2/0.2, high 0.8/0.8" in shown
    summaries = {n: analyse_patterns(tmp_path / n) for n in ("extreme", "plain")}
    for horizon, entry in pairs["horizons"].items():
        assert entry["holds"]["first"] == summaries["extreme"]["horizons"][horizon]["holds"]
        assert entry["holds"]["second"] == summaries["plain"]["horizons"][horizon]["holds"]
    stricter = tiny_plan(criteria={**TINY["criteria"], "low_fall": 0.3})
    run_patterns(stricter, tmp_path / "stricter", quiet=True)
    # the key that differs, with both values ("differ in criteria" named neither)
    with pytest.raises(ConfigError) as refused:
        paired_verdicts(tmp_path / "stricter", tmp_path / "plain")
    assert str(refused.value) == (
        "the two maps differ in criteria.low_fall (0.3 and 0.25): they are not paired"
    )
    # settings as the file writes them: a list, not a tuple ("(8, 12) and (12,)")
    later = tiny_plan(horizons=[12])
    assert pairing_problem(later.settings, "v", tiny_plan().settings, "v") == (
        "the two maps differ in horizons ([12] and [8, 12]): they are not paired"
    )


def test_the_failing_points_are_grouped_by_the_parts_that_fail_together():
    """Planted verdicts: each failing point lands in the group of exactly its failing parts,
    biggest group first, with how many of its verdicts one seed flips."""
    rows = [
        # point, low peak inside, low falls, high keeps, high revenue rising, one seed flips
        (0, True, False, True, True, True),
        (1, True, False, True, True, False),
        (2, True, False, True, True, False),
        (3, True, True, True, False, True),
        (4, True, False, True, False, False),
        (5, True, True, True, True, False),  # holds
    ]
    parts = list(PARTS)
    judged = pd.DataFrame([r[:5] for r in rows], columns=["point", *parts])
    judged["holds"] = judged[parts].all(axis=1)
    fragile = pd.DataFrame({"point": [r[0] for r in rows], "holds": [r[5] for r in rows]})
    profile = failure_profile(judged, fragile)
    assert profile["points"] == 5
    assert profile["by_parts"] == [
        {"parts": ["low_falls"], "points": 3, "one_seed_flips": 1},
        {"parts": ["high_revenue_rising"], "points": 1, "one_seed_flips": 1},
        {"parts": ["low_falls", "high_revenue_rising"], "points": 1, "one_seed_flips": 0},
    ]
    assert failure_text(profile) == (
        "fails at 5 points: low-EI fall alone 3, high-EI revenue alone 1, "
        "low-EI fall + high-EI revenue 1"
    )
    assert failure_profile(judged[judged["holds"]], fragile)["by_parts"] == []
    assert failure_text(failure_profile(judged[judged["holds"]], fragile)) == "fails nowhere"
    assert failure_text(profile, most=1) == (
        "fails at 5 points: low-EI fall alone 3, 2 more in 2 other groups"
    )
    one = failure_profile(judged[judged["point"] == 4], fragile)  # low-EI fall + revenue
    assert failure_text(one).startswith("fails at 1 point: ")


def test_prim_reports_nothing_where_nothing_fails():
    x = pd.DataFrame(np.random.default_rng(0).random((100, 3)), columns=["a", "b", "c"])
    assert discover_boxes(x, np.zeros(100, dtype=bool)) == []


def test_every_prior_names_its_mechanism_in_prim_boxes():
    """A box over any sampled parameter is named by what that parameter does, at either end."""
    for name in [*PRIORS, *DISCRETE_PRIORS]:
        assert name in MECHANISMS, name
        low, high = MECHANISMS[name]
        assert low and high and low != high, name
    box = [{"parameter": "customers.unwon_share", "side": "high"}]
    assert "still to win" in box_name(box, {"high_revenue_rising": 1.0})


@pytest.mark.parametrize(
    ("side", "words"),
    [("low", "at most 62.5"), ("high", "at least 24.5"), ("middle", "between 24.5 and 62.5")],
)
def test_a_box_is_named_by_the_bounds_it_has(side, words):
    """A two-sided restriction (both a lower and an upper limit inside the prior) is a range:
    neither end's mechanism describes it, and the box says "where X is between a and b" (it
    said "where X between a and b"); every bound reads as a clause "X is at most b"."""
    restriction = {"parameter": "customers.per_rep", "min": 24.5, "max": 62.5, "side": side}
    assert bound_text(restriction) == words
    assert restriction_text(restriction) == f"customers.per_rep is {words}"
    # the failure table's restrictions carry units; one that is no word, in parentheses
    said = restriction_text(restriction, units=True)
    assert said == f"customers.per_rep is {words} customers"
    decay = {**restriction, "parameter": "dynamics.decay"}
    assert restriction_text(decay, units=True) == f"dynamics.decay is {words} (1/week)"
    # the box figure's axes carry them too
    assert axis_name("dynamics.decay") == "dynamics.decay (1/week)"
    assert axis_name("customers.per_rep") == "customers.per_rep (customers)"
    assert axis_name("reps.backoff") == "reps.backoff"  # a pure number
    name = box_name([restriction], {"low_falls": 1.0})
    small, large = MECHANISMS["customers.per_rep"]
    if side == "middle":
        assert name.endswith("where customers.per_rep is between 24.5 and 62.5"), name
        assert small not in name and large not in name
    else:
        assert name.endswith(small if side == "low" else large), name


def test_a_negative_bound_is_written_with_a_minus_sign():
    restriction = {"parameter": "x", "min": -0.25, "max": 0.5, "side": "middle"}
    assert restriction_text(restriction) == "x is between −0.25 and 0.5"


def test_a_map_of_one_seed_per_point_says_its_noise_is_not_measured(tmp_path, monkeypatch, capsys):
    """With one seed per point "one seed flips the verdict at 0 %" claimed that no verdict
    rests on noise; the page, the JSON and the command now say that it is not measured. The
    page's box tables give each restriction its bound, a two-sided one as a range."""
    config = tmp_path / "one.yaml"
    config.write_text(json.dumps({**TINY, "samples": 16, "replications": 1}), encoding="utf-8")
    out = tmp_path / "out"
    done = rapport_in_process(monkeypatch, capsys, "patterns", config, "--out", out, "--quiet")
    assert done.returncode == 0, done.stderr
    summary = json.loads((out / "patterns.json").read_text())
    page = html.unescape((out / "patterns.html").read_text())
    for horizon, entry in summary["horizons"].items():
        assert entry["seed_fragile"] is None
        assert entry["share_if_flips_went_the_other_way"] is None
        assert all(g["one_seed_flips"] is None for g in entry["failures"]["by_parts"])
        line = next(li for li in done.stdout.splitlines() if f"{horizon} weeks:" in li)
        assert line.endswith(ONE_SEED), line
        for box in entry["boxes"]:
            for r in box["restricted"]:
                assert bound_text(r, 4) in page
                assert (r["side"] == "middle") == bound_text(r, 4).startswith("between")
    assert "one seed flips" not in done.stdout.lower() and "one seed flips" not in page.lower()
    assert ONE_SEED[0].upper() + ONE_SEED[1:] in page and "1 seed each" in page


def test_scenario_discovery_leaves_out_what_acts_at_no_point():
    """Hours per contact are sampled on every map but act only under the rate schedule; the
    channels' hours act only under the discrete one; unwon accounts wherever winning costs
    hours at some point."""
    design = pd.DataFrame(
        {
            "dynamics.hours_per_contact": [1.5, 3.0],
            "channels.call_hours": [1.0, 2.0],
            "customers.unwon_share": [0.1, 0.4],
            "dynamics.acquisition_hours": [0.0, 10.0],
        }
    )
    names = list(design.columns)
    discrete = Scenario().with_values({"channels.schedule": "discrete"})
    assert acting_dimensions(discrete, design, names) == names[1:]
    assert acting_dimensions(Scenario(), design, names) == [names[0], *names[2:]]
    unwon = design[["customers.unwon_share"]]  # winning costs no hours anywhere
    assert acting_dimensions(Scenario(), unwon, ["customers.unwon_share"]) == []


def interrupted(out: Path) -> str:
    """The one line a map stopped by a signal says: its runs, and what it found of them, are
    saved."""
    return (
        f"Interrupted: finished runs are saved in {out}/. Run the same command again to execute "
        "only the missing ones."
    )


# Holds every PRIM search, in whichever discovery worker runs it (started by a fork server,
# they inherit the gate).
HELD_SEARCH = holding("experiments.patterns", "named_boxes")


@pytest.mark.slow
@STOPS
def test_a_map_stopped_in_its_analysis_stops_its_searches_and_analyses_again(
    tmp_path, signum, group, code
):
    """Stopped while PRIM searched (``rapport patterns --workers 2``): a SIGTERM to the command
    alone ended it at once without a word and left its discovery workers searching (over 120 s,
    holding its output open); a Ctrl-C said only "Aborted.". Here the searches are held and
    never end on their own: the command must exit at once, say in one line that the runs are
    saved, leave no worker, and the same command must then write the page."""
    config, out = tmp_path / "tiny.yaml", tmp_path / "out"
    config.write_text(json.dumps({**TINY, "execution": {"workers": 2}}), encoding="utf-8")
    env, gate = gated_env(tmp_path, HELD_SEARCH)
    command = [RAPPORT, "patterns", str(config), "--out", str(out), "--quiet", "--workers", "2"]
    stopped = stopped_while_held(command, env, gate, signum, group)
    assert_stopped_at_once(stopped, code, interrupted(out))
    assert not (out / "patterns.json").exists()
    again = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert json.loads((out / "patterns.json").read_text(encoding="utf-8"))["runs"]["missing"] == 0


@pytest.mark.slow
@STOPS
def test_a_map_stopped_while_it_pairs_says_so_in_one_line_and_pairs_again(
    tmp_path, signum, group, code
):
    """Stopped while it compared two maps point by point (``--paired-with``), the command said
    only "Aborted." on Ctrl-C and nothing on ``kill PID``. Here the comparison is held and never
    ends on its own: the command must exit at once with the line every stop gives (runs and
    analysis are saved), and the same command must then write the comparison."""
    config, out = tmp_path / "tiny.yaml", tmp_path / "out"
    config.write_text(json.dumps(TINY), encoding="utf-8")
    command = [RAPPORT, "patterns", str(config), "--out", str(out), "--quiet"]
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    command += ["--paired-with", str(out)]  # the map with itself: nothing runs again
    env, gate = gated_env(tmp_path, holding("experiments.patterns", "paired_verdicts"))
    stopped = stopped_while_held(command, env, gate, signum, group)
    assert_stopped_at_once(stopped, code, interrupted(out))
    assert not (out / "paired.json").exists()
    again = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0, again.stderr
    assert json.loads((out / "paired.json").read_text(encoding="utf-8"))["second"] == str(out)
