"""Rapport: an agent-based simulation of sales rep–customer relationships."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rapport")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0.0.0+unknown"

# Identifies the model's rules; bump when a change alters results for the same parameters.
MODEL_VERSION = "1"
