"""Every text of the app in English and German.

Parameter labels and help texts live in the schema (``sim.params``: ``label``, ``label_de``,
``description``, ``description_de``); everything else the page shows is here. The German table
must have every key of the English one (a test checks it). Lessons are Markdown files in
``docs/lesson.<lang>.md``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path

from experiments.refusals import german_number, refusal, shown
from frontends import launch
from sim.params import PARAMS, ParamSpec
from sim.texts import (  # noqa: F401  (re-exported: the app reads every text from here)
    COLUMN_ENDS_DE,
    COLUMNS_DE,
    DECIMAL_MARK,
    INTERVAL_DE,
    LANGUAGES,
    after_weeks,
    bound_units,
    count,
    effort_curve_labels,
    figure_labels,
    format_number,
    level_name,
    profile_name,
    unit,
)
from sim.texts import TEXTS as CORE_TEXTS

LESSON_DIR = Path(__file__).resolve().parents[2] / "docs"
# The locale a chart writes its numbers in (the browser's Intl.NumberFormat): "1.200" and
# "716,2" in German, "1,200" and "716.2" in English.
LOCALES = {"en": "en-GB", "de": "de-DE"}

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Rapport",
        "subtitle": "Sales effort, empathy and customer relationships",
        "preset": "Scenario",
        "preset.default": "Default",
        "preset.hard_worker": "Hard worker",
        "preset.smart_worker": "Smart worker",
        "preset.mixed_team": "Mixed team",
        "preset.balanced_worker": "Balanced worker",
        "chart.each_rep": "each rep",
        "chart.aria": "The numbers are in the CSV downloads under Export.",
        "chart.portfolio.aria": "Portfolios: a row for each of {reps} reps, a cell for each of "
        "their {customers} customers, coloured by relationship quality; {irritated} customers "
        "irritated now, {lost} lost in the last {weeks} weeks.",
        "chart.relationship.aria": "{title}: the team's mean was {first} at the start and is "
        "{last} in week {week}, its lowest {low} in week {low_week}; a thin line for each of "
        "{reps} reps. The numbers are in the CSV downloads under Export.",
        "preset.coaching": "Coaching",
        "preset.changed": "{name} (changed)",
        "skip": "Skip to the run: Play, Step, Reset",
        "reset": "Reset",
        "step": "Step",
        "play": "Play",
        "pause": "Pause",
        "speed": "Speed (weeks per second)",
        "week": "Week {week} of {weeks}",
        "week.pressure": "· effort now {hours} h/week under management pressure",
        "week.pace": "· playing at {rate}\u00a0weeks/s",
        "render_every": "Large model: the charts update every {k} weeks while playing.",
        "group.reps": "Team",
        "group.customers": "Customers",
        "group.simulation": "Simulation",
        "group.advanced": "Advanced",
        "group.coaching": "Coaching programme",
        "group.hiring": "Hiring",
        "group.management": "Management pressure",
        "group.dynamics": "Dynamics",
        "profiles": "Team profiles (from the scenario, read-only)",
        "profiles.none": "One homogeneous team.",
        "profiles.note": "The profiles set effort and empathy of their reps; the team "
        "sliders apply to traits a profile leaves out.",
        "profiles.reps": "Reps",
        "profiles.rounded": "Shares are rounded to whole reps (largest remainder): of a team "
        "of {count}, each profile gets as many as its last column shows, which in a small team "
        "can differ from its share.",
        "profiles.fixed": "Set by the team profiles (team mean {value}); see the profiles "
        "below. A scenario without profiles makes this slider work.",
        "inert": "No effect unless {condition}.",
        "inert.or": " or ",
        "yaml.header": "Rapport scenario, exported from the app",
        "yaml.profiles": "not used: every profile sets its own ({own})",
        "yaml.inert": "not used: no effect unless {condition}",
        "yaml.open": "Lines that start with '# ' below hold the model's defaults, which a "
        "study's plausible worlds (rapport study) draw. To fix one you know for your team, "
        "remove its '# ' (and the one before its section's name if that is commented too).",
        "present.on": "Present",
        "present.off": "Show settings",
        "hint.first": "First step: press Play to watch the team week by week, or pick "
        "another scenario in the settings.",
        "hint.first.presenting": "First step: press Play to watch the team week by week.",
        "takeaway.below": "The run in one sentence is under the chart: scroll down.",
        "invalid": "Not applied: {message}",
        "invalid.others": "; also not applied: {names}",
        "blocked": "Disabled until this setting is fixed: {problem}",
        "pending": "Applies on Reset: {names}.",
        "intervened": "Changed after week {week}: {changes}.",
        # the status box: every change of the run, the latest first ("after week 22: …; after
        # week 11: …"), as the chart marks each at the tick of the week after which it was made
        "intervened.all": "Changed {changes}.",
        "intervened.at": "after week {week}: {changes}",
        "intervened.earlier": "{count} earlier on the chart",
        "finished": "The run has reached its last week. Reset to start again.",
        # the per-rep CSV's profile of a rep in a team without profiles (the team's settings)
        "profile.none": "team (no profile)",
        "tab.live": "Live",
        "tab.curve": "Effort curve",
        "tab.compare": "Compare",
        "tab.lesson": "Lesson",
        "export": "Export",
        "download.csv": "Weekly data (CSV)",
        "download.reps_csv": "Per-rep data (CSV)",
        "download.yaml": "Settings (scenario YAML)",
        "download.png": "Relationship chart (PNG)",
        "download.outcomes_png": "Outcomes chart (PNG)",
        "download.portfolio_png": "Portfolio picture (PNG)",
        "download.curve_png": "Effort curve (PNG)",
        "download.compare_png": "Comparison chart (PNG)",
        "curve.intro": "Relationship quality {after} for efforts from {low} to {high} "
        "hours a week, {levels}, with the current settings otherwise ({reps} replications per "
        "point, the same seeds at every point).",
        "curve.levels.all": "at low, current and high empathy",
        "curve.levels.low": "at the current empathy, which is the low level, and at high empathy",
        "curve.levels.high": "at low empathy and at the current, which is the high level",
        "curve.profiles": "The curve uses one homogeneous team (the scenario's profiles are "
        "left out).",
        "curve.run": "Compute effort curve",
        "curve.replications": "Replications",
        "curve.running": "Computing… {percent} %",
        "curve.done": "Done.",
        "curve.peak": "{level}: more effort pays off up to about {effort:.0f} h a week, "
        "beyond it relationship quality falls, by {fall} % at {end} h.",
        "curve.falls": "{level}: relationship quality is highest at about {effort:.0f} h a week "
        "and falls as effort grows beyond it, by {fall} % at {end} h: here more effort makes "
        "relationships worse (any rise before {effort:.0f} h is too small to tell from chance).",
        "curve.falls_first": "{level}: relationship quality is highest at the lowest effort "
        "shown, {effort:.0f} h a week, and falls as effort grows, by {fall} % at {end} h: here "
        "more effort makes relationships worse from the start.",
        "curve.no_peak": "{level}: no turning point between {low} and {high} h; more effort "
        "does not make relationships worse.",
        "curve.stale": "Settings changed since this curve was computed.",
        "curve.worlds.run": "Plausible worlds",
        "curve.worlds.running": "Drawing {count} plausible worlds… {percent} %",
        "curve.worlds.band": "current empathy: 90 % of {count} plausible worlds",
        "curve.worlds.sentence": "How sure is this? Over {count} plausible worlds {source}, the "
        "best effort of the team set in the sidebar (one homogeneous team at current empathy, "
        "as the curve) lies between "
        "{low:.0f} and {high:.0f} h a week {share} (dashed: the range of relationship "
        "quality); the curve's replications show only random noise.",
        "curve.worlds.team": "These worlds take the values calibrated to your uploaded team, "
        "but run the team set in the sidebar, as the curve does; the Your team tab answers for "
        "the uploaded team's own reps.",
        "curve.worlds.first": "Compute the effort curve first: the plausible worlds are drawn "
        "around it.",
        "compare.intro": "Pin the current run as the baseline, change settings (now or "
        "mid-run), then run the what-if: both run with the same random streams (seeds "
        "{seed} to {last}), so the difference comes from the change alone.",
        "compare.pin": "Pin current run as baseline",
        "compare.pinned": "Baseline pinned at week {week}: {summary}.",
        "compare.none": "No baseline pinned yet.",
        "compare.run": "Run what-if",
        "compare.replications": "Replications",
        "compare.running": "Running {percent} %…",
        # read out by the page's live regions when a background answer arrives (short: the
        # page's sentences and table below say the rest)
        "announce.compare.running": "Running the what-if: {reps} paired runs…",
        "announce.compare.done": "What-if done. Relationship quality {after}: {diff} (95 % "
        "interval {low} to {high}); revenue {revenue}. The full answer is below the buttons.",
        "announce.compare.same": "What-if done: both runs are the same, so the difference is "
        "zero. Why is said below the buttons.",
        "announce.compare.failed": "The what-if stopped with an error, shown below the buttons.",
        "announce.team.started": "Calibrating to your team: {population} particles × "
        "{generations}…",
        "announce.team.generation": "Calibration: generation {done} of {generations} done.",
        "announce.team.worlds": "Calibration done. Answering over {count} worlds calibrated to "
        "your team…",
        "announce.team.done": "Answer ready: for your team the best effort lies between "
        "{low:.0f} and {high:.0f} h a week (median {median:.0f} h). The full answer is below.",
        "announce.team.failed": "The calibration stopped with an error, shown below.",
        "announce.options.started": "Running {options} options side by side, {runs} runs each…",
        "announce.options.progress": "Side by side: {percent} % done.",
        "announce.options.done": "Side by side done. Relationship quality at the end is "
        "highest for {best} ({best_value}) and lowest for {worst} ({worst_value}). The table "
        "is below the buttons.",
        "announce.options.cancelled": "Side by side was stopped.",
        "announce.options.failed": "Side by side stopped with an error, shown below the buttons.",
        "announce.curve.started": "Computing the effort curve: {runs} runs…",
        "announce.curve.progress": "Effort curve: {percent} % done.",
        "announce.curve.done": "Effort curve done. {sentences} The chart and its PNG are below.",
        "announce.curve.stale": "Effort curve done, but for settings changed since: compute it "
        "again.",
        "announce.curve.cancelled": "The effort curve was stopped.",
        "announce.curve.failed": "The effort curve stopped with an error, shown below.",
        "announce.curve_worlds.started": "Computing the effort curve over {count} plausible "
        "worlds…",
        "announce.curve_worlds.progress": "Effort curve over plausible worlds: {percent} % done.",
        "announce.curve_worlds.done": "Plausible worlds done: the best effort lies between "
        "{low:.0f} and {high:.0f} h a week {share_of} worlds. The full answer is below the "
        "chart.",
        "announce.curve_worlds.stale": "Plausible worlds done, but for settings or a source "
        "changed since, so they are not shown: draw them again.",
        "announce.compare_worlds.started": "Comparing baseline and what-if in {count} plausible "
        "worlds…",
        "announce.compare_worlds.progress": "What-if over plausible worlds: {percent} % done.",
        "announce.compare_worlds.done": "Plausible worlds done: the what-if lowers relationship "
        "quality in {worse} of {count} worlds and raises it in {better}; in 90 % of them its mean "
        "difference lies between {low} and {high}. The full answer is below the buttons.",
        "announce.compare_worlds.zero": "Plausible worlds done. {sentence}",
        "announce.worlds.nothing": "No plausible worlds: your settings set every parameter they "
        "would draw. What to do is said below the buttons.",
        "announce.worlds.failed": "The plausible worlds stopped with an error, shown below the "
        "buttons.",
        "compare.no_change": "The what-if equals the baseline: nothing changed.",
        "compare.sentence.lead": "{change} {effects}.",
        "compare.sentence.lower": "lowers relationship quality {when} (by up to {size}; in "
        "these weeks the 95 % band of the difference lies below zero)",
        "compare.sentence.raises": "raises relationship quality {when} (by up to {size}; in "
        "these weeks the 95 % band lies above zero)",
        "compare.sentence.unclear": "{change} makes no clear difference to relationship "
        "quality in any week from {start} to {weeks} (largest difference {diff}).",
        "compare.sentence.unreached": "{change} cannot act within the {weeks} compared: it "
        "takes effect only after the last simulated week, so both runs are the same. Set an "
        "earlier start or more weeks.",
        "compare.sentence.profiles": "{change} acts in neither run: every profile of the team "
        "sets its own, so both runs are the same. Change the profiles' own values in a scenario "
        "file to compare them.",
        "late.coaching": "The coaching programme starts after week {week}, but the run ends "
        "with week {weeks}: it cannot act in this run.",
        "late.hiring": "The hires come in week {week}, but the run ends with week {weeks}: they "
        "cannot act in this run.",
        "none.hiring": "Hiring {share} % of a team of {count} is nobody (the share is rounded to "
        "whole reps): no one is hired.",
        "short.coaching": "The coaching programme lasts {duration}, but this run of {weeks} "
        "holds only {inside} of them: it gives only part of its gains here.",
        "capped.management": "The manager raises effort only up to {cap} h a week, and the team "
        "works {effort} h or more: management pressure can hardly act.",
        "late.management": "The manager's first review that can raise effort comes in week "
        "{week} (it compares two review periods), but the run ends with week {weeks}: management "
        "pressure cannot act in this run.",
        "compare.late.baseline": "Baseline: {note}",
        "compare.late.whatif": "What-if: {note}",
        "compare.worlds.profiles": "In each of {count} plausible worlds the difference is "
        "exactly zero: {change} acts in neither run, since every profile of the team sets its "
        "own.",
        "compare.worlds.unreached": "In each of {count} plausible worlds the difference is "
        "exactly zero: the change takes effect only after the last simulated week.",
        "compare.sentence.end": "{After}: {diff} (95 % interval {low} to {high}; "
        "{reps} paired runs).",
        "compare.sentence.outcomes": "Weeks {start} to {weeks}: revenue {revenue}, customers "
        "lost {churned}.",
        "compare.judged": "{diff} (95 % interval {low} to {high})",
        "weeks.span": "from week {first} to week {last}",
        "weeks.one": "in week {first}",
        "compare.stale": "Settings changed since this comparison was computed — run it again.",
        "compare.worlds.run": "Plausible worlds",
        "worlds.cancel": "Cancel",
        "worlds.cancelled": "Cancelled: no plausible worlds drawn.",
        "worlds.nothing.posterior": "No plausible worlds: your settings set every parameter "
        "these worlds would draw ({names}), so every world would be the same. Set one of them "
        "back to its default, or draw the worlds from another source.",
        "worlds.nothing.prior": "No plausible worlds: your settings set every parameter with a "
        "plausible range, so every world would be the same. Set one of them back to its default.",
        "compare.worlds.band": "90 % of {count} plausible worlds",
        "compare.worlds.sentence": "How sure is this? In {count} plausible worlds {source} "
        "({reps} paired runs in each), the what-if "
        "lowers relationship quality over weeks {start} to {weeks} in {worse} of {count} worlds "
        "and raises it in {better}; in 90 % of the worlds its mean difference over these weeks "
        "lies between {low} and {high} (dashed grey: the difference's weekly range over the "
        "worlds). The 95 % intervals above (in the sentence, at the last week; in the table, "
        "over these weeks) show only random noise.",
        "compare.worlds.same": "In each of {count} plausible worlds the difference is exactly "
        "zero: nothing changed.",
        "compare.worlds.stale": "Settings changed since the plausible worlds were drawn — draw "
        "them again.",
        "compare.table.outcome": "Outcome (weeks {start} to {weeks})",
        "compare.table.difference": "Difference (95 % interval)",
        "compare.table.rounding": "Each difference is taken before rounding, so it can differ "
        "in its last digit from the difference of the rounded values beside it.",
        "outcome.relational_performance": "Relationship quality (mean)",
        "outcome.revenue": "Revenue",
        "outcome.churned": "Customers lost",
        "options.intro": "Pick 2 to {n} options (presets or settings you saved) and run "
        "them side by side: every option runs with the same random streams (seeds {seed} to "
        "{last}), so the differences come from the settings alone.",
        "options.save": "Save current settings as an option",
        "options.saved_name": "Saved {n}",
        "options.same": "Not saved: these settings are already the option “{name}”. Change a "
        "setting first.",
        "options.name": "Name for the current settings",
        "options.run": "Run side by side",
        "options.pick": "Pick 2 to {n} options ({chosen} picked).",
        "options.table_note": "Means over {reps} runs per option (seeds from {seeds}), 95 % "
        "interval in brackets; totals over each option's whole run.",
        "options.option": "Option",
        "options.col.relational_performance": "Relationship quality (mean)",
        "options.col.final_relational_performance": "Relationship quality (end)",
        "options.col.revenue": "Revenue",
        "options.col.churned": "Customers lost",
        "options.col.wasted_hours": "Wasted hours",
        "options.cell": "{mean} ({low}\u00a0– {high})",
        "options.traits": "{effort} h/week · perception {perception} · regulation {regulation}",
        "download.options_csv": "Side-by-side table (CSV)",
        "download.options_png": "Side-by-side chart (PNG)",
        "download.team_example": "Example team (CSV)",
        "tab.options": "Side by side",
        "outcome.wasted_hours": "Wasted hours",
        "takeaway.balanced": "Against the balanced plan (the same team at {effort}\u00a0h/week, "
        "the same random streams): revenue {revenue}, customers lost {churned}.",
        "takeaway.balanced.pressure": "Against the balanced plan (the same team at "
        "{effort}\u00a0h/week without the pressure that pushed this run to {pushed_to}\u00a0h; "
        "the same random streams): revenue {revenue}, customers lost {churned}.",
        "monitor.quality": "Relationship quality now",
        "monitor.peak": "Its peak so far",
        "monitor.peak_value": "{peak} (week {week})",
        "monitor.revenue": "Revenue to date",
        "monitor.churned": "Customers lost",
        "monitor.wasted_hours": "Hours wasted",
        "monitor.lead": "Which fell first",
        "monitor.lead.relationships": "Relationships, {n} weeks before revenue",
        "monitor.lead.relationships.one": "Relationships, 1 week before revenue",
        "monitor.lead.revenue": "Revenue, {n} weeks before relationships",
        "monitor.lead.revenue.one": "Revenue, 1 week before relationships",
        "monitor.lead.same": "Both in the same week",
        "takeaway.fell": "Relationship quality peaked at week {high_week} ({high}) and fell to "
        "{now} by week {week}; {lost}, {revenue} revenue, {wasted} hours wasted.",
        "takeaway.held": "Relationship quality reached {now} by week {week} (its peak: {peak} "
        "at week {peak_week}); {lost}, {revenue} revenue, {wasted} hours wasted.",
        "takeaway.rose": "Relationship quality rose to {now} by week {week}, its highest; "
        "{lost}, {revenue} revenue, {wasted} hours wasted.",
        "takeaway.surpassed": "Relationship quality reached {high} by week {high_week}, fell to "
        "{low} by week {low_week} and rose again to {now} by week {week}, above that early "
        "high; {lost}, {revenue} revenue, {wasted} hours wasted.",
        "takeaway.recovered": "Relationship quality peaked at week {high_week} ({high}), fell "
        "to {low} by week {low_week} and recovered to {now} by week {week}, while {lost}; "
        "{revenue} revenue, {wasted} hours wasted.",
        "takeaway.lost": "{n} customers lost",
        "takeaway.lost.one": "1 customer lost",
        "takeaway.replaced": "{n} customers were lost and their places went to new customers "
        "not yet over-contacted",
        "takeaway.replaced.one": "1 customer was lost and its place went to a new customer not "
        "yet over-contacted",
        "takeaway.recovered.changed": "Relationship quality peaked at week {high_week} "
        "({high}), fell to {low} by week {low_week} and, with the settings changed after week "
        "{change_week}, reached {now} by week {week}; {lost}, {revenue} revenue, {wasted} hours "
        "wasted.",
        "euros.M": "€\u00a0{number}\u00a0M",
        "euros.k": "€\u00a0{number}\u00a0k",
        "compare.sentence.same": "With identical settings the difference is exactly zero "
        "(the same random streams in both runs).",
        "compare.used": "Settings used. Baseline: {baseline}. What-if: {whatif}.",
        "compare.horizon.baseline": "Both runs are compared over all {weeks} weeks: the "
        "baseline is set to {length} and ran on with its own settings after week {short}, "
        "so nothing of the what-if is cut.",
        "compare.horizon.whatif": "Both runs are compared over all {weeks} weeks: the what-if "
        "is set to {length} and ran on with its own settings after week {short}, so "
        "nothing of the baseline is cut.",
        "change.one": "changing {label} from {a} to {b}",
        "change.from_week": "from week {week}",
        "change.and": " and ",
        "change.then": ", then ",
        "lang.en": "English",
        "lang.de": "Deutsch",
        "help.units": "Allowed: {low} to {high}",
        "size.larger": "(Larger models run on the command line, for analysts: `rapport run`.)",
        "error.page": "Something went wrong: {message}",
        "worlds.choice": "Plausible worlds from:",
        "worlds.choice.prior": "prior knowledge",
        "worlds.choice.calibrated": "calibrated",
        "worlds.choice.team": "your team",
        "worlds.source.prior": "drawn from prior knowledge (the plausible ranges) of the "
        "parameters you did not set",
        "worlds.source.calibrated": "drawn from the values that calibration against published "
        "evidence found plausible, for the parameters you did not set",
        "worlds.source.team": "drawn from the values calibrated to your team's data (the "
        "parameters its losses and ratings speak to; the others as set)",
        "tab.team": "Your team",
        "team.intro": "Upload your team's CRM export: a CSV of at most {mb} MB with one row per "
        "rep and week and the columns rep, week, hours or contacts, lost_customers, and if you "
        "have them customers, ei, rating, nps, as in the example team below (hours: with "
        "customers that week; ei: the rep's emotional intelligence test score, 1–7; rating: a "
        "supervisor's rating of the rep's relationships, 1–7; nps: the rep's customers' net "
        "promoter score). Commas, semicolons or tabs between the cells are fine, as Excel saves "
        "it; decimal commas where semicolons or tabs separate the cells (a file with commas "
        "between its cells needs decimal points). The file is read strictly, kept only "
        "in a temporary folder while it is read, and not stored. The model is then calibrated "
        "to your team ({population} particles × {generations} of ABC-SMC) and "
        "answers where your team's best effort lies.",
        "team.generations.one": "1 generation",
        "team.generations": "{count} generations",
        "team.drop": "Drop your team's CSV file here, or click to choose it",
        "team.choose": "Choose a file…",
        "team.summary": "Read {name}: {reps} over {weeks}; columns: {columns}.",
        "team.running": "Calibrating to your team: generation {generation} of {generations}… "
        "{percent} %",
        "team.running.worlds": "Answering over {count} worlds calibrated to your team… {percent} %",
        "team.cancelled": "Cancelled: the calibration stopped. Drop the file again to restart.",
        "team.sentence": "For your team the best effort lies between {low:.0f} and {high:.0f} h "
        "a week {share_of} worlds calibrated to your data (median {median:.0f} h; "
        "calibrated on {name} with {population} particles × {generations} of "
        "ABC-SMC, {seconds:.0f} s). Choose “your team” under plausible worlds in the Effort "
        "curve and Compare tabs to see their bands in these worlds.",
    },
    "de": {
        "title": "Rapport",
        "subtitle": "Vertriebseinsatz, Empathie und Kundenbeziehungen",
        "preset": "Szenario",
        "preset.default": "Standard",
        "preset.hard_worker": "Hart arbeitend",
        "preset.smart_worker": "Klug arbeitend",
        "preset.mixed_team": "Gemischtes Team",
        "chart.each_rep": "je Person",
        "chart.aria": "Die Zahlen stehen in den CSV-Downloads unter Export.",
        "chart.portfolio.aria": "Portfolios: eine Zeile für jede der {reps} Personen, eine Zelle "
        "für jeden ihrer {customers} Kunden, gefärbt nach der Beziehungsqualität; {irritated} "
        "Kunden jetzt verärgert, {lost} in den letzten {weeks} Wochen verloren.",
        "chart.relationship.aria": "{title}: Das Teammittel lag zu Beginn bei {first} und liegt "
        "in Woche {week} bei {last}, am tiefsten bei {low} in Woche {low_week}; eine dünne "
        "Linie für jede der {reps} Personen. Die Zahlen stehen in den CSV-Downloads unter Export.",
        "preset.balanced_worker": "Maßvoll arbeitend",
        "preset.coaching": "Coaching",
        "preset.changed": "{name} (geändert)",
        "skip": "Zum Lauf springen: Start, Schritt, Zurücksetzen",
        "reset": "Zurücksetzen",
        "step": "Schritt",
        "play": "Start",
        "pause": "Pause",
        "speed": "Tempo (Wochen pro Sekunde)",
        "week": "Woche {week} von {weeks}",
        "week.pressure": "· Einsatz jetzt {hours} h/Woche unter Führungsdruck",
        "week.pace": "· läuft mit {rate}\u00a0Wochen/s",
        "render_every": "Großes Modell: Beim Abspielen werden die Diagramme alle {k} Wochen "
        "aktualisiert.",
        "group.reps": "Team",
        "group.customers": "Kunden",
        "group.simulation": "Simulation",
        "group.advanced": "Erweitert",
        "group.coaching": "Coaching-Programm",
        "group.hiring": "Neueinstellungen",
        "group.management": "Führungsdruck",
        "group.dynamics": "Dynamik",
        "profiles": "Teamprofile (aus dem Szenario, nicht änderbar)",
        "profiles.none": "Ein einheitliches Team.",
        "profiles.note": "Die Profile bestimmen Einsatz und Empathie jeder Person, die zu ihnen "
        "gehört; die Team-Regler gelten für Eigenschaften, die ein Profil offen lässt.",
        "profiles.reps": "Personen",
        "profiles.rounded": "Die Anteile werden auf ganze Personen gerundet (nach dem größten "
        "Rest): In einem Team von {count} bekommt jedes Profil so viele Personen, wie seine "
        "letzte Spalte zeigt; in einem kleinen Team kann das von seinem Anteil abweichen.",
        "profiles.fixed": "Von den Teamprofilen festgelegt (Teammittel {value}); siehe die "
        "Profile unten. In einem Szenario ohne Profile ist dieser Regler aktiv.",
        "inert": "Wirkt nur, wenn {condition}.",
        "inert.or": " oder ",
        "yaml.header": "Rapport-Szenario, aus der App exportiert",
        "yaml.profiles": "nicht verwendet: jedes Profil setzt einen eigenen Wert ({own})",
        "yaml.inert": "nicht verwendet: wirkt nur, wenn {condition}",
        "yaml.open": "Zeilen, die unten mit '# ' beginnen, enthalten die Standardwerte des "
        "Modells, die die plausiblen Welten einer Studie (rapport study) ziehen. Um einen Wert "
        "festzulegen, den Sie für Ihr Team kennen, entfernen Sie sein '# ' (und das vor dem "
        "Namen seines Abschnitts, wenn auch dieser auskommentiert ist).",
        "present.on": "Präsentieren",
        "present.off": "Einstellungen zeigen",
        "hint.first": "Erster Schritt: Start drücken und das Team Woche für Woche "
        "verfolgen, oder in den Einstellungen ein anderes Szenario wählen.",
        "hint.first.presenting": "Erster Schritt: Start drücken und das Team Woche für "
        "Woche verfolgen.",
        "takeaway.below": "Der Lauf in einem Satz steht unter dem Diagramm: nach unten scrollen.",
        "invalid": "Nicht übernommen: {message}",
        "invalid.others": "; ebenfalls nicht übernommen: {names}",
        "blocked": "Gesperrt, bis diese Einstellung korrigiert ist: {problem}",
        "pending": "Wird beim Zurücksetzen übernommen: {names}.",
        "intervened": "Geändert nach Woche {week}: {changes}.",
        "intervened.all": "Geändert {changes}.",
        "intervened.at": "nach Woche {week}: {changes}",
        "intervened.earlier": "{count} frühere im Diagramm",
        "finished": "Der Lauf hat seine letzte Woche erreicht. Zum Neustart zurücksetzen.",
        "profile.none": "Team (kein Profil)",
        "tab.live": "Live",
        "tab.curve": "Einsatzkurve",
        "tab.compare": "Vergleich",
        "tab.lesson": "Lektion",
        "export": "Export",
        "download.csv": "Wochendaten (CSV)",
        "download.reps_csv": "Daten je Person (CSV)",
        "download.yaml": "Einstellungen (Szenario-YAML)",
        "download.png": "Beziehungsdiagramm (PNG)",
        "download.outcomes_png": "Ergebnisdiagramm (PNG)",
        "download.portfolio_png": "Portfoliobild (PNG)",
        "download.curve_png": "Einsatzkurve (PNG)",
        "download.compare_png": "Vergleichsdiagramm (PNG)",
        "curve.intro": "Beziehungsqualität {after} bei einem Einsatz von {low} bis "
        "{high} Stunden pro Woche, {levels}, sonst mit den aktuellen Einstellungen ({reps} "
        "Wiederholungen je Punkt, an jedem Punkt dieselben Zufallsstartwerte).",
        "curve.levels.all": "mit niedriger, aktueller und hoher Empathie",
        "curve.levels.low": "mit der aktuellen Empathie, die der niedrigen Stufe entspricht, und "
        "mit hoher Empathie",
        "curve.levels.high": "mit niedriger Empathie und mit der aktuellen, die der hohen Stufe "
        "entspricht",
        "curve.profiles": "Die Kurve rechnet mit einem einheitlichen Team (die Profile des "
        "Szenarios bleiben außen vor).",
        "curve.run": "Einsatzkurve berechnen",
        "curve.replications": "Wiederholungen",
        "curve.running": "Wird berechnet … {percent} %",
        "curve.done": "Fertig.",
        "curve.peak": "{level}: Mehr Einsatz lohnt sich bis etwa {effort:.0f} h pro Woche, "
        "darüber sinkt die Beziehungsqualität, bis {end} h um {fall} %.",
        "curve.falls": "{level}: Die Beziehungsqualität ist bei etwa {effort:.0f} h pro Woche "
        "am höchsten und sinkt mit mehr Einsatz, bis {end} h um {fall} %: Hier verschlechtert "
        "mehr Einsatz die Beziehungen (ein Anstieg vor {effort:.0f} h ist zu klein, um ihn vom "
        "Zufall zu unterscheiden).",
        "curve.falls_first": "{level}: Die Beziehungsqualität ist beim niedrigsten gezeigten "
        "Einsatz, {effort:.0f} h pro Woche, am höchsten und sinkt mit mehr Einsatz, bis {end} h "
        "um {fall} %: Hier verschlechtert mehr Einsatz die Beziehungen von Anfang an.",
        "curve.no_peak": "{level}: kein Hochpunkt zwischen {low} und {high} h; mehr Einsatz "
        "verschlechtert die Beziehungen nicht.",
        "curve.stale": "Die Einstellungen haben sich seit der Berechnung geändert.",
        "curve.worlds.team": "Diese Welten übernehmen die an Ihr hochgeladenes Team "
        "kalibrierten Werte, rechnen aber wie die Kurve mit dem in der Seitenleiste "
        "eingestellten Team; der Reiter „Ihr Team“ antwortet für die Personen des hochgeladenen "
        "Teams selbst.",
        "curve.worlds.first": "Berechnen Sie zuerst die Einsatzkurve: Die plausiblen Welten "
        "werden um sie herum gezogen.",
        "curve.worlds.run": "Plausible Welten",
        "curve.worlds.running": "{count} plausible Welten werden gezogen … {percent} %",
        "curve.worlds.band": "aktuelle Empathie: 90 % von {count} plausiblen Welten",
        "curve.worlds.sentence": "Wie sicher ist das? In {count} plausiblen Welten, {source}, "
        "liegt der beste Einsatz des in der Seitenleiste eingestellten Teams (eines einheitlichen "
        "Teams mit aktueller Empathie, wie bei der Kurve) "
        "{share} zwischen {low:.0f} und {high:.0f} h pro Woche "
        "(gestrichelt: die Spanne der Beziehungsqualität); die Wiederholungen der Kurve zeigen "
        "nur das Zufallsrauschen.",
        "compare.intro": "Den aktuellen Lauf als Basis festhalten, Einstellungen ändern (jetzt "
        "oder mitten im Lauf) und dann die Variante rechnen: Beide laufen mit "
        "denselben Zufallsfolgen (Zufallsstartwerte {seed} bis {last}), sodass der Unterschied "
        "allein von der Änderung kommt.",
        "compare.pin": "Aktuellen Lauf als Basis festhalten",
        "compare.pinned": "Basis festgehalten in Woche {week}: {summary}.",
        "compare.none": "Noch keine Basis festgehalten.",
        "compare.run": "Variante rechnen",
        "compare.replications": "Wiederholungen",
        "compare.running": "Wird berechnet … {percent} %",
        "announce.compare.running": "Die Variante wird gerechnet: {reps} gepaarte Läufe …",
        "announce.compare.done": "Variante fertig. Beziehungsqualität {after}: {diff} ("
        + INTERVAL_DE
        + " {low} bis {high}); Umsatz {revenue}. Die ganze Antwort steht unter den "
        "Schaltflächen.",
        "announce.compare.same": "Variante fertig: Beide Läufe sind gleich, der "
        "Unterschied ist null. Warum, steht unter den Schaltflächen.",
        "announce.compare.failed": "Die Variante brach mit einem Fehler ab; er steht unter "
        "den Schaltflächen.",
        "announce.team.started": "Kalibrierung an Ihr Team: {population} Partikel × "
        "{generations} …",
        "announce.team.generation": "Kalibrierung: Generation {done} von {generations} fertig.",
        "announce.team.worlds": "Kalibrierung fertig. Antwort über {count} an Ihr Team "
        "kalibrierte Welten …",
        "announce.team.done": "Antwort fertig: Für Ihr Team liegt der beste Einsatz zwischen "
        "{low:.0f} und {high:.0f} h pro Woche (Median {median:.0f} h). Die ganze Antwort steht "
        "unten.",
        "announce.team.failed": "Die Kalibrierung brach mit einem Fehler ab; er steht unten.",
        "announce.options.started": "{options} Optionen werden nebeneinander gerechnet, je "
        "{runs} Läufe …",
        "announce.options.progress": "Nebeneinander: {percent} % fertig.",
        "announce.options.done": "Nebeneinander fertig. Die Beziehungsqualität am Ende ist bei "
        "{best} am höchsten ({best_value}) und bei {worst} am niedrigsten ({worst_value}). Die "
        "Tabelle steht unter den Schaltflächen.",
        "announce.options.cancelled": "Nebeneinander wurde abgebrochen.",
        "announce.options.failed": "Nebeneinander brach mit einem Fehler ab; er steht unter "
        "den Schaltflächen.",
        "announce.curve.started": "Die Einsatzkurve wird berechnet: {runs} Läufe …",
        "announce.curve.progress": "Einsatzkurve: {percent} % fertig.",
        "announce.curve.done": "Einsatzkurve fertig. {sentences} Das Diagramm und sein PNG "
        "stehen darunter.",
        "announce.curve.stale": "Einsatzkurve fertig, aber für inzwischen geänderte "
        "Einstellungen: Bitte neu berechnen.",
        "announce.curve.cancelled": "Die Einsatzkurve wurde abgebrochen.",
        "announce.curve.failed": "Die Einsatzkurve brach mit einem Fehler ab; er steht darunter.",
        "announce.curve_worlds.started": "Die Einsatzkurve wird über {count} plausible Welten "
        "gerechnet …",
        "announce.curve_worlds.progress": "Einsatzkurve über plausible Welten: {percent} % fertig.",
        "announce.curve_worlds.done": "Plausible Welten fertig: Der beste Einsatz liegt "
        "{share_of} Welten zwischen {low:.0f} und {high:.0f} h pro Woche. Die ganze Antwort "
        "steht unter dem Diagramm.",
        "announce.curve_worlds.stale": "Plausible Welten fertig, aber für inzwischen geänderte "
        "Einstellungen oder eine andere Quelle; sie werden nicht gezeigt: bitte neu ziehen.",
        "announce.compare_worlds.started": "Basis und Variante werden in {count} plausiblen "
        "Welten verglichen …",
        "announce.compare_worlds.progress": "Variante über plausible Welten: {percent} % fertig.",
        "announce.compare_worlds.done": "Plausible Welten fertig: Die Variante senkt die "
        "Beziehungsqualität in {worse} von {count} Welten und hebt sie in {better}; in 90 % der "
        "Welten liegt ihr mittlerer Unterschied zwischen {low} und {high}. Die ganze Antwort "
        "steht unter den Schaltflächen.",
        "announce.compare_worlds.zero": "Plausible Welten fertig. {sentence}",
        "announce.worlds.nothing": "Keine plausiblen Welten: Ihre Einstellungen legen jeden "
        "Parameter fest, den sie ziehen würden. Was zu tun ist, steht unter den Schaltflächen.",
        "announce.worlds.failed": "Die plausiblen Welten brachen mit einem Fehler ab; er steht "
        "unter den Schaltflächen.",
        "compare.no_change": "Die Variante gleicht der Basis: nichts wurde geändert.",
        "compare.sentence.lead": "Wird {change} geändert, {effects}.",
        "compare.sentence.lower": "liegt die Beziehungsqualität {when} niedriger (um bis zu "
        "{size}; in "
        "diesen Wochen liegt das 95-%-Band des Unterschieds unter null)",
        "compare.sentence.raises": "liegt die Beziehungsqualität {when} höher (um bis zu {size}; "
        "in "
        "diesen Wochen liegt das 95-%-Band über null)",
        "compare.sentence.unclear": "Wird {change} geändert, zeigt die Beziehungsqualität in "
        "keiner Woche von {start} bis {weeks} einen klaren Unterschied (größter Unterschied "
        "{diff}).",
        "compare.sentence.unreached": "Wird {change} geändert, wirkt das in einem Vergleich "
        "über {weeks} nicht: Die Änderung greift erst nach der letzten simulierten Woche, beide "
        "Läufe sind also gleich. Wählen Sie einen früheren Beginn oder mehr Wochen.",
        "compare.sentence.profiles": "Wird {change} geändert, wirkt das in keinem der beiden "
        "Läufe: Jedes Profil des Teams setzt seinen eigenen Wert, beide Läufe sind also gleich. "
        "Ändern Sie die Werte der Profile in einer Szenariodatei, um sie zu vergleichen.",
        "late.coaching": "Das Coaching-Programm beginnt nach Woche {week}, der Lauf endet aber "
        "mit Woche {weeks}: Es kann in diesem Lauf nicht wirken.",
        "late.hiring": "Die Neueinstellungen kommen in Woche {week}, der Lauf endet aber mit "
        "Woche {weeks}: Sie können in diesem Lauf nicht wirken.",
        "none.hiring": "{share} % eines Teams von {count} ergeben keine Person (der Anteil wird "
        "auf ganze Personen gerundet): Es wird niemand neu eingestellt.",
        "short.coaching": "Das Coaching-Programm dauert {duration}, dieser Lauf von {weeks} "
        "umfasst aber nur {inside} davon: Es bringt hier nur einen Teil seiner Zuwächse.",
        "capped.management": "Die Führung erhöht den Einsatz nur bis {cap} h pro Woche, und das "
        "Team arbeitet {effort} h oder mehr: Führungsdruck kann kaum wirken.",
        "late.management": "Die erste Überprüfung, bei der die Führung den Einsatz erhöhen kann, "
        "kommt in Woche {week} (sie vergleicht zwei Überprüfungszeiträume), der Lauf endet aber "
        "mit Woche {weeks}: Führungsdruck kann in diesem Lauf nicht wirken.",
        "compare.late.baseline": "Basis: {note}",
        "compare.late.whatif": "Variante: {note}",
        "compare.worlds.profiles": "In jeder von {count} plausiblen Welten ist der Unterschied "
        "genau null: Wird {change} geändert, wirkt das in keinem der beiden Läufe, denn jedes "
        "Profil des Teams setzt seinen eigenen Wert.",
        "compare.worlds.unreached": "In jeder von {count} plausiblen Welten ist der Unterschied "
        "genau null: Die Änderung greift erst nach der letzten simulierten Woche.",
        "compare.sentence.end": "{After}: {diff} ("
        + INTERVAL_DE
        + " {low} bis {high}; {reps} gepaarte Läufe).",
        "compare.sentence.outcomes": "Wochen {start} bis {weeks}: Umsatz {revenue}, verlorene "
        "Kunden {churned}.",
        "compare.judged": "{diff} (" + INTERVAL_DE + " {low} bis {high})",
        "weeks.span": "von Woche {first} bis Woche {last}",
        "weeks.one": "in Woche {first}",
        "compare.stale": "Die Einstellungen haben sich seit diesem Vergleich geändert – bitte "
        "neu rechnen.",
        "compare.worlds.run": "Plausible Welten",
        "worlds.cancel": "Abbrechen",
        "worlds.cancelled": "Abgebrochen: keine plausiblen Welten gezogen.",
        "worlds.nothing.posterior": "Keine plausiblen Welten: Ihre Einstellungen legen jeden "
        "Parameter fest, den diese Welten ziehen würden ({names}); alle Welten wären gleich. "
        "Setzen Sie einen davon auf seinen Standardwert zurück oder ziehen Sie die Welten aus "
        "einer anderen Quelle.",
        "worlds.nothing.prior": "Keine plausiblen Welten: Ihre Einstellungen legen jeden "
        "Parameter mit plausiblem Bereich fest; alle Welten wären gleich. Setzen Sie einen "
        "davon auf seinen "
        "Standardwert zurück.",
        "compare.worlds.band": "90 % von {count} plausiblen Welten",
        "compare.worlds.sentence": "Wie sicher ist das? In {count} plausiblen Welten, {source} "
        "(je {reps} gepaarte Läufe), "
        "senkt die Variante die Beziehungsqualität über die Wochen {start} bis {weeks} in "
        "{worse} von {count} Welten und hebt sie in {better}; in 90 % der Welten liegt der "
        "mittlere Unterschied dieser Wochen zwischen {low} und {high} (grau gestrichelt: die "
        "wöchentliche Spanne des Unterschieds über die Welten). Das "
        + INTERVAL_DE
        + " im Satz oben (in der letzten Woche) und in der Tabelle (über diese Wochen) zeigt "
        "nur das Zufallsrauschen.",
        "compare.worlds.same": "In jeder von {count} plausiblen Welten ist der Unterschied genau "
        "null: nichts wurde geändert.",
        "compare.worlds.stale": "Die Einstellungen haben sich geändert, seit die plausiblen "
        "Welten gezogen wurden – bitte neu ziehen.",
        "compare.table.outcome": "Ergebnis (Wochen {start} bis {weeks})",
        "compare.table.difference": f"Unterschied ({INTERVAL_DE})",
        "compare.table.rounding": "Jeder Unterschied wird vor dem Runden gebildet und kann "
        "daher in der letzten Stelle vom Unterschied der gerundeten Werte daneben abweichen.",
        "outcome.relational_performance": "Beziehungsqualität (Mittel)",
        "outcome.revenue": "Umsatz",
        "outcome.churned": "Verlorene Kunden",
        "options.intro": "2 bis {n} Optionen wählen (Szenarien oder gespeicherte "
        "Einstellungen) und nebeneinander rechnen: Jede Option läuft mit denselben "
        "Zufallsfolgen (Zufallsstartwerte {seed} bis {last}), sodass die Unterschiede allein von "
        "den Einstellungen kommen.",
        "options.save": "Aktuelle Einstellungen als Option speichern",
        "options.saved_name": "Gespeicherte Option {n}",
        "options.same": "Nicht gespeichert: Diese Einstellungen sind schon die Option "
        "„{name}“. Ändern Sie zuerst eine Einstellung.",
        "options.name": "Name dieser Einstellungen",
        "options.run": "Nebeneinander rechnen",
        "options.pick": "2 bis {n} Optionen wählen ({chosen} gewählt).",
        "options.table_note": "Mittelwerte über {reps} Läufe je Option (Zufallsstartwerte ab "
        f"{{seeds}}), {INTERVAL_DE} in Klammern; Summen über den ganzen Lauf jeder Option.",
        "options.option": "Option",
        "options.col.relational_performance": "Beziehungsqualität (Mittel)",
        "options.col.final_relational_performance": "Beziehungsqualität (Ende)",
        "options.col.revenue": "Umsatz",
        "options.col.churned": "Verlorene Kunden",
        "options.col.wasted_hours": "Vergeudete Stunden",
        "options.cell": "{mean} ({low}\u00a0– {high})",
        "options.traits": "{effort} h/Woche · Wahrnehmung {perception} · Regulation {regulation}",
        "download.options_csv": "Tabelle Nebeneinander (CSV)",
        "download.options_png": "Diagramm Nebeneinander (PNG)",
        "download.team_example": "Beispielteam (CSV)",
        "tab.options": "Nebeneinander",
        "outcome.wasted_hours": "Vergeudete Stunden",
        "takeaway.balanced": "Gegenüber dem Plan „Maßvoll arbeitend“ (dasselbe Team mit "
        "{effort}\u00a0h/Woche, dieselben Zufallsfolgen): Umsatz {revenue}, verlorene Kunden "
        "{churned}.",
        "takeaway.balanced.pressure": "Gegenüber dem Plan „Maßvoll arbeitend“ (dasselbe "
        "Team mit {effort}\u00a0h/Woche ohne den Führungsdruck, der diesen Lauf auf "
        "{pushed_to}\u00a0h trieb; dieselben Zufallsfolgen): Umsatz {revenue}, verlorene Kunden "
        "{churned}.",
        "monitor.quality": "Beziehungsqualität jetzt",
        "monitor.peak": "Bisheriger Höchstwert",
        "monitor.peak_value": "{peak} (Woche {week})",
        "monitor.revenue": "Umsatz bisher",
        "monitor.churned": "Verlorene Kunden",
        "monitor.wasted_hours": "Vergeudete Stunden",
        "monitor.lead": "Was fiel zuerst",
        # "Beziehungen", as the English says "Relationships": in the monitor's narrow box
        # "Beziehungsqualität" took a third line at 1280 px, and the row grew when it came
        "monitor.lead.relationships": "Beziehungen, {n} Wochen vor dem Umsatz",
        "monitor.lead.relationships.one": "Beziehungen, 1 Woche vor dem Umsatz",
        "monitor.lead.revenue": "Umsatz, {n} Wochen vor den Beziehungen",
        "monitor.lead.revenue.one": "Umsatz, 1 Woche vor den Beziehungen",
        "monitor.lead.same": "Beide in derselben Woche",
        "takeaway.fell": "Die Beziehungsqualität erreichte in Woche {high_week} ihren "
        "Höchstwert ({high}) und fiel bis Woche {week} auf {now}; {lost}, {revenue} Umsatz, "
        "{wasted} Stunden vergeudet.",
        "takeaway.held": "Die Beziehungsqualität lag in Woche {week} bei {now} (Höchstwert "
        "{peak} in Woche {peak_week}); {lost}, {revenue} Umsatz, {wasted} Stunden vergeudet.",
        "takeaway.rose": "Die Beziehungsqualität stieg bis Woche {week} auf {now}, ihren "
        "bisher höchsten Wert; {lost}, {revenue} Umsatz, {wasted} Stunden vergeudet.",
        "takeaway.surpassed": "Die Beziehungsqualität erreichte in Woche {high_week} den Wert "
        "{high}, "
        "fiel bis Woche {low_week} auf {low} und stieg bis Woche {week} wieder auf {now}, über "
        "jenen frühen Höchstwert; {lost}, {revenue} Umsatz, {wasted} Stunden vergeudet.",
        "takeaway.recovered": "Die Beziehungsqualität erreichte in Woche {high_week} ihren "
        "Höchstwert ({high}), fiel bis Woche {low_week} auf {low} und erholte sich bis Woche "
        "{week} auf {now}, während {lost}; {revenue} Umsatz, {wasted} Stunden vergeudet.",
        "takeaway.lost": "{n} Kunden verloren",
        "takeaway.lost.one": "1 Kunde verloren",
        "takeaway.replaced": "{n} Kunden verloren gingen und neue, noch nicht "
        "überkontaktierte Kunden ihre Plätze einnahmen",
        "takeaway.replaced.one": "1 Kunde verloren ging und ein neuer, noch nicht "
        "überkontaktierter Kunde seinen Platz einnahm",
        "takeaway.recovered.changed": "Die Beziehungsqualität erreichte in Woche {high_week} "
        "ihren Höchstwert ({high}), fiel bis Woche {low_week} auf {low} und lag mit den nach Woche "
        "{change_week} geänderten Einstellungen in Woche {week} bei {now}; {lost}, {revenue} "
        "Umsatz, {wasted} Stunden vergeudet.",
        "euros.M": "{number}\u00a0Mio.\u00a0€",
        "euros.k": "{number}\u00a0k€",
        "compare.sentence.same": "Bei gleichen Einstellungen ist der Unterschied genau null "
        "(in beiden Läufen dieselben Zufallsfolgen).",
        "compare.used": "Verwendete Einstellungen. Basis: {baseline}. Variante: {whatif}.",
        "compare.horizon.baseline": "Beide Läufe werden über alle {weeks} Wochen verglichen: "
        "Die Basis ist auf {length} eingestellt und lief nach Woche {short} mit ihren "
        "eigenen Einstellungen weiter, damit von der Variante nichts abgeschnitten "
        "wird.",
        "compare.horizon.whatif": "Beide Läufe werden über alle {weeks} Wochen verglichen: Die "
        "Variante ist auf {length} eingestellt und lief nach Woche {short} "
        "mit ihren eigenen Einstellungen weiter, damit von der Basis nichts abgeschnitten wird.",
        "change.one": "„{label}“ von {a} auf {b}",
        "change.from_week": "ab Woche {week}",
        "change.and": " und ",
        "change.then": ", dann ",
        "lang.en": "English",
        "lang.de": "Deutsch",
        "help.units": "Erlaubt: {low} bis {high}",
        "size.larger": "(Größere Modelle lassen sich auf der Kommandozeile rechnen: rapport run.)",
        "error.page": "Etwas ist schiefgegangen: {message}",
        "worlds.choice": "Plausible Welten aus:",
        "worlds.choice.prior": "Vorwissen",
        "worlds.choice.calibrated": "Kalibrierung",
        "worlds.choice.team": "Ihr Team",
        "worlds.source.prior": "gezogen aus dem Vorwissen (den plausiblen Bereichen) über die "
        "Parameter, die Sie nicht gesetzt haben",
        "worlds.source.calibrated": "gezogen aus den Werten, die die Kalibrierung an "
        "veröffentlichten Befunden als plausibel ergab, für die Parameter, die Sie nicht "
        "gesetzt haben",
        "worlds.source.team": "gezogen aus den an die Daten Ihres Teams kalibrierten Werten "
        "(die Parameter, über die seine Verluste und Bewertungen etwas sagen; die übrigen wie "
        "eingestellt)",
        "tab.team": "Ihr Team",
        "team.intro": "Laden Sie den CRM-Export Ihres Teams hoch: eine CSV-Datei von höchstens "
        "{mb} MB mit einer Zeile pro Person und Woche und den Spalten Person, Woche, Stunden "
        "oder Kontakte, Verlorene Kunden und, falls vorhanden, Kunden, EI, Bewertung, NPS "
        "(Stunden: mit Kunden in der Woche; EI: Testwert der emotionalen Intelligenz der "
        "Person, 1–7; Bewertung: Bewertung ihrer Kundenbeziehungen durch die Führungskraft, "
        "1–7; NPS: Net Promoter Score ihrer Kunden), oder mit den englischen Namen rep, week, "
        "hours, contacts, lost_customers, customers, ei, rating, nps wie im Beispielteam unten. "
        "Komma, Semikolon "
        "oder Tabulator zwischen den Zellen sind in Ordnung, so wie Excel sie speichert; "
        "Dezimalkommas dort, wo Semikolon oder Tabulator die Zellen trennen (eine Datei mit "
        "Kommas zwischen den Zellen braucht Dezimalpunkte). "
        "Die Datei wird streng geprüft, nur während des Lesens in einem temporären Ordner "
        "gehalten und nicht gespeichert. Danach wird das Modell an Ihr Team kalibriert "
        "({population} Partikel × {generations} ABC-SMC) und beantwortet, wo der "
        "beste Einsatz Ihres Teams liegt.",
        "team.generations.one": "1 Generation",
        "team.generations": "{count} Generationen",
        "team.drop": "CSV-Datei Ihres Teams hier ablegen oder zum Auswählen klicken",
        "team.choose": "Datei auswählen …",
        "team.summary": "{name} gelesen: {reps}, {weeks}; Spalten: {columns}.",
        "team.running": "Kalibrierung an Ihr Team: Generation {generation} von {generations} … "
        "{percent} %",
        "team.running.worlds": "Antwort über {count} an Ihr Team kalibrierte Welten … {percent} %",
        "team.cancelled": "Abgebrochen: Die Kalibrierung wurde gestoppt. Legen Sie die Datei "
        "erneut ab, um neu zu beginnen.",
        "team.sentence": "Für Ihr Team liegt der beste Einsatz {share_of} an Ihre "
        "Daten kalibrierten Welten zwischen {low:.0f} und {high:.0f} h pro Woche (Median "
        "{median:.0f} h; kalibriert an {name} mit {population} Partikeln × {generations} "
        "ABC-SMC, {seconds:.0f} s). Wählen Sie „Ihr Team“ unter den plausiblen "
        "Welten in den Reitern Einsatzkurve und Vergleich, um deren Bänder in diesen Welten "
        "zu sehen.",
    },
}


# The validation messages the page shows, as the schema (``sim.params.describe_error``) and the
# app's fields (``frontends.app.data``) write them in English. The messages stay English where
# they are made (the command line shows them too); the page says them in its language with
# ``problem_text``: the app's own fields' problems here, the schema's as the command line says
# them (``experiments.refusals``).
_VALUE = r"(?P<path>[^:]+): (?P<value>.*)"
PROBLEMS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    # English as made, its numbers as the page writes them
    "en": [
        (
            re.compile(rf"{_VALUE} is above the maximum (?P<bound>.+)"),
            "{path}: {value} is above the maximum {bound}",
        ),
        (
            re.compile(rf"{_VALUE} is below the minimum (?P<bound>.+)"),
            "{path}: {value} is below the minimum {bound}",
        ),
        (
            re.compile(rf"{_VALUE} must be greater than (?P<bound>.+)"),
            "{path}: {value} must be greater than {bound}",
        ),
    ],
    # the app's fields; the schema's problems follow from ``experiments.refusals``
    "de": [
        (
            re.compile(
                r"(?P<path>[^:]+): (?:no value entered|(?:''|\"\") is not a (?:whole )?number)"
            ),
            "{path}: kein Wert eingegeben",
        ),
        (
            re.compile(
                rf"{_VALUE} is ambiguous; type it without a thousands separator, with "
                r"(?P<mark>.+) as the decimal mark"
            ),
            "{path}: {value} ist mehrdeutig; geben Sie die Zahl ohne Tausenderpunkt ein, mit "
            "{mark} als Dezimalzeichen",
        ),
        (
            re.compile(
                r"(?P<path>[^:]+): (?P<value>[\d,]+) customers are more than the app shows "
                r"\(at most (?P<bound>[\d,]+)\)"
            ),
            "{path}: {value} Kunden sind mehr, als die App zeigt (höchstens {bound})",
        ),
    ],
}


def problem_text(message: str, lang: str = "en") -> str:
    """A validation message (see ``PROBLEMS``) in ``lang``; one it does not know stays as made."""
    for pattern, template in PROBLEMS.get(lang, []):
        match = pattern.fullmatch(message)
        if match:
            parts = match.groupdict()
            return template.format(
                **{k: v if k == "path" else shown(v, lang) for k, v in parts.items()}
            )
    return refusal(message, lang)


# A team file's problems, as ``experiments.calibrate.team`` writes them (one line: the file, where
# in it, what is wrong), in German. The reader's messages stay English (``rapport calibrate
# --team`` prints them); the Your team tab shows them in its language with ``team_problem``.
# Where: "row 16", "row 16, column hours", 'row 16, column "Stunden (h/Woche)"' (the file's own
# header), "column ei"; then what, matched whole.
_COLUMN = r"column (?:\w+|\"[^\"]*\")"
_TEAM_WHERE = re.compile(
    rf"(?P<file>[^:]+): (?:(?P<at>row \d+(?:, {_COLUMN})?|column \w+)(?P<sep>: |, ))?(?P<what>.*)"
)
_TEXT = r"(?P<text>.*)"
TEAM_PROBLEMS: dict[str, list[tuple[re.Pattern[str], str]]] = {
    "de": [
        (
            re.compile(
                rf"{_TEXT} is not a number \((?P<unit>.+)\); a decimal comma needs semicolons "
                "or tabs between the cells"
            ),
            "{text} ist keine Zahl ({unit}); ein Dezimalkomma braucht Semikolon oder Tabulator "
            "zwischen den Zellen",
        ),
        (
            re.compile(rf"{_TEXT} is not a number \((?P<unit>.+)\)"),
            "{text} ist keine Zahl ({unit})",
        ),
        (
            re.compile(rf"{_TEXT} is not a finite number \((?P<unit>.+)\)"),
            "{text} ist keine endliche Zahl ({unit})",
        ),
        (
            re.compile(rf"{_TEXT} is not a whole number \((?P<unit>.+)\)"),
            "{text} ist keine ganze Zahl ({unit})",
        ),
        (
            re.compile(
                rf"{_TEXT} is outside (?P<low>-?[\d.]+)–(?P<high>-?[\d.]+) \((?P<unit>.+)\)"
            ),
            "{text} liegt außerhalb von {low}–{high} ({unit})",
        ),
        (
            re.compile(r"(?P<size>[\d,]+) bytes is above the limit of (?P<limit>[\d,]+) bytes"),
            "{size} Byte liegen über der Grenze von {limit} Byte",
        ),
        (re.compile(r"file not found"), "Datei nicht gefunden"),
        (
            re.compile(
                r"not UTF-8 text \(byte (?P<byte>0x[0-9a-f]+) at position (?P<position>\d+)\); "
                r"save the export as CSV UTF-8"
            ),
            "kein UTF-8-Text (Byte {byte} an Position {position}); speichern Sie den Export als "
            "CSV UTF-8",
        ),
        (
            re.compile(r"holds NUL characters; not a CSV text file"),
            "enthält NUL-Zeichen; keine CSV-Textdatei",
        ),
        (
            re.compile(r"empty file; expected a header row and one row per rep and week"),
            "leere Datei; erwartet werden eine Kopfzeile und eine Zeile pro Person und Woche",
        ),
        (
            re.compile(
                r"unknown column (?P<column>.+); allowed: (?P<allowed>.+) \(in German: "
                r"(?P<german>.+)\)"
            ),
            "unbekannte Spalte {column}; erlaubt: {german} (oder englisch: {allowed})",
        ),
        (re.compile(r"column (?P<column>\w+) appears twice"), "Spalte {column} kommt zweimal vor"),
        (
            re.compile(
                r"missing column (?P<column>\w+); required: rep, week, lost_customers and hours "
                r"or contacts"
            ),
            "Spalte {column} fehlt; nötig sind rep, week, lost_customers und hours oder contacts "
            "(deutsch: Person, Woche, Verlorene Kunden und Stunden oder Kontakte)",
        ),
        (
            re.compile(r"missing column hours or contacts \(one is required\)"),
            "Spalte hours oder contacts fehlt (deutsch: Stunden oder Kontakte; eine von beiden "
            "ist nötig)",
        ),
        (
            re.compile(r"(?P<cells>\d+) cells, the header has (?P<header>\d+)"),
            "{cells} Zellen, die Kopfzeile hat {header}",
        ),
        (re.compile(rf"{_TEXT} must be 1–40 characters"), "{text} muss 1–40 Zeichen lang sein"),
        (re.compile(r"empty; a value is required"), "leer; ein Wert ist nötig"),
        (
            re.compile(
                r"(?P<lost>[\d.]+) is more than the rep's (?P<customers>[\d.]+) customers that week"
            ),
            "{lost} sind mehr als die {customers} Kunden der Person in dieser Woche",
        ),
        (
            re.compile(r"rep (?P<rep>.*), week (?P<week>\d+) repeats row (?P<first>\d+)"),
            "Person {rep}, Woche {week} wiederholt Zeile {first}",
        ),
        (re.compile(r"more than (?P<count>\d+) reps"), "mehr als {count} Personen"),
        (
            re.compile(r"no rows of data; at least 2 reps are needed"),
            "keine Datenzeilen; mindestens 2 Personen sind nötig",
        ),
        (re.compile(r"1 rep; at least 2 reps are needed"), "1 Person; mindestens 2 sind nötig"),
        (
            re.compile(r"rep (?P<rep>.*) has 1 week; at least (?P<least>\d+) are needed"),
            "Person {rep} hat 1 Woche; mindestens {least} sind nötig",
        ),
        (
            re.compile(
                r"rep (?P<rep>.*) has (?P<weeks>\d+) weeks; at least (?P<least>\d+) are needed"
            ),
            "Person {rep} hat {weeks} Wochen; mindestens {least} sind nötig",
        ),
        (
            re.compile(r"rep (?P<rep>.*) has no value; give every rep one or none"),
            "Person {rep} hat keinen Wert; geben Sie entweder allen Personen einen Wert oder "
            "keiner",
        ),
    ],
}
# The units the team reader names (``experiments.calibrate.team.RANGES``).
TEAM_UNITS: dict[str, dict[str, str]] = {
    "de": {
        "week number": "Wochennummer",
        "customer-facing hours per week": "Stunden mit Kunden pro Woche",
        "contacts per week": "Kontakte pro Woche",
        "customers lost that week": "in dieser Woche verlorene Kunden",
        "customers in the portfolio": "Kunden im Portfolio",
        "WLEIS item mean": "WLEIS-Itemmittel",
        "rating on a 1–7 scale": "Bewertung auf einer Skala von 1 bis 7",
        "net promoter score": "Net Promoter Score",
    },
}


def _team_part(key: str, value: str, lang: str) -> str:
    """A part of a team file's problem in ``lang``: its unit translated, numbers in the
    language's notation, what the file holds (a cell, a rep, a column) as it is."""
    if key == "unit":
        return TEAM_UNITS[lang].get(value, value)
    if key in ("text", "rep", "column") and re.fullmatch(r"'[^']*'|\"[^\"]*\"", value):
        return f"„{value[1:-1]}“"  # a cell quoted as German quotes it, as every refusal does
    if key in ("text", "rep", "column", "allowed", "german"):
        return value
    return german_number(value)


def team_problem(message: str, lang: str = "en") -> str:
    """A team file's problem (see ``TEAM_PROBLEMS``) in ``lang``; one it does not know stays
    English. The file's name and the cells stay as the file has them, in the language's
    quotation marks."""
    where = _TEAM_WHERE.fullmatch(message)
    if where is None or lang not in TEAM_PROBLEMS:
        return message
    for pattern, template in TEAM_PROBLEMS[lang]:
        match = pattern.fullmatch(where["what"])
        if match is None:
            continue
        parts = {key: _team_part(key, value, lang) for key, value in match.groupdict().items()}
        what = template.format(**parts)
        at = where["at"]
        if at is None:
            return f"{where['file']}: {what}"
        at = re.sub(r"^row (\d+)", r"Zeile \1", at).replace(", column ", ", Spalte ")
        at = re.sub(r"^column ", "Spalte ", at)
        at = re.sub(r'"([^"]*)"', r"„\1“", at)  # the file's own header, German quotes
        return f"{where['file']}: {at}{where['sep']}{what}"
    return message


def t(key: str, lang: str = "en", **values) -> str:
    """The text for ``key`` in ``lang`` (English if missing), formatted with ``values``."""
    table = TEXTS if key in TEXTS["en"] else CORE_TEXTS
    text = table.get(lang, {}).get(key) or table["en"][key]
    return bound_units(text.format(**values) if values else text, lang)


def param_label(spec: ParamSpec | str, lang: str = "en") -> str:
    """A parameter's short label in ``lang``."""
    spec = PARAMS[spec] if isinstance(spec, str) else spec
    return spec.label_de if lang == "de" else spec.label


# Each parameter by the last part of its name, where that part is unique ("cut_reading").
LEAVES = {
    leaf: name
    for name in PARAMS
    if sum(n.rsplit(".", 1)[1] == (leaf := name.rsplit(".", 1)[1]) for n in PARAMS) == 1
}


def param_help(spec: ParamSpec | str, lang: str = "en") -> str:
    """A parameter's help text in ``lang``, another parameter it names (`` `dotted.name` ``, as
    the command line and the docs write it, where its value goes) named by its label instead:
    "at the value of “Hours to win a customer” per account"."""
    spec = PARAMS[spec] if isinstance(spec, str) else spec
    text = spec.description_de if lang == "de" else spec.description
    named = "dem Wert von „{}“" if lang == "de" else "the value of “{}”"

    def label(match: re.Match[str]) -> str:
        name = match[1]
        return named.format(param_label(name, lang)) if name in PARAMS else match[0]

    quoted = "„{}“" if lang == "de" else "“{}”"

    def see(match: re.Match[str]) -> str:  # "see cut_reading": see its label
        name = LEAVES.get(match[2], match[2])
        if name not in PARAMS:
            return match[0]
        return f"{match[1]} {quoted.format(param_label(name, lang))}"

    # The schema's texts name settings in three ways: `dotted.name`, a bare dotted name, and
    # after "see" a bare leaf name. (Changing those texts would change the model's fingerprint,
    # sim.MODEL_VERSION, which hashes the schema's file: here is where the page words them.)
    text = re.sub(r"\b(see|siehe) `?((?:[a-z]+\.)?[a-z_]+)`?", see, text)
    text = re.sub(r"`([a-z_]+\.[a-z_]+)`", label, text)
    text = re.sub(r"(?<![\w/`])([a-z]+\.[a-z_]+)\b(?!`)", label, text)
    if lang == "de":  # German quotation marks: 'sinkt' → „sinkt“
        text = re.sub(r"(?<!\w)'([^']+)'(?!\w)", r"„\1“", text)
    return text


def labelled_with_unit(spec: ParamSpec, lang: str = "en") -> str:
    """A field's label with its unit, "Effort (h/week)", unless the label already says it
    ("Weeks", not "Weeks (weeks)"; "Customers per rep", not "… (customers)")."""
    label, shown = param_label(spec, lang), unit(spec.unit, lang)
    words = re.split(r"[\s-]+", label.lower())
    if not shown or any(w in words for w in (shown.lower(), *UNIT_WORDS.get(shown, ()))):
        return label
    return f"{label} ({shown})"


# Units a label says in words: "Hours per contact", "Stunden pro Kontakt", not "… (h)".
UNIT_WORDS = {"h": ("hours", "stunden")}


def lesson(lang: str = "en") -> str:
    """The lesson (Markdown) in ``lang``."""
    return (LESSON_DIR / f"lesson.{lang}.md").read_text(encoding="utf-8")


# Set by `rapport app --lang` (the command line's variable): the language a page opens in when
# its address names none.
LANG_ENV = launch.LANG_ENV


def accepted_language(header: str | None) -> str | None:
    """The supported language a browser's ``Accept-Language`` prefers most (its q-values
    honoured, "de-AT" read as "de"), or None if it names none."""
    ranked = []
    for order, part in enumerate((header or "").split(",")):
        tag, _, rest = part.partition(";")
        weight = re.search(r"q\s*=\s*([0-9.]+)", rest)
        try:
            q = float(weight.group(1)) if weight else 1.0
        except ValueError:
            continue
        code = tag.strip().lower().split("-")[0]
        if code in LANGUAGES and q > 0:
            ranked.append((-q, order, code))
    return min(ranked)[2] if ranked else None


def page_language(asked: str | None, headers: Mapping[str, list[str]] | None = None) -> str:
    """The language a page opens in: the one its address names (``?lang=de``); else the one
    ``rapport app --lang`` chose; else the browser's preference (``headers``, the request's, as
    ``solara.lab.headers`` holds them); else English."""
    if asked in LANGUAGES:
        return asked
    chosen = os.environ.get(LANG_ENV)
    if chosen in LANGUAGES:
        return chosen
    accept = next(
        (", ".join(v) for k, v in (headers or {}).items() if k.lower() == "accept-language"), None
    )
    return accepted_language(accept) or "en"
