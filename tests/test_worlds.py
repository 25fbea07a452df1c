"""Plausible worlds behind every answer: drawn from the priors or a posterior, run with common
random numbers, stored by world, and reported beside the Monte Carlo interval."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from scipy import stats

from experiments.config import WORLD_FIELDS, validate_sweep
from experiments.intervals import MIN_RESAMPLED
from experiments.plan import iter_runs
from experiments.store import ResultStore
from experiments.studies import load_study
from experiments.sweep import plan_sweep, run_sweep
from experiments.uncertainty import Driver, Spread, spread, worlds_sentence
from experiments.worlds import (
    CALIBRATE,
    NOMINAL,
    draw_worlds,
    posterior_worlds,
    prior_worlds,
    read_posterior,
    world_parameters,
)
from sim.params import PARAMS, ConfigError
from sim.priors import PRIORS
from tests.helpers import REPO, rapport_in_process

RAPPORT = str(Path(sys.executable).with_name("rapport"))


def sweep_data(**top) -> dict:
    """A small grid of two efforts with a fast base (4 reps, 8 weeks)."""
    data = {
        "name": "worlds-test",
        "set": {"reps.count": 4, "simulation.weeks": 8, "customers.per_rep": 10},
        "sweep": {
            "method": "grid",
            "parameters": {"reps.effort_hours": [20, 45]},
            "replications": 2,
            "seed": 7,
        },
        "record": {"metrics": ["relational_performance"], "every": "final"},
    }
    data.update(top)
    return data


def write_posterior(path: Path, particles: dict[str, list], weights: list[float]) -> Path:
    pd.DataFrame({**particles, "weight": weights}).to_parquet(path, index=False)
    return path


# --- worlds: none is today's behaviour ------------------------------------------------------------


def test_worlds_none_is_the_config_written_before_worlds_existed():
    plain = validate_sweep(sweep_data())
    explicit = validate_sweep(sweep_data(worlds="none"))
    assert plain.resolved() == explicit.resolved()
    assert plain.config_hash() == explicit.config_hash()
    assert not set(WORLD_FIELDS) & set(plain.resolved())
    assert [r.key for r in iter_runs(plain, plan_sweep(plain))] == [
        r.key for r in iter_runs(explicit, plan_sweep(explicit))
    ]


def test_runs_stored_without_worlds_are_reused_by_none_and_by_the_nominal_world(tmp_path):
    out = tmp_path / "out"
    first = run_sweep(validate_sweep(sweep_data()), out, workers=1, quiet=True)
    assert first.done == 4 and "world" not in ResultStore(out).read_results()
    again = run_sweep(validate_sweep(sweep_data(worlds="none")), out, workers=1, quiet=True)
    assert (again.skipped, again.done) == (4, 0)
    worlds = validate_sweep(sweep_data(worlds="prior", worlds_count=3, worlds_replications=1))
    grown = run_sweep(worlds, out, workers=1, quiet=True)
    # The four runs at the scenario's own values are those on disk; only the worlds' execute.
    assert (grown.skipped, grown.done, grown.total) == (4, 6, 10)


def test_an_interrupted_worlds_sweep_resumes_where_it_stopped(tmp_path):
    out = tmp_path / "out"
    sweep = validate_sweep(sweep_data(worlds="prior", worlds_count=4, worlds_replications=1))
    total = run_sweep(sweep, out, workers=1, quiet=True).done
    parts = sorted((out / "results").glob("part-*.parquet"))
    results = ResultStore(out).read_results()
    keep = results[results["world"] <= 1]
    for part in parts:
        part.unlink()
    ResultStore(out).append_results({c: keep[c].tolist() for c in keep.columns})
    resumed = run_sweep(sweep, out, workers=1, quiet=True)
    assert resumed.skipped == keep["run_key"].nunique() and resumed.done == total - resumed.skipped
    assert ResultStore(out).read_results()["run_key"].nunique() == total


# --- drawing worlds -------------------------------------------------------------------------------


def test_prior_worlds_stay_inside_the_priors_and_are_reproducible_by_seed():
    names = world_parameters(())
    a, b, c = prior_worlds(names, 64, 1), prior_worlds(names, 64, 1), prior_worlds(names, 64, 2)
    pd.testing.assert_frame_equal(a, b)
    assert not np.allclose(a.to_numpy(float), c.to_numpy(float))
    for name in names:
        prior = PRIORS[name]
        assert a[name].between(prior.low, prior.high).all(), name
        if PARAMS[name].type == "int":
            assert (a[name] == a[name].round()).all()


def test_prior_worlds_fill_each_stratum_of_every_prior_once():
    worlds = prior_worlds(world_parameters(()), 32, 3)
    for name, prior in PRIORS.items():
        if PARAMS[name].type == "int":
            continue
        x = worlds[name].to_numpy()
        if prior.distribution == "loguniform":
            u = np.log(x / prior.low) / np.log(prior.high / prior.low)
        else:
            u = (x - prior.low) / (prior.high - prior.low)
        assert sorted(np.minimum((u * 32).astype(int), 31)) == list(range(32)), name


def test_more_worlds_keep_the_worlds_already_drawn(tmp_path):
    names = world_parameters(())
    pd.testing.assert_frame_equal(prior_worlds(names, 5, 9), prior_worlds(names, 32, 9).iloc[:5])
    path = write_posterior(tmp_path / "p.parquet", {"customers.need": [0.2, 0.3]}, [0.3, 0.7])
    particles = read_posterior(path)
    pd.testing.assert_frame_equal(
        posterior_worlds(particles, 5, 9, ()), posterior_worlds(particles, 40, 9, ()).iloc[:5]
    )
    out = tmp_path / "out"
    few = validate_sweep(sweep_data(worlds="prior", worlds_count=2, worlds_replications=1))
    run_sweep(few, out, workers=1, quiet=True)
    more = validate_sweep(sweep_data(worlds="prior", worlds_count=3, worlds_replications=1))
    grown = run_sweep(more, out, workers=1, quiet=True)
    assert (grown.skipped, grown.done) == (2 * (2 + 2), 2)  # 2 points: 2 replications + 2 worlds


def test_what_the_study_states_is_never_drawn():
    sweep = validate_sweep(
        sweep_data(
            worlds="prior",
            worlds_count=2,
            set={"reps.count": 4, "simulation.weeks": 8, "customers.tolerance": 2.5},
            sweep={"parameters": {"customers.need": [0.2, 0.3]}, "replications": 1},
        )
    )
    assert {"customers.tolerance", "customers.need"}.isdisjoint(sweep.worlds.columns)
    base = load_study("effort_sweet_spot", worlds="prior", worlds_count=2)
    assert "customers.per_rep" not in base.worlds.columns  # named in its base scenario
    assert len(base.worlds.columns) == len(PRIORS) - 1


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_posterior_resampling_follows_the_weights(tmp_path, seed):
    weights = [0.1, 0.2, 0.3, 0.4]
    path = write_posterior(
        tmp_path / "posterior.parquet", {"customers.tolerance": [1.3, 1.6, 2.0, 2.6]}, weights
    )
    draws = posterior_worlds(read_posterior(path), 4000, seed, ())
    counts = draws["customers.tolerance"].value_counts().reindex([1.3, 1.6, 2.0, 2.6]).to_numpy()
    # Multinomial: a chi-square test at 0.1 % would reject a correct sampler once in 1,000.
    assert stats.chisquare(counts, np.array(weights) * 4000).pvalue > 0.001
    assert np.allclose(counts / 4000, weights, atol=0.03)


def test_a_posterior_sweep_runs_the_particles_and_keeps_the_study_s_axes(
    tmp_path, monkeypatch, capsys
):
    path = write_posterior(
        tmp_path / "posterior.parquet",
        {"customers.tolerance": [1.4, 2.8], "reps.effort_hours": [70.0, 70.0]},
        [0.5, 0.5],
    )
    config = tmp_path / "sweep.yaml"
    config.write_text(
        yaml.safe_dump(
            sweep_data(
                worlds="posterior", worlds_count=6, worlds_replications=1, posterior=path.name
            )
        )
    )
    done = rapport_in_process(
        monkeypatch, capsys, "sweep", config, "--out", tmp_path / "out", "--workers", "1"
    )
    assert done.returncode == 0, done.stderr
    store = ResultStore(tmp_path / "out")
    worlds = store.read_worlds()
    assert list(worlds.columns) == ["customers.tolerance"]  # effort is the sweep's axis
    assert set(worlds["customers.tolerance"]) <= {1.4, 2.8}
    results = store.read_results()
    assert set(results["reps.effort_hours"]) == {20, 45}
    assert set(results["world"]) == {NOMINAL, *range(6)}
    assert "Plausible worlds" in (tmp_path / "out" / "report.html").read_text()


# --- common random numbers ------------------------------------------------------------------------


def test_the_arms_of_a_world_share_their_seeds_and_worlds_do_not(tmp_path):
    sweep = validate_sweep(sweep_data(worlds="prior", worlds_count=3, worlds_replications=2))
    run_sweep(sweep, tmp_path, workers=1, quiet=True)
    results = ResultStore(tmp_path).read_results()
    drawn = results[results["world"] != NOMINAL]
    seeds = drawn.pivot_table(
        index=["world", "replication"], columns="reps.effort_hours", values="seed"
    )
    assert (seeds[20] == seeds[45]).all() and seeds[20].nunique() == len(seeds) == 6
    nominal = results[results["world"] == NOMINAL]
    assert nominal["seed"].nunique() == len(nominal)  # as without worlds: one seed per point


# --- the analysis ---------------------------------------------------------------------------------


def in_hours(value: float, lang: str) -> str:
    return f"{value:g} h"


def test_the_median_of_an_even_number_of_worlds_is_the_midpoint_of_the_middle_two():
    worlds = pd.DataFrame({"customers.tolerance": [1.2, 2.4]})
    result = spread(pd.Series([25.0, 57.5]), worlds)
    assert result.median == 41.25 and (result.low, result.high) == (25.0, 57.5)
    sentence = worlds_sentence("the sweet spot", result, (30.0, 35.0), in_hours, "prior")
    assert "(median 41.25 h)" in sentence and "30 h to 35 h (95 % CI" in sentence
    odd = spread(pd.Series([25.0, 57.5, 30.0]), pd.DataFrame({"customers.tolerance": [1, 2, 3]}))
    assert odd.median == 30.0


@pytest.mark.parametrize("count", [3, 4])
def test_every_driver_that_passes_the_test_is_named(count):
    """Four drivers passed Holm, the sentence named the strongest three and left the fourth out,
    though the answer's assumptions say a driver is named when it passes."""
    names = ["customers.need", "customers.tolerance", "dynamics.decay", "dynamics.wear_fade"]
    drivers = [Driver(n, 0.4 - 0.02 * i, 0.01) for i, n in enumerate(names[:count])]
    result = Spread(worlds=40, low=20.0, high=40.0, median=30.0, drivers=drivers)
    sentence = worlds_sentence("the sweet spot", result, (30.0, 35.0), in_hours, "prior")
    for name in names[:count]:
        assert f"({name})" in sentence, sentence
    assert ("also significant" in sentence) == (count > 3)
    german = worlds_sentence("der Sweet Spot", result, (30.0, 35.0), in_hours, "prior", lang="de")
    assert ("ebenfalls signifikant" in german) == (count > 3)


# --- the study's answer ---------------------------------------------------------------------------


def rapport(*args, cwd=REPO) -> subprocess.CompletedProcess:
    return subprocess.run([RAPPORT, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def test_the_study_prints_and_shows_both_intervals(tmp_path):
    out = tmp_path / "study"
    done = rapport(
        "study", "effort_sweet_spot", "--out", str(out), "--worlds", "prior",
        "--worlds-count", "4", "--replications", str(MIN_RESAMPLED), "--workers", "2",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads((out / "answer.json").read_text())
    spread = data["numbers"]["worlds"]
    low, high = spread["model_uncertainty_90"]
    noise_low, noise_high = spread["monte_carlo_95"]
    assert spread["worlds"] == 4
    assert (noise_low, noise_high) == tuple(data["numbers"]["sweet_spot_ci"])
    by_world = spread["answer_by_world"]
    assert low == min(by_world.values()) and high == max(by_world.values())  # 4 worlds: ends
    assert "plausible worlds" in done.stdout and "Monte Carlo noise alone" in done.stdout
    assert f"{high:g} h" in done.stdout and f"{noise_high:g} h" in done.stdout
    page = (out / "study.html").read_text()
    assert "How sure is this?" in page and "Model uncertainty" in page
    # the table writes the interval's ends as the sentence does (it wrote 4 digits, no unit)
    assert f"<td>{high:g} h</td>" in page and f"<td>{noise_high:g} h</td>" in page
    assert "Monte Carlo noise" in page and "plausiblen Welten" not in page  # the page's language
    assert "plausiblen Welten" in data["model_uncertainty"]["de"]  # the JSON holds both
    # the worlds' replications counted in words ("replication(s)" said nothing the number did not)
    replications = load_study("effort_sweet_spot").file.worlds_replications
    said = f"each with {replications} replication{'s' if replications > 1 else ''} per setting"
    assert any(said in line for line in data["assumptions"]), data["assumptions"]
    german = rapport(
        "study", "effort_sweet_spot", "--out", str(out), "--worlds", "prior",
        "--worlds-count", "4", "--replications", str(MIN_RESAMPLED), "--workers", "2",
        "--lang", "de",
    )  # fmt: skip
    assert german.returncode == 0, german.stderr
    page = (out / "study.html").read_text()
    assert "Wie sicher ist das?" in page and "plausiblen Welten" in page
    assert "Monte Carlo noise" not in page
    results = ResultStore(out).read_results()
    final = results[results["world"] == 0]
    best = final.groupby("reps.effort_hours")["relational_performance"].mean().idxmax()
    assert by_world["0"] == best


def test_a_study_whose_worlds_lack_an_answer_counts_the_worlds_drawn_and_those_answered(tmp_path):
    """Where some worlds give no answer (the leading indicator: no harmful effort, or revenue
    never falls behind), the sentence says over how many of the worlds drawn its range is, and
    the assumptions count every world drawn: the answer once said "over 25 plausible worlds"
    and "25 worlds drawn" beside "in 7 of 32 worlds there is no answer"."""
    out = tmp_path / "study"
    done = rapport(
        "study", "leading_indicator", "--out", str(out), "--worlds", "prior",
        "--worlds-count", "4", "--replications", "2",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads((out / "answer.json").read_text())
    missing = data["numbers"]["worlds"]["worlds_without_answer"]
    answered = data["numbers"]["worlds"]["worlds"]
    assert missing >= 1 and answered + missing == 4  # what these seeds give
    assert f"Over {answered} of 4 plausible worlds" in data["model_uncertainty"]["en"]
    assert f"In {answered} von 4 plausiblen Welten" in data["model_uncertainty"]["de"]
    assert f"Over {answered} of 4 plausible worlds" in done.stdout
    said = " ".join(data["assumptions"])
    assert "Model uncertainty: 4 worlds drawn" in said
    assert f"In {missing} of 4 worlds there is no answer" in said
    assert f"the range is over the other {answered}" in said


def test_the_study_without_worlds_says_nothing_about_them(tmp_path, monkeypatch, capsys):
    out = tmp_path / "study"
    done = rapport_in_process(
        monkeypatch, capsys, "study", "effort_sweet_spot", "--out", str(out), "--worlds", "none",
        "--replications", "2", "--workers", "1",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "plausible worlds" not in done.stdout
    assert "worlds" not in json.loads((out / "answer.json").read_text())["numbers"]


# --- bad input ------------------------------------------------------------------------------------


BAD = [
    ({"worlds": "maybe"}, 'worlds: "maybe" is not one of', "'none', 'prior' or 'posterior'"),
    ({"worlds": "prior", "worlds_count": 1}, "worlds_count: 1 is below the minimum 2", ""),
    ({"worlds": "prior", "worlds_count": "many"}, "worlds_count", "whole number"),
    ({"worlds": "prior", "worlds_replications": 0}, "worlds_replications: 0", "minimum 1"),
    ({"worlds_count": 8}, "worlds_count: applies only to worlds: prior or posterior", ""),
    ({"worlds": "prior", "posterior": "p.parquet"}, "posterior: applies only", ""),
    (
        {"worlds": "posterior", "posterior": "nowhere.parquet"},
        "nowhere.parquet: not found",
        CALIBRATE,
    ),
    ({"worlds": "prior", "worlds_count": 100_000, "worlds_replications": 100}, "sweep:", "runs"),
]


@pytest.mark.parametrize(("top", "where", "what"), BAD, ids=[str(b[0]) for b in BAD])
def test_a_bad_world_setting_is_one_line_naming_it_with_exit_code_2(
    tmp_path, monkeypatch, capsys, top, where, what
):
    config = tmp_path / "bad.yaml"
    config.write_text(yaml.safe_dump(sweep_data(**top)))
    done = rapport_in_process(monkeypatch, capsys, "sweep", config, "--out", tmp_path / "out")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert where in done.stderr and what in done.stderr, done.stderr
    assert not (tmp_path / "out").exists()


POSTERIORS = [
    ({"customers.tolerance": [1.5, 2.0]}, [0.5, 0.2], "sum to 0.7"),
    ({"customers.tolerance": [1.5, 2.0]}, [1.2, -0.2], "negative"),
    ({"customers.tolerence": [1.5, 2.0]}, [0.5, 0.5], "'customers.tolerence' is not a number"),
    ({"customers.tolerance": [1.5, 0.5]}, [0.5, 0.5], "0.5, outside the parameter's bounds"),
    ({"customers.tolerance": [1.5, math.nan]}, [0.5, 0.5], "NaN"),
    ({"customers.tolerance": [1.5, 2.0]}, None, "no column 'weight'"),
]


@pytest.mark.parametrize(("particles", "weights", "what"), POSTERIORS, ids=lambda v: str(v))
def test_a_bad_posterior_file_is_refused_with_its_reason(tmp_path, particles, weights, what):
    path = tmp_path / "posterior.parquet"
    frame = pd.DataFrame(particles)
    if weights is not None:
        frame["weight"] = weights
    frame.to_parquet(path, index=False)
    with pytest.raises(ConfigError, match="posterior: ") as caught:
        draw_worlds("posterior", 4, 1, (), str(path))
    assert what in str(caught.value) and "\n" not in str(caught.value)


def test_a_posterior_file_names_the_model_version_it_was_fitted_under(tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    from experiments.worlds import posterior_model_version

    table = pa.table({"dynamics.erosion": [0.1], "weight": [1.0]})
    pq.write_table(table, tmp_path / "bare.parquet")
    assert posterior_model_version(tmp_path / "bare.parquet") is None  # made before it was kept
    marked = table.replace_schema_metadata({b"rapport": b'{"model_version": "0123abcd"}'})
    pq.write_table(marked, tmp_path / "marked.parquet")
    assert posterior_model_version(tmp_path / "marked.parquet") == "0123abcd"


@pytest.mark.parametrize("writes_out", [True, False])
def test_the_answer_names_what_its_worlds_hold_and_counts_those_that_go_the_other_way(
    tmp_path, writes_out
):
    """An audit found the default team's range over worlds changed with whether the team file
    wrote out a default value (40 customers per rep): a value written out is known and held,
    but the page never said so. And the pressure study said "yes" while a third of its worlds
    went the other way. The answer now names what its worlds hold and counts the worlds whose
    difference has the other sign than the Monte Carlo interval at the scenario's values."""
    team = tmp_path / "team.yaml"
    team.write_text(
        "reps: {perception: 0.5}\n" + ("customers: {per_rep: 40}\n" if writes_out else "")
    )
    out = tmp_path / "study"
    done = rapport(
        "study", "pressure", "--scenario", str(team), "--out", str(out),
        "--worlds-count", "16", "--replications", "2", "--workers", "2",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    data = json.loads((out / "answer.json").read_text())
    worlds = data["numbers"]["worlds"]
    said = " ".join(data["assumptions"])
    assert worlds["held"] == (["customers.per_rep"] if writes_out else [])
    assert ("Customers per rep (customers.per_rep)" in said) == writes_out, said
    drawn = pd.read_parquet(out / "worlds.parquet")  # the worlds' values, one row each
    assert ("customers.per_rep" in drawn.columns) != writes_out  # drawn only where not held
    low, high = data["numbers"]["low_ei"]["ci"]
    direction = np.sign(low) if np.sign(low) == np.sign(high) else 0
    assert direction != 0  # the pressure study's difference at these settings has a direction
    by_world = np.array([v for v in worlds["answer_by_world"].values() if v is not None])
    opposite = int((np.sign(by_world) == -direction).sum())
    assert worlds["opposite_sign"] == opposite > 0  # these seeds give some: the sentence is said
    for lang, words in (("en", f"In {opposite} of 16 worlds"), ("de", f"In {opposite} von 16")):
        assert (words in data["model_uncertainty"][lang]) == (opposite > 0), lang
