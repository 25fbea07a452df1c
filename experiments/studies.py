"""``rapport study NAME``: managers' what-if questions, each a sweep plus a one-page answer.

A study is a sweep file under ``configs/studies/`` and an analysis that turns the stored results
into the answer: one sentence with the number and its uncertainty, one chart, the assumptions.
Every number on the page is computed here from the results; none is written by hand.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
import statsmodels.api as sm

from sim.params import CHANNELS, ConfigError

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from experiments.config import Sweep, load_sweep, validate_sweep
from experiments.pages import inline_image, write_page
from experiments.store import ResultStore
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
from experiments.worlds import NOMINAL
from sim.formats import PALETTE, json_default
from sim.scenarios import read_yaml
from sim.texts import LANGUAGES, format_number, phrase

STUDIES_DIR = Path(__file__).resolve().parents[1] / "configs" / "studies"
EFFORT = "reps.effort_hours"
RP = "relational_performance"
BOOTSTRAP = 2000


@dataclass
class Answer:
    """What a study page says."""

    question: str
    answer: str
    numbers: dict[str, Any]
    assumptions: list[str]
    figure: Any = None  # a matplotlib figure
    details: pd.DataFrame | None = field(default=None, repr=False)
    # How sure the answer is over plausible worlds, by language (empty without worlds).
    uncertainty: dict[str, str] = field(default_factory=dict)


# --- shared analysis helpers ----------------------------------------------------------------------


def final_rows(results: pd.DataFrame) -> pd.DataFrame:
    return results[results["week"] == results["week"].max()]


def diff_ci(
    a: np.ndarray, b: np.ndarray, rng: np.random.Generator
) -> tuple[float, list[float] | None]:
    """Mean difference a − b and its 95 % bootstrap interval (independent replications).

    Returns:
        The difference, and the interval or None if either side has a single replication
        (resampling one value gives a zero-width interval that says nothing about the noise).
    """
    a, b = np.asarray(a, float), np.asarray(b, float)
    difference = float(a.mean() - b.mean())
    if min(a.size, b.size) < 2:
        return difference, None
    boots = rng.choice(a, (BOOTSTRAP, a.size)).mean(1) - rng.choice(b, (BOOTSTRAP, b.size)).mean(1)
    return difference, [float(np.quantile(boots, 0.025)), float(np.quantile(boots, 0.975))]


def grid_edge(value: float, grid: Sequence[float]) -> str | None:
    """Which end of the ``grid`` an optimum ``value`` is, "lowest" or "highest" (the true
    optimum may then lie beyond the grid), or None inside it."""
    ends = float(np.min(grid)), float(np.max(grid))
    if np.isclose(value, ends[0]):
        return "lowest"
    return "highest" if np.isclose(value, ends[1]) else None


def edge_clause(edge: str | None, grid: Sequence[float], what: str) -> str:
    """``what`` (an effort found best) at the grid's end, in words: the true one may lie
    beyond it ("" inside the grid)."""
    if edge is None:
        return ""
    side = "below" if edge == "lowest" else "above"
    return (
        f"the {edge} effort of the grid ({hours(float(np.min(grid)))} to "
        f"{hours(float(np.max(grid)))}): the true {what} may lie {side} it"
    )


def sweet_spot(frame: pd.DataFrame, rng: np.random.Generator, metric: str = RP) -> dict[str, Any]:
    """Effort that maximises the mean metric, a bootstrap interval for it (None from a single
    replication), whether it is an end of the effort grid, and the cost per extra hour beyond
    it (slope of a straight line fitted beyond the sweet spot, with its CI)."""
    table = frame.pivot_table(index="replication", columns=EFFORT, values=metric)
    efforts = table.columns.to_numpy(dtype=float)
    best = float(efforts[np.argmax(table.mean().to_numpy())])
    interval = None
    if len(table) >= 2:
        picks = rng.integers(0, len(table), (BOOTSTRAP, len(table)))
        boot_best = efforts[np.argmax(table.to_numpy()[picks].mean(axis=1), axis=1)]
        interval = [float(np.quantile(boot_best, 0.025)), float(np.quantile(boot_best, 0.975))]
    beyond = frame[frame[EFFORT] >= best]
    slope = low = high = float("nan")
    if beyond[EFFORT].nunique() >= 3:
        fit = sm.OLS(beyond[metric].to_numpy(), sm.add_constant(beyond[EFFORT].to_numpy())).fit(
            cov_type="HC3"
        )
        slope = float(fit.params[1])
        low, high = (float(v) for v in fit.conf_int()[1])
    return {
        "sweet_spot": best,
        "sweet_spot_ci": interval,
        "at_grid_edge": grid_edge(best, efforts),
        "grid": efforts,
        "best_mean": float(table.mean().max()),
        "slope_beyond": slope,
        "slope_beyond_ci": (low, high),
        "curve": table.mean(),
    }


def hours(value: float) -> str:
    return f"{value:g} h"


NO_CI = "no 95 % CI from a single replication"


def ci_text(interval: Sequence[float] | None, fmt: str = "{:.3f}") -> str:
    """A 95 % interval in words, or that a single replication gives none."""
    if interval is None:
        return NO_CI
    return f"95 % CI {fmt.format(interval[0])} to {fmt.format(interval[1])}"


def signed(value: float, fmt: str = "{:+.3f}") -> str:
    return fmt.format(value)


def line_chart(title: str, xlabel: str, ylabel: str):
    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=120)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.grid(alpha=0.3)
    return fig, ax


def plot_band(ax, frame: pd.DataFrame, x: str, y: str, label: str, colour: str) -> None:
    stats = frame.groupby(x)[y].agg(["mean", "std", "count"])
    half = 1.96 * stats["std"].fillna(0) / np.sqrt(stats["count"])
    ax.plot(stats.index, stats["mean"], color=colour, lw=2.5, label=label)
    ax.fill_between(
        stats.index, stats["mean"] - half, stats["mean"] + half, color=colour, alpha=0.2
    )


# --- the studies ----------------------------------------------------------------------------------


def effort_sweet_spot(results: pd.DataFrame, sweep: Sweep, rng) -> Answer:
    final = final_rows(results)
    s = sweet_spot(final, rng)
    revenue = sweet_spot(final, rng, metric="revenue")
    team = sweep.base.reps
    interval = s["sweet_spot_ci"]
    cost = -s["slope_beyond"]
    cost_lo, cost_hi = -s["slope_beyond_ci"][1], -s["slope_beyond_ci"][0]
    weeks = sweep.base.simulation.weeks
    if not np.isfinite(cost):
        beyond = "the grid has too few efforts beyond it to say what an extra hour costs"
    elif cost > 0 and cost_lo > 0:
        beyond = (
            f"each extra hour beyond it costs {cost:.4f} of relationship quality "
            f"({ci_text((cost_lo, cost_hi), '{:.4f}')}) after {weeks} weeks"
        )
    else:
        beyond = (
            f"beyond it, extra hours change relationship quality by {-cost:+.4f} per hour "
            f"({ci_text((-cost_hi, -cost_lo), '{:+.4f}')}): no clear cost"
        )
    edge = edge_clause(s["at_grid_edge"], s["grid"], "sweet spot")
    answer = (
        f"For a team with perception {team.perception:g} and regulation {team.regulation:g}, "
        f"relationship quality peaks at about {hours(s['sweet_spot'])} per week "
        f"({ci_text(interval, '{:g} h')}){', ' + edge if edge else ''}; {beyond}."
    )
    fig, ax = line_chart(
        "Relationship quality against effort",
        "customer hours per week",
        f"relationship quality after {weeks} weeks",
    )
    plot_band(ax, final, EFFORT, RP, "mean and 95 % band", PALETTE[0])
    ax.axvline(s["sweet_spot"], color=PALETTE[1], ls="--", label="sweet spot")
    if interval is not None:
        ax.axvspan(*interval, color=PALETTE[1], alpha=0.1)
    ax.legend()
    return Answer(
        question="For my team's empathy levels, how many customer hours per week maximise "
        "relationship quality, and what does each extra hour beyond it cost?",
        answer=answer,
        numbers={
            "sweet_spot_hours": s["sweet_spot"],
            "sweet_spot_ci": interval,
            "sweet_spot_at_grid_edge": s["at_grid_edge"],
            "cost_per_extra_hour": cost if np.isfinite(cost) else None,
            "cost_ci": [cost_lo, cost_hi] if np.isfinite(cost) else None,
            "best_relationship_quality": s["best_mean"],
            "revenue_sweet_spot_hours": revenue["sweet_spot"],
            "revenue_sweet_spot_at_grid_edge": revenue["at_grid_edge"],
        },
        assumptions=[
            f"The team's empathy as in the base scenario (perception "
            f"{team.perception:g}, regulation {team.regulation:g}); use --scenario to "
            "study your own team.",
            "The sweet spot is the effort with the highest mean relationship quality on the "
            "grid; its interval comes from resampling replications.",
            "The cost per hour is the slope of a straight line fitted to the efforts "
            "at and beyond the sweet spot.",
        ],
        figure=fig,
    )


def _arm(frame: pd.DataFrame, **values) -> pd.DataFrame:
    mask = np.ones(len(frame), dtype=bool)
    for name, value in values.items():
        mask &= np.isclose(frame[name].to_numpy(dtype=float), value)
    return frame[mask]


def first_lasting_lead(a: pd.Series, b: pd.Series, after: float | None = None) -> int | None:
    """The first week (after week ``after``, if given) from which series ``a`` stays above ``b``
    to the end; None if never."""
    ahead = a > b
    weeks = [w for w in a.index if after is None or w > after]
    return next((int(w) for w in weeks if ahead.loc[w:].all()), None)


def coaching_payoff(
    means: pd.DataFrame,
    start_week: int,
    duration_weeks: int,
    base_effort: float,
    more_effort: float,
) -> tuple[str, dict[str, int | None]]:
    """When the programme pays off, said so that the programme gets credit only for its own
    effect: weekly mean relationship quality of the arms "coached", "more effort" and "as is".

    Against doing nothing, the programme can only pay off once it runs (after ``start_week``).
    Against more effort, a lead that begins before the programme comes from the lower effort,
    not from coaching; the sentence says so.
    """
    first, last = start_week + 1, start_week + duration_weeks
    programme = f"the programme (weeks {first}–{last})"
    vs_as_is = first_lasting_lead(means["coached"], means["as is"], after=start_week)
    vs_more = first_lasting_lead(means["coached"], means["more effort"])
    effort_lead = first_lasting_lead(means["as is"], means["more effort"])
    extra = f"{more_effort - base_effort:g} more hours"
    parts = [
        f"against doing nothing, {programme} pays off from week {vs_as_is} on"
        if vs_as_is is not None
        else f"against doing nothing, {programme} does not pay off within the run"
    ]
    if vs_more is None:
        parts.append(f"against {extra} of effort it never takes a lasting lead")
    elif vs_more <= start_week:
        parts.append(
            f"against {extra} of effort the team is ahead from week {vs_more} on, before the "
            f"programme starts: at {hours(base_effort)} it already does better than at "
            f"{hours(more_effort)}, so that lead comes from the hours, not from coaching"
        )
    else:
        parts.append(f"against {extra} of effort it takes a lasting lead from week {vs_more} on")
    numbers = {
        "payoff_week_vs_as_is": vs_as_is,
        "payoff_week_vs_more_effort": vs_more,
        "less_effort_ahead_from_week": effort_lead,
    }
    return "; ".join(parts), numbers


def coaching(results: pd.DataFrame, sweep: Sweep, rng) -> Answer:
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
        means, c.start_week, c.duration_weeks, base_effort, more_effort
    )
    weeks = int(results["week"].max())
    d, d_ci = diff_ci(final_rows(coached)[RP], final_rows(pushed)[RP], rng)
    r, r_ci = diff_ci(final_rows(coached)["revenue"], final_rows(pushed)["revenue"], rng)
    answer = (
        f"A {c.duration_weeks}-week empathy programme (perception and regulation +{gain:g}, "
        f"{c.hours_per_week:g} training h/week) for a team at {hours(base_effort)}: {when}. "
        f"After {weeks} weeks, against {hours(more_effort)} without coaching, relationship "
        f"quality is {signed(d)} ({ci_text(d_ci)}) and weekly revenue "
        f"{signed(r, '{:+.1f}')} k€ ({ci_text(r_ci, '{:.1f}')})."
    )
    fig, ax = line_chart("Coaching against more effort", "week", "relationship quality")
    for (label, frame), colour in zip(
        (
            ("coached", coached),
            (f"+{more_effort - base_effort:g} h effort", pushed),
            ("as is", status),
        ),
        PALETTE,
        strict=False,
    ):
        plot_band(ax, frame, "week", RP, label, colour)
    ax.axvspan(
        c.start_week, c.start_week + c.duration_weeks, color="grey", alpha=0.1, label="programme"
    )
    payoff = weeks_numbers["payoff_week_vs_as_is"]
    if payoff is not None:
        ax.axvline(payoff, color="black", ls=":", label=f"pays off (week {payoff})")
    ax.legend()
    return Answer(
        question="An empathy training programme raises perception and regulation over some "
        "weeks at a cost in hours; when does it pay off against simply adding effort?",
        answer=answer,
        numbers={
            **weeks_numbers,
            "relationship_difference": d,
            "relationship_ci": d_ci,
            "revenue_difference": r,
            "revenue_ci": r_ci,
        },
        assumptions=[
            "Training hours come out of customer work during the programme.",
            "Gains build up linearly over the programme and last.",
            f"The team starts as in the base scenario (perception "
            f"{sweep.base.reps.perception:g}, regulation {sweep.base.reps.regulation:g}).",
        ],
        figure=fig,
    )


def hiring(results: pd.DataFrame, sweep: Sweep, rng) -> Answer:
    shares = sorted(results["hiring.share"].unique())
    final = final_rows(results)
    none, most = (
        _arm(final, **{"hiring.share": shares[0]}),
        _arm(final, **{"hiring.share": shares[-1]}),
    )
    rows, intervals = [], {}
    for metric in (RP, "churned", "revenue"):
        d, interval = diff_ci(most[metric], none[metric], rng)
        intervals[metric] = interval
        rows.append(
            {
                "metric": metric,
                "without hires": none[metric].mean(),
                "with hires": most[metric].mean(),
                "difference": d,
                "ci_low": interval[0] if interval else np.nan,
                "ci_high": interval[1] if interval else np.nan,
            }
        )
    table = pd.DataFrame(rows).set_index("metric")
    weeks = int(results["week"].max())
    h = sweep.base.hiring
    answer = (
        f"Replacing {shares[-1]:.0%} of the team with high-EI hires (perception "
        f"{h.perception:g}, regulation {h.regulation:g}) in week {h.week} changes, after "
        f"{weeks} weeks: relationship quality {signed(table.loc[RP, 'difference'])} "
        f"({ci_text(intervals[RP])}), customers lost "
        f"{signed(table.loc['churned', 'difference'], '{:+.0f}')} "
        f"({ci_text(intervals['churned'], '{:.0f}')}), weekly revenue "
        f"{signed(table.loc['revenue', 'difference'], '{:+.1f}')} k€ "
        f"({ci_text(intervals['revenue'], '{:.1f}')})."
    )
    fig, ax = line_chart("Hiring for empathy", "week", "relationship quality")
    for share, colour in zip(shares, PALETTE, strict=False):
        plot_band(
            ax,
            _arm(results, **{"hiring.share": share}),
            "week",
            RP,
            f"{share:.0%} high-EI hires",
            colour,
        )
    ax.axvline(h.week, color="black", ls=":", label="hires start")
    ax.legend()
    return Answer(
        question="Replacing part of the team with high-EI hires: how do relationship quality, "
        "churn and revenue change over two years?",
        answer=answer,
        numbers={
            "share": shares[-1],
            **{f"{m}_difference": table.loc[m, "difference"] for m in table.index},
            **{f"{m}_ci": interval for m, interval in intervals.items()},
        },
        assumptions=[
            "The hires take over the replaced reps' portfolios and effort; they do not "
            "know the customers' signals yet.",
            "Churn counts customers lost since the start of the run.",
        ],
        figure=fig,
        details=table.reset_index(),
    )


def pressure(results: pd.DataFrame, sweep: Sweep, rng) -> Answer:
    steps = sorted(results["management.pressure_step"].unique())
    levels = sorted(results["reps.perception"].unique())
    final = final_rows(results)
    parts, numbers = [], {}
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.5), dpi=120)
    for level, colour in zip(levels, PALETTE, strict=False):
        calm = _arm(final, **{"management.pressure_step": steps[0], "reps.perception": level})
        pushed = _arm(final, **{"management.pressure_step": steps[-1], "reps.perception": level})
        d, interval = diff_ci(pushed[RP], calm[RP], rng)
        effort = pushed["effort_hours"].mean()
        start = calm["effort_hours"].mean()
        word = "low" if level < 0.5 else "high"
        parts.append(
            f"the {word}-EI team (empathy {level:g}) is pushed from {start:.0f} to "
            f"{effort:.0f} h/week and its relationship quality changes by {signed(d)} "
            f"({ci_text(interval)})"
        )
        numbers[f"{word}_ei"] = {
            "effort_start": start,
            "effort_end": effort,
            "relationship_difference": d,
            "ci": interval,
        }
        series = _arm(results, **{"management.pressure_step": steps[-1], "reps.perception": level})
        plot_band(ax1, series, "week", "effort_hours", f"{word} EI", colour)
        plot_band(ax2, series, "week", RP, f"{word} EI, under pressure", colour)
        baseline = _arm(results, **{"management.pressure_step": steps[0], "reps.perception": level})
        ax2.plot(
            baseline.groupby("week")[RP].mean(),
            color=colour,
            ls=":",
            label=f"{word} EI, no pressure",
        )
    ax1.set(title="Effort under pressure", xlabel="week", ylabel="effort (h/week)")
    ax2.set(title="Relationship quality", xlabel="week", ylabel="relationship quality")
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    m = sweep.base.management
    answer = (
        f"A manager who adds {steps[-1]:g} h/week to the effort target whenever team "
        f"revenue falls over a {m.review_weeks}-week review: " + "; ".join(parts) + "."
    )
    return Answer(
        question="A manager who raises effort targets whenever revenue falls: is there a vicious "
        "circle for a low-EI team, and none for a high-EI team?",
        answer=answer,
        numbers=numbers,
        assumptions=[
            f"Reviews every {m.review_weeks} weeks compare revenue with the previous "
            f"review period; effort is capped at {m.max_effort:g} h/week.",
            "Perception and regulation move together in this study.",
        ],
        figure=fig,
    )


def sweet_spot_by(
    results: pd.DataFrame, sweep: Sweep, rng, axis: str, label: str, question: str, assumption: str
) -> Answer:
    final = final_rows(results)
    rows, fig_ax = (
        [],
        line_chart(f"Sweet spot by {label}", "customer hours per week", "relationship quality"),
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
                "at_grid_edge": s["at_grid_edge"],
                "best_quality": s["best_mean"],
            }
        )
        plot_band(ax, _arm(final, **{axis: value}), EFFORT, RP, f"{label} {value:g}", colour)
        ax.axvline(s["sweet_spot"], color=colour, ls="--", lw=1)
    ax.legend()
    table = pd.DataFrame(rows)
    first, last = rows[0], rows[-1]

    def spot(row: dict[str, Any]) -> str:
        interval = None if row["ci_low"] is None else (row["ci_low"], row["ci_high"])
        return f"{hours(row['sweet_spot'])} ({ci_text(interval, '{:g} h')})"

    answer = (
        f"The sweet spot moves from {spot(first)} at {label} {first[axis]:g} to {spot(last)} "
        f"at {label} {last[axis]:g}; the best relationship quality changes from "
        f"{first['best_quality']:.3f} to {last['best_quality']:.3f}."
    )
    efforts = final[EFFORT].unique()
    for edge in ("lowest", "highest"):
        at = [f"{row[axis]:g}" for row in rows if row["at_grid_edge"] == edge]
        if at:
            answer += (
                f" At {label} {' and '.join(at)} the sweet spot is "
                f"{edge_clause(edge, efforts, 'one')}."
            )
    return Answer(
        question=question,
        answer=answer,
        numbers={"sweet_spots": rows},
        assumptions=[assumption],
        figure=fig,
        details=table,
    )


def customer_mix(results, sweep, rng) -> Answer:
    c = sweep.base.channels
    hours = ", ".join(f"{n} {h:g} h" for n, h in zip(CHANNELS, c.hours, strict=True))
    return sweet_spot_by(
        results,
        sweep,
        rng,
        "channels.email_share",
        "e-mail share",
        "The same contact hours as visits or as e-mails: how does the sweet spot move from a "
        "visit-heavy to an e-mail-heavy mix?",
        f"Discrete contact schedule (channels.schedule: {c.schedule}): each week whole visits, "
        f"calls and e-mails to particular customers. Calls take {c.call_share:g} of contact "
        f"hours, e-mails the share swept, visits the rest; hours per contact: {hours}; each "
        f"contact counts against the customer's tolerance as {c.visit_weight:g} (visit), 1 "
        f"(call) or {c.email_weight:g} (e-mail) calls (Godfrey et al. 2011: the ideal was about "
        "3 calls or 3–4 e-mails a quarter). Cheaper channels mean more contacts per hour.",
    )


def portfolio_size(results, sweep, rng) -> Answer:
    return sweet_spot_by(
        results,
        sweep,
        rng,
        "customers.per_rep",
        "customers per rep",
        "More customers per rep at the same hours: how does the sweet spot move?",
        "Each rep's hours are spread over the whole portfolio; other parameters as in the base "
        "scenario.",
    )


REVENUE_WINDOW = 8  # weeks: purchases are lumpy; an 8-week mean shows the trend


def _by_run(frame: pd.DataFrame, metric: str) -> pd.DataFrame:
    """One row per run, one column per week."""
    return frame.pivot_table(index="run_key", columns="week", values=metric)


def lead_weeks(
    reference: dict[str, pd.DataFrame], harmful: dict[str, pd.DataFrame], rows=None
) -> tuple[int | None, int | None]:
    """First weeks from which the harmful arm's mean relationship quality and smoothed revenue
    stay below the reference arm's; ``rows`` picks runs (a bootstrap resample) per arm."""
    weeks = []
    for metric in (RP, "revenue_trend"):
        a, b = reference[metric], harmful[metric]
        if rows is not None:
            a, b = a.iloc[rows[0]], b.iloc[rows[1]]
        weeks.append(first_lasting_lead(a.mean(), b.mean()))
    return weeks[0], weeks[1]


def _lead_clause(row: dict[str, Any]) -> str:
    """One harmful effort's weeks and lead, in words."""
    rp, revenue = row["relationship_falls_week"], row["revenue_falls_week"]
    if rp is None or not np.isfinite(rp):
        return f"at {hours(row['effort'])} relationship quality never falls behind for good"
    start = f"at {hours(row['effort'])} relationship quality falls behind from week {rp:.0f}"
    if revenue is None or not np.isfinite(revenue):
        return f"{start}, revenue never for good"
    ci = row["lead_ci"]
    if ci:
        ci_part = f", 95 % CI {ci[0]:.0f} to {ci[1]:.0f}"
    elif row["replications"] < 2:
        ci_part = f", {NO_CI}"
    else:
        ci_part = ", no 95 % CI (revenue falls behind for good in too few resamples)"
    return (
        f"{start} and revenue from week {revenue:.0f}: a lead of {row['lead_weeks']:.0f} weeks"
        f"{ci_part}"
    )


def _with_trend(results: pd.DataFrame) -> pd.DataFrame:
    """The results sorted by run and week, with revenue smoothed over ``REVENUE_WINDOW`` weeks."""
    results = results.sort_values(["run_key", "week"])
    trend = results.groupby("run_key")["revenue"].transform(
        lambda r: r.rolling(REVENUE_WINDOW, min_periods=1).mean()
    )
    return results.assign(revenue_trend=trend)


def lead_settings(
    results: pd.DataFrame, rng: np.random.Generator | None = None
) -> tuple[list[dict[str, Any]], np.ndarray]:
    """For each tolerance, the best effort and every harmful effort's weeks and lead.

    Args:
        results: weekly runs with ``revenue_trend`` (``_with_trend``).
        rng: with a generator, each lead gets a bootstrap interval over the replications.

    Returns:
        One row per harmful setting, and the bootstrap draws of each setting's lead (settings ×
        resamples; empty without ``rng``).
    """
    rows, draws = [], []
    for tolerance, best in best_efforts(results).items():
        group = _arm(results, **{"customers.tolerance": tolerance})
        reference = {m: _by_run(_arm(group, **{EFFORT: best}), m) for m in (RP, "revenue_trend")}
        for effort in sorted(e for e in group[EFFORT].unique() if e > best):
            harmful = {m: _by_run(_arm(group, **{EFFORT: effort}), m) for m in reference}
            rp_week, revenue_week = lead_weeks(reference, harmful)
            sizes = (len(reference[RP]), len(harmful[RP]))
            lead_draws: list[float] = []
            if rng is not None and min(sizes) < 2:  # resampling one run gives no interval
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
            rows.append(
                {
                    "tolerance": float(tolerance),
                    "best_effort": best,
                    "effort": float(effort),
                    "replications": min(sizes),
                    "relationship_falls_week": rp_week,
                    "revenue_falls_week": revenue_week,
                    "lead_weeks": None
                    if rp_week is None or revenue_week is None
                    else revenue_week - rp_week,
                    "lead_ci": [float(np.quantile(found, 0.025)), float(np.quantile(found, 0.975))]
                    if found.size >= 20
                    else None,
                    "share_of_resamples_where_revenue_falls": (
                        float(found.size / boots.size) if boots.size and min(sizes) >= 2 else None
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


def leading_indicator(results: pd.DataFrame, sweep: Sweep, rng) -> Answer:
    results = _with_trend(results)
    tolerances = sorted(results["customers.tolerance"].unique())
    rows, draws = lead_settings(results, rng)
    table = pd.DataFrame(rows)
    leads = table["lead_weeks"].dropna().astype(float) if rows else pd.Series(dtype=float)
    efforts = results[EFFORT].unique()
    bests: list[dict[str, Any]] = [
        {"tolerance": t, "best_effort": b, "at_grid_edge": grid_edge(b, efforts)}
        for t, b in best_efforts(results).items()
    ]
    own_tolerance = sweep.base.customers.tolerance
    default = [r for r in rows if np.isclose(r["tolerance"], own_tolerance)]
    own = next((b for b in bests if np.isclose(b["tolerance"], own_tolerance)), None)
    head = (
        f"For a low-EI team whose best effort is {hours(default[0]['best_effort'])} "
        "(default scenario): " + "; ".join(_lead_clause(row) for row in default)
        if default
        else "In the default scenario no effort beyond the team's best is harmful"
    )
    if own is not None and own["at_grid_edge"]:
        head += (
            f"; {hours(own['best_effort'])} is "
            f"{edge_clause(own['at_grid_edge'], efforts, 'best effort')}"
        )
    spread = (
        f"; over all {len(table)} harmful settings (tolerance "
        f"{', '.join(f'{t:g}' for t in tolerances)}) "
        f"the lead is {leads.min():g} to {leads.max():g} weeks (median {leads.median():g}), and in "
        f"{int(table['lead_weeks'].isna().sum())} of them revenue never falls behind for good"
        if not leads.empty
        else "; in no harmful setting does revenue fall behind for good within the run"
    )
    for edge in ("lowest", "highest"):  # the other tolerances' best efforts at the grid's ends
        at = [f"{b['tolerance']:g}" for b in bests if b["at_grid_edge"] == edge and b is not own]
        if at:
            spread += (
                f"; at tolerance {' and '.join(at)} the best effort is "
                f"{edge_clause(edge, efforts, 'best effort')}"
            )
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.5), dpi=120)
    group = _arm(results, **{"customers.tolerance": sweep.base.customers.tolerance})
    for effort, colour in zip(sorted(group[EFFORT].unique()), PALETTE, strict=False):
        arm = _arm(group, **{EFFORT: effort})
        plot_band(ax1, arm, "week", RP, f"{effort:g} h", colour)
        plot_band(ax2, arm, "week", "revenue_trend", f"{effort:g} h", colour)
    ax1.set(title="Relationship quality", xlabel="week", ylabel="relationship quality")
    ax2.set(
        title=f"Revenue ({REVENUE_WINDOW}-week mean)",
        xlabel="week",
        ylabel="team revenue (k€/week)",
    )
    for ax in (ax1, ax2):
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return Answer(
        question="When effort turns harmful, how many weeks before revenue does relationship "
        "quality fall?",
        answer=head + spread + ".",
        numbers={
            "settings": rows,
            "best_effort_by_tolerance": bests,
            "median_lead_weeks": (float(leads.median()) if not leads.empty else None),
            "median_lead_ci": median_lead_ci(draws),
        },
        assumptions=[
            "A low-EI team (perception and regulation 0.2); its best effort is the one with the "
            "highest relationship quality averaged over the run; every higher effort counts as "
            "harmful.",
            "A series falls behind in the first week from which the harmful team's mean stays "
            "below the best-effort team's to the end of the run; revenue is smoothed over "
            f"{REVENUE_WINDOW} weeks first. Intervals: {BOOTSTRAP // 10} resamples of the "
            "replications.",
            "Model parameters: the default scenario, and customers' tolerance 1.3 and 2.0 as "
            "documented variations; with plausible worlds, every other parameter with a prior "
            "is drawn as well.",
        ],
        figure=fig,
        details=table,
    )


# --- the answers over plausible worlds ------------------------------------------------------------


@dataclass(frozen=True)
class WorldQuestion:
    """How a study's headline number is computed in one world, and how it is shown.

    Attributes:
        what: the number's name by language, as the sentence uses it.
        answer: the number from one world's results (every design point, that world's runs).
        noise: the Monte Carlo 95 % interval of the number, from the answer's ``numbers``
            (None where the answer has none).
        show: a value as text in a language.
        draw: adds the worlds to the study's figure (optional).
    """

    what: dict[str, str]
    answer: Callable[[pd.DataFrame], float]
    noise: Callable[[dict[str, Any]], Sequence[float] | None]
    show: Callable[[float, str], str]
    draw: Callable[[Any, pd.DataFrame, Spread], None] | None = None
    undefined: str = "the number is not defined there"  # why a world may have no answer


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


def _hours_text(value: float, lang: str) -> str:
    return f"{format_number(float(value), lang)} h"


def _weeks_text(value: float, lang: str) -> str:
    if not np.isfinite(value):
        return "–"
    unit = {"de": ("Woche", "Wochen")}.get(lang, ("week", "weeks"))[value != 1]
    return f"{format_number(float(value), lang)} {unit}"


def _difference_text(value: float, lang: str) -> str:
    return (
        format_number(float(value), lang, 3)
        if value < 0
        else "+" + format_number(float(value), lang, 3)
    )


def _draw_sweet_spots(ax, worlds: pd.DataFrame, result: Spread) -> None:
    """Each world's curve, faint, and the range of sweet spots in 90 % of worlds."""
    curves = final_rows(worlds).pivot_table(index=EFFORT, columns="world", values=RP)
    for i, world in enumerate(curves.columns):
        ax.plot(
            curves.index,
            curves[world],
            color="grey",
            lw=0.6,
            alpha=0.35,
            label=f"each of {curves.shape[1]} plausible worlds" if i == 0 else None,
        )
    ax.axvspan(result.low, result.high, color=PALETTE[2], alpha=0.07)
    for edge in (result.low, result.high):
        ax.axvline(
            edge,
            color=PALETTE[2],
            ls=":",
            lw=1.5,
            label="sweet spot in 90 % of worlds" if edge == result.low else None,
        )


WORLD_QUESTIONS: dict[str, WorldQuestion] = {
    "effort_sweet_spot": WorldQuestion(
        {"en": "the sweet spot", "de": "der Sweet Spot"},
        _best_effort,
        lambda numbers: numbers["sweet_spot_ci"],
        _hours_text,
        _draw_sweet_spots,
    ),
    "coaching": WorldQuestion(
        {
            "en": "the coached team's lead in relationship quality over more effort",
            "de": "der Vorsprung des gecoachten Teams in der Beziehungsqualität gegenüber "
            "mehr Einsatz",
        },
        _coaching_difference,
        lambda numbers: numbers["relationship_ci"],
        _difference_text,
    ),
    "hiring": WorldQuestion(
        {
            "en": "the change in relationship quality from the hires",
            "de": "die Änderung der Beziehungsqualität durch die Neueinstellungen",
        },
        _hiring_difference,
        lambda numbers: numbers["relational_performance_ci"],
        _difference_text,
    ),
    "pressure": WorldQuestion(
        {
            "en": "the low-EI team's change in relationship quality under pressure",
            "de": "die Änderung der Beziehungsqualität des Teams mit niedriger EI unter Druck",
        },
        _pressure_difference,
        lambda numbers: numbers["low_ei"]["ci"],
        _difference_text,
    ),
    "leading_indicator": WorldQuestion(
        {
            "en": "the median lead of relationship quality over revenue",
            "de": "der mittlere Vorlauf der Beziehungsqualität vor dem Umsatz",
        },
        median_lead,
        lambda numbers: numbers["median_lead_ci"],
        _weeks_text,
        undefined="no effort beyond the team's best is harmful there, or revenue never falls "
        "behind for good within the run",
    ),
}


def add_worlds(
    answer: Answer, name: str, results: pd.DataFrame, store: ResultStore, sweep: Sweep
) -> None:
    """Add the answer's spread over plausible worlds beside its Monte Carlo interval: the
    sentence (English and German), the numbers, an assumption and the figure's worlds."""
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
    why = "single" if nominal["replication"].nunique() < 2 else "rare"
    mode = sweep.file.worlds
    answer.uncertainty = {
        lang: worlds_sentence(question.what[lang], result, noise, question.show, mode, lang, why)
        for lang in LANGUAGES
    }
    answer.numbers["worlds"] = spread_numbers(result, noise, mode)
    answer.numbers["worlds"]["answer_by_world"] = answers.to_dict()
    answer.assumptions.append(
        f"Model uncertainty: {result.worlds} worlds {phrase(f'worlds.source.{mode}')} for the "
        f"{len(worlds.columns)} uncertain parameters the study does not set itself, each with "
        f"{sweep.file.worlds_replications} replication(s) per setting and the same seeds at every "
        "setting of a world (common random numbers); the 90 % range therefore also holds the "
        "Monte Carlo noise of those few replications. Drivers: share of the spread over worlds "
        "each parameter explains alone (R² of a regression, on the log scale for log-uniform "
        f"priors), named if its Holm-adjusted p-value is below {DRIVER_LEVEL:g}."
    )
    missing = len(worlds) - result.worlds
    answer.numbers["worlds"]["worlds_without_answer"] = missing
    if missing:
        answer.assumptions.append(
            f"In {missing} of {len(worlds)} worlds there is no answer ({question.undefined}); "
            f"the range is over the other {result.worlds}."
        )
    if name == "effort_sweet_spot":
        efforts = sorted(results[EFFORT].unique())
        edge = int(answers.isin([efforts[0], efforts[-1]]).sum())
        answer.numbers["worlds"]["at_grid_edge"] = edge
        if edge:
            answer.assumptions.append(
                f"In {edge} of {result.worlds} worlds the sweet spot is at the edge of the "
                f"effort grid ({hours(efforts[0])} or {hours(efforts[-1])}): there the true one "
                "may lie beyond it."
            )
    if question.draw is not None and answer.figure is not None:
        ax = answer.figure.axes[0]
        question.draw(ax, drawn, result)
        ax.legend(fontsize=8)


STUDIES: dict[str, Callable[[pd.DataFrame, Sweep, np.random.Generator], Answer]] = {
    "effort_sweet_spot": effort_sweet_spot,
    "coaching": coaching,
    "hiring": hiring,
    "pressure": pressure,
    "customer_mix": customer_mix,
    "portfolio_size": portfolio_size,
    "leading_indicator": leading_indicator,
}


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
        raise ConfigError(f"study {name!r}: unknown; choose one of {', '.join(STUDIES)}")
    changes = {
        "worlds": worlds,
        "worlds_count": worlds_count,
        "worlds_replications": worlds_replications,
        "posterior": None if posterior is None else str(Path(posterior).resolve()),
    }
    if scenario is None and replications is None and reps is None and not any(changes.values()):
        return load_sweep(path)
    data = dict(read_yaml(path))
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
    return validate_sweep(data, source=path)


def run_study(
    name: str, out: Path, *, workers=None, quiet: bool = True, force: bool = False, **size
) -> Path:
    """Run the study's sweep (resumably) into ``out`` and write its one-page answer; ``force``
    discards runs in ``out`` that are not runs of this study's sweep (``rapport sweep
    --force``)."""
    sweep = load_study(name, **size)
    run_sweep(sweep, out, workers=workers, quiet=quiet, force=force)
    return write_study(name, out, sweep)


def run_counts(store: ResultStore, results: pd.DataFrame, sweep: Sweep) -> dict[str, int]:
    """Runs planned, with results, and failed (their errors are in ``failures/``)."""
    manifest = store.read_manifest() or {}
    done = int(results["run_key"].nunique()) if not results.empty else 0
    failed = int(store.read_failures()["run_key"].nunique())
    planned = int(manifest.get("runs", {}).get("total", done + failed))
    return {"planned": planned, "done": done, "failed": failed}


def runs_sentence(counts: dict[str, int], sweep: Sweep) -> str:
    """What the answer rests on, failures named: never silently fewer runs than planned."""
    replications = sweep.file.sweep.replications
    each = f"{replications} replication{'s' if replications != 1 else ''} per setting"
    if sweep.worlds is not None:
        each += (
            f", and {sweep.file.worlds_replications} in each of {len(sweep.worlds)} plausible "
            "worlds"
        )
    text = f"{counts['done']} of {counts['planned']} planned simulation runs ({each})"
    if counts["failed"]:
        return (
            f"{text}; {counts['failed']} failed and are left out of every number "
            "(their errors are in `failures/`)"
        )
    return f"{text}; none failed"


def write_study(name: str, out: Path, sweep: Sweep) -> Path:
    """The one-page answer (study.html, study.md, study.png, answer.json) from stored results."""
    store = ResultStore(out)
    results = store.read_results()
    counts = run_counts(store, results, sweep)
    rng = np.random.default_rng(sweep.file.sweep.seed)
    nominal = results
    if "world" in results:  # the answer itself rests on the runs at the scenario's own values
        nominal = results[results["world"] == NOMINAL].drop(columns="world")
    answer = STUDIES[name](nominal, sweep, rng)
    add_worlds(answer, name, results, store, sweep)
    runs_text = runs_sentence(counts, sweep)
    if counts["failed"]:
        answer.answer += (
            f" ({counts['failed']} of {counts['planned']} runs failed and are left out.)"
        )
    figure = out / "study.png"
    answer.figure.tight_layout()
    answer.figure.savefig(figure, metadata={"Software": None})
    plt.close(answer.figure)
    (out / "answer.json").write_text(
        json.dumps(
            {
                "study": name,
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
        encoding="utf-8",
    )
    md = [
        f"# {answer.question}",
        "",
        f"**{answer.answer}**",
        "",
        *([answer.uncertainty["en"], ""] if answer.uncertainty else []),
        "![chart](study.png)",
        "",
        "## Assumptions",
        "",
        *[f"- {a}" for a in answer.assumptions],
        f"- {runs_text}; sweep config in `config.yaml`, results in `results/`.",
        "",
    ]
    (out / "study.md").write_text("\n".join(md), encoding="utf-8")
    items = "".join(f"<li>{html.escape(a)}</li>" for a in answer.assumptions)
    return write_page(
        out / "study.html",
        answer.question,
        [
            f"<p class=answer>{html.escape(answer.answer)}</p>",
            *uncertainty_section(answer),
            inline_image(figure, "chart"),
            f"<h2>Assumptions</h2><ul>{items}<li>{html.escape(runs_text)}.</li></ul>",
        ],
    )


def uncertainty_section(answer: Answer) -> list[str]:
    """The two intervals side by side, the sentence in English and German, and the drivers."""
    spread_ = answer.numbers.get("worlds")
    if not answer.uncertainty or spread_ is None:
        return []
    low, high = spread_["model_uncertainty_90"]
    noise = spread_["monte_carlo_95"]
    noise_cells = (
        f"<td>{noise[0]:.4g}</td><td>{noise[1]:.4g}</td>"
        if noise is not None
        else "<td colspan=2>none (see below)</td>"
    )
    ranked = sorted(spread_["r2_by_parameter"].items(), key=lambda kv: -kv[1])[:5]
    named = {d["parameter"] for d in spread_["drivers"]}
    rows = "".join(
        f"<tr><td style=text-align:left>{html.escape(parameter_name(p))}</td><td>{r2:.2f}</td>"
        f"<td>{'yes' if p in named else 'no'}</td></tr>"
        for p, r2 in ranked
    )
    return [
        "<h2>How sure is this?</h2>",
        "<table><tr><th></th><th>low</th><th>high</th></tr>"
        f"<tr><td style=text-align:left>Model uncertainty (90 % of {spread_['worlds']} "
        f"plausible worlds)</td><td>{low:.4g}</td><td>{high:.4g}</td></tr>"
        "<tr><td style=text-align:left>Monte Carlo noise (95 % CI at the scenario's own "
        f"values)</td>{noise_cells}</tr></table>",
        f"<p>{html.escape(answer.uncertainty['en'])}</p>",
        f"<p lang=de>{html.escape(answer.uncertainty['de'])}</p>",
        "<table><tr><th style=text-align:left>parameter</th><th>R² alone</th>"
        f"<th>named as a driver</th></tr>{rows}</table>",
    ]
