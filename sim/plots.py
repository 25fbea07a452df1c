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
