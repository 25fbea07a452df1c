"""Lines in the middle of a German command's output that were English: the report's path, a
study's note on an outdated posterior, the calibration's line per generation and the progress
bar's rate. In English each reads as it always did."""

from __future__ import annotations

import io
import logging
import re

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from tqdm import tqdm

from experiments.calibrate import abc as abc_module
from experiments.execute import Progress, Reporter
from sim import MODEL_VERSION
from sim.priors import PRIORS
from tests.helpers import rapport_in_process


@pytest.mark.parametrize(("lang", "label"), [("en", "Report"), ("de", "Bericht")], ids=["en", "de"])
def test_the_report_command_names_its_page_in_the_language_asked_for(
    monkeypatch, capsys, tmp_path, lang, label
):
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    written = []

    def write_report(folder, lang):  # the page itself is the report's tests' concern
        written.append(lang)
        return folder / "report.html"

    monkeypatch.setattr("experiments.report.write_report", write_report)
    done = rapport_in_process(monkeypatch, capsys, "report", tmp_path, "--lang", lang)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{label}: {tmp_path / 'report.html'}\n"
    assert written == [lang]


def test_a_study_notes_an_outdated_posterior_in_the_language_asked_for(
    monkeypatch, capsys, tmp_path
):
    name = "dynamics.decay"
    value = (PRIORS[name].low + PRIORS[name].high) / 2
    table = pa.table({name: [value], "weight": [1.0]})
    posterior = tmp_path / "old_posterior.parquet"
    pq.write_table(
        table.replace_schema_metadata({b"rapport": b'{"model_version": "000000old"}'}), posterior
    )

    def run_study(*args, **kwargs):  # the note comes before any run
        raise KeyboardInterrupt

    monkeypatch.setattr("experiments.studies.run_study", run_study)
    notes = {}
    for lang in ("en", "de"):
        done = rapport_in_process(
            monkeypatch, capsys, "study", "effort_sweet_spot", "--posterior", posterior,
            "--out", tmp_path / "out", "--lang", lang,
        )  # fmt: skip
        assert done.returncode == 130, done.stderr
        notes[lang] = done.stderr.splitlines()[0]
    assert notes["en"] == (
        f"Note: --posterior: {posterior} was fitted under model version 000000old, the model is "
        f"now {MODEL_VERSION}; its worlds may no longer fit the facts it was calibrated to (run "
        "`rapport calibrate` again to be sure)."
    )
    assert notes["de"] == (
        f"Hinweis: --posterior: {posterior} wurde unter der Modellversion 000000old kalibriert, "
        f"das Modell ist jetzt {MODEL_VERSION}; seine Welten passen womöglich nicht mehr zu den "
        "Befunden, an die es angepasst wurde (zur Sicherheit `rapport calibrate` erneut "
        "ausführen)."
    )


def _generation_line(lang: str, capsys) -> str:
    """What the calibration prints for a generation pyabc logs (as pyabc writes its lines)."""
    logger = logging.getLogger("ABC")
    with abc_module._progress(3, 0, False, None, lang):
        logger.info("t: 1, eps: 1.05432100e+01.")
        logger.info("Accepted: 150 / 12000 = 1.2500e-02, ESS: 1.4296e+02.")
    return capsys.readouterr().err


def test_a_calibration_s_line_per_generation_is_said_in_the_language_asked_for(capsys):
    assert re.fullmatch(
        r"calibrate: generation 2/3: epsilon 10\.5, accepted 150 of 12000 simulations \(1%\), "
        r"effective sample size 143, \d+ s\n",
        _generation_line("en", capsys),
    )
    assert re.fullmatch(
        r"calibrate: Generation 2/3: Epsilon 10,5, 150 von 12\.000 Simulationen angenommen "
        r"\(1\s%\), effektive Stichprobengröße 143, \d+ s\n",
        _generation_line("de", capsys),
    )


class Terminal(io.StringIO):
    """A stream that says it is a terminal: the reporter draws its bar there."""

    def isatty(self) -> bool:
        return True


def _drawn(bar: tqdm, done: int, seconds: float, update) -> str:
    """``bar`` after ``done`` runs in ``seconds`` (its mean rate), ``update`` counting them."""
    bar.smoothing = 0  # the mean rate since the start, not a moving average of real intervals
    started = bar.start_t
    bar._time = lambda: started + seconds
    update(done)
    text = str(bar)
    bar.close()
    return text


def _bar(lang: str, done: int, total: int, seconds: float) -> str:
    """The reporter's progress bar after ``done`` of ``total`` runs in ``seconds``."""
    progress = Progress(total=total)
    reporter = Reporter(progress, stream=Terminal(), lang=lang)
    assert reporter.bar is not None
    progress.done = done
    return _drawn(reporter.bar, done, seconds, reporter.update)


@pytest.mark.parametrize(
    ("done", "total", "seconds", "english", "german"),
    [
        (36, 100, 2.0, "36/100 [00:02<00:03, 18.00run/s", "36/100 [00:02<00:03, 18,00 Läufe/s"),
        (2, 10, 3.0, "2/10 [00:03<00:12,  1.50s/run", "2/10 [00:03<00:12, 1,50 s/Lauf"),
        (20, 12345, 8.0, "20/12345 [00:08<", "20/12.345 [00:08<"),
    ],
)
def test_the_progress_bar_writes_its_rate_as_the_language_writes_numbers(
    done, total, seconds, english, german
):
    shown = _bar("en", done, total, seconds)
    assert english in shown, shown
    # English: tqdm's own bar, as it always was
    plain = tqdm(total=total, unit="run", file=Terminal(), dynamic_ncols=True)

    def update(n: int) -> None:
        plain.update(n)
        plain.set_postfix_str(f"done {done}, failed 0, skipped 0 (already on disk)", refresh=False)

    assert shown == _drawn(plain, done, seconds, update)
    shown = _bar("de", done, total, seconds)
    assert german in shown, shown
    assert f"{done} fertig, 0 fehlgeschlagen" in shown
    assert "s/ " not in shown and not re.search(r"\d\.\d", shown.replace("12.345", "")), shown
