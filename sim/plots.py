"""Figures of a run, drawn from the tidy tables (never from the model)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
MAX_REP_LINES = 200


def plot_trajectory(
    weekly: pd.DataFrame,
    reps: pd.DataFrame,
    path: str | Path,
    *,
    title: str = "Relationship quality over the weeks",
    intervention_weeks: list[int] = (),
) -> Path:
    """Team mean relationship (bold) and each rep's mean relationship (thin), one colour a profile.

    With more than ``MAX_REP_LINES`` reps an evenly spaced subset of reps is drawn.
    """
    fig, ax = plt.subplots(figsize=(9, 5), dpi=120)
    rep_ids = np.sort(reps["rep"].unique())
    if rep_ids.size > MAX_REP_LINES:
        rep_ids = rep_ids[np.linspace(0, rep_ids.size - 1, MAX_REP_LINES).astype(int)]
    profiles = list(dict.fromkeys(reps["profile"].astype(str)))
    colour = {p: PALETTE[i % len(PALETTE)] for i, p in enumerate(profiles)}
    wide = reps.pivot(index="week", columns="rep", values="relationship")
    rep_profile = reps.drop_duplicates("rep").set_index("rep")["profile"].astype(str)
    for rep in rep_ids:
        ax.plot(wide.index, wide[rep], color=colour[rep_profile[rep]], lw=0.6, alpha=0.35)
    ax.plot(
        weekly["week"], weekly["relational_performance"], color="black", lw=3, label="team mean"
    )
    if len(profiles) > 1:
        for p in profiles:
            ax.plot([], [], color=colour[p], lw=2, label=p)
    for week in intervention_weeks:
        ax.axvline(week, color="#D55E00", ls="--", lw=1.2)
    ax.set_xlabel("week")
    ax.set_ylabel("relationship quality (0–1)")
    ax.set_ylim(0, 1)
    ax.set_xlim(weekly["week"].min(), weekly["week"].max())
    ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return path


def plot_outcomes(
    weekly: pd.DataFrame, path: str | Path, *, intervention_weeks: list[int] = ()
) -> Path:
    """Revenue, cumulative churn and wasted hours over the weeks, side by side."""
    panels = [
        ("revenue", "revenue (k€/week)", PALETTE[2]),
        ("churned", "customers lost (cumulative)", PALETTE[3]),
        ("wasted_hours", "wasted hours (h/week)", PALETTE[1]),
    ]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4), dpi=120)
    for ax, (name, label, colour) in zip(axes, panels, strict=True):
        ax.plot(weekly["week"], weekly[name], color=colour, lw=2.5)
        for week in intervention_weeks:
            ax.axvline(week, color="#D55E00", ls="--", lw=1.2)
        ax.set_title(label)
        ax.set_xlabel("week")
        ax.set_ylim(bottom=0)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return path


def plot_portfolio(
    relationship: np.ndarray,
    irritated: np.ndarray,
    recently_churned: np.ndarray,
    path: str | Path,
    *,
    rep_labels: list[int] | None = None,
    week: int | None = None,
) -> Path:
    """Each rep a row, each customer a cell coloured by relationship (viridis); irritated
    customers dotted, recently churned slots grey."""
    rows, cols = relationship.shape
    fig, ax = plt.subplots(figsize=(max(6, cols * 0.2 + 2), max(3, rows * 0.25 + 1.5)), dpi=120)
    shown = np.ma.masked_array(relationship, mask=recently_churned)
    cmap = plt.get_cmap("viridis").copy()
    cmap.set_bad("#BDBDBD")
    image = ax.imshow(shown, cmap=cmap, vmin=0, vmax=1, aspect="auto", interpolation="nearest")
    r, c = np.nonzero(irritated)
    ax.scatter(c, r, s=14, c="black", edgecolors="white", linewidths=0.8, label="irritated")
    labels = rep_labels if rep_labels is not None else list(range(rows))
    step = max(1, rows // 20)
    ax.set_yticks(range(0, rows, step), [str(labels[i] + 1) for i in range(0, rows, step)])
    ax.set_xticks([])
    ax.set_xlabel("customers")
    ax.set_ylabel("rep")
    title = "Portfolios: relationship per customer"
    ax.set_title(title if week is None else f"{title} (week {week})")
    fig.colorbar(image, ax=ax, label="relationship (0–1)")
    fig.tight_layout()
    path = Path(path)
    fig.savefig(path, metadata={"Software": None})
    plt.close(fig)
    return path
