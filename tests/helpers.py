"""Helpers the tests share: the repository's path and small scenarios built from the schema."""

from __future__ import annotations

from pathlib import Path

from sim.model import RapportModel
from sim.params import Scenario

REPO = Path(__file__).resolve().parents[1]


def scenario(**values) -> Scenario:
    """The default scenario with dotted-name values given as keyword args (dots as '__')."""
    return Scenario().with_values({k.replace("__", "."): v for k, v in values.items()})


def small_model(seed: int = 1, **values) -> RapportModel:
    """A small model: 4 reps × 20 customers unless overridden."""
    values = {"reps__count": 4, "customers__per_rep": 20, **values}
    return RapportModel(scenario(**values), seed=seed)
