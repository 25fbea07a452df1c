"""The calibration file: which parameters, which stylised facts (targets), which ABC budget.

Every target names a statistic of a simulated world (``simulate.STATISTICS``), its source and
how a simulated value is judged against the evidence, in units of its ``scale``:

- ``value``: miss = (simulated − observed) / scale;
- ``at_least`` / ``at_most``: miss = how far the simulated value falls short of / exceeds
  ``observed``, / scale (0 when it meets it);
- ``between``: miss = how far it lies outside [low, high], / scale.

The ABC distance of a simulated world is the root of the summed squared misses.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError, field_validator, model_validator

from experiments.config import Execution, published_schema, unknown_first
from sim import MODEL_VERSION
from sim.params import (
    PARAMS,
    ConfigError,
    SchemaModel,
    describe_error,
    nearest,
    shorten,
    validate_scenario,
)
from sim.priors import PRIORS
from sim.scenarios import read_yaml

STATISTICS: dict[str, str] = {
    "low_ei_curvature_t": "t of the effort curvature at EI −1 SD in a simulated field study "
    "(b2 − b4 of the moderated quadratic, HC3 errors); negative: an inverted U for low EI",
    "high_ei_slope_t": "t of the effort slope at EI +1 SD at the 90th percentile of effort in a "
    "simulated field study; positive: effort still pays off for high EI",
    "ideal_contacts_per_quarter": "contacts per 13 weeks (a customer's recent rate × 13, whole "
    "numbers) at which active customers' mean relationship is highest, among rates held by at "
    "least 5 % of them, at the end of a simulated field study",
    "annual_churn": "customers lost in the study's last 52 weeks per customer slot",
    "relationship_level": "mean relationship of active customers at the study's end (0–1)",
    "team_lost_per_rep_week": "customers a rep of the manager's team loses per week (team CSV)",
    "team_relationship": "mean relationship (0–1) of the team's customers in the last week "
    "(team CSV: rating 1–7 → (r − 1) / 6, or NPS → (nps + 100) / 200)",
}
"""Statistics a target may name (computed by ``experiments.calibrate.simulate``)."""

STUDY_STATISTICS = (
    "low_ei_curvature_t",
    "high_ei_slope_t",
    "ideal_contacts_per_quarter",
    "annual_churn",
    "relationship_level",
)
TEAM_STATISTICS = ("team_lost_per_rep_week", "team_relationship")
DEFAULT_CONFIG = (
    Path(__file__).resolve().parents[2] / "configs" / "calibration" / ("stylised_facts.yaml")
)


# The files a results folder holds for other commands (``rapport study --calibration DIR``).
POSTERIOR = "posterior.parquet"
TEAM_SCENARIO = "team.yaml"


class _Strict(SchemaModel):
    """Unknown keys, NaN, infinities and true/false for numbers are refused."""


# Significant digits a target is shown with: those a config writes, not a computed mean's six.
SHOWN_DIGITS = ".4g"


class Target(_Strict):
    """One stylised fact: a statistic, what the evidence says about it, and how close is close."""

    statistic: str = Field(
        description="A statistic of a simulated world, one of those listed.",
        json_schema_extra={"enum": list(STATISTICS)},
    )
    kind: Literal["value", "at_least", "at_most", "between"] = "value"
    observed: float | None = Field(None, description="The evidence's value (not for 'between').")
    low: float | None = Field(None, description="Lower end of a 'between' target.")
    high: float | None = Field(None, description="Upper end of a 'between' target.")
    scale: float = Field(gt=0, description="A miss of one scale counts one unit of distance.")
    source: str = Field(min_length=1, description="Where the evidence comes from.")
    reason: str = Field(min_length=1, description="Why this value and this scale.")
    source_de: str = Field("", description="The source in German, for German pages (else source).")
    reason_de: str = Field("", description="The reason in German, for German pages (else reason).")

    @field_validator("statistic")
    @classmethod
    def _known(cls, name: str) -> str:
        if name not in STATISTICS:
            raise ValueError(
                f"unknown statistic '{name}'{nearest(name, list(STATISTICS))}; "
                f"allowed: {', '.join(STATISTICS)}"
            )
        return name

    @model_validator(mode="after")
    def _bounds_for_kind(self) -> Target:
        if self.kind == "between":
            if self.low is None or self.high is None or self.observed is not None:
                raise ValueError("kind 'between' needs low and high (and no observed)")
            if self.low >= self.high:
                raise ValueError(f"low {self.low:g} must be below high {self.high:g}")
        elif self.observed is None or self.low is not None or self.high is not None:
            raise ValueError(f"kind '{self.kind}' needs observed (and no low/high)")
        return self

    def miss(self, value: float) -> float:
        """How far ``value`` is from the evidence, in scales (inf for a missing value)."""
        if not math.isfinite(value):
            return math.inf
        if self.kind == "between":
            assert self.low is not None and self.high is not None
            return max(0.0, self.low - value, value - self.high) / self.scale
        assert self.observed is not None
        if self.kind == "value":
            return abs(value - self.observed) / self.scale
        if self.kind == "at_least":
            return max(0.0, self.observed - value) / self.scale
        return max(0.0, value - self.observed) / self.scale

    def text(self) -> str:
        """The target as a reader sees it, e.g. ``between 0.05 and 0.3 (scale 0.05)``, to
        ``SHOWN_DIGITS`` (a team's measured losses, 0.208333, read 0.2083)."""
        if self.kind == "between":
            what = f"between {self.low:{SHOWN_DIGITS}} and {self.high:{SHOWN_DIGITS}}"
        else:
            sign = {"value": "", "at_least": "≥ ", "at_most": "≤ "}[self.kind]
            what = f"{sign}{self.observed:{SHOWN_DIGITS}}"
        return f"{what} (scale {self.scale:{SHOWN_DIGITS}})"


class Abc(_Strict):
    """The ABC-SMC budget."""

    population: int = Field(150, ge=4, le=100_000, description="Particles per generation.")
    generations: int = Field(4, ge=1, le=100, description="Generations (populations) to run.")
    minimum_epsilon: float = Field(
        0.0, ge=0, description="Stop early once the acceptance threshold falls to this."
    )
    seed: int = Field(20261130, ge=0, le=2**32 - 1, description="Seeds the ABC's own draws.")
    predictive_draws: int = Field(
        40, ge=2, le=10_000, description="Posterior draws simulated for the predictive checks."
    )


class Study(_Strict):
    """The simulated field study that the study statistics are measured on."""

    reps: int = Field(107, ge=12, le=2000, description="Reps in each simulated study.")


class CalibrationFile(_Strict):
    """A calibration file (``configs/calibration/stylised_facts.yaml``)."""

    name: str = Field(min_length=1)
    description: str = ""
    parameters: list[str] | Literal["all"] = Field(
        "all", description="Parameters to calibrate (dotted names with a prior), or 'all'."
    )
    set: dict[str, Any] = Field(
        default_factory=dict, description="Fixed parameter values (dotted names)."
    )
    study: Study = Study()
    targets: dict[str, Target] = Field(default_factory=dict)
    abc: Abc = Abc()
    execution: Execution = Execution()

    @field_validator("parameters")
    @classmethod
    def _with_priors(cls, names: list[str] | str) -> list[str] | str:
        if isinstance(names, str):
            return names
        if not names:
            raise ValueError("name at least one parameter (or 'all')")
        for name in names:
            if name not in PRIORS:
                raise ValueError(
                    f"'{name}' has no prior in sim/priors.py{nearest(name, list(PRIORS))}; "
                    "only parameters with a prior can be calibrated"
                )
        if len(set(names)) < len(names):
            raise ValueError("a parameter is named twice")
        return names

    @field_validator("set")
    @classmethod
    def _known_parameters(cls, values: dict[str, Any]) -> dict[str, Any]:
        for name in values:
            if name not in PARAMS:
                raise ValueError(f"unknown parameter '{name}'{nearest(name, list(PARAMS))}")
        return values

    @model_validator(mode="after")
    def _set_not_calibrated(self) -> CalibrationFile:
        both = sorted(set(self.set) & set(self.calibrated))
        if both:
            raise ValueError(f"set: {both[0]} is both set and calibrated; remove it from one")
        return self

    @property
    def calibrated(self) -> list[str]:
        """The calibrated parameters, in the priors' order when 'all'."""
        return list(PRIORS) if self.parameters == "all" else list(self.parameters)


def calibration_error(errors: list[Any]) -> str:
    """One line for a calibration file's validation errors: an unknown key first (a misspelt
    ``scael:`` also leaves ``scale`` missing), named inside a target too (the schema's lookup of
    the keys allowed there stopped at the mapping of targets, with a traceback); a check across
    fields by its own message, which names its key (no "scenario:", a key no such file has)."""
    errors = unknown_first(errors)
    first, loc = errors[0], tuple(errors[0]["loc"])
    if first["type"] == "extra_forbidden" and len(loc) == 3 and loc[0] == "targets":
        key, allowed = str(loc[-1]), list(Target.model_fields)
        return (
            f"targets.{loc[1]}.{key}: unknown key '{key}'{nearest(key, allowed)}; "
            f"allowed here: {', '.join(allowed)}"
        )
    if first["type"] == "value_error" and not loc:
        return str(first["msg"]).removeprefix("Value error, ")
    if loc[:1] == ("parameters",) and len(loc) == 2 and not str(loc[1]).isdigit():
        # neither member of the union (a list, or 'all'): pydantic's "list[str]" left out
        return f"parameters: {shorten(first.get('input'))} is not a list of parameters or 'all'"
    return describe_error(errors, root=CalibrationFile)


def validate_calibration(data: Any, *, source: Path | None = None) -> CalibrationFile:
    """Validate a parsed calibration file; raise ConfigError naming the first problem."""
    where = f"{source}: " if source else ""
    if not isinstance(data, dict):
        raise ConfigError(f"{where}expected a mapping of keys to values")
    try:
        config = CalibrationFile.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(where + calibration_error(exc.errors())) from None
    validate_scenario(_nested(config.set), source=f"{where}set")
    return config


def _nested(values: dict[str, Any]) -> dict[str, Any]:
    nested: dict[str, Any] = {}
    for name, value in values.items():
        group, leaf = name.split(".", 1)
        nested.setdefault(group, {})[leaf] = value
    return nested


def load_calibration(path: str | Path) -> CalibrationFile:
    """Read and validate a calibration file."""
    path = Path(path)
    return validate_calibration(read_yaml(path), source=path)


def calibration_json_schema() -> dict:
    """JSON Schema of calibration files, for editors and ``rapport calibrate --schema``: the
    statistics a target may name and the parameters it may calibrate or set, listed."""
    schema = published_schema(CalibrationFile, "Rapport calibration")
    schema["properties"]["parameters"]["anyOf"][0]["items"] = {"enum": list(PRIORS)}
    schema["properties"]["set"]["propertyNames"] = {"enum": list(PARAMS)}
    return schema


def config_identity(config: CalibrationFile, team: dict[str, Any] | None) -> dict[str, Any]:
    """What a results folder belongs to: the file's content but its execution and its words,
    the team's content and the model version (stored beside the hash, so that a refused folder
    can say what differs)."""
    data = config.model_dump(mode="json")
    data.pop("execution")
    for target in data["targets"].values():  # words about a target change no simulation
        for words in ("source", "reason", "source_de", "reason_de"):
            target.pop(words)
    # the team's data by their hash: a CRM export of megabytes would fill calibration.json
    text = json.dumps(team, sort_keys=True, separators=(",", ":"))
    team_hash = None if team is None else hashlib.sha256(text.encode()).hexdigest()[:16]
    return {"config": data, "team": team_hash, "model_version": MODEL_VERSION}


def config_hash(config: CalibrationFile, team: dict[str, Any] | None) -> str:
    """The hash of ``config_identity`` (a rerun with the same hash continues the database)."""
    text = json.dumps(config_identity(config, team), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]
