"""The class's own study: effort against relationship quality, by empathy profile.

One point per student and round: the round's effort (h/week) and the student's relationship
quality at the round's end. Each profile gets a quadratic fit (``experiments.stats``, standard
errors clustered by student, since a student's rounds are not independent) and a turning point
only where Simonsohn's two-lines test finds an inverted U (a significant rise, then a
significant fall), as the app's effort curve judges its lines, and it must find it twice: with
errors clustered by student and with each point's own (HC3). Errors clustered over a handful of
students are too optimistic (on 200 planted classes of 3 students, 3 rounds each, whose curve
only levels off, clustered errors alone named a turn in 28 % at the 5 % level, both together in
2.5 %); with 8 students and more the two agree. A quadratic that only bends (its vertex
inside the data) may be a curve that levels off, which a quadratic also fits with a fall at its
end (Lind and Mehlum's U-test on the quadratic named a turn in 7 of 10 such classes of 8
students); the debrief says so rather than name a turning point the points do not show.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from experiments.stats import fit_quadratic, turning_point, two_lines_test
from frontends.classroom.i18n import format_number, profile_name, t
from sim.formats import PALETTE, VERMILLION
from sim.plots import use_decimal_mark
from sim.texts import DECIMAL_MARK
from sim.texts import TEXTS as CORE_TEXTS

# What a profile's data need for a curve: a quadratic with errors clustered by student needs a
# few more points than parameters, three different efforts, and more than one student.
MIN_POINTS, MIN_EFFORTS, MIN_STUDENTS = 6, 3, 2
PROFILE_COLOURS = {"low": VERMILLION, "high": PALETTE[0]}


@dataclass(frozen=True)
class ProfileCurve:
    """One profile's points and fitted curve (``coefficients`` None if too few points)."""

    profile: str
    effort: np.ndarray
    relationship: np.ndarray
    coefficients: tuple[float, float, float] | None
    turning_point: float | None  # inside the observed efforts, by the two-lines test
    students: int
    # whether the student sent the round's plan (else it was played with their last plan, or
    # the default plan for a student who joined later)
    decided: np.ndarray | None = None
    # where the fitted curve bends down inside the data though the test finds no inverted U
    bend: float | None = None


def shortfall(effort: np.ndarray, students: int) -> tuple[str, int, int] | None:
    """What a profile's data lack for a curve: (which count, what it is, what it must be), the
    first that falls short; None if nothing does."""
    counts = (
        ("points", effort.size, MIN_POINTS),
        ("efforts", np.unique(effort).size, MIN_EFFORTS),
        ("students", students, MIN_STUDENTS),
    )
    return next(((what, n, need) for what, n, need in counts if n < need), None)


def round_points(frame: pd.DataFrame) -> pd.DataFrame:
    """Per student and played round: the effort and the relationship at the round's end."""
    played = frame[frame["round"] > 0]
    last = played.sort_values("week").groupby(["student", "round"], as_index=False).last()
    columns = ["student", "nickname", "profile", "round", "effort_hours", "relationship"]
    return last[[*columns, "decided"]] if "decided" in last else last[columns]


def class_curves(frame: pd.DataFrame) -> list[ProfileCurve]:
    """Each profile's fitted quadratic over the class data (``Room.class_frame``)."""
    points = round_points(frame)
    curves = []
    for profile, group in points.groupby("profile", sort=True):
        x = group["effort_hours"].to_numpy(float)
        y = group["relationship"].to_numpy(float)
        students = group["student"].nunique()
        coefficients = peak = bend = None
        if shortfall(x, students) is None:
            cluster = group["student"].to_numpy()
            fit = fit_quadratic(x, y, cluster=cluster)
            coefficients = (fit.b0, fit.b1, fit.b2)
            estimate = turning_point(fit).estimate
            inside = bool(fit.b2 < 0 and x.min() < estimate < x.max())
            try:
                # a line through few points has points of leverage 1, where HC3 is undefined
                # (a division by zero): that line's slope is then not significant
                with np.errstate(divide="ignore", invalid="ignore"):
                    tests = [two_lines_test(x, y, cluster=cluster), two_lines_test(x, y)]
            except (ValueError, np.linalg.LinAlgError):  # too few distinct points to smooth
                tests = []
            if tests and all(test.u_shape for test in tests):
                # marked on the drawn curve: at its vertex, or where the smooth is highest
                peak = float(estimate) if inside else float(tests[0].x_peak)
            elif inside:
                bend = float(estimate)
        decided = group["decided"].to_numpy(bool) if "decided" in group else None
        curves.append(ProfileCurve(str(profile), x, y, coefficients, peak, students, decided, bend))
    return curves


def curve_notes(curves: list[ProfileCurve], lang: str) -> list[str]:
    """One sentence per profile: its turning point, a bend the two-lines test cannot tell from
    a levelling off, none, or which data are still too few."""
    notes = []
    for curve in curves:
        name = profile_name(curve.profile, lang)
        lack = shortfall(curve.effort, curve.students)
        if lack is not None:
            what, n, need = lack
            key = f"dash.too_few.{what}" + (".one" if n == 1 and what != "students" else "")
            text = t(key, lang, n=n, min=need, points=curve.effort.size)
            notes.append(f"{name}: {text}")
        elif curve.bend is not None:
            effort = format_number(curve.bend, lang, 1)
            notes.append(t("dash.unclear", lang, profile=name, effort=effort))
        elif curve.turning_point is None:
            notes.append(t("dash.no_turning", lang, profile=name))
        else:
            effort = format_number(curve.turning_point, lang, 1)
            notes.append(t("dash.turning", lang, profile=name, effort=effort))
    return notes


def class_figure(frame: pd.DataFrame, lang: str = "en") -> Figure:
    """The class figure: points and fitted curves by profile, turning points marked."""
    labels = CORE_TEXTS[lang]
    # 8 × 5 in: shown in half a projector's width beside the debrief, its type stays readable
    fig = Figure(figsize=(8, 5), dpi=120)
    ax = fig.add_subplot()
    for i, curve in enumerate(class_curves(frame)):
        colour = PROFILE_COLOURS.get(curve.profile, PALETTE[(i + 2) % len(PALETTE)])
        name = profile_name(curve.profile, lang)
        sent = np.ones(curve.effort.size, bool) if curve.decided is None else curve.decided
        ax.scatter(
            curve.effort[sent], curve.relationship[sent], color=colour, alpha=0.6, s=40, label=name
        )
        if not sent.all():  # hollow: a round the student did not decide
            ax.scatter(
                curve.effort[~sent],
                curve.relationship[~sent],
                facecolors="none",
                edgecolors=colour,
                s=40,
                label=t("dash.undecided", lang, profile=name),
            )
        if curve.coefficients is not None:
            b0, b1, b2 = curve.coefficients
            xs = np.linspace(curve.effort.min(), curve.effort.max(), 100)
            ax.plot(xs, b0 + b1 * xs + b2 * xs**2, color=colour, lw=3)
        if curve.coefficients is not None and curve.turning_point is not None:
            b0, b1, b2 = curve.coefficients
            x = curve.turning_point
            ax.plot([x], [b0 + b1 * x + b2 * x * x], marker="v", ms=14, color=colour, ls="")
            ax.annotate(
                t("dash.turning", lang, profile="", effort=format_number(x, lang, 1)).lstrip(": "),
                (x, b0 + b1 * x + b2 * x * x),
                xytext=(0, 12),
                textcoords="offset points",
                ha="center",
                fontsize=12,
                color=colour,
                bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.7},
            )
    ax.set_title(t("dash.figure", lang), fontsize=16)
    ax.set_xlabel(labels["curve.x"], fontsize=14)
    ax.set_ylabel(labels["chart.relationship.y"], fontsize=14)
    ax.set_ylim(0, 1)
    ax.tick_params(labelsize=12)
    ax.grid(alpha=0.3)
    if ax.collections:
        # under the axes, where it can cover no student's point and leaves them the width; in
        # one column where two are wider than the figure (German labels are longer)
        legend = ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=12, ncol=2)
        if legend.get_window_extent().width > fig.bbox.width:
            ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=12, ncol=1)
    use_decimal_mark(fig, DECIMAL_MARK.get(lang, "."))
    fig.tight_layout()
    return fig
