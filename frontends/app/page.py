"""The Rapport web app (Solara): ``solara run frontends.app.page`` or ``rapport app``.

This module holds the components; ``Page`` builds one model per browser session. What the page
shows is computed without UI in ``frontends.app.data`` (presets, control specs, series, portfolio,
effort curve, comparison, exports); ``frontends.app.charts`` turns it into ECharts options. Texts:
``frontends.app.i18n``; lessons: ``docs/lesson.<lang>.md``. The page only reads the schema,
builds and steps a model, and draws what those modules derive from it.

Stable hooks for browser tests (CSS classes; keep them when changing the page):

- Buttons: ``rapport-reset``, ``rapport-step``, ``rapport-play`` (Play/Pause toggle).
- Preset selector (a v-select): ``rapport-preset``; English items "Default", "Hard worker",
  "Smart worker", "Mixed team", "Balanced worker", "Coaching" (German: "Standard",
  "Harter Arbeiter", "Kluger Arbeiter", "Gemischtes Team", "Maßvoller Arbeiter", "Coaching").
- Language buttons: ``rapport-lang-en``, ``rapport-lang-de``.
- Current week: ``rapport-week`` (text "Week 3 of 52" / "Woche 3 von 52").
- Chart data: ``rapport-series`` (hidden, display:none); its textContent is JSON
  ``{"week": [...], "relational_performance": [...], "revenue": [...], "churned": [...],
  "wasted_hours": [...], "interventions": [weeks]}`` for the current run, updated with the charts.
  An intervention recorded at week w applies from week w + 1.
- Controls: ``rapport-control-`` + dotted name with dots as '-', e.g.
  ``rapport-control-reps-effort_hours`` (a v-slider, or a number v-text-field for wide ranges
  such as ``rapport-control-reps-count``).
- Inline messages: ``rapport-invalid`` (values not applied), ``rapport-pending`` (apply on Reset).
- Compare: ``rapport-pin``, ``rapport-compare``, result sentence ``rapport-compare-sentence``
  (it ends with the settings both runs used, ``rapport-compare-settings``).
- Effort curve: button ``rapport-effort-curve``, progress ``rapport-curve-progress`` (while
  running), ``rapport-curve-done`` (appears when finished).
- Downloads: ``rapport-download-csv`` (weekly CSV), ``rapport-download-reps-csv``,
  ``rapport-download-yaml`` (scenario YAML), ``rapport-download-png`` (relationship chart),
  ``rapport-download-outcomes-png``, ``rapport-download-portfolio-png``; once computed,
  ``rapport-download-curve-png`` (Effort curve tab) and ``rapport-download-compare-png``
  (Compare tab). PNGs carry the page's current language.
- Tabs: ``rapport-tab-live``, ``rapport-tab-curve``, ``rapport-tab-compare``,
  ``rapport-tab-lesson``.
- Charts (ECharts containers): ``rapport-chart-relationship``, ``rapport-chart-outcomes``,
  ``rapport-chart-portfolio``, ``rapport-chart-curve``, ``rapport-chart-compare``.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import reacton.ipyvuetify as rv
import solara
import solara.lab
from solara.components.echarts import EchartsWidget

from frontends.app import charts, i18n
from frontends.app.data import (
    ADVANCED_GROUPS,
    BASIC_GROUPS,
    INTERVENABLE,
    PRESETS,
    RECENT_CHURN_WEEKS,
    Comparison,
    EffortCurve,
    Plan,
    compare,
    control_class,
    control_kind,
    control_params,
    control_step,
    control_values,
    effort_curve,
    load_presets,
    parse_number,
    pending_rebuild,
    portfolio,
    render_every,
    rep_relationships,
    reps_csv,
    scenario_from,
    settings_yaml,
    team_series,
    weekly_csv,
)
from frontends.app.i18n import effort_curve_labels, figure_labels, param_help, param_label, t
from sim.model import RapportModel
from sim.params import PARAMS, ConfigError, ParamSpec, Profile, Scenario
from sim.plots import (
    comparison_figure,
    effort_curve_figure,
    outcomes_figure,
    png_bytes,
    portfolio_figure,
    trajectory_figure,
)

PRESET_SCENARIOS = load_presets()
LESSONS = {lang: i18n.lesson(lang) for lang in i18n.LANGUAGES}

CSS = """
.rapport-app { font-size: 17px; }
.rapport-app .v-label, .rapport-app .v-select__selection { font-size: 17px !important; }
.rapport-app .v-messages__message { font-size: 13.5px; line-height: 1.3; }
.rapport-app .v-btn { font-size: 15px; }
.rapport-app .v-tab { font-size: 16px; text-transform: none; }
.rapport-sidebar { width: 400px; min-width: 400px; max-height: calc(100vh - 90px);
                   overflow-y: auto; padding-right: 12px; }
.rapport-main { flex: 1 1 auto; min-width: 0; }
.rapport-group-title { font-size: 19px; font-weight: 600; margin: 14px 0 2px 0; }
.rapport-week { font-size: 22px; font-weight: 600; margin: 6px 0; }
.rapport-note { font-size: 15px; color: #444; }
.rapport-sentence { font-size: 20px; font-weight: 500; margin: 10px 0; }
.rapport-compare-settings { font-weight: 400; margin-top: 4px; }
.rapport-control { margin-bottom: 6px; }
.rapport-lesson { max-width: 60em; }
.rapport-lesson p, .rapport-lesson li { font-size: 18px !important; line-height: 1.55; }
.rapport-lesson h1 { font-size: 30px; } .rapport-lesson h2 { font-size: 24px; margin-top: 18px; }
"""


class Opaque:
    """Wraps a chart option so that the renderer does not walk its thousands of numbers.

    Reacton looks for elements inside every list and dict passed to a component; an ECharts
    option is data only, so it travels wrapped and goes to the widget in an effect.
    """

    def __init__(self, value: dict):
        self.value = value


@solara.component
def Chart(option: Opaque, css: str, height: int):
    """An ECharts figure whose option is set on the widget directly (see ``Opaque``)."""
    element = EchartsWidget.element(
        attributes={"style": f"height: {height}px; width: 100%;", "class": css},
        responsive=True,
    )

    def update():
        solara.get_widget(element).option = option.value

    solara.use_effect(update, [option])
    return element


def is_running(thread, requests: int) -> bool:
    """Whether a background computation asked for (``requests`` > 0) is still going."""
    busy = (solara.ResultState.STARTING, solara.ResultState.RUNNING, solara.ResultState.WAITING)
    return requests > 0 and thread.state in busy


class Session:
    """One browser session's run: its model, the scenario it was built from, a lock.

    The play thread steps the model while the page reads it, so both hold the lock.
    """

    def __init__(self, scenario: Scenario):
        self.lock = threading.RLock()
        self.model = RapportModel(scenario)
        self.scenario = scenario

    def rebuild(self, scenario: Scenario) -> None:
        with self.lock:
            self.model = RapportModel(scenario)
            self.scenario = scenario

    @property
    def finished(self) -> bool:
        return self.model.week >= self.scenario.simulation.weeks


def _format(spec: ParamSpec, value: Any, lang: str) -> str:
    return i18n.format_number(value, lang) if isinstance(value, int | float) else str(value)


def _with_unit(text: str, spec: ParamSpec, lang: str) -> str:
    unit = i18n.unit(spec.unit, lang)
    return f"{text} {unit}" if unit else text


@solara.component
def ParamControl(spec: ParamSpec, value: Any, on_change, lang: str):
    """One parameter's control: a slider, or a number field for wide ranges."""
    label = param_label(spec, lang)
    allowed = t(
        "help.units",
        lang,
        low=_format(spec, spec.minimum, lang),
        high=_format(spec, spec.maximum, lang),
    )
    hint = f"{param_help(spec, lang)} {allowed}."
    classes = f"{control_class(spec.name)} rapport-control"
    if control_kind(spec) == "slider":
        shown = _with_unit(_format(spec, value, lang), spec, lang) if value is not None else ""
        rv.Slider(
            v_model=value,
            on_v_model=lambda v: on_change(spec.name, int(v) if spec.type == "int" else float(v)),
            min=spec.minimum,
            max=spec.maximum,
            step=control_step(spec),
            label=f"{label}: {shown}",
            hint=hint,
            persistent_hint=True,
            thumb_label=True,
            class_=classes,
        )
    else:

        def typed(text):
            try:
                on_change(spec.name, parse_number(spec, text))
            except ConfigError:
                on_change(spec.name, text)

        unit = i18n.unit(spec.unit, lang)
        rv.TextField(
            v_model=str(value),
            on_v_model=typed,
            type="number",
            label=f"{label} ({unit})" if unit else label,
            hint=hint,
            persistent_hint=True,
            class_=classes,
            attributes={
                "min": str(spec.minimum),
                "max": str(spec.maximum),
                "step": str(control_step(spec)),
            },
        )


@solara.component
def ControlGroup(group: str, values: dict, on_change, lang: str):
    with solara.Column(gap="4px"):
        solara.HTML(
            tag="div", unsafe_innerHTML=t(f"group.{group}", lang), classes=["rapport-group-title"]
        )
        for spec in control_params([group]):
            ParamControl(spec, values[spec.name], on_change, lang)


@solara.component
def Profiles(profiles: tuple, lang: str):
    """The scenario's team profiles, read-only (a list is no slider)."""
    if not profiles:
        return
    headers = ["name", "share", "effort_hours", "perception", "regulation"]
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(getattr(p, h), lang)}</td>" for h in headers) + "</tr>"
        for p in profiles
    )
    key = "label_de" if lang == "de" else "label"
    heads = "".join(
        f"<th>{(Profile.model_fields[h].json_schema_extra or {}).get(key, h)}</th>" for h in headers
    )
    with solara.Column(gap="2px", classes=["rapport-profiles"]):
        solara.HTML(
            tag="div", unsafe_innerHTML=t("profiles", lang), classes=["rapport-group-title"]
        )
        solara.HTML(
            tag="table",
            unsafe_innerHTML=f"<tr>{heads}</tr>{rows}",
            style="border-collapse: collapse; font-size: 15px; width: 100%;",
        )
        solara.HTML(tag="div", unsafe_innerHTML=t("profiles.note", lang), classes=["rapport-note"])


def _cell(value: Any, lang: str) -> str:
    if value is None:
        return "–"
    return i18n.format_number(value, lang) if isinstance(value, int | float) else str(value)


@solara.component
def WeekBadge(session: Session, lang: str, tick: int):
    """The current week and notes about the run (``tick`` changes whenever the model does)."""
    with session.lock:
        week, weeks = session.model.week, session.scenario.simulation.weeks
        last = session.model.interventions[-1] if session.model.interventions else None
        finished = session.finished
        k = render_every(session.scenario)
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t("week", lang, week=week, weeks=weeks),
        classes=["rapport-week"],
    )
    if last is not None:
        changes = ", ".join(
            _with_unit(
                f"{param_label('reps.' + k_, lang)} {i18n.format_number(round(v, 3), lang)}",
                PARAMS["reps." + k_],
                lang,
            )
            for k_, v in last.changes.items()
        )
        solara.Info(t("intervened", lang, week=last.week + 1, changes=changes), dense=True)
    if finished:
        solara.Success(t("finished", lang), dense=True)
    if k > 1:
        solara.HTML(
            tag="div", unsafe_innerHTML=t("render_every", lang, k=k), classes=["rapport-note"]
        )


@solara.component
def LiveView(session: Session, lang: str, values: solara.Reactive[dict], tick: int):
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
    rv.Html(
        tag="div",
        children=[json.dumps(series)],
        class_="rapport-series",
        style_="display: none",
    )
    Chart(
        Opaque(charts.relationship_option(series, reps, total_weeks, lang)),
        "rapport-chart-relationship",
        420,
    )
    Chart(Opaque(charts.outcomes_option(series, total_weeks, lang)), "rapport-chart-outcomes", 280)
    solara.HTML(
        tag="div", unsafe_innerHTML=t("chart.portfolio", lang), classes=["rapport-group-title"]
    )
    rows = len(cells.reps)
    Chart(
        Opaque(charts.portfolio_option(cells, lang)),
        "rapport-chart-portfolio",
        max(200, 22 * rows + 70),
    )
    legend = t("portfolio.legend", lang, weeks=RECENT_CHURN_WEEKS)
    if rows < n_reps:
        legend += " " + t("portfolio.subset", lang, reps=rows, total=n_reps)
    solara.HTML(tag="div", unsafe_innerHTML=legend, classes=["rapport-note"])
    Exports(session, lang, values)


@solara.component
def DownloadButton(data, filename: str, label: str, css: str, mime_type: str = "image/png"):
    """A button that downloads what ``data()`` returns when clicked (computed only then)."""
    with solara.FileDownload(data, filename, mime_type=mime_type):
        solara.Button(label, icon_name="mdi-download", outlined=True, classes=[css])


@solara.component
def Exports(session: Session, lang: str, values: solara.Reactive[dict]):
    """Downloads: the run's data as CSV, the charts as PNG, the settings as scenario YAML.

    Every download reads the run and the settings when it is clicked.
    """

    def snapshot():
        with session.lock:
            model = session.model
            return model, model.weekly_frame(), model.rep_frame(), portfolio(model)

    def csv_weekly():
        with session.lock:
            return weekly_csv(session.model)

    def csv_reps():
        with session.lock:
            return reps_csv(session.model)

    def yaml_settings():
        try:
            scenario = scenario_from(values.value)
        except ConfigError:
            scenario = session.scenario
        return settings_yaml(scenario)

    def png_relationship():
        model, weekly, reps, _ = snapshot()
        weeks = sorted({iv.week for iv in model.interventions})
        labels = figure_labels("trajectory", lang)
        return png_bytes(trajectory_figure(weekly, reps, labels=labels, intervention_weeks=weeks))

    def png_outcomes():
        model, weekly, _, _ = snapshot()
        weeks = sorted({iv.week for iv in model.interventions})
        labels = figure_labels("outcomes", lang)
        return png_bytes(outcomes_figure(weekly, labels=labels, intervention_weeks=weeks))

    def png_portfolio():
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
        (csv_weekly, "rapport-weekly.csv", "download.csv", "rapport-download-csv", "text/csv"),
        (
            csv_reps,
            "rapport-reps.csv",
            "download.reps_csv",
            "rapport-download-reps-csv",
            "text/csv",
        ),
        (
            yaml_settings,
            "rapport-scenario.yaml",
            "download.yaml",
            "rapport-download-yaml",
            "application/x-yaml",
        ),
        (
            png_relationship,
            "rapport-relationship.png",
            "download.png",
            "rapport-download-png",
            "image/png",
        ),
        (
            png_outcomes,
            "rapport-outcomes.png",
            "download.outcomes_png",
            "rapport-download-outcomes-png",
            "image/png",
        ),
        (
            png_portfolio,
            "rapport-portfolio.png",
            "download.portfolio_png",
            "rapport-download-portfolio-png",
            "image/png",
        ),
    ]
    solara.HTML(tag="div", unsafe_innerHTML=t("export", lang), classes=["rapport-group-title"])
    with solara.Row(gap="8px", style="flex-wrap: wrap;"):
        for data, filename, key, css, mime in downloads:
            DownloadButton(data, filename, t(key, lang), css, mime)


@solara.component
def EffortCurvePanel(values: solara.Reactive[dict], lang: str):
    """The effort curve, computed in a background thread with progress, and its PNG."""
    request = solara.use_reactive(0)
    replications = solara.use_reactive(4)
    progress = solara.use_reactive(0.0)
    result = solara.use_reactive(None)
    asked = solara.use_ref(None)
    try:
        scenario = scenario_from(values.value)
    except ConfigError:
        scenario = None

    def work(cancel: threading.Event):
        if request.value == 0 or asked.current is None:
            return
        progress.set(0.0)
        shown = [0.0]

        def report(fraction: float):
            if cancel.is_set():
                raise InterruptedError
            if fraction - shown[0] >= 0.02 or fraction >= 1:
                shown[0] = fraction
                progress.set(fraction)

        try:
            curve = effort_curve(asked.current, replications.value, progress=report)
        except InterruptedError:
            return
        result.set((curve, asked.current))

    thread = solara.use_thread(work, dependencies=[request.value], intrusive_cancel=False)
    running = is_running(thread, request.value)

    def start():
        # The settings as they are now, not as they were when this button was last drawn.
        try:
            asked.current = scenario_from(values.value)
        except ConfigError:
            return
        request.set(request.value + 1)

    reps = replications.value
    weeks = scenario.simulation.weeks if scenario else PARAMS["simulation.weeks"].default
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t("curve.intro", lang, weeks=weeks, reps=reps),
        classes=["rapport-note"],
    )
    if scenario is not None and scenario.reps.profiles:
        solara.HTML(tag="div", unsafe_innerHTML=t("curve.profiles", lang), classes=["rapport-note"])
    with solara.Row(gap="12px", style="align-items: center;"):
        solara.Button(
            t("curve.run", lang),
            on_click=start,
            disabled=scenario is None or running,
            color="primary",
            classes=["rapport-effort-curve"],
        )
        solara.ToggleButtonsSingle(value=replications, values=[2, 4, 8, 16])
        solara.Text(t("curve.replications", lang))
    if running:
        solara.ProgressLinear(progress.value * 100, classes=["rapport-curve-progress"])
        solara.Text(t("curve.running", lang, percent=round(progress.value * 100)))
    if thread.error:
        solara.Error(t("error.page", lang, message=str(thread.error)))
    if result.value is not None and not running:
        curve, used = result.value
        solara.HTML(
            tag="div", unsafe_innerHTML=t("curve.done", lang), classes=["rapport-curve-done"]
        )
        if used != scenario:
            solara.Warning(t("curve.stale", lang), dense=True)
        Chart(Opaque(charts.effort_curve_option(curve, lang)), "rapport-chart-curve", 460)
        for sentence in curve_sentences(curve, lang):
            solara.HTML(tag="div", unsafe_innerHTML=sentence, classes=["rapport-sentence"])

        def png_curve():
            labels = effort_curve_labels(curve.levels, curve.turning_points, curve.weeks, lang)
            figure = effort_curve_figure(
                curve.efforts,
                curve.means,
                curve.turning_points,
                curve.current_effort,
                labels=labels,
            )
            return png_bytes(figure)

        DownloadButton(
            png_curve,
            "rapport-effort-curve.png",
            t("download.curve_png", lang),
            "rapport-download-curve-png",
        )


def curve_sentences(curve: EffortCurve, lang: str) -> list[str]:
    """One plain sentence per empathy level: where the turning point is, or that there is none."""
    out = []
    for level, peak in curve.turning_points.items():
        name = t(f"curve.level.{level}", lang, value=i18n.format_number(curve.levels[level], lang))
        name = name[0].upper() + name[1:]
        if peak is None:
            out.append(t("curve.no_peak", lang, level=name))
        else:
            out.append(t("curve.peak", lang, level=name, effort=peak))
    return out


@solara.component
def ComparePanel(session: Session, values: solara.Reactive[dict], lang: str):
    """Pin a baseline, run a what-if with the same seeds, show the paired difference."""
    baseline = solara.use_reactive(None)  # (Plan, week pinned)
    request = solara.use_reactive(0)
    replications = solara.use_reactive(8)
    progress = solara.use_reactive(0.0)
    result = solara.use_reactive(None)
    asked = solara.use_ref(None)

    def pin():
        with session.lock:
            baseline.set((Plan.of(session.model), session.model.week))
        result.set(None)

    def whatif_plan() -> Plan | None:
        """The what-if as the settings are at the click: the run so far and the controls.

        Reads the session's reactive values and model (what the server holds now), never a
        copy from the last render.
        """
        now = values.value
        with session.lock:
            plan = Plan.of(session.model)
            if session.model.week == 0:
                current = dict(now)
            else:
                # Mid-run, effort and empathy changes are the model's interventions.
                current = {**now, **{n: session.scenario.get(n) for n in INTERVENABLE}}
        try:
            return plan.with_scenario(scenario_from(current))
        except ConfigError:
            return None

    def work(cancel: threading.Event):
        if request.value == 0 or asked.current is None:
            return

        def report(fraction: float):
            if cancel.is_set():
                raise InterruptedError
            progress.set(fraction)

        base, whatif = asked.current
        try:
            result.set(compare(base, whatif, replications.value, progress=report))
        except InterruptedError:
            return

    thread = solara.use_thread(work, dependencies=[request.value], intrusive_cancel=False)
    running = is_running(thread, request.value)

    def start():
        plan = whatif_plan()
        if baseline.value is None or plan is None:
            return
        asked.current = (baseline.value[0], plan)
        progress.set(0.0)
        request.set(request.value + 1)

    seed = session.scenario.simulation.seed
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t("compare.intro", lang, seed=seed, last=seed + replications.value - 1),
        classes=["rapport-note"],
    )
    with solara.Row(gap="12px", style="align-items: center; flex-wrap: wrap;"):
        solara.Button(t("compare.pin", lang), on_click=pin, outlined=True, classes=["rapport-pin"])
        solara.Button(
            t("compare.run", lang),
            on_click=start,
            disabled=baseline.value is None or running,
            color="primary",
            classes=["rapport-compare"],
        )
        solara.ToggleButtonsSingle(value=replications, values=[4, 8, 16, 32])
        solara.Text(t("compare.replications", lang))
    if baseline.value is None:
        solara.HTML(tag="div", unsafe_innerHTML=t("compare.none", lang), classes=["rapport-note"])
    else:
        plan, week = baseline.value
        summary = describe_plan(plan, lang)
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t("compare.pinned", lang, week=week, summary=summary),
            classes=["rapport-note"],
        )
    if running:
        solara.ProgressLinear(progress.value * 100, classes=["rapport-compare-progress"])
    if thread.error:
        solara.Error(t("error.page", lang, message=str(thread.error)))
    if result.value is not None and not running:
        comparison: Comparison = result.value
        base_plan, whatif = comparison.plans
        used = t(
            "compare.used",
            lang,
            baseline=describe_plan(base_plan, lang),
            whatif=describe_plan(whatif, lang),
        )
        solara.HTML(
            tag="div",
            unsafe_innerHTML=f"{comparison_sentence(comparison, lang)}"
            f'<div class="rapport-compare-settings rapport-note">{used}</div>',
            classes=["rapport-compare-sentence", "rapport-sentence"],
        )
        Chart(Opaque(charts.comparison_option(comparison, lang)), "rapport-chart-compare", 520)

        def png_compare():
            c = comparison
            labels = figure_labels("comparison", lang, reps=c.replications)
            figure = comparison_figure(
                c.weeks, c.baseline, c.whatif, c.difference, c.low, c.high, labels=labels
            )
            return png_bytes(figure)

        DownloadButton(
            png_compare,
            "rapport-compare.png",
            t("download.compare_png", lang),
            "rapport-download-compare-png",
        )


def describe_plan(plan: Plan, lang: str) -> str:
    """A short description of a plan: effort and empathy, and its interventions."""
    s = plan.scenario
    parts = [
        _with_unit(
            f"{param_label('reps.effort_hours', lang)} "
            f"{i18n.format_number(s.reps.effort_hours, lang)}",
            PARAMS["reps.effort_hours"],
            lang,
        ),
        f"{param_label('reps.perception', lang)} {i18n.format_number(s.reps.perception, lang)}",
        f"{param_label('reps.regulation', lang)} {i18n.format_number(s.reps.regulation, lang)}",
    ]
    for week, items in plan.interventions:
        changed = ", ".join(
            f"{param_label('reps.' + k, lang)} {i18n.format_number(round(v, 3), lang)}"
            for k, v in items
        )
        parts.append(f"{t('change.from_week', lang, week=week + 1)}: {changed}")
    return "; ".join(parts)


def comparison_sentence(result: Comparison, lang: str) -> str:
    """The comparison in one plain sentence in ``lang``."""
    if not result.changes:
        return t("compare.sentence.same", lang)
    pieces = []
    for name, a, b, week in result.changes:
        spec = PARAMS[name]
        if spec.type == "list":
            a_text, b_text = str(len(a)), str(len(b))
        else:
            a_text = i18n.format_number(round(a, 3) if isinstance(a, float) else a, lang)
            b_text = _with_unit(
                i18n.format_number(round(b, 3) if isinstance(b, float) else b, lang), spec, lang
            )
        label = param_label(spec, lang)
        if lang == "en":  # mid-sentence; German nouns keep their capital
            label = label[0].lower() + label[1:]
        piece = t("change.one", lang, label=label, a=a_text, b=b_text)
        if week is not None:
            piece += " " + t("change.from_week", lang, week=week + 1)
        pieces.append(piece)
    change = t("change.and", lang).join(pieces)
    diff, low, high = result.final
    numbers = dict(
        weeks=result.weeks[-1],
        low=i18n.format_number(low, lang, 2),
        high=i18n.format_number(high, lang, 2),
        reps=result.replications,
    )
    if low > 0:
        text = t(
            "compare.sentence.raises",
            lang,
            change=change,
            size=i18n.format_number(diff, lang, 2),
            **numbers,
        )
    elif high < 0:
        # A fall is stated as a positive size, so its interval is too.
        numbers["low"] = i18n.format_number(-high, lang, 2)
        numbers["high"] = i18n.format_number(-low, lang, 2)
        text = t(
            "compare.sentence.lower",
            lang,
            change=change,
            size=i18n.format_number(-diff, lang, 2),
            **numbers,
        )
    else:
        diff_text = ("+" if diff >= 0 else "") + i18n.format_number(diff, lang, 2)
        text = t("compare.sentence.unclear", lang, change=change, diff=diff_text, **numbers)
    return text[0].upper() + text[1:]


@solara.component
def Lesson(lang: str):
    with solara.Column(classes=["rapport-lesson"]):
        solara.Markdown(LESSONS[lang])


@solara.component
def RunView(
    session: Session,
    version: solara.Reactive[int],
    playing: solara.Reactive[bool],
    speed: solara.Reactive[int],
    values: solara.Reactive[dict],
    lang: str,
    on_reset,
    on_step,
    can_reset: bool,
):
    """Everything that changes when the model steps: the only reader of ``version``.

    One reader means one render pass per played week.
    """
    tick = version.value
    with solara.Row(gap="10px", style="align-items: center; flex-wrap: wrap;"):
        solara.Button(
            t("reset", lang),
            on_click=on_reset,
            icon_name="mdi-restore",
            classes=["rapport-reset"],
            disabled=not can_reset,
        )
        solara.Button(
            t("step", lang),
            on_click=on_step,
            icon_name="mdi-step-forward",
            classes=["rapport-step"],
            disabled=playing.value or session.finished,
        )
        solara.Button(
            t("pause" if playing.value else "play", lang),
            icon_name="mdi-pause" if playing.value else "mdi-play",
            on_click=lambda: playing.set(not playing.value),
            color="primary",
            classes=["rapport-play"],
        )
        with solara.Column(style="width: 240px; margin-left: 12px;", gap="0px"):
            solara.HTML(
                tag="div",
                unsafe_innerHTML=f"{t('speed', lang)}: {speed.value}",
                classes=["rapport-note"],
            )
            rv.Slider(
                v_model=speed.value,
                on_v_model=lambda v: speed.set(int(v)),
                min=1,
                max=30,
                step=1,
                class_="rapport-speed",
                hide_details=True,
            )
        with solara.Column(style="margin-left: 16px;"):
            WeekBadge(session, lang, tick)
    with solara.lab.Tabs():
        with solara.lab.Tab(t("tab.live", lang), classes=["rapport-tab-live"]):
            LiveView(session, lang, values, tick)
        with solara.lab.Tab(t("tab.curve", lang), classes=["rapport-tab-curve"]):
            EffortCurvePanel(values, lang)
        with solara.lab.Tab(t("tab.compare", lang), classes=["rapport-tab-compare"]):
            ComparePanel(session, values, lang)
        with solara.lab.Tab(t("tab.lesson", lang), classes=["rapport-tab-lesson"]):
            Lesson(lang)


@solara.component
def Page():
    """The Rapport app: one model per browser session, built here (never at import time)."""
    lang = solara.use_reactive("en")
    preset = solara.use_reactive("default")
    values = solara.use_reactive(control_values(PRESET_SCENARIOS["default"]))
    session = solara.use_memo(lambda: Session(PRESET_SCENARIOS["default"]), [])
    version = solara.use_reactive(0)
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(8)
    advanced_open = solara.use_reactive(None)
    applied = solara.use_reactive(session.scenario)  # what the model was built from
    language = lang.value

    def changed():
        version.set(version.value + 1)

    def rebuild(scenario: Scenario):
        session.rebuild(scenario)
        applied.set(scenario)

    def choose_preset(label: str):
        stem = next(s for s in PRESETS if t(f"preset.{s}", language) == label)
        playing.set(False)
        preset.set(stem)
        scenario = PRESET_SCENARIOS[stem]
        values.set(control_values(scenario))
        rebuild(scenario)
        changed()

    def on_control(name: str, value: Any):
        new = {**values.value, name: value}
        values.set(new)
        with session.lock:
            if session.model.week == 0:
                try:
                    scenario = scenario_from(new)
                except ConfigError:
                    return
                rebuild(scenario)
            elif name in INTERVENABLE:
                try:
                    session.scenario.with_values({name: value})
                except ConfigError:
                    return
                session.model.intervene(**{name.split(".")[1]: float(value)})
            else:
                return
        changed()

    def reset():
        playing.set(False)
        try:
            scenario = scenario_from(values.value)
        except ConfigError:
            return
        rebuild(scenario)
        changed()

    def step():
        with session.lock:
            if session.finished:
                return
            session.model.step()
        changed()

    def play_loop(cancel: threading.Event):
        if not playing.value:
            return
        every = render_every(session.scenario)
        while not cancel.is_set() and playing.value:
            started = time.perf_counter()
            with session.lock:
                if session.finished:
                    break
                session.model.step()
                week, done = session.model.week, session.finished
            if week % every == 0 or done:
                changed()
            if done:
                break
            time.sleep(max(0.0, 1.0 / speed.value - (time.perf_counter() - started)))
        playing.set(False)

    solara.use_thread(play_loop, dependencies=[playing.value], intrusive_cancel=False)

    try:
        scenario_from(values.value)
        problem = None
    except ConfigError as error:
        problem = str(error)
    pending = pending_rebuild(values.value, applied.value)

    solara.Style(CSS)
    solara.Title("Rapport")
    with solara.Column(classes=["rapport-app"], style="padding: 12px 20px;"):
        with solara.Row(style="align-items: baseline; gap: 18px;"):
            solara.HTML(tag="h1", unsafe_innerHTML=t("title", language), style="margin: 0;")
            solara.HTML(
                tag="div",
                unsafe_innerHTML=t("subtitle", language),
                style="font-size: 20px; color: #333;",
            )
            solara.v.Spacer()
            for code in i18n.LANGUAGES:
                solara.Button(
                    t(f"lang.{code}", language),
                    on_click=lambda code=code: lang.set(code),
                    text=code != language,
                    outlined=code == language,
                    classes=[f"rapport-lang-{code}"],
                )
        with solara.Row(style="align-items: flex-start; gap: 24px;"):
            with solara.Column(classes=["rapport-sidebar"], gap="6px"):
                solara.Select(
                    label=t("preset", language),
                    values=[t(f"preset.{s}", language) for s in PRESETS],
                    value=t(f"preset.{preset.value}", language),
                    on_value=choose_preset,
                    classes=["rapport-preset"],
                )
                if problem:
                    solara.Error(
                        t("invalid", language, message=problem), classes=["rapport-invalid"]
                    )
                if pending:
                    names = ", ".join(param_label(n, language) for n in pending)
                    solara.Warning(t("pending", language, names=names), classes=["rapport-pending"])
                for group in BASIC_GROUPS:
                    ControlGroup(group, values.value, on_control, language)
                    if group == "reps":
                        Profiles(values.value["reps.profiles"], language)
                # The advanced controls exist only while their panel is open: fewer widgets
                # make every played week's page update cheaper.
                with rv.ExpansionPanels(
                    v_model=advanced_open.value,
                    on_v_model=advanced_open.set,
                    class_="rapport-advanced",
                    style_="margin-top: 12px;",
                ):
                    with rv.ExpansionPanel():
                        rv.ExpansionPanelHeader(
                            children=[t("group.advanced", language)], class_="rapport-group-title"
                        )
                        with rv.ExpansionPanelContent():
                            if advanced_open.value == 0:
                                for group in ADVANCED_GROUPS:
                                    ControlGroup(group, values.value, on_control, language)
            with solara.Column(classes=["rapport-main"]):
                RunView(
                    session,
                    version,
                    playing,
                    speed,
                    values,
                    language,
                    reset,
                    step,
                    problem is None,
                )
