"""``rapport study NAME``: managers' what-if questions, each a sweep plus a one-page answer.

A study is a sweep file under ``configs/studies/`` and an analysis that turns the stored results
into the answer: one sentence with the number and its uncertainty, one chart, the assumptions.
Every number on the page is computed here from the results; none is written by hand.
"""

from __future__ import annotations

import html
import itertools
import json
import math
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
from scipy import stats as sps
from statsmodels.regression.linear_model import OLS
from statsmodels.tools.tools import add_constant

from sim.params import CHANNELS, PARAMS, TRAITS, ConfigError, Scenario

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.patches import Patch

from experiments.config import Sweep, named, validate_sweep
from experiments.intervals import MIN_RESAMPLED, grid_edge, interval_edge, mean_interval
from experiments.pages import inline_image, save_figure, write_page
from experiments.store import ResultStore, write_text_atomically
from experiments.study_texts import (
    capitalised,
    ci_text,
    effect,
    glossary,
    hours,
    joined,
    number,
    numbers,
    open_direction,
    percent,
    say,
    unknown_study,
    weeks,
)
from experiments.sweep import run_sweep
from experiments.uncertainty import (
    DRIVER_LEVEL,
    Spread,
    parameter_name,
    per_world,
    spread,
    spread_numbers,
    worlds_sentence,
)
from experiments.worlds import NOMINAL, share_phrase
from sim.formats import PALETTE, json_default
from sim.plots import use_decimal_mark
from sim.population import hired_reps, profile_counts, team_means
from sim.priors import PRIORS
from sim.scenarios import load_scenario, profile_overrides, read_yaml, scheduled_traits
from sim.texts import DECIMAL_MARK, LANGUAGES, after_weeks, count, phrase, profile_name

STUDIES_DIR = Path(__file__).resolve().parents[1] / "configs" / "studies"
EFFORT = "reps.effort_hours"
RP = "relational_performance"
BOOTSTRAP = 2000
BAND = "band"  # what plot_band marks a curve's 95 % band with, for its legend


@dataclass
class Answer:
    """What a study page says, in one language (``lang``); ``numbers`` are the same in every
    language."""

    question: str
    answer: str
    numbers: dict[str, Any]
    assumptions: list[str]
    figure: Any = None  # a matplotlib figure
    details: pd.DataFrame | None = field(default=None, repr=False)
    # How sure the answer is over plausible worlds, by language (empty without worlds).
    uncertainty: dict[str, str] = field(default_factory=dict)
    lang: str = "en"
    # How the number asked about is written (``Question.show``), so that the page's table of
    # intervals writes it as the sentence beside it does.
    show: Callable[[float, str], str] | None = field(default=None, repr=False)


# --- shared analysis helpers ----------------------------------------------------------------------


def final_rows(results: pd.DataFrame) -> pd.DataFrame:
    return results[results["week"] == results["week"].max()]


def diff_ci(a: np.ndarray, b: np.ndarray, level: float = 0.95) -> tuple[float, list[float] | None]:
    """Mean difference a − b and its Welch interval at ``level`` (independent replications,
    unequal variances): it holds its coverage from 2 replications per arm, where a bootstrap's
    does not (``MIN_RESAMPLED``).

    Returns:
        The difference, and the interval or None if either side has a single replication (one
        value says nothing about the noise).
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    difference = float(a.mean() - b.mean())
    if min(a.size, b.size) < 2:
        return difference, None
    if a.var() == 0 and b.var() == 0:  # no noise at all: the difference is exact
        return difference, [difference, difference]
    interval = sps.ttest_ind(a, b, equal_var=False).confidence_interval(level)
    return difference, [float(interval.low), float(interval.high)]


def contrast_ci(
    groups: Sequence[np.ndarray], weights: Sequence[float], level: float = 0.95
) -> tuple[float, list[float] | None]:
    """A contrast of independent groups' means, ``Σ weights_i × mean_i``, and its Welch t
    interval at ``level``: the standard error from each group's own variance, the degrees of
    freedom Welch–Satterthwaite's (for two groups and weights 1, −1 exactly ``diff_ci``'s).
    None as the interval if a group has a single replication."""
    arrays = [np.asarray(g, float) for g in groups]
    value = float(sum(w * a.mean() for w, a in zip(weights, arrays, strict=True)))
    if min(a.size for a in arrays) < 2:
        return value, None
    parts = [w * w * a.var(ddof=1) / a.size for w, a in zip(weights, arrays, strict=True)]
    total = sum(parts)
    if total == 0:  # no noise at all: the contrast is exact
        return value, [value, value]
    df = total**2 / sum(v * v / (a.size - 1) for v, a in zip(parts, arrays, strict=True))
    half = float(sps.t.ppf(0.5 + level / 2, df)) * total**0.5
    return value, [value - half, value + half]


def edge_clause(
    edge: str | None, grid: Sequence[float], what: str, lang: str = "en", reach: bool = False
) -> str:
    """``what`` (an effort found best: "sweet_spot", "one" or "best_effort") at the grid's
    end, in words: the true one may lie beyond it ("" inside the grid). With ``reach``, the
    optimum lies inside and its interval reaches that end."""
    if edge is None:
        return ""
    return say(
        f"edge.{'reach.' if reach else ''}{edge}",
        lang,
        low=hours(float(np.min(grid)), lang),
        high=hours(float(np.max(grid)), lang),
        true=say(f"edge.true.{what}", lang),
    )


def slope_beyond(
    frame: pd.DataFrame, start: float, metric: str = RP
) -> tuple[float, tuple[float, float]]:
    """The slope of ``metric`` against effort over the runs at ``start`` h/week and beyond (a
    straight line, HC3 errors) and its 95 % interval; NaN from fewer than three efforts."""
    beyond = frame[frame[EFFORT] >= start]
    if beyond[EFFORT].nunique() < 3:
        return float("nan"), (float("nan"), float("nan"))
    fit = OLS(beyond[metric].to_numpy(), add_constant(beyond[EFFORT].to_numpy())).fit(
        cov_type="HC3"
    )
    low, high = (float(v) for v in fit.conf_int()[1])
    return float(fit.params[1]), (low, high)


def revenue_peak_gain(
    frame: pd.DataFrame, peak: float, spot: float
) -> tuple[float, list[float] | None, float]:
    """How much more weekly revenue the effort ``peak`` (revenue's best) brings than the sweet
    spot ``spot`` (relationship quality's), with a Welch interval (``diff_ci``) that allows for
    ``peak`` being the highest of the grid's noisy means: the revenue peak is worth naming only
    where the interval lies above 0.

    The peak is picked after looking, among the grid's other efforts, so one 95 % interval lets
    the highest of equal means through far more often than 1 time in 40: with 31 efforts all
    alike, 11 % of the time from 3 replications and 21 % from 10 (simulated with normal noise
    and the sweet spot at a random effort). The interval is Bonferroni's over the efforts
    compared with the sweet spot, at 1 − 0.05 / (efforts − 1): if no effort's revenue truly
    beats the sweet spot's, a peak is named at most 2.5 % of the time (0.4 % and 1.4 % there).

    Returns:
        The difference, its interval (None where the two are the same effort, or from a single
        replication) and the interval's level.
    """
    efforts = frame[EFFORT].nunique()
    level = 1 - 0.05 / max(efforts - 1, 1)
    if peak == spot:
        return 0.0, None, level
    at = frame.groupby(EFFORT)["revenue"]
    difference, interval = diff_ci(
        at.get_group(peak).to_numpy(), at.get_group(spot).to_numpy(), level
    )
    return difference, interval, level


def sweet_spot(frame: pd.DataFrame, rng: np.random.Generator, metric: str = RP) -> dict[str, Any]:
    """Effort that maximises the mean metric, a bootstrap interval for it (None from fewer than
    ``MIN_RESAMPLED`` replications), whether it is an end of the effort grid, and the cost per
    extra hour beyond it (slope of a straight line fitted beyond the sweet spot, with its CI)."""
    table = frame.pivot_table(index="replication", columns=EFFORT, values=metric)
    efforts = table.columns.to_numpy(dtype=float)
    best = float(efforts[np.argmax(table.mean().to_numpy())])
    interval = None
    if len(table) >= MIN_RESAMPLED:
        picks = rng.integers(0, len(table), (BOOTSTRAP, len(table)))
        # A failed run is left out of the results, a missing cell of the table: each effort's
        # resampled mean is over the runs it has among those picked. A plain mean is NaN there,
        # and argmax takes the first NaN for the largest: one failed run at 10 h put the sweet
        # spot's interval at 10 h to 62.5 h around a sweet spot at 37.5 h.
        values = table.to_numpy()[picks]
        present = ~np.isnan(values)
        runs = present.sum(axis=1)
        sums = np.where(present, values, 0.0).sum(axis=1)
        boot_means = np.where(runs > 0, sums / np.maximum(runs, 1), -np.inf)
        boot_best = efforts[np.argmax(boot_means, axis=1)]
        interval = [float(np.quantile(boot_best, 0.025)), float(np.quantile(boot_best, 0.975))]
    slope, (low, high) = slope_beyond(frame, best, metric)
    return {
        "sweet_spot": best,
        "sweet_spot_ci": interval,
        "replications": len(table),
        "at_grid_edge": grid_edge(best, efforts),
        "interval_at_grid_edge": (
            None if grid_edge(best, efforts) else interval_edge(interval, efforts)
        ),
        "grid": efforts,
        "best_mean": float(table.mean().max()),
        "slope_beyond": slope,
        "slope_beyond_ci": (low, high),
        "curve": table.mean(),
    }


NO_CI = say("ci.none")


def sets_empathy(reps: Any) -> bool:
    """Whether a profile of the team (``sim.params.Reps``) sets its own perception or
    regulation: then the team's values describe no rep, or not every rep."""
    return any(p.perception is not None or p.regulation is not None for p in reps.profiles)


def _trait(reps: Any, profile: Any, trait: str) -> float:
    """A profile's own value of a trait, or the team's it takes where it sets none."""
    own = getattr(profile, trait)
    return getattr(reps, trait) if own is None else own


def _profile_empathy(reps: Any, key: str, lang: str) -> list[str]:
    """Each profile's share of the reps that ran (its share rounded to whole reps), name,
    perception and regulation (its own, or the team's it takes) in the study text ``key``; not
    a profile that gives the team no rep (``empty_profiles``)."""
    counts = profile_counts([p.share for p in reps.profiles], reps.count)
    return [
        say(
            key,
            lang,
            share=percent(n / reps.count, lang),
            name=profile_name(p.name, lang),
            perception=number(_trait(reps, p, "perception"), lang),
            regulation=number(_trait(reps, p, "regulation"), lang),
        )
        for p, n in zip(reps.profiles, counts, strict=True)
        if n
    ]


def empty_profiles(sweep: Sweep, lang: str = "en") -> list[str]:
    """The team's profiles that give it no rep (10 % of 5 reps rounds to none), each as an
    assumption: the answer's team is the one that ran, without them."""
    reps = sweep.base.reps
    counts = profile_counts([p.share for p in reps.profiles], reps.count)
    return [
        say(
            "assume.empty_profile",
            lang,
            name=profile_name(p.name, lang),
            share=percent(p.share, lang),
            count=reps.count,
        )
        for p, n in zip(reps.profiles, counts, strict=True)
        if not n
    ]


def _per_rep(reps: Any, trait: str) -> np.ndarray:
    """Each rep's own value of a trait: its profile's (or the team's where the profile sets
    none), the profiles' shares rounded to whole reps as a run splits them (``profile_counts``)."""
    counts = profile_counts([p.share for p in reps.profiles], reps.count)
    return np.repeat([_trait(reps, p, trait) for p in reps.profiles], counts)


# More profiles than this are summed up (a team calibrated to a CRM export has one per rep).
MAX_LISTED_PROFILES = 4


def _many_profiles(reps: Any, key: str, lang: str) -> str:
    """The reps' perception and regulation as ranges and means over the reps the profiles get
    (their shares rounded to whole reps, as a run splits them; a trait every rep has at one
    value: that value)."""
    values = {}
    for trait in ("perception", "regulation"):
        own = _per_rep(reps, trait)
        # to 2 decimals, as traits of 0-1 are read: a team file's EI means arrive with 4
        # ("perception 0.1717 to 0.8717 (mean 0.5742)" read as precision the answer lacks)
        low, high = (number(round(float(x), 2), lang) for x in (own.min(), own.max()))
        mean = number(round(float(own.mean()), 2), lang)
        values[trait] = (
            low if low == high else say("team.range", lang, low=low, high=high, mean=mean)
        )
    return say(key, lang, count=len(reps.profiles), **values)


def empathy_text(reps: Any, lang: str = "en") -> str:
    """The team's empathy for an assumption's brackets: "perception 0.5, regulation 0.5", or
    each profile's where profiles set their own ("50% hard worker: perception 0.1, ...; ..."),
    summed up as ranges and means where there are more than ``MAX_LISTED_PROFILES``."""
    if sets_empathy(reps) and len(reps.profiles) > MAX_LISTED_PROFILES:
        return _many_profiles(reps, "team.empathy.many", lang)
    if sets_empathy(reps):
        return "; ".join(_profile_empathy(reps, "team.empathy.profile", lang))
    return say(
        "team.empathy",
        lang,
        perception=number(reps.perception, lang),
        regulation=number(reps.regulation, lang),
    )


def team_text(reps: Any, lang: str = "en", plain: str = "team.with") -> str:
    """The team in an answer's words: ``plain`` (the study text "a team with perception 0.5 and
    regulation 0.5", or another such as "a low-EI team"), or the team of its profiles where
    profiles set their own empathy ("a team of 50% hard worker (perception 0.1, ...) and ...";
    ranges and means where there are more than ``MAX_LISTED_PROFILES``)."""
    if sets_empathy(reps) and len(reps.profiles) > MAX_LISTED_PROFILES:
        return _many_profiles(reps, "team.of.many", lang)
    if sets_empathy(reps):
        profiles = _profile_empathy(reps, "team.of.profile", lang)
        return say("team.of", lang, profiles=joined(profiles, lang))
    return say(
        plain,
        lang,
        perception=number(reps.perception, lang),
        regulation=number(reps.regulation, lang),
    )


def effort_text(reps: Any, lang: str = "en") -> str:
    """The hours the team's reps run at, as an answer says them: the team's effort ("50 h"), or
    the profiles' where they set their own, one value where all reps share it ("60 h"), else
    their range and mean over the reps ("40 h to 60 h (mean 50 h)"): a team effort that every
    profile overrides describes no rep."""
    if not reps.profiles:
        return hours(reps.effort_hours, lang)
    efforts = _per_rep(reps, "effort_hours")
    low, high = hours(float(efforts.min()), lang), hours(float(efforts.max()), lang)
    if low == high:
        return low
    mean = hours(round(float(efforts.mean()), 1), lang)
    return say("team.range", lang, low=low, high=high, mean=mean)


def line_chart(title: str, xlabel: str, ylabel: str):
    fig, ax = plt.subplots(figsize=(8, 5.4), dpi=120)  # room for the legend below the plot
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    return fig, ax


def mean_band(frame: pd.DataFrame, x: str, y: str) -> pd.DataFrame:
    """Mean of ``y`` over the runs at each ``x`` and its 95 % interval: Student's t over the
    replications (``experiments.intervals.mean_interval``), the rule of every interval an answer
    gives of a mean or a difference of means. NaN ends where fewer than two runs give no
    interval."""
    rows = {}
    for value, group in frame.groupby(x):
        values = group[y].to_numpy(dtype=float)
        mean, low, high = (float(v) for v in mean_interval(values))
        count = int(np.isfinite(values).sum())
        if count < 2:  # one value says nothing about the noise
            low = high = float("nan")
        rows[value] = {"mean": mean, "low": low, "high": high, "n": count}
    return pd.DataFrame.from_dict(rows, orient="index").sort_index()


# The values a metric can take: its band is drawn within them (a t interval from 2 replications
# reached 100 h/week where the managers' limit was 70 h, and below 0 in relationship quality).
LIMITS: dict[str, tuple[float, float]] = {RP: (0.0, 1.0)}


def plot_band(
    ax,
    frame: pd.DataFrame,
    x: str,
    y: str,
    label: str,
    colour: str,
    lang: str = "en",
    limits: tuple[float, float] | None = None,
) -> None:
    """The mean of ``y`` against ``x`` with its 95 % band (``mean_band``), drawn within the
    values ``y`` can take (``limits``, else ``LIMITS``); without a band (a single replication)
    the legend says why, as the answer says why it gives no interval."""
    band = mean_band(frame, x, y)
    low, high = limits or LIMITS.get(y, (-math.inf, math.inf))
    band[["low", "high"]] = band[["low", "high"]].clip(low, high)
    banded = bool(np.isfinite(band["low"]).any())
    if not banded:
        label = say("legend.no_band", lang, label=label)
    ax.plot(band.index, band["mean"], color=colour, lw=2.5, label=label)
    if banded:
        ax.fill_between(band.index, band["low"], band["high"], color=colour, alpha=0.2, gid=BAND)


def legend(ax, lang: str = "en", **options) -> None:
    """The legend of ``ax`` (``options``: matplotlib's), below the plot: its labelled lines, and
    where a curve carries its 95 % band (``plot_band``), one entry saying what the shading is.
    Inside the plot, matplotlib's best place still covered curves (the coached team's line from
    week 20 on, the 60-h line of the leading indicator)."""
    handles, labels = ax.get_legend_handles_labels()
    if any(c.get_gid() == BAND for c in ax.collections):
        handles.append(Patch(facecolor="grey", alpha=0.2))
        labels.append(say("legend.band", lang))
    place = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.16), "frameon": False}
    shown = ax.legend(handles, labels, **{**place, "ncol": 2, **options})
    # Two columns of long entries ("0 % Neueinstellungen mit hoher Empathie (kein 95-%-Band aus
    # einer einzigen Wiederholung)") are wider than the figure, and no layout fits them: one
    figure = ax.figure
    if "ncol" not in options:
        width = shown.get_window_extent(figure.canvas.get_renderer()).width
        if width > 0.95 * figure.bbox.width:
            ax.legend(handles, labels, **{**place, "ncol": 1, **options})


# --- the studies ----------------------------------------------------------------------------------


def effort_sweet_spot(results: pd.DataFrame, sweep: Sweep, rng, lang: str = "en") -> Answer:
    final = final_rows(results)
    s = sweet_spot(final, rng)
    revenue = sweet_spot(final, rng, metric="revenue")
    team = sweep.base.reps
    interval = s["sweet_spot_ci"]
    cost = -s["slope_beyond"]
    cost_lo, cost_hi = -s["slope_beyond_ci"][1], -s["slope_beyond_ci"][0]
    weeks_run = sweep.base.simulation.weeks
    if not np.isfinite(cost):
        beyond = say("effort_sweet_spot.too_few", lang)
    elif cost > 0 and cost_lo > 0:
        beyond = say(
            "effort_sweet_spot.cost",
            lang,
            cost=number(cost, lang, ".4f"),
            ci=ci_text((cost_lo, cost_hi), lang, ".4f"),
            weeks=weeks(weeks_run, lang),
        )
    else:
        flat = say("effort_sweet_spot.flat", lang)
        beyond = say(
            "effort_sweet_spot.no_cost",
            lang,
            change=effect(-cost, (-cost_hi, -cost_lo), lang, ".4f", reference=flat),
            weeks=weeks(weeks_run, lang),
        )
    money, money_numbers = hour_money(final, s["sweet_spot"], team, weeks_run, lang)
    reach = s["interval_at_grid_edge"] is not None
    edge = edge_clause(
        s["interval_at_grid_edge"] if reach else s["at_grid_edge"],
        s["grid"],
        "sweet_spot",
        lang,
        reach=reach,
    )
    given = scenario_given("effort_sweet_spot", sweep)
    assumed_team = say(
        "effort_sweet_spot.assume.team.given" if given else "effort_sweet_spot.assume.team",
        lang,
        scenario=Path(sweep.file.base or "").name,
        empathy=empathy_text(team, lang),
    )
    ci = ci_text(
        interval,
        lang,
        "g",
        " h",
        replications=s["replications"],
        needed=MIN_RESAMPLED,
        grid=s["grid"],
    )
    answer = say(
        "effort_sweet_spot.answer",
        lang,
        team=team_text(team, lang),
        hours=hours(s["sweet_spot"], lang),
        ci=ci,
        edge=say(f"effort_sweet_spot.edge{'.reach' if reach else ''}", lang, edge=edge)
        if edge
        else "",
        beyond=beyond,
    )
    if money:
        answer = f"{answer} {money}"
    peak_gain, peak_gain_ci, peak_gain_level = revenue_peak_gain(
        final, revenue["sweet_spot"], s["sweet_spot"]
    )
    if money and peak_gain_ci is not None and peak_gain_ci[0] > 0:
        # Revenue lags relationship quality (``leading_indicator``): where it still peaks later,
        # a manager reading the cost per hour should know that weekly revenue itself is
        # highest elsewhere on the grid; only where its peak beats the sweet spot's revenue
        # beyond the noise, allowing for its being the highest of the grid's noisy means (72.5 h
        # and then 47.5 h were named from 3 replications whose revenue beyond the sweet spot
        # showed no clear effect).
        answer += " " + say(
            "effort_sweet_spot.revenue.peak",
            lang,
            hours=hours(revenue["sweet_spot"], lang),
            edge=say("effort_sweet_spot.revenue.peak.edge", lang)
            if revenue["at_grid_edge"]
            else "",
        )
    fig, ax = line_chart(
        say("effort_sweet_spot.title", lang),
        say("axis.customer_hours", lang),
        say("curve.y", lang, after=after_weeks(weeks_run, lang)),
    )
    plot_band(ax, final, EFFORT, RP, say("legend.mean", lang), PALETTE[0], lang)
    # The sweet spot's interval where the answer gives one; where not, the legend says why.
    spot_label = say("legend.sweet_spot", lang)
    if interval is None:
        spot_label = say("legend.sweet_spot.no_ci", lang, ci=ci)
    ax.axvline(s["sweet_spot"], color=PALETTE[1], ls="--", label=spot_label)
    if interval is not None:
        ax.axvspan(*interval, color=PALETTE[1], alpha=0.1, label=say("legend.sweet_spot.ci", lang))
    legend(ax, lang)
    return Answer(
        question=say("effort_sweet_spot.question", lang),
        answer=answer,
        numbers={
            "sweet_spot_hours": s["sweet_spot"],
            "sweet_spot_ci": interval,
            "sweet_spot_at_grid_edge": s["at_grid_edge"],
            "sweet_spot_ci_at_grid_edge": s["interval_at_grid_edge"],
            "cost_per_extra_hour": cost if np.isfinite(cost) else None,
            "cost_ci": [cost_lo, cost_hi] if np.isfinite(cost) else None,
            "best_relationship_quality": s["best_mean"],
            "revenue_sweet_spot_hours": revenue["sweet_spot"],
            "revenue_peak_gain_over_sweet_spot": peak_gain,
            "revenue_peak_gain_over_sweet_spot_ci": peak_gain_ci,
            "revenue_peak_gain_over_sweet_spot_ci_level": peak_gain_level,
            "revenue_sweet_spot_at_grid_edge": revenue["at_grid_edge"],
            **money_numbers,
        },
        assumptions=[
            assumed_team,
            say("effort_sweet_spot.assume.spot", lang),
            say("effort_sweet_spot.assume.cost", lang),
            *([money_assumption(team, lang)] if money else []),
        ],
        figure=fig,
        lang=lang,
    )


def reps_following_team_effort(reps: Any) -> int:
    """How many reps work the team's effort (``reps.effort_hours``), which the study varies: all
    of them, or those of the profiles that set no effort of their own."""
    if not reps.profiles:
        return int(reps.count)
    counts = profile_counts([p.share for p in reps.profiles], reps.count)
    return int(sum(n for n, p in zip(counts, reps.profiles, strict=True) if p.effort_hours is None))


def money_assumption(reps: Any, lang: str = "en") -> str:
    varied = count("rep", reps_following_team_effort(reps), lang)
    return say("effort_sweet_spot.assume.revenue", lang, reps=varied)


def hour_money(
    final: pd.DataFrame, start: float, reps: Any, weeks_run: int, lang: str = "en"
) -> tuple[str, dict[str, Any]]:
    """What an extra hour of a rep's week beyond the sweet spot ``start`` brings in revenue (€
    of that week's revenue per hour worked, with its 95 % interval): the slope of the team's
    weekly revenue (k€) against effort (h/week per rep) over the efforts from ``start`` on,
    divided by the reps that work the team's effort. The sentence, and the answer's numbers
    (None where fewer than three efforts lie beyond, or no rep works the team's effort)."""
    varied = reps_following_team_effort(reps)
    slope, interval = slope_beyond(final, start, "revenue")
    if not varied or not np.isfinite(slope):
        return "", {"revenue_per_extra_hour_eur": None, "revenue_per_extra_hour_ci": None}
    value, low, high = (1000 * v / varied for v in (slope, *interval))
    run = weeks(weeks_run, lang)  # "52 weeks", "1 week"
    # whole euros, unless an end of the interval is small: "0 € to 13 €" read as "maybe nothing"
    digits = ".0f" if min(abs(low), abs(high)) >= 10 else ".1f"
    if open_direction((low, high)):  # signed: its direction is what is open
        eur = number(value, lang, "+" + digits) + " €"
        ci = ci_text((low, high), lang, digits, " €")
        text = say("effort_sweet_spot.revenue.open", lang, eur=eur, ci=ci, weeks=run)
    else:  # the amount, its direction in the verb (brings, costs)
        key = "effort_sweet_spot.revenue." + ("gain" if value > 0 else "loss")
        eur = f"{number(abs(value), lang, digits)} €"
        ci = ci_text((low, high) if value > 0 else (-high, -low), lang, digits, " €")
        text = say(key, lang, eur=eur, ci=ci, weeks=run)
    numbers = {"revenue_per_extra_hour_eur": value, "revenue_per_extra_hour_ci": [low, high]}
    return text, numbers


def _arm(frame: pd.DataFrame, **values) -> pd.DataFrame:
    mask = np.ones(len(frame), dtype=bool)
    for name, value in values.items():
        mask &= np.isclose(frame[name].to_numpy(dtype=float), value)
    return frame[mask]


def first_lasting_lead(a: pd.Series, b: pd.Series, after: float | None = None) -> int | None:
    """The first week (after week ``after``, if given) from which series ``a`` stays above ``b``
    to the end; None if never."""
    return first_lasting_week(a > b, after)


def first_lasting_week(flags: pd.Series, after: float | None = None) -> int | None:
    """The first week (after week ``after``, if given) from which ``flags`` holds to the end;
    None if never."""
    weeks = [w for w in flags.index if after is None or w > after]
    return next((int(w) for w in weeks if flags.loc[w:].all()), None)


def clearly_ahead(a: pd.DataFrame, b: pd.DataFrame, metric: str = RP) -> pd.Series | None:
    """Week by week, whether the 95 % Welch interval of ``a`` − ``b`` (runs of two arms, one
    row per run and week) lies above zero; None where an arm has a single replication (no
    interval). Every week of a stretch above zero is a claim of its own at 95 %, so "ahead in
    every week from week N on" holds at 95 % as a whole (an intersection-union test)."""
    by_week_a, by_week_b = a.groupby("week")[metric], b.groupby("week")[metric]
    above = {}
    for week, values in by_week_a:
        _, interval = diff_ci(values.to_numpy(), by_week_b.get_group(week).to_numpy())
        if interval is None:
            return None
        above[int(week)] = interval[0] > 0
    return pd.Series(above).sort_index()


def coaching_payoff(
    means: pd.DataFrame,
    start_week: int,
    duration_weeks: int,
    base_effort: float,
    more_effort: float,
    lang: str = "en",
    clear: pd.Series | None = None,
) -> tuple[str, dict[str, int | None]]:
    """When the programme pays off, said so that the programme gets credit only for its own
    effect: weekly mean relationship quality of the arms "coached", "more effort" and "as is".

    Against doing nothing, the programme can only pay off once it runs (after ``start_week``).
    Against more effort, a lead that begins before the programme comes from the lower effort,
    not from coaching, where the uncoached team at that effort leads too; where it does not, the
    lead is chance between the runs. The sentence says which.

    ``clear`` (``clearly_ahead`` of the coached team against doing nothing): from which week
    the coached team is ahead beyond the runs' noise, said beside the week its mean leads from
    (a mean ahead by 0.001 is a lead within the noise).
    """
    first, last = start_week + 1, start_week + duration_weeks
    programme = say("coaching.programme", lang, first=first, last=last)
    vs_as_is = first_lasting_lead(means["coached"], means["as is"], after=start_week)
    vs_more = first_lasting_lead(means["coached"], means["more effort"])
    effort_lead = first_lasting_lead(means["as is"], means["more effort"])
    clearly = None if clear is None else first_lasting_week(clear, after=start_week)
    extra = say("coaching.extra", lang, hours=number(more_effort - base_effort, lang))
    parts = [
        say("coaching.vs_as_is", lang, programme=programme, week=vs_as_is)
        + _clearly(vs_as_is, clear, clearly, lang)
        if vs_as_is is not None
        else say("coaching.vs_as_is.never", lang, programme=programme)
    ]
    if vs_more is None:
        parts.append(say("coaching.vs_more.never", lang, extra=extra))
    elif vs_more <= start_week:
        # The hours explain a lead that begins before the programme only if the uncoached team
        # at the same hours leads too; otherwise it is chance between the runs.
        hours_lead = effort_lead is not None and effort_lead <= start_week
        parts.append(
            say(
                "coaching.vs_more.before" if hours_lead else "coaching.vs_more.chance",
                lang,
                extra=extra,
                week=vs_more,
                base=hours(base_effort, lang),
                more=hours(more_effort, lang),
            )
        )
    else:
        parts.append(say("coaching.vs_more.lead", lang, extra=extra, week=vs_more))
    numbers = {
        "payoff_week_vs_as_is": vs_as_is,
        "payoff_week_vs_as_is_clearly": clearly,
        "payoff_week_vs_more_effort": vs_more,
        "less_effort_ahead_from_week": effort_lead,
    }
    return say("coaching.join", lang).join(parts), numbers


def _clearly(week: int | None, clear: pd.Series | None, clearly: int | None, lang: str) -> str:
    """Whether the lead from ``week`` on is beyond the noise (``coaching_payoff``): nothing
    without intervals."""
    if clear is None or week is None:
        return ""
    if clearly is None:
        return say("coaching.clearly.never", lang)
    if clearly == week:
        return say("coaching.clearly.then", lang)
    return say("coaching.clearly.later", lang, week=clearly)


def coaching(results: pd.DataFrame, sweep: Sweep, rng, lang: str = "en") -> Answer:
    gains = sorted(results["coaching.perception_gain"].unique())
    efforts = sorted(results[EFFORT].unique())
    base_effort, more_effort = efforts[0], efforts[-1]
    gain = gains[-1]
    coached = _arm(results, **{"coaching.perception_gain": gain, EFFORT: base_effort})
    pushed = _arm(results, **{"coaching.perception_gain": 0.0, EFFORT: more_effort})
    status = _arm(results, **{"coaching.perception_gain": 0.0, EFFORT: base_effort})
    means = pd.DataFrame(
        {
            "coached": coached.groupby("week")[RP].mean(),
            "more effort": pushed.groupby("week")[RP].mean(),
            "as is": status.groupby("week")[RP].mean(),
        }
    )
    c = sweep.base.coaching
    when, weeks_numbers = coaching_payoff(
        means, c.start_week, c.duration_weeks, base_effort, more_effort, lang,
        clear=clearly_ahead(coached, status),
    )  # fmt: skip
    weeks_run = int(results["week"].max())
    # The fourth arm the study runs: the programme at the higher effort.
    coached_more = _arm(results, **{"coaching.perception_gain": gain, EFFORT: more_effort})
    # each arm's runs in the last week, taken once
    end_c, end_p, end_s, end_cm = (final_rows(a) for a in (coached, pushed, status, coached_more))
    d, d_ci = diff_ci(end_c[RP], end_p[RP])
    r, r_ci = diff_ci(end_c["revenue"], end_p["revenue"])
    # The difference is two effects: the hours the coached team works less, and the programme.
    h, h_ci = diff_ci(end_s[RP], end_p[RP])
    p, p_ci = diff_ci(end_c[RP], end_s[RP])
    q, q_ci = diff_ci(end_cm[RP], end_p[RP])
    # Where the programme does more at one effort than at the other, hours and programme
    # interact and the split above depends on its order: the other order is said too.
    x, x_ci = contrast_ci([end_cm[RP], end_p[RP], end_c[RP], end_s[RP]], [1, -1, -1, 1])
    k, k_ci = diff_ci(end_c[RP], end_cm[RP])
    base, more = hours(base_effort, lang), hours(more_effort, lang)
    uncoached_more = say("coaching.reference", lang, hours=more)
    uncoached_base = say("coaching.reference", lang, hours=base)
    answer = (
        say(
            "coaching.answer",
            lang,
            duration=c.duration_weeks,
            gain=number(gain, lang),
            training=number(c.hours_per_week, lang),
            base=base,
            # a team file's or scenario's empathy the study replaces is easy to miss below
            empathy=empathy_text(sweep.base.reps, lang),
            when=when,
            When=capitalised(when),
            weeks=weeks_run,
            more=more,
            quality=effect(d, d_ci, lang, reference=uncoached_more),
            revenue=effect(r, r_ci, lang, ".1f", " k€", reference=uncoached_more),
        )
        + say(
            "coaching.split",
            lang,
            hours_part=effect(h, h_ci, lang, reference=uncoached_more),
            less=hours(more_effort - base_effort, lang),
            more=more,
            programme=effect(p, p_ci, lang, reference=uncoached_base),
            base=base,
        )
        + say(
            "coaching.at_more",
            lang,
            more=more,
            programme=effect(q, q_ci, lang, reference=uncoached_more),
        )
        + (
            say(
                "coaching.interact",
                lang,
                interaction=effect(x, x_ci, lang, reference=""),
                more=more,
                base=base,
                programme=number(q, lang, "+.3f"),
                less=hours(more_effort - base_effort, lang),
                hours_coached=effect(
                    k, k_ci, lang, reference=say("coaching.coached_at", lang, hours=more)
                ),
            )
            if x_ci is not None and not open_direction(x_ci)
            else ""
        )
    )
    fig, ax = line_chart(
        say("coaching.title", lang), say("chart.week", lang), say("axis.quality", lang)
    )
    for (label, frame), colour in zip(
        (
            (say("coaching.coached", lang), coached),
            (say("coaching.more", lang, hours=number(more_effort - base_effort, lang)), pushed),
            (say("coaching.as_is", lang), status),
        ),
        PALETTE,
        strict=False,
    ):
        plot_band(ax, frame, "week", RP, label, colour, lang)
    ax.axvspan(
        c.start_week,
        c.start_week + c.duration_weeks,
        color="grey",
        alpha=0.1,
        label=say("coaching.programme_band", lang),
    )
    payoff = weeks_numbers["payoff_week_vs_as_is"]
    if payoff is not None:
        ax.axvline(payoff, color="black", ls=":", label=say("coaching.pays_off", lang, week=payoff))
    legend(ax, lang)
    return Answer(
        question=say("coaching.question", lang),
        answer=answer,
        numbers={
            **weeks_numbers,
            "relationship_difference": d,
            "relationship_ci": d_ci,
            "revenue_difference": r,
            "revenue_ci": r_ci,
            "relationship_difference_of_hours": h,
            "relationship_difference_of_hours_ci": h_ci,
            "relationship_difference_of_programme": p,
            "relationship_difference_of_programme_ci": p_ci,
            "relationship_difference_of_programme_at_more_effort": q,
            "relationship_difference_of_programme_at_more_effort_ci": q_ci,
            "relationship_interaction_of_hours_and_programme": x,
            "relationship_interaction_of_hours_and_programme_ci": x_ci,
            "relationship_difference_of_hours_with_coaching": k,
            "relationship_difference_of_hours_with_coaching_ci": k_ci,
        },
        assumptions=[
            say("coaching.assume.hours", lang),
            say("coaching.assume.gains", lang),
            say("coaching.assume.team", lang, empathy=empathy_text(sweep.base.reps, lang)),
        ],
        figure=fig,
        lang=lang,
    )


def replaced_reps(base: Scenario, share: float) -> list[str]:
    """The profile of each rep that hires at ``share`` replace in ``base``'s team ("team" where
    it has no profiles): the model's own choice (``sim.population.hired_reps``), the last
    ``round(share × count)`` reps of the team."""
    scenario = base.model_copy(update={"hiring": base.hiring.model_copy(update={"share": share})})
    names, _ = team_means(scenario)
    return [names[i] for i in hired_reps(scenario)]


def replaced_text(base: Scenario, share: float, lang: str = "en") -> tuple[str, str]:
    """The share of the team that hires at ``share`` replace, as the answer says it ("50%"), and
    who they are where the percentage alone would mislead: the reps' count where ``share`` of the
    team is no whole number of reps (half of 5 reps is 2), the profiles they come from where the
    team has profiles (the last reps may all be its high-EI ones)."""
    replaced, count = replaced_reps(base, share), base.reps.count
    said = percent(len(replaced) / count, lang)
    if base.reps.profiles:
        profiles = joined(
            [
                say("hiring.who.profile", lang, n=n, name=profile_name(name, lang))
                for name, n in Counter(replaced).items()
            ],
            lang,
        )
        who = say("hiring.who.profiles", lang, n=len(replaced), count=count, profiles=profiles)
        return said, who
    if np.isclose(len(replaced), share * count):
        return said, ""
    return said, say("hiring.who", lang, n=len(replaced), count=count)


# What the hiring study compares, each with how its effect is written.
HIRING_METRICS = {RP: (".3f", ""), "churned": (".0f", ""), "revenue": (".1f", " k€")}


def hiring_arm(
    final: pd.DataFrame, none: pd.DataFrame, share: float, base: Scenario, lang: str = "en"
) -> tuple[dict[str, Any], str]:
    """One share of hires against the team without hires (``none``) at the last week: its
    means with their intervals (the figure's bands), its differences with theirs, and the
    answer's sentence about it."""
    arm = _arm(final, **{"hiring.share": share})
    row: dict[str, Any] = {
        "share": float(share),
        "replaced_reps": len(replaced_reps(base, share)),
        "means": {},
    }
    effects = {}
    reference = say("hiring.reference", lang)
    for metric, (spec, unit) in HIRING_METRICS.items():
        mean, low, high = mean_interval(arm[metric])
        with_ci = arm[metric].notna().sum() >= 2
        row["means"][metric] = {
            "mean": float(mean),
            "ci": [float(low), float(high)] if with_ci else None,
        }
        d, interval = diff_ci(arm[metric], none[metric])
        row[f"{metric}_difference"], row[f"{metric}_ci"] = d, interval
        effects[metric] = effect(d, interval, lang, spec, unit, reference=reference)
    share_said, who = replaced_text(base, share, lang)
    part = say(
        "hiring.arm",
        lang,
        share=share_said,
        who=who,
        quality=effects[RP],
        churned=effects["churned"],
        revenue=effects["revenue"],
    )
    return row, part


def hiring(results: pd.DataFrame, sweep: Sweep, rng, lang: str = "en") -> Answer:
    shares = sorted(results["hiring.share"].unique())
    final = final_rows(results)
    none = _arm(final, **{"hiring.share": shares[0]})
    metrics = tuple(HIRING_METRICS)
    # Every share the study runs against the team without hires.
    arms, parts = [], []
    for share in shares[1:]:
        row, part = hiring_arm(final, none, share, sweep.base, lang)
        arms.append(row)
        parts.append(part)
    most = arms[-1]
    table = pd.DataFrame(
        [
            {
                "share": row["share"],
                "metric": metric,
                "without hires": float(none[metric].mean()),
                "with hires": row["means"][metric]["mean"],
                "difference": row[f"{metric}_difference"],
                "ci_low": row[f"{metric}_ci"][0] if row[f"{metric}_ci"] else np.nan,
                "ci_high": row[f"{metric}_ci"][1] if row[f"{metric}_ci"] else np.nan,
            }
            for row in arms
            for metric in metrics
        ]
    )
    h = sweep.base.hiring
    said = say("hiring.join", lang).join(parts)
    team = team_text(sweep.base.reps, lang)
    answer = say(
        "hiring.answer",
        lang,
        team=team,
        Team=capitalised(team),
        effort=effort_text(sweep.base.reps, lang),
        count=sweep.base.reps.count,
        perception=number(h.perception, lang),
        regulation=number(h.regulation, lang),
        week=h.week,
        weeks=int(results["week"].max()),
        arms=said,
        Arms=capitalised(said),
    )
    fig, ax = line_chart(
        say("hiring.title", lang), say("chart.week", lang), say("axis.quality", lang)
    )
    for share, colour in zip(shares, PALETTE, strict=False):
        plot_band(
            ax,
            _arm(results, **{"hiring.share": share}),
            "week",
            RP,
            say("hiring.share", lang, share=replaced_text(sweep.base, share, lang)[0]),
            colour,
            lang,
        )
    ax.axvline(h.week, color="black", ls=":", label=say("hiring.start", lang))
    legend(ax, lang)
    assumptions = [say("hiring.assume.portfolios", lang), say("hiring.assume.churn", lang)]
    if sweep.base.reps.profiles:
        order = joined(
            [profile_name(p.name, lang) for p in sweep.base.reps.profiles], lang, last=False
        )
        assumptions.append(say("hiring.assume.last", lang, profiles=order))
    replaced = replaced_reps(sweep.base, shares[-1])
    return Answer(
        question=say("hiring.question", lang),
        answer=answer,
        numbers={
            "share": shares[-1],
            # who that share is in this team: the reps replaced, of how many, from which profiles
            "replaced_reps": len(replaced),
            "team_reps": sweep.base.reps.count,
            "replaced_profiles": dict(Counter(replaced)) if sweep.base.reps.profiles else None,
            # the largest share's differences, as the worlds compare them
            **{f"{m}_difference": most[f"{m}_difference"] for m in metrics},
            **{f"{m}_ci": most[f"{m}_ci"] for m in metrics},
            "without_hires": {m: float(none[m].mean()) for m in metrics},
            "arms": arms,
        },
        assumptions=assumptions,
        figure=fig,
        details=table,
        lang=lang,
    )


def vicious_circle(interval: Sequence[float] | None, pushed_hours: bool) -> str:
    """Whether a team under pressure is in a vicious circle, as the answer says it: "circle"
    where the pressure pushes its hours and its relationship quality is clearly lower than
    without pressure; "not_pushed" or "better" (clearly higher) where it clearly is not;
    "unclear" where its interval holds zero (not clearly different is no evidence either way);
    "unknown" without an interval."""
    if interval is None:
        return "unknown"
    if not pushed_hours:
        return "not_pushed"
    if open_direction(interval):
        return "unclear"
    return "circle" if interval[1] < 0 else "better"


# Each state of ``vicious_circle`` as the question's yes (in a circle), no, or open (None).
IN_CIRCLE: dict[str, bool | None] = {
    "circle": True,
    "not_pushed": False,
    "better": False,
    "unclear": None,
    "unknown": None,
}


def pressure_verdict(low: bool | None, high: bool | None) -> str:
    """The question's answer from whether the low-EI and the high-EI team are in a vicious
    circle (None: open): "yes" only where the low-EI team clearly is and the high-EI team
    clearly is not, "no" where either half clearly fails, "open" otherwise."""
    if low is False or high is True:
        return "no"
    return "yes" if low is True and high is False else "open"


def pressure(results: pd.DataFrame, sweep: Sweep, rng, lang: str = "en") -> Answer:
    steps = sorted(results["management.pressure_step"].unique())
    levels = sorted(results["reps.perception"].unique())
    final = final_rows(results)
    parts: list[str] = []
    verdicts: list[str] = []
    numbers: dict[str, Any] = {}
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 5.8), dpi=120)
    for level, colour in zip(levels, PALETTE, strict=False):
        calm = _arm(final, **{"management.pressure_step": steps[0], "reps.perception": level})
        pushed = _arm(final, **{"management.pressure_step": steps[-1], "reps.perception": level})
        d, interval = diff_ci(pushed[RP], calm[RP])
        effort = pushed["effort_hours"].mean()
        start = calm["effort_hours"].mean()
        word = "low" if level < 0.5 else "high"
        team = say(f"pressure.team.{word}", lang)
        parts.append(
            say(
                "pressure.part",
                lang,
                team=team,
                level=number(level, lang),
                start=number(start, lang, ".0f"),
                end=number(effort, lang, ".0f"),
                quality=effect(d, interval, lang, reference=say("pressure.reference", lang)),
            )
        )
        circle = vicious_circle(interval, pushed_hours=round(effort) > round(start))
        # an unclear low-EI team leaves open whether it is caught, an unclear high-EI team
        # whether it is spared
        key = f"pressure.unclear.{word}" if circle == "unclear" else f"pressure.{circle}"
        verdicts.append(say(key, lang, team=team, ci=ci_text(interval, lang)))
        numbers[f"{word}_ei"] = {
            "effort_start": start,
            "effort_end": effort,
            "relationship_difference": d,
            "ci": interval,
            "vicious_circle": IN_CIRCLE[circle],
        }
        ei = say(f"pressure.ei.{word}", lang)
        series = _arm(results, **{"management.pressure_step": steps[-1], "reps.perception": level})
        # what pressure may push the team to (a team may start above it)
        most = (0.0, max(sweep.base.management.max_effort, series["effort_hours"].max()))
        plot_band(ax1, series, "week", "effort_hours", ei, colour, lang, limits=most)
        plot_band(ax2, series, "week", RP, say("pressure.pushed", lang, ei=ei), colour, lang)
        baseline = _arm(results, **{"management.pressure_step": steps[0], "reps.perception": level})
        ax2.plot(
            baseline.groupby("week")[RP].mean(),
            color=colour,
            ls=":",
            label=say("pressure.calm", lang, ei=ei),
        )
    week, quality = say("chart.week", lang), say("axis.quality", lang)
    ax1.set(title=say("pressure.title.effort", lang), xlabel=week, ylabel=say("curve.x", lang))
    ax2.set(title=say("pressure.title.quality", lang), xlabel=week, ylabel=quality)
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
        legend(ax, lang, fontsize=8)
    m = sweep.base.management
    said = say("pressure.join", lang).join(parts)
    # The question's yes or no: a vicious circle for the low-EI team and none for the high-EI.
    low, high = (numbers.get(f"{w}_ei", {}).get("vicious_circle") for w in ("low", "high"))
    verdict = pressure_verdict(low, high)
    numbers["answer"] = verdict
    clauses = say("pressure.join", lang).join(verdicts)
    answer = say(
        "pressure.answer",
        lang,
        step=number(steps[-1], lang),
        review=m.review_weeks,
        weeks=int(results["week"].max()),
        parts=said,
        Parts=capitalised(said),
    ) + say(f"pressure.verdict.{verdict}", lang, clauses=clauses, Clauses=capitalised(clauses))
    return Answer(
        question=say("pressure.question", lang),
        answer=answer,
        numbers=numbers,
        assumptions=[
            say(
                "pressure.assume.reviews",
                lang,
                review=m.review_weeks,
                cap=number(m.max_effort, lang),
            ),
            say("pressure.assume.empathy", lang),
        ],
        figure=fig,
        lang=lang,
    )


def sweet_spot_by(
    results: pd.DataFrame,
    sweep: Sweep,
    rng,
    axis: str,
    study: str,
    assumption: str,
    lang: str = "en",
    shown: Callable[[float, str], str] = number,
) -> Answer:
    """The sweet spot at each value of a second swept parameter ``axis``; ``study`` names the
    study, whose texts (``STUDY.label``, ``.value``, ``.at``, ``.question``) the answer uses,
    with the values written by ``shown`` (``percent`` for a share)."""
    final = final_rows(results)
    rows, fig_ax = (
        [],
        line_chart(
            say("by.title", lang, label=say(f"{study}.label", lang)),
            say("axis.customer_hours", lang),
            say("axis.quality", lang),
        ),
    )
    fig, ax = fig_ax
    for value, colour in zip(sorted(final[axis].unique()), PALETTE, strict=False):
        s = sweet_spot(_arm(final, **{axis: value}), rng)
        interval = s["sweet_spot_ci"]
        rows.append(
            {
                axis: float(value),
                "sweet_spot": s["sweet_spot"],
                "ci_low": interval[0] if interval else None,
                "ci_high": interval[1] if interval else None,
                "replications": s["replications"],
                "at_grid_edge": s["at_grid_edge"],
                "ci_at_grid_edge": s["interval_at_grid_edge"],
                "best_quality": s["best_mean"],
            }
        )
        label = say(f"{study}.value", lang, value=shown(value, lang))
        plot_band(ax, _arm(final, **{axis: value}), EFFORT, RP, label, colour, lang)
        ax.axvline(s["sweet_spot"], color=colour, ls="--", lw=1)
    legend(ax, lang)
    table = pd.DataFrame(rows)
    first, last = rows[0], rows[-1]
    grid = sorted(final[EFFORT].unique())

    def spot(row: dict[str, Any]) -> str:
        interval = None if row["ci_low"] is None else (row["ci_low"], row["ci_high"])
        return say(
            "by.spot",
            lang,
            hours=hours(row["sweet_spot"], lang),
            ci=ci_text(
                interval,
                lang,
                "g",
                " h",
                replications=row["replications"],
                needed=MIN_RESAMPLED,
                grid=grid,
            ),
        )

    def at(*values: float) -> str:
        return say(f"{study}.at", lang, value=joined([shown(v, lang) for v in values], lang))

    same = len({row["sweet_spot"] for row in rows}) == 1  # it does not move within the grid
    # every value between the first and the last, where the study runs more than two
    middle = joined([say("by.at", lang, spot=spot(r), at=at(r[axis])) for r in rows[1:-1]], lang)

    def at_best(row: dict[str, Any]) -> pd.Series:
        return _arm(final, **{axis: row[axis], EFFORT: row["sweet_spot"]})[RP]

    # Both best qualities are picked from the same runs that measure them, which a Welch
    # interval ignores; measured on planted curves at the studies' 10 replications, it still
    # covers a true difference of 0 in 97-100 % of datasets where both arms have the same curve
    # and about 90 % where one has a flat top and the other a peak (a bootstrap that picks the
    # best again in each resample covered 80-93 %). tests/test_studies.py checks it.
    change, change_ci = diff_ci(at_best(last), at_best(first))
    answer = say(
        "by.same" if same else "by.answer",
        lang,
        weeks=weeks(int(results["week"].max()), lang),
        first=spot(first),
        first_at=at(first[axis]),
        via=say("by.via", lang, middle=middle) if middle and not same else "",
        last=spot(last),
        last_at=at(last[axis]),
        first_quality=number(first["best_quality"], lang, ".3f"),
        last_quality=number(last["best_quality"], lang, ".3f"),
        change=effect(
            change, change_ci, lang, reference=say("by.reference", lang, at=at(first[axis]))
        ),
    )
    efforts = final[EFFORT].unique()
    for edge in ("lowest", "highest"):
        found = [row[axis] for row in rows if row["at_grid_edge"] == edge]
        if found:
            answer += say(
                "by.edge", lang, at=at(*found), edge=edge_clause(edge, efforts, "one", lang)
            )
        reaching = [row[axis] for row in rows if row["ci_at_grid_edge"] == edge]
        if reaching:
            answer += say(
                "by.edge.reach",
                lang,
                at=at(*reaching),
                edge=edge_clause(edge, efforts, "one", lang, reach=True),
            )
    return Answer(
        question=say(f"{study}.question", lang),
        answer=answer,
        numbers={
            "sweet_spots": rows,
            "best_quality_difference": change,
            "best_quality_difference_ci": change_ci,
        },
        assumptions=[assumption],
        figure=fig,
        details=table,
        lang=lang,
    )


def customer_mix(results, sweep, rng, lang: str = "en") -> Answer:
    c = sweep.base.channels
    per_contact = ", ".join(  # not the German list's "; ": each value carries its unit
        say(
            "customer_mix.hours",
            lang,
            channel=say(f"customer_mix.channel.{n}", lang),
            hours=hours(h, lang),
        )
        for n, h in zip(CHANNELS, c.hours, strict=True)
    )
    assumption = say(
        "customer_mix.assume",
        lang,
        schedule=c.schedule,
        call_share=percent(c.call_share, lang),
        hours=per_contact,
        visit_weight=number(c.visit_weight, lang),
        email_weight=number(c.email_weight, lang),
    )
    return sweet_spot_by(
        results, sweep, rng, "channels.email_share", "customer_mix", assumption, lang, percent
    )


def portfolio_size(results, sweep, rng, lang: str = "en") -> Answer:
    return sweet_spot_by(
        results,
        sweep,
        rng,
        "customers.per_rep",
        "portfolio_size",
        say("portfolio_size.assume", lang),
        lang,
    )


# Weeks of the moving mean both series are compared on: purchases are lumpy. Centred (the week
# and 4 on either side) and the same for both, so that no lead comes from the smoothing: a
# trailing mean of revenue alone put about half its width (3.5 weeks of 8) into every lead.
REVENUE_WINDOW = 9
TRENDS = {RP: "quality_trend", "revenue": "revenue_trend"}


def _by_run(frame: pd.DataFrame, metric: str) -> pd.DataFrame:
    """One row per run, one column per week."""
    return frame.pivot_table(index="run_key", columns="week", values=metric)


def lead_weeks(
    reference: dict[str, pd.DataFrame], harmful: dict[str, pd.DataFrame], rows=None
) -> tuple[int | None, int | None]:
    """First weeks from which the harmful arm's smoothed mean relationship quality and revenue
    stay below the reference arm's; ``rows`` picks runs (a bootstrap resample) per arm."""
    weeks = []
    for metric in TRENDS.values():
        a, b = reference[metric], harmful[metric]
        if rows is not None:
            a, b = a.iloc[rows[0]], b.iloc[rows[1]]
        week = first_lasting_lead(a.mean(), b.mean())
        # In a run's last half window the centred mean sees only the weeks before: a series
        # behind only there has not fallen behind for good within the run.
        judged = int(a.columns.max()) - REVENUE_WINDOW // 2
        weeks.append(week if week is not None and week <= judged else None)
    return weeks[0], weeks[1]


def _lead_clause(row: dict[str, Any], lang: str = "en") -> str:
    """One harmful effort's weeks and lead, in words."""
    rp, revenue = row["relationship_falls_week"], row["revenue_falls_week"]
    effort = hours(row["effort"], lang)
    if rp is None or not np.isfinite(rp):
        return say(
            "leading_indicator.never", lang, effort=effort, best=hours(row["best_effort"], lang)
        )
    falls = say(
        "leading_indicator.falls",
        lang,
        effort=effort,
        week=number(rp, lang, ".0f"),
        best=hours(row["best_effort"], lang),
    )
    if revenue is None or not np.isfinite(revenue):
        return say("leading_indicator.revenue_never", lang, falls=falls)
    ci = row["lead_ci"]
    if ci and open_direction(ci):  # revenue may fall first as well
        ci_part = say("leading_indicator.ci.open", lang, ci=ci_text(ci, lang, ".0f"))
    elif ci:
        ci_part = say("leading_indicator.ci", lang, ci=ci_text(ci, lang, ".0f"))
    elif row["replications"] < MIN_RESAMPLED:
        missing = ci_text(None, lang, replications=row["replications"], needed=MIN_RESAMPLED)
        ci_part = say("leading_indicator.ci", lang, ci=missing)
    else:
        ci_part = say("leading_indicator.ci.rare", lang)
    return say(
        "leading_indicator.clause",
        lang,
        falls=falls,
        week=number(revenue, lang, ".0f"),
        lead=weeks(row["lead_weeks"], lang, ".0f"),
        ci=ci_part,
    )


def _with_trend(results: pd.DataFrame) -> pd.DataFrame:
    """The results sorted by run and week, with relationship quality and revenue each smoothed
    by the same centred mean over ``REVENUE_WINDOW`` weeks (fewer at a run's ends): ``TRENDS``."""
    results = results.sort_values(["run_key", "week"])
    by_run = results.groupby("run_key")
    return results.assign(
        **{
            trend: by_run[metric].transform(
                lambda r: r.rolling(REVENUE_WINDOW, center=True, min_periods=1).mean()
            )
            for metric, trend in TRENDS.items()
        }
    )


def lead_settings(
    results: pd.DataFrame, rng: np.random.Generator | None = None
) -> tuple[list[dict[str, Any]], np.ndarray]:
    """For each tolerance, the best effort and every harmful effort's weeks and lead.

    Args:
        results: weekly runs with their ``TRENDS`` (``_with_trend``).
        rng: with a generator, each lead gets a bootstrap interval over the replications (from
            ``MIN_RESAMPLED`` of them on each side).

    Returns:
        One row per harmful setting, and the bootstrap draws of each setting's lead (settings ×
        resamples; empty without ``rng``).
    """
    rows, draws = [], []
    for tolerance, best in best_efforts(results).items():
        group = _arm(results, **{"customers.tolerance": tolerance})
        reference = {m: _by_run(_arm(group, **{EFFORT: best}), m) for m in TRENDS.values()}
        for effort in sorted(e for e in group[EFFORT].unique() if e > best):
            harmful = {m: _by_run(_arm(group, **{EFFORT: effort}), m) for m in reference}
            rp_week, revenue_week = lead_weeks(reference, harmful)
            sizes = (len(reference[TRENDS[RP]]), len(harmful[TRENDS[RP]]))
            lead_draws: list[float] = []
            if rng is not None and min(sizes) < MIN_RESAMPLED:  # too few to resample
                lead_draws = [np.nan] * (BOOTSTRAP // 10)
            elif rng is not None:
                for _ in range(BOOTSTRAP // 10):
                    resample = (
                        rng.integers(0, sizes[0], sizes[0]),
                        rng.integers(0, sizes[1], sizes[1]),
                    )
                    a, b = lead_weeks(reference, harmful, resample)
                    lead_draws.append(np.nan if a is None or b is None else b - a)
            boots = np.asarray(lead_draws, float)
            found = boots[np.isfinite(boots)]
            draws.append(boots)
            lead = None if rp_week is None or revenue_week is None else revenue_week - rp_week
            rows.append(
                {
                    "tolerance": float(tolerance),
                    "best_effort": best,
                    "effort": float(effort),
                    "replications": min(sizes),
                    "relationship_falls_week": rp_week,
                    "revenue_falls_week": revenue_week,
                    "lead_weeks": lead,
                    # no interval around a lead the runs do not show (the resamples where
                    # revenue falls are told by the share below)
                    "lead_ci": [float(np.quantile(found, 0.025)), float(np.quantile(found, 0.975))]
                    if found.size >= 20 and lead is not None
                    else None,
                    "share_of_resamples_where_revenue_falls": (
                        float(found.size / boots.size)
                        if boots.size and min(sizes) >= MIN_RESAMPLED
                        else None
                    ),
                }
            )
    return rows, (np.vstack(draws) if draws and rng is not None else np.empty((0, 0)))


def best_efforts(results: pd.DataFrame) -> dict[float, float]:
    """Each tolerance's best effort: the highest relationship quality averaged over the run."""
    return {
        float(tolerance): float(group.groupby(EFFORT)[RP].mean().idxmax())
        for tolerance, group in results.groupby("customers.tolerance")
    }


def median_lead(results: pd.DataFrame) -> float:
    """The median lead in weeks over the harmful settings of these runs (NaN if none)."""
    rows, _ = lead_settings(_with_trend(results))
    leads = [row["lead_weeks"] for row in rows if row["lead_weeks"] is not None]
    return float(np.median(leads)) if leads else float("nan")


def median_lead_ci(draws: np.ndarray) -> list[float] | None:
    """A 95 % interval of the median lead from the settings' bootstrap draws (resample b of
    every setting together), or None if revenue rarely falls behind in the resamples."""
    if draws.size == 0:
        return None
    with np.errstate(all="ignore"):
        medians = [np.nanmedian(column) for column in draws.T if np.isfinite(column).any()]
    if len(medians) < 20:
        return None
    return [float(np.quantile(medians, 0.025)), float(np.quantile(medians, 0.975))]


def leading_indicator(results: pd.DataFrame, sweep: Sweep, rng, lang: str = "en") -> Answer:
    results = _with_trend(results)
    tolerances = sorted(results["customers.tolerance"].unique())
    written = dict(zip(tolerances, numbers(tolerances, lang), strict=True))  # all alike
    rows, draws = lead_settings(results, rng)
    table = pd.DataFrame(rows)
    leads = table["lead_weeks"].dropna().astype(float) if rows else pd.Series(dtype=float)
    efforts = results[EFFORT].unique()
    bests: list[dict[str, Any]] = [
        {"tolerance": t, "best_effort": b, "at_grid_edge": grid_edge(b, efforts)}
        for t, b in best_efforts(results).items()
    ]
    own_tolerance = sweep.base.customers.tolerance
    scenario = (
        say("scenario.given", lang, scenario=Path(sweep.file.base or "").name)
        if scenario_given("leading_indicator", sweep)
        else say("scenario.default", lang)
    )
    team = sweep.base.reps
    default = [r for r in rows if np.isclose(r["tolerance"], own_tolerance)]
    own = next((b for b in bests if np.isclose(b["tolerance"], own_tolerance)), None)
    run_own = any(np.isclose(t, own_tolerance) for t in tolerances)
    if not run_own:  # the scenario's tolerance is not among the study's: say so, claim nothing
        head = say(
            "leading_indicator.not_run",
            lang,
            scenario=scenario,
            own=number(own_tolerance, lang),
            tolerances=joined(list(written.values()), lang),
        )
    elif default:
        clauses = say("leading_indicator.join", lang).join(
            _lead_clause(row, lang) for row in default
        )
        head = say(
            "leading_indicator.head",
            lang,
            team=team_text(team, lang, "leading_indicator.team"),
            scenario=scenario,
            best=hours(default[0]["best_effort"], lang),
            clauses=clauses,
            Clauses=capitalised(clauses),
        )
    else:
        head = say("leading_indicator.none_harmful", lang, scenario=scenario)
    if own is not None and own["at_grid_edge"]:
        head += say(
            "leading_indicator.own_edge",
            lang,
            hours=hours(own["best_effort"], lang),
            edge=edge_clause(own["at_grid_edge"], efforts, "best_effort", lang),
        )
    never = int(table["lead_weeks"].isna().sum())
    spread = (
        say(
            "leading_indicator.spread",
            lang,
            count=len(table),
            tolerances=joined(list(written.values()), lang, last=False),
            low=number(leads.min(), lang),
            high=number(leads.max(), lang),
            median=number(leads.median(), lang),
        )
        + (say("leading_indicator.spread.never", lang, never=never) if never else "")
        if not leads.empty
        else say("leading_indicator.no_spread", lang)
    )
    for edge in ("lowest", "highest"):  # the other tolerances' best efforts at the grid's ends
        at = [written[b["tolerance"]] for b in bests if b["at_grid_edge"] == edge and b is not own]
        if at:
            spread += say(
                "leading_indicator.other_edge",
                lang,
                tolerances=joined(at, lang),
                edge=edge_clause(edge, efforts, "best_effort", lang),
            )
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 5.8), dpi=120)
    # the scenario's tolerance, or the study's nearest to it where it did not run that one
    shown = min(tolerances, key=lambda t: abs(t - own_tolerance))
    group = _arm(results, **{"customers.tolerance": shown})
    for effort, colour in zip(sorted(group[EFFORT].unique()), PALETTE, strict=False):
        arm = _arm(group, **{EFFORT: effort})
        label = say("leading_indicator.effort", lang, hours=hours(effort, lang))
        plot_band(ax1, arm, "week", RP, label, colour, lang)
        plot_band(ax2, arm, "week", "revenue_trend", label, colour, lang)
    week = say("chart.week", lang)
    ax1.set(
        title=say("leading_indicator.title.quality", lang),
        xlabel=week,
        ylabel=say("axis.quality", lang),
    )
    ax2.set(
        title=say("leading_indicator.title.revenue", lang, window=REVENUE_WINDOW),
        xlabel=week,
        ylabel=say("leading_indicator.revenue_axis", lang),
    )
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
        legend(ax, lang, fontsize=8)
    return Answer(
        question=say("leading_indicator.question", lang),
        answer=head + spread + ".",
        numbers={
            "settings": rows,
            "best_effort_by_tolerance": bests,
            "median_lead_weeks": (float(leads.median()) if not leads.empty else None),
            "median_lead_ci": median_lead_ci(draws),
        },
        assumptions=[
            say(
                "leading_indicator.assume.team",
                lang,
                Team=capitalised(
                    say("team.profiles" if sets_empathy(team) else "leading_indicator.team", lang)
                ),
                empathy=empathy_text(team, lang),
            ),
            say(
                "leading_indicator.assume.falls",
                lang,
                window=REVENUE_WINDOW,
                half=REVENUE_WINDOW // 2,
                resamples=BOOTSTRAP // 10,
            ),
            say(
                "leading_indicator.assume.parameters",
                lang,
                scenario=scenario,
                variations=joined(
                    [w for t, w in written.items() if not np.isclose(t, own_tolerance)],
                    lang,
                ),
            ),
        ],
        figure=fig,
        details=table,
        lang=lang,
    )


# --- the answers over plausible worlds ------------------------------------------------------------


@dataclass(frozen=True)
class WorldQuestion:
    """How a study's headline number is computed in one world, and how it is shown.

    The number's name, as the sentence uses it, is the study text ``worlds.what.NAME``.

    Attributes:
        answer: the number from one world's results (every design point, that world's runs).
        noise: the Monte Carlo 95 % interval of the number, from the answer's ``numbers``
            (None where the answer has none).
        show: a value as text in a language.
        draw: adds the worlds to the study's figure in a language (optional).
        undefined: the study text saying why a world may have no answer.
        resampled: whether the interval is a bootstrap's (none from fewer than
            ``MIN_RESAMPLED`` replications).
        signed: whether the number's sign is the answer's direction (a difference): then the
            worlds in which it has the other sign than the Monte Carlo interval are counted.
    """

    answer: Callable[[pd.DataFrame], float]
    noise: Callable[[dict[str, Any]], Sequence[float] | None]
    show: Callable[[float, str], str]
    draw: Callable[[Any, pd.DataFrame, Spread, str], None] | None = None
    undefined: str = "worlds.undefined"
    resampled: bool = False
    signed: bool = False


def _best_effort(frame: pd.DataFrame) -> float:
    return float(final_rows(frame).groupby(EFFORT)[RP].mean().idxmax())


def _final_difference(frame: pd.DataFrame, better: dict, worse: dict, metric: str = RP) -> float:
    final = final_rows(frame)
    return float(_arm(final, **better)[metric].mean() - _arm(final, **worse)[metric].mean())


def _coaching_difference(frame: pd.DataFrame) -> float:
    gain, efforts = "coaching.perception_gain", sorted(frame[EFFORT].unique())
    return _final_difference(
        frame,
        {gain: frame[gain].max(), EFFORT: efforts[0]},
        {gain: 0.0, EFFORT: efforts[-1]},
    )


def _hiring_difference(frame: pd.DataFrame) -> float:
    shares = sorted(frame["hiring.share"].unique())
    return _final_difference(frame, {"hiring.share": shares[-1]}, {"hiring.share": shares[0]})


def _pressure_difference(frame: pd.DataFrame) -> float:
    step, low = "management.pressure_step", frame["reps.perception"].min()
    return _final_difference(
        frame,
        {step: frame[step].max(), "reps.perception": low},
        {step: frame[step].min(), "reps.perception": low},
    )


def _weeks_text(value: float, lang: str) -> str:
    return weeks(value, lang) if np.isfinite(value) else "–"


def _difference_text(value: float, lang: str) -> str:
    return number(value, lang, "+.3f")


def _draw_sweet_spots(ax, worlds: pd.DataFrame, result: Spread, lang: str = "en") -> None:
    """Each world's curve, faint, and the range of sweet spots in 90 % of worlds."""
    curves = final_rows(worlds).pivot_table(index=EFFORT, columns="world", values=RP)
    for i, world in enumerate(curves.columns):
        ax.plot(
            curves.index,
            curves[world],
            color="grey",
            lw=0.6,
            alpha=0.35,
            label=say("legend.worlds", lang, count=curves.shape[1]) if i == 0 else None,
        )
    ax.axvspan(result.low, result.high, color=PALETTE[2], alpha=0.07)
    # from fewer than 20 worlds the 5–95 % range has no world outside it: all of them, as the
    # answer says ("90 % of worlds" contradicted it)
    label = (
        say("legend.worlds_range", lang)
        if result.worlds >= 20
        else say("legend.worlds_range.all", lang, count=result.worlds)
    )
    for i, edge in enumerate((result.low, result.high)):
        ax.axvline(edge, color=PALETTE[2], ls=":", lw=1.5, label=label if i == 0 else None)


WORLD_QUESTIONS: dict[str, WorldQuestion] = {
    "effort_sweet_spot": WorldQuestion(
        _best_effort,
        lambda numbers: numbers["sweet_spot_ci"],
        hours,
        _draw_sweet_spots,
        resampled=True,
    ),
    "coaching": WorldQuestion(
        _coaching_difference,
        lambda numbers: numbers["relationship_ci"],
        _difference_text,
        signed=True,
    ),
    "hiring": WorldQuestion(
        _hiring_difference,
        lambda numbers: numbers["relational_performance_ci"],
        _difference_text,
        signed=True,
    ),
    "pressure": WorldQuestion(
        _pressure_difference,
        lambda numbers: numbers["low_ei"]["ci"],
        _difference_text,
        signed=True,
    ),
    "leading_indicator": WorldQuestion(
        median_lead,
        lambda numbers: numbers["median_lead_ci"],
        _weeks_text,
        undefined="worlds.undefined.leading_indicator",
        resampled=True,
    ),
}


def add_worlds(
    answer: Answer, name: str, results: pd.DataFrame, store: ResultStore, sweep: Sweep
) -> None:
    """Add the answer's spread over plausible worlds beside its Monte Carlo interval: the
    sentence (English and German), the numbers, an assumption and the figure's worlds (in the
    answer's language)."""
    question = WORLD_QUESTIONS.get(name)
    worlds = store.read_worlds()
    if question is None or worlds is None or "world" not in results:
        return
    drawn = results[results["world"] != NOMINAL]
    if drawn.empty:
        return
    answers = per_world(drawn, question.answer)
    result = spread(answers, worlds)
    noise = question.noise(answer.numbers)
    nominal = results[results["world"] == NOMINAL]
    # Why an answer may have no Monte Carlo interval: one replication, or (the leading
    # indicator) too few resamples in which revenue falls behind for good.
    replications = nominal["replication"].nunique()
    if replications < 2:
        why = "single"
    elif question.resampled and replications < MIN_RESAMPLED:
        why = "few"
    else:
        why = "rare"
    mode = sweep.file.worlds
    lang = answer.lang
    answer.show = question.show
    answer.uncertainty = {
        language: worlds_sentence(
            say(f"worlds.what.{name}", language),
            result,
            noise,
            question.show,
            mode,
            language,
            why,
            drawn=len(worlds),
        )
        for language in LANGUAGES
    }
    answer.numbers["worlds"] = spread_numbers(result, noise, mode)
    answer.numbers["worlds"]["answer_by_world"] = answers.to_dict()
    # A difference whose Monte Carlo interval excludes 0 has a direction; the worlds in which
    # it goes the other way say how sure that direction is.
    ends = (0.0, 0.0) if noise is None else np.sign(noise)
    direction = ends[0] if ends[0] == ends[1] else 0
    if question.signed and direction != 0:
        opposite = int((np.sign(answers.dropna()) == -direction).sum())
        answer.numbers["worlds"]["opposite_sign"] = opposite
        if opposite:
            for language in LANGUAGES:
                answer.uncertainty[language] += say(
                    "worlds.opposite",
                    language,
                    n=opposite,
                    count=result.worlds,
                    what=say(f"worlds.what.{name}", language),
                )
    # The uncertain parameters the worlds do not draw: the study's axes and overrides and
    # whatever its scenario writes out (``experiments.config``), named so that a reader sees
    # why two scenarios of the same team can give different ranges.
    held = [n for n in PRIORS if n not in worlds.columns] if mode == "prior" else []
    answer.numbers["worlds"]["held"] = held
    answer.assumptions.append(
        say(
            "worlds.assume",
            lang,
            count=len(worlds),
            source=phrase(f"worlds.source.{mode}", lang),
            parameters=len(worlds.columns),
            replications=say(
                "runs.each.one" if sweep.file.worlds_replications == 1 else "runs.each.many",
                lang,
                n=sweep.file.worlds_replications,
            ),
            level=number(DRIVER_LEVEL, lang),
        )
    )
    if held:
        answer.assumptions.append(
            say(
                "worlds.assume.held",
                lang,
                names=", ".join(parameter_name(n, lang) for n in held),
            )
        )
    missing = len(worlds) - result.worlds
    answer.numbers["worlds"]["worlds_without_answer"] = missing
    if missing:
        answer.assumptions.append(
            say(
                "worlds.assume.missing",
                lang,
                missing=missing,
                total=len(worlds),
                why=say(question.undefined, lang),
                count=result.worlds,
            )
        )
    if name == "effort_sweet_spot":
        efforts = sorted(results[EFFORT].unique())
        edge = int(answers.isin([efforts[0], efforts[-1]]).sum())
        answer.numbers["worlds"]["at_grid_edge"] = edge
        if edge:
            answer.assumptions.append(
                say(
                    "worlds.assume.edge",
                    lang,
                    edge=edge,
                    count=result.worlds,
                    low=hours(efforts[0], lang),
                    high=hours(efforts[-1], lang),
                )
            )
    if question.draw is not None and answer.figure is not None:
        ax = answer.figure.axes[0]
        question.draw(ax, drawn, result, lang)
        legend(ax, lang, fontsize=8)


# Each study: (results at the scenario's own values, sweep, generator, language) -> its answer.
STUDIES: dict[str, Callable[[pd.DataFrame, Sweep, np.random.Generator, str], Answer]] = {
    "effort_sweet_spot": effort_sweet_spot,
    "coaching": coaching,
    "hiring": hiring,
    "pressure": pressure,
    "customer_mix": customer_mix,
    "portfolio_size": portfolio_size,
    "leading_indicator": leading_indicator,
}


def scenario_given(name: str, sweep: Sweep) -> bool:
    """Whether the study's ``sweep`` runs on a scenario given for it (``--scenario``,
    ``--calibration``) rather than on the base its study file names."""
    return sweep.file.base != (read_yaml(STUDIES_DIR / f"{name}.yaml") or {}).get("base")


def load_study(
    name: str,
    *,
    scenario: str | None = None,
    replications: int | None = None,
    reps: int | None = None,
    worlds: str | None = None,
    worlds_count: int | None = None,
    worlds_replications: int | None = None,
    posterior: str | Path | None = None,
) -> Sweep:
    """The study's sweep, optionally on another base scenario, at a reduced size or over other
    worlds (``worlds`` none, prior or posterior; their number; replications in each; the
    posterior file, e.g. a team's calibration)."""
    path = STUDIES_DIR / f"{name}.yaml"
    if not path.is_file():
        raise ConfigError(unknown_study(name))
    changes = {
        "worlds": worlds,
        "worlds_count": worlds_count,
        "worlds_replications": worlds_replications,
        "posterior": None if posterior is None else str(Path(posterior).resolve()),
    }
    data = dict(read_yaml(path))
    # One text for the study's question: its answer page's, in study_texts.
    data["description"] = say(f"{name}.question")
    data.update({k: v for k, v in changes.items() if v is not None})
    if data.get("worlds", "none") == "none":
        for key in ("worlds_count", "worlds_replications", "posterior"):
            data.pop(key, None)
    if scenario is not None:
        data["base"] = str(Path(scenario).resolve())
    if replications is not None:
        data["sweep"] = {**data["sweep"], "replications": replications}
    if reps is not None:
        data["set"] = {**data.get("set", {}), "reps.count": reps}
    try:
        sweep = validate_sweep(data, source=path)
    except ConfigError as exc:  # name the study file, as load_sweep does
        raise ConfigError(named(exc, path)) from None
    check_worlds_read(name, sweep)
    check_axes_act(name, sweep)
    check_hires_act(name, sweep)
    return sweep


def check_worlds_read(name: str, sweep: Sweep) -> None:
    """Refuse plausible worlds for a study whose answer reads none (``WORLD_QUESTIONS``): its
    runs in the worlds would be made and stored, and the page would count them and explain the
    term, while its answer said nothing about them."""
    mode = sweep.file.worlds
    if mode == "none" or name in WORLD_QUESTIONS:
        return
    readers = list(WORLD_QUESTIONS)
    raise ConfigError(
        f"study {name}: its answer reads no plausible worlds (those of "
        f"{', '.join(readers[:-1])} and {readers[-1]} do), so --worlds {mode} would only add "
        "runs; leave it out"
    )


def check_axes_act(name: str, sweep: Sweep) -> None:
    """Refuse the study if one of its axes acts nowhere because every profile of the team sets
    that trait for itself (say every rep's effort, for a study along an effort axis): every
    setting would run the same team, and the answer would be noise read as a finding. Refuse it
    too where the scenario's own intervention sets a swept trait during the run: the answer
    would describe teams that ran so only until then (``sim.scenarios.scheduled_traits``)."""
    swept = {axis.name for axis in sweep.axes}
    team = Path(sweep.file.base).name if sweep.file.base else "the study's base scenario"
    for moved in scheduled_traits(sweep.base, swept):
        if moved.kind == "intervention":
            raise ConfigError(
                f"study {name}: in {team}, {moved.text(where='')}, so "
                f"its answer would mix two teams; remove {moved.setting} (interventions) to "
                "study this team"
            )
    idle = [o for o in profile_overrides(sweep.base) if o.name in swept]
    if idle:
        traits = " and ".join(o.trait for o in idle)
        own = " and ".join(f"{o.trait} ({o.own()})" for o in idle)
        axes = " and ".join(o.name for o in idle)
        raise ConfigError(
            f"study {name}: every profile of {team} sets its own {own}, so the study's "
            f"{'axes' if len(idle) > 1 else 'axis'} {axes} {'act' if len(idle) > 1 else 'acts'} "
            f"nowhere and its answer would rest on noise; remove {traits} from the profiles "
            "(reps.profiles) to study this team"
        )


def check_hires_act(name: str, sweep: Sweep) -> None:
    """Refuse the study if even its largest share of hires (``hiring.share``) replaces no rep of
    the team (``round(share × count)`` is 0, as for half of a team of 1): every setting would run
    the same team, and the answer would be noise read as a finding."""
    values = next((a.values for a in sweep.axes if a.name == "hiring.share" and a.values), None)
    if values is None:
        return
    largest = max(float(v) for v in values)
    if largest <= 0 or replaced_reps(sweep.base, largest):
        return
    count = sweep.base.reps.count
    team = Path(sweep.file.base).name if sweep.file.base else "the study's base scenario"
    needed = next(n for n in itertools.count(count + 1) if round(largest * n) >= 1)
    raise ConfigError(
        f"study {name}: in a team of {count} ({team}) even the largest hiring.share, "
        f"{largest:g}, replaces round({largest:g} × {count}) = 0 reps, so nobody is hired and "
        f"its answer would rest on noise; study a team of at least {needed} reps (reps.count)"
    )


def run_study(
    name: str,
    out: Path,
    *,
    workers=None,
    quiet: bool = True,
    force: bool = False,
    oversubscribe: bool = False,
    lang: str = "en",
    **size,
) -> Path:
    """Run the study's sweep (resumably) into ``out`` and write its one-page answer in ``lang``
    ("en" or "de"); ``force`` discards runs in ``out`` that are not runs of this study's sweep
    (``rapport sweep --force``). The runs do not depend on the language: answering again in
    another language runs nothing again."""
    sweep = load_study(name, **size)
    run_sweep(
        sweep,
        out,
        workers=workers,
        quiet=quiet,
        force=force,
        oversubscribe=oversubscribe,
        lang=lang,
    )
    return write_study(name, out, sweep, lang)


def replaced_settings(sweep: Sweep, lang: str = "en") -> list[str]:
    """The study's own settings (its file's ``set``) that every profile of the team replaces
    with its own value, each as an assumption: pressure's teams "start at 35 h/week", but a team
    whose profiles work 60 h starts there. (Axes that profiles replace are refused instead,
    ``check_axes_act``.)"""
    return [
        say(
            "assume.replaced",
            lang,
            name=parameter_name(o.name, lang),
            value=number(float(o.value), lang),
            own=", ".join(
                f"{profile_name(name, lang)} {number(float(v), lang)}" for name, v in o.profiles
            ),
        )
        for o in profile_overrides(sweep.base)
        if o.name in sweep.file.set
    ]


def scheduled_settings(sweep: Sweep, lang: str = "en") -> list[str]:
    """The scenario's own interventions, management pressure and coaching, which move the
    team's effort or empathy during every run, each as an assumption: the effort or empathy the
    answer names or compares is where the teams start, not where they end. Programmes the study
    sets or varies itself are its subject, not an assumption. (An intervention on a swept trait
    is refused instead, ``check_axes_act``.)"""
    notes, coached, changed = [], [], []
    described = {axis.name for axis in sweep.axes} | {f"reps.{trait}" for trait in TRAITS}
    for moved in scheduled_traits(sweep.base, described):
        if moved.setting in sweep.file.set:
            continue
        if moved.kind == "pressure":
            step, period = number(moved.value, lang), sweep.base.management.review_weeks
            notes.append(
                say("assume.schedule.pressure", lang, step=step, period=period, week=moved.week)
            )
        elif moved.kind == "coaching":
            coached.append(moved)
        else:
            changed.append(moved)
    if changed:
        changes = joined(
            [
                say(f"schedule.sets.{m.name.split('.')[1]}", lang, value=number(m.value, lang),
                    week=m.week)
                for m in changed
            ],
            lang,
        )  # fmt: skip
        notes.append(say("assume.schedule.interventions", lang, changes=changes))
    if coached:
        changes = joined(
            [
                say(f"coaching.raises.{m.name.split('.')[1]}", lang, gain=number(m.value, lang))
                for m in coached
            ],
            lang,
        )
        notes.append(say("assume.schedule.coaching", lang, changes=changes, week=coached[0].week))
    return notes


def scenario_replaced(name: str, sweep: Sweep, lang: str = "en") -> list[str]:
    """The given scenario's own values (``--scenario``, ``--calibration``) that the study does
    not use, each as an assumption: a value its file's ``set`` replaces, or one its axes do not
    compare ("the study sets reps.perception to 0.2, replacing 0.1 in coaching.yaml"). Only
    values the scenario moves from the schema's default count: the others it never chose."""
    if not scenario_given(name, sweep) or not sweep.file.base:
        return []
    own = load_scenario(sweep.file.base)
    scenario = Path(sweep.file.base).name
    notes = []
    for setting, value in sweep.file.set.items():
        mine = own.get(setting) if setting in PARAMS else None
        if mine is None or mine == PARAMS[setting].default or mine == value:
            continue
        notes.append(
            say(
                "assume.scenario_set",
                lang,
                name=parameter_name(setting, lang),
                value=number(float(value), lang),
                own=number(float(mine), lang),
                scenario=scenario,
            )
        )
    for axis in sweep.axes:
        if axis.link or axis.name not in PARAMS or not axis.values:
            continue
        mine = own.get(axis.name)
        if mine == PARAMS[axis.name].default or mine in axis.values:
            continue
        values = joined([number(float(v), lang) for v in axis.values], lang, last=False)
        notes.append(
            say(
                "assume.scenario_axis",
                lang,
                name=parameter_name(axis.name, lang),
                values=values,
                own=number(float(mine), lang),
                scenario=scenario,
            )
        )
    return notes


def run_counts(store: ResultStore, results: pd.DataFrame, sweep: Sweep) -> dict[str, int]:
    """Runs planned, with results, and failed (their errors are in ``failures/``)."""
    manifest = store.read_manifest() or {}
    done = int(results["run_key"].nunique()) if not results.empty else 0
    failed = int(store.read_failures()["run_key"].nunique())
    planned = int(manifest.get("runs", {}).get("total", done + failed))
    return {"planned": planned, "done": done, "failed": failed}


def runs_sentence(counts: dict[str, int], sweep: Sweep, lang: str = "en") -> str:
    """What the answer rests on, failures named: never silently fewer runs than planned."""
    replications = sweep.file.sweep.replications
    each = say("runs.each.one" if replications == 1 else "runs.each.many", lang, n=replications)
    if sweep.worlds is not None:
        each += say(
            "runs.worlds",
            lang,
            replications=sweep.file.worlds_replications,
            worlds=len(sweep.worlds),
        )
    text = say("runs.done", lang, done=counts["done"], planned=counts["planned"], each=each)
    if counts["failed"]:
        return say("runs.failed", lang, runs=text, failed=counts["failed"])
    return say("runs.none_failed", lang, runs=text)


def write_study(name: str, out: Path, sweep: Sweep, lang: str = "en") -> Path:
    """The one-page answer (study.html, study.md, study.png, answer.json) from stored results,
    in ``lang``; ``answer.json`` holds the same numbers in every language."""
    store = ResultStore(out)
    results = store.read_results()
    counts = run_counts(store, results, sweep)
    rng = np.random.default_rng(sweep.file.sweep.seed)
    nominal = results
    if "world" in results:  # the answer itself rests on the runs at the scenario's own values
        nominal = results[results["world"] == NOMINAL].drop(columns="world")
    answer = STUDIES[name](nominal, sweep, rng, lang)
    add_worlds(answer, name, results, store, sweep)
    answer.assumptions += (
        replaced_settings(sweep, lang)
        + scenario_replaced(name, sweep, lang)
        + scheduled_settings(sweep, lang)
        + empty_profiles(sweep, lang)
    )
    runs_text = runs_sentence(counts, sweep, lang)
    if counts["failed"]:
        answer.answer += say(
            "runs.failed.answer", lang, failed=counts["failed"], planned=counts["planned"]
        )
    figure = out / "study.png"
    use_decimal_mark(answer.figure, DECIMAL_MARK[lang])
    answer.figure.tight_layout()
    save_figure(answer.figure, figure)
    # what the chart shows, for readers who cannot see it: its panels' titles
    titles = "; ".join(ax.get_title() for ax in answer.figure.axes if ax.get_title())
    alt = say("chart.alt", lang, titles=titles) if titles else say("chart", lang)
    plt.close(answer.figure)
    write_text_atomically(
        out / "answer.json",
        json.dumps(
            {
                "study": name,
                "lang": lang,
                "question": answer.question,
                "answer": answer.answer,
                "model_uncertainty": answer.uncertainty,
                "numbers": answer.numbers,
                "runs": counts,
                "assumptions": answer.assumptions,
            },
            indent=2,
            default=json_default,
        )
        + "\n",
    )
    assumptions = say("page.assumptions", lang)
    stored = say("runs.stored", lang, runs=runs_text)
    md = [
        f"# {answer.question}",
        "",
        f"**{answer.answer}**",
        "",
        *([answer.uncertainty[lang], ""] if answer.uncertainty else []),
        f"![{alt}](study.png)",
        "",
        f"## {assumptions}",
        "",
        *[f"- {a}" for a in answer.assumptions],
        f"- {stored}",
        "",
    ]
    items = "".join(f"<li>{html.escape(a)}</li>" for a in [*answer.assumptions, f"{runs_text}."])
    sections = [
        f"<p class=answer>{html.escape(answer.answer)}</p>",
        *uncertainty_section(answer),
        inline_image(figure, alt),
        f"<h2>{html.escape(assumptions)}</h2><ul>{items}</ul>",
    ]
    # A manager need not know "95 % CI" or "R²": the page explains the terms it uses.
    terms = glossary(html.unescape(re.sub(r"<[^>]+>", " ", "".join(sections))), lang)
    if terms:
        heading = say("page.terms", lang)
        md += [f"## {heading}", "", *[f"- **{term}**: {meaning}" for term, meaning in terms], ""]
        listed = "".join(
            f"<dt>{html.escape(term)}</dt><dd>{html.escape(meaning)}</dd>"
            for term, meaning in terms
        )
        sections.append(f"<h2>{html.escape(heading)}</h2><dl class=terms>{listed}</dl>")
    write_text_atomically(out / "study.md", "\n".join(md))
    return write_page(out / "study.html", answer.question, sections, lang=lang)


def uncertainty_section(answer: Answer) -> list[str]:
    """The two intervals side by side, the sentence and the drivers, in the answer's language."""
    spread_ = answer.numbers.get("worlds")
    if not answer.uncertainty or spread_ is None:
        return []
    lang = answer.lang

    def cell(value: float) -> str:
        shown = number(value, lang, ".4g") if answer.show is None else answer.show(value, lang)
        return f"<td>{html.escape(shown)}</td>"

    low, high = spread_["model_uncertainty_90"]
    noise = spread_["monte_carlo_95"]
    noise_cells = (
        cell(noise[0]) + cell(noise[1])
        if noise is not None
        else f"<td colspan=2>{html.escape(say('page.no_noise', lang))}</td>"
    )
    ranked = sorted(spread_["r2_by_parameter"].items(), key=lambda kv: -kv[1])[:5]
    named = {d["parameter"] for d in spread_["drivers"]}
    rows = "".join(
        f"<tr><td style=text-align:left>{html.escape(parameter_name(p, lang))}</td>"
        f"<td>{number(r2, lang, '.2f')}</td>"
        f"<td>{say('page.yes' if p in named else 'page.no', lang)}</td></tr>"
        for p, r2 in ranked
    )
    model = say("page.model", lang, part=share_phrase(spread_["worlds"], lang, "part.of"))
    return [
        f"<h2>{html.escape(say('page.sure', lang))}</h2>",
        f"<table><tr><th></th><th>{say('page.low', lang)}</th><th>{say('page.high', lang)}"
        f"</th></tr><tr><td style=text-align:left>{html.escape(model)}</td>{cell(low)}"
        f"{cell(high)}</tr><tr><td style=text-align:left>"
        f"{html.escape(say('page.noise', lang))}</td>{noise_cells}</tr></table>",
        f"<p>{html.escape(answer.uncertainty[lang])}</p>",
        f"<table><tr><th style=text-align:left>{say('page.parameter', lang)}</th>"
        f"<th>{say('page.r2', lang)}</th><th>{say('page.driver', lang)}</th></tr>{rows}</table>",
    ]
