"""Invariants that hold for any valid parameters (hypothesis draws them from the schema)."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.agents import Customer
from sim.model import RapportModel
from sim.params import PARAMS, Scenario
from sim.state import by_rep

# Parameters drawn over their whole allowed range; sizes kept small so each example is fast.
SIZES = {"reps.count": (1, 6), "customers.per_rep": (1, 25), "simulation.weeks": (1, 30)}
SKIP = {"simulation.seed", "reps.profiles"}


def value_strategy(name: str):
    spec = PARAMS[name]
    if spec.choices:
        return st.sampled_from(spec.choices)
    low, high = SIZES.get(name, (spec.minimum, spec.maximum))
    if spec.type == "int":
        return st.integers(int(low), int(min(high, 10**6)))
    return st.floats(low, high, exclude_min=spec.exclusive_minimum, allow_nan=False)


def valid_mix(values: dict) -> dict:
    """Calls and e-mails may take at most all contact hours (visits take the rest)."""
    calls, emails = values["channels.call_share"], values["channels.email_share"]
    return {**values, "channels.email_share": min(emails, max(1.0 - calls - 1e-12, 0.0))}


scenarios = (
    st.fixed_dictionaries({name: value_strategy(name) for name in PARAMS if name not in SKIP})
    .map(valid_mix)
    .map(lambda values: Scenario().with_values(values))
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(params=scenarios, seed=st.integers(0, 2**32))
def test_any_valid_scenario_keeps_every_state_in_range(params, seed):
    model = RapportModel(params, seed=seed)
    for _ in range(params.simulation.weeks):
        model.step()
        cs, rs = model.customer_state, model.rep_state
        assert np.all((cs.relationship >= 0) & (cs.relationship <= 1))
        assert np.all(cs.irritation >= 0) and np.all(np.isfinite(cs.irritation))
        # A cut never removes a customer from the plan for good (docs/model.md 7.3: the cut is
        # judged by the felt rate expected under the plan, which whole contacts cannot make 0)
        present = cs.present == 1
        assert np.all((cs.restraint[present] > 0) & (cs.restraint[present] <= 1))
        # An empty slot (7.4) holds nothing, gets no contacts and has no customer id; each rep
        # counts the customers it has.
        empty = ~present
        assert np.all(cs.present[empty] == 0)
        for name in ("relationship", "irritation", "wear", "restraint", "contacts", "unwanted"):
            assert np.all(getattr(cs, name)[empty] == 0), name
        assert np.array_equal(cs.customer_id < 0, empty)
        assert np.array_equal(rs.active, by_rep(model, cs.present).sum(axis=1))
        for hours in (rs.contact_hours, rs.value_hours, rs.prospecting_hours, rs.wasted_hours):
            assert np.all(hours >= -1e-9) and np.all(np.isfinite(hours))
        # Hours are conserved: contacts, value work, prospecting (and training) make the effort.
        total = rs.contact_hours + rs.value_hours + rs.prospecting_hours + rs.training_hours
        np.testing.assert_allclose(total, np.maximum(rs.effort_hours, rs.training_hours), atol=1e-9)
        assert np.all(rs.wasted_hours <= rs.contact_hours + 1e-9)
    weekly = model.weekly_frame()
    assert np.isfinite(weekly.drop(columns="week").to_numpy(dtype=float)).all()
    assert (weekly["churned"].diff().dropna() >= 0).all()
    assert (weekly["revenue"] >= 0).all()
    assert all(record["week"].size for record in model.churn_log)  # no empty records
    customers = model.agents_by_type.get(Customer, [])  # Mesa drops a type with no agents
    assert len(customers) == int(model.customer_state.present.sum())


@settings(max_examples=15, deadline=None)
@given(seed=st.integers(0, 2**32), weeks=st.integers(1, 20))
def test_the_same_seed_gives_the_same_run(seed, weeks):
    params = Scenario().with_values({"reps.count": 5, "simulation.weeks": weeks})
    first = RapportModel(params, seed=seed).run().weekly_frame()
    second = RapportModel(params, seed=seed).run().weekly_frame()
    assert first.equals(second)


def test_different_seeds_give_different_runs():
    params = Scenario().with_values({"reps.count": 5, "simulation.weeks": 10})
    a = RapportModel(params, seed=1).run().weekly_frame()
    b = RapportModel(params, seed=2).run().weekly_frame()
    assert not a.equals(b)
