"""Every ``rapport … --help`` text, in English and German.

A command's ``help`` and each option's ``help=`` name a key of this table (``rapport run`` is
``"run"``, its ``--check`` ``"run.check"``; options whose text several commands share are
``"shared.…"``); ``frontends.cli.Command`` shows the text in the language the command line asks
for (``--lang de`` anywhere on it, else ``RAPPORT_LANG``). A command's summary in ``rapport
--help`` is its ``NAME.summary``, else the first paragraph of its help. Every option that
``RAPPORT_LANG`` sets gets the sentence ``lang.env``. Option names, choices, dotted parameter
names, file names and commands stay as typed. The German table has every key and placeholder of
the English one (a test checks it); this module imports nothing, so ``rapport --help`` stays
quick.
"""

from __future__ import annotations

from collections.abc import Iterable

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        # what click itself writes around the texts
        "usage": "Usage:",
        "section.options": "Options",
        "section.commands": "Commands",
        "default": "default",
        "and": " and ",
        "lang.env": "The environment variable {variable} (en or de) sets the default.",
        # options of several commands
        "shared.help": "Show this message and exit.",
        "shared.workers": "Local worker processes: a number or 'auto' (overrides the file).",
        "shared.address": "Dask scheduler, e.g. tcp://HOST:8786 (overrides the file).",
        "shared.quiet": "No progress output.",
        # the group
        "rapport": "Rapport: how sales effort, empathy and customer relationships interact.",
        "rapport.version": "Show the version and exit.",
        "rapport.lang": "Language of this help, and the --lang of the command after it: rapport "
        "--lang de run is rapport run --lang de.",
        # rapport run
        "run": "Run one SCENARIO file (default: the built-in defaults) and write its results.\n\n"
        "Writes weekly.parquet (one row per week), reps.parquet (one row per rep and week), "
        "summary.json (final week's metrics, parameters, seed, version) and trajectory.png into "
        "a new folder that then replaces --out as a whole.",
        "run.set": "Override a parameter by dotted name, e.g. --set reps.effort_hours=55 "
        "(repeatable).",
        "run.weeks": "Shortcut for --set simulation.weeks=N.",
        "run.seed": "Shortcut for --set simulation.seed=N.",
        "run.out": "Output folder [default: runs/<scenario name>].",
        "run.check": "Only check the scenario, the output folder and the memory needed; run "
        "nothing.",
        "run.lang": "Language of the table, the messages and trajectory.png (de: German, with "
        "decimal commas). The files' tables are the same in both; notes name settings by their "
        "dotted names. Refusals follow it too.",
        # rapport params
        "params": "List every parameter: dotted name, default, bounds, unit, description and "
        "prior (the plausible range the pattern map samples, see sim/priors.py).",
        "params.summary": "List every parameter: dotted name, default, bounds, unit, description "
        "and prior.",
        "params.schema": "Print the JSON Schema of scenario files instead.",
        "params.priors": "Only the parameters with a prior: range and the reason for it.",
        "params.format": "Output format of the parameter list.",
        "params.lang": "Language of the list (de: the app's German labels and help texts, units, "
        "decimal commas, the priors' reasons). Dotted names stay. JSON holds both languages "
        "either way.",
        # rapport sweep
        "sweep": "Run the parameter sweep described in CONFIG (YAML), resumably, and write its "
        "report.\n\n"
        "Running the same command again after an interruption executes only the missing runs; "
        "a design grown by points or replications keeps the runs already on disk. One sweep at "
        "a time writes into a folder.",
        "sweep.out": "Results folder [default: runs/<CONFIG's file name without .yaml>].",
        "sweep.dry_run": "Print runs, time and disk estimates; run nothing.",
        "sweep.schema": "Print the JSON Schema of sweep files.",
        "sweep.oversubscribe": "Start every --workers process asked for, even more than the "
        "cores available.",
        "sweep.force": "Discard results in --out that are not runs of this config.",
        "sweep.no_report": "Do not write the report at the end.",
        # rapport report (its --lang is rapport sweep's too)
        "report": "Write FOLDER/report.html (with PNG figures) from a sweep's stored results.\n\n"
        "With --lang de the page, its figures and the texts of analysis.json are German; the "
        "figures keep their file names, so the newest report, in either language, is the one "
        "there.",
        "report.lang": "Language of the report: page, figures, tables and verdicts (de: German, "
        "with decimal commas); analysis.json's numbers are the same in both. A report in the "
        "other language replaces the last one.",
        # rapport patterns
        "patterns": "Map where the study's pattern holds over the priors (sim/priors.py), "
        "resumably.\n\n"
        "Latin hypercube over the priors; at each point an effort scan for a low- and a high-EI "
        "team, judged at each horizon; PRIM boxes describe where it fails. Writes patterns.html "
        "and patterns.json into the results folder. CONFIG defaults to configs/patterns.yaml.",
        "patterns.out": "Results folder [default: runs/patterns].",
        "patterns.schema": "Print the JSON Schema of pattern-map files.",
        "patterns.force": "Discard results of a different config in --out.",
        "patterns.paired": "A finished map of the same points and seeds (one file with a prior "
        "held by fix:, or other team levels, say): compare the verdicts point by point "
        "(paired.json and paired.html in --out).",
        "patterns.lang": "Language of patterns.html, paired.html, their figures and the lines "
        "printed here (de: German, with decimal commas); patterns.json, paired.json and the runs "
        "are the same in both. The runs do not depend on it: asking again in the other language "
        "runs nothing again.",
        # rapport app
        "app": "Serve the web app (Solara) on http://HOST:PORT/; Ctrl-C stops it.\n\n"
        "The page's JavaScript comes from the local assets cache (filled by `make setup`), never "
        "from a CDN, so the app works offline.",
        "app.host": "Address to listen on.",
        "app.port": "Port to listen on; 0 picks a free one (the terminal shows which).",
        "app.dev": "Development mode: reload the page when the code changes.",
        "app.classroom": "Classroom mode: students play reps on phones.",
        "app.lang": "The language a page opens in when its address names none [default: the "
        "browser's preferred language, else en].",
        # rapport replicate
        "replicate": "Replicate Ogilvie et al. (2017) on simulated reps, as "
        "docs/replication-plan.md says: archived weekly effort, surveyed EI and supervisor "
        "ratings with published reliabilities; the moderated quadratic regression, U-tests and "
        "two-lines tests for both EI groups.\n\n"
        "Four modes: one study (the default); --runs N, N independent studies and how often "
        "each verdict holds; --multiverse, every design choice crossed; --multiverse --worlds "
        "N, the design given in N plausible worlds. An option that a mode does not use is "
        "refused.",
        "replicate.summary": "Replicate the field study of Ogilvie et al. (2017) with simulated "
        "studies.",
        "replicate.seed": "Root seed (the range of a sweep's root seed).",
        "replicate.runs": "Independent replications of the whole study (power: how often it "
        "holds); not with --multiverse.",
        "replicate.multiverse": "Run the multiverse of study designs (effort distribution x "
        "reliabilities x size; the design options go only with --worlds).",
        "replicate.studies": "With --multiverse: simulated studies per cell (with --worlds: per "
        "world).",
        "replicate.worlds": "With --multiverse: run the plan's study in this many plausible "
        "worlds drawn from the priors instead (--studies per world).",
        "replicate.effort": "Distribution of reps' habitual customer hours "
        "(docs/replication-plan.md); not with --multiverse alone.",
        "replicate.ei_reliability": "Cronbach's alpha of each EI facet scale; not with "
        "--multiverse alone.",
        "replicate.rating_reliability": "Reliability of a supervisor's rating of relational "
        "performance; not with --multiverse alone.",
        "replicate.reps": "Reps in the study; not with --multiverse alone.",
        "replicate.workers": "With --runs N or --multiverse: local worker processes, a number or "
        "'auto' [default: 1].",
        "replicate.out": "Output folder, one of its own per mode [default: runs/replicate; "
        "--runs N: runs/replications; --multiverse: runs/multiverse, with --worlds "
        "runs/multiverse_worlds].",
        "replicate.no_power_curve": "With --runs N: skip the power curve (the rates at {sizes} "
        "reps).",
        "replicate.lang": "Language of the pages, the figure and the lines printed (de: German, "
        "with decimal commas); the CSV and JSON files and their numbers are the same in both. "
        "The studies do not depend on it: answering again in the other language simulates "
        "nothing again.",
        # rapport study
        "study": "Answer a manager's what-if question: runs the study's sweep, writes a one-page "
        "answer.\n\n"
        "Studies: effort_sweet_spot, coaching, hiring, pressure, customer_mix, portfolio_size, "
        "leading_indicator.",
        "study.out": "Output folder [default: runs/studies/NAME; with --scenario FILE: "
        "runs/studies/NAME-FILE (its name without .yaml); with --calibration DIR: "
        "DIR/studies/NAME].",
        "study.scenario": "Your team's scenario file as the base (where the study allows).",
        "study.replications": "Replications per setting (fewer: faster, wider intervals).",
        "study.worlds": "Plausible worlds behind the answer [default: the study file's].",
        "study.worlds_count": "Worlds drawn (more: slower).",
        "study.posterior": "Draw the worlds from this posterior (a `rapport calibrate` result; "
        "implies --worlds posterior).",
        "study.calibration": "A `rapport calibrate --team` folder: its team.yaml as the scenario "
        "and its posterior.parquet as the worlds (the study answered for that team).",
        "study.lang": "Language of the answer: question, sentences, assumptions, figure and page "
        "(de: German, with decimal commas); answer.json's numbers are the same in both. The runs "
        "do not depend on it: answering again in the other language runs nothing again.",
        "study.workers": "Local worker processes: a number or 'auto'.",
        "study.force": "Discard runs in --out that are not runs of this study's sweep.",
        "study.list": "List the studies and their questions.",
        # rapport calibrate
        "calibrate": "Fit the model to published findings or (with --team) to your team's CRM "
        "export: calibrate the priors by ABC-SMC (pyabc), resumably.\n\n"
        "CONFIG (default configs/calibration/stylised_facts.yaml) names the parameters, the "
        "targets with their sources and tolerances, and the budget. Writes posterior.parquet "
        "(one row per particle, one column per parameter, weight), calibration.html (marginal "
        "and pair plots, epsilon and acceptance per generation, a posterior predictive check for "
        "every target) and calibration.json into the results folder; pyabc's database abc.db "
        "there lets a rerun continue after an interruption. With --team also team.yaml, the "
        "team as a scenario, for `rapport study NAME --calibration DIR`.",
        "calibrate.schema": "Print the JSON Schema of calibration files (targets, statistics, "
        "budget).",
        "calibrate.out": "Results folder [default: runs/calibration]; rerun with the same folder "
        "to continue.",
        "calibrate.team": "Your team's CRM export (CSV, see configs/calibration/example_team.csv): "
        "its statistics become targets and its reps the simulated team.",
        "calibrate.lang": "Language of the page, its figures and the lines printed at the end "
        "(de: German, with decimal commas); posterior.parquet, calibration.json and team.yaml "
        "are the same in both. A finished calibration is not fitted again: asking again in the "
        "other language rewrites the page.",
    },
    "de": {
        "usage": "Aufruf:",
        "section.options": "Optionen",
        "section.commands": "Befehle",
        "default": "Standard",
        "and": " und ",
        "lang.env": "Die Umgebungsvariable {variable} (en oder de) legt den Standard fest.",
        "shared.help": "Diese Hilfe zeigen und beenden.",
        "shared.workers": "Lokale Arbeitsprozesse: eine Zahl oder „auto“ (hat Vorrang vor der "
        "Datei).",
        "shared.address": "Dask-Scheduler, etwa tcp://HOST:8786 (hat Vorrang vor der Datei).",
        "shared.quiet": "Keine Fortschrittsmeldungen.",
        "rapport": "Rapport: wie Vertriebseinsatz, Empathie und Kundenbeziehungen zusammenwirken.",
        "rapport.version": "Die Version zeigen und beenden.",
        "rapport.lang": "Sprache dieser Hilfe; zugleich das --lang des folgenden Befehls: "
        "rapport --lang de run ist rapport run --lang de.",
        "run": "Eine Szenariodatei SCENARIO simulieren (ohne Datei: die eingebauten "
        "Standardwerte) und ihre Ergebnisse schreiben.\n\n"
        "Schreibt weekly.parquet (eine Zeile je Woche), reps.parquet (eine Zeile je Person und "
        "Woche), summary.json (Kennzahlen der letzten Woche, Parameter, Zufallsstartwert, "
        "Version) und trajectory.png in einen neuen Ordner, der dann --out als Ganzes ersetzt.",
        "run.set": "Einen Parameter über seinen Namen mit Punkten setzen, etwa --set "
        "reps.effort_hours=55 (mehrfach möglich).",
        "run.weeks": "Kurzform für --set simulation.weeks=N.",
        "run.seed": "Kurzform für --set simulation.seed=N.",
        "run.out": "Ausgabeordner [Standard: runs/<Name des Szenarios>].",
        "run.check": "Nur das Szenario, den Ausgabeordner und den nötigen Speicher prüfen; "
        "nichts simulieren.",
        "run.lang": "Sprache der Tabelle, der Meldungen und von trajectory.png (de: Deutsch, mit "
        "Dezimalkomma). Die Tabellen in den Dateien sind in beiden Sprachen gleich; Hinweise "
        "nennen Einstellungen bei ihren Namen mit Punkten. Auch Fehlermeldungen folgen ihr.",
        "params": "Alle Parameter auflisten: Name mit Punkten, Standardwert, Grenzen, Einheit, "
        "Beschreibung und Prior (der plausible Bereich, aus dem die Musterkarte zieht, siehe "
        "sim/priors.py).",
        "params.summary": "Alle Parameter auflisten: Name mit Punkten, Standardwert, Grenzen, "
        "Einheit, Beschreibung und Prior.",
        "params.schema": "Stattdessen das JSON-Schema der Szenariodateien ausgeben.",
        "params.priors": "Nur die Parameter mit einem Prior: Bereich und seine Begründung.",
        "params.format": "Ausgabeformat der Parameterliste.",
        "params.lang": "Sprache der Liste (de: die deutschen Bezeichnungen und Hilfetexte der App, "
        "Einheiten, Dezimalkomma, die Begründungen der Priors). Die Namen mit Punkten bleiben. "
        "JSON enthält ohnehin beide Sprachen.",
        "sweep": "Die in CONFIG (YAML) beschriebene Versuchsreihe fortsetzbar ausführen und "
        "ihren Bericht schreiben.\n\n"
        "Derselbe Befehl nach einer Unterbrechung führt nur die fehlenden Läufe aus; ein um "
        "Punkte oder Wiederholungen erweitertes Design behält die Läufe, die schon gespeichert "
        "sind. In einen Ordner schreibt immer nur eine Versuchsreihe zugleich.",
        "sweep.out": "Ergebnisordner [Standard: runs/<Dateiname von CONFIG ohne .yaml>].",
        "sweep.dry_run": "Läufe sowie geschätzte Dauer und geschätzten Speicherplatz ausgeben; "
        "nichts ausführen.",
        "sweep.schema": "Das JSON-Schema der Versuchsreihen-Dateien ausgeben.",
        "sweep.oversubscribe": "Jeden mit --workers verlangten Prozess starten, auch über die "
        "verfügbaren Kerne hinaus.",
        "sweep.force": "Ergebnisse in --out verwerfen, die keine Läufe dieser Konfiguration sind.",
        "sweep.no_report": "Am Ende keinen Bericht schreiben.",
        "report": "FOLDER/report.html (mit PNG-Abbildungen) aus den gespeicherten Ergebnissen "
        "einer Versuchsreihe schreiben.\n\n"
        "Mit --lang de sind die Seite, ihre Abbildungen und die Texte von analysis.json deutsch; "
        "die Abbildungen behalten ihre Dateinamen, daher liegt dort der jeweils neueste Bericht, "
        "gleich in welcher Sprache.",
        "report.lang": "Sprache des Berichts: Seite, Abbildungen, Tabellen und Urteile (de: "
        "Deutsch, mit Dezimalkomma); die Zahlen in analysis.json sind in beiden Sprachen gleich. "
        "Ein Bericht in der anderen Sprache ersetzt den letzten.",
        "patterns": "Fortsetzbar kartieren, wo das Muster der Studie über den Priors "
        "(sim/priors.py) gilt.\n\n"
        "Latin-Hypercube-Stichprobe über den Priors; an jedem Punkt ein Einsatzraster für ein "
        "Team mit niedriger und eines mit hoher EI, an jedem Horizont beurteilt; PRIM-Boxen "
        "beschreiben, wo das Muster scheitert. Schreibt patterns.html und patterns.json in den "
        "Ergebnisordner. Ohne CONFIG gilt configs/patterns.yaml.",
        "patterns.out": "Ergebnisordner [Standard: runs/patterns].",
        "patterns.schema": "Das JSON-Schema der Musterkarten-Dateien ausgeben.",
        "patterns.force": "Ergebnisse einer anderen Konfiguration in --out verwerfen.",
        "patterns.paired": "Eine fertige Karte mit denselben Punkten und Zufallsstartwerten "
        "(etwa aus einer Datei, die einen Prior mit fix: festhält, oder mit anderen Teamstufen): "
        "die Urteile Punkt für Punkt vergleichen (paired.json und paired.html in --out).",
        "patterns.lang": "Sprache von patterns.html, paired.html, ihren Abbildungen und den hier "
        "ausgegebenen Zeilen (de: Deutsch, mit Dezimalkomma); patterns.json, paired.json und die "
        "Läufe sind in beiden Sprachen gleich. Die Läufe hängen nicht von ihr ab: In der anderen "
        "Sprache erneut aufgerufen, führt der Befehl nichts erneut aus.",
        "app": "Die Web-App (Solara) unter http://HOST:PORT/ bereitstellen; Strg+C beendet "
        "sie.\n\n"
        "Das JavaScript der Seite kommt aus dem lokalen Asset-Cache (von `make setup` gefüllt), "
        "nie von einem CDN, daher funktioniert die App offline.",
        "app.host": "Adresse, an der die App lauscht.",
        "app.port": "Port, an dem die App lauscht; 0 wählt einen freien (das Terminal zeigt, "
        "welchen).",
        "app.dev": "Entwicklungsmodus: die Seite neu laden, wenn sich der Code ändert.",
        "app.classroom": "Unterrichtsmodus: Teilnehmende spielen Personen im Vertrieb auf dem "
        "Handy.",
        "app.lang": "Die Sprache, in der sich eine Seite öffnet, wenn ihre Adresse keine nennt "
        "[Standard: die bevorzugte Sprache des Browsers, sonst en].",
        "replicate": "Ogilvie et al. (2017) mit simulierten Personen im Vertrieb replizieren, wie "
        "docs/replication-plan.md es beschreibt: archivierter Wocheneinsatz, erhobene EI und "
        "Urteile von Vorgesetzten mit den veröffentlichten Reliabilitäten; die moderierte "
        "quadratische Regression, U-Tests und Zwei-Linien-Tests für beide EI-Gruppen.\n\n"
        "Vier Modi: eine Studie (Standard); --runs N, N unabhängige Studien und wie oft jedes "
        "Urteil gilt; --multiverse, alle Designentscheidungen gekreuzt; --multiverse --worlds "
        "N, das gegebene Design in N plausiblen Welten. Eine Option, die ein Modus nicht "
        "verwendet, wird abgelehnt.",
        "replicate.summary": "Die Feldstudie von Ogilvie et al. (2017) mit simulierten Studien "
        "replizieren.",
        "replicate.seed": "Basis-Zufallsstartwert (im Bereich des Basis-Zufallsstartwerts einer "
        "Versuchsreihe).",
        "replicate.runs": "Unabhängige Wiederholungen der ganzen Studie (Power: wie oft sie sich "
        "bestätigt); nicht mit --multiverse.",
        "replicate.multiverse": "Das Multiversum der Studiendesigns simulieren "
        "(Einsatzverteilung × Reliabilitäten × Größe; die Designoptionen gehen nur mit "
        "--worlds).",
        "replicate.studies": "Mit --multiverse: simulierte Studien je Zelle (mit --worlds: je "
        "Welt).",
        "replicate.worlds": "Mit --multiverse: stattdessen die Studie des Plans in so vielen "
        "plausiblen, aus den Priors gezogenen Welten simulieren (--studies je Welt).",
        "replicate.effort": "Verteilung der gewohnten wöchentlichen Stunden Kundenarbeit je Person "
        "(docs/replication-plan.md); nicht mit --multiverse allein.",
        "replicate.ei_reliability": "Cronbachs Alpha jeder EI-Facettenskala; nicht mit "
        "--multiverse allein.",
        "replicate.rating_reliability": "Reliabilität des Urteils einer vorgesetzten Person über "
        "die Beziehungsleistung; nicht mit --multiverse allein.",
        "replicate.reps": "Personen in der Studie; nicht mit --multiverse allein.",
        "replicate.workers": "Mit --runs N oder --multiverse: lokale Arbeitsprozesse, eine Zahl "
        "oder „auto“ [Standard: 1].",
        "replicate.out": "Ausgabeordner, je Modus ein eigener [Standard: runs/replicate; --runs "
        "N: runs/replications; --multiverse: runs/multiverse, mit --worlds "
        "runs/multiverse_worlds].",
        "replicate.no_power_curve": "Mit --runs N: die Power-Kurve auslassen (die Raten bei "
        "{sizes} Personen).",
        "replicate.lang": "Sprache der Seiten, der Abbildung und der ausgegebenen Zeilen (de: "
        "Deutsch, mit Dezimalkomma); die CSV- und JSON-Dateien und ihre Zahlen sind in beiden "
        "Sprachen gleich. Die Studien hängen nicht von ihr ab: In der anderen Sprache erneut "
        "aufgerufen, simuliert der Befehl nichts erneut.",
        "study": "Die Was-wäre-wenn-Frage einer Führungskraft beantworten: führt die Versuchsreihe "
        "der Studie aus und schreibt eine Antwort auf einer Seite.\n\n"
        "Studien: effort_sweet_spot, coaching, hiring, pressure, customer_mix, portfolio_size, "
        "leading_indicator.",
        "study.out": "Ausgabeordner [Standard: runs/studies/NAME; mit --scenario FILE: "
        "runs/studies/NAME-FILE (der Dateiname ohne .yaml); mit --calibration DIR: "
        "DIR/studies/NAME].",
        "study.scenario": "Die Szenariodatei Ihres Teams als Grundlage (wo die Studie es zulässt).",
        "study.replications": "Wiederholungen je Einstellung (weniger: schneller, breitere "
        "Intervalle).",
        "study.worlds": "Plausible Welten hinter der Antwort [Standard: die der Studiendatei].",
        "study.worlds_count": "Anzahl der gezogenen Welten (mehr: langsamer).",
        "study.posterior": "Die Welten aus diesem Posterior ziehen (ein Ergebnis von `rapport "
        "calibrate`; bedeutet --worlds posterior).",
        "study.calibration": "Ein Ordner von `rapport calibrate --team`: seine team.yaml als "
        "Szenario und seine posterior.parquet als Welten: So beantwortet die Studie ihre Frage "
        "für dieses Team.",
        "study.lang": "Sprache der Antwort: Frage, Sätze, Annahmen, Abbildung und Seite (de: "
        "Deutsch, mit Dezimalkomma); die Zahlen in answer.json sind in beiden Sprachen gleich. "
        "Die Läufe hängen nicht von ihr ab: In der anderen Sprache erneut beantwortet, führt die "
        "Studie keinen Lauf erneut aus.",
        "study.workers": "Lokale Arbeitsprozesse: eine Zahl oder „auto“.",
        "study.force": "Läufe in --out verwerfen, die keine Läufe der Versuchsreihe dieser Studie "
        "sind.",
        "study.list": "Die Studien und ihre Fragen auflisten.",
        "calibrate": "Das Modell an veröffentlichte Befunde oder (mit --team) an den CRM-Export "
        "Ihres Teams anpassen: das Vorwissen (Priors) mit ABC-SMC (pyabc) kalibrieren, "
        "fortsetzbar.\n\n"
        "CONFIG (Standard: configs/calibration/stylised_facts.yaml) nennt die Parameter, die "
        "Ziele mit ihren Quellen und zulässigen Abweichungen und das Budget. Schreibt "
        "posterior.parquet (eine Zeile je Partikel, eine Spalte je Parameter, Gewicht), "
        "calibration.html "
        "(Randverteilungen und Paare, Epsilon und Akzeptanzrate je Generation, eine prädiktive "
        "Prüfung des Posteriors für jedes Ziel) und calibration.json in den Ergebnisordner; mit "
        "der pyabc-Datenbank abc.db dort setzt ein erneuter Aufruf nach einer Unterbrechung "
        "fort. Mit --team außerdem team.yaml, das Team als Szenario, für `rapport study NAME "
        "--calibration DIR`.",
        "calibrate.schema": "Das JSON-Schema der Kalibrierungsdateien ausgeben (Ziele, "
        "Kennzahlen, Budget).",
        "calibrate.out": "Ergebnisordner [Standard: runs/calibration]; mit demselben Ordner "
        "erneut aufrufen, um fortzusetzen.",
        "calibrate.team": "Der CRM-Export Ihres Teams (CSV, siehe "
        "configs/calibration/example_team.csv): seine Kennzahlen werden zu Zielen, die "
        "Personen darin bilden das simulierte Team.",
        "calibrate.lang": "Sprache der Seite, ihrer Abbildungen und der am Ende ausgegebenen "
        "Zeilen (de: Deutsch, mit Dezimalkomma); posterior.parquet, calibration.json und "
        "team.yaml sind in beiden Sprachen gleich. Eine fertige Kalibrierung wird nicht erneut "
        "angepasst: In der anderen Sprache erneut aufgerufen, schreibt der Befehl nur die Seite "
        "neu.",
    },
}


def say(key: str, lang: str, **values: str) -> str:
    """The help text ``key`` in ``lang``, formatted with ``values``."""
    return TEXTS[lang][key].format(**values)


def summary(key: str, lang: str) -> str:
    """A command's line in ``rapport --help``: its ``summary``, else its help's first
    paragraph."""
    texts = TEXTS[lang]
    return texts.get(f"{key}.summary") or texts[key].split("\n\n")[0]


def listed(items: Iterable[object], lang: str) -> str:
    """``items`` as a help text names them: "200 and 400", German "200 und 400"."""
    return TEXTS[lang]["and"].join(map(str, items))
