"""The Rapport model: Mesa agents as the vocabulary, arrays the model owns as the engine.

A week runs its phases in order (``RapportModel.step``): management, hiring, coaching, planning,
contacts, signals, outcomes, data collection; each is a function of the model that works on whole
arrays at once. ``docs/model.md`` explains the rules and the evidence behind them; this
file implements them.
"""

from __future__ import annotations

import copy
import weakref
from typing import Any

import mesa
import numpy as np
import pandas as pd

from sim import kernels, metrics, streams
from sim.agents import CUSTOMER_FIELDS, Customer, SalesRep
from sim.params import CHANNELS, ConfigError, Scenario, checked_changes, checked_seed
from sim.population import (
    HIRE_PROFILE,
    draw_customers,
    draw_initial_relationships,
    draw_team,
    empty_slots,
    hired_reps,
    initial_restraint,
    unwon_slots,
)
from sim.resources import check_memory
from sim.schedule import WeekSchedule, schedule_contacts  # noqa: F401  (WeekSchedule: re-exported)
from sim.state import (
    WEEKLY_FLOWS,
    CustomerState,
    Intervention,
    RepState,
    by_rep,
)

# A model of this many customer slots checks its memory first (``sim.resources.check_memory``).
LARGE = 1_000_000


class RapportModel(mesa.Model):
    """Sales reps and their customers, one step per week.

    Args:
        scenario: validated parameters (``sim.params.Scenario``); defaults if omitted.
        seed: overrides ``scenario.simulation.seed``.
        collect_reps: keep the per-rep table (``rep_frame``); off saves memory in sweeps.
        datacollector: also feed a Mesa ``DataCollector`` every week, as Mesa models do. Without
            it the metrics go into preallocated arrays only, and ``model.datacollector`` is a
            ``DataCollector`` filled from them when asked for (the same data).

    A model holds no reference cycle (its agents and Mesa's bookkeeping point back to it only
    weakly), so dropping the last reference frees its arrays at once, without waiting for the
    garbage collector.
    """

    _params: Scenario  # see ``params``

    def __init__(
        self,
        scenario: Scenario | None = None,
        *,
        seed: int | None = None,
        collect_reps: bool = True,
        datacollector: bool = False,
    ):
        if scenario is not None and not isinstance(scenario, Scenario):
            raise ConfigError(
                f"scenario: expected a sim.params.Scenario (load_scenario(path), Scenario() or "
                f"Scenario().with_values({{...}})), got a {type(scenario).__name__}"
            )
        scenario = scenario or Scenario()
        seed = scenario.simulation.seed if seed is None else checked_seed(seed)
        n, per = scenario.reps.count, scenario.customers.per_rep
        if n * per >= LARGE:
            check_memory(scenario, collect_reps=collect_reps)  # one line, not a MemoryError
        super().__init__(rng=np.random.default_rng(seed))
        self._keep_own_clock()
        self.params = scenario  # also its parameter table (``kernels.parameter_table``)
        self.seed = seed
        self.collect_reps = collect_reps
        self.interventions: list[Intervention] = []
        # The week the new hires arrived and the profiles before it (``rep_frame``)
        self.profiles_before_hire: tuple[int, list[str]] | None = None
        self.churned_total = 0
        self.revenue_history: list[float] = []  # team revenue of each week so far

        # Every week's metrics, in arrays sized for the scenario's weeks (see ``collect``).
        self.record = metrics.WeeklyRecord(scenario.simulation.weeks, n, keep_reps=collect_reps)
        self._datacollector = (
            mesa.DataCollector(model_reporters=metrics.MODEL_REPORTERS) if datacollector else None
        )
        self._datacollector_snapshot: tuple[int, mesa.DataCollector] | None = None

        team = draw_team(self.rng, scenario)
        self.rep_state = RepState(
            profile=team.profile,
            effort_hours=team.effort_hours,
            perception=team.perception,
            regulation=team.regulation,
            base_perception=team.perception.copy(),
            base_regulation=team.regulation.copy(),
            recent_relationship=np.zeros(n),
            push=np.zeros(n),
            **{flow: np.zeros(n) for flow in WEEKLY_FLOWS},
            churned=np.zeros(n, dtype=np.int64),
            active=np.full(n, float(per)),
            joined=np.zeros(n),
        )
        m = n * per
        drawn = draw_customers(self.rng, m, scenario)
        zeros = np.zeros(m)
        contacts = zeros.copy()  # under the rate schedule the plan is what customers get
        self.customer_state = CustomerState(
            owner=np.repeat(np.arange(n), per),
            present=np.ones(m),
            need=drawn.need,
            tolerance=drawn.tolerance,
            clarity=drawn.clarity,
            value=drawn.value,
            relationship=draw_initial_relationships(self.rng, m, scenario),
            irritation=zeros.copy(),
            wear=zeros.copy(),
            pressure=drawn.need.copy(),
            expected_pressure=drawn.need.copy(),
            restraint=initial_restraint(scenario, team, drawn.tolerance),
            contacts=contacts,
            planned=contacts,
            contact_time=zeros.copy(),
            channel_contacts=np.zeros((m, len(CHANNELS)), dtype=np.int64),
            unwanted=zeros.copy(),
            beyond=np.zeros(m, dtype=bool),
            signalled=np.zeros(m, dtype=bool),
            noticed=np.zeros(m, dtype=bool),
            purchased=np.zeros(m, dtype=bool),
            churned=np.zeros(m, dtype=bool),
            customer_id=np.arange(m, dtype=np.int64),
        )
        self.next_customer_id = m
        self.scratch = kernels.Scratch.sized(n, m)  # the kernels' working arrays
        self._stream: tuple[int, int] | None = None  # see ``stream``
        self.churn_log: list[dict[str, np.ndarray]] = []
        self._leave_unwon_slots_empty(unwon_slots(scenario))

        self.reps = [SalesRep(self, i) for i in range(n)]
        # Customer agents are made when first looked at (see sync_customers): a million of them
        # would cost seconds and hundreds of MB that the weekly update never needs.
        self._slot_agents: list[Customer | None] = [None] * m
        self._agent_ids = np.full(m, -1, dtype=np.int64)
        self.collect()
        self.make_scheduled_changes()

    def _leave_unwon_slots_empty(self, slots: np.ndarray) -> None:
        """Section 5: the accounts not yet won (``customers.unwon_share``) start as empty slots;
        each rep's falling yardstick starts at the mean over the customers it has."""
        cs, rs = self.customer_state, self.rep_state
        held = (cs.relationship, cs.pressure, cs.expected_pressure, cs.restraint)
        empty_slots(slots, self.params.customers.per_rep, cs.present, rs.active, *held)
        cs.customer_id[slots] = -1
        rs.recent_relationship = by_rep(self, cs.relationship).sum(axis=1) / rs.active

    def _keep_own_clock(self) -> None:
        """Count weeks here instead of through Mesa's event scheduler.

        ``mesa.Model`` wraps ``step`` in an event list (about 20 µs a week, more than a small
        model's phases) through bound methods and an event generator that hold the model:
        reference cycles that only the garbage collector frees. The model has one event, the
        week, so ``step`` advances ``steps`` and ``time`` itself (``run_for`` and ``run_until``
        step week by week; events scheduled with ``schedule_event`` do not run); Mesa's scenario
        object keeps a weak reference.
        """
        self._default_schedule.stop()
        del self._default_schedule, self.step, self._user_step
        self._event_generators.clear()
        mesa_scenario = self._scenario
        type(mesa_scenario).model.__set__(mesa_scenario, weakref.proxy(self))

    def __getstate__(self) -> dict[str, Any]:
        """For pickle and ``copy.deepcopy``: Mesa's scenario object without its weak proxy to
        the model (a proxy does not pickle; ``__setstate__`` points it at the copy)."""
        state = self.__dict__.copy()
        mesa_scenario = state["_scenario"] = copy.copy(self._scenario)
        type(mesa_scenario).model.__set__(mesa_scenario, None)
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        mesa_scenario = self._scenario
        type(mesa_scenario).model.__set__(mesa_scenario, weakref.proxy(self))

    # --- the week ------------------------------------------------------------------------------

    def step(self) -> None:
        """One week: management, hiring, coaching, planning, contacts, signals, outcomes, data.

        Then the scenario's changes due this week are made (they apply from the next).
        """
        self.steps += 1
        self.time += 1.0
        manage_team(self)
        hire_reps(self)
        coach_reps(self)
        plan_contacts(self)
        contact_customers(self)
        signal_annoyance(self)
        settle_outcomes(self)
        self.collect()
        self.make_scheduled_changes()
        # Mesa's ``run_model`` steps while ``running``: it ends with the scenario's weeks
        # (``run``/``step`` may go on beyond them).
        self.running = self.steps < self.params.simulation.weeks

    def run(self, weeks: int | None = None) -> RapportModel:
        """Run ``weeks`` steps (default: the scenario's ``simulation.weeks``)."""
        if weeks is not None and (
            isinstance(weeks, bool) or not isinstance(weeks, int | np.integer)
        ):  # run("3") and run(2.0) raised Python's TypeErrors, run(True) ran a week
            raise ConfigError(f"run: weeks {weeks!r} is not a whole number of weeks")
        if weeks is not None and weeks < 0:
            raise ConfigError(f"run: weeks {weeks} is negative; give 0 or more")
        for _ in range(self.params.simulation.weeks if weeks is None else weeks):
            self.step()
        return self

    def run_for(self, duration: float | int) -> None:
        """Run ``duration`` weeks (Mesa's name for ``run``; a whole float such as 3.0 too)."""
        self.run(_whole_weeks("run_for: duration", duration))

    def run_until(self, end_time: float | int) -> None:
        """Run until week ``end_time`` (nothing if the model is already there)."""
        self.run(max(_whole_weeks("run_until: end_time", end_time) - self.steps, 0))

    @property
    def week(self) -> int:
        return self.steps

    @property
    def params(self) -> Scenario:
        """The scenario the weeks follow; setting it takes effect from the next phase."""
        return self._params

    @params.setter
    def params(self, scenario: Scenario) -> None:
        if not isinstance(scenario, Scenario):
            raise ConfigError(
                f"params: expected a sim.params.Scenario, got a {type(scenario).__name__}"
            )
        if hasattr(self, "_params"):  # the arrays are sized for these: the kernels wrote past them
            for name in ("reps.count", "customers.per_rep"):
                if scenario.get(name) != self._params.get(name):
                    raise ConfigError(
                        f"params: {name} {scenario.get(name)} is not the model's "
                        f"{self._params.get(name)}; a model keeps its sizes (make a new model)"
                    )
        self._params = scenario
        self.table = kernels.parameter_table([scenario], scenario.reps.count)

    # --- agents ----------------------------------------------------------------------------------

    def sync_customers(self) -> None:
        """Make sure every slot has the ``Customer`` agent of its current customer.

        The weekly phases only touch arrays; agents catch up here, when someone looks at them
        (``agents``, ``agents_by_type``, ``slot_customers``, a rep's ``customers``): slots get
        their agent on first look, and a churned customer's agent leaves the model for the new one
        (an empty slot, id −1, has none).
        """
        ids = self.customer_state.customer_id
        for j in np.flatnonzero(self._agent_ids != ids):
            retired = self._slot_agents[j]
            if retired is not None:
                retired.remove()
            self._slot_agents[j] = Customer(self, int(j), int(ids[j])) if ids[j] >= 0 else None
        self._agent_ids[:] = ids

    @property
    def slot_customers(self) -> list[Customer | None]:
        """The current customer agent of each portfolio slot (None where the slot is empty)."""
        self.sync_customers()
        return self._slot_agents

    @property
    def agents(self):
        self.sync_customers()
        return super().agents

    @property
    def agents_by_type(self):
        self.sync_customers()
        return super().agents_by_type

    def churned_customer(self, customer_id: int) -> dict[str, float]:
        """The last state of a churned customer, from the churn log."""
        for record in self.churn_log:
            hit = np.flatnonzero(record["customer_id"] == customer_id)
            if hit.size:
                return {name: values[hit[0]].item() for name, values in record.items()}
        raise KeyError(f"customer {customer_id} has not churned")

    def churn_frame(self):
        """One row per churned customer: the week, the slot, the owner and their last state."""
        if not self.churn_log:  # the columns and types of a log with rows, for concat and groupby
            whole = {
                name: np.empty(0, np.int64) for name in ("week", "customer_id", "slot", "owner")
            }
            return pd.DataFrame({**whole, **{name: np.empty(0) for name in CUSTOMER_FIELDS}})
        return pd.DataFrame(
            {k: np.concatenate([r[k] for r in self.churn_log]) for k in self.churn_log[0]}
        )

    # --- interventions ---------------------------------------------------------------------------

    def make_scheduled_changes(self) -> None:
        """Make the scenario's changes due now (``interventions`` with ``week`` = this week).

        At the end of a week, as a user would between two weeks, so they apply from the next.
        """
        for change in self.params.interventions:
            if change.week == self.week:
                self.intervene(**change.changes)

    def intervene(self, **changes: float) -> None:
        """Set team means of ``effort_hours``, ``perception`` or ``regulation`` from next week on.

        Each rep's value moves by the same amount, so differences between reps remain; a facet's
        base (what a coaching programme adds its gain to) moves by that amount too, so that the
        team's mean is the target after a programme as well.

        Raises ConfigError for a value a scenario file's ``interventions`` would refuse.
        """
        rs = self.rep_state
        changes = checked_changes(changes)
        for name, target in changes.items():
            values = getattr(rs, name)
            shift = float(target) - values.mean()
            if name == "effort_hours":
                rs.effort_hours = np.clip(values + shift, 1.0, None)
            else:
                setattr(rs, name, np.clip(values + shift, 0.0, 1.0))
                base = getattr(rs, f"base_{name}")
                base += shift
                np.clip(base, 0.0, 1.0, out=base)
        if self.interventions and self.interventions[-1].week == self.week:
            self.interventions[-1].changes.update(changes)  # one intervention per week
        else:
            self.interventions.append(Intervention(self.week, dict(changes)))

    # --- data ------------------------------------------------------------------------------------

    def collect(self) -> None:
        """Record this week's model-level metrics and, if kept, the per-rep values."""
        self.record.append(self)
        if self._datacollector is not None:
            self._datacollector.collect(self)

    @property
    def datacollector(self) -> mesa.DataCollector:
        """A Mesa ``DataCollector`` with every week's metrics so far (``model_vars``).

        The one fed every week if the model was made with ``datacollector=True``; otherwise one
        filled from the recorded arrays when first asked for in a week (the same values).
        """
        if self._datacollector is not None:
            return self._datacollector
        if self._datacollector_snapshot is None or self._datacollector_snapshot[0] != self.steps:
            collector = mesa.DataCollector(model_reporters=metrics.MODEL_REPORTERS)
            collector.model_vars = {k: v.tolist() for k, v in self.record.columns().items()}
            # The model times at which a weekly collector would have collected (week 0 to now):
            # Mesa's ``batch_run`` reads its rows at these, and found none without them.
            collector._collection_steps = [float(week) for week in range(self.record.rows)]
            self._datacollector_snapshot = (self.steps, collector)
        return self._datacollector_snapshot[1]

    def weekly_frame(self):
        """One row per week (week 0 is the starting state), model-level metrics as columns."""
        return self.record.frame()

    def rep_frame(self):
        """One row per rep and week."""
        return self.record.rep_frame(self.rep_state.profile, self.profiles_before_hire)

    def summary(self) -> dict[str, Any]:
        """The final week's metrics."""
        return {"week": self.record.rows - 1, **self.record.last()}


# --- helpers -------------------------------------------------------------------------------------


def _whole_weeks(what: str, value: Any) -> int:
    """``value`` as a whole number of weeks: Mesa's ``run_for`` and ``run_until`` take model
    times, which are floats, so 3.0 is 3; "3", 2.5, NaN and True are refused naming the value
    (``int()`` read "3" as 3 weeks, cut 2.5 to 2 and ran a week for True)."""
    if isinstance(value, int | np.integer) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float | np.floating) and np.isfinite(value) and float(value).is_integer():
        return int(value)
    raise ConfigError(f"{what} {value!r} is not a whole number of weeks")


# --- the phases of a week -------------------------------------------------------------------------


def manage_team(model: RapportModel) -> None:
    """Manage: at each review, a manager whose team's revenue fell raises everyone's effort.

    Reviews happen every ``review_weeks`` weeks and compare the team's total revenue over the
    last review period with the period before it (so the first review that can act is after two
    periods).
    """
    m = model.params.management
    week = model.week
    history = model.revenue_history
    if m.pressure_step == 0 or (week - 1) % m.review_weeks or len(history) < 2 * m.review_weeks:
        return
    recent = sum(history[-m.review_weeks :])
    before = sum(history[-2 * m.review_weeks : -m.review_weeks])
    if recent < before:
        rs = model.rep_state
        rs.effort_hours = np.minimum(
            rs.effort_hours + m.pressure_step, np.maximum(rs.effort_hours, m.max_effort)
        )


def hire_reps(model: RapportModel) -> None:
    """Hire: in the hiring week, new hires replace part of the team and take its portfolios.

    A hire brings their own empathy and does not know the customers' signals yet (restraint 1).
    """
    h = model.params.hiring
    if h.share == 0 or h.week == 0 or model.week != h.week:
        return
    rs, cs = model.rep_state, model.customer_state
    model.profiles_before_hire = (model.week, list(rs.profile))
    for i in hired_reps(model.params):
        rs.profile[i] = HIRE_PROFILE
        rs.joined[i] = model.week - 1  # weeks run before they came
        rs.perception[i] = rs.base_perception[i] = h.perception
        rs.regulation[i] = rs.base_regulation[i] = h.regulation
        by_rep(model, cs.restraint)[i] = by_rep(model, cs.present)[i]  # 1, an empty slot's 0


def coach_reps(model: RapportModel) -> None:
    """Coach: an empathy programme raises perception and regulation and costs training hours.

    A rep gains as much of the programme's gain as they attended: a new hire who came after it
    gains nothing from it, one who came during it the part from their first week on.
    """
    c = model.params.coaching
    rs = model.rep_state
    week = model.week  # the week now being simulated (1-based)
    end = c.start_week + c.duration_weeks
    attended = (min(week, end) - np.maximum(c.start_week, rs.joined)) / c.duration_weeks
    progress = np.minimum(np.maximum(attended, 0.0), 1.0)
    in_programme = c.start_week < week <= end
    coaching = c.perception_gain > 0 or c.regulation_gain > 0
    # Training takes its hours from the rep's week, at most all of them (a rep working 10 h
    # trains 10 h of a 40 h programme), so hours by use add up to the effort.
    hours = c.hours_per_week if (coaching and in_programme) else 0.0
    np.minimum(hours, rs.effort_hours, out=rs.training_hours)
    if coaching:
        rs.perception = np.clip(rs.base_perception + c.perception_gain * progress, 0.0, 1.0)
        rs.regulation = np.clip(rs.base_regulation + c.regulation_gain * progress, 0.0, 1.0)


def plan_contacts(model: RapportModel) -> None:
    """Plan: each rep splits the week's effort into contacts, value work and prospecting.

    The plan spreads contact hours evenly over the portfolio; a customer whose signal the rep
    noticed gets a reduced share (``restraint``), and the freed hours go to value work and
    prospecting. Restraint drifts back toward the plan as the rep forgets, the less the more
    perceptive the rep (what they learned fades only as far as they fail to perceive:
    forgetting × (1 − D(perception))); a pushing rep drops it faster (ignores the hints). A rep
    whose relationships are falling shifts non-contact hours into contacts, the less the better
    their emotion regulation. The arithmetic is ``sim.kernels.plan_contacts``.
    """
    s = model.params
    rs, cs = model.rep_state, model.customer_state
    kernels.plan_contacts(model.table, s.customers.per_rep, cs, rs, model.scratch)
    if s.channels.schedule == "discrete":
        c = s.channels
        # One (rounding, offset) pair of uniforms per rep and channel, reps in order.
        u = model.rng.random((rs.effort_hours.size, len(CHANNELS), 2))
        week = schedule_contacts(
            model.scratch.budget,
            model.scratch.available,
            by_rep(model, cs.restraint),
            c.hours,
            c.shares,
            c.weights,
            u,
            by_rep(model, cs.present),
        )
        cs.channel_contacts = week.counts.reshape(-1, len(CHANNELS))
        cs.contacts = week.felt.ravel()
        cs.planned = week.planned.ravel()
        cs.contact_time = week.hours.ravel()
        rs.contact_hours[:] = np.add.reduce(week.hours, axis=1)
        kernels.split_hours(model.table, rs, model.scratch)


def contact_customers(model: RapportModel) -> None:
    """Contact: contacts within tolerance build the relationship, beyond it they irritate.

    A customer judges the contact rate over the last ``memory_weeks``; the share of this week's
    contacts above their tolerance is unwanted. Being over-contacted leaves a lasting trace
    (``wear``, a slow twin of irritation) that lowers the tolerance: a customer who was pestered
    bears fewer contacts afterwards (sensitisation). Welcome contacts raise the relationship
    toward 1 (reciprocity, diminishing as it matures), scaled by contact quality from value work.
    Unwanted contacts add irritation, damped by the rep's regulation; irritation erodes the
    relationship; every relationship decays a little each week, so a customer contacted less
    than they want drifts away (neglect). The arithmetic is ``sim.kernels.contact_customers``.
    """
    kernels.contact_customers(
        model.table,
        model.params.customers.per_rep,
        model.customer_state,
        model.rep_state,
        model.scratch,
    )


def signal_annoyance(model: RapportModel) -> None:
    """Signal: over-contacted or irritated customers send subtle signals; perceptive reps
    notice and back off.

    What a customer signals is that they want fewer contacts: the chance rises with this week's
    unwanted contacts (relative to the welcome rate) and with their irritation, however calm the
    rep. Each such customer, in slot order, draws two uniforms: whether they signal, and whether
    their rep notices. Other customers draw nothing (they have nothing to signal), except, with
    early cues on (``cue_onset`` < 1), calm customers nearing their limit: they draw their two
    uniforms after the signalling ones, in slot order, and show a cue that only the rep's
    perception picks up. The rep cuts a noticed customer's contacts to ``backoff`` × the rate the
    customer has felt lately under the plan (``expected_pressure``: the felt rate over the
    planned contacts, not the whole ones, which under a discrete schedule leave a week without a
    contact at 0), not × the plan: a cut already made is not compounded while the customer's
    memory catches up; a signal from a customer within their tolerance this
    week is lingering irritation, which a perceptive rep reads so and cuts only (1 − D) of. With
    ``cut_reading`` > 0 a cut is only as deep as the rep reads the hint (clarity, else
    perception). The arithmetic is ``sim.kernels.signal_annoyance``.
    """

    def draw(
        annoyed: np.ndarray, u_signal: np.ndarray, near: np.ndarray, u_cue: np.ndarray
    ) -> None:
        streams.fill(stream(model), u_signal.reshape(-1))  # as rng.random(out=u_signal)
        streams.fill(stream(model), u_cue.reshape(-1))

    kernels.signal_annoyance(
        model.table,
        model.params.customers.per_rep,
        model.customer_state,
        model.rep_state,
        draw,
        model.scratch,
    )


def settle_outcomes(model: RapportModel) -> None:
    """Settle: purchases (chance rises with the relationship), churn (hazard rises as it falls).

    A churned customer leaves the portfolio and a new prospect takes the slot, starting at a low
    relationship that the rep's prospecting warms up; what the rep learned from other customers
    (their mean restraint) carries over to the new one only as far as the rep perceives it. With
    ``acquisition_hours`` > 0 the slot stays empty until the rep's prospecting wins a new
    customer for it (``sim.kernels.settle_outcomes``).
    """
    s = model.params
    per = s.customers.per_rep
    rs, cs = model.rep_state, model.customer_state
    u = model.scratch.uniforms  # per customer in slot order: buy, churn (an empty slot: fill)
    streams.fill(stream(model), u.reshape(-1))  # as model.rng.random(out=u)
    slots, fills = kernels.settle_outcomes(model.table, per, cs, rs, u, cs.churned, model.scratch)
    slots, fills = slots.copy(), fills.copy()
    model.revenue_history.append(float(rs.revenue.sum()))
    model.churned_total += slots.size
    if slots.size == 0 and fills.size == 0:
        return
    if slots.size:  # a week that only fills empty slots logs nothing
        model.churn_log.append(
            {
                "week": np.full(slots.size, model.week),
                "customer_id": cs.customer_id[slots],
                "slot": slots,
                "owner": cs.owner[slots],
                **{name: getattr(cs, name)[slots] for name in CUSTOMER_FIELDS},
            }
        )
    cs.customer_id[slots] = -1  # until a new customer takes the slot, now or later
    cs.customer_id[fills] = model.next_customer_id + np.arange(fills.size)
    model.next_customer_id += fills.size
    # New prospects: three standard normals each (need, tolerance, value), as ``draw_customers``.
    z = model.rng.standard_normal((3, fills.size))
    kernels.new_prospects(model.table, per, cs, rs, fills, z)
    kernels.vacate(model.table, per, cs, rs, slots)


def stream(model: RapportModel) -> int:
    """Where ``model.rng`` keeps its state, for the draws made in compiled code (``sim.streams``:
    numpy's numbers, faster, continuing the generator in place).

    Looked up again whenever the generator's state has moved: the generator was replaced (mesa's
    ``reset_rng``) or the model copied (``copy.deepcopy``, pickle), whose generator lives elsewhere.
    """
    where = model.rng.bit_generator.ctypes.state_address
    if model._stream is None or model._stream[0] != where:
        model._stream = (where, streams.address_of(model.rng))
    return model._stream[1]
