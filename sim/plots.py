"""Figures of a run, drawn from plain data (tables, arrays), never from the model.

Each ``*_figure`` function returns a matplotlib ``Figure``; ``save_figure`` and ``png_bytes``
write it. Every text a figure shows comes in through ``labels`` (a mapping from the names listed
in the function's docstring to finished strings, plus an optional ``decimal`` mark for the tick
numbers), so the caller picks the language: ``sim.texts.figure_labels`` gives them in English or
German.

Figures are built with matplotlib's object API, not ``pyplot``: the app draws PNG downloads in
background threads, one per browser session, and pyplot's global figure registry is not safe to
share between them.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator, ScalarFormatter

from sim.formats import (
    CHURNED_GREY,
    LEVEL_COLOURS,
    PALETTE,
    VERMILLION,
    WORLDS_GREY,
    curve_axis_end,
    empathy_colours,
    label_below,
)
from sim.state import WEEKLY_FLOWS

MAX_REP_LINES = 200
# Font sizes in points at the figures' 120 dpi: readable on a projector.
TITLE_SIZE, LABEL_SIZE, TICK_SIZE, LEGEND_SIZE = 16, 14, 12, 12

Labels = Mapping[str, str]


def _style(ax, *, title: str | None = None, x: str | None = None, y: str | None = None) -> None:
    """Title, axis labels, tick size and grid of one Axes."""
    if title is not None:
        ax.set_title(title, fontsize=TITLE_SIZE)
    if x is not None:
        ax.set_xlabel(x, fontsize=LABEL_SIZE)
    if y is not None:
        ax.set_ylabel(y, fontsize=LABEL_SIZE)
    ax.tick_params(labelsize=TICK_SIZE)
    ax.grid(alpha=0.3)


def use_decimal_mark(fig: Figure, mark: str) -> None:
    """Write the figure's tick numbers with ``mark`` as the decimal mark (German: comma)."""
    if mark == ".":
        return
    # A minus sign, as matplotlib's own formatter writes it (axes.unicode_minus), not a hyphen.
    comma = FuncFormatter(lambda x, _: f"{x:g}".replace(".", mark).replace("-", "\u2212"))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(comma)


def _finish(fig: Figure, labels: Labels, **layout) -> Figure:
    """Lay the figure out; write tick numbers with the labels' decimal mark (German: comma)."""
    use_decimal_mark(fig, labels.get("decimal", "."))
    fig.tight_layout(**layout)
    return fig


def _mark_weeks(ax, weeks: Sequence[int]) -> None:
    for week in weeks:
        ax.axvline(week, color=VERMILLION, ls="--", lw=1.4)


def _whole_weeks(ax) -> None:
    """Ticks on whole weeks only (a short run would otherwise get 2.5, 7.5, ...)."""
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def profile_colours(reps: pd.DataFrame, profiles: list[str]) -> dict[str, str]:
    """A colour per profile by its reps' empathy in the last week drawn (the mean of perception
    and regulation), as the app's relationship chart colours them (``empathy_colours``): a hard
    worker in the effort curve's low-empathy colour on the page and in its download alike.
    Without the traits (a frame of other columns), the palette in the profiles' order."""
    if not {"perception", "regulation"} <= set(reps.columns):
        return {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(profiles)}
    last = reps[reps["week"] == reps["week"].max()]
    empathy = (
        ((last["perception"] + last["regulation"]) / 2).groupby(last["profile"].astype(str)).mean()
    )
    return empathy_colours({p: float(empathy[p]) for p in profiles})


def trajectory_figure(
    weekly: pd.DataFrame,
    reps: pd.DataFrame,
    *,
    labels: Labels,
    intervention_weeks: Sequence[int] = (),
) -> Figure:
    """Team mean relationship (bold) and each rep's mean relationship (thin), one colour a profile.

    ``labels``: ``title``, ``x``, ``y``, ``team_mean``, ``intervention``. With more than
    ``MAX_REP_LINES`` reps an evenly spaced subset of reps is drawn.
    """
    fig = Figure(figsize=(10, 5.5), dpi=120)
    ax = fig.add_subplot()
    rep_ids = np.sort(reps["rep"].unique())
    if rep_ids.size > MAX_REP_LINES:
        rep_ids = rep_ids[np.linspace(0, rep_ids.size - 1, MAX_REP_LINES).astype(int)]
    # In order of first appearance; unique() first: a million customers' run has millions of rows
    profiles = list(dict.fromkeys(str(p) for p in pd.unique(reps["profile"])))
    colour = profile_colours(reps, profiles)
    wide = reps.pivot(index="week", columns="rep", values="relationship")
    rep_profile = reps.drop_duplicates("rep").set_index("rep")["profile"].astype(str)
    for rep in rep_ids:
        ax.plot(wide.index, wide[rep], color=colour[rep_profile[rep]], lw=0.6, alpha=0.35)
    ax.plot(
        weekly["week"],
        weekly["relational_performance"],
        color="black",
        lw=3,
        label=labels["team_mean"],
    )
    if len(profiles) > 1:
        for p in profiles:
            ax.plot([], [], color=colour[p], lw=2, label=p)
    _mark_weeks(ax, intervention_weeks)
    _whole_weeks(ax)
    if len(intervention_weeks):
        ax.plot([], [], color=VERMILLION, ls="--", lw=1.4, label=labels["intervention"])
    _style(ax, title=labels["title"], x=labels["x"], y=labels["y"])
    ax.set_ylim(0, 1)
    ax.set_xlim(weekly["week"].min(), weekly["week"].max())
    ax.legend(loc="best", fontsize=LEGEND_SIZE)
    return _finish(fig, labels)


OUTCOMES = {"revenue": PALETTE[2], "churned": VERMILLION, "wasted_hours": PALETTE[1]}


def outcomes_figure(
    weekly: pd.DataFrame, *, labels: Labels, intervention_weeks: Sequence[int] = ()
) -> Figure:
    """Revenue, cumulative churn and wasted hours over the weeks, side by side.

    The weekly flows (revenue, wasted hours) start at week 1: week 0, before any week ran, has
    none, and a 0 there would draw a false ramp.

    ``labels``: ``title`` (the whole figure), ``x``, and one panel title per column of
    ``OUTCOMES`` (``revenue``, ``churned``, ``wasted_hours``).
    """
    fig = Figure(figsize=(14, 4.8), dpi=120)
    axes = fig.subplots(1, len(OUTCOMES))
    for ax, (name, colour) in zip(axes, OUTCOMES.items(), strict=True):
        shown = weekly[weekly["week"] > 0] if name in WEEKLY_FLOWS else weekly
        ax.plot(shown["week"], shown[name], color=colour, lw=2.5)
        ax.set_xlim(0, max(1, weekly["week"].max()))
        _mark_weeks(ax, intervention_weeks)
        _whole_weeks(ax)
        _style(ax, title=labels[name], x=labels["x"])
        ax.set_ylim(bottom=0)
    fig.suptitle(labels["title"], fontsize=TITLE_SIZE)
    return _finish(fig, labels)


def portfolio_figure(
    relationship: np.ndarray,
    irritated: np.ndarray,
    recently_churned: np.ndarray,
    *,
    labels: Labels,
    rep_labels: Sequence[int] | None = None,
) -> Figure:
    """Each rep a row, each customer a cell coloured by relationship (viridis); irritated
    customers dotted, recently churned slots grey.

    ``labels``: ``title``, ``x``, ``y``, ``colour`` (the colour bar), ``irritated``,
    ``churned``.
    """
    rows, cols = relationship.shape
    fig = Figure(figsize=(max(10, cols * 0.2 + 3), max(3.5, rows * 0.25 + 2.2)), dpi=120)
    ax = fig.add_subplot()
    shown = np.ma.masked_array(relationship, mask=recently_churned)
    cmap = matplotlib.colormaps["viridis"].with_extremes(bad=CHURNED_GREY)
    image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    r, c = np.nonzero(irritated)
    ax.scatter(c, r, s=14, c="black", edgecolors="white", linewidths=0.8)
    names = rep_labels if rep_labels is not None else list(range(rows))
    step = max(1, rows // 20)
    ax.set_yticks(range(0, rows, step), [str(names[i] + 1) for i in range(0, rows, step)])
    ax.set_xticks([])
    _style(ax, title=labels["title"], x=labels["x"], y=labels["y"])
    ax.grid(False)
    bar = fig.colorbar(image, ax=ax)
    bar.set_label(labels["colour"], fontsize=LABEL_SIZE)
    bar.ax.tick_params(labelsize=TICK_SIZE)
    marks = [
        Line2D([], [], ls="", marker="o", color="black", markeredgecolor="white", markersize=6),
        Patch(color=CHURNED_GREY),
    ]
    fig.legend(
        marks,
        [labels["irritated"], labels["churned"]],
        loc="lower center",
        ncols=2,
        fontsize=LEGEND_SIZE,
        frameon=False,
    )
    return _finish(fig, labels, rect=(0, 0.07, 1, 1))


def effort_curve_figure(
    efforts: Sequence[float],
    means: Mapping[str, Sequence[float]],
    turning_points: Mapping[str, float | None],
    current_effort: float,
    *,
    labels: Labels,
    band: tuple[Sequence[float], Sequence[float], Sequence[float]] | None = None,
) -> Figure:
    """Final relationship quality over effort, one line per empathy level (``LEVEL_COLOURS``),
    the current effort marked and each turning point pinned; with ``band`` (efforts, low,
    high), the current team's range in plausible worlds, dashed.

    ``labels``: ``title``, ``x``, ``y``, ``current_effort``, ``level.<level>`` for every level
    in ``means``, ``turning.<level>`` for every level with a turning point and, with ``band``,
    ``band``. Two turning points at the same place (the current team's empathy is a level's)
    get one label.
    """
    fig = Figure(figsize=(10, 7), dpi=120)
    ax = fig.add_subplot()
    pinned: list[tuple[str, float, float]] = []  # (label, effort, quality) of each label drawn
    for level, values in means.items():
        colour = LEVEL_COLOURS.get(level, PALETTE[len(ax.lines) % len(PALETTE)])
        ax.plot(
            efforts,
            values,
            color=colour,
            lw=3.5 if level == "current" else 2.5,
            marker="o",
            markersize=6,
            label=labels[f"level.{level}"],
        )
        peak = turning_points.get(level)
        if peak is not None:
            y = float(np.interp(peak, efforts, values))
            ax.plot([peak], [y], marker="v", markersize=13, color=colour, mec="white", ls="")
            text = labels[f"turning.{level}"]
            if any(text == other and peak == x and abs(y - q) < 0.05 for other, x, q in pinned):
                continue  # the same words on the same spot: one label
            pinned.append((text, peak, y))
            crowded = label_below(efforts, means, level, peak)  # no line across the words
            ax.annotate(
                text,
                (peak, y),
                xytext=(0, -16 if crowded else 12),
                textcoords="offset points",
                ha="center",
                va="top" if crowded else "bottom",
                fontsize=TICK_SIZE,
                color=colour,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.85},
            )
    if band is not None:
        band_efforts, low, high = band
        colour = LEVEL_COLOURS["current"]
        ax.plot(band_efforts, low, color=colour, ls="--", lw=2, label=labels["band"])
        ax.plot(band_efforts, high, color=colour, ls="--", lw=2)
    ax.axvline(current_effort, color="#555555", ls="--", lw=2, label=labels["current_effort"])
    _style(ax, title=labels["title"], x=labels["x"], y=labels["y"])
    ax.set_xlim(0, curve_axis_end(efforts, current_effort))
    ax.set_ylim(0, 1)
    # below the plot, in two columns: inside it (lower left) the key covered the start of the
    # worlds' lower line and the current effort's, where low effort is read
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.13), ncol=2, fontsize=LEGEND_SIZE, frameon=False
    )
    return _finish(fig, labels)


def comparison_figure(
    weeks: Sequence[int],
    baseline: Sequence[float],
    whatif: Sequence[float],
    difference: Sequence[float],
    low: Sequence[float],
    high: Sequence[float],
    *,
    labels: Labels,
    worlds: tuple[Sequence[float], Sequence[float]] | None = None,
) -> Figure:
    """Both mean trajectories (top) and their paired difference with its 95 % band (bottom);
    with ``worlds`` (low, high per week), the difference's range in plausible worlds, dashed
    grey, as the page draws it.

    ``labels``: ``title``, ``x``, ``y``, ``baseline``, ``whatif``, ``difference`` (also the
    lower panel's axis), ``band`` and, with ``worlds``, ``worlds``.
    """
    fig = Figure(figsize=(10, 9), dpi=120)
    top, bottom = fig.subplots(2, 1, sharex=True)
    top.plot(weeks, baseline, color=PALETTE[0], lw=3, label=labels["baseline"])
    top.plot(weeks, whatif, color=VERMILLION, lw=3, label=labels["whatif"])
    _style(top, title=labels["title"], y=labels["y"])
    top.set_ylim(0, 1)
    top.legend(loc="best", fontsize=LEGEND_SIZE)
    bottom.fill_between(weeks, low, high, color=PALETTE[5], alpha=0.4, lw=0, label=labels["band"])
    if worlds is not None:
        low_worlds, high_worlds = worlds
        bottom.plot(weeks, low_worlds, color=WORLDS_GREY, ls="--", lw=2, label=labels["worlds"])
        bottom.plot(weeks, high_worlds, color=WORLDS_GREY, ls="--", lw=2)
    bottom.plot(weeks, difference, color="black", lw=3, label=labels["difference"])
    bottom.axhline(0, color="#555555", lw=1)
    _style(bottom, x=labels["x"], y=labels["difference"])
    bottom.set_xlim(weeks[0], weeks[-1])
    bottom.legend(loc="best", fontsize=LEGEND_SIZE)
    return _finish(fig, labels)


def options_figure(
    quality: Mapping[str, tuple[Sequence[float], Sequence[float], Sequence[float]]],
    colours: Mapping[str, str],
    *,
    labels: Labels,
) -> Figure:
    """Each option's mean relationship quality over the weeks with its shaded 95 % band, in the
    colour ``colours`` gives it (Side by side, as the page draws it).

    ``quality``: option name -> (weekly mean, low, high), week 0 first; options may run for
    different numbers of weeks. ``labels``: ``title``, ``x``, ``y``, ``band``.
    """
    fig = Figure(figsize=(10, 6), dpi=120)
    ax = fig.subplots()
    longest = 0
    for name, (mean, low, high) in quality.items():
        weeks = np.arange(len(mean))
        longest = max(longest, len(mean) - 1)
        ax.fill_between(weeks, low, high, color=colours[name], alpha=0.2, lw=0)
        ax.plot(weeks, mean, color=colours[name], lw=3, label=name)
    _style(ax, title=labels["title"], x=labels["x"], y=labels["y"])
    ax.set_ylim(0, 1)
    ax.set_xlim(0, max(longest, 1))
    _whole_weeks(ax)
    handles, names = ax.get_legend_handles_labels()
    band = Patch(facecolor="#888888", alpha=0.2, label=labels["band"])
    ax.legend([*handles, band], [*names, labels["band"]], loc="best", fontsize=LEGEND_SIZE)
    return _finish(fig, labels)


def save_figure(fig: Figure, path: str | Path) -> Path:
    """Write ``fig`` as PNG to ``path`` (no software tag, so the bytes depend only on the data)."""
    path = Path(path)
    fig.savefig(path, format="png", metadata={"Software": None})
    return path


def png_bytes(fig: Figure) -> bytes:
    """``fig`` as PNG bytes (for downloads)."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
