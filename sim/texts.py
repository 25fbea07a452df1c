"""Texts the model core's figures and tables show, in English and German.

Figure titles, axis names, legend entries and metric labels live here, so that the exported
figures (``sim.plots``) and the web app's charts (``frontends.app.charts``) say the same things.
The app's own texts (buttons, help, sentences) are in ``frontends.app.i18n``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

LANGUAGES = ("en", "de")
DECIMAL_MARK = {"en": ".", "de": ","}
THOUSANDS_MARK = {"en": ",", "de": "."}
# The minus sign (U+2212) of numbers written for people; files for machines keep "-".
MINUS = "\u2212"
# The German name of a 95 % interval, one term for the studies, the worlds sentence and the app.
INTERVAL_DE = "95-%-Intervall"

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "profile.hard worker": "hard worker",
        "profile.smart worker": "smart worker",
        "chart.relationship": "Relationship quality over the weeks",
        "chart.relationship.y": "relationship quality (0–1)",
        "chart.week": "week",
        "chart.team_mean": "team mean",
        "chart.rep": "rep",
        "chart.intervention": "change",
        "chart.outcomes": "Revenue, churn and wasted hours",
        "metric.revenue": "Revenue (k€/week)",
        "metric.churned": "Customers lost (cumulative)",
        "metric.wasted_hours": "Wasted hours (h/week)",
        "chart.portfolio": "Portfolios: each row a rep, each cell a customer",
        "chart.portfolio.week": "Portfolios in week {week}: each row a rep, each cell a customer",
        "chart.curve": "Effort curve by empathy",
        "chart.compare": "Baseline and what-if ({reps} paired runs)",
        "chart.options": "Relationship quality of each option ({reps} runs each, the same seeds)",
        "portfolio.legend": "Colour: relationship score (dark = poor, yellow = strong). "
        "● irritated customer. Grey: lost in the last {weeks} weeks (a new prospect took "
        "the place), or a place still empty since its customer left.",
        "portfolio.subset": "Showing {reps} of {total} reps.",
        "portfolio.rep": "rep",
        "portfolio.customer": "customer",
        "portfolio.cell": "Rep {rep}, customer {customer}",
        "portfolio.colour": "relationship score (0–1)",
        "portfolio.irritated": "irritated customer",
        "portfolio.churned": "lost in the last {weeks} weeks, or empty",
        "curve.level.low": "low empathy ({value})",
        "curve.level.current": "current empathy ({value})",
        "curve.level.current_low": "current empathy = low ({value})",
        "curve.level.current_high": "current empathy = high ({value})",
        "curve.level.high": "high empathy ({value})",
        "curve.current_effort": "current effort",
        "curve.turning": "turning point {effort:.0f} h",
        "curve.x": "effort (h/week)",
        "curve.y": "relationship quality {after}",
        "after.weeks": "after {n} weeks",
        "after.weeks.one": "after 1 week",
        "compare.baseline": "baseline",
        "compare.whatif": "what-if",
        "compare.difference": "difference (what-if − baseline)",
        "compare.band": "95 % band",
        "worlds.of": "{count} of {drawn}",
        "worlds.sentence": "Over {count} plausible worlds ({source}), {what} lies between {low} "
        "and {high} {share} (median {median}); {noise}. {drivers}",
        # the 5–95 % range over worlds (experiments.worlds.share_phrase); with up to 19 worlds
        # it is their whole range
        "worlds.share": "in 90 % of them",
        "worlds.share.all": "in all of them",
        "worlds.share.of": "in 90 % of {count}",
        "worlds.share.of.all": "in all {count}",
        "worlds.part.of": "90 % of {count}",
        "worlds.part.of.all": "all {count}",
        "worlds.noise": "Monte Carlo noise alone: {low} to {high} (95 % CI at the scenario's own "
        "values)",
        "worlds.no_noise": "Monte Carlo noise alone: no 95 % CI at the scenario's own values "
        "({why})",
        "worlds.no_noise.single": "a single replication",
        "worlds.no_noise.few": "fewer than {n} replications",
        "worlds.no_noise.rare": "too few resamples of the replications give an answer",
        "worlds.source.prior": "drawn from the priors",
        "worlds.source.posterior": "drawn from the calibrated posterior",
        "worlds.drivers": "What moves it most: {names}.",
        "worlds.drivers.more": "What moves it most: {names}; also significant: {others}.",
        "worlds.driver": "{name}, R² = {r2}",
        "worlds.no_driver": "No single parameter clearly explains the spread over {count} worlds.",
        "worlds.band": "plausible worlds (90 %)",
        "table.metric": "metric",
        "table.start": "start",
        "table.high": "high (wk {week})",
        "table.peak": "peak (wk {week})",
        "table.low": "low (wk {week})",
        "table.final": "final (wk {week})",
        "table.peak_final": "peak=final (wk {week})",
        "table.start_peak": "start=peak",
        "table.start_high": "start=high",
        "table.note": "(every metric at the start, the end and the peak and any fall of "
        "relationship quality)",
        "run.count.rep": "{n} rep|{n} reps",
        "run.count.customer": "{n} customer|{n} customers",
        "run.count.week": "{n} week|{n} weeks",
        "run.header": "Scenario {name}: {team}, {weeks}, seed {seed}",
        # the team in the header: its reps and the customers of each
        "run.team": "{reps} × {customers}|{reps} × {customers}",
        "run.checked": "Scenario {name}: valid; about {memory} of memory; writes to {out}/",
        "run.wrote": "Wrote {files} to {out}/",
        "run.note": "Note: {note}",
        "run.empty": "{file} sets nothing: it runs the default scenario.",
        # rapport params
        "params.acts_when": "Acts only when {condition}.",
        "params.or": " or ",
        "params.prior": "prior {text}",
        "params.uniform": "uniform",
        "params.loguniform": "log-uniform",
        "params.why": "Why: {reason}",
        "params.why.header": "Why this range",
        "params.header": "Parameter|Default|Allowed|Unit|Prior|Description",
        "params.chosen": "chosen",
        "params.none": "none",
        "params.each": "each: ",
    },
    "de": {
        "profile.hard worker": "Hart arbeitend",
        "profile.smart worker": "Klug arbeitend",
        "chart.relationship": "Beziehungsqualität über die Wochen",
        "chart.relationship.y": "Beziehungsqualität (0–1)",
        "chart.week": "Woche",
        "chart.team_mean": "Teammittel",
        "chart.rep": "Person",
        "chart.intervention": "Änderung",
        "chart.outcomes": "Umsatz, verlorene Kunden und vergeudete Stunden",
        "metric.revenue": "Umsatz (k€/Woche)",
        "metric.churned": "Verlorene Kunden (kumuliert)",
        "metric.wasted_hours": "Vergeudete Stunden (h/Woche)",
        "chart.portfolio": "Portfolios: jede Zeile eine Person, jede Zelle ein Kunde",
        "chart.portfolio.week": "Portfolios in Woche {week}: jede Zeile eine Person, jede "
        "Zelle ein Kunde",
        "chart.curve": "Einsatzkurve nach Empathie",
        "chart.compare": "Basis und Variante ({reps} gepaarte Läufe)",
        "chart.options": "Beziehungsqualität je Option (je {reps} Läufe, dieselben "
        "Zufallsstartwerte)",
        "portfolio.legend": "Farbe: Beziehungsqualität (dunkel = niedrig, gelb = hoch). "
        "● verärgerter Kunde. Grau: in den letzten {weeks} Wochen verloren (ein neuer "
        "Interessent hat den Platz übernommen) oder ein Platz, der leer ist, seit sein Kunde "
        "gegangen ist.",
        "portfolio.subset": "{reps} von {total} Personen gezeigt.",
        "portfolio.rep": "Person",
        "portfolio.customer": "Kunde",
        "portfolio.cell": "Person {rep}, Kunde {customer}",
        "portfolio.colour": "Beziehungsqualität (0–1)",
        "portfolio.irritated": "verärgerter Kunde",
        "portfolio.churned": "in den letzten {weeks} Wochen verloren oder leer",
        "curve.level.low": "niedrige Empathie ({value})",
        "curve.level.current": "aktuelle Empathie ({value})",
        "curve.level.current_low": "aktuelle Empathie = niedrige ({value})",
        "curve.level.current_high": "aktuelle Empathie = hohe ({value})",
        "curve.level.high": "hohe Empathie ({value})",
        "curve.current_effort": "aktueller Einsatz",
        "curve.turning": "Hochpunkt {effort:.0f} h",
        "curve.x": "Einsatz (h/Woche)",
        "curve.y": "Beziehungsqualität {after}",
        "after.weeks": "nach {n} Wochen",
        "after.weeks.one": "nach 1 Woche",
        "compare.baseline": "Basis",
        "compare.whatif": "Variante",
        "compare.difference": "Unterschied (Variante − Basis)",
        "compare.band": "95-%-Band",
        "worlds.of": "{count} von {drawn}",
        "worlds.sentence": "In {count} plausiblen Welten ({source}) liegt {what} {share} "
        "zwischen {low} und {high} (Median {median}); {noise}. {drivers}",
        "worlds.share": "in 90 % von ihnen",
        "worlds.share.all": "in allen",
        "worlds.share.of": "in 90 % von {count}",
        "worlds.share.of.all": "in allen {count}",
        "worlds.part.of": "90 % von {count}",
        "worlds.part.of.all": "alle {count}",
        "worlds.noise": "allein das Monte-Carlo-Rauschen: {low} bis {high} ("
        + INTERVAL_DE
        + " bei den Werten des Szenarios)",
        "worlds.no_noise": "allein das Monte-Carlo-Rauschen: kein "
        + INTERVAL_DE
        + " bei den Werten des Szenarios ({why})",
        "worlds.no_noise.single": "eine einzige Wiederholung",
        "worlds.no_noise.few": "weniger als {n} Wiederholungen",
        "worlds.no_noise.rare": "zu wenige Stichproben der Wiederholungen liefern eine Antwort",
        "worlds.source.prior": "aus dem Vorwissen gezogen",
        "worlds.source.posterior": "aus der Kalibrierung gezogen",
        "worlds.drivers": "Größter Einfluss: {names}.",
        "worlds.drivers.more": "Größter Einfluss: {names}; ebenfalls signifikant: {others}.",
        "worlds.driver": "{name}, R² = {r2}",
        "worlds.no_driver": "Kein einzelner Parameter erklärt die Streuung über {count} Welten "
        "deutlich.",
        "worlds.band": "plausible Welten (90 %)",
        "table.metric": "Kennzahl",
        "table.start": "Start",
        "table.high": "Zwischenhoch (Wo. {week})",
        "table.peak": "Höchstwert (Wo. {week})",
        "table.low": "Tief (Wo. {week})",
        "table.final": "Ende (Wo. {week})",
        "table.peak_final": "Höchstwert = Ende (Wo. {week})",
        "table.start_peak": "Start = Höchstwert",
        "table.start_high": "Start = Zwischenhoch",
        "table.note": "(alle Kennzahlen zu Beginn, am Ende und in den Wochen des Höchstwerts "
        "und des Tiefs der Beziehungsqualität)",
        "run.count.rep": "{n} Person|{n} Personen",
        "run.count.customer": "{n} Kunde|{n} Kunden",
        "run.count.week": "{n} Woche|{n} Wochen",
        "run.header": "Szenario {name}: {team}, {weeks}, Zufallsstartwert {seed}",
        "run.team": "{reps} mit {customers}|{reps} mit je {customers}",
        "run.checked": "Szenario {name}: gültig; etwa {memory} Speicher; schreibt in {out}/",
        "run.wrote": "{files} in {out}/ gespeichert",
        "run.note": "Hinweis: {note}",
        "run.empty": "{file} setzt nichts: Es läuft das Standardszenario.",
        "params.acts_when": "Wirkt nur, wenn {condition}.",
        "params.or": " oder ",
        "params.prior": "Prior {text}",
        "params.uniform": "gleichverteilt",
        "params.loguniform": "log-gleichverteilt",
        "params.why": "Begründung: {reason}",
        "params.why.header": "Begründung",
        "params.header": "Parameter|Standard|Erlaubt|Einheit|Prior|Beschreibung",
        "params.chosen": "gewählt",
        "params.none": "keine",
        "params.each": "je Eintrag: ",
    },
}


# A number and its unit stay on one line in German typesetting ("30 h", "90 %", "1,2 k€"):
# a no-break space between them. A German review found plain spaces, and on a
# projector a line ended with "60" and the next began with "h/Woche".
UNIT_AFTER_NUMBER = re.compile(r"(?<=\d) (?=(?:%|h\b|h/|k€|€|Mio\.))")


def bound_units(text: str, lang: str) -> str:
    """``text`` with a no-break space between each number and its unit, in German."""
    return UNIT_AFTER_NUMBER.sub("\u00a0", text) if lang == "de" else text


def phrase(key: str, lang: str = "en", **values) -> str:
    """The text for ``key`` in ``lang`` (English if missing), formatted with ``values``."""
    found = TEXTS.get(lang, {}).get(key) or TEXTS["en"][key]
    return bound_units(found.format(**values) if values else found, lang)


def say_from(texts: Mapping[str, Mapping[str, str]], key: str, lang: str, **values) -> str:
    """The text ``key`` of a module's own ``texts`` (one dict per language) in ``lang``,
    formatted with ``values``; a key they lack is one of these shared texts (``phrase``). A
    German number keeps its unit on its line (``bound_units``)."""
    if key not in texts["en"]:
        return phrase(key, lang, **values)
    text = texts[lang][key]
    return bound_units(text.format(**values) if values else text, lang)


def quoted(text: object, lang: str = "en") -> str:
    """A name or a typed text (a sweep's name, what a student typed) quoted as ``lang`` quotes:
    'abc', German „abc“ (Python's ``repr`` had showed through in German)."""
    return f"„{text}“" if lang == "de" else f"'{text}'"


def count(what: str, n: int, lang: str = "en") -> str:
    """``n`` of ``what`` ("rep", "customer", "week") in ``lang``, singular for one."""
    one, many = phrase(f"run.count.{what}", lang, n=format_number(n, lang)).split("|")
    return one if n == 1 else many


def after_weeks(weeks: int, lang: str = "en") -> str:
    """ "after 52 weeks", "after 1 week" (a one-week run), in ``lang``."""
    if weeks == 1:
        return phrase("after.weeks.one", lang)
    return phrase("after.weeks", lang, n=format_number(weeks, lang))


def profile_name(name: str, lang: str = "en") -> str:
    """A team profile's name as pages, figures and answers show it: the shipped scenarios'
    names ("hard worker") in ``lang``, any other name as the scenario gives it. Only the display
    changes: the scenario, its exports and the per-rep data keep the stored name."""
    key = f"profile.{name}"
    return phrase(key, lang) if key in TEXTS["en"] else name


# The columns of the model's tables in German, with their units: what a German page's CSV
# export (opened in German Excel by managers) and ``rapport run --lang de``'s table call them.
# The English files keep the column names of the model's own tables (``weekly.parquet``,
# ``reps.parquet``), which scripts read.
COLUMNS_DE = {
    "week": "Woche",
    "seed": "Zufallsstartwert",
    "rep": "Person",
    "profile": "Profil",
    "relational_performance": "Beziehungsqualität im Teammittel (0–1)",
    "relationship": "Beziehungsqualität (0–1)",
    "revenue": "Umsatz (k€/Woche)",
    "churned": "Verlorene Kunden (kumuliert)",
    "customers": "Kunden",
    "irritation": "Verärgerung (Mittel je Kunde)",
    "irritated_share": "Anteil verärgerter Kunden (0–1)",
    "wasted_hours": "Vergeudete Stunden (h/Woche)",
    "contact_hours": "Kontaktstunden (h/Woche)",
    "value_hours": "Stunden für wertschaffende Arbeit (h/Woche)",
    "prospecting_hours": "Akquisestunden (h/Woche)",
    "training_hours": "Trainingsstunden (h/Woche)",
    "signals_noticed": "Bemerkte Signale (pro Woche)",
    "effort_hours": "Einsatz (h/Woche)",
    "perception": "Wahrnehmung (0–1)",
    "regulation": "Regulation (0–1)",
    "intervention": "Einstellungen in dieser Woche geändert",
    # Side by side's table in the web app (``frontends.app.data.OPTION_COLUMNS``)
    "option": "Option",
    "relationship_quality_mean": "Beziehungsqualität im Mittel der Wochen (0–1)",
    "relationship_quality_final": "Beziehungsqualität am Ende (0–1)",
    "revenue_keur": "Umsatz (k€)",
    "customers_lost": "Verlorene Kunden",
    "wasted_hours_total": "Vergeudete Stunden (h)",
    "team_size": "Teamgröße (Personen)",
    "customers_per_rep": "Kunden pro Person",
    "weeks": "Wochen",
    "replications": "Wiederholungen",
    "seeds": "Zufallsstartwerte",
}
# A column's interval ends (``_low``, ``_high``) in German, after its name.
COLUMN_ENDS_DE = {"_low": ", 95-%-Intervall unten", "_high": ", 95-%-Intervall oben"}


# Units as the schema writes them, in German.
UNITS_DE = {
    "0-1": "0–1",
    "k€/week": "k€/Woche",
    "signals/week": "Signale/Woche",
    "reps": "Personen",
    "h/week": "h/Woche",
    "1/week": "1/Woche",
    "customers": "Kunden",
    "contacts/week": "Kontakte/Woche",
    "× need": "× erwünschte Rate",
    "weeks": "Wochen",
    "week": "Woche",
    "k€": "k€",
    "h": "h",
    "h/customer/week": "h/Kunde/Woche",
    "k€/h": "k€/h",
    "calls": "Anrufäquivalente",
}


# German units whose singular differs, for a value of exactly 1 ("1 Anrufäquivalent").
UNITS_ONE_DE = {"calls": "Anrufäquivalent"}


def unit(text: str, lang: str = "en", value: float | None = None) -> str:
    """A unit in ``lang`` (after ``value``, if given: German singular after exactly 1)."""
    if lang != "de":
        return text
    if value == 1 and text in UNITS_ONE_DE:
        return UNITS_ONE_DE[text]
    return UNITS_DE.get(text, text)


def format_number(
    value: float, lang: str = "en", digits: int | None = None, spec: str | None = None
) -> str:
    """A number as people write it (``digits`` decimals, or a format ``spec`` such as "+.3f",
    if given): a minus sign, not a hyphen ("−0.2", "1e−05"); German decimal comma; from five
    digits on, thousands grouped ("15,856", German "15.856"; four digits stay whole, "2004")."""
    if spec is not None:
        text = format(value, spec)
    elif digits is not None:
        text = f"{value:.{digits}f}"
    else:
        text = f"{value:g}" if isinstance(value, float) else str(value)
    if re.fullmatch(r"-0*\.?0*", text):
        # a value that rounds to zero has no sign: "0", "0.000" (and "+0.000" if a sign is
        # asked for), never "−0"
        text = ("+" if spec is not None and "+" in spec else "") + text[1:]
    mark = DECIMAL_MARK.get(lang, ".")
    parts = re.fullmatch(r"(\D*)(\d*)(.*)", text, re.DOTALL)
    assert parts is not None  # every text matches: each part may be empty
    sign, whole, rest = parts.groups()
    if len(whole) >= 5:
        whole = f"{int(whole):,}".replace(",", THOUSANDS_MARK.get(lang, ","))
    return sign.replace("-", MINUS) + whole + rest.replace("-", MINUS).replace(".", mark)


# The texts of each exported figure: the names ``sim.plots`` uses -> keys of ``TEXTS``.
FIGURE_TEXTS: dict[str, dict[str, str]] = {
    "trajectory": {
        "title": "chart.relationship",
        "x": "chart.week",
        "y": "chart.relationship.y",
        "team_mean": "chart.team_mean",
        "intervention": "chart.intervention",
    },
    "outcomes": {
        "title": "chart.outcomes",
        "x": "chart.week",
        "revenue": "metric.revenue",
        "churned": "metric.churned",
        "wasted_hours": "metric.wasted_hours",
    },
    "portfolio": {
        "title": "chart.portfolio.week",
        "x": "portfolio.customer",
        "y": "portfolio.rep",
        "colour": "portfolio.colour",
        "irritated": "portfolio.irritated",
        "churned": "portfolio.churned",
    },
    "effort_curve": {
        "title": "chart.curve",
        "x": "curve.x",
        "y": "curve.y",
        "current_effort": "curve.current_effort",
    },
    "comparison": {
        "title": "chart.compare",
        "x": "chart.week",
        "y": "chart.relationship.y",
        "baseline": "compare.baseline",
        "whatif": "compare.whatif",
        "difference": "compare.difference",
        "band": "compare.band",
    },
    "options": {
        "title": "chart.options",
        "x": "chart.week",
        "y": "chart.relationship.y",
        "band": "compare.band",
    },
}


def figure_labels(figure: str, lang: str = "en", **values) -> dict[str, str]:
    """The texts of an exported figure (a ``FIGURE_TEXTS`` key) in ``lang``, ready for
    ``sim.plots``; ``values`` fill the templates (the portfolio's ``week`` and ``weeks``, the
    effort curve's ``after`` as ``after_weeks`` writes it, the comparison's ``reps``).
    ``decimal`` is the decimal mark of the tick numbers."""
    labels = {name: phrase(key, lang, **values) for name, key in FIGURE_TEXTS[figure].items()}
    labels["decimal"] = DECIMAL_MARK.get(lang, ".")
    return labels


def level_name(
    level: str, empathy: float, lang: str = "en", drawn: Iterable[str] = ("low", "current", "high")
) -> str:
    """An empathy level of the effort curve with its value, e.g. "low empathy (0.1)", as the
    sliders and the sentences under the curve write it. Where the current team is at the low or
    high level, that line is not ``drawn`` and the current one says it stands for it: "current
    empathy = low (0.1)" (a class saw two lines and no "low")."""
    drawn = set(drawn)
    if level == "current" and not {"low", "high"} <= drawn:
        level = "current_high" if "low" in drawn else "current_low"
    return phrase(f"curve.level.{level}", lang, value=format_number(empathy, lang))


def effort_curve_labels(
    levels: Mapping[str, float],
    turning_points: Mapping[str, float | None],
    weeks: int,
    lang: str = "en",
) -> dict[str, str]:
    """The effort curve figure's texts: a name per empathy level and a label per turning point."""
    labels = figure_labels("effort_curve", lang, after=after_weeks(weeks, lang))
    for level, empathy in levels.items():
        labels[f"level.{level}"] = level_name(level, empathy, lang, levels)
        if turning_points.get(level) is not None:
            labels[f"turning.{level}"] = phrase("curve.turning", lang, effort=turning_points[level])
    return labels


# The notes ``rapport run`` prints before a run (settings that cannot act, schedules the run
# never reaches: ``sim.params.InertSetting``, ``sim.scenarios.ProfileOverride``,
# ``sim.population.unreached_events``, ``sim.scenarios.unreached_reviews``, ``cut_short``), as
# those write them in English, and in German. Settings keep their dotted names in both; a number
# group (``n_…``) is written in the language's notation, a count of weeks (``w_…``) with its
# noun in the singular or plural.
_N = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"
NOTES_DE: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            rf"(?P<name>\S+) = (?P<n_value>{_N}) has no effect unless a profile leaves out "
            r"(?P<trait>\S+) \(every profile sets its own: (?P<own>.+)\)"
        ),
        "{name} = {n_value} wirkt nur, wenn ein Profil {trait} offenlässt (jedes Profil setzt "
        "einen eigenen Wert: {own})",
    ),
    (
        re.compile(r"(?P<name>\S+) = (?P<value>\S+) has no effect unless (?P<unless>.+)"),
        "{name} = {value} wirkt nur, wenn {unless}",
    ),
    (
        re.compile(
            r"interventions\.(?P<i>\d+): the change after week (?P<week>\d+) never applies in a "
            r"run of (?P<w_weeks>\d+) weeks?"
        ),
        "interventions.{i}: die Änderung nach Woche {week} wirkt in einem Lauf von {w_weeks} nie",
    ),
    (
        re.compile(
            r"coaching\.start_week = (?P<start>\d+): the programme starts after the run ends "
            r"with week (?P<weeks>\d+)"
        ),
        "coaching.start_week = {start}: das Programm beginnt erst nach dem Lauf, der mit Woche "
        "{weeks} endet",
    ),
    (
        re.compile(
            r"hiring\.week = (?P<week>\d+): the hires come after the run ends with week "
            r"(?P<weeks>\d+)"
        ),
        "hiring.week = {week}: die Neueinstellungen kommen erst nach dem Lauf, der mit Woche "
        "{weeks} endet",
    ),
    (
        re.compile(
            rf"hiring\.share = (?P<n_share>{_N}): in a team of (?P<reps>\d+) that is no rep "
            rf"\(round\((?P<n_share2>{_N}) × (?P<reps2>\d+)\) = 0\), so nobody is hired"
        ),
        "hiring.share = {n_share}: in einem Team von {reps} ist das keine Person "
        "(round({n_share2} × {reps2}) = 0), also wird niemand eingestellt",
    ),
    (
        re.compile(
            r"reps\.profiles\.(?P<i>\d+) \((?P<profile>.+)\): a team of (?P<reps>\d+) has no rep "
            r"of it"
        ),
        "reps.profiles.{i} ({profile}): ein Team von {reps} hat keine Person dieses Profils",
    ),
    (
        re.compile(
            r"coaching\.duration_weeks = (?P<duration>\d+): the programme from week "
            r"(?P<start>\d+) has only (?P<inside>\d+) of its (?P<duration2>\d+) weeks within the "
            r"run's (?P<w_weeks>\d+) weeks?, so it gives only part of its gains"
        ),
        "coaching.duration_weeks = {duration}: ein Lauf von {w_weeks} umfasst vom Programm ab "
        "Woche {start} nur {inside} seiner {duration2} Wochen, es bringt also nur einen Teil "
        "seiner Zuwächse",
    ),
    (
        re.compile(
            rf"management\.max_effort = (?P<n_max>{_N}) is not above the team's effort \(every "
            rf"rep's mean is (?P<n_lowest>{_N}) h or more\), so management\.pressure_step = "
            rf"(?P<n_step>{_N}) raises at most the few reps the effort spread puts below it"
        ),
        "management.max_effort = {n_max} liegt nicht über dem Einsatz des Teams (das Mittel "
        "jeder Person ist {n_lowest} h oder mehr), also hebt management.pressure_step = {n_step} "
        "höchstens die wenigen Personen an, die die Streuung des Einsatzes darunter legt",
    ),
    (
        re.compile(
            r"management\.review_weeks = (?P<review>\d+): the first review that can raise "
            r"effort compares two periods of (?P<w_review2>\d+) weeks?, in week (?P<first>\d+), "
            rf"after the run ends with week (?P<weeks>\d+), so management\.pressure_step = "
            rf"(?P<n_step>{_N}) never acts"
        ),
        "management.review_weeks = {review}: die erste Überprüfung, die den Einsatz erhöhen "
        "kann, vergleicht zwei Überprüfungszeiträume von {w_review2}, in Woche {first}, nach dem "
        "Lauf, der mit Woche {weeks} endet, also wirkt management.pressure_step = {n_step} nie",
    ),
]


def note_text(note: str, lang: str = "en") -> str:
    """A note before a run (see ``NOTES_DE``) in ``lang``; one it does not know stays English."""
    if lang != "de":
        return note
    for pattern, template in NOTES_DE:
        match = pattern.fullmatch(note)
        if match is None:
            continue
        parts = {key: _note_part(key, value, lang) for key, value in match.groupdict().items()}
        if "value" in parts:
            parts["value"] = decimal_commas(parts["value"])
        if "unless" in parts:
            parts["unless"] = decimal_commas(parts["unless"].replace(" or ", " oder "))
        if "own" in parts:  # "a 0,5; b 0,6": a comma list would run into the decimal commas
            parts["own"] = "; ".join(_own_value(item, lang) for item in parts["own"].split(", "))
        if "profile" in parts:
            parts["profile"] = profile_name(parts["profile"], lang)
        return template.format(**parts)
    return note


def _note_part(key: str, value: str, lang: str) -> str:
    """A group of a note in ``lang``: a number (``n_…``) in the language's notation, a count
    of weeks (``w_…``) with its noun, "1 Woche" or "52 Wochen"; any other as the note has it."""
    if key.startswith("n_"):
        return format_number(float(value), lang)
    if key.startswith("w_"):
        return count("week", int(value), lang)
    return value


def _own_value(item: str, lang: str) -> str:
    """A profile's own value in a note ("hard worker 60", as ``ProfileOverride.own`` writes it)
    in ``lang``: the profile's name as pages show it, the number in the language's notation."""
    found = re.fullmatch(rf"(?P<name>.+) (?P<value>{_N})", item)
    if found is None:
        return decimal_commas(item)
    return f"{profile_name(found['name'], lang)} {format_number(float(found['value']), lang)}"


def decimal_commas(text: str) -> str:
    """The decimal numbers in ``text`` with German decimal commas (not the digits of a dotted
    name such as ``reps.profiles.0.share``)."""
    return re.sub(r"(?<![\w.])(\d+)\.(\d+)(?![\w.])", r"\1,\2", text)
