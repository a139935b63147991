"""What drives satisfaction: key-driver analysis and the link between satisfaction and outcomes."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from statistics import NormalDist
from typing import Any, Literal, cast

import numpy as np
from numpy.typing import NDArray

from servicekit._params import (
    NAN_POLICY,
    ArrayLike,
    Constraint,
    Identifier,
    Integer,
    NanPolicy,
    Numbers,
    Optional,
    Options,
    Real,
    Summary,
    fail,
    validate_params,
)
from servicekit._results import Result, result
from servicekit.errors import InvalidInputError

__all__ = ["KeyDrivers", "OutcomeLink", "key_drivers", "satisfaction_outcome_link"]

_NORMAL = NormalDist()
_LEVEL = Real(
    low=0, high=1, low_open=True, high_open=True, expected="a confidence level in (0, 1), e.g. 0.95"
)
_MAX_SHAPLEY = 16  # 2**16 subsets: beyond, relative weights (same ranking, closed form)
_COLUMN = Numbers(missing=True, expected="a 1-d array-like of finite numbers")


class _Table(Constraint[Any]):
    """A data frame (pandas, polars, pyarrow, ... via narwhals) or a mapping of columns."""

    expected = "a data frame or a mapping of column names to 1-d array-likes"

    def convert(self, name: str, value: object) -> Any:
        if isinstance(value, Mapping):
            return value
        if type(value).__module__.split(".")[0] in (
            "pandas",
            "polars",
            "pyarrow",
            "duckdb",
            "pyspark",
            "modin",
            "dask",
            "cudf",
            "ibis",
        ) or hasattr(value, "__narwhals_dataframe__"):
            return value
        raise self.error(name, Summary(f"<{type(value).__name__}>"))

    def invalid(self) -> tuple[object, ...]:
        return ([1, 2, 3], "text", None, 3.0)


class _Names(Constraint[tuple[str, ...]]):
    expected = "a non-empty sequence of distinct column names"

    def convert(self, name: str, value: object) -> tuple[str, ...]:
        if isinstance(value, str) or not isinstance(value, Sequence) or not value:
            raise self.error(name, Summary(f"<{type(value).__name__}>"))
        names = tuple(Identifier().convert(name, v) for v in value)
        if len(set(names)) != len(names):
            raise self.error(name, Summary("<repeated names>"))
        return names

    def invalid(self) -> tuple[object, ...]:
        return ("x", [], ["x", "x"], [1], None)


def _columns(table: Any, names: Sequence[str], argument: str) -> dict[str, NDArray[np.float64]]:
    """The named columns of a mapping or any native frame, as float arrays."""
    if isinstance(table, Mapping):
        source: Mapping[str, object] = table
        get = source.__getitem__
        available = set(source)
    else:
        import narwhals.stable.v2 as nw

        try:
            frame = nw.from_native(table)
            if isinstance(frame, nw.LazyFrame):
                frame = frame.select(*names).collect()
        except Exception:  # not a frame narwhals knows
            fail("frame_or_arrays", Summary(f"<{type(table).__name__}>"), _Table.expected)
        available = set(frame.columns)

        def get(key: str) -> object:
            return frame.get_column(key).to_numpy()

    out = {}
    for key in names:
        if key not in available:
            fail(argument, key, "a column of frame_or_arrays")
        try:
            arr = _COLUMN.convert(key, get(key))
        except InvalidInputError as err:
            fail(
                "frame_or_arrays",
                Summary(f"<column {key!r}: {err.value!r}>"),
                f"numeric columns ({err.expected})",
            )
        out[key] = arr.astype(np.float64, copy=False)
    return out


def _r2_all_subsets(corr: NDArray[np.float64]) -> NDArray[np.float64]:
    """R² of the outcome (row/column 0) on every subset of drivers, indexed by bit mask."""
    p = corr.shape[0] - 1
    rxx, rxy = corr[1:, 1:], corr[1:, 0]
    out = np.zeros(1 << p)
    for mask in range(1, 1 << p):
        idx = [j for j in range(p) if mask >> j & 1]
        sub = rxy[idx]
        out[mask] = float(sub @ np.linalg.solve(rxx[np.ix_(idx, idx)], sub))
    return out


def _shapley(corr: NDArray[np.float64]) -> NDArray[np.float64]:
    p = corr.shape[0] - 1
    r2 = _r2_all_subsets(corr)
    sizes = np.array([bin(m).count("1") for m in range(1 << p)])
    # weight of adding j to a subset of size s (not containing j): s! (p - s - 1)! / p!
    weight = np.array(
        [math.factorial(s) * math.factorial(p - s - 1) / math.factorial(p) for s in range(p)]
    )
    masks = np.arange(1 << p)
    shares = np.empty(p)
    for j in range(p):
        without = masks[(masks >> j & 1) == 0]
        shares[j] = float((weight[sizes[without]] * (r2[without | (1 << j)] - r2[without])).sum())
    return shares


def _relative_weights(corr: NDArray[np.float64]) -> NDArray[np.float64]:
    rxx, rxy = corr[1:, 1:], corr[1:, 0]
    values, vectors = np.linalg.eigh(rxx)
    lam = vectors @ np.diag(np.sqrt(values)) @ vectors.T  # correlations of X with Z
    beta = np.linalg.solve(lam, rxy)
    return cast(NDArray[np.float64], (lam**2) @ (beta**2))


def _corr(data: NDArray[np.float64]) -> NDArray[np.float64]:
    centred = data - data.mean(axis=0)
    scale = np.sqrt((centred**2).sum(axis=0))
    z = centred / scale
    return cast(NDArray[np.float64], z.T @ z)


def _decompose(data: NDArray[np.float64], method: str) -> tuple[NDArray[np.float64], float]:
    corr = _corr(data)
    shares = _shapley(corr) if method == "shapley" else _relative_weights(corr)
    rxy = corr[1:, 0]
    r2 = float(rxy @ np.linalg.solve(corr[1:, 1:], rxy))
    return np.maximum(shares, 0.0), r2


@result
class KeyDrivers(Result):
    """Each driver's share of the explained variance of an outcome (a key-driver analysis).

    Attributes
    ----------
    drivers : tuple of str
        The driver names, in the order given.
    shares : numpy.ndarray
        Each driver's share of R²; they are >= 0 and sum to ``r_squared``.
    r_squared : float
        R² of the linear regression of the outcome on all drivers.
    method : str
        ``"relative_weights"`` or ``"shapley"``.
    n : int
        Rows used (rows with a missing value are dropped).
    low, high : numpy.ndarray or None
        Bootstrap percentile confidence bounds of ``shares``, when asked for.

    Examples
    --------
    >>> data = {"overall": [3, 4, 5, 2, 4, 5, 1, 3], "speed": [2, 4, 5, 2, 3, 5, 1, 4],
    ...         "courtesy": [3, 3, 4, 3, 4, 4, 2, 2]}
    >>> k = key_drivers(data, outcome="overall", drivers=["speed", "courtesy"])
    >>> k.ranking()
    ('speed', 'courtesy')
    """

    drivers: tuple[str, ...]
    shares: NDArray[np.float64]
    r_squared: float
    method: str
    n: int
    low: NDArray[np.float64] | None = None
    high: NDArray[np.float64] | None = None

    def relative(self) -> dict[str, float]:
        """Each driver's share as a fraction of R² (summing to 1).

        Examples
        --------
        >>> data = {"y": [1, 2, 3, 4, 6], "a": [1, 2, 3, 4, 5], "b": [2, 1, 2, 1, 3]}
        >>> round(sum(key_drivers(data, outcome="y", drivers=["a", "b"]).relative().values()), 9)
        1.0
        """
        total = float(self.shares.sum())
        return {d: float(s) / total for d, s in zip(self.drivers, self.shares, strict=True)}

    def ranking(self) -> tuple[str, ...]:
        """The drivers from the most to the least important.

        Examples
        --------
        >>> data = {"y": [1, 2, 3, 4, 6], "a": [1, 2, 3, 4, 5], "b": [2, 1, 2, 1, 3]}
        >>> key_drivers(data, outcome="y", drivers=["a", "b"]).ranking()
        ('a', 'b')
        """
        order = np.argsort(-self.shares, kind="stable")
        return tuple(self.drivers[i] for i in order)


@validate_params(
    frame_or_arrays=_Table(),
    outcome=Identifier(),
    drivers=_Names(),
    method=Options("relative_weights", "shapley"),
    bootstrap=Integer(low=0, high=100_000),
    level=_LEVEL,
    seed=Optional(Integer(low=0)),
)
def key_drivers(
    frame_or_arrays: Any,
    *,
    outcome: str,
    drivers: Sequence[str],
    method: Literal["relative_weights", "shapley"] = "relative_weights",
    bootstrap: int = 0,
    level: float = 0.95,
    seed: int | None = None,
) -> KeyDrivers:
    r"""Which drivers move an outcome (overall satisfaction): R² shared out among them.

    Parameters
    ----------
    frame_or_arrays : data frame or mapping
        Any data frame narwhals reads (pandas, polars eager or lazy, pyarrow,
        ...) or a mapping of column names to 1-d array-likes.
    outcome : str
        The outcome column (overall satisfaction, likelihood to recommend).
    drivers : sequence of str
        The driver columns (ratings of speed, courtesy, ...).
    method : {"relative_weights", "shapley"}, default "relative_weights"
        Johnson's relative weights (closed form), or the Shapley value of R²
        (LMG: the average gain in R² when the driver joins, over all orders;
        at most 16 drivers).
    bootstrap : int, default 0
        Resamples of rows for percentile confidence intervals (``low``,
        ``high``); 0 for none, 1000 or more for usable intervals.
    level : float, default 0.95
        Confidence level of the intervals.
    seed : int, optional
        Seed of the bootstrap's random numbers (reproducible intervals).

    Returns
    -------
    KeyDrivers
        ``shares`` (>= 0, summing to ``r_squared``), ``relative()``,
        ``ranking()`` and the bounds.

    Notes
    -----
    Both methods work on the correlation matrix. LMG (Lindeman, Merenda and
    Gold 1980) gives driver :math:`j` the Shapley value
    :math:`\sum_{S \not\ni j} \frac{|S|!\,(p-|S|-1)!}{p!}
    (R^2_{S\cup\{j\}} - R^2_S)`. Relative weights (Johnson 2000) regress the
    outcome on the orthogonal variables :math:`Z` closest to the drivers,
    :math:`\Lambda = R_{xx}^{1/2}`, :math:`\beta = \Lambda^{-1} r_{xy}` and
    :math:`\varepsilon_j = \sum_k \Lambda_{jk}^2 \beta_k^2`. Rows with a
    missing value in any of the columns are left out.

    References
    ----------
    Johnson, J. W. (2000). A heuristic method for estimating the relative
    weight of predictor variables in multiple regression. *Multivariate
    Behavioral Research* 35(1), 1-19. Lindeman, R. H., Merenda, P. F. and
    Gold, R. Z. (1980). *Introduction to Bivariate and Multivariate Analysis*,
    p. 119ff. Grömping, U. (2006). Relative importance for linear regression
    in R: the package relaimpo. *Journal of Statistical Software* 17(1).

    Examples
    --------
    >>> data = {"overall": [3, 4, 5, 2, 4, 5, 1, 3], "speed": [2, 4, 5, 2, 3, 5, 1, 4],
    ...         "courtesy": [3, 3, 4, 3, 4, 4, 2, 2]}
    >>> k = key_drivers(data, outcome="overall", drivers=["speed", "courtesy"], method="shapley")
    >>> k.shares.round(3), round(k.r_squared, 3)
    (array([0.561, 0.394]), 0.955)
    """
    if outcome in drivers:
        fail("drivers", outcome, "driver columns other than the outcome")
    p = len(drivers)
    if method == "shapley" and p > _MAX_SHAPLEY:
        fail("drivers", Summary(f"<{p} drivers>"), f"at most {_MAX_SHAPLEY} for method='shapley'")
    cols = _columns(frame_or_arrays, [outcome, *drivers], "drivers")
    sizes = {arr.size for arr in cols.values()}
    if len(sizes) != 1:
        fail("frame_or_arrays", Summary("<columns of different lengths>"), "equal-length columns")
    data = np.column_stack([cols[outcome], *(cols[d] for d in drivers)])
    data = data[~np.isnan(data).any(axis=1)]
    n = data.shape[0]
    if n < p + 2:
        fail(
            "frame_or_arrays",
            Summary(f"<{n} complete rows>"),
            f"at least {p + 2} complete rows for {p} drivers (more rows than drivers + 1)",
        )
    spread = data.std(axis=0)
    if spread[0] == 0:
        fail("outcome", outcome, "a column that varies (not constant)")
    if (spread[1:] == 0).any():
        fail("drivers", drivers[int(np.argmax(spread[1:] == 0))], "columns that vary")
    if np.linalg.matrix_rank(_corr(data[:, 1:])) < p:
        fail("drivers", Summary("<collinear drivers>"), "drivers not perfectly collinear")
    shares, r2 = _decompose(data, method)
    low = high = None
    if bootstrap:
        rng = np.random.default_rng(seed)
        draws = np.empty((bootstrap, p))
        kept = 0
        for _ in range(bootstrap):
            sample = data[rng.integers(0, n, n)]
            sd = sample.std(axis=0)
            if (sd == 0).any() or np.linalg.matrix_rank(_corr(sample[:, 1:])) < p:
                continue  # a degenerate resample: drawn again by the next iteration
            draws[kept] = _decompose(sample, method)[0]
            kept += 1
        if kept == 0:
            fail("bootstrap", bootstrap, "resamples with varying, non-collinear drivers")
        alpha = (1.0 - level) / 2.0
        low, high = np.quantile(draws[:kept], [alpha, 1.0 - alpha], axis=0)
    return KeyDrivers(tuple(drivers), shares, r2, method, n, low, high)


# --- satisfaction and outcomes ---------------------------------------------------------------


def _ranks(x: NDArray[np.float64]) -> NDArray[np.float64]:
    """Average ranks (ties share the mean of their ranks), from 1."""
    _, inverse, counts = np.unique(x, return_inverse=True, return_counts=True)
    upper = np.cumsum(counts)
    return (upper - (counts - 1) / 2.0)[inverse]


@result
class OutcomeLink(Result):
    """The correlation between a satisfaction measure and a business outcome.

    Attributes
    ----------
    r : float
        Pearson's (or Spearman's) correlation.
    low, high : float
        Its confidence interval (Fisher's z).
    p_value : float
        Two-sided, for no correlation (normal approximation on Fisher's z).
    n : int
        Pairs used.
    method : str
        ``"pearson"`` or ``"spearman"``.
    level : float
        The confidence level.

    Examples
    --------
    >>> link = satisfaction_outcome_link([1, 2, 3, 4, 5, 5], [0, 0, 1, 1, 1, 1])
    >>> round(link.r, 3), link.n
    (0.87, 6)
    """

    r: float
    low: float
    high: float
    p_value: float
    n: int
    method: str
    level: float


@validate_params(
    satisfaction=_COLUMN,
    outcome=_COLUMN,
    method=Options("pearson", "spearman"),
    level=_LEVEL,
    nan_policy=NAN_POLICY,
)
def satisfaction_outcome_link(
    satisfaction: ArrayLike,
    outcome: ArrayLike,
    *,
    method: Literal["pearson", "spearman"] = "pearson",
    level: float = 0.95,
    nan_policy: NanPolicy = "raise",
) -> OutcomeLink:
    r"""How strongly a satisfaction measure goes with a business outcome, with its uncertainty.

    Parameters
    ----------
    satisfaction : array-like of float
        One satisfaction score per customer (CSAT, NPS answer, index).
    outcome : array-like of float
        The outcome for the same customers: repurchased or retained (0/1), spend,
        purchases.
    method : {"pearson", "spearman"}, default "pearson"
        Pearson's correlation (point-biserial for a 0/1 outcome) or Spearman's
        rank correlation (for ordinal scales and skewed outcomes).
    level : float, default 0.95
        Confidence level of the interval.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What a missing value in either array does (pairs with one are left
        out under "omit"; "propagate" gives NaN).

    Returns
    -------
    OutcomeLink
        ``r``, ``low``, ``high``, ``p_value``, ``n``.

    Notes
    -----
    The interval is Fisher's: :math:`\tanh(\operatorname{atanh} r \pm z /
    \sqrt{n - 3})`; for Spearman the standard error is Bonett and Wright's
    :math:`\sqrt{(1 + r^2/2)/(n - 3)}`. At least 4 pairs are needed.

    References
    ----------
    Fisher, R. A. (1921). On the "probable error" of a coefficient of
    correlation deduced from a small sample. *Metron* 1, 3-32. Bonett, D. G.
    and Wright, T. A. (2000). Sample size requirements for estimating Pearson,
    Kendall and Spearman correlations. *Psychometrika* 65(1), 23-28.

    Examples
    --------
    >>> link = satisfaction_outcome_link([1, 2, 3, 4, 5, 5, 2, 4], [0, 0, 1, 1, 1, 1, 0, 0])
    >>> round(link.r, 3), round(link.low, 3), round(link.high, 3)
    (0.718, 0.028, 0.945)
    """
    s = cast(NDArray[Any], satisfaction).astype(np.float64, copy=False)
    o = cast(NDArray[Any], outcome).astype(np.float64, copy=False)
    if s.size != o.size:
        fail("outcome", Summary(f"<{o.size} values>"), f"{s.size} values, one per satisfaction")
    missing = np.isnan(s) | np.isnan(o)
    if missing.any():
        if nan_policy == "raise":
            fail(
                "satisfaction" if np.isnan(s).any() else "outcome",
                Summary(f"<{int(missing.sum())} missing of {s.size}>"),
                "no missing values (or pass nan_policy='omit' or 'propagate')",
            )
        s, o = s[~missing], o[~missing]
    n = int(s.size)
    if nan_policy == "propagate" and missing.any():
        return OutcomeLink(math.nan, math.nan, math.nan, math.nan, n, method, level)
    if n < 4:
        fail("satisfaction", Summary(f"<{n} pairs>"), "at least 4 pairs")
    if s.std() == 0:
        fail("satisfaction", Summary("<constant>"), "values that vary")
    if o.std() == 0:
        fail("outcome", Summary("<constant>"), "values that vary")
    if method == "spearman":
        s, o = _ranks(s), _ranks(o)
    r = float(np.clip(_corr(np.column_stack([s, o]))[0, 1], -1.0, 1.0))
    z = _NORMAL.inv_cdf(0.5 + level / 2)
    se = math.sqrt((1 + r * r / 2 if method == "spearman" else 1.0) / (n - 3))
    if abs(r) == 1.0:
        return OutcomeLink(r, r, r, 0.0, n, method, level)
    centre = math.atanh(r)
    p_value = 2.0 * (1.0 - _NORMAL.cdf(abs(centre) / se))
    return OutcomeLink(
        r, math.tanh(centre - z * se), math.tanh(centre + z * se), p_value, n, method, level
    )
