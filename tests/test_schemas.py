"""The published JSON Schemas (``rapport params --schema``, ``rapport sweep --schema``) allow
exactly what validation allows at every bound, and the command-line options that set the same
settings allow the same values: editors, files and the command line cannot disagree."""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from typing import Any

import click
import pytest
import yaml
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from experiments.calibrate.config import calibration_json_schema
from experiments.config import SweepFile, SweepSpec, sweep_json_schema, validate_sweep
from experiments.pattern_config import pattern_json_schema
from frontends.cli import cli
from frontends.commands.study import study
from sim.metrics import METRICS
from sim.params import ConfigError, json_schema, validate_scenario
from tests.helpers import REPO, rapport_in_process

ITEM = "[0]"  # a path's step into a list's first entry


def numeric_leaves(
    schema: dict[str, Any], node: dict[str, Any] | None = None, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], dict[str, Any]]]:
    """Every setting of a file that can hold a number, with the (member) schema that says so."""
    node = schema if node is None else node
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    numbers = [m for m in [node, *node.get("anyOf", [])] if m.get("type") in ("integer", "number")]
    if numbers:
        yield path, numbers[0]
    if node.get("type") == "array" and isinstance(node.get("items"), dict):
        yield from numeric_leaves(schema, node["items"], (*path, ITEM))
    for name, child in node.get("properties", {}).items():
        yield from numeric_leaves(schema, child, (*path, name))


def probes(member: dict[str, Any]) -> list[int | float]:
    """Values at and just beyond each bound; without a lower bound, 0 and -1 (where a bound the
    schema lacks would show)."""
    whole = member["type"] == "integer"

    def beside(bound: float, direction: int) -> int | float:
        return bound + direction if whole else bound + direction * max(abs(bound), 1) * 1e-6

    values: list[int | float] = []
    if "minimum" in member:
        values += [member["minimum"], beside(member["minimum"], -1)]
    elif "exclusiveMinimum" in member:
        values += [member["exclusiveMinimum"], beside(member["exclusiveMinimum"], +1)]
    else:
        values += [0, -1]
    if "maximum" in member:
        values += [member["maximum"], beside(member["maximum"], +1)]
    return values


def set_path(document: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A copy of ``document`` with the setting at ``path`` set (a list's entry must exist)."""
    document = copy.deepcopy(document)
    node: Any = document
    for step in path[:-1]:
        node = node[0] if step == ITEM else node.setdefault(step, {})
    node[path[-1]] = value
    return document


def accepted(validate, document: dict[str, Any]) -> bool:
    try:
        validate(document)
    except ConfigError:
        return False
    return True


# What makes each setting's own bounds decide: the other settings that a rule across settings
# (not a bound) ties it to, set so that the rule holds whatever the probed value.
SCENARIO = {
    "reps": {"profiles": [{"name": "everyone", "share": 1.0}]},
    "interventions": [{"week": 10, "effort_hours": 30}],
}
SCENARIO_CONTEXT = {
    ("channels", "call_share"): {"channels": {"email_share": 0.0}},
    ("channels", "email_share"): {"channels": {"call_share": 0.0}},
}
# A profile's share is tied to the others' (the shares add up to 1), which a schema cannot say.
NOT_BOUNDS_ALONE = {("reps", "profiles", ITEM, "share")}

SWEEP = {"name": "bounds", "sweep": {"parameters": {"reps.effort_hours": [30]}}}
SWEEP_CONTEXT = {
    ("sweep", "samples"): {"sweep": {"method": "random", "samples": 4}},
    ("worlds_count",): {"worlds": "prior"},
    ("worlds_replications",): {"worlds": "prior"},
}


def merged(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in extra.items():
        out[key] = merged(out.get(key, {}), value) if isinstance(value, dict) else value
    return out


SCENARIO_LEAVES = [p for p, _ in numeric_leaves(json_schema()) if p not in NOT_BOUNDS_ALONE]
SWEEP_LEAVES = [p for p, _ in numeric_leaves(sweep_json_schema())]


def test_the_probes_reach_every_bounded_setting():
    """The walk finds the settings named in the audit, inside unions and lists too."""
    assert {("record", "every"), ("execution", "workers"), ("sweep", "replications")} <= set(
        SWEEP_LEAVES
    )
    assert {("reps", "count"), ("interventions", ITEM, "week")} <= set(SCENARIO_LEAVES)
    assert len(SCENARIO_LEAVES) > 50


# Each file kind: its published schema, its validation, a valid file and the per-setting context.
KINDS = {
    "scenario": (json_schema, validate_scenario, SCENARIO, SCENARIO_CONTEXT),
    "sweep": (sweep_json_schema, validate_sweep, SWEEP, SWEEP_CONTEXT),
}


@pytest.mark.parametrize(
    ("kind", "path"),
    [("scenario", p) for p in SCENARIO_LEAVES] + [("sweep", p) for p in SWEEP_LEAVES],
    ids=lambda v: ".".join(v) if isinstance(v, tuple) else v,
)
def test_the_schema_and_validation_agree_at_the_bounds(kind, path):
    make_schema, validate, valid, context = KINDS[kind]
    schema = make_schema()
    member = dict(numeric_leaves(schema))[path]
    checker = Draft202012Validator(schema)
    base = merged(valid, context.get(path, {}))
    assert accepted(validate, base) and checker.is_valid(base)
    for value in probes(member):
        document = set_path(base, path, value)
        assert checker.is_valid(document) == accepted(validate, document), (path, value)


@pytest.mark.parametrize(
    ("path", "value", "verdict"),
    [
        (("record", "every"), 1, True),
        (("record", "every"), 0, False),
        (("record", "every"), "final", True),
        (("execution", "workers"), 1, True),
        (("execution", "workers"), 0, False),
        (("execution", "workers"), "auto", True),
        (("record", "every"), True, False),
    ],
    ids=lambda v: ".".join(v) if isinstance(v, tuple) else repr(v),
)
def test_the_audited_bounds_are_published_and_enforced(path, value, verdict):
    """The minimum of record.every and execution.workers is 1 in the schema as in validation
    (both were enforced by validation alone), and true is not a number in either."""
    document = set_path(SWEEP, path, value)
    assert Draft202012Validator(sweep_json_schema()).is_valid(document) is verdict
    assert accepted(validate_sweep, document) is verdict


AXES = sweep_json_schema()["$defs"]["SweepSpec"]["properties"]["parameters"]["properties"]


@pytest.mark.parametrize("name", sorted(n for n, a in AXES.items() if "enum" not in a["oneOf"][1]))
def test_an_axis_value_has_its_parameter_s_bounds_in_the_schema_as_in_validation(name):
    """An axis's values were typed "number" alone in the schema: an editor let through a value
    that validation refuses. Each parameter's axis now carries its type and bounds."""
    member = AXES[name]["oneOf"][1]
    checker = Draft202012Validator(sweep_json_schema())
    for value in probes(member):
        for axis in (value, [value], {"start": value, "stop": value, "num": 1}):
            document = set_path(SWEEP, ("sweep", "parameters", name), axis)
            assert checker.is_valid(document) == accepted(validate_sweep, document), (axis,)


@pytest.mark.parametrize(
    ("option", "model", "field"),
    [("--replications", SweepSpec, "replications"), ("--worlds-count", SweepFile, "worlds_count")],
)
def test_a_study_option_allows_what_the_sweep_file_allows(option, model, field):
    """`rapport study --replications` once stopped at 10,000 where sweep.replications allows
    100,000; both now read the field's bounds."""
    kind = next(p for p in study.params if option in p.opts).type
    published = sweep_json_schema()["$defs"].get(model.__name__, sweep_json_schema())
    bounds = published["properties"][field]
    low, high = bounds["minimum"], bounds["maximum"]
    assert kind.convert(low, None, None) == low and kind.convert(high, None, None) == high
    for beyond in (low - 1, high + 1):
        with pytest.raises(click.BadParameter):
            kind.convert(beyond, None, None)


def test_the_shipped_sweeps_and_scenarios_fit_the_published_schemas():
    sweeps = Draft202012Validator(sweep_json_schema())
    scenarios = Draft202012Validator(json_schema())
    for path in sorted((REPO / "configs" / "sweeps").glob("*.yaml")):
        errors = [e.message for e in sweeps.iter_errors(yaml.safe_load(path.read_text()))]
        assert errors == [], path.name
    for path in sorted((REPO / "configs" / "scenarios").glob("*.yaml")):
        data = yaml.safe_load(path.read_text()) or {}
        assert [e.message for e in scenarios.iter_errors(data)] == [], path.name


def test_the_sweep_schema_lists_the_metrics_a_run_can_record():
    """An audit: ``record.metrics`` said "see `rapport params`", which lists no metric; an
    editor checking a sweep file against the schema now knows every name, and only those."""
    metrics = sweep_json_schema()["$defs"]["Record"]["properties"]["metrics"]
    assert metrics["items"]["enum"] == list(METRICS)
    assert "rapport params" not in metrics["description"]
    sweeps = Draft202012Validator(sweep_json_schema())
    data = yaml.safe_load((REPO / "configs" / "sweeps" / "coaching.yaml").read_text())
    data["record"]["metrics"] = ["relational_performance", "relationship_quality"]
    errors = [e.message for e in sweeps.iter_errors(data)]
    assert len(errors) == 1 and "'relationship_quality' is not one of" in errors[0], errors


@pytest.mark.parametrize(
    ("command", "schema", "files"),
    [
        ("calibrate", calibration_json_schema, ["configs/calibration/stylised_facts.yaml"]),
        ("patterns", pattern_json_schema, ["configs/patterns*.yaml"]),
    ],
)
def test_calibration_and_pattern_files_have_published_schemas_the_shipped_files_fit(
    monkeypatch, capsys, command, schema, files
):
    """An audit: the calibration file's keys (targets, statistics, the ABC budget) were written
    down nowhere; an analyst found them by fixing refusals one at a time. ``rapport calibrate
    --schema`` and ``rapport patterns --schema`` print them, and every shipped file fits."""
    done = rapport_in_process(monkeypatch, capsys, command, "--schema")
    assert done.returncode == 0 and json.loads(done.stdout) == schema()
    validator = Draft202012Validator(schema())
    paths = [path for pattern in files for path in sorted(REPO.glob(pattern))]
    assert len(paths) >= len(files)
    for path in paths:
        errors = [e.message for e in validator.iter_errors(yaml.safe_load(path.read_text()))]
        assert errors == [], path.name
    if command == "calibrate":
        data = yaml.safe_load(paths[0].read_text())
        next(iter(data["targets"].values()))["statistic"] = "annual_churn_rate"
        data["parameters"] = ["dynamics.decay", "reps.count"]  # no prior: cannot be calibrated
        errors = sorted(e.message for e in validator.iter_errors(data))
        assert len(errors) == 2, errors
        assert any("'annual_churn_rate' is not one of" in e for e in errors), errors


def file_keys(schema: dict[str, Any]) -> set[str]:
    """The dotted names of every setting a scenario file can hold (a group's keys, or a
    top-level setting such as ``interventions``)."""
    names = set()
    for group, node in schema["properties"].items():
        if "$ref" in node:
            fields = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]["properties"]
            names |= {f"{group}.{field}" for field in fields}
        else:
            names.add(group)
    return names


@pytest.mark.parametrize("fmt", ["table", "markdown", "json"])
def test_rapport_params_lists_every_setting_a_scenario_file_can_hold(fmt):
    """interventions (a schedule, not a slider or a sweep axis) was missing from the list,
    with the keys and bounds of its entries."""
    done = CliRunner().invoke(cli, ["params", "--format", fmt])
    assert done.exit_code == 0, done.output
    if fmt == "json":
        specs = {spec["name"]: spec for spec in json.loads(done.output)}
        listed = set(specs)
        week = next(i for i in specs["interventions"]["items"] if i["name"] == "week")
        assert (week["minimum"], week["maximum"]) == (0, 520)
    else:
        listed = set(re.findall(r"^\|? ?`?([a-z_]+(?:\.[a-z_]+)?)`?\s", done.output, re.M))
        assert "week ≥ 0, ≤ 520" in done.output  # an intervention's entry (ScheduledChange)
    assert file_keys(json_schema()) <= listed
