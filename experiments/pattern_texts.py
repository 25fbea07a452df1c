"""Every text of ``rapport patterns``' pages, figures and lines, in English and German.

The pattern map computes its numbers once (``experiments.patterns``) and its pages say them with
``say``; the same numbers come out in either language, written as people write them there
(``number``, ``percent``: German decimal commas, a minus sign, "57 %"). English numbers are
written as Python writes them, as they always were. The data files (``patterns.json``,
``paired.json``, the stored runs) keep the English texts in either language, so that scripts read
the same files; a box's name (``mechanism``) is said again in German from the box itself. Terms
follow the app's German (``sim.texts``): Beziehungsqualität, Einsatz, niedrige/hohe EI,
95-%-Intervall; parameters by the schema's German labels, with their dotted names beside them. The
German table has every key and placeholder of the English one (a test checks it).
"""

from __future__ import annotations

# numbers and percentages written as the replication's pages write them
from experiments.replicate.texts import number, percent
from sim.texts import INTERVAL_DE, say_from

__all__ = ["MECHANISM_NAMES", "TEXTS", "number", "percent", "say"]

# What a box restricting a parameter at the low or the high end of its prior means, in the
# model's terms: ``mechanism.NAME.low`` and ``mechanism.NAME.high``.
_MECHANISMS_EN: dict[str, tuple[str, str]] = {
    "customers.tolerance": (
        "customers bear little beyond their ideal",
        "tolerant customers: over-contact comes late",
    ),
    "customers.tolerance_spread": (
        "customers alike in tolerance: over-contact hits all at once",
        "tolerance varies widely: some customers are over-contacted at any effort, others never",
    ),
    "customers.need": ("customers want few contacts", "customers want many contacts"),
    "customers.signal_clarity": (
        "signals subtle",
        "signals clear: even low-EI reps notice and back off",
    ),
    "customers.memory_weeks": (
        "customers judge recent weeks only",
        "customers judge contact over months",
    ),
    "customers.per_rep": ("small portfolios", "large portfolios"),
    "dynamics.erosion": (
        "irritation barely erodes relationships",
        "irritation erodes relationships fast",
    ),
    "dynamics.irritation_per_contact": (
        "unwanted contacts irritate little",
        "unwanted contacts irritate a lot",
    ),
    "dynamics.irritation_fade": (
        "irritation lingers: damage accumulates, also for high-EI reps",
        "irritation fades fast: damage does not accumulate",
    ),
    "dynamics.churn_hazard": (
        "few customers leave: damage stays in the portfolio",
        "irritated customers leave and fresh prospects replace them (the portfolio renews)",
    ),
    "dynamics.reciprocity": (
        "contacts build relationships slowly",
        "welcome contacts build relationships fast, outweighing the harm",
    ),
    "dynamics.decay": ("relationships hardly decay untended", "relationships decay fast untended"),
    "dynamics.regulation_protection": (
        "regulation protects little: high-EI reps harm too",
        "regulation protects well",
    ),
    "dynamics.detection_steepness": (
        "detection differs little between low- and high-perception reps",
        "detection separates low- and high-perception reps sharply",
    ),
    "dynamics.signal_irritation": (
        "customers hint early",
        "customers hint only when very irritated",
    ),
    "dynamics.quality_gain": ("value work adds little", "value work adds a lot"),
    "dynamics.quality_hours": ("value work pays off quickly", "value work pays off slowly"),
    "dynamics.purchase_rate": ("customers buy rarely", "customers buy often"),
    "dynamics.prospect_revenue": (
        "prospecting earns little: freed hours do not raise revenue",
        "prospecting earns a lot",
    ),
    "dynamics.acquisition_hours": (
        "lost customers are replaced at once or soon: a damaged portfolio renews itself",
        "winning a customer takes many hours: lost customers leave empty places",
    ),
    "dynamics.hours_per_contact": ("short contacts", "long contacts"),
    "reps.pushiness": ("low-EI reps hardly push", "low-EI reps push hard"),
    "reps.forgetting": (
        "backed-off plans stay backed off",
        "reps forget hints fast and over-contact again",
    ),
    "reps.backoff": ("a noticed hint cuts contacts a lot", "a noticed hint cuts contacts little"),
    "dynamics.heard_relief": (
        "a heard complaint leaves the customer as irritated",
        "a heard complaint calms the customer",
    ),
    "reps.cut_reading": (
        "a noticed hint cuts as deep whoever reads it",
        "a cut is as deep as the rep reads the hint",
    ),
    "reps.contact_share": ("reps plan few contacts", "reps plan almost only contacts"),
    "reps.effort_spread": (
        "reps of a team work alike hours",
        "reps differ much in hours: some over-contact at any team effort",
    ),
    "reps.trait_spread": (
        "reps of a team alike in empathy",
        "reps differ much in empathy: low-EI teams hold some perceptive reps, and the reverse",
    ),
    "reps.prospecting_share": (
        "freed hours go mostly to value work",
        "freed hours go mostly to prospecting",
    ),
    "reps.book_knowledge": (
        "reps new to their book plan the full effort for every customer",
        "reps know their book: perceived excesses cut before week 1",
    ),
    "customers.need_spread": (
        "customers alike in how many contacts they want",
        "customers differ much in how many contacts they want",
    ),
    "customers.initial_relationship": (
        "relationships start weak",
        "relationships start strong: little left to build",
    ),
    "customers.prospect_relationship": (
        "new customers start cold",
        "new customers start warm: churn costs little",
    ),
    "customers.unwon_share": (
        "territories fully won at the start",
        "much of the territory still to win: hours pay off in new accounts",
    ),
    "dynamics.sensitisation": (
        "over-contact leaves customers' tolerance as it was",
        "over-contact wears customers' tolerance down",
    ),
    "dynamics.wear_fade": (
        "worn tolerance recovers slowly",
        "worn tolerance recovers fast",
    ),
    "dynamics.cue_onset": (
        "calm customers show early cues well before their limit",
        "no early cues: only irritated customers hint",
    ),
    "dynamics.falling_scale": (
        "reps feel small falls as large: they push early",
        "reps feel only large falls",
    ),
    "dynamics.recent_weight": (
        "reps judge falls against a long memory",
        "reps judge falls against last weeks only",
    ),
    "dynamics.prospect_warmth": (
        "prospecting barely warms new customers",
        "prospecting brings warm new customers",
    ),
    "dynamics.prospect_hours": (
        "a few prospecting hours warm new customers fully",
        "warm new customers take many prospecting hours",
    ),
    "channels.visit_hours": ("short visits", "long visits"),
    "channels.call_hours": ("short calls", "long calls"),
    "channels.email_hours": ("quick e-mails", "slow e-mails"),
    "channels.visit_weight": (
        "a visit weighs little against the customer's ideal",
        "a visit weighs much against the customer's ideal",
    ),
    "channels.email_weight": (
        "an e-mail weighs little against the customer's ideal",
        "an e-mail weighs much against the customer's ideal",
    ),
}

_MECHANISMS_DE: dict[str, tuple[str, str]] = {
    "customers.tolerance": (
        "Kunden ertragen wenig über ihr Ideal hinaus",
        "tolerante Kunden: zu viel Kontakt wirkt erst spät",
    ),
    "customers.tolerance_spread": (
        "Kunden sind ähnlich tolerant: zu viel Kontakt trifft alle auf einmal",
        "Toleranz sehr verschieden: manche Kunden bekommen bei jedem Einsatz zu viel Kontakt, "
        "andere nie",
    ),
    "customers.need": ("Kunden wollen wenige Kontakte", "Kunden wollen viele Kontakte"),
    "customers.signal_clarity": (
        "Signale sind kaum merklich",
        "Signale deutlich: auch Personen mit niedriger EI bemerken sie und halten sich zurück",
    ),
    "customers.memory_weeks": (
        "Kunden urteilen nur über die letzten Wochen",
        "Kunden urteilen über die Kontakte mehrerer Monate",
    ),
    "customers.per_rep": ("kleine Portfolios", "große Portfolios"),
    "dynamics.erosion": (
        "Verärgerung schadet Beziehungen kaum",
        "Verärgerung schadet Beziehungen schnell",
    ),
    "dynamics.irritation_per_contact": (
        "unerwünschte Kontakte verärgern wenig",
        "unerwünschte Kontakte verärgern stark",
    ),
    "dynamics.irritation_fade": (
        "Verärgerung hält an: Schaden häuft sich, auch bei hoher EI",
        "Verärgerung klingt schnell ab: Schaden häuft sich nicht",
    ),
    "dynamics.churn_hazard": (
        "wenige Kunden gehen: der Schaden bleibt im Portfolio",
        "verärgerte Kunden gehen und neue ersetzen sie (das Portfolio erneuert sich)",
    ),
    "dynamics.reciprocity": (
        "Kontakte bauen Beziehungen langsam auf",
        "willkommene Kontakte bauen Beziehungen schnell auf und wiegen den Schaden auf",
    ),
    "dynamics.decay": (
        "Beziehungen verfallen ohne Pflege kaum",
        "Beziehungen verfallen ohne Pflege schnell",
    ),
    "dynamics.regulation_protection": (
        "Regulation schützt wenig: auch Personen mit hoher EI schaden den Beziehungen",
        "Regulation schützt gut",
    ),
    "dynamics.detection_steepness": (
        "Erkennen unterscheidet sich kaum zwischen niedriger und hoher Wahrnehmung",
        "Erkennen trennt niedrige und hohe Wahrnehmung scharf",
    ),
    "dynamics.signal_irritation": (
        "Kunden geben früh Signale",
        "Kunden geben erst sehr verärgert Signale",
    ),
    "dynamics.quality_gain": (
        "wertschaffende Arbeit bringt wenig",
        "wertschaffende Arbeit bringt viel",
    ),
    "dynamics.quality_hours": (
        "wertschaffende Arbeit lohnt sich schnell",
        "wertschaffende Arbeit lohnt sich langsam",
    ),
    "dynamics.purchase_rate": ("Kunden kaufen selten", "Kunden kaufen oft"),
    "dynamics.prospect_revenue": (
        "Akquise bringt wenig: freie Stunden heben den Umsatz nicht",
        "Akquise bringt viel",
    ),
    "dynamics.acquisition_hours": (
        "verlorene Kunden werden sofort oder bald ersetzt: ein beschädigtes Portfolio "
        "erneuert sich",
        "einen Kunden zu gewinnen kostet viele Stunden: verlorene Kunden hinterlassen Lücken",
    ),
    "dynamics.hours_per_contact": ("kurze Kontakte", "lange Kontakte"),
    "reps.pushiness": (
        "Personen mit niedriger EI drängen kaum",
        "Personen mit niedriger EI drängen stark",
    ),
    "reps.forgetting": (
        "zurückgenommene Pläne bleiben zurückgenommen",
        "Personen vergessen Signale schnell und kontaktieren wieder zu viel",
    ),
    "reps.backoff": (
        "ein bemerktes Signal senkt die Kontakte stark",
        "ein bemerktes Signal senkt die Kontakte wenig",
    ),
    "dynamics.heard_relief": (
        "eine gehörte Beschwerde lässt den Kunden so verärgert wie zuvor",
        "eine gehörte Beschwerde beruhigt den Kunden",
    ),
    "reps.cut_reading": (
        "ein bemerktes Signal senkt gleich tief, wer es auch liest",
        "wie tief gesenkt wird, hängt davon ab, wie die Person das Signal liest",
    ),
    "reps.contact_share": (
        "Personen planen wenige Kontakte",
        "Personen planen fast nur Kontakte",
    ),
    "reps.effort_spread": (
        "Personen eines Teams arbeiten ähnlich viele Stunden",
        "Stunden im Team sehr verschieden: manche kontaktieren bei jedem Einsatz des Teams zu viel",
    ),
    "reps.trait_spread": (
        "Personen eines Teams sind ähnlich empathisch",
        "Empathie im Team sehr verschieden: Teams mit niedriger EI haben einige aufmerksame "
        "Personen, und umgekehrt",
    ),
    "reps.prospecting_share": (
        "freie Stunden gehen meist in wertschaffende Arbeit",
        "freie Stunden gehen meist in Akquise",
    ),
    "reps.book_knowledge": (
        "Personen, neu bei ihren Kunden, planen für jeden Kunden den vollen Einsatz",
        "Personen kennen ihre Kunden: erkannte Übermaße sind vor Woche 1 gekürzt",
    ),
    "customers.need_spread": (
        "Kunden wollen ähnlich viele Kontakte",
        "Kunden wollen sehr verschieden viele Kontakte",
    ),
    "customers.initial_relationship": (
        "Beziehungen beginnen schwach",
        "Beziehungen beginnen stark: wenig bleibt aufzubauen",
    ),
    "customers.prospect_relationship": (
        "neue Kunden beginnen kalt",
        "neue Kunden beginnen warm: verlorene Kunden kosten wenig",
    ),
    "customers.unwon_share": (
        "Gebiete sind zu Beginn ganz gewonnen",
        "viel vom Gebiet noch zu gewinnen: Stunden zahlen sich in neuen Kunden aus",
    ),
    "dynamics.sensitisation": (
        "zu viel Kontakt lässt die Toleranz der Kunden, wie sie war",
        "zu viel Kontakt nutzt die Toleranz der Kunden ab",
    ),
    "dynamics.wear_fade": (
        "abgenutzte Toleranz erholt sich langsam",
        "abgenutzte Toleranz erholt sich schnell",
    ),
    "dynamics.cue_onset": (
        "ruhige Kunden zeigen frühe Signale lange vor ihrer Grenze",
        "keine frühen Signale: nur verärgerte Kunden geben Signale",
    ),
    "dynamics.falling_scale": (
        "Personen empfinden kleine Verschlechterungen als groß: sie drängen früh",
        "Personen spüren nur große Verschlechterungen",
    ),
    "dynamics.recent_weight": (
        "Personen messen Verschlechterungen an einem langen Gedächtnis",
        "Personen messen Verschlechterungen nur an den letzten Wochen",
    ),
    "dynamics.prospect_warmth": (
        "Akquise wärmt neue Kunden kaum",
        "Akquise bringt warme neue Kunden",
    ),
    "dynamics.prospect_hours": (
        "wenige Akquisestunden wärmen neue Kunden ganz",
        "warme neue Kunden brauchen viele Akquisestunden",
    ),
    "channels.visit_hours": ("kurze Besuche", "lange Besuche"),
    "channels.call_hours": ("kurze Anrufe", "lange Anrufe"),
    "channels.email_hours": ("schnelle E-Mails", "langsame E-Mails"),
    "channels.visit_weight": (
        "ein Besuch wiegt wenig gegen das Ideal des Kunden",
        "ein Besuch wiegt viel gegen das Ideal des Kunden",
    ),
    "channels.email_weight": (
        "eine E-Mail wiegt wenig gegen das Ideal des Kunden",
        "eine E-Mail wiegt viel gegen das Ideal des Kunden",
    ),
}


# The parameters whose ends name a mechanism (any other is named by its end: "low NAME").
MECHANISM_NAMES = tuple(_MECHANISMS_EN)


def _mechanisms(table: dict[str, tuple[str, str]]) -> dict[str, str]:
    return {
        f"mechanism.{name}.{side}": text
        for name, ends in table.items()
        for side, text in zip(("low", "high"), ends, strict=True)
    }


TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "percent": "{n}%",
        # the parts of the pattern (``experiments.pattern_config.CRITERIA``), and in a word or two
        "criterion.low_interior_peak": "low EI: peak inside the scan",
        "criterion.low_falls": "low EI: falls ≥ the required share from its peak",
        "criterion.high_keeps": "high EI: ends ≥ the required share of its best",
        "criterion.high_revenue_rising": "high EI: revenue still rising at the end",
        "part.low_interior_peak": "low-EI peak",
        "part.low_falls": "low-EI fall",
        "part.high_keeps": "high-EI keeps its best",
        "part.high_revenue_rising": "high-EI revenue",
        "whole": "whole pattern",
        "one_seed": "one seed per point: every verdict rests on that one seed, and which verdicts "
        "its Monte Carlo noise decides is not measured (replications: 2 or more measure it)",
        # the groups of failing points (``failure_text``)
        "failures.nowhere": "fails nowhere",
        "failures.at.one": "fails at {points} point: {groups}",
        "failures.at": "fails at {points} points: {groups}",
        "failures.group": "{parts} {points}",
        "failures.group.alone": "{parts} alone {points}",
        "failures.more.one": "{points} more in {groups} other group",
        "failures.more": "{points} more in {groups} other groups",
        # a box's limits and name (``bound_text``, ``restriction_text``, ``box_name``)
        "bound.low": "at most {high}",
        "bound.high": "at least {low}",
        "bound.middle": "between {low} and {high}",
        "restriction": "{parameter} is {bound}",
        "side.low": "low end",
        "side.high": "high end",
        "side.middle": "two-sided (a range)",
        "mechanism.low": "low {parameter}",
        "mechanism.high": "high {parameter}",
        "box.fails": "fails",
        "box.fails.part": "fails: {part}",
        "box.where": "{fails}; where {mechanisms}",
        "team.low": "low",
        "team.high": "high",
        # the page
        "title": "Pattern map: {name}",
        "no_results": "No results yet.",
        "intro": "{samples} Latin-hypercube points over the priors of {parameters} parameters "
        "(sim/priors.py), {replications} {seeds} each; at each point effort is scanned in "
        "{steps} steps from {start} h/week to where planned contacts exceed customers' mean "
        "tolerance by {overshoot}, for a low-EI team (perception {low_perception}, regulation "
        "{low_regulation}) and a high-EI team ({high_perception}, {high_regulation}). {failed} "
        "run(s) failed. Relationship quality is judged {measure}{inert}",
        "intro.seed": "seed",
        "intro.seeds": "seeds",
        "intro.with_lost": "over the customers a team has at each horizon and those it lost in "
        "the {weeks} weeks before, a lost customer counting as no relationship.",
        "intro.current": "at each horizon over the team's customer slots, a slot left empty "
        "(after a customer left or not yet won) counting as no relationship.",
        "intro.inert": " Scenario discovery leaves out {names}: sampled, but acting at no point "
        "here (`rapport params`: 'Acts only when').",
        "heading.holds": "Where the pattern holds",
        "column.horizon_weeks": "horizon (weeks)",
        "column.points": "points",
        "column.holds": "pattern holds",
        "column.ci": "95 % CI",
        "column.flips": "one seed flips the verdict",
        "ci.fragile": 'The 95 % CI is over the points (how many were sampled). "One seed flips '
        'the verdict" is the Monte Carlo noise at the points themselves: the share of points '
        "whose verdict changes when any one of the seeds is left out, because their curves lie "
        "near a criterion's threshold. patterns.json gives it per part of the pattern and the "
        "share if every such verdict went the other way.",
        "ci.one_seed": "The 95 % CI is over the points (how many were sampled). {one_seed}.",
        "heading.parts": "Which parts fail, and together with which",
        "column.parts_fail": "parts that fail",
        "column.parts_flip": "of them, one seed flips the verdict",
        "heading.boxes": "Where it fails: PRIM boxes over the priors",
        "boxes.intro": "Scenario discovery (PRIM, EMA Workbench): each box is a region of the "
        "prior space where failures concentrate. Coverage: share of all failures inside the box; "
        "density: share of the points inside that fail. Boxes are found one after another on the "
        "points left.",
        "box.heading": "{horizon} weeks, box {i}: {mechanism}",
        "box.sizes": "coverage {coverage}, density {density}, mass {mass}",
        "column.parameter": "parameter",
        "column.box": "box",
        "column.unit": "unit",
        "column.prior": "prior",
        "column.side": "side",
        "prior": "{low}–{high} ({kind})",
        "prior.uniform": "uniform",
        "prior.loguniform": "log-uniform",
        "heading.factors": "Which parameters move the verdict",
        "factors.intro": "Monte Carlo filtering: for each parameter, the Kolmogorov–Smirnov "
        "distance between its values where the pattern holds and where it fails (q: p-value "
        "adjusted over the parameters, Benjamini–Hochberg), and the share of points where the "
        "pattern holds in the lowest, middle and highest third of its sampled values. Parts: "
        "those whose share moves by {moves} percentage points or more over the thirds. A "
        "parameter that lifts one part and lowers another pulls the pattern both ways. The "
        "{shown} largest distances per horizon; patterns.json has every parameter.",
        "column.horizon": "horizon",
        "column.ks": "KS",
        "column.q": "q",
        "column.thirds": "holds (low / mid / high third)",
        "column.parts_move": "parts that move",
        "factors.both": "Parameters that pull the parts both ways (one part gains {moves} "
        "percentage points or more from the lowest third to the highest, another loses as "
        "much): no single range of them makes every part hold, so the pattern as a whole moves "
        "little with them although its parts do.",
        "heading.part_boxes": "Where each part of the pattern fails",
        "column.part": "part",
        "column.fails_in": "fails in",
        "column.coverage": "coverage",
        "column.density": "density",
        "column.restrictions": "restrictions",
        "column.mechanism": "mechanism",
        "heading.reproduce": "Reproduce",
        "reproduce": "rapport patterns config.yaml --out DIR (config.yaml in this folder holds "
        "the resolved settings); running it again executes only missing runs.",
        # the figures
        "figure.weeks": "{horizon} weeks",
        "figure.share": "share of the prior space",
        "figure.shares": "Share of the prior space where the pattern (and each part) holds",
        "figure.team": "{team} EI, {horizon} weeks",
        "figure.effort": "effort / end of scan",
        "figure.relative": "relational perf. / best",
        "figure.curves": "Relational performance over the effort scan at every point (blue: "
        "pattern holds, vermillion: fails), scaled to each curve's best",
        "figure.holds": "holds",
        "figure.fails": "fails",
        "figure.box": "{horizon} weeks: the first PRIM box over its two most restricted parameters",
        # the paired page (``write_paired``)
        "paired.title": "Two pattern maps, point by point",
        "paired.lead": "<p>This map (<code>{first}</code>, teams: {here}) against "
        "<code>{second}</code> (teams: {there}), the same points and seeds, model version "
        "<code>{version}</code>: points where each part of the pattern holds, and McNemar's "
        "exact test on the points whose verdicts differ.</p>",
        "paired.differ": "Besides the teams, the two maps' runs differ in:",
        "paired.same": "Besides the teams, the two maps ran the same worlds (the same held "
        "priors and base scenario).",
        "paired.setting": "setting",
        "paired.here": "here",
        "paired.there": "there",
        "paired.horizon": "{horizon} weeks ({points} points)",
        "paired.holds_here": "holds here",
        "paired.both": "in both",
        "paired.here_only": "here only",
        "paired.there_only": "there only",
        "paired.p": "McNemar p",
        "paired.sampled": "sampled",
        "paired.unset": "unset",
        # the lines the command prints
        "printed.runs": "Pattern map {name}: {total} runs; {done} executed now, {skipped} already "
        "done, {failed} failed ({seconds} s).",
        "printed.horizon": "  {horizon} weeks: pattern holds in {share} of {points} points (95 % "
        "CI {low}–{high}); {noise}",
        "printed.flips": "one seed flips the verdict at {share}",
        "printed.box": "        box {i} (coverage {coverage}, density {density}): {mechanism}",
        "printed.movers": "        moves the verdict most: {movers}",
        "printed.mover": "{parameter} (holds {thirds} by third)",
        "printed.page": "Page: {page}",
        "printed.not_compared": "Not compared with {paired}: this map has failed runs.",
        "printed.pairs": "Point by point, this map ({out}) against {paired}:",
        "printed.teams": "  teams here {here}, there {there}",
        "printed.differ": "  runs differ in: {differences}",
        "printed.difference": "{setting} {first} here, {second} there",
        "printed.pair": "  {horizon} weeks, {part}: holds at {first} against {second} of "
        "{points} points; here only {first_only}, there only {second_only} (McNemar p {p})",
        "printed.compared": "Comparison: {figures}; page: {page}",
        "printed.failed": "{failed} run(s) failed (see {out}/failures/)",
        **_mechanisms(_MECHANISMS_EN),
    },
    "de": {
        "percent": "{n} %",
        "criterion.low_interior_peak": "niedrige EI: Hochpunkt innerhalb des Einsatzrasters",
        "criterion.low_falls": "niedrige EI: fällt um mindestens den geforderten Anteil unter den "
        "Höchstwert",
        "criterion.high_keeps": "hohe EI: endet bei mindestens dem geforderten Anteil des "
        "Höchstwerts",
        "criterion.high_revenue_rising": "hohe EI: Umsatz steigt am Ende noch",
        "part.low_interior_peak": "Hochpunkt bei niedriger EI",
        "part.low_falls": "Abfall bei niedriger EI",
        "part.high_keeps": "hohe EI hält den Höchstwert",
        "part.high_revenue_rising": "Umsatz bei hoher EI",
        "whole": "ganzes Muster",
        "one_seed": "ein Zufallsstartwert je Punkt: Jedes Urteil beruht auf diesem einen "
        "Zufallsstartwert, und welche Urteile sein Monte-Carlo-Rauschen entscheidet, ist nicht "
        "gemessen (replications: 2 oder mehr messen es)",
        "failures.nowhere": "scheitert nirgends",
        "failures.at.one": "scheitert an {points} Punkt: {groups}",
        "failures.at": "scheitert an {points} Punkten: {groups}",
        "failures.group": "{parts} {points}",
        "failures.group.alone": "{parts} allein {points}",
        "failures.more.one": "{points} weitere in {groups} anderen Gruppe",
        "failures.more": "{points} weitere in {groups} anderen Gruppen",
        "bound.low": "höchstens {high}",
        "bound.high": "mindestens {low}",
        "bound.middle": "zwischen {low} und {high}",
        "restriction": "{parameter} {bound}",
        "side.low": "unteres Ende",
        "side.high": "oberes Ende",
        "side.middle": "beidseitig (ein Bereich)",
        "mechanism.low": "{parameter} niedrig",
        "mechanism.high": "{parameter} hoch",
        "box.fails": "scheitert",
        "box.fails.part": "scheitert: {part}",
        "box.where": "{fails}; Bereich: {mechanisms}",
        "team.low": "niedrige EI",
        "team.high": "hohe EI",
        "title": "Musterkarte: {name}",
        "no_results": "Noch keine Ergebnisse.",
        "intro": "{samples} Latin-Hypercube-Punkte über den Priors von {parameters} Parametern "
        "(sim/priors.py), mit je {replications} {seeds}; an jedem Punkt wird der Einsatz in "
        "{steps} Schritten von {start} h/Woche bis dahin abgetastet, wo die geplanten Kontakte die "
        "mittlere Toleranz der Kunden um {overshoot} übersteigen, für ein Team mit niedriger EI "
        "(Wahrnehmung {low_perception}, Regulation {low_regulation}) und eines mit hoher EI "
        "({high_perception}, {high_regulation}). Fehlgeschlagene Läufe: {failed}. Die "
        "Beziehungsqualität wird {measure}{inert}",
        "intro.seed": "Zufallsstartwert",
        "intro.seeds": "Zufallsstartwerten",
        "intro.with_lost": "über die Kunden beurteilt, die ein Team zu jedem Horizont hat, und "
        "die es in den {weeks} Wochen davor verloren hat; ein verlorener Kunde zählt als keine "
        "Beziehung.",
        "intro.current": "zu jedem Horizont über die Kundenplätze des Teams beurteilt; ein leerer "
        "Platz (ein Kunde ging oder ist noch nicht gewonnen) zählt als keine Beziehung.",
        "intro.inert": " Die Szenarioerkennung lässt {names} aus: gezogen, aber hier an keinem "
        "Punkt wirksam (`rapport params --lang de`: „Wirkt nur, wenn“).",
        "heading.holds": "Wo das Muster gilt",
        "column.horizon_weeks": "Horizont (Wochen)",
        "column.points": "Punkte",
        "column.holds": "Muster gilt",
        "column.ci": INTERVAL_DE,
        "column.flips": "ein Zufallsstartwert kippt das Urteil",
        "ci.fragile": f"Das {INTERVAL_DE} gilt über die Punkte (wie viele gezogen wurden). "
        "„Ein Zufallsstartwert kippt das Urteil“ ist das Monte-Carlo-Rauschen an den Punkten "
        "selbst: der Anteil der Punkte, deren Urteil sich ändert, wenn einer der "
        "Zufallsstartwerte weggelassen wird, weil ihre Kurven nahe an der Schwelle eines "
        "Kriteriums liegen. patterns.json nennt ihn für jeden Teil des Musters und den Anteil, "
        "falls jedes solche Urteil andersherum ausfiele.",
        "ci.one_seed": f"Das {INTERVAL_DE} gilt über die Punkte (wie viele gezogen wurden). "
        "{one_seed}.",
        "heading.parts": "Welche Teile scheitern, und zusammen mit welchen",
        "column.parts_fail": "scheiternde Teile",
        "column.parts_flip": "davon kippt ein Zufallsstartwert das Urteil",
        "heading.boxes": "Wo es scheitert: PRIM-Boxen über den Priors",
        "boxes.intro": "Szenarioerkennung (PRIM, EMA Workbench): Jede Box ist ein Bereich des "
        "Priorraums, in dem sich das Scheitern sammelt. Abdeckung: Anteil allen Scheiterns in "
        "der Box; Dichte: Anteil der Punkte in der Box, die scheitern. Die Boxen werden "
        "nacheinander unter den übrigen Punkten gesucht.",
        "box.heading": "{horizon} Wochen, Box {i}: {mechanism}",
        "box.sizes": "Abdeckung {coverage}, Dichte {density}, Masse {mass}",
        "column.parameter": "Parameter",
        "column.box": "Box",
        "column.unit": "Einheit",
        "column.prior": "Prior",
        "column.side": "Seite",
        "prior": "{low}–{high} ({kind})",
        "prior.uniform": "gleichverteilt",
        "prior.loguniform": "log-gleichverteilt",
        "heading.factors": "Welche Parameter das Urteil bewegen",
        "factors.intro": "Monte-Carlo-Filterung: für jeden Parameter der "
        "Kolmogorow-Smirnow-Abstand zwischen seinen Werten, wo das Muster gilt und wo es "
        "scheitert (q: über die Parameter angepasster p-Wert nach Benjamini-Hochberg), und der "
        "Anteil der Punkte, an denen das Muster gilt, im unteren, mittleren und oberen Drittel "
        "seiner gezogenen Werte. Teile: die, deren Anteil sich über die Drittel um {moves} "
        "Prozentpunkte oder mehr bewegt. Ein Parameter, der einen Teil hebt und einen anderen "
        "senkt, zieht das Muster in beide Richtungen. Die {shown} größten Abstände je Horizont; "
        "patterns.json enthält jeden Parameter.",
        "column.horizon": "Horizont",
        "column.ks": "KS",
        "column.q": "q",
        "column.thirds": "gilt (unteres / mittleres / oberes Drittel)",
        "column.parts_move": "Teile, die sich bewegen",
        "factors.both": "Parameter, die die Teile in beide Richtungen ziehen (ein Teil gewinnt "
        "vom unteren Drittel zum oberen {moves} Prozentpunkte oder mehr, ein anderer verliert "
        "ebenso viel): Kein einzelner Bereich davon lässt jeden Teil gelten, also bewegt sich "
        "das Muster als Ganzes wenig mit ihnen, obwohl seine Teile es tun.",
        "heading.part_boxes": "Wo jeder Teil des Musters scheitert",
        "column.part": "Teil",
        "column.fails_in": "scheitert an",
        "column.coverage": "Abdeckung",
        "column.density": "Dichte",
        "column.restrictions": "Einschränkungen",
        "column.mechanism": "Mechanismus",
        "heading.reproduce": "Reproduzieren",
        "reproduce": "rapport patterns config.yaml --out DIR --lang de (config.yaml in diesem "
        "Ordner enthält die aufgelösten Einstellungen); erneut ausgeführt, rechnet der Befehl "
        "nur fehlende Läufe.",
        "figure.weeks": "{horizon} Wochen",
        "figure.share": "Anteil des Priorraums",
        "figure.shares": "Anteil des Priorraums, in dem das Muster (und jeder Teil) gilt",
        "figure.team": "{team}, {horizon} Wochen",
        "figure.effort": "Einsatz / Ende des Einsatzrasters",
        "figure.relative": "Beziehungsqualität / Höchstwert",
        "figure.curves": "Beziehungsqualität über das Einsatzraster an jedem Punkt (blau: Muster "
        "gilt, zinnoberrot: scheitert), bezogen auf den Höchstwert jeder Kurve",
        "figure.holds": "gilt",
        "figure.fails": "scheitert",
        "figure.box": "{horizon} Wochen: die erste PRIM-Box über ihren zwei am stärksten "
        "eingeschränkten Parametern",
        "paired.title": "Zwei Musterkarten, Punkt für Punkt",
        "paired.lead": "<p>Diese Karte (<code>{first}</code>, Teams: {here}) gegen "
        "<code>{second}</code> (Teams: {there}), dieselben Punkte und Zufallsstartwerte, "
        "Modellversion <code>{version}</code>: Punkte, an denen jeder Teil des Musters gilt, und "
        "McNemars exakter Test auf den Punkten, deren Urteile sich unterscheiden.</p>",
        "paired.differ": "Außer in den Teams unterscheiden sich die Läufe der beiden Karten in:",
        "paired.same": "Außer den Teams liefen beide Karten in denselben Welten (dieselben "
        "festgehaltenen Priors und dasselbe Grundszenario).",
        "paired.setting": "Einstellung",
        "paired.here": "hier",
        "paired.there": "dort",
        "paired.horizon": "{horizon} Wochen ({points} Punkte)",
        "paired.holds_here": "gilt hier",
        "paired.both": "in beiden",
        "paired.here_only": "nur hier",
        "paired.there_only": "nur dort",
        "paired.p": "McNemar-p",
        "paired.sampled": "gezogen",
        "paired.unset": "nicht gesetzt",
        "printed.runs": "Musterkarte {name}: {total} Läufe; {done} jetzt ausgeführt, {skipped} "
        "schon vorhanden, {failed} fehlgeschlagen ({seconds} s).",
        "printed.horizon": "  {horizon} Wochen: das Muster gilt an {share} von {points} Punkten "
        f"({INTERVAL_DE} {{low}}–{{high}}); {{noise}}",
        "printed.flips": "ein Zufallsstartwert kippt das Urteil an {share} der Punkte",
        "printed.box": "        Box {i} (Abdeckung {coverage}, Dichte {density}): {mechanism}",
        "printed.movers": "        bewegt das Urteil am meisten: {movers}",
        "printed.mover": "{parameter} (gilt zu {thirds} je Drittel)",
        "printed.page": "Seite: {page}",
        "printed.not_compared": "Nicht mit {paired} verglichen: Diese Karte hat fehlgeschlagene "
        "Läufe.",
        "printed.pairs": "Punkt für Punkt, diese Karte ({out}) gegen {paired}:",
        "printed.teams": "  Teams hier {here}, dort {there}",
        "printed.differ": "  Läufe unterscheiden sich in: {differences}",
        "printed.difference": "{setting}: hier {first}, dort {second}",
        "printed.pair": "  {horizon} Wochen, {part}: gilt hier an {first}, dort an {second} von "
        "{points} Punkten; nur hier {first_only}, nur dort {second_only} (McNemar-p {p})",
        "printed.compared": "Vergleich: {figures}; Seite: {page}",
        "printed.failed": "Fehlgeschlagene Läufe: {failed} (siehe {out}/failures/)",
        **_mechanisms(_MECHANISMS_DE),
    },
}


def say(key: str, lang: str = "en", **values) -> str:
    """The pattern map's text ``key`` in ``lang``, formatted with ``values``."""
    return say_from(TEXTS, key, lang, **values)
