"""The analysis plan's regressions and tests (docs/replication-plan.md), on any study's data.

Works on a table with one row per rep (``effort``, ``ei_z``, ``rating``, ``supervisor``), whether
it came from the model or was planted by a test: the analysis never imports the model.
"""

from __future__ import annotations

import warnings
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
from scipy import stats
from statsmodels.stats.proportion import proportion_confint

from experiments.replicate.texts import number, say
from experiments.stats import (
    ModeratedQuadraticFit,
    TwoLinesResult,
    UTest,
    fit_moderated_quadratic,
    format_p_value,
    lind_mehlum_at,
    simple_slope,
    turning_point_at,
    two_lines_test,
)

ALPHA = 0.05
LOW, HIGH = -1.0, 1.0  # EI levels (SD) of the Lind–Mehlum tests
SPLIT = 0.5  # two-lines groups: EI below −0.5 SD and above +0.5 SD


@dataclass(frozen=True)
class Findings:
    """The plan's verdicts for one study (both test families, the moderation tests)."""

    seed: int
    b2: float
    p_b2: float
    b4: float
    p_b4: float
    lm_low_p: float  # Lind–Mehlum U-test at EI −1 SD
    lm_high_p: float  # … at EI +1 SD
    tl_low: bool  # two-lines test finds an inverted U among low-EI reps
    tl_high: bool  # … among high-EI reps
    moderation_p: float  # joint Wald test of effort×EI and effort²×EI
    t_moderation_high: float  # EI's effect on effort's slope at the 90th percentile of effort
    turning_point_low: float  # turning point of the fitted curve at EI −1 SD

    @property
    def lm_low(self) -> bool:
        return self.lm_low_p < ALPHA

    @property
    def lm_high(self) -> bool:
        return self.lm_high_p < ALPHA

    @property
    def conjunction_lm(self) -> bool:
        """The headline: inverted U at low EI and none at high EI, by the Lind–Mehlum test."""
        return self.lm_low and not self.lm_high

    @property
    def conjunction_tl(self) -> bool:
        """The same conjunction judged by the two-lines test in both EI groups."""
        return self.tl_low and not self.tl_high

    @property
    def conjunction_both(self) -> bool:
        """Both test families find the conjunction."""
        return self.conjunction_lm and self.conjunction_tl

    @property
    def b4_positive(self) -> bool:
        """The usual test of the paper's moderation: effort² × EI positive and significant."""
        return self.b4 > 0 and self.p_b4 < ALPHA

    @property
    def moderation(self) -> bool:
        """The joint test of both effort × EI terms rejects."""
        return self.moderation_p < ALPHA

    @property
    def b2_negative(self) -> bool:
        return self.b2 < 0 and self.p_b2 < ALPHA

    def record(self) -> dict[str, float | bool]:
        """Values and verdicts, one flat row."""
        return {**asdict(self), **{name: getattr(self, name) for name in VERDICTS}}


# Every verdict a rate is reported for, with how the reports name it (in other languages:
# ``verdict.NAME`` of ``experiments.replicate.texts``).
VERDICTS: dict[str, str] = {
    name: say(f"verdict.{name}")
    for name in (
        "conjunction_lm",
        "conjunction_tl",
        "conjunction_both",
        "lm_low",
        "lm_high",
        "tl_low",
        "tl_high",
        "b4_positive",
        "moderation",
        "b2_negative",
    )
}


def held_column(verdict: str) -> str:
    """The column of a rate table that counts the studies that ran in which ``verdict`` holds,
    beside its share: intervals and pooled rates are computed from the count."""
    return f"{verdict}_held"


def rate_interval(successes: int, studies: int) -> tuple[float, float]:
    """95 % Wilson interval of a verdict's rate: ``successes`` of ``studies`` (NaN if none ran).

    Wilson's, not the normal approximation: rates near 0 or 1 are common here, and there the
    normal interval leaves [0, 1] or shrinks to a point.
    """
    if studies == 0:
        return float("nan"), float("nan")
    low, high = proportion_confint(successes, studies, alpha=0.05, method="wilson")
    return float(low), float(high)


def significant_direction(
    estimate: float, p: float, positive: str, negative: str, lang: str = "en"
) -> str:
    """A term's direction with its p-value if the term is significant at the plan's level;
    otherwise only that it is not (a non-significant estimate's sign is not a finding). In
    ``lang``, with ``positive`` and ``negative`` already in it."""
    said = format_p_value(p, lang=lang)
    if p < ALPHA:
        return say("direction", lang, direction=positive if estimate > 0 else negative, p=said)
    return say("not_significant", lang, p=said)


def fit(data: pd.DataFrame) -> ModeratedQuadraticFit:
    """rating = b0 + b1·x + b2·x² + b3·x·z + b4·x²·z + b5·z with HC3 errors.

    Not supervisor-clustered: with 19 clusters, cluster-robust errors rejected true null
    hypotheses at 6–14 % instead of 5 % on planted data with the design's supervisor effects
    (tests/test_replicate.py; docs/replication-plan.md, amendment). The mixed model with a
    random intercept per supervisor is reported beside it.
    """
    return fit_moderated_quadratic(data["effort"], data["ei_z"], data["rating"])


def p_value(model: ModeratedQuadraticFit, name: str) -> float:
    """Two-sided p of one coefficient (t with the fit's degrees of freedom)."""
    t = model.coef(name) / model.se(name)
    return float(2 * stats.t.sf(abs(t), model.df_resid))


def moderation_tests(model: ModeratedQuadraticFit, x_high: float) -> tuple[float, float]:
    """Joint Wald test (χ², 2 df) of the effort×EI terms; t of EI's effect on effort's slope
    at ``x_high`` (b3 + 2·b4·x_high), positive when EI makes high effort pay off more."""
    names = ["x_z", "x2_z"]
    b = np.array([model.coef(n) for n in names])
    cov = model.cov_of(names)
    wald = float(b @ np.linalg.solve(cov, b))
    w = np.array([1.0, 2.0 * x_high])
    t_high = float(w @ b / np.sqrt(w @ cov @ w))
    return float(stats.chi2.sf(wald, 2)), t_high


def u_tests(model: ModeratedQuadraticFit) -> dict[float, UTest]:
    """Lind–Mehlum U-tests at EI −1 SD and +1 SD on the observed range of effort."""
    return {level: lind_mehlum_at(model, level, alpha=ALPHA) for level in (LOW, HIGH)}


def two_lines_groups(data: pd.DataFrame) -> dict[str, TwoLinesResult | None]:
    """The two-lines test among low-EI and among high-EI reps (None: too few distinct efforts)."""
    groups = {"low": data[data["ei_z"] < -SPLIT], "high": data[data["ei_z"] > SPLIT]}
    results: dict[str, TwoLinesResult | None] = {}
    for name, group in groups.items():
        try:
            # A rep alone at the end of a line has leverage 1: HC3 gives that line an infinite
            # standard error (so no significant slope), which numpy reports as a division by 0.
            with np.errstate(divide="ignore", invalid="ignore"):
                results[name] = two_lines_test(group["effort"], group["rating"], alpha=ALPHA)
        except ValueError:  # a group with under 5 distinct efforts: no test
            results[name] = None
    return results


def findings(data: pd.DataFrame, seed: int = 0) -> Findings:
    """The plan's verdicts for one study's data (both families, both moderation tests)."""
    model = fit(data)
    u = u_tests(model)
    lines = two_lines_groups(data)
    moderation_p, t_high = moderation_tests(model, float(np.quantile(data["effort"], 0.9)))
    return Findings(
        seed=seed,
        b2=model.b2,
        p_b2=p_value(model, "x2"),
        b4=model.b4,
        p_b4=p_value(model, "x2_z"),
        lm_low_p=u[LOW].p_value,
        lm_high_p=u[HIGH].p_value,
        tl_low=bool(lines["low"] and lines["low"].u_shape),
        tl_high=bool(lines["high"] and lines["high"].u_shape),
        moderation_p=moderation_p,
        t_moderation_high=t_high,
        turning_point_low=turning_point_at(model, LOW).estimate,
    )


@dataclass
class Analysis:
    """Everything the single-study report shows."""

    data: pd.DataFrame
    coefficients: pd.DataFrame
    turning_points: pd.DataFrame
    slopes: pd.DataFrame
    tests: pd.DataFrame  # in English, as tests.csv keeps it
    findings: Findings
    model: ModeratedQuadraticFit  # the fit the tables come from

    def tests_in(self, lang: str = "en") -> pd.DataFrame:
        """The tests of the plan with their names and notes in ``lang`` (the same numbers)."""
        if lang == "en":
            return self.tests
        return verdict_table(self.model, self.data, self.findings, lang)


# The EI levels of the turning points and simple slopes: the table's label (a key of
# ``experiments.replicate.texts``) and the level in SD.
EI_LEVELS = (("ei.low", LOW), ("ei.mean", 0.0), ("ei.high", HIGH))


def analyse_study(data: pd.DataFrame, seed: int) -> Analysis:
    """The plan's analysis with every table: coefficients (HC3 and mixed model), turning
    points and simple slopes at EI −1 SD / mean / +1 SD, and the tests of both families."""
    model = fit(data)
    coefficients = pd.DataFrame(
        {
            "term": list(model.names),
            "estimate": [model.coef(n) for n in model.names],
            "se_hc3": [model.se(n) for n in model.names],
            "p_hc3": [p_value(model, n) for n in model.names],
        }
    ).merge(mixed_model(data), on="term", how="left")
    x = data["effort"]
    tp_rows, slope_rows = [], []
    for key, level in EI_LEVELS:
        label = say(key)
        tp = turning_point_at(model, level)
        tp_rows.append(
            {
                "ei": label,
                "turning_point": tp.estimate,
                "ci_low": tp.ci[0],
                "ci_high": tp.ci[1],
                "bounded": tp.fieller_bounded,
            }
        )
        for at in (float(x.min()), float(np.median(x)), float(x.max())):
            s = simple_slope(model, at, level)
            slope_rows.append(
                {"ei": label, "effort": at, "slope": s.slope, "se": s.se, "p": s.p_value}
            )
    found = findings(data, seed)
    return Analysis(
        data,
        coefficients,
        pd.DataFrame(tp_rows),
        pd.DataFrame(slope_rows),
        verdict_table(model, data, found),
        found,
        model,
    )


def verdict_table(
    model: ModeratedQuadraticFit, data: pd.DataFrame, found: Findings, lang: str = "en"
) -> pd.DataFrame:
    """One row per test of the plan, with its statistic, p-value and verdict (names and notes
    in ``lang``)."""

    def p(value: float) -> str:
        return format_p_value(value, lang=lang)

    rows = [
        {
            "test": say("test.lm", lang, level=number(level, lang, "+.0f")),
            "statistic": t.statistic,
            "p": t.p_value,
            "inverted_u": t.rejects,
            # the fitted curve's shape is a finding only where the test rejects (it rejects
            # only where the curve rises at the low end and falls at the high end)
            "note": say("test.lm.rejects", lang)
            if t.rejects
            else say("not_significant", lang, p=p(t.p_value)),
        }
        for level, t in u_tests(model).items()
    ]
    for name, result in two_lines_groups(data).items():
        test = say(f"test.tl.{name}", lang, split=number(SPLIT, lang))
        if result is None:
            rows.append(
                {
                    "test": test,
                    "statistic": float("nan"),
                    "p": float("nan"),
                    "inverted_u": False,
                    "note": say("test.tl.too_few", lang),
                }
            )
            continue
        rows.append(
            {
                "test": test,
                "statistic": min(result.t1, -result.t2),
                "p": max(result.p1, result.p2),
                "inverted_u": result.u_shape,
                "note": say(
                    "test.tl.note",
                    lang,
                    slope1=number(result.slope1, lang, "+.3f"),
                    p1=p(result.p1),
                    slope2=number(result.slope2, lang, "+.3f"),
                    p2=p(result.p2),
                    breakpoint=number(result.breakpoint, lang, ".1f"),
                ),
            }
        )
    rows += [
        {
            "test": say("test.b4", lang),
            "statistic": found.b4 / model.se("x2_z"),
            "p": found.p_b4,
            "inverted_u": None,
            "note": significant_direction(
                found.b4,
                found.p_b4,
                say("test.b4.positive", lang),
                say("test.b4.negative", lang),
                lang,
            ),
        },
        {
            "test": say("test.moderation", lang),
            "statistic": float("nan"),
            "p": found.moderation_p,
            "inverted_u": None,
            "note": say(
                "test.moderation.note", lang, t=number(found.t_moderation_high, lang, ".2f")
            )
            if found.moderation
            else say("not_significant", lang, p=p(found.moderation_p)),
        },
    ]
    return pd.DataFrame(rows)


def mixed_model(data: pd.DataFrame) -> pd.DataFrame:
    """The same regression with a random intercept per supervisor (statsmodels MixedLM)."""
    # Imported here: the formula interface brings statsmodels' discrete, generalised, robust and
    # survival models (54 modules) into every process that imports this module (the app, each
    # predictive-draw worker), and only the replication's report fits a mixed model.
    import statsmodels.formula.api as smf

    frame = data.assign(x=data["effort"], x2=data["effort"] ** 2, z=data["ei_z"])
    frame = frame.assign(x_z=frame.x * frame.z, x2_z=frame.x2 * frame.z)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter on small groups; we report the fit
        result = smf.mixedlm(
            "rating ~ x + x2 + x_z + x2_z + z", frame, groups=frame["supervisor"]
        ).fit(reml=True)
    rename = {"Intercept": "const"}
    return pd.DataFrame(
        {
            "term": [rename.get(n, n) for n in result.fe_params.index],
            "estimate_mixed": result.fe_params.to_numpy(),
            "se_mixed": result.bse_fe.to_numpy(),
            "p_mixed": result.pvalues[result.fe_params.index].to_numpy(),
        }
    )
