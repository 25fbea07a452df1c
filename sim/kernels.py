"""The per-customer arithmetic of a week's hot phases as compiled loops, shared by every engine.

``sim.model`` (one run) and ``sim.batch`` (many worlds stacked) call the same functions here, so a
world of a batch equals its single run to the bit: both hand over the same numbers in the same
order. Each function is one phase's rules of ``docs/model.md`` section 7 written customer by
customer, in one pass over the customers where numpy needed a dozen passes over whole arrays
(each pass costs ~0.5 µs of call overhead in a small model and a trip through memory in a large
one). Random numbers are never drawn here: the callers draw them from each run's own generator
(numpy's stream, computed in compiled code by ``sim.streams``), in the order section 5 states, and
pass them in.

Layout. Customers are stacked by rep (slot ``j`` belongs to rep ``j // per``), reps by world, so a
kernel walks rep by rep and then over that rep's ``per`` customers. Parameters come as a table
with one row per rep (``parameter_table``): a world's values repeated for each of its reps, so a
batch of worlds with different parameters is a table with different rows.

Compiled with numba (``@njit(cache=True)``): ``cache=True`` writes the machine code next to this
file (``__pycache__``) so that only the first process after a change compiles (several seconds,
see README "Speed"); every later process, every pytest worker and every sweep worker loads it
(about 0.2 s for all kernels). ``make setup`` compiles once (``sim.batch.warm_up``).
``error_model="numpy"``: a division by zero gives inf or nan as numpy's did, instead of a check
and an exception at every division (3× slower loops). No ``parallel=True``: the machine's cores
go to processes (sweep workers), not threads inside one run.

The public functions take the model's state (``c``: per-customer arrays, ``r``: per-rep ones) and
call the compiled loops (``_name``); two of them put numpy's vectorised ``expm1``/``exp`` between
two compiled passes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

import numpy as np
from numba import njit

from sim.params import Scenario


class P(IntEnum):
    """Columns of the parameter table (numba reads the members as constants)."""

    MEMORY_WEEKS = 0
    SENSITISATION = 1
    PURCHASE_RATE = 2
    CHURN_HAZARD = 3
    WEAR_KEEP = 4
    DECAY_KEEP = 5
    FALLING_SCALE = 6
    RECENT_WEIGHT = 7
    PUSHINESS = 8
    STEEPNESS = 9
    FORGETTING = 10
    CONTACT_SHARE = 11
    OTHER_SHARE = 12
    HOURS_PER_CONTACT = 13
    PROSPECTING_SHARE = 14
    QUALITY_GAIN = 15
    QUALITY_HOURS = 16
    RECIPROCITY = 17
    IRRITATION_PER_CONTACT = 18
    REGULATION_PROTECTION = 19
    IRRITATION_KEEP = 20
    EROSION = 21
    SIGNAL_IRRITATION = 22
    BACKOFF = 23
    PROSPECT_REVENUE = 24
    CUE_ONSET = 25
    CUE_SPAN = 26
    DISCRETE = 27
    NEED = 28
    NEED_SPREAD = 29
    NEED_SHIFT = 30
    TOLERANCE_EXCESS = 31
    TOLERANCE_SPREAD = 32
    TOLERANCE_SHIFT = 33
    VALUE = 34
    VALUE_SPREAD = 35
    VALUE_SHIFT = 36
    CLARITY = 37
    PROSPECT_WARMTH = 38
    PROSPECT_HOURS = 39
    PROSPECT_RELATIONSHIP = 40
    ACQUISITION_HOURS = 41
    CUT_READING = 42
    HEARD_RELIEF = 43


def lognormal_shift(spread: float) -> float:
    """The shift of a log-normal draw's location that keeps its mean at the scenario's value
    (``mean × exp(spread × z − spread² / 2)``; section 5)."""
    return spread**2 / 2


def parameter_row(s: Scenario) -> list[float]:
    """One world's row of the parameter table, in the order of ``P``.

    Derived values (``1 − wear_fade``, ``tolerance − 1`` ...) are computed here
    once, the same way for a single run and for a batch.
    """
    d, c, r = s.dynamics, s.customers, s.reps
    row = {
        P.MEMORY_WEEKS: c.memory_weeks,
        P.SENSITISATION: d.sensitisation,
        P.PURCHASE_RATE: d.purchase_rate,
        P.CHURN_HAZARD: d.churn_hazard,
        P.WEAR_KEEP: 1.0 - d.wear_fade,
        P.DECAY_KEEP: 1.0 - d.decay,
        P.FALLING_SCALE: d.falling_scale,
        P.RECENT_WEIGHT: d.recent_weight,
        P.PUSHINESS: r.pushiness,
        P.STEEPNESS: d.detection_steepness,
        P.FORGETTING: r.forgetting,
        P.CONTACT_SHARE: r.contact_share,
        P.OTHER_SHARE: 1.0 - r.contact_share,
        P.HOURS_PER_CONTACT: d.hours_per_contact,
        P.PROSPECTING_SHARE: r.prospecting_share,
        P.QUALITY_GAIN: d.quality_gain,
        P.QUALITY_HOURS: d.quality_hours,
        P.RECIPROCITY: d.reciprocity,
        P.IRRITATION_PER_CONTACT: d.irritation_per_contact,
        P.REGULATION_PROTECTION: d.regulation_protection,
        P.IRRITATION_KEEP: 1.0 - d.irritation_fade,
        P.EROSION: d.erosion,
        P.SIGNAL_IRRITATION: d.signal_irritation,
        P.BACKOFF: r.backoff,
        P.PROSPECT_REVENUE: d.prospect_revenue,
        # Early cues only where the onset is below 1 (the span is unused elsewhere).
        P.CUE_ONSET: d.cue_onset,
        P.CUE_SPAN: 1.0 - d.cue_onset if d.cue_onset < 1.0 else 1.0,
        P.DISCRETE: 1.0 if s.channels.schedule == "discrete" else 0.0,
        # New prospects (section 5's log-normal draws, ``sim.population.draw_customers``).
        P.NEED: c.need,
        P.NEED_SPREAD: c.need_spread,
        P.NEED_SHIFT: lognormal_shift(c.need_spread),
        P.TOLERANCE_EXCESS: c.tolerance - 1.0,
        P.TOLERANCE_SPREAD: c.tolerance_spread,
        P.TOLERANCE_SHIFT: lognormal_shift(c.tolerance_spread),
        P.VALUE: c.value,
        P.VALUE_SPREAD: c.value_spread,
        P.VALUE_SHIFT: lognormal_shift(c.value_spread),
        P.CLARITY: c.signal_clarity,
        P.PROSPECT_WARMTH: d.prospect_warmth,
        P.PROSPECT_HOURS: d.prospect_hours,
        P.PROSPECT_RELATIONSHIP: c.prospect_relationship,
        P.ACQUISITION_HOURS: d.acquisition_hours,
        P.CUT_READING: r.cut_reading,
        P.HEARD_RELIEF: d.heard_relief,
    }
    return [float(row[p]) for p in COLUMNS]


COLUMNS = tuple(P)  # iterating the enum itself cost a tenth of a world's set-up


def parameter_table(scenarios: Sequence[Scenario], reps: int) -> np.ndarray:
    """The parameter table of stacked worlds: ``reps`` rows per scenario, columns ``P``."""
    known: dict[int, list[float]] = {}  # worlds of one scenario (replications) share its row
    for s in scenarios:
        if id(s) not in known:
            known[id(s)] = parameter_row(s)
    rows = np.array([known[id(s)] for s in scenarios], dtype=float)
    return np.ascontiguousarray(np.repeat(rows, reps, axis=0))


# The kernels' wrappers take the per-customer arrays as ``c`` (a ``CustomerState`` or a batch's
# ``Worlds``) and the per-rep ones as ``r`` (a ``RepState`` or ``Worlds``): anything with those
# arrays under the names of ``sim.state``.
Customers = Any
Reps = Any

# Fills the uniforms of the annoyed and the near customers: (annoyed, u_signal, near, u_cue).
Draw = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray], None]


@dataclass
class Scratch:
    """A week's working arrays, allocated once per model or batch (pages that are never
    written, such as the cues' when no world has early cues, cost no memory)."""

    budget: np.ndarray  # per rep: this week's contact hours
    available: np.ndarray  # per rep: hours left after training
    annoyed: np.ndarray  # slots of the customers who may signal, in order
    near: np.ndarray  # slots of the calm customers who may show a cue
    uniforms: np.ndarray  # (customers, 2): the signals' uniforms, later the outcomes'
    cue_uniforms: np.ndarray
    exponents: np.ndarray  # (3, customers): a phase's exponents, the signals' in rows 0 and 1
    slots: np.ndarray  # churned slots
    fills: np.ndarray  # slots that get a new prospect

    @classmethod
    def sized(cls, reps: int, customers: int) -> Scratch:
        return cls(
            budget=np.empty(reps),
            available=np.empty(reps),
            annoyed=np.empty(customers, dtype=np.int64),
            near=np.empty(customers, dtype=np.int64),
            uniforms=np.empty((customers, 2)),
            cue_uniforms=np.empty((customers, 2)),
            exponents=np.empty((3, customers)),
            slots=np.empty(customers, dtype=np.int64),
            fills=np.empty(customers, dtype=np.int64),
        )


@njit(cache=True, error_model="numpy")
def detection(perception: float, steepness: float) -> float:
    """``D(p)``, the chance that a rep of perception ``p`` picks up a subtle signal (7.3)."""
    return 1.0 / (1.0 + math.exp(-steepness * (perception - 0.5)))


@njit(cache=True, error_model="numpy")
def portfolio_total(values: np.ndarray, first: int, per: int) -> float:
    """The sum of ``values[first : first + per]``, in four running sums (a single running sum
    waits on each addition; four keep the processor busy). Both engines add in this order.
    Over a view indexed from 0 (see below): a quarter faster than indexing ``first + i``."""
    part = values[first : first + per]
    s0 = s1 = s2 = s3 = 0.0
    whole = per - per % 4
    for i in range(0, whole, 4):
        s0 += part[i]
        s1 += part[i + 1]
        s2 += part[i + 2]
        s3 += part[i + 3]
    for i in range(whole, per):
        s0 += part[i]
    return (s0 + s1) + (s2 + s3)


# The hot loops run over views of the customers they touch (``values[lo:hi]``, indexed from 0):
# numba wraps a negative index around, and only for an index it knows is not negative (one from
# ``range``) can the compiler drop that and turn the loop into vector instructions. Indexed as
# ``first + i``, the loops stayed scalar. Passes whose per-rep numbers are the same for many reps
# run over all of them at once (``_alike``): a rep's 40 customers are few for a wide vector loop.

# --- 7.1 plan_contacts ---------------------------------------------------------------------------


def plan_contacts(params: np.ndarray, per: int, c: Customers, r: Reps, scratch: Scratch) -> None:
    """Section 7.1, steps 1–6 (``_plan_contacts``); the reps' ``available`` hours and contact
    ``budget`` stay in the scratch for a discrete schedule (``sim.schedule.schedule_contacts``)."""
    _plan_contacts(
        params, per, c.relationship, c.restraint, c.present, r.active, r.recent_relationship,
        r.regulation, r.perception, r.effort_hours, r.training_hours, r.push, scratch.budget,
        scratch.available, c.contacts, c.planned, r.contact_hours, r.prospecting_hours,
        r.value_hours,
    )  # fmt: skip


def split_hours(params: np.ndarray, r: Reps, scratch: Scratch) -> None:
    """Section 7.1 step 6 after a discrete schedule has set the reps' ``contact_hours``."""
    _split_hours(params, scratch.available, r.contact_hours, r.prospecting_hours, r.value_hours)


@njit(cache=True, error_model="numpy")
def _plan_contacts(
    params: np.ndarray,
    per: int,
    relationship: np.ndarray,
    restraint: np.ndarray,
    present: np.ndarray,
    active: np.ndarray,
    recent_relationship: np.ndarray,
    regulation: np.ndarray,
    perception: np.ndarray,
    effort_hours: np.ndarray,
    training_hours: np.ndarray,
    push: np.ndarray,
    budget: np.ndarray,
    available: np.ndarray,
    contacts: np.ndarray,
    planned: np.ndarray,
    contact_hours: np.ndarray,
    prospecting_hours: np.ndarray,
    value_hours: np.ndarray,
) -> None:
    """Section 7.1, steps 1–6: falling relationships, push, restraint, the week's budget.

    Writes each rep's ``push``, ``available`` hours and contact-hour ``budget``
    (``available × share``) and the restraint of its customers. Reps under the ``rate`` schedule
    also get their contacts (``contacts`` = ``planned``) and their hours split; reps of the
    ``discrete`` schedule leave that to ``sim.schedule.schedule_contacts`` and ``split_hours``.

    The mean relationship is over the customers a rep has (``active`` of them; an empty slot
    holds relationship 0); a rep with none feels nothing fall. The rate is the cadence of a full
    book (the budget over all ``per`` slots): an empty slot's restraint is 0, so its share of the
    plan is not made and its hours go to prospecting and value work, like hours freed by
    restraint.
    """
    for r in range(params.shape[0]):
        p = params[r]
        first = r * per
        customers = active[r]
        recent = recent_relationship[r]
        current = portfolio_total(relationship, first, per) / customers if customers else recent
        falling = min(max((recent - current) / p[P.FALLING_SCALE], 0.0), 1.0)
        recent_relationship[r] = recent + p[P.RECENT_WEIGHT] * (current - recent)
        pushing = p[P.PUSHINESS] * (1.0 - regulation[r]) * falling
        push[r] = pushing
        keeps = detection(perception[r], p[P.STEEPNESS])
        recovery = min(p[P.FORGETTING] * (1.0 - keeps) + pushing, 1.0)
        free = max(effort_hours[r] - training_hours[r], 0.0)
        available[r] = free
        hours = free * (p[P.CONTACT_SHARE] + p[P.OTHER_SHARE] * pushing)
        budget[r] = hours
        rate = hours / (p[P.HOURS_PER_CONTACT] * per)
        last = first + per
        if customers == per:  # no empty slot: no mask to read (a stream of memory saved)
            _recover(recovery, restraint[first:last])
        else:
            _recover_present(recovery, restraint[first:last], present[first:last])
        if p[P.DISCRETE] == 0.0:
            _plan_rates(rate, restraint[first:last], contacts[first:last], planned[first:last])
            spent = portfolio_total(contacts, first, per)
            contact_hours[r] = p[P.HOURS_PER_CONTACT] * spent
            other = max(free - contact_hours[r], 0.0)  # rounding must not make it negative
            prospecting_hours[r] = other * p[P.PROSPECTING_SHARE]
            value_hours[r] = other - prospecting_hours[r]


@njit(cache=True, error_model="numpy")
def _recover(recovery: float, restraint: np.ndarray) -> None:
    """Each customer's restraint recovers by ``recovery`` of the way to 1 (7.1 step 4)."""
    for j in range(restraint.size):
        restraint[j] += recovery * (1.0 - restraint[j])  # at 1 a customer stays there


@njit(cache=True, error_model="numpy")
def _recover_present(recovery: float, restraint: np.ndarray, present: np.ndarray) -> None:
    """``_recover`` for a portfolio with empty slots (``present`` 0), whose restraint stays 0."""
    for j in range(restraint.size):
        restraint[j] += recovery * (1.0 - restraint[j]) * present[j]


@njit(cache=True, error_model="numpy")
def _plan_rates(
    rate: float, restraint: np.ndarray, contacts: np.ndarray, planned: np.ndarray
) -> None:
    """The rate schedule's contacts (and plan): ``rate`` × each customer's restraint."""
    for j in range(restraint.size):
        contacts[j] = rate * restraint[j]
        planned[j] = contacts[j]


@njit(cache=True, error_model="numpy")
def _split_hours(
    params: np.ndarray,
    available: np.ndarray,
    contact_hours: np.ndarray,
    prospecting_hours: np.ndarray,
    value_hours: np.ndarray,
) -> None:
    """Section 7.1 step 6 for every rep: the hours left after contacts go to prospecting and
    value work (after a discrete schedule has set ``contact_hours``)."""
    for r in range(params.shape[0]):
        other = max(available[r] - contact_hours[r], 0.0)
        prospecting_hours[r] = other * params[r, P.PROSPECTING_SHARE]
        value_hours[r] = other - prospecting_hours[r]


# --- 7.2 contact_customers -----------------------------------------------------------------------


def contact_customers(
    params: np.ndarray, per: int, c: Customers, r: Reps, scratch: Scratch
) -> None:
    """Section 7.2: felt rate, worn tolerance, welcome and unwanted contacts, reciprocity,
    irritation and wear, erosion and decay; each rep's wasted hours.

    Two compiled passes around numpy's vectorised ``expm1`` and ``exp`` (a compiled loop calls
    the C library's scalar ones, 3–4× slower per customer); the scratch's ``exponents`` carry
    each customer's reciprocity and erosion exponents between them.
    """
    growth, erosion, waste = scratch.exponents
    _contact_exponents(
        params, per, c.contacts, c.planned, c.contact_time, c.need, c.tolerance, c.pressure,
        c.expected_pressure, c.irritation, c.wear, c.unwanted, c.beyond, r.regulation,
        r.value_hours, r.active, r.wasted_hours, growth, erosion, waste,
    )  # fmt: skip
    np.expm1(growth, out=growth)
    np.exp(erosion, out=erosion)
    _relate(params, per, growth, erosion, c.relationship)


@njit(cache=True, error_model="numpy")
def _contact_exponents(
    params: np.ndarray,
    per: int,
    contacts: np.ndarray,
    planned: np.ndarray,
    contact_time: np.ndarray,
    need: np.ndarray,
    tolerance: np.ndarray,
    pressure: np.ndarray,
    expected_pressure: np.ndarray,
    irritation: np.ndarray,
    wear: np.ndarray,
    unwanted: np.ndarray,
    beyond: np.ndarray,
    regulation: np.ndarray,
    value_hours: np.ndarray,
    active: np.ndarray,
    wasted_hours: np.ndarray,
    growth: np.ndarray,
    erosion: np.ndarray,
    waste: np.ndarray,
) -> None:
    """Section 7.2 steps 1–5 and 7 (``waste``: each customer's wasted contacts or hours) and the
    exponents of steps 4 (``growth``: −reciprocity × q × felt) and 6 (``erosion``: −erosion ×
    irritation, 0 for customers without irritation). Step 1 also moves the felt rate the plan
    leads the customer to expect (``expected_pressure``, over the ``planned`` contacts; the same
    numbers as ``pressure`` under the rate schedule, where the plan is what customers get).

    Each rep's reciprocity (−reciprocity × q) and harm per unwanted contact go into its
    customers' ``growth`` and ``erosion`` first; the customers' pass then runs over every rep
    whose table rows agree (``_alike``: a whole team, or worlds of the same dynamics) at once.
    A rep's 40 customers were too few for the compiler's vector loop, which needs 48: each
    customer's seven divisions ran one at a time. Value work is shared by the customers the rep
    has (an empty slot gets no contacts, so it stays at relationship 0 without a branch).
    """
    reps = params.shape[0]
    for r in range(reps):
        p = params[r]
        customers = max(active[r], 1.0)
        quality = 1.0 + p[P.QUALITY_GAIN] * (
            1.0 - math.exp(-(value_hours[r] / customers) / p[P.QUALITY_HOURS])
        )
        warmth = -(p[P.RECIPROCITY] * quality)
        harm = p[P.IRRITATION_PER_CONTACT] * (1.0 - p[P.REGULATION_PROTECTION] * regulation[r])
        first = r * per
        for i in range(per):
            growth[first + i] = warmth
            erosion[first + i] = harm
    start = 0
    while start < reps:
        stop = _alike(params, start, CONTACT_COLUMNS)
        p = params[start]
        lo, hi = start * per, stop * per
        _contact_run(
            p[P.MEMORY_WEEKS], p[P.SENSITISATION], p[P.IRRITATION_KEEP], p[P.WEAR_KEEP],
            -p[P.EROSION], p[P.DISCRETE] != 0.0, contacts[lo:hi], planned[lo:hi],
            contact_time[lo:hi], need[lo:hi], tolerance[lo:hi], pressure[lo:hi],
            expected_pressure[lo:hi], irritation[lo:hi], wear[lo:hi], unwanted[lo:hi],
            beyond[lo:hi], growth[lo:hi], erosion[lo:hi], waste[lo:hi],
        )  # fmt: skip
        start = stop
    for r in range(reps):
        wasted = portfolio_total(waste, r * per, per)
        discrete = params[r, P.DISCRETE] != 0.0
        wasted_hours[r] = wasted if discrete else params[r, P.HOURS_PER_CONTACT] * wasted


@njit(cache=True, error_model="numpy")
def _contact_run(
    memory: float,
    sensitisation: float,
    keep: float,
    wear_keep: float,
    eroding: float,
    discrete: bool,
    contacts: np.ndarray,
    planned: np.ndarray,
    contact_time: np.ndarray,
    need: np.ndarray,
    tolerance: np.ndarray,
    pressure: np.ndarray,
    expected_pressure: np.ndarray,
    irritation: np.ndarray,
    wear: np.ndarray,
    unwanted: np.ndarray,
    beyond: np.ndarray,
    growth: np.ndarray,
    erosion: np.ndarray,
    waste: np.ndarray,
) -> None:
    """``_contact_exponents``'s pass over the customers of reps with the same dynamics (views of
    their slots: indices from 0, which the compiler knows are not negative, so it vectorises)."""
    for j in range(contacts.size):
        c = contacts[j]
        felt_rate = pressure[j] + (c - pressure[j]) / memory
        pressure[j] = felt_rate
        expected_pressure[j] += (planned[j] - expected_pressure[j]) / memory
        limit = tolerance[j] / (1.0 + sensitisation * wear[j])
        beyond[j] = felt_rate > limit
        # No branches: for a customer within tolerance and without irritation every step below
        # adds 0, divides or multiplies by 1 (cheaper than a mispredicted branch).
        over = max(1.0 - limit / felt_rate, 0.0)
        excess = c * over
        unwanted[j] = excess
        annoyed = irritation[j]
        felt = (c - excess) / need[j] / (1.0 + annoyed)  # reactance blunts reciprocity
        growth[j] = growth[j] * felt  # the rep's warmth × felt
        felt_harm = erosion[j] * excess / need[j]  # the rep's harm × excess / need
        annoyed = annoyed * keep + felt_harm
        irritation[j] = annoyed
        wear[j] = wear[j] * wear_keep + felt_harm
        erosion[j] = eroding * annoyed
        waste[j] = over * contact_time[j] if discrete else excess


# The table's columns ``_contact_exponents`` reads once for a run of reps.
CONTACT_COLUMNS = (
    P.MEMORY_WEEKS,
    P.SENSITISATION,
    P.IRRITATION_KEEP,
    P.WEAR_KEEP,
    P.EROSION,
    P.DISCRETE,
)


@njit(cache=True, error_model="numpy")
def _alike(params: np.ndarray, start: int, columns: tuple[int, ...]) -> int:
    """The end of the run of reps from ``start`` whose rows hold the very same numbers (bit for
    bit) in ``columns`` as ``start``'s: a team always, stacked worlds where their values agree."""
    bits = params.view(np.uint64)
    stop = start + 1
    while stop < params.shape[0]:
        for column in columns:
            if bits[stop, column] != bits[start, column]:
                return stop
        stop += 1
    return stop


@njit(cache=True, error_model="numpy")
def _relate(
    params: np.ndarray, per: int, growth: np.ndarray, erosion: np.ndarray, relationship: np.ndarray
) -> None:
    """Section 7.2 steps 4 and 6 from the exponentials: reciprocity's gain ``−expm1(growth)``,
    then erosion and decay (reps of the same decay at once, ``_alike``)."""
    start = 0
    while start < params.shape[0]:
        stop = _alike(params, start, RELATE_COLUMNS)
        lo, hi = start * per, stop * per
        _relate_run(params[start, P.DECAY_KEEP], growth[lo:hi], erosion[lo:hi], relationship[lo:hi])
        start = stop


# The table's columns ``_relate`` reads once for a run of reps.
RELATE_COLUMNS = (P.DECAY_KEEP,)


@njit(cache=True, error_model="numpy")
def _relate_run(
    decay_keep: float, growth: np.ndarray, erosion: np.ndarray, relationship: np.ndarray
) -> None:
    """``_relate``'s pass over the customers of reps with the same decay (views)."""
    for j in range(relationship.size):
        bond = relationship[j]
        bond += -growth[j] * (1.0 - bond)
        relationship[j] = bond * erosion[j] * decay_keep


# --- 7.3 signal_annoyance ------------------------------------------------------------------------


@njit(cache=True, error_model="numpy")
def _find_signallers(
    params: np.ndarray,
    per: int,
    irritation: np.ndarray,
    unwanted: np.ndarray,
    need: np.ndarray,
    tolerance: np.ndarray,
    wear: np.ndarray,
    pressure: np.ndarray,
    annoyed: np.ndarray,
    near: np.ndarray,
    exponents: np.ndarray,
    cue_exponents: np.ndarray,
) -> tuple[int, int]:
    """Who draws uniforms this week, in slot order, and the exponents of their chances to signal.

    The annoyed customers (irritation left or unwanted contacts) go to ``annoyed`` with
    ``−(irritation + unwanted / need) / signal_irritation`` in ``exponents``; where early cues
    are on (``cue_onset`` < 1), the calm customers past the onset go to ``near`` with
    ``−min(nearness, 1) / signal_irritation``, which follow the annoyed ones' in ``exponents``
    (``cue_exponents`` holds them until the annoyed are counted). Returns both counts; the
    caller draws two uniforms for each, annoyed ones first. The exponents are computed here
    while the customer's numbers are at hand, rather than in a second pass that would fetch
    them again by slot.
    """
    k = q = 0
    for r in range(params.shape[0]):
        onset = params[r, P.CUE_ONSET]
        cued = onset < 1.0
        span = params[r, P.CUE_SPAN]
        sensitisation = params[r, P.SENSITISATION]
        quiet = params[r, P.SIGNAL_IRRITATION]
        first = r * per
        if not cued:
            # Does anyone in the portfolio signal? (One vectorised pass; usually no one does
            # when few are annoyed.) Then write every slot and its exponent and advance past the
            # annoyed ones: no branch to mispredict when many are.
            anyone = False
            for i in range(per):
                anyone |= (irritation[first + i] > 0.0) | (unwanted[first + i] > 0.0)
            if anyone:
                for i in range(per):
                    j = first + i
                    annoyed[k] = j
                    exponents[k] = -(irritation[j] + unwanted[j] / need[j]) / quiet
                    k += (irritation[j] > 0.0) | (unwanted[j] > 0.0)
            continue
        for j in range(r * per, (r + 1) * per):
            if irritation[j] > 0.0 or unwanted[j] > 0.0:
                annoyed[k] = j
                exponents[k] = -(irritation[j] + unwanted[j] / need[j]) / quiet
                k += 1
            else:
                limit = tolerance[j] / (1.0 + sensitisation * wear[j])
                close = (pressure[j] / limit - onset) / span
                if close > 0.0:
                    near[q] = j
                    cue_exponents[q] = -min(close, 1.0) / quiet
                    q += 1
    exponents[k : k + q] = cue_exponents[:q]
    return k, q


def signal_annoyance(
    params: np.ndarray, per: int, c: Customers, r: Reps, draw: Draw, scratch: Scratch
) -> None:
    """Section 7.3: the annoyed customers signal, the near ones show cues; reps notice by clarity
    and detection, and cut a noticed customer's contacts to ``backoff`` × the felt rate expected
    under the plan.

    ``draw(annoyed, u_signal, near, u_cue)`` fills the uniforms (rows: signal, notice) of the
    annoyed and near customers (slot indices in order) from the run's generators, annoyed ones
    first. Writes every customer's ``signalled`` and ``noticed`` flags and each rep's
    ``signals_noticed``. The chances' exponentials are numpy's vectorised ``expm1`` between two
    compiled passes.
    """
    exponents = scratch.exponents[0]
    k, q = _find_signallers(
        params, per, c.irritation, c.unwanted, c.need, c.tolerance, c.wear, c.pressure,
        scratch.annoyed, scratch.near, exponents, scratch.exponents[1],
    )  # fmt: skip
    annoyed, near = scratch.annoyed[:k], scratch.near[:q]
    u_signal, u_cue = scratch.uniforms[:k], scratch.cue_uniforms[:q]
    draw(annoyed, u_signal, near, u_cue)
    if k + q == 0:  # a calm week: no one signals (cheaper than the passes below)
        c.signalled.fill(False)
        c.noticed.fill(False)
        r.signals_noticed.fill(0.0)
        return
    growths = np.expm1(exponents[: k + q], out=exponents[: k + q])
    _notice(
        params, per, r.perception, annoyed, u_signal, near, u_cue, growths, c.clarity,
        c.expected_pressure, c.planned, c.restraint, c.irritation, c.beyond, c.signalled,
        c.noticed, r.signals_noticed,
    )  # fmt: skip


@njit(cache=True, error_model="numpy")
def _notice(
    params: np.ndarray,
    per: int,
    perception: np.ndarray,
    annoyed: np.ndarray,
    u_signal: np.ndarray,
    near: np.ndarray,
    u_cue: np.ndarray,
    growths: np.ndarray,
    clarity: np.ndarray,
    expected_pressure: np.ndarray,
    planned: np.ndarray,
    restraint: np.ndarray,
    irritation: np.ndarray,
    beyond: np.ndarray,
    signalled: np.ndarray,
    noticed: np.ndarray,
    signals_noticed: np.ndarray,
) -> None:
    """Signals and cues from their chances (``−growths``, the ``expm1`` of the exponents)."""
    detected = np.empty(params.shape[0])
    for r in range(params.shape[0]):
        detected[r] = detection(perception[r], params[r, P.STEEPNESS])
        signals_noticed[r] = 0.0
    signalled[:] = False
    noticed[:] = False
    k = annoyed.size
    r, end, count = 0, per, 0  # slots come in order: count a rep's notices until the next rep
    for i in range(k):
        j = annoyed[i]
        while j >= end:
            signals_noticed[r] += count
            r, end, count = r + 1, end + per, 0
        signals = u_signal[i, 0] < -growths[i]
        signalled[j] = signals
        notices = signals & (u_signal[i, 1] < clarity[j] + (1.0 - clarity[j]) * detected[r])
        # A signal from a customer whose felt rate is within their tolerance this week is
        # lingering irritation, not a present excess: a perceptive rep reads it so and makes only
        # (1 − D) of the cut (``read``; cues are cut fully).
        read = 0.0 if beyond[j] else detected[r]
        reading = clarity[j] + (1.0 - clarity[j]) * detected[r]
        honoured = _honoured(params[r], reading)
        count += _back_off(
            _depth(params[r], honoured), read, 1.0 - params[r, P.HEARD_RELIEF] * honoured, j,
            notices, expected_pressure, planned, restraint, irritation, noticed,
        )  # fmt: skip
    signals_noticed[r] += count
    r, end, count = 0, per, 0
    for i in range(near.size):  # a cue is never clear: perception alone picks it up
        j = near[i]
        while j >= end:
            signals_noticed[r] += count
            r, end, count = r + 1, end + per, 0
        cue = u_cue[i, 0] < -growths[k + i]
        signalled[j] = cue
        notices = cue & (u_cue[i, 1] < detected[r])
        honoured = _honoured(params[r], detected[r])
        count += _back_off(
            _depth(params[r], honoured), 0.0, 1.0 - params[r, P.HEARD_RELIEF] * honoured, j,
            notices, expected_pressure, planned, restraint, irritation, noticed,
        )  # fmt: skip
    signals_noticed[r] += count


@njit(cache=True, error_model="numpy")
def _honoured(params: np.ndarray, reading: float) -> float:
    """How far the answer to a hint the rep reads with chance ``reading`` honours the wish:
    ``1 − cut_reading × (1 − reading)`` (7.3), 1 when cuts do not follow the reading."""
    return 1.0 - params[P.CUT_READING] * (1.0 - reading)


@njit(cache=True, error_model="numpy")
def _depth(params: np.ndarray, honoured: float) -> float:
    """The back-off factor of a noticed hint answered as far as ``honoured``: the cut
    ``1 − backoff`` made only that deep (7.3)."""
    return 1.0 - (1.0 - params[P.BACKOFF]) * honoured


@njit(cache=True, error_model="numpy")
def _back_off(
    backoff: float,
    read: float,
    heard_keep: float,
    j: int,
    notices: bool,
    expected_pressure: np.ndarray,
    planned: np.ndarray,
    restraint: np.ndarray,
    irritation: np.ndarray,
    noticed: np.ndarray,
) -> int:
    """If the rep ``notices``: the customer's contacts cut to ``backoff`` × the rate they have
    felt lately under the plan, of which a rep who reads the signal as lingering irritation
    makes (1 − ``read``). The expected felt rate, not the felt one: under a discrete schedule
    whole contacts make the felt rate lumpy (0 in a week without a contact at a one-week
    memory), and cuts to 0 would compound. Without a branch (a missed signal multiplies by 1).
    A noticed signal answered leaves ``heard_keep`` (1 − ``heard_relief`` × how far the answer
    honours the wish) of the customer's irritation. Returns 1 if noticed."""
    noticed[j] = notices
    felt = expected_pressure[j] / max(planned[j], 1e-12)
    cut = min(backoff * felt, 1.0)
    cut += (1.0 - cut) * read
    restraint[j] *= cut if notices else 1.0
    irritation[j] *= heard_keep if notices else 1.0
    return 1 if notices else 0


# --- 7.4 settle_outcomes -------------------------------------------------------------------------


def settle_outcomes(
    params: np.ndarray,
    per: int,
    c: Customers,
    r: Reps,
    u: np.ndarray,
    churned: np.ndarray,
    scratch: Scratch,
) -> tuple[np.ndarray, np.ndarray]:
    """Section 7.4's purchases, revenue, churn and won customers (``_settle_outcomes``) from the
    uniforms ``u`` (buy, churn per customer; an empty slot's second uniform decides whether it
    is filled); ``churned`` gets the customers' churn flags. Returns the churned slots and the
    slots that get a new prospect, each in order (views into the scratch); under instant
    replacement (``acquisition_hours`` 0) the two are the same."""
    k, f = _settle_outcomes(
        params, per, u, c.relationship, c.value, c.present, r.active, r.prospecting_hours,
        c.purchased, churned, r.revenue, r.churned, scratch.slots, scratch.fills,
        scratch.exponents[0],
    )  # fmt: skip
    return scratch.slots[:k], scratch.fills[:f]


def new_prospects(
    params: np.ndarray, per: int, c: Customers, r: Reps, slots: np.ndarray, z: np.ndarray
) -> None:
    """Section 7.4's new prospects in ``slots`` from standard normals ``z`` (rows: need,
    tolerance, value; ``_new_prospects``)."""
    _new_prospects(
        params, per, slots, z, r.prospecting_hours, r.perception, r.active, c.present, c.need,
        c.tolerance, c.value, c.clarity, c.relationship, c.irritation, c.wear, c.pressure,
        c.expected_pressure, c.restraint,
    )  # fmt: skip


def vacate(params: np.ndarray, per: int, c: Customers, r: Reps, slots: np.ndarray) -> None:
    """Section 7.4: the churned ``slots`` of reps who must win customers back
    (``acquisition_hours`` > 0) become empty (``_vacate``)."""
    _vacate(
        params, per, slots, r.active, c.present, c.relationship, c.irritation, c.wear,
        c.pressure, c.expected_pressure, c.restraint, c.contacts, c.planned, c.unwanted,
    )  # fmt: skip


@njit(cache=True, error_model="numpy")
def _settle_outcomes(
    params: np.ndarray,
    per: int,
    u: np.ndarray,
    relationship: np.ndarray,
    value: np.ndarray,
    present: np.ndarray,
    active: np.ndarray,
    prospecting_hours: np.ndarray,
    purchased: np.ndarray,
    churned: np.ndarray,
    revenue: np.ndarray,
    churned_reps: np.ndarray,
    slots: np.ndarray,
    fills: np.ndarray,
    sales: np.ndarray,
) -> tuple[int, int]:
    """Section 7.4: purchases and revenue, then churn (``u`` rows: buy, churn per customer).

    Writes the ``purchased`` and ``churned`` flags, each rep's ``revenue`` and, added to
    ``churned_reps``, its churned customers; the churned slots go to ``slots`` in order, the
    slots that get a new prospect to ``fills``, and both counts are returned (the caller draws
    the new prospects). Under instant replacement (``acquisition_hours`` 0) every churned slot
    gets one. Otherwise each empty slot of rep ``i`` is filled with chance
    ``1 − exp(−prospecting_hours_i / (empty_i × acquisition_hours))`` (the rep's prospecting
    shared over the slots it has to fill, counted before this week's churn), decided by the
    slot's second uniform; an empty slot (relationship 0) buys nothing and cannot churn.
    ``sales`` is scratch of the customers' size.
    """
    reps = params.shape[0]
    start = 0
    while start < reps:  # reps of the same rates at once (``_alike``), as in 7.2
        stop = _alike(params, start, SETTLE_COLUMNS)
        lo, hi = start * per, stop * per
        _settle_run(
            params[start, P.PURCHASE_RATE], params[start, P.CHURN_HAZARD], u[lo:hi],
            relationship[lo:hi], value[lo:hi], purchased[lo:hi], churned[lo:hi], sales[lo:hi],
        )  # fmt: skip
        start = stop
    k = f = 0
    for r in range(reps):
        first = r * per
        earned = portfolio_total(sales, first, per)
        revenue[r] = earned + params[r, P.PROSPECT_REVENUE] * prospecting_hours[r]
        before = k
        flags = churned[first : first + per]
        acquisition = params[r, P.ACQUISITION_HOURS]
        if acquisition == 0.0:
            for i in range(per):
                if flags[i]:  # rare: the branch is predicted well
                    slots[k] = fills[f] = first + i
                    k += 1
                    f += 1
        else:
            empty = per - active[r]
            chance = -math.expm1(-prospecting_hours[r] / (empty * acquisition)) if empty else 0.0
            for i in range(per):
                j = first + i
                if present[j] == 0.0:
                    flags[i] = False
                    if u[j, 1] < chance:
                        fills[f] = j
                        f += 1
                elif flags[i]:
                    slots[k] = j
                    k += 1
        churned_reps[r] += k - before
    return k, f


# The table's columns ``_settle_outcomes`` reads once for a run of reps.
SETTLE_COLUMNS = (P.PURCHASE_RATE, P.CHURN_HAZARD)


@njit(cache=True, error_model="numpy")
def _settle_run(
    rate: float,
    hazard: float,
    u: np.ndarray,
    relationship: np.ndarray,
    value: np.ndarray,
    purchased: np.ndarray,
    churned: np.ndarray,
    sales: np.ndarray,
) -> None:
    """``_settle_outcomes``'s pass over the customers of reps with the same rates (views)."""
    for j in range(relationship.size):
        bond = relationship[j]
        buys = u[j, 0] < rate * bond
        purchased[j] = buys
        sales[j] = value[j] if buys else 0.0
        distance = 1.0 - bond
        churned[j] = u[j, 1] < hazard * distance * distance


@njit(cache=True, error_model="numpy")
def _new_prospects(
    params: np.ndarray,
    per: int,
    slots: np.ndarray,
    z: np.ndarray,
    prospecting_hours: np.ndarray,
    perception: np.ndarray,
    active: np.ndarray,
    present: np.ndarray,
    need: np.ndarray,
    tolerance: np.ndarray,
    value: np.ndarray,
    clarity: np.ndarray,
    relationship: np.ndarray,
    irritation: np.ndarray,
    wear: np.ndarray,
    pressure: np.ndarray,
    expected_pressure: np.ndarray,
    restraint: np.ndarray,
) -> None:
    """Section 7.4: a new prospect in each of ``slots`` (churned or filled, in slot order).

    Traits as in section 5 from the standard normals ``z`` (rows: need, tolerance, value; one
    column per slot); irritation and wear 0, felt rate (and the plan's expected one) = need;
    relationship ``prospect_relationship + prospect_warmth × (1 − exp(−prospecting_hours /
    prospect_hours))`` (at most 1); restraint ``1 − D(perception) × (1 − practice)``, the
    practice being the mean restraint over the customers the rep had before this week's churn
    and new prospects (1 if none: nothing learned). A filled empty slot counts as a customer.
    """
    practice = np.empty(slots.size)
    for i in range(slots.size):  # each portfolio summed once, however many of it churned
        r = slots[i] // per
        if i > 0 and r == slots[i - 1] // per:
            practice[i] = practice[i - 1]
        elif active[r]:
            practice[i] = portfolio_total(restraint, r * per, per) / active[r]
        else:
            practice[i] = 1.0
    for i in range(slots.size):
        j = slots[i]
        r = j // per
        if present[j] == 0.0:
            present[j] = 1.0
            active[r] += 1.0
        p = params[r]
        drawn = p[P.NEED] * math.exp(p[P.NEED_SPREAD] * z[0, i] - p[P.NEED_SHIFT])
        multiple = 1.0 + p[P.TOLERANCE_EXCESS] * math.exp(
            p[P.TOLERANCE_SPREAD] * z[1, i] - p[P.TOLERANCE_SHIFT]
        )
        need[j] = drawn
        tolerance[j] = drawn * multiple
        value[j] = p[P.VALUE] * math.exp(p[P.VALUE_SPREAD] * z[2, i] - p[P.VALUE_SHIFT])
        clarity[j] = p[P.CLARITY]
        warmth = p[P.PROSPECT_WARMTH] * (
            1.0 - math.exp(-prospecting_hours[r] / p[P.PROSPECT_HOURS])
        )
        relationship[j] = min(p[P.PROSPECT_RELATIONSHIP] + warmth, 1.0)
        irritation[j] = 0.0
        wear[j] = 0.0
        pressure[j] = drawn
        expected_pressure[j] = drawn
        # What the rep learned from other customers carries over to a new one only as far as
        # the rep perceives that it applies.
        carried = detection(perception[r], p[P.STEEPNESS])
        restraint[j] = 1.0 - carried * (1.0 - practice[i])


@njit(cache=True, error_model="numpy")
def _vacate(
    params: np.ndarray,
    per: int,
    slots: np.ndarray,
    active: np.ndarray,
    present: np.ndarray,
    relationship: np.ndarray,
    irritation: np.ndarray,
    wear: np.ndarray,
    pressure: np.ndarray,
    expected_pressure: np.ndarray,
    restraint: np.ndarray,
    contacts: np.ndarray,
    planned: np.ndarray,
    unwanted: np.ndarray,
) -> None:
    """Section 7.4: each churned slot of a rep with ``acquisition_hours`` > 0 becomes empty: no
    customer (``present`` 0, one fewer ``active``), and relationship, irritation, wear, felt
    rates, restraint and contacts 0, which every phase then leaves at 0 (no contacts, no
    signal, no purchase; the slot counts as no relationship in every mean over slots)."""
    for i in range(slots.size):
        j = slots[i]
        r = j // per
        if params[r, P.ACQUISITION_HOURS] == 0.0:
            continue
        present[j] = 0.0
        active[r] -= 1.0
        relationship[j] = irritation[j] = wear[j] = 0.0
        pressure[j] = expected_pressure[j] = restraint[j] = 0.0
        contacts[j] = planned[j] = unwanted[j] = 0.0


# --- 7.5 metrics ---------------------------------------------------------------------------------

# The columns ``world_metrics`` writes, in the order of ``sim.metrics.METRICS`` (checked there).
METRIC_COLUMNS = (
    "relational_performance",
    "revenue",
    "churned",
    "customers",
    "irritation",
    "wasted_hours",
    "contact_hours",
    "value_hours",
    "prospecting_hours",
    "signals_noticed",
    "irritated_share",
    "effort_hours",
    "perception",
    "regulation",
)


@njit(cache=True, error_model="numpy")
def _count_above(values: np.ndarray, threshold: float) -> int:
    """How many of ``values`` (a view: indices from 0, so the loop vectorises) exceed
    ``threshold``."""
    above = 0
    for i in range(values.size):
        above += values[i] > threshold
    return above


@njit(cache=True, error_model="numpy")
def _world_metrics(
    out: np.ndarray,
    n: int,
    relationship: np.ndarray,
    irritation: np.ndarray,
    irritated: float,
    churned: np.ndarray,
    active: np.ndarray,
    revenue: np.ndarray,
    wasted_hours: np.ndarray,
    contact_hours: np.ndarray,
    value_hours: np.ndarray,
    prospecting_hours: np.ndarray,
    signals_noticed: np.ndarray,
    effort_hours: np.ndarray,
    perception: np.ndarray,
    regulation: np.ndarray,
) -> None:
    """Section 7.5: each world's model-level metrics into its row of ``out`` (``METRIC_COLUMNS``).

    Worlds of ``n`` reps each are stacked (one world: one row). Means are ``portfolio_total``
    over the world's customers or reps divided by their number, as ``sim.metrics`` computes each
    metric alone (the same numbers to the bit); ``irritated`` is the irritated-share threshold.
    """
    m = relationship.size // out.shape[0]
    for w in range(out.shape[0]):
        c, r = w * m, w * n
        row = out[w]
        row[0] = portfolio_total(relationship, c, m) / m
        row[1] = portfolio_total(revenue, r, n)
        lost = 0
        for i in range(n):
            lost += churned[r + i]
        row[2] = lost
        row[3] = portfolio_total(active, r, n)
        row[4] = portfolio_total(irritation, c, m) / m
        row[5] = portfolio_total(wasted_hours, r, n)
        row[6] = portfolio_total(contact_hours, r, n)
        row[7] = portfolio_total(value_hours, r, n)
        row[8] = portfolio_total(prospecting_hours, r, n)
        row[9] = portfolio_total(signals_noticed, r, n)
        row[10] = _count_above(irritation[c : c + m], irritated) / m
        row[11] = portfolio_total(effort_hours, r, n) / n
        row[12] = portfolio_total(perception, r, n) / n
        row[13] = portfolio_total(regulation, r, n) / n


def world_metrics(out: np.ndarray, n: int, c: Customers, r: Reps, irritated: float) -> None:
    """Every world's metrics of this week into its row of ``out`` (``_world_metrics``)."""
    _world_metrics(
        out, n, c.relationship, c.irritation, irritated, r.churned, r.active, r.revenue,
        r.wasted_hours,
        r.contact_hours, r.value_hours, r.prospecting_hours, r.signals_noticed, r.effort_hours,
        r.perception, r.regulation,
    )  # fmt: skip
