"""Numpy's random stream drawn inside compiled code: the same numbers, in the same order, faster.

A run's generator is numpy's ``PCG64`` (``np.random.default_rng``): a 128-bit linear
congruential state ``s ← s·M + inc`` and an output function of each new state. Drawing a
uniform costs numpy about 2.2 ns, most of it waiting for the previous state's 128-bit multiply.
``fill`` computes 32 states at once instead (``s`` after ``k`` steps is ``A_k·s + C_k`` with
``A_k = M^k``, ``C_k = inc·(1 + M + … + M^(k−1))``), so the multiplies of the 32 lanes overlap:
about 0.75 ns a uniform, and the numbers are exactly ``Generator.random``'s (``(x >> 11) / 2^53``
of each 64-bit output ``x``), in its order. ``normal`` is numpy's ziggurat
(``Generator.standard_normal``) over the same stream, one number at a time.

The compiled functions read and write the generator's own state in place (``address``: where its
four 64-bit words live, ``address_of``), so numpy draws and compiled draws of one generator can
follow each other in any order: the stream goes on where the other left it
(``tests/test_streams.py``). An address is valid while its generator lives; the model or batch
that takes it keeps the generator. Unlike numpy's draws, these take no lock: one generator must not
be drawn from by two threads at once (no engine does; each run has its own generator).
"""

from __future__ import annotations

import ctypes
from collections.abc import Callable
from typing import Any

import numpy as np
from llvmlite import ir
from numba import njit, types, uint64
from numba.extending import intrinsic
from numba.np.random._constants import (  # numba's copy of numpy's ziggurat tables
    fi_double,
    ki_double,
    wi_double,
    ziggurat_nor_inv_r,
    ziggurat_nor_r,
)

# PCG64's multiplier (numpy's ``PCG_DEFAULT_MULTIPLIER_128``).
MULTIPLIER = (2549297995355413924 << 64) + 4865540595714422341
LANES = 32
_MASK = (1 << 64) - 1


def _jump_tables(lanes: int) -> tuple[np.ndarray, np.ndarray]:
    """``A_k = M^k`` and ``S_k = 1 + M + … + M^(k−1)`` (mod 2^128) for k = 1..lanes, as rows of
    (high, low) 64-bit words; ``C_k = inc·S_k`` depends on the stream's increment."""
    powers, sums = np.empty((lanes, 2), np.uint64), np.empty((lanes, 2), np.uint64)
    a, s = 1, 0
    for k in range(lanes):
        s = (s + a) & ((1 << 128) - 1)
        a = (a * MULTIPLIER) & ((1 << 128) - 1)
        powers[k] = a >> 64, a & _MASK
        sums[k] = s >> 64, s & _MASK
    return powers, sums


POWERS, SUMS = _jump_tables(LANES)


def address_of(rng: np.random.Generator) -> int:
    """Where ``rng``'s 128-bit state and increment live (four 64-bit words: state low, state high,
    increment low, increment high), checked against the state numpy reports.

    Raises:
        TypeError: the generator is not a ``PCG64`` (what ``np.random.default_rng`` makes).
        RuntimeError: this numpy keeps the state in another layout (a build without 128-bit
            integers lays it out high word first).
    """
    address = _state_address(rng)
    words = list((ctypes.c_uint64 * 4).from_address(address))
    state = rng.bit_generator.state["state"]
    expected = [
        state["state"] & _MASK,
        state["state"] >> 64,
        state["inc"] & _MASK,
        state["inc"] >> 64,
    ]
    if words != expected:
        raise RuntimeError("numpy's PCG64 keeps its state in a layout sim.streams does not know")
    return address


def _state_address(rng: np.random.Generator) -> int:
    """``address_of`` without the check of the layout."""
    bits = rng.bit_generator
    if not isinstance(bits, np.random.PCG64):
        raise TypeError(f"a PCG64 generator is needed, got {type(bits).__name__}")
    # The generator's capsule holds its bitgen_t, whose first field points to numpy's
    # pcg64_state, which starts with a pointer to the pcg64_random_t {state, inc}. (The same
    # address as ``bits.ctypes.state_address``, whose ctypes wrappers cost 5 µs per generator.)
    bitgen = _capsule_pointer(bits.capsule, b"BitGenerator")
    state = ctypes.c_void_p.from_address(bitgen).value
    assert state is not None
    address = ctypes.c_void_p.from_address(state).value
    assert address is not None
    return int(address)


# CPython's PyCapsule_GetPointer with its own prototype (not the shared ``ctypes.pythonapi``
# attribute, whose types other code may set).
_capsule_pointer = ctypes.PYFUNCTYPE(ctypes.c_void_p, ctypes.py_object, ctypes.c_char_p)(
    ("PyCapsule_GetPointer", ctypes.pythonapi)
)


def addresses(rngs: list[np.random.Generator]) -> np.ndarray:
    """``address_of`` each generator, one per world. The layout is numpy's build's, so it is
    checked on the first generator only (reading numpy's state dictionary cost about a tenth
    of a world's set-up)."""
    return np.array(
        [address_of(rng) if w == 0 else _state_address(rng) for w, rng in enumerate(rngs)],
        dtype=np.int64,
    )


# numba calls an intrinsic without the typing context its definition takes first; typed as Any,
# so that mypy does not ask for it at the calls.
_intrinsic: Callable[[Callable[..., Any]], Any] = intrinsic


@_intrinsic
def _words(typingctx, address):
    """The generator's four state words at ``address`` (a pointer numba can index)."""
    pointer = types.CPointer(types.uint64)
    sig = pointer(types.int64)

    def codegen(context, builder, signature, args):
        return builder.inttoptr(args[0], context.get_value_type(pointer))

    return sig, codegen


@_intrinsic
def _high(typingctx, a, b):
    """The high 64 bits of the 128-bit product ``a·b`` (one ``mul`` instruction)."""
    sig = types.uint64(types.uint64, types.uint64)

    def codegen(context, builder, signature, args):
        wide = ir.IntType(128)
        product = builder.mul(builder.zext(args[0], wide), builder.zext(args[1], wide))
        return builder.trunc(builder.lshr(product, ir.Constant(wide, 64)), ir.IntType(64))

    return sig, codegen


@njit(cache=True, inline="always")  # numba IR inlining: 1.8x faster fill
def _multiply_add(
    high: np.uint64,
    low: np.uint64,
    a_high: np.uint64,
    a_low: np.uint64,
    c_high: np.uint64,
    c_low: np.uint64,
) -> tuple[np.uint64, np.uint64]:
    """``(high, low)·(a_high, a_low) + (c_high, c_low)`` mod 2^128."""
    product = low * a_low
    top = _high(low, a_low) + low * a_high + high * a_low
    total = product + c_low
    return top + c_high + (uint64(1) if total < product else uint64(0)), total


@njit(cache=True, inline="always")  # numba IR inlining: 1.8x faster fill
def _output(high: np.uint64, low: np.uint64) -> np.uint64:
    """PCG's XSL-RR output of a state: the two halves xor-ed, rotated by the top 6 bits."""
    x = high ^ low
    turn = high >> uint64(58)
    return (x >> turn) | (x << ((uint64(64) - turn) & uint64(63)))


@njit(cache=True, inline="always")  # numba IR inlining: 1.8x faster fill
def _double(x: np.uint64) -> float:
    return float(x >> uint64(11)) * (1.0 / 9007199254740992.0)


@njit(cache=True)
def next_uint64(address: int) -> np.uint64:
    """The stream's next 64-bit output (numpy's ``next_uint64``)."""
    words = _words(address)
    high, low = _multiply_add(words[1], words[0], POWERS[0, 0], POWERS[0, 1], words[3], words[2])
    words[0], words[1] = low, high
    return _output(high, low)


@njit(cache=True)
def next_double(address: int) -> float:
    """The stream's next uniform on [0, 1) (``Generator.random()``)."""
    return _double(next_uint64(address))


@njit(cache=True, error_model="numpy")
def fill(address: int, out: np.ndarray) -> None:
    """``out`` (one-dimensional, contiguous) filled as ``Generator.random(out=out)`` fills it."""
    n = out.size
    if n == 0:
        return
    words = _words(address)
    state_high, state_low = words[1], words[0]
    inc_high, inc_low = words[3], words[2]
    # Lane k holds the state k + 1 steps ahead; each round moves every lane LANES steps on.
    lane_high = np.empty(LANES, np.uint64)
    lane_low = np.empty(LANES, np.uint64)
    zero = uint64(0)
    for k in range(LANES):
        c_high, c_low = _multiply_add(inc_high, inc_low, SUMS[k, 0], SUMS[k, 1], zero, zero)
        lane_high[k], lane_low[k] = _multiply_add(
            state_high, state_low, POWERS[k, 0], POWERS[k, 1], c_high, c_low
        )
    a_high, a_low = POWERS[LANES - 1, 0], POWERS[LANES - 1, 1]
    c_high, c_low = _multiply_add(
        inc_high, inc_low, SUMS[LANES - 1, 0], SUMS[LANES - 1, 1], zero, zero
    )
    whole = n - n % LANES
    last_high, last_low = state_high, state_low  # the state of the last number drawn
    for start in range(0, whole, LANES):
        for k in range(LANES):
            out[start + k] = _double(_output(lane_high[k], lane_low[k]))
        last_high, last_low = lane_high[LANES - 1], lane_low[LANES - 1]
        for k in range(LANES):
            lane_high[k], lane_low[k] = _multiply_add(
                lane_high[k], lane_low[k], a_high, a_low, c_high, c_low
            )
    left = n - whole
    for k in range(left):
        out[whole + k] = _double(_output(lane_high[k], lane_low[k]))
    if left:
        last_high, last_low = lane_high[left - 1], lane_low[left - 1]
    words[0], words[1] = last_low, last_high


@njit(cache=True, error_model="numpy")
def normal(address: int) -> float:
    """The stream's next standard normal, numpy's ziggurat (``Generator.standard_normal()``)."""
    while True:
        r = next_uint64(address)
        idx = r & uint64(0xFF)
        r >>= uint64(8)
        sign = r & uint64(1)
        rabs = (r >> uint64(1)) & uint64(0x000FFFFFFFFFFFFF)
        x = float(rabs) * wi_double[idx]
        if sign & uint64(1):
            x = -x
        if rabs < ki_double[idx]:
            return x  # 99.3 % of the time
        if idx == 0:
            while True:
                xx = -ziggurat_nor_inv_r * np.log1p(-next_double(address))
                yy = -np.log1p(-next_double(address))
                if yy + yy > xx * xx:
                    if (rabs >> uint64(8)) & uint64(1):
                        return -(ziggurat_nor_r + xx)
                    return ziggurat_nor_r + xx
        else:
            wedge = (fi_double[idx - 1] - fi_double[idx]) * next_double(address) + fi_double[idx]
            if wedge < np.exp(-0.5 * x * x):
                return x


@njit(cache=True, error_model="numpy")
def fill_normals(address: int, out: np.ndarray) -> None:
    """``out`` (contiguous) filled with the stream's next standard normals in C order, as
    ``rng.standard_normal(out.shape)`` returns them (about 2.2× as fast at 2,400 numbers)."""
    flat = out.reshape(-1)
    for i in range(flat.size):
        flat[i] = normal(address)


# --- many worlds, each with its own generator ----------------------------------------------------


@njit(cache=True, error_model="numpy")
def fill_population(
    addresses: np.ndarray, team: np.ndarray, customers: np.ndarray, uniforms: np.ndarray
) -> None:
    """Each world's starting numbers from its own generator, in the order a model draws them
    (``sim.population``): ``team[w]`` as ``standard_normal((3, reps))``, then ``customers[w]``
    as ``standard_normal((3, customers))``, then ``uniforms[w]`` as ``random(customers)``."""
    for w in range(addresses.size):
        fill_normals(addresses[w], team[w])
        fill_normals(addresses[w], customers[w])
        fill(addresses[w], uniforms[w])


@njit(cache=True, error_model="numpy")
def fill_worlds(addresses: np.ndarray, out: np.ndarray) -> None:
    """Row ``w`` of ``out`` (contiguous, one row per world) filled from world ``w``'s generator,
    as ``rngs[w].random(out=out[w])``."""
    for w in range(out.shape[0]):
        fill(addresses[w], out[w])


@njit(cache=True, error_model="numpy")
def fill_by_world(addresses: np.ndarray, size: int, slots: np.ndarray, out: np.ndarray) -> None:
    """Row ``i`` of ``out`` (contiguous, one row of uniforms per slot) for ``slots[i]`` (in
    order), each world's rows from its own generator: world ``w`` holds slots ``w·size`` to
    ``(w + 1)·size − 1``, so its rows are one block, filled as ``rngs[w].random(out=block)``."""
    start, n, width = 0, slots.size, out.shape[1]
    flat = out.reshape(-1)
    while start < n:
        w = slots[start] // size
        end, limit = start + 1, (w + 1) * size
        while end < n and slots[end] < limit:
            end += 1
        fill(addresses[w], flat[start * width : end * width])
        start = end


@njit(cache=True, error_model="numpy")
def normals_by_world(addresses: np.ndarray, size: int, slots: np.ndarray, z: np.ndarray) -> None:
    """Column ``i`` of ``z`` (rows: numbers per slot) for ``slots[i]`` (in order), each world's
    block of columns from its own generator, row after row, as
    ``rngs[w].standard_normal((rows, block))`` fills it."""
    start, n = 0, slots.size
    while start < n:
        w = slots[start] // size
        end, limit = start + 1, (w + 1) * size
        while end < n and slots[end] < limit:
            end += 1
        for row in range(z.shape[0]):
            for i in range(start, end):
                z[row, i] = normal(addresses[w])
        start = end
