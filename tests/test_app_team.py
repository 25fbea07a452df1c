"""Calibrated worlds in the app (issue 12): the effort curve's and Compare's plausible worlds from
the shipped posterior or the session's own team, and a manager's upload read by the same strict
reader as `rapport calibrate --team`, never kept outside a removed temporary folder."""

from __future__ import annotations

import dataclasses
import io
import re
import tempfile
from pathlib import Path

import numpy as np
import pytest
import solara
from solara.components.file_download import FileDownloadWidget

from experiments.calibrate.abc import TEAM_PARAMETERS
from experiments.calibrate.team import MAX_BYTES, TeamError, read_team
from experiments.worlds import sample_worlds
from frontends.app import css as hooks
from frontends.app import effort_curve as curve_tab
from frontends.app import i18n
from frontends.app import team as team_tab
from frontends.app.data import (
    Plan,
    chosen_source,
    compare_worlds,
    control_values,
    shipped_posterior,
    user_set,
    world_sources,
    worlds_band,
    worlds_posterior,
)
from frontends.app.i18n import t
from tests.helpers import REPO
from tests.test_app import classes_of, small, wait_for, widgets

EXAMPLE_TEAM = REPO / "configs" / "calibration" / "example_team.csv"


# --- worlds from the shipped posterior ------------------------------------------------------------


def test_calibrated_worlds_are_the_posterior_s_particles_and_the_user_s_settings_stay_theirs():
    posterior = shipped_posterior()
    assert posterior is not None, "configs/calibration/posterior.parquet is shipped"
    settings = small(simulation__weeks=12)
    drawn = sample_worlds(12, settings.simulation.seed, user_set([settings]), posterior)
    # small() sets 20 customers per rep: the user's, never drawn; every other column is
    assert set(drawn.columns) == set(posterior.columns) - {"weight", "customers.per_rep"}
    particles = posterior[list(drawn.columns)]
    for _, world in drawn.iterrows():
        assert np.isclose(particles.to_numpy(), world.to_numpy()).all(axis=1).any()
    seeded = sample_worlds(12, settings.simulation.seed, user_set([settings]), posterior)
    assert drawn.equals(seeded)  # seeded by the settings
    band = worlds_band(settings, worlds=4, efforts=[10, 30, 50], posterior=posterior)
    assert band.drawn == list(drawn.columns)
    assert band.values == drawn.head(4).to_dict("records")  # the first worlds of a larger draw
    assert band != worlds_band(settings, worlds=4, efforts=[10, 30, 50])  # not the priors'
    base = Plan(settings)
    pushed = base.with_scenario(settings.with_values({"reps.effort_hours": 55}))
    result = compare_worlds(base, pushed, worlds=4, replications=1, posterior=posterior)
    assert "reps.effort_hours" not in result.drawn and "customers.per_rep" not in result.drawn


def test_the_curve_s_worlds_follow_the_choice_and_the_sentence_names_it():
    values = solara.reactive(control_values(small(simulation__weeks=10)))
    source = solara.reactive("calibrated")
    box, _ = solara.render(curve_tab.EffortCurvePanel(values, "en", source), handle_error=False)

    def found(css):
        return [w for w in widgets(box) if css in classes_of(w)]

    # no team calibrated in this session: no "your team" to choose
    assert found(hooks.worlds_source("prior")) and found(hooks.worlds_source("calibrated"))
    assert not found(hooks.worlds_source("team"))
    found(hooks.EFFORT_CURVE)[0].click()
    wait_for(lambda: found(hooks.CURVE_DONE), timeout=300)
    for name in ("calibrated", "prior"):
        source.set(name)
        # a band of the other source is not shown as this one's (the page may still be
        # drawing the last job's end when the choice changes)
        wait_for(lambda: not found(hooks.CURVE_WORLDS_SENTENCE), timeout=30)
        found(hooks.CURVE_WORLDS)[0].click()
        sentence = wait_for(lambda: found(hooks.CURVE_WORLDS_SENTENCE), timeout=300)
        assert t(f"worlds.source.{name}", "en") in sentence[0].unsafe_innerHTML


# --- a manager's upload ---------------------------------------------------------------------------


def upload(path: Path):
    data = path.read_bytes()
    return path.name, len(data), lambda n: data[:n]


def test_an_upload_is_read_by_the_team_reader_in_a_folder_removed_afterwards(monkeypatch):
    seen = []

    def recording(path):
        seen.append(Path(path))
        assert Path(path).is_file()
        return read_team(path)

    monkeypatch.setattr(team_tab, "read_team", recording)
    team = team_tab.read_upload(*upload(EXAMPLE_TEAM))
    assert team.fingerprint() == read_team(EXAMPLE_TEAM).fingerprint()
    (path,) = seen
    assert path.parent.parent == Path(tempfile.gettempdir()) and not path.parent.exists()
    assert REPO not in path.parents


def test_a_malformed_upload_gets_the_reader_s_own_line(tmp_path):
    bad = tmp_path / "export.csv"
    text = EXAMPLE_TEAM.read_text(encoding="utf-8").replace("rep02,3,12.9,", "rep02,3,81,", 1)
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(TeamError) as direct:
        read_team(bad)
    with pytest.raises(TeamError) as uploaded:
        team_tab.read_upload(*upload(bad))
    assert str(uploaded.value) == str(direct.value)
    assert "row 16, column hours: 81 is outside 0–80" in str(direct.value)


def test_a_team_s_file_name_is_shown_as_text_not_as_markup():
    team = dataclasses.replace(read_team(EXAMPLE_TEAM), name="<b>team</b>.csv")
    shown = team_tab.team_summary(team, "en")
    assert "<b>" not in shown and "&lt;b&gt;team&lt;/b&gt;.csv" in shown


@pytest.mark.parametrize(
    "lang, one, many",
    [
        ("en", "Read one.csv: 1 rep over 1 week; columns", "reps over {weeks} weeks; columns"),
        ("de", "one.csv gelesen: 1 Person, 1 Woche; Spalten", "Personen, {weeks} Wochen; Spalten"),
    ],
)
def test_the_team_read_is_told_in_the_singular_where_it_has_one_rep_or_one_week(lang, one, many):
    """The summary put its counts before plural nouns ("1 reps over 1 weeks"). The reader asks
    for 2 reps and 8 weeks at least; the summary says whatever team it is given."""
    team = read_team(EXAMPLE_TEAM)
    assert many.format(weeks=team.weeks) in team_tab.team_summary(team, lang)
    alone = dataclasses.replace(
        team, name="one.csv", reps=team.reps[:1], effort=team.effort[:1, :1], lost=team.lost[:1, :1]
    )
    assert team_tab.team_summary(alone, lang).startswith(one)


def test_an_upload_above_the_limit_is_refused_before_it_is_read():
    def never(_: int) -> bytes:
        raise AssertionError("read although the stated size is above the limit")

    with pytest.raises(TeamError, match=f"above the limit of {MAX_BYTES:,} bytes"):
        team_tab.read_upload("huge.csv", MAX_BYTES + 1, never)
    # a browser that states a small size but sends more is refused too
    with pytest.raises(TeamError, match="above the limit"):
        team_tab.read_upload("liar.csv", 10, lambda n: b"x" * n)


def test_the_budget_comes_from_the_environment_or_is_the_coverage_benchmark_s(monkeypatch):
    monkeypatch.delenv(team_tab.BUDGET_ENV, raising=False)
    assert team_tab.team_budget() == (40, 3)
    monkeypatch.setenv(team_tab.BUDGET_ENV, "12x2")
    assert team_tab.team_budget() == (12, 2)
    monkeypatch.setenv(team_tab.BUDGET_ENV, "lots")
    with pytest.raises(Exception, match="RAPPORT_TEAM_BUDGET='lots': expected"):
        team_tab.team_budget()


def leftovers() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("rapport-*")}


@pytest.fixture
def own_temp(tmp_path, monkeypatch):
    """A temporary folder of this test's own: the app server of the browser tests calibrates
    teams in the shared one at the same time, and its folders came and went in between."""
    folder = tmp_path / "temp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def test_a_team_is_calibrated_and_answered_over_its_own_posterior_worlds(own_temp):
    before = leftovers()
    team = read_team(EXAMPLE_TEAM)
    fractions = []
    answer = team_tab.answer_team(team, (8, 2), progress=fractions.append)
    assert list(answer.posterior.columns) == [*TEAM_PARAMETERS, "weight"]
    assert len(answer.posterior) == 8 and answer.posterior["weight"].sum() == pytest.approx(1)
    band = answer.band
    # the team's own reps (its EI per rep), in worlds drawn from the team's posterior only
    assert answer.scenario.reps.count == 12 and len(answer.scenario.reps.profiles) == 12
    assert band.worlds == team_tab.TEAM_WORLDS and set(band.drawn) == set(TEAM_PARAMETERS)
    # each world's values are one particle of the team's own posterior, resampled as drawn,
    # and the worlds are not all one
    particles = answer.posterior[list(TEAM_PARAMETERS)].to_numpy()
    worlds = np.array([[world[name] for name in TEAM_PARAMETERS] for world in band.values])
    assert worlds.shape == (team_tab.TEAM_WORLDS, len(TEAM_PARAMETERS))
    for world in worlds:
        assert np.isclose(particles, world, rtol=0, atol=1e-12).all(axis=1).any(), world
    assert len(np.unique(worlds, axis=0)) > 1
    assert set(band.peaks) <= set(team_tab.TEAM_EFFORTS)
    assert band.peak_range[0] <= band.peak_range[1]
    # progress per generation, then the worlds: never backwards, ending complete
    assert fractions == sorted(fractions) and fractions[-1] == pytest.approx(1)
    half = team_tab.CALIBRATION_SHARE / 2
    assert any(f == pytest.approx(half) for f in fractions)  # after generation 1 of 2
    assert leftovers() == before == set()  # the calibration's folder is gone


def test_a_cancelled_calibration_stops_and_leaves_no_folder(own_temp):
    before = leftovers()
    calls = []

    def cancel_at_third(fraction: float) -> None:
        calls.append(fraction)
        if len(calls) == 3:
            raise InterruptedError

    with pytest.raises(InterruptedError):
        team_tab.answer_team(read_team(EXAMPLE_TEAM), (40, 3), progress=cancel_at_third)
    assert len(calls) == 3 and leftovers() == before


def test_the_team_panel_offers_the_drop_and_states_its_budget(monkeypatch):
    monkeypatch.setenv(team_tab.BUDGET_ENV, "5x2")
    answer = solara.reactive(None)
    box, _ = solara.render(team_tab.TeamPanel(answer, "de"), handle_error=False)
    html = " ".join(getattr(w, "unsafe_innerHTML", "") or "" for w in widgets(box))
    assert "5 Partikel × 2 Generationen" in html
    monkeypatch.setenv(team_tab.BUDGET_ENV, "8x1")
    box, _ = solara.render(team_tab.TeamPanel(answer, "de"), handle_error=False)
    html = " ".join(getattr(w, "unsafe_innerHTML", "") or "" for w in widgets(box))
    assert "8 Partikel × 1 Generation ABC-SMC" in html
    assert [w for w in widgets(box) if isinstance(w, team_tab.TeamDropZone)]
    assert not [w for w in widgets(box) if hooks.TEAM_SENTENCE in classes_of(w)]


def test_a_team_s_answer_comes_with_the_end_of_its_calibration_in_one_render(monkeypatch):
    """The panel set the calibrated team in the job's thread, and the job then set its end: two
    renders of the whole page, the first with the team already offered as worlds while the
    panel still showed its calibration running. Now the team comes with the job's end."""
    monkeypatch.setenv(team_tab.BUDGET_ENV, "8x1")
    handed, seen = [], []
    answer = solara.reactive(None)

    @solara.component
    def Drop(label, choose, on_file):  # stands in for the browser's drop; the hand-over is ours
        handed.append(on_file)
        return solara.Text(label)

    moment = team_tab.calibration_moment

    def recording(job, *args):  # called in each render of the panel
        seen.append((answer.value is not None, job.running, job.progress))
        return moment(job, *args)

    monkeypatch.setattr(team_tab, "TeamDrop", Drop)
    monkeypatch.setattr(team_tab, "calibration_moment", recording)
    solara.render(team_tab.TeamPanel(answer, "en"), handle_error=False)
    data = EXAMPLE_TEAM.read_bytes()
    handed[-1]({"name": EXAMPLE_TEAM.name, "size": len(data), "file_obj": io.BytesIO(data)})
    wait_for(lambda: seen and seen[-1][0], timeout=300)
    assert answer.value.team.name == read_team(EXAMPLE_TEAM).name
    # from its start on: renders of the running calibration, then one with the team and its end
    since = seen[[running for _, running, _ in seen].index(True) :]
    assert since[-1] == (True, False, 1.0), seen
    assert all(not offered and running for offered, running, _ in since[:-1]), seen


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_team_panel_offers_the_example_team_to_download_not_a_path_to_it(lang):
    answer = solara.reactive(None)
    box, _ = solara.render(team_tab.TeamPanel(answer, lang), handle_error=False)
    (button,) = [w for w in widgets(box) if hooks.DOWNLOAD_TEAM_EXAMPLE in classes_of(w)]
    (download,) = [
        w for w in widgets(box) if isinstance(w, FileDownloadWidget) and button in widgets(w)
    ]
    download.request_download = True
    assert wait_for(lambda: download.bytes) == EXAMPLE_TEAM.read_bytes()
    assert read_team(EXAMPLE_TEAM)  # the reader takes it as it is
    intro = " ".join(getattr(w, "unsafe_innerHTML", "") or "" for w in widgets(box))
    assert "example_team.csv" not in intro and "README" not in intro


def test_your_team_is_offered_only_once_calibrated_and_then_draws_from_its_posterior():
    team = shipped_posterior()[[*TEAM_PARAMETERS, "weight"]]  # any valid particles stand in
    assert world_sources(False) == ["prior", "calibrated"]
    assert world_sources(True) == ["prior", "calibrated", "team"]
    assert chosen_source("team", False) == "calibrated"  # chosen before, this team is gone
    assert chosen_source("team", True) == "team" and chosen_source("prior", True) == "prior"
    assert worlds_posterior("team", team) is team
    assert worlds_posterior("calibrated", team) is shipped_posterior()
    assert worlds_posterior("prior", team) is None
    drawn = sample_worlds(8, 1, user_set([small()]), worlds_posterior("team", team))
    assert list(drawn.columns) == list(TEAM_PARAMETERS)
    values = solara.reactive(control_values(small()))
    box, _ = solara.render(
        curve_tab.EffortCurvePanel(values, "en", solara.reactive("team"), team),
        handle_error=False,
    )
    (choice,) = [w for w in widgets(box) if hooks.WORLDS_CHOICE in classes_of(w)]
    assert choice.v_model == 2  # the third button, "your team", is the one chosen
    assert [w for w in widgets(box) if hooks.worlds_source("team") in classes_of(w)]


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_curve_s_worlds_of_your_team_say_they_run_the_sidebar_s_team_as_the_curve(lang):
    team = shipped_posterior()[[*TEAM_PARAMETERS, "weight"]]  # any valid particles stand in
    values = solara.reactive(control_values(small(simulation__weeks=6)))
    source = solara.reactive("team")
    box, _ = solara.render(
        curve_tab.EffortCurvePanel(values, lang, source, team), handle_error=False
    )

    def found(css):
        return [w for w in widgets(box) if css in classes_of(w)]

    found(hooks.EFFORT_CURVE)[0].click()
    wait_for(lambda: found(hooks.CURVE_DONE), timeout=300)
    found(hooks.CURVE_WORLDS)[0].click()
    (sentence,) = wait_for(lambda: found(hooks.CURVE_WORLDS_SENTENCE), timeout=300)
    said = sentence.unsafe_innerHTML
    assert t("worlds.source.team", lang) in said and t("curve.worlds.team", lang) in said
    assert ("team set in the sidebar" if lang == "en" else "Seitenleiste") in said
    source.set("prior")  # worlds not of the uploaded team: nothing to tell apart
    wait_for(lambda: not found(hooks.CURVE_WORLDS_SENTENCE), timeout=30)
    found(hooks.CURVE_WORLDS)[0].click()
    (sentence,) = wait_for(lambda: found(hooks.CURVE_WORLDS_SENTENCE), timeout=300)
    assert t("curve.worlds.team", lang) not in sentence.unsafe_innerHTML


# --- a malformed upload on a German page ----------------------------------------------------------

HEADER = "rep,week,hours,lost_customers"


def rows(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


WEEKS_OK = [f"a,{w},30,0" for w in range(1, 9)] + [f"b,{w},30,0" for w in range(1, 9)]


@pytest.mark.parametrize(
    "text, german",
    [
        (rows("a,1,lots,0", *WEEKS_OK[1:]), "Zeile 2, Spalte hours: „lots“ ist keine Zahl"),
        (rows("a,1,81,0", *WEEKS_OK[1:]), "Zeile 2, Spalte hours: 81 liegt außerhalb von 0–80"),
        (
            rows("a,1,lots,0", *WEEKS_OK[1:]).replace(
                HEADER, "Person,Woche,Stunden (h/Woche),Verlorene Kunden"
            ),
            "Zeile 2, Spalte „Stunden (h/Woche)“: „lots“ ist keine Zahl",
        ),
        (rows("a,1.5,30,0", *WEEKS_OK[1:]), "ist keine ganze Zahl (Wochennummer)"),
        (rows("a,1,30", *WEEKS_OK[1:]), "Zeile 2: 3 Zellen, die Kopfzeile hat 4"),
        (
            rows("a,1,30,", *WEEKS_OK[1:]),
            "Zeile 2, Spalte lost_customers: leer; ein Wert ist nötig",
        ),
        (rows(*WEEKS_OK, "a,1,30,0"), "Person „a“, Woche 1 wiederholt Zeile 2"),
        (rows(*WEEKS_OK[:8]), "1 Person; mindestens 2 sind nötig"),
        (rows(), "keine Datenzeilen; mindestens 2 Personen sind nötig"),
        (rows(*WEEKS_OK[:8], "b,1,30,0"), "Person „b“ hat 1 Woche; mindestens"),
        (rows(*WEEKS_OK[:8], "b,1,30,0", "b,2,30,0"), "Person „b“ hat 2 Wochen; mindestens"),
        (
            HEADER.replace("hours", "hourz") + "\n",
            "Zeile 1, unbekannte Spalte „hourz“; erlaubt: Person, Woche, Verlorene Kunden, "
            "Stunden, Kontakte, Kunden, EI, Bewertung, NPS (oder englisch: rep, week,",
        ),
        ("rep,week,hours,hours,lost_customers\n", "Zeile 1, Spalte hours kommt zweimal vor"),
        ("rep,hours,lost_customers\n", "Zeile 1, Spalte week fehlt; nötig sind"),
        ("rep,week,lost_customers\n", "Spalte hours oder contacts fehlt"),
        ("", "leere Datei"),
    ],
)
def test_a_malformed_team_file_is_explained_in_german_on_a_german_page(tmp_path, text, german):
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TeamError) as error:
        read_team(path)
    english = str(error.value)
    shown = i18n.team_problem(english, "de")
    assert shown.startswith("export.csv: ") and german in shown, (english, shown)
    assert not re.search(r"\b(row|column|is not|needed|required|cells)\b", shown), shown
    assert i18n.team_problem(english, "en") == english  # the reader's own line in English


def test_the_team_tab_shows_a_refused_file_in_the_page_s_language_as_text(monkeypatch, tmp_path):
    handed: list = []

    @solara.component
    def Drop(label, choose, on_file):  # the browser's drop, handed over by the test
        handed.append(on_file)

    monkeypatch.setattr(team_tab, "TeamDrop", Drop)
    answer = solara.reactive(None)
    lang = solara.reactive("de")

    @solara.component
    def Tab():
        team_tab.TeamPanel(answer, lang.value)

    box, _ = solara.render(Tab(), handle_error=False)
    data = rows("<b>x</b>,1,81,0", *WEEKS_OK[1:]).encode()
    handed[-1]({"name": "export.csv", "size": len(data), "file_obj": io.BytesIO(data)})

    def error_text() -> str:
        found = [w for w in widgets(box) if hooks.TEAM_ERROR in classes_of(w)]
        return " ".join(str(c) for w in found for c in w.children) if found else ""

    assert "Zeile 2, Spalte hours: 81 liegt außerhalb von 0–80" in error_text()
    lang.set("en")  # the same problem, now in English
    assert "row 2, column hours: 81 is outside 0–80" in error_text()
