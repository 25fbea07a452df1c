"""``rapport calibrate``, loaded only when it is used (``frontends.cli.LazyGroup``): pyabc takes
seconds to import, so the command loads it (``experiments.calibrate.abc``) and the report's
figures only once its input is checked, and a bad file or option is refused at once."""

from __future__ import annotations

import json
from pathlib import Path

import click

from experiments.calibrate.config import DEFAULT_CONFIG as CALIBRATION_CONFIG
from experiments.calibrate.config import calibration_json_schema, load_calibration
from experiments.calibrate.team import TeamError, read_team
from experiments.calibrate.texts import evidence, say
from experiments.config import check_address
from experiments.file_kinds import read_as
from experiments.replicate.texts import number, percent
from frontends.app.i18n import team_problem
from frontends.cli import (
    OutFolder,
    command,
    fail,
    given_alone,
    language_option,
    parse_workers,
    stopped_saying,
)
from sim.texts import quoted


@command("calibrate")
@click.argument("config", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=OutFolder(),
    help="calibrate.out",
)
@click.option("--workers", help="shared.workers")
@click.option("--address", help="shared.address")
@click.option(
    "--team",
    type=click.Path(dir_okay=False, path_type=Path),
    help="calibrate.team",
)
@click.option("--quiet", is_flag=True, help="shared.quiet")
@click.option("--schema", is_flag=True, help="calibrate.schema")
@language_option("calibrate.lang")
@click.pass_context
def calibrate(ctx, config, out, workers, address, team, quiet, schema, lang) -> None:
    """``rapport calibrate``: fit the priors by ABC-SMC, resumably, and write what it found
    (its help: ``frontends.help_texts``)."""
    if schema:
        given_alone(ctx, "schema")
        click.echo(json.dumps(calibration_json_schema(), indent=2, ensure_ascii=False))
        return
    workers = parse_workers(workers, address)
    if address:
        address = check_address(address, "--address")
    config = config or CALIBRATION_CONFIG
    if not Path(config).is_file():
        fail(f"{config}: file not found")
    with read_as(config, "calibration"):
        settings = load_calibration(config)
    try:
        crew = read_team(team, called=str(team)) if team else None
    except TeamError as exc:
        fail(f"--team {team_problem(str(exc), lang)}")  # the Your team tab's words for it
    out = out or Path("runs") / "calibration"
    command = f"rapport calibrate {config} --out {out}" + (f" --team {team}" if team else "")
    from experiments.calibrate.abc import run_calibration
    from experiments.calibrate.report import write_outputs, write_team_scenario

    with stopped_saying(say("interrupted", lang, out=out)):
        outcome = run_calibration(
            settings, out, team=crew, workers=workers, address=address, quiet=quiet, lang=lang
        )
        # Stopped in the predictive draws, every generation is saved: the same command
        # fits nothing again and draws them again.
        summary = write_outputs(
            outcome,
            out,
            config_name=settings.name,
            command=command,
            draws=settings.abc.predictive_draws,
            seed=settings.abc.seed,
            workers=workers or settings.execution.workers,
            address=address or settings.execution.address,
            lang=lang,
        )
    generations = summary["generations"]
    last = generations[-1]
    early = (
        say("printed.early", lang, epsilon=number(settings.abc.minimum_epsilon, lang))
        if len(generations) < settings.abc.generations
        and last["epsilon"] <= settings.abc.minimum_epsilon
        else ""
    )
    click.echo(
        say(
            "printed.summary",
            lang,
            name=quoted(settings.name, lang),
            generations=say(
                "printed.generations.one" if len(generations) == 1 else "printed.generations",
                lang,
                n=len(generations),
            ),
            run=outcome.generations_run,
            seconds=number(outcome.seconds, lang, ".0f"),
            early=early,
            epsilon=number(last["epsilon"], lang, ".3g"),
            acceptance=percent(last["acceptance"], lang),
        )
    )
    for row in summary["predictive_checks"]:
        # a value target is met exactly almost never: within one scale alone says how close
        target = outcome.problem.targets[row["target"]]
        click.echo(
            say(
                "printed.check.value" if target.kind == "value" else "printed.check",
                lang,
                target=row["target"],
                meets=percent(row["meets"], lang),
                evidence=evidence(target, lang),
                within=percent(row["within_one_scale"], lang),
            )
        )
    click.echo(
        say(
            "printed.files",
            lang,
            posterior=out / "posterior.parquet",
            page=out / "calibration.html",
        )
    )
    if crew is not None:
        scenario = write_team_scenario(crew, out)
        click.echo(say("printed.team", lang, scenario=scenario, out=out))
