"""Managers' studies: each runs at a reduced size and states answers computed from its results."""

from __future__ import annotations

import json

import numpy as np
import pytest

from experiments.store import ResultStore
from experiments.studies import STUDIES, load_study, run_study

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def done(tmp_path_factory):
    """Every study, run once at a reduced size (3 replications, 6 reps)."""
    folders = {}
    for name in STUDIES:
        out = tmp_path_factory.mktemp(name)
        run_study(name, out, workers=1, replications=3, reps=6)
        folders[name] = out
    return folders


def answer(folder):
    return json.loads((folder / "answer.json").read_text())


def final(folder):
    results = ResultStore(folder).read_results()
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
    low, high = numbers["sweet_spot_ci"]
    assert low <= numbers["sweet_spot_hours"] <= high
    assert f"{means.idxmax():g} h" in answer(done["effort_sweet_spot"])["answer"]


def test_the_hiring_difference_is_the_difference_of_the_stored_means(done):
    _, last = final(done["hiring"])
    shares = sorted(last["hiring.share"].unique())
    by_share = last.groupby("hiring.share")["relational_performance"].mean()
    numbers = answer(done["hiring"])["numbers"]
    expected = by_share[shares[-1]] - by_share[shares[0]]
    assert numbers["relational_performance_difference"] == pytest.approx(expected)
    assert f"{expected:+.3f}" in answer(done["hiring"])["answer"]


def test_the_coaching_payoff_week_is_where_the_coached_team_stays_ahead(done):
    results, _ = final(done["coaching"])
    numbers = answer(done["coaching"])["numbers"]
    coached = results[
        (results["coaching.perception_gain"] > 0)
        & (results["reps.effort_hours"] == results["reps.effort_hours"].min())
    ]
    pushed = results[
        (results["coaching.perception_gain"] == 0)
        & (results["reps.effort_hours"] == results["reps.effort_hours"].max())
    ]
    a = coached.groupby("week")["relational_performance"].mean()
    b = pushed.groupby("week")["relational_performance"].mean()
    week = numbers["payoff_week"]
    if week is None:
        assert not (a > b).iloc[-1]
    else:
        assert (a.loc[week:] > b.loc[week:]).all()
        earlier = a.index[a.index < week]
        assert len(earlier) == 0 or not (a.loc[earlier[-1] :] > b.loc[earlier[-1] :]).all()


def test_pressure_pushes_effort_up_and_hurts_the_low_ei_team_more(done):
    numbers = answer(done["pressure"])["numbers"]
    assert numbers["low_ei"]["effort_end"] > numbers["low_ei"]["effort_start"]
    assert (
        numbers["low_ei"]["relationship_difference"] < numbers["high_ei"]["relationship_difference"]
    )


@pytest.mark.parametrize(
    "name, axis", [("customer_mix", "customers.tolerance"), ("portfolio_size", "customers.per_rep")]
)
def test_sweet_spots_by_group_come_from_the_results(done, name, axis):
    _, last = final(done[name])
    for row in answer(done[name])["numbers"]["sweet_spots"]:
        group = last[np.isclose(last[axis], row[axis])]
        means = group.groupby("reps.effort_hours")["relational_performance"].mean()
        assert row["sweet_spot"] == means.idxmax()


def test_a_study_can_run_on_another_base_scenario(tmp_path):
    sweep = load_study("effort_sweet_spot", scenario="configs/scenarios/hard_worker.yaml")
    assert sweep.base.reps.perception == 0.1
