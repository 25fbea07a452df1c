"""Would other last bits buy issue 11's 20x? Reciprocals, a fused ``expm1``, single precision.

The contact pass (``sim.kernels._contact_run``, section 7.2) is the largest of a batched run's
passes (4.6 of 29.7 ns per customer-week, docs/speed.md) and the one with the most divisions
(seven per customer). Timed on the state of a real run (640 reps x 40 customers = 25,600, the
customers of a batch of 32 default worlds, after 8 weeks), each side applying the pass 52 times
to its own copy, in interleaved rounds in one process (CPU time; median and range):

- ``now``: the engine's pass, double precision, every result what it was to the bit;
- ``reciprocals``: the same pass with ``1 / memory_weeks`` once per run and ``1 / need`` once
  per customer, multiplied instead of divided (four divisions instead of seven): what
  "reciprocals for divisions" would give; other last bits.
- ``single``: the engine's pass step for step in single precision (float32 arrays, scalars and
  constants): what a single-precision engine would give this pass; every result changes.

And the exponentials the passes leave to numpy between two compiled passes: numpy's vectorised
``expm1`` over the 25,600 customers' exponents against numba's (the C library's, one number at a
time), which is what fusing them into the passes would use; and numpy's ``expm1`` in float32.
Against numpy's ``expm1`` and ``exp``, ``benchmarks/portable_exp.py``'s (fdlibm's algorithms in
plain arithmetic that numba vectorises; the same bits on every machine); and ``_relate_run``
after numpy's two exponentials (``relate``) against the same pass computing the portable ones in
its loop (``relate portable``), both on the exponents the engine's contact pass leaves.

Both sides run on copies placed apart in memory (``apart``), so that they are timed on the same
layout. Last measured (docs/speed.md; 2026-12-02, load average about 1, three invocations):
now 2.63–2.65 ns per customer, reciprocals 2.05–2.07 (1.27–1.29x), single 1.10–1.16
(2.27–2.40x); numpy's ``expm1`` 1.60–1.61 ns per number, the compiled one 6.99–7.11
(0.22–0.23x), numpy's in float32 0.51–0.54 (2.98–3.14x). (2026-12-01: reciprocals 1.47–1.50x,
the compiled ``expm1`` 0.30x.)

Usage::

    .venv/bin/python benchmarks/bench_arithmetic.py               # 21 rounds
    .venv/bin/python benchmarks/bench_arithmetic.py --rounds 9
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import time
from pathlib import Path

import numpy as np
from numba import njit

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import portable_exp
from benchmarks.machine import machine_line
from sim import kernels
from sim.kernels import P
from sim.model import RapportModel
from sim.params import Scenario

WEEKS = 52
DECAY_KEEP = 1.0 - Scenario().dynamics.decay
# The pass's per-customer arrays, in ``_contact_run``'s order after its six scalars.
ARRAYS = (
    "contacts", "planned", "contact_time", "need", "tolerance", "pressure", "expected_pressure",
    "irritation", "wear", "unwanted", "beyond",
)  # fmt: skip


@njit(cache=True, error_model="numpy")
def compiled_expm1(x: np.ndarray, out: np.ndarray) -> None:
    """``expm1`` as a compiled pass would compute it: the C library's, number by number."""
    for i in range(x.size):
        out[i] = math.expm1(x[i])


@njit(cache=True, error_model="numpy")
def portable_relate(
    decay_keep: float,
    growth: np.ndarray,
    erosion: np.ndarray,
    relationship: np.ndarray,
) -> None:
    """``kernels._relate_run`` with the exponentials computed in its loop by
    ``benchmarks.portable_exp`` instead of numpy's between two passes."""
    for j in range(relationship.size):
        bond = relationship[j]
        bond += -portable_exp.expm1(growth[j]) * (1.0 - bond)
        relationship[j] = bond * portable_exp.exp(erosion[j]) * decay_keep


def portable_contact_customers(params: np.ndarray, per: int, c, r, scratch) -> None:
    """``kernels.contact_customers`` with the exponentials computed by ``portable_relate``."""
    growth, erosion, waste = scratch.exponents
    kernels._contact_exponents(
        params, per, c.contacts, c.planned, c.contact_time, c.need, c.tolerance, c.pressure,
        c.expected_pressure, c.irritation, c.wear, c.unwanted, c.beyond, r.regulation,
        r.value_hours, r.active, r.wasted_hours, growth, erosion, waste,
    )  # fmt: skip
    _portable_relate_all(params, per, growth, erosion, c.relationship)


@njit(cache=True, error_model="numpy")
def _portable_relate_all(
    params: np.ndarray, per: int, growth: np.ndarray, erosion: np.ndarray, relationship: np.ndarray
) -> None:
    """``kernels._relate`` with ``portable_relate`` for its runs of reps."""
    start = 0
    while start < params.shape[0]:
        stop = kernels._alike(params, start, kernels.RELATE_COLUMNS)
        lo, hi = start * per, stop * per
        decay_keep = params[start, P.DECAY_KEEP]
        portable_relate(decay_keep, growth[lo:hi], erosion[lo:hi], relationship[lo:hi])
        start = stop


def use_portable_exp() -> None:
    """From now on in this process, the engine's contact phase uses the portable exponentials
    (``bench_batch.py --portable-exp``; every run changes in its last bits)."""
    kernels.contact_customers = portable_contact_customers


@njit(cache=True, error_model="numpy")
def reciprocal_run(
    memory, sensitisation, keep, wear_keep, eroding, discrete, contacts, planned, contact_time,
    need, tolerance, pressure, expected_pressure, irritation, wear, unwanted, beyond, growth,
    erosion, waste,
):  # fmt: skip
    """``kernels._contact_run`` with three of its seven divisions made multiplications."""
    forget = 1.0 / memory
    for j in range(contacts.size):
        c = contacts[j]
        felt_rate = pressure[j] + (c - pressure[j]) * forget
        pressure[j] = felt_rate
        expected_pressure[j] += (planned[j] - expected_pressure[j]) * forget
        limit = tolerance[j] / (1.0 + sensitisation * wear[j])
        beyond[j] = felt_rate > limit
        over = max(1.0 - limit / felt_rate, 0.0)
        excess = c * over
        unwanted[j] = excess
        annoyed = irritation[j]
        per_need = 1.0 / need[j]
        felt = (c - excess) * per_need / (1.0 + annoyed)
        growth[j] = growth[j] * felt
        felt_harm = erosion[j] * excess * per_need
        annoyed = annoyed * keep + felt_harm
        irritation[j] = annoyed
        wear[j] = wear[j] * wear_keep + felt_harm
        erosion[j] = eroding * annoyed
        waste[j] = over * contact_time[j] if discrete else excess


# Constants of the single-precision loop, typed: a float literal would make numba compute in
# double precision and round back at every step.
ONE, ZERO = np.float32(1.0), np.float32(0.0)


@njit(cache=True, error_model="numpy")
def single_run(
    memory, sensitisation, keep, wear_keep, eroding, discrete, contacts, planned, contact_time,
    need, tolerance, pressure, expected_pressure, irritation, wear, unwanted, beyond, growth,
    erosion, waste,
):  # fmt: skip
    """``kernels._contact_run`` step for step, in single precision (float32 arrays and scalars)."""
    for j in range(contacts.size):
        c = contacts[j]
        felt_rate = pressure[j] + (c - pressure[j]) / memory
        pressure[j] = felt_rate
        expected_pressure[j] += (planned[j] - expected_pressure[j]) / memory
        limit = tolerance[j] / (ONE + sensitisation * wear[j])
        beyond[j] = felt_rate > limit
        over = max(ONE - limit / felt_rate, ZERO)
        excess = c * over
        unwanted[j] = excess
        annoyed = irritation[j]
        felt = (c - excess) / need[j] / (ONE + annoyed)
        growth[j] = growth[j] * felt
        felt_harm = erosion[j] * excess / need[j]
        annoyed = annoyed * keep + felt_harm
        irritation[j] = annoyed
        wear[j] = wear[j] * wear_keep + felt_harm
        erosion[j] = eroding * annoyed
        waste[j] = over * contact_time[j] if discrete else excess


def in_single(scalars: tuple, arrays: dict[str, np.ndarray]) -> tuple[tuple, dict]:
    """The state in single precision: every float scalar and array as float32."""
    single = tuple(v if isinstance(v, (bool, np.bool_)) else np.float32(v) for v in scalars)
    return single, {
        name: values.astype(np.float32) if values.dtype == np.float64 else values.copy()
        for name, values in arrays.items()
    }


def captured_state() -> tuple[tuple, dict[str, np.ndarray]]:
    """The pass's scalars and arrays from week 8 of a run of 640 default reps (seed 0)."""
    model = RapportModel(Scenario().with_values({"reps.count": 640}), seed=0, collect_reps=False)
    model.run_for(8)
    p, cs = model.table[0], model.customer_state
    scalars = (
        p[P.MEMORY_WEEKS], p[P.SENSITISATION], p[P.IRRITATION_KEEP], p[P.WEAR_KEEP],
        -p[P.EROSION], p[P.DISCRETE] != 0.0,
    )  # fmt: skip
    arrays = {name: getattr(cs, name).copy() for name in ARRAYS}
    n = arrays["need"].size
    # the rep's reciprocity and harm, as ``_contact_exponents`` puts them in before the pass
    arrays |= {"growth": np.full(n, -0.3), "erosion": np.full(n, 0.1), "waste": np.zeros(n)}
    return scalars, arrays


def apart(arrays: list[np.ndarray]) -> list[np.ndarray]:
    """Copies of ``arrays``, the k-th starting k × 320 bytes into a 4 KiB page.

    Where copies land is up to the allocator, and when two arrays start at the same offset
    within their pages, a loop that writes one and reads the other at the same index stalls (the
    processor compares only the low 12 address bits of a load with earlier stores: 4K
    aliasing); the same pass then took from 2.5 to 8 ns per customer from one process to the
    next. Placed apart, both sides are timed on the same layout.
    """
    placed = []
    for k, values in enumerate(arrays):
        room = np.empty(values.nbytes + 4096, dtype=np.uint8)
        start = (k * 320 - room.ctypes.data) % 4096
        placed.append(room[start : start + values.nbytes].view(values.dtype))
        placed[-1][:] = values
    return placed


def timed(run, scalars: tuple, arrays: dict[str, np.ndarray]) -> float:
    """ns per customer of ``WEEKS`` passes over a copy of the state."""
    state = apart(list(arrays.values()))
    start = time.process_time()
    for _ in range(WEEKS):
        run(*scalars, *state)
    return (time.process_time() - start) / (WEEKS * state[0].size) * 1e9


def relate_exponents(
    scalars: tuple, arrays: dict[str, np.ndarray]
) -> tuple[np.ndarray, np.ndarray]:
    """Both exponents as the engine's pass leaves them for ``_relate_run`` (most erosion
    exponents are 0: 77 % in a default run, docs/speed.md)."""
    state = {name: values.copy() for name, values in arrays.items()}
    kernels._contact_run(*scalars, *state.values())
    return state["growth"], state["erosion"]


def relate_now(growth: np.ndarray, erosion: np.ndarray) -> float:
    """ns per customer of ``WEEKS`` of numpy's ``expm1`` and ``exp``, then ``_relate_run``."""
    g, e, bond = np.empty_like(growth), np.empty_like(erosion), np.full(growth.size, 0.5)
    start = time.process_time()
    for _ in range(WEEKS):
        np.expm1(growth, out=g)
        np.exp(erosion, out=e)
        kernels._relate_run(DECAY_KEEP, g, e, bond)
    return (time.process_time() - start) / (WEEKS * bond.size) * 1e9


def relate_portable(growth: np.ndarray, erosion: np.ndarray) -> float:
    """ns per customer of ``WEEKS`` of ``portable_relate`` (the exponentials in the pass)."""
    bond = np.full(growth.size, 0.5)
    start = time.process_time()
    for _ in range(WEEKS):
        portable_relate(DECAY_KEEP, growth, erosion, bond)
    return (time.process_time() - start) / (WEEKS * bond.size) * 1e9


def per_number(call, n: int) -> float:
    """ns per number of ``WEEKS`` calls."""
    start = time.process_time()
    for _ in range(WEEKS):
        call()
    return (time.process_time() - start) / (WEEKS * n) * 1e9


# The side each side is compared with (the rest: numpy's ``expm1``).
AGAINST = {
    "now": "now", "reciprocals": "now", "single": "now", "numpy exp": "numpy exp",
    "portable exp": "numpy exp", "relate": "relate", "relate portable": "relate",
}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=21)
    args = parser.parse_args()
    print(machine_line(), flush=True)
    scalars, arrays = captured_state()
    sides = {
        "now": lambda: timed(kernels._contact_run, scalars, arrays),
        "reciprocals": lambda: timed(reciprocal_run, scalars, arrays),
        "single": lambda: timed(single_run, *in_single(scalars, arrays)),
    }
    exponents = -arrays["irritation"] - arrays["need"]  # negative, as the passes' exponents
    growth, erosion = relate_exponents(scalars, arrays)
    out = np.empty_like(exponents)
    exponents32, out32 = exponents.astype(np.float32), np.empty(exponents.size, np.float32)
    sides |= {
        "numpy expm1": lambda: per_number(lambda: np.expm1(exponents, out=out), exponents.size),
        "compiled expm1": lambda: per_number(lambda: compiled_expm1(exponents, out), out.size),
        "numpy expm1 f32": lambda: per_number(
            lambda: np.expm1(exponents32, out=out32), exponents32.size
        ),
        "portable expm1": lambda: per_number(
            lambda: portable_exp.expm1_all(exponents, out), out.size
        ),
        "numpy exp": lambda: per_number(lambda: np.exp(erosion, out=out), out.size),
        "portable exp": lambda: per_number(lambda: portable_exp.exp_all(erosion, out), out.size),
        "relate": lambda: relate_now(growth, erosion),
        "relate portable": lambda: relate_portable(growth, erosion),
    }
    for side in sides.values():
        side()  # compiled (or loaded) before the rounds
    figures: dict[str, list[float]] = {name: [] for name in sides}
    names = list(sides)
    for r in range(args.rounds):
        for name in names[r % len(names) :] + names[: r % len(names)]:
            figures[name].append(sides[name]())
    print(f"{arrays['need'].size:,} customers, {args.rounds} interleaved rounds")
    for name, values in figures.items():
        against = AGAINST.get(name, "numpy expm1")
        ratio = statistics.median(figures[against]) / statistics.median(values)
        unit = "customer" if against in ("now", "relate") else "number"
        print(
            f"  {name:17s} {statistics.median(values):5.2f} ns per {unit}"
            f" ({min(values):.2f}–{max(values):.2f})   {ratio:4.2f}x {against}"
        )


if __name__ == "__main__":
    main()
