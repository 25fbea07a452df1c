"""The simulated field study's design and measurement (docs/replication-plan.md).

Who is in the study (reps in supervisors' teams, their traits and working habits), how their
weekly hours vary, and how the study measures them: effort from a 13-week activity archive, EI
from a survey with a stated reliability, relational performance from one supervisor's rating
with a stated reliability. Pure functions of a random generator: no model runs here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from experiments.replicate.texts import number, percent, say
from sim.population import profile_counts

# The logs of finished studies, one JSON object a line (``power.run_batches``): an interrupted
# run of ``--runs N`` or of a multiverse, run again, simulates only the studies missing from its
# log. They are named here, with the design, so that `rapport replicate` can name them before
# it loads the simulation and its analysis.
SAVED = "studies.jsonl"
SAVED_MULTIVERSE = "multiverse_studies.jsonl"
SAVED_WORLDS = "worlds_studies.jsonl"

# The model's ceiling on weekly customer hours (``reps.effort_hours`` in sim/params.py).
MAX_WEEKLY_HOURS = 80.0


@dataclass(frozen=True)
class EffortHabit:
    """How reps' habitual customer-facing hours are spread across a sales force.

    ``kind`` "lognormal": ``a`` the median, ``b`` the coefficient of variation; "uniform":
    between ``a`` and ``b``; "normal": mean ``a``, SD ``b``, clipped to 5–60 h.
    Its description, as the pages state it, is ``effort.NAME`` of
    ``experiments.replicate.texts``.
    """

    kind: Literal["lognormal", "uniform", "normal"]
    a: float
    b: float

    def draw(self, rng: np.random.Generator, n: int) -> np.ndarray:
        """``n`` reps' habitual hours per week."""
        if self.kind == "lognormal":
            sigma = np.sqrt(np.log1p(self.b**2))
            return self.a * np.exp(rng.normal(0.0, sigma, n))
        if self.kind == "uniform":
            return rng.uniform(self.a, self.b, n)
        return np.clip(rng.normal(self.a, self.b, n), 5.0, 60.0)


# The plan's choices (docs/replication-plan.md gives the reasons).
EFFORT_HABITS: dict[str, EffortHabit] = {
    "survey": EffortHabit("lognormal", 24.0, 0.35),
    "long_hours": EffortHabit("lognormal", 32.0, 0.30),
    "wide": EffortHabit("uniform", 8.0, 56.0),
    "earlier_design": EffortHabit("normal", 38.0, 11.0),
}


@dataclass(frozen=True)
class StudyDesign:
    """One simulated field study. Defaults: the analysis plan's primary design."""

    reps: int = 107
    supervisors: int = 19
    survey_week: int = 52  # reps have served their portfolios for a year before the survey
    archive_weeks: int = 13
    rating_lag_weeks: int = 8
    effort: str = "survey"  # a key of EFFORT_HABITS
    effort_team_sigma: float = 0.10  # log-normal team factor: one manager's reps work alike
    week_sigma: float = 0.25  # log-normal week-to-week factor of a rep's hours
    week_autocorrelation: float = 0.5  # busy weeks cluster (fairs, quarter ends)
    absence_rate: float = 0.10  # weeks without customer hours: holidays, sickness, training
    ei_mean: float = 0.5
    # The model's empathy scale spans the sales force: its low (0.2) and high (0.8) levels sit
    # about one SD below and above the mean.
    ei_sd: float = 0.3
    ei_team_sd: float = 0.05
    facet_sd: float = 0.08  # how far perception and regulation stray from the rep's overall EI
    ei_reliability: float = 0.85  # Cronbach's α of each WLEIS facet scale (Wong & Law 2002)
    rating_reliability: float = 0.52  # supervisors' ratings (Viswesvaran et al. 1996)
    leniency_share: float = 0.25  # share of the rating's error variance shared by a team

    def __post_init__(self) -> None:
        if self.effort not in EFFORT_HABITS:
            raise ValueError(
                f"effort: {self.effort!r} is not a known distribution; "
                f"choose one of {', '.join(EFFORT_HABITS)}"
            )
        for name in ("ei_reliability", "rating_reliability"):
            if not 0 < getattr(self, name) <= 1:
                raise ValueError(f"{name}: {getattr(self, name)} must be in (0, 1]")

    @property
    def weeks(self) -> int:
        """Weeks the model runs: up to the supervisors' rating."""
        return self.survey_week + self.rating_lag_weeks

    def scaled(self, reps: int) -> StudyDesign:
        """The same design with ``reps`` reps, teams of the paper's size (107 / 19)."""
        return replace(self, reps=reps, supervisors=max(2, round(reps * 19 / 107)))

    def describe(self, lang: str = "en") -> str:
        """One sentence naming every choice of this design, in ``lang`` (the data files keep
        the English one)."""
        return say(
            "design",
            lang,
            reps=number(self.reps, lang, "d"),
            supervisors=number(self.supervisors, lang, "d"),
            effort=say(f"effort.{self.effort}", lang),
            sigma=number(self.week_sigma, lang),
            autocorrelation=number(self.week_autocorrelation, lang),
            away=percent(self.absence_rate, lang),
            first=self.survey_week - self.archive_weeks + 1,
            last=self.survey_week,
            ei_reliability=number(self.ei_reliability, lang),
            weeks=self.weeks,
            rating_reliability=number(self.rating_reliability, lang),
        )


@dataclass(frozen=True)
class Traits:
    """True traits of the study's reps."""

    team: np.ndarray  # supervisor of each rep
    ei: np.ndarray
    perception: np.ndarray
    regulation: np.ndarray
    habit: np.ndarray  # habitual customer-facing hours per week


def draw_traits(rng: np.random.Generator, design: StudyDesign) -> Traits:
    """Reps in teams, with EI facets and habitual hours that differ between teams too."""
    sizes = profile_counts([1 / design.supervisors] * design.supervisors, design.reps)
    team = np.repeat(np.arange(design.supervisors), sizes)
    team_ei = rng.normal(0, design.ei_team_sd, design.supervisors)[team]
    ei = np.clip(rng.normal(design.ei_mean, design.ei_sd, design.reps) + team_ei, 0, 1)
    perception = np.clip(ei + rng.normal(0, design.facet_sd, design.reps), 0, 1)
    regulation = np.clip(ei + rng.normal(0, design.facet_sd, design.reps), 0, 1)
    team_factor = np.exp(rng.normal(0, design.effort_team_sigma, design.supervisors))[team]
    habit = EFFORT_HABITS[design.effort].draw(rng, design.reps) * team_factor
    return Traits(team, ei, perception, regulation, np.clip(habit, 0.0, MAX_WEEKLY_HOURS))


def weekly_hours(rng: np.random.Generator, design: StudyDesign, habit: np.ndarray) -> np.ndarray:
    """Hours each rep works with customers in each week: (weeks, reps).

    The habit times a log-normal factor with mean 1 that follows an AR(1) process (stationary
    sigma ``week_sigma``), and zero in weeks away.
    """
    phi, sigma = design.week_autocorrelation, design.week_sigma
    shocks = rng.normal(0.0, sigma, (design.weeks, habit.size))
    log_factor = np.empty_like(shocks)
    log_factor[0] = shocks[0]
    for week in range(1, design.weeks):
        log_factor[week] = phi * log_factor[week - 1] + np.sqrt(1 - phi**2) * shocks[week]
    away = rng.random(shocks.shape) < design.absence_rate
    hours = habit * np.exp(log_factor - sigma**2 / 2) * ~away
    return np.clip(hours, 0.0, MAX_WEEKLY_HOURS)


def archived_effort(design: StudyDesign, hours: np.ndarray) -> np.ndarray:
    """Mean logged hours of the archive's weeks (weeks are 1-based: row w-1 is week w)."""
    first = design.survey_week - design.archive_weeks
    return hours[first : design.survey_week].mean(axis=0)


def error_sd(true_variance: float, reliability: float) -> float:
    """SD of the error that gives a measure the stated reliability var(T) / (var(T) + var(E))."""
    return float(np.sqrt(true_variance * (1 - reliability) / reliability))


def facet_scales(
    rng: np.random.Generator, design: StudyDesign, traits: Traits
) -> tuple[np.ndarray, np.ndarray]:
    """Survey scores of perception and regulation, each of reliability ``ei_reliability`` among
    the study's reps (true-score variance: the facet's variance in the sample)."""
    perception, regulation = (
        facet
        + rng.normal(0.0, error_sd(float(np.var(facet, ddof=1)), design.ei_reliability), facet.size)
        for facet in (traits.perception, traits.regulation)
    )
    return perception, regulation


def surveyed_ei(rng: np.random.Generator, design: StudyDesign, traits: Traits) -> np.ndarray:
    """Measured EI: the mean of the two facet scales."""
    perception, regulation = facet_scales(rng, design, traits)
    return (perception + regulation) / 2


def supervisor_rating(
    rng: np.random.Generator, design: StudyDesign, team: np.ndarray, quality: np.ndarray
) -> np.ndarray:
    """One supervisor's rating on a 1–7 metric, of reliability ``rating_reliability`` among the
    study's reps; part of the error is the supervisor's leniency, shared by the team."""
    error_variance = error_sd(float(np.var(quality, ddof=1)), design.rating_reliability) ** 2
    leniency = rng.normal(0.0, np.sqrt(design.leniency_share * error_variance), design.supervisors)
    own = rng.normal(0.0, np.sqrt((1 - design.leniency_share) * error_variance), design.reps)
    return 1 + 6 * (quality + leniency[team] + own)
