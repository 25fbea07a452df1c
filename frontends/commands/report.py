"""``rapport report``: a sweep's report from its stored results (``experiments.report``)."""

from __future__ import annotations

from pathlib import Path

import click

from experiments.report import write_report
from experiments.sweep_texts import say
from frontends.cli import fail, report_language


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@report_language
def report(folder, lang) -> None:
    """Write FOLDER/report.html (with PNG figures) from a sweep's stored results.

    With --lang de the page, its figures and the texts of analysis.json are German; the
    figures keep their file names, so the newest report, in either language, is the one there.
    """
    if not folder.is_dir():
        fail(f"{folder}: no such folder (give the --out folder of a finished rapport sweep)")
    if not (folder / "manifest.json").is_file():
        fail(f"{folder}: not a sweep results folder (no manifest.json)")
    click.echo(say("report", lang, page=write_report(folder, lang=lang)))
