"""Every text of classroom mode in English and German (the German table has every English key).

Numbers are written with ``sim.texts.format_number`` (German decimal comma), like the app.
"""

from __future__ import annotations

from sim.texts import LANGUAGES, bound_units, format_number, quoted  # noqa: F401  (re-exported for the pages)

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Rapport classroom",
        "lang.en": "English",
        "lang.de": "Deutsch",
        # creating a room
        "create.intro": "Create a room for your class. Each student plays one sales rep on "
        "their own phone or laptop; this screen (for the projector) shows the class.",
        "create.rounds": "Rounds",
        "create.weeks_per_round": "Weeks per round",
        "create.round_seconds": "Seconds per round",
        "create.customers": "Customers per student",
        "create.seed": "Seed",
        "create.button": "Create room",
        "create.profiles": "Empathy profiles, assigned in turn as students join: {profiles}.",
        "create.pause": "Pause after each round",
        "create.pause.hint": "The next round's time runs only when you press Resume: time to "
        "talk the round over. Without it, the next round's time runs at once.",
        "create.mine": "Your rooms in this browser",
        "create.mine.open": "Open dashboard",
        # dashboard
        "dash.join": "Join at {url}",
        "dash.code": "Room code",
        "dash.keep": "Present in full screen (F11): this page's address holds your instructor "
        "key. To come back to this dashboard, open the classroom's start page in this browser.",
        "dash.students.show": "Students",
        "dash.students.hide": "Hide students",
        "dash.students.hint": "Press a name to take that student out of the class, after a "
        "question (a nickname the class should not see, or someone who left).",
        "dash.remove.label": "Remove {nickname}",
        "dash.remove.ask": "Take {nickname} out of the class? Their rep and its weeks leave the "
        "class chart and the class data; they can join again under another nickname.",
        "dash.remove.confirm": "Yes, remove",
        "dash.remove.cancel": "Keep",
        "dash.removed": "{nickname} was taken out of the class.",
        "dash.undo": "Undo",
        "dash.undo.label": "Bring {nickname} back",
        "dash.students": "Students: {n}",
        "dash.decided": "{n} of {total} decided",
        "dash.waiting": "Not decided yet: {names}",
        "dash.waiting.more": "{names} and {n} more",
        "dash.start": "Start",
        "dash.resume": "Resume",
        "dash.pause": "Pause",
        "dash.next": "Next round",
        "dash.last": "Play last round and end",
        "dash.end": "End game",
        "dash.end.ask": "End the game for the whole class? It cannot be resumed, and students "
        "can no longer join.",
        "dash.end.dropped": "{missing} of {total} have not decided: round {round} will not be "
        "played.",
        "dash.end.played": "Everyone has decided: round {round} is played first.",
        "dash.end.confirm": "Yes, end the game",
        "dash.end.cancel": "Keep playing",
        "dash.csv": "Class data (CSV)",
        "dash.png": "Class figure (PNG)",
        "dash.chart": "Relationship quality of every student",
        "dash.figure": "The class's effort curve",
        "dash.undecided": "{profile}: plan not sent",
        "me.late": "You joined in round {round}: weeks 1 to {weeks} were played for you with the "
        "default plan.",
        "me.late.one": "You joined in round {round}: week 1 was played for you with the "
        "default plan.",
        "dash.debrief": "Debrief",
        "dash.debrief.text": "1. Where is the turning point of each profile's curve, and does "
        "the high-perception curve turn at all?\n"
        "2. Which signals did you see, and what did you do when you saw one?\n"
        "3. Low-perception reps noticed a smaller share of their customers' hints, though "
        "pushing harder may have brought them more messages in all. What did they do as "
        "relationships fell?\n"
        "4. Ogilvie et al. (2017) found the same pattern in 107 employees. Which result "
        "of our class matches, which does not, and why might that be?",
        "dash.too_few.points": "Not enough data for a curve yet: only {n} points; a curve needs "
        "at least {min}.",
        "dash.too_few.points.one": "Not enough data for a curve yet: only 1 point; a curve "
        "needs at least {min}.",
        "dash.too_few.efforts": "Not enough data for a curve yet: {points} points but only {n} "
        "different efforts; a curve needs at least {min}.",
        "dash.too_few.efforts.one": "Not enough data for a curve yet: {points} points, all at "
        "one effort; a curve needs at least {min} different efforts.",
        "dash.too_few.students": "Not enough data for a curve yet: all {points} points are one "
        "student's; a curve needs points of at least {min} students.",
        "dash.turning": "{profile}: turning point at {effort} h/week",
        "dash.no_turning": "{profile}: no turning point (the curve does not bend down)",
        "dash.unclear": "{profile}: no clear turning point – the fitted curve bends near {effort} "
        "h/week, but the points do not yet show a fall beyond it (a levelling off fits them too; "
        "checked by whether the points first rise and then fall)",
        "status.lobby": "Waiting to start: round 1 of {rounds}",
        "status.running": "Round {round} of {rounds} · {seconds} s left",
        "status.paused": "Round {round} of {rounds} · paused ({seconds} s left)",
        "status.ended": "Game over after {played} of {rounds} rounds",
        "status.ended.one": "Game over after {played} of 1 round",
        "profile.low": "low perception",
        "profile.high": "high perception",
        # student
        "join.title": "Join the class",
        "join.code": "Room code",
        "join.nickname": "Nickname",
        "join.button": "Join",
        "me.hello": "{nickname} · your rep: {profile}",
        "me.week": "Week {week}",
        "me.plan": "Your plan for the next {weeks} weeks (hours per week)",
        "me.plan.one": "Your plan for next week (hours per week)",
        "me.contact": "Customer contacts",
        "me.value": "Value work (preparation, solving problems)",
        "me.prospecting": "Prospecting new customers",
        "me.total": "Total: {total} h/week",
        "me.space": "Give space to customers",
        "me.space.hint": "Customer numbers from “Your customers” below, e.g. 3, 7: you hold "
        "back with them, as a rep who noticed their hint would.",
        "me.submit": "Send plan",
        "me.sent": "Plan sent: {contact} h contacts, {value} h value work, {prospecting} h "
        "prospecting. You can change it until the round closes.",
        "me.sent.space": "Plan sent: {contact} h contacts, {value} h value work, {prospecting} "
        "h prospecting; space for customers {customers}. You can change it until the round "
        "closes.",
        "me.not_sent": "Not sent yet: if time runs out, your last plan repeats.",
        "me.ended": "The game is over. Look at the projector.",
        "me.relationship": "Your relationship quality",
        "me.revenue": "Revenue last week: {revenue} k€",
        "me.lost": "Customers lost so far: {lost}",
        "me.customers": "Your customers",
        "me.customers.poor": "poor",
        "me.customers.good": "good relationship",
        "me.messages": "What your customers let you know",
        "me.no_messages": "Nothing noticed so far.",
        "msg.curt": "Week {week}: Customer {customer} answered curtly and asked to talk "
        "next month.",
        "msg.busy": "Week {week}: Customer {customer} said they are very busy right now.",
        "msg.slow": "Week {week}: Customer {customer} took days to reply to your last message.",
        "msg.cancelled": "Week {week}: Customer {customer} cancelled your meeting.",
        "msg.lost": "Week {week}: Customer {customer} went to a competitor; a new prospect "
        "takes their place.",
        # errors
        "error.nickname.empty": "Please type a nickname.",
        "error.nickname.long": "That nickname is too long: at most {high} characters.",
        "error.nickname.invalid": "That nickname has characters that cannot be shown.",
        "error.nickname.taken": "Someone in this room is already called {nickname}; "
        "choose another nickname.",
        "error.room.unknown": "There is no room {code}. Check the code on the projector.",
        "error.room.closed": "This room's game is over; it takes no more players or plans.",
        "error.room.full": "This room is full ({high} students).",
        "error.rooms.full": "This server already has {high} rooms; end one or wait until idle "
        "rooms are removed.",
        "error.token.unknown": "This instructor link is not valid (or the room was removed "
        "after being idle).",
        "error.student.unknown": "Your place in this room was not found; join again.",
        "error.student.removed": "The instructor took you out of this class. You can join "
        "again, under another nickname.",
        "error.student.missing": "There is no student {number} in this room.",
        "error.undo.none": "Nobody was removed who could be brought back.",
        "error.undo.late": "{nickname} cannot be brought back: a round has been played since. "
        "They can join again.",
        "error.hours.number": "{name}: {value} is not a number of hours (0 or more).",
        "error.hours.total": "Your week has {total} hours; it must have between {low} and {high}.",
        "error.hours.contact": "At least {share} % of your hours must be customer contacts.",
        "error.space.range": "Customers are numbered 1 to {high}.",
        "error.space.many": "Give space to at most {high} customers per round.",
        "error.space.text": "Type customer numbers separated by commas, e.g. 3, 7.",
        "error.profile.started": "Profiles can only be changed before the first round.",
        "error.profile.unknown": "There is no profile {name!r}.",
        "error.setting": "{name}: {value} is out of range ({low} to {high}).",
        "error.whole.empty": "Please type a whole number.",
        "error.whole.number": "{value} is not a whole number.",
    },
    "de": {
        "title": "Rapport im Unterricht",
        "lang.en": "English",
        "lang.de": "Deutsch",
        "create.intro": "Legen Sie einen Raum für Ihre Klasse an. Alle Teilnehmenden spielen "
        "eine Person im Vertrieb auf dem eigenen Handy oder Laptop; dieser Bildschirm (für den "
        "Beamer) zeigt die Klasse.",
        "create.rounds": "Runden",
        "create.weeks_per_round": "Wochen pro Runde",
        "create.round_seconds": "Sekunden pro Runde",
        "create.customers": "Kunden pro Person",
        "create.seed": "Zufallsstartwert",
        "create.button": "Raum anlegen",
        "create.profiles": "Empathieprofile, der Reihe nach beim Beitreten vergeben: {profiles}.",
        "create.pause": "Nach jeder Runde pausieren",
        "create.pause.hint": "Die Zeit der nächsten Runde läuft erst, wenn Sie Fortsetzen "
        "drücken: Zeit, die Runde zu besprechen. Ohne diese Wahl läuft sie sofort.",
        "create.mine": "Ihre Räume in diesem Browser",
        "create.mine.open": "Dashboard öffnen",
        "dash.join": "Mitmachen unter {url}",
        "dash.code": "Raumcode",
        "dash.keep": "Präsentieren Sie im Vollbild (F11): Die Adresse dieser Seite enthält Ihren "
        "Lehrenden-Schlüssel. Zurück zu diesem Dashboard führt die Startseite des "
        "Unterrichtsmodus in diesem Browser.",
        "dash.students.show": "Teilnehmende",
        "dash.students.hide": "Teilnehmende ausblenden",
        "dash.students.hint": "Ein Klick auf einen Namen entfernt diesen Spitznamen aus der "
        "Klasse, nach einer Rückfrage (ein Spitzname, den die Klasse nicht sehen soll, oder "
        "jemand, der gegangen ist).",
        "dash.remove.label": "{nickname} entfernen",
        "dash.remove.ask": "{nickname} aus der Klasse nehmen? Die gespielte Person und ihre "
        "Wochen verschwinden aus dem Klassendiagramm und den Klassendaten; ein erneuter Beitritt "
        "mit einem anderen Spitznamen ist möglich.",
        "dash.remove.confirm": "Ja, entfernen",
        "dash.remove.cancel": "Behalten",
        "dash.removed": "{nickname} wurde aus der Klasse genommen.",
        "dash.undo": "Rückgängig",
        "dash.undo.label": "{nickname} zurückholen",
        "dash.students": "Teilnehmende: {n}",
        "dash.decided": "{n} von {total} haben entschieden",
        "dash.waiting": "Noch nicht entschieden: {names}",
        "dash.waiting.more": "{names} und {n} weitere",
        "dash.start": "Starten",
        "dash.resume": "Fortsetzen",
        "dash.pause": "Pause",
        "dash.next": "Nächste Runde",
        "dash.last": "Letzte Runde spielen und beenden",
        "dash.end": "Spiel beenden",
        "dash.end.ask": "Das Spiel für die ganze Klasse beenden? Es lässt sich nicht fortsetzen, "
        "und niemand kann mehr beitreten.",
        "dash.end.dropped": "{missing} von {total} haben nicht entschieden: Runde {round} wird "
        "nicht gespielt.",
        "dash.end.played": "Alle haben entschieden: Runde {round} wird zuerst gespielt.",
        "dash.end.confirm": "Ja, Spiel beenden",
        "dash.end.cancel": "Weiterspielen",
        "dash.csv": "Klassendaten (CSV)",
        "dash.png": "Klassendiagramm (PNG)",
        "dash.chart": "Beziehungsqualität aller Teilnehmenden",
        "dash.figure": "Die Einsatzkurve der Klasse",
        "dash.undecided": "{profile}: Plan nicht gesendet",
        "me.late": "Sie sind in Runde {round} dazugekommen: Die Wochen 1 bis {weeks} wurden für "
        "Sie mit dem Standardplan gespielt.",
        "me.late.one": "Sie sind in Runde {round} dazugekommen: Woche 1 wurde für Sie mit dem "
        "Standardplan gespielt.",
        "dash.debrief": "Nachbesprechung",
        "dash.debrief.text": "1. Wo liegt der Hochpunkt der Kurve jedes Profils, und biegt "
        "die Kurve mit hoher Wahrnehmung überhaupt ab?\n"
        "2. Welche Signale haben Sie gesehen, und was haben Sie getan, als Sie eines sahen?\n"
        "3. Personen mit niedriger Wahrnehmung bemerkten einen kleineren Teil der Signale "
        "ihrer Kunden, auch wenn ihnen ihr Drängen insgesamt mehr Nachrichten eingebracht "
        "haben mag. Was taten sie, als die Beziehungen schlechter wurden?\n"
        "4. Ogilvie et al. (2017) fanden dasselbe Muster bei 107 Personen im Vertrieb. Welches "
        "Ergebnis unserer Klasse passt dazu, welches nicht, und woran könnte das liegen?",
        "dash.too_few.points": "Noch zu wenige Daten für eine Kurve: erst {n} Punkte; eine "
        "Kurve braucht mindestens {min}.",
        "dash.too_few.points.one": "Noch zu wenige Daten für eine Kurve: erst 1 Punkt; eine "
        "Kurve braucht mindestens {min}.",
        "dash.too_few.efforts": "Noch zu wenige Daten für eine Kurve: {points} Punkte, aber nur "
        "{n} verschiedene Einsätze; eine Kurve braucht mindestens {min}.",
        "dash.too_few.efforts.one": "Noch zu wenige Daten für eine Kurve: {points} Punkte, alle "
        "beim selben Einsatz; eine Kurve braucht mindestens {min} verschiedene Einsätze.",
        "dash.too_few.students": "Noch zu wenige Daten für eine Kurve: alle {points} Punkte "
        "stammen von einer Person; eine Kurve braucht Punkte von mindestens {min} Personen.",
        "dash.turning": "{profile}: Hochpunkt bei {effort} h/Woche",
        "dash.no_turning": "{profile}: kein Hochpunkt (die Kurve biegt nicht nach unten)",
        "dash.unclear": "{profile}: kein klarer Hochpunkt – die angepasste Kurve biegt bei "
        "{effort} h/Woche ab, aber die Punkte zeigen noch keinen Abfall danach (ein Abflachen "
        "passt ebenso; geprüft, ob die Punkte erst steigen und dann fallen)",
        "status.lobby": "Warten auf den Start: Runde 1 von {rounds}",
        "status.running": "Runde {round} von {rounds} · noch {seconds} s",
        "status.paused": "Runde {round} von {rounds} · pausiert (noch {seconds} s)",
        "status.ended": "Spiel beendet nach {played} von {rounds} Runden",
        "status.ended.one": "Spiel beendet nach {played} von 1 Runde",
        "profile.low": "niedrige Wahrnehmung",
        "profile.high": "hohe Wahrnehmung",
        "join.title": "Mitmachen",
        "join.code": "Raumcode",
        "join.nickname": "Spitzname",
        "join.button": "Beitreten",
        "me.hello": "{nickname} · Ihr Profil: {profile}",
        "me.week": "Woche {week}",
        "me.plan": "Ihr Plan für die nächsten {weeks} Wochen (Stunden pro Woche)",
        "me.plan.one": "Ihr Plan für die nächste Woche (Stunden pro Woche)",
        "me.contact": "Kundenkontakte",
        "me.value": "Wertschaffende Arbeit (Vorbereitung, Probleme lösen)",
        "me.prospecting": "Akquise neuer Kunden",
        "me.total": "Summe: {total} h/Woche",
        "me.space": "Kunden Freiraum geben",
        "me.space.hint": "Kundennummern aus „Ihre Kunden“ unten, z. B. 3, 7: Sie halten sich "
        "bei diesen Kunden zurück, wie jemand, der ihr Signal bemerkt hat.",
        "me.submit": "Plan senden",
        "me.sent": "Plan gesendet: {contact} h Kontakte, {value} h wertschaffende Arbeit, "
        "{prospecting} h Akquise. Sie können ihn ändern, bis die Runde endet.",
        "me.sent.space": "Plan gesendet: {contact} h Kontakte, {value} h wertschaffende Arbeit, "
        "{prospecting} h Akquise; Freiraum für die Kunden {customers}. Sie können ihn ändern, "
        "bis die Runde endet.",
        "me.not_sent": "Noch nicht gesendet: Läuft die Zeit ab, gilt Ihr letzter Plan weiter.",
        "me.ended": "Das Spiel ist vorbei. Schauen Sie auf den Beamer.",
        "me.relationship": "Ihre Beziehungsqualität",
        "me.revenue": "Umsatz letzte Woche: {revenue} k€",
        "me.lost": "Bisher verlorene Kunden: {lost}",
        "me.customers": "Ihre Kunden",
        "me.customers.poor": "schwache",
        "me.customers.good": "gute Beziehung",
        "me.messages": "Was Ihre Kunden Sie wissen lassen",
        "me.no_messages": "Bisher nichts bemerkt.",
        "msg.curt": "Woche {week}: Kunde {customer} antwortete knapp und vertröstete Sie "
        "auf nächsten Monat.",
        "msg.busy": "Woche {week}: Kunde {customer} sagte, er sei gerade sehr beschäftigt.",
        "msg.slow": "Woche {week}: Kunde {customer} brauchte Tage für eine Antwort auf Ihre "
        "letzte Nachricht.",
        "msg.cancelled": "Woche {week}: Kunde {customer} sagte Ihren Termin ab.",
        "msg.lost": "Woche {week}: Kunde {customer} ging zur Konkurrenz; ein neuer Interessent "
        "nimmt den Platz ein.",
        "error.nickname.empty": "Bitte geben Sie einen Spitznamen ein.",
        "error.nickname.long": "Dieser Spitzname ist zu lang: höchstens {high} Zeichen.",
        "error.nickname.invalid": "Dieser Spitzname enthält Zeichen, die nicht angezeigt "
        "werden können.",
        "error.nickname.taken": "In diesem Raum heißt schon jemand {nickname}; wählen Sie "
        "einen anderen Spitznamen.",
        "error.room.unknown": "Es gibt keinen Raum {code}. Prüfen Sie den Code auf dem Beamer.",
        "error.room.closed": "Das Spiel in diesem Raum ist vorbei; er nimmt keine Teilnehmenden "
        "oder Pläne mehr an.",
        "error.room.full": "Dieser Raum ist voll ({high} Teilnehmende).",
        "error.rooms.full": "Dieser Server hat schon {high} Räume; beenden Sie einen oder "
        "warten Sie, bis ungenutzte Räume entfernt werden.",
        "error.token.unknown": "Dieser Lehrenden-Link ist ungültig (oder der Raum wurde nach "
        "langer Inaktivität entfernt).",
        "error.student.unknown": "Ihr Platz in diesem Raum wurde nicht gefunden; treten Sie "
        "erneut bei.",
        "error.student.removed": "Die Lehrperson hat Sie aus der Klasse genommen. Sie können "
        "erneut beitreten, mit einem anderen Spitznamen.",
        "error.student.missing": "In diesem Raum gibt es keine Teilnahme-Nr. {number}.",
        "error.undo.none": "Niemand wurde entfernt, der zurückgeholt werden könnte.",
        "error.undo.late": "{nickname} lässt sich nicht zurückholen: Seitdem wurde eine Runde "
        "gespielt. {nickname} kann neu beitreten.",
        "error.hours.number": "{name}: {value} ist keine Stundenzahl (0 oder mehr).",
        "error.hours.total": "Ihre Woche hat {total} Stunden; es müssen zwischen {low} und "
        "{high} sein.",
        "error.hours.contact": "Mindestens {share} % Ihrer Stunden müssen Kundenkontakte sein.",
        "error.space.range": "Die Kunden sind von 1 bis {high} nummeriert.",
        "error.space.many": "Geben Sie höchstens {high} Kunden pro Runde Freiraum.",
        "error.space.text": "Geben Sie Kundennummern mit Kommas getrennt ein, z. B. 3, 7.",
        "error.profile.started": "Profile lassen sich nur vor der ersten Runde ändern.",
        "error.profile.unknown": "Es gibt kein Profil „{name}“.",
        "error.setting": "{name}: {value} liegt außerhalb des Bereichs ({low} bis {high}).",
        "error.whole.empty": "Bitte geben Sie eine ganze Zahl ein.",
        "error.whole.number": "{value} ist keine ganze Zahl.",
    },
}


# The class data's columns in German (the German dashboard's CSV): the model's own as the app's
# exports call them (``sim.texts.COLUMNS_DE``), the classroom's here.
CLASS_COLUMNS_DE = {
    "student": "Teilnahme-Nr.",
    "nickname": "Spitzname",
    "round": "Runde",
    "decided": "Entschieden",
    "planned_contact_hours": "Geplante Kontaktstunden (h/Woche)",
    "planned_value_hours": "Geplante Stunden für wertschaffende Arbeit (h/Woche)",
    "planned_prospecting_hours": "Geplante Akquisestunden (h/Woche)",
    "given_space": "Kunden mit Freiraum",
    "lost_customers": "Verlorene Kunden (in der Woche)",
    "lost_customers_so_far": "Verlorene Kunden (bisher)",
}


def t(key: str, lang: str = "en", **values: object) -> str:
    """The text ``key`` in ``lang`` (English if the language is unknown), filled with
    ``values``."""
    table = TEXTS.get(lang, TEXTS["en"])
    return bound_units(table[key].format(**values), lang)


# The texts that label what an error names (a room setting, a kind of hours), by its name in
# ``frontends.classroom.room``.
ERROR_NAMES = {
    "rounds": "create.rounds",
    "weeks_per_round": "create.weeks_per_round",
    "round_seconds": "create.round_seconds",
    "customers_per_rep": "create.customers",
    "seed": "create.seed",
    "contact": "me.contact",
    "value": "me.value",
    "prospecting": "me.prospecting",
}


def error_text(key: str, lang: str = "en", **values: object) -> str:
    """The text of the error ``key`` in ``lang``: what it names labelled as the page labels it,
    numbers in the language's notation, a typed text quoted."""
    shown: dict[str, object] = {}
    for name, value in values.items():
        if name == "name" and value in ERROR_NAMES:
            shown[name] = t(ERROR_NAMES[str(value)], lang)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            shown[name] = format_number(value, lang)
        elif name == "value":
            shown[name] = quoted(value, lang)
        else:
            shown[name] = value
    return t(f"error.{key}", lang, **shown)


def profile_name(name: str, lang: str) -> str:
    """A profile's name in plain words (known names translated, others as given)."""
    key = f"profile.{name}"
    return t(key, lang) if key in TEXTS["en"] else name
