"""Why the pattern fails where it fails: per-point diagnostics of a finished pattern map.

Reads a results folder of ``rapport patterns`` (nothing is re-judged differently: the verdicts
are ``experiments.patterns.judge``'s) and prints, per horizon:

1. the shape of the failures: where the high-EI curve peaks when it ends below its best, how far
   it ends below, and the high-EI revenue slope at the end of the scan relative to its level
   (a plateau or a fall);
2. the priors most correlated (Spearman, over the points) with the low-EI fall, the high-EI end
   share and the revenue slope;
3. the teams re-run at up to 30 failing and 30 holding points (first seed) at their best and at
   their last scan effort: mean relationship, restraint, wear, irritation, the share of
   customers whose expected felt rate is beyond their worn tolerance, churn per slot, hours;
4. for the high-EI team at the last effort of the points where it ends below its best: the
   customers still beyond their worn limit at the horizon, how many signals their rep noticed
   from them, whether their restraint drifted back from its lowest, and their plan over the
   worn limit.

The figures in docs/model.md ("Sensitivity and validation", the diagnosis of what still fails)
come from::

    .venv/bin/rapport patterns --out runs/patterns
    .venv/bin/python scripts/pattern_diagnosis.py runs/patterns configs/patterns.yaml
    .venv/bin/rapport patterns configs/patterns_discrete.yaml --out runs/patterns_discrete
    .venv/bin/python scripts/pattern_diagnosis.py runs/patterns_discrete \\
        configs/patterns_discrete.yaml
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from experiments.pattern_config import (
    EFFORT,
    PERCEPTION,
    REGULATION,
    PatternFile,
    PatternPlan,
    load_patterns,
)
from experiments.patterns import (
    curves,
    judge,
    result_columns,
    scan_efforts,
    team_slots,
    team_values,
)
from experiments.plan import run_seed
from experiments.store import ResultStore
from sim.model import RapportModel
from sim.params import PARAMS

SAMPLE = 30  # points re-run per group (first seed): enough for medians, a minute or two
MEASURES = ("low_fall", "high_end_share", "revenue_slope")
STATE = (
    "rp",
    "restraint",
    "wear",
    "irritation",
    "beyond",
    "churned",
    "contact_hours",
    "value_hours",
    "prospecting_hours",
)


def point_values(design: pd.DataFrame, point: int) -> dict[str, Any]:
    """A design point's prior values, typed as the schema wants them (the teams' facets and
    effort are set per run)."""
    names = [n for n in design.columns if n in PARAMS and n not in (PERCEPTION, REGULATION, EFFORT)]
    return {
        n: int(v) if PARAMS[n].type == "int" else float(v)
        for n, v in design.loc[point, names].items()
    }


def rerun(plan: PatternPlan, values: dict[str, Any], team: str, effort: float, weeks: int):
    """The point's first-seed run of ``team`` at ``effort``, as the map ran it, for ``weeks``."""
    scenario = plan.sweep.base.with_values(
        {**values, **team_values(plan)[team], "simulation.weeks": weeks}
    ).beyond_bounds({EFFORT: float(effort)})
    return RapportModel(scenario, seed=run_seed(plan.settings.seed, values, 0))


def worn_limit(model: RapportModel) -> np.ndarray:
    """Each customer's tolerance worn down by sensitisation (docs/model.md 7.2 step 2)."""
    cs = model.customer_state
    return cs.tolerance / (1.0 + model.params.dynamics.sensitisation * cs.wear)


def end_state(model: RapportModel) -> dict[str, float]:
    """The team's state after its run."""
    cs, rs = model.customer_state, model.rep_state
    return {
        "rp": cs.relationship.mean(),
        "restraint": cs.restraint.mean(),
        "wear": cs.wear.mean(),
        "irritation": cs.irritation.mean(),
        "beyond": (cs.expected_pressure > worn_limit(model)).mean(),
        "churned": model.churned_total / cs.need.size,
        "contact_hours": rs.contact_hours.mean(),
        "value_hours": rs.value_hours.mean(),
        "prospecting_hours": rs.prospecting_hours.mean(),
    }


def shapes(curve: pd.DataFrame, verdicts: pd.DataFrame) -> None:
    """Part 1: where and how the high-EI side fails."""
    high = curve[curve["team"] == "high"].sort_values(EFFORT).groupby("point")
    peak = high["rp"].apply(lambda s: int(np.argmax(s.to_numpy())))
    level = high["revenue"].apply(lambda s: abs(s.to_numpy()[-3:].mean()))
    relative = verdicts["revenue_slope"] / level.reindex(verdicts.index).clip(lower=1e-9)
    keeps, rising = verdicts["high_keeps"], verdicts["high_revenue_rising"]
    print(f"  high EI below 95 % of its best at {(~keeps).sum()} points")
    if (~keeps).any():
        print(f"    its best at scan step (0-9): {np.bincount(peak[~keeps], minlength=10)}")
        ends = np.percentile(verdicts["high_end_share"][~keeps], [10, 50, 90]).round(3)
        print(f"    end / best, 10/50/90 %: {ends}")
    if (~rising).any():
        slopes = np.percentile(relative[~rising], [10, 50, 90]).round(4)
        print(f"  revenue not rising at {(~rising).sum()} points; slope per step / level: {slopes}")


def correlations(verdicts: pd.DataFrame, design: pd.DataFrame, priors: list[str]) -> None:
    """Part 2: the priors that go with each measure."""
    x = design.loc[verdicts.index, priors]
    for measure in MEASURES:
        rho = {n: spearmanr(x[n], verdicts[measure])[0] for n in priors}
        top = sorted(rho.items(), key=lambda item: -abs(item[1]))[:4]
        print(f"  {measure}: " + ", ".join(f"{n} {r:+.2f}" for n, r in top))


def states(
    plan: PatternPlan, curve: pd.DataFrame, verdicts: pd.DataFrame, design, horizon: int
) -> None:
    """Part 3: the teams' state at their best and at their last effort, failing vs holding."""
    for team, criterion in (("high", "high_keeps"), ("low", "low_falls")):
        for holds in (False, True):
            points = verdicts.index[verdicts[criterion] == holds][:SAMPLE]
            rows = []
            for point in points:
                values = point_values(design, point)
                efforts = scan_efforts(plan, values)
                rp = curve[(curve["point"] == point) & (curve["team"] == team)]
                best = int(np.argmax(rp.sort_values(EFFORT)["rp"].to_numpy()))
                for at, effort in (("best", efforts[best]), ("last", efforts[-1])):
                    model = rerun(plan, values, team, effort, horizon).run()
                    rows.append({"at": at, **end_state(model)})
            if rows:
                table = pd.DataFrame(rows).groupby("at")[list(STATE)].median().round(3)
                print(f"  {team} EI, {criterion} {holds} ({len(points)} points), medians:")
                print(table.to_string().replace("\n", "\n    ").join(("    ", "")))


def still_beyond(plan: PatternPlan, verdicts: pd.DataFrame, design, horizon: int) -> None:
    """Part 4: the high-EI team's customers still beyond their worn limit at the horizon."""
    rows = []
    for point in verdicts.index[~verdicts["high_keeps"]][:SAMPLE]:
        values = point_values(design, point)
        model = rerun(plan, values, "high", scan_efforts(plan, values)[-1], horizon)
        cs = model.customer_state
        noticed, lowest = np.zeros(cs.need.size), np.ones(cs.need.size)
        for _ in range(horizon):
            ids = cs.customer_id.copy()
            model.step()
            new = cs.customer_id != ids  # a new prospect starts its own count
            noticed[new], lowest[new] = 0.0, 1.0
            noticed += cs.noticed
            lowest = np.minimum(lowest, cs.restraint)
        limit = worn_limit(model)
        beyond = cs.expected_pressure > limit
        if not beyond.any():
            rows.append({"beyond": 0.0})
            continue
        rows.append(
            {
                "beyond": beyond.mean(),
                "noticed (beyond)": np.median(noticed[beyond]),
                "noticed (others)": np.median(noticed[~beyond]),
                "restraint / lowest": np.median((cs.restraint / lowest)[beyond]),
                "plan / worn limit": np.median((cs.planned / limit)[beyond]),
                "worn limit / tolerance": np.median((limit / cs.tolerance)[beyond]),
            }
        )
    if rows:
        print(f"  high EI at the last effort, {len(rows)} failing points, medians:")
        print("    " + pd.DataFrame(rows).median().round(3).to_string().replace("\n", "\n    "))


def main(folder: str, config: str) -> None:
    plan = load_patterns(config)
    store = ResultStore(folder)
    config = store.read_config()
    settings = PatternFile.model_validate(config["patterns"])
    design = store.read_design().set_index("point")
    results = store.read_results(columns=result_columns(settings, config))
    curve_frame = curves(results, settings, team_slots(config, design))
    judged = judge(curve_frame, settings)
    priors = [n for n in design.columns if n in PARAMS and design[n].nunique() > 3]
    priors = [n for n in priors if n not in (PERCEPTION, REGULATION, EFFORT)]
    for horizon in settings.horizons:
        print(f"--- {horizon} weeks")
        verdicts = judged[judged["horizon"] == horizon].set_index("point")
        curve = curve_frame[curve_frame["horizon"] == horizon]
        shapes(curve, verdicts)
        correlations(verdicts, design, priors)
        states(plan, curve, verdicts, design, horizon)
        still_beyond(plan, verdicts, design, horizon)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: pattern_diagnosis.py RESULTS_FOLDER PATTERNS_CONFIG")
    main(sys.argv[1], sys.argv[2])
