"""What one parameter set yields: the statistics the calibration's targets name.

``simulate_many`` takes many parameter sets at once, so a batched engine (several worlds per
array program) can replace its inner loop without touching the ABC; today it runs one model per
set. Two worlds can be measured:

- the simulated field study (``experiments.replicate``: its reps, weekly hours, survey and
  supervisor ratings), for the study statistics;
- the manager's team (``team.Team``): its reps with their EI, a year's warm-up at each rep's
  mean hours (the team served its portfolio before the export), then the exported weeks replayed.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from experiments.calibrate.config import STUDY_STATISTICS, TEAM_STATISTICS
from experiments.calibrate.team import Team, team_hours
from experiments.replicate.analysis import HIGH, LOW, fit
from experiments.replicate.design import StudyDesign
from experiments.replicate.simulate import run_study
from experiments.stats import simple_slope
from sim.machine import worker_machine
from sim.model import RapportModel
from sim.params import PARAMS, Scenario

QUARTER_WEEKS = 13
IDEAL_MIN_SHARE = 0.05  # a contact rate counts for the ideal point when ≥ 5 % of customers hold it
TEAM_WARMUP_WEEKS = 52


@dataclass(frozen=True)
class World:
    """What is simulated for each parameter set.

    Attributes:
        fixed: Parameter values every set shares (the file's ``set``), dotted names.
        study_reps: Reps of the simulated field study; 0: no study statistics.
        team: The manager's team, or None.
        statistics: The statistics wanted (a subset of ``config.STATISTICS``).
    """

    fixed: Mapping[str, Any] = field(default_factory=dict)
    study_reps: int = 107
    team: Team | None = None
    statistics: tuple[str, ...] = STUDY_STATISTICS

    @property
    def needs_study(self) -> bool:
        return any(s in STUDY_STATISTICS for s in self.statistics)

    @property
    def needs_team(self) -> bool:
        return any(s in TEAM_STATISTICS for s in self.statistics)


def particle_seed(params: Mapping[str, float]) -> int:
    """A seed fixed by the parameter values (a particle simulated twice gives the same world)."""
    text = repr(sorted((k, float(v)) for k, v in params.items()))
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")


def scenario_for(world: World, params: Mapping[str, float]) -> Scenario:
    """The scenario of one parameter set: defaults, the world's fixed values, the set's values
    (whole-number parameters rounded)."""
    values = {
        name: round(value) if PARAMS[name].type == "int" else float(value)
        for name, value in params.items()
    }
    return Scenario().with_values({**world.fixed, **values})


def simulate_many(
    param_sets: Sequence[Mapping[str, float]], seeds: Sequence[int], world: World
) -> list[dict[str, float]]:
    """The statistics of each parameter set, one world per set and seed.

    Args:
        param_sets: Dotted name → value, one mapping per set.
        seeds: One seed per set.
        world: What is simulated and measured.

    Returns:
        One dict per set: statistic name → value (NaN where a world has no value, e.g. no
        contact rate held by enough customers).
    """
    if len(param_sets) != len(seeds):
        raise ValueError(f"{len(param_sets)} parameter sets but {len(seeds)} seeds")
    results = []
    for params, seed in zip(param_sets, seeds, strict=True):
        scenario = scenario_for(world, params)
        stats: dict[str, float] = {}
        if world.needs_study:
            stats.update(study_statistics(scenario, seed, world.study_reps))
        if world.needs_team and world.team is not None:
            stats.update(team_statistics(scenario, seed, world.team))
        results.append({name: stats.get(name, math.nan) for name in world.statistics})
    return results


def simulated_where(
    sets: list[dict[str, float]], seeds: list[int], world: World
) -> tuple[list[dict[str, float]], str]:
    """``simulate_many``'s rows and the machine that computed them (``worker_machine``). The
    predictive draws' task: here, not beside the page's code, so that a process spawned for the
    draws (or a Dask worker) imports the model and its statistics, not pyabc and matplotlib."""
    return simulate_many(sets, seeds, world), worker_machine()


def study_statistics(scenario: Scenario, seed: int, reps: int) -> dict[str, float]:
    """The study statistics of one simulated field study (``config.STATISTICS``)."""
    design = StudyDesign() if reps == StudyDesign().reps else StudyDesign().scaled(reps)
    table, model = run_study(seed, design, scenario)
    quadratic = fit(table)
    names = ["x2", "x2_z"]
    w = np.array([1.0, LOW])  # curvature at EI −1 SD: 2(b2 + b4·z), z = −1
    beta = np.array([quadratic.coef(n) for n in names])
    se = float(np.sqrt(w @ quadratic.cov_of(names) @ w))
    high_effort = float(np.quantile(table["effort"], 0.9))
    weekly = model.weekly_frame()
    churned = weekly["churned"].to_numpy()
    slots = model.customer_state.owner.size
    return {
        "low_ei_curvature_t": float(w @ beta) / se if se > 0 else math.nan,
        "high_ei_slope_t": simple_slope(quadratic, high_effort, HIGH).t,
        "ideal_contacts_per_quarter": ideal_contacts(model),
        "annual_churn": float(churned[-1] - churned[max(churned.size - 53, 0)]) / slots,
        "relationship_level": float(weekly["relational_performance"].iloc[-1]),
    }


def ideal_contacts(model: RapportModel) -> float:
    """Contacts per quarter at which active customers' mean relationship is highest.

    A customer's recent rate (``pressure``, contacts a week over the customer's memory) × 13,
    rounded to whole contacts; only rates held by ≥ 5 % of customers count (NaN if none).
    """
    cs = model.customer_state
    rates = np.rint(cs.pressure * QUARTER_WEEKS)
    best, best_mean = math.nan, -math.inf
    for rate in np.unique(rates):
        held = rates == rate
        if held.mean() >= IDEAL_MIN_SHARE:
            mean = float(cs.relationship[held].mean())
            if mean > best_mean:
                best, best_mean = float(rate), mean
    return best


def simulate_team(
    scenario: Scenario,
    seed: int,
    hours: np.ndarray,
    ei: np.ndarray | None = None,
    customers: float | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """A team in this world: a year at each rep's mean hours, then ``hours`` week by week.

    Args:
        scenario: The world's parameters.
        seed: Seeds the model.
        hours: (weeks, reps) customer-facing hours.
        ei: Each rep's EI (0–1), both facets; None: the scenario's.
        customers: Portfolio size; None: the scenario's.

    Returns:
        Customers each rep lost each replayed week (weeks, reps) and each rep's mean
        relationship after the last week.
    """
    weeks, n = hours.shape
    values: dict[str, Any] = {"reps.count": n, "simulation.weeks": TEAM_WARMUP_WEEKS + weeks}
    if customers is not None:
        values["customers.per_rep"] = round(customers)
    model = RapportModel(scenario.with_values(values), seed=seed)
    rs = model.rep_state
    if ei is not None:
        rs.perception, rs.regulation = ei.copy(), ei.copy()
        rs.base_perception, rs.base_regulation = ei.copy(), ei.copy()
    for _ in range(TEAM_WARMUP_WEEKS):
        rs.effort_hours = hours.mean(axis=0)
        model.step()
    lost = np.zeros_like(hours)
    for week, week_hours in enumerate(hours):
        before = rs.churned.copy()
        rs.effort_hours = week_hours.copy()
        model.step()
        lost[week] = rs.churned - before
    cs = model.customer_state
    held = np.bincount(cs.owner, minlength=n)
    relationship = np.bincount(cs.owner, weights=cs.relationship, minlength=n) / np.maximum(held, 1)
    return lost, relationship


def team_statistics(scenario: Scenario, seed: int, team: Team) -> dict[str, float]:
    """The team statistics of the manager's team simulated in this world."""
    lost, relationship = simulate_team(
        scenario, seed, team_hours(scenario, team), team.ei, team.customers
    )
    known = (
        np.ones(len(team.reps), dtype=bool)
        if team.relationship is None
        else ~np.isnan(team.relationship)
    )
    return {
        "team_lost_per_rep_week": float(lost[~np.isnan(team.lost)].mean()),
        "team_relationship": float(relationship[known].mean()),
    }
