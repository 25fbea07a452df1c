"""``rapport replicate``: simulated field studies of the 2017 design."""

from __future__ import annotations

import os
from pathlib import Path

import click

from experiments.replicate.design import EFFORT_HABITS, StudyDesign
from experiments.replicate.multiverse import run_multiverse, run_worlds_multiverse
from experiments.replicate.power import replicate as run_replication
from frontends.cli import parse_workers


def design_option(flag: str, field: str, kind: click.ParamType, text: str):
    """An option of ``rapport replicate`` whose default is the study design's (one source)."""
    return click.option(
        flag, field, type=kind, default=getattr(StudyDesign(), field), show_default=True, help=text
    )


@click.command(
    short_help="Replicate the field study of Ogilvie et al. (2017) with simulated studies."
)
@click.option("--seed", type=int, default=20261127, show_default=True, help="Root seed.")
@click.option(
    "--runs",
    type=click.IntRange(1, 10_000),
    default=1,
    show_default=True,
    help="Independent replications of the whole study (power: how often it holds).",
)
@click.option(
    "--multiverse",
    is_flag=True,
    help="Run the multiverse of study designs (effort distribution x reliabilities x size).",
)
@click.option(
    "--studies",
    type=click.IntRange(1, 10_000),
    default=50,
    show_default=True,
    help="With --multiverse: simulated studies per cell.",
)
@click.option(
    "--worlds",
    "worlds_count",
    type=click.IntRange(2, 4096),
    help="With --multiverse: run the plan's study in this many plausible worlds drawn from "
    "the priors instead (--studies per world).",
)
@design_option(
    "--effort",
    "effort",
    click.Choice(list(EFFORT_HABITS)),
    "Distribution of reps' habitual customer hours (docs/replication-plan.md).",
)
@design_option(
    "--ei-reliability",
    "ei_reliability",
    click.FloatRange(0.05, 1.0),
    "Cronbach's alpha of each EI facet scale.",
)
@design_option(
    "--rating-reliability",
    "rating_reliability",
    click.FloatRange(0.05, 1.0),
    "Reliability of a supervisor's rating of relational performance.",
)
@design_option("--reps", "reps", click.IntRange(20, 100_000), "Reps in the study.")
@click.option("--workers", help="Local worker processes: a number or 'auto' [default: 1].")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder [default: runs/replicate; --multiverse: runs/multiverse, with --worlds "
    "runs/multiverse_worlds].",
)
@click.option(
    "--no-power-curve",
    is_flag=True,
    help="With --runs: skip the rates at 200 and 400 reps.",
)
def replicate(
    seed: int,
    runs: int,
    multiverse: bool,
    studies: int,
    worlds_count: int | None,
    effort: str,
    ei_reliability: float,
    rating_reliability: float,
    reps: int,
    workers: str | None,
    out: Path | None,
    no_power_curve: bool,
) -> None:
    """Replicate Ogilvie et al. (2017) on simulated reps, as docs/replication-plan.md says:
    archived weekly effort, surveyed EI and supervisor ratings with published reliabilities;
    the moderated quadratic regression, U-tests and two-lines tests for both EI groups."""
    count = parse_workers(workers)
    count = (os.cpu_count() or 1) if count == "auto" else (count or 1)
    if worlds_count and not multiverse:
        raise click.UsageError("--worlds goes with --multiverse")
    if multiverse and worlds_count:
        out = out or Path("runs") / "multiverse_worlds"
        design = StudyDesign(
            effort=effort, ei_reliability=ei_reliability, rating_reliability=rating_reliability
        ).scaled(reps)
        run_worlds_multiverse(seed, studies, worlds_count, out, design, workers=count)
        click.echo((out / "worlds_multiverse.md").read_text(encoding="utf-8"))
        click.echo(f"Wrote worlds_multiverse.csv, .md and .json to {out}/")
        return
    if multiverse:
        out = out or Path("runs") / "multiverse"
        run_multiverse(seed, studies, out, workers=count)
        click.echo((out / "multiverse.md").read_text(encoding="utf-8"))
        click.echo(f"Wrote multiverse.csv, multiverse.md and multiverse.json to {out}/")
        return
    design = StudyDesign(
        effort=effort, ei_reliability=ei_reliability, rating_reliability=rating_reliability
    ).scaled(reps)
    out = out or Path("runs") / "replicate"
    sizes = () if no_power_curve else (200, 400)
    run_replication(seed, runs, out, design, power_sizes=sizes, workers=count)
    text = (out / "report.md").read_text(encoding="utf-8")
    click.echo(text.split("## Moderated")[0] if runs == 1 else text)
    if runs == 1:
        click.echo(f"Wrote tables, figure and report to {out}/")
    else:
        click.echo(
            f"Wrote report.md, replications.csv and power.json (and the power curve) to {out}/, "
            f"and the first study's tables, figure and report to {out / 'study'}/"
        )
