"""The documentation stays true to the code."""

from __future__ import annotations

import re

from frontends.docs import MODEL_DOC, with_table
from sim.metrics import METRICS
from tests.helpers import REPO


def test_the_parameter_table_in_the_model_description_matches_the_schema():
    text = MODEL_DOC.read_text(encoding="utf-8")
    assert with_table(text) == text, "run `make docs` to regenerate docs/model.md's table"


def test_the_model_description_covers_all_seven_odd_elements():
    text = MODEL_DOC.read_text(encoding="utf-8")
    for heading in (
        "1. Purpose and patterns",
        "2. Entities, state variables and scales",
        "3. Process overview and scheduling",
        "4. Design concepts",
        "5. Initialization",
        "6. Input data",
        "7. Submodels",
    ):
        assert f"## {heading}" in text


def test_every_metric_is_documented():
    text = MODEL_DOC.read_text(encoding="utf-8")
    for name in METRICS:
        assert f"`{name}`" in text


def test_the_readme_starts_with_the_two_commands_and_ci_runs_its_test_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(?:bash|sh)?\n(.*?)```", readme, flags=re.S)
    first, second = blocks[0].strip(), blocks[1].strip()
    assert first.splitlines()[-1] == "make run" and second.splitlines()[-1] == "make test"
    assert "make test" in (REPO / ".ci" / "run").read_text()
