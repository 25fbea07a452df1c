"""ECharts options for the app's charts: plain dicts built from data the model already reports.

ECharts draws in the browser, so a played week sends a few kilobytes of numbers instead of a
re-encoded PNG. Colours: Okabe–Ito for lines (as ``sim.plots``), viridis for the portfolio's
sequential scale; both are distinguishable with the common colour-vision deficiencies.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from frontends.app.css import NARROW, OUTCOMES_NARROW, STACKED
from frontends.app.data import (
    RECENT_CHURN_WEEKS,
    CompareWorlds,
    Comparison,
    EffortCurve,
    Options,
    Portfolio,
    WorldsBand,
)
from frontends.app.i18n import LOCALES, after_weeks, format_number, level_name, profile_name, t
from frontends.app.sentences import changes_by_week, describe_changes
from sim.formats import (
    CHURNED_GREY,
    LEVEL_COLOURS,
    PALETTE,
    VERMILLION,
    VIRIDIS,
    WORLDS_GREY,
    curve_axis_end,
    empathy_colours,
    label_below,
)

FONT = 16  # readable on a projector
FLOWS = ("revenue", "wasted_hours")  # weekly amounts (not levels or running totals)


# Keys of an option whose numbers are sizes of type (or the room type needs) to scale: larger
# type needs a wider chart before a layout fits (a media query's ``maxWidth``).
TYPE_SIZES = ("fontSize", "lineHeight", "nameGap", "maxWidth", "minWidth", "distance", "margin")

# Between a horizontal axis and its labels (px): at ECharts' 8 the digits' tops reached into the
# 5-px ticks, and presenting, with larger type and the same 8, they ran through them.
X_LABEL_MARGIN = 12


# A grid's margins (in px) hold the axis labels and names, so they grow with the type.
GRID_SIDES = ("left", "right", "top", "bottom")


# Decimals a tooltip shows: relationship quality (0–1) to 2, a difference in it to 3, weekly
# revenue (k€) and hours to 1, customers whole; an axis's ticks are round numbers and show
# what they have, up to 3.
QUALITY_DIGITS, DIFFERENCE_DIGITS, FLOW_DIGITS, AXIS_DIGITS = 2, 3, 1, 3
# A mixed team's profiles on the relationship chart: a dash each, beside a colour each.
PROFILE_DASHES = ("solid", "dashed", "dotted")


def number_format(lang: str, digits: int) -> dict[str, Any]:
    """Where an ECharts formatter goes: numbers in ``lang``'s notation with at most ``digits``
    decimals. The page's chart widget (``widgets.LocalisedEcharts``) makes it a function."""
    return {"rapportNumber": {"locale": LOCALES[lang], "digits": digits}}


def localised(option: dict[str, Any], lang: str, digits: int) -> dict[str, Any]:
    """``option`` with its value axes' labels and its tooltip's values in ``lang``'s notation,
    the tooltip's rounded to ``digits`` decimals (a series may set its own), and its horizontal
    axes' labels clear of their ticks."""
    for key in ("xAxis", "yAxis"):
        axes = option.get(key, [])
        for axis in axes if isinstance(axes, list) else [axes]:
            if key == "xAxis":
                axis["axisLabel"] = {"margin": X_LABEL_MARGIN, **axis.get("axisLabel", {})}
            if axis.get("type") == "value":
                axis["axisLabel"] = {
                    **axis.get("axisLabel", {}),
                    "formatter": number_format(lang, AXIS_DIGITS),
                }
                if key == "xAxis":
                    # the tooltip's heading: a week or an effort, whole ("4", not "4.00")
                    axis["axisPointer"] = {"label": {"precision": 0}}
    option["tooltip"] = {**option.get("tooltip", {}), "valueFormatter": number_format(lang, digits)}
    return option


def scaled(option: Any, factor: float, sizes: tuple[str, ...] = TYPE_SIZES) -> Any:
    """A copy of a chart option with every size of type (and the grids' margins in px)
    multiplied by ``factor``."""
    if factor == 1:
        return option
    if isinstance(option, dict):
        return {
            key: round(value * factor)
            if key in sizes and isinstance(value, int | float)
            else scaled(value, factor, TYPE_SIZES + GRID_SIDES if key == "grid" else TYPE_SIZES)
            for key, value in option.items()
        }
    if isinstance(option, list):
        return [scaled(item, factor, sizes) for item in option]
    return option


def _axis(name: str, **extra) -> dict:
    return {
        "name": name,
        "nameLocation": "middle",
        "nameGap": 32,
        "nameTextStyle": {"fontSize": FONT},
        "axisLabel": {"fontSize": FONT - 2},
        **extra,
    }


def axis_lines(name: str) -> str:
    """A long axis name on two lines, broken at the space nearest its middle: a vertical axis's
    name longer than a projector's short plot ("Beziehungsqualität nach 52 Wochen" at 1280×720)
    was cut at both ends."""
    if len(name) <= 24 or " " not in name:
        return name
    spaces = [i for i, c in enumerate(name) if c == " "]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return f"{name[:cut]}\n{name[cut + 1 :]}"


def short_name(name: str) -> str:
    """A name without its parenthesis: "Unterschied" of "Unterschied (Variante − Basis)"."""
    return name.split(" (")[0]


def _base(title: str, description: str | None = None) -> dict:
    """What every chart shares; ``description`` (else the title) is what a screen reader says of
    the chart: ECharts writes it into the chart's ``aria-label`` (an accessibility audit found
    the canvases had no name and no text at all)."""
    return {
        "animation": False,
        "aria": {"enabled": True, "label": {"description": description or title}},
        # below the canvas's top edge: at 5 px (ECharts' default) it cut the tops of the larger
        # letters of presentation mode
        "title": {"text": title, "top": 10, "textStyle": {"fontSize": FONT + 2}},
        "textStyle": {"fontSize": FONT},
        "tooltip": {"trigger": "axis", "textStyle": {"fontSize": FONT - 2}},
    }


def described(option: dict[str, Any], lang: str, exported: bool = False) -> dict[str, Any]:
    """``option`` with its titles as what a screen reader says of the chart (where ``_base``
    was given none), and, for a live chart (``exported``), where its numbers are: ECharts' own
    description was English on a German page ("This is a chart about ... It consists of 3
    series count")."""
    label = option["aria"]["label"]
    if not label["description"]:
        titles = option.get("title", [])
        texts = [x.get("text", "") for x in (titles if isinstance(titles, list) else [titles])]
        where = " " + t("chart.aria", lang) if exported else ""
        label["description"] = "; ".join(x for x in texts if x) + "." + where
    return option


# The changes' labels on the relationship chart: horizontal, each above its dashed line's top,
# in a band the plot leaves free above it (drawn along the line they crossed the curves, and a
# long one ran below the x-axis). Where two labels would touch, the later one goes a line
# higher; a label with no room left within ``CHANGE_LINES`` lines is left out (its line stays,
# and its tooltip says what changed). Where they fall depends on the chart's width: a layout
# for each of ``CHANGE_WIDTHS`` holds from that width on (a media query each); a chart
# ``NARROW`` px wide or less shows no labels.
CHANGE_LINE = 18  # px a line of label takes in the band (``FONT - 2`` type)
CHANGE_LINES = 3
CHANGE_GAP = 12  # px between two labels side by side
CHAR_EM = 0.62  # a character's width in em, generous for the labels' sans-serif type
CHANGE_WIDTHS = (NARROW, 800, 1100)  # px, a chart's width
GRID_TOP = 60  # px above the plot: the title and the legend, and one line of labels
GRID_X = {"left": 70, "right": 30}  # px beside the relationship chart's plot


def _change_labels(
    weeks: list[int], texts: list[str], total_weeks: int, plot_width: float
) -> tuple[list[tuple[str, int, bool]], int]:
    """Where each change's label goes in a plot ``plot_width`` px wide: (align, lines up,
    shown) per change, and how many lines of the band the labels take."""
    per_week = plot_width / max(total_weeks, 1)  # px
    taken: list[tuple[float, float, int, int]] = []  # (from, to) in weeks, (low, high) lines
    placed = []
    for week, text in zip(weeks, texts, strict=True):
        lines = text.split("\n")
        span = (CHAR_EM * (FONT - 2) * max(map(len, lines)) + CHANGE_GAP) / per_week
        # from its line rightwards, as one reads; leftwards where it would leave the plot
        align, start = ("left", week) if week + span <= total_weeks else ("right", week - span)
        end = start + span
        low = 0
        for left, right, below, above in sorted(taken, key=lambda box: box[2]):
            if left < end and start < right and below < low + len(lines) and low < above:
                low = above
        shown = low + len(lines) <= CHANGE_LINES
        if shown:
            taken.append((start, end, low, low + len(lines)))
        placed.append((align, low, shown))
    return placed, max((above for *_, above in taken), default=0)


def _changes(series: dict[str, list]) -> dict[int, dict]:
    """The run's changes by week (``changes_by_week``)."""
    return changes_by_week(series["interventions"], series["changes"])


def _intervention_lines(series: dict[str, list], lang: str) -> dict:
    """A dashed line at each week after which a change was made, its tooltip saying what
    changed; unlabelled (the relationship chart labels them: ``_change_marks``). The line and
    its text name the same week: the tick at which it stands, "after week 11"; the first week
    run with the change is the next one, as the page counts weeks from 1."""
    return {
        "symbol": "none",
        "lineStyle": {"color": VERMILLION, "type": "dashed", "width": 2},
        "emphasis": {"lineStyle": {"width": 2}},
        "tooltip": {"formatter": "{b}"},
        "label": {
            "show": False,
            "position": "end",
            "fontSize": FONT - 2,
            "lineHeight": CHANGE_LINE,
            "color": "#333333",  # dark: vermillion type is too faint to read on a projector
        },
        "data": [
            {
                "xAxis": week,
                "name": t("intervened", lang, week=week, changes=describe_changes(items, lang)),
            }
            for week, items in _changes(series).items()
        ],
    }


def _change_marks(
    series: dict[str, list], lang: str, total_weeks: int, chart_width: int
) -> tuple[list[dict], int]:
    """The change lines' data, each with a brief label (``_change_labels``) laid out for a chart
    ``chart_width`` px wide, and how many lines of labels stand above the plot."""
    lines = _intervention_lines(series, lang)["data"]
    briefs = [describe_changes(items, lang, brief=True) for items in _changes(series).values()]
    weeks = [line["xAxis"] for line in lines]
    plot_width = chart_width - sum(GRID_X.values())
    placed, height = _change_labels(weeks, briefs, total_weeks, plot_width)
    for line, brief, (align, low, shown) in zip(lines, briefs, placed, strict=True):
        line["label"] = {
            "show": shown,
            "formatter": brief,
            "align": align,
            "distance": 4 + low * CHANGE_LINE,
        }
    return lines, height


def relationship_option(
    series: dict[str, list],
    reps: tuple[list[int], list[str], list[list[float]], list[float]],
    total_weeks: int,
    lang: str,
) -> dict[str, Any]:
    """Team mean (bold, black) and each rep (thin) over the weeks, a colour per profile by its
    empathy as every chart gives it (``empathy_colours``: a hard worker in the effort curve's
    low-empathy colour, a smart worker in its high-empathy one)."""
    rep_ids, stored, values, empathy = reps
    profiles = [profile_name(p, lang) for p in stored]  # the names shown, in ``lang``
    colour = empathy_colours(
        {p: float(np.mean([e for q, e in zip(profiles, empathy, strict=True) if q == p]))
         for p in dict.fromkeys(profiles)}
    )  # fmt: skip
    # and a dash of its own, so that profiles differ by more than colour (WCAG 1.4.1): the
    # least empathy solid, then dashed, dotted
    dash = {p: PROFILE_DASHES[i % len(PROFILE_DASHES)] for i, p in enumerate(colour)}
    weeks = series["week"]
    layouts = [_change_marks(series, lang, total_weeks, width) for width in CHANGE_WIDTHS]
    lines: list[dict] = [
        {
            "name": f"{t('chart.rep', lang)} {rep + 1}",
            "type": "line",
            "showSymbol": False,
            "silent": True,
            "lineStyle": {
                "width": 1,
                "opacity": 0.45,
                "color": colour[profile],
                "type": dash[profile],
            },
            "itemStyle": {"color": colour[profile]},
            "data": list(zip(weeks, vals, strict=True)),
            "z": 1,
        }
        for rep, profile, vals in zip(rep_ids, profiles, values, strict=True)
    ]
    # A key to the thin lines: empty series, so the legend shows them: one per profile's colour,
    # or, for a team of one colour, "each rep" (an instructor was asked what the thin lines are).
    keys = colour if len(colour) > 1 else {t("chart.each_rep", lang): next(iter(colour.values()))}
    lines += [
        {
            "name": p,
            "type": "line",
            "data": [],
            "itemStyle": {"color": c},
            "lineStyle": {
                "color": c,
                "width": 1 if len(colour) == 1 else 2,
                "type": dash.get(p, "solid"),
            },
        }
        for p, c in keys.items()
    ]  # before the team mean, which stays the last series
    lines.append(
        {
            "name": t("chart.team_mean", lang),
            "id": "team_mean",
            "type": "line",
            "showSymbol": False,
            "lineStyle": {"width": 4, "color": "#000000"},
            "itemStyle": {"color": "#000000"},
            "data": list(zip(weeks, series["relational_performance"], strict=True)),
            "markLine": {**_intervention_lines(series, lang), "data": layouts[0][0]},
            "z": 3,
        }
    )
    quality = series["relational_performance"]
    low = int(np.argmin(quality)) if quality else 0
    summary = t(
        "chart.relationship.aria",
        lang,
        title=t("chart.relationship", lang),
        reps=len(rep_ids),
        first=format_number(quality[0], lang, QUALITY_DIGITS) if quality else "–",
        last=format_number(quality[-1], lang, QUALITY_DIGITS) if quality else "–",
        week=weeks[-1] if weeks else 0,
        low=format_number(quality[low], lang, QUALITY_DIGITS) if quality else "–",
        low_week=weeks[low] if weeks else 0,
    )
    option = _base(t("chart.relationship", lang), summary)
    option.update(
        {
            "grid": {**GRID_X, "top": GRID_TOP, "bottom": 60},
            "legend": {
                "data": [t("chart.team_mean", lang), *keys],
                "selectedMode": False,
                "right": 10,
                "top": 5,
                "textStyle": {"fontSize": FONT - 2},
            },
            "xAxis": _axis(t("chart.week", lang), type="value", min=0, max=total_weeks),
            "yAxis": _axis(t("chart.relationship.y", lang), type="value", min=0, max=1, nameGap=45),
            "series": lines,
        }
    )
    option["tooltip"] = {"trigger": "item", "textStyle": {"fontSize": FONT - 2}}
    localised(option, lang, QUALITY_DIGITS)
    # On a phone the legend goes under the title instead of beside it, and the changes' labels
    # give way (their tooltips say what changed). Wider, a layout of the labels for each range
    # of widths; its lines after the first make room above the plot. Each entry sets all that
    # another one changes: ECharts restores nothing by itself, so a chart once narrow (for a
    # moment while the page is laid out) kept the phone's layout.
    option["media"] = [
        {
            "query": {"maxWidth": NARROW},
            "option": {
                "legend": {"right": "auto", "left": 10, "top": 32},
                "grid": {"left": 55, "right": 12, "top": 90},
                "series": [{"id": "team_mean", "markLine": _intervention_lines(series, lang)}],
            },
        }
    ]
    # Narrower than the title and the legend side by side (a mixed team's key at 1024 px), the
    # legend goes under the title and the plot a row down: "Teammittel" was drawn over the title.
    beside = title_and_legend_width(t("chart.relationship", lang), option["legend"]["data"])
    for i, (marks, height) in enumerate(layouts):
        low = CHANGE_WIDTHS[i]
        high = CHANGE_WIDTHS[i + 1] if i + 1 < len(CHANGE_WIDTHS) else None
        parts = [(low, high)]
        if low < beside and (high is None or beside < high):
            parts = [(low, beside), (beside, high)]
        for start, end in parts:
            query = {"minWidth": start + 1, **({"maxWidth": end} if end is not None else {})}
            under = end is not None and end <= beside
            top = GRID_TOP + max(height - 1, 0) * CHANGE_LINE + (LEGEND_ROW if under else 0)
            legend = {"right": "auto", "left": 10, "top": 36} if under else {}
            option["media"].append(
                {
                    "query": query,
                    "option": {
                        "legend": legend or {"left": "auto", "right": 10, "top": 5},
                        "grid": {**GRID_X, "top": top},
                        "series": [{"id": "team_mean", "markLine": {"data": marks}}],
                    },
                }
            )
    return option


def title_and_legend_width(title: str, names: list[str]) -> int:
    """A conservative width (px) of a chart's title and its one-row legend side by side, with
    the margins around them (``LEGEND_CHAR`` and ``LEGEND_ENTRY`` as ``legend_rows`` has them)."""
    legend = sum(LEGEND_CHAR * (FONT - 2) * len(name) + LEGEND_ENTRY for name in names)
    return round(LEGEND_CHAR * (FONT + 2) * len(title) + legend + 40)


def outcomes_option(series: dict[str, list], total_weeks: int, lang: str) -> dict[str, Any]:
    """Revenue, cumulative churn and wasted hours: three small charts side by side."""
    names = ["revenue", "churned", "wasted_hours"]
    colours = [PALETTE[2], PALETTE[3], PALETTE[1]]
    option = _base("")
    option.pop("title")
    option["title"] = [
        {
            "text": t(f"metric.{name}", lang),
            "left": f"{2 + 33.3 * i:.1f}%",
            "textStyle": {"fontSize": FONT},
        }
        for i, name in enumerate(names)
    ]
    option["grid"] = [
        {"left": f"{5 + 33.3 * i:.1f}%", "right": f"{70 - 33.3 * i:.1f}%", "top": 45, "bottom": 50}
        for i in range(3)
    ]
    option["xAxis"] = [
        {**_axis(t("chart.week", lang), type="value", min=0, max=total_weeks), "gridIndex": i}
        for i in range(3)
    ]
    option["yAxis"] = [
        {"type": "value", "gridIndex": i, "axisLabel": {"fontSize": FONT - 2}, "scale": False}
        for i in range(3)
    ]
    option["series"] = [
        {
            "name": t(f"metric.{name}", lang),
            "type": "line",
            "showSymbol": False,
            "xAxisIndex": i,
            "yAxisIndex": i,
            "lineStyle": {"width": 3, "color": colours[i]},
            "itemStyle": {"color": colours[i]},
            # Revenue and hours are weekly flows: week 0 (the start, before any week ran)
            # has none, and a 0 there would read as a collapse at the start.
            "data": [
                (week, value)
                for week, value in zip(series["week"], series[name], strict=True)
                if week > 0 or name not in FLOWS
            ],
            "markLine": _intervention_lines(series, lang),
            "tooltip": {"valueFormatter": number_format(lang, FLOW_DIGITS if name in FLOWS else 0)},
        }
        for i, name in enumerate(names)
    ]
    localised(option, lang, FLOW_DIGITS)
    # In a narrow chart the three charts stack; the page's CSS makes the container 3 * STACKED
    # px tall then (times PRESENT_SCALE when presenting), so positions are shares of its height.
    share = 100 / (3 * STACKED)
    option["media"] = [
        {
            "query": {"maxWidth": OUTCOMES_NARROW},
            "option": {
                "title": [{"left": 5, "top": f"{share * STACKED * i:.1f}%"} for i in range(3)],
                "grid": [
                    {
                        "left": 60,
                        "right": 12,
                        "top": f"{share * (STACKED * i + 40):.1f}%",
                        "height": f"{share * (STACKED - 95):.1f}%",
                    }
                    for i in range(3)
                ],
            },
        }
    ]
    return described(option, lang, exported=True)


def portfolio_option(data: Portfolio, lang: str) -> dict[str, Any]:
    """Heatmap: a row per rep, a cell per customer, coloured by relationship; marks on top."""
    rel = data.relationship
    n_reps, n_cols = rel.shape
    rows, cols = np.meshgrid(np.arange(n_reps), np.arange(n_cols), indexing="ij")
    # Recently lost customers are a series of their own in grey: a value outside the colour
    # scale would be drawn in its end colour (ECharts clamps to the range), not grey.
    lost = data.recently_churned
    # x, y, relationship and whether the customer is irritated (for the tooltip; the colour
    # scale reads the third value)
    cells = np.column_stack(
        [cols[~lost], rows[~lost], np.round(rel[~lost], 3), data.irritated[~lost]]
    ).tolist()
    lost_cells = np.column_stack([cols[lost], rows[lost], np.zeros(int(lost.sum()))]).tolist()
    marks = np.column_stack([cols[data.irritated], rows[data.irritated]]).tolist()
    labels = [str(r + 1) for r in data.reps]
    columns = [str(slot + 1) for slot in data.slots]
    summary = t(
        "chart.portfolio.aria",
        lang,
        reps=n_reps,
        customers=n_cols,
        irritated=int(data.irritated.sum()),
        lost=int(lost.sum()),
        weeks=RECENT_CHURN_WEEKS,
    )
    option = _base("", summary)
    option.pop("title")
    option.update(
        {
            "tooltip": {"trigger": "item", "textStyle": {"fontSize": FONT - 2}},
            "grid": {"left": 60, "right": 110, "top": 10, "bottom": 50},
            "xAxis": _axis(
                t("portfolio.customer", lang),
                type="category",
                data=columns,
                splitArea={"show": False},
                axisLabel={"show": False},
            ),
            "yAxis": _axis(
                t("portfolio.rep", lang),
                type="category",
                data=labels,
                inverse=True,
                nameGap=40,
                axisLabel={"fontSize": FONT - 2, "interval": "auto"},
            ),
            "visualMap": [
                {
                    "seriesIndex": 0,
                    "dimension": 2,
                    "min": 0,
                    "max": 1,
                    "calculable": False,
                    "orient": "vertical",
                    "right": 10,
                    "top": "center",
                    "itemHeight": 180,
                    "precision": 1,
                    "text": [format_number(1.0, lang, 1), format_number(0.0, lang, 1)],
                    "textGap": 6,
                    "textStyle": {"fontSize": FONT - 2},
                    "inRange": {"color": VIRIDIS},
                },
                {
                    # every lost customer's cell in grey (a heatmap needs a visual map)
                    "type": "piecewise",
                    "seriesIndex": 1,
                    "show": False,
                    "pieces": [{"min": -1, "max": 1, "color": CHURNED_GREY}],
                },
            ],
            "series": [
                {
                    "name": t("portfolio.colour", lang),
                    "type": "heatmap",
                    "data": cells,
                    "itemStyle": {"borderColor": "#fff"},
                },
                {
                    "name": t("portfolio.churned", lang, weeks=RECENT_CHURN_WEEKS),
                    "type": "heatmap",
                    "data": lost_cells,
                    "itemStyle": {"color": CHURNED_GREY, "borderColor": "#fff"},
                },
                {
                    "type": "scatter",
                    "data": marks,
                    "symbol": "circle",
                    "symbolSize": 6,  # small: most cells of a pushy team carry one
                    "silent": True,
                    "itemStyle": {"color": "#000000", "borderColor": "#FFFFFF", "borderWidth": 1.5},
                },
            ],
        }
    )
    option = localised(option, lang, QUALITY_DIGITS)
    # a cell's tooltip names its rep and customer as the axes number them, and says when the
    # customer is irritated (the marks on top take no pointer)
    option["tooltip"]["formatter"] = {
        "rapportCell": {
            **number_format(lang, QUALITY_DIGITS)["rapportNumber"],
            "cell": t("portfolio.cell", lang),
            "rows": labels,
            "columns": columns,
            "flag": t("portfolio.irritated", lang),
        }
    }
    return option  # described by its summary above


# A label's ground where lines may pass behind it: white, nearly opaque, a little margin.
LABEL_GROUND = {"backgroundColor": "rgba(255, 255, 255, 0.9)", "padding": [1, 3], "borderRadius": 3}

# The effort curve's y-axis name lies this far (px) from the axis, beyond its tick labels.
CURVE_NAME_GAP = 50


def effort_curve_option(
    curve: EffortCurve, lang: str, band: WorldsBand | None = None
) -> dict[str, Any]:
    """Final relationship quality over effort per empathy level, current effort and peaks marked;
    with ``band``, the current team's range in 90 % of plausible worlds."""
    option = _base("")
    option.pop("title")
    series = []
    for level, means in curve.means.items():
        name = level_name(level, curve.levels[level], lang, curve.levels)
        entry: dict[str, Any] = {
            "name": name,
            "type": "line",
            "symbolSize": 8,
            "lineStyle": {"width": 4 if level == "current" else 3, "color": LEVEL_COLOURS[level]},
            "itemStyle": {"color": LEVEL_COLOURS[level]},
            "data": list(zip(curve.efforts, means, strict=True)),
        }
        peak = curve.turning_points[level]
        if peak is not None:
            y = float(np.interp(peak, curve.efforts, means))
            # above its peak, or hanging below it where another line passes just above
            crowded = label_below(curve.efforts, curve.means, level, peak)
            # the pin's effort with its unit beside the pin's head, in the line's colour and in
            # type a projector shows ("25 h"; inside the pin only two digits fit)
            entry["markPoint"] = {
                "symbol": "pin",
                "symbolSize": 40,
                **({"symbolRotate": 180, "symbolOffset": [0, 0]} if crowded else {}),
                "label": {
                    "position": "bottom" if crowded else "top",
                    "fontSize": FONT - 2,
                    "fontWeight": "bold",
                    "color": LEVEL_COLOURS[level],
                    # on a white ground: a curve or the worlds' dashed band passing behind the
                    # label struck "25 h" through on the projector
                    **LABEL_GROUND,
                },
                "data": [
                    {
                        "coord": [peak, y],
                        "value": f"{peak:.0f} h",
                        "name": t("curve.turning", lang, effort=peak),
                    }
                ],
            }
        series.append(entry)
    if band is not None:
        series.extend(
            {
                "name": t("curve.worlds.band", lang, count=band.worlds),
                "type": "line",
                "silent": True,
                "showSymbol": False,
                "lineStyle": {"width": 2, "type": "dashed", "color": LEVEL_COLOURS["current"]},
                "itemStyle": {"color": LEVEL_COLOURS["current"]},
                "data": list(zip(band.efforts, bound, strict=True)),
            }
            for bound in (band.low, band.high)
        )
    series[0]["markLine"] = {
        "silent": True,
        "symbol": "none",
        "lineStyle": {"color": "#555555", "type": "dashed", "width": 2},
        "label": {"formatter": t("curve.current_effort", lang), "fontSize": FONT - 2},
        "data": [{"xAxis": curve.current_effort}],
    }
    names = list(dict.fromkeys(entry["name"] for entry in series))
    option.update(
        {
            "legend": {"top": 0, "data": names, "textStyle": {"fontSize": FONT - 2}},
            # under the key, a row for the current effort's label above the plot
            # left: the y-axis name's two lines beyond its gap (88 px cut the first line's tops)
            "grid": {
                "left": CURVE_NAME_GAP + 2 * (FONT + 6) + 8,
                "right": 30,
                "top": LEGEND_ROW + 30,
                "bottom": 60,
            },
            "xAxis": _axis(
                t("curve.x", lang),
                type="value",
                min=0,
                max=curve_axis_end(curve.efforts, curve.current_effort),
                # the axis ends a step past the last effort: its end ("85" beside "80") is room,
                # not a scanned effort
                axisLabel={"fontSize": FONT - 2, "showMaxLabel": False},
            ),
            "yAxis": _axis(
                axis_lines(t("curve.y", lang, after=after_weeks(curve.weeks, lang))),
                type="value",
                min=0,
                max=1,
                nameGap=CURVE_NAME_GAP,
                # two lines need a line height: ECharts drew them over each other without one
                nameTextStyle={"fontSize": FONT, "lineHeight": FONT + 6},
            ),
            "series": series,
        }
    )
    option["media"] = legend_rows(names, top=30)
    return described(localised(option, lang, QUALITY_DIGITS), lang)


# A legend row's height (px) at the legend's type size, and a conservative average width of
# its characters (em) and of an entry's symbol and gaps (px): ECharts wraps a legend wider
# than its chart into rows but keeps the plot where it was, so the rows must be made room for.
LEGEND_ROW, LEGEND_CHAR, LEGEND_ENTRY = 26, 0.58, 45


def legend_rows(names: list[str], top: int, most: int = 4) -> list[dict[str, Any]]:
    """ECharts media queries that move a chart's plot down (``grid.top``: ``top`` px below the
    legend) by a row for every row its legend wraps into as the chart gets narrower.

    The widths are estimated from the names' lengths; in presentation mode ``scaled`` grows
    them (``maxWidth``) with the type.
    """
    font = FONT - 2
    needed = sum(LEGEND_CHAR * font * len(name) + LEGEND_ENTRY for name in names) + 20
    return [
        {
            "query": {"maxWidth": round(needed / (rows - 1))},
            "option": {"grid": {"top": LEGEND_ROW * rows + top}},
        }
        for rows in range(2, most + 1)
    ]


COMPARE_TOP = 45  # px above Compare's upper plot: a row of legend and a gap


def comparison_option(
    result: Comparison, lang: str, worlds: CompareWorlds | None = None
) -> dict[str, Any]:
    """Both mean trajectories (top) and their paired difference with its 95 % band (bottom);
    with ``worlds``, also the difference's range in 90 % of plausible worlds."""
    weeks = result.weeks
    option = _base("")
    option.pop("title")
    band_low = np.round(result.low, 5).tolist()
    band_high = np.round(result.high, 5).tolist()
    option.update(
        {
            "legend": {"top": 0, "textStyle": {"fontSize": FONT - 2}},
            "grid": [
                # its bottom fixed, so that a legend of more rows shortens the plot from the top
                # instead of pushing it (and its axis's name) into the lower one
                {"left": 80, "right": 30, "top": COMPARE_TOP, "bottom": "53%"},
                {"left": 80, "right": 30, "top": "60%", "bottom": 55},
            ],
            "xAxis": [
                # its labels' type as the lower axis's, so that presenting enlarges them too
                {
                    "type": "value",
                    "gridIndex": 0,
                    "min": 0,
                    "max": weeks[-1],
                    "axisLabel": {"fontSize": FONT - 2},
                },
                {
                    **_axis(t("chart.week", lang), type="value", min=0, max=weeks[-1]),
                    "gridIndex": 1,
                },
            ],
            "yAxis": [
                {
                    **_axis(t("chart.relationship.y", lang), type="value", min=0, max=1),
                    "gridIndex": 0,
                    "nameGap": 45,
                },
                {
                    # "difference" alone, the legend says of what: the whole name ("Unterschied
                    # (Was-wäre-wenn − Basis)"), longer than the lower plot is tall, ran into
                    # the upper axis's name and off the chart's bottom when presenting
                    **_axis(short_name(t("compare.difference", lang)), type="value", scale=True),
                    "gridIndex": 1,
                    "nameGap": 55,
                    # a few round ticks: presenting, eight on the short plot ran into each other
                    "splitNumber": 3,
                },
            ],
            "series": [
                {
                    "name": t("compare.baseline", lang),
                    "type": "line",
                    "showSymbol": False,
                    "lineStyle": {"width": 3, "color": PALETTE[0]},
                    "itemStyle": {"color": PALETTE[0]},
                    "data": list(zip(weeks, np.round(result.baseline, 5).tolist(), strict=True)),
                },
                {
                    "name": t("compare.whatif", lang),
                    "type": "line",
                    "showSymbol": False,
                    "lineStyle": {"width": 3, "color": VERMILLION},
                    "itemStyle": {"color": VERMILLION},
                    "data": list(zip(weeks, np.round(result.whatif, 5).tolist(), strict=True)),
                },
                *[
                    {
                        "name": t("compare.band", lang),
                        "type": "line",
                        "xAxisIndex": 1,
                        "yAxisIndex": 1,
                        "silent": True,
                        "showSymbol": False,
                        "lineStyle": {"width": 2, "type": "dashed", "color": PALETTE[5]},
                        "itemStyle": {"color": PALETTE[5]},
                        "data": list(zip(weeks, bound, strict=True)),
                    }
                    for bound in (band_low, band_high)
                ],
                {
                    "name": t("compare.difference", lang),
                    "type": "line",
                    "xAxisIndex": 1,
                    "yAxisIndex": 1,
                    "showSymbol": False,
                    "lineStyle": {"width": 3, "color": "#000000"},
                    "itemStyle": {"color": "#000000"},
                    "data": list(zip(weeks, np.round(result.difference, 5).tolist(), strict=True)),
                    # The weeks in which the band excludes zero: the what-if clearly differs.
                    "markArea": {
                        "silent": True,
                        "itemStyle": {"color": "rgba(213, 94, 0, 0.12)"},
                        "data": [[{"xAxis": a}, {"xAxis": b}] for a, b, _ in result.spans],
                    },
                },
            ],
        }
    )
    if worlds is not None and worlds.weeks == weeks:
        option["series"].extend(
            {
                "name": t("compare.worlds.band", lang, count=worlds.worlds),
                "type": "line",
                "xAxisIndex": 1,
                "yAxisIndex": 1,
                "silent": True,
                "showSymbol": False,
                "lineStyle": {"width": 2, "type": "dashed", "color": WORLDS_GREY},
                "itemStyle": {"color": WORLDS_GREY},
                "data": list(zip(weeks, np.round(bound, 5).tolist(), strict=True)),
            }
            for bound in (worlds.low, worlds.high)
        )
    # the upper plot moves down a row for each row the legend wraps into: with the worlds' band
    # its second row ran into the upper axis's "1" on a 1024-px page
    names = list(dict.fromkeys(entry["name"] for entry in option["series"]))
    option["media"] = legend_rows(names, top=COMPARE_TOP - LEGEND_ROW)
    return described(localised(option, lang, DIFFERENCE_DIGITS), lang)


def option_colours(result: Options) -> dict[str, str]:
    """Each option's colour, on the page and in its PNG: by its team's empathy, as every chart
    gives it (``empathy_colours``), or by its place where an option's empathy is not known."""
    by_empathy = empathy_colours(result.empathy) if set(result.empathy) == set(result.names) else {}
    return {
        name: by_empathy.get(name, PALETTE[i % len(PALETTE)]) for i, name in enumerate(result.names)
    }


def options_option(result: Options, lang: str) -> dict[str, Any]:
    """Relationship quality per option over the weeks: its mean and a shaded 95 % band."""
    option = _base("")
    option.pop("title")
    weeks = max(len(result.quality[name][0]) for name in result.names)

    def padded(values: np.ndarray) -> list:
        # Options may run for different numbers of weeks; the shorter ones end early.
        return np.round(values, 5).tolist() + [None] * (weeks - len(values))

    series: list[dict] = []
    colours = option_colours(result)
    for i, name in enumerate(result.names):
        colour = colours[name]
        mean, low, high = (np.asarray(x, dtype=float) for x in result.quality[name])
        series.append(
            {
                "name": name,
                "type": "line",
                "showSymbol": False,
                "lineStyle": {"width": 3, "color": colour},
                "itemStyle": {"color": colour},
                "data": padded(mean),
                "z": 3,
            }
        )
        # The band: an invisible line at the lower bound and its width stacked on it (stacking
        # needs the weeks as categories).
        for values, area in ((low, None), (high - low, {"color": colour, "opacity": 0.2})):
            band = {
                "name": name,
                "type": "line",
                "stack": f"band-{i}",
                "silent": True,
                "showSymbol": False,
                "lineStyle": {"opacity": 0},
                "tooltip": {"show": False},
                "data": padded(values),
            }
            if area:
                band["areaStyle"] = area
            series.append(band)
    option.update(
        {
            "legend": {"top": 0, "data": result.names, "textStyle": {"fontSize": FONT - 2}},
            "grid": {**GRID_X, "top": GRID_TOP, "bottom": 60},
            "xAxis": _axis(
                t("chart.week", lang),
                type="category",
                boundaryGap=False,
                data=[str(w) for w in range(weeks)],
            ),
            "yAxis": _axis(t("chart.relationship.y", lang), type="value", min=0, max=1, nameGap=45),
            "series": series,
        }
    )
    return described(localised(option, lang, QUALITY_DIGITS), lang)
