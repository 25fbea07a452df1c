"""The headline patterns under each contact schedule: rate (the default) and discrete channels.

Prints, per setting, what ``tests/test_patterns.py`` checks at its efforts (5–60 h) and seeds
(11–14): the low-EI peak and the fall from it at 60 h (for empathy 0.1 and 0.2, mean over seeds
and the smallest per-seed fall), and the high-EI end-of-scan share of the maximum (0.8 and 0.9)
and whether revenue still rises. Nothing is tuned: the settings are the schema's defaults, the
discrete schedule with its default mix, one channel that costs what the rate schedule assumes
(2 h, weight 1: the effect of whole contacts alone), and visit- and e-mail-heavy mixes.

    .venv/bin/python scripts/channel_headline.py
"""

from __future__ import annotations

import numpy as np
from scipy.stats import spearmanr

from sim.batch import run_worlds
from sim.params import Scenario

EFFORTS = tuple(range(5, 61, 5))
SEEDS = (11, 12, 13, 14)
DISCRETE = {"channels.schedule": "discrete"}
SETTINGS = {
    "rate (default)": {},
    "discrete, default mix": DISCRETE,
    "discrete, one 2 h channel of weight 1": {
        **DISCRETE,
        "channels.call_share": 0.0,
        "channels.email_share": 0.0,
        "channels.visit_hours": 2.0,
    },
    "discrete, visit-heavy (0.9/0.1/0)": {
        **DISCRETE,
        "channels.call_share": 0.1,
        "channels.email_share": 0.0,
    },
    "discrete, e-mail-heavy (0.1/0.2/0.7)": {
        **DISCRETE,
        "channels.call_share": 0.2,
        "channels.email_share": 0.7,
    },
}


def curves(setting: dict, empathy: float) -> tuple[np.ndarray, np.ndarray]:
    """Final relationship quality and revenue (mean of the last 8 weeks), (seeds, efforts)."""
    scenarios, seeds = [], []
    for seed in SEEDS:
        for effort in EFFORTS:
            values = {
                **setting,
                "reps.effort_hours": effort,
                "reps.perception": empathy,
                "reps.regulation": empathy,
            }
            scenarios.append(Scenario().with_values(values))
            seeds.append(seed)
    frames = [w.weekly_frame() for w in run_worlds(scenarios, seeds)]
    rp = np.array([f["relational_performance"].iloc[-1] for f in frames])
    revenue = np.array([f["revenue"].iloc[-8:].mean() for f in frames])
    shape = (len(SEEDS), len(EFFORTS))
    return rp.reshape(shape), revenue.reshape(shape)


def main() -> None:
    for name, setting in SETTINGS.items():
        print(f"== {name}")
        for empathy in (0.1, 0.2):
            rp, _ = curves(setting, empathy)
            mean = rp.mean(axis=0)
            peak = int(np.argmax(mean))
            falls = 1 - rp[:, -1] / rp.max(axis=1)
            interior = all(0 < int(np.argmax(r)) < len(EFFORTS) - 1 for r in rp)
            rising = spearmanr(EFFORTS[: peak + 1], mean[: peak + 1]).statistic
            falling = spearmanr(EFFORTS[peak:], mean[peak:]).statistic if peak < 11 else np.nan
            print(
                f"  low EI {empathy}: peak {EFFORTS[peak]} h (quality {mean[peak]:.3f}), "
                f"fall at 60 h {1 - mean[-1] / mean[peak]:.0%} (per seed min {falls.min():.0%}), "
                f"interior peak on every seed {interior}, rho up {rising:.2f} down {falling:.2f}"
            )
        for empathy in (0.8, 0.9):
            rp, revenue = curves(setting, empathy)
            mean, rev = rp.mean(axis=0), revenue.mean(axis=0)
            per_seed = (rp[:, -1] / rp.max(axis=1)).min()
            rho = spearmanr(EFFORTS, rev).statistic
            print(
                f"  high EI {empathy}: end/max {mean[-1] / mean.max():.3f} (per seed min "
                f"{per_seed:.3f}), quality at 60 h {mean[-1]:.3f}, revenue rho {rho:.2f}, "
                f"revenue end/max {rev[-1] / rev.max():.3f}"
            )


if __name__ == "__main__":
    main()
