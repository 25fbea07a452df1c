"""What a benchmark ran on, printed above its figures.

Figures on a shared machine move with its processor and its load (docs/speed.md: every side of
``bench_batch.py`` 1.6x slower one evening than two days before, on a host nobody recorded), so
each benchmark names both before it measures.
"""

from __future__ import annotations

import os
import platform


def processor() -> str:
    """The processor's model name (``/proc/cpuinfo``), else what ``platform`` knows."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine_line() -> str:
    """E.g. ``machine: AMD EPYC, 2 cores; load average 0.35 0.98 1.10 (1, 5, 15 min)``."""
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"machine: {processor()}, {os.cpu_count()} cores; load average {load} (1, 5, 15 min)"
