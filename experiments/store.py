"""A sweep's results folder: durable chunks written atomically, so a sweep can always resume.

Layout of ``DIR``::

    config.yaml          the resolved config (base scenario spelled out)
    manifest.json        versions, config hash, times, counts
    design.parquet       one row per design point (values, sampler coordinates)
    results/part-*.parquet   one row per run x recorded week; each chunk appears whole or not at all
    failures/part-*.parquet  one row per failed run: key, point, replication, seed, values, error

A chunk is written to a temporary file, flushed to disk, then renamed into place: a sweep killed
at any moment leaves only whole chunks, and the run keys in them say what is done.
"""

from __future__ import annotations

import json
import os
import shutil
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import yaml

from experiments.config import Sweep
from experiments.plan import DesignPoint
from sim import MODEL_VERSION, __version__
from sim.params import ConfigError

KEY_PACKAGES = ("mesa", "numpy", "pandas", "pyarrow", "pydantic", "scipy", "SALib", "distributed")


def package_versions() -> dict[str, str]:
    versions = {"rapport": __version__, "model_version": MODEL_VERSION}
    for name in KEY_PACKAGES:
        try:
            versions[name] = version(name)
        except Exception:  # not installed: say so rather than fail
            versions[name] = "not installed"
    return versions


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(table: pa.Table, folder: Path) -> Path:
    """Write a Parquet chunk into ``folder`` so that it appears whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"part-{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.parquet"
    tmp = folder / f".{name}.tmp"
    with open(tmp, "wb") as handle:
        pq.write_table(table, handle)
        handle.flush()
        os.fsync(handle.fileno())
    final = folder / name
    os.replace(tmp, final)
    _fsync_dir(folder)
    return final


def write_text_atomically(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


class ResultStore:
    """The results folder of one sweep."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        self.results = self.root / "results"
        self.failures = self.root / "failures"

    # --- setup ---------------------------------------------------------------------------------

    def prepare(self, sweep: Sweep, points: list[DesignPoint], *, force: bool = False) -> bool:
        """Create or reopen the folder for ``sweep``; True if earlier results are being resumed.

        A folder holding a different config is refused unless ``force``, which discards it.
        """
        manifest = self.read_manifest()
        resumed = False
        if manifest is not None:
            if manifest.get("config_hash") != sweep.config_hash():
                if not force:
                    old_model = manifest.get("versions", {}).get("model_version")
                    what = (
                        f"an earlier model version ({old_model}, now {MODEL_VERSION})"
                        if old_model != MODEL_VERSION
                        else f"a different config ({manifest.get('name')}, hash "
                        f"{manifest.get('config_hash')})"
                    )
                    raise ConfigError(
                        f"{self.root}: holds results of {what}; use another --out folder, "
                        "or --force to discard them"
                    )
                for folder in (self.results, self.failures):
                    shutil.rmtree(folder, ignore_errors=True)
            else:
                resumed = True
        self.root.mkdir(parents=True, exist_ok=True)
        self.results.mkdir(exist_ok=True)
        for stale in self.root.glob("**/.*.tmp"):  # left by a sweep killed mid-write
            stale.unlink()
        write_text_atomically(
            self.root / "config.yaml", yaml.safe_dump(sweep.resolved(), sort_keys=False)
        )
        design = pd.DataFrame([{"point": p.index, **p.values} for p in points])
        if points and points[0].unit:
            for i, axis in enumerate(a for a in sweep.axes if a.link is None):
                design[f"unit:{axis.name}"] = [p.unit[i] for p in points]
        design.to_parquet(self.root / "design.parquet", index=False)
        return resumed

    # --- manifest ------------------------------------------------------------------------------

    def read_manifest(self) -> dict[str, Any] | None:
        path = self.root / "manifest.json"
        if not path.is_file():
            return None
        return json.loads(path.read_text(encoding="utf-8"))

    def write_manifest(self, data: dict[str, Any]) -> None:
        write_text_atomically(self.root / "manifest.json", json.dumps(data, indent=2) + "\n")

    # --- results -------------------------------------------------------------------------------

    def done_keys(self) -> set[str]:
        """Keys of the runs whose results are on disk."""
        keys: set[str] = set()
        for part in sorted(self.results.glob("part-*.parquet")):
            keys.update(pq.read_table(part, columns=["run_key"]).column(0).unique().to_pylist())
        return keys

    def clear_failures(self) -> None:
        """Failed runs are retried on the next execution: forget their old records."""
        shutil.rmtree(self.failures, ignore_errors=True)

    def append_results(self, columns: dict[str, list]) -> Path:
        return write_atomically(pa.table(columns), self.results)

    def append_failures(self, rows: Iterable[dict[str, Any]]) -> Path:
        rows = list(rows)
        table = pa.table(
            {
                "run_key": [r["run_key"] for r in rows],
                "point": [r["point"] for r in rows],
                "replication": [r["replication"] for r in rows],
                "seed": [r["seed"] for r in rows],
                "parameters": [json.dumps(r["parameters"], sort_keys=True) for r in rows],
                "error": [r["error"] for r in rows],
            }
        )
        return write_atomically(table, self.failures)

    def read_results(self, columns: list[str] | None = None) -> pd.DataFrame:
        """All results, sorted by run key and week (a stable order whatever the execution)."""
        parts = sorted(self.results.glob("part-*.parquet"))
        if not parts:
            return pd.DataFrame()
        frame = pq.ParquetDataset(parts).read(columns=columns).to_pandas()
        return frame.sort_values(["point", "replication", "week"], kind="stable").reset_index(
            drop=True
        )

    def read_failures(self) -> pd.DataFrame:
        parts = sorted(self.failures.glob("part-*.parquet")) if self.failures.exists() else []
        if not parts:
            return pd.DataFrame(columns=["run_key", "point", "replication", "seed", "error"])
        return pq.ParquetDataset(parts).read().to_pandas()

    def read_design(self) -> pd.DataFrame:
        return pd.read_parquet(self.root / "design.parquet")
