"""``rapport report``: a sweep's report from its stored results (``experiments.report``)."""

from __future__ import annotations

from pathlib import Path

import click

from experiments.report import write_report
from frontends.cli import fail


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
def report(folder) -> None:
    """Write FOLDER/report.html (with PNG figures) from a sweep's stored results."""
    if not folder.is_dir():
        fail(f"{folder}: no such folder (give the --out folder of a finished rapport sweep)")
    if not (folder / "manifest.json").is_file():
        fail(f"{folder}: not a sweep results folder (no manifest.json)")
    click.echo(f"Report: {write_report(folder)}")
