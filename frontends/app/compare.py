"""The Compare tab: pin a baseline, run a what-if with the same seeds, state the difference."""

from __future__ import annotations

import html

import pandas as pd
import solara

from frontends.app import charts, css, i18n
from frontends.app.data import (
    OUTCOMES,
    CompareWorlds,
    Comparison,
    Plan,
    chosen_source,
    compare,
    compare_worlds,
    compared_weeks,
    default_source,
    differing_settings,
    scenario_from,
    shorter_plan,
    worlds_posterior,
)
from frontends.app.i18n import figure_labels, t
from frontends.app.jobs import job_moment, progress_moment, use_job
from frontends.app.sentences import (
    compare_worlds_announcement,
    comparison_announcement,
    comparison_sentence,
    describe_plan,
    format_outcome,
    judged,
    late_notes,
    shown_differences_add_up,
    worlds_announcement,
    worlds_sentence,
)
from frontends.app.session import Session
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
from sim.params import ConfigError

# Plausible worlds beside the what-if, each with paired runs: 32 x 2 x 2 plans run as batched
# worlds in about the time of a 16-replication what-if.
WORLDS, WORLD_REPLICATIONS = 32, 2


@solara.component
def ComparePanel(
    session: Session,
    values: solara.Reactive[dict],
    lang: str,
    source: solara.Reactive[str] | None = None,
    team_posterior: pd.DataFrame | None = None,
    said: solara.Reactive[Message] | None = None,
    said_worlds: solara.Reactive[Message] | None = None,
):
    """Pin a baseline, run a what-if with the same seeds, show the paired difference.

    ``source`` and ``team_posterior``: the session's plausible worlds, as in the effort curve.
    ``said``: the page's live region for Compare (``LiveRegion``), told when the what-if starts,
    and its answer or error when it arrives; ``said_worlds``: the one for its plausible worlds,
    told of their start, a long job's quarters, the answer, a cancel or an error.
    """
    own_source = solara.use_reactive(default_source())
    source = source if source is not None else own_source
    chosen = chosen_source(source.value, team_posterior is not None)
    baseline = solara.use_reactive(None)  # (Plan, week pinned)
    replications = solara.use_reactive(8)
    job = use_job(lambda asked, report: compare(*asked, progress=report))
    # The plausible-worlds band: its own background job, cancelled by its button, when asked
    # again or when the page goes away.
    # Asked: (baseline, what-if, source, its particles).
    worlds = use_job(
        lambda asked, report: compare_worlds(
            asked[0],
            asked[1],
            worlds=WORLDS,
            replications=WORLD_REPLICATIONS,
            posterior=asked[3],
            progress=report,
        )
    )
    running = job.running
    moment = job_moment(job)

    def announcement() -> str:
        if moment == "running":
            return t("announce.compare.running", lang, reps=replications.value)
        if moment == "failed":
            return t("announce.compare.failed", lang)
        return comparison_announcement(job.answer[0], lang)

    use_announcement(said, moment, announcement, lang)

    def pin():
        with session.lock:
            baseline.set((Plan.of(session.model), session.model.week))
        job.clear()

    def whatif_plan() -> Plan | None:
        # The settings the server holds now, never a copy from the last render.
        return session.plan_with(values.value)

    try:
        scenario_from(values.value)
        problem = None
    except ConfigError as error:
        problem = str(error)

    def band_stale() -> bool:  # drawn for other plans or another source than shown now
        _, (band_base, band_whatif, band_source, _) = worlds.answer
        pinned = baseline.value[0] if baseline.value is not None else None
        return pinned != band_base or whatif_plan() != band_whatif or band_source != chosen

    def worlds_answered() -> str:
        band, (_, _, band_source, _) = worlds.answer
        return compare_worlds_announcement(band, lang, band_source, band_stale())

    worlds_moment = progress_moment(worlds)
    use_announcement(
        said_worlds,
        worlds_moment,
        lambda: worlds_announcement(
            "compare", worlds_moment, WORLDS, lang, worlds_answered, worlds.error
        ),
        lang,
    )

    def start():
        plan = whatif_plan()
        if baseline.value is None or plan is None:
            return
        job.start((baseline.value[0], plan, replications.value))

    def start_worlds():
        plan = whatif_plan()
        if baseline.value is None or plan is None:
            return
        worlds.start((baseline.value[0], plan, chosen, worlds_posterior(chosen, team_posterior)))

    seed = session.scenario.simulation.seed
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t("compare.intro", lang, seed=seed, last=seed + replications.value - 1),
        classes=[css.NOTE],
    )
    with solara.Row(gap="12px", style="align-items: center; flex-wrap: wrap; row-gap: 10px;"):
        solara.Button(t("compare.pin", lang), on_click=pin, outlined=True, classes=[css.PIN])
        solara.Button(
            t("compare.run", lang),
            on_click=start,
            disabled=baseline.value is None or running or problem is not None,
            color="primary",
            classes=[css.COMPARE],
        )
        # the count and its word as one unit: wrapped apart, "Wiederholungen" read as the label
        # of the button after it
        with solara.Row(gap="8px", style="align-items: center; flex-wrap: nowrap;"):
            solara.ToggleButtonsSingle(value=replications, values=[4, 8, 16, 32])
            solara.Text(t("compare.replications", lang))
        solara.Button(
            t("compare.worlds.run", lang),
            on_click=start_worlds,
            disabled=baseline.value is None or worlds.running or problem is not None,
            classes=[css.COMPARE_WORLDS],
        )
    WorldsChoice(source, team_posterior is not None, lang)
    Blocked(problem, lang)
    if baseline.value is None:
        solara.HTML(tag="div", unsafe_innerHTML=t("compare.none", lang), classes=[css.NOTE])
    else:
        plan, week = baseline.value
        summary = describe_plan(plan, lang)
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t("compare.pinned", lang, week=week, summary=summary),
            classes=[css.NOTE],
        )
    if running:
        solara.ProgressLinear(job.progress * 100, classes=[css.COMPARE_PROGRESS])
    WorldsProgress(worlds, WORLDS, css.COMPARE_WORLDS_JOB, lang)
    JobErrors([job.error, worlds.error], lang)
    band, band_source, band_plans = None, chosen, None
    if worlds.answer is not None and not worlds.running and not worlds.cancelled:
        band, (band_base, band_whatif, band_source, _) = worlds.answer
        band_plans = (band_base, band_whatif)
        if band_stale():
            solara.Warning(
                t("compare.worlds.stale", lang), dense=True, classes=[css.COMPARE_WORLDS_STALE]
            )
    answered = job.answer is not None and not running
    if band is not None and not answered:
        WorldsSentence(band, lang, band_source)
    if answered:
        comparison: Comparison = job.answer[0]
        asked_base, asked_whatif, _ = job.answer[1]
        pinned = baseline.value[0] if baseline.value is not None else None
        if pinned != asked_base or whatif_plan() != asked_whatif:
            solara.Warning(t("compare.stale", lang), dense=True, classes=[css.COMPARE_STALE])
        base_plan, whatif = comparison.plans
        # Effort and empathy always; besides them what the two differ in (coaching, hiring, …).
        differing = differing_settings(base_plan, whatif)
        used = t(
            "compare.used",
            lang,
            baseline=describe_plan(base_plan, lang, differing),
            whatif=describe_plan(whatif, lang, differing),
        )
        solara.HTML(
            tag="div",
            # the settings name the team's profiles: user text, shown as text
            unsafe_innerHTML=f"{comparison_sentence(comparison, lang)}"
            f'<div class="{css.COMPARE_SETTINGS} {css.NOTE}">{html.escape(used)}</div>',
            classes=[css.COMPARE_SENTENCE, css.SENTENCE],
        )
        if band is not None:  # how sure the answer is, right below the answer
            WorldsSentence(band, lang, band_source)
        # A plan whose coaching or hiring starts after the weeks compared: said per plan, as
        # the command line says it of a run.
        for role, plan in (("baseline", base_plan), ("whatif", whatif)):
            for note in late_notes(plan.scenario, lang, comparison.weeks[-1]):
                solara.Warning(
                    t(f"compare.late.{role}", lang, note=note),
                    dense=True,
                    classes=[css.COMPARE_LATE],
                )
        shorter = shorter_plan(base_plan, whatif)
        if shorter is not None:
            role, short = shorter
            solara.HTML(
                tag="div",
                unsafe_innerHTML=t(
                    f"compare.horizon.{role}",
                    lang,
                    weeks=compared_weeks(base_plan, whatif),
                    length=i18n.count("week", short, lang),
                    short=short,
                ),
                classes=[css.NOTE, css.COMPARE_HORIZON],
            )
        ComparisonTable(comparison, lang)
        Chart(Opaque(charts.comparison_option(comparison, lang, band)), css.CHART_COMPARE, 520)

        def png_compare():
            c = comparison
            labels = figure_labels("comparison", lang, reps=c.replications)
            shown = None
            # as on the page, but only the worlds of these very plans: a downloaded figure
            # carries no warning that its band is of other settings
            if (
                band is not None
                and band.weeks == c.weeks
                and band_plans == (asked_base, asked_whatif)
            ):
                labels["worlds"] = t("compare.worlds.band", lang, count=band.worlds)
                shown = (band.low, band.high)
            # matplotlib loads at the first export, not at the app's start
            from sim.plots import comparison_figure, png_bytes

            figure = comparison_figure(
                c.weeks, c.baseline, c.whatif, c.difference, c.low, c.high, labels=labels,
                worlds=shown,
            )  # fmt: skip
            return png_bytes(figure)

        DownloadButton(
            png_compare,
            "rapport-compare.png",
            t("download.compare_png", lang),
            css.DOWNLOAD_COMPARE_PNG,
        )


@solara.component
def WorldsSentence(band: CompareWorlds, lang: str, source: str = "prior"):
    """How sure the comparison is over plausible worlds (from ``source``)."""
    solara.HTML(
        tag="div",
        unsafe_innerHTML=worlds_sentence(band, lang, source),
        classes=[css.SENTENCE, css.COMPARE_WORLDS_SENTENCE],
    )


def number(text: str) -> str:
    """An amount in a table cell, kept on one line (``css.NUMBER``)."""
    return f'<span class="{css.NUMBER}">{text}</span>'


@solara.component
def ComparisonTable(comparison: Comparison, lang: str):
    """Each outcome over the weeks from the change on: baseline, what-if, paired difference."""
    head = [
        t("compare.table.outcome", lang, start=comparison.start, weeks=comparison.weeks[-1]),
        t("compare.baseline", lang).capitalize(),
        t("compare.whatif", lang).capitalize(),
        t("compare.table.difference", lang),
    ]
    rows = []
    for name in OUTCOMES:
        paired = comparison.totals[name]
        # An amount never breaks inside ("2,58 Mio. €"); a narrow column breaks between them.
        cells = [
            t(f"outcome.{name}", lang),
            number(format_outcome(name, paired.baseline, lang)),
            number(format_outcome(name, paired.whatif, lang)),
            judged(name, paired, lang, number),
        ]
        rows.append(
            f'<tr data-outcome="{name}">' + "".join(f"<td>{c}</td>" for c in cells) + "</tr>"
        )
    heads = "".join(f"<th>{h}</th>" for h in head)
    solara.HTML(
        tag="table",
        unsafe_innerHTML=f"<tr>{heads}</tr>{''.join(rows)}",
        classes=[css.COMPARE_TABLE, css.TABLE],
    )
    if not all(shown_differences_add_up(n, comparison.totals[n]) for n in OUTCOMES):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t("compare.table.rounding", lang),
            classes=[css.NOTE, css.COMPARE_ROUNDING],
        )
