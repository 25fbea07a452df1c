"""The ``rapport`` command as installed (``pyproject.toml``'s script): it loads the command line
(``frontends.cli``), which takes about a second of imports, and runs it.

A Ctrl-C in that second printed the import's KeyboardInterrupt traceback, before any of the
command's own handling stood. Here it ends the command as a Ctrl-C does later: one line in the
language the line asks for, exit code 130. This module imports nothing at its top beyond the
standard library, so the moment before its ``try`` is as short as Python's own start.
"""

from __future__ import annotations

import os
import sys

LANG_ENV = "RAPPORT_LANG"
"""The environment variable that sets every command's ``--lang`` default (and the app's pages')."""


def asked_language(argv: list[str]) -> str:
    """The language a command line asks for: its ``--lang`` (``--lang de``, ``--lang=de``), else
    ``RAPPORT_LANG``'s, else English; a language Rapport does not speak counts as none. Read
    before click parses the line, so a refusal of the line itself is in that language too."""
    from sim.texts import LANGUAGES

    asked = None
    for i, word in enumerate(argv):
        if word == "--":
            break
        if word == "--lang" and i + 1 < len(argv):
            asked = argv[i + 1]
        elif word.startswith("--lang="):
            asked = word.removeprefix("--lang=")
    for choice in (asked, os.environ.get(LANG_ENV)):
        if choice in LANGUAGES:
            return choice
    return "en"


def main() -> None:
    """Load the command line and run it; a Ctrl-C while it loads: "Aborted.", exit 130."""
    try:
        from frontends.cli import main as command
    except KeyboardInterrupt:
        from experiments.refusals import ABORTED

        print(ABORTED[asked_language(sys.argv[1:])], file=sys.stderr)
        sys.exit(130)
    command()
