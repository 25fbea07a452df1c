"""Worlds: draws of the parameters nobody knows well, so that every answer carries its model
uncertainty beside its Monte Carlo noise.

A world is one set of values for the uncertain parameters (those with a prior in
``sim/priors.py``). A sweep or study file chooses where worlds come from:

- ``worlds: none`` (the default): no worlds; the sweep runs exactly as it always did.
- ``worlds: prior``: the first ``worlds_count`` points of a scrambled Sobol' sequence mapped onto
  the priors (uniform or log-uniform), seeded by the file's ``sweep.seed``.
- ``worlds: posterior``: ``worlds_count`` draws, with replacement and in proportion to their
  weights, from the particles of a calibration (``rapport calibrate``), a Parquet file with one
  row per particle, one column per calibrated parameter (dotted name) and a ``weight`` column
  summing to 1.

A parameter the study states is never drawn: its axes, its ``set:`` overrides and the values its
base scenario names are what the manager knows or asks about, not facts about the world.

Every design point runs in every world with ``worlds_replications`` replications; a world's
replication has the same seed at every design point (common random numbers), so differences
between the arms of a study are paired within a world. The design points also run at the
scenario's own values (the "nominal" world, index -1) exactly as with ``worlds: none``: those
runs give today's Monte Carlo interval and are shared with an earlier ``worlds: none`` sweep.

``experiments.uncertainty`` turns one answer per world into the model-uncertainty interval (the
5–95 % range over worlds) and names the parameters that move it; this module only draws worlds,
so that planning a sweep does not import the statistics (statsmodels).
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from sim import parquet
from sim.params import PARAMS, ConfigError
from sim.priors import PRIORS
from sim.texts import format_number, phrase

ROOT = Path(__file__).resolve().parents[1]
MODES = ("none", "prior", "posterior")
DEFAULT_POSTERIOR = "configs/calibration/posterior.parquet"
CALIBRATE = "rapport calibrate configs/calibration/stylised_facts.yaml"
NOMINAL = -1  # the world index of runs at the scenario's own values
SPREAD = (0.05, 0.95)  # the model-uncertainty interval: 90 % of plausible worlds
WEIGHT_TOLERANCE = 1e-6
# Streams of the root seed (``plan.unit_samples`` uses spawn key 0 for the design).
PRIOR_STREAM, SEED_STREAM = 1, 2


def whole_range(count: int) -> bool:
    """Whether the 5–95 % range of ``count`` worlds, its ends taken as numpy's inverted CDF
    takes them (ends that are answers of some world), is the whole range: up to 19 worlds,
    where no world lies outside it."""
    return math.ceil(SPREAD[0] * count) <= 1 and math.ceil(SPREAD[1] * count) >= count


def share_phrase(count: int, lang: str = "en", form: str = "share") -> str:
    """How many of ``count`` worlds the 5–95 % range holds, as a sentence says it: "in 90 % of
    them", or "in all of them" where it is their whole range (``whole_range``); ``form``
    "share.of" ("in 90 % of 32", "in all 8") or "part.of" ("90 % of 32", "all 8")."""
    key = f"worlds.{form}" + (".all" if whole_range(count) else "")
    return phrase(key, lang, count=format_number(count, lang))


# --- drawing worlds -------------------------------------------------------------------------------


def world_parameters(fixed: Iterable[str]) -> list[str]:
    """The parameters a prior world draws: every one with a prior, except those in ``fixed``."""
    known = set(fixed)
    return [name for name in PRIORS if name not in known]


def _from_unit(name: str, u: np.ndarray) -> np.ndarray:
    prior = PRIORS[name]
    if prior.distribution == "loguniform":
        values = np.exp(np.log(prior.low) + u * (np.log(prior.high) - np.log(prior.low)))
    else:
        values = prior.low + u * (prior.high - prior.low)
    values = np.clip(values, prior.low, prior.high)
    return np.round(values) if PARAMS[name].type == "int" else values


def prior_worlds(names: list[str], count: int, seed: int) -> pd.DataFrame:
    """``count`` worlds drawn from the priors of ``names`` by a scrambled Sobol' sequence.

    The first worlds of a larger draw are those of a smaller one (a sequence, not a fixed-size
    design), so a study grown by worlds keeps every world, and every run, it already has.

    Returns:
        One row per world (index ``world`` 0..count-1), one column per parameter.
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(PRIOR_STREAM,)))
    from scipy.stats import qmc  # scipy.stats costs most of a second to load

    sobol = qmc.Sobol(d=max(len(names), 1), scramble=True, rng=rng)
    # Drawn to the next power of 2 (where the sequence keeps its balance), then cut.
    units = sobol.random_base2(max(count - 1, 1).bit_length())[:count]
    frame = pd.DataFrame(
        {name: _from_unit(name, units[:, i]) for i, name in enumerate(names)},
        index=pd.RangeIndex(count, name="world"),
    )
    return _typed(frame)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    for name in frame.columns:
        frame[name] = frame[name].astype(int if PARAMS[name].type == "int" else float)
    return frame


def resolve_posterior(path: str | None, source: Path | None = None) -> Path:
    """Where the posterior file is: as given (or the shipped default), relative to the working
    folder, the config file's folder or the repository."""
    given = Path(path or DEFAULT_POSTERIOR)
    candidates = [given]
    if not given.is_absolute():
        if source is not None:
            candidates.append(source.parent / given)
        candidates.append(ROOT / given)
    for candidate in candidates:
        if candidate.is_file():
            return candidate
    folder = next((c for c in candidates if c.is_dir()), None)
    if folder is not None:
        raise ConfigError(f"posterior: {given}: a folder, not a file ({folder.absolute()})")
    raise ConfigError(f"posterior: {given}: not found; run `{CALIBRATE}` or use `worlds: prior`")


def posterior_model_version(path: Path) -> str | None:
    """The model version a posterior file was fitted under (None if the file does not say)."""
    try:
        meta = (pq.read_schema(path).metadata or {}).get(b"rapport")
        return json.loads(meta)["model_version"] if meta else None
    except (OSError, pa.ArrowException, ValueError, KeyError):
        return None


def read_posterior(path: Path, field: str = "posterior") -> pd.DataFrame:
    """The particles of a posterior file, checked: known parameters within their bounds and
    weights that are non-negative and sum to 1.

    Args:
        path: The Parquet file.
        field: Where the path was given (a file's field or a command's option), for errors.

    Returns:
        One row per particle: a column per parameter and ``weight``.
    """
    where = f"{field}: {path}"
    try:
        frame = parquet.read(path).to_pandas()
    except (OSError, pa.ArrowException, ValueError) as exc:
        # Arrow's message repeats the path; the reason after it, cut at a word
        why = str(exc).split(f"'{path}': ", 1)[-1]
        reason = textwrap.shorten(why, 120, placeholder=" …")
        raise ConfigError(f"{where}: not a readable Parquet file ({reason})") from None
    if "weight" not in frame:
        raise ConfigError(f"{where}: no column 'weight' (one weight per particle, summing to 1)")
    if frame.empty:
        raise ConfigError(f"{where}: no particles (0 rows)")
    names = [c for c in frame.columns if c != "weight"]
    if not names:
        raise ConfigError(f"{where}: no parameter columns beside 'weight'")
    for name in ("weight", *names):
        if not pd.api.types.is_numeric_dtype(frame[name]) or pd.api.types.is_bool_dtype(
            frame[name]
        ):
            raise ConfigError(f"{where}: column '{name}' is not numeric")
        if not np.isfinite(frame[name].to_numpy(dtype=float)).all():
            raise ConfigError(f"{where}: column '{name}' holds NaN or infinite values")
    weights = frame["weight"].to_numpy(dtype=float)
    if (weights < 0).any():
        raise ConfigError(f"{where}: column 'weight' has negative values; weights must be ≥ 0")
    if not math.isclose(weights.sum(), 1.0, abs_tol=WEIGHT_TOLERANCE):
        raise ConfigError(f"{where}: the weights sum to {weights.sum():.6g}; they must sum to 1")
    for name in names:
        spec = PARAMS.get(name)
        if spec is None or spec.type not in ("int", "float"):
            raise ConfigError(
                f"{where}: column '{name}' is not a number parameter; columns are dotted "
                "parameter names (see `rapport params`) and 'weight'"
            )
        values = frame[name].to_numpy(dtype=float)
        low = spec.minimum if spec.minimum is not None else -math.inf
        high = spec.maximum if spec.maximum is not None else math.inf
        below = values <= low if spec.exclusive_minimum else values < low
        if below.any() or (values > high).any():
            bad = float(values[below | (values > high)][0])
            raise ConfigError(
                f"{where}: column '{name}' has {bad:g}, outside the parameter's bounds "
                f"({spec.bounds_text()})"
            )
    return frame


def posterior_worlds(
    frame: pd.DataFrame, count: int, seed: int, fixed: Iterable[str]
) -> pd.DataFrame:
    """``count`` worlds resampled from weighted particles (multinomial, with replacement); the
    first worlds of a larger draw are those of a smaller one.

    Columns in ``fixed`` (what the study states) are dropped: they are never drawn.
    """
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(PRIOR_STREAM,)))
    weights = frame["weight"].to_numpy(dtype=float)
    picks = rng.choice(len(frame), size=count, replace=True, p=weights / weights.sum())
    known = set(fixed)
    names = [c for c in frame.columns if c != "weight" and c not in known]
    drawn = frame.iloc[picks][names].reset_index(drop=True)
    drawn.index = pd.RangeIndex(count, name="world")
    for name in names:
        if PARAMS[name].type == "int":
            drawn[name] = drawn[name].round()
    return _typed(drawn)


def world_row(worlds: pd.DataFrame, world: int) -> dict[str, Any]:
    """The values world ``world`` (a row of ``worlds``) sets, as plain numbers of their type."""
    row = worlds.iloc[world]
    return {k: int(v) if PARAMS[k].type == "int" else float(v) for k, v in row.items()}


def world_seed(root_seed: int, world: int, replication: int) -> int:
    """The seed of a world's replication: the same at every design point (common random
    numbers), different for every world and replication."""
    sequence = np.random.SeedSequence(root_seed, spawn_key=(SEED_STREAM, world, replication))
    return int(sequence.generate_state(1, np.uint64)[0] & np.uint64(2**63 - 1))


class NothingToVary(ConfigError):
    """Every parameter the worlds would draw is stated: all worlds would be the same.

    Attributes:
        source: "prior" or "posterior".
        names: The parameters the worlds would draw (a posterior's columns, or every prior).
    """

    def __init__(self, source: str, names: list[str]):
        self.source = source
        self.names = names
        if source == "posterior":
            what = f"every calibrated parameter ({', '.join(names)}) is"
        else:
            what = f"every parameter with a prior ({len(names)}) is"
        super().__init__(
            f"{source}: {what} set by the study itself; no parameter is left to vary between worlds"
        )


def sample_worlds(
    count: int, seed: int, fixed: Iterable[str], posterior: pd.DataFrame | None = None
) -> pd.DataFrame:
    """``count`` worlds seeded by ``seed``: from the priors (``prior_worlds``), or resampled
    from a posterior's weighted particles (``posterior_worlds``) when one is given. A
    parameter in ``fixed`` is stated, and never drawn.

    Raises:
        NothingToVary: Every parameter the worlds would draw is in ``fixed``.
    """
    fixed = set(fixed)
    if posterior is None:
        names = world_parameters(fixed)
        if not names:
            raise NothingToVary("prior", list(PRIORS))
        return prior_worlds(names, count, seed)
    drawn = posterior_worlds(posterior, count, seed, fixed)
    if drawn.columns.empty:
        raise NothingToVary("posterior", [c for c in posterior.columns if c != "weight"])
    return drawn


def draw_worlds(
    mode: str,
    count: int,
    seed: int,
    fixed: Iterable[str],
    posterior: str | None = None,
    source: Path | None = None,
) -> pd.DataFrame | None:
    """The worlds a sweep file asks for (None for ``worlds: none``); see ``sample_worlds``."""
    if mode == "prior":
        return sample_worlds(count, seed, fixed)
    if mode == "posterior":
        frame = read_posterior(resolve_posterior(posterior, source))
        return sample_worlds(count, seed, fixed, frame)
    return None
