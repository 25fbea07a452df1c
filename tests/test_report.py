"""The sweep report: figures and verdicts computed from stored results."""

from __future__ import annotations

import html
import json
import shutil
import warnings
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import yaml

from experiments.config import validate_sweep
from experiments.report import (
    Report,
    _fall_text,
    inverted_u_section,
    log_sampled,
    plot_heatmap,
    plot_metric_lines,
    plot_scatter,
    read_sweep,
    replication_means,
    write_report,
)
from experiments.store import NOT_PLANNED, ResultStore
from experiments.sweep import run_sweep
from sim import MODEL_VERSION
from tests.helpers import rapport_for_a_module, rapport_in_process
from tests.test_store import one_line_error
from tests.test_sweep_execution import rapport, write_config

EFFORT, RP = "reps.effort_hours", "relational_performance"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def headline(tmp_path_factory):
    """A reduced headline grid: effort 5–60 at low and high empathy, 4 replications."""
    sweep = validate_sweep(
        {
            "name": "headline-small",
            "set": {"reps.count": 10, "simulation.weeks": 52},
            "sweep": {
                "method": "grid",
                "parameters": {
                    "reps.effort_hours": {"start": 5, "stop": 60, "step": 5},
                    "reps.perception": [0.1, 0.9],
                    "reps.regulation": {"link": "reps.perception"},
                },
                "replications": 4,
                "seed": 5,
            },
            "record": {"metrics": ["relational_performance", "revenue", "churned"], "every": 13},
        }
    )
    out = tmp_path_factory.mktemp("headline")
    outcome = run_sweep(sweep, out, workers=1, quiet=True)
    assert outcome.done == 96 and outcome.failed == 0
    write_report(out)
    return out


def test_the_report_is_one_self_contained_page_with_figures_beside_it(headline):
    page = (headline / "report.html").read_text()
    assert "<script" not in page and "http" not in page.split("<pre>")[0]
    figures = sorted(p.name for p in (headline / "figures").glob("*.png"))
    assert "relational_performance-vs-effort_hours.png" in figures
    assert "heatmap-relational_performance.png" in figures
    assert page.count("data:image/png;base64,") == len(figures)
    assert "root seed 5" in page and "model_version" in page


def test_the_report_finds_the_inverted_u_at_low_empathy_only(headline):
    analysis = json.loads((headline / "analysis.json").read_text())
    by_level = {
        r["level"]["reps.perception"]: r for r in analysis["inverted_u"]["relational_performance"]
    }
    low, high = by_level[0.1], by_level[0.9]
    assert low["two_lines"]["u_shape"] and low["relative_fall"] > 0.25
    assert 20 <= low["turning_point"]["estimate"] <= 40
    assert high["relative_fall"] < 0.05
    page = (headline / "report.html").read_text()
    assert html.escape(low["summary"]) in page and "peaks at" in low["summary"]


def test_the_report_reads_only_stored_results(headline):
    results = ResultStore(headline).read_results()
    assert len(results) == 96 * 5  # weeks 0, 13, 26, 39, 52
    assert results.groupby("run_key").size().eq(5).all()


# --- the report reads the runs of its folder's config, and only those --------------------------

# Fast runs: 5 efforts x 2 empathy levels x 2 replications = 20 runs, in chunks of 10.
TINY = {
    "name": "tiny",
    "set": {"reps.count": 3, "customers.per_rep": 6, "simulation.weeks": 12},
    "sweep": {
        "method": "grid",
        "parameters": {
            "reps.effort_hours": [10, 20, 30, 40, 50],
            "reps.perception": [0.2, 0.8],
            "reps.regulation": {"link": "reps.perception"},
        },
        "replications": 2,
        "seed": 3,
    },
    "record": {"metrics": ["relational_performance", "revenue"], "every": 4},
    "execution": {"workers": 1, "chunk_runs": 10},
}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> tuple[Path, Path]:
    """The tiny grid swept and reported by ``rapport sweep``, and the same grid swept with
    another root seed (another sweep whose chunks have the same columns)."""
    folder = tmp_path_factory.mktemp("tiny")
    done = rapport_for_a_module("sweep", write_config(folder, TINY), "--out", folder / "out")
    assert done.returncode == 0, done.stderr
    other = write_config(folder / "other", TINY, sweep={**TINY["sweep"], "seed": 4})
    done = rapport_for_a_module("sweep", other, "--out", folder / "other-out", "--no-report")
    assert done.returncode == 0, done.stderr
    return folder / "out", folder / "other-out"


def resolved_yaml(data: dict[str, Any]) -> str:
    """The config.yaml a sweep of ``data`` writes."""
    return yaml.safe_dump(validate_sweep(data).resolved(), sort_keys=False)


@pytest.mark.parametrize(
    "other",
    [
        {"record": {"metrics": ["relational_performance", "revenue", "churned"], "every": 4}},
        {"record": {"metrics": ["relational_performance"], "every": 4}},
        {"sweep": {**TINY["sweep"], "seed": 4}},
    ],
    ids=["a metric more", "a metric less", "another seed"],
)
def test_a_config_that_is_not_its_folders_is_refused_in_one_line(
    tiny, tmp_path, monkeypatch, capsys, other
):
    """Another sweep's config.yaml copied into a folder: one line, exit 2, nothing rewritten."""
    out = tmp_path / "out"
    shutil.copytree(tiny[0], out)
    (out / "config.yaml").write_text(resolved_yaml({**TINY, **other}), encoding="utf-8")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    refused = rapport_in_process(monkeypatch, capsys, "report", out)
    one_line_error(
        refused, contains=f"{out}: config.yaml does not match the results: none of the 20 run(s)"
    )
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_installed_command_writes_the_report_as_a_real_process(tiny, tmp_path):
    """The other tests of this file run ``rapport report`` in process (``rapport_in_process``);
    here the installed script, as a user starts it, rewrites a finished sweep's page."""
    out = tmp_path / "out"
    shutil.copytree(tiny[0], out)
    (out / "report.html").unlink()
    done = rapport("report", out, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Report: {out / 'report.html'}\n"
    page = (out / "report.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64,") == len(list((out / "figures").glob("*.png")))


def test_a_chunk_of_another_sweep_is_left_out_and_named(monkeypatch, capsys, tiny, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(tiny[0], out)
    foreign = sorted((tiny[1] / "results").glob("part-*.parquet"))[0]
    shutil.copy(foreign, out / "results" / foreign.name)
    done = rapport_in_process(monkeypatch, capsys, "report", out)
    assert done.returncode == 0, done.stderr
    notes = [line for line in done.stderr.splitlines() if line.startswith("[report]")]
    assert notes == [
        f"[report] results/{foreign.name}: 10 runs left out of the report: they are not "
        "runs of config.yaml (another sweep's?)"
    ]
    assert "Traceback" not in done.stderr
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "20 runs planned" in page and "20 with results" in page
    assert f"results/{foreign.name}: 10 runs left out of the report" in page
    ours = json.loads((tiny[0] / "analysis.json").read_text(encoding="utf-8"))
    mixed = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert mixed.pop("left_out") == [
        {"chunk": f"results/{foreign.name}", "runs": 10, "reason": NOT_PLANNED}
    ]
    assert len(ours["inverted_u"]["relational_performance"]) == 2  # a verdict per empathy level
    assert mixed == ours


@pytest.mark.parametrize(
    "dropped, missing, en, de",
    [
        (  # point 3 keeps one of its two runs
            [(3, 1)],
            {"points": 1, "points_without_runs": 0, "fewest_runs": 1},
            "1 of the 10 design points rest on fewer runs than planned (the fewest on 1 of 2), so "
            "their estimates are less precise than the rest.",
            "1 der 10 Punkte des Designs beruhen auf weniger Läufen als geplant (die wenigsten auf "
            "1 von 2); ihre Schätzungen sind ungenauer als die übrigen.",
        ),
        (  # point 0 has none left, point 3 one
            [(0, 0), (0, 1), (3, 1)],
            {"points": 2, "points_without_runs": 1, "fewest_runs": 0},
            "2 of the 10 design points rest on fewer runs than planned: 1 on none, which the "
            "report leaves out, and 1 on some but not all, whose estimates are less precise than "
            "the rest.",
            "2 der 10 Punkte des Designs beruhen auf weniger Läufen als geplant: 1 auf keinem, die "
            "der Bericht auslässt, 1 auf einigen, aber nicht allen, deren Schätzungen ungenauer "
            "sind als die übrigen.",
        ),
        (  # points 0 and 3 have none left (as every short point of a sweep of 1 replication)
            [(0, 0), (0, 1), (3, 0), (3, 1)],
            {"points": 2, "points_without_runs": 2, "fewest_runs": 0},
            "2 of the 10 design points have no runs yet, so the report leaves them out.",
            "2 der 10 Punkte des Designs haben noch keine Läufe; der Bericht lässt sie aus.",
        ),
    ],
)
def test_a_report_of_an_unfinished_folder_says_which_points_rest_on_fewer_runs(
    monkeypatch, capsys, tiny, tmp_path, dropped, missing, en, de
):
    """An audit: the report of an interrupted sweep drew and tested every point as if all had
    their replications; only "20 planned, 17 with results" hinted that some points had fewer.
    A point with no run at all has no estimate (it is left out), not a less precise one: the
    note said all of them were less precise, also when none had a run (an interrupted sweep
    of 1 replication)."""
    out = tmp_path / "out"
    shutil.copytree(tiny[0], out)
    frame = ResultStore(out).read_results()
    keys = frame.drop_duplicates("run_key").set_index(["point", "replication"])["run_key"]
    dropped_keys = {keys[index] for index in dropped}
    for chunk in (out / "results").glob("part-*.parquet"):
        table = pq.read_table(chunk)
        kept = [key not in dropped_keys for key in table.column("run_key").to_pylist()]
        pq.write_table(table.filter(kept), chunk)
    runs = len(dropped)
    for lang, expected in [
        (
            "en",
            f"Unfinished: {runs} of the 20 planned runs have not executed. {en} Run the same "
            "`rapport sweep` command again to execute only the missing runs.",
        ),
        (
            "de",
            f"Unvollständig: {runs} der 20 geplanten Läufe sind nicht gelaufen. {de} Rufen Sie "
            "denselben `rapport sweep`-Befehl erneut auf, um nur die fehlenden Läufe auszuführen.",
        ),
    ]:
        done = rapport_in_process(monkeypatch, capsys, "report", out, "--lang", lang)
        assert done.returncode == 0, done.stderr
        notes = [line for line in done.stderr.splitlines() if line.startswith("[report]")]
        assert notes == [f"[report] {expected}"], notes
        page = html.unescape((out / "report.html").read_text(encoding="utf-8"))
        assert expected in page
    analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
    assert analysis["unfinished"] == {
        "missing": runs,
        "points_total": 10,
        "runs_per_point": 2,
        **missing,
    }
    finished = json.loads((tiny[0] / "analysis.json").read_text(encoding="utf-8"))
    assert "unfinished" not in finished


def test_runs_of_different_lengths_each_end_at_their_own_last_week(tmp_path, monkeypatch):
    """A sweep over simulation.weeks: each run's final value is its own last week's."""
    sweep = validate_sweep(
        {
            "name": "lengths",
            "set": {"reps.count": 3, "customers.per_rep": 6},
            "sweep": {
                "method": "grid",
                "parameters": {"simulation.weeks": [4, 8, 12], "reps.effort_hours": [20, 40]},
                "replications": 2,
                "seed": 3,
            },
            "record": {"metrics": ["relational_performance"], "every": "final"},
        }
    )
    out = tmp_path / "out"
    assert run_sweep(sweep, out, workers=1, quiet=True).done == 12
    drawn: dict[str, list[list[float]]] = {}
    figure = Report.figure

    def keep(self, fig, name, caption):
        drawn[name] = [line.get_xdata().tolist() for line in fig.axes[0].lines]
        figure(self, fig, name, caption)

    monkeypatch.setattr(Report, "figure", keep)
    write_report(out)
    assert drawn["relational_performance-vs-weeks"] == [[4, 8, 12], [4, 8, 12]]  # per effort
    # One recorded week per run: nothing to draw over time.
    assert "relational_performance-over-time" not in drawn
    assert sorted(p.stem for p in (out / "figures").glob("*.png")) == sorted(drawn)


def tiny_grid(values: dict[str, Any], axes: dict[str, list], replications: int):
    """A grid sweep of tiny runs (6 customers per rep, 4 weeks) recording the final week."""
    return validate_sweep(
        {
            "name": "tiny-grid",
            "set": {"customers.per_rep": 6, "simulation.weeks": 4, **values},
            "sweep": {
                "method": "grid",
                "parameters": axes,
                "replications": replications,
                "seed": 3,
            },
            "record": {"metrics": ["relational_performance"], "every": "final"},
        }
    )


@pytest.mark.parametrize(
    "replications, said",
    [
        (
            1,
            {
                "en": ("against effort hours; one run per point, so no band", "band over"),
                "de": ("gegen Einsatz; ein Lauf je Punkt, daher kein Band", "Band über"),
            },
        ),
        (
            2,
            {
                "en": ("against effort hours; mean and 95 % band over replications", "no band"),
                "de": ("gegen Einsatz; Mittelwert und 95-%-Band über die Wiederholungen", "kein"),
            },
        ),
    ],
)
def test_a_caption_names_a_band_only_where_the_figure_has_one(tmp_path, replications, said):
    """An audit: a sweep of 1 replication drew points without a band (there is no interval from
    one run), under a caption promising "mean and 95 % band over replications"."""
    sweep = tiny_grid({"reps.count": 3}, {"reps.effort_hours": [20, 40]}, replications)
    out = tmp_path / "out"
    assert run_sweep(sweep, out, workers=1, quiet=True).done == 2 * replications
    for lang, (caption, absent) in said.items():
        write_report(out, lang=lang)
        page = html.unescape((out / "report.html").read_text(encoding="utf-8"))
        assert caption in page, lang
        assert absent not in page, lang


def test_a_whole_number_parameter_is_drawn_with_whole_ticks(tmp_path, monkeypatch):
    """An audit: a sweep over reps.count [2, 3] drew its axis with ticks at 2.2, 2.4, ...
    persons ("2,2 Personen"), team sizes no run had and no team can have."""
    sweep = tiny_grid({}, {"reps.count": [2, 3], "reps.effort_hours": [20.0, 21.0]}, 2)
    out = tmp_path / "out"
    assert run_sweep(sweep, out, workers=1, quiet=True).done == 8
    ticks: dict[str, list[float]] = {}
    figure = Report.figure

    def keep(self, fig, name, caption):
        ticks[name] = [float(t) for t in fig.axes[0].get_xticks()]
        figure(self, fig, name, caption)

    monkeypatch.setattr(Report, "figure", keep)
    write_report(out, lang="de")
    teams = ticks["relational_performance-vs-count"]
    assert 2.0 in teams and 3.0 in teams and all(t.is_integer() for t in teams), teams
    efforts = ticks["relational_performance-vs-effort_hours"]  # a decimal parameter: as before
    assert not all(t.is_integer() for t in efforts), efforts


@pytest.mark.parametrize(
    "lang, over",
    [
        ("en", "effort × perception; averaged over tolerance, decay"),
        ("de", "Einsatz × Wahrnehmung (Empathie); gemittelt über Toleranz und Verfall"),
    ],
)
def test_the_axes_a_figure_averages_over_are_listed_as_names(tmp_path, lang, over):
    """An audit: the German captions listed the axes averaged over with the semicolons that
    part levels ("gemittelt über Wahrnehmung (Empathie); Toleranz"), reading as two clauses."""
    axes = {
        "reps.effort_hours": [20.0, 40.0],
        "reps.perception": [0.1, 0.9],
        "customers.tolerance": [1.3, 2.0],
        "dynamics.decay": [0.02, 0.04],
    }
    out = tmp_path / "out"
    assert run_sweep(tiny_grid({"reps.count": 2}, axes, 1), out, workers=1, quiet=True).done == 16
    write_report(out, lang=lang)
    assert over in html.unescape((out / "report.html").read_text(encoding="utf-8"))


@pytest.mark.parametrize("record", ["analysis.json", "an earlier report.html"])
def test_figures_the_report_no_longer_makes_are_removed_and_only_those(tmp_path, record):
    """A Sobol folder that lost a chunk has no sensitivity indices: their figures go; the
    user's files in figures/ stay. The report knows its figures from analysis.json, or, if
    an earlier version wrote it, from the figures its report.html names."""
    sweep = validate_sweep(
        {
            "name": "sobol-tiny",
            "set": {"reps.count": 3, "customers.per_rep": 6, "simulation.weeks": 8},
            "sweep": {
                "method": "sobol",
                "samples": 4,
                "parameters": {
                    "reps.effort_hours": {"min": 5, "max": 60},
                    "reps.perception": {"min": 0, "max": 1},
                },
                "replications": 1,
                "seed": 3,
            },
            "record": {"metrics": ["relational_performance"], "every": "final"},
            "execution": {"chunk_runs": 4},
        }
    )
    out = tmp_path / "out"
    assert run_sweep(sweep, out, workers=1, quiet=True).done == 16
    write_report(out)
    figures = out / "figures"
    made = {p.name for p in figures.glob("*.png")}
    assert "sensitivity-relational_performance.png" in made
    users = [figures / "mine.png", figures / "sensitivity-notes.txt", out / "elsewhere.png"]
    for path in users:
        path.write_text("the user's", encoding="utf-8")
    if record != "analysis.json":
        analysis = json.loads((out / "analysis.json").read_text(encoding="utf-8"))
        del analysis["figures"]
        (out / "analysis.json").write_text(json.dumps(analysis), encoding="utf-8")
    sorted((out / "results").glob("part-*.parquet"))[0].unlink()
    write_report(out)
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Sensitivity analysis skipped" in page
    left = {p.name for p in figures.glob("*.png")}
    assert left == made - {"sensitivity-relational_performance.png"} | {"mine.png"}
    assert all(path.read_text(encoding="utf-8") == "the user's" for path in users)
    listed = json.loads((out / "analysis.json").read_text(encoding="utf-8"))["figures"]
    assert set(listed) == left - {"mine.png"}


def test_a_figure_over_many_other_axes_draws_few_lines_and_says_what_it_averages(
    tmp_path, monkeypatch
):
    """Effort against relationship quality with two other axes of 5 levels drew 25 lines in 8
    repeating colours under a legend of 25 entries: now one line per level of the first axis,
    averaged over the other, and the caption says so. Few combinations still get a line each."""
    rng = np.random.default_rng(2)
    rows = [
        {EFFORT: e, "reps.perception": p, "customers.tolerance": t, "replication": r,
         RP: 0.5 + 0.01 * e - 0.2 * p + 0.05 * t + rng.normal(0, 0.01)}
        for e in (10, 30, 50) for p in (0.1, 0.3, 0.5, 0.7, 0.9)
        for t in (1.2, 1.4, 1.6, 1.8, 2.0) for r in range(3)
    ]  # fmt: skip
    final = pd.DataFrame(rows)
    drawn: list[tuple[list[str], list[np.ndarray]]] = []

    def legend(ax, *args, **kwargs):  # what the figure draws, when it draws its key
        drawn.append((ax.get_legend_handles_labels()[1], [ln.get_ydata() for ln in ax.lines]))

    monkeypatch.setattr(plt.Axes, "legend", legend)
    report = Report(tmp_path)
    others = ["reps.perception", "customers.tolerance"]
    plot_metric_lines(report, final, RP, EFFORT, others)
    labels, lines = drawn[-1]
    assert labels == [f"perception {p:g}" for p in (0.1, 0.3, 0.5, 0.7, 0.9)]
    assert "averaged over tolerance" in report.sections[-1]
    # the first line: perception 0.1 at each effort, the mean over every tolerance and replication
    low = final[final["reps.perception"] == 0.1].groupby(EFFORT)[RP].mean()
    np.testing.assert_allclose(lines[0], low.to_numpy())
    few = final[
        final["customers.tolerance"].isin([1.2, 2.0]) & final["reps.perception"].isin([0.1, 0.9])
    ]
    plot_metric_lines(report, few, RP, EFFORT, others)
    assert len(drawn[-1][0]) == 4 and "averaged" not in report.sections[-1]


@pytest.mark.parametrize(
    ("means", "says"),
    [
        ([0.5, 0.7, 0.83], "Its best mean (0.83) is at the top of the range, 60 h: no fall."),
        ([0.8, 0.6, 0.4], "The best is at the lowest effort run, 10 h: the peak may lie below"),
        ([0.5, 0.8, 0.4], "From its best mean (0.8 at 30 h) to 60 h it falls by 0.4 (50.0% "),
    ],
    ids=["rising", "falling from the start", "peaking inside"],
)
def test_the_fall_sentence_names_a_best_at_either_end_of_the_range(means, says):
    curve = pd.Series(means, index=[10.0, 30.0, 60.0])
    fall = curve.max() - curve.iloc[-1]
    text = _fall_text(curve, fall, fall / curve.max())
    assert says in text
    assert ("lowest effort" in text) == (curve.idxmax() == 10.0)


def test_figures_tell_their_lines_apart_name_units_and_draw_means_only_where_runs_are(
    tmp_path, monkeypatch
):
    """Twelve combinations drew twelve lines in eight colours over time; axes had no units; a
    sampled axis of two values drew a binned mean between them, where nothing ran."""
    sweep = validate_sweep(
        {
            "name": "twelve",
            "set": {"reps.count": 3, "customers.per_rep": 6, "simulation.weeks": 6},
            "sweep": {
                "method": "grid",
                "parameters": {
                    "reps.effort_hours": [10, 20, 30, 40, 50, 60],
                    "reps.perception": [0.1, 0.9],
                },
                "replications": 1,
                "seed": 3,
            },
        }
    )
    out = tmp_path / "out"
    assert run_sweep(sweep, out, workers=1, quiet=True).done == 12
    drawn: dict[str, Any] = {}
    figure = Report.figure

    def keep(self, fig, name, caption):
        ax = fig.axes[0]
        colours = [str(line.get_color()) for line in ax.lines]
        xs = [list(line.get_xdata()) for line in ax.lines]
        drawn[name] = (colours, ax.get_xlabel(), ax.get_ylabel(), caption, xs)
        figure(self, fig, name, caption)

    monkeypatch.setattr(Report, "figure", keep)
    write_report(out)
    colours, _, _, caption, _ = drawn["relational_performance-over-time"]
    assert len(colours) == len(set(colours)) <= 8
    assert "averaged over perception" in caption
    assert drawn["revenue-vs-effort_hours"][1:3] == ("effort hours (h/week)", "revenue (k€/week)")
    chunk = sorted((out / "results").glob("*.parquet"))[0]
    units = json.loads(pq.read_schema(chunk).metadata[b"rapport"])["units"]
    assert units["reps.effort_hours"] == "h/week" and units["revenue"] == "k€/week"

    final = pd.DataFrame({"x": [0.1, 0.9] * 20, "metric": np.arange(40.0)})
    plot_scatter(Report(tmp_path), final, "metric", "x")
    assert drawn["metric-scatter-x"][4] == [[0.1, 0.9]]  # the mean at each value run


def test_noisy_sobol_indices_come_with_a_caution_and_clear_ones_without():
    from experiments.report import sobol_caution

    noisy = {"S1": [1.04, -0.1], "ST": [0.84, 0.2], "S1_conf": [0.5, 0.3], "ST_conf": [0.4, 0.2]}
    text = sobol_caution(noisy, 8)
    assert "with 8 base samples the widest 95 % interval is ±0.50" in text
    assert "2 first-order indices below 0 or above the total index" in text
    clear = {"S1": [0.6, 0.1], "ST": [0.7, 0.15], "S1_conf": [0.05, 0.03], "ST_conf": [0.06, 0.02]}
    assert sobol_caution(clear, 1024) == ""


@pytest.mark.parametrize(
    "lang, says",
    [
        (
            "en",
            "Uncertain ranking: with 6 trajectories, 1 pair of neighbours in the ranking has "
            "overlapping 95 % intervals.",
        ),
        (
            "de",
            "Unsichere Rangfolge: Mit 6 Trajektorien überschneiden sich bei 1 Paar benachbarter "
            "Parameter der Rangfolge die Intervalle.",
        ),
    ],
)
def test_a_morris_ranking_its_intervals_do_not_support_comes_with_a_caution(lang, says):
    """An audit: a Morris design of 6 trajectories ranked effort (mu* 0.35 ± 0.19) above
    perception (0.24 ± 0.23) and tolerance (0.23 ± 0.16) without a word, where noisy Sobol
    indices get a caution."""
    from experiments.report import morris_caution

    # ranked 0.35, 0.24, 0.05: the first two overlap, the last stands apart
    noisy = {"mu_star": [0.24, 0.35, 0.05], "mu_star_conf": [0.05, 0.1, 0.02]}
    assert morris_caution(noisy, 6, lang).startswith(says)
    apart = {"mu_star": [0.24, 0.35, 0.05], "mu_star_conf": [0.02, 0.05, 0.02]}
    assert morris_caution(apart, 60, lang) == ""


def test_a_sweep_over_a_categorical_axis_gets_its_report(tmp_path, monkeypatch, capsys):
    """A grid over ``channels.schedule: [rate, discrete]`` ran every run, then the report
    failed with a traceback (exit 1): its figure read the axis as numbers. Such an axis is now
    drawn at positions named by its values."""
    config = write_config(
        tmp_path,
        {
            "name": "categorical",
            "set": {"simulation.weeks": 4, "reps.count": 3, "customers.per_rep": 5},
            "sweep": {
                "method": "grid",
                "parameters": {
                    "reps.effort_hours": [20, 40],
                    "channels.schedule": ["rate", "discrete"],
                },
                "replications": 2,
                "seed": 3,
            },
            "record": {"metrics": ["relational_performance"], "every": "final"},
        },
    )
    out = tmp_path / "out"
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", out, "--workers", 1)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert (out / "report.html").exists()
    figure = out / "figures" / "relational_performance-vs-schedule.png"
    assert figure.read_bytes()[:4] == b"\x89PNG"
    assert (
        "relationship quality after the last week against schedule"
        in (out / "report.html").read_text()
    )


def test_an_inverted_u_section_without_enough_efforts_says_why_it_is_empty(tmp_path):
    """A sweep of 4 efforts had the heading "Is there an inverted U?" over nothing at all."""
    rng = np.random.default_rng(0)
    final = pd.DataFrame(
        {EFFORT: e, "reps.perception": p, "replication": r, RP: 0.5 + rng.normal(0, 0.05)}
        for e in (10, 30, 50, 70) for p in (0.1, 0.9) for r in range(3)
    )  # fmt: skip
    report = Report(tmp_path)
    inverted_u_section(report, final, RP, [EFFORT, "reps.perception"])
    assert report.analysis["inverted_u"][RP] == []
    assert (
        "Not tested: the sweep runs 4 different efforts at each level of the other axes"
        in (report.sections[-1])
    )
    report = Report(tmp_path)
    five = pd.concat([final, final[final[EFFORT] == 70].assign(**{EFFORT: 90})])
    inverted_u_section(report, five, RP, [EFFORT, "reps.perception"])
    assert not any("Not tested" in section for section in report.sections)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_inverted_u_table_flags_a_highest_mean_at_the_range_s_edge(tmp_path, lang):
    """A curve still rising at the top of the scan has its best mean at the grid's edge: the
    peak may lie beyond it. An analyst read the table's "highest mean at 60" as a peak at 60;
    the sentence below said otherwise, the table did not."""
    rng = np.random.default_rng(2)
    efforts = (10, 20, 30, 40, 50, 60)
    shapes = {
        0.1: lambda e: 0.8 - ((e - 30) / 30) ** 2,  # an interior peak at 30
        0.5: lambda e: 0.2 + e / 100 - (e / 300) ** 2,  # rises throughout, flattening
        0.9: lambda e: 0.9 - e / 100,  # falls from the lowest effort on
    }
    final = pd.DataFrame(
        {EFFORT: e, "reps.perception": p, "replication": r, RP: f(e) + rng.normal(0, 0.01)}
        for e in efforts for p, f in shapes.items() for r in range(8)
    )  # fmt: skip
    report = Report(tmp_path, lang=lang)
    inverted_u_section(report, final, RP, [EFFORT, "reps.perception"])
    rows = {r["level"]["reps.perception"]: r for r in report.analysis["inverted_u"][RP]}
    assert (rows[0.1]["at_grid_edge"], rows[0.1]["ci_at_grid_edge"]) == (None, None)
    assert rows[0.5]["at_grid_edge"] == "highest" and rows[0.9]["at_grid_edge"] == "lowest"
    table = next(section for section in report.sections if "<table" in section)
    column = {"en": "at the range&#x27;s edge", "de": "am Rand des Bereichs"}[lang]
    top = {"en": "top: the peak may lie above", "de": "oben: Der Hochpunkt kann darüber liegen"}
    bottom = {"en": "bottom: the peak may lie below", "de": "unten: Der Hochpunkt kann darunter"}
    assert column in table or column.replace("&#x27;", "'") in table
    assert table.count(top[lang]) == 1 and table.count(bottom[lang]) == 1


def test_a_log_uniformly_sampled_parameter_is_drawn_on_a_log_axis(monkeypatch, tmp_path):
    """Decay drawn log-uniformly from 0.001 to 0.1 crowded half its points into the left tenth
    of a linear axis, and its binned mean had one bin for them all."""
    rng = np.random.default_rng(3)
    decay = np.exp(rng.uniform(np.log(0.001), np.log(0.1), 400))
    final = pd.DataFrame({"dynamics.decay": decay, RP: 0.6 - 0.05 * np.log10(decay)})
    config = {
        "sweep": {
            "method": "lhs",
            "parameters": {"dynamics.decay": {"distribution": "loguniform", "min": 0.001,
                                              "max": 0.1}},
        }
    }  # fmt: skip
    assert log_sampled(config) == {"dynamics.decay"}
    assert log_sampled({"sweep": {"parameters": {"dynamics.decay": {"min": 0.001}}}}) == set()
    drawn = []
    monkeypatch.setattr(Report, "figure", lambda self, fig, name, caption: drawn.append(fig))
    for log in (True, False):
        plot_scatter(Report(tmp_path), final, RP, "dynamics.decay", log=log)
    (log_axes,), (linear_axes,) = drawn[0].axes, drawn[1].axes
    assert (log_axes.get_xscale(), linear_axes.get_xscale()) == ("log", "linear")
    # the binned means sit at equal ratios on the log axis, so they follow the straight line
    # the metric is in log(decay); on the linear axis most of them fall in the first bin
    centres = log_axes.lines[0].get_xdata()
    ratios = np.diff(np.log(centres))
    assert len(centres) >= 8 and np.allclose(ratios, ratios[0], rtol=0.01)
    crowded = linear_axes.lines[0].get_xdata()
    assert sum(c < 0.01 for c in crowded) <= 1 < sum(c < 0.01 for c in centres)


def test_a_heatmap_s_caption_names_the_axes_its_cells_pool(tmp_path):
    """Effort × perception over a sweep that also varied decay pooled decay 0.01 and 0.05 in
    each cell without a word; the over-time figure beside it said so."""
    rng = np.random.default_rng(1)
    final = pd.DataFrame(
        {EFFORT: e, "reps.perception": p, "dynamics.decay": d, "replication": 0,
         RP: 0.5 + rng.normal(0, 0.05)}
        for e in (10, 30) for p in (0.1, 0.9) for d in (0.01, 0.05)
    )  # fmt: skip
    report = Report(tmp_path)
    plot_heatmap(report, final, RP, "reps.perception", ["dynamics.decay"])
    assert "effort × perception; averaged over decay" in report.sections[-1]
    plot_heatmap(report, final[final["dynamics.decay"] == 0.01], RP, "reps.perception")
    assert "averaged" not in report.sections[-1]


def test_read_sweep_gives_pandas_the_runs_of_the_folder_s_config_and_says_what_is_missing(
    tiny, tmp_path
):
    """An analyst's audit: README showed no way to read a sweep in pandas, and
    ``pd.read_parquet(folder / "results")`` mixed in a chunk of another sweep without a word
    and said nothing of missing runs. ``read_sweep`` reads what ``rapport report`` reads, and
    warns of what it left out or what is missing."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a finished folder warns of nothing
        clean = read_sweep(tiny[0])
    pd.testing.assert_frame_equal(clean, ResultStore(tiny[0]).read_results())
    assert clean["run_key"].nunique() == 20
    assert clean.attrs["model_version"] == MODEL_VERSION
    assert clean.attrs["units"]["revenue"] == "k€/week"
    assert clean.attrs["config"]["name"] == TINY["name"]
    assert (clean.attrs["missing"], clean.attrs["failed"], clean.attrs["left_out"]) == (
        None,
        0,
        [],
    )
    out = tmp_path / "out"
    shutil.copytree(tiny[0], out)
    foreign = sorted((tiny[1] / "results").glob("part-*.parquet"))[0]
    shutil.copy(foreign, out / "results" / foreign.name)
    first = sorted((out / "results").glob("part-*.parquet"))[0]
    gone = pq.read_table(first).column("run_key").unique().to_pylist()
    first.unlink()  # as if the sweep had been interrupted before this chunk
    assert pd.read_parquet(out / "results")["run_key"].nunique() == 30 - len(gone)  # mixed
    with pytest.warns(UserWarning) as said:
        frame = read_sweep(out)
    assert frame["run_key"].nunique() == 20 - len(gone)
    assert not set(frame["run_key"]) & set(gone)
    assert frame.attrs["missing"]["missing"] == len(gone)
    assert frame.attrs["left_out"] == [[f"results/{foreign.name}", 10, NOT_PLANNED]]
    (message,) = [str(w.message) for w in said]
    assert message == (
        f"{out}: {len(gone)} of 20 planned runs have not executed (run the sweep again to finish "
        f"it); results/{foreign.name}: 10 runs left out: {NOT_PLANNED}"
    )


def test_a_line_averaged_over_other_axes_keeps_only_replications_with_every_cell():
    """An analyst's audit: in an unfinished folder the report averaged the axes it does not
    draw replication by replication, so a replication missing some cells averaged only the
    others, and the line leaned to them (not just less precise). Only replications with a run
    in every averaged cell are kept; a finished folder's means are unchanged."""
    rows = [
        {"x": x, "cell": cell, "replication": r, "m": base + 0.1 * r}
        for x in (10, 20)
        for cell, base in (("a", 1.0), ("b", 3.0))
        for r in range(4)
        if not (cell == "b" and x == 20 and r >= 2)  # interrupted before these runs
    ]
    final = pd.DataFrame(rows)
    means = replication_means(final, "m", ["x"], ["cell"])
    at_20 = means[means["x"] == 20]
    assert at_20["replication"].tolist() == [0, 1]
    assert at_20["m"].tolist() == pytest.approx([2.0, 2.1])  # naively 2.0, 2.1, 1.2, 1.3
    finished = final[final["x"] == 10]
    pd.testing.assert_frame_equal(
        replication_means(finished, "m", ["x"], ["cell"]).reset_index(drop=True),
        finished.groupby(["x", "replication"], as_index=False)["m"].mean(),
    )
