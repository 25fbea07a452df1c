"""The priors' reasons in German (``sim.priors.PRIORS``, whose ``reason`` is English).

Kept apart from ``sim.priors`` so that a change of wording here changes no model fingerprint
(``sim.MODEL_VERSION`` reads the files the model imports; the model never imports this one).
Each reason says what its English one says: the same sources, figures and ranges, with decimal
commas. ``tests/test_priors.py`` checks that every prior has one and that the figures agree.
"""

from __future__ import annotations

GODFREY_DE = (
    "Godfrey, Seiders & Voss (2011, J. Marketing 75(4):94–109; 1.162 Kunden von Autohändlern "
    "über 39 Monate)"
)

REASONS_DE: dict[str, str] = {
    "reps.effort_spread": (
        "Keine Quelle. Von keiner Streuung (alle arbeiten gleich viel) bis zu einer Streuung "
        "von 5 h/Woche um das Mittel des Teams."
    ),
    "reps.trait_spread": (
        "Keine Quelle. Unterschiede der Empathie in einem Team, das als niedrig oder hoch "
        "ausgewählt wurde."
    ),
    "reps.contact_share": (
        "Keine Quelle. Im Außendienst geht der größte Teil der Kundenzeit in Kontakte; "
        "unter 0,6 wäre es kaum noch eine Tätigkeit mit Kundenkontakt, über 0,9 bliebe keine "
        "Zeit zur Vorbereitung."
    ),
    "reps.prospecting_share": (
        "Keine Quelle. Die Stunden ohne Kontakt teilen sich in Vorbereitung für bestehende "
        "Kunden und die Suche nach neuen; alles von einem Fünftel bis zu drei Fünfteln."
    ),
    "reps.pushiness": (
        "Keine Quelle. Die „verzweifelten oder aufdringlichen“ Personen des "
        "Ausgangsartikels: wie weit jemand ohne Emotionsregulation freie Stunden in Kontakte "
        "verwandelt, wenn sich die Beziehungen verschlechtern. Bewusst breit gewählt."
    ),
    "reps.backoff": (
        "Keine Quelle. Ein bemerktes Signal senkt die Kontakte zu diesem Kunden um ein Fünftel "
        "bis sieben Zehntel (auf 0,8–0,3 dessen, was sie waren)."
    ),
    "reps.cut_reading": (
        "Keine Quelle. Ein Signal bemerken und einschätzen, wie viel weniger Kontakt der "
        "Kunde will: Zu beidem gehört, den Kunden richtig einzuschätzen (Einschätzung fremder "
        "Emotionen, WLEIS; "
        "Emotionen wahrnehmen und verstehen, Mayer & Salovey 1997); keine Studie misst, wie die "
        "Größe der Anpassung einer Person mit der EI variiert. Von einer Rücknahme, die "
        "bei allen gleich ausfällt, die das Signal bemerken (0), bis zu einer, die so tief ist, "
        "wie die Person das Signal richtig deutet (1)."
    ),
    "reps.book_knowledge": (
        "Keine Quelle. Von einem Portfolio, das der betreuenden Person neu ist (sie hat nichts "
        "zurückgenommen), bis zu einem, das lange genug betreut wurde, dass sie jedes Übermaß "
        "zurückgenommen hat, das sie wahrnimmt. Die Studie befragte berufstätige "
        "Personen im Vertrieb, keine neuen Gebiete; eine Zahl zur Betriebszugehörigkeit "
        "liegt nicht vor, daher der ganze Bereich."
    ),
    "reps.forgetting": (
        "Keine Quelle. Eine Rücknahme verliert sich mit einer Halbwertszeit von 4 bis 35 Wochen "
        "(der alte Kontaktplan kehrt zurück)."
    ),
    "customers.per_rep": (
        "Keine Quelle in der Studie. Portfolios von Außendienst und Key-Account-Management; "
        "20 (Großkunden) bis 80 (kleinere Geschäftskunden) Kunden je Person."
    ),
    "customers.need": (
        f"{GODFREY_DE}: ideal waren etwa 3 Anrufe (3–4 E-Mails) je 3 Monate, 0,23–0,3 pro "
        "Woche. Erweitert auf einen Kontakt alle 10 Wochen bis einen alle 2 Wochen (andere "
        "Branchen)."
    ),
    "customers.need_spread": (
        "Keine Quelle für die Streuung zwischen Kunden; von gleich bis zu einem Faktor von etwa "
        "5 zwischen dem 10. und 90. Perzentil."
    ),
    "customers.tolerance": (
        f"{GODFREY_DE} beschreiben einen „schmalen Grat“: Der Wiederkauf fällt bald, nachdem "
        "das Ideal überschritten ist; eine Breite wird nicht berichtet. Von 20 % über dem Ideal "
        "bis zum Dreifachen."
    ),
    "customers.tolerance_spread": (
        "Keine Quelle. Kunden unterscheiden sich darin, wie viel Kontakt sie ertragen; ein "
        "Faktor von 1,7 bis 13 zwischen dem 10. und 90. Perzentil des Überschusses über das "
        "Ideal."
    ),
    "customers.signal_clarity": (
        "Der Ausgangsartikel: Kunden signalisieren „subtil“. Bis zu 30 % der Signale sind deutlich "
        "genug, dass jede Person sie bemerkt."
    ),
    "customers.memory_weeks": (
        f"{GODFREY_DE} maßen die Kontakthäufigkeit über Fenster von 3 Monaten (13 Wochen); "
        "Kunden urteilen vielleicht über nur 2 Wochen."
    ),
    "customers.initial_relationship": (
        "Keine Quelle. Ein etabliertes Portfolio, dessen Kunden weder neu noch besonders treu "
        "sind; der Wert ist relativ."
    ),
    "customers.prospect_relationship": (
        "Keine Quelle. Ein neu gewonnener Kunde beginnt deutlich unter einem etablierten."
    ),
    "dynamics.hours_per_contact": (
        "Keine Quelle. Von einem vorbereiteten Telefonat (etwa 1 h mit Vor- und Nachbereitung) "
        "bis zu einem Besuch mit Anreise (etwa 4 h)."
    ),
    "dynamics.reciprocity": (
        "Keine Quelle. Erwünschte Kontakte in idealer Häufigkeit schließen pro Woche 4–16 % der "
        "Lücke zu einer perfekten Beziehung: Monate, nicht Tage oder Jahre, um eine aufzubauen."
    ),
    "dynamics.irritation_per_contact": (
        "Für Reaktanz (Dillard & Shen 2005) gibt es keine übertragbare Skala; ein Faktor von 2,5 "
        "in beide Richtungen um den Standardwert."
    ),
    "dynamics.irritation_fade": (
        "Keine Quelle. Reaktanz klingt mit einer Halbwertszeit von 4 bis 35 Wochen ab."
    ),
    "dynamics.heard_relief": (
        "Reaktanz sinkt, wenn die bedrohte Freiheit wiederhergestellt ist (Brehm 1966; Brehm & "
        "Brehm 1981); eine fair beantwortete Beschwerde mindert ihre negativen Emotionen (Tax, "
        "Brown & Chandrashekaran 1998, Journal of Marketing 62(2)). Eine Größe ist nicht "
        "veröffentlicht: von keiner Erleichterung (0) bis dahin, dass alle Verärgerung verfliegt, "
        "sobald die Person antwortet (1)."
    ),
    "dynamics.erosion": "Keine Quelle. Ein Faktor von 2 in beide Richtungen um den Standardwert.",
    "dynamics.decay": (
        "Keine Quelle. Eine ungepflegte Beziehung verliert 1–6 % pro Woche (Halbwertszeit 3 bis "
        "16 Monate), durch Wettbewerber und verblassende Erinnerung."
    ),
    "dynamics.sensitisation": (
        f"{GODFREY_DE}: Die ideale Zahl der Kontakte in einem Kanal sinkt, wenn die Menge in "
        "anderen steigt; was ein Kunde erträgt, hängt also von den anderen Kontakten ab, die er "
        "bekommt. Dass vergangene Kontakte eine bleibende Abnutzung hinterlassen, ist eine "
        "Annahme; der nächste Beleg ist der „Wear-out“ von Werbung (Pechmann & Stewart 1988, "
        "Current Issues & Research in Advertising 11), der Reaktionen mit der Wiederholung "
        "negativ werden lässt. Eine Größe ist nicht veröffentlicht: von keiner (0) bis zu einer "
        "Toleranz, die eine Abnutzung von 1 auf ein Viertel senkt."
    ),
    "dynamics.wear_fade": (
        "Keine Quelle. Die Spur des Bedrängtwerdens überdauert die Verärgerung: eine "
        "Halbwertszeit von etwa 5 Monaten bis 4 Jahren."
    ),
    "dynamics.regulation_protection": (
        "Hennig-Thurau et al. (2006): Die Echtheit des Ausdrucks zählt mehr als seine Menge, ein "
        "Grund, Regulation eigens abzubilden. Die Größe ist eine Annahme: Eine voll regulierte "
        "Person vermeidet die Hälfte bis fast den gesamten Schaden eines unerwünschten Kontakts."
    ),
    "dynamics.quality_gain": (
        "Keine Quelle. Vorbereitung und Problemlösung machen einen Kontakt 1,3- bis 3-mal so "
        "wertvoll (um 30 % bis 200 % wertvoller)."
    ),
    "dynamics.quality_hours": (
        "Keine Quelle. Wertschaffende Arbeit von 6 bis 54 Minuten je Kunde und Woche bringt den "
        "größten Teil ihres Gewinns."
    ),
    "dynamics.signal_irritation": (
        "Keine Quelle. Wie verärgert ein Kunde sein muss, bevor er Signale gibt; ein Faktor von "
        "2,5 in beide Richtungen."
    ),
    "dynamics.cue_onset": (
        f"{GODFREY_DE}: Die Reaktionen gehen von Reziprozität über einen Idealpunkt zu "
        "Reaktanz, also wendet sich die Reaktion eines Kunden, bevor die Grenze überschritten "
        "ist; eine Größe ist nicht veröffentlicht. Von Anzeichen bei 60 % der Toleranz bis zu "
        "gar keinen (1)."
    ),
    "dynamics.detection_steepness": (
        "Keine Quelle für die Steigung. Das Erkennen subtiler Signale steigt zwischen "
        "Wahrnehmung 0 und 1 von 12 % auf 88 % (Steilheit 4) oder von 0,03 % auf 99,97 % "
        "(Steilheit 16)."
    ),
    "dynamics.falling_scale": (
        "Keine Quelle. Eine Person spürt fallende Beziehungen mit voller Kraft nach einem "
        "Rückgang von 2,5–10 Punkten der Beziehungsqualität unter ihr jüngstes Niveau."
    ),
    "dynamics.recent_weight": (
        "Keine Quelle. Was eine Person als „jüngst“ empfindet, umfasst 10 bis 40 Wochen."
    ),
    "dynamics.purchase_rate": "Keine Quelle. Ein treuer Kunde kauft alle 2,5 bis 10 Wochen.",
    "dynamics.churn_hazard": (
        "Bolton (1998): Die Dauer folgt der kumulierten Zufriedenheit (keine B2B-Rate "
        "angegeben). Ein Kunde mit Beziehungsqualität 0,5 geht mit 0,4–2,5 % pro Woche verloren "
        "(18–73 % im Jahr)."
    ),
    "dynamics.prospect_warmth": (
        "Keine Quelle. Sorgfältige Akquise bringt Interessenten, die um 0,1 bis 0,5 wärmer "
        "beginnen."
    ),
    "dynamics.prospect_hours": (
        "Keine Quelle. Der größte Teil des Nutzens der Akquise für die Qualität der "
        "Interessenten kommt innerhalb von 2–10 h pro Woche."
    ),
    "dynamics.prospect_revenue": (
        "Keine Quelle. Neugeschäft von 20–100 € je Akquisestunde, gegenüber einem mittleren "
        "Kauf von 1 k€ (der Recheneinheit)."
    ),
    "dynamics.acquisition_hours": (
        "Keine Quelle. Von 0 (ein verlorener Kunde wird sofort ersetzt, wie dort, wo die Firma "
        "Kunden aus einem Pool zuteilt) bis zu 80 Akquisestunden je gewonnenem Kunden (etwa 1,6 "
        "neue Kunden im Jahr für eine Person mit Standardwerten bei 30 h, die etwa 2,4 h pro "
        "Woche akquiriert); gleichverteilt, weil 0 eine eigene Regel ist, keine kleine Rate."
    ),
    "customers.unwon_share": (
        "Keine Quelle. Von einem Gebiet, dessen Kunden alle gewonnen sind, bis zu einem, in dem "
        "die Hälfte noch zu gewinnen ist; wirkt nur dort, wo das Gewinnen eines Kunden Stunden "
        "kostet (acquisition_hours > 0)."
    ),
    # --- the discrete schedule's channels (``DISCRETE_PRIORS``) -------------------------------
    "channels.visit_hours": (
        "Keine Quelle. Ein Besuch beim Kunden mit Vorbereitung, Anreise und Nachbereitung: ein "
        "halber Vormittag bis zu einem Reisetag zu einem entfernten Kunden."
    ),
    "channels.call_hours": (
        "Keine Quelle. Ein vorbereitetes Telefonat mit Notizen danach: eine halbe Stunde bis "
        "zwei Stunden."
    ),
    "channels.email_hours": (
        "Keine Quelle. Eine persönliche, vorbereitete E-Mail (kein Massenversand): 6 Minuten bis "
        "eine Stunde."
    ),
    "channels.visit_weight": (
        f"{GODFREY_DE} maßen Anrufe, E-Mails und Briefe, keine Besuche: keine veröffentlichte "
        "Zahl. Ein Besuch ist reicher als ein Anruf (willkommen) und nimmt mehr Zeit des Kunden "
        "in Anspruch (aufdringlich); von einem halben Anruf bis zu zwei Anrufen."
    ),
    "channels.email_weight": (
        f"{GODFREY_DE}: Ideal waren über 3 Monate etwa 3 Anrufe oder 3–4 E-Mails, eine E-Mail "
        "zählt also gegenüber dem Ideal etwa 0,85 eines Anrufs. Die Kunden eines Autohändlers; "
        "erweitert auf 0,4–1,5 für andere Branchen und persönlichere E-Mails."
    ),
}
