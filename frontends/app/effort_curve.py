"""The Effort curve tab: final relationship quality over effort, per empathy level."""

from __future__ import annotations

import pandas as pd
import solara

from experiments.worlds import share_phrase
from frontends.app import charts, css
from frontends.app.data import (
    CURVE_EFFORTS,
    chosen_source,
    default_source,
    effort_curve,
    effort_curve_plan,
    scenario_from,
    worlds_band,
    worlds_posterior,
)
from frontends.app.i18n import after_weeks, effort_curve_labels, format_number, t
from frontends.app.jobs import progress_moment, use_job
from frontends.app.sentences import (
    curve_announcement,
    curve_sentences,
    curve_worlds_announcement,
    worlds_announcement,
)
from frontends.app.widgets import (
    Blocked,
    Chart,
    DownloadButton,
    JobErrors,
    Message,
    Opaque,
    WorldsChoice,
    WorldsProgress,
    use_announcement,
)
from sim.params import PARAMS, ConfigError

WORLDS = 8  # plausible worlds of the band: 12 efforts x 8 runs, a few seconds


@solara.component
def EffortCurvePanel(
    values: solara.Reactive[dict],
    lang: str,
    source: solara.Reactive[str] | None = None,
    team_posterior: pd.DataFrame | None = None,
    said: solara.Reactive[Message] | None = None,
    said_curve: solara.Reactive[Message] | None = None,
):
    """The effort curve, computed in a background thread with progress, and its PNG.

    ``source`` is the session's choice of plausible worlds (prior, calibrated, team; the page
    shares it with Compare), ``team_posterior`` the session's calibrated team, if any.
    ``said``: the page's live region for the plausible worlds (``LiveRegion``), told of their
    start, a long job's quarters, the answer, a cancel or an error; ``said_curve`` the same for
    the curve itself, whose answer is the sentences under its chart.
    """
    replications = solara.use_reactive(4)
    own_source = solara.use_reactive(default_source())
    source = source if source is not None else own_source
    chosen = chosen_source(source.value, team_posterior is not None)
    job = use_job(lambda asked, report: effort_curve(*asked, progress=report))
    # The plausible-worlds band: its own background job, cancelled by its button, when asked
    # again or when the page goes away. Asked: (settings, worlds, source, its particles).
    worlds = use_job(
        lambda asked, report: worlds_band(asked[0], asked[1], posterior=asked[3], progress=report)
    )
    running = job.running
    try:
        scenario, problem = scenario_from(values.value), None
    except ConfigError as error:
        scenario, problem = None, str(error)

    def band_shown() -> bool:  # as below: a band only beside the settings and source drawn for
        _, (band_for, _, band_source, _) = worlds.answer
        return band_for == scenario and band_source == chosen

    curve_moment = progress_moment(job)
    use_announcement(
        said_curve,
        curve_moment,
        lambda: curve_announcement(
            curve_moment,
            # as just asked: every effort at each line's empathy, each replication
            len(CURVE_EFFORTS) * len(effort_curve_plan(scenario)[1]) * replications.value
            if scenario is not None
            else 0,
            lang,
            lambda: (job.answer[0], job.answer[1][0] == scenario),
        ),
        lang,
    )
    worlds_moment = progress_moment(worlds)
    use_announcement(
        said,
        worlds_moment,
        lambda: worlds_announcement(
            "curve",
            worlds_moment,
            WORLDS,
            lang,
            lambda: curve_worlds_announcement(worlds.answer[0], band_shown(), lang),
            worlds.error,
        ),
        lang,
    )

    def start():
        # The settings as they are now, not as they were when this button was last drawn.
        try:
            job.start((scenario_from(values.value), replications.value))
        except ConfigError:
            return

    reps = replications.value
    weeks = scenario.simulation.weeks if scenario else PARAMS["simulation.weeks"].default
    # the lines drawn: a team already at the low or high level has that line as its current one
    drawn = set(effort_curve_plan(scenario)[1]) if scenario else {"low", "current", "high"}
    lines = "all" if {"low", "high"} <= drawn else ("high" if "low" in drawn else "low")
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t(
            "curve.intro",
            lang,
            levels=t(f"curve.levels.{lines}", lang),
            after=after_weeks(weeks, lang),
            reps=reps,
            low=format_number(min(CURVE_EFFORTS), lang),
            high=format_number(max(CURVE_EFFORTS), lang),
        ),
        classes=[css.NOTE, css.CURVE_INTRO],
    )
    if scenario is not None and scenario.reps.profiles:
        solara.HTML(tag="div", unsafe_innerHTML=t("curve.profiles", lang), classes=[css.NOTE])
    with solara.Row(gap="12px", style="align-items: center; flex-wrap: wrap; row-gap: 10px;"):
        solara.Button(
            t("curve.run", lang),
            on_click=start,
            disabled=scenario is None or running,
            color="primary",
            classes=[css.EFFORT_CURVE],
        )
        solara.ToggleButtonsSingle(value=replications, values=[2, 4, 8, 16])
        solara.Text(t("curve.replications", lang))

        def start_worlds():
            if job.answer is None:  # no curve to draw them around (the button says so)
                return
            try:
                scenario_now = scenario_from(values.value)
            except ConfigError:
                return
            worlds.start((scenario_now, WORLDS, chosen, worlds_posterior(chosen, team_posterior)))

        # The band is drawn around a curve: without one it would show nothing.
        curve_first = job.answer is None
        solara.Button(
            t("curve.worlds.run", lang),
            on_click=start_worlds,
            disabled=scenario is None or worlds.running or curve_first,
            classes=[css.CURVE_WORLDS],
        )
    if curve_first:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t("curve.worlds.first", lang),
            classes=[css.NOTE, css.CURVE_WORLDS_FIRST],
        )
    WorldsChoice(source, team_posterior is not None, lang)
    Blocked(problem, lang)
    if running:
        solara.ProgressLinear(job.progress * 100, classes=[css.CURVE_PROGRESS])
        solara.Text(t("curve.running", lang, percent=round(job.progress * 100)))
    WorldsProgress(worlds, WORLDS, css.CURVE_WORLDS_JOB, lang)
    JobErrors([job.error, worlds.error], lang)
    if job.answer is not None and not running:
        curve, (used, _) = job.answer
        solara.HTML(tag="div", unsafe_innerHTML=t("curve.done", lang), classes=[css.CURVE_DONE])
        if used != scenario:
            solara.Warning(t("curve.stale", lang), dense=True)
        band, band_source = None, chosen
        if worlds.answer is not None and not worlds.running and not worlds.cancelled:
            band, (_, _, band_source, _) = worlds.answer
            if not band_shown():
                band = None  # drawn for other settings or worlds: not shown beside this curve
        Chart(Opaque(charts.effort_curve_option(curve, lang, band)), css.CHART_CURVE, 460)
        for sentence in curve_sentences(curve, lang):
            solara.HTML(tag="div", unsafe_innerHTML=sentence, classes=[css.SENTENCE])
        if band is not None:
            said = t(
                "curve.worlds.sentence",
                lang,
                count=band.worlds,
                share=share_phrase(band.worlds, lang),
                source=t(f"worlds.source.{band_source}", lang),
                low=band.peak_range[0],
                high=band.peak_range[1],
            )
            # The band belongs to the curve beside it (the sidebar's team, made homogeneous),
            # not to the uploaded team's own reps, which the Your team tab answers for.
            if band_source == "team":
                said += " " + t("curve.worlds.team", lang)
            solara.HTML(
                tag="div",
                unsafe_innerHTML=said,
                classes=[css.SENTENCE, css.CURVE_WORLDS_SENTENCE],
            )

        def png_curve():
            # matplotlib loads at the first export, not at the app's start
            from sim.plots import effort_curve_figure, png_bytes

            labels = effort_curve_labels(curve.levels, curve.turning_points, curve.weeks, lang)
            shown = None
            if band is not None:  # as on the page
                labels["band"] = t("curve.worlds.band", lang, count=band.worlds)
                shown = (band.efforts, band.low, band.high)
            figure = effort_curve_figure(
                curve.efforts,
                curve.means,
                curve.turning_points,
                curve.current_effort,
                labels=labels,
                band=shown,
            )
            return png_bytes(figure)

        DownloadButton(
            png_curve,
            "rapport-effort-curve.png",
            t("download.curve_png", lang),
            css.DOWNLOAD_CURVE_PNG,
        )
