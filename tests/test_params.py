"""The parameter schema: one source of truth, strict validation, helpful errors."""

from __future__ import annotations

import json
import re
import time

import numpy as np
import pytest
import yaml

from sim.model import RapportModel
from sim.params import (
    ACTS_WHEN,
    PARAMS,
    ConfigError,
    Scenario,
    inert_settings,
    iter_params,
    json_schema,
)
from sim.scenarios import (
    dump_yaml,
    load_scenario,
    parse_assignment,
    parse_yaml,
    read_yaml,
    scenario_yaml,
)
from tests.helpers import REPO

SCENARIOS = sorted((REPO / "configs" / "scenarios").glob("*.yaml"))
REQUIRED = [
    "reps.count",
    "reps.effort_hours",
    "reps.perception",
    "reps.regulation",
    "customers.per_rep",
    "simulation.weeks",
    "simulation.seed",
]


def test_the_names_other_parts_rely_on_exist():
    assert set(REQUIRED) <= set(PARAMS)


def test_every_parameter_has_a_description_and_numbers_have_bounds():
    for spec in iter_params():
        assert spec.description, spec.name
        if spec.type in ("int", "float"):
            assert spec.minimum is not None and spec.maximum is not None, spec.name
            assert spec.minimum <= spec.default <= spec.maximum, spec.name


def test_the_effort_range_the_product_explores_is_allowed():
    spec = PARAMS["reps.effort_hours"]
    assert spec.minimum <= 5 and spec.maximum >= 60


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_every_shipped_scenario_validates(path):
    assert isinstance(load_scenario(path), Scenario)


def test_the_required_presets_are_shipped():
    names = {p.stem for p in SCENARIOS}
    assert {"default", "hard_worker", "smart_worker", "mixed_team"} <= names


def test_scenarios_are_frozen():
    with pytest.raises(Exception, match="frozen"):
        Scenario().reps.count = 3  # type: ignore[misc]


def write(tmp_path, text):
    path = tmp_path / "s.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize(
    "text, message",
    [
        (
            "reps:\n  efort_hours: 30\n",
            "reps.efort_hours: unknown key 'efort_hours' (did you mean 'effort_hours'?)",
        ),
        ("reps:\n  effort_hours: 90\n", "reps.effort_hours: 90 is above the maximum 80"),
        ("reps:\n  perception: -0.1\n", "reps.perception: -0.1 is below the minimum 0"),
        ("reps:\n  count: many\n", 'reps.count: "many" is not a whole number'),
        ("customers:\n  need: 0\n", "customers.need: 0 is below the minimum 0.01"),
        ("reps:\n  count: 2.5\n", "reps.count: 2.5 is not a whole number"),
        ("rep:\n  count: 2\n", "rep: unknown key 'rep' (did you mean 'reps'?)"),
        ("reps: 3\n", "reps: expected a mapping"),
        ("- 1\n- 2\n", "expected a mapping of groups"),
        (
            "reps:\n  profiles:\n    - {name: a, share: 0.5}\n    - {name: b, share: 0.4}\n",
            "profile shares add up to 0.9, they must add up to 1",
        ),
        (
            "reps:\n  profiles:\n    - {name: a, share: 1, effort: 3}\n",
            "reps.profiles.0.effort: unknown key",
        ),
        ("reps:\n  effort_hours: true\n", "reps.effort_hours: true is not a number"),
        ("reps:\n  count: true\n", "reps.count: true is not a number"),
        ("simulation:\n  seed: false\n", "simulation.seed: false is not a number"),
        (
            "reps:\n  profiles:\n    - {name: a, share: true}\n",
            "reps.profiles.0.share: true is not a number",
        ),
        ("reps:\n  effort_hours: .nan\n", "reps.effort_hours: NaN is not a finite number"),
        ("customers:\n  need: .inf\n", "customers.need: Infinity is not a finite number"),
        ("reps:\n  count: -.inf\n", "reps.count: -Infinity is not a finite number"),
        (
            "reps:\n  count: 1.0e+30\n",
            "reps.count: 1e+30 is too large a whole number; allowed: 1 to 100000",
        ),
        ("reps:\n  profiles:\n    - {name: 5, share: 1}\n", "reps.profiles.0.name: 5 is not text"),
        (
            "reps:\n  profiles:\n    - {name: '', share: 1}\n",
            "reps.profiles.0.name: must not be empty",
        ),
        ("reps:\n  profiles:\n    - {share: 1}\n", "reps.profiles.0.name: required, missing"),
        ("interventions: {week: 3}\n", 'interventions: expected a list, got {"week": 3}'),
        (
            "reps:\n  profiles:\n    - {name: a, share: 0.5}\n    - {name: a, share: 0.5}\n",
            "reps: profile names must differ: a is given twice",
        ),
    ],
)
def test_bad_scenario_files_give_one_line_errors_naming_field_and_value(tmp_path, text, message):
    with pytest.raises(ConfigError) as info:
        load_scenario(write(tmp_path, text))
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_a_long_value_is_cut_in_the_message(tmp_path):
    items = ", ".join(str(i) for i in range(20_000))  # a list of 128,888 characters
    with pytest.raises(ConfigError) as info:
        load_scenario(write(tmp_path, f"reps:\n  effort_hours: [{items}]\n"))
    message = str(info.value)
    assert "reps.effort_hours: [0, 1, 2" in message and "…" in message
    assert len(message) < 200 and "\n" not in message


def test_a_missing_name_does_not_quote_the_whole_profile(tmp_path):
    notes = "x" * 5000
    with pytest.raises(ConfigError) as info:
        load_scenario(write(tmp_path, f"reps:\n  profiles:\n    - {{share: 1, x: {notes}}}\n"))
    assert len(str(info.value)) < 300


LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    "text",
    [
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + LAUGHS,
        "a: &a [1, 2]\n" + LAUGHS + "reps: {profiles: *i}\n",
    ],
)
def test_yaml_aliases_that_expand_beyond_the_budget_are_refused_in_one_line(tmp_path, text):
    start = time.perf_counter()
    with pytest.raises(ConfigError) as info:
        load_scenario(write(tmp_path, text))
    assert "anchors and aliases expand to more than 10,000" in str(info.value)
    assert "\n" not in str(info.value)
    assert time.perf_counter() - start < 10  # refused, not expanded (that took 77 s)


def test_a_recursive_alias_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="recursive anchor"):
        load_scenario(write(tmp_path, "reps: &r {profiles: [*r]}\n"))


def test_a_few_aliases_are_fine(tmp_path):
    text = (
        "team: &team {name: a, share: 0.5, effort_hours: 50}\n"
        "reps:\n  profiles:\n    - *team\n    - {<<: *team, name: b}\n"
    )
    data = read_yaml(write(tmp_path, text))
    assert data["reps"]["profiles"][1] == {"name": "b", "share": 0.5, "effort_hours": 50}


def test_set_values_with_exploding_aliases_are_refused():
    value = "[&a [1,1,1,1,1,1,1,1,1,1], &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a], "
    value += "&c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b], [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]]"
    with pytest.raises(ConfigError, match=r"--set reps\.count: anchors and aliases"):
        parse_assignment(f"reps.count={value}")


def test_experiments_read_yaml_only_through_the_bounded_reader():
    """Sweep files and their ``base:`` go through sim.scenarios.read_yaml (no yaml.safe_load)."""
    for path in (REPO / "experiments").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if path.name == "report.py":  # reads back the config.yaml the store itself wrote
            continue
        assert "yaml.safe_load" not in text and "yaml.load(" not in text, path


def test_malformed_yaml_names_the_line(tmp_path):
    with pytest.raises(ConfigError, match=r"malformed YAML at line 3"):
        load_scenario(write(tmp_path, "reps:\n  count: 3\n   effort_hours: 4\n"))


@pytest.mark.parametrize(
    ("value", "said"),
    [
        ('!!float "abc"', "'abc' cannot be read as !!float"),
        ('!!int "1.5"', "'1.5' cannot be read as !!int"),
        ('!!float ""', "'' cannot be read as !!float"),
        ('!!bool "maybe"', "'maybe' cannot be read as !!bool"),
        ('!!timestamp "x"', "'x' cannot be read as !!timestamp"),
        ("!!map [1]", "expected a mapping node, but found sequence"),
    ],
)
def test_a_value_that_does_not_fit_its_explicit_tag_is_refused_at_its_place(tmp_path, value, said):
    """PyYAML's constructors raised Python's own errors (ValueError, KeyError, TypeError, ...)
    for these, which reached the user as a traceback of 57 lines."""
    path = write(tmp_path, f"reps:\n  effort_hours: {value}\n")
    with pytest.raises(ConfigError) as refused:
        load_scenario(path)
    assert str(refused.value) == f"{path}: malformed YAML at line 2, column 17: {said}"


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(ConfigError, match=r"nope\.yaml: file not found"):
        load_scenario(tmp_path / "nope.yaml")


def test_yaml_is_loaded_safely(tmp_path):
    with pytest.raises(ConfigError):
        load_scenario(write(tmp_path, "reps: !!python/object/apply:os.system ['echo hi']\n"))


def test_numbers_read_as_written_not_as_yaml_1_1_octal_or_base_60(tmp_path):
    """A leading zero is not octal and colons are not base 60 (YAML 1.1 read 040 h as 32 h and
    seed 0042 as 34); octal and hexadecimal need their prefixes; 1e3 is a number."""
    scenario = load_scenario(
        write(tmp_path, "reps:\n  count: 010\n  effort_hours: 040\nsimulation:\n  seed: 0042\n")
    )
    assert (scenario.reps.count, scenario.reps.effort_hours) == (10, 40)
    assert scenario.simulation.seed == 42
    assert parse_assignment("reps.effort_hours=08") == ("reps.effort_hours", 8)
    assert parse_assignment("reps.count=0o17")[1] == 15
    assert parse_assignment("reps.count=0x1F")[1] == 31
    assert parse_assignment("customers.value=1e3")[1] == 1000.0
    assert read_yaml(write(tmp_path, "a: [010, 020, 1_000, .5, -2.5e-1, .inf]\n"))["a"] == [
        10, 20, 1000, 0.5, -0.25, float("inf"),
    ]  # fmt: skip
    with pytest.raises(ConfigError, match=r'simulation.weeks: "1:30" is not a whole number'):
        load_scenario(None, {"simulation.weeks": parse_assignment("simulation.weeks=1:30")[1]})


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("reps: {effort_hours: 2024-01-01}\n", 'reps.effort_hours: "2024-01-01" is not a number'),
        ("simulation: {weeks: 2024-01-01}\n", 'simulation.weeks: "2024-01-01" is not a whole'),
    ],
)
def test_a_date_in_a_scenario_file_is_refused_naming_its_field(tmp_path, text, message):
    """PyYAML reads 2024-01-01 as a date, which crashed validation with a traceback."""
    with pytest.raises(ConfigError, match=re.escape(message)):
        load_scenario(write(tmp_path, text))
    named = load_scenario(write(tmp_path, "reps:\n  profiles: [{name: 2024-01-01, share: 1}]\n"))
    assert named.reps.profiles[0].name == "2024-01-01"  # a date-like name is the text written
    assert parse_yaml(dump_yaml({"d": "2024-01-01"})) == {"d": "2024-01-01"}


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("reps:\n  effort_hours: 50\nreps:\n  perception: 0.1\n", "'reps' .*lines 1 and 3"),
        ("reps:\n  effort_hours: 50\n  effort_hours: 20\n", "'effort_hours' .*lines 2 and 3"),
        ("reps: {count: 3, count: 4}\n", "'count' .*line 1\\)"),
    ],
)
def test_a_key_given_twice_is_refused_with_its_lines(tmp_path, text, where):
    """YAML keeps the last of two equal keys silently (the first reps: block vanished)."""
    with pytest.raises(ConfigError, match="given twice in one mapping") as info:
        load_scenario(write(tmp_path, text))
    assert re.search(where, str(info.value)), info.value


def test_what_is_written_as_yaml_reads_back_equal_texts_that_look_like_numbers_included():
    """The reader takes numbers as YAML 1.2 does, so the writer must quote ``1e3`` and ``0o7``
    (YAML 1.1 text that would come back as numbers) in configs the store reads back."""
    data = {"a": "1e3", "b": "0o7", "c": "010", "d": "1:30", "e": 1e-5, "f": float("inf")}
    data |= {"g": "ä", "h": [1, "x"], "i": None, "j": True, "k": "yes", "l": 3}
    assert parse_yaml(dump_yaml(data)) == data


def test_a_merge_key_may_be_overridden(tmp_path):
    """``<<: *anchor`` then the same key: YAML's way to override a merged value, not a repeat."""
    text = "base: &b {effort_hours: 20, perception: 0.3}\nreps:\n  <<: *b\n  effort_hours: 50\n"
    assert read_yaml(write(tmp_path, text))["reps"] == {"effort_hours": 50, "perception": 0.3}


def test_overrides_replace_file_values_and_unknown_names_suggest_the_nearest(tmp_path):
    path = write(tmp_path, "reps:\n  effort_hours: 20\n")
    assert load_scenario(path, {"reps.effort_hours": 55}).reps.effort_hours == 55
    with pytest.raises(ConfigError, match=r"reps.efort: unknown parameter \(did you mean"):
        load_scenario(path, {"reps.efort": 55})


def test_set_values_parse_as_yaml_and_need_an_equals_sign():
    assert parse_assignment("reps.effort_hours=55") == ("reps.effort_hours", 55)
    assert parse_assignment("reps.perception=0.1") == ("reps.perception", 0.1)
    with pytest.raises(ConfigError, match="expected NAME=VALUE"):
        parse_assignment("reps.effort_hours")
    # the error named no field: "rapport: error: : unknown parameter"
    with pytest.raises(ConfigError, match=r"--set '=5': no parameter name before '='"):
        parse_assignment("=5")


def test_a_scenario_written_as_yaml_reads_back_identically(tmp_path):
    original = load_scenario(
        REPO / "configs" / "scenarios" / "mixed_team.yaml", {"reps.pushiness": 0.3}
    )
    path = write(tmp_path, scenario_yaml(original))
    assert load_scenario(path) == original
    assert "pushiness" in path.read_text() and "decay" not in path.read_text()


def test_json_schema_describes_every_group_and_forbids_unknown_keys():
    schema = json_schema()
    json.dumps(schema)
    assert set(schema["properties"]) == {
        "reps",
        "customers",
        "dynamics",
        "channels",
        "coaching",
        "hiring",
        "management",
        "simulation",
        "interventions",
    }
    assert schema["$defs"]["ScheduledChange"]["additionalProperties"] is False
    reps = schema["$defs"]["Reps"]
    assert reps["additionalProperties"] is False
    assert reps["properties"]["effort_hours"]["maximum"] == 80
    assert reps["properties"]["effort_hours"]["unit"] == "h/week"


def test_default_scenario_file_equals_the_schema_defaults():
    data = yaml.safe_load((REPO / "configs" / "scenarios" / "default.yaml").read_text())
    assert load_scenario(REPO / "configs" / "scenarios" / "default.yaml") == Scenario()
    assert data  # the file spells out the main defaults for readers


# --- settings that act only where another allows them (ACTS_WHEN) ---------------------------------

SMALL = {"reps.count": 3, "customers.per_rep": 10, "simulation.weeks": 30}
# For each such setting: a value other than its default, and values of what it needs under which it
# acts (the check that the comparison below can see a difference at all).
CHANGED = {
    "customers.unwon_share": (0.4, {"dynamics.acquisition_hours": 20}),
    "dynamics.hours_per_contact": (3.0, {"channels.schedule": "rate"}),
    "channels.call_share": (0.6, {"channels.schedule": "discrete"}),
    "channels.email_share": (0.4, {"channels.schedule": "discrete"}),
    "channels.visit_hours": (2.0, {"channels.schedule": "discrete"}),
    "channels.call_hours": (2.0, {"channels.schedule": "discrete"}),
    "channels.email_hours": (1.5, {"channels.schedule": "discrete"}),
    "channels.visit_weight": (1.8, {"channels.schedule": "discrete"}),
    "channels.email_weight": (1.4, {"channels.schedule": "discrete"}),
    "coaching.start_week": (3, {"coaching.perception_gain": 0.4}),
    "coaching.duration_weeks": (3, {"coaching.regulation_gain": 0.4}),
    "coaching.hours_per_week": (8.0, {"coaching.perception_gain": 0.4}),
    "hiring.week": (5, {"hiring.share": 0.5}),
    "hiring.perception": (0.1, {"hiring.share": 0.5}),
    "hiring.regulation": (0.1, {"hiring.share": 0.5}),
    "management.review_weeks": (2, {"management.pressure_step": 5, "reps.effort_hours": 60}),
    "management.max_effort": (62, {"management.pressure_step": 5, "reps.effort_hours": 60}),
}


def weekly(values: dict) -> np.ndarray:
    scenario = Scenario().with_values({**SMALL, **values})
    return RapportModel(scenario, seed=1).run().weekly_frame().to_numpy(dtype=float)


def test_every_setting_that_needs_another_is_listed_with_a_change_to_check():
    assert set(CHANGED) == set(ACTS_WHEN)
    for name, conditions in ACTS_WHEN.items():
        assert name in PARAMS and all(c[0] in PARAMS for c in conditions), name


@pytest.mark.parametrize("name", list(ACTS_WHEN))
def test_a_setting_changes_nothing_where_what_it_needs_is_missing_and_acts_where_it_is_there(
    name,
):
    value, acting = CHANGED[name]
    # Where none of its conditions holds (the defaults, or the other schedule), the runs agree to
    # the bit, and the setting is reported as having no effect ...
    idle = {"channels.schedule": "discrete"} if name == "dynamics.hours_per_contact" else {}
    assert [s.name for s in inert_settings({**idle, name: value})] == [name]
    np.testing.assert_array_equal(weekly(idle), weekly({**idle, name: value}))
    # ... and where one holds, the same change shows in the weekly metrics.
    assert inert_settings({**acting, name: value}) == []
    assert not np.array_equal(weekly(acting), weekly({**acting, name: value}))


def test_inert_settings_names_what_is_needed_and_ignores_defaults_and_values_being_typed():
    assert Scenario().inert_settings() == []
    (inert,) = Scenario().with_values({"customers.unwon_share": 0.3}).inert_settings()
    assert inert.text() == (
        "customers.unwon_share = 0.3 has no effect unless dynamics.acquisition_hours > 0"
    )
    (coaching,) = inert_settings({"coaching.hours_per_week": 4})
    assert coaching.unless() == "coaching.perception_gain > 0 or coaching.regulation_gain > 0"
    assert inert_settings({"customers.unwon_share": 0.3, "dynamics.acquisition_hours": "4"}) == []


@pytest.mark.parametrize("value", ["5", " 5 ", "5.0"])
def test_a_number_given_as_text_is_read_as_the_number_in_python_as_in_files(tmp_path, value):
    """README (Parameter sweeps): a number written in quotes is read as the number, on a sweep's
    axes as in a scenario; ``with_values`` from Python reads it alike, and a text that is no
    number is refused naming it."""
    from_python = Scenario().with_values({"reps.count": value})
    from_file = load_scenario(write(tmp_path, f'reps:\n  count: "{value}"\n'))
    assert from_python.reps.count == from_file.reps.count == 5
    with pytest.raises(ConfigError, match=r'reps\.count: "5 reps" is not a whole number'):
        Scenario().with_values({"reps.count": "5 reps"})
