"""Priors: the plausible range of every uncertain model parameter, with the reason for it.

This is the one place where priors live. The schema (``sim.params``) attaches each prior to its
parameter (``ParamSpec.prior``) and refuses, at import, a prior that names no parameter, lies
outside the parameter's bounds or excludes its default; ``rapport params``, the priors table of
``docs/model.md`` and the pattern map (``rapport patterns``) read them from there.

How they were set (written down before the pattern map was first run, never narrowed after):

- A published figure where one exists (mostly Godfrey, Seiders & Voss 2011 on contact
  frequency); otherwise the reasoning, and then the range is wide: a factor of 2 to 4 around the
  default, log-uniform for rates and scales whose order of magnitude is unknown.
- Parameters that are the study's experimental factors (effort, perception, regulation), the
  team's size, interventions (coaching, hiring, management) and simulation settings have no prior:
  they are chosen by whoever runs the model, not uncertain facts about the world.
- The purchase value is the unit of revenue (a numeraire) and has no prior; its spread between
  customers changes no mean and has none either.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

GODFREY = (
    "Godfrey, Seiders & Voss (2011, J. Marketing 75(4):94–109; 1,162 car-dealer customers "
    "over 39 months)"
)


@dataclass(frozen=True)
class Prior:
    """A parameter's plausible range: ``distribution`` between ``low`` and ``high``.

    Attributes:
        low, high: The range (inclusive).
        distribution: "uniform", or "loguniform" for rates and scales whose order of magnitude
            is what is uncertain.
        reason: The published figure with its source, or the reasoning where there is none.
    """

    low: float
    high: float
    distribution: Literal["uniform", "loguniform"]
    reason: str

    def text(self) -> str:
        """The range as a reader sees it, e.g. ``0.1–0.5 (log-uniform)``."""
        kind = "log-uniform" if self.distribution == "loguniform" else "uniform"
        return f"{self.low:g}–{self.high:g} ({kind})"


def _u(low: float, high: float, reason: str) -> Prior:
    return Prior(low, high, "uniform", reason)


def _log(low: float, high: float, reason: str) -> Prior:
    return Prior(low, high, "loguniform", reason)


PRIORS: dict[str, Prior] = {
    # --- the team's habits ---------------------------------------------------------------------
    "reps.effort_spread": _u(
        0.0,
        5.0,
        "No source. From identical reps to a spread of 5 h/week around the team's mean.",
    ),
    "reps.trait_spread": _u(
        0.02,
        0.1,
        "No source. Differences of empathy within a team that was selected as low or high.",
    ),
    "reps.contact_share": _u(
        0.6,
        0.9,
        "No source. Field reps spend most customer-facing time in contacts; below 0.6 they would "
        "hardly be contact roles, above 0.9 no time is left to prepare.",
    ),
    "reps.prospecting_share": _u(
        0.2,
        0.6,
        "No source. Non-contact hours split between preparing for existing customers and "
        "finding new ones; anything from a fifth to three fifths.",
    ),
    "reps.pushiness": _u(
        0.3,
        0.9,
        "No source. The seed document's 'desperate or intrusive' reps: how far a rep with no "
        "regulation turns spare hours into contacts when relationships fall. Wide.",
    ),
    "reps.backoff": _u(
        0.3,
        0.8,
        "No source. A noticed hint cuts contacts to that customer by a fifth up to seven "
        "tenths (to 0.8–0.3 of what they were).",
    ),
    "reps.cut_reading": _u(
        0.0,
        1.0,
        "No source. Noticing a hint and judging how much less contact the customer wants are "
        "both reading the customer (others'-emotion appraisal, WLEIS; perceiving and "
        "understanding emotions, Mayer & Salovey 1997); no study measures how the size of a "
        "salesperson's adjustment varies with EI. From a cut whoever reads it (0) to a cut as "
        "deep as the hint is read (1).",
    ),
    "reps.book_knowledge": _u(
        0.0,
        1.0,
        "No source. From a book new to its reps (they have cut nothing) to one served long "
        "enough that they have cut every excess they perceive. The study surveyed working "
        "salespeople, not new territories; no tenure figure is at hand, so the whole range.",
    ),
    "reps.forgetting": _log(
        0.02,
        0.15,
        "No source. A backed-off plan drifts back with a half-life of 4 to 35 weeks.",
    ),
    # --- customers -----------------------------------------------------------------------------
    "customers.per_rep": _u(
        20,
        80,
        "No source in the study. Portfolios of field and account reps; 20 (key accounts) to 80 "
        "(smaller business customers) customers each.",
    ),
    "customers.need": _log(
        0.1,
        0.5,
        f"{GODFREY}: the ideal was about 3 phone calls (3–4 e-mails) per 3 months, 0.23–0.3 a "
        "week. Widened to one contact every 10 weeks up to one every 2 weeks (other industries).",
    ),
    "customers.need_spread": _u(
        0.1,
        0.6,
        "No source for the spread between customers; from alike to a factor of about 5 "
        "between the 10th and 90th percentile.",
    ),
    "customers.tolerance": _log(
        1.2,
        3.0,
        f"{GODFREY} describe a 'fine line': repurchase falls soon after the ideal is exceeded, "
        "with no width reported. From 20 % above the ideal to three times it.",
    ),
    "customers.tolerance_spread": _u(
        0.2,
        1.0,
        "No source. Customers differ in how much contact they bear; a factor of 1.7 to 13 "
        "between the 10th and 90th percentile of the excess over the ideal.",
    ),
    "customers.signal_clarity": _u(
        0.0,
        0.3,
        "The seed document: customers signal 'subtly'. Up to 30 % of signals are clear enough "
        "for any rep to notice.",
    ),
    "customers.memory_weeks": _log(
        2.0,
        13.0,
        f"{GODFREY} measured contact frequency over 3-month windows (13 weeks); customers may "
        "judge over as little as 2 weeks.",
    ),
    "customers.initial_relationship": _u(
        0.2,
        0.6,
        "No source. An established portfolio neither new nor loyal; the score is relative.",
    ),
    "customers.prospect_relationship": _u(
        0.0,
        0.2,
        "No source. A newly acquired customer starts well below an established one.",
    ),
    # --- dynamics ------------------------------------------------------------------------------
    "dynamics.hours_per_contact": _log(
        1.0,
        4.0,
        "No source. A prepared phone call (about 1 h with preparation and follow-up) up to a "
        "visit with travel (about 4 h).",
    ),
    "dynamics.reciprocity": _log(
        0.04,
        0.16,
        "No source. Welcome contacts at the ideal rate close 4–16 % of the gap to a perfect "
        "relationship a week: months, not days or years, to build one.",
    ),
    "dynamics.irritation_per_contact": _log(
        0.1,
        0.6,
        "Reactance (Dillard & Shen 2005) has no scale that carries over; a factor of 2.5 either "
        "way around the default.",
    ),
    "dynamics.irritation_fade": _log(
        0.02,
        0.15,
        "No source. Reactance fades with a half-life of 4 to 35 weeks.",
    ),
    "dynamics.heard_relief": _u(
        0.0,
        1.0,
        "Reactance falls when the threatened freedom is restored (Brehm 1966; Brehm & Brehm "
        "1981); a complaint answered fairly reduces its negative emotions (Tax, Brown & "
        "Chandrashekaran 1998, Journal of Marketing 62(2)). No size is published: from no "
        "relief (0) to all irritation gone once the rep answers (1).",
    ),
    "dynamics.erosion": _log(
        0.07,
        0.3,
        "No source. A factor of 2 either way around the default.",
    ),
    "dynamics.decay": _log(
        0.01,
        0.06,
        "No source. An untended relationship loses 1–6 % a week (half-life 3 to 16 "
        "months), through competitors and fading memory.",
    ),
    "dynamics.sensitisation": _u(
        0.0,
        3.0,
        f"{GODFREY}: the ideal number of contacts in one channel falls as the volume in others "
        "rises, so what a customer bears depends on the other contacts they get. That past "
        "contacts leave a lasting wear is an assumption; the nearest evidence is advertising "
        "'wear-out' (Pechmann & Stewart 1988, Current Issues & Research in Advertising 11), which "
        "turns responses negative with repetition. No size is published: from none (0) up to a "
        "tolerance cut to a quarter by a wear of 1.",
    ),
    "dynamics.wear_fade": _log(
        0.003,
        0.03,
        "No source. The trace of being pestered outlasts the irritation: a half-life from about "
        "5 months to 4 years.",
    ),
    "dynamics.regulation_protection": _u(
        0.5,
        0.95,
        "Hennig-Thurau et al. (2006): authenticity of displays matters more than their amount, "
        "a reason to model regulation apart. The size is an assumption: a fully regulated rep "
        "avoids half to almost all of an unwanted contact's harm.",
    ),
    "dynamics.quality_gain": _u(
        0.3,
        2.0,
        "No source. Preparation and problem solving make a contact 1.3 to 3 times as valuable "
        "(30 % to 200 % more).",
    ),
    "dynamics.quality_hours": _log(
        0.1,
        0.9,
        "No source. Value work of 6 to 54 minutes per customer and week gives most of its gain.",
    ),
    "dynamics.signal_irritation": _log(
        0.2,
        1.2,
        "No source. How annoyed a customer must be before hinting; a factor of 2.5 either way.",
    ),
    "dynamics.cue_onset": _u(
        0.6,
        1.0,
        f"{GODFREY}: responses move from reciprocity through an ideal point to reactance, so "
        "a customer's response turns before the limit is crossed; no size is published. From "
        "cues at 60 % of the tolerance to none at all (1).",
    ),
    "dynamics.detection_steepness": _log(
        4.0,
        16.0,
        "No source for the slope. Detection of subtle signals rises from 12 % to 88 % "
        "(steepness 4) or from 0.03 % to 99.97 % (steepness 16) between perception 0 and 1.",
    ),
    "dynamics.falling_scale": _log(
        0.025,
        0.1,
        "No source. A rep feels relationships falling at full force after a drop of 2.5–10 "
        "points of the relationship score below its recent level.",
    ),
    "dynamics.recent_weight": _log(
        0.025,
        0.1,
        "No source. A rep's sense of 'recently' spans 10 to 40 weeks.",
    ),
    "dynamics.purchase_rate": _log(
        0.1,
        0.4,
        "No source. A loyal customer buys every 2.5 to 10 weeks.",
    ),
    "dynamics.churn_hazard": _log(
        0.015,
        0.1,
        "Bolton (1998): duration follows cumulative satisfaction (no B2B rate given). A "
        "customer at relationship 0.5 is lost at 0.4–2.5 % a week (18–73 % a year).",
    ),
    "dynamics.prospect_warmth": _u(
        0.1,
        0.5,
        "No source. Careful prospecting brings leads that start warmer by 0.1 to 0.5.",
    ),
    "dynamics.prospect_hours": _log(
        2.0,
        10.0,
        "No source. Most of prospecting's benefit for lead quality comes within 2–10 h a week.",
    ),
    "dynamics.prospect_revenue": _log(
        0.02,
        0.1,
        "No source. New business of 20–100 € per prospecting hour, against a mean purchase "
        "of 1 k€ (the numeraire).",
    ),
    "dynamics.acquisition_hours": _u(
        0.0,
        80.0,
        "No source. From 0 (a lost account is replaced at once, as where the firm hands reps "
        "accounts from a pool) to 80 prospecting hours per account won (about 1.6 new accounts "
        "a year for a default rep at 30 h, who prospects about 2.4 h a week); uniform, since 0 is "
        "a rule of its own, not a small rate.",
    ),
    "customers.unwon_share": _u(
        0.0,
        0.5,
        "No source. From a territory whose accounts are all won to one where half of them are "
        "still to win; acts only where winning an account takes hours (acquisition_hours > 0).",
    ),
}

# Priors of the parameters that act only under the discrete contact schedule
# (``channels.schedule: discrete``). They are kept apart from ``PRIORS``, which the samplers draw
# (the pattern map, plausible worlds, calibration of "all"): under the default rate schedule these
# parameters change nothing, and sampling them would add inert dimensions to every design (and
# change the designs measured before the channels existed). The schema attaches them to their
# parameters like the others (``rapport params``, docs/model.md).
# The channel mix (the shares) is a choice of the rep or the firm, like effort: no prior.
DISCRETE_PRIORS: dict[str, Prior] = {
    "channels.visit_hours": _log(
        2.0,
        8.0,
        "No source. A field visit with preparation, travel and follow-up: half a morning up to a "
        "day's travel for a distant customer.",
    ),
    "channels.call_hours": _log(
        0.5,
        2.0,
        "No source. A prepared phone call with follow-up notes: half an hour to two hours.",
    ),
    "channels.email_hours": _log(
        0.1,
        1.0,
        "No source. A personal, prepared e-mail (not a mass mailing): 6 minutes to an hour.",
    ),
    "channels.visit_weight": _log(
        0.5,
        2.0,
        f"{GODFREY} measured calls, e-mails and mailings, not visits: no published figure. A visit "
        "is richer than a call (welcome) and takes more of the customer's time (intrusive); from "
        "half a call to two calls.",
    ),
    "channels.email_weight": _u(
        0.4,
        1.5,
        f"{GODFREY}: the ideal over 3 months was about 3 phone calls or 3–4 e-mails, so an e-mail "
        "counts about 0.85 of a call against the ideal. One car dealer's customers; widened to "
        "0.4–1.5 for other industries and more personal e-mails.",
    ),
}

ALL_PRIORS: dict[str, Prior] = {**PRIORS, **DISCRETE_PRIORS}
"""Every prior by name, those that act only under the discrete schedule included."""
