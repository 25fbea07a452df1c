"""The Rapport rules as a skilled Mesa user writes them: the fair per-agent baseline.

``sim.reference`` is the readable oracle: each customer draws its own random numbers as it acts,
so customers must act one rep's portfolio at a time, through an extra call per customer. A Mesa
user who cares about speed keeps the agents and their rules (the methods of ``sim.reference``,
reused here unchanged) but draws each phase's random numbers as one block, lets every agent set
act with one ``AgentSet.do`` per phase, and keeps a slot-ordered list of customers instead of
rebuilding it. The random streams are consumed exactly as in the engine, so the weekly metrics
agree with ``sim.model.RapportModel`` to rounding error (``bench_engine.py`` checks it).
"""

from __future__ import annotations

import math

from sim.model import PERCEPTION_STEEPNESS
from sim.reference import RefCustomer, ReferenceModel


class SkilledCustomer(RefCustomer):
    """A reference customer whose random phases take their uniforms as arguments."""

    def receive_contacts(self) -> None:
        """Phase 2a as in the reference, with what depends on the rep only computed per rep."""
        rep, d = self.rep, self.model.params.dynamics
        pressure = self.pressure + (self.contacts - self.pressure) / rep.memory_weeks
        self.pressure = pressure
        unwanted = (
            self.contacts * (1.0 - self.tolerance / pressure) if pressure > self.tolerance else 0.0
        )
        self.unwanted = unwanted
        felt = rep.reciprocity * (self.contacts - unwanted) / self.need / (1.0 + self.irritation)
        relationship = self.relationship + (1.0 - math.exp(felt)) * (1.0 - self.relationship)
        irritation = self.irritation * (1.0 - d.irritation_fade) + rep.harm * unwanted / self.need
        self.irritation = irritation
        relationship *= math.exp(-d.erosion * irritation)
        self.relationship = relationship * (1.0 - d.decay)

    def signal_with(self, u_signal: float, u_notice: float) -> None:
        """Phase 3a for an irritated customer, with the two uniforms drawn for it."""
        model = self.model
        signal_chance = 1.0 - math.exp(-self.irritation / model.params.dynamics.signal_irritation)
        self.signalled = u_signal < signal_chance
        notice_chance = self.clarity + (1.0 - self.clarity) * self.rep.detection
        self.noticed = self.signalled and u_notice < notice_chance
        if self.noticed:
            self.restraint *= model.params.reps.backoff

    def decide_with(self, u_buy: float, u_churn: float) -> None:
        """Phase 4a with the two uniforms drawn for this customer."""
        d = self.model.params.dynamics
        self.purchased = u_buy < d.purchase_rate * self.relationship
        self.churned = u_churn < d.churn_hazard * (1.0 - self.relationship) ** 2


class SkilledMesaModel(ReferenceModel):
    """``ReferenceModel`` with block random draws and one ``AgentSet.do`` per phase."""

    customer_type = SkilledCustomer

    def step(self) -> None:
        """One week in the engine's phase order."""
        reps, customers = self.rep_set, self.customers
        self.start_week()

        d, per = self.params.dynamics, self.params.customers.per_rep
        for rep in self.reps:
            quality = 1.0 + d.quality_gain * (
                1.0 - math.exp(-rep.value_hours / per / d.quality_hours)
            )
            rep.reciprocity = -d.reciprocity * quality
            rep.harm = d.irritation_per_contact * (1.0 - d.regulation_protection * rep.regulation)
            rep.memory_weeks = self.params.customers.memory_weeks
        customers.do("receive_contacts")
        reps.do("count_wasted_hours")

        # Detection depends only on the rep's perception: once per rep, not per customer.
        for rep in self.reps:
            rep.detection = 1.0 / (1.0 + math.exp(-PERCEPTION_STEEPNESS * (rep.perception - 0.5)))
        slots = [c for rep in self.reps for c in rep.portfolio]  # slot order, as the engine
        customers.set("signalled", False).set("noticed", False)
        irritated = [c for c in slots if c.irritation > 0]
        for customer, (u_signal, u_notice) in zip(
            irritated, self.rng.random((len(irritated), 2)).tolist(), strict=True
        ):
            customer.signal_with(u_signal, u_notice)
        reps.do("count_signals")

        for customer, (u_buy, u_churn) in zip(
            slots, self.rng.random((len(slots), 2)).tolist(), strict=True
        ):
            customer.decide_with(u_buy, u_churn)
        reps.do("settle_week")
        self.revenue_history.append(sum(rep.revenue for rep in self.reps))
        self.replace_churned()

        self.datacollector.collect(self)
