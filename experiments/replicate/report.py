"""Reports of the replication: one study's tables, figure and page; the rates of many studies;
the multiverse table. Reads results, never runs anything."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from experiments.pages import save_figure, write_page
from experiments.replicate.analysis import (
    ALPHA,
    EI_LEVELS,
    VERDICTS,
    Analysis,
    Findings,
    held_column,
    rate_interval,
    significant_direction,
)
from experiments.replicate.design import StudyDesign
from experiments.replicate.texts import TEXTS, number, percent, say
from experiments.stats import format_p_value
from experiments.store import write_text_atomically
from sim import MODEL_VERSION, versions
from sim.formats import json_default, markdown_table
from sim.plots import use_decimal_mark
from sim.texts import DECIMAL_MARK

# The findings the paper reports, in the comparison's order: each a row of the table, its label
# ``finding.NAME`` and the paper's result ``paper.NAME`` (``experiments.replicate.texts``).
FINDINGS = ("b2", "b4", "low", "high", "conjunction")


def comparison(f: Findings, lang: str = "en") -> pd.DataFrame:
    """What the paper found next to what this study finds, both test families side by side
    (in ``lang``; comparison.csv keeps the English table)."""

    def p(value: float) -> str:
        return format_p_value(value, lang=lang)

    def verdict(found: bool) -> str:
        return say("inverted_u" if found else "no_inverted_u", lang)

    def yes(found: bool) -> str:
        return say("yes" if found else "no", lang)

    positive, negative = say("positive", lang), say("negative", lang)
    ours = {
        "b2": significant_direction(f.b2, f.p_b2, positive, negative, lang),
        "b4": say(
            "ours.b4",
            lang,
            direction=significant_direction(f.b4, f.p_b4, positive, negative, lang),
            p=p(f.moderation_p),
        ),
        "low": say("ours.level", lang, lm=verdict(f.lm_low), p=p(f.lm_low_p), tl=verdict(f.tl_low)),
        "high": say(
            "ours.level", lang, lm=verdict(f.lm_high), p=p(f.lm_high_p), tl=verdict(f.tl_high)
        ),
        "conjunction": say(
            "ours.conjunction", lang, lm=yes(f.conjunction_lm), tl=yes(f.conjunction_tl)
        ),
    }
    return pd.DataFrame(
        {
            say("column.finding", lang): [say(f"finding.{k}", lang) for k in FINDINGS],
            say("column.paper", lang): [say(f"paper.{k}", lang) for k in FINDINGS],
            say("column.ours", lang): [ours[k] for k in FINDINGS],
        }
    )


def cell(value: Any, lang: str = "en") -> str:
    """One cell of a report's table: floats to four significant digits, an empty cell (None,
    NaN) as "–", an infinite bound (an unbounded Fieller interval) as "unbounded"; numbers in
    ``lang``'s notation."""
    if value is None or (isinstance(value, float | np.floating) and np.isnan(value)):
        return "–"
    if isinstance(value, float | np.floating):
        return say("cell.unbounded", lang) if np.isinf(value) else number(float(value), lang, ".4g")
    if lang != "en" and isinstance(value, bool | np.bool_):
        return say("cell.true" if value else "cell.false", lang)
    if lang != "en" and isinstance(value, int | np.integer):
        return number(int(value), lang, "d")
    return str(value)


def readable(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``frame`` with every cell as the reports show it (``cell``), in ``lang``: the EI levels
    and the intercept's name too."""
    shown = frame.astype(object).map(lambda value: cell(value, lang))
    if "turning_point" in shown:  # no turning point where the curvature at that EI is 0
        shown.loc[frame["turning_point"].isna(), "turning_point"] = say("cell.not_estimable", lang)
    if lang != "en":
        if "ei" in shown:
            levels = {say(key): say(key, lang) for key, _ in EI_LEVELS}
            shown["ei"] = shown["ei"].map(lambda label: levels.get(label, label))
        if "term" in shown:
            shown["term"] = shown["term"].replace({"const": say("term.const", lang)})
    return shown


def frame_table(frame: pd.DataFrame, lang: str = "en") -> str:
    """A data frame as a Markdown table, its cells as the reports show them."""
    return markdown_table(frame.columns, readable(frame, lang).itertuples(index=False))


def rate_cell(held: int, studies: int, lang: str = "en") -> str:
    """The share of ``studies`` studies a verdict holds in (``held`` of them) with its 95 %
    Wilson interval, "57% (42%–71%)"; "–" where no study ran."""
    if not studies:
        return "–"
    low, high = rate_interval(int(held), int(studies))
    return say(
        "rate",
        lang,
        rate=percent(held / studies, lang),
        low=percent(low, lang),
        high=percent(high, lang),
    )


# The columns of one study's tables that the pages name (``column.NAME``): the CSV files keep
# the plain names.
COLUMNS = [key.removeprefix("column.") for key in TEXTS["en"] if key.startswith("column.")]


def with_units(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """``frame`` with the report's headings in ``lang``: units where a column has one (effort
    in h/week, the rating on the supervisor's 1–7 scale; the CSV files keep the plain names)."""
    return frame.rename(columns={name: say(f"column.{name}", lang) for name in COLUMNS})


def plot_study(analysis: Analysis, path: Path, lang: str = "en") -> None:
    """Ratings against archived effort, low- and high-EI reps, with the fitted curves at ±1 SD."""
    data = analysis.data
    fig, ax = plt.subplots(figsize=(8, 5), dpi=120)
    low = data["ei_z"] < 0
    for mask, colour, marker, label in (
        (low, "#D55E00", "o", say("figure.low", lang)),
        (~low, "#0072B2", "s", say("figure.high", lang)),
    ):
        ax.scatter(
            data.loc[mask, "effort"],
            data.loc[mask, "rating"],
            s=22,
            color=colour,
            alpha=0.7,
            marker=marker,
            label=label,
        )
    coef = dict(zip(analysis.coefficients["term"], analysis.coefficients["estimate"], strict=True))
    xs = np.linspace(data["effort"].min(), data["effort"].max(), 100)
    for level, colour, style in ((-1, "#D55E00", "-"), (1, "#0072B2", "--")):
        ys = (
            coef["const"]
            + coef["x"] * xs
            + coef["x2"] * xs**2
            + coef["x_z"] * xs * level
            + coef["x2_z"] * xs**2 * level
            + coef["z"] * level
        )
        fitted = say("figure.fitted", lang, level=number(level, lang, "+d"))
        ax.plot(xs, ys, color=colour, ls=style, lw=2.5, label=fitted)
    ax.set_xlabel(say("figure.x", lang))
    ax.set_ylabel(say("figure.y", lang))
    ax.set_title(say("figure.title", lang))
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    use_decimal_mark(fig, DECIMAL_MARK[lang])
    fig.tight_layout()
    save_figure(fig, path)
    plt.close(fig)


def write_single(
    analysis: Analysis, out: Path, design: StudyDesign, lang: str = "en", key: str | None = None
) -> Path:
    """Tables (CSV), figure, report.md and report.html of one study, and summary.json beside
    them: the seed, the design, the versions that made the tables and the findings (and the
    study's ``key``, ``experiments.replicate.power.study_key``, by which a second call reads
    the study from reps.csv instead of simulating it again). The pages and the figure are in
    ``lang``; the CSV and JSON files are the same in every language."""
    out.mkdir(parents=True, exist_ok=True)
    summary = {
        "seed": analysis.findings.seed,
        "design": design.describe(),
        **versions(),
        **({"study_key": key} if key is not None else {}),
        "findings": analysis.findings.record(),
    }
    write_text_atomically(
        out / "summary.json", json.dumps(summary, indent=2, default=json_default) + "\n"
    )
    analysis.data.to_csv(out / "reps.csv", index=False)
    analysis.coefficients.to_csv(out / "coefficients.csv", index=False)
    analysis.turning_points.to_csv(out / "turning_points.csv", index=False)
    analysis.slopes.to_csv(out / "simple_slopes.csv", index=False)
    analysis.tests.to_csv(out / "tests.csv", index=False)
    comparison(analysis.findings).to_csv(out / "comparison.csv", index=False)
    plot_study(analysis, out / "figure.png", lang)
    design_text = say(
        "design.line",
        lang,
        design=design.describe(lang),
        seed=analysis.findings.seed,
        version=MODEL_VERSION,
    )
    sections = (
        ("heading.comparison", comparison(analysis.findings, lang)),
        ("heading.regression", analysis.coefficients),
        ("heading.turning_points", analysis.turning_points),
        ("heading.tests", analysis.tests_in(lang)),
        ("heading.slopes", analysis.slopes),
    )
    shown = [
        (say(heading, lang), with_units(readable(frame, lang), lang)) for heading, frame in sections
    ]
    notes = {shown[1][0]: say("terms", lang)}  # the regression's terms
    title, alt = say("title", lang), say("figure.alt", lang)
    md = [f"# {title}", "", f"## {say('heading.design', lang)}", "", design_text, ""]
    for heading, frame in shown:
        note = [notes[heading], ""] if heading in notes else []
        md += [f"## {heading}", "", *note, frame_table(frame, lang), ""]
    md += [f"![{alt}](figure.png)", ""]
    write_text_atomically(out / "report.md", "\n".join(md))
    body = "".join(
        f"<h2>{html.escape(t)}</h2>"
        + (f"<p>{html.escape(notes[t])}</p>" if t in notes else "")
        + f.to_html(index=False, border=0)
        for t, f in shown
    )
    write_page(
        out / "report.html",
        title,
        [f"<p>{html.escape(design_text)}</p>", body, f"<img src='figure.png' alt='{alt}'>"],
        lang,
    )
    return out / "report.md"


def failures_line(failed: int, attempted: int, lang: str = "en") -> str:
    """The sentence every rate table carries: how many studies failed and were left out."""
    if not failed:
        if attempted == 1:
            return say("failures.none.one", lang)
        return say("failures.none", lang, attempted=attempted)
    return say("failures.some", lang, failed=failed, attempted=attempted)


def power_report(
    summary: dict[str, Any],
    curve: pd.DataFrame | None,
    design: StudyDesign | None = None,
    lang: str = "en",
) -> str:
    """Markdown: how often each verdict holds over many studies, and at larger sizes; the
    ``design`` said in ``lang`` (without it, as ``summary`` records it)."""
    held = summary["held"]
    ran = summary["studies"] - summary["failed"]
    verdict = say("power.verdict", lang, alpha=number(ALPHA, lang))
    lines = [
        f"# {say('power.title', lang, studies=summary['studies'])}",
        "",
        say(
            "power.design",
            lang,
            design=design.describe(lang) if design is not None else summary["design"],
            seed=summary["seed"],
            version=summary["model_version"],
        ),
        "",
        failures_line(summary["failed"], summary["studies"], lang),
        "",
        f"| {verdict} | {say('power.share', lang)} |",
        "|---|---|",
        *[
            f"| {say(f'verdict.{name}', lang)} | {rate_cell(held[name], ran, lang)} |"
            for name in VERDICTS
        ],
        "",
        say("intervals", lang),
        "",
        say("power.study", lang),
    ]
    if curve is not None:
        ran_at = (curve["studies"] - curve["failed"]).astype(int).tolist()
        rows = [
            [
                say(f"verdict.{name}", lang),
                *(
                    rate_cell(k, n, lang)
                    for k, n in zip(curve[held_column(name)], ran_at, strict=True)
                ),
            ]
            for name in VERDICTS
        ]
        header = [verdict, *(say("power.reps", lang, reps=reps) for reps in curve["reps"])]
        counts = ", ".join(
            say("power.count", lang, n=n, reps=reps, supervisors=sup)
            for n, reps, sup in zip(ran_at, curve["reps"], curve["supervisors"], strict=True)
        )
        lines += [
            "",
            f"## {say('power.larger', lang)}",
            "",
            say("power.counts", lang, counts=counts),
            "",
            markdown_table(header, rows),
        ]
    return "\n".join(lines) + "\n"


# The multiverse table's columns: the design's choices, then the verdicts' rates.
MULTIVERSE_DESIGN = ("effort", "ei_reliability", "rating_reliability", "reps", "studies", "failed")
MULTIVERSE_RATES = (
    "conjunction_lm",
    "conjunction_tl",
    "b4_positive",
    "moderation",
    "lm_low",
    "lm_high",
    "tl_low",
    "tl_high",
)


def multiverse_markdown(table: pd.DataFrame, header: str, lang: str = "en") -> str:
    """The multiverse table as Markdown: one row per design, rates as percentages."""
    shown = table.copy()
    ran = (table["studies"] - table["failed"]).astype(int)
    for name in MULTIVERSE_RATES:
        shown[name] = [
            rate_cell(k, n, lang) for k, n in zip(table[held_column(name)], ran, strict=True)
        ]
    shown = shown[[*MULTIVERSE_DESIGN, *MULTIVERSE_RATES]]
    shown = shown.rename(columns=lambda name: say(f"multiverse.{name}", lang))
    return header + "\n\n" + say("intervals", lang) + "\n\n" + frame_table(shown, lang) + "\n"
