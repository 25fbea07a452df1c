"""Every text of ``rapport replicate``'s pages, figure and lines, in English and German.

The replication computes its numbers once (``experiments.replicate.analysis``, ``.power``,
``.multiverse``) and its pages say them with ``say``; the same numbers come out in either
language, written as people write them there (``number``, ``percent``: German decimal commas, a
minus sign, "57 %"). English numbers are written as Python writes them, as they always were.
The data files (CSV, JSON, the studies' logs) keep the English texts in either language, so that
scripts read the same files. Terms follow the app's German (``sim.texts``): Beziehungsqualität,
Einsatz, niedrige/hohe EI, 95-%-Intervall. The German table has every key and placeholder of the
English one (a test checks it).
"""

from __future__ import annotations

from sim.texts import INTERVAL_DE, format_number, say_from

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        # the design, as every page states it (``StudyDesign.describe``)
        "design": "{reps} reps under {supervisors} supervisors; habitual effort {effort}, weekly "
        "hours varying (sigma {sigma}, autocorrelation {autocorrelation}, {away} of weeks away); "
        "effort = mean logged hours of weeks {first}–{last}; EI = mean of two facet scales of "
        "reliability {ei_reliability}; relational performance = one supervisor's rating in week "
        "{weeks}, reliability {rating_reliability}.",
        "effort.survey": "log-normal, median 24 h, CV 0.35 (half of a 49-h B2B sales week with "
        "customers)",
        "effort.long_hours": "log-normal, median 32 h, CV 0.30 (two thirds of a 49-h week)",
        "effort.wide": "uniform 8–56 h (every level equally often)",
        "effort.earlier_design": "normal 38 ± 11 h (the earlier design, chosen to straddle the "
        "peak)",
        "percent": "{n}%",
        # one study's page
        "title": "Simulated replication of Ogilvie et al. (2017)",
        "heading.design": "Design",
        "design.line": "{design} Seed {seed}. Model version {version}. Analysis plan: "
        "docs/replication-plan.md.",
        "heading.comparison": "What the paper found | what this replication finds",
        "heading.regression": "Moderated quadratic regression (HC3 errors) and mixed model "
        "(random intercept per supervisor)",
        "heading.turning_points": "Turning points of effort",
        "heading.tests": "Tests of the analysis plan",
        "heading.slopes": "Simple slopes",
        "terms": "Terms: x = effort (h/week), x2 = effort², z = EI in standard deviations, x_z "
        "and x2_z their products; the outcome is the supervisor's rating (1–7), so each estimate "
        "is in rating points per unit of its term.",
        "figure.alt": "Relational performance against effort at low and high EI",
        # the comparison with the paper
        "column.finding": "finding",
        "column.paper": "paper (its abstract: no coefficients published)",
        "column.ours": "this replication",
        "finding.b2": "effort² (b2)",
        "finding.b4": "effort² × EI (b4), the usual test of the moderation",
        "finding.low": "low EI (−1 SD)",
        "finding.high": "high EI (+1 SD)",
        "finding.conjunction": "conjunction: inverted U at low EI and none at high EI",
        "paper.b2": "negative, significant",
        "paper.b4": 'positive, significant: our reading of "significantly moderated"',
        "paper.low": "inverted U",
        "paper.high": "keeps rising (no inverted U)",
        "paper.conjunction": "yes",
        "ours.b4": "{direction}; joint test of both EI terms {p}",
        "ours.level": "{lm} by the U-test ({p}); {tl} by the two-lines test",
        "ours.conjunction": "{lm} by the U-test, {tl} by the two-lines test",
        "inverted_u": "inverted U",
        "no_inverted_u": "no inverted U",
        "yes": "yes",
        "no": "no",
        "positive": "positive",
        "negative": "negative",
        "direction": "{direction}, {p}",
        "not_significant": "not significant ({p})",
        # the cells and columns of one study's tables
        "cell.unbounded": "unbounded",
        "cell.not_estimable": "not estimable",
        "cell.true": "True",
        "cell.false": "False",
        "column.term": "term",
        "column.estimate": "estimate",
        "column.se_hc3": "se_hc3",
        "column.p_hc3": "p_hc3",
        "column.estimate_mixed": "estimate_mixed",
        "column.se_mixed": "se_mixed",
        "column.p_mixed": "p_mixed",
        "column.ei": "ei",
        "column.turning_point": "turning point (h/week)",
        "column.ci_low": "95 % CI low (h/week)",
        "column.ci_high": "95 % CI high (h/week)",
        "column.bounded": "bounded",
        "column.effort": "effort (h/week)",
        "column.slope": "slope (rating points per h/week)",
        "column.se": "se",
        "column.p": "p",
        "column.test": "test",
        "column.statistic": "statistic",
        "column.inverted_u": "inverted_u",
        "column.note": "note",
        "term.const": "const",
        "ei.low": "EI -1 SD",
        "ei.mean": "EI mean",
        "ei.high": "EI +1 SD",
        # the tests of the analysis plan
        "test.lm": "Lind–Mehlum U-test at EI {level} SD",
        "test.lm.rejects": "rises at the low end and falls at the high end",
        "test.tl.low": "two-lines test, low-EI reps (EI below −{split} SD)",
        "test.tl.high": "two-lines test, high-EI reps (EI above +{split} SD)",
        "test.tl.too_few": "too few reps or distinct efforts for the test",
        "test.tl.note": "slopes {slope1} ({p1}), {slope2} ({p2}), break at {breakpoint} h",
        "test.b4": "effort² × EI (the usual test of the moderation)",
        "test.b4.positive": "positive: EI flattens the inverted U",
        "test.b4.negative": "negative: EI sharpens the inverted U",
        "test.moderation": "EI moderation: joint Wald test of effort×EI and effort²×EI",
        "test.moderation.note": "EI changes effort's slope at high effort (90th percentile): "
        "t = {t}",
        # the figure
        "figure.title": "Simulated field study: effort × emotional intelligence",
        "figure.x": "effort: customer hours per week (13-week archive)",
        "figure.y": "relational performance (supervisor rating, 1–7 metric)",
        "figure.low": "reps with EI below the mean",
        "figure.high": "reps with EI above the mean",
        "figure.fitted": "fitted, EI {level} SD",
        # the verdicts whose rates are reported (``experiments.replicate.analysis.VERDICTS``)
        "verdict.conjunction_lm": "conjunction, Lind–Mehlum: inverted U at EI −1 SD and none at "
        "+1 SD",
        "verdict.conjunction_tl": "conjunction, two-lines: inverted U for low-EI reps and none "
        "for high-EI",
        "verdict.conjunction_both": "conjunction found by both test families",
        "verdict.lm_low": "Lind–Mehlum U-test at EI −1 SD rejects",
        "verdict.lm_high": "Lind–Mehlum U-test at EI +1 SD rejects",
        "verdict.tl_low": "two-lines test finds an inverted U, low-EI reps",
        "verdict.tl_high": "two-lines test finds an inverted U, high-EI reps",
        "verdict.b4_positive": "effort² × EI positive and significant (the usual test of the "
        "moderation)",
        "verdict.moderation": "EI moderates effort (joint Wald test of effort×EI, effort²×EI)",
        "verdict.b2_negative": "effort² negative and significant",
        # rates of many studies (--runs N)
        "rate": "{rate} ({low}–{high})",
        "failures.none": "All {attempted} simulated studies ran; none failed.",
        "failures.none.one": "The one simulated study ran; it did not fail.",
        "failures.some": "{failed} of {attempted} simulated studies failed and are left out of "
        "the rates (their errors are listed in the JSON output).",
        "intervals": "Each rate is a share of the studies that ran; in brackets its 95 % Wilson "
        "interval (binomial sampling error only). Rates whose intervals overlap widely are not "
        "shown to differ.",
        "power.title": "{studies} independent simulated replications of Ogilvie et al. (2017)",
        "power.design": "Design: {design} Root seed {seed}. Model version {version}. Analysis "
        "plan: docs/replication-plan.md.",
        "power.verdict": "verdict (p < {alpha})",
        "power.share": "share of studies (95 % interval)",
        "power.study": "The first replication's full analysis is in `study/`.",
        "power.larger": "At larger studies (same design, teams scaled)",
        "power.count": "{n} studies of {reps} reps under {supervisors} supervisors",
        "power.counts": "{counts}; each rate with its 95 % Wilson interval.",
        "power.reps": "{reps} reps",
        # the multiverse of designs (--multiverse)
        "multiverse.title": "Multiverse of study designs: {studies} simulated studies per cell",
        "multiverse.title.one": "Multiverse of study designs: one simulated study per cell",
        "multiverse.intro": "Model parameters: {model}. Analysis plan: docs/replication-plan.md. "
        "Root seed {seed}, model version {version}. {failures}",
        "multiverse.default": "the default scenario",
        "multiverse.given": "the given scenario",
        "multiverse.effort": "effort",
        "multiverse.ei_reliability": "EI α",
        "multiverse.rating_reliability": "rating rel.",
        "multiverse.reps": "reps",
        "multiverse.studies": "studies",
        "multiverse.failed": "failed",
        "multiverse.conjunction_lm": "conjunction (U-test)",
        "multiverse.conjunction_tl": "conjunction (two-lines)",
        "multiverse.b4_positive": "effort²×EI",
        "multiverse.moderation": "joint EI test",
        "multiverse.lm_low": "low-EI U (U-test)",
        "multiverse.lm_high": "high-EI U (U-test)",
        "multiverse.tl_low": "low-EI U (two-lines)",
        "multiverse.tl_high": "high-EI U (two-lines)",
        # the study in plausible worlds (--multiverse --worlds N)
        "plausible.title": "The replication over {worlds} plausible worlds: {studies} simulated "
        "studies each",
        "plausible.title.one": "The replication over {worlds} plausible worlds: one simulated "
        "study each",
        "plausible.intro": "Design: {design}. Worlds: a scrambled Sobol' draw from the priors "
        "(sim/priors.py). Analysis plan: docs/replication-plan.md. Root seed {seed}, model "
        "version {version}. {failures}",
        "plausible.pooled": "Pooled over all {studies} studies that ran (the plan's headline: "
        "model parameters drawn from the priors):",
        "plausible.verdict": "verdict",
        "plausible.share": "share of all studies",
        "plausible.wilson": "95 % Wilson interval",
        "plausible.over_worlds": "95 % over worlds",
        "plausible.intervals": "The Wilson interval counts the studies as independent draws "
        "given these worlds; the interval over worlds (Student's t over the worlds' rates) also "
        "counts which worlds were drawn.",
        "plausible.rates": "Over worlds:",
        "plausible.median": "median rate",
        "plausible.range": "5–95 % of worlds",
        "plausible.majority": "worlds where it holds in > 50 %",
        "plausible.drivers": "What explains the headline conjunction's rate over worlds (R² "
        "alone, Holm):",
        "plausible.parameter": "parameter",
        "plausible.r2": "R²",
        "plausible.p": "p (Holm)",
        # the lines the command prints
        "wrote.one": "Wrote tables, figure, report and summary.json (versions) to {out}/",
        "wrote.runs": "Wrote {files} to {out}/, and the first study's tables, figure and report "
        "to {study}/",
        "wrote.files": "report.md, replications.csv, power.json (no power curve) and {log}",
        "wrote.files.curve": "report.md, replications.csv, power.json, power_curve.csv (the "
        "power curve at {sizes} reps) and {log}",
        "wrote.log": "{saved} (the finished studies, which a rerun after Ctrl-C keeps)",
        "wrote.multiverse": "Wrote multiverse.csv, multiverse.md, multiverse.json and {saved} "
        "to {out}/",
        "wrote.worlds": "Wrote worlds_multiverse.csv, .md, .json and {saved} to {out}/",
        "and": " and ",
    },
    "de": {
        "design": "{reps} Personen unter {supervisors} Vorgesetzten; gewohnter Einsatz {effort}, "
        "Wochenstunden schwankend (Sigma {sigma}, Autokorrelation {autocorrelation}, {away} der "
        "Wochen abwesend); Einsatz = Mittel der erfassten Stunden der Wochen {first}–{last}; "
        "EI = Mittel zweier Facettenskalen mit Reliabilität {ei_reliability}; "
        "Beziehungsqualität = Urteil einer vorgesetzten Person in Woche {weeks}, Reliabilität "
        "{rating_reliability}.",
        "effort.survey": "log-normalverteilt, Median 24 h, VK 0,35 (die Hälfte einer "
        "49-Stunden-Woche im B2B-Vertrieb mit Kunden)",
        "effort.long_hours": "log-normalverteilt, Median 32 h, VK 0,30 (zwei Drittel einer "
        "49-Stunden-Woche)",
        "effort.wide": "gleichverteilt 8–56 h (jede Stufe gleich oft)",
        "effort.earlier_design": "normalverteilt 38 ± 11 h (das frühere Design, so gewählt, dass "
        "es den Hochpunkt umspannt)",
        "percent": "{n} %",
        "title": "Simulierte Replikation von Ogilvie et al. (2017)",
        "heading.design": "Studiendesign",
        "design.line": "{design} Zufallsstartwert {seed}. Modellversion {version}. Analyseplan: "
        "docs/replication-plan.md.",
        "heading.comparison": "Was die Studie fand | was diese Replikation findet",
        "heading.regression": "Moderierte quadratische Regression (HC3-Standardfehler) und "
        "gemischtes Modell (zufälliger Achsenabschnitt je vorgesetzter Person)",
        "heading.turning_points": "Scheitelpunkte des Einsatzes",
        "heading.tests": "Tests des Analyseplans",
        "heading.slopes": "Einfache Steigungen",
        "terms": "Terme: x = Einsatz (h/Woche), x2 = Einsatz², z = EI in Standardabweichungen, "
        "x_z und x2_z ihre Produkte; die Zielgröße ist das Urteil der Vorgesetzten (1–7), also "
        "steht jede Schätzung in Bewertungspunkten je Einheit ihres Terms.",
        "figure.alt": "Beziehungsqualität gegen Einsatz bei niedriger und hoher EI",
        "column.finding": "Befund",
        "column.paper": "Originalstudie (ihr Abstract: keine Koeffizienten veröffentlicht)",
        "column.ours": "diese Replikation",
        "finding.b2": "Einsatz² (b2)",
        "finding.b4": "Einsatz² × EI (b4), der übliche Test der Moderation",
        "finding.low": "niedrige EI (−1 SD)",
        "finding.high": "hohe EI (+1 SD)",
        "finding.conjunction": "Gesamtmuster: umgekehrtes U bei niedriger EI und keines bei "
        "hoher EI",
        "paper.b2": "negativ, signifikant",
        "paper.b4": "positiv, signifikant: unsere Lesart von „signifikant moderiert“",
        "paper.low": "umgekehrtes U",
        "paper.high": "steigt weiter (kein umgekehrtes U)",
        "paper.conjunction": "ja",
        "ours.b4": "{direction}; gemeinsamer Test beider EI-Terme {p}",
        "ours.level": "{lm} laut U-Test ({p}); {tl} laut Zwei-Linien-Test",
        "ours.conjunction": "{lm} laut U-Test, {tl} laut Zwei-Linien-Test",
        "inverted_u": "umgekehrtes U",
        "no_inverted_u": "kein umgekehrtes U",
        "yes": "ja",
        "no": "nein",
        "positive": "positiv",
        "negative": "negativ",
        "direction": "{direction}, {p}",
        "not_significant": "nicht signifikant ({p})",
        "cell.unbounded": "unbegrenzt",
        "cell.not_estimable": "nicht schätzbar",
        "cell.true": "ja",
        "cell.false": "nein",
        "column.term": "Term",
        "column.estimate": "Schätzwert",
        "column.se_hc3": "SE (HC3)",
        "column.p_hc3": "p (HC3)",
        "column.estimate_mixed": "Schätzwert (gemischtes Modell)",
        "column.se_mixed": "SE (gemischtes Modell)",
        "column.p_mixed": "p (gemischtes Modell)",
        "column.ei": "EI",
        "column.turning_point": "Scheitelpunkt (h/Woche)",
        "column.ci_low": INTERVAL_DE + " unten (h/Woche)",
        "column.ci_high": INTERVAL_DE + " oben (h/Woche)",
        "column.bounded": "begrenzt",
        "column.effort": "Einsatz (h/Woche)",
        "column.slope": "Steigung (Bewertungspunkte je h/Woche)",
        "column.se": "SE",
        "column.p": "p",
        "column.test": "Test",
        "column.statistic": "Teststatistik",
        "column.inverted_u": "umgekehrtes U",
        "column.note": "Anmerkung",
        "term.const": "Konstante",
        "ei.low": "EI −1 SD",
        "ei.mean": "EI im Mittel",
        "ei.high": "EI +1 SD",
        "test.lm": "Lind–Mehlum-U-Test bei EI {level} SD",
        "test.lm.rejects": "steigt am unteren Ende und fällt am oberen Ende",
        "test.tl.low": "Zwei-Linien-Test, Personen mit niedriger EI (EI unter −{split} SD)",
        "test.tl.high": "Zwei-Linien-Test, Personen mit hoher EI (EI über +{split} SD)",
        "test.tl.too_few": "zu wenige Personen oder verschiedene Einsätze für den Test",
        "test.tl.note": "Steigungen {slope1} ({p1}), {slope2} ({p2}), Knick bei {breakpoint} h",
        "test.b4": "Einsatz² × EI (der übliche Test der Moderation)",
        "test.b4.positive": "positiv: EI flacht das umgekehrte U ab",
        "test.b4.negative": "negativ: EI verschärft das umgekehrte U",
        "test.moderation": "Moderation durch EI: gemeinsamer Wald-Test von Einsatz×EI und "
        "Einsatz²×EI",
        "test.moderation.note": "EI verändert die Steigung des Einsatzes bei hohem Einsatz "
        "(90. Perzentil): t = {t}",
        "figure.title": "Simulierte Feldstudie: Einsatz × emotionale Intelligenz",
        "figure.x": "Einsatz: Stunden Kundenarbeit pro Woche (Archiv über 13 Wochen)",
        "figure.y": "Beziehungsqualität (Urteil der Vorgesetzten, Skala 1–7, metrisch)",
        "figure.low": "Personen mit EI unter dem Mittel",
        "figure.high": "Personen mit EI über dem Mittel",
        "figure.fitted": "angepasste Kurve, EI {level} SD",
        "verdict.conjunction_lm": "Gesamtmuster, Lind–Mehlum: umgekehrtes U bei EI −1 SD und "
        "keines bei +1 SD",
        "verdict.conjunction_tl": "Gesamtmuster, Zwei-Linien: umgekehrtes U bei Personen mit "
        "niedriger EI und keines bei hoher EI",
        "verdict.conjunction_both": "Gesamtmuster, von beiden Testfamilien gefunden",
        "verdict.lm_low": "Lind–Mehlum-U-Test bei EI −1 SD verwirft",
        "verdict.lm_high": "Lind–Mehlum-U-Test bei EI +1 SD verwirft",
        "verdict.tl_low": "Zwei-Linien-Test findet ein umgekehrtes U, Personen mit niedriger EI",
        "verdict.tl_high": "Zwei-Linien-Test findet ein umgekehrtes U, Personen mit hoher EI",
        "verdict.b4_positive": "Einsatz² × EI positiv und signifikant (der übliche Test der "
        "Moderation)",
        "verdict.moderation": "EI moderiert den Einsatz (gemeinsamer Wald-Test von Einsatz×EI, "
        "Einsatz²×EI)",
        "verdict.b2_negative": "Einsatz² negativ und signifikant",
        "rate": "{rate} ({low}–{high})",
        "failures.none": "Alle {attempted} simulierten Studien liefen; keine schlug fehl.",
        "failures.none.one": "Die eine simulierte Studie lief; sie schlug nicht fehl.",
        "failures.some": "{failed} von {attempted} simulierten Studien schlugen fehl und zählen "
        "nicht zu den Anteilen (ihre Fehler stehen in der JSON-Ausgabe).",
        "intervals": "Jeder Anteil bezieht sich auf die gelaufenen Studien; in Klammern sein "
        "95-%-Wilson-Intervall (nur der binomiale Stichprobenfehler). Anteile, deren Intervalle "
        "sich weit überschneiden, unterscheiden sich nicht erkennbar.",
        "power.title": "{studies} unabhängige simulierte Replikationen von Ogilvie et al. (2017)",
        "power.design": "Studiendesign: {design} Basis-Zufallsstartwert {seed}. Modellversion "
        "{version}. Analyseplan: docs/replication-plan.md.",
        "power.verdict": "Urteil (p < {alpha})",
        "power.share": "Anteil der Studien (" + INTERVAL_DE + ")",
        "power.study": "Die vollständige Analyse der ersten Replikation steht in `study/`.",
        "power.larger": "In größeren Studien (gleiches Design, Teams skaliert)",
        "power.count": "{n} Studien mit {reps} Personen unter {supervisors} Vorgesetzten",
        "power.counts": "{counts}; jeder Anteil mit seinem 95-%-Wilson-Intervall.",
        "power.reps": "{reps} Personen",
        "multiverse.title": "Multiversum der Studiendesigns: {studies} simulierte Studien je Zelle",
        "multiverse.title.one": "Multiversum der Studiendesigns: eine simulierte Studie je Zelle",
        "multiverse.intro": "Modellparameter: {model}. Analyseplan: docs/replication-plan.md. "
        "Basis-Zufallsstartwert {seed}, Modellversion {version}. {failures}",
        "multiverse.default": "das Standardszenario",
        "multiverse.given": "das übergebene Szenario",
        "multiverse.effort": "Einsatzverteilung",
        "multiverse.ei_reliability": "EI α",
        "multiverse.rating_reliability": "Reliabilität des Urteils",
        "multiverse.reps": "Personen",
        "multiverse.studies": "Studien",
        "multiverse.failed": "fehlgeschlagen",
        "multiverse.conjunction_lm": "Gesamtmuster (U-Test)",
        "multiverse.conjunction_tl": "Gesamtmuster (Zwei-Linien)",
        "multiverse.b4_positive": "Einsatz²×EI",
        "multiverse.moderation": "gemeinsamer EI-Test",
        "multiverse.lm_low": "U bei niedriger EI (U-Test)",
        "multiverse.lm_high": "U bei hoher EI (U-Test)",
        "multiverse.tl_low": "U bei niedriger EI (Zwei-Linien)",
        "multiverse.tl_high": "U bei hoher EI (Zwei-Linien)",
        "plausible.title": "Die Replikation in {worlds} plausiblen Welten: je {studies} "
        "simulierte Studien",
        "plausible.title.one": "Die Replikation in {worlds} plausiblen Welten: je eine "
        "simulierte Studie",
        "plausible.intro": "Studiendesign: {design}. Welten: eine verwürfelte Sobol-Stichprobe "
        "aus den Priors (sim/priors.py). Analyseplan: docs/replication-plan.md. "
        "Basis-Zufallsstartwert {seed}, Modellversion {version}. {failures}",
        "plausible.pooled": "Zusammengefasst über alle {studies} gelaufenen Studien (die "
        "Hauptaussage des Plans: Modellparameter aus den Priors gezogen):",
        "plausible.verdict": "Urteil",
        "plausible.share": "Anteil aller Studien",
        "plausible.wilson": "95-%-Wilson-Intervall",
        "plausible.over_worlds": INTERVAL_DE + " über die Welten",
        "plausible.intervals": "Das Wilson-Intervall zählt die Studien als unabhängige "
        "Ziehungen bei diesen Welten; das Intervall über die Welten (Student-t über die Anteile "
        "der Welten) zählt auch, welche Welten gezogen wurden.",
        "plausible.rates": "Über die Welten:",
        "plausible.median": "Median-Anteil",
        "plausible.range": "5–95 % der Welten",
        "plausible.majority": "Welten, in denen es in > 50 % gilt",
        "plausible.drivers": "Was den Anteil des Gesamtmusters über die Welten erklärt (R² allein, "
        "Holm):",
        "plausible.parameter": "Parameter",
        "plausible.r2": "R²",
        "plausible.p": "p (Holm)",
        "wrote.one": "Tabellen, Abbildung, Bericht und summary.json (Versionen) in {out}/ "
        "gespeichert",
        "wrote.runs": "{files} in {out}/ gespeichert, dazu Tabellen, Abbildung und Bericht "
        "der ersten Studie in {study}/",
        "wrote.files": "report.md, replications.csv, power.json (ohne Power-Kurve) und {log}",
        "wrote.files.curve": "report.md, replications.csv, power.json, power_curve.csv (die "
        "Power-Kurve bei {sizes} Personen) und {log}",
        "wrote.log": "{saved} (die fertigen Studien, die ein erneuter Aufruf nach Strg+C behält)",
        "wrote.multiverse": "multiverse.csv, multiverse.md, multiverse.json und {saved} in "
        "{out}/ gespeichert",
        "wrote.worlds": "worlds_multiverse.csv, .md, .json und {saved} in {out}/ gespeichert",
        "and": " und ",
    },
}


def say(key: str, lang: str = "en", **values) -> str:
    """The replication's text ``key`` in ``lang``, formatted with ``values``."""
    return say_from(TEXTS, key, lang, **values)


def number(value: float, lang: str = "en", spec: str = "g") -> str:
    """A number with the format ``spec`` in ``lang``'s notation: English as Python writes it,
    German with a decimal comma and a minus sign."""
    if lang == "en":
        return format(value, spec)
    return format_number(value, lang, spec=spec)


def percent(share: float, lang: str = "en") -> str:
    """A share as a whole percentage ("57%"; German "57 %")."""
    if lang == "en":
        return f"{share:.0%}"
    return say("percent", lang, n=number(share * 100, lang, ".0f"))
