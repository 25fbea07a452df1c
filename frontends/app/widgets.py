"""Building blocks of the page: a chart, a parameter's control, the profiles table, a download."""

from __future__ import annotations

import html
from collections.abc import Callable, Hashable, Iterable
from typing import Any

import ipyvuetify as v
import reacton.ipyvuetify as rv
import solara
import traitlets
from solara.components.echarts import EchartsWidget

from experiments.worlds import NothingToVary
from frontends.app import charts, css, i18n
from frontends.app.data import (
    SIZE_SETTINGS,
    Refused,
    chosen_source,
    control_class,
    control_kind,
    control_params,
    control_step,
    entry_text,
    field_problem,
    parse_number,
    profile_traits,
    same_entry,
    size_problem,
    world_sources,
)
from frontends.app.i18n import LOCALES, param_help, param_label, t
from frontends.app.jobs import Job
from frontends.app.sentences import format_value, labelled_problem, nothing_to_vary, with_unit
from sim.params import ConfigError, InertSetting, ParamSpec, Profile, inert_settings
from sim.population import profile_counts


class Opaque:
    """Wraps a chart option so that the renderer does not walk its thousands of numbers.

    Reacton looks for elements inside every list and dict passed to a component; an ECharts
    option is data only, so it travels wrapped and goes to the widget in an effect.
    """

    def __init__(self, value: dict):
        self.value = value


class LocalisedEcharts(EchartsWidget):
    """Solara's ECharts widget that writes numbers in the page's language: where an option
    names a format (``charts.number_format``) its template (``chart.vue``) puts a formatter
    using the browser's ``Intl.NumberFormat``."""

    template_file = (__file__, "chart.vue")


# Whether the page is in presentation mode (provided by the page, read by every chart).
presenting_context = solara.create_context(False)


@solara.component
def Chart(option: Opaque, hook: str, height: int):
    """An ECharts figure whose option is set on the widget directly (see ``Opaque``).

    In presentation mode its type is larger (``css.PRESENT_SCALE``).
    """
    factor = css.PRESENT_SCALE if solara.use_context(presenting_context) else 1
    element = LocalisedEcharts.element(
        attributes={"style": f"height: {height}px; width: 100%;", "class": hook},
        responsive=True,
    )

    def update():
        solara.get_widget(element).option = charts.scaled(option.value, factor)

    solara.use_effect(update, [option, factor])
    return element


@solara.component
def ParamControl(
    spec: ParamSpec,
    value: Any,
    on_change,
    lang: str,
    by_profiles: float | None = None,
    inert: InertSetting | None = None,
    joint: str | None = None,
):
    """One parameter's control: a slider, or a number field for wide ranges.

    ``by_profiles``: the team's mean of a trait every profile sets; the slider then shows it,
    disabled, and says so (moving it would change nothing). ``inert``: the setting has no
    effect where it is set (``sim.params.ACTS_WHEN``); the control says what it needs, and
    stays usable, so that it can be set before what it needs. ``joint``: why the setting is
    refused together with others (the model's size), marked on each of them.
    """
    label = param_label(spec, lang)
    allowed = t(
        "help.units",
        lang,
        low=format_value(spec.minimum, lang),
        high=format_value(spec.maximum, lang),
    )
    hint = f"{param_help(spec, lang)} {allowed}."
    classes = f"{control_class(spec.name)} {css.CONTROL}"
    if inert is not None:
        needs = inert.unless(lambda name: param_label(name, lang), t("inert.or", lang))
        hint = f"{t('inert', lang, condition=needs)} {hint}"
        classes += f" {css.INERT}"
    if by_profiles is not None:
        shown = with_unit(format_value(round(by_profiles, 3), lang), spec, lang)
        rv.Slider(
            v_model=by_profiles,
            min=spec.minimum,
            max=spec.maximum,
            step=control_step(spec),
            label=f"{label}: {shown}",
            hint=t("profiles.fixed", lang, value=shown),
            persistent_hint=True,
            disabled=True,
            class_=f"{classes} {css.BY_PROFILES}",
        )
    elif control_kind(spec) == "slider":
        SliderControl(spec, value, on_change, label, hint, classes, lang, joint)
    else:
        NumberField(
            spec, value, on_change, i18n.labelled_with_unit(spec, lang), hint, classes, lang, joint
        )


def unnamed_problem(spec: ParamSpec, problem: str, lang: str) -> str:
    """A field's own problem in ``lang`` under the field, without its name, which the field's
    label gives ("'abc' is not a number", not "reps.count: 'abc' is not a number")."""
    text = i18n.problem_text(problem, lang)
    return text.removeprefix(f"{spec.name}: ")


def refusal(joint: str | None, lang: str) -> list[str]:
    """A control's error for a problem it shares with other settings (``labelled_problem``)."""
    return [t("invalid", lang, message=labelled_problem(joint, lang))] if joint else []


# Decimals a slider's value keeps (its steps have at most 3; more would be the browser's float
# arithmetic, which went into shared addresses and scenario files).
SLIDER_DIGITS = 9


@solara.component
def SliderControl(
    spec: ParamSpec,
    value: Any,
    on_change,
    label: str,
    hint: str,
    classes: str,
    lang: str,
    joint: str | None = None,
):
    """A slider that reports a value when it is released (or moved by a key), not while dragged.

    While the run plays, a drag would otherwise be a ramp of changes, one per week it lasts.
    """
    shown = with_unit(format_value(value, lang), spec, lang) if value is not None else ""
    # The thumb's position is the browser's. The server pushes a position only when the setting
    # changed elsewhere (a preset, Reset, a scenario). Pushing back each value this slider
    # reported would race the next key press: ten quick presses of → came back as six.
    position = solara.use_ref(value)
    # After a burst of key presses the browser's last positions reach the server after the
    # last render, whose older position the page's next update pushed back: the thumb stood at
    # 58 while the label and the run said 50. A position the browser reports that differs from
    # the rendered one is therefore rendered too (equal to the widget's, it pushes nothing).
    rendered = solara.use_ref(value)
    _, redraw = solara.use_state(0)
    seen = solara.use_ref(value)  # the setting at the last render
    reported = solara.use_ref(None)  # what this slider last reported, until it shows up
    if value != seen.current:
        seen.current = value
        if value == reported.current:
            reported.current = None
        else:
            position.current = value
            reported.current = None

    def moved(new: Any) -> None:
        position.current = within_slider(spec, new)
        if new != rendered.current:
            redraw(lambda n: n + 1)

    rendered.current = position.current
    slider = rv.Slider(
        v_model=position.current,
        on_v_model=moved,
        min=spec.minimum,
        max=spec.maximum,
        step=control_step(spec),
        label=f"{label}: {shown}",
        hint=hint,
        persistent_hint=True,
        thumb_label=True,
        # the bubble over the thumb writes the value as the label does ("0,5" on a German
        # page), not as JavaScript does ("0.5")
        v_slots=[{"name": "thumb-label", "children": [ThumbNumber.element(locale=LOCALES[lang])]}],
        error_messages=refusal(joint, lang),
        class_=classes,
        # Vuetify gives these to the thumb: a screen reader says "30 h/Woche", not a bare
        # "30" (aria-valuenow) that names no unit
        attributes={"aria-valuetext": shown} if shown else {},
    )

    def released(widget: Any, event: str, data: Any) -> None:
        # the browser computes min + k × step in binary: 0.45999999999999996 for 0.46
        chosen = int(data) if spec.type == "int" else round(float(data), SLIDER_DIGITS)
        chosen = within_slider(spec, chosen)
        reported.current = chosen
        on_change(spec.name, chosen)

    # Vuetify's slider emits "change" when the thumb is released, the track clicked or a key
    # pressed; "input" (v_model) follows every pixel of a drag.
    solara.v.use_event(slider, "change", released)


def within_slider(spec: ParamSpec, value: Any) -> Any:
    """A slider's value within its ends. Vuetify 2's slider moves past its maximum by keyboard:
    PageUp at 80 h gave 90, which the run then refused ("Effort: 90 is above the maximum 80")
    and which no mouse can set."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if spec.maximum is not None and value > spec.maximum:
        value = type(value)(spec.maximum)
    if spec.minimum is not None and value < spec.minimum:
        value = type(value)(spec.minimum)
    return value


@solara.component
def NumberField(
    spec: ParamSpec,
    value: Any,
    on_change,
    label: str,
    hint: str,
    classes: str,
    lang: str,
    joint: str | None = None,
):
    """A number field that applies its text on Enter or when left, and says why it refuses it.

    While the user types, the text stays as typed (the page never rewrites it: a server echo
    would race the next keystroke) and a refused entry is explained under the field at once.
    Partial entries ("9" on the way to "90") are never applied. A value set elsewhere (a
    preset) replaces the text.

    A text field, not the browser's number field: that one drops a decimal comma it does not
    expect (German "0,5" arrived as 5), so the server reads the text in the page's language
    (``parse_number``) and refuses what it cannot read for sure.
    """
    # (text, the value when it was typed); a new value or language shows the value afresh
    typed = solara.use_reactive((entry_text(value, lang), value))
    text, typed_over = typed.value
    if typed_over != value and not same_entry(spec, text, value, lang):
        text = entry_text(value, lang)  # the value was set elsewhere since
    problem = field_problem(spec, text, lang)

    def on_text(new: str | None) -> None:
        typed.set(("" if new is None else str(new), value))

    def commit(widget: Any, event: str, data: Any) -> None:
        entry = "" if data is None else str(data)
        typed.set((entry, value))
        try:
            on_change(spec.name, parse_number(spec, entry, lang))
        except ConfigError as error:
            on_change(spec.name, Refused(entry, str(error)))

    field = rv.TextField(
        v_model=text,
        on_v_model=on_text,
        label=label,
        hint=hint,
        persistent_hint=True,
        error_messages=[t("invalid", lang, message=unnamed_problem(spec, problem, lang))]
        if problem
        else refusal(joint, lang),
        class_=classes,
        # a phone offers its number keys (with the decimal mark where there is one)
        attributes={"inputmode": "numeric" if spec.type == "int" else "decimal"},
    )
    # Vuetify's text field emits "change" on Enter and when it loses the focus.
    solara.v.use_event(field, "change", commit)


@solara.component
def ControlGroup(group: str, values: dict, on_change, lang: str):
    with solara.Column(gap="4px"):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t(f"group.{group}", lang),
            classes=[css.GROUP_TITLE],
            attributes=css.HEADING,
        )
        fixed = profile_traits(values.get("reps.profiles", ()), values.get("reps.count"))
        inert = {s.name: s for s in inert_settings(values)}
        too_large = size_problem(values)
        for spec in control_params([group]):
            ParamControl(
                spec,
                values[spec.name],
                on_change,
                lang,
                fixed.get(spec.name),
                inert.get(spec.name),
                too_large if spec.name in SIZE_SETTINGS else None,
            )


@solara.component
def Profiles(profiles: tuple, count: Any, lang: str):
    """The scenario's team profiles, read-only (a list is no slider), with the reps each gets
    of a team of ``count`` (the team size as set; left out while its field holds no number)."""
    if not profiles:
        return
    headers = ["name", "share", "effort_hours", "perception", "regulation"]

    def cell(profile: Profile, header: str) -> str:
        value = getattr(profile, header)
        text = i18n.profile_name(value, lang) if header == "name" else format_value(value, lang)
        return f"<td>{html.escape(text)}</td>"

    # Shares become whole reps (largest remainder), as the model builds the team.
    sized = isinstance(count, int) and not isinstance(count, bool)
    reps = profile_counts([p.share for p in profiles], count) if sized else []
    rows = "".join(
        "<tr>"
        + "".join(cell(p, h) for h in headers)
        + (f"<td>{format_value(reps[i], lang)}</td>" if sized else "")
        + "</tr>"
        for i, p in enumerate(profiles)
    )
    key = "label_de" if lang == "de" else "label"
    heads = "".join(
        f"<th>{(Profile.model_fields[h].json_schema_extra or {}).get(key, h)}</th>" for h in headers
    ) + (f"<th>{t('profiles.reps', lang)}</th>" if sized else "")
    note = t("profiles.note", lang)
    if sized:
        note += " " + t("profiles.rounded", lang, count=format_value(count, lang))
    with solara.Column(gap="2px", classes=[css.PROFILES]):
        solara.HTML(
            tag="div",
            unsafe_innerHTML=t("profiles", lang),
            classes=[css.GROUP_TITLE],
            attributes=css.HEADING,
        )
        solara.HTML(
            tag="table",
            unsafe_innerHTML=f"<tr>{heads}</tr>{rows}",
            style="border-collapse: collapse; font-size: 15px; width: 100%;",
        )
        solara.HTML(tag="div", unsafe_innerHTML=note, classes=[css.NOTE])


@solara.component
def DownloadButton(data, filename: str, label: str, hook: str, mime_type: str = "image/png"):
    """A button that downloads what ``data()`` returns when clicked (computed only then)."""
    with solara.FileDownload(data, filename, mime_type=mime_type):
        solara.Button(label, icon_name="mdi-download", outlined=True, classes=[hook])


class SkipLink(v.VuetifyTemplate):
    """The page's first stop for the keyboard: a link, shown only while it has the focus, that
    moves the focus to the run's first button that can be pressed (``targets``: hooks in order,
    Play first). Without it a keyboard user pressed Tab 35 times, through every setting of the
    sidebar, to reach Play."""

    template = traitlets.Unicode(
        """<template><a href="#" :class="hook" @click.prevent="go">{{ label }}</a></template>
<script>
module.exports = {
  methods: {
    go() {
      const found = this.targets
        .map((hook) => document.querySelector("." + hook))
        .find((button) => button && !button.disabled);
      if (found) found.focus();
    },
  },
};
</script>"""
    ).tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)
    hook = traitlets.Unicode(css.SKIP).tag(sync=True)
    targets = traitlets.List(traitlets.Unicode(), []).tag(sync=True)


class KeepFocus(v.VuetifyTemplate):
    """Keeps the keyboard's place when the control that has it goes away: a button disabled
    under it (Play at the run's last week) or drawn anew (Present, whose row gains the
    scenario's name). The browser then moved the focus to the page itself, and a keyboard
    user started again from the top, through the skip link (an accessibility audit).

    ``chains``: lists of hooks; a focused control with the first hook of a chain whose element
    goes away gives the focus to the first element of that chain still there and enabled (its
    own hook first, drawn anew). Nothing moves while the control is there and enabled, so a
    click elsewhere on the page keeps its effect.
    """

    template = traitlets.Unicode(
        """<template><span style="display: none"></span></template>
<script>
module.exports = {
  mounted() {
    this.onFocus = (event) => {
      const element = event.target.closest && event.target.closest("button, a, input");
      const chain = element && this.chains.find((hooks) => element.classList.contains(hooks[0]));
      if (chain) { this.element = element; this.chain = chain; }
      else if (element) this.element = null;
    };
    // The focus left a control that is still there and enabled (a click elsewhere, Tab away):
    // the user moved it, so nothing is given back later.
    this.onBlur = (event) => {
      const left = event.target;
      if (left !== this.element) return;
      setTimeout(() => {
        const moved = left.isConnected && !left.disabled && document.activeElement !== left;
        if (this.element === left && moved) this.element = null;
      }, 0);
    };
    document.addEventListener("focusin", this.onFocus);
    document.addEventListener("focusout", this.onBlur);
    this.timer = setInterval(() => this.keep(), 150);
  },
  destroyed() {
    document.removeEventListener("focusin", this.onFocus);
    document.removeEventListener("focusout", this.onBlur);
    clearInterval(this.timer);
  },
  methods: {
    keep() {
      const gone = this.element && (!this.element.isConnected || this.element.disabled);
      if (!gone) return;
      const now = document.activeElement;
      if (now && now !== document.body && now !== this.element) { this.element = null; return; }
      const next = this.chain
        .map((hook) => document.querySelector("." + hook))
        .find((found) => found && found !== this.element && !found.disabled);
      this.element = null;
      if (next) next.focus();
    },
  },
};
</script>"""
    ).tag(sync=True)
    chains = traitlets.List(traitlets.List(traitlets.Unicode()), []).tag(sync=True)


class LinkHints(v.VuetifyTemplate):
    """Links each control to the words under it: its hint, or while a setting is refused, why
    (``aria-describedby`` on the slider's thumb or the field's input, to Vuetify's messages
    box). Vuetify 2 draws them side by side without a link, so a screen reader read "Effort,
    slider, 30" and never the hint's "hours of customer-facing work a week ..." or its bounds
    (an accessibility audit). Controls drawn later (the advanced settings' panel) are linked
    when they appear."""

    template = traitlets.Unicode(
        """<template><span style="display: none"></span></template>
<script>
module.exports = {
  mounted() {
    this.link();
    this.timer = setInterval(() => this.link(), 500);
  },
  destroyed() { clearInterval(this.timer); },
  methods: {
    link() {
      for (const box of document.querySelectorAll("." + this.scope + " .v-input")) {
        const control = box.querySelector(
          "[role=slider], input:not([type=hidden]):not([tabindex='-1'])");
        const messages = box.querySelector(".v-messages");
        if (!control || !messages) continue;
        if (!messages.id) messages.id = "rapport-hint-" + (this.next = (this.next || 0) + 1);
        if (control.getAttribute("aria-describedby") !== messages.id) {
          control.setAttribute("aria-describedby", messages.id);
        }
      }
    },
  },
};
</script>"""
    ).tag(sync=True)
    scope = traitlets.Unicode(css.APP).tag(sync=True)


class AddressBar(v.VuetifyTemplate):
    """Keeps the browser's address at ``search`` (a query string, ``?a=1&b=2``) with
    ``history.replaceState``: no reload, no entry in the history, and no new render of the page.

    Solara's router would re-render the whole page for each change of its location, i.e. for
    every key press on a slider; the address only has to be right when the page is reloaded,
    bookmarked or shared.
    """

    template = traitlets.Unicode(
        """<template><span style="display: none"></span></template>
<script>
module.exports = {
  mounted() { this.keep(this.search); },
  watch: { search(value) { this.keep(value); } },
  methods: {
    keep(value) {
      if (value && window.location.search !== value) {
        window.history.replaceState(window.history.state, "", value + window.location.hash);
      }
    },
  },
};
</script>"""
    ).tag(sync=True)
    search = traitlets.Unicode("").tag(sync=True)


class PageLanguage(v.VuetifyTemplate):
    """Sets the page's ``<html lang>`` to ``lang``: screen readers then read German text with a
    German voice, and the browser hyphenates it and offers no translation. Solara's page
    template names no language."""

    template = traitlets.Unicode(
        """<template><span style="display: none"></span></template>
<script>
module.exports = {
  mounted() { document.documentElement.lang = this.lang; },
  watch: { lang(value) { document.documentElement.lang = value; } },
};
</script>"""
    ).tag(sync=True)
    lang = traitlets.Unicode("en").tag(sync=True)


class NarrowScreen(v.VuetifyTemplate):
    """Tells the server whether the window is at most ``width`` px wide (``narrow``), when the
    page opens and whenever it crosses that width (a phone turned, a window resized, a
    projector's zoom). The page's CSS stacks the run above the settings there from the first
    paint; the server then puts the run first in the page too, so that Tab follows the order
    the eye does (WCAG 2.4.3)."""

    template = traitlets.Unicode(
        """<template><span style="display: none"></span></template>
<script>
module.exports = {
  mounted() {
    this.query = window.matchMedia("(max-width: " + this.width + "px)");
    this.onChange = () => { this.narrow = this.query.matches; };
    this.query.addEventListener("change", this.onChange);
    this.onChange();
  },
  destroyed() { this.query.removeEventListener("change", this.onChange); },
};
</script>"""
    ).tag(sync=True)
    width = traitlets.Int(css.PHONE).tag(sync=True)
    narrow = traitlets.Bool(False).tag(sync=True)


class TakeawaySeen(v.VuetifyTemplate):
    """Marks the page (``css.TAKEAWAY_SEEN`` on ``<html>``) while the Live tab's takeaway lies
    whole in the window above the notes' strip (``strip`` px at the bottom), or has been
    scrolled past, so that the page's CSS drops the pointer to it ("scroll down") then, and
    shows it again when the sentence is scrolled back below. An ``IntersectionObserver``
    follows the sentence's box (its room is kept from the start, so it is seen before the run
    ends too); it looks again every second whether the box is still the one on the page."""

    template = traitlets.Unicode(
        """<template><span style="display: none"></span></template>
<script>
module.exports = {
  mounted() {
    this.follow();
    this.timer = setInterval(() => this.follow(), 1000);
    // A jump (a wheel's flick, End, a test) can carry the sentence from below the window to
    // above it without crossing any of the observer's thresholds: judge on scrolling too.
    this.onScroll = () => {
      if (this.frame) return;
      this.frame = requestAnimationFrame(() => { this.frame = null; this.judge(); });
    };
    document.addEventListener("scroll", this.onScroll, {capture: true, passive: true});
  },
  destroyed() {
    clearInterval(this.timer);
    document.removeEventListener("scroll", this.onScroll, {capture: true});
    if (this.observer) this.observer.disconnect();
    document.documentElement.classList.remove(this.seen);
  },
  watch: { strip() { this.target = null; this.follow(); } },
  methods: {
    follow() {
      const target = document.querySelector("." + this.sentence);
      if (target === this.target) return;
      if (this.observer) this.observer.disconnect();
      this.target = target;
      document.documentElement.classList.remove(this.seen);
      if (!target || !window.IntersectionObserver) return;
      this.observer = new IntersectionObserver(
        () => this.judge(),
        {rootMargin: `0px 0px -${this.strip}px 0px`, threshold: [0, 0.5, 0.95, 1]},
      );
      this.observer.observe(target);
    },
    judge() {
      const target = this.target;
      if (!target || !target.isConnected) return;
      const box = target.getBoundingClientRect();
      if (box.height === 0) return; // not laid out (another tab): as it was
      const room = window.innerHeight - this.strip;
      const shown = Math.min(box.bottom, room) - Math.max(box.top, 0);
      const whole = (box.top >= 0 && box.bottom <= room + 1) || shown >= 0.9 * room;
      // scrolled past (above the window, or above the panel it scrolls in), "scroll down"
      // would point the wrong way: the pointer shows only while some of it is below
      const below = box.bottom > room + 1;
      document.documentElement.classList.toggle(this.seen, whole || !below);
    },
  },
};
</script>"""
    ).tag(sync=True)
    sentence = traitlets.Unicode(css.TAKEAWAY).tag(sync=True)
    seen = traitlets.Unicode(css.TAKEAWAY_SEEN).tag(sync=True)
    strip = traitlets.Int(css.NOTES_STRIP).tag(sync=True)


class ThumbNumber(v.VuetifyTemplate):
    """The number in a slider's thumb bubble, in the page's notation: Vuetify writes the
    thumb's value with JavaScript's ``String`` ("0.5") where the page writes "0,5".

    It goes into the slider's ``thumb-label`` slot. ipyvue's slots cannot write a slot's value
    into text (and render their content once), so it reads the value from the slider it sits
    in, the nearest enclosing ``v-slider``, and follows it while the thumb moves, without the
    server. Written as the label's ``format_value`` writes it (``sim.texts.format_number``):
    six significant digits at most, thousands grouped from five digits on, a minus sign.
    """

    template = traitlets.Unicode(
        """<template><span>{{ shown }}</span></template>
<script>
module.exports = {
  created() {
    let parent = this.$parent;
    while (parent && parent.$options.name !== "v-slider") parent = parent.$parent;
    this.slider = parent;
  },
  computed: {
    format() {
      return new Intl.NumberFormat(this.locale, {
        maximumSignificantDigits: 6,
        useGrouping: "min2",
      });
    },
    shown() {
      const value = this.slider ? Number(this.slider.internalValue) : NaN;
      if (!isFinite(value)) return "";
      return this.format.format(value + 0).replace("-", "\u2212"); // + 0: no "-0"
    },
  },
};
</script>"""
    ).tag(sync=True)
    locale = traitlets.Unicode("en-GB").tag(sync=True)  # ``i18n.LOCALES``


class DrawnTick(v.VuetifyTemplate):
    """Sends back the tick (a counter of model changes) the browser has drawn.

    The play loop waits for it before the next week, so the server is never more than a week
    ahead of what the user sees and a Pause stops within a week of the click.
    """

    template = traitlets.Unicode(
        """<template><span style="display: none">{{ tick }}</span></template>
<script>
module.exports = {
  mounted() { this.drawn(this.tick); },
  watch: {
    tick(value) {
      // two frames: the charts updated by the same message have been painted by then
      requestAnimationFrame(() => requestAnimationFrame(() => this.drawn(value)));
    },
  },
};
</script>"""
    ).tag(sync=True)
    tick = traitlets.Int(0).tag(sync=True)
    on_drawn = traitlets.Any(None)  # a callable(tick), Python side only

    def vue_drawn(self, data: Any) -> None:
        if self.on_drawn is not None:
            self.on_drawn(int(data))


@solara.component
def Blocked(problem: str | None, lang: str):
    """Why the action next to it is disabled: the invalid setting, named (nothing if none)."""
    if problem:
        solara.HTML(
            tag="div",
            # A refused entry is quoted in the problem: shown as text, never as markup.
            unsafe_innerHTML=t(
                "blocked", lang, problem=html.escape(labelled_problem(problem, lang))
            ),
            classes=[css.BLOCKED, css.NOTE, "error--text"],
        )


@solara.component
def WorldsChoice(source: solara.Reactive[str], team_ready: bool, lang: str):
    """Where the plausible worlds come from: priors, the shipped calibration, the session's
    team (once calibrated)."""
    offered = world_sources(team_ready)
    with solara.Row(gap="8px", style="align-items: center; flex-wrap: wrap;"):
        solara.Text(t("worlds.choice", lang))
        with solara.ToggleButtonsSingle(
            value=chosen_source(source.value, team_ready),
            on_value=source.set,
            classes=[css.WORLDS_CHOICE],
        ):
            for name in offered:
                solara.Button(
                    t(f"worlds.choice.{name}", lang),
                    value=name,
                    classes=[css.worlds_source(name)],
                )


@solara.component
def JobProgress(job: Job, text: str, cancelled: str, hooks: css.JobHooks, lang: str):
    """A background job's progress bar, ``text`` (what it is doing) and its Cancel button while
    it runs; after a cancel, the note ``cancelled`` until the job is started again."""
    if job.running:
        with solara.Row(gap="12px", style="align-items: center;"):
            solara.ProgressLinear(job.progress * 100, classes=[hooks.progress])
            solara.Text(text)
            solara.Button(
                t("worlds.cancel", lang),
                on_click=job.cancel,
                outlined=True,
                classes=[hooks.cancel],
            )
    elif job.cancelled:
        solara.HTML(tag="div", unsafe_innerHTML=cancelled, classes=[css.NOTE, hooks.cancelled])


@solara.component
def WorldsProgress(job: Job, count: int, hooks: css.JobHooks, lang: str):
    """``JobProgress`` of a plausible-worlds band (the effort curve's, Compare's): ``count``
    worlds being drawn."""
    JobProgress(
        job,
        t("curve.worlds.running", lang, count=count, percent=round(job.progress * 100)),
        t("worlds.cancelled", lang),
        hooks,
        lang,
    )


@solara.component
def JobErrors(errors: Iterable[BaseException | None], lang: str):
    """What background jobs raised: "no plausible worlds" said as such, anything else as an
    error of the page."""
    for error in errors:
        if isinstance(error, NothingToVary):
            solara.Warning(nothing_to_vary(error, lang), classes=[css.WORLDS_NOTHING])
        elif error:
            solara.Error(t("error.page", lang, message=str(error)))


# A live region's message: (language, text). Said in one language, it is dropped on a page
# in another rather than said again in that one.
Message = tuple[str, str] | None


@solara.component
def LiveRegion(message: solara.Reactive[Message], lang: str, hook: str):
    """A polite live region (``role="status"``), visually hidden: a screen reader reads its
    text whenever the text changes, without moving the focus (WCAG 4.1.3, status messages).

    The page draws it empty when it opens and keeps the element: a region that appears with
    its text already in it, or is drawn anew with it, is not read out. It stands outside the
    tabs, since a hidden tab's text is never read. ``message`` is set with ``use_announcement``.
    """
    said = message.value
    text = said[1] if said is not None and said[0] == lang else ""
    rv.Html(
        tag="div",
        class_=f"{css.ANNOUNCE} {hook}",
        attributes={"role": "status", "aria-live": "polite", "aria-atomic": "true"},
        children=[text] if text else [],
    )


def use_announcement(
    region: solara.Reactive[Message] | None,
    moment: Hashable,
    say: Callable[[], str],
    lang: str,
) -> None:
    """A solara hook: puts ``say()`` into ``region`` (a ``LiveRegion``'s message, in ``lang``)
    when ``moment`` changes, and empties it when ``moment`` becomes None.

    ``moment`` names what happened, not the words (a job started, a generation done, an
    answer): a new language alone says nothing again, and progress is said only at the
    moments that make one, never per tick.
    """

    def put() -> None:
        if region is not None:
            region.set(None if moment is None else (lang, say()))

    solara.use_effect(put, [moment])
