"""The Live tab: the week and notes, the charts of the current run, and its downloads."""

from __future__ import annotations

import dataclasses
import functools
import json

import reacton.ipyvuetify as rv
import solara

from frontends.app import charts, css
from frontends.app.data import (
    FALL,
    RECENT_CHURN_WEEKS,
    Against,
    Monitors,
    Plan,
    balanced_difference,
    comparison,
    monitors,
    portfolio,
    recovered,
    render_every,
    rep_relationships,
    reps_csv,
    run_scenario,
    settings_yaml,
    team_series,
    weekly_csv,
)
from frontends.app.i18n import figure_labels, format_number, param_label, profile_name, t
from frontends.app.sentences import (
    changes_by_week,
    describe_interventions,
    format_euros,
    late_notes,
)
from frontends.app.session import Session
from frontends.app.widgets import Chart, DownloadButton, Opaque, presenting_context


@solara.component
def RunStatus(
    session: Session, lang: str, tick: int, problem: str | None, pending: list[str]
) -> None:
    """Notes about the run in a box of fixed height, so that they never push the charts down.

    ``problem``: why the settings are not applied (Reset is disabled then); ``pending``: settings
    that apply on Reset (not shown while Reset is disabled). ``tick`` changes with the model.
    """
    presenting = solara.use_context(presenting_context)
    with session.lock:
        ivs = session.model.interventions
        by_week = changes_by_week([iv.week for iv in ivs], [iv.changes for iv in ivs])
        finished = session.finished
        week = session.model.week
        k = render_every(session.scenario)
        late = late_notes(session.scenario, lang)
    notes: list[tuple[str, str]] = []  # (text, class)
    if week == 0 and not problem:
        # presenting, the settings are hidden: the hint does not send anyone there
        notes.append((t("hint.first.presenting" if presenting else "hint.first", lang), css.HINT))
    if problem:
        notes.append((t("invalid", lang, message=problem), f"{css.INVALID} error--text"))
    elif pending:
        names = ", ".join(param_label(n, lang) for n in pending)
        notes.append((t("pending", lang, names=names), f"{css.PENDING} warning--text"))
    notes += [(note, f"{css.LATE} warning--text") for note in late]
    # Presenting, the relationship chart marks and names a change at its week; a note here
    # would stay for the rest of the run, over the chart (css: notes float while presenting).
    if by_week and not presenting:
        notes.append((describe_interventions(by_week, lang), "info--text"))
    # Presenting, the end shows in the week ("52 of 52") and the disabled Play; the note points
    # to the takeaway, which lies under the chart, below the projector's first screen (notes
    # float in a strip the chart leaves free, so it moves nothing).
    if finished:
        notes.append(
            (t("takeaway.below", lang), css.TAKEAWAY_BELOW)
            if presenting
            else (t("finished", lang), "success--text")
        )
    if k > 1:
        notes.append((t("render_every", lang, k=k), css.RENDER_EVERY))
    rv.Html(
        tag="div",
        class_=css.STATUS,
        # read out when it changes (a refused setting, a finished run), not the week's counter
        attributes={"role": "status"},
        children=[rv.Html(tag="div", children=[text], class_=classes) for text, classes in notes],
    )


@solara.component
def LiveView(session: Session, lang: str, tick: int):
    """The charts of the current run, the series hook and the exports.

    ``tick`` changes whenever the model does, so the view renders again.
    """
    with session.lock:
        model = session.model
        series = team_series(model)
        reps = rep_relationships(model)
        cells = portfolio(model)
        total_weeks = session.scenario.simulation.weeks
        n_reps = session.scenario.reps.count
        finished = session.finished
        run = (Plan.of(model), model.seed, model.week)
        against = comparison(run[0].scenario)
        # the first week after which settings were changed (the chart's first dashed line)
        changed_from = min((iv.week for iv in model.interventions), default=None)
    rv.Html(
        tag="div",
        children=[json.dumps(series)],
        class_=css.SERIES,
        style_="display: none",
    )
    # At the end, the run against the balanced plan (one more run, computed once per run).
    balanced = solara.use_memo(
        lambda: balanced_difference(*run, series) if finished else None, [finished, run]
    )
    shown = monitors(series)
    MonitorsView(shown, lang)
    Chart(
        Opaque(charts.relationship_option(series, reps, total_weeks, lang)),
        css.CHART_RELATIONSHIP,
        css.RELATIONSHIP_HEIGHT,
    )
    Takeaway(shown, finished, balanced, lang, changed_from, against)
    # In a box of the chart's width, which the page's CSS sizes the chart's height by.
    with solara.Div(classes=[css.CHART_BOX]):
        Chart(Opaque(charts.outcomes_option(series, total_weeks, lang)), css.CHART_OUTCOMES, 280)
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t("chart.portfolio", lang),
        classes=[css.GROUP_TITLE],
        attributes=css.HEADING,
    )
    rows = len(cells.reps)
    Chart(
        Opaque(charts.portfolio_option(cells, lang)),
        css.CHART_PORTFOLIO,
        max(200, 22 * rows + 70),
    )
    legend = t("portfolio.legend", lang, weeks=RECENT_CHURN_WEEKS)
    if rows < n_reps:
        legend += " " + t("portfolio.subset", lang, reps=rows, total=n_reps)
    solara.HTML(tag="div", unsafe_innerHTML=legend, classes=[css.NOTE])
    Exports(session, lang)


def monitor_cells(m: Monitors, lang: str) -> list[tuple[str, str, str]]:
    """The monitors as (hook name, label, value) in ``lang``."""
    if m.lead is None:
        lead = "–"
    elif m.lead == 0:
        lead = t("monitor.lead.same", lang)
    else:
        first = "relationships" if m.lead > 0 else "revenue"
        n = abs(m.lead)
        lead = t(f"monitor.lead.{first}" + (".one" if n == 1 else ""), lang, n=n)
    return [
        ("quality", t("monitor.quality", lang), format_number(m.quality, lang, 2)),
        (
            "peak",
            t("monitor.peak", lang),
            t("monitor.peak_value", lang, peak=format_number(m.peak, lang, 2), week=m.peak_week),
        ),
        ("revenue", t("monitor.revenue", lang), format_euros(m.revenue, lang)),
        ("churned", t("monitor.churned", lang), format_number(m.churned, lang)),
        (
            "wasted_hours",
            t("monitor.wasted_hours", lang),
            format_number(round(m.wasted_hours), lang) + " h",
        ),
        ("lead", t("monitor.lead", lang), lead),
    ]


def takeaway(
    m: Monitors,
    lang: str,
    balanced: Against | None = None,
    changed_from: int | None = None,
) -> str:
    """The run in one sentence, e.g. "Relationship quality peaked at week 3 (0.62) and fell to
    0.22 by week 52; 1004 customers lost, € 2.60 M revenue, 31336 hours wasted.", and, given
    ``balanced`` (see ``balanced_difference``), how it compares with the balanced plan.

    ``changed_from``: the first week after which the user changed settings during the run (the
    tick of the chart's first dashed line). A recovery after such a change is told with the
    change, not put down to new customers taking the lost ones' places, which is why a run left
    alone recovers."""
    fell_from_peak = m.quality <= (1 - FALL) * m.peak
    if m.high_week == m.peak_week and recovered(m):  # the deepest fall came from the peak
        key = "takeaway.recovered" if changed_from is None else "takeaway.recovered.changed"
    elif m.high_week != m.peak_week and recovered(m) and not fell_from_peak:
        key = "takeaway.surpassed"  # an early fall, then above that early high (a programme)
    elif fell_from_peak:  # (a fall of FALL from a high is one from the peak, the higher)
        key = "takeaway.fell"  # from the run's peak, which a later rise may have set
        m = dataclasses.replace(m, high=m.peak, high_week=m.peak_week)
    else:
        key = "takeaway.held" if m.peak_week < m.week else "takeaway.rose"
    against = "" if balanced is None else " " + _against(balanced, lang)
    return _sentence(m, key, lang, changed_from) + against


def _against(balanced: Against, lang: str) -> str:
    key = "takeaway.balanced" if balanced.pushed_to is None else "takeaway.balanced.pressure"
    return t(
        key,
        lang,
        effort=format_number(balanced.effort, lang),
        pushed_to=format_number(round(balanced.pushed_to or 0), lang),
        revenue=format_euros(balanced.revenue, lang, signed=True),
        churned=("+" if balanced.churned > 0 else "") + format_number(balanced.churned, lang),
    )


def _sentence(m: Monitors, key: str, lang: str, changed_from: int | None = None) -> str:
    return t(
        key,
        lang,
        change_week=changed_from,
        peak=format_number(m.peak, lang, 2),
        peak_week=m.peak_week,
        high=format_number(m.high, lang, 2),
        high_week=m.high_week,
        low=format_number(m.low, lang, 2),
        low_week=m.low_week,
        now=format_number(m.quality, lang, 2),
        week=m.week,
        lost=_lost(m.churned, key, lang),
        revenue=format_euros(m.revenue, lang),
        wasted=format_number(round(m.wasted_hours), lang),
    )


def _lost(churned: int, key: str, lang: str) -> str:
    """The customers lost, as the sentence ``key`` tells them: "1 customer lost", "2 customers
    lost" (a recovery tells them with the new customers who took their places)."""
    phrase = "takeaway.replaced" if key == "takeaway.recovered" else "takeaway.lost"
    if churned == 1:
        return t(f"{phrase}.one", lang)
    return t(phrase, lang, n=format_number(churned, lang))


# The widest numbers a takeaway can hold (a long run of the largest model the app shows).
WIDEST = Monitors(
    week=9999,
    quality=0.88,
    peak=0.88,
    peak_week=9999,
    high=0.88,
    high_week=9999,
    low=0.88,
    low_week=9999,
    revenue=-888_888,
    churned=8_888_888,
    wasted_hours=8_888_888,
    lead=None,
)


@functools.cache  # drawn every played week; it depends on the language and comparison only
def widest_takeaway(lang: str, against: str = "pressure") -> str:
    """A takeaway at least as long as any run's in ``lang`` that ends with the comparison
    ``against`` (``data.comparison``): the room its line keeps."""
    keys = (
        "takeaway.fell",
        "takeaway.held",
        "takeaway.rose",
        "takeaway.recovered",
        "takeaway.recovered.changed",
        "takeaway.surpassed",
    )
    longest = max((_sentence(WIDEST, key, lang, 9999) for key in keys), key=len)
    if against == "none":
        return longest
    pushed = {"plain": None, "pressure": 88.8}[against]
    return f"{longest} {_against(Against(88.8, -888_888, 8_888_888, pushed), lang)}"


@solara.component
def MonitorsView(m: Monitors, lang: str):
    """Monitors of the run so far (as NetLogo's)."""
    cells = "".join(
        f'<div class="{css.MONITOR}" data-monitor="{name}">'
        f'<div class="{css.MONITOR}-label">{label}</div>'
        f'<div class="{css.MONITOR}-value">{value}</div></div>'
        for name, label, value in monitor_cells(m, lang)
    )
    solara.HTML(tag="div", unsafe_innerHTML=cells, classes=[css.MONITORS])


@solara.component
def Takeaway(
    m: Monitors,
    finished: bool,
    balanced: Against | None,
    lang: str,
    changed_from: int | None = None,
    against: str = "pressure",
):
    """At the run's end, the run in one sentence, under the relationship chart.

    Its room is kept from the start: an invisible sentence as long as any takeaway shares its
    place (``css.TAKEAWAY_BOX``), so that the line appearing at the end never moves a chart,
    whatever the window's width or the type's size; on a phone, where that room would be a
    blank screen all run long, the page's CSS drops it. ``against``: the comparison the run can
    end with (``comparison``); the room changes only when a setting the user changes does.
    """
    with solara.Div(classes=[css.TAKEAWAY_BOX]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=widest_takeaway(lang, against),
            classes=[css.TAKEAWAY_ROOM, css.SENTENCE],
            attributes={"aria-hidden": "true"},
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=takeaway(m, lang, balanced, changed_from) if finished else "",
            classes=[css.TAKEAWAY, css.SENTENCE],
        )


@solara.component
def Exports(session: Session, lang: str):
    """Downloads: the run's data as CSV, the charts as PNG, the run as a scenario YAML.

    Every download reads the run when it is clicked.
    """

    def snapshot():
        with session.lock:
            model = session.model
            return model, model.weekly_frame(), model.rep_frame(), portfolio(model)

    def csv_weekly():
        with session.lock:
            return weekly_csv(session.model, lang)

    def csv_reps():
        with session.lock:
            return reps_csv(session.model, lang)

    def yaml_settings():
        # The run as the charts show it, with its mid-run changes, so that `rapport run`
        # reproduces it week by week (settings still pending apply only on Reset).
        with session.lock:
            return settings_yaml(run_scenario(session.model), lang)

    def png_relationship():
        # matplotlib loads at the first export, not at the app's start
        from sim.plots import png_bytes, trajectory_figure

        model, weekly, reps, _ = snapshot()
        weeks = sorted({iv.week for iv in model.interventions})
        labels = figure_labels("trajectory", lang)
        # the profiles' names as the page shows them (the data keep the stored names)
        reps = reps.assign(profile=reps["profile"].astype(str).map(lambda p: profile_name(p, lang)))
        return png_bytes(trajectory_figure(weekly, reps, labels=labels, intervention_weeks=weeks))

    def png_outcomes():
        # matplotlib loads at the first export, not at the app's start
        from sim.plots import outcomes_figure, png_bytes

        model, weekly, _, _ = snapshot()
        weeks = sorted({iv.week for iv in model.interventions})
        labels = figure_labels("outcomes", lang)
        return png_bytes(outcomes_figure(weekly, labels=labels, intervention_weeks=weeks))

    def png_portfolio():
        # matplotlib loads at the first export, not at the app's start
        from sim.plots import png_bytes, portfolio_figure

        model, _, _, cells = snapshot()
        labels = figure_labels("portfolio", lang, week=model.week, weeks=RECENT_CHURN_WEEKS)
        return png_bytes(
            portfolio_figure(
                cells.relationship,
                cells.irritated,
                cells.recently_churned,
                labels=labels,
                rep_labels=cells.reps,
            )
        )

    downloads = [
        (csv_weekly, "rapport-weekly.csv", "download.csv", css.DOWNLOAD_CSV, "text/csv"),
        (
            csv_reps,
            "rapport-reps.csv",
            "download.reps_csv",
            css.DOWNLOAD_REPS_CSV,
            "text/csv",
        ),
        (
            yaml_settings,
            "rapport-scenario.yaml",
            "download.yaml",
            css.DOWNLOAD_YAML,
            "application/x-yaml",
        ),
        (
            png_relationship,
            "rapport-relationship.png",
            "download.png",
            css.DOWNLOAD_PNG,
            "image/png",
        ),
        (
            png_outcomes,
            "rapport-outcomes.png",
            "download.outcomes_png",
            css.DOWNLOAD_OUTCOMES_PNG,
            "image/png",
        ),
        (
            png_portfolio,
            "rapport-portfolio.png",
            "download.portfolio_png",
            css.DOWNLOAD_PORTFOLIO_PNG,
            "image/png",
        ),
    ]
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t("export", lang),
        classes=[css.GROUP_TITLE],
        attributes=css.HEADING,
    )
    with solara.Row(gap="8px", style="flex-wrap: wrap;"):
        for data, filename, key, hook, mime in downloads:
            DownloadButton(data, filename, t(key, lang), hook, mime)
