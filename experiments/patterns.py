"""``rapport patterns``: where in the plausible parameter space does the study's pattern hold?

The pattern map samples the priors (``sim/priors.py``) by Latin hypercube. At each sampled point
it scans effort, for a low- and a high-empathy team, from a few hours to the effort at which
planned contacts exceed customers' mean tolerance by half, and judges at each horizon (26, 52 and
104 weeks by default) whether the study's pattern holds there:

- low empathy: relational performance peaks inside the scan and falls at least 25 % from the
  peak by the end of the scan;
- high empathy: relational performance at the end of the scan is at least 95 % of its best, and
  revenue is still rising there (a positive slope over the last scan points).

Planning and execution reuse the sweep machinery (``experiments.plan``, ``experiments.store``,
``experiments.execute`` via ``experiments.sweep.execute_plan``): runs are resumable, on local
processes or a Dask cluster. Every run of a point and replication shares one seed across the
efforts and both teams (common random numbers), so the curves compare like with like. Where the
pattern fails, scenario discovery (PRIM, EMA Workbench) describes the failing region as boxes
over the priors, each named by its failure mode and the mechanisms of its restricted parameters.

The effort scan goes past the schema's 80 h maximum where a portfolio tolerates that much: those
values are set with ``Scenario.beyond_bounds`` (``RunTask.unchecked``), the only place that does.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import multiprocessing
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from experiments.config import Execution, Sweep, unknown_first, validate_sweep
from experiments.pages import write_page
from experiments.plan import (
    DesignPoint,
    canonical,
    design_points,
    identity_head,
    key_from,
    run_seed,
    validate_points,
)
from experiments.report import Report
from experiments.runner import RunTask
from experiments.store import ResultStore, write_text_atomically
from experiments.sweep import SweepOutcome, execute_plan
from sim import MODEL_VERSION
from sim.formats import PALETTE, json_default
from sim.params import (
    PARAMS,
    ConfigError,
    Scenario,
    describe_error,
    inert_everywhere,
    validate_scenario,
)
from sim.priors import ALL_PRIORS, PRIORS, Prior
from sim.scenarios import profile_overrides, read_yaml
from sim.texts import format_number

EFFORT, PERCEPTION, REGULATION = "reps.effort_hours", "reps.perception", "reps.regulation"
# What each run records: the rated score, revenue, and the customers lost so far (for the
# measure with lost customers, ``Criteria.measure``).
METRICS = ("relational_performance", "revenue", "churned", "customers")
LOST = ("churned", "customers")  # what only the measure with lost customers reads
DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "configs" / "patterns.yaml"
CRITERIA = {
    "low_interior_peak": "low EI: peak inside the scan",
    "low_falls": "low EI: falls ≥ the required share from its peak",
    "high_keeps": "high EI: ends ≥ the required share of its best",
    "high_revenue_rising": "high EI: revenue still rising at the end",
}
# The same parts in a word or two, for lists of them (``failure_profile``).
PART_NAMES = {
    "low_interior_peak": "low-EI peak",
    "low_falls": "low-EI fall",
    "high_keeps": "high-EI keeps its best",
    "high_revenue_rising": "high-EI revenue",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Team(_Strict):
    """A team's empathy: both facets."""

    perception: float = Field(ge=0, le=1)
    regulation: float = Field(ge=0, le=1)


class Scan(_Strict):
    """The effort scan at each point."""

    start_hours: float = Field(5.0, gt=0, le=80, description="First effort of the scan (h/week).")
    steps: int = Field(10, ge=4, le=100, description="Efforts in the scan, evenly spaced.")
    overshoot: float = Field(
        1.5,
        gt=1,
        le=10,
        description="The scan ends where planned contacts reach this multiple of customers' "
        "mean tolerance.",
    )


class Criteria(_Strict):
    """When the pattern holds."""

    low_fall: float = Field(0.25, gt=0, lt=1, description="Required fall of low EI from its peak.")
    high_keep: float = Field(
        0.95, gt=0, le=1, description="Share of its best that high EI keeps at the end."
    )
    revenue_weeks: int = Field(
        8, ge=1, le=52, description="Weeks of revenue averaged before each horizon."
    )
    rising_points: int = Field(
        3, ge=2, le=20, description="Last scan points whose revenue slope must be positive."
    )
    measure: Literal["current", "with_lost"] = Field(
        "current",
        description=(
            "Relationship quality at the horizon over the team's customer slots, an empty "
            "one counting as no relationship (current), or over the customers the team has "
            "and those it lost in the lost_weeks before, a lost one counting as no "
            "relationship (with_lost)."
        ),
    )
    lost_weeks: int = Field(
        13, ge=1, le=104, description="Weeks whose lost customers the with_lost measure counts."
    )


class PatternFile(_Strict):
    """A pattern-map file (``configs/patterns.yaml``)."""

    name: str = Field(min_length=1)
    description: str = ""
    base: str | None = None
    set: dict[str, Any] = Field(default_factory=dict)
    samples: int = Field(256, ge=2, le=1_000_000, description="Latin-hypercube points.")
    replications: int = Field(3, ge=1, le=1000, description="Seeds per point.")
    seed: int = Field(20261130, ge=0, le=2**63 - 1)
    horizons: tuple[int, ...] = Field((26, 52, 104), min_length=1)
    scan: Scan = Scan()
    low: Team = Team(perception=0.2, regulation=0.2)
    high: Team = Team(perception=0.8, regulation=0.8)
    criteria: Criteria = Criteria()
    fix: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            "Sampled priors held at one value at every point, e.g. a mechanism switched off. "
            "The points and seeds stay those of the same file without it, so two maps compare "
            "point by point (paired_verdicts)."
        ),
    )
    execution: Execution = Execution()

    @model_validator(mode="after")
    def _horizons_fit(self) -> PatternFile:
        for h in self.horizons:
            if not self.criteria.revenue_weeks <= h <= 520:
                raise ValueError(
                    f"horizons: {h} must lie between criteria.revenue_weeks "
                    f"({self.criteria.revenue_weeks}) and 520 weeks"
                )
        if self.criteria.measure == "with_lost" and self.criteria.lost_weeks > min(self.horizons):
            raise ValueError(
                f"criteria.lost_weeks ({self.criteria.lost_weeks}) is longer than the first "
                f"horizon ({min(self.horizons)} weeks)"
            )
        if self.criteria.rising_points > self.scan.steps:
            raise ValueError(
                f"criteria.rising_points ({self.criteria.rising_points}) is larger than "
                f"scan.steps ({self.scan.steps})"
            )
        if self.low.perception == self.high.perception:
            raise ValueError(
                "low.perception and high.perception must differ (they tell the teams apart)"
            )
        return self


@dataclass(frozen=True)
class PatternPlan:
    """A validated pattern map: its settings and the Latin-hypercube sweep over the priors.

    It offers what ``execute_plan`` and ``ResultStore`` need of a sweep (``name``, ``file``,
    ``axes``, ``resolved()``, ``config_hash()``), with the pattern settings in the hash.
    """

    settings: PatternFile
    sweep: Sweep

    # The map draws its own points over the priors; it runs in no further worlds.
    worlds: None = None

    @property
    def name(self) -> str:
        return self.settings.name

    @property
    def file(self):
        return self.sweep.file

    @property
    def axes(self):
        return self.sweep.axes

    def resolved(self) -> dict[str, Any]:
        resolved = self.sweep.resolved()
        axes = resolved["sweep"]["parameters"]
        scanned = [c for c in (EFFORT, PERCEPTION, REGULATION) if c not in axes]
        return {
            **resolved,
            "patterns": self.settings.model_dump(mode="json"),
            "run_columns": scanned,  # what each run sets beyond the design's axes (store schema)
        }

    def config_hash(self) -> str:
        data = self.resolved()
        data.pop("execution")
        data["patterns"].pop("execution")
        data["model_version"] = MODEL_VERSION
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    @property
    def total_runs(self) -> int:
        return planned_runs(self.settings)


def planned_runs(settings: PatternFile) -> int:
    """The runs of a map: point × team × effort × replication."""
    return settings.samples * 2 * settings.scan.steps * settings.replications


def prior_space(scenario: Scenario) -> dict[str, Prior]:
    """The priors a map over ``scenario`` samples: the channels' too under the discrete
    schedule, where they act (under the rate schedule they would be inert dimensions)."""
    return ALL_PRIORS if scenario.channels.schedule == "discrete" else PRIORS


def pattern_file_error(exc: ValidationError) -> str:
    """One line for a pattern-map file's first problem: an unknown key before the required one
    it leaves missing (``regulaton:`` in ``low:`` names itself, not ``low.regulation``), and a
    check across fields (``PatternFile._horizons_fit``) by its own message, which names them."""
    errors = unknown_first(exc.errors())
    first = errors[0]
    if first["type"] == "value_error" and not first["loc"]:
        return str(first["msg"]).removeprefix("Value error, ")
    return describe_error(errors, root=PatternFile)


def validate_patterns(data: Any, *, source: Path | None = None) -> PatternPlan:
    """Validate a parsed pattern-map file; raise ConfigError naming the first problem."""
    where = f"{source}: " if source else ""  # the file named first, as calibrate names it
    if not isinstance(data, dict):
        raise ConfigError(f"{source or 'patterns'}: expected a mapping, got {data!r}")
    try:
        settings = PatternFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(where + pattern_file_error(exc)) from None
    sweep = _lhs_sweep(settings, PRIORS, source)
    if (space := prior_space(sweep.base)) is not PRIORS:
        sweep = _lhs_sweep(settings, space, source)
    for name in settings.fix:
        if name not in space:
            raise ConfigError(
                f"{where}fix.{name}: not a prior this map samples; fix holds a sampled prior at "
                f"one value (set: sets any other parameter)"
            )
    try:
        sweep.base.with_values(settings.fix)
    except ConfigError as exc:
        raise ConfigError(f"{where}fix: {exc}") from None
    try:
        check_teams_act(sweep)
    except ConfigError as exc:
        raise ConfigError(f"{where}{exc}") from None
    return PatternPlan(settings, sweep)


def check_teams_act(sweep: Sweep) -> None:
    """Refuse a base team whose profiles all set their own effort or empathy: the map scans
    effort and compares a low- with a high-EI team by setting the team's values, which such
    profiles override; every point would judge one team against itself."""
    roles = {EFFORT: "effort scan", PERCEPTION: "EI teams", REGULATION: "EI teams"}
    idle = [o for o in profile_overrides(sweep.base) if o.name in roles]
    if idle:
        team = Path(sweep.file.base).name if sweep.file.base else "the map's base scenario"

        def listed(items: list[str]) -> str:
            return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)

        own = listed([f"{o.trait} ({o.own()})" for o in idle])
        what = listed(list(dict.fromkeys(roles[o.name] for o in idle)))
        traits = listed([o.trait for o in idle])
        raise ConfigError(
            f"base: every profile of {team} sets its own {own}, so the team values that the "
            f"map's {what} set would act nowhere; remove {traits} from the profiles "
            "(reps.profiles) to map this team"
        )


def _lhs_sweep(settings: PatternFile, priors: dict[str, Prior], source: Path | None) -> Sweep:
    """The map's Latin-hypercube sweep over ``priors``."""
    return validate_sweep(
        {
            "name": settings.name,
            "description": settings.description,
            "base": settings.base,
            "set": {**settings.set, "simulation.weeks": max(settings.horizons)},
            "sweep": {
                "method": "lhs",
                "parameters": {
                    name: {"distribution": p.distribution, "min": p.low, "max": p.high}
                    for name, p in priors.items()
                },
                "replications": settings.replications,
                "seed": settings.seed,
                "samples": settings.samples,
            },
            "record": {"metrics": list(METRICS), "every": 1},
            "execution": settings.execution.model_dump(),
        },
        source=source,
    )


def load_patterns(path: str | Path = DEFAULT_CONFIG) -> PatternPlan:
    """Read and validate a pattern-map file."""
    path = Path(path)
    return validate_patterns(read_yaml(path), source=path)


# --- planning ------------------------------------------------------------------------------------


def tolerance_effort(scenario: Scenario) -> float:
    """The effort (h/week) at which planned contacts equal customers' mean tolerance.

    Mean tolerance = need × tolerance multiple (independent draws with these means); planned
    contacts per customer = effort × contact share × contacts per hour / customers per rep,
    where an hour buys 1 / hours per contact contacts under the rate schedule, and under the
    discrete schedule Σ share × weight / hours over the channels (contacts counted in calls,
    as the customer's tolerance counts them).
    """
    c, ch = scenario.customers, scenario.channels
    if ch.schedule == "discrete":
        per_hour = sum(s * w / h for s, w, h in zip(ch.shares, ch.weights, ch.hours, strict=True))
    else:
        per_hour = 1.0 / scenario.dynamics.hours_per_contact
    return c.need * c.tolerance * c.per_rep / (scenario.reps.contact_share * per_hour)


def scan_efforts(plan: PatternPlan, values: dict[str, Any]) -> np.ndarray:
    """The efforts scanned at a point: evenly from the start to ``overshoot`` × the tolerance
    effort (the start moves down to half the end where the end is below twice the start)."""
    scan = plan.settings.scan
    end = scan.overshoot * tolerance_effort(plan.sweep.base.with_values(values))
    start = min(scan.start_hours, end / 2)
    return np.round(np.linspace(start, end, scan.steps), 4)


def team_values(plan: PatternPlan) -> dict[str, dict[str, float]]:
    s = plan.settings
    return {
        "low": {PERCEPTION: s.low.perception, REGULATION: s.low.regulation},
        "high": {PERCEPTION: s.high.perception, REGULATION: s.high.regulation},
    }


def plan_points(plan: PatternPlan) -> list[DesignPoint]:
    """The Latin-hypercube points over the priors, each validated as a scenario."""
    points = design_points(plan.sweep)
    validate_points(plan.sweep, points)
    return points


def pattern_tasks(
    plan: PatternPlan, points: list[DesignPoint], done: set[str]
) -> Iterator[RunTask]:
    """Lazily, the runs not yet on disk: point × team × effort × replication.

    The seed depends on the point and the replication only, so the efforts and teams of one
    replication share their random numbers.
    """
    s = plan.settings
    base = plan.sweep.base.model_dump(mode="json")
    record = plan.sweep.file.record
    teams = team_values(plan)
    head = identity_head(plan.sweep)
    for point in points:
        # Held priors (``fix``) replace the sampled values; the seed stays the point's own, so a
        # map with a prior held and one without share their random numbers point by point.
        held = {**point.values, **s.fix}
        efforts = scan_efforts(plan, held)
        for replication in range(s.replications):
            seed = run_seed(s.seed, point.values, replication)
            for team in ("low", "high"):
                for effort in efforts:
                    values = {**held, **teams[team], EFFORT: float(effort)}
                    key = key_from(head, canonical(values), seed)  # run_key, its head once
                    if key in done:
                        continue
                    beyond = (EFFORT,) if effort > PARAMS[EFFORT].maximum else ()
                    yield RunTask(
                        key,
                        point.index,
                        replication,
                        seed,
                        values,
                        base,
                        record.metrics,
                        record.every,
                        unchecked=beyond,
                    )


def run_patterns(plan: PatternPlan, out: str | Path, **options: Any) -> SweepOutcome:
    """Execute the missing runs of the pattern map into ``out`` (resumable).

    ``options`` are those of ``experiments.sweep.execute_plan``: workers, address, force, quiet,
    stream.
    """
    points = plan_points(plan)
    tasks = lambda done: pattern_tasks(plan, points, done)  # noqa: E731
    return execute_plan(plan, points, tasks, plan.total_runs, out, **options)


# --- judging -------------------------------------------------------------------------------------


def judge_curves(
    rp_low: np.ndarray, rp_high: np.ndarray, revenue_high: np.ndarray, criteria: Criteria
) -> dict[str, bool | float]:
    """Whether the pattern holds for one point and horizon, criterion by criterion.

    Args:
        rp_low, rp_high: relational performance of the low- and high-EI team over the scan.
        revenue_high: the high-EI team's weekly revenue over the scan.
        criteria: the thresholds.
    """
    peak = int(np.argmax(rp_low))
    fall = 1.0 - rp_low[-1] / rp_low[peak] if rp_low[peak] > 0 else 0.0
    tail = criteria.rising_points
    slope = float(np.polyfit(np.arange(tail), revenue_high[-tail:], 1)[0])
    result = {
        "low_interior_peak": 0 < peak < len(rp_low) - 1,
        "low_falls": fall >= criteria.low_fall,
        "high_keeps": bool(rp_high[-1] >= criteria.high_keep * rp_high.max()),
        "high_revenue_rising": slope > 0,
        "low_fall": float(fall),
        "high_end_share": float(rp_high[-1] / rp_high.max()) if rp_high.max() > 0 else 0.0,
        "revenue_slope": slope,
    }
    result["holds"] = all(bool(result[name]) for name in CRITERIA)
    return result


def curves(
    results: pd.DataFrame, settings: PatternFile, slots: pd.Series | None = None
) -> pd.DataFrame:
    """Per point, horizon, team and effort: mean relationship quality at the horizon (by the
    criteria's ``measure``) and mean weekly revenue over the ``revenue_weeks`` before it, over
    replications.

    Args:
        results: the map's stored results (``churned`` and ``customers`` too for the
            ``with_lost`` measure).
        settings: the map's settings.
        slots: the team's customer slots at each point (index: point), for ``with_lost``.
    """
    frames = []
    low_perception = settings.low.perception
    keys = ["point", "replication", PERCEPTION, EFFORT]
    for horizon in settings.horizons:
        window = results[
            results["week"].between(horizon - settings.criteria.revenue_weeks + 1, horizon)
        ]
        per_run = window.groupby(keys, sort=False).agg(revenue=("revenue", "mean"))
        at = results[results["week"] == horizon].set_index(keys)
        per_run["rp"] = at["relational_performance"]
        if settings.criteria.measure == "with_lost":
            if slots is None:
                raise ValueError("the with_lost measure needs the team's customer slots")
            before = results[results["week"] == horizon - settings.criteria.lost_weeks]
            lost = at["churned"] - before.set_index(keys)["churned"].reindex(at.index)
            m = slots.reindex(at.index.get_level_values("point")).to_numpy()
            # The relationships summed over the slots, over the customers the team has and
            # those it lost: a lost customer whose slot is still empty is counted once.
            had = at["customers"].to_numpy() + lost.to_numpy()
            per_run["rp"] = at["relational_performance"] * m / had
        mean = per_run.groupby(["point", PERCEPTION, EFFORT]).mean().reset_index()
        mean["team"] = np.where(np.isclose(mean[PERCEPTION], low_perception), "low", "high")
        mean["horizon"] = horizon
        frames.append(mean.drop(columns=PERCEPTION))
    return pd.concat(frames, ignore_index=True)


def result_columns(settings: PatternFile, config: dict[str, Any]) -> list[str]:
    """The stored columns the judging reads; ``churned`` and ``customers`` only for the measure
    with lost customers, which maps recorded before them cannot give.

    Raises:
        ConfigError: The measure needs ``churned`` and ``customers`` and the map's runs did not
            record them.
    """
    with_lost = settings.criteria.measure == "with_lost"
    recorded = config.get("record", {}).get("metrics", [])
    if with_lost and not set(LOST) <= set(recorded):
        raise ConfigError(
            "criteria.measure: with_lost needs the customers lost and the customers each team "
            "has, which this map's runs did not record (they predate the measure or the "
            "customers metric); run the map into a new folder"
        )
    measures = [m for m in METRICS if m not in LOST or with_lost]
    return ["point", "replication", "week", PERCEPTION, EFFORT, *measures]


def held_design(design: pd.DataFrame, settings: PatternFile) -> pd.DataFrame:
    """A stored map's design (index: point) with its held priors (``fix``) at the values the
    runs used."""
    return design.assign(**{name: value for name, value in settings.fix.items()})


@dataclass
class StoredMap:
    """What the judging of a stored map reads from its folder."""

    store: ResultStore
    config: dict[str, Any]
    settings: PatternFile
    manifest: dict[str, Any]
    sampled: pd.DataFrame  # the design as sampled (index: point)
    results: pd.DataFrame  # the columns the judging reads (``result_columns``)

    @classmethod
    def read(cls, folder: str | Path) -> StoredMap:
        store = ResultStore(folder)
        config = store.read_config()
        settings = PatternFile.model_validate(config["patterns"])
        results = store.read_results(columns=result_columns(settings, config))
        sampled = store.read_design().set_index("point")
        return cls(store, config, settings, store.read_manifest() or {}, sampled, results)

    @property
    def design(self) -> pd.DataFrame:
        """The design with the held priors at the values the runs used (``held_design``)."""
        return held_design(self.sampled, self.settings)

    @property
    def slots(self) -> pd.Series:
        return team_slots(self.config, self.design)


PAIRED_SETTINGS = ("samples", "replications", "seed", "horizons", "scan", "criteria")


def pairing_problem(
    a: PatternFile, version_a: str | None, b: PatternFile, version_b: str | None
) -> str | None:
    """Why two maps' settings cannot pair point by point (None if they can, as far as their
    settings tell; the points themselves are compared once both have run)."""
    if version_a != version_b:
        return (
            f"the two maps ran different model versions ({version_a}, {version_b}): they are "
            "not paired"
        )
    for name in PAIRED_SETTINGS:
        ours, theirs = getattr(a, name), getattr(b, name)
        if ours != theirs:
            shown = (
                f" ({ours} and {theirs})" if isinstance(ours, int | float | tuple | list) else ""
            )
            return f"the two maps differ in {name}{shown}: they are not paired"
    return None


def finished_map(folder: str | Path) -> tuple[PatternFile, str | None]:
    """A finished pattern map's settings and model version, read from its folder.

    Raises:
        ConfigError: ``folder`` holds no pattern map (a sweep's results, say), or a map with
            runs missing (interrupted, or runs failed), whose verdicts would rest on part of
            its runs while counting every point.
    """
    store = ResultStore(folder)
    config = store.read_config()
    if not isinstance(config.get("patterns"), dict):
        raise ConfigError(
            f"{folder}: not a pattern map (its config.yaml has no pattern settings; "
            "`rapport patterns CONFIG --out FOLDER` writes one)"
        )
    try:
        settings = PatternFile.model_validate(config["patterns"])
    except ValidationError as exc:
        raise ConfigError(
            f"{folder}: its pattern settings are not valid "
            f"({describe_error(exc.errors(), root=PatternFile)})"
        ) from None
    on_disk, planned = len(store.done_keys()), planned_runs(settings)
    if on_disk < planned:
        raise ConfigError(
            f"{folder}: an unfinished pattern map ({on_disk:,} of {planned:,} runs on disk); "
            f"run its `rapport patterns` command again with --out {folder} to finish it"
        )
    version = (store.read_manifest() or {}).get("versions", {}).get("model_version")
    return settings, version


def check_pairable(plan: PatternPlan, folder: str | Path) -> None:
    """Refuse, before any run, a ``--paired-with`` folder that holds no finished map, or a map
    whose settings cannot pair with ``plan``'s (ConfigError naming the folder and the
    difference)."""
    try:
        other, version = finished_map(folder)
    except ConfigError as exc:
        raise ConfigError(f"--paired-with {exc}") from None
    problem = pairing_problem(plan.settings, MODEL_VERSION, other, version)
    if problem:
        raise ConfigError(f"--paired-with {folder}: {problem}")


def paired_verdicts(first: str | Path, second: str | Path) -> dict[str, Any]:
    """Two maps of the same points and seeds (one with a prior held by ``fix``, say, or one
    judging other teams on the same worlds), compared point by point at each horizon: how many
    points hold the whole pattern (and each part) in both, in the first only and in the second
    only, with McNemar's exact test on the points that differ (``statsmodels``). Differences
    between two maps of different designs mix the rules' effect with the spread between
    designs; paired on the same points they do not. The teams (``low``, ``high``) may differ:
    ``teams`` names both maps' levels.

    Raises:
        ConfigError: A folder holds no finished map (``finished_map``), or the maps differ in
            their points, seeds, horizons, scan, criteria or model version.
    """
    maps, stored = [], []
    for folder in (first, second):
        finished_map(folder)
        one = StoredMap.read(folder)
        judged = judge(curves(one.results, one.settings, one.slots), one.settings)
        version = one.manifest.get("versions", {}).get("model_version")
        maps.append((one.settings, one.sampled, judged, version))
        stored.append(one)
    (a, design_a, judged_a, version_a), (b, design_b, judged_b, version_b) = maps
    problem = pairing_problem(a, version_a, b, version_b)
    if problem:
        raise ConfigError(problem)
    if not design_a.equals(design_b):
        raise ConfigError("the two maps sampled different points: they are not paired")
    teams = {
        side: {team: getattr(settings, team).model_dump() for team in ("low", "high")}
        for side, settings in (("first", a), ("second", b))
    }
    out: dict[str, Any] = {
        "first": str(first),
        "second": str(second),
        "model_version": version_a,
        "teams": teams,
        "differences": map_differences(*stored),
        "horizons": {},
    }
    for horizon in a.horizons:
        x = judged_a[judged_a["horizon"] == horizon].set_index("point")
        y = judged_b[judged_b["horizon"] == horizon].set_index("point").reindex(x.index)
        entry = {}
        for name in ("holds", *CRITERIA):
            u, v = x[name].astype(bool).to_numpy(), y[name].astype(bool).to_numpy()
            only_first, only_second = int((u & ~v).sum()), int((~u & v).sum())
            table = [[int((u & v).sum()), only_first], [only_second, int((~u & ~v).sum())]]
            entry[name] = {
                "points": len(u),
                "first": int(u.sum()),
                "second": int(v.sum()),
                "both": table[0][0],
                "first_only": only_first,
                "second_only": only_second,
                "p": float(mcnemar(table, exact=True).pvalue) if only_first + only_second else 1.0,
            }
        out["horizons"][str(horizon)] = entry
    return out


def _dotted(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested scenario as ``{"reps.count": 10, …}`` (lists stay whole values)."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            flat.update(_dotted(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def map_differences(first: StoredMap, second: StoredMap) -> list[dict[str, str]]:
    """What the runs of two paired maps differ in besides their teams: a prior held by ``fix``
    in one and sampled (or held elsewhere) in the other, and a value of the base scenario
    (``base:``, ``set:``) that no point samples, scans or sets by team. One entry per setting,
    ``{"setting", "first", "second"}`` with the values as shown, in name order; empty when the
    maps ran the same worlds. A comparison that says what it compares: a map of 20 reps paired
    with one of 10 is a valid pairing, but not the effect of a rule."""
    per_point = {*first.sampled.columns, *second.sampled.columns, EFFORT, PERCEPTION, REGULATION}
    rows = []
    for name in sorted(first.settings.fix.keys() | second.settings.fix.keys()):
        here, there = first.settings.fix.get(name), second.settings.fix.get(name)
        if here != there:
            rows.append(
                {
                    "setting": f"fix {name}",
                    "first": "sampled" if here is None else _shown(here),
                    "second": "sampled" if there is None else _shown(there),
                }
            )
    a, b = _dotted(first.config["scenario"]), _dotted(second.config["scenario"])
    for name in sorted((a.keys() | b.keys()) - per_point):
        if a.get(name) != b.get(name):
            rows.append(
                {"setting": name, "first": _shown(a.get(name)), "second": _shown(b.get(name))}
            )
    return rows


def _shown(value: Any) -> str:
    """A scenario value as a difference shows it (numbers as the pages write them)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return "unset" if value is None else json.dumps(value, default=json_default)


def differences_text(differences: list[dict[str, str]]) -> str:
    """``fix dynamics.heard_relief 0 here, sampled there; reps.count 10 here, 20 there``."""
    return "; ".join(f"{d['setting']} {d['first']} here, {d['second']} there" for d in differences)


def team_levels(teams: dict[str, dict[str, float]]) -> str:
    """``low 0.2/0.2, high 0.8/0.8``: each team's perception/regulation (``paired_verdicts``'s
    ``teams``), as the command and ``paired.html`` show them."""
    return ", ".join(
        f"{name} {levels['perception']:g}/{levels['regulation']:g}"
        for name, levels in teams.items()
    )


def write_paired(folder: str | Path, pairs: dict[str, Any]) -> tuple[Path, Path]:
    """``paired_verdicts``'s comparison into ``folder``: ``paired.json`` and ``paired.html`` (a
    table per horizon: where the whole pattern and each part hold in both maps, in one only,
    and McNemar's p). Returns both paths."""
    folder = Path(folder)
    figures = folder / "paired.json"
    write_text_atomically(figures, json.dumps(pairs, indent=2))
    here, there = (team_levels(pairs["teams"][side]) for side in ("first", "second"))
    lead = (
        f"<p>This map (<code>{html.escape(pairs['first'])}</code>, teams: {here}) "
        f"against <code>{html.escape(pairs['second'])}</code> (teams: {there}), the "
        f"same points and seeds, model version <code>{pairs['model_version']}</code>: points "
        "where each part of the pattern holds, and McNemar's exact test on the points whose "
        "verdicts differ.</p>"
    )
    differences = pairs["differences"]
    rows = "".join(
        f"<tr><td><code>{html.escape(d['setting'])}</code></td>"
        f"<td>{html.escape(d['first'])}</td><td>{html.escape(d['second'])}</td></tr>"
        for d in differences
    )
    worlds = (
        "<p>Besides the teams, the two maps' runs differ in:</p><table><tr><th>setting</th>"
        f"<th>here</th><th>there</th></tr>{rows}</table>"
        if differences
        else "<p>Besides the teams, the two maps ran the same worlds (the same held priors "
        "and base scenario).</p>"
    )
    sections = [lead, worlds]
    for horizon, entry in pairs["horizons"].items():
        rows = "".join(
            f"<tr><td>{html.escape(CRITERIA.get(name, 'whole pattern'))}</td>"
            f"<td>{c['first']}</td><td>{c['second']}</td><td>{c['both']}</td>"
            f"<td>{c['first_only']}</td><td>{c['second_only']}</td><td>{c['p']:.2g}</td></tr>"
            for name, c in entry.items()
        )
        points = next(iter(entry.values()))["points"]
        sections.append(
            f"<h2>{horizon} weeks ({points} points)</h2><table><tr><th>part</th>"
            "<th>holds here</th><th>there</th><th>in both</th><th>here only</th>"
            f"<th>there only</th><th>McNemar p</th></tr>{rows}</table>"
        )
    page = write_page(folder / "paired.html", "Two pattern maps, point by point", sections)
    return figures, page


def team_slots(config: dict[str, Any], design: pd.DataFrame) -> pd.Series:
    """Each point's customer slots per team (reps × customers per rep), from a stored map's
    resolved ``config`` and its ``design`` (index: point)."""
    scenario = config["scenario"]
    per_rep = (
        design["customers.per_rep"]
        if "customers.per_rep" in design.columns
        else pd.Series(scenario["customers"]["per_rep"], index=design.index)
    )
    return (per_rep * scenario["reps"]["count"]).astype(float)


def judge(curve_frame: pd.DataFrame, settings: PatternFile) -> pd.DataFrame:
    """One row per point and horizon: each criterion, the measures and whether it all holds."""
    rows = []
    for (point, horizon), group in curve_frame.groupby(["point", "horizon"]):
        low = group[group["team"] == "low"].sort_values(EFFORT)
        high = group[group["team"] == "high"].sort_values(EFFORT)
        if len(low) != settings.scan.steps or len(high) != settings.scan.steps:
            continue  # incomplete point (runs missing or failed): not judged
        verdict = judge_curves(
            low["rp"].to_numpy(),
            high["rp"].to_numpy(),
            high["revenue"].to_numpy(),
            settings.criteria,
        )
        rows.append({"point": point, "horizon": horizon, **verdict})
    return pd.DataFrame(rows)


# What is true of a map with one seed per point, where no seed can be left out to see which
# verdicts it decides: said by the page and by ``rapport patterns``.
ONE_SEED = (
    "one seed per point: every verdict rests on that one seed, and which verdicts its Monte "
    "Carlo noise decides is not measured (replications: 2 or more measure it)"
)


def seed_fragility(
    results: pd.DataFrame,
    settings: PatternFile,
    judged: pd.DataFrame,
    slots: pd.Series | None = None,
) -> pd.DataFrame | None:
    """Which verdicts one seed decides: per point and horizon, whether leaving out any one
    replication flips the whole pattern's verdict (``holds``) or a part's (one column each).

    A verdict that one seed flips rests on Monte Carlo noise at that point: the curves lie
    near a criterion's threshold (a revenue plateau, a fall near the required share). With one
    replication nothing can be left out: None, since every verdict then rests on its one seed
    and nothing says which ones that seed decides (not "none of them").
    """
    replications = sorted(results["replication"].unique())
    if len(replications) < 2:
        return None
    keys = ["point", "horizon"]
    flips = judged[keys].copy()
    for name in ("holds", *CRITERIA):
        flips[name] = False
    full = judged.set_index(keys)
    for left_out in replications:
        kept = results[results["replication"] != left_out]
        rest = judge(curves(kept, settings, slots), settings)
        other = rest.set_index(keys).reindex(full.index)
        for name in ("holds", *CRITERIA):
            changed = other[name].notna() & (other[name].astype(bool) != full[name].astype(bool))
            flips[name] |= changed.to_numpy()
    return flips


# --- scenario discovery --------------------------------------------------------------------------

# What a box restricting a parameter low or high means, in the model's terms.
MECHANISMS: dict[str, tuple[str, str]] = {
    "customers.tolerance": (
        "customers bear little beyond their ideal",
        "tolerant customers: over-contact comes late",
    ),
    "customers.tolerance_spread": (
        "customers alike in tolerance: over-contact hits all at once",
        "tolerance varies widely: some customers are over-contacted at any effort, others never",
    ),
    "customers.need": ("customers want few contacts", "customers want many contacts"),
    "customers.signal_clarity": (
        "signals subtle",
        "signals clear: even low-EI reps notice and back off",
    ),
    "customers.memory_weeks": (
        "customers judge recent weeks only",
        "customers judge contact over months",
    ),
    "customers.per_rep": ("small portfolios", "large portfolios"),
    "dynamics.erosion": (
        "irritation barely erodes relationships",
        "irritation erodes relationships fast",
    ),
    "dynamics.irritation_per_contact": (
        "unwanted contacts irritate little",
        "unwanted contacts irritate a lot",
    ),
    "dynamics.irritation_fade": (
        "irritation lingers: damage accumulates, also for high-EI reps",
        "irritation fades fast: damage does not accumulate",
    ),
    "dynamics.churn_hazard": (
        "few customers leave: damage stays in the portfolio",
        "irritated customers leave and fresh prospects replace them (the portfolio renews)",
    ),
    "dynamics.reciprocity": (
        "contacts build relationships slowly",
        "welcome contacts build relationships fast, outweighing the harm",
    ),
    "dynamics.decay": ("relationships hardly decay untended", "relationships decay fast untended"),
    "dynamics.regulation_protection": (
        "regulation protects little: high-EI reps harm too",
        "regulation protects well",
    ),
    "dynamics.detection_steepness": (
        "detection differs little between low- and high-perception reps",
        "detection separates low- and high-perception reps sharply",
    ),
    "dynamics.signal_irritation": (
        "customers hint early",
        "customers hint only when very irritated",
    ),
    "dynamics.quality_gain": ("value work adds little", "value work adds a lot"),
    "dynamics.quality_hours": ("value work pays off quickly", "value work pays off slowly"),
    "dynamics.purchase_rate": ("customers buy rarely", "customers buy often"),
    "dynamics.prospect_revenue": (
        "prospecting earns little: freed hours do not raise revenue",
        "prospecting earns a lot",
    ),
    "dynamics.acquisition_hours": (
        "lost customers are replaced at once or soon: a damaged portfolio renews itself",
        "winning a customer takes many hours: lost customers leave empty places",
    ),
    "dynamics.hours_per_contact": ("short contacts", "long contacts"),
    "reps.pushiness": ("low-EI reps hardly push", "low-EI reps push hard"),
    "reps.forgetting": (
        "backed-off plans stay backed off",
        "reps forget hints fast and over-contact again",
    ),
    "reps.backoff": ("a noticed hint cuts contacts a lot", "a noticed hint cuts contacts little"),
    "dynamics.heard_relief": (
        "a heard complaint leaves the customer as irritated",
        "a heard complaint calms the customer",
    ),
    "reps.cut_reading": (
        "a noticed hint cuts as deep whoever reads it",
        "a cut is as deep as the rep reads the hint",
    ),
    "reps.contact_share": ("reps plan few contacts", "reps plan almost only contacts"),
    "reps.effort_spread": (
        "reps of a team work alike hours",
        "reps differ much in hours: some over-contact at any team effort",
    ),
    "reps.trait_spread": (
        "reps of a team alike in empathy",
        "reps differ much in empathy: low-EI teams hold some perceptive reps, and the reverse",
    ),
    "reps.prospecting_share": (
        "freed hours go mostly to value work",
        "freed hours go mostly to prospecting",
    ),
    "reps.book_knowledge": (
        "reps new to their book plan the full effort for every customer",
        "reps know their book: perceived excesses cut before week 1",
    ),
    "customers.need_spread": (
        "customers alike in how many contacts they want",
        "customers differ much in how many contacts they want",
    ),
    "customers.initial_relationship": (
        "relationships start weak",
        "relationships start strong: little left to build",
    ),
    "customers.prospect_relationship": (
        "new customers start cold",
        "new customers start warm: churn costs little",
    ),
    "customers.unwon_share": (
        "territories fully won at the start",
        "much of the territory still to win: hours pay off in new accounts",
    ),
    "dynamics.sensitisation": (
        "over-contact leaves customers' tolerance as it was",
        "over-contact wears customers' tolerance down",
    ),
    "dynamics.wear_fade": (
        "worn tolerance recovers slowly",
        "worn tolerance recovers fast",
    ),
    "dynamics.cue_onset": (
        "calm customers show early cues well before their limit",
        "no early cues: only irritated customers hint",
    ),
    "dynamics.falling_scale": (
        "reps feel small falls as large: they push early",
        "reps feel only large falls",
    ),
    "dynamics.recent_weight": (
        "reps judge falls against a long memory",
        "reps judge falls against last weeks only",
    ),
    "dynamics.prospect_warmth": (
        "prospecting barely warms new customers",
        "prospecting brings warm new customers",
    ),
    "dynamics.prospect_hours": (
        "a few prospecting hours warm new customers fully",
        "warm new customers take many prospecting hours",
    ),
    "channels.visit_hours": ("short visits", "long visits"),
    "channels.call_hours": ("short calls", "long calls"),
    "channels.email_hours": ("quick e-mails", "slow e-mails"),
    "channels.visit_weight": (
        "a visit weighs little against the customer's ideal",
        "a visit weighs much against the customer's ideal",
    ),
    "channels.email_weight": (
        "an e-mail weighs little against the customer's ideal",
        "an e-mail weighs much against the customer's ideal",
    ),
}


def bound_text(restriction: dict[str, Any], digits: int = 3) -> str:
    """A box's limits on one parameter in words: a one-sided box by its one bound (``at most
    0.4``, the low end of the prior; ``at least 0.4``, the high end), a two-sided one as the
    range it is (``between 0.2 and 0.4``: neither end of the prior)."""
    low, high = (format_number(restriction[k], spec=f".{digits}g") for k in ("min", "max"))
    if restriction["side"] == "low":
        return f"at most {high}"
    if restriction["side"] == "high":
        return f"at least {low}"
    return f"between {low} and {high}"


def unit_of(name: str) -> str:
    """A parameter's unit as the box tables show it ("–" for a pure number)."""
    return PARAMS[name].unit or "–"


def axis_name(name: str) -> str:
    """A parameter as a figure's axis names it: "dynamics.decay (1/week)", the dotted name
    alone for a pure number."""
    unit = PARAMS[name].unit
    return f"{name} ({unit})" if unit else name


def restriction_text(restriction: dict[str, Any], digits: int = 3, units: bool = False) -> str:
    """A box's restriction as a clause: "customers.per_rep is between 24.5 and 62.5" (with
    ``units``: "… 62.5 customers"; a unit that is no word in parentheses, "… 0.03 (1/week)")."""
    text = f"{restriction['parameter']} is {bound_text(restriction, digits)}"
    unit = PARAMS[restriction["parameter"]].unit if units else ""
    if not unit:
        return text
    return f"{text} {unit}" if unit[0].isalpha() or unit[0] == "×" else f"{text} ({unit})"


# A restriction's side (``discover_boxes``) as the page names it.
SIDES = {"low": "low end", "high": "high end", "middle": "two-sided (a range)"}


def box_name(restricted: list[dict[str, Any]], failing: dict[str, float]) -> str:
    """A box's name: its most frequent failure mode and the mechanisms of its restrictions (a
    two-sided restriction, which no mechanism's low or high end describes, as its range)."""
    mode = max(failing, key=failing.__getitem__) if failing else ""
    parts = []
    for r in restricted[:3]:
        low, high = MECHANISMS.get(
            r["parameter"], (f"low {r['parameter']}", f"high {r['parameter']}")
        )
        two_sided = restriction_text(r) if r["side"] == "middle" else ""
        parts.append(low if r["side"] == "low" else high if r["side"] == "high" else two_sided)
    fails = f"fails: {CRITERIA.get(mode, mode)}" if mode else "fails"
    return f"{fails}; where " + "; ".join(parts) if parts else fails


def discover_boxes(
    x: pd.DataFrame, fails: np.ndarray, *, max_boxes: int = 3, mass_min: float = 0.05
) -> list[dict[str, Any]]:
    """Scenario discovery with PRIM: boxes over ``x`` where ``fails`` is concentrated.

    From each PRIM peeling trajectory the box with the largest coverage among those whose density
    is at least halfway from the base rate to 1 (and at least 0.8) is kept. Each box lists its
    restricted parameters with their limits, its coverage (share of all failures inside) and
    density (share of failures among the points inside).
    """
    with warnings.catch_warnings():
        # ema_workbench warns at import about optional parallel back ends it does not need here;
        # it is a heavy import (scikit-learn, seaborn), so only the analysis pays for it.
        warnings.simplefilter("ignore")
        from ema_workbench.analysis import prim

        fails = np.asarray(fails, dtype=bool)
        if fails.sum() == 0 or fails.all():
            return []
        threshold = max(0.8, (1.0 + fails.mean()) / 2)
        # All columns as floats: PRIM's pasting step fails on integer columns (portfolio size).
        x = x.astype(float).reset_index(drop=True)
        algorithm = prim.Prim(x, fails.astype(int), mass_min=mass_min)
        initial = algorithm.box_init
        boxes = []
        for _ in range(max_boxes):
            box = algorithm.find_box()
            if box is None:
                break
            trajectory = box.peeling_trajectory
            dense = trajectory[trajectory["density"] >= threshold]
            if dense.empty:
                break
            box.select(int(dense["coverage"].idxmax()))
            limits = box.box_lim
            restricted = []
            for column in x.columns:
                low, high = float(limits[column].iloc[0]), float(limits[column].iloc[1])
                full_low, full_high = float(initial[column].iloc[0]), float(initial[column].iloc[1])
                if low > full_low or high < full_high:
                    side = "low" if low <= full_low else "high" if high >= full_high else "middle"
                    narrowing = 1.0 - (high - low) / (full_high - full_low)
                    restricted.append(
                        {
                            "parameter": column,
                            "min": low,
                            "max": high,
                            "side": side,
                            "narrowing": narrowing,
                        }
                    )
            restricted.sort(key=lambda r: -r["narrowing"])
            boxes.append(
                {
                    "coverage": float(box.coverage),
                    "density": float(box.density),
                    "mass": float(box.mass),
                    "restricted": restricted,
                    "members": [int(i) for i in box.yi],
                }
            )
        return boxes


MOVES = 0.1  # a part "moves" with a parameter when its share changes this much over the thirds


def failure_profile(judged: pd.DataFrame, fragile: pd.DataFrame | None) -> dict[str, Any]:
    """Which parts of the pattern fail, and together with which: the failing points of one
    horizon grouped by the exact set of parts that fail there (most points first, then the
    groups of fewer parts), each group with how many of its verdicts one seed flips
    (``fragile``, the same points' rows of ``seed_fragility``; None with one seed per point,
    and then so is that count). A map that fails mostly on one part alone, near its threshold,
    says something other than one that fails on several at once.
    """
    failing = judged[~judged["holds"].astype(bool)]
    flips = (
        np.zeros(len(failing), dtype=bool)
        if fragile is None
        else fragile.set_index("point")["holds"].reindex(failing["point"]).to_numpy()
    )
    parts = [tuple(c for c in CRITERIA if not bool(row[c])) for _, row in failing.iterrows()]
    groups: dict[tuple[str, ...], list[bool]] = {}
    for combination, flipped in zip(parts, flips, strict=True):
        groups.setdefault(combination, []).append(bool(flipped))
    order = list(CRITERIA)
    ordered = sorted(  # most points first, then fewer parts, then the parts' order
        groups.items(), key=lambda kv: (-len(kv[1]), len(kv[0]), [order.index(c) for c in kv[0]])
    )
    return {
        "points": len(failing),
        "by_parts": [
            {
                "parts": list(combination),
                "points": len(flags),
                "one_seed_flips": None if fragile is None else sum(flags),
            }
            for combination, flags in ordered
        ],
    }


def failure_text(profile: dict[str, Any], *, most: int = 4) -> str:
    """``failure_profile`` in one line: "fails at 70 points: low-EI fall alone 33, ...", the
    ``most`` biggest groups named and the rest counted."""
    if not profile["points"]:
        return "fails nowhere"
    named = [
        f"{' + '.join(PART_NAMES[p] for p in g['parts'])}{' alone' if len(g['parts']) == 1 else ''}"
        f" {g['points']}"
        for g in profile["by_parts"][:most]
    ]
    rest = profile["by_parts"][most:]
    if rest:
        named.append(
            f"{sum(g['points'] for g in rest)} more in {len(rest)} other "
            f"{'group' if len(rest) == 1 else 'groups'}"
        )
    points = profile["points"]
    return f"fails at {points} {'point' if points == 1 else 'points'}: {', '.join(named)}"


def factor_map(x: pd.DataFrame, judged: pd.DataFrame, *, thirds: int = 3) -> list[dict[str, Any]]:
    """Monte Carlo filtering (regional sensitivity analysis; Hornberger & Spear 1981, Saltelli
    et al. 2008 ch. 5): for each parameter of ``x``, how its sampled values differ between the
    points where the pattern holds and those where it fails.

    Per parameter: the two-sample Kolmogorov–Smirnov distance between the two groups and its
    p-value (``scipy.stats.ks_2samp``), the p-values adjusted over the parameters for the false
    discovery rate (Benjamini–Hochberg, ``statsmodels``), and the share of points where the
    pattern and each of its parts hold in the lowest, middle and highest third of the
    parameter's sampled values; ``pulls_both_ways`` where, from the lowest third to the highest,
    one part gains ``MOVES`` or more and another loses as much. Sorted by the distance, largest
    first. Where PRIM finds boxes of failure, this says which single parameters move the
    verdict, and which way each part goes: a parameter can help one part and hurt another.

    Args:
        x: the sampled values at each judged point (rows in the order of ``judged``).
        judged: ``judge``'s verdicts at one horizon.
    """
    from scipy.stats import ks_2samp  # loaded when judged, as elsewhere (sweep start-up)

    holds = judged["holds"].to_numpy(dtype=bool)
    if holds.all() or not holds.any():
        return []
    x = x.astype(float).reset_index(drop=True)
    verdicts = judged[["holds", *CRITERIA]].astype(bool).reset_index(drop=True)
    rows = []
    for name in x.columns:
        values = x[name].to_numpy()
        test = ks_2samp(values[holds], values[~holds])
        third = pd.qcut(pd.Series(values).rank(method="first"), thirds, labels=False)
        shares = verdicts.groupby(third.to_numpy()).mean()
        rows.append(
            {
                "parameter": name,
                "ks": float(test.statistic),
                "p": float(test.pvalue),
                "holds_by_third": [float(v) for v in shares["holds"]],
                "parts_by_third": {c: [float(v) for v in shares[c]] for c in CRITERIA},
            }
        )
    adjusted = multipletests([r["p"] for r in rows], method="fdr_bh")[1]
    for row, q in zip(rows, adjusted, strict=True):
        row["q"] = float(q)
        # From its lowest to its highest third, one part gains and another loses MOVES or more.
        change = [shares[-1] - shares[0] for shares in row["parts_by_third"].values()]
        row["pulls_both_ways"] = max(change) >= MOVES and min(change) <= -MOVES
    return sorted(rows, key=lambda r: -r["ks"])


# --- the analysis and its page ------------------------------------------------------------------


def analyse_patterns(folder: str | Path, *, workers: int = 1) -> dict[str, Any]:
    """Judge every stored point, find failing boxes, write ``patterns.html`` and
    ``patterns.json`` into ``folder``; return what the JSON holds.

    ``workers``: processes for scenario discovery (``all_boxes``); the results do not depend on
    it."""
    # Started first: the workers load PRIM (seconds) while this process judges the runs.
    pool = discovery_pool(workers)
    try:
        return _analyse(Path(folder), pool)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)


def _analyse(folder: Path, pool: ProcessPoolExecutor | None) -> dict[str, Any]:
    stored = StoredMap.read(folder)
    config, settings, manifest = stored.config, stored.settings, stored.manifest
    design, results = stored.design, stored.results
    failures = stored.store.read_failures()
    prior_names = [n for n in ALL_PRIORS if n in design.columns and n not in settings.fix]
    acting = acting_dimensions(validate_scenario(config["scenario"]), design, prior_names)
    report = Report(folder)
    summary: dict[str, Any] = {
        "name": settings.name,
        "model_version": manifest.get("versions", {}).get("model_version"),
        "points_planned": settings.samples,
        "replications": settings.replications,
        "runs": manifest.get("runs", {}),
        "failed_runs": len(failures),
        "wall_seconds": _wall_seconds(manifest),
        "criteria": settings.criteria.model_dump(),
        "teams": {"low": settings.low.model_dump(), "high": settings.high.model_dump()},
        # Sampled but acting at no point (``sim.params.ACTS_WHEN``): left out of PRIM.
        "inert_dimensions": [name for name in prior_names if name not in acting],
        # Held at one value at every point (``fix``): left out of PRIM too.
        "fixed": dict(settings.fix),
        "horizons": {},
    }
    if results.empty:
        report.paragraph("No results yet.")
        return _write(folder, report, summary, settings)
    slots = stored.slots
    curve_frame = curves(results, settings, slots)
    judged = judge(curve_frame, settings)
    fragile = seed_fragility(results, settings, judged, slots)
    report.paragraph(
        f"{settings.samples} Latin-hypercube points over the priors of {len(prior_names)} "
        f"parameters (sim/priors.py), {settings.replications} "
        f"{'seed' if settings.replications == 1 else 'seeds'} each; at each point effort is "
        f"scanned in {settings.scan.steps} steps from {settings.scan.start_hours:g} h/week to "
        f"where planned contacts exceed customers' mean tolerance by "
        f"{settings.scan.overshoot - 1:.0%}, for a low-EI team (perception "
        f"{settings.low.perception:g}, regulation {settings.low.regulation:g}) and a high-EI "
        f"team ({settings.high.perception:g}, {settings.high.regulation:g}). "
        f"{len(failures)} run(s) failed. Relationship quality is judged "
        + (
            "over the customers a team has at each horizon and those it lost in the "
            f"{settings.criteria.lost_weeks} weeks before, a lost customer counting as no "
            "relationship."
            if settings.criteria.measure == "with_lost"
            else "at each horizon over the team's customer slots, a slot left empty (after a "
            "customer left or not yet won) counting as no relationship."
        )
        + (
            f" Scenario discovery leaves out {', '.join(summary['inert_dimensions'])}: sampled, "
            "but acting at no point here (`rapport params`: 'Acts only when')."
            if summary["inert_dimensions"]
            else ""
        )
    )
    report.heading("Where the pattern holds")
    share_rows = []
    boxes = all_boxes(design, judged, settings, acting, pool=pool)
    for horizon in settings.horizons:
        at = judged[judged["horizon"] == horizon]
        flipped = None if fragile is None else fragile[fragile["horizon"] == horizon]
        n, k = len(at), int(at["holds"].sum()) if len(at) else 0
        low, high = proportion_confint(k, n, method="wilson") if n else (math.nan, math.nan)
        entry: dict[str, Any] = {
            "points_judged": n,
            "holds": k,
            "share": k / n if n else math.nan,
            "share_95ci": [float(low), float(high)],
            "criteria_share": {c: float(at[c].mean()) if n else math.nan for c in CRITERIA},
            "median_low_fall": float(at["low_fall"].median()) if n else math.nan,
            "median_high_end_share": float(at["high_end_share"].median()) if n else math.nan,
            # Monte Carlo noise per point: the verdicts one seed flips, and the share if every
            # such verdict went the other way (settled holds only, or every flip a hold); None
            # with one seed per point, where it is not measured (``seed_fragility``).
            "seed_fragile": None,
            "share_if_flips_went_the_other_way": None,
        }
        if flipped is not None:
            holds, flips = at["holds"].to_numpy(), flipped["holds"].to_numpy()
            entry["seed_fragile"] = {
                name: float(flipped[name].mean()) if n else math.nan
                for name in ("holds", *CRITERIA)
            }
            entry["share_if_flips_went_the_other_way"] = [
                int((holds & ~flips).sum()) / n if n else math.nan,
                int((holds | flips).sum()) / n if n else math.nan,
            ]
        entry["failures"] = failure_profile(at, flipped)
        entry["boxes"], entry["criterion_boxes"], entry["factor_map"] = [], {}, []
        if n:
            x = design.loc[at["point"], acting].reset_index(drop=True)
            entry["boxes"] = boxes[horizon, "holds"]
            entry["factor_map"] = factor_map(x, at)
            # Each part of the pattern on its own: where does that part fail?
            entry["criterion_boxes"] = {c: boxes[horizon, c] for c in CRITERIA}
        summary["horizons"][str(horizon)] = entry
        row = {
            "horizon (weeks)": horizon,
            "points": n,
            "pattern holds": f"{entry['share']:.0%}" if n else "–",
            "95 % CI": f"{low:.0%}–{high:.0%}" if n else "–",
        }
        if entry["seed_fragile"] is not None:  # with one seed, nothing measures it
            fragile_share = entry["seed_fragile"]["holds"]
            row["one seed flips the verdict"] = f"{fragile_share:.0%}" if n else "–"
        row |= {CRITERIA[c]: f"{v:.0%}" for c, v in entry["criteria_share"].items()}
        share_rows.append(row)
    report.table(pd.DataFrame(share_rows))
    report.paragraph(
        'The 95 % CI is over the points (how many were sampled). "One seed flips the '
        'verdict" is the Monte Carlo noise at the points themselves: the share of points whose '
        "verdict changes when any one of the seeds is left out, because their curves lie near a "
        "criterion's threshold. patterns.json gives it per part of the pattern and the share "
        "if every such verdict went the other way."
        if fragile is not None
        else f"The 95 % CI is over the points (how many were sampled). {ONE_SEED[0].upper()}"
        f"{ONE_SEED[1:]}."
    )
    report.heading("Which parts fail, and together with which")
    flipping = "of them, one seed flips the verdict"
    part_rows = []
    for horizon in settings.horizons:
        for group in summary["horizons"][str(horizon)]["failures"]["by_parts"]:
            row = {
                "horizon (weeks)": horizon,
                "parts that fail": " + ".join(PART_NAMES[p] for p in group["parts"]),
                "points": group["points"],
            }
            if fragile is not None:  # with one seed, nothing measures it
                row[flipping] = group["one_seed_flips"]
            part_rows.append(row)
    columns = ["horizon (weeks)", "parts that fail", "points"]
    if fragile is not None:
        columns.append(flipping)
    report.table(pd.DataFrame(part_rows, columns=columns))
    _plot_shares(report, summary, settings)
    _plot_curves(report, curve_frame, judged, settings)
    report.heading("Where it fails: PRIM boxes over the priors")
    report.paragraph(
        "Scenario discovery (PRIM, EMA Workbench): each box is a region of the prior space where "
        "failures concentrate. Coverage: share of all failures inside the box; density: share of "
        "the points inside that fail. Boxes are found one after another on the points left."
    )
    for horizon in settings.horizons:
        for i, box in enumerate(summary["horizons"][str(horizon)]["boxes"], 1):
            report.sections.append(
                f"<h3>{horizon} weeks, box {i}: {box['mechanism']}</h3>"
                f"<p>coverage {box['coverage']:.0%}, density {box['density']:.0%}, "
                f"mass {box['mass']:.0%}</p>"
            )
            report.table(
                pd.DataFrame(
                    [
                        {
                            "parameter": r["parameter"],
                            "box": bound_text(r, 4),
                            "unit": unit_of(r["parameter"]),
                            "prior": ALL_PRIORS[r["parameter"]].text(),
                            "side": SIDES[r["side"]],
                        }
                        for r in box["restricted"]
                    ]
                )
            )
        boxes = summary["horizons"][str(horizon)]["boxes"]
        if boxes and len(boxes[0]["restricted"]) >= 2:
            _plot_box(report, design, judged, horizon, boxes[0])
    _factor_tables(report, summary, settings)
    report.heading("Where each part of the pattern fails")
    rows = [
        {
            "horizon": horizon,
            "part": CRITERIA[c],
            "fails in": f"{1 - summary['horizons'][str(horizon)]['criteria_share'][c]:.0%}",
            "box": i,
            "coverage": f"{box['coverage']:.0%}",
            "density": f"{box['density']:.0%}",
            "restrictions": "; ".join(
                restriction_text(r, units=True) for r in box["restricted"][:4]
            ),
            "mechanism": box["mechanism"],
        }
        for horizon in settings.horizons
        for c, boxes in summary["horizons"][str(horizon)]["criterion_boxes"].items()
        for i, box in enumerate(boxes, 1)
    ]
    if rows:
        report.table(pd.DataFrame(rows))
    return _write(folder, report, summary, settings)


SHOWN_FACTORS = 8  # rows of the page's factor table per horizon


def by_thirds(shares: list[float]) -> str:
    """Shares by third of a parameter's values, as the page and the command show them."""
    return " / ".join(f"{v:.0%}" for v in shares)


def _factor_tables(report: Report, summary: dict[str, Any], settings: PatternFile) -> None:
    """The page's section on ``factor_map``: per horizon, the parameters that move the verdict
    most, with the share holding by third and the parts each one moves."""
    report.heading("Which parameters move the verdict")
    report.paragraph(
        "Monte Carlo filtering: for each parameter, the Kolmogorov–Smirnov distance between its "
        "values where the pattern holds and where it fails (q: p-value adjusted over the "
        "parameters, Benjamini–Hochberg), and the share of points where the pattern holds in "
        "the lowest, middle and highest third of its sampled values. Parts: those whose share "
        f"moves by {MOVES * 100:.0f} percentage points or more over the thirds. A parameter "
        "that lifts one part and lowers another pulls the pattern both ways. The "
        f"{SHOWN_FACTORS} largest distances per horizon; patterns.json has every parameter."
    )
    rows = []
    for horizon in settings.horizons:
        for r in summary["horizons"][str(horizon)]["factor_map"][:SHOWN_FACTORS]:
            parts = [
                f"{CRITERIA[c]} {by_thirds(shares)}"
                for c, shares in r["parts_by_third"].items()
                if max(shares) - min(shares) >= MOVES
            ]
            rows.append(
                {
                    "horizon": horizon,
                    "parameter": r["parameter"],
                    "KS": f"{r['ks']:.2f}",
                    "q": f"{r['q']:.2g}",
                    "holds (low / mid / high third)": by_thirds(r["holds_by_third"]),
                    "parts that move": "; ".join(parts),
                }
            )
    if rows:
        report.table(pd.DataFrame(rows))
    both = [
        {
            "horizon": horizon,
            "parameter": r["parameter"],
            "holds (low / mid / high third)": by_thirds(r["holds_by_third"]),
            **{CRITERIA[c]: by_thirds(shares) for c, shares in r["parts_by_third"].items()},
        }
        for horizon in settings.horizons
        for r in summary["horizons"][str(horizon)]["factor_map"]
        if r["pulls_both_ways"]
    ]
    if both:
        report.paragraph(
            "Parameters that pull the parts both ways (one part gains "
            f"{MOVES * 100:.0f} percentage points or more from "
            "the lowest third to the highest, another loses as much): no single range of them "
            "makes every part hold, so the pattern as a whole moves little with them although "
            "its parts do."
        )
        report.table(pd.DataFrame(both))


def acting_dimensions(scenario: Scenario, design: pd.DataFrame, names: list[str]) -> list[str]:
    """The sampled parameters ``names`` that act at some point of ``design`` (index: point)
    given ``scenario`` (``sim.params.ACTS_WHEN``). PRIM gets only these: a parameter that acts
    nowhere (hours per contact under the discrete schedule) could restrict a box only by chance.
    """
    inert = inert_everywhere(scenario, names, design.to_dict("records"))
    return [name for name in names if name not in inert]


def _load_prim() -> None:
    """A discovery worker's start: the EMA Workbench's PRIM, imported once (seconds)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # see discover_boxes
        from ema_workbench.analysis import prim  # noqa: F401


def _ready() -> None:
    """A task that does nothing: submitted once per worker, it starts them all at once."""


def discovery_pool(workers: int) -> ProcessPoolExecutor | None:
    """Processes for ``all_boxes``, started now and loading PRIM; None for ``workers`` <= 1.

    Started by a fork server (a fresh single-threaded process), not forked from this one:
    forking a process with threads (pyarrow's, which read the results) can deadlock the child.
    """
    if workers <= 1:
        return None
    pool = ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context("forkserver"), initializer=_load_prim
    )
    for _ in range(workers):
        pool.submit(_ready)
    return pool


def all_boxes(
    design: pd.DataFrame,
    judged: pd.DataFrame,
    settings: PatternFile,
    acting: list[str],
    *,
    pool: ProcessPoolExecutor | None = None,
) -> dict[tuple[int, str], list[dict[str, Any]]]:
    """``named_boxes`` at each horizon: of the whole pattern's failures (key ``"holds"``, up to 3
    boxes) and of each part's (``CRITERIA``, up to 2), keyed by (horizon, part).

    PRIM is most of a map's analysis (15 searches at three horizons, about 50 of the headline
    map's 59 s, nearly all of it in the EMA Workbench's peeling); with a ``pool``
    (``discovery_pool``) the searches run in its processes. Each search depends only on its
    inputs, so the boxes are the same either way.
    """
    jobs = []
    for horizon in settings.horizons:
        at = judged[judged["horizon"] == horizon]
        if not len(at):
            continue
        x = design.loc[at["point"], acting].reset_index(drop=True)
        jobs.append(((horizon, "holds"), x, at, ~at["holds"].to_numpy(dtype=bool), 3))
        for c in CRITERIA:
            jobs.append(((horizon, c), x, at, ~at[c].to_numpy(dtype=bool), 2))
    if pool is None:
        return {key: named_boxes(x, at, fails, max_boxes=m) for key, x, at, fails, m in jobs}
    futures = {
        key: pool.submit(named_boxes, x, at, fails, max_boxes=m) for key, x, at, fails, m in jobs
    }
    return {key: future.result() for key, future in futures.items()}


def named_boxes(
    x: pd.DataFrame, judged: pd.DataFrame, fails: np.ndarray, *, max_boxes: int = 3
) -> list[dict[str, Any]]:
    """PRIM boxes of ``fails`` over ``x``, each with the share of each part of the pattern that
    fails inside it and its name (failure mode and mechanisms)."""
    boxes = []
    for box in discover_boxes(x, fails, max_boxes=max_boxes):
        inside = judged.iloc[box.pop("members")]
        failing = {c: float((~inside[c].astype(bool)).mean()) for c in CRITERIA}
        box["failing_criteria"] = failing
        box["mechanism"] = box_name(box["restricted"], failing)
        boxes.append(box)
    return boxes


def _wall_seconds(manifest: dict[str, Any]) -> float | None:
    """The runs' wall time: the seconds spent executing (``busy_seconds``), or, in a folder
    written before those were kept, from the first start to the last finish."""
    if manifest.get("busy_seconds") is not None:
        return float(manifest["busy_seconds"])
    start, end = manifest.get("first_started"), manifest.get("finished")
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def _write(folder: Path, report: Report, summary: dict[str, Any], settings: PatternFile) -> dict:
    report.heading("Reproduce")
    report.paragraph(
        "rapport patterns config.yaml --out DIR (config.yaml in this folder holds the resolved "
        "settings); running it again executes only missing runs."
    )
    write_page(folder / "patterns.html", f"Pattern map: {settings.name}", report.sections)
    write_text_atomically(
        folder / "patterns.json", json.dumps(summary, indent=2, default=json_default) + "\n"
    )
    return summary


def _plot_shares(report: Report, summary: dict[str, Any], settings: PatternFile) -> None:
    horizons = [str(h) for h in settings.horizons]
    fig, ax = plt.subplots(figsize=(10, 3.8))
    width = 0.8 / (len(CRITERIA) + 1)
    for i, name in enumerate(["holds", *CRITERIA]):
        if name == "holds":
            values = [summary["horizons"][h]["share"] for h in horizons]
            label = "whole pattern"
        else:
            values = [summary["horizons"][h]["criteria_share"][name] for h in horizons]
            label = CRITERIA[name]
        ax.bar(
            np.arange(len(horizons)) + i * width,
            values,
            width,
            label=label,
            color=PALETTE[i % len(PALETTE)],
        )
    ax.axhline(0.9, color="#444", lw=0.8, ls="--")
    ax.set_xticks(np.arange(len(horizons)) + 2 * width, [f"{h} weeks" for h in horizons])
    ax.set_ylim(0, 1)
    ax.set_ylabel("share of the prior space")
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    report.figure(fig, "shares", "Share of the prior space where the pattern (and each part) holds")


def _plot_curves(
    report: Report, curve_frame: pd.DataFrame, judged: pd.DataFrame, settings: PatternFile
) -> None:
    fig, axes = plt.subplots(
        len(settings.horizons), 2, figsize=(9, 2.8 * len(settings.horizons)), squeeze=False
    )
    for row, horizon in enumerate(settings.horizons):
        at = curve_frame[curve_frame["horizon"] == horizon]
        verdict = judged[judged["horizon"] == horizon].set_index("point")["holds"]
        for col, team in enumerate(("low", "high")):
            ax = axes[row][col]
            for point, group in at[at["team"] == team].groupby("point"):
                group = group.sort_values(EFFORT)
                rp = group["rp"].to_numpy()
                relative = group[EFFORT].to_numpy() / group[EFFORT].max()
                ok = bool(verdict.get(point, False))
                ax.plot(
                    relative,
                    rp / rp.max(),
                    lw=0.5,
                    alpha=0.35,
                    color=PALETTE[0] if ok else PALETTE[3],
                )
            ax.set_title(f"{team} EI, {horizon} weeks", fontsize=9)
            ax.set_xlabel("effort / end of scan")
            ax.set_ylabel("relational perf. / best")
    report.figure(
        fig,
        "curves",
        "Relational performance over the effort scan at every point "
        "(blue: pattern holds, vermillion: fails), scaled to each curve's best",
    )


def _plot_box(
    report: Report, design: pd.DataFrame, judged: pd.DataFrame, horizon: int, box: dict
) -> None:
    first, second = box["restricted"][0], box["restricted"][1]
    at = judged[judged["horizon"] == horizon]
    x = design.loc[at["point"], first["parameter"]].to_numpy()
    y = design.loc[at["point"], second["parameter"]].to_numpy()
    holds = at["holds"].to_numpy(dtype=bool)
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    ax.scatter(x[holds], y[holds], s=10, color=PALETTE[0], label="holds")
    ax.scatter(x[~holds], y[~holds], s=10, color=PALETTE[3], label="fails")
    ax.add_patch(
        plt.Rectangle(
            (first["min"], second["min"]),
            first["max"] - first["min"],
            second["max"] - second["min"],
            fill=False,
            ec="#222",
            lw=1.2,
        )
    )
    ax.set_xlabel(axis_name(first["parameter"]))
    ax.set_ylabel(axis_name(second["parameter"]))
    ax.legend(fontsize=8)
    report.figure(
        fig,
        f"box_{horizon}",
        f"{horizon} weeks: the first PRIM box over its two most restricted parameters",
    )
