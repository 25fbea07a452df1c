"""``rapport patterns``: the pattern map over the priors (``experiments.patterns``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from experiments.file_kinds import read_as
from experiments.pattern_texts import number, percent, say
from experiments.sweep_texts import thousands
from frontends.cli import (
    OutFolder,
    command,
    fail,
    given_alone,
    language_option,
    parse_workers,
    resumable,
)
from sim.params import ConfigError
from sim.texts import quoted


@command("patterns")
@click.argument("config", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=OutFolder(),
    help="patterns.out",
)
@click.option("--workers", help="shared.workers")
@click.option("--address", help="shared.address")
@click.option("--oversubscribe", is_flag=True, help="sweep.oversubscribe")
@click.option("--force", is_flag=True, help="patterns.force")
@click.option("--quiet", is_flag=True, help="shared.quiet")
@click.option(
    "--paired-with",
    "paired",
    type=click.Path(file_okay=False, path_type=Path),
    help="patterns.paired",
)
@click.option("--schema", is_flag=True, help="patterns.schema")
@language_option("patterns.lang")
@click.pass_context
def patterns(
    ctx, config, out, workers, address, oversubscribe, force, quiet, paired, schema, lang
) -> None:
    """``rapport patterns``: the pattern map, resumably, and what it says (its help:
    ``frontends.help_texts``)."""
    # The map's file is read and checked first; its machinery (its runs, PRIM, statsmodels,
    # matplotlib: over a second) loads once the file is good, so that `--help`, `--schema` and
    # a refused file answer without it.
    from experiments.pattern_config import DEFAULT_CONFIG, load_patterns, pattern_json_schema

    if schema:
        given_alone(ctx, "schema")
        click.echo(json.dumps(pattern_json_schema(), indent=2, ensure_ascii=False))
        return
    workers = parse_workers(workers, address)
    if paired is not None and not (paired / "config.yaml").is_file():
        fail(f"--paired-with {paired}: not a finished pattern map (no config.yaml there)")
    config = config or DEFAULT_CONFIG
    if not Path(config).is_file():
        fail(f"{config}: file not found")
    with read_as(config, "patterns"):
        plan = load_patterns(config)
    from experiments.execute import worker_count
    from experiments.patterns import (
        analyse_patterns,
        box_name,
        by_thirds,
        check_pairable,
        differences_text,
        failure_text,
        parameter_name,
        run_patterns,
        team_levels,
    )

    if paired is not None:
        check_pairable(plan, paired)  # before minutes of runs, not after
    out = out or Path("runs") / "patterns"
    options = {"workers": workers, "address": address, "force": force, "quiet": quiet}
    options |= {"oversubscribe": oversubscribe, "lang": lang}
    outcome = resumable(lambda: run_patterns(plan, out, **options), out, lang=lang)
    # Scenario discovery runs on this machine's cores, as many as the runs' local workers.
    asked = workers if workers is not None else plan.sweep.file.execution.workers
    cores, _ = worker_count(asked, oversubscribe=oversubscribe)
    # Stopped here, the runs are all saved: the same command analyses them again.
    summary = resumable(lambda: analyse_patterns(out, workers=cores, lang=lang), out, lang=lang)
    click.echo(
        say(
            "printed.runs",
            lang,
            name=quoted(plan.name, lang),
            total=thousands(outcome.total, lang),
            done=thousands(outcome.done, lang),
            skipped=thousands(outcome.skipped, lang),
            failed=thousands(outcome.failed, lang),
            seconds=number(outcome.seconds, lang, ".1f"),
        )
    )
    for horizon, entry in summary["horizons"].items():
        low, high = entry["share_95ci"]
        noise = (
            say("one_seed", lang)
            if entry["seed_fragile"] is None
            else say("printed.flips", lang, share=percent(entry["seed_fragile"]["holds"], lang))
        )
        click.echo(
            say(
                "printed.horizon",
                lang,
                horizon=f"{horizon:>4}",
                share=percent(entry["share"], lang),
                points=entry["points_judged"],
                low=percent(low, lang),
                high=percent(high, lang),
                noise=noise,
            )
        )
        click.echo(f"        {failure_text(entry['failures'], lang=lang)}")
        for i, box in enumerate(entry["boxes"], 1):
            click.echo(
                say(
                    "printed.box",
                    lang,
                    i=i,
                    coverage=percent(box["coverage"], lang),
                    density=percent(box["density"], lang),
                    mechanism=box_name(box["restricted"], box["failing_criteria"], lang)
                    if lang != "en"
                    else box["mechanism"],
                )
            )
        movers = [r for r in entry["factor_map"] if r["q"] < 0.05][:3]
        if movers:
            named = [
                say(
                    "printed.mover",
                    lang,
                    parameter=parameter_name(r["parameter"], lang),
                    thirds=by_thirds(r["holds_by_third"], lang),
                )
                for r in movers
            ]
            click.echo(say("printed.movers", lang, movers="; ".join(named)))
    click.echo(say("printed.page", lang, page=out / "patterns.html"))
    if paired is not None and outcome.failed:
        # Verdicts on part of a point's runs would be paired as if whole (``finished_map``).
        click.echo(say("printed.not_compared", lang, paired=paired), err=True)
    elif paired is not None:
        # Stopped here, runs and analysis are saved: the same command pairs them again.
        pairs, figures, page = resumable(lambda: _pair(out, paired, lang), out, lang=lang)
        click.echo(say("printed.pairs", lang, out=out, paired=paired))
        here, there = pairs["teams"]["first"], pairs["teams"]["second"]
        if here != there:
            click.echo(
                say(
                    "printed.teams",
                    lang,
                    here=team_levels(here, lang),
                    there=team_levels(there, lang),
                )
            )
        if pairs["differences"]:
            differences = differences_text(pairs["differences"], lang)
            click.echo(say("printed.differ", lang, differences=differences))
        for horizon, entry in pairs["horizons"].items():
            for name, c in entry.items():
                part = say("whole" if name == "holds" else f"criterion.{name}", lang)
                click.echo(
                    say(
                        "printed.pair",
                        lang,
                        horizon=f"{horizon:>4}",
                        part=part,
                        first=c["first"],
                        second=c["second"],
                        points=c["points"],
                        first_only=c["first_only"],
                        second_only=c["second_only"],
                        p=number(c["p"], lang, ".2g"),
                    )
                )
        click.echo(say("printed.compared", lang, figures=figures, page=page))
    if outcome.failed:
        click.echo(say("printed.failed", lang, failed=outcome.failed, out=out), err=True)
        sys.exit(1)


def _pair(out: Path, paired: Path, lang: str) -> tuple[dict, Path, Path]:
    """The two maps' verdicts point by point, and the files that show them."""
    from experiments.patterns import paired_verdicts, write_paired

    try:
        pairs = paired_verdicts(out, paired)
    except (ConfigError, FileNotFoundError) as exc:
        fail(f"--paired-with {paired}: {exc}")
    return pairs, *write_paired(out, pairs, lang)
