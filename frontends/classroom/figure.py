"""The class's own study: effort against relationship quality, by empathy profile.

One point per student and round: the round's effort (h/week) and the student's relationship
quality at the round's end. Each profile gets a quadratic fit (``experiments.stats``, standard
errors clustered by student, since a student's rounds are not independent) and, where the
curve bends down inside the data, its turning point.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from experiments.stats import fit_quadratic, turning_point
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
    turning_point: float | None  # inside the observed efforts, curve bending down
    students: int
    # whether the student sent the round's plan (else it was played with their last plan, or
    # the default plan for a student who joined later)
    decided: np.ndarray | None = None


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
        coefficients = peak = None
        if shortfall(x, students) is None:
            fit = fit_quadratic(x, y, cluster=group["student"].to_numpy())
            coefficients = (fit.b0, fit.b1, fit.b2)
            estimate = turning_point(fit).estimate
            if fit.b2 < 0 and x.min() < estimate < x.max():
                peak = float(estimate)
        decided = group["decided"].to_numpy(bool) if "decided" in group else None
        curves.append(ProfileCurve(str(profile), x, y, coefficients, peak, students, decided))
    return curves


def curve_notes(curves: list[ProfileCurve], lang: str) -> list[str]:
    """One sentence per profile: its turning point, none, or which data are still too few."""
    notes = []
    for curve in curves:
        name = profile_name(curve.profile, lang)
        lack = shortfall(curve.effort, curve.students)
        if lack is not None:
            what, n, need = lack
            text = t(f"dash.too_few.{what}", lang, n=n, min=need, points=curve.effort.size)
            notes.append(f"{name}: {text}")
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
