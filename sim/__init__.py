"""Rapport: an agent-based simulation of sales rep–customer relationships."""

import hashlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

try:
    __version__ = version("rapport")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"


def _model_version() -> str:
    """A fingerprint of the files that hold the model's rules: results of a changed model are
    never mistaken for those of the old one (sweeps key their stored runs on it)."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for name in ("model.py", "population.py"):
        digest.update((here / name).read_bytes())
    return digest.hexdigest()[:12]


MODEL_VERSION = _model_version()
