"""Which machine computed a result: what a run's ``summary.json`` and a manifest record of the
command's machine, and a manifest of every worker that ran its runs.

Results are the same to the bit on every machine but for one thing: numpy computes ``exp`` and
``expm1`` with its own vectorised code where the processor has AVX-512 and with the C library's
elsewhere, and the two differ in the last bit now and then (docs/speed.md, 2026-12-03). Light
on purpose: a sweep's worker imports it. Not part of the model's fingerprint: where a result
was computed is recorded beside it, it does not change it.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import json
import os
import platform
import sys
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

# The packages whose versions can change a run's numbers in a worker (its arithmetic, its
# compiled kernels), recorded with each worker's machine.
NUMERIC_PACKAGES = ("numpy", "numba")


def machine_facts() -> dict[str, Any]:
    """The machine this process runs on: its processor, cores, system, and ``numpy_simd``,
    the set of numpy's dispatch targets this processor has, so that two folders whose last
    digits differ can be told apart; the processor and cores explain a run's time."""
    return {
        "processor": _processor_name(),
        "cores": os.cpu_count(),
        "system": platform.platform(terse=True),
        "numpy_simd": _numpy_simd(),
    }


@functools.cache
def worker_machine() -> str:
    """``machine_facts`` of this worker process with its Python and numeric packages, as one
    JSON text (keys sorted): a group's outcomes carry it, and equal machines give equal texts.
    Computed once per process."""
    versions = {}
    for name in NUMERIC_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    facts = {**machine_facts(), "python": sys.version.split()[0], "versions": versions}
    return json.dumps(facts, sort_keys=True)


def counted_machines(counts: Mapping[str, int], unit: str) -> list[dict[str, Any]]:
    """Machine texts (``worker_machine``) with a count each, as records: the facts and
    ``unit`` (runs, workers) set to the count; the largest count first."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{**json.loads(text), unit: count} for text, count in ordered]


def _numpy_simd() -> list[str]:
    """numpy's dispatch targets (AVX512_SKX, say) that this processor has, from numpy's own
    table (a private module: an empty list if a numpy release moves it)."""
    try:
        umath = importlib.import_module("numpy._core._multiarray_umath")
    except ImportError:
        return []
    features = getattr(umath, "__cpu_features__", {})
    return [name for name in getattr(umath, "__cpu_dispatch__", ()) if features.get(name)]


def _processor_name() -> str:
    """The processor's model name (Linux's /proc/cpuinfo), else what ``platform`` knows."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and value.strip():
                return value.strip()
    return platform.processor() or platform.machine() or "unknown"
