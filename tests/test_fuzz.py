"""Generated scenario and sweep files thrown at the real `rapport` entry point.

The claim: whatever a file holds (wrong types, true/false, NaN, huge or negative numbers, long
lists, unknown keys, anchors and aliases, broken YAML), `rapport run --check` and
`rapport sweep --dry-run` end with exit 0, or with exit 2 and exactly one line on stderr; never
a traceback. In-process through ``frontends.cli.main`` (the installed command's entry) for many
examples, and as real processes for a few.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path
from unittest import mock

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from frontends.cli import main
from sim.params import PARAMS

RAPPORT = str(Path(sys.executable).with_name("rapport"))
GROUPS = sorted({name.split(".")[0] for name in PARAMS})
LEAVES = {g: sorted(n.split(".", 1)[1] for n in PARAMS if n.startswith(g + ".")) for g in GROUPS}
METHODS = ["grid", "random", "lhs", "sobol", "morris"]
mostly = st.integers(0, 9).map(lambda i: i > 0)  # True 9 times in 10: reach deeper checks
NUMERIC = [p for p in PARAMS.values() if p.type in ("int", "float")]

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=12,
)


@st.composite
def near_bounds(draw, spec=None) -> tuple[str, object]:
    """A real parameter (or ``spec``) with a value at, inside or just outside its bounds."""
    spec = spec or draw(st.sampled_from(NUMERIC))
    low = spec.minimum if spec.minimum is not None else -1e6
    high = spec.maximum if spec.maximum is not None else 1e6
    value = draw(
        st.one_of(
            st.sampled_from([low, high, low - 1, high + 1, (low + high) / 2]),
            st.floats(min_value=float(low), max_value=float(high)),
        )
    )
    return spec.name, int(value) if spec.type == "int" and draw(st.booleans()) else value


@st.composite
def scenario_data(draw) -> dict:
    """A scenario-shaped mapping: real groups and keys mostly, with wrong ones mixed in."""
    data: dict = {}
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(["near", "near", "any", "unknown"]))
        if kind == "near":
            name, value = draw(near_bounds())
            group, leaf = name.split(".", 1)
        elif kind == "any":
            group = draw(st.sampled_from(GROUPS))
            leaf = draw(st.sampled_from(LEAVES[group]))
            value = draw(values)
        else:
            group = draw(st.sampled_from([*GROUPS, draw(st.text(max_size=12))]))
            leaf, value = draw(st.text(max_size=12)), draw(values)
        node = data.setdefault(group, {})
        if isinstance(node, dict):
            node[leaf] = value
    if draw(st.booleans()):
        data.setdefault("reps", {})["profiles"] = draw(
            st.lists(
                st.fixed_dictionaries(
                    {"name": st.one_of(st.text(max_size=8), scalars), "share": scalars},
                    optional={"effort_hours": scalars, "perception": scalars},
                ),
                max_size=3,
            )
        )
    if draw(st.integers(0, 9)) == 0:
        return draw(values)  # not a mapping at all
    return data


@st.composite
def sweep_data(draw) -> dict:
    """A sweep-shaped mapping: method, axes of lists, ranges or distributions, set, record."""
    names = st.one_of(st.sampled_from(sorted(PARAMS)), st.text(max_size=12))
    number = st.one_of(
        st.integers(-5, 100), st.floats(allow_nan=True, allow_infinity=True), scalars
    )
    axis = st.one_of(
        st.lists(number, max_size=4),
        st.fixed_dictionaries(
            {"start": number, "stop": number}, optional={"num": st.integers(-2, 50), "step": number}
        ),
        st.fixed_dictionaries(
            {"min": number, "max": number}, optional={"mean": number, "sd": number}
        ),
        st.fixed_dictionaries({"link": names}),
        values,
    )
    parameters = {}
    for _ in range(draw(st.integers(0, 3))):
        if draw(mostly):  # a real parameter with values, a range or a distribution near bounds
            spec = draw(st.sampled_from(NUMERIC))
            near = st.builds(lambda pair: pair[1], near_bounds(spec))
            parameters[spec.name] = draw(
                st.one_of(
                    st.lists(near, min_size=1, max_size=4),
                    st.fixed_dictionaries(
                        {"start": near, "stop": near, "num": st.integers(-1, 12)}
                    ),
                    st.fixed_dictionaries({"min": near, "max": near}),
                )
            )
        else:
            parameters[draw(names)] = draw(axis)
    data = {
        "name": draw(st.text(min_size=1, max_size=10)) if draw(mostly) else draw(scalars),
        "sweep": {
            "method": draw(st.sampled_from(METHODS)) if draw(mostly) else draw(scalars),
            "parameters": parameters,
            "replications": draw(st.integers(-1, 3)) if draw(mostly) else draw(scalars),
        },
    }
    if data["sweep"]["method"] in ("random", "lhs", "sobol") or not draw(mostly):
        data["sweep"]["samples"] = draw(st.integers(-1, 64)) if draw(mostly) else draw(scalars)
    if draw(st.booleans()):
        data["set"] = dict([draw(near_bounds())])
    if not draw(mostly):
        data["record"] = {"metrics": draw(values), "every": draw(number)}
    if not draw(mostly):
        data["execution"] = {"workers": draw(number), "address": draw(values)}
    if draw(st.integers(0, 9)) == 0:
        data[draw(st.text(max_size=8))] = draw(values)
    return data


@st.composite
def yaml_text(draw, shapes) -> str:
    """YAML of a generated mapping, sometimes broken or with aliases, sometimes any text."""
    text = yaml.safe_dump(draw(shapes), allow_unicode=True, sort_keys=False)
    change = draw(st.integers(0, 9))
    if change == 0:
        return draw(st.text(max_size=200))
    if change == 1 and text:
        at = draw(st.integers(0, len(text)))
        return (
            text[:at]
            + draw(st.sampled_from([":", "- ", "&a", "*a", "\t", "{", "]", "\x00"]))
            + text[at:]
        )
    if change == 2:
        lol = 'lol: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
        lol += "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]\n" for i in range(1, 7))
        return lol + text
    return text


def run_cli(*args: str) -> tuple[int, str]:
    """``rapport ARGS`` through the installed entry point, in this process: (exit code, stderr)."""
    err, out = io.StringIO(), io.StringIO()
    code = 0
    with mock.patch.object(sys, "argv", ["rapport", *args]):
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                main()
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    return code, err.getvalue()


def assert_clean(code: int, stderr: str, text: str) -> None:
    assert "Traceback" not in stderr, f"{stderr}\n--- file ---\n{text}"
    if code == 0:
        return
    assert code == 2, f"exit {code}: {stderr}\n--- file ---\n{text}"
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("rapport: error: "), stderr


FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def check_in_process(tmp_path_factory, text: str, *command: str) -> None:
    """Write ``text`` to a file, run ``rapport COMMAND[0] FILE COMMAND[1:]``, check the exit."""
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "file.yaml"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    code, stderr = run_cli(command[0], str(path), *command[1:], "--out", str(folder / "o"))
    assert_clean(code, stderr, text)


@FUZZ
@given(text=yaml_text(scenario_data()))
def test_any_scenario_file_gives_exit_0_or_one_line_and_exit_2(tmp_path_factory, text):
    check_in_process(tmp_path_factory, text, "run", "--check")


@FUZZ
@given(text=yaml_text(sweep_data()))
def test_any_sweep_file_gives_exit_0_or_one_line_and_exit_2(tmp_path_factory, text):
    check_in_process(tmp_path_factory, text, "sweep", "--dry-run")


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario=yaml_text(scenario_data()), sweep=yaml_text(sweep_data()))
def test_the_installed_command_agrees_as_a_real_process(tmp_path_factory, scenario, sweep):
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "s.yaml").write_text(scenario, encoding="utf-8", errors="surrogatepass")
    (folder / "sweep.yaml").write_text(sweep, encoding="utf-8", errors="surrogatepass")
    for args, text in (
        (["run", "s.yaml", "--check", "--out", "o"], scenario),
        (["sweep", "sweep.yaml", "--dry-run", "--out", "o"], sweep),
    ):
        done = subprocess.run(
            [RAPPORT, *args], cwd=folder, capture_output=True, text=True, timeout=300
        )
        assert_clean(done.returncode, done.stderr, text)
