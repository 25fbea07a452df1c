"""Drawing the starting team and customers (and replacement prospects) from a scenario.

Both the array engine and the per-agent reference model build their population here, so the two
start from identical states and consume the generator identically.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.kernels import detection, lognormal_shift
from sim.params import Scenario


@dataclass
class TeamDraw:
    """Per-rep traits at the start of a run."""

    profile: list[str]
    effort_hours: np.ndarray
    perception: np.ndarray
    regulation: np.ndarray


@dataclass
class CustomerDraw:
    """Per-customer traits of new customers (starting portfolio or replacement prospects)."""

    need: np.ndarray
    tolerance: np.ndarray
    value: np.ndarray
    clarity: np.ndarray


def profile_counts(shares: list[float], total: int) -> list[int]:
    """Split ``total`` reps by shares with the largest-remainder method (counts add up exactly)."""
    exact = [s * total for s in shares]
    counts = [int(np.floor(x)) for x in exact]
    order = sorted(range(len(shares)), key=lambda i: (counts[i] - exact[i], i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def weeks_text(weeks: int) -> str:
    """A count of weeks in a note before a run: "52 weeks", "1 week" (a one-week run)."""
    return "1 week" if weeks == 1 else f"{weeks} weeks"


def unreached_events(scenario: Scenario) -> list[str]:
    """What ``scenario`` schedules but its run never reaches or gives no rep (each likely a
    slip, said before the run as ``Scenario.inert_settings`` are)."""
    weeks = scenario.simulation.weeks
    notes = [
        f"interventions.{i}: the change after week {change.week} never applies in a run of "
        f"{weeks_text(weeks)}"
        for i, change in enumerate(scenario.interventions)
        if change.week >= weeks
    ]
    c, h = scenario.coaching, scenario.hiring
    if (c.perception_gain > 0 or c.regulation_gain > 0) and c.start_week >= weeks:
        notes.append(
            f"coaching.start_week = {c.start_week}: the programme starts after the run ends "
            f"with week {weeks}"
        )
    if h.share > 0 and h.week > weeks:
        notes.append(f"hiring.week = {h.week}: the hires come after the run ends with week {weeks}")
    if h.share > 0 and not len(hired_reps(scenario)):
        notes.append(
            f"hiring.share = {h.share:g}: in a team of {scenario.reps.count} that is no rep "
            f"(round({h.share:g} × {scenario.reps.count}) = 0), so nobody is hired"
        )
    profiles = scenario.reps.profiles
    counts = profile_counts([p.share for p in profiles], scenario.reps.count) if profiles else []
    notes += [
        f"reps.profiles.{i} ({p.name}): a team of {scenario.reps.count} has no rep of it"
        for i, (p, n) in enumerate(zip(profiles, counts, strict=True))
        if n == 0
    ]
    return notes


def team_means(scenario: Scenario) -> tuple[list[str], np.ndarray]:
    """Each rep's profile name and mean effort, perception and regulation (rows of a ``(3, n)``
    array): the team's means, or each profile's where the team has profiles."""
    reps = scenario.reps
    n = reps.count
    if not reps.profiles:
        means = np.array([[reps.effort_hours], [reps.perception], [reps.regulation]]).repeat(n, 1)
        return ["team"] * n, means
    counts = profile_counts([p.share for p in reps.profiles], n)
    profile, mean_e, mean_p, mean_r = [], [], [], []
    for prof, k in zip(reps.profiles, counts, strict=True):
        profile += [prof.name] * k
        mean_e += [reps.effort_hours if prof.effort_hours is None else prof.effort_hours] * k
        mean_p += [reps.perception if prof.perception is None else prof.perception] * k
        mean_r += [reps.regulation if prof.regulation is None else prof.regulation] * k
    return profile, np.array([mean_e, mean_p, mean_r], dtype=float)


def team_traits(
    means: np.ndarray,
    effort_spread: float | np.ndarray,
    trait_spread: float | np.ndarray,
    z: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Effort, perception and regulation from the means (``team_means``) and standard normals
    ``z`` (rows: effort, perception, regulation); the spreads per team, or per rep for stacked
    teams (the same numbers either way)."""
    # np.maximum / np.minimum: np.clip's numbers, at a fraction of its call overhead.
    effort = np.maximum(means[0] + effort_spread * z[0], 1.0)
    perception = np.minimum(np.maximum(means[1] + trait_spread * z[1], 0.0), 1.0)
    regulation = np.minimum(np.maximum(means[2] + trait_spread * z[2], 0.0), 1.0)
    return effort, perception, regulation


def hire_at_start(
    scenario: Scenario, profile: list[str], perception: np.ndarray, regulation: np.ndarray
) -> None:
    """Hires of week 0 (``hiring.week`` 0) replace the last reps before the first week."""
    if scenario.hiring.week == 0:
        for i in hired_reps(scenario):
            profile[i] = HIRE_PROFILE
            perception[i], regulation[i] = scenario.hiring.perception, scenario.hiring.regulation


def draw_team(rng: np.random.Generator, scenario: Scenario) -> TeamDraw:
    """Draw each rep's effort, perception and regulation around the team (or profile) means."""
    reps = scenario.reps
    profile, means = team_means(scenario)
    z = rng.standard_normal((3, reps.count))
    effort, perception, regulation = team_traits(means, reps.effort_spread, reps.trait_spread, z)
    hire_at_start(scenario, profile, perception, regulation)
    return TeamDraw(profile, effort, perception, regulation)


HIRE_PROFILE = "new hire"


def hired_reps(scenario: Scenario) -> range:
    """Indices of the reps the new hires replace: the last ``round(share × count)`` of the team."""
    count = scenario.reps.count
    return range(count - round(scenario.hiring.share * count), count)


def draw_customers(rng: np.random.Generator, k: int, scenario: Scenario) -> CustomerDraw:
    """Draw ``k`` customers' welcome rate, tolerance threshold and purchase value (log-normal,
    ``customer_traits``; the location shifted so that each mean equals the scenario's value)."""
    c = scenario.customers
    need, tolerance, value = customer_traits(
        rng.standard_normal((3, k)), c.need, c.need_spread, lognormal_shift(c.need_spread),
        c.tolerance - 1.0, c.tolerance_spread, lognormal_shift(c.tolerance_spread), c.value,
        c.value_spread, lognormal_shift(c.value_spread),
    )  # fmt: skip
    clarity = np.full(k, c.signal_clarity)
    return CustomerDraw(need=need, tolerance=tolerance, value=value, clarity=clarity)


Number = float | np.ndarray


def customer_traits(
    z: np.ndarray,
    need: Number,
    need_spread: Number,
    need_shift: Number,
    tolerance_excess: Number,
    tolerance_spread: Number,
    tolerance_shift: Number,
    value: Number,
    value_spread: Number,
    value_shift: Number,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Welcome rate, tolerance and purchase value from standard normals ``z`` (rows: need,
    tolerance, value): ``mean × exp(spread × z − shift)``, the tolerance a multiple ``1 +
    (tolerance − 1) × exp(…)`` of the need. The parameters are one world's numbers, or per
    customer for stacked worlds (the same numbers either way)."""
    drawn = need * np.exp(need_spread * z[0] - need_shift)
    multiple = 1.0 + tolerance_excess * np.exp(tolerance_spread * z[1] - tolerance_shift)
    return drawn, drawn * multiple, value * np.exp(value_spread * z[2] - value_shift)


def draw_initial_relationships(rng: np.random.Generator, k: int, scenario: Scenario) -> np.ndarray:
    """Starting relationship scores, spread ±25 % around the scenario's mean."""
    return initial_relationships(rng.random(k), scenario.customers.initial_relationship)


def initial_relationships(u: np.ndarray, mean: Number) -> np.ndarray:
    """Starting relationship scores from uniforms ``u``: ``mean × (0.75 + 0.5 u)`` (±25 %), in
    [0, 1]; ``mean`` one world's, or per customer for stacked worlds."""
    return np.minimum(np.maximum(mean * (0.75 + 0.5 * u), 0.0), 1.0)  # np.clip's numbers


def unwon_slots(scenario: Scenario) -> np.ndarray:
    """Slots that start empty (section 5): the last ``floor(unwon_share × per_rep)`` of every
    rep's portfolio, accounts of the territory not yet won; none while winning an account costs
    no hours (``acquisition_hours`` 0). The population is drawn for every slot first, so the
    random numbers are the same whatever the share."""
    c, n = scenario.customers, scenario.reps.count
    k = int(np.floor(c.unwon_share * c.per_rep + 1e-9))
    if k == 0 or scenario.dynamics.acquisition_hours == 0:
        return np.zeros(0, dtype=np.int64)
    first = np.arange(n, dtype=np.int64)[:, None] * c.per_rep + (c.per_rep - k)
    return (first + np.arange(k, dtype=np.int64)).ravel()


def empty_slots(
    slots: np.ndarray, per: int, present: np.ndarray, active: np.ndarray, *held: np.ndarray
) -> None:
    """Leave ``slots`` empty at the start (section 5): no customer there (``present`` 0, one
    fewer ``active`` for the rep owning it, slots being ordered by rep), and the customer
    arrays ``held`` (relationship, felt rates, restraint) 0 there, as section 7.4 empties a
    slot."""
    present[slots] = 0.0
    np.subtract.at(active, slots // per, 1.0)
    for values in held:
        values[slots] = 0.0


def full_book_rate(scenario: Scenario, effort: np.ndarray | float) -> np.ndarray | float:
    """The contacts a customer feels in a week from a rep working ``effort`` hours on a full
    book at restraint 1, before any push (docs/model.md 7.1, 7.1b): in calls under the discrete
    schedule (each channel's share of the contact hours over its hours, times its weight)."""
    s = scenario
    contact = effort * s.reps.contact_share / s.customers.per_rep
    if s.channels.schedule != "discrete":
        return contact / s.dynamics.hours_per_contact
    c = s.channels
    per_hour = sum(
        share * weight / hours
        for share, hours, weight in zip(c.shares, c.hours, c.weights, strict=True)
    )
    return contact * per_hour


def initial_restraint(scenario: Scenario, team: TeamDraw, tolerance: np.ndarray) -> np.ndarray:
    """Each customer's restraint in week 1 (section 5): what a rep who knows the book
    (``reps.book_knowledge``) has already cut of a perceived excess over the customer's
    tolerance, ``1 − knowledge × D(perception) × max(0, 1 − tolerance / r)`` with ``r`` the
    rep's full-book rate (``full_book_rate``); 1 everywhere at knowledge 0, and for new hires,
    to whom the book is new."""
    per = scenario.customers.per_rep
    knowledge = np.full(len(team.profile), scenario.reps.book_knowledge)
    knowledge[[p == HIRE_PROFILE for p in team.profile]] = 0.0
    if not knowledge.any():
        return np.ones(tolerance.size)
    steepness = scenario.dynamics.detection_steepness
    detected = np.array([detection(p, steepness) for p in team.perception])  # the kernels' D
    rate = full_book_rate(scenario, team.effort_hours)
    excess = np.maximum(1.0 - tolerance.reshape(-1, per) / np.asarray(rate)[:, None], 0.0)
    return (1.0 - (knowledge * detected)[:, None] * excess).ravel()
