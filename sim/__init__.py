"""Rapport: an agent-based simulation of sales rep–customer relationships."""

import ast
import hashlib
import json
import os
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    __version__ = version("rapport")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"


# The modules that compute results: the single run (``model.py``) and the batched worlds
# (``batch.py``), which sweeps, studies, the pattern map, calibration and the app run.
ENGINES = ("model", "batch")


# Texts that change no result: the schema's labels and descriptions in either language, the
# priors' reasons and the metrics' descriptions, given by these keywords (in a call or a dict
# literal) or at these places of these helpers' positional arguments.
TEXT_NAMES = frozenset({"label", "label_de", "description", "description_de", "reason"})
TEXT_ARGUMENTS = {"param": (1,), "_u": (2,), "_log": (2,), "_metric": (2, 3)}
BLANK = ast.Constant("")


def _read(path: Path) -> tuple[ast.Module, list[str]]:
    """The file's syntax tree without its texts (``_blank_texts``), and the ``sim`` modules it
    imports (``from sim.x import``, ``from sim import x``, ``import sim.x``), in one pass."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "sim":
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("sim."):
            imported.append((node.module or "").split(".")[1])
        elif isinstance(node, ast.Import):
            imported += [a.name.split(".")[1] for a in node.names if a.name.startswith("sim.")]
        _blank_texts(node)
    return tree, imported


def _blank_texts(node: ast.AST) -> None:
    """Blanks in ``node`` what a reader reads and the model never computes with: a docstring,
    the texts of ``TEXT_NAMES`` and ``TEXT_ARGUMENTS``, and a raised exception's message."""
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        for index in TEXT_ARGUMENTS.get(name, ()):
            if index < len(node.args):
                node.args[index] = BLANK
        for keyword in node.keywords:
            if keyword.arg in TEXT_NAMES:
                keyword.value = BLANK
    elif isinstance(node, ast.Dict):
        node.values = [
            BLANK if isinstance(key, ast.Constant) and key.value in TEXT_NAMES else value
            for key, value in zip(node.keys, node.values, strict=True)
        ]
    elif isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
        node.exc.args, node.exc.keywords = [], []  # the exception's kind stays, its message goes
    if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
        first = node.body[0] if node.body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            if isinstance(first.value.value, str):
                first.value = BLANK  # the docstring


def _model_trees(folder: Path) -> dict[str, ast.Module]:
    """The files of ``folder`` (the ``sim`` package) that the single run and the batched worlds
    (``ENGINES``) need, directly or not, by module name, each as ``_read`` gives it.

    Found by reading the imports of each file, starting from the engines, so a new module
    either comes to use is fingerprinted without anyone remembering to list it.
    """
    trees: dict[str, ast.Module] = {}
    todo = list(ENGINES)
    while todo:
        name = todo.pop()
        path = folder / f"{name}.py"
        if name in trees or not path.is_file():
            continue
        trees[name], imported = _read(path)
        todo += imported
    return trees


def model_files(folder: Path) -> list[Path]:
    """The files of ``folder`` (the ``sim`` package) that the single run and the batched worlds
    (``ENGINES``) need, directly or not (found by their imports)."""
    return sorted(folder / f"{name}.py" for name in _model_trees(folder))


def fingerprint(folder: Path) -> str:
    """A hash of the code that holds the model's rules, schema, priors and metrics: results of a
    changed model are never mistaken for those of the old one (sweeps key stored runs on it).

    Only what can change a result counts: the code as ``ast.unparse`` writes it (Python 3.12
    and 3.13 alike) after ``_blank_texts``. A reworded description, label, prior's reason,
    docstring, comment or error message, or code laid out anew, keeps the version, so stored
    runs stay usable; a changed default, bound, prior range, unit or rule does not.
    """
    digest = hashlib.sha256()
    for name, tree in sorted(_model_trees(folder).items()):
        digest.update(f"{name}.py".encode() + b"\0" + ast.unparse(tree).encode() + b"\0")
    return digest.hexdigest()[:12]


def stored_fingerprint(folder: Path) -> str:
    """``fingerprint(folder)``, kept in ``folder/__pycache__/model_version.json`` beside the
    hash of every source file of ``folder`` it was computed from: each process imports ``sim``
    (every command, every worker), and reading the code without its texts takes about half a
    second, where hashing the files takes milliseconds. A changed file computes it anew; a
    folder that cannot be written computes it every time."""
    sources = hashlib.sha256()
    for path in sorted(folder.glob("*.py")):
        sources.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    key = sources.hexdigest()
    kept = folder / "__pycache__" / "model_version.json"
    try:
        stored = json.loads(kept.read_text(encoding="utf-8"))
        if stored["sources"] == key:
            return str(stored["model_version"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    version = fingerprint(folder)
    try:
        kept.parent.mkdir(exist_ok=True)
        fresh = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
        fresh.write_text(json.dumps({"sources": key, "model_version": version}), "utf-8")
        os.replace(fresh, kept)  # whole or not at all, whichever process writes last
    except OSError:
        pass
    return version


MODEL_VERSION = stored_fingerprint(Path(__file__).parent)


def versions() -> dict[str, str]:
    """What a result file records of the code that made it, as a run's ``summary.json`` and
    the Parquet metadata (``sim.metrics.file_metadata``) do: the package's version and the
    model's fingerprint."""
    return {"version": __version__, "model_version": MODEL_VERSION}
