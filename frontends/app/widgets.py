"""Building blocks of the page: a chart, a parameter's control, the profiles table, a download."""

from __future__ import annotations

from typing import Any

import reacton.ipyvuetify as rv
import solara
from solara.components.echarts import EchartsWidget

from frontends.app import css, i18n
from frontends.app.data import (
    control_class,
    control_kind,
    control_params,
    control_step,
    parse_number,
)
from frontends.app.i18n import param_help, param_label, t
from frontends.app.sentences import format_value, with_unit
from sim.params import ConfigError, ParamSpec, Profile


class Opaque:
    """Wraps a chart option so that the renderer does not walk its thousands of numbers.

    Reacton looks for elements inside every list and dict passed to a component; an ECharts
    option is data only, so it travels wrapped and goes to the widget in an effect.
    """

    def __init__(self, value: dict):
        self.value = value


@solara.component
def Chart(option: Opaque, hook: str, height: int):
    """An ECharts figure whose option is set on the widget directly (see ``Opaque``)."""
    element = EchartsWidget.element(
        attributes={"style": f"height: {height}px; width: 100%;", "class": hook},
        responsive=True,
    )

    def update():
        solara.get_widget(element).option = option.value

    solara.use_effect(update, [option])
    return element


@solara.component
def ParamControl(spec: ParamSpec, value: Any, on_change, lang: str):
    """One parameter's control: a slider, or a number field for wide ranges."""
    label = param_label(spec, lang)
    allowed = t(
        "help.units",
        lang,
        low=format_value(spec.minimum, lang),
        high=format_value(spec.maximum, lang),
    )
    hint = f"{param_help(spec, lang)} {allowed}."
    classes = f"{control_class(spec.name)} rapport-control"
    if control_kind(spec) == "slider":
        shown = with_unit(format_value(value, lang), spec, lang) if value is not None else ""
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
            tag="div", unsafe_innerHTML=t(f"group.{group}", lang), classes=[css.GROUP_TITLE]
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
        "<tr>" + "".join(f"<td>{format_value(getattr(p, h), lang)}</td>" for h in headers) + "</tr>"
        for p in profiles
    )
    key = "label_de" if lang == "de" else "label"
    heads = "".join(
        f"<th>{(Profile.model_fields[h].json_schema_extra or {}).get(key, h)}</th>" for h in headers
    )
    with solara.Column(gap="2px", classes=[css.PROFILES]):
        solara.HTML(tag="div", unsafe_innerHTML=t("profiles", lang), classes=[css.GROUP_TITLE])
        solara.HTML(
            tag="table",
            unsafe_innerHTML=f"<tr>{heads}</tr>{rows}",
            style="border-collapse: collapse; font-size: 15px; width: 100%;",
        )
        solara.HTML(tag="div", unsafe_innerHTML=t("profiles.note", lang), classes=[css.NOTE])


@solara.component
def DownloadButton(data, filename: str, label: str, hook: str, mime_type: str = "image/png"):
    """A button that downloads what ``data()`` returns when clicked (computed only then)."""
    with solara.FileDownload(data, filename, mime_type=mime_type):
        solara.Button(label, icon_name="mdi-download", outlined=True, classes=[hook])
