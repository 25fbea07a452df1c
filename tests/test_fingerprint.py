"""The model's fingerprint (``MODEL_VERSION``) changes whenever a file that affects results does,
so sweeps never reuse stored runs of an older model."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sim import ENGINES, MODEL_VERSION, fingerprint, model_files

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


@pytest.mark.parametrize("name", sorted(p.name for p in model_files(SIM)))
def test_changing_any_model_file_changes_the_fingerprint(tmp_path, name):
    copy = tmp_path / "sim"
    shutil.copytree(SIM, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint(copy)
    with open(copy / name, "a", encoding="utf-8") as handle:
        handle.write("\n# a changed rule\n")
    assert fingerprint(copy) != before


def test_presentation_files_do_not_change_the_fingerprint(tmp_path):
    copy = tmp_path / "sim"
    shutil.copytree(SIM, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint(copy)
    with open(copy / "plots.py", "a", encoding="utf-8") as handle:
        handle.write("\n# another colour\n")
    assert fingerprint(copy) == before
