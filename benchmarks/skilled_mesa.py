"""The Rapport rules as a skilled Mesa user writes them: the fair per-agent baseline.

``sim.reference`` is the readable oracle: each customer draws its own random numbers as it acts,
so customers must act one rep's portfolio at a time, through an extra call per customer, and every
customer works out again what only depends on its rep (detection, contact quality, harm). A Mesa
user who cares about speed keeps the agents and their rules (``sim.reference``'s classes,
subclassed; what is rare or per rep, such as the discrete schedule, early cues, churn and
hiring, is the reference's own method) but works out the per-rep terms once per rep, draws each
random phase's numbers as one block, lets every agent set act with one ``AgentSet.do`` per
phase, and keeps a slot-ordered list of customers instead of walking the portfolios. The random
streams are consumed exactly as in the engine, so the weekly metrics agree with
``sim.model.RapportModel`` to rounding error (``tests/test_skilled_mesa.py``, and
``bench_engine.py`` prints the largest difference).
"""

from __future__ import annotations

import math

from sim.params import Scenario
from sim.reference import RefCustomer, ReferenceModel, RefRep


class SkilledRep(RefRep):
    """A reference rep that works out once a week the terms all its customers share."""

    def plan_week(self) -> None:
        """Phase 1a as in the reference, then the terms of phases 1b–3 that depend only on the
        rep: the facets are final for the week once coaching is over."""
        super().plan_week()
        s = self.model.params
        d = s.dynamics
        self.dynamics = d
        self.memory_weeks = s.customers.memory_weeks
        self.detected = self.detection()
        self.recovery = min(s.reps.forgetting * (1.0 - self.detected) + self.push, 1.0)
        self.harm = d.irritation_per_contact * (1.0 - d.regulation_protection * self.regulation)

    def split_hours(self) -> None:
        """Phase 1c as in the reference (the discrete schedule included), then the contact
        quality that the value hours give each customer."""
        super().split_hours()
        d = self.dynamics
        value_per_customer = self.value_hours / max(self.customer_count, 1)
        quality = 1.0 + d.quality_gain * (1.0 - math.exp(-value_per_customer / d.quality_hours))
        self.reciprocity = -d.reciprocity * quality

    def fill_slots(self) -> None:
        """Phase 4a for the empty slots (``RefRep.decide_slots``), with each slot's uniforms
        from the week's block."""
        self.filled = []
        empty = self.portfolio.count(None)
        if not empty:
            return
        hours = self.dynamics.acquisition_hours
        chance = -math.expm1(-self.prospecting_hours / (empty * hours))
        uniforms = self.model.outcome_uniforms
        first = self.index * len(self.portfolio)
        for k, customer in enumerate(self.portfolio):
            if customer is None and uniforms[first + k][1] < chance:
                self.filled.append(first + k)


class SkilledCustomer(RefCustomer):
    """A reference customer that reads its rep's weekly terms and is handed its uniforms."""

    rep: SkilledRep

    def schedule_contacts(self) -> None:
        """Phase 1b with the rep's recovery worked out once per rep."""
        rep = self.rep
        self.restraint += rep.recovery * (1.0 - self.restraint)
        self.contacts = self.planned = rep.planned_rate * self.restraint

    def receive_contacts(self) -> None:
        """Phase 2a with the contact quality and the harm worked out once per rep."""
        rep = self.rep
        d = rep.dynamics
        self.pressure += (self.contacts - self.pressure) / rep.memory_weeks
        self.expected_pressure += (self.planned - self.expected_pressure) / rep.memory_weeks
        tolerance = self.tolerance / (1.0 + d.sensitisation * self.wear)
        over = min(max(1.0 - tolerance / max(self.pressure, 1e-12), 0.0), 1.0)
        self.over = over
        self.unwanted = self.contacts * over
        welcome = self.contacts - self.unwanted
        gain = 1.0 - math.exp(rep.reciprocity * welcome / self.need / (1.0 + self.irritation))
        self.relationship += gain * (1.0 - self.relationship)
        felt_harm = rep.harm * self.unwanted / self.need
        self.irritation = self.irritation * (1.0 - d.irritation_fade) + felt_harm
        self.wear = self.wear * (1.0 - d.wear_fade) + felt_harm
        self.relationship *= math.exp(-d.erosion * self.irritation)
        self.relationship *= 1.0 - d.decay

    def signal_with(self, u_signal: float, u_notice: float) -> None:
        """Phase 3a for an annoyed customer, with the two uniforms drawn for it."""
        rep = self.rep
        annoyance = self.irritation + self.unwanted / self.need
        self.signalled = u_signal < 1.0 - math.exp(-annoyance / rep.dynamics.signal_irritation)
        notice_chance = self.clarity + (1.0 - self.clarity) * rep.detected
        self.noticed = self.signalled and u_notice < notice_chance
        if self.noticed:
            depth = rep.backoff_read(notice_chance)
            cut = min(depth * self.expected_pressure / max(self.planned, 1e-12), 1.0)
            # Lingering irritation (within the tolerance this week): (1 − D) of the cut.
            read = rep.detected * (self.over <= 0)
            self.restraint *= cut + (1.0 - cut) * read
            self.feel_heard(notice_chance)

    def decide(self) -> None:
        """Phase 4a with the two uniforms of this customer's slot from the week's block."""
        u_buy, u_churn = self.model.outcome_uniforms[self.slot]
        d = self.rep.dynamics
        self.purchased = u_buy < d.purchase_rate * self.relationship
        self.churned = u_churn < d.churn_hazard * (1.0 - self.relationship) ** 2


class SkilledMesaModel(ReferenceModel):
    """``ReferenceModel`` with per-rep terms once per rep, block random draws and one
    ``AgentSet.do`` per phase.

    Args:
        scenario: validated parameters (``sim.params.Scenario``); defaults if omitted.
        seed: overrides ``scenario.simulation.seed``.
    """

    rep_type = SkilledRep
    customer_type = SkilledCustomer

    def __init__(self, scenario: Scenario | None = None, *, seed: int | None = None):
        super().__init__(scenario, seed=seed)
        self.outcome_uniforms: list[list[float]] = []
        self.per = self.params.customers.per_rep
        self.slots = self.slot_order()

    def slot_order(self) -> list[SkilledCustomer]:
        """Every customer in slot order, the order of the engine's random draws."""
        return [c for rep in self.reps for c in rep.customers]

    def step(self) -> None:
        """One week in the engine's phase order."""
        reps, customers, slots = self.rep_set, self.customers, self.slots
        self.start_week()

        customers.do("receive_contacts")
        reps.do("count_wasted_hours")

        # The annoyed customers, in slot order, take two uniforms each from one block.
        customers.set("signalled", False).set("noticed", False).set("annoyed", False)
        annoyed = [c for c in slots if c.irritation > 0 or c.unwanted > 0]
        for customer in annoyed:  # annoyed as the phase starts: no early cue this week
            customer.annoyed = True
        for customer, (u_signal, u_notice) in zip(
            annoyed, self.rng.random((len(annoyed), 2)).tolist(), strict=True
        ):
            customer.signal_with(u_signal, u_notice)
        if self.params.dynamics.cue_onset < 1.0:
            # Early cues (off by default) draw after the signals, in slot order: as the reference.
            reps.do("hear_portfolio", "sense_cues")
        reps.do("count_signals")

        # Two per slot, an empty one's included (its second decides whether it is filled).
        self.outcome_uniforms = self.rng.random((len(self.reps) * self.per, 2)).tolist()
        customers.do("decide")
        reps.do("fill_slots")
        reps.do("settle_week")
        self.revenue_history.append(sum(rep.revenue for rep in self.reps))
        self.replace_churned()

        self.datacollector.collect(self)
        self.make_scheduled_changes()

    def replace_churned(self) -> None:
        """As the reference; the new prospects take their places in the slot order."""
        super().replace_churned()
        self.slots = self.slot_order()
