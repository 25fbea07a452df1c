"""How the browser tests and the app benchmark start Chromium: one place for its flags.

Debian's chromium at ``/usr/bin/chromium`` (installed by ``make``), driven through Playwright.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
# Headless, without the sandbox (containers), and without Chromium's own calls home, so that
# a test can claim the page alone made no request to another host.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def launch(playwright: Any) -> Any:
    """Start Debian's chromium through a running ``sync_playwright()``; returns the Browser."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
