"""``rapport replicate``: the 2017 field study of Ogilvie et al., run on simulated reps.

The study design (science.md): 107 reps nested in 19 supervisors' teams; effort from the activity
archive of the 13 weeks before a survey; emotional intelligence measured by a survey (items with
measurement error); relational performance as each supervisor's rating of their reps some weeks
later (noisy, supervisors differing in leniency). Then the analysis the paper's design calls for:
a moderated quadratic regression with supervisor-clustered errors and a mixed model, turning
points at EI −1 SD / mean / +1 SD, simple slopes, Lind–Mehlum and two-lines tests.

The simulated reps are agents of one ``RapportModel`` (reps do not interact, so one model with 107
reps is 107 independent careers on the same kind of customers).
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from experiments.pages import write_page
from experiments.stats import (
    fit_moderated_quadratic,
    format_p_value,
    lind_mehlum_at,
    simple_slope,
    turning_point_at,
    two_lines_test,
)
from sim.formats import markdown_table
from sim.model import RapportModel
from sim.params import Scenario
from sim.population import profile_counts


@dataclass(frozen=True)
class StudyDesign:
    """The simulated field study. Defaults follow the paper's design where it is known."""

    reps: int = 107
    supervisors: int = 19
    survey_week: int = 52  # reps have served their portfolios for a year before the survey
    archive_weeks: int = 13
    rating_lag_weeks: int = 8
    effort_mean: float = 38.0  # customer hours per week in the sales force
    effort_sd: float = 11.0
    effort_team_sd: float = 4.0
    ei_mean: float = 0.5
    # The model's empathy scale spans the sales force: its low (0.2) and high (0.8) levels sit
    # about one SD below and above the mean.
    ei_sd: float = 0.3
    ei_team_sd: float = 0.05
    facet_sd: float = 0.08  # how far perception and regulation stray from the rep's overall EI
    items_per_facet: int = 4  # WLEIS-like: 7-point items
    item_noise: float = 0.9  # item measurement error, scale points
    archive_noise: float = 0.03  # relative error of logged hours
    leniency_sd: float = 0.04  # supervisors' leniency, on the 0–1 relationship scale
    rating_noise: float = 0.04


@dataclass
class Findings:
    """The headline results of one simulated study."""

    seed: int
    b2: float
    p_b2: float
    b4: float
    p_b4: float
    low_u_p: float
    high_u_p: float
    mid_u_p: float
    low_two_lines: bool
    high_two_lines: bool
    t_b4: float
    t_low_u: float
    moderation_p: float  # joint Wald test of effort×EI and effort²×EI
    t_moderation_high: float  # how EI changes the slope of effort at high effort (90th pct)
    turning_points: dict[str, float] = field(default_factory=dict)

    @property
    def high_u_p_significant(self) -> bool:
        return self.high_u_p < 0.05

    @property
    def low_inverted_u(self) -> bool:
        return self.low_u_p < 0.05

    @property
    def positive_moderation(self) -> bool:
        """EI moderates effort's effect (joint test) and makes high effort pay off more."""
        return self.moderation_p < 0.05 and self.t_moderation_high > 0

    @property
    def high_inverted_u(self) -> bool:
        """A significant inverted U among high-EI reps, by the two-lines test (which a merely
        saturating curve does not fool, unlike the quadratic's U-test)."""
        return self.high_two_lines


def simulate_study(
    seed: int, design: StudyDesign = StudyDesign(), scenario: Scenario | None = None
) -> pd.DataFrame:
    """One simulated field study: one row per rep with measured effort, EI and rating."""
    scenario = (scenario or Scenario()).with_values(
        {
            "reps.count": design.reps,
            "simulation.weeks": design.survey_week + design.rating_lag_weeks,
        }
    )
    model = RapportModel(scenario, seed=seed)
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))
    sizes = profile_counts([1 / design.supervisors] * design.supervisors, design.reps)
    team = np.repeat(np.arange(design.supervisors), sizes)
    team_effort = rng.normal(0, design.effort_team_sd, design.supervisors)[team]
    team_ei = rng.normal(0, design.ei_team_sd, design.supervisors)[team]
    effort = np.clip(
        rng.normal(design.effort_mean, design.effort_sd, design.reps) + team_effort, 5, 60
    )
    ei = np.clip(rng.normal(design.ei_mean, design.ei_sd, design.reps) + team_ei, 0, 1)
    perception = np.clip(ei + rng.normal(0, design.facet_sd, design.reps), 0, 1)
    regulation = np.clip(ei + rng.normal(0, design.facet_sd, design.reps), 0, 1)
    for rep, e, p, r in zip(model.reps, effort, perception, regulation, strict=True):
        rep.effort_hours, rep.perception, rep.regulation = e, p, r
    model.rep_state.base_perception[:] = perception
    model.rep_state.base_regulation[:] = regulation
    model.rep_state.recent_relationship[:] = model.rep_frame()["relationship"].to_numpy()
    model.run()
    reps = model.rep_frame()

    archive = reps[
        (reps["week"] > design.survey_week - design.archive_weeks)
        & (reps["week"] <= design.survey_week)
    ]
    logged = archive.groupby("rep")["effort_hours"].mean().to_numpy()
    measured_effort = logged * (1 + rng.normal(0, design.archive_noise, design.reps))

    def items(facet: np.ndarray) -> np.ndarray:
        raw = (
            1
            + 6 * facet[:, None]
            + rng.normal(0, design.item_noise, (design.reps, design.items_per_facet))
        )
        return np.clip(np.round(raw), 1, 7)

    survey = np.hstack([items(perception), items(regulation)])
    measured_ei = survey.mean(axis=1)
    final = reps[reps["week"] == reps["week"].max()].sort_values("rep")
    leniency = rng.normal(0, design.leniency_sd, design.supervisors)[team]
    true_quality = final["relationship"].to_numpy()
    rating = np.clip(
        1 + 6 * (true_quality + leniency + rng.normal(0, design.rating_noise, design.reps)), 1, 7
    )
    start = reps[reps["week"] == 0].sort_values("rep")["relationship"].to_numpy()
    return pd.DataFrame(
        {
            "rep": np.arange(design.reps),
            "supervisor": team,
            "effort": measured_effort,
            "ei": measured_ei,
            "ei_z": (measured_ei - measured_ei.mean()) / measured_ei.std(ddof=1),
            "rating": rating,
            "start_relationship": start,
            "true_effort": effort,
            "true_ei": ei,
            "true_relationship": true_quality,
        }
    )


@dataclass
class Analysis:
    """Everything the single-study report shows."""

    data: pd.DataFrame
    coefficients: pd.DataFrame
    turning_points: pd.DataFrame
    slopes: pd.DataFrame
    tests: pd.DataFrame
    findings: Findings


def analyse_study(data: pd.DataFrame, seed: int) -> Analysis:
    """The moderated quadratic (clustered and mixed), turning points, slopes and U-tests."""
    x, z, y = data["effort"], data["ei_z"], data["rating"]
    controls = data[["start_relationship"]]
    fit = fit_moderated_quadratic(x, z, y, controls=controls, cluster=data["supervisor"])
    coefficients = pd.DataFrame(
        {
            "term": list(fit.names),
            "estimate": [fit.coef(n) for n in fit.names],
            "se_cluster": [fit.se(n) for n in fit.names],
        }
    )
    mixed = _mixed_model(data)
    coefficients = coefficients.merge(mixed, on="term", how="left")
    coefficients["p_cluster"] = [_p(fit, n) for n in fit.names]

    lows, highs = float(x.min()), float(x.max())
    tp_rows, slope_rows, u = [], [], {}
    for label, level in (("EI -1 SD", -1.0), ("EI mean", 0.0), ("EI +1 SD", 1.0)):
        tp = turning_point_at(fit, level)
        low, high = tp.ci
        tp_rows.append(
            {
                "ei": label,
                "turning_point": tp.estimate,
                "ci_low": low,
                "ci_high": high,
                "bounded": tp.fieller_bounded,
            }
        )
        for at in (lows, float(np.median(x)), highs):
            s = simple_slope(fit, at, level)
            slope_rows.append(
                {"ei": label, "effort": at, "slope": s.slope, "se": s.se, "p": s.p_value}
            )
        u[label] = lind_mehlum_at(fit, level, lows, highs)
    low_group, high_group = data[data["ei_z"] < -0.5], data[data["ei_z"] > 0.5]
    tl_low = two_lines_test(low_group["effort"], low_group["rating"])
    tl_high = two_lines_test(high_group["effort"], high_group["rating"])
    moderation_p, t_high = moderation_tests(fit, float(np.quantile(x, 0.9)))
    tests = pd.DataFrame(
        [
            {
                "test": f"Lind–Mehlum U-test at {k}",
                "statistic": t.statistic,
                "p": t.p_value,
                "inverted_u": t.rejects,
                "note": t.note,
            }
            for k, t in u.items()
        ]
        + [
            {
                "test": f"two-lines test, {name} EI reps (EI {side} 0.5 SD)",
                "statistic": min(tl.t1, -tl.t2),
                "p": max(tl.p1, tl.p2),
                "inverted_u": tl.u_shape,
                "note": f"slopes {tl.slope1:+.3f} (p {format_p_value(tl.p1)}), "
                f"{tl.slope2:+.3f} (p {format_p_value(tl.p2)}), break at {tl.breakpoint:.1f} h",
            }
            for name, side, tl in (("low", "below −", tl_low), ("high", "above +", tl_high))
        ]
        + [
            {
                "test": "EI moderation: joint Wald test of effort×EI and effort²×EI",
                "statistic": float("nan"),
                "p": moderation_p,
                "inverted_u": None,
                "note": f"EI changes effort's slope at high effort (90th percentile) by "
                f"t = {t_high:.2f}",
            },
        ]
    )
    findings = Findings(
        seed=seed,
        b2=fit.b2,
        p_b2=_p(fit, "x2"),
        b4=fit.b4,
        p_b4=_p(fit, "x2_z"),
        low_u_p=u["EI -1 SD"].p_value,
        high_u_p=u["EI +1 SD"].p_value,
        mid_u_p=u["EI mean"].p_value,
        low_two_lines=tl_low.u_shape,
        high_two_lines=tl_high.u_shape,
        t_b4=fit.coef("x2_z") / fit.se("x2_z"),
        t_low_u=u["EI -1 SD"].statistic,
        moderation_p=moderation_p,
        t_moderation_high=t_high,
        turning_points={r["ei"]: r["turning_point"] for r in tp_rows},
    )
    return Analysis(
        data, coefficients, pd.DataFrame(tp_rows), pd.DataFrame(slope_rows), tests, findings
    )


def moderation_tests(fit, x_high: float) -> tuple[float, float]:
    """Joint Wald test (χ², 2 df) of the effort×EI terms; t of EI's effect on effort's slope
    at ``x_high`` (b3 + 2·b4·x_high), positive when EI makes high effort pay off more."""
    from scipy import stats

    names = ["x_z", "x2_z"]
    b = np.array([fit.coef(n) for n in names])
    cov = fit.cov_of(names)
    wald = float(b @ np.linalg.solve(cov, b))
    w = np.array([1.0, 2.0 * x_high])
    t_high = float(w @ b / np.sqrt(w @ cov @ w))
    return float(stats.chi2.sf(wald, 2)), t_high


def _p(fit, name: str) -> float:
    from scipy import stats

    t = fit.coef(name) / fit.se(name)
    return float(2 * stats.t.sf(abs(t), fit.df_resid))


def _mixed_model(data: pd.DataFrame) -> pd.DataFrame:
    """Random intercept per supervisor (statsmodels MixedLM)."""
    import warnings

    import statsmodels.formula.api as smf

    frame = data.assign(x=data["effort"], x2=data["effort"] ** 2, z=data["ei_z"])
    frame = frame.assign(x_z=frame.x * frame.z, x2_z=frame.x2 * frame.z)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on small groups; we report the fit
        result = smf.mixedlm(
            "rating ~ x + x2 + x_z + x2_z + z + start_relationship",
            frame,
            groups=frame["supervisor"],
        ).fit(reml=True)
    rename = {"Intercept": "const"}
    return pd.DataFrame(
        {
            "term": [rename.get(n, n) for n in result.fe_params.index],
            "estimate_mixed": result.fe_params.to_numpy(),
            "se_mixed": result.bse_fe.to_numpy(),
            "p_mixed": result.pvalues[result.fe_params.index].to_numpy(),
        }
    )


PAPER = {
    "effort² (b2)": "negative, significant",
    "EI moderates effort's effect": "yes, significantly (high EI: effort keeps paying off)",
    "low EI (−1 SD)": "inverted U",
    "high EI (+1 SD)": "keeps rising",
}


def comparison(findings: Findings) -> pd.DataFrame:
    f = findings
    ours = {
        "effort² (b2)": f"{'negative' if f.b2 < 0 else 'positive'}, {format_p_value(f.p_b2)}",
        "EI moderates effort's effect": ("yes" if f.positive_moderation else "no")
        + f" (joint test {format_p_value(f.moderation_p)}; effort² × EI "
        f"{'positive' if f.b4 > 0 else 'negative'}, {format_p_value(f.p_b4)})",
        "low EI (−1 SD)": ("inverted U" if f.low_inverted_u else "no inverted U")
        + f" (U-test {format_p_value(f.low_u_p)})",
        "high EI (+1 SD)": ("inverted U" if f.high_inverted_u else "no inverted U")
        + " (two-lines test; the quadratic's U-test, which saturation fools, "
        + f"{format_p_value(f.high_u_p)})",
    }
    return pd.DataFrame(
        {
            "finding": list(PAPER),
            "paper": list(PAPER.values()),
            "this replication": [ours[k] for k in PAPER],
        }
    )


def _four(value: float) -> str:
    return f"{value:.4g}"


def frame_table(frame: pd.DataFrame) -> str:
    """A data frame as a Markdown table."""
    return markdown_table(frame.columns, frame.itertuples(index=False))


def plot_study(analysis: Analysis, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    data = analysis.data
    fig, ax = plt.subplots(figsize=(8, 5), dpi=120)
    low = data["ei_z"] < 0
    ax.scatter(
        data.loc[low, "effort"],
        data.loc[low, "rating"],
        s=22,
        color="#D55E00",
        alpha=0.7,
        label="reps with EI below the mean",
    )
    ax.scatter(
        data.loc[~low, "effort"],
        data.loc[~low, "rating"],
        s=22,
        color="#0072B2",
        alpha=0.7,
        marker="s",
        label="reps with EI above the mean",
    )
    coef = dict(zip(analysis.coefficients["term"], analysis.coefficients["estimate"], strict=True))
    xs = np.linspace(data["effort"].min(), data["effort"].max(), 100)
    control = data["start_relationship"].mean() * coef.get("start_relationship", 0.0)
    for level, colour, style in ((-1, "#D55E00", "-"), (1, "#0072B2", "--")):
        ys = (
            coef["const"]
            + coef["x"] * xs
            + coef["x2"] * xs**2
            + coef["x_z"] * xs * level
            + coef["x2_z"] * xs**2 * level
            + coef["z"] * level
            + control
        )
        ax.plot(xs, ys, color=colour, ls=style, lw=2.5, label=f"fitted, EI {level:+d} SD")
    ax.set_xlabel("effort: customer hours per week (13-week archive)")
    ax.set_ylabel("relational performance (supervisor rating, 1–7)")
    ax.set_title("Simulated field study: effort × emotional intelligence")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)


def write_single(analysis: Analysis, out: Path, design: StudyDesign) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    analysis.data.to_csv(out / "reps.csv", index=False)
    analysis.coefficients.to_csv(out / "coefficients.csv", index=False)
    analysis.turning_points.to_csv(out / "turning_points.csv", index=False)
    analysis.slopes.to_csv(out / "simple_slopes.csv", index=False)
    analysis.tests.to_csv(out / "tests.csv", index=False)
    table = comparison(analysis.findings)
    table.to_csv(out / "comparison.csv", index=False)
    plot_study(analysis, out / "figure.png")
    sections = [
        (
            "Design",
            f"{design.reps} simulated reps in {design.supervisors} supervisors' teams; "
            f"effort = mean logged hours of weeks {design.survey_week - design.archive_weeks + 1}–"
            f"{design.survey_week}; EI = mean of {2 * design.items_per_facet} seven-point survey "
            f"items; relational performance = supervisor rating in week "
            f"{design.survey_week + design.rating_lag_weeks}. Seed {analysis.findings.seed}.",
        ),
    ]
    md = ["# Simulated replication of Ogilvie et al. (2017)", ""]
    for title, text in sections:
        md += [f"## {title}", "", text, ""]
    for title, frame in (
        ("What the paper found | what this replication finds", table),
        (
            "Moderated quadratic regression (clustered by supervisor) and mixed "
            "model (random intercept per supervisor)",
            analysis.coefficients,
        ),
        ("Turning points of effort", analysis.turning_points),
        ("Tests of an inverted U", analysis.tests),
        ("Simple slopes", analysis.slopes),
    ):
        md += [f"## {title}", "", frame_table(frame), ""]
    md += ["![Relational performance against effort at low and high EI](figure.png)", ""]
    (out / "report.md").write_text("\n".join(md), encoding="utf-8")
    body = "".join(
        f"<h2>{html.escape(t)}</h2>{f.to_html(index=False, border=0, float_format=_four)}"
        for t, f in (
            ("What the paper found | what this replication finds", table),
            ("Regression coefficients", analysis.coefficients),
            ("Turning points", analysis.turning_points),
            ("Tests", analysis.tests),
            ("Simple slopes", analysis.slopes),
        )
    )
    write_page(
        out / "report.html",
        "Simulated replication of Ogilvie et al. (2017)",
        [f"<p>{html.escape(sections[0][1])}</p>", body, "<img src='figure.png' alt='figure'>"],
    )
    return out / "report.md"


FINDINGS = ("low_inverted_u", "positive_moderation", "high_inverted_u")


def rates(all_findings: list[Findings]) -> dict[str, float]:
    """Share of studies in which each headline finding reproduces."""
    return {
        name: sum(bool(getattr(f, name)) for f in all_findings) / len(all_findings)
        for name in FINDINGS
    }


def power_curve(
    seed: int, sizes: tuple[int, ...], runs: int, design: StudyDesign = StudyDesign()
) -> pd.DataFrame:
    """How often each finding reproduces in larger studies (same design, teams scaled)."""
    rows = []
    for size in sizes:
        teams = max(2, round(size * design.supervisors / design.reps))
        scaled = StudyDesign(**{**design.__dict__, "reps": size, "supervisors": teams})
        seeds = [
            int(s.generate_state(1, np.uint32)[0])
            for s in np.random.SeedSequence(seed, spawn_key=(size,)).spawn(runs)
        ]
        found = [analyse_study(simulate_study(s, scaled), s).findings for s in seeds]
        rows.append({"reps": size, "supervisors": teams, "runs": runs, **rates(found)})
    return pd.DataFrame(rows)


def power_summary(all_findings: list[Findings], design: StudyDesign) -> dict[str, Any]:
    """How often each finding (and each alternative test) reproduces; median effect sizes."""
    runs = len(all_findings)

    def share(test) -> float:
        return sum(bool(test(f)) for f in all_findings) / runs

    median = lambda get: float(np.median([get(f) for f in all_findings]))  # noqa: E731
    return {
        "runs": runs,
        "reps_per_study": design.reps,
        "rates": {
            **rates(all_findings),
            "b2_negative_significant": share(lambda f: f.b2 < 0 and f.p_b2 < 0.05),
            "b4_positive_significant": share(lambda f: f.b4 > 0 and f.p_b4 < 0.05),
            "high_ei_quadratic_u_test": share(lambda f: f.high_u_p < 0.05),
            "two_lines_low_ei": share(lambda f: f.low_two_lines),
        },
        "effect_sizes": {
            "b2_median": median(lambda f: f.b2),
            "b4_median": median(lambda f: f.b4),
            "t_b4_median": median(lambda f: f.t_b4),
            "t_moderation_high_median": median(lambda f: f.t_moderation_high),
            "t_low_u_median": median(lambda f: f.t_low_u),
            "turning_point_low_ei_median": median(lambda f: f.turning_points["EI -1 SD"]),
        },
    }


def replicate(
    seed: int,
    runs: int,
    out: Path,
    design: StudyDesign = StudyDesign(),
    power_sizes: tuple[int, ...] = (150, 200, 300, 400),
) -> dict:
    """One study (``runs`` = 1) or many with independent seeds; writes tables, figure, report."""
    out.mkdir(parents=True, exist_ok=True)
    if runs == 1:
        analysis = analyse_study(simulate_study(seed, design), seed)
        write_single(analysis, out, design)
        return {"findings": analysis.findings.__dict__}
    seeds = [
        int(s.generate_state(1, np.uint32)[0]) for s in np.random.SeedSequence(seed).spawn(runs)
    ]
    analyses = (analyse_study(simulate_study(s, design), s) for s in seeds)
    first = next(analyses)
    write_single(first, out / "study", design)
    findings = [first.findings] + [a.findings for a in analyses]
    pd.DataFrame(
        [
            {
                **{k: v for k, v in f.__dict__.items() if k != "turning_points"},
                **{name: getattr(f, name) for name in FINDINGS},
                "turning_point_low_ei": f.turning_points["EI -1 SD"],
            }
            for f in findings
        ]
    ).to_csv(out / "replications.csv", index=False)
    summary = power_summary(findings, design)
    curve = power_curve(seed, power_sizes, min(runs, 40), design) if power_sizes else None
    if curve is not None:
        curve.to_csv(out / "power_curve.csv", index=False)
        summary["power_curve"] = curve.to_dict(orient="records")
        summary["reps_for_95_percent_power"] = {
            name: next(
                (int(row["reps"]) for row in summary["power_curve"] if row[name] >= 0.95), None
            )
            for name in ("low_inverted_u", "positive_moderation")
        }
    (out / "power.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    (out / "report.md").write_text(power_report(summary, design, curve), encoding="utf-8")
    return summary


def power_report(summary: dict[str, Any], design: StudyDesign, curve: pd.DataFrame | None) -> str:
    r, e = summary["rates"], summary["effect_sizes"]
    lines = [
        f"# {summary['runs']} independent simulated replications of Ogilvie et al. (2017)",
        "",
        f"Each replication: {design.reps} reps, {design.supervisors} supervisors (the paper's "
        "design). How often each finding reproduces at p < 0.05:",
        "",
        "| finding | paper | reproduces in |",
        "|---|---|---|",
        f"| inverted U for low-EI reps (Lind–Mehlum U-test at EI −1 SD) | yes | "
        f"{r['low_inverted_u']:.0%} |",
        f"| positive moderation by EI (joint test of the effort×EI terms, EI raising effort's "
        f"slope at high effort) | yes | {r['positive_moderation']:.0%} |",
        f"| inverted U for high-EI reps (two-lines test, EI above +0.5 SD) | no | "
        f"{r['high_inverted_u']:.0%} |",
        f"| effort² negative | yes | {r['b2_negative_significant']:.0%} |",
        f"| effort² × EI alone positive and significant | – | {r['b4_positive_significant']:.0%} |",
        f"| two-lines test, low-EI reps (below −0.5 SD) | – | {r['two_lines_low_ei']:.0%} |",
        f"| quadratic U-test at EI +1 SD (a saturating curve fools it) | – | "
        f"{r['high_ei_quadratic_u_test']:.0%} |",
        "",
        f"Median effect sizes: effort² b2 = {e['b2_median']:.2e}; effort² × EI b4 = "
        f"{e['b4_median']:.2e} (t = {e['t_b4_median']:.2f}); EI's effect on effort's slope at high "
        f"effort t = {e['t_moderation_high_median']:.2f}; low-EI U-test t = "
        f"{e['t_low_u_median']:.2f}; low-EI turning point {e['turning_point_low_ei_median']:.1f} "
        "h/week.",
        "",
        "The first replication's full analysis is in `study/`.",
    ]
    if curve is not None:
        needed = summary["reps_for_95_percent_power"]
        biggest = int(curve["reps"].max())

        def say(n: int | None) -> str:
            return f"about {n} reps" if n else f"more than {biggest} reps"

        lines += [
            "",
            "## Power at larger studies (same design, teams scaled)",
            "",
            frame_table(curve),
            "",
            f"95 % power needs {say(needed['low_inverted_u'])} for the low-EI inverted U and "
            f"{say(needed['positive_moderation'])} for the moderation by EI "
            f"({int(curve['runs'].iloc[0])} simulated studies per size).",
        ]
    return "\n".join(lines) + "\n"
