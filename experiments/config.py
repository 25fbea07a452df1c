"""Sweep files: their schema and their validation, in full, before any run starts.

A sweep file names a base scenario plus overrides, the axes to vary and how to sample them, the
replications and one root seed, which metrics to record and how often, and where to execute.
Every parameter name and value is checked against the one parameter schema (``sim.params``).
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import socket
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from experiments.sweep_texts import NOT_A_SWEEP_SEED
from experiments.worlds import NOMINAL, draw_worlds, world_row
from sim import MODEL_VERSION
from sim.metrics import METRICS
from sim.params import (
    PARAMS,
    ConfigError,
    ParamSpec,
    Scenario,
    SchemaModel,
    describe_error,
    nearest,
    not_a_parameter,
    set_dotted,
    shorten,
    validate_scenario,
)
from sim.scenarios import named_as, read_yaml

METHODS = ("grid", "random", "lhs", "sobol", "morris")
DISTRIBUTIONS = ("uniform", "normal", "loguniform")
# The largest sweep accepted, counted before anything is made: the design points are held in
# memory (1,000,000 take about 0.7 GB), the runs (points x replications) are generated lazily.
MAX_POINTS = 1_000_000
MAX_RUNS = 10_000_000
ADDRESS = re.compile(r"(?:(tcp|tls|ucx|ws|wss)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})")


def check_address(address: str, path: str = "execution.address") -> str:
    """A Dask scheduler address, ``[tcp://]HOST:PORT``; ConfigError naming ``path`` otherwise."""
    match = ADDRESS.fullmatch(address.strip()) if isinstance(address, str) else None
    if match is None or not 0 < int(match.group(3)) < 65536:
        raise ConfigError(
            f"{path}: {shorten(address)} is not a Dask scheduler address; expected "
            "tcp://HOST:PORT, e.g. tcp://127.0.0.1:8786"
        )
    return address.strip()


def nobody_listens(address: str) -> str | None:
    """Why no Dask scheduler can be at ``address``, when that is known at once: a port that
    nobody listens on refuses the connection in a moment, and a host name that does not resolve
    fails in one, where Dask's client retries either for its whole timeout (10 s). None when a
    connection opens or takes longer than a moment (a remote scheduler: Dask's own timeout
    decides)."""
    match = ADDRESS.fullmatch(address.strip())
    if match is None or match.group(1) not in (None, "tcp", "tls"):
        return None
    host, port = match.group(2).strip("[]"), int(match.group(3))
    try:
        with socket.create_connection((host, port), timeout=2):
            return None
    except ConnectionRefusedError:
        return f"connection refused: nothing listens on {host}:{port}"
    except socket.gaierror as exc:  # waited on for Dask's 10 s, then "something listens there"
        return f"no host is known by the name {host}: {exc.strerror}"
    except OSError:
        return None


class _Strict(SchemaModel):
    """Unknown keys, NaN, infinities and true/false for numbers are refused, as in scenarios."""


class Record(_Strict):
    """What each run records."""

    metrics: tuple[str, ...] = Field(
        ("relational_performance", "revenue", "churned", "irritation", "wasted_hours"),
        description=(
            "Metric columns to keep, any of the names listed (docs/model.md, section 7.5, says "
            "what each measures and in which unit)."
        ),
        min_length=1,
        json_schema_extra={"items": {"type": "string", "enum": list(METRICS)}},
    )
    # The bound sits in the type, not in a validator, so that the published JSON Schema
    # (``sweep_json_schema``) carries it too.
    every: Annotated[int, Field(ge=1)] | Literal["final"] = Field(
        4, description="Weeks between recorded rows, or 'final' for the last week only."
    )

    @field_validator("metrics")
    @classmethod
    def _known_metrics(cls, metrics: tuple[str, ...]) -> tuple[str, ...]:
        for name in metrics:
            if name not in METRICS:
                raise ValueError(
                    f"unknown metric '{name}'{nearest(name, list(METRICS))}; "
                    f"allowed: {', '.join(METRICS)}"
                )
        return metrics


class Execution(_Strict):
    """Where the runs execute."""

    workers: Annotated[int, Field(ge=1)] | Literal["auto"] = Field(
        "auto", description="Local worker processes; 'auto' = the cores available; 1 = serial."
    )
    address: str | None = Field(
        None, description="Address of a Dask scheduler, e.g. tcp://scheduler:8786."
    )
    chunk_runs: int = Field(
        200, ge=1, le=100_000, description="Runs per results chunk written to disk."
    )

    @field_validator("address")
    @classmethod
    def _an_address(cls, address: str | None) -> str | None:
        if address is None:
            return None
        try:
            return check_address(address)
        except ConfigError as exc:
            raise ValueError(str(exc).removeprefix("execution.address: ")) from None


class SweepSpec(_Strict):
    """The ``sweep:`` block (its ``parameters`` are validated separately, see ``parse_axes``)."""

    method: Literal["grid", "random", "lhs", "sobol", "morris"] = "grid"
    parameters: dict[str, Any] = Field(description="Axes: parameter name -> values or sampler.")
    replications: int = Field(1, ge=1, le=100_000)
    seed: int = Field(20261127, ge=0, le=2**63 - 1)
    samples: int | None = Field(
        None,
        ge=1,
        le=MAX_POINTS,  # a random or lhs design of more points is refused anyway
        description="Points for random and lhs; base sample N for sobol (N·(D+2) points); "
        "trajectories for morris.",
    )
    levels: int = Field(4, ge=2, le=100, description="Grid levels of a Morris design (even).")

    @field_validator("levels")
    @classmethod
    def _even(cls, levels: int) -> int:
        # SALib's Morris sampler wants an even number: an odd one biases the sample (it warns)
        # and makes trajectories repeat points.
        if levels % 2:
            raise ValueError(f"{levels} is odd; a Morris design needs an even number of levels")
        return levels


class SweepFile(_Strict):
    """A whole sweep file."""

    name: str = Field(min_length=1, description="Name of the experiment.")
    description: str = ""
    description_de: str = Field(
        "", description="The description in German, for German report pages (else description)."
    )
    base: str | None = Field(None, description="Base scenario file.")
    set: dict[str, Any] = Field(default_factory=dict, description="Dotted-name overrides.")
    sweep: SweepSpec
    record: Record = Record()
    execution: Execution = Execution()
    worlds: Literal["none", "prior", "posterior"] = Field(
        "none",
        description="Run every design point over plausible worlds of the uncertain parameters: "
        "'prior' (draws from sim/priors.py), 'posterior' (draws from a calibration) or 'none'.",
    )
    worlds_count: int = Field(32, ge=2, le=100_000, description="Worlds drawn.")
    worlds_replications: int = Field(
        2, ge=1, le=10_000, description="Replications of each design point in each world."
    )
    posterior: str | None = Field(
        None,
        description="Parquet file of weighted particles for worlds: posterior "
        "[default: configs/calibration/posterior.parquet].",
    )


WORLD_FIELDS = ("worlds", "worlds_count", "worlds_replications", "posterior")
# What ``Sweep.resolved`` adds to a sweep file: the ``config.yaml`` of a results folder holds
# them, so that the folder's own config runs its sweep again (the same runs, the same keys).
RESOLVED_FIELDS = ("scenario", "world_parameters", "run_columns")


# --- axes -----------------------------------------------------------------------------------------


class Axis(BaseModel):
    """One varied parameter: explicit values (grid, or categorical when sampling), a range
    (grid), a distribution (sampling designs) or a link to another axis."""

    model_config = ConfigDict(frozen=True)

    name: str
    values: tuple[Any, ...] | None = None
    distribution: str | None = None
    low: float | None = None
    high: float | None = None
    mean: float | None = None
    sd: float | None = None
    link: str | None = None

    @property
    def is_integer(self) -> bool:
        return PARAMS[self.name].type == "int"

    def from_unit(self, u: float) -> Any:
        """Map a point of the unit interval to a value of this axis (inverse CDF)."""
        if self.values is not None:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        low, high = float(cast(float, self.low)), float(cast(float, self.high))  # set if no values
        if self.distribution == "uniform":
            value = low + u * (high - low)
        elif self.distribution == "loguniform":
            value = math.exp(math.log(low) + u * (math.log(high) - math.log(low)))
        else:  # truncated normal
            mean, sd = float(cast(float, self.mean)), float(cast(float, self.sd))
            a, b = (low - mean) / sd, (high - mean) / sd
            from scipy.stats import truncnorm  # scipy.stats costs most of a second to load

            value = float(truncnorm.ppf(u, a, b, loc=mean, scale=sd))
            value = min(max(value, low), high)
        return round(value) if self.is_integer else float(value)


SEED = "simulation.seed"


def _err(path: str, message: str) -> ConfigError:
    return ConfigError(f"{path}: {message}")


def _as_number(value: Any) -> Any:
    """A number written in quotes (``"52"``) read as the number, as a scenario's values are."""
    if isinstance(value, str):
        for kind in (int, float):
            try:
                return kind(value.strip())
            except ValueError:
                continue
    return value


def _check_value(path: str, name: str, value: Any) -> Any:
    """A single axis value checked against the parameter's type and bounds."""
    spec = PARAMS[name]
    if spec.type in ("int", "float"):
        value = _as_number(value)
    shown = shorten(value)
    if spec.type == "list":
        raise _err(path, f"{name} cannot be swept (it is a list)")
    if spec.choices:
        if value not in spec.choices:
            quoted = [f"'{c}'" for c in spec.choices]  # worded as a scenario's refusal is
            raise _err(path, f"{shown} is not one of {', '.join(quoted[:-1])} or {quoted[-1]}")
        return value
    if spec.type in ("int", "float"):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _err(path, f"{shorten(value)} is not a number")
        if not math.isfinite(value):
            raise _err(path, f"{shorten(value)} is not a finite number")
        if spec.type == "int" and float(value) != int(value):
            raise _err(path, f"{shown} is not a whole number")
        if spec.maximum is not None and value > spec.maximum:
            raise _err(path, f"{shown} is above the maximum {spec.maximum}")
        if spec.minimum is not None and (
            value <= spec.minimum if spec.exclusive_minimum else value < spec.minimum
        ):
            word = "must be greater than" if spec.exclusive_minimum else "is below the minimum"
            raise _err(path, f"{shown} {word} {spec.minimum}")
        return int(value) if spec.type == "int" else float(value)
    return value


def _range_values(path: str, name: str, spec: Mapping[str, Any]) -> tuple[Any, ...]:
    allowed = {"start", "stop", "num", "step"}
    for key in spec:
        if key not in allowed:
            raise _err(
                f"{path}.{key}",
                f"unknown key{nearest(key, sorted(allowed))}; "
                "a range has start, stop and num or step",
            )
    if "start" not in spec or "stop" not in spec:
        raise _err(path, "a range needs start and stop (and num or step)")
    if ("num" in spec) == ("step" in spec):
        raise _err(path, "a range needs exactly one of num or step")
    start = _check_value(f"{path}.start", name, spec["start"])
    stop = _check_value(f"{path}.stop", name, spec["stop"])
    if stop < start:
        low, high = (f"{v:g}" if isinstance(v, float) else str(v) for v in (start, stop))
        raise _err(path, f"stop {high} is below start {low}; give a range from low to high")
    # Refusals worded as the schema's ("is not a whole number", "is below the minimum"), the
    # families ``experiments.refusals`` says in German.
    if "num" in spec:
        num = _as_number(spec["num"])
        if isinstance(num, float) and num.is_integer():
            num = int(num)  # "num: 4.0", as a whole-number parameter takes it
        if not isinstance(num, int) or isinstance(num, bool):
            raise _err(f"{path}.num", f"{shorten(num)} is not a whole number")
        if num < 1:
            raise _err(f"{path}.num", f"{num} is below the minimum 1")
        if num == 1 and stop != start:
            raise _err(
                f"{path}.num",
                f"1 value from {shorten(spec['start'])} to {shorten(spec['stop'])} is the start "
                "alone; give num 2 or more, or the single value",
            )
        count = num
    else:
        step = _as_number(spec["step"])
        if not isinstance(step, int | float) or isinstance(step, bool):
            raise _err(f"{path}.step", f"{shorten(step)} is not a number")
        if not math.isfinite(step):
            raise _err(f"{path}.step", f"{shorten(step)} is not a finite number")
        if step <= 0:
            raise _err(f"{path}.step", f"{shorten(step)} must be greater than 0")
        # a step of 5e-324 makes the quotient infinite: counted as a float first
        quotient = (stop - start) / step
        if quotient >= MAX_POINTS:
            raise _err(
                f"{path}.step",
                f"{shorten(step)} from {start:g} to {stop:g} makes about {quotient:.3g} values; "
                f"a sweep has at most {MAX_POINTS:,} design points (use a larger step or a "
                "sampling design)",
            )
        count = math.floor(quotient + 1e-9) + 1
    if count > MAX_POINTS:  # counted before any value is made
        raise _err(
            path,
            f"{count:,} values; a sweep has at most {MAX_POINTS:,} design points (use a "
            "larger step or a sampling design)",
        )
    if "num" in spec:
        values = (
            [start] if num == 1 else [start + (stop - start) * i / (num - 1) for i in range(num)]
        )
    else:
        values = [start + i * step for i in range(count)]
    values = [round(v, 10) for v in values]
    if PARAMS[name].type == "int":
        values = [round(v) for v in values]
    return tuple(dict.fromkeys(values))  # a step finer than the rounding repeats values


def _distribution(path: str, name: str, spec: Mapping[str, Any]) -> dict[str, Any]:
    allowed = {"distribution", "min", "max", "mean", "sd"}
    for key in spec:
        if key not in allowed:
            raise _err(
                f"{path}.{key}",
                f"unknown key{nearest(key, sorted(allowed))}; "
                "a distribution has min, max and optionally distribution, mean, sd",
            )
    kind = spec.get("distribution", "uniform")
    if kind not in DISTRIBUTIONS:
        raise _err(
            f"{path}.distribution", f"{shorten(kind)} is not one of {', '.join(DISTRIBUTIONS)}"
        )
    if "min" not in spec or "max" not in spec:
        raise _err(path, "a distribution needs min and max (its bounds)")
    low = _check_value(f"{path}.min", name, spec["min"])
    high = _check_value(f"{path}.max", name, spec["max"])
    if high <= low:
        raise _err(path, f"max {high} must be above min {low}")
    out = {"distribution": kind, "low": float(low), "high": float(high)}
    if kind == "loguniform" and low <= 0:
        raise _err(f"{path}.min", f"{low} must be positive for a log-uniform distribution")
    if kind == "normal":
        if "mean" not in spec or "sd" not in spec:
            raise _err(path, "a normal distribution needs mean and sd")
        out["mean"] = float(_check_value(f"{path}.mean", name, spec["mean"]))
        sd = _as_number(spec["sd"])
        if not isinstance(sd, int | float) or isinstance(sd, bool) or not 0 < sd < math.inf:
            raise _err(f"{path}.sd", f"{shorten(sd)} must be a positive finite number")
        out["sd"] = float(sd)
    elif "mean" in spec or "sd" in spec:
        raise _err(path, f"mean and sd apply to a normal distribution, not {kind}")
    return out


def parse_axes(parameters: Mapping[str, Any], method: str) -> tuple[Axis, ...]:
    """Validate the ``sweep.parameters`` block and turn it into axes."""
    if not parameters:
        raise ConfigError("sweep.parameters: empty; name at least one parameter to vary")
    axes: list[Axis] = []
    sampling = method != "grid"
    for name, spec in parameters.items():
        path = f"sweep.parameters.{name}"
        if name not in PARAMS:
            raise _err(path, not_a_parameter(name))
        if name == SEED:
            raise _err(path, NOT_A_SWEEP_SEED)
        if isinstance(spec, list):
            if not spec:
                raise _err(path, "[] has too few items; give at least 1")  # as record.metrics
            values = tuple(_check_value(f"{path}[{i}]", name, v) for i, v in enumerate(spec))
            axes.append(Axis(name=name, values=values))
        elif isinstance(spec, Mapping) and "link" in spec:
            if set(spec) != {"link"}:
                raise _err(path, "a linked axis has only the key 'link'")
            axes.append(Axis(name=name, link=str(spec["link"])))
        elif isinstance(spec, Mapping) and ("start" in spec or "stop" in spec):
            if sampling:
                raise _err(
                    path,
                    f"a range (start/stop) is for grids; method {method} samples "
                    "from a distribution: give min and max",
                )
            axes.append(Axis(name=name, values=_range_values(path, name, spec)))
        elif isinstance(spec, Mapping) and ("min" in spec or "max" in spec):
            if not sampling:
                raise _err(
                    path,
                    "a distribution (min/max) needs a sampling method "
                    "(random, lhs, sobol, morris); a grid takes a list or a range",
                )
            axes.append(Axis(name=name, **_distribution(path, name, spec)))
        elif isinstance(spec, int | float | str) and not isinstance(spec, bool):
            value = _check_value(path, name, spec)
            axes.append(Axis(name=name, values=(value,)))
        else:
            raise _err(
                path,
                "expected a list of values, a range {start, stop, num|step}, "
                "a distribution {min, max, ...} or {link: other.parameter}",
            )
    names = [a.name for a in axes]
    for axis in axes:
        if axis.link is None:
            continue
        path = f"sweep.parameters.{axis.name}.link"
        if axis.link not in names:
            raise _err(
                path, f"'{axis.link[:60]}' is not an axis of this sweep{nearest(axis.link, names)}"
            )
        target = next(a for a in axes if a.name == axis.link)
        if target.link is not None:
            raise _err(path, f"'{axis.link}' is itself linked; link to a free axis")
    if all(a.link is not None for a in axes):
        raise ConfigError("sweep.parameters: every axis is linked; at least one must be free")
    if method in ("sobol", "morris"):
        for axis in axes:
            if axis.link is None and axis.values is not None and len(axis.values) < 2:
                raise _err(
                    f"sweep.parameters.{axis.name}",
                    f"a {method} design needs a range to vary: give min and max",
                )
    return tuple(axes)


# --- loading --------------------------------------------------------------------------------------


class Sweep(BaseModel):
    """A validated sweep: the file's settings, its base scenario and its axes."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    file: SweepFile
    base: Scenario
    axes: tuple[Axis, ...]
    source: str = ""
    # The drawn worlds (one row per world, one column per drawn parameter); None: no worlds.
    worlds: Any = None

    @property
    def name(self) -> str:
        return self.file.name

    @property
    def world_indices(self) -> list[int]:
        """The worlds each design point runs in: the nominal one, then every drawn world."""
        return [] if self.worlds is None else [NOMINAL, *range(len(self.worlds))]

    def world_values(self, world: int) -> dict[str, Any]:
        """The parameter values world ``world`` sets (none for the nominal world)."""
        if world == NOMINAL:
            return {}
        return world_row(self.worlds, world)

    def runs_per_point(self) -> int:
        """Runs of each distinct design point: replications, plus those in every world."""
        spec = self.file.sweep
        if self.worlds is None:
            return spec.replications
        return spec.replications + len(self.worlds) * self.file.worlds_replications

    def resolved(self) -> dict[str, Any]:
        """The config with the base scenario spelled out: what ``config.yaml`` holds."""
        data = self.file.model_dump(mode="json")
        data["base"] = None
        data["set"] = {}
        data["scenario"] = self.base.model_dump(mode="json")
        if self.worlds is None:
            # Exactly the config of a sweep written before worlds existed: same hash, same runs.
            for name in WORLD_FIELDS:
                data.pop(name)
        else:
            data["world_parameters"] = list(self.worlds.columns)
            data["run_columns"] = ["world"]  # what each run adds beyond its axes (store schema)
        return data

    def config_hash(self) -> str:
        """Hash of what determines the results (not where or how they execute)."""
        data = self.resolved()
        for words in ("execution", "description", "description_de"):  # they change no result
            data.pop(words)
        data["model_version"] = MODEL_VERSION
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def design_size(spec: SweepSpec, axes: tuple[Axis, ...]) -> int:
    """The number of design points, counted without making them."""
    free = [a for a in axes if a.link is None]
    if spec.method == "grid":
        return math.prod(len(a.values or ()) for a in free)
    extra = {"sobol": len(free) + 2, "morris": len(free) + 1}.get(spec.method, 1)
    return (spec.samples or 0) * extra


def _resolve_base(base: str, source: Path | None) -> Path:
    candidates = [Path(base)]
    if source is not None and not Path(base).is_absolute():
        candidates.insert(0, source.parent / base)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    folder = next((c for c in candidates if c.is_dir()), None)
    if folder is not None:
        raise ConfigError(f"base: {base}: a folder, not a file ({folder.absolute()})")
    # where it was looked for: a relative base is read beside the sweep file first
    looked = "; ".join(dict.fromkeys(str(c.absolute()) for c in candidates))
    raise ConfigError(f"base: {base}: file not found (looked for {looked})")


def validate_sweep(data: Any, *, source: Path | None = None, worlds: Any = None) -> Sweep:
    """Validate a parsed sweep file in full; raise ConfigError naming the first problem.

    The message is one line of at most about 300 characters, however large the bad value.

    A results folder's ``config.yaml`` (``Sweep.resolved``) is a sweep file too: its
    ``scenario`` is the base scenario spelled out, its ``world_parameters`` what its worlds
    draw; it plans the very runs (and run keys) of the sweep that wrote it.

    Args:
        data: The parsed file.
        source: Where it was read from (relative ``base`` and ``posterior`` paths start there).
        worlds: Worlds drawn before (a results folder's ``worlds.parquet``) to use instead of
            drawing them again; their parameters must be those the file's worlds draw.
    """
    try:
        return _validate_sweep(data, source, worlds)
    except ConfigError as exc:
        raise type(exc)(clip(str(exc))) from None


class BaseFileError(ConfigError):
    """Bad input in a sweep's base scenario file: the message starts with that file's path, as
    ``rapport run`` names a scenario file, and the sweep or study file is not named before it."""


def clip(message: str, limit: int = 300) -> str:
    """A message cut in its middle to about ``limit`` characters, between words: its start says
    where, its end what."""
    message = " ".join(message.split())
    if len(message) <= limit:
        return message
    start = message[: limit - 100].rsplit(" ", 1)[0]
    end = message[-95:].split(" ", 1)[-1]
    return f"{start} ... {end}"


def named(exc: ConfigError, path: Path) -> str:
    """The message of ``exc`` about the sweep or study file ``path``, starting with that path
    unless it already does or names the base scenario file at fault (``BaseFileError``)."""
    message = str(exc)
    if isinstance(exc, BaseFileError) or message.startswith(str(path)):
        return message
    return f"{path}: {message}"


def unknown_first(errors: list[Any]) -> list[Any]:
    """Pydantic's errors with unknown keys first: a misspelt ``sweeep:`` also leaves ``sweep``
    missing, and "unknown key 'sweeep' (did you mean 'sweep'?)" says what to fix."""
    return sorted(errors, key=lambda error: error["type"] != "extra_forbidden")


def _validate_sweep(data: Any, source: Path | None, drawn: Any) -> Sweep:
    if not isinstance(data, Mapping):
        raise ConfigError(
            f"{source or 'sweep'}: expected a mapping with name and sweep, got {shorten(data)}"
        )
    try:
        file = SweepFile.model_validate({k: v for k, v in data.items() if k not in RESOLVED_FIELDS})
    except ValidationError as exc:
        raise ConfigError(describe_error(unknown_first(exc.errors()), root=SweepFile)) from None
    axes = parse_axes(file.sweep.parameters, file.sweep.method)
    base_data = _base_data(file, data, source)
    for name in file.set:
        if name not in PARAMS:
            raise ConfigError(f"set.{name}: {not_a_parameter(name)}")
    if SEED in file.set:
        raise ConfigError(f"set.{SEED}: {NOT_A_SWEEP_SEED}")
    try:
        base = validate_scenario(set_dotted(base_data, file.set))
    except ConfigError as exc:
        if "scenario" in data:  # a results folder's config.yaml: its scenario spelled out
            raise ConfigError(f"scenario or set: {exc}") from None
        if file.base:  # the base file's own fault, or the set's on a valid base
            try:
                validate_scenario(base_data)
            except ConfigError as own:
                raise BaseFileError(f"{_resolve_base(file.base, source)}: {own}") from None
        given = {name: f"set.{name}" for name in file.set}
        raise ConfigError(named_as(str(exc), given, otherwise="set: ")) from None
    needs_samples = file.sweep.method != "grid"
    if needs_samples and file.sweep.samples is None:
        raise ConfigError(f"sweep.samples: method {file.sweep.method} needs a number of samples")
    if not needs_samples and file.sweep.samples is not None:
        raise ConfigError("sweep.samples: a grid takes every combination; remove samples")
    n = file.sweep.samples
    if file.sweep.method == "sobol" and n is not None and n & (n - 1):
        # Sobol' sequences keep their balance (and SALib's estimates their accuracy) only for
        # base samples that are powers of 2; scipy warns otherwise.
        power = 1 << max(n - 1, 1).bit_length()
        raise ConfigError(
            f"sweep.samples: {n} is not a power of 2, which a sobol design needs (e.g. {power})"
        )
    points = design_size(file.sweep, axes)
    per_point = file.sweep.replications
    if file.worlds != "none":
        per_point += file.worlds_count * file.worlds_replications
    if points > MAX_POINTS or points * per_point > MAX_RUNS:
        each = (
            f"{per_point:,} replication{'s' if per_point != 1 else ''}"
            if file.worlds == "none"
            else f"{per_point:,} runs each ({file.sweep.replications} replications + "
            f"{file.worlds_count} worlds x {file.worlds_replications})"
        )
        raise ConfigError(
            f"sweep: {points:,} design points x {each} = {points * per_point:,} runs; at most "
            f"{MAX_POINTS:,} points and {MAX_RUNS:,} runs are allowed"
        )
    worlds = _worlds(file, data, base_data, axes, source, drawn)
    run_columns = ["world"] if worlds is not None else None
    if data.get("run_columns", run_columns) != run_columns:
        raise ConfigError(
            f"run_columns: {shorten(data['run_columns'])} is not what this sweep's runs add "
            f"({shorten(run_columns) if run_columns else 'nothing'}); the sweep writes it into "
            "config.yaml: remove it"
        )
    return Sweep(file=file, base=base, axes=axes, source=str(source or ""), worlds=worlds)


def _base_data(file: SweepFile, data: Mapping[str, Any], source: Path | None) -> Mapping[str, Any]:
    """The base scenario's groups: the ``base`` file's, or a resolved config's ``scenario``."""
    if "scenario" in data:
        if file.base:
            raise ConfigError(
                "scenario: a resolved config spells out its base scenario; give base or "
                "scenario, not both"
            )
        if not isinstance(data["scenario"], Mapping):
            raise ConfigError(
                f"scenario: expected a mapping of groups, got {shorten(data['scenario'])}"
            )
        return data["scenario"]
    for name in RESOLVED_FIELDS[1:]:
        if name in data:
            raise ConfigError(
                f"{name}: only a results folder's config.yaml has it (beside its scenario)"
            )
    if not file.base:
        return {}
    base_path = _resolve_base(file.base, source)
    try:
        base_data = read_yaml(base_path) or {}
    except ConfigError as exc:  # the base file's fault (unreadable YAML), named by its path
        raise BaseFileError(str(exc)) from None
    if not isinstance(base_data, Mapping):
        raise ConfigError(f"base: {base_path}: expected a mapping of groups")
    return base_data


def _worlds(
    file: SweepFile,
    data: Mapping[str, Any],
    base_data: Mapping[str, Any],
    axes: tuple[Axis, ...],
    source: Path | None,
    drawn: Any,
) -> Any:
    """The worlds the file asks for (``drawn`` if given), after checking that its world
    settings fit together."""
    if file.worlds == "none":
        for name in (*WORLD_FIELDS[1:], "world_parameters"):
            if name in data:
                raise ConfigError(
                    f"{name}: applies only to worlds: prior or posterior (this file has "
                    "worlds: none)"
                )
        return None
    if file.worlds == "prior" and data.get("posterior") is not None:  # a resolved config: null
        raise ConfigError("posterior: applies only to worlds: posterior (this file has prior)")
    # What the study states is known: its axes, its overrides, its base scenario's values. A
    # resolved config spells out every value of its scenario: it names what its worlds draw.
    stated = {a.name for a in axes} | set(file.set)
    named = data.get("world_parameters")
    if named is not None:
        if not isinstance(named, list) or not all(isinstance(n, str) for n in named):
            raise ConfigError(f"world_parameters: {shorten(named)} is not a list of parameters")
        stated |= set(PARAMS) - set(named)
    else:
        for group, values in base_data.items():
            if isinstance(values, Mapping):
                stated |= {f"{group}.{key}" for key in values}
    worlds = drawn
    if worlds is None:
        worlds = draw_worlds(
            file.worlds, file.worlds_count, file.sweep.seed, stated, file.posterior, source
        )
    elif len(worlds) != file.worlds_count:
        raise ConfigError(
            f"worlds_count: {file.worlds_count}, but {len(worlds)} worlds were drawn before"
        )
    if named is not None and list(worlds.columns) != named:
        raise ConfigError(
            f"world_parameters: {shorten(named)} are not the parameters its worlds draw "
            f"({shorten(list(worlds.columns))})"
        )
    return worlds


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file."""
    path = Path(path)
    data = read_yaml(path)
    try:
        return validate_sweep(data, source=path)
    except ConfigError as exc:  # name the file, as a YAML error does
        raise ConfigError(named(exc, path)) from None


def _sweepable(name: str) -> bool:
    """A parameter an axis may vary: not a list, and not the seed (runs derive theirs)."""
    return PARAMS[name].type != "list" and name != SEED


def _value_schema(spec: ParamSpec) -> dict:
    """One value of a parameter: its type and bounds, or its choices."""
    if spec.choices:
        return {"enum": list(spec.choices)}
    out: dict[str, Any] = {"type": "integer" if spec.type == "int" else "number"}
    if spec.minimum is not None:
        out["exclusiveMinimum" if spec.exclusive_minimum else "minimum"] = spec.minimum
    if spec.maximum is not None:
        out["maximum"] = spec.maximum
    return out


def _axis_schema(spec: ParamSpec) -> dict:
    """What one axis of ``sweep.parameters`` may be for this parameter."""
    value = _value_schema(spec)
    ways: list[dict] = [
        {"type": "array", "items": value, "minItems": 1, "description": "explicit values"},
        {**value, "description": "a single fixed value"},
    ]
    if not spec.choices:
        ways += [
            {
                "type": "object",
                "properties": {
                    "start": value,
                    "stop": value,
                    "num": {"type": "integer", "minimum": 1},
                    "step": {"type": "number", "exclusiveMinimum": 0},
                },
                "required": ["start", "stop"],
                "oneOf": [{"required": ["num"]}, {"required": ["step"]}],
                "additionalProperties": False,
                "description": "a range for grids: start, stop and num or step",
            },
            {
                "type": "object",
                "properties": {
                    "distribution": {"enum": list(DISTRIBUTIONS)},
                    "min": value,
                    "max": value,
                    "mean": value,
                    "sd": {"type": "number", "exclusiveMinimum": 0},
                },
                "required": ["min", "max"],
                "additionalProperties": False,
                "description": "a distribution with bounds for sampling designs",
            },
        ]
    ways.append(
        {
            "type": "object",
            "properties": {"link": {"enum": [n for n in PARAMS if _sweepable(n)]}},
            "required": ["link"],
            "additionalProperties": False,
            "description": "move together with another axis",
        }
    )
    return {"description": spec.description, "oneOf": ways}


def published_schema(model: type[BaseModel], title: str) -> dict:
    """A file model's JSON Schema as the ``--schema`` options print it: draft 2020-12, titled."""
    schema = model.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def sweep_json_schema() -> dict:
    """JSON Schema of sweep files, for editors."""
    schema = published_schema(SweepFile, "Rapport sweep")
    sweep = schema["$defs"]["SweepSpec"]
    sweep["properties"]["parameters"] = {
        "type": "object",
        "minProperties": 1,
        "properties": {n: _axis_schema(s) for n, s in PARAMS.items() if _sweepable(n)},
        "additionalProperties": False,
    }
    schema["properties"]["set"]["propertyNames"] = {"enum": list(PARAMS)}
    return schema
