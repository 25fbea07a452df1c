"""Plausible worlds in the app (the effort curve's band and Compare's), drawn in the background
from the priors with the same seeds at every point of a world and said in a sentence; and the
batched worlds that compute the app's answers."""

from __future__ import annotations

import numpy as np
import solara

from frontends.app import css as hooks
from frontends.app import effort_curve as curve_tab
from frontends.app.data import (
    Plan,
    compare,
    control_values,
    effort_curve,
    replication_seeds,
    run_plan,
    worlds_band,
)
from frontends.app.i18n import t
from sim.model import RapportModel
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


# --- batched worlds behind the app's answers (issue 11) -------------------------------------------


def test_compare_and_the_effort_curve_equal_single_runs_to_the_bit():
    # Compare runs both plans as batched worlds; each must be the single run the loop made,
    # with the app's mid-run change at its week.
    model = RapportModel(small(simulation__weeks=16, reps__perception=0.2, reps__regulation=0.2))
    base = Plan.of(model)
    model.run(6)
    model.intervene(effort_hours=55.0)
    whatif = Plan.of(model)
    result = compare(base, whatif, replications=3)
    single = {
        name: [run_plan(plan, seed, 16) for seed in replication_seeds(base, 3)]
        for name, plan in (("base", base), ("whatif", whatif))
    }
    for name, mean in (("base", result.baseline), ("whatif", result.whatif)):
        frames = single[name]
        expected = np.mean([f["relational_performance"].to_numpy() for f in frames], axis=0)
        assert np.array_equal(mean, expected), name
    assert np.all(result.difference[:7] == 0) and result.difference[-1] != 0
    curve = effort_curve(small(simulation__weeks=8), replications=2, efforts=[10, 40])
    point = curve.runs.iloc[-1]  # high empathy, 40 h, the second replication
    scenario = small(simulation__weeks=8).with_values(
        {"reps.effort_hours": 40.0, "reps.perception": 0.9, "reps.regulation": 0.9}
    )
    alone = RapportModel(scenario, seed=scenario.simulation.seed + 1).run()
    assert point["relational_performance"] == alone.summary()["relational_performance"]
