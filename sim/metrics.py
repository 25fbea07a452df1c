"""Metrics: each computed by one function, shared by the CLI, the sweeps, the app and the tests.

Model-level reporter names are the column names of ``weekly.parquet`` and the keys of chart
labels; ``METRICS`` describes each for tables, axes and help texts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from sim.model import RapportModel

METRICS: dict[str, tuple[str, str]] = {
    "relational_performance": (
        "",
        "Mean relationship score of active customers, 0 to 1.",
    ),
    "revenue": ("k€/week", "Team revenue this week: purchases plus new business."),
    "churned": ("customers", "Customers lost since the start (cumulative)."),
    "irritation": ("", "Mean irritation (reactance) of active customers."),
    "wasted_hours": (
        "h/week",
        "Team hours spent on contacts beyond customers' tolerance.",
    ),
    "contact_hours": ("h/week", "Team hours in personal customer contacts."),
    "value_hours": (
        "h/week",
        "Team hours in value work (preparation, problem solving).",
    ),
    "prospecting_hours": ("h/week", "Team hours prospecting new customers."),
    "signals_noticed": ("signals/week", "Customer signals the team noticed this week."),
    "irritated_share": ("", "Share of active customers with irritation above 0.1."),
    "effort_hours": ("h/week", "Mean effort per rep."),
    "perception": ("", "Mean perception of the team."),
    "regulation": ("", "Mean regulation of the team."),
}
IRRITATED = 0.1


def relational_performance(model: RapportModel) -> float:
    return float(model.customer_state.relationship.mean())


def revenue(model: RapportModel) -> float:
    return float(model.rep_state.revenue.sum())


def churned(model: RapportModel) -> int:
    return int(model.churned_total)


def irritation(model: RapportModel) -> float:
    return float(model.customer_state.irritation.mean())


def irritated_share(model: RapportModel) -> float:
    return float((model.customer_state.irritation > IRRITATED).mean())


def _team_total(name: str):
    def total(model: RapportModel) -> float:
        return float(getattr(model.rep_state, name).sum())

    total.__name__ = name
    return total


def _team_mean(name: str):
    def mean(model: RapportModel) -> float:
        return float(getattr(model.rep_state, name).mean())

    mean.__name__ = name
    return mean


MODEL_REPORTERS = {
    "relational_performance": relational_performance,
    "revenue": revenue,
    "churned": churned,
    "irritation": irritation,
    "wasted_hours": _team_total("wasted_hours"),
    "contact_hours": _team_total("contact_hours"),
    "value_hours": _team_total("value_hours"),
    "prospecting_hours": _team_total("prospecting_hours"),
    "signals_noticed": _team_total("signals_noticed"),
    "irritated_share": irritated_share,
    "effort_hours": _team_mean("effort_hours"),
    "perception": _team_mean("perception"),
    "regulation": _team_mean("regulation"),
}
assert list(MODEL_REPORTERS) == list(METRICS)

REP_COLUMNS = (
    "effort_hours",
    "perception",
    "regulation",
    "relationship",
    "irritation",
    "contact_hours",
    "value_hours",
    "prospecting_hours",
    "training_hours",
    "wasted_hours",
    "revenue",
    "churned",
)


def rep_metrics(model: RapportModel) -> dict[str, np.ndarray]:
    """This week's per-rep values (copies, safe to keep)."""
    from sim.model import rep_mean

    rs, cs = model.rep_state, model.customer_state
    row = {
        name: np.array(getattr(rs, name), copy=True)
        for name in REP_COLUMNS
        if name not in ("relationship", "irritation")
    }
    row["relationship"] = rep_mean(model, cs.relationship)
    row["irritation"] = rep_mean(model, cs.irritation)
    row["week"] = np.full(len(rs.effort_hours), model.week)
    return row


def rep_frame(rows: list[dict[str, np.ndarray]], profiles: list[str]) -> pd.DataFrame:
    """Stack weekly per-rep rows into one long table: one row per rep and week."""
    n = len(profiles)
    frame = pd.DataFrame(
        {
            "week": np.concatenate([r["week"] for r in rows]),
            "rep": np.tile(np.arange(n), len(rows)),
            "profile": pd.Categorical(np.tile(np.asarray(profiles, dtype=object), len(rows))),
            **{name: np.concatenate([r[name] for r in rows]) for name in REP_COLUMNS},
        }
    )
    return frame
