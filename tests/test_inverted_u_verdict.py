"""The verdict sentence on an inverted U says what the two lines show at the low end.

A curve whose first line falls significantly was said "not to rise significantly at the low
end": true, but it hid the finding (the curve falls there), in both languages.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from experiments.stats import analyse_curve, describe_inverted_u

EFFORT = np.repeat(np.arange(5.0, 61.0, 5.0), 30)


def falling(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A curve that falls throughout the range: a line with little noise."""
    rng = np.random.default_rng(seed)
    return EFFORT, 1.0 - 0.02 * EFFORT + rng.normal(0.0, 0.05, EFFORT.size)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize(
    "lang, says",
    [
        ("en", "no inverted U across 5–60 h/week: performance falls significantly at both ends"),
        (
            "de",
            "Kein umgekehrtes U im Bereich 5–60\u00a0h/Woche: Die Kurve (performance) fällt an "
            "beiden Enden signifikant",
        ),
    ],
)
def test_a_curve_that_falls_throughout_is_said_to_fall(seed, lang, says):
    unit = {"en": "h/week", "de": "h/Woche"}[lang]
    result = analyse_curve(*falling(seed), unit=unit, lang=lang)
    tl = result.two_lines
    assert tl.slope1 < 0 and tl.p1 < tl.alpha and tl.slope2 < 0 and tl.p2 < tl.alpha  # planted
    assert result.summary.startswith(says), result.summary
    assert "does not rise" not in result.summary and "nicht signifikant an" not in result.summary


@pytest.mark.parametrize(
    "lang, says, flat",
    [
        (
            "en",
            "performance falls significantly at the low end (two-lines test: first slope -",
            "performance does not rise significantly at the low end (two-lines test: first",
        ),
        (
            "de",
            "Die Kurve (performance) fällt am unteren Ende signifikant (Zwei-Linien-Test: ",
            "Die Kurve (performance) steigt am unteren Ende nicht signifikant an (Zwei-Linien",
        ),
    ],
)
def test_a_significant_fall_at_the_low_end_alone_is_named_as_such(lang, says, flat):
    """The first line falls significantly, the second not (a fall that levels off); a first
    line without a significant slope is still said not to rise."""
    result = analyse_curve(*falling(0), unit="h", lang=lang)
    levels_off = replace(result.two_lines, slope2=-0.0001, p2=0.6)
    sentence = describe_inverted_u(
        levels_off, result.turning_point, x_range=(5, 60), unit="h", lang=lang
    )
    assert says in sentence, sentence
    no_slope = replace(result.two_lines, slope1=-0.001, p1=0.5)
    sentence = describe_inverted_u(
        no_slope, result.turning_point, x_range=(5, 60), unit="h", lang=lang
    )
    assert flat in sentence, sentence


def rising(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """A curve that rises throughout the range: a line with little noise."""
    rng = np.random.default_rng(seed)
    return EFFORT, 0.2 + 0.01 * EFFORT + rng.normal(0.0, 0.05, EFFORT.size)


@pytest.mark.parametrize(
    "lang, levels_off, keeps_rising",
    [
        (
            "en",
            "no inverted U: performance rises, then levels off without a significant decline",
            "keeps rising",
        ),
        (
            "de",
            "Kein umgekehrtes U im Bereich 5–60\u00a0h: Die Kurve (performance) steigt und flacht "
            "dann ab",
            "steigt im ganzen Bereich",
        ),
    ],
)
def test_a_second_line_flat_within_its_noise_is_said_to_level_off_not_to_keep_rising(
    lang, levels_off, keeps_rising
):
    """A rise, then a second line whose slope is a hair above 0 with p = 0.74 (as a sweep at
    high empathy and tolerance 2 gave): the curve was said to keep rising across the whole
    range, a rise the test does not find. A significantly rising second line still keeps
    rising."""
    result = analyse_curve(*rising(0), unit="h", lang=lang)
    tl = result.two_lines
    assert tl.slope1 > 0 and tl.p1 < tl.alpha and tl.slope2 > 0 and tl.p2 < tl.alpha  # planted
    assert keeps_rising in result.summary, result.summary
    flat = replace(tl, slope2=0.00009, p2=0.74)
    sentence = describe_inverted_u(flat, result.turning_point, x_range=(5, 60), unit="h", lang=lang)
    assert sentence.startswith(levels_off), sentence
    assert keeps_rising not in sentence


def peaked(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """An inverted U peaking at 30 h inside the range: a parabola with little noise."""
    rng = np.random.default_rng(seed)
    return EFFORT, 0.8 - 0.0004 * (EFFORT - 30.0) ** 2 + rng.normal(0.0, 0.05, EFFORT.size)


@pytest.mark.parametrize(
    "interval, en, de",
    [
        ((-14.9, 23.1), "reaching below the lowest value run (5)", "unter den niedrigsten"),
        ((20.0, 75.0), "reaching above the highest value run (60)", "über den höchsten"),
        ((2.0, 70.0), "reaching beyond both ends of the values run (5–60)", "beide Enden"),
    ],
)
def test_a_peak_s_interval_reaching_past_the_values_run_is_said_to(interval, en, de):
    """An audit: a sweep from 10 h said "peaks at 14.7 h/week (95 % CI -14.9–23.1)" without a
    word that below 10 h the interval is the quadratic's extrapolation, not data (an effort of
    -15 h). An interval inside the values run gets no such words."""
    result = analyse_curve(*peaked(0), unit="h", lang="en")
    assert result.two_lines.u_shape and 5 < result.turning_point.ci[0]  # planted: inside
    for lang, words in [("en", en), ("de", de)]:
        inside = describe_inverted_u(
            result.two_lines, result.turning_point, x_range=(5, 60), unit="h", lang=lang
        )
        assert "value" not in inside and "untersuchten" not in inside, inside
        past = replace(result.turning_point, fieller_ci=(interval,))
        sentence = describe_inverted_u(result.two_lines, past, x_range=(5, 60), unit="h", lang=lang)
        assert words in sentence, sentence
