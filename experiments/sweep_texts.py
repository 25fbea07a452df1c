"""Every line the sweep machinery prints, in English and German.

``rapport sweep`` (its dry run, closing line and failures, the line naming its report), the
``[sweep]`` and ``[dask]`` lines of ``experiments.sweep``, ``experiments.execute`` and
``experiments.store`` (progress, recovery, notes on inert axes) and the Ctrl-C line of every
resumable command say them with ``say``, in the language of the command's ``--lang``; ``rapport
study``, ``patterns``, ``replicate`` and ``calibrate`` pass theirs on. The prefixes ``[sweep]``
and ``[dask]`` stay in either language, for scripts that pick the lines out.

English is written as it always was: numbers as Python writes them, and the "run(s)" of lines
that tests and scripts read (``count.maybe_runs``). German numbers have decimal commas and
thousands points (``sim.texts.format_number``) and its plurals are whole words ("1 Lauf",
"2 Läufe"): a text with two forms, ``one|many``, is said by ``counted``. Refusals are made in
English (``experiments.refusals`` says them in German). The German table has every key and
placeholder of the English one (a test checks it).
"""

from __future__ import annotations

import re
from typing import Any

from sim.texts import decimal_commas, format_number, say_from

# A sweep's runs take their seeds from ``sweep.seed`` and their keys (``experiments.plan``): a
# scenario's own seed would be silently replaced, and a column of it would name seeds no run had.
# Both the refusal (``experiments.config``) and the note on an unused seed say it.
NOT_A_SWEEP_SEED = (
    "a sweep gives each run its own seed, derived from sweep.seed; set sweep.seed (and "
    "sweep.replications for more seeds per point) instead"
)

# The words of ``_schema_problem``'s list (``experiments.store``), in German; the report says
# them too (``experiments.report_texts``).
SCHEMA_WORDS_DE = {
    "unexpected columns": "unerwartete Spalten",
    "missing columns": "fehlende Spalten",
    "of another type": "mit anderem Typ",
}

# A sweep's design methods by name, as the dry run and the report (``experiments.report_texts``)
# call them: here, so that planning a sweep loads no report module.
METHOD_NAMES: dict[str, dict[str, str]] = {
    "en": {"grid": "grid", "random": "random", "lhs": "lhs", "sobol": "sobol", "morris": "morris"},
    "de": {
        "grid": "Raster",
        "random": "Zufallsstichprobe",
        "lhs": "Latin-Hypercube-Stichprobe",
        "sobol": "Sobol",
        "morris": "Morris",
    },
}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        # counts: "one|many"
        "count.runs": "{n} run|{n} runs",
        "count.maybe_runs": "{n} run(s)|{n} run(s)",
        "count.other_runs": "{n} other run(s)|{n} other run(s)",
        "count.cores": "{n} core(s)|{n} core(s)",
        "count.design_points": "{n} design point|{n} design points",
        "count.replications": "{n} replication|{n} replications",
        "count.worlds.prior": "{n} prior world|{n} prior worlds",
        "count.worlds.posterior": "{n} posterior world|{n} posterior worlds",
        "count.of_runs": "the {n} run|the {n} runs",
        "count.runs_left": "the {n} run left|the {n} runs left",
        "count.probe": "{n} run(s)|{n} run(s)",
        "count.probe_failed": "{n} probe run(s)|{n} probe run(s)",
        "count.local_workers": "{n} local worker(s)|{n} local worker(s)",
        "count.rows": "{n} row|{n} rows",
        "count.first_points": "First point:|First {n} points:",
        # ``rapport sweep --dry-run`` (``experiments.sweep.dry_run``)
        "dry.plan": "Sweep {name}: method {method}, {points}{repeated} x {each} = {runs}",
        "dry.repeated": " ({n} repeats an earlier point)| ({n} repeat earlier points)",
        "dry.worlds": "{runs} each ({replications} at the scenario's own values + {worlds} x "
        "{worlds_replications})",
        "dry.found": "{out}: {n} of {runs} is there already and would not run again|{out}: {n} "
        "of {runs} are there already and would not run again",
        "dry.discard": "; --force would discard {discarded} of another sweep",
        "dry.estimate": "Estimate: about {duration} of runs on {where}{left}, besides starting "
        "the command and its workers (a probe of {probe} of the first points, batched as the "
        "sweep runs them, took {per_run} s per run after {warm_up} s of warming up{scaled}), "
        "about {disk} MB of results ({rows})",
        "dry.cluster": " of this machine (a dry run does not contact the Dask cluster at "
        "{address}: on it the time depends on its workers)",
        "dry.left": " for {left}",
        "dry.all_done": "Estimate: no run left to execute: every run is on disk already, so the "
        "sweep would only write its report",
        "dry.scaled": ", {scale}× the customer-weeks of a probe run on average over the design",
        # (English as the dry run always wrote its notes; German as the sweep says them, ``note``)
        "dry.note": "Note: {note}.",
        "dry.checked": "Checked {checked} of the {count} points (spread over the grid); the "
        "sweep checks every point before it starts.",
        "dry.point": "  {index}: {values}",
        "dry.failed": "Warning: {failed} failed, e.g.: {error}",
        "dry.memory": "Memory: about {need} per run at the largest point checked, {at_once} "
        "for {workers} at once; {free} is available",
        "dry.memory.short": "Warning: the largest point checked ({values}) needs about {need} "
        "of memory per run, {at_once} for {workers} at once, and {free} is available: runs "
        "that do not fit fail; lower reps.count, customers.per_rep or simulation.weeks there, "
        "or run fewer workers (--workers)",
        "dry.memory.unknown": "Memory: about {need} per run at the largest point checked "
        "({values}), {at_once} for {workers} at once",
        "dry.nothing": "Nothing was run (dry run).",
        # ``rapport report`` (and ``rapport sweep`` at its end)
        "report": "Report: {page}",
        # ``rapport sweep``'s closing lines
        "closing": "Sweep {name}: {total}; {done} executed now, {skipped} already done, "
        "{failed} failed ({seconds} s). Results in {out}/",
        "failed.header": "{failed} failed:",
        "failed.run": "  point {point} replication {replication} ({values}): {error}",
        "failed.more": "  ... and {more} more (see {out}/failures/)",
        # Ctrl-C in any resumable command (``frontends.cli.resumable``)
        "interrupted": "\nInterrupted: finished {what} are saved in {out}/. Run the same "
        "command again to execute only the missing ones.",
        "interrupted.study": "\nInterrupted: finished runs are saved in {out}/; run the same "
        "command again to continue.",
        "lost": "\n[sweep] {lost}: finished {what} are saved in {out}/, none of the others "
        "counts as failed. Once the scheduler runs again, run the same "
        "command again to execute only the missing ones.",
        "what.runs": "runs",
        "what.studies": "studies",
        # before and while the runs execute
        "note": "[sweep] note: {note}",
        "start": "[sweep] {name}: {total}, {done} already on disk, executing the rest on {backend}",
        "start.nothing": "[sweep] {name}: {total}, all already on disk: nothing to execute",
        "backend.serial": "this process (serial)",
        "backend.local": "{count} local worker processes",
        "backend.dask": "Dask cluster at {address}",
        "lost.dask": "lost the connection to the Dask scheduler at {address}",
        "repeated": "[sweep] {repeated} of the {points} design points repeat earlier points and "
        "share their runs",
        "repeated.one": "[sweep] {repeated} of the {points} design points repeats an earlier "
        "point and shares its runs",
        "forced": "[sweep] --force: discarded {discarded} on disk that are not runs of this "
        "sweep; the {kept} that are were kept",
        "grown": "[sweep] the design grew: the {done} runs on disk are runs of it and are kept",
        "grown.one": "[sweep] the design grew: the {done} run on disk is a run of it and is kept",
        "same_runs": "[sweep] the config changed, but not its runs: the {done} runs on disk are "
        "all of them",
        "same_runs.one": "[sweep] the config changed, but not its runs: the {done} run on disk "
        "is its only run",
        "progress": "[sweep] {finished}/{todo} runs: {counts}; ETA {eta}",
        "progress.counts": "done {done}, failed {failed}, skipped {skipped} (already on disk)",
        "progress.until": "{left} (about {clock})",
        "progress.unit": "run",
        # the rate of a German bar (``experiments.execute.Reporter``); the English bar keeps
        # tqdm's own, which these spell out ("17.95run/s", "1.50s/run")
        "progress.rate": "{rate}run/s",
        "progress.rate.inverse": "{rate}s/run",
        "workers": "[sweep] {asked} workers asked for, {cores} available: starting {starting} "
        "(--oversubscribe starts them all)",
        "died": "[sweep] a worker process died; resubmitting its runs on a new pool",
        "dask.idle": "[dask] the scheduler at {address} has no workers yet; the runs wait until "
        "one joins (`dask worker {address}`)",
        "dask.gone": "[dask] the scheduler at {address} has no workers left; the runs wait until "
        "one joins (`dask worker {address}`)",
        # a damaged or foreign file set aside (``experiments.store``)
        "damaged": "{file} is damaged ({problem}); moved to {target}, {then}",
        "damaged.rewritten": "rewritten",
        "damaged.again": "its runs will execute again",
        "duplicate": "{file}: {twice} also stored in {first} (a copied chunk?); moved whole to "
        "{target}{again}",
        "duplicate.again": "; its {others} execute again",
        "duplicate.differ": "{file}: {twice} also stored in {first}, with different results; "
        "both moved whole to {target} and {held}, and the runs of both execute again",
        "other_sweep": "{file}: {stray} of another sweep (not runs of config.yaml); moved whole "
        "to {target}{again}",
        "other_sweep.again": "; its {ours} of this sweep execute again",
        # why a file is damaged (the rest of a reason, e.g. Parquet's own words, stays English)
        "problem.no_runs": "no runs in it",
        "problem.json": "not valid JSON",
        "problem.config": "not a valid config",
        "problem.resolved": "not a sweep's resolved config",
        "problem.schema": "another schema: {words}",
        # notes on axes that act nowhere (``experiments.plan.inert_axes``)
        "inert.axis": "sweep.parameters: {name} has no effect at any point of the design; it "
        "acts only when {condition}",
        "inert.profiles": "a profile leaves out {trait} (every profile sets its own: {own})",
        "inert.or": " or ",
        "inert.seed": "base: {name} = {seed} is not used: {why}",
        "inert.seed.why": NOT_A_SWEEP_SEED,
        "inert.set": "set: {name} = {value} is replaced at every point by its sweep axis",
        "inert.set_by": "base: {setting} sets {name} to {value} from week {week} at every point: "
        "the axis {name} acts only in weeks 1–{last}",
        "inert.raised": "base: {setting} = {value} raises {what} from week {week} at every "
        "point: the axis {name} sets only the value the team starts with",
        "inert.raised.pressure": "effort at reviews",
        "inert.raised.perception": "perception",
        "inert.raised.regulation": "regulation",
        "inert.every_point": "at every point: {note}",
    },
    "de": {
        "count.runs": "{n} Lauf|{n} Läufe",
        "count.maybe_runs": "{n} Lauf|{n} Läufe",
        "count.other_runs": "{n} weiterer Lauf|{n} weitere Läufe",
        "count.cores": "{n} Kern|{n} Kerne",
        "count.design_points": "{n} Designpunkt|{n} Designpunkte",
        "count.replications": "{n} Wiederholung|{n} Wiederholungen",
        "count.worlds.prior": "{n} Welt aus den Priors|{n} Welten aus den Priors",
        "count.worlds.posterior": "{n} Welt aus dem Posterior|{n} Welten aus dem Posterior",
        "count.of_runs": "{n} Lauf|{n} Läufen",
        "count.runs_left": "den {n} verbleibenden Lauf|die {n} verbleibenden Läufe",
        "count.probe": "{n} Lauf|{n} Läufen",
        "count.probe_failed": "{n} Lauf der Probe|{n} Läufe der Probe",
        "count.local_workers": "{n} lokalen Arbeitsprozess|{n} lokalen Arbeitsprozessen",
        "count.rows": "{n} Zeile|{n} Zeilen",
        "count.first_points": "Der erste Punkt:|Die ersten {n} Punkte:",
        "dry.plan": "Versuchsreihe {name}: Methode {method}, {points}{repeated} × {each} = {runs}",
        "dry.repeated": " (davon wiederholt {n} einen früheren Punkt)| (davon wiederholen {n} "
        "frühere Punkte)",
        "dry.worlds": "{runs} je Punkt ({replications} mit den eigenen Werten des Szenarios + "
        "{worlds} × {worlds_replications})",
        "dry.found": "{out}: {n} von {runs} ist schon vorhanden und würde nicht erneut "
        "ausgeführt|{out}: {n} von {runs} sind schon vorhanden und würden nicht erneut "
        "ausgeführt",
        "dry.discard": "; --force würde {discarded} einer anderen Versuchsreihe verwerfen",
        "dry.estimate": "Schätzung: etwa {duration} Laufzeit auf {where}{left}, zuzüglich des "
        "Starts des Befehls und seiner Arbeitsprozesse (eine Probe von {probe} der ersten Punkte, "
        "gebündelt wie in der Versuchsreihe, brauchte {per_run} s je Lauf nach {warm_up} s "
        "Aufwärmen{scaled}), etwa {disk} MB Ergebnisse ({rows})",
        "dry.cluster": " dieses Rechners (ein Probelauf nimmt keine Verbindung zum Dask-Cluster "
        "unter {address} auf: dort hängt die Zeit von dessen Workern ab)",
        "dry.left": " für {left}",
        "dry.all_done": "Schätzung: kein Lauf bleibt auszuführen, alle liegen schon vor; die "
        "Versuchsreihe schriebe nur ihren Bericht",
        "dry.scaled": "; über das Design im Mittel {scale}-mal so viele Kundenwochen wie ein "
        "Lauf der Probe",
        "dry.note": "[sweep] Hinweis: {note}",
        "dry.checked": "{checked} der {count} Punkte geprüft (über das Raster verteilt); die "
        "Versuchsreihe prüft vor dem Start jeden Punkt.",
        "dry.point": "  {index}: {values}",
        "dry.failed": "Warnung: {failed} fehlgeschlagen, z. B.: {error}",
        "dry.memory": "Speicher: etwa {need} je Lauf am größten geprüften Punkt, {at_once} für "
        "{workers} zugleich; {free} sind frei",
        "dry.memory.short": "Warnung: Der größte geprüfte Punkt ({values}) braucht etwa {need} "
        "Speicher je Lauf, {at_once} für {workers} zugleich, und {free} sind frei: Läufe, die "
        "nicht hineinpassen, schlagen fehl; dort reps.count, customers.per_rep oder "
        "simulation.weeks senken oder weniger Arbeitsprozesse starten (--workers)",
        "dry.memory.unknown": "Speicher: etwa {need} je Lauf am größten geprüften Punkt "
        "({values}), {at_once} für {workers} zugleich",
        "dry.nothing": "Nichts ausgeführt (Probelauf).",
        "report": "Bericht: {page}",
        "closing": "Versuchsreihe {name}: {total}; {done} jetzt ausgeführt, {skipped} schon "
        "vorhanden, {failed} fehlgeschlagen ({seconds} s). Ergebnisse in {out}/",
        "failed.header": "{failed} fehlgeschlagen:",
        "failed.run": "  Punkt {point}, Wiederholung {replication} ({values}): {error}",
        "failed.more": "  … und {more} weitere (siehe {out}/failures/)",
        "interrupted": "\nUnterbrochen: Die fertigen {what} sind in {out}/ gespeichert. Rufen Sie "
        "denselben Befehl erneut auf, um nur die fehlenden auszuführen.",
        "interrupted.study": "\nUnterbrochen: Die fertigen Läufe sind in {out}/ gespeichert; rufen "
        "Sie denselben Befehl erneut auf, um fortzusetzen.",
        "lost": "\n[sweep] {lost}: die fertigen {what} sind in {out}/ gespeichert, keiner der "
        "anderen gilt als fehlgeschlagen. Läuft der Scheduler "
        "wieder, rufen Sie denselben Befehl erneut auf, um nur die fehlenden auszuführen.",
        "what.runs": "Läufe",
        "what.studies": "Studien",
        "note": "[sweep] Hinweis: {note}",
        "start": "[sweep] {name}: {total}, {done} schon vorhanden, der Rest läuft {backend}",
        "start.nothing": "[sweep] {name}: {total}, alle schon vorhanden: nichts auszuführen",
        "backend.serial": "in diesem Prozess (seriell)",
        "backend.local": "auf {count} lokalen Arbeitsprozessen",
        "backend.dask": "auf dem Dask-Cluster unter {address}",
        "lost.dask": "die Verbindung zum Dask-Scheduler unter {address} ist verloren",
        "repeated": "[sweep] {repeated} der {points} Designpunkte wiederholen frühere Punkte und "
        "teilen deren Läufe",
        "repeated.one": "[sweep] {repeated} der {points} Designpunkte wiederholt einen früheren "
        "Punkt und teilt dessen Läufe",
        "forced": "[sweep] --force: verworfen: {discarded} im Ordner, nicht von dieser "
        "Versuchsreihe; behalten: {kept} von dieser Versuchsreihe",
        "grown": "[sweep] das Design ist gewachsen: die {done} vorhandenen Läufe gehören dazu "
        "und bleiben erhalten",
        "grown.one": "[sweep] das Design ist gewachsen: der {done} vorhandene Lauf gehört dazu "
        "und bleibt erhalten",
        "same_runs": "[sweep] die Konfiguration hat sich geändert, ihre Läufe nicht: die {done} "
        "vorhandenen Läufe sind alle",
        "same_runs.one": "[sweep] die Konfiguration hat sich geändert, ihre Läufe nicht: der "
        "{done} vorhandene Lauf ist ihr einziger",
        "progress": "[sweep] {finished}/{todo} Läufe: {counts}; Restzeit {eta}",
        "progress.counts": "{done} fertig, {failed} fehlgeschlagen, {skipped} übersprungen "
        "(schon vorhanden)",
        "progress.until": "{left} (fertig gegen {clock})",
        "progress.unit": "Läufe",
        "progress.rate": "{rate} Läufe/s",
        "progress.rate.inverse": "{rate} s/Lauf",
        "workers": "[sweep] {asked} Arbeitsprozesse verlangt, {cores} verfügbar; gestartet: "
        "{starting} (--oversubscribe startet alle)",
        "died": "[sweep] ein Arbeitsprozess ist ausgefallen; seine Läufe laufen erneut in einem "
        "neuen Pool",
        "dask.idle": "[dask] der Scheduler unter {address} hat noch keine Worker; die Läufe "
        "warten, bis einer dazukommt (`dask worker {address}`)",
        "dask.gone": "[dask] der Scheduler unter {address} hat keine Worker mehr; die Läufe "
        "warten, bis einer dazukommt (`dask worker {address}`)",
        "damaged": "{file} ist beschädigt ({problem}); nach {target} verschoben, {then}",
        "damaged.rewritten": "wird neu geschrieben",
        "damaged.again": "seine Läufe laufen erneut",
        "duplicate": "{file}: {twice} auch in {first} gespeichert (eine kopierte Datei?); ganz "
        "nach {target} verschoben{again}",
        "duplicate.again": "; erneut auszuführen: {others} daraus",
        "duplicate.differ": "{file}: {twice} auch in {first} gespeichert, mit anderen "
        "Ergebnissen; beide ganz nach {target} und {held} verschoben, und die Läufe beider "
        "laufen erneut",
        "other_sweep": "{file}: {stray} einer anderen Versuchsreihe (keine Läufe der config.yaml); "
        "ganz nach {target} verschoben{again}",
        "other_sweep.again": "; erneut auszuführen: {ours} dieser Versuchsreihe daraus",
        "problem.no_runs": "keine Läufe darin",
        "problem.json": "kein gültiges JSON",
        "problem.config": "keine gültige Konfiguration",
        "problem.resolved": "nicht die aufgelöste Konfiguration einer Versuchsreihe",
        "problem.schema": "ein anderes Schema: {words}",
        "inert.axis": "sweep.parameters: {name} wirkt an keinem Punkt des Designs, nur wenn "
        "{condition}",
        "inert.profiles": "ein Profil reps.{trait} offenlässt (jedes Profil setzt einen eigenen "
        "Wert: {own})",
        "inert.or": " oder ",
        "inert.seed": "base: {name} = {seed} wird nicht verwendet: {why}",
        "inert.seed.why": "eine Versuchsreihe gibt jedem Lauf einen eigenen Zufallsstartwert, "
        "abgeleitet aus dem Basis-Zufallsstartwert sweep.seed; setzen Sie stattdessen sweep.seed "
        "(und sweep.replications für mehr Zufallsstartwerte je Punkt)",
        "inert.set": "set: {name} = {value} wird an jedem Punkt durch seine Achse ersetzt",
        "inert.set_by": "base: {setting} setzt {name} ab Woche {week} an jedem Punkt auf "
        "{value}: die Achse {name} wirkt nur in den Wochen 1–{last}",
        "inert.raised": "base: {setting} = {value} erhöht {what} ab Woche {week} an jedem "
        "Punkt: die Achse {name} setzt nur den Wert, mit dem das Team beginnt",
        "inert.raised.pressure": "den Einsatz bei Überprüfungen",
        "inert.raised.perception": "die Wahrnehmung",
        "inert.raised.regulation": "die Regulation",
        "inert.every_point": "an jedem Punkt: {note}",
    },
}


def say(key: str, lang: str = "en", **values: Any) -> str:
    """The sweep's text ``key`` in ``lang``, formatted with ``values``."""
    return say_from(TEXTS, key, lang, **values)


def counted(key: str, n: int, lang: str = "en", /, **values: Any) -> str:
    """A count ``n`` of the text ``key`` ("one|many"): "1 run", "2 runs"; "1 Lauf", "2 Läufe".
    ``n`` is said by ``number`` unless ``values`` give it as text; they fill the other
    placeholders of the text too."""
    one, many = TEXTS[lang][key].split("|")
    values.setdefault("n", number(n, lang))
    return (one if n == 1 else many).format(**values)


def number(value: float, lang: str = "en", spec: str = "") -> str:
    """A number with the format ``spec``: English as Python writes it (the lines as they always
    were), German with a decimal comma, from five digits on with thousands points."""
    if lang == "en":
        return format(value, spec)
    return format_number(value, lang, spec=spec or None)


def thousands(n: int, lang: str = "en") -> str:
    """A count with its thousands grouped: English always ("5,040", as the dry run always wrote
    it), German from five digits on ("5040", "12.345")."""
    return number(n, lang, "," if lang == "en" else "")


def shown(value: Any, lang: str = "en") -> str:
    """A parameter's value in a line: as Python writes it in English, with a decimal comma in
    German (names and words as they are)."""
    return str(value) if lang == "en" else decimal_commas(str(value))


def values_text(values: dict[str, Any], lang: str = "en") -> str:
    """A run's parameters, ``name=value``: joined by ", " in English, by "; " in German (whose
    decimal commas a comma list would run into)."""
    joiner = ", " if lang == "en" else "; "
    return joiner.join(f"{k}={shown(v, lang)}" for k, v in values.items())


# The English reasons of ``experiments.store`` (as its readers write them) -> keys of ``TEXTS``.
_PROBLEMS = [
    (re.compile(r"no runs in it"), "problem.no_runs"),
    (re.compile(r"not valid JSON(?P<rest>.*)", re.DOTALL), "problem.json"),
    (re.compile(r"not a valid config(?P<rest>.*)", re.DOTALL), "problem.config"),
    (re.compile(r"not a sweep's resolved config"), "problem.resolved"),
]


def problem_text(problem: str, lang: str = "en") -> str:
    """Why a file is damaged, in ``lang``: the store's own reasons in German, the words of a
    library (Parquet's, the JSON parser's) as they are."""
    if lang == "en":
        return problem
    schema = re.fullmatch(r"another schema: (?P<words>.+)", problem, re.DOTALL)
    if schema is not None:
        words = schema["words"]
        for english, german in SCHEMA_WORDS_DE.items():
            words = words.replace(english, german)
        return say("problem.schema", lang, words=words)
    for pattern, key in _PROBLEMS:
        match = pattern.fullmatch(problem)
        if match is not None:
            return say(key, lang) + match.groupdict().get("rest", "")
    return problem


def duration(seconds: float, lang: str = "en") -> str:
    """A time in the unit a reader takes in at once: "8.5 s", "42 s", "21 min", "3.4 h"."""
    if seconds < 10:
        return f"{number(seconds, lang, '.1f')} s"
    if seconds < 90:
        return f"{number(seconds, lang, '.0f')} s"
    if seconds < 5400:
        return f"{number(seconds / 60, lang, '.0f')} min"
    return f"{number(seconds / 3600, lang, '.1f')} h"
