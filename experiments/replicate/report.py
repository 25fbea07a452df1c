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
    VERDICTS,
    Analysis,
    Findings,
    held_column,
    rate_interval,
    significant_direction,
)
from experiments.replicate.design import StudyDesign
from experiments.stats import format_p_value
from experiments.store import write_text_atomically
from sim import MODEL_VERSION, versions
from sim.formats import json_default, markdown_table

PAPER = {
    "effort² (b2)": "negative, significant",
    "effort² × EI (b4), the paper's moderation term": "positive, significant",
    "low EI (−1 SD)": "inverted U",
    "high EI (+1 SD)": "keeps rising (no inverted U)",
    "conjunction: inverted U at low EI and none at high EI": "yes",
}


def _verdict(found: bool) -> str:
    return "inverted U" if found else "no inverted U"


def comparison(f: Findings) -> pd.DataFrame:
    """What the paper found next to what this study finds, both test families side by side."""
    b4 = significant_direction(f.b4, f.p_b4, "positive", "negative")
    ours = {
        "effort² (b2)": significant_direction(f.b2, f.p_b2, "positive", "negative"),
        "effort² × EI (b4), the paper's moderation term": f"{b4}; joint test of both EI terms "
        f"{format_p_value(f.moderation_p)}",
        "low EI (−1 SD)": f"{_verdict(f.lm_low)} by the U-test ({format_p_value(f.lm_low_p)}); "
        f"{_verdict(f.tl_low)} by the two-lines test",
        "high EI (+1 SD)": f"{_verdict(f.lm_high)} by the U-test ({format_p_value(f.lm_high_p)}); "
        f"{_verdict(f.tl_high)} by the two-lines test",
        "conjunction: inverted U at low EI and none at high EI": (
            f"{'yes' if f.conjunction_lm else 'no'} by the U-test, "
            f"{'yes' if f.conjunction_tl else 'no'} by the two-lines test"
        ),
    }
    return pd.DataFrame(
        {
            "finding": list(PAPER),
            "paper": list(PAPER.values()),
            "this replication": [ours[k] for k in PAPER],
        }
    )


def cell(value: Any) -> str:
    """One cell of a report's table: floats to four significant digits, an empty cell (None,
    NaN) as "–", an infinite bound (an unbounded Fieller interval) as "unbounded"."""
    if value is None or (isinstance(value, float | np.floating) and np.isnan(value)):
        return "–"
    if isinstance(value, float | np.floating):
        return "unbounded" if np.isinf(value) else f"{value:.4g}"
    return str(value)


def readable(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every cell as the reports show it (``cell``)."""
    shown = frame.astype(object).map(cell)
    if "turning_point" in shown:  # no turning point where the curvature at that EI is 0
        shown.loc[frame["turning_point"].isna(), "turning_point"] = "not estimable"
    return shown


def frame_table(frame: pd.DataFrame) -> str:
    """A data frame as a Markdown table, its cells as the reports show them."""
    return markdown_table(frame.columns, readable(frame).itertuples(index=False))


def rate_cell(held: int, studies: int) -> str:
    """The share of ``studies`` studies a verdict holds in (``held`` of them) with its 95 %
    Wilson interval, "57% (42%–71%)"; "–" where no study ran."""
    if not studies:
        return "–"
    low, high = rate_interval(int(held), int(studies))
    return f"{held / studies:.0%} ({low:.0%}–{high:.0%})"


# The report's column headings with their units (the CSV files keep the plain names). Effort is
# in h/week, the rating on the supervisor's 1–7 scale.
UNITS = {
    "turning_point": "turning point (h/week)",
    "ci_low": "95 % CI low (h/week)",
    "ci_high": "95 % CI high (h/week)",
    "effort": "effort (h/week)",
    "slope": "slope (rating points per h/week)",
}
TERMS = (
    "Terms: x = effort (h/week), x2 = effort², z = EI in standard deviations, x_z and x2_z "
    "their products; the outcome is the supervisor's rating (1–7), so each estimate is in rating "
    "points per unit of its term."
)


def with_units(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with the report's headings: units where a column has one."""
    return frame.rename(columns=UNITS)


def plot_study(analysis: Analysis, path: Path) -> None:
    """Ratings against archived effort, low- and high-EI reps, with the fitted curves at ±1 SD."""
    data = analysis.data
    fig, ax = plt.subplots(figsize=(8, 5), dpi=120)
    low = data["ei_z"] < 0
    for mask, colour, marker, label in (
        (low, "#D55E00", "o", "reps with EI below the mean"),
        (~low, "#0072B2", "s", "reps with EI above the mean"),
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
        ax.plot(xs, ys, color=colour, ls=style, lw=2.5, label=f"fitted, EI {level:+d} SD")
    ax.set_xlabel("effort: customer hours per week (13-week archive)")
    ax.set_ylabel("relational performance (supervisor rating, 1–7 metric)")
    ax.set_title("Simulated field study: effort × emotional intelligence")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    save_figure(fig, path)
    plt.close(fig)


def write_single(analysis: Analysis, out: Path, design: StudyDesign) -> Path:
    """Tables (CSV), figure, report.md and report.html of one study, and summary.json beside
    them: the seed, the design, the versions that made the tables and the findings."""
    out.mkdir(parents=True, exist_ok=True)
    summary = {
        "seed": analysis.findings.seed,
        "design": design.describe(),
        **versions(),
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
    table = comparison(analysis.findings)
    table.to_csv(out / "comparison.csv", index=False)
    plot_study(analysis, out / "figure.png")
    design_text = (
        f"{design.describe()} Seed {analysis.findings.seed}. Model version {MODEL_VERSION}. "
        "Analysis plan: docs/replication-plan.md."
    )
    sections = (
        ("What the paper found | what this replication finds", table),
        (
            "Moderated quadratic regression (HC3 errors) and mixed "
            "model (random intercept per supervisor)",
            analysis.coefficients,
        ),
        ("Turning points of effort", analysis.turning_points),
        ("Tests of the analysis plan", analysis.tests),
        ("Simple slopes", analysis.slopes),
    )
    md = ["# Simulated replication of Ogilvie et al. (2017)", "", "## Design", "", design_text, ""]
    shown = [(title, with_units(readable(frame))) for title, frame in sections]
    notes = {shown[1][0]: TERMS}  # the regression's terms
    for title, frame in shown:
        note = [notes[title], ""] if title in notes else []
        md += [f"## {title}", "", *note, frame_table(frame), ""]
    md += ["![Relational performance against effort at low and high EI](figure.png)", ""]
    write_text_atomically(out / "report.md", "\n".join(md))
    body = "".join(
        f"<h2>{html.escape(t)}</h2>"
        + (f"<p>{html.escape(notes[t])}</p>" if t in notes else "")
        + f.to_html(index=False, border=0)
        for t, f in shown
    )
    write_page(
        out / "report.html",
        "Simulated replication of Ogilvie et al. (2017)",
        [f"<p>{html.escape(design_text)}</p>", body, "<img src='figure.png' alt='figure'>"],
    )
    return out / "report.md"


def failures_line(failed: int, attempted: int) -> str:
    """The sentence every rate table carries: how many studies failed and were left out."""
    if not failed:
        return f"All {attempted} simulated studies ran; none failed."
    return (
        f"{failed} of {attempted} simulated studies failed and are left out of the rates "
        "(their errors are listed in the JSON output)."
    )


# What a rate's interval is, said under every table of rates.
INTERVALS = (
    "Each rate is a share of the studies that ran; in brackets its 95 % Wilson interval "
    "(binomial sampling error only). Rates whose intervals overlap widely are not shown to "
    "differ."
)


def power_report(summary: dict[str, Any], curve: pd.DataFrame | None) -> str:
    """Markdown: how often each verdict holds over many studies, and at larger sizes."""
    held = summary["held"]
    ran = summary["studies"] - summary["failed"]
    lines = [
        f"# {summary['studies']} independent simulated replications of Ogilvie et al. (2017)",
        "",
        f"Design: {summary['design']} Root seed {summary['seed']}. Model version "
        f"{summary['model_version']}. Analysis plan: docs/replication-plan.md.",
        "",
        failures_line(summary["failed"], summary["studies"]),
        "",
        "| verdict (p < 0.05) | share of studies (95 % interval) |",
        "|---|---|",
        *[f"| {text} | {rate_cell(held[name], ran)} |" for name, text in VERDICTS.items()],
        "",
        INTERVALS,
        "",
        "The first replication's full analysis is in `study/`.",
    ]
    if curve is not None:
        ran_at = (curve["studies"] - curve["failed"]).astype(int).tolist()
        rows = [
            [text, *map(rate_cell, curve[held_column(name)], ran_at)]
            for name, text in VERDICTS.items()
        ]
        header = ["verdict (p < 0.05)", *(f"{reps} reps" for reps in curve["reps"])]
        counts = ", ".join(
            f"{n} studies of {reps} reps under {sup} supervisors"
            for n, reps, sup in zip(ran_at, curve["reps"], curve["supervisors"], strict=True)
        )
        lines += [
            "",
            "## At larger studies (same design, teams scaled)",
            "",
            f"{counts}; each rate with its 95 % Wilson interval.",
            "",
            markdown_table(header, rows),
        ]
    return "\n".join(lines) + "\n"


MULTIVERSE_COLUMNS = {
    "conjunction_lm": "conjunction (U-test)",
    "conjunction_tl": "conjunction (two-lines)",
    "b4_positive": "effort²×EI",
    "moderation": "joint EI test",
    "lm_low": "low-EI U (U-test)",
    "lm_high": "high-EI U (U-test)",
    "tl_low": "low-EI U (two-lines)",
    "tl_high": "high-EI U (two-lines)",
}


def multiverse_markdown(table: pd.DataFrame, header: str) -> str:
    """The multiverse table as Markdown: one row per design, rates as percentages."""
    shown = table.copy()
    ran = (table["studies"] - table["failed"]).astype(int)
    for name in MULTIVERSE_COLUMNS:
        shown[name] = [rate_cell(k, n) for k, n in zip(table[held_column(name)], ran, strict=True)]
    design = ["effort", "ei_reliability", "rating_reliability", "reps", "studies", "failed"]
    shown = shown[[*design, *MULTIVERSE_COLUMNS]].rename(
        columns={
            **MULTIVERSE_COLUMNS,
            "ei_reliability": "EI α",
            "rating_reliability": "rating rel.",
        }
    )
    return header + "\n\n" + INTERVALS + "\n\n" + frame_table(shown) + "\n"
