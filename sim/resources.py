"""How much memory a run needs, and whether this computer has it, before anything is built.

A scenario's sizes are bounded one by one (``sim.params``), but their product is not:
``reps.count=100000`` with ``customers.per_rep=1000`` is 10^8 customer slots, some 15 GB. The
estimate here is linear in what the model allocates per customer slot, per rep and per rep and
recorded week; the three rates are *measured* (``tracemalloc`` over a few small runs of the real
model, so they follow the state arrays and the weekly phases' temporaries as the model changes),
not written down by hand. Measuring takes about a second, a third of a small ``rapport run``, so
the rates are kept beside numba's cache (``sim/__pycache__``) under the model's fingerprint and
measured again when the model, this file, numpy or Python changes. ``check_memory`` turns a run
that would not fit into a one-line ``ConfigError`` naming the estimate and the memory available;
``rapport run`` calls it, and sweeps and the app can call it with their own sizes.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import platform
import tracemalloc
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

try:
    import resource  # Unix only: the address-space limit
except ImportError:  # pragma: no cover (Windows)
    resource = None  # type: ignore[assignment]

from sim import MODEL_VERSION
from sim.params import ConfigError, Scenario

# Where measured rates are kept (gitignored, as numba's cache beside them).
RATES_FOLDER = Path(__file__).parent / "__pycache__"


@dataclass(frozen=True)
class MemoryRates:
    """Bytes a run allocates at its peak, per unit of size."""

    per_slot: float  # per customer slot (reps.count × customers.per_rep)
    per_rep: float  # per rep, besides its customer slots
    per_rep_week: float  # per rep and recorded week (the per-rep table)


def _peak_bytes(reps: int, per_rep: int, weeks: int) -> int:
    """Peak bytes traced while building and running a small model and making its tables."""
    scenario = Scenario().with_values(
        {"reps.count": reps, "customers.per_rep": per_rep, "simulation.weeks": weeks}
    )
    from sim.model import RapportModel  # the model imports this module for ``check_memory``

    tracemalloc.start()
    try:
        model = RapportModel(scenario).run()
        model.weekly_frame()
        model.rep_frame()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def rates_file() -> Path:
    """The file that keeps the rates measured for this model, this file, numpy and Python."""
    key = "|".join(
        (
            MODEL_VERSION,
            hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
            np.__version__,
            platform.python_version(),
        )
    )
    return RATES_FOLDER / f"memory-rates-{hashlib.sha256(key.encode()).hexdigest()[:16]}.json"


@functools.cache
def memory_rates() -> MemoryRates:
    """The model's memory rates: read from ``rates_file()``, or measured and written there.

    A file that cannot be read or holds anything but three non-negative rates is measured again;
    a folder that cannot be written (a read-only install) only means measuring in each process.
    """
    path = rates_file()
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        names = ("per_slot", "per_rep", "per_rep_week")
        rates = MemoryRates(**{name: float(stored[name]) for name in names})
        if all(v >= 0 for v in asdict(rates).values()):
            return rates
    except (OSError, ValueError, TypeError, KeyError):
        pass
    rates = measure_rates()
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(exist_ok=True)
        tmp.write_text(json.dumps(asdict(rates)), encoding="utf-8")
        os.replace(tmp, path)  # whole or not at all, whichever process writes last
    except OSError:  # a read-only install, or no folder there: measured again next time
        with contextlib.suppress(OSError):
            tmp.unlink()
    return rates


def measure_rates() -> MemoryRates:
    """The model's memory rates, measured from differences between small runs (about 1 s).

    A first run is thrown away: it pays one-time allocations (lazy imports, caches) that would
    otherwise count as the size of whichever run came first.
    """
    _peak_bytes(20, 200, 2)
    base = _peak_bytes(20, 200, 2)
    more_slots = _peak_bytes(20, 1000, 2)
    more_reps = _peak_bytes(200, 200, 2)
    more_weeks = _peak_bytes(200, 200, 12)
    per_slot = (more_slots - base) / (20 * 800)
    per_rep_week = (more_weeks - more_reps) / (200 * 10)
    per_rep = (more_reps - base) / 180 - 200 * per_slot - 3 * per_rep_week
    return MemoryRates(max(per_slot, 0.0), max(per_rep, 0.0), max(per_rep_week, 0.0))


def estimate_memory(scenario: Scenario, *, collect_reps: bool = True) -> int:
    """Bytes one run of ``scenario`` needs at its peak (``collect_reps``: keeps the rep table).

    Counts the team (its size is fixed: hires replace reps), its customer slots and, when the
    per-rep table is kept, one row per rep and recorded week.
    """
    rates = memory_rates()
    reps = scenario.reps.count
    slots = reps * scenario.customers.per_rep
    weeks = scenario.simulation.weeks + 1  # week 0 is recorded too
    total = slots * rates.per_slot + reps * rates.per_rep
    if collect_reps:
        total += reps * weeks * rates.per_rep_week
    return int(total)


def available_memory() -> int | None:
    """Bytes this process can still allocate: the system's available memory, or less when a
    cgroup (a container's memory limit) or the process's address-space limit (``ulimit -v``)
    allows less; None when none of them can be read."""
    found = []
    soft = resource.getrlimit(resource.RLIMIT_AS)[0] if resource else -1
    if resource and soft != resource.RLIM_INFINITY:
        found.append(max(soft - _address_space_used(), 0))
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                found.append(int(line.split()[1]) * 1024)
                break
    except (OSError, ValueError, IndexError):
        pass
    if not found:
        try:
            found.append(os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE"))
        except (OSError, ValueError, AttributeError):
            pass
    try:
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        used = Path("/sys/fs/cgroup/memory.current").read_text().strip()
        if limit != "max":
            found.append(max(int(limit) - int(used), 0))
    except (OSError, ValueError):
        pass
    return min(found) if found else None


def _address_space_used() -> int:
    """The process's virtual memory size (what ``ulimit -v`` limits), 0 if unknown."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmSize:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return 0


def size_text(n: float) -> str:
    """Bytes as a short human size: 512 MB, 14.9 GB."""
    for unit in ("B", "KB", "MB", "GB"):
        if n < 1000:
            return f"{n:.0f} {unit}" if unit in ("B", "KB") else f"{n:.1f} {unit}"
        n /= 1000
    return f"{n:.1f} TB"


def weeks_text(weeks: int) -> str:
    return f"{weeks} week" if weeks == 1 else f"{weeks} weeks"


def check_memory(scenario: Scenario, *, collect_reps: bool = True, runs: int = 1) -> int:
    """The estimate for ``runs`` runs at once; ConfigError (one line) if it exceeds what is free.

    Returns the estimate in bytes (also when the available memory cannot be read).
    """
    need = runs * estimate_memory(scenario, collect_reps=collect_reps)
    free = available_memory()
    if free is not None and need > free:
        slots = scenario.reps.count * scenario.customers.per_rep
        runs_text = f"{runs} runs at once of " if runs > 1 else ""
        raise ConfigError(
            f"reps.count × customers.per_rep = {slots:,} customer slots: {runs_text}"
            f"{scenario.reps.count:,} reps × {weeks_text(scenario.simulation.weeks)} need about "
            f"{size_text(need)} of memory, and {size_text(free)} is available; "
            "lower reps.count, customers.per_rep or simulation.weeks"
        )
    return need
