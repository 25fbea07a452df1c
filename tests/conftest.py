"""Shared helpers: small scenarios built from the schema."""

from __future__ import annotations

import pytest

from sim.model import RapportModel
from sim.params import Scenario

REPO = __import__("pathlib").Path(__file__).resolve().parents[1]


def scenario(**values) -> Scenario:
    """The default scenario with dotted-name values given as keyword args (dots as '__')."""
    return Scenario().with_values({k.replace("__", "."): v for k, v in values.items()})


def small_model(seed: int = 1, **values) -> RapportModel:
    """A small model: 4 reps × 20 customers unless overridden."""
    values = {"reps__count": 4, "customers__per_rep": 20, **values}
    return RapportModel(scenario(**values), seed=seed)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive Chromium carry the ``browser`` marker (``make test-fast`` skips them)."""
    for item in items:
        if item.path.name == "test_app_e2e.py":
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def repo():
    return REPO
