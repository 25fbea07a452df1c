"""Scenario files: reading YAML, ``--set NAME=VALUE`` assignments, writing a scenario back, and
which team settings a scenario's profiles leave unused.

The schema and its validation live in ``sim.params``; this module moves scenarios between
files, command lines and ``Scenario`` objects, and says what a file sets in vain.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sim.params import PARAMS, ConfigError, Scenario, set_dotted, shorten, validate_scenario
from sim.population import team_means, unreached_events, weeks_text

ALIAS_BUDGET = 10_000
"""Most values that anchors and aliases (``&a``, ``*a``, ``<<: *a``) may add to a YAML document.

Aliases let a few bytes stand for an exponential number of values (the "billion laughs"); a
scenario or sweep file needs a handful, so more than this is refused before anything expands.
"""


INT_TAG, FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"
TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class _BoundedLoader(yaml.SafeLoader):
    """PyYAML's safe loader, with numbers as YAML 1.2 reads them, duplicate keys refused and
    alias expansion bounded (ALIAS_BUDGET).

    PyYAML follows YAML 1.1, where a leading zero makes a number octal (``010`` is 8, ``040`` h
    is 32 h) and colons make it base 60 (``1:30`` is 90): silently another number than the one
    written. Here, as in YAML 1.2 and every spreadsheet, ``010`` is 10, octal and hexadecimal
    need ``0o`` and ``0x``, ``1:30`` is text (which validation then refuses), and ``1e3`` is a
    number. A key given twice in one mapping is refused: PyYAML keeps the last silently. A
    date (``2024-01-01``) is text, as in YAML 1.2's core schema: no setting is a date, and
    validation names the field that got one.
    """

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        text = str(self.construct_scalar(node)).replace("_", "")
        if text[:2] in ("0o", "0x"):
            return int(text[2:], 8 if text[1] == "o" else 16)
        return int(text, 10)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # A value with an explicit tag that does not fit it (``!!float "abc"``, ``!!int
        # "1.5"``, ``!!bool "maybe"``): PyYAML's constructors raise Python's own errors there,
        # which would reach the user as a traceback. Said as YAML's error, at the value.
        try:
            return super().construct_object(node, deep=deep)
        except (ValueError, TypeError, IndexError, KeyError, AttributeError, OverflowError):
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            value = node.value if isinstance(node, yaml.ScalarNode) else type(node).__name__
            raise yaml.constructor.ConstructorError(
                None, None, f"{value!r} cannot be read as {tag}", node.start_mark
            ) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        if not isinstance(node, yaml.MappingNode):  # ``!!map [1]``: YAML's own refusal
            return super().construct_mapping(node, deep=deep)
        seen: dict[tuple[str, str], int] = {}
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
                line = key.start_mark.line + 1
                if (key.tag, key.value) in seen:
                    first = seen[key.tag, key.value]
                    lines = f"line {line}" if first == line else f"lines {first} and {line}"
                    raise ConfigError(
                        f"{key.value!r} is given twice in one mapping ({lines}): YAML would keep"
                        " only the last; give it once"
                    )
                seen[key.tag, key.value] = line
        return super().construct_mapping(node, deep=deep)

    def compose_document(self) -> yaml.Node | None:
        node = super().compose_document()
        if node is not None:
            added = _expanded_size(node, {}, set()) - len(_distinct_nodes(node))
            if added > ALIAS_BUDGET:
                raise ConfigError(
                    f"anchors and aliases expand to more than {ALIAS_BUDGET:,} extra values; "
                    "write the values out instead of nesting aliases"
                )
        return node


# The resolvers of every tag but numbers and dates, then YAML 1.2's core schema for numbers
# (ints first: a plain scalar gets the first tag whose pattern matches); digits may be grouped
# with ``_`` as PyYAML allows.
_BoundedLoader.yaml_implicit_resolvers = {
    first: [
        (tag, regexp) for tag, regexp in resolvers if tag not in (INT_TAG, FLOAT_TAG, TIMESTAMP_TAG)
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_BoundedLoader.add_implicit_resolver(
    INT_TAG,
    re.compile(r"^(?:[-+]?[0-9][0-9_]*|0o[0-7_]+|0x[0-9a-fA-F_]+)$"),
    list("-+0123456789"),
)
_BoundedLoader.add_implicit_resolver(
    FLOAT_TAG,
    re.compile(
        r"^(?:[-+]?(?:\.[0-9][0-9_]*|[0-9][0-9_]*(?:\.[0-9_]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
_BoundedLoader.add_constructor(INT_TAG, _BoundedLoader.construct_yaml_int)


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, quoting every text that ``parse_yaml`` would read as a number (such
    as ``1e3`` or ``0o7``, which YAML 1.1 leaves as text), so what is written reads back equal."""


_Dumper.yaml_implicit_resolvers = _BoundedLoader.yaml_implicit_resolvers


def dump_yaml(data: Any) -> str:
    """YAML text that ``parse_yaml`` reads back to ``data`` (keys in their order, any script)."""
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _expanded_size(node: yaml.Node, sizes: dict[int, int], open_nodes: set[int]) -> int:
    """How many values ``node`` stands for once every alias is written out (memoised: the
    composed graph shares a node wherever an alias points to it, so this stays cheap)."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if key in open_nodes:
        raise ConfigError("an alias refers to a value that contains it (a recursive anchor)")
    open_nodes.add(key)
    size = 1 + sum(_expanded_size(child, sizes, open_nodes) for child in _children(node))
    open_nodes.discard(key)
    sizes[key] = size
    return size


def _distinct_nodes(root: yaml.Node) -> set[int]:
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen.add(id(node))
            stack.extend(_children(node))
    return seen


def parse_yaml(text: str) -> Any:
    """YAML text to Python values: safe types only, alias expansion bounded (ALIAS_BUDGET),
    German decimal commas refused (``check_decimal_commas``).

    The only YAML reader of scenario and sweep files and of ``--set`` values.
    """
    data = yaml.load(text, Loader=_BoundedLoader)
    check_decimal_commas(text)
    return data


DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


def check_decimal_commas(text: str) -> None:
    """Refuse numbers written with a decimal comma, as many of Rapport's users write them: YAML
    reads ``0,5`` as the text "0,5", ``[1,5, 2,5]`` as the four numbers 1, 5, 2 and 5 (a sweep
    axis of other values than meant, without a word) and ``{perception: 0,5}`` as a key "5". A
    comma between two digits counts as a decimal comma in a plain value, in a flow mapping, and
    in a flow list that also has commas followed by a space; ``[20,30,40]`` stays three
    numbers.

    Raises:
        ConfigError: naming the line (of a file), the value and how to write it.
    """

    def refuse(at: yaml.Mark, problem: str) -> None:
        where = f"line {at.line + 1}: " if "\n" in text.strip() else ""
        raise ConfigError(f"{where}{problem}")

    def comma(number: str) -> str:
        return f"a decimal comma? write decimals with a point ({number.replace(',', '.')})"

    def tight(index: int) -> str | None:  # the number around a comma between two digits
        if 0 < index < len(text) - 1 and text[index - 1].isdigit() and text[index + 1].isdigit():
            start, end = index - 1, index + 1
            while start > 0 and text[start - 1].isdigit():
                start -= 1
            while end < len(text) - 1 and text[end + 1].isdigit():
                end += 1
            return text[start : end + 1]
        return None

    # Per open flow collection: whether it is a mapping, its commas between two digits, and for
    # each other comma whether a space follows it.
    flows: list[tuple[bool, list[tuple[yaml.Mark, str]], list[bool]]] = []
    for token in yaml.scan(text, Loader=_BoundedLoader):
        if isinstance(token, yaml.FlowSequenceStartToken | yaml.FlowMappingStartToken):
            flows.append((isinstance(token, yaml.FlowMappingStartToken), [], []))
        elif isinstance(token, yaml.FlowSequenceEndToken | yaml.FlowMappingEndToken) and flows:
            mapping, commas, spaced = flows.pop()
            if commas and (mapping or any(spaced)):
                at, number = commas[0]
                two = number.replace(",", " and ")
                refuse(at, f"{number} reads as two numbers, {two}: {comma(number)}")
        elif isinstance(token, yaml.FlowEntryToken) and flows:
            found = tight(token.start_mark.index)
            if found is not None:
                flows[-1][1].append((token.start_mark, found))
            else:
                flows[-1][2].append(text[token.end_mark.index : token.end_mark.index + 1] == " ")
        elif isinstance(token, yaml.ScalarToken) and token.plain:
            if DECIMAL_COMMA.fullmatch(token.value) and not flows:
                refuse(token.start_mark, f"{token.value} is not a number: {comma(token.value)}")


def read_yaml(path: str | Path) -> Any:
    """Parse a YAML file with ``parse_yaml``; problems become one-line ConfigErrors."""
    path = Path(path)
    if path.is_dir():
        raise ConfigError(f"{path}: a folder, not a file")
    if not path.is_file():
        raise ConfigError(f"{path}: file not found")
    try:
        return parse_yaml(path.read_text(encoding="utf-8"))
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: YAML nested too deeply") from None
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
    if not name:
        raise ConfigError(
            f"--set {text!r}: no parameter name before '='; e.g. reps.effort_hours=40"
        )
    try:
        value = parse_yaml(raw) if raw.strip() else raw
    except yaml.YAMLError:
        value = raw
    except ConfigError as exc:
        raise ConfigError(f"--set {name}: {exc}") from None
    return name, value


def named_as(message: str, given: Mapping[str, str], otherwise: str = "") -> str:
    """A refusal named as its value was given: ``message`` starts with the parameter at fault
    ("reps.count: 10.5 is not a whole number"), which ``given`` maps to how it was given
    ("--set reps.count", "--weeks", "set.reps.count"); a message of another starts with
    ``otherwise``.

    The same mistake had read "--set reps.perception: 0,5 …" but "reps.efort_hours: unknown
    parameter", and "set.reps.cout: …" but "set: reps.count: …" (an analyst's audit).
    """
    name, colon, rest = message.partition(": ")
    return f"{given[name]}: {rest}" if colon and name in given else otherwise + message


def load_scenario(path: str | Path | None = None, overrides: Mapping[str, Any] = {}) -> Scenario:
    """Read a scenario file (or the defaults), apply dotted-name overrides, validate."""
    if path is not None and not isinstance(path, str | os.PathLike):
        raise ConfigError(
            f"path: expected a scenario file's path, got a {type(path).__name__} (a mapping of "
            "groups is validated by sim.params.validate_scenario)"
        )
    data = read_yaml(path) if path else {}
    source = str(path) if path else ""
    if data is not None and not isinstance(data, Mapping):
        raise ConfigError(f"{source}: expected a mapping of groups, got {shorten(data)}")
    return validate_scenario(set_dotted(data or {}, overrides), source=source)


def scenario_yaml(scenario: Scenario, *, only_changed: bool = True) -> str:
    """The scenario as YAML that ``load_scenario`` reads back to the same scenario."""
    data = scenario.model_dump(mode="json", exclude_defaults=only_changed)
    return dump_yaml(data)


# The team traits a profile may set for its own reps (``sim.params.Profile``); a profile that
# leaves one out takes the team's value.
PROFILE_TRAITS = ("reps.effort_hours", "reps.perception", "reps.regulation")


@dataclass(frozen=True)
class ProfileOverride:
    """A team setting that every profile of the team overrides: it acts nowhere.

    Said like ``sim.params.InertSetting`` (``text``, ``unless``), so the CLI and sweeps name it
    the same way.
    """

    name: str  # the team's setting, e.g. ``reps.effort_hours``
    value: Any  # the team's value, unused
    profiles: tuple[tuple[str, float], ...]  # each profile's name and its own value

    @property
    def trait(self) -> str:
        """The profiles' key for it, e.g. ``effort_hours``."""
        return self.name.split(".")[1]

    def own(self) -> str:
        """The profiles' values, e.g. ``hard worker 60, smart worker 60``."""
        return ", ".join(f"{name} {value:g}" for name, value in self.profiles)

    def unless(self) -> str:
        """What would let it act, and why it does not."""
        return f"a profile leaves out {self.trait} (every profile sets its own: {self.own()})"

    def text(self) -> str:
        """For the CLI: ``reps.effort_hours = 10 has no effect unless a profile leaves out ...``."""
        return f"{self.name} = {self.value:g} has no effect unless {self.unless()}"


def profile_overrides(scenario: Scenario, *, given_only: bool = False) -> list[ProfileOverride]:
    """The team settings (``PROFILE_TRAITS``) that every profile of ``scenario`` sets for its own
    reps, so that the team's value acts nowhere (none without profiles).

    Args:
        scenario: The scenario.
        given_only: Only those the scenario gives: set in its file or by ``--set`` (as read by
            ``load_scenario``), or away from their defaults.
    """
    reps = scenario.reps
    found = []
    for name, own in set_by_every_profile(reps.profiles).items():
        trait = name.split(".")[1]
        value = getattr(reps, trait)
        given = trait in reps.model_fields_set or value != PARAMS[name].default
        if given or not given_only:
            found.append(ProfileOverride(name, value, own))
    return found


def set_by_every_profile(profiles: Iterable[Any]) -> dict[str, tuple[tuple[str, float], ...]]:
    """The team traits (``PROFILE_TRAITS``) that every one of ``profiles`` sets for its own reps:
    dotted name -> each profile's name and value, in the profiles' order (none without
    profiles). A trait some profile leaves out takes the team's value there and is not listed."""
    profiles = list(profiles)
    found = {}
    for name in PROFILE_TRAITS:
        own = tuple((p.name, getattr(p, name.split(".")[1])) for p in profiles)
        if own and all(v is not None for _, v in own):
            found[name] = own
    return found


def first_review(scenario: Scenario) -> int | None:
    """The first week a management review can raise effort, as ``sim.model.manage_team`` runs
    it: each review compares the team's revenue over the last ``review_weeks`` with the period
    before, so the first that can act comes once two periods are over, in week
    2 × ``review_weeks`` + 1. None where the manager puts no pressure (``pressure_step`` 0)."""
    m = scenario.management
    return 2 * m.review_weeks + 1 if m.pressure_step > 0 else None


def pressure_capped(scenario: Scenario) -> float | None:
    """The lowest mean effort of the team's reps (``sim.population.team_means``) where the
    manager's cap is at or below it, so pressure raises none of them (``sim.model.manage_team``
    raises a rep only up to ``max_effort``), but at most those the effort spread puts below it;
    None where the pressure can act or there is none."""
    m = scenario.management
    if m.pressure_step == 0:
        return None
    lowest = float(team_means(scenario)[1][0].min())
    return lowest if m.max_effort <= lowest else None


def coaching_inside(scenario: Scenario, weeks: int | None = None) -> int | None:
    """How many of the coaching programme's weeks a run of ``weeks`` (the scenario's own unless
    given) holds, where the programme starts within it but runs past its end; None otherwise.
    Its gains then come only in part (``sim.model.coach_reps`` spreads them over the
    programme's weeks), and a comparison would judge a third of a programme as a whole one."""
    c = scenario.coaching
    weeks = scenario.simulation.weeks if weeks is None else weeks
    coached = c.perception_gain > 0 or c.regulation_gain > 0
    if coached and c.start_week < weeks < c.start_week + c.duration_weeks:
        return weeks - c.start_week
    return None


def cut_short(scenario: Scenario) -> list[str]:
    """A coaching programme the run's end cuts short (``coaching_inside``), as a note."""
    c, weeks, inside = scenario.coaching, scenario.simulation.weeks, coaching_inside(scenario)
    if inside is None:
        return []
    return [
        f"coaching.duration_weeks = {c.duration_weeks}: the programme from week "
        f"{c.start_week + 1} has only {inside} of its {c.duration_weeks} weeks within the run's "
        f"{weeks_text(weeks)}, so it gives only part of its gains"
    ]


def unreached_reviews(scenario: Scenario) -> list[str]:
    """Management pressure that cannot act: capped at or below the team's effort
    (``pressure_capped``), or with its first review after the run's end; said as
    ``sim.population.unreached_events`` says it of coaching and hiring (the notes are text, not
    rules: they live outside the model's fingerprinted files)."""
    m = scenario.management
    lowest = pressure_capped(scenario)
    if lowest is not None:
        return [
            f"management.max_effort = {m.max_effort:g} is not above the team's effort (every "
            f"rep's mean is {lowest:g} h or more), so management.pressure_step = "
            f"{m.pressure_step:g} raises at most the few reps the effort spread puts below it"
        ]
    first, weeks = first_review(scenario), scenario.simulation.weeks
    if first is None or first <= weeks:
        return []
    return [
        f"management.review_weeks = {m.review_weeks}: the first review that can raise effort "
        f"compares two periods of {weeks_text(m.review_weeks)}, in week {first}, after the run "
        f"ends with week {weeks}, so management.pressure_step = {m.pressure_step:g} never acts"
    ]


EFFORT = "reps.effort_hours"
PRESSURE = "management.pressure_step"


@dataclass(frozen=True)
class ScheduledTrait:
    """A team trait that ``scenario``'s own schedule moves during its runs: an intervention sets
    it (``value``) from ``week`` on, management pressure raises effort at reviews from the first
    one that can act, or coaching raises empathy from the week after its start."""

    name: str  # the trait, e.g. "reps.effort_hours"
    kind: str  # "intervention", "pressure" or "coaching"
    week: int  # the first week it moves
    setting: str  # what moves it: "interventions.0", "management.pressure_step", …
    value: float  # the intervention's new team mean, the pressure step or the coaching gain

    def text(self, where: str = " at every point") -> str:
        """What happens to an axis of this trait: as a sweep's note (``where`` its points), or
        as a study's refusal (``where`` "")."""
        if self.kind == "intervention":
            return (
                f"{self.setting} sets {self.name} to {self.value:g} from week {self.week}{where}: "
                f"the axis {self.name} acts only in weeks 1–{self.week - 1}"
            )
        what = "effort at reviews" if self.kind == "pressure" else self.name.split(".")[1]
        return (
            f"{self.setting} = {self.value:g} raises {what} from week {self.week}{where}: the "
            f"axis {self.name} sets only the value the team starts with"
        )


def scheduled_traits(scenario: Scenario, names: Iterable[str]) -> list[ScheduledTrait]:
    """Which of the traits ``names`` (a sweep's or a study's axes) ``scenario``'s own
    interventions, management pressure or coaching move within its weeks, unless what moves
    them is itself among ``names``. An axis of such a trait compares teams only until then, or
    only at their start: worth saying before the runs (``experiments.plan.inert_axes``), or
    refusing (``experiments.studies.check_axes_act``)."""
    names = set(names)
    weeks = scenario.simulation.weeks
    found = [
        ScheduledTrait(f"reps.{trait}", "intervention", change.week + 1, f"interventions.{i}", v)
        for i, change in enumerate(scenario.interventions)
        for trait, v in change.changes.items()
        if f"reps.{trait}" in names and change.week < weeks
    ]
    first, step = first_review(scenario), scenario.management.pressure_step
    if EFFORT in names and first is not None and first <= weeks and PRESSURE not in names:
        found.append(ScheduledTrait(EFFORT, "pressure", first, PRESSURE, step))
    c = scenario.coaching
    for trait, gain in (("perception", c.perception_gain), ("regulation", c.regulation_gain)):
        setting = f"coaching.{trait}_gain"
        if f"reps.{trait}" in names and gain > 0 and c.start_week < weeks and setting not in names:
            found.append(
                ScheduledTrait(f"reps.{trait}", "coaching", c.start_week + 1, setting, gain)
            )
    return found


def schedule_notes(scenario: Scenario) -> list[str]:
    """Everything ``scenario`` schedules that its run never reaches, reaches only in part or
    gives no rep: ``sim.population.unreached_events``, ``unreached_reviews`` and
    ``cut_short``; said before a run (``rapport run``) and for a sweep's every point."""
    return [*unreached_events(scenario), *unreached_reviews(scenario), *cut_short(scenario)]


def notes_before_run(scenario: Scenario) -> list[str]:
    """What ``rapport run`` notes before a run, in English (``sim.texts.note_text`` says each in
    German): settings that cannot act (``inert_settings``), team values the scenario gives that
    every profile replaces (``profile_overrides``), and what its run never reaches
    (``schedule_notes``)."""
    return [
        *(inert.text() for inert in scenario.inert_settings()),
        *(override.text() for override in profile_overrides(scenario, given_only=True)),
        *schedule_notes(scenario),
    ]
