"""A sweep's results folder: durable chunks written atomically, so a sweep can always resume.

Layout of ``DIR``::

    config.yaml          the resolved config (base scenario spelled out)
    manifest.json        versions, config hash, times, counts
    design.parquet       one row per design point (values, sampler coordinates, runs_of)
    worlds.parquet       one row per drawn world (its parameter values), if the sweep has worlds
    results/part-*.parquet   one row per run x recorded week; each chunk appears whole or not at all
    failures/part-*.parquet  one row per failed run: key, point, replication, seed, values, error
    quarantine/          damaged files set aside (their runs are executed again)
    quarantine/other-sweeps/   results chunks of another sweep set aside, whole and untouched
    quarantine/duplicates/     results chunks holding runs an earlier chunk holds too
    .rapport.lock        the lock of the sweep writing into DIR (holds its PID)

A chunk is written to a temporary file, flushed to disk, then renamed into place: a sweep killed
at any moment leaves only whole chunks, and the run keys in them say what is done. Only one
process writes into a folder at a time (an OS file lock held for the sweep's lifetime); the
temporary files it cleans up are only those it names itself (``*.rapport-partial``).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import time
import uuid
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import yaml
from filelock import FileLock, Timeout

from experiments.config import Sweep, validate_sweep
from experiments.plan import DesignPoint, RunSpec, design_points, iter_runs
from experiments.sweep_texts import counted, problem_text, say
from experiments.worlds import NOMINAL
from sim import MODEL_VERSION, __version__, parquet
from sim.machine import counted_machines
from sim.metrics import COUNTS, file_metadata
from sim.params import ConfigError
from sim.results import RUN_FILES, SWEEP_FILES, naming
from sim.scenarios import dump_yaml, parse_yaml

KEY_PACKAGES = ("mesa", "numpy", "pandas", "pyarrow", "pydantic", "scipy", "SALib", "distributed")
# The mark of the store's own temporary files: a user's files are never touched.
PARTIAL = ".rapport-partial"
LOCK_NAME = ".rapport.lock"
# What the store keeps in a results folder as files, and as folders (``check_kinds``).
FOLDER_FILES = (
    LOCK_NAME, "manifest.json", "config.yaml", "design.parquet", "worlds.parquet",
    "report.html", "analysis.json",
)  # fmt: skip
FOLDER_FOLDERS = ("results", "failures", "quarantine", "figures")
# The key of a results chunk's metadata that names the machine that ran its runs.
MACHINE = "machine"
# Why a report leaves runs out whose keys the folder's config does not plan.
NOT_PLANNED = "they are not runs of config.yaml (another sweep's?)"
# Where a sweep sets aside a chunk whose runs another chunk holds too (inside ``quarantine/``).
DUPLICATES = "duplicates"
# Where a sweep sets aside results chunks of another sweep (inside ``quarantine/``).
OTHER_SWEEPS = "other-sweeps"
FAILURE_COLUMNS = ("run_key", "point", "replication", "seed", "parameters", "error")


class FolderBusy(ConfigError):
    """Another process holds the folder's lock."""


@dataclass(frozen=True)
class LeftOut:
    """Runs of a results chunk that are not runs of the folder's config (another sweep's)."""

    chunk: str  # the chunk's path in the folder, e.g. results/part-….parquet
    runs: int  # how many runs of it are not the config's
    reason: str


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


def _write_table(path: Path, table: pa.Table) -> Path:
    """``table`` as the Parquet file ``path``, replaced whole."""
    return _replace_atomically(path, lambda handle: parquet.write(table, handle))


def _replace_atomically(path: Path, write: Callable[[IO[bytes]], object]) -> Path:
    """Write ``path`` through a uniquely named temporary file, so it appears whole or not at all."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}{PARTIAL}")
    try:
        with open(tmp, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        raise naming(exc, path) from exc
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(path.parent)
    return path


def write_atomically(table: pa.Table, folder: Path) -> Path:
    """Write a Parquet chunk into ``folder`` so that it appears whole or not at all."""
    folder.mkdir(parents=True, exist_ok=True)
    name = f"part-{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.parquet"
    return _write_table(folder / name, table)


def write_text_atomically(path: Path, text: str) -> None:
    """Write ``path`` whole or not at all (a full disk leaves the previous file, or none);
    an OSError names the file."""
    write_bytes_atomically(path, text.encode("utf-8"))


def write_bytes_atomically(path: Path, data: bytes) -> None:
    _replace_atomically(path, lambda handle: handle.write(data))


def _short(text: object, limit: int = 120) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _write_pid(fd: int) -> None:
    # Called by filelock with the locked descriptor: the holder's PID, for the next process's
    # message. The lock itself is the flock, released by the OS when the holder dies.
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)


def output_folder(root: Path, *, own: str | None = None) -> Path:
    """Create an output folder (``--out``) with its parents, before anything is computed for it.

    ``own`` names what writes there (say "a replication"), for an output that must not go into
    a sweep's or a pattern map's folder, among its results.

    Raises:
        ConfigError: in one line, if ``root`` is a file or cannot be created (no permission, a
            read-only or virtual file system), or holds a sweep's results and ``own`` is given,
            naming the folder and why.
    """
    results = [n + "/" * (root / n).is_dir() for n in SWEEP_FILES if (root / n).exists()]
    if own is not None and results:
        raise ConfigError(
            f"--out: {root}: holds a sweep's or a pattern map's results ({', '.join(results)}); "
            f"{own} writes into a folder of its own: give another --out"
        )
    try:
        root.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        raise ConfigError(f"--out: {root}: exists and is not a folder") from None
    except OSError as exc:
        raise ConfigError(f"--out: {root}: cannot create it ({exc.strerror})") from None
    return root


class ResultStore:
    """The results folder of one sweep."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        # What each file's metadata says of the sweep beside the versions and units (its name,
        # root seed and config hash); set by ``prepare``, before the sweep executes.
        self.about: dict[str, Any] = {}
        self.results = self.root / "results"
        self.failures = self.root / "failures"
        self.quarantine = self.root / "quarantine"
        # A chunk's run keys by (path, inode, size, mtime): a sweep's start asks for them in
        # several passes (damage, other sweeps' chunks, copies, runs done), read once here; a
        # rewritten chunk has a new inode or mtime and is read again.
        self._key_cache: dict[tuple, frozenset[str]] = {}
        # What ``recover`` set aside (file, where it went): moved back by ``undo_recover`` if
        # the sweep is then refused, so a refusal leaves the folder as it was.
        self._recovered: list[tuple[Path, Path]] = []

    # --- the lock ------------------------------------------------------------------------------

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the folder's exclusive lock; refuse (FolderBusy) if another process holds it.

        A lock left by a process that died is free (the OS drops it with the process). A folder
        this call created and that is still empty at the end is removed again.
        """
        created = not self.root.exists()
        output_folder(self.root)
        self.check_kinds()
        run_files = [n for n in RUN_FILES.values() if (self.root / n).is_file()]
        if run_files and not (self.root / "manifest.json").exists():
            # summary.json alone is no run's sign: one study of `rapport replicate` writes one
            whose = "a `rapport run`'s files" if len(run_files) > 1 else "another command's files"
            raise ConfigError(
                f"--out: {self.root}: holds {whose} ({', '.join(run_files)}); stored runs go "
                "into a folder of their own: give another --out"
            )
        lock = FileLock(self.root / LOCK_NAME, timeout=0, on_acquired=_write_pid)
        try:
            lock.acquire()
        except Timeout:
            raise FolderBusy(
                f"{self.root}: in use by another rapport command (PID {self._holder()}); wait for "
                "it to finish or choose another --out folder"
            ) from None
        try:
            yield
        finally:
            lock.release()
            if created and [p.name for p in self.root.iterdir()] == [LOCK_NAME]:
                (self.root / LOCK_NAME).unlink(missing_ok=True)
                with contextlib.suppress(OSError):
                    self.root.rmdir()

    def check_kinds(self) -> None:
        """Refuse (one line) a folder where the store keeps a file, or a file where it keeps a
        folder: writing into them raised a traceback (IsADirectoryError on the lock or a rename
        into place), and a report read a ``results`` file as no runs at all."""
        for name in FOLDER_FILES:
            if (self.root / name).is_dir():
                raise ConfigError(
                    f"{self.root / name}: a folder where rapport keeps a file; move it away "
                    "or choose another --out"
                )
        for name in FOLDER_FOLDERS:
            path = self.root / name
            if path.exists() and not path.is_dir():
                raise ConfigError(
                    f"{path}: a file where rapport keeps a folder; move it away or choose "
                    "another --out"
                )

    def _holder(self) -> str:
        # The holder writes its PID right after locking: give it a moment.
        for _ in range(20):
            with contextlib.suppress(OSError):
                text = (self.root / LOCK_NAME).read_text().strip()
                if text.isdigit():
                    return text
            time.sleep(0.05)
        return "unknown"

    # --- damage --------------------------------------------------------------------------------

    def recover(self, sweep: Sweep, lang: str = "en") -> list[str]:
        """Set damaged files aside in ``quarantine/`` and say what was done, one line each.

        A chunk is damaged if Parquet cannot read it (truncated, empty) or its columns are not
        those of the folder's config (another sweep's chunk); its runs are then missing and
        execute again. A chunk that differs only by the ``world`` column of another worlds
        setting stays (``_refitted``): its runs are sound, and ``prepare`` rewrites it in the
        columns of the sweep once it goes ahead, unless it is another sweep's and is set aside
        whole. An unreadable manifest or config is set aside too: the run keys in the chunks say
        what is done. The lines are in ``lang`` (``experiments.sweep_texts``).
        """
        notes = []
        for name, read in (
            ("manifest.json", self.read_manifest),
            ("config.yaml", self.read_config),
        ):
            if (self.root / name).is_file():
                try:
                    read()
                except ConfigError as exc:
                    notes.append(self._set_aside(self.root / name, _reason(exc), "rewritten", lang))
        expected = result_columns(self._config_if_readable() or sweep.resolved())
        for folder, columns in ((self.results, expected), (self.failures, None)):
            for part in self._parts(folder):
                problem, table = _chunk_problem(part, columns)
                if problem and columns is not None and _refitted(part, columns) is not None:
                    continue  # runs of another worlds setting: ``prepare`` refits them
                if problem:
                    notes.append(self._set_aside(part, problem, "again", lang))
                elif folder == self.results:  # the sweep asks which runs are done next
                    self._remember_keys(part, table)
        return notes

    def undo_recover(self) -> None:
        """Move what ``recover`` set aside back where it was (a sweep refused after it)."""
        for path, target in reversed(self._recovered):
            if target.exists() and not path.exists():
                os.replace(target, path)
                _fsync_dir(path.parent)
        self._recovered.clear()
        if self.quarantine.is_dir() and not any(self.quarantine.iterdir()):
            self.quarantine.rmdir()

    def set_aside_duplicates(self, without: Collection[Path] = (), lang: str = "en") -> list[str]:
        """Move the chunks ``duplicate_chunks`` finds (other than ``without``, another sweep's
        chunks set aside already) into ``quarantine/duplicates/`` whole; one line each, in
        ``lang``."""
        notes = []
        aside = self.quarantine / DUPLICATES
        for part, (first, twice, others) in self.duplicate_chunks(without).items():
            # Copies with different numbers cannot both be right and nothing tells which is:
            # both go aside, and every run of either executes again (a run's numbers follow
            # from its key and seed). A copy whose first holder went aside so goes too.
            differ = first.exists() and self._copies_differ(part, first)
            said = {
                "file": part.relative_to(self.root),
                "twice": counted("count.maybe_runs", twice, lang),
                "first": first.relative_to(self.root),
                "target": self._move_aside(part, aside).relative_to(self.root),
            }
            if differ:
                said["held"] = self._move_aside(first, aside).relative_to(self.root)
            elif others:
                said["again"] = say(
                    "duplicate.again", lang, others=counted("count.other_runs", others, lang)
                )
            else:
                said["again"] = ""
            notes.append(say("duplicate.differ" if differ else "duplicate", lang, **said))
        return notes

    def _copies_differ(self, part: Path, first: Path) -> bool:
        """Whether the runs ``part`` and ``first`` both hold have different results in them."""
        tables = [self._read(p).to_pandas() for p in (part, first)]
        both = set(tables[0]["run_key"]) & set(tables[1]["run_key"])
        shared = [
            t[t["run_key"].isin(both)].sort_values(["run_key", "week"]).reset_index(drop=True)
            for t in tables
        ]
        columns = sorted(set(shared[0].columns) & set(shared[1].columns))
        return not shared[0][columns].equals(shared[1][columns])

    def duplicate_chunks(self, without: Collection[Path] = ()) -> dict[Path, tuple[Path, int, int]]:
        """The results chunks holding a run that an earlier chunk (by name) holds too: part ->
        (that earlier chunk, its runs stored twice, its other runs). A copied chunk, or two
        sweeps that wrote at once, leave them; counted twice, they would narrow every interval.
        A chunk that cannot be read is left to ``recover``."""
        seen: dict[str, Path] = {}
        found = {}
        for part in self._parts(self.results):
            if part in without:
                continue
            try:
                keys = self._keys(part)
            except (ConfigError, pa.ArrowException, KeyError):
                continue
            twice = sorted(k for k in keys if k in seen)
            if twice:  # set aside whole, so its keys are not counted as stored
                found[part] = (seen[twice[0]], len(twice), len(keys) - len(twice))
                continue
            seen.update(dict.fromkeys(keys, part))
        return found

    def _set_aside(self, path: Path, problem: str, then: str, lang: str = "en") -> str:
        """Move a damaged file into ``quarantine/``; the line saying so, in ``lang``: what
        happens ``then`` is "rewritten" (a manifest or config) or "again" (a chunk's runs)."""
        target = self._move_aside(path, self.quarantine)
        self._recovered.append((path, target))
        return say(
            "damaged",
            lang,
            file=path.relative_to(self.root),
            problem=problem_text(problem, lang),
            target=target.relative_to(self.root),
            then=say(f"damaged.{then}", lang),
        )

    def _move_aside(self, path: Path, folder: Path) -> Path:
        """Move ``path`` into ``folder`` whole, under a new name if its own is taken there."""
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / path.name
        if target.exists():
            target = folder / f"{path.stem}-{uuid.uuid4().hex[:6]}{path.suffix}"
        os.replace(path, target)
        _fsync_dir(path.parent)
        return target

    def other_sweeps_chunks(self, own: Iterable[Iterable[str]]) -> dict[Path, tuple[int, int]]:
        """The results chunks that hold a run of none of ``own`` (the run keys of this sweep and
        of the folder's ``config.yaml``): part -> (its runs of another sweep, its runs of ours).
        Read only; ``set_aside`` moves them. A chunk mixing both counts as another sweep's
        whole: its runs of ours execute again rather than the chunk being changed."""
        chunks = {part: self._keys(part) for part in self._parts(self.results)}
        stray: set[str] = set().union(*chunks.values())
        if not stray:
            return {}
        for keys in own:
            for key in keys:
                stray.discard(key)
                if not stray:
                    return {}
        return {
            part: (len(keys & stray), len(keys - stray))
            for part, keys in chunks.items()
            if keys & stray
        }

    def set_aside(self, chunks: dict[Path, tuple[int, int]], lang: str = "en") -> list[str]:
        """Move ``chunks`` (``other_sweeps_chunks``) into ``quarantine/other-sweeps/``, whole and
        unchanged; one line each saying so, in ``lang``."""
        notes = []
        for part, (stray, ours) in chunks.items():
            target = self._move_aside(part, self.quarantine / OTHER_SWEEPS)
            again = (
                say("other_sweep.again", lang, ours=counted("count.maybe_runs", ours, lang))
                if ours
                else ""
            )
            notes.append(
                say(
                    "other_sweep",
                    lang,
                    file=part.relative_to(self.root),
                    stray=counted("count.maybe_runs", stray, lang),
                    target=target.relative_to(self.root),
                    again=again,
                )
            )
        return notes

    def own_run_keys(self, manifest: dict[str, Any] | None = None) -> Iterator[str]:
        """The run keys of the folder's config (``config.yaml``, with its drawn worlds), made by
        the model version its manifest (``manifest``, read if not given) names: what ``rapport
        report`` reads and ``rapport sweep`` keeps. ConfigError if the config is missing or not
        a sweep's."""
        return (run.key for run in self.own_runs(manifest))

    def own_runs(self, manifest: dict[str, Any] | None = None) -> Iterator[RunSpec]:
        """The runs whose keys ``own_run_keys`` gives, with their points and replications."""
        sweep = self.read_sweep()
        manifest = (self.read_manifest() or {}) if manifest is None else manifest
        model_version = manifest.get("versions", {}).get("model_version", MODEL_VERSION)
        return iter_runs(sweep, design_points(sweep), model_version)

    @staticmethod
    def _parts(folder: Path) -> list[Path]:
        return sorted(folder.glob("part-*.parquet")) if folder.is_dir() else []

    # --- setup ---------------------------------------------------------------------------------

    def check_fits(
        self,
        sweep: Sweep,
        planned: Callable[[], Iterable[str]],
        *,
        force: bool,
        without: Collection[Path] = (),
    ) -> str:
        """Decide whether the results on disk belong to ``sweep``; return what happens to them.

        Results are reused whenever their run keys are runs of this sweep (a run key encodes the
        scenario, the point's values, the seed, the record settings and the model version): a
        resumed sweep, or a design grown by points or replications. Results that are not runs of
        this sweep are refused unless ``force``, which discards them and keeps the rest
        (``prepare`` with ``keep``): a design narrowed to fewer points runs nothing again.
        """
        manifest = self.read_manifest()
        if manifest is not None and manifest.get("config_hash") == sweep.config_hash():
            return "resume"
        stored = self.done_keys(without) | set(self.read_failures()["run_key"])
        if not stored:
            return "new"
        foreign = set(stored)
        for key in planned():
            foreign.discard(key)
            if not foreign:  # without a manifest (repaired) it may be a resumed sweep as well
                return "grown" if manifest is not None else "resume"
        if not force:
            ours = len(stored) - len(foreign)
            kept = f" (the {ours} run(s) of this sweep among them are kept)" if ours else ""
            raise ConfigError(
                f"{self.root}: holds results of {self._difference(sweep, manifest, len(foreign))}"
                f"; use another --out folder, or --force to discard them{kept}"
            )
        return "discard"

    def _difference(self, sweep: Sweep, manifest: dict[str, Any] | None, foreign: int) -> str:
        old_model = (manifest or {}).get("versions", {}).get("model_version")
        if old_model is not None and old_model != MODEL_VERSION:
            return f"an earlier model version ({old_model}, now {MODEL_VERSION})"
        config = self._config_if_readable() or {}
        resolved = sweep.resolved()
        name = (manifest or {}).get("name") or config.get("name", "?")
        return (
            f"a different config ({name}; {foreign} run(s) on disk are not runs of this sweep: "
            f"{', '.join(config_differences(config, resolved))})"
        )

    def prepare(
        self,
        sweep: Sweep,
        points: list[DesignPoint],
        *,
        discard: bool = False,
        keep: Callable[[], Iterable[str]] = lambda: (),
    ) -> int:
        """Write the config and the design, after removing the store's own leftover temporary
        files (and, if ``discard``, the earlier results whose run keys are not in ``keep``, and
        the failures). Results kept from a config with another worlds setting are rewritten in
        the columns of this one (``_refitted``), so the report and the next sweep read them.
        Returns the number of runs discarded."""
        self.about = {
            "sweep": sweep.name,
            "root_seed": sweep.file.sweep.seed,
            "config_hash": sweep.config_hash(),
        }
        expected = result_columns(sweep.resolved())
        discarded = self._discard_all_but(set(keep()), expected) if discard else 0
        if discarded:  # a report of the discarded runs would describe runs no longer there
            for name in self._report_figures():  # the next report could not tell them apart
                (self.root / "figures" / name).unlink(missing_ok=True)
            for name in REPORT_FILES:
                (self.root / name).unlink(missing_ok=True)
        for part in self._parts(self.results):
            refitted = _refitted(part, expected)
            if refitted is not None:
                _write_table(part, self._described(refitted))
        self.results.mkdir(exist_ok=True)
        for folder in (self.root, self.results, self.failures):
            if folder.is_dir():
                for stale in folder.glob(f".*{PARTIAL}"):  # left by a sweep killed mid-write
                    stale.unlink()
        config, resolved = self.root / "config.yaml", dump_yaml(sweep.resolved())
        changed = config.is_file() and config.read_text(encoding="utf-8") != resolved
        write_text_atomically(config, resolved)
        design = pd.DataFrame([{"point": p.index, **p.values} for p in points])
        design["runs_of"] = [p.runs_of for p in points]
        if points and points[0].unit:
            for i, axis in enumerate(a for a in sweep.axes if a.link is None):
                design[f"unit:{axis.name}"] = [p.unit[i] for p in points]
        table = self._described(pa.Table.from_pandas(design, preserve_index=False))
        _replace_atomically(
            self.root / "design.parquet", lambda handle: parquet.write(table, handle)
        )
        self._renumber_points()
        if changed:  # the runs kept from the config before belong to this one now
            self._restamp()
        if sweep.worlds is not None:
            worlds = self._described(
                pa.Table.from_pandas(sweep.worlds.reset_index(), preserve_index=False)
            )
            _replace_atomically(
                self.root / "worlds.parquet", lambda handle: parquet.write(worlds, handle)
            )
        else:  # the worlds of an earlier config: none of its runs in them are kept
            (self.root / "worlds.parquet").unlink(missing_ok=True)
        return discarded

    def _discard_all_but(self, keep: set[str], expected: dict[str, pa.DataType | None]) -> int:
        """Remove the failures and every result whose run key is not in ``keep``: a chunk with
        none of them goes, one with some is rewritten (whole, atomically) with those only, in
        the ``expected`` columns where it differs from them by ``world`` alone (``_with_world``;
        so ``prepare`` need not write it a second time)."""
        shutil.rmtree(self.failures, ignore_errors=True)
        discarded: set[str] = set()
        wanted = pa.array(list(keep), pa.string())  # once, not per chunk
        for part in self._parts(self.results):
            table = self._read(part)
            keys = table.column("run_key")
            mine = pc.is_in(keys, value_set=wanted)
            discarded.update(pc.filter(keys, pc.invert(mine)).unique().to_pylist())
            if not pc.any(mine).as_py():
                part.unlink()
            elif not pc.all(mine).as_py():
                kept = table.filter(mine)
                refitted = _with_world(kept, expected)
                _write_table(part, self._described(kept if refitted is None else refitted))
        return len(discarded)

    # --- manifest and config -------------------------------------------------------------------

    def _report_figures(self) -> list[str]:
        """The figures the folder's report wrote, as its ``analysis.json`` lists them (names of
        PNG files in ``figures/`` only; none if it cannot be read)."""
        try:
            listed = json.loads((self.root / "analysis.json").read_text(encoding="utf-8"))
            names = listed["figures"]
        except (OSError, ValueError, TypeError, KeyError):
            return []
        if not isinstance(names, (list, dict)):
            return []
        return [n for n in names if isinstance(n, str) and re.fullmatch(r"[\w.-]+\.png", n)]

    def read_manifest(self) -> dict[str, Any] | None:
        path = self.root / "manifest.json"
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid JSON ({_short(exc, 60)})") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: not valid JSON (expected an object)")
        return data

    def write_manifest(self, data: dict[str, Any]) -> None:
        write_text_atomically(self.root / "manifest.json", json.dumps(data, indent=2) + "\n")

    def read_sweep(self) -> Sweep:
        """The sweep of the folder's ``config.yaml``, with the worlds it drew (``worlds.parquet``,
        not drawn again); ConfigError (one line naming the file) if it is not a sweep's config."""
        path = self.root / "config.yaml"
        config = self.read_config()
        try:
            return validate_sweep(config, source=path, worlds=self.read_worlds())
        except ConfigError as exc:
            raise ConfigError(f"{path}: {exc}") from None

    def _config_if_readable(self) -> dict[str, Any] | None:
        try:
            return self.read_config()
        except ConfigError:
            return None

    def read_config(self) -> dict[str, Any]:
        """The resolved config of the sweep; ConfigError (one line) if missing or unreadable."""
        path = self.root / "config.yaml"
        if path.is_dir():
            raise ConfigError(f"{path}: a folder, not a file")
        if not path.is_file():
            raise ConfigError(
                f"{path}: missing; run `rapport sweep CONFIG --out {self.root}` again to "
                "restore it (finished runs are kept)"
            )
        try:
            data = parse_yaml(path.read_text(encoding="utf-8"))
        except (yaml.YAMLError, UnicodeDecodeError, ConfigError) as exc:
            raise ConfigError(f"{path}: not a valid config ({_short(exc, 60)})") from None
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: not a sweep's resolved config")
        missing = [key for key in ("name", "sweep", "record") if key not in data]
        if missing:  # say which: an edited ``nme:`` leaves ``name`` missing
            raise ConfigError(
                f"{path}: not a sweep's resolved config (no {', '.join(missing)}; it has "
                f"{', '.join(map(str, data)) or 'no keys'})"
            )
        return data

    # --- results -------------------------------------------------------------------------------

    def done_keys(self, without: Collection[Path] = ()) -> set[str]:
        """Keys of the runs whose results are on disk (leaving out the chunks ``without``)."""
        keys: set[str] = set()
        for part in self._parts(self.results):
            if part not in without:
                keys.update(self._keys(part))
        return keys

    def _keys(self, part: Path) -> frozenset[str]:
        stamp = _stamp(part)
        if stamp is None:  # gone: ``_read`` says so as the other reads do
            return _run_keys(self._read(part, ["run_key"]))
        if stamp not in self._key_cache:
            self._key_cache[stamp] = _run_keys(self._read(part, ["run_key"]))
        return self._key_cache[stamp]

    def _remember_keys(self, part: Path, table: pa.Table) -> None:
        """Keep the run keys of ``table``, the chunk ``part`` just read whole, so that the
        sweep's start-up reads each chunk once, not again for its keys (``_keys``)."""
        stamp = _stamp(part)
        if stamp is not None:
            self._key_cache[stamp] = _run_keys(table)

    def _read(self, part: Path, columns: list[str] | None = None) -> pa.Table:
        try:
            return parquet.read(part, columns)
        except (OSError, pa.ArrowException, ValueError) as exc:
            raise ConfigError(
                f"{part}: damaged ({_short(exc, 80)}); run the sweep again to set it aside and "
                "execute its runs again"
            ) from None

    def clear_failures(self) -> None:
        """Failed runs are retried on the next execution: forget their old records."""
        shutil.rmtree(self.failures, ignore_errors=True)

    def _restamp(self) -> None:
        """Rewrite each chunk whose metadata names another sweep, root seed or config than
        ``about`` (runs kept when the config changed), so that every file of the folder names
        the config it belongs to."""
        for part in self._parts(self.results):
            try:
                meta = json.loads((pq.read_schema(part).metadata or {})[b"rapport"])
            except (OSError, pa.ArrowException, KeyError, ValueError):
                continue  # damaged or foreign: the sweep's checks deal with it
            if any(meta.get(key) != value for key, value in self.about.items()):
                with contextlib.suppress(ConfigError):  # damaged since: set aside later
                    _write_table(part, self._described(self._read(part)))

    def _described(self, table: pa.Table) -> pa.Table:
        """``table`` with what a chunk's metadata says (versions, units of its columns, the
        sweep's name, root seed and config hash), beside pandas' own; the machine that ran a
        chunk's runs stays what it was."""
        ran = _machine_of(table.schema)
        about = {**self.about, MACHINE: ran} if ran else self.about
        metadata = file_metadata(table.column_names, **about)
        return table.replace_schema_metadata({**(table.schema.metadata or {}), **metadata})

    def append_results(self, columns: dict[str, list], machine: str = "") -> Path:
        """A chunk of runs' rows, with the model version, the metrics' units, ``about`` (the
        sweep's name, root seed and config hash) and the ``machine`` that ran its runs
        (``sim.machine.worker_machine``; none if "") in its metadata
        (``sim.metrics.file_metadata``), so a chunk read on its own says what it holds; each
        row has its run's own seed."""
        about = {**self.about, MACHINE: json.loads(machine)} if machine else self.about
        metadata = file_metadata(columns, **about)
        return write_atomically(pa.table(columns, metadata=metadata), self.results)

    def machines(self) -> list[dict[str, Any]]:
        """The manifest's ``machines``: each machine that computed runs stored in the folder
        (what its chunks' metadata name) with the number of those runs, most runs first, and
        ``{"unrecorded": true, "runs": n}`` for runs in chunks that name none (written before
        chunks named their machine). A run stored twice counts once."""
        seen: set[str] = set()
        counts: dict[str, int] = {}
        for part in self._parts(self.results):
            try:
                keys = self._keys(part) - seen
                ran = _machine_of(pq.read_schema(part)) if keys else None
            except (ConfigError, OSError, pa.ArrowException):
                continue  # damaged: set aside by the next sweep, its runs executed again
            seen |= keys
            text = json.dumps(ran, sort_keys=True) if ran else ""
            counts[text] = counts.get(text, 0) + len(keys)
        unrecorded = counts.pop("", 0)
        machines = counted_machines(counts, "runs")
        return [*machines, {"unrecorded": True, "runs": unrecorded}] if unrecorded else machines

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
        """All results, sorted by design point, replication and week (whatever the execution).

        ``point`` is the run's point in the current design (a design that grew may number its
        points anew; identical points share their runs and are reported under the first).
        """
        return self._frame([self._read(part, columns) for part in self._parts(self.results)])

    def read_runs_of(
        self, config: dict[str, Any], planned: set[str]
    ) -> tuple[pd.DataFrame, list[LeftOut]]:
        """The results of the runs ``planned`` (the run keys of the folder's config), as
        ``read_results`` gives them, and the runs left out: those in a chunk of another schema
        (``result_columns(config)``) or under keys the config does not plan (another sweep's).

        A damaged chunk raises ConfigError, as in ``read_results``.
        """
        expected = result_columns(config)
        wanted = pa.array(list(planned), pa.string())
        tables, left_out = [], []
        for part in self._parts(self.results):
            table = self._read(part)
            problem = _schema_problem(table.schema, expected)
            foreign = table
            if problem is None:
                own = pc.is_in(table["run_key"], value_set=wanted)
                foreign, table = table.filter(pc.invert(own)), table.filter(own)
                tables.append(table)
                problem = NOT_PLANNED
            if foreign.num_rows:
                keys = foreign["run_key"] if "run_key" in foreign.column_names else None
                runs = len(pc.unique(keys)) if keys is not None else foreign.num_rows
                left_out.append(LeftOut(str(part.relative_to(self.root)), runs, problem))
        return self._frame(tables), left_out

    def _frame(self, tables: list[pa.Table]) -> pd.DataFrame:
        """Chunks as one frame, sorted by design point, replication and week."""
        if not tables:
            return pd.DataFrame()
        try:
            frame = pa.concat_tables(tables, promote_options="permissive").to_pandas()
        except (pa.ArrowException, ValueError) as exc:
            raise ConfigError(
                f"{self.results}: chunks of different schemas ({_short(exc, 80)}); run the sweep "
                "again to set the foreign ones aside"
            ) from None
        frame = self._current_points(frame)
        order = ["point", *(["world"] if "world" in frame else []), "replication", "week"]
        return frame.sort_values(order, kind="stable").reset_index(drop=True)

    def _renumber_points(self) -> None:
        """Write each kept chunk's ``point`` as the design just written numbers it (a design
        that grew numbers its points anew), so that the files join with design.parquet as they
        are. A chunk that cannot be read is left to the execution, which sets it aside."""
        numbers = self._point_numbers()
        if numbers is None:
            return
        names, _ = numbers
        for part in self._parts(self.results):
            try:  # the few columns that say a run's point first; the whole chunk only to rewrite
                frame = self._read(part, ["point", *names]).to_pandas()
            except ConfigError:  # unreadable, or without this design's columns
                continue
            renumbered = _renumbered(frame, numbers)
            if renumbered is frame or renumbered["point"].equals(frame["point"]):
                continue
            table = self._read(part)
            where = table.schema.get_field_index("point")
            field = table.schema.field(where)
            column = pa.array(renumbered["point"].to_numpy(), type=field.type)
            _write_table(part, self._described(table.set_column(where, field, column)))

    def _point_numbers(self) -> tuple[list[str], pd.DataFrame] | None:
        """The design's value columns and, for each set of values, the point that runs it
        (None without a design)."""
        if not (self.root / "design.parquet").is_file():
            return None
        design = self.read_design()
        names = [c for c in design.columns if c not in ("point", "runs_of")]
        names = [c for c in names if not c.startswith("unit:")]
        return names, design[design["point"] == design["runs_of"]][[*names, "point"]]

    def _current_points(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Renumber ``point`` by the values of each run, as the current design numbers them."""
        numbers = self._point_numbers()
        return frame if "point" not in frame or numbers is None else _renumbered(frame, numbers)

    def read_failures(self) -> pd.DataFrame:
        parts = self._parts(self.failures)
        if not parts:
            return pd.DataFrame(columns=list(FAILURE_COLUMNS))
        return pa.concat_tables([self._read(p) for p in parts]).to_pandas()

    def read_worlds(self) -> pd.DataFrame | None:
        """The drawn worlds (index: world; a column per drawn parameter); None without worlds."""
        path = self.root / "worlds.parquet"
        if not path.is_file():
            return None
        return self._read(path).to_pandas().set_index("world")

    def read_design(self) -> pd.DataFrame:
        """The design points (``design.parquet``); ConfigError (one line) if it is damaged."""
        path = self.root / "design.parquet"
        try:
            design = parquet.read(path).to_pandas()
        except (OSError, pa.ArrowException, ValueError) as exc:
            raise ConfigError(
                f"{path}: damaged ({_short(exc, 80)}); run the sweep again to write it again "
                "(finished runs are kept)"
            ) from None
        if "runs_of" not in design:  # written before identical points shared their runs
            design["runs_of"] = design["point"]
        return design


# The sweep report's page and numbers (``experiments.report``): removed with the runs they
# describe when a forced sweep discards runs (``rapport report`` writes them again).
REPORT_FILES = ("report.html", "analysis.json")


def _renumbered(frame: pd.DataFrame, numbers: tuple[list[str], pd.DataFrame]) -> pd.DataFrame:
    """``frame`` with ``point`` as ``numbers`` (``ResultStore._point_numbers``) give it; ``frame``
    itself where some run is not in the design (its stored number is kept)."""
    names, first = numbers
    if not names or not set(names) <= set(frame.columns):
        return frame
    merged = frame.drop(columns="point").merge(first, on=names, how="left", sort=False)
    if len(merged) != len(frame) or merged["point"].isna().any():
        return frame  # runs the design does not hold: keep their stored numbers
    merged["point"] = merged["point"].astype(frame["point"].dtype)
    return merged[list(frame.columns)]


# What a folder's config can differ in from a sweep's, in the words of a refusal.
DIFFERENCES = {
    "record": "other metrics or weeks recorded",
    "scenario": "another base scenario",
    "seed": "another root seed",
    "design": "another design",
    "worlds": "other plausible worlds (worlds, worlds_count, worlds_replications or posterior)",
}
WORLDS_KEYS = ("worlds", "worlds_count", "worlds_replications", "posterior")


def config_differences(config: dict[str, Any], resolved: dict[str, Any]) -> list[str]:
    """How a folder's ``config`` (its config.yaml) differs from a sweep's ``resolved`` config
    in what makes its runs (``DIFFERENCES``), every way it does: a refusal had named only the
    record settings where the two sweeps differed in their design and base scenario too (an
    analyst's audit). Unreadable or alike: "another base scenario, seed or design"."""
    old_sweep, new_sweep = config.get("sweep") or {}, resolved["sweep"]
    differ = {
        "record": bool(config) and config.get("record") != resolved["record"],
        "scenario": bool(config) and config.get("scenario") != resolved["scenario"],
        "seed": bool(config) and old_sweep.get("seed") != new_sweep.get("seed"),
        "design": bool(config)
        and any(old_sweep.get(k) != new_sweep.get(k) for k in new_sweep if k != "seed"),
        "worlds": any(config.get(k) != resolved.get(k) for k in WORLDS_KEYS),
    }
    return [DIFFERENCES[k] for k, d in differ.items() if d] or [
        "another base scenario, seed or design"
    ]


def result_columns(config: dict[str, Any]) -> dict[str, pa.DataType | None]:
    """The columns of a results chunk of a (resolved) config, with their types where fixed."""
    return {
        "run_key": pa.string(),
        "point": pa.int64(),
        "replication": pa.int64(),
        "seed": pa.int64(),
        **dict.fromkeys(config["sweep"]["parameters"]),  # a parameter's type is its own
        # values a run sets beyond the design's axes (the pattern map's effort scan and teams)
        **dict.fromkeys(config.get("run_columns", [])),
        "week": pa.int64(),
        **{m: metric_type(m) for m in config["record"]["metrics"]},
    }


def metric_type(name: str) -> pa.DataType:
    """A recorded metric's column type: whole numbers for counts (``sim.metrics.COUNTS``)."""
    return pa.int64() if name in COUNTS else pa.float64()


def _refitted(part: Path, expected: dict[str, pa.DataType | None]) -> pa.Table | None:
    """The results chunk ``part`` in the columns ``expected`` if it differs from them only by
    the ``world`` column and ``_with_world`` can add or drop it; None otherwise (a chunk that
    has them already, or cannot be read: ``recover`` sets that aside)."""
    try:
        schema = pq.read_schema(part)
        if set(schema.names) ^ set(expected) != {"world"}:
            return None
        return _with_world(parquet.read(part), expected)
    except (OSError, pa.ArrowException, ValueError):
        return None


def _with_world(table: pa.Table, expected: dict[str, pa.DataType | None]) -> pa.Table | None:
    """A results chunk of one worlds setting in the columns of another (``expected``), or None.

    A run at the scenario's own values is the same run with worlds or without (the same key):
    a sweep with worlds stores it with ``world`` -1 (``NOMINAL``), one without has no ``world``
    column. So the column is added as -1, or dropped if every run in the chunk is at -1 (runs
    in drawn worlds are no runs of a sweep without worlds, and are not made to look like one).
    The chunk's metadata (the model version that made its runs) is kept.
    """
    names = table.column_names
    if "world" in names and "world" not in expected:
        nominal = pc.fill_null(pc.equal(table["world"], NOMINAL), False)
        if not pc.all(nominal).as_py():
            return None
        table = table.drop_columns(["world"])
    elif "world" not in names and "world" in expected:
        order = list(expected)
        before = [names.index(n) for n in order[: order.index("world")] if n in names]
        world = pa.array(np.full(table.num_rows, NOMINAL, dtype=np.int64), pa.int64())
        table = table.add_column(max(before, default=-1) + 1, "world", world)
    return table if _schema_problem(table.schema, expected) is None else None


def _machine_of(schema: pa.Schema) -> dict[str, Any] | None:
    """The machine a chunk's metadata names (``worker_machine``'s facts), or None."""
    try:
        ran = json.loads((schema.metadata or {})[b"rapport"]).get(MACHINE)
    except (KeyError, ValueError, AttributeError):
        return None
    return ran if isinstance(ran, dict) else None


def _reason(exc: Exception) -> str:
    """The reason part of a store error ("PATH: reason; advice")."""
    return str(exc).split(": ", 1)[-1].split(";")[0]


def _chunk_problem(
    part: Path, expected: dict[str, pa.DataType | None] | None
) -> tuple[str | None, pa.Table | None]:
    """Why a chunk cannot be used (None if it can), and the chunk as read (None if unread)."""
    try:
        schema = pq.read_schema(part)
        # the whole chunk, so that every page's checksum is checked (``sim.parquet``)
        table = parquet.read(part)
        rows = table.select(["run_key"]) if "run_key" in schema.names else None
    except (OSError, pa.ArrowException, ValueError) as exc:
        return _short(exc, 80), None
    if rows is None or rows.num_rows == 0:
        return "no runs in it", table
    if expected is None:
        missing = sorted(set(FAILURE_COLUMNS) - set(schema.names))
        return (f"another schema: missing columns {', '.join(missing)}" if missing else None), table
    return _schema_problem(schema, expected), table


def _stamp(part: Path) -> tuple | None:
    """What tells a chunk's contents apart from one written since: path, inode, size and
    modification time (None if it is gone)."""
    try:
        stat = part.stat()
    except OSError:
        return None
    return (part, stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _run_keys(table: pa.Table) -> frozenset[str]:
    """The distinct run keys of a results chunk."""
    return frozenset(table.column("run_key").unique().to_pylist())


def _schema_problem(schema: pa.Schema, expected: dict[str, pa.DataType | None]) -> str | None:
    """Why a results chunk of ``schema`` is not one of a config (``result_columns``), or None."""
    found = {field.name: field.type for field in schema}
    extra = sorted(set(found) - set(expected))
    lacking = sorted(set(expected) - set(found))
    if extra or lacking:
        words = [f"unexpected columns {', '.join(extra)}"] if extra else []
        words += [f"missing columns {', '.join(lacking)}"] if lacking else []
        return _short("another schema: " + "; ".join(words), 100)
    changed = [n for n, kind in expected.items() if kind is not None and found[n] != kind]
    if changed:
        return f"another schema: {', '.join(changed)} of another type"
    return None
