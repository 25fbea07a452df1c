"""The sweep report: figures and verdicts computed from stored results."""

from __future__ import annotations

import html
import json

import pytest

from experiments.config import validate_sweep
from experiments.report import write_report
from experiments.store import ResultStore
from experiments.sweep import run_sweep

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def headline(tmp_path_factory):
    """A reduced headline grid: effort 5–60 at low and high empathy, 4 replications."""
    sweep = validate_sweep(
        {
            "name": "headline-small",
            "set": {"reps.count": 10, "simulation.weeks": 52},
            "sweep": {
                "method": "grid",
                "parameters": {
                    "reps.effort_hours": {"start": 5, "stop": 60, "step": 5},
                    "reps.perception": [0.1, 0.9],
                    "reps.regulation": {"link": "reps.perception"},
                },
                "replications": 4,
                "seed": 5,
            },
            "record": {"metrics": ["relational_performance", "revenue", "churned"], "every": 13},
        }
    )
    out = tmp_path_factory.mktemp("headline")
    outcome = run_sweep(sweep, out, workers=1, quiet=True)
    assert outcome.done == 96 and outcome.failed == 0
    write_report(out)
    return out


def test_the_report_is_one_self_contained_page_with_figures_beside_it(headline):
    page = (headline / "report.html").read_text()
    assert "<script" not in page and "http" not in page.split("<pre>")[0]
    figures = sorted(p.name for p in (headline / "figures").glob("*.png"))
    assert "relational_performance-vs-effort_hours.png" in figures
    assert "heatmap-relational_performance.png" in figures
    assert page.count("data:image/png;base64,") == len(figures)
    assert "root seed 5" in page and "model_version" in page


def test_the_report_finds_the_inverted_u_at_low_empathy_only(headline):
    analysis = json.loads((headline / "analysis.json").read_text())
    by_level = {
        r["level"]["reps.perception"]: r for r in analysis["inverted_u"]["relational_performance"]
    }
    low, high = by_level[0.1], by_level[0.9]
    assert low["two_lines"]["u_shape"] and low["relative_fall"] > 0.25
    assert 20 <= low["turning_point"]["estimate"] <= 40
    assert high["relative_fall"] < 0.05
    page = (headline / "report.html").read_text()
    assert html.escape(low["summary"]) in page and "peaks at" in low["summary"]


def test_the_report_reads_only_stored_results(headline):
    results = ResultStore(headline).read_results()
    assert len(results) == 96 * 5  # weeks 0, 13, 26, 39, 52
    assert results.groupby("run_key").size().eq(5).all()
