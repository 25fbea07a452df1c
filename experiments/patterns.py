"""``rapport patterns``: where in the plausible parameter space does the study's pattern hold?

The pattern map samples the priors (``sim/priors.py``) by Latin hypercube. At each sampled point
it scans effort, for a low- and a high-empathy team, from a few hours to the effort at which
planned contacts exceed customers' mean tolerance by half, and judges at each horizon (26, 52 and
104 weeks by default) whether the study's pattern holds there:

- low empathy: relational performance peaks inside the scan and falls at least 25 % from the
  peak by the end of the scan;
- high empathy: relational performance at the end of the scan is at least 95 % of its best, and
  revenue is still rising there (a positive slope over the last scan points).

Planning and execution reuse the sweep machinery (``experiments.plan``, ``experiments.store``,
``experiments.execute`` via ``experiments.sweep.execute_plan``): runs are resumable, on local
processes or a Dask cluster. Every run of a point and replication shares one seed across the
efforts and both teams (common random numbers), so the curves compare like with like. Where the
pattern fails, scenario discovery (PRIM, EMA Workbench) describes the failing region as boxes
over the priors, each named by its failure mode and the mechanisms of its restricted parameters.

The effort scan goes past the schema's 80 h maximum where a portfolio tolerates that much: those
values are set with ``Scenario.beyond_bounds`` (``RunTask.unchecked``), the only place that does.
"""

from __future__ import annotations

import html
import inspect
import json
import math
import multiprocessing
import re
import threading
import warnings
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from pydantic import BaseModel, ValidationError
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.multitest import multipletests
from statsmodels.stats.proportion import proportion_confint

from experiments.execute import WorkerPool, start_worker, stopped_when_interrupted
from experiments.pages import write_page
from experiments.pattern_config import (
    CRITERIA,
    EFFORT,
    LOST,
    METRICS,
    PERCEPTION,
    REGULATION,
    Criteria,
    PatternFile,
    PatternPlan,
    planned_runs,
)
from experiments.pattern_texts import MECHANISM_NAMES, TEXTS, number, percent, say
from experiments.plan import (
    DesignPoint,
    canonical,
    design_points,
    identity_head,
    key_from,
    run_seed,
    validate_points,
)
from experiments.report import Report
from experiments.runner import RunTask
from experiments.store import ResultStore, write_text_atomically
from experiments.sweep import SweepOutcome, execute_plan
from sim import MODEL_VERSION
from sim.formats import PALETTE, json_default
from sim.params import (
    PARAMS,
    ConfigError,
    Scenario,
    describe_error,
    inert_everywhere,
    validate_scenario,
)
from sim.priors import ALL_PRIORS
from sim.texts import DECIMAL_MARK, THOUSANDS_MARK, decimal_commas, format_number, unit

# --- planning ------------------------------------------------------------------------------------


def tolerance_effort(scenario: Scenario) -> float:
    """The effort (h/week) at which planned contacts equal customers' mean tolerance.

    Mean tolerance = need × tolerance multiple (independent draws with these means); planned
    contacts per customer = effort × contact share × contacts per hour / customers per rep,
    where an hour buys 1 / hours per contact contacts under the rate schedule, and under the
    discrete schedule Σ share × weight / hours over the channels (contacts counted in calls,
    as the customer's tolerance counts them).
    """
    c, ch = scenario.customers, scenario.channels
    if ch.schedule == "discrete":
        per_hour = sum(s * w / h for s, w, h in zip(ch.shares, ch.weights, ch.hours, strict=True))
    else:
        per_hour = 1.0 / scenario.dynamics.hours_per_contact
    return c.need * c.tolerance * c.per_rep / (scenario.reps.contact_share * per_hour)


def scan_efforts(plan: PatternPlan, values: dict[str, Any]) -> np.ndarray:
    """The efforts scanned at a point: evenly from the start to ``overshoot`` × the tolerance
    effort (the start moves down to half the end where the end is below twice the start)."""
    scan = plan.settings.scan
    end = scan.overshoot * tolerance_effort(plan.sweep.base.with_values(values))
    start = min(scan.start_hours, end / 2)
    return np.round(np.linspace(start, end, scan.steps), 4)


def team_values(plan: PatternPlan) -> dict[str, dict[str, float]]:
    s = plan.settings
    return {
        "low": {PERCEPTION: s.low.perception, REGULATION: s.low.regulation},
        "high": {PERCEPTION: s.high.perception, REGULATION: s.high.regulation},
    }


def plan_points(plan: PatternPlan) -> list[DesignPoint]:
    """The Latin-hypercube points over the priors, each validated as a scenario."""
    points = design_points(plan.sweep)
    validate_points(plan.sweep, points)
    return points


def pattern_tasks(
    plan: PatternPlan, points: list[DesignPoint], done: set[str]
) -> Iterator[RunTask]:
    """Lazily, the runs not yet on disk: point × team × effort × replication.

    The seed depends on the point and the replication only, so the efforts and teams of one
    replication share their random numbers.
    """
    s = plan.settings
    base = plan.sweep.base.model_dump(mode="json")
    record = plan.sweep.file.record
    teams = team_values(plan)
    head = identity_head(plan.sweep)
    for point in points:
        # Held priors (``fix``) replace the sampled values; the seed stays the point's own, so a
        # map with a prior held and one without share their random numbers point by point.
        held = {**point.values, **s.fix}
        efforts = scan_efforts(plan, held)
        for replication in range(s.replications):
            seed = run_seed(s.seed, point.values, replication)
            for team in ("low", "high"):
                for effort in efforts:
                    values = {**held, **teams[team], EFFORT: float(effort)}
                    key = key_from(head, canonical(values), seed)  # run_key, its head once
                    if key in done:
                        continue
                    beyond = (EFFORT,) if effort > PARAMS[EFFORT].maximum else ()
                    yield RunTask(
                        key,
                        point.index,
                        replication,
                        seed,
                        values,
                        base,
                        record.metrics,
                        record.every,
                        unchecked=beyond,
                    )


def run_patterns(plan: PatternPlan, out: str | Path, **options: Any) -> SweepOutcome:
    """Execute the missing runs of the pattern map into ``out`` (resumable).

    ``options`` are those of ``experiments.sweep.execute_plan``: workers, address, force, quiet,
    stream, lang.
    """
    points = plan_points(plan)
    tasks = lambda done: pattern_tasks(plan, points, done)  # noqa: E731
    return execute_plan(plan, points, tasks, plan.total_runs, out, **options)


# --- judging -------------------------------------------------------------------------------------


def judge_curves(
    rp_low: np.ndarray, rp_high: np.ndarray, revenue_high: np.ndarray, criteria: Criteria
) -> dict[str, bool | float]:
    """Whether the pattern holds for one point and horizon, criterion by criterion.

    Args:
        rp_low, rp_high: relational performance of the low- and high-EI team over the scan.
        revenue_high: the high-EI team's weekly revenue over the scan.
        criteria: the thresholds.
    """
    peak = int(np.argmax(rp_low))
    fall = 1.0 - rp_low[-1] / rp_low[peak] if rp_low[peak] > 0 else 0.0
    tail = criteria.rising_points
    slope = float(np.polyfit(np.arange(tail), revenue_high[-tail:], 1)[0])
    result = {
        "low_interior_peak": 0 < peak < len(rp_low) - 1,
        "low_falls": fall >= criteria.low_fall,
        "high_keeps": bool(rp_high[-1] >= criteria.high_keep * rp_high.max()),
        "high_revenue_rising": slope > 0,
        "low_fall": float(fall),
        "high_end_share": float(rp_high[-1] / rp_high.max()) if rp_high.max() > 0 else 0.0,
        "revenue_slope": slope,
    }
    result["holds"] = all(bool(result[name]) for name in CRITERIA)
    return result


def curves(
    results: pd.DataFrame, settings: PatternFile, slots: pd.Series | None = None
) -> pd.DataFrame:
    """Per point, horizon, team and effort: mean relationship quality at the horizon (by the
    criteria's ``measure``) and mean weekly revenue over the ``revenue_weeks`` before it, over
    replications.

    Args:
        results: the map's stored results (``churned`` and ``customers`` too for the
            ``with_lost`` measure).
        settings: the map's settings.
        slots: the team's customer slots at each point (index: point), for ``with_lost``.
    """
    frames = []
    low_perception = settings.low.perception
    keys = ["point", "replication", PERCEPTION, EFFORT]
    for horizon in settings.horizons:
        window = results[
            results["week"].between(horizon - settings.criteria.revenue_weeks + 1, horizon)
        ]
        per_run = window.groupby(keys, sort=False).agg(revenue=("revenue", "mean"))
        at = results[results["week"] == horizon].set_index(keys)
        per_run["rp"] = at["relational_performance"]
        if settings.criteria.measure == "with_lost":
            if slots is None:
                raise ValueError("the with_lost measure needs the team's customer slots")
            before = results[results["week"] == horizon - settings.criteria.lost_weeks]
            lost = at["churned"] - before.set_index(keys)["churned"].reindex(at.index)
            m = slots.reindex(at.index.get_level_values("point")).to_numpy()
            # The relationships summed over the slots, over the customers the team has and
            # those it lost: a lost customer whose slot is still empty is counted once.
            had = at["customers"].to_numpy() + lost.to_numpy()
            per_run["rp"] = at["relational_performance"] * m / had
        mean = per_run.groupby(["point", PERCEPTION, EFFORT]).mean().reset_index()
        mean["team"] = np.where(np.isclose(mean[PERCEPTION], low_perception), "low", "high")
        mean["horizon"] = horizon
        frames.append(mean.drop(columns=PERCEPTION))
    return pd.concat(frames, ignore_index=True)


def result_columns(settings: PatternFile, config: dict[str, Any]) -> list[str]:
    """The stored columns the judging reads; ``churned`` and ``customers`` only for the measure
    with lost customers, which maps recorded before them cannot give.

    Raises:
        ConfigError: The measure needs ``churned`` and ``customers`` and the map's runs did not
            record them.
    """
    with_lost = settings.criteria.measure == "with_lost"
    recorded = config.get("record", {}).get("metrics", [])
    if with_lost and not set(LOST) <= set(recorded):
        raise ConfigError(
            "criteria.measure: with_lost needs the customers lost and the customers each team "
            "has, which this map's runs did not record (they predate the measure or the "
            "customers metric); run the map into a new folder"
        )
    measures = [m for m in METRICS if m not in LOST or with_lost]
    return ["point", "replication", "week", PERCEPTION, EFFORT, *measures]


def held_design(design: pd.DataFrame, settings: PatternFile) -> pd.DataFrame:
    """A stored map's design (index: point) with its held priors (``fix``) at the values the
    runs used."""
    return design.assign(**{name: value for name, value in settings.fix.items()})


@dataclass
class StoredMap:
    """What the judging of a stored map reads from its folder."""

    store: ResultStore
    config: dict[str, Any]
    settings: PatternFile
    manifest: dict[str, Any]
    sampled: pd.DataFrame  # the design as sampled (index: point)
    results: pd.DataFrame  # the columns the judging reads (``result_columns``)

    @classmethod
    def read(cls, folder: str | Path) -> StoredMap:
        store = ResultStore(folder)
        config = store.read_config()
        settings = PatternFile.model_validate(config["patterns"])
        results = store.read_results(columns=result_columns(settings, config))
        sampled = store.read_design().set_index("point")
        return cls(store, config, settings, store.read_manifest() or {}, sampled, results)

    @property
    def design(self) -> pd.DataFrame:
        """The design with the held priors at the values the runs used (``held_design``)."""
        return held_design(self.sampled, self.settings)

    @property
    def slots(self) -> pd.Series:
        return team_slots(self.config, self.design)


PAIRED_SETTINGS = ("samples", "replications", "seed", "horizons", "scan", "criteria")


def pairing_problem(
    a: PatternFile, version_a: str | None, b: PatternFile, version_b: str | None
) -> str | None:
    """Why two maps' settings cannot pair point by point (None if they can, as far as their
    settings tell; the points themselves are compared once both have run)."""
    if version_a != version_b:
        return (
            f"the two maps ran different model versions ({version_a}, {version_b}): they are "
            "not paired"
        )
    for name in PAIRED_SETTINGS:
        ours, theirs = getattr(a, name), getattr(b, name)
        if isinstance(ours, BaseModel) and ours != theirs:  # name the key that differs
            key = next(k for k in type(ours).model_fields if getattr(ours, k) != getattr(theirs, k))
            name, ours, theirs = f"{name}.{key}", getattr(ours, key), getattr(theirs, key)
        if ours != theirs:
            shown = f" ({_setting(ours)} and {_setting(theirs)})"
            return f"the two maps differ in {name}{shown}: they are not paired"
    return None


def _setting(value: Any) -> str:
    """A setting as its file writes it: [8, 12], not the tuple (8, 12)."""
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_setting(v) for v in value) + "]"
    return f"{value:g}" if isinstance(value, float) else str(value)


def finished_map(folder: str | Path) -> tuple[PatternFile, str | None]:
    """A finished pattern map's settings and model version, read from its folder.

    Raises:
        ConfigError: ``folder`` holds no pattern map (a sweep's results, say), or a map with
            runs missing (interrupted, or runs failed), whose verdicts would rest on part of
            its runs while counting every point.
    """
    store = ResultStore(folder)
    config = store.read_config()
    if not isinstance(config.get("patterns"), dict):
        raise ConfigError(
            f"{folder}: not a pattern map (its config.yaml has no pattern settings; "
            "`rapport patterns CONFIG --out FOLDER` writes one)"
        )
    try:
        settings = PatternFile.model_validate(config["patterns"])
    except ValidationError as exc:
        raise ConfigError(
            f"{folder}: its pattern settings are not valid "
            f"({describe_error(exc.errors(), root=PatternFile)})"
        ) from None
    on_disk, planned = len(store.done_keys()), planned_runs(settings)
    if on_disk < planned:
        raise ConfigError(
            f"{folder}: an unfinished pattern map ({on_disk:,} of {planned:,} runs on disk); "
            f"run its `rapport patterns` command again with --out {folder} to finish it"
        )
    version = (store.read_manifest() or {}).get("versions", {}).get("model_version")
    return settings, version


def check_pairable(plan: PatternPlan, folder: str | Path) -> None:
    """Refuse, before any run, a ``--paired-with`` folder that holds no finished map, or a map
    whose settings cannot pair with ``plan``'s (ConfigError naming the folder and the
    difference)."""
    try:
        other, version = finished_map(folder)
    except ConfigError as exc:
        raise ConfigError(f"--paired-with {exc}") from None
    problem = pairing_problem(plan.settings, MODEL_VERSION, other, version)
    if problem is None and not same_points(plan_points(plan), ResultStore(folder).read_design()):
        # the same settings over other priors (a base with the discrete schedule samples the
        # channels' too): found by ``paired_verdicts`` only after the whole map had run
        problem = POINTS_DIFFER
    if problem:
        raise ConfigError(f"--paired-with {folder}: {problem}")


POINTS_DIFFER = "the two maps sampled different points: they are not paired"


def same_points(points: list[DesignPoint], design: pd.DataFrame) -> bool:
    """Whether ``points`` (a plan's) are the points of a stored map's ``design``: the same
    parameters, and at each point the same values."""
    stored = design.set_index("point").drop(
        columns=[c for c in design.columns if c == "runs_of" or c.startswith("unit:")]
    )
    mine = pd.DataFrame([{"point": p.index, **p.values} for p in points]).set_index("point")
    if set(mine.columns) != set(stored.columns) or list(mine.index) != list(stored.index):
        return False
    for column in mine.columns:
        here, there = mine[column].to_numpy(), stored[column].to_numpy()
        try:
            same = np.array_equal(here.astype(float), there.astype(float), equal_nan=True)
        except (TypeError, ValueError):  # a value that is not a number
            same = list(here) == list(there)
        if not same:
            return False
    return True


def paired_verdicts(first: str | Path, second: str | Path) -> dict[str, Any]:
    """Two maps of the same points and seeds (one with a prior held by ``fix``, say, or one
    judging other teams on the same worlds), compared point by point at each horizon: how many
    points hold the whole pattern (and each part) in both, in the first only and in the second
    only, with McNemar's exact test on the points that differ (``statsmodels``). Differences
    between two maps of different designs mix the rules' effect with the spread between
    designs; paired on the same points they do not. The teams (``low``, ``high``) may differ:
    ``teams`` names both maps' levels.

    Raises:
        ConfigError: A folder holds no finished map (``finished_map``), or the maps differ in
            their points, seeds, horizons, scan, criteria or model version.
    """
    maps, stored = [], []
    for folder in (first, second):
        finished_map(folder)
        one = StoredMap.read(folder)
        judged = judge(curves(one.results, one.settings, one.slots), one.settings)
        version = one.manifest.get("versions", {}).get("model_version")
        maps.append((one.settings, one.sampled, judged, version))
        stored.append(one)
    (a, design_a, judged_a, version_a), (b, design_b, judged_b, version_b) = maps
    problem = pairing_problem(a, version_a, b, version_b)
    if problem:
        raise ConfigError(problem)
    if not design_a.equals(design_b):
        raise ConfigError(POINTS_DIFFER)
    teams = {
        side: {team: getattr(settings, team).model_dump() for team in ("low", "high")}
        for side, settings in (("first", a), ("second", b))
    }
    out: dict[str, Any] = {
        "first": str(first),
        "second": str(second),
        "model_version": version_a,
        "teams": teams,
        "differences": map_differences(*stored),
        "horizons": {},
    }
    for horizon in a.horizons:
        x = judged_a[judged_a["horizon"] == horizon].set_index("point")
        y = judged_b[judged_b["horizon"] == horizon].set_index("point").reindex(x.index)
        entry = {}
        for name in ("holds", *CRITERIA):
            u, v = x[name].astype(bool).to_numpy(), y[name].astype(bool).to_numpy()
            only_first, only_second = int((u & ~v).sum()), int((~u & v).sum())
            table = [[int((u & v).sum()), only_first], [only_second, int((~u & ~v).sum())]]
            entry[name] = {
                "points": len(u),
                "first": int(u.sum()),
                "second": int(v.sum()),
                "both": table[0][0],
                "first_only": only_first,
                "second_only": only_second,
                "p": float(mcnemar(table, exact=True).pvalue) if only_first + only_second else 1.0,
            }
        out["horizons"][str(horizon)] = entry
    return out


def _dotted(values: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """A nested scenario as ``{"reps.count": 10, …}`` (lists stay whole values)."""
    flat: dict[str, Any] = {}
    for key, value in values.items():
        if isinstance(value, dict):
            flat.update(_dotted(value, f"{prefix}{key}."))
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def map_differences(first: StoredMap, second: StoredMap) -> list[dict[str, str]]:
    """What the runs of two paired maps differ in besides their teams: a prior held by ``fix``
    in one and sampled (or held elsewhere) in the other, and a value of the base scenario
    (``base:``, ``set:``) that no point samples, scans or sets by team. One entry per setting,
    ``{"setting", "first", "second"}`` with the values as shown, in name order; empty when the
    maps ran the same worlds. A comparison that says what it compares: a map of 20 reps paired
    with one of 10 is a valid pairing, but not the effect of a rule."""
    per_point = {*first.sampled.columns, *second.sampled.columns, EFFORT, PERCEPTION, REGULATION}
    rows = []
    for name in sorted(first.settings.fix.keys() | second.settings.fix.keys()):
        here, there = first.settings.fix.get(name), second.settings.fix.get(name)
        if here != there:
            rows.append(
                {
                    "setting": f"fix {name}",
                    "first": "sampled" if here is None else _shown(here),
                    "second": "sampled" if there is None else _shown(there),
                }
            )
    a, b = _dotted(first.config["scenario"]), _dotted(second.config["scenario"])
    for name in sorted((a.keys() | b.keys()) - per_point):
        if a.get(name) != b.get(name):
            rows.append(
                {"setting": name, "first": _shown(a.get(name)), "second": _shown(b.get(name))}
            )
    return rows


def _shown(value: Any) -> str:
    """A scenario value as a difference shows it (numbers as the pages write them)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return "unset" if value is None else json.dumps(value, default=json_default)


def shown_in(value: str, lang: str = "en") -> str:
    """A value of ``map_differences`` (as paired.json keeps it, in English notation) as a page
    in ``lang`` shows it: "sampled" and "unset" in words, numbers with the language's marks."""
    if lang == "en":
        return value
    if value in ("sampled", "unset"):
        return say(f"paired.{value}", lang)
    if re.fullmatch(r"[−-]?[\d,]*\.?\d+(?:e[−+-]?\d+)?", value):  # ``format_number``'s English
        marks = {",": THOUSANDS_MARK[lang], ".": DECIMAL_MARK[lang]}
        return re.sub(r"[,.]", lambda m: marks[m.group()], value)
    return decimal_commas(value.replace(", ", "; "))


def setting_name(setting: str, lang: str = "en") -> str:
    """A difference's setting ("fix dynamics.heard_relief", "reps.count") as a page in ``lang``
    names it: English as written; German with the parameter's German label beside it."""
    name = setting.removeprefix("fix ")
    spec = PARAMS.get(name)
    if lang == "en" or spec is None or not spec.label_de:
        return setting
    return f"{setting} ({spec.label_de})"


def differences_text(differences: list[dict[str, str]], lang: str = "en") -> str:
    """``fix dynamics.heard_relief 0 here, sampled there; reps.count 10 here, 20 there``."""
    return "; ".join(
        say(
            "printed.difference",
            lang,
            setting=setting_name(d["setting"], lang),
            first=shown_in(d["first"], lang),
            second=shown_in(d["second"], lang),
        )
        for d in differences
    )


def team_levels(teams: dict[str, dict[str, float]], lang: str = "en") -> str:
    """``low 0.2/0.2, high 0.8/0.8``: each team's perception/regulation (``paired_verdicts``'s
    ``teams``), as the command and ``paired.html`` show them."""
    return ", ".join(
        f"{say(f'team.{name}', lang)} {number(levels['perception'], lang)}/"
        f"{number(levels['regulation'], lang)}"
        for name, levels in teams.items()
    )


def write_paired(folder: str | Path, pairs: dict[str, Any], lang: str = "en") -> tuple[Path, Path]:
    """``paired_verdicts``'s comparison into ``folder``: ``paired.json`` and ``paired.html`` (a
    table per horizon: where the whole pattern and each part hold in both maps, in one only,
    and McNemar's p), the page in ``lang``. Returns both paths."""
    folder = Path(folder)
    figures = folder / "paired.json"
    write_text_atomically(figures, json.dumps(pairs, indent=2))
    here, there = (team_levels(pairs["teams"][side], lang) for side in ("first", "second"))
    lead = say(
        "paired.lead",
        lang,
        first=html.escape(pairs["first"]),
        here=here,
        second=html.escape(pairs["second"]),
        there=there,
        version=pairs["model_version"],
    )
    differences = pairs["differences"]
    rows = "".join(
        f"<tr><td><code>{html.escape(d['setting'])}</code>"
        + (f"{html.escape(setting_name(d['setting'], lang).removeprefix(d['setting']))}</td>")
        + f"<td>{html.escape(shown_in(d['first'], lang))}</td>"
        f"<td>{html.escape(shown_in(d['second'], lang))}</td></tr>"
        for d in differences
    )
    worlds = (
        f"<p>{say('paired.differ', lang)}</p><table><tr><th>{say('paired.setting', lang)}</th>"
        f"<th>{say('paired.here', lang)}</th><th>{say('paired.there', lang)}</th></tr>"
        f"{rows}</table>"
        if differences
        else f"<p>{say('paired.same', lang)}</p>"
    )
    sections = [lead, worlds]
    for horizon, entry in pairs["horizons"].items():
        rows = "".join(
            f"<tr><td>{html.escape(say('whole' if name == 'holds' else f'criterion.{name}', lang))}"
            f"</td><td>{c['first']}</td><td>{c['second']}</td><td>{c['both']}</td>"
            f"<td>{c['first_only']}</td><td>{c['second_only']}</td>"
            f"<td>{number(c['p'], lang, '.2g')}</td></tr>"
            for name, c in entry.items()
        )
        points = next(iter(entry.values()))["points"]
        head = "".join(
            f"<th>{say(key, lang)}</th>"
            for key in (
                "column.part",
                "paired.holds_here",
                "paired.there",
                "paired.both",
                "paired.here_only",
                "paired.there_only",
                "paired.p",
            )
        )
        sections.append(
            f"<h2>{say('paired.horizon', lang, horizon=horizon, points=points)}</h2>"
            f"<table><tr>{head}</tr>{rows}</table>"
        )
    page = write_page(folder / "paired.html", say("paired.title", lang), sections, lang)
    return figures, page


def team_slots(config: dict[str, Any], design: pd.DataFrame) -> pd.Series:
    """Each point's customer slots per team (reps × customers per rep), from a stored map's
    resolved ``config`` and its ``design`` (index: point)."""
    scenario = config["scenario"]
    per_rep = (
        design["customers.per_rep"]
        if "customers.per_rep" in design.columns
        else pd.Series(scenario["customers"]["per_rep"], index=design.index)
    )
    return (per_rep * scenario["reps"]["count"]).astype(float)


def judge(curve_frame: pd.DataFrame, settings: PatternFile) -> pd.DataFrame:
    """One row per point and horizon: each criterion, the measures and whether it all holds."""
    rows = []
    for (point, horizon), group in curve_frame.groupby(["point", "horizon"]):
        low = group[group["team"] == "low"].sort_values(EFFORT)
        high = group[group["team"] == "high"].sort_values(EFFORT)
        if len(low) != settings.scan.steps or len(high) != settings.scan.steps:
            continue  # incomplete point (runs missing or failed): not judged
        verdict = judge_curves(
            low["rp"].to_numpy(),
            high["rp"].to_numpy(),
            high["revenue"].to_numpy(),
            settings.criteria,
        )
        rows.append({"point": point, "horizon": horizon, **verdict})
    return pd.DataFrame(rows)


# What is true of a map with one seed per point, where no seed can be left out to see which
# verdicts it decides: said by the page and by ``rapport patterns``.
ONE_SEED = TEXTS["en"]["one_seed"]


def seed_fragility(
    results: pd.DataFrame,
    settings: PatternFile,
    judged: pd.DataFrame,
    slots: pd.Series | None = None,
) -> pd.DataFrame | None:
    """Which verdicts one seed decides: per point and horizon, whether leaving out any one
    replication flips the whole pattern's verdict (``holds``) or a part's (one column each).

    A verdict that one seed flips rests on Monte Carlo noise at that point: the curves lie
    near a criterion's threshold (a revenue plateau, a fall near the required share). With one
    replication nothing can be left out: None, since every verdict then rests on its one seed
    and nothing says which ones that seed decides (not "none of them").
    """
    replications = sorted(results["replication"].unique())
    if len(replications) < 2:
        return None
    keys = ["point", "horizon"]
    flips = judged[keys].copy()
    for name in ("holds", *CRITERIA):
        flips[name] = False
    full = judged.set_index(keys)
    for left_out in replications:
        kept = results[results["replication"] != left_out]
        rest = judge(curves(kept, settings, slots), settings)
        other = rest.set_index(keys).reindex(full.index)
        for name in ("holds", *CRITERIA):
            changed = other[name].notna() & (other[name].astype(bool) != full[name].astype(bool))
            flips[name] |= changed.to_numpy()
    return flips


# --- scenario discovery --------------------------------------------------------------------------

# What a box restricting a parameter low or high means, in the model's terms.
MECHANISMS: dict[str, tuple[str, str]] = {
    name: (TEXTS["en"][f"mechanism.{name}.low"], TEXTS["en"][f"mechanism.{name}.high"])
    for name in MECHANISM_NAMES
}


def bound_text(restriction: dict[str, Any], digits: int = 3, lang: str = "en") -> str:
    """A box's limits on one parameter in words: a one-sided box by its one bound (``at most
    0.4``, the low end of the prior; ``at least 0.4``, the high end), a two-sided one as the
    range it is (``between 0.2 and 0.4``: neither end of the prior)."""
    low, high = (format_number(restriction[k], lang, spec=f".{digits}g") for k in ("min", "max"))
    return say(f"bound.{restriction['side']}", lang, low=low, high=high)


def parameter_name(name: str, lang: str = "en") -> str:
    """A parameter as pages and lines name it for people: its dotted name in English; in German
    the schema's German label with the dotted name beside it, which configs use ("Toleranz
    (customers.tolerance)")."""
    spec = PARAMS.get(name)
    if lang == "en" or spec is None or not spec.label_de:
        return name
    return f"{spec.label_de} ({name})"


def unit_of(name: str, lang: str = "en") -> str:
    """A parameter's unit as the box tables show it ("–" for a pure number)."""
    return unit(PARAMS[name].unit, lang) or "–"


def axis_name(name: str, lang: str = "en") -> str:
    """A parameter as a figure's axis names it: "dynamics.decay (1/week)", the dotted name
    alone for a pure number (German: "Verfall, dynamics.decay (1/Woche)")."""
    shown = unit(PARAMS[name].unit, lang)
    if lang != "en" and PARAMS[name].label_de:
        name = f"{PARAMS[name].label_de}, {name}"
    return f"{name} ({shown})" if shown else name


def restriction_text(
    restriction: dict[str, Any], digits: int = 3, units: bool = False, lang: str = "en"
) -> str:
    """A box's restriction as a clause: "customers.per_rep is between 24.5 and 62.5" (with
    ``units``: "… 62.5 customers"; a unit that is no word in parentheses, "… 0.03 (1/week)")."""
    text = say(
        "restriction",
        lang,
        parameter=parameter_name(restriction["parameter"], lang),
        bound=bound_text(restriction, digits, lang),
    )
    shown = unit(PARAMS[restriction["parameter"]].unit, lang) if units else ""
    if not shown:
        return text
    return f"{text} {shown}" if shown[0].isalpha() or shown[0] == "×" else f"{text} ({shown})"


# A restriction's side (``discover_boxes``) as the page names it.
SIDES = {side: TEXTS["en"][f"side.{side}"] for side in ("low", "high", "middle")}


def prior_text(name: str, lang: str = "en") -> str:
    """A parameter's prior as the box tables show it, "0.1–0.5 (log-uniform)"."""
    p = ALL_PRIORS[name]
    if lang == "en":
        return p.text()
    low, high = (number(v, lang) for v in (p.low, p.high))
    return say("prior", lang, low=low, high=high, kind=say(f"prior.{p.distribution}", lang))


def box_name(restricted: list[dict[str, Any]], failing: dict[str, float], lang: str = "en") -> str:
    """A box's name: its most frequent failure mode and the mechanisms of its restrictions (a
    two-sided restriction, which no mechanism's low or high end describes, as its range).
    patterns.json keeps the English name; the German page says it again from the box."""
    mode = max(failing, key=failing.__getitem__) if failing else ""
    parts = []
    for r in restricted[:3]:
        name, side = r["parameter"], r["side"]
        if side == "middle":
            parts.append(restriction_text(r, lang=lang))
        elif name in MECHANISMS:
            parts.append(say(f"mechanism.{name}.{side}", lang))
        else:
            parts.append(say(f"mechanism.{side}", lang, parameter=parameter_name(name, lang)))
    if not mode:
        fails = say("box.fails", lang)
    elif mode in CRITERIA:
        fails = say("box.fails.part", lang, part=say(f"criterion.{mode}", lang))
    else:
        fails = say("box.fails.part", lang, part=mode)
    return say("box.where", lang, fails=fails, mechanisms="; ".join(parts)) if parts else fails


_PRIM_IMPORT = threading.Lock()


def _frames_without_source(frame: Any, context: int = 1) -> list[inspect.FrameInfo]:
    """``inspect.getouterframes`` without the frames' source lines."""
    frames = []
    while frame is not None:
        code = frame.f_code
        frames.append(
            inspect.FrameInfo(frame, code.co_filename, frame.f_lineno, code.co_name, None, None)
        )
        frame = frame.f_back
    return frames


def import_prim() -> Any:
    """The EMA Workbench's PRIM module, imported once per process (seconds: scikit-learn,
    seaborn); only the analysis pays for it.

    At import the workbench names each of its logged classes from the stack
    (``ema_workbench.util.ema_logging.method_logger``: ``inspect.getouterframes(...)[1][3]``),
    and ``getouterframes`` reads the source lines of every frame of the import's stack, for the
    import machinery's frozen frames by searching every loaded module: 1.1–2.0 s of CPU of a
    2.2–3.1 s import where the command has pandas and SciPy loaded. While it imports,
    ``getouterframes`` gives the same frames, files, lines and function names without their
    source lines, which the workbench does not read.
    """
    # One thread at a time: two swapping at once could leave the replacement in place.
    with _PRIM_IMPORT, warnings.catch_warnings():
        # ema_workbench warns at import about optional parallel back ends it does not need here
        warnings.simplefilter("ignore")
        walk, inspect.getouterframes = inspect.getouterframes, _frames_without_source
        try:
            from ema_workbench.analysis import prim
        finally:
            inspect.getouterframes = walk
    return prim


def discover_boxes(
    x: pd.DataFrame, fails: np.ndarray, *, max_boxes: int = 3, mass_min: float = 0.05
) -> list[dict[str, Any]]:
    """Scenario discovery with PRIM: boxes over ``x`` where ``fails`` is concentrated.

    From each PRIM peeling trajectory the box with the largest coverage among those whose density
    is at least halfway from the base rate to 1 (and at least 0.8) is kept. Each box lists its
    restricted parameters with their limits, its coverage (share of all failures inside) and
    density (share of failures among the points inside).
    """
    prim = import_prim()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the workbench's warnings are not the user's to act on
        fails = np.asarray(fails, dtype=bool)
        if fails.sum() == 0 or fails.all():
            return []
        threshold = max(0.8, (1.0 + fails.mean()) / 2)
        # All columns as floats: PRIM's pasting step fails on integer columns (portfolio size).
        x = x.astype(float).reset_index(drop=True)
        algorithm = prim.Prim(x, fails.astype(int), mass_min=mass_min)
        initial = algorithm.box_init
        boxes = []
        for _ in range(max_boxes):
            box = algorithm.find_box()
            if box is None:
                break
            trajectory = box.peeling_trajectory
            dense = trajectory[trajectory["density"] >= threshold]
            if dense.empty:
                break
            box.select(int(dense["coverage"].idxmax()))
            limits = box.box_lim
            restricted = []
            for column in x.columns:
                low, high = float(limits[column].iloc[0]), float(limits[column].iloc[1])
                full_low, full_high = float(initial[column].iloc[0]), float(initial[column].iloc[1])
                if low > full_low or high < full_high:
                    side = "low" if low <= full_low else "high" if high >= full_high else "middle"
                    narrowing = 1.0 - (high - low) / (full_high - full_low)
                    restricted.append(
                        {
                            "parameter": column,
                            "min": low,
                            "max": high,
                            "side": side,
                            "narrowing": narrowing,
                        }
                    )
            restricted.sort(key=lambda r: -r["narrowing"])
            boxes.append(
                {
                    "coverage": float(box.coverage),
                    "density": float(box.density),
                    "mass": float(box.mass),
                    "restricted": restricted,
                    "members": [int(i) for i in box.yi],
                }
            )
        return boxes


MOVES = 0.1  # a part "moves" with a parameter when its share changes this much over the thirds


def failure_profile(judged: pd.DataFrame, fragile: pd.DataFrame | None) -> dict[str, Any]:
    """Which parts of the pattern fail, and together with which: the failing points of one
    horizon grouped by the exact set of parts that fail there (most points first, then the
    groups of fewer parts), each group with how many of its verdicts one seed flips
    (``fragile``, the same points' rows of ``seed_fragility``; None with one seed per point,
    and then so is that count). A map that fails mostly on one part alone, near its threshold,
    says something other than one that fails on several at once.
    """
    failing = judged[~judged["holds"].astype(bool)]
    flips = (
        np.zeros(len(failing), dtype=bool)
        if fragile is None
        else fragile.set_index("point")["holds"].reindex(failing["point"]).to_numpy()
    )
    parts = [tuple(c for c in CRITERIA if not bool(row[c])) for _, row in failing.iterrows()]
    groups: dict[tuple[str, ...], list[bool]] = {}
    for combination, flipped in zip(parts, flips, strict=True):
        groups.setdefault(combination, []).append(bool(flipped))
    order = list(CRITERIA)
    ordered = sorted(  # most points first, then fewer parts, then the parts' order
        groups.items(), key=lambda kv: (-len(kv[1]), len(kv[0]), [order.index(c) for c in kv[0]])
    )
    return {
        "points": len(failing),
        "by_parts": [
            {
                "parts": list(combination),
                "points": len(flags),
                "one_seed_flips": None if fragile is None else sum(flags),
            }
            for combination, flags in ordered
        ],
    }


def failure_text(profile: dict[str, Any], *, most: int = 4, lang: str = "en") -> str:
    """``failure_profile`` in one line: "fails at 70 points: low-EI fall alone 33, ...", the
    ``most`` biggest groups named and the rest counted."""
    if not profile["points"]:
        return say("failures.nowhere", lang)
    named = [
        say(
            "failures.group.alone" if len(g["parts"]) == 1 else "failures.group",
            lang,
            parts=" + ".join(say(f"part.{p}", lang) for p in g["parts"]),
            points=g["points"],
        )
        for g in profile["by_parts"][:most]
    ]
    rest = profile["by_parts"][most:]
    if rest:
        named.append(
            say(
                "failures.more.one" if len(rest) == 1 else "failures.more",
                lang,
                points=sum(g["points"] for g in rest),
                groups=len(rest),
            )
        )
    points = profile["points"]
    return say(
        "failures.at.one" if points == 1 else "failures.at",
        lang,
        points=points,
        groups=", ".join(named),
    )


def factor_map(x: pd.DataFrame, judged: pd.DataFrame, *, thirds: int = 3) -> list[dict[str, Any]]:
    """Monte Carlo filtering (regional sensitivity analysis; Hornberger & Spear 1981, Saltelli
    et al. 2008 ch. 5): for each parameter of ``x``, how its sampled values differ between the
    points where the pattern holds and those where it fails.

    Per parameter: the two-sample Kolmogorov–Smirnov distance between the two groups and its
    p-value (``scipy.stats.ks_2samp``), the p-values adjusted over the parameters for the false
    discovery rate (Benjamini–Hochberg, ``statsmodels``), and the share of points where the
    pattern and each of its parts hold in the lowest, middle and highest third of the
    parameter's sampled values; ``pulls_both_ways`` where, from the lowest third to the highest,
    one part gains ``MOVES`` or more and another loses as much. Sorted by the distance, largest
    first. Where PRIM finds boxes of failure, this says which single parameters move the
    verdict, and which way each part goes: a parameter can help one part and hurt another.

    Args:
        x: the sampled values at each judged point (rows in the order of ``judged``).
        judged: ``judge``'s verdicts at one horizon.
    """
    from scipy.stats import ks_2samp  # loaded when judged, as elsewhere (sweep start-up)

    holds = judged["holds"].to_numpy(dtype=bool)
    if holds.all() or not holds.any():
        return []
    x = x.astype(float).reset_index(drop=True)
    verdicts = judged[["holds", *CRITERIA]].astype(bool).reset_index(drop=True)
    rows = []
    for name in x.columns:
        values = x[name].to_numpy()
        test = ks_2samp(values[holds], values[~holds])
        third = pd.qcut(pd.Series(values).rank(method="first"), thirds, labels=False)
        shares = verdicts.groupby(third.to_numpy()).mean()
        rows.append(
            {
                "parameter": name,
                "ks": float(test.statistic),
                "p": float(test.pvalue),
                "holds_by_third": [float(v) for v in shares["holds"]],
                "parts_by_third": {c: [float(v) for v in shares[c]] for c in CRITERIA},
            }
        )
    adjusted = multipletests([r["p"] for r in rows], method="fdr_bh")[1]
    for row, q in zip(rows, adjusted, strict=True):
        row["q"] = float(q)
        # From its lowest to its highest third, one part gains and another loses MOVES or more.
        change = [shares[-1] - shares[0] for shares in row["parts_by_third"].values()]
        row["pulls_both_ways"] = max(change) >= MOVES and min(change) <= -MOVES
    return sorted(rows, key=lambda r: -r["ks"])


# --- the analysis and its page ------------------------------------------------------------------


def analyse_patterns(folder: str | Path, *, workers: int = 1, lang: str = "en") -> dict[str, Any]:
    """Judge every stored point, find failing boxes, write ``patterns.html`` (in ``lang``) and
    ``patterns.json`` into ``folder``; return what the JSON holds.

    ``workers``: processes for scenario discovery (``all_boxes``); the results do not depend on
    it. The JSON does not depend on ``lang`` either: a patterns.json already in ``folder`` whose
    every figure but the boxes is what the stored runs give again keeps its boxes
    (``kept_boxes``), so the page in the other language runs no PRIM search."""
    folder = Path(folder)
    previous = previous_summary(folder)
    # Started first: the workers load PRIM (seconds) while this process judges the runs; not
    # when the stored boxes will likely be kept (then only if they are not).
    pool = discovery_pool(workers) if previous is None else None
    with stopped_when_interrupted(pool):
        return _analyse(folder, pool, workers, previous, lang)


def previous_summary(folder: Path) -> dict[str, Any] | None:
    """The patterns.json of ``folder`` if it was written from the runs the folder holds now, as
    far as its manifest tells (the same runs done and failed, the same model version); else
    None."""
    try:
        previous = json.loads((folder / "patterns.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    manifest = ResultStore(folder).read_manifest() or {}
    same = (
        isinstance(previous, dict)
        and _same_runs(previous.get("runs"), manifest.get("runs"))
        and previous.get("model_version") == manifest.get("versions", {}).get("model_version")
    )
    return previous if same else None


def _same_runs(a: Any, b: Any) -> bool:
    """Whether two manifests' run counts name the same runs: all but ``done_before``, which
    says what the last command found done (every run, when it ran nothing)."""
    if not isinstance(a, dict) or not isinstance(b, dict):
        return False
    return {k: v for k, v in a.items() if k != "done_before"} == {
        k: v for k, v in b.items() if k != "done_before"
    }


# What ``all_boxes`` finds; the rest of a horizon's entry in patterns.json is judged without it.
BOX_KEYS = ("boxes", "criterion_boxes")


def kept_boxes(
    previous: dict[str, Any] | None,
    summary: dict[str, Any],
    x: pd.DataFrame,
    judged: pd.DataFrame,
) -> dict[tuple[int, str], list[dict[str, Any]]] | None:
    """The boxes of ``previous`` (a patterns.json of the same folder) keyed as ``all_boxes``
    keys them, if they are what a search would find again; else None.

    They are kept if everything else ``previous`` says equals ``summary`` (judged again from
    the stored runs: settings, runs, every share, seed fragility, failing groups, and the
    factor map's distances and thirds for every parameter and part, to the last digit), and if
    every box still holds the points it says it holds (``boxes_hold``: its coverage, density,
    mass and failing parts, recounted over the sampled values ``x`` and the verdicts
    ``judged``, both indexed by point). A search depends on nothing else. The run time and
    ``done_before``, which a command that runs nothing updates, are not compared."""
    if previous is None or not _same_runs(previous.get("runs"), summary["runs"]):
        return None

    def judged_alone(data: dict[str, Any]) -> str:
        pruned = {
            **{k: v for k, v in data.items() if k not in ("runs", "wall_seconds")},
            "horizons": {
                h: {k: v for k, v in entry.items() if k not in BOX_KEYS}
                for h, entry in data.get("horizons", {}).items()
            },
        }
        return json.dumps(pruned, default=json_default)

    if judged_alone(previous) != judged_alone(summary):
        return None
    kept = {}
    for horizon, entry in previous["horizons"].items():
        if not entry["points_judged"]:
            continue
        at = judged[judged["horizon"] == int(horizon)]
        here = x.loc[at["point"]].reset_index(drop=True)
        for name in ("holds", *CRITERIA):
            boxes = entry["boxes"] if name == "holds" else entry["criterion_boxes"][name]
            if not boxes_hold(boxes, here, at.reset_index(drop=True), name):
                return None
            kept[int(horizon), name] = boxes
    return kept


def boxes_hold(boxes: list[dict[str, Any]], x: pd.DataFrame, at: pd.DataFrame, name: str) -> bool:
    """Whether ``boxes`` (``named_boxes`` of the failures of ``name`` at one horizon, found one
    after another on the points left) hold the points of ``x`` they say: the same coverage,
    density and mass, and the same share failing of each part (``at``: the verdicts, in the
    rows of ``x``). Counted as PRIM counts them, limits included."""
    fails = ~at[name].to_numpy(dtype=bool)
    left = np.ones(len(x), dtype=bool)
    for box in boxes:
        inside = left.copy()
        for r in box["restricted"]:
            if r["parameter"] not in x.columns:
                return False
            values = x[r["parameter"]].to_numpy(dtype=float)
            inside &= (r["min"] <= values) & (values <= r["max"])
        n, failing = int(inside.sum()), int(fails[inside].sum())
        if not n or not fails.any():
            return False
        members = at[inside]
        found = {
            "coverage": failing / int(fails.sum()),
            "density": failing / n,
            "mass": n / len(x),
            "failing_criteria": {c: float((~members[c].astype(bool)).mean()) for c in CRITERIA},
        }
        if any(box.get(key) != value for key, value in found.items()):
            return False
        left &= ~inside
    return True


def _analyse(
    folder: Path,
    pool: ProcessPoolExecutor | None,
    workers: int,
    previous: dict[str, Any] | None,
    lang: str,
) -> dict[str, Any]:
    stored = StoredMap.read(folder)
    config, settings, manifest = stored.config, stored.settings, stored.manifest
    design, results = stored.design, stored.results
    failures = stored.store.read_failures()
    prior_names = [n for n in ALL_PRIORS if n in design.columns and n not in settings.fix]
    acting = acting_dimensions(validate_scenario(config["scenario"]), design, prior_names)
    summary: dict[str, Any] = {
        "name": settings.name,
        "model_version": manifest.get("versions", {}).get("model_version"),
        "points_planned": settings.samples,
        "replications": settings.replications,
        "runs": manifest.get("runs", {}),
        "failed_runs": len(failures),
        "wall_seconds": _wall_seconds(manifest),
        "criteria": settings.criteria.model_dump(),
        "teams": {"low": settings.low.model_dump(), "high": settings.high.model_dump()},
        # Sampled but acting at no point (``sim.params.ACTS_WHEN``): left out of PRIM.
        "inert_dimensions": [name for name in prior_names if name not in acting],
        # Held at one value at every point (``fix``): left out of PRIM too.
        "fixed": dict(settings.fix),
        "horizons": {},
    }
    if results.empty:
        report = Report(folder, lang)
        report.paragraph(say("no_results", lang))
        return _write(folder, report, summary, settings)
    slots = stored.slots
    curve_frame = curves(results, settings, slots)
    judged = judge(curve_frame, settings)
    fragile = seed_fragility(results, settings, judged, slots)
    for horizon in settings.horizons:
        at = judged[judged["horizon"] == horizon]
        flipped = None if fragile is None else fragile[fragile["horizon"] == horizon]
        n, k = len(at), int(at["holds"].sum()) if len(at) else 0
        low, high = proportion_confint(k, n, method="wilson") if n else (math.nan, math.nan)
        entry: dict[str, Any] = {
            "points_judged": n,
            "holds": k,
            "share": k / n if n else math.nan,
            "share_95ci": [float(low), float(high)],
            "criteria_share": {c: float(at[c].mean()) if n else math.nan for c in CRITERIA},
            "median_low_fall": float(at["low_fall"].median()) if n else math.nan,
            "median_high_end_share": float(at["high_end_share"].median()) if n else math.nan,
            # Monte Carlo noise per point: the verdicts one seed flips, and the share if every
            # such verdict went the other way (settled holds only, or every flip a hold); None
            # with one seed per point, where it is not measured (``seed_fragility``).
            "seed_fragile": None,
            "share_if_flips_went_the_other_way": None,
        }
        if flipped is not None:
            holds, flips = at["holds"].to_numpy(), flipped["holds"].to_numpy()
            entry["seed_fragile"] = {
                name: float(flipped[name].mean()) if n else math.nan
                for name in ("holds", *CRITERIA)
            }
            entry["share_if_flips_went_the_other_way"] = [
                int((holds & ~flips).sum()) / n if n else math.nan,
                int((holds | flips).sum()) / n if n else math.nan,
            ]
        entry["failures"] = failure_profile(at, flipped)
        entry["boxes"], entry["criterion_boxes"], entry["factor_map"] = [], {}, []
        if n:
            x = design.loc[at["point"], acting].reset_index(drop=True)
            entry["factor_map"] = factor_map(x, at)
        summary["horizons"][str(horizon)] = entry
    boxes = kept_boxes(previous, summary, design[acting], judged)
    if boxes is None:
        with stopped_when_interrupted(discovery_pool(workers) if pool is None else None) as late:
            boxes = all_boxes(design, judged, settings, acting, pool=pool or late)
    for horizon in settings.horizons:
        entry = summary["horizons"][str(horizon)]
        if entry["points_judged"]:
            entry["boxes"] = boxes[horizon, "holds"]
            # Each part of the pattern on its own: where does that part fail?
            entry["criterion_boxes"] = {c: boxes[horizon, c] for c in CRITERIA}
    report = Report(folder, lang)
    _page(report, summary, settings, judged, curve_frame, design, prior_names, fragile is not None)
    return _write(folder, report, summary, settings)


def _page(
    report: Report,
    summary: dict[str, Any],
    settings: PatternFile,
    judged: pd.DataFrame,
    curve_frame: pd.DataFrame,
    design: pd.DataFrame,
    prior_names: list[str],
    measured: bool,
) -> None:
    """patterns.html's sections in ``report.lang``, from the summary (patterns.json) and the
    judged points; ``measured``: whether one seed's noise is measured (two seeds or more)."""
    lang = report.lang
    scan = settings.scan
    inert = summary["inert_dimensions"]
    report.paragraph(
        say(
            "intro",
            lang,
            samples=settings.samples,
            parameters=len(prior_names),
            replications=settings.replications,
            seeds=say("intro.seed" if settings.replications == 1 else "intro.seeds", lang),
            steps=scan.steps,
            start=number(scan.start_hours, lang),
            overshoot=percent(scan.overshoot - 1, lang),
            low_perception=number(settings.low.perception, lang),
            low_regulation=number(settings.low.regulation, lang),
            high_perception=number(settings.high.perception, lang),
            high_regulation=number(settings.high.regulation, lang),
            failed=summary["failed_runs"],
            measure=say(
                "intro.with_lost" if settings.criteria.measure == "with_lost" else "intro.current",
                lang,
                weeks=settings.criteria.lost_weeks,
            ),
            inert=say(
                "intro.inert",
                lang,
                names=("; " if lang != "en" else ", ").join(parameter_name(n, lang) for n in inert),
            )
            if inert
            else "",
        )
    )
    report.heading(say("heading.holds", lang))
    share_rows = []
    for horizon in settings.horizons:
        entry = summary["horizons"][str(horizon)]
        n = entry["points_judged"]
        low, high = entry["share_95ci"]
        row = {
            say("column.horizon_weeks", lang): horizon,
            say("column.points", lang): n,
            say("column.holds", lang): percent(entry["share"], lang) if n else "–",
            say("column.ci", lang): f"{percent(low, lang)}–{percent(high, lang)}" if n else "–",
        }
        if entry["seed_fragile"] is not None:  # with one seed, nothing measures it
            fragile_share = entry["seed_fragile"]["holds"]
            row[say("column.flips", lang)] = percent(fragile_share, lang) if n else "–"
        row |= {
            say(f"criterion.{c}", lang): percent(v, lang)
            for c, v in entry["criteria_share"].items()
        }
        share_rows.append(row)
    report.table(pd.DataFrame(share_rows))
    one_seed = say("one_seed", lang)
    report.paragraph(
        say("ci.fragile", lang)
        if measured
        else say("ci.one_seed", lang, one_seed=one_seed[0].upper() + one_seed[1:])
    )
    report.heading(say("heading.parts", lang))
    horizon_column, points = say("column.horizon_weeks", lang), say("column.points", lang)
    parts_column, flipping = say("column.parts_fail", lang), say("column.parts_flip", lang)
    part_rows = []
    for horizon in settings.horizons:
        for group in summary["horizons"][str(horizon)]["failures"]["by_parts"]:
            row = {
                horizon_column: horizon,
                parts_column: " + ".join(say(f"part.{p}", lang) for p in group["parts"]),
                points: group["points"],
            }
            if measured:  # with one seed, nothing measures it
                row[flipping] = group["one_seed_flips"]
            part_rows.append(row)
    columns = [horizon_column, parts_column, points]
    if measured:
        columns.append(flipping)
    report.table(pd.DataFrame(part_rows, columns=columns))
    _plot_shares(report, summary, settings)
    _plot_curves(report, curve_frame, judged, settings)
    report.heading(say("heading.boxes", lang))
    report.paragraph(say("boxes.intro", lang))
    for horizon in settings.horizons:
        for i, box in enumerate(summary["horizons"][str(horizon)]["boxes"], 1):
            mechanism = (
                box["mechanism"]
                if lang == "en"
                else box_name(box["restricted"], box["failing_criteria"], lang)
            )
            sizes = say(
                "box.sizes",
                lang,
                coverage=percent(box["coverage"], lang),
                density=percent(box["density"], lang),
                mass=percent(box["mass"], lang),
            )
            report.sections.append(
                f"<h3>{say('box.heading', lang, horizon=horizon, i=i, mechanism=mechanism)}</h3>"
                f"<p>{sizes}</p>"
            )
            report.table(
                pd.DataFrame(
                    [
                        {
                            say("column.parameter", lang): parameter_name(r["parameter"], lang),
                            say("column.box", lang): bound_text(r, 4, lang),
                            say("column.unit", lang): unit_of(r["parameter"], lang),
                            say("column.prior", lang): prior_text(r["parameter"], lang),
                            say("column.side", lang): say(f"side.{r['side']}", lang),
                        }
                        for r in box["restricted"]
                    ]
                )
            )
        boxes = summary["horizons"][str(horizon)]["boxes"]
        if boxes and len(boxes[0]["restricted"]) >= 2:
            _plot_box(report, design, judged, horizon, boxes[0])
    _factor_tables(report, summary, settings)
    report.heading(say("heading.part_boxes", lang))
    rows = [
        {
            say("column.horizon", lang): horizon,
            say("column.part", lang): say(f"criterion.{c}", lang),
            say("column.fails_in", lang): percent(
                1 - summary["horizons"][str(horizon)]["criteria_share"][c], lang
            ),
            say("column.box", lang): i,
            say("column.coverage", lang): percent(box["coverage"], lang),
            say("column.density", lang): percent(box["density"], lang),
            say("column.restrictions", lang): "; ".join(
                restriction_text(r, units=True, lang=lang) for r in box["restricted"][:4]
            ),
            say("column.mechanism", lang): box["mechanism"]
            if lang == "en"
            else box_name(box["restricted"], box["failing_criteria"], lang),
        }
        for horizon in settings.horizons
        for c, boxes in summary["horizons"][str(horizon)]["criterion_boxes"].items()
        for i, box in enumerate(boxes, 1)
    ]
    if rows:
        report.table(pd.DataFrame(rows))


SHOWN_FACTORS = 8  # rows of the page's factor table per horizon


def by_thirds(shares: list[float], lang: str = "en") -> str:
    """Shares by third of a parameter's values, as the page and the command show them."""
    return " / ".join(percent(v, lang) for v in shares)


def _factor_tables(report: Report, summary: dict[str, Any], settings: PatternFile) -> None:
    """The page's section on ``factor_map``: per horizon, the parameters that move the verdict
    most, with the share holding by third and the parts each one moves."""
    lang = report.lang
    moves = f"{MOVES * 100:.0f}"
    report.heading(say("heading.factors", lang))
    report.paragraph(say("factors.intro", lang, moves=moves, shown=SHOWN_FACTORS))
    horizon, parameter = say("column.horizon", lang), say("column.parameter", lang)
    thirds = say("column.thirds", lang)
    rows = []
    for h in settings.horizons:
        for r in summary["horizons"][str(h)]["factor_map"][:SHOWN_FACTORS]:
            parts = [
                f"{say(f'criterion.{c}', lang)} {by_thirds(shares, lang)}"
                for c, shares in r["parts_by_third"].items()
                if max(shares) - min(shares) >= MOVES
            ]
            rows.append(
                {
                    horizon: h,
                    parameter: parameter_name(r["parameter"], lang),
                    say("column.ks", lang): number(r["ks"], lang, ".2f"),
                    say("column.q", lang): number(r["q"], lang, ".2g"),
                    thirds: by_thirds(r["holds_by_third"], lang),
                    say("column.parts_move", lang): "; ".join(parts),
                }
            )
    if rows:
        report.table(pd.DataFrame(rows))
    both = [
        {
            horizon: h,
            parameter: parameter_name(r["parameter"], lang),
            thirds: by_thirds(r["holds_by_third"], lang),
            **{
                say(f"criterion.{c}", lang): by_thirds(shares, lang)
                for c, shares in r["parts_by_third"].items()
            },
        }
        for h in settings.horizons
        for r in summary["horizons"][str(h)]["factor_map"]
        if r["pulls_both_ways"]
    ]
    if both:
        report.paragraph(say("factors.both", lang, moves=moves))
        report.table(pd.DataFrame(both))


def acting_dimensions(scenario: Scenario, design: pd.DataFrame, names: list[str]) -> list[str]:
    """The sampled parameters ``names`` that act at some point of ``design`` (index: point)
    given ``scenario`` (``sim.params.ACTS_WHEN``). PRIM gets only these: a parameter that acts
    nowhere (hours per contact under the discrete schedule) could restrict a box only by chance.
    """
    inert = inert_everywhere(scenario, names, design.to_dict("records"))
    return [name for name in names if name not in inert]


def _load_prim() -> None:
    """A discovery worker's start: it follows the fork server that started it, which ends with
    this command (``start_worker``), and imports the EMA Workbench's PRIM once (seconds)."""
    start_worker()
    import_prim()


def _ready() -> None:
    """A task that does nothing: submitted once per worker, it starts them all at once."""


def discovery_pool(workers: int) -> ProcessPoolExecutor | None:
    """Processes for ``all_boxes``, started now and loading PRIM; None for ``workers`` <= 1.

    Started by a fork server (a fresh single-threaded process), not forked from this one:
    forking a process with threads (pyarrow's, which read the results) can deadlock the child.
    """
    if workers <= 1:
        return None
    pool = WorkerPool(
        workers, mp_context=multiprocessing.get_context("forkserver"), initializer=_load_prim
    )
    for _ in range(workers):  # each submit starts a worker, which imports this module first
        pool.submit(_ready)
    return pool


def all_boxes(
    design: pd.DataFrame,
    judged: pd.DataFrame,
    settings: PatternFile,
    acting: list[str],
    *,
    pool: ProcessPoolExecutor | None = None,
) -> dict[tuple[int, str], list[dict[str, Any]]]:
    """``named_boxes`` at each horizon: of the whole pattern's failures (key ``"holds"``, up to 3
    boxes) and of each part's (``CRITERIA``, up to 2), keyed by (horizon, part).

    PRIM is most of a map's analysis (15 searches at three horizons, about 50 of the headline
    map's 59 s, nearly all of it in the EMA Workbench's peeling); with a ``pool``
    (``discovery_pool``) the searches run in its processes. Each search depends only on its
    inputs, so the boxes are the same either way.
    """
    jobs = []
    for horizon in settings.horizons:
        at = judged[judged["horizon"] == horizon]
        if not len(at):
            continue
        x = design.loc[at["point"], acting].reset_index(drop=True)
        jobs.append(((horizon, "holds"), x, at, ~at["holds"].to_numpy(dtype=bool), 3))
        for c in CRITERIA:
            jobs.append(((horizon, c), x, at, ~at[c].to_numpy(dtype=bool), 2))
    if pool is None:
        return {key: named_boxes(x, at, fails, max_boxes=m) for key, x, at, fails, m in jobs}
    futures = {
        key: pool.submit(named_boxes, x, at, fails, max_boxes=m) for key, x, at, fails, m in jobs
    }
    return {key: future.result() for key, future in futures.items()}


def named_boxes(
    x: pd.DataFrame, judged: pd.DataFrame, fails: np.ndarray, *, max_boxes: int = 3
) -> list[dict[str, Any]]:
    """PRIM boxes of ``fails`` over ``x``, each with the share of each part of the pattern that
    fails inside it and its name (failure mode and mechanisms)."""
    boxes = []
    for box in discover_boxes(x, fails, max_boxes=max_boxes):
        inside = judged.iloc[box.pop("members")]
        failing = {c: float((~inside[c].astype(bool)).mean()) for c in CRITERIA}
        box["failing_criteria"] = failing
        box["mechanism"] = box_name(box["restricted"], failing)
        boxes.append(box)
    return boxes


def _wall_seconds(manifest: dict[str, Any]) -> float | None:
    """The runs' wall time: the seconds spent executing (``busy_seconds``), or, in a folder
    written before those were kept, from the first start to the last finish."""
    if manifest.get("busy_seconds") is not None:
        return float(manifest["busy_seconds"])
    start, end = manifest.get("first_started"), manifest.get("finished")
    if not start or not end:
        return None
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def _write(folder: Path, report: Report, summary: dict[str, Any], settings: PatternFile) -> dict:
    report.heading(say("heading.reproduce", report.lang))
    report.paragraph(say("reproduce", report.lang))
    title = say("title", report.lang, name=settings.name)
    write_page(folder / "patterns.html", title, report.sections, report.lang)
    write_text_atomically(
        folder / "patterns.json", json.dumps(summary, indent=2, default=json_default) + "\n"
    )
    return summary


def _plot_shares(report: Report, summary: dict[str, Any], settings: PatternFile) -> None:
    lang = report.lang
    horizons = [str(h) for h in settings.horizons]
    fig, ax = plt.subplots(figsize=(10, 3.8))
    width = 0.8 / (len(CRITERIA) + 1)
    for i, name in enumerate(["holds", *CRITERIA]):
        if name == "holds":
            values = [summary["horizons"][h]["share"] for h in horizons]
            label = say("whole", lang)
        else:
            values = [summary["horizons"][h]["criteria_share"][name] for h in horizons]
            label = say(f"criterion.{name}", lang)
        ax.bar(
            np.arange(len(horizons)) + i * width,
            values,
            width,
            label=label,
            color=PALETTE[i % len(PALETTE)],
        )
    ax.axhline(0.9, color="#444", lw=0.8, ls="--")
    ticks = [say("figure.weeks", lang, horizon=h) for h in horizons]
    ax.set_xticks(np.arange(len(horizons)) + 2 * width, ticks)
    ax.set_ylim(0, 1)
    ax.set_ylabel(say("figure.share", lang))
    ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    report.figure(fig, "shares", say("figure.shares", lang))


def _plot_curves(
    report: Report, curve_frame: pd.DataFrame, judged: pd.DataFrame, settings: PatternFile
) -> None:
    lang = report.lang
    fig, axes = plt.subplots(
        len(settings.horizons), 2, figsize=(9, 2.8 * len(settings.horizons)), squeeze=False
    )
    for row, horizon in enumerate(settings.horizons):
        at = curve_frame[curve_frame["horizon"] == horizon]
        verdict = judged[judged["horizon"] == horizon].set_index("point")["holds"]
        for col, team in enumerate(("low", "high")):
            ax = axes[row][col]
            for point, group in at[at["team"] == team].groupby("point"):
                group = group.sort_values(EFFORT)
                rp = group["rp"].to_numpy()
                relative = group[EFFORT].to_numpy() / group[EFFORT].max()
                ok = bool(verdict.get(point, False))
                ax.plot(
                    relative,
                    rp / rp.max(),
                    lw=0.5,
                    alpha=0.35,
                    color=PALETTE[0] if ok else PALETTE[3],
                )
            name = say(f"team.{team}", lang)
            ax.set_title(say("figure.team", lang, team=name, horizon=horizon), fontsize=9)
            ax.set_xlabel(say("figure.effort", lang))
            ax.set_ylabel(say("figure.relative", lang))
    report.figure(fig, "curves", say("figure.curves", lang))


def _plot_box(
    report: Report, design: pd.DataFrame, judged: pd.DataFrame, horizon: int, box: dict
) -> None:
    first, second = box["restricted"][0], box["restricted"][1]
    at = judged[judged["horizon"] == horizon]
    x = design.loc[at["point"], first["parameter"]].to_numpy()
    y = design.loc[at["point"], second["parameter"]].to_numpy()
    holds = at["holds"].to_numpy(dtype=bool)
    lang = report.lang
    fig, ax = plt.subplots(figsize=(5.5, 4.2))
    ax.scatter(x[holds], y[holds], s=10, color=PALETTE[0], label=say("figure.holds", lang))
    ax.scatter(x[~holds], y[~holds], s=10, color=PALETTE[3], label=say("figure.fails", lang))
    ax.add_patch(
        plt.Rectangle(
            (first["min"], second["min"]),
            first["max"] - first["min"],
            second["max"] - second["min"],
            fill=False,
            ec="#222",
            lw=1.2,
        )
    )
    ax.set_xlabel(axis_name(first["parameter"], lang))
    ax.set_ylabel(axis_name(second["parameter"], lang))
    ax.legend(fontsize=8)
    report.figure(fig, f"box_{horizon}", say("figure.box", lang, horizon=horizon))
