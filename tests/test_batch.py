"""Batched worlds (``sim.batch``) equal single runs of the same scenario and seed, to the bit.

Each world of a batch draws from its own generator and applies the model's arithmetic element by
element, so nothing may differ from ``RapportModel``: not a metric in any week, not a rep's value.
The batches mix parameter sets on purpose (team profiles, coaching, hiring, management pressure,
scheduled changes, early cues, different dynamics) so that a per-world parameter broadcast to the
wrong world, or a draw taken from the wrong stream, shows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from sim.batch import Worlds, run_worlds, simulate_many
from sim.model import RapportModel
from sim.params import Scenario
from sim.priors import PRIORS
from sim.run import run_scenario
from tests.test_oracle import SCENARIOS

SMALL = {"reps.count": 5, "customers.per_rep": 12, "simulation.weeks": 40}

MIXED = {
    "defaults": {},
    "low empathy, high effort": {
        "reps.effort_hours": 60,
        "reps.perception": 0.2,
        "reps.regulation": 0.1,
    },
    "mixed team": {"reps.profiles": SCENARIOS["mixed team"]["reps.profiles"]},
    "coaching programme": {
        "reps.effort_hours": 50,
        "reps.perception": 0.2,
        "coaching.start_week": 5,
        "coaching.duration_weeks": 10,
        "coaching.perception_gain": 0.5,
        "coaching.regulation_gain": 0.3,
        "coaching.hours_per_week": 4,
    },
    "hiring mid-run": {"hiring.share": 0.4, "hiring.week": 12, "hiring.perception": 0.9},
    "hired at the start": {"hiring.share": 0.2, "hiring.week": 0, "hiring.regulation": 0.8},
    "management pressure": {
        "reps.effort_hours": 40,
        "management.pressure_step": 5,
        "management.review_weeks": 4,
        "management.max_effort": 70,
    },
    "forgetful, pushy reps": {
        "reps.effort_hours": 55,
        "reps.regulation": 0.0,
        "reps.pushiness": 1.0,
        "reps.forgetting": 0.7,
    },
    "early cues": {"dynamics.cue_onset": 0.7, "reps.perception": 0.8, "reps.effort_hours": 45},
    "empty slots": {
        "reps.effort_hours": 55,
        "reps.perception": 0.2,
        "dynamics.acquisition_hours": 30,
    },
    "empty slots, discrete channels, hiring": {
        "reps.effort_hours": 55,
        "dynamics.acquisition_hours": 30,
        "channels.schedule": "discrete",
        "hiring.share": 0.4,
        "hiring.week": 20,
    },
    "accounts still to win": {
        "reps.effort_hours": 45,
        "dynamics.acquisition_hours": 25,
        "customers.unwon_share": 0.3,
    },
    "a known book": {"reps.book_knowledge": 0.7, "reps.perception": 0.8, "reps.effort_hours": 50},
    "other dynamics": {
        "dynamics.reciprocity": 0.8,
        "dynamics.churn_hazard": 0.2,
        "customers.memory_weeks": 2,
        "customers.tolerance_spread": 0.6,
        "customers.signal_clarity": 0.7,
    },
}


def with_changes(scenario: Scenario, *changes: dict) -> Scenario:
    """``scenario`` with scheduled changes (``interventions``), validated."""
    data = scenario.model_dump()
    data["interventions"] = list(changes)
    return Scenario.model_validate(data)


def mixed_scenarios() -> list[Scenario]:
    base = Scenario().with_values(SMALL)
    scenarios = [base.with_values(values) for values in MIXED.values()]
    scenarios.append(
        with_changes(
            base.with_values(MIXED["mixed team"]),
            {"week": 8, "effort_hours": 58},
            {"week": 20, "perception": 0.85, "regulation": 0.7},
        )
    )
    return scenarios


def single(scenario: Scenario, seed: int) -> RapportModel:
    return RapportModel(scenario, seed=seed).run()


def test_each_world_of_a_mixed_batch_equals_its_single_run():
    scenarios = mixed_scenarios()
    seeds = [11 + 7 * i for i in range(len(scenarios))]
    worlds = run_worlds(scenarios, seeds, collect_reps=True)
    assert len(worlds) == len(scenarios)
    for scenario, seed, world in zip(scenarios, seeds, worlds, strict=True):
        model = single(scenario, seed)
        assert world.seed == seed
        assert_frame_equal(world.weekly_frame(), model.weekly_frame(), check_exact=True)
        assert_frame_equal(world.rep_frame(), model.rep_frame(), check_exact=True)
        assert world.summary() == model.summary()


def test_the_mixed_batch_exercises_every_rule():
    """The scenarios above make each batched rule act, so their equality means something."""
    by_name = dict(zip([*MIXED, "scheduled changes"], mixed_scenarios(), strict=True))
    worlds = dict(zip(by_name, run_worlds(list(by_name.values()), collect_reps=True), strict=True))
    defaults = worlds["defaults"].weekly_frame()
    assert defaults["churned"].iloc[-1] > 0  # customers churn and new prospects are drawn
    assert worlds["low empathy, high effort"].weekly_frame()["signals_noticed"].sum() > 0
    reps = worlds["mixed team"].rep_frame()
    assert set(reps["profile"]) == {"hard worker", "empath"}
    coached = worlds["coaching programme"].weekly_frame()
    assert coached["perception"].iloc[-1] > coached["perception"].iloc[0] + 0.3
    hired = worlds["hiring mid-run"].rep_frame()
    assert (hired.query("week == 12")["profile"] == "new hire").sum() == 2
    managed = worlds["management pressure"].weekly_frame()["effort_hours"]
    assert managed.iloc[-1] > managed.iloc[0]
    cued, uncued = run_worlds(
        [by_name["early cues"], by_name["early cues"].with_values({"dynamics.cue_onset": 1.0})]
    )
    assert not cued.weekly_frame().equals(uncued.weekly_frame())  # cues were drawn and noticed
    emptying = by_name["empty slots"]
    empty, replaced = run_worlds(
        [emptying, emptying.with_values({"dynamics.acquisition_hours": 0})]
    )
    assert not empty.weekly_frame().equals(replaced.weekly_frame())  # slots were left empty
    territory = by_name["accounts still to win"]
    unwon, won = run_worlds([territory, territory.with_values({"customers.unwon_share": 0.0})])
    first = unwon.weekly_frame()["relational_performance"].iloc[0]
    assert first < won.weekly_frame()["relational_performance"].iloc[0]  # slots started empty
    changed = worlds["scheduled changes"].weekly_frame()
    assert changed["effort_hours"].iloc[9] == pytest.approx(58)


def test_groups_of_different_shapes_come_back_in_the_order_given():
    base = Scenario().with_values(SMALL)
    scenarios = [
        base,
        base.with_values({"reps.count": 3}),
        base.with_values({"simulation.weeks": 25, "reps.effort_hours": 50}),
        base.with_values({"customers.per_rep": 7}),
        base.with_values({"reps.count": 3, "reps.perception": 0.8}),
    ]
    seeds = [5, 6, 7, 8, 9]
    # max_worlds=1 for one group and several batches for others must not change anything
    for max_worlds in (1, 2, 128):
        worlds = run_worlds(scenarios, seeds, max_worlds=max_worlds)
        for scenario, seed, world in zip(scenarios, seeds, worlds, strict=True):
            assert_frame_equal(
                world.weekly_frame(), single(scenario, seed).weekly_frame(), check_exact=True
            )


def test_a_batch_refuses_worlds_of_different_shapes():
    base = Scenario().with_values(SMALL)
    with pytest.raises(ValueError, match="share team, portfolio and weeks"):
        Worlds([base, base.with_values({"reps.count": 4})], [1, 2])


def prior_draw(rng: np.random.Generator) -> dict[str, float]:
    """One parameter set drawn from ``PRIORS`` (log-uniform where the prior says so)."""
    values: dict[str, float] = {}
    for name, prior in PRIORS.items():
        if prior.distribution == "loguniform":
            x = float(np.exp(rng.uniform(np.log(prior.low), np.log(prior.high))))
        else:
            x = float(rng.uniform(prior.low, prior.high))
        values[name] = round(x) if name == "customers.per_rep" else x
    return values


@pytest.mark.parametrize("draw_seed", [1, 2, 3])
def test_worlds_drawn_from_the_priors_equal_their_single_runs(draw_seed):
    """Property: for parameter sets drawn anywhere in the priors, batch and single runs agree."""
    rng = np.random.default_rng(draw_seed)
    base = Scenario().with_values({"reps.count": 4, "simulation.weeks": 30})
    scenarios, seeds = [], []
    for _ in range(12):
        values = prior_draw(rng)
        # Half the worlds share the default portfolio size, so batches of several form too.
        if rng.random() < 0.5:
            values["customers.per_rep"] = base.customers.per_rep
        scenarios.append(base.with_values(values))
        seeds.append(int(rng.integers(2**31)))
    for scenario, seed, world in zip(scenarios, seeds, run_worlds(scenarios, seeds), strict=True):
        assert_frame_equal(
            world.weekly_frame(), single(scenario, seed).weekly_frame(), check_exact=True
        )


def test_simulate_many_is_run_worlds_over_dotted_values():
    base = Scenario().with_values(SMALL)
    sets = [{"dynamics.reciprocity": 0.3}, {"dynamics.reciprocity": 0.6, "reps.effort_hours": 50}]
    frames = simulate_many(sets, [3, 4], base=base)
    for values, seed, frame in zip(sets, [3, 4], frames, strict=True):
        expected = single(base.with_values(values), seed).weekly_frame()
        assert_frame_equal(frame, expected, check_exact=True)


def test_run_result_matches_run_scenario():
    scenario = Scenario().with_values({**SMALL, "simulation.seed": 21})
    batched = run_worlds([scenario], collect_reps=True)[0].run_result()
    expected = run_scenario(scenario)
    assert_frame_equal(batched.weekly, expected.weekly, check_exact=True)
    assert_frame_equal(batched.reps, expected.reps, check_exact=True)
    assert batched.summary == expected.summary
    assert isinstance(batched.reps, pd.DataFrame)


def test_progress_is_reported_after_each_batch_and_can_stop_the_runs():
    small = Scenario().with_values({"reps.count": 2, "customers.per_rep": 5, "simulation.weeks": 3})
    scenarios = [small] * 5
    reported: list[int] = []
    run_worlds(scenarios, list(range(5)), max_worlds=2, progress=reported.append)
    assert reported == [2, 4, 5]  # batches of at most 2 worlds, runs done so far

    class Stop(Exception):
        pass

    def stop_after_first(done: int) -> None:
        reported.append(done)
        raise Stop

    reported.clear()
    with pytest.raises(Stop):
        run_worlds(scenarios, list(range(5)), max_worlds=2, progress=stop_after_first)
    assert reported == [2]  # no batch ran after the one that reported
