"""``rapport run`` and ``rapport params``: one scenario, and the parameter schema."""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from pathlib import Path

import click

from experiments.file_kinds import read_as
from frontends.cli import OutFolder, command, given_alone, language_option
from sim.formats import markdown_table
from sim.params import (
    ConfigError,
    InertSetting,
    ParamSpec,
    acts_only_when,
    iter_params,
    json_schema,
    params_table,
    priors_table,
)
from sim.priors_de import REASONS_DE
from sim.resources import check_memory, size_text
from sim.run import check_destination, run_scenario, summary_table, write_run
from sim.scenarios import load_scenario, named_as, notes_before_run, parse_assignment, read_yaml
from sim.texts import (
    DECIMAL_MARK,
    count,
    decimal_commas,
    format_number,
    note_text,
    phrase,
    unit,
)


@command("run")
@click.argument("scenario", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--set",
    "assignments",
    multiple=True,
    metavar="NAME=VALUE",
    help="run.set",
)
@click.option("--weeks", type=int, help="run.weeks")
@click.option("--seed", type=int, help="run.seed")
@click.option("--out", type=OutFolder(), help="run.out")
@click.option("--check", is_flag=True, help="run.check")
@language_option("run.lang")
def run(scenario, assignments, weeks, seed, out, check, lang) -> None:
    """``rapport run``: simulate one scenario and write its results (its help:
    ``frontends.help_texts``)."""
    overrides = dict(parse_assignment(a) for a in assignments)
    given = {name: f"--set {name}" for name in overrides}  # how each was given, for refusals
    if weeks is not None:
        overrides["simulation.weeks"], given["simulation.weeks"] = weeks, "--weeks"
    if seed is not None:
        overrides["simulation.seed"], given["simulation.seed"] = seed, "--seed"
    with read_as(scenario, "scenario"):
        try:
            params = load_scenario(scenario, overrides)
        except ConfigError as exc:
            raise ConfigError(named_as(str(exc), given)) from None
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
    one, many = phrase(
        "run.team",
        lang,
        reps=count("rep", params.reps.count, lang),
        customers=count("customer", params.customers.per_rep, lang),
    ).split("|")  # "20 reps × 40 customers"; German "20 Personen mit je 40 Kunden"
    team = one if params.reps.count == 1 else many
    weeks = count("week", s.weeks, lang)
    click.echo(phrase("run.header", lang, name=name, seed=s.seed, team=team, weeks=weeks) + "\n")
    click.echo(summary_table(result, lang))
    files = ", ".join(p.name for p in paths.values())
    click.echo("\n" + phrase("run.wrote", lang, files=files, out=out))


# The one schedule without a German label and help text in the schema (``sim.params``,
# ``Scenario.interventions``; the app edits interventions with controls of its own).
INTERVENTIONS_DE = (
    "Änderungen: Änderungen von Einsatz oder Empathie während des Laufs, z. B. [{week: 20, "
    "effort_hours: 30}]. Leer: das Team behält seine Einstellungen. Nur in der Szenariodatei zu "
    "setzen (nicht mit --set, im set oder als Achse einer Versuchsreihe)."
)


# Units that name a point in time: German writes them before the number, as the app does
# ("Woche 10", not "10 Woche"), and calls the unit of such a column a week's number.
POINT_UNITS = ("week",)
POINT_UNIT_COLUMN_DE = {"week": "Wochennummer"}


def _unit_column(spec: ParamSpec, lang: str) -> str:
    """The markdown table's unit of ``spec`` in ``lang`` ("" without one)."""
    if lang == "de" and spec.unit in POINT_UNIT_COLUMN_DE:
        return POINT_UNIT_COLUMN_DE[spec.unit]
    return unit(spec.unit, lang)


def _with_unit(spec: ParamSpec, lang: str) -> str:
    """The default with its unit as the table lists it: "30 h/week" (right-aligned to 8),
    German "Woche 10" where the unit names a point in time, "1 Anrufäquivalent" after 1."""
    default = _default(spec, lang)
    if not spec.unit:
        return f"{default:>8}"
    if lang == "de" and spec.unit in POINT_UNITS:
        return f"{unit(spec.unit, lang) + ' ' + default:>8}"
    value = spec.default if isinstance(spec.default, int | float) else None
    return f"{default:>8} {unit(spec.unit, lang, value)}"


def _decimals(text: str, lang: str) -> str:
    """``text`` with its numbers written as ``lang`` writes them (dotted names stay): German
    decimal commas, and thousands grouped from five digits on ("≤ 100.000", as elsewhere)."""
    if lang != "de":
        return text
    return re.sub(
        r"(?<![\w.,])\d{5,}(?!\w|[.,]\d)",
        lambda m: format_number(int(m[0]), lang),
        decimal_commas(text),
    )


def _default(spec: ParamSpec, lang: str) -> str:
    if spec.type == "list":
        return "[]"
    return _decimals(f"{spec.default:g}" if spec.type == "float" else f"{spec.default}", lang)


def _bounds(spec: ParamSpec, lang: str) -> str:
    text = spec.bounds_text()
    if spec.items:  # "each: week ≥ 0, ..."
        text = phrase("params.each", lang) + text.removeprefix("each: ")
    return _decimals(text, lang)


def _prior(spec: ParamSpec, lang: str) -> str:
    """The prior's range and kind, "0,02–0,1 (gleichverteilt)"; "" without one."""
    if spec.prior is None:
        return ""
    p = spec.prior
    kind = phrase(f"params.{p.distribution}", lang)
    return f"{_decimals(f'{p.low:g}–{p.high:g}', lang)} ({kind})"


def _reason(spec: ParamSpec, lang: str) -> str:
    """The prior's reason in ``lang`` (German: ``sim.priors_de``)."""
    return REASONS_DE[spec.name] if lang == "de" else spec.prior.reason


def _description(spec: ParamSpec, lang: str) -> str:
    """The description in ``lang``, with what the parameter needs to act; in German, the app's
    label and help text of the schema (``label_de``, ``description_de``)."""
    if lang == "en":
        return spec.description + acts_only_when(spec)
    if spec.description_de:
        text = f"{spec.label_de}: {spec.description_de}"
    else:
        text = INTERVENTIONS_DE  # the only parameter without them
    if spec.acts_when:
        condition = InertSetting(spec.name, spec.default, spec.acts_when).unless(
            joiner=phrase("params.or", lang)
        )
        text += " " + phrase("params.acts_when", lang, condition=_decimals(condition, lang))
    return text


def _markdown_rows(lang: str) -> tuple[list[str], list[list[str]]]:
    """``params_table`` (English: the same table docs/model.md has) in ``lang``."""
    if lang == "en":
        return params_table()
    rows = [
        [
            f"`{p.name}`",
            phrase("params.none", lang) if p.type == "list" else _default(p, lang),
            _bounds(p, lang) or "–",
            _unit_column(p, lang) or "–",
            _prior(p, lang) or phrase("params.chosen", lang),
            _description(p, lang),
        ]
        for p in iter_params(schedules=True)
    ]
    return phrase("params.header", lang).split("|"), rows


@command("params")
@click.option("--schema", is_flag=True, help="params.schema")
@click.option("--priors", is_flag=True, help="params.priors")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "markdown", "json"]),
    default="table",
    show_default=True,
    help="params.format",
)
@language_option("params.lang")
@click.pass_context
def params(ctx: click.Context, schema: bool, priors: bool, fmt: str, lang: str) -> None:
    """``rapport params``: the parameter list, or a schema (its help:
    ``frontends.help_texts``)."""
    if schema:
        given_alone(ctx, "schema")
        click.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
        return
    specs = [s for s in iter_params(schedules=True) if s.prior is not None or not priors]
    if fmt == "markdown":
        if priors and lang == "en":
            click.echo(markdown_table(*priors_table()))
        elif priors:
            header = phrase("params.header", lang).split("|")
            rows = [
                [f"`{s.name}`", _default(s, lang), _prior(s, lang), _reason(s, lang)] for s in specs
            ]
            why = phrase("params.why.header", lang)
            click.echo(markdown_table([header[0], header[1], header[4], why], rows))
        else:
            click.echo(markdown_table(*_markdown_rows(lang)))
    elif fmt == "json":
        listed = [asdict(s) for s in specs]
        for entry in listed:  # both languages, as the labels and descriptions
            if entry["prior"] is not None:
                entry["prior"]["reason_de"] = REASONS_DE[entry["name"]]
        click.echo(json.dumps(listed, indent=2, ensure_ascii=False))
    else:
        width = max(len(s.name) for s in specs)
        for s in specs:
            bounds = f"  [{_bounds(s, lang)}]" if s.bounds_text() else ""
            prior = "  " + phrase("params.prior", lang, text=_prior(s, lang)) if s.prior else ""
            click.echo(
                f"{s.name:<{width}}  {_with_unit(s, lang)}"
                f"{bounds}{prior}\n    {_description(s, lang)}"
            )
            if priors:
                click.echo("    " + phrase("params.why", lang, reason=_reason(s, lang)))
