"""``exp`` and ``expm1`` as plain IEEE arithmetic that numba can vectorise: the candidate measured
for issue 11 on machines without AVX-512 (docs/speed.md, 2026-12-04), not used by the model.

On such machines numpy computes float64 ``exp``/``expm1`` with the C library, one number at a
time (about 6.5 and 5.2 ns a number here); an AVX-512 machine uses numpy's own vectorised code
(about 1.2 ns), and the two differ in the last bit now and then. These functions follow fdlibm's
algorithms (Sun Microsystems, 1993: "Permission to use, copy, modify, and distribute this
software is freely granted, provided that this notice is preserved"), with every branch turned
into a selection so that a loop over them compiles to vector code, and no fused multiply-add, so
that they give the same bits wherever IEEE double arithmetic does (``tests/test_kernels.py``
checks them against their own source run by Python, and within one ulp of the true value).
"""

from __future__ import annotations

import numpy as np
from llvmlite import ir
from numba import njit, types
from numba.extending import intrinsic

INLINE = {"cache": True, "error_model": "numpy", "inline": "always"}

SHIFTER = 6755399441055744.0  # 1.5 × 2**52: x + SHIFTER holds round(x) in its low bits
SHIFTER_BITS = 0x4338000000000000
INV_LN2 = 1.44269504088896338700e00
LN2_HI = 6.93147180369123816490e-01  # its low 32 bits are 0: k × LN2_HI is exact
LN2_LO = 1.90821492927058770002e-10
P1, P2, P3, P4, P5 = (
    1.66666666666666019037e-01, -2.77777777770155933842e-03, 6.61375632143793436117e-05,
    -1.65339022054652515390e-06, 4.13813679705723846039e-08,
)  # fmt: skip
Q1, Q2, Q3, Q4, Q5 = (
    -3.33333333333331316428e-02, 1.58730158725481460165e-03, -7.93650757867487942473e-05,
    4.00821782732936239552e-06, -2.01099218183624371326e-07,
)  # fmt: skip


@intrinsic
def _float_as_bits(typingctx, x):
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.IntType(64))

    return types.int64(types.float64), codegen


@intrinsic
def _bits_as_float(typingctx, bits):
    def codegen(context, builder, signature, args):
        return builder.bitcast(args[0], ir.DoubleType())

    return types.float64(types.int64), codegen


@njit(**INLINE)
def bits_of(x: float) -> int:
    """The IEEE bits of ``x`` as an integer (callable from Python too)."""
    return _float_as_bits(x)


@njit(**INLINE)
def two_to(k: int) -> float:
    """2**k, exactly, for an integer −1022 ≤ k ≤ 1023."""
    return _bits_as_float((k + 1023) << 52)


@njit(**INLINE)
def exp(x: float) -> float:
    """e**x within one ulp (fdlibm's ``e_exp.c``), subnormal results and overflow included."""
    xc = min(max(x, -745.2), 709.8)
    z = xc * INV_LN2 + SHIFTER
    k = z - SHIFTER
    n = bits_of(z) - SHIFTER_BITS
    hi = xc - k * LN2_HI
    lo = k * LN2_LO
    r = hi - lo
    t = r * r
    c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))))
    y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi)
    # 2**n leaves the normal range at both ends: scale in two exact steps there
    shift = 64 if n < -1021 else (-64 if n > 1021 else 0)
    y = y * two_to(n + shift) * (2.0**-64 if n < -1021 else (2.0**64 if n > 1021 else 1.0))
    return y if x == x else x


@njit(**INLINE)
def expm1(x: float) -> float:
    """e**x − 1 within one ulp, also near 0 (fdlibm's ``s_expm1.c``)."""
    xc = min(max(x, -40.0), 709.8)
    z = xc * INV_LN2 + SHIFTER
    reduce = abs(xc) > 0.34657359027997264  # ln 2 / 2
    k = z - SHIFTER if reduce else 0.0
    n = bits_of(z) - SHIFTER_BITS if reduce else 0
    hi = xc - k * LN2_HI
    lo = k * LN2_LO
    r = hi - lo
    c = (hi - r) - lo
    hfx = 0.5 * r
    hxs = r * hfx
    r1 = 1.0 + hxs * (Q1 + hxs * (Q2 + hxs * (Q3 + hxs * (Q4 + hxs * Q5))))
    t = 3.0 - r1 * hfx
    e = hxs * ((r1 - t) / (6.0 - r * t))
    y = r - (r * e - hxs)  # k = 0
    e = (r * (e - c) - c) - hxs
    top = k > 1022.0  # 2**k leaves the normal range
    scale = two_to(n - 1 if top else n)
    inv = two_to(-n if k < 1022.0 else -1022)
    y = (1.0 - (e - r)) * scale * (2.0 if top else 1.0) - 1.0 if (k <= -2.0) | (k > 56.0) else y
    y = ((1.0 - inv) - (e - r)) * scale if (k >= 2.0) & (k < 20.0) else y
    y = ((r - (e + inv)) + 1.0) * scale if (k >= 20.0) & (k <= 56.0) else y
    y = 0.5 * (r - e) - 0.5 if k == -1.0 else y
    y = (-2.0 * (e - (r + 0.5)) if r < -0.25 else 1.0 + 2.0 * (r - e)) if k == 1.0 else y
    y = -1.0 if x < -40.0 else y
    return y if x == x else x


@njit(cache=True, error_model="numpy")
def exp_all(x: np.ndarray, out: np.ndarray) -> None:
    """``out[i] = exp(x[i])``, one vector loop."""
    for i in range(x.size):
        out[i] = exp(x[i])


@njit(cache=True, error_model="numpy")
def expm1_all(x: np.ndarray, out: np.ndarray) -> None:
    """``out[i] = expm1(x[i])``, one vector loop."""
    for i in range(x.size):
        out[i] = expm1(x[i])
