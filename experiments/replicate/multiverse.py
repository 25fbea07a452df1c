"""The multiverse of study designs (Steegen et al. 2016): every defensible combination of the
effort distribution, the reliabilities and the sample size, each with its own studies.

The analysis is the same in every cell (docs/replication-plan.md); only the design changes.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from experiments.intervals import mean_interval
from experiments.replicate.analysis import held_column, rate_interval
from experiments.replicate.design import (
    EFFORT_HABITS,
    SAVED_MULTIVERSE,
    SAVED_WORLDS,
    StudyDesign,
)
from experiments.replicate.power import run_batches
from experiments.replicate.report import failures_line, multiverse_markdown
from experiments.replicate.simulate import study_seeds
from experiments.replicate.texts import number, percent, say
from experiments.store import write_text_atomically
from experiments.uncertainty import driver_record, rank_drivers
from experiments.worlds import SPREAD, prior_worlds, world_parameters, world_row
from sim import MODEL_VERSION, versions
from sim.formats import markdown_table
from sim.params import PARAMS, Scenario


@dataclass(frozen=True)
class Multiverse:
    """The choices crossed in the table (the plan's values by default)."""

    efforts: tuple[str, ...] = tuple(EFFORT_HABITS)
    ei_reliabilities: tuple[float, ...] = (0.80, 0.90)
    rating_reliabilities: tuple[float, ...] = (0.52, 0.86)
    sizes: tuple[int, ...] = (107, 200, 400)

    def designs(self, base: StudyDesign = StudyDesign()) -> list[StudyDesign]:
        """One design per cell, in table order."""
        return [
            replace(base, effort=e, ei_reliability=a, rating_reliability=r).scaled(n)
            for e, a, r, n in itertools.product(
                self.efforts, self.ei_reliabilities, self.rating_reliabilities, self.sizes
            )
        ]


def run_multiverse(
    seed: int,
    studies: int,
    out: Path,
    multiverse: Multiverse = Multiverse(),
    scenario: Scenario | None = None,
    workers: int = 1,
    lang: str = "en",
) -> pd.DataFrame:
    """Run ``studies`` independent studies in every cell; write multiverse.csv/.md/.json (the
    page in ``lang``; the studies found in the log are not simulated again).

    Returns:
        One row per cell: the design's choices, studies attempted and failed, and the share of
        studies in which each verdict holds.
    """
    designs = multiverse.designs()
    jobs = [(d, study_seeds(seed, studies, i)) for i, d in enumerate(designs)]
    batches = run_batches(jobs, scenario, workers, saved=out / SAVED_MULTIVERSE)
    rows, failures = [], []
    for batch in batches:
        d = batch.design
        rows.append(
            {
                "effort": d.effort,
                "ei_reliability": d.ei_reliability,
                "rating_reliability": d.rating_reliability,
                "reps": d.reps,
                **batch.row(),
            }
        )
        failures += [{**f, "design": d.describe()} for f in batch.failures]
    table = pd.DataFrame(rows)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "multiverse.csv", index=False)
    attempted, failed = int(table["studies"].sum()), int(table["failed"].sum())
    model = "multiverse.default" if scenario is None else "multiverse.given"
    title = "multiverse.title.one" if studies == 1 else "multiverse.title"
    header = f"# {say(title, lang, studies=studies)}\n\n" + say(
        "multiverse.intro",
        lang,
        model=say(model, lang),
        seed=seed,
        version=MODEL_VERSION,
        failures=failures_line(failed, attempted, lang),
    )
    write_text_atomically(out / "multiverse.md", multiverse_markdown(table, header, lang))
    summary: dict[str, Any] = {
        **versions(),
        "seed": seed,
        "studies_per_cell": studies,
        "model_parameters": say(model),
        "failed": failed,
        "failures": failures,
        "headline": headline(table),
        "cells": table.to_dict(orient="records"),
    }
    write_text_atomically(out / "multiverse.json", json.dumps(summary, indent=2) + "\n")
    return table


def headline(table: pd.DataFrame) -> dict[str, dict[str, float]]:
    """The plan's headline cell: survey effort, rating reliability 0.52, 107 reps, both EI
    reliabilities pooled (``pooled``: each rate over the studies that ran, with its interval)."""
    cell = table[
        (table["effort"] == "survey")
        & (table["rating_reliability"] == 0.52)
        & (table["reps"] == 107)
    ]
    return pooled(cell) if not cell.empty else {}


def pooled(rows: pd.DataFrame) -> dict[str, dict[str, float]]:
    """Each verdict of ``RATES`` as a share of all the studies that ran in ``rows`` (cells or
    worlds), with its 95 % Wilson interval; empty if none ran."""
    total = int((rows["studies"] - rows["failed"]).sum())
    if total == 0:
        return {}
    result = {}
    for name in RATES:
        held = int(rows[held_column(name)].sum())  # a row where no study ran adds 0 of 0
        low, high = rate_interval(held, total)
        result[name] = {"rate": held / total, "low": low, "high": high, "studies": total}
    return result


# The replication sets these itself (team size and weeks by the design; each rep's effort and
# empathy drawn from the design's distributions), so a world does not draw them.
STUDY_SETS = ("reps.count", "simulation.weeks", "reps.effort_spread", "reps.trait_spread")
RATES = ("conjunction_lm", "conjunction_tl", "b4_positive", "moderation")


def run_worlds_multiverse(
    seed: int,
    studies: int,
    worlds: int,
    out: Path,
    design: StudyDesign = StudyDesign(),
    workers: int = 1,
    lang: str = "en",
) -> pd.DataFrame:
    """The plan's study in ``worlds`` plausible worlds drawn from the priors, ``studies`` each.

    The design and the analysis stay the plan's; only the model's uncertain parameters change.
    Writes worlds_multiverse.csv (one row per world: its values, the verdicts' rates and
    counts), .md
    and .json (the rates' spread over worlds and the parameters that drive the conjunction).
    The page is in ``lang``; the studies found in the log are not simulated again.
    """
    drawn = prior_worlds(world_parameters(STUDY_SETS), worlds, seed)
    scenarios = [Scenario().with_values(world_row(drawn, w)) for w in range(worlds)]
    jobs = [(design, study_seeds(seed, studies, 1_000_000 + w)) for w in range(worlds)]
    batches = run_batches(jobs, workers=workers, scenarios=scenarios, saved=out / SAVED_WORLDS)
    rows, failures = [], []
    for w, batch in enumerate(batches):
        rows.append({"world": w} | batch.row())
        failures += [{**f, "world": w} for f in batch.failures]
    table = pd.DataFrame(rows).set_index("world").join(drawn)
    out.mkdir(parents=True, exist_ok=True)
    table.to_csv(out / "worlds_multiverse.csv")
    summary = worlds_summary(table, drawn)
    attempted, failed = int(table["studies"].sum()), int(table["failed"].sum())
    title = "plausible.title.one" if studies == 1 else "plausible.title"
    header = f"# {say(title, lang, worlds=worlds, studies=studies)}\n\n" + say(
        "plausible.intro",
        lang,
        design=design.describe(lang).rstrip("."),
        seed=seed,
        version=MODEL_VERSION,
        failures=failures_line(failed, attempted, lang),
    )
    write_text_atomically(out / "worlds_multiverse.md", worlds_markdown(summary, header, lang))
    document = {
        **versions(),
        "seed": seed,
        "studies_per_world": studies,
        "worlds": worlds,
        "design": design.describe(),
        "failed": failed,
        "failures": failures,
        **summary,
    }
    write_text_atomically(out / "worlds_multiverse.json", json.dumps(document, indent=2) + "\n")
    return table


def worlds_summary(table: pd.DataFrame, drawn: pd.DataFrame) -> dict[str, Any]:
    """Each verdict's rate over worlds (median, 5–95 % range, share of worlds where it holds in
    most studies) and the parameters that explain the conjunction's rate alone."""
    rates = {}
    for name in RATES:
        values = table[name].dropna().to_numpy(dtype=float)
        # the ends are rates some world gives, as a study's spread over worlds
        # (``experiments.uncertainty.spread``): at least 90 % of worlds lie between them
        low, high = (float(np.quantile(values, q, method="inverted_cdf")) for q in SPREAD)
        rates[name] = {
            "median": float(np.median(values)),
            "low": low,
            "high": high,
            "worlds_majority": float((values > 0.5).mean()),
        }
    drivers = rank_drivers(table["conjunction_lm"], drawn)
    return {
        # the plan's headline with model parameters drawn from the priors: every study counts
        "pooled": pooled(table),
        "pooled_over_worlds": {name: world_interval(table[name]) for name in RATES},
        "rates": rates,
        "drivers": [driver_record(d) for d in drivers[:5]],
    }


def world_interval(rates: pd.Series) -> tuple[float, float]:
    """A 95 % interval of the mean rate over the worlds the priors allow, from the worlds' own
    spread: Student's t over the worlds (``experiments.intervals.mean_interval``; the command
    accepts as few as 2), clipped to [0, 1]; NaN with fewer than two worlds.

    Unlike the Wilson interval of the pooled studies it counts which worlds were drawn as a
    source of error; a Sobol' draw spreads the worlds more evenly than chance, so it is if
    anything wide.
    """
    values = rates.dropna().to_numpy(dtype=float)
    if values.size < 2:
        return float("nan"), float("nan")
    _, low, high = mean_interval(values)
    return max(0.0, float(low)), min(1.0, float(high))


def worlds_markdown(summary: dict[str, Any], header: str, lang: str = "en") -> str:
    """The rates over worlds and the conjunction's drivers as Markdown tables, in ``lang``."""

    def share(value: float) -> str:
        return percent(value, lang)

    def span(low: float, high: float) -> str:
        return f"{share(low)}–{share(high)}"

    rates = [
        [
            say(f"verdict.{name}", lang),
            share(r["median"]),
            span(r["low"], r["high"]),
            share(r["worlds_majority"]),
        ]
        for name, r in summary["rates"].items()
    ]
    drivers = [
        [
            parameter_name(d["parameter"], lang),
            number(d["r2"], lang, ".2f"),
            number(d["p_holm"], lang, ".3g"),
        ]
        for d in summary["drivers"]
    ]
    over_worlds = summary["pooled_over_worlds"]
    pooled_rows = [
        [
            say(f"verdict.{name}", lang),
            share(r["rate"]),
            span(r["low"], r["high"]),
            span(*over_worlds[name]),
        ]
        for name, r in summary["pooled"].items()
    ]
    studies = next(iter(summary["pooled"].values()))["studies"] if summary["pooled"] else 0
    columns = ("verdict", "share", "wilson", "over_worlds")
    return (
        header
        + "\n\n"
        + say("plausible.pooled", lang, studies=studies)
        + "\n\n"
        + markdown_table([say(f"plausible.{c}", lang) for c in columns], pooled_rows)
        + "\n\n"
        + say("plausible.intervals", lang)
        + "\n\n"
        + say("plausible.rates", lang)
        + "\n\n"
        + markdown_table(
            [say(f"plausible.{c}", lang) for c in ("verdict", "median", "range", "majority")],
            rates,
        )
        + "\n\n"
        + say("plausible.drivers", lang)
        + "\n\n"
        + markdown_table([say(f"plausible.{c}", lang) for c in ("parameter", "r2", "p")], drivers)
        + "\n"
    )


def parameter_name(name: str, lang: str = "en") -> str:
    """A parameter as the worlds' table names it: its dotted name, in German as the app names
    it (the schema's ``label_de``)."""
    if lang == "de" and name in PARAMS and PARAMS[name].label_de:
        return PARAMS[name].label_de
    return name
