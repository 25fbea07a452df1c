"""Test collection hooks (helpers to import live in tests/helpers.py)."""

from __future__ import annotations

import pytest


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that drive Chromium carry the ``browser`` marker (``make test-fast`` skips them)."""
    for item in items:
        if item.path.name == "test_app_e2e.py":
            item.add_marker(pytest.mark.browser)
