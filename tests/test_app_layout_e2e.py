"""Layout claims about the web app on classroom projectors (1280 x 720, 1024 x 768), in German,
presenting or not, checked in a real headless Chromium (as ``tests/test_app_e2e.py``, whose
helpers these tests share): nothing is covered, cut off or changed on its way to the screen.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from frontends.app import css
from frontends.app.data import control_class
from frontends.app.i18n import TEXTS
from tests.browser import close_page, resize, scroll
from tests.test_app_e2e import LINES, broken_monitors, open_page, screenshot, step

pytestmark = pytest.mark.slow

PROJECTORS = [(1024, 768), (1280, 720)]
DOWNLOADS = (
    css.DOWNLOAD_CSV,
    css.DOWNLOAD_REPS_CSV,
    css.DOWNLOAD_YAML,
    css.DOWNLOAD_PNG,
    css.DOWNLOAD_OUTCOMES_PNG,
    css.DOWNLOAD_PORTFOLIO_PNG,
)

# The buttons of ``hooks`` whose middle is covered by something else (e.g. the notes' strip),
# or lies outside the window: [hook, what is on top].
COVERED = """(hooks) => hooks.flatMap((hook) => {
  const button = document.querySelector('.' + hook);
  const box = button.getBoundingClientRect();
  const x = box.left + box.width / 2, y = box.top + box.height / 2;
  const top = document.elementFromPoint(x, y);
  return top && button.contains(top) ? [] : [[hook, top ? top.className : 'outside']];
})"""


# --- the notes' strip, presenting ---------------------------------------------------------------


def test_presenting_every_export_button_can_be_clicked_scrolled_to_the_bottom(browser, app_url):
    """The strip at the window's bottom (the first-step hint, the pointer to the takeaway)
    covered the last row of Export buttons even scrolled to the bottom: a real click landed on
    the strip. The page now ends with room as tall as the strip. One page serves both
    projectors, at each moment (``resize``)."""
    page, traffic = open_page(
        browser,
        f"{app_url}?present=1&lang=de&scenario=hard_worker&simulation.weeks=4",
        PROJECTORS[0],
    )
    strip = page.locator(f".{css.STATUS}").first
    for moment in ("start", "end"):
        if moment == "end":
            scroll(page, "top")
            step(page, 4)
            expect(page.locator(f".{css.TAKEAWAY_BELOW}").first).to_be_visible()
        for viewport in PROJECTORS:
            resize(page, viewport)
            scroll(page, "bottom")
            screenshot(page, f"exports-presenting-{viewport[0]}x{viewport[1]}-{moment}")
            assert page.evaluate(COVERED, list(DOWNLOADS)) == [], (moment, viewport)
            last = page.locator(f".{css.DOWNLOAD_PORTFOLIO_PNG}").first
            if moment == "start":  # the first-step hint: the strip over the window's bottom
                expect(strip).to_be_visible()
                assert (
                    last.bounding_box()["y"] + last.bounding_box()["height"]
                    <= strip.bounding_box()["y"]
                ), (moment, viewport)
            else:  # the takeaway scrolled past: its pointer, the strip's only note, goes
                expect(strip).to_be_hidden()
            with page.expect_download(timeout=60_000) as download:
                last.click(timeout=15_000)  # a real click, which the strip intercepted
            assert download.value.suggested_filename == "rapport-portfolio.png"
    close_page(page)
    assert not traffic.problems(), traffic.problems()


def test_presenting_the_pointer_to_the_takeaway_goes_while_the_takeaway_is_in_view(
    browser, app_url
):
    """At the run's end the strip said "scroll down" to the takeaway, and kept saying it (and
    covering the page) with the takeaway in view."""
    page, traffic = open_page(
        browser,
        f"{app_url}?present=1&lang=de&scenario=hard_worker&simulation.weeks=4",
        (1280, 720),
    )
    step(page, 4)
    below = page.locator(f".{css.TAKEAWAY_BELOW}").first
    strip = page.locator(f".{css.STATUS}").first
    expect(below).to_have_text(TEXTS["de"]["takeaway.below"])  # the takeaway is under the fold
    takeaway = page.locator(f".{css.TAKEAWAY}").first
    takeaway.evaluate("e => e.scrollIntoView({block: 'center'})")
    expect(below).to_be_hidden()
    expect(strip).to_be_hidden()  # the pointer was its only note: the strip goes
    screenshot(page, "takeaway-in-view-presenting")
    box = takeaway.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 720, box
    scroll(page, "top")  # scrolled away, the pointer is back
    expect(below).to_be_visible()
    # scrolled past it, "scroll down" would point the wrong way (an instructor's audit; it
    # was kept, and covered the last chart's axis name): the pointer goes
    scroll(page, "bottom")
    expect(below).to_be_hidden()
    close_page(page)
    assert not traffic.problems(), traffic.problems()


# --- the header, presenting ---------------------------------------------------------------------


def test_presenting_the_header_shows_the_changed_scenario_s_whole_name(browser, app_url):
    """At 1024 x 768 the header read "Maßvoller Arbei…" (the preset's former German name): the
    "(geändert)" that tells the class the settings were changed was cut off. The name is whole,
    on one line where it fits, else wrapped within the title's height; the header and the chart
    stay where they were. One page serves both sizes (``resize``)."""
    viewports = [(1024, 768), (900, 700)]
    page, traffic = open_page(
        browser,
        f"{app_url}?present=1&lang=de&scenario=balanced_worker&reps.effort_hours=31",
        viewports[0],
    )
    name = page.locator(f".{css.SCENARIO_NAME}").first
    shown = TEXTS["de"]["preset.changed"].format(name=TEXTS["de"]["preset.balanced_worker"])
    for width, height in viewports:
        resize(page, (width, height))
        page.wait_for_timeout(500)  # laid out
        assert name.inner_text().replace("\n", " ").strip().endswith(shown), width
        assert name.evaluate(
            "e => e.scrollWidth <= e.clientWidth && e.scrollHeight <= e.clientHeight"
        ), width
        title = page.locator(f".{css.HEADER} h1").first.bounding_box()
        box = name.bounding_box()
        assert (
            box["y"] >= title["y"] - 1 and box["y"] + box["height"] <= title["y"] + title["height"]
        ), (width, box, title)
        # the buttons beside it, on the same line, inside the window
        switch = page.locator(f".{css.PRESENT}").first.bounding_box()
        assert box["x"] + box["width"] <= switch["x"], (width, box, switch)
        for code in ("en", "de"):
            button = page.locator(f".{css.lang_button(code)}").first.bounding_box()
            assert abs(button["y"] - switch["y"]) < switch["height"], (code, button, switch)
            assert button["x"] + button["width"] <= width, (code, button)
        chart = page.locator(f".{css.CHART_RELATIONSHIP}").first.bounding_box()
        assert chart["y"] + chart["height"] <= height, (width, chart)
        screenshot(page, f"header-presenting-{width}x{height}")
    close_page(page)
    assert not traffic.problems(), traffic.problems()


# --- the settings ---------------------------------------------------------------------------------

# The sidebar's box in the window, and whether the effort slider's thumb is the element drawn at
# its own middle (in view, not covered): [top, bottom, thumb in view].
SIDEBAR_IN_VIEW = """([sidebar, effort]) => {
  const box = document.querySelector('.' + sidebar).getBoundingClientRect();
  const thumb = document.querySelector('.' + effort + ' [role=slider]');
  const t = thumb.getBoundingClientRect();
  const top = document.elementFromPoint(t.left + t.width / 2, t.top + t.height / 2);
  return [box.top, box.bottom, !!top && (thumb === top || thumb.contains(top)
                                          || top.contains(thumb))];
}"""


def test_the_settings_stay_in_view_while_the_page_scrolls_to_the_outcomes(browser, app_url):
    """Scrolled down to the outcome charts, the sliders had scrolled away with the page: moving
    Effort while the class watched the outcomes meant scrolling back up. The sidebar now stays
    at the window's top, within the window, its effort slider under the pointer. One page
    serves both projectors (``resize``), scrolled back to the top for the second."""
    page, traffic = open_page(browser, f"{app_url}?lang=de", PROJECTORS[0])
    hooks = [css.SIDEBAR, control_class("reps.effort_hours")]
    outcomes = page.locator(f".{css.DOWNLOAD_PORTFOLIO_PNG}").first
    for viewport in PROJECTORS:
        if viewport != PROJECTORS[0]:
            scroll(page, "top")
        resize(page, viewport)
        top, bottom, visible = page.evaluate(SIDEBAR_IN_VIEW, hooks)
        assert visible and bottom <= viewport[1] + 1, (viewport, top, bottom)
        scroll(page, "bottom")
        expect(outcomes).to_be_in_viewport()  # scrolled to the bottom, past the first screen
        screenshot(page, f"sidebar-scrolled-{viewport[0]}x{viewport[1]}")
        top, bottom, visible = page.evaluate(SIDEBAR_IN_VIEW, hooks)
        assert 0 <= top <= 20 and bottom <= viewport[1] + 1 and visible, (
            viewport,
            top,
            bottom,
            visible,
        )
    close_page(page)
    assert not traffic.problems(), traffic.problems()


# --- buttons ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "viewports, lang", [([(1280, 720)], "en"), ([(1280, 720), (1200, 800)], "de")], ids=["en", "de"]
)
def test_not_presenting_the_monitors_stay_in_one_row_of_constant_height(
    browser, app_url, viewports, lang
):
    """At 1280 x 720 with the settings shown, the sixth monitor ("Which fell first") wrapped onto
    a row of its own and pushed the charts 72 px down. From 1200 px on the six share one row,
    every number on one line inside its box, and the row keeps its height when the lead's
    answer arrives (no chart moves mid-run). One page serves the sizes of a language, at each
    moment (``resize``)."""
    page, traffic = open_page(browser, f"{app_url}?scenario=hard_worker&lang={lang}", viewports[0])
    chart = page.locator(f".{css.CHART_RELATIONSHIP}").first
    expect(chart).to_be_visible()
    lead = page.locator(f"[data-monitor=lead] .{css.MONITOR}-value").first
    expect(lead).to_have_text("–")
    rows: dict[tuple[int, int], list] = {viewport: [] for viewport in viewports}
    tops: dict[tuple[int, int], list] = {viewport: [] for viewport in viewports}
    for moment in ("start", "answered"):
        if moment == "answered":
            step(page, 10)  # the team's relationships fall before its revenue
            expect(lead).not_to_have_text("–")
        for viewport in viewports:
            width, _ = viewport
            resize(page, viewport)
            page.wait_for_timeout(500)  # laid out
            screenshot(page, f"monitors-{width}-{lang}-{moment}")
            monitors = [m.bounding_box() for m in page.locator(f".{css.MONITOR}").all()]
            where = (viewport, moment, monitors)
            assert len(monitors) == 6 and len({round(m["y"]) for m in monitors}) == 1, where
            assert max(m["x"] + m["width"] for m in monitors) <= width, where
            # the lead's words may wrap, in its box
            assert broken_monitors(page) == [], (viewport, moment)
            assert lead.evaluate("e => e.scrollWidth <= e.clientWidth"), (viewport, moment)
            rows[viewport].append({round(m["height"]) for m in monitors})
            tops[viewport].append(chart.bounding_box()["y"])
    for viewport in viewports:
        row = rows[viewport]
        assert len(row[0]) == 1 and row[0] == row[1], (viewport, row)
        assert tops[viewport][0] == tops[viewport][1], (viewport, tops[viewport])
    close_page(page)
    assert not traffic.problems(), traffic.problems()


def test_every_button_shows_its_text_as_written(browser, app_url):
    """Vuetify's capitals turned a saved option "Unser Team 40 h" into "UNSER TEAM 40 H" (the
    unit another one) and "Maßvoll arbeitend" into "MASSVOLL ARBEITEND"."""
    page, traffic = open_page(browser, f"{app_url}?lang=de&reps.count=10", (1280, 720))
    page.locator(f".{css.TAB_OPTIONS}").first.click()
    page.locator(f".{css.OPTIONS_NAME} input").first.fill("Unser Team 40 h")
    page.locator(f".{css.OPTIONS_SAVE}").first.click()
    picks = page.locator(f".{css.OPTIONS_PICK} .v-btn")
    saved = picks.filter(has_text="Unser Team 40 h")
    expect(saved).to_be_visible()
    # innerText is the text as drawn (after CSS's text-transform)
    assert saved.inner_text().strip() == "Unser Team 40 h"
    balanced = TEXTS["de"]["preset.balanced_worker"]
    assert picks.filter(has_text=balanced).inner_text().strip() == balanced
    changed = page.evaluate(
        """(hook) => [...document.querySelectorAll('.' + hook + ' .v-btn')]
            .filter((b) => b.offsetParent !== null)
            .map((b) => [b.innerText, b.textContent].map((s) => s.replace(/\\s+/g, ' ').trim()))
            .filter(([drawn, written]) => drawn !== written)""",
        css.APP,
    )
    assert changed == [], changed
    close_page(page)
    assert not traffic.problems(), traffic.problems()


# --- side by side -------------------------------------------------------------------------------


@pytest.mark.parametrize("present", [False, True])
def test_the_side_by_side_table_shows_all_its_columns_with_whole_intervals(
    browser, app_url, present
):
    """At 1024 x 768 the table was 945 px wide in a 630 px column: three of its six columns
    were out of sight, with no scrollbar to tell (at 1280 x 720 one and a half). Intervals
    broke inside, as "0,289 (0,282 –" over "0,295)". Each now fits, its interval whole on a
    line of its own under its mean, every number whole. One page (and one run of the options)
    serves both projectors (``resize``)."""
    query = "?lang=de" + ("&present=1" if present else "")
    page, traffic = open_page(browser, app_url + query, PROJECTORS[0])
    page.locator(f".{css.TAB_OPTIONS}").first.click()
    page.locator(f".{css.OPTIONS_RUN}").first.click()
    table = page.locator(f".{css.OPTIONS_TABLE}").first
    expect(table).to_be_visible(timeout=180_000)
    for viewport in PROJECTORS:
        resize(page, viewport)
        whole_table_in_view(page, table, viewport, present)
    close_page(page)
    assert not traffic.problems(), traffic.problems()


def whole_table_in_view(page: Page, table: Locator, viewport: tuple[int, int], present: bool):
    """The side-by-side table, in a window ``viewport``, shows all its columns, each interval
    whole on a line of its own under its mean, every number whole."""
    table.scroll_into_view_if_needed()
    page.wait_for_timeout(500)  # laid out
    screenshot(page, f"side-by-side-{viewport[0]}x{viewport[1]}-{int(present)}")
    # nothing to scroll sideways: every column in the table's box, the box in the main column
    widths = table.evaluate("t => [t.scrollWidth, t.clientWidth]")
    assert widths[0] <= widths[1] + 1, widths
    right = table.evaluate("t => t.getBoundingClientRect().right")
    column = page.locator(f".{css.MAIN}").first.evaluate("e => e.getBoundingClientRect().right")
    assert right <= column + 1, (right, column)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= viewport[0]
    cells = table.evaluate(
        """(t) => { const edge = t.getBoundingClientRect().right;
            return [...t.querySelectorAll('th, td')]
                .filter((c) => c.getBoundingClientRect().right > edge + 1)
                .map((c) => c.textContent); }"""
    )
    assert cells == [], cells
    rows = table.locator("tr:has(td)")
    assert rows.count() == 3 and rows.first.locator("td").count() == 6
    # each interval whole, on one line, under its mean
    intervals = table.locator(f".{css.OPTIONS_INTERVAL}")
    assert intervals.count() == 15  # 3 options x 5 outcomes
    for interval in intervals.all():
        text = interval.text_content()
        assert text.startswith("(") and text.endswith(")") and "–" in text, text
        assert interval.evaluate(LINES) == 1, text
        mean = interval.evaluate("e => e.previousElementSibling.getBoundingClientRect().bottom")
        assert interval.bounding_box()["y"] >= mean - 1, text
    broken = table.evaluate(
        """(t, hook) => [...t.querySelectorAll('.' + hook)]
            .filter(n => n.getClientRects().length > 1).map(n => n.textContent)""",
        css.NUMBER,
    )
    assert broken == [], broken


# --- the keyboard's order follows the layout's ---------------------------------------------------

# Where the focus is: "run" or "settings" (inside that part of the layout), or "" (elsewhere).
FOCUS_IN = """([main, sidebar]) => {
  const at = document.activeElement;
  return at.closest('.' + main) ? 'run' : at.closest('.' + sidebar) ? 'settings' : '';
}"""


def first_part_tabbed_to(page: Page) -> str:
    """Tab from the top of the page until the focus enters the run or the settings: which."""
    page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
    page.locator("body").focus()
    for _ in range(30):
        page.keyboard.press("Tab")
        part = page.evaluate(FOCUS_IN, [css.MAIN, css.SIDEBAR])
        if part:
            return part
    raise AssertionError("30 presses of Tab reached neither the run nor the settings")


def test_tab_reaches_first_what_the_screen_shows_first_at_every_width(browser, app_url):
    """At 640 px the page stacks the run above the settings, but Tab went through every setting
    first (an audit). Now Tab follows the screen: the settings first where they stand on the
    left, the run first where it stands on top, also after the window was narrowed or widened
    (one page, resized across ``css.PHONE``)."""
    page, traffic = open_page(browser, app_url, viewport=(1280, 720))
    assert first_part_tabbed_to(page) == "settings"
    for viewport in ((640, 900), (390, 844)):
        resize(page, viewport)
        assert first_part_tabbed_to(page) == "run", viewport
        main = page.locator(f".{css.MAIN}").first.bounding_box()
        sidebar = page.locator(f".{css.SIDEBAR}").first.bounding_box()
        assert main["y"] < sidebar["y"], (viewport, main, sidebar)  # and the screen agrees
    resize(page, (1024, 768))
    assert first_part_tabbed_to(page) == "settings"
    close_page(page)
    assert not traffic.problems(), traffic.problems()
