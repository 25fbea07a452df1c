"""The patterns the model must reproduce: they emerge from the agents' rules, never coded in.

Each claim is checked on the mean over several seeds and, where the claim is about robustness,
on every seed, with tolerances rather than golden numbers.
"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest
from scipy.stats import spearmanr

from sim.batch import run_worlds
from sim.model import RapportModel
from sim.params import Scenario
from tests.helpers import scenario

pytestmark = pytest.mark.slow

EFFORTS = tuple(range(5, 61, 5))
SEEDS = (11, 12, 13, 14)


@cache
def final_metrics(effort: float, perception: float, regulation: float, seed: int) -> dict:
    """Relational performance after 52 weeks, revenue (mean of the last 8 weeks), churn."""
    model = RapportModel(
        scenario(
            reps__effort_hours=effort, reps__perception=perception, reps__regulation=regulation
        ),
        seed=seed,
        collect_reps=False,
    ).run()
    weekly = model.weekly_frame()
    return {
        "rp": weekly["relational_performance"].iloc[-1],
        "revenue": weekly["revenue"].iloc[-8:].mean(),
        "churned": weekly["churned"].iloc[-1],
    }


def curve(metric: str, perception: float, regulation: float, seed: int | None = None):
    seeds = SEEDS if seed is None else (seed,)
    return np.array(
        [
            np.mean([final_metrics(e, perception, regulation, s)[metric] for s in seeds])
            for e in EFFORTS
        ]
    )


@pytest.mark.parametrize("empathy", [0.1, 0.2])
@pytest.mark.parametrize("seed", [None, *SEEDS])
def test_low_empathy_performance_is_an_inverted_u_over_effort(empathy, seed):
    rp = curve("rp", empathy, empathy, seed)
    peak = int(np.argmax(rp))
    assert 0 < peak < len(EFFORTS) - 1, (
        f"peak at the edge: {dict(zip(EFFORTS, rp.round(3), strict=False))}"
    )
    assert rp[-1] <= 0.75 * rp[peak]
    # It rises before the peak and falls after it, not just at the ends.
    assert spearmanr(EFFORTS[: peak + 1], rp[: peak + 1]).statistic > 0.8
    assert spearmanr(EFFORTS[peak:], rp[peak:]).statistic < -0.8


def test_low_empathy_peaks_in_the_middle_of_the_range():
    rp = curve("rp", 0.1, 0.1)
    assert 20 <= EFFORTS[int(np.argmax(rp))] <= 35


@pytest.mark.parametrize("empathy", [0.8, 0.9])
@pytest.mark.parametrize("seed", [None, *SEEDS])
def test_high_empathy_performance_does_not_fall_with_effort(empathy, seed):
    rp = curve("rp", empathy, empathy, seed)
    assert rp[-1] >= 0.95 * rp.max()


@pytest.mark.parametrize("empathy", [0.8, 0.9])
def test_high_empathy_extra_effort_keeps_producing_revenue(empathy):
    revenue = curve("revenue", empathy, empathy)
    assert spearmanr(EFFORTS, revenue).statistic > 0.9
    assert revenue[-1] >= 0.98 * revenue.max()
    # Not a saturated score: relationships are far from the ceiling of 1.
    assert curve("rp", empathy, empathy)[-1] < 0.9


def test_each_facet_alone_lands_between_low_and_high_empathy():
    at_top = {
        name: curve("rp", p, r)[-1]
        for name, (p, r) in {
            "low": (0.1, 0.1),
            "perception": (0.9, 0.1),
            "regulation": (0.1, 0.9),
            "high": (0.9, 0.9),
        }.items()
    }
    assert at_top["low"] < at_top["perception"] < at_top["high"]
    assert at_top["low"] < at_top["regulation"] < at_top["high"]


def test_churn_rises_once_effort_passes_the_low_empathy_peak():
    rp = curve("rp", 0.1, 0.1)
    churn = curve("churned", 0.1, 0.1)
    peak = int(np.argmax(rp))
    assert spearmanr(EFFORTS[peak:], churn[peak:]).statistic > 0.9
    assert churn[-1] > 1.5 * churn[peak]


def trajectory(effort: float, seed: int) -> np.ndarray:
    model = RapportModel(
        scenario(reps__effort_hours=effort, reps__perception=0.1, reps__regulation=0.1),
        seed=seed,
        collect_reps=False,
    ).run()
    return model.weekly_frame()["relational_performance"].to_numpy()


@pytest.mark.parametrize("seed", SEEDS)
def test_a_low_empathy_team_at_high_effort_rises_then_collapses(seed):
    rp = trajectory(60, seed)
    peak = int(np.argmax(rp))
    assert rp[peak] > rp[0] + 0.05 and peak <= 20
    assert rp[-1] <= 0.75 * rp[peak]


@pytest.mark.parametrize("seed", SEEDS)
def test_the_same_team_at_moderate_effort_does_not_collapse(seed):
    rp = trajectory(30, seed)
    assert rp[-1] >= 0.9 * rp.max() and rp[-1] > rp[0]


# Issue 10 found the collapse removed by +10 % on any one of these (a knife edge at the
# defaults). The reviewer's protocol: effort 5–60 h, a low-EI team, the mean over seeds.
FRAGILE_BEFORE = (
    "customers.need",
    "customers.tolerance",
    "customers.per_rep",
    "dynamics.hours_per_contact",
)


@pytest.mark.parametrize("name", FRAGILE_BEFORE)
def test_the_low_empathy_collapse_survives_a_tenth_more_or_less_of_each_fragile_parameter(name):
    default = Scenario().model_dump()
    group, leaf = name.split(".")
    for factor in (0.9, 1.1):
        value = default[group][leaf] * factor
        moved = scenario(reps__perception=0.2, reps__regulation=0.2).with_values(
            {name: round(value) if isinstance(default[group][leaf], int) else value}
        )
        runs = [moved.with_values({"reps.effort_hours": float(e)}) for e in EFFORTS]
        results = run_worlds([r for r in runs for _ in SEEDS], [s for _ in runs for s in SEEDS])
        rp = np.array(
            [
                np.mean([w.weekly_frame()["relational_performance"].iloc[-1] for w in batch])
                for batch in zip(*[iter(results)] * len(SEEDS), strict=True)
            ]
        )
        peak = int(np.argmax(rp))
        assert 0 < peak < len(EFFORTS) - 1, f"{name} × {factor}: peak at the edge {rp.round(3)}"
        assert rp[-1] <= 0.75 * rp[peak], f"{name} × {factor}: {rp.round(3)}"
