"""The ``rapport`` command line: the group, its error handling and the helpers every command shares.

The commands live in ``frontends/commands/``, one module per family, and load only when used:
``rapport run`` imports the model, not Solara, statsmodels or pyabc. Their ``--help`` texts live
in ``frontends/help_texts.py``, in English and German (``Command``).
"""

from __future__ import annotations

import copy
import errno
import importlib
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click
from pydantic import BaseModel

from experiments import sweep_texts  # the texts of the sweep machinery
from experiments.interrupts import BackendLost, Terminated, stop_on_sigterm
from experiments.refusals import ABORTED, PREFIX, SEE_HELP, refusal
from frontends import help_texts
from frontends.launch import LANG_ENV, asked_language
from sim import __version__
from sim.params import ConfigError, field_bounds
from sim.texts import LANGUAGES

MESSAGE_LENGTH = 500
"""Most characters of an error line (values inside are already cut by ``sim.params.shorten``)."""


def one_line(message: str, limit: int = MESSAGE_LENGTH) -> str:
    """``message`` on one line (line breaks become spaces), cut to ``limit`` characters."""
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# Errors of writing to the user's folders: what the user can fix, not defects of Rapport.
WRITE_REFUSED = {errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT}


_language = ["en"]  # the language of this command's refusals (``main`` sets it from ``--lang``)


def asked_command(argv: list[str]) -> str:
    """``rapport NAME`` for the command a command line names (``rapport`` if none): for a usage
    error that click raises without the command's context, such as an option missing its value
    (``rapport run --weeks``), which would otherwise point to ``rapport --help``."""
    words = iter(argv)
    for word in words:
        if word == "--lang":
            next(words, None)
        elif not word.startswith("-"):
            return f"rapport {word}" if word in cli.lazy else "rapport"
    return "rapport"


def fail(message: str) -> None:
    """Print a one-line error in the command's language and exit with code 2 (bad input), no
    traceback."""
    lang = _language[0]
    click.echo(one_line(PREFIX[lang] + refusal(message, lang)), err=True)
    sys.exit(2)


def given_alone(ctx: click.Context, option: str) -> None:
    """Refuse (one line) any other option or argument given with ``option`` (say ``--schema``,
    which prints a schema and would ignore them)."""
    others = [
        param.opts[0] if isinstance(param, click.Option) else param.human_readable_name
        for param in ctx.command.params
        if param.name != option
        and ctx.get_parameter_source(param.name) == click.core.ParameterSource.COMMANDLINE
    ]
    if others:
        fail(f"--{option} prints a schema and takes nothing else; leave out {', '.join(others)}")


def language_option(help: str) -> Callable[[Callable], Callable]:
    """``--lang [en|de]``, English by default: the option every command that writes for people
    takes; ``help`` names the text (``frontends.help_texts``) that says what the language changes
    for that command (``Command`` adds that ``RAPPORT_LANG`` sets the default)."""
    return click.option(
        "--lang",
        type=click.Choice(LANGUAGES),
        default="en",
        show_default=True,
        envvar=LANG_ENV,
        help=help,
    )


# `rapport report --lang`, which `rapport sweep --lang` passes on to the report it writes.
report_language = language_option("report.lang")


def schema_range(model: type[BaseModel], field: str) -> click.IntRange:
    """A whole-number option's range, read from the schema field it sets (one source of truth:
    ``rapport study --replications`` allows what ``sweep.replications`` in a file allows)."""
    low, high, exclusive = field_bounds(model, field)
    return click.IntRange(
        None if low is None else int(low), None if high is None else int(high), min_open=exclusive
    )


class NumberRange(click.FloatRange):
    """click's FloatRange, refusing NaN as out of the range too (NaN compares false with both
    bounds, so FloatRange let it through to the code behind the option, which raised)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail(f"{number} is not in the range {self._describe_range()}.", param, ctx)
        return number


class OutFolder(click.Path):
    """An output folder option (``--out``): a folder's path, never an empty one. An empty
    ``--out ''`` was the current folder, into which a study or sweep then wrote its files beside
    whatever was there."""

    def __init__(self) -> None:
        super().__init__(file_okay=False, path_type=Path)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("an empty path; give a folder, e.g. runs/NAME", param, ctx)
        return super().convert(value, param, ctx)


def parse_workers(workers: str | None, address: str | None = None) -> int | str | None:
    """``--workers``: a positive whole number or 'auto' (None: as the config says). Refused
    beside ``--address``, which sends the runs to a Dask cluster's workers: the run used the
    cluster and ignored ``--workers`` without a word."""
    if workers is not None and address:
        fail(
            f"--workers {workers} and --address {address}: give one (--workers starts local "
            "processes; --address sends the runs to that Dask cluster's workers)"
        )
    if workers is None or workers == "auto":
        return workers
    if not workers.isdigit() or int(workers) < 1:
        fail(f"--workers: {workers!r} is not a positive whole number or 'auto'")
    return int(workers)


def resumable[T](execute: Callable[[], T], out: Path, what: str = "runs", lang: str = "en") -> T:
    """Run a resumable execution; on Ctrl-C or SIGTERM say in ``lang`` where the finished
    ``what`` (runs, studies) are and exit 130 or 143; when the executor is lost (a Dask
    scheduler gone), say so in one line and exit 1."""
    text = sweep_texts.say(f"what.{what}", lang)
    try:
        with stopped_saying(sweep_texts.say("interrupted", lang, what=text, out=out)):
            return execute()
    except BackendLost as exc:
        click.echo(
            sweep_texts.say("lost", lang, lost=exc.labels[lang], what=text, out=out), err=True
        )
        sys.exit(1)


@contextmanager
def stopped_saying(line: str) -> Iterator[None]:
    """Runs the block with SIGTERM taken as a stop; on Ctrl-C or SIGTERM prints ``line`` (where
    the finished work is) and exits 130 or 143, without a traceback.

    A Ctrl-C that lands while a lock is being restored (in ``concurrent.futures.wait``) can
    surface as ``RuntimeError: release unlocked lock`` raised while handling the interrupt (an
    analyst's audit: a traceback and exit 1, once in about twelve Ctrl-Cs); that is the stop
    too. Any other error propagates.
    """
    try:
        with stop_on_sigterm():
            yield
    except KeyboardInterrupt as exc:
        click.echo(line, err=True)
        sys.exit(interrupted_code(exc))
    except RuntimeError as exc:
        stop = stop_behind(exc)
        if stop is None:
            raise
        click.echo(line, err=True)
        sys.exit(interrupted_code(stop))


def stop_behind(exc: BaseException) -> KeyboardInterrupt | None:
    """The Ctrl-C or SIGTERM (``Terminated``) that ``exc`` was raised while handling, if any."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, KeyboardInterrupt):
            return cause
        seen.add(id(cause))
        cause = cause.__context__
    return None


def interrupted_code(exc: BaseException) -> int:
    """The exit code of a command stopped by ``exc``: 143 (128 + 15) for SIGTERM, else 130
    (128 + 2, Ctrl-C), as a shell reports a process ended by the signal."""
    return 143 if isinstance(exc, Terminated) else 130


HELP_LANGUAGE = "rapport.help_language"
"""Where a command line's context keeps the language its ``--help`` is shown in."""


def help_language(ctx: click.Context | None) -> str:
    """The language of ``--help`` in ``ctx``: the one its command line asks for (read before
    click parses it, since ``--help`` answers before ``--lang`` is read), else ``RAPPORT_LANG``'s
    or English."""
    if ctx is not None and HELP_LANGUAGE in ctx.meta:
        return ctx.meta[HELP_LANGUAGE]
    return asked_language([])


class Command(click.Command):
    """A ``rapport`` command whose ``--help`` speaks the language the command line asks for.

    Its ``help`` and each option's ``help=`` are keys of ``frontends.help_texts``, not texts: the
    texts are looked up when the help is shown, in the language ``asked_language`` reads from
    the whole line (``rapport run --help --lang de`` as ``RAPPORT_LANG=de rapport run --help``).
    ``values`` fill the texts' placeholders (a sequence is named as "200 and 400").
    """

    def __init__(
        self, *args, values: Mapping[str, Iterable[object]] | None = None, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.values = dict(values or {})

    def say(self, key: str, lang: str) -> str:
        """The help text ``key`` in ``lang``, its placeholders filled from ``values``."""
        values = {name: help_texts.listed(items, lang) for name, items in self.values.items()}
        return help_texts.say(key, lang, **values)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if ctx.parent is None:  # the whole line: the group's, or a command's started alone
            ctx.meta[HELP_LANGUAGE] = asked_language(args)
        return super().parse_args(ctx, args)

    def get_short_help_str(self, limit: int = 45) -> str:
        return help_texts.summary(self.help or "", help_language(click.get_current_context(True)))

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        prefix = help_texts.say("usage", help_language(ctx)) + " "
        formatter.write_usage(ctx.command_path, " ".join(self.collect_usage_pieces(ctx)), prefix)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        formatter.write_paragraph()
        with formatter.indentation():
            formatter.write_text(self.say(self.help or "", help_language(ctx)))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The options with their texts in the line's language; click's own parts of a line
        (``[default: en]``) too, its values (``0.85``, ``[en|de]``) as they are typed."""
        lang = help_language(ctx)
        default = f"[{help_texts.say('default', lang)}: "
        rows = []
        for param in self.get_params(ctx):
            if not isinstance(param, click.Option) or param.hidden:
                continue
            shown = copy.copy(param)  # the option itself keeps its key
            key = "shared.help" if param is self.get_help_option(ctx) else param.help or ""
            shown.help = self.say(key, lang)
            if param.envvar == LANG_ENV:
                shown.help += " " + help_texts.say("lang.env", lang, variable=LANG_ENV)
            if record := shown.get_help_record(ctx):
                rows.append((record[0], record[1].replace("[default: ", default)))
        with formatter.section(help_texts.say("section.options", lang)):
            formatter.write_dl(rows)


def command(name: str, **attrs) -> Callable[[Callable], Command]:
    """The decorator of a ``rapport`` command ``name``: its help is ``frontends.help_texts``'
    text ``name``, in the language the command line asks for (``Command``)."""
    return click.command(name, cls=Command, help=name, **attrs)


class LazyGroup(Command, click.Group):
    """A command group whose heavy commands load when used (click's documented pattern).

    ``lazy`` maps a command's name to its ``"module:attribute"``. Importing everything would
    cost every command, and every test that starts one, seconds at start-up: pyabc alone takes
    seconds, Solara and statsmodels half a second each. ``rapport --help`` lists the commands
    with their summaries from ``frontends.help_texts`` without importing them. A ``--lang``
    given before the command is the command's own.
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

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        """The command named first in ``args``, with ``rapport --lang de NAME``'s language
        passed on as its first option (a ``--lang`` after the name, given later, wins)."""
        name, found, rest = super().resolve_command(ctx, args)
        if ctx.get_parameter_source("lang") == click.core.ParameterSource.COMMANDLINE:
            rest = ["--lang", ctx.params["lang"], *rest]
        return name, found, rest

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_options(ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help`` from the summaries (no imports), each in full."""
        lang = help_language(ctx)
        rows = []
        for name in self.list_commands(ctx):
            if name in self.lazy:
                rows.append((name, help_texts.summary(name, lang)))
            elif (command := super().get_command(ctx, name)) and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10**6)))
        with formatter.section(help_texts.say("section.commands", lang)):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    help="rapport",
    lazy={
        "run": "frontends.commands.model:run",
        "params": "frontends.commands.model:params",
        "sweep": "frontends.commands.sweeps:sweep",
        "patterns": "frontends.commands.patterns:patterns",
        "report": "frontends.commands.report:report",
        "app": "frontends.commands.app:app",
        "replicate": "frontends.commands.replicate:replicate",
        "study": "frontends.commands.study:study",
        "calibrate": "frontends.commands.calibrate:calibrate",
    },
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="rapport", help="rapport.version")
@click.option("--lang", type=click.Choice(LANGUAGES), envvar=LANG_ENV, help="rapport.lang")
def cli(lang: str | None) -> None:
    """The ``rapport`` group (its help: ``frontends.help_texts``' "rapport"); its ``--lang``
    goes on to the command (``LazyGroup.resolve_command``)."""


def main() -> None:
    """Entry point: turn bad input into a one-line error with exit code 2."""
    lang = _language[0] = asked_language(sys.argv[1:])
    chosen = os.environ.get(LANG_ENV)
    if chosen is not None and chosen not in LANGUAGES:  # said as the variable, not as --lang
        fail(f"{LANG_ENV}: {chosen!r} is not one of {', '.join(map(repr, LANGUAGES))}")
    try:
        cli.main(standalone_mode=False)
    except ConfigError as exc:
        fail(str(exc))
    except click.exceptions.Abort:
        click.echo(ABORTED[lang], err=True)
        sys.exit(130)
    except click.exceptions.NoArgsIsHelpError as exc:  # a bare `rapport`: its help, as asked
        click.echo(exc.ctx.get_help())
    except click.UsageError as exc:  # bad options or arguments: one line, exit 2, like bad input
        command = exc.ctx.command_path if exc.ctx else asked_command(sys.argv[1:])
        where = command.removeprefix("rapport").strip()
        # click quotes the bad value in full: cut a long one, so the message's end stays readable
        message = re.sub(r"'([^']{61,})'", lambda m: f"'{m.group(1)[:59]}…'", exc.format_message())
        message = refusal(message, lang)
        fail(f"{where + ': ' if where else ''}{message} {SEE_HELP[lang].format(command=command)}")
    except click.ClickException as exc:
        click.echo(one_line(PREFIX[lang] + refusal(exc.format_message(), lang)), err=True)
        sys.exit(exc.exit_code)
    except OSError as exc:
        if exc.errno not in WRITE_REFUSED:
            raise  # not the user's disk or folder: a defect, with its traceback
        # A folder the user gave that cannot be written (read-only, no permission, disk full):
        # what was finished is on disk already (results are written run by run).
        fail(f"cannot write {exc.filename or 'the output'}: {exc.strerror}")


if __name__ == "__main__":
    main()
