"""Testing an inverted U properly: quadratic fits, turning points, the U-test and two lines.

A pure analysis module (numpy, scipy, statsmodels): it reads arrays, never the simulation.
The methods and formulas follow section 3 of the science notes ("Testing an inverted U
properly"):

- `fit_quadratic` / `fit_moderated_quadratic`: OLS with HC3 or cluster-robust covariance.
- `turning_point` / `turning_point_at`: x* = -b1 / (2 b2), with delta-method and Fieller intervals.
- `lind_mehlum` / `lind_mehlum_at`: Lind & Mehlum (2010) U-test for an inverted U on a range.
- `two_lines_test`: Simonsohn (2018) interrupted regression with the "Robin Hood" breakpoint.
- `analyse_curve`: all of the above for one curve, plus a one-sentence verdict.

A significant negative squared term is not evidence of an inverted U: a curve that merely
saturates gives one too. The two-lines test is the guard, so it decides the verdict.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike
from scipy.interpolate import BSpline
from scipy.special import stdtr, stdtrit

from experiments.intervals import MIN_RESAMPLED
from experiments.report_texts import number, say
from sim.texts import DECIMAL_MARK

__all__ = [
    "CurveAnalysis",
    "ModeratedQuadraticFit",
    "QuadraticFit",
    "SimpleSlope",
    "TurningPoint",
    "TwoLinesResult",
    "UTest",
    "analyse_curve",
    "describe_inverted_u",
    "fit_moderated_quadratic",
    "fit_quadratic",
    "format_p_value",
    "lind_mehlum",
    "lind_mehlum_at",
    "simple_slope",
    "turning_point",
    "turning_point_at",
    "two_lines_test",
]

# ---------------------------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """Plain Python (lists, dicts, floats, None for non-finite numbers) for `json.dumps`."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _jsonable(getattr(value, f.name)) for f in fields(value) if f.repr}
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        return _jsonable(value.tolist())
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return float(value) if math.isfinite(value) else None
    return value


@dataclass(frozen=True)
class QuadraticFit:
    """OLS fit of y = b0 + b1·x + b2·x² with a robust covariance matrix.

    Attributes:
        names: Coefficient names, in the order of `params` ("const", "x", "x2", ...).
        params: Estimated coefficients.
        cov: Robust covariance matrix of `params` (HC3 or cluster-robust).
        n: Number of observations.
        df_resid: Degrees of freedom for t tests: n - k for HC3, clusters - 1 if clustered.
        cov_type: "HC3" or "cluster".
        n_clusters: Number of clusters, None unless clustered.
        r_squared: Coefficient of determination.
        x_min: Smallest observed x.
        x_max: Largest observed x.
    """

    names: tuple[str, ...]
    params: np.ndarray
    cov: np.ndarray
    n: int
    df_resid: float
    cov_type: str
    n_clusters: int | None
    r_squared: float
    x_min: float
    x_max: float

    def coef(self, name: str) -> float:
        """The estimate of one coefficient by name."""
        return float(self.params[self.names.index(name)])

    def se(self, name: str) -> float:
        """The robust standard error of one coefficient by name."""
        i = self.names.index(name)
        return float(np.sqrt(self.cov[i, i]))

    def cov_of(self, names: Sequence[str]) -> np.ndarray:
        """The covariance block of the named coefficients."""
        idx = [self.names.index(n) for n in names]
        return self.cov[np.ix_(idx, idx)]

    @property
    def b0(self) -> float:
        """Intercept."""
        return self.coef("const")

    @property
    def b1(self) -> float:
        """Linear coefficient."""
        return self.coef("x")

    @property
    def b2(self) -> float:
        """Quadratic coefficient (negative for an inverted U)."""
        return self.coef("x2")

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary: estimates and standard errors by name, plus fit details."""
        out = _jsonable(self)
        out["params"] = {n: _jsonable(self.coef(n)) for n in self.names}
        out["se"] = {n: _jsonable(self.se(n)) for n in self.names}
        return out


@dataclass(frozen=True)
class ModeratedQuadraticFit(QuadraticFit):
    """OLS fit of y = b0 + b1·x + b2·x² + b3·x·z + b4·x²·z + b5·z (+ controls).

    Coefficient names are "const", "x", "x2", "x_z", "x2_z", "z", then the controls'.

    Attributes:
        z_min: Smallest observed moderator value.
        z_max: Largest observed moderator value.
    """

    z_min: float = math.nan
    z_max: float = math.nan

    @property
    def b3(self) -> float:
        """x·z interaction: how the slope at x = 0 moves with z."""
        return self.coef("x_z")

    @property
    def b4(self) -> float:
        """x²·z interaction: how the curvature moves with z (b4 > 0 with b2 < 0 flattens)."""
        return self.coef("x2_z")

    @property
    def b5(self) -> float:
        """Main effect of z."""
        return self.coef("z")


# A peak's location is the value of x with the highest mean y; its interval is a bootstrap over
# the observations at each value (each value's own resampled, ``PEAK_DRAWS`` times, with a fixed
# seed: the same data give the same interval), from ``PEAK_MIN_RUNS`` observations per value on.
PEAK_DRAWS = 2000
PEAK_MIN_RUNS = MIN_RESAMPLED  # as the studies' bootstrap intervals
PEAK_SEED = 20261205


@dataclass(frozen=True)
class BestValue:
    """Where a curve's mean is highest among the values of x run, and how sure that is.

    The quadratic's turning point is no estimate of that: on a curve that rises steeply and
    then falls slowly (or the other way round) its vertex lies away from the peak the data
    show, and Fieller's interval is an interval for the vertex. A sweep reported "peaks at
    41.5 h/week (95 % CI 40.6–42.4)" where the means were highest at 35 h, and a finer grid
    put the peak at 37.5–40 h.

    Attributes:
        estimate: The value of x with the highest mean y.
        level: The interval's level, e.g. 0.95.
        ci: The bootstrap percentile interval of that value, or None from fewer than
            ``PEAK_MIN_RUNS`` observations at some value of x.
        min_runs: The fewest observations at one value of x.
    """

    estimate: float
    level: float
    ci: tuple[float, float] | None
    min_runs: int


def best_value(x: np.ndarray, y: np.ndarray, level: float = 0.95) -> BestValue:
    """The value of ``x`` with the highest mean ``y`` and its bootstrap interval (``BestValue``)."""
    values = np.unique(x)
    groups = [y[x == v] for v in values]
    means = np.array([g.mean() for g in groups])
    runs = min(g.size for g in groups)
    interval = None
    if runs >= PEAK_MIN_RUNS:
        rng = np.random.default_rng(PEAK_SEED)
        boot = np.column_stack(
            [g[rng.integers(0, g.size, (PEAK_DRAWS, g.size))].mean(axis=1) for g in groups]
        )
        picked = values[np.argmax(boot, axis=1)]
        tail = (1 - level) / 2
        interval = (float(np.quantile(picked, tail)), float(np.quantile(picked, 1 - tail)))
    return BestValue(float(values[int(np.argmax(means))]), level, interval, int(runs))


@dataclass(frozen=True)
class TurningPoint:
    """The turning point x* of a fitted quadratic with two confidence intervals.

    Fieller's interval is preferred: it is exact for a ratio of normal estimates and shows
    honestly when the data cannot locate the turning point (the curvature is not significantly
    different from zero), whereas the delta-method interval is always a symmetric finite band.

    Attributes:
        estimate: x* = -(slope at x = 0) / (2·curvature coefficient).
        level: Confidence level, e.g. 0.95.
        delta_se: Delta-method standard error of x*.
        delta_ci: Delta-method interval (estimate ± t·se).
        fieller_ci: Fieller's confidence set as a tuple of intervals: one finite interval when
            bounded; two rays (-inf, a] and [b, inf) when the set excludes a middle band; or
            the whole line (-inf, inf).
        fieller_bounded: Whether Fieller's set is a finite interval.
        z: Moderator value, None for the plain quadratic.
    """

    estimate: float
    level: float
    delta_se: float
    delta_ci: tuple[float, float]
    fieller_ci: tuple[tuple[float, float], ...]
    fieller_bounded: bool
    z: float | None = None

    @property
    def ci(self) -> tuple[float, float]:
        """The preferred interval: Fieller's if bounded, else (-inf, inf)."""
        return self.fieller_ci[0] if self.fieller_bounded else (-math.inf, math.inf)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary (infinite bounds become None)."""
        return _jsonable(self)


@dataclass(frozen=True)
class SimpleSlope:
    """The slope ∂y/∂x of a fitted (moderated) quadratic at one (x, z) point.

    Attributes:
        x: Where the slope is taken.
        z: Moderator value (None for the plain quadratic).
        slope: b1 + b3·z + 2(b2 + b4·z)·x.
        se: sqrt(wᵀVw) with w = (1, 2x, z, 2xz) over (b1, b2, b3, b4).
        t: slope / se.
        p_value: Two-sided p-value, t distribution with the fit's df.
        df: Degrees of freedom.
    """

    x: float
    z: float | None
    slope: float
    se: float
    t: float
    p_value: float
    df: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return _jsonable(self)


@dataclass(frozen=True)
class UTest:
    """Lind & Mehlum (2010) test of an inverted U on [x_low, x_high].

    H0: the curve is monotone or U-shaped on the range; H1: it rises at x_low and falls at
    x_high. The statistic is min(t_low, -t_high), the p-value max(p_low, p_high), both one-sided.
    When the two end slopes do not have the inverted-U signs (turning point outside the range,
    or a U), the test trivially fails to reject and `p_value` is 1.

    Attributes:
        x_low: Lower end of the range.
        x_high: Upper end of the range.
        low: Slope at x_low (p-value one-sided, H1: slope > 0).
        high: Slope at x_high (p-value one-sided, H1: slope < 0).
        statistic: min(t_low, -t_high).
        p_value: max(p_low, p_high), or 1 when the signs are wrong.
        turning_point_in_range: Whether the slope is positive at x_low and negative at x_high.
        rejects: Whether p_value < alpha (evidence for an inverted U on the range).
        alpha: Significance level used for `rejects`.
        note: Plain-language remark on the outcome.
    """

    x_low: float
    x_high: float
    low: SimpleSlope
    high: SimpleSlope
    statistic: float
    p_value: float
    turning_point_in_range: bool
    rejects: bool
    alpha: float
    note: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return _jsonable(self)


@dataclass(frozen=True)
class TwoLinesResult:
    """Simonsohn (2018) two-lines test of an inverted U.

    Attributes:
        breakpoint: Final ("Robin Hood") breakpoint xc.
        first_breakpoint: Breakpoint of the first fit, the median of the flat region.
        flat_region: (min, max) of observed x where the smooth is within its SE of the maximum.
        x_peak: Observed x (inside the 10th–90th percentiles) where the smooth is highest.
        slope1: Slope of the line for x < xc.
        se1: Its robust standard error.
        t1: slope1 / se1.
        p1: Two-sided p-value of slope1.
        slope2: Slope of the line for x >= xc.
        se2: Its robust standard error.
        t2: slope2 / se2.
        p2: Two-sided p-value of slope2.
        n_low: Observations in the lower line (x <= breakpoint).
        n_high: Observations in the upper line (x >= breakpoint).
        u_shape: Inverted U supported: slope1 > 0, slope2 < 0, both p < alpha.
        alpha: Significance level.
        cov_type: "HC3" or "cluster".
        smooth_edf: Effective degrees of freedom of the penalised spline smooth.
        note: Remark when the test could not be carried out as designed.
    """

    breakpoint: float
    first_breakpoint: float
    flat_region: tuple[float, float]
    x_peak: float
    slope1: float
    se1: float
    t1: float
    p1: float
    slope2: float
    se2: float
    t2: float
    p2: float
    n_low: int
    n_high: int
    u_shape: bool
    alpha: float
    cov_type: str
    smooth_edf: float
    note: str = ""

    @property
    def p_value(self) -> float:
        """The test's p-value: the larger of the two slopes' p-values."""
        return max(self.p1, self.p2)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dictionary."""
        return _jsonable(self)


@dataclass(frozen=True)
class CurveAnalysis:
    """Everything `analyse_curve` finds about one curve y(x).

    Attributes:
        x_name: Name of the x variable, e.g. "effort_hours".
        unit: Unit of x, e.g. "h/week".
        outcome: Name of y in the summary sentence.
        n: Observations.
        n_x_values: Distinct x values.
        x_range: (min, max) of x.
        quadratic: The quadratic fit.
        turning_point: Its turning point.
        lind_mehlum: U-test on the observed x range.
        two_lines: Two-lines test.
        inverted_u: The verdict: the two-lines test supports an inverted U.
        summary: One plain-language sentence.
        peak: Where the mean is highest among the values run, and its interval: the summary's
            location of a peak (``best_value``).
    """

    x_name: str
    unit: str
    outcome: str
    n: int
    n_x_values: int
    x_range: tuple[float, float]
    quadratic: QuadraticFit
    turning_point: TurningPoint
    lind_mehlum: UTest
    two_lines: TwoLinesResult
    inverted_u: bool
    peak: BestValue
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready nested dictionary (non-finite numbers become None)."""
        out = _jsonable(self)
        out["quadratic"] = self.quadratic.to_dict()
        return out


# ---------------------------------------------------------------------------------------------
# Fitting
# ---------------------------------------------------------------------------------------------


def _vector(values: ArrayLike, name: str, n: int | None = None) -> np.ndarray:
    arr = np.asarray(values, dtype=float).ravel()
    if n is not None and arr.size != n:
        raise ValueError(f"{name} has {arr.size} values, expected {n}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return arr


def _controls(controls: Any, n: int) -> tuple[list[str], np.ndarray]:
    """Control variables as (names, n×k matrix) from a DataFrame, a mapping or an array."""
    if controls is None:
        return [], np.empty((n, 0))
    if hasattr(controls, "columns"):  # a pandas DataFrame, without importing pandas
        names = [str(c) for c in controls.columns]
        matrix = np.asarray(controls, dtype=float)
    elif isinstance(controls, Mapping):
        names = [str(k) for k in controls]
        matrix = np.column_stack([_vector(v, str(k), n) for k, v in controls.items()])
    else:
        matrix = np.asarray(controls, dtype=float)
        matrix = matrix.reshape(n, -1) if matrix.ndim == 1 else matrix
        names = [f"control{i + 1}" for i in range(matrix.shape[1])]
    if matrix.shape[0] != n or not np.all(np.isfinite(matrix)):
        raise ValueError(f"controls must be finite with {n} rows")
    return names, matrix


def t_sf(t: float, df: float) -> float:
    """Student's t survival function, as ``scipy.stats.t.sf`` computes it (``stdtr(df, -t)``),
    without importing scipy.stats (most of a second at the app's and every report's start)."""
    return float(stdtr(df, -t))


def _ols(y: np.ndarray, design: np.ndarray, cluster: ArrayLike | None) -> dict[str, Any]:
    """OLS with HC3 (or cluster-robust) covariance; df for t tests as statsmodels uses them.
    statsmodels (with scipy.stats) loads here, at the first fit: the app and a sweep's report
    start without it."""
    from statsmodels.regression.linear_model import OLS

    n, k = design.shape
    if np.linalg.matrix_rank(design) < k:
        raise ValueError("design matrix is rank deficient (too few distinct x values?)")
    if cluster is None:
        res = OLS(y, design).fit(cov_type="HC3")
        df, n_clusters, cov_type = float(n - k), None, "HC3"
    else:
        groups = np.unique(np.asarray(cluster).ravel(), return_inverse=True)[1]
        if groups.size != n:
            raise ValueError(f"cluster has {groups.size} values, expected {n}")
        n_clusters = int(groups.max() + 1)
        if n_clusters < 2:
            raise ValueError("cluster-robust errors need at least two clusters")
        res = OLS(y, design).fit(cov_type="cluster", cov_kwds={"groups": groups})
        df, cov_type = float(n_clusters - 1), "cluster"
    return {
        "params": np.asarray(res.params, dtype=float),
        "cov": np.asarray(res.cov_params(), dtype=float),
        "df_resid": df,
        "n_clusters": n_clusters,
        "cov_type": cov_type,
        "r_squared": float(res.rsquared),
    }


def fit_quadratic(x: ArrayLike, y: ArrayLike, *, cluster: ArrayLike | None = None) -> QuadraticFit:
    """Fit y = b0 + b1·x + b2·x² by OLS with robust standard errors.

    Args:
        x: Predictor, e.g. effort hours per week (replicated x values are fine).
        y: Outcome, one value per x.
        cluster: Optional group labels (e.g. supervisor ids); if given the covariance is
            cluster-robust and t tests use clusters - 1 degrees of freedom, else HC3.

    Returns:
        The fit, with coefficients named "const", "x", "x2".
    """
    x = _vector(x, "x")
    y = _vector(y, "y", x.size)
    design = np.column_stack([np.ones_like(x), x, x**2])
    return QuadraticFit(
        names=("const", "x", "x2"),
        n=x.size,
        x_min=float(x.min()),
        x_max=float(x.max()),
        **_ols(y, design, cluster),
    )


def fit_moderated_quadratic(
    x: ArrayLike,
    z: ArrayLike,
    y: ArrayLike,
    controls: Any = None,
    cluster: ArrayLike | None = None,
) -> ModeratedQuadraticFit:
    """Fit y = b0 + b1·x + b2·x² + b3·x·z + b4·x²·z + b5·z (+ controls) by OLS.

    Args:
        x: Predictor, e.g. effort hours per week.
        z: Moderator, e.g. the rep's empathy.
        y: Outcome.
        controls: Optional control variables: a DataFrame, a mapping name -> values, or an
            n×k array (named control1..k).
        cluster: Optional group labels for cluster-robust errors (else HC3).

    Returns:
        The fit, with coefficients named "const", "x", "x2", "x_z", "x2_z", "z", then controls.
    """
    x = _vector(x, "x")
    z = _vector(z, "z", x.size)
    y = _vector(y, "y", x.size)
    control_names, control_matrix = _controls(controls, x.size)
    design = np.column_stack([np.ones_like(x), x, x**2, x * z, x**2 * z, z, control_matrix])
    return ModeratedQuadraticFit(
        names=("const", "x", "x2", "x_z", "x2_z", "z", *control_names),
        n=x.size,
        x_min=float(x.min()),
        x_max=float(x.max()),
        z_min=float(z.min()),
        z_max=float(z.max()),
        **_ols(y, design, cluster),
    )


# ---------------------------------------------------------------------------------------------
# Slopes, turning points and the U-test
# ---------------------------------------------------------------------------------------------


def _check_z(fit: QuadraticFit, z: float | None) -> float:
    moderated = isinstance(fit, ModeratedQuadraticFit)
    if moderated and z is None:
        raise ValueError("a moderated fit needs a moderator value z")
    if not moderated and z not in (None, 0, 0.0):
        raise ValueError("a plain quadratic fit has no moderator; use fit_moderated_quadratic")
    return 0.0 if z is None else float(z)


def _coef_names(fit: QuadraticFit) -> tuple[str, ...]:
    return ("x", "x2", "x_z", "x2_z") if isinstance(fit, ModeratedQuadraticFit) else ("x", "x2")


def _slope(fit: QuadraticFit, x: float, z: float | None) -> SimpleSlope:
    zv = _check_z(fit, z)
    names = _coef_names(fit)
    w = np.array([1.0, 2.0 * x, zv, 2.0 * x * zv][: len(names)])
    beta = np.array([fit.coef(n) for n in names])
    slope = float(w @ beta)
    se = float(np.sqrt(w @ fit.cov_of(names) @ w))
    t = slope / se if se > 0 else math.copysign(math.inf, slope)
    p = float(2 * t_sf(abs(t), fit.df_resid))
    return SimpleSlope(x=float(x), z=z, slope=slope, se=se, t=t, p_value=p, df=fit.df_resid)


def simple_slope(fit: ModeratedQuadraticFit, x: float, z: float) -> SimpleSlope:
    """The slope ∂y/∂x = b1 + b3·z + 2(b2 + b4·z)·x of a moderated fit at (x, z).

    Args:
        fit: A moderated quadratic fit.
        x: Where to take the slope.
        z: Moderator value.

    Returns:
        Slope, SE sqrt(wᵀVw) with w = (1, 2x, z, 2xz), t and two-sided p-value.
    """
    return _slope(fit, float(x), float(z))


def _ratio_set(
    num: float, den: float, v_nn: float, v_dd: float, v_nd: float, t: float
) -> tuple[tuple[tuple[float, float], ...], bool]:
    """Fieller's confidence set for θ = -num / (2·den).

    θ is in the set when (num + 2θ·den)² <= t²·Var(num + 2θ·den), a quadratic inequality
    aθ² + bθ + c <= 0 in θ.
    """
    a = 4.0 * (den**2 - t**2 * v_dd)
    b = 4.0 * (num * den - t**2 * v_nd)
    c = num**2 - t**2 * v_nn
    disc = b**2 - 4.0 * a * c
    if a > 0 and disc > 0:  # the curvature is significant: a finite interval
        root = math.sqrt(disc)
        return ((float((-b - root) / (2 * a)), float((-b + root) / (2 * a))),), True
    if a < 0 and disc > 0:  # two rays: the set excludes a band
        root = math.sqrt(disc)
        lo, hi = sorted(((-b - root) / (2 * a), (-b + root) / (2 * a)))
        return ((-math.inf, float(lo)), (float(hi), math.inf)), False
    return ((-math.inf, math.inf),), False


def _turning_point(fit: QuadraticFit, z: float | None, level: float) -> TurningPoint:
    zv = _check_z(fit, z)
    names = _coef_names(fit)
    # x* = -num / (2 den), with num and den linear combinations c_num·β, c_den·β.
    c_num = np.array([1.0, 0.0, zv, 0.0][: len(names)])
    c_den = np.array([0.0, 1.0, 0.0, zv][: len(names)])
    beta = np.array([fit.coef(n) for n in names])
    cov = fit.cov_of(names)
    num, den = float(c_num @ beta), float(c_den @ beta)
    v_nn, v_dd, v_nd = (
        float(u @ cov @ v) for u, v in ((c_num, c_num), (c_den, c_den), (c_num, c_den))
    )
    t = float(stdtrit(fit.df_resid, 0.5 + level / 2))
    if den == 0:
        estimate, delta_se = math.nan, math.inf
    else:
        estimate = -num / (2 * den)
        grad = np.array([-1 / (2 * den), num / (2 * den**2)])
        delta_se = float(np.sqrt(grad @ np.array([[v_nn, v_nd], [v_nd, v_dd]]) @ grad))
    fieller, bounded = _ratio_set(num, den, v_nn, v_dd, v_nd, t)
    return TurningPoint(
        estimate=estimate,
        level=level,
        delta_se=delta_se,
        delta_ci=(estimate - t * delta_se, estimate + t * delta_se),
        fieller_ci=fieller,
        fieller_bounded=bounded,
        z=z,
    )


def turning_point(fit: QuadraticFit, level: float = 0.95) -> TurningPoint:
    """The turning point x* = -b1 / (2·b2) with delta-method and Fieller intervals.

    Args:
        fit: A quadratic fit.
        level: Confidence level.

    Returns:
        Estimate and intervals; Fieller's (preferred) may be unbounded when b2 is not
        significantly different from zero.
    """
    return _turning_point(fit, None, level)


def turning_point_at(fit: ModeratedQuadraticFit, z: float, level: float = 0.95) -> TurningPoint:
    """The turning point x*(z) = -(b1 + b3·z) / (2(b2 + b4·z)) of a moderated fit.

    Args:
        fit: A moderated quadratic fit.
        z: Moderator value.
        level: Confidence level.

    Returns:
        Estimate with delta-method (gradient over b1..b4) and Fieller intervals.
    """
    return _turning_point(fit, float(z), level)


def _u_test(
    fit: QuadraticFit, z: float | None, x_low: float, x_high: float, alpha: float, lang: str
) -> UTest:
    if not x_low < x_high:
        raise ValueError(f"need x_low < x_high, got {x_low} and {x_high}")
    low, high = _slope(fit, x_low, z), _slope(fit, x_high, z)
    p_low = float(t_sf(low.t, fit.df_resid))  # H1: rising at x_low
    p_high = float(stdtr(fit.df_resid, high.t))  # H1: falling at x_high
    low, high = replace(low, p_value=p_low), replace(high, p_value=p_high)
    in_range = low.slope > 0 > high.slope
    p = max(p_low, p_high) if in_range else 1.0
    if in_range:
        note = say("note.u_test.inverted_u", lang)
    elif low.slope < 0 < high.slope:
        note = say("note.u_test.u", lang)
    else:
        note = say("note.u_test.monotone", lang)
    return UTest(
        x_low=float(x_low),
        x_high=float(x_high),
        low=low,
        high=high,
        statistic=min(low.t, -high.t),
        p_value=p,
        turning_point_in_range=in_range,
        rejects=bool(p < alpha),
        alpha=alpha,
        note=note,
    )


def lind_mehlum(
    fit: QuadraticFit,
    x_low: float | None = None,
    x_high: float | None = None,
    *,
    alpha: float = 0.05,
    lang: str = "en",
) -> UTest:
    """Lind & Mehlum (2010) U-test for an inverted U of a quadratic fit on [x_low, x_high].

    Args:
        fit: A quadratic fit.
        x_low: Lower end of the range (default: smallest observed x).
        x_high: Upper end of the range (default: largest observed x).
        alpha: Significance level for `rejects`.
        lang: The language of its `note` ("en", "de").

    Returns:
        End slopes with SEs sqrt(wᵀVw), w = (1, 2x), one-sided tests, and the overall verdict.
    """
    x_low = fit.x_min if x_low is None else x_low
    x_high = fit.x_max if x_high is None else x_high
    return _u_test(fit, None, x_low, x_high, alpha, lang)


def lind_mehlum_at(
    fit: ModeratedQuadraticFit,
    z: float,
    x_low: float | None = None,
    x_high: float | None = None,
    *,
    alpha: float = 0.05,
    lang: str = "en",
) -> UTest:
    """Lind & Mehlum U-test of a moderated fit at moderator value z.

    Args:
        fit: A moderated quadratic fit.
        z: Moderator value.
        x_low: Lower end of the range (default: smallest observed x).
        x_high: Upper end of the range (default: largest observed x).
        alpha: Significance level for `rejects`.
        lang: The language of its `note` ("en", "de").

    Returns:
        As `lind_mehlum`, with w = (1, 2x, z, 2xz) over (b1, b2, b3, b4).
    """
    x_low = fit.x_min if x_low is None else x_low
    x_high = fit.x_max if x_high is None else x_high
    return _u_test(fit, float(z), x_low, x_high, alpha, lang)


# ---------------------------------------------------------------------------------------------
# Simonsohn's two-lines test
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Smooth:
    fitted: np.ndarray
    se: np.ndarray
    edf: float


def _smooth(x: np.ndarray, y: np.ndarray) -> _Smooth:
    """Penalised cubic B-spline (P-spline) smooth with GCV-chosen penalty and Bayesian SEs.

    The stand-in for Simonsohn's mgcv `gam(y ~ s(x, bs="cr", k=min(10, distinct x)))`: a
    cubic B-spline basis of about that size with a second-difference penalty (Eilers & Marx
    1996), the penalty weight chosen by generalised cross-validation, and pointwise standard
    errors from the Bayesian covariance σ²(BᵀB + λP)⁻¹, as mgcv's `predict(se.fit=TRUE)`.
    """
    degree = 3
    # mgcv's basis size in the reference code: k = min(10, distinct x values).
    n_segments = max(min(10, np.unique(x).size) - degree, 2)
    lo, hi = float(x.min()), float(x.max())
    step = (hi - lo) / n_segments
    knots = np.linspace(lo - degree * step, hi + degree * step, n_segments + 2 * degree + 1)
    # Clip to the knots' base interval itself: linspace rounding can put it a hair inside lo/hi.
    inside = np.clip(x, knots[degree], knots[-degree - 1])
    basis = BSpline.design_matrix(inside, knots, degree).toarray()
    diff = np.diff(np.eye(basis.shape[1]), n=2, axis=0)
    penalty = diff.T @ diff
    btb, bty = basis.T @ basis, basis.T @ y
    scale = np.trace(btb) / np.trace(penalty)
    n = y.size

    def candidate(lam: float) -> tuple[float, np.ndarray, np.ndarray, float]:
        inverse = np.linalg.inv(btb + lam * penalty)
        coef = inverse @ bty
        edf = float(np.trace(inverse @ btb))
        rss = float(np.sum((y - basis @ coef) ** 2))
        return n * rss / max(n - edf, 1.0) ** 2, coef, inverse, edf

    candidates = [candidate(lam) for lam in scale * np.logspace(-6, 4, 41)]
    _, coef, inverse, edf = min(candidates, key=lambda c: c[0])
    fitted = basis @ coef
    sigma2 = float(np.sum((y - fitted) ** 2)) / max(n - edf, 1.0)
    se = np.sqrt(sigma2 * np.einsum("ij,jk,ik->i", basis, inverse, basis))
    return _Smooth(fitted=fitted, se=se, edf=edf)


_Line = tuple[float, float, float, float]  # slope, se, t, two-sided p
_NAN_LINE: _Line = (math.nan, math.nan, math.nan, math.nan)


def _line(x: np.ndarray, y: np.ndarray, xc: float, cluster: Any, *, upper: bool) -> _Line:
    """One slope of the interrupted regression y = a + b1·xlow + b2·xhigh + c·high.

    As in Simonsohn's reference code, observations at x = xc join the line being estimated:
    the lower line's slope comes from the fit with xc in the lower segment, the upper line's
    from the fit with xc in the upper segment. With replicated x (a sweep grid) this matters.
    """
    high = x >= xc if upper else x > xc
    xlow = np.where(high, 0.0, x - xc)
    xhigh = np.where(high, x - xc, 0.0)
    design = np.column_stack([np.ones_like(x), xlow, xhigh, high.astype(float)])
    own = x[high] if upper else x[~high]
    if np.unique(own).size < 2:  # this line's segment has a single x: it has no slope
        return _NAN_LINE
    try:
        fit = _ols(y, design, cluster)
    except ValueError:
        # The other segment has a single x: its column is then a multiple of the jump's
        # (``high``), and R's lm in the reference code drops the jump as aliased and still
        # estimates this line's slope; so does this (it said "not estimable" before).
        # A single observation there is fit exactly (leverage 1), where HC3 is undefined: the
        # slope then has no error, and no verdict.
        try:
            with np.errstate(divide="ignore", invalid="ignore"):
                fit = _ols(y, design[:, :3], cluster)
        except ValueError:
            return _NAN_LINE
    i = 2 if upper else 1
    slope, se = float(fit["params"][i]), float(np.sqrt(fit["cov"][i, i]))
    if not math.isfinite(se):  # undefined robust error: no test, never "significant"
        return slope, se, math.nan, math.nan
    t = slope / se if se > 0 else math.copysign(math.inf, slope)
    return slope, se, t, float(2 * t_sf(abs(t), fit["df_resid"]))


def _two_lines(x: np.ndarray, y: np.ndarray, xc: float, cluster: Any) -> tuple[_Line, _Line]:
    return _line(x, y, xc, cluster, upper=False), _line(x, y, xc, cluster, upper=True)


def two_lines_test(
    x: ArrayLike,
    y: ArrayLike,
    *,
    alpha: float = 0.05,
    cluster: ArrayLike | None = None,
    lang: str = "en",
) -> TwoLinesResult:
    """Simonsohn (2018) two-lines test of an inverted U.

    Follows the reference implementation (twolines.R, version 0.52):

    1. Smooth y(x) (penalised spline, see `_smooth`) and keep observed x strictly between the
       10th and 90th percentiles. The flat region is where the smooth's upper 1-SE band
       (fit + its own SE) reaches above the highest fitted value.
    2. Fit two lines with the breakpoint at the median of the flat region; z1, z2 = |t| of
       their slopes.
    3. "Robin Hood": refit with the breakpoint at the z2/(z1 + z2) quantile of the flat region,
       which moves it toward the weaker line and so gives that line more data.

    Args:
        x: Predictor (replicated x values are fine).
        y: Outcome.
        alpha: Significance level for both slopes.
        cluster: Optional group labels for cluster-robust errors in the line fits (else HC3).
        lang: The language of its `note` ("en", "de").

    Returns:
        Breakpoints, both slopes with robust t and two-sided p-values, and the verdict
        `u_shape` (slope1 > 0, slope2 < 0, both significant).
    """
    x = _vector(x, "x")
    y = _vector(y, "y", x.size)
    if np.unique(x).size < 5:
        raise ValueError("the two-lines test needs at least 5 distinct x values")
    smooth = _smooth(x, y)
    x10, x90 = np.quantile(x, [0.1, 0.9])
    middle = (x > x10) & (x < x90)
    if not middle.any():
        middle = np.ones_like(x, dtype=bool)
    i_peak = np.flatnonzero(middle)[np.argmax(smooth.fitted[middle])]
    flat = middle & (smooth.fitted + smooth.se >= smooth.fitted[i_peak])
    x_flat = x[flat]

    first_breakpoint = float(np.median(x_flat))
    (_, _, t1, _), (_, _, t2, _) = _two_lines(x, y, first_breakpoint, cluster)
    z1, z2 = abs(t1), abs(t2)
    share = z2 / (z1 + z2) if z1 + z2 > 0 else 0.5  # NaN (not estimable) also gives 0.5
    breakpoint = float(np.quantile(x_flat, share))
    (slope1, se1, t1, p1), (slope2, se2, t2, p2) = _two_lines(x, y, breakpoint, cluster)
    note = "" if math.isfinite(slope1 + slope2) else say("note.two_lines.one_x", lang)
    n_low, n_high = int(np.sum(x <= breakpoint)), int(np.sum(x >= breakpoint))
    cov_type = "HC3" if cluster is None else "cluster"
    u_shape = bool(slope1 > 0 and slope2 < 0 and p1 < alpha and p2 < alpha)
    return TwoLinesResult(
        breakpoint=breakpoint,
        first_breakpoint=first_breakpoint,
        flat_region=(float(x_flat.min()), float(x_flat.max())),
        x_peak=float(x[i_peak]),
        slope1=slope1,
        se1=se1,
        t1=t1,
        p1=p1,
        slope2=slope2,
        se2=se2,
        t2=t2,
        p2=p2,
        n_low=n_low,
        n_high=n_high,
        u_shape=u_shape,
        alpha=alpha,
        cov_type=cov_type,
        smooth_edf=smooth.edf,
        note=note,
    )


# ---------------------------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------------------------


def format_p_value(p: float, alpha: float = 0.05, lang: str = "en") -> str:
    """A p-value as it reads in a sentence: "p < 0.001", "p = 0.004", "p = 0.21"; near ``alpha``
    with as many decimals as keep it on its side ("p = 0.045", not "p = 0.05"; "p = 0.0496").
    In ``lang`` (German: "p = 0,004")."""
    if not math.isfinite(p):
        return say("p.none", lang)
    if p < 0.001:
        text = "p < 0.001"
    elif p > 0.99:
        text = "p > 0.99"
    else:
        digits = 3 if p < 0.1 else 2
        while digits < 6 and (round(p, digits) < alpha) != (p < alpha):
            digits += 1
        text = f"p = {p:.{digits}f}"
    return text if lang == "en" else text.replace(".", DECIMAL_MARK[lang])


def _number(value: float, lang: str = "en") -> str:
    """A quantity on the x axis: three significant digits, no scientific notation."""
    if not math.isfinite(value):
        return "∞" if value > 0 else ("-∞" if lang == "en" else "\u2212∞")
    return number(value, lang, ".0f" if abs(value) >= 100 else ".3g")


def _signed(value: float, lang: str = "en") -> str:
    return number(value, lang, "+.2g") if math.isfinite(value) else say("verdict.no_slope", lang)


def _peak_interval(peak: BestValue, lang: str) -> str:
    """The words of a peak's bootstrap interval (``best_value``)."""
    level = f"{peak.level * 100:.0f}"
    if peak.ci is None:
        return say("verdict.interval.few", lang, level=level, runs=PEAK_MIN_RUNS)
    low, high = peak.ci
    if low == high:  # no other value was ever picked
        return say("verdict.interval.one", lang, level=level, value=_number(low, lang))
    return say(
        "verdict.interval.runs", lang, level=level, low=_number(low, lang), high=_number(high, lang)
    )


def _vertex_interval(turning: TurningPoint, x_range: tuple[float, float], lang: str) -> str:
    """The words of Fieller's interval for a quadratic's vertex."""
    level = f"{turning.level * 100:.0f}"
    if not turning.fieller_bounded:
        return say("verdict.interval.unbounded", lang, level=level)
    lo, hi = turning.ci
    # past the values run the interval is the quadratic's extrapolation (an effort of -15
    # h/week from a grid that starts at 10): said, so it is not read as data
    below, above = lo < x_range[0], hi > x_range[1]
    beyond = ""
    if below or above:
        beyond = say(
            f"verdict.beyond.{'both' if below and above else 'low' if below else 'high'}",
            lang,
            edge=_number(x_range[0] if below else x_range[1], lang),
            low_edge=_number(x_range[0], lang),
            high_edge=_number(x_range[1], lang),
        )
    return say(
        "verdict.interval",
        lang,
        level=level,
        low=_number(lo, lang),
        high=_number(hi, lang),
        beyond=beyond,
    )


def describe_inverted_u(
    two_lines: TwoLinesResult,
    turning: TurningPoint,
    *,
    x_range: tuple[float, float],
    unit: str,
    outcome: str = "performance",
    u_test: UTest | None = None,
    lang: str = "en",
    peak: BestValue | None = None,
) -> str:
    """One plain-language sentence on whether the curve is an inverted U.

    The two-lines test decides; ``peak`` (``best_value``) supplies the location of the peak and
    its interval, or without it the quadratic's turning point and Fieller's interval. If the
    quadratic U-test alone would claim a peak that the two-lines test does not support, the
    sentence says so.

    Args:
        two_lines: Result of `two_lines_test`.
        turning: Turning point of the quadratic fit.
        x_range: (min, max) of x, for "across 5–60 h/week".
        unit: Unit of x, e.g. "h/week".
        outcome: What y is, e.g. "performance".
        u_test: Optional Lind–Mehlum result, to flag a quadratic that would be fooled.
        lang: The sentence's language ("en", "de"; its words: ``experiments.report_texts``).
        peak: Where the means are highest among the values run, with its bootstrap interval.

    Returns:
        E.g. "performance peaks at 31 h/week (95 % CI 28–34); beyond it, it falls: two-lines
        test p < 0.001".
    """
    span = f"{_number(x_range[0], lang)}–{_number(x_range[1], lang)} {unit}"
    tl = two_lines
    if tl.u_shape:
        if peak is not None:
            where, interval = peak.estimate, _peak_interval(peak, lang)
        else:
            where, interval = turning.estimate, _vertex_interval(turning, x_range, lang)
        return say(
            "verdict.peak",
            lang,
            outcome=outcome,
            peak=_number(where, lang),
            unit=unit,
            interval=interval,
            p=format_p_value(tl.p_value, lang=lang),
        )
    second = say(
        "verdict.second", lang, slope=_signed(tl.slope2, lang), p=format_p_value(tl.p2, lang=lang)
    )
    first = say(
        "verdict.first", lang, slope=_signed(tl.slope1, lang), p=format_p_value(tl.p1, lang=lang)
    )
    if not math.isfinite(tl.slope1) or not math.isfinite(tl.slope2):
        sentence = say("verdict.not_estimable", lang, span=span)
    elif not (tl.slope1 > 0 and tl.p1 < tl.alpha):
        falls = tl.slope1 < 0 and tl.p1 < tl.alpha  # a significant fall is not "no rise"
        if falls and tl.slope2 > 0 and tl.p2 < tl.alpha:
            shape = say("verdict.shape.u", lang)
        elif falls and tl.slope2 < 0 and tl.p2 < tl.alpha:
            shape = say("verdict.shape.falling", lang, outcome=outcome)
        elif falls:
            shape = say("verdict.shape.falls_start", lang, outcome=outcome)
        else:
            shape = say("verdict.shape.flat_start", lang, outcome=outcome)
        sentence = say("verdict.no_rise", lang, span=span, shape=shape, first=first, second=second)
    elif tl.slope2 > 0 and tl.p2 < tl.alpha:
        sentence = say("verdict.rising", lang, outcome=outcome, span=span, second=second)
    else:
        # a second line flat within its noise, of either sign, levels off: "keeps rising"
        # would claim a rise the test does not find
        sentence = say("verdict.levels_off", lang, outcome=outcome, span=span, second=second)
    if u_test is not None and u_test.rejects and math.isfinite(turning.estimate):
        sentence += say("verdict.fooled", lang, peak=_number(turning.estimate, lang), unit=unit)
    return sentence


# ---------------------------------------------------------------------------------------------
# Everything for one curve
# ---------------------------------------------------------------------------------------------


def analyse_curve(
    x: ArrayLike,
    y: ArrayLike,
    x_name: str = "effort_hours",
    unit: str = "h/week",
    *,
    outcome: str = "performance",
    cluster: ArrayLike | None = None,
    alpha: float = 0.05,
    level: float = 0.95,
    lang: str = "en",
) -> CurveAnalysis:
    """Test one curve y(x) for an inverted U with every method in this module.

    Args:
        x: Predictor values, one per observation (replications share x values).
        y: Outcome values.
        x_name: Name of x, kept in the result.
        unit: Unit of x for the summary sentence.
        outcome: Name of y for the summary sentence.
        cluster: Optional group labels for cluster-robust errors.
        alpha: Significance level of the tests.
        level: Confidence level of the turning-point intervals.
        lang: The language of the summary sentence and of the tests' notes ("en", "de").

    Returns:
        Quadratic fit, turning point, Lind–Mehlum test on the observed range, two-lines test,
        the verdict (the two-lines test's) and a one-sentence summary.
    """
    x = _vector(x, "x")
    y = _vector(y, "y", x.size)
    quadratic = fit_quadratic(x, y, cluster=cluster)
    turning = turning_point(quadratic, level)
    u_test = lind_mehlum(quadratic, alpha=alpha, lang=lang)
    two_lines = two_lines_test(x, y, alpha=alpha, cluster=cluster, lang=lang)
    x_range = (float(x.min()), float(x.max()))
    peak = best_value(x, y, level)
    return CurveAnalysis(
        x_name=x_name,
        unit=unit,
        outcome=outcome,
        n=x.size,
        n_x_values=int(np.unique(x).size),
        x_range=x_range,
        quadratic=quadratic,
        turning_point=turning,
        lind_mehlum=u_test,
        two_lines=two_lines,
        inverted_u=two_lines.u_shape,
        summary=describe_inverted_u(
            two_lines,
            turning,
            x_range=x_range,
            unit=unit,
            outcome=outcome,
            u_test=u_test,
            lang=lang,
            peak=peak,
        ),
        peak=peak,
    )
