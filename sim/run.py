"""Running one scenario and writing its results: the engine behind ``rapport run``."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from sim import MODEL_VERSION, __version__
from sim.model import RapportModel
from sim.params import Scenario
from sim.plots import save_figure, trajectory_figure
from sim.texts import figure_labels


@dataclass
class RunResult:
    """The tidy tables and the summary of one run."""

    scenario: Scenario
    weekly: pd.DataFrame
    reps: pd.DataFrame
    summary: dict[str, Any]


def run_scenario(scenario: Scenario) -> RunResult:
    """Simulate ``scenario`` for its ``simulation.weeks`` and return its tables."""
    model = RapportModel(scenario).run()
    weekly = model.weekly_frame()
    summary = {
        **model.summary(),
        "peak_relational_performance": float(weekly["relational_performance"].max()),
        "peak_week": int(weekly["relational_performance"].idxmax()),
        "seed": scenario.simulation.seed,
        "version": __version__,
        "model_version": MODEL_VERSION,
        "parameters": scenario.model_dump(mode="json"),
    }
    return RunResult(scenario, weekly, model.rep_frame(), summary)


def write_run(result: RunResult, out: str | Path) -> dict[str, Path]:
    """Write ``weekly.parquet``, ``reps.parquet``, ``summary.json`` and ``trajectory.png``."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = {
        "weekly": out / "weekly.parquet",
        "reps": out / "reps.parquet",
        "summary": out / "summary.json",
        "trajectory": out / "trajectory.png",
    }
    result.weekly.to_parquet(paths["weekly"], index=False)
    result.reps.to_parquet(paths["reps"], index=False)
    paths["summary"].write_text(json.dumps(result.summary, indent=2) + "\n", encoding="utf-8")
    figure = trajectory_figure(result.weekly, result.reps, labels=figure_labels("trajectory"))
    save_figure(figure, paths["trajectory"])
    return paths


def summary_table(result: RunResult) -> str:
    """A short plain-text table: start, peak and final week of the headline metrics."""
    w = result.weekly
    peak = int(w["relational_performance"].idxmax())
    rows = [
        ("relational_performance", "{:.3f}"),
        ("revenue", "{:.1f}"),
        ("churned", "{:.0f}"),
        ("irritation", "{:.3f}"),
        ("wasted_hours", "{:.1f}"),
    ]
    picks = [("start", 0), (f"peak (wk {peak})", peak), (f"final (wk {len(w) - 1})", len(w) - 1)]
    head = f"{'metric':<24}" + "".join(f"{label:>16}" for label, _ in picks)
    lines = [head, "-" * len(head)]
    for name, fmt in rows:
        lines.append(
            f"{name:<24}" + "".join(f"{fmt.format(w[name].iloc[i]):>16}" for _, i in picks)
        )
    return "\n".join(lines)
