"""The per-customer arithmetic of a week's hot phases as compiled loops, shared by every engine.

``sim.model`` (one run) and ``sim.batch`` (many worlds stacked) call the same functions here, so a
world of a batch equals its single run to the bit: both hand over the same numbers in the same
order. Each function is one phase's rules of ``docs/model.md`` section 7 written customer by
customer, in one pass over the customers where numpy needed a dozen passes over whole arrays
(each pass costs ~0.5 µs of call overhead in a small model and a trip through memory in a large
one). Random numbers are never drawn here: the callers draw them with numpy from each run's own
generator, in the order section 5 states, and pass them in.

Layout. Customers are stacked by rep (slot ``j`` belongs to rep ``j // per``), reps by world, so a
kernel walks rep by rep and then over that rep's ``per`` customers. Parameters come as a table
with one row per rep (``parameter_table``): a world's values repeated for each of its reps, so a
batch of worlds with different parameters is a table with different rows.

Compiled with numba (``@njit(cache=True)``): ``cache=True`` writes the machine code next to this
file (``__pycache__``) so that only the first process after a change compiles (several seconds,
see README "Speed"); every later process, every pytest worker and every sweep worker loads it in
milliseconds. ``make setup`` compiles once (``sim.batch.warm_up``). No ``parallel=True``:
the machine's cores go to processes (sweep workers), not threads inside one run.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from enum import IntEnum

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
    CONTACT_BUDGET = 14
    PROSPECTING_SHARE = 15
    QUALITY_GAIN = 16
    QUALITY_HOURS = 17
    RECIPROCITY = 18
    IRRITATION_PER_CONTACT = 19
    REGULATION_PROTECTION = 20
    IRRITATION_KEEP = 21
    EROSION = 22
    SIGNAL_IRRITATION = 23
    BACKOFF = 24
    PROSPECT_REVENUE = 25
    CUE_ONSET = 26
    CUE_SPAN = 27
    DISCRETE = 28
    NEED = 29
    NEED_SPREAD = 30
    NEED_SHIFT = 31
    TOLERANCE_EXCESS = 32
    TOLERANCE_SPREAD = 33
    TOLERANCE_SHIFT = 34
    VALUE = 35
    VALUE_SPREAD = 36
    VALUE_SHIFT = 37
    CLARITY = 38
    PROSPECT_WARMTH = 39
    PROSPECT_HOURS = 40
    PROSPECT_RELATIONSHIP = 41


def parameter_row(s: Scenario) -> list[float]:
    """One world's row of the parameter table, in the order of ``P``.

    Derived values (``1 − wear_fade``, ``hours_per_contact × per_rep`` ...) are computed here
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
        P.CONTACT_BUDGET: d.hours_per_contact * c.per_rep,
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
        P.NEED_SHIFT: c.need_spread**2 / 2,
        P.TOLERANCE_EXCESS: c.tolerance - 1.0,
        P.TOLERANCE_SPREAD: c.tolerance_spread,
        P.TOLERANCE_SHIFT: c.tolerance_spread**2 / 2,
        P.VALUE: c.value,
        P.VALUE_SPREAD: c.value_spread,
        P.VALUE_SHIFT: c.value_spread**2 / 2,
        P.CLARITY: c.signal_clarity,
        P.PROSPECT_WARMTH: d.prospect_warmth,
        P.PROSPECT_HOURS: d.prospect_hours,
        P.PROSPECT_RELATIONSHIP: c.prospect_relationship,
    }
    return [float(row[p]) for p in P]


def parameter_table(scenarios: Sequence[Scenario], reps: int) -> np.ndarray:
    """The parameter table of stacked worlds: ``reps`` rows per scenario, columns ``P``."""
    rows = np.array([parameter_row(s) for s in scenarios], dtype=float)
    return np.ascontiguousarray(np.repeat(rows, reps, axis=0))


@njit(cache=True)
def detection(perception: float, steepness: float) -> float:
    """``D(p)``, the chance that a rep of perception ``p`` picks up a subtle signal (7.3)."""
    return 1.0 / (1.0 + math.exp(-steepness * (perception - 0.5)))


# --- 7.1 plan_contacts ---------------------------------------------------------------------------


@njit(cache=True)
def plan_contacts(
    params: np.ndarray,
    per: int,
    relationship: np.ndarray,
    restraint: np.ndarray,
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
    ``discrete`` schedule leave that to ``sim.model.schedule_contacts`` and ``split_hours``.
    """
    for r in range(params.shape[0]):
        p = params[r]
        first = r * per
        total = 0.0
        for j in range(first, first + per):
            total += relationship[j]
        current = total / per
        recent = recent_relationship[r]
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
        rate = hours / p[P.CONTACT_BUDGET]
        discrete = p[P.DISCRETE] != 0.0
        spent = 0.0
        for j in range(first, first + per):
            held = restraint[j]
            if held < 1.0:  # the others are at 1 and stay there
                held += recovery * (1.0 - held)
                restraint[j] = held
            if not discrete:
                c = rate * held
                contacts[j] = c
                planned[j] = c
                spent += c
        if not discrete:
            contact_hours[r] = p[P.HOURS_PER_CONTACT] * spent
            other = max(free - contact_hours[r], 0.0)  # rounding must not make it negative
            prospecting_hours[r] = other * p[P.PROSPECTING_SHARE]
            value_hours[r] = other - prospecting_hours[r]


@njit(cache=True)
def split_hours(
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


@njit(cache=True)
def contact_customers(
    params: np.ndarray,
    per: int,
    contacts: np.ndarray,
    contact_time: np.ndarray,
    need: np.ndarray,
    tolerance: np.ndarray,
    pressure: np.ndarray,
    irritation: np.ndarray,
    wear: np.ndarray,
    relationship: np.ndarray,
    unwanted: np.ndarray,
    regulation: np.ndarray,
    value_hours: np.ndarray,
    wasted_hours: np.ndarray,
) -> None:
    """Section 7.2: felt rate, worn tolerance, welcome and unwanted contacts, reciprocity,
    irritation and wear, erosion and decay; each rep's wasted hours."""
    for r in range(params.shape[0]):
        p = params[r]
        memory = p[P.MEMORY_WEEKS]
        sensitisation = p[P.SENSITISATION]
        quality = 1.0 + p[P.QUALITY_GAIN] * (
            1.0 - math.exp(-(value_hours[r] / per) / p[P.QUALITY_HOURS])
        )
        warmth = -(p[P.RECIPROCITY] * quality)
        harm = p[P.IRRITATION_PER_CONTACT] * (1.0 - p[P.REGULATION_PROTECTION] * regulation[r])
        keep, wear_keep = p[P.IRRITATION_KEEP], p[P.WEAR_KEEP]
        erosion, decay_keep = p[P.EROSION], p[P.DECAY_KEEP]
        discrete = p[P.DISCRETE] != 0.0
        wasted = 0.0
        for j in range(r * per, (r + 1) * per):
            c = contacts[j]
            felt_rate = pressure[j] + (c - pressure[j]) / memory
            pressure[j] = felt_rate
            limit = tolerance[j] / (1.0 + sensitisation * wear[j])
            annoyed = irritation[j]
            beyond = felt_rate > limit
            over = max(1.0 - limit / felt_rate, 0.0) if beyond else 0.0
            excess = c * over
            unwanted[j] = excess
            felt = (c - excess) / need[j]
            if annoyed > 0.0:  # reactance blunts reciprocity
                felt /= 1.0 + annoyed
            gain = -math.expm1(warmth * felt)
            bond = relationship[j]
            bond += gain * (1.0 - bond)
            worn = wear[j] * wear_keep
            if beyond or annoyed > 0.0:
                felt_harm = harm * excess / need[j]
                annoyed = annoyed * keep + felt_harm
                irritation[j] = annoyed
                worn += felt_harm
                bond *= math.exp(-erosion * annoyed)
            wear[j] = worn
            relationship[j] = bond * decay_keep
            wasted += over * contact_time[j] if discrete else excess
        wasted_hours[r] = wasted if discrete else p[P.HOURS_PER_CONTACT] * wasted


# --- 7.3 signal_annoyance ------------------------------------------------------------------------


@njit(cache=True)
def find_signallers(
    params: np.ndarray,
    per: int,
    irritation: np.ndarray,
    unwanted: np.ndarray,
    tolerance: np.ndarray,
    wear: np.ndarray,
    pressure: np.ndarray,
    annoyed: np.ndarray,
    near: np.ndarray,
    nearness: np.ndarray,
) -> tuple[int, int]:
    """Who draws uniforms this week, in slot order: the annoyed customers (irritation left or
    unwanted contacts) into ``annoyed``, and, where early cues are on (``cue_onset`` < 1), the
    calm customers past the onset into ``near`` (their ``nearness`` alongside). Returns both
    counts; the caller draws two uniforms for each, annoyed ones first."""
    k = q = 0
    for r in range(params.shape[0]):
        onset = params[r, P.CUE_ONSET]
        cued = onset < 1.0
        span = params[r, P.CUE_SPAN]
        sensitisation = params[r, P.SENSITISATION]
        for j in range(r * per, (r + 1) * per):
            if irritation[j] > 0.0 or unwanted[j] > 0.0:
                annoyed[k] = j
                k += 1
            elif cued:
                limit = tolerance[j] / (1.0 + sensitisation * wear[j])
                close = (pressure[j] / limit - onset) / span
                if close > 0.0:
                    near[q] = j
                    nearness[q] = close
                    q += 1
    return k, q


@njit(cache=True)
def notice_signals(
    params: np.ndarray,
    per: int,
    perception: np.ndarray,
    annoyed: np.ndarray,
    u_signal: np.ndarray,
    near: np.ndarray,
    nearness: np.ndarray,
    u_cue: np.ndarray,
    irritation: np.ndarray,
    unwanted: np.ndarray,
    need: np.ndarray,
    clarity: np.ndarray,
    pressure: np.ndarray,
    planned: np.ndarray,
    restraint: np.ndarray,
    signalled: np.ndarray,
    noticed: np.ndarray,
    signals_noticed: np.ndarray,
) -> None:
    """Section 7.3: the annoyed customers signal, the near ones show cues; reps notice by clarity
    and detection, and cut a noticed customer's contacts to ``backoff`` × the felt rate.

    ``annoyed``/``near`` and their uniforms ``u_signal``/``u_cue`` (rows: signal, notice) are
    those of ``find_signallers``. Writes every customer's ``signalled`` and ``noticed`` flags and
    each rep's ``signals_noticed``.
    """
    detected = np.empty(params.shape[0])
    for r in range(params.shape[0]):
        detected[r] = detection(perception[r], params[r, P.STEEPNESS])
        signals_noticed[r] = 0.0
    signalled[:] = False
    noticed[:] = False
    for i in range(annoyed.size):
        j = annoyed[i]
        r = j // per
        p = params[r]
        annoyance = irritation[j] + unwanted[j] / need[j]
        signals = u_signal[i, 0] < -math.expm1(-annoyance / p[P.SIGNAL_IRRITATION])
        signalled[j] = signals
        if signals and u_signal[i, 1] < clarity[j] + (1.0 - clarity[j]) * detected[r]:
            noticed[j] = True
            back_off(p, j, r, pressure, planned, restraint, signals_noticed)
    for i in range(near.size):  # a cue is never clear: perception alone picks it up
        j = near[i]
        r = j // per
        p = params[r]
        cue = u_cue[i, 0] < -math.expm1(-min(nearness[i], 1.0) / p[P.SIGNAL_IRRITATION])
        signalled[j] = cue
        if cue and u_cue[i, 1] < detected[r]:
            noticed[j] = True
            back_off(p, j, r, pressure, planned, restraint, signals_noticed)


@njit(cache=True)
def back_off(
    p: np.ndarray,
    j: int,
    r: int,
    pressure: np.ndarray,
    planned: np.ndarray,
    restraint: np.ndarray,
    signals_noticed: np.ndarray,
) -> None:
    """A noticed customer: contacts cut to ``backoff`` × the rate they have felt lately."""
    felt = pressure[j] / max(planned[j], 1e-12)
    restraint[j] *= min(p[P.BACKOFF] * felt, 1.0)
    signals_noticed[r] += 1.0


# --- 7.4 settle_outcomes -------------------------------------------------------------------------


@njit(cache=True)
def settle_outcomes(
    params: np.ndarray,
    per: int,
    u: np.ndarray,
    relationship: np.ndarray,
    value: np.ndarray,
    prospecting_hours: np.ndarray,
    purchased: np.ndarray,
    churned: np.ndarray,
    revenue: np.ndarray,
    churned_reps: np.ndarray,
    slots: np.ndarray,
) -> int:
    """Section 7.4: purchases and revenue, then churn (``u`` rows: buy, churn per customer).

    Writes the ``purchased`` and ``churned`` flags, each rep's ``revenue`` and, added to
    ``churned_reps``, its churned customers; the churned slots go to ``slots`` in order and their
    number is returned (the caller draws the new prospects).
    """
    k = 0
    for r in range(params.shape[0]):
        p = params[r]
        rate, hazard = p[P.PURCHASE_RATE], p[P.CHURN_HAZARD]
        earned = 0.0
        lost = 0
        for j in range(r * per, (r + 1) * per):
            bond = relationship[j]
            buys = u[j, 0] < rate * bond
            purchased[j] = buys
            if buys:
                earned += value[j]
            distance = 1.0 - bond
            leaves = u[j, 1] < hazard * distance * distance
            churned[j] = leaves
            if leaves:
                slots[k] = j
                k += 1
                lost += 1
        revenue[r] = earned + p[P.PROSPECT_REVENUE] * prospecting_hours[r]
        churned_reps[r] += lost
    return k


@njit(cache=True)
def new_prospects(
    params: np.ndarray,
    per: int,
    slots: np.ndarray,
    z: np.ndarray,
    prospecting_hours: np.ndarray,
    need: np.ndarray,
    tolerance: np.ndarray,
    value: np.ndarray,
    clarity: np.ndarray,
    relationship: np.ndarray,
    irritation: np.ndarray,
    wear: np.ndarray,
    pressure: np.ndarray,
    restraint: np.ndarray,
) -> None:
    """Section 7.4: a new prospect in each churned slot (``slots``, in slot order).

    Traits as in section 5 from the standard normals ``z`` (rows: need, tolerance, value; one
    column per slot); irritation and wear 0, felt rate = need; relationship
    ``prospect_relationship + prospect_warmth × (1 − exp(−prospecting_hours / prospect_hours))``
    (at most 1); restraint the rep's current practice, the mean over the portfolio as it was
    before this week's new prospects.
    """
    practice = np.empty(slots.size)
    for i in range(slots.size):
        first = slots[i] // per * per
        total = 0.0
        for j in range(first, first + per):
            total += restraint[j]
        practice[i] = total / per
    for i in range(slots.size):
        j = slots[i]
        r = j // per
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
        restraint[j] = practice[i]
