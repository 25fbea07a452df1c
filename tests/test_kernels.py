"""The compiled kernels (``sim.kernels``, ``sim.streams``) are compiled once and then loaded from
numba's cache, and the batch's worlds meet the kernels in the same rows as a single run."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from decimal import Decimal, getcontext

import numpy as np
import pytest

from sim import kernels
from sim.params import Scenario
from tests.helpers import REPO

# Runs the engines once (``sim.batch.warm_up``) and reports, per kernel, how often numba compiled
# it in this process and how often it loaded it from the cache.
COUNT_COMPILATIONS = """
import json
from numba.core.registry import CPUDispatcher
from sim import kernels, streams
from sim.batch import warm_up
warm_up()
stats = {
    name: [len(f.stats.cache_misses), len(f.stats.cache_hits)]
    for module in (kernels, streams)
    for name, f in vars(module).items()
    if isinstance(f, CPUDispatcher) and f.__module__ == module.__name__
    and f.targetoptions.get("inline") != "always"  # compiled only inside their callers
}
print(json.dumps(stats))
"""


def compilations(cache: str) -> dict[str, list[int]]:
    done = subprocess.run(
        [sys.executable, "-c", COUNT_COMPILATIONS],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
        env={"NUMBA_CACHE_DIR": cache, "PATH": "/usr/bin:/bin"},
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_a_second_process_loads_every_kernel_from_the_cache_instead_of_compiling(tmp_path):
    """What ``make setup`` relies on: one process compiles, every later one loads machine code."""
    first = compilations(str(tmp_path))  # an empty cache: warm_up compiles every kernel
    assert first and all(misses > 0 for misses, _ in first.values()), first
    second = compilations(str(tmp_path))
    assert second.keys() == first.keys()
    # Nothing compiled again; the kernels the engines call load from the cache (the helpers they
    # call, such as ``detection``, come inside their callers' machine code).
    assert all(misses == 0 for misses, _ in second.values()), second
    assert all(second[name][1] > 0 for name in ("_plan_contacts", "_new_prospects", "_notice"))


def test_the_parameter_table_gives_each_world_its_own_rows():
    slow, fast = Scenario(), Scenario().with_values({"dynamics.reciprocity": 0.9})
    table = kernels.parameter_table([slow, fast], reps=3)
    assert table.shape == (6, len(kernels.P))
    reciprocity = table[:, kernels.P.RECIPROCITY]
    np.testing.assert_array_equal(reciprocity, [slow.dynamics.reciprocity] * 3 + [0.9] * 3)
    assert np.all(table[:, kernels.P.WEAR_KEEP] == 1.0 - slow.dynamics.wear_fade)
    # A scenario given more than once (replications) is read once; the rows stay in order.
    again = kernels.parameter_table([fast, slow, fast, slow], reps=2)
    np.testing.assert_array_equal(again, np.concatenate([table[3:5], table[:2]] * 2))


def test_portfolio_total_adds_every_value_of_the_portfolio_and_only_those():
    values = np.arange(1.0, 24.0)  # 23 values: sums of 4 and a remainder
    for first, per in ((0, 23), (2, 7), (5, 3), (4, 0)):
        assert kernels.portfolio_total(values, first, per) == values[first : first + per].sum()


def test_the_reciprocal_contact_pass_the_benchmark_times_computes_the_same_pass():
    """benchmarks/bench_arithmetic.py times a variant of the contact pass with reciprocals: it
    must compute the pass (to about the last bits), or its timing says nothing."""
    from benchmarks.bench_arithmetic import captured_state, reciprocal_run

    scalars, arrays = captured_state()
    engine = {name: values.copy() for name, values in arrays.items()}
    variant = {name: values.copy() for name, values in arrays.items()}
    for _ in range(3):
        kernels._contact_run(*scalars, *engine.values())
        reciprocal_run(*scalars, *variant.values())
    assert engine["unwanted"].any() and engine["irritation"].any()  # the state has annoyance
    for name in arrays:
        np.testing.assert_allclose(
            variant[name], engine[name], rtol=1e-12, atol=1e-15, err_msg=name
        )


def test_the_single_precision_contact_pass_the_benchmark_times_computes_the_same_pass():
    """bench_arithmetic.py also times the contact pass in single precision: it must compute the
    engine's pass to float32's precision, on float32 arrays."""
    from benchmarks.bench_arithmetic import captured_state, in_single, single_run

    scalars, arrays = captured_state()
    engine = {name: values.copy() for name, values in arrays.items()}
    single_scalars, variant = in_single(scalars, arrays)
    for _ in range(3):
        kernels._contact_run(*scalars, *engine.values())
        single_run(*single_scalars, *variant.values())
    assert engine["unwanted"].any() and engine["irritation"].any()  # the state has annoyance
    assert variant["irritation"].dtype == np.float32
    for name in arrays:
        if name == "beyond":  # a comparison: may flip where the two sides are within rounding
            assert (variant[name] != engine[name]).mean() < 1e-3, name
            continue
        np.testing.assert_allclose(variant[name], engine[name], rtol=1e-4, atol=1e-6, err_msg=name)


def _ulps(value: float, exact: Decimal) -> float:
    """How many units in the last place of the true value ``value`` is from ``exact``."""
    return float(abs(Decimal(value) - exact) / Decimal(math.ulp(float(exact))))


# Where the passes' exponents lie (mostly at or below 0), each reduction case of the two
# algorithms (k = 0, ±1, up to 20, up to 56, beyond), and both ends of the range.
RANGES = ((-745.0, -40.0), (-40.0, -2.0), (-2.0, -0.3), (-0.4, 0.4), (0.3, 2.0), (2.0, 40.0),
          (40.0, 709.0))  # fmt: skip


@pytest.mark.parametrize("name", ["exp", "expm1"])
def test_the_portable_exponentials_are_within_one_ulp_of_the_true_value(name):
    """benchmarks/portable_exp.py is only worth timing against the C library's (within about
    0.5 ulp) if it is about as accurate: within one ulp of the value computed to 60 digits."""
    from benchmarks import portable_exp

    getcontext().prec = 60
    function = getattr(portable_exp, name)
    rng = np.random.default_rng(11)
    xs = [float(x) for low, high in RANGES for x in rng.uniform(low, high, 400)]
    xs += [float(x) for x in -np.exp(rng.uniform(-40, 0, 400))]  # tiny exponents
    worst = 0.0
    for x in xs:
        exact = Decimal(x).exp() - (1 if name == "expm1" else 0)
        if abs(exact) >= Decimal(2.0**-1022):  # normal results (subnormals: below)
            worst = max(worst, _ulps(function(x), exact))
    assert worst < 1.0, worst
    library = getattr(math, name)
    for x in (0.0, -0.0, 5e-324, -1e-300, -708.5, -745.1, -38.0, -41.0, 0.3466, 1.04, 38.9):
        assert function(x) == library(x) or _ulps(function(x), Decimal(library(x))) <= 1, x
    assert function(-800.0) == library(-800.0) and function(-math.inf) == library(-math.inf)
    assert function(710.0) == function(math.inf) == math.inf
    assert math.isnan(function(math.nan))


@pytest.mark.parametrize("name", ["exp", "expm1"])
def test_the_portable_exponentials_compile_to_their_plain_arithmetic(name):
    """They give the same bits on every IEEE machine only if the compiled code does exactly the
    operations written (no fused multiply-add, no reordering) and its vector loop equals it:
    both agree bit for bit with the same source run by Python, whose floats are plain IEEE."""
    from benchmarks import portable_exp

    function = getattr(portable_exp, name)
    rng = np.random.default_rng(12)
    xs = np.concatenate([rng.uniform(low, high, 300) for low, high in RANGES])
    vector = np.empty_like(xs)
    getattr(portable_exp, f"{name}_all")(xs, vector)
    for x, compiled in zip(xs.tolist(), vector.tolist(), strict=True):
        assert compiled == function(x) == function.py_func(x), x


def test_the_fused_relate_pass_the_benchmark_times_computes_the_engine_s():
    """bench_arithmetic.py times ``_relate_run`` with the portable exponentials inside its loop
    against numpy's between two passes: both must compute the same relationships (to the last
    bits, where the two exponentials may differ)."""
    from benchmarks.bench_arithmetic import (
        DECAY_KEEP,
        captured_state,
        portable_relate,
        relate_exponents,
    )  # fmt: skip

    growth, erosion = relate_exponents(*captured_state())
    assert (erosion == 0).any() and (erosion < 0).any() and (growth < 0).all()
    engine, variant = np.linspace(0.05, 0.95, growth.size), np.linspace(0.05, 0.95, growth.size)
    kernels._relate_run(DECAY_KEEP, np.expm1(growth), np.exp(erosion), engine)
    portable_relate(DECAY_KEEP, growth, erosion, variant)
    # Either exponential may be off by up to an ulp or so (numpy's are the C library's on AVX2
    # and its own vectorised ones on AVX-512): 4.4e-16 came out on an AVX-512 host, so allow a
    # few ulps (eps = 2.2e-16), far below any difference in the pass's arithmetic.
    np.testing.assert_allclose(variant, engine, rtol=5 * np.finfo(float).eps, atol=0)
