"""The classroom app (Solara): ``rapport app --classroom``.

Three pages, one module: ``/`` creates a room, ``/instructor?token=…`` is the instructor's
dashboard (projector), ``/join?room=CODE`` is a student's page; after joining its address
carries the student's secret (``&me=…``), so a reload or a dropped phone rejoins the same rep.
The rooms live in ``REGISTRY`` (``frontends.classroom.room``), in this server's memory only.
The language is in every address (``&lang=de``): the language buttons put it there, a new room's
dashboard keeps the one it was created in, and the join link and its QR code carry the one the
dashboard shows.

Stable hooks for browser tests (CSS classes):

- Create: ``classroom-create``. Dashboard: ``classroom-code`` (the room code), ``classroom-qr``,
  ``classroom-join-url``, buttons ``classroom-start``, ``classroom-pause``, ``classroom-next``,
  ``classroom-end``, ``classroom-download-csv``, ``classroom-download-png``; ``classroom-status``;
  ``classroom-class`` (hidden JSON: ``{"status", "round", "students": [{"nickname",
  "profile", "decided", "weeks", "relationship"}]}``); ``classroom-chart`` (every student's
  relationship quality); ``classroom-figure`` (at the end).
- Student: fields ``classroom-room``, ``classroom-nickname``, button ``classroom-join``;
  ``classroom-hours-contact``, ``classroom-hours-value``, ``classroom-hours-prospecting``,
  ``classroom-space``, ``classroom-total``, button ``classroom-send``, ``classroom-decided``
  (with the plan sent) or ``classroom-undecided``; ``classroom-me`` (hidden JSON: ``{"nickname",
  "profile", "week", "round", "decided", "plan": [contact, value, prospecting], "relationship",
  "lost", "messages"}``); ``classroom-hello`` (nickname and profile); ``classroom-my-chart``
  (their relationship quality); ``classroom-messages``;
  ``classroom-error`` (any refused input).
- Language: ``classroom-lang-en``, ``classroom-lang-de``.
"""

from __future__ import annotations

import html
import json
import os
import threading
from collections.abc import Callable, Hashable
from typing import cast
from urllib.parse import parse_qs, quote, urlencode

import segno
import solara

from frontends.app.charts import QUALITY_DIGITS, localised
from frontends.app.i18n import page_language
from frontends.app.jobs import PageChange, use_page_thread
from frontends.app.widgets import LocalisedEcharts, PageLanguage
from frontends.classroom.figure import class_curves, class_figure, curve_notes
from frontends.classroom.i18n import LANGUAGES, format_number, profile_name, quoted, t
from frontends.classroom.remember import RememberedRooms
from frontends.classroom.room import (
    DEFAULT_IDLE_SECONDS,
    Clock,
    Plan,
    Registry,
    Room,
    RoomError,
    RoomSettings,
    StudentView,
    make_plan,
)
from sim.formats import PALETTE, VERMILLION, VIRIDIS
from sim.plots import png_bytes
from sim.texts import TEXTS as CORE_TEXTS

# The rooms of this server. The `app --classroom` command sets the address students use and
# the idle time; both have defaults so `solara run frontends.classroom.page` works too.
REGISTRY = Registry(
    idle_seconds=float(os.environ.get("RAPPORT_CLASSROOM_IDLE_SECONDS", DEFAULT_IDLE_SECONDS))
)
REGISTRY.run_clock()
PUBLIC_URL = os.environ.get("RAPPORT_CLASSROOM_URL", "http://127.0.0.1:8765").rstrip("/")
PROFILE_COLOURS = {"low": VERMILLION, "high": PALETTE[0]}

CSS = """
.classroom { font-size: 17px; }
.classroom-student { max-width: 520px; margin: 0 auto; padding: 8px 10px; }
.classroom-student .v-input { font-size: 17px; }
/* a field's label: Vuetify's 16 px, floated above the field at 0.75, was 12 px on a phone (an
   instructor's audit); 18 px floated at 0.85 is 15.3 px, with room kept above the field. The
   hour fields' long labels stand above them instead, whole (classroom-field-label). */
.classroom-student .v-text-field .v-label { font-size: 18px; }
.classroom-student .v-text-field .v-label--active { transform: translateY(-22px) scale(0.85); }
.classroom-student .v-text-field { padding-top: 18px; }
.classroom-student .v-text-field.classroom-hours { padding-top: 0; margin-top: 2px; }
.classroom-field-label { font-size: 16px; color: #444; line-height: 1.3; margin-top: 10px; }
.classroom-code { font-size: 64px; font-weight: 700; letter-spacing: 6px; font-family: monospace; }
.classroom-join-url { font-size: 26px; word-break: break-all; }
.classroom-status { font-size: 22px; font-weight: 600; }
.classroom-waiting { font-size: 18px; color: #333; }
.classroom-note { font-size: 15px; color: #444; }
.classroom-hint { font-size: 15px; color: #444; }
/* once the game runs, the join block shrinks (a latecomer can still read and scan it), so that
   a 1280 × 720 projector shows the class chart with its week axis and key */
.classroom-playing .classroom-code { font-size: 34px; letter-spacing: 4px; }
.classroom-playing .classroom-join-url { font-size: 18px; }
.classroom-playing .classroom-status { font-size: 19px; }
.classroom-playing .classroom-note { display: none; }
.classroom-tiles { display: flex; flex-wrap: wrap; gap: 4px; }
.classroom-legend { display: flex; align-items: center; gap: 6px; margin: 4px 0 8px;
                     font-size: 14px; color: #444; }
.classroom-legend-bar { width: 120px; height: 12px; border-radius: 3px; }
.classroom-tile { width: 40px; height: 40px; border-radius: 6px; color: white; display: flex;
                  align-items: center; justify-content: center; font-weight: 600; }
.classroom-messages li { margin-bottom: 4px; }
.classroom-debrief { white-space: pre-line; font-size: 19px; line-height: 1.5; }
"""


def parse_space(text: str) -> list[int]:
    """Customer numbers typed as '3, 7' (spaces or commas); ``RoomError`` if not numbers."""
    parts = text.replace(",", " ").split()
    if not all(p.isdigit() for p in parts):  # "-3", "3.5"
        raise RoomError("space.text")
    try:  # "3²" and "①" are digits to str.isdigit but no number to int()
        return [int(p) for p in parts]
    except ValueError:
        raise RoomError("space.text") from None


def parse_hours(text: str) -> float | str:
    """Hours as typed, with a decimal point or comma ("2,5"); the text itself if it is no
    number (``make_plan`` then refuses it, naming the field, in the page's language)."""
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return text


# The QR code's module size in pixels: large in the lobby, where the whole class scans it; once
# the game runs, small, so that the class chart is on a projector's first screen (1280 × 720)
# and a latecomer can still scan it from nearby.
QR_SCALE = {"lobby": 8, "playing": 3}


def qr_svg(url: str, scale: int = QR_SCALE["lobby"]) -> str:
    """The join link as an inline SVG QR code (segno), sized for a projector."""
    return segno.make(url, error="m").svg_inline(scale=scale, border=2)


def join_url(code: str, lang: str) -> str:
    """The address students join at: the room and the language the dashboard shows."""
    return f"{PUBLIC_URL}/join?{urlencode({'room': code, 'lang': lang})}"


def use_room_changes(room: Room, stamp: Callable[[], Hashable] | None = None) -> int:
    """A counter that grows, re-rendering the component, when the room changes.

    With ``stamp``, only changes of what it returns count: a student's page need not render
    again when another student sends a plan.
    """
    changes = solara.use_reactive(0)
    in_page = PageChange()  # what the thread changes, it changes as a message from the browser

    def watch(cancel: threading.Event) -> None:
        seen = room.version
        last = stamp() if stamp else seen
        while not cancel.is_set():
            now = room.wait_for_change(seen, timeout=1.0)
            if now == seen:
                continue
            seen = now
            current = stamp() if stamp else now
            if current != last:
                last = current
                with in_page:
                    changes.set(changes.value + 1)

    use_page_thread(watch, [room])
    return changes.value


@solara.component
def Timer(room: Room, lang: str):
    """The round and the seconds left, updated every second (only this text re-renders)."""
    now = solara.use_reactive(0)
    in_page = PageChange()

    def count(cancel: threading.Event) -> None:
        while not cancel.wait(1.0):
            with in_page:
                now.set(now.value + 1)

    use_page_thread(count, [room])
    _ = now.value  # reading it makes every tick render this component again
    solara.HTML(
        tag="div", unsafe_innerHTML=status_text(room.clock(), lang), classes=["classroom-status"]
    )


def status_text(clock: Clock, lang: str) -> str:
    """The room's status, round and seconds left as the timer says them."""
    seconds = "" if clock.seconds_left is None else str(round(clock.seconds_left))
    return t(
        f"status.{clock.status}"
        + (".one" if clock.status == "ended" and clock.rounds == 1 else ""),
        lang,
        round=clock.round,
        rounds=clock.rounds,
        played=clock.played,
        seconds=seconds,
    )


@solara.component
def Languages(lang: str, on_choose: Callable[[str], None]):
    with solara.Row(gap="6px"):
        for code in LANGUAGES:
            solara.Button(
                t(f"lang.{code}", lang),
                on_click=lambda code=code: on_choose(code),
                text=code != lang,
                outlined=code == lang,
                classes=[f"classroom-lang-{code}"],
            )


def Hook(css: str, data: dict) -> None:
    """Hidden JSON of what the page shows, for browser tests (as text: it holds nicknames)."""
    solara.v.Html(tag="div", children=[json.dumps(data)], class_=css, style_="display:none")


# --- creating a room ------------------------------------------------------------------------------


def whole_number(text: str | None) -> int:
    """A typed whole number ("12", " +3 "); ValueError naming the problem's text key if none."""
    entry = (text or "").strip()
    if not entry:
        raise ValueError("error.whole.empty")
    try:
        return int(entry)
    except ValueError:
        raise ValueError("error.whole.number") from None


@solara.component
def WholeNumberField(label: str, value: solara.Reactive[int | None], lang: str, hook: str):
    """A field for a whole number that says in the page's language what is wrong with its text.

    (``solara.InputInt`` says it in English only.) While the text is no whole number, ``value``
    holds None, so that nothing is created from a number the field no longer shows.
    """
    text, set_text = solara.use_state(str(value.value) if value.value is not None else "")
    try:
        whole_number(text)
        problem = None
    except ValueError as error:
        problem = t(str(error), lang, value=quoted(text.strip()[:30], lang))

    def typed(new: str | None) -> None:
        set_text(new or "")
        try:
            value.set(whole_number(new))
        except ValueError:
            value.set(None)

    solara.v.TextField(
        label=label,
        v_model=text,
        on_v_model=typed,
        error_messages=[problem] if problem else [],
        class_=hook,
        attributes={"inputmode": "numeric"},
    )


@solara.component
def CreateRoom(lang: str):
    router = solara.use_router()
    defaults = RoomSettings()
    rounds = solara.use_reactive(cast(int | None, defaults.rounds))
    weeks = solara.use_reactive(cast(int | None, defaults.weeks_per_round))
    seconds = solara.use_reactive(cast(int | None, int(defaults.round_seconds)))
    customers = solara.use_reactive(cast(int | None, defaults.customers_per_rep))
    seed = solara.use_reactive(cast(int | None, defaults.seed))
    pause = solara.use_reactive(defaults.pause_between)
    # the refusal of the last Create and the settings it refused: said only while the fields
    # still hold them (it stayed beside a field's own problem after the value had changed)
    refused = solara.use_reactive(cast(tuple[RoomError, tuple] | None, None))
    fields = [
        ("create.rounds", rounds),
        ("create.weeks_per_round", weeks),
        ("create.round_seconds", seconds),
        ("create.customers", customers),
        ("create.seed", seed),
    ]

    def create():
        chosen = [value.value for _, value in fields]
        if any(number is None for number in chosen):
            return  # the field says why
        n_rounds, n_weeks, n_seconds, n_customers, n_seed = (int(n or 0) for n in chosen)
        try:
            settings = RoomSettings(
                rounds=n_rounds,
                weeks_per_round=n_weeks,
                round_seconds=float(n_seconds),
                customers_per_rep=n_customers,
                seed=n_seed,
                pause_between=pause.value,
            )
            room = REGISTRY.create(settings)
        except RoomError as problem:
            refused.set((problem, tuple(chosen)))
            return
        router.push(f"/instructor?{urlencode({'token': room.token, 'lang': lang})}")

    profiles = ", ".join(
        f"{profile_name(p.name, lang)} ({format_number(p.perception, lang)}/"
        f"{format_number(p.regulation, lang)})"
        for p in defaults.profiles
    )
    with solara.Column(style="max-width: 640px;"):
        MyRooms(lang)
        solara.HTML(tag="p", unsafe_innerHTML=t("create.intro", lang))
        for key, value in fields:
            WholeNumberField(t(key, lang), value, lang, f"classroom-{key.replace('.', '-')}")
        solara.v.Checkbox(
            label=t("create.pause", lang),
            v_model=pause.value,
            on_v_model=pause.set,
            class_="classroom-create-pause",
            hide_details=True,
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t("create.pause.hint", lang),
            classes=["classroom-note"],
            style="margin-top: -14px;",
        )
        solara.HTML(
            tag="p",
            unsafe_innerHTML=t("create.profiles", lang, profiles=profiles),
            classes=["classroom-note"],
        )
        shown = tuple(value.value for _, value in fields)
        if refused.value is not None and refused.value[1] == shown:
            solara.Error(refused.value[0].text(lang), classes=["classroom-error"])
        solara.Button(
            t("create.button", lang),
            on_click=create,
            color="primary",
            # a field holding no whole number blocks it (it says why under the field)
            disabled=any(value.value is None for _, value in fields),
            classes=["classroom-create"],
        )


@solara.component
def MyRooms(lang: str):
    """The rooms made in this browser that this server still has, each with a button to its
    dashboard (``frontends.classroom.remember``): the way back after closing the tab."""
    router = solara.use_router()
    found = solara.use_reactive(cast(list[str] | None, None))
    rooms = []
    for token in found.value or []:
        try:
            rooms.append(REGISTRY.instructor(token))
        except RoomError:
            pass  # removed after a restart or a long idle time: forgotten below
    kept = None if found.value is None else [room.token for room in rooms]
    RememberedRooms.element(on_found=found.set, keep=kept)
    if not rooms:
        return
    solara.HTML(tag="h2", unsafe_innerHTML=t("create.mine", lang), style="margin: 6px 0 0;")
    for room in rooms:
        line = (
            f"{room.code} · {status_text(room.clock(), lang)} · "
            f"{t('dash.students', lang, n=room.student_count())}"
        )
        address = f"/instructor?{urlencode({'token': room.token, 'lang': lang})}"
        with solara.Row(style="align-items: center; flex-wrap: wrap;", classes=["classroom-mine"]):
            solara.HTML(tag="div", unsafe_innerHTML=line, style="font-size: 18px;")
            solara.Button(
                t("create.mine.open", lang),
                on_click=lambda address=address: router.push(address),
                icon_name="mdi-monitor-dashboard",
                outlined=True,
                classes=["classroom-mine-open"],
            )


# --- the instructor's dashboard -------------------------------------------------------------------


def axis(name: str, size: int, gap: int) -> dict:
    """An ECharts value axis from 0, named in the middle, its type ``size`` px."""
    return {
        "type": "value",
        "min": 0,
        "name": name,
        "nameLocation": "middle",
        "nameGap": gap,
        "nameTextStyle": {"fontSize": size},
        "axisLabel": {"fontSize": size - 1},
    }


def class_chart(view, lang: str) -> dict:
    """ECharts option: every student's relationship quality over the weeks, coloured by
    profile, with a key by profile (what the colours mean, which is the lesson) and each
    student's name in the tooltip of their line.

    The key had an entry per student: with 36 students, paged "1/9" in 15 px, and no entry
    said which colour was which profile (an instructor's audit)."""
    series = [
        {
            "type": "line",
            "name": f"{s['nickname']} ({profile_name(s['profile'], lang)})",
            "data": list(zip(s["weeks"], s["relationship"], strict=True)),
            "showSymbol": False,
            "lineStyle": {"width": 3},
            "color": PROFILE_COLOURS.get(s["profile"], PALETTE[2]),
        }
        for s in view.students
    ]
    profiles = list(dict.fromkeys(s["profile"] for s in view.students))
    keys = [profile_name(p, lang) for p in profiles]
    series += [  # empty: only the key shows them
        {
            "type": "line",
            "name": key,
            "data": [],
            "lineStyle": {"width": 3},
            "color": PROFILE_COLOURS.get(profile, PALETTE[2]),
        }
        for profile, key in zip(profiles, keys, strict=True)
    ]
    option = {
        "animation": False,
        "title": {"text": t("dash.chart", lang), "textStyle": {"fontSize": 20}},
        "tooltip": {"trigger": "item", "textStyle": {"fontSize": 16}},
        "legend": {
            "data": keys,
            "selectedMode": False,
            "bottom": 0,
            "itemWidth": 40,
            "textStyle": {"fontSize": 18},
        },
        "grid": {"left": 75, "right": 20, "top": 50, "bottom": 95},
        "xAxis": {
            **axis(CORE_TEXTS[lang]["chart.week"], 16, 30),
            # the weeks planned, or, once the game has ended, the weeks played
            "max": (view.clock.played if view.clock.status == "ended" else view.clock.rounds)
            * view.weeks_per_round,
        },
        "yAxis": {**axis(CORE_TEXTS[lang]["chart.relationship.y"], 16, 45), "max": 1},
        "series": series,
    }
    return localised(option, lang, QUALITY_DIGITS)


@solara.component
def Dashboard(token: str, lang: str):
    """The instructor's page, if the token is a room's instructor token."""
    try:
        room = REGISTRY.instructor(token)
    except RoomError as problem:
        solara.Error(problem.text(lang), classes=["classroom-error"])
        return
    RoomDashboard(room, lang)


# How many of the students who have not decided the dashboard names (the rest are counted).
WAITING_NAMED = 10


def waiting_text(students: list[dict], lang: str) -> str:
    """Who has not decided this round, by nickname (as typed, escaped): an instructor saw
    "31 of 36 decided" and could not tell whom to wait for (an instructor's audit)."""
    names = [html.escape(s["nickname"]) for s in students if not s["decided"]]
    shown = ", ".join(names[:WAITING_NAMED])
    if len(names) > WAITING_NAMED:
        shown = t("dash.waiting.more", lang, names=shown, n=len(names) - WAITING_NAMED)
    return t("dash.waiting", lang, names=shown)


@solara.component
def EndQuestion(room: Room, view, decided: int, lang: str, asking: solara.Reactive[bool]):
    """End game's question: what ending does to the open round (played if every student has
    decided, else dropped, as ``Room.end`` does), and the two answers."""
    total = len(view.students)
    lines = [t("dash.end.ask", lang)]
    if view.clock.status in ("running", "paused") and total:
        key = "dash.end.played" if decided == total else "dash.end.dropped"
        lines.append(t(key, lang, missing=total - decided, total=total, round=view.clock.round))

    def end() -> None:
        asking.set(False)
        room.end()

    Question("end", " ".join(lines), end, lambda: asking.set(False), lang)


@solara.component
def Question(name: str, text: str, on_yes: Callable[[], None], on_no: Callable[[], None], lang):
    """A question the dashboard asks before an action it cannot undo (``text``, as markup, read
    out at once), with its two answers ``dash.{name}.confirm`` and ``dash.{name}.cancel``;
    hooks ``classroom-{name}-question``, ``-confirm`` and ``-cancel``."""
    with solara.Column(gap="6px", classes=[f"classroom-{name}-question"]):
        solara.HTML(tag="div", unsafe_innerHTML=text, attributes={"role": "alert"})
        with solara.Row(gap="10px"):
            solara.Button(
                t(f"dash.{name}.confirm", lang),
                on_click=on_yes,
                color="error",
                classes=[f"classroom-{name}-confirm"],
            )
            solara.Button(
                t(f"dash.{name}.cancel", lang),
                on_click=on_no,
                outlined=True,
                classes=[f"classroom-{name}-cancel"],
            )


@solara.component
def StudentList(room: Room, view, lang: str):
    """Every student's nickname as a button that takes them out of the class, after asking:
    for a nickname the class should not see on the projector, or a student who left (an
    instructor's audit: there was no way to remove one)."""
    removing = solara.use_reactive(cast(int | None, None))  # the student asked about
    with solara.Column(gap="6px", classes=["classroom-students"]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t("dash.students.hint", lang) if view.students else "",
            classes=["classroom-hint"],
        )
        with solara.Row(gap="6px", style="flex-wrap: wrap;"):
            for student in view.students:
                solara.Button(
                    student["nickname"],  # as text, never as markup
                    on_click=lambda number=student["number"]: removing.set(number),
                    icon_name="mdi-close",
                    outlined=True,
                    classes=["classroom-student-chip"],
                    # bordered in the profile's colour, the name as typed, readable from the
                    # back of the room (Vuetify's buttons write 14 px capitals, spaced)
                    style={
                        "border": "2px solid "
                        + PROFILE_COLOURS.get(student["profile"], PALETTE[2]),
                        "text-transform": "none",
                        "letter-spacing": "normal",
                        "font-size": "17px",
                    },
                    attributes={
                        "aria-label": t("dash.remove.label", lang, nickname=student["nickname"])
                    },
                )
        asked = next((s for s in view.students if s["number"] == removing.value), None)
        if asked is not None:
            RemoveQuestion(room, asked, lang, removing)
        gone = room.undoable()
        if gone is not None and asked is None:
            Undo(room, gone, lang)


@solara.component
def Undo(room: Room, nickname: str, lang: str):
    """The student removed last, and a button that brings them back (until the next round is
    played): a name pressed by mistake, confirmed in haste, is not lost."""

    def restore() -> None:
        try:
            room.restore()
        except RoomError:
            pass  # too late, or the nickname taken meanwhile: the line goes with the next render

    with solara.Row(gap="10px", style="align-items: center;", classes=["classroom-removed"]):
        # a nickname is whatever the student typed: shown as text, never as markup
        solara.v.Html(
            tag="span",
            children=[t("dash.removed", lang, nickname=nickname)],
            attributes={"role": "status"},
        )
        solara.Button(
            t("dash.undo", lang),
            on_click=restore,
            icon_name="mdi-undo",
            outlined=True,
            classes=["classroom-undo"],
            attributes={"aria-label": t("dash.undo.label", lang, nickname=nickname)},
        )


@solara.component
def RemoveQuestion(room: Room, student: dict, lang: str, removing: solara.Reactive[int | None]):
    """Whether to take ``student`` out of the class, and the two answers."""

    def remove() -> None:
        removing.set(None)
        try:
            room.remove(student["number"])
        except RoomError:
            pass  # gone already (removed from another tab)

    question = t("dash.remove.ask", lang, nickname=html.escape(student["nickname"]))
    Question("remove", question, remove, lambda: removing.set(None), lang)


@solara.component
def RoomDashboard(room: Room, lang: str):
    """Join link, code and QR code; round controls and timer; every student's trajectory."""
    version = use_room_changes(room)
    view = room.class_view()
    url = join_url(room.code, lang)
    decided = sum(s["decided"] for s in view.students)
    asking = solara.use_reactive(False)  # End game pressed, not yet confirmed
    listing = solara.use_reactive(False)  # the students' list shown while playing
    RememberedRooms.element(add=room.token)  # the start page's way back here
    Hook(
        "classroom-class",
        {
            "status": view.clock.status,
            "round": view.clock.round,
            "students": [
                {k: s[k] for k in ("nickname", "profile", "decided", "weeks", "relationship")}
                for s in view.students
            ],
        },
    )
    status = view.clock.status
    if status == "ended":
        # Nobody joins any more: one line instead of the join link, QR code and room code,
        # and the class's result comes first, so the debrief is on the projector's screen.
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"{room.code} · {t('dash.students', lang, n=len(view.students))}",
            classes=["classroom-status"],
        )
    else:
        playing = status != "lobby"
        with solara.Row(
            gap="20px" if playing else "30px",
            style="align-items: center; flex-wrap: wrap;",
            classes=["classroom-playing"] if playing else [],
        ):
            scale = QR_SCALE["playing" if playing else "lobby"]
            solara.HTML(tag="div", unsafe_innerHTML=qr_svg(url, scale), classes=["classroom-qr"])
            with solara.Column(gap="0px" if playing else "4px"):
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=t("dash.join", lang, url=html.escape(url)),
                    classes=["classroom-join-url"],
                )
                # playing: the code beside its label, on one line
                with (
                    solara.Row(gap="12px", style="align-items: baseline;")
                    if playing
                    else solara.Column(gap="4px")
                ):
                    solara.HTML(
                        tag="div", unsafe_innerHTML=t("dash.code", lang), style="font-size: 20px"
                    )
                    solara.HTML(tag="div", unsafe_innerHTML=room.code, classes=["classroom-code"])
                solara.HTML(
                    tag="div",
                    unsafe_innerHTML=f"{t('dash.students', lang, n=len(view.students))} · "
                    f"{t('dash.decided', lang, n=decided, total=len(view.students))}",
                    classes=["classroom-status"],
                )
                if playing and decided < len(view.students):
                    solara.HTML(
                        tag="div",
                        unsafe_innerHTML=waiting_text(view.students, lang),
                        classes=["classroom-waiting"],
                    )
                solara.HTML(
                    tag="div", unsafe_innerHTML=t("dash.keep", lang), classes=["classroom-note"]
                )
        if not playing:
            # in the lobby, names appear as students join (drawn while none has, too, so that
            # the first one to join moves no button the instructor is about to press)
            StudentList(room, view, lang)
    controls = [
        (
            "dash.resume" if status == "paused" else "dash.start",
            room.start,
            "mdi-play",
            "start",
            status in ("running", "ended"),
        ),
        ("dash.pause", room.pause, "mdi-pause", "pause", status != "running"),
        (
            "dash.last" if view.clock.round >= view.clock.rounds else "dash.next",
            room.next_round,
            "mdi-skip-next",
            "next",
            status in ("ended", "lobby"),  # in the lobby, Start opens the first round
        ),
        # asks first: next to Next round, one misclick ended the lesson for the whole class
        # (an instructor's audit); nothing to end in the lobby
        ("dash.end", lambda: asking.set(True), "mdi-stop", "end", status in ("ended", "lobby")),
    ]
    with solara.Row(gap="10px", style="align-items: center; flex-wrap: wrap; margin: 10px 0;"):
        for text, action, icon, name, disabled in controls:
            solara.Button(
                t(text, lang),
                on_click=action,
                icon_name=icon,
                color="primary" if name == "start" else None,
                disabled=disabled,
                classes=[f"classroom-{name}"],
            )
        if status != "lobby":
            solara.Button(
                t("dash.students.hide" if listing.value else "dash.students.show", lang),
                on_click=lambda: listing.set(not listing.value),
                icon_name="mdi-account-multiple",
                text=True,
                disabled=not view.students,
                classes=["classroom-students-toggle"],
            )
        Timer(room, lang)
    if asking.value and status not in ("ended", "lobby"):
        EndQuestion(room, view, decided, lang, asking)
    if listing.value and status != "lobby" and view.students:
        StudentList(room, view, lang)
    if status == "ended":
        ClassResult(room, lang, version)
    # responsive: redrawn when the window changes (a laptop switched to a projector); at most
    # 60 % of the screen's height, so that a 720-px projector shows its week axis too
    LocalisedEcharts.element(
        option=class_chart(view, lang),
        attributes={
            "style": "height: max(300px, min(460px, 60vh)); width: 100%;",
            "class": "classroom-chart",
        },
        responsive=True,
    )
    with solara.Row(gap="10px"):
        with solara.FileDownload(
            lambda: room.class_csv(lang), f"rapport-class-{room.code}.csv", mime_type="text/csv"
        ):
            solara.Button(
                t("dash.csv", lang),
                icon_name="mdi-download",
                outlined=True,
                classes=["classroom-download-csv"],
            )
        with solara.FileDownload(
            lambda: png_bytes(class_figure(room.class_frame(), lang)),
            f"rapport-class-{room.code}.png",
            mime_type="image/png",
        ):
            solara.Button(
                t("dash.png", lang),
                icon_name="mdi-download",
                outlined=True,
                classes=["classroom-download-png"],
            )


@solara.component
def ClassResult(room: Room, lang: str, version: int):
    """At the end: the class figure, each profile's turning point and the debrief questions."""
    frame = solara.use_memo(room.class_frame, [version])
    image = solara.use_memo(lambda: png_bytes(class_figure(frame, lang)), [version, lang])
    notes = curve_notes(class_curves(frame), lang)
    # The figure keeps at least 800 px (its type readable from the back of the room), the
    # debrief beside it where there is room (1280 px) and under it where not: at 1024 px the
    # two side by side shrank the figure to 632 px, its ticks to 13 px (an instructor's audit).
    with solara.Row(gap="24px", style="align-items: flex-start; flex-wrap: wrap;"):
        with solara.Column(classes=["classroom-figure"], style="max-width: 900px; flex: 1 1 800px"):
            solara.Image(image, width="100%")
            for note in notes:
                solara.HTML(tag="div", unsafe_innerHTML=note, classes=["classroom-status"])
        with solara.Column(style="flex: 1 1 300px"):
            solara.HTML(tag="h2", unsafe_innerHTML=t("dash.debrief", lang))
            solara.HTML(
                tag="div",
                unsafe_innerHTML=t("dash.debrief.text", lang),
                classes=["classroom-debrief"],
            )


# --- a student's page -----------------------------------------------------------------------------


@solara.component
def JoinForm(code: str, lang: str):
    router = solara.use_router()
    typed_code = solara.use_reactive(code)
    nickname = solara.use_reactive("")
    error = solara.use_reactive("")

    def join():
        try:
            room = REGISTRY.room(typed_code.value)
            secret = room.join(nickname.value)
        except RoomError as problem:
            error.set(problem.text(lang))
            return
        router.push(f"/join?room={quote(room.code)}&me={quote(secret)}&lang={lang}")

    with solara.Column(gap="8px"):
        solara.HTML(tag="h2", unsafe_innerHTML=t("join.title", lang))
        solara.InputText(t("join.code", lang), value=typed_code, classes=["classroom-room"])
        name_field = solara.v.TextField(
            label=t("join.nickname", lang),
            v_model=nickname.value,
            on_v_model=nickname.set,
            class_="classroom-nickname",
            hide_details="auto",
        )
        # Enter in the nickname field joins, as a phone's "Go" key is expected to
        solara.v.use_event(name_field, "keyup.enter", lambda *_: join())
        if error.value:
            solara.Error(error.value, classes=["classroom-error"])
        solara.Button(
            t("join.button", lang), on_click=join, color="primary", classes=["classroom-join"]
        )


def relationship_tiles(view: StudentView) -> str:
    """The portfolio as numbered tiles coloured by relationship (viridis, dark = poor)."""
    tiles = []
    for number, value in enumerate(view.relationships, start=1):
        colour = VIRIDIS[min(int(value * len(VIRIDIS)), len(VIRIDIS) - 1)]
        # black from the middle on: white on viridis' green (0.5-0.65) was 3.0:1, black is 7:1
        text = "#000" if value >= 0.5 else "#fff"
        tiles.append(
            f'<div class="classroom-tile" style="background:{colour};color:{text}" '
            f'title="{value:.2f}">{number}</div>'
        )
    return f'<div class="classroom-tiles">{"".join(tiles)}</div>'


def relationship_legend(lang: str) -> str:
    """What the tiles' colours mean: the same viridis scale from poor to good."""
    bar = f"background: linear-gradient(to right, {', '.join(VIRIDIS)})"
    return (
        f'<div class="classroom-legend"><span>{t("me.customers.poor", lang)}</span>'
        f'<span class="classroom-legend-bar" style="{bar}"></span>'
        f"<span>{t('me.customers.good', lang)}</span></div>"
    )


def student_chart(view: StudentView, lang: str) -> dict:
    option = {
        "animation": False,
        "title": {"text": t("me.relationship", lang), "textStyle": {"fontSize": 15}},
        "grid": {"left": 40, "right": 10, "top": 36, "bottom": 44},
        "xAxis": {
            **axis(CORE_TEXTS[lang]["chart.week"], 13, 24),
            "max": view.week if view.status == "ended" else view.rounds * view.weeks_per_round,
        },
        "yAxis": {"type": "value", "min": 0, "max": 1},
        "series": [
            {
                "type": "line",
                "data": list(zip(view.weeks, view.relationship, strict=True)),
                "color": PALETTE[0],
                "lineStyle": {"width": 3},
            }
        ],
    }
    return localised(option, lang, QUALITY_DIGITS)


def hours(plan: Plan) -> dict[str, float]:
    return {
        "contact": plan.contact_hours,
        "value": plan.value_hours,
        "prospecting": plan.prospecting_hours,
    }


@solara.component
def PlanForm(room: Room, secret: str, view: StudentView, lang: str):
    # The hours as typed: a text that is no number stays as typed and is refused on Send (a
    # number field would keep sending its last number while showing the text).
    contact = solara.use_reactive(format_number(round(view.plan.contact_hours, 1), lang))
    value = solara.use_reactive(format_number(round(view.plan.value_hours, 1), lang))
    prospecting = solara.use_reactive(format_number(round(view.plan.prospecting_hours, 1), lang))
    space = solara.use_reactive(", ".join(str(c) for c in sorted(view.plan.space)))
    error = solara.use_reactive("")

    def send():
        try:
            plan = make_plan(
                parse_hours(contact.value),
                parse_hours(value.value),
                parse_hours(prospecting.value),
                parse_space(space.value),
                customers=len(view.relationships),
            )
            room.decide(secret, plan)
        except RoomError as problem:
            error.set(problem.text(lang))
            return
        error.set("")

    typed = [parse_hours(r.value) for r in (contact, value, prospecting)]
    total = sum(h for h in typed if isinstance(h, float))
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t(
            "me.plan.one" if view.weeks_per_round == 1 else "me.plan",
            lang,
            weeks=view.weeks_per_round,
        ),
        style="font-weight: 600; margin-top: 8px;",
    )
    for name, reactive in (("contact", contact), ("value", value), ("prospecting", prospecting)):
        # The label above the field, whole and at the page's size: Vuetify's label floated
        # at 12 px (an instructor's audit), and larger it was cut ("Wertschaffende Arbeit
        # (Vorbereitung, Probleme lös").
        label = t(f"me.{name}", lang)
        solara.HTML(
            tag="div",
            unsafe_innerHTML=label,
            classes=["classroom-field-label", f"classroom-hours-{name}-label"],
        )
        solara.v.TextField(
            v_model=reactive.value,
            on_v_model=reactive.set,
            class_=f"classroom-hours classroom-hours-{name}",
            hide_details="auto",
            # a phone offers its number keys with the decimal mark, not its letters, on each
            # of the three fields every round (an instructor's audit)
            attributes={"inputmode": "decimal", "aria-label": label},
        )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t("me.total", lang, total=format_number(round(total, 1), lang)),
        classes=["classroom-note", "classroom-total"],
    )
    solara.InputText(
        t("me.space", lang), value=space, classes=["classroom-space"], continuous_update=True
    )
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t("me.space.hint", lang),
        classes=["classroom-note", "classroom-space-hint"],
    )
    if error.value:
        solara.Error(error.value, classes=["classroom-error"])
    solara.Button(t("me.submit", lang), on_click=send, color="primary", classes=["classroom-send"])
    if view.joined_round > 1:
        played = (view.joined_round - 1) * view.weeks_per_round  # weeks played for them
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t(
                "me.late.one" if played == 1 else "me.late",
                lang,
                round=view.joined_round,
                weeks=played,
            ),
            classes=["classroom-note", "classroom-late"],
        )
    # what was sent, the customers given space too (the class's table counts them)
    sent = "me.sent.space" if view.decided and view.plan.space else "me.sent"
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t(
            sent if view.decided else "me.not_sent",
            lang,
            **{k: format_number(round(v, 1), lang) for k, v in hours(view.plan).items()},
            customers=", ".join(map(str, sorted(view.plan.space))),
        ),
        classes=["classroom-note", "classroom-decided" if view.decided else "classroom-undecided"],
    )


@solara.component
def StudentState(room: Room, secret: str, lang: str):
    use_room_changes(room, lambda: room.stamp(secret))
    try:
        view = room.view(secret)
    except RoomError as problem:
        solara.Error(problem.text(lang), classes=["classroom-error"])
        JoinForm(room.code, lang)
        return
    Hook(
        "classroom-me",
        {
            "nickname": view.nickname,
            "profile": view.profile,
            "week": view.week,
            "round": view.round,
            "decided": view.decided,
            "plan": [view.plan.contact_hours, view.plan.value_hours, view.plan.prospecting_hours],
            "relationship": view.relationship,
            "lost": view.lost,
            "messages": len(view.messages),
        },
    )
    # A nickname is whatever the student typed: shown as text, never as markup.
    solara.v.Html(
        tag="div",
        children=[
            t("me.hello", lang, nickname=view.nickname, profile=profile_name(view.profile, lang))
        ],
        style_="font-size: 19px; font-weight: 600;",
        class_="classroom-hello",
    )
    Timer(room, lang)
    solara.HTML(
        tag="div", unsafe_innerHTML=t("me.week", lang, week=view.week), classes=["classroom-week"]
    )
    if view.status == "ended":
        solara.Info(t("me.ended", lang), classes=["classroom-ended"])
    else:
        # The form lives across rounds: what a student is typing when a round closes stays.
        PlanForm(room, secret, view, lang)
    LocalisedEcharts.element(
        option=student_chart(view, lang),
        attributes={"style": "height: 220px; width: 100%;", "class": "classroom-my-chart"},
        responsive=True,
    )
    revenue = view.revenue[-1] if view.revenue else 0.0
    solara.HTML(
        tag="div",
        unsafe_innerHTML=f"{t('me.revenue', lang, revenue=format_number(revenue, lang, 1))}"
        f"<br>{t('me.lost', lang, lost=view.lost)}",
    )
    solara.HTML(tag="div", unsafe_innerHTML=t("me.customers", lang), style="font-weight: 600;")
    solara.HTML(tag="div", unsafe_innerHTML=relationship_tiles(view))
    solara.HTML(tag="div", unsafe_innerHTML=relationship_legend(lang))
    solara.HTML(tag="div", unsafe_innerHTML=t("me.messages", lang), style="font-weight: 600;")
    if view.messages:
        items = "".join(
            f"<li>{t(f'msg.{m.kind}', lang, week=m.week, customer=m.customer)}</li>"
            for m in view.messages
        )
        solara.HTML(tag="ul", unsafe_innerHTML=items, classes=["classroom-messages"])
    else:
        solara.HTML(
            tag="div", unsafe_innerHTML=t("me.no_messages", lang), classes=["classroom-note"]
        )


@solara.component
def StudentPage(code: str, secret: str, lang: str):
    if not secret:
        JoinForm(code, lang)
        return
    try:
        room = REGISTRY.room(code)
    except RoomError as problem:
        solara.Error(problem.text(lang), classes=["classroom-error"])
        JoinForm("", lang)
        return
    StudentState(room, secret, lang)


# --- the app --------------------------------------------------------------------------------------


@solara.component
def Page():
    """Dispatch on the address: ``/instructor``, ``/join`` or ``/`` (create a room)."""
    router = solara.use_router()
    query = {k: v[-1] for k, v in parse_qs(router.search or "").items()}
    lang = solara.use_reactive(page_language(query.get("lang"), solara.lab.headers.value))
    where = (router.path or "/").rstrip("/").rsplit("/", 1)[-1]

    def choose_language(code: str) -> None:
        """Show ``code`` and put it into the address, so that a reload keeps it."""
        lang.set(code)
        if router.set_path is not None:  # rendered without a server (tests) there is no URL
            router.push(f"{router.path or '/'}?{urlencode({**query, 'lang': code})}")

    solara.Style(CSS)
    solara.Title(t("title", lang.value))
    PageLanguage.element(lang=lang.value)
    student = where == "join"
    with solara.Column(
        classes=["classroom"] + (["classroom-student"] if student else []),
        style="padding: 10px 18px;",
    ):
        with solara.Row(style="align-items: center; flex-wrap: wrap;"):
            solara.HTML(
                tag="h1",
                unsafe_innerHTML=t("title", lang.value),
                style="margin: 0; font-size: 24px;" if student else "margin: 0;",
            )
            solara.v.Spacer()
            Languages(lang.value, choose_language)
        if where == "instructor":
            Dashboard(query.get("token", ""), lang.value)
        elif student:
            StudentPage(query.get("room", ""), query.get("me", ""), lang.value)
        else:
            CreateRoom(lang.value)


@solara.component
def Plain(children: list | None = None):
    """A layout without Solara's app bar and navigation tabs: the page is all there is."""
    return solara.Column(children=children or [], style="padding: 0; margin: 0;")


# Every address renders ``Page`` (it dispatches on the path itself); listing them tells the
# server they exist (others answer 404).
routes = [
    solara.Route(path="/", component=Page, layout=Plain),
    solara.Route(path="instructor", component=Page, layout=Plain),
    solara.Route(path="join", component=Page, layout=Plain),
]
