"""ABC-SMC with pyabc: priors from ``sim/priors.py``, resumable in ``DIR/abc.db``.

Local runs use pyabc's multicore sampler (``--workers N`` processes), cluster runs pyabc's Dask
sampler on a ``dask.distributed`` client at ``--address``. The folder's ``calibration.json``
names the configuration (a hash of the file, the team and the model version): a rerun with the
same configuration loads the database and runs only the missing generations; another
configuration in the same folder is refused.
"""

from __future__ import annotations

import json
import logging
import math
import os
import re
import signal
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyabc
from distributed import Client, WorkerPlugin
from scipy.special import ndtr, ndtri
from scipy.stats import multivariate_normal

from experiments.calibrate.config import (
    STUDY_STATISTICS,
    TEAM_STATISTICS,
    CalibrationFile,
    Target,
    config_hash,
    config_identity,
    validate_calibration,
)
from experiments.calibrate.forks import guard_forks_against_ctrl_c
from experiments.calibrate.simulate import World, particle_seed, simulate_many
from experiments.calibrate.team import Team, team_targets
from experiments.calibrate.texts import say
from experiments.execute import dask_client, worker_count
from experiments.interrupts import Terminated
from experiments.replicate.texts import number, percent
from experiments.store import output_folder, write_text_atomically
from sim.machine import counted_machines, worker_machine
from sim.params import ConfigError, shorten
from sim.priors import PRIORS

DATABASE = "abc.db"
MANIFEST = "calibration.json"
# Simulations per Dask task. pyabc keeps one task per worker thread in flight and polls every
# 10 ms, so single ~30-100 ms simulations left the workers idle for a third of the time
# (benchmarks/bench_calibrate.py); a batch amortises that, at the price of up to
# DASK_BATCH - 1 simulations per worker past the last accepted one of a generation.
DASK_BATCH = 4


def prior_distribution(names: list[str]) -> pyabc.Distribution:
    """pyabc's prior over ``names``, on the normal scale: each parameter is a standard normal
    ``z`` that ``to_values`` maps through Φ onto its ``sim.priors`` range (uniform or
    log-uniform), so ``z`` ~ N(0, 1) is exactly that prior.

    Why not the range itself: with 36 bounded parameters almost every proposal of pyabc's
    multivariate normal kernel left the box somewhere (3,000 tries per valid proposal with a
    small population), and proposing took longer than simulating.
    """
    return pyabc.Distribution(**{name: pyabc.RV("norm", 0.0, 1.0) for name in names})


def to_values(z: Mapping[str, float]) -> dict[str, float]:
    """Parameter values of a point on the normal scale (the inverse of ``to_normal``)."""
    values = {}
    for name, score in z.items():
        prior = PRIORS[name]
        u = float(ndtr(score))
        if prior.distribution == "uniform":
            values[name] = prior.low + u * (prior.high - prior.low)
        else:
            values[name] = math.exp(
                math.log(prior.low) + u * (math.log(prior.high) - math.log(prior.low))
            )
    return values


def to_normal(values: Mapping[str, float]) -> dict[str, float]:
    """The normal-scale point of parameter values (inside their prior ranges)."""
    z = {}
    for name, value in values.items():
        prior = PRIORS[name]
        if prior.distribution == "uniform":
            u = (value - prior.low) / (prior.high - prior.low)
        else:
            u = math.log(value / prior.low) / math.log(prior.high / prior.low)
        z[name] = float(ndtri(min(max(u, 1e-12), 1 - 1e-12)))
    return z


class DefensiveNormalTransition(pyabc.transition.Transition):
    """pyabc proposal kernel: a defensive mixture of independent normals around the last
    generation and the prior itself (Hesterberg 1995), instead of pyabc's default kernel
    density around every particle.

    A proposal comes with probability ``1 − DEFENSIVE`` from independent normals, one per
    parameter, with the weighted mean and twice the weighted variance of the last generation's
    particles (the factor 2 of Beaumont et al. 2009, which minimises the Kullback–Leibler
    divergence to the next generation's target), and with probability ``DEFENSIVE`` from the
    prior (a standard normal on the normal scale, ``prior_distribution``). The importance weight
    prior / proposal is then at most ``1 / DEFENSIVE``, whatever the dimension.

    Why: with 36 parameters the default kernel (a mixture of narrow normals, one per particle)
    made the importance weights span tens of orders of magnitude; the first shipped run ended
    with an effective sample size of 1–2 of 150 particles. One normal with the particles' full
    covariance did no better (ESS 1–4): 150 particles estimate a 36-dimensional covariance with
    eigenvalues spread from about a quarter to twice the truth (Marchenko–Pastur). Independent
    normals with the plain weighted variance still left 8 and 24 of 150 in the last two
    generations: thin tails in a few of 36 directions multiply into a few huge weights. Both
    constants were chosen from the literature before the run that measured them.
    """

    DEFENSIVE = 0.2

    def fit(self, X: pd.DataFrame, w: np.ndarray) -> None:
        values = X.to_numpy(dtype=float)
        self.columns = list(X.columns)
        self.mean = np.average(values, axis=0, weights=w)
        variance = 2.0 * np.average((values - self.mean) ** 2, axis=0, weights=w)
        self.scale = np.sqrt(np.maximum(variance, 1e-12))
        self.normal = multivariate_normal(mean=self.mean, cov=np.diag(self.scale**2))
        self.prior = multivariate_normal(mean=np.zeros(len(self.columns)))

    def rvs_single(self) -> pyabc.Parameter:
        # Drawn from numpy's global generator at the time of the draw, which pyabc reseeds in
        # every worker process and Dask task; a frozen scipy distribution's ``rvs`` would use a
        # copy of the generator pickled with it, the same in every Dask task.
        if np.random.random() < self.DEFENSIVE:  # noqa: NPY002
            draw = np.random.standard_normal(len(self.columns))  # noqa: NPY002
        else:
            draw = np.random.normal(self.mean, self.scale)  # noqa: NPY002
        return pyabc.Parameter(dict(zip(self.columns, np.atleast_1d(draw), strict=True)))

    def pdf(self, x: pyabc.Parameter | pd.Series | pd.DataFrame) -> float | np.ndarray:
        if isinstance(x, pd.DataFrame):
            points = x[self.columns].to_numpy(dtype=float)
            return np.atleast_1d(self._density(points))
        return float(self._density(np.array([x[c] for c in self.columns], dtype=float)))

    def _density(self, points: np.ndarray) -> np.ndarray | float:
        return (1.0 - self.DEFENSIVE) * self.normal.pdf(points) + self.DEFENSIVE * self.prior.pdf(
            points
        )


class SeededABCSMC(pyabc.ABCSMC):
    """pyabc's ABC-SMC with numpy's global generator seeded at the start of every generation.

    pyabc draws proposals from numpy's global generator in this process (one worker); seeding it
    is the only way to make those draws repeatable (the simulations have their own seeds).
    Seeding each generation ``t`` with ``(seed, t)``, rather than once at the start, makes a
    calibration continued after an interruption draw what the uninterrupted run draws: the
    continued run seeds generation ``t`` as the uninterrupted one did, whatever came before it.
    ``seed`` alone seeds the prior sample pyabc draws before generation 0 to set its first
    epsilon (a continued run takes it from the stored generations instead).
    """

    def __init__(self, seed: int, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seed = seed

    def run(self, *args: Any, **kwargs: Any) -> pyabc.History:
        np.random.seed(self.seed)  # noqa: NPY002
        return super().run(*args, **kwargs)

    def run_generation(self, t: int) -> dict:
        np.random.seed([self.seed, t])  # noqa: NPY002
        return super().run_generation(t)


@dataclass(frozen=True)
class Problem:
    """What is calibrated: parameters, targets and the simulated world (picklable for Dask)."""

    names: tuple[str, ...]
    targets: Mapping[str, Target]
    world: World

    def __call__(self, params: Mapping[str, float]) -> dict[str, float]:
        """pyabc's model: one parameter set → its statistics."""
        values = to_values({name: float(params[name]) for name in self.names})
        return simulate_many([values], [particle_seed(values)], self.world)[0]

    def misses(self, stats: Mapping[str, float]) -> dict[str, float]:
        """Each target's miss in scales."""
        return {name: t.miss(float(stats[t.statistic])) for name, t in self.targets.items()}

    def distance(self, stats: Mapping[str, float], _observed: Mapping[str, float]) -> float:
        """pyabc's distance: root of the summed squared misses (the observed values are inside
        the targets, which also judge one-sided and interval facts)."""
        misses = list(self.misses(stats).values())
        return (
            math.sqrt(sum(m * m for m in misses)) if all(map(math.isfinite, misses)) else math.inf
        )

    def observed(self) -> dict[str, float]:
        """The targets' centres, stored by pyabc as the observed data."""
        centre = {}
        for t in self.targets.values():
            if t.kind == "between":
                assert t.low is not None and t.high is not None
                centre[t.statistic] = (t.low + t.high) / 2
            else:
                assert t.observed is not None
                centre[t.statistic] = t.observed
        return centre


def build_problem(config: CalibrationFile, team: Team | None) -> Problem:
    """The calibration problem of a file and an optional team.

    The team's statistics become targets beside the file's; a team file that gives portfolio
    sizes fixes ``customers.per_rep`` (it is then not calibrated).
    """
    targets = dict(config.targets)
    names = config.calibrated
    fixed = dict(config.set)
    if team is not None:
        from_team = team_targets(team)
        for name in sorted(set(from_team) & set(targets)):
            # The team's target would replace the file's without a word.
            raise ConfigError(
                f"targets.{name}: --team makes a target of this name from the team file; rename "
                "the file's target or leave it out"
            )
        targets.update(from_team)
        if team.customers is not None:
            names = [n for n in names if n != "customers.per_rep"]
    if not targets:
        raise ConfigError("targets: none; name targets in the file or give --team")
    if team is None:
        for name, target in targets.items():
            if target.statistic in TEAM_STATISTICS:
                # Without a team every simulated value would be missing: each world's distance
                # infinite, every particle accepted, the prior returned as a posterior.
                raise ConfigError(
                    f"targets.{name}.statistic: '{target.statistic}' is a statistic of a "
                    "manager's team; give --team FILE.csv, or name one of "
                    f"{', '.join(STUDY_STATISTICS)}"
                )
    statistics = tuple(dict.fromkeys(t.statistic for t in targets.values()))
    world = World(fixed=fixed, study_reps=config.study.reps, team=team, statistics=statistics)
    return Problem(tuple(names), targets, world)


# pyabc logs its set-up ("Parallelize sampling on 2 processes", "Start <ABCSMC id=1 ...>") at INFO
# to stderr; Rapport reports progress in its own lines (``_progress``, which lets INFO through to
# its handler while a calibration runs), so outside that only pyabc's warnings pass.
logging.getLogger("ABC").setLevel(logging.WARNING)


class _Progress(logging.Handler):
    """pyabc's per-generation log lines, rewritten as one progress line each on stderr in
    ``lang`` (unless ``quiet``); ``finished(t)`` is called after generation ``t`` (0-based) is
    stored. pyabc's warnings pass in its own words."""

    def __init__(
        self,
        generations: int,
        first: int,
        quiet: bool = False,
        finished: Callable[[int], None] | None = None,
        lang: str = "en",
    ) -> None:
        super().__init__(logging.INFO)
        self.generations, self.first = generations, first
        self.quiet, self.finished, self.lang = quiet, finished, lang
        self.started = time.monotonic()

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        t = re.match(r"t: (\d+), eps: (\S+)\.", message)
        accepted = re.match(r"Accepted: (\d+) / (\d+) = \S+, ESS: (\S+)\.", message)
        if t:
            self.t, self.eps = int(t.group(1)), float(t.group(2))
        elif accepted and hasattr(self, "t"):
            if self.finished is not None:
                self.finished(self.t)
            if self.quiet:
                return
            a, n = int(accepted.group(1)), int(accepted.group(2))
            lang = self.lang
            print(
                say(
                    "progress.generation",
                    lang,
                    generation=number(self.t + 1, lang, "d"),
                    generations=number(self.generations, lang, "d"),
                    epsilon=number(self.eps, lang, ".3g"),
                    accepted=number(a, lang, "d"),
                    simulations=number(n, lang, "d"),
                    share=percent(a / n, lang),
                    ess=number(float(accepted.group(3)), lang, ".0f"),
                    seconds=number(time.monotonic() - self.started, lang, ".0f"),
                ),
                file=sys.stderr,
                flush=True,
            )
        elif record.levelno >= logging.WARNING and not self.quiet:
            print(f"calibrate: pyabc: {message}", file=sys.stderr, flush=True)


@contextmanager
def _progress(
    generations: int,
    first: int,
    quiet: bool,
    finished: Callable[[int], None] | None = None,
    lang: str = "en",
):
    logger = logging.getLogger("ABC")
    kept, level = logger.handlers[:], logger.level
    logger.handlers = [_Progress(generations, first, quiet, finished, lang)]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.handlers, logger.level = kept, level


def sampler_for(
    workers: int | str | None, address: str | None, lang: str = "en"
) -> tuple[Any, Client | None]:
    """pyabc's sampler: Dask at ``address`` (a scheduler without workers said in ``lang``),
    else ``workers`` local processes."""
    if address:
        client, reason = dask_client(address, lang)
        if client is None:
            raise ConfigError(f"--address {address}: no Dask scheduler answers ({reason})")
        sampler = pyabc.sampler.DaskDistributedSampler(dask_client=client, batch_size=DASK_BATCH)
        return sampler, client
    count, _ = worker_count(workers or "auto")
    if count == 1:
        return pyabc.sampler.SingleCoreSampler(), None
    return QuietMulticoreSampler(n_procs=count), None


class QuietMulticoreSampler(pyabc.sampler.MulticoreEvalParallelSampler):
    """pyabc's local multicore sampler whose worker processes leave Ctrl-C to the parent.

    Ctrl-C reaches every process of the terminal's group: pyabc's forked workers each printed
    a KeyboardInterrupt traceback above the command's one line saying what was saved. Here a
    worker exits quietly; the parent raises KeyboardInterrupt as before.

    A Ctrl-C that lands while a worker is being forked would raise in the fork's after-fork
    hooks (logging's, filelock's), where Python prints the exception and ignores it; so SIGINT is
    held back from just before a fork until its hooks have run (``guard_forks_against_ctrl_c``),
    and delivered after. Should pyabc still find a worker that exited on the Ctrl-C ("At least
    one worker is dead"), any error after a Ctrl-C is the interruption.
    """

    def sample_until_n_accepted(self, *args: Any, **kwargs: Any) -> Any:
        if threading.current_thread() is not threading.main_thread():  # signals: main only
            return super().sample_until_n_accepted(*args, **kwargs)
        parent = os.getpid()
        received = 0  # the signal that stopped the sampling
        guard_forks_against_ctrl_c()

        def interrupted(signum: int, frame: Any) -> None:
            nonlocal received
            if os.getpid() != parent:  # a worker forked with this handler
                os._exit(128 + signum)
            received = signum
            raise Terminated if signum == signal.SIGTERM else KeyboardInterrupt

        # SIGTERM (kill, a batch system's stop) as Ctrl-C, where the command asked for it
        # (``stop_on_sigterm``): Python's default would end the parent alone, at once.
        stops = [signal.SIGINT]
        if callable(signal.getsignal(signal.SIGTERM)):
            stops.append(signal.SIGTERM)
        kept = {signum: signal.signal(signum, interrupted) for signum in stops}
        try:
            return super().sample_until_n_accepted(*args, **kwargs)
        except Exception:
            if received:  # the Ctrl-C was swallowed on its way (see above)
                raise (Terminated if received == signal.SIGTERM else KeyboardInterrupt) from None
            raise
        finally:
            for signum, handler in kept.items():
                signal.signal(signum, handler)


def _difference(held: Any, ours: Any, path: str = "") -> str | None:
    """The first setting in which two configurations (``config_identity``) differ, with both
    values ("abc.population: 400, this one 40"); None if they do not differ."""
    if isinstance(held, dict) and isinstance(ours, dict):
        for key in sorted(set(held) | set(ours)):
            found = _difference(held.get(key), ours.get(key), f"{path}{key}.")
            if found is not None:
                return found
        return None
    if held == ours:
        return None
    return f"{path[:-1]}: {shorten(held)}, this one {shorten(ours)}"


def _team_difference(held: str | None, ours: str | None) -> str | None:
    """How the teams of two calibrations differ (their data's hashes; None: no ``--team``), or
    None if they do not."""
    if held == ours:
        return None
    if ours is None:
        return "it was fitted to a team's file, this one has no --team"
    if held is None:
        return "this one is fitted to a team's file (--team), it was not"
    return "the team's data differ"


def check_folder(out: Path, digest: str, name: str, identity: dict[str, Any] | None = None) -> bool:
    """True if ``out`` holds this configuration's database (resume); refuse another's, naming
    the first setting that differs where the folder recorded its configuration (``identity``),
    else both hashes."""
    manifest = out / MANIFEST
    if manifest.is_file():
        held = json.loads(manifest.read_text(encoding="utf-8"))
        if held.get("config_hash") != digest:
            what = f"hash {held.get('config_hash')}, this one {digest}"  # written before 4f8b
            recorded = held.get("identity")
            found = None if identity is None else _difference(recorded, identity)
            if found is not None and identity is not None and isinstance(recorded, dict):
                teams = _team_difference(recorded.get("team"), identity.get("team"))
                what = teams or found.removeprefix("config.")
            raise ConfigError(
                f"--out {out}: holds the calibration {held.get('name')!r} of a different "
                f"configuration ({what}); choose another folder or remove it"
            )
        return (out / DATABASE).is_file()
    if out.is_dir() and any(out.iterdir()):
        raise ConfigError(f"--out {out}: not empty and holds no calibration; choose a new folder")
    return False


def completed_generations(db: Path) -> int:
    """Generations stored in the database (0 if none finished)."""
    history = pyabc.History(f"sqlite:///{db}", create=False, _id=1)
    max_t = history.max_t
    return 0 if max_t is None or max_t < 0 else int(max_t) + 1


def last_epsilon(history: pyabc.History) -> float:
    """The acceptance threshold of the last generation stored in ``history``."""
    populations = history.get_all_populations()
    return float(populations.loc[populations["t"] == history.max_t, "epsilon"].iloc[0])


@dataclass
class CalibrationRun:
    """What ``run_calibration`` did."""

    history: pyabc.History
    problem: Problem
    generations_run: int
    seconds: float
    resumed_from: int
    # The machines whose processes fitted this run's generations (``fitting_machines``): each
    # ``worker_machine``'s facts with its number of worker processes; empty if none ran.
    machines: list[dict[str, Any]] = field(default_factory=list)


def run_calibration(
    config: CalibrationFile,
    out: str | Path,
    *,
    team: Team | None = None,
    workers: int | str | None = None,
    address: str | None = None,
    quiet: bool = False,
    report: Callable[[float], None] | None = None,
    lang: str = "en",
) -> CalibrationRun:
    """Run (or continue) the ABC-SMC calibration into ``out``.

    Args:
        config: The validated calibration file.
        out: Results folder: ``abc.db`` (pyabc), ``calibration.json``.
        team: A manager's team conditioning the calibration.
        workers: Local processes (overrides the file); ignored with ``address``.
        address: A Dask scheduler.
        quiet: No progress lines.
        report: Called with the fraction of generations done before every simulation and after
            every generation; what it raises (e.g. InterruptedError to cancel) ends the run.
            With it, every simulation runs in this process (pyabc's single-core sampler), so
            that the call reaches the caller.
        lang: The language of the progress lines and of the line saying that a Dask scheduler
            has no workers yet.
    """
    out = Path(out)
    problem = build_problem(config, team)
    identity = config_identity(config, None if team is None else team.fingerprint())
    digest = config_hash(config, None if team is None else team.fingerprint())
    resume = check_folder(out, digest, config.name, identity)
    db = out / DATABASE
    done = completed_generations(db) if resume else 0
    address = address or config.execution.address
    if report is None:
        sampler, client = sampler_for(workers or config.execution.workers, address, lang)
        model: Any = problem
    else:
        sampler, client = pyabc.sampler.SingleCoreSampler(), None
        finished = [done]

        def model(params: Mapping[str, float]) -> dict[str, float]:
            report(finished[0] / config.abc.generations)
            return problem(params)

        def generation_done(t: int) -> None:
            finished[0] = t + 1
            report(finished[0] / config.abc.generations)

    abc = SeededABCSMC(
        config.abc.seed,
        model,
        prior_distribution(list(problem.names)),
        problem.distance,
        population_size=config.abc.population,
        sampler=sampler,
        transitions=DefensiveNormalTransition(),
    )
    started = time.monotonic()
    machines: list[dict[str, Any]] = []  # none fitted anything unless generations remain
    try:
        # Written once the sampler stands: a scheduler that cannot be reached leaves the
        # folder as it was (no calibration.json of a calibration that never started).
        output_folder(out)
        if resume and done == 0:
            db.unlink()  # killed before its first generation finished: nothing to keep
        write_text_atomically(
            out / MANIFEST,
            json.dumps(
                {"name": config.name, "config_hash": digest, "identity": identity}, indent=1
            ),
        )
        if done:
            history = abc.load(f"sqlite:///{db}", 1)
        else:
            history = abc.new(f"sqlite:///{db}", problem.observed())
        remaining = config.abc.generations - done
        if done and last_epsilon(history) <= config.abc.minimum_epsilon:
            # pyabc stopped there, as the uninterrupted run does: continuing would add a
            # generation at every rerun of a finished calibration
            remaining = 0
        if remaining > 0:
            # Dask workers may come and go during a calibration: each one logs its machine as
            # it joins, and each generation's end asks those connected then (worker address ->
            # machine text), where a worker cannot log.
            seen: dict[str, str] = {}

            def ended(t: int) -> None:
                if client is not None:
                    seen.update(dask_workers_machines(client))
                if report is not None:
                    generation_done(t)

            with (
                workers_recorded(client) as recorded,
                _progress(config.abc.generations, done, quiet, ended, lang),
            ):
                history = abc.run(
                    minimum_epsilon=config.abc.minimum_epsilon, max_nr_populations=remaining
                )
                seen.update(recorded())
            machines = fitting_machines(client, sampler, seen)
    finally:
        if client is not None:
            client.close()
    stored = 0 if history.max_t is None or history.max_t < 0 else int(history.max_t) + 1
    return CalibrationRun(
        history=history,
        problem=problem,
        # those run now, not those asked for: pyabc stops early at the minimum epsilon
        generations_run=stored - done,
        seconds=time.monotonic() - started,
        resumed_from=done,
        machines=machines,
    )


def fitting_machines(
    client: Client | None, sampler: Any, seen: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """The machines that simulated the particles: on a Dask cluster its workers' (``seen``:
    those that joined while the fitting ran, ``workers_recorded``, and those connected at the
    end of any generation; and those connected now), else this machine with the sampler's
    processes. Each distinct machine once, with its number of worker processes."""
    if client is None:
        return [{**json.loads(worker_machine()), "workers": int(getattr(sampler, "n_procs", 1))}]
    workers = {**(seen or {}), **dask_workers_machines(client)}
    return counted_machines(Counter(workers.values()), "workers")


class _LogsItsMachine(WorkerPlugin):
    """Installed on every Dask worker there is and every one that joins later: the worker
    logs its address and machine (``worker_machine``) to the scheduler under ``topic``."""

    def __init__(self, topic: str) -> None:
        self.topic = topic
        self.name = topic  # one plugin per calibration: another one's does not replace it

    def setup(self, worker: Any) -> None:
        worker.log_event(self.topic, {"worker": worker.address, "machine": worker_machine()})


@contextmanager
def workers_recorded(client: Client | None) -> Iterator[Callable[[], dict[str, str]]]:
    """While open, every worker of ``client``'s cluster, connected or joining, logs its
    machine under a topic of this call's own; yields a function that reads the record (worker
    address -> machine text), workers that have left since included. Without a client, or
    where the cluster takes no plugin, the record stays empty."""
    topic = f"rapport-machine-{uuid.uuid4().hex}"
    installed = False
    if client is not None:
        try:
            client.register_plugin(_LogsItsMachine(topic))
            installed = True
        except Exception:  # a worker that cannot load it, a scheduler gone: polling stays
            pass
    if client is None or not installed:
        yield dict
        return
    cluster = client

    def recorded() -> dict[str, str]:
        try:
            events = cluster.get_events(topic)
        except Exception:  # the scheduler went away
            return {}
        return {event["worker"]: event["machine"] for _, event in events}

    try:
        yield recorded
    finally:
        try:
            cluster.unregister_worker_plugin(topic)
        except Exception:  # the scheduler went away: the plugin went with it
            pass


def dask_workers_machines(client: Client) -> dict[str, str]:
    """Each connected Dask worker's address with its machine (``worker_machine``'s text); a
    worker that cannot answer is left out, and a scheduler gone away gives none."""
    try:
        return client.run(worker_machine, on_error="ignore")
    except Exception:  # the scheduler went away: nothing to ask
        return {}


TEAM_PARAMETERS = (
    "dynamics.churn_hazard",
    "dynamics.reciprocity",
    "dynamics.decay",
    "customers.tolerance",
)
"""Parameters a team's losses and ratings speak to: a team alone calibrates these (the coverage
check, ``synthetic.coverage_check``, measures how often their intervals cover the truth)."""


def calibrate_team(
    team: Team,
    out: str | Path,
    *,
    population: int,
    generations: int,
    seed: int,
    workers: int | str = 1,
    report: Callable[[float], None] | None = None,
) -> CalibrationRun:
    """Calibrate ``TEAM_PARAMETERS`` on a team's own statistics alone (its losses and, if
    given, its ratings), the rest at their defaults.

    Args:
        team: The parsed team file.
        out: The results folder (pyabc's database).
        population, generations: The budget.
        seed: pyabc's proposals.
        workers: Local processes (ignored with ``report``).
        report: As in ``run_calibration``.
    """
    config = validate_calibration(
        {
            "name": f"team_{Path(team.name).stem}"[:60],
            "parameters": list(TEAM_PARAMETERS),
            "abc": {"population": population, "generations": generations, "seed": seed},
        }
    )
    return run_calibration(config, out, team=team, workers=workers, quiet=True, report=report)
