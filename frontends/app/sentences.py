"""Sentences and short descriptions the page shows, built from results (no UI)."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from experiments.worlds import NothingToVary, share_phrase
from frontends.app import i18n
from frontends.app.data import (
    INTERVENABLE,
    CompareWorlds,
    Comparison,
    EffortCurve,
    Options,
    Plan,
    WorldsBand,
    team_traits,
    unreached,
)
from frontends.app.i18n import after_weeks, param_label, t
from sim.params import PARAMS, ParamSpec, Scenario
from sim.population import hired_reps
from sim.scenarios import coaching_inside, pressure_capped
from sim.texts import level_name


def format_value(value: Any, lang: str) -> str:
    """A setting's value as the page shows it: numbers in ``lang``'s notation, "–" for none."""
    if value is None:
        return "–"
    return i18n.format_number(value, lang) if isinstance(value, int | float) else str(value)


# Units that name a point in time: written before the number ("week 8", "Woche 8").
POINT_UNITS = ("week",)


def with_unit(text: str, spec: ParamSpec, lang: str) -> str:
    """A value's ``text`` with the parameter's unit in ``lang`` (if it has one): after it
    ("30 h/week"), or before it where the unit names a point in time ("week 8", not "8 week").
    A no-break space joins them: on a projector a line ended with "60" and the next began with
    "h/Woche"."""
    unit = i18n.unit(spec.unit, lang)
    if not unit:
        return text
    return f"{unit}\u00a0{text}" if spec.unit in POINT_UNITS else f"{text}\u00a0{unit}"


def labelled_problem(message: str, lang: str) -> str:
    """A validation message in ``lang``, led by the label of the setting it names, if it names
    one.

    "customers.value: 0 is below ..." becomes "Purchase value: 0 is below ...".
    A problem of settings together ("reps.count × customers.per_rep: ...") is named by their
    labels alone ("Team size × Customers per rep: ...").
    """
    name = message.split(":", 1)[0]
    text = i18n.problem_text(message, lang)
    names = name.split(" × ")
    if len(names) > 1 and all(n in PARAMS for n in names):
        return " × ".join(param_label(n, lang) for n in names) + text[len(name) :]
    if name in PARAMS and text.startswith(f"{name}:"):
        return param_label(name, lang) + text[len(name) :]
    return f"{param_label(name, lang)} – {text}" if name in PARAMS else text


def describe_changes(changes: Mapping[str, float], lang: str, brief: bool = False) -> str:
    """An intervention's changes, e.g. "Effort 55 h/week, Perception (empathy) 0.8".

    ``brief``: each change on a line of its own, named without its label's qualifier in
    brackets ("Perception 0.8"), as a chart's label over a dashed line says it.
    """
    said = []
    for name, value in changes.items():
        label = param_label("reps." + name, lang)
        if brief:
            label = re.sub(r"\s*\(.*?\)", "", label)
        shown = with_unit(i18n.format_number(round(value, 3), lang), PARAMS["reps." + name], lang)
        said.append(f"{label} {shown}")
    return ("\n" if brief else ", ").join(said)


def changes_by_week(
    weeks: Sequence[int], changes: Sequence[Mapping[str, float]]
) -> dict[int, dict]:
    """A run's changes by the week after which they were made, in order of weeks. Several in
    one week (keys pressed on a slider) are one, with the last values."""
    merged: dict[int, dict] = {}
    for week, items in zip(weeks, changes, strict=True):
        merged.setdefault(week, {}).update(items)
    return dict(sorted(merged.items()))


# The status box names this many weeks of changes at most, the latest first; the chart marks
# every one.
STATUS_CHANGES = 3


def describe_interventions(by_week: Mapping[int, Mapping[str, float]], lang: str) -> str:
    """Every change of a run in one note, the latest first, e.g. "Changed after week 22:
    Perception (empathy) 0.89; after week 11: Effort 25 h/week." (``changes_by_week``). A week
    is the one *after* which the change was made, the tick at which the chart draws its line.
    Beyond ``STATUS_CHANGES`` weeks, the earlier ones are counted, not named."""
    latest = list(by_week.items())[::-1]
    said = [
        t("intervened.at", lang, week=week, changes=describe_changes(items, lang))
        for week, items in latest[:STATUS_CHANGES]
    ]
    if len(latest) > STATUS_CHANGES:
        said.append(t("intervened.earlier", lang, count=len(latest) - STATUS_CHANGES))
    return t("intervened.all", lang, changes="; ".join(said))


def curve_sentences(curve: EffortCurve, lang: str) -> list[str]:
    """One plain sentence per empathy level: where the turning point is; where the line is
    highest and falls beyond it without a rise the runs can tell from noise; or that it does
    not fall."""
    out = []
    for level, peak in curve.turning_points.items():
        name = level_name(level, curve.levels[level], lang, curve.levels)
        name = name[0].upper() + name[1:]
        # How far the line falls from its best to the scan's end: a collapse and a dip of a few
        # percent, which the test may also call a turn, read alike without it.
        means = curve.means[level]
        fall = i18n.format_number(round(100 * (1 - means[-1] / max(means))), lang)
        end = i18n.format_number(curve.efforts[-1], lang)
        best = curve.falls_from.get(level)
        if peak is not None:
            out.append(t("curve.peak", lang, level=name, effort=peak, fall=fall, end=end))
        elif best is not None:
            # Highest at the scan's first effort: nothing before it to rise from.
            key = "curve.falls_first" if best == curve.efforts[0] else "curve.falls"
            out.append(t(key, lang, level=name, effort=best, fall=fall, end=end))
        else:
            low, high = (
                i18n.format_number(e, lang) for e in (min(curve.efforts), max(curve.efforts))
            )
            out.append(t("curve.no_peak", lang, level=name, low=low, high=high))
    return out


def describe_setting(name: str, value: Any, lang: str) -> str:
    """A setting as "Label value unit" in ``lang``, e.g. "Coaching: perception gain 0.6"; the
    team profiles by their names."""
    spec = PARAMS[name]
    if spec.type == "list":
        shown = ", ".join(i18n.profile_name(p.name, lang) for p in value) or "–"
        return f"{param_label(spec, lang)}: {shown}"
    label = param_label(spec, lang)
    shown = format_value(round(value, 3) if isinstance(value, float) else value, lang)
    if i18n.unit(spec.unit, lang).lower() == label.lower():
        return f"{label} {shown}"  # "Weeks 52", not "Weeks 52 weeks"
    return f"{label} {with_unit(shown, spec, lang)}"


def describe_plan(plan: Plan, lang: str, also: Sequence[str] = ()) -> str:
    """A short description of a plan: effort and empathy, the settings named in ``also`` (those
    in which it differs from the plan it is compared with), and its interventions."""
    s = plan.scenario
    traits = team_traits(s)
    parts = [describe_setting(name, float(traits[name]), lang) for name in INTERVENABLE]
    parts += [describe_setting(name, s.get(name), lang) for name in also if name not in traits]
    for week, items in plan.interventions:
        changed = describe_changes(dict(items), lang)
        parts.append(f"{t('change.from_week', lang, week=week + 1)}: {changed}")
    return "; ".join(parts)


# At most this many runs of clearly different weeks are named in the sentence.
MAX_SPANS = 3


def _euros_rounded(thousands: float) -> tuple[float, str, int]:
    """An amount in k€ as ``format_euros`` shows it: the number in its unit ("M" from 999.5 k€
    on, else "k") and its decimals."""
    if abs(thousands) >= 999.5:
        return round(thousands / 1000, 2), "M", 2
    digits = 1 if abs(thousands) < 10 else 0
    return round(thousands, digits), "k", digits


def format_euros(thousands: float, lang: str, signed: bool = False, end: bool = False) -> str:
    """An amount given in k€ as people say it: "€ 1.2 M", "€ 350 k" (German "1,2 Mio. €").

    ``signed``: with its sign, "±" for none; ``end``: an interval's end, which has none at 0.
    """
    size = abs(thousands) if signed else thousands
    shown, unit, digits = _euros_rounded(size)
    number = i18n.format_number(shown + 0.0, lang, digits)
    rounded = shown * (1 if thousands >= 0 else -1)
    zero = "" if end else "±"
    sign = ("+" if rounded > 0 else "−" if rounded < 0 else zero) if signed else ""
    # a word joiner keeps the sign with its amount: a line broke between "−" and "€", and the
    # sign at a line's end read as a dash
    return sign + ("\u2060" if sign else "") + t(f"euros.{unit}", lang, number=number)


def outcome_digits(name: str) -> int:
    """The decimals an outcome other than revenue is shown with: relationship quality 3,
    customers and hours whole."""
    return 3 if name.endswith("relational_performance") else 0


def rounded_outcome(name: str, value: float) -> float:
    """An outcome's value as it is shown (revenue in k€, as ``format_euros`` rounds it)."""
    if name != "revenue":
        return round(value, outcome_digits(name))
    shown, unit, _ = _euros_rounded(value)
    return shown * 1000 if unit == "M" else shown


def shown_differences_add_up(name: str, paired: Any) -> bool:
    """Whether a paired difference as shown equals the difference of the two values as shown
    (each is rounded on its own: 172.4 and 178.6 show as 172 and 179 beside "+6")."""
    shown = rounded_outcome(name, paired.whatif) - rounded_outcome(name, paired.baseline)
    return bool(np.isclose(shown, rounded_outcome(name, paired.difference), rtol=0, atol=1e-6))


def format_outcome(
    name: str, value: float, lang: str, signed: bool = False, end: bool = False
) -> str:
    """An outcome's value: relationship quality to 3 decimals, revenue in €, customers whole
    (``signed`` and ``end`` as in ``format_euros``: "±0.000" for no difference, "0.000 to
    +0.011" for an interval)."""
    if name == "revenue":
        return format_euros(value, lang, signed, end)
    digits = outcome_digits(name)
    value = round(value, digits)
    text = i18n.format_number(abs(value) if signed else value, lang, digits)
    if signed:
        text = ("+" if value > 0 else "−" if value < 0 else "" if end else "±") + text
    return f"{text} h" if name == "wasted_hours" else text


def change_phrase(changes: Sequence[tuple], lang: str) -> str:
    """What the what-if changed (``Comparison.changes``, or ``by_profiles``), e.g. "changing
    effort from 60 to 40 h/week from week 11"."""
    pieces = []
    for name, a, b, week in changes:
        spec = PARAMS[name]
        if spec.type == "list":
            a_text, b_text = str(len(a)), str(len(b))
        else:
            a_text, b_text = (
                i18n.format_number(round(v, 3) if isinstance(v, float) else v, lang) for v in (a, b)
            )
            if spec.unit in POINT_UNITS:  # "from week 10 to week 8"
                a_text = with_unit(a_text, spec, lang)
            b_text = with_unit(b_text, spec, lang)
        label = param_label(spec, lang)
        if lang == "en":  # mid-sentence; German nouns keep their capital
            label = label[0].lower() + label[1:]
        piece = t("change.one", lang, label=label, a=a_text, b=b_text)
        if week is not None:
            piece += " " + t("change.from_week", lang, week=week + 1)
        pieces.append(piece)
    return t("change.and", lang).join(pieces)


def comparison_sentence(result: Comparison, lang: str) -> str:
    """The comparison in plain sentences in ``lang``, judged over the whole horizon.

    First the weeks in which relationship quality is clearly lower or higher (the 95 % band of
    the paired difference excludes zero), then its value at the end, then revenue and customers
    lost over the weeks from the change on.
    """
    if not result.changes and result.by_profiles:  # "identical settings" would hide the move
        text = t(
            "compare.sentence.profiles",
            lang,
            change=change_phrase(result.by_profiles, lang),
        )
        return text[0].upper() + text[1:]
    if not result.changes:
        return t("compare.sentence.same", lang)
    change = change_phrase(result.changes, lang)
    if result.unreached:  # "no clear difference" would hide that nothing could differ
        weeks = i18n.count("week", result.weeks[-1], lang)
        text = t("compare.sentence.unreached", lang, change=change, weeks=weeks)
        return text[0].upper() + text[1:]
    # The longest runs of clearly different weeks (at most MAX_SPANS), in the order they come.
    spans = sorted(sorted(result.spans, key=lambda s: s[0] - s[1])[:MAX_SPANS])
    parts = []
    for first, last, sign in spans:
        key = "compare.sentence.lower" if sign < 0 else "compare.sentence.raises"
        peak = float(np.max(sign * result.difference[first : last + 1]))
        when = t("weeks.one" if first == last else "weeks.span", lang, first=first, last=last)
        # as many decimals as the value at the end: "by up to 0.00" hid a difference of 0.004
        size = format_outcome("relational_performance", peak, lang)
        parts.append(t(key, lang, when=when, size=size))
    end = result.weeks[-1]
    diff, low, high = result.final
    after = after_weeks(end, lang)
    tail = t(
        "compare.sentence.end",
        lang,
        After=after[0].upper() + after[1:],
        diff=format_outcome("relational_performance", diff, lang, signed=True),
        low=format_outcome("relational_performance", low, lang, signed=True, end=True),
        high=format_outcome("relational_performance", high, lang, signed=True, end=True),
        reps=result.replications,
    )
    if parts:
        effects = t("change.then", lang).join(parts)
        text = t("compare.sentence.lead", lang, change=change, effects=effects) + " " + tail
    else:
        largest = float(result.difference[np.argmax(np.abs(result.difference))])
        text = t(
            "compare.sentence.unclear",
            lang,
            change=change,
            start=result.start,
            weeks=end,
            diff=format_outcome("relational_performance", largest, lang, signed=True),
        )
        text += " " + tail
    money = t(
        "compare.sentence.outcomes",
        lang,
        start=result.start,
        weeks=end,
        revenue=judged("revenue", result.totals["revenue"], lang),
        churned=judged("churned", result.totals["churned"], lang),
    )
    text = f"{text} {money}"
    return text[0].upper() + text[1:]


def comparison_announcement(result: Comparison, lang: str) -> str:
    """Compare's answer in one short sentence in ``lang``, for the page's live region:
    relationship quality at the last week compared, with its 95 % interval, and revenue over the
    weeks compared (``comparison_sentence`` and the table below say the rest)."""
    if not result.changes or result.unreached:
        return t("announce.compare.same", lang)
    diff, low, high = result.final
    quality = "relational_performance"
    return t(
        "announce.compare.done",
        lang,
        after=after_weeks(result.weeks[-1], lang),
        diff=format_outcome(quality, diff, lang, signed=True),
        low=format_outcome(quality, low, lang, signed=True, end=True),
        high=format_outcome(quality, high, lang, signed=True, end=True),
        revenue=format_outcome("revenue", result.totals["revenue"].difference, lang, signed=True),
    )


def judged(name: str, paired: Any, lang: str, number: Callable[[str], str] = str) -> str:
    """A paired difference with its interval, e.g. "−€ 12 k (95 % interval −€ 20 k to −€ 4 k)";
    each amount passed through ``number`` (a table keeps it on one line)."""
    return t(
        "compare.judged",
        lang,
        diff=number(format_outcome(name, paired.difference, lang, signed=True)),
        low=number(format_outcome(name, paired.low, lang, signed=True, end=True)),
        high=number(format_outcome(name, paired.high, lang, signed=True, end=True)),
    )


def worlds_sentence(result: CompareWorlds, lang: str, source: str = "prior") -> str:
    """How sure Compare's answer is: in how many plausible worlds (from ``source``: prior,
    calibrated or team) the what-if lowers or raises relationship quality over the weeks from
    the change on, and its range over 90 % of them."""
    if result.worse == result.better == 0 and not np.any(result.per_world):
        if result.by_profiles and not result.unreached:  # "nothing changed" hid the move
            change = change_phrase(result.by_profiles, lang)
            return t("compare.worlds.profiles", lang, count=result.worlds, change=change)
        same = "compare.worlds.unreached" if result.unreached else "compare.worlds.same"
        return t(same, lang, count=result.worlds)
    low, high = result.spread
    return t(
        "compare.worlds.sentence",
        lang,
        count=result.worlds,
        source=t(f"worlds.source.{source}", lang),
        reps=result.replications,
        start=result.start,
        weeks=result.weeks[-1],
        worse=result.worse,
        better=result.better,
        low=format_outcome("relational_performance", low, lang, signed=True, end=True),
        high=format_outcome("relational_performance", high, lang, signed=True, end=True),
    )


def worlds_announcement(
    job: str,
    moment: tuple[str, int],
    count: int,
    lang: str,
    answered: Callable[[], str],
    error: BaseException | None = None,
) -> str:
    """What the page's live region says of a plausible-worlds job (``job``: "curve" or
    "compare") over ``count`` worlds at ``moment`` (``jobs.progress_moment``): its start, a
    quarter done (of a long one), its answer (``answered()``), a cancel, or why it failed
    (``error``), in ``lang``."""
    kind, quarter = moment
    if kind == "running" and quarter == 0:
        return t(f"announce.{job}_worlds.started", lang, count=count)
    if kind == "running":
        return t(f"announce.{job}_worlds.progress", lang, percent=25 * quarter)
    if kind == "cancelled":
        return t("worlds.cancelled", lang)
    if kind == "failed":
        nothing = isinstance(error, NothingToVary)
        return t("announce.worlds.nothing" if nothing else "announce.worlds.failed", lang)
    return answered()


def job_step(job: str, moment: tuple[str, int], lang: str, **started: object) -> str | None:
    """What the live region says of the background ``job`` ("curve", "options") at ``moment``
    (``jobs.progress_moment``) short of its answer: its start (``announce.{job}.started``, filled
    with ``started``), a quarter done, a stop or a failure; None once it has answered."""
    kind, quarter = moment
    if kind == "running" and quarter == 0:
        return t(f"announce.{job}.started", lang, **started)
    if kind == "running":
        return t(f"announce.{job}.progress", lang, percent=25 * quarter)
    if kind in ("cancelled", "failed"):
        return t(f"announce.{job}.{kind}", lang)
    return None


def curve_announcement(
    moment: tuple[str, int],
    runs: int,
    lang: str,
    answered: Callable[[], tuple[EffortCurve, bool]],
) -> str:
    """What the page's live region says of the effort curve at ``moment``
    (``jobs.progress_moment``): its start (``runs`` runs), a quarter done (of a long one), a
    stop, a failure, or its answer: the sentences under the chart, or, where ``answered()``
    says the curve is not for the settings now (``False``), that it must be computed again."""
    step = job_step("curve", moment, lang, runs=i18n.format_number(runs, lang))
    if step is not None:
        return step
    curve, current = answered()
    if not current:
        return t("announce.curve.stale", lang)
    return t("announce.curve.done", lang, sentences=" ".join(curve_sentences(curve, lang)))


def options_announcement(
    moment: tuple[str, int],
    options: int,
    runs: int,
    lang: str,
    answered: Callable[[], Options],
) -> str:
    """What the page's live region says of Side by side at ``moment``
    (``jobs.progress_moment``): its start (``options`` options of ``runs`` runs each), a
    quarter done (of a long one), a stop, a failure, or its answer in one sentence: which
    option ends with the highest relationship quality and which with the lowest, as the
    table's "end" column writes them (``answered()``: the options, named as shown)."""
    step = job_step("options", moment, lang, options=options, runs=runs)
    if step is not None:
        return step
    result = answered()
    column = "final_relational_performance"
    ends = {name: result.totals[name][column][0] for name in result.names}
    best, worst = max(ends, key=ends.__getitem__), min(ends, key=ends.__getitem__)
    return t(
        "announce.options.done",
        lang,
        best=best,
        worst=worst,
        best_value=format_outcome(column, ends[best], lang),
        worst_value=format_outcome(column, ends[worst], lang),
    )


def curve_worlds_announcement(band: WorldsBand, shown: bool, lang: str) -> str:
    """The effort curve's plausible-worlds answer in one short sentence in ``lang``: where the
    best effort lies over the worlds, as the sentence under the chart says it; or, if the band
    is not ``shown`` (drawn for settings or a source changed since), that it must be drawn
    again."""
    if not shown:
        return t("announce.curve_worlds.stale", lang)
    low, high = band.peak_range
    share_of = share_phrase(band.worlds, lang, "share.of")
    return t("announce.curve_worlds.done", lang, low=low, high=high, share_of=share_of)


def compare_worlds_announcement(
    band: CompareWorlds, lang: str, source: str = "prior", stale: bool = False
) -> str:
    """Compare's plausible-worlds answer in one short sentence in ``lang``: in how many worlds
    the what-if lowers or raises relationship quality and the range of its mean difference, as
    ``worlds_sentence`` says it (which is said whole where every world's difference is zero);
    ``stale``: drawn for settings or a source changed since, as the page warns."""
    if band.worse == band.better == 0 and not np.any(band.per_world):
        said = t("announce.compare_worlds.zero", lang, sentence=worlds_sentence(band, lang, source))
    else:
        low, high = (
            format_outcome("relational_performance", end, lang, signed=True, end=True)
            for end in band.spread
        )
        said = t(
            "announce.compare_worlds.done",
            lang,
            worse=band.worse,
            better=band.better,
            count=band.worlds,
            low=low,
            high=high,
        )
    return f"{said} {t('compare.worlds.stale', lang)}" if stale else said


def late_notes(scenario: Scenario, lang: str, weeks: int | None = None) -> list[str]:
    """What ``scenario`` schedules after the last of its ``weeks`` (its own length unless
    given), one sentence each: the coaching, hiring or pressure that cannot act
    (``data.unreached``), pressure whose cap is not above the team's effort
    (``sim.scenarios.pressure_capped``), and hiring whose share of the team is nobody."""
    weeks = scenario.simulation.weeks if weeks is None else weeks
    notes = [
        t(f"late.{group}", lang, week=week, weeks=weeks)
        for group, week in unreached(scenario, weeks)
    ]
    inside = coaching_inside(scenario, weeks)
    if inside is not None:
        duration, run = (
            i18n.count("week", n, lang) for n in (scenario.coaching.duration_weeks, weeks)
        )
        notes.append(t("short.coaching", lang, inside=inside, duration=duration, weeks=run))
    lowest = pressure_capped(scenario)
    if lowest is not None:  # no review can raise anyone: said like a programme that comes late
        cap, effort = (
            i18n.format_number(v, lang) for v in (scenario.management.max_effort, lowest)
        )
        notes.append(t("capped.management", lang, cap=cap, effort=effort))
    h = scenario.hiring
    if h.share > 0 and not len(hired_reps(scenario)):  # round(share × count) is 0
        share = i18n.format_number(round(100 * h.share, 1), lang)
        notes.append(t("none.hiring", lang, share=share, count=scenario.reps.count))
    return notes


def nothing_to_vary(error: NothingToVary, lang: str) -> str:
    """Why no plausible worlds were drawn: the settings set every parameter they would draw."""
    if error.source == "posterior":
        names = ", ".join(param_label(name, lang) for name in error.names)
        return t("worlds.nothing.posterior", lang, names=names)
    return t("worlds.nothing.prior", lang)
