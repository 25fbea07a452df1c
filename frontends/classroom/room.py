"""Rooms, students and rounds of classroom mode, in plain Python (no UI, nothing on disk).

A ``Registry`` holds the rooms of one server. A ``Room`` has a short public code (students type
it) and a separate secret instructor token (the dashboard's link). Each student who joins gets
their own ``RapportModel`` with one rep and the room's scenario, seeded from the room's seed and
the join order, and an empathy profile the instructor assigned. A round collects every student's
``Plan`` for the next weeks; closing it (time up, or the instructor's "next round") steps every
model those weeks, with the last plan for students who did not decide.

Every public method of ``Room`` and ``Registry`` takes the object's lock: Solara serves each
browser session on its own thread, and a clock thread closes rounds when their time is up.
Students reach their state only through their own secret (``Room.view``), never another's.
"""

from __future__ import annotations

import secrets
import threading
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from frontends.classroom.i18n import CLASS_COLUMNS_DE, error_text, t
from frontends.exports import csv_text
from sim.model import RapportModel
from sim.params import PARAMS, Scenario
from sim.state import rep_mean
from sim.texts import COLUMNS_DE

# Room codes: no 0/O, 1/I/L, so a code read off a projector is typed right. 31^6 ≈ 8.9e8 codes.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
NICKNAME_MAX = 24
MAX_STUDENTS = 200
MAX_ROOMS = 50
MAX_SPACE = 10  # customers a student can give space in one round
MESSAGES_KEPT = 30
DEFAULT_IDLE_SECONDS = 4 * 3600.0

STATUSES = ("lobby", "running", "paused", "ended")
# How a noticed signal reads, by message kind (texts in ``frontends.classroom.i18n``).
SIGNAL_KINDS = ("curt", "busy", "slow", "cancelled")


class RoomError(ValueError):
    """Bad input or a refused action; ``key`` names its text in ``frontends.classroom.i18n``.

    ``str(error)`` is the English sentence, so the error reads well in logs and tests too.
    """

    def __init__(self, key: str, **values: object):
        self.key = key
        self.values = values
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        """The error as the page says it in ``lang``."""
        return error_text(self.key, lang, **self.values)


@dataclass(frozen=True)
class EmpathyProfile:
    """An empathy profile the instructor assigns: a name and the rep's two empathy facets."""

    name: str
    perception: float
    regulation: float


DEFAULT_PROFILES = (EmpathyProfile("low", 0.1, 0.1), EmpathyProfile("high", 0.9, 0.9))


@dataclass(frozen=True)
class RoomSettings:
    """What the instructor chooses when creating a room.

    Attributes:
        rounds: Rounds in the game.
        weeks_per_round: Simulated weeks per round.
        round_seconds: Time per round; the round closes when it runs out.
        customers_per_rep: Each student's portfolio size (``customers.per_rep``); by default
            the schema's, so that the class plays the model the app shows: with 12 customers
            (the earlier default) the pre-filled 30-hour plan already over-contacted every
            customer fourfold, and the low-perception curve fell from the class's first effort
            on while the high-perception one turned.
        seed: The room's seed; each student's model seed derives from it and the join order.
        profiles: Empathy profiles; a student who joins gets the one fewest students in the
            room have (the first of those in this order): in turn by join order, half and half
            for two, and still balanced after the instructor removed someone.
        pause_between: After each round the game waits, paused, until the instructor resumes
            it (time to talk the round over); without it the next round's time runs at once.
    """

    rounds: int = 6
    weeks_per_round: int = 4
    round_seconds: float = 120.0
    customers_per_rep: int = int(PARAMS["customers.per_rep"].default)
    seed: int = 2017
    profiles: tuple[EmpathyProfile, ...] = DEFAULT_PROFILES
    pause_between: bool = False

    def __post_init__(self) -> None:
        checks = [
            ("rounds", self.rounds, 1, 52),
            ("weeks_per_round", self.weeks_per_round, 1, 13),
            ("round_seconds", self.round_seconds, 10, 3600),
            ("customers_per_rep", self.customers_per_rep, 1, bounds("customers.per_rep")[1]),
            ("seed", self.seed, *bounds("simulation.seed")),
        ]
        for name, value, low, high in checks:
            if not low <= value <= high:
                raise RoomError("setting", name=name, value=value, low=low, high=high)
        if not self.profiles:
            raise RoomError("setting", name="profiles", value="()", low=1, high="…")
        for p in self.profiles:
            for facet in (p.perception, p.regulation):
                if not 0.0 <= facet <= 1.0:
                    raise RoomError("setting", name=p.name, value=facet, low=0, high=1)

    def scenario(self) -> Scenario:
        """The scenario of every student's model: one rep, the room's portfolio size.

        Management pressure is off and effort has no spread: the student decides the hours.
        """
        return Scenario().with_values(
            {
                "reps.count": 1,
                "reps.effort_spread": 0.0,
                "reps.trait_spread": 0.0,
                "customers.per_rep": self.customers_per_rep,
                "management.pressure_step": 0.0,
                "simulation.weeks": self.rounds * self.weeks_per_round,
                "simulation.seed": self.seed,
            }
        )


@dataclass(frozen=True)
class Plan:
    """A student's week: hours in customer contacts, value work and prospecting, and the
    customers (portfolio numbers from 1) to give space this round."""

    contact_hours: float
    value_hours: float
    prospecting_hours: float
    space: frozenset[int] = frozenset()

    @property
    def effort_hours(self) -> float:
        return self.contact_hours + self.value_hours + self.prospecting_hours

    def shares(self) -> dict[str, float]:
        """The plan as the model's parameters ``reps.contact_share`` and
        ``reps.prospecting_share``."""
        other = self.value_hours + self.prospecting_hours
        return {
            "reps.contact_share": self.contact_hours / self.effort_hours,
            "reps.prospecting_share": self.prospecting_hours / other if other > 0 else 0.0,
        }


def bounds(name: str) -> tuple[float, float]:
    """A parameter's (minimum, maximum) from the schema (the classroom's limits come from it)."""
    spec = PARAMS[name]
    if spec.minimum is None or spec.maximum is None:
        raise ValueError(f"{name} has no bounds in the schema")
    return spec.minimum, spec.maximum


def default_plan() -> Plan:
    """The plan of a student who has not decided yet: the schema's default rep."""
    effort = PARAMS["reps.effort_hours"].default
    contact = effort * PARAMS["reps.contact_share"].default
    prospecting = (effort - contact) * PARAMS["reps.prospecting_share"].default
    return Plan(contact, effort - contact - prospecting, prospecting)


def make_plan(
    contact_hours: float,
    value_hours: float,
    prospecting_hours: float,
    space: Iterable[int] = (),
    *,
    customers: int,
) -> Plan:
    """A validated plan; ``RoomError`` names the first thing out of bounds.

    The week's total must lie within ``reps.effort_hours``'s bounds and the contact hours must
    be at least ``reps.contact_share``'s minimum share of it (both from the schema).
    """
    hours = {"contact": contact_hours, "value": value_hours, "prospecting": prospecting_hours}
    for name, value in hours.items():
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise RoomError("hours.number", name=name, value=value) from None
        if not np.isfinite(number) or number < 0:
            raise RoomError("hours.number", name=name, value=value)
        hours[name] = number
    total = sum(hours.values())
    low, high = bounds("reps.effort_hours")
    if not low <= total <= high:
        raise RoomError("hours.total", total=round(total, 1), low=low, high=high)
    minimum = bounds("reps.contact_share")[0]
    if hours["contact"] < minimum * total - 1e-9:
        raise RoomError("hours.contact", share=round(100 * minimum))
    chosen = frozenset(int(c) for c in space)
    if any(not 1 <= c <= customers for c in chosen):
        raise RoomError("space.range", high=customers)
    if len(chosen) > MAX_SPACE:
        raise RoomError("space.many", high=MAX_SPACE)
    return Plan(hours["contact"], hours["value"], hours["prospecting"], chosen)


def clean_nickname(nickname: str) -> str:
    """The nickname a student typed, trimmed and in Unicode's composed form (NFC: "Björn" typed
    as o and a combining mark is "Björn", so it is taken once); ``RoomError`` if empty, too long
    or unprintable."""
    name = " ".join(unicodedata.normalize("NFC", str(nickname)).split())
    if not name:
        raise RoomError("nickname.empty")
    if len(name) > NICKNAME_MAX:
        raise RoomError("nickname.long", high=NICKNAME_MAX)
    if any(unicodedata.category(ch).startswith("C") for ch in name):
        raise RoomError("nickname.invalid")
    return name


def new_code() -> str:
    """A room code: ``CODE_LENGTH`` characters from ``CODE_ALPHABET``, from ``secrets``."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def student_seed(room_seed: int, join_order: int) -> int:
    """The model seed of the student who joined ``join_order``-th (from 0): an independent
    stream of the room's seed (``SeedSequence`` spawn key)."""
    sequence = np.random.SeedSequence(room_seed, spawn_key=(join_order,))
    return int(sequence.generate_state(1, np.uint32)[0])


@dataclass(frozen=True)
class Message:
    """Something a student's rep learned in a week: a noticed signal or a lost customer."""

    week: int
    customer: int  # portfolio number, from 1
    kind: str  # one of SIGNAL_KINDS, or "lost"


@dataclass
class Student:
    """One student's rep: their model, plans and what they have seen. Lives inside a room."""

    number: int  # join order, from 0
    nickname: str
    secret: str
    profile: EmpathyProfile
    model: RapportModel
    plan: Plan | None = None  # decided for the open round
    last_plan: Plan = field(default_factory=default_plan)
    messages: list[Message] = field(default_factory=list)
    rows: list[dict] = field(default_factory=list)  # one per simulated week
    joined_round: int = 1  # the round open when they joined (earlier ones played for them)

    def set_profile(self, profile: EmpathyProfile) -> None:
        rs = self.model.rep_state
        self.profile = profile
        rs.profile[0] = profile.name
        rs.perception[0] = rs.base_perception[0] = profile.perception
        rs.regulation[0] = rs.base_regulation[0] = profile.regulation


@dataclass(frozen=True)
class StudentView:
    """What one student's page shows: only that student's own state."""

    code: str
    nickname: str
    profile: str
    status: str
    round: int
    rounds: int
    week: int
    weeks_per_round: int
    seconds_left: float | None
    decided: bool
    plan: Plan
    relationships: tuple[float, ...]  # current customer by portfolio number - 1
    irritated: tuple[bool, ...]
    weeks: tuple[int, ...]
    relationship: tuple[float, ...]  # mean over the portfolio, week 0 first
    revenue: tuple[float, ...]  # week 1 first
    lost: int
    messages: tuple[Message, ...]  # newest first
    joined_round: int = 1  # rounds before it were played for the student with the default plan


@dataclass(frozen=True)
class Clock:
    """A room's status, open round and seconds left in it (None when no timer runs)."""

    status: str
    round: int
    rounds: int
    played: int
    seconds_left: float | None


@dataclass(frozen=True)
class ClassView:
    """What the instructor's dashboard shows: the room and every student's trajectory."""

    code: str
    clock: Clock
    weeks_per_round: int
    students: tuple[dict, ...]  # nickname, profile, decided, weeks, relationship


class Room:
    """One class's game. Made by ``Registry.create``; the instructor's methods are reached
    through the instructor token (``Registry.instructor``), a student's through their secret."""

    def __init__(self, code: str, token: str, settings: RoomSettings, clock: Callable[[], float]):
        self.code = code
        self.token = token
        self.settings = settings
        self.scenario = settings.scenario()
        self._clock = clock
        self._lock = threading.RLock()
        self._changed = threading.Condition(self._lock)
        self.version = 0  # grows with every change a page shows
        self.status = "lobby"
        self.round = 1  # the round being decided
        self.played = 0  # rounds played (after the last one, ``round`` stays at the last)
        self._deadline: float | None = None
        self._paused_left: float | None = None
        self.last_activity = clock()
        self._students: list[Student] = []
        self._by_secret: dict[str, Student] = {}
        self._joined = 0  # students who ever joined: the next one's number (and seed)
        self._removed: set[str] = set()  # secrets of students the instructor removed
        # the last student removed, where they were in the list, and the rounds played then:
        # the instructor can bring them back until the next round is played (``restore``)
        self._undo: tuple[Student, int, int] | None = None
        self._scenarios: dict[tuple[float, float], Scenario] = {}

    # --- students ------------------------------------------------------------------------------

    def join(self, nickname: str) -> str:
        """Add a student; returns their secret (keep it in the page's URL to rejoin).

        A student who joins late catches up: their rep plays the rounds already played with
        the default plan.
        """
        name = clean_nickname(nickname)
        with self._lock:
            self._touch()
            if self.status == "ended":
                raise RoomError("room.closed")
            if len(self._students) >= MAX_STUDENTS:
                raise RoomError("room.full", high=MAX_STUDENTS)
            if any(s.nickname.casefold() == name.casefold() for s in self._students):
                raise RoomError("nickname.taken", nickname=name)
            number = self._joined
            model = RapportModel(self.scenario, seed=student_seed(self.settings.seed, number))
            secret = secrets.token_urlsafe(16)
            student = Student(number, name, secret, self._next_profile(), model)
            student.set_profile(student.profile)
            self._record_start(student)
            student.joined_round = self.round
            for played in range(1, self.round):
                self._play(student, student.last_plan, played, decided=False)
            self._students.append(student)
            self._by_secret[secret] = student
            self._joined += 1
            self._bump()
            return secret

    def remove(self, number: int) -> str:
        """Take student ``number`` (join order, from 0) out of the room, at any time: their rep
        and its weeks leave the class chart, figure and data, and their nickname is free again.
        Their page says so and offers to join again (as a new student with a new rep). Returns
        the nickname removed; ``RoomError`` if no such student is in the room.

        For a nickname the class should not see on the projector, or a student who left.
        """
        with self._lock:
            self._touch()
            student = self._by_number(number)
            self._undo = (student, self._students.index(student), self.played)
            self._students.remove(student)
            del self._by_secret[student.secret]
            self._removed.add(student.secret)
            self._bump()
            return student.nickname

    def undoable(self) -> str | None:
        """The nickname of the student ``restore`` would bring back now, or None."""
        with self._lock:
            if self._undo is None or self._undo[2] != self.played:
                return None
            return self._undo[0].nickname

    def restore(self) -> str:
        """Bring back the student removed last, with their rep, weeks and page, where they were
        in the list: an instructor who pressed the wrong name. Only until the next round is
        played (their rep would have missed its weeks); ``RoomError`` then, or if their
        nickname was taken meanwhile or the room is full. Returns the nickname."""
        with self._lock:
            self._touch()
            if self._undo is None:
                raise RoomError("undo.none")
            student, index, played = self._undo
            if played != self.played:
                raise RoomError("undo.late", nickname=student.nickname)
            if any(s.nickname.casefold() == student.nickname.casefold() for s in self._students):
                raise RoomError("nickname.taken", nickname=student.nickname)
            if len(self._students) >= MAX_STUDENTS:
                raise RoomError("room.full", high=MAX_STUDENTS)
            self._students.insert(min(index, len(self._students)), student)
            self._by_secret[student.secret] = student
            self._removed.discard(student.secret)
            self._undo = None
            self._bump()
            return student.nickname

    def rejoin(self, secret: str) -> str:
        """The nickname of the student with this secret; ``RoomError`` if there is none."""
        with self._lock:
            return self._student(secret).nickname

    def decide(self, secret: str, plan: Plan) -> None:
        """Set the student's plan for the open round (they may change it until it closes)."""
        with self._lock:
            student = self._student(secret)
            if self.status == "ended":
                raise RoomError("room.closed")
            if any(c > self.settings.customers_per_rep for c in plan.space):
                raise RoomError("space.range", high=self.settings.customers_per_rep)
            student.plan = plan
            self._bump()

    def view(self, secret: str) -> StudentView:
        """Everything the student's page shows, for this student only."""
        with self._lock:
            student = self._student(secret)
            model = student.model
            cs = model.customer_state
            frame = student.rows
            return StudentView(
                code=self.code,
                nickname=student.nickname,
                profile=student.profile.name,
                status=self.status,
                round=self.round,
                rounds=self.settings.rounds,
                week=model.week,
                weeks_per_round=self.settings.weeks_per_round,
                seconds_left=self._seconds_left(),
                decided=student.plan is not None,
                plan=student.plan or student.last_plan,
                relationships=tuple(float(v) for v in cs.relationship),
                irritated=tuple(bool(v) for v in cs.irritation > 0.1),
                weeks=tuple(r["week"] for r in frame),
                relationship=tuple(r["relationship"] for r in frame),
                revenue=tuple(r["revenue"] for r in frame[1:]),
                lost=int(model.rep_state.churned[0]),
                messages=tuple(reversed(student.messages[-MESSAGES_KEPT:])),
                joined_round=student.joined_round,
            )

    def stamp(self, secret: str) -> tuple:
        """What changes a student's page: the room's status and round, the student's week and
        whether they decided (``()`` for an unknown secret)."""
        with self._lock:
            student = self._by_secret.get(str(secret))
            if student is None:
                return ()
            return (self.status, self.round, student.model.week, student.plan)

    def student_count(self) -> int:
        """How many students are in the room."""
        with self._lock:
            return len(self._students)

    def clock(self) -> Clock:
        """The room's status, round and seconds left (what a timer shows)."""
        with self._lock:
            return Clock(
                self.status, self.round, self.settings.rounds, self.played, self._seconds_left()
            )

    # --- the instructor ------------------------------------------------------------------------

    def start(self) -> None:
        """Open the first round (or resume a paused one) and start its timer."""
        with self._lock:
            self._touch()
            if self.status == "ended":
                raise RoomError("room.closed")
            if self.status == "paused":
                self._deadline = self._clock() + (self._paused_left or 0.0)
                self._paused_left = None
            elif self.status == "lobby":
                self._deadline = self._clock() + self.settings.round_seconds
            self.status = "running"
            self._bump()

    def pause(self) -> None:
        """Stop the round's timer; decisions are still taken."""
        with self._lock:
            self._touch()
            if self.status != "running":
                return
            self._paused_left = self._seconds_left()
            self._deadline = None
            self.status = "paused"
            self._bump()

    def next_round(self) -> None:
        """Close the open round now (every model plays its weeks) and open the next one."""
        with self._lock:
            self._touch()
            if self.status == "ended":
                raise RoomError("room.closed")
            self._close_round()

    def end(self) -> None:
        """End the game. An open round that every student has decided is played first (their
        plans are in, as the dashboard's "N of N decided" said); one with plans missing is not
        played, and the game ends after the rounds played so far."""
        with self._lock:
            self._touch()
            everyone = bool(self._students) and all(s.plan is not None for s in self._students)
            if self.status in ("running", "paused") and everyone:
                self._close_round()
            self.status = "ended"
            self._deadline = self._paused_left = None
            self._bump()

    def set_profile(self, number: int, name: str) -> None:
        """Give student ``number`` another of the room's profiles (before the first round)."""
        with self._lock:
            self._touch()
            if self.round > 1 or self.status != "lobby":
                raise RoomError("profile.started")
            profile = next((p for p in self.settings.profiles if p.name == name), None)
            if profile is None:
                raise RoomError("profile.unknown", name=name)
            self._by_number(number).set_profile(profile)
            self._bump()

    def class_view(self) -> ClassView:
        """The dashboard's view: every student's relationship quality over the weeks."""
        with self._lock:
            return ClassView(
                code=self.code,
                clock=self.clock(),
                weeks_per_round=self.settings.weeks_per_round,
                students=tuple(
                    {
                        "number": s.number,
                        "nickname": s.nickname,
                        "profile": s.profile.name,
                        "decided": s.plan is not None,
                        "weeks": [r["week"] for r in s.rows],
                        "relationship": [r["relationship"] for r in s.rows],
                    }
                    for s in self._students
                ),
            )

    def class_frame(self) -> pd.DataFrame:
        """The class data: one row per student and simulated week (week 0 is the start)."""
        with self._lock:
            rows = [row for s in self._students for row in s.rows]
        return pd.DataFrame(rows, columns=CLASS_COLUMNS)

    def class_csv(self, lang: str = "en") -> bytes:
        """``class_frame`` as CSV (UTF-8), the instructor's export, as ``lang``'s spreadsheets
        read it (``frontends.exports.csv_text``, which rounds its decimals: a student's 40.5
        hours had come out as 40.49999999999999 once split over the weeks); in German with
        German headers and profile names, as the app's German exports."""
        frame = self.class_frame()
        if lang == "de":
            frame["profile"] = [t(f"profile.{name}", lang) for name in frame["profile"]]
            frame = frame.rename(columns=lambda c: CLASS_COLUMNS_DE.get(c) or COLUMNS_DE[c])
        return csv_text(frame, lang).encode("utf-8")

    # --- time ----------------------------------------------------------------------------------

    def tick(self) -> None:
        """Close the round if its time is up (the registry's clock thread calls this)."""
        with self._lock:
            if self.status == "running" and self._deadline is not None:
                if self._clock() >= self._deadline:
                    self._close_round()

    def wait_for_change(self, version: int, timeout: float) -> int:
        """Block until the room's ``version`` differs from ``version`` or ``timeout`` passes."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != version, timeout=timeout)
            return self.version

    def idle_for(self) -> float:
        with self._lock:
            return self._clock() - self.last_activity

    # --- inside ----------------------------------------------------------------------------------

    def _student(self, secret: str) -> Student:
        student = self._by_secret.get(str(secret))
        if student is None:
            raise RoomError("student.removed" if secret in self._removed else "student.unknown")
        self._touch()
        return student

    def _by_number(self, number: int) -> Student:
        student = next((s for s in self._students if s.number == number), None)
        if student is None:
            raise RoomError("student.missing", number=number + 1)
        return student

    def _next_profile(self) -> EmpathyProfile:
        """The profile fewest students in the room have (the first such in the settings'
        order): with nobody removed, the profiles in turn by join order."""
        profiles = self.settings.profiles
        held = [sum(s.profile == p for s in self._students) for p in profiles]
        return profiles[held.index(min(held))]

    def _touch(self) -> None:
        self.last_activity = self._clock()

    def _bump(self) -> None:
        self.version += 1
        self._changed.notify_all()

    def _seconds_left(self) -> float | None:
        if self.status == "running" and self._deadline is not None:
            return max(0.0, self._deadline - self._clock())
        if self.status == "paused":
            return self._paused_left
        return None

    def _close_round(self) -> None:
        for student in self._students:
            decided = student.plan is not None
            plan = student.plan or student.last_plan
            self._play(student, plan, self.round, decided=decided)
            student.last_plan, student.plan = plan, None
        self.played += 1
        if self.round >= self.settings.rounds:
            self.status = "ended"
            self._deadline = self._paused_left = None
        else:
            self.round += 1
            if self.status == "lobby":
                self.status = "running"
            if self.status == "running" and self.settings.pause_between:
                self.status = "paused"  # the instructor resumes when the class is ready
            if self.status == "running":
                self._deadline = self._clock() + self.settings.round_seconds
            else:
                self._deadline, self._paused_left = None, self.settings.round_seconds
        self._bump()

    def _scenario_for(self, model: RapportModel, plan: Plan) -> Scenario:
        shares = plan.shares()
        key = (shares["reps.contact_share"], shares["reps.prospecting_share"])
        if key not in self._scenarios:  # validating a scenario costs; plans repeat a lot
            self._scenarios[key] = model.params.with_values(shares)
        return self._scenarios[key]

    def _play(self, student: Student, plan: Plan, round_: int, *, decided: bool) -> None:
        """Apply ``plan`` to the student's rep and play one round's weeks."""
        model = student.model
        model.params = self._scenario_for(model, plan)
        model.intervene(effort_hours=plan.effort_hours)
        cs = model.customer_state
        backoff = model.params.reps.backoff
        for customer in plan.space:
            # Giving space is what a rep does on noticing a signal: cut that customer's contacts.
            cs.restraint[customer - 1] = min(cs.restraint[customer - 1], backoff)
        for _ in range(self.settings.weeks_per_round):
            model.step()
            week = model.week
            for noticed in np.flatnonzero(cs.noticed):
                kind = SIGNAL_KINDS[int(cs.customer_id[noticed]) % len(SIGNAL_KINDS)]
                student.messages.append(Message(week, int(noticed) + 1, kind))
            for lost in np.flatnonzero(cs.churned):
                student.messages.append(Message(week, int(lost) + 1, "lost"))
            student.rows.append(self._row(student, plan, round_, decided))
        del student.messages[:-MESSAGES_KEPT]

    def _record_start(self, student: Student) -> None:
        student.rows.append(self._row(student, None, 0, False))

    def _row(self, student: Student, plan: Plan | None, round_: int, decided: bool) -> dict:
        model, rs, cs = student.model, student.model.rep_state, student.model.customer_state
        return {
            "student": student.number + 1,
            "nickname": student.nickname,
            "profile": student.profile.name,
            "perception": student.profile.perception,
            "regulation": student.profile.regulation,
            "round": round_,
            "week": model.week,
            "decided": decided,
            "effort_hours": plan.effort_hours if plan else float("nan"),
            "planned_contact_hours": plan.contact_hours if plan else float("nan"),
            "planned_value_hours": plan.value_hours if plan else float("nan"),
            "planned_prospecting_hours": plan.prospecting_hours if plan else float("nan"),
            "given_space": len(plan.space) if plan else 0,
            "contact_hours": float(rs.contact_hours[0]) if plan else float("nan"),
            "relationship": float(rep_mean(model, cs.relationship)[0]),
            "revenue": float(rs.revenue[0]) if plan else 0.0,
            # lost in this week (as a team's data for calibration counts them), and so far (as
            # the student's page and the app's run tables count them)
            "lost_customers": int(cs.churned.sum()) if plan else 0,
            "lost_customers_so_far": int(model.rep_state.churned[0]),
            "signals_noticed": int(rs.signals_noticed[0]) if plan else 0,
        }


CLASS_COLUMNS = [
    "student",
    "nickname",
    "profile",
    "perception",
    "regulation",
    "round",
    "week",
    "decided",
    "effort_hours",
    "planned_contact_hours",
    "planned_value_hours",
    "planned_prospecting_hours",
    "given_space",
    "contact_hours",
    "relationship",
    "revenue",
    "lost_customers",
    "lost_customers_so_far",
    "signals_noticed",
]


class Registry:
    """The rooms of one server, found by code (students) or instructor token (dashboard).

    Args:
        idle_seconds: A room nobody has used for this long is removed (with its data).
        clock: Monotonic time in seconds (tests pass a fake one).
    """

    def __init__(
        self,
        idle_seconds: float = DEFAULT_IDLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.idle_seconds = idle_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._rooms: dict[str, Room] = {}
        self._tokens: dict[str, str] = {}
        self._thread: threading.Thread | None = None

    def create(self, settings: RoomSettings | None = None) -> Room:
        """A new room with a fresh code and instructor token (``room.token``)."""
        settings = settings or RoomSettings()
        with self._lock:
            if len(self._rooms) >= MAX_ROOMS:
                raise RoomError("rooms.full", high=MAX_ROOMS)
            code = new_code()
            while code in self._rooms:
                code = new_code()
            token = secrets.token_urlsafe(24)
            room = Room(code, token, settings, self._clock)
            self._rooms[code] = room
            self._tokens[token] = code
            return room

    def room(self, code: str) -> Room:
        """The room with this code (case and spaces ignored); ``RoomError`` if there is none."""
        typed = "".join(str(code).split()).upper()
        with self._lock:
            room = self._rooms.get(typed)
        if room is None:
            raise RoomError("room.unknown", code=typed[:12])
        return room

    def instructor(self, token: str) -> Room:
        """The room whose instructor token this is; ``RoomError`` if there is none."""
        with self._lock:
            code = self._tokens.get(str(token))
            room = self._rooms.get(code) if code else None
        if room is None:
            raise RoomError("token.unknown")
        return room

    def __len__(self) -> int:
        with self._lock:
            return len(self._rooms)

    def tick(self) -> None:
        """Close rounds whose time is up and remove rooms idle longer than ``idle_seconds``."""
        with self._lock:
            rooms = list(self._rooms.values())
        for room in rooms:
            room.tick()
            if room.idle_for() > self.idle_seconds:
                with self._lock:
                    self._rooms.pop(room.code, None)
                    self._tokens.pop(room.token, None)

    def run_clock(self, interval: float = 0.25) -> None:
        """Call ``tick`` every ``interval`` seconds on a daemon thread (once per registry)."""
        with self._lock:
            if self._thread is not None:
                return

            def loop() -> None:
                while True:
                    self.tick()
                    time.sleep(interval)

            self._thread = threading.Thread(target=loop, name="classroom-clock", daemon=True)
            self._thread.start()
