"""Metrics: each computed by one function, shared by the CLI, the sweeps, the app and the tests.

Model-level reporter names are the column names of ``weekly.parquet`` and the keys of chart
labels; ``METRICS`` describes each for tables, axes and help texts.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim import kernels, versions
from sim.params import PARAMS
from sim.state import WEEKLY_FLOWS, rep_mean

if TYPE_CHECKING:
    from sim.model import RapportModel

IRRITATED = 0.1


# Each metric sums with ``kernels.portfolio_total`` and divides by the size where a mean is meant:
# the same floating-point operations as ``kernels.world_metrics``, which records every metric of a
# week in one call (``WeeklyRecord.append``, the batched worlds), so a metric computed alone (a
# Mesa ``DataCollector``) equals the recorded one to the last bit.


def _total(values: np.ndarray) -> float:
    return float(kernels.portfolio_total(values, 0, values.size))


def relational_performance(model: RapportModel) -> float:
    relationship = model.customer_state.relationship
    return _total(relationship) / relationship.size


def revenue(model: RapportModel) -> float:
    return _total(model.rep_state.revenue)


def churned(model: RapportModel) -> int:
    return int(model.churned_total)


def customers(model: RapportModel) -> int:
    return int(_total(model.rep_state.active))


def irritation(model: RapportModel) -> float:
    values = model.customer_state.irritation
    return _total(values) / values.size


def irritated_share(model: RapportModel) -> float:
    values = model.customer_state.irritation
    return int(np.count_nonzero(values > IRRITATED)) / values.size


def _rep_total(name: str, model: RapportModel) -> float:
    return _total(getattr(model.rep_state, name))


def _rep_mean(name: str, model: RapportModel) -> float:
    values = getattr(model.rep_state, name)
    return _total(values) / values.size


# Partials, not closures: a model's DataCollector holds the reporters, and a closure does not
# pickle (Mesa calls a partial with the model, as a function).
def _team_total(name: str) -> Callable[[Any], float]:
    return partial(_rep_total, name)


def _signals_noticed(model: RapportModel) -> int:
    return int(_rep_total("signals_noticed", model))  # a count, kept as floats per rep


def _team_mean(name: str) -> Callable[[Any], float]:
    return partial(_rep_mean, name)


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
            "0-1",
            "Mean relationship score over the team's customer slots, 0 to 1 (an empty slot "
            "counts as no relationship).",
            "Mittlere Beziehungsqualität über die Kundenplätze des Teams, 0 bis 1 (ein leerer "
            "Platz zählt als keine Beziehung).",
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
            "customers",
            "customers",
            "Customers the team has: its customer slots less those still empty after a "
            "customer left or not yet won (all of them unless winning a customer takes "
            "prospecting hours).",
            "Kunden, die das Team hat: seine Kundenplätze ohne die, die nach einem Verlust "
            "oder noch nicht gewonnen leer sind (alle, solange ein neuer Kunde keine "
            "Akquisestunden kostet).",
            customers,
        ),
        _metric(
            "irritation",
            "",
            "Mean irritation (reactance) over the customer slots (an empty slot counts 0).",
            "Mittlere Verärgerung (Reaktanz) über die Kundenplätze (ein leerer Platz zählt 0).",
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
            "Stunden des Teams für wertschaffende Arbeit (Vorbereitung, Problemlösung).",
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
            _signals_noticed,
        ),
        _metric(
            "irritated_share",
            "0-1",
            "Share of customer slots whose customer has irritation above 0.1.",
            "Anteil der Kundenplätze, deren Kunde eine Verärgerung über 0,1 hat.",
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
            "0-1",
            "Mean perception of the team.",
            "Mittlere Wahrnehmung des Teams.",
            _team_mean("perception"),
        ),
        _metric(
            "regulation",
            "0-1",
            "Mean regulation of the team.",
            "Mittlere Selbstregulation des Teams.",
            _team_mean("regulation"),
        ),
    )
}
MODEL_REPORTERS: dict[str, Callable[[Any], float]] = {m.name: m.compute for m in METRICS.values()}
"""Mesa DataCollector reporters, one per metric, in the registry's order."""
if tuple(METRICS) != kernels.METRIC_COLUMNS:  # a new metric must be added to the kernel too
    raise ImportError(f"sim.kernels.METRIC_COLUMNS {kernels.METRIC_COLUMNS} != {tuple(METRICS)}")
COUNTS = ("churned", "customers", "signals_noticed")  # metrics that are whole numbers
INTEGER = tuple(name in COUNTS for name in METRICS)

PORTFOLIO_MEANS = ("relationship", "irritation")  # per-rep columns averaged over customers
# The per-rep table's columns: traits, portfolio means, the week's flows, cumulative churn.
REP_COLUMNS = (
    "effort_hours",
    "perception",
    "regulation",
    *PORTFOLIO_MEANS,
    *(flow for flow in WEEKLY_FLOWS if flow != "signals_noticed"),
    "churned",
)


# The per-rep table's units (its other columns: ``week``, ``rep``, ``profile``).
REP_UNITS = {
    "effort_hours": "h/week",
    "perception": "0-1",
    "regulation": "0-1",
    "relationship": "0-1",
    "irritation": "",
    **{flow: "h/week" for flow in WEEKLY_FLOWS if flow.endswith("_hours")},
    "revenue": "k€/week",
    "churned": "customers",
}
if set(REP_UNITS) != set(REP_COLUMNS):  # a column added without its unit
    raise ImportError(f"sim.metrics.REP_UNITS {sorted(REP_UNITS)} != {sorted(REP_COLUMNS)}")


def _share_unit(spec: Any) -> str:
    """The unit "0-1" for a parameter that is a score or share (a float bounded by 0 and 1), else
    ""."""
    return "0-1" if spec.type == "float" and (spec.minimum, spec.maximum) == (0, 1) else ""


def column_units(columns: Iterable[str]) -> dict[str, str]:
    """The units of the given output columns that have one (metrics, per-rep values, week, the
    parameters a sweep varies; "0-1" for a score or share), for the metadata of the files that
    hold them and the frames' ``attrs``. An index without a unit (irritation) has no entry."""
    units = {
        "week": "week",
        # a sweep's axes; a score or share between 0 and 1 as "0-1", as the per-rep table has
        # reps' perception and regulation (a sweep's chunk had no unit for them)
        **{name: spec.unit or _share_unit(spec) for name, spec in PARAMS.items()},
        **REP_UNITS,
        **{name: m.unit for name, m in METRICS.items()},
    }
    return {name: units[name] for name in columns if units.get(name)}


def file_metadata(columns: Iterable[str], **about: Any) -> dict[bytes, bytes]:
    """Parquet key-value metadata that makes a table self-describing: under ``rapport``, the
    versions that produced it, the units of its columns and whatever ``about`` adds (a run's
    seed). Read it with ``json.loads(pyarrow.parquet.read_schema(path).metadata[b"rapport"])``."""
    meta = {**versions(), **about}
    meta["units"] = column_units(columns)
    return {b"rapport": json.dumps(meta, ensure_ascii=False).encode("utf-8")}


def rep_values(model: RapportModel) -> list[np.ndarray]:
    """This week's per-rep values in the order of ``REP_COLUMNS`` (not copies)."""
    rs, cs = model.rep_state, model.customer_state
    return [
        rep_mean(model, getattr(cs, name)) if name in PORTFOLIO_MEANS else getattr(rs, name)
        for name in REP_COLUMNS
    ]


class WeeklyRecord:
    """Every week's metrics, written into arrays allocated once for the scenario's weeks.

    Row ``i`` holds week ``i`` (week 0 is the starting state). The arrays double when a model runs
    past the weeks it was sized for. Tables are built only when asked for (``frame``,
    ``rep_frame``): a weekly ``DataCollector`` with 13 reporters and a list of per-rep dicts cost a
    small model more than all its phases together.

    Args:
        weeks: weeks the model is expected to run (rows are ``weeks + 1``).
        reps: size of the team, for the per-rep table.
        keep_reps: record the per-rep table too.
    """

    def __init__(self, weeks: int, reps: int, *, keep_reps: bool):
        self.rows = 0
        self.values = np.empty((weeks + 1, len(METRICS)))
        self.integer = INTEGER
        self.reps = reps
        self.keep_reps = keep_reps
        self.rep_values: dict[str, np.ndarray] = {}

    def append(self, model: RapportModel) -> None:
        """Append this week's metrics (and per-rep values) as the next row."""
        if self.rows == len(self.values):
            self.values = _grown(self.values)
            self.rep_values = {k: _grown(v) for k, v in self.rep_values.items()}
        kernels.world_metrics(
            self.values[self.rows : self.rows + 1],
            self.reps,
            model.customer_state,
            model.rep_state,
            IRRITATED,
        )
        if self.keep_reps:
            week = rep_values(model)
            if not self.rep_values:
                self.rep_values = {
                    name: np.empty((len(self.values), self.reps), values.dtype)
                    for name, values in zip(REP_COLUMNS, week, strict=True)
                }
            for table, values in zip(self.rep_values.values(), week, strict=True):
                table[self.rows] = values
        self.rows += 1

    def column(self, name: str) -> np.ndarray:
        """One metric's weekly values so far (a read-only view; counts as integers)."""
        i = list(METRICS).index(name)
        values = self.values[: self.rows, i]
        if self.integer[i]:
            return values.astype(np.int64)
        view = values.view()
        view.flags.writeable = False
        return view

    def columns(self) -> dict[str, np.ndarray]:
        """Every metric's weekly values so far, in the registry's order."""
        return {name: self.column(name) for name in METRICS}

    def last(self) -> dict[str, float | int]:
        """The latest row as Python numbers."""
        row = self.values[self.rows - 1].tolist()
        return {
            name: int(v) if integer else v
            for name, v, integer in zip(METRICS, row, self.integer, strict=True)
        }

    def frame(self) -> pd.DataFrame:
        """One row per week: ``week`` and the model-level metrics as columns; each column's
        unit in ``frame.attrs["units"]``, as the files' metadata gives it."""
        return with_units(pd.DataFrame({"week": np.arange(self.rows), **self.columns()}))

    def rep_frame(
        self, profiles: list[str], before: tuple[int, list[str]] | None = None
    ) -> pd.DataFrame:
        """One row per rep and week (week-major), each rep's profile as a category.

        ``before``: (week, profiles) when the team's profiles changed (new hires): the weeks
        before that one show the profiles before.
        """
        if not self.keep_reps:
            raise ValueError("this model keeps no per-rep table (collect_reps=False)")
        n, weeks = self.reps, self.rows
        labels = np.tile(np.asarray(profiles, dtype=object), weeks)
        if before is not None:
            since = min(before[0], weeks)
            labels[: since * n] = np.tile(np.asarray(before[1], dtype=object), since)
        frame = pd.DataFrame(
            {
                "week": np.repeat(np.arange(weeks), n),
                "rep": np.tile(np.arange(n), weeks),
                "profile": pd.Categorical(labels),
                **{name: self.rep_values[name][:weeks].ravel() for name in REP_COLUMNS},
            }
        )
        return with_units(frame)


def with_units(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the units of its columns in ``frame.attrs["units"]``, as a file's metadata
    carries them (``file_metadata``). pandas keeps ``attrs`` through filtering, selecting,
    sorting, groupby means, concat of frames with the same units and Parquet, not through merge
    or CSV, and does not change them: a sum over weeks still says k€/week."""
    frame.attrs["units"] = column_units(frame.columns)
    return frame


def _grown(values: np.ndarray) -> np.ndarray:
    """The same rows in an array with twice the room."""
    grown = np.empty((2 * len(values), *values.shape[1:]), values.dtype)
    grown[: len(values)] = values
    return grown
