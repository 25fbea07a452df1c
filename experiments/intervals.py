"""Means with their confidence intervals over replications, and whether an optimum or its
interval lies at a grid's edge: the helpers the report, the studies and the app's comparisons
share."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import ArrayLike
from scipy.special import stdtrit

# Replications a bootstrap interval (a study's sweet spot, its lead) needs. Resampling few values
# understates their spread: the percentile bootstrap of a difference of two means covers the true
# difference 67 % of the time from 2 replications per arm, 88 % from 5, 91 % from 8 and 93 % from
# 12 (normal data, 2,000 trials; Welch's t interval, which ``experiments.studies.diff_ci`` uses,
# covers 95-98 % at each). Below it a study gives no bootstrap interval and says why.
MIN_RESAMPLED = 8


def mean_interval(
    values: ArrayLike, level: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean over the first axis and its t interval (replications are the rows).

    NaN rows of a 1-D input are dropped; with fewer than two values the interval is the mean.

    Args:
        values: replications along axis 0 (1-D: one value per replication; 2-D: a series per row).
        level: coverage of the interval.

    Returns:
        mean, lower bound, upper bound (scalars as 0-d arrays for 1-D input).
    """
    data = np.asarray(values, dtype=float)
    if data.ndim == 1:
        data = data[~np.isnan(data)]
    k = data.shape[0]
    if k == 0:
        nan = np.full(data.shape[1:], np.nan)
        return nan, nan.copy(), nan.copy()
    mean = data.mean(axis=0)
    if k < 2:
        return mean, np.array(mean, copy=True), np.array(mean, copy=True)
    # Student's t quantile: what scipy.stats.t.ppf computes, without importing scipy.stats
    # (most of a second at the app's and every report's start).
    half = stdtrit(k - 1, 0.5 + level / 2) * data.std(axis=0, ddof=1) / np.sqrt(k)
    return mean, mean - half, mean + half


def grid_edge(value: float, grid: Sequence[float]) -> str | None:
    """Which end of the ``grid`` an optimum ``value`` is, "lowest" or "highest" (the true
    optimum may then lie beyond the grid), or None inside it."""
    ends = float(np.min(grid)), float(np.max(grid))
    if np.isclose(value, ends[0]):
        return "lowest"
    return "highest" if np.isclose(value, ends[1]) else None


def interval_edge(interval: Sequence[float] | None, grid: Sequence[float]) -> str | None:
    """Which end of the ``grid`` an optimum's interval reaches ("lowest" or "highest"), or None:
    an optimum inside the grid whose interval reaches an end cannot be told from that end, so the
    true optimum may lie beyond it too (a curve that flattens towards the grid's top)."""
    if interval is None:
        return None
    ends = float(np.min(grid)), float(np.max(grid))
    if np.isclose(interval[1], ends[1]):
        return "highest"
    return "lowest" if np.isclose(interval[0], ends[0]) else None
