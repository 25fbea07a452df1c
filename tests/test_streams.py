"""Compiled draws (``sim.streams``) are numpy's own stream: the same numbers in the same order,
continuing each generator in place so numpy and compiled draws can alternate."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest

from sim import streams
from sim.batch import Worlds
from sim.model import RapportModel, stream
from sim.params import Scenario

SIZES = (0, 1, 2, 31, 32, 33, 64, 65, 1600, 4099)


@pytest.mark.parametrize("seed", [0, 1, 12345, 2**40 + 7])
def test_fill_draws_numpys_uniforms_and_numpy_goes_on_where_it_stopped(seed):
    numpy_side, compiled_side = np.random.default_rng(seed), np.random.default_rng(seed)
    address = streams.address_of(compiled_side)
    for size in SIZES:  # whole rounds of 32 lanes, partial ones, none
        out = np.empty(size)
        streams.fill(address, out)
        np.testing.assert_array_equal(out, numpy_side.random(size))
        assert compiled_side.random() == numpy_side.random()  # numpy after a compiled fill
        assert streams.next_double(address) == numpy_side.random()
    assert compiled_side.bit_generator.state == numpy_side.bit_generator.state


@pytest.mark.parametrize("seed", [0, 3])
def test_normal_is_numpys_ziggurat_over_the_same_stream(seed):
    numpy_side, compiled_side = np.random.default_rng(seed), np.random.default_rng(seed)
    address = streams.address_of(compiled_side)
    # 100,000 draws reach the ziggurat's wedges and its tail (about 1 in 256 and 1 in 10,000).
    drawn = np.array([streams.normal(address) for _ in range(100_000)])
    np.testing.assert_array_equal(drawn, numpy_side.standard_normal(100_000))
    assert compiled_side.random() == numpy_side.random()


@pytest.mark.parametrize("seed", [0, 3])
def test_fill_normals_is_numpys_standard_normal_of_the_same_shape(seed):
    """The batched worlds draw their customers' normals so: in C order, as numpy fills a
    ``(3, k)`` array, and numpy goes on where the compiled draws stopped."""
    numpy_side, compiled_side = np.random.default_rng(seed), np.random.default_rng(seed)
    address = streams.address_of(compiled_side)
    for shape in [(3, 800), (3, 1), (0,), (2, 3, 5)]:
        out = np.empty(shape)
        streams.fill_normals(address, out)
        np.testing.assert_array_equal(out, numpy_side.standard_normal(shape))
        assert compiled_side.random() == numpy_side.random()


def test_each_world_draws_its_own_block_from_its_own_generator():
    size, seeds = 10, [5, 6, 7, 8]
    compiled = [np.random.default_rng(s) for s in seeds]
    numpy_side = [np.random.default_rng(s) for s in seeds]
    addresses = streams.addresses(compiled)
    slots = np.array([0, 3, 4, 21, 22, 23, 29, 35])  # worlds 0, 2 and 3; world 1 draws nothing
    u = np.empty((slots.size, 2))
    streams.fill_by_world(addresses, size, slots, u)
    z = np.empty((3, slots.size))
    streams.normals_by_world(addresses, size, slots, z)
    rows = np.empty((len(seeds), 6))
    streams.fill_worlds(addresses, rows)
    world = slots // size
    for w, rng in enumerate(numpy_side):
        mine = world == w
        np.testing.assert_array_equal(u[mine], rng.random((int(mine.sum()), 2)))
        np.testing.assert_array_equal(z[:, mine], rng.standard_normal((3, int(mine.sum()))))
        np.testing.assert_array_equal(rows[w], rng.random(6))


def test_the_addresses_of_many_generators_are_each_generators_own():
    """``addresses`` checks numpy's layout on the first generator and reads the rest through
    their capsules: every address must still be the one ``address_of`` checks."""
    rngs = [np.random.default_rng(s) for s in range(6)]
    assert streams.addresses(rngs).tolist() == [streams.address_of(rng) for rng in rngs]
    with pytest.raises(TypeError, match="PCG64"):  # not only the first is checked for its type
        streams.addresses([rngs[0], np.random.Generator(np.random.MT19937(1))])


def test_a_worlds_starting_numbers_are_what_its_model_draws_in_its_order():
    """``fill_population``: per world, the team's normals, the customers' normals, then the
    relationships' uniforms, as ``sim.population`` draws them from the model's generator."""
    seeds, reps, customers = [3, 4, 5], 4, 12
    compiled = [np.random.default_rng(s) for s in seeds]
    team, people = np.empty((3, 3, reps)), np.empty((3, 3, customers))
    u = np.empty((3, customers))
    streams.fill_population(streams.addresses(compiled), team, people, u)
    for w, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)
        np.testing.assert_array_equal(team[w], rng.standard_normal((3, reps)))
        np.testing.assert_array_equal(people[w], rng.standard_normal((3, customers)))
        np.testing.assert_array_equal(u[w], rng.random(customers))
        assert compiled[w].random() == rng.random()  # each generator left where its model is


def test_only_numpys_pcg64_is_accepted():
    with pytest.raises(TypeError, match="PCG64"):
        streams.address_of(np.random.Generator(np.random.MT19937(1)))


def test_a_model_whose_generator_was_replaced_draws_from_the_new_one():
    small = Scenario().with_values({"reps.count": 3, "customers.per_rep": 5})
    model = RapportModel(small, collect_reps=False)
    model.step()  # the compiled draws have looked up the first generator
    old = model.rng
    model.reset_rng(99)  # mesa's way to reseed: a new Generator object
    old_state, new_state = old.bit_generator.state, model.rng.bit_generator.state
    model.step()
    assert old.bit_generator.state == old_state
    assert model.rng.bit_generator.state != new_state
    assert stream(model) == streams.address_of(model.rng)


def test_copies_of_a_model_and_of_worlds_draw_from_their_own_generators():
    """A copy's generator lives elsewhere: the copy must go on from its own state, and leave the
    original's alone (a stale address would draw from, and advance, the original's)."""
    small = Scenario().with_values({"reps.count": 3, "customers.per_rep": 5, "simulation.weeks": 6})
    model = RapportModel(small, collect_reps=False)
    model.step()
    twin = copy.deepcopy(model)
    model.step()
    twin.step()
    assert model.rng.bit_generator.state == twin.rng.bit_generator.state
    np.testing.assert_array_equal(model.record.values, twin.record.values)

    worlds = Worlds([small, small], [1, 2])
    worlds.step()
    copied = pickle.loads(pickle.dumps(worlds))
    for _ in range(5):  # the remaining weeks
        worlds.step()
        copied.step()
    np.testing.assert_array_equal(worlds.values, copied.values)
