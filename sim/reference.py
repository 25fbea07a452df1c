"""A plain per-agent implementation of the Rapport rules: the oracle and the benchmark baseline.

Every rep and customer is a Mesa agent holding its own state as Python floats; each phase of a week
is a method the model calls on an agent set with ``.do``, in the order of ``RapportModel.step``.
It draws the population with ``sim.population`` and the weekly random numbers as the same arrays
at the same points as the engine, each customer reading the element of its slot, so that the same
scenario and seed give the same weekly metrics in both implementations (``tests/test_oracle.py``).
It is meant to be read beside ``sim/model.py`` and to be the baseline of
``benchmarks/bench_engine.py``, not to be used for experiments: it is idiomatic Mesa (one Python
call per agent and phase), neither tuned nor slowed down.
"""

from __future__ import annotations

import math

import mesa
import numpy as np

from sim.metrics import IRRITATED, MODEL_REPORTERS
from sim.params import CHANNELS, Scenario
from sim.population import (
    HIRE_PROFILE,
    draw_customers,
    draw_initial_relationships,
    draw_team,
    full_book_rate,
    hired_reps,
    unwon_slots,
)


def clamp(x: float, low: float, high: float) -> float:
    return min(max(x, low), high)


class RefRep(mesa.Agent):
    """A sales rep: effort, two empathy facets, a portfolio of customers in slot order."""

    def __init__(
        self,
        model: ReferenceModel,
        index: int,
        profile: str,
        effort_hours: float,
        perception: float,
        regulation: float,
    ):
        super().__init__(model)
        self.index = index
        self.profile = profile
        self.effort_hours = effort_hours
        self.perception = perception
        self.regulation = regulation
        self.base_perception = perception
        self.base_regulation = regulation
        self.joined = 0  # weeks run before the rep joined the team
        # Slot by slot: the customer, or None while the slot is empty (``acquisition_hours`` > 0).
        self.portfolio: list[RefCustomer | None] = []
        self.recent_relationship = 0.0
        self.push = 0.0
        self.planned_rate = 0.0
        self.training_hours = 0.0
        self.contact_hours = 0.0
        self.value_hours = 0.0
        self.prospecting_hours = 0.0
        self.wasted_hours = 0.0
        self.revenue = 0.0
        self.signals_noticed = 0.0
        self.churned = 0
        self.customer_count = 0  # customers the rep has this week (set by ``plan_week``)
        self.filled: list[int] = []  # empty slots this week's prospecting filled

    @property
    def customers(self) -> list[RefCustomer]:
        """The customers the rep has, in slot order (empty slots left out)."""
        return [c for c in self.portfolio if c is not None]

    def mean_relationship(self) -> float:
        """Mean relationship score over the customers the rep has."""
        return sum(c.relationship for c in self.customers) / len(self.customers)

    def recall_book(self) -> None:
        """Section 5: a rep who knows the book (``reps.book_knowledge``; not a new hire) starts
        each customer with the part of a perceived excess over their tolerance already cut."""
        s = self.model.params
        if s.reps.book_knowledge == 0 or self.profile == HIRE_PROFILE:
            return
        rate = full_book_rate(s, self.effort_hours)
        for customer in self.customers:
            excess = max(1.0 - customer.tolerance / rate, 0.0)
            customer.restraint = 1.0 - s.reps.book_knowledge * self.detection() * excess

    def detection(self) -> float:
        """The chance D(perception) that this rep notices a subtle signal (logistic)."""
        steepness = self.model.params.dynamics.detection_steepness
        return 1.0 / (1.0 + math.exp(-steepness * (self.perception - 0.5)))

    # --- phases ------------------------------------------------------------------------------

    def honoured(self, reading: float) -> float:
        """How far this rep's answer to a hint read with chance ``reading`` honours the
        customer's wish: 1 − cut_reading × (1 − reading) (7.3)."""
        return 1.0 - self.model.params.reps.cut_reading * (1.0 - reading)

    def backoff_read(self, reading: float) -> float:
        """The back-off factor for a hint this rep reads with chance ``reading``: the cut
        (1 − backoff) made only as deep as the answer honours the wish (7.3)."""
        return 1.0 - (1.0 - self.model.params.reps.backoff) * self.honoured(reading)

    def hand_over_to_hire(self) -> None:
        """A new hire takes this place: their own empathy, no knowledge of the customers yet."""
        hiring = self.model.params.hiring
        self.profile = HIRE_PROFILE
        self.joined = self.model.week - 1
        self.perception = self.base_perception = hiring.perception
        self.regulation = self.base_regulation = hiring.regulation
        for customer in self.customers:
            customer.restraint = 1.0

    def attend_coaching(self) -> None:
        """Phase 0: an empathy programme raises the facets and costs training hours."""
        c = self.model.params.coaching
        week = self.model.week
        coaching = c.perception_gain > 0 or c.regulation_gain > 0
        in_programme = c.start_week < week <= c.start_week + c.duration_weeks
        hours = c.hours_per_week if (coaching and in_programme) else 0.0
        self.training_hours = min(hours, self.effort_hours)  # at most the rep's week
        if coaching:
            # the part of the programme the rep attended (a new hire: from their first week)
            end = c.start_week + c.duration_weeks
            attended = min(week, end) - max(c.start_week, self.joined)
            progress = clamp(attended / c.duration_weeks, 0.0, 1.0)
            self.perception = clamp(self.base_perception + c.perception_gain * progress, 0.0, 1.0)
            self.regulation = clamp(self.base_regulation + c.regulation_gain * progress, 0.0, 1.0)

    def plan_week(self) -> None:
        """Phase 1a: notice whether relationships fall, decide how pushy to be, set the plan."""
        s = self.model.params
        # A rep who has lost every customer feels nothing fall and plans no contacts.
        current = self.mean_relationship() if self.customers else self.recent_relationship
        d = s.dynamics
        falling = clamp((self.recent_relationship - current) / d.falling_scale, 0.0, 1.0)
        self.recent_relationship += d.recent_weight * (current - self.recent_relationship)
        self.push = s.reps.pushiness * (1.0 - self.regulation) * falling
        share = s.reps.contact_share + (1.0 - s.reps.contact_share) * self.push
        # The cadence of a full book: an empty slot's share of the plan is not made (its hours
        # go to prospecting and value work). Value work is shared by the customers the rep has.
        self.customer_count = len(self.customers)
        self.planned_rate = (
            self.available_hours() * share / (s.dynamics.hours_per_contact * s.customers.per_rep)
        )

    def hear_portfolio(self, phase: str) -> None:
        """Let each customer of the portfolio, in order, act in ``phase``."""
        for customer in self.customers:
            getattr(customer, phase)()

    def available_hours(self) -> float:
        return max(self.effort_hours - self.training_hours, 0.0)

    def split_hours(self) -> None:
        """Phase 1c: hours not spent in contacts go to prospecting and value work."""
        s = self.model.params
        if s.channels.schedule == "discrete":
            self.schedule_channels()
            self.contact_hours = sum(c.contact_time for c in self.customers)
        else:
            self.contact_hours = s.dynamics.hours_per_contact * sum(
                c.contacts for c in self.customers
            )
        other = max(self.available_hours() - self.contact_hours, 0.0)
        self.prospecting_hours = other * s.reps.prospecting_share
        self.value_hours = other - self.prospecting_hours

    def schedule_channels(self) -> None:
        """Phase 1c (discrete schedule): this week's whole visits, calls and e-mails, customer by
        customer (the rule is ``sim.schedule.schedule_contacts``'s, written out per rep)."""
        s = self.model.params
        channels = s.channels
        customers = self.customers
        per = s.customers.per_rep  # the cadence of a full book, as in ``plan_week``
        share = s.reps.contact_share + (1.0 - s.reps.contact_share) * self.push
        planned_hours = self.available_hours() * share
        draws = self.model.rng.random((len(CHANNELS), 2))
        for customer in customers:
            customer.contacts = customer.planned = customer.contact_time = 0.0
            customer.channel_contacts = [0] * len(CHANNELS)
        wholes, totals = [], []
        left = self.available_hours()
        for c in range(len(CHANNELS)):
            rate = planned_hours * channels.shares[c] / (channels.hours[c] * per)
            total = 0.0
            for customer in customers:
                total += rate * customer.restraint
            totals.append(total)
            wholes.append(float(math.floor(total)))
            left = left - wholes[c] * channels.hours[c]
        for c in range(len(CHANNELS)):
            if draws[c, 0] < totals[c] - wholes[c] and channels.hours[c] <= left:
                wholes[c] += 1.0
                left = left - channels.hours[c]
        for c in range(len(CHANNELS)):
            rate = planned_hours * channels.shares[c] / (channels.hours[c] * per)
            scale = wholes[c] / totals[c] if totals[c] > 0 else 0.0
            running, before = 0.0, 0.0
            for k, customer in enumerate(customers):
                expected = rate * customer.restraint
                running += expected
                mark = min(math.floor(running * scale + draws[c, 1]), wholes[c])
                if k == len(customers) - 1:  # the last customer takes what is left
                    mark = wholes[c]
                count = int(mark - before)
                before = mark
                customer.channel_contacts[c] = count
                customer.contacts = customer.contacts + count * channels.weights[c]
                customer.planned = customer.planned + expected * channels.weights[c]
                customer.contact_time = customer.contact_time + count * channels.hours[c]

    def count_wasted_hours(self) -> None:
        """Phase 2b: hours spent on contacts beyond customers' tolerance."""
        if self.model.params.channels.schedule == "discrete":
            self.wasted_hours = sum(c.over * c.contact_time for c in self.customers)
            return
        hours_per_contact = self.model.params.dynamics.hours_per_contact
        self.wasted_hours = hours_per_contact * sum(c.unwanted for c in self.customers)

    def count_signals(self) -> None:
        """Phase 3b: signals this rep noticed this week."""
        self.signals_noticed = float(sum(c.noticed for c in self.customers))

    def decide_slots(self) -> None:
        """Phase 4a, slot by slot: each customer decides (``RefCustomer.decide``); an empty slot
        draws its two uniforms too, and the second decides whether this week's prospecting wins
        a customer for it: with chance 1 − exp(−prospecting hours / (empty slots × hours to win
        a customer)), the rep's prospecting shared over the slots it has to fill."""
        d = self.model.params.dynamics
        empty = self.portfolio.count(None)
        chance = (
            -math.expm1(-self.prospecting_hours / (empty * d.acquisition_hours)) if empty else 0
        )
        self.filled = []
        for k, customer in enumerate(self.portfolio):
            if customer is not None:
                customer.decide()
                continue
            self.model.rng.random()  # the slot's purchase uniform: an empty slot buys nothing
            if self.model.rng.random() < chance:
                self.filled.append(self.index * len(self.portfolio) + k)

    def settle_week(self) -> None:
        """Phase 4b: revenue from purchases and prospecting, customers lost."""
        d = self.model.params.dynamics
        purchases = sum(c.value for c in self.customers if c.purchased)
        self.revenue = purchases + d.prospect_revenue * self.prospecting_hours
        self.churned += sum(c.churned for c in self.customers)

    def prospect_warmth(self) -> float:
        """Head start that this week's prospecting gives a new prospect's relationship."""
        d = self.model.params.dynamics
        return d.prospect_warmth * (1.0 - math.exp(-self.prospecting_hours / d.prospect_hours))


class RefCustomer(mesa.Agent):
    """A customer in one portfolio slot: welcome rate, tolerance, irritation, relationship."""

    def __init__(
        self,
        model: ReferenceModel,
        rep: RefRep,
        slot: int,
        *,
        need: float,
        tolerance: float,
        clarity: float,
        value: float,
        relationship: float,
    ):
        super().__init__(model)
        self.rep = rep
        self.slot = slot  # index of this customer's random draws, the same as in the engine
        self.need = need
        self.tolerance = tolerance
        self.clarity = clarity
        self.value = value
        self.relationship = relationship
        self.irritation = 0.0
        self.wear = 0.0
        self.pressure = need
        # The felt rate the plan leads the customer to expect: as ``pressure``, over the planned
        # contacts instead of the whole ones (the same under the rate schedule).
        self.expected_pressure = need
        self.restraint = 1.0
        self.contacts = 0.0
        self.planned = 0.0  # expected contacts (the plan before rounding)
        self.contact_time = 0.0
        self.channel_contacts = [0] * len(CHANNELS)
        self.over = 0.0  # share of this week's contacts beyond tolerance
        self.unwanted = 0.0
        self.signalled = False
        self.noticed = False
        self.annoyed = False
        self.purchased = False
        self.churned = False

    # --- phases ------------------------------------------------------------------------------

    def schedule_contacts(self) -> None:
        """Phase 1b: restraint fades back toward the plan (faster under a pushing rep)."""
        s = self.model.params
        keeps = self.rep.detection()
        recovery = min(s.reps.forgetting * (1.0 - keeps) + self.rep.push, 1.0)
        self.restraint += recovery * (1.0 - self.restraint)
        self.contacts = self.planned = self.rep.planned_rate * self.restraint

    def receive_contacts(self) -> None:
        """Phase 2a: welcome contacts build the relationship, unwanted ones irritate."""
        s, d = self.model.params, self.model.params.dynamics
        rep = self.rep
        self.pressure += (self.contacts - self.pressure) / s.customers.memory_weeks
        self.expected_pressure += (self.planned - self.expected_pressure) / s.customers.memory_weeks
        tolerance = self.tolerance / (1.0 + d.sensitisation * self.wear)
        over = clamp(1.0 - tolerance / max(self.pressure, 1e-12), 0.0, 1.0)
        self.over = over
        self.unwanted = self.contacts * over
        welcome = self.contacts - self.unwanted

        value_per_customer = rep.value_hours / rep.customer_count  # shared by those it has
        quality = 1.0 + d.quality_gain * (1.0 - math.exp(-value_per_customer / d.quality_hours))
        gain = 1.0 - math.exp(
            -d.reciprocity * quality * welcome / self.need / (1.0 + self.irritation)
        )
        self.relationship += gain * (1.0 - self.relationship)

        harm = d.irritation_per_contact * (1.0 - d.regulation_protection * rep.regulation)
        felt_harm = harm * self.unwanted / self.need
        self.irritation = self.irritation * (1.0 - d.irritation_fade) + felt_harm
        # Sensitisation: a slow trace of being over-contacted that lowers the tolerance.
        self.wear = self.wear * (1.0 - d.wear_fade) + felt_harm
        self.relationship *= math.exp(-d.erosion * self.irritation)
        self.relationship *= 1.0 - d.decay

    def signal_annoyance(self) -> None:
        """Phase 3a: an over-contacted or irritated customer may signal that they want fewer
        contacts; the rep may notice and back off.

        Such a customer draws two uniforms (signal, notice); the others draw none.
        """
        self.signalled = self.noticed = False
        # Annoyed as the phase starts (a fully honoured complaint may calm them to 0 below; they
        # still show no early cue this week).
        self.annoyed = self.irritation > 0 or self.unwanted > 0
        if not self.annoyed:
            return
        model = self.model
        u_signal, u_notice = model.rng.random(), model.rng.random()
        annoyance = self.irritation + self.unwanted / self.need
        signal_chance = 1.0 - math.exp(-annoyance / model.params.dynamics.signal_irritation)
        self.signalled = u_signal < signal_chance
        detection = self.rep.detection()
        notice_chance = self.clarity + (1.0 - self.clarity) * detection
        self.noticed = self.signalled and u_notice < notice_chance
        if self.noticed:
            # Cut to backoff × the felt rate expected under the plan (whole contacts make the
            # felt rate itself lumpy: 0 in a week without one at a one-week memory).
            felt = self.expected_pressure / max(self.planned, 1e-12)
            cut = min(self.rep.backoff_read(notice_chance) * felt, 1.0)
            # Only lingering irritation (the felt rate is within the tolerance this week): a
            # perceptive rep reads it so and makes only (1 − D) of the cut.
            read = detection * (self.over <= 0)
            self.restraint *= cut + (1.0 - cut) * read
            self.feel_heard(notice_chance)

    def sense_cues(self) -> None:
        """Phase 3a': a calm customer nearing their limit may show an early cue, which only the
        rep's perception picks up. Such a customer draws two uniforms after the signalling ones.
        """
        d = self.model.params.dynamics
        if d.cue_onset >= 1.0 or self.annoyed:
            return
        tolerance = self.tolerance / (1.0 + d.sensitisation * self.wear)
        nearness = (self.pressure / tolerance - d.cue_onset) / (1.0 - d.cue_onset)
        if nearness <= 0:
            return
        u_signal, u_notice = self.model.rng.random(), self.model.rng.random()
        self.signalled = u_signal < 1.0 - math.exp(-min(nearness, 1.0) / d.signal_irritation)
        detection = self.rep.detection()
        self.noticed = self.signalled and u_notice < detection
        if self.noticed:  # a cue is never clear: read by perception alone
            felt = self.expected_pressure / max(self.planned, 1e-12)
            self.restraint *= min(self.rep.backoff_read(detection) * felt, 1.0)
            self.feel_heard(detection)

    def feel_heard(self, reading: float) -> None:
        """A noticed signal answered: as far as the answer honours the customer's wish (the rep
        reads it with chance ``reading``), ``heard_relief`` of their irritation falls away
        (restored freedom reduces reactance, 7.3)."""
        relief = self.model.params.dynamics.heard_relief * self.rep.honoured(reading)
        self.irritation *= 1.0 - relief

    def decide(self) -> None:
        """Phase 4a: buy (more likely in a good relationship), churn (more likely in a bad one)."""
        model, d = self.model, self.model.params.dynamics
        u_buy, u_churn = model.rng.random(), model.rng.random()
        self.purchased = u_buy < d.purchase_rate * self.relationship
        self.churned = u_churn < d.churn_hazard * (1.0 - self.relationship) ** 2


# --- model-level metrics, by iterating agents (same names as sim.metrics.MODEL_REPORTERS) --------


def _slots(model: ReferenceModel) -> int:
    """The team's customer slots: every mean over customers is over slots, an empty one
    counting as no relationship and no irritation."""
    return len(model.reps) * model.params.customers.per_rep


def _customer_mean(name: str):
    def mean(model: ReferenceModel) -> float:
        return sum(getattr(c, name) for c in model.customers) / _slots(model)

    return mean


def _team_total(name: str):
    def total(model: ReferenceModel) -> float:
        return float(sum(getattr(r, name) for r in model.reps))

    return total


def _team_mean(name: str):
    def mean(model: ReferenceModel) -> float:
        return sum(getattr(r, name) for r in model.reps) / len(model.reps)

    return mean


def _churned(model: ReferenceModel) -> int:
    return sum(r.churned for r in model.reps)


def _irritated_share(model: ReferenceModel) -> float:
    return sum(c.irritation > IRRITATED for c in model.customers) / _slots(model)


REFERENCE_REPORTERS = {
    "relational_performance": _customer_mean("relationship"),
    "revenue": _team_total("revenue"),
    "churned": _churned,
    "customers": lambda model: len(model.customers),
    "irritation": _customer_mean("irritation"),
    "wasted_hours": _team_total("wasted_hours"),
    "contact_hours": _team_total("contact_hours"),
    "value_hours": _team_total("value_hours"),
    "prospecting_hours": _team_total("prospecting_hours"),
    "signals_noticed": _team_total("signals_noticed"),
    "irritated_share": _irritated_share,
    "effort_hours": _team_mean("effort_hours"),
    "perception": _team_mean("perception"),
    "regulation": _team_mean("regulation"),
}
assert list(REFERENCE_REPORTERS) == list(MODEL_REPORTERS)


class ReferenceModel(mesa.Model):
    """The Rapport rules, one agent at a time.

    Args:
        scenario: validated parameters (``sim.params.Scenario``); defaults if omitted.
        seed: overrides ``scenario.simulation.seed``.
    """

    rep_type: type[RefRep] = RefRep  # a variant may bring its own reps and customers
    customer_type: type[RefCustomer] = RefCustomer

    def __init__(self, scenario: Scenario | None = None, *, seed: int | None = None):
        scenario = scenario or Scenario()
        seed = scenario.simulation.seed if seed is None else seed
        super().__init__(rng=np.random.default_rng(seed))
        self.params = scenario
        self.seed = seed
        n, per = scenario.reps.count, scenario.customers.per_rep

        team = draw_team(self.rng, scenario)
        self.reps = [
            self.rep_type(
                self,
                i,
                team.profile[i],
                float(team.effort_hours[i]),
                float(team.perception[i]),
                float(team.regulation[i]),
            )
            for i in range(n)
        ]
        drawn = draw_customers(self.rng, n * per, scenario)
        relationship = draw_initial_relationships(self.rng, n * per, scenario)
        for rep in self.reps:
            for slot in range(rep.index * per, (rep.index + 1) * per):
                rep.portfolio.append(
                    self.customer_type(
                        self,
                        rep,
                        slot,
                        need=float(drawn.need[slot]),
                        tolerance=float(drawn.tolerance[slot]),
                        clarity=float(drawn.clarity[slot]),
                        value=float(drawn.value[slot]),
                        relationship=float(relationship[slot]),
                    )
                )
        # Section 5: the accounts not yet won (``customers.unwon_share``) start as empty slots.
        for slot in unwon_slots(scenario).tolist():
            rep = self.reps[slot // per]
            rep.portfolio[slot % per].remove()
            rep.portfolio[slot % per] = None
        for rep in self.reps:
            rep.recent_relationship = rep.mean_relationship()
            rep.recall_book()

        self.revenue_history: list[float] = []
        self.datacollector = mesa.DataCollector(model_reporters=REFERENCE_REPORTERS)
        self.datacollector.collect(self)

    @property
    def rep_set(self) -> mesa.agent.AgentSet:
        return self.agents_by_type[self.rep_type]

    @property
    def customers(self) -> mesa.agent.AgentSet:
        return self.agents_by_type[self.customer_type]

    @property
    def week(self) -> int:
        return self.steps

    def step(self) -> None:
        """One week, phase by phase in the engine's order."""
        reps, customers = self.rep_set, self.customers
        self.start_week()

        customers.do("receive_contacts")
        reps.do("count_wasted_hours")

        # Customers draw their own random numbers, so they act in portfolio (slot) order.
        reps.do("hear_portfolio", "signal_annoyance")
        reps.do("hear_portfolio", "sense_cues")
        reps.do("count_signals")

        reps.do("decide_slots")
        reps.do("settle_week")
        self.revenue_history.append(sum(rep.revenue for rep in self.reps))
        self.replace_churned()

        self.datacollector.collect(self)
        self.make_scheduled_changes()

    def make_scheduled_changes(self) -> None:
        """The scenario's changes due this week, at its end: each rep's effort, perception or
        regulation (and the facet's base) moves by the amount that brings the team's mean to the
        target, within the trait's bounds (effort at least 1 h)."""
        for change in self.params.interventions:
            if change.week != self.week:
                continue
            for name, target in change.changes.items():
                values = [getattr(rep, name) for rep in self.reps]
                shift = float(target) - sum(values) / len(values)
                for rep in self.reps:
                    if name == "effort_hours":
                        rep.effort_hours = max(rep.effort_hours + shift, 1.0)
                        continue
                    # the facet and its base (what coaching adds to) move alike
                    setattr(rep, name, clamp(getattr(rep, name) + shift, 0.0, 1.0))
                    base = f"base_{name}"
                    setattr(rep, base, clamp(getattr(rep, base) + shift, 0.0, 1.0))

    def start_week(self) -> None:
        """The phases before any contact: management, hiring, coaching, planning."""
        reps, customers = self.rep_set, self.customers
        self.manage_team()
        hiring = self.params.hiring
        if hiring.share > 0 and hiring.week > 0 and self.week == hiring.week:
            for index in hired_reps(self.params):
                self.reps[index].hand_over_to_hire()
        reps.do("attend_coaching")

        reps.do("plan_week")
        customers.do("schedule_contacts")
        reps.do("split_hours")

    def manage_team(self) -> None:
        """At each review, raise every rep's effort if the team's revenue fell."""
        m = self.params.management
        history = self.revenue_history
        if m.pressure_step == 0 or (self.week - 1) % m.review_weeks:
            return
        if len(history) < 2 * m.review_weeks:
            return
        recent = sum(history[-m.review_weeks :])
        before = sum(history[-2 * m.review_weeks : -m.review_weeks])
        if recent < before:
            for rep in self.reps:
                rep.effort_hours = min(
                    rep.effort_hours + m.pressure_step, max(rep.effort_hours, m.max_effort)
                )

    def replace_churned(self) -> None:
        """Each churned customer leaves. A new prospect takes the same portfolio position at
        once, or, with ``acquisition_hours`` > 0, the slot stays empty until the rep's
        prospecting fills it (``RefRep.decide_slots``)."""
        s = self.params
        per = s.customers.per_rep
        instant = s.dynamics.acquisition_hours == 0
        leaving = [c for rep in self.reps for c in rep.customers if c.churned]  # slot order
        arriving = (
            [c.slot for c in leaving] if instant else [j for r in self.reps for j in r.filled]
        )
        fresh = draw_customers(self.rng, len(arriving), s)
        # What the rep learned from other customers carries over to a new one as far as the rep
        # perceives that it applies: 1 − D × (1 − the mean restraint over the customers the rep
        # had before this week's churn; 1 if none).
        practice = {}
        for rep in {self.reps[slot // per] for slot in arriving}:
            had = rep.customers
            mean = sum(c.restraint for c in had) / len(had) if had else 1.0
            practice[rep] = 1.0 - rep.detection() * (1.0 - mean)
        for old in leaving:
            old.rep.portfolio[old.slot - old.rep.index * per] = None
            old.remove()
        for i, slot in enumerate(arriving):
            rep = self.reps[slot // per]
            relationship = min(s.customers.prospect_relationship + rep.prospect_warmth(), 1.0)
            customer = self.customer_type(
                self,
                rep,
                slot,
                need=float(fresh.need[i]),
                tolerance=float(fresh.tolerance[i]),
                clarity=float(fresh.clarity[i]),
                value=float(fresh.value[i]),
                relationship=relationship,
            )
            customer.restraint = practice[rep]
            rep.portfolio[slot - rep.index * per] = customer

    def run(self, weeks: int | None = None) -> ReferenceModel:
        """Run ``weeks`` steps (default: the scenario's ``simulation.weeks``)."""
        for _ in range(self.params.simulation.weeks if weeks is None else weeks):
            self.step()
        return self

    def weekly_frame(self):
        """One row per week (week 0 is the starting state), model-level metrics as columns."""
        frame = self.datacollector.get_model_vars_dataframe().reset_index(drop=True)
        frame.insert(0, "week", np.arange(len(frame)))
        return frame
