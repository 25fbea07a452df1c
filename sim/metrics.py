"""Metrics: each computed by one function, shared by the CLI, the sweeps, the app and the tests.

Model-level reporter names are the column names of ``weekly.parquet`` and the keys of chart
labels; ``METRICS`` describes each for tables, axes and help texts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.state import rep_mean

if TYPE_CHECKING:
    from sim.model import RapportModel

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


@dataclass(frozen=True)
class Metric:
    """A model-level metric: its column name, unit, texts in both languages and how to compute it.

    The DataCollector, ``rapport params``, sweep validation, the figures and the app all read
    this registry; the name is the column of ``weekly.parquet`` and of sweep results.
    """

    name: str
    unit: str
    description: str
    description_de: str
    compute: Callable[[Any], float]


def _metric(name: str, unit: str, description: str, description_de: str, compute) -> Metric:
    return Metric(name, unit, description, description_de, compute)


METRICS: dict[str, Metric] = {
    m.name: m
    for m in (
        _metric(
            "relational_performance",
            "",
            "Mean relationship score of active customers, 0 to 1.",
            "Mittlere Beziehungsqualität der aktiven Kunden, 0 bis 1.",
            relational_performance,
        ),
        _metric(
            "revenue",
            "k€/week",
            "Team revenue this week: purchases plus new business.",
            "Umsatz des Teams in dieser Woche: Käufe und Neugeschäft.",
            revenue,
        ),
        _metric(
            "churned",
            "customers",
            "Customers lost since the start (cumulative).",
            "Seit Beginn verlorene Kunden (kumuliert).",
            churned,
        ),
        _metric(
            "irritation",
            "",
            "Mean irritation (reactance) of active customers.",
            "Mittlere Verärgerung (Reaktanz) der aktiven Kunden.",
            irritation,
        ),
        _metric(
            "wasted_hours",
            "h/week",
            "Team hours spent on contacts beyond customers' tolerance.",
            "Stunden des Teams für Kontakte jenseits der Toleranz der Kunden.",
            _team_total("wasted_hours"),
        ),
        _metric(
            "contact_hours",
            "h/week",
            "Team hours in personal customer contacts.",
            "Stunden des Teams in persönlichen Kundenkontakten.",
            _team_total("contact_hours"),
        ),
        _metric(
            "value_hours",
            "h/week",
            "Team hours in value work (preparation, problem solving).",
            "Stunden des Teams für Wertarbeit (Vorbereitung, Problemlösung).",
            _team_total("value_hours"),
        ),
        _metric(
            "prospecting_hours",
            "h/week",
            "Team hours prospecting new customers.",
            "Stunden des Teams für die Akquise neuer Kunden.",
            _team_total("prospecting_hours"),
        ),
        _metric(
            "signals_noticed",
            "signals/week",
            "Customer signals the team noticed this week.",
            "Signale von Kunden, die das Team diese Woche bemerkt hat.",
            _team_total("signals_noticed"),
        ),
        _metric(
            "irritated_share",
            "",
            "Share of active customers with irritation above 0.1.",
            "Anteil der aktiven Kunden mit einer Verärgerung über 0,1.",
            irritated_share,
        ),
        _metric(
            "effort_hours",
            "h/week",
            "Mean effort per rep.",
            "Mittlerer Einsatz pro Person.",
            _team_mean("effort_hours"),
        ),
        _metric(
            "perception",
            "",
            "Mean perception of the team.",
            "Mittlere Wahrnehmung des Teams.",
            _team_mean("perception"),
        ),
        _metric(
            "regulation",
            "",
            "Mean regulation of the team.",
            "Mittlere Selbstregulation des Teams.",
            _team_mean("regulation"),
        ),
    )
}
MODEL_REPORTERS: dict[str, Callable[[Any], float]] = {m.name: m.compute for m in METRICS.values()}
"""Mesa DataCollector reporters, one per metric, in the registry's order."""

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
