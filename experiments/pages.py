"""HTML pages of reports, studies and the replication: one page writer, one stylesheet."""

from __future__ import annotations

import base64
import html
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from experiments.store import write_bytes_atomically, write_text_atomically

STYLE = (
    "body{font-family:system-ui,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;"
    "line-height:1.45}img{max-width:100%}table{border-collapse:collapse;font-size:.9em}"
    "td,th{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:right}"
    "pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:.8em}"
    "figcaption{color:#555;font-size:.9em}.answer{font-size:1.2em;font-weight:600}"
    "dl.terms dt{font-weight:600}dl.terms dd{margin:0 0 .6em 1.5em}"
)


def save_figure(fig: Any, path: Path, **options: Any) -> bytes:
    """Save ``fig`` as the PNG ``path``, whole or not at all (a full disk leaves no half-written
    figure, and the error names the file); the PNG's bytes."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None}, **options)
    png = buffer.getvalue()
    write_bytes_atomically(path, png)
    return png


def write_page(path: Path, title: str, sections: Iterable[str], lang: str = "en") -> Path:
    """Write a self-contained HTML page: ``title`` as its heading, then ``sections`` (HTML)."""
    page = (
        f"<!doctype html><html lang={lang}><meta charset=utf-8>"
        f"<title>{html.escape(title)}</title><style>{STYLE}</style>"
        f"<h1>{html.escape(title)}</h1>" + "\n".join(sections) + "</html>"
    )
    write_text_atomically(path, page)
    return path


def inline_image(path: Path, alt: str) -> str:
    """An ``<img>`` carrying the PNG at ``path`` in the page itself (the page works alone)."""
    data = base64.b64encode(path.read_bytes()).decode()
    return f"<img src='data:image/png;base64,{data}' alt='{html.escape(alt)}'>"
