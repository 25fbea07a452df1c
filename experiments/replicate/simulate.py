"""One simulated field study: the model runs the study's reps, the design measures them.

The reps are agents of one ``RapportModel`` (reps do not interact, so one model with 107 reps is
107 independent careers on the same kind of customers). Each week the model runs on that week's
hours of every rep (``design.weekly_hours``), so the 13-week archive is a real record of varying
weeks, not the true habit plus noise.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from experiments.replicate.design import (
    StudyDesign,
    Traits,
    archived_effort,
    draw_traits,
    supervisor_rating,
    surveyed_ei,
    weekly_hours,
)
from sim.model import RapportModel
from sim.params import Scenario
from sim.population import TeamDraw, initial_restraint


def study_seeds(seed: int, runs: int, *key: int) -> list[int]:
    """``runs`` independent seeds derived from ``seed`` (and an optional spawn key)."""
    root = np.random.SeedSequence(seed, spawn_key=tuple(key))
    return [int(s.generate_state(1, np.uint32)[0]) for s in root.spawn(runs)]


@dataclass
class StudyStart:
    """A study before its first week: the model with the study's reps, who they are, and the
    hours each works in each week to come."""

    model: RapportModel
    traits: Traits
    hours: np.ndarray  # (weeks, reps)
    rng: np.random.Generator  # the design's stream, for the measurements after the run


def start_study(
    seed: int, design: StudyDesign = StudyDesign(), scenario: Scenario | None = None
) -> StudyStart:
    """The model with the study's reps in place of the team it drew, before week 1.

    The reps take the study's perception and regulation, and their customers' starting
    restraint follows from them (docs/model.md section 5).
    """
    scenario = (scenario or Scenario()).with_values(
        {"reps.count": design.reps, "simulation.weeks": design.weeks}
    )
    model = RapportModel(scenario, seed=seed)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))
    traits = draw_traits(rng, design)
    hours = weekly_hours(rng, design, traits.habit)
    rs, cs = model.rep_state, model.customer_state
    rs.perception, rs.regulation = traits.perception.copy(), traits.regulation.copy()
    rs.base_perception, rs.base_regulation = traits.perception.copy(), traits.regulation.copy()
    # The constructor set the starting restraint from the team it drew; the study's reps have
    # cut their book by their own perception. Book knowledge builds up over the months before
    # the study at a rep's usual workload, so it follows the habit, not one week's hours.
    team = TeamDraw(rs.profile, traits.habit, traits.perception, traits.regulation)
    restraint = initial_restraint(model.params, team, cs.tolerance)
    cs.restraint[:] = np.where(cs.present > 0, restraint, 0.0)  # unwon slots stay empty
    return StudyStart(model, traits, hours, rng)


def simulate_study(
    seed: int, design: StudyDesign = StudyDesign(), scenario: Scenario | None = None
) -> pd.DataFrame:
    """One simulated field study: one row per rep with measured effort, EI and rating.

    The table of ``run_study`` (see there).
    """
    return run_study(seed, design, scenario)[0]


def run_study(
    seed: int, design: StudyDesign = StudyDesign(), scenario: Scenario | None = None
) -> tuple[pd.DataFrame, RapportModel]:
    """One simulated field study, with the model it ran (for statistics beyond the table).

    Args:
        seed: Seeds the model and (through a spawned stream) the design's draws.
        design: Who is studied and how they are measured.
        scenario: The model's parameters (default scenario if omitted); team size and weeks are
            set by the design.

    Returns:
        The table and the model after its last week. The table has the measured columns
        (``effort``, ``ei``, ``ei_z``, ``rating``, ``supervisor``) and, for checking the
        measurement, the true ones (``true_*``).
    """
    start = start_study(seed, design, scenario)
    model, traits, hours, rng = start.model, start.traits, start.hours, start.rng
    rs = model.rep_state
    for week_hours in hours:
        rs.effort_hours = week_hours.copy()
        model.step()
    reps = model.rep_frame()
    quality = reps[reps["week"] == design.weeks].sort_values("rep")["relationship"].to_numpy()
    measured_ei = surveyed_ei(rng, design, traits)
    table = pd.DataFrame(
        {
            "rep": np.arange(design.reps),
            "supervisor": traits.team,
            "effort": archived_effort(design, hours),
            "ei": measured_ei,
            "ei_z": (measured_ei - measured_ei.mean()) / measured_ei.std(ddof=1),
            "rating": supervisor_rating(rng, design, traits.team, quality),
            "true_effort": traits.habit,
            "true_ei": traits.ei,
            "true_relationship": quality,
        }
    )
    return table, model
