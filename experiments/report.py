"""The sweep report: figures and honest inverted-U statistics, from stored results only.

This module reads a results folder (``experiments.store``); it never imports or runs the model.
It writes ``report.html`` (self-contained: figures embedded) and the same figures as PNG files in
``figures/`` beside it, plus ``analysis.json`` with every number the report states. It reports
only the runs of the folder's ``config.yaml``, and removes the figures it made before and no
longer makes (only those: other files in ``figures/`` are the user's). It writes in English or
German (``lang``; its texts: ``experiments.report_texts``): a report in the other language
replaces the last one, as the figures keep their names.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
import sys
import warnings
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import yaml
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter

from experiments.intervals import grid_edge, interval_edge, mean_interval
from experiments.pages import save_figure, write_page
from experiments.refusals import failure
from experiments.report_texts import counted, number, percent, reason_text, say, whole
from experiments.stats import analyse_curve
from experiments.store import NOT_PLANNED, LeftOut, ResultStore, write_text_atomically
from experiments.worlds import NOMINAL, SPREAD
from sim.formats import PALETTE, json_default
from sim.metrics import METRICS, column_units
from sim.params import PARAMS, ConfigError
from sim.plots import use_decimal_mark
from sim.texts import COLUMNS_DE, DECIMAL_MARK, unit

EFFORT = "reps.effort_hours"
EMPATHY = ("reps.perception", "reps.regulation")
META = {"run_key", "point", "replication", "seed", "week"}
# What a figure the report wrote is called; any other name a record holds is not the report's.
FIGURE_NAME = re.compile(r"[\w.-]+\.png")


def mean_band(values: pd.Series) -> tuple[float, float, float]:
    """Mean and its 95 % confidence band (t interval over replications)."""
    mean, low, high = mean_interval(values.to_numpy(dtype=float))
    return float(mean), float(low), float(high)


class Report:
    """Collects sections (HTML) and figures while the analysis runs."""

    def __init__(self, folder: Path, lang: str = "en"):
        self.folder = folder
        self.lang = lang
        self.figures = folder / "figures"
        self.figures.mkdir(exist_ok=True)
        self.sections: list[str] = []
        self.analysis: dict[str, Any] = {}
        self.written: list[str] = []  # the figures' file names, in figures/

    def figure(self, fig, name: str, caption: str) -> None:
        path = self.figures / f"{name}.png"
        self.written.append(path.name)
        use_decimal_mark(fig, DECIMAL_MARK[self.lang])
        fig.tight_layout()
        png = save_figure(fig, path, dpi=110)
        plt.close(fig)
        data = base64.b64encode(png).decode()
        self.sections.append(
            f'<figure><img src="data:image/png;base64,{data}" alt="{html.escape(caption)}">'
            f"<figcaption>{html.escape(caption)} (<code>figures/{name}.png</code>)</figcaption>"
            "</figure>"
        )

    def heading(self, text: str) -> None:
        self.sections.append(f"<h2>{html.escape(text)}</h2>")

    def paragraph(self, text: str) -> None:
        self.sections.append(f"<p>{html.escape(text)}</p>")

    def table(self, frame: pd.DataFrame) -> None:
        self.sections.append(
            frame.to_html(index=False, border=0, float_format=lambda v: number(v, self.lang, ".4g"))
        )


# English labels that differ from a metric's column name: the app, the studies and the run's
# table call the team's mean relationship "relationship quality" (the paper's construct, which
# the column is named after, is "relational performance").
LABELS_EN = {"relational_performance": "relationship quality"}


def _label(name: str, lang: str = "en") -> str:
    """A metric's or parameter's name in ``lang``: English its last part ("effort hours") or
    its ``LABELS_EN``, German as the app names it ("Beziehungsqualität im Teammittel",
    "Einsatz")."""
    if lang == "en" and name in LABELS_EN:
        return LABELS_EN[name]
    if lang == "de":
        if name in METRICS:  # the German column name without its unit
            return re.sub(r" \([^()]*\)$", "", COLUMNS_DE[name])
        if name in PARAMS and PARAMS[name].label_de:
            return PARAMS[name].label_de
        if name == "week":
            return say("chart.week", lang)
    return name.split(".")[-1].replace("_", " ")


def _parameter_x_axis(ax: Any, name: str, lang: str, log: bool = False) -> None:
    """The x axis of a parameter: its label with its unit, and whole ticks for a whole-number
    parameter (no team of 2.2 people between the runs of 2 and 3); ``log`` for a parameter
    sampled log-uniformly, whose points then spread evenly over the axis."""
    ax.set_xlabel(_axis(name, lang))
    if log:
        # ticks at 1, 2, 3 and 5 of each decade in plain numbers ("2", not "2×10⁰")
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 3.0, 5.0)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: number(v, lang, ".3g")))
        ax.xaxis.set_minor_formatter(NullFormatter())
    elif name in PARAMS and PARAMS[name].type == "int":
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def log_sampled(config: dict[str, Any]) -> set[str]:
    """The parameters a sampling design draws log-uniformly (``distribution: loguniform``)."""
    parameters = config.get("sweep", {}).get("parameters", {}) or {}
    return {
        name
        for name, spec in parameters.items()
        if isinstance(spec, dict) and spec.get("distribution") == "loguniform"
    }


def _axis(name: str, lang: str = "en") -> str:
    """An axis's label with its unit, "effort hours (h/week)", where the name has one (German
    "Einsatz (h/Woche)", "Wahrnehmung (Empathie, 0–1)")."""
    if lang == "de" and name in METRICS:
        return COLUMNS_DE[name]
    shown = column_units([name]).get(name)
    label = _label(name, lang)
    if not shown or shown == name:
        return label
    shown = unit(shown, lang)
    if lang == "de" and label.endswith(")"):  # one pair of brackets, not two
        return f"{label[:-1]}, {shown})"
    return f"{label} ({shown})"


def _level_text(row: dict[str, Any], lang: str = "en") -> str:
    return say("level.sep", lang).join(
        f"{_label(k, lang)} {number(v, lang) if isinstance(v, float) else v}"
        for k, v in row.items()
    ) or say("level.all", lang)


def _over(averaged: Sequence[str], lang: str) -> str:
    """ "; averaged over decay, …" for the axes a figure averages over, or "". Names, not levels:
    German lists them with commas and "und" ("Wahrnehmung (Empathie) und Toleranz"), not with
    the semicolons that part its levels' decimal commas."""
    names = [_label(a, lang) for a in averaged]
    if len(names) > 1:
        names = [say("over.sep", lang).join(names[:-1]) + say("over.last", lang) + names[-1]]
    return say("over", lang, names=names[0]) if averaged else ""


def varied_parameters(results: pd.DataFrame, metrics: list[str]) -> list[str]:
    return [c for c in results.columns if c not in META and c not in metrics]


def free_parameters(config: dict[str, Any], varied: list[str]) -> list[str]:
    axes = config["sweep"]["parameters"]
    return [p for p in varied if not (isinstance(axes.get(p), dict) and "link" in axes[p])]


def lines_by(final: pd.DataFrame, others: list[str]) -> tuple[list[str], list[str]]:
    """The other axes a figure draws one line per level of, and those it averages over.

    One line per combination of every other axis, while they are at most as many as the
    palette's colours; else per level of the first axis with few enough levels, averaged over
    the rest (three axes of 5 levels drew 25 lines in 8 repeating colours under a legend of 25
    entries); else one line, averaged over all of them.
    """
    if not others or len(final[others].drop_duplicates()) <= len(PALETTE):
        return others, []
    kept = next((o for o in others if final[o].nunique() <= len(PALETTE)), None)
    return ([kept], [o for o in others if o != kept]) if kept else ([], others)


def plot_metric_lines(
    report: Report, final: pd.DataFrame, metric: str, x: str, others: list[str]
) -> None:
    """Metric (final week) against ``x``: one line per level of the other axes (``lines_by``:
    averaged over some where they would be too many lines), 95 % band over replications (none,
    and the caption says so, where no point has two)."""
    lang = report.lang
    others, averaged = lines_by(final, others)
    if averaged:
        final = replication_means(final, metric, [x, *others], averaged)
    banded = bool((final.groupby([x, *others])[metric].count() >= 2).any())
    fig, ax = plt.subplots(figsize=(8, 4.5))
    # a categorical axis (``channels.schedule: [rate, discrete]``) is drawn at evenly spaced
    # positions named by its values
    order = None if pd.api.types.is_numeric_dtype(final[x]) else sorted(final[x].unique())
    groups = final.groupby(others, sort=True) if others else [((), final)]
    for i, (level, frame) in enumerate(groups):
        level = level if isinstance(level, tuple) else (level,)
        stats = frame.groupby(x)[metric].apply(mean_band)
        if order is None:
            xs = stats.index.to_numpy(dtype=float)
        else:
            xs = np.array([order.index(value) for value in stats.index], dtype=float)
        mean, low, high = (np.array([s[k] for s in stats]) for k in range(3))
        colour = PALETTE[i % len(PALETTE)]
        ax.plot(
            xs,
            mean,
            marker="o",
            color=colour,
            lw=2,
            label=_level_text(dict(zip(others, level, strict=True)), lang),
        )
        ax.fill_between(xs, low, high, color=colour, alpha=0.2)
    if order is not None:
        ax.set_xticks(range(len(order)), [str(value) for value in order])
    _parameter_x_axis(ax, x, lang)
    ax.set_ylabel(_axis(metric, lang))
    ax.grid(alpha=0.3)
    if others:
        ax.legend(fontsize=8)
    report.figure(
        fig,
        f"{metric}-vs-{_label(x).replace(' ', '_')}",
        say(
            "caption.lines" if banded else "caption.lines.single",
            lang,
            metric=_label(metric, lang),
            x=_label(x, lang),
            over=_over(averaged, lang),
        ),
    )


def replication_means(
    final: pd.DataFrame, metric: str, drawn: list[str], averaged: list[str]
) -> pd.DataFrame:
    """``metric`` averaged over the axes ``averaged`` replication by replication, for each
    level of the axes ``drawn``: the values a band over replications is drawn from.

    A replication is kept only where it has a run in every cell it averages over (every
    combination of the averaged axes with runs at that level): in an unfinished folder a
    replication missing some cells averaged only the others, and the mean leaned to those
    cells instead of only being less precise (an analyst's audit).
    """
    cells = final.drop_duplicates([*drawn, *averaged]).groupby(drawn).size().rename("cells")
    means = final.groupby([*drawn, "replication"], as_index=False)[metric].agg(["mean", "size"])
    means = means.join(cells, on=drawn)
    whole = means[means["size"] == means["cells"]]
    return whole[[*drawn, "replication", "mean"]].rename(columns={"mean": metric})


def plot_worlds_band(
    report: Report, final: pd.DataFrame, drawn: pd.DataFrame, metric: str, x: str
) -> None:
    """Metric against ``x`` at the scenario's own values (mean, 95 % band over replications)
    beside the range of the worlds' means (5–95 % over worlds); other axes averaged."""
    lang = report.lang
    fig, ax = plt.subplots(figsize=(8, 4.5))
    by_world = drawn.groupby([x, "world"])[metric].mean().unstack("world")
    xs = by_world.index.to_numpy(dtype=float)
    ax.fill_between(
        xs,
        by_world.quantile(SPREAD[0], axis=1),
        by_world.quantile(SPREAD[1], axis=1),
        color=PALETTE[2],
        alpha=0.2,
        label=say("legend.worlds", lang, count=by_world.shape[1]),
    )
    ax.plot(
        xs,
        by_world.median(axis=1),
        color=PALETTE[2],
        ls="--",
        label=say("legend.median_world", lang),
    )
    stats = final.groupby(x)[metric].apply(mean_band)
    mean, low, high = (np.array([s[k] for s in stats]) for k in range(3))
    nominal_x = stats.index.to_numpy(dtype=float)
    ax.plot(nominal_x, mean, color=PALETTE[0], lw=2, label=say("legend.own_values", lang))
    ax.fill_between(
        nominal_x, low, high, color=PALETTE[0], alpha=0.3, label=say("compare.band", lang)
    )
    _parameter_x_axis(ax, x, lang)
    ax.set_ylabel(_axis(metric, lang))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    report.figure(
        fig,
        f"worlds-{metric}-vs-{_label(x).replace(' ', '_')}",
        say("caption.worlds", lang, metric=_label(metric, lang), x=_label(x, lang)),
    )


SCATTER_BINS = 12  # a sampled axis's values in bins for its mean line


def plot_scatter(
    report: Report, final: pd.DataFrame, metric: str, x: str, log: bool = False
) -> None:
    """``metric`` against a sampled parameter ``x``, with its mean per value (a few values) or
    per bin; ``log``: a log-uniformly sampled ``x``, on a log axis with bins of equal ratio."""
    lang = report.lang
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.scatter(final[x], final[metric], s=8, alpha=0.4, color=PALETTE[0])
    if final[x].nunique() <= SCATTER_BINS:  # a few values (a categorical axis): the mean at each
        means = final.groupby(x)[metric].mean()
        ax.plot(
            means.index,
            means.to_numpy(),
            "o-",
            color=PALETTE[3],
            lw=2,
            label=say("legend.mean", lang),
        )
    else:
        where = np.log(final[x]) if log else final[x]
        bins = pd.cut(where, bins=SCATTER_BINS)
        binned = final.groupby(bins, observed=True)[metric].mean()
        centres = [math.exp(i.mid) if log else i.mid for i in binned.index]
        ax.plot(
            centres,
            binned.to_numpy(),
            color=PALETTE[3],
            lw=2,
            label=say("legend.binned_mean", lang),
        )
    _parameter_x_axis(ax, x, lang, log=log)
    ax.set_ylabel(_axis(metric, lang))
    ax.legend()
    ax.grid(alpha=0.3)
    report.figure(
        fig,
        f"{metric}-scatter-{_label(x).replace(' ', '_')}",
        say("caption.scatter", lang, metric=_label(metric, lang), x=_label(x, lang)),
    )


def plot_heatmap(
    report: Report, final: pd.DataFrame, metric: str, empathy: str, averaged: Sequence[str] = ()
) -> None:
    """Mean of ``metric`` per effort and ``empathy`` level; the caption names the ``averaged``
    axes, whose levels each cell pools (a decay of 0.01 and 0.05 in one cell)."""
    lang = report.lang
    table = final.groupby([empathy, EFFORT])[metric].mean().unstack(EFFORT).sort_index()
    fig, ax = plt.subplots(figsize=(8, 3.5))
    image = ax.imshow(table.to_numpy(), aspect="auto", origin="lower", cmap="viridis")
    ax.set_xticks(range(table.shape[1]), [number(v, lang) for v in table.columns])
    ax.set_yticks(range(table.shape[0]), [number(v, lang) for v in table.index])
    ax.set_xlabel(_axis(EFFORT, lang))
    ax.set_ylabel(_axis(empathy, lang))
    fig.colorbar(image, ax=ax, label=_axis(metric, lang))
    caption = say(
        "caption.heatmap",
        lang,
        metric=_label(metric, lang),
        empathy=_label(empathy, lang),
        over=_over(averaged, lang),
    )
    report.figure(fig, f"heatmap-{metric}", caption)


def plot_over_time(report: Report, results: pd.DataFrame, metric: str, free: list[str]) -> None:
    """The metric week by week: one line per level of the axes ``lines_by`` draws (as many as
    the palette has colours, each its own), averaged over replications and the other axes."""
    lang = report.lang
    fig, ax = plt.subplots(figsize=(8, 4.5))
    drawn, averaged = lines_by(results, free)
    means = results.groupby([*drawn, "week"])[metric].mean().reset_index()
    levels = means.groupby(drawn) if drawn else [((), means)]
    for i, (level, frame) in enumerate(levels):
        level = level if isinstance(level, tuple) else (level,)
        ax.plot(
            frame["week"],
            frame[metric],
            color=PALETTE[i % len(PALETTE)],
            lw=1.5,
            label=_level_text(dict(zip(drawn, level, strict=True)), lang),
        )
    ax.set_xlabel(say("chart.week", lang))
    ax.set_ylabel(_axis(metric, lang))
    ax.grid(alpha=0.3)
    if drawn:
        ax.legend(fontsize=7, ncol=2)
    report.figure(
        fig,
        f"{metric}-over-time",
        say("caption.over_time", lang, metric=_label(metric, lang), over=_over(averaged, lang)),
    )


# Distinct efforts a curve needs before the inverted-U tests judge it.
MIN_EFFORT_LEVELS = 5


def inverted_u_section(report: Report, final: pd.DataFrame, metric: str, free: list[str]) -> None:
    """Turning point, Lind–Mehlum and two-lines test of effort, per level of the other axes."""
    lang = report.lang
    others = [p for p in free if p != EFFORT]
    groups = final.groupby(others, sort=True) if others else [((), final)]
    rows, results, too_few = [], [], []
    for level, frame in groups:
        level = level if isinstance(level, tuple) else (level,)
        where = dict(zip(others, level, strict=True))
        if frame[EFFORT].nunique() < MIN_EFFORT_LEVELS:
            too_few.append(frame[EFFORT].nunique())
            continue
        analysis = analyse_curve(
            frame[EFFORT],
            frame[metric],
            x_name="effort_hours",
            unit=say("effort.unit", lang),
            outcome=_label(metric, lang),
            lang=lang,
        )
        tp, lm, tl = analysis.turning_point, analysis.lind_mehlum, analysis.two_lines
        peak = analysis.peak
        means = frame.groupby(EFFORT)[metric].mean()
        fall = float(means.max() - means.iloc[-1])
        relative = fall / means.max() if means.max() else float("nan")
        size = _fall_text(means, fall, relative, lang)
        # A highest mean at an end of the effort range, or an interval reaching one, says only
        # that the peak lies there or beyond: flagged in the table, not only in the sentence.
        efforts = means.index.to_numpy(dtype=float)
        at_edge = grid_edge(peak.estimate, efforts)
        ci_at_edge = None if at_edge else interval_edge(peak.ci, efforts)
        edge = (
            say(f"edge.{at_edge}", lang)
            if at_edge
            else say(f"edge.ci_{ci_at_edge}", lang)
            if ci_at_edge
            else say("no", lang)
        )
        cells = {
            "level": _level_text(where, lang),
            "inverted_u": say("yes" if analysis.inverted_u else "no", lang),
            # a convex quadratic's turning point is its lowest point, not a peak
            "quadratic": say(
                "quadratic.peaks" if analysis.quadratic.b2 < 0 else "quadratic.dips", lang
            ),
            "peak": peak.estimate,
            "peak_ci": "–".join(number(v, lang, ".1f") for v in peak.ci) if peak.ci else "–",
            "edge": edge,
            "turning_point": tp.estimate,
            "ci": "–".join(number(v, lang, ".1f") for v in tp.ci)
            if tp.fieller_bounded
            else say("unbounded", lang),
            "lind_mehlum": p_cell(lm.p_value, lm.alpha, lang),
            "fall": percent(relative, lang),
            "slope1": tl.slope1,
            "p1": p_cell(tl.p1, tl.alpha, lang),
            "slope2": tl.slope2,
            "p2": p_cell(tl.p2, tl.alpha, lang),
        }
        rows.append({say(f"column.{key}", lang): value for key, value in cells.items()})
        results.append(
            {
                "level": where,
                "summary": analysis.summary,
                "effect": size,
                "fall": fall,
                "relative_fall": relative,
                "at_grid_edge": at_edge,
                "ci_at_grid_edge": ci_at_edge,
                **analysis.to_dict(),
            }
        )
        report.sections.append(
            f"<p><b>{html.escape(_level_text(where, lang))}:</b> {html.escape(analysis.summary)}. "
            f"{html.escape(size)}</p>"
        )
    if rows:
        report.table(pd.DataFrame(rows))
        report.paragraph(say("verdicts", lang))
    if too_few:  # the section says why it has nothing to show, rather than stay empty
        report.paragraph(
            say(
                "not_tested",
                lang,
                count=max(too_few),
                per=say("not_tested.per", lang) if others else "",
                minimum=MIN_EFFORT_LEVELS,
            )
        )
    report.analysis.setdefault("inverted_u", {})[metric] = results


def p_cell(p: float, alpha: float, lang: str = "en") -> str | float:
    """A p-value as the inverted-U table writes it: "< 0.001" below 0.001 (German "< 0,001";
    not "4.527e-08"), else three decimals, more where three would round it to the other side of
    ``alpha`` ("0.0496", not "0.050"); NaN as the table writes any number."""
    if not math.isfinite(p):
        return p
    if p < 0.001:
        return "< " + number(0.001, lang, ".3f")
    digits = 3
    while digits < 6 and (round(p, digits) < alpha) != (p < alpha):
        digits += 1
    return number(p, lang, f".{digits}f")


def _fall_text(means: pd.Series, fall: float, relative: float, lang: str = "en") -> str:
    """How far the mean falls from its best to the top of the effort range, in words: a best
    at either end of the range is named as such (the peak may lie beyond it)."""
    best, best_at = float(means.max()), float(means.idxmax())
    lowest, highest = float(means.index[0]), float(means.index[-1])
    if best_at == highest:
        return say("fall.top", lang, best=number(best, lang, ".3g"), highest=number(highest, lang))
    text = say(
        "fall",
        lang,
        best=number(best, lang, ".3g"),
        best_at=number(best_at, lang),
        highest=number(highest, lang),
        fall=number(fall, lang, ".3g"),
        relative=percent(relative, lang),
    ) + say("fall.flat" if relative < 0.05 else "fall.end", lang)
    if best_at == lowest:
        text += say("fall.lowest", lang, lowest=number(lowest, lang))
    return text


# A 95 % half-width above which Sobol indices cannot be ranked (they span tenths of the variance)
SOBOL_WIDE = 0.1


def sobol_caution(result: Any, samples: int, lang: str = "en") -> str:
    """A warning when Sobol indices are too noisy to read ("" when they are not): intervals
    wider than ``SOBOL_WIDE``, or first-order indices below 0 or above the total ones, which
    only estimation noise produces."""
    s1, st = np.asarray(result["S1"]), np.asarray(result["ST"])
    widest = float(np.nanmax(np.r_[result["S1_conf"], result["ST_conf"]]))
    impossible = int(np.sum((s1 < 0) | (s1 > st)))
    if widest <= SOBOL_WIDE and not impossible:
        return ""
    odd = (
        say("caution.odd", lang, count=counted("count.odd", impossible, lang)) if impossible else ""
    )
    return say("caution", lang, samples=samples, widest=number(widest, lang, ".2f"), odd=odd)


def morris_caution(result: Any, trajectories: int, lang: str = "en") -> str:
    """A warning when the ranking of Morris indices is not supported ("" when it is): two
    neighbours in the ranking by mu* whose 95 % intervals overlap."""
    mu, conf = np.asarray(result["mu_star"]), np.asarray(result["mu_star_conf"])
    order = np.argsort(-mu)
    mu, conf = mu[order], conf[order]
    overlaps = int(np.sum(mu[1:] + conf[1:] >= mu[:-1] - conf[:-1]))
    if not overlaps:
        return ""
    pairs = counted("count.overlaps", overlaps, lang)
    return say("caution.morris", lang, trajectories=whole(trajectories, lang), pairs=pairs)


def sensitivity_section(
    report: Report,
    store: ResultStore,
    final: pd.DataFrame,
    config: dict[str, Any],
    metrics: list[str],
) -> None:
    """Sobol (S1, ST) or Morris (mu*, sigma) indices with confidence intervals, ranked."""
    lang = report.lang
    method = config["sweep"]["method"]
    design = store.read_design()
    unit_columns = [c for c in design.columns if c.startswith("unit:")]
    names = [c.removeprefix("unit:") for c in unit_columns]
    problem = {"num_vars": len(names), "names": names, "bounds": [[0.0, 1.0]] * len(names)}
    per_point = final.groupby("point")[metrics].mean()
    missing = set(design["runs_of"]) - set(per_point.index)
    if missing:
        skipped = counted("count.points", len(missing), lang)
        report.paragraph(say("sensitivity.skipped", lang, missing=skipped))
        return
    report.analysis["sensitivity"] = {}
    # Here, not at the top: a grid or Monte Carlo sweep's report (most of them) has no use for
    # SALib's analyses, which take about 0.3 s to import at every command.
    from SALib.analyze import morris, sobol

    for metric in metrics:
        # Identical points share their runs: each takes the results of the first of them.
        y = per_point.loc[design["runs_of"], metric].to_numpy(dtype=float)
        if method == "sobol":
            result = sobol.analyze(problem, y, calc_second_order=False, seed=1)
            frame = pd.DataFrame(
                {
                    "parameter": names,
                    "S1": result["S1"],
                    "S1 95 % ±": result["S1_conf"],
                    "ST": result["ST"],
                    "ST 95 % ±": result["ST_conf"],
                }
            ).sort_values("ST", ascending=False)
            key, err = "ST", "ST 95 % ±"
        else:
            x = design[unit_columns].to_numpy(dtype=float)
            result = morris.analyze(problem, x, y, num_levels=config["sweep"]["levels"], seed=1)
            frame = pd.DataFrame(
                {
                    "parameter": names,
                    "mu*": result["mu_star"],
                    "mu* 95 % ±": result["mu_star_conf"],
                    "sigma": result["sigma"],
                }
            ).sort_values("mu*", ascending=False)
            key, err = "mu*", "mu* 95 % ±"
        report.sections.append(f"<h3>{html.escape(_label(metric, lang))}</h3>")
        # analysis.json keeps the English columns and dotted names in either language
        shown = frame.assign(parameter=[_label(name, lang) for name in frame["parameter"]])
        report.table(shown.rename(columns=lambda column: _index_column(column, lang)))
        caution = (sobol_caution if method == "sobol" else morris_caution)(
            result, config["sweep"]["samples"], lang
        )
        if caution:
            report.paragraph(caution)
            report.analysis.setdefault("sensitivity_cautions", {})[metric] = caution
        fig, ax = plt.subplots(figsize=(7, 0.4 * len(names) + 1.5))
        # at positions, so that two parameters of one German label stay two bars
        ax.barh(range(len(frame)), frame[key], xerr=frame[err], color=PALETTE[0])
        ax.set_yticks(range(len(frame)), list(shown["parameter"]))
        ax.invert_yaxis()
        ax.set_xlabel(key)
        report.figure(
            fig,
            f"sensitivity-{metric}",
            say(
                "caption.sensitivity",
                lang,
                method=say(f"method.{method}", lang),
                metric=_label(metric, lang),
            ),
        )
        report.analysis["sensitivity"][metric] = frame.to_dict(orient="records")


def _index_column(column: str, lang: str) -> str:
    """A column of the sensitivity table in ``lang``: "parameter", "S1 95 % ±" ("S1 ± (95-%-
    Intervall)"); the indices' own names (S1, ST, mu*, sigma) are the same in both."""
    if column == "parameter":
        return say("column.parameter", lang)
    if column.endswith(" 95 % ±"):
        return say("column.conf", lang, index=column.removesuffix(" 95 % ±"))
    return column


def one_copy_each(
    folder: Path, store: ResultStore, results: pd.DataFrame
) -> tuple[pd.DataFrame, list[LeftOut]]:
    """Results with each run once, and the chunks whose copies were left out.

    A run stored twice (a copied chunk; two sweeps that wrote at once) would narrow every
    interval. Copies identical to the first are left out, one note per chunk; copies that differ
    cannot both be right, so they are refused (ConfigError) naming both chunks, and ``rapport
    sweep`` sets both aside and executes their runs again.
    """
    if results.empty:
        return results, []
    rows = results.duplicated(["run_key", "week"], keep=False)
    if not rows.any():
        return results, []
    chunks = store.duplicate_chunks()
    twice = results[rows]
    first = next(iter(chunks.items()), None)
    where = (
        f"{first[0].relative_to(folder)}, also in {first[1][0].relative_to(folder)}"
        if first
        else f"e.g. {twice['run_key'].iloc[0]}"
    )
    if len(twice.drop_duplicates()) != len(twice.drop_duplicates(["run_key", "week"])):
        raise ConfigError(
            f"{folder}: {twice['run_key'].nunique()} run(s) stored twice with different "
            f"results ({where}); a sweep into this folder sets both chunks aside in "
            "quarantine/duplicates/ and executes their runs again"
        )
    notes = [
        LeftOut(
            str(part.relative_to(folder)),
            count,
            f"copies of runs stored in {held.relative_to(folder)} (counted once; `rapport sweep` "
            "sets the copy aside)",
        )
        for part, (held, count, _) in chunks.items()
    ]
    return results.drop_duplicates(["run_key", "week"]).reset_index(drop=True), notes


def final_weeks(results: pd.DataFrame) -> pd.DataFrame:
    """Each run's last recorded week: runs of a sweep over ``simulation.weeks`` end apart."""
    return results[results["week"] == results.groupby("run_key")["week"].transform("max")]


def runs_of_config(
    folder: Path, store: ResultStore, config: dict[str, Any], manifest: dict[str, Any]
) -> tuple[pd.DataFrame, pd.DataFrame, list[LeftOut], dict[str, int]]:
    """The results and failures of the runs the folder's config plans, the runs left out, and
    the planned runs (each key's design point).

    Runs are recognised by their keys, as ``rapport sweep`` recognises them, with the model
    version the folder's runs were made with. ConfigError if the folder holds runs but none is
    the config's: its config.yaml is not that of its results.
    """
    if "patterns" in config:
        raise ConfigError(
            f"{folder}: a pattern map's results; `rapport patterns` writes their report "
            "(patterns.html)"
        )
    planned = {run.key: run.point for run in store.own_runs(manifest)}
    results, left_out = store.read_runs_of(config, set(planned))
    if left_out and results.empty:
        first = left_out[0]
        why = first.reason
        if why == NOT_PLANNED:
            why = "other run keys: another seed, scenario or design"
        raise ConfigError(
            f"{folder}: config.yaml does not match the results: none of the "
            f"{sum(lo.runs for lo in left_out)} run(s) in results/ is a run of it "
            f"({first.chunk}: {why}); put the folder's own config.yaml back, or run the sweep "
            "again into a new --out folder"
        )
    failures = store.read_failures()
    foreign = ~failures["run_key"].isin(planned)
    if foreign.any():
        runs = int(failures.loc[foreign, "run_key"].nunique())
        left_out.append(LeftOut("failures/", runs, NOT_PLANNED))
    return results, failures[~foreign], left_out, planned


def own_runs(
    folder: Path,
) -> tuple[ResultStore, dict, dict, pd.DataFrame, pd.DataFrame, list[LeftOut], dict[str, int]]:
    """A sweep folder's store, config, manifest, and ``runs_of_config`` with each run once
    (``one_copy_each``): what the report and ``read_sweep`` read."""
    store = ResultStore(folder)
    store.check_kinds()
    config = store.read_config()
    manifest = store.read_manifest() or {}
    results, failures, left_out, planned = runs_of_config(folder, store, config, manifest)
    results, copies = one_copy_each(folder, store, results)
    return store, config, manifest, results, failures, left_out + copies, planned


def read_sweep(folder: str | Path, *, warn: bool = True) -> pd.DataFrame:
    """A sweep folder's results as ``rapport report`` reads them: the runs its ``config.yaml``
    plans and no others, each once, one row per run and recorded week (the columns of
    ``results/part-*.parquet``, sorted by design point, replication and week).

    ``pd.read_parquet(folder / "results")`` reads every chunk there: a chunk of another sweep
    copied in is mixed in silently (its columns filled with NaN), a run stored twice counts
    twice, and nothing says that an interrupted sweep lacks runs (an analyst's audit).

    ``frame.attrs`` holds ``config`` (the resolved config), ``model_version``, ``units`` (by
    column), ``missing`` (None, or what an unfinished folder lacks, as ``missing_runs`` counts
    it), ``failed`` (runs that failed; ``failures/`` has their errors) and ``left_out`` (chunks
    of runs left out: ``[chunk, runs, why]``). With ``warn`` a ``UserWarning`` says so when runs
    are missing, failed or left out. ConfigError (one line) for a folder that holds no sweep, or
    whose ``config.yaml`` is not that of its results.
    """
    folder = Path(folder)
    _, config, manifest, results, failures, left_out, planned = own_runs(folder)
    missing = missing_runs(planned, results, failures)
    results.attrs = {
        "config": config,
        "model_version": manifest.get("versions", {}).get("model_version"),
        "units": column_units(results.columns),
        "missing": missing,
        "failed": int(failures["run_key"].nunique()) if len(failures) else 0,
        "left_out": [[lo.chunk, lo.runs, lo.reason] for lo in left_out],
    }
    problems = []
    if missing:
        problems.append(
            f"{missing['missing']} of {len(planned)} planned runs have not executed (run the "
            "sweep again to finish it)"
        )
    if results.attrs["failed"]:
        problems.append(f"{results.attrs['failed']} runs failed (failures/ has their errors)")
    problems += [f"{lo.chunk}: {lo.runs} runs left out: {lo.reason}" for lo in left_out]
    if warn and problems:
        warnings.warn(f"{folder}: " + "; ".join(problems), UserWarning, stacklevel=2)
    return results


def missing_runs(
    planned: dict[str, int], results: pd.DataFrame, failures: pd.DataFrame
) -> dict[str, int] | None:
    """What an unfinished folder lacks: the planned runs neither on disk nor failed, the design
    points they belong to, how many of those have no run on disk at all (no estimate, rather
    than a less precise one), and the fewest runs on disk at such a point against the runs
    planned there (the most a point plans). None when every planned run has executed."""
    present = set(results["run_key"]) if len(results) else set()
    tried = present | set(failures["run_key"])
    missing = [key for key in planned if key not in tried]
    if not missing:
        return None
    per_point = pd.Series(planned).value_counts()
    done = pd.Series({k: p for k, p in planned.items() if k in present}, dtype=int).value_counts()
    short = sorted({planned[key] for key in missing})
    done_at_short = done.reindex(short, fill_value=0)
    return {
        "missing": len(missing),
        "points": len(short),
        "points_without_runs": int((done_at_short == 0).sum()),
        "points_total": len(per_point),
        "fewest_runs": int(done_at_short.min()),
        "runs_per_point": int(per_point.max()),
    }


def previous_figures(folder: Path) -> set[str]:
    """The figures the last report wrote: those its ``analysis.json`` lists, or those its
    ``report.html`` names (a report written before ``analysis.json`` listed them)."""
    try:
        listed = json.loads((folder / "analysis.json").read_text(encoding="utf-8"))["figures"]
    except (OSError, ValueError, TypeError, KeyError):
        try:
            page = (folder / "report.html").read_text(encoding="utf-8")
        except (OSError, ValueError):
            page = ""
        listed = re.findall(r"<code>figures/([^<>]+)</code>", page)
    if not isinstance(listed, list):
        return set()
    return {name for name in listed if isinstance(name, str) and FIGURE_NAME.fullmatch(name)}


def write_report(folder: str | Path, *, lang: str = "en", stream=None) -> Path:
    """Analyse the stored results in ``folder`` and write ``report.html`` beside them.

    Runs that are not of the folder's config (a chunk of another sweep) are left out, one line
    each on ``stream``; the figures the last report made and this one does not are removed. The
    page, its figures and the texts in ``analysis.json`` are in ``lang`` ("en", "de"), which
    ``analysis.json`` names; its numbers are the same in both. ``stream`` defaults to standard
    error as it is at the call.
    """
    stream = sys.stderr if stream is None else stream
    folder = Path(folder)
    store, config, manifest, results, failures, left_out, planned = own_runs(folder)
    previous = previous_figures(folder)
    metrics = list(config["record"]["metrics"])
    report = Report(folder, lang)
    report.analysis["lang"] = lang
    title = say("title", lang, name=config["name"])
    description = (lang == "de" and config.get("description_de")) or config.get("description")
    if description:
        report.paragraph(description)
    runs = manifest.get("runs", {})
    report.paragraph(
        say(
            "runs",
            lang,
            planned=counted("count.runs", runs.get("total", "?"), lang),
            method=say(f"method.{config['sweep']['method']}", lang),
            replications=counted("count.replications", config["sweep"]["replications"], lang),
            seed=config["sweep"]["seed"],
            done=whole(results["run_key"].nunique() if len(results) else 0, lang),
            failed=whole(len(failures), lang),
        )
    )
    unfinished = missing_runs(planned, results, failures)
    if unfinished:
        empty, short = unfinished["points_without_runs"], unfinished["points"]
        which = "fewer" if not empty else "none" if empty == short else "some_none"
        points = say(
            f"unfinished.{which}",
            lang,
            points=whole(short, lang),
            empty=whole(empty, lang),
            thin=whole(short - empty, lang),
            total=whole(unfinished["points_total"], lang),
            fewest=whole(unfinished["fewest_runs"], lang),
            per_point=whole(unfinished["runs_per_point"], lang),
        )
        note = say(
            "unfinished",
            lang,
            missing=whole(unfinished["missing"], lang),
            planned=whole(len(planned), lang),
            points=points,
        )
        print(f"[report] {note}", file=stream, flush=True)
        report.paragraph(note)
        report.analysis["unfinished"] = unfinished
    for lo in left_out:
        note = say(
            "left_out",
            lang,
            chunk=lo.chunk,
            runs=counted("count.runs", lo.runs, lang),
            reason=reason_text(lo.reason, lang),
        )
        print(f"[report] {note}", file=stream, flush=True)
        report.paragraph(f"{note}.")
    if left_out:  # the reason in the report's language, as the page says it
        report.analysis["left_out"] = [
            {**asdict(lo), "reason": reason_text(lo.reason, lang)} for lo in left_out
        ]
    drawn = pd.DataFrame()
    if "world" in results:  # the sections below show the runs at the scenario's own values
        drawn = results[results["world"] != NOMINAL]
        results = results[results["world"] == NOMINAL].drop(columns="world")
        report.paragraph(
            say(
                "worlds.intro",
                lang,
                count=whole(config.get("worlds_count"), lang),
                worlds=config.get("worlds"),
                replications=counted("count.replications", config.get("worlds_replications"), lang),
            )
        )
    if results.empty:
        report.paragraph(say("no_results", lang))
    else:
        final = final_weeks(results)
        varied = varied_parameters(results, metrics)
        free = free_parameters(config, varied)
        method = config["sweep"]["method"]
        report.heading(say("heading.metrics", lang))
        for metric in metrics:
            for x in free:
                if method == "grid":
                    plot_metric_lines(report, final, metric, x, [p for p in free if p != x])
                else:
                    plot_scatter(report, final, metric, x, log=x in log_sampled(config))
        empathy = [e for e in EMPATHY if e in free]
        if method == "grid" and EFFORT in free and empathy:
            report.heading(say("heading.heatmap", lang))
            for metric in metrics[:2]:
                pooled = [p for p in free if p not in (EFFORT, empathy[0])]
                plot_heatmap(report, final, metric, empathy[0], pooled)
        if method == "grid" and EFFORT in free:
            report.heading(say("heading.inverted_u", lang))
            inverted_u_section(report, final, metrics[0], free)
        if results.groupby("run_key")["week"].nunique().max() > 2 and method == "grid":
            report.heading(say("heading.over_time", lang))
            plot_over_time(report, results, metrics[0], free)
        if method in ("sobol", "morris"):
            report.heading(say("heading.sensitivity", lang, method=say(f"method.{method}", lang)))
            sensitivity_section(report, store, final, config, metrics)
    if not drawn.empty and not results.empty:
        report.heading(say("heading.worlds", lang))
        final_drawn = final_weeks(drawn)
        for x in free:
            plot_worlds_band(report, final, final_drawn, metrics[0], x)
    if len(failures):
        report.heading(say("heading.failures", lang))
        columns = ["point", "replication", "seed", "parameters", "error"]
        shown = (
            failures[columns]
            .head(50)
            .assign(error=lambda f: [failure(str(e), lang) for e in f["error"]])
        )
        report.table(shown.rename(columns=lambda c: say(f"column.{c}", lang)))
    report.heading(say("heading.reproduce", lang))
    report.paragraph(say("reproduce", lang))
    report.sections.append(
        f"<pre>{html.escape(yaml.safe_dump(config, sort_keys=False))}</pre>"
        f"<pre>{html.escape(json.dumps(manifest, indent=2))}</pre>"
    )
    report.analysis["figures"] = report.written  # what the next report may remove
    path = write_page(folder / "report.html", title, report.sections, lang)
    write_text_atomically(
        folder / "analysis.json", json.dumps(report.analysis, indent=2, default=json_default) + "\n"
    )
    for name in sorted(previous - set(report.written)):
        (report.figures / name).unlink(missing_ok=True)
    return path
