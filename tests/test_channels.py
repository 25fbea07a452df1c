"""Scheduled contacts by channel: whole visits, calls and e-mails to particular customers.

With ``channels.schedule: discrete`` each rep turns the week's contact hours into whole contacts
per channel and customer (``sim.schedule.schedule_contacts``); the claims below are about that rule
(hours add up, counts are whole, the plan holds in expectation), about its agreement with the
per-agent reference and the batched worlds, and about what a channel's tolerance weight does.
"""

from __future__ import annotations

import numpy as np
import pytest
from pandas.testing import assert_frame_equal

from sim.batch import run_worlds
from sim.model import (
    RapportModel,
    contact_customers,
    plan_contacts,
    schedule_contacts,
    signal_annoyance,
)
from sim.params import CHANNELS, ConfigError, Scenario, validate_scenario
from sim.reference import ReferenceModel
from tests.test_oracle import METRICS, assert_same_weeks

DISCRETE = {"channels.schedule": "discrete"}
SMALL = {"reps.count": 4, "customers.per_rep": 15, "simulation.weeks": 40, **DISCRETE}

MIXES = {
    "default mix": {},
    "visit-heavy": {
        "channels.call_share": 0.1,
        "channels.email_share": 0.0,
    },
    "e-mail-heavy": {
        "channels.call_share": 0.2,
        "channels.email_share": 0.7,
        "channels.email_weight": 0.6,
    },
    "low empathy, high effort, odd hours": {
        "reps.effort_hours": 60,
        "reps.perception": 0.2,
        "reps.regulation": 0.1,
        "channels.visit_hours": 3.3,
        "channels.call_hours": 0.7,
        "channels.email_hours": 0.3,
        "channels.visit_weight": 1.4,
    },
    "pushy reps who spend every hour on contacts": {
        "reps.effort_hours": 55,
        "reps.regulation": 0.0,
        "reps.pushiness": 1.0,
        "reps.contact_share": 1.0,
        "reps.forgetting": 0.7,
    },
    "mixed team with early cues and coaching": {
        "reps.profiles": [
            {"name": "hard worker", "share": 0.5, "effort_hours": 55, "regulation": 0.15},
            {"name": "empath", "share": 0.5, "effort_hours": 30, "perception": 0.9},
        ],
        "dynamics.cue_onset": 0.7,
        "coaching.start_week": 5,
        "coaching.perception_gain": 0.4,
        "coaching.hours_per_week": 4,
    },
}


def discrete(**values) -> Scenario:
    return Scenario().with_values({**SMALL, **values})


def stepped(scenario: Scenario, seed: int, weeks: int):
    """Each week's model after its step (the same model object, read right after the step)."""
    model = RapportModel(scenario, seed=seed)
    for _ in range(weeks):
        model.step()
        yield model


@pytest.mark.parametrize("mix", list(MIXES))
def test_contact_hours_are_whole_contacts_times_channel_hours_and_the_rest_is_other_work(mix):
    scenario = discrete(**MIXES[mix])
    hours = np.array(scenario.channels.hours)
    for model in stepped(scenario, seed=3, weeks=30):
        rs, cs = model.rep_state, model.customer_state
        counts = cs.channel_contacts
        assert counts.dtype.kind == "i" and (counts >= 0).all()
        per_rep = counts.reshape(rs.effort_hours.size, -1, len(CHANNELS)).sum(axis=1)
        np.testing.assert_allclose(rs.contact_hours, per_rep @ hours, rtol=0, atol=1e-9)
        available = np.maximum(rs.effort_hours - rs.training_hours, 0.0)
        assert (rs.contact_hours <= available + 1e-9).all()
        np.testing.assert_allclose(
            rs.contact_hours + rs.value_hours + rs.prospecting_hours, available, atol=1e-9
        )


def test_each_customer_gets_the_planned_contacts_in_expectation():
    """Over many weeks of draws at a fixed plan, each customer's mean count per channel is the
    plan's expected count (restraint included), within sampling error."""
    rng = np.random.default_rng(7)
    reps, per, weeks = 3, 10, 4000
    restraint = rng.uniform(0.2, 1.0, (reps, per))
    planned_hours = np.array([12.0, 23.5, 31.0])
    available = planned_hours / 0.8
    hours, shares = np.array([4.0, 1.0, 0.5]), np.array([0.6, 0.3, 0.1])
    total = np.zeros((reps, per, 3))
    for seed in range(5):
        draws = np.random.default_rng(seed)
        for _ in range(weeks // 5):
            week = schedule_contacts(
                planned_hours,
                available,
                restraint,
                hours,
                shares,
                np.ones(3),
                draws.random((3, 3, 2)),
            )
            total += week.counts
    mean = total / weeks
    expected = (planned_hours[:, None] * shares / (hours * per))[:, None, :] * restraint[..., None]
    # A count is floor or ceil of the expectation: its standard deviation is at most 0.5.
    assert np.abs(mean - expected).max() < 4 * 0.5 / np.sqrt(weeks)
    assert np.abs(mean - expected).max() > 0  # drawn, not copied


def test_each_customer_gets_the_floor_or_the_ceiling_of_their_share_of_the_week():
    rng = np.random.default_rng(1)
    restraint = rng.uniform(0.1, 1.0, (4, 25))
    week = schedule_contacts(
        np.full(4, 40.0),
        np.full(4, 50.0),
        restraint,
        [4.0, 1.0, 0.5],
        [0.5, 0.3, 0.2],
        [1.0, 1.0, 0.85],
        rng.random((4, 3, 2)),
    )
    share = (
        week.counts.sum(axis=1, keepdims=True)
        * restraint[..., None]
        / restraint.sum(axis=1)[:, None, None]
    )
    assert (week.counts >= np.floor(share - 1e-9)).all()
    assert (week.counts <= np.ceil(share + 1e-9)).all()


@pytest.mark.parametrize("seed", (1, 2))
@pytest.mark.parametrize("mix", list(MIXES))
def test_the_engine_and_the_per_agent_reference_agree_with_channels(mix, seed):
    scenario = discrete(**MIXES[mix])
    engine = RapportModel(scenario, seed=seed, collect_reps=False).run().weekly_frame()
    reference = ReferenceModel(scenario, seed=seed).run().weekly_frame()
    assert engine["contact_hours"].sum() > 0
    assert_same_weeks(engine, reference)


def test_the_reference_comparison_with_channels_catches_a_different_weight():
    scenario = discrete(**MIXES["low empathy, high effort, odd hours"])
    engine = RapportModel(scenario, seed=1).run().weekly_frame()
    heavier = scenario.with_values({"channels.visit_weight": 1.41})
    reference = ReferenceModel(heavier, seed=1).run().weekly_frame()
    with pytest.raises(AssertionError):
        assert_same_weeks(engine, reference)


def test_batched_worlds_with_mixed_channel_mixes_equal_their_single_runs():
    base = Scenario().with_values(
        {"reps.count": 5, "customers.per_rep": 12, "simulation.weeks": 30}
    )
    scenarios = [base, *(base.with_values({**DISCRETE, **mix}) for mix in MIXES.values())]
    scenarios.insert(3, base.with_values({"reps.effort_hours": 55, "reps.perception": 0.2}))
    seeds = [20 + i for i in range(len(scenarios))]
    for world, scenario, seed in zip(
        run_worlds(scenarios, seeds, collect_reps=True), scenarios, seeds, strict=True
    ):
        model = RapportModel(scenario, seed=seed).run()
        assert_frame_equal(world.weekly_frame(), model.weekly_frame(), check_exact=True)
        assert_frame_equal(world.rep_frame(), model.rep_frame(), check_exact=True)


@pytest.mark.parametrize("seed", (1, 2, 3))
def test_a_channel_that_counts_more_against_tolerance_irritates_more_at_equal_hours(seed):
    """All contact hours in e-mails of 1 h each, once at weight 0.6 and once at 1.4: the same
    hours and the same schedule (the weight does not enter it), felt as more contacts."""
    emails = {
        "channels.call_share": 0.0,
        "channels.email_share": 1.0,
        "channels.email_hours": 1.0,
        "reps.effort_hours": 40,
        "reps.perception": 0.2,
        "reps.regulation": 0.2,
        "simulation.weeks": 26,
    }
    light = RapportModel(discrete(**emails, **{"channels.email_weight": 0.6}), seed=seed).run()
    heavy = RapportModel(discrete(**emails, **{"channels.email_weight": 1.4}), seed=seed).run()
    light_frame, heavy_frame = light.weekly_frame(), heavy.weekly_frame()
    assert heavy_frame["contact_hours"].iloc[1] == light_frame["contact_hours"].iloc[1]
    assert heavy_frame["irritation"].mean() > 1.5 * light_frame["irritation"].mean()
    assert heavy_frame["wasted_hours"].sum() > light_frame["wasted_hours"].sum()


def test_the_rate_schedule_ignores_the_channels():
    rate = Scenario().with_values(
        {"reps.count": 3, "customers.per_rep": 10, "simulation.weeks": 20}
    )
    other = rate.with_values({"channels.visit_hours": 9.0, "channels.email_weight": 2.0})
    first = RapportModel(rate, seed=4).run().weekly_frame()
    assert_frame_equal(first, RapportModel(other, seed=4).run().weekly_frame(), check_exact=True)
    assert not first[METRICS].equals(
        RapportModel(rate.with_values(DISCRETE), seed=4).run().weekly_frame()[METRICS]
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (
            {"call_share": 0.7, "email_share": 0.5},
            "channels: call_share + email_share = 1.2, at most 1 is allowed (visits take the "
            "rest of the contact hours)",
        ),
        ({"call_hours": -1}, "channels.call_hours: -1 is below the minimum 0.05"),
        ({"email_weight": -0.5}, "channels.email_weight: -0.5 is below the minimum 0"),
        (
            {"schedule": "weekly"},
            "channels.schedule: \"weekly\" is not one of 'rate' or 'discrete'",
        ),
    ],
)
def test_a_bad_channel_setting_is_refused_naming_field_value_and_what_is_allowed(values, message):
    with pytest.raises(ConfigError) as error:
        validate_scenario({"channels": values})
    assert str(error.value) == message


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_noticed_signal_in_a_week_without_a_contact_cuts_by_the_plan_not_to_nothing(seed):
    """With a one-week memory the felt rate of a week without a contact is 0; the cut is judged
    by the felt rate the plan leads the customer to expect (docs/model.md 7.3), so a noticed
    signal cuts to ``backoff`` × the plan, never to 0 (cuts by the felt rate compounded to 0)."""
    scenario = Scenario().with_values(
        {**SMALL, "customers.memory_weeks": 1, "reps.perception": 0.2, "reps.regulation": 0.2}
    )
    model = RapportModel(scenario, seed=seed)
    plan_contacts(model)
    contact_customers(model)
    cs = model.customer_state
    cs.irritation[:] = 5.0  # everyone signals ...
    cs.clarity[:] = 1.0  # ... clearly, so the rep notices
    before = cs.restraint.copy()
    signal_annoyance(model)
    missed = cs.contacts == 0
    assert missed.sum() > 10 and cs.noticed[missed].mean() > 0.9  # the case is exercised
    kept = cs.restraint[cs.noticed] / before[cs.noticed]
    np.testing.assert_allclose(np.maximum(kept, scenario.reps.backoff), kept, rtol=1e-12)
    assert np.all(cs.restraint > 0)
