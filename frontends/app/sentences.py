"""Sentences and short descriptions the page shows, built from results (no UI)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from frontends.app import i18n
from frontends.app.data import Comparison, EffortCurve, Plan
from frontends.app.i18n import param_label, t
from sim.params import PARAMS, ParamSpec


def format_value(value: Any, lang: str) -> str:
    """A setting's value as the page shows it: numbers in ``lang``'s notation, "–" for none."""
    if value is None:
        return "–"
    return i18n.format_number(value, lang) if isinstance(value, int | float) else str(value)


def with_unit(text: str, spec: ParamSpec, lang: str) -> str:
    """``text`` followed by the parameter's unit in ``lang`` (if it has one)."""
    unit = i18n.unit(spec.unit, lang)
    return f"{text} {unit}" if unit else text


def labelled_problem(message: str, lang: str) -> str:
    """A validation message led by the label of the setting it names, if it names one.

    "customers.value: 0 is below ..." becomes "Purchase value – customers.value: 0 is below ...".
    """
    name = message.split(":", 1)[0]
    return f"{param_label(name, lang)} – {message}" if name in PARAMS else message


def describe_changes(changes: Mapping[str, float], lang: str) -> str:
    """An intervention's changes, e.g. "Effort 55 h/week, Perception (empathy) 0.8"."""
    return ", ".join(
        with_unit(
            f"{param_label('reps.' + name, lang)} {i18n.format_number(round(value, 3), lang)}",
            PARAMS["reps." + name],
            lang,
        )
        for name, value in changes.items()
    )


def curve_sentences(curve: EffortCurve, lang: str) -> list[str]:
    """One plain sentence per empathy level: where the turning point is, or that there is none."""
    out = []
    for level, peak in curve.turning_points.items():
        name = t(f"curve.level.{level}", lang, value=i18n.format_number(curve.levels[level], lang))
        name = name[0].upper() + name[1:]
        if peak is None:
            out.append(t("curve.no_peak", lang, level=name))
        else:
            out.append(t("curve.peak", lang, level=name, effort=peak))
    return out


def describe_plan(plan: Plan, lang: str) -> str:
    """A short description of a plan: effort and empathy, and its interventions."""
    s = plan.scenario
    parts = [
        with_unit(
            f"{param_label('reps.effort_hours', lang)} "
            f"{i18n.format_number(s.reps.effort_hours, lang)}",
            PARAMS["reps.effort_hours"],
            lang,
        ),
        f"{param_label('reps.perception', lang)} {i18n.format_number(s.reps.perception, lang)}",
        f"{param_label('reps.regulation', lang)} {i18n.format_number(s.reps.regulation, lang)}",
    ]
    for week, items in plan.interventions:
        changed = describe_changes(dict(items), lang)
        parts.append(f"{t('change.from_week', lang, week=week + 1)}: {changed}")
    return "; ".join(parts)


def comparison_sentence(result: Comparison, lang: str) -> str:
    """The comparison in one plain sentence in ``lang``."""
    if not result.changes:
        return t("compare.sentence.same", lang)
    pieces = []
    for name, a, b, week in result.changes:
        spec = PARAMS[name]
        if spec.type == "list":
            a_text, b_text = str(len(a)), str(len(b))
        else:
            a_text = i18n.format_number(round(a, 3) if isinstance(a, float) else a, lang)
            b_text = with_unit(
                i18n.format_number(round(b, 3) if isinstance(b, float) else b, lang), spec, lang
            )
        label = param_label(spec, lang)
        if lang == "en":  # mid-sentence; German nouns keep their capital
            label = label[0].lower() + label[1:]
        piece = t("change.one", lang, label=label, a=a_text, b=b_text)
        if week is not None:
            piece += " " + t("change.from_week", lang, week=week + 1)
        pieces.append(piece)
    change = t("change.and", lang).join(pieces)
    diff, low, high = result.final
    numbers = dict(
        weeks=result.weeks[-1],
        low=i18n.format_number(low, lang, 2),
        high=i18n.format_number(high, lang, 2),
        reps=result.replications,
    )
    if low > 0:
        text = t(
            "compare.sentence.raises",
            lang,
            change=change,
            size=i18n.format_number(diff, lang, 2),
            **numbers,
        )
    elif high < 0:
        # A fall is stated as a positive size, so its interval is too.
        numbers["low"] = i18n.format_number(-high, lang, 2)
        numbers["high"] = i18n.format_number(-low, lang, 2)
        text = t(
            "compare.sentence.lower",
            lang,
            change=change,
            size=i18n.format_number(-diff, lang, 2),
            **numbers,
        )
    else:
        diff_text = ("+" if diff >= 0 else "") + i18n.format_number(diff, lang, 2)
        text = t("compare.sentence.unclear", lang, change=change, diff=diff_text, **numbers)
    return text[0].upper() + text[1:]
