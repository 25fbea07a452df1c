"""The model's fingerprint (``MODEL_VERSION``) changes whenever a file that affects results does,
so sweeps never reuse stored runs of an older model."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim import ENGINES, MODEL_VERSION, fingerprint, model_files, stored_fingerprint

SIM = Path(__file__).resolve().parents[1] / "sim"


def modules_the_engines_load() -> set[str]:
    """The ``sim`` modules a fresh interpreter has loaded after importing the single run and
    the batched worlds."""
    code = (
        "import sys, sim.model, sim.batch\n"
        "print(' '.join(m.split('.')[1] for m in sys.modules if m.startswith('sim.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=SIM.parent
    )
    return set(out.stdout.split())


def test_every_module_the_model_and_the_batched_worlds_load_is_fingerprinted():
    # The batched worlds make every sweep's, study's and map's runs: a changed batch.py must
    # not let a sweep reuse runs stored under the old one (it was left out until 2026-12-05).
    assert set(ENGINES) == {"model", "batch"}
    loaded = modules_the_engines_load()
    assert {"model", "batch", "results", "metrics", "params", "priors", "population"} <= loaded
    assert {"state", "agents"} <= loaded
    assert {p.stem for p in model_files(SIM)} == loaded


def test_the_fingerprint_is_that_of_the_source_tree():
    assert fingerprint(SIM) == MODEL_VERSION


def copied(tmp_path: Path) -> Path:
    copy = tmp_path / "sim"
    shutil.copytree(SIM, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def edited(copy: Path, name: str, pattern: str, replacement: str) -> None:
    """Replace the first match of ``pattern`` in ``copy/name`` (which must have one)."""
    path = copy / name
    text = path.read_text(encoding="utf-8")
    changed, found = re.subn(pattern, replacement, text, count=1)
    assert found == 1, f"{pattern!r} not in {name}"
    path.write_text(changed, encoding="utf-8")


@pytest.mark.parametrize("name", sorted(p.name for p in model_files(SIM)))
def test_changing_any_model_file_changes_the_fingerprint(tmp_path, name):
    copy = copied(tmp_path)
    before = fingerprint(copy)
    with open(copy / name, "a", encoding="utf-8") as handle:
        handle.write("\nCHANGED_RULE = 1\n")
    assert fingerprint(copy) != before


# Wording a reader reads and the model never computes with (an analyst's audit: German labels
# reworded in sim/params.py changed the model version, and a stored sweep could not resume).
WORDING = {
    "a German description": ("params.py", r'description_de="', 'description_de="Neu: '),
    "an English label": ("params.py", r'label="', 'label="New '),
    "an English description": ("params.py", r'description="', 'description="Reworded: '),
    "a description given by position": ("params.py", r"(param\(\s*0\.5,\s*)\"", r'\1"Now '),
    "a prior's reason": ("priors.py", r'"No source\.', '"Unsourced.'),
    "a metric's descriptions": (
        "metrics.py",
        r"(_metric\(\s*\"revenue\",\s*\"[^\"]*\",\s*)\"",
        r'\1"A ',
    ),
    "a docstring": ("model.py", r'"""', '"""Reworded. '),
    "an error message": ("params.py", r'raise ConfigError\(f?"', 'raise ConfigError("Reworded: '),
    "a comment": ("model.py", r"\n", "\n# a note\n"),
    "the layout": ("batch.py", r"\n\n\n", "\n\n\n\n"),
}


RULES = {
    "a default": ("params.py", r"(share: float = param\(\s*)0\.5", r"\g<1>0.6"),
    "a bound": ("params.py", r"le=80,", "le=81,"),
    "a unit": ("params.py", r'unit="h/week"', 'unit="h/month"'),
    "a prior's range": ("priors.py", r"(_u\(\s*)0\.0,", r"\g<1>0.5,"),
    "a choice": ("params.py", r'Literal\["rate", "discrete"\]', 'Literal["rate", "whole"]'),
    "a metric's name": ("metrics.py", r'_metric\(\s*"revenue"', '_metric("sales"'),
    "the kind of error raised": ("params.py", r"raise ConfigError\(", "raise ValueError("),
}


@pytest.mark.parametrize(
    "what, moves", [(w, False) for w in sorted(WORDING)] + [(r, True) for r in sorted(RULES)]
)
def test_wording_keeps_the_fingerprint_and_what_can_change_a_result_moves_it(tmp_path, what, moves):
    """Wording, comments and layout keep the version; defaults, bounds, units, prior ranges,
    choices, names and the kind of an error move it."""
    copy = copied(tmp_path)
    before = fingerprint(copy)
    edited(copy, *(RULES if moves else WORDING)[what])
    assert (fingerprint(copy) != before) is moves


def other_pythons() -> list[str]:
    """Interpreters of Python 3.12 or later on this machine besides the one running the tests
    (the project supports 3.12 and later)."""
    names = [f"python3.{minor}" for minor in range(12, 16)]
    found = {shutil.which(name) for name in names} - {None}
    pyenv = Path.home() / ".pyenv" / "versions"
    found |= {str(p / "bin" / "python") for p in pyenv.glob("3.1[2-9]*") if (p / "bin").is_dir()}
    running = Path(sys.executable).resolve()
    return sorted(p for p in found if p and Path(p).resolve() != running)


def test_other_pythons_compute_the_same_fingerprint():
    """The fingerprint hashes the blanked code as ``ast.unparse`` writes it: Python 3.12 and
    3.13 must write it alike, or stored runs would look like another model's on the other."""
    pythons = other_pythons()
    if not pythons:
        pytest.skip("no other Python 3.12+ on this machine")
    code = "from pathlib import Path; from sim import fingerprint; print(fingerprint(Path('sim')))"
    compared = 0
    for python in pythons:
        out = subprocess.run(
            [python, "-P", "-c", code],
            capture_output=True,
            text=True,
            cwd=SIM.parent,
            env={"PYTHONPATH": str(SIM.parent)},
        )
        if out.returncode != 0 and "SyntaxError" not in out.stderr:
            continue  # not a usable interpreter (a pyenv shim without that version)
        assert out.stdout.split() == [MODEL_VERSION], (python, out.stderr[-300:])
        compared += 1
    if not compared:
        pytest.skip(f"none of {pythons} runs")


def test_presentation_files_do_not_change_the_fingerprint(tmp_path):
    copy = tmp_path / "sim"
    shutil.copytree(SIM, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint(copy)
    with open(copy / "plots.py", "a", encoding="utf-8") as handle:
        handle.write("\n# another colour\n")
    assert fingerprint(copy) == before


def test_the_stored_fingerprint_is_used_only_for_the_very_sources_it_was_computed_from(tmp_path):
    """Each process imports ``sim``; the version is kept beside the sources' hash, so that it
    is computed once (about half a second), and anew as soon as any source file changes."""
    copy = copied(tmp_path)
    kept = copy / "__pycache__" / "model_version.json"
    assert not kept.exists()
    version = stored_fingerprint(copy)
    assert version == fingerprint(copy) and kept.is_file()
    stored = json.loads(kept.read_text())
    kept.write_text(json.dumps({**stored, "model_version": "kept"}))
    assert stored_fingerprint(copy) == "kept"  # the same sources: read, not computed
    with open(copy / "plots.py", "a", encoding="utf-8") as handle:  # any file of sim/
        handle.write("\n# another colour\n")
    assert stored_fingerprint(copy) == version  # computed again, and kept again
    assert json.loads(kept.read_text())["model_version"] == version
    with open(copy / "state.py", "a", encoding="utf-8") as handle:
        handle.write("\nCHANGED_RULE = 1\n")
    assert stored_fingerprint(copy) == fingerprint(copy) != version
    for broken in ("", "{", "[]", '{"sources": 1}'):
        kept.write_text(broken)
        assert stored_fingerprint(copy) == fingerprint(copy)
