"""The web app, in process: the page renders from the schema, steps, intervenes, exports, speaks
German, keeps sessions apart and explains bad input instead of crashing."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import time

import ipyvuetify as v
import ipywidgets
import numpy as np
import pandas as pd
import pytest
import solara
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.text import Text
from solara.components.file_download import FileDownloadWidget

import frontends.app.page as app
from experiments import study_texts
from experiments.studies import load_study
from frontends.app import charts, data, i18n, live, sentences
from frontends.app import compare as compare_tab
from frontends.app import css as hooks
from frontends.app import options as options_tab
from frontends.app import widgets as widgets_module
from frontends.app.data import (
    ADVANCED_GROUPS,
    BASIC_GROUPS,
    CURVE_EFFORTS,
    INTERVENABLE,
    PRESETS,
    RECENT_CHURN_WEEKS,
    Paired,
    Plan,
    Refused,
    balanced_difference,
    compare,
    compare_worlds,
    compared_weeks,
    control_class,
    control_kind,
    control_params,
    control_values,
    effort_curve,
    monitors,
    portfolio,
    read_csv,
    recovered,
    render_every,
    rep_relationships,
    reps_csv,
    run_options,
    run_plan,
    run_scenario,
    settings_yaml,
    shorter_plan,
    team_series,
    weekly_csv,
    with_url_changes,
)
from frontends.app.i18n import param_help
from frontends.app.session import Pace
from sim import plots, texts
from sim.formats import LEVEL_COLOURS
from sim.metrics import METRICS, column_units
from sim.model import RapportModel
from sim.params import PARAMS, ConfigError, Profile, Scenario, iter_params
from sim.plots import (
    comparison_figure,
    effort_curve_figure,
    outcomes_figure,
    png_bytes,
    portfolio_figure,
    trajectory_figure,
    use_decimal_mark,
)
from sim.population import team_means
from sim.priors import PRIORS
from sim.scenarios import load_scenario
from tests.helpers import REPO, rapport_in_process, scenario, small_model

ALL_GROUPS = BASIC_GROUPS + ADVANCED_GROUPS
# Groups the app has no controls for yet: the channels act only under the discrete contact
# schedule, a choice (not a number) that needs a select control; until it has one, sliders for
# the channels would move nothing under the default rate schedule.
WITHOUT_CONTROLS = ("channels",)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


# --- helpers -------------------------------------------------------------------------------------


def widgets(root):
    """Every widget below ``root`` (children, slots and other widget-valued traits)."""
    seen, stack = set(), [root]
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, ipywidgets.Widget):
            yield item
            stack.extend(getattr(item, name) for name in item.keys)
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def wait_for(condition, timeout: float = 60.0, then=lambda: None):
    """Poll ``condition`` (work in the page's background threads) until it is truthy; a timeout
    says ``then()`` too (what the page had)."""
    deadline = time.monotonic() + timeout
    while not (found := condition()):
        assert time.monotonic() < deadline, f"timed out after {timeout} s: {then()}"
        time.sleep(0.02)
    return found


def classes_of(widget) -> list[str]:
    own = getattr(widget, "class_", None) or ""
    attributes = getattr(widget, "attributes", None) or {}
    return f"{own} {attributes.get('class', '')}".split()


class Session:
    """A rendered page and its model, with lookups by the page's stable CSS hooks; opened at
    the address ``?search`` if given, as a browser opens it (``pushed``: what went through
    Solara's router since)."""

    def __init__(self, monkeypatch, search: str | None = None):
        made = []
        self.pushed: list[str] = []

        class Recording(app.Session):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                made.append(self)

        monkeypatch.setattr(app, "Session", Recording)
        router = solara.routing.Router(f"/?{search}", [], set_path=self.pushed.append)

        @solara.component
        def AtAddress():
            solara.routing.router_context.provide(router)
            app.Page()

        page = app.Page() if search is None else AtAddress()
        self.box, self.rc = solara.render(page, handle_error=False)
        self.session = made[0]

    @property
    def model(self) -> RapportModel:
        return self.session.model

    def all(self, css: str) -> list:
        return [w for w in widgets(self.box) if css in classes_of(w)]

    def one(self, css: str):
        found = self.all(css)
        assert len(found) == 1, f"{css}: {len(found)} widgets"
        return found[0]

    def series(self) -> dict:
        return json.loads(self.one(hooks.SERIES).children[0])

    def text(self, css: str) -> str:
        widget = self.one(css)
        html = getattr(widget, "unsafe_innerHTML", None)
        return html if html is not None else " ".join(map(str, widget.children))

    def open_advanced(self):
        self.one(hooks.ADVANCED).v_model = 0

    def open_tab(self, css: str):
        """Choose the tab ``css`` as a click on it does: its content is made when first opened."""
        (tabs,) = [
            w
            for w in widgets(self.box)
            if isinstance(w, v.Tabs) and any(css in classes_of(c) for c in w.children)
        ]
        heads = [c for c in tabs.children if isinstance(c, v.Tab)]
        tabs.v_model = next(i for i, head in enumerate(heads) if css in classes_of(head))

    def control(self, name: str):
        return self.one(control_class(name))

    def set(self, name: str, value):
        """Type into a number field and press Enter, or move a slider and let go of it."""
        widget = self.control(name)
        entry = str(value) if isinstance(widget, v.TextField) else value
        widget.v_model = entry
        widget.fire_event("change", entry)

    def click(self, css: str):
        self.one(css).click()

    def download(self, css: str) -> bytes:
        """Click the download button ``css`` and return the bytes the browser would receive."""
        button = self.one(css)
        (widget,) = [
            w
            for w in widgets(self.box)
            if isinstance(w, FileDownloadWidget) and button in widgets(w)
        ]
        widget.request_download = True
        return wait_for(lambda: widget.bytes)

    def small_model(self):
        """Shrink the model before the first step (6 reps × 20 customers, 12 weeks)."""
        self.set("reps.count", 6)
        self.set("customers.per_rep", 20)
        self.set("simulation.weeks", 12)
        assert self.model.params.reps.count * self.model.params.customers.per_rep == 120


@pytest.fixture
def page(monkeypatch):
    return Session(monkeypatch)


# --- controls -----------------------------------------------------------------------------------


def test_every_numeric_parameter_has_a_control_matching_its_schema_field(page):
    page.open_advanced()
    specs = control_params(ALL_GROUPS)
    # every group has its controls (but those named above)
    assert set(ALL_GROUPS) == {p.group for p in iter_params()} - set(WITHOUT_CONTROLS)
    assert {s.name for s in specs} == {
        p.name for p in iter_params() if p.type != "list" and p.group not in WITHOUT_CONTROLS
    }
    for spec in specs:
        widget = page.control(spec.name)
        if control_kind(spec) == "slider":
            assert isinstance(widget, v.Slider), spec.name
            assert (widget.min, widget.max) == (spec.minimum, spec.maximum), spec.name
            assert widget.v_model == spec.default, spec.name
        else:
            assert isinstance(widget, v.TextField), spec.name
            low, high = (sentences.format_value(b, "en") for b in (spec.minimum, spec.maximum))
            assert i18n.t("help.units", "en", low=low, high=high) in widget.hint, spec.name
            assert widget.v_model == str(spec.default), spec.name
        assert widget.label.startswith(spec.label), spec.name
        assert param_help(spec, "en") in widget.hint, spec.name


def test_the_advanced_controls_are_tucked_away_until_opened(page):
    assert page.all(control_class("dynamics.decay")) == []
    page.open_advanced()
    assert len(page.all(control_class("dynamics.decay"))) == 1


@pytest.mark.parametrize(
    "label, effort, perception", [("Hard worker", 60, 0.1), ("Smart worker", 60, 0.9)]
)
def test_picking_a_preset_sets_the_controls_and_rebuilds_the_model(page, label, effort, perception):
    page.click(hooks.STEP)
    old_model = page.model
    page.one(hooks.PRESET).v_model = label
    assert page.control("reps.effort_hours").v_model == effort
    assert page.control("reps.perception").v_model == perception
    assert page.model is not old_model and page.model.week == 0
    stem = label.lower().replace(" ", "_")
    assert page.model.params == load_scenario(REPO / "configs" / "scenarios" / f"{stem}.yaml")
    assert page.series()["week"] == [0]


@pytest.mark.parametrize(
    "lang, name, changed",
    [
        ("en", "Hard worker", "Hard worker (changed)"),
        ("de", "Hart arbeitend", "Hart arbeitend (geändert)"),
    ],
)
def test_a_changed_scenario_says_so_and_picking_it_again_restores_its_values(
    page, lang, name, changed
):
    # The box kept saying "Hard worker" over an effort dragged to 22 h, and picking Hard worker
    # again did nothing (the same value): the "Hard worker" replay was another run.
    page.click(hooks.lang_button(lang))
    page.one(hooks.PRESET).v_model = name
    page.click(hooks.STEP)
    page.set("reps.effort_hours", 22)  # mid-run: an intervention
    selector = page.one(hooks.PRESET)
    assert selector.v_model == changed and selector.items[-1] == changed
    assert selector.items[: len(PRESETS)] == [i18n.t(f"preset.{s}", lang) for s in PRESETS]
    selector.v_model = name
    assert page.control("reps.effort_hours").v_model == 60
    assert page.model.params.reps.effort_hours == 60 and page.model.week == 0
    assert page.one(hooks.PRESET).v_model == name and changed not in page.one(hooks.PRESET).items


def test_the_preset_selector_lists_every_shipped_preset(page):
    items = page.one(hooks.PRESET).items
    assert items == [
        "Default",
        "Hard worker",
        "Smart worker",
        "Mixed team",
        "Balanced worker",
        "Coaching",
    ]


def test_a_control_whose_setting_has_no_effect_says_what_it_needs(page):
    page.open_advanced()
    page.set("customers.unwon_share", 0.3)
    control = page.control("customers.unwon_share")
    assert hooks.INERT in classes_of(control)
    assert control.hint.startswith("No effect unless Hours to win a customer > 0.")
    assert not control.disabled  # it can be set before what it needs
    page.set("dynamics.acquisition_hours", 20)
    control = page.control("customers.unwon_share")
    assert hooks.INERT not in classes_of(control)
    assert not control.hint.startswith("No effect")
    assert i18n.t("inert", "de", condition="x").startswith("Wirkt nur, wenn")


def test_an_exported_scenario_marks_a_setting_that_has_no_effect_and_still_reproduces(tmp_path):
    settings = Scenario().with_values({"customers.unwon_share": 0.3, "hiring.week": 5})
    text = settings_yaml(settings)
    marked = [line.strip() for line in text.splitlines() if "# not used: no effect" in line]
    assert marked == [
        "unwon_share: 0.3  # not used: no effect unless dynamics.acquisition_hours > 0",
        "week: 5  # not used: no effect unless hiring.share > 0",
    ]
    path = tmp_path / "inert.yaml"
    path.write_text(text)
    assert load_scenario(path) == settings


def test_an_exported_scenario_lists_the_defaults_it_leaves_to_the_worlds_commented_out(tmp_path):
    """A manager who exported the app's settings and ran a study on the file got plausible
    worlds that drew the portfolio size, the contact rate and every other value the file left at
    its default, though the app had shown them as the team's. The file now lists each parameter
    with a prior that it leaves open, commented out with its default and label; as exported it
    loads as the same scenario and its worlds draw them, and removing a ``# `` fixes one."""
    settings = Scenario().with_values({"reps.effort_hours": 50, "customers.need": 0.3})
    text = settings_yaml(settings)
    open_lines = [line for line in text.splitlines() if line.startswith("  # ")]
    written = {"reps.effort_hours", "customers.need"}
    left = [name.split(".", 1)[1] for name in PRIORS if name not in written]
    assert sorted(line.split(":")[0][4:] for line in open_lines) == sorted(left)
    assert "  # per_rep: 40  # Customers per rep" in open_lines
    assert "  # hours_per_contact: 2.0  # Hours per contact" in open_lines
    assert "\n# dynamics:\n" in text and "\ncustomers:\n  need: 0.3\n" in text
    path = tmp_path / "team.yaml"
    path.write_text(text)
    assert load_scenario(path) == settings
    drawn = load_study("effort_sweet_spot", scenario=str(path)).worlds.columns
    assert {"customers.per_rep", "dynamics.hours_per_contact"} <= set(drawn)
    assert "customers.need" not in drawn
    # a value the manager knows: one "# " removed under a written section, two under another
    known = text.replace("  # per_rep: 40", "  per_rep: 40")
    known = known.replace("# dynamics:", "dynamics:").replace("  # decay:", "  decay:")
    path.write_text(known)
    assert load_scenario(path) == settings
    drawn = load_study("effort_sweet_spot", scenario=str(path)).worlds.columns
    assert not {"customers.per_rep", "dynamics.decay", "customers.need"} & set(drawn)
    assert "dynamics.hours_per_contact" in drawn
    # under a section whose profiles end in a list, too
    mixed = settings_yaml(load_scenario(REPO / "configs" / "scenarios" / "mixed_team.yaml"))
    path.write_text(mixed.replace("  # pushiness: 0.6", "  pushiness: 0.7"))
    assert load_scenario(path).reps.pushiness == 0.7 and load_scenario(path).reps.profiles
    # a file with every value at its default writes no "{}" that a removed "# " would break
    plain = settings_yaml(Scenario())
    assert "{}" not in plain
    path.write_text(plain.replace("# reps:", "reps:").replace("  # pushiness:", "  pushiness:"))
    assert load_scenario(path) == Scenario()


def test_a_german_page_exports_the_scenario_with_german_comments(monkeypatch, tmp_path):
    """A German page's scenario file said "# Rapport scenario, exported from the app" and
    "# not used: every profile sets its own (...)"; its comments are German now, its keys, dotted
    names and numbers as the file format writes them, and it still loads as the same run."""
    # a team effort every profile overrides, and a share of accounts to win that wins none
    page = Session(
        monkeypatch, "lang=de&scenario=mixed_team&reps.effort_hours=40&customers.unwon_share=0.3"
    )
    text = page.download(hooks.DOWNLOAD_YAML).decode()
    # the comments of the lines the file writes (the defaults left open are commented out)
    written = [line for line in text.splitlines() if not line.lstrip().startswith("# ")]
    comments = [line.split("#", 1)[1].strip() for line in written if "#" in line]
    assert comments == [
        "nicht verwendet: jedes Profil setzt einen eigenen Wert (hard worker 60, smart worker 60)",
        "nicht verwendet: wirkt nur, wenn dynamics.acquisition_hours > 0",
    ]
    assert text.startswith("# Rapport-Szenario, aus der App exportiert\n# Zeilen, die unten")
    assert "  # per_rep: 40  # Kunden pro Person\n" in text
    path = tmp_path / "german.yaml"
    path.write_text(text)
    assert load_scenario(path) == run_scenario(page.model)


def profiles_table(page) -> str:
    """The text of the profiles table's cells, as shown."""
    return " ".join(
        w.unsafe_innerHTML
        for w in page.all(hooks.PROFILES)[0].children
        if hasattr(w, "unsafe_innerHTML")
    )


def test_a_mixed_team_shows_its_profiles_read_only(page):
    page.one(hooks.PRESET).v_model = "Mixed team"
    table = profiles_table(page)
    assert "hard worker" in table and "smart worker" in table
    assert page.model.params.reps.profiles


def test_a_german_page_names_the_shipped_profiles_in_german_and_keeps_their_stored_key(page):
    page.click(hooks.lang_button("de"))
    page.one(hooks.PRESET).v_model = "Gemischtes Team"
    table = profiles_table(page)
    assert "Hart arbeitend" in table and "Klug arbeitend" in table
    assert "hard worker" not in table and "smart worker" not in table
    # the chart's key too; the scenario (and what it exports) keeps the stored names
    option = charts.relationship_option(
        team_series(page.model), rep_relationships(page.model), 52, "de"
    )
    assert {"Hart arbeitend", "Klug arbeitend"} <= set(option["legend"]["data"])
    assert {p.name for p in page.model.params.reps.profiles} == {"hard worker", "smart worker"}
    assert "name: hard worker" in settings_yaml(page.model.params)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_relationship_charts_key_says_what_the_thin_lines_are(lang):
    """An instructor's audit: a team of one profile had "team mean" as its only key, and the
    class asked what the thin lines were. Its key now names them ("each rep") in their colour;
    a mixed team's key names its profiles, whose colours the thin lines have."""
    for path, keys in (("default.yaml", 1), ("mixed_team.yaml", 2)):
        model = RapportModel(
            load_scenario(REPO / "configs" / "scenarios" / path).with_values(
                {"simulation.weeks": 3}
            ),
            seed=1,
        ).run()
        option = charts.relationship_option(team_series(model), rep_relationships(model), 3, lang)
        legend = option["legend"]["data"]
        assert legend[0] == i18n.t("chart.team_mean", lang) and len(legend) == 1 + keys
        assert (i18n.t("chart.each_rep", lang) in legend) == (keys == 1)
        drawn = {s["lineStyle"]["color"] for s in option["series"] if s.get("data") and s["z"] == 1}
        keyed = {s["name"]: s["lineStyle"]["color"] for s in option["series"] if s["data"] == []}
        assert set(keyed) == set(legend[1:]) and set(keyed.values()) == drawn
        # a mixed team's profiles differ by their dash too, not by colour alone (WCAG 1.4.1),
        # and each key has its lines' dash
        styles = {
            (s["lineStyle"]["color"], s["lineStyle"]["type"])
            for s in option["series"]
            if s.get("data") and s["z"] == 1
        }
        keyed_styles = {
            (s["lineStyle"]["color"], s["lineStyle"]["type"])
            for s in option["series"]
            if s["data"] == []
        }
        assert styles == keyed_styles and len({dash for _, dash in styles}) == keys


def test_a_profile_name_the_app_does_not_know_is_shown_as_given_and_as_text():
    assert i18n.profile_name("<b>Closers</b>", "de") == "<b>Closers</b>"
    box, _ = solara.render(
        widgets_module.Profiles(
            (Profile(name="<b>Closers</b>", share=1.0, effort_hours=40),), 20, "de"
        ),
        handle_error=False,
    )
    shown = " ".join(
        w.unsafe_innerHTML for w in widgets(box) if getattr(w, "unsafe_innerHTML", None)
    )
    assert "&lt;b&gt;Closers&lt;/b&gt;" in shown and "<b>Closers" not in shown


@pytest.mark.parametrize(
    "lang, rounded", [("en", "Shares are rounded to whole reps"), ("de", "ganze Personen gerundet")]
)
def test_the_profiles_table_says_how_many_reps_each_share_gives(lang, rounded):
    """Half and half of 3 reps is 2 and 1 (a third where the table said half): the model rounds
    shares to whole reps, and the table gave only the shares."""
    halves = (Profile(name="a", share=0.5), Profile(name="b", share=0.5))
    team = scenario(reps__count=3, reps__profiles=[p.model_dump() for p in halves])
    built = team_means(team)[0]
    assert (built.count("a"), built.count("b")) == (2, 1)

    def shown(count) -> str:
        box, _ = solara.render(widgets_module.Profiles(halves, count, lang), handle_error=False)
        return " ".join(
            w.unsafe_innerHTML for w in widgets(box) if getattr(w, "unsafe_innerHTML", None)
        )

    table = shown(3)
    assert "<td>a</td>" in table and "<td>2</td></tr>" in table and "<td>1</td></tr>" in table
    assert f"<th>{i18n.t('profiles.reps', lang)}</th>" in table and rounded in table
    # a team size field that holds no number: the shares alone, no counts of some other team
    refused = shown(Refused("x", "reps.count: 'x' is not a number"))
    assert i18n.t("profiles.reps", lang) not in refused and rounded not in refused
    # a team of one: German said "Von einem Team aus 1 Personen"
    alone = {"en": "of a team of 1, each profile gets", "de": "In einem Team von 1 bekommt jedes"}
    assert alone[lang] in shown(1)


def test_a_mixed_team_shows_the_profiles_effort_not_an_unused_team_value(page, tmp_path):
    # Issue 13: the sliders said 30 h while the profiles' 60 h applied.
    page.one(hooks.PRESET).v_model = "Mixed team"
    effort = page.control("reps.effort_hours")
    assert effort.v_model == 60 and effort.disabled
    assert "60\u00a0h/week" in effort.label and "profiles" in effort.hint
    assert hooks.BY_PROFILES in classes_of(effort)
    assert page.control("reps.perception").v_model == 0.5  # (0.1 + 0.9) / 2
    assert page.model.rep_state.effort_hours.mean() == pytest.approx(60, abs=2)
    # the exported file marks the unused team value and still reproduces the run
    settings = page.model.params.with_values({"reps.effort_hours": 40})
    text = settings_yaml(settings)
    line = next(x for x in text.splitlines() if x.strip().startswith("effort_hours: 40"))
    assert "not used: every profile sets its own (hard worker 60, smart worker 60)" in line
    path = tmp_path / "mixed.yaml"
    path.write_text(text)
    assert load_scenario(path) == settings
    assert "Effort 60\u00a0h/week" in sentences.describe_plan(Plan(settings), "en")
    page.one(hooks.PRESET).v_model = "Default"  # no profiles: the slider works again
    assert not page.control("reps.effort_hours").disabled
    assert page.control("reps.effort_hours").v_model == 30


# --- running ------------------------------------------------------------------------------------


def test_a_step_adds_a_week_to_the_series_and_the_charts(page):
    assert page.series()["week"] == [0]
    page.click(hooks.STEP)
    page.click(hooks.STEP)
    series = page.series()
    assert series["week"] == [0, 1, 2]
    assert series["relational_performance"] == pytest.approx(
        page.model.weekly_frame()["relational_performance"].tolist(), abs=1e-6
    )
    assert "Week 2 of 52" in page.text(hooks.WEEK)
    chart = page.one(hooks.CHART_RELATIONSHIP)
    team = chart.option["series"][-1]
    assert [week for week, _ in team["data"]] == [0, 1, 2]


def test_an_effort_change_mid_run_applies_from_the_next_week_and_is_marked(page):
    for _ in range(3):
        page.click(hooks.STEP)
    page.set("reps.effort_hours", 55)
    assert [(iv.week, iv.changes) for iv in page.model.interventions] == [
        (3, {"effort_hours": 55.0})
    ]
    assert page.series()["interventions"] == [3]
    team = page.one(hooks.CHART_RELATIONSHIP).option["series"][-1]
    (line,) = team["markLine"]["data"]
    # the line stands at tick 3 and its text names week 3: the first week run at 55 h is week 4
    assert line["xAxis"] == 3 and line["name"] == "Changed after week 3: Effort 55\u00a0h/week."
    assert line["label"]["formatter"] == "Effort 55\u00a0h/week"
    page.click(hooks.STEP)
    effort = page.model.weekly_frame()["effort_hours"]
    assert effort[3] == pytest.approx(30, abs=1.5) and effort[4] == pytest.approx(55, abs=1e-9)


def test_the_play_loop_changes_the_page_only_under_the_lock_the_browser_s_messages_take(
    monkeypatch,
    kernel,
):
    """The server handles a page's messages from the browser under its kernel's lock; the play
    loop renders each week under it too. Unheld, a week's render that had read a slider's
    position before the browser reported a newer one sent the older one back: a drag while
    playing ended on 13 h and its release reported 14 h (CI, 2026-12-07)."""
    page = Session(monkeypatch)
    page.session.mark_drawn(10**9)  # a browser that draws every week at once
    page.one(hooks.SPEED).v_model = 30
    # Play is clicked while a message is handled: the loop may take a step, and must then
    # wait to show it. (Taken once the run plays, the lock can wait long: a loop that needs
    # no pause and no word from the browser between weeks takes it back at once.)
    with kernel.lock:
        page.click(hooks.PLAY)
        time.sleep(1.0)  # 30 weeks at the speed set
        assert "Week 0 of 52" in page.text(hooks.WEEK) and page.series()["week"] == [0]
        assert page.model.week <= 1  # one step taken, then it waited
    deadline = time.monotonic() + 60
    while page.series()["week"][-1] < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert page.series()["week"][-1] >= 3  # and played on once the lock was free
    page.click(hooks.PLAY)  # pause


def test_the_pace_is_the_weeks_a_second_over_its_window_and_short_with_two_bounds():
    pace = Pace()
    for week in range(1, 5):  # 4 weeks a second, asked for 30: too soon to tell before 1 s
        pace.played(week, week / 4, 30)
        assert pace.short() is None
    for week in range(5, 12):
        pace.played(week, week / 4, 30)
    assert pace.short() == pytest.approx(4.0)
    # back up to 26 a second (under 0.9 × 30): still short; at 28 (over 0.9 × 30) it has caught up
    clock, week = 11 / 4, 11
    for rate in (26, 28):
        for _ in range(2 * rate):
            clock, week = clock + 1 / rate, week + 1
            pace.played(week, clock, 30)
        assert pace.short() == (pytest.approx(rate) if rate == 26 else None)
    # from caught up, 26 a second is not yet short (under 0.8 × 30 is): no flicker at one bound
    for _ in range(2 * 26):
        clock, week = clock + 1 / 26, week + 1
        pace.played(week, clock, 30)
    assert pace.short() is None
    pace.played(week + 1, clock + 1.0, 30)  # a second for a week: short again
    assert pace.short() is not None
    pace.stopped()
    assert pace.short() is None
    for week in range(3):  # a week every 2 s: told over the last three weeks
        pace.played(week, 2.0 * week, 10)
    assert pace.short() == pytest.approx(0.5)


def test_a_run_that_plays_slower_than_asked_says_how_fast_it_plays(monkeypatch, kernel):
    """Each played week waits for the browser to draw the week before, so a slow machine plays
    slower than the speed slider says: speed 30 played about 9 weeks a second in Chromium here,
    while the page said 30. Beside the week, the page now says how fast it plays while it falls
    short of the speed asked, and nothing once it keeps up or is paused."""
    step = RapportModel.step
    monkeypatch.setattr(RapportModel, "step", lambda model: (time.sleep(0.1), step(model))[1])
    page = Session(monkeypatch, "simulation.weeks=156")  # long enough not to end
    page.session.mark_drawn(10**9)  # a browser that draws at once: the weeks are the slow part

    def speed(weeks_a_second: int) -> None:
        # as the server handles the browser's message: under the kernel's lock, which the
        # play loop renders under too (unheld, a week's render set the slider back)
        with kernel.lock:
            page.one(hooks.SPEED).v_model = weeks_a_second

    def shows_pace(shown: bool, timeout: float = 30) -> None:
        wait_for(
            lambda: (hooks.WEEK_PACE in page.text(hooks.WEEK)) == shown,
            timeout,
            then=lambda: (  # the page, the slider, the model and the loop's pace
                page.text(hooks.WEEK),
                page.one(hooks.SPEED).v_model,
                page.model.week,
                page.session.pace.short(),
            ),
        )

    speed(30)
    with kernel.lock:
        page.click(hooks.PLAY)
    shows_pace(True)
    before, since = page.model.week, time.monotonic()
    time.sleep(1.5)
    measured = (page.model.week - before) / (time.monotonic() - since)
    shown = re.search(r"playing at ([\d.]+)\u00a0weeks/s", page.text(hooks.WEEK))
    assert shown, page.text(hooks.WEEK)
    rate = float(shown.group(1))  # whole weeks, or tenths below one a second
    assert 0.6 * measured <= rate <= 1.5 * measured + 1, (rate, measured)
    assert rate < 0.8 * 30
    speed(2)  # a pace this machine keeps
    shows_pace(False)
    speed(30)
    shows_pace(True)
    with kernel.lock:
        page.click(hooks.PLAY)  # paused: nothing plays, so no pace
    shows_pace(False, timeout=10)
    assert page.model.week < 156  # it played until paused


def test_a_week_and_a_changed_setting_render_the_page_once(page):
    """Reacton renders the whole page on every render, whichever state changed: a Step that set
    the address and then the run's version rendered it twice, a setting changed at week 0
    three times (its values, the rebuilt model, the address)."""
    before = page.rc.render_count
    page.click(hooks.STEP)
    assert page.rc.render_count - before == 1
    before = page.rc.render_count
    page.click(hooks.RESET)
    assert page.rc.render_count - before == 1
    slider = page.control("reps.effort_hours")
    slider.v_model = 45  # where the drag let go (the thumb's own render)
    before = page.rc.render_count
    slider.fire_event("change", 45)  # the release: the setting
    assert page.rc.render_count - before == 1
    assert page.model.params.reps.effort_hours == 45 and page.series()["week"] == [0]


def test_a_tab_is_made_when_first_opened_and_kept_with_its_computation(page):
    """Every tab's widgets were made with the page, and made again in each played week's render,
    shown or not. A tab is now made when first opened; chosen away from, it keeps its widgets,
    and a computation under way there brings its answer all the same."""
    plain_page = len(list(widgets(page.box)))
    for hook in (hooks.EFFORT_CURVE, hooks.COMPARE, hooks.OPTIONS_RUN, hooks.TEAM_DROP):
        assert page.all(hook) == [], hook
    page.small_model()
    page.open_tab(hooks.TAB_CURVE)
    assert len(list(widgets(page.box))) > plain_page
    page.click(hooks.EFFORT_CURVE)
    page.open_tab(hooks.TAB_LIVE)  # at once, the curve still computing
    page.click(hooks.STEP)
    done = wait_for(lambda: page.all(hooks.CURVE_DONE))
    page.open_tab(hooks.TAB_CURVE)
    assert page.all(hooks.CURVE_DONE) == done  # the same widget: kept, not made again
    # each tab, never opened so far, opens its own content (the page's order of tabs and the
    # names it makes them by)
    for tab, content in (
        (hooks.TAB_COMPARE, hooks.COMPARE),
        (hooks.TAB_OPTIONS, hooks.OPTIONS_RUN),
        (hooks.TAB_TEAM, hooks.TEAM_DROP),
        (hooks.TAB_LESSON, hooks.LESSON),
    ):
        assert page.all(content) == [], content
        page.open_tab(tab)
        assert len(page.all(content)) == 1, content


def status_notes(page) -> list[str]:
    return [" ".join(map(str, w.children)) for w in page.all("info--text")]


def test_the_status_names_every_change_of_the_run_the_latest_first(monkeypatch):
    """An audit changed effort after week 12, then perception after week 21, and the status box
    named only the perception: the effort change, still marked on the chart, was gone. It names
    every week's changes now, the latest first, and counts those beyond three."""
    for lang, first, then in (
        ("en", "Changed after week 3: Effort 55\u00a0h/week.", "Changed after week 6: Perception "
         "(empathy) 0.8; after week 3: Effort 55\u00a0h/week."),
        ("de", "Geändert nach Woche 3: Einsatz 55\u00a0h/Woche.", "Geändert nach Woche 6: "
         "Wahrnehmung (Empathie) 0,8; nach Woche 3: Einsatz 55\u00a0h/Woche."),
    ):  # fmt: skip
        page = Session(monkeypatch, f"lang={lang}")
        for _ in range(3):
            page.click(hooks.STEP)
        page.set("reps.effort_hours", 55)
        assert status_notes(page) == [first]
        for _ in range(3):
            page.click(hooks.STEP)
        page.set("reps.perception", 0.8)
        assert status_notes(page) == [then]
    for week in range(3):  # two more weeks of changes: four in all, the earliest counted
        page.click(hooks.STEP)
        page.set("reps.effort_hours", 40 + week)
        page.set("reps.regulation", 0.3)  # two changes in one week are one entry
    (note,) = status_notes(page)
    assert (
        note.startswith("Geändert nach Woche 9: Einsatz 42\u00a0h/Woche, Regulation")
        and note.count("nach Woche") == 3
        and note.endswith("; 2 frühere im Diagramm.")
    ), note
    lines = page.one(hooks.CHART_RELATIONSHIP).option["series"][-1]["markLine"]["data"]
    assert [line["xAxis"] for line in lines] == [3, 6, 7, 8, 9]  # the chart marks them all


def test_a_change_that_needs_a_rebuild_waits_for_reset(page):
    page.click(hooks.STEP)
    page.set("reps.count", 10)
    assert page.model.params.reps.count == 20 and page.model.week == 1
    assert "Team size" in " ".join(map(str, page.one(hooks.PENDING).children))
    page.click(hooks.RESET)
    assert page.model.params.reps.count == 10 and page.model.week == 0
    assert page.all(hooks.PENDING) == []


def test_before_the_first_step_a_change_rebuilds_the_model_at_once(page):
    page.set("reps.count", 7)
    assert page.model.params.reps.count == 7 and page.model.week == 0


@pytest.mark.parametrize(
    "name, value, message",
    [
        ("reps.count", 0, "Team size: 0 is below the minimum 1"),
        ("reps.count", "many", "Team size: 'many' is not a number"),
        ("reps.count", " ", "Team size: no value entered"),  # it said "' ' is not a number"
        ("reps.count", 100_000, "more than the app shows"),
        ("simulation.seed", -3, "Random seed: −3 is below the minimum 0"),
    ],
)
def test_invalid_input_is_explained_inline_and_the_model_is_kept(page, name, value, message):
    before = page.model
    page.set(name, value)
    shown = " ".join(map(str, page.one(hooks.INVALID).children))
    assert message in shown
    assert name not in shown  # named by its label, as the page shows it
    assert page.model is before
    assert page.one(hooks.RESET).disabled


def test_a_refused_entry_is_quoted_as_text_not_as_markup(page):
    for tab in (hooks.TAB_CURVE, hooks.TAB_COMPARE, hooks.TAB_OPTIONS):
        page.open_tab(tab)
    page.set("reps.count", "<img src=x onerror=alert(1)>")
    blocked = page.all(hooks.BLOCKED)
    assert blocked, "the actions that need the setting say why they are disabled"
    for note in blocked:
        assert "<img" not in note.unsafe_innerHTML
        assert "&lt;img src=x onerror=alert(1)&gt;" in note.unsafe_innerHTML


@pytest.mark.parametrize(
    "name, text, german",
    [
        ("reps.count", "-5", "−5 liegt unter dem Mindestwert 1"),
        # numbers as the help texts write them ("1 bis 100.000"), quotes as German writes them
        ("reps.count", "100001", "100.001 liegt über dem Höchstwert 100.000"),
        ("customers.value", "0", "0 liegt unter dem Mindestwert 0,01"),
        ("reps.count", "", "kein Wert eingegeben"),
        ("reps.count", "2,5", "2,5 ist keine ganze Zahl"),
        ("customers.value", "abc", "„abc“ ist keine Zahl"),
        ("customers.value", "1000,5", "1000,5 liegt über dem Höchstwert 1000"),
        # a seed's bound as its help text writes it, not 9,22337e+18; the value as typed, not
        # read through a float (100000000000000000000)
        (
            "simulation.seed",
            "99999999999999999999",
            "99.999.999.999.999.999.999 liegt über dem Höchstwert 9.223.372.036.854.775.807",
        ),
        ("simulation.seed", "1e30", "1e+30 liegt über dem Höchstwert 9.223.372.036.854.775.807"),
        ("reps.count", "1e20", "1e+20 liegt über dem Höchstwert 100.000"),
    ],
)
def test_the_german_page_explains_a_refused_entry_in_german(page, name, text, german):
    page.click(hooks.lang_button("de"))
    page.set(name, text)
    # under the field, whose label names it; elsewhere led by that label
    assert page.control(name).error_messages == [f"Nicht übernommen: {german}"]
    labelled = f"{PARAMS[name].label_de}: {german}"
    assert labelled in " ".join(map(str, page.one(hooks.INVALID).children))
    for blocked in page.all(hooks.BLOCKED):
        assert labelled in html.unescape(blocked.unsafe_innerHTML)


def test_every_refused_setting_is_named_not_only_the_first(page):
    page.set("reps.count", "2.5")
    page.set("simulation.weeks", 0)
    page.set("customers.value", "abc")
    shown = " ".join(map(str, page.one(hooks.INVALID).children))
    assert shown.startswith("Not applied: Team size: 2.5 is not a whole number")
    assert shown.endswith("; also not applied: Purchase value, Weeks") or shown.endswith(
        "; also not applied: Weeks, Purchase value"
    )
    assert page.control("simulation.weeks").error_messages == [
        "Not applied: 0 is below the minimum 1"
    ]
    page.set("reps.count", 20)  # the next one leads, the rest still named
    shown = " ".join(map(str, page.one(hooks.INVALID).children))
    assert "Team size" not in shown and "also not applied:" in shown


def test_a_label_gives_its_unit_unless_it_says_it_already(page):
    assert page.control("customers.value").label == "Purchase value (k€)"
    assert page.control("simulation.weeks").label == "Weeks"
    assert page.control("customers.per_rep").label == "Customers per rep"


def test_help_names_another_setting_by_its_label_not_its_dotted_name():
    for lang in ("en", "de"):
        for spec in PARAMS.values():
            assert "`" not in param_help(spec, lang), spec.name
    assert "“Hours to win a customer”" in param_help("customers.unwon_share", "en")


@pytest.mark.parametrize(
    "lang, told",
    [
        ("en", "Team size × Customers per rep: 480,000 customers are more than the app shows"),
        ("de", "Teamgröße × Kunden pro Person: 480.000 Kunden sind mehr, als die App zeigt"),
    ],
)
def test_a_model_too_large_is_told_by_the_fields_labels_and_marked_on_both(page, lang, told):
    page.click(hooks.lang_button(lang))
    page.set("reps.count", 12_000)  # allowed on its own; with 40 customers each too many
    shown = " ".join(map(str, page.one(hooks.INVALID).children))
    assert told in shown
    assert "reps.count" not in shown and "per_rep" not in shown
    assert shown.index(told) < shown.index("rapport run")  # the analysts' way comes after
    for name in ("reps.count", "customers.per_rep"):
        (message,) = page.control(name).error_messages  # shown instead of the help
        assert told in message and "rapport run" not in message
    page.set("reps.count", 20)
    assert page.control("reps.count").error_messages == []
    assert page.control("customers.per_rep").error_messages == []


class Address(Session):
    """A page rendered at a URL; ``address`` is what the page has put into the location bar
    since (without reloading), "" while nothing."""

    def control(self, name: str):
        (found,) = [w for w in widgets(self.box) if control_class(name) in classes_of(w)]
        return found

    @property
    def address(self) -> str:
        (bar,) = [w for w in widgets(self.box) if isinstance(w, widgets_module.AddressBar)]
        return bar.search


def tab_labels(page: Session) -> list[str]:
    return [w.children[0] for w in widgets(page.box) if isinstance(w, v.Tab) and w.children]


def test_a_page_whose_address_names_no_language_opens_in_the_browsers_or_rapport_apps(
    monkeypatch,
):
    """An instructor had to press DEUTSCH in every new tab: the browser's language was ignored,
    and `rapport app` had no --lang. The address still decides where it names a language."""
    german = {"accept-language": ["de-DE,de;q=0.9,en;q=0.8"]}
    assert i18n.page_language(None, german) == "de"
    assert i18n.page_language(None, {"Accept-Language": ["fr-FR, en;q=0.5"]}) == "en"
    assert i18n.page_language("en", german) == "en"
    assert i18n.page_language(None, None) == "en"
    assert i18n.accepted_language("en;q=0.4, de-AT;q=0.7, fr") == "de"
    assert i18n.accepted_language("de;q=0, fr") is None
    assert app.from_query("", german)["lang"] == "de"
    solara.lab.headers.set(german)  # what the server holds of the browser's request
    try:
        assert "Einsatzkurve" in tab_labels(Address(monkeypatch, "scenario=default"))
        assert "Effort curve" in tab_labels(Address(monkeypatch, "lang=en"))
    finally:
        solara.lab.headers.set(None)
    monkeypatch.setenv(i18n.LANG_ENV, "de")  # `rapport app --lang de`
    assert "Einsatzkurve" in tab_labels(Address(monkeypatch, "scenario=default"))
    assert app.from_query("", {"accept-language": ["en"]})["lang"] == "de"
    assert app.from_query("lang=en")["lang"] == "en"


def test_changed_settings_go_into_the_address_and_a_reload_restores_them(monkeypatch):
    page = Address(monkeypatch, "scenario=hard_worker&lang=de")
    for name, value in (("reps.effort_hours", 45.0), ("customers.tolerance", 1.3)):
        slider = page.control(name)
        slider.v_model = value
        slider.fire_event("change", value)
    address = page.address
    assert "scenario=hard_worker" in address and "lang=de" in address
    assert "reps.effort_hours=45" in address and "customers.tolerance=1.3" in address
    assert "reps.perception" not in address  # the preset's own values are not repeated
    # kept by the browser (history.replaceState), not by Solara's router, whose every change
    # of location renders the whole page again (once per key press on a slider)
    assert page.pushed == []
    page.rc.close()
    reloaded = Address(monkeypatch, address.split("?", 1)[1])
    params = reloaded.session.model.params
    assert params.reps.effort_hours == 45 and params.customers.tolerance == 1.3
    assert params.reps.perception == 0.1  # the preset's
    assert reloaded.control("reps.effort_hours").v_model == 45


def test_a_change_made_during_the_run_goes_into_the_address_and_a_reload_replays_the_run(
    monkeypatch,
):
    """After effort was changed mid-run, the address held the new effort as the team's setting:
    a reload, or the link shared with a class, opened the changed team from week 0, another run.
    It now holds the settings the run started with, the change with its week and the week the
    run had reached; the page opened there makes the change again at that week and runs on to
    that week (it opened at week 0), so it shows the same run, to the last bit, where it was."""
    small = "reps.count=6&customers.per_rep=20&simulation.weeks=12"
    page = Address(monkeypatch, f"scenario=hard_worker&lang=de&{small}")
    for _ in range(4):
        page.click(hooks.STEP)
    assert "week=4" in page.address  # each week goes into the address
    page.set("reps.effort_hours", 45)
    page.set("reps.perception", 0.46)
    for _ in range(6):
        page.click(hooks.STEP)
    address = page.address
    assert "reps.effort_hours" not in address  # the preset's 60 h, as the run started
    assert "changes=4%3Aeffort_hours%3D45%2Cperception%3D0.46" in address, address
    assert address.endswith("&week=10"), address
    original = page.model.record.columns()
    page.rc.close()

    reloaded = Address(monkeypatch, address.split("?", 1)[1])
    assert reloaded.model.week == 10
    replayed = reloaded.model.record.columns()
    assert replayed.keys() == original.keys()
    for name, column in original.items():
        assert np.array_equal(replayed[name], column), name
    assert reloaded.control("reps.effort_hours").v_model == 45  # the change is in effect
    assert reloaded.control("reps.perception").v_model == 0.46
    assert reloaded.address in ("", address)  # nothing changed since: the same address
    assert [(iv.week, iv.changes) for iv in reloaded.model.interventions] == [
        (4, {"effort_hours": 45.0, "perception": 0.46})
    ]
    for _ in range(2):
        reloaded.click(hooks.STEP)
    assert reloaded.model.week == 12 and "week=12" in reloaded.address
    # Reset starts over from the settings shown, which hold the change made at week 4: it is
    # not made again (it was, as a change to what it already was, with a marker on the chart),
    # as Reset does without a reload
    reloaded.click(hooks.RESET)
    assert reloaded.model.week == 0 and reloaded.model.params.reps.effort_hours == 45
    assert reloaded.model.params.reps.perception == 0.46
    assert reloaded.model.params.interventions == ()
    assert "week=" not in reloaded.address and "changes=" not in reloaded.address
    reloaded.rc.close()
    # Reset before a change's week keeps it scheduled, and a setting changed before the first
    # week is the run's new start, the change still ahead
    ahead = Address(monkeypatch, address.split("?", 1)[1].replace("week=10", "week=2"))
    ahead.click(hooks.RESET)
    assert ahead.model.params.reps.effort_hours == 60
    assert [c.week for c in ahead.model.params.interventions] == [4]
    ahead.set("reps.effort_hours", 50)
    assert "reps.effort_hours=50" in ahead.address and "changes=4%3A" in ahead.address
    assert ahead.model.params.reps.effort_hours == 50
    ahead.rc.close()

    # a link from before the change opens at its week with the start's effort, and the run
    # goes on to make the change at week 4: the same run
    earlier = Address(monkeypatch, address.split("?", 1)[1].replace("week=10", "week=3"))
    assert earlier.model.week == 3
    assert earlier.control("reps.effort_hours").v_model == 60
    for _ in range(7):
        earlier.click(hooks.STEP)
    assert earlier.control("reps.effort_hours").v_model == 45
    for name, column in original.items():
        assert np.array_equal(earlier.model.record.columns()[name], column), name
    earlier.rc.close()

    edited = Address(monkeypatch, f"scenario=hard_worker&{small}&changes=4:effort_hours=lots")
    assert edited.model.params.interventions == ()  # an edited address never breaks the page
    # a mixed team's effort is its profiles' (the slider is disabled): an address edited to
    # change it changed the chart and the status, not the slider; now it changes nothing
    mixed = Address(monkeypatch, f"scenario=mixed_team&{small}&week=8&changes=4:effort_hours=45.5")
    assert mixed.model.params.interventions == () and mixed.model.interventions == []
    assert "changes=" not in mixed.address
    for week, opened in (("999", 12), ("-3", 0), ("3.5", 0), ("drei", 0), ("%C2%B2", 0)):
        assert Address(monkeypatch, f"{small}&week={week}").model.week == opened, week


@pytest.mark.parametrize(
    "text, kept",
    [
        # a second change of a trait in one week: all of the address's changes were dropped
        ("4:effort_hours=45;4:effort_hours=50;8:perception=0.3", [(4, 45.0, None), (8, None, 0.3)]),
        ("4:effort_hours=45,effort_hours=50;8:perception=0.3", [(4, 45.0, None), (8, None, 0.3)]),
        ("4:effort_hours=lots;8:perception=0.3", [(8, None, 0.3)]),  # no number
        ("4:effort_hours=45,perception=x", [(4, 45.0, None)]),
        ("x:effort_hours=45;8:perception=0.3", [(8, None, 0.3)]),  # no week
        ("4:effort_hours=500;8:perception=0.3", [(8, None, 0.3)]),  # out of bounds
        ("4:bogus=1;8:perception=0.3", [(8, None, 0.3)]),  # no trait
        ("4:effort_hours=45,perception=0.3", [(4, 45.0, 0.3)]),
        ("4:effort_hours=lots", []),
    ],
)
def test_an_edited_address_loses_only_the_changes_the_schema_refuses(text, kept):
    """Each change an address names is kept if the schema accepts it on top of the ones before,
    as its settings are: one edited part no longer drops every change of the run."""
    changes = with_url_changes(Scenario(), text).interventions
    assert [
        (c.week, c.changes.get("effort_hours"), c.changes.get("perception")) for c in changes
    ] == kept
    assert all(set(c.changes) <= {"effort_hours", "perception"} for c in changes)


def test_settings_waiting_for_reset_leave_the_week_out_of_the_address(monkeypatch):
    """A setting changed mid-run (other than effort and empathy) applies on Reset. The address
    cannot hold both the run shown and that setting, so it names the run the setting makes,
    from week 0, as a reload gives it; once the setting is back, the week returns."""
    small = "reps.count=6&customers.per_rep=20&simulation.weeks=12"
    page = Address(monkeypatch, f"scenario=default&{small}")
    for _ in range(5):
        page.click(hooks.STEP)
    assert "week=5" in page.address
    tolerance = page.session.scenario.customers.tolerance
    page.set("customers.tolerance", 1.3)
    assert "customers.tolerance=1.3" in page.address and "week=" not in page.address
    page.set("customers.tolerance", tolerance)
    assert "week=5" in page.address and "customers.tolerance" not in page.address
    # after the last week effort waits for Reset too
    for _ in range(7):
        page.click(hooks.STEP)
    assert "week=12" in page.address
    page.set("reps.effort_hours", 20)
    assert "reps.effort_hours=20" in page.address and "week=" not in page.address
    reloaded = Address(monkeypatch, page.address.split("?", 1)[1])
    assert reloaded.model.week == 0 and reloaded.model.params.reps.effort_hours == 20


def test_a_slider_step_the_browser_computes_in_binary_is_kept_as_the_step_it_is(monkeypatch):
    """Four steps down from 0.5 reached the server as 0.45999999999999996, which went into the
    address to share and the scenario file: "reps.perception=0.45999999999999996"."""
    page = Address(monkeypatch, "lang=de")
    slider = page.control("reps.perception")
    slider.v_model = 0.45999999999999996
    slider.fire_event("change", 0.45999999999999996)  # what Vuetify sends
    assert "reps.perception=0.46&" in page.address + "&"
    assert page.session.model.params.reps.perception == 0.46


def test_a_slider_moved_past_its_end_by_keyboard_stops_at_its_end(monkeypatch):
    """An accessibility audit: PageUp at 80 h sent 90 from Vuetify's slider; the run refused it
    ("Effort: 90 is above the maximum 80") and Compare's what-if was disabled, a state no mouse
    can make. The slider keeps its ends, whichever way the value comes."""
    page = Address(monkeypatch, "lang=en")
    slider = page.control("reps.effort_hours")
    slider.v_model = 90  # what PageUp at the end sends, as the thumb's position
    slider.fire_event("change", 90)
    assert page.session.model.params.reps.effort_hours == 80
    assert "reps.effort_hours=80" in page.address and "90" not in page.address
    slider = page.control("reps.perception")
    slider.v_model = -0.1
    slider.fire_event("change", -0.1)
    assert page.session.model.params.reps.perception == 0


@pytest.mark.parametrize(
    "edited",
    [
        "reps.effort_hours=lots",
        "reps.effort_hours=999",
        "reps.effort_hours=nan",
        "reps.effort_hours=-inf",
        "reps.effort_hours=1,000",
        "reps.count=2.5",
        "reps.count=0x10",
        "reps.count=100000&customers.per_rep=1000",  # more customers than the app shows
        "reps.profiles=1&simulation.seed=%3Cscript%3E",
        "reps.effort_hours=45&reps.effort_hours=99999",
        "scenario=nonsense&lang=xx&present=yes",
    ],
)
def test_an_edited_address_falls_back_to_the_defaults_and_never_breaks_the_page(
    monkeypatch, edited
):
    page = Address(monkeypatch, edited)
    params = page.session.model.params
    default = load_scenario(REPO / "configs" / "scenarios" / "default.yaml")
    assert params.reps.effort_hours in (default.reps.effort_hours, 45)
    assert params.reps.count * params.customers.per_rep <= 400_000
    assert params.simulation.seed == default.simulation.seed
    assert params.reps.count == default.reps.count  # no count edited in is read as another
    assert page.control("reps.effort_hours").v_model == params.reps.effort_hours


def test_two_sessions_have_independent_models(monkeypatch):
    first, second = Session(monkeypatch), Session(monkeypatch)
    first.click(hooks.STEP)
    first.click(hooks.STEP)
    first.set("reps.effort_hours", 50)
    assert first.model is not second.model
    assert second.series()["week"] == [0] and second.model.interventions == []
    assert second.control("reps.effort_hours").v_model == 30


# --- language -----------------------------------------------------------------------------------


@pytest.mark.parametrize("table", [i18n.TEXTS, texts.TEXTS], ids=["app", "figures"])
def test_every_text_has_a_german_version(table):
    english, german = table["en"], table["de"]
    assert set(english) == set(german)
    assert all(german[key].strip() for key in english)
    for spec in iter_params():
        assert spec.label and spec.label_de and spec.description_de, spec.name
        assert spec.unit == "" or spec.unit in texts.UNITS_DE, spec.unit
    for metric in METRICS.values():
        assert metric.description_de.strip(), metric.name
        assert metric.unit == "" or metric.unit in texts.UNITS_DE, metric.unit


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_page_points_a_browser_user_to_nothing_outside_the_browser(lang):
    """No repository paths, README sections or commands to run, but the one short hint for
    analysts on models too large for the app; no statistician's words ("priors")."""
    for key, text in i18n.TEXTS[lang].items():
        if key == "size.larger":
            continue
        for outside in ("README", "configs/", ".py", "rapport calibrate", "rapport run"):
            assert outside not in text, (key, text)
        assert not re.search(r"\b([pP]riors|Prior|[pP]osterior)\b", text), (key, text)


@pytest.mark.parametrize(
    "table", [i18n.TEXTS, texts.TEXTS, study_texts.TEXTS], ids=["app", "figures", "studies"]
)
def test_german_texts_call_a_95_percent_interval_by_one_name(table):
    """The studies wrote "95-%-KI" where the app wrote "95-%-Intervall"."""
    german = " ".join(table["de"].values())
    assert "KI" not in re.findall(r"\w+", german)
    assert texts.INTERVAL_DE in german
    assert set(re.findall(r"95-%-\w+", german)) <= {texts.INTERVAL_DE, "95-%-Band"}


@pytest.mark.parametrize(
    "value, lang, spec, shown",
    [
        (-0.25, "en", None, "−0.25"),
        (-0.25, "de", None, "−0,25"),
        (-3, "en", None, "−3"),
        (-0.00314, "en", "+.4f", "−0.0031"),
        (0.00314, "de", "+.4f", "+0,0031"),
        (1e-05, "en", None, "1e−05"),
    ],
)
def test_numbers_written_for_people_carry_a_minus_sign_not_a_hyphen(value, lang, spec, shown):
    """Study sentences and the app's wrote "-0.25" with a hyphen-minus."""
    assert texts.format_number(value, lang, spec=spec) == shown


@pytest.mark.parametrize(
    "value, lang, digits, shown",
    [
        (15856, "de", None, "15.856"),
        (15856, "en", None, "15,856"),
        (-30756.4, "de", 1, "−30.756,4"),
        (2004, "de", None, "2004"),
        (480000, "de", None, "480.000"),
        (123456.789, "en", 2, "123,456.79"),
    ],
)
def test_large_numbers_written_for_people_group_their_thousands(value, lang, digits, shown):
    """German pages wrote "15856 Stunden" beside error messages' "480.000 Kunden"."""
    assert texts.format_number(value, lang, digits) == shown


def test_a_studys_interval_writes_its_negative_ends_with_a_minus_sign():
    assert study_texts.ci_text((-0.2, 0.1), "en", "+.3f") == "95 % CI −0.200 to +0.100"
    assert study_texts.ci_text((-0.2, -0.1), "de", ".3f") == "95-%-Intervall −0,200 bis −0,100"


@pytest.mark.parametrize(
    "value, lang, digits, spec, shown",
    [
        (-0.3, "en", None, ".0f", "0"),
        (-0.0004, "de", None, ".3f", "0,000"),
        (-0.0004, "en", None, "+.3f", "+0.000"),
        (-0.0004, "en", 2, None, "0.00"),
        (-0.0, "en", None, None, "0"),
        (-0.6, "en", None, ".0f", "−1"),
        (float("-inf"), "en", None, None, "−inf"),
    ],
)
def test_a_number_that_rounds_to_zero_carries_no_minus_sign(value, lang, digits, spec, shown):
    """A difference of −0.3 customers, written whole, read "−0"."""
    assert texts.format_number(value, lang, digits, spec) == shown


def test_an_interval_whose_ends_read_alike_says_so_once():
    """A study printed "95 % CI 10 h to 10 h" when every resample chose the same effort."""
    grid = [5.0, 10.0, 20.0, 40.0]
    assert study_texts.ci_text((10.0, 10.0), "en", "g", " h", grid=grid) == (
        "95 % CI: both ends at 10 h, which the grid cannot place closer than its neighbours "
        "5 h and 20 h"
    )
    assert study_texts.ci_text((10.0, 10.0), "de", "g", " h", grid=grid) == (
        "95-%-Intervall: beide Grenzen bei 10\u00a0h; genauer als auf die Nachbarn 5\u00a0h und "
        "20\u00a0h kann das Raster den Wert nicht festlegen"
    )
    # at the grid's end there is no neighbour beyond it (the edge clause speaks of that end)
    assert study_texts.ci_text((40.0, 40.0), "en", "g", " h", grid=grid) == (
        "95 % CI: both ends at 40 h"
    )
    # ends that differ only beyond the shown decimals read alike too
    assert study_texts.ci_text((0.1001, 0.1004), "en", ".3f") == "95 % CI: both ends at 0.100"
    assert study_texts.ci_text((5.0, 10.0), "en", "g", " h", grid=grid) == "95 % CI 5 h to 10 h"


def test_the_lesson_has_the_same_sections_in_both_languages():
    headings = {
        lang: [line for line in i18n.lesson(lang).splitlines() if line.startswith("## ")]
        for lang in i18n.LANGUAGES
    }
    assert len(headings["en"]) == len(headings["de"]) == 6
    for lang in i18n.LANGUAGES:
        assert "Ogilvie, Rapp, Agnihotri & Bachrach" in i18n.lesson(lang)


def test_switching_to_german_changes_the_visible_labels(page):
    page.click(hooks.lang_button("de"))
    assert page.control("reps.effort_hours").label.startswith("Einsatz")
    assert PARAMS["reps.effort_hours"].description_de in page.control("reps.effort_hours").hint
    assert "Schritt" in page.one(hooks.STEP).children
    assert "Woche 0 von 52" in page.text(hooks.WEEK)
    assert page.one(hooks.PRESET).items[1] == "Hart arbeitend"
    page.one(hooks.PRESET).v_model = "Hart arbeitend"
    assert page.model.params.reps.effort_hours == 60


# --- computations behind the tabs ---------------------------------------------------------------


def small(**values) -> Scenario:
    """6 reps with 20 customers each unless overridden."""
    return scenario(**{"reps__count": 6, "customers__per_rep": 20, **values})


def test_comparing_identical_settings_gives_exactly_zero():
    plan = Plan(small(reps__effort_hours=45, reps__perception=0.2, reps__regulation=0.2))
    result = compare(plan, plan, replications=3)
    assert np.all(result.difference == 0) and np.all(result.low == 0)
    assert result.changes == []
    assert "exactly zero" in sentences.comparison_sentence(result, "en")


def test_a_team_effort_every_profile_sets_is_no_what_if_and_compare_says_so():
    """In the mixed team every profile works 60 h: moving the effort slider from 30 to 45 h
    changed no run, and Compare said "changing effort from 30 to 45 h/week makes no clear
    difference to relationship quality", as if more hours were measured to do nothing."""
    mixed = load_scenario(REPO / "configs" / "scenarios" / "mixed_team.yaml")
    base = Plan(mixed.with_values({"reps.count": 4, "customers.per_rep": 5, "simulation.weeks": 6}))
    more = base.with_scenario(base.scenario.with_values({"reps.effort_hours": 45}))
    result = compare(base, more, replications=2)
    assert np.all(result.difference == 0)
    assert result.changes == [] and result.by_profiles == [("reps.effort_hours", 30.0, 45.0, None)]
    said = {lang: sentences.comparison_sentence(result, lang) for lang in ("en", "de")}
    assert said["en"].startswith(
        "Changing effort from 30 to 45\u00a0h/week acts in neither run: every profile of the team "
        "sets its own"
    ), said["en"]
    assert said["de"].startswith(
        "Wird „Einsatz“ von 30 auf 45\u00a0h/Woche geändert, wirkt das in keinem der beiden Läufe"
    ), said["de"]
    assert not any("no clear difference" in s or "exactly zero" in s for s in said.values())
    # and "How sure is this?" says so too: its "nothing changed" read as if the slider had not
    # moved (plausible worlds: 2, one run each)
    band = compare_worlds(base, more, worlds=2, replications=1)
    assert not np.any(band.per_world) and band.by_profiles == result.by_profiles
    sure = {lang: sentences.worlds_sentence(band, lang) for lang in ("en", "de")}
    assert sure["en"] == (
        "In each of 2 plausible worlds the difference is exactly zero: changing effort from 30 "
        "to 45\u00a0h/week acts in neither run, since every profile of the team sets its own."
    )
    assert "wirkt das in keinem der beiden Läufe" in sure["de"] and "nichts" not in sure["de"]
    # beside a change that acts, the effort is left out of what the what-if changed
    wider = more.with_scenario(more.scenario.with_values({"customers.tolerance": 2.5}))
    assert [name for name, *_ in compare(base, wider, replications=2).changes] == [
        "customers.tolerance"
    ]


@pytest.mark.parametrize(
    "weeks, en, de",
    [(1, "After 1 week: ", "Nach 1 Woche: "), (3, "After 3 weeks: ", "Nach 3 Wochen: ")],
)
def test_compare_and_the_effort_curve_tell_a_one_week_run_in_the_singular(weeks, en, de):
    """A one-week run (simulation.weeks 1, which the schema allows) was told "After 1 weeks"
    and "Relationship quality after 1 weeks", and the effort curve's axis "relationship quality
    after 1 weeks" ("Beziehungsqualität nach 1 Wochen")."""
    base = Plan(small(reps__effort_hours=30, simulation__weeks=weeks))
    pushed = base.with_scenario(base.scenario.with_values({"reps.effort_hours": 55}))
    result = compare(base, pushed, replications=2)
    assert en in sentences.comparison_sentence(result, "en")
    assert de in sentences.comparison_sentence(result, "de")
    assert i18n.after_weeks(weeks, "en") == en.rstrip(": ").replace("After", "after")
    intro = i18n.t(
        "curve.intro",
        "de",
        after=i18n.after_weeks(weeks, "de"),
        levels="",
        reps=3,
        low="5",
        high="80",
    )
    assert intro.startswith(f"Beziehungsqualität {de.rstrip(': ').replace('Nach', 'nach')} bei")
    # the effort curve's axis, on the page and in its exported figure (German "nach 1 Wochen")
    curve = effort_curve(small(simulation__weeks=weeks), replications=1)
    for lang, after in (("en", en.replace("After", "after")), ("de", de.replace("Nach", "nach"))):
        axis = " ".join(charts.effort_curve_option(curve, lang)["yAxis"]["name"].split("\n"))
        figure = i18n.effort_curve_labels(curve.levels, curve.turning_points, weeks, lang)["y"]
        assert axis == figure == i18n.t("curve.y", lang, after=after.rstrip(": "))
        assert axis.endswith(after.rstrip(": ")) and axis.count(str(weeks)) == 1


def test_pushing_a_low_empathy_team_harder_lowers_relationships_and_says_so():
    base = Plan(small(reps__effort_hours=30, reps__perception=0.1, reps__regulation=0.1))
    pushed = base.with_scenario(base.scenario.with_values({"reps.effort_hours": 55}))
    result = compare(base, pushed, replications=4)
    difference, _, high = result.final
    assert difference < -0.05 and high < 0
    sentence = sentences.comparison_sentence(result, "en")
    assert sentence.startswith("Changing effort from 30 to 55\u00a0h/week ")
    assert "lowers relationship quality from week" in sentence
    german = sentences.comparison_sentence(result, "de")
    assert "Wird „Einsatz“ von 30 auf 55\u00a0h/Woche geändert" in german
    # the what-if's quality is lower than the baseline's, not falling ("sinkt" read as a fall
    # while both lines fell; "steigt" as a rise while both fell)
    assert re.search(r"liegt die Beziehungsqualität von Woche \d+ bis Woche \d+ niedriger", german)
    assert "sinkt" not in german and "steigt" not in german


def test_a_small_clear_difference_is_said_with_the_decimals_it_needs():
    """ "lowers relationship quality in weeks 5 to 8 (by up to 0.00; ...)" hid a difference of
    0.004 that the sentence called clear; it has as many decimals as the value at the end."""
    base = Plan(small(simulation__weeks=12))
    pushed = base.with_scenario(base.scenario.with_values({"reps.effort_hours": 45}))
    result = compare(base, pushed, replications=2)
    weeks = len(result.weeks)
    difference = np.where((np.arange(weeks) >= 5) & (np.arange(weeks) <= 8), -0.004, 0.0)
    planted = dataclasses.replace(
        result, difference=difference, low=difference - 0.001 * (difference < 0),
        high=difference + 0.001 * (difference == 0) + 0.0005 * (difference < 0),
    )  # fmt: skip
    assert planted.spans == [(5, 8, -1)]
    assert "by up to 0.004;" in sentences.comparison_sentence(planted, "en")
    assert "um bis zu 0,004;" in sentences.comparison_sentence(planted, "de")


def test_a_setting_that_is_a_week_reads_as_one():
    # "coaching start from 10 to 8 week" and "Coaching start 10 week": a week is a point in time
    base = Plan(small(coaching__perception_gain=0.3, coaching__start_week=10))
    earlier = base.with_scenario(base.scenario.with_values({"coaching.start_week": 8}))
    result = compare(base, earlier, replications=2)
    assert (
        "Changing coaching start from week\u00a010 to week\u00a08"
        in sentences.comparison_sentence(result, "en")
    )
    assert "von Woche\u00a010 auf Woche\u00a08" in sentences.comparison_sentence(result, "de")
    assert sentences.describe_setting("hiring.week", 12, "en").endswith(" week\u00a012")
    assert sentences.describe_setting("reps.effort_hours", 45.0, "en") == "Effort 45\u00a0h/week"


def test_an_intervention_compared_with_the_plain_run_differs_only_after_its_week():
    model = RapportModel(small(reps__perception=0.1, reps__regulation=0.1))
    base = Plan.of(model)
    model.run(20)
    model.intervene(effort_hours=60)
    result = compare(base, Plan.of(model), replications=3)
    assert np.all(result.difference[:21] == 0) and result.difference[-1] < 0
    assert result.changes == [("reps.effort_hours", 30.0, 60.0, 20)]
    assert "from week 21" in sentences.comparison_sentence(result, "en")


def test_the_effort_curve_turns_for_low_empathy_and_keeps_paying_off_for_high():
    curve = effort_curve(small(), replications=3)
    low, high = np.array(curve.means["low"]), np.array(curve.means["high"])
    assert low.argmax() not in (0, len(low) - 1), "low empathy: peak inside the range"
    assert curve.turning_points["low"] is not None and 5 < curve.turning_points["low"] < 45
    assert high[-1] > low[-1] + 0.2
    assert len(curve.runs) == 3 * len(CURVE_EFFORTS) * 3


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_effort_curve_s_axis_names_fit_a_projector_s_short_plot(lang):
    """At 1280×720 in presentation mode the plot is under 200 px tall, and "Beziehungsqualität
    nach 52 Wochen" (about 260 px) was cut at both ends; the axis also ended in a label "85"
    beside "80", an effort nobody ran. The name is on two lines, each at most 24 characters
    (about 170 px at its size), with a line height, and the axis's end has no label."""
    curve = effort_curve(small(simulation__weeks=52), replications=1)
    option = charts.effort_curve_option(curve, lang)
    name = option["yAxis"]["name"]
    lines = name.split("\n")
    assert len(lines) == 2 and max(map(len, lines)) <= 24, name
    assert " ".join(lines) == i18n.t("curve.y", lang, after=i18n.after_weeks(52, lang))
    assert (
        option["yAxis"]["nameTextStyle"]["lineHeight"]
        > option["yAxis"]["nameTextStyle"]["fontSize"]
    )
    assert option["xAxis"]["axisLabel"]["showMaxLabel"] is False
    assert option["xAxis"]["max"] > max(CURVE_EFFORTS)  # room past the last effort, unlabelled
    # and the plot's left margin holds both lines beyond the name's gap, on a projector too (the
    # first line's tops were cut at the canvas's edge: 88 px against 50 + 2 × 22)
    for factor in (1, hooks.PRESENT_SCALE):
        big = charts.scaled(option, factor)
        style = big["yAxis"]["nameTextStyle"]
        assert big["grid"]["left"] >= big["yAxis"]["nameGap"] + len(lines) * style["lineHeight"]


@pytest.mark.parametrize("empathy", [0.1, 0.9])
def test_a_team_at_the_low_or_high_level_draws_that_line_once(empathy):
    """The hard worker (empathy 0.1) drew "low empathy (0.1)" hidden under "current empathy
    (0.1)", with the same sentence twice: the current line now stands for both."""
    team = small(simulation__weeks=4, reps__perception=empathy, reps__regulation=empathy)
    curve = effort_curve(team, replications=1)
    assert list(curve.levels) == (["current", "high"] if empathy == 0.1 else ["low", "current"])
    option = charts.effort_curve_option(curve, "en")
    assert len(option["series"]) == 2
    assert len(sentences.curve_sentences(curve, "en")) == 2
    assert len(curve.runs) == 2 * len(CURVE_EFFORTS)


@pytest.mark.parametrize("seed", [1, 4])
def test_the_effort_curve_s_turning_point_is_the_peak_it_draws(seed):
    # At 2 replications the two-lines test's smooth peaks a point or two off the drawn one.
    curve = effort_curve(small(simulation__seed=seed, simulation__weeks=26), replications=2)
    option = charts.effort_curve_option(curve, "en")
    pinned = 0
    for level, entry in zip(curve.means, option["series"], strict=False):
        peak = curve.turning_points[level]
        if peak is None:
            continue
        means = curve.means[level]
        assert peak == curve.efforts[int(np.argmax(means))]
        (pin,) = entry["markPoint"]["data"]
        assert pin["coord"] == [peak, max(means)]
        pinned += 1
    assert pinned, "some level turns"


def test_a_turning_point_s_sentence_says_how_far_the_line_falls_by_the_scan_s_end():
    """The sentence "falls beyond 65 h" read alike for a collapse and for a dip of a few
    percent, which the two-lines test can also call a turn at few replications: it now gives
    the fall."""
    from frontends.app.data import EffortCurve

    efforts = [5.0, 20.0, 35.0, 50.0, 65.0, 80.0]
    curve = EffortCurve(
        efforts=efforts,
        levels={"low": 0.1, "high": 0.9},
        runs=pd.DataFrame(),
        means={"low": [0.3, 0.6, 0.5, 0.4, 0.35, 0.24], "high": [0.3, 0.6, 0.7, 0.78, 0.8, 0.79]},
        turning_points={"low": 20.0, "high": 65.0},
        weeks=26,
        current_effort=30.0,
    )
    low, high = sentences.curve_sentences(curve, "en")
    assert low.endswith("by 60 % at 80 h.") and "up to about 20 h" in low
    assert high.endswith("by 1 % at 80 h.") and "up to about 65 h" in high
    assert sentences.curve_sentences(curve, "de")[0].endswith("bis 80\u00a0h um 60\u00a0%.")


def test_a_line_that_falls_from_its_first_points_is_never_said_not_to_get_worse():
    """With 8 customers a rep, a low-empathy line is highest at 5 or 10 h and loses most of its
    value by 80 h; the test finds no turn (no rise it can tell from noise), and the sentence
    said "more effort does not make relationships worse", the opposite of the lesson."""
    curve = effort_curve(
        Scenario().with_values({"customers.per_rep": 8, "reps.count": 10}), replications=4
    )
    low = curve.means["low"]
    assert curve.turning_points["low"] is None and low[-1] < 0.5 * max(low)
    assert curve.falls_from["low"] == curve.efforts[int(np.argmax(low))] <= 10
    sentence = sentences.curve_sentences(curve, "en")[0]
    assert "does not make relationships worse" not in sentence
    assert "more effort makes relationships worse" in sentence
    fall = round(100 * (1 - low[-1] / max(low)))
    assert f"by {fall} % at 80 h" in sentence


def test_a_falling_line_without_a_turn_says_where_it_is_highest_in_both_languages():
    from frontends.app.data import EffortCurve

    efforts = [5.0, 20.0, 35.0, 50.0, 65.0, 80.0]
    curve = EffortCurve(
        efforts=efforts,
        levels={"low": 0.1, "current": 0.5, "high": 0.9},
        runs=pd.DataFrame(),
        means={
            "low": [0.6, 0.4, 0.3, 0.2, 0.15, 0.12],
            "current": [0.5, 0.6, 0.5, 0.4, 0.3, 0.3],
            "high": [0.3, 0.6, 0.7, 0.78, 0.8, 0.81],
        },
        turning_points={"low": None, "current": None, "high": None},
        weeks=26,
        current_effort=30.0,
        falls_from={"low": 5.0, "current": 20.0, "high": None},
    )
    low, current, high = sentences.curve_sentences(curve, "en")
    assert "highest at the lowest effort shown, 5 h" in low and "by 80 % at 80 h" in low
    assert "highest at about 20 h a week" in current and "by 50 % at 80 h" in current
    assert "no turning point between 5 and 80 h" in high
    low, current, _ = sentences.curve_sentences(curve, "de")
    assert (
        "niedrigsten gezeigten Einsatz, 5\u00a0h pro Woche" in low
        and "bis 80\u00a0h um 80\u00a0%" in low
    )
    assert "bei etwa 20\u00a0h pro Woche am höchsten" in current


def test_a_peak_pin_under_another_line_hangs_below_it():
    """The low-EI turning point's pin stood on the high-EI line that passes just above it: it
    now hangs below its peak; a peak with no line just above keeps its upright pin."""
    from frontends.app.data import EffortCurve

    efforts = list(CURVE_EFFORTS)
    means = {
        "low": [0.7 - abs(e - 25) / 100 for e in efforts],
        "high": [min(0.8, 0.3 + e / 40) for e in efforts],  # 0.05 above at 25 h
    }
    curve = EffortCurve(
        efforts=efforts,
        levels={"low": 0.1, "high": 0.9},
        runs=pd.DataFrame(),
        means=means,
        turning_points={"low": 25.0, "high": None},
        weeks=52,
        current_effort=30.0,
    )
    (pin,) = [s["markPoint"] for s in charts.effort_curve_option(curve, "en")["series"][:1]]
    assert pin["symbolRotate"] == 180
    # the pin names its effort with its unit, in the chart's type less two points, not four
    assert pin["data"][0]["value"] == "25 h" and pin["label"]["fontSize"] == charts.FONT - 2
    alone = dataclasses.replace(curve, means={"low": means["low"]}, levels={"low": 0.1})
    upright = charts.effort_curve_option(alone, "en")["series"][0]["markPoint"]
    assert "symbolRotate" not in upright
    # the label stands on a nearly opaque white ground: a curve or the worlds' dashed band
    # passing behind it struck "25 h" through on a projector
    for label in (pin["label"], upright["label"]):
        red, green, blue, alpha = re.fullmatch(
            r"rgba\((\d+), (\d+), (\d+), ([\d.]+)\)", label["backgroundColor"]
        ).groups()
        assert (red, green, blue) == ("255", "255", "255") and float(alpha) >= 0.85
        assert label["padding"][0] >= 1


@pytest.mark.parametrize("effort", [PARAMS["reps.effort_hours"].maximum, 72.5])
def test_the_effort_curve_spans_every_allowed_effort_and_marks_the_current_one_on_it(effort):
    allowed = PARAMS["reps.effort_hours"]
    assert CURVE_EFFORTS[0] <= 5 and CURVE_EFFORTS[-1] == allowed.maximum
    curve = effort_curve(small(simulation__weeks=4, reps__effort_hours=effort), replications=1)
    option = charts.effort_curve_option(curve, "en")
    (marker,) = option["series"][0]["markLine"]["data"]
    assert curve.efforts[-1] == allowed.maximum
    assert option["xAxis"]["min"] <= marker["xAxis"] == effort < option["xAxis"]["max"]
    assert "between 5 and 80 h" in " ".join(sentences.curve_sentences(curve, "en"))


def test_large_models_render_every_few_weeks():
    assert render_every(Scenario()) == 1
    assert render_every(small(reps__count=200)) == 1
    assert render_every(scenario(reps__count=2000, customers__per_rep=100)) > 1


# --- exports ------------------------------------------------------------------------------------


def test_a_german_csv_writes_truth_values_as_german_excel_reads_them():
    """True/False came out as text in German Excel, which reads WAHR and FALSCH."""
    from frontends.exports import csv_text

    frame = pd.DataFrame({"student": ["a", "b"], "decided": [True, False], "hours": [1.5, 2.0]})
    german = csv_text(frame, "de")
    assert german.splitlines()[1:] == ["a;WAHR;1,5", "b;FALSCH;2,0"]
    pd.testing.assert_frame_equal(read_csv(german), frame)
    assert csv_text(frame, "en").splitlines()[1] == "a,True,1.5"


def test_a_label_that_says_its_unit_in_words_is_not_followed_by_it():
    """ "Stunden pro Kontakt (h)" said the hours twice."""
    spec = PARAMS["dynamics.hours_per_contact"]
    assert i18n.labelled_with_unit(spec, "de") == "Stunden pro Kontakt"
    assert i18n.labelled_with_unit(spec, "en") == "Hours per contact"
    assert i18n.labelled_with_unit(PARAMS["reps.effort_hours"], "de") == "Einsatz (h/Woche)"


def test_exports_give_valid_csv_png_and_a_scenario_file_that_reads_back(tmp_path):
    model = RapportModel(small(reps__effort_hours=42)).run(5)
    model.intervene(perception=0.8)
    model.run(2)
    weekly = read_csv(weekly_csv(model))
    assert list(weekly["week"]) == list(range(8))
    assert weekly["intervention"].tolist() == [w == 5 for w in range(8)]
    reps = read_csv(reps_csv(model))
    assert len(reps) == 6 * 8 and {"rep", "relationship", "effort_hours"} <= set(reps.columns)
    # the reps as the page's charts name them: "Rep 1" is rep 1, with the model's numbers
    assert sorted(reps["rep"].unique()) == list(range(1, 7))
    first = reps[(reps["rep"] == 1) & (reps["week"] == 7)]["relationship"].item()
    table = model.rep_frame()
    own = table[(table["rep"] == 0) & (table["week"] == 7)]["relationship"].item()
    assert first == pytest.approx(own, abs=0.5e-4)  # to 4 decimals, not 0.39891522974270677
    cells = weekly_csv(model).replace("\n", ",").split(",")
    assert all(len(cell.split(".")[-1]) <= 4 for cell in cells if "." in cell)
    path = tmp_path / "exported.yaml"
    path.write_text(settings_yaml(model.params))
    assert load_scenario(path) == model.params
    labels = i18n.figure_labels("outcomes")
    png = png_bytes(outcomes_figure(model.weekly_frame(), labels=labels, intervention_weeks=[5]))
    assert png.startswith(PNG_SIGNATURE)


def test_a_german_page_s_csv_opens_in_german_excel_and_holds_the_same_numbers():
    """A German manager's double-clicked CSV was one column of text in German Excel (commas
    between cells, decimal points): a German page writes semicolons, decimal commas and a
    byte-order mark; the numbers are the English file's."""
    model = RapportModel(small()).run(3)
    english = read_csv(weekly_csv(model))
    text = weekly_csv(model, "de")
    assert text.startswith("\ufeffWoche;") and ";0," in text and "," not in text.splitlines()[0]
    pd.testing.assert_frame_equal(read_csv(text), english)
    # the same numbers; the profiles' names are the page's, in its language (the next claim)
    numbers = [read_csv(reps_csv(model, lang)).drop(columns="profile") for lang in ("de", "en")]
    pd.testing.assert_frame_equal(*numbers)
    # German headers with their units, for a manager; no column name of the model's tables left
    for header in (text, reps_csv(model, "de")):
        columns = header.splitlines()[0].lstrip("\ufeff").split(";")
        assert not [c for c in columns if re.fullmatch(r"[a-z_]+", c)], columns
    assert "Umsatz (k€/Woche)" in text and "Einsatz (h/Woche)" in text


@pytest.mark.parametrize(
    "lang, team, mixed",
    [
        ("en", "team (no profile)", {"hard worker", "smart worker"}),
        ("de", "Team (kein Profil)", {"Hart arbeitend", "Klug arbeitend"}),
    ],
)
def test_the_per_rep_csv_names_each_rep_s_profile_as_the_page_does(lang, team, mixed):
    """A German page's per-rep CSV said "Profil: team" for every rep of a team without
    profiles, as if a profile were called "team", and the shipped profiles in English."""
    plain = RapportModel(small()).run(1)
    assert set(read_csv(reps_csv(plain, lang))["profile"]) == {team}
    scenario = load_scenario(REPO / "configs" / "scenarios" / "mixed_team.yaml")
    model = RapportModel(scenario.with_values({"reps.count": 4, "customers.per_rep": 5})).run(1)
    assert set(read_csv(reps_csv(model, lang))["profile"]) == mixed
    # the model's own table keeps the stored names, which scripts and scenarios use
    assert set(model.rep_frame()["profile"]) == {"hard worker", "smart worker"}


def test_the_page_offers_every_download(page):
    for css in (
        hooks.DOWNLOAD_CSV,
        hooks.DOWNLOAD_REPS_CSV,
        hooks.DOWNLOAD_YAML,
        hooks.DOWNLOAD_PNG,
        hooks.DOWNLOAD_OUTCOMES_PNG,
        hooks.DOWNLOAD_PORTFOLIO_PNG,
    ):
        assert isinstance(page.one(css), v.Btn)


def test_the_presets_are_the_shipped_scenario_files():
    assert set(PRESETS) == {p.stem for p in (REPO / "configs" / "scenarios").glob("*.yaml")}
    assert set(INTERVENABLE) <= set(PARAMS)


# --- charts as PNG, in the page's language ------------------------------------------------------

# A word of each figure's title (or a panel title), per language.
TITLE_WORDS = {
    "trajectory": {"en": "Relationship quality", "de": "Beziehungsqualität"},
    "outcomes": {"en": "Revenue", "de": "Umsatz"},
    "portfolio": {"en": "in week", "de": "in Woche"},
    "effort_curve": {"en": "Effort curve", "de": "Einsatzkurve"},
    "comparison": {"en": "Baseline and what-if", "de": "Basis und Variante"},
}


@pytest.fixture(scope="module")
def exported():
    """What the PNG downloads draw: a small run with an intervention at week 10, the effort
    curve of its settings, and the run compared with its plain version."""
    model = RapportModel(small(reps__perception=0.1, reps__regulation=0.1, simulation__weeks=26))
    plain = Plan.of(model)
    model.run(10)
    model.intervene(effort_hours=55)
    model.run(16)
    curve = effort_curve(model.params, replications=2)
    comparison = compare(plain, Plan.of(model), replications=3)
    return model, curve, comparison


def draw(figure: str, exported, lang: str):
    """A figure as the page's download draws it, and the labels it was given in ``lang``."""
    model, curve, c = exported
    if figure == "effort_curve":
        labels = i18n.effort_curve_labels(curve.levels, curve.turning_points, curve.weeks, lang)
        fig = effort_curve_figure(
            curve.efforts, curve.means, curve.turning_points, curve.current_effort, labels=labels
        )
        return fig, labels
    labels = i18n.figure_labels(figure, lang, week=model.week, weeks=4, reps=c.replications)
    if figure == "trajectory":
        weekly, reps = model.weekly_frame(), model.rep_frame()
        fig = trajectory_figure(weekly, reps, labels=labels, intervention_weeks=[10])
    elif figure == "outcomes":
        fig = outcomes_figure(model.weekly_frame(), labels=labels, intervention_weeks=[10])
    elif figure == "portfolio":
        cells = portfolio(model)
        fig = portfolio_figure(
            cells.relationship, cells.irritated, cells.recently_churned, labels=labels
        )
    else:
        fig = comparison_figure(
            c.weeks, c.baseline, c.whatif, c.difference, c.low, c.high, labels=labels
        )
    return fig, labels


def test_the_relationship_download_colours_each_profile_as_the_page_does():
    # The page drew a hard worker's reps in the low-empathy colour, the PNG in the palette's
    # first (blue): a slide made from the download did not match what the class saw.
    from matplotlib.colors import to_hex

    model = small_model(seed=3, **{"reps.count": 4})
    model.run(3)
    reps = model.rep_frame()
    half = reps["rep"] < 2  # two profiles: low and high empathy, as a mixed team has them
    reps = reps.assign(
        profile=np.where(half, "hard worker", "smart worker"),
        perception=np.where(half, 0.1, 0.9),
        regulation=np.where(half, 0.1, 0.9),
    )
    labels = i18n.figure_labels("trajectory", "en")
    fig = trajectory_figure(model.weekly_frame(), reps, labels=labels)
    drawn = {
        line.get_label(): to_hex(line.get_color())
        for line in fig.axes[0].get_lines()
        if line.get_label() in ("hard worker", "smart worker")
    }
    page = charts.empathy_colours({"hard worker": 0.1, "smart worker": 0.9})
    assert drawn == {name: to_hex(colour) for name, colour in page.items()}
    assert drawn["hard worker"] == to_hex(LEVEL_COLOURS["low"])


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
@pytest.mark.parametrize("figure", list(TITLE_WORDS))
def test_every_chart_exports_as_a_png_labelled_in_the_page_language(exported, figure, lang):
    fig, labels = draw(figure, exported, lang)
    png = png_bytes(fig)  # drawing also fixes the tick labels inspected below
    assert png.startswith(PNG_SIGNATURE)
    titles = [ax.get_title() for ax in fig.axes] + [t.get_text() for t in fig.texts]
    assert any(TITLE_WORDS[figure][lang] in title for title in titles), titles
    shown = {t.get_text() for t in fig.findobj(Text)}
    texts = {text for name, text in labels.items() if name != "decimal"}
    assert texts <= shown, f"labels not drawn: {texts - shown}"
    other = draw(figure, exported, "en" if lang == "de" else "de")[1]
    foreign = {text for name, text in other.items() if text != labels.get(name)}
    assert not foreign & shown, f"texts of the other language: {foreign & shown}"
    ticks = [
        label.get_text() for ax in fig.axes for label in ax.get_xticklabels() + ax.get_yticklabels()
    ]
    wrong_mark = "." if lang == "de" else ","
    assert not [tick for tick in ticks if wrong_mark in tick], ticks


@pytest.mark.parametrize("mark", [".", ","])
def test_negative_ticks_carry_a_minus_sign_with_either_decimal_mark(mark):
    """German charts wrote "-0,5" with a hyphen where English ones, matplotlib's own formatter,
    write "−0.5"."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.plot([-1.0, 1.0], [-0.5, 0.5])
    try:
        use_decimal_mark(fig, mark)
        fig.canvas.draw()
        ticks = [t.get_text() for t in ax.get_xticklabels() + ax.get_yticklabels()]
    finally:
        plt.close(fig)
    negative = [tick for tick in ticks if tick.startswith("\u2212")]
    assert negative and all(mark in tick for tick in negative if not tick[1:].isdigit()), ticks
    assert not [tick for tick in ticks if "-" in tick], ticks


def test_the_live_pngs_start_weekly_flows_at_week_1_and_tick_whole_weeks():
    model = RapportModel(small(simulation__weeks=10)).run()
    weekly, reps = model.weekly_frame(), model.rep_frame()
    outcomes = outcomes_figure(weekly, labels=i18n.figure_labels("outcomes", "de"))
    trajectory = trajectory_figure(weekly, reps, labels=i18n.figure_labels("trajectory", "de"))
    revenue, churned, wasted = (ax.lines[0].get_xdata() for ax in outcomes.axes)
    assert revenue[0] == wasted[0] == 1  # as on the page: no week-0 flow of 0, no false ramp
    assert churned[0] == 0  # a running total starts at 0
    for fig in (outcomes, trajectory):
        png_bytes(fig)  # drawing fixes the ticks
        for ax in fig.axes:
            low, high = ax.get_xlim()
            ticks = [x for x in ax.get_xticks() if low <= x <= high]
            assert ticks and all(float(x).is_integer() for x in ticks), ticks
            labels = [label.get_text() for label in ax.get_xticklabels()]
            assert not [text for text in labels if "," in text], labels


def test_the_effort_curve_png_draws_the_worlds_band_and_one_label_where_two_coincide():
    efforts = list(CURVE_EFFORTS)
    peaked = [1 - abs(e - 25) / 60 for e in efforts]
    rising = [e / 100 for e in efforts]
    means = {"low": peaked, "high": rising, "current": peaked}  # the current team is low-EI
    turning = {"low": 25.0, "high": None, "current": 25.0}
    levels = {"low": 0.1, "high": 0.9, "current": 0.1}
    labels = i18n.effort_curve_labels(levels, turning, 52, "de")
    labels["band"] = i18n.t("curve.worlds.band", "de", count=8)
    band = (efforts, [v - 0.1 for v in peaked], [v + 0.1 for v in peaked])
    fig = effort_curve_figure(efforts, means, turning, 30.0, labels=labels, band=band)
    (ax,) = fig.axes
    drawn = [text.get_text() for text in ax.texts]
    assert drawn.count("Hochpunkt 25\u00a0h") == 1, drawn
    dashed = [line for line in ax.lines if line.get_linestyle() == "--"]
    assert any(list(line.get_ydata()) == band[1] for line in dashed)
    assert any(list(line.get_ydata()) == band[2] for line in dashed)
    assert labels["band"] in [text.get_text() for text in ax.get_legend().get_texts()]
    # the key stands below the plot: inside it, it covered the band's start at low effort
    renderer = FigureCanvasAgg(fig).get_renderer()
    key, plot = ax.get_legend().get_window_extent(renderer), ax.get_window_extent(renderer)
    assert key.y1 < plot.y0 and fig.bbox.contains(key.x0, key.y0), (key, plot)


def test_the_comparison_png_draws_the_plausible_worlds_band_the_page_draws():
    """The page drew the what-if's range in plausible worlds, dashed grey, and its sentence
    pointed to it; the downloaded PNG left it out."""
    weeks = list(range(13))
    rising = [w / 20 for w in weeks]
    labels = i18n.figure_labels("comparison", "de", reps=8)
    labels["worlds"] = i18n.t("compare.worlds.band", "de", count=32)
    worlds = ([v - 0.2 for v in rising], [v + 0.2 for v in rising])
    fig = comparison_figure(
        weeks, rising, rising, rising, rising, rising, labels=labels, worlds=worlds
    )
    _, bottom = fig.axes
    dashed = [line for line in bottom.lines if line.get_linestyle() == "--"]
    assert [list(line.get_ydata()) for line in dashed] == list(worlds)
    assert labels["worlds"] in [text.get_text() for text in bottom.get_legend().get_texts()]
    alone = comparison_figure(weeks, rising, rising, rising, rising, rising, labels=labels)
    assert not [line for line in alone.axes[1].lines if line.get_linestyle() == "--"]


def test_a_turning_point_under_another_line_is_labelled_below_it_and_the_axis_spans_the_scan():
    """The hard worker's "Hochpunkt 25 h" was drawn above its pin, where the high-EI line
    crossed the words; and the PNG's axis stopped at 65 h while the scan reaches 80."""
    efforts = list(CURVE_EFFORTS)
    peaked = [0.7 - abs(e - 25) / 100 for e in efforts]
    above = [min(0.8, 0.3 + e / 40) for e in efforts]  # 0.05 above the peak at 25 h
    means, turning = {"current": peaked, "high": above}, {"current": 25.0, "high": None}
    labels = i18n.effort_curve_labels({"current": 0.1, "high": 0.9}, turning, 52, "en")
    (ax,) = effort_curve_figure(efforts, means, turning, 60.0, labels=labels).axes
    (label,) = ax.texts
    assert label.get_position()[1] < 0  # offset below the pin
    assert ax.get_xlim()[1] >= max(efforts)
    alone = effort_curve_figure(
        efforts, {"current": peaked}, {"current": 25.0}, 60.0, labels=labels
    ).axes[0]
    assert alone.texts[0].get_position()[1] > 0  # nothing above: the label sits over its pin


def record_labels(monkeypatch, name: str) -> list[dict]:
    """The labels the page passes to the figure function ``name`` of ``sim.plots``, per call
    (the page imports it at the export, from ``sim.plots``)."""
    seen = []
    real = getattr(plots, name)

    def recording(*args, **kwargs):
        seen.append(kwargs["labels"])
        return real(*args, **kwargs)

    monkeypatch.setattr(plots, name, recording)
    return seen


@pytest.mark.parametrize(
    "css, figure, title",
    [
        (hooks.DOWNLOAD_PNG, "trajectory_figure", "chart.relationship"),
        (hooks.DOWNLOAD_OUTCOMES_PNG, "outcomes_figure", "chart.outcomes"),
        (hooks.DOWNLOAD_PORTFOLIO_PNG, "portfolio_figure", "chart.portfolio.week"),
    ],
)
def test_the_live_charts_download_as_png_in_german(page, monkeypatch, css, figure, title):
    drawn = record_labels(monkeypatch, figure)
    page.click(hooks.STEP)
    page.click(hooks.STEP)
    page.click(hooks.lang_button("de"))
    assert page.download(css).startswith(PNG_SIGNATURE)
    assert drawn[-1]["title"] == i18n.t(title, "de", week=2)


def test_the_effort_curve_offers_its_png_once_computed(page, monkeypatch):
    drawn = record_labels(monkeypatch, "effort_curve_figure")
    figures, real_png = [], plots.png_bytes
    monkeypatch.setattr(plots, "png_bytes", lambda fig: figures.append(fig) or real_png(fig))
    page.small_model()
    page.click(hooks.lang_button("de"))
    page.open_tab(hooks.TAB_CURVE)
    assert page.all(hooks.DOWNLOAD_CURVE_PNG) == []
    page.click(hooks.EFFORT_CURVE)
    wait_for(lambda: page.all(hooks.CURVE_DONE))
    assert page.download(hooks.DOWNLOAD_CURVE_PNG).startswith(PNG_SIGNATURE)
    assert drawn[-1]["title"] == i18n.t("chart.curve", "de")
    assert drawn[-1]["x"] == "Einsatz (h/Woche)"
    # as on the page, the axis reaches the most effort allowed
    assert figures[-1].axes[0].get_xlim()[1] > PARAMS["reps.effort_hours"].maximum


def test_the_effort_curve_s_intro_names_the_lines_it_draws(page):
    """The intro promised low, current and high empathy; for a hard worker, whose empathy is
    the low level, the chart draws two lines."""

    def intro() -> str:
        notes = [w.unsafe_innerHTML for w in page.all(hooks.NOTE)]
        return next(n for n in notes if n.startswith(("Relationship quality after", "Bezieh")))

    page.open_tab(hooks.TAB_CURVE)
    assert "at low, current and high empathy" in intro()
    page.set("reps.perception", 0.1)
    page.set("reps.regulation", 0.1)
    assert "at the current empathy, which is the low level, and at high empathy" in intro()
    page.set("reps.perception", 0.9)
    page.set("reps.regulation", 0.9)
    assert "at low empathy and at the current, which is the high level" in intro()
    page.click(hooks.lang_button("de"))
    assert "mit der aktuellen, die der hohen Stufe entspricht" in intro()


def test_the_what_if_states_the_settings_it_ran_with_and_offers_its_png(page, monkeypatch):
    drawn = record_labels(monkeypatch, "comparison_figure")
    page.small_model()
    page.open_tab(hooks.TAB_COMPARE)
    page.click(hooks.PIN)
    page.set("reps.effort_hours", 45)
    assert page.all(hooks.DOWNLOAD_COMPARE_PNG) == []
    page.click(hooks.COMPARE)  # right after the slider: the what-if must see 45
    wait_for(lambda: page.all(hooks.COMPARE_SENTENCE))
    sentence = page.text(hooks.COMPARE_SENTENCE)
    assert "effort from 30 to 45\u00a0h/week" in sentence
    assert "Baseline: Effort 30\u00a0h/week" in sentence
    assert "What-if: Effort 45\u00a0h/week" in sentence
    page.click(hooks.lang_button("de"))
    # The click's render may be left to the what-if's thread, still finishing its own.
    wait_for(lambda: "Variante: Einsatz 45\u00a0h/Woche" in page.text(hooks.COMPARE_SENTENCE))
    assert page.download(hooks.DOWNLOAD_COMPARE_PNG).startswith(PNG_SIGNATURE)
    assert drawn[-1]["title"] == i18n.t("chart.compare", "de", reps=8)


def compare_panel():
    """The Compare tab alone on a small model: its settings and a lookup of its widgets."""
    settings = small(simulation__weeks=12)
    values = solara.reactive(control_values(settings))
    box, _ = solara.render(
        compare_tab.ComparePanel(app.Session(settings), values, "en"), handle_error=False
    )
    return values, lambda css: [w for w in widgets(box) if css in classes_of(w)]


def test_the_what_if_reads_the_settings_when_clicked_not_when_last_drawn():
    values, found = compare_panel()

    def button(css):
        (widget,) = found(css)
        return widget

    button(hooks.PIN).click()
    # The slider's value has reached the server, but this panel has not been drawn since.
    values.value = {**values.value, "reps.effort_hours": 45.0}
    button(hooks.COMPARE).click()
    sentence = wait_for(lambda: found(hooks.COMPARE_SENTENCE))
    assert "What-if: Effort 45\u00a0h/week" in sentence[0].unsafe_innerHTML


def compare_panel_in(lang: str, settings: Scenario):
    """The Compare tab alone, in ``lang``: its settings, a lookup of its widgets, its language."""
    values = solara.reactive(control_values(settings))
    language = solara.reactive(lang)

    @solara.component
    def Tab():
        compare_tab.ComparePanel(app.Session(settings), values, language.value)

    box, _ = solara.render(Tab(), handle_error=False)
    return values, lambda css: [w for w in widgets(box) if css in classes_of(w)], language


@pytest.mark.parametrize(
    "weeks, en, de",
    [
        (10, "set to 10 weeks and ran on with its own settings after week 10", "auf 10 Wochen"),
        (1, "set to 1 week and ran on with its own settings after week 1", "auf 1 Woche"),
    ],
)
def test_a_longer_what_if_is_compared_over_all_its_weeks_and_the_page_says_the_baseline_ran_on(
    weeks, en, de
):
    """A baseline of one week was "set to 1 weeks" ("auf 1 Wochen eingestellt")."""
    values, found, language = compare_panel_in("en", small(simulation__weeks=weeks))
    found(hooks.PIN)[0].click()
    values.value = {**values.value, "simulation.weeks": 16, "reps.effort_hours": 45.0}
    found(hooks.COMPARE)[0].click()
    wait_for(lambda: found(hooks.COMPARE_SENTENCE))
    (note,) = found(hooks.COMPARE_HORIZON)
    assert note.unsafe_innerHTML == (
        f"Both runs are compared over all 16 weeks: the baseline is {en}, so nothing of the "
        "what-if is cut."
    )
    (table,) = found(hooks.COMPARE_TABLE)
    assert "weeks 1 to 16" in table.unsafe_innerHTML  # not cut to the baseline's weeks
    language.set("de")
    # under the full suite's load the page re-renders a moment later (a background thread)
    (note,) = wait_for(
        lambda: [n for n in found(hooks.COMPARE_HORIZON) if "Wochen" in n.unsafe_innerHTML]
    )
    assert "über alle 16 Wochen" in note.unsafe_innerHTML and "Basis" in note.unsafe_innerHTML
    assert f"Die Basis ist {de} eingestellt und lief nach Woche {weeks} " in note.unsafe_innerHTML


def test_plans_of_different_lengths_are_compared_over_the_longer_and_the_length_is_no_change():
    base = Plan(small(simulation__weeks=10))
    longer = base.with_scenario(base.scenario.with_values({"simulation.weeks": 16}))
    result = compare(base, longer, replications=2)
    assert result.weeks == list(range(17)) and len(result.baseline) == 17
    assert result.changes == [] and not np.any(result.difference)  # the same team, same seeds
    # the baseline's own weeks are those it runs alone; shorter what-ifs run on just as well
    alone = compare(base, base, replications=2)
    assert np.array_equal(result.baseline[:11], alone.baseline)
    assert compare(longer, base, replications=2).weeks == list(range(17))


def test_the_plan_set_to_fewer_weeks_is_named_with_its_own_length():
    """Compare's note on the shorter plan reads both lengths from the one function that sets
    the weeks compared (the note computed the longer length itself)."""
    base = Plan(small(simulation__weeks=10))
    longer = base.with_scenario(base.scenario.with_values({"simulation.weeks": 16}))
    assert compared_weeks(base, longer) == compared_weeks(longer, base) == 16
    assert shorter_plan(base, longer) == ("baseline", 10)
    assert shorter_plan(longer, base) == ("whatif", 10)
    assert shorter_plan(base, base) is None


@pytest.mark.parametrize(
    "name, value, label",
    [
        ("coaching.perception_gain", 0.5, "coaching.perception_gain"),
        ("hiring.share", 0.2, "hiring.share"),
    ],
)
def test_the_settings_used_name_what_the_what_if_changed_beside_effort_and_empathy(
    name, value, label
):
    values, found, _ = compare_panel_in("en", small(simulation__weeks=10))
    found(hooks.PIN)[0].click()
    values.value = {**values.value, name: value}
    found(hooks.COMPARE)[0].click()
    wait_for(lambda: found(hooks.COMPARE_SETTINGS) or found(hooks.COMPARE_SENTENCE))
    text = html.unescape(found(hooks.COMPARE_SENTENCE)[0].unsafe_innerHTML)
    used = text.split("Settings used.")[1]
    baseline, whatif = used.split("What-if:")
    shown = i18n.param_label(label, "en")
    assert shown in baseline and shown in whatif
    assert baseline.split("Baseline:")[1].strip(" .") != whatif.strip(" .")
    assert not found(hooks.COMPARE_HORIZON)  # the same length: nothing to say


# --- inputs that never lie, charts that say what they show (issue 13) ----------------------------


def test_a_number_field_applies_on_enter_not_while_typing(page):
    field = page.control("simulation.weeks")
    for partial in ("9", "99", "999"):
        field.v_model = partial  # keystrokes, no Enter yet
    assert page.model.params.simulation.weeks == 52
    assert field.v_model == "999"  # the text stays as typed
    assert "above the maximum 520" in " ".join(field.error_messages)
    field.fire_event("change", "999")  # Enter
    assert page.model.params.simulation.weeks == 52 and page.one(hooks.RESET).disabled
    field.v_model = "30"
    field.fire_event("change", "30")
    assert page.model.params.simulation.weeks == 30 and field.error_messages == []


@pytest.mark.parametrize(
    "lang, text, value, shown",
    [
        ("de", "0,5", 0.5, "0,5"),
        ("de", "12,25", 12.25, "12,25"),
        ("de", "0.5", 0.5, "0,5"),
        ("en", "0.5", 0.5, "0.5"),
        ("en", "0,5", 0.5, "0.5"),
    ],
)
def test_a_decimal_entry_is_read_with_the_page_s_decimal_mark(page, lang, text, value, shown):
    page.click(hooks.lang_button(lang))
    field = page.control("customers.value")
    assert field.type != "number"  # the browser's number field dropped a German comma
    page.set("customers.value", text)
    assert page.model.params.customers.value == value
    assert field.v_model == shown and field.error_messages == []


@pytest.mark.parametrize(
    "lang, text", [("de", "1.000"), ("en", "1,000"), ("de", "1.000,5"), ("de", "abc")]
)
def test_a_number_that_could_be_read_two_ways_is_refused_not_guessed(page, lang, text):
    page.click(hooks.lang_button(lang))
    before = page.model
    page.set("customers.value", text)
    field = page.control("customers.value")
    assert field.v_model == text and field.error_messages
    assert page.model is before and page.one(hooks.RESET).disabled
    assert page.all(hooks.INVALID)


@pytest.mark.parametrize("text", ["99999999999999999999", "1e30"])
def test_a_huge_whole_number_stays_in_its_field_as_typed(page, text):
    """Read through a float, 99999999999999999999 came back as 100000000000000000000 and 1e30
    as 1000000000000000019884624838656."""
    page.set("simulation.seed", text)
    field = page.control("simulation.seed")
    assert field.v_model == text and field.error_messages
    assert "9,223,372,036,854,775,807" in field.error_messages[0]


def test_a_refused_seed_holds_back_side_by_side_instead_of_breaking_it(page):
    """Side by side read the seed field as a number: a refused entry there ("abc", "1e30")
    raised a ValueError in its panel."""
    page.open_tab(hooks.TAB_OPTIONS)
    page.set("simulation.seed", "abc")
    assert page.control("simulation.seed").error_messages
    assert page.one(hooks.OPTIONS_RUN).disabled
    page.set("simulation.seed", "7")
    assert not page.one(hooks.OPTIONS_RUN).disabled


def test_a_number_field_shows_its_value_in_the_page_s_language(page):
    page.set("customers.value", "2.5")
    assert page.control("customers.value").v_model == "2.5"
    page.click(hooks.lang_button("de"))
    assert page.control("customers.value").v_model == "2,5"


def test_a_slider_applies_when_released_not_while_dragged(page):
    page.click(hooks.STEP)
    slider = page.control("reps.effort_hours")
    for value in (29, 25, 20):  # the thumb moves
        slider.v_model = value
    assert page.model.interventions == []
    slider.fire_event("change", 20)  # released
    assert [(iv.week, iv.changes) for iv in page.model.interventions] == [
        (1, {"effort_hours": 20.0})
    ]


def test_after_the_last_week_effort_changes_wait_for_reset(page):
    page.set("simulation.weeks", 2)
    page.click(hooks.STEP)
    page.click(hooks.STEP)
    assert page.one(hooks.PLAY).disabled and page.one(hooks.STEP).disabled
    page.set("reps.effort_hours", 50)
    assert page.model.interventions == []  # no change "from week 3" of a 2-week run
    assert "Effort" in page.text(hooks.PENDING)
    page.click(hooks.RESET)
    assert page.model.params.reps.effort_hours == 50 and not page.one(hooks.PLAY).disabled


def test_the_portfolio_draws_lost_customers_grey_and_numbers_its_colour_bar():

    model = RapportModel(small(reps__effort_hours=60, reps__perception=0.1)).run(20)
    cells = portfolio(model)
    option = charts.portfolio_option(cells, "de")
    scale, lost = option["visualMap"]
    assert scale["text"] == ["1,0", "0,0"]
    heat, grey, _ = option["series"]
    assert len(grey["data"]) == cells.recently_churned.sum() > 0
    assert lost["seriesIndex"] == 1 and lost["pieces"][0]["color"] == grey["itemStyle"]["color"]
    assert len(heat["data"]) + len(grey["data"]) == cells.relationship.size


def test_a_portfolio_cell_s_tooltip_knows_its_rep_customer_and_irritation():
    """The tooltip over a cell gave a bare number: now the widget gets the names of the rows
    and columns as the axes number them, the customers' slots when the picture shows only some,
    and each cell's irritation."""
    model = RapportModel(small(reps__effort_hours=60, reps__perception=0.1)).run(8)
    cells = portfolio(model, max_reps=3, max_customers=4)
    option = charts.portfolio_option(cells, "de")
    spec = option["tooltip"]["formatter"]["rapportCell"]
    assert spec["cell"] == "Person {rep}, Kunde {customer}"
    assert spec["rows"] == option["yAxis"]["data"] == [str(r + 1) for r in cells.reps]
    assert spec["columns"] == option["xAxis"]["data"] == [str(c + 1) for c in cells.slots]
    per = model.params.customers.per_rep
    assert cells.slots[0] == 0 and cells.slots[-1] == per - 1 and len(cells.slots) == 4
    heat = option["series"][0]
    flagged = {(int(x), int(y)) for x, y, _, flag in heat["data"] if flag}
    drawn = {
        (int(x), int(y)) for x, y in np.argwhere(cells.irritated & ~cells.recently_churned)[:, ::-1]
    }
    assert flagged and flagged == drawn and option["visualMap"][0]["dimension"] == 2


def test_the_portfolio_draws_slots_left_empty_grey_however_long_ago_they_emptied():

    scenario = small(reps__effort_hours=60, reps__perception=0.1, dynamics__acquisition_hours=80)
    model = RapportModel(scenario).run(30)
    empty = (model.customer_state.present == 0).reshape(scenario.reps.count, -1)
    cells = portfolio(model, max_reps=1000, max_customers=1000)  # every slot
    old = empty & ~portfolio_recent_churn(model)
    assert old.any(), "no slot has been empty for longer than the recent weeks"
    assert cells.recently_churned[empty].all()


def portfolio_recent_churn(model: RapportModel) -> np.ndarray:
    """Slots whose customer left in the recent weeks, from the churn log."""
    recent = np.zeros(model.customer_state.present.size, dtype=bool)
    for record in model.churn_log:
        if record["week"][0] > model.week - RECENT_CHURN_WEEKS:
            recent[record["slot"]] = True
    return recent.reshape(model.params.reps.count, -1)


def test_weekly_flows_start_at_week_one_and_a_mixed_team_has_a_legend():

    mixed = load_scenario(REPO / "configs" / "scenarios" / "mixed_team.yaml")
    model = RapportModel(mixed.with_values({"customers.per_rep": 10})).run(3)
    series = team_series(model)
    outcomes = charts.outcomes_option(series, 52, "en")
    first = [s["data"][0][0] for s in outcomes["series"]]  # revenue, customers lost, hours
    assert first == [1, 0, 1]
    option = charts.relationship_option(series, rep_relationships(model), 52, "en")
    profiles = {p.name for p in mixed.reps.profiles}
    assert profiles <= set(option["legend"]["data"])


def test_a_team_has_its_empathy_s_colour_on_every_chart():
    """Blue was the collapsing hard worker on the live chart and in Side by side, and the
    high-empathy line on the effort curve: colours went by order of appearance. Now low empathy
    is the effort curve's low colour wherever it appears, high empathy its high colour."""
    low, high = LEVEL_COLOURS["low"], LEVEL_COLOURS["high"]

    def rep_colours(name: str) -> dict[str, str]:
        scenario = load_scenario(REPO / "configs" / "scenarios" / f"{name}.yaml")
        model = RapportModel(scenario.with_values({"customers.per_rep": 5})).run(2)
        option = charts.relationship_option(team_series(model), rep_relationships(model), 52, "en")
        return {s["name"]: s["lineStyle"]["color"] for s in option["series"][:-1]}

    assert set(rep_colours("hard_worker").values()) == {low}
    assert set(rep_colours("smart_worker").values()) == {high}
    mixed = load_scenario(REPO / "configs" / "scenarios" / "mixed_team.yaml")
    model = RapportModel(mixed.with_values({"customers.per_rep": 5})).run(2)
    reps = rep_relationships(model)
    option = charts.relationship_option(team_series(model), reps, 52, "en")
    by_profile = {
        profile: series["lineStyle"]["color"]
        for profile, series in zip(reps[1], option["series"], strict=False)
    }
    assert by_profile == {"hard worker": low, "smart worker": high}
    plans = {
        name: Plan(load_scenario(REPO / "configs" / "scenarios" / f"{name}.yaml"))
        for name in ("smart_worker", "balanced_worker", "hard_worker")
    }
    plans = {name: plan.with_scenario(plan.scenario.with_values(
        {"reps.count": 2, "customers.per_rep": 5, "simulation.weeks": 3})
    ) for name, plan in plans.items()}  # fmt: skip
    options = run_options(plans, 2, 1)
    drawn = charts.options_option(options.named(lambda key: key.upper()), "en")
    colours = {s["name"]: s["lineStyle"]["color"] for s in drawn["series"] if "stack" not in s}
    # both low-empathy teams cannot share one colour: the first (by name order here, the same
    # empathy) takes the low colour, the other one of its own; the smart worker is high
    assert colours["SMART_WORKER"] == high
    assert {colours["BALANCED_WORKER"], colours["HARD_WORKER"]} >= {low}
    assert colours["BALANCED_WORKER"] != colours["HARD_WORKER"]


@pytest.mark.parametrize(
    "low, high, shown",
    [
        ("2,53\u00a0Mio.\u00a0€", "2,63\u00a0Mio.\u00a0€", ("2,53", "2,63\u00a0Mio.\u00a0€")),
        ("€\u00a02.53\u00a0M", "€\u00a02.63\u00a0M", ("€\u00a02.53", "2.63\u00a0M")),
        ("31.310 h", "32.512 h", ("31.310", "32.512 h")),
        ("950\u00a0k€", "1,02\u00a0Mio.\u00a0€", ("950\u00a0k€", "1,02\u00a0Mio.\u00a0€")),
        ("0,282", "0,295", ("0,282", "0,295")),
        ("−5 h", "−3 h", ("−5", "−3 h")),  # a sign stays
    ],
)
def test_side_by_side_writes_an_interval_s_shared_unit_once(low, high, shown):
    """The table writes "(2,53 – 2,63 Mio. €)", not "(2,53 Mio. € – 2,63 Mio. €)": its intervals
    fit a 1024 px window's column, each on one line."""
    assert options_tab.interval_bounds(low, high) == shown


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_side_by_side_heads_both_relationship_columns_once(lang):
    mean, end = (i18n.t(f"options.col.{c}", lang) for c in options_tab.COLUMNS[:2])
    shared, first, second = options_tab.grouped_heads(mean, end)
    assert mean == f"{shared} ({first})" and end == f"{shared} ({second})"
    head = options_tab.table_head(lang)
    assert head.count("<tr>") == 2 and f'<th colspan="2">{shared}</th>' in head
    assert options_tab.grouped_heads("Revenue", "Customers lost") is None


# --- scenario files carry the run's changes (issue 13) -------------------------------------------


def test_the_exported_scenario_reproduces_a_run_with_mid_run_changes(tmp_path):

    model = RapportModel(small(reps__perception=0.2, simulation__weeks=15)).run(4)
    model.intervene(effort_hours=55)
    model.run(6)
    model.intervene(perception=0.7, effort_hours=20)
    model.run(5)
    path = tmp_path / "run.yaml"
    path.write_text(settings_yaml(run_scenario(model)))
    text = path.read_text()
    assert "interventions:" in text and "week: 10" in text
    again = RapportModel(load_scenario(path)).run()
    assert again.weekly_frame().equals(model.weekly_frame())
    assert [(iv.week, iv.changes) for iv in again.interventions] == [
        (iv.week, iv.changes) for iv in model.interventions
    ]


def test_a_scheduled_change_with_an_unknown_trait_is_rejected_with_its_name(tmp_path):

    path = tmp_path / "bad.yaml"
    path.write_text("interventions:\n  - {week: 3, effort: 30}\n")
    with pytest.raises(ConfigError, match=r"interventions\.0\.effort: unknown key 'effort'"):
        load_scenario(path)


# --- Compare judges the whole horizon, in relationships, euros and customers (issue 13) ---------


def test_cutting_effort_from_60_to_40_is_reported_worse_over_the_weeks_it_lasts():
    # Issue 13: judged at week 52 only, this change read "no clear change".
    default = load_scenario(REPO / "configs" / "scenarios" / "default.yaml")
    pushed = Plan(default.with_values({"reps.effort_hours": 60}))
    cut = Plan(pushed.scenario, ((10, (("effort_hours", 40.0),)),))
    result = compare(pushed, cut, replications=8)
    assert result.start == 11
    worse = [(a, b) for a, b, sign in result.spans if sign < 0]
    assert worse, f"no week clearly worse: {result.spans}"
    first, last = max(worse, key=lambda s: s[1] - s[0])
    # Worse from the change on for months (how long depends on the rules: the reps' learning
    # rules of issue 10 end it around week 38, where it had lasted past week 45).
    assert first <= 12 and last - first >= 20, (first, last)
    sentence = sentences.comparison_sentence(result, "en")
    german = sentences.comparison_sentence(result, "de")
    for a, b, sign in result.spans:  # every clear span is named, in its direction
        verb = "lowers" if sign < 0 else "raises"
        assert f"{verb} relationship quality from week {a} to week {b}" in sentence
        assert f"von Woche {a} bis Woche {b}" in german
    assert "Weeks 11 to 52: revenue −\u2060€" in sentence  # the sign kept with its amount


def test_compare_totals_match_plain_runs_in_euros_and_customers():
    base = Plan(small(reps__effort_hours=30, reps__perception=0.1, reps__regulation=0.1))
    pushed = base.with_scenario(base.scenario.with_values({"reps.effort_hours": 55}))
    result = compare(base, pushed, replications=3)
    seeds = [base.scenario.simulation.seed + i for i in range(3)]
    frames = {
        name: [RapportModel(plan.scenario, seed=s).run().weekly_frame() for s in seeds]
        for name, plan in (("a", base), ("b", pushed))
    }
    revenue = [
        b["revenue"][1:].sum() - a["revenue"][1:].sum()
        for a, b in zip(*frames.values(), strict=True)
    ]
    lost = [
        b["churned"].iloc[-1] - a["churned"].iloc[-1] for a, b in zip(*frames.values(), strict=True)
    ]
    assert result.totals["revenue"].difference == pytest.approx(np.mean(revenue))
    assert result.totals["churned"].difference == pytest.approx(np.mean(lost))
    assert result.totals["revenue"].low < result.totals["revenue"].difference
    # a number and its unit never part at a line break ("Umsatz +274" | "k€ (95-%-Intervall")
    assert sentences.format_euros(1234.5, "en") == "€\u00a01.23\u00a0M"
    assert sentences.format_euros(2580.0, "de") == "2,58\u00a0Mio.\u00a0€"
    # as the units and the study answers write it (it was "Tsd. €" beside "k€")
    assert sentences.format_euros(-12.0, "de", signed=True) == "−\u206012\u00a0k€"
    # nor a sign and its amount: "revenue −" at a line's end read as a dash
    assert sentences.format_euros(18.0, "en", signed=True) == "+\u2060€\u00a018\u00a0k"


def test_compare_warns_when_the_settings_changed_after_it_ran():
    values, found = compare_panel()

    found(hooks.PIN)[0].click()
    values.value = {**values.value, "reps.effort_hours": 45.0}
    found(hooks.COMPARE)[0].click()
    wait_for(lambda: found(hooks.COMPARE_SENTENCE))
    (table,) = found(hooks.COMPARE_TABLE)
    assert 'data-outcome="revenue"' in table.unsafe_innerHTML and "€" in table.unsafe_innerHTML
    assert found(hooks.COMPARE_STALE) == []
    values.value = {**values.value, "reps.effort_hours": 50.0}
    assert wait_for(lambda: found(hooks.COMPARE_STALE))
    values.value = {**values.value, "reps.effort_hours": 45.0}  # back as it ran
    wait_for(lambda: not found(hooks.COMPARE_STALE))


# --- several options side by side (issue 13) -----------------------------------------------------


def test_the_side_by_side_table_matches_rapport_run_on_the_same_settings(
    tmp_path, monkeypatch, capsys
):
    presets = {
        stem: load_scenario(REPO / "configs" / "scenarios" / f"{stem}.yaml").with_values(
            {"customers.per_rep": 10, "simulation.weeks": 12}
        )
        for stem in ("hard_worker", "smart_worker")
    }
    result = run_options({k: Plan(s) for k, s in presets.items()}, replications=2, seed=7)
    table = result.table().set_index("option")
    for stem, settings in presets.items():
        path = tmp_path / f"{stem}.yaml"
        path.write_text(settings_yaml(settings))
        runs = []
        for seed in (7, 8):  # the same seeds for every option: common random numbers
            out = tmp_path / f"{stem}-{seed}"
            done = rapport_in_process(
                monkeypatch, capsys, "run", path, "--seed", seed, "--out", out
            )
            assert done.returncode == 0, done.stderr
            runs.append(pd.read_parquet(out / "weekly.parquet"))
        row = table.loc[stem]
        expected = {
            "relationship_quality_mean": [r["relational_performance"][1:].mean() for r in runs],
            "relationship_quality_final": [r["relational_performance"].iloc[-1] for r in runs],
            "revenue_keur": [r["revenue"][1:].sum() for r in runs],
            "customers_lost": [r["churned"].iloc[-1] for r in runs],
            "wasted_hours_total": [r["wasted_hours"][1:].sum() for r in runs],
        }
        for column, values in expected.items():
            assert row[column] == pytest.approx(np.mean(values)), (stem, column)
            assert row[f"{column}_low"] <= row[column] <= row[f"{column}_high"]
        assert row["seeds"] == "7-8"
    assert table.loc["smart_worker", "revenue_keur"] > table.loc["hard_worker", "revenue_keur"]


def unspanned(text: str) -> str:
    """HTML without its plain ``<span>`` tags (those that only group words)."""
    return text.replace("<span>", "").replace("</span>", "")


def test_side_by_side_runs_picked_options_and_a_saved_one_and_offers_csv(page):
    page.small_model()
    page.open_tab(hooks.TAB_OPTIONS)
    page.click(hooks.OPTIONS_SAVE)  # the current (small) settings as "Saved 1"
    (pick,) = page.all(hooks.OPTIONS_PICK)
    labels = [b.children[0] for b in pick.children]
    assert labels[: len(PRESETS)] == [i18n.t(f"preset.{s}", "en") for s in PRESETS]
    assert "Saved 1" in labels and len(pick.v_model) == 4
    pick.v_model = [labels.index("Default"), labels.index("Saved 1")]
    page.click(hooks.OPTIONS_RUN)
    wait_for(lambda: page.all(hooks.OPTIONS_TABLE), timeout=120)
    text = page.text(hooks.OPTIONS_TABLE)
    assert "Default" in text and "Saved 1" in text and "€" in text
    # what each option is, beside its name (a manager could not tell the presets apart)
    default = Scenario()
    traits = (
        f"{default.reps.effort_hours:g} h/week · perception {default.reps.perception:g} · "
        f"regulation {default.reps.regulation:g}"
        # and the sizes the totals add up over, which the small saved option does not share
        " · Team size 20\u00a0reps · Customers per rep 40\u00a0customers · Weeks 52"
    )
    # (each trait in a span of its own: the line wraps between them, never inside one)
    assert f'Default<div class="{hooks.OPTIONS_TRAITS}">{traits}</div>' in unspanned(text)
    table = read_csv(page.download(hooks.DOWNLOAD_OPTIONS_CSV).decode())
    assert table["option"].tolist() == ["Default", "Saved 1"]
    assert table["effort_hours"].tolist() == [default.reps.effort_hours] * 2
    assert page.download(hooks.DOWNLOAD_OPTIONS_PNG).startswith(PNG_SIGNATURE)
    # the saved option is the small model: a tenth of the default's customers, less revenue
    assert table["revenue_keur"][1] < table["revenue_keur"][0]
    pick.v_model = [labels.index("Default")]  # one option is not a comparison
    # (re-rendered once the comparison's background thread has let go of the page: under load
    # the button was read a moment before)
    wait_for(lambda: page.one(hooks.OPTIONS_RUN).disabled, timeout=10)
    page.click(hooks.OPTIONS_RUN)  # a click the browser sent before it showed the button off
    assert not page.all(hooks.OPTIONS_PROGRESS)
    assert "Saved 1" in page.text(hooks.OPTIONS_TABLE)  # the last comparison stays shown
    # in German, the same results name the preset in German (they kept the language they were
    # computed in), and a saved option keeps the name it was saved under
    page.click(hooks.lang_button("de"))
    # (under the full suite's load the page re-rendered a moment after the click)
    text = wait_for(lambda: "Standard" in (shown := page.text(hooks.OPTIONS_TABLE)) and shown, 10)
    assert "Standard" in text and "Saved 1" in text and "Default" not in text, text
    assert "h/Woche · Wahrnehmung 0,5 · Regulation 0,5" in unspanned(text)
    german = page.download(hooks.DOWNLOAD_OPTIONS_CSV).decode()
    assert german.startswith("\ufeffOption;Einsatz (h/Woche);") and "Umsatz (k€);" in german
    assert "Umsatz (k€), 95-%-Intervall unten" in german
    assert not re.search(r"\d,\d{5}", german)  # to 4 decimals, as every export
    table = read_csv(german)
    assert table["option"].tolist() == ["Standard", "Saved 1"]
    page.click(hooks.lang_button("en"))
    wait_for(lambda: "Default<div" in page.text(hooks.OPTIONS_TABLE), timeout=10)
    for name, weeks in (("Default", 13), ("Push to 45 h", 14)):  # a preset's name gets a number
        page.set("simulation.weeks", weeks)  # settings not yet an option
        field = page.one(hooks.OPTIONS_NAME)
        field.v_model = name  # typed (each keystroke reaches the server), then Save clicked
        page.click(hooks.OPTIONS_SAVE)
    page.set("simulation.weeks", 15)
    page.one(hooks.OPTIONS_NAME).v_model = "Hart arbeitend"  # a preset's German name
    page.click(hooks.OPTIONS_SAVE)
    labels = [b.children[0] for b in page.one(hooks.OPTIONS_PICK).children]
    assert labels[-3:] == ["Default (2)", "Push to 45 h", "Hart arbeitend (2)"]


@pytest.mark.parametrize(
    "lang, sizes",
    [
        ("en", ["Team size 4\u00a0reps · Weeks 8", "Team size 2\u00a0reps · Weeks 4"]),
        ("de", ["Teamgröße 4\u00a0Personen · Wochen 8", "Teamgröße 2\u00a0Personen · Wochen 4"]),
    ],
)
def test_side_by_side_names_the_team_size_and_weeks_its_totals_add_up_over(lang, sizes):
    """A saved team of 2 reps over 4 weeks and one of 4 reps over 8 weeks read alike beside
    their names ("30 h/week · perception 0.5 · regulation 0.5") while one's revenue was a
    quarter of the other's: what the options differ in that their totals grow with is said
    beside each name, and in the CSV."""
    larger = small(reps__count=4, customers__per_rep=5, simulation__weeks=8)
    smaller = larger.with_values({"reps.count": 2, "simulation.weeks": 4})
    result = run_options({"larger": Plan(larger), "smaller": Plan(smaller)}, 2, 1)
    for name, size in zip(result.names, sizes, strict=True):
        traits = options_tab.option_traits(result, name, lang)
        assert traits.endswith(f"0,5 · {size}" if lang == "de" else f"0.5 · {size}"), traits
        assert "Kunden pro Person" not in traits and "Customers per rep" not in traits
    table = result.table()
    assert table[["team_size", "customers_per_rep", "weeks"]].values.tolist() == [
        [4, 5, 8],
        [2, 5, 4],
    ]
    # options of one size: their traits alone, as before
    alike = run_options(
        {"a": Plan(larger), "b": Plan(larger.with_values({"reps.perception": 0.9}))}, 2, 1
    )
    assert options_tab.option_traits(alike, "a", "en") == (
        "30 h/week · perception 0.5 · regulation 0.5"
    )


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_settings_that_are_already_an_option_are_not_saved_again(page, lang):
    """Two identical options draw one line over the other: the second is refused, by name."""
    page.click(hooks.lang_button(lang))
    page.small_model()
    page.open_tab(hooks.TAB_OPTIONS)
    page.click(hooks.OPTIONS_SAVE)
    count = len(page.one(hooks.OPTIONS_PICK).children)
    page.one(hooks.OPTIONS_NAME).v_model = "Again"
    page.click(hooks.OPTIONS_SAVE)
    assert len(page.one(hooks.OPTIONS_PICK).children) == count
    saved = i18n.t("options.saved_name", lang, n=1)
    assert saved in page.text(hooks.OPTIONS_SAME)
    page.set("simulation.weeks", 13)  # other settings: the note goes, and they can be saved
    assert page.all(hooks.OPTIONS_SAME) == []
    page.click(hooks.OPTIONS_SAVE)
    assert len(page.one(hooks.OPTIONS_PICK).children) == count + 1


def test_a_presets_settings_are_not_saved_as_another_option(page):
    page.open_tab(hooks.TAB_OPTIONS)
    page.click(hooks.OPTIONS_SAVE)  # the page opens at the default preset
    assert "“Default”" in page.text(hooks.OPTIONS_SAME)
    labels = [b.children[0] for b in page.one(hooks.OPTIONS_PICK).children]
    assert labels == [i18n.t(f"preset.{s}", "en") for s in PRESETS]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_compare_table_keeps_every_amount_on_one_line(exported, lang):
    comparison = exported[2]
    box, _ = solara.render(compare_tab.ComparisonTable(comparison, lang), handle_error=False)
    (table,) = [w for w in widgets(box) if hooks.COMPARE_TABLE in classes_of(w)]
    cells = re.findall(r"<td>(.*?)</td>", table.unsafe_innerHTML)
    amounts = [c for c in cells if "€" in c or re.search(r"\d", c)]
    assert amounts
    number = rf'<span class="{hooks.NUMBER}">[^<]*</span>'
    for cell in amounts:
        assert re.search(number, cell), cell
        # nothing of an amount outside its span: "€", "Mio." and "h" go with their number
        outside = re.sub(r"95[ -]%", "", re.sub(number, "", cell))
        assert not re.search(r"€|Mio|Tsd|\bM\b|\bk\b|\d", outside), cell


def test_the_compare_table_says_why_a_difference_is_not_that_of_its_rounded_values(exported):
    """Customers lost 172.4 and 178.6 showed as "172", "179" and "+6": each rounded on its own.
    The table now says that differences are taken before rounding, and only when a row shows
    such a case."""
    comparison = exported[2]

    def note(totals: dict, lang: str = "en") -> list[str]:
        shown = dataclasses.replace(comparison, totals={**comparison.totals, **totals})
        box, _ = solara.render(compare_tab.ComparisonTable(shown, lang), handle_error=False)
        (table,) = [w for w in widgets(box) if hooks.COMPARE_TABLE in classes_of(w)]
        notes = [w for w in widgets(box) if hooks.COMPARE_ROUNDING in classes_of(w)]
        assert "<td>" in table.unsafe_innerHTML
        return [w.unsafe_innerHTML for w in notes]

    def paired(a: float, b: float) -> Paired:
        return Paired(a, b, b - a, b - a - 1, b - a + 1)

    adds_up = {
        "relational_performance": paired(0.5, 0.6),
        "revenue": paired(120.0, 150.0),
        "churned": paired(172.0, 179.0),
        "wasted_hours": paired(10.0, 30.0),
    }
    assert note(adds_up) == []
    assert note({**adds_up, "churned": paired(172.4, 178.6)}) == [
        i18n.t("compare.table.rounding", "en")
    ]
    # revenue as it is shown: "€ 1.23 M" and "€ 1.25 M" beside "+€ 18 k"
    (german,) = note({**adds_up, "revenue": paired(1234.0, 1252.0)}, "de")
    assert german.startswith("Jeder Unterschied wird vor dem Runden gebildet")


# --- monitors, the takeaway and a first step (issue 13) ------------------------------------------


def monitor_values(page) -> dict[str, str]:
    """The monitors' values by name, as the page shows them."""
    html = page.text(hooks.MONITORS)
    found = re.findall(
        rf'data-monitor="(\w+)".*?class="{hooks.MONITOR}-value">([^<]*)<', html, flags=re.S
    )
    return dict(found)


def test_the_monitors_show_the_runs_numbers_and_the_end_gives_a_takeaway(page):
    page.set("simulation.weeks", 6)
    page.set("reps.effort_hours", 50)  # not the balanced plan's effort
    assert page.text(hooks.TAKEAWAY) == ""
    for _ in range(6):
        page.click(hooks.STEP)
    weekly = page.model.weekly_frame()
    shown = monitor_values(page)
    assert shown["quality"] == f"{weekly['relational_performance'].iloc[-1]:.2f}"
    peak_week = int(weekly["relational_performance"].idxmax())
    assert shown["peak"] == f"{weekly['relational_performance'].max():.2f} (week {peak_week})"
    assert shown["churned"] == str(int(weekly["churned"].iloc[-1]))
    assert shown["revenue"] == sentences.format_euros(weekly["revenue"][1:].sum(), "en")
    assert shown["wasted_hours"] == f"{round(weekly['wasted_hours'][1:].sum())} h"
    takeaway = page.text(hooks.TAKEAWAY)
    assert f"{int(weekly['churned'].iloc[-1])} customers lost" in takeaway
    assert "by week 6" in takeaway
    # against the balanced plan: the same team at the balanced preset's effort, same seed
    balanced = load_scenario(REPO / "configs" / "scenarios" / "balanced_worker.yaml")
    effort = balanced.reps.effort_hours
    other = RapportModel(
        page.model.params.with_values({"reps.effort_hours": effort}), seed=page.model.seed
    ).run(6)
    forgone = weekly["revenue"][1:].sum() - other.weekly_frame()["revenue"][1:].sum()
    expected = sentences.format_euros(forgone, "en", signed=True)
    assert (
        f"the same team at {effort:g}\u00a0h/week" in takeaway and f"revenue {expected}" in takeaway
    )
    assert abs(forgone) > 0.5  # k€: a real difference, not a rounding


@pytest.mark.parametrize(
    "lang, churned, lost, replaced",
    [
        ("en", 1, "; 1 customer lost,", "while 1 customer was lost and its place went to a new"),
        ("en", 2, "; 2 customers lost,", "while 2 customers were lost and their places went"),
        ("en", 0, "; 0 customers lost,", "while 0 customers were lost"),
        ("de", 1, "; 1 Kunde verloren,", "während 1 Kunde verloren ging und ein neuer, noch"),
        ("de", 1234, "; 1234 Kunden verloren,", "während 1234 Kunden verloren gingen und neue"),
    ],
)
def test_the_takeaway_says_one_customer_lost_in_the_singular(lang, churned, lost, replaced):
    """Stepping a week or two in class, the takeaway said "1 customers lost" ("1 Kunden
    verloren"); one lost customer is now told in the singular, in every sentence."""
    base = dict(week=12, peak_week=4, high_week=4, low_week=9, revenue=80.0, wasted_hours=40.0)
    fell = data.Monitors(
        quality=0.3, peak=0.6, high=0.6, low=0.3, churned=churned, lead=None, **base
    )
    back = dataclasses.replace(fell, quality=0.5)  # fell by half, then regained most of it
    held = dataclasses.replace(fell, quality=0.58, low=0.58)
    assert data.recovered(back) and not data.recovered(fell)
    for m in (fell, held):
        assert lost in live.takeaway(m, lang), live.takeaway(m, lang)
    assert replaced in live.takeaway(back, lang), live.takeaway(back, lang)
    assert lost in live.takeaway(back, lang, changed_from=6)  # a recovery after a change


BALANCED_EFFORT = load_scenario(
    REPO / "configs" / "scenarios" / "balanced_worker.yaml"
).reps.effort_hours


def test_a_run_at_the_balanced_effort_is_not_set_against_itself(page):
    page.set("simulation.weeks", 6)
    page.set("reps.effort_hours", BALANCED_EFFORT)
    for _ in range(6):
        page.click(hooks.STEP)
    takeaway = page.text(hooks.TAKEAWAY)
    assert "customers lost" in takeaway
    assert "balanced plan" not in takeaway


def plan_of(scenario: Scenario, *changes: tuple[int, dict[str, float]]) -> Plan:
    return Plan(scenario, tuple((week, tuple(sorted(c.items()))) for week, c in changes))


@pytest.mark.parametrize(
    "plan, against",
    [
        (plan_of(small(reps__effort_hours=BALANCED_EFFORT)), False),
        (plan_of(small(reps__effort_hours=45)), True),
        # the same effort throughout: an empathy change is no effort the sentence could name
        (plan_of(small(reps__effort_hours=BALANCED_EFFORT), (2, {"perception": 0.8})), False),
        (plan_of(small(reps__effort_hours=BALANCED_EFFORT), (2, {"effort_hours": 45.0})), True),
        (plan_of(small(reps__effort_hours=45), (2, {"effort_hours": BALANCED_EFFORT})), True),
        # profiles that set their own effort: the team's effort (here the balanced one) is
        # not theirs, and the balanced plan would not change it
        (
            plan_of(
                small(reps__effort_hours=BALANCED_EFFORT).with_values(
                    {"reps.profiles": [Profile(name="hard", share=1.0, effort_hours=60)]}
                )
            ),
            False,
        ),
        # profiles that leave effort to the team: the team's effort is every rep's
        (
            plan_of(
                small(reps__effort_hours=45).with_values(
                    {"reps.profiles": [Profile(name="calm", share=1.0, regulation=0.9)]}
                )
            ),
            True,
        ),
        (
            plan_of(
                small(reps__effort_hours=BALANCED_EFFORT).with_values(
                    {"reps.profiles": [Profile(name="calm", share=1.0, regulation=0.9)]}
                )
            ),
            False,
        ),
    ],
)
def test_the_balanced_plan_is_held_against_a_run_only_where_their_efforts_differ(plan, against):
    weeks = 4
    frame = run_plan(plan, seed=3, weeks=weeks)
    series = {name: frame[name].tolist() for name in ("revenue", "churned")}
    difference = balanced_difference(plan, 3, weeks, series)
    assert (difference is not None) == against, difference


@pytest.mark.parametrize(
    "lead, en, de",
    [
        # each says what it fell before: beside "hours wasted", "earlier" read as earlier
        # than those
        (
            1,
            "Relationships, 1 week before revenue",
            "Beziehungen, 1 Woche vor dem Umsatz",
        ),
        (
            3,
            "Relationships, 3 weeks before revenue",
            "Beziehungen, 3 Wochen vor dem Umsatz",
        ),
        (
            -1,
            "Revenue, 1 week before relationships",
            "Umsatz, 1 Woche vor den Beziehungen",
        ),
        (
            -2,
            "Revenue, 2 weeks before relationships",
            "Umsatz, 2 Wochen vor den Beziehungen",
        ),
        (0, "Both in the same week", "Beide in derselben Woche"),
        (None, "–", "–"),
    ],
)
def test_the_lead_monitor_says_which_fell_first_and_its_label_never_contradicts_it(lead, en, de):
    shown = dataclasses.replace(live.WIDEST, lead=lead)
    for lang, expected in (("en", en), ("de", de)):
        cells = {name: (label, value) for name, label, value in live.monitor_cells(shown, lang)}
        label, value = cells["lead"]
        assert value == expected
        # the label asks, the value answers: no label claims an order the value could deny
        assert label == {"en": "Which fell first", "de": "Was fiel zuerst"}[lang]


def test_in_a_hard_working_team_relationships_fall_no_later_than_revenue():
    """A customer buys each week as far as that week's relationship allows, so revenue follows
    relationships closely. The monitor's lead over ten runs: relationships fall first or in the
    same week in the typical run, and no run puts more than 4 weeks between the two peaks."""
    hard = load_scenario(REPO / "configs" / "scenarios" / "hard_worker.yaml")
    leads = []
    for seed in range(1, 11):
        shown = monitors(team_series(RapportModel(hard, seed=seed).run()))
        assert shown.lead is not None, shown
        assert "fell to" in live.takeaway(shown, "en")
        leads.append(shown.lead)
    assert np.median(leads) >= 0 and max(abs(lead) for lead in leads) <= 4, leads


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_two_year_run_says_that_relationships_recovered_in_year_two(seed):
    """Issue 10: a low-EI team at high effort recovers in its second year, and a user who runs
    two years is told so (with the low it came back from); after one year it had fallen."""
    hard = load_scenario(REPO / "configs" / "scenarios" / "hard_worker.yaml")
    model = RapportModel(hard.with_values({"simulation.weeks": 104}), seed=seed).run()
    quality = model.weekly_frame()["relational_performance"].to_numpy()
    shown = monitors(team_series(model))
    low_week = int(quality.argmax()) + int(quality[quality.argmax() :].argmin())
    assert shown.low_week == low_week  # the series the page shows is rounded to 6 places
    assert shown.low == pytest.approx(quality[low_week], abs=1e-6)
    for lang, words in (("en", "and recovered to"), ("de", "und erholte sich bis Woche 104")):
        sentence = live.takeaway(shown, lang)
        assert words in sentence, sentence
        assert f"{shown.low:.2f}".replace(".", "," if lang == "de" else ".") in sentence
    assert quality[-1] - quality[low_week] >= 0.25 * (quality.max() - quality[low_week])
    first_year = monitors(team_series(RapportModel(hard, seed=seed).run()))
    assert "fell to" in live.takeaway(first_year, "en")
    assert "recovered" not in live.takeaway(first_year, "en")


def test_a_recovery_after_a_change_of_settings_is_told_with_the_change():
    """The lesson's exercise: a hard worker cut to 30 h in week 17. The run recovered, and the
    sentence gave the reason a run left alone recovers (new customers in the lost ones' places),
    without a word of the cut."""
    hard = load_scenario(REPO / "configs" / "scenarios" / "hard_worker.yaml")
    model = RapportModel(hard, seed=1).run(16)
    model.intervene(effort_hours=30)
    model.run(52 - 16)
    shown = monitors(team_series(model))
    assert recovered(shown), shown  # the cut brought it back
    changed_from = min(iv.week for iv in model.interventions)
    assert changed_from == 16
    for lang, words in (
        ("en", "with the settings changed after week 16, reached"),
        ("de", "mit den nach Woche 16 geänderten Einstellungen in Woche 52"),
    ):
        sentence = live.takeaway(shown, lang, changed_from=changed_from)
        assert words in sentence and "not yet over-contacted" not in sentence, sentence
        assert len(sentence) <= len(live.widest_takeaway(lang))
    assert "not yet over-contacted" in live.takeaway(shown, "en")  # a run left alone


def test_before_the_first_week_play_is_highlighted_with_a_hint(page):
    assert hooks.PLAY_HINT in classes_of(page.one(hooks.PLAY))
    assert page.all(hooks.HINT)
    assert "in the settings" in page.one(hooks.HINT).children[0]
    page.click(hooks.PRESENT)  # the settings hidden: the hint does not point to them
    assert "settings" not in page.one(hooks.HINT).children[0]
    page.click(hooks.PRESENT)
    page.click(hooks.STEP)
    assert hooks.PLAY_HINT not in classes_of(page.one(hooks.PLAY))
    assert page.all(hooks.HINT) == []


def test_help_texts_are_plain_words_and_the_formulas_live_in_the_model_description():
    formula = re.compile(r"×|=\s*1\s*/|exp\(|D\(")
    for spec in PARAMS.values():
        for lang in i18n.LANGUAGES:
            assert not formula.search(i18n.param_help(spec, lang)), (spec.name, lang)
    # another setting is named by its label, never by its code name ("see cut_reading")
    leaves = {name.rsplit(".", 1)[1] for name in PARAMS if "_" in name.rsplit(".", 1)[1]}
    for spec in PARAMS.values():
        for lang in i18n.LANGUAGES:
            shown = i18n.param_help(spec, lang)
            named = [leaf for leaf in leaves if re.search(rf"\b{leaf}\b", shown)]
            assert not named, (spec.name, lang, named, shown)
            assert not re.findall(r"\b[a-z]+\.[a-z_]+\b", shown.replace("model.md", "")), shown
    model = (REPO / "docs" / "model.md").read_text()
    assert "D(p) = 1 / (1 + exp(−detection_steepness × (p − 0.5)))" in model
    assert "sensitisation × wear" in model


def test_presentation_mode_enlarges_the_charts_type(page):
    chart = page.one(hooks.CHART_RELATIONSHIP)
    size = chart.option["title"]["textStyle"]["fontSize"]
    axis = chart.option["xAxis"]["nameTextStyle"]["fontSize"]
    page.click(hooks.PRESENT)
    chart = page.one(hooks.CHART_RELATIONSHIP)
    assert chart.option["title"]["textStyle"]["fontSize"] == round(size * hooks.PRESENT_SCALE)
    assert chart.option["xAxis"]["nameTextStyle"]["fontSize"] >= 22 > axis
    assert hooks.PRESENTING in " ".join(" ".join(classes_of(w)) for w in page.all(hooks.APP))
    page.click(hooks.PRESENT)
    assert page.one(hooks.CHART_RELATIONSHIP).option["title"]["textStyle"]["fontSize"] == size


# --- numbers in the charts: the page's notation, rounded ------------------------------------------


def formats(option) -> list[dict]:
    """Every number format an option names (``charts.number_format``)."""
    found, stack = [], [option]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "rapportNumber" in item:
                found.append(item["rapportNumber"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


@pytest.mark.parametrize("lang, locale", [("de", "de-DE"), ("en", "en-GB")])
def test_every_chart_writes_its_axes_and_tooltips_in_the_page_s_notation_rounded(lang, locale):
    model = RapportModel(small(simulation__weeks=6)).run(3)
    series = team_series(model)
    options = {
        "relationship": charts.relationship_option(series, rep_relationships(model), 6, lang),
        "outcomes": charts.outcomes_option(series, 6, lang),
        "portfolio": charts.portfolio_option(portfolio(model), lang),
    }
    for name, option in options.items():
        axes = [a for key in ("xAxis", "yAxis") for a in np.atleast_1d(option[key]).tolist()]
        for axis in axes:
            if axis["type"] == "value":
                assert axis["axisLabel"]["formatter"]["rapportNumber"]["locale"] == locale, name
        tooltip = option["tooltip"]["valueFormatter"]["rapportNumber"]
        assert tooltip["locale"] == locale and tooltip["digits"] <= 3, name
        assert {f["locale"] for f in formats(option)} == {locale}
    # weekly revenue and hours to one decimal ("716,2"), customers whole
    digits = [
        s["tooltip"]["valueFormatter"]["rapportNumber"]["digits"]
        for s in options["outcomes"]["series"]
    ]
    assert digits == [1, 0, 1]


def test_the_effort_curve_makes_room_for_its_key_as_it_wraps_into_rows():
    rows = charts.legend_rows(["niedrige Empathie (0,10)"] * 3, top=30)
    widths = [rule["query"]["maxWidth"] for rule in rows]
    tops = [rule["option"]["grid"]["top"] for rule in rows]
    assert widths == sorted(widths, reverse=True)  # narrower charts match the later rules
    assert tops == sorted(tops) and tops[0] >= 2 * charts.LEGEND_ROW + 30
    # presenting, the type and the widths at which the key wraps grow together
    grown = charts.scaled({"media": rows}, 1.4)["media"]
    assert [r["query"]["maxWidth"] for r in grown] == [round(w * 1.4) for w in widths]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_pressured_team_is_held_against_the_balanced_plan_without_pressure(seed):
    """Under management pressure the balanced plan kept the pressure rule, so a team starting at
    35 h was set against a plan pushed to 70 h as well: "+203 customers lost" where a team
    really working 30 h lost 1115 fewer. The plan now runs without pressure, and the sentence
    says how far the pressure pushed the team's hours."""
    weeks = 30
    pressured = small(
        reps__effort_hours=35,
        reps__perception=0.2,
        reps__regulation=0.2,
        management__pressure_step=5,
        management__review_weeks=4,
    )
    frame = run_plan(Plan(pressured), seed, weeks)
    series = {name: frame[name].tolist() for name in data.SERIES}
    difference = balanced_difference(Plan(pressured), seed, weeks, series)
    calm = RapportModel(
        pressured.with_values(
            {"reps.effort_hours": BALANCED_EFFORT, "management.pressure_step": 0}
        ),
        seed=seed,
    ).run(weeks)
    assert difference.churned == frame["churned"].iloc[-1] - calm.weekly_frame()["churned"].iloc[-1]
    assert difference.pushed_to == pytest.approx(frame["effort_hours"].max())
    assert difference.pushed_to > 40  # the pressure did push
    shown = round(difference.pushed_to)
    en = live.takeaway(data.monitors(series), "en", difference)
    assert f"without the pressure that pushed this run to {shown}\u00a0h;" in en
    de = live.takeaway(data.monitors(series), "de", difference)
    assert f"ohne den Führungsdruck, der diesen Lauf auf {shown}\u00a0h trieb;" in de
    assert live.comparison(pressured) == "pressure"  # and the room kept fits the sentence
    for lang, sentence in (("en", en), ("de", de)):
        assert len(sentence) <= len(live.widest_takeaway(lang, "pressure"))
    # pressure whose first review comes after the run's end pushed nothing, and is not said to
    late = small(reps__effort_hours=35, management__pressure_step=5, management__review_weeks=12)
    frame = run_plan(Plan(late), seed, 10)
    series = {name: frame[name].tolist() for name in data.SERIES}
    untouched = balanced_difference(Plan(late), seed, 10, series)
    assert untouched.pushed_to is None
    assert "pressure" not in live.takeaway(data.monitors(series), "en", untouched)
    # at the balanced effort itself a pressured team is still held against the calm plan
    at_balanced = small(reps__effort_hours=BALANCED_EFFORT, management__pressure_step=5)
    frame = run_plan(Plan(at_balanced), seed, weeks)
    series = {name: frame[name].tolist() for name in data.SERIES}
    assert balanced_difference(Plan(at_balanced), seed, weeks, series) is not None


@pytest.mark.parametrize("effort", [10.0, 60.0])
def test_a_run_without_pressure_keeps_room_for_its_own_takeaway_only(effort):
    """The room under the relationship chart was kept for the longest takeaway of any run, the
    pressure clause included (some 50 characters more), so the outcome charts sat lower on a
    projector in every run. A run keeps room for the comparison it can end with."""
    weeks = 8
    plain = small(reps__effort_hours=effort)
    frame = run_plan(Plan(plain), 2, weeks)
    series = {name: frame[name].tolist() for name in data.SERIES}
    difference = balanced_difference(Plan(plain), 2, weeks, series)
    assert difference is not None and live.comparison(plain) == "plain"
    for lang in ("en", "de"):
        sentence = live.takeaway(data.monitors(series), lang, difference)
        room = live.widest_takeaway(lang, "plain")
        assert len(sentence) <= len(room) < len(live.widest_takeaway(lang, "pressure")) - 40
    own_hours = plain.with_values(
        {"reps.profiles": [Profile(name="fixed", share=1.0, effort_hours=effort)]}
    )
    assert live.comparison(own_hours) == "none"
    assert balanced_difference(Plan(own_hours), 2, weeks, series) is None


def planted_monitors(quality: list[float]) -> data.Monitors:
    weeks = len(quality)
    return data.monitors(
        {
            "relational_performance": quality,
            "revenue": [0.0] + [100.0] * (weeks - 1),
            "churned": [0] * weeks,
            "wasted_hours": [0.0] * weeks,
        }
    )


def test_a_fall_is_told_even_when_the_team_ends_above_its_early_high():
    """The coaching scenario rose to 0.62 by week 3, fell to 0.31 by week 18 and ended at 0.65:
    the sentence said "reached 0.65 by week 52 (its peak: 0.65 at week 52)" and the monitor
    "which fell first" said nothing of half a year of damage. The deepest fall is told now."""
    quality = [0.4, 0.5, 0.6, 0.62, *np.linspace(0.6, 0.31, 15), *np.linspace(0.35, 0.65, 34)]
    shown = planted_monitors(quality)
    assert (shown.high_week, shown.low_week, shown.peak_week) == (3, 18, 52)
    en = live.takeaway(shown, "en")
    assert en.startswith(
        "Relationship quality reached 0.62 by week 3, fell to 0.31 by week 18 and rose again "
        "to 0.65 by week 52, above that early high;"
    )
    de = live.takeaway(shown, "de")
    assert de.startswith(
        "Die Beziehungsqualität erreichte in Woche 3 den Wert 0,62, fiel bis Woche 18 auf 0,31 "
        "und stieg bis Woche 52 wieder auf 0,65"
    )
    # a run still rising at its end says so once, not "0.65 (its peak: 0.65 at week 52)"
    rising = live.takeaway(planted_monitors(list(np.linspace(0.4, 0.65, 53))), "en")
    assert rising.startswith("Relationship quality rose to 0.65 by week 52, its highest;")
    # one peak and a fall: as before
    fell = live.takeaway(planted_monitors([0.4, 0.6, 0.5, 0.3]), "en")
    assert fell.startswith("Relationship quality peaked at week 1 (0.60) and fell to 0.30")
    # a deep early fall, a higher peak later and a fall from it: "peaked" names the peak
    again = live.takeaway(planted_monitors([0.5, 0.62, 0.31, 0.70, 0.45]), "en")
    assert again.startswith("Relationship quality peaked at week 3 (0.70) and fell to 0.45")


def test_a_team_s_traits_mix_its_profiles_and_the_team_value_a_profile_leaves_out():
    """Side by side showed perception 0.5 for profiles of 0.9 and unset, half each, on a team
    of 0.5: the reps' mean is 0.7."""
    mixed = small(reps__perception=0.5).with_values(
        {
            "reps.profiles": [
                Profile(name="a", share=0.5, perception=0.9),
                Profile(name="b", share=0.5),
            ]
        }
    )
    traits = data.team_traits(mixed)
    assert traits["reps.perception"] == pytest.approx(0.7)
    assert traits["reps.regulation"] == mixed.reps.regulation  # set by no profile
    drawn = RapportModel(mixed.with_values({"reps.count": 400, "reps.trait_spread": 0}), seed=1)
    assert drawn.rep_state.perception.mean() == pytest.approx(0.7, abs=0.01)


@pytest.mark.parametrize("count", [3, 5, 7])
def test_a_small_team_s_mean_is_that_of_the_reps_its_profiles_get(count):
    """An audit: half and half of 3 reps at 60 h and 30 h are 2 reps at 60 h and 1 at 30 h
    (shares rounded to whole reps), 50 h on average; Side by side, Compare's settings and the
    disabled slider said 45 h, the shares' mean. Read off the reps a run draws."""
    mixed = small().with_values(
        {
            "reps.count": count,
            "reps.effort_spread": 0,
            "reps.profiles": [
                Profile(name="a", share=0.5, effort_hours=60),
                Profile(name="b", share=0.5, effort_hours=30),
            ],
        }
    )
    drawn = RapportModel(mixed, seed=1).rep_state.effort_hours.mean()
    assert drawn != pytest.approx(45)  # odd teams: the shares' mean is not the reps'
    assert data.team_traits(mixed)["reps.effort_hours"] == pytest.approx(drawn)
    fixed = data.profile_traits(mixed.reps.profiles, mixed.reps.count)
    assert fixed["reps.effort_hours"] == pytest.approx(drawn)


def test_a_german_export_s_headers_name_the_units_the_model_gives_its_columns():
    """The German headers are written out for readers; their rate units must be the model's."""
    for column, unit in column_units(i18n.COLUMNS_DE).items():
        if unit in ("h/week", "k€/week", "0-1"):
            assert i18n.COLUMNS_DE[column].endswith(f"({texts.UNITS_DE[unit]})"), column


def test_side_by_side_s_png_draws_each_option_in_its_page_colour_with_its_band():
    """Side by side was the one chart without a PNG for a manager's slides."""
    names = ["Hard worker", "Smart worker", "Mine"]
    weeks = np.arange(11)
    quality = {
        name: (0.5 + 0.01 * k * weeks, 0.45 + 0.01 * k * weeks, 0.55 + 0.01 * k * weeks)
        for k, name in enumerate(names)
    }
    empathy = {"Hard worker": 0.1, "Smart worker": 0.9, "Mine": 0.5}
    result = data.Options(names, [7, 8], quality, {}, empathy)
    colours = charts.option_colours(result)
    assert colours["Hard worker"] == LEVEL_COLOURS["low"] != colours["Mine"]
    assert colours["Smart worker"] == LEVEL_COLOURS["high"]
    figure = plots.options_figure(
        quality, colours, labels=texts.figure_labels("options", "de", reps=2)
    )
    (ax,) = figure.axes
    assert [line.get_label() for line in ax.get_lines()] == names
    assert [line.get_color() for line in ax.get_lines()] == [colours[n] for n in names]
    assert len(ax.collections) == 3  # a band per option
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [*names, "95-%-Band"]
    assert ax.get_title() == (
        "Beziehungsqualität je Option (je 2 Läufe, dieselben Zufallsstartwerte)"
    )
    assert png_bytes(figure).startswith(PNG_SIGNATURE)


def test_under_management_pressure_the_week_line_says_where_the_hours_are_now(page):
    """The effort slider read 35 h while pressure had pushed the team to 70 h, and nothing on
    the page showed the hours over time."""
    page.small_model()
    for name, value in (("simulation.weeks", 40), ("reps.effort_hours", 45)):
        page.set(name, value)
    for name in ("reps.perception", "reps.regulation"):
        page.set(name, 0.2)
    assert "management pressure" not in page.text(hooks.WEEK)
    page.open_advanced()
    page.set("management.pressure_step", 5.0)
    page.set("management.review_weeks", 4)
    for _ in range(40):
        page.click(hooks.STEP)
    now = page.model.rep_state.effort_hours.mean()
    assert now > page.model.params.reps.effort_hours + 1  # pressure did push
    assert f"effort now {round(now)} h/week under management pressure" in page.text(hooks.WEEK)


def test_the_first_hint_names_no_run_length_and_the_drivers_sentence_no_pronoun():
    """The first-step hint said "the team's year" / "das Jahr des Teams" also for a run of 104
    weeks; the German worlds sentence said "Am stärksten bewegt es", whose "es" agrees with
    none of the answers it follows (der Sweet Spot, der Vorsprung, die Änderung)."""
    from frontends.app.i18n import TEXTS as APP
    from sim.texts import TEXTS as CORE

    for lang, words in (("en", ("year",)), ("de", ("Jahr",))):
        for key in ("hint.first", "hint.first.presenting"):
            assert not any(word in APP[lang][key] for word in words), APP[lang][key]
    for key in ("worlds.drivers", "worlds.drivers.more"):
        assert not re.search(r"\b(es|ihn|sie)\b", CORE["de"][key]), CORE["de"][key]


@pytest.mark.parametrize(
    ("empathy", "names"),
    [
        (0.1, {"current": "current empathy = low (0.1)", "high": "high empathy (0.9)"}),
        (0.9, {"low": "low empathy (0.1)", "current": "current empathy = high (0.9)"}),
        (0.5, {"low": "low empathy (0.1)", "current": "current empathy (0.5)"}),
    ],
)
def test_the_effort_curve_s_current_line_says_which_level_it_stands_for(empathy, names):
    """A team at the low level (the hard worker's 0.1) draws no low line: on a projector the
    class saw "current empathy (0.1)" and "high empathy (0.9)" and no low empathy at all."""
    from frontends.app.data import effort_curve_plan
    from sim.texts import level_name

    scenario = small(reps__perception=empathy, reps__regulation=empathy)
    _, levels = effort_curve_plan(scenario)
    shown = {level: level_name(level, values[0], "en", levels) for level, values in levels.items()}
    assert {k: v for k, v in shown.items() if k in names} == names
    german = level_name("current", 0.1, "de", ["current", "high"])
    assert german == "aktuelle Empathie = niedrige (0,1)"


def test_where_the_page_stacks_the_run_comes_first_in_the_page_and_keeps_its_widgets(
    monkeypatch,
):
    """At 640 px the page showed the run above the settings, but Tab went through every
    setting first: the order was the CSS's, not the page's. The browser now says when the
    window is narrow, and the run then stands first among the layout's children; the two parts
    keep their widgets, the settings their values and the run its week."""
    page = Session(monkeypatch)
    (layout,) = page.all(hooks.LAYOUT)
    (screen,) = [w for w in widgets(page.box) if isinstance(w, widgets_module.NarrowScreen)]
    assert screen.width == hooks.PHONE

    def order():
        return [
            next(c for c in (hooks.SIDEBAR, hooks.MAIN) if c in classes_of(child))
            for child in layout.children
        ]

    assert order() == [hooks.SIDEBAR, hooks.MAIN]
    settings, run = page.one(hooks.SIDEBAR), page.one(hooks.MAIN)
    effort = page.control("reps.effort_hours")
    page.set("reps.effort_hours", 45)
    page.click(hooks.STEP)
    wait_for(lambda: page.model.week == 1)
    screen.narrow = True  # what the browser reports when the window narrows past PHONE px
    wait_for(lambda: order() == [hooks.MAIN, hooks.SIDEBAR])
    assert page.one(hooks.SIDEBAR) is settings and page.one(hooks.MAIN) is run
    assert page.control("reps.effort_hours") is effort and effort.v_model == 45
    assert page.model.week == 1
    screen.narrow = False  # wider again: the settings go back to the left, first
    wait_for(lambda: order() == [hooks.SIDEBAR, hooks.MAIN])
    assert page.one(hooks.SIDEBAR) is settings and page.one(hooks.MAIN) is run
