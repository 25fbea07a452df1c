"""Scenario files: reading YAML, ``--set NAME=VALUE`` assignments, writing a scenario back.

The schema and its validation live in ``sim.params``; this module only moves scenarios between
files, command lines and ``Scenario`` objects.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from sim.params import ConfigError, Scenario, set_dotted, validate_scenario


def read_yaml(path: str | Path) -> Any:
    """Parse a YAML file with the safe loader; problems become one-line ConfigErrors."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: file not found")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "unknown place"
        raise ConfigError(f"{path}: malformed YAML at {where}: {exc.problem}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read YAML: {exc}") from None


def parse_assignment(text: str) -> tuple[str, Any]:
    """Parse one ``--set name=value``; the value is read as YAML (numbers, lists, true/false)."""
    if "=" not in text:
        raise ConfigError(f"--set {text!r}: expected NAME=VALUE, e.g. reps.effort_hours=40")
    name, raw = text.split("=", 1)
    name = name.strip()
    try:
        value = yaml.safe_load(raw) if raw.strip() else raw
    except yaml.YAMLError:
        value = raw
    return name, value


def load_scenario(path: str | Path | None = None, overrides: Mapping[str, Any] = {}) -> Scenario:
    """Read a scenario file (or the defaults), apply dotted-name overrides, validate."""
    data = read_yaml(path) if path else {}
    source = str(path) if path else ""
    if data is not None and not isinstance(data, Mapping):
        raise ConfigError(f"{source}: expected a mapping of groups, got {data!r}")
    return validate_scenario(set_dotted(data or {}, overrides), source=source)


def scenario_yaml(scenario: Scenario, *, only_changed: bool = True) -> str:
    """The scenario as YAML that ``load_scenario`` reads back to the same scenario."""
    data = scenario.model_dump(mode="json", exclude_defaults=only_changed)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
