"""Every text of a sweep's report (``rapport report FOLDER --lang en|de``), in English and German.

The report (``experiments.report``) computes its numbers once and says them with ``say``; the
same numbers come out in either language, written as people write them there (German: decimal
commas, a minus sign, "12,3 %"). The verdict sentence on an inverted U
(``experiments.stats.describe_inverted_u``) is said from here too. Texts the model's figures and
the app share (``week``, ``95 % band``) come from ``sim.texts``, and metrics and parameters are
named as the app names them in German (``sim.texts.COLUMNS_DE``, the schema's ``label_de``):
Beziehungsqualität, Einsatz, Wahrnehmung, Regulation, Umsatz. The German table has every key and
placeholder of the English one (a test checks it).
"""

from __future__ import annotations

import re
from numbers import Integral
from typing import Any

from experiments.sweep_texts import METHOD_NAMES, SCHEMA_WORDS_DE
from sim.texts import INTERVAL_DE, format_number, say_from

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        # the page
        "title": "Sweep report: {name}",
        # counts: "one|many" (``counted``)
        "count.runs": "{n} run|{n} runs",
        "count.replications": "{n} replication|{n} replications",
        "count.points": "{n} design point has|{n} design points have",
        "count.odd": "{n} first-order index below 0 or above the total index|{n} first-order "
        "indices below 0 or above the total index",
        "runs": "{planned} planned ({method} design, {replications}, root seed {seed}); {done} "
        "with results, {failed} failed.",
        **{f"method.{key}": name for key, name in METHOD_NAMES["en"].items()},
        "left_out": "{chunk}: {runs} left out of the report: {reason}",
        "unfinished": "Unfinished: {missing} of the {planned} planned runs have not executed. "
        "{points} Run the same `rapport sweep` command again to execute only the missing runs.",
        # which points lack runs: some, none of them without any; all without any; both
        "unfinished.fewer": "{points} of the {total} design points rest on fewer runs than "
        "planned (the fewest on {fewest} of {per_point}), so their estimates are less precise "
        "than the rest.",
        "unfinished.none": "{empty} of the {total} design points have no runs yet, so the report "
        "leaves them out.",
        "unfinished.some_none": "{points} of the {total} design points rest on fewer runs than "
        "planned: {empty} on none, which the report leaves out, and {thin} on some but not all, "
        "whose estimates are less precise than the rest.",
        "worlds.intro": "Every design point also ran in {count} plausible worlds (worlds: "
        "{worlds}, {replications} each, the same seeds at every point of a "
        "world); the sections below show the runs at the scenario's own values, the last one "
        "the worlds.",
        "no_results": "No results yet.",
        "heading.metrics": "Metrics against each varied parameter",
        "heading.heatmap": "Effort × empathy",
        "heading.inverted_u": "Is there an inverted U? Where the curve over effort peaks, per "
        "level",
        "heading.over_time": "Over time",
        "heading.sensitivity": "Global sensitivity ({method})",
        "heading.worlds": "Plausible worlds",
        "heading.failures": "Failed runs",
        "heading.reproduce": "Reproduce",
        "reproduce": "Run `rapport sweep config.yaml --out DIR` on this folder's config.yaml (the "
        "resolved config below): it plans the same runs, with the same seeds and run keys; seeds "
        "derive from the root seed and each point's values.",
        # levels of the other axes: "perception 0.1, decay 0.05"
        "level.all": "all runs",
        "level.sep": ", ",
        "percent": "{n}%",
        # figures
        "over": "; averaged over {names}",
        # the names of the axes averaged over: "a, b, c"; German "a, b und c"
        "over.sep": ", ",
        "over.last": ", ",
        "caption.lines": "{metric} after the last week against {x}; mean and 95 % band over "
        "replications{over}",
        "caption.lines.single": "{metric} after the last week against {x}; one run per point, "
        "so no band{over}",
        "caption.worlds": "{metric} after the last week against {x}: Monte Carlo noise (95 % "
        "band over replications at the scenario's own values) and model uncertainty (range of "
        "the worlds' means, 5–95 %); other axes averaged",
        "caption.scatter": "{metric} against {x} over the sampled design",
        "caption.heatmap": "{metric}: effort × {empathy}{over}",
        "caption.over_time": "{metric} over the weeks (mean over replications{over})",
        "caption.sensitivity": "{method} indices of {metric}, ranked",
        "legend.worlds": "90 % of {count} plausible worlds",
        "legend.median_world": "median world",
        "legend.own_values": "scenario's own values",
        "legend.mean": "mean",
        "legend.binned_mean": "binned mean",
        # the inverted U
        "column.level": "level",
        "column.inverted_u": "inverted U",
        "column.quadratic": "quadratic",
        "column.peak": "highest mean at (h/week)",
        "column.peak_ci": "its 95 % bootstrap interval",
        "column.edge": "at the range's edge",
        "edge.highest": "top: the peak may lie above",
        "edge.lowest": "bottom: the peak may lie below",
        "edge.ci_highest": "its interval reaches the top",
        "edge.ci_lowest": "its interval reaches the bottom",
        "column.turning_point": "quadratic's vertex (h/week)",
        "column.ci": "its 95 % CI (Fieller)",
        "column.lind_mehlum": "Lind–Mehlum p",
        "column.fall": "fall to top of range",
        "column.slope1": "two-lines slope 1",
        "column.p1": "two-lines p1",
        "column.slope2": "two-lines slope 2",
        "column.p2": "two-lines p2",
        "yes": "yes",
        "no": "no",
        "quadratic.peaks": "∩, peaks",
        "quadratic.dips": "∪, dips",
        "unbounded": "unbounded",
        "effort.unit": "hours per week",
        "verdicts": "Verdicts follow Simonsohn's two-lines test (an inverted U needs a "
        "significantly rising and a significantly falling line). The quadratic's turning point "
        "and the Lind–Mehlum test are shown too, but a curve that merely saturates also passes "
        "them; where the quadratic dips (∪), its turning point is its lowest point, not a peak.",
        "not_tested": "Not tested: the sweep runs {count} different efforts{per}, and the "
        "turning point, the Lind–Mehlum test and the two-lines test need at least {minimum}.",
        "not_tested.per": " at each level of the other axes",
        "fall.top": "Its best mean ({best}) is at the top of the range, {highest} h: no fall.",
        "fall": "From its best mean ({best} at {best_at} h) to {highest} h it falls by {fall} "
        "({relative} of the best)",
        "fall.flat": "; practically flat.",
        "fall.end": ".",
        "fall.lowest": " The best is at the lowest effort run, {lowest} h: the peak may lie "
        "below it.",
        # the verdict sentence (experiments.stats.describe_inverted_u)
        "verdict.peak": "{outcome} peaks at {peak} {unit} ({interval}); beyond it, it falls: "
        "two-lines test {p}",
        "verdict.interval": "{level} % CI {low}–{high}{beyond}",
        # an interval reaching past the values run: there it is the quadratic's extrapolation
        "verdict.beyond.low": ", reaching below the lowest value run ({edge})",
        "verdict.beyond.high": ", reaching above the highest value run ({edge})",
        "verdict.beyond.both": ", reaching beyond both ends of the values run "
        "({low_edge}–{high_edge})",
        "verdict.interval.unbounded": "{level} % CI unbounded",
        # the peak's location: the effort of the highest mean, with a bootstrap over the runs
        "verdict.interval.runs": "{level} % bootstrap interval over the runs {low}–{high}",
        "verdict.interval.few": "no {level} % interval from fewer than {runs} runs per value",
        "verdict.interval.one": "{level} % bootstrap interval over the runs: {value} alone of "
        "the values run",
        "verdict.not_estimable": "no verdict on an inverted U across {span}: the two-lines test "
        "was not estimable",
        "verdict.no_rise": "no inverted U across {span}: {shape} (two-lines test: {first}; "
        "{second})",
        "verdict.shape.u": "it falls, then rises (a U)",
        "verdict.shape.flat_start": "{outcome} does not rise significantly at the low end",
        "verdict.shape.falls_start": "{outcome} falls significantly at the low end",
        "verdict.shape.falling": "{outcome} falls significantly at both ends",
        "verdict.rising": "no inverted U: {outcome} keeps rising across {span} (two-lines test: "
        "{second})",
        "verdict.levels_off": "no inverted U: {outcome} rises, then levels off without a "
        "significant decline across {span} (two-lines test: {second})",
        "verdict.fooled": "; a quadratic fit alone would wrongly suggest a peak at {peak} {unit}",
        "verdict.first": "first slope {slope}, {p}",
        "verdict.second": "second slope {slope}, {p}",
        "verdict.no_slope": "n/a",
        "p.none": "p not available",
        # the tests' notes (analysis.json: ``experiments.stats``)
        "note.u_test.inverted_u": "rises at the low end and falls at the high end",
        "note.u_test.u": "U-shaped (falls, then rises) on the range: not an inverted U",
        "note.u_test.monotone": "turning point outside range: the curve is monotone on the range",
        "note.two_lines.one_x": "a line had one distinct x value: no slope",
        # sensitivity
        "sensitivity.skipped": "Sensitivity analysis skipped: {missing} no results (failed or not "
        "yet run).",
        "column.parameter": "parameter",
        "column.conf": "{index} 95 % ±",
        "caution": "Uncertain estimates: with {samples} base samples the widest 95 % interval "
        "is ±{widest}{odd}. Rank the parameters only where their intervals do not overlap, or "
        "run more samples (Sobol indices usually need hundreds to thousands).",
        "caution.odd": "; {count}, which only estimation noise gives",
        "caution.morris": "Uncertain ranking: with {trajectories} trajectories, {pairs}. Rank "
        "the parameters only where their intervals do not overlap, or run more trajectories.",
        "count.overlaps": "{n} pair of neighbours in the ranking has overlapping 95 % intervals|"
        "{n} pairs of neighbours in the ranking have overlapping 95 % intervals",
        # failed runs
        "column.point": "point",
        "column.replication": "replication",
        "column.seed": "seed",
        "column.parameters": "parameters",
        "column.error": "error",
    },
    "de": {
        "title": "Bericht der Versuchsreihe: {name}",
        "count.runs": "{n} Lauf|{n} Läufe",
        "count.replications": "{n} Wiederholung|{n} Wiederholungen",
        "count.points": "{n} Punkt des Designs hat|{n} Punkte des Designs haben",
        "count.odd": "{n} Index erster Ordnung liegt unter 0 oder über dem Totaleffekt-Index|{n} "
        "Indizes erster Ordnung liegen unter 0 oder über dem Totaleffekt-Index",
        "runs": "{planned} geplant ({method}, {replications}, Basis-Zufallsstartwert {seed}); "
        "{done} mit Ergebnissen, {failed} fehlgeschlagen.",
        **{f"method.{key}": name for key, name in METHOD_NAMES["de"].items()},
        "left_out": "{chunk}: {runs} nicht im Bericht: {reason}",
        "unfinished": "Unvollständig: {missing} der {planned} geplanten Läufe sind nicht "
        "gelaufen. {points} Rufen Sie denselben `rapport sweep`-Befehl erneut auf, um nur die "
        "fehlenden Läufe auszuführen.",
        "unfinished.fewer": "{points} der {total} Punkte des Designs beruhen auf weniger Läufen "
        "als geplant (die wenigsten auf {fewest} von {per_point}); ihre Schätzungen sind "
        "ungenauer als die übrigen.",
        "unfinished.none": "{empty} der {total} Punkte des Designs haben noch keine Läufe; der "
        "Bericht lässt sie aus.",
        "unfinished.some_none": "{points} der {total} Punkte des Designs beruhen auf weniger "
        "Läufen als geplant: {empty} auf keinem, die der Bericht auslässt, {thin} auf einigen, "
        "aber nicht allen, deren Schätzungen ungenauer sind als die übrigen.",
        "worlds.intro": "Jeder Punkt des Designs lief außerdem in {count} plausiblen Welten "
        "(worlds: {worlds}, je {replications}, in einer Welt an jedem Punkt dieselben "
        "Zufallsstartwerte); die folgenden Abschnitte zeigen die Läufe bei den Werten des "
        "Szenarios, der letzte die Welten.",
        "no_results": "Noch keine Ergebnisse.",
        "heading.metrics": "Kennzahlen je variiertem Parameter",
        "heading.heatmap": "Einsatz × Empathie",
        "heading.inverted_u": "Gibt es ein umgekehrtes U? Wo die Kurve über den Einsatz ihren "
        "Höchstwert erreicht, je Stufe",
        "heading.over_time": "Im Zeitverlauf",
        "heading.sensitivity": "Globale Sensitivität ({method})",
        "heading.worlds": "Plausible Welten",
        "heading.failures": "Fehlgeschlagene Läufe",
        "heading.reproduce": "Reproduzieren",
        "reproduce": "`rapport sweep config.yaml --out DIR --lang de` mit der config.yaml dieses "
        "Ordners (der aufgelösten Konfiguration unten) plant dieselben Läufe, mit denselben "
        "Zufallsstartwerten und Laufschlüsseln; die Zufallsstartwerte leiten sich aus dem "
        "Basis-Zufallsstartwert und den Werten jedes Punkts ab.",
        "level.all": "alle Läufe",
        "level.sep": "; ",
        "percent": "{n} %",
        "over": "; gemittelt über {names}",
        "over.sep": ", ",
        "over.last": " und ",
        "caption.lines": "{metric} nach der letzten Woche gegen {x}; Mittelwert und 95-%-Band "
        "über die Wiederholungen{over}",
        "caption.lines.single": "{metric} nach der letzten Woche gegen {x}; ein Lauf je Punkt, "
        "daher kein Band{over}",
        "caption.worlds": "{metric} nach der letzten Woche gegen {x}: Monte-Carlo-Rauschen "
        "(95-%-Band über die Wiederholungen bei den Werten des Szenarios) und "
        "Modellunsicherheit (Spanne der Mittelwerte der Welten, 5–95 %); über die übrigen "
        "Achsen gemittelt",
        "caption.scatter": "{metric} gegen {x} über die Stichprobe des Designs",
        "caption.heatmap": "{metric}: Einsatz × {empathy}{over}",
        "caption.over_time": "{metric} über die Wochen (Mittelwert über die Wiederholungen{over})",
        "caption.sensitivity": "{method}-Indizes für {metric}, nach Größe geordnet",
        "legend.worlds": "90 % von {count} plausiblen Welten",
        "legend.median_world": "Median der Welten",
        "legend.own_values": "Werte des Szenarios",
        "legend.mean": "Mittelwert",
        "legend.binned_mean": "Mittelwert je Klasse",
        "column.level": "Stufe",
        "column.inverted_u": "umgekehrtes U",
        "column.quadratic": "Parabel",
        "column.peak": "höchster Mittelwert bei (h/Woche)",
        "column.peak_ci": "sein 95-%-Intervall (Bootstrap)",
        "column.edge": "am Rand des Bereichs",
        "edge.highest": "oben: Der Hochpunkt kann darüber liegen",
        "edge.lowest": "unten: Der Hochpunkt kann darunter liegen",
        "edge.ci_highest": "sein Intervall reicht bis oben",
        "edge.ci_lowest": "sein Intervall reicht bis unten",
        "column.turning_point": "Scheitelpunkt der Parabel (h/Woche)",
        "column.ci": "sein 95-%-Intervall (Fieller)",
        "column.lind_mehlum": "Lind–Mehlum p",
        "column.fall": "Abfall bis zum oberen Ende des Bereichs",
        "column.slope1": "Zwei-Linien-Steigung 1",
        "column.p1": "Zwei-Linien p1",
        "column.slope2": "Zwei-Linien-Steigung 2",
        "column.p2": "Zwei-Linien p2",
        "yes": "ja",
        "no": "nein",
        "quadratic.peaks": "∩, Hochpunkt",
        "quadratic.dips": "∪, Tiefpunkt",
        "unbounded": "unbegrenzt",
        "effort.unit": "h/Woche",
        "verdicts": "Die Urteile folgen Simonsohns Zwei-Linien-Test (ein umgekehrtes U verlangt "
        "eine signifikant steigende und eine signifikant fallende Linie). Der Scheitelpunkt der "
        "Parabel und der Lind–Mehlum-Test sind ebenfalls angegeben, doch beide schlagen auch "
        "bei einer Kurve an, die nur abflacht; wo die Parabel nach oben offen ist (∪), ist ihr "
        "Scheitelpunkt ihr tiefster Punkt, kein Hochpunkt.",
        "not_tested": "Nicht getestet: Die Versuchsreihe umfasst {count} verschiedene "
        "Einsatzstufen{per}; Scheitelpunkt, Lind–Mehlum-Test und Zwei-Linien-Test brauchen "
        "mindestens {minimum}.",
        "not_tested.per": " auf jeder Stufe der übrigen Achsen",
        "fall.top": "Der beste Mittelwert ({best}) liegt am oberen Ende des Bereichs, bei "
        "{highest} h: kein Abfall.",
        "fall": "Vom besten Mittelwert ({best} bei {best_at} h) bis {highest} h fällt der Wert "
        "um {fall} ({relative} des Höchstwerts)",
        "fall.flat": "; praktisch flach.",
        "fall.end": ".",
        "fall.lowest": " Der beste Mittelwert liegt beim niedrigsten untersuchten Einsatz, "
        "{lowest} h: Der Hochpunkt kann darunter liegen.",
        "verdict.peak": "Die Kurve ({outcome}) erreicht bei {peak} {unit} ihren Höchstwert "
        "({interval}) und fällt danach: Zwei-Linien-Test {p}",
        "verdict.interval": "{level}-%-Intervall {low}–{high}{beyond}",
        "verdict.beyond.low": ", das unter den niedrigsten untersuchten Wert ({edge}) reicht",
        "verdict.beyond.high": ", das über den höchsten untersuchten Wert ({edge}) reicht",
        "verdict.beyond.both": ", das über beide Enden der untersuchten Werte "
        "({low_edge}–{high_edge}) hinausreicht",
        "verdict.interval.unbounded": "{level}-%-Intervall unbegrenzt",
        "verdict.interval.runs": "{level}-%-Intervall {low}–{high}, Bootstrap über die Läufe",
        "verdict.interval.few": "kein {level}-%-Intervall aus weniger als {runs} Läufen je Wert",
        "verdict.interval.one": "{level}-%-Intervall aus dem Bootstrap über die Läufe: von den "
        "untersuchten Werten nur {value}",
        "verdict.not_estimable": "Kein Urteil über ein umgekehrtes U im Bereich {span}: Der "
        "Zwei-Linien-Test ließ sich nicht schätzen",
        "verdict.no_rise": "Kein umgekehrtes U im Bereich {span}: {shape} (Zwei-Linien-Test: "
        "{first}; {second})",
        "verdict.shape.u": "Die Kurve fällt und steigt dann wieder (ein U)",
        "verdict.shape.flat_start": "Die Kurve ({outcome}) steigt am unteren Ende nicht "
        "signifikant an",
        "verdict.shape.falls_start": "Die Kurve ({outcome}) fällt am unteren Ende signifikant",
        "verdict.shape.falling": "Die Kurve ({outcome}) fällt an beiden Enden signifikant",
        "verdict.rising": "Kein umgekehrtes U: Die Kurve ({outcome}) steigt im ganzen Bereich "
        "{span} (Zwei-Linien-Test: {second})",
        "verdict.levels_off": "Kein umgekehrtes U im Bereich {span}: Die Kurve ({outcome}) "
        "steigt und flacht dann ab, ohne signifikant zu fallen (Zwei-Linien-Test: {second})",
        "verdict.fooled": "; eine Parabel allein würde fälschlich einen Hochpunkt bei {peak} "
        "{unit} nahelegen",
        "verdict.first": "erste Steigung {slope}, {p}",
        "verdict.second": "zweite Steigung {slope}, {p}",
        "verdict.no_slope": "nicht verfügbar",
        "p.none": "p nicht verfügbar",
        "note.u_test.inverted_u": "steigt am unteren Ende und fällt am oberen Ende",
        "note.u_test.u": "im Bereich U-förmig (fällt, steigt dann): kein umgekehrtes U",
        "note.u_test.monotone": "Scheitelpunkt außerhalb des Bereichs: Die Kurve ist im Bereich "
        "monoton",
        "note.two_lines.one_x": "eine der beiden Linien hatte nur einen x-Wert: keine Steigung",
        "sensitivity.skipped": "Sensitivitätsanalyse ausgelassen: {missing} keine Ergebnisse "
        "(fehlgeschlagen oder noch nicht gelaufen).",
        "column.parameter": "Parameter",
        "column.conf": "{index} ± (" + INTERVAL_DE + ")",
        "caution": "Unsichere Schätzungen: Mit {samples} Basisstichproben ist das breiteste "
        + INTERVAL_DE
        + " ±{widest}{odd}. Ordnen Sie die Parameter nur dort nach Rang, wo sich ihre "
        "Intervalle nicht überschneiden, oder ziehen Sie mehr Stichproben (Sobol-Indizes "
        "brauchen meist Hunderte bis Tausende).",
        "caution.odd": "; {count}, was nur durch Schätzrauschen entsteht",
        "caution.morris": "Unsichere Rangfolge: Mit {trajectories} Trajektorien {pairs}. Ordnen "
        "Sie die Parameter nur dort nach Rang, wo sich ihre Intervalle nicht überschneiden, oder "
        "ziehen Sie mehr Trajektorien.",
        "count.overlaps": "überschneiden sich bei {n} Paar benachbarter Parameter der Rangfolge "
        "die Intervalle|überschneiden sich bei {n} Paaren benachbarter Parameter der Rangfolge "
        "die Intervalle",
        "column.point": "Punkt",
        "column.replication": "Wiederholung",
        "column.seed": "Zufallsstartwert",
        "column.parameters": "Parameter",
        "column.error": "Fehler",
    },
}


def say(key: str, lang: str = "en", **values) -> str:
    """The report text ``key`` in ``lang``, formatted with ``values``; a key of ``sim.texts``
    (shared with the figures and the app, e.g. ``chart.week``) is said from there."""
    return say_from(TEXTS, key, lang, **values)


def whole(n: Any, lang: str = "en") -> str:
    """A whole number as the report writes it: English as Python does ("12345"), German from
    five digits on with thousands points ("12.345"); anything else (a count not known, "?") as
    it is."""
    if isinstance(n, Integral) and not isinstance(n, bool) and lang != "en":
        return format_number(int(n), lang)
    return str(n)


def counted(key: str, n: Any, lang: str = "en") -> str:
    """A count ``n`` of the text ``key`` ("one|many"): "1 run", "2 runs"; "1 Lauf", "12.345
    Läufe" (as ``experiments.sweep_texts.counted``); a count not known ("?") takes the plural."""
    one, many = say(key, lang, n=whole(n, lang)).split("|")
    return one if n == 1 else many


def number(value: float, lang: str = "en", spec: str = "g") -> str:
    """A number with the format ``spec`` in ``lang``'s notation: English as Python writes it
    (the report's numbers as they always were), German with a decimal comma and a minus sign."""
    if lang == "en":
        return format(value, spec)
    return format_number(float(value), lang, spec=spec)


def percent(share: float, lang: str = "en", spec: str = ".1f") -> str:
    """A share as a percentage ("12.3%"; German "12,3 %")."""
    return say("percent", lang, n=number(share * 100, lang, spec))


# Why runs were left out (``experiments.store``, ``experiments.report.one_copy_each``), as those
# write it in English, and in German; a reason not listed stays English.
REASONS_DE: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(r"they are not runs of config\.yaml \(another sweep's\?\)"),
        "es sind keine Läufe der config.yaml (die einer anderen Versuchsreihe?)",
    ),
    (
        re.compile(
            r"copies of runs stored in (?P<held>\S+) \(counted once; `rapport sweep` sets the "
            r"copy aside\)"
        ),
        "Kopien von Läufen aus {held} (einmal gezählt; `rapport sweep` legt die Kopie beiseite)",
    ),
    (re.compile(r"another schema: (?P<words>.+)"), "ein anderes Schema: {words}"),
]


def reason_text(reason: str, lang: str = "en") -> str:
    """Why runs were left out, in ``lang`` (see ``REASONS_DE``)."""
    if lang != "de":
        return reason
    for pattern, template in REASONS_DE:
        match = pattern.fullmatch(reason)
        if match is not None:
            parts = match.groupdict()
            if "words" in parts:
                for english, german in SCHEMA_WORDS_DE.items():
                    parts["words"] = parts["words"].replace(english, german)
            return template.format(**parts)
    return reason
