"""Refusals in the user's language: the one-line messages bad input gets, said in German.

The messages are made in English where the problem is found (the schema's in ``sim.params``,
the scenario reader's in ``sim.scenarios``, the run folder's in ``sim.run``, the memory check's
in ``sim.resources``, the results store's, click's own usage errors): that is where the field,
the value and what is allowed are known, and tests and scripts read them there. The command line
(``rapport … --lang de``), the web app, and a sweep's lines and report on its failed runs say them
in German by matching their families here (in ``experiments``, below the front ends, so that
the report can too).

A message is ``LOCATION: … : WHAT``: the places before the problem (a file, a dotted parameter
name, ``line 3``, ``output folder runs/x``) and the problem itself. ``refusal`` tries each ``: ``
from the right and translates the first rest that is a known problem (``PROBLEMS``); the
locations before it keep their names (a file's, a parameter's) and only their words are
translated (``line`` → ``Zeile``). A message of no known family stays as made: English, whole.
Numbers in a problem (a value, a bound, a size) are written as the language writes them
(``100.000``, ``1,5``, ``29,2 GB``), quoted names in German quotation marks („abc“); a decimal
comma that the message is about stays as the user typed it.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sim.texts import format_number

# --- how the parts of a problem are written --------------------------------------------------


def german_number(text: str) -> str:
    """A number as the schema writes it ("0.5", "400,000") with German marks ("0,5", "400.000");
    any other text as given."""
    if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text):
        return text.replace(",", ".")
    if re.fullmatch(r"-?\d+\.\d+(e[-+]?\d+)?", text):
        return text.replace(".", ",")
    return text


def shown(text: str, lang: str) -> str:
    """A value or bound of a message as ``lang`` writes numbers ("100.001" for "100001" or
    "100,001", "0" for a typed 0 the schema wrote "0.0", a minus sign), and quoted text in
    German quotation marks („abc“, for 'abc' and "abc")."""
    plain = text.replace(",", "") if re.fullmatch(r"-?\d{1,3}(,\d{3})+", text) else text
    if re.fullmatch(r"-?\d+", plain):  # a whole number exactly, however long (a seed's bound)
        return format_number(int(plain), lang)
    if re.fullmatch(r"-?\d+(\.\d+)?(e[-+]?\d+)?", plain):
        value = float(plain)
        whole = value.is_integer() and abs(value) < 1e15
        return format_number(int(value) if whole else value, lang)
    if lang == "de" and re.fullmatch(r"'[^']*'|\"[^\"]*\"", text):
        return f"„{text[1:-1]}“"
    return text


def quoted(text: str, lang: str) -> str:
    """Names quoted in a list ("'en', 'de'", "'rate' or 'discrete'") in German quotation marks,
    " or " as " oder "."""
    if lang != "de":
        return text
    text = re.sub(r"'([^']*)'", r"„\1“", text)
    return text.replace(" or ", " oder ")


def size(text: str, lang: str) -> str:
    """A size or count with its unit ("29.2 GB", "100,000") in ``lang``'s notation."""
    number, _, unit = text.partition(" ")
    return shown(number, lang) + (f" {unit}" if unit else "")


def verbatim(text: str, lang: str) -> str:
    """What the user typed, as typed (a decimal comma the message is about)."""
    return text


def decimals(text: str, lang: str) -> str:
    """Text with numbers in it ("hard worker 0.1", "round(0.5 × 1)") with ``lang``'s decimal
    mark."""
    return re.sub(r"(?<=\d)\.(?=\d)", ",", text) if lang == "de" else text


def listed(text: str, lang: str) -> str:
    """A list of names or values joined with " and " ("perception (hard worker 0.1, ...) and
    regulation (...)") in ``lang``: its numbers with ``lang``'s decimal mark."""
    return decimals(text, lang).replace(" and ", " und ") if lang == "de" else text


def did_you_mean(text: str, lang: str) -> str:
    """``nearest``'s suggestion (" (did you mean 'x'?)") in ``lang``; "" stays ""."""
    match = re.fullmatch(r" \(did you mean '(?P<name>.*)'\?\)", text)
    if match is None:
        return text
    return f" (meinten Sie „{match['name']}“?)" if lang == "de" else text


def alternatives(text: str, lang: str) -> str:
    """What a union allows ("a whole number or 'final'"), in ``lang``."""
    words = {"a whole number": "eine ganze Zahl", "a number": "eine Zahl"}
    parts = [words.get(part, shown(part, lang)) for part in text.split(" or ")]
    return " noch ".join(parts)


# --- the problems -----------------------------------------------------------------------------

_V = r"(?P<value>.*)"
_NEAREST = r"(?P<nearest>(?: \(did you mean '.*'\?\))?)"
_COMMA = r"a decimal comma\? write decimals with a point \((?P<point>[^)]*)\)"
_SO_CHOOSE = "a run replaces the whole folder, so choose an empty or new folder"
_SO_CHOOSE_DE = "ein Lauf ersetzt den ganzen Ordner; wählen Sie einen leeren oder neuen Ordner"

# ``rapport replicate``'s modes (``frontends.commands.replicate.MODES``) as they are named after
# "with", "of" (German: "zu", "von": the dative) and as who writes a folder (the nominative), and
# the phrases ``output_folder`` is given as ``own``.
_MODES_DATIVE_DE = {
    "one study": "einer Studie",
    "--runs N (N ≥ 2)": "--runs N (N ≥ 2)",
    "--multiverse --worlds N": "--multiverse --worlds N",
    "--multiverse": "--multiverse",
}
_WRITERS_DE = {
    "a replication": "eine Replikation",
    "one study": "eine Studie",
    **{mode: mode for mode in _MODES_DATIVE_DE if mode != "one study"},
}
_MODE = "(?:" + "|".join(map(re.escape, _MODES_DATIVE_DE)) + ")"
_WRITER = "(?:" + "|".join(map(re.escape, _WRITERS_DE)) + ")"
_OWN_FOLDER = "writes into a folder of its own: give another --out"
_OWN_FOLDER_DE = "schreibt in einen eigenen Ordner: geben Sie ein anderes --out an"
# Why an option of ``rapport replicate`` goes with no other mode
# (``frontends.commands.replicate.OPTION_MODES``), in German.
_WHY_MISPLACED_DE = {
    "with --multiverse, --studies sets how many studies each cell or world runs": "mit "
    "--multiverse legt --studies fest, wie viele Studien jede Zelle oder Welt rechnet",
    "without --multiverse, --runs N sets how many studies run": "ohne --multiverse legt --runs N "
    "fest, wie viele Studien laufen",
    "add --multiverse to run the study in plausible worlds": "fügen Sie --multiverse hinzu, um "
    "die Studie in plausiblen Welten zu rechnen",
    "--multiverse alone crosses the effort distributions, reliabilities and study sizes "
    "itself": "--multiverse allein kreuzt die Einsatzverteilungen, Reliabilitäten und "
    "Studiengrößen selbst",
    "only --runs N computes a power curve": "nur --runs N berechnet eine Power-Kurve",
    "one study runs in this process": "eine Studie läuft in diesem Prozess",
}
_GIVEN = r"--[\w-]+(?: [^\s;:,]+)?"
# One option (or several, "and"-joined) given in a mode that does not use it, with the modes
# it goes with; ``refuse_misplaced`` joins one such clause per reason with "; ".
_MISPLACED = (
    rf"(?P<given>{_GIVEN}(?: and {_GIVEN})*) (?P<verb>goes|go) only with "
    rf"(?P<modes>{_MODE}(?:(?:, | or ){_MODE})*), not with (?P<mode>{_MODE}): "
    "(?P<why>" + "|".join(map(re.escape, _WHY_MISPLACED_DE)) + ")"
)
_MISPLACED_PLAIN = re.sub(r"\(\?P<\w+>", "(?:", _MISPLACED)

# The kinds of file (experiments.file_kinds) in German.
_KINDS_DE = {
    "a scenario file": "eine Szenariodatei",
    "a sweep file": "eine Versuchsreihen-Datei",
    "a calibration file": "eine Kalibrierungsdatei",
    "a pattern-map file": "eine Musterkarten-Datei",
}
_KINDS = "|".join(map(re.escape, _KINDS_DE))

# English problem (matched whole) -> German. In order: the first that matches is said.
PROBLEMS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "de": [
        (re.compile(pattern), template)
        for pattern, template in [
            # the schema's checks across fields (sim.params: a team's profiles, the channels,
            # a scheduled change)
            (
                r"profile shares add up to (?P<value>\S+), they must add up to 1",
                "die Anteile der Profile ergeben zusammen {value}, sie müssen zusammen 1 ergeben",
            ),
            (
                r"profile names must differ: (?P<names>.+) is given twice",
                "die Namen der Profile müssen sich unterscheiden; doppelt vergeben: {names}",
            ),
            (
                r"call_share \+ email_share = (?P<value>\S+), at most 1 is allowed \(visits take "
                r"the rest of the contact hours\)",
                "call_share + email_share = {value}, erlaubt ist höchstens 1 (Besuche erhalten den "
                "Rest der Kontaktstunden)",
            ),
            (
                r"a change names effort_hours, perception or regulation",
                "eine Änderung muss effort_hours, perception oder regulation nennen",
            ),
            # a file given to another kind's command (experiments.file_kinds)
            (
                rf"this is (?P<filekind>{_KINDS}) \(it has (?P<told>\w+):\), "
                rf"not (?P<notkind>{_KINDS}); run it with (?P<command>rapport \w+ .+?)"
                r"(?P<asbase> \(or name it as a sweep file's base:\))?",
                "das ist {filekind} (sie hat den Schlüssel {told}:), keine {notkind}; "
                "mit {command} ausführen{asbase}",
            ),
            # the schema (sim.params.describe_error)
            (
                rf"{_V} is above the maximum (?P<bound>\S+) \(or use (?P<choices>.+)\)",
                "{value} liegt über dem Höchstwert {bound} (oder {choices} verwenden)",
            ),
            (
                rf"{_V} is below the minimum (?P<bound>\S+) \(or use (?P<choices>.+)\)",
                "{value} liegt unter dem Mindestwert {bound} (oder {choices} verwenden)",
            ),
            (
                rf"{_V} is above the maximum (?P<bound>.+)",
                "{value} liegt über dem Höchstwert {bound}",
            ),
            (
                rf"{_V} is below the minimum (?P<bound>.+)",
                "{value} liegt unter dem Mindestwert {bound}",
            ),
            (rf"{_V} must be greater than (?P<bound>.+)", "{value} muss größer sein als {bound}"),
            (rf"{_V} is not a whole number", "{value} ist keine ganze Zahl"),
            (
                rf"{_V} is too large a whole number; allowed: (?P<low>\S+) to (?P<high>\S+)",
                "{value} ist als ganze Zahl zu groß; erlaubt: {low} bis {high}",
            ),
            (rf"{_V} is too large a whole number", "{value} ist als ganze Zahl zu groß"),
            (rf"{_V} is not text", "{value} ist kein Text"),
            (r"must not be empty", "darf nicht leer sein"),
            (rf"{_V} is not a finite number", "{value} ist keine endliche Zahl"),
            (
                rf"{_V} is not a number \(true/false are not numbers\)",
                "{value} ist keine Zahl (true/false sind keine Zahlen)",
            ),
            # the scenario reader's decimal comma (sim.scenarios.parse_yaml): said before "is
            # not a number", and the typed number stays as typed
            (
                rf"(?P<typed>\S+) is not a number: {_COMMA}",
                "{typed} ist keine Zahl: ein Dezimalkomma? Schreiben Sie Dezimalzahlen mit "
                "Punkt ({point})",
            ),
            (
                rf"(?P<typed>\S+) reads as two numbers, (?P<parts>.+): {_COMMA}",
                "{typed} wird als zwei Zahlen gelesen ({parts}): ein Dezimalkomma? Schreiben Sie "
                "Dezimalzahlen mit Punkt ({point})",
            ),
            (rf"{_V} is not a number", "{value} ist keine Zahl"),
            (
                rf"{_V} is not (?P<alternatives>(?:a whole number|a number) or .+)",
                "{value} ist weder {alternatives}",
            ),
            (
                rf"expected a mapping of keys to values, got {_V}",
                "erwartet wird eine Zuordnung von Schlüsseln zu Werten, nicht {value}",
            ),
            (
                rf"expected a mapping of groups, got {_V}",
                "erwartet wird eine Zuordnung von Gruppen, nicht {value}",
            ),
            (rf"expected a mapping, got {_V}", "erwartet wird eine Zuordnung, nicht {value}"),
            (rf"expected a list, got {_V}", "erwartet wird eine Liste, nicht {value}"),
            (
                rf"{_V} has too few items; give at least (?P<count>\d+)",
                "{value} hat zu wenige Einträge; geben Sie mindestens {count} an",
            ),
            (rf"{_V} is not one of (?P<choices>.*[^.])", "{value} ist keiner der Werte {choices}"),
            (r"required, missing", "fehlt (ist nötig)"),
            (
                rf"unknown key '(?P<key>.*)'{_NEAREST}; allowed here: (?P<allowed>.+)",
                "unbekannter Schlüssel „{key}“{nearest}; erlaubt sind hier: {allowed}",
            ),
            (rf"unknown parameter{_NEAREST}", "unbekannter Parameter{nearest}"),
            (rf"not a number parameter{_NEAREST}", "kein Zahlenparameter{nearest}"),
            (
                r"a schedule of changes, not a parameter\. Set it in the scenario file \(not "
                r"with --set, a sweep's set or a sweep axis\)",
                "ein Plan von Änderungen, kein Parameter. Legen Sie ihn in der Szenariodatei "
                "fest (nicht mit --set, nicht im set einer Versuchsreihe und nicht als deren "
                "Achse)",
            ),
            (
                r"expected a mapping, cannot set (?P<name>.+)",
                "erwartet wird eine Zuordnung; {name} lässt sich nicht setzen",
            ),
            # reading files (sim.scenarios.read_yaml, parse_assignment)
            (r"file not found", "Datei nicht gefunden"),
            # a run stored twice with different results (experiments.report.one_copy_each)
            (
                r"(?P<count>\d+) run\(s\) stored twice with different results \((?P<file>\S+), "
                r"also in (?P<other>\S+)\); a sweep into this folder sets both chunks aside in "
                r"quarantine/duplicates/ and executes their runs again",
                "{count} Lauf/Läufe doppelt gespeichert, mit verschiedenen Ergebnissen ({file}, "
                "auch in {other}); eine Versuchsreihe, die in diesen Ordner schreibt, verschiebt "
                "beide Dateien nach quarantine/duplicates/ und führt deren Läufe erneut aus",
            ),
            # a results folder's entries of the wrong kind (experiments.store.check_kinds)
            (
                r"a folder where rapport keeps a file; move it away or choose another --out",
                "ein Ordner, wo rapport eine Datei ablegt; verschieben Sie ihn oder wählen Sie "
                "ein anderes --out",
            ),
            (
                r"a file where rapport keeps a folder; move it away or choose another --out",
                "eine Datei, wo rapport einen Ordner ablegt; verschieben Sie sie oder wählen Sie "
                "ein anderes --out",
            ),
            (r"a folder, not a file", "ein Ordner, keine Datei"),
            (
                r"a folder, not a file \((?P<folder>.+)\)",
                "ein Ordner, keine Datei ({folder})",
            ),
            (r"YAML nested too deeply", "YAML zu tief verschachtelt"),
            (
                r"malformed YAML at line (?P<line>\d+), column (?P<column>\d+): (?P<problem>.*)",
                "fehlerhaftes YAML in Zeile {line}, Spalte {column}: {problem}",
            ),
            (
                r"malformed YAML at unknown place: (?P<problem>.*)",
                "fehlerhaftes YAML an unbekannter Stelle: {problem}",
            ),
            (r"cannot read YAML: (?P<problem>.*)", "YAML nicht lesbar: {problem}"),
            (
                r"expected NAME=VALUE, e\.g\. (?P<example>\S+)",
                "erwartet wird NAME=WERT, z. B. {example}",
            ),
            (
                r"no parameter name before '='; e\.g\. (?P<example>\S+)",
                "kein Parametername vor „=“; z. B. {example}",
            ),
            # the run's folder (sim.run)
            (
                rf"holds a sweep's results \((?P<files>.+)\); {_SO_CHOOSE} \(`rapport report` "
                r"reads the sweep\)",
                "enthält die Ergebnisse einer Versuchsreihe ({files}); " + _SO_CHOOSE_DE + " "
                "(`rapport report` liest deren Ergebnisse)",
            ),
            (
                rf"holds (?P<value>.+), which is not a file a run writes; {_SO_CHOOSE} or "
                "remove it",
                "enthält {value}, keine Datei, die ein Lauf schreibt; " + _SO_CHOOSE_DE + " oder "
                "entfernen Sie sie",
            ),
            (
                rf"(?P<name>.+) there is not a plain file; {_SO_CHOOSE} or remove it",
                "{name} ist dort keine gewöhnliche Datei; " + _SO_CHOOSE_DE + " oder entfernen "
                "Sie sie",
            ),
            (r"cannot be read \((?P<why>.+)\)", "kann nicht gelesen werden ({why})"),
            (r"cannot be written \((?P<why>.+)\)", "kann nicht geschrieben werden ({why})"),
            (r"cannot create it \((?P<why>.+)\)", "lässt sich nicht anlegen ({why})"),
            # the memory check (sim.resources.check_memory), matched whole
            (
                r"reps\.count × customers\.per_rep = (?P<slots>[\d,]+) customer slots: "
                r"(?:(?P<runs>\d+) runs at once of )?(?P<reps>[\d,]+) reps? × (?P<weeks>\d+) "
                r"weeks? need about (?P<size>\S+ \S+) of memory, and (?P<free>\S+ \S+) is "
                r"available; lower reps\.count, customers\.per_rep or simulation\.weeks",
                "reps.count × customers.per_rep = {slots} Kundenplätze: {runs}{reps} × "
                "{weeks} brauchen etwa {size} Speicher, verfügbar sind {free}; verringern Sie "
                "reps.count, customers.per_rep oder simulation.weeks",
            ),
            # a calibration's results folder (experiments.calibrate.abc.check_folder)
            (
                r"holds the calibration (?P<key>'[^']*'|\"[^\"]*\"|None) of a different "
                r"configuration \(the team's data differ\); choose another folder or remove it",
                "enthält die Kalibrierung {key} einer anderen Konfiguration (die Daten des Teams "
                "unterscheiden sich); wählen Sie einen anderen Ordner oder entfernen Sie ihn",
            ),
            (
                r"holds the calibration (?P<key>'[^']*'|\"[^\"]*\"|None) of a different "
                r"configuration \(it was fitted to a team's file, this one has no --team\); "
                r"choose another folder or remove it",
                "enthält die Kalibrierung {key} einer anderen Konfiguration (sie wurde an die "
                "Datei eines Teams angepasst, diese hat kein --team); wählen Sie einen anderen "
                "Ordner oder entfernen Sie ihn",
            ),
            (
                r"holds the calibration (?P<key>'[^']*'|\"[^\"]*\"|None) of a different "
                r"configuration \(this one is fitted to a team's file \(--team\), it was not\); "
                r"choose another folder or remove it",
                "enthält die Kalibrierung {key} einer anderen Konfiguration (diese wird an die "
                "Datei eines Teams angepasst (--team), sie wurde es nicht); wählen Sie einen "
                "anderen Ordner oder entfernen Sie ihn",
            ),
            (
                r"holds the calibration (?P<key>'[^']*'|\"[^\"]*\"|None) of a different "
                r"configuration \((?P<setting>[\w.]+): (?P<value>.+), this one (?P<now>.+)\); "
                r"choose another folder or remove it",
                "enthält die Kalibrierung {key} einer anderen Konfiguration ({setting}: {value}, "
                "diese: {now}); wählen Sie einen anderen Ordner oder entfernen Sie ihn",
            ),
            (
                r"holds the calibration (?P<key>'[^']*'|\"[^\"]*\"|None) of a different "
                r"configuration \(hash (?P<held>\w+), this one (?P<this>\w+)\); choose another "
                r"folder or remove it",
                "enthält die Kalibrierung {key} einer anderen Konfiguration (Hash {held}, diese: "
                "{this}); wählen Sie einen anderen Ordner oder entfernen Sie ihn",
            ),
            (
                r"not empty and holds no calibration; choose a new folder",
                "nicht leer und enthält keine Kalibrierung; wählen Sie einen neuen Ordner",
            ),
            # a calibration file (experiments.calibrate.config, experiments.calibrate.abc)
            (r"a parameter is named twice", "ein Parameter ist doppelt genannt"),
            (
                r"(?P<key>\S+) is both set and calibrated; remove it from one",
                "{key} ist zugleich gesetzt und kalibriert; entfernen Sie den Parameter aus einem "
                "von beiden",
            ),
            (
                r"(?P<value>.+) is not a list of parameters or 'all'",
                "{value} ist weder eine Liste von Parametern noch „all“",
            ),
            (
                r"(?P<value>'[^']+') is a statistic of a manager's team; give --team FILE\.csv, "
                r"or name one of (?P<names>.+)",
                "{value} ist eine Kennzahl des Teams einer Führungskraft; geben Sie --team "
                "DATEI.csv an oder nennen Sie eine von {names}",
            ),
            (
                r"--team makes a target of this name from the team file; rename the file's "
                r"target or leave it out",
                "--team macht aus der Teamdatei ein Ziel dieses Namens; benennen Sie das Ziel der "
                "Datei um oder lassen Sie es weg",
            ),
            (r"exists and is not a folder", "existiert und ist kein Ordner"),
            (r"(?P<path>.+) is a file, not a folder", "{path} ist eine Datei, kein Ordner"),
            # where the app listens (frontends.commands.app)
            (
                r"an empty address; give one, e\.g\. (?P<local>\S+) \(this computer only\) or "
                r"(?P<every>\S+)",
                "eine leere Adresse; geben Sie eine an, z. B. {local} (nur dieser Rechner) oder "
                "{every}",
            ),
            (
                r"name at least one parameter \(or 'all'\)",
                "nennen Sie mindestens einen Parameter (oder „all“)",
            ),
            (
                rf"'(?P<name>.*)' has no prior in sim/priors\.py{_NEAREST}; only parameters with a "
                r"prior can be calibrated",
                "„{name}“ hat keinen Prior in sim/priors.py{nearest}; nur Parameter mit einem "
                "Prior lassen sich kalibrieren",
            ),
            (
                rf"unknown parameter '(?P<name>.*)'{_NEAREST}",
                "unbekannter Parameter „{name}“{nearest}",
            ),
            (
                r"low (?P<value>\S+) must be below high (?P<bound>\S+)",
                "low {value} muss unter high {bound} liegen",
            ),
            (
                r"kind 'between' needs low and high \(and no observed\)",
                "kind „between“ braucht low und high (und kein observed)",
            ),
            (
                r"kind '(?P<kind>[^']*)' needs observed \(and no low/high\)",
                "kind „{kind}“ braucht observed (und weder low noch high)",
            ),
            (
                rf"unknown statistic '(?P<name>.*)'{_NEAREST}; allowed: (?P<allowed>.+)",
                "unbekannte Kennzahl „{name}“{nearest}; erlaubt sind: {allowed}",
            ),
            (
                r"none; name targets in the file or give --team",
                "keine; nennen Sie Ziele in der Datei oder geben Sie --team an",
            ),
            (
                r"expected a mapping of keys to values",
                "erwartet wird eine Zuordnung von Schlüsseln zu Werten",
            ),
            # a sweep's results folder (experiments.store)
            (
                r"holds results of (?P<what>.+); use another --out folder, or --force to "
                r"discard them(?P<kept> \(the \d+ run\(s\) of this sweep among them are kept\))?",
                "enthält Ergebnisse {what}; wählen Sie einen anderen --out-Ordner oder verwerfen "
                "Sie sie mit --force{kept}",
            ),
            (
                r"no such folder \(give the --out folder of a finished rapport sweep\)",
                "kein solcher Ordner (geben Sie den --out-Ordner eines fertigen rapport sweep an)",
            ),
            # a sweep's file (experiments.config)
            (
                r"empty; name at least one parameter to vary",
                "leer; nennen Sie mindestens einen Parameter, der variiert wird",
            ),
            (
                r"file not found \(looked for (?P<looked>.+)\)",
                "Datei nicht gefunden (gesucht: {looked})",
            ),
            (
                r"(?P<value>\d+) is not a power of 2, which a sobol design needs \(e\.g\. "
                r"(?P<bound>\d+)\)",
                "{value} ist keine Zweierpotenz, die ein Sobol-Design braucht (z. B. {bound})",
            ),
            (
                r"(?P<slots>[\d,]+) design points x (?P<each>.+) = (?P<count>[\d,]+) runs; at "
                r"most (?P<value>[\d,]+) points and (?P<bound>[\d,]+) runs are allowed",
                "{slots} Designpunkte × {each} = {count} Läufe; erlaubt sind höchstens {value} "
                "Punkte und {bound} Läufe",
            ),
            (
                rf"unknown metric '(?P<key>.*)'{_NEAREST}; allowed: (?P<allowed>.+)",
                "unbekannte Kennzahl „{key}“{nearest}; erlaubt sind: {allowed}",
            ),
            (
                r"(?P<value>\d+) is odd; a Morris design needs an even number of levels",
                "{value} ist ungerade; ein Morris-Design braucht eine gerade Zahl von Stufen",
            ),
            (
                r"stop (?P<value>\S+) is below start (?P<bound>\S+); give a range from low to high",
                "stop {value} liegt unter start {bound}; geben Sie einen Bereich von klein nach "
                "groß an",
            ),
            (
                r"a range needs start and stop \(and num or step\)",
                "ein Bereich braucht start und stop (und num oder step)",
            ),
            (
                r"a range needs exactly one of num or step",
                "ein Bereich braucht genau eines von num und step",
            ),
            (
                r"a range \(start/stop\) is for grids; method (?P<method>\S+) samples from a "
                r"distribution: give min and max",
                "ein Bereich (start/stop) gilt nur für Raster; die Methode {method} zieht aus "
                "einer Verteilung: Geben Sie min und max an",
            ),
            (
                r"a linked axis has only the key 'link'",
                "eine verknüpfte Achse hat nur den Schlüssel „link“",
            ),
            (
                rf"'(?P<key>.*)' is not an axis of this sweep{_NEAREST}",
                "„{key}“ ist keine Achse dieser Versuchsreihe{nearest}",
            ),
            (
                r"'(?P<key>.*)' is itself linked; link to a free axis",
                "„{key}“ ist selbst verknüpft; verknüpfen Sie mit einer freien Achse",
            ),
            # where the runs execute (experiments.execute)
            (
                r"cannot reach the Dask scheduler at (?P<address>\S+) \((?P<reason>.+)\)",
                "der Dask-Scheduler unter {address} ist nicht erreichbar ({reason})",
            ),
            (  # a string as the schema writes it ("x"), maybe cut ("x…); or a number
                r'(?P<value>".*|[^\s"]+) is not a Dask scheduler address; expected '
                r"tcp://HOST:PORT, e\.g\. (?P<example>\S+)",
                "{value} ist keine Adresse eines Dask-Schedulers; erwartet wird tcp://HOST:PORT, "
                "z. B. {example}",
            ),
            (
                r"no Dask scheduler answers \((?P<reason>.+)\)",
                "kein Dask-Scheduler antwortet ({reason})",
            ),
            (
                r"no Dask scheduler answers for the predictive draws \((?P<reason>.+)\); the "
                r"posterior is saved, run the same command again to finish",
                "kein Dask-Scheduler antwortet für die prädiktiven Ziehungen ({reason}); der "
                "Posterior ist gespeichert, rufen Sie denselben Befehl erneut auf, um sie "
                "abzuschließen",
            ),
            # a sweep's results folder read back (experiments.store, experiments.report)
            (
                r"not a sweep results folder \(no manifest\.json\)",
                "kein Ergebnisordner einer Versuchsreihe (keine manifest.json)",
            ),
            (
                r"missing; run `rapport sweep CONFIG --out (?P<folder>.+)` again to restore it "
                r"\(finished runs are kept\)",
                "fehlt; führen Sie `rapport sweep CONFIG --out {folder}` erneut aus, um sie "
                "wiederherzustellen (fertige Läufe bleiben erhalten)",
            ),
            (r"not a valid config \((?P<why>.+)\)", "keine gültige Konfiguration ({why})"),
            (
                r"not a sweep's resolved config",
                "keine aufgelöste Konfiguration einer Versuchsreihe",
            ),
            (
                r"not a sweep's resolved config \(no (?P<missing>.+); it has (?P<has>.+)\)",
                "keine aufgelöste Konfiguration einer Versuchsreihe (es fehlt {missing}; "
                "vorhanden: {has})",
            ),
            (
                r"damaged \((?P<why>.+)\); run the sweep again to set it aside and execute its "
                r"runs again",
                "beschädigt ({why}); führen Sie die Versuchsreihe erneut aus, um die Datei "
                "beiseitezulegen und deren Läufe erneut auszuführen",
            ),
            (
                r"damaged \((?P<why>.+)\); run the sweep again to write it again \(finished runs "
                r"are kept\)",
                "beschädigt ({why}); führen Sie die Versuchsreihe erneut aus, um die Datei neu "
                "zu schreiben (fertige Läufe bleiben erhalten)",
            ),
            (
                r"config\.yaml does not match the results: none of the (?P<count>\d+) run\(s\) "
                r"in results/ is a run of it \((?P<chunk>[^:]+): (?P<reason>.+)\); put the "
                r"folder's own config\.yaml back, or run the sweep again into a new --out folder",
                "config.yaml passt nicht zu den Ergebnissen: keiner der {count} Läufe in results/ "
                "ist einer ihrer Läufe ({chunk}: {reason}); legen Sie die eigene config.yaml des "
                "Ordners zurück oder führen Sie die Versuchsreihe erneut in einen neuen "
                "--out-Ordner aus",
            ),
            # a study whose team or schedule would leave its answer to noise
            # (experiments.studies.check_axes_act, check_hires_act)
            (
                r"every profile of (?P<team>.+?) sets its own (?P<own>.+), so the study's axis "
                r"(?P<axes>\S+) acts nowhere and its answer would rest on noise; remove "
                r"(?P<traits>.+) from the profiles \(reps\.profiles\) to study this team",
                "jedes Profil von {team} setzt seinen eigenen Wert für {own}, daher wirkt die "
                "Achse {axes} der Studie nirgends und ihre Antwort beruhte auf Rauschen; "
                "entfernen Sie {traits} aus den Profilen (reps.profiles), um dieses Team zu "
                "untersuchen",
            ),
            (
                r"every profile of (?P<team>.+?) sets its own (?P<own>.+), so the study's axes "
                r"(?P<axes>.+) act nowhere and its answer would rest on noise; remove "
                r"(?P<traits>.+) from the profiles \(reps\.profiles\) to study this team",
                "jedes Profil von {team} setzt seinen eigenen Wert für {own}, daher wirken die "
                "Achsen {axes} der Studie nirgends und ihre Antwort beruhte auf Rauschen; "
                "entfernen Sie {traits} aus den Profilen (reps.profiles), um dieses Team zu "
                "untersuchen",
            ),
            (
                r"in (?P<team>.+?), (?P<setting>interventions\.\d+) sets (?P<name>\S+) to "
                r"(?P<value>\S+) from week (?P<week>\d+): the axis (?P=name) acts only in weeks "
                r"1–(?P<last>\d+), so its answer would mix two teams; remove (?P=setting) "
                r"\(interventions\) to study this team",
                "in {team} setzt {setting} {name} ab Woche {week} auf {value}: Die Achse {name} "
                "wirkt nur in den Wochen 1–{last}, die Antwort vermischte also zwei Teams; "
                "entfernen Sie {setting} (interventions), um dieses Team zu untersuchen",
            ),
            (
                r"in a team of (?P<reps>\d+) \((?P<team>.+)\) even the largest hiring\.share, "
                r"(?P<value>\S+), replaces (?P<formula>round\(\S+ × \d+\)) = 0 reps, so "
                r"nobody is hired and its answer would rest on noise; study a team of at least "
                r"(?P<needed>\d+) reps \(reps\.count\)",
                "in einem Team von {reps} ({team}) ersetzt selbst der größte hiring.share, "
                "{value}, {formula} = 0 Personen, also wird niemand eingestellt und die Antwort "
                "beruhte auf Rauschen; untersuchen Sie ein Team von mindestens {needed} "
                "(reps.count)",
            ),
            (
                r"its answer reads no plausible worlds \(those of (?P<studies>.+) do\), so "
                r"--worlds (?P<mode>\S+) would only add runs; leave it out",
                "ihre Antwort nutzt keine plausiblen Welten (nur die von {studies}), also "
                "brächte --worlds {mode} nur zusätzliche Läufe; lassen Sie es weg",
            ),
            # a pattern map's file (experiments.pattern_config.validate_patterns)
            (
                r"(?P<value>\d+) is given twice; give each horizon once",
                "{value} ist doppelt angegeben; geben Sie jeden Horizont einmal an",
            ),
            (
                r"a prior this map samples, so its points would override it; hold it at one "
                r"value with fix:",
                "ein Prior, den diese Karte zieht, daher würden ihre Punkte den Wert "
                "überschreiben; halten Sie ihn mit fix: auf einem Wert fest",
            ),
            (
                r"low\.perception \((?P<value>[\d.]+)\) is above high\.perception "
                r"\((?P<bound>[\d.]+)\): low is the team of low emotional intelligence",
                "low.perception ({value}) liegt über high.perception ({bound}): low ist das Team "
                "mit niedriger emotionaler Intelligenz",
            ),
            (
                r"the map scans effort \(scan:\), so it would act nowhere",
                "die Karte variiert den Einsatz selbst (scan:), der Wert wirkte also nirgends",
            ),
            (
                r"the map sets the teams' perception \(low:, high:\), so it would act nowhere",
                "die Karte setzt die Wahrnehmung der Teams (low:, high:), der Wert wirkte also "
                "nirgends",
            ),
            (
                r"the map sets the teams' regulation \(low:, high:\), so it would act nowhere",
                "die Karte setzt die Regulation der Teams (low:, high:), der Wert wirkte also "
                "nirgends",
            ),
            (
                r"the map runs to its last horizon \(horizons:\), so it would act nowhere",
                "die Karte läuft bis zu ihrem letzten Horizont (horizons:), der Wert wirkte also "
                "nirgends",
            ),
            (
                r"not a prior this map samples; fix holds a sampled prior at one value \(set: "
                r"sets any other parameter\)",
                "kein Prior, den diese Karte zieht; fix hält einen gezogenen Prior auf einem Wert "
                "fest (set: setzt jeden anderen Parameter)",
            ),
            (
                r"(?P<value>\d+) must lie between criteria\.revenue_weeks \((?P<bound>\d+)\) and "
                r"(?P<weeks>\d+) weeks",
                "{value} muss zwischen criteria.revenue_weeks ({bound}) und {weeks} liegen",
            ),
            (
                r"criteria\.rising_points \((?P<value>\d+)\) is larger than scan\.steps "
                r"\((?P<bound>\d+)\)",
                "criteria.rising_points ({value}) ist größer als scan.steps ({bound})",
            ),
            (
                r"criteria\.lost_weeks \((?P<value>\d+)\) is longer than the first horizon "
                r"\((?P<weeks>\d+) weeks\)",
                "criteria.lost_weeks ({value}) ist länger als der erste Horizont ({weeks})",
            ),
            (
                r"low\.perception and high\.perception must differ \(they tell the teams apart\)",
                "low.perception und high.perception müssen sich unterscheiden (an ihnen "
                "unterscheiden sich die Teams)",
            ),
            (
                r"every profile of (?P<team>.+?) sets its own (?P<own>.+), so the team values that "
                r"the map's (?P<roles>.+) set would act nowhere; remove (?P<traits>.+) from the "
                r"profiles \(reps\.profiles\) to map this team",
                "jedes Profil von {team} setzt seinen eigenen Wert für {own}, daher wirken die "
                "Teamwerte, die die Karte für {roles} setzt, nirgends; entfernen Sie {traits} aus "
                "den Profilen (reps.profiles), um dieses Team zu untersuchen",
            ),
            # the finished map a new one is paired with (experiments.patterns.check_pairable,
            # frontends.commands.patterns)
            (
                r"not a finished pattern map \(no config\.yaml there\)",
                "keine fertige Musterkarte (dort liegt keine config.yaml)",
            ),
            (
                r"not a pattern map \(its config\.yaml has no pattern settings; `rapport patterns "
                r"CONFIG --out FOLDER` writes one\)",
                "keine Musterkarte (die config.yaml dort enthält keine Einstellungen einer "
                "Musterkarte; `rapport patterns CONFIG --out ORDNER` schreibt eine)",
            ),
            (
                r"its pattern settings are not valid \((?P<inner>.+)\)",
                "ihre Einstellungen einer Musterkarte sind ungültig ({inner})",
            ),
            (
                r"an unfinished pattern map \((?P<on_disk>[\d,]+) of (?P<planned>[\d,]+) runs on "
                r"disk\); run its `rapport patterns` command again with --out (?P<folder>.+) to "
                r"finish it",
                "eine unfertige Musterkarte ({on_disk} von {planned} Läufen im Ordner); führen "
                "Sie ihren Befehl `rapport patterns` erneut mit --out {folder} aus, um sie "
                "fertigzustellen",
            ),
            (
                r"the two maps differ in (?P<setting>[\w.]+)(?P<pair> \(.+\))?: they are not "
                r"paired",
                "die beiden Karten unterscheiden sich in {setting}{pair} und lassen sich daher "
                "nicht paaren",
            ),
            (
                r"the two maps ran different model versions \((?P<versions>.+)\): they are not "
                r"paired",
                "die beiden Karten liefen unter verschiedenen Modellversionen ({versions}) und "
                "lassen sich daher nicht paaren",
            ),
            (
                r"the two maps sampled different points: they are not paired",
                "die beiden Karten haben verschiedene Punkte gezogen und lassen sich daher nicht "
                "paaren",
            ),
            # the command line (frontends.cli)
            (
                r"give a CONFIG file \(or --schema\)",
                "geben Sie eine CONFIG-Datei an (oder --schema)",
            ),
            (
                r"--(?P<option>[\w-]+) prints a schema and takes nothing else; leave out "
                r"(?P<others>.+)",
                "--{option} gibt ein Schema aus und nimmt sonst nichts; lassen Sie {others} weg",
            ),
            (r"cannot write (?P<file>.+?): (?P<why>.+)", "kann {file} nicht schreiben: {why}"),
            # options of `rapport replicate` its mode does not use
            # (frontends.commands.replicate.refuse_misplaced)
            (rf"(?P<misplaced>{_MISPLACED_PLAIN}(?:; {_MISPLACED_PLAIN})*)", "{misplaced}"),
            # where `rapport app` listens (frontends.commands.app.listening_socket)
            (
                r"(?P<address>\S+) is already in use \(another Rapport app still running\?\); stop "
                r"it or choose another --port",
                "{address} ist schon belegt (läuft noch eine andere Rapport-App?); beenden Sie "
                "sie oder wählen Sie einen anderen --port",
            ),
            (
                r"this computer cannot listen there \((?P<reason>.+)\)",
                "dieser Rechner kann dort nicht lauschen ({reason})",
            ),
            # an output folder's store (experiments.store)
            (
                r"holds a `rapport run`'s files \((?P<files>.+)\); stored runs go into a folder "
                r"of their own: give another --out",
                "enthält die Dateien eines `rapport run` ({files}); gespeicherte Läufe kommen in "
                "einen eigenen Ordner: geben Sie ein anderes --out an",
            ),
            (
                r"holds another command's files \((?P<files>.+)\); stored runs go into a folder "
                r"of their own: give another --out",
                "enthält Dateien eines anderen Befehls ({files}); gespeicherte Läufe kommen in "
                "einen eigenen Ordner: geben Sie ein anderes --out an",
            ),
            (
                rf"holds a sweep's or a pattern map's results \((?P<files>.+)\); "
                rf"(?P<writer>{_WRITER}) {_OWN_FOLDER}",
                "enthält die Ergebnisse einer Versuchsreihe oder einer Musterkarte ({files}); "
                "{writer} " + _OWN_FOLDER_DE,
            ),
            # (frontends.commands.replicate.refuse_foreign_folder)
            (
                rf"holds (?P<files>.+), the results of (?P<theirs>{_MODE}); "
                rf"(?P<writer>{_WRITER}) {_OWN_FOLDER}",
                "enthält {files}, die Ergebnisse von {theirs}; {writer} " + _OWN_FOLDER_DE,
            ),
            (
                rf"holds (?P<files>.+), not the results of (?P<theirs>{_MODE}); "
                rf"(?P<writer>{_WRITER}) {_OWN_FOLDER}",
                "enthält {files}, keine Ergebnisse von {theirs}; {writer} " + _OWN_FOLDER_DE,
            ),
            (
                r"in use by another rapport command \(PID (?P<pid>\d+)\); wait for it to finish "
                r"or choose another --out folder",
                "wird von einem anderen rapport-Befehl benutzt (PID {pid}); warten Sie, bis er "
                "fertig ist, oder wählen Sie einen anderen Ordner für --out",
            ),
            (
                r"--workers: (?P<value>'.*') is not a positive whole number or 'auto'",
                "--workers: {value} ist weder eine positive ganze Zahl noch „auto“",
            ),
            (
                r"--workers (?P<workers>\S+) and --address (?P<address>\S+): give one \(--workers "
                r"starts local processes; --address sends the runs to that Dask cluster's "
                r"workers\)",
                "--workers {workers} und --address {address}: geben Sie eines davon an (--workers "
                "startet lokale Prozesse; --address schickt die Läufe an die Worker dieses "
                "Dask-Clusters)",
            ),
            # click's usage errors, as ``frontends.cli.main`` gives them (without the "(see …)")
            (
                r"Invalid value for '(?P<option>[^']+)': '(?P<typed>\d+,\d+)' is not a valid "
                r"float(?: range)?\.",
                "ungültiger Wert für {option}: {typed} ist keine Zahl: ein Dezimalkomma? "
                "Schreiben Sie Dezimalzahlen mit Punkt",
            ),
            (
                r"Invalid value for '(?P<option>[^']+)': (?P<value>'.*') is not a valid "
                r"integer(?: range)?\.",
                "ungültiger Wert für {option}: {value} ist keine ganze Zahl",
            ),
            (
                r"Invalid value for '(?P<option>[^']+)': (?P<value>'.*') is not a valid "
                r"float(?: range)?\.",
                "ungültiger Wert für {option}: {value} ist keine Zahl",
            ),
            (
                r"Invalid value for '(?P<option>[^']+)': (?P<value>\S+) is not in the range "
                r"(?P<range>.+)\.",
                "ungültiger Wert für {option}: {value} liegt außerhalb des erlaubten Bereichs "
                "({range})",
            ),
            (
                r"Invalid value for '(?P<option>[^']+)': (?P<value>'.*') is not one of "
                r"(?P<choices>.+)\.",
                "ungültiger Wert für {option}: {value} ist keiner der Werte {choices}",
            ),
            (
                r"Invalid value for '(?P<option>[^']+)': (?P<value>'.*') is not "
                r"(?P<choices>'.*')\.",
                "ungültiger Wert für {option}: {value} ist nicht {choices}",
            ),
            (
                r"Invalid value for '(?P<option>[^']+)': (?:File|Directory|Path) "
                r"(?P<value>'.*') does not exist\.",
                "ungültiger Wert für {option}: {value} existiert nicht",
            ),
            (
                r"Invalid value for '(?P<option>[^']+)': an empty path; give a folder, e\.g\. "
                r"(?P<example>\S+)",
                "ungültiger Wert für {option}: ein leerer Pfad; geben Sie einen Ordner an, z. B. "
                "{example}",
            ),
            (
                r"Invalid value for '(?P<option>[^']+)': (?:File|Directory|Path) "
                r"(?P<value>'.*') is a directory\.",
                "ungültiger Wert für {option}: {value} ist ein Ordner",
            ),
            (
                r"Invalid value for '(?P<option>[^']+)': (?:File|Directory|Path) "
                r"(?P<value>'.*') is a file\.",
                "ungültiger Wert für {option}: {value} ist eine Datei",
            ),
            (
                r"No such option (?P<option>'[^']+')\.(?P<possibilities>.*)",
                "unbekannte Option {option}.{possibilities}",
            ),
            (
                r"No such command (?P<command>'[^']+')\.(?P<possibilities>.*)",
                "unbekannter Befehl {command}.{possibilities}",
            ),
            (r"Missing argument '(?P<argument>[^']+)'\.", "Argument {argument} fehlt"),
            (
                r"Got unexpected extra arguments? \((?P<extra>.+)\)",
                "unerwartete weitere Argumente ({extra})",
            ),
            (
                r"Option '(?P<option>[^']+)' requires an argument\.",
                "Option {option} braucht einen Wert",
            ),
            (
                r"Option '(?P<option>[^']+)' requires (?P<count>\d+) arguments\.",
                "Option {option} braucht {count} Werte",
            ),
        ]
    ],
}

# Words of the locations before a problem (German), matched at the start of each location.
PLACES: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "de": [
        (re.compile(r"line (\d+)"), r"Zeile \1"),
        (re.compile(r"output folder (.+)"), r"Ausgabeordner \1"),
    ],
}

# What a refusal line starts with, and what ``frontends.cli.main`` adds after click's errors.
PREFIX = {"en": "rapport: error: ", "de": "rapport: Fehler: "}
SEE_HELP = {"en": "(see {command} --help)", "de": "(siehe {command} --help)"}
ABORTED = {"en": "Aborted.", "de": "Abgebrochen."}

# The ways two sweeps' configs differ (``experiments.store.DIFFERENCES``), in German.
DIFFERENCES_DE = {
    "other metrics or weeks recorded": "andere Kennzahlen oder Wochen aufgezeichnet",
    "another base scenario": "ein anderes Basisszenario",
    "another root seed": "ein anderer Zufallsstartwert",
    "another design": "ein anderes Design",
    "other plausible worlds (worlds, worlds_count, worlds_replications or posterior)": (
        "andere plausible Welten (worlds, worlds_count, worlds_replications oder posterior)"
    ),
    "another base scenario, seed or design": (
        "ein anderes Basisszenario, ein anderer Zufallsstartwert oder ein anderes Design"
    ),
}


# The English phrases inside some parts of a problem, in German.
_PHRASES_DE: list[tuple[str, str | Callable[[re.Match[str]], str]]] = [
    (
        r"an earlier model version \((\S+), now (\S+)\)",
        "einer früheren Modellversion ({0}, jetzt {1})",
    ),
    (  # every way the two configs differ (``experiments.store.config_differences``)
        r"a different config \((.+); (\d+) run\(s\) on disk are not runs of this sweep: (.+)\)",
        lambda match: (
            f"einer anderen Konfiguration ({quoted(match[1], 'de')}; "
            f"{german_number(match[2])} Läufe im Ordner gehören nicht zu dieser Versuchsreihe: "
            + (
                DIFFERENCES_DE.get(match[3])  # the one that has commas of its own
                or ", ".join(DIFFERENCES_DE.get(part, part) for part in match[3].split(", "))
            )
            + ")"
        ),
    ),
    (
        r" \(the (\d+) run\(s\) of this sweep among them are kept\)",
        " (die {0} Läufe dieser Versuchsreihe darunter bleiben erhalten)",
    ),
    (r" Did you mean '([^']+)'\?", " Meinten Sie „{0}“?"),
    (
        r"other run keys: another seed, scenario or design",
        "andere Laufschlüssel: ein anderer Zufallsstartwert, ein anderes Szenario oder Design",
    ),
    (
        r"connection refused: nothing listens on (\S+)",
        "Verbindung abgelehnt: auf {0} lauscht nichts",
    ),
    (
        r"no host is known by the name (\S+): (.+)",
        "kein Rechner ist unter dem Namen {0} bekannt: {1}",
    ),
    (
        r"no answer within (\S+) s; is the host up, and its port open to this machine\?",
        "keine Antwort innerhalb von {0} s; läuft der Rechner, und ist sein Port für diesen "
        "Rechner offen?",
    ),
    (
        r"something listens there but gave no Dask handshake within (\S+) s; is it the "
        r"scheduler's port \(8786 by default\), not its dashboard's or another service's\?",
        "dort lauscht etwas, gab aber innerhalb von {0} s keinen Dask-Handshake; ist es der "
        "Port des Schedulers (standardmäßig 8786), nicht der seines Dashboards oder eines "
        "anderen Dienstes?",
    ),
    (r" \(Did you mean one of: (.+)\?\)", " (Meinten Sie eine davon: {0}?)"),
    # the system's reasons a socket cannot listen (strerror, English)
    (r"Cannot assign requested address", "die Adresse gehört nicht zu diesem Rechner"),
    (r"Name or service not known", "Name oder Dienst nicht bekannt"),
    (r"Temporary failure in name resolution", "vorübergehender Fehler bei der Namensauflösung"),
    (r"Permission denied", "keine Berechtigung"),
]


def phrase(text: str, lang: str) -> str:
    """One of ``_PHRASES_DE`` in German (its numbers German); any other text as it is."""
    if lang != "de":
        return text
    for pattern, template in _PHRASES_DE:
        match = re.fullmatch(pattern, text)
        if match is None:
            continue
        if callable(template):
            return template(match)
        return template.format(*(quoted(german_number(g), lang) for g in match.groups()))
    return text


def named(text: str, lang: str) -> str:
    """A name quoted as the language quotes it: „--weeks“, „CONFIG“."""
    return f"„{text.strip(chr(39))}“" if lang == "de" else text


def count_of(one: str, many: str) -> Callable[[str, str], str]:
    """A count with its noun in German ("1 Woche", "52 Wochen", "100.000 Personen")."""

    def said(text: str, lang: str) -> str:
        number = shown(text, lang)
        return f"{number} {one if text == '1' else many}" if lang == "de" else text

    return said


def per_point(text: str, lang: str) -> str:
    """A sweep's runs per design point ("3 replications", "12 runs each (3 replications + 3
    worlds x 3)") in ``lang``."""
    if lang != "de":
        return text
    text = re.sub(r"\b1 replications?\b", "1 Wiederholung", text)
    text = re.sub(r"([\d,]+) replications", r"\1 Wiederholungen", text)
    text = re.sub(r"([\d,]+) runs each", r"\1 Läufe je Punkt", text)
    text = re.sub(r"([\d,]+) worlds", r"\1 Welten", text)
    return german_number(text).replace(" x ", " × ")


def bounds(text: str, lang: str) -> str:
    """click's range ("1<=x<=100000", "x>=0", "0<x<1") in words and ``lang``'s numbers: "1 bis
    100.000", "ab 0", "über 0 und unter 1"."""
    match = re.fullmatch(
        r"(?:(?P<low>[^<>=x]+)(?P<lo><=?))?x(?P<hi><=?|>=?)?(?P<high>[^<>=x]+)?", text
    )
    if lang != "de" or match is None:
        return text
    low, high = match["low"], match["high"]
    if match["hi"] in (">", ">="):  # "x>=0": a lower bound only
        low, high, match_lo = high, None, "<=" if match["hi"] == ">=" else "<"
    else:
        match_lo = match["lo"]
    if low is not None and high is not None and match_lo == "<=" and match["hi"] == "<=":
        return f"{shown(low, lang)} bis {shown(high, lang)}"
    words = []
    if low is not None:
        words.append(("ab " if match_lo == "<=" else "über ") + shown(low, lang))
    if high is not None:
        words.append(("bis " if match["hi"] == "<=" else "unter ") + shown(high, lang))
    return " und ".join(words) or text


def misplaced(text: str, lang: str) -> str:
    """``rapport replicate``'s options given in a mode that does not use them ("--worlds 4 goes
    only with --multiverse --worlds N, not with one study: ...", one clause per reason joined
    with "; ") in ``lang``."""
    if lang != "de":
        return text
    modes = "|".join(map(re.escape, _MODES_DATIVE_DE))
    clauses = []
    for clause in re.finditer(_MISPLACED, text):
        given = clause["given"].replace(" and ", " und ")
        verb = "passt" if clause["verb"] == "goes" else "passen"
        goes = re.sub(modes, lambda m: _MODES_DATIVE_DE[m[0]], clause["modes"])
        clauses.append(
            f"{given} {verb} nur zu {goes.replace(' or ', ' oder ')}, nicht zu "
            f"{_MODES_DATIVE_DE[clause['mode']]}: {_WHY_MISPLACED_DE[clause['why']]}"
        )
    return "; ".join(clauses)


def roles(text: str, lang: str) -> str:
    """What a pattern map sets of its base team ("effort scan and EI teams") in ``lang``, as
    the object of "für" ("das Einsatzraster und die EI-Teams")."""
    if lang != "de":
        return text
    words = {"effort scan": "das Einsatzraster", "EI teams": "die EI-Teams"}
    return " und ".join(words.get(part, part) for part in text.split(" and "))


# How each placeholder is written; any other is the value's text as it is.
PARTS: dict[str, Callable[[str, str], str]] = {
    "value": shown,
    "bound": shown,
    "count": shown,
    "key": shown,
    "slots": shown,
    "size": size,
    "free": size,
    "typed": verbatim,
    "nearest": did_you_mean,
    "choices": quoted,
    "alternatives": alternatives,
    "range": bounds,
    "each": per_point,
    "what": phrase,
    "kept": phrase,
    "possibilities": phrase,
    "reason": phrase,
    "option": named,
    "argument": named,
    "command": named,
    "reps": count_of("Person", "Personen"),
    "weeks": count_of("Woche", "Wochen"),
    "runs": lambda text, lang: f"{text} Läufe auf einmal mit " if lang == "de" else text,
    "parts": lambda text, lang: text.replace(" and ", " und ") if lang == "de" else text,
    "own": listed,
    "studies": listed,
    "axes": listed,
    "traits": listed,
    "formula": decimals,
    "needed": count_of("Person", "Personen"),
    "roles": roles,
    "pair": listed,
    "on_disk": shown,
    "planned": shown,
    "misplaced": misplaced,
    "theirs": lambda text, lang: _MODES_DATIVE_DE.get(text, text) if lang == "de" else text,
    "writer": lambda text, lang: _WRITERS_DE.get(text, text) if lang == "de" else text,
    "inner": lambda text, lang: refusal(text, lang),  # a refusal quoted within another
    "filekind": lambda text, lang: _KINDS_DE[text] if lang == "de" else text,
    "notkind": lambda text, lang: _KINDS_DE[text].replace("eine ", "", 1) if lang == "de" else text,
    "asbase": lambda text, lang: (
        " (oder in einer Versuchsreihen-Datei für `rapport sweep` unter base: angeben)"
        if lang == "de"
        else text
    ),
    "now": shown,
}


def _part(key: str, text: str | None, lang: str) -> str:
    """A placeholder's text in ``lang`` (``PARTS``); "" for a part the message leaves out."""
    if text is None:
        return ""
    return PARTS.get(key, verbatim)(text, lang)


def problem(text: str, lang: str) -> str | None:
    """A problem (the part of a message after its locations) in ``lang``; None if unknown."""
    for pattern, template in PROBLEMS.get(lang, []):
        match = pattern.fullmatch(text)
        if match is not None:
            return template.format(
                **{key: _part(key, value, lang) for key, value in match.groupdict().items()}
            )
    return None


def place(text: str, lang: str) -> str:
    """One location before a problem ("line 3", "output folder runs/x", a file) in ``lang``."""
    for pattern, template in PLACES.get(lang, []):
        if pattern.fullmatch(text):
            return pattern.sub(template, text)
    return text


def refusal(message: str, lang: str = "en") -> str:
    """``message`` (LOCATION: …: PROBLEM) in ``lang``: its problem said in ``lang`` and the
    words of its locations translated, their names kept; a message of no known problem stays as
    made. English: as made."""
    if lang not in PROBLEMS:
        return message
    cuts = [0] + [m.end() for m in re.finditer(": ", message)]
    for cut in reversed(cuts):  # the shortest rest first: a value has no ": " in it
        said = problem(message[cut:], lang)
        if said is not None:
            places = message[:cut].split(": ")[:-1] if cut else []
            return "".join(f"{place(p, lang)}: " for p in places) + said
    return message


def failure(error: str, lang: str = "en") -> str:
    """A failed run's error as the runner records it (``ConfigError: MESSAGE (resources.py:205)``,
    ``experiments.runner``) with its MESSAGE in ``lang`` where that is a refusal of a known
    family; the kind and the place stay as recorded."""
    recorded = re.fullmatch(r"(?P<kind>\w+: )(?P<message>.*?)(?P<where> \([\w.]+:\d+\))?", error)
    if recorded is None:
        return refusal(error, lang)
    return recorded["kind"] + refusal(recorded["message"], lang) + (recorded["where"] or "")
