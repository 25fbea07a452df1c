"""Every text of a study's one-page answer (``rapport study NAME --lang en|de``), in English and
German.

The studies (``experiments.studies``) compute their numbers once and say them with ``say``; the
same numbers come out in either language, written as people write them there (``37,5 h``,
``95-%-Intervall 0,0029 bis 0,0032``). Texts the model's figures and the web app share (``week``,
``effort (h/week)``, the plausible-worlds sentence) come from ``sim.texts``, so the app and the
study pages use the same German terms: Beziehungsqualität, Einsatz, Wahrnehmung, Regulation,
niedrige/hohe Empathie. The German table has every key and placeholder of the English one (a test
checks it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from sim.texts import INTERVAL_DE, bound_units, format_number, say_from

# The studies, in the order `rapport study --list` gives them: the keys of
# ``experiments.studies.STUDIES`` (a test checks it), here so that the list and a refused name
# answer without loading the studies' machinery.
STUDY_NAMES = (
    "effort_sweet_spot",
    "coaching",
    "hiring",
    "pressure",
    "customer_mix",
    "portfolio_size",
    "leading_indicator",
)


def unknown_study(name: str) -> str:
    """The refusal of a study ``name`` that is none of ``STUDY_NAMES`` (worded as the schema's
    refusal of a choice, which ``experiments.refusals`` says in German)."""
    known = [f"'{study}'" for study in STUDY_NAMES]
    return f"study: {name!r} is not one of {', '.join(known[:-1])} or {known[-1]}"


TEXTS: dict[str, dict[str, str]] = {
    "en": {
        # numbers, intervals, lists
        "percent": "{n}%",
        "ci": "95 % CI {low} to {high}",
        "ci.none": "no 95 % CI from a single replication",
        "ci.few": "no 95 % CI from fewer than {n} replications",
        "ci.point": "95 % CI: both ends at {value}",
        "effect": "{value} ({ci})",
        "effect.open": "{value} ({ci}: not clearly different from {reference})",
        "ci.point.grid": "95 % CI: both ends at {value}, which the grid cannot place closer than "
        "its neighbours {below} and {above}",
        "assume.replaced": "The study sets {name} to {value}, but every profile of the team sets "
        "its own ({own}): the profiles' values apply.",
        "assume.scenario_set": "The study sets {name} to {value}, replacing {own} in {scenario}.",
        "assume.empty_profile": "The profile {name} ({share} of the team) gives a team of {count} "
        "no rep (shares are rounded to whole reps): the team that ran has none of it.",
        "assume.schedule.pressure": "The scenario's management pressure ({step} h at reviews every "
        "{period} weeks) raises the team's effort from week {week} on in every setting: the "
        "efforts compared are those the teams start with.",
        "assume.schedule.coaching": "The scenario's coaching programme raises the team's "
        "{changes} from week {week} on in every setting: the empathy the answer names is the one "
        "the teams start with.",
        "assume.schedule.interventions": "The scenario's own schedule sets the team's {changes} "
        "in every setting: the effort and empathy the answer names are those the teams start "
        "with.",
        "schedule.sets.effort_hours": "effort to {value} h from week {week}",
        "schedule.sets.perception": "perception to {value} from week {week}",
        "schedule.sets.regulation": "regulation to {value} from week {week}",
        "coaching.raises.perception": "perception by {gain}",
        "coaching.raises.regulation": "regulation by {gain}",
        "assume.scenario_axis": "The study compares {name} at {values}; {scenario}'s {own} is not "
        "among them.",
        "list.and": " and ",
        "list.sep": ", ",
        "weeks.one": "{n} week",
        "weeks.many": "{n} weeks",
        # the team and the scenario it comes from
        "team.with": "a team with perception {perception} and regulation {regulation}",
        "team.of": "a team of {profiles}",
        "team.of.profile": "{share} {name} (perception {perception}, regulation {regulation})",
        "team.profiles": "a team of profiles",
        "team.of.many": "a team of {count} profiles with perception {perception} and regulation "
        "{regulation}",
        "team.empathy.many": "{count} profiles: perception {perception}, regulation {regulation}",
        "team.range": "{low} to {high} (mean {mean})",
        "team.empathy": "perception {perception}, regulation {regulation}",
        "team.empathy.profile": "{share} {name}: perception {perception}, regulation {regulation}",
        "scenario.default": "default scenario",
        "scenario.given": "scenario {scenario}",
        # an optimum at the end of the effort grid
        "edge.lowest": "the lowest effort of the grid ({low} to {high}): {true} may lie below it",
        "edge.highest": "the highest effort of the grid ({low} to {high}): {true} may lie above it",
        "edge.reach.lowest": "and its interval reaches the lowest effort of the grid ({low} to "
        "{high}): {true} may lie below it",
        "edge.reach.highest": "and its interval reaches the highest effort of the grid ({low} to "
        "{high}): {true} may lie above it",
        "edge.true.sweet_spot": "the true sweet spot",
        "edge.true.one": "the true one",
        "edge.true.best_effort": "the true best effort",
        # figures
        "axis.customer_hours": "customer hours per week",
        "axis.quality": "relationship quality (0–1)",
        "legend.band": "shaded: 95 % band of the mean over replications",
        "legend.mean": "mean",
        "legend.no_band": "{label} (no 95 % band from a single replication)",
        "legend.sweet_spot.no_ci": "sweet spot ({ci})",
        "legend.sweet_spot": "sweet spot",
        "legend.sweet_spot.ci": "shaded: 95 % CI of the sweet spot",
        "legend.worlds": "each of {count} plausible worlds",
        "legend.worlds_range": "sweet spot in 90 % of worlds",
        "legend.worlds_range.all": "sweet spot in all {count} worlds",
        "chart": "chart",
        "chart.alt": "chart: {titles}",
        # effort_sweet_spot
        "effort_sweet_spot.question": "For my team's empathy levels, how many customer hours per "
        "week maximise relationship quality, and what does each extra hour beyond it cost?",
        "effort_sweet_spot.answer": "For {team}, relationship quality peaks at about {hours} per "
        "week ({ci}){edge}; {beyond}.",
        "effort_sweet_spot.edge": ", {edge}",
        "effort_sweet_spot.edge.reach": ", {edge}",
        "effort_sweet_spot.too_few": "the grid has too few efforts beyond it to say what an extra "
        "hour costs",
        "effort_sweet_spot.cost": "each extra hour beyond it costs {cost} of relationship quality "
        "({ci}) after {weeks}",
        "effort_sweet_spot.no_cost": "beyond it, extra hours change relationship quality after "
        "{weeks} by {change} per hour: no clear cost",
        "effort_sweet_spot.flat": "zero",
        "effort_sweet_spot.title": "Relationship quality against effort",
        "effort_sweet_spot.assume.team": "The team's empathy as in the study's base scenario, "
        "{scenario} ({empathy}); use --scenario to study your own team.",
        "effort_sweet_spot.assume.team.given": "The team's empathy as in the scenario given, "
        "{scenario} ({empathy}).",
        "effort_sweet_spot.assume.spot": "The sweet spot is the effort with the highest mean "
        "relationship quality on the grid; its interval comes from resampling replications.",
        "effort_sweet_spot.assume.cost": "The cost per hour is the slope of a straight line "
        "fitted to the efforts at and beyond the sweet spot.",
        "effort_sweet_spot.revenue.gain": "In euros: beyond it, each extra hour a week of a "
        "rep's time brings about {eur} more weekly revenue after {weeks} ({ci}).",
        "effort_sweet_spot.revenue.loss": "In euros: beyond it, each extra hour a week of a "
        "rep's time costs about {eur} of weekly revenue after {weeks} ({ci}).",
        "effort_sweet_spot.revenue.peak": "Weekly revenue itself is highest at about {hours} on "
        "this grid{edge} (revenue lags relationship quality).",
        "effort_sweet_spot.revenue.peak.edge": ", the grid's edge",
        "effort_sweet_spot.revenue.open": "In euros: beyond it, each extra hour a week of a "
        "rep's time changes weekly revenue after {weeks} by about {eur} ({ci}), no clear "
        "effect.",
        "effort_sweet_spot.assume.revenue": "An hour's euro value is the slope of the team's "
        "weekly revenue against effort at and beyond the sweet spot, per hour worked by the "
        "{reps} whose hours the study varies: what the last hours bring in, to compare with what "
        "an hour of a rep costs you (the study does not know that cost). Revenue lags "
        "relationship quality (study leading_indicator), so hours that still bring money can "
        "already be wearing relationships down.",
        # coaching
        "coaching.question": "An empathy training programme raises perception and regulation over "
        "some weeks at a cost in hours; when does it pay off against simply adding effort?",
        "coaching.answer": "A {duration}-week empathy programme (perception and regulation "
        "+{gain}, {training} training h/week) for a team at {base} ({empathy}): {when}. After "
        "{weeks} weeks, against {more} without coaching, relationship quality differs by "
        "{quality} and weekly revenue by {revenue}.",
        "coaching.split": " Of the difference in relationship quality, {hours_part} comes from "
        "working {less} less (the team without coaching at {base} against {more}) and "
        "{programme} from the programme itself (with against without it, both at {base}).",
        "coaching.at_more": " Against {more} without coaching, the programme at {more} changes "
        "relationship quality by {programme}.",
        "coaching.reference": "{hours} without coaching",
        "coaching.coached_at": "{hours} with coaching",
        "coaching.interact": " Hours and programme interact: the programme's effect at {more} "
        "minus its effect at {base} is {interaction}, so the split above depends on its order. "
        "The other way round, the programme gives {programme} at {more}, and working {less} less "
        "with coaching gives {hours_coached}.",
        "coaching.programme": "the programme (weeks {first}–{last})",
        "coaching.vs_as_is": "against the team as is, {programme} pays off from week {week} on",
        "coaching.vs_as_is.never": "against the team as is, {programme} does not pay off within "
        "the run",
        "coaching.clearly.then": " (clearly: the 95 % interval of the difference stays above "
        "zero from then on)",
        "coaching.clearly.later": " (clearly, with the 95 % interval of the difference above zero "
        "in every week, only from week {week} on)",
        "coaching.clearly.never": " (never clearly: the 95 % interval of the difference does not "
        "stay above zero)",
        "coaching.extra": "{hours} more hours",
        "coaching.vs_more.never": "against {extra} of effort it never takes a lasting lead",
        "coaching.vs_more.before": "against {extra} of effort the team is ahead from week {week} "
        "on, before the programme starts: at {base} it already does better than at {more}, so "
        "that lead comes from the hours, not from coaching",
        "coaching.vs_more.chance": "against {extra} of effort the team is ahead from week {week} "
        "on, before the programme starts, but without coaching {base} is not lastingly ahead of "
        "{more}: that early lead is chance between the runs, not the hours and not coaching",
        "coaching.vs_more.lead": "against {extra} of effort it takes a lasting lead from week "
        "{week} on",
        "coaching.join": "; ",
        "coaching.title": "Coaching against more effort",
        "coaching.coached": "coached",
        "coaching.more": "+{hours} h effort",
        "coaching.as_is": "as is",
        "coaching.programme_band": "programme",
        "coaching.pays_off": "pays off against as is (week {week})",
        "coaching.assume.hours": "Training hours come out of customer work during the programme.",
        "coaching.assume.gains": "Gains build up linearly over the programme and last.",
        "coaching.assume.team": "The team starts as in the base scenario ({empathy}).",
        # hiring
        "hiring.question": "Replacing part of the team with high-EI hires: how do relationship "
        "quality, churn and revenue change over two years?",
        "hiring.answer": "{Team} at {effort} per week ({count} reps), with high-EI hires "
        "(perception {perception}, regulation {regulation}) replacing part of it in week {week}, "
        "against the same team without hires, after {weeks} weeks: {arms}.",
        "hiring.arm": "replacing {share} of the team{who} changes relationship quality by "
        "{quality}, customers lost by {churned} and weekly revenue by {revenue}",
        "hiring.join": "; ",
        "hiring.reference": "the team without hires",
        "hiring.title": "Hiring for empathy",
        "hiring.share": "{share} high-EI hires",
        "hiring.start": "hires start",
        "hiring.assume.portfolios": "The hires take over the replaced reps' portfolios and "
        "effort; they do not know the customers' signals yet.",
        "hiring.assume.churn": "Churn counts customers lost since the start of the run.",
        # who the hires replace: the last reps of the team (sim.population.hired_reps)
        "hiring.who": " ({n} of {count} reps)",
        "hiring.who.profiles": " ({n} of {count} reps: {profiles})",
        "hiring.who.profile": "{n} from profile {name}",
        "hiring.assume.last": "The hires replace the last reps of the team, in the order its "
        "profiles are listed ({profiles}); to replace other reps, list their profile last.",
        # pressure
        "pressure.question": "A manager who raises effort targets whenever revenue falls: is "
        "there a vicious circle for a low-EI team, and none for a high-EI team?",
        "pressure.answer": "A manager who adds {step} h/week to the effort target whenever team "
        "revenue falls over a {review}-week review, against the same team without pressure, "
        "after {weeks} weeks: {parts}.",
        "pressure.part": "{team} (empathy {level}) is pushed from {start} to {end} h/week and its "
        "relationship quality changes by {quality}",
        "pressure.reference": "the same team without pressure",
        "pressure.circle": "{team} is caught in a vicious circle (pushed to more hours, it ends "
        "with clearly lower relationship quality)",
        "pressure.not_pushed": "{team} is in no vicious circle (the pressure does not push its "
        "hours)",
        "pressure.unclear.low": "whether {team} is caught in a vicious circle is open: its "
        "change in relationship quality is not clearly different from zero",
        "pressure.unclear.high": "whether {team} is spared is open: its change in relationship "
        "quality is not clearly different from zero",
        "pressure.better": "{team} is in no vicious circle (its relationship quality is clearly "
        "higher under pressure)",
        "pressure.unknown": "whether {team} is caught in a vicious circle is open ({ci})",
        "pressure.verdict.yes": " So the answer is yes: {clauses}.",
        "pressure.verdict.no": " So the answer is no: {clauses}.",
        "pressure.verdict.open": " So the answer is open: {clauses}.",
        "pressure.join": "; ",
        "pressure.team.low": "the low-EI team",
        "pressure.team.high": "the high-EI team",
        "pressure.ei.low": "low EI",
        "pressure.ei.high": "high EI",
        "pressure.pushed": "{ei}, under pressure",
        "pressure.calm": "{ei}, no pressure",
        "pressure.title.effort": "Effort under pressure",
        "pressure.title.quality": "Relationship quality",
        "pressure.assume.reviews": "Reviews every {review} weeks compare revenue with the "
        "previous review period; effort is capped at {cap} h/week.",
        "pressure.assume.empathy": "Perception and regulation move together in this study.",
        # customer_mix and portfolio_size: the sweet spot by a second parameter
        "by.title": "Sweet spot by {label}",
        "by.spot": "{hours} ({ci})",
        "by.answer": "After {weeks} the sweet spot moves from {first} at {first_at}{via} to "
        "{last} at {last_at}; the best relationship quality changes from {first_quality} to "
        "{last_quality}, by {change}.",
        "by.same": "After {weeks} the sweet spot stays at {first} from {first_at} to "
        "{last_at}; the best relationship quality changes from {first_quality} to "
        "{last_quality}, by {change}.",
        "by.via": " via {middle}",
        "by.at": "{spot} at {at}",
        "by.reference": "that at {at}",
        "by.edge": " At {at} the sweet spot is {edge}.",
        "by.edge.reach": " At {at} the sweet spot lies inside the grid, {edge}.",
        "customer_mix.label": "e-mail share",
        "customer_mix.value": "e-mail share {value}",
        "customer_mix.at": "e-mail share {value}",
        "customer_mix.question": "The same contact hours as visits or as e-mails: how does the "
        "sweet spot move from a visit-heavy to an e-mail-heavy mix?",
        "customer_mix.channel.visit": "visit",
        "customer_mix.channel.call": "call",
        "customer_mix.channel.email": "e-mail",
        "customer_mix.hours": "{channel} {hours}",
        "customer_mix.assume": "Discrete contact schedule: each "
        "week whole visits, calls and e-mails to particular customers. Calls take {call_share} of "
        "contact hours, e-mails the share swept, visits the rest; hours per contact: {hours}; "
        "each contact counts against the customer's tolerance as {visit_weight} (visit), 1 (call) "
        "or {email_weight} (e-mail) calls (Godfrey et al. 2011: the ideal was about 3 calls or "
        "3–4 e-mails a quarter). Cheaper channels mean more contacts per hour.",
        "portfolio_size.label": "customers per rep",
        "portfolio_size.value": "{value} customers per rep",
        "portfolio_size.at": "{value} customers per rep",
        "portfolio_size.question": "More customers per rep at the same hours: how does the sweet "
        "spot move?",
        "portfolio_size.assume": "Each rep's hours are spread over the whole portfolio; other "
        "parameters as in the base scenario.",
        # leading_indicator
        "leading_indicator.question": "When effort turns harmful, how many weeks before revenue "
        "does relationship quality fall?",
        "leading_indicator.head": "For {team}, whose best effort is {best} ({scenario}): {clauses}",
        "leading_indicator.team": "a low-EI team",
        "leading_indicator.join": "; ",
        "leading_indicator.none_harmful": "In the {scenario} no effort beyond the team's best is "
        "harmful",
        "leading_indicator.not_run": "The {scenario} has customers' tolerance {own}, which this "
        "study does not run (it compares {tolerances}), so nothing is said of that team",
        "leading_indicator.own_edge": "; {hours} is {edge}",
        "leading_indicator.never": "at {effort} relationship quality never falls behind that at "
        "{best} for good",
        "leading_indicator.falls": "at {effort} relationship quality falls behind that at {best} "
        "from week {week}",
        "leading_indicator.revenue_never": "{falls}, revenue never for good",
        "leading_indicator.clause": "{falls} and revenue from week {week}: a lead of {lead}{ci}",
        "leading_indicator.ci": ", {ci}",
        "leading_indicator.ci.open": " ({ci}: not clearly different from no lead)",
        "leading_indicator.ci.rare": ", no 95 % CI (revenue falls behind for good in too few "
        "resamples)",
        "leading_indicator.spread": "; over all {count} harmful settings (tolerance {tolerances}) "
        "the lead is {low} to {high} weeks (median {median})",
        "leading_indicator.spread.never": ", and in {never} of them relationship quality or "
        "revenue never falls behind for good",
        "leading_indicator.no_spread": "; in no harmful setting does revenue fall behind for good "
        "within the run",
        "leading_indicator.other_edge": "; at tolerance {tolerances} the best effort is {edge}",
        "leading_indicator.title.quality": "Relationship quality",
        "leading_indicator.title.revenue": "Revenue (centred {window}-week mean)",
        "leading_indicator.revenue_axis": "team revenue (k€/week)",
        "leading_indicator.effort": "{hours}",
        "leading_indicator.assume.team": "{Team} ({empathy}); its best effort is the one with the "
        "highest relationship quality averaged over the run; every higher effort counts as "
        "harmful.",
        "leading_indicator.assume.falls": "A series falls behind in the first week from which the "
        "harmful team's mean stays below the best-effort team's to the end of the run; both "
        "series are first smoothed by the same centred mean over {window} weeks (each week with "
        "{half} on either side), so that no lead comes from the smoothing. Intervals: "
        "{resamples} resamples of the replications.",
        "leading_indicator.assume.parameters": "Model parameters: the {scenario}, and "
        "customers' tolerance {variations} as documented variations; with plausible worlds, every "
        "other parameter with a prior is drawn as well.",
        # the answer over plausible worlds
        "worlds.what.effort_sweet_spot": "the sweet spot",
        "worlds.what.coaching": "the coached team's lead in relationship quality over more effort",
        "worlds.what.hiring": "the change in relationship quality from the largest share of hires",
        "worlds.what.pressure": "the low-EI team's change in relationship quality under pressure",
        "worlds.what.leading_indicator": "the median lead of relationship quality over revenue",
        "worlds.undefined": "the number is not defined there",
        "worlds.undefined.leading_indicator": "no effort beyond the team's best is harmful there, "
        "or revenue never falls behind for good within the run",
        "worlds.assume": "Model uncertainty: {count} worlds {source} for the {parameters} "
        "uncertain parameters the study does not set itself, each with {replications} and the "
        "same seeds at every setting of a world (common random numbers); the 90 % range therefore "
        "also holds the Monte Carlo noise of those few "
        "replications. Drivers: share of the spread over worlds each parameter explains alone (R² "
        "of a regression, on the log scale for log-uniform priors), named if its Holm-adjusted "
        "p-value is below {level}.",
        "worlds.assume.missing": "In {missing} of {total} worlds there is no answer ({why}); the "
        "range is over the other {count}.",
        "worlds.assume.held": "Not drawn in the worlds, held at the values the study or its "
        "scenario states: {names}. A scenario file that writes out a value states it, even the "
        "default; leave it out to let the worlds vary it.",
        "worlds.opposite": " In {n} of {count} worlds {what} has the opposite sign to the answer "
        "at the scenario's own values: over the plausible worlds even its direction is not "
        "certain.",
        "worlds.assume.edge": "In {edge} of {count} worlds the sweet spot is at the edge of the "
        "effort grid ({low} or {high}): there the true one may lie beyond it.",
        # runs and failures
        "runs.each.one": "{n} replication per setting",
        "runs.each.many": "{n} replications per setting",
        "runs.worlds": ", and {replications} in each of {worlds} plausible worlds",
        "runs.done": "{done} of {planned} planned simulation runs ({each})",
        "runs.failed": "{runs}; {failed} failed and are left out of every number (their errors "
        "are in `failures/`)",
        "runs.none_failed": "{runs}; none failed",
        "runs.failed.answer": " ({failed} of {planned} runs failed and are left out.)",
        "runs.stored": "{runs}; sweep config in `config.yaml`, results in `results/`.",
        # the page
        "page.assumptions": "Assumptions",
        "page.terms": "Terms on this page",
        "page.sure": "How sure is this?",
        "page.low": "low",
        "page.high": "high",
        "page.model": "Model uncertainty ({part} plausible worlds)",
        "page.noise": "Monte Carlo noise (95 % CI at the scenario's own values)",
        "page.no_noise": "none (see below)",
        "page.parameter": "parameter",
        "page.r2": "R² alone",
        "page.driver": "named as a driver",
        "page.yes": "yes",
        "page.no": "no",
        "page.printed": "Page: {page}",
    },
    "de": {
        "percent": "{n} %",
        "ci": INTERVAL_DE + " {low} bis {high}",
        "ci.none": f"kein {INTERVAL_DE} aus einer einzigen Wiederholung",
        "ci.few": f"kein {INTERVAL_DE} aus weniger als {{n}} Wiederholungen",
        "ci.point": INTERVAL_DE + ": beide Grenzen bei {value}",
        "effect": "{value} ({ci})",
        "effect.open": "{value} ({ci}: nicht klar verschieden von {reference})",
        "ci.point.grid": INTERVAL_DE + ": beide Grenzen bei {value}; genauer als auf die "
        "Nachbarn {below} und {above} kann das Raster den Wert nicht festlegen",
        "assume.replaced": "Die Studie setzt {name} auf {value}, aber jedes Profil des Teams "
        "setzt seinen eigenen Wert ({own}): Es gelten die Werte der Profile.",
        "assume.scenario_set": "Die Studie setzt {name} auf {value} und ersetzt damit {own} aus "
        "{scenario}.",
        "assume.empty_profile": "Das Profil „{name}“ ({share} des Teams) ergibt bei einem Team von "
        "{count} keine Person (Anteile werden auf ganze Personen gerundet): Das gerechnete Team "
        "hat keine davon.",
        "assume.schedule.pressure": "Der Führungsdruck des Szenarios ({step} h bei Überprüfungen "
        "alle {period} Wochen) erhöht den Einsatz des Teams ab Woche {week} in jeder Einstellung: "
        "Verglichen werden die Einsätze, mit denen die Teams beginnen.",
        "assume.schedule.coaching": "Das Empathie-Coaching des Szenarios erhöht ab Woche {week} "
        "in jeder Einstellung beim Team {changes}: Die Empathie, die die Antwort nennt, ist die, "
        "mit der die Teams beginnen.",
        "assume.schedule.interventions": "Der Zeitplan des Szenarios setzt in jeder Einstellung "
        "beim Team {changes}: Einsatz und Empathie, die die Antwort nennt, sind die, mit denen "
        "die Teams beginnen.",
        "schedule.sets.effort_hours": "den Einsatz ab Woche {week} auf {value} h",
        "schedule.sets.perception": "die Wahrnehmung ab Woche {week} auf {value}",
        "schedule.sets.regulation": "die Regulation ab Woche {week} auf {value}",
        "coaching.raises.perception": "die Wahrnehmung um {gain}",
        "coaching.raises.regulation": "die Regulation um {gain}",
        "assume.scenario_axis": "Die Studie vergleicht {name} bei {values}; der Wert {own} aus "
        "{scenario} ist nicht darunter.",
        "list.and": " und ",
        "list.sep": "; ",
        "weeks.one": "{n} Woche",
        "weeks.many": "{n} Wochen",
        "team.with": "ein Team mit Wahrnehmung {perception} und Regulation {regulation}",
        # Profile names stand quoted in a sentence („Hart arbeitend“), so that the sentence
        # need not decline them. The profiles are an aside: "ein Team, zu 50 % „…“ (…) und zu
        # 50 % „…“ (…)," ends with the comma that closes it; a template goes on after {team}
        # with a word (German "Für {team} ist …", "{Team} mit …"), never a comma of its own.
        "team.of": "ein Team, {profiles},",
        "team.of.profile": "zu {share} „{name}“ (Wahrnehmung {perception}, Regulation "
        "{regulation})",
        "team.profiles": "ein Team aus Profilen",
        "team.of.many": "ein Team mit {count} Profilen, Wahrnehmung {perception} und "
        "Regulation {regulation}",
        "team.empathy.many": "{count} Profile: Wahrnehmung {perception}, Regulation {regulation}",
        "team.range": "{low} bis {high} (Mittel {mean})",
        "team.empathy": "Wahrnehmung {perception}, Regulation {regulation}",
        "team.empathy.profile": "{share} „{name}“: Wahrnehmung {perception}, Regulation "
        "{regulation}",
        "scenario.default": "Standardszenario",
        "scenario.given": "Szenario {scenario}",
        "edge.lowest": "der niedrigste Einsatz des untersuchten Rasters ({low} bis {high}), "
        "{true} kann also darunter liegen",
        "edge.highest": "der höchste Einsatz des untersuchten Rasters ({low} bis {high}), {true} "
        "kann also darüber liegen",
        "edge.reach.lowest": "sein Intervall reicht bis zum niedrigsten Einsatz des untersuchten "
        "Rasters ({low} bis {high}), {true} kann also darunter liegen",
        "edge.reach.highest": "sein Intervall reicht bis zum höchsten Einsatz des untersuchten "
        "Rasters ({low} bis {high}), {true} kann also darüber liegen",
        "edge.true.sweet_spot": "der tatsächlich beste Einsatz",
        "edge.true.one": "der wahre Wert",
        "edge.true.best_effort": "der tatsächlich beste Einsatz",
        "axis.customer_hours": "Stunden Kundenarbeit pro Woche",
        "axis.quality": "Beziehungsqualität (0–1)",
        "legend.band": "schattiert: 95-%-Band des Mittels über die Wiederholungen",
        "legend.mean": "Mittel",
        "legend.no_band": "{label} (kein 95-%-Band aus einer einzigen Wiederholung)",
        "legend.sweet_spot.no_ci": "bester Einsatz ({ci})",
        "legend.sweet_spot": "bester Einsatz",
        "legend.sweet_spot.ci": f"schattiert: {INTERVAL_DE} des besten Einsatzes",
        "legend.worlds": "jede von {count} plausiblen Welten",
        "legend.worlds_range": "bester Einsatz in 90 % der Welten",
        "legend.worlds_range.all": "bester Einsatz in allen {count} Welten",
        "chart": "Diagramm",
        "chart.alt": "Diagramm: {titles}",
        "effort_sweet_spot.question": "Wie viele Stunden Kundenarbeit pro Woche bringen bei der "
        "Empathie meines Teams die höchste Beziehungsqualität, und was kostet jede zusätzliche "
        "Stunde darüber hinaus?",
        "effort_sweet_spot.answer": "Für {team} ist die Beziehungsqualität bei etwa {hours} pro "
        "Woche am höchsten ({ci}){edge}; {beyond}.",
        "effort_sweet_spot.edge": "; das ist {edge}",
        "effort_sweet_spot.edge.reach": "; {edge}",
        "effort_sweet_spot.too_few": "jenseits davon enthält das Raster zu wenige Einsätze, um zu "
        "sagen, was eine zusätzliche Stunde kostet",
        "effort_sweet_spot.cost": "jede zusätzliche Stunde darüber hinaus kostet nach {weeks} "
        "{cost} Beziehungsqualität ({ci})",
        "effort_sweet_spot.no_cost": "darüber hinaus ändern zusätzliche Stunden die "
        "Beziehungsqualität nach {weeks} um {change} pro Stunde: keine klaren Kosten",
        "effort_sweet_spot.flat": "null",
        "effort_sweet_spot.title": "Beziehungsqualität nach Einsatz",
        "effort_sweet_spot.assume.team": "Die Empathie des Teams wie im Basisszenario der "
        "Studie, {scenario} ({empathy}); mit --scenario untersuchen Sie Ihr eigenes Team.",
        "effort_sweet_spot.assume.team.given": "Die Empathie des Teams wie im angegebenen "
        "Szenario, {scenario} ({empathy}).",
        "effort_sweet_spot.assume.spot": "Der beste Einsatz ist der mit der höchsten "
        "mittleren Beziehungsqualität im Raster; sein Intervall stammt aus dem Neuziehen der "
        "Wiederholungen (Bootstrap).",
        "effort_sweet_spot.assume.cost": "Die Kosten pro Stunde sind die Steigung einer Geraden, "
        "angepasst an den besten Einsatz und alle höheren Einsätze.",
        "effort_sweet_spot.revenue.gain": "In Euro ausgedrückt: Jenseits davon bringt jede "
        "weitere Wochenstunde einer Person nach {weeks} etwa {eur} mehr Wochenumsatz "
        "({ci}).",
        "effort_sweet_spot.revenue.loss": "In Euro ausgedrückt: Jenseits davon kostet jede "
        "weitere Wochenstunde einer Person nach {weeks} etwa {eur} Wochenumsatz ({ci}).",
        "effort_sweet_spot.revenue.peak": "Der Wochenumsatz selbst ist auf diesem Raster bei "
        "etwa {hours} am höchsten{edge} (der Umsatz folgt der Beziehungsqualität mit Verzögerung).",
        "effort_sweet_spot.revenue.peak.edge": ", am Rand des Rasters",
        "effort_sweet_spot.revenue.open": "In Euro ausgedrückt: Jenseits davon ändert jede "
        "weitere Wochenstunde einer Person den Wochenumsatz nach {weeks} um etwa {eur} "
        "({ci}; kein klarer Effekt).",
        "effort_sweet_spot.assume.revenue": "Der Euro-Wert einer Stunde ist die Steigung des "
        "wöchentlichen Teamumsatzes in Abhängigkeit vom Einsatz, vom besten Einsatz an "
        "aufwärts, je Arbeitsstunde der {reps}, deren Stunden die Studie verändert: was die "
        "letzten Stunden einbringen, zum Vergleich mit dem, was Sie eine Arbeitsstunde kostet "
        "(diese Kosten kennt die Studie nicht). Der Umsatz folgt der Beziehungsqualität mit "
        "Verzögerung (Studie leading_indicator): Stunden, die noch Geld bringen, können die "
        "Beziehungen schon abnutzen.",
        "coaching.question": "Ein Empathie-Coaching steigert Wahrnehmung und Regulation über "
        "einige Wochen und kostet dabei Stunden: Wann zahlt es sich gegenüber schlicht mehr "
        "Einsatz aus?",
        "coaching.answer": "Ein {duration}-wöchiges Empathie-Coaching (Wahrnehmung und Regulation "
        "+{gain}, {training} h/Woche Training) für ein Team mit {base} pro Woche ({empathy}): "
        "{When}. Nach "
        "{weeks} Wochen beträgt der Unterschied gegenüber {more} ohne Coaching {quality} in der "
        "Beziehungsqualität und {revenue} im Wochenumsatz.",
        "coaching.split": " Vom Unterschied in der Beziehungsqualität kommen {hours_part} von "
        "{less} weniger Einsatz (das Team ohne Coaching mit {base} gegenüber {more}) und "
        "{programme} vom Coaching selbst (mit gegenüber ohne, beide mit {base}).",
        "coaching.at_more": " Gegenüber {more} ohne Coaching ändert das Coaching mit {more} die "
        "Beziehungsqualität um {programme}.",
        "coaching.reference": "{hours} ohne Coaching",
        "coaching.coached_at": "{hours} mit Coaching",
        "coaching.interact": " Stunden und Coaching wirken zusammen: Die Wirkung des Coachings "
        "mit {more} minus seine Wirkung mit {base} beträgt {interaction}; die Aufteilung oben "
        "hängt also von ihrer Reihenfolge ab. Umgekehrt bringt das Coaching mit {more} "
        "{programme}, und {less} weniger Einsatz mit Coaching bringt {hours_coached}.",
        "coaching.programme": "das Coaching (Wochen {first}–{last})",
        "coaching.vs_as_is": "gegenüber „wie bisher“ zahlt sich {programme} ab Woche {week} aus",
        "coaching.vs_as_is.never": "gegenüber „wie bisher“ zahlt sich {programme} innerhalb des "
        "Laufs nicht aus",
        "coaching.clearly.then": " (eindeutig: Das 95-%-Intervall des Unterschieds bleibt von da "
        "an über null)",
        "coaching.clearly.later": " (eindeutig, mit dem 95-%-Intervall des Unterschieds in jeder "
        "Woche über null, erst ab Woche {week})",
        "coaching.clearly.never": " (nie eindeutig: Das 95-%-Intervall des Unterschieds bleibt "
        "nicht über null)",
        "coaching.extra": "{hours} Stunden mehr",
        "coaching.vs_more.never": "gegenüber {extra} Einsatz liegt das gecoachte Team nie "
        "dauerhaft vorn",
        "coaching.vs_more.before": "gegenüber {extra} Einsatz liegt das Team ab Woche {week} "
        "vorn, noch bevor das Coaching beginnt: Mit {base} steht es schon besser da als mit "
        "{more}, dieser Vorsprung kommt also von den Stunden, nicht vom Coaching",
        "coaching.vs_more.chance": "gegenüber {extra} Einsatz liegt das Team ab Woche {week} "
        "vorn, noch bevor das Coaching beginnt, doch ohne Coaching liegt es mit {base} nicht "
        "dauerhaft vor {more}: dieser frühe Vorsprung ist Zufall zwischen den Läufen und "
        "stammt weder von den Stunden noch vom Coaching",
        "coaching.vs_more.lead": "gegenüber {extra} Einsatz liegt das gecoachte Team ab Woche "
        "{week} dauerhaft vorn",
        "coaching.join": "; ",
        "coaching.title": "Coaching gegenüber mehr Einsatz",
        "coaching.coached": "gecoacht",
        "coaching.more": "+{hours} h Einsatz",
        "coaching.as_is": "wie bisher",
        "coaching.programme_band": "Coaching",
        "coaching.pays_off": "zahlt sich gegenüber „wie bisher“ aus (Woche {week})",
        "coaching.assume.hours": "Die Trainingsstunden gehen während des Coachings von der "
        "Kundenarbeit ab.",
        "coaching.assume.gains": "Die Zugewinne bauen sich über das Coaching linear auf und "
        "bleiben danach erhalten.",
        "coaching.assume.team": "Das Team beginnt wie im Basisszenario ({empathy}).",
        "hiring.question": "Ein Teil des Teams wird durch Neueinstellungen mit hoher Empathie "
        "ersetzt: Wie ändern sich Beziehungsqualität, verlorene Kunden und Umsatz über zwei Jahre?",
        "hiring.answer": "{Team} mit {effort} pro Woche ({count} Personen), in dem "
        "Neueinstellungen mit hoher Empathie (Wahrnehmung {perception}, Regulation {regulation}) "
        "in Woche {week} einen Teil ersetzen, gegenüber demselben Team ohne Neueinstellungen nach "
        "{weeks} Wochen: {Arms}.",
        "hiring.arm": "der Ersatz von {share} des Teams{who} ändert die Beziehungsqualität um "
        "{quality}, die Zahl der verlorenen Kunden um {churned} und den Wochenumsatz um {revenue}",
        "hiring.join": "; ",
        "hiring.reference": "dem Team ohne Neueinstellungen",
        "hiring.title": "Neueinstellungen nach Empathie",
        "hiring.share": "{share} Neueinstellungen mit hoher Empathie",
        "hiring.start": "Neueinstellungen beginnen",
        "hiring.assume.portfolios": "Die Neuen übernehmen Portfolio und Einsatz der Ersetzten; "
        "die Signale der Kunden kennen sie noch nicht.",
        "hiring.assume.churn": "Als verlorene Kunden zählen alle seit Beginn des Laufs verlorenen "
        "Kunden.",
        "hiring.who": " ({n} von {count} Personen)",
        "hiring.who.profiles": " ({n} von {count} Personen: {profiles})",
        "hiring.who.profile": "{n} aus dem Profil „{name}“",
        "hiring.assume.last": "Die Neuen ersetzen die letzten Personen des Teams, in der "
        "Reihenfolge, in der seine Profile stehen ({profiles}); um andere zu ersetzen, führen Sie "
        "deren Profil zuletzt auf.",
        "pressure.question": "Eine Führungskraft hebt die Einsatzziele an, sobald der Umsatz "
        "sinkt: Entsteht ein Teufelskreis für ein Team mit niedriger Empathie und keiner für "
        "ein Team mit hoher Empathie?",
        "pressure.answer": "Eine Führungskraft hebt das Einsatzziel um {step} h/Woche an, sobald "
        "der Teamumsatz über einen Überprüfungszeitraum von {review} Wochen sinkt; gegenüber "
        "demselben Team ohne Führungsdruck nach {weeks} Wochen: {Parts}.",
        "pressure.part": "{team} ({level}) wird von {start} auf {end} h/Woche getrieben, "
        "und seine Beziehungsqualität ändert sich um {quality}",
        "pressure.reference": "demselben Team ohne Führungsdruck",
        "pressure.circle": "{team} gerät in einen Teufelskreis (zu mehr Stunden getrieben, hat es "
        "am Ende eine klar geringere Beziehungsqualität)",
        "pressure.not_pushed": "{team} gerät in keinen Teufelskreis (der Führungsdruck treibt "
        "seine Stunden nicht)",
        "pressure.unclear.low": "ob {team} in einen Teufelskreis gerät, ist offen: Die Änderung "
        "seiner Beziehungsqualität ist nicht klar von null verschieden",
        "pressure.unclear.high": "ob {team} verschont bleibt, ist offen: Die Änderung seiner "
        "Beziehungsqualität ist nicht klar von null verschieden",
        "pressure.better": "{team} gerät in keinen Teufelskreis (seine Beziehungsqualität ist "
        "unter Führungsdruck klar höher)",
        "pressure.unknown": "ob {team} in einen Teufelskreis gerät, ist offen ({ci})",
        "pressure.verdict.yes": " Die Antwort ist also ja: {Clauses}.",
        "pressure.verdict.no": " Die Antwort ist also nein: {Clauses}.",
        "pressure.verdict.open": " Die Antwort ist also nicht eindeutig: {Clauses}.",
        "pressure.join": "; ",
        "pressure.team.low": "das Team mit niedriger Empathie",
        "pressure.team.high": "das Team mit hoher Empathie",
        "pressure.ei.low": "niedrige Empathie",
        "pressure.ei.high": "hohe Empathie",
        "pressure.pushed": "{ei}, unter Führungsdruck",
        "pressure.calm": "{ei}, ohne Führungsdruck",
        "pressure.title.effort": "Einsatz unter Führungsdruck",
        "pressure.title.quality": "Beziehungsqualität",
        "pressure.assume.reviews": "Alle {review} Wochen wird der Umsatz mit dem vorigen "
        "Überprüfungszeitraum verglichen; der Einsatz ist auf {cap} h/Woche begrenzt.",
        "pressure.assume.empathy": "Wahrnehmung und Regulation bewegen sich in dieser Studie "
        "gemeinsam.",
        "by.title": "Bester Einsatz nach {label}",
        "by.spot": "{hours} ({ci})",
        "by.answer": "Nach {weeks} verschiebt sich der beste Einsatz von {first} bei "
        "{first_at}{via} auf {last} bei {last_at}; die beste Beziehungsqualität ändert sich von "
        "{first_quality} auf {last_quality}, um {change}.",
        "by.same": "Nach {weeks} bleibt der beste Einsatz von {first_at} bis {last_at} bei "
        "{first}; die beste Beziehungsqualität ändert sich von {first_quality} auf "
        "{last_quality}, um {change}.",
        "by.via": " über {middle}",
        "by.at": "{spot} bei {at}",
        "by.reference": "der bei {at}",
        "by.edge": " Bei {at} ist der beste Einsatz {edge}.",
        "by.edge.reach": " Bei {at} liegt der beste Einsatz im Raster, aber {edge}.",
        "customer_mix.label": "E-Mail-Anteil",
        "customer_mix.value": "E-Mail-Anteil {value}",
        "customer_mix.at": "einem E-Mail-Anteil von {value}",
        "customer_mix.question": "Dieselben Kontaktstunden als Besuche oder als E-Mails: Wie "
        "verschiebt sich der beste Einsatz von einem besuchslastigen zu einem E-Mail-lastigen Mix?",
        "customer_mix.channel.visit": "Besuch",
        "customer_mix.channel.call": "Anruf",
        "customer_mix.channel.email": "E-Mail",
        "customer_mix.hours": "{channel} {hours}",
        "customer_mix.assume": "Diskreter Kontaktplan: jede Woche "
        "ganze Besuche, Anrufe und E-Mails an bestimmte Kunden. Anrufe nehmen {call_share} der "
        "Kontaktstunden ein, E-Mails den variierten Anteil, Besuche den Rest; Stunden pro "
        "Kontakt: {hours}; jeder Kontakt zählt gegen die Toleranz des Kunden wie {visit_weight} "
        "(Besuch), 1 (Anruf) oder {email_weight} (E-Mail) Anrufe (Godfrey et al. 2011: ideal "
        "waren etwa 3 Anrufe oder 3–4 E-Mails pro Quartal). Günstigere Kanäle bedeuten mehr "
        "Kontakte pro Stunde.",
        "portfolio_size.label": "Kunden pro Person",
        "portfolio_size.value": "{value} Kunden pro Person",
        "portfolio_size.at": "{value} Kunden pro Person",
        "portfolio_size.question": "Mehr Kunden pro Person bei gleichen Stunden: Wie verschiebt "
        "sich der beste Einsatz?",
        "portfolio_size.assume": "Die Stunden jeder Person verteilen sich auf das ganze "
        "Portfolio; die übrigen Parameter wie im Basisszenario.",
        "leading_indicator.question": "Wenn Einsatz schädlich wird: Wie viele Wochen vor dem "
        "Umsatz fällt die Beziehungsqualität?",
        "leading_indicator.head": "Für {team} liegt der beste Einsatz bei {best} ({scenario}): "
        "{Clauses}",
        "leading_indicator.team": "ein Team mit niedriger Empathie",
        "leading_indicator.join": "; ",
        "leading_indicator.none_harmful": "Im {scenario} schadet kein Einsatz über dem besten "
        "des Teams",
        "leading_indicator.not_run": "Das {scenario} hat die Kundentoleranz {own}, die diese "
        "Studie nicht untersucht (sie vergleicht {tolerances}); über dieses Team sagt sie daher "
        "nichts",
        "leading_indicator.own_edge": "; {hours} ist {edge}",
        "leading_indicator.never": "bei {effort} fällt die Beziehungsqualität nie dauerhaft "
        "hinter die bei {best} zurück",
        "leading_indicator.falls": "bei {effort} fällt die Beziehungsqualität ab Woche {week} "
        "hinter die bei {best} zurück",
        "leading_indicator.revenue_never": "{falls}, der Umsatz nie dauerhaft",
        "leading_indicator.clause": "{falls} und der Umsatz ab Woche {week}: ein Vorlauf von "
        "{lead}{ci}",
        "leading_indicator.ci": ", {ci}",
        "leading_indicator.ci.open": " ({ci}: nicht klar von null verschieden)",
        "leading_indicator.ci.rare": f", kein {INTERVAL_DE} (der Umsatz fällt in zu wenigen "
        "Stichproben dauerhaft zurück)",
        "leading_indicator.spread": "; über alle {count} schädlichen Einstellungen (Toleranz "
        "{tolerances}) beträgt der Vorlauf {low} bis {high} Wochen (Median {median})",
        "leading_indicator.spread.never": ", und in {never} von ihnen fällt die "
        "Beziehungsqualität oder der Umsatz nie dauerhaft zurück",
        "leading_indicator.no_spread": "; in keiner schädlichen Einstellung fällt der Umsatz "
        "innerhalb des Laufs dauerhaft zurück",
        "leading_indicator.other_edge": "; bei Toleranz {tolerances} ist der beste Einsatz {edge}",
        "leading_indicator.title.quality": "Beziehungsqualität",
        "leading_indicator.title.revenue": "Umsatz (zentriertes Mittel über {window} Wochen)",
        "leading_indicator.revenue_axis": "Teamumsatz (k€/Woche)",
        "leading_indicator.effort": "{hours}",
        "leading_indicator.assume.team": "{Team} ({empathy}); sein bester Einsatz ist der mit "
        "der höchsten über den Lauf gemittelten Beziehungsqualität; jeder höhere Einsatz gilt als "
        "schädlich.",
        "leading_indicator.assume.falls": "Eine Reihe fällt in der ersten Woche zurück, ab der "
        "das Mittel des Teams mit schädlichem Einsatz bis zum Ende des Laufs unter dem des Teams "
        "mit dem besten Einsatz bleibt; beide Reihen werden zuvor mit demselben zentrierten "
        "Mittel über {window} Wochen geglättet (jede Woche mit je {half} davor und danach), "
        "damit kein Vorlauf aus der Glättung kommt. "
        "Intervalle: {resamples} Stichproben aus den Wiederholungen.",
        "leading_indicator.assume.parameters": "Modellparameter: das {scenario} sowie eine "
        "Toleranz der Kunden von {variations} als dokumentierte Varianten; mit plausiblen Welten "
        "wird zusätzlich jeder andere unsichere Parameter aus seinem plausiblen Bereich gezogen.",
        "worlds.what.effort_sweet_spot": "der beste Einsatz",
        "worlds.what.coaching": "der Vorsprung des gecoachten Teams in der Beziehungsqualität "
        "gegenüber mehr Einsatz",
        "worlds.what.hiring": "die Änderung der Beziehungsqualität durch den größten Anteil an "
        "Neueinstellungen",
        "worlds.what.pressure": "die Änderung der Beziehungsqualität des Teams mit niedriger "
        "Empathie unter Führungsdruck",
        "worlds.what.leading_indicator": "der Median des Vorlaufs der Beziehungsqualität vor dem "
        "Umsatz",
        "worlds.undefined": "die Zahl ist dort nicht bestimmt",
        "worlds.undefined.leading_indicator": "dort schadet kein Einsatz über dem besten des "
        "Teams, oder der Umsatz fällt innerhalb des Laufs nie dauerhaft zurück",
        "worlds.assume": "Modellunsicherheit: {count} Welten, {source}, für die {parameters} "
        "unsicheren Parameter, die die Studie nicht selbst festlegt, je {replications} und an "
        "jeder Einstellung einer Welt dieselben Zufallsstartwerte "
        "(gemeinsame Zufallszahlen); die 90-%-Spanne enthält daher auch das Monte-Carlo-Rauschen "
        "dieser wenigen Wiederholungen. Treiber: der Anteil der Streuung über die Welten, den ein "
        "Parameter allein erklärt (R² einer Regression, bei log-gleichverteilten Parametern auf "
        "der Log-Skala), genannt, wenn sein Holm-korrigierter p-Wert unter {level} liegt.",
        "worlds.assume.missing": "In {missing} von {total} Welten gibt es keine Antwort ({why}); "
        "die Spanne bezieht sich auf die übrigen {count}.",
        "worlds.assume.held": "In den Welten nicht gezogen, sondern auf den Werten gehalten, die "
        "die Studie oder ihr Szenario nennt: {names}. Ein Wert, der in der Szenariodatei steht, "
        "gilt als bekannt, auch wenn er dem Standardwert gleicht; fehlt er dort, variiert er in "
        "den Welten.",
        "worlds.opposite": " In {n} von {count} Welten hat {what} ein anderes Vorzeichen als "
        "die Antwort bei den eigenen Werten des Szenarios: Über die plausiblen Welten ist selbst "
        "die Richtung nicht sicher.",
        "worlds.assume.edge": "In {edge} von {count} Welten liegt der beste Einsatz am Rand des "
        "Einsatzrasters ({low} oder {high}): Dort kann der tatsächlich beste Einsatz jenseits "
        "davon liegen.",
        "runs.each.one": "{n} Wiederholung pro Einstellung",
        "runs.each.many": "{n} Wiederholungen pro Einstellung",
        "runs.worlds": " sowie {replications} in jeder von {worlds} plausiblen Welten",
        "runs.done": "Grundlage: {done} von {planned} geplanten Simulationsläufen ({each})",
        "runs.failed": "{runs}; {failed} davon fehlgeschlagen und in keiner Zahl enthalten (ihre "
        "Fehler stehen in `failures/`)",
        "runs.none_failed": "{runs}; keiner fehlgeschlagen",
        "runs.failed.answer": "({failed} von {planned} Läufen fehlgeschlagen und nicht "
        "berücksichtigt.)",
        "runs.stored": "{runs}; Konfiguration der Versuchsreihe in `config.yaml`, Ergebnisse in "
        "`results/`.",
        "page.assumptions": "Annahmen",
        "page.terms": "Begriffe auf dieser Seite",
        "page.sure": "Wie sicher ist das?",
        "page.low": "von",
        "page.high": "bis",
        "page.model": "Modellunsicherheit ({part} plausiblen Welten)",
        "page.noise": f"Monte-Carlo-Rauschen ({INTERVAL_DE} bei den Werten des Szenarios)",
        "page.no_noise": "keines (siehe unten)",
        "page.parameter": "Parameter",
        "page.r2": "R² allein",
        "page.driver": "als Treiber genannt",
        "page.yes": "ja",
        "page.no": "nein",
        "page.printed": "Seite: {page}",
    },
}


# The terms a study page may use that a manager need not know, each with what the page says
# that shows it is used there (a regular expression, case-insensitive) and what it means. The
# page explains those it uses, in its language (``glossary``).
GLOSSARY: dict[str, dict[str, tuple[str, str, str]]] = {
    "en": {
        "ci": (
            "95 % CI",
            r"95 % CI",
            "95 % confidence interval: a range built so that, in about 95 of 100 repetitions of "
            "the study with other random numbers, it would hold the answer the model gives with "
            "unlimited replications. It measures the Monte Carlo noise of the runs, not whether "
            "the model's assumptions are right.",
        ),
        "noise": (
            "Monte Carlo noise",
            r"Monte Carlo noise",
            "The differences between runs that differ only in their random numbers: which "
            "customers happen to buy, signal or leave in a given week. More replications make it "
            "smaller.",
        ),
        "replication": (
            "replication",
            r"replication",
            "A run of the same setting with other random numbers; the answer is the mean over "
            "the replications.",
        ),
        "worlds": (
            "plausible worlds",
            r"plausible worlds?",
            "Versions of the model in which the parameters nobody knows precisely (how fast "
            "relationships fade, how much an unwanted contact irritates, …) are drawn from their "
            "plausible ranges. How far the answer spreads over the worlds shows how much it "
            "depends on what is not known; the 90 % range leaves out up to 5 % of the worlds at "
            "each end (with fewer than 20 worlds none: it is their whole range).",
        ),
        "priors": (
            "priors",
            r"\bpriors?\b",
            "The plausible range of each uncertain parameter, with its source or the reasoning "
            "behind it (`rapport params`, docs/model.md).",
        ),
        "posterior": (
            "posterior",
            r"posterior",
            "The parameter values that fitted observed data (`rapport calibrate`): worlds drawn "
            "from it are the plausible worlds that remain once the data are taken into account.",
        ),
        "r2": (
            "R²",
            r"R²",
            "The share of the answer's spread over the worlds that one parameter explains on its "
            "own, from 0 (none of it) to 1 (all of it).",
        ),
        "holm": (
            "Holm-adjusted p-value",
            r"Holm",
            "How likely a link with the answer at least as strong as the parameter's would be if "
            "it had none, made stricter because many parameters are tested at once (Holm's "
            "method); below 0.05 the parameter is named as a driver.",
        ),
        "crn": (
            "common random numbers",
            r"common random numbers",
            "Every setting within a world runs with the same random numbers, so that the "
            "differences between settings come from the settings, not from luck.",
        ),
        "sweet_spot": (
            "sweet spot",
            r"sweet spot",
            "The weekly customer hours at which the mean relationship quality is highest on the "
            "study's grid of efforts.",
        ),
        "quality": (
            "relationship quality",
            r"relationship quality",
            "The model's measure of how good the customers' relationships with their reps are, "
            "from 0 to 1, the mean over all customers; it stands for the relational performance "
            "that supervisors rated in the 2017 field study.",
        ),
        "empathy": (
            "perception and regulation",
            r"perception|regulation",
            "The two facets of a rep's emotional intelligence in the model, each from 0 to 1: "
            "perception, how well the rep reads customers' emotions (and notices a subtle hint "
            "that they want fewer contacts); regulation, how calm and authentic the rep stays, "
            "so that an unwanted contact does less harm.",
        ),
        "log_uniform": (
            "log-uniform",
            r"log-uniform",
            "A prior whose logarithm is spread evenly: each tenfold step within its range is "
            "equally plausible.",
        ),
    },
    "de": {
        "ci": (
            "95-%-Intervall",
            r"95-%-Intervall",
            "95-%-Konfidenzintervall: ein Bereich, so gebildet, dass er in etwa 95 von 100 "
            "Wiederholungen der Studie mit anderen Zufallszahlen die Antwort enthielte, die das "
            "Modell mit unbegrenzt vielen Wiederholungen gibt. Es misst das Monte-Carlo-Rauschen "
            "der Läufe, nicht, ob die Annahmen des Modells stimmen.",
        ),
        "noise": (
            "Monte-Carlo-Rauschen",
            r"Monte-Carlo-Rauschen",
            "Die Unterschiede zwischen Läufen, die sich nur in ihren Zufallszahlen "
            "unterscheiden: welche Kunden in einer Woche zufällig kaufen, Signale geben oder "
            "gehen. Mehr Wiederholungen machen es kleiner.",
        ),
        "replication": (
            "Wiederholung",
            r"Wiederholung",
            "Ein Lauf derselben Einstellung mit anderen Zufallszahlen; die Antwort ist der "
            "Mittelwert über die Wiederholungen.",
        ),
        "worlds": (
            "plausible Welten",
            r"plausible[nr]? Welt",
            "Fassungen des Modells, in denen die Parameter, die niemand genau kennt (wie schnell "
            "Beziehungen verblassen, wie sehr ein unerwünschter Kontakt verärgert, …), aus ihren "
            "plausiblen Bereichen gezogen sind. Wie weit die Antwort über die Welten streut, "
            "zeigt, wie sehr sie von dem abhängt, was man nicht weiß; die 90-%-Spanne lässt an "
            "jedem Ende bis zu 5 % der Welten weg (bei weniger als 20 Welten keine; dann umfasst "
            "sie alle Welten).",
        ),
        "priors": (
            "Vorwissen",
            r"\bVorwissen\b|\bPriors?\b",
            "Der plausible Bereich jedes unsicheren Parameters (in der Statistik: Prior), mit "
            "seiner Quelle oder der Begründung dafür (`rapport params --lang de`, docs/model.md).",
        ),
        "posterior": (
            "Kalibrierung",
            r"\bKalibrierung\b|\bPosterior\b",
            "Die Parameterwerte, die zu beobachteten Daten passten (`rapport calibrate`; in der "
            "Statistik: Posterior): Welten daraus sind die plausiblen Welten, die nach den Daten "
            "bleiben.",
        ),
        "r2": (
            "R²",
            r"R²",
            "Der Anteil der Streuung der Antwort über die Welten, den ein Parameter allein "
            "erklärt, von 0 (nichts davon) bis 1 (alles).",
        ),
        "holm": (
            "Holm-korrigierter p-Wert",
            r"Holm",
            "Wie wahrscheinlich ein mindestens so starker Zusammenhang mit der Antwort wäre, wenn "
            "der Parameter keinen hätte, strenger gemacht, weil viele Parameter zugleich geprüft "
            "werden (Holm-Verfahren); unter 0,05 wird der Parameter als Treiber genannt.",
        ),
        "crn": (
            "gemeinsame Zufallszahlen",
            r"gemeinsame Zufallszahlen",
            "Jede Einstellung einer Welt läuft mit denselben Zufallszahlen, sodass die "
            "Unterschiede zwischen den Einstellungen von den Einstellungen kommen, nicht vom "
            "Zufall.",
        ),
        "sweet_spot": (
            "bester Einsatz",
            r"beste[nr]? Einsatz",
            "Die wöchentlichen Stunden Kundenarbeit, bei denen die mittlere Beziehungsqualität auf "
            "dem Einsatzraster der Studie am höchsten ist.",
        ),
        "quality": (
            "Beziehungsqualität",
            r"Beziehungsqualität",
            "Das Maß des Modells dafür, wie gut die Beziehungen der Kunden zu den Personen "
            "sind, die sie betreuen, von 0 bis 1, gemittelt über alle Kunden; es steht für die "
            "Beziehungsleistung, die Vorgesetzte in der Feldstudie von 2017 bewerteten.",
        ),
        "empathy": (
            "Wahrnehmung und Regulation",
            r"Wahrnehmung|Regulation",
            "Die zwei Facetten der emotionalen Intelligenz einer Person im Modell, je von 0 bis "
            "1: Wahrnehmung, wie gut sie die Gefühle der Kunden liest (und ein leises Signal "
            "bemerkt, dass sie weniger Kontakt wünschen); Regulation, wie ruhig und authentisch "
            "sie bleibt, sodass ein unerwünschter Kontakt weniger schadet.",
        ),
        "log_uniform": (
            "log-gleichverteilt",
            r"log-gleichverteilt",
            "Ein Prior, dessen Logarithmus gleichmäßig verteilt ist: jeder zehnfache Schritt "
            "innerhalb seines Bereichs ist gleich plausibel.",
        ),
    },
}


def glossary(text: str, lang: str = "en") -> list[tuple[str, str]]:
    """The terms of ``GLOSSARY`` that ``text`` (a page's words) uses, with what each means, in
    ``lang``, in the glossary's order."""
    return [
        (term, meaning)
        for term, used, meaning in GLOSSARY[lang].values()
        if re.search(used, text, re.IGNORECASE)
    ]


def say(key: str, lang: str = "en", **values) -> str:
    """The study text ``key`` in ``lang``, formatted with ``values``; a key of ``sim.texts``
    (shared with the figures and the app, e.g. ``chart.week``) is said from there."""
    return say_from(TEXTS, key, lang, **values)


def capitalised(text: str) -> str:
    """``text`` with its first letter capitalised: German begins a whole sentence after a colon
    with a capital, so its templates take the clause as ``{When}`` beside ``{when}``."""
    return text[:1].upper() + text[1:]


def number(value: float, lang: str = "en", spec: str = "g") -> str:
    """A number in ``lang``'s notation with a format ``spec`` ("g", "+.3f", …)."""
    return format_number(float(value), lang, spec=spec)


def numbers(values: Sequence[float], lang: str = "en") -> list[str]:
    """The numbers of one list written alike, with as many decimals as the most precise of them
    needs ("1.3, 1.6 and 2.0"; German "1,3; 1,6 und 2,0"), so that no item reads rounder than
    the others."""
    shown = [f"{float(v):g}" for v in values]
    if any("e" in text for text in shown):  # tiny or huge: each as it is
        return [number(v, lang) for v in values]
    decimals = max((len(text.partition(".")[2]) for text in shown), default=0)
    return [number(v, lang, f".{decimals}f") for v in values]


def percent(share: float, lang: str = "en") -> str:
    """A share as a whole percentage ("50%"; German "50 %")."""
    return say("percent", lang, n=number(share * 100, lang, ".0f"))


def hours(value: float, lang: str = "en") -> str:
    """Hours as the answers write them ("37.5 h"; German "37,5 h", with a no-break space)."""
    return bound_units(f"{number(value, lang)} h", lang)


def weeks(value: float, lang: str = "en", spec: str = "g") -> str:
    """A number of weeks ("1 week", "5.5 weeks"; German "1 Woche", "5,5 Wochen")."""
    return say("weeks.one" if value == 1 else "weeks.many", lang, n=number(value, lang, spec))


def ci_text(
    interval: Sequence[float] | None,
    lang: str = "en",
    spec: str = ".3f",
    unit: str = "",
    *,
    replications: int = 1,
    needed: int = 2,
    grid: Sequence[float] | None = None,
) -> str:
    """A 95 % interval in words (values with ``spec`` and ``unit``), or why there is none: a
    single replication, or fewer ``replications`` than the interval's method ``needed``. An
    interval whose ends read alike says so once ("both ends at 10 h"), and for a value chosen
    from a ``grid`` (a bootstrap's best effort) names the grid points around it, between which
    the resamples cannot tell where the value lies."""
    if interval is None:
        return say("ci.none" if replications < 2 else "ci.few", lang, n=needed)
    low, high = (number(v, lang, spec) + unit for v in interval)
    if low != high:
        return say("ci", lang, low=low, high=high)
    points = sorted(grid) if grid is not None else []
    below = [g for g in points if g < interval[0]]
    above = [g for g in points if g > interval[1]]
    if not (below and above):
        return say("ci.point", lang, value=low)
    below_text, above_text = (number(v, lang, spec) + unit for v in (below[-1], above[0]))
    return say("ci.point.grid", lang, value=low, below=below_text, above=above_text)


def joined(items: Sequence[str], lang: str = "en", last: bool = True) -> str:
    """Items as a list: "a, b and c" (``last``), or "a, b, c" (German "a; b und c" and "a; b; c",
    since the decimal comma would run into a comma list)."""
    items = list(items)
    if not last or len(items) < 2:
        return say("list.sep", lang).join(items)
    return say("list.sep", lang).join(items[:-1]) + say("list.and", lang) + items[-1]


def open_direction(interval: Sequence[float] | None) -> bool:
    """Whether a difference's interval holds zero: its sign is then not settled."""
    return interval is not None and interval[0] <= 0 <= interval[1]


def effect(
    value: float,
    interval: Sequence[float] | None,
    lang: str = "en",
    spec: str = ".3f",
    unit: str = "",
    *,
    reference: str,
) -> str:
    """A difference against ``reference`` with its 95 % interval ("+0.131 (95 % CI +0.081 to
    +0.181)"); where the interval holds zero, that the difference is not clearly one from
    ``reference`` (its direction is open), where there is none, why (``ci_text``). The ends are
    signed as the difference is, and as the answer's "How sure" section and the app write them
    (a reviewer found "+0.290 (0.277 to 0.303)" above "+0.277 to +0.303" on one page)."""
    said = number(value, lang, "+" + spec) + unit
    ci = ci_text(interval, lang, "+" + spec, unit)
    key = "effect.open" if open_direction(interval) else "effect"
    return say(key, lang, value=said, ci=ci, reference=reference)
