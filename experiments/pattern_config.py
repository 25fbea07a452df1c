"""A pattern-map file (``configs/patterns.yaml``): its settings, their checks and the plan they
make (the Latin-hypercube sweep over the priors).

Read before the map's machinery (``experiments.patterns``: its runs, PRIM, statsmodels,
matplotlib, over a second to import) loads, so that ``rapport patterns`` refuses a bad file,
and prints its schema, at once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, model_validator

from experiments.config import Execution, Sweep, published_schema, unknown_first, validate_sweep
from experiments.pattern_texts import TEXTS
from sim import MODEL_VERSION
from sim.params import PARAMS, ConfigError, Scenario, SchemaModel, describe_error
from sim.priors import ALL_PRIORS, PRIORS, Prior
from sim.scenarios import profile_overrides, read_yaml

EFFORT, PERCEPTION, REGULATION = "reps.effort_hours", "reps.perception", "reps.regulation"
# What each run records: the rated score, revenue, and the customers lost so far (for the
# measure with lost customers, ``Criteria.measure``).
METRICS = ("relational_performance", "revenue", "churned", "customers")
LOST = ("churned", "customers")  # what only the measure with lost customers reads
DEFAULT_CONFIG = Path(__file__).resolve().parents[1] / "configs" / "patterns.yaml"
# The parts of the pattern, as the English pages and patterns.json's boxes name them (their texts
# in every language: ``experiments.pattern_texts``).
CRITERIA = {
    name: TEXTS["en"][f"criterion.{name}"]
    for name in ("low_interior_peak", "low_falls", "high_keeps", "high_revenue_rising")
}


class _Strict(SchemaModel):
    """Unknown keys, NaN, infinities and true/false for numbers are refused, as in scenarios."""


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
        twice = sorted({h for h in self.horizons if self.horizons.count(h) > 1})
        if twice:  # judged twice, stored once: the analysis failed after every run
            raise ValueError(f"horizons: {twice[0]} is given twice; give each horizon once")
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
        if self.low.perception > self.high.perception:  # swapped: every point failed, 0 %
            raise ValueError(
                f"low.perception ({self.low.perception:g}) is above high.perception "
                f"({self.high.perception:g}): low is the team of low emotional intelligence"
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
    for name in settings.set:  # values the map itself sets at every run: set, they did nothing
        if name in space:
            raise ConfigError(
                f"{where}set.{name}: a prior this map samples, so its points would override "
                "it; hold it at one value with fix:"
            )
        if name in MAP_SETS:
            raise ConfigError(f"{where}set.{name}: {MAP_SETS[name]}, so it would act nowhere")
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


# What the map sets at every run, by the key of its file that says it.
MAP_SETS = {
    EFFORT: "the map scans effort (scan:)",
    PERCEPTION: "the map sets the teams' perception (low:, high:)",
    REGULATION: "the map sets the teams' regulation (low:, high:)",
    "simulation.weeks": "the map runs to its last horizon (horizons:)",
}


def check_teams_act(sweep: Sweep) -> None:
    """Refuse a base team whose profiles all set their own effort or empathy: the map scans
    effort and compares a low- with a high-EI team by setting the team's values, which such
    profiles override; every point would judge one team against itself."""
    roles = {EFFORT: "effort scan", PERCEPTION: "EI teams", REGULATION: "EI teams"}
    idle = [o for o in profile_overrides(sweep.base) if o.name in roles]
    if idle:
        # profiles come from the base file or from set: (reps.profiles), named as given
        key, team = (
            ("base", Path(sweep.file.base).name) if sweep.file.base else ("set", "reps.profiles")
        )

        def listed(items: list[str]) -> str:
            return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)

        own = listed([f"{o.trait} ({o.own()})" for o in idle])
        what = listed(list(dict.fromkeys(roles[o.name] for o in idle)))
        traits = listed([o.trait for o in idle])
        raise ConfigError(
            f"{key}: every profile of {team} sets its own {own}, so the team values that the "
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


def pattern_json_schema() -> dict:
    """JSON Schema of pattern-map files, for editors and ``rapport patterns --schema``: the
    parameters ``set`` and ``fix`` may name, listed."""
    schema = published_schema(PatternFile, "Rapport pattern map")
    schema["properties"]["set"]["propertyNames"] = {"enum": list(PARAMS)}
    schema["properties"]["fix"]["propertyNames"] = {"enum": list(ALL_PRIORS)}
    return schema


def load_patterns(path: str | Path = DEFAULT_CONFIG) -> PatternPlan:
    """Read and validate a pattern-map file."""
    path = Path(path)
    return validate_patterns(read_yaml(path), source=path)
