"""Sweep files: validated in full before anything runs; plans are reproducible and stable."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import yaml

from experiments.config import clip, load_sweep, sweep_json_schema, validate_sweep
from experiments.plan import (
    canonical,
    count_points,
    design_points,
    inert_axes,
    iter_runs,
    run_key,
)
from experiments.runner import recorded_weeks
from experiments.store import ResultStore
from experiments.sweep import plan_sweep
from experiments.worlds import NOMINAL, resolve_posterior
from sim import MODEL_VERSION
from sim.params import ConfigError
from sim.scenarios import load_scenario, parse_yaml
from tests.helpers import REPO, rapport_in_process

SWEEPS = sorted((REPO / "configs" / "sweeps").glob("*.yaml"))
RAPPORT = str(Path(sys.executable).with_name("rapport"))


def sweep_of(**changes):
    data = {
        "name": "t",
        "set": {"reps.count": 3, "simulation.weeks": 5},
        "sweep": {
            "method": "grid",
            "parameters": {"reps.effort_hours": [10, 30], "reps.perception": [0.1, 0.9]},
            "replications": 2,
        },
    }
    for path, value in changes.items():
        node = data
        *parents, leaf = path.split("/")
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return data


@pytest.mark.parametrize("path", SWEEPS, ids=lambda p: p.stem)
def test_every_shipped_sweep_validates_and_plans(path):
    sweep = load_sweep(path)
    points = plan_sweep(sweep)
    assert len(points) == count_points(sweep) > 0


def test_the_shipped_sweeps_cover_the_promised_studies():
    methods = {load_sweep(p).file.sweep.method for p in SWEEPS}
    names = {p.stem for p in SWEEPS}
    assert {"effort_by_empathy", "coaching", "hiring", "sensitivity_sobol"} <= names
    assert {"grid", "sobol"} <= methods


@pytest.mark.parametrize(
    "changes, message",
    [
        (
            {"sweep/parameters/reps.effort_hours": {"start": 5, "stop": 90, "num": 3}},
            "sweep.parameters.reps.effort_hours.stop: 90 is above the maximum 80",
        ),
        (
            {"sweep/parameters/reps.efort_hours": [1, 2]},
            "sweep.parameters.reps.efort_hours: unknown parameter "
            "(did you mean 'reps.effort_hours'?)",
        ),
        (
            {"sweep/parameters/reps.perception": []},
            "sweep.parameters.reps.perception: [] has too few items; give at least 1",
        ),
        ({"sweep/parameters": {}}, "sweep.parameters: empty"),
        (
            {"sweep/parameters/reps.perception": [0.1, 1.5]},
            "sweep.parameters.reps.perception[1]: 1.5 is above the maximum 1",
        ),
        (
            {"sweep/parameters/reps.count": [2, 2.5]},
            "sweep.parameters.reps.count[1]: 2.5 is not a whole number",
        ),
        (
            {"sweep/parameters/reps.effort_hours": {"min": 5, "max": 60}},
            "a distribution (min/max) needs a sampling method",
        ),
        (
            {
                "sweep/method": "sobol",
                "sweep/samples": 8,
                "sweep/parameters/reps.perception": [0.5],
            },
            "sweep.parameters.reps.perception: a sobol design needs a range to vary",
        ),
        ({"sweep/method": "lhs"}, "sweep.samples: method lhs needs a number of samples"),
        (
            {"sweep/parameters/reps.effort_hours": {"start": 5, "stop": 60, "num": 1}},
            "reps.effort_hours.num: 1 value from 5 to 60 is the start alone",
        ),
        ({"sweep/samples": 10}, "sweep.samples: a grid takes every combination"),
        ({"sweep/method": "latin"}, "sweep.method"),
        (
            {"sweep/parameters/reps.regulation": {"link": "reps.empathy"}},
            "sweep.parameters.reps.regulation.link: 'reps.empathy' is not an axis of this sweep",
        ),
        ({"sweep/replications": 0}, "sweep.replications: 0 is below the minimum 1"),
        ({"record/metrics": ["relational_perf"]}, "unknown metric 'relational_perf' (did you mean"),
        ({"record/every": 0}, "record.every"),
        ({"record/every": "Final"}, "record.every: \"Final\" is not a whole number or 'final'"),
        (
            {"execution/workers": "many"},
            "execution.workers: \"many\" is not a whole number or 'auto'",
        ),
        ({"record/metrics": []}, "record.metrics: [] has too few items; give at least 1"),
        ({"sweeps": {}}, "sweeps: unknown key 'sweeps' (did you mean 'sweep'?)"),
        ({"set/reps.cuont": 3}, "set.reps.cuont: unknown parameter (did you mean 'reps.count'?)"),
        ({"set/reps.count": 0}, "set.reps.count: 0 is below the minimum 1"),
        (
            {"set/interventions": [{"week": 2, "effort_hours": 30}]},
            "set.interventions: a schedule of changes, not a parameter. Set it in the scenario "
            "file",
        ),
        (
            {"sweep/parameters/interventions": [[]]},
            "sweep.parameters.interventions: a schedule of changes, not a parameter",
        ),
        ({"base": "nope.yaml"}, "base: nope.yaml: file not found"),
        ({"execution/workers": 0}, "execution.workers"),
        (
            {"sweep/parameters/reps.effort_hours": {"start": 5, "stop": 60}},
            "needs exactly one of num or step",
        ),
        # A descending range is refused the same way with num as with step.
        (
            {"sweep/parameters/reps.effort_hours": {"start": 60, "stop": 5, "num": 4}},
            "sweep.parameters.reps.effort_hours: stop 5 is below start 60",
        ),
        (
            {"sweep/parameters/reps.effort_hours": {"start": 60, "stop": 5, "step": 5}},
            "sweep.parameters.reps.effort_hours: stop 5 is below start 60",
        ),
        (
            {"sweep/parameters/reps.effort_hours": [float("nan"), 20]},
            "sweep.parameters.reps.effort_hours[0]: NaN is not a finite number",
        ),
        (
            {"sweep/parameters/reps.effort_hours": {"start": 5, "stop": float("inf"), "num": 3}},
            "sweep.parameters.reps.effort_hours.stop: Infinity is not a finite number",
        ),
        (
            {
                "sweep/method": "random",
                "sweep/samples": 4,
                "sweep/parameters/reps.effort_hours": {
                    "distribution": "normal",
                    "mean": 30,
                    "sd": float("inf"),
                    "min": 5,
                    "max": 60,
                },
            },
            "sweep.parameters.reps.effort_hours.sd: Infinity must be a positive finite number",
        ),
        # A step so small that the count of values overflows is refused as too many values,
        # and a huge count is written short, not as a 300-digit number.
        (
            {"sweep/parameters/reps.effort_hours": {"start": 5, "stop": 60, "step": 5e-324}},
            "sweep.parameters.reps.effort_hours.step: 5e-324 from 5 to 60 makes about inf values",
        ),
        (
            {"sweep/parameters/reps.effort_hours": {"start": 5, "stop": 60, "step": 1e-300}},
            "effort_hours.step: 1e-300 from 5 to 60 makes about 5.5e+301 values",
        ),
        (
            {"sweep/parameters/channels.schedule": ["rate", "weekly"]},
            "sweep.parameters.channels.schedule[1]: \"weekly\" is not one of 'rate' or 'discrete'",
        ),
        (
            {"sweep/parameters/reps.effort_hours": ["30", "forty"]},
            'sweep.parameters.reps.effort_hours[1]: "forty" is not a number',
        ),
        ({"name": None}, "name: required, missing"),
        # A results folder's config.yaml spells out its base scenario and what its worlds draw.
        (
            {"scenario": {"reps": {"count": 3}}, "base": "configs/scenarios/default.yaml"},
            "scenario: a resolved config spells out its base scenario; give base or scenario",
        ),
        (
            {"scenario": {"customers": {"per_rep": 0}}},
            "scenario or set: customers.per_rep: 0 is below the minimum",
        ),
        (
            {"world_parameters": ["customers.need"]},
            "world_parameters: only a results folder's config.yaml has it",
        ),
        (
            {"scenario": {}, "world_parameters": ["customers.need"]},
            "world_parameters: applies only to worlds: prior or posterior",
        ),
        (
            {"scenario": {}, "run_columns": ["world"]},
            'run_columns: ["world"] is not what this sweep\'s runs add (nothing)',
        ),
        (
            {"sweep/replications": list(range(200_000))},
            "sweep.replications: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16",
        ),
        (
            {"sweep/method": "morris", "sweep/samples": 2, "sweep/levels": 5},
            "sweep.levels: 5 is odd",
        ),
        (
            {
                "sweep/method": "sobol",
                "sweep/samples": 12,
                "sweep/parameters/reps.effort_hours": {"min": 5, "max": 60},
            },
            "sweep.samples: 12 is not a power of 2, which a sobol design needs (e.g. 16)",
        ),
    ],
)
def test_bad_sweep_files_are_refused_with_the_path_in_the_file(changes, message):
    with pytest.raises(ConfigError) as info:
        validate_sweep(sweep_of(**changes))
    assert message in str(info.value)
    assert "\n" not in str(info.value)
    assert len(str(info.value)) <= 300  # a line, whatever the size of the bad value


@pytest.mark.parametrize(
    "changes, where",
    [
        ({"sweep/parameters/simulation.seed": [1, 2]}, "sweep.parameters.simulation.seed"),
        ({"set/simulation.seed": 5}, "set.simulation.seed"),
    ],
)
def test_a_scenario_seed_in_a_sweep_is_refused_since_runs_derive_theirs(changes, where):
    """Swept or set, it was accepted and then replaced by each run's derived seed, and the
    results' column named seeds no run had."""
    with pytest.raises(ConfigError, match=rf"^{where}: a sweep gives each run its own seed"):
        validate_sweep(sweep_of(**changes))


def test_a_base_scenarios_own_seed_is_named_as_unused(tmp_path):
    """A scenario file with a seed is a fine base (``rapport study --scenario``), but the
    sweep says before it runs that its seed is not used."""
    (tmp_path / "mine.yaml").write_text("simulation:\n  seed: 7\n")
    sweep = validate_sweep(sweep_of(base="mine.yaml"), source=tmp_path / "s.yaml")
    points = plan_sweep(sweep)
    assert inert_axes(sweep, points) == [
        "base: simulation.seed = 7 is not used: a sweep gives each run its own seed, derived "
        "from sweep.seed; set sweep.seed (and sweep.replications for more seeds per point) instead"
    ]
    assert {task.seed for task in iter_runs(sweep, points)}.isdisjoint({7})
    default = validate_sweep(sweep_of())
    assert inert_axes(default, plan_sweep(default)) == []


@pytest.mark.parametrize(
    "traits, inert",
    [
        ({"effort_hours": 60, "perception": 0.1}, ["reps.effort_hours", "reps.perception"]),
        ({"effort_hours": 60}, ["reps.effort_hours"]),
        ({}, []),  # the profiles take the team's traits: both axes act
    ],
)
def test_a_swept_team_trait_that_every_profile_sets_is_named_as_acting_nowhere(
    tmp_path, traits, inert
):
    """Sweeping reps.effort_hours over a team whose profiles each set their own effort ran the
    same team at every point, and neither the dry run nor the sweep said so."""
    profiles = [{"name": name, "share": 0.5, **traits} for name in ("a", "b")]
    (tmp_path / "team.yaml").write_text(yaml.safe_dump({"reps": {"profiles": profiles}}))
    sweep = validate_sweep(sweep_of(base="team.yaml"), source=tmp_path / "s.yaml")
    assert inert_axes(sweep, plan_sweep(sweep)) == [
        f"sweep.parameters: {name} has no effect at any point of the design; it acts only when "
        f"a profile leaves out {trait} (every profile sets its own: a {value:g}, b {value:g})"
        for name in inert
        for trait, value in [(name.split(".")[1], traits[name.split(".")[1]])]
    ]


def test_a_bad_distribution_prints_one_line_and_no_warnings(tmp_path):
    config = tmp_path / "sd.yaml"
    config.write_text(
        "name: sd\nsweep:\n  method: random\n  samples: 4\n  parameters:\n"
        "    reps.effort_hours: {distribution: normal, mean: 30, sd: .inf, min: 5, max: 60}\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [RAPPORT, "sweep", str(config), "--dry-run"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"rapport: error: {config}: sweep.parameters.reps.effort_hours.sd: "
        "Infinity must be a positive finite number"
    ]


def test_numbers_in_quotes_are_read_as_numbers_on_axes_as_in_set():
    """README promises that validation reads a quoted number as the number: in ``set`` it did,
    on an axis it was refused as "not a number"."""
    quoted = validate_sweep(
        sweep_of(
            **{
                "sweep/parameters/reps.effort_hours": {"start": "10", "stop": "30", "step": "10"},
                "sweep/parameters/reps.count": ["3", 4],
                "sweep/parameters/reps.perception": None,
            }
        )
    )
    plain = validate_sweep(
        sweep_of(
            **{
                "sweep/parameters/reps.effort_hours": {"start": 10, "stop": 30, "step": 10},
                "sweep/parameters/reps.count": [3, 4],
                "sweep/parameters/reps.perception": None,
            }
        )
    )
    assert quoted.axes == plain.axes
    assert [a.values for a in quoted.axes] == [(10.0, 20.0, 30.0), (3, 4)]


def test_a_text_valued_axis_is_a_choice_in_the_schema_and_in_validation():
    from jsonschema import Draft202012Validator

    checker = Draft202012Validator(sweep_json_schema())
    for axis, verdict in [("discrete", True), (["rate", "discrete"], True), (["weekly"], False)]:
        data = sweep_of(**{"sweep/parameters/channels.schedule": axis})
        try:
            validate_sweep(data)
            accepted = True
        except ConfigError:
            accepted = False
        assert accepted is verdict and checker.is_valid(data) is verdict, axis


def test_ranges_by_num_and_by_step_and_linked_axes():
    sweep = validate_sweep(
        sweep_of(
            **{
                "sweep/parameters": {
                    "reps.effort_hours": {"start": 5, "stop": 60, "num": 12},
                    "reps.count": {"start": 2, "stop": 8, "step": 3},
                    "reps.perception": [0.1, 0.9],
                    "reps.regulation": {"link": "reps.perception"},
                },
            }
        )
    )
    points = design_points(sweep)
    efforts = sorted({p.values["reps.effort_hours"] for p in points})
    assert efforts == [5.0 * k for k in range(1, 13)]
    assert sorted({p.values["reps.count"] for p in points}) == [2, 5, 8]
    assert all(p.values["reps.regulation"] == p.values["reps.perception"] for p in points)
    assert len(points) == 12 * 3 * 2


def test_seeds_do_not_change_when_points_or_replications_are_added():
    small = validate_sweep(sweep_of())
    large = validate_sweep(
        sweep_of(
            **{
                "sweep/parameters/reps.effort_hours": [10, 20, 30, 40],
                "sweep/replications": 5,
            }
        )
    )
    before = {
        (r.values["reps.effort_hours"], r.values["reps.perception"], r.replication): (r.seed, r.key)
        for r in iter_runs(small, design_points(small))
    }
    after = {
        (r.values["reps.effort_hours"], r.values["reps.perception"], r.replication): (r.seed, r.key)
        for r in iter_runs(large, design_points(large))
    }
    assert before.items() <= after.items()
    seeds = [seed for seed, _ in after.values()]
    assert len(set(seeds)) == len(seeds)


@pytest.mark.parametrize("worlds", [{}, {"worlds": "prior", "worlds_count": 2}])
def test_run_keys_are_the_hash_of_the_whole_identity_so_stored_runs_stay_found(worlds):
    """Keys are built from parts (the scenario serialised once per sweep); they must stay the
    hash of the whole identity's canonical text, or a resumed sweep would rerun every run."""
    sweep = validate_sweep({**sweep_of(), **worlds})
    runs = list(iter_runs(sweep, design_points(sweep)))
    assert len({r.world for r in runs}) == (3 if worlds else 1)
    for r in runs:
        scenario = sweep.base.model_dump(mode="json")
        del scenario["simulation"]["seed"]  # no run uses it: each has its own seed
        record = sweep.file.record.model_dump(mode="json")
        record["metrics"] = sorted(record["metrics"])  # a set: its order stores nothing
        identity = {
            "scenario": scenario,
            "values": r.values,
            "seed": r.seed,
            "record": record,
            "model_version": MODEL_VERSION,
        }
        if r.world is not None and r.world != NOMINAL:
            identity["world"] = {"index": r.world, "values": r.world_values}
        expected = hashlib.sha256(canonical(identity).encode()).hexdigest()[:24]
        assert r.key == expected == run_key(sweep, r.values, r.seed, r.world, r.world_values)


@pytest.mark.parametrize(
    "worlds",
    [{}, {"worlds": "prior", "worlds_count": 3}, {"worlds": "posterior", "worlds_count": 3}],
    ids=["without worlds", "prior worlds", "posterior worlds"],
)
def test_a_results_folders_config_plans_the_very_runs_of_the_file_that_wrote_it(worlds):
    """``config.yaml`` (``Sweep.resolved``, as YAML text, as the store writes it) is a sweep
    file: run again, it plans the same runs with the same seeds and keys, and resumes its folder
    (same config hash). Its worlds draw what the original's drew, though its scenario spells
    out every value, the base file's too (customers.per_rep, which has a prior)."""
    base = str(REPO / "configs" / "scenarios" / "default.yaml")
    sweep = validate_sweep({**sweep_of(base=base), **worlds})
    resolved = parse_yaml(yaml.safe_dump(sweep.resolved(), sort_keys=False))
    again = validate_sweep(resolved)
    assert again.config_hash() == sweep.config_hash()
    assert again.resolved() == sweep.resolved()
    before = [(r.key, r.seed, r.world) for r in iter_runs(sweep, design_points(sweep))]
    after = [(r.key, r.seed, r.world) for r in iter_runs(again, design_points(again))]
    assert after == before and len(before) == 4 * (2 + 3 * 2 * bool(worlds))  # points x runs
    if worlds:
        assert "customers.per_rep" not in again.worlds.columns
        assert again.worlds.equals(sweep.worlds)


def test_a_different_root_seed_gives_different_run_seeds():
    a = validate_sweep(sweep_of())
    b = validate_sweep(sweep_of(**{"sweep/seed": 7}))
    seeds_a = [r.seed for r in iter_runs(a, design_points(a))]
    seeds_b = [r.seed for r in iter_runs(b, design_points(b))]
    assert not set(seeds_a) & set(seeds_b)


def sampling(method, samples, **parameters):
    return validate_sweep(
        sweep_of(
            **{
                "sweep/method": method,
                "sweep/samples": samples,
                "sweep/parameters": parameters,
            }
        )
    )


def test_latin_hypercube_puts_one_sample_in_each_stratum_of_each_axis():
    sweep = sampling(
        "lhs",
        20,
        **{"reps.effort_hours": {"min": 5, "max": 65}, "reps.perception": {"min": 0, "max": 1}},
    )
    points = design_points(sweep)
    effort = np.array([p.values["reps.effort_hours"] for p in points])
    assert sorted(((effort - 5) // 3).astype(int)) == list(range(20))
    assert all(0 <= p.values["reps.perception"] <= 1 for p in points)


def test_distributions_respect_their_bounds_and_shape():
    sweep = sampling(
        "random",
        400,
        **{
            "customers.need": {
                "distribution": "normal",
                "mean": 0.25,
                "sd": 0.05,
                "min": 0.2,
                "max": 0.5,
            },
            "dynamics.hours_per_contact": {"distribution": "loguniform", "min": 1, "max": 4},
            "reps.count": {"min": 2, "max": 6},
        },
    )
    points = design_points(sweep)
    need = np.array([p.values["customers.need"] for p in points])
    hours = np.array([p.values["dynamics.hours_per_contact"] for p in points])
    counts = {p.values["reps.count"] for p in points}
    assert need.min() >= 0.2 and need.max() <= 0.5 and abs(np.median(need) - 0.26) < 0.02
    assert 1 <= hours.min() and hours.max() <= 4 and abs(np.median(hours) - 2.0) < 0.25
    assert counts <= {2, 3, 4, 5, 6} and all(isinstance(c, int) for c in counts)


@pytest.mark.parametrize("method, expected", [("sobol", 8 * (2 + 2)), ("morris", 8 * (2 + 1))])
def test_sobol_and_morris_designs_have_their_textbook_sizes(method, expected):
    sweep = sampling(
        method,
        8,
        **{"reps.effort_hours": {"min": 5, "max": 60}, "reps.perception": {"min": 0, "max": 1}},
    )
    points = design_points(sweep)
    assert len(points) == expected == count_points(sweep)
    assert all(len(p.unit) == 2 for p in points)


def test_the_design_is_the_same_every_time():
    sweep = sampling("lhs", 10, **{"reps.effort_hours": {"min": 5, "max": 60}})
    assert design_points(sweep) == design_points(sweep)


def test_sweep_schema_is_json_schema_naming_parameters():
    schema = sweep_json_schema()
    json.dumps(schema)
    names = schema["$defs"]["SweepSpec"]["properties"]["parameters"]["properties"]
    assert "reps.effort_hours" in names and "reps.profiles" not in names


def rapport(*args, cwd=REPO):
    return subprocess.run([RAPPORT, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_a_missing_base_names_where_it_was_looked_for(tmp_path):
    """ "base: ../scenarios/nothere.yaml: file not found" did not say that a relative base is
    read beside the sweep file, not from the working directory."""
    folder = tmp_path / "sweeps"
    folder.mkdir()
    path = folder / "s.yaml"
    path.write_text(yaml.safe_dump({**sweep_of(), "base": "../scenarios/nothere.yaml"}))
    with pytest.raises(ConfigError) as info:
        load_sweep(path)
    beside = (folder / "../scenarios/nothere.yaml").absolute()
    assert f"base: ../scenarios/nothere.yaml: file not found (looked for {beside}; " in str(
        info.value
    )


def test_a_folder_given_for_a_file_is_named_a_folder_not_a_missing_file(tmp_path):
    """A folder as a sweep's base, its posterior or its stored config.yaml was reported as a
    file not found (or "missing"), which sent the user looking for a file that is there."""
    (tmp_path / "scenarios").mkdir()
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({**sweep_of(), "base": "scenarios"}))
    with pytest.raises(ConfigError) as info:
        load_sweep(path)
    folder = tmp_path / "scenarios"
    assert str(info.value) == f"{path}: base: scenarios: a folder, not a file ({folder})"
    with pytest.raises(ConfigError) as info:
        resolve_posterior(str(folder))
    assert str(info.value) == f"posterior: {folder}: a folder, not a file ({folder})"
    (tmp_path / "out" / "config.yaml").mkdir(parents=True)
    with pytest.raises(ConfigError) as info:
        ResultStore(tmp_path / "out").read_config()
    assert str(info.value) == f"{tmp_path / 'out' / 'config.yaml'}: a folder, not a file"
    with pytest.raises(ConfigError) as info:
        load_scenario(folder)
    assert str(info.value) == f"{folder}: a folder, not a file"


def test_a_base_file_that_is_not_yaml_is_named_alone_as_its_other_faults_are(tmp_path):
    """Unreadable YAML in a study's ``--scenario`` (a sweep's base) was said after the shipped
    study's path, as if that file were at fault; the base file's other faults name it alone."""
    base = tmp_path / "team.yaml"
    base.write_text("reps:\n  count: [\n", encoding="utf-8")
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({**sweep_of(), "base": "team.yaml"}))
    with pytest.raises(ConfigError) as info:
        load_sweep(path)
    assert str(info.value).startswith(f"{base}: malformed YAML at line 3, column 1: ")


def test_a_missing_base_beside_the_working_directory_is_looked_for_once(tmp_path, monkeypatch):
    """Run from the sweep file's folder, the two places a relative base is looked for are one:
    the message named the same path twice ("looked for X and X")."""
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({**sweep_of(), "base": "nothere.yaml"}))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError) as info:
        load_sweep("s.yaml")
    assert str(info.value).endswith(f"(looked for {tmp_path / 'nothere.yaml'})")


def test_a_bad_base_file_is_named_as_rapport_run_names_it_and_a_bad_set_as_the_set(
    tmp_path, monkeypatch, capsys
):
    """A misspelt key in a sweep's base file was reported as "SWEEP: base (FILE) or set: ...",
    which neither said which of the two was at fault nor read like ``rapport run``'s message
    for the same file; and the long message was cut in the middle of a word."""
    team = tmp_path / "team.yaml"
    team.write_text("reps: {efort_hours: 50}\n")
    path = tmp_path / "s.yaml"
    path.write_text(yaml.safe_dump({**sweep_of(), "base": "team.yaml"}))
    ran = rapport_in_process(monkeypatch, capsys, "run", team, "--check")
    swept = rapport_in_process(monkeypatch, capsys, "sweep", path, "--dry-run")
    assert ran.returncode == swept.returncode == 2 and "Traceback" not in swept.stderr
    named = f"rapport: error: {team}: reps.efort_hours: unknown key 'efort_hours' (did you mean"
    assert ran.stderr.startswith(named) and swept.stderr.startswith(named)
    # one line cut to about 300 characters (rapport run's is whole): between words
    assert swept.stderr.rstrip().endswith(", forgetting, book_knowledge, profiles")
    # a valid base with a bad set: the set is named
    team.write_text("reps: {effort_hours: 50}\n")
    path.write_text(
        yaml.safe_dump({**sweep_of(**{"set/customers.per_rep": 0}), "base": "team.yaml"})
    )
    with pytest.raises(ConfigError) as info:
        load_sweep(path)
    assert str(info.value) == f"{path}: set.customers.per_rep: 0 is below the minimum 1"
    # a study on a team file names the team file, not the study's own file, in full words
    team.write_text("reps: {efort_hours: 50}\n")
    study = rapport_in_process(
        monkeypatch, capsys, "study", "effort_sweet_spot", "--scenario", team, "--worlds", "none"
    )
    assert study.returncode == 2 and study.stderr == swept.stderr


def test_a_misspelt_required_key_is_named_as_unknown_not_as_the_missing_one():
    """``sweeep:`` for ``sweep:`` was refused as "sweep: required, missing", which did not
    point at the line to fix."""
    data = sweep_of()
    data["sweeep"] = data.pop("sweep")
    with pytest.raises(ConfigError) as info:
        validate_sweep(data)
    assert str(info.value).startswith("sweeep: unknown key 'sweeep' (did you mean 'sweep'?)")


def test_a_long_message_is_cut_between_words():
    words = " ".join(f"word{i}" for i in range(200))
    cut = clip(f"where: {words}")
    assert len(cut) <= 300 and cut.startswith("where: word0 ") and " ... " in cut
    start, end = cut.split(" ... ")
    assert all(re.fullmatch(r"word\d+", w) for w in (start.split()[-1], end.split()[0]))
    assert cut.endswith("word199")


def test_the_cli_refuses_a_bad_sweep_with_one_line_and_exit_code_2(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        yaml.safe_dump(
            sweep_of(**{"sweep/parameters/reps.effort_hours": {"start": 5, "stop": 90, "num": 3}})
        )
    )
    done = rapport_in_process(monkeypatch, capsys, "sweep", bad, "--out", tmp_path / "out")
    assert done.returncode == 2
    assert done.stderr.strip() == (  # the file named, as in a YAML error
        f"rapport: error: {bad}: sweep.parameters.reps.effort_hours.stop: 90 is above the "
        "maximum 80"
    )
    assert not (tmp_path / "out").exists()


def test_dry_run_reports_the_plan_and_runs_nothing(tmp_path, monkeypatch, capsys):
    done = rapport_in_process(
        monkeypatch,
        capsys,
        "sweep",
        "configs/sweeps/effort_by_empathy.yaml",
        "--dry-run",
        "--out",
        str(tmp_path / "out"),
    )
    assert done.returncode == 0, done.stderr
    assert "36 design points x 10 replications = 360 runs" in done.stdout
    assert "Estimate: about" in done.stdout and "MB" in done.stdout
    # the probe is one group of runs as the sweep sends it (batched), not one single run
    assert "a probe of 32 run(s) of the first points, batched" in done.stdout
    # a process's first batch (loading the kernels) is timed apart: counted once, not per run
    estimate = re.search(
        r"about ([\d.]+) s of runs on (\d+) local worker.* took ([\d.]+) s per run after "
        r"([\d.]+) s of warming up",
        done.stdout,
    )
    assert estimate, done.stdout
    total, workers, per_run, warm_up = (float(v) for v in estimate.groups())
    assert total == pytest.approx(warm_up + 360 * per_run / workers, abs=0.15)  # as printed
    assert "0: reps.effort_hours=5" in done.stdout
    assert not (tmp_path / "out").exists()


def test_a_dry_run_sizes_its_estimate_by_every_point_not_the_first(tmp_path, monkeypatch, capsys):
    """A grid over weeks [4, 520] was estimated from its first point: 40 rows for 2,104, and
    the time of 4-week runs for runs of 520 weeks (100× too low over reps.count)."""
    config = tmp_path / "sizes.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "name": "sizes",
                "set": {"reps.count": 3, "customers.per_rep": 5},
                "sweep": {
                    "method": "grid",
                    "parameters": {"simulation.weeks": [4, 40], "reps.effort_hours": [20, 40]},
                    "replications": 2,
                    "seed": 3,
                },
                "record": {"metrics": ["relational_performance"], "every": 1},
            }
        )
    )
    done = rapport_in_process(
        monkeypatch, capsys, "sweep", config, "--dry-run", "--out", tmp_path / "out"
    )
    assert done.returncode == 0, done.stderr
    rows = 2 * 2 * sum(len(recorded_weeks(weeks, 1)) for weeks in (4, 40))
    assert f"({rows:,} rows)" in done.stdout, done.stdout
    # the time: the probe's time per run, scaled by the design's mean customer-weeks over the
    # probe's (22 weeks a run on average; the probe runs the first points, of 4 weeks first)
    estimate = re.search(
        r"about ([\d.]+) s of runs on (\d+) local worker.* took ([\d.]+) s per run after "
        r"([\d.]+) s of warming up(?:, ([\d.]+)× the customer-weeks)?",
        done.stdout,
    )
    assert estimate, done.stdout
    total, workers, per_run, warm_up = (float(v) for v in estimate.groups()[:4])
    scale = float(estimate.group(5) or 1)
    # the probe's runs are of the first points: 4 weeks each, or some of 40 weeks too
    assert 1 - 0.05 <= scale <= 22 / 4 * 1.01, scale
    assert total == pytest.approx(warm_up + 8 * per_run * scale / workers, abs=0.15)


def test_a_dry_run_for_a_cluster_says_its_estimate_is_this_machine_s(tmp_path):
    """It read "on 2 local worker(s) (the Dask cluster's speed is not probed)" for a sweep that
    would run on a cluster: the estimate is now named as this machine's."""
    address = "tcp://127.0.0.1:9"  # nothing listens there: a dry run contacts no cluster
    done = rapport(
        "sweep", "configs/sweeps/coaching.yaml", "--dry-run", "--address", address,
        "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (
        f"local worker(s) of this machine (a dry run does not contact the Dask cluster at "
        f"{address}: on it the time depends on its workers)"
    ) in done.stdout
    assert not (tmp_path / "out").exists()


def test_a_dry_run_warns_of_a_point_that_will_not_fit_in_memory_as_the_sweep_then_finds(
    tmp_path, monkeypatch, capsys
):
    """An audit: the dry run probed the first points and said nothing of a later one too large
    for the memory free, whose runs then failed in the sweep. Here the command's address space
    is limited (``ulimit -v``, which its workers inherit) below what the large point needs."""
    import resource

    config = tmp_path / "big.yaml"
    big = sweep_of(
        **{
            "set": {"customers.per_rep": 100, "simulation.weeks": 4},
            "sweep/parameters": {"reps.count": [10, 100_000]},
            "sweep/replications": 1,
            "execution": {"workers": 2},
        }
    )
    config.write_text(yaml.safe_dump(big))

    def limited(*args: str) -> subprocess.CompletedProcess:
        def limit() -> None:
            resource.setrlimit(resource.RLIMIT_AS, (2_500_000_000, resource.RLIM_INFINITY))

        return subprocess.run(
            [RAPPORT, *args], cwd=REPO, capture_output=True, text=True, timeout=120,
            preexec_fn=limit,
        )  # fmt: skip

    out = tmp_path / "out"
    dry = limited("sweep", str(config), "--dry-run", "--out", str(out))
    assert dry.returncode == 0, dry.stderr
    warning = re.search(
        r"Warning: the largest point checked \(reps.count=100000\) needs about ([\d.]+) GB of "
        r"memory per run, ([\d.]+) GB for 2 at once, and ([\d.]+) (GB|MB) is available: runs "
        r"that do not fit fail",
        dry.stdout,
    )
    assert warning, dry.stdout
    assert float(warning.group(2)) == pytest.approx(2 * float(warning.group(1)), abs=0.11)
    assert not out.exists()
    swept = limited("sweep", str(config), "--out", str(out), "--no-report")
    assert swept.returncode == 1
    assert "1 executed now, 0 already done, 1 failed" in swept.stdout
    failed = swept.stderr.split("point 1 replication 0 (reps.count=100000): ConfigError: ")
    assert len(failed) == 2 and "of memory" in failed[1], swept.stderr
    # without the limit this machine has room: the line says how much a run takes
    roomy = rapport_in_process(monkeypatch, capsys, "sweep", config, "--dry-run")
    assert re.search(
        r"Memory: about [\d.]+ GB per run at the largest point checked, [\d.]+ GB for 2 at "
        r"once; [\d.]+ GB is available",
        roomy.stdout,
    ), roomy.stdout


def test_a_value_listed_twice_on_a_grid_axis_counts_once_in_the_dry_run_as_in_the_sweep(
    tmp_path, monkeypatch, capsys
):
    """The dry run said 3 runs for [20, 20, 40], the sweep ran 2 (repeated points share runs)."""
    config = tmp_path / "dup.yaml"
    config.write_text(
        yaml.safe_dump(
            sweep_of(
                **{"sweep/parameters": {"reps.effort_hours": [20, 20, 40]}, "sweep/replications": 1}
            )
        )
    )
    planned = rapport_in_process(monkeypatch, capsys, "sweep", config, "--dry-run")
    assert "3 design points (1 repeats an earlier point) x 1 replication = 2 runs" in planned.stdout
    # a real process: the sweep runs on the cores' workers (execution.workers: auto)
    done = rapport("sweep", str(config), "--out", str(tmp_path / "out"), "--no-report")
    assert done.returncode == 0, done.stderr
    assert "Sweep 't': 2 runs; 2 executed now" in done.stdout


def test_sweep_schema_command_prints_json(monkeypatch, capsys):
    done = rapport_in_process(monkeypatch, capsys, "sweep", "--schema")
    assert json.loads(done.stdout)["title"] == "Rapport sweep"


RANGE = "sweep/parameters/reps.effort_hours"


@pytest.mark.parametrize(
    "axis, english, german",
    [
        (
            {"start": 5, "stop": 60, "num": 0},
            "reps.effort_hours.num: 0 is below the minimum 1",
            "reps.effort_hours.num: 0 liegt unter dem Mindestwert 1",
        ),
        (
            {"start": 5, "stop": 60, "num": 2.5},
            "reps.effort_hours.num: 2.5 is not a whole number",
            "reps.effort_hours.num: 2,5 ist keine ganze Zahl",
        ),
        (
            {"start": 5, "stop": 60, "step": -5},
            "reps.effort_hours.step: -5 must be greater than 0",
            "reps.effort_hours.step: −5 muss größer sein als 0",
        ),
        (
            {"start": 5, "stop": 60, "step": "fünf"},
            'reps.effort_hours.step: "fünf" is not a number',
            "reps.effort_hours.step: „fünf“ ist keine Zahl",
        ),
        (
            [],
            "reps.effort_hours: [] has too few items; give at least 1",
            "reps.effort_hours: [] hat zu wenige Einträge; geben Sie mindestens 1 an",
        ),
    ],
)
def test_a_bad_range_or_empty_axis_is_refused_in_the_language_asked(
    tmp_path, monkeypatch, capsys, axis, english, german
):
    """An audit: `rapport sweep FILE --lang de` refused a num of 0, a negative step and an
    empty list of values in English ("must be a whole number of at least 1", "must be a
    positive number", "empty list of values"), words of no family the German refusals know."""
    config = tmp_path / "sweep.yaml"
    config.write_text(yaml.safe_dump(sweep_of(**{RANGE: axis})), encoding="utf-8")
    for lang, said in [("en", english), ("de", german)]:
        done = rapport_in_process(
            monkeypatch,
            capsys,
            "sweep",
            config,
            "--dry-run",
            "--out",
            tmp_path / "out",
            "--lang",
            lang,
        )
        prefix = {"en": "rapport: error: ", "de": "rapport: Fehler: "}[lang]
        assert (done.returncode, done.stderr) == (
            2,
            f"{prefix}{config}: sweep.parameters.{said}\n",
        )
    assert not (tmp_path / "out").exists()


def test_a_whole_num_written_as_a_decimal_is_taken():
    sweep = validate_sweep(sweep_of(**{RANGE: {"start": 10, "stop": 30, "num": 3.0}}))
    efforts = sorted({p.values["reps.effort_hours"] for p in design_points(sweep)})
    assert efforts == [10.0, 20.0, 30.0]  # not refused as "not a whole number"


def test_a_description_changes_no_run_and_not_the_config_hash():
    """Words about a sweep are not what it computes: editing them resumes the same folder."""
    sweep = validate_sweep(sweep_of())
    worded = validate_sweep(
        {**sweep_of(), "description": "Another text.", "description_de": "Ein anderer Text."}
    )
    assert worded.config_hash() == sweep.config_hash()
    before = [(r.key, r.seed) for r in iter_runs(sweep, design_points(sweep))]
    assert [(r.key, r.seed) for r in iter_runs(worded, design_points(worded))] == before


@pytest.mark.parametrize("path", sorted((REPO / "configs" / "sweeps").glob("*.yaml")), ids=str)
def test_every_shipped_sweep_is_described_in_english_and_german(path):
    file = load_sweep(path).file
    assert file.description and file.description_de
    assert file.description != file.description_de


@pytest.mark.parametrize(
    "values, said",
    [
        ({"reps.cout": 4}, "set.reps.cout: unknown parameter"),
        ({"reps.count": 10.5}, "set.reps.count: 10.5 is not a whole number"),
    ],
)
def test_a_refused_set_value_is_named_one_way(values, said):
    """An analyst's audit: "set.reps.cout: unknown parameter" but "set: reps.count: 10.5 is not
    a whole number"; both name the parameter under set. the same way now."""
    data = {
        "name": "x",
        "set": values,
        "sweep": {"method": "grid", "parameters": {"reps.effort_hours": [20, 40]}},
    }
    with pytest.raises(ConfigError) as refused:
        validate_sweep(data)
    assert str(refused.value).startswith(said), refused.value
