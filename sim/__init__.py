"""Rapport: an agent-based simulation of sales rep–customer relationships."""

import ast
import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    __version__ = version("rapport")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"


# The modules that compute results: the single run (``model.py``) and the batched worlds
# (``batch.py``), which sweeps, studies, the pattern map, calibration and the app run.
ENGINES = ("model", "batch")


def model_files(folder: Path) -> list[Path]:
    """The files of ``folder`` (the ``sim`` package) that the single run and the batched worlds
    (``ENGINES``) need, directly or not.

    Found by reading the imports of each file (``from sim.x import``, ``from sim import x``,
    ``import sim.x``), starting from the engines, so a new module either comes to use is
    fingerprinted without anyone remembering to list it.
    """
    found: set[str] = set()
    todo = list(ENGINES)
    while todo:
        name = todo.pop()
        path = folder / f"{name}.py"
        if name in found or not path.is_file():
            continue
        found.add(name)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "sim":
                todo += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sim."):
                todo.append((node.module or "").split(".")[1])
            elif isinstance(node, ast.Import):
                todo += [a.name.split(".")[1] for a in node.names if a.name.startswith("sim.")]
    return sorted(folder / f"{name}.py" for name in found)


def fingerprint(folder: Path) -> str:
    """A hash of the files that hold the model's rules, schema, priors and metrics: results of a
    changed model are never mistaken for those of the old one (sweeps key stored runs on it)."""
    digest = hashlib.sha256()
    for path in model_files(folder):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:12]


MODEL_VERSION = fingerprint(Path(__file__).parent)


def versions() -> dict[str, str]:
    """What a result file records of the code that made it, as a run's ``summary.json`` and
    the Parquet metadata (``sim.metrics.file_metadata``) do: the package's version and the
    model's fingerprint."""
    return {"version": __version__, "model_version": MODEL_VERSION}
