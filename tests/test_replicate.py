"""The simulated field study: its design, its analysis, and how often it reproduces the paper."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from experiments.replicate.study import (
    StudyDesign,
    analyse_study,
    comparison,
    moderation_tests,
    replicate,
    simulate_study,
)
from experiments.stats import fit_moderated_quadratic


def test_a_simulated_study_has_the_papers_design():
    data = simulate_study(3)
    assert len(data) == 107 and data["supervisor"].nunique() == 19
    assert data.groupby("supervisor").size().between(5, 6).all()
    assert data["rating"].between(1, 7).all()
    # Survey EI measures the true trait with error: related, not identical.
    r = np.corrcoef(data["ei"], data["true_ei"])[0, 1]
    assert 0.7 < r < 0.999
    # The archive measures effort closely; the rating tracks true relationship quality.
    assert np.corrcoef(data["effort"], data["true_effort"])[0, 1] > 0.95
    assert np.corrcoef(data["rating"], data["true_relationship"])[0, 1] > 0.5


def test_the_same_seed_gives_the_same_study():
    pd.testing.assert_frame_equal(simulate_study(5), simulate_study(5))


def test_the_comparison_table_states_what_the_analysis_found():
    analysis = analyse_study(simulate_study(11), 11)
    f = analysis.findings
    table = comparison(f).set_index("finding")["this replication"]
    assert table["low EI (−1 SD)"].startswith("inverted U" if f.low_inverted_u else "no inverted U")
    assert table["high EI (+1 SD)"].startswith(
        "inverted U" if f.high_inverted_u else "no inverted U"
    )
    assert table["EI moderates effort's effect"].startswith(
        "yes" if f.positive_moderation else "no"
    )
    tp = analysis.turning_points.set_index("ei")["turning_point"]
    assert tp["EI -1 SD"] == pytest.approx(f.turning_points["EI -1 SD"])


def test_moderation_tests_recover_a_known_interaction():
    rng = np.random.default_rng(0)
    x = rng.uniform(5, 60, 2000)
    z = rng.normal(0, 1, 2000)
    y = 1 + 0.1 * x - 0.0015 * x**2 + 0.0005 * x**2 * z - 0.02 * x * z + rng.normal(0, 0.2, 2000)
    fit = fit_moderated_quadratic(x, z, y)
    p, t_high = moderation_tests(fit, 55.0)
    assert p < 1e-6 and t_high > 5  # slope change at 55: -0.02 + 2·0.0005·55 = +0.035
    y0 = 1 + 0.1 * x - 0.0015 * x**2 + rng.normal(0, 0.2, 2000)
    p0, _ = moderation_tests(fit_moderated_quadratic(x, z, y0), 55.0)
    assert p0 > 0.01


def test_a_single_study_writes_tables_figure_and_report(tmp_path):
    replicate(7, 1, tmp_path)
    for name in (
        "reps.csv",
        "coefficients.csv",
        "turning_points.csv",
        "simple_slopes.csv",
        "tests.csv",
        "comparison.csv",
        "figure.png",
        "report.md",
        "report.html",
    ):
        assert (tmp_path / name).stat().st_size > 0, name
    coefficients = pd.read_csv(tmp_path / "coefficients.csv")
    assert {"x", "x2", "x_z", "x2_z", "z"} <= set(coefficients["term"])
    assert coefficients[["estimate_mixed", "se_mixed"]].notna().all().all()


@pytest.mark.slow
def test_fifty_replications_reproduce_the_papers_pattern(tmp_path):
    summary = replicate(20261127, 50, tmp_path, power_sizes=())
    rates = summary["rates"]
    assert rates["low_inverted_u"] >= 0.8
    assert rates["positive_moderation"] >= 0.8
    assert rates["high_inverted_u"] <= 0.1
    saved = json.loads((tmp_path / "power.json").read_text())
    assert saved["rates"] == rates
    table = pd.read_csv(tmp_path / "replications.csv")
    assert len(table) == 50 and table["low_inverted_u"].mean() == pytest.approx(
        rates["low_inverted_u"]
    )


def test_larger_studies_have_more_power(tmp_path):
    from experiments.replicate.study import power_curve

    curve = power_curve(1, (60, 300), 12, StudyDesign())
    assert curve.loc[1, "low_inverted_u"] >= curve.loc[0, "low_inverted_u"]
    assert curve.loc[1, "positive_moderation"] > curve.loc[0, "positive_moderation"]
