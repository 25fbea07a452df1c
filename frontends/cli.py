"""The ``rapport`` command line."""

from __future__ import annotations

import importlib
import ipaddress
import json
import os
import re
import socket
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import click
from solara.util import get_solara_home

from experiments.config import load_sweep, sweep_json_schema
from experiments.execute import worker_count
from experiments.patterns import DEFAULT_CONFIG, analyse_patterns, load_patterns, run_patterns
from experiments.replicate.design import EFFORT_HABITS, StudyDesign
from experiments.replicate.multiverse import run_multiverse, run_worlds_multiverse
from experiments.replicate.power import replicate as run_replication
from experiments.report import write_report
from experiments.studies import STUDIES, load_study, run_study
from experiments.sweep import dry_run as describe_dry_run
from experiments.sweep import run_sweep
from frontends.app.assets import default_cache_dir, missing_assets
from frontends.classroom.serve import classroom_setup
from sim import __version__
from sim.formats import markdown_table
from sim.params import ConfigError, iter_params, json_schema, params_table, priors_table
from sim.resources import check_memory, size_text
from sim.run import check_destination, run_scenario, summary_table, write_run
from sim.scenarios import load_scenario, parse_assignment

MESSAGE_LENGTH = 500
"""Most characters of an error line (values inside are already cut by ``sim.params.shorten``)."""


def one_line(message: str, limit: int = MESSAGE_LENGTH) -> str:
    """``message`` on one line (line breaks become spaces), cut to ``limit`` characters."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def fail(message: str) -> None:
    """Print a one-line error and exit with code 2 (bad input), no traceback."""
    click.echo(one_line(f"rapport: error: {message}"), err=True)
    sys.exit(2)


def parse_workers(workers: str | None) -> int | str | None:
    """``--workers``: a positive whole number or 'auto' (None: as the config says)."""
    if workers is None or workers == "auto":
        return workers
    if not workers.isdigit() or int(workers) < 1:
        fail(f"--workers: {workers!r} is not a positive whole number or 'auto'")
    return int(workers)


PAGE = "frontends.app.page"
CLASSROOM_PAGE = "frontends.classroom.page"


def exposure_notice(host: str, port: int) -> list[str]:
    """What ``rapport app --host HOST`` makes reachable, as lines for the terminal."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host == "localhost"
    if loopback:
        return [f"Rapport app: http://{host}:{port}/  (only this computer; Ctrl-C stops it)"]
    if host in ("0.0.0.0", "::"):
        shown = [local_address()]
        where = "every network interface of this computer"
    else:
        shown = [host]
        where = host
    urls = ", ".join(f"http://{h}:{port}/" for h in shown)
    return [
        f"Rapport app: listening on {where}; others on your network open {urls}",
        "Warning: there is no login. Anyone who can reach this port can use the app and make "
        "this computer run simulations. Use --host 127.0.0.1 to keep it to this computer.",
        "Ctrl-C stops it.",
    ]


def local_address() -> str:
    """This computer's address on its network (the one its default route leaves from)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # a UDP "connect" sends nothing; it picks a route
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostname()


def resumable[T](execute: Callable[[], T], out: Path) -> T:
    """Run a resumable execution; on Ctrl-C say where the finished runs are and exit 130."""
    try:
        return execute()
    except KeyboardInterrupt:
        click.echo(
            f"\nInterrupted: finished runs are saved in {out}/. Run the same command "
            "again to execute only the missing ones.",
            err=True,
        )
        sys.exit(130)


class LazyGroup(click.Group):
    """A command group whose heavy commands load when used (click's documented pattern).

    ``lazy`` maps a command's name to ``"module:attribute"``. Importing pyabc for
    ``rapport calibrate`` takes seconds; every other command, and every test that starts one,
    would pay for it at start-up.
    """

    def __init__(self, *args, lazy: dict[str, str] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = lazy or {}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy:
            module, attribute = self.lazy[name].split(":")
            return getattr(importlib.import_module(module), attribute)
        return super().get_command(ctx, name)


@click.group(
    cls=LazyGroup,
    lazy={"calibrate": "frontends.calibrate_cli:calibrate"},
    context_settings={"help_option_names": ["-h", "--help"]},
)
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
@click.option(
    "--check",
    is_flag=True,
    help="Only check the scenario, the output folder and the memory needed; run nothing.",
)
def run(scenario, assignments, weeks, seed, out, check) -> None:
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
    name = scenario.stem if scenario else "default"
    out = out or Path("runs") / name
    check_destination(out)  # before simulating: a bad --out must not cost the run
    need = check_memory(params)
    if check:
        click.echo(f"Scenario {name}: valid; about {size_text(need)} of memory; writes to {out}/")
        return
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
def params(schema: bool, priors: bool, fmt: str) -> None:
    """List every parameter: dotted name, default, bounds, unit, description and prior (the
    plausible range the pattern map samples, see sim/priors.py)."""
    if schema:
        click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return
    specs = [s for s in iter_params() if s.prior is not None or not priors]
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
                f"{s.name:<{width}}  {default!s:>8}{unit}{bounds}{prior}\n    {s.description}"
            )
            if priors:
                click.echo(f"    Why: {s.prior.reason}")


@cli.command()
@click.argument("config", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Results folder [default: runs/<config name>].",
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


@cli.command()
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
            f"{entry['points_judged']} points (95 % CI {low:.0%}–{high:.0%})"
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


@cli.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def report(folder) -> None:
    """Write FOLDER/report.html (with PNG figures) from a sweep's stored results."""
    if not (folder / "manifest.json").is_file():
        fail(f"{folder}: not a sweep results folder (no manifest.json)")
    click.echo(f"Report: {write_report(folder)}")


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8765, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--dev", is_flag=True, help="Development mode: reload the page when the code changes."
)
@click.option("--classroom", is_flag=True, help="Classroom mode: students play reps on phones.")
def app(host: str, port: int, dev: bool, classroom: bool) -> None:
    """Serve the web app (Solara) on http://HOST:PORT/; Ctrl-C stops it.

    The page's JavaScript comes from the local assets cache (filled by `make setup`), never
    from a CDN, so the app works offline.
    """
    cache = default_cache_dir()
    missing = missing_assets(cache)
    if missing:
        fail(
            f"the app's browser assets are incomplete ({len(missing)} file(s) missing from "
            f"{cache}, e.g. {missing[0]}); run `make setup` or `python -m frontends.app.assets`"
        )
    page, notice, extra = PAGE, exposure_notice(host, port), {}
    if classroom:
        page = CLASSROOM_PAGE
        extra, notice = classroom_setup(host, port, local_address())
    env = dict(
        os.environ,
        # The page's URLs point at /_solara/cdn/*, which frontends.app.server answers read-only
        # from the local cache (Solara's own proxy would fetch, write and delete there).
        SOLARA_ASSETS_PROXY="true",
        SOLARA_ASSETS_PROXY_CACHE_DIR=str(cache),
        SOLARA_APP=page,  # read when frontends.app.server imports Solara's server
        SOLARA_TELEMETRY_MIXPANEL_ENABLE="false",
        # Solara's "This website runs on Solara" badge sits over the charts' lower right corner.
        SOLARA_THEME_SHOW_BANNER="false",
        **extra,
    )
    args = [sys.executable, "-m", "frontends.app.server", "run", page]
    args += ["--host", host, "--port", str(port), "--no-open", "--log-level", "warning"]
    if dev:
        # Solara's dev mode pings solara.dev from the page until this marker file exists.
        try:
            get_solara_home().mkdir(parents=True, exist_ok=True)
            (get_solara_home() / ".solara_checked").touch()
        except OSError:
            pass
    else:
        args.append("--production")
    for line in notice:
        click.echo(line, err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    # Replace this process with the server, so Ctrl-C and SIGTERM reach it directly.
    os.execve(sys.executable, args, env)


def design_option(flag: str, field: str, kind: click.ParamType, text: str):
    """An option of ``rapport replicate`` whose default is the study design's (one source)."""
    return click.option(
        flag, field, type=kind, default=getattr(StudyDesign(), field), show_default=True, help=text
    )


@cli.command()
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
    help="Output folder [default: runs/replicate or runs/multiverse].",
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
    click.echo(f"Wrote tables, figure and report to {out}/")


@cli.command()
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


def main() -> None:
    """Entry point: turn bad input into a one-line error with exit code 2."""
    try:
        cli.main(standalone_mode=False)
    except ConfigError as exc:
        fail(str(exc))
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.UsageError as exc:  # bad options or arguments: one line, exit 2, like bad input
        command = exc.ctx.command_path if exc.ctx else "rapport"
        where = command.removeprefix("rapport").strip()
        # click quotes the bad value in full: cut a long one, so the message's end stays readable
        message = re.sub(r"'([^']{61,})'", lambda m: f"'{m.group(1)[:59]}…'", exc.format_message())
        fail(f"{where + ': ' if where else ''}{message} (see {command} --help)")
    except click.ClickException as exc:
        click.echo(one_line(f"rapport: error: {exc.format_message()}"), err=True)
        sys.exit(exc.exit_code)


if __name__ == "__main__":
    main()
