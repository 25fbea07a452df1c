"""Answers over worlds: the model-uncertainty interval (the 5–95 % range over worlds) beside the
Monte Carlo one, and the parameters that move it (the share of the spread each explains alone,
R² of a regression, with Holm-adjusted permutation p-values). Worlds themselves come from
``experiments.worlds``.

A driver's p-value comes from a permutation test of its regression, not the regression's F-test:
the F-test's normal errors carry the whole inference with a handful of worlds (it named a driver
with R² 1.00 from 4 worlds), and answers over worlds are often discrete (a sweet spot lies on the
effort grid). Shuffling the answers over the worlds is exact for any number of worlds and any
answer, and 4 worlds can never name a driver among dozens of parameters.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.stats.multitest import multipletests

from experiments.intervals import MIN_RESAMPLED
from experiments.worlds import NOMINAL, SPREAD, share_phrase
from sim.params import PARAMS
from sim.priors import PRIORS
from sim.texts import format_number, phrase

DRIVER_LEVEL = 0.05  # Holm-adjusted p-value below which a parameter is named as a driver


@dataclass(frozen=True)
class Driver:
    """A parameter and how much of the answer's spread over worlds it explains alone."""

    name: str
    r2: float
    p_adjusted: float
    # The Monte Carlo standard error of its Holm step (its p-value's error times the parameters
    # not yet passed at its rank), 0 where every ordering was enumerated: a p-value within two
    # or three of them of DRIVER_LEVEL is borderline, whichever side it falls.
    p_error: float = 0.0


@dataclass(frozen=True)
class Spread:
    """An answer over worlds: its 5–95 % range, its median (of an even number of worlds, the
    midpoint of the middle two), and what drives it."""

    worlds: int
    low: float
    high: float
    median: float
    drivers: list[Driver] = field(default_factory=list)  # significant ones, largest R² first
    ranked: list[Driver] = field(default_factory=list)  # every parameter, largest R² first


# Drivers named with their R² in a sentence; any further ones that pass are named without.
SHOWN_DRIVERS = 3


def _regressor(name: str, values: pd.Series) -> np.ndarray:
    # A log-uniform prior says the order of magnitude is what is uncertain: regress on the log.
    x = values.to_numpy(dtype=float)
    prior = PRIORS.get(name)
    if prior is not None and prior.distribution == "loguniform" and (x > 0).all():
        return np.log(x)
    return x


def _resamples(parameters: int) -> int:
    # Holm's first step needs p < DRIVER_LEVEL / parameters, and a Monte Carlo p-value is at
    # least 1 / (resamples + 1). With 20 / DRIVER_LEVEL = 400 resamples per parameter (16,800
    # for 42 parameters) a p-value at Holm's first threshold counts some 20 shuffles: a clear
    # driver (no shuffle as strong) passes with room, and one near the threshold is not decided
    # by a single shuffle. Never fewer than scipy's default, 9,999.
    return max(9_999, math.ceil(20 * parameters / DRIVER_LEVEL))


# Fixed, so that the same answers give the same p-values in every report; the shuffles do not
# depend on the answers, as a permutation test needs.
PERMUTATION_SEED = 20261210
_BATCH_VALUES = 1 << 21  # shuffled answers held at once (16 MB), whatever the number of worlds


def permutation_pvalues(
    answers: np.ndarray, regressors: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """R² of the answers on each regressor alone and its permutation p-value: the share of
    orderings of the answers over the worlds whose |Pearson r| with the regressor is at least the
    observed one (the null: the answer does not depend on the regressor).

    The test of ``scipy.stats.permutation_test`` with ``permutation_type="pairings"`` and the
    statistic |r| (two-sided; the same ordering as the regression's R² and F), for every
    regressor at once: every ordering when there are no more than the resamples (exact, for up
    to 7 worlds), otherwise random ones from ``PERMUTATION_SEED``, the same for every regressor,
    with the observed ordering counted among them.

    Args:
        answers: one answer per world, not constant.
        regressors: one column per parameter, one row per world, no column constant.

    Returns:
        The R² and the unadjusted p-value of each column.
    """
    n, columns = regressors.shape
    resamples = _resamples(columns)
    if math.factorial(n) <= resamples:
        r2, strong = _orderings_as_strong(answers, regressors, None)
        return r2, strong / math.factorial(n)  # the observed ordering is among them
    r2, strong = _orderings_as_strong(answers, regressors, resamples)
    return r2, (strong + 1) / (resamples + 1)  # the observed one counted, so no p-value is 0


def _orderings_as_strong(
    answers: np.ndarray, regressors: np.ndarray, resamples: int | None, draw: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """R² of the answers on each regressor, and how many orderings of the answers reach at least
    its |r|: of every ordering (``resamples`` None), or of ``resamples`` random ones from
    ``PERMUTATION_SEED``'s set number ``draw`` (each set independent of the others)."""
    n = len(answers)
    y = answers - answers.mean()
    y = y / np.linalg.norm(y)
    x = regressors - regressors.mean(axis=0)
    x = x / np.linalg.norm(x, axis=0)
    observed = np.abs(y @ x)
    # scipy's tolerance: an ordering that ties with the observed one counts though rounding may
    # put it a hair below (a two-valued answer ties often)
    floor = observed * (1 - 100 * np.finfo(float).eps)
    if resamples is None:
        orders = np.array(list(itertools.permutations(range(n))))
        shuffles: Iterable[np.ndarray] = [y[orders]]
    else:
        rng = np.random.default_rng([PERMUTATION_SEED, draw] if draw else PERMUTATION_SEED)
        rows = max(1, _BATCH_VALUES // n)
        shuffles = (
            rng.permuted(np.broadcast_to(y, (min(rows, resamples - start), n)), axis=1)
            for start in range(0, resamples, rows)
        )
    strong = np.zeros(regressors.shape[1])
    for batch in shuffles:
        strong += (np.abs(batch @ x) >= floor).sum(axis=0)
    return observed**2, strong


def refined_pvalues(
    answers: np.ndarray, regressors: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``permutation_pvalues``, with more orderings where Holm's verdict is in doubt.

    A p-value from random orderings carries Monte Carlo error, and a parameter whose Holm-adjusted
    p-value lies near ``DRIVER_LEVEL`` could be named or not depending on which orderings were
    drawn (one README driver's was 0.037–0.072 over eight seeds of the orderings). Each
    parameter whose Holm step (its p-value times the parameters not yet passed) lies within
    ``REFINE_ERRORS`` standard errors of the level gets new orderings, pooled with those it had,
    until it has ``REFINE_FACTOR`` times as many (its error then half as large), up to
    ``REFINE_ROUNDS`` times (an eighth). Parameters far from the level keep their first
    estimate: a clear driver and clear noise cost nothing more. Sequential Monte Carlo tests
    stop this way once the verdict is settled (Gandy 2009, JASA 104:1504); the orderings never
    depend on the answers.

    Returns:
        R², p-values and the number of random orderings behind each (0 where every ordering
        was enumerated: exact).
    """
    n, columns = regressors.shape
    drawn = np.full(columns, _resamples(columns))
    if math.factorial(n) <= drawn[0]:
        r2, p = permutation_pvalues(answers, regressors)
        return r2, p, np.zeros(columns, dtype=int)
    r2, strong = _orderings_as_strong(answers, regressors, int(drawn[0]))
    p = (strong + 1) / (drawn + 1)  # as permutation_pvalues gives them
    for draw in range(1, REFINE_ROUNDS + 1):
        step, error = holm_steps(p, drawn)
        doubtful = np.abs(step * p - DRIVER_LEVEL) < REFINE_ERRORS * error
        if not doubtful.any():
            break
        more = (REFINE_FACTOR - 1) * int(drawn[doubtful].max())
        strong[doubtful] += _orderings_as_strong(answers, regressors[:, doubtful], more, draw)[1]
        drawn[doubtful] += more
        p = (strong + 1) / (drawn + 1)
    return r2, p, drawn


def holm_steps(p: np.ndarray, drawn: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Holm's multiplier of each p-value (the parameters not yet passed at its rank) and the
    Monte Carlo standard error of its step (multiplier × p) from ``drawn`` random orderings."""
    step = np.empty(len(p))
    step[np.argsort(p, kind="stable")] = len(p) - np.arange(len(p))
    return step, step * np.sqrt(p * (1 - p) / (drawn + 1))


# A Holm step within 3 Monte Carlo standard errors of DRIVER_LEVEL gets 4 times its orderings,
# at most three times (16,800 orderings for 42 parameters become up to 1,075,200).
REFINE_ERRORS = 3.0
REFINE_FACTOR = 4
REFINE_ROUNDS = 3


def rank_drivers(answers: pd.Series, worlds: pd.DataFrame) -> list[Driver]:
    """Every varying parameter with the R² of the per-world answer on it alone and the
    Holm-adjusted permutation p-value of that regression (``refined_pvalues``), largest R²
    first.

    Args:
        answers: one answer per world (index: world).
        worlds: the worlds' parameter values (index: world).
    """
    y = answers.dropna()
    table = worlds.loc[y.index]
    if len(y) < 3 or np.ptp(y.to_numpy(dtype=float)) == 0:
        return []
    regressors = {name: _regressor(name, table[name]) for name in table.columns}
    varying = {name: x for name, x in regressors.items() if np.ptp(x) > 0}
    if not varying:
        return []
    r2, p, drawn = refined_pvalues(y.to_numpy(dtype=float), np.column_stack(list(varying.values())))
    adjusted = multipletests(p, method="holm")[1]
    error = np.where(drawn > 0, holm_steps(p, drawn)[1], 0.0)
    drivers = [
        Driver(name, float(r), float(q), float(e))
        for name, r, q, e in zip(varying, r2, adjusted, error, strict=True)
    ]
    return sorted(drivers, key=lambda d: -d.r2)


def spread(answers: pd.Series, worlds: pd.DataFrame) -> Spread:
    """The per-world answers' 5–95 % range and median, and the parameters that drive them."""
    values = answers.dropna().to_numpy(dtype=float)
    # The range's ends are answers of some world (a sweet spot lies on the effort grid), so that
    # at least 90 % of worlds lie between them; the median is the true one (with two worlds at
    # 25 h and 57.5 h, 41.25 h, not 25 h).
    low, high = (float(np.quantile(values, q, method="inverted_cdf")) for q in SPREAD)
    median = float(np.median(values))
    ranked = rank_drivers(answers, worlds)
    return Spread(
        worlds=len(values),
        low=low,
        high=high,
        median=median,
        drivers=[d for d in ranked if d.p_adjusted < DRIVER_LEVEL],
        ranked=ranked,
    )


def per_world(results: pd.DataFrame, answer: Callable[[pd.DataFrame], float]) -> pd.Series:
    """One answer per world (the nominal world left out), from the results' ``world`` column."""
    drawn = results[results["world"] != NOMINAL]
    return drawn.groupby("world").apply(answer, include_groups=False).rename("answer")


def parameter_name(name: str, lang: str = "en") -> str:
    """A parameter as a reader knows it: its label and its dotted name, in one pair of brackets
    ("Perception (empathy; reps.perception)", not "Perception (empathy) (reps.perception)")."""
    spec = PARAMS[name]
    label = spec.label_de if lang == "de" and spec.label_de else spec.label or name
    if label.endswith(")"):
        return f"{label[:-1]}; {name})"
    return f"{label} ({name})"


def worlds_sentence(
    what: str,
    result: Spread,
    noise: Sequence[float] | None,
    show: Callable[[float, str], str],
    mode: str,
    lang: str = "en",
    why: str = "single",
    drawn: int = 0,
) -> str:
    """The model-uncertainty interval beside the Monte Carlo one, and what drives the spread.

    Args:
        what: the answer's name in ``lang`` (e.g. "the sweet spot").
        result: the spread over worlds.
        noise: the Monte Carlo interval of the answer at the scenario's own values, or None
            if there is none.
        show: formats a value in a language.
        mode: "prior" or "posterior".
        why: without an interval, why: "single" (one replication), "few" (fewer than a
            bootstrap needs, ``MIN_RESAMPLED``) or "rare" (too few resamples give an answer).
        drawn: how many worlds were drawn, when some of them have no answer (``result``
            holds the others): the sentence then says "25 of 32".
    """
    names = [
        phrase(
            "worlds.driver",
            lang,
            name=parameter_name(d.name, lang),
            r2=format_number(d.r2, lang, 2),
        )
        for d in result.drivers[:SHOWN_DRIVERS]
    ]
    others = [parameter_name(d.name, lang) for d in result.drivers[SHOWN_DRIVERS:]]
    if others:  # every driver that passes the test is named; the strongest with their R²
        drivers = phrase(
            "worlds.drivers.more", lang, names=", ".join(names), others=", ".join(others)
        )
    elif names:
        drivers = phrase("worlds.drivers", lang, names=", ".join(names))
    else:
        drivers = phrase("worlds.no_driver", lang, count=result.worlds)
    return phrase(
        "worlds.sentence",
        lang,
        what=what,
        low=show(result.low, lang),
        high=show(result.high, lang),
        count=phrase("worlds.of", lang, count=result.worlds, drawn=drawn)
        if drawn > result.worlds
        else result.worlds,
        source=phrase(f"worlds.source.{mode}", lang),
        share=share_phrase(result.worlds, lang),
        median=show(result.median, lang),
        noise=phrase("worlds.noise", lang, low=show(noise[0], lang), high=show(noise[1], lang))
        if noise is not None
        else phrase(
            "worlds.no_noise", lang, why=phrase(f"worlds.no_noise.{why}", lang, n=MIN_RESAMPLED)
        ),
        drivers=drivers,
    )


def driver_record(driver: Driver) -> dict[str, Any]:
    """A driver as ``answer.json`` and the multiverse's JSON keep it."""
    return {
        "parameter": driver.name,
        "r2": driver.r2,
        "p_holm": driver.p_adjusted,
        "p_holm_monte_carlo_se": driver.p_error,
    }


def spread_numbers(result: Spread, noise: Sequence[float] | None, mode: str) -> dict[str, Any]:
    """The spread as ``answer.json`` keeps it (no Monte Carlo interval: null)."""
    return {
        "source": mode,
        "worlds": result.worlds,
        "model_uncertainty_90": [result.low, result.high],
        "median_over_worlds": result.median,
        "monte_carlo_95": None if noise is None else list(noise),
        "drivers": [driver_record(d) for d in result.drivers],
        "r2_by_parameter": {d.name: d.r2 for d in result.ranked},
    }
