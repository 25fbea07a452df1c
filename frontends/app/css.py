"""The page's look (CSS) and its stable hooks: CSS class names that browser tests find it by.

The page, ``tests/test_app.py``, ``tests/test_app_e2e.py`` and ``benchmarks/bench_app.py`` all
import the names from here, so a hook is spelled once. Keep the hooks when changing the page.
"""

from __future__ import annotations

from dataclasses import dataclass

# --- layout -------------------------------------------------------------------------------------
APP = "rapport-app"
HEADER = "rapport-header"  # the title and the language buttons
SUBTITLE = "rapport-subtitle"  # what the app is about, beside the title
LANGUAGES = "rapport-languages"  # the language buttons, kept on one line
RUN_BAR = "rapport-run-bar"  # Reset, Step, Play, the speed and the week
# The presentation-mode switch (in the header), and the class the page carries while it is on:
# the settings hidden, larger type.
PRESENT = "rapport-present"
PRESENTING = "rapport-presenting"
LAYOUT = "rapport-layout"  # the sidebar and the main column: side by side, stacked on a phone
SIDEBAR = "rapport-sidebar"
MAIN = "rapport-main"
GROUP_TITLE = "rapport-group-title"
# A group's title is a heading to a screen reader (its look stays the group title's): a
# screen-reader user jumps between Team, Customers, ... as between headings.
HEADING = {"role": "heading", "aria-level": "2"}
NOTE = "rapport-note"
SENTENCE = "rapport-sentence"
LESSON = "rapport-lesson"

# --- run controls -------------------------------------------------------------------------------
RESET = "rapport-reset"
STEP = "rapport-step"
PLAY = "rapport-play"  # the Play/Pause toggle
PLAY_HINT = "rapport-play-hint"  # on Play before the first week: highlighted
HINT = "rapport-hint"  # the first-step hint in the status box (before the first week)
# Presenting, at the run's end: a note in the status box that the takeaway is under the chart.
TAKEAWAY_BELOW = "rapport-takeaway-below"
# On <html> while the takeaway is whole in view above the notes' strip (``widgets.TakeawaySeen``):
# the pointer to it goes.
TAKEAWAY_SEEN = "rapport-takeaway-seen"
SPEED = "rapport-speed"
# The keyboard's first stop (``widgets.SkipLink``): to the run's buttons, seen only when focused.
SKIP = "rapport-skip"
SPEED_BOX = "rapport-speed-box"  # the speed slider with its label
# The current week, "Week 3 of 52" / "Woche 3 von 52".
WEEK = "rapport-week"
WEEK_EFFORT = "rapport-week-effort"  # beside the week: the hours pressure pushed the team to
WEEK_PACE = "rapport-week-pace"  # beside the week: how fast it plays, if slower than asked
# Hidden (display:none); its textContent is JSON {"week": [...], "relational_performance": [...],
# "revenue": [...], "churned": [...], "wasted_hours": [...], "interventions": [weeks],
# "changes": [{"effort_hours": 55.0}, ...]} for the current run, updated with the charts. An
# intervention recorded at week w applies from w + 1.
SERIES = "rapport-series"
# Notes about the run (invalid settings, pending changes, the last change, the end), in a box
# of fixed height under the buttons (hidden while empty in presentation mode).
STATUS = "rapport-status"
# The page's polite live regions (role=status), drawn empty with the page, outside the tabs (a
# hidden tab's text is not read out): a screen reader reads what comes into them, Compare's
# answer, the team's calibration and the plausible worlds of the effort curve and of Compare.
ANNOUNCE = "rapport-announce"
ANNOUNCE_COMPARE = "rapport-announce-compare"
ANNOUNCE_TEAM = "rapport-announce-team"
ANNOUNCE_CURVE = "rapport-announce-curve"
ANNOUNCE_OPTIONS = "rapport-announce-options"
ANNOUNCE_CURVE_WORLDS = "rapport-announce-curve-worlds"
ANNOUNCE_COMPARE_WORLDS = "rapport-announce-compare-worlds"
SCENARIO_NAME = "rapport-scenario-name"  # presenting: the scenario's name in the header

# Monitors above the live charts: each a MONITOR with ``data-monitor`` = quality, peak,
# revenue, churned, wasted_hours or lead, holding a label and a value (MONITOR + "-value").
MONITORS = "rapport-monitors"
MONITOR = "rapport-monitor"
# At the run's end, the run in one sentence (empty before), under the relationship chart. It
# shares its box (TAKEAWAY_BOX, a one-cell grid) with an invisible sentence as long as any
# takeaway (TAKEAWAY_ROOM), which keeps its room from the start: no chart moves when it appears.
# Not on a phone: there that room is most of a screen, blank for the whole run.
TAKEAWAY = "rapport-takeaway"
TAKEAWAY_BOX = "rapport-takeaway-box"
TAKEAWAY_ROOM = "rapport-takeaway-room"

# --- settings -----------------------------------------------------------------------------------
# A v-select; English items "Default", "Hard worker", ... (German "Standard", "Hart arbeitend").
PRESET = "rapport-preset"
# Every control also has ``control_class(name)``: CONTROL_PREFIX + dotted name with dots as '-',
# e.g. ``rapport-control-reps-effort_hours`` (a v-slider, or a number v-text-field).
CONTROL = "rapport-control"
CONTROL_PREFIX = "rapport-control-"
PROFILES = "rapport-profiles"
# A team slider disabled because every profile sets that trait (it shows the profiles' mean).
BY_PROFILES = "rapport-by-profiles"
INERT = "rapport-inert"  # a control whose setting has no effect where it is set
ADVANCED = "rapport-advanced"
INVALID = "rapport-invalid"  # settings not applied, and why
PENDING = "rapport-pending"  # changes that apply on Reset
RENDER_EVERY = "rapport-render-every"  # a large model: the charts update every k weeks
# A coaching programme or hiring set to start after the run's last week: it cannot act.
LATE = "rapport-late"
# Why an action is disabled (an invalid setting), shown next to the action.
BLOCKED = "rapport-blocked"

# --- tabs ---------------------------------------------------------------------------------------
TAB_LIVE = "rapport-tab-live"
TAB_CURVE = "rapport-tab-curve"
TAB_COMPARE = "rapport-tab-compare"
TAB_LESSON = "rapport-tab-lesson"

# --- charts (ECharts containers) ----------------------------------------------------------------
CHART_RELATIONSHIP = "rapport-chart-relationship"
CHART_OUTCOMES = "rapport-chart-outcomes"
# Around a chart whose height follows its width (the outcomes: stacked when narrow).
CHART_BOX = "rapport-chart-box"
CHART_PORTFOLIO = "rapport-chart-portfolio"
CHART_CURVE = "rapport-chart-curve"
CHART_COMPARE = "rapport-chart-compare"

# --- effort curve and compare -------------------------------------------------------------------
EFFORT_CURVE = "rapport-effort-curve"  # its button
CURVE_PROGRESS = "rapport-curve-progress"  # while running
CURVE_DONE = "rapport-curve-done"  # appears when finished
CURVE_INTRO = "rapport-curve-intro"  # what the curve shows (hidden while presenting it)
CURVE_WORLDS = "rapport-curve-worlds"  # the plausible-worlds button
CURVE_WORLDS_SENTENCE = "rapport-curve-worlds-sentence"  # how sure the curve is
# Why the plausible-worlds button waits: no curve computed yet to draw them around.
CURVE_WORLDS_FIRST = "rapport-curve-worlds-first"
CURVE_WORLDS_PROGRESS = "rapport-curve-worlds-progress"  # while the worlds are drawn
CURVE_WORLDS_CANCEL = "rapport-curve-worlds-cancel"  # beside it
CURVE_WORLDS_CANCELLED = "rapport-curve-worlds-cancelled"  # the note after a cancel
PIN = "rapport-pin"
COMPARE = "rapport-compare"  # the "Run what-if" button
COMPARE_PROGRESS = "rapport-compare-progress"
# The result sentence; it ends with the settings both runs used (COMPARE_SETTINGS).
COMPARE_SENTENCE = "rapport-compare-sentence"
COMPARE_SETTINGS = "rapport-compare-settings"
# Baseline and what-if set to different lengths: both ran over the longer one, and this note
# says so (which one ran on, from which week).
COMPARE_HORIZON = "rapport-compare-horizon"
# A plan's coaching or hiring starts after the compared weeks: it cannot act (one per plan).
COMPARE_LATE = "rapport-compare-late"
# "Settings changed since this comparison was computed" (shown while they differ).
COMPARE_STALE = "rapport-compare-stale"
# Outcomes over the weeks from the change on; a row per outcome, ``data-outcome`` names it
# (relational_performance, revenue, churned): baseline, what-if, difference (95 % interval).
COMPARE_TABLE = "rapport-compare-table"
# Under the table when a row's difference, rounded on its own, is not the difference of the
# rounded values beside it ("172", "179", "+6"): it says why.
COMPARE_ROUNDING = "rapport-compare-rounding"
# Compare's plausible worlds: the button, its progress and Cancel while drawing, the sentence
# (how sure the answer is), the note after a cancel, and the warning when settings changed.
COMPARE_WORLDS = "rapport-compare-worlds"
COMPARE_WORLDS_PROGRESS = "rapport-compare-worlds-progress"
COMPARE_WORLDS_CANCEL = "rapport-compare-worlds-cancel"
COMPARE_WORLDS_SENTENCE = "rapport-compare-worlds-sentence"
COMPARE_WORLDS_CANCELLED = "rapport-compare-worlds-cancelled"
COMPARE_WORLDS_STALE = "rapport-compare-worlds-stale"
TABLE = "rapport-table"  # any results table
NUMBER = "rapport-number"  # a number with its unit in a table: never broken across lines
# "No plausible worlds": the settings set every parameter the chosen worlds would draw.
WORLDS_NOTHING = "rapport-worlds-nothing"
# Where the plausible worlds come from (effort curve and Compare): toggle buttons, each also
# carrying ``worlds_source(name)`` for name prior, calibrated or team (the last once the
# session's team is calibrated).
WORLDS_CHOICE = "rapport-worlds-choice"

# --- your team (a CRM export uploaded, calibrated, answered) ------------------------------------
TAB_TEAM = "rapport-tab-team"
TEAM_DROP = "rapport-team-drop"  # the file drop (its <input type=file> inside)
DOWNLOAD_TEAM_EXAMPLE = "rapport-download-team-example"  # the example team's CSV
TEAM_ERROR = "rapport-team-error"  # the reader's one-line error for a malformed file
TEAM_SUMMARY = "rapport-team-summary"  # reps, weeks and columns of the file read
TEAM_PROGRESS = "rapport-team-progress"  # while calibrating (per ABC generation)
TEAM_CANCEL = "rapport-team-cancel"
TEAM_CANCELLED = "rapport-team-cancelled"
TEAM_SENTENCE = "rapport-team-sentence"  # the team's best effort over its calibrated worlds


@dataclass(frozen=True)
class JobHooks:
    """A background job's hooks (``widgets.JobProgress``): its progress bar and Cancel button
    while it runs, the note after a cancel."""

    progress: str
    cancel: str
    cancelled: str


CURVE_WORLDS_JOB = JobHooks(CURVE_WORLDS_PROGRESS, CURVE_WORLDS_CANCEL, CURVE_WORLDS_CANCELLED)
COMPARE_WORLDS_JOB = JobHooks(
    COMPARE_WORLDS_PROGRESS, COMPARE_WORLDS_CANCEL, COMPARE_WORLDS_CANCELLED
)
TEAM_JOB = JobHooks(TEAM_PROGRESS, TEAM_CANCEL, TEAM_CANCELLED)

# --- side by side -------------------------------------------------------------------------------
OPTIONS_PICK = "rapport-options-pick"  # toggle buttons, one per option (its name as text)
OPTIONS_SAVE = "rapport-options-save"  # saves the current settings as an option
OPTIONS_NAME = "rapport-options-name"  # the name to save them under (a text field)
OPTIONS_SAME = "rapport-options-same"  # why the settings were not saved: an option already
OPTIONS_RUN = "rapport-options-run"
OPTIONS_PROGRESS = "rapport-options-progress"
# A row per option: name, relationship quality (mean over the run, at the end), revenue,
# customers lost, wasted hours, each its mean with "(low – high)" under it (OPTIONS_INTERVAL).
OPTIONS_TABLE = "rapport-options-table"
OPTIONS_TRAITS = "rapport-options-traits"  # under an option's name: its team's hours and empathy
OPTIONS_INTERVAL = "rapport-options-interval"  # under an outcome's mean: its 95 % interval
OPTIONS_TABLE_BOX = "rapport-options-table-box"  # around the table: its type follows its width
CHART_OPTIONS = "rapport-chart-options"
TAB_OPTIONS = "rapport-tab-options"
DOWNLOAD_OPTIONS_CSV = "rapport-download-options-csv"
DOWNLOAD_OPTIONS_PNG = "rapport-download-options-png"

# --- downloads (PNGs carry the page's current language) -----------------------------------------
DOWNLOAD_CSV = "rapport-download-csv"
DOWNLOAD_REPS_CSV = "rapport-download-reps-csv"
DOWNLOAD_YAML = "rapport-download-yaml"
DOWNLOAD_PNG = "rapport-download-png"  # the relationship chart
DOWNLOAD_OUTCOMES_PNG = "rapport-download-outcomes-png"
DOWNLOAD_PORTFOLIO_PNG = "rapport-download-portfolio-png"
DOWNLOAD_CURVE_PNG = "rapport-download-curve-png"  # once computed
DOWNLOAD_COMPARE_PNG = "rapport-download-compare-png"  # once computed


def worlds_source(name: str) -> str:
    """The class of the plausible-worlds choice's button for source ``name``."""
    return f"rapport-worlds-{name}"


def lang_button(code: str) -> str:
    """The class of the button that switches the page to language ``code``."""
    return f"rapport-lang-{code}"


# Charts narrower than this (px; a phone held upright, or a narrow main column) rearrange
# themselves: ECharts media queries in ``charts`` test the chart's own width (and the CSS below
# sizes the outcomes' box by the same width).
NARROW = 600
# The outcomes' three charts stack when their chart is narrower than this (px): side by side,
# each title ("Verlorene Kunden (kumuliert)") needs a third of it.
OUTCOMES_NARROW = 740
# Height of each of the outcomes' three charts when stacked (px).
STACKED = 235
# Presentation mode enlarges every chart's type by this factor (projector at the back of a room).
PRESENT_SCALE = 1.4

# The relationship chart's height (px). While presenting on a short window (a 1280 x 720
# projector) it gives up what the notes' strip at the window's bottom needs: the chart's top
# lies about PRESENT_CHART_TOP px down the window (header, run bar, tabs, monitors); the strip
# takes NOTE_LINE px for a note of one line, at most NOTES_STRIP px (then it scrolls).
RELATIONSHIP_HEIGHT = 420
PRESENT_CHART_TOP = 320
PRESENT_CHART_TOP_MIN = 280  # the chart's top on a window too narrow for larger monitors' type
NOTE_LINE = 40
PRESENT_CURVE_TOP = 380
NOTES_STRIP = 84
# Presenting, from this window height on the run's takeaway fits on the first screen.
TAKEAWAY_SHOWN = 1000

# Side by side's table takes smaller type in a column narrower than this (px).
OPTIONS_COMPACT = 700

# Below this width (px) the page stacks: the run and its charts first, the settings after them.
PHONE = 700
# A slider's track is never narrower than this (px): where its label leaves less room beside it,
# the track goes on a line of its own under the label.
SLIDER_TRACK = 120

CSS = f"""
.{APP} {{ font-size: 17px; }}
.{APP} .v-label, .{APP} .v-select__selection {{ font-size: 17px !important; }}
.{APP} .v-messages__message {{ font-size: 15px; line-height: 1.3; }}
/* A button shows its text as written, not in capitals: uppercase turned a saved option "Unser
   Team 40 h" into "UNSER TEAM 40 H" (another unit) and "Maßvoll arbeitend" into "MASSVOLL
   ARBEITEND", and German reads its nouns by their capitals. Every button, so that presets and
   saved options look alike side by side, as the tabs do. */
.{APP} .v-btn {{ font-size: 15px; text-transform: none; letter-spacing: normal; }}
.{APP} .v-tab {{ font-size: 16px; text-transform: none; }}
/* A tab's content appears at once, in its place: Vuetify slid it in from the side for 0.3 s
   (longer on a busy classroom laptop), and a click on a button still sliding in pressed it at
   one place and let go where it no longer was, so the click was lost (the page still offered
   Compute). No slide, no sliding-out copy of the tab left, no animated height. */
.{APP} .v-window-x-transition-enter, .{APP} .v-window-x-transition-leave-to,
.{APP} .v-window-x-reverse-transition-enter, .{APP} .v-window-x-reverse-transition-leave-to {{
  transform: none !important; }}
.{APP} .v-window-x-transition-enter-active, .{APP} .v-window-x-transition-leave-active,
.{APP} .v-window-x-reverse-transition-enter-active,
.{APP} .v-window-x-reverse-transition-leave-active,
.{APP} .v-window__container--is-active {{ transition: none !important; }}
.{APP} .v-window-x-transition-leave-active,
.{APP} .v-window-x-reverse-transition-leave-active {{ display: none !important; }}
/* Where the keyboard is, seen from the back of a room: Vuetify marks focus only by a faint tint
   (1.2-1.6:1 against the control without focus, an accessibility audit measured). A dark ring
   outside every control that has keyboard focus; a click leaves none. */
.{APP} :focus-visible {{
  outline: 3px solid #1a1a1a !important; outline-offset: 2px; }}
/* Refusals in a red dark enough to read (Vuetify's #FF5252 is 3.2:1 on white; this 7.2:1). */
.{APP} .error--text {{ color: #b00020 !important; caret-color: #b00020 !important; }}
/* The settings stay in view while the page scrolls to the lower charts and tables (an
   instructor moves Effort while the class watches the outcomes): the sidebar sticks at the top
   of the window and scrolls on its own, as tall as the window leaves it under the header
   (so that its end is in view before the page scrolls too). */
.{SIDEBAR} {{ width: 400px; min-width: 400px; position: sticky; top: 8px; align-self: flex-start;
             max-height: calc(100vh - 90px); overflow-y: auto; padding-right: 12px; }}
.{MAIN} {{ flex: 1 1 auto; min-width: 0; }}
.{SKIP} {{ position: absolute; left: -10000px; top: 6px; z-index: 10; }}
.{SKIP}:focus {{ left: 20px; background: #fff; color: #1565c0; padding: 6px 14px;
               border: 2px solid #1565c0; border-radius: 4px; font-size: 17px; }}
.{GROUP_TITLE} {{ font-size: 19px; font-weight: 600; margin: 14px 0 2px 0; }}
.{WEEK} {{ font-size: 22px; font-weight: 600; margin: 6px 0; }}
.{WEEK_EFFORT}, .{WEEK_PACE} {{ font-size: 16px; font-weight: 400; color: #444; }}
.{STATUS} {{ height: 64px; overflow-y: auto; font-size: 15px; line-height: 1.3;
            margin: 2px 0 6px 0; }}
.{NOTE} {{ font-size: 15px; color: #444; }}
/* read out, not shown: the sentences the regions say are on the page already */
.{ANNOUNCE} {{ position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
              overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); border: 0; }}
.{SENTENCE} {{ font-size: 20px; font-weight: 500; margin: 10px 0; }}
.{COMPARE_SETTINGS} {{ font-weight: 400; margin-top: 4px; }}
.{CONTROL} {{ margin-bottom: 6px; }}
/* A long label ("Erwünschte Kontaktrate: 0,25 Kontakte/Woche") squeezed its slider's track to
   nothing at 1024 px, and its second line ran into the help text under it: the track keeps
   SLIDER_TRACK px and moves under the label when both do not fit on a line, and a label
   longer than the sidebar wraps, taking the room its lines need. */
.{CONTROL}.v-input__slider .v-input__slot {{ flex-wrap: wrap; }}
.{CONTROL}.v-input__slider .v-label {{ height: auto; line-height: 1.3; white-space: normal; }}
.{CONTROL}.v-input__slider .v-slider {{ flex: 1 1 {SLIDER_TRACK}px;
  min-width: {SLIDER_TRACK}px; }}
/* A table wider than its column scrolls sideways in place, never the page. */
.{TABLE} {{ border-collapse: collapse; font-size: 16px; margin: 8px 0; display: block;
           overflow-x: auto; max-width: 100%; }}
.{TABLE} .{NUMBER} {{ white-space: nowrap; }}
/* Side by side: six columns in the main column, at 1024 px with the settings shown too (630
   px): an option's traits wrap, each mean has its interval on a line of its own under it,
   whole ("(0,282 – 0,295)", never broken inside), and a narrow table takes smaller type. */
.{OPTIONS_TRAITS} {{ font-size: 14px; color: #555; }}
.{OPTIONS_TRAITS} > span {{ white-space: nowrap; }}
.{OPTIONS_TABLE} td {{ vertical-align: top; }}
.{OPTIONS_TABLE} th[colspan] {{ text-align: center; padding-bottom: 0; }}
.{OPTIONS_TABLE} tr:nth-child(2) th {{ text-align: right; }}
.{OPTIONS_INTERVAL} {{ display: block; white-space: nowrap; font-size: 0.8em; color: #555; }}
.{OPTIONS_TABLE_BOX} {{ container-type: inline-size; }}
@container (max-width: {OPTIONS_COMPACT}px) {{
  .{OPTIONS_TABLE} {{ font-size: 14px !important; }}
  .{OPTIONS_TABLE} th {{ font-size: 13px; }}
  .{OPTIONS_TABLE_BOX} .{OPTIONS_TABLE} :is(th, td) {{ padding: 3px 6px; }}
  .{OPTIONS_TRAITS} {{ font-size: 13px; }}
  .{OPTIONS_INTERVAL} {{ font-size: 12px; }}
}}
/* A picked toggle button is filled, not a shade darker: a manager took picked options for
   unpicked ones and clicked them off. */
.{APP} .v-btn-toggle > .v-btn.v-btn--active {{ background-color: #1565c0 !important;
                                              color: #fff !important; }}
.{TABLE} th, .{TABLE} td {{ border-bottom: 1px solid #ccc; padding: 4px 10px; text-align: right; }}
.{TABLE} th:first-child, .{TABLE} td:first-child {{ text-align: left; }}
.{LESSON} {{ max-width: 60em; }}
.{LESSON} p, .{LESSON} li {{ font-size: 18px !important; line-height: 1.55; }}
.{LESSON} h1 {{ font-size: 30px; }} .{LESSON} h2 {{ font-size: 24px; margin-top: 18px; }}
/* The header on one line (on a 1024 px projector too): the subtitle wraps, the buttons stay. */
.{HEADER} {{ flex-wrap: nowrap; }}
.{HEADER} .v-btn {{ flex-shrink: 0; }}
.{SUBTITLE} {{ min-width: 0; }}
.{PLAY_HINT} {{ box-shadow: 0 0 0 4px #E69F00 !important; }}
.{HINT}, .{TAKEAWAY_BELOW} {{ font-weight: 600; color: #1a1a1a; }}
.{MONITORS} {{ display: flex; flex-wrap: wrap; gap: 8px; margin: 6px 0; }}
.{MONITOR} {{ border: 1px solid #bbb; border-radius: 4px; padding: 4px 10px; min-width: 130px; }}
.{MONITOR}-label {{ font-size: 14px; color: #444; }}
.{MONITOR}-value {{ font-size: 22px; font-weight: 600; }}
/* A number with its unit or week ("0,62 (Woche 3)") on one line; only the lead's words wrap. */
.{MONITOR}:not([data-monitor=lead]) .{MONITOR}-value {{ white-space: nowrap; }}
.{TAKEAWAY_BOX} {{ display: grid; margin: 4px 0; }}
.{TAKEAWAY_BOX} > * {{ grid-area: 1 / 1; margin: 0; }}
.{TAKEAWAY_ROOM} {{ visibility: hidden; pointer-events: none; user-select: none; }}
.{PRESENTING} {{ font-size: 22px; }}
.{PRESENTING} .{SIDEBAR} {{ display: none !important; }}
.{PRESENTING} .{WEEK} {{ font-size: 34px; }}
.{PRESENTING} .{SENTENCE} {{ font-size: 27px; }}
.{PRESENTING} .{NOTE}, .{PRESENTING} .{STATUS} {{ font-size: 20px; }}
.{PRESENTING} .{STATUS} {{ height: 84px; }}
/* On a projector the main chart has to be on the first screen (1280 x 720): no room kept for
   notes (the takeaway's room is under the chart), the header on one line, the speed's label
   too. */
.{PRESENTING} .{STATUS}:empty {{ display: none; }}
.{PRESENTING} .{SUBTITLE} {{ font-size: 17px !important; }}
.{PRESENTING} .{SPEED_BOX} {{ width: 380px !important; }}
/* The six monitors in one row, whatever the language: the boxes shrink (a label's words wrap,
   down to its value's width) and their type shrinks with the window. The row keeps its height
   all run long, so that no chart moves when the lead's answer arrives mid-run and takes room
   from the others: each label has two lines' room from the start, each value (the lead's in
   smaller type, a phrase not a number) one line. */
.{PRESENTING} .{MONITORS} {{ flex-wrap: nowrap; }}
.{PRESENTING} .{MONITOR} {{ flex: 1 1 auto; padding: 2px 8px; min-width: auto; }}
.{PRESENTING} .{MONITOR}-label {{ font-size: clamp(15px, 1.45vw, 17px); line-height: 1.2;
  min-height: 2.4em; }}
.{PRESENTING} .{MONITOR}-value {{ font-size: clamp(19px, 2.1vw, 28px); line-height: 1.25;
  white-space: nowrap; }}
.{PRESENTING} .{MONITOR}[data-monitor=lead] .{MONITOR}-value {{
  font-size: clamp(16px, 1.75vw, 23px); line-height: 1.5; }}
/* Not presenting, on a window 1200 px wide or more (a laptop; a 1280 x 720 projector), the six
   monitors in one row too: the sixth wrapped onto a row of its own and pushed the charts 70 px
   down. A label has two lines' room, a number one line, the lead's words three lines in
   smaller type from the start ("Beide in derselben Woche" takes three in its box), so that the
   row keeps its height when the lead's answer arrives.
   Narrower windows wrap the monitors as before. */
@media (min-width: 1200px) {{
  .{APP}:not(.{PRESENTING}) .{MONITORS} {{ flex-wrap: nowrap; }}
  .{APP}:not(.{PRESENTING}) .{MONITOR} {{ flex: 1 1 auto; min-width: auto; padding: 4px 8px; }}
  .{APP}:not(.{PRESENTING}) .{MONITOR}-label {{ line-height: 1.2; min-height: 2.4em; }}
  .{APP}:not(.{PRESENTING}) .{MONITOR}-value {{ white-space: nowrap;
    font-size: clamp(18px, 1.6vw, 22px); }}
  .{APP}:not(.{PRESENTING}) .{MONITOR}[data-monitor=lead] {{ flex-basis: 0; min-width: 120px; }}
  .{APP}:not(.{PRESENTING}) .{MONITOR}[data-monitor=lead] .{MONITOR}-value {{
    white-space: normal; font-size: 15px; line-height: 1.2; min-height: 3.6em; }}
}}
/* Notes shown while presenting (the first-step hint, settings not applied, a large model's
   updates) float over the window's bottom edge instead of pushing the chart down. On a short
   window the relationship chart leaves that strip free, so that no note covers its axis: a
   line's room from the start (no chart moves when the first-step hint goes), all of the strip
   while it may hold more (two notes, or settings refused or pending, the longest notes) and
   for the whole run of a large model (its note stays from week 0, beside the hint). */
.{PRESENTING} .{STATUS}:not(:empty) {{ position: fixed; left: 0; right: 0; bottom: 0; z-index: 5;
  height: auto; max-height: {NOTES_STRIP}px; margin: 0; padding: 6px 20px; background: #fff;
  border-top: 1px solid #bbb; box-shadow: 0 -2px 6px rgba(0, 0, 0, 0.15); }}
.{PRESENTING} .{CHART_RELATIONSHIP} {{ height: clamp(280px,
  calc(100vh - {PRESENT_CHART_TOP + NOTE_LINE}px), {RELATIONSHIP_HEIGHT}px) !important; }}
.{PRESENTING}:has(.{STATUS} > :nth-child(2), .{STATUS} .{INVALID}, .{STATUS} .{PENDING},
  .{STATUS} .{RENDER_EVERY}) .{CHART_RELATIONSHIP} {{ height: clamp(280px,
  calc(100vh - {PRESENT_CHART_TOP + NOTES_STRIP}px), {RELATIONSHIP_HEIGHT}px) !important; }}
/* Presenting a computed effort curve on a 1280 x 720 projector: its intro and "done" give way
   and the chart takes the rest of the window (at least 280 px), so that the whole curve, its
   axes and its turning points are on the first screen; the chart's top lies about
   PRESENT_CURVE_TOP px down the window (header, run bar, tabs, the tab's buttons). */
.{PRESENTING}:has(.{CURVE_DONE}) .{CURVE_INTRO}, .{PRESENTING} .{CURVE_DONE} {{
  display: none; }}
.{PRESENTING} .{CHART_CURVE} {{ height: clamp(280px, calc(100vh - {PRESENT_CURVE_TOP}px),
  460px) !important; }}
.{PRESENTING} .v-btn, .{PRESENTING} .v-tab {{ font-size: 20px !important; }}
.{PRESENTING} .{TABLE} {{ font-size: 21px; }}
.{PRESENTING} .{LESSON} p, .{PRESENTING} .{LESSON} li {{ font-size: 24px !important; }}
/* The lesson's headings stay headings beside its 24-px text on a projector. */
.{PRESENTING} .{LESSON} h1 {{ font-size: 38px !important; font-weight: 700; }}
.{PRESENTING} .{LESSON} h2 {{ font-size: 32px !important; font-weight: 700; }}
.{PRESENTING} .{LESSON} h3 {{ font-size: 27px !important; font-weight: 700; }}
.{PRESENTING} .{LESSON} code {{ font-size: 0.85em !important; }}
/* Presenting, the header names the scenario in the subtitle's place (both wrapped at 1280 px). */
.{PRESENTING} .{SUBTITLE} {{ display: none !important; }}
/* The name whole, never cut short: at 1024 px "Hart arbeitend (…" lost the "(geändert)" that
   tells the class the settings were changed. Where one line has no room it wraps: two lines in
   the height of the title, so that the header keeps its height. */
.{SCENARIO_NAME} {{ font-size: 20px; font-weight: 600; color: #1a1a1a; line-height: 1.15;
  min-width: 0; flex: 0 1 auto; align-self: center; }}
/* Away from Live the first-step hint ("press Play") and the pointer to the takeaway under the
   chart mean nothing and their strip covered the lesson's last line and the effort curve's
   axis: they go; other notes stay, and the page gets the strip's height at its end, so that
   everything scrolls clear of them. */
.{PRESENTING}:has(.{TAB_LIVE}:not(.v-tab--active)) .{STATUS}:has(> .{HINT}:only-child),
.{PRESENTING}:has(.{TAB_LIVE}:not(.v-tab--active)) .{STATUS}:has(> .{TAKEAWAY_BELOW}:only-child)
  {{ display: none !important; }}
/* On a window at least TAKEAWAY_SHOWN px tall the takeaway is on the first screen (its top
   about 755 px down, three lines at 1280 px wide end near 955): no pointer to it then. */
@media (min-height: {TAKEAWAY_SHOWN}px) {{
  .{PRESENTING} .{TAKEAWAY_BELOW},
  .{PRESENTING} .{STATUS}:has(> .{TAKEAWAY_BELOW}:only-child) {{ display: none !important; }}
}}
/* Shorter, the pointer's strip covers the window's bottom edge, and the takeaway starts under
   it: where the chart ended above the strip (its top higher than PRESENT_CHART_TOP, at 1024 x
   768; its height at most RELATIONSHIP_HEIGHT, from 780 px tall) the takeaway's first line
   showed cut in half above the strip. Its box starts lower by the room between the chart's
   bottom (its top at least PRESENT_CHART_TOP_MIN px down) and the strip's top, from the start,
   so that nothing moves when the takeaway appears. */
@media (max-height: {TAKEAWAY_SHOWN - 1}px) {{
  .{PRESENTING} .{TAKEAWAY_BOX} {{ padding-top: max(0px, calc(100vh - {
    NOTE_LINE + PRESENT_CHART_TOP_MIN
}px - clamp(280px, calc(100vh - {PRESENT_CHART_TOP + NOTE_LINE}px), {RELATIONSHIP_HEIGHT}px))); }}
}}
/* While the strip shows, the page ends with room as tall as the strip, on every tab: on Live
   it covered the last row of Export buttons even scrolled to the bottom, and they could not be
   clicked. */
.{PRESENTING}:has(.{STATUS}:not(:empty)) .{MAIN} {{ padding-bottom: {NOTES_STRIP + 12}px; }}
/* Scrolled to the takeaway (the page's script marks the page TAKEAWAY_SEEN while it is whole in
   view above the strip), the pointer to it says no more "scroll down", nor covers anything. */
.{TAKEAWAY_SEEN} .{PRESENTING} .{TAKEAWAY_BELOW},
.{TAKEAWAY_SEEN} .{PRESENTING} .{STATUS}:has(> .{TAKEAWAY_BELOW}:only-child) {{
  display: none !important; }}
/* The outcomes stack when their chart is narrow (OUTCOMES_NARROW, wider for larger type): their
   box's width decides, as it decides the chart's layout, whatever the window's width. */
.{CHART_BOX} {{ container-type: inline-size; }}
@container (max-width: {OUTCOMES_NARROW}px) {{
  .{CHART_OUTCOMES} {{ height: {3 * STACKED}px !important; }}
}}
@container (max-width: {round(OUTCOMES_NARROW * PRESENT_SCALE)}px) {{
  .{PRESENTING} .{CHART_OUTCOMES} {{ height: {round(3 * STACKED * PRESENT_SCALE)}px !important; }}
}}
/* Printing (the Lesson as a handout): only the open tab, on as many pages as it needs. */
@media print {{
  /* "#app": more specific than Vuetify's .d-flex, whose display is !important too */
  #app .{SIDEBAR}, #app .{RUN_BAR}, #app .{STATUS}, #app .{HEADER} .v-btn, #app .{PRESENT},
  #app .v-tabs-bar {{ display: none !important; }}
  /* Solara's page scrolls inside a box of the window's height: printed, that box is one
     clipped page. Every box around the text grows to fit it instead (charts keep their size). */
  html, body, #app main, #app div:not(.solara-echarts):not(.solara-echarts *) {{
    overflow: visible !important; height: auto !important; max-height: none !important;
    min-height: 0 !important; }}
  .{LESSON} {{ max-width: none; }}
  .{LESSON} h1, .{LESSON} h2 {{ break-after: avoid; }}
  .{LESSON} p, .{LESSON} li {{ font-size: 12pt !important; }}
}}
/* A projector's narrow window: the title and the buttons only, on one line; the run's buttons,
   speed and week on one line too. With the settings shown, a narrower sidebar and tighter tabs
   leave every tab in view (1024 px: no scroll arrows). */
@media (max-width: 1100px) {{
  .{SCENARIO_NAME}-word {{ display: none; }}
  .{SIDEBAR} {{ width: 330px; min-width: 330px; }}
  .{APP} .v-tab {{ padding: 0 10px; min-width: 0; }}
  .{PRESENTING} .{SUBTITLE} {{ display: none; }}
  .{PRESENTING} .{RUN_BAR} .v-btn {{ font-size: 17px !important; }}
  .{PRESENTING} .{SPEED_BOX} {{ width: 250px !important; }}
  .{PRESENTING} .{SPEED_BOX} .{NOTE} {{ font-size: 16px; }}
  .{PRESENTING} .{WEEK} {{ font-size: 28px; }}
}}
@media (max-width: {PHONE}px) {{
  .{APP} {{ padding: 8px 10px !important; }}
  .{APP} h1 {{ font-size: 26px; }}
  .{LAYOUT} {{ flex-direction: column !important; gap: 12px !important; }}
  .{SIDEBAR} {{ width: 100%; min-width: 0; max-height: none; overflow: visible;
               padding-right: 0; position: static; }}
  .{MAIN} {{ width: 100%; order: -1; }}
  .{TABLE} {{ font-size: 14px; }}
  .{TABLE} td {{ white-space: nowrap; }}
  .{SPEED_BOX} {{ margin-left: 0 !important; }}
  .{TAKEAWAY_ROOM} {{ display: none; }}
  .{HEADER} {{ flex-wrap: wrap; }}  /* a phone has no room for one line */
}}
"""
