"""Every text of ``rapport calibrate``'s page, figures, progress and closing lines, in English
and German (and ``rapport study``'s note on a posterior fitted under another model version).

The calibration computes its numbers once (``experiments.calibrate.report``) and its page says
them with ``say``; the same numbers come out in either language, written as people write them
there (``number``, ``percent`` of ``experiments.replicate.texts``: German decimal commas, a minus
sign, "57 %"). English numbers are written as Python writes them, as they always were. The data
files (``posterior.parquet``, ``calibration.json``, ``abc.db``, ``team.yaml``) keep the English
texts in either language, so that scripts read the same files. Terms follow the app's German
(``sim.texts``); parameters are named by the schema's ``label_de`` beside their dotted names;
targets and statistics keep their names from the calibration file. The German table has every
key and placeholder of the English one (a test checks it).
"""

from __future__ import annotations

from experiments.calibrate.config import SHOWN_DIGITS, STATISTICS, Target
from experiments.replicate.texts import number
from sim.texts import say_from

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        # the page
        "title": "Calibration: {name}",
        "intro": "{parameters} parameters calibrated by ABC-SMC (pyabc) against {targets} "
        "targets. Regenerate:",
        "heading.targets": "Targets (written down before the first run)",
        # (the English page says nothing here: its sources and reasons are in its language)
        "targets.note": "",
        "heading.generations": "Generations",
        "alt.generations": "epsilon and acceptance per generation",
        "heading.posterior": "Posterior ({level}% intervals)",
        "posterior.note": "width_share: the interval's share of the prior's width (log scale for "
        "log-uniform priors); near 0.9 the targets say little about the parameter.",
        "alt.marginals": "marginal posteriors",
        "heading.pairs": "Pairs of the most narrowed parameters",
        "alt.pairs": "pairs",
        "heading.checks": "Posterior predictive checks ({draws} draws, fresh seeds)",
        "check.heading": "Predictive check: {name}",
        "check.text": "{statistic}. Evidence: {evidence}; shaded: where the evidence is met (for "
        "a value: within one scale).",
        "alt.check": "predictive check {name}",
        # the tables' columns (English: the names calibration.json uses)
        "column.target": "target",
        "column.statistic": "statistic",
        "column.evidence": "evidence",
        "column.source": "source",
        "column.reason": "reason",
        "column.generation": "generation",
        "column.epsilon": "epsilon",
        "column.simulations": "simulations",
        "column.accepted": "accepted",
        "column.acceptance": "acceptance",
        "column.effective_sample_size": "effective_sample_size",
        "column.wall_seconds": "wall_seconds",
        "column.parameter": "parameter",
        "column.unit": "unit",
        "column.prior": "prior",
        "column.median": "median",
        "column.low_90": "low_90",
        "column.high_90": "high_90",
        "column.width_share": "width_share",
        "column.meets": "meets",
        "column.within_one_scale": "within_one_scale",
        "cell.missing": "NaN",
        # a target's evidence (``config.Target.text``)
        "evidence.between": "between {low} and {high}",
        "evidence.value": "{observed}",
        "evidence.at_least": "≥ {observed}",
        "evidence.at_most": "≤ {observed}",
        "evidence.scale": "{evidence} (scale {scale})",
        # what a statistic measures (``config.STATISTICS``), and its name in the figures
        **{f"statistic.{name}": text for name, text in STATISTICS.items()},
        **{f"statistic.short.{name}": name for name in STATISTICS},
        # a team's targets (``team.team_targets``)
        "team.source.lost": "team file {file}: {lost} customers lost in {rep_weeks} rep-weeks",
        "team.source.lost.one": "team file {file}: 1 customer lost in {rep_weeks} rep-weeks",
        "team.reason.lost": "Poisson standard error of the team's count, √2 for the simulated "
        "team's own noise (at least one loss)",
        "team.source.relationship": "team file {file}: {measure} of {reps} reps, last {weeks} "
        "weeks",
        "team.measure.rating": "rating",
        "team.measure.nps": "nps",
        "team.reason.relationship": "standard error of the team's mean across reps, √2 for the "
        "simulated team (at least {minimum})",
        # the figures
        "figure.marginals": "Posterior (bars, share of weight) against the prior (dashed)",
        "figure.generation": "generation",
        "figure.epsilon": "epsilon (acceptance threshold)",
        "figure.acceptance": "acceptance rate",
        "figure.draws": "draws",
        # the lines the command prints at the end
        "printed.generations": "{n} generations",
        "printed.generations.one": "{n} generation",
        "printed.summary": "Calibration {name}: {generations} ({run} of them run now, "
        "{seconds} s){early}; last epsilon {epsilon}, acceptance {acceptance}.",
        "printed.early": ", stopped early at abc.minimum_epsilon {epsilon}",
        "printed.check": "  {target}: {meets} of predictive draws meet {evidence}, {within} "
        "within one scale",
        "printed.check.value": "  {target}: {within} of predictive draws within one scale of "
        "{evidence}",
        "printed.files": "Posterior: {posterior}\nPage: {page}",
        "printed.team": "Team scenario: {scenario}\nAnswer for your team: rapport study "
        "effort_sweet_spot --calibration {out}",
        # one line per generation while the calibration runs (``abc._Progress``)
        "progress.generation": "calibrate: generation {generation}/{generations}: epsilon "
        "{epsilon}, accepted {accepted} of {simulations} simulations ({share}), effective sample "
        "size {ess}, {seconds} s",
        # ``rapport study --posterior`` with a posterior fitted under another model version
        "interrupted": "\nInterrupted: finished generations are saved in {out}/abc.db. Run the "
        "same command again to continue.",
        "posterior.outdated": "Note: --posterior: {posterior} was fitted under model version "
        "{fitted}, the model is now {version}; its worlds may no longer fit the facts it was "
        "calibrated to (run `rapport calibrate` again to be sure).",
    },
    "de": {
        "title": "Kalibrierung: {name}",
        "intro": "{parameters} Parameter mit ABC-SMC (pyabc) an {targets} Ziele angepasst. Neu "
        "erzeugen:",
        "heading.targets": "Ziele (vor dem ersten Lauf festgelegt)",
        "targets.note": "Quellen und Begründungen der Ziele aus der Kalibrierdatei stehen so da, "
        "wie die Datei sie schreibt.",
        "heading.generations": "Generationen",
        "alt.generations": "Epsilon und Akzeptanzrate je Generation",
        "heading.posterior": "Posterior ({level}-%-Intervalle)",
        "posterior.note": "Anteil der Priorbreite: wie viel der Breite des Priors das Intervall "
        "noch umspannt (bei log-gleichverteilten Priors auf logarithmischer Skala); nahe 0,9 "
        "sagen die Ziele wenig über den Parameter.",
        "alt.marginals": "Randverteilungen des Posteriors",
        "heading.pairs": "Paare der am stärksten eingegrenzten Parameter",
        "alt.pairs": "Paare",
        "heading.checks": "Prädiktive Prüfungen des Posteriors ({draws} Ziehungen, neue "
        "Zufallsstartwerte)",
        "check.heading": "Prädiktive Prüfung: {name}",
        "check.text": "{statistic}. Befund: {evidence}; schattiert: wo der Befund erfüllt ist "
        "(bei einem Wert: innerhalb einer Skala).",
        "alt.check": "prädiktive Prüfung {name}",
        "column.target": "Ziel",
        "column.statistic": "Kennzahl",
        "column.evidence": "Befund",
        "column.source": "Quelle",
        "column.reason": "Begründung",
        "column.generation": "Generation",
        "column.epsilon": "Epsilon",
        "column.simulations": "Simulationen",
        "column.accepted": "angenommen",
        "column.acceptance": "Akzeptanzrate",
        "column.effective_sample_size": "effektive Stichprobengröße",
        "column.wall_seconds": "Sekunden",
        "column.parameter": "Parameter",
        "column.unit": "Einheit",
        "column.prior": "Prior",
        "column.median": "Median",
        "column.low_90": "90-%-Intervall unten",
        "column.high_90": "90-%-Intervall oben",
        "column.width_share": "Anteil der Priorbreite",
        "column.meets": "erfüllt",
        "column.within_one_scale": "innerhalb einer Skala",
        "cell.missing": "–",
        "evidence.between": "zwischen {low} und {high}",
        "evidence.value": "{observed}",
        "evidence.at_least": "≥ {observed}",
        "evidence.at_most": "≤ {observed}",
        "evidence.scale": "{evidence} (Skala {scale})",
        "statistic.low_ei_curvature_t": "t der Krümmung des Einsatzes bei EI −1 SD in einer "
        "simulierten Feldstudie (b2 − b4 der moderierten quadratischen Regression, "
        "HC3-Standardfehler); negativ: ein umgekehrtes U bei niedriger EI",
        "statistic.high_ei_slope_t": "t der Steigung des Einsatzes bei EI +1 SD am 90. "
        "Perzentil des Einsatzes in einer simulierten Feldstudie; positiv: mehr Einsatz lohnt "
        "sich bei hoher EI weiterhin",
        "statistic.ideal_contacts_per_quarter": "Kontakte je 13 Wochen (die letzte Kontaktrate "
        "eines Kunden × 13, ganze Zahlen), bei denen die mittlere Beziehungsqualität aktiver "
        "Kunden am höchsten ist, unter den Raten, die mindestens 5 % von ihnen haben, am Ende "
        "einer simulierten Feldstudie",
        "statistic.annual_churn": "in den letzten 52 Wochen der Studie verlorene Kunden je "
        "Kundenplatz",
        "statistic.relationship_level": "mittlere Beziehungsqualität aktiver Kunden am Ende der "
        "Studie (0–1)",
        "statistic.team_lost_per_rep_week": "Kunden, die eine Person des Teams pro Woche "
        "verliert (Team-CSV)",
        "statistic.team_relationship": "mittlere Beziehungsqualität (0–1) der Kunden des Teams "
        "in der letzten Woche (Team-CSV: Bewertung 1–7 → (r − 1) / 6 oder NPS → (nps + 100) / "
        "200)",
        "statistic.short.low_ei_curvature_t": "t der Krümmung bei niedriger EI",
        "statistic.short.high_ei_slope_t": "t der Steigung bei hoher EI",
        "statistic.short.ideal_contacts_per_quarter": "ideale Kontakte pro Quartal",
        "statistic.short.annual_churn": "Kundenverlust pro Jahr",
        "statistic.short.relationship_level": "Beziehungsqualität am Ende",
        "statistic.short.team_lost_per_rep_week": "Kundenverluste je Person und Woche",
        "statistic.short.team_relationship": "Beziehungsqualität des Teams",
        "team.source.lost": "Teamdatei {file}: {lost} verlorene Kunden in {rep_weeks} "
        "Personenwochen",
        "team.source.lost.one": "Teamdatei {file}: 1 verlorener Kunde in {rep_weeks} "
        "Personenwochen",
        "team.reason.lost": "Poisson-Standardfehler der Verluste des Teams, mal √2 für das "
        "eigene Rauschen des simulierten Teams (mindestens ein Verlust)",
        "team.source.relationship": "Teamdatei {file}: {measure} von {reps} Personen, letzte "
        "{weeks} Wochen",
        "team.measure.rating": "Bewertung",
        "team.measure.nps": "NPS",
        "team.reason.relationship": "Standardfehler des Teammittels über die Personen, mal √2 "
        "für das simulierte Team (mindestens {minimum})",
        "figure.marginals": "Posterior (Balken, Anteil am Gewicht) gegen den Prior (gestrichelt)",
        "figure.generation": "Generation",
        "figure.epsilon": "Epsilon (Akzeptanzschwelle)",
        "figure.acceptance": "Akzeptanzrate",
        "figure.draws": "Ziehungen",
        "printed.generations": "{n} Generationen",
        "printed.generations.one": "{n} Generation",
        "printed.summary": "Kalibrierung {name}: {generations} ({run} davon jetzt gelaufen, "
        "{seconds} s){early}; letztes Epsilon {epsilon}, Akzeptanzrate {acceptance}.",
        "printed.early": ", vorzeitig beendet bei abc.minimum_epsilon {epsilon}",
        "printed.check": "  {target}: Befund {evidence} in {meets} der prädiktiven Ziehungen "
        "erfüllt, in {within} innerhalb einer Skala",
        "printed.check.value": "  {target}: {within} der prädiktiven Ziehungen innerhalb einer "
        "Skala um den Befund {evidence}",
        "printed.files": "Posterior: {posterior}\nSeite: {page}",
        "printed.team": "Szenario Ihres Teams: {scenario}\nAntwort für Ihr Team: rapport study "
        "effort_sweet_spot --calibration {out} --lang de",
        "progress.generation": "calibrate: Generation {generation}/{generations}: Epsilon "
        "{epsilon}, {accepted} von {simulations} Simulationen angenommen ({share}), effektive "
        "Stichprobengröße {ess}, {seconds} s",
        "interrupted": "\nUnterbrochen: Die fertigen Generationen sind in {out}/abc.db "
        "gespeichert. Rufen Sie denselben Befehl erneut auf, um fortzusetzen.",
        "posterior.outdated": "Hinweis: --posterior: {posterior} wurde unter der Modellversion "
        "{fitted} kalibriert, das Modell ist jetzt {version}; seine Welten passen womöglich nicht "
        "mehr zu den Befunden, an die es angepasst wurde (zur Sicherheit `rapport calibrate` "
        "erneut ausführen).",
    },
}


def say(key: str, lang: str = "en", **values) -> str:
    """The calibration's text ``key`` in ``lang``, formatted with ``values``."""
    return say_from(TEXTS, key, lang, **values)


def evidence(target: Target, lang: str = "en") -> str:
    """A target as a reader sees it, e.g. "between 0.05 and 0.3 (scale 0.05)", German
    "zwischen 0,05 und 0,3 (Skala 0,05)"; in English exactly ``Target.text``, which the data
    files keep."""

    def shown(value: float) -> str:
        return number(value, lang, SHOWN_DIGITS)

    if target.kind == "between":
        assert target.low is not None and target.high is not None
        what = say("evidence.between", lang, low=shown(target.low), high=shown(target.high))
    else:
        assert target.observed is not None
        what = say(f"evidence.{target.kind}", lang, observed=shown(target.observed))
    return say("evidence.scale", lang, evidence=what, scale=shown(target.scale))
