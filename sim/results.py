"""A run's results: its tables and summary (shared by single runs and batched worlds).

Kept apart from ``sim.run``, which draws figures (matplotlib): sweep workers that only simulate
import this, not that.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim import versions
from sim.metrics import column_units
from sim.params import Scenario

RUN_FILES = {
    "weekly": "weekly.parquet",
    "reps": "reps.parquet",
    "summary": "summary.json",
    "trajectory": "trajectory.png",
}
"""The files of a run's folder; a folder holding anything else is not replaced."""
SWEEP_FILES = ("manifest.json", "results")
"""What marks a sweep's (or a pattern map's) folder: its manifest and its results
(``experiments.store`` writes them; the model core does not import the experiments)."""


@dataclass
class RunResult:
    """The tidy tables and the summary of one run."""

    scenario: Scenario
    weekly: pd.DataFrame
    reps: pd.DataFrame
    summary: dict[str, Any]


def run_summary(
    scenario: Scenario, weekly: pd.DataFrame, final: dict[str, Any], seed: int | None = None
) -> dict[str, Any]:
    """A run's ``summary.json``: the final week's metrics, the peak, their units, versions and
    the parameters that run it again (``parameters``, with the seed it used).

    ``seed`` is the one the run used, if not the scenario's.
    """
    seed = scenario.simulation.seed if seed is None else seed
    parameters = scenario.model_dump(mode="json")
    parameters["simulation"]["seed"] = seed
    summary = {
        **final,
        "peak_relational_performance": float(weekly["relational_performance"].max()),
        "peak_week": int(weekly["relational_performance"].idxmax()),
    }
    units = column_units([*final, "relational_performance"])
    units |= {"peak_relational_performance": units["relational_performance"], "peak_week": "week"}
    return {**summary, "units": units, "seed": seed, **versions(), "parameters": parameters}


def naming(exc: OSError, path: str | Path) -> OSError:
    """``exc`` naming ``path`` where it names no file, with the system's words for its reason:
    pyarrow's error of a full disk said "cannot write the output: Error writing bytes to file.
    Detail: [errno 28] No space left on device"."""
    if exc.filename is not None or exc.errno is None:
        return exc
    return OSError(exc.errno, os.strerror(exc.errno), str(path))
