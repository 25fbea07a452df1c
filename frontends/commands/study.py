"""``rapport study``: a manager's what-if question answered in one page."""

from __future__ import annotations

import json
from pathlib import Path

import click

from experiments.calibrate.config import POSTERIOR, TEAM_SCENARIO
from experiments.calibrate.texts import say as calibrate_say
from experiments.config import SweepFile, SweepSpec
from experiments.study_texts import STUDY_NAMES, say, unknown_study
from experiments.sweep_texts import say as sweep_say
from experiments.worlds import posterior_model_version, read_posterior
from frontends.cli import (
    OutFolder,
    command,
    fail,
    language_option,
    parse_workers,
    schema_range,
    stopped_saying,
)
from sim import MODEL_VERSION
from sim.params import ConfigError


@command("study")
@click.argument("name", required=False)
@click.option(
    "--out",
    type=OutFolder(),
    help="study.out",
)
@click.option(
    "--scenario",
    type=click.Path(dir_okay=False, exists=False),
    help="study.scenario",
)
@click.option(
    "--replications",
    type=schema_range(SweepSpec, "replications"),
    help="study.replications",
)
@click.option(
    "--worlds",
    type=click.Choice(["none", "prior", "posterior"]),
    help="study.worlds",
)
@click.option(
    "--worlds-count",
    type=schema_range(SweepFile, "worlds_count"),
    help="study.worlds_count",
)
@click.option(
    "--posterior",
    type=click.Path(dir_okay=False, path_type=Path),
    help="study.posterior",
)
@click.option(
    "--calibration",
    type=click.Path(file_okay=False, path_type=Path),
    help="study.calibration",
)
@language_option("study.lang")
@click.option("--workers", help="study.workers")
@click.option("--oversubscribe", is_flag=True, help="sweep.oversubscribe")
@click.option("--force", is_flag=True, help="study.force")
@click.option("--list", "list_studies", is_flag=True, help="study.list")
def study(
    name,
    out,
    scenario,
    replications,
    worlds,
    worlds_count,
    posterior,
    calibration,
    lang,
    workers,
    oversubscribe,
    force,
    list_studies,
) -> None:
    """``rapport study``: answer a study's what-if question in one page (its help:
    ``frontends.help_texts``)."""
    if list_studies or name is None:
        for key in STUDY_NAMES:
            click.echo(f"{key:<18} {say(f'{key}.question', lang)}")
        return
    if name not in STUDY_NAMES:
        raise ConfigError(unknown_study(name))
    # The studies' machinery (the model, statsmodels, matplotlib: about 2 s) loads when a study
    # runs: `--help`, `--list` and a name that is no study answer without it.
    from experiments.studies import WORLD_QUESTIONS, load_study, run_study

    if calibration is not None:
        scenario, posterior = team_calibration(calibration, scenario, posterior)
        if name not in WORLD_QUESTIONS:  # its answer reads no worlds: the team's scenario alone
            posterior = None
    if scenario is not None and not Path(scenario).is_file():
        fail(f"--scenario: {scenario}: file not found")
    if posterior is not None:
        if worlds not in (None, "posterior"):
            fail(f"--posterior: draws posterior worlds, not --worlds {worlds}; leave one out")
        if not posterior.is_file():
            fail(f"--posterior: {posterior}: file not found")
        try:  # refused as the option it came from, before any run
            read_posterior(posterior, "--posterior" if calibration is None else "--calibration")
        except ConfigError as exc:
            fail(str(exc))
        fitted = posterior_model_version(posterior)
        if fitted is not None and fitted != MODEL_VERSION:
            click.echo(
                calibrate_say(
                    "posterior.outdated",
                    lang,
                    posterior=posterior,
                    fitted=fitted,
                    version=MODEL_VERSION,
                ),
                err=True,
            )
        worlds = "posterior"
    if worlds_count is not None and (worlds or load_study(name).file.worlds) == "none":
        fail(
            f"--worlds-count: {worlds_count} worlds of none; the answer draws worlds only with "
            "--worlds prior or posterior"
        )
    workers = parse_workers(workers)
    if out is None:
        out = default_out(name, scenario, calibration)
    with stopped_saying(sweep_say("interrupted.study", lang, out=out)):
        page = run_study(
            name,
            out,
            workers=workers,
            oversubscribe=oversubscribe,
            force=force,
            scenario=scenario,
            replications=replications,
            worlds=worlds,
            worlds_count=worlds_count,
            posterior=posterior,
            lang=lang,
        )
    answer = json.loads((out / "answer.json").read_text(encoding="utf-8"))
    sure = answer.get("model_uncertainty", {}).get(lang)
    sure = f"\n\n{sure}" if sure else ""
    printed = say("page.printed", lang, page=page)
    click.echo(f"{answer['question']}\n\n{answer['answer']}{sure}\n\n{printed}")


def default_out(name: str, scenario: str | None, calibration: Path | None) -> Path:
    """Where a study writes without ``--out``: another team's answer never shares the default
    team's folder (a second study into a folder of another config would be refused).

    Args:
        name: The study.
        scenario: ``--scenario``, if given.
        calibration: ``--calibration``, if given: the answer lives beside the calibration.
    """
    if calibration is not None:
        return Path(calibration) / "studies" / name
    if scenario is not None:
        return Path("runs") / "studies" / f"{name}-{Path(scenario).stem}"
    return Path("runs") / "studies" / name


def team_calibration(
    folder: Path, scenario: str | None, posterior: Path | None
) -> tuple[str, Path]:
    """``--calibration DIR``: the folder's team scenario and posterior (one-line errors)."""
    if scenario is not None or posterior is not None:
        fail(
            "--calibration: sets the scenario and the posterior itself; leave out --scenario "
            "and --posterior"
        )
    if not folder.is_dir():
        fail(f"--calibration: {folder}: no such folder; give a `rapport calibrate --out` folder")
    found = folder / POSTERIOR
    if not found.is_file():
        # Only into an empty folder: `rapport calibrate` refuses one that holds other files.
        fix = (
            "give the folder that `rapport calibrate --team FILE.csv --out DIR` wrote"
            if any(folder.iterdir())
            else f"run `rapport calibrate --team FILE.csv --out {folder}` first"
        )
        fail(f"--calibration: {folder}: holds no {POSTERIOR}; {fix}")
    team = folder / TEAM_SCENARIO
    if not team.is_file():
        fail(
            f"--calibration: {folder}: holds no {TEAM_SCENARIO} (a calibration without --team); "
            f"use --posterior {found} for its worlds alone"
        )
    return str(team), found
