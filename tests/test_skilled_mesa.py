"""The skilled Mesa baseline of the engine benchmark follows the engine's current rules.

``benchmarks/skilled_mesa.py`` is what a careful Mesa user writes (per-rep terms once per rep,
block random draws, one ``AgentSet.do`` per phase). ``bench_engine.py`` times it against the
engine; a baseline that no longer follows the rules would make that comparison meaningless, so
here it must give the engine's weekly metrics, week by week, in cases where every rule matters.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from benchmarks.skilled_mesa import SkilledCustomer, SkilledMesaModel, SkilledRep
from sim.model import RapportModel
from sim.params import Scenario
from tests.test_oracle import SCENARIOS

# The oracle's cases, smaller and shorter; early cues from 80 % of the tolerance; the discrete
# schedule under a coaching programme and with hires mid-run; slots left empty by lost customers.
SMALL = {"reps.count": 3, "customers.per_rep": 10, "simulation.weeks": 25}
DISCRETE = {"channels.schedule": "discrete"}
READING = "cuts as deep as the hint is read, heard complaints calm, mixed team, early cues"
CASES = {
    "defaults": SCENARIOS["defaults, small team"],
    "low empathy, high effort": SCENARIOS["low empathy, high effort"],
    "early cues": {**SCENARIOS["early cues, perceptive hard workers"], "dynamics.cue_onset": 0.8},
    "discrete channels, coaching": {**SCENARIOS["coaching programme"], **DISCRETE},
    "discrete channels, hires": {
        **SCENARIOS["hires replace a hard-working team mid-run"],
        **DISCRETE,
        "hiring.week": 12,
    },
    "empty slots": SCENARIOS["lost customers leave empty slots that prospecting fills"],
    "cuts as deep as read, heard complaints calm, discrete channels": {
        **SCENARIOS[READING],
        **DISCRETE,
    },
    "a known book, discrete channels": {**SCENARIOS["reps who know their book"], **DISCRETE},
    "accounts still to win, discrete channels": {
        **SCENARIOS["accounts still to win start as empty slots"],
        **DISCRETE,
    },
    "empty slots, discrete channels, hires": {
        **SCENARIOS["empty slots under a discrete schedule, hires mid-run"],
        "hiring.week": 12,
    },
}
SEEDS = (1, 2, 3)


def scenario_of(case: str) -> Scenario:
    return Scenario().with_values({**CASES[case], **SMALL})


def engine_weeks(scenario: Scenario, seed: int) -> pd.DataFrame:
    return RapportModel(scenario, seed=seed, collect_reps=False).run().weekly_frame()


@pytest.mark.parametrize("case", list(CASES))
def test_skilled_mesa_gives_the_engines_weekly_metrics(case):
    scenario = scenario_of(case)
    churned = noticed = 0.0
    for seed in SEEDS:
        engine = engine_weeks(scenario, seed)
        skilled = SkilledMesaModel(scenario, seed=seed).run().weekly_frame()
        assert list(skilled.columns) == list(engine.columns)
        for name in engine.columns:
            assert_allclose(
                skilled[name].to_numpy(dtype=float),
                engine[name].to_numpy(dtype=float),
                atol=1e-9,
                rtol=0,
                err_msg=f"{case}, seed {seed}: metric {name!r} differs",
            )
        churned += engine["churned"].iloc[-1]
        noticed += engine["signals_noticed"].sum()
    # Over the seeds, customers were replaced and signals noticed: those rules were compared too.
    assert churned > 0
    assert noticed > 0


def test_the_early_cues_case_is_changed_by_the_cues():
    """The cues case compares the cue rule itself: without cues the same seed runs otherwise."""
    cued = scenario_of("early cues")
    uncued = cued.with_values({"dynamics.cue_onset": 1.0})
    assert not engine_weeks(cued, SEEDS[0]).equals(engine_weeks(uncued, SEEDS[0]))


class CountingGenerator:
    """A generator that counts the calls of ``random`` (everything else passes through)."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng
        self.random_calls = 0

    def random(self, *args, **kwargs):
        self.random_calls += 1
        return self.rng.random(*args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self.rng, name)


def test_skilled_mesa_is_skilled_agents_drawing_in_blocks():
    scenario = scenario_of("low empathy, high effort")
    model = SkilledMesaModel(scenario, seed=SEEDS[0])
    assert all(type(rep) is SkilledRep for rep in model.reps)
    assert all(type(c) is SkilledCustomer for c in model.customers)
    counting = CountingGenerator(model.rng)
    model.rng = counting
    weeks = 10
    model.run(weeks)
    # One block for the signals and one for the purchases and churn per week, however many
    # customers signal (the reference draws per customer).
    assert counting.random_calls == 2 * weeks
    assert model.weekly_frame()["signals_noticed"].sum() > 0
    assert [c.slot for c in model.slots] == list(range(len(model.customers)))
