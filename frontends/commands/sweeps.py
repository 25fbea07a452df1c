"""``rapport sweep``, ``rapport patterns`` and ``rapport report``: many runs from a config file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from experiments.config import load_sweep, sweep_json_schema
from experiments.execute import worker_count
from experiments.patterns import DEFAULT_CONFIG, analyse_patterns, load_patterns, run_patterns
from experiments.report import write_report
from experiments.sweep import dry_run as describe_dry_run
from experiments.sweep import run_sweep
from frontends.cli import fail, parse_workers, resumable


@click.command()
@click.argument("config", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Results folder [default: runs/<CONFIG's file name without .yaml>].",
)
@click.option("--dry-run", is_flag=True, help="Print runs, time and disk estimates; run nothing.")
@click.option("--schema", is_flag=True, help="Print the JSON Schema of sweep files.")
@click.option("--workers", help="Local worker processes: a number or 'auto' (overrides the file).")
@click.option("--address", help="Dask scheduler, e.g. tcp://HOST:8786 (overrides the file).")
@click.option(
    "--oversubscribe",
    is_flag=True,
    help="Start every --workers process asked for, even more than the cores available.",
)
@click.option(
    "--force", is_flag=True, help="Discard results in --out that are not runs of this config."
)
@click.option("--no-report", is_flag=True, help="Do not write the report at the end.")
@click.option("--quiet", is_flag=True, help="No progress output.")
def sweep(
    config, out, dry_run, schema, workers, address, oversubscribe, force, no_report, quiet
) -> None:
    """Run the parameter sweep described in CONFIG (YAML), resumably, and write its report.

    Running the same command again after an interruption executes only the missing runs; a
    design grown by points or replications keeps the runs already on disk. One sweep at a time
    writes into a folder.
    """
    if schema:
        click.echo(json.dumps(sweep_json_schema(), indent=2, ensure_ascii=False))
        return
    if config is None:
        fail("sweep: give a CONFIG file (or --schema)")
    workers = parse_workers(workers)
    spec = load_sweep(config)
    if dry_run:
        count, _ = worker_count(workers or spec.file.execution.workers, oversubscribe=oversubscribe)
        click.echo(describe_dry_run(spec, workers=count))
        return
    out = out or Path("runs") / config.stem
    outcome = resumable(
        lambda: run_sweep(
            spec,
            out,
            workers=workers,
            address=address,
            force=force,
            oversubscribe=oversubscribe,
            quiet=quiet,
        ),
        out,
    )
    click.echo(
        f"Sweep {spec.name!r}: {outcome.total} runs; {outcome.done} executed now, "
        f"{outcome.skipped} already done, {outcome.failed} failed ({outcome.seconds:.1f} s). "
        f"Results in {out}/"
    )
    if not no_report and outcome.done + outcome.skipped > 0:
        path = write_report(out)
        click.echo(f"Report: {path}")
    if outcome.failures:
        click.echo(f"{outcome.failed} run(s) failed:", err=True)
        for failure in outcome.failures[:10]:
            shown = ", ".join(f"{k}={v}" for k, v in failure["parameters"].items())
            click.echo(
                f"  point {failure['point']} replication {failure['replication']} "
                f"({shown}): {failure['error']}",
                err=True,
            )
        if outcome.failed > 10:
            click.echo(f"  ... and {outcome.failed - 10} more (see {out}/failures/)", err=True)
        sys.exit(1)


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
def patterns(config, out, workers, address, force, quiet) -> None:
    """Map where the study's pattern holds over the priors (sim/priors.py), resumably.

    Latin hypercube over the priors; at each point an effort scan for a low- and a high-EI team,
    judged at each horizon; PRIM boxes describe where it fails. Writes patterns.html and
    patterns.json into the results folder. CONFIG defaults to configs/patterns.yaml.
    """
    workers = parse_workers(workers)
    config = config or DEFAULT_CONFIG
    if not Path(config).is_file():
        fail(f"{config}: file not found")
    plan = load_patterns(config)
    out = out or Path("runs") / "patterns"
    outcome = resumable(
        lambda: run_patterns(plan, out, workers=workers, address=address, force=force, quiet=quiet),
        out,
    )
    summary = analyse_patterns(out)
    click.echo(
        f"Pattern map {plan.name!r}: {outcome.total} runs; {outcome.done} executed now, "
        f"{outcome.skipped} already done, {outcome.failed} failed ({outcome.seconds:.1f} s)."
    )
    for horizon, entry in summary["horizons"].items():
        low, high = entry["share_95ci"]
        click.echo(
            f"  {horizon:>4} weeks: pattern holds in {entry['share']:.0%} of "
            f"{entry['points_judged']} points (95 % CI {low:.0%}–{high:.0%}); one seed flips "
            f"the verdict at {entry['seed_fragile']['holds']:.0%}"
        )
        for i, box in enumerate(entry["boxes"], 1):
            click.echo(
                f"        box {i} (coverage {box['coverage']:.0%}, density "
                f"{box['density']:.0%}): {box['mechanism']}"
            )
    click.echo(f"Page: {out / 'patterns.html'}")
    if outcome.failed:
        click.echo(f"{outcome.failed} run(s) failed (see {out}/failures/)", err=True)
        sys.exit(1)


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def report(folder) -> None:
    """Write FOLDER/report.html (with PNG figures) from a sweep's stored results."""
    if not (folder / "manifest.json").is_file():
        fail(f"{folder}: not a sweep results folder (no manifest.json)")
    click.echo(f"Report: {write_report(folder)}")
