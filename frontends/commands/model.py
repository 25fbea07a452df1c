"""``rapport run`` and ``rapport params``: one scenario, and the parameter schema."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from frontends.cli import given_alone
from sim.formats import markdown_table
from sim.params import acts_only_when, iter_params, json_schema, params_table, priors_table
from sim.resources import check_memory, size_text
from sim.run import check_destination, run_scenario, summary_table, write_run
from sim.scenarios import load_scenario, notes_before_run, parse_assignment, read_yaml
from sim.texts import DECIMAL_MARK, LANGUAGES, count, note_text, phrase


@click.command()
@click.argument("scenario", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a parameter by dotted name, e.g. --set reps.effort_hours=55 (repeatable).",
)
@click.option("--weeks", type=int, help="Shortcut for --set simulation.weeks=N.")
@click.option("--seed", type=int, help="Shortcut for --set simulation.seed=N.")
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder [default: runs/<scenario name>].",
)
@click.option(
    "--check",
    is_flag=True,
    help="Only check the scenario, the output folder and the memory needed; run nothing.",
)
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default="en",
    show_default=True,
    help="Language of the table, the messages and trajectory.png (de: German, with decimal "
    "commas). The files' tables are the same in both; notes name settings by their dotted "
    "names, and refusals are in English.",
)
def run(scenario, assignments, weeks, seed, out, check, lang) -> None:
    """Run one SCENARIO file (default: the built-in defaults) and write its results.

    Writes weekly.parquet (one row per week), reps.parquet (one row per rep and week),
    summary.json (final week's metrics, parameters, seed, version) and trajectory.png into a
    new folder that then replaces --out as a whole.
    """
    overrides = dict(parse_assignment(a) for a in assignments)
    if weeks is not None:
        overrides["simulation.weeks"] = weeks
    if seed is not None:
        overrides["simulation.seed"] = seed
    params = load_scenario(scenario, overrides)
    if scenario is not None and not read_yaml(scenario):  # a wrong or unsaved file, likely
        click.echo(
            phrase("run.note", lang, note=phrase("run.empty", lang, file=scenario)), err=True
        )
    name = scenario.stem if scenario else "default"
    out = out or Path("runs") / name
    # A setting that changes nothing is likely a slip (one the settings it needs keep idle, or a
    # team value every profile replaces with its own), as is a schedule the run never reaches.
    for note in notes_before_run(params):
        click.echo(phrase("run.note", lang, note=note_text(note, lang)) + ".", err=True)
    check_destination(out)  # before simulating: a bad --out must not cost the run
    need = check_memory(params)
    if check:
        memory = size_text(need).replace(".", DECIMAL_MARK[lang])  # "14.9 MB", "14,9 MB"
        click.echo(phrase("run.checked", lang, name=name, memory=memory, out=out))
        return
    result = run_scenario(params)
    paths = write_run(result, out, lang)
    s = params.simulation
    sizes = {
        "reps": count("rep", params.reps.count, lang),
        "customers": count("customer", params.customers.per_rep, lang),
        "weeks": count("week", s.weeks, lang),
    }
    click.echo(phrase("run.header", lang, name=name, seed=s.seed, **sizes) + "\n")
    click.echo(summary_table(result, lang))
    files = ", ".join(p.name for p in paths.values())
    click.echo("\n" + phrase("run.wrote", lang, files=files, out=out))


@click.command(
    short_help="List every parameter: dotted name, default, bounds, unit, description and prior."
)
@click.option("--schema", is_flag=True, help="Print the JSON Schema of scenario files instead.")
@click.option(
    "--priors", is_flag=True, help="Only the parameters with a prior: range and the reason for it."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "markdown", "json"]),
    default="table",
    show_default=True,
    help="Output format of the parameter list.",
)
@click.pass_context
def params(ctx: click.Context, schema: bool, priors: bool, fmt: str) -> None:
    """List every parameter: dotted name, default, bounds, unit, description and prior (the
    plausible range the pattern map samples, see sim/priors.py)."""
    if schema:
        given_alone(ctx, "schema")
        click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return
    specs = [s for s in iter_params(schedules=True) if s.prior is not None or not priors]
    if fmt == "markdown":
        click.echo(markdown_table(*(priors_table() if priors else params_table())))
    elif fmt == "json":
        click.echo(json.dumps([asdict(s) for s in specs], indent=2, ensure_ascii=False))
    else:
        width = max(len(s.name) for s in specs)
        for s in specs:
            default = (
                "[]" if s.type == "list" else f"{s.default:g}" if s.type == "float" else s.default
            )
            unit = f" {s.unit}" if s.unit else ""
            bounds = f"  [{s.bounds_text()}]" if s.bounds_text() else ""
            prior = f"  prior {s.prior.text()}" if s.prior else ""
            click.echo(
                f"{s.name:<{width}}  {default!s:>8}{unit}{bounds}{prior}\n"
                f"    {s.description}{acts_only_when(s)}"
            )
            if priors:
                click.echo(f"    Why: {s.prior.reason}")
