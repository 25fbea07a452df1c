"""Many worlds at once: runs of different scenarios and seeds advanced by one array program.

A single run of a default team spends much of a week on fixed costs (calls into numpy and the
compiled kernels on arrays of 20 reps and 800 customers). Here the reps and customers of ``W``
worlds are stacked into one set of arrays, world after world, so each of those calls is paid once
for all of them. Every world keeps its own random generator and draws from it exactly what
``RapportModel`` draws, in the same order and shape, and the hot phases run the very kernels of
``sim.kernels`` the model runs, with each world's parameters in its reps' rows of the parameter
table. So each world's weekly metrics equal a single run of the same scenario and seed to the
last bit (``tests/test_batch.py``).

Worlds in one batch share the team's size, the portfolio's size and the number of weeks (the
arrays are ``worlds × reps × customers`` blocks); ``run_worlds`` groups scenarios by those and
runs each group as batches. Everything else may differ between worlds: any parameter, team
profiles, coaching, hiring, management pressure and scheduled changes.

The rules are those of ``sim.model`` and ``sim.kernels`` (read them first); this file restates
the rest (management, hiring, coaching, new prospects, metrics) over stacked arrays and must
change with the model (the batch test fails if the two part).

Public entry points: ``run_worlds`` (scenarios in, one ``WorldResult`` per scenario out) and
``simulate_many`` (dotted-name parameter sets on a base scenario, for calibration).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from numbers import Integral
from typing import Any

import numpy as np
import pandas as pd

from sim import kernels, metrics, streams
from sim.kernels import P
from sim.params import CHANNELS, ConfigError, Scenario, checked_seed, shorten
from sim.population import (
    HIRE_PROFILE,
    TeamDraw,
    customer_traits,
    empty_slots,
    hire_at_start,
    hired_reps,
    initial_relationships,
    initial_restraint,
    team_means,
    team_traits,
    unwon_slots,
)
from sim.results import RunResult, run_summary
from sim.schedule import schedule_contacts
from sim.state import WEEKLY_FLOWS

# Worlds per batch: beyond this the arrays outgrow the caches (benchmarks/bench_batch.py measured
# 32 default worlds per batch faster per run than 128) ...
MAX_WORLDS = 32
# ... and at most about this many customers in one batch (a large world runs alone).
MAX_CUSTOMERS = 50_000


@dataclass
class WorldResult:
    """One world of a batch: its scenario, seed and every week's metrics.

    ``record`` is the ``sim.metrics.WeeklyRecord`` a ``RapportModel`` of the same scenario and
    seed would hold after its run, so the tables are built by the same code.
    """

    scenario: Scenario
    seed: int
    record: metrics.WeeklyRecord
    profiles: list[str]
    profiles_before_hire: tuple[int, list[str]] | None = None

    def weekly_frame(self) -> pd.DataFrame:
        """One row per week (week 0 is the start), as ``RapportModel.weekly_frame``."""
        return self.record.frame()

    def rep_frame(self) -> pd.DataFrame:
        """One row per rep and week, as ``RapportModel.rep_frame`` (needs ``collect_reps``)."""
        if not self.record.keep_reps:
            raise ValueError(
                "this world keeps no per-rep table: run_worlds(..., collect_reps=True) keeps one"
            )
        return self.record.rep_frame(self.profiles, self.profiles_before_hire)

    def summary(self) -> dict[str, Any]:
        """The final week's metrics, as ``RapportModel.summary``."""
        return {"week": self.record.rows - 1, **self.record.last()}

    def run_result(self) -> RunResult:
        """The tables and summary ``sim.run.run_scenario`` returns for this scenario and seed."""
        weekly = self.weekly_frame()
        reps = self.rep_frame() if self.record.keep_reps else pd.DataFrame()
        return RunResult(
            self.scenario,
            weekly,
            reps,
            run_summary(self.scenario, weekly, self.summary(), self.seed),
        )


def batch_shape(scenario: Scenario) -> tuple[int, int, int]:
    """What worlds of one batch must share: team size, portfolio size, weeks."""
    return scenario.reps.count, scenario.customers.per_rep, scenario.simulation.weeks


def run_worlds(
    scenarios: Iterable[Scenario],
    seeds: Iterable[int] | None = None,
    *,
    collect_reps: bool = False,
    max_worlds: int = MAX_WORLDS,
    progress: Callable[[int], None] | None = None,
) -> list[WorldResult]:
    """Run every scenario (with its seed) and return their results in the same order.

    Scenarios are grouped by ``batch_shape`` and each group runs in batches of at most
    ``max_worlds`` worlds (and about ``MAX_CUSTOMERS`` customers). World ``i`` equals
    ``RapportModel(scenarios[i], seed=seeds[i]).run()``: the same weekly metrics, to the bit.

    Args:
        scenarios: validated scenarios.
        seeds: one per scenario; default each scenario's ``simulation.seed``.
        collect_reps: keep the per-rep table too (``WorldResult.rep_frame``).
        max_worlds: the largest batch.
        progress: called with the number of runs done after each batch; it may raise to stop
            (the app's background jobs cancel so, waiting at most one batch).
    """
    if isinstance(scenarios, Scenario):
        raise ConfigError(
            "scenarios: expected a list of sim.params.Scenario, got one Scenario (give [it])"
        )
    if not isinstance(scenarios, Iterable) or isinstance(scenarios, str | Mapping):
        raise ConfigError(
            f"scenarios: expected a list of sim.params.Scenario, got a {type(scenarios).__name__}"
        )
    scenarios = list(scenarios)  # a generator too
    wrong = [s for s in scenarios if not isinstance(s, Scenario)]
    if wrong:
        raise ConfigError(
            f"scenarios: expected a list of sim.params.Scenario, got a {type(wrong[0]).__name__}"
        )
    if seeds is None:
        seeds = [s.simulation.seed for s in scenarios]
    if isinstance(seeds, str | bytes) or not isinstance(seeds, Iterable):
        raise ConfigError(
            f"seeds: expected a list of seeds, one per scenario, got {shorten(seeds)}"
        )
    seeds = list(seeds)
    if len(seeds) != len(scenarios):
        raise ConfigError(f"seeds: {len(seeds)} given for {len(scenarios)} scenarios")
    seeds = [checked_seed(seed) for seed in seeds]
    if isinstance(max_worlds, bool) or not isinstance(max_worlds, Integral) or max_worlds < 1:
        raise ConfigError(
            f"max_worlds: {shorten(max_worlds)} is not a whole number of at least 1 "
            f"(the largest batch; default {MAX_WORLDS})"
        )
    groups: dict[tuple[int, int, int], list[int]] = defaultdict(list)
    for i, scenario in enumerate(scenarios):
        groups[batch_shape(scenario)].append(i)
    results: list[WorldResult | None] = [None] * len(scenarios)
    done = 0
    for (reps, per, _), members in groups.items():
        size = max(1, min(max_worlds, MAX_CUSTOMERS // (reps * per)))
        for start in range(0, len(members), size):
            chunk = members[start : start + size]
            worlds = Worlds(
                [scenarios[i] for i in chunk],
                [int(seeds[i]) for i in chunk],
                collect_reps=collect_reps,
            )
            for i, result in zip(chunk, worlds.run().results(), strict=True):
                results[i] = result
            done += len(chunk)
            if progress:
                progress(done)
    return [r for r in results if r is not None]


def simulate_many(
    param_sets: Sequence[Mapping[str, Any]],
    seeds: Sequence[int],
    *,
    base: Scenario | None = None,
) -> list[pd.DataFrame]:
    """Weekly metrics of ``base`` with each set of dotted-name values, e.g. for calibration.

    Args:
        param_sets: e.g. ``[{"dynamics.reciprocity": 0.4, "reps.effort_hours": 45}, ...]``;
            each is validated against the schema (``Scenario.with_values``).
        seeds: one per parameter set.
        base: the scenario the values change (default: the default scenario).

    Returns:
        One ``weekly_frame`` per parameter set, in order.
    """
    if base is not None and not isinstance(base, Scenario):
        raise ConfigError(f"base: expected a sim.params.Scenario, got a {type(base).__name__}")
    base = base or Scenario()
    scenarios = [base.with_values(values) for values in param_sets]
    return [world.weekly_frame() for world in run_worlds(scenarios, seeds)]


# The parameter table's columns of a new customer's log-normal draws, in the order of
# ``sim.population.customer_traits``'s arguments.
CUSTOMER_COLUMNS = [
    P.NEED,
    P.NEED_SPREAD,
    P.NEED_SHIFT,
    P.TOLERANCE_EXCESS,
    P.TOLERANCE_SPREAD,
    P.TOLERANCE_SHIFT,
    P.VALUE,
    P.VALUE_SPREAD,
    P.VALUE_SHIFT,
]


def _stacked(z: np.ndarray) -> np.ndarray:
    """Normals drawn world by world, ``(W, rows, k)``, as rows over all worlds, ``(rows, W·k)``."""
    return z.transpose(1, 0, 2).reshape(z.shape[1], -1)


def model_generator(seed: int) -> np.random.Generator:
    """The generator of ``RapportModel(seed=seed)`` as its first phase finds it.

    ``mesa.Model`` seeds its ``random.Random`` with one integer drawn from the generator it is
    given, so a model's own draws start after that one.
    """
    rng = np.random.default_rng(seed)
    rng.integers(np.iinfo(np.int32).max)
    return rng


class Worlds:
    """``W`` worlds of one shape, stacked: rep ``i`` of world ``w`` is row ``w * n + i``.

    Customer slots are stacked the same way (world, then rep, then slot), so a per-customer
    array viewed as ``(W * n, per)`` holds one portfolio per row and as ``(W, n * per)`` one
    world per row; per-world parameters repeat per rep (``table``, one row per rep).
    """

    def __init__(
        self, scenarios: Sequence[Scenario], seeds: Sequence[int], *, collect_reps: bool = False
    ):
        shapes = {batch_shape(s) for s in scenarios}
        if len(shapes) != 1:
            raise ValueError(f"worlds of one batch must share team, portfolio and weeks: {shapes}")
        self.scenarios = list(scenarios)
        self.seeds = [int(s) for s in seeds]
        W = self.W = len(scenarios)
        n, per, weeks = shapes.pop()
        self.n, self.per, self.weeks, self.m = n, per, weeks, n * per
        self.keep_reps = collect_reps
        self.week = 0
        self.rngs = [model_generator(seed) for seed in self.seeds]
        # Where each generator's state lives: the compiled draws (``sim.streams``) go on with it
        # in place, so numpy draws and compiled ones share one stream per world.
        self.addresses = streams.addresses(self.rngs)

        self._parameters()

        # The starting population (section 5): every world's numbers drawn from its own
        # generator in the order a model draws them (``sim.population``), in compiled code, and
        # the traits of all worlds computed at once by the functions a model uses, with each
        # world's parameters per rep or per customer (the same numbers as world by world).
        R, M = W * n, W * self.m
        team_z, customer_z = np.empty((W, 3, n)), np.empty((W, 3, self.m))
        u = np.empty((W, self.m))
        streams.fill_population(self.addresses, team_z, customer_z, u)
        teams: dict[int, tuple[list[str], np.ndarray]] = {}  # by scenario: replications share it
        for s in scenarios:
            if id(s) not in teams:
                teams[id(s)] = team_means(s)
        self.profiles = [list(teams[id(s)][0]) for s in scenarios]
        spreads = np.array([(s.reps.effort_spread, s.reps.trait_spread) for s in scenarios])
        self.effort_hours, self.perception, self.regulation = team_traits(
            np.concatenate([teams[id(s)][1] for s in scenarios], axis=1),
            np.repeat(spreads[:, 0], n),
            np.repeat(spreads[:, 1], n),
            _stacked(team_z),
        )
        for w, s in enumerate(scenarios):
            team = self._team(w)
            hire_at_start(s, self.profiles[w], self.perception[team], self.regulation[team])
        self.base_perception = self.perception.copy()
        self.base_regulation = self.regulation.copy()
        self.joined = np.zeros(R)  # weeks run before a rep joined (``RepState.joined``)
        self.profiles_before_hire: list[tuple[int, list[str]] | None] = [None] * W
        per_customer = np.repeat(self.table[::n, CUSTOMER_COLUMNS].T, self.m, axis=1)
        self.need, self.tolerance, self.value = customer_traits(_stacked(customer_z), *per_customer)
        self.clarity = np.repeat(self.table[::n, P.CLARITY], self.m)
        self.relationship = initial_relationships(
            u.ravel(), np.repeat([s.customers.initial_relationship for s in scenarios], self.m)
        )
        self.restraint = np.ones(M)
        for w, s in enumerate(scenarios):
            if s.reps.book_knowledge:  # a rep who knows the book has cut before week 1
                team, book = self._team(w), slice(w * self.m, (w + 1) * self.m)
                drawn = TeamDraw(
                    self.profiles[w],
                    self.effort_hours[team],
                    self.perception[team],
                    self.regulation[team],
                )
                self.restraint[book] = initial_restraint(s, drawn, self.tolerance[book])
        # The weekly flows (``WEEKLY_FLOWS``), each rep's.
        self.contact_hours, self.value_hours, self.prospecting_hours = np.zeros((3, R))
        self.training_hours, self.wasted_hours, self.revenue = np.zeros((3, R))
        self.signals_noticed = np.zeros(R)
        self.push = np.zeros(R)
        self.churned = np.zeros(R, dtype=np.int64)
        self.active = np.full(R, float(per))
        self.present = np.ones(M)
        self.irritation = np.zeros(M)
        self.wear = np.zeros(M)
        self.pressure = self.need.copy()
        self.expected_pressure = self.need.copy()
        self.contacts = np.zeros(M)
        self.planned = np.zeros(M)
        self.contact_time = np.zeros(M)
        self.channel_contacts = np.zeros((M, len(CHANNELS)), dtype=np.int64)
        self.unwanted = np.zeros(M)
        self.beyond = np.zeros(M, dtype=bool)
        self.signalled = np.zeros(M, dtype=bool)
        self.noticed = np.zeros(M, dtype=bool)
        self.purchased = np.zeros(M, dtype=bool)
        self.churned_flags = np.zeros(M, dtype=bool)
        # Section 5: the accounts not yet won start as empty slots (``customers.unwon_share``).
        held = (self.relationship, self.pressure, self.expected_pressure, self.restraint)
        for w, scenario in enumerate(scenarios):
            slots = unwon_slots(scenario)
            if slots.size:  # none at the defaults: no numpy calls per world
                empty_slots(slots + w * self.m, per, self.present, self.active, *held)
        portfolios = self.relationship.reshape(R, per)
        self.recent_relationship = np.add.reduce(portfolios, axis=1) / self.active
        self.revenue_history = np.zeros((W, weeks + 1))  # row w: world w's team revenue by week

        # The kernels' working arrays; the week's random numbers are drawn world by world into
        # slices of their buffers.
        self.scratch = kernels.Scratch.sized(R, M)
        self._u_schedule = np.empty((W, n, len(CHANNELS), 2))

        self.values = np.empty((weeks + 1, W, len(metrics.METRICS)))
        self.rep_values: dict[str, np.ndarray] = {}
        self.rows = 0
        self.collect()
        self.make_scheduled_changes()

    def __getstate__(self) -> dict[str, Any]:
        # A copy (``copy.deepcopy``, pickle) has its own generators elsewhere in memory.
        return {name: value for name, value in self.__dict__.items() if name != "addresses"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.addresses = streams.addresses(self.rngs)

    # --- set-up ----------------------------------------------------------------------------------

    def _parameters(self) -> None:
        """Per-world parameters: the kernels' table (one row per rep) and the rest as arrays."""
        scenarios = self.scenarios
        self.table = kernels.parameter_table(scenarios, self.n)
        # Worlds with a discrete contact schedule; their channels per rep, rows of ``(W * n, C)``.
        discrete = np.array([s.channels.schedule == "discrete" for s in scenarios])
        self.discrete = discrete
        self.discrete_reps = np.repeat(discrete, self.n)
        self.discrete_customers = np.repeat(discrete, self.m)
        self.channels = {
            attribute: np.repeat(
                np.array([getattr(s.channels, attribute) for s in scenarios], dtype=float),
                self.n,
                axis=0,
            )
            for attribute in ("hours", "shares", "weights")
        }
        # Coaching, per world.
        co = [s.coaching for s in scenarios]
        self.coach_start = np.array([x.start_week for x in co])
        self.coach_weeks = np.array([x.duration_weeks for x in co])
        self.coach_hours = np.array([x.hours_per_week for x in co], dtype=float)
        self.perception_gain = np.array([x.perception_gain for x in co], dtype=float)
        self.regulation_gain = np.array([x.regulation_gain for x in co], dtype=float)
        self.coaching = (self.perception_gain > 0) | (self.regulation_gain > 0)
        self.coached_reps = np.repeat(self.coaching, self.n)
        self.any_coaching = bool(self.coaching.any())
        # Events that touch few worlds: handled world by world.
        self.managed = [w for w, s in enumerate(scenarios) if s.management.pressure_step != 0]
        self.hiring: dict[int, list[int]] = defaultdict(list)
        for w, s in enumerate(scenarios):
            if s.hiring.share != 0 and s.hiring.week != 0:
                self.hiring[s.hiring.week].append(w)
        self.changes: dict[int, list[tuple[int, dict[str, float]]]] = defaultdict(list)
        for w, s in enumerate(scenarios):
            for change in s.interventions:
                self.changes[change.week].append((w, change.changes))

    # --- views and reductions --------------------------------------------------------------------

    def _portfolios(self, values: np.ndarray) -> np.ndarray:
        return values.reshape(-1, self.per)

    def _rep_mean(self, values: np.ndarray) -> np.ndarray:
        portfolios = self._portfolios(values)
        return np.add.reduce(portfolios, axis=1) / portfolios.shape[1]

    def _by_world(self, values: np.ndarray) -> np.ndarray:
        return values.reshape(self.W, -1)

    def _team(self, w: int) -> slice:
        return slice(w * self.n, (w + 1) * self.n)

    # --- the week --------------------------------------------------------------------------------

    def run(self) -> Worlds:
        """Run every world for the weeks of its scenario."""
        for _ in range(self.weeks):
            self.step()
        return self

    def step(self) -> None:
        """One week of every world: the phases of ``RapportModel.step``, in its order."""
        self.week += 1
        self.manage_team()
        self.hire_reps()
        self.coach_reps()
        self.plan_contacts()
        self.contact_customers()
        self.signal_annoyance()
        self.settle_outcomes()
        self.collect()
        self.make_scheduled_changes()

    def manage_team(self) -> None:
        """``sim.model.manage_team``, world by world for the worlds with management pressure."""
        week = self.week
        done = week - 1  # weeks of revenue so far
        for w in self.managed:
            m = self.scenarios[w].management
            if (week - 1) % m.review_weeks or done < 2 * m.review_weeks:
                continue
            history = self.revenue_history[w, 1:]  # week 0 had no revenue
            recent = sum(history[done - m.review_weeks : done].tolist())
            before = sum(history[done - 2 * m.review_weeks : done - m.review_weeks].tolist())
            if recent < before:
                team = self._team(w)
                effort = self.effort_hours[team]
                self.effort_hours[team] = np.minimum(
                    effort + m.pressure_step, np.maximum(effort, m.max_effort)
                )

    def hire_reps(self) -> None:
        """``sim.model.hire_reps`` for the worlds that hire this week."""
        for w in self.hiring.get(self.week, ()):
            h = self.scenarios[w].hiring
            restraint = self._portfolios(self.restraint)
            present = self._portfolios(self.present)
            self.profiles_before_hire[w] = (self.week, list(self.profiles[w]))
            for i in hired_reps(self.scenarios[w]):
                r = w * self.n + i
                self.profiles[w][i] = HIRE_PROFILE
                self.joined[r] = self.week - 1
                self.perception[r] = self.base_perception[r] = h.perception
                self.regulation[r] = self.base_regulation[r] = h.regulation
                restraint[r] = present[r]  # 1, an empty slot's 0

    def coach_reps(self) -> None:
        """``sim.model.coach_reps``, each world's programme at its own stage."""
        if not self.any_coaching:  # no training hours (they stay 0) and no trait changes
            return
        week = self.week
        end = self.coach_start + self.coach_weeks  # each rep's share of it attended, as
        attended = (  # ``sim.model.coach_reps``
            np.repeat(np.minimum(week, end), self.n)
            - np.maximum(np.repeat(self.coach_start, self.n), self.joined)
        ) / np.repeat(self.coach_weeks, self.n)
        progress = np.minimum(np.maximum(attended, 0.0), 1.0)
        in_programme = (self.coach_start < week) & (week <= end)
        training = np.where(self.coaching & in_programme, self.coach_hours, 0.0)
        self.training_hours = np.minimum(np.repeat(training, self.n), self.effort_hours)
        if self.coaching.any():
            coached = self.coached_reps
            perception_gain = np.repeat(self.perception_gain, self.n) * progress
            regulation_gain = np.repeat(self.regulation_gain, self.n) * progress
            self.perception = np.where(
                coached,
                np.clip(self.base_perception + perception_gain, 0.0, 1.0),
                self.perception,
            )
            self.regulation = np.where(
                coached,
                np.clip(self.base_regulation + regulation_gain, 0.0, 1.0),
                self.regulation,
            )

    def plan_contacts(self) -> None:
        """``sim.model.plan_contacts`` over every world's reps and customers."""
        kernels.plan_contacts(self.table, self.per, self, self, self.scratch)
        if self.discrete.any():
            self.schedule_contacts()

    def schedule_contacts(self) -> None:
        """``sim.schedule.schedule_contacts`` for the reps of the worlds with a discrete schedule;
        each such world draws its reps' uniforms from its own generator, in world order."""
        for w in self.discrete.nonzero()[0].tolist():
            self.rngs[w].random(out=self._u_schedule[w])
        reps, customers = self.discrete_reps, self.discrete_customers
        week = schedule_contacts(
            self.scratch.budget[reps],
            self.scratch.available[reps],
            self._portfolios(self.restraint)[reps],
            self.channels["hours"][reps],
            self.channels["shares"][reps],
            self.channels["weights"][reps],
            self._u_schedule[self.discrete].reshape(-1, len(CHANNELS), 2),
            self._portfolios(self.present)[reps],
        )
        self.contacts[customers] = week.felt.ravel()
        self.planned[customers] = week.planned.ravel()
        self.contact_time[customers] = week.hours.ravel()
        self.channel_contacts[customers] = week.counts.reshape(-1, len(CHANNELS))
        self.contact_hours[reps] = np.add.reduce(week.hours, axis=1)
        kernels.split_hours(self.table, self, self.scratch)

    def contact_customers(self) -> None:
        """``sim.model.contact_customers`` over every world's customers."""
        kernels.contact_customers(self.table, self.per, self, self, self.scratch)

    def signal_annoyance(self) -> None:
        """``sim.model.signal_annoyance``: each world draws its signalling customers' uniforms
        (the annoyed ones, then, where early cues are on, the near ones)."""
        kernels.signal_annoyance(self.table, self.per, self, self, self._draw, self.scratch)

    def _draw(
        self, annoyed: np.ndarray, u_signal: np.ndarray, near: np.ndarray, u_cue: np.ndarray
    ) -> None:
        """Each world's uniforms from its own generator: its annoyed customers', then its near
        ones' (slots are in world order, so each world's are one block)."""
        streams.fill_by_world(self.addresses, self.m, annoyed, u_signal)
        streams.fill_by_world(self.addresses, self.m, near, u_cue)

    def settle_outcomes(self) -> None:
        """``sim.model.settle_outcomes``: purchases, churn, new prospects in churned slots (or,
        where customers must be won, in the empty slots that prospecting fills)."""
        u = self.scratch.uniforms
        streams.fill_worlds(self.addresses, u.reshape(self.W, -1))
        slots, fills = kernels.settle_outcomes(
            self.table, self.per, self, self, u, self.churned_flags, self.scratch
        )
        self.revenue_history[:, self.week] = np.add.reduce(self._by_world(self.revenue), axis=1)
        if slots.size == 0 and fills.size == 0:
            return
        z = np.empty((3, fills.size))  # need, tolerance, value: each world's block of columns
        streams.normals_by_world(self.addresses, self.m, fills, z)
        kernels.new_prospects(self.table, self.per, self, self, fills, z)
        kernels.vacate(self.table, self.per, self, self, slots)

    # --- scheduled changes -----------------------------------------------------------------------

    def make_scheduled_changes(self) -> None:
        """Each world's changes due this week (``RapportModel.make_scheduled_changes``)."""
        for w, changes in self.changes.get(self.week, ()):
            self.intervene(w, changes)

    def intervene(self, w: int, changes: Mapping[str, float]) -> None:
        """``RapportModel.intervene`` for world ``w``."""
        team = self._team(w)
        for name, target in changes.items():
            values = getattr(self, name)[team]
            shift = float(target) - values.mean()
            if name == "effort_hours":
                self.effort_hours[team] = np.clip(values + shift, 1.0, None)
            else:
                getattr(self, name)[team] = np.clip(values + shift, 0.0, 1.0)
                base = getattr(self, f"base_{name}")[team]
                base += shift
                np.clip(base, 0.0, 1.0, out=base)

    # --- data ------------------------------------------------------------------------------------

    def collect(self) -> None:
        """Record this week's metrics of every world (the reductions of ``sim.metrics``)."""
        kernels.world_metrics(self.values[self.rows], self.n, self, self, metrics.IRRITATED)
        if self.keep_reps:
            week = {
                "effort_hours": self.effort_hours,
                "perception": self.perception,
                "regulation": self.regulation,
                "relationship": self._rep_mean(self.relationship),
                "irritation": self._rep_mean(self.irritation),
                **{flow: getattr(self, flow) for flow in WEEKLY_FLOWS},
                "churned": self.churned,
            }
            if not self.rep_values:
                self.rep_values = {
                    name: np.empty((self.weeks + 1, week[name].size), week[name].dtype)
                    for name in metrics.REP_COLUMNS
                }
            for name, table in self.rep_values.items():
                table[self.rows] = week[name]
        self.rows += 1

    def results(self) -> list[WorldResult]:
        """Each world's record, as a ``WeeklyRecord`` of a model that ran the same weeks."""
        out = []
        for w, scenario in enumerate(self.scenarios):
            record = metrics.WeeklyRecord(self.weeks, self.n, keep_reps=self.keep_reps)
            record.values = self.values[:, w, :].copy()
            record.rows = self.rows
            if self.keep_reps:
                record.rep_values = {
                    name: table[:, self._team(w)].copy() for name, table in self.rep_values.items()
                }
            out.append(
                WorldResult(
                    scenario, self.seeds[w], record, self.profiles[w], self.profiles_before_hire[w]
                )
            )
        return out


def warm_up() -> None:
    """Compile every kernel of ``sim.kernels`` for the types the engines pass, or load them from
    numba's cache: a single run and a batch of each contact schedule, with early cues on and
    customers who churn and leave empty slots (``tests/test_kernels.py`` checks that every
    kernel is reached).
    ``make setup`` runs it once, so no later process (a test worker, a sweep worker) compiles."""
    small = Scenario().with_values(
        {
            "reps.count": 2,
            "customers.per_rep": 3,
            "simulation.weeks": 3,
            "dynamics.cue_onset": 0.5,
            "dynamics.churn_hazard": 1.0,
            "dynamics.acquisition_hours": 10.0,
        }
    )
    discrete = small.with_values({"channels.schedule": "discrete"})
    from sim.model import RapportModel  # here only: the batched worlds do not need Mesa

    for scenario in (small, discrete):
        RapportModel(scenario, datacollector=True).run()
    run_worlds([small, discrete], [1, 2])
