"""What a model records each week, and that a dropped model gives its memory back at once."""

from __future__ import annotations

import copy
import gc
import pickle
import tracemalloc
import weakref

import numpy as np
import pandas as pd
import pytest

from sim.agents import Customer
from sim.metrics import COUNTS, METRICS
from sim.model import RapportModel
from tests.helpers import scenario


@pytest.fixture
def gc_off():
    """The garbage collector off: only reference counting frees objects."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    yield
    if was_enabled:
        gc.enable()


def churning_scenario(weeks: int = 20):
    return scenario(
        reps__count=3,
        customers__per_rep=15,
        simulation__weeks=weeks,
        reps__effort_hours=60,
        reps__perception=0.2,
        reps__regulation=0.1,
    )


def test_the_datacollector_built_on_request_holds_what_a_weekly_one_collected():
    weekly = RapportModel(churning_scenario(), seed=3, datacollector=True).run()
    lazy = RapportModel(churning_scenario(), seed=3).run()
    assert weekly.churned_total > 0
    assert list(lazy.datacollector.model_vars) == list(METRICS)
    assert lazy.datacollector.model_vars == weekly.datacollector.model_vars
    pd.testing.assert_frame_equal(
        lazy.datacollector.get_model_vars_dataframe(),
        weekly.datacollector.get_model_vars_dataframe(),
    )
    frame = lazy.weekly_frame()
    for name, values in lazy.datacollector.model_vars.items():
        assert frame[name].tolist() == values


class KeywordModel(RapportModel):
    """The model with keyword parameters, as ``mesa.batch_run`` builds models."""

    def __init__(self, effort=60.0, weekly=False, seed=None):
        values = {"reps.effort_hours": effort}
        super().__init__(churning_scenario(6).with_values(values), seed=seed, datacollector=weekly)


@pytest.mark.parametrize("weekly", [False, True])
def test_mesas_batch_run_gets_every_weeks_row_from_the_model(weekly):
    """Mesa's ``batch_run`` reads a model's rows at the times its DataCollector collected; the
    collector built on request must give them as a weekly one does (it gave no rows at all)."""
    import mesa

    rows = mesa.batch_run(
        KeywordModel,
        parameters={"effort": [20.0, 60.0], "weekly": weekly},
        rng=[5],
        max_steps=6,
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )
    assert len(rows) == 2 * 7  # two runs, weeks 0 to 6
    for effort in (20.0, 60.0):
        mine = [row for row in rows if row["RunId"] == (0 if effort == 20.0 else 1)]
        model = KeywordModel(effort, weekly, seed=5).run()
        assert [row["Step"] for row in mine] == list(range(7))
        assert [row["revenue"] for row in mine] == model.weekly_frame()["revenue"].tolist()
    last = mesa.batch_run(
        KeywordModel,
        parameters={"effort": 40.0, "weekly": weekly},
        rng=[5],
        max_steps=6,
        data_collection_period=-1,
        display_progress=False,
    )
    assert len(last) == 1 and last[0]["Step"] == 6


def test_the_datacollector_built_on_request_follows_the_weeks():
    model = RapportModel(churning_scenario(), seed=3)
    assert len(model.datacollector.model_vars["revenue"]) == 1
    model.run(4)
    assert len(model.datacollector.model_vars["revenue"]) == 5


def test_a_model_run_past_its_scenario_weeks_keeps_recording_every_week():
    short = RapportModel(churning_scenario(weeks=5), seed=4).run(23)
    long = RapportModel(churning_scenario(weeks=23), seed=4).run()
    assert len(short.weekly_frame()) == 24
    pd.testing.assert_frame_equal(short.weekly_frame(), long.weekly_frame(), check_exact=True)
    pd.testing.assert_frame_equal(short.rep_frame(), long.rep_frame(), check_exact=True)


def test_the_summary_is_the_last_weekly_row():
    model = RapportModel(churning_scenario(), seed=5).run()
    last = model.weekly_frame().iloc[-1]
    summary = model.summary()
    assert list(summary) == list(last.index)
    assert summary == {k: pytest.approx(v, abs=0) for k, v in last.items()}
    assert type(summary["churned"]) is int and type(summary["week"]) is int


def test_counts_stay_integers_in_the_weekly_table():
    frame = RapportModel(churning_scenario(), seed=5).run().weekly_frame()
    assert frame["churned"].dtype == np.int64 and frame["week"].dtype == np.int64
    assert frame["revenue"].dtype == np.float64


def test_a_dropped_model_is_freed_by_reference_counting_alone(gc_off):
    model = RapportModel(churning_scenario(), seed=6, datacollector=True).run()
    # Everything that makes agents or caches: reps, customer agents, churned ones retired.
    assert model.reps[0].customers[0].rep is model.reps[0]
    assert len(model.agents) == 3 + 45
    model.intervene(effort_hours=30)
    model.run(3)
    assert model.churned_total > 0 and model.datacollector.model_vars
    alive = weakref.ref(model)
    del model
    assert alive() is None


def test_an_agent_outliving_its_model_says_so(gc_off):
    rep = RapportModel(churning_scenario(), seed=6).reps[0]
    with pytest.raises(ReferenceError, match="model no longer exists"):
        _ = rep.effort_hours


def test_back_to_back_large_models_give_their_memory_back_at_once(gc_off):
    large = scenario(reps__count=5_000, customers__per_rep=40, simulation__weeks=3)
    tracemalloc.start()  # counts numpy's array memory too, whatever the allocator keeps cached
    try:
        base = tracemalloc.get_traced_memory()[0]
        held, left = [], []
        for _ in range(3):
            model = RapportModel(large, seed=1).run()
            held.append(tracemalloc.get_traced_memory()[0] - base)
            del model
            left.append(tracemalloc.get_traced_memory()[0] - base)
    finally:
        tracemalloc.stop()
    mb = 1024**2
    # A model of 200,000 customers holds some 30 MB; each one, once dropped, leaves almost nothing.
    assert min(held) > 20 * mb
    assert max(left) < 1 * mb, [round(x / mb, 1) for x in left]


def test_mesas_run_for_and_run_until_step_week_by_week():
    model = RapportModel(churning_scenario(), seed=7)
    model.run_for(3)
    assert (model.steps, model.time, model.week) == (3, 3.0, 3)
    model.run_until(10)
    model.run_until(4)  # already past: nothing happens
    same = RapportModel(churning_scenario(), seed=7).run(10)
    assert model.steps == 10
    pd.testing.assert_frame_equal(model.weekly_frame(), same.weekly_frame(), check_exact=True)


@pytest.mark.parametrize("weekly", [False, True])
def test_a_pickled_model_goes_on_as_the_original_does(weekly):
    """Mesa's models pickle; this one raised "cannot pickle 'weakref.ReferenceType' object"
    (its agents and Mesa's scenario hold it weakly), and its DataCollector's closures did not
    pickle either. A copy saved mid-run resumes to the same weeks, its agents its own."""
    model = RapportModel(churning_scenario(), seed=3, datacollector=weekly).run(5)
    model.datacollector.get_model_vars_dataframe()
    model.agents_by_type[Customer]  # the agents made
    saved = pickle.loads(pickle.dumps(model))
    model.run(5)
    saved.run(5)
    pd.testing.assert_frame_equal(saved.weekly_frame(), model.weekly_frame())
    assert saved.reps[0].model is saved and saved.slot_customers[0].model is saved
    assert saved.scenario.model == saved


def test_a_deep_copy_s_agents_belong_to_the_copy(gc_off):
    """``copy.deepcopy`` kept the agents' weak references: the copy's reps read and wrote the
    original's arrays, and raised ReferenceError once the original was dropped."""
    model = RapportModel(churning_scenario(), seed=3).run(2)
    twin = copy.deepcopy(model)
    twin.reps[0].effort_hours = 77.0
    assert twin.rep_state.effort_hours[0] == 77.0 != model.rep_state.effort_hours[0]
    del model
    assert twin.reps[0].effort_hours == 77.0


def test_every_count_is_a_whole_number_in_every_output():
    """An audit: signals_noticed, a count, came out as 35.0 in weekly.parquet and summary.json
    while churned and customers were whole numbers. Counts are int64 in the weekly frame, the
    DataCollector and the summary, and equal the kernels' counts."""
    model = RapportModel(churning_scenario(), seed=3, datacollector=True).run()
    weekly = model.weekly_frame()
    collected = model.datacollector.get_model_vars_dataframe()
    for name in COUNTS:
        assert weekly[name].dtype == "int64", name
        assert collected[name].dtype == "int64", name
        assert type(model.summary()[name]) is int, name
    assert weekly["signals_noticed"].sum() > 0
    last = model.rep_state.signals_noticed  # this week's, per rep, as the kernels count them
    assert weekly["signals_noticed"].iloc[-1] == last.sum() and (last == last.round()).all()
    assert collected["signals_noticed"].tolist() == weekly["signals_noticed"].tolist()
