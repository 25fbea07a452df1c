"""The parameter schema: every parameter's default, bounds, unit and description, in one place.

Scenario files, ``--set`` overrides, ``rapport params``, the JSON Schema, the model description's
parameter table and the app's controls are all generated from the classes below. To add a
parameter, add a field here and use it in the model; nothing else needs to know.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator


class ConfigError(ValueError):
    """Bad user input: the message is one line naming the field, the value and what is allowed."""


def param(default: Any, description: str, *, unit: str = "", ge=None, le=None, gt=None) -> Any:
    """A schema field with a unit; pydantic keeps the bounds and the description."""
    return Field(
        default,
        description=description,
        ge=ge,
        le=le,
        gt=gt,
        json_schema_extra={"unit": unit},
    )


class _Group(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Profile(_Group):
    """A named kind of rep in a mixed team; traits left out take the team's values."""

    name: str = Field(description="Label of the profile, e.g. 'hard worker'.", min_length=1)
    share: float = param(0.5, "Fraction of the team with this profile.", ge=0.0, le=1.0)
    effort_hours: float | None = param(
        None,
        "Mean customer-facing hours per week of this profile.",
        unit="h/week",
        ge=1,
        le=80,
    )
    perception: float | None = param(
        None, "Mean perception (noticing subtle signals) of this profile.", ge=0, le=1
    )
    regulation: float | None = param(None, "Mean emotion regulation of this profile.", ge=0, le=1)


class Reps(_Group):
    """The sales team."""

    count: int = param(20, "Number of sales reps in the team.", unit="reps", ge=1, le=100_000)
    effort_hours: float = param(
        30.0,
        "Mean customer-facing working hours per rep and week (the effort the study measures).",
        unit="h/week",
        ge=1,
        le=80,
    )
    effort_spread: float = param(
        2.0, "Standard deviation of effort between reps.", unit="h/week", ge=0, le=20
    )
    perception: float = param(
        0.5,
        "Empathy facet 1: mean perception of customers' emotions. The chance of noticing a "
        "subtle signal is clarity + (1 - clarity) × perception².",
        ge=0,
        le=1,
    )
    regulation: float = param(
        0.5,
        "Empathy facet 2: mean emotion regulation. Keeps contacts calm and authentic, so an "
        "unwanted contact does less harm and the rep does not turn pushy when relationships sour.",
        ge=0,
        le=1,
    )
    trait_spread: float = param(
        0.05,
        "Standard deviation of perception and regulation between reps.",
        ge=0,
        le=0.5,
    )
    contact_share: float = param(
        0.8,
        "Share of effort a rep plans for customer contacts; the rest goes to preparation, "
        "problem solving and prospecting.",
        ge=0.05,
        le=1,
    )
    prospecting_share: float = param(
        0.4,
        "Share of non-contact hours spent prospecting; the rest is value work.",
        ge=0,
        le=1,
    )
    pushiness: float = param(
        0.6,
        "How far a rep with no emotion regulation shifts non-contact hours into extra contacts "
        "when their relationships are falling (0 = never, 1 = all of them).",
        ge=0,
        le=1,
    )
    backoff: float = param(
        0.5,
        "Factor applied to a customer's contact rate each time the rep notices their signal.",
        ge=0.05,
        le=1,
    )
    forgetting: float = param(
        0.06,
        "Weekly fraction by which a backed-off contact rate drifts back to the plan.",
        unit="1/week",
        ge=0,
        le=1,
    )
    profiles: tuple[Profile, ...] = Field(
        (),
        description="Named kinds of reps making up a mixed team (shares add up to 1). "
        "Empty: one homogeneous team.",
    )

    @model_validator(mode="after")
    def _profile_shares_add_up(self) -> Reps:
        if self.profiles:
            total = sum(p.share for p in self.profiles)
            if abs(total - 1.0) > 1e-6:
                raise ValueError(f"profile shares add up to {total:g}, they must add up to 1")
        return self


class Customers(_Group):
    """Each rep's portfolio of customers."""

    per_rep: int = param(40, "Customers in each rep's portfolio.", unit="customers", ge=1, le=1000)
    need: float = param(
        0.25,
        "Mean contact rate a customer welcomes (about one personal contact a month, "
        "Godfrey et al. 2011).",
        unit="contacts/week",
        ge=0.01,
        le=5,
    )
    need_spread: float = param(
        0.3,
        "Log-normal spread (sigma) of the welcome contact rate between customers.",
        ge=0,
        le=2,
    )
    tolerance: float = param(
        1.6,
        "Mean tolerance threshold as a multiple of the customer's welcome rate; contacts "
        "beyond it are unwanted.",
        unit="× need",
        ge=1,
        le=10,
    )
    tolerance_spread: float = param(
        0.5,
        "Log-normal spread (sigma) of the tolerance multiple between customers.",
        ge=0,
        le=2,
    )
    signal_clarity: float = param(
        0.1,
        "How clearly customers signal annoyance: the chance that even a rep with no "
        "perception notices a signal (signals are subtle by default).",
        ge=0,
        le=1,
    )
    memory_weeks: float = param(
        4.0,
        "Weeks over which a customer judges how often they are contacted.",
        unit="weeks",
        ge=1,
        le=52,
    )
    initial_relationship: float = param(
        0.4, "Mean relationship score of the starting portfolio.", ge=0, le=1
    )
    prospect_relationship: float = param(
        0.1,
        "Relationship score of a new prospect that replaces a churned customer.",
        ge=0,
        le=1,
    )
    value: float = param(1.0, "Mean revenue of one purchase.", unit="k€", ge=0.01, le=1000)
    value_spread: float = param(
        0.5,
        "Log-normal spread (sigma) of purchase value between customers.",
        ge=0,
        le=2,
    )


class Dynamics(_Group):
    """How contacts, irritation and relationships interact."""

    hours_per_contact: float = param(
        2.0,
        "Hours one personal contact takes, including preparation and travel.",
        unit="h",
        ge=0.1,
        le=20,
    )
    reciprocity: float = param(
        0.08,
        "Relationship gain per week from welcome contacts at the customer's welcome rate, "
        "scaled by the distance to 1 (diminishing returns as the relationship matures).",
        unit="1/week",
        ge=0,
        le=1,
    )
    irritation_per_contact: float = param(
        0.25,
        "Irritation (reactance) added by unwanted contacts at the customer's welcome rate.",
        ge=0,
        le=5,
    )
    irritation_fade: float = param(
        0.05, "Weekly fraction of irritation that fades.", unit="1/week", ge=0.001, le=1
    )
    erosion: float = param(
        0.15,
        "Weekly relationship loss per unit of irritation (relative to the relationship).",
        unit="1/week",
        ge=0,
        le=2,
    )
    decay: float = param(
        0.03,
        "Weekly relative relationship decay (competitors, fading memory); contacts must "
        "outweigh it, so a neglected relationship drifts down.",
        unit="1/week",
        ge=0,
        le=1,
    )
    regulation_protection: float = param(
        0.8,
        "Share of an unwanted contact's harm that a rep with full emotion regulation avoids.",
        ge=0,
        le=1,
    )
    quality_gain: float = param(
        1.0,
        "Largest relative increase of contact quality from value work (preparation, "
        "problem solving).",
        ge=0,
        le=5,
    )
    quality_hours: float = param(
        0.3,
        "Value-work hours per customer and week that give 63 % of the quality gain.",
        unit="h/customer/week",
        ge=0.01,
        le=10,
    )
    signal_irritation: float = param(
        0.5,
        "Irritation at which a customer signals with probability 63 % in a week.",
        ge=0.01,
        le=10,
    )
    purchase_rate: float = param(
        0.2,
        "Weekly purchase probability of a customer with relationship 1.",
        unit="1/week",
        ge=0,
        le=1,
    )
    churn_hazard: float = param(
        0.04,
        "Weekly churn probability of a customer with relationship 0.",
        unit="1/week",
        ge=0,
        le=1,
    )
    prospect_warmth: float = param(
        0.3,
        "Largest boost to a new prospect's starting relationship from prospecting.",
        ge=0,
        le=1,
    )
    prospect_hours: float = param(
        5.0,
        "Prospecting hours per week that give 63 % of the prospect warmth.",
        unit="h/week",
        ge=0.1,
        le=80,
    )
    prospect_revenue: float = param(
        0.05,
        "Revenue from new business per prospecting hour.",
        unit="k€/h",
        ge=0,
        le=100,
    )


class Coaching(_Group):
    """An empathy training programme (off while both gains are 0)."""

    start_week: int = param(10, "Week the programme starts.", unit="week", ge=0, le=520)
    duration_weeks: int = param(12, "Length of the programme.", unit="weeks", ge=1, le=520)
    perception_gain: float = param(0.0, "Perception added by the end of the programme.", ge=0, le=1)
    regulation_gain: float = param(0.0, "Regulation added by the end of the programme.", ge=0, le=1)
    hours_per_week: float = param(
        2.0,
        "Training hours per rep and week, taken from customer work.",
        unit="h/week",
        ge=0,
        le=40,
    )


class Hiring(_Group):
    """Replacing part of the team with emotionally intelligent hires (off while share is 0)."""

    share: float = param(
        0.0, "Fraction of the team replaced by new hires (the last reps of the team).", ge=0, le=1
    )
    week: int = param(
        0,
        "Week the hires take over (0 = they are there from the start).",
        unit="week",
        ge=0,
        le=520,
    )
    perception: float = param(0.8, "Perception of the new hires.", ge=0, le=1)
    regulation: float = param(0.8, "Regulation of the new hires.", ge=0, le=1)


class Simulation(_Group):
    """Run length and randomness."""

    weeks: int = param(52, "Number of weekly steps.", unit="weeks", ge=1, le=520)
    seed: int = param(42, "Seed of the model's random generator.", ge=0, le=2**63 - 1)


class Scenario(_Group):
    """A complete scenario: every group has defaults, a file names only what it changes."""

    reps: Reps = Reps()
    customers: Customers = Customers()
    dynamics: Dynamics = Dynamics()
    coaching: Coaching = Coaching()
    hiring: Hiring = Hiring()
    simulation: Simulation = Simulation()

    def get(self, name: str) -> Any:
        """The value of a dotted parameter name, e.g. ``reps.effort_hours``."""
        value: Any = self
        for part in name.split("."):
            value = getattr(value, part)
        return value

    def with_values(self, values: Mapping[str, Any]) -> Scenario:
        """A validated copy with dotted-name values replaced."""
        return validate_scenario(set_dotted(self.model_dump(), values))


# --- flat view of the schema -------------------------------------------------------------------


@dataclass(frozen=True)
class ParamSpec:
    """One leaf parameter of the schema, flattened to its dotted name."""

    name: str
    type: str
    default: Any
    minimum: float | None
    maximum: float | None
    exclusive_minimum: bool
    unit: str
    description: str

    @property
    def group(self) -> str:
        return self.name.split(".")[0]

    def bounds_text(self) -> str:
        def show(v: float) -> str:
            return f"{v:g}" if isinstance(v, float) else str(v)

        sign = ">" if self.exclusive_minimum else "≥"
        low = "" if self.minimum is None else f"{sign} {show(self.minimum)}"
        high = "" if self.maximum is None else f"≤ {show(self.maximum)}"
        return ", ".join(b for b in (low, high) if b)


def _bounds(info) -> tuple[float | None, float | None, bool]:
    low = high = None
    exclusive = False
    for m in info.metadata:
        if getattr(m, "ge", None) is not None:
            low = m.ge
        if getattr(m, "gt", None) is not None:
            low, exclusive = m.gt, True
        if getattr(m, "le", None) is not None:
            high = m.le
    return low, high, exclusive


def _type_name(annotation: Any) -> str:
    return {int: "int", float: "float", str: "str", bool: "bool"}.get(annotation, "list")


def iter_params(model: type[BaseModel] = Scenario, prefix: str = "") -> Iterator[ParamSpec]:
    """Every leaf parameter in schema order, with its dotted name."""
    for field_name, info in model.model_fields.items():
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from iter_params(annotation, f"{prefix}{field_name}.")
            continue
        low, high, exclusive = _bounds(info)
        extra = info.json_schema_extra or {}
        yield ParamSpec(
            name=prefix + field_name,
            type=_type_name(annotation),
            default=info.default,
            minimum=low,
            maximum=high,
            exclusive_minimum=exclusive,
            unit=extra.get("unit", ""),
            description=info.description or "",
        )


PARAMS: dict[str, ParamSpec] = {p.name: p for p in iter_params()}


def json_schema() -> dict:
    """JSON Schema of a scenario file, for editors."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Rapport scenario"
    return schema


# --- loading and validation -------------------------------------------------------------------


def _nearest(word: str, candidates: list[str]) -> str:
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.5)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _allowed_keys(loc: tuple, root: type[BaseModel]) -> list[str]:
    """The valid keys at the mapping that holds ``loc[-1]``."""
    model: Any = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        if annotation == tuple[Profile, ...]:
            annotation = Profile
        model = annotation
    return list(model.model_fields)


def describe_error(
    error: Mapping[str, Any], prefix: str = "", root: type[BaseModel] | None = None
) -> str:
    """One line for one pydantic error: the dotted path, the bad value, what is allowed."""
    loc = tuple(error["loc"])
    path = prefix + ".".join(str(part) for part in loc)
    value = error.get("input")
    kind = error["type"]
    ctx = error.get("ctx", {})
    shown = json.dumps(value) if isinstance(value, str) else value
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc, root or Scenario)
        return (
            f"{path}: unknown key '{loc[-1]}'{_nearest(str(loc[-1]), allowed)}; "
            f"allowed here: {', '.join(allowed)}"
        )
    if kind in ("less_than_equal", "less_than"):
        return f"{path}: {shown} is above the maximum {ctx.get('le', ctx.get('lt'))}"
    if kind == "greater_than_equal":
        return f"{path}: {shown} is below the minimum {ctx['ge']}"
    if kind == "greater_than":
        return f"{path}: {shown} must be greater than {ctx['gt']}"
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return f"{path}: {shown} is not a whole number"
    if kind in ("float_parsing", "float_type"):
        return f"{path}: {shown} is not a number"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{path}: expected a mapping of keys to values, got {shown}"
    if kind == "value_error":
        return f"{path or 'scenario'}: {error['msg'].removeprefix('Value error, ')}"
    return f"{path}: {shown}: {error['msg']}"


def validate_scenario(data: Any, *, source: str = "") -> Scenario:
    """Validate a nested mapping against the schema, or raise ConfigError with the first problem."""
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(f"{source or 'scenario'}: expected a mapping of groups, got {data!r}")
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as exc:
        where = f"{source}: " if source else ""
        raise ConfigError(where + describe_error(exc.errors()[0])) from None


def read_yaml(path: str | Path) -> Any:
    """Parse a YAML file with the safe loader; problems become one-line ConfigErrors."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: file not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        raise ConfigError(f"{path}: malformed YAML at {where}: {exc.problem}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read YAML: {exc}") from None


def set_dotted(data: Mapping[str, Any], values: Mapping[str, Any]) -> dict:
    """A deep copy of ``data`` with dotted-name values set; unknown names raise ConfigError."""
    result = json.loads(json.dumps(data, default=list))
    for name, value in values.items():
        if name not in PARAMS:
            raise ConfigError(f"{name}: unknown parameter{_nearest(name, list(PARAMS))}")
        *groups, leaf = name.split(".")
        node = result
        for group in groups:
            node = node.setdefault(group, {})
            if not isinstance(node, dict):
                raise ConfigError(f"{group}: expected a mapping, cannot set {name}")
        node[leaf] = value
    return result


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse one ``--set name=value``; the value is read as YAML (numbers, lists, true/false)."""
    if "=" not in text:
        raise ConfigError(f"--set {text!r}: expected NAME=VALUE, e.g. reps.effort_hours=40")
    name, raw = text.split("=", 1)
    name = name.strip()
    try:
        value = yaml.safe_load(raw) if raw.strip() else raw
    except yaml.YAMLError:
        value = raw
    return name, value


def load_scenario(path: str | Path | None = None, overrides: Mapping[str, Any] = {}) -> Scenario:
    """Read a scenario file (or the defaults), apply dotted-name overrides, validate."""
    data = read_yaml(path) if path else {}
    source = str(path) if path else ""
    if data is not None and not isinstance(data, Mapping):
        raise ConfigError(f"{source}: expected a mapping of groups, got {data!r}")
    return validate_scenario(set_dotted(data or {}, overrides), source=source)


def scenario_yaml(scenario: Scenario, *, only_changed: bool = True) -> str:
    """The scenario as YAML that ``load_scenario`` reads back to the same scenario."""
    data = scenario.model_dump(mode="json", exclude_defaults=only_changed)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def markdown_table() -> str:
    """The parameter table of ``docs/model.md``, generated from the schema."""
    lines = [
        "| Parameter | Default | Allowed | Unit | Description |",
        "|---|---|---|---|---|",
    ]
    for p in iter_params():
        default = "none" if p.type == "list" else f"{p.default}"
        lines.append(
            f"| `{p.name}` | {default} | {p.bounds_text() or '–'} | {p.unit or '–'} | "
            f"{p.description} |"
        )
    return "\n".join(lines)
