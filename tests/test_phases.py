"""Unit tests of each phase of a week: each test states one rule of the model."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from sim.agents import Customer, SalesRep
from sim.batch import run_worlds, simulate_many
from sim.model import (
    RapportModel,
    coach_reps,
    contact_customers,
    plan_contacts,
    settle_outcomes,
    signal_annoyance,
)
from sim.params import Channels, ConfigError, Reps, Scenario, ScheduledChange
from sim.population import full_book_rate
from sim.scenarios import first_review, load_scenario, scheduled_traits
from sim.state import rep_mean
from tests.helpers import small_model


def test_planned_hours_add_up_to_each_reps_effort():
    model = small_model(reps__effort_hours=40)
    model.customer_state.restraint[::3] = 0.25  # some noticed customers
    plan_contacts(model)
    rs = model.rep_state
    total = rs.contact_hours + rs.value_hours + rs.prospecting_hours + rs.training_hours
    np.testing.assert_allclose(total, rs.effort_hours, rtol=0, atol=1e-9)


def test_a_noticed_customer_gets_fewer_contacts_and_the_freed_hours_go_to_value_work():
    model = small_model(reps__effort_hours=40, reps__effort_spread=0)
    plan_contacts(model)
    before = model.rep_state.value_hours.copy(), model.rep_state.prospecting_hours.copy()
    first_contacts = model.customer_state.contacts[0]

    model = small_model(reps__effort_hours=40, reps__effort_spread=0)
    model.customer_state.restraint[0] = 0.5
    plan_contacts(model)
    cs, rs = model.customer_state, model.rep_state
    assert cs.contacts[0] < first_contacts
    np.testing.assert_allclose(cs.contacts[1:20].max(), first_contacts, rtol=1e-3)
    assert rs.value_hours[0] > before[0][0] and rs.prospecting_hours[0] > before[1][0]


def test_a_low_regulation_rep_whose_relationships_fall_pushes_harder():
    pushes = {}
    for regulation in (0.0, 1.0):
        model = small_model(reps__regulation=regulation, reps__trait_spread=0)
        model.rep_state.recent_relationship[:] = 0.9  # relationships were much better lately
        plan_contacts(model)
        pushes[regulation] = model.rep_state.contact_hours.sum()
    assert pushes[0.0] > 1.1 * pushes[1.0]


@pytest.mark.parametrize("rate_factor, builds", [(0.8, True), (3.0, False)])
def test_contacts_within_tolerance_build_and_beyond_it_irritate(rate_factor, builds):
    model = small_model(dynamics__decay=0.0)
    cs = model.customer_state
    cs.pressure[:] = cs.contacts[:] = cs.tolerance * rate_factor
    before = cs.relationship.copy()
    contact_customers(model)
    if builds:
        assert np.all(cs.relationship > before) and np.all(cs.irritation == 0)
        assert np.all(cs.unwanted == 0)
    else:
        assert np.all(cs.irritation > 0) and np.all(cs.unwanted > 0)


def test_gains_diminish_as_the_relationship_matures():
    model = small_model(dynamics__decay=0.0)
    cs = model.customer_state
    cs.pressure[:] = cs.contacts[:] = cs.need
    cs.relationship[:10] = 0.2
    cs.relationship[10:20] = 0.8
    before = cs.relationship.copy()
    contact_customers(model)
    gain = cs.relationship - before
    assert gain[:10].min() > gain[10:20].max()


def test_regulation_damps_the_harm_of_unwanted_contacts():
    irritation = {}
    for regulation in (0.0, 1.0):
        model = small_model(reps__regulation=regulation, reps__trait_spread=0)
        cs = model.customer_state
        cs.pressure[:] = cs.contacts[:] = cs.tolerance * 3
        contact_customers(model)
        irritation[regulation] = cs.irritation.mean()
    assert irritation[1.0] < 0.5 * irritation[0.0]


def test_a_neglected_relationship_decays_slowly():
    model = small_model()
    cs = model.customer_state
    cs.pressure[:] = cs.contacts[:] = 0.0
    before = cs.relationship.copy()
    contact_customers(model)
    loss = 1 - cs.relationship / before
    assert np.all(loss > 0) and np.all(loss < 0.1)


def test_irritation_fades_without_unwanted_contacts():
    model = small_model()
    cs = model.customer_state
    cs.irritation[:] = 1.0
    cs.contacts[:] = 0.0
    contact_customers(model)
    assert np.all((cs.irritation < 1.0) & (cs.irritation > 0.5))


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_perceptive_reps_notice_more_signals(seed):
    noticed = {}
    for perception in (0.1, 0.9):
        model = small_model(seed, reps__count=20, reps__perception=perception)
        model.customer_state.irritation[:] = 2.0
        model.customer_state.contacts[:] = model.customer_state.pressure  # as felt lately
        signal_annoyance(model)
        cs = model.customer_state
        noticed[perception] = cs.noticed.sum() / cs.signalled.sum()
        assert np.all(model.customer_state.restraint[cs.noticed] < 1)
        assert np.all(model.customer_state.restraint[~cs.noticed] == 1)
    assert noticed[0.9] > 0.7 and noticed[0.1] < 0.2


def test_an_over_contacted_customer_bears_fewer_contacts_afterwards():
    unwanted = {}
    for wear in (0.0, 1.0):
        model = small_model(dynamics__sensitisation=1.0)
        cs = model.customer_state
        cs.wear[:] = wear
        cs.pressure[:] = cs.contacts[:] = 0.9 * cs.tolerance  # within the original tolerance
        contact_customers(model)
        unwanted[wear] = cs.unwanted.sum()
    assert unwanted[0.0] == 0 and unwanted[1.0] > 0


def test_over_contact_leaves_wear_that_outlasts_the_irritation():
    model = small_model()
    cs = model.customer_state
    cs.pressure[:] = cs.contacts[:] = 3 * cs.tolerance
    contact_customers(model)
    assert np.all(cs.wear > 0)
    np.testing.assert_allclose(cs.wear, cs.irritation)  # the same felt harm enters both
    cs.contacts[:] = 0.0
    for _ in range(20):
        contact_customers(model)
    assert np.all(cs.wear > 2 * cs.irritation)


def test_customers_signal_unwanted_contacts_even_to_a_perfectly_calm_rep():
    model = small_model(
        1,
        reps__count=20,
        reps__regulation=1.0,
        reps__trait_spread=0,
        dynamics__regulation_protection=1.0,
    )
    cs = model.customer_state
    cs.pressure[:] = cs.contacts[:] = 3 * cs.tolerance
    contact_customers(model)
    assert np.all(cs.irritation == 0) and np.all(cs.unwanted > 0)
    signal_annoyance(model)
    assert cs.signalled.mean() > 0.5


def test_a_perceptive_rep_keeps_what_they_learned_longer():
    kept = {}
    for perception in (0.1, 0.9):
        model = small_model(reps__perception=perception, reps__trait_spread=0)
        model.customer_state.restraint[:] = 0.5
        for _ in range(10):
            plan_contacts(model)
        kept[perception] = 1 - model.customer_state.restraint.mean()
    assert kept[0.9] > 0.45 and kept[0.1] < 0.35


def test_a_noticed_signal_cuts_to_the_felt_rate_and_does_not_compound_a_cut_already_made():
    model = small_model(1, reps__count=20, reps__perception=1.0, customers__signal_clarity=1.0)
    cs = model.customer_state
    cs.irritation[:] = 5.0
    cs.unwanted[:] = 0.1  # a present excess, not only lingering irritation
    cs.beyond[:] = True
    cs.contacts[:] = cs.pressure
    cs.contacts[::2] = 0.4 * cs.pressure[::2]  # already cut below half of what they felt
    signal_annoyance(model)
    assert cs.noticed[::2].any() and cs.noticed[1::2].any()
    assert np.all(cs.restraint[::2][cs.noticed[::2]] == 1.0)
    np.testing.assert_allclose(cs.restraint[1::2][cs.noticed[1::2]], 0.5)


def test_a_perceptive_rep_reads_lingering_irritation_and_hardly_cuts_for_it():
    cut = {}
    for perception, excess in itertools.product((0.0, 1.0), (0.0, 0.1)):
        model = small_model(
            1,
            reps__count=20,
            reps__perception=perception,
            reps__trait_spread=0,
            customers__signal_clarity=1.0,
        )
        cs = model.customer_state
        cs.irritation[:] = 5.0  # still annoyed ...
        cs.unwanted[:] = excess  # ... about nothing this week (0) or a present excess
        cs.beyond[:] = excess > 0  # (the felt rate beyond the tolerance)
        cs.contacts[:] = cs.pressure
        signal_annoyance(model)
        assert cs.noticed.mean() > 0.9
        cut[perception, excess] = 1 - cs.restraint[cs.noticed].mean()
    # A present excess: the full cut (to backoff 0.5 × the felt rate) for any rep. Lingering
    # irritation only: a share D(perception) of the cut is withheld (D(0) = 0.02, D(1) = 0.98).
    np.testing.assert_allclose([cut[1.0, 0.1], cut[0.0, 0.1]], 0.5)
    np.testing.assert_allclose(cut[0.0, 0.0], 0.5 * (1 - 1 / (1 + np.exp(4))))
    np.testing.assert_allclose(cut[1.0, 0.0], 0.5 * (1 - 1 / (1 + np.exp(-4))))


def hinting_team(**changes):
    """A team of 40 reps (no spread of traits) whose customers are annoyed by a present excess
    this week (no lingering-irritation reading), signal by chance, and whose reps notice by
    ``changes`` (perception, clarity...)."""
    model = small_model(1, reps__count=40, reps__trait_spread=0, **changes)
    cs = model.customer_state
    cs.irritation[:] = 5.0
    cs.unwanted[:] = 0.1
    cs.beyond[:] = True
    cs.contacts[:] = cs.pressure
    return model, cs


@pytest.mark.parametrize("clarity", [0.0, 0.3, 1.0])
def test_a_cut_is_as_deep_as_the_rep_reads_the_hint(clarity):
    """With cut_reading c, a noticed hint cuts (1 − backoff) × (1 − c × (1 − R)) of the felt
    rate, R = clarity + (1 − clarity) × D(perception): at c = 0 as deep for any rep; at c = 1 a
    subtle hint noticed by a rep who misses most hints cuts little, a clear one fully."""
    cut = {}
    for perception, reading in itertools.product((0.1, 0.9), (0.0, 0.6, 1.0)):
        model, cs = hinting_team(
            reps__perception=perception,
            reps__cut_reading=reading,
            customers__signal_clarity=clarity,
        )
        signal_annoyance(model)
        assert cs.noticed.sum() >= 20
        cut[perception, reading] = 1 - cs.restraint[cs.noticed]
    for perception in (0.1, 0.9):
        r = clarity + (1 - clarity) / (1 + np.exp(-8 * (perception - 0.5)))
        for reading in (0.0, 0.6, 1.0):
            np.testing.assert_allclose(cut[perception, reading], 0.5 * (1 - reading * (1 - r)))
    if clarity < 1:  # the reading separates the reps only where hints are not all clear
        assert cut[0.1, 1.0].max() < cut[0.9, 1.0].min()
    else:
        np.testing.assert_allclose(cut[0.1, 1.0], 0.5)


@pytest.mark.parametrize("relief", [0.0, 0.4, 1.0])
def test_a_heard_complaint_calms_the_customer_and_an_unheard_one_does_not(relief):
    model, cs = hinting_team(
        reps__perception=0.5, dynamics__heard_relief=relief, customers__signal_clarity=0.0
    )
    wear = cs.wear.copy()
    signal_annoyance(model)
    assert cs.noticed.sum() >= 20 and (~cs.noticed).sum() >= 20  # D(0.5) = 0.5
    np.testing.assert_allclose(cs.irritation[cs.noticed], 5.0 * (1 - relief))
    assert np.all(cs.irritation[~cs.noticed] == 5.0)
    np.testing.assert_array_equal(cs.wear, wear)  # the slow trace of being pestered stays


@pytest.mark.parametrize("perception", [0.1, 0.9])
def test_relief_is_as_large_as_the_answer_honours_the_wish(perception):
    """With cuts that follow the reading (cut_reading 1), a rep who reads a subtle hint poorly
    cuts little and relieves as little: relief × R, with R = D(perception) at clarity 0."""
    model, cs = hinting_team(
        reps__perception=perception,
        reps__cut_reading=1.0,
        dynamics__heard_relief=0.8,
        customers__signal_clarity=0.0,
    )
    signal_annoyance(model)
    assert cs.noticed.sum() >= 2
    read = 1 / (1 + np.exp(-8 * (perception - 0.5)))
    np.testing.assert_allclose(cs.irritation[cs.noticed], 5.0 * (1 - 0.8 * read))
    np.testing.assert_allclose(1 - cs.restraint[cs.noticed], 0.5 * read)


@pytest.mark.parametrize("perception", [0.1, 0.9])
def test_a_new_customer_starts_held_back_only_as_far_as_the_rep_perceives_it_applies(perception):
    model = small_model(
        1, reps__perception=perception, reps__trait_spread=0, dynamics__churn_hazard=1.0
    )
    cs = model.customer_state
    cs.relationship[:] = 0.0  # everyone churns
    cs.restraint[:] = 0.4  # the rep learned to hold back with the old customers
    settle_outcomes(model)
    d = 1 / (1 + np.exp(-8 * (perception - 0.5)))
    np.testing.assert_allclose(cs.restraint, 1 - d * 0.6)


def test_customers_nearing_their_limit_cue_it_and_only_perception_picks_the_cue_up():
    noticed = {}
    for perception in (0.1, 0.9):
        model = small_model(
            1,
            reps__count=50,
            reps__perception=perception,
            reps__trait_spread=0,
            customers__signal_clarity=1.0,  # a cue is never clear, whatever the clarity
            dynamics__cue_onset=0.6,
        )
        cs = model.customer_state
        cs.pressure[:] = cs.contacts[:] = 0.95 * cs.tolerance  # near the limit, not beyond it
        contact_customers(model)
        assert np.all(cs.unwanted == 0) and np.all(cs.irritation == 0)
        signal_annoyance(model)
        assert cs.signalled.mean() > 0.5
        noticed[perception] = cs.noticed.sum() / cs.signalled.sum()
        assert np.all(cs.restraint[cs.noticed] < 1) and np.all(cs.restraint[~cs.noticed] == 1)
    assert noticed[0.9] > 0.9 and noticed[0.1] < 0.1, noticed


@pytest.mark.parametrize("onset", [1.0, 0.8])
def test_no_cue_below_the_onset_and_none_at_all_when_the_onset_is_one(onset):
    model = small_model(1, reps__count=20, dynamics__cue_onset=onset)
    cs = model.customer_state
    cs.pressure[:] = cs.contacts[:] = (0.79 if onset < 1 else 0.999) * cs.tolerance
    contact_customers(model)
    state = model.rng.bit_generator.state
    signal_annoyance(model)
    assert not cs.signalled.any()
    assert model.rng.bit_generator.state == state  # nobody drew: the old runs are unchanged


def test_calm_customers_send_no_signals():
    model = small_model()
    signal_annoyance(model)
    assert not model.customer_state.signalled.any()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_purchases_rise_and_churn_falls_with_the_relationship(seed):
    model = small_model(seed, reps__count=50)
    cs = model.customer_state
    high = np.arange(cs.relationship.size) % 2 == 0
    cs.relationship[:] = np.where(high, 0.9, 0.1)
    settle_outcomes(model)
    assert cs.purchased[high].mean() > 2 * cs.purchased[~high].mean()
    assert cs.churned[~high].sum() > 5 * cs.churned[high].sum()
    assert cs.churned[~high].sum() > 0


def test_a_churned_customer_is_replaced_by_a_new_prospect_at_a_low_relationship():
    model = small_model(dynamics__churn_hazard=1.0)
    cs = model.customer_state
    cs.relationship[:] = 0.0  # everyone churns
    cs.irritation[:] = 3.0
    old = list(model.slot_customers)
    settle_outcomes(model)
    assert model.churned_total == cs.relationship.size
    assert np.all(cs.irritation == 0)
    warm = model.params.customers.prospect_relationship + model.params.dynamics.prospect_warmth
    assert np.all(cs.relationship <= warm + 1e-12)
    assert not any(c.active for c in old)
    assert all(c.active for c in model.slot_customers)
    assert old[0].relationship == 0.0 and old[0].irritation == 3.0  # snapshot kept
    assert len(model.agents_by_type[Customer]) == cs.relationship.size


def test_a_lost_customer_leaves_an_empty_slot_when_winning_one_takes_prospecting_hours():
    model = small_model(dynamics__churn_hazard=1.0, dynamics__acquisition_hours=40)
    cs, rs = model.customer_state, model.rep_state
    per = model.params.customers.per_rep
    cs.relationship[:per] = 0.0  # the first rep's customers all churn
    settle_outcomes(model)
    assert np.all(cs.present[:per] == 0) and rs.active[0] == 0
    assert np.all(cs.customer_id[:per] == -1)
    assert all(c is None for c in model.slot_customers[:per])
    for name in ("relationship", "irritation", "wear", "restraint", "pressure"):
        assert np.all(getattr(cs, name)[:per] == 0), name


def test_an_empty_slot_frees_its_hours_and_gets_no_contacts():
    model = small_model(reps__effort_hours=40, reps__effort_spread=0)
    plan_contacts(model)
    full = model.customer_state.contacts.copy(), model.rep_state.prospecting_hours.copy()

    model = small_model(
        reps__effort_hours=40, reps__effort_spread=0, dynamics__acquisition_hours=40
    )
    cs, rs = model.customer_state, model.rep_state
    emptied = np.arange(0, model.params.customers.per_rep, 2)  # half the first rep's slots
    cs.present[emptied] = cs.restraint[emptied] = cs.relationship[emptied] = 0.0
    rs.active[0] -= emptied.size
    plan_contacts(model)
    assert np.all(cs.contacts[emptied] == 0)
    kept = np.setdiff1d(np.arange(model.params.customers.per_rep), emptied)
    np.testing.assert_allclose(cs.contacts[kept], full[0][kept])  # the same cadence for the rest
    assert rs.prospecting_hours[0] > full[1][0]  # the empty slots' hours went to prospecting


def test_prospecting_fills_empty_slots_faster_the_more_hours_go_into_it():
    filled = []
    for effort in (20, 60):
        model = small_model(
            reps__effort_hours=effort, reps__perception=0.9, dynamics__acquisition_hours=10
        )
        cs, rs = model.customer_state, model.rep_state
        cs.present[:] = cs.restraint[:] = cs.relationship[:] = 0.0  # every slot empty
        rs.active[:] = 0
        for _ in range(4):
            plan_contacts(model)
            settle_outcomes(model)
        filled.append(cs.present.mean())
    assert 0 < filled[0] < filled[1]


def test_a_team_that_loses_customers_does_not_lose_its_whole_book():
    """V′ (docs/validation.md): an empty slot frees its share of the plan instead of handing it
    to the customers left, so a low-EI team at its sweet spot does not run its book empty (under
    the rule that spread the plan over the customers left, 88 % of the slots were empty after
    four years in this case)."""
    values = {
        "reps.count": 10,
        "reps.perception": 0.2,
        "reps.regulation": 0.2,
        "reps.effort_hours": 30,
        "simulation.weeks": 208,
        "dynamics.acquisition_hours": 40,
    }
    empty = [
        1
        - RapportModel(Scenario().with_values(values), seed=seed)
        .run()
        .customer_state.present.mean()
        for seed in (1, 2, 3)
    ]
    assert 0 < np.mean(empty) < 0.5


def test_accounts_still_to_win_start_as_empty_slots_from_the_same_draws():
    values = dict(dynamics__acquisition_hours=30)
    full = small_model(**values)
    territory = small_model(**values, customers__unwon_share=0.3)
    per = territory.params.customers.per_rep
    k = int(0.3 * per)
    cs, rs = territory.customer_state, territory.rep_state
    unwon = np.zeros((rs.active.size, per), dtype=bool)
    unwon[:, per - k :] = True  # the last floor(share × per) slots of every rep
    unwon = unwon.ravel()
    assert np.all(cs.present[unwon] == 0) and np.all(cs.present[~unwon] == 1)
    assert np.all(rs.active == per - k)
    assert np.all(cs.customer_id[unwon] == -1)
    for name in ("relationship", "restraint", "pressure", "expected_pressure"):
        assert np.all(getattr(cs, name)[unwon] == 0), name
    # The customers who are there are the very customers of a full territory (same draws).
    for name in ("need", "tolerance", "value", "relationship"):
        np.testing.assert_array_equal(
            getattr(cs, name)[~unwon], getattr(full.customer_state, name)[~unwon]
        )
    # The falling yardstick starts at the mean over the customers each rep has.
    held = np.where(unwon, np.nan, cs.relationship).reshape(-1, per)
    np.testing.assert_allclose(rs.recent_relationship, np.nanmean(held, axis=1), rtol=1e-12)
    assert all(c is None for c, u in zip(territory.slot_customers, unwon, strict=True) if u)


def test_no_account_is_left_to_win_where_winning_one_costs_no_hours():
    model = small_model(customers__unwon_share=0.5)  # acquisition_hours 0: won at once
    assert np.all(model.customer_state.present == 1)


def test_a_team_with_more_hours_wins_more_of_its_territory():
    """Variant X's mechanism (docs/validation.md): the hours a perceptive team frees go into
    prospecting, which wins the accounts still to win; more hours, more accounts won."""
    won = []
    for effort in (30, 60):
        values = {
            "reps.count": 10,
            "reps.effort_hours": effort,
            "reps.perception": 0.8,
            "reps.regulation": 0.8,
            "simulation.weeks": 26,
            "dynamics.acquisition_hours": 40,
            "customers.unwon_share": 0.3,
        }
        scenario = Scenario().with_values(values)
        won.append(
            np.mean(
                [
                    RapportModel(scenario, seed=seed).run().customer_state.present.mean()
                    for seed in (1, 2, 3)
                ]
            )
        )
    assert 0.7 < won[0] < won[1]


@pytest.mark.parametrize("perception", [0.2, 0.9])
def test_a_rep_who_knows_the_book_starts_with_a_perceived_excess_already_cut(perception):
    values = dict(
        reps__effort_hours=20,  # planned near the customers' mean tolerance (20 per rep)
        reps__effort_spread=0,
        reps__perception=perception,
        reps__trait_spread=0,
    )
    new = small_model(**values)
    known = small_model(**values, reps__book_knowledge=1.0)
    assert np.all(new.customer_state.restraint == 1)
    cs = known.customer_state
    rate = full_book_rate(known.params, 20.0)
    within = cs.tolerance >= rate
    assert within.any() and (~within).any()
    assert np.all(cs.restraint[within] == 1)
    # A perceptive rep plans a customer beyond tolerance close to it; one who perceives little
    # hardly changes the plan: 1 − D(perception) × (1 − tolerance / rate).
    detected = 1 / (1 + np.exp(-known.params.dynamics.detection_steepness * (perception - 0.5)))
    expected = 1 - detected * (1 - cs.tolerance[~within] / rate)
    np.testing.assert_allclose(cs.restraint[~within], expected, rtol=1e-12)
    assert (detected > 0.9) == bool(
        np.all(rate * cs.restraint[~within] < 1.1 * cs.tolerance[~within])
    )


def test_new_hires_from_the_start_do_not_know_the_book():
    model = small_model(reps__effort_hours=60, reps__book_knowledge=1.0, hiring__share=0.5)
    hired = np.array([p == "new hire" for p in model.rep_state.profile])
    restraint = model.customer_state.restraint.reshape(hired.size, -1)
    assert hired.any() and np.all(restraint[hired] == 1)
    assert np.any(restraint[~hired] < 1)


def test_coaching_raises_empathy_over_the_programme_and_costs_hours():
    model = small_model(
        coaching__start_week=2,
        coaching__duration_weeks=4,
        coaching__perception_gain=0.4,
        coaching__regulation_gain=0.2,
        coaching__hours_per_week=3,
        reps__perception=0.1,
        reps__regulation=0.1,
        reps__trait_spread=0,
    )
    seen = []
    for _ in range(8):
        model.step()
        seen.append((model.rep_state.perception[0], model.rep_state.training_hours[0]))
    perception = [p for p, _ in seen]
    assert perception[1] == pytest.approx(0.1) and perception[-1] == pytest.approx(0.5)
    assert all(b >= a for a, b in itertools.pairwise(perception))
    assert [h for _, h in seen] == [0, 0, 3, 3, 3, 3, 0, 0]


def test_a_programme_longer_than_the_reps_week_takes_the_whole_week_and_no_more():
    """40 h of training a week for reps who work about 10 h: they train their 10 h and do
    nothing else, and hours by use add up to the effort (training was recorded as 40 h)."""
    model = small_model(
        coaching__start_week=0,
        coaching__perception_gain=1,
        coaching__hours_per_week=40,
        reps__effort_hours=10,
    )
    model.run(3)
    reps = model.rep_frame().query("week >= 1")  # week 0 is the start, before any work
    used = reps[["contact_hours", "value_hours", "prospecting_hours", "training_hours"]]
    np.testing.assert_allclose(reps["training_hours"], reps["effort_hours"])
    np.testing.assert_allclose(used.sum(axis=1), reps["effort_hours"])
    assert (reps["training_hours"] < 40).all()


def test_agents_read_and_write_through_to_the_models_arrays():
    model = small_model()
    rep = model.agents_by_type[SalesRep][0]
    customer = rep.customers[0]
    customer.relationship = 0.77
    assert model.customer_state.relationship[customer.slot] == 0.77
    rep.effort_hours = 12.0
    assert model.rep_state.effort_hours[rep.index] == 12.0
    assert customer.rep is rep and customer.active
    assert rep.relationship == pytest.approx(
        rep_mean(model, model.customer_state.relationship)[rep.index]
    )


def test_an_intervention_applies_from_the_next_week_and_keeps_differences_between_reps():
    model = small_model(reps__effort_hours=30)
    model.run(3)
    spread = np.ptp(model.rep_state.effort_hours)
    model.intervene(effort_hours=50)
    assert model.rep_state.effort_hours.mean() == pytest.approx(50)
    assert np.ptp(model.rep_state.effort_hours) == pytest.approx(spread)
    assert model.interventions[0].week == 3
    model.step()
    assert model.weekly_frame()["effort_hours"].iloc[-1] == pytest.approx(50)


def test_coach_phase_is_a_no_op_without_a_programme():
    model = small_model()
    before = model.rep_state.perception.copy()
    model.steps = 20
    coach_reps(model)
    np.testing.assert_array_equal(model.rep_state.perception, before)
    assert np.all(model.rep_state.training_hours == 0)


def test_new_hires_replace_part_of_the_team_in_the_hiring_week():
    model = small_model(
        reps__count=4,
        reps__perception=0.1,
        reps__regulation=0.1,
        reps__trait_spread=0,
        hiring__share=0.5,
        hiring__week=3,
        hiring__perception=0.9,
        hiring__regulation=0.8,
    )
    model.customer_state.restraint[:] = 0.5
    model.run(2)
    assert list(model.rep_state.perception) == pytest.approx([0.1] * 4)
    model.step()
    assert list(model.rep_state.perception) == pytest.approx([0.1, 0.1, 0.9, 0.9])
    assert list(model.rep_state.regulation) == pytest.approx([0.1, 0.1, 0.8, 0.8])
    assert model.rep_state.profile == ["team", "team", "new hire", "new hire"]
    restraint = model.customer_state.restraint.reshape(4, -1)
    noticed = model.customer_state.noticed.reshape(4, -1)
    # Hires start without the team's restraint; only signals they noticed this week cut it.
    assert np.all(restraint[2:][~noticed[2:]] == 1.0)
    assert restraint[:2].max() < 0.7


COACHED_THEN_HIRED = dict(
    reps__count=4,
    reps__perception=0.3,
    reps__regulation=0.3,
    reps__trait_spread=0,
    coaching__perception_gain=0.3,
    coaching__regulation_gain=0.2,
    coaching__start_week=2,
    coaching__duration_weeks=4,
    hiring__share=0.5,
    hiring__perception=0.8,
    hiring__regulation=0.7,
)


def test_hires_after_a_programme_keep_their_own_empathy():
    model = small_model(**COACHED_THEN_HIRED, hiring__week=10).run(14)
    assert list(model.rep_state.perception) == pytest.approx([0.6, 0.6, 0.8, 0.8])
    assert list(model.rep_state.regulation) == pytest.approx([0.5, 0.5, 0.7, 0.7])


def test_hires_during_a_programme_gain_the_part_they_attend():
    # The programme runs in weeks 3 to 6; hires arrive in week 5 and attend weeks 5 and 6.
    model = small_model(**COACHED_THEN_HIRED, hiring__week=5).run(10)
    assert list(model.rep_state.perception) == pytest.approx([0.6, 0.6, 0.95, 0.95])
    assert list(model.rep_state.regulation) == pytest.approx([0.5, 0.5, 0.8, 0.8])


def test_the_weeks_before_the_hires_came_show_the_profiles_then():
    model = small_model(**COACHED_THEN_HIRED, hiring__week=3).run(5)
    profiles = model.rep_frame().pivot(index="week", columns="rep", values="profile")
    assert (profiles.loc[:2] == "team").all().all()
    assert list(profiles.loc[3]) == list(profiles.loc[5]) == ["team", "team"] + ["new hire"] * 2


def test_a_change_of_empathy_after_a_programme_sets_the_team_mean():
    model = small_model(**{**COACHED_THEN_HIRED, "hiring__share": 0}).run(8)
    assert model.rep_state.perception.mean() == pytest.approx(0.6)  # 0.3 + the gain 0.3
    model.intervene(perception=0.4, regulation=0.9)
    model.run(3)
    assert model.rep_state.perception.mean() == pytest.approx(0.4)
    assert model.rep_state.regulation.mean() == pytest.approx(0.9)


def test_hires_from_the_start_are_part_of_the_initial_team():
    model = small_model(reps__count=8, hiring__share=0.25, hiring__perception=1.0)
    assert model.rep_state.profile[-2:] == ["new hire"] * 2
    assert list(model.rep_state.perception[-2:]) == [1.0, 1.0]


@pytest.mark.parametrize("falling, raised", [(True, True), (False, False)])
def test_a_manager_raises_effort_only_when_revenue_fell(falling, raised):
    from sim.model import manage_team

    model = small_model(
        reps__effort_spread=0, management__pressure_step=5, management__review_weeks=2
    )
    model.revenue_history = [10.0, 10.0, 8.0, 8.0] if falling else [8.0, 8.0, 10.0, 10.0]
    model.steps = 5  # the review at the start of week 5 looks back over weeks 1-4
    before = model.rep_state.effort_hours.copy()
    manage_team(model)
    expected = before + 5 if raised else before
    np.testing.assert_allclose(model.rep_state.effort_hours, expected)


# A low-EI team at 70 h: its relationships and revenue collapse within weeks, so a manager's
# review finds revenue fallen as soon as one can act.
COLLAPSING = Scenario().with_values(
    {
        "simulation.weeks": 30,
        "reps.count": 5,
        "reps.effort_hours": 70,
        "reps.perception": 0.1,
        "reps.regulation": 0.1,
    }
)


@pytest.mark.parametrize("period", [2, 4])
def test_pressure_acts_first_at_the_review_first_review_names(period):
    """A team collapsing under its effort: with pressure, its runs leave those without it at a
    review, never before ``first_review`` (the run's note and the app's say a shorter run never
    reaches it), and at it where revenue fell in the second period."""
    base = COLLAPSING.with_values({"management.review_weeks": period})
    pushed = base.with_values({"management.pressure_step": 5.0})
    first = []
    for seed in (1, 2, 3):
        a = RapportModel(base, seed=seed).run().weekly_frame()
        b = RapportModel(pushed, seed=seed).run().weekly_frame()
        differ = a["relational_performance"].to_numpy() != b["relational_performance"].to_numpy()
        first.append(int(a["week"].to_numpy()[differ][0]))
    assert first_review(base) is None and first_review(pushed) == 2 * period + 1
    assert all(f >= first_review(pushed) and (f - 1) % period == 0 for f in first), first
    assert first_review(pushed) in first


@pytest.mark.parametrize(
    "kind, settings, trait",
    [
        ("intervention", {"interventions": [{"week": 4, "effort_hours": 30}]}, "effort_hours"),
        ("pressure", {"management": {"pressure_step": 5.0}}, "effort_hours"),
        ("coaching", {"coaching": {"perception_gain": 0.5, "start_week": 6}}, "perception"),
    ],
)
def test_a_scheduled_trait_moves_first_in_the_week_scheduled_traits_names(kind, settings, trait):
    """The week a sweep's note and a study's assumption name is the first in which the model's
    team trait differs from the same run without the schedule."""
    base = COLLAPSING
    scheduled = Scenario.model_validate({**base.model_dump(), **settings})
    (moved,) = scheduled_traits(scheduled, [f"reps.{trait}"])
    assert moved.kind == kind and scheduled_traits(base, [f"reps.{trait}"]) == []
    a = RapportModel(base, seed=1).run().weekly_frame()
    b = RapportModel(scheduled, seed=1).run().weekly_frame()
    differ = a[trait].to_numpy() != b[trait].to_numpy()
    assert int(a["week"].to_numpy()[differ][0]) == moved.week
    later = scheduled.with_values({"simulation.weeks": moved.week - 1})
    assert scheduled_traits(later, [f"reps.{trait}"]) == []  # a shorter run never gets there


def test_the_managers_effort_target_is_capped():
    from sim.model import manage_team

    model = small_model(
        reps__effort_hours=68,
        reps__effort_spread=0,
        management__pressure_step=5,
        management__review_weeks=1,
    )
    model.revenue_history = [10.0, 5.0]
    model.steps = 3
    manage_team(model)
    assert np.all(model.rep_state.effort_hours == 70)


def test_several_changes_in_one_week_are_one_intervention():
    model = small_model()
    model.run(2)
    model.intervene(effort_hours=40)
    model.intervene(effort_hours=45, perception=0.7)
    assert len(model.interventions) == 1
    assert model.interventions[0].changes == {"effort_hours": 45, "perception": 0.7}
    model.step()
    model.intervene(regulation=0.2)
    assert [i.week for i in model.interventions] == [2, 3]


@pytest.mark.parametrize(
    "change",
    [
        {"effort_hours": 500},
        {"effort_hours": float("nan")},
        {"perception": 5},
        {"regulation": -0.5},
        {"effort_hours": "forty"},
    ],
)
def test_an_intervention_is_refused_as_a_scenario_file_refuses_it(change):
    """``intervene(effort_hours=500)`` ran 500 hours a rep in a 168-hour week, NaN made every
    metric NaN from then on, perception 5 was clipped to 1 without a word; a scenario file's
    ``interventions`` refused the same values. Now both give the same one line, and the refused
    call changes nothing."""
    from sim.params import ConfigError, validate_scenario

    model = small_model(reps__effort_hours=30)
    model.run(2)
    before = model.rep_state.effort_hours.copy(), model.rep_state.perception.copy()
    with pytest.raises(ConfigError) as refused:
        model.intervene(**change)
    with pytest.raises(ConfigError) as in_file:
        validate_scenario({"interventions": [{"week": 2, **change}]})
    assert str(refused.value).removeprefix("intervene: ") == str(in_file.value).removeprefix(
        "interventions.0."
    )
    np.testing.assert_array_equal(model.rep_state.effort_hours, before[0])
    np.testing.assert_array_equal(model.rep_state.perception, before[1])
    assert model.interventions == []


def test_an_intervention_on_no_trait_or_an_unknown_one_names_what_it_can_change():
    from sim.params import ConfigError

    model = small_model()
    with pytest.raises(ConfigError, match=r"perceptoin: not a trait .*did you mean 'perception'"):
        model.intervene(perceptoin=0.5)
    with pytest.raises(ConfigError, match="names no trait to change; allowed: effort_hours"):
        model.intervene()


def test_a_model_refuses_a_negative_run_and_a_seed_the_schema_refuses():
    from sim.params import ConfigError

    model = small_model()
    with pytest.raises(ConfigError, match=r"run: weeks -3 is negative"):
        model.run(-3)
    with pytest.raises(ConfigError, match=r"^seed: -1 is below the minimum 0$"):
        RapportModel(seed=-1)
    assert RapportModel(seed=np.int64(7)).seed == 7


def test_mesa_s_run_model_ends_with_the_scenario_s_last_week():
    """``run_model()``, what a Mesa user calls first, never ended: ``running`` stayed true, and
    an audit stopped it after 237,614 weeks. It ends at the scenario's weeks now, with the
    same weeks as ``run()``; ``step()`` may still go on."""
    scenario = Scenario().with_values({"simulation.weeks": 6, "reps.count": 3})
    model = RapportModel(scenario, seed=4)
    model.run_model()
    assert model.week == 6 and not model.running
    assert model.weekly_frame().equals(RapportModel(scenario, seed=4).run().weekly_frame())
    model.step()
    assert model.week == 7


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda: RapportModel({"reps": {"count": 3}}),
            r"^scenario: expected a sim\.params\.Scenario .*got a dict$",
        ),
        (
            lambda: RapportModel("configs/scenarios/hard_worker.yaml"),
            r"^scenario: expected .*got a str$",
        ),
        (
            lambda: Scenario().with_values({"reps": {"count": 3}}),
            r"^reps: a group, not a parameter; .* e\.g\. reps\.count$",
        ),
        (
            lambda: run_worlds(Scenario()),
            r"^scenarios: expected a list of sim\.params\.Scenario, got one",
        ),
        (
            lambda: run_worlds([Scenario(), {"reps": {}}]),
            r"^scenarios: expected a list .*got a dict$",
        ),
        (lambda: run_worlds([Scenario()], seeds=[-1]), r"^seed: -1 is below the minimum 0$"),
        (lambda: Scenario(reps={"count": 0}), r"^reps\.count: 0 is below the minimum 1$"),
        (
            lambda: Scenario(reps={"efort_hours": 50}),
            r"^reps\.efort_hours: unknown key 'efort_hours' \(did you mean 'effort_hours'\?\)",
        ),
        (lambda: Scenario(rep={}), r"^rep: unknown key 'rep' \(did you mean 'reps'\?\)"),
        (lambda: Reps(count=0), r"^reps\.count: 0 is below the minimum 1$"),
        (
            lambda: Scenario().with_values([("reps.effort_hours", 50)]),
            r"^values: expected a mapping of dotted names to values, .*got \[\[",
        ),
        (
            lambda: load_scenario({"reps": {"count": 3}}),
            r"^path: expected a scenario file's path, got a dict",
        ),
        (
            lambda: run_worlds([Scenario()], seeds=7),
            r"^seeds: expected a list of seeds, one per scenario, got 7$",
        ),
        (
            lambda: simulate_many([{}], [1], base={"reps": {"count": 3}}),
            r"^base: expected a sim\.params\.Scenario, got a dict$",
        ),
        (
            lambda: Scenario().get("reps.efort_hours"),
            r"^reps\.efort_hours: unknown parameter \(did you mean 'reps\.effort_hours'\?\)$",
        ),
        (  # the model kept the last change; only load_scenario refused them
            lambda: Scenario(interventions=[{"week": 2, "effort_hours": h} for h in (30, 40)]),
            r"^interventions: two changes after week 2 set effort_hours \(30, then 40\)",
        ),
        # 2026-12-05: these raised "'<' not supported between instances of 'int' and 'str'", ran
        # batches of one world for 0, and named "scenario:" and "channels.:" for a group's check
        (
            lambda: run_worlds([Scenario()], max_worlds="x"),
            r"^max_worlds: \"x\" is not a whole number of at least 1 \(the largest batch; ",
        ),
        (lambda: run_worlds([Scenario()], max_worlds=0), r"^max_worlds: 0 is not a whole number"),
        (lambda: run_worlds([Scenario()], max_worlds=2.5), r"^max_worlds: 2.5 is not a whole"),
        (
            lambda: ScheduledChange(week=1),
            r"^interventions: a change names effort_hours, perception or regulation$",
        ),
        (lambda: ScheduledChange(week=-1, perception=0.5), r"^interventions\.week: -1 is below"),
        (
            lambda: Channels(call_share=0.8, email_share=0.5),
            r"^channels: call_share \+ email_share = 1\.3, at most 1 is allowed",
        ),
        (
            lambda: Reps(profiles=[{"name": "a", "share": 0.5}]),
            r"^reps: profile shares add up to 0\.5, they must add up to 1$",
        ),
    ],
)
def test_the_python_api_refuses_what_a_notebook_user_gets_wrong_in_one_line(make, message):
    """An audit from a notebook: these raised AttributeErrors about tuples and dicts, numpy's
    "expected non-negative integer" or pydantic's ValidationError of several lines (a scenario
    made as ``Scenario(reps={...})``), none of them a ConfigError naming the field and what is
    allowed, as the README promises."""
    with pytest.raises(ConfigError, match=message):
        make()


def test_run_worlds_takes_its_scenarios_and_seeds_from_any_iterable():
    """A generator of scenarios raised "object of type 'generator' has no len()"."""
    scenario = Scenario().with_values({"simulation.weeks": 2, "reps.count": 2})
    worlds = run_worlds((scenario for _ in range(2)), seeds=iter([3, 4]))
    assert [w.seed for w in worlds] == [3, 4]
    assert worlds[1].weekly_frame().equals(RapportModel(scenario, seed=4).run().weekly_frame())


def test_a_world_run_without_its_per_rep_table_says_how_to_keep_one():
    """It said "this model keeps no per-rep table (collect_reps=False)", a model's words,
    though ``run_worlds`` was what was called without ``collect_reps``."""
    scenario = Scenario().with_values({"simulation.weeks": 2, "reps.count": 2})
    world = run_worlds([scenario], [1])[0]
    with pytest.raises(ValueError, match=r"^this world keeps no per-rep table: run_worlds\("):
        world.rep_frame()
    kept = run_worlds([scenario], [1], collect_reps=True)[0].rep_frame()
    assert kept.equals(RapportModel(scenario, seed=1).run().rep_frame())


def test_a_model_too_big_for_the_memory_left_is_refused_before_it_allocates(monkeypatch):
    """From Python a model of 20,000 reps × 1,000 customers raised numpy's _ArrayMemoryError
    (or woke the out-of-memory killer); ``rapport run`` refused it in one line. The model now
    checks as the command does, for models of a million customer slots or more."""
    import sim.resources
    from sim.model import LARGE
    from sim.params import ConfigError

    monkeypatch.setattr(sim.resources, "available_memory", lambda: 50 * 10**6)
    big = Scenario().with_values({"reps.count": LARGE // 500, "customers.per_rep": 500})
    with pytest.raises(ConfigError, match=r"2,000 reps × 52 weeks need about .* 50.0 MB is"):
        RapportModel(big)


@pytest.mark.parametrize("weeks", ["3", 2.0, True, None])
def test_run_refuses_weeks_that_are_not_a_whole_number(weeks):
    """``run("3")`` and ``run(2.0)`` raised Python's TypeErrors and ``run(True)`` ran a week;
    each is refused naming the value, and the model is untouched (None: the scenario's)."""
    model = RapportModel(Scenario().with_values({"simulation.weeks": 2}), seed=1)
    if weeks is None:
        assert model.run(weeks).week == 2
        return
    with pytest.raises(ConfigError, match=rf"run: weeks {re.escape(repr(weeks))} is not a whole"):
        model.run(weeks)
    assert model.week == 0


@pytest.mark.parametrize("run", ["run_for", "run_until"])
@pytest.mark.parametrize("weeks", ["3", 2.5, True, float("nan"), float("inf")])
def test_mesa_s_run_for_and_run_until_refuse_what_is_not_a_whole_number_of_weeks(run, weeks):
    """They read their argument with ``int()``: "3" ran three weeks, 2.5 two, True one, and NaN
    raised Python's ValueError; now each is refused as ``run`` refuses it, the model untouched."""
    model = RapportModel(Scenario().with_values({"simulation.weeks": 2}), seed=1)
    with pytest.raises(ConfigError, match=rf"^{run}: .* is not a whole number of weeks$"):
        getattr(model, run)(weeks)
    assert model.week == 0


def test_mesa_s_run_for_and_run_until_take_a_model_time_that_is_a_whole_float():
    """Mesa's times are floats: ``run_until(model.time + 2)`` runs two weeks."""
    model = RapportModel(Scenario().with_values({"simulation.weeks": 2}), seed=1)
    model.run_for(2.0)
    model.run_until(model.time + 1)
    assert model.week == 3


def test_the_churn_table_of_a_run_that_lost_no_one_has_the_columns_of_one_that_lost_some():
    """Before any churn ``churn_frame()`` had four untyped columns, not the lost customers' last
    state: ``frame.relationship`` raised and tables of several runs did not line up."""
    scenario = Scenario().with_values({"simulation.weeks": 30, "reps.effort_hours": 70})
    lost = RapportModel(scenario, seed=1).run().churn_frame()
    none = RapportModel(scenario, seed=1).churn_frame()
    assert len(lost) > 0 and len(none) == 0
    assert none.dtypes.equals(lost.dtypes)


@pytest.mark.parametrize("name", ["reps.count", "customers.per_rep"])
def test_a_model_refuses_new_params_of_another_team_or_portfolio_size(name):
    """``model.params = ...`` took any scenario: one of more reps made the compiled kernels write
    past the model's arrays, and the next weeks aborted Python. Other values still go in."""
    model = small_model()
    bigger = model.params.get(name) + 1
    with pytest.raises(ConfigError, match=rf"^params: {name} {bigger} is not the model's"):
        model.params = model.params.with_values({name: bigger})
    model.params = model.params.with_values({"dynamics.reciprocity": 0.3})
    assert model.run(1).week == 1


@pytest.mark.parametrize(
    ("agent", "name", "value", "message"),
    [
        ("rep", "effort_hours", -5, r"^rep 0: effort_hours: -5 is below the minimum 1$"),
        ("rep", "perception", 5, r"^rep 0: perception: 5 is above the maximum 1$"),
        ("rep", "regulation", float("nan"), r"^rep 0: regulation: NaN is not a finite number$"),
        ("customer", "tolerance", -1.0, r"^customer \d+: tolerance: -1\.0 is below the minimum 0$"),
        ("customer", "relationship", "high", r"^customer \d+: relationship: \"high\" is not a"),
        ("customer", "need", True, r"^customer \d+: need: true is not a number$"),
    ],
)
def test_an_agent_refuses_a_value_the_model_never_holds(agent, name, value, message):
    """Agents wrote any value into the model's arrays: a NaN effort made every later metric NaN,
    a perception of 5 or a negative tolerance ran on unnoticed."""
    model = small_model()
    target = model.reps[0] if agent == "rep" else model.reps[0].customers[0]
    before = getattr(target, name)
    with pytest.raises(ConfigError, match=message):
        setattr(target, name, value)
    assert getattr(target, name) == before
    setattr(target, name, "1")  # a number as text is read as the number, as in scenarios
    assert getattr(target, name) == 1.0
