"""``rapport replicate``: simulated field studies of the 2017 design."""

from __future__ import annotations

import os
from pathlib import Path

import click
from click.core import ParameterSource

from experiments.config import SweepSpec
from experiments.replicate.design import (
    EFFORT_HABITS,
    SAVED,
    SAVED_MULTIVERSE,
    SAVED_WORLDS,
    StudyDesign,
)
from experiments.replicate.texts import say
from experiments.store import output_folder
from frontends.cli import (
    NumberRange,
    OutFolder,
    command,
    language_option,
    parse_workers,
    resumable,
    schema_range,
)
from sim.params import ConfigError

# What ``rapport replicate`` does, by the options that choose it.
MODES = {
    "one": "one study",
    "runs": "--runs N (N ≥ 2)",
    "multiverse": "--multiverse",
    "worlds": "--multiverse --worlds N",
}
# Each mode's folder when --out is not given (under runs/): one of its own, so that no mode
# writes into another's (``refuse_foreign_folder``).
DEFAULT_OUT = {
    "one": "replicate",
    "runs": "replications",
    "multiverse": "multiverse",
    "worlds": "multiverse_worlds",
}
# The files only each mode writes at the top of its folder (report.md and summary.json are
# not among them: other modes, and `rapport run`, write files of those names). Another mode's
# results in --out would be mixed with this one's (--runs N replaces a study's report.md and
# leaves its report.html, tables and summary.json beside it), and another command's files
# overwritten (a run's summary.json): such a folder is refused. A folder holding this mode's
# files, complete or left by an interruption, is written again.
MODE_FILES = {
    "one": (
        "tests.csv",
        "coefficients.csv",
        "turning_points.csv",
        "simple_slopes.csv",
        "comparison.csv",
        "reps.csv",
        "figure.png",
        "report.html",
    ),
    "runs": ("power.json", "replications.csv", "power_curve.csv", "study", SAVED),
    "multiverse": ("multiverse.json", "multiverse.csv", "multiverse.md", SAVED_MULTIVERSE),
    "worlds": (
        "worlds_multiverse.json",
        "worlds_multiverse.csv",
        "worlds_multiverse.md",
        SAVED_WORLDS,
    ),
}
POWER_SIZES = (200, 400)  # reps of the larger studies in the power curve of --runs N
DESIGN_OPTIONS = ("effort", "ei_reliability", "rating_reliability", "reps")
# Each option that only some modes use: those modes, and why it goes with no other. An option
# given in any other mode is refused: it would change nothing there.
OPTION_MODES: dict[str, tuple[tuple[str, ...], str]] = {
    "runs": (
        ("one", "runs"),
        "with --multiverse, --studies sets how many studies each cell or world runs",
    ),
    "studies": (
        ("multiverse", "worlds"),
        "without --multiverse, --runs N sets how many studies run",
    ),
    "worlds_count": (("worlds",), "add --multiverse to run the study in plausible worlds"),
    **dict.fromkeys(
        DESIGN_OPTIONS,
        (
            ("one", "runs", "worlds"),
            "--multiverse alone crosses the effort distributions, reliabilities and study sizes "
            "itself",
        ),
    ),
    "no_power_curve": (("runs",), "only --runs N computes a power curve"),
    "workers": (("runs", "multiverse", "worlds"), "one study runs in this process"),
}


def mode_of(runs: int, multiverse: bool, worlds_count: int | None) -> str:
    """Which of ``MODES`` the options choose."""
    if multiverse:
        return "worlds" if worlds_count else "multiverse"
    return "runs" if runs > 1 else "one"


def refuse_misplaced(ctx: click.Context, mode: str) -> None:
    """Refuse, in one line, every option given that ``mode`` does not use (never ignore it).

    Raises:
        click.UsageError: naming each such option with its value, the modes it goes with and
            why it does not go with this one.
    """
    misplaced: dict[tuple[tuple[str, ...], str], list[str]] = {}
    for param in ctx.command.params:
        name = param.name or ""
        if name not in OPTION_MODES or mode in OPTION_MODES[name][0]:
            continue
        if ctx.get_parameter_source(name) in (None, ParameterSource.DEFAULT):
            continue
        flag = param.opts[0]
        given = flag if getattr(param, "is_flag", False) else f"{flag} {ctx.params[name]}"
        misplaced.setdefault(OPTION_MODES[name], []).append(given)
    if misplaced:
        raise click.UsageError(
            "; ".join(
                f"{' and '.join(given)} {'go' if len(given) > 1 else 'goes'} only with "
                f"{alternatives([MODES[m] for m in modes])}, not with {MODES[mode]}: {why}"
                for (modes, why), given in misplaced.items()
            )
        )


def refuse_foreign_folder(out: Path, mode: str) -> None:
    """Refuse an ``--out`` that holds anything but an earlier result of the same ``mode``.

    Raises:
        ConfigError: in one line, naming the folder, what it holds (another mode's results, or
            files no replication of this mode writes) and what to do.
    """
    entries = sorted(e.name for e in out.iterdir() if not e.name.startswith("."))
    if not entries:
        return
    for other, files in MODE_FILES.items():
        theirs = [name for name in files if name in entries]
        if other != mode and theirs:
            raise ConfigError(
                f"--out: {out}: holds {', '.join(theirs[:2])}, the results of {MODES[other]}; "
                f"{MODES[mode]} writes into a folder of its own: give another --out"
            )
    if not set(MODE_FILES[mode]) & set(entries):
        shown = ", ".join(entries[:3]) + (", ..." if len(entries) > 3 else "")
        raise ConfigError(
            f"--out: {out}: holds {shown}, not the results of {MODES[mode]}; a replication "
            "writes into a folder of its own: give another --out"
        )


def alternatives(choices: list[str]) -> str:
    """``["a", "b", "c"]`` as "a, b or c"."""
    return choices[0] if len(choices) == 1 else f"{', '.join(choices[:-1])} or {choices[-1]}"


def design_option(flag: str, field: str, kind: click.ParamType):
    """An option of ``rapport replicate`` whose default is the study design's (one source); its
    help is ``frontends.help_texts``' "replicate.FIELD"."""
    default = getattr(StudyDesign(), field)
    return click.option(
        flag, field, type=kind, default=default, show_default=True, help=f"replicate.{field}"
    )


@command("replicate", values={"sizes": POWER_SIZES})
@click.option(
    "--seed",
    type=schema_range(SweepSpec, "seed"),
    default=20261127,
    show_default=True,
    help="replicate.seed",
)
@click.option(
    "--runs",
    type=click.IntRange(1, 10_000),
    default=1,
    show_default=True,
    help="replicate.runs",
)
@click.option(
    "--multiverse",
    is_flag=True,
    help="replicate.multiverse",
)
@click.option(
    "--studies",
    type=click.IntRange(1, 10_000),
    default=50,
    show_default=True,
    help="replicate.studies",
)
@click.option(
    "--worlds",
    "worlds_count",
    type=click.IntRange(2, 4096),
    help="replicate.worlds",
)
@design_option("--effort", "effort", click.Choice(list(EFFORT_HABITS)))
@design_option("--ei-reliability", "ei_reliability", NumberRange(0.05, 1.0))
@design_option("--rating-reliability", "rating_reliability", NumberRange(0.05, 1.0))
@design_option("--reps", "reps", click.IntRange(20, 100_000))
@click.option("--workers", help="replicate.workers")
@click.option(
    "--out",
    type=OutFolder(),
    help="replicate.out",
)
@click.option("--no-power-curve", is_flag=True, help="replicate.no_power_curve")
@language_option("replicate.lang")
@click.pass_context
def replicate(
    ctx: click.Context,
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
    lang: str,
) -> None:
    """``rapport replicate``: simulated field studies of the 2017 design, in the mode the
    options choose (its help: ``frontends.help_texts``)."""
    mode = mode_of(runs, multiverse, worlds_count)
    refuse_misplaced(ctx, mode)
    count = parse_workers(workers)
    count = (os.cpu_count() or 1) if count == "auto" else (count or 1)
    # The folder first: studies that ran for minutes are not lost to an --out that cannot be made.
    out = output_folder(out or Path("runs") / DEFAULT_OUT[mode], own="a replication")
    refuse_foreign_folder(out, mode)
    # The simulation and its analysis (Mesa, statsmodels, matplotlib: about 3 s) load once the
    # options and the folder are accepted: `--help` and a refusal answer without them.
    from experiments.replicate.multiverse import run_multiverse, run_worlds_multiverse
    from experiments.replicate.power import replicate as run_replication

    if multiverse and worlds_count:
        design = StudyDesign(
            effort=effort, ei_reliability=ei_reliability, rating_reliability=rating_reliability
        ).scaled(reps)
        resumable(
            lambda: run_worlds_multiverse(
                seed, studies, worlds_count, out, design, workers=count, lang=lang
            ),
            out,
            "studies",
            lang,
        )
        click.echo((out / "worlds_multiverse.md").read_text(encoding="utf-8"))
        click.echo(say("wrote.worlds", lang, saved=SAVED_WORLDS, out=out))
        return
    if multiverse:
        resumable(
            lambda: run_multiverse(seed, studies, out, workers=count, lang=lang),
            out,
            "studies",
            lang,
        )
        click.echo((out / "multiverse.md").read_text(encoding="utf-8"))
        click.echo(say("wrote.multiverse", lang, saved=SAVED_MULTIVERSE, out=out))
        return
    design = StudyDesign(
        effort=effort, ei_reliability=ei_reliability, rating_reliability=rating_reliability
    ).scaled(reps)
    sizes = () if no_power_curve else POWER_SIZES
    resumable(
        lambda: run_replication(
            seed, runs, out, design, power_sizes=sizes, workers=count, lang=lang
        ),
        out,
        "studies",
        lang,
    )
    text = (out / "report.md").read_text(encoding="utf-8")
    # one study: its design and the comparison with the paper (the page's first two sections)
    click.echo("\n## ".join(text.split("\n## ")[:3]) if runs == 1 else text)
    if runs == 1:
        click.echo(say("wrote.one", lang, out=out))
    else:
        files = written(sizes, lang)
        click.echo(say("wrote.runs", lang, files=files, out=out, study=out / "study"))


def written(power_sizes: tuple[int, ...], lang: str = "en") -> str:
    """What ``--runs N`` writes into its folder, the power curve only if it ran."""
    log = say("wrote.log", lang, saved=SAVED)
    if not power_sizes:
        return say("wrote.files", lang, log=log)
    sizes = say("and", lang).join(str(size) for size in power_sizes)
    return say("wrote.files.curve", lang, sizes=sizes, log=log)
