"""Satisfaction measures: NPS with its uncertainty, CSAT, CES, satisfaction index."""

from __future__ import annotations

import math
from statistics import NormalDist
from typing import Any, Literal, cast

import numpy as np
from numpy.typing import NDArray

from servicekit._params import (
    NAN_POLICY,
    ZERO_DIVISION,
    ArrayLike,
    Instance,
    Integer,
    NanPolicy,
    Numbers,
    Optional,
    Options,
    Real,
    Summary,
    ZeroDivision,
    apply_nan_policy,
    fail,
    validate_params,
)
from servicekit._results import Result, result
from servicekit.errors import InvalidInputError

CHUNK = 1 << 18  # elements per block when several passes over one array are needed

__all__ = [
    "CESResult",
    "CSATResult",
    "DisconfirmationResult",
    "NPSComparison",
    "NPSResult",
    "ces",
    "compare_nps",
    "csat",
    "disconfirmation",
    "nps",
    "nps_from_counts",
    "satisfaction_index",
]

_NORMAL = NormalDist()
_LEVEL = Real(
    low=0, high=1, low_open=True, high_open=True, expected="a confidence level in (0, 1), e.g. 0.95"
)
_SCORES = Numbers(integer=True, low=0, high=10, missing=True, check_values=False)
_WEIGHTS = Optional(Numbers(low=0, expected="a 1-d array-like of finite weights >= 0"))
_METHOD = Options("wald", "adjusted_wald")


def _z(level: float) -> float:
    return _NORMAL.inv_cdf(0.5 + level / 2)


# --- NPS -----------------------------------------------------------------------------


@result
class NPSResult(Result):
    r"""A Net Promoter Score with its parts and its uncertainty.

    Attributes
    ----------
    score : float
        % promoters - % detractors, in points from -100 to 100.
    n : int
        Number of answers counted.
    promoters, passives, detractors : float
        Answers 9-10, 7-8 and 0-6 (weighted sums when weighted; whole numbers
        otherwise).
    standard_error : float
        In points: :math:`100 \sqrt{(p + d - (p - d)^2) / n_e}` with ``p``, ``d``
        the promoter and detractor shares.
    effective_n : float
        The sample size behind the standard error: ``n`` unweighted, Kish's
        :math:`(\sum w)^2 / \sum w^2` weighted.

    Examples
    --------
    >>> r = nps_from_counts(detractors=10, passives=40, promoters=50)
    >>> r.score, r.n
    (40.0, 100)
    >>> r.to_dict()["promoters"]
    50
    """

    score: float
    n: int
    promoters: float
    passives: float
    detractors: float
    standard_error: float
    effective_n: float

    @validate_params(level=_LEVEL, method=_METHOD)
    def confidence_interval(
        self, level: float = 0.95, method: Literal["wald", "adjusted_wald"] = "wald"
    ) -> tuple[float, float]:
        r"""A confidence interval for the score, in points, clipped to [-100, 100].

        Parameters
        ----------
        level : float, default 0.95
            The confidence level.
        method : {"wald", "adjusted_wald"}, default "wald"
            ``"wald"``: score :math:`\pm z \cdot` standard error.
            ``"adjusted_wald"``: first add 3/4 of a detractor, 3/2 of a passive
            and 3/4 of a promoter (3 answers in all), then the Wald interval
            around the adjusted score; better coverage for small samples and
            extreme scores.

        Returns
        -------
        (float, float)
            The lower and upper bounds.

        References
        ----------
        Rocks, B. (2016). Interval estimation for the "Net Promoter Score".
        *The American Statistician* 70(4), 365-372. Sauro, J. and Lewis, J. R.,
        MeasuringU, "Confidence intervals for Net Promoter Scores" (2021).

        Examples
        --------
        >>> r = nps_from_counts(detractors=10, passives=40, promoters=50)
        >>> [round(x, 2) for x in r.confidence_interval()]
        [27.0, 53.0]
        >>> [round(x, 2) for x in r.confidence_interval(method="adjusted_wald")]
        [25.93, 51.74]
        """
        z = _z(level)
        if method == "wald":
            center, se = self.score, self.standard_error
        else:
            total = self.promoters + self.passives + self.detractors
            scale = self.effective_n / total if total else 0.0
            n_adj = self.effective_n + 3.0
            p = (self.promoters * scale + 0.75) / n_adj
            d = (self.detractors * scale + 0.75) / n_adj
            center = 100.0 * (p - d)
            se = 100.0 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n_adj)
        if math.isnan(center) or math.isnan(se):
            return (math.nan, math.nan)
        return (max(-100.0, center - z * se), min(100.0, center + z * se))


def _result(n: int, p: float, pa: float, d: float, effective_n: float | None = None) -> NPSResult:
    total = p + pa + d
    n_e = float(total) if effective_n is None else effective_n
    ps, ds = p / total, d / total
    se = 100.0 * math.sqrt(max(ps + ds - (ps - ds) ** 2, 0.0) / n_e)
    return NPSResult(100.0 * (ps - ds), n, p, pa, d, se, n_e)


def _undefined(n: int, p: float, pa: float, d: float, value: float) -> NPSResult:
    return NPSResult(value, n, p, pa, d, math.nan, math.nan)


def _count_ints(arr: NDArray[Any]) -> tuple[int, int, int]:
    """(promoters, detractors, out of range) of an integer array, blockwise in cache."""
    # Reinterpreting as unsigned turns negative scores into huge ones, so one
    # comparison (> 10) finds every value out of range.
    u = arr.view(np.dtype(f"u{arr.dtype.itemsize}"))
    p = d = bad = 0
    for start in range(0, u.size, CHUNK):
        block = u[start : start + CHUNK]
        bad += int(np.count_nonzero(block > 10))
        p += int(np.count_nonzero(block >= 9))
        d += int(np.count_nonzero(block <= 6))
    return p, d, bad


def _no_answers(name: str, zero_division: ZeroDivision) -> float:
    if zero_division == "raise":
        fail(
            name,
            Summary("<no values>"),
            "at least one value after missing ones (or pass zero_division=<value>)",
        )
    return float(zero_division)


@validate_params(
    scores=_SCORES, weights=_WEIGHTS, nan_policy=NAN_POLICY, zero_division=ZERO_DIVISION
)
def nps(
    scores: ArrayLike,
    *,
    weights: ArrayLike | None = None,
    nan_policy: NanPolicy = "raise",
    zero_division: ZeroDivision = "raise",
) -> NPSResult:
    r"""Net Promoter Score of answers on the 0-10 "would you recommend us" scale.

    Parameters
    ----------
    scores : array-like of int
        Answers from 0 to 10: a list, tuple, NumPy array or pandas/polars
        Series. Integer-valued floats are accepted; 7.5, 11, -1, booleans and
        strings are not.
    weights : array-like of float, optional
        One non-negative weight per answer (survey weights). All-ones weights
        give the unweighted result.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What missing answers (NaN, None) do: raise an error, be left out, or
        make the score and its standard error NaN.
    zero_division : "raise" or float, default "raise"
        The score when no answer is left to count: an error, or this value.

    Returns
    -------
    NPSResult
        ``score`` in points, the counts, ``standard_error`` and
        ``confidence_interval()``.

    Notes
    -----
    Promoters answer 9-10, passives 7-8, detractors 0-6;
    :math:`\mathrm{NPS} = 100 (P - D) / n`. The standard error is that of a
    difference of two shares of one multinomial sample,
    :math:`100 \sqrt{(p + d - (p - d)^2) / n}`. With weights, the shares are
    weighted and ``n`` in the standard error is Kish's effective sample size.

    References
    ----------
    Reichheld, F. F. (2003). The one number you need to grow. *Harvard
    Business Review* 81(12), 46-54. Rocks, B. (2016), *The American
    Statistician* 70(4), 365-372 (the standard error).

    Examples
    --------
    >>> r = nps([10, 9, 9, 8, 7, 6, 3, 10, 9, 0])
    >>> r.score, r.promoters, r.passives, r.detractors
    (20.0, 5, 2, 3)
    >>> round(r.standard_error, 2)
    27.57
    """
    arr = cast(NDArray[Any], scores)
    if weights is not None:
        w = cast(NDArray[np.float64], weights).astype(np.float64, copy=False)
        _SCORES.check("scores", arr[~np.isnan(arr)] if arr.dtype.kind == "f" else arr)
        if w.size != arr.size:
            fail("weights", Summary(f"<{w.size} weights>"), f"{arr.size} weights, one per score")
        if arr.dtype.kind == "f":
            keep = ~np.isnan(arr)
            if not keep.all():
                apply_nan_policy("scores", arr, nan_policy)  # raises under "raise"
                arr, w = arr[keep], w[keep]
                if nan_policy == "propagate":
                    return _weighted(arr, w, propagate=True, zero_division=zero_division)
        return _weighted(arr, w, propagate=False, zero_division=zero_division)
    if arr.dtype.kind in "iu":
        p, d, bad = _count_ints(arr)
        if bad:
            _SCORES.check("scores", arr)  # finds and names the bad value
        if arr.size == 0:
            return _undefined(0, 0, 0, 0, _no_answers("scores", zero_division))
        return _result(arr.size, p, arr.size - p - d, d)
    clean, had_nan = apply_nan_policy("scores", arr, nan_policy)
    _SCORES.check("scores", clean)
    p = int(np.count_nonzero(clean >= 9))
    d = int(np.count_nonzero(clean <= 6))
    pa = clean.size - p - d
    if had_nan and nan_policy == "propagate":
        return _undefined(clean.size, p, pa, d, math.nan)
    if clean.size == 0:
        return _undefined(0, 0, 0, 0, _no_answers("scores", zero_division))
    return _result(clean.size, p, pa, d)


def _weighted(
    arr: NDArray[Any],
    w: NDArray[np.float64],
    *,
    propagate: bool,
    zero_division: ZeroDivision,
) -> NPSResult:
    p = float(w[arr >= 9].sum())
    d = float(w[arr <= 6].sum())
    total = float(w.sum())
    pa = max(total - p - d, 0.0)
    if propagate:
        return _undefined(arr.size, p, pa, d, math.nan)
    if total == 0:
        if arr.size:
            fail("weights", Summary("<all zero>"), "at least one positive weight")
        return _undefined(0, 0.0, 0.0, 0.0, _no_answers("scores", zero_division))
    effective = total**2 / float(np.dot(w, w))
    return _result(arr.size, p, pa, d, effective_n=effective)


_COUNT = Integer(low=0, expected="a whole number >= 0")


@validate_params(detractors=_COUNT, passives=_COUNT, promoters=_COUNT)
def nps_from_counts(*, detractors: int, passives: int, promoters: int) -> NPSResult:
    """Net Promoter Score from the three counts.

    Parameters
    ----------
    detractors, passives, promoters : int
        How many answered 0-6, 7-8 and 9-10; whole numbers >= 0, not all
        zero. Keyword-only, so they cannot be given in the wrong order.

    Returns
    -------
    NPSResult

    Examples
    --------
    >>> nps_from_counts(detractors=20, passives=30, promoters=50).score
    30.0
    """
    n = detractors + passives + promoters
    if n == 0:
        fail("detractors + passives + promoters", 0, "at least one answer")
    return _result(n, promoters, passives, detractors)


@result
class NPSComparison(Result):
    r"""Two independent Net Promoter Scores compared (a two-sample z test).

    Attributes
    ----------
    difference : float
        ``a.score - b.score``, points.
    standard_error : float
        :math:`\sqrt{SE_a^2 + SE_b^2}`, points.
    z : float
        ``difference / standard_error``.
    p_value : float
        Two-sided.

    Examples
    --------
    >>> a = nps_from_counts(detractors=10, passives=40, promoters=50)
    >>> b = nps_from_counts(detractors=20, passives=40, promoters=40)
    >>> c = compare_nps(a, b)
    >>> c.difference, round(c.standard_error, 3), round(c.z, 3), round(c.p_value, 4)
    (20.0, 10.0, 2.0, 0.0455)
    """

    difference: float
    standard_error: float
    z: float
    p_value: float


@validate_params(nan_policy=NAN_POLICY)
def compare_nps(
    a: NPSResult | ArrayLike, b: NPSResult | ArrayLike, *, nan_policy: NanPolicy = "raise"
) -> NPSComparison:
    r"""Compare the Net Promoter Scores of two independent samples.

    Parameters
    ----------
    a, b : NPSResult or array-like of int
        Results of :func:`nps` (or :func:`nps_from_counts`), or the scores
        themselves.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What missing scores do, when scores are given.

    Returns
    -------
    NPSComparison
        ``difference``, ``standard_error``, ``z`` and the two-sided
        ``p_value``.

    Notes
    -----
    :math:`z = (\mathrm{NPS}_a - \mathrm{NPS}_b) / \sqrt{SE_a^2 + SE_b^2}`,
    normal approximation. When both standard errors are zero (every answer
    in one group), ``z`` is 0 for equal scores (p = 1) and infinite otherwise
    (p = 0).

    References
    ----------
    Rocks, B. (2016), *The American Statistician* 70(4), 365-372.

    Examples
    --------
    >>> c = compare_nps([10, 9, 8, 2], [6, 5, 9, 7])
    >>> c.difference
    50.0
    """
    results = []
    for name, value in (("a", a), ("b", b)):
        if isinstance(value, NPSResult):
            results.append(value)
            continue
        try:
            results.append(nps(value, nan_policy=nan_policy))
        except InvalidInputError as err:
            raise InvalidInputError(
                name, err.value, f"an NPSResult or scores: {err.expected}"
            ) from None
    ra, rb = results
    diff = ra.score - rb.score
    se = math.hypot(ra.standard_error, rb.standard_error)
    if math.isnan(diff) or math.isnan(se):
        return NPSComparison(diff, se, math.nan, math.nan)
    if se > 0:
        z = diff / se
    else:  # every answer of both groups in one class
        z = 0.0 if diff == 0 else math.copysign(math.inf, diff)
    p_value = 2.0 * (1.0 - _NORMAL.cdf(abs(z))) if math.isfinite(z) else 0.0
    return NPSComparison(diff, se, z, p_value)


# --- CSAT and CES ---------------------------------------------------------------------

_RATINGS = Numbers(integer=True, low=1, missing=True, check_values=False)
_POINTS = Integer(low=2, high=100, expected="a whole number of points from 2 to 100")


def _ratings(values: NDArray[Any], points: int, nan_policy: NanPolicy) -> tuple[NDArray[Any], bool]:
    """Ratings from 1 to ``points`` without the missing ones; whether any were missing."""
    clean, had_nan = apply_nan_policy("ratings", values, nan_policy)
    checker = Numbers(integer=True, low=1, high=points)
    if clean.dtype.kind in "iu":
        # Blockwise min/max in cache: a rating out of range is then found and named.
        for start in range(0, clean.size, CHUNK):
            block = clean[start : start + CHUNK]
            if block.size and (block.min() < 1 or block.max() > points):
                checker.check("ratings", block)
    else:
        checker.check("ratings", clean)
    return clean, had_nan


def _count_boxes(clean: NDArray[Any], boxes: tuple[int, ...]) -> tuple[int, float]:
    """(how many ratings fall in ``boxes``, sum of the ratings), blockwise in cache."""
    lo, hi = min(boxes), max(boxes)
    contiguous = len(boxes) == hi - lo + 1
    hits = 0
    total = 0.0
    for start in range(0, clean.size, CHUNK):
        block = clean[start : start + CHUNK]
        if contiguous:
            hits += int(np.count_nonzero(block >= lo)) - int(np.count_nonzero(block > hi))
        else:
            hits += sum(int(np.count_nonzero(block == box)) for box in boxes)
        total += float(block.sum(dtype=np.int64 if block.dtype.kind in "iu" else np.float64))
    return hits, total


@result
class CSATResult(Result):
    """Customer satisfaction score.

    Attributes
    ----------
    score : float
        Percent of answers that count as satisfied (by default the top two
        boxes of the scale: 4 and 5 of 5, 9 and 10 of 10).
    mean : float
        The mean rating.
    n : int
        Number of ratings.

    Examples
    --------
    >>> csat([5, 4, 3, 5]).to_dict()
    {'score': 75.0, 'mean': 4.25, 'n': 4}
    """

    score: float
    mean: float
    n: int


@validate_params(
    ratings=_RATINGS,
    scale=_POINTS,
    satisfied=Optional(Instance(tuple, list, frozenset, set, expected="a collection of ratings")),
    nan_policy=NAN_POLICY,
    zero_division=ZERO_DIVISION,
)
def csat(
    ratings: ArrayLike,
    *,
    scale: int = 5,
    satisfied: tuple[int, ...] | None = None,
    nan_policy: NanPolicy = "raise",
    zero_division: ZeroDivision = "raise",
) -> CSATResult:
    """Customer satisfaction (CSAT): the share of satisfied answers.

    Parameters
    ----------
    ratings : array-like of int
        Ratings from 1 to ``scale``.
    scale : int, default 5
        The number of points on the scale.
    satisfied : collection of int, optional
        The ratings that count as satisfied. Default: the top two boxes of
        the scale (``scale - 1`` and ``scale``).
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What missing ratings do.
    zero_division : "raise" or float, default "raise"
        The score when no rating is left to count: an error, or this value.

    Returns
    -------
    CSATResult
        ``score`` (percent satisfied), ``mean``, ``n``.

    Notes
    -----
    CSAT = 100 x (number of satisfied ratings) / (number of ratings).

    References
    ----------
    American Customer Satisfaction Index methodology; the "top two box" share
    of a satisfaction question is the common CSAT.

    Examples
    --------
    >>> r = csat([5, 4, 4, 3, 2, 5, 5, 1])
    >>> r.score, r.mean, r.n
    (62.5, 3.625, 8)
    >>> csat([9, 10, 10, 7], scale=10).score
    75.0
    """
    if satisfied is None:
        boxes: tuple[int, ...] = (scale - 1, scale)
    else:
        boxes = tuple(sorted(satisfied))
        for box in boxes:
            if (
                isinstance(box, bool)
                or not isinstance(box, int | np.integer)
                or not 1 <= box <= scale
            ):
                fail("satisfied", Summary(f"<{box!r}>"), f"ratings from 1 to {scale}")
        if not boxes:
            fail("satisfied", Summary("<empty>"), "at least one rating")
    clean, had_nan = _ratings(cast(NDArray[Any], ratings), scale, nan_policy)
    if had_nan and nan_policy == "propagate":
        return CSATResult(math.nan, math.nan, int(clean.size))
    if clean.size == 0:
        return CSATResult(_no_answers("ratings", zero_division), math.nan, 0)
    hits, total = _count_boxes(clean, boxes)
    return CSATResult(100.0 * hits / clean.size, total / clean.size, int(clean.size))


@result
class CESResult(Result):
    """Customer effort score.

    Attributes
    ----------
    score : float
        Percent of answers above the middle of the scale (5-7 on 7 points:
        "it was easy").
    mean : float
        The mean rating.
    n : int
        Number of ratings.

    Examples
    --------
    >>> ces([7, 6, 5, 4, 2]).to_dict()
    {'score': 60.0, 'mean': 4.8, 'n': 5}
    """

    score: float
    mean: float
    n: int


@validate_params(
    ratings=_RATINGS, scale=_POINTS, nan_policy=NAN_POLICY, zero_division=ZERO_DIVISION
)
def ces(
    ratings: ArrayLike,
    *,
    scale: int = 7,
    nan_policy: NanPolicy = "raise",
    zero_division: ZeroDivision = "raise",
) -> CESResult:
    """Customer effort score (CES) on an agreement scale ("it was easy to ...").

    Parameters
    ----------
    ratings : array-like of int
        Ratings from 1 (strongly disagree) to ``scale`` (strongly agree).
    scale : int, default 7
        The number of points.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What missing ratings do.
    zero_division : "raise" or float, default "raise"
        The score when no rating is left to count: an error, or this value.

    Returns
    -------
    CESResult
        ``score`` (percent above the middle of the scale), ``mean`` and ``n``.

    Notes
    -----
    The score counts ratings strictly above the midpoint ``(scale + 1) / 2``:
    5, 6 and 7 on the 7-point CES 2.0 scale, 4 and 5 on a 5-point scale.

    References
    ----------
    Dixon, M., Freeman, K. and Toman, N. (2010). Stop trying to delight your
    customers. *Harvard Business Review* 88(7/8); CES 2.0 (CEB/Gartner),
    a 7-point agreement scale.

    Examples
    --------
    >>> r = ces([7, 6, 6, 5, 4, 3, 1])
    >>> round(r.score, 2), round(r.mean, 3), r.n
    (57.14, 4.571, 7)
    """
    clean, had_nan = _ratings(cast(NDArray[Any], ratings), scale, nan_policy)
    if had_nan and nan_policy == "propagate":
        return CESResult(math.nan, math.nan, int(clean.size))
    if clean.size == 0:
        return CESResult(_no_answers("ratings", zero_division), math.nan, 0)
    easy_from = (scale + 1) // 2 + 1  # strictly above the midpoint (scale + 1) / 2
    hits, total = _count_boxes(clean, tuple(range(easy_from, scale + 1)))
    return CESResult(100.0 * hits / clean.size, total / clean.size, int(clean.size))


# --- indices and gaps ------------------------------------------------------------------


class _ScalePair(Instance):
    expected = "a pair (low, high) of finite numbers with low < high"

    def __init__(self) -> None:
        super().__init__(tuple, list, expected=self.expected)

    def convert(self, name: str, value: object) -> tuple[float, float]:
        pair = super().convert(name, value)
        real = Real()
        if len(pair) != 2:
            raise self.error(name, Summary(f"<{len(pair)} values>"))
        try:
            lo, hi = real.convert(name, pair[0]), real.convert(name, pair[1])
        except InvalidInputError:
            raise self.error(name, Summary("<not two finite numbers>")) from None
        if not lo < hi:
            raise self.error(name, Summary(f"<({lo:g}, {hi:g})>"))
        return lo, hi

    def invalid(self) -> tuple[object, ...]:
        return ((5, 1), (1,), (1, math.inf), ("1", "10"), 10)


@validate_params(
    item_means=Numbers(missing=True),
    scale=_ScalePair(),
    weights=_WEIGHTS,
    nan_policy=NAN_POLICY,
)
def satisfaction_index(
    item_means: ArrayLike,
    *,
    scale: tuple[float, float] = (1, 10),
    weights: ArrayLike | None = None,
    nan_policy: NanPolicy = "raise",
) -> float:
    r"""An ACSI-style satisfaction index from 0 to 100.

    Parameters
    ----------
    item_means : array-like of float
        The mean rating of each item (question) on the same scale.
    scale : (float, float), default (1, 10)
        The lowest and highest rating of the scale.
    weights : array-like of float, optional
        One non-negative weight per item, normalised by their sum (so
        100-point and fractional weights give the same index).
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What missing item means do.

    Returns
    -------
    float
        :math:`\sum_i w_i \, 100 (x_i - \text{low}) / (\text{high} - \text{low})
        / \sum_i w_i`.

    References
    ----------
    Fornell, C. et al. (1996). The American Customer Satisfaction Index.
    *Journal of Marketing* 60(4), 7-18 (the 0-100 rescaling of 10-point items).

    Examples
    --------
    >>> round(satisfaction_index([8.2, 7.6, 9.1]), 4)
    81.1111
    >>> round(satisfaction_index([8.2, 7.6, 9.1], weights=[50, 30, 20]), 4)
    80.0
    """
    lo, hi = scale
    arr = cast(NDArray[Any], item_means).astype(np.float64, copy=False)
    w = None if weights is None else cast(NDArray[Any], weights).astype(np.float64, copy=False)
    if w is not None and w.size != arr.size:
        fail("weights", Summary(f"<{w.size} weights>"), f"{arr.size} weights, one per item")
    keep = ~np.isnan(arr)
    if not keep.all():
        apply_nan_policy("item_means", arr, nan_policy)
        if nan_policy == "propagate":
            return math.nan
        arr = arr[keep]
        w = None if w is None else w[keep]
    if arr.size == 0:
        fail("item_means", Summary("<no values>"), "at least one item mean")
    bad = (arr < lo) | (arr > hi)
    if bad.any():
        fail("item_means", arr[bad][0].item(), f"means within ({lo:g}, {hi:g})")
    rescaled = 100.0 * (arr - lo) / (hi - lo)
    if w is None:
        return float(rescaled.mean())
    total = float(w.sum())
    if total == 0:
        fail("weights", Summary("<all zero>"), "at least one positive weight")
    return float(np.dot(w, rescaled) / total)


@result
class DisconfirmationResult(Result):
    """Experience minus expectation, item by item.

    Attributes
    ----------
    gaps : numpy.ndarray
        ``experience - expectation`` per item: positive when expectations
        were exceeded (NaN where either is missing).
    mean_gap : float
        The mean gap.

    Examples
    --------
    >>> disconfirmation([4, 5], [5, 4]).mean_gap
    0.0
    """

    gaps: NDArray[np.float64]
    mean_gap: float


@validate_params(
    experience=Numbers(missing=True), expectation=Numbers(missing=True), nan_policy=NAN_POLICY
)
def disconfirmation(
    experience: ArrayLike, expectation: ArrayLike, *, nan_policy: NanPolicy = "raise"
) -> DisconfirmationResult:
    """Expectation disconfirmation: satisfaction = experience - expectation.

    Parameters
    ----------
    experience, expectation : array-like of float
        Ratings of the same items on the same scale, in the same order.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What missing ratings do; ``"omit"`` leaves out the items where either
        is missing (their gap is NaN in ``gaps``).

    Returns
    -------
    DisconfirmationResult
        ``gaps`` and ``mean_gap``.

    References
    ----------
    Oliver, R. L. (1980). A cognitive model of the antecedents and
    consequences of satisfaction decisions. *Journal of Marketing Research*
    17(4), 460-469.

    Examples
    --------
    >>> r = disconfirmation([6, 4, 5], [5, 5, 5])
    >>> r.gaps.tolist(), r.mean_gap
    ([1.0, -1.0, 0.0], 0.0)
    """
    exp_ = cast(NDArray[Any], experience).astype(np.float64, copy=False)
    pre = cast(NDArray[Any], expectation).astype(np.float64, copy=False)
    if exp_.size != pre.size:
        fail(
            "expectation",
            Summary(f"<{pre.size} values>"),
            f"{exp_.size} values, one per experience",
        )
    gaps = exp_ - pre
    valid = ~np.isnan(gaps)
    if not valid.all():
        apply_nan_policy("experience" if np.isnan(exp_).any() else "expectation", gaps, nan_policy)
        if nan_policy == "propagate":
            return DisconfirmationResult(gaps, math.nan)
    if not valid.any():
        fail("experience", Summary("<no values>"), "at least one item with both ratings")
    return DisconfirmationResult(gaps, float(gaps[valid].mean()))
