"""Traces behind the diagnosis of where the high-EI side of the pattern fails.

``worn`` (the default): week-by-week traces of single customers. For the first ``POINTS``
points of a finished pattern map where the high-EI team ends below 95 % of its best at the
horizon, re-runs that team at the last scan effort (first seed, as the map ran it) and prints,
for the first customer still beyond their worn limit at the horizon, each week's
plan, worn limit, felt rate, restraint, noticed signal, wear, irritation and relationship.

``revenue``: where the high-EI team keeps 95 % of its best but its revenue does not rise at the
end of the scan, its revenue over the ``revenue_weeks`` before the horizon at the last four scan
efforts, split into new business and purchases, with its contact and value hours and mean
relationship (first seed).

The figures in docs/model.md ("Sensitivity and validation": variant K and what the revenue
criterion measures) come from::

    .venv/bin/rapport patterns --out runs/patterns
    .venv/bin/python scripts/pattern_trace.py runs/patterns 26
    .venv/bin/python scripts/pattern_trace.py runs/patterns 26 revenue
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
from pattern_diagnosis import point_values, rerun, worn_limit

from experiments.pattern_config import PatternFile, load_patterns
from experiments.patterns import curves, judge, result_columns, scan_efforts, team_slots
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


def verdicts_of(folder: str, horizon: int) -> tuple[PatternFile, pd.DataFrame, pd.DataFrame]:
    """The map's settings, its design by point and its verdicts at ``horizon`` by point."""
    store = ResultStore(folder)
    config = store.read_config()
    settings = PatternFile.model_validate(config["patterns"])
    design = store.read_design().set_index("point")
    results = store.read_results(columns=result_columns(settings, config))
    judged = judge(curves(results, settings, team_slots(config, design)), settings)
    return settings, design, judged[judged["horizon"] == horizon].set_index("point")


def worn(folder: str, horizon: int, config: str) -> None:
    """Print the traces of worn customers for ``horizon`` weeks of the map in ``folder``."""
    plan = load_patterns(config)
    _, design, verdicts = verdicts_of(folder, horizon)
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


def revenue(folder: str, horizon: int, config: str) -> None:
    """Print the high-EI revenue's parts where it keeps its relationships but stops rising."""
    plan = load_patterns(config)
    settings, design, verdicts = verdicts_of(folder, horizon)
    window = settings.criteria.revenue_weeks
    plateau = verdicts.index[verdicts["high_keeps"] & ~verdicts["high_revenue_rising"]]
    for point in plateau[:POINTS]:
        values = point_values(design, point)
        print(f"point {point}:")
        for effort in scan_efforts(plan, values)[-4:]:
            model = rerun(plan, values, "high", effort, horizon)
            rs, weeks = model.rep_state, []
            for week in range(horizon):
                model.step()
                if week >= horizon - window:
                    new_business = (
                        rs.prospecting_hours.sum() * model.params.dynamics.prospect_revenue
                    )
                    weeks.append(
                        (
                            rs.revenue.sum(),
                            new_business,
                            rs.contact_hours.sum(),
                            rs.value_hours.sum(),
                            model.customer_state.relationship.mean(),
                        )
                    )
            total, new, contact, value, rp = np.mean(weeks, axis=0)
            print(
                f"  {effort:5.0f} h: revenue {total:7.1f} (new business {new:5.1f}), contact hours "
                f"{contact:5.0f}, value hours {value:5.0f}, relationship {rp:.3f}"
            )


if __name__ == "__main__":
    modes = {"worn": worn, "revenue": revenue}
    if len(sys.argv) not in (3, 4, 5) or (len(sys.argv) > 3 and sys.argv[3] not in modes):
        print(
            "usage: pattern_trace.py RESULTS_FOLDER HORIZON [worn|revenue] [PATTERNS_CONFIG]",
            file=sys.stderr,
        )
        sys.exit(2)
    mode = modes[sys.argv[3]] if len(sys.argv) > 3 else worn
    mode(
        sys.argv[1], int(sys.argv[2]), sys.argv[4] if len(sys.argv) > 4 else "configs/patterns.yaml"
    )
