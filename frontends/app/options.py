"""The Side by side tab: 2–6 options (presets or saved settings) run on the same seeds, as one
chart of relationship quality, a table of outcomes with intervals and its CSV."""

from __future__ import annotations

import html
import re

import solara

from frontends.app import charts, css
from frontends.app.data import (
    MAX_OPTIONS,
    PRESETS,
    Options,
    Plan,
    csv_headers,
    load_presets,
    run_options,
    same_option,
)
from frontends.app.i18n import LANGUAGES, bound_units, figure_labels, format_number, t
from frontends.app.jobs import progress_moment, use_job
from frontends.app.sentences import describe_setting, format_outcome, options_announcement
from frontends.app.session import Session
from frontends.app.widgets import Chart, DownloadButton, Message, Opaque, use_announcement
from frontends.exports import csv_text

PRESET_PLANS = {stem: Plan(scenario) for stem, scenario in load_presets().items()}
# What the tab offers at first: the three kinds of rep the lesson contrasts.
FIRST_PICK = ("hard_worker", "balanced_worker", "smart_worker")
# Signs an interval's bound may start with: never taken away as a unit.
SIGNS = set("+-−±")
# The table's columns, in order (keys of ``Options.totals``).
COLUMNS = (
    "relational_performance",
    "final_relational_performance",
    "revenue",
    "churned",
    "wasted_hours",
)


def option_label(key: str, lang: str) -> str:
    """A preset's name in ``lang``; a saved option keeps the name it was saved under."""
    return t(f"preset.{key}", lang) if key in PRESETS else key


@solara.component
def OptionsPanel(
    session: Session,
    values: solara.Reactive[dict],
    lang: str,
    said: solara.Reactive[Message] | None = None,
):
    """Pick 2–6 options, run them with common random numbers, show the chart, table and CSV.

    ``said``: the page's live region for Side by side (``LiveRegion``), told of its start, a
    long job's quarters, its answer (which option ends highest and lowest), a stop or an error.
    """
    saved = solara.use_reactive({})  # name -> Plan, for this browser session
    picked = solara.use_reactive(list(FIRST_PICK))  # keys: preset stems or saved names
    replications = solara.use_reactive(8)
    name_text = solara.use_reactive("")
    refused = solara.use_reactive(None)  # (plan, the option it equals): not saved again
    job = use_job(lambda asked, report: run_options(*asked, progress=report))
    keys = [*PRESETS, *saved.value]
    labels = {key: option_label(key, lang) for key in keys}
    chosen = [key for key in picked.value if key in labels]
    plan_now = session.plan_with(values.value)
    moment = progress_moment(job)
    use_announcement(
        said,
        moment,
        lambda: options_announcement(
            moment,
            len(chosen),
            replications.value,
            lang,
            lambda: job.answer[0].named(lambda key: option_label(key, lang)),
        ),
        lang,
    )

    def save():
        plan = session.plan_with(values.value)
        if plan is None:
            return
        options = {**PRESET_PLANS, **saved.value}
        twin = next((key for key, other in options.items() if same_option(plan, other)), None)
        if twin is not None:  # its line would hide the other's
            refused.set((plan, twin))
            return
        refused.set(None)
        name = (name_text.value or "").strip() or t(
            "options.saved_name", lang, n=len(saved.value) + 1
        )
        # a preset's name in either language is taken: switching language would show it twice
        taken = {*saved.value, *(option_label(key, code) for key in PRESETS for code in LANGUAGES)}
        base, n = name, 2
        while name in taken:  # a name already in use gets a number
            name, n = f"{base} ({n})", n + 1
        saved.set({**saved.value, name: plan})
        name_text.set("")
        if len(picked.value) < MAX_OPTIONS:
            picked.set([*picked.value, name])

    def pick(shown: list[str]):
        by_label = {label: key for key, label in labels.items()}
        picked.set([by_label[label] for label in shown if label in by_label])

    def start():
        # The picks as the server has them now: a click can reach the server after a change
        # of the picks that the browser had not yet shown (the button still enabled).
        now = [key for key in picked.value if key in labels]
        if not 2 <= len(now) <= MAX_OPTIONS:
            return
        if typed_seed() is None:
            return
        # keyed by preset stem or saved name, labelled in the page's language when shown
        plans = {key: saved.value.get(key) or PRESET_PLANS[key] for key in now}
        job.start((plans, replications.value, typed_seed()))

    def typed_seed() -> int | None:
        """The seed field's number; None while it holds a refused entry (text, said under it)."""
        seed = values.value["simulation.seed"]
        return seed if isinstance(seed, int) and not isinstance(seed, bool) else None

    # a refused seed ("abc") stopped the panel with a ValueError: the run's seed is named then
    seed = typed_seed()
    seed = session.scenario.simulation.seed if seed is None else seed
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t(
            "options.intro", lang, n=MAX_OPTIONS, seed=seed, last=seed + replications.value - 1
        ),
        classes=[css.NOTE],
    )
    solara.ToggleButtonsMultiple(
        value=[labels[key] for key in chosen],
        values=list(labels.values()),
        on_value=pick,
        classes=[css.OPTIONS_PICK],
        style="flex-wrap: wrap; height: auto;",
    )
    fits = 2 <= len(chosen) <= MAX_OPTIONS
    with solara.Row(gap="12px", style="align-items: center; flex-wrap: wrap; row-gap: 10px;"):
        solara.InputText(
            t("options.name", lang),
            value=name_text,
            # Every keystroke reaches the server, so a Save clicked right after typing saves
            # the typed name (on blur alone the click could arrive first: "Saved 1").
            continuous_update=True,
            classes=[css.OPTIONS_NAME],
            style="max-width: 260px;",
        )
        solara.Button(
            t("options.save", lang),
            on_click=save,
            outlined=True,
            disabled=plan_now is None,
            classes=[css.OPTIONS_SAVE],
        )
        solara.Button(
            t("options.run", lang),
            on_click=start,
            disabled=job.running or not fits or typed_seed() is None,
            color="primary",
            classes=[css.OPTIONS_RUN],
        )
        solara.ToggleButtonsSingle(value=replications, values=[4, 8, 16, 32])
        solara.Text(t("compare.replications", lang))
    if refused.value is not None and refused.value[0] == plan_now:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t(
                "options.same", lang, name=html.escape(option_label(refused.value[1], lang))
            ),
            classes=[css.OPTIONS_SAME, css.NOTE, "warning--text"],
        )
    if not fits:
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t("options.pick", lang, n=MAX_OPTIONS, chosen=len(chosen)),
            classes=[css.BLOCKED, css.NOTE, "error--text"],
        )
    if job.running:
        solara.ProgressLinear(job.progress * 100, classes=[css.OPTIONS_PROGRESS])
    if job.error:
        solara.Error(t("error.page", lang, message=str(job.error)))
    if job.answer is not None and not job.running:
        result: Options = job.answer[0].named(lambda key: option_label(key, lang))
        OptionsTable(result, lang)
        Chart(Opaque(charts.options_option(result, lang)), css.CHART_OPTIONS, 440)
        DownloadButton(
            lambda: csv_text(csv_headers(result.table(), lang), lang),
            "rapport-side-by-side.csv",
            t("download.options_csv", lang),
            css.DOWNLOAD_OPTIONS_CSV,
            "text/csv",
        )
        DownloadButton(
            lambda: options_png(result, lang),
            "rapport-side-by-side.png",
            t("download.options_png", lang),
            css.DOWNLOAD_OPTIONS_PNG,
        )


def options_png(result: Options, lang: str) -> bytes:
    """Side by side's chart as a PNG, in the page's colours and language."""
    # matplotlib loads at the first export, not at the app's start
    from sim.plots import options_figure, png_bytes

    labels = figure_labels("options", lang, reps=len(result.seeds))
    figure = options_figure(result.quality, charts.option_colours(result), labels=labels)
    return png_bytes(figure)


def option_traits(result: Options, name: str, lang: str) -> str:
    """An option's team at the start in a few words: "60 h/week · perception 0.1 · regulation
    0.1" (a trait its profiles set, as its mean over the reps), and its team size, customers
    per rep and weeks where the options differ in them ("· Weeks 104"): the totals beside it
    add up over its reps, customers and weeks."""
    traits = result.traits[name]
    said = t(
        "options.traits",
        lang,
        effort=format_number(round(traits["reps.effort_hours"], 1), lang),
        perception=format_number(round(traits["reps.perception"], 2), lang),
        regulation=format_number(round(traits["reps.regulation"], 2), lang),
    )
    sizes = [
        describe_setting(setting, result.sizes[name][setting], lang)
        for setting in result.differing_sizes()
    ]
    return " · ".join([said, *sizes])


def interval_bounds(low: str, high: str) -> tuple[str, str]:
    """An interval's bounds as written with their unit once, where both carry the same:
    "2,53 Mio. €" and "2,63 Mio. €" give "2,53" and "2,63 Mio. €"; "€ 2.53 M" and "€ 2.63 M"
    give "€ 2.53" and "2.63 M". A sign is never taken away, nor a unit that differs."""
    tail = re.search(r"[^\d]*$", low)
    if tail and tail.group() and high.endswith(tail.group()):
        low = low[: tail.start()]
    head = re.match(r"[^\d]*", high)
    if head and head.group() and low.startswith(head.group()) and not SIGNS & set(head.group()):
        high = high[head.end() :]
    return low, high


def grouped_heads(first: str, second: str) -> tuple[str, str, str] | None:
    """Two headers that differ only in a last bracket ("Beziehungsqualität (Mittel)",
    "Beziehungsqualität (Ende)") as what they share and each one's bracket ("Beziehungsqualität",
    "Mittel", "Ende"); None for headers that do not."""
    shared, _, one = first.rpartition(" (")
    same, _, other = second.rpartition(" (")
    if shared and shared == same and one.endswith(")") and other.endswith(")"):
        return shared, one[:-1], other[:-1]
    return None


def table_head(lang: str) -> str:
    """The table's header rows: the two relationship-quality columns under one heading (a
    German column headed "Beziehungsqualität" twice needed the word's width twice, and the
    table did not fit a 1024 px window's column)."""
    heads = [t(f"options.col.{c}", lang) for c in COLUMNS]
    grouped = grouped_heads(heads[0], heads[1])
    if grouped is None:
        cells = "".join(f"<th>{head}</th>" for head in (t("options.option", lang), *heads))
        return f"<tr>{cells}</tr>"
    shared, mean, end = grouped
    tall = [t("options.option", lang), *heads[2:]]
    first = [f'<th rowspan="2">{tall[0]}</th>', f'<th colspan="2">{shared}</th>']
    first += [f'<th rowspan="2">{head}</th>' for head in tall[1:]]
    return f"<tr>{''.join(first)}</tr><tr><th>{mean}</th><th>{end}</th></tr>"


@solara.component
def OptionsTable(result: Options, lang: str):
    """A row per option: each outcome's mean with its 95 % interval under it."""
    rows = []
    for name in result.names:
        cells = [html.escape(name)]  # a saved option's name is what the user typed
        if name in result.traits:  # what the option is: its team's hours and empathy
            # each trait whole on a line ("Wahrnehmung 0,1"): the line wraps between them
            traits = " · ".join(
                f"<span>{trait}</span>" for trait in option_traits(result, name, lang).split(" · ")
            )
            cells[0] += f'<div class="{css.OPTIONS_TRAITS}">{traits}</div>'

        for column in COLUMNS:
            # each joined to its unit as the cell's text will be (``t`` binds them), so that
            # the mean is found in the cell below
            mean, low, high = (
                bound_units(format_outcome(column, value, lang), lang)
                for value in result.totals[name][column]
            )
            low, high = interval_bounds(low, high)
            mean, low, high = (
                f'<span class="{css.NUMBER}">{text}</span>' for text in (mean, low, high)
            )
            # The mean on a line of its own, its interval on the next, never broken inside
            # "(a – b)" (css: OPTIONS_INTERVAL): a narrow column broke it as "0,289 (0,282 –"
            # and "0,295)", a line of "–" alone read as a minus sign.
            cell = t("options.cell", lang, mean=mean, low=low, high=high)
            before, _, interval = cell.partition(mean)
            cells.append(
                f'{before}{mean}<span class="{css.OPTIONS_INTERVAL}">{interval.strip()}</span>'
                if interval.strip()
                else cell
            )
        rows.append("<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    solara.HTML(
        tag="div",
        unsafe_innerHTML=t(
            "options.table_note", lang, reps=len(result.seeds), seeds=result.seeds[0]
        ),
        classes=[css.NOTE],
    )
    with solara.Div(classes=[css.OPTIONS_TABLE_BOX]):  # its width sets the table's type
        solara.HTML(
            tag="table",
            unsafe_innerHTML=f"{table_head(lang)}{''.join(rows)}",
            classes=[css.OPTIONS_TABLE, css.TABLE],
        )
