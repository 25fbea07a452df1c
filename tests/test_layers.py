"""The folders are the layers: the model core (sim) imports neither the experiments nor the
front ends, the experiments never import the front ends, and imports sit at module top."""

from __future__ import annotations

import ast
import json
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from experiments.calibrate import report
from experiments.calibrate.simulate import World
from frontends.cli import cli
from tests.helpers import REPO

LAYERS = {"sim": set(), "experiments": {"sim"}, "frontends": {"sim", "experiments"}}
# Imports a function may make itself: heavy dependencies only some commands need.
# ema_workbench (PRIM) pulls in scikit-learn and seaborn and warns at import; only the pattern
# map's analysis needs it. scipy.stats (with SALib's samplers, which load it) costs most of a
# second: only sampled designs, truncated-normal axes and the worlds' draws need it, so a grid
# sweep starts without it (tests/test_cli.py).
LAZY_ALLOWED = {"distributed", "ema_workbench", "scipy", "SALib"}
# The Mesa model, where only a single run needs it: a sweep worker runs batched worlds, and
# importing Mesa (with scipy.spatial) was half of its start-up. And a run's figure (matplotlib),
# which only writing a run's files needs: `rapport params`, `rapport run --check` and a refused
# setting answer without the model and the figures (the last test below).
# And pyabc (with scikit-learn) and the calibration's figures: `rapport calibrate` checks its
# input before it loads them, so a bad file is refused at once.
# And statsmodels' formula interface (with its discrete and generalised models), which only
# the replication's mixed model uses: the app and every predictive-draw worker import the
# replication's analysis. And what the commands of the pattern map, the studies, the
# replication and a sweep's report compute with, which each loads when it runs, so that its
# `--help` and its refusals of options answer in about a second (the last test below).
# And statsmodels' least squares (with scipy.stats), which the curve analysis loads at its
# first fit: the app's page and a report import the analysis, and start without it.
LAZY_MODULES = {
    "statsmodels.regression.linear_model",
    "sim.model",
    "sim.plots",
    "experiments.calibrate.abc",
    "experiments.calibrate.report",
    "statsmodels.formula.api",
    "experiments.report",
    "experiments.execute",
    "experiments.patterns",
    "experiments.pattern_config",
    "experiments.studies",
    "experiments.replicate.multiverse",
    "experiments.replicate.power",
}
# The installed command's launcher, whose whole point is to import the command line inside its
# ``try`` (a Ctrl-C while it loads ends the command in one line): every import of it is lazy.
LAZY_FILES = {"frontends/launch.py"}


def _modules(package: str) -> list[Path]:
    return sorted((REPO / package).rglob("*.py"))


def _imports(tree: ast.AST) -> list[tuple[ast.AST, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node, node.module))
    return found


@pytest.mark.parametrize("package", list(LAYERS))
def test_each_layer_imports_only_the_layers_below_it(package):
    forbidden = set(LAYERS) - LAYERS[package] - {package}
    for path in _modules(package):
        for _, name in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            assert name.split(".")[0] not in forbidden, f"{path.relative_to(REPO)} imports {name}"


def printed_json(code: str) -> list[Any]:
    """Run ``code`` in a fresh interpreter (what it imports is all it loads); each line it
    printed, read as JSON."""
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_importing_the_model_loads_no_experiment_and_no_front_end():
    code = (
        "import json, sys; import sim.model, sim.run, sim.reference, sim.scenarios; "
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('experiments', 'frontends'))))"
    )
    assert printed_json(code) == [[]]


def test_the_sweep_command_loads_no_report_stack_until_its_runs_are_done():
    """``rapport sweep`` plans and runs without the report's plotting and statistics: the report
    command (and with it matplotlib and statsmodels) loads after the runs."""
    code = (
        "import json, sys; import frontends.commands.sweeps; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'matplotlib', 'statsmodels', 'experiments', 'frontends'}))); "
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(('experiments.report', "
        "'experiments.patterns', 'experiments.uncertainty', 'frontends.commands.report')))))"
    )
    packages, report_modules = printed_json(code)[-2:]
    assert "matplotlib" not in packages and "statsmodels" not in packages, packages
    assert {"experiments", "frontends"} <= set(packages)  # the sweep's own modules did load
    assert report_modules == []


def test_a_sweep_worker_starts_without_mesa():
    """What a sweep's worker process imports to run its groups of runs as batched worlds
    (``experiments.runner``, ``sim.batch``) loads neither Mesa nor the model built on it; nor
    does the sweep command itself."""
    code = (
        "import json, sys; import experiments.runner, sim.batch; a = 'mesa' in sys.modules; "
        "import frontends.commands.sweeps; print(json.dumps([a, 'mesa' in sys.modules, "
        "'sim.model' in sys.modules]))"
    )
    assert printed_json(code)[-1] == [False, False, False]


def test_prim_imported_without_source_lines_names_the_workbench_s_classes_as_a_plain_import():
    """``import_prim`` lets the EMA Workbench name its logged classes from the stack without
    reading source lines; each logged method still names its own class, and
    ``inspect.getouterframes`` is the standard library's again after the import."""
    code = (
        "import inspect, json; walk = inspect.getouterframes; "
        "from experiments.patterns import import_prim; prim = import_prim(); "
        "import ema_workbench.em_framework.model as m; "
        "named = sorted({(c.__name__, dict(zip(f.__code__.co_freevars, "
        "(x.cell_contents for x in f.__closure__)))['classname']) "
        "for c in vars(m).values() if isinstance(c, type) and c.__module__ == m.__name__ "
        "for f in vars(c).values() if 'classname' in getattr(getattr(f, '__code__', None), "
        "'co_freevars', ())}); "
        "print(json.dumps([inspect.getouterframes is walk, hasattr(prim, 'Prim'), named]))"
    )
    restored, has_prim, named = printed_json(code)[-1]
    assert restored and has_prim
    assert len(named) >= 4 and all(cls == classname for cls, classname in named), named


def test_the_app_starts_without_the_calibration_stack_figures_or_statistics():
    """``rapport app`` imports its page at start: pyabc (with SQLAlchemy, scikit-learn and Dask)
    loads only when a manager's team file is calibrated, which a page need never do. The page
    also imported matplotlib for its PNG exports, scipy.stats for a t quantile, and statsmodels
    (with scipy.stats) for the curve analysis and, through the team panel, the replication's
    analysis: about a second of CPU at every ``rapport app``. They load when an export, a curve
    or a calibration first needs them. One fresh interpreter for both checks."""
    code = (
        "import json, sys; import frontends.app.page; "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pyabc', 'sqlalchemy', 'sklearn', 'distributed', 'frontends'}))); "
        "print(json.dumps(sorted({'matplotlib', 'statsmodels', 'scipy.stats', 'mesa'} & "
        "set(sys.modules))))"
    )
    packages, modules = printed_json(code)[-2:]
    assert packages == ["frontends"]
    assert modules == ["mesa"]  # the model did load: the page runs it


@pytest.mark.parametrize("module", ["frontends.app.page", "experiments.calibrate.simulate"])
def test_the_app_and_a_predictive_draw_worker_start_without_the_formula_interface(module):
    """The page and each process that simulates a calibration's predictive draws imported
    statsmodels' formula interface, with its generalised, discrete, robust and survival models
    (54 modules), that only the replication's mixed model uses."""
    code = (
        f"import json, sys; import {module}; "
        "print(json.dumps(sorted({'statsmodels.formula.api', 'statsmodels.discrete', "
        "'statsmodels.genmod', 'statsmodels.gam'} & set(sys.modules))))"
    )
    assert printed_json(code)[-1] == []


def test_a_predictive_draw_worker_loads_neither_pyabc_nor_the_figures():
    """A process spawned for a calibration's predictive draws (or a Dask worker given them)
    imports what unpickling its task needs. The task lived beside the page's code, so each such
    process imported pyabc, scikit-learn and matplotlib too: about 3 s of CPU per process
    before its first draw."""
    task = pickle.dumps((report.simulated_where, World()))
    code = (
        f"import json, pickle, sys; pickle.loads({task!r}); "
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pyabc', 'sklearn', 'matplotlib', 'sim'})))"
    )
    assert printed_json(code)[-1] == ["sim"]  # the model did load: the task can run


@pytest.mark.parametrize("package", list(LAYERS))
def test_imports_sit_at_module_top_except_optional_heavy_dependencies(package):
    for path in _modules(package):
        if str(path.relative_to(REPO)) in LAZY_FILES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for imp, name in _imports(node):
                assert name.split(".")[0] in LAZY_ALLOWED or name in LAZY_MODULES, (
                    f"{path.relative_to(REPO)}:{imp.lineno} imports {name} inside {node.name}()"
                )


# What no command's help, listing or refusal needs: the model's Mesa, figures, statistics,
# calibration and scenario discovery.
HEAVY = ("mesa", "matplotlib", "statsmodels", "pyabc", "sklearn", "ema_workbench")


def test_every_command_s_help_and_a_refused_setting_answer_without_the_heavy_stacks(tmp_path):
    """`rapport params` took 3.6 s of CPU, `rapport replicate --help` 4.4 s and `rapport report
    --help` 3.6 s, nearly all of it importing Mesa, matplotlib and statsmodels that only running
    the command needs (about a second each now; `rapport study --list` 2.6 s before, 1.1 s
    now; a refused pattern-map file 3.0 s before, 1.3 s now). Each command line below runs in
    turn, in one fresh interpreter, through the command table as `rapport` does; after each,
    none of the heavy packages may have loaded."""
    refused = tmp_path / "map.yaml"
    refused.write_text("name: m\nsamples: -3\n", encoding="utf-8")
    lines = [
        *([name, "--help"] for name in sorted(cli.lazy)),
        ["params"],
        ["run", "--check", "--out", "never-written"],
        ["run", "--set", "reps.count=abc"],
        ["replicate", "--runs", "1", "--studies", "3"],
        ["report", "no-such-folder"],
        ["study", "--list"],
        ["study", "no_such_study"],
        ["patterns", str(refused), "--out", str(tmp_path / "never-written")],
        ["patterns", "--schema"],
    ]
    code = (
        "import contextlib, io, json, sys\n"
        "from frontends.cli import main\n"
        f"for line in {lines!r}:\n"
        "    sys.argv = ['rapport', *line]\n"
        "    quiet = io.StringIO()\n"
        "    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):\n"
        "        try:\n"
        "            main()\n"
        "        except SystemExit:\n"
        "            pass\n"
        "    loaded = {m.split('.')[0] for m in sys.modules}\n"
        f"    print(json.dumps([line, sorted(loaded & {set(HEAVY)!r})]))\n"
    )
    printed = printed_json(code)
    assert [line for line, _ in printed] == lines  # every line ran
    loaded = {" ".join(line): heavy for line, heavy in printed if heavy}
    assert loaded == {}, loaded
