"""``rapport patterns``: the pattern map over the priors (``experiments.patterns``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from experiments.execute import worker_count
from experiments.patterns import (
    CRITERIA,
    DEFAULT_CONFIG,
    ONE_SEED,
    analyse_patterns,
    by_thirds,
    check_pairable,
    differences_text,
    failure_text,
    load_patterns,
    paired_verdicts,
    run_patterns,
    team_levels,
    write_paired,
)
from frontends.cli import fail, parse_workers, resumable
from sim.params import ConfigError


@click.command()
@click.argument("config", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Results folder [default: runs/patterns].",
)
@click.option("--workers", help="Local worker processes: a number or 'auto' (overrides the file).")
@click.option("--address", help="Dask scheduler, e.g. tcp://HOST:8786 (overrides the file).")
@click.option("--force", is_flag=True, help="Discard results of a different config in --out.")
@click.option("--quiet", is_flag=True, help="No progress output.")
@click.option(
    "--paired-with",
    "paired",
    type=click.Path(file_okay=False, path_type=Path),
    help="A finished map of the same points and seeds (one file with a prior held by fix:, or "
    "other team levels, say): compare the verdicts point by point (paired.json and paired.html "
    "in --out).",
)
def patterns(config, out, workers, address, force, quiet, paired) -> None:
    """Map where the study's pattern holds over the priors (sim/priors.py), resumably.

    Latin hypercube over the priors; at each point an effort scan for a low- and a high-EI team,
    judged at each horizon; PRIM boxes describe where it fails. Writes patterns.html and
    patterns.json into the results folder. CONFIG defaults to configs/patterns.yaml.
    """
    workers = parse_workers(workers, address)
    if paired is not None and not (paired / "config.yaml").is_file():
        fail(f"--paired-with {paired}: not a finished pattern map (no config.yaml there)")
    config = config or DEFAULT_CONFIG
    if not Path(config).is_file():
        fail(f"{config}: file not found")
    plan = load_patterns(config)
    if paired is not None:
        check_pairable(plan, paired)  # before minutes of runs, not after
    out = out or Path("runs") / "patterns"
    outcome = resumable(
        lambda: run_patterns(plan, out, workers=workers, address=address, force=force, quiet=quiet),
        out,
    )
    # Scenario discovery runs on this machine's cores, as many as the runs' local workers.
    cores, _ = worker_count(workers if workers is not None else plan.sweep.file.execution.workers)
    summary = analyse_patterns(out, workers=cores)
    click.echo(
        f"Pattern map {plan.name!r}: {outcome.total} runs; {outcome.done} executed now, "
        f"{outcome.skipped} already done, {outcome.failed} failed ({outcome.seconds:.1f} s)."
    )
    for horizon, entry in summary["horizons"].items():
        low, high = entry["share_95ci"]
        noise = (
            ONE_SEED
            if entry["seed_fragile"] is None
            else f"one seed flips the verdict at {entry['seed_fragile']['holds']:.0%}"
        )
        click.echo(
            f"  {horizon:>4} weeks: pattern holds in {entry['share']:.0%} of "
            f"{entry['points_judged']} points (95 % CI {low:.0%}–{high:.0%}); {noise}"
        )
        click.echo(f"        {failure_text(entry['failures'])}")
        for i, box in enumerate(entry["boxes"], 1):
            click.echo(
                f"        box {i} (coverage {box['coverage']:.0%}, density "
                f"{box['density']:.0%}): {box['mechanism']}"
            )
        movers = [r for r in entry["factor_map"] if r["q"] < 0.05][:3]
        if movers:
            click.echo(
                "        moves the verdict most: "
                + "; ".join(
                    f"{r['parameter']} (holds {by_thirds(r['holds_by_third'])} by third)"
                    for r in movers
                )
            )
    click.echo(f"Page: {out / 'patterns.html'}")
    if paired is not None and outcome.failed:
        # Verdicts on part of a point's runs would be paired as if whole (``finished_map``).
        click.echo(f"Not compared with {paired}: this map has failed runs.", err=True)
    elif paired is not None:
        try:
            pairs = paired_verdicts(out, paired)
        except (ConfigError, FileNotFoundError) as exc:
            fail(f"--paired-with {paired}: {exc}")
        figures, page = write_paired(out, pairs)
        click.echo(f"Point by point, this map ({out}) against {paired}:")
        here, there = pairs["teams"]["first"], pairs["teams"]["second"]
        if here != there:
            click.echo(f"  teams here {team_levels(here)}, there {team_levels(there)}")
        if pairs["differences"]:
            click.echo(f"  runs differ in: {differences_text(pairs['differences'])}")
        for horizon, entry in pairs["horizons"].items():
            for name, c in entry.items():
                click.echo(
                    f"  {horizon:>4} weeks, {CRITERIA.get(name, 'whole pattern')}: holds at "
                    f"{c['first']} against {c['second']} of {c['points']} points; here only "
                    f"{c['first_only']}, there only {c['second_only']} (McNemar p {c['p']:.2g})"
                )
        click.echo(f"Comparison: {figures}; page: {page}")
    if outcome.failed:
        click.echo(f"{outcome.failed} run(s) failed (see {out}/failures/)", err=True)
        sys.exit(1)
