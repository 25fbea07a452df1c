"""The compiled kernels (``sim.kernels``, ``sim.streams``) are compiled once and then loaded from
numba's cache, and the batch's worlds meet the kernels in the same rows as a single run."""

from __future__ import annotations

import json
import subprocess
import sys

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
