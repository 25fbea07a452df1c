"""The parameter schema: every parameter's default, bounds, unit and description, in one place.

Scenario files, ``--set`` overrides, ``rapport params``, the JSON Schema, the model description's
parameter table and the app's controls are all generated from the classes below. To add a
parameter, add a field here and use it in the model; nothing else needs to know.
"""

from __future__ import annotations

import difflib
import json
import re
import types
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from sim.priors import ALL_PRIORS, Prior


class ConfigError(ValueError):
    """Bad user input: the message is one line naming the field, the value and what is allowed."""


def param(
    default: Any,
    description: str,
    *,
    label: str,
    label_de: str,
    description_de: str,
    unit: str = "",
    ge=None,
    le=None,
    gt=None,
) -> Any:
    """A schema field; pydantic keeps the bounds and the description.

    Args:
        default: The default value.
        description: Help text in English (CLI, docs, app).
        label: Short name for controls, e.g. "Effort".
        label_de: The label in German (the app's German view).
        description_de: The help text in German.
        unit: Unit shown next to values, e.g. "h/week".
        ge, le, gt: Bounds.
    """
    return Field(
        default,
        description=description,
        ge=ge,
        le=le,
        gt=gt,
        json_schema_extra={
            "unit": unit,
            "label": label,
            "label_de": label_de,
            "description_de": description_de,
        },
    )


def _is_number(annotation: Any) -> bool:
    """Whether a field can hold a number (``int``, ``float``, a bounded one such as
    ``Annotated[int, Field(ge=1)]``, or a union with one, as ``int | Literal['final']``)."""
    if isinstance(annotation, types.UnionType) or get_origin(annotation) is Union:
        return any(_is_number(a) for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is Annotated:
        return _is_number(get_args(annotation)[0])
    return annotation in (int, float)


class SchemaModel(BaseModel):
    """A strict-enough schema model: unknown keys, NaN, infinities and true/false for numbers
    are refused (pydantic would read ``true`` as 1 and let NaN through to the bounds checks). A
    number written as text ("52", quoted in a file, or from Python) is read as the number, in
    scenarios as on a sweep's axes (README, "Parameter sweeps")."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    @field_validator("*", mode="before")
    @classmethod
    def _no_bool_for_number(cls, value: Any, info: ValidationInfo) -> Any:
        # Runs for every field of every scenario a sweep validates: the field is looked up only
        # for a true/false (that lookup on every field was most of a scenario's validation).
        if isinstance(value, bool):
            field = cls.model_fields.get(info.field_name or "")
            if field is not None and _is_number(field.annotation):
                raise PydanticCustomError("bool_for_number", "true/false is not a number")
        return value


class _Group(SchemaModel):
    """A part of a scenario. Made in Python (``Scenario(reps={"count": 0})``, ``Reps(...)``) it
    refuses bad values with a one-line ConfigError, as a scenario file does, not with
    pydantic's ValidationError (``model_validate`` still raises that; ``validate_scenario``
    turns it into a ConfigError)."""

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            # the scenario's key that holds this group, alone or as a list (``interventions``)
            group = next(
                (
                    f"{name}."
                    for name, f in Scenario.model_fields.items()
                    if type(self) in (f.annotation, *get_args(f.annotation))
                ),
                "",
            )
            raise ConfigError(describe_error(exc.errors(), group, root=type(self))) from None

    # Validation (``model_validate``, a group inside a scenario) keeps pydantic's own path and
    # does not call this ``__init__``, as for a model that does not define one.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]


# The traits a profile sets for its reps and a scheduled change sets for the team: their means.
TRAITS: dict[str, dict[str, Any]] = {
    "effort_hours": dict(
        description="Mean customer-facing hours per week.",
        unit="h/week",
        ge=1,
        le=80,
        label="Effort",
        label_de="Einsatz",
        description_de="Mittlere Stunden Kundenarbeit pro Woche.",
    ),
    "perception": dict(
        description="Mean perception (noticing subtle signals).",
        ge=0,
        le=1,
        label="Perception",
        label_de="Wahrnehmung",
        description_de="Mittlere Wahrnehmung (leise Signale bemerken).",
    ),
    "regulation": dict(
        description="Mean emotion regulation.",
        ge=0,
        le=1,
        label="Regulation",
        label_de="Regulation",
        description_de="Mittlere Emotionsregulation.",
    ),
}


class Profile(_Group):
    """A named kind of rep in a mixed team; traits left out take the team's values."""

    name: str = Field(
        description="Label of the profile, e.g. 'hard worker'.",
        min_length=1,
        json_schema_extra={
            "label": "Name",
            "label_de": "Name",
            "description_de": "Bezeichnung des Profils, z. B. „Hart arbeitend“.",
        },
    )
    share: float = param(
        0.5,
        "Fraction of the team with this profile.",
        ge=0.0,
        le=1.0,
        label="Share of team",
        label_de="Anteil am Team",
        description_de="Anteil des Teams mit diesem Profil.",
    )
    effort_hours: float | None = param(None, **TRAITS["effort_hours"])
    perception: float | None = param(None, **TRAITS["perception"])
    regulation: float | None = param(None, **TRAITS["regulation"])


class Reps(_Group):
    """The sales team."""

    count: int = param(
        20,
        "Number of sales reps in the team.",
        unit="reps",
        ge=1,
        le=100_000,
        label="Team size",
        label_de="Teamgröße",
        description_de="Zahl der Personen im Vertriebsteam.",
    )
    effort_hours: float = param(
        30.0,
        "Mean customer-facing working hours per rep and week (the effort the study measures).",
        unit="h/week",
        ge=1,
        le=80,
        label="Effort",
        label_de="Einsatz",
        description_de=(
            "Mittlere Stunden Kundenarbeit pro Person und Woche (der Einsatz, den die "
            "Studie misst)."
        ),
    )
    effort_spread: float = param(
        2.0,
        "Standard deviation of effort between reps.",
        unit="h/week",
        ge=0,
        le=20,
        label="Effort spread",
        label_de="Streuung des Einsatzes",
        description_de="Standardabweichung des Einsatzes zwischen den Personen.",
    )
    perception: float = param(
        0.5,
        "Empathy facet 1: how well reps read customers' emotions. Perceptive reps notice even "
        "subtle signs of annoyance; the others notice only clear ones.",
        ge=0,
        le=1,
        label="Perception (empathy)",
        label_de="Wahrnehmung (Empathie)",
        description_de=(
            "Empathie-Facette 1: wie gut die Personen die Gefühle von Kunden wahrnehmen. "
            "Wer gut wahrnimmt, bemerkt auch leise Signale von Verärgerung, die anderen nur "
            "deutliche."
        ),
    )
    regulation: float = param(
        0.5,
        "Empathy facet 2: mean emotion regulation. Keeps contacts calm and authentic, so an "
        "unwanted contact does less harm and the rep does not turn pushy when relationships sour.",
        ge=0,
        le=1,
        label="Regulation (empathy)",
        label_de="Regulation (Empathie)",
        description_de=(
            "Empathie-Facette 2: mittlere Emotionsregulation. Hält Kontakte ruhig und authentisch, "
            "sodass ein unerwünschter Kontakt weniger schadet und die Person nicht aufdringlich "
            "wird, wenn Beziehungen leiden."
        ),
    )
    trait_spread: float = param(
        0.05,
        "Standard deviation of perception and regulation between reps.",
        ge=0,
        le=0.5,
        label="Empathy spread",
        label_de="Streuung der Empathie",
        description_de="Standardabweichung von Wahrnehmung und Regulation zwischen den Personen.",
    )
    contact_share: float = param(
        0.8,
        "Share of effort a rep plans for customer contacts; the rest goes to preparation, "
        "problem solving and prospecting.",
        ge=0.05,
        le=1,
        label="Contact share",
        label_de="Kontaktanteil",
        description_de=(
            "Anteil des Einsatzes, den eine Person für Kundenkontakte plant; der Rest geht in "
            "Vorbereitung, Problemlösung und Akquise."
        ),
    )
    prospecting_share: float = param(
        0.4,
        "Share of non-contact hours spent prospecting; the rest is value work.",
        ge=0,
        le=1,
        label="Prospecting share",
        label_de="Akquiseanteil",
        description_de=(
            "Anteil der Nicht-Kontakt-Stunden für Akquise; der Rest ist wertschaffende Arbeit."
        ),
    )
    pushiness: float = param(
        0.6,
        "How far a rep with no emotion regulation shifts non-contact hours into extra contacts "
        "when their relationships are falling (0 = never, 1 = all of them).",
        ge=0,
        le=1,
        label="Pushiness",
        label_de="Aufdringlichkeit",
        description_de=(
            "Wie weit eine Person ohne Emotionsregulation Nicht-Kontakt-Stunden in zusätzliche "
            "Kontakte verschiebt, wenn ihre Beziehungen sich verschlechtern (0 = nie, 1 = alle)."
        ),
    )
    backoff: float = param(
        0.5,
        "When a rep notices a customer's annoyance, they cut that customer's contacts to this "
        "share of what the customer has had lately (0.5 = half).",
        ge=0.05,
        le=1,
        label="Back-off factor",
        label_de="Rücknahmefaktor",
        description_de=(
            "Bemerkt die Person die Verärgerung eines Kunden, senkt sie dessen Kontakte auf "
            "diesen Anteil dessen, was der Kunde zuletzt bekam (0,5 = die Hälfte)."
        ),
    )
    cut_reading: float = param(
        0.0,
        "How far the depth of a noticed hint's cut follows how well the rep reads the hint "
        "(0 = every noticed hint cuts to the back-off factor; 1 = the cut is as deep as the "
        "chance that the rep reads the hint: clear signals fully, subtle ones by perception).",
        ge=0,
        le=1,
        label="Cut follows reading",
        label_de="Rücknahme nach Deutung",
        description_de=(
            "Wie weit die Tiefe der Rücknahme nach einem bemerkten Signal davon abhängt, wie gut "
            "die Person das Signal deutet (0 = jedes bemerkte Signal senkt auf den "
            "Rücknahmefaktor; 1 = die Rücknahme ist so tief wie die Chance, das Signal richtig "
            "zu deuten: klare Signale ganz, leise nach Wahrnehmung)."
        ),
    )
    forgetting: float = param(
        0.06,
        "How fast a rep who perceives nothing drifts back to the old contact plan after "
        "backing off (share per week); perceptive reps remember longer.",
        unit="1/week",
        ge=0,
        le=1,
        label="Forgetting",
        label_de="Vergessen",
        description_de=(
            "Wie schnell eine Person ohne Wahrnehmung nach dem Zurücknehmen zum alten "
            "Kontaktplan zurückkehrt (Anteil pro Woche); wer wahrnimmt, erinnert sich länger."
        ),
    )
    book_knowledge: float = param(
        0.0,
        "How well reps know their customers at the start: the share of a perceived excess over "
        "a customer's tolerance they have already cut before week 1 (0 = a book new to them).",
        ge=0,
        le=1,
        label="Knows the book",
        label_de="Kundenkenntnis zu Beginn",
        description_de=(
            "Wie gut die Personen ihre Kunden zu Beginn kennen: der Anteil eines wahrgenommenen "
            "Zuviels über der Toleranz eines Kunden, den sie vor Woche 1 schon zurückgenommen "
            "haben (0 = die Kunden sind neu für sie)."
        ),
    )
    profiles: tuple[Profile, ...] = Field(
        (),
        description="Named kinds of reps making up a mixed team (shares add up to 1). "
        "Empty: one homogeneous team.",
        json_schema_extra={
            "label": "Team profiles",
            "label_de": "Teamprofile",
            "description_de": (
                "Benannte Arten von Personen in einem gemischten Team (Anteile ergeben "
                "zusammen 1). Leer: ein einheitliches Team."
            ),
        },
    )

    @model_validator(mode="after")
    def _profile_shares_add_up(self) -> Reps:
        if self.profiles:
            total = sum(p.share for p in self.profiles)
            if abs(total - 1.0) > 1e-6:
                raise ValueError(f"profile shares add up to {total:g}, they must add up to 1")
            names = [p.name for p in self.profiles]
            twice = sorted({n for n in names if names.count(n) > 1})
            if twice:  # the per-rep tables tell profiles apart by name only
                raise ValueError(f"profile names must differ: {', '.join(twice)} is given twice")
        return self


class Customers(_Group):
    """Each rep's portfolio of customers."""

    per_rep: int = param(
        40,
        "Customers in each rep's portfolio.",
        unit="customers",
        ge=1,
        le=1000,
        label="Customers per rep",
        label_de="Kunden pro Person",
        description_de="Kunden im Portfolio jeder Person.",
    )
    need: float = param(
        0.25,
        "Mean contact rate a customer welcomes (about one personal contact a month, "
        "Godfrey et al. 2011).",
        unit="contacts/week",
        ge=0.01,
        le=5,
        label="Welcome contact rate",
        label_de="Erwünschte Kontaktrate",
        description_de=(
            "Mittlere Kontaktrate, die einem Kunden willkommen ist (etwa ein persönlicher Kontakt "
            "im Monat, Godfrey et al. 2011)."
        ),
    )
    need_spread: float = param(
        0.3,
        "Log-normal spread (sigma) of the welcome contact rate between customers.",
        ge=0,
        le=2,
        label="Contact-rate spread",
        label_de="Streuung der Kontaktrate",
        description_de="Log-normale Streuung (Sigma) der erwünschten Kontaktrate zwischen Kunden.",
    )
    tolerance: float = param(
        1.6,
        "Mean tolerance threshold as a multiple of the customer's welcome rate; contacts "
        "beyond it are unwanted.",
        unit="× need",
        ge=1,
        le=10,
        label="Tolerance",
        label_de="Toleranz",
        description_de=(
            "Mittlere Toleranzschwelle als Vielfaches der erwünschten Kontaktrate; Kontakte "
            "darüber sind unerwünscht."
        ),
    )
    tolerance_spread: float = param(
        0.5,
        "Log-normal spread (sigma) between customers of how far tolerance lies above the "
        "welcome rate (of the excess over it, so no customer tolerates less than it welcomes).",
        ge=0,
        le=2,
        label="Tolerance spread",
        label_de="Streuung der Toleranz",
        description_de=(
            "Log-normale Streuung (Sigma) zwischen Kunden, wie weit die Toleranz über der "
            "erwünschten Kontaktrate liegt (des Überschusses darüber, sodass niemand weniger "
            "toleriert, als er wünscht)."
        ),
    )
    signal_clarity: float = param(
        0.1,
        "How clearly customers signal annoyance: the share of signals a rep notices whatever "
        "their perception; of the rest they notice as many as their perception detects (signals "
        "are subtle by default).",
        ge=0,
        le=1,
        label="Signal clarity",
        label_de="Signalklarheit",
        description_de=(
            "Wie deutlich Kunden Verärgerung zeigen: der Anteil der Signale, den eine Person "
            "unabhängig von ihrer Wahrnehmung bemerkt; von den übrigen bemerkt sie so viele, wie "
            "ihre Wahrnehmung erkennt (Signale sind standardmäßig leise)."
        ),
    )
    memory_weeks: float = param(
        4.0,
        "Weeks over which a customer judges how often they are contacted.",
        unit="weeks",
        ge=1,
        le=52,
        label="Customer memory",
        label_de="Gedächtnis der Kunden",
        description_de="Wochen, über die ein Kunde beurteilt, wie oft er kontaktiert wird.",
    )
    initial_relationship: float = param(
        0.4,
        "Mean relationship score of the starting portfolio.",
        ge=0,
        le=1,
        label="Starting relationship",
        label_de="Anfangsbeziehung",
        description_de="Mittlere Beziehungsqualität des Anfangsportfolios.",
    )
    unwon_share: float = param(
        0.0,
        "Share of each rep's slots that are accounts not yet won at the start: they begin empty "
        "and are won by prospecting at `dynamics.acquisition_hours` per account.",
        ge=0,
        le=0.9,
        label="Accounts still to win",
        label_de="Noch zu gewinnende Kunden",
        description_de=(
            "Anteil der Plätze jeder Person, die zu Beginn noch nicht gewonnene Kunden des "
            "Gebiets sind: Sie beginnen leer und werden durch Akquise gewonnen, je Kunde mit "
            "Stunden gemäß `dynamics.acquisition_hours`."
        ),
    )
    prospect_relationship: float = param(
        0.1,
        "Starting relationship of a new customer in a freed or empty slot, before the warmth "
        "the rep's prospecting adds (up to `dynamics.prospect_warmth` more).",
        ge=0,
        le=1,
        label="Prospect relationship",
        label_de="Beziehung neuer Kunden",
        description_de=(
            "Anfangsbeziehung eines neuen Kunden auf einem frei gewordenen oder leeren Platz, vor "
            "der Wärme, die die Akquise der Person hinzufügt (höchstens ein Zuwachs gemäß "
            "`dynamics.prospect_warmth`)."
        ),
    )
    value: float = param(
        1.0,
        "Mean revenue of one purchase.",
        unit="k€",
        ge=0.01,
        le=1000,
        label="Purchase value",
        label_de="Kaufwert",
        description_de="Mittlerer Umsatz eines Kaufs.",
    )
    value_spread: float = param(
        0.5,
        "Log-normal spread (sigma) of purchase value between customers.",
        ge=0,
        le=2,
        label="Purchase-value spread",
        label_de="Streuung des Kaufwerts",
        description_de="Log-normale Streuung (Sigma) des Kaufwerts zwischen Kunden.",
    )


class Dynamics(_Group):
    """How contacts, irritation and relationships interact."""

    hours_per_contact: float = param(
        2.0,
        "Hours one personal contact takes, including preparation and travel.",
        unit="h",
        ge=0.1,
        le=20,
        label="Hours per contact",
        label_de="Stunden pro Kontakt",
        description_de=(
            "Stunden, die ein persönlicher Kontakt dauert, einschließlich Vorbereitung und Anfahrt."
        ),
    )
    reciprocity: float = param(
        0.08,
        "Relationship gain per week from welcome contacts at the customer's welcome rate, "
        "scaled by the distance to 1 (diminishing returns as the relationship matures).",
        unit="1/week",
        ge=0,
        le=1,
        label="Reciprocity",
        label_de="Reziprozität",
        description_de=(
            "Beziehungsgewinn pro Woche durch erwünschte Kontakte in der erwünschten Rate, "
            "skaliert mit dem Abstand zu 1 (abnehmender Ertrag, je reifer die Beziehung)."
        ),
    )
    irritation_per_contact: float = param(
        0.25,
        "Irritation (reactance) added by unwanted contacts at the customer's welcome rate.",
        ge=0,
        le=5,
        label="Irritation per contact",
        label_de="Verärgerung pro Kontakt",
        description_de=(
            "Verärgerung (Reaktanz), die unerwünschte Kontakte in der erwünschten Rate hinzufügen."
        ),
    )
    irritation_fade: float = param(
        0.05,
        "Weekly fraction of irritation that fades.",
        unit="1/week",
        ge=0.001,
        le=1,
        label="Irritation fade",
        label_de="Abklingen der Verärgerung",
        description_de="Wöchentlicher Anteil der Verärgerung, der abklingt.",
    )
    heard_relief: float = param(
        0.0,
        "Share of a customer's irritation that falls away when their rep notices their signal "
        "and answers it, as far as the answer honours the wish (see cut_reading; 0 = none: "
        "irritation fades only with time).",
        ge=0,
        le=1,
        label="Relief when heard",
        label_de="Entlastung durch Rücknahme",
        description_de=(
            "Anteil der Verärgerung eines Kunden, der wegfällt, wenn die Person sein Signal "
            "bemerkt und ihre Kontakte zu ihm zurücknimmt, soweit die Rücknahme seinem Wunsch "
            "entspricht (siehe cut_reading; 0 = keiner: Verärgerung klingt nur mit der Zeit ab)."
        ),
    )
    erosion: float = param(
        0.15,
        "Weekly relationship loss per unit of irritation (relative to the relationship).",
        unit="1/week",
        ge=0,
        le=2,
        label="Erosion",
        label_de="Erosion",
        description_de=(
            "Wöchentlicher Beziehungsverlust je Einheit Verärgerung (relativ zur Beziehung)."
        ),
    )
    decay: float = param(
        0.03,
        "Weekly relative relationship decay (competitors, fading memory); contacts must "
        "outweigh it, so a neglected relationship drifts down.",
        unit="1/week",
        ge=0,
        le=1,
        label="Decay",
        label_de="Verfall",
        description_de=(
            "Wöchentlicher relativer Beziehungsverfall (Wettbewerb, verblassende Erinnerung); "
            "Kontakte müssen ihn aufwiegen, sonst sinkt eine vernachlässigte Beziehung."
        ),
    )
    sensitisation: float = param(
        1.0,
        "How much past over-contact lowers a customer's tolerance for good: the larger, the "
        "sooner a worn-down customer feels pushed. 0 = customers never become more sensitive.",
        ge=0,
        le=20,
        label="Sensitisation",
        label_de="Sensibilisierung",
        description_de=(
            "Wie stark frühere Überkontaktierung die Toleranz eines Kunden dauerhaft senkt: je "
            "größer, desto eher fühlt sich ein zermürbter Kunde bedrängt. 0 = Kunden werden nie "
            "empfindlicher."
        ),
    )
    wear_fade: float = param(
        0.01,
        "Weekly fraction of wear (the lasting trace of over-contact) that fades; much slower "
        "than irritation.",
        unit="1/week",
        ge=0,
        le=1,
        label="Wear fade",
        label_de="Abklingen der Abnutzung",
        description_de=(
            "Wöchentlicher Anteil der Abnutzung (der bleibenden Spur von Überkontaktierung), der "
            "abklingt; viel langsamer als die Verärgerung."
        ),
    )
    regulation_protection: float = param(
        0.8,
        "Share of an unwanted contact's harm that a rep with full emotion regulation avoids.",
        ge=0,
        le=1,
        label="Regulation protection",
        label_de="Schutz durch Regulation",
        description_de=(
            "Anteil des Schadens eines unerwünschten Kontakts, den eine Person mit voller "
            "Emotionsregulation vermeidet."
        ),
    )
    quality_gain: float = param(
        1.0,
        "Largest relative increase of contact quality from value work (preparation, "
        "problem solving).",
        ge=0,
        le=5,
        label="Quality gain",
        label_de="Qualitätsgewinn",
        description_de=(
            "Größte relative Steigerung der Kontaktqualität durch wertschaffende Arbeit "
            "(Vorbereitung, Problemlösung)."
        ),
    )
    quality_hours: float = param(
        0.3,
        "Value-work hours per customer and week that give 63 % of the quality gain.",
        unit="h/customer/week",
        ge=0.01,
        le=10,
        label="Quality hours",
        label_de="Qualitätsstunden",
        description_de=(
            "Stunden wertschaffender Arbeit je Kunde und Woche, die 63 % des Qualitätsgewinns "
            "bringen."
        ),
    )
    signal_irritation: float = param(
        0.5,
        "Annoyance (irritation plus this week's unwanted contacts relative to the welcome rate) "
        "at which a customer signals with probability 63 % in a week.",
        ge=0.01,
        le=10,
        label="Signal threshold",
        label_de="Signalschwelle",
        description_de=(
            "Unmut (Verärgerung plus die unerwünschten Kontakte dieser Woche relativ zur "
            "erwünschten Rate), bei dem ein Kunde in einer Woche mit 63 % Wahrscheinlichkeit ein "
            "Signal sendet."
        ),
    )
    cue_onset: float = param(
        1.0,
        "Share of a customer's tolerance at which they start to show early, subtle cues that "
        "contacts are getting too many, before any contact is unwanted. Only the rep's "
        "perception picks a cue up (a cue is never clear). 1 = no early cues (the default, so "
        "that figures measured before the rule existed stay valid; the pattern map samples it).",
        ge=0.5,
        le=1.0,
        label="Cue onset",
        label_de="Beginn früher Signale",
        description_de=(
            "Anteil der Toleranz eines Kunden, ab dem er frühe, leise Signale zeigt, dass die "
            "Kontakte zu viele werden, bevor ein Kontakt unerwünscht ist. Nur die Wahrnehmung "
            "der Person erfasst ein Signal (es ist nie deutlich). 1 = keine frühen "
            "Signale."
        ),
    )
    detection_steepness: float = param(
        8.0,
        "How sharply noticing subtle signals separates reps with low from reps with high "
        "perception (large: an almost hard divide at 0.5).",
        gt=0,
        le=50,
        label="Detection steepness",
        label_de="Steilheit der Erkennung",
        description_de=(
            "Wie scharf das Bemerken leiser Signale Personen mit niedriger und hoher Wahrnehmung "
            "trennt (groß: eine fast harte Grenze bei 0,5)."
        ),
    )
    falling_scale: float = param(
        0.05,
        "Drop of a rep's mean relationship below its recent level at which the rep feels "
        "relationships are falling with full force (and pushes as hard as they would).",
        ge=0.001,  # a smaller scale would divide by almost nothing
        le=1,
        label="Falling scale",
        label_de="Schwelle für Verschlechterung",
        description_de=(
            "Rückgang der mittleren Beziehungsqualität einer Person unter ihr jüngstes Niveau, bei "
            "dem sie die Verschlechterung voll spürt (und dann so stark drängt, wie sie überhaupt "
            "drängen würde)."
        ),
    )
    recent_weight: float = param(
        0.05,
        "Weight of the newest week in a rep's recent relationship level (an exponential moving "
        "average: the yardstick for 'falling').",
        unit="1/week",
        gt=0,
        le=1,
        label="Recent weight",
        label_de="Gewicht der jüngsten Woche",
        description_de=(
            "Gewicht der jüngsten Woche im gleitenden Niveau der Beziehungsqualität einer Person "
            "(ein exponentiell gleitender Mittelwert: der Maßstab für „sinkt“)."
        ),
    )
    purchase_rate: float = param(
        0.2,
        "Weekly purchase probability of a customer with relationship 1.",
        unit="1/week",
        ge=0,
        le=1,
        label="Purchase rate",
        label_de="Kaufrate",
        description_de="Wöchentliche Kaufwahrscheinlichkeit eines Kunden mit Beziehungsqualität 1.",
    )
    churn_hazard: float = param(
        0.04,
        "Weekly churn probability of a customer with relationship 0.",
        unit="1/week",
        ge=0,
        le=1,
        label="Churn hazard",
        label_de="Kundenverlustrisiko",
        description_de=(
            "Wöchentliche Wahrscheinlichkeit, einen Kunden mit Beziehungsqualität 0 zu verlieren."
        ),
    )
    prospect_warmth: float = param(
        0.3,
        "Largest boost to a new prospect's starting relationship from prospecting.",
        ge=0,
        le=1,
        label="Prospect warmth",
        label_de="Wärme neuer Kunden",
        description_de=(
            "Größter Zuwachs der Anfangsbeziehung eines neuen Interessenten durch Akquise."
        ),
    )
    prospect_hours: float = param(
        5.0,
        "Prospecting hours per week that give 63 % of the prospect warmth.",
        unit="h/week",
        ge=0.1,
        le=80,
        label="Prospecting hours",
        label_de="Akquisestunden",
        description_de="Akquisestunden pro Woche, die 63 % der Wärme neuer Kunden bringen.",
    )
    prospect_revenue: float = param(
        0.05,
        "Revenue from new business per prospecting hour.",
        unit="k€/h",
        ge=0,
        le=100,
        label="Prospecting revenue",
        label_de="Akquiseumsatz",
        description_de="Umsatz aus Neugeschäft je Akquisestunde.",
    )
    acquisition_hours: float = param(
        0.0,
        "Prospecting hours it takes on average to win one new customer into an empty slot; "
        "0 = a lost customer is replaced by a new prospect in the same week.",
        unit="h",
        ge=0,
        le=400,
        label="Hours to win a customer",
        label_de="Stunden je Neukunde",
        description_de=(
            "Akquisestunden, die es im Mittel kostet, einen neuen Kunden für einen leeren Platz "
            "zu gewinnen; 0 = ein verlorener Kunde wird in derselben Woche ersetzt."
        ),
    )


# The contact channels, in the order their counts are stored (``CustomerState.channel_contacts``)
# and their random numbers drawn.
CHANNELS = ("visit", "call", "email")


class Channels(_Group):
    """How contact hours become contacts: as a rate, or as a schedule of visits, calls and e-mails.

    A call is the unit of a customer's welcome rate and tolerance (Godfrey et al. 2011 measured
    the ideal in calls); the other channels' weights say how much one of their contacts counts
    against the customer's tolerance relative to a call.
    """

    schedule: Literal["rate", "discrete"] = Field(
        "rate",
        description="How a rep's contact hours reach customers. 'rate': an even fractional "
        "contact rate over the portfolio at dynamics.hours_per_contact (the channels below are "
        "not used). 'discrete': each week a schedule of whole visits, calls and e-mails to "
        "particular customers, in the channel mix below.",
        json_schema_extra={
            "label": "Contact schedule",
            "label_de": "Kontaktplanung",
            "description_de": (
                "Wie die Kontaktstunden einer Person die Kunden erreichen. „rate“: eine "
                "gleichmäßige, nicht ganzzahlige Kontaktrate über das Portfolio, jeder Kontakt "
                "mit Stunden gemäß dynamics.hours_per_contact (die Kanäle unten werden nicht "
                "genutzt). „discrete“: "
                "jede Woche ein Plan ganzer Besuche, Anrufe und E-Mails an bestimmte Kunden, im "
                "Kanalmix unten."
            ),
        },
    )
    call_share: float = param(
        0.3,
        "Share of contact hours spent on phone calls (discrete schedule); visits take what calls "
        "and e-mails leave.",
        ge=0,
        le=1,
        label="Call share",
        label_de="Anteil Anrufe",
        description_de=(
            "Anteil der Kontaktstunden für Anrufe (diskrete Planung); Besuche bekommen, was "
            "Anrufe und E-Mails übrig lassen."
        ),
    )
    email_share: float = param(
        0.1,
        "Share of contact hours spent on personal e-mails (discrete schedule).",
        ge=0,
        le=1,
        label="E-mail share",
        label_de="Anteil E-Mails",
        description_de="Anteil der Kontaktstunden für persönliche E-Mails (diskrete Planung).",
    )
    # Visits take the rest of the contact hours: the mix is two numbers that sweep and sample
    # freely (each within 0–1) and is checked only for leaving visits a share of at least 0.
    visit_hours: float = param(
        4.0,
        "Hours one visit takes, including preparation and travel.",
        unit="h",
        ge=0.1,
        le=20,
        label="Hours per visit",
        label_de="Stunden pro Besuch",
        description_de="Stunden, die ein Besuch dauert, einschließlich Vorbereitung und Anfahrt.",
    )
    call_hours: float = param(
        1.0,
        "Hours one phone call takes, including preparation and follow-up.",
        unit="h",
        ge=0.05,
        le=10,
        label="Hours per call",
        label_de="Stunden pro Anruf",
        description_de="Stunden, die ein Anruf dauert, einschließlich Vor- und Nachbereitung.",
    )
    email_hours: float = param(
        0.5,
        "Hours one personal e-mail takes to prepare and write.",
        unit="h",
        ge=0.02,
        le=10,
        label="Hours per e-mail",
        label_de="Stunden pro E-Mail",
        description_de="Stunden, die eine persönliche E-Mail mit Vorbereitung dauert.",
    )
    visit_weight: float = param(
        1.0,
        "How much one visit counts toward a customer's welcome rate and against their "
        "tolerance, relative to one phone call.",
        unit="calls",
        ge=0,
        le=10,
        label="Visit weight",
        label_de="Gewicht eines Besuchs",
        description_de=(
            "Wie stark ein Besuch auf die erwünschte Kontaktrate und auf die Toleranz eines "
            "Kunden angerechnet wird, relativ zu einem Anruf."
        ),
    )
    email_weight: float = param(
        0.85,
        "How much one e-mail counts toward a customer's welcome rate and against their "
        "tolerance, relative to one phone call (Godfrey et al. 2011: the ideal was about 3 calls "
        "or 3–4 e-mails per quarter).",
        unit="calls",
        ge=0,
        le=10,
        label="E-mail weight",
        label_de="Gewicht einer E-Mail",
        description_de=(
            "Wie stark eine E-Mail auf die erwünschte Kontaktrate und auf die Toleranz eines "
            "Kunden angerechnet wird, relativ zu einem Anruf (Godfrey et al. 2011: ideal waren "
            "etwa 3 Anrufe oder 3–4 E-Mails pro Quartal)."
        ),
    )

    @model_validator(mode="after")
    def _shares_leave_visits_some(self) -> Channels:
        total = self.call_share + self.email_share
        if total > 1.0 + 1e-9:
            raise ValueError(
                f"call_share + email_share = {total:g}, at most 1 is allowed (visits take the "
                "rest of the contact hours)"
            )
        return self

    @property
    def visit_share(self) -> float:
        """Share of contact hours spent on visits: what calls and e-mails leave."""
        return max(1.0 - self.call_share - self.email_share, 0.0)

    @property
    def shares(self) -> tuple[float, ...]:
        """Share of contact hours per channel, in ``CHANNELS`` order."""
        return (self.visit_share, self.call_share, self.email_share)

    @property
    def hours(self) -> tuple[float, ...]:
        """Hours per contact per channel, in ``CHANNELS`` order."""
        return (self.visit_hours, self.call_hours, self.email_hours)

    @property
    def weights(self) -> tuple[float, ...]:
        """Tolerance weight per channel (a call is 1), in ``CHANNELS`` order."""
        return (self.visit_weight, 1.0, self.email_weight)


class Coaching(_Group):
    """An empathy training programme (off while both gains are 0)."""

    start_week: int = param(
        10,
        "Week after which the programme starts: it runs from the next week on (0: from week 1).",
        unit="week",
        ge=0,
        le=520,
        label="Coaching start",
        label_de="Beginn des Coachings",
        description_de=(
            "Woche, nach der das Programm beginnt: Es läuft ab der folgenden Woche (0: ab Woche 1)."
        ),
    )
    duration_weeks: int = param(
        12,
        "Length of the programme.",
        unit="weeks",
        ge=1,
        le=520,
        label="Coaching length",
        label_de="Dauer des Coachings",
        description_de="Länge des Programms.",
    )
    perception_gain: float = param(
        0.0,
        "Perception added by the end of the programme.",
        ge=0,
        le=1,
        label="Perception gain",
        label_de="Zuwachs an Wahrnehmung",
        description_de="Wahrnehmung, die bis zum Ende des Programms hinzukommt.",
    )
    regulation_gain: float = param(
        0.0,
        "Regulation added by the end of the programme.",
        ge=0,
        le=1,
        label="Regulation gain",
        label_de="Zuwachs an Regulation",
        description_de="Regulation, die bis zum Ende des Programms hinzukommt.",
    )
    hours_per_week: float = param(
        2.0,
        "Training hours per rep and week, taken from customer work (at most the rep's effort).",
        unit="h/week",
        ge=0,
        le=40,
        label="Training hours",
        label_de="Trainingsstunden",
        description_de=(
            "Trainingsstunden pro Person und Woche, die von der Kundenarbeit abgehen (höchstens "
            "der Einsatz der Person)."
        ),
    )


class Hiring(_Group):
    """Replacing part of the team with emotionally intelligent hires (off while share is 0)."""

    share: float = param(
        0.0,
        "Fraction of the team replaced by new hires (the last reps of the team).",
        ge=0,
        le=1,
        label="Share hired",
        label_de="Anteil Neueinstellungen",
        description_de=(
            "Anteil des Teams, der durch Neueinstellungen ersetzt wird (die letzten Personen des "
            "Teams)."
        ),
    )
    week: int = param(
        0,
        "Week the hires take over (0 = they are there from the start).",
        unit="week",
        ge=0,
        le=520,
        label="Hiring week",
        label_de="Woche der Einstellung",
        description_de="Woche, in der die Neuen übernehmen (0 = sie sind von Anfang an da).",
    )
    perception: float = param(
        0.8,
        "Perception of the new hires.",
        ge=0,
        le=1,
        label="Hires' perception",
        label_de="Wahrnehmung der Neuen",
        description_de="Wahrnehmung der Neueinstellungen.",
    )
    regulation: float = param(
        0.8,
        "Regulation of the new hires.",
        ge=0,
        le=1,
        label="Hires' regulation",
        label_de="Regulation der Neuen",
        description_de="Regulation der Neueinstellungen.",
    )


class Management(_Group):
    """A manager who raises effort targets whenever team revenue falls (off while step is 0)."""

    pressure_step: float = param(
        0.0,
        "Hours a week added to every rep's effort at a review where team revenue has fallen.",
        unit="h/week",
        ge=0,
        le=20,
        label="Pressure step",
        label_de="Druckstufe",
        description_de=(
            "Stunden pro Woche, die bei einer Überprüfung mit gesunkenem Teamumsatz auf den "
            "Einsatz jeder Person aufgeschlagen werden."
        ),
    )
    review_weeks: int = param(
        4,
        "Weeks between reviews; each compares team revenue with the previous review period.",
        unit="weeks",
        ge=1,
        le=52,
        label="Review interval",
        label_de="Überprüfungsabstand",
        description_de=(
            "Wochen zwischen den Überprüfungen; jede vergleicht den Teamumsatz mit dem des "
            "vorigen Überprüfungszeitraums."
        ),
    )
    max_effort: float = param(
        70.0,
        "Highest effort target the manager will set.",
        unit="h/week",
        ge=1,
        le=80,
        label="Effort cap",
        label_de="Einsatzobergrenze",
        description_de="Höchstes Einsatzziel, das die Führungskraft vorgibt.",
    )


class Simulation(_Group):
    """Run length and randomness."""

    weeks: int = param(
        52,
        "Number of weekly steps.",
        unit="weeks",
        ge=1,
        le=520,
        label="Weeks",
        label_de="Wochen",
        description_de="Zahl der wöchentlichen Schritte.",
    )
    seed: int = param(
        42,
        "Seed of the model's random generator.",
        ge=0,
        le=2**63 - 1,
        label="Random seed",
        label_de="Zufallsstartwert",
        description_de="Startwert des Zufallsgenerators des Modells.",
    )


class ScheduledChange(_Group):
    """A change of the team's effort or empathy during a run, as the app's sliders make it.

    Made once ``week`` weeks have run, it applies from week ``week + 1`` (the model's
    ``intervene``); each named trait's team mean moves to the value given.
    """

    week: int = Field(
        description="Weeks run before the change; it applies from the next week on.",
        ge=0,
        le=520,
        json_schema_extra={
            "label": "After week",
            "label_de": "Nach Woche",
            "description_de": "Gelaufene Wochen vor der Änderung; sie gilt ab der nächsten Woche.",
        },
    )
    effort_hours: float | None = param(None, **TRAITS["effort_hours"])
    perception: float | None = param(None, **TRAITS["perception"])
    regulation: float | None = param(None, **TRAITS["regulation"])

    @model_validator(mode="after")
    def _changes_something(self) -> ScheduledChange:
        if not self.changes:
            raise ValueError("a change names effort_hours, perception or regulation")
        return self

    @property
    def changes(self) -> dict[str, float]:
        """The traits it changes and their new team means."""
        return {t: getattr(self, t) for t in TRAITS if getattr(self, t) is not None}


def checked_changes(changes: Mapping[str, Any], source: str = "intervene") -> dict[str, float]:
    """The team means a change during a run sets (``RapportModel.intervene``), checked as a
    scenario file's ``interventions`` entry is: ConfigError naming the trait, the value and what
    is allowed (a file's ``effort_hours: 500`` and a call's ``intervene(effort_hours=500)`` are
    refused alike)."""
    allowed = f"allowed: {', '.join(TRAITS)}"
    for name in changes:
        if name not in TRAITS:
            shown = shorten(name).strip('"')
            raise ConfigError(
                f"{source}: {shown}: not a trait a change can set{nearest(name, list(TRAITS))}; "
                + allowed
            )
    if not changes:
        raise ConfigError(f"{source}: names no trait to change; {allowed}")
    try:
        return ScheduledChange.model_validate({"week": 0, **changes}).changes
    except ValidationError as exc:
        raise ConfigError(f"{source}: {describe_error(exc.errors())}") from None


# How a schedule of changes (``SCHEDULES``) is set: it is a list, not a value to override.
SCHEDULE_SET = "Set it in the scenario file (not with --set, a sweep's set or a sweep axis)"


class Scenario(_Group):
    """A complete scenario: every group has defaults, a file names only what it changes."""

    reps: Reps = Reps()
    customers: Customers = Customers()
    dynamics: Dynamics = Dynamics()
    channels: Channels = Channels()
    coaching: Coaching = Coaching()
    hiring: Hiring = Hiring()
    management: Management = Management()
    simulation: Simulation = Simulation()
    # A schedule, not a parameter: no control, no sweep axis (see iter_params).
    interventions: tuple[ScheduledChange, ...] = Field(
        (),
        description="Changes of effort or empathy during the run, e.g. "
        "[{week: 20, effort_hours: 30}]. Empty: the team keeps its settings. "
        f"{SCHEDULE_SET}.",
    )

    @field_validator("interventions")
    @classmethod
    def _each_trait_once_a_week(
        cls, changes: tuple[ScheduledChange, ...]
    ) -> tuple[ScheduledChange, ...]:
        # The model would make both changes and keep the last: the first would be lost unsaid.
        # Checked here, so a scenario made in Python is refused as its file would be.
        seen: dict[tuple[int, str], float] = {}
        for change in changes:
            for trait, value in change.changes.items():
                key = (change.week, trait)
                if key in seen:
                    raise ValueError(
                        f"two changes after week {change.week} set {trait} ({seen[key]:g}, then "
                        f"{value:g}); a week's change sets each trait once, so keep one of them"
                    )
                seen[key] = value
        return changes

    def get(self, name: str) -> Any:
        """The value of a dotted parameter name, e.g. ``reps.effort_hours``; an unknown name
        raises ConfigError with the nearest known one."""
        value: Any = self
        for part in name.split("."):
            if not isinstance(value, BaseModel) or part not in type(value).model_fields:
                raise ConfigError(f"{shorten(name).strip(chr(34))}: {not_a_parameter(name)}")
            value = getattr(value, part)
        return value

    def inert_settings(self) -> list[InertSetting]:
        """The settings changed from their defaults that cannot act here (``ACTS_WHEN``)."""
        return inert_settings({name: self.get(name) for name in _with_conditions(ACTS_WHEN)})

    def with_values(self, values: Mapping[str, Any]) -> Scenario:
        """A validated copy with dotted-name values replaced."""
        return validate_scenario(set_dotted(self.model_dump(), values))

    def beyond_bounds(self, values: Mapping[str, float]) -> Scenario:
        """A copy with dotted-name numbers set WITHOUT checking their bounds.

        Only for the pattern map's effort scan (``experiments/patterns.py``): it scans effort up
        to where planned contacts exceed customers' mean tolerance by half, which for tolerant
        or large portfolios lies above the schema's 80 h a week. Everything else goes through
        ``with_values``, which validates.
        """
        result = self
        for name, value in values.items():
            if name not in PARAMS or PARAMS[name].type not in ("int", "float"):
                raise ConfigError(f"{name}: not a number parameter{nearest(name, list(PARAMS))}")
            group, leaf = name.split(".")
            updated = getattr(result, group).model_copy(update={leaf: value})
            result = result.model_copy(update={group: updated})
        return result


# --- flat view of the schema -------------------------------------------------------------------


Condition = tuple[str, str, Any]
"""``(parameter, operator, value)``: a condition on another parameter (``>``, ``!=``, ``==``)."""

_OPERATORS = {">": lambda a, b: a > b, "!=": lambda a, b: a != b, "==": lambda a, b: a == b}

# Parameters that act only in part of the space: each acts when one of its conditions holds, and
# changes nothing otherwise (``tests/test_params.py`` runs the model to check every entry). The
# CLI, sweeps and the app say so when such a setting is changed where it cannot act.
_COACHING_GAINS = (("coaching.perception_gain", ">", 0), ("coaching.regulation_gain", ">", 0))
ACTS_WHEN: dict[str, tuple[Condition, ...]] = {
    "customers.unwon_share": (("dynamics.acquisition_hours", ">", 0),),
    "dynamics.hours_per_contact": (("channels.schedule", "==", "rate"),),
    **{
        f"channels.{name}": (("channels.schedule", "==", "discrete"),)
        for name in (
            "call_share",
            "email_share",
            "visit_hours",
            "call_hours",
            "email_hours",
            "visit_weight",
            "email_weight",
        )
    },
    **{
        f"coaching.{name}": _COACHING_GAINS
        for name in ("start_week", "duration_weeks", "hours_per_week")
    },
    **{
        f"hiring.{name}": (("hiring.share", ">", 0),)
        for name in ("week", "perception", "regulation")
    },
    **{
        f"management.{name}": (("management.pressure_step", "!=", 0),)
        for name in ("review_weeks", "max_effort")
    },
}


@dataclass(frozen=True)
class InertSetting:
    """A setting that cannot act where it is set: none of its conditions holds."""

    name: str
    value: Any
    conditions: tuple[Condition, ...]

    def unless(self, label: Callable[[str], str] = str, joiner: str = " or ") -> str:
        """Its conditions as text, e.g. ``dynamics.acquisition_hours > 0``; ``label`` names the
        parameters (the app's labels)."""
        signs = {">": ">", "!=": "≠", "==": "="}
        return joiner.join(
            f"{label(name)} {signs[op]} {_shown(value)}" for name, op, value in self.conditions
        )

    def text(self) -> str:
        """For the CLI: ``customers.unwon_share = 0.3 has no effect unless ...``."""
        return f"{self.name} = {_shown(self.value)} has no effect unless {self.unless()}"


def _shown(value: Any) -> str:
    return f"{value:g}" if isinstance(value, int | float) else str(value)


def inert_settings(
    values: Mapping[str, Any], names: Iterable[str] | None = None
) -> list[InertSetting]:
    """The settings that cannot act given ``values`` (dotted names; missing ones at their
    defaults): by default those set away from their default, or else the given ``names``."""

    def value(name: str) -> Any:
        return values.get(name, PARAMS[name].default)

    chosen = (
        [n for n in ACTS_WHEN if n in values and values[n] != PARAMS[n].default]
        if names is None
        else [n for n in names if n in ACTS_WHEN]
    )

    def holds(condition: Condition) -> bool:
        other, op, wanted = condition
        try:
            return bool(_OPERATORS[op](value(other), wanted))
        except TypeError:  # a value being typed (the app): say nothing about it
            return True

    return [
        InertSetting(name, value(name), ACTS_WHEN[name])
        for name in chosen
        if not any(holds(condition) for condition in ACTS_WHEN[name])
    ]


def _with_conditions(names: Iterable[str]) -> set[str]:
    """``names`` (of ``ACTS_WHEN``) and the parameters their conditions read."""
    return {*names, *(c[0] for name in names for c in ACTS_WHEN[name])}


def inert_everywhere(
    scenario: Scenario, names: Iterable[str], points: Iterable[Mapping[str, Any]]
) -> dict[str, InertSetting]:
    """Of ``names``, those that act at none of ``points`` (dotted values over ``scenario``),
    each with its setting at the first point: a sweep names such an axis, and the pattern map
    leaves such a dimension out of scenario discovery."""
    names = [name for name in dict.fromkeys(names) if name in ACTS_WHEN]
    base = {name: scenario.get(name) for name in _with_conditions(names)}
    points = [{**base, **point} for point in points] or [base]
    found = {}
    for name in names:
        settings = [inert_settings(point, [name]) for point in points]
        if all(settings):
            found[name] = settings[0][0]
    return found


@dataclass(frozen=True)
class ParamSpec:
    """One leaf parameter of the schema, flattened to its dotted name."""

    name: str
    type: str
    default: Any
    minimum: float | None
    maximum: float | None
    exclusive_minimum: bool
    unit: str
    description: str
    label: str = ""
    label_de: str = ""
    description_de: str = ""
    prior: Prior | None = None  # plausible range and its reason (``sim.priors``); None: chosen
    choices: tuple[str, ...] = ()  # the allowed values of a choice (a ``Literal`` field)
    acts_when: tuple[Condition, ...] = ()  # it acts only when one of these holds (``ACTS_WHEN``)
    items: tuple[ParamSpec, ...] = ()  # a list's entries: their keys and bounds

    @property
    def group(self) -> str:
        return self.name.split(".")[0]

    def bounds_text(self) -> str:
        if self.choices:
            return " | ".join(self.choices)
        if self.items:
            keys = [f"{i.name} {i.bounds_text()}".strip() for i in self.items]
            return "each: " + "; ".join(keys)

        sign = ">" if self.exclusive_minimum else "≥"
        low = "" if self.minimum is None else f"{sign} {show_bound(self.minimum)}"
        high = "" if self.maximum is None else f"≤ {show_bound(self.maximum)}"
        return ", ".join(b for b in (low, high) if b)


def show_bound(value: float) -> str:
    """A bound as people write it: 80, not 80.0 (``rapport params`` and error lines agree)."""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _bounds(info) -> tuple[float | None, float | None, bool]:
    low = high = None
    exclusive = False
    for m in info.metadata:
        if getattr(m, "ge", None) is not None:
            low = m.ge
        if getattr(m, "gt", None) is not None:
            low, exclusive = m.gt, True
        if getattr(m, "le", None) is not None:
            high = m.le
    return low, high, exclusive


def field_bounds(model: type[BaseModel], name: str) -> tuple[float | None, float | None, bool]:
    """The bounds of a model's field: minimum, maximum and whether the minimum is excluded (as
    the JSON Schema and the validation have them); for a command-line option of the same
    setting, so that the two cannot disagree."""
    return _bounds(model.model_fields[name])


def _type_name(annotation: Any) -> str:
    if isinstance(annotation, types.UnionType):  # ``float | None``: a number that may be left out
        annotation = next(a for a in get_args(annotation) if a is not type(None))
    if get_origin(annotation) is Literal:
        return "str"
    return {int: "int", float: "float", str: "str", bool: "bool"}.get(annotation, "list")


# Scenario fields that are schedules of changes, not parameters.
SCHEDULES = ("interventions",)


def _entries(annotation: Any) -> tuple[ParamSpec, ...]:
    """The keys of a list's entries (``tuple[Profile, ...]``) as specs; () for other fields."""
    if get_origin(annotation) is tuple:
        entry = get_args(annotation)[0]
        if isinstance(entry, type) and issubclass(entry, BaseModel):
            return tuple(iter_params(entry))
    return ()


def iter_params(
    model: type[BaseModel] = Scenario, prefix: str = "", *, schedules: bool = False
) -> Iterator[ParamSpec]:
    """Every leaf parameter in schema order, with its dotted name; with ``schedules``, the
    schedules of changes too (``interventions``: in a scenario file, not a control or an axis),
    for the lists of every setting a file can hold (``rapport params``, docs/model.md)."""
    for field_name, info in model.model_fields.items():
        if model is Scenario and field_name in SCHEDULES and not schedules:
            continue
        annotation = info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            yield from iter_params(annotation, f"{prefix}{field_name}.")
            continue
        low, high, exclusive = _bounds(info)
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        yield ParamSpec(
            name=prefix + field_name,
            type=_type_name(annotation),
            default=None if info.is_required() else info.default,  # an entry's required key
            minimum=low,
            maximum=high,
            exclusive_minimum=exclusive,
            unit=str(extra.get("unit", "")),
            description=info.description or "",
            label=str(extra.get("label", "")),
            label_de=str(extra.get("label_de", "")),
            description_de=str(extra.get("description_de", "")),
            prior=ALL_PRIORS.get(prefix + field_name),
            choices=get_args(annotation) if get_origin(annotation) is Literal else (),
            acts_when=ACTS_WHEN.get(prefix + field_name, ()),
            items=_entries(annotation),
        )


PARAMS: dict[str, ParamSpec] = {p.name: p for p in iter_params()}


def _check_priors() -> None:
    """Every prior names a number parameter, lies within its bounds and holds its default."""
    for name, prior in ALL_PRIORS.items():
        spec = PARAMS.get(name)
        if spec is None or spec.type not in ("int", "float"):
            raise ValueError(f"sim.priors: {name} is not a number parameter of the schema")
        low_ok = spec.minimum is None or (
            prior.low > spec.minimum if spec.exclusive_minimum else prior.low >= spec.minimum
        )
        high_ok = spec.maximum is None or prior.high <= spec.maximum
        if not (low_ok and high_ok and prior.low < prior.high):
            raise ValueError(
                f"sim.priors: {name}: range {prior.text()} is not within {spec.bounds_text()}"
            )
        if not prior.low <= spec.default <= prior.high:
            raise ValueError(
                f"sim.priors: {name}: default {spec.default} is outside {prior.text()}"
            )
        if prior.distribution == "loguniform" and prior.low <= 0:
            raise ValueError(f"sim.priors: {name}: a log-uniform range must start above 0")


_check_priors()


def json_schema() -> dict:
    """JSON Schema of a scenario file, for editors."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Rapport scenario"
    return schema


# --- loading and validation -------------------------------------------------------------------


def nearest(word: str, candidates: list[str]) -> str:
    match = difflib.get_close_matches(word, candidates, n=1, cutoff=0.5)
    return f" (did you mean '{match[0]}'?)" if match else ""


def not_a_parameter(name: str) -> str:
    """Why ``name`` cannot be set by dotted name: a schedule of changes is given in the scenario
    file, anything else is an unknown parameter (with the nearest known one)."""
    if name.split(".")[0] in SCHEDULES:
        return f"a schedule of changes, not a parameter. {SCHEDULE_SET}"
    members = [p for p in PARAMS if p.startswith(name + ".")]
    if members:  # with_values({"reps": {...}}): a group, set by its parameters' dotted names
        return f"a group, not a parameter; set its parameters by dotted name, e.g. {members[0]}"
    return f"unknown parameter{nearest(name, list(PARAMS))}"


def _allowed_keys(loc: tuple, root: type[BaseModel]) -> list[str]:
    """The valid keys at the mapping that holds ``loc[-1]``."""
    model: Any = root
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        annotation = model.model_fields[part].annotation
        if annotation == tuple[Profile, ...]:
            annotation = Profile
        elif annotation == tuple[ScheduledChange, ...]:
            annotation = ScheduledChange
        model = annotation
    return list(model.model_fields)


SHOWN_LENGTH = 60
"""Most characters of a value that an error message quotes (a 200,000-item list is cut)."""


def shorten(value: Any, limit: int = SHOWN_LENGTH) -> str:
    """A value as YAML writes it inline (true, "text", [1, 2]), on one line and cut to ``limit``."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "null"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    else:
        try:
            text = json.dumps(value, ensure_ascii=False, default=str)
        except (TypeError, ValueError):  # e.g. a list that contains itself
            text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# How pydantic names the members of a union in an error's location ("int", "literal['final']",
# "constrained-int" for a bounded whole number such as ``Annotated[int, Field(ge=1)]``).
_UNION_MEMBER = re.compile(r"^((constrained-)?(int|float)|str|bool|literal\[.*\])$")


def _bound_text(kind: str, ctx: Mapping[str, Any]) -> str | None:
    """What a value breaking a bound does ("is below the minimum 1"); None for other errors."""
    if kind in ("less_than_equal", "less_than"):
        return f"is above the maximum {show_bound(ctx.get('le', ctx.get('lt')))}"
    if kind == "greater_than_equal":
        return f"is below the minimum {show_bound(ctx['ge'])}"
    if kind == "greater_than":
        return f"must be greater than {show_bound(ctx['gt'])}"
    return None


def _union_alternatives(errors: Sequence[Mapping[str, Any]]) -> str | None:
    """For a value that fits no member of a union (``int | Literal['final']``): why, in the
    file's terms: "is not a whole number or 'final'", or for a number out of its member's bounds
    "is below the minimum 1 (or use 'final')"; None if the first error is not about a union."""
    loc = tuple(errors[0]["loc"])
    if not loc or not _UNION_MEMBER.match(str(loc[-1])):
        return None
    allowed, others, bound = [], [], None
    for error in errors:
        if tuple(error["loc"])[:-1] != loc[:-1]:
            continue
        kind = error["type"]
        if _bound_text(kind, error.get("ctx", {})) is not None:
            bound = _bound_text(kind, error.get("ctx", {}))
        elif kind.startswith("int"):
            allowed.append("a whole number")
        elif kind.startswith("float"):
            allowed.append("a number")
        elif kind == "literal_error":
            allowed.append(str(error.get("ctx", {}).get("expected", "")))
            others.append(allowed[-1])
        else:
            return None
    if bound is not None:  # a number of the right kind, out of its member's bounds
        return f"{bound} (or use {' or '.join(others)})" if others else bound
    return f"is not {' or '.join(allowed)}"


def _field_range(loc: tuple, root: type[BaseModel] | None) -> str:
    """The bounds of the field at ``loc`` ("; allowed: 1 to 100000" for ``reps.count``), or ""
    where the location names no bounded field of ``root``."""
    try:
        model: Any = root or Scenario
        for part in loc[:-1]:
            model = model.model_fields[part].annotation
        metadata = model.model_fields[loc[-1]].metadata
    except (AttributeError, KeyError, TypeError):
        return ""
    low = next((m.ge for m in metadata if getattr(m, "ge", None) is not None), None)
    high = next((m.le for m in metadata if getattr(m, "le", None) is not None), None)
    if low is None or high is None:
        return ""
    return f"; allowed: {show_bound(low)} to {show_bound(high)}"


def describe_error(
    error: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    prefix: str = "",
    root: type[BaseModel] | None = None,
) -> str:
    """One line for a pydantic validation error (its first problem, or the list of them from
    ``ValidationError.errors()``): the dotted path, the bad value, what is allowed."""
    errors = [error] if isinstance(error, Mapping) else list(error)
    error = errors[0]
    loc = tuple(error["loc"])
    alternatives = _union_alternatives(errors)
    if alternatives is not None:
        loc = loc[:-1]  # the member's name is pydantic's, not a key of the file
        path = shorten(prefix + ".".join(str(part) for part in loc), 2 * SHOWN_LENGTH).strip('"')
        return f"{path}: {shorten(error.get('input'))} {alternatives}"
    # a group's own check has no location of its own: the group's key alone, no dot after it
    path = prefix + ".".join(str(part) for part in loc)
    path = shorten(path.removesuffix("."), 2 * SHOWN_LENGTH).strip('"')
    value = error.get("input")
    kind = error["type"]
    ctx = error.get("ctx", {})
    shown = shorten(value)
    if kind == "extra_forbidden":
        allowed = _allowed_keys(loc, root or Scenario)
        key = shorten(str(loc[-1])).strip('"')
        return (
            f"{path}: unknown key '{key}'{nearest(str(loc[-1]), allowed)}; "
            f"allowed here: {', '.join(allowed)}"
        )
    if kind == "finite_number":
        return f"{path}: {shown} is not a finite number"
    if kind == "bool_for_number":
        return f"{path}: {shown} is not a number (true/false are not numbers)"
    if kind == "missing":
        return f"{path}: required, missing"
    bound = _bound_text(kind, ctx)
    if bound is not None:
        return f"{path}: {shown} {bound}"
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return f"{path}: {shown} is not a whole number"
    if kind == "int_parsing_size":  # digits beyond any whole number pydantic reads
        return f"{path}: {shown} is too large a whole number{_field_range(loc, root)}"
    if kind == "string_type":
        return f"{path}: {shown} is not text"
    if kind == "string_too_short":
        return f"{path}: must not be empty"
    if kind in ("float_parsing", "float_type"):
        return f"{path}: {shown} is not a number"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{path}: expected a mapping of keys to values, got {shown}"
    if kind in ("tuple_type", "list_type"):
        return f"{path}: expected a list, got {shown}"
    if kind == "too_short":
        return f"{path}: {shown} has too few items; give at least {ctx.get('min_length', 1)}"
    if kind == "literal_error":
        return f"{path}: {shown} is not one of {ctx.get('expected', '')}"
    if kind == "value_error":
        return f"{path or 'scenario'}: {error['msg'].removeprefix('Value error, ')}"
    return f"{path}: {shown}: {shorten(error['msg'], 2 * SHOWN_LENGTH).strip(chr(34))}"


def validate_scenario(data: Any, *, source: str = "") -> Scenario:
    """Validate a nested mapping against the schema, or raise ConfigError with the first problem."""
    if data is None:
        data = {}
    if not isinstance(data, Mapping):
        raise ConfigError(
            f"{source or 'scenario'}: expected a mapping of groups, got {shorten(data)}"
        )
    try:
        return Scenario.model_validate(dict(data))
    except ValidationError as exc:
        where = f"{source}: " if source else ""
        raise ConfigError(where + describe_error(exc.errors())) from None


def checked_seed(seed: Any) -> int:
    """``seed`` if the schema's ``simulation.seed`` allows it, else ConfigError naming it."""
    try:
        return Simulation.model_validate({"seed": seed}).seed
    except ValidationError as exc:
        raise ConfigError(describe_error(exc.errors())) from None


def set_dotted(data: Mapping[str, Any], values: Mapping[str, Any]) -> dict:
    """A deep copy of ``data`` with dotted-name values set; unknown names raise ConfigError."""
    if not isinstance(values, Mapping):  # e.g. a list of pairs, from Python
        raise ConfigError(
            f"values: expected a mapping of dotted names to values, e.g. "
            f'{{"reps.effort_hours": 50}}, got {shorten(values)}'
        )
    result = json.loads(json.dumps(data, default=list))
    for name, value in values.items():
        if name not in PARAMS:
            shown = shorten(name).strip('"')
            raise ConfigError(f"{shown}: {not_a_parameter(name)}")
        *groups, leaf = name.split(".")
        node = result
        for group in groups:
            node = node.setdefault(group, {})
            if not isinstance(node, dict):
                raise ConfigError(f"{group}: expected a mapping, cannot set {name}")
        node[leaf] = value
    return result


def priors_table() -> tuple[list[str], list[list[str]]]:
    """Every parameter with a prior as a row (name, default, prior range, reason): the table of
    ``rapport params --priors`` and of ``docs/model.md``."""
    header = ["Parameter", "Default", "Prior", "Why this range"]
    rows = [
        [f"`{p.name}`", f"{p.default}", p.prior.text(), p.prior.reason]
        for p in iter_params()
        if p.prior is not None
    ]
    return header, rows


def acts_only_when(spec: ParamSpec) -> str:
    """`` Acts only when …`` for a parameter that needs another (``ACTS_WHEN``), else ``""``."""
    if not spec.acts_when:
        return ""
    return f" Acts only when {InertSetting(spec.name, spec.default, spec.acts_when).unless()}."


def params_table() -> tuple[list[str], list[list[str]]]:
    """Every parameter as a row (name, default, allowed, unit, prior, description): the table of
    ``rapport params --format markdown`` and of ``docs/model.md``."""
    header = ["Parameter", "Default", "Allowed", "Unit", "Prior", "Description"]
    rows = [
        [
            f"`{p.name}`",
            "none" if p.type == "list" else f"{p.default}",
            p.bounds_text() or "–",
            p.unit or "–",
            p.prior.text() if p.prior else "chosen",
            p.description + acts_only_when(p),
        ]
        for p in iter_params(schedules=True)
    ]
    return header, rows
