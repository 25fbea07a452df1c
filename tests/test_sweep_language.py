"""What the sweep machinery prints, in English and German (``rapport sweep --lang``).

The same small sweeps run in each language, in this process (serially): German lines carry the
numbers of the English ones, and no phrase of the English table; the English lines are those
the command printed before it spoke German.
"""

from __future__ import annotations

import re
import shutil
import string
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import sim.model
from experiments import execute as execute_module
from experiments import runner
from experiments.sweep_texts import TEXTS, counted, problem_text
from tests.helpers import assert_same_placeholders, rapport_in_process
from tests.test_sweep_execution import SMALL  # 18 runs of about 10 ms

# A base whose seed no run uses and whose profiles set their own regulation; an axis that acts
# nowhere, one that `set` fixes too.
TEAM = (
    "simulation: {weeks: 12, seed: 5}\n"
    "reps:\n  profiles:\n"
    "    - {name: hard worker, share: 0.5, regulation: 0.35}\n"
    "    - {name: smart worker, share: 0.5, regulation: 0.65}\n"
)
INERT: dict[str, Any] = {
    "name": "inert",
    "base": "team.yaml",
    "set": {"reps.count": 2, "customers.per_rep": 5, "reps.perception": 0.5},
    "sweep": {
        "method": "grid",
        "replications": 1,
        "seed": 1,
        "parameters": {
            "reps.perception": [0.2, 0.8],
            "reps.regulation": [0.3, 0.6],
            "hiring.perception": [0.2, 0.9],
        },
    },
    "execution": {"workers": 1},
}


def test_the_german_table_has_every_key_and_placeholder_of_the_english_one():
    assert_same_placeholders(TEXTS)
    for key, english in TEXTS["en"].items():  # one|many in both or neither
        assert TEXTS["de"][key].count("|") == english.count("|"), key


@pytest.mark.parametrize(
    ("n", "en", "de"),
    [(1, "1 run", "1 Lauf"), (2, "2 runs", "2 Läufe"), (12345, "12345 runs", "12.345 Läufe")],
)
def test_counts_of_runs_have_their_plural_in_both_languages(n, en, de):
    assert counted("count.runs", n, "en") == en
    assert counted("count.runs", n, "de") == de
    # the "run(s)" that tests and scripts match stays in English, German says it properly
    assert counted("count.maybe_runs", n, "en") == f"{n} run(s)"
    assert counted("count.maybe_runs", n, "de") == de


def test_a_damaged_files_reason_is_german_where_it_is_the_stores_own():
    assert problem_text("no runs in it", "de") == "keine Läufe darin"
    assert (
        problem_text("another schema: missing columns revenue", "de")
        == "ein anderes Schema: fehlende Spalten revenue"
    )
    # a library's own words stay as they are
    assert problem_text("Parquet magic bytes not found", "de") == "Parquet magic bytes not found"
    assert problem_text("no runs in it", "en") == "no runs in it"


def failing_at(monkeypatch, effort: float) -> None:
    """Runs at ``effort`` h/week raise, batched or single (serial sweeps run in this process)."""
    batched, single = runner.run_worlds, sim.model.RapportModel.run

    def run_worlds(scenarios, seeds):
        if any(s.reps.effort_hours == effort for s in scenarios):
            raise RuntimeError(f"injected at {effort:g} h/week")
        return batched(scenarios, seeds)

    def run(self, weeks=None):
        if self.params.reps.effort_hours == effort:
            raise RuntimeError(f"injected at {effort:g} h/week")
        return single(self, weeks)

    monkeypatch.setattr(runner, "run_worlds", run_worlds)
    monkeypatch.setattr(sim.model.RapportModel, "run", run)


def config_folder(folder: Path) -> tuple[Path, Callable[[str, dict[str, Any]], Path]]:
    """``folder``, made with the team file ``TEAM`` in it, and a writer of sweep files there:
    ``config(name, data)`` writes ``name.yaml`` and returns its path."""
    folder.mkdir()
    (folder / "team.yaml").write_text(TEAM, encoding="utf-8")

    def config(name: str, data: dict[str, Any]) -> Path:
        path = folder / f"{name}.yaml"
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path

    return folder, config


def _sweep_lines(tmp_path: Path, monkeypatch, capsys, lang: str) -> list[str]:
    """Every line a series of sweeps prints in ``lang``: fresh, resumed, grown, forced, with a
    damaged and a copied chunk set aside, with notes on inert axes, and with failures."""
    monkeypatch.setattr(execute_module, "LOG_SECONDS", 0.0)
    folder, config = config_folder(tmp_path / lang)
    small = config("small", SMALL)
    grown = config("grown", {**SMALL, "sweep": {**SMALL["sweep"], "replications": 4}})
    other = config("other", {**SMALL, "sweep": {**SMALL["sweep"], "seed": 8}})
    out = folder / "out"
    printed: list[str] = []

    def sweep(*args: Any, code: int = 0) -> None:
        done = rapport_in_process(
            monkeypatch, capsys, "sweep", *args, "--no-report", "--lang", lang
        )
        assert done.returncode == code, done.stderr
        text = (done.stderr + done.stdout).replace(str(folder), "DIR")
        printed.extend(re.sub(r"part-\S+?\.parquet", "PART", text).splitlines())

    sweep(small, "--out", out)
    sweep(small, "--out", out)
    sweep(grown, "--out", out)
    sweep(other, "--out", out, "--force")
    parts = sorted((out / "results").glob("part-*.parquet"))
    parts[0].write_bytes(b"not a chunk")
    shutil.copy(parts[1], out / "results" / "part-29990101T000000000000-aaaaaaaa.parquet")
    sweep(other, "--out", out)
    sweep(config("inert", INERT), "--out", folder / "inert")
    failing_at(monkeypatch, 50)
    many = config("many", {**SMALL, "sweep": {**SMALL["sweep"], "replications": 6}})
    sweep(many, "--out", folder / "many", code=1)
    return printed


# Times differ from run to run; everything else is the same in both languages.
TIMES = re.compile(r"\(\d+[.,]\d s\)|(ETA|Restzeit) [\d.,]+\s(s|min|h)( \([^)]*\))?")


PROGRESS = re.compile(r"\[sweep\] (\d+)/(\d+) runs: ")


def _numbers(line: str, lang: str) -> list[float]:
    line = TIMES.sub("", line)
    pattern = r"\d+(?:\.\d+)?" if lang == "en" else r"\d+(?:,\d+)?"
    return [float(n.replace(",", ".")) for n in re.findall(pattern, line)]


# What both languages write alike: options, names, prefixes.
SHARED = {"--force", "/failures/", "Sweep", "sweep", "`dask worker", "dask", "base"}


def _english_phrases() -> set[str]:
    """The fixed parts of the English table's texts (of four letters or more), but for names
    and options that German writes alike (``SHARED``)."""
    phrases = set()
    for text in TEXTS["en"].values():
        for literal, *_ in string.Formatter().parse(text):
            for part in re.split(r"[|()\[\]:;,]", literal or ""):
                part = part.strip(" .\n")
                if len(part) >= 4 and part not in SHARED and not part.startswith("sweep."):
                    phrases.add(part)
    return phrases


def test_a_german_sweep_prints_the_english_numbers_in_german(tmp_path, monkeypatch, capsys):
    english = _sweep_lines(tmp_path, monkeypatch, capsys, "en")
    monkeypatch.undo()
    german = _sweep_lines(tmp_path, monkeypatch, capsys, "de")
    assert len(german) == len(english)
    for en, de in zip(english, german, strict=True):
        progress = PROGRESS.match(en)
        if progress is not None and progress[1] != progress[2]:
            # which group of runs reports first is the executor's order, not the language's
            assert _numbers(de, "de")[:2] == _numbers(en, "en")[:2], (en, de)
            continue
        assert _numbers(de, "de") == _numbers(en, "en"), (en, de)
    shown = "\n".join(german)
    # (a dotted name such as reps.perception is no English word)
    spoken = [p for p in _english_phrases() if re.search(rf"(?<![\w.]){re.escape(p)}(?!\w)", shown)]
    assert not spoken, spoken
    # every kind of line came up, so the claims above are not idle
    for phrase in (
        "Versuchsreihe „small“: 18 Läufe; 18 jetzt ausgeführt",
        "schon vorhanden, der Rest läuft in diesem Prozess (seriell)",
        "alle schon vorhanden: nichts auszuführen",
        "das Design ist gewachsen",
        "--force: verworfen: 24 Läufe",
        "ist beschädigt",
        "auch in results/PART gespeichert",
        "Hinweis: base: simulation.seed = 5 wird nicht verwendet",
        "Hinweis: set: reps.perception = 0,5",
        "12 Läufe fehlgeschlagen:",
        "… und 2 weitere",
    ):
        assert phrase in shown, phrase

    # The English lines are those the command printed before it spoke German.
    masked = "\n".join(TIMES.sub("T", line) for line in english)
    for line in [
        "Sweep 'small': 18 runs; 18 executed now, 0 already done, 0 failed T. Results in DIR/out/",
        "[sweep] small: 18 runs, 0 already on disk, executing the rest on this process (serial)",
        "[sweep] 18/18 runs: done 18, failed 0, skipped 0 (already on disk); T",
        "[sweep] small: 18 runs, all already on disk: nothing to execute",
        "[sweep] the design grew: the 18 runs on disk are runs of it and are kept",
        "[sweep] --force: discarded 24 run(s) on disk that are not runs of this sweep; the 0 "
        "that are were kept",
        "[sweep] results/PART: 4 run(s) also stored in results/PART (a copied chunk?); moved "
        "whole to quarantine/duplicates/PART",
        "[sweep] note: base: simulation.seed = 5 is not used: a sweep gives each run its own "
        "seed, derived from sweep.seed; set sweep.seed (and sweep.replications for more seeds "
        "per point) instead",
        "[sweep] note: sweep.parameters: hiring.perception has no effect at any point of the "
        "design; it acts only when hiring.share > 0",
        "[sweep] note: sweep.parameters: reps.regulation has no effect at any point of the "
        "design; it acts only when a profile leaves out regulation (every profile sets its own: "
        "hard worker 0.35, smart worker 0.65)",
        "[sweep] note: set: reps.perception = 0.5 is replaced at every point by its sweep axis",
        "12 run(s) failed:",
        "  point 4 replication 0 (reps.effort_hours=50.0, reps.perception=0.2, "
        "reps.regulation=0.2): RuntimeError: injected at 50 h/week",
        "  ... and 2 more (see DIR/many/failures/)",
    ]:
        assert line in masked, line


def test_a_failed_run_s_refusal_is_german_in_the_lines_and_on_the_report(
    tmp_path, monkeypatch, capsys
):
    """A run refused for memory failed with the refusal in English in a German sweep's lines
    and report (an audit): the sweep's lines and the report's table of failed runs now say a
    refusal of a known family in the language asked, as the command line says its own."""
    import sim.resources

    monkeypatch.setattr(runner, "MAX_CUSTOMERS", 0)  # every run is checked as a large one
    checked = runner.check_memory

    def check_memory(scenario, **options):  # the runs at 50 h/week find 1 KB free
        if scenario.reps.effort_hours != 50:
            return checked(scenario, **options)
        with monkeypatch.context() as little:
            little.setattr(sim.resources, "available_memory", lambda: 1_000)
            return checked(scenario, **options)

    monkeypatch.setattr(runner, "check_memory", check_memory)
    folder, config = config_folder(tmp_path / "de")
    small = config("small", SMALL)
    out = folder / "out"
    done = rapport_in_process(monkeypatch, capsys, "sweep", small, "--out", out, "--lang", "de")
    assert done.returncode == 1, done.stderr
    failed = [line for line in done.stderr.splitlines() if line.startswith("  Punkt ")]
    assert failed and all("Speicher, verfügbar sind 1 KB" in line for line in failed), failed
    assert "of memory" not in done.stderr
    page = (out / "report.html").read_text(encoding="utf-8")
    assert "Speicher, verfügbar sind 1 KB" in page and "of memory" not in page
    english = rapport_in_process(monkeypatch, capsys, "report", out)
    assert english.returncode == 0, english.stderr
    assert "of memory, and 1 KB is available" in (out / "report.html").read_text("utf-8")
