"""``rapport study``: a manager's what-if question answered in one page."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from experiments.studies import STUDIES, load_study, run_study
from frontends.cli import fail, parse_workers


@click.command()
@click.argument("name", required=False)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder [default: runs/studies/NAME].",
)
@click.option(
    "--scenario",
    type=click.Path(dir_okay=False, exists=False),
    help="Your team's scenario file as the base (where the study allows).",
)
@click.option(
    "--replications",
    type=click.IntRange(1, 10_000),
    help="Replications per setting (fewer: faster, wider intervals).",
)
@click.option(
    "--worlds",
    type=click.Choice(["none", "prior", "posterior"]),
    help="Plausible worlds behind the answer [default: the study file's].",
)
@click.option(
    "--worlds-count", type=click.IntRange(2, 100_000), help="Worlds drawn (more: slower)."
)
@click.option("--workers", help="Local worker processes: a number or 'auto'.")
@click.option("--list", "list_studies", is_flag=True, help="List the studies and their questions.")
def study(name, out, scenario, replications, worlds, worlds_count, workers, list_studies) -> None:
    """Answer a manager's what-if question: runs the study's sweep, writes a one-page answer.

    Studies: effort_sweet_spot, coaching, hiring, pressure, customer_mix, portfolio_size,
    leading_indicator.
    """
    if list_studies or name is None:
        for key in STUDIES:
            click.echo(f"{key:<18} {load_study(key).file.description}")
        return
    if scenario is not None and not Path(scenario).is_file():
        fail(f"--scenario: {scenario}: file not found")
    workers = parse_workers(workers)
    out = out or Path("runs") / "studies" / name
    try:
        page = run_study(
            name,
            out,
            workers=workers,
            scenario=scenario,
            replications=replications,
            worlds=worlds,
            worlds_count=worlds_count,
        )
    except KeyboardInterrupt:
        click.echo(
            f"\nInterrupted: finished runs are saved in {out}/; run the same command "
            "again to continue.",
            err=True,
        )
        sys.exit(130)
    answer = json.loads((out / "answer.json").read_text(encoding="utf-8"))
    sure = answer.get("model_uncertainty", {}).get("en")
    sure = f"\n\n{sure}" if sure else ""
    click.echo(f"{answer['question']}\n\n{answer['answer']}{sure}\n\nPage: {page}")
