"""The multiverse of study designs (Steegen et al. 2016): every defensible combination of the
effort distribution, the reliabilities and the sample size, each with its own studies.

The analysis is the same in every cell (docs/replication-plan.md); only the design changes.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from experiments.replicate.design import EFFORT_HABITS, StudyDesign
from experiments.replicate.power import run_batches
from experiments.replicate.report import failures_line, multiverse_markdown
from experiments.replicate.simulate import study_seeds
from sim.params import Scenario


@dataclass(frozen=True)
class Multiverse:
    """The choices crossed in the table (the plan's values by default)."""

    efforts: tuple[str, ...] = tuple(EFFORT_HABITS)
    ei_reliabilities: tuple[float, ...] = (0.80, 0.90)
    rating_reliabilities: tuple[float, ...] = (0.52, 0.86)
    sizes: tuple[int, ...] = (107, 200, 400)

    def designs(self, base: StudyDesign = StudyDesign()) -> list[StudyDesign]:
        """One design per cell, in table order."""
        return [
            replace(base, effort=e, ei_reliability=a, rating_reliability=r).scaled(n)
            for e, a, r, n in itertools.product(
                self.efforts, self.ei_reliabilities, self.rating_reliabilities, self.sizes
            )
        ]


def run_multiverse(
    seed: int,
    studies: int,
    out: Path,
    multiverse: Multiverse = Multiverse(),
    scenario: Scenario | None = None,
    workers: int = 1,
) -> pd.DataFrame:
    """Run ``studies`` independent studies in every cell; write multiverse.csv/.md/.json.

    Returns:
        One row per cell: the design's choices, studies attempted and failed, and the share of
        studies in which each verdict holds.
    """
    designs = multiverse.designs()
    jobs = [(d, study_seeds(seed, studies, i)) for i, d in enumerate(designs)]
    batches = run_batches(jobs, scenario, workers)
    rows, failures = [], []
    for batch in batches:
        d = batch.design
        rows.append(
            {
                "effort": d.effort,
                "ei_reliability": d.ei_reliability,
                "rating_reliability": d.rating_reliability,
                "reps": d.reps,
                "studies": batch.attempted,
                "failed": len(batch.failures),
                **batch.rates(),
            }
        )
        failures += [{**f, "design": d.describe()} for f in batch.failures]
    table = pd.DataFrame(rows)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "multiverse.csv", index=False)
    attempted, failed = int(table["studies"].sum()), int(table["failed"].sum())
    model = "the default scenario" if scenario is None else "the given scenario"
    header = (
        f"# Multiverse of study designs: {studies} simulated studies per cell\n\n"
        f"Model parameters: {model}. Analysis plan: docs/replication-plan.md. Root seed {seed}. "
        + failures_line(failed, attempted)
    )
    (out / "multiverse.md").write_text(multiverse_markdown(table, header), encoding="utf-8")
    summary: dict[str, Any] = {
        "seed": seed,
        "studies_per_cell": studies,
        "model_parameters": model,
        "failed": failed,
        "failures": failures,
        "headline": headline(table),
        "cells": table.to_dict(orient="records"),
    }
    (out / "multiverse.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return table


def headline(table: pd.DataFrame) -> dict[str, float]:
    """The plan's headline cell: survey effort, rating reliability 0.52, 107 reps, both EI
    reliabilities pooled (weighted by the studies that ran)."""
    cell = table[
        (table["effort"] == "survey")
        & (table["rating_reliability"] == 0.52)
        & (table["reps"] == 107)
    ]
    ran = cell["studies"] - cell["failed"]
    if cell.empty or ran.sum() == 0:
        return {}
    return {
        name: float((cell[name] * ran).sum() / ran.sum())
        for name in ("conjunction_lm", "conjunction_tl", "b4_positive", "moderation")
    }
