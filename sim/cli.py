"""The ``rapport`` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from sim import __version__
from sim.params import (
    ConfigError,
    iter_params,
    json_schema,
    load_scenario,
    markdown_table,
    parse_assignment,
)


def fail(message: str) -> None:
    """Print a one-line error and exit with code 2 (bad input), no traceback."""
    click.echo(f"rapport: error: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="rapport")
def cli() -> None:
    """Rapport: how sales effort, empathy and customer relationships interact."""


@cli.command()
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
def run(scenario, assignments, weeks, seed, out) -> None:
    """Run one SCENARIO file (default: the built-in defaults) and write its results.

    Writes weekly.parquet (one row per week), reps.parquet (one row per rep and week),
    summary.json (final week's metrics, parameters, seed, version) and trajectory.png.
    """
    from sim.run import run_scenario, summary_table, write_run

    overrides = dict(parse_assignment(a) for a in assignments)
    if weeks is not None:
        overrides["simulation.weeks"] = weeks
    if seed is not None:
        overrides["simulation.seed"] = seed
    params = load_scenario(scenario, overrides)
    name = scenario.stem if scenario else "default"
    out = out or Path("runs") / name
    result = run_scenario(params)
    paths = write_run(result, out)
    s = params.simulation
    click.echo(
        f"Scenario {name}: {params.reps.count} reps × {params.customers.per_rep} customers, "
        f"{s.weeks} weeks, seed {s.seed}\n"
    )
    click.echo(summary_table(result))
    click.echo(f"\nWrote {', '.join(p.name for p in paths.values())} to {out}/")


@cli.command()
@click.option("--schema", is_flag=True, help="Print the JSON Schema of scenario files instead.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "markdown", "json"]),
    default="table",
    show_default=True,
    help="Output format of the parameter list.",
)
def params(schema: bool, fmt: str) -> None:
    """List every parameter: dotted name, default, bounds, unit and description."""
    if schema:
        click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return
    specs = list(iter_params())
    if fmt == "markdown":
        click.echo(markdown_table())
    elif fmt == "json":
        click.echo(json.dumps([s.__dict__ for s in specs], indent=2, ensure_ascii=False))
    else:
        width = max(len(s.name) for s in specs)
        for s in specs:
            default = (
                "[]" if s.type == "list" else f"{s.default:g}" if s.type == "float" else s.default
            )
            unit = f" {s.unit}" if s.unit else ""
            bounds = f"  [{s.bounds_text()}]" if s.bounds_text() else ""
            click.echo(f"{s.name:<{width}}  {default!s:>8}{unit}{bounds}\n    {s.description}")


def main() -> None:
    """Entry point: turn bad input into a one-line error with exit code 2."""
    try:
        cli.main(standalone_mode=False)
    except ConfigError as exc:
        fail(str(exc))
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
