"""The array engine follows the same rules as a plain per-agent Mesa model (``sim.reference``).

Both implementations start from the same population and consume the generator identically, so the
weekly metrics of the same scenario and seed must agree to rounding error. The scenarios are chosen
so that every rule matters: customers churn and are replaced, signals are sent and noticed, and
reps whose relationships fall turn pushy.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sim.metrics import MODEL_REPORTERS
from sim.model import RapportModel
from sim.params import Scenario
from sim.reference import ReferenceModel

SCENARIOS = {
    "low empathy, high effort": {
        "reps.count": 4,
        "customers.per_rep": 15,
        "simulation.weeks": 52,
        "reps.effort_hours": 60,
        "reps.perception": 0.2,
        "reps.regulation": 0.1,
    },
    "mixed team": {
        "reps.count": 5,
        "customers.per_rep": 12,
        "simulation.weeks": 40,
        "reps.profiles": [
            {"name": "hard worker", "share": 0.6, "effort_hours": 55, "regulation": 0.15},
            {"name": "empath", "share": 0.4, "effort_hours": 30, "perception": 0.9},
        ],
    },
    "coaching programme": {
        "reps.count": 3,
        "customers.per_rep": 20,
        "simulation.weeks": 30,
        "reps.effort_hours": 50,
        "reps.perception": 0.2,
        "reps.regulation": 0.2,
        "coaching.start_week": 5,
        "coaching.duration_weeks": 10,
        "coaching.perception_gain": 0.5,
        "coaching.regulation_gain": 0.3,
        "coaching.hours_per_week": 4,
    },
    "forgetful, pushy reps": {
        "reps.count": 4,
        "customers.per_rep": 10,
        "simulation.weeks": 52,
        "reps.effort_hours": 55,
        "reps.perception": 0.8,
        "reps.regulation": 0.0,
        "reps.pushiness": 1.0,
        "reps.forgetting": 0.7,
    },
    "hires replace a hard-working team mid-run": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 40,
        "reps.effort_hours": 60,
        "reps.perception": 0.1,
        "reps.regulation": 0.1,
        "hiring.share": 0.5,
        "hiring.week": 15,
    },
    "hires from the start": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 30,
        "reps.effort_hours": 60,
        "hiring.share": 0.25,
    },
    "a manager who pushes when revenue falls": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 52,
        "reps.effort_hours": 35,
        "reps.perception": 0.2,
        "reps.regulation": 0.2,
        "management.pressure_step": 3,
        "management.review_weeks": 3,
    },
    "early cues, perceptive hard workers": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 40,
        "reps.effort_hours": 55,
        "reps.perception": 0.75,
        "reps.regulation": 0.1,
        "reps.pushiness": 1.0,
        "dynamics.cue_onset": 0.7,
    },
    "lost customers leave empty slots that prospecting fills": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 60,
        "reps.effort_hours": 50,
        "reps.perception": 0.2,
        "reps.regulation": 0.2,
        "dynamics.acquisition_hours": 20,
    },
    "empty slots under a discrete schedule, hires mid-run": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 60,
        "reps.effort_hours": 50,
        "reps.perception": 0.2,
        "reps.regulation": 0.2,
        "dynamics.acquisition_hours": 20,
        "channels.schedule": "discrete",
        "hiring.share": 0.5,
        "hiring.week": 30,
    },
    "accounts still to win start as empty slots": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 40,
        "reps.effort_hours": 45,
        "reps.perception": 0.3,
        "reps.regulation": 0.2,
        "dynamics.acquisition_hours": 20,
        "customers.unwon_share": 0.4,
        "hiring.share": 0.25,
    },
    "reps who know their book": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 40,
        "reps.effort_hours": 45,
        "reps.perception": 0.6,
        "reps.regulation": 0.2,
        "reps.book_knowledge": 0.8,
        "hiring.share": 0.25,
    },
    "cuts as deep as the hint is read, heard complaints calm, mixed team, early cues": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 40,
        "reps.cut_reading": 0.7,
        "dynamics.heard_relief": 0.6,
        "customers.signal_clarity": 0.2,
        "dynamics.cue_onset": 0.75,
        "reps.profiles": [
            {"name": "hard worker", "share": 0.5, "effort_hours": 60, "perception": 0.2},
            {"name": "empath", "share": 0.5, "effort_hours": 50, "perception": 0.85},
        ],
    },
    "heard complaints calm fully, early cues, scheduled changes of effort and empathy": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 40,
        "reps.perception": 0.85,
        "dynamics.heard_relief": 1.0,
        "dynamics.cue_onset": 0.6,
    },
    "a programme, hires after it, then a change of perception": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 40,
        "reps.effort_hours": 45,
        "reps.perception": 0.3,
        "coaching.perception_gain": 0.3,
        "coaching.regulation_gain": 0.2,
        "coaching.start_week": 2,
        "coaching.duration_weeks": 6,
        "hiring.share": 0.5,
        "hiring.week": 12,
    },
    "hires who join during a programme": {
        "reps.count": 4,
        "customers.per_rep": 12,
        "simulation.weeks": 30,
        "reps.effort_hours": 45,
        "coaching.perception_gain": 0.4,
        "coaching.start_week": 4,
        "coaching.duration_weeks": 10,
        "hiring.share": 0.5,
        "hiring.week": 8,
    },
    "defaults, small team": {
        "reps.count": 3,
        "customers.per_rep": 10,
        "simulation.weeks": 52,
    },
}
SEEDS = (1, 2, 3)
# Scheduled changes are part of a scenario file, not parameters: given apart.
INTERVENTIONS = {
    "heard complaints calm fully, early cues, scheduled changes of effort and empathy": [
        {"week": 8, "effort_hours": 60},
        {"week": 20, "perception": 0.2, "regulation": 0.9},
    ],
    "a programme, hires after it, then a change of perception": [{"week": 20, "perception": 0.6}],
}


def scenario_of(name: str) -> Scenario:
    scenario = Scenario().with_values(SCENARIOS[name])
    if name not in INTERVENTIONS:
        return scenario
    return Scenario.model_validate({**scenario.model_dump(), "interventions": INTERVENTIONS[name]})


METRICS = list(MODEL_REPORTERS)


def run_engine(scenario: Scenario, seed: int):
    """The engine's weekly frame and the largest push of any rep in any week."""
    model = RapportModel(scenario, seed=seed, collect_reps=False)
    largest_push = 0.0
    for _ in range(scenario.simulation.weeks):
        model.step()
        largest_push = max(largest_push, float(model.rep_state.push.max()))
    return model.weekly_frame(), largest_push


def assert_same_weeks(engine, reference, atol: float = 1e-9) -> None:
    assert list(engine.columns) == list(reference.columns) == ["week", *METRICS]
    assert len(engine) == len(reference)
    for name in engine.columns:
        assert_allclose(
            engine[name].to_numpy(dtype=float),
            reference[name].to_numpy(dtype=float),
            atol=atol,
            rtol=0,
            err_msg=f"metric {name!r} differs",
        )


VACANCY_SCENARIOS = [name for name in SCENARIOS if "empty slots" in name]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", VACANCY_SCENARIOS)
def test_the_vacancy_scenarios_empty_and_fill_slots(name, seed):
    """The comparisons with empty slots exercise the rule: slots empty, and prospecting fills
    some of them again (a new customer id in a slot that was empty)."""
    scenario = scenario_of(name)
    model = RapportModel(scenario, seed=seed, collect_reps=False)
    emptied = filled = 0
    held = [int(model.customer_state.present.sum())]
    for _ in range(scenario.simulation.weeks):
        was_empty = model.customer_state.present == 0
        model.step()
        now_empty = model.customer_state.present == 0
        emptied = max(emptied, int(now_empty.sum()))
        filled += int((was_empty & ~now_empty).sum())
        held.append(int((~now_empty).sum()))
    assert emptied > 0, "no slot was ever empty"
    assert filled > 0, "no empty slot was filled"
    # The customers metric counts, each week, the slots that hold a customer.
    assert model.record.column("customers").tolist() == held


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_engine_and_per_agent_reference_agree_every_week(name, seed):
    scenario = scenario_of(name)
    engine, largest_push = run_engine(scenario, seed)
    reference = ReferenceModel(scenario, seed=seed).run().weekly_frame()

    # The scenario exercises the rules whose mistakes the comparison should catch.
    assert engine["churned"].iloc[-1] > 0, "no customer churned"
    assert engine["signals_noticed"].max() > 0, "no signal was noticed"
    assert engine["wasted_hours"].max() > 0, "no contact was unwanted"
    assert largest_push > 0, "no rep turned pushy"
    assert len(engine) == scenario.simulation.weeks + 1

    assert_same_weeks(engine, reference)


def test_coaching_scenario_raises_the_team_facets():
    scenario = scenario_of("coaching programme")
    engine, _ = run_engine(scenario, SEEDS[0])
    assert engine["perception"].iloc[-1] > engine["perception"].iloc[0] + 0.4
    assert engine["regulation"].iloc[-1] > engine["regulation"].iloc[0] + 0.2


def test_mixed_team_reference_keeps_each_profile():
    scenario = scenario_of("mixed team")
    engine = RapportModel(scenario, seed=SEEDS[0])
    reference = ReferenceModel(scenario, seed=SEEDS[0])
    assert [rep.profile for rep in reference.reps] == engine.rep_state.profile
    assert {rep.profile for rep in reference.reps} == {"hard worker", "empath"}


@pytest.mark.parametrize(
    ("name", "parameter", "factor"),
    [
        ("low empathy, high effort", "dynamics.erosion", 1.0001),
        ("low empathy, high effort", "reps.backoff", 0.999),
        ("low empathy, high effort", "dynamics.churn_hazard", 1.1),
        (
            "lost customers leave empty slots that prospecting fills",
            "dynamics.acquisition_hours",
            1.1,
        ),
    ],
)
def test_the_comparison_catches_a_slightly_different_rule(name, parameter, factor):
    scenario = scenario_of(name)
    perturbed = scenario.with_values({parameter: scenario.get(parameter) * factor})
    engine, _ = run_engine(scenario, SEEDS[0])
    reference = ReferenceModel(perturbed, seed=SEEDS[0]).run().weekly_frame()
    with pytest.raises(AssertionError):
        assert_same_weeks(engine, reference)


def test_the_reference_is_per_agent_mesa():
    scenario = scenario_of("low empathy, high effort")
    model = ReferenceModel(scenario, seed=SEEDS[0]).run(10)
    per = scenario.customers.per_rep
    assert len(model.customers) == scenario.reps.count * per
    for rep in model.reps:
        slots = range(rep.index * per, (rep.index + 1) * per)
        assert [c.slot for c in rep.portfolio] == list(slots)
        assert all(isinstance(c.relationship, float) for c in rep.portfolio)
    assert np.isfinite(model.weekly_frame()[METRICS].to_numpy(dtype=float)).all()
