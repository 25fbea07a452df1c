"""Planning a sweep: the design points, and each run with its seed and key. Nothing runs here.

Samplers produce points of the unit hypercube, one coordinate per free axis; each axis maps its
coordinate to a value (``Axis.from_unit``); linked axes copy their target's value. Each run's seed
comes from the root seed through ``numpy.random.SeedSequence``, keyed by the point's values and
the replication, so adding points or replications later leaves existing runs' seeds unchanged.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from experiments.config import SEED, Axis, Sweep, design_size
from experiments.sweep_texts import say, shown
from experiments.worlds import NOMINAL, world_seed
from sim import MODEL_VERSION
from sim.params import PARAMS, ConfigError, Scenario, inert_everywhere
from sim.scenarios import ScheduledTrait, profile_overrides, schedule_notes, scheduled_traits
from sim.texts import format_number, note_text, profile_name


@dataclass(frozen=True)
class DesignPoint:
    """One combination of parameter values; ``unit`` are its sampler coordinates (free axes).

    ``runs_of`` is the first point with the same values (itself if none): identical points, which
    sampling designs with a categorical axis produce, share that point's runs.
    """

    index: int
    values: dict[str, Any]
    unit: tuple[float, ...] = ()
    runs_of: int = -1

    def __post_init__(self) -> None:
        if self.runs_of < 0:
            object.__setattr__(self, "runs_of", self.index)


@dataclass(frozen=True)
class RunSpec:
    """One run: a design point, a replication, its seed and its key."""

    key: str
    point: int
    replication: int
    seed: int
    values: dict[str, Any]
    world: int | None = None  # None: a sweep without worlds; NOMINAL: the scenario's own values
    world_values: dict[str, Any] = field(default_factory=dict)


def canonical(data: Any) -> str:
    """Stable JSON text: sorted keys, no spaces, floats as Python writes them."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), default=str)


def _digest_words(text: str, words: int = 4) -> tuple[int, ...]:
    digest = hashlib.sha256(text.encode()).digest()
    return tuple(int.from_bytes(digest[4 * i : 4 * i + 4], "little") for i in range(words))


def run_seed(root_seed: int, values: dict[str, Any], replication: int) -> int:
    """The seed of one (point, replication), independent of every other point and replication."""
    return _seed(root_seed, _digest_words(canonical(values)), replication)


def _seed(root_seed: int, words: tuple[int, ...], replication: int) -> int:
    """``run_seed`` from the digest of the point's values (computed once for its replications)."""
    sequence = np.random.SeedSequence(root_seed, spawn_key=(*words, replication))
    return int(sequence.generate_state(1, np.uint64)[0] & np.uint64(2**63 - 1))


def free_axes(sweep: Sweep) -> list[Axis]:
    return [a for a in sweep.axes if a.link is None]


def unit_samples(sweep: Sweep) -> np.ndarray | None:
    """Sampler coordinates in [0, 1)^D for sampling designs, None for a grid."""
    spec = sweep.file.sweep
    dims = len(free_axes(sweep))
    design_seed = int(
        np.random.SeedSequence(spec.seed, spawn_key=(0,)).generate_state(1, np.uint32)[0]
    )
    if spec.method == "grid":
        return None
    if spec.method == "random":
        return np.random.default_rng(design_seed).random((int(spec.samples or 0), dims))
    # The samplers' modules load scipy.stats (most of a second): only designs that need them pay.
    from SALib.sample import morris, sobol
    from scipy.stats import qmc

    if spec.method == "lhs":
        return qmc.LatinHypercube(d=dims, rng=np.random.default_rng(design_seed)).random(
            spec.samples
        )
    problem = salib_problem(sweep)
    if spec.method == "sobol":
        return sobol.sample(problem, spec.samples, calc_second_order=False, seed=design_seed)
    return morris.sample(problem, spec.samples, num_levels=spec.levels, seed=design_seed)


def salib_problem(sweep: Sweep) -> dict[str, Any]:
    """The SALib problem: every free axis on the unit interval (values come from its mapping)."""
    axes = free_axes(sweep)
    return {
        "num_vars": len(axes),
        "names": [a.name for a in axes],
        "bounds": [[0.0, 1.0]] * len(axes),
    }


def iter_points(sweep: Sweep) -> Iterator[DesignPoint]:
    """The design points in design order, lazily for a grid; linked axes filled in.

    ``runs_of`` is not set here (see ``design_points``).
    """
    axes = free_axes(sweep)
    linked = [a for a in sweep.axes if a.link is not None]
    units = unit_samples(sweep)
    if units is None:
        rows: Iterator[tuple[dict[str, Any], tuple[float, ...]]] = (
            (dict(zip((a.name for a in axes), combo, strict=True)), ())
            for combo in itertools.product(*(a.values or () for a in axes))
        )
    else:
        rows = (
            (
                {a.name: a.from_unit(float(u)) for a, u in zip(axes, row, strict=True)},
                tuple(float(u) for u in row),
            )
            for row in units
        )
    for index, (values, unit) in enumerate(rows):
        yield DesignPoint(index, _linked(values, linked), unit)


def _linked(values: dict[str, Any], linked: list[Axis]) -> dict[str, Any]:
    for axis in linked:
        values[axis.name] = values[str(axis.link)]
    return values


def grid_points_at(sweep: Sweep, indices: Iterable[int]) -> list[DesignPoint]:
    """Points of a grid by index, without making the others (``iter_points`` order)."""
    axes = free_axes(sweep)
    linked = [a for a in sweep.axes if a.link is not None]
    shape = [len(a.values or ()) for a in axes]
    points = []
    for index in indices:
        combo = np.unravel_index(index, shape)  # C order: the last axis varies fastest
        values = {a.name: (a.values or ())[int(j)] for a, j in zip(axes, combo, strict=True)}
        points.append(DesignPoint(int(index), _linked(values, linked)))
    return points


def design_points(sweep: Sweep) -> list[DesignPoint]:
    """All design points, in design order; identical points share the first one's runs."""
    first: dict[str, int] = {}
    points = []
    for point in iter_points(sweep):
        runs_of = first.setdefault(canonical(point.values), point.index)
        points.append(DesignPoint(point.index, point.values, point.unit, runs_of))
    return points


def count_points(sweep: Sweep) -> int:
    """The number of design points, computed without making them."""
    return design_size(sweep.file.sweep, sweep.axes)


def validate_points(sweep: Sweep, points: list[DesignPoint], keep: bool = False) -> list[Scenario]:
    """Every point must make a valid scenario (bounds, profile shares...), before any run.
    Returns the points' scenarios if ``keep`` (a dry run sizes its estimate by them), else
    nothing: a large sweep does not hold them all."""
    kept = []
    for point in points:
        try:
            scenario = sweep.base.with_values(point.values)
            if keep:
                kept.append(scenario)
        except ConfigError as exc:
            shown = ", ".join(f"{k}={v}" for k, v in point.values.items())
            where = f"{sweep.source}: " if sweep.source else ""  # as the file's other errors
            raise ConfigError(
                f"{where}sweep.parameters: design point {point.index} ({shown}): {exc}"
            ) from None
    return kept


def inert_axes(sweep: Sweep, points: list[DesignPoint], lang: str = "en") -> list[str]:
    """Notes on the swept parameters that act at none of the points (``sim.params.ACTS_WHEN``,
    or a team trait that every profile of the base sets for itself, ``profile_overrides``) or
    that the base's own schedule moves during the runs (``scheduled_traits``):
    every run of such an axis gives the same answer, which is worth saying before they run; and
    on a base scenario's own seed, which no run uses (a scenario file given to ``rapport study
    --scenario`` may well carry one, so it is said, not refused). In ``lang``
    (``experiments.sweep_texts``)."""
    names = list(dict.fromkeys(name for point in points for name in point.values))
    inert = inert_everywhere(sweep.base, names, (point.values for point in points))
    # Profiles are a list, never an axis: the base's profiles hold at every point.
    overridden = {o.name: o for o in profile_overrides(sweep.base) if o.name in names}
    unless = {
        name: shown(setting.unless(joiner=say("inert.or", lang)), lang)
        for name, setting in inert.items()
    }
    unless |= {
        name: say("inert.profiles", lang, trait=setting.trait, own=_own(setting.profiles, lang))
        for name, setting in overridden.items()
    }
    notes = [
        say("inert.axis", lang, name=name, condition=condition)
        for name, condition in unless.items()
    ]
    seed = sweep.base.simulation.seed
    if seed != PARAMS[SEED].default:
        why = say("inert.seed.why", lang)
        notes.insert(0, say("inert.seed", lang, name=SEED, seed=seed, why=why))
    given = sweep.file.set or {}
    notes += [
        say("inert.set", lang, name=name, value=shown(given[name], lang))
        for name in names
        if name in given
    ]
    # The base's own schedule moves a swept trait during every run (an intervention, pressure,
    # coaching): the axis compares teams only until then, or only where they start.
    # An axis that acts nowhere is said once: what the schedule does to it after a week does
    # not matter (an analyst read "has no effect" and "acts only in weeks 1-15" of one axis).
    moved = [trait for trait in scheduled_traits(sweep.base, names) if trait.name not in unless]
    notes += [_moved(trait, lang) for trait in moved]
    # What the base schedules and no point reaches in full (a programme after the last week, say)
    common: list[str] | None = None
    for point in points:
        found = schedule_notes(sweep.base.with_values(point.values))
        common = found if common is None else [n for n in common if n in found]
        if not common:
            break
    notes += [say("inert.every_point", lang, note=note_text(note, lang)) for note in common or []]
    return notes


def _own(profiles: Iterable[tuple[str, float]], lang: str) -> str:
    """Each profile's own value of a trait: "hard worker 60, smart worker 45" (as
    ``ProfileOverride.own`` writes it); in German with decimal commas, joined by "; "."""
    if lang == "en":
        return ", ".join(f"{name} {value:g}" for name, value in profiles)
    return "; ".join(
        f"{profile_name(name, lang)} {format_number(value, lang)}" for name, value in profiles
    )


def _moved(moved: ScheduledTrait, lang: str) -> str:
    """A note on a trait the base's schedule moves (as ``ScheduledTrait.text`` says it)."""
    value = f"{moved.value:g}" if lang == "en" else format_number(moved.value, lang)
    if moved.kind == "intervention":
        return say(
            "inert.set_by",
            lang,
            setting=moved.setting,
            name=moved.name,
            value=value,
            week=moved.week,
            last=moved.week - 1,
        )
    what = "pressure" if moved.kind == "pressure" else moved.name.split(".")[1]
    return say(
        "inert.raised",
        lang,
        setting=moved.setting,
        value=value,
        what=say(f"inert.raised.{what}", lang),
        week=moved.week,
        name=moved.name,
    )


def run_key(
    sweep: Sweep,
    values: dict[str, Any],
    seed: int,
    world: int | None = None,
    world_values: dict[str, Any] | None = None,
) -> str:
    """A run's identity: its parameters, seed, what it records and the model's version, and
    for a drawn world its index and values (a run at the scenario's own values has the key it
    has without worlds, so such runs are shared)."""
    return key_from(identity_head(sweep), canonical(values), seed, world, world_values)


def identity_head(sweep: Sweep, model_version: str = MODEL_VERSION) -> str:
    """The start of every run's identity text (``run_key``): what all runs of a sweep share.

    ``model_version`` is the model's that runs them (an earlier one for results on disk).
    """
    return (
        f'{{"model_version":{canonical(model_version)},"record":{canonical(key_record(sweep))},'
        f'"scenario":{canonical(key_scenario(sweep))}'
    )


def key_scenario(sweep: Sweep) -> dict[str, Any]:
    """The base scenario as run keys hold it: without ``simulation.seed``, which no run uses
    (each has its own seed, in its key), so that changing it keeps every stored run."""
    scenario = sweep.base.model_dump(mode="json")
    scenario["simulation"].pop("seed")
    return scenario


def key_record(sweep: Sweep) -> dict[str, Any]:
    """What runs record, as run keys hold it: the metrics as a set (sorted), since their order
    in the file changes no stored number."""
    record = sweep.file.record.model_dump(mode="json")
    record["metrics"] = sorted(record["metrics"])
    return record


def key_from(
    head: str,
    values: str,
    seed: int,
    world: int | None = None,
    world_values: dict[str, Any] | None = None,
) -> str:
    """``run_key`` from the sweep's ``identity_head`` and the canonical text of the values:
    the canonical text of ``{"model_version", "record", "scenario", "seed", "values"[, "world"]}``
    (keys in sorted order), built from parts so that a sweep serialises its scenario once, not
    once per run. ``tests/test_sweep_config.py`` checks it against the whole identity's text."""
    text = f'{head},"seed":{canonical(seed)},"values":{values}'
    if world is not None and world != NOMINAL:
        text += f',"world":{canonical({"index": world, "values": world_values})}'
    return hashlib.sha256((text + "}").encode()).hexdigest()[:24]


def iter_runs(
    sweep: Sweep, points: Iterable[DesignPoint], model_version: str = MODEL_VERSION
) -> Iterator[RunSpec]:
    """Every distinct (point, replication) run in design order, generated lazily.

    A point that repeats an earlier one (``runs_of``) has no runs of its own. With worlds, a
    point runs first at the scenario's own values (as without worlds), then in each world with
    that world's seeds, which are the same at every point (common random numbers). The keys
    are those of runs of ``model_version`` (the current model's unless told).
    """
    spec = sweep.file.sweep
    nominal = NOMINAL if sweep.worlds is not None else None
    head = identity_head(sweep, model_version)
    for point in points:
        if point.runs_of != point.index:
            continue
        values = canonical(point.values)
        words = _digest_words(values)
        for replication in range(spec.replications):
            seed = _seed(spec.seed, words, replication)
            yield RunSpec(
                key_from(head, values, seed),
                point.index,
                replication,
                seed,
                point.values,
                nominal,
            )
        for world in sweep.world_indices[1:]:
            drawn = sweep.world_values(world)
            for replication in range(sweep.file.worlds_replications):
                seed = world_seed(spec.seed, world, replication)
                yield RunSpec(
                    key_from(head, values, seed, world, drawn),
                    point.index,
                    replication,
                    seed,
                    point.values,
                    world,
                    drawn,
                )
