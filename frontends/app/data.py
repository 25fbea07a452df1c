"""What the app shows, computed without any UI: presets, controls, series, curves, comparisons.

Every function here is plain Python on the schema, the model and its tables, so the page stays a
thin layer and the tests can check the numbers without a browser.
"""

from __future__ import annotations

import functools
import io
import math
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from experiments.intervals import mean_interval
from experiments.stats import analyse_curve
from experiments.worlds import (
    DEFAULT_POSTERIOR,
    ROOT,
    SPREAD,
    read_posterior,
    sample_worlds,
    world_row,
    world_seed,
)
from frontends.app.css import CONTROL_PREFIX
from frontends.app.i18n import COLUMN_ENDS_DE, COLUMNS_DE, param_label, profile_name, t
from frontends.exports import csv_text
from sim.batch import WorldResult, run_worlds
from sim.metrics import IRRITATED
from sim.model import RapportModel
from sim.params import (
    ACTS_WHEN,
    PARAMS,
    ConfigError,
    ParamSpec,
    Scenario,
    inert_settings,
    set_dotted,
    show_bound,
    validate_scenario,
)
from sim.population import profile_counts
from sim.priors import PRIORS
from sim.run import FALL, peak_and_low
from sim.scenarios import (
    dump_yaml,
    first_review,
    load_scenario,
    set_by_every_profile,
)
from sim.texts import DECIMAL_MARK

SCENARIO_DIR = Path(__file__).resolve().parents[2] / "configs" / "scenarios"
# Presets in the order the selector lists them (file stems in configs/scenarios/).
PRESETS = ("default", "hard_worker", "smart_worker", "mixed_team", "balanced_worker", "coaching")
# Team traits that can change mid-run (RapportModel.intervene); everything else needs a rebuild.
INTERVENABLE = ("reps.effort_hours", "reps.perception", "reps.regulation")
BASIC_GROUPS = ("reps", "customers", "simulation")
ADVANCED_GROUPS = ("coaching", "hiring", "management", "dynamics")
# Largest model the live view builds (customer slots, the product of SIZE_SETTINGS); bigger
# runs belong to `rapport run`.
MAX_CUSTOMERS = 400_000
SIZE_SETTINGS = ("reps.count", "customers.per_rep")
# Customer slots per rendered week while playing: above it the page renders every k-th week.
RENDER_BUDGET = 20_000
# Weeks within which a churned customer's slot is greyed in the portfolio picture.
RECENT_CHURN_WEEKS = 4
# The effort curve's axis, every 5 h up to the most effort the schema allows, so that the
# current effort's marker always lies on the chart (16 points: 3 levels x 16 x replications
# runs), and its empathy levels (low and high as in the shipped scenarios).
CURVE_EFFORTS = tuple(float(x) for x in range(5, int(PARAMS["reps.effort_hours"].maximum) + 1, 5))
LOW_EMPATHY, HIGH_EMPATHY = 0.1, 0.9


# --- presets and controls -------------------------------------------------------------------


def load_presets(directory: Path = SCENARIO_DIR) -> dict[str, Scenario]:
    """The shipped scenarios by file stem, in selector order."""
    return {stem: load_scenario(directory / f"{stem}.yaml") for stem in PRESETS}


def control_values(scenario: Scenario) -> dict[str, Any]:
    """Every parameter's value in ``scenario``, by dotted name (profiles as a tuple)."""
    return {name: scenario.get(name) for name in PARAMS}


def url_settings(values: Mapping[str, Any], base: Scenario) -> dict[str, str]:
    """The settings that differ from ``base`` (the preset), as the page's address keeps them:
    dotted name -> the number as text ("reps.effort_hours" -> "55"). Only valid numbers: an
    entry a field refused stays out (the address keeps what applies)."""
    kept = {}
    for spec in control_params(BASIC_GROUPS + ADVANCED_GROUPS):
        value = values.get(spec.name)
        if not isinstance(value, int | float):  # a refused entry is text (``Refused``)
            continue
        if value != base.get(spec.name):
            kept[spec.name] = url_number(value)
    return kept


def url_number(value: float) -> str:
    """A number as the page's address writes it: "55", "0.46" (exactly the float, read back)."""
    whole = isinstance(value, int) or float(value).is_integer()
    return str(int(value)) if whole else repr(float(value))


def url_changes(changes: Iterable[tuple[int, Mapping[str, float]]]) -> str:
    """Changes made during a run as the page's address keeps them: the week after which each
    was made, then each trait's new team mean, e.g. "12:effort_hours=55;30:perception=0.3"."""
    return ";".join(
        f"{week}:" + ",".join(f"{name}={url_number(v)}" for name, v in sorted(items.items()))
        for week, items in changes
    )


def run_changes(scenario: Scenario, model: RapportModel) -> list[tuple[int, dict[str, float]]]:
    """The changes of a run by week, in order: those of its scenario's schedule (made or still
    ahead) and those made during it (``model.interventions``), as ``url_changes`` writes them."""
    by_week: dict[int, dict[str, float]] = {}
    for change in scenario.interventions:
        by_week.setdefault(change.week, {}).update(change.changes)
    for made in model.interventions:
        by_week.setdefault(made.week, {}).update(made.changes)
    return sorted(by_week.items())


def in_effect(values: Mapping[str, Any], model: RapportModel) -> dict[str, Any]:
    """The control ``values`` with effort and empathy (``INTERVENABLE``) as the run's last
    changes set them, where it made any."""
    now = dict(values)
    for made in model.interventions:
        now.update({f"reps.{trait}": value for trait, value in made.changes.items()})
    return now


def with_url_changes(scenario: Scenario, text: str | None) -> Scenario:
    """``scenario`` with the changes an address names (``url_changes``) as its schedule
    (``interventions``), made at the same weeks as the changes it records, so the run is the
    same. Each trait's new value is kept only if the schema accepts it on top of the ones before,
    as ``settings_from_url`` keeps settings: an edited address never breaks the page, and a part
    of it that is no change (a week or value that is no number, an unknown trait, a value out of
    bounds, a second change of a trait in one week) costs only itself."""
    if not text:
        return scenario
    # A trait every profile sets has its slider disabled: the page makes no change to it, nor
    # does an address edited to name one (it changed the chart and status, not the slider).
    fixed = profile_traits(scenario.reps.profiles, scenario.reps.count)
    base = scenario.model_dump()
    schedule: list[dict[str, Any]] = []
    for part in text.split(";"):
        week, _, items = part.partition(":")
        try:
            change: dict[str, Any] = {"week": int(week)}
        except ValueError:
            continue
        for item in items.split(","):
            name, _, value = item.partition("=")
            if f"reps.{name}" in fixed or name in change:  # the first value of a trait stands
                continue
            try:
                tried = {**change, name: float(value)}
                validate_scenario({**base, "interventions": [*schedule, tried]})
            except (ValueError, ConfigError):
                continue
            change = tried
        if len(change) > 1:
            schedule.append(change)
    if not schedule:
        return scenario
    return validate_scenario({**base, "interventions": schedule})


def settings_from_url(query: Mapping[str, str], base: Scenario) -> dict[str, Any]:
    """The control values of ``base`` (the preset) with the settings an address names
    (``url_settings``), each read as its schema field says and kept only if the schema accepts
    it on top of the ones before: a value edited into the address that is no number, out of
    bounds or too large for the app falls back to the preset's, never breaks the page."""
    values = control_values(base)
    for spec in control_params(BASIC_GROUPS + ADVANCED_GROUPS):
        if spec.name not in query:
            continue
        try:
            value = parse_number(spec, query[spec.name], "en")
            scenario_from({**values, spec.name: value})
        except ConfigError:
            continue
        values[spec.name] = value
    return values


def control_params(groups: Iterable[str]) -> list[ParamSpec]:
    """The parameters with a control (numbers), in schema order, for the given groups."""
    groups = tuple(groups)
    return [p for p in PARAMS.values() if p.group in groups and p.type in ("int", "float")]


def control_step(spec: ParamSpec) -> float:
    """A slider step for a parameter: 1 for whole numbers, else about 1/100 of its range."""
    if spec.type == "int":
        return 1
    span = float(spec.maximum - spec.minimum)
    exponent = math.floor(math.log10(span)) - (1 if span >= 10 else 2)
    return 10.0**exponent


def _multiple(value: float, step: float) -> bool:
    return abs(value / step - round(value / step)) < 1e-6


def control_kind(spec: ParamSpec) -> str:
    """ "slider" when the range and default fit a slider's steps, else "number" (typed input)."""
    step = control_step(spec)
    if spec.type == "int":
        return "slider" if spec.maximum - spec.minimum <= 100 else "number"
    fits = _multiple(float(spec.minimum), step) and _multiple(float(spec.default), step)
    return "slider" if fits else "number"


def control_class(name: str) -> str:
    """The CSS class of a parameter's control (a stable hook for browser tests)."""
    return CONTROL_PREFIX + name.replace(".", "-")


def entry_text(value: Any, lang: str = "en") -> str:
    """A setting's value as a number field shows it: with ``lang``'s decimal mark ("0,5")."""
    return str(value).replace(".", DECIMAL_MARK[lang]) if isinstance(value, float) else str(value)


def parse_number(spec: ParamSpec, text: Any, lang: str = "en") -> int | float:
    """A typed-in value as the parameter's type; ConfigError naming the field if it is no number.

    ``lang``'s decimal mark is read as such ("0,5" in German is 0.5), and so is the other mark
    ("0.5" in German), unless it could group thousands ("1.000" in German, "1,000" in English):
    that entry, and one with both marks, is refused, never read as some other number.
    """
    entry = str(text).strip()
    if not entry:  # an emptied field: said as such, not as "'' is not a number"
        raise ConfigError(f"{spec.name}: no value entered")
    mark = DECIMAL_MARK[lang]
    other = "," if mark == "." else "."
    grouped = re.fullmatch(rf"[-+]?[1-9]\d{{0,2}}({re.escape(other)}\d{{3}})+", entry)
    if grouped or (mark in entry and other in entry):
        raise ConfigError(
            f"{spec.name}: {entry!r} is ambiguous; type it without a thousands separator, "
            f"with {mark!r} as the decimal mark"
        )
    if spec.type == "int" and re.fullmatch(r"[-+]?\d+", entry):
        return int(entry)  # exactly as typed: through a float, 99999999999999999999 became 1e20
    try:
        number = float(entry.replace(",", "."))
    except ValueError:
        raise ConfigError(f"{spec.name}: {entry!r} is not a number") from None
    if spec.type == "int":
        if not number.is_integer():
            raise ConfigError(f"{spec.name}: {entry} is not a whole number")
        # "1e3" is 1000; "1e30" is not rewritten as 1000000000000000019884624838656, but
        # refused by the bound it breaks (the schema would say only that it cannot be read)
        if abs(number) >= 2**53:
            low, high = spec.minimum, spec.maximum
            if high is not None and number > high:
                raise ConfigError(f"{spec.name}: {entry} is above the maximum {show_bound(high)}")
            if low is not None and number < low:
                raise ConfigError(f"{spec.name}: {entry} is below the minimum {show_bound(low)}")
        return int(number)
    return number


class Refused(str):
    """A number field's text that ``parse_number`` refused, kept as typed, with the reason.

    It stays among the settings as text, so that the field goes on showing it; ``scenario_from``
    refuses it with that reason (pydantic would read some such texts, "1.000", as numbers).
    """

    problem: str

    def __new__(cls, text: str, problem: str) -> Refused:
        entry = super().__new__(cls, text)
        entry.problem = problem
        return entry


def same_entry(spec: ParamSpec, text: str, value: Any, lang: str = "en") -> bool:
    """Whether the typed ``text`` stands for ``value`` (so the field keeps showing ``text``)."""
    if text == value:
        return True  # a refused entry is kept as its text
    try:
        return parse_number(spec, text, lang) == value
    except ConfigError:
        return False


def field_problem(spec: ParamSpec, text: Any, lang: str = "en") -> str | None:
    """Why a control's typed value is refused on its own (no number, out of bounds), or None."""
    try:
        Scenario().with_values({spec.name: parse_number(spec, text, lang)})
    except ConfigError as error:
        return str(error)
    return None


def profile_weights(profiles: Sequence[Any], count: Any = None) -> list[float]:
    """Each profile's part of the team: the reps it gets (its share rounded to whole reps, as a
    run splits them, ``profile_counts``) over the team's ``count``; its share where the count is
    not a whole number above 0 (a value still being typed). Half and half of 3 reps is 2 and 1:
    weights 2/3 and 1/3, not 0.5 each."""
    shares = [p.share for p in profiles]
    whole = isinstance(count, int | float | np.number) and not isinstance(count, bool)
    if not whole or not float(count).is_integer() or count < 1:
        return shares
    return [n / count for n in profile_counts(shares, int(count))]


def profile_traits(profiles: Iterable[Any], count: Any = None) -> dict[str, float]:
    """The team traits the profiles set for every rep: dotted name -> the mean over the team's
    ``count`` reps (``profile_weights``).

    A trait that some profile leaves out takes the team's value and is not listed. With these
    traits the team sliders would show a value that does not apply.
    """
    profiles = list(profiles)
    weights = profile_weights(profiles, count)
    return {
        name: round(sum(w * v for w, (_, v) in zip(weights, own, strict=True)), 6)
        for name, own in set_by_every_profile(profiles).items()
    }


def scenario_from(values: Mapping[str, Any]) -> Scenario:
    """Validate control values into a scenario (ConfigError with the first problem)."""
    refused = [value for value in values.values() if isinstance(value, Refused)]
    if refused:
        raise ConfigError(refused[0].problem)
    data = set_dotted({}, {k: v for k, v in values.items() if PARAMS[k].type != "list"})
    profiles = values.get("reps.profiles", ())
    if profiles:
        data["reps"]["profiles"] = [
            p.model_dump() if hasattr(p, "model_dump") else dict(p) for p in profiles
        ]
    scenario = validate_scenario(data)
    problem = size_problem({name: scenario.get(name) for name in SIZE_SETTINGS})
    if problem:
        raise ConfigError(problem)
    return scenario


def refused_settings(values: Mapping[str, Any]) -> list[str]:
    """The settings whose own value is refused (a text that is no number, a number out of
    bounds), in the controls' order: ``scenario_from`` names only the first problem."""
    refused = []
    for name, value in values.items():
        if PARAMS[name].type == "list":
            continue
        if isinstance(value, Refused):
            refused.append(name)
            continue
        try:
            Scenario().with_values({name: value})
        except ConfigError:
            refused.append(name)
    return refused


def size_problem(values: Mapping[str, Any]) -> str | None:
    """Why the model is too large for the app (``SIZE_SETTINGS`` multiply to more than
    ``MAX_CUSTOMERS``), or None; None too while a field holds no whole number."""
    factors = [values.get(name) for name in SIZE_SETTINGS]
    if not all(isinstance(f, int) and not isinstance(f, bool) for f in factors):
        return None
    size = math.prod(factors)
    if size <= MAX_CUSTOMERS:
        return None
    return (
        f"{' × '.join(SIZE_SETTINGS)}: {size:,} customers are more than the app shows "
        f"(at most {MAX_CUSTOMERS:,})"
    )


def pending_rebuild(
    values: Mapping[str, Any], applied: Scenario, model: RapportModel | None = None
) -> list[str]:
    """Names whose control value differs from the running model and that apply only on Reset.

    Effort and empathy apply mid-run as interventions, except once ``model`` has run its last
    week: then they too wait for Reset.
    """
    finished = model is not None and model.week >= applied.simulation.weeks
    in_effect = Plan.of(model) if finished else None
    pending = []
    for name, value in values.items():
        if name not in INTERVENABLE:
            changed = value != applied.get(name)
        elif in_effect is not None:
            changed = value != _value_at(in_effect, name, model.week)
        else:
            changed = False
        if changed:
            pending.append(name)
    return pending


def render_every(scenario: Scenario) -> int:
    """Weeks between page updates while playing: 1 at the default size, more for large models."""
    size = scenario.reps.count * scenario.customers.per_rep
    return max(1, math.ceil(size / RENDER_BUDGET))


# --- what the live view shows -----------------------------------------------------------------

SERIES = ("relational_performance", "revenue", "churned", "wasted_hours", "effort_hours")


def team_series(model: RapportModel) -> dict[str, list]:
    """The team-level weekly series the charts show, plus the interventions (weeks, changes)."""
    columns = model.datacollector.model_vars
    weeks = len(columns["relational_performance"])
    series: dict[str, list] = {"week": list(range(weeks))}
    for name in SERIES:
        series[name] = [round(float(v), 6) for v in columns[name]]
    series["interventions"] = [iv.week for iv in model.interventions]
    series["changes"] = [dict(iv.changes) for iv in model.interventions]
    return series


# Weekly revenue is noisy: its peak is taken on a centred moving mean over this many weeks (the
# week and 2 on either side). A trailing mean would move the peak later by half its width and
# make relationships seem to fall that much earlier.
REVENUE_WINDOW = 5
# A level that fell counts as recovered once it has regained this share of its fall from the peak
# to its lowest point since, and at least RECOVERED_AT_LEAST in absolute terms (a low-EI team in
# its second year: customers it over-contacted have left and new ones took their places).
RECOVERED = 0.25
RECOVERED_AT_LEAST = 0.05


@dataclass(frozen=True)
class Monitors:
    """What the monitors above the live charts show, read from the run's weekly series."""

    week: int
    quality: float  # relationship quality now
    peak: float  # its highest value so far
    peak_week: int
    high: float  # where its deepest fall so far started (``peak_and_low``; the peak if none)
    high_week: int
    low: float  # the lowest value of that fall (the high itself if it never fell)
    low_week: int
    revenue: float  # k€ to date
    churned: int  # customers lost to date
    wasted_hours: float  # to date
    lead: int | None  # weeks the fall in relationships came before the fall in revenue


def recovered(m: Monitors) -> bool:
    """Whether relationship quality fell by ``FALL`` from a high and has since regained
    ``RECOVERED`` of that fall, and at least ``RECOVERED_AT_LEAST``."""
    fall = m.high - m.low
    regained = m.quality - m.low
    return fall >= FALL * m.high and regained >= max(RECOVERED * fall, RECOVERED_AT_LEAST)


def monitors(series: Mapping[str, list]) -> Monitors:
    """The monitors of a run from ``team_series``.

    ``lead``: weeks from the peak of relationship quality to the peak of revenue (a centred
    moving mean over ``REVENUE_WINDOW`` weeks, fewer at the ends), once both have fallen by
    ``FALL`` from their peaks; None before that.
    """
    quality = np.asarray(series["relational_performance"], dtype=float)
    revenue = np.asarray(series["revenue"][1:], dtype=float)
    high_week, low_week = peak_and_low(quality)
    peak_week = int(quality.argmax())
    lead = None
    if len(revenue):
        smooth = (
            pd.Series(revenue).rolling(REVENUE_WINDOW, center=True, min_periods=1).mean().to_numpy()
        )
        revenue_peak = int(smooth.argmax()) + 1  # revenue of week w is at index w - 1
        fell = quality[-1] <= (1 - FALL) * quality.max() and smooth[-1] <= (1 - FALL) * smooth.max()
        if fell:
            lead = revenue_peak - peak_week
    return Monitors(
        week=len(quality) - 1,
        quality=float(quality[-1]),
        peak=float(quality.max()),
        peak_week=peak_week,
        high=float(quality[high_week]),
        high_week=high_week,
        low=float(quality[low_week]),
        low_week=low_week,
        revenue=float(revenue.sum()),
        churned=int(series["churned"][-1]),
        wasted_hours=float(np.sum(series["wasted_hours"][1:])),
        lead=lead,
    )


# The plan a run is held against at its end: the same team at this preset's effort.
BALANCED = "balanced_worker"


class Against(NamedTuple):
    """A run against the balanced plan (``balanced_difference``)."""

    effort: float  # the balanced plan's hours a week
    revenue: float  # the run's revenue minus the plan's, k€
    churned: int  # the run's customers lost minus the plan's
    pushed_to: float | None  # under management pressure: the team's highest weekly mean effort


def comparison(scenario: Scenario) -> str:
    """What the end-of-run sentence can set a run of ``scenario`` against
    (``balanced_difference``): "none" for a team whose profiles set their own hours (the
    balanced plan does not change them), "pressure" for the plan without management pressure,
    else "plain", the balanced plan. The takeaway keeps room for that one only: the pressure
    clause alone is some 50 characters, which pushed the outcome charts lower on a projector."""
    if any(p.effort_hours is not None for p in scenario.reps.profiles):
        return "none"
    return "pressure" if scenario.management.pressure_step > 0 else "plain"


def balanced_difference(
    plan: Plan, seed: int, weeks: int, series: Mapping[str, list]
) -> Against | None:
    """The run against the balanced plan: the run minus the same team at the balanced preset's
    effort, with the same seed, weeks and no changes, and without management pressure (a
    pressured team at 30 h is pushed far past them, and so would the plan be).

    ``plan``: the run's (``Plan.of``), its changes made in the app included. None when the
    run's effort was the balanced plan's in every week, without pressure (the run would be set
    against itself, or against a change of empathy that the sentence does not name), and for a
    team whose profiles set their own effort (the balanced plan does not change it).
    """
    scenario = plan.scenario
    against = comparison(scenario)
    if against == "none":
        return None
    effort = load_scenario(SCENARIO_DIR / f"{BALANCED}.yaml").reps.effort_hours
    pressure = against == "pressure"
    balanced = Plan(
        scenario.with_values({"reps.effort_hours": effort, "management.pressure_step": 0.0})
    )
    scheduled = Plan(balanced.scenario, _scheduled(balanced.scenario))
    name = "reps.effort_hours"
    if not pressure and all(
        _value_at(plan, name, w) == _value_at(scheduled, name, w) for w in range(weeks + 1)
    ):
        return None
    frame = run_plan(balanced, seed, weeks)
    revenue = float(np.sum(series["revenue"][1:]) - frame["revenue"][1:].sum())
    churned = int(series["churned"][-1] - frame["churned"].iloc[-1])
    # how far pressure pushed the hours, if it acted at all (its first review may come late)
    pushed_to = None
    if pressure:
        start, top = series["effort_hours"][0], float(np.max(series["effort_hours"]))
        pushed_to = top if top > start + 0.5 else None
    return Against(effort, revenue, churned, pushed_to)


def _scheduled(scenario: Scenario) -> tuple[tuple[int, tuple[tuple[str, float], ...]], ...]:
    """A scenario's own changes as a plan's interventions (the model makes them as it runs)."""
    return tuple(
        (change.week, tuple(sorted(change.changes.items())))
        for change in sorted(scenario.interventions, key=lambda c: c.week)
    )


def rep_relationships(
    model: RapportModel, limit: int = 100
) -> tuple[list[int], list[str], list, list[float]]:
    """Each rep's mean relationship per week (at most ``limit`` evenly spaced reps).

    Returns the rep numbers, their profiles, one list of weekly values per rep, and each rep's
    empathy now (the mean of perception and regulation; the charts colour by it).
    """
    n = model.params.reps.count
    # rep_frame is ordered by week, then rep: one row of n values per week.
    wide = model.rep_frame()["relationship"].to_numpy().reshape(-1, n)
    reps = np.unique(np.linspace(0, n - 1, min(n, limit)).astype(int))
    profiles = [model.rep_state.profile[i] for i in reps]
    state = model.rep_state
    empathy = ((state.perception[reps] + state.regulation[reps]) / 2).round(6).tolist()
    return reps.tolist(), profiles, np.round(wide[:, reps].T, 4).tolist(), empathy


@dataclass(frozen=True)
class Portfolio:
    """Relationship per rep (rows) and customer slot (columns), with marks."""

    relationship: np.ndarray
    irritated: np.ndarray
    recently_churned: np.ndarray
    reps: list[int]
    slots: list[int]  # the customer slots shown (columns), of each rep's portfolio


def portfolio(model: RapportModel, max_reps: int = 40, max_customers: int = 60) -> Portfolio:
    """The portfolio picture's data: evenly spaced reps and slots if the model is large."""
    n, per = model.params.reps.count, model.params.customers.per_rep
    cs = model.customer_state
    rows = np.unique(np.linspace(0, n - 1, min(n, max_reps)).astype(int))
    cols = np.unique(np.linspace(0, per - 1, min(per, max_customers)).astype(int))
    relationship = cs.relationship.reshape(n, per)[np.ix_(rows, cols)]
    irritated = (cs.irritation > IRRITATED).reshape(n, per)[np.ix_(rows, cols)]
    recent = np.zeros(n * per, dtype=bool)
    for record in reversed(model.churn_log):
        if record["week"][0] <= model.week - RECENT_CHURN_WEEKS:
            break
        recent[record["slot"]] = True
    recent |= cs.present == 0  # a slot still empty since its customer left is grey too
    recent = recent.reshape(n, per)[np.ix_(rows, cols)]
    return Portfolio(relationship, irritated, recent, rows.tolist(), cols.tolist())


# --- plans: a scenario plus interventions at given weeks ---------------------------------------


@dataclass(frozen=True)
class Plan:
    """What a run does: its scenario and the interventions, as (week, changes) in order."""

    scenario: Scenario
    interventions: tuple[tuple[int, tuple[tuple[str, float], ...]], ...] = ()

    @classmethod
    def of(cls, model: RapportModel) -> Plan:
        """The plan of a model so far (its scenario and the interventions made)."""
        return cls(
            model.params,
            tuple((iv.week, tuple(sorted(iv.changes.items()))) for iv in model.interventions),
        )

    def with_scenario(self, scenario: Scenario) -> Plan:
        return Plan(scenario, self.interventions)


def run_plan(plan: Plan, seed: int, weeks: int) -> pd.DataFrame:
    """Run a plan for ``weeks`` with ``seed``: the weekly table."""
    model = RapportModel(plan.scenario, seed=seed, collect_reps=False)
    schedule = sorted(plan.interventions, key=lambda item: item[0])
    for week, changes in schedule:
        if week > weeks:
            break
        model.run(week - model.week)
        model.intervene(**dict(changes))
    model.run(weeks - model.week)
    return model.weekly_frame()


def replication_seeds(plan: Plan, replications: int) -> list[int]:
    """Seeds s, s+1, ..., s+k-1 from the plan's seed: the common random numbers."""
    start = plan.scenario.simulation.seed
    return [start + i for i in range(replications)]


def _value_at(plan: Plan, name: str, week: int) -> Any:
    """The team value of an intervenable parameter in effect after ``week``'s interventions."""
    short, value = name.split(".")[1], plan.scenario.get(name)
    for w, items in plan.interventions:
        if w <= week and short in dict(items):
            value = dict(items)[short]
    return value


# A run's length: Compare runs both plans over the longer one (``compare``), so a different
# length is no change in what the team does.
HORIZON = "simulation.weeks"


def differing_settings(base: Plan, whatif: Plan) -> list[str]:
    """The settings (dotted names, in schema order) whose values differ between two plans'
    scenarios, the length of the run included."""
    return [name for name in PARAMS if base.scenario.get(name) != whatif.scenario.get(name)]


def compared_weeks(base: Plan, whatif: Plan) -> int:
    """The weeks Compare runs both plans for: the longer of their lengths. The shorter plan runs
    on with its settings (a week's dynamics do not depend on the length set), so nothing of the
    longer one is cut and the difference covers every week of both."""
    return max(base.scenario.simulation.weeks, whatif.scenario.simulation.weeks)


def shorter_plan(base: Plan, whatif: Plan) -> tuple[str, int] | None:
    """The plan set to fewer weeks than Compare runs (``compared_weeks``), "baseline" or
    "whatif", and its own length; None when both are set to the same length."""
    weeks = compared_weeks(base, whatif)
    for role, plan in (("baseline", base), ("whatif", whatif)):
        if plan.scenario.simulation.weeks < weeks:
            return role, plan.scenario.simulation.weeks
    return None


def acts(scenario: Scenario, name: str) -> bool:
    """Whether setting ``name`` can act in ``scenario`` (``sim.params.ACTS_WHEN``): the coaching
    start acts only where there is coaching, the hiring week only where someone is hired."""
    if name not in ACTS_WHEN:
        return True
    return not inert_settings({n: scenario.get(n) for n in PARAMS}, [name])


# Programmes that act only from a scheduled week, by the group of their settings.
SCHEDULED = ("coaching", "hiring", "management")


def scheduled_start(scenario: Scenario, group: str) -> int | None:
    """The first week the coaching programme, the hiring or management pressure (``group``) can
    act in, as the model runs it: coaching from the week after its start
    (``sim.model.coach_reps``), hires in their week (week 0: from the start), the manager at the
    first review that has two periods to compare (``sim.scenarios.first_review``). None where
    the scenario has none."""
    if group == "coaching":
        c = scenario.coaching
        return c.start_week + 1 if c.perception_gain > 0 or c.regulation_gain > 0 else None
    if group == "management":
        return first_review(scenario)
    h = scenario.hiring
    return max(h.week, 1) if h.share > 0 else None


def unreached(scenario: Scenario, weeks: int | None = None) -> list[tuple[str, int]]:
    """The programmes (``SCHEDULED``) the scenario sets but its run of ``weeks`` (its own length
    unless given) ends before: (group, week set, or the first review's week), as
    ``sim.population.unreached_events`` and ``sim.scenarios.unreached_reviews`` tell the command
    line."""
    weeks = scenario.simulation.weeks if weeks is None else weeks
    found = []
    for group in SCHEDULED:
        first = scheduled_start(scenario, group)
        if first is not None and first > weeks:
            # The week the sentence names: the setting's own, or the first review's.
            set_week = {"coaching": "coaching.start_week", "hiring": "hiring.week"}
            found.append((group, scenario.get(set_week[group]) if group in set_week else first))
    return found


def set_by_profiles(base: Plan, whatif: Plan) -> list[str]:
    """The team traits whose team value every profile of both plans' teams sets for its own
    reps: changed from the start, they act in neither run (a change during the run sets every
    rep's, so it acts)."""
    return [
        name
        for name in set_by_every_profile(base.scenario.reps.profiles)
        if name in set_by_every_profile(whatif.scenario.reps.profiles)
    ]


def profile_set_changes(base: Plan, whatif: Plan) -> list[tuple[str, Any, Any, int | None]]:
    """The settings two plans differ in from the start that act in neither run, since every
    profile of both teams sets its own (``set_by_profiles``): moving the team's effort in a
    team of profiles changes nothing."""
    overridden = set_by_profiles(base, whatif)
    return [
        (name, base.scenario.get(name), whatif.scenario.get(name), None)
        for name in differing_settings(base, whatif)
        if name in overridden
    ]


def plan_changes(base: Plan, whatif: Plan) -> list[tuple[str, Any, Any, int | None]]:
    """What differs between two plans: (parameter, baseline value, what-if value, from week).

    The week is None for a setting that differs from the start. The length of the run is not
    listed: Compare runs both plans over the same weeks (``compared_weeks``). Nor is a setting
    that cannot act in one of them (``acts``): a coaching start moved where one plan has no
    coaching changes nothing but when the other's starts, which its gain's change says. Nor is
    a team trait that every profile sets for itself (``profile_set_changes``).
    """
    overridden = set_by_profiles(base, whatif)
    changes: list[tuple[str, Any, Any, int | None]] = [
        (name, base.scenario.get(name), whatif.scenario.get(name), None)
        for name in differing_settings(base, whatif)
        if name != HORIZON
        and name not in overridden
        and acts(base.scenario, name)
        and acts(whatif.scenario, name)
    ]
    for name in INTERVENABLE:
        short = name.split(".")[1]
        weeks = sorted(
            {
                w
                for plan in (base, whatif)
                for w, items in plan.interventions
                if short in dict(items)
            }
        )
        for week in weeks:
            a, b = _value_at(base, name, week), _value_at(whatif, name, week)
            if a != b:
                changes.append((name, a, b, week))
                break
    return changes


# What Compare and Side by side judge: relationship quality, revenue (k€ a week, the unit of
# ``customers.value``), customers lost (cumulative) and wasted hours (a week).
OUTCOMES = ("relational_performance", "revenue", "churned", "wasted_hours")


def plan_scenario(plan: Plan, weeks: int) -> Scenario:
    """The plan as one scenario: its settings, ``weeks`` long, its changes (the scenario's own
    and those made in the app, the latter winning in a week both name) as scheduled
    interventions, so that batched worlds run it as ``run_plan`` does."""
    due: dict[int, dict[str, float]] = {}
    for change in plan.scenario.interventions:
        due.setdefault(change.week, {}).update(change.changes)
    for week, items in plan.interventions:
        due.setdefault(week, {}).update(dict(items))
    data = plan.scenario.model_dump(mode="json")
    data["simulation"]["weeks"] = weeks
    # A change after the last week never shows in the record.
    data["interventions"] = [{"week": w, **c} for w, c in sorted(due.items()) if w < weeks]
    return validate_scenario(data)


def run_batched(
    scenarios: Sequence[Scenario],
    seeds: Sequence[int],
    progress: Callable[[int], None] | None = None,
) -> list[WorldResult]:
    """Run each scenario with its seed as batched worlds (``sim.batch.run_worlds``: each world
    equals its single run to the bit), results in order.

    ``progress(runs done)`` is called after each batch; it may raise to cancel (a background
    job's report does), so a cancel waits at most one batch, however large the models.
    """
    return run_worlds(scenarios, seeds, progress=progress)


def outcome_rows(frames: Sequence[pd.DataFrame]) -> dict[str, np.ndarray]:
    """Each outcome per run (rows, in the order of ``frames``) and week (columns)."""
    return {
        name: np.array([frame[name].to_numpy(dtype=float) for frame in frames]) for name in OUTCOMES
    }


def clear_spans(low: np.ndarray, high: np.ndarray, start: int = 0) -> list[tuple[int, int, int]]:
    """The runs of weeks (from ``start`` on) whose 95 % band excludes zero.

    Returns (first week, last week, sign) per run: sign -1 where the band lies below zero, +1
    above it.
    """
    sign = np.where(high < 0, -1, np.where(low > 0, 1, 0))
    spans: list[tuple[int, int, int]] = []
    for week in range(start, len(sign)):
        if sign[week] == 0:
            continue
        if spans and spans[-1][2] == sign[week] and spans[-1][1] == week - 1:
            spans[-1] = (spans[-1][0], week, int(sign[week]))
        else:
            spans.append((week, week, int(sign[week])))
    return spans


@dataclass(frozen=True)
class Paired:
    """One outcome's paired comparison: a number per plan and their difference with its band."""

    baseline: float
    whatif: float
    difference: float
    low: float
    high: float

    @classmethod
    def of(cls, a: np.ndarray, b: np.ndarray) -> Paired:
        """From one value per replication and plan (the same seeds in the same order)."""
        diff, low, high = mean_interval(b - a)
        return cls(float(a.mean()), float(b.mean()), float(diff), float(low), float(high))


@dataclass
class Comparison:
    """A baseline and a what-if run with the same seeds, and their paired difference.

    ``baseline``, ``whatif``, ``difference``, ``low`` and ``high`` are relationship quality per
    week; ``totals`` judges every outcome over the weeks from ``start`` (the first week the
    plans differ) to the end: relationship quality averaged over them, revenue summed (k€),
    customers lost in them.
    """

    weeks: list[int]
    baseline: np.ndarray  # mean relational performance per week
    whatif: np.ndarray
    difference: np.ndarray  # mean of (what-if − baseline) per week
    low: np.ndarray  # 95 % band of the difference
    high: np.ndarray
    replications: int
    plans: tuple[Plan, Plan]  # the baseline and what-if plans that ran
    changes: list[tuple[str, Any, Any, int | None]] = field(default_factory=list)
    start: int = 1
    totals: dict[str, Paired] = field(default_factory=dict)
    unreached: bool = False  # the plans differ only after the last week: they run alike
    # what differs that every profile of both teams sets for itself (``profile_set_changes``)
    by_profiles: list[tuple[str, Any, Any, int | None]] = field(default_factory=list)

    @property
    def final(self) -> tuple[float, float, float]:
        return float(self.difference[-1]), float(self.low[-1]), float(self.high[-1])

    @property
    def spans(self) -> list[tuple[int, int, int]]:
        """Runs of weeks where the what-if's relationship quality is clearly different."""
        return clear_spans(self.low, self.high, self.start)


def horizon_totals(runs: dict[str, np.ndarray], start: int) -> dict[str, np.ndarray]:
    """Per replication: relationship quality averaged over weeks ``start``..end, revenue (k€)
    and wasted hours summed over them, customers lost in them."""
    start = max(start, 1)  # week 0 is the start, before any week ran: it has no flows
    return {
        "relational_performance": runs["relational_performance"][:, start:].mean(axis=1),
        "revenue": runs["revenue"][:, start:].sum(axis=1),
        "churned": runs["churned"][:, -1] - runs["churned"][:, start - 1],
        "wasted_hours": runs["wasted_hours"][:, start:].sum(axis=1),
    }


@dataclass
class Options:
    """Several plans run on the same seeds: each one's outcomes over its whole run."""

    names: list[str]
    seeds: list[int]
    quality: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]  # weekly mean, low, high
    totals: dict[str, dict[str, tuple[float, float, float]]]  # name -> outcome -> mean, low, high
    # name -> the team's empathy at the start (mean of perception and regulation; the chart's
    # colours, ``sim.formats.empathy_colours``)
    empathy: dict[str, float] = field(default_factory=dict)
    # name -> the team's effort, perception and regulation at the start (``team_traits``): what
    # each option is, beside its name
    traits: dict[str, dict[str, float]] = field(default_factory=dict)
    # name -> the settings its totals scale with (``OPTION_SIZES``)
    sizes: dict[str, dict[str, int]] = field(default_factory=dict)

    def named(self, name: Callable[[str], str]) -> Options:
        """The same runs with each option's name mapped by ``name`` (a preset's key to its
        label in the page's language, say): what was run does not change with the language it is
        shown in."""
        return Options(
            names=[name(n) for n in self.names],
            seeds=self.seeds,
            quality={name(n): v for n, v in self.quality.items()},
            totals={name(n): v for n, v in self.totals.items()},
            empathy={name(n): v for n, v in self.empathy.items()},
            traits={name(n): v for n, v in self.traits.items()},
            sizes={name(n): v for n, v in self.sizes.items()},
        )

    def differing_sizes(self) -> list[str]:
        """The settings of ``OPTION_SIZES`` the options differ in: beside the team's traits,
        they alone tell two options apart whose totals differ by their size."""
        return [
            setting
            for setting in OPTION_SIZES
            if len({size[setting] for size in self.sizes.values()}) > 1
        ]

    def table(self) -> pd.DataFrame:
        """A row per option: each outcome's mean and 95 % interval, and the seeds used."""
        rows = []
        for name in self.names:
            row: dict[str, Any] = {"option": name}
            row.update({n.split(".")[1]: v for n, v in self.traits.get(name, {}).items()})
            row.update({OPTION_SIZES[n]: v for n, v in self.sizes.get(name, {}).items()})
            for outcome, (mean, low, high) in self.totals[name].items():
                column = OPTION_COLUMNS[outcome]
                row.update({column: mean, f"{column}_low": low, f"{column}_high": high})
            row["replications"] = len(self.seeds)
            row["seeds"] = f"{self.seeds[0]}-{self.seeds[-1]}"
            rows.append(row)
        return pd.DataFrame(rows)


# The settings an option's totals grow with (its team, their portfolios, the weeks summed
# over) and their CSV columns: a team of 6 reps and one of 20 at the same hours and empathy
# read alike beside their names, with a third of the revenue.
OPTION_SIZES = {
    "reps.count": "team_size",
    "customers.per_rep": "customers_per_rep",
    "simulation.weeks": "weeks",
}
# The CSV columns of Side by side's table (units in the names).
OPTION_COLUMNS = {
    "relational_performance": "relationship_quality_mean",
    "final_relational_performance": "relationship_quality_final",
    "revenue": "revenue_keur",
    "churned": "customers_lost",
    "wasted_hours": "wasted_hours_total",
}
MAX_OPTIONS = 6


def same_option(a: Plan, b: Plan) -> bool:
    """Whether two options run alike side by side (which sets the seeds itself): the same
    settings, length and changes, whatever seed each was saved with."""

    def runs(plan: Plan) -> Scenario:
        return plan_scenario(plan, plan.scenario.simulation.weeks).with_values(
            {"simulation.seed": 0}
        )

    return runs(a) == runs(b)


def run_options(
    plans: Mapping[str, Plan],
    replications: int,
    seed: int,
    *,
    progress: Callable[[float], None] | None = None,
) -> Options:
    """Run each plan over its own weeks on seeds ``seed``..``seed+k-1`` (common random numbers).

    Totals per option: relationship quality averaged over weeks 1..end and at the end, revenue
    (k€) and wasted hours summed, customers lost.
    """
    seeds = [seed + i for i in range(replications)]
    # Every option's runs in one list: options of the same team size share batches.
    scenarios = [plan_scenario(p, p.scenario.simulation.weeks) for p in plans.values()]
    total = len(plans) * len(seeds)
    worlds = run_batched(
        [s for s in scenarios for _ in seeds],
        seeds * len(plans),
        (lambda done: progress(done / total)) if progress else None,
    )
    quality, totals = {}, {}
    for i, name in enumerate(plans):
        runs = outcome_rows(
            [w.weekly_frame() for w in worlds[i * len(seeds) : (i + 1) * len(seeds)]]
        )
        quality[name] = mean_interval(runs["relational_performance"])
        per_run = horizon_totals(runs, 1)
        per_run["final_relational_performance"] = runs["relational_performance"][:, -1]
        totals[name] = {
            outcome: tuple(float(x) for x in mean_interval(per_run[outcome]))
            for outcome in OPTION_COLUMNS
        }
    empathy = {name: team_empathy(plan.scenario) for name, plan in plans.items()}
    traits = {name: team_traits(plan.scenario) for name, plan in plans.items()}
    sizes = {
        name: {setting: plan.scenario.get(setting) for setting in OPTION_SIZES}
        for name, plan in plans.items()
    }
    return Options(list(plans), seeds, quality, totals, empathy, traits, sizes)


def team_traits(scenario: Scenario) -> dict[str, float]:
    """The team's effort, perception and regulation at the start (``INTERVENABLE``): with
    profiles, each trait's mean over the reps (``profile_weights``), a profile that leaves the
    trait out counting with the team's value (profiles of perception 0.9 and unset, half each,
    on a team of 0.5: 0.7, not the team's 0.5)."""
    profiles = scenario.reps.profiles
    weights = profile_weights(profiles, scenario.reps.count)
    traits = {}
    for name in INTERVENABLE:
        team, leaf = scenario.get(name), name.split(".")[1]
        own = [(w, getattr(p, leaf)) for w, p in zip(weights, profiles, strict=True)]
        mixed = sum(share * (team if value is None else value) for share, value in own)
        traits[name] = round(mixed, 6) if profiles else team
    return traits


def team_empathy(scenario: Scenario) -> float:
    """A team's empathy at the start: the mean of its perception and regulation."""
    traits = team_traits(scenario)
    return round((traits["reps.perception"] + traits["reps.regulation"]) / 2, 6)


def first_difference(
    changes: list[tuple[str, Any, Any, int | None]], base: Plan, whatif: Plan
) -> int:
    """The first week two plans can differ in (``plan_changes``), after the run's end if their
    only differences come later.

    A change recorded at week w applies from week w + 1; a setting changed from the start (week
    None) from week 1, but one of a scheduled programme (coaching, hiring, management pressure)
    from the first week that programme can act in either plan (``scheduled_start``).
    """

    def first(name: str, week: int | None) -> int:
        if week is not None:
            return week + 1
        group = name.split(".")[0]
        if group not in SCHEDULED:
            return 1
        starts = [scheduled_start(p.scenario, group) for p in (base, whatif)]
        return min((s for s in starts if s is not None), default=1)

    return min((first(name, w) for name, *_, w in changes), default=1)


def compare(
    base: Plan,
    whatif: Plan,
    replications: int = 8,
    *,
    progress: Callable[[float], None] | None = None,
) -> Comparison:
    """Run baseline and what-if on the same seeds (common random numbers) and pair them.

    Both run for ``compared_weeks`` (the longer of the two lengths). With identical plans the
    difference is exactly zero in every week.
    """
    weeks = compared_weeks(base, whatif)
    seeds = replication_seeds(base, replications)
    # Both plans' runs in one list, so that they share batches.
    worlds = run_batched(
        [plan_scenario(base, weeks)] * len(seeds) + [plan_scenario(whatif, weeks)] * len(seeds),
        seeds * 2,
        (lambda done: progress(done / (2 * len(seeds)))) if progress else None,
    )
    a = outcome_rows([w.weekly_frame() for w in worlds[: len(seeds)]])
    b = outcome_rows([w.weekly_frame() for w in worlds[len(seeds) :]])
    quality_a, quality_b = a["relational_performance"], b["relational_performance"]
    diff, low, high = mean_interval(quality_b - quality_a)
    changes = plan_changes(base, whatif)
    first = first_difference(changes, base, whatif)
    start = min(first, weeks)
    ta, tb = horizon_totals(a, start), horizon_totals(b, start)
    return Comparison(
        weeks=list(range(weeks + 1)),
        baseline=quality_a.mean(axis=0),
        whatif=quality_b.mean(axis=0),
        difference=diff,
        low=low,
        high=high,
        replications=replications,
        plans=(base, whatif),
        changes=changes,
        start=start,
        totals={name: Paired.of(ta[name], tb[name]) for name in OUTCOMES},
        unreached=first > weeks,
        by_profiles=profile_set_changes(base, whatif),
    )


# --- the effort curve ---------------------------------------------------------------------------


@dataclass
class EffortCurve:
    """Relational performance after ``weeks`` against effort, per empathy level."""

    efforts: list[float]
    levels: dict[str, float]  # "low" / "current" / "high" -> empathy (perception = regulation)
    runs: pd.DataFrame  # level, effort, replication, relational_performance
    means: dict[str, list[float]]
    turning_points: dict[str, float | None]  # None: no inverted U on the range
    weeks: int
    current_effort: float
    # Without a turning point: the effort of the highest mean where the line then falls
    # significantly (the two-lines test's second slope), its rise before it not told from
    # noise, as when it is highest at the scan's first points. None: it does not fall.
    falls_from: dict[str, float | None] = field(default_factory=dict)


def effort_curve_plan(scenario: Scenario) -> tuple[Scenario, dict[str, tuple[float, float]]]:
    """The homogeneous team the curve varies (profiles dropped) and its empathy levels: low,
    current and high, without a level the current team is at already."""
    base = Scenario.model_validate(
        {**scenario.model_dump(), "reps": {**scenario.reps.model_dump(), "profiles": []}}
    )
    current = (scenario.reps.perception, scenario.reps.regulation)
    levels = {
        "low": (LOW_EMPATHY, LOW_EMPATHY),
        "current": current,
        "high": (HIGH_EMPATHY, HIGH_EMPATHY),
    }
    # A team at the low or high level (the hard worker's 0.1) would draw that line twice, one
    # hidden under the other, with the same sentence twice: the current line stands for both.
    return base, {k: v for k, v in levels.items() if k == "current" or v != current}


def effort_curve(
    scenario: Scenario,
    replications: int = 4,
    efforts: Iterable[float] = CURVE_EFFORTS,
    *,
    progress: Callable[[float], None] | None = None,
) -> EffortCurve:
    """Final relational performance over effort at low, current and high empathy.

    Every point runs the same seeds s..s+k-1. A level's turning point is the peak drawn (the
    effort of its highest mean), given only when ``experiments.stats.analyse_curve`` (its
    two-lines test) supports an inverted U.
    """

    efforts = [float(e) for e in efforts]
    base, levels = effort_curve_plan(scenario)
    weeks = base.simulation.weeks
    seeds = [base.simulation.seed + i for i in range(replications)]
    keys, points = [], []
    for level, (perception, regulation) in levels.items():
        for effort in efforts:
            point = base.with_values(
                {
                    "reps.effort_hours": effort,
                    "reps.perception": perception,
                    "reps.regulation": regulation,
                }
            )
            keys += [(level, effort, r) for r in range(len(seeds))]
            points += [point] * len(seeds)
    worlds = run_batched(
        points,
        seeds * (len(levels) * len(efforts)),
        (lambda done: progress(done / len(points))) if progress else None,
    )
    rows = [
        (*key, world.summary()["relational_performance"])
        for key, world in zip(keys, worlds, strict=True)
    ]
    runs = pd.DataFrame(rows, columns=["level", "effort", "replication", "relational_performance"])
    means, turning, falls = {}, {}, {}
    for level in levels:
        part = runs[runs["level"] == level]
        means[level] = part.groupby("effort")["relational_performance"].mean().round(5).tolist()
        turning[level] = falls[level] = None
        if replications >= 2 and part["relational_performance"].std() > 0:
            try:
                analysis = analyse_curve(part["effort"], part["relational_performance"])
            except (ValueError, np.linalg.LinAlgError):
                analysis = None
            if analysis is not None and analysis.inverted_u:
                # The test says whether there is a peak; where it is, the chart shows: the
                # effort of the highest mean drawn. The smooth's peak (``two_lines.x_peak``)
                # lies a point or two off it at few replications, and the quadratic's vertex
                # misleads when the fall is steep and then levels off.
                turning[level] = efforts[int(np.argmax(means[level]))]
            elif analysis is not None:
                # No turn, yet it may fall: a line highest at the scan's first points has no
                # rise the test can tell from noise, and "more effort does not make it worse"
                # would teach the opposite of what it shows.
                tl = analysis.two_lines
                if tl.slope2 < 0 and tl.p2 < tl.alpha:
                    falls[level] = efforts[int(np.argmax(means[level]))]
    return EffortCurve(
        efforts=efforts,
        levels={k: round((p + q) / 2, 3) for k, (p, q) in levels.items()},
        runs=runs,
        means=means,
        turning_points=turning,
        weeks=weeks,
        current_effort=scenario.reps.effort_hours,
        falls_from=falls,
    )


@functools.cache
def shipped_posterior() -> pd.DataFrame | None:
    """The shipped posterior's particles (read and checked once per process), or None when the
    repository holds none."""
    path = ROOT / DEFAULT_POSTERIOR
    return read_posterior(path) if path.is_file() else None


def default_source() -> str:
    """The worlds a session starts with: the shipped calibration if there is one."""
    return "calibrated" if shipped_posterior() is not None else "prior"


def world_sources(team_ready: bool) -> list[str]:
    """The sources the choice offers: the priors, the shipped calibration (``rapport
    calibrate``, configs/calibration/posterior.parquet) if there is one, the session's team
    (its upload) once it is calibrated."""
    found = ["prior"]
    if shipped_posterior() is not None:
        found.append("calibrated")
    if team_ready:
        found.append("team")
    return found


def chosen_source(source: str, team_ready: bool) -> str:
    """The source in use: the one chosen if it is offered (a team's only once calibrated), else
    the default."""
    return source if source in world_sources(team_ready) else default_source()


def worlds_posterior(source: str, team: pd.DataFrame | None) -> pd.DataFrame | None:
    """The particles the worlds of ``source`` are drawn from (None: the priors)."""
    if source == "calibrated":
        return shipped_posterior()
    if source == "team":
        return team
    return None


def user_set(scenarios: Iterable[Scenario]) -> list[str]:
    """The uncertain parameters (those with a prior) the user moved away from their defaults in
    any of ``scenarios``: theirs, and never drawn in a world."""
    scenarios = list(scenarios)
    return [n for n in PRIORS if any(s.get(n) != PARAMS[n].default for s in scenarios)]


@dataclass
class WorldsBand:
    """The current team's relationship quality over effort in plausible worlds.

    Attributes:
        efforts: the efforts (h/week).
        low, median, high: per effort, the 5 %, 50 % and 95 % of the worlds' values.
        peaks: each world's best effort (h/week).
        peak_range: the best effort in 90 % of the worlds (5 % and 95 %).
        worlds: the number of worlds; drawn: the parameters drawn.
        values: each world's values of them (``experiments.worlds.world_row``).
    """

    efforts: list[float]
    low: list[float]
    median: list[float]
    high: list[float]
    peaks: list[float]
    peak_range: tuple[float, float]
    worlds: int
    drawn: list[str]
    values: list[dict[str, Any]]


def worlds_band(
    scenario: Scenario,
    worlds: int = 8,
    efforts: Iterable[float] = CURVE_EFFORTS,
    *,
    posterior: pd.DataFrame | None = None,
    team: bool = False,
    progress: Callable[[float], None] | None = None,
) -> WorldsBand:
    """The effort curve of the current team (one homogeneous team, as the curve) in ``worlds``
    worlds drawn from the priors or ``posterior`` (``experiments.worlds.sample_worlds``), one
    run per effort and world, with the same seed at every effort of a world (common random
    numbers), as ``worlds: prior`` or ``posterior`` in a study.

    Parameters the settings moved away from their defaults are the user's, and never drawn
    (``user_set``). With ``team`` the scenario's reps are kept as they are (a team's own reps,
    each with its EI as a profile), not made one homogeneous team.

    Raises:
        NothingToVary: The settings set every parameter the worlds would draw.
    """
    efforts = [float(e) for e in efforts]
    base = scenario if team else effort_curve_plan(scenario)[0]
    drawn = sample_worlds(worlds, base.simulation.seed, user_set([base]), posterior)
    values = [world_row(drawn, w) for w in range(worlds)]
    points, seeds = [], []
    for w, world in enumerate(values):
        points += [base.with_values({**world, "reps.effort_hours": e}) for e in efforts]
        seeds += [world_seed(base.simulation.seed, w, 0)] * len(efforts)
    runs = run_batched(
        points, seeds, (lambda done: progress(done / len(points))) if progress else None
    )
    finals = np.array([run.summary()["relational_performance"] for run in runs]).reshape(
        worlds, len(efforts)
    )
    peaks = [efforts[int(np.argmax(row))] for row in finals]
    low, median, high = (
        np.round(np.quantile(finals, q, axis=0), 5).tolist() for q in (SPREAD[0], 0.5, SPREAD[1])
    )
    peak_range = tuple(
        float(np.quantile(peaks, q, method="inverted_cdf")) for q in (SPREAD[0], SPREAD[1])
    )
    return WorldsBand(
        efforts, low, median, high, peaks, peak_range, worlds, list(drawn.columns), values
    )


@dataclass
class CompareWorlds:
    """The what-if against the baseline in plausible worlds (common random numbers in each).

    Attributes:
        weeks: 0..end.
        low, median, high: per week, the 5 %, 50 % and 95 % over worlds of the world's mean
            difference in relationship quality (what-if − baseline, its replications averaged).
        per_world: each world's difference in relationship quality averaged over the weeks
            from ``start`` (the first week the plans differ) to the end, as Compare's table.
        worlds, replications: worlds drawn and paired runs per world; drawn: the parameters.
    """

    weeks: list[int]
    low: np.ndarray
    median: np.ndarray
    high: np.ndarray
    per_world: np.ndarray
    start: int
    worlds: int
    replications: int
    drawn: list[str]
    unreached: bool = False  # as ``Comparison.unreached``
    by_profiles: list[tuple[str, Any, Any, int | None]] = field(default_factory=list)  # as there

    @property
    def worse(self) -> int:
        """Worlds in which the what-if's relationship quality is lower (over the weeks)."""
        return int(np.sum(self.per_world < 0))

    @property
    def better(self) -> int:
        """Worlds in which it is higher."""
        return int(np.sum(self.per_world > 0))

    @property
    def spread(self) -> tuple[float, float]:
        """The averaged difference in 90 % of the worlds (5 % and 95 %)."""
        low, high = np.quantile(self.per_world, SPREAD)
        return float(low), float(high)


def compare_worlds(
    base: Plan,
    whatif: Plan,
    worlds: int = 32,
    replications: int = 2,
    *,
    posterior: pd.DataFrame | None = None,
    progress: Callable[[float], None] | None = None,
) -> CompareWorlds:
    """Baseline and what-if (over ``compared_weeks``) in ``worlds`` worlds drawn from the priors
    or ``posterior`` (``experiments.worlds.sample_worlds``, never drawing what either plan sets:
    ``user_set``), each world's replications on the same seeds for both plans
    (``experiments.worlds.world_seed``, as ``worlds: prior`` in a study), all as batched worlds.

    With identical plans every world's difference is exactly zero.

    Raises:
        NothingToVary: The plans set every parameter the worlds would draw.
    """
    weeks = compared_weeks(base, whatif)
    plans = [plan_scenario(base, weeks), plan_scenario(whatif, weeks)]
    root = base.scenario.simulation.seed
    drawn = sample_worlds(worlds, root, user_set([base.scenario, whatif.scenario]), posterior)
    scenarios, seeds = [], []
    for w in range(worlds):
        values = world_row(drawn, w)
        for plan in plans:
            scenarios += [plan.with_values(values)] * replications
            seeds += [world_seed(root, w, r) for r in range(replications)]
    runs = run_batched(
        scenarios, seeds, (lambda done: progress(done / len(seeds))) if progress else None
    )
    quality = np.array([run.weekly_frame()["relational_performance"].to_numpy() for run in runs])
    quality = quality.reshape(worlds, 2, replications, weeks + 1)
    difference = (quality[:, 1] - quality[:, 0]).mean(axis=1)  # world × week
    first = first_difference(plan_changes(base, whatif), base, whatif)
    start = min(first, weeks)
    low, median, high = (np.quantile(difference, q, axis=0) for q in (SPREAD[0], 0.5, SPREAD[1]))
    return CompareWorlds(
        weeks=list(range(weeks + 1)),
        low=low,
        median=median,
        high=high,
        per_world=difference[:, max(start, 1) :].mean(axis=1),
        start=start,
        worlds=worlds,
        replications=replications,
        drawn=list(drawn.columns),
        unreached=first > weeks,
        by_profiles=profile_set_changes(base, whatif),
    )


# --- exports --------------------------------------------------------------------------------------


def csv_headers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with the column headers of an export in ``lang`` (``sim.texts.COLUMNS_DE``; an
    interval's ends after their column's header)."""
    if lang != "de":
        return frame
    return frame.rename(columns={c: german_header(c) for c in frame.columns})


def german_header(column: str) -> str:
    """An exported column's German header (the column's name if it has none)."""
    for end, said in COLUMN_ENDS_DE.items():
        base = column.removesuffix(end)
        if base != column and base in COLUMNS_DE:
            return COLUMNS_DE[base] + said
    return COLUMNS_DE.get(column, column)


def weekly_csv(model: RapportModel, lang: str = "en") -> str:
    """The run's weekly table as CSV, with the seed and an intervention flag per week."""
    frame = model.weekly_frame()
    frame.insert(1, "seed", model.seed)
    marked = {iv.week for iv in model.interventions}
    frame["intervention"] = frame["week"].isin(marked)
    return csv_text(csv_headers(frame, lang), lang)


def reps_csv(model: RapportModel, lang: str = "en") -> str:
    """The run's per-rep table (one row per rep and week) as CSV, the reps numbered from 1 as
    the page's charts name them ("Rep 3" is rep 3; the model's own tables count from 0), and
    their profiles named as the page names them, in ``lang``: the model's tables call a rep of
    a team without profiles "team", which read as a profile of that name ("Profil: team")."""
    frame = model.rep_frame()
    frame["rep"] = frame["rep"] + 1
    if model.params.reps.profiles:
        names = {name: profile_name(name, lang) for name in frame["profile"].unique()}
        frame["profile"] = frame["profile"].map(names)
    else:
        frame["profile"] = t("profile.none", lang)
    return csv_text(csv_headers(frame, lang), lang)


def run_scenario(model: RapportModel) -> Scenario:
    """The scenario that reproduces ``model``'s run: its settings and the changes made so far."""
    data = model.params.model_dump(mode="json")
    data["interventions"] = [{"week": iv.week, **iv.changes} for iv in model.interventions]
    return validate_scenario(data)


def settings_yaml(scenario: Scenario, lang: str = "en") -> str:
    """The settings as a scenario file that ``rapport run`` and sweep files accept.

    A team value that every profile overrides is marked as unused, with the profiles' values,
    and so is a setting that cannot act where it is set (``sim.params.ACTS_WHEN``), with what it
    needs, so that the file never reads as if they applied. The comments are in ``lang``; the
    keys, the dotted names and the numbers stay as the file format writes them.

    Every parameter with a prior that the file leaves at its default follows, commented out,
    with its default and label: a study's plausible worlds draw what a file does not write out
    (``rapport study --scenario``), and a manager who exported the app's settings had seen the
    defaults as their team's. Removing the ``# `` before one fixes it; the file as exported
    still loads as the same scenario.
    """
    written = scenario.model_dump(mode="json", exclude_defaults=True)
    profiles = scenario.reps.profiles
    fixed = profile_traits(profiles, scenario.reps.count)
    inert = {s.name: s for s in scenario.inert_settings()}
    left_open = _left_at_defaults(written, lang)
    lines = [f"# {t('yaml.header', lang)}"]
    if left_open:
        lines += [f"# {part}" for part in textwrap.wrap(t("yaml.open", lang), 88)]
    section = ""
    for line in dump_yaml(written).splitlines() if written else []:  # as scenario_yaml writes
        if not line.startswith(" "):
            lines += left_open.pop(section, [])  # the section before ends here
            section = line.split(":")[0]
        key = line.strip().split(":")[0]
        name = f"{section}.{key}"
        if line.startswith("  ") and not line.startswith("   "):
            if name in fixed:
                own = ", ".join(f"{p.name} {getattr(p, key):g}" for p in profiles)
                line += f"  # {t('yaml.profiles', lang, own=own)}"
            elif name in inert:
                condition = inert[name].unless(joiner=t("inert.or", lang))
                line += f"  # {t('yaml.inert', lang, condition=condition)}"
        lines.append(line)
    lines += left_open.pop(section, [])
    for name, block in left_open.items():  # sections the file does not write at all
        lines += [f"# {name}:", *block]
    return "\n".join(lines) + "\n"


def _left_at_defaults(written: Mapping[str, Any], lang: str) -> dict[str, list[str]]:
    """Each section's parameters with a prior that ``written`` leaves out, as commented-out
    lines of that section (``  # need: 0.25  # Welcome contact rate``), in the priors' order."""
    defaults = Scenario().model_dump(mode="json")
    blocks: dict[str, list[str]] = {}
    for name in PRIORS:
        section, key = name.split(".", 1)
        if key in (written.get(section) or {}):
            continue
        value = dump_yaml({key: defaults[section][key]}).strip()
        blocks.setdefault(section, []).append(f"  # {value}  # {param_label(name, lang)}")
    return blocks


def read_csv(text: str) -> pd.DataFrame:
    """Parse exported CSV text (used by tests and to double-check exports), a German page's too
    (its byte-order mark, semicolons, decimal commas and German headers, read back as the
    columns' names: ``frontends.exports.csv_text``, ``csv_headers``)."""
    if text.startswith("\ufeff"):
        truth = {"true_values": ["WAHR"], "false_values": ["FALSCH"]}
        frame = pd.read_csv(io.StringIO(text[1:]), sep=";", decimal=",", **truth)
        names = [*COLUMNS_DE, *(f"{c}{end}" for c in COLUMNS_DE for end in COLUMN_ENDS_DE)]
        return frame.rename(columns={german_header(name): name for name in names})
    return pd.read_csv(io.StringIO(text))
