"""The effort curve's plausible-worlds band: drawn in the background from the priors, with the
same seeds at every effort of a world, and said in a sentence."""

from __future__ import annotations

import solara

from frontends.app import css as hooks
from frontends.app import effort_curve as curve_tab
from frontends.app.data import control_values, worlds_band
from frontends.app.i18n import t
from sim.priors import PRIORS
from tests.test_app import classes_of, small, wait_for, widgets


def test_the_band_holds_the_worlds_and_leaves_the_user_s_settings_alone():
    settings = small(simulation__weeks=12)
    band = worlds_band(settings, worlds=4, efforts=[10, 30, 50])
    assert band == worlds_band(settings, worlds=4, efforts=[10, 30, 50])  # seeded
    assert all(
        lo <= mid <= hi for lo, mid, hi in zip(band.low, band.median, band.high, strict=True)
    )
    assert set(band.peaks) <= {10.0, 30.0, 50.0} and len(band.peaks) == 4
    assert band.peak_range[0] <= band.peak_range[1]
    # small() sets 20 customers per rep: the user's choice, never drawn.
    assert "customers.per_rep" not in band.drawn
    assert len(band.drawn) == len(PRIORS) - 1
    assert max(band.high) - min(band.low) > 0


def test_the_effort_curve_shows_the_band_and_says_how_sure_it_is():
    settings = small(simulation__weeks=10)
    values = solara.reactive(control_values(settings))
    box, _ = solara.render(curve_tab.EffortCurvePanel(values, "en"), handle_error=False)

    def found(css):
        return [w for w in widgets(box) if css in classes_of(w)]

    found(hooks.EFFORT_CURVE)[0].click()
    wait_for(lambda: found(hooks.CURVE_DONE), timeout=300)
    assert not found(hooks.CURVE_WORLDS_SENTENCE)
    found(hooks.CURVE_WORLDS)[0].click()
    sentence = wait_for(lambda: found(hooks.CURVE_WORLDS_SENTENCE), timeout=300)
    assert "8 plausible worlds" in sentence[0].unsafe_innerHTML
    band = t("curve.worlds.band", "en", count=8)

    def band_lines():
        # The chart takes its option in an effect after the render that wrote the sentence.
        (chart,) = found(hooks.CHART_CURVE)
        return [s for s in chart.option["series"] if s["name"] == band]

    lines = wait_for(band_lines, timeout=30)
    assert len(lines) == 2
    low, high = ([y for _, y in line["data"]] for line in lines)
    assert all(a <= b for a, b in zip(low, high, strict=True))
