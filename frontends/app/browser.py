"""How the browser tests and the app benchmark start Chromium: one place for its flags.

Debian's chromium at ``/usr/bin/chromium`` (installed by ``make``), driven through Playwright.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from frontends.app import css

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


def drag_slider(page: Any, hook: str, to: float, seconds: float = 1.5, moves: int = 15) -> None:
    """Drag the thumb of the slider with class ``hook`` to the fraction ``to`` of its track.

    Slowly, as a hand does (``moves`` steps over ``seconds``), holding the button throughout.
    """
    track = page.locator(f".{hook} .v-slider").first.bounding_box()
    thumb = page.locator(f".{hook} .v-slider__thumb").first.bounding_box()
    x, y = thumb["x"] + thumb["width"] / 2, thumb["y"] + thumb["height"] / 2
    target = track["x"] + to * track["width"]
    page.mouse.move(x, y)
    page.mouse.down()
    for i in range(1, moves + 1):
        page.mouse.move(x + (target - x) * i / moves, y)
        page.wait_for_timeout(seconds * 1000 / moves)
    page.mouse.up()


def set_speed(page: Any, speed: int) -> None:
    """Set the play speed (weeks per second) with the keyboard, as a user without a mouse."""
    thumb = page.locator(f".{css.SPEED} [role=slider]").first
    thumb.focus()
    thumb.press("Home")
    for _ in range(speed - 1):
        thumb.press("ArrowRight")
