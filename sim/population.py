"""Drawing the starting team and customers (and replacement prospects) from a scenario.

Both the array engine and the per-agent reference model build their population here, so the two
start from identical states and consume the generator identically.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

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


def draw_team(rng: np.random.Generator, scenario: Scenario) -> TeamDraw:
    """Draw each rep's effort, perception and regulation around the team (or profile) means."""
    reps = scenario.reps
    n = reps.count
    if reps.profiles:
        counts = profile_counts([p.share for p in reps.profiles], n)
        profile, mean_e, mean_p, mean_r = [], [], [], []
        for prof, k in zip(reps.profiles, counts, strict=True):
            profile += [prof.name] * k
            mean_e += [reps.effort_hours if prof.effort_hours is None else prof.effort_hours] * k
            mean_p += [reps.perception if prof.perception is None else prof.perception] * k
            mean_r += [reps.regulation if prof.regulation is None else prof.regulation] * k
        means = np.array([mean_e, mean_p, mean_r], dtype=float)
    else:
        profile = ["team"] * n
        means = np.array([[reps.effort_hours], [reps.perception], [reps.regulation]]).repeat(n, 1)
    z = rng.standard_normal((3, n))
    effort = np.clip(means[0] + reps.effort_spread * z[0], 1.0, None)
    perception = np.clip(means[1] + reps.trait_spread * z[1], 0.0, 1.0)
    regulation = np.clip(means[2] + reps.trait_spread * z[2], 0.0, 1.0)
    if scenario.hiring.week == 0:
        for i in hired_reps(scenario):
            profile[i] = HIRE_PROFILE
            perception[i], regulation[i] = scenario.hiring.perception, scenario.hiring.regulation
    return TeamDraw(profile, effort, perception, regulation)


HIRE_PROFILE = "new hire"


def hired_reps(scenario: Scenario) -> range:
    """Indices of the reps the new hires replace: the last ``round(share × count)`` of the team."""
    count = scenario.reps.count
    return range(count - round(scenario.hiring.share * count), count)


def draw_customers(rng: np.random.Generator, k: int, scenario: Scenario) -> CustomerDraw:
    """Draw ``k`` customers' welcome rate, tolerance threshold and purchase value (log-normal).

    The log-normal location is shifted so that each mean equals the scenario's value.
    """
    c = scenario.customers
    z = rng.standard_normal((3, k))
    need = c.need * np.exp(c.need_spread * z[0] - c.need_spread**2 / 2)
    multiple = 1.0 + (c.tolerance - 1.0) * np.exp(
        c.tolerance_spread * z[1] - c.tolerance_spread**2 / 2
    )
    value = c.value * np.exp(c.value_spread * z[2] - c.value_spread**2 / 2)
    clarity = np.full(k, c.signal_clarity)
    return CustomerDraw(need=need, tolerance=need * multiple, value=value, clarity=clarity)


def draw_initial_relationships(rng: np.random.Generator, k: int, scenario: Scenario) -> np.ndarray:
    """Starting relationship scores, spread ±25 % around the scenario's mean."""
    u = rng.random(k)
    return np.clip(scenario.customers.initial_relationship * (0.75 + 0.5 * u), 0.0, 1.0)
