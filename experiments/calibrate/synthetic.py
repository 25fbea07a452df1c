"""Synthetic teams with known parameters: the example CSV and the coverage check.

A synthetic team is simulated exactly as ``--team`` simulates a manager's team (a year's
warm-up, then the exported weeks), with its reps' hours varying week to week as in the field
study's design, and written as the CSV a CRM export would give (ratings measured with the
supervisor-rating reliability of the replication's design).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from experiments.calibrate.abc import TEAM_PARAMETERS, calibrate_team, to_values
from experiments.calibrate.report import posterior_frame, posterior_table
from experiments.calibrate.simulate import World, scenario_for, simulate_team
from experiments.calibrate.team import read_team
from experiments.replicate.design import StudyDesign, error_sd, weekly_hours


def write_synthetic_team(
    path: str | Path,
    params: Mapping[str, float],
    seed: int,
    *,
    reps: int = 12,
    weeks: int = 12,
    customers: int | None = 40,
    mean_hours: float = 24.0,
) -> Path:
    """Simulate a team in the world ``params`` and write its CSV (see ``team.py``).

    Args:
        path: Where the CSV goes.
        params: The true parameter values (dotted names; the rest default).
        seed: Seeds the team's hours, EI, ratings and the model.
        reps: Reps in the team.
        weeks: Weeks exported.
        customers: Portfolio size written (None: the column is left out).
        mean_hours: Median of the reps' habitual customer-facing hours.
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(7,)))
    design = StudyDesign(reps=reps, supervisors=1, survey_week=weeks, rating_lag_weeks=0)
    habit = mean_hours * np.exp(rng.normal(0.0, 0.3, reps))
    hours = np.round(weekly_hours(rng, design, habit), 1)
    ei_score = np.round(np.clip(rng.normal(4.5, 1.0, reps), 1, 7), 2)  # WLEIS item mean
    scenario = scenario_for(World(), params)
    lost, relationship = simulate_team(scenario, seed, hours, (ei_score - 1) / 6, customers)
    noise = error_sd(float(np.var(relationship, ddof=1)), design.rating_reliability)
    rating = np.round(np.clip(1 + 6 * (relationship + rng.normal(0, noise, reps)), 1, 7), 2)
    path = Path(path)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        header = ["rep", "week", "hours", "lost_customers", "ei", "rating"]
        if customers is not None:
            header.insert(4, "customers")
        writer.writerow(header)
        for j in range(reps):
            for week in range(weeks):
                row = [f"rep{j + 1:02d}", week + 1, hours[week, j], int(lost[week, j])]
                if customers is not None:
                    row.append(customers)
                row += [ei_score[j], rating[j] if week == weeks - 1 else ""]
                writer.writerow(row)
    return path


def coverage_check(
    folder: str | Path,
    *,
    teams: int,
    seed: int,
    population: int,
    generations: int,
    workers: int | str = 2,
    progress: Callable[[pd.DataFrame], None] | None = None,
) -> pd.DataFrame:
    """Calibrate on synthetic teams whose true parameters are known; does the posterior's 90 %
    interval cover the truth?

    Each team's truth is drawn from the priors of ``TEAM_PARAMETERS`` (the rest at their
    defaults, as the calibration assumes); the team is written as a CSV, read back like a
    manager's file and calibrated with the team's targets only.

    Args:
        progress: Called with the rows so far after each team.

    Returns:
        One row per team and parameter: truth, interval, covered.
    """
    folder = Path(folder)
    rng = np.random.default_rng(seed)
    rows = []
    for k in range(teams):
        truth = to_values({name: float(rng.normal()) for name in TEAM_PARAMETERS})
        team_file = write_synthetic_team(folder / f"team{k}.csv", truth, seed + k)
        run = calibrate_team(
            read_team(team_file),
            folder / f"run{k}",
            population=population,
            generations=generations,
            seed=seed + k,
            workers=workers,
        )
        table = posterior_table(posterior_frame(run.history, run.problem.names), run.problem.names)
        for row in table.to_dict("records"):
            value = truth[row["parameter"]]
            rows.append(
                {
                    "team": k,
                    "parameter": row["parameter"],
                    "truth": value,
                    "low_90": row["low_90"],
                    "high_90": row["high_90"],
                    "width_share": row["width_share"],
                    "covered": row["low_90"] <= value <= row["high_90"],
                }
            )
        if progress is not None:
            progress(pd.DataFrame(rows))
    return pd.DataFrame(rows)
