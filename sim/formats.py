"""Small shared formats: the one palette, JSON of numpy values, Markdown tables.

Every figure, report and chart takes its colours from ``PALETTE``; every JSON file written by
Rapport goes through ``json_default``; every Markdown table through ``markdown_table``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, VERMILLION = PALETTE[0], PALETTE[1], PALETTE[2], PALETTE[3]
CHURNED_GREY = "#BDBDBD"
# The plausible-worlds band beside Compare's Monte Carlo band (sky blue): dark enough to read.
WORLDS_GREY = "#7F7F7F"
# The effort curve's empathy levels (exported figures and the page's chart alike).
LEVEL_COLOURS = {"low": VERMILLION, "current": "#000000", "high": BLUE}
# Colours of teams whose empathy is below and above the middle: the same as the effort curve's
# low and high levels, so that a colour means the same on every chart; others take the rest.
OTHER_COLOURS = [ORANGE, GREEN, PALETTE[4], PALETTE[5], PALETTE[6]]


def empathy_colours(empathy: Mapping[Any, float]) -> dict[Any, str]:
    """A colour for each team (or profile, or option) by its empathy (the mean of perception
    and regulation, 0–1): the one with the least empathy, if below 0.5, in the low level's
    colour, the one with the most, if above 0.5, in the high level's; every other in a colour
    of its own, from the least empathy up. A hard worker is drawn as the effort curve draws low
    empathy wherever it appears, and no two of up to seven teams share a colour."""
    order = sorted(empathy, key=lambda key: empathy[key])
    colours: dict[Any, str] = {}
    if order and empathy[order[0]] < 0.5:
        colours[order[0]] = LEVEL_COLOURS["low"]
    if order and empathy[order[-1]] > 0.5 and order[-1] not in colours:
        colours[order[-1]] = LEVEL_COLOURS["high"]
    rest = iter(OTHER_COLOURS * (len(order) // len(OTHER_COLOURS) + 1))
    return {key: colours.get(key) or next(rest) for key in order}


# How close above a turning point another effort-curve line may pass before the point's label
# goes below it (relationship quality, 0–1).
CROWDED_ABOVE = 0.12


def label_below(
    efforts: Sequence[float], means: Mapping[str, Sequence[float]], level: str, peak: float
) -> bool:
    """Whether ``level``'s turning point at ``peak`` is labelled below it: another line passes
    just above it there (the low-EI peak under the high-EI line), so a label above would sit
    on that line. The app's chart and the PNG place their labels by it."""
    y = float(np.interp(peak, efforts, means[level]))
    return any(
        y < float(np.interp(peak, efforts, other)) < y + CROWDED_ABOVE
        for name, other in means.items()
        if name != level
    )


def curve_axis_end(efforts: Sequence[float], current_effort: float) -> float:
    """Where an effort curve's axis ends: a step past the last effort and the current one."""
    return max(*efforts, current_effort) + 5


VIRIDIS = ["#440154", "#414487", "#2A788E", "#22A884", "#7AD151", "#FDE725"]


def json_default(value: Any) -> Any:
    """``json.dumps(..., default=json_default)``: numpy scalars and arrays as plain values,
    non-finite floats as null, anything else as its text."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, int | str | bool) or value is None:
        return value
    return str(value)


def markdown_table(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> str:
    """A Markdown table; floats to four significant digits, pipes in cells escaped."""

    def cell(value: Any) -> str:
        if isinstance(value, float | np.floating):
            return f"{value:.4g}"
        return str(value).replace("|", "\\|")

    lines = ["| " + " | ".join(map(str, header)) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
