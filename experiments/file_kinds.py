"""Which command a YAML file is for: a file given to the wrong command is refused naming the
right one, not with the first of its keys that the command does not know.

A scenario given to ``rapport sweep`` was refused as "reps: unknown key 'reps'", and a sweep
given to ``rapport run`` as "name: unknown key 'name' (did you mean 'management'?)": true, but
it sent the user to fix a file that was right. Each kind of file is told by keys no other kind
has at its top level; a file of none of them (or one that cannot be read) keeps the command's
own refusal.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sim.params import ConfigError, Scenario
from sim.scenarios import read_yaml


@dataclass(frozen=True)
class FileKind:
    name: str  # what the commands call it: "scenario", "sweep", "calibration", "patterns"
    noun: str  # said in a refusal: "a sweep file"
    keys: tuple[str, ...]  # top-level keys only this kind has; empty: the scenario's groups
    command: str  # the command that reads it


SCENARIO = FileKind("scenario", "a scenario file", (), "rapport run")
KINDS = (
    FileKind("sweep", "a sweep file", ("sweep",), "rapport sweep"),
    FileKind("calibration", "a calibration file", ("targets", "abc"), "rapport calibrate"),
    FileKind(
        "patterns", "a pattern-map file", ("criteria", "scan", "samples", "horizons"),
        "rapport patterns",
    ),
)  # fmt: skip
BY_NAME = {kind.name: kind for kind in (SCENARIO, *KINDS)}


def kind_of(data: Any) -> tuple[FileKind, str] | None:
    """The kind of a file's contents and the key that tells it, or None if no kind is sure."""
    if not isinstance(data, Mapping) or not data:
        return None
    keys = [str(key) for key in data]
    for kind in KINDS:
        told = next((key for key in kind.keys if key in keys), None)
        if told is not None:
            return kind, told
    if set(keys) <= set(Scenario.model_fields):
        return SCENARIO, keys[0]
    return None


def wrong_kind(path: str | Path, expected: str) -> str | None:
    """The refusal of ``path`` given where a file of kind ``expected`` belongs, if it is a
    file of another kind; None if it is of that kind, of none or unreadable."""
    try:
        found = kind_of(read_yaml(path))
    except ConfigError:
        return None
    if found is None or found[0].name == expected:
        return None
    kind, key = found
    also = " (or name it as a sweep file's base:)" if kind is SCENARIO else ""
    return (
        f"{path}: this is {kind.noun} (it has {key}:), not {BY_NAME[expected].noun}; "
        f"run it with {kind.command} {path}{also}"
    )


@contextmanager
def read_as(path: str | Path | None, expected: str) -> Iterator[None]:
    """Refusals of ``path`` while reading it as a file of kind ``expected``: the command's own,
    unless the file is of another kind (``wrong_kind``)."""
    try:
        yield
    except ConfigError:
        hint = wrong_kind(path, expected) if path is not None else None
        if hint is None:
            raise
        raise ConfigError(hint) from None
