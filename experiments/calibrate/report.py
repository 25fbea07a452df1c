"""The calibration's outputs: posterior Parquet, plots, predictive checks and the HTML page.

``posterior.parquet`` (a contract other parts read): one row per particle of the last
generation, one column per calibrated parameter named by its dotted schema name, and ``weight``
(non-negative, summing to 1).
"""

from __future__ import annotations

import html
import json
import math
import platform
from collections import Counter
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pyabc
import pyarrow as pa
from matplotlib.ticker import FixedFormatter, FixedLocator, NullFormatter

from experiments.calibrate.abc import MANIFEST, CalibrationRun, Problem, to_values
from experiments.calibrate.config import POSTERIOR, TEAM_SCENARIO
from experiments.calibrate.simulate import simulated_where
from experiments.calibrate.team import Team, team_scenario, team_targets
from experiments.calibrate.texts import evidence, say
from experiments.execute import (
    WorkerPool,
    dask_client,
    stopped_when_interrupted,
    worker_count,
)
from experiments.pages import inline_image, write_page
from experiments.replicate.texts import number
from experiments.store import package_versions, write_text_atomically
from experiments.uncertainty import parameter_name
from sim import parquet
from sim.formats import PALETTE, json_default
from sim.machine import counted_machines, machine_facts
from sim.metrics import file_metadata
from sim.params import PARAMS, ConfigError
from sim.plots import save_figure, use_decimal_mark
from sim.priors import PRIORS
from sim.scenarios import dump_yaml
from sim.texts import DECIMAL_MARK, format_number, phrase, unit

LEVEL = 0.90  # the posterior intervals reported
# Fewer predictive draws than this per local process run in this process: a spawned process
# takes about 2 s to start (importing numpy, pandas, Mesa and the kernels), more than a handful
# of draws of a study team costs (about 0.1 s each at 20 reps).
DRAWS_PER_PROCESS = 8


def weighted_quantile(values: np.ndarray, weights: np.ndarray, q: float) -> float:
    """The ``q`` quantile of weighted values (the inverse of the weighted empirical CDF)."""
    order = np.argsort(values)
    cumulative = np.cumsum(weights[order]) / weights.sum()
    index = min(int(np.searchsorted(cumulative, q)), values.size - 1)
    return float(values[order][index])


def posterior_frame(history: pyabc.History, names: tuple[str, ...]) -> pd.DataFrame:
    """The last generation's particles on the parameters' own scale, with ``weight``."""
    normal, weights = history.get_distribution(m=0, t=history.max_t)
    frame = pd.DataFrame(
        [to_values({n: float(row[n]) for n in names}) for _, row in normal.iterrows()],
        columns=list(names),
    )
    frame["weight"] = np.asarray(weights, dtype=float) / float(np.sum(weights))
    return frame


def posterior_table(posterior: pd.DataFrame, names: tuple[str, ...]) -> pd.DataFrame:
    """Per parameter: prior range, posterior median and 90 % interval, and how much of the
    prior's width (on its own scale: log for log-uniform) the interval still spans."""
    rows = []
    w = posterior["weight"].to_numpy()
    tail = (1 - LEVEL) / 2
    for name in names:
        prior = PRIORS[name]
        x = posterior[name].to_numpy()
        low, mid, high = (weighted_quantile(x, w, q) for q in (tail, 0.5, 1 - tail))
        scale = np.log if prior.distribution == "loguniform" else (lambda v: v)
        width = (scale(high) - scale(low)) / (scale(prior.high) - scale(prior.low))
        rows.append(
            {
                "parameter": name,
                "unit": PARAMS[name].unit,  # the median and interval's
                "prior": prior.text(),
                "median": mid,
                "low_90": low,
                "high_90": high,
                "width_share": float(width),
            }
        )
    return pd.DataFrame(rows)


def generations_table(history: pyabc.History) -> pd.DataFrame:
    """Per generation: epsilon, simulations, accepted particles, acceptance rate, effective
    sample size of the weights, wall time."""
    pops = history.get_all_populations()
    pops = pops[pops["t"] >= 0]
    ess = []
    for t in pops["t"]:
        _, w = history.get_distribution(m=0, t=int(t))
        w = np.asarray(w, dtype=float)
        ess.append(float(w.sum() ** 2 / (w**2).sum()))
    return pd.DataFrame(
        {
            "generation": pops["t"].to_numpy() + 1,
            "epsilon": pops["epsilon"].to_numpy(),
            "simulations": pops["samples"].to_numpy(),
            "accepted": pops["particles"].to_numpy(),
            "acceptance": pops["particles"].to_numpy() / pops["samples"].to_numpy(),
            "effective_sample_size": ess,
            "wall_seconds": pops["wall_time"].to_numpy(),
        }
    )


def predictive_draws(
    problem: Problem,
    posterior: pd.DataFrame,
    draws: int,
    seed: int,
    *,
    workers: int | str | None = None,
    address: str | None = None,
    lang: str = "en",
) -> pd.DataFrame:
    """Posterior predictive simulations: ``draws`` particles drawn by weight, each simulated
    afresh (new seeds), in chunks through ``simulate_many`` on Dask, on local processes, or in
    this process when there are fewer than ``DRAWS_PER_PROCESS`` draws per process. A Dask
    scheduler without workers is said in ``lang``. The frame's ``attrs["machines"]`` names the
    machines that simulated the draws, each with its number of draws (most first)."""
    rng = np.random.default_rng(seed)
    picked = rng.choice(len(posterior), size=draws, p=posterior["weight"].to_numpy())
    sets = [{n: float(posterior[n].iloc[i]) for n in problem.names} for i in picked]
    seeds = [int(s) for s in rng.integers(0, 2**32, size=draws)]
    client = None
    if address:
        client, reason = dask_client(address, lang)
        if client is None:
            raise ConfigError(
                f"--address {address}: no Dask scheduler answers for the predictive draws "
                f"({reason}); the posterior is saved, run the same command again to finish"
            )
        count = max(len(client.scheduler_info().get("workers", {})), 1)
    else:
        count = min(worker_count(workers or "auto")[0], max(draws // DRAWS_PER_PROCESS, 1))
    chunks = [(sets[i::count], seeds[i::count]) for i in range(count) if sets[i::count]]
    try:
        if client is not None:
            futures = [
                client.submit(simulated_where, s, d, problem.world, pure=False) for s, d in chunks
            ]
            parts = client.gather(futures)
        elif count == 1:
            parts = [simulated_where(s, d, problem.world) for s, d in chunks]
        else:
            # spawn, not fork: this process may have run pyabc's forked sampler and a Dask
            # client (threads), and a fork of a threaded process can deadlock. Its workers
            # leave a Ctrl-C to this process, which ends them: the same command draws again.
            pool = WorkerPool(count, mp_context=get_context("spawn"))
            with stopped_when_interrupted(pool):
                parts = list(
                    pool.map(
                        simulated_where,
                        *zip(*chunks, strict=True),
                        [problem.world] * len(chunks),
                    )
                )
    finally:
        if client is not None:
            client.close()
    frame = pd.DataFrame([row for rows, _ in parts for row in rows])
    ran: Counter[str] = Counter()
    for rows, machine in parts:
        ran[machine] += len(rows)
    frame.attrs["machines"] = counted_machines(ran, "draws")
    return frame


def predictive_table(problem: Problem, draws: pd.DataFrame) -> pd.DataFrame:
    """Per target: the predictive median and 90 % range, and the share of draws meeting the
    target (miss 0) and within one scale of it."""
    rows = []
    tail = (1 - LEVEL) / 2
    for name, target in problem.targets.items():
        values = draws[target.statistic].to_numpy(dtype=float)
        misses = np.array([target.miss(v) for v in values])
        finite = values[np.isfinite(values)]
        rows.append(
            {
                "target": name,
                "statistic": target.statistic,
                "evidence": target.text(),
                "median": float(np.median(finite)) if finite.size else math.nan,
                "low_90": float(np.quantile(finite, tail)) if finite.size else math.nan,
                "high_90": float(np.quantile(finite, 1 - tail)) if finite.size else math.nan,
                "meets": float(np.mean(misses == 0)),
                "within_one_scale": float(np.mean(misses <= 1)),
            }
        )
    return pd.DataFrame(rows)


# --- figures ---------------------------------------------------------------------------------


def _log_ticks(axis: Any, name: str, lang: str = "en") -> None:
    """A log-scaled axis over a log-uniform prior, labelled at the prior's ends and geometric
    middle in plain numbers: matplotlib's own labels (minor ones such as ``2×10⁻²``, in larger
    type than the major ones) overlapped in the small panels."""
    prior = PRIORS[name]
    ticks = [prior.low, math.sqrt(prior.low * prior.high), prior.high]
    axis.set_major_locator(FixedLocator(ticks))
    axis.set_major_formatter(FixedFormatter([format_number(t, lang, spec=".2g") for t in ticks]))
    axis.set_minor_formatter(NullFormatter())


def _prior_axis(ax, name: str, lang: str = "en") -> np.ndarray:
    prior = PRIORS[name]
    if prior.distribution == "loguniform":
        ax.set_xscale("log")
        _log_ticks(ax.xaxis, name, lang)
        return np.geomspace(prior.low, prior.high, 16)
    return np.linspace(prior.low, prior.high, 16)


def figure_name(name: str, lang: str = "en") -> str:
    """A parameter as a figure's panel names it: its dotted name; in German the app's name (the
    schema's ``label_de``) above it."""
    if lang == "en" or not PARAMS[name].label_de:
        return name
    return f"{PARAMS[name].label_de}\n{name}"


def marginals_figure(
    posterior: pd.DataFrame, names: tuple[str, ...], lang: str = "en"
) -> plt.Figure:
    """Each parameter's weighted posterior histogram over its prior range; the dashed line is
    the prior (flat on the axis's scale). Texts and tick numbers in ``lang``."""
    cols = 6
    rows = math.ceil(len(names) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(2.6 * cols, 1.9 * rows), squeeze=False)
    w = posterior["weight"].to_numpy()
    for ax, name in zip(axes.flat, names, strict=False):
        bins = _prior_axis(ax, name, lang)
        ax.hist(posterior[name], bins=bins, weights=w, color=PALETTE[0], alpha=0.8)
        ax.axhline(1 / (bins.size - 1), color="#555555", ls="--", lw=1)
        ax.set_title(figure_name(name, lang), fontsize=8)
        ax.tick_params(labelsize=6)
    for ax in list(axes.flat)[len(names) :]:
        ax.set_visible(False)
    fig.suptitle(say("figure.marginals", lang), fontsize=10)
    use_decimal_mark(fig, DECIMAL_MARK[lang])
    fig.tight_layout()
    return fig


def pairs_figure(
    posterior: pd.DataFrame, table: pd.DataFrame, count: int = 5, lang: str = "en"
) -> plt.Figure:
    """Pair plot of the ``count`` parameters the targets narrowed most (smallest interval
    share of the prior); point size ∝ weight."""
    chosen = table.sort_values("width_share")["parameter"].head(count).tolist()
    n = len(chosen)
    fig, axes = plt.subplots(n, n, figsize=(2.2 * n, 2.2 * n), squeeze=False)
    w = posterior["weight"].to_numpy()
    size = 4 + 200 * w / w.max()
    for i, yname in enumerate(chosen):
        for j, xname in enumerate(chosen):
            ax = axes[i][j]
            if i == j:
                bins = _prior_axis(ax, xname, lang)
                ax.hist(posterior[xname], bins=bins, weights=w, color=PALETTE[0])
            else:
                _prior_axis(ax, xname, lang)
                if PRIORS[yname].distribution == "loguniform":
                    ax.set_yscale("log")
                    _log_ticks(ax.yaxis, yname, lang)
                ax.scatter(posterior[xname], posterior[yname], s=size, alpha=0.4, color=PALETTE[1])
            ax.tick_params(labelsize=6)
            if i == n - 1:
                ax.set_xlabel(figure_name(xname, lang), fontsize=7)
            if j == 0:
                ax.set_ylabel(figure_name(yname, lang), fontsize=7)
    use_decimal_mark(fig, DECIMAL_MARK[lang])
    fig.tight_layout()
    return fig


def generations_figure(table: pd.DataFrame, lang: str = "en") -> plt.Figure:
    """Epsilon and acceptance rate per generation."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3))
    generation = say("figure.generation", lang)
    left.plot(table["generation"], table["epsilon"], marker="o", color=PALETTE[0])
    left.set(xlabel=generation, ylabel=say("figure.epsilon", lang))
    right.plot(table["generation"], table["acceptance"], marker="o", color=PALETTE[1])
    right.set(xlabel=generation, ylabel=say("figure.acceptance", lang), ylim=(0, 1.05))
    for ax in (left, right):
        ax.set_xticks(table["generation"])
    use_decimal_mark(fig, DECIMAL_MARK[lang])
    fig.tight_layout()
    return fig


def predictive_figure(values: np.ndarray, target: Any, name: str, lang: str = "en") -> plt.Figure:
    """One target's posterior predictive distribution against the evidence (shaded: met)."""
    fig, ax = plt.subplots(figsize=(4.2, 2.6))
    finite = values[np.isfinite(values)]
    if finite.size:
        ax.hist(finite, bins=min(20, max(5, finite.size // 3)), color=PALETTE[0], alpha=0.8)
    low, high = ax.get_xlim()
    if target.kind == "between":
        ax.axvspan(target.low, target.high, color=PALETTE[2], alpha=0.25)
    elif target.kind == "at_least":
        ax.axvspan(
            target.observed, max(high, target.observed + target.scale), color=PALETTE[2], alpha=0.25
        )
    elif target.kind == "at_most":
        ax.axvspan(
            min(low, target.observed - target.scale), target.observed, color=PALETTE[2], alpha=0.25
        )
    else:
        ax.axvspan(
            target.observed - target.scale,
            target.observed + target.scale,
            color=PALETTE[2],
            alpha=0.25,
        )
        ax.axvline(target.observed, color="#222222", lw=1.5)
    statistic = say(f"statistic.short.{target.statistic}", lang)
    ax.set(title=f"{name}: {statistic}", xlabel=statistic, ylabel=say("figure.draws", lang))
    ax.title.set_fontsize(8)
    use_decimal_mark(fig, DECIMAL_MARK[lang])
    fig.tight_layout()
    return fig


# --- the page --------------------------------------------------------------------------------


def _table(frame: pd.DataFrame, lang: str = "en") -> str:
    """``frame`` as an HTML table in ``lang``: in English with the names calibration.json
    uses, in German with German column names and decimal commas."""
    shown = frame.rename(columns={name: say(f"column.{name}", lang) for name in frame.columns})
    return shown.to_html(
        index=False,
        float_format=lambda v: number(v, lang, ".3g"),
        na_rep=say("cell.missing", lang),
        border=0,
    )


def statistic_name(statistic: str, lang: str = "en") -> str:
    """A statistic as the page's tables name it: its name, in German with what it is before it
    ("Kundenverlust pro Jahr (annual_churn)")."""
    if lang == "en":
        return statistic
    return f"{say(f'statistic.short.{statistic}', lang)} ({statistic})"


def prior_text(name: str, lang: str = "en") -> str:
    """A parameter's prior as the posterior table shows it, "0.1–0.5 (log-uniform)", German
    "0,1–0,5 (log-gleichverteilt)" (the words of ``rapport params --lang de``)."""
    prior = PRIORS[name]
    if lang == "en":
        return prior.text()
    kind = phrase(f"params.{prior.distribution}", lang)
    return f"{number(prior.low, lang)}–{number(prior.high, lang)} ({kind})"


def readable(frame: pd.DataFrame, problem: Problem, lang: str = "en") -> pd.DataFrame:
    """One of the page's tables (targets, posterior, predictive checks) with its cells in
    ``lang``: the English table is the frame itself (as calibration.json has it); the German
    one names statistics, evidence, parameters, units and priors in German, and keeps the
    targets' and parameters' own names beside them."""
    if lang == "en":
        return frame
    shown = frame.copy()
    if "statistic" in shown:
        shown["statistic"] = [statistic_name(s, lang) for s in frame["statistic"]]
    if "evidence" in shown:
        shown["evidence"] = [evidence(problem.targets[t], lang) for t in frame["target"]]
    if "source" in shown:
        # a team's targets say where they come from in German; a file's as its source_de and
        # reason_de write them, or as its source and reason where it gives none
        local = {} if problem.world.team is None else team_targets(problem.world.team, lang)
        for column in ("source", "reason"):
            shown[column] = [
                getattr(local[t], column)
                if t in local
                else getattr(problem.targets[t], f"{column}_de", "") or text
                for t, text in zip(frame["target"], frame[column], strict=True)
            ]
    if "parameter" in shown:
        shown["parameter"] = [parameter_name(n, lang) for n in frame["parameter"]]
        shown["unit"] = [unit(u, lang) for u in frame["unit"]]
        shown["prior"] = [prior_text(n, lang) for n in frame["parameter"]]
    return shown


def write_team_scenario(team: Team, out: str | Path) -> Path:
    """Write the team as a scenario file (``team.team_scenario``) beside its posterior, so
    ``rapport study NAME --calibration DIR`` answers the studies for that team."""
    path = Path(out) / TEAM_SCENARIO
    header = (
        f"# The team of {team.name}: {len(team.reps)} reps, {team.weeks} weeks of "
        f"{team.effort_kind}, as `rapport calibrate --team` simulated it.\n"
        "# Each rep with an EI score is a profile of its own; the effort is the reps' mean "
        "hours, its spread their spread.\n"
        f"# Answer a study for this team: rapport study effort_sweet_spot --calibration "
        f"{Path(out)}\n"
    )
    text = dump_yaml(team_scenario(team))
    write_text_atomically(path, header + text)
    return path


def write_outputs(
    run: CalibrationRun,
    out: str | Path,
    *,
    config_name: str,
    command: str,
    draws: int,
    seed: int,
    workers: int | str | None = None,
    address: str | None = None,
    lang: str = "en",
) -> dict[str, Any]:
    """Write ``posterior.parquet``, the figures, ``calibration.json`` and ``calibration.html``;
    the page and the figures in ``lang``, the data files the same in every language."""
    out = Path(out)
    problem, history = run.problem, run.history
    posterior = posterior_frame(history, problem.names)
    table = pa.Table.from_pandas(posterior, preserve_index=False)
    # The model version in the file itself: a posterior read later for a study says which rules
    # it was fitted under (``experiments.worlds.posterior_model_version``).
    parquet.write(table.replace_schema_metadata(file_metadata(posterior.columns)), out / POSTERIOR)
    table = posterior_table(posterior, problem.names)
    generations = generations_table(history)
    draws_frame = predictive_draws(
        problem, posterior, draws, seed, workers=workers, address=address, lang=lang
    )
    checks = predictive_table(problem, draws_frame)
    figures = {
        "marginals.png": marginals_figure(posterior, problem.names, lang),
        "pairs.png": pairs_figure(posterior, table, lang=lang),
        "generations.png": generations_figure(generations, lang),
    }
    for name, target in problem.targets.items():
        figures[f"ppc_{name}.png"] = predictive_figure(
            draws_frame[target.statistic].to_numpy(dtype=float), target, name, lang
        )
    for file, fig in figures.items():
        save_figure(fig, out / file)
        plt.close(fig)
    targets = pd.DataFrame(
        [
            {
                "target": n,
                "statistic": t.statistic,
                "evidence": t.text(),
                "source": t.source,
                "reason": t.reason,
            }
            for n, t in problem.targets.items()
        ]
    )
    held = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    summary = {
        "name": config_name,
        "config_hash": held["config_hash"],
        "identity": held.get("identity"),  # what the hash is of: a refusal names what differs
        "command": command,
        "generations": generations.to_dict("records"),
        "wall_seconds_this_run": run.seconds,
        "resumed_from_generation": run.resumed_from,
        # where and with what it ran: the command's machine, and the machines whose processes
        # simulated this run's generations (on a Dask cluster its workers')
        "versions": {**package_versions(), "pyabc": pyabc.__version__},
        "python": platform.python_version(),
        "machine": machine_facts(),
        "machines_this_run": run.machines,
        # and those that simulated the predictive draws, each with its number of draws
        "machines_predictive": draws_frame.attrs["machines"],
        "posterior": table.to_dict("records"),
        "predictive_checks": checks.to_dict("records"),
    }
    write_text_atomically(out / MANIFEST, json.dumps(summary, indent=1, default=json_default))
    write_page(
        out / "calibration.html",
        say("title", lang, name=config_name),
        page_sections(
            out,
            problem,
            targets,
            generations,
            table,
            checks,
            draws=draws,
            lang=lang,
            command=command + ("" if lang == "en" else f" --lang {lang}"),
        ),
        lang,
    )
    return summary


def page_sections(
    out: Path,
    problem: Problem,
    targets: pd.DataFrame,
    generations: pd.DataFrame,
    posterior: pd.DataFrame,
    checks: pd.DataFrame,
    *,
    draws: int,
    command: str,
    lang: str = "en",
) -> list[str]:
    """The page's sections in ``lang``, with the figures already written into ``out``."""
    e = html.escape
    ppc_sections = [
        f"<h3 id='ppc-{e(name)}'>{say('check.heading', lang, name=e(name))}</h3>"
        "<p>"
        + say(
            "check.text",
            lang,
            statistic=e(say(f"statistic.{t.statistic}", lang)),
            evidence=e(evidence(t, lang)),
        )
        + "</p>"
        + inline_image(out / f"ppc_{name}.png", say("alt.check", lang, name=name))
        for name, t in problem.targets.items()
    ]
    level = number(round(LEVEL * 100), lang, "d")
    return [
        "<p>"
        + say("intro", lang, parameters=len(problem.names), targets=len(problem.targets))
        + f" <code>{e(command)}</code></p>",
        f"<h2>{say('heading.targets', lang)}</h2>"
        + (f"<p>{note}</p>" if (note := say("targets.note", lang)) else "")
        + _table(readable(targets, problem, lang), lang),
        f"<h2>{say('heading.generations', lang)}</h2>"
        + _table(generations, lang)
        + inline_image(out / "generations.png", say("alt.generations", lang)),
        f"<h2>{say('heading.posterior', lang, level=level)}</h2>"
        f"<p>{say('posterior.note', lang)}</p>" + _table(readable(posterior, problem, lang), lang),
        inline_image(out / "marginals.png", say("alt.marginals", lang)),
        f"<h3>{say('heading.pairs', lang)}</h3>"
        + inline_image(out / "pairs.png", say("alt.pairs", lang)),
        f"<h2>{say('heading.checks', lang, draws=draws)}</h2>"
        + _table(readable(checks, problem, lang), lang),
        *ppc_sections,
    ]
