"""Week-by-week traces of single customers where the high-EI team ends below its best.

For the first ``POINTS`` points of a finished pattern map where the high-EI team ends below 95 %
of its best at the horizon, re-runs that team at the last scan effort (first seed, as the map ran
it) and prints, for the first customer still beyond their worn limit at the horizon, each week's
plan, worn limit, felt rate, restraint, noticed signal, wear, irritation and relationship. The
traces behind variant K in docs/model.md ("Sensitivity and validation") come from::

    .venv/bin/rapport patterns --out runs/patterns
    .venv/bin/python scripts/pattern_trace.py runs/patterns 26
"""

from __future__ import annotations

import sys

import numpy as np
from pattern_diagnosis import point_values, rerun, worn_limit

from experiments.patterns import (
    EFFORT,
    METRICS,
    PERCEPTION,
    PatternFile,
    curves,
    judge,
    load_patterns,
    scan_efforts,
)
from experiments.store import ResultStore

POINTS = 6
FIELDS = (
    "planned",
    "limit",
    "pressure",
    "restraint",
    "noticed",
    "wear",
    "irritation",
    "relationship",
)


def trace(folder: str, horizon: int, config: str = "configs/patterns.yaml") -> None:
    """Print the traces for ``horizon`` weeks of the map in ``folder`` (run with ``config``)."""
    plan = load_patterns(config)
    store = ResultStore(folder)
    settings = PatternFile.model_validate(store.read_config()["patterns"])
    design = store.read_design().set_index("point")
    results = store.read_results(
        columns=["point", "replication", "week", PERCEPTION, EFFORT, *METRICS]
    )
    judged = judge(curves(results, settings), settings)
    verdicts = judged[judged["horizon"] == horizon].set_index("point")
    for point in verdicts.index[~verdicts["high_keeps"]][:POINTS]:
        values = point_values(design, point)
        effort = scan_efforts(plan, values)[-1]
        model = rerun(plan, values, "high", effort, horizon)
        cs = model.customer_state
        weeks = []
        for _ in range(horizon):
            model.step()
            weeks.append(
                {
                    "id": cs.customer_id.copy(),
                    "planned": cs.planned.copy(),
                    "limit": worn_limit(model),
                    "pressure": cs.pressure.copy(),
                    "restraint": cs.restraint.copy(),
                    "noticed": cs.noticed.astype(float),
                    "wear": cs.wear.copy(),
                    "irritation": cs.irritation.copy(),
                    "relationship": cs.relationship.copy(),
                }
            )
        beyond = np.flatnonzero(cs.expected_pressure > worn_limit(model))
        d = model.params.dynamics
        print(
            f"point {point}: effort {effort:.0f} h, {beyond.size / cs.need.size:.0%} beyond, "
            f"end/best {verdicts.loc[point, 'high_end_share']:.3f}; sensitisation "
            f"{d.sensitisation:.2f}, memory {model.params.customers.memory_weeks:.1f} weeks, "
            f"backoff {model.params.reps.backoff:.2f}, irritation_fade {d.irritation_fade:.3f}, "
            f"wear_fade {d.wear_fade:.3f}"
        )
        if beyond.size == 0:
            continue
        j = beyond[0]
        print("  week " + " ".join(f"{f:>12}" for f in FIELDS))
        for week, state in enumerate(weeks, start=1):
            if state["id"][j] == cs.customer_id[j]:  # the customer now in the slot
                print(f"  {week:4d} " + " ".join(f"{state[f][j]:12.3f}" for f in FIELDS))


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: pattern_trace.py RESULTS_FOLDER HORIZON [PATTERNS_CONFIG]")
    trace(sys.argv[1], int(sys.argv[2]), *sys.argv[3:])
