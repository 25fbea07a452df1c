"""Answers over worlds: the model-uncertainty interval (the 5–95 % range over worlds) beside the
Monte Carlo one, and the parameters that move it (the share of the spread each explains alone,
R² of a regression, with Holm-adjusted p-values). Worlds themselves come from
``experiments.worlds``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.regression.linear_model import OLS
from statsmodels.stats.multitest import multipletests
from statsmodels.tools.tools import add_constant

from experiments.intervals import MIN_RESAMPLED
from experiments.worlds import NOMINAL, SPREAD
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


def rank_drivers(answers: pd.Series, worlds: pd.DataFrame) -> list[Driver]:
    """Every varying parameter with the R² of the per-world answer on it alone and the
    Holm-adjusted p-value of that regression, largest R² first.

    Args:
        answers: one answer per world (index: world).
        worlds: the worlds' parameter values (index: world).
    """
    y = answers.dropna()
    table = worlds.loc[y.index]
    if len(y) < 3 or np.ptp(y.to_numpy(dtype=float)) == 0:
        return []
    found: list[tuple[str, float, float]] = []
    for name in table.columns:
        x = _regressor(name, table[name])
        if np.ptp(x) == 0:
            continue
        fit = OLS(y.to_numpy(dtype=float), add_constant(x)).fit()
        found.append((name, float(fit.rsquared), float(fit.f_pvalue)))
    if not found:
        return []
    adjusted = multipletests([p for _, _, p in found], method="holm")[1]
    drivers = [Driver(n, r2, float(p)) for (n, r2, _), p in zip(found, adjusted, strict=True)]
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
        median=show(result.median, lang),
        noise=phrase("worlds.noise", lang, low=show(noise[0], lang), high=show(noise[1], lang))
        if noise is not None
        else phrase(
            "worlds.no_noise", lang, why=phrase(f"worlds.no_noise.{why}", lang, n=MIN_RESAMPLED)
        ),
        drivers=drivers,
    )


def spread_numbers(result: Spread, noise: Sequence[float] | None, mode: str) -> dict[str, Any]:
    """The spread as ``answer.json`` keeps it (no Monte Carlo interval: null)."""
    return {
        "source": mode,
        "worlds": result.worlds,
        "model_uncertainty_90": [result.low, result.high],
        "median_over_worlds": result.median,
        "monte_carlo_95": None if noise is None else list(noise),
        "drivers": [
            {"parameter": d.name, "r2": d.r2, "p_holm": d.p_adjusted} for d in result.drivers
        ],
        "r2_by_parameter": {d.name: d.r2 for d in result.ranked},
    }
