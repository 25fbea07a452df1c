"""The Rapport web app (Solara): ``solara run frontends.app.page`` or ``rapport app``.

``Page`` builds one model per browser session and lays out the sidebar (settings) and the run
(buttons, week, tabs). Each tab is its own module (``live``, ``effort_curve``, ``compare``,
``lesson``); what they show is computed without UI in ``frontends.app.data``, turned into ECharts
options by ``frontends.app.charts`` and into sentences by ``frontends.app.sentences``. Texts:
``frontends.app.i18n``. The CSS and the stable hooks that browser tests use: ``frontends.app.css``.
"""

from __future__ import annotations

import html
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode

import reacton.ipyvuetify as rv
import solara
import solara.lab

from frontends.app import css, i18n
from frontends.app.compare import ComparePanel
from frontends.app.data import (
    ADVANCED_GROUPS,
    BASIC_GROUPS,
    INTERVENABLE,
    PRESETS,
    control_values,
    default_source,
    in_effect,
    load_presets,
    pending_rebuild,
    refused_settings,
    render_every,
    run_changes,
    scenario_from,
    settings_from_url,
    size_problem,
    url_changes,
    url_settings,
    with_url_changes,
)
from frontends.app.effort_curve import EffortCurvePanel
from frontends.app.i18n import format_number, param_label, t
from frontends.app.jobs import PageChange, use_page_thread
from frontends.app.lesson import Lesson
from frontends.app.live import LiveView, RunStatus
from frontends.app.options import OptionsPanel
from frontends.app.sentences import labelled_problem
from frontends.app.session import Session
from frontends.app.team import TeamAnswer, TeamPanel
from frontends.app.widgets import (
    AddressBar,
    ControlGroup,
    DrawnTick,
    KeepFocus,
    LinkHints,
    LiveRegion,
    Message,
    NarrowScreen,
    PageLanguage,
    Profiles,
    SkipLink,
    TakeawaySeen,
    presenting_context,
)
from sim.params import ConfigError, Scenario

PRESET_SCENARIOS = load_presets()
# How long the play loop waits for the browser to draw a week before it steps on anyway
# (a browser that does not answer, e.g. a test without one, still plays).
DRAW_TIMEOUT = 2.0
# How often an idle play loop looks whether Play was pressed (it is also woken at once).
IDLE_POLL = 0.25
# Presentation mode plays at most this many weeks a second.
PRESENT_SPEED = 3
# The run's tabs in their order on the page (``tab.<name>`` their titles).
TABS = ("live", "curve", "compare", "options", "team", "lesson")

# Where the keyboard's focus goes when the control that had it is disabled or drawn anew
# (``widgets.KeepFocus``): the same control if it is there again, else the next of the run's
# buttons that can be pressed (at the run's end, Reset).
RUN_BUTTONS = [css.PLAY, css.STEP, css.RESET]
FOCUS_CHAINS = [
    *([hook, *(other for other in RUN_BUTTONS if other != hook)] for hook in RUN_BUTTONS),
    [css.PRESENT],
    *([css.lang_button(code)] for code in i18n.LANGUAGES),
]


def from_query(
    search: str | None, headers: Mapping[str, list[str]] | None = None
) -> dict[str, str]:
    """The scenario (a preset's name), language and presentation mode a URL asks for, and the
    settings it names (dotted name -> text, read by ``settings_from_url``). Without a language
    in the URL, the page's is ``rapport app --lang``'s or the browser's (``headers``,
    ``i18n.page_language``).

    E.g. ``?scenario=coaching&lang=de&present=1&reps.effort_hours=55``; unknown or missing
    values give the defaults. The week the run had reached (``week``) and its changes
    (``changes``) stay in the dict as text, read by ``opened_week`` and ``with_url_changes``.
    """
    query = {key: values[0] for key, values in parse_qs(search or "").items()}
    scenario = query.pop("scenario", "default")
    lang = query.pop("lang", None)
    present = query.pop("present", "0")
    return {
        **query,
        "scenario": scenario if scenario in PRESETS else "default",
        "lang": i18n.page_language(lang, headers),
        "present": "1" if present == "1" else "0",
    }


def address_of(
    scenario: str,
    lang: str,
    present: bool,
    values: dict[str, Any],
    changes: Sequence[tuple[int, Mapping[str, float]]] = (),
    week: int = 0,
) -> str:
    """The query string that restores the page: the scenario, language, presentation mode, the
    settings changed from the scenario's (``values``, as the run started), the changes made
    during the run (``changes``: week, new team means) and the week it has reached (``week``,
    left out at 0), e.g. ``?scenario=default&lang=de&week=12``."""
    query = {
        "scenario": scenario,
        "lang": lang,
        **({"present": "1"} if present else {}),
        **url_settings(values, PRESET_SCENARIOS[scenario]),
        **({"changes": url_changes(changes)} if changes else {}),
        **({"week": str(week)} if week else {}),
    }
    return f"?{urlencode(query)}"


def opened_week(text: str | None, weeks: int) -> int:
    """The week a page opens at: the address's ``week`` (the week the run had reached), at most
    the run's ``weeks``; 0 where it names none or no whole number (an edited address never
    breaks the page)."""
    if text is None or not (text.isascii() and text.isdigit()):  # "²" is a digit too
        return 0
    return min(int(text), weeks)


def opened(values: dict[str, Any], asked: Mapping[str, str]) -> Session:
    """The session a page opens with: the run of the control ``values`` with the changes the
    address names scheduled at their weeks (``with_url_changes``), run to the week it names
    (``opened_week``): the same run, to the last bit, at the same week."""
    session = Session(with_url_changes(scenario_from(values), asked.get("changes")))
    session.model.run(opened_week(asked.get("week"), session.scenario.simulation.weeks))
    return session


@solara.component
def KeptAddress(address: solara.Reactive[str]):
    """The browser's address (``AddressBar``); the only reader of ``address``, so that a change
    of a setting re-renders this and not the page."""
    return AddressBar.element(search=address.value)


@dataclass(frozen=True)
class Said:
    """The messages of the page's live regions (``LiveRegion``): Compare's answer, the team's
    calibration, the effort curve, the plausible worlds of the effort curve and of Compare, and
    Side by side.

    One region per background job, since any of them can run while another does (the what-if
    and its worlds have a button each, and a job goes on when its tab is left): a polite region
    given a new text before a screen reader has read the last drops the last, so a shared one
    would let one job's news cut another's short.
    """

    compare: solara.Reactive[Message]
    team: solara.Reactive[Message]
    curve: solara.Reactive[Message]
    curve_worlds: solara.Reactive[Message]
    options: solara.Reactive[Message]
    compare_worlds: solara.Reactive[Message]


@solara.component
def RunView(
    session: Session,
    version: solara.Reactive[int],
    playing: solara.Reactive[bool],
    speed: solara.Reactive[int],
    values: solara.Reactive[dict],
    applied: Scenario,
    lang: str,
    on_reset,
    on_step,
    on_play,
    worlds_source: solara.Reactive[str],
    team: solara.Reactive[TeamAnswer | None],
    said: Said,
):
    """Everything that changes when the model steps: the only reader of ``version``.

    One reader means one render pass per played week. ``said``: the live regions the Effort
    curve, Compare and Your team tabs tell of their background answers.
    """
    tick = version.value
    try:
        scenario_from(values.value)
        problem = None
    except ConfigError as error:
        problem = labelled_problem(str(error), lang)
        first = str(error).split(":", 1)[0]
        others = [n for n in refused_settings(values.value) if n != first]
        if others:  # the fields further down say why; here at least their names
            names = ", ".join(param_label(n, lang) for n in others)
            problem += t("invalid.others", lang, names=names)
        if str(error) == size_problem(values.value):  # the analysts' way, after the manager's
            problem += " " + t("size.larger", lang)
    with session.lock:
        week, weeks, finished = (
            session.model.week,
            session.scenario.simulation.weeks,
            session.finished,
        )
        # Management pressure moves the team's hours away from the effort slider's: say where.
        pressed = session.model.params.management.pressure_step > 0 and week > 0
        effort_now = float(session.model.rep_state.effort_hours.mean()) if pressed else None
        pending = [] if problem else pending_rebuild(values.value, applied, session.model)
    with solara.Row(
        gap="10px", style="align-items: center; flex-wrap: wrap;", classes=[css.RUN_BAR]
    ):
        solara.Button(
            t("reset", lang),
            on_click=on_reset,
            icon_name="mdi-restore",
            classes=[css.RESET],
            disabled=problem is not None,
        )
        solara.Button(
            t("step", lang),
            on_click=on_step,
            icon_name="mdi-step-forward",
            classes=[css.STEP],
            disabled=playing.value or finished,
        )
        solara.Button(
            t("pause" if playing.value else "play", lang),
            icon_name="mdi-pause" if playing.value else "mdi-play",
            on_click=on_play,
            color="primary",
            # Before the first week, Play is where to start: highlighted, with a hint below.
            classes=[css.PLAY, css.PLAY_HINT] if week == 0 and not playing.value else [css.PLAY],
            disabled=finished and not playing.value,
        )
        with solara.Column(
            style="width: 240px; margin-left: 12px;", gap="0px", classes=[css.SPEED_BOX]
        ):
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f"{t('speed', lang)}: {speed.value}",
                classes=[css.NOTE],
            )
            rv.Slider(
                v_model=speed.value,
                on_v_model=lambda v: speed.set(int(v)),
                min=1,
                max=30,
                step=1,
                class_=css.SPEED,
                hide_details=True,
                # its name for a screen reader (the visible words above are a text of their own)
                attributes={"aria-label": f"{t('speed', lang)}: {speed.value}"},
            )
        pushed = (
            ""
            if effort_now is None
            else f' <span class="{css.WEEK_EFFORT}">'
            + t("week.pressure", lang, hours=format_number(round(effort_now), lang))
            + "</span>"
        )
        # Slower than the speed asked for (each week waits until the browser has drawn the
        # last): how fast it plays, beside the week, while it plays.
        pace = session.pace.short() if playing.value else None
        paced = (
            ""
            if pace is None
            else f' <span class="{css.WEEK_PACE}">'
            + t("week.pace", lang, rate=format_number(pace, lang, 0 if pace >= 1 else 1))
            + "</span>"
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t("week", lang, week=week, weeks=weeks) + pushed + paced,
            classes=[css.WEEK],
            style="margin-left: 16px;",
        )
    RunStatus(session, lang, tick, problem, pending)
    # A tab's content is made when the tab is first opened, then kept (with its answers and the
    # computations under way) when another is chosen: a page that opens on the live run builds
    # none of the other five tabs' widgets, and a played week renders only the tabs opened.
    tab = solara.use_reactive(0)
    opened = solara.use_reactive(frozenset({0}))  # the tabs' places, from 0
    made = {TABS[i] for i in opened.value}
    with solara.lab.Tabs(value=tab, on_value=lambda i: opened.set(opened.value | {i})):
        with solara.lab.Tab(t("tab.live", lang), classes=[css.TAB_LIVE]):
            LiveView(session, lang, tick)
        team_posterior = team.value.posterior if team.value is not None else None
        with solara.lab.Tab(t("tab.curve", lang), classes=[css.TAB_CURVE]):
            if "curve" in made:
                EffortCurvePanel(
                    values, lang, worlds_source, team_posterior, said.curve_worlds, said.curve
                )
        with solara.lab.Tab(t("tab.compare", lang), classes=[css.TAB_COMPARE]):
            if "compare" in made:
                ComparePanel(
                    session,
                    values,
                    lang,
                    worlds_source,
                    team_posterior,
                    said.compare,
                    said.compare_worlds,
                )
        with solara.lab.Tab(t("tab.options", lang), classes=[css.TAB_OPTIONS]):
            if "options" in made:
                OptionsPanel(session, values, lang, said.options)
        with solara.lab.Tab(t("tab.team", lang), classes=[css.TAB_TEAM]):
            if "team" in made:
                TeamPanel(team, lang, said.team)
        with solara.lab.Tab(t("tab.lesson", lang), classes=[css.TAB_LESSON]):
            if "lesson" in made:
                Lesson(lang)
    # Last, so that the browser answers after it has drawn everything above.
    DrawnTick.element(tick=tick, on_drawn=session.mark_drawn)


@solara.component
def Page():
    """The Rapport app: one model per browser session, built here (never at import time)."""
    router = solara.use_router()
    # a reload or a shared link restores these
    asked = from_query(router.search, solara.lab.headers.value)
    lang = solara.use_reactive(asked["lang"])
    preset = solara.use_reactive(asked["scenario"])
    first = solara.use_memo(
        lambda: settings_from_url(asked, PRESET_SCENARIOS[asked["scenario"]]), []
    )
    # A run's changes in the address are made again at the same weeks, and the run goes on to
    # the week it had reached: a reload or a shared link shows the same run at the same week
    # (it opened the changed team from week 0, later the same run at week 0).
    session = solara.use_memo(lambda: opened(first, asked), [])
    values = solara.use_reactive(solara.use_memo(lambda: in_effect(first, session.model), []))
    version = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    narrow = solara.use_reactive(False)  # the window as narrow as a phone's (NarrowScreen)
    speed = solara.use_reactive(PRESENT_SPEED if asked["present"] == "1" else 8)
    advanced_open = solara.use_reactive(None)
    presenting = solara.use_reactive(asked["present"] == "1")
    applied = solara.use_reactive(session.scenario)  # what the model was built from
    # The session's plausible worlds (shared by the effort curve and Compare) and its team,
    # once uploaded and calibrated: per browser tab, never shared between sessions.
    worlds_source = solara.use_reactive(default_source())
    team = solara.use_reactive(None)
    said = Said(
        compare=solara.use_reactive(None),
        team=solara.use_reactive(None),
        curve=solara.use_reactive(None),
        curve_worlds=solara.use_reactive(None),
        compare_worlds=solara.use_reactive(None),
        options=solara.use_reactive(None),
    )
    # What the browser's address should say; "" until a change (a fresh page keeps its own).
    address = solara.use_reactive("")
    language = lang.value

    # What the play loop changes on the page, it changes holding the lock the browser's messages
    # are handled under (never while it waits for the browser, whose messages need that lock),
    # in one render a week; a handler that changes several things renders once too.
    in_page = PageChange()

    def changed() -> int:
        version.set(version.value + 1)
        return version.value

    def address_now(current: dict[str, Any], lang: str, present: bool) -> str:
        """The address of the run as it is: its settings at the start, its changes since and the
        week it has reached, or the settings ``current`` when it has no changes. Settings that
        wait for Reset (``pending_rebuild``) open the run they make, from week 0: the address
        cannot hold both that run and the one shown."""
        with session.lock:
            made = run_changes(session.scenario, session.model)
            start = {n: session.scenario.get(n) for n in INTERVENABLE} if made else {}
            waiting = [
                name
                for name in pending_rebuild(current, session.scenario, session.model)
                if isinstance(current[name], int | float)  # a refused entry stays out anyway
            ]
            week = 0 if waiting else session.model.week
        return address_of(preset.value, lang, present, {**current, **start}, made, week)

    def follow_schedule() -> None:
        """The sliders follow the changes the run's schedule (from the address) makes, as
        they show a change made with them."""
        if session.scenario.interventions:
            now = in_effect(values.value, session.model)
            if now != values.value:
                values.set(now)

    def rebuild(scenario: Scenario):
        session.rebuild(scenario)
        applied.set(scenario)

    def with_schedule(scenario: Scenario) -> Scenario:
        """``scenario`` with the run's schedule of changes (from the address): settings changed
        before the first week, and Reset, keep it, as a scenario file's ``interventions``."""
        return scenario.model_copy(update={"interventions": session.scenario.interventions})

    def choose_preset(label: str):
        with in_page:
            stem = next((s for s in PRESETS if t(f"preset.{s}", language) == label), None)
            if stem is None:  # the changed scenario itself: nothing to restore
                return
            playing.set(False)
            preset.set(stem)
            address.set(address_of(stem, language, presenting.value, {}))
            scenario = PRESET_SCENARIOS[stem]
            values.set(control_values(scenario))
            rebuild(scenario)
            changed()

    def choose_language(code: str):
        with in_page:
            lang.set(code)
            address.set(address_now(values.value, code, presenting.value))

    def on_control(name: str, value: Any):
        with in_page:
            new = {**values.value, name: value}
            values.set(new)
            acted = False
            with session.lock:
                if session.model.week == 0:
                    try:
                        scenario = scenario_from(new)
                    except ConfigError:
                        scenario = None
                    if scenario is not None:
                        rebuild(with_schedule(scenario))
                        follow_schedule()  # a change scheduled at week 0 is made at once
                        acted = True
                elif name in INTERVENABLE and not session.finished:
                    try:
                        session.scenario.with_values({name: value})
                    except ConfigError:
                        pass
                    else:
                        session.model.intervene(**{name.split(".")[1]: float(value)})
                        acted = True
                # (any other setting mid-run applies on Reset, after the last week effort and
                # empathy too; the address keeps it)
            # once, after the change: the run's new start, or its changes with this one
            address.set(address_now(new, language, presenting.value))
            if acted:
                changed()

    def reset():
        with in_page:
            playing.set(False)
            try:
                scenario = scenario_from(values.value)
            except ConfigError:
                return
            # The settings shown hold every change made so far (the sliders follow the schedule):
            # a new start from them keeps only the scheduled changes still ahead. Kept whole, a
            # replayed run's past changes came again as changes to what they already were, a
            # marker on the chart for nothing, and Reset did not do what it does without a reload.
            with session.lock:
                week = session.model.week
            ahead = tuple(c for c in session.scenario.interventions if c.week > week)
            rebuild(scenario.model_copy(update={"interventions": ahead}))
            follow_schedule()
            address.set(address_now(values.value, language, presenting.value))
            changed()

    def show_week() -> None:
        """The address follows the week the run has reached (a reload opens there)."""
        address.set(address_now(values.value, lang.value, presenting.value))

    def step():
        with session.lock:
            if session.finished:
                return
            session.model.step()
        with in_page:  # one render for the week, its address and the sliders
            follow_schedule()
            show_week()
            changed()

    def toggle_play():
        # Each click flips the state the server holds now, so rapid clicks all count.
        if not playing.value and session.finished:
            return
        playing.set(not playing.value)
        session.wake.set()

    def play_loop(cancel: threading.Event):
        """One loop per session for its lifetime: steps while ``playing``, idles otherwise.

        A loop that ended on Pause and a new one started on Play could overlap and undo a
        click; one loop that only reads ``playing`` cannot.
        """
        drawn: int | None = None  # the tick the browser must have drawn before the next week
        played = False  # whether it stepped since it last went idle
        while not cancel.is_set():
            if not playing.value:
                if played:  # paused or finished: the address names the week it stopped at
                    session.pace.stopped()
                    with in_page:
                        show_week()
                    played = False
                session.wake.wait(IDLE_POLL)
                session.wake.clear()
                drawn = None
                continue
            started = time.perf_counter()
            if drawn is not None:
                session.wait_drawn(
                    drawn, lambda: cancel.is_set() or not playing.value, DRAW_TIMEOUT
                )
            if cancel.is_set() or not playing.value:
                continue
            with session.lock:
                stepped = not session.finished
                if stepped:
                    session.model.step()
                week, done = session.model.week, session.finished
            with in_page:
                if stepped:
                    played = True
                    session.pace.played(week, time.perf_counter(), speed.value)
                    follow_schedule()
                    if week % render_every(session.scenario) == 0 or done:
                        show_week()
                        drawn = changed()
                if done:
                    playing.set(False)
            if done:
                continue
            pause = 1.0 / speed.value - (time.perf_counter() - started)
            while pause > 0 and playing.value and not cancel.is_set():
                cancel.wait(min(pause, 0.02))  # a Pause during the wait ends it
                pause = 1.0 / speed.value - (time.perf_counter() - started)

    use_page_thread(play_loop, [])

    solara.Style(css.CSS)
    solara.Title("Rapport")

    def toggle_presenting():
        with in_page:
            presenting.set(not presenting.value)
            address.set(address_now(values.value, language, presenting.value))
            if presenting.value:
                speed.set(min(speed.value, PRESENT_SPEED))  # slow enough to talk along

    presenting_context.provide(presenting.value)  # the charts' type grows with it
    page_classes = [css.APP, css.PRESENTING] if presenting.value else [css.APP]
    # Settings changed from the scenario's: the box says so, and picking the scenario again
    # restores its values (it kept the changed ones, under its name).
    scenario_shown = t(f"preset.{preset.value}", language)
    if url_settings(values.value, PRESET_SCENARIOS[preset.value]):
        scenario_shown = t("preset.changed", language, name=scenario_shown)
    with solara.Column(classes=page_classes, style="padding: 12px 20px;"):
        SkipLink.element(label=t("skip", language), targets=[css.PLAY, css.STEP, css.RESET])
        KeepFocus.element(chains=FOCUS_CHAINS)
        LinkHints.element()
        # in the page from its first render, so that what comes into them is read out
        LiveRegion(said.compare, language, css.ANNOUNCE_COMPARE)
        LiveRegion(said.team, language, css.ANNOUNCE_TEAM)
        LiveRegion(said.curve, language, css.ANNOUNCE_CURVE)
        LiveRegion(said.curve_worlds, language, css.ANNOUNCE_CURVE_WORLDS)
        LiveRegion(said.compare_worlds, language, css.ANNOUNCE_COMPARE_WORLDS)
        LiveRegion(said.options, language, css.ANNOUNCE_OPTIONS)
        with solara.Row(style="align-items: baseline; gap: 18px;", classes=[css.HEADER]):
            solara.HTML(tag="h1", unsafe_innerHTML=t("title", language), style="margin: 0;")
            solara.HTML(
                tag="div",
                unsafe_innerHTML=t("subtitle", language),
                style="font-size: 20px; color: #333;",
                classes=[css.SUBTITLE],
            )
            if presenting.value:  # the settings are hidden: the class still sees whose run it is
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=f"<span class='{css.SCENARIO_NAME}-word'>"
                    f"{t('preset', language)}: </span>{html.escape(scenario_shown)}",
                    classes=[css.SCENARIO_NAME],
                )
            solara.v.Spacer()
            solara.Button(
                t("present.off" if presenting.value else "present.on", language),
                icon_name="mdi-projector-screen",
                on_click=toggle_presenting,
                outlined=presenting.value,
                text=not presenting.value,
                classes=[css.PRESENT],
            )
            # one unit: on a narrow screen the pair wraps together, never one button per line
            with solara.Row(gap="4px", style="flex-wrap: nowrap;", classes=[css.LANGUAGES]):
                for code in i18n.LANGUAGES:
                    solara.Button(
                        t(f"lang.{code}", language),
                        on_click=lambda code=code: choose_language(code),
                        text=code != language,
                        outlined=code == language,
                        classes=[css.lang_button(code)],
                        # which language is on, for a screen reader, and in which to say its name
                        attributes={"aria-pressed": str(code == language).lower(), "lang": code},
                    )

        def settings():
            with solara.Column(classes=[css.SIDEBAR], gap="6px").key("settings"):
                labels = [t(f"preset.{s}", language) for s in PRESETS]
                if scenario_shown not in labels:
                    labels.append(scenario_shown)
                solara.Select(
                    label=t("preset", language),
                    values=labels,
                    value=scenario_shown,
                    on_value=choose_preset,
                    classes=[css.PRESET],
                )
                for group in BASIC_GROUPS:
                    ControlGroup(group, values.value, on_control, language)
                    if group == "reps":
                        Profiles(
                            values.value["reps.profiles"], values.value["reps.count"], language
                        )
                # The advanced controls exist only while their panel is open: fewer widgets
                # make every played week's page update cheaper.
                with rv.ExpansionPanels(
                    v_model=advanced_open.value,
                    on_v_model=advanced_open.set,
                    class_=css.ADVANCED,
                    style_="margin-top: 12px;",
                ):
                    with rv.ExpansionPanel():
                        rv.ExpansionPanelHeader(
                            children=[t("group.advanced", language)], class_=css.GROUP_TITLE
                        )
                        with rv.ExpansionPanelContent():
                            if advanced_open.value == 0:
                                for group in ADVANCED_GROUPS:
                                    ControlGroup(group, values.value, on_control, language)

        def run():
            with solara.Column(classes=[css.MAIN]).key("run"):
                RunView(
                    session,
                    version,
                    playing,
                    speed,
                    values,
                    applied.value,
                    language,
                    reset,
                    step,
                    toggle_play,
                    worlds_source,
                    team,
                    said,
                )

        with solara.Row(style="align-items: flex-start; gap: 24px;", classes=[css.LAYOUT]):
            # Where the page stacks, the run stands first, in the page as on the screen: Tab
            # reaches Play before the settings. Keyed, both keep their widgets when they swap.
            for part in (run, settings) if narrow.value else (settings, run):
                part()
        NarrowScreen.element(width=css.PHONE, narrow=narrow.value, on_narrow=narrow.set)
        KeptAddress(address)
        PageLanguage.element(lang=lang.value)
        TakeawaySeen.element()
