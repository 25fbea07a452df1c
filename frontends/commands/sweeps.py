"""``rapport sweep``: many runs from a config file, then their report (``rapport report``).

Imports only what planning and running a sweep need; the report's stack loads after the runs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from experiments.config import load_sweep, sweep_json_schema
from experiments.execute import worker_count
from experiments.file_kinds import read_as
from experiments.refusals import failure as failure_text
from experiments.sweep import dry_run as describe_dry_run
from experiments.sweep import run_sweep
from experiments.sweep_texts import counted, number, say, values_text
from frontends.cli import (
    OutFolder,
    cli,
    command,
    fail,
    given_alone,
    parse_workers,
    report_language,
    resumable,
)
from sim.texts import quoted


@command("sweep")
@click.argument("config", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=OutFolder(),
    help="sweep.out",
)
@click.option("--dry-run", is_flag=True, help="sweep.dry_run")
@click.option("--schema", is_flag=True, help="sweep.schema")
@click.option("--workers", help="shared.workers")
@click.option("--address", help="shared.address")
@click.option("--oversubscribe", is_flag=True, help="sweep.oversubscribe")
@click.option("--force", is_flag=True, help="sweep.force")
@click.option("--no-report", is_flag=True, help="sweep.no_report")
@report_language
@click.option("--quiet", is_flag=True, help="shared.quiet")
@click.pass_context
def sweep(
    ctx,
    config,
    out,
    dry_run,
    schema,
    workers,
    address,
    oversubscribe,
    force,
    no_report,
    lang,
    quiet,
) -> None:
    """``rapport sweep``: a sweep file's runs, resumably, then their report (its help:
    ``frontends.help_texts``)."""
    if schema:
        given_alone(ctx, "schema")
        click.echo(json.dumps(sweep_json_schema(), indent=2, ensure_ascii=False))
        return
    if config is None:
        fail("sweep: give a CONFIG file (or --schema)")
    workers = parse_workers(workers, address)
    with read_as(config, "sweep"):
        spec = load_sweep(config)
    if dry_run:
        count, _ = worker_count(workers or spec.file.execution.workers, oversubscribe=oversubscribe)
        click.echo(
            describe_dry_run(
                spec,
                workers=count,
                out=out or Path("runs") / config.stem,
                force=force,
                address=address,
                lang=lang,
            )
        )
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
            lang=lang,
        ),
        out,
        lang=lang,
    )
    click.echo(
        say(
            "closing",
            lang,
            name=quoted(spec.name, lang),
            total=counted("count.runs", outcome.total, lang),
            done=number(outcome.done, lang),
            skipped=number(outcome.skipped, lang),
            failed=number(outcome.failed, lang),
            seconds=number(outcome.seconds, lang, ".1f"),
            out=out,
        )
    )
    if not no_report and outcome.done + outcome.skipped > 0:
        # The report is ``rapport report``'s, loaded from the command table only now: its stack
        # (matplotlib, statsmodels) is about a second of imports that the runs never use.
        ctx.invoke(cli.get_command(ctx, "report"), folder=out, lang=lang)
    if outcome.failures:
        failed = counted("count.maybe_runs", outcome.failed, lang)
        click.echo(say("failed.header", lang, failed=failed), err=True)
        for failure in outcome.failures[:10]:
            click.echo(
                say(
                    "failed.run",
                    lang,
                    point=number(failure["point"], lang),
                    replication=number(failure["replication"], lang),
                    values=values_text(failure["parameters"], lang),
                    error=failure_text(failure["error"], lang),
                ),
                err=True,
            )
        if outcome.failed > 10:
            more = number(outcome.failed - 10, lang)
            click.echo(say("failed.more", lang, more=more, out=out), err=True)
        sys.exit(1)
