"""``rapport report``: a sweep's report from its stored results (``experiments.report``)."""

from __future__ import annotations

from pathlib import Path

import click

from experiments.sweep_texts import say
from frontends.cli import command, fail, report_language


@command("report")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@report_language
def report(folder, lang) -> None:
    """``rapport report``: a sweep's report from its stored results (its help:
    ``frontends.help_texts``)."""
    if not folder.is_dir():
        fail(f"{folder}: no such folder (give the --out folder of a finished rapport sweep)")
    if not (folder / "manifest.json").exists():
        fail(f"{folder}: not a sweep results folder (no manifest.json)")
    # the report's statistics and figures (statsmodels, matplotlib: about 2 s) load once the
    # folder is known to hold a sweep: `--help` and a wrong folder answer without them
    from experiments.report import write_report

    click.echo(say("report", lang, page=write_report(folder, lang=lang)))
