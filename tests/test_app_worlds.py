"""Plausible worlds in the app (the effort curve's band and Compare's), drawn in the background
from the priors with the same seeds at every point of a world and said in a sentence; and the
batched worlds that compute the app's answers."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import solara
from solara.components.file_download import FileDownloadWidget

from experiments.calibrate.abc import TEAM_PARAMETERS
from experiments.worlds import NothingToVary, sample_worlds, world_row, world_seed
from frontends.app import compare as compare_tab
from frontends.app import css as hooks
from frontends.app import effort_curve as curve_tab
from frontends.app import jobs as jobs_module
from frontends.app.data import (
    CompareWorlds,
    Plan,
    compare,
    compare_worlds,
    control_values,
    effort_curve,
    replication_seeds,
    run_plan,
    shipped_posterior,
    user_set,
    worlds_band,
)
from frontends.app.i18n import param_label, t
from frontends.app.jobs import use_job
from frontends.app.sentences import worlds_sentence
from frontends.app.session import Session
from frontends.app.widgets import JobProgress
from sim import plots
from sim.model import RapportModel
from sim.params import PARAMS
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


# --- Compare's plausible worlds (issue 12) ----------------------------------------------------


def test_compare_s_worlds_pair_each_world_and_the_sentence_counts_them():
    base = Plan(small(simulation__weeks=12, reps__perception=0.1, reps__regulation=0.1))
    pushed = base.with_scenario(base.scenario.with_values({"reps.effort_hours": 55}))
    result = compare_worlds(base, pushed, worlds=6, replications=2)
    again = compare_worlds(base, pushed, worlds=6, replications=2)
    assert np.array_equal(result.per_world, again.per_world)  # seeded
    assert result.per_world.shape == (6,) and len(result.weeks) == 13
    assert "customers.per_rep" not in result.drawn and "reps.effort_hours" not in result.drawn
    # Each world's number is its own paired runs: world 2 recomputed alone from single runs.
    drawn = sample_worlds(
        6, base.scenario.simulation.seed, user_set([base.scenario, pushed.scenario])
    )
    values = world_row(drawn, 2)
    seeds = [world_seed(base.scenario.simulation.seed, 2, r) for r in range(2)]
    quality = [
        [
            RapportModel(plan.scenario.with_values(values), seed=s)
            .run()
            .weekly_frame()["relational_performance"]
            .to_numpy()
            for s in seeds
        ]
        for plan in (base, pushed)
    ]
    difference = (np.array(quality[1]) - np.array(quality[0])).mean(axis=0)
    assert result.per_world[2] == difference[1:].mean()
    assert np.all(result.low <= result.median) and np.all(result.median <= result.high)
    # The sentence counts the worlds whose averaged difference is below and above zero.
    worse, better = int(np.sum(result.per_world < 0)), int(np.sum(result.per_world > 0))
    assert (result.worse, result.better) == (worse, better) and worse + better == 6
    english, german = worlds_sentence(result, "en"), worlds_sentence(result, "de")
    assert f"in {worse} of 6 worlds and raises it in {better};" in english
    assert f"in {worse} von 6 Welten und hebt sie in {better};" in german
    same = compare_worlds(base, base, worlds=3, replications=1)
    assert not np.any(same.per_world) and "exactly zero" in worlds_sentence(same, "en")


def test_a_hand_made_set_of_worlds_is_counted_as_it_lies():
    # 27 worlds below zero, 4 above and 1 exactly zero: "worse in 27 of 32".
    per_world = np.array([-0.02] * 27 + [0.01] * 4 + [0.0])
    band = CompareWorlds(
        weeks=[0, 1, 2],
        low=np.zeros(3),
        median=np.zeros(3),
        high=np.zeros(3),
        per_world=per_world,
        start=1,
        worlds=32,
        replications=2,
        drawn=[],
    )
    assert "in 27 of 32 worlds and raises it in 4;" in worlds_sentence(band, "en")


def test_the_compare_tab_draws_its_worlds_band_and_can_cancel_it(monkeypatch):
    drawn = []  # the worlds each comparison PNG draws (the download used to leave them out)
    real_figure = plots.comparison_figure
    monkeypatch.setattr(
        plots,  # the tab imports it at the download, from sim.plots
        "comparison_figure",
        lambda *args, **kwargs: drawn.append(kwargs.get("worlds")) or real_figure(*args, **kwargs),
    )
    settings = small(simulation__weeks=10, reps__perception=0.1, reps__regulation=0.1)
    values = solara.reactive(control_values(settings))
    box, _ = solara.render(
        compare_tab.ComparePanel(Session(settings), values, "en"), handle_error=False
    )

    def found(css):
        return [w for w in widgets(box) if css in classes_of(w)]

    found(hooks.PIN)[0].click()
    values.value = {**values.value, "reps.effort_hours": 55.0}
    found(hooks.COMPARE)[0].click()
    wait_for(lambda: found(hooks.COMPARE_SENTENCE), timeout=300)
    found(hooks.COMPARE_WORLDS)[0].click()
    sentence = wait_for(lambda: found(hooks.COMPARE_WORLDS_SENTENCE), timeout=300)
    assert f"of {compare_tab.WORLDS} worlds" in sentence[0].unsafe_innerHTML
    # how sure the answer is stands right below the answer, not above it
    (answer,) = found(hooks.COMPARE_SENTENCE)
    (column,) = [w for w in widgets(box) if sentence[0] in getattr(w, "children", ())]
    assert column.children.index(sentence[0]) == column.children.index(answer) + 1
    name = t("compare.worlds.band", "en", count=compare_tab.WORLDS)

    def band_lines():
        (chart,) = found(hooks.CHART_COMPARE)
        return [s for s in chart.option["series"] if s["name"] == name]

    assert len(wait_for(band_lines, timeout=30)) == 2
    (download,) = [
        w
        for w in widgets(box)
        if isinstance(w, FileDownloadWidget) and found(hooks.DOWNLOAD_COMPARE_PNG)[0] in widgets(w)
    ]
    download.request_download = True
    wait_for(lambda: download.bytes)
    low, high = drawn[-1]  # the PNG's band is the page's (which rounds to 5 decimals)
    page_low, page_high = ([y for _, y in line["data"]] for line in band_lines())
    assert np.allclose(low, page_low, atol=1e-5) and np.allclose(high, page_high, atol=1e-5)
    assert not found(hooks.COMPARE_WORLDS_STALE)
    values.value = {**values.value, "reps.effort_hours": 50.0}
    assert wait_for(lambda: found(hooks.COMPARE_WORLDS_STALE))
    # compared again at 50 h, the worlds are still those of 55 h: the page warns, and the PNG,
    # which carries no warning, leaves their band out
    before = found(hooks.COMPARE_SENTENCE)[0].unsafe_innerHTML
    found(hooks.COMPARE)[0].click()
    wait_for(
        lambda: (
            found(hooks.COMPARE_SENTENCE)
            and found(hooks.COMPARE_SENTENCE)[0].unsafe_innerHTML != before
            and not found(hooks.COMPARE_STALE)
        ),
        timeout=300,
    )
    assert found(hooks.COMPARE_WORLDS_STALE)
    (download,) = [
        w
        for w in widgets(box)
        if isinstance(w, FileDownloadWidget) and found(hooks.DOWNLOAD_COMPARE_PNG)[0] in widgets(w)
    ]
    drawn.clear()
    download.request_download = True
    wait_for(lambda: drawn)
    assert drawn == [None]


def test_a_cancelled_job_stops_computing_and_leaves_no_answer():
    steps = []
    threads = []

    def endless(asked, report):
        threads.append(threading.current_thread())
        while True:  # until cancelled: report raises then
            steps.append(asked)
            report(0.5)
            time.sleep(0.01)

    jobs = []

    @solara.component
    def Probe():
        job = use_job(endless)
        jobs.append(job)
        solara.Text("running" if job.running else "idle")

    solara.render(Probe(), handle_error=False)
    jobs[-1].start("question")
    wait_for(lambda: jobs[-1].running and len(steps) > 3)
    assert not jobs[-1].cancelled
    jobs[-1].cancel()
    wait_for(lambda: not jobs[-1].running)
    threads[-1].join(timeout=10)
    assert not threads[-1].is_alive(), "the computation went on after the cancel"
    count = len(steps)
    time.sleep(0.2)
    assert len(steps) == count, "the computation went on after the cancel"
    assert jobs[-1].answer is None and jobs[-1].error is None
    assert jobs[-1].cancelled  # until the next start, which runs again
    jobs[-1].start("again")
    wait_for(lambda: jobs[-1].running and steps[-1] == "again")
    assert not jobs[-1].cancelled
    jobs[-1].cancel()
    wait_for(lambda: not jobs[-1].running)


def test_a_cancel_is_shown_at_once_while_the_thread_is_in_a_step_that_does_not_report():
    # A team calibration first imports pyabc and sets up its database, seconds on a busy machine
    # without a report: the page said "Cancelled" to a screen reader but kept the progress bar
    # and the Cancel button on screen until the thread reached its next report.
    inside = threading.Event()
    release = threading.Event()
    asked_of = []

    def slow_start(asked, report):
        asked_of.append(asked)
        if asked == "question":
            inside.set()
            release.wait(30)  # a long step without a report
        report(0.5)  # raises once cancelled
        return f"answer to {asked}"

    jobs = []

    @solara.component
    def Probe():
        job = use_job(slow_start)
        jobs.append(job)
        JobProgress(job, "working", "cancelled", hooks.TEAM_JOB, "en")

    box, _ = solara.render(Probe(), handle_error=False)

    def found(css):
        return [w for w in widgets(box) if css in classes_of(w)]

    jobs[-1].start("question")
    assert inside.wait(30)
    wait_for(lambda: found(hooks.TEAM_CANCEL))[0].click()
    # the thread is still in its step; the page already says the job is cancelled
    assert not release.is_set()
    wait_for(lambda: found(hooks.TEAM_CANCELLED))
    assert not jobs[-1].running and jobs[-1].cancelled
    assert not found(hooks.TEAM_PROGRESS) and not found(hooks.TEAM_CANCEL)
    # asked again before that thread has stopped: the new question waits for it, shown running
    jobs[-1].start("again")
    wait_for(lambda: found(hooks.TEAM_PROGRESS))
    assert jobs[-1].running and not jobs[-1].cancelled
    release.set()
    wait_for(lambda: jobs[-1].answer is not None)
    assert jobs[-1].answer == ("answer to again", "again")
    assert asked_of == ["question", "again"]  # the cancelled one stopped at its report


def test_a_quick_job_s_reports_render_little_and_a_slow_job_s_each_show():
    """Each progress step shown renders the whole page in the job's thread: the effort curve's
    0.4 s of work took 1.7-2.1 s in the page, most of it rendering 2 % steps. A job's reports
    now reach the page at most every ``PROGRESS_SECONDS``; reports further apart each show, and
    one that came too soon after another shows all the same, without a report after it."""
    seen = []  # the progress of each render
    shown = threading.Event()

    took = []

    def quick(asked, report):  # 200 reports in about 0.2 s (longer on a busy machine)
        started = time.monotonic()
        for step in range(1, 201):
            time.sleep(0.001)
            report(step / 200)
        took.append(time.monotonic() - started)
        return "quick"

    def slow(asked, report):
        for fraction in (0.25, 0.5, 0.75):
            time.sleep(jobs_module.PROGRESS_SECONDS * 1.5)
            report(fraction)
        return "slow"

    def lone(asked, report):
        report(0.6)  # at once: too soon after the start to be shown then
        assert shown.wait(10), "the report was never shown"
        return "lone"

    jobs = []

    @solara.component
    def Probe(compute):
        job = use_job(compute)
        jobs.append(job)
        seen.append(job.progress)
        if job.progress == 0.6 and job.answer is None:
            shown.set()
        solara.Text(f"{job.progress}")

    solara.render(Probe(quick), handle_error=False)
    jobs[-1].start("q")
    wait_for(lambda: jobs[-1].answer is not None)
    # 50 renders of 2 % steps before; now one at most every PROGRESS_SECONDS while it computed
    # (none in its 0.2 s on an idle machine) between its start (0) and its end with its answer
    assert jobs[-1].progress == 1.0
    allowed = int(took[0] / jobs_module.PROGRESS_SECONDS) + 1
    assert len({p for p in seen if 0 < p < 1}) <= allowed, (seen, took)
    seen.clear()
    solara.render(Probe(slow), handle_error=False)
    jobs[-1].start("s")
    wait_for(lambda: jobs[-1].answer is not None)
    assert {0.25, 0.5, 0.75} <= set(seen), seen
    solara.render(Probe(lone), handle_error=False)
    jobs[-1].start("l")
    wait_for(lambda: jobs[-1].answer is not None)
    assert jobs[-1].answer == ("lone", "l") and jobs[-1].error is None


def test_a_job_s_thread_changes_the_page_only_under_the_lock_the_browser_s_messages_take(kernel):
    """solara's ``use_thread``, which jobs ran on, rendered the page as its thread started and
    finished without the kernel's lock, under which the browser's messages are handled (the
    race that sent a stale slider position back, ``tests/test_app.py``). Here the job is
    started while a message is handled: it computes to its end, and changes the page only once
    the lock is free."""
    computed = threading.Event()

    def quick(asked, report):
        report(0.5)
        computed.set()
        return "answer"

    jobs, renders = [], []

    @solara.component
    def Probe():
        job = use_job(quick)
        jobs.append(job)
        renders.append((job.running, job.answer))
        solara.Text(f"{job.running}")

    solara.render(Probe(), handle_error=False)
    with kernel.lock:
        jobs[-1].start("q")  # its start renders, in the handler's own thread
        count = len(renders)
        assert computed.wait(10)
        time.sleep(jobs_module.PROGRESS_SECONDS * 2)  # its progress and answer wait for it
        assert len(renders) == count and renders[-1] == (True, None)
    wait_for(lambda: jobs[-1].answer is not None)
    assert renders[-1] == (False, ("answer", "q"))


def test_the_effort_curve_s_worlds_can_be_cancelled_and_say_so_then_drawn_again():
    values = solara.reactive(control_values(small(simulation__weeks=10)))
    box, _ = solara.render(curve_tab.EffortCurvePanel(values, "en"), handle_error=False)

    def found(css):
        return [w for w in widgets(box) if css in classes_of(w)]

    found(hooks.EFFORT_CURVE)[0].click()
    wait_for(lambda: found(hooks.CURVE_DONE), timeout=300)
    # a team large enough that its worlds take a while: there is time to cancel them
    values.value = control_values(small(reps__count=200, customers__per_rep=200))
    found(hooks.CURVE_WORLDS)[0].click()
    wait_for(lambda: found(hooks.CURVE_WORLDS_CANCEL))[0].click()
    (note,) = wait_for(lambda: found(hooks.CURVE_WORLDS_CANCELLED))
    assert note.unsafe_innerHTML == t("worlds.cancelled", "en")
    assert not found(hooks.CURVE_WORLDS_PROGRESS) and not found(hooks.CURVE_WORLDS_CANCEL)
    assert not found(hooks.CURVE_WORLDS)[0].disabled
    # the curve and then its worlds at small settings: the note gives way to the answer
    values.value = control_values(small(simulation__weeks=10))
    found(hooks.EFFORT_CURVE)[0].click()
    wait_for(lambda: found(hooks.CURVE_DONE), timeout=300)
    found(hooks.CURVE_WORLDS)[0].click()
    wait_for(lambda: found(hooks.CURVE_WORLDS_SENTENCE), timeout=300)
    assert not found(hooks.CURVE_WORLDS_CANCELLED)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_curve_s_worlds_wait_for_a_curve_and_say_why(lang):
    values = solara.reactive(control_values(small(simulation__weeks=6)))
    box, _ = solara.render(curve_tab.EffortCurvePanel(values, lang), handle_error=False)

    def found(css):
        return [w for w in widgets(box) if css in classes_of(w)]

    (button,) = found(hooks.CURVE_WORLDS)
    assert button.disabled
    (why,) = found(hooks.CURVE_WORLDS_FIRST)
    assert why.unsafe_innerHTML == t("curve.worlds.first", lang)
    button.click()  # a click that reaches the server anyway draws no worlds
    found(hooks.EFFORT_CURVE)[0].click()
    wait_for(lambda: found(hooks.CURVE_DONE), timeout=300)
    assert not found(hooks.CURVE_WORLDS_SENTENCE)
    assert not found(hooks.CURVE_WORLDS)[0].disabled and not found(hooks.CURVE_WORLDS_FIRST)
    found(hooks.CURVE_WORLDS)[0].click()
    wait_for(lambda: found(hooks.CURVE_WORLDS_SENTENCE), timeout=300)


# --- nothing left to vary -------------------------------------------------------------------------


def every_calibrated_parameter_set():
    """Settings that set every parameter of a team's posterior, and that posterior."""
    team = shipped_posterior()[[*TEAM_PARAMETERS, "weight"]]  # any valid particles stand in
    values = {name: team[name].iloc[0].item() for name in TEAM_PARAMETERS}
    settings = small(simulation__weeks=6).with_values(values)
    assert set(user_set([settings])) >= set(TEAM_PARAMETERS)
    return settings, team


def test_worlds_with_nothing_left_to_vary_are_refused_not_drawn_alike():
    settings, team = every_calibrated_parameter_set()
    with pytest.raises(NothingToVary) as caught:
        worlds_band(settings, worlds=4, efforts=[10, 30], posterior=team)
    assert caught.value.source == "posterior" and caught.value.names == list(TEAM_PARAMETERS)
    with pytest.raises(NothingToVary):
        compare_worlds(Plan(settings), Plan(settings), worlds=4, replications=1, posterior=team)
    # the priors too: settings away from the default in every parameter with a prior
    moved = {
        name: prior.low if prior.low != settings.get(name) else prior.high
        for name, prior in PRIORS.items()
    }
    everything = settings.with_values(moved)
    assert user_set([everything]) == list(PRIORS)
    with pytest.raises(NothingToVary) as caught:
        worlds_band(everything, worlds=4, efforts=[10, 30])
    assert caught.value.source == "prior"
    # one parameter left to the worlds: they are drawn, and differ in it
    name = TEAM_PARAMETERS[0]
    one_left = settings.with_values({name: PARAMS[name].default})
    band = worlds_band(one_left, worlds=4, efforts=[10, 30], posterior=team)
    assert band.drawn == [name] and len({world[name] for world in band.values}) > 1


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_effort_curve_says_when_the_settings_leave_its_worlds_nothing_to_vary(lang):
    settings, team = every_calibrated_parameter_set()
    values = solara.reactive(control_values(settings))
    box, _ = solara.render(
        curve_tab.EffortCurvePanel(values, lang, solara.reactive("team"), team),
        handle_error=False,
    )

    def found(css):
        return [w for w in widgets(box) if css in classes_of(w)]

    found(hooks.EFFORT_CURVE)[0].click()
    wait_for(lambda: found(hooks.CURVE_DONE), timeout=300)
    found(hooks.CURVE_WORLDS)[0].click()
    (warning,) = wait_for(lambda: found(hooks.WORLDS_NOTHING))
    text = " ".join(str(child) for child in warning.children)
    names = ", ".join(param_label(name, lang) for name in TEAM_PARAMETERS)
    assert text == t("worlds.nothing.posterior", lang, names=names)
    assert not found(hooks.CURVE_WORLDS_SENTENCE)
