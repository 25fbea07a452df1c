"""Running one scenario and writing its results: the engine behind ``rapport run``."""

from __future__ import annotations

import glob
import json
import os
import secrets
import shutil
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa

from sim import parquet
from sim.machine import machine_facts
from sim.metrics import column_units, file_metadata
from sim.params import ConfigError, Scenario, shorten
from sim.resources import check_memory
from sim.results import RUN_FILES, SWEEP_FILES, RunResult, naming, run_summary
from sim.texts import COLUMNS_DE, figure_labels, format_number, phrase


def run_scenario(scenario: Scenario) -> RunResult:
    """Simulate ``scenario`` for its ``simulation.weeks`` and return its tables.

    Raises ConfigError (one line) before building anything when the run would need more memory
    than is available (``sim.resources.check_memory``).
    """
    # Mesa (with scipy.spatial) and matplotlib load where a run is made and drawn: `rapport run
    # --check`, `rapport params` and a refused setting answer without them.
    from sim.model import RapportModel

    check_memory(scenario)
    model = RapportModel(scenario).run()
    weekly = model.weekly_frame()
    return RunResult(
        scenario, weekly, model.rep_frame(), run_summary(scenario, weekly, model.summary())
    )


_PARTIAL = ".rapport-partial-"  # in the name of a run folder being written (a hidden sibling)


def check_destination(out: str | Path) -> None:
    """Refuse (one-line ConfigError) an output folder a run could not write or must not replace.

    Called before simulating. It creates the missing parent folders and a test folder next to
    ``out`` (removed at once), so a place the system refuses (``/proc``, a read-only disk, a path
    under a file) is found now, not after the simulation.
    """
    out = Path(out)
    where = f"output folder {shorten(str(out)).strip(chr(34))}"
    if out.exists() and not out.is_dir():
        raise ConfigError(f"{where}: exists and is not a folder")
    for ancestor in out.parents:
        if ancestor.exists():
            if not ancestor.is_dir():
                raise ConfigError(f"{where}: {ancestor} is a file, not a folder")
            break
    if out.is_dir():
        try:
            entries = sorted(out.iterdir())
        except OSError as exc:
            raise ConfigError(f"{where}: cannot be read ({exc.strerror})") from None
        sweep = [e.name + "/" * e.is_dir() for e in entries if e.name in SWEEP_FILES]
        if sweep:  # said as such, not as the first odd file (the sweep's hidden lock file)
            raise ConfigError(
                f"{where}: holds a sweep's results ({', '.join(sweep)}); a run replaces the "
                "whole folder, so choose an empty or new folder (`rapport report` reads the sweep)"
            )
        for entry in entries:
            if entry.name not in RUN_FILES.values():
                what = f"holds {shorten(entry.name)}, which is not a file a run writes"
            elif entry.is_symlink() or not entry.is_file():
                what = f"{entry.name} there is not a plain file"
            else:
                continue
            raise ConfigError(
                f"{where}: {what}; a run replaces the whole folder, so choose an empty or new "
                "folder or remove it"
            )
    try:
        _new_partial_folder(_absolute(out)).rmdir()
    except OSError as exc:
        raise ConfigError(f"{where}: cannot be written ({exc.strerror})") from None


def _absolute(out: Path) -> Path:
    """``out`` without ``.`` or ``..`` at its end: ``--out .`` has no name to put next to it."""
    return Path(os.path.abspath(out))


def _holds_working_folder(out: Path) -> bool:
    """Whether ``out`` is the working folder or one of its parents."""
    here = Path.cwd().resolve()
    return out.resolve() in (here, *here.parents)


def _new_partial_folder(out: Path) -> Path:
    """A new, empty, hidden folder next to ``out`` (made with the user's usual permissions)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    for _ in range(100):
        partial = out.parent / f".{out.name}{_PARTIAL}{os.getpid()}-{secrets.token_hex(4)}"
        try:
            partial.mkdir()
            return partial
        except FileExistsError:
            continue
    raise FileExistsError(f"cannot create a new folder next to {out}")


def _remove_stale_partials(out: Path) -> None:
    """Remove folders of earlier runs into ``out`` that were killed while writing."""
    for partial in out.parent.glob(f".{glob.escape(out.name)}{_PARTIAL}*"):
        pid = partial.name.rsplit(_PARTIAL, 1)[1].split("-")[0]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(partial, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def write_table(frame: pd.DataFrame, path: Path, summary: dict[str, Any]) -> None:
    """A run's table as Parquet, with its versions, seed and units in the file's metadata."""
    table = pa.Table.from_pandas(frame, preserve_index=False)
    extra = file_metadata(frame.columns, seed=summary.get("seed"))
    parquet.write(table.replace_schema_metadata({**(table.schema.metadata or {}), **extra}), path)


def write_run(result: RunResult, out: str | Path, lang: str = "en") -> dict[str, Path]:
    """Write ``weekly.parquet``, ``reps.parquet``, ``summary.json`` (``result.summary`` and, as
    ``machine``, the machine of this process: in ``rapport run`` the one that computed the run)
    and ``trajectory.png`` (its texts and numbers in ``lang``; the tables are the same in every
    language).

    The files go into a hidden folder next to ``out`` first, which then takes ``out``'s place
    (the previous run's folder is moved aside and deleted), so ``out`` never mixes files of two
    runs, even when the process is killed while writing. Raises ConfigError (one line) for a
    destination ``check_destination`` refuses.
    """
    from sim.plots import save_figure, trajectory_figure

    given, out = Path(out), _absolute(Path(out))
    check_destination(out)
    _remove_stale_partials(out)
    partial = _new_partial_folder(out)
    try:
        tmp = {key: partial / name for key, name in RUN_FILES.items()}
        for key in ("weekly", "reps"):
            write_table(getattr(result, key), tmp[key], result.summary)
        # with the machine that computed it: two folders whose last digits differ can be told
        # apart (``sim.machine``), as a sweep's manifest tells its workers apart
        summary = {**result.summary, "machine": machine_facts()}
        tmp["summary"].write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
        figure = trajectory_figure(
            result.weekly, result.reps, labels=figure_labels("trajectory", lang)
        )
        save_figure(figure, tmp["trajectory"])
        if out.exists() and _holds_working_folder(out):
            # ``--out .``: moving the folder the user works in aside would leave their shell in a
            # deleted folder, so the files are replaced one by one (each whole, never half).
            for name in RUN_FILES.values():
                os.replace(partial / name, out / name)
        elif out.exists():
            old = _new_partial_folder(out)
            os.replace(out, old)  # an empty folder: replaced by the previous run's
            os.replace(partial, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(partial, out)
    except OSError as exc:
        raise naming(exc, given) from exc
    finally:
        if partial.exists():
            shutil.rmtree(partial, ignore_errors=True)
    return {key: given / name for key, name in RUN_FILES.items()}


# A level counts as fallen once it is this far below its peak (a fraction of the peak): where
# ``rapport run``'s table shows the low after the peak, and the web app's takeaway says "fell".
FALL = 0.10


def peak_and_low(values) -> tuple[int, int]:
    """Where ``values`` fell deepest: the index of the high that fall started from and of its
    low (both the index of the highest value if they never fell). As ``rapport run``'s table and
    the web app's takeaway report relationship quality: a team that fell early and ended above
    that early high (coached from week 8) is told its fall, not only its final high."""
    values = np.asarray(values, dtype=float)
    highs = np.maximum.accumulate(values)
    low = int(np.argmax(highs - values))
    if values[low] == highs[low]:
        peak = int(np.argmax(values))
        return peak, peak
    return int(np.argmax(values[: low + 1])), low


def summary_table(result: RunResult, lang: str = "en") -> str:
    """A short plain-text table of the headline metrics (with their units) at the start, at
    relationship quality's peak, at the low of its deepest fall when that lies before the end
    and at least ``FALL`` below where it fell from, and the team recovered from it by at least
    ``FALL`` of the fall before the end (a team that fell and recovered, as low-EI teams do in
    their second year; not a week's noise, nor a run that ends at its low), and at the end. A
    fall that starts below the run's highest week is shown from its own high ("high"), beside
    the peak. In ``lang``: German names the metrics as the app's German exports do, with
    decimal commas."""
    w = result.weekly
    quality = w["relational_performance"].to_numpy()
    high, low = peak_and_low(quality)
    peak = int(np.argmax(quality))
    end = len(w) - 1
    fall = quality[high] - quality[low]
    # a low only where the team fell and then recovered (by a tenth of the fall), not where it
    # ends a hair above it: that run ended at its low
    trough = (
        quality[low] <= (1 - FALL) * quality[high] and quality[end] - quality[low] >= FALL * fall
    )
    picks = [("start", 0)]
    if trough and high != peak:
        picks.append(("high", high))
    picks.append(("peak", peak))
    if trough:
        picks.append(("low", low))
    picks.append(("final", end))
    picks.sort(key=lambda pick: pick[1])  # stable: a week's picks stay in the order above
    for k in range(len(picks) - 1, 0, -1):  # picks of one week are one column: "peak_final"
        if picks[k][1] == picks[k - 1][1]:
            picks[k - 1 : k + 1] = [(f"{picks[k - 1][0]}_{picks[k][0]}", picks[k][1])]
    heads = [phrase(f"table.{pick}", lang, week=i) for pick, i in picks]
    rows = [
        ("relational_performance", 3),
        ("revenue", 1),
        ("churned", 0),
        ("irritation", 3),
        ("wasted_hours", 1),
    ]
    units = column_units(name for name, _ in rows)
    names = [
        COLUMNS_DE[name] if lang == "de" else f"{name} ({units[name]})" if units.get(name) else name
        for name, _ in rows
    ]
    first = max(32, *(len(name) + 2 for name in names))
    width = max(16, *(len(head) + 2 for head in heads))
    head = f"{phrase('table.metric', lang):<{first}}" + "".join(f"{h:>{width}}" for h in heads)
    lines = [head, "-" * len(head)]
    for named, (name, digits) in zip(names, rows, strict=True):
        cells = (format_number(float(w[name].iloc[i]), lang, digits) for _, i in picks)
        lines.append(f"{named:<{first}}" + "".join(f"{cell:>{width}}" for cell in cells))
    lines.append(phrase("table.note", lang))
    return "\n".join(lines)
