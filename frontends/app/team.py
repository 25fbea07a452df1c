"""The Your team tab: a manager's CRM export, read strictly, calibrated in the background and
answered for that team.

The upload is refused above the reader's size limit before a byte is read, written only into a
temporary folder that is removed as soon as ``read_team`` (the one parser, as
``rapport calibrate --team``) has read it, and never kept. The calibration (ABC-SMC on the
team's own statistics, ``experiments.calibrate.abc.calibrate_team``) runs in its own temporary
folder, in the background, cancellable, with progress per generation; then the team's effort
sweet spot is answered over worlds drawn from that posterior. Everything stays in the browser
tab's session.

This module imports pyabc (through the calibration); ``data.py`` stays free of it.
"""

from __future__ import annotations

import html
import math
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import solara
import traitlets
from solara.components.file_drop import FileDropZone

from experiments.calibrate.team import (
    MAX_BYTES,
    Team,
    TeamError,
    check_size,
    read_team,
    team_scenario,
)
from experiments.worlds import share_phrase
from frontends.app import css, i18n
from frontends.app.data import WorldsBand, worlds_band
from frontends.app.i18n import t, team_problem
from frontends.app.jobs import Job, PageChange, job_moment, use_job, use_page_thread
from frontends.app.widgets import (
    DownloadButton,
    JobErrors,
    JobProgress,
    Message,
    use_announcement,
)
from sim.params import ConfigError, Scenario, validate_scenario

# The calibration budget: the coverage benchmark's 40 particles x 3 generations (about 15 s on
# one core of the development machine, README "Speed"). RAPPORT_TEAM_BUDGET=PxG (e.g. 8x1)
# sets another, for a quick look or a test.
BUDGET_ENV = "RAPPORT_TEAM_BUDGET"
DEFAULT_BUDGET = (40, 3)
TEAM_SEED = 20261130
# The example export the tab offers for download: the format to copy (``rapport calibrate
# --team`` documents the same file).
EXAMPLE_TEAM = Path(__file__).resolve().parents[2] / "configs" / "calibration" / "example_team.csv"
# The answer: the team's best effort in 16 worlds drawn from its posterior, 5 to 80 h a week.
TEAM_WORLDS = 16
TEAM_EFFORTS = tuple(float(x) for x in range(5, 81, 5))
# Shares of the progress bar: the calibration, then the worlds.
CALIBRATION_SHARE = 0.85


def team_budget() -> tuple[int, int]:
    """Particles and generations: ``RAPPORT_TEAM_BUDGET`` (``PxG``) or the default."""
    text = os.environ.get(BUDGET_ENV, "").strip()
    if not text:
        return DEFAULT_BUDGET
    match = re.fullmatch(r"(\d+)x(\d+)", text)
    if not match or int(match.group(1)) < 4 or int(match.group(2)) < 1:
        raise ConfigError(
            f"{BUDGET_ENV}={text!r}: expected PARTICLESxGENERATIONS, e.g. 40x3 (particles ≥ 4, "
            "generations ≥ 1)"
        )
    return int(match.group(1)), int(match.group(2))


def read_upload(name: str, size: int, read: Callable[[int], bytes]) -> Team:
    """Read an uploaded team file with ``read_team``, never outside a temporary folder.

    Args:
        name: The file's name as the browser gives it (only its last part, made safe, is used).
        size: Its size as the browser states it: refused above ``MAX_BYTES`` before reading.
        read: Reads up to n bytes of the upload.

    Raises:
        TeamError: The reader's one line (size, encoding, row and column).
    """
    safe = re.sub(r"[^\w.\- ]", "_", Path(name).name)[:100].strip() or "team.csv"
    check_size(safe, size)
    data = read(MAX_BYTES + 1)
    check_size(safe, len(data))  # a browser's stated size is not trusted
    with tempfile.TemporaryDirectory(prefix="rapport-team-") as folder:
        path = Path(folder) / safe
        path.write_bytes(data)
        return read_team(path)


@dataclass(eq=False)
class TeamAnswer:
    """A team calibrated and answered.

    Attributes:
        team: The team read.
        posterior: The calibration's particles (a column per parameter, ``weight``).
        scenario: The team as a scenario (``team.team_scenario``).
        band: Its relationship quality over effort in worlds drawn from ``posterior``.
        population, generations: The calibration's budget.
        seconds: Wall time of calibration and answer.
    """

    team: Team
    posterior: pd.DataFrame
    scenario: Scenario
    band: WorldsBand
    population: int
    generations: int
    seconds: float


def answer_team(
    team: Team,
    budget: tuple[int, int],
    *,
    progress: Callable[[float], None] | None = None,
) -> TeamAnswer:
    """Calibrate on the team (in a temporary folder, removed afterwards) and find its best
    effort in worlds drawn from that posterior, one run per effort and world with the same seed
    at every effort of a world."""
    # Here, not at the top: the calibration brings pyabc with SQLAlchemy, scikit-learn and Dask,
    # about a second of the server's start (6.5 s) that a page without a team file never uses.
    from experiments.calibrate.abc import calibrate_team
    from experiments.calibrate.report import posterior_frame

    started = time.monotonic()
    report = progress or (lambda _: None)
    population, generations = budget
    with tempfile.TemporaryDirectory(prefix="rapport-calibration-") as folder:
        run = calibrate_team(
            team,
            folder,
            population=population,
            generations=generations,
            seed=TEAM_SEED,
            report=lambda f: report(CALIBRATION_SHARE * f),
        )
        posterior = posterior_frame(run.history, run.problem.names)
    scenario = validate_scenario(team_scenario(team), source=team.name)
    band = worlds_band(
        scenario,
        TEAM_WORLDS,
        TEAM_EFFORTS,
        posterior=posterior,
        team=True,
        progress=lambda f: report(CALIBRATION_SHARE + (1 - CALIBRATION_SHARE) * f),
    )
    return TeamAnswer(
        team, posterior, scenario, band, population, generations, time.monotonic() - started
    )


def team_summary(team: Team, lang: str) -> str:
    """The file read: reps, weeks and its columns ("12 reps over 12 weeks")."""
    return t(
        "team.summary",
        lang,
        name=html.escape(team.name),  # the uploaded file's name, as the user's computer had it
        reps=i18n.count("rep", len(team.reps), lang),
        weeks=i18n.count("week", team.weeks, lang),
        columns=", ".join(team.columns),
    )


class TeamDropZone(FileDropZone):
    """solara's drop zone with a file chooser beside it (``team_drop.vue``)."""

    template_file = (__file__, "team_drop.vue")
    choose = traitlets.Unicode("").tag(sync=True)  # the chooser button's text


@solara.component
def TeamDrop(label: str, choose: str, on_file: Callable[[dict], None]):
    """A drop zone that also offers a file chooser; ``on_file`` gets solara's lazy FileInfo
    (name, size, file_obj), in a thread, as ``solara.FileDrop`` gives it.

    Why not ``solara.FileDrop`` itself: it takes drops only, which keyboard users cannot make.
    The wiring below is solara's (``solara.components.file_drop._FileDrop``) for one file.
    """
    info, set_info = solara.use_state(None)
    wired, set_wired = solara.use_state(None)
    zone = TeamDropZone.element(label=label, choose=choose, on_file_info=set_info, multiple=False)

    def wire() -> None:
        if not info:
            return
        widget = solara.get_widget(zone)
        widget.version += 1  # solara's workaround: observers are cleared on a new file
        widget.reset_stats()
        set_wired(widget.get_files())

    solara.use_effect(wire, [info])

    failed = solara.use_reactive(None)
    in_page = PageChange()

    def hand_over(stop: threading.Event) -> None:
        if not wired:
            return
        try:
            on_file(wired[0])
        except Exception as error:  # shown as the page's error, as solara's use_thread did
            with in_page:
                failed.set(error)

    use_page_thread(hand_over, [wired])
    if failed.value is not None:
        raise failed.value
    return zone


def generations_text(count: int, lang: str) -> str:
    """ "1 generation", "3 generations" in ``lang``."""
    return t("team.generations.one" if count == 1 else "team.generations", lang, count=count)


def progress_text(fraction: float, generations: int, lang: str) -> str:
    """Which ABC generation runs (or that the worlds are drawn), and the share done."""
    percent = round(fraction * 100)
    if fraction >= CALIBRATION_SHARE:
        return t("team.running.worlds", lang, count=TEAM_WORLDS, percent=percent)
    generation = min(int(fraction / CALIBRATION_SHARE * generations) + 1, generations)
    return t("team.running", lang, generation=generation, generations=generations, percent=percent)


# At most this many generations' ends are read out (with many generations, each quarter's).
GENERATIONS_SAID = 4


def generations_said(fraction: float, generations: int) -> int:
    """The last generation whose end is read out once ``fraction`` of the job is done: each
    one, or of more than ``GENERATIONS_SAID`` only every quarter's and the last, so that a
    screen reader is not kept talking (0: none is done yet)."""
    # a generation's end is reported as an exact fraction, which the division may miss by a hair
    done = min(int(fraction / CALIBRATION_SHARE * generations + 1e-9), generations)
    if done == generations:
        return done
    every = math.ceil(generations / GENERATIONS_SAID)
    return done - done % every


def calibration_moment(job: Job, generations: int) -> tuple[str, int] | None:
    """Where the calibration stands, as it is read out: ``job_moment``, and while it runs the
    last generation said done (``generations_said``); None before a file was calibrated."""
    moment = job_moment(job)
    if moment is None:
        return None
    return moment, generations_said(job.progress, generations) if moment == "running" else 0


def team_peak(band: WorldsBand) -> dict[str, float]:
    """The team's best effort over its worlds: the range (low, high) and its median."""
    low, high = band.peak_range
    return {"low": low, "high": high, "median": float(pd.Series(band.peaks).median())}


def calibration_announcement(
    moment: tuple[str, int], budget: tuple[int, int], done: TeamAnswer | None, lang: str
) -> str:
    """What the page's live region says at ``moment`` (``calibration_moment``) of a
    calibration on ``budget`` (particles, generations): its start, a generation done, the
    worlds begun, the answer (``done``), a cancel or an error."""
    kind, generation = moment
    population, generations = budget
    if kind == "running" and generation == 0:
        return t(
            "announce.team.started",
            lang,
            population=population,
            generations=generations_text(generations, lang),
        )
    if kind == "running" and generation < generations:
        return t("announce.team.generation", lang, done=generation, generations=generations)
    if kind == "running":
        return t("announce.team.worlds", lang, count=TEAM_WORLDS)
    if kind == "cancelled":
        return t("team.cancelled", lang)
    if kind == "answered" and done is not None:
        return t("announce.team.done", lang, **team_peak(done.band))
    return t("announce.team.failed", lang)


@solara.component
def TeamPanel(
    answer: solara.Reactive[TeamAnswer | None],
    lang: str,
    said: solara.Reactive[Message] | None = None,
):
    """Upload a team file; read it strictly; calibrate and answer in the background.

    ``answer`` is the session's calibrated team (None until one is done): the plausible-worlds
    choice of the effort curve and Compare offers "your team" while it is set. ``said``: the
    page's live region for the calibration (``LiveRegion``), told of its start, each
    generation done (``generations_said``), the answer, a cancel or an error.
    """
    uploaded = solara.use_reactive(None)  # the Team read
    problem = solara.use_reactive(None)  # the reader's one line
    running_budget = solara.use_reactive(DEFAULT_BUDGET)

    def compute(asked: tuple[Team, tuple[int, int]], report) -> TeamAnswer:
        return answer_team(*asked, progress=report)

    in_page = PageChange()
    # The team is offered as worlds with the job's end, in its render, and never once cancelled.
    job = use_job(compute, on_answer=answer.set)
    moment = calibration_moment(job, running_budget.value[1])
    use_announcement(
        said,
        moment,
        lambda: calibration_announcement(moment, running_budget.value, answer.value, lang),
        lang,
    )

    def on_file(file: dict) -> None:
        # Called in TeamDrop's thread: it reads the file from the browser without the page's
        # lock (the reading takes messages), then changes the page holding it.
        try:
            team = read_upload(file["name"], int(file["size"]), file["file_obj"].read)
            budget = team_budget()
        except (TeamError, ConfigError) as error:
            with in_page:
                problem.set(str(error))
                uploaded.set(None)
            return
        with in_page:
            problem.set(None)
            uploaded.set(team)
            answer.set(None)  # the worlds of an earlier file are not this team's
            running_budget.set(budget)
            job.start((team, budget))

    try:
        population, generations = team_budget()
        intro = t(
            "team.intro",
            lang,
            population=population,
            generations=generations_text(generations, lang),
            mb=MAX_BYTES // 1_000_000,
        )
    except ConfigError as error:
        intro = str(error)
    solara.HTML(tag="div", unsafe_innerHTML=intro, classes=[css.NOTE])
    DownloadButton(
        EXAMPLE_TEAM.read_bytes,
        EXAMPLE_TEAM.name,
        t("download.team_example", lang),
        css.DOWNLOAD_TEAM_EXAMPLE,
        "text/csv",
    )
    with solara.Div(classes=[css.TEAM_DROP]):
        TeamDrop(t("team.drop", lang), t("team.choose", lang), on_file)
    if problem.value:
        # kept as the reader wrote it, shown in the page's language (as text: it quotes the file)
        solara.Error(team_problem(problem.value, lang), classes=[css.TEAM_ERROR])
    if uploaded.value is not None:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=team_summary(uploaded.value, lang),
            classes=[css.NOTE, css.TEAM_SUMMARY],
        )
    JobProgress(
        job,
        progress_text(job.progress, running_budget.value[1], lang),
        t("team.cancelled", lang),
        css.TEAM_JOB,
        lang,
    )
    JobErrors([job.error], lang)
    done = answer.value
    if done is not None and not job.running and not job.cancelled:
        band = done.band
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t(
                "team.sentence",
                lang,
                **team_peak(band),
                share_of=share_phrase(band.worlds, lang, "share.of"),
                population=done.population,
                generations=generations_text(done.generations, lang),
                seconds=done.seconds,
                name=html.escape(done.team.name),
            ),
            classes=[css.SENTENCE, css.TEAM_SENTENCE],
        )
