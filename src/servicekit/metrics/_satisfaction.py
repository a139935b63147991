"""Satisfaction measures: NPS with its uncertainty, CSAT, CES, satisfaction index."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from servicekit.errors import InvalidInputError
from servicekit.metrics._arrays import (
    CHUNK,
    NanPolicy,
    ResultMixin,
    Summary,
    as_numeric,
    check_integers_in,
    check_nan_policy,
    missing,
    not_empty,
    weights_for,
)

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


def _z(level: object) -> float:
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0 < level < 1:
        raise InvalidInputError("level", level, "a confidence level in (0, 1), e.g. 0.95")
    return _NORMAL.inv_cdf(0.5 + float(level) / 2)


# --- NPS -----------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class NPSResult(ResultMixin):
    r"""A Net Promoter Score with its parts and its uncertainty.

    Attributes
    ----------
    score : float
        % promoters - % detractors, in points from -100 to 100.
    n : float
        Number of answers (the sum of the weights when weighted).
    promoters, passives, detractors : float
        Answers 9-10, 7-8 and 0-6 (weighted sums when weighted).
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
    n: float
    promoters: float
    passives: float
    detractors: float
    standard_error: float
    effective_n: float

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
        elif method == "adjusted_wald":
            scale = self.effective_n / self.n if self.n else 0.0
            n_adj = self.effective_n + 3.0
            p = (self.promoters * scale + 0.75) / n_adj
            d = (self.detractors * scale + 0.75) / n_adj
            center = 100.0 * (p - d)
            se = 100.0 * math.sqrt(max(p + d - (p - d) ** 2, 0.0) / n_adj)
        else:
            raise InvalidInputError("method", method, "'wald' or 'adjusted_wald'")
        if math.isnan(center):
            return (math.nan, math.nan)
        return (max(-100.0, center - z * se), min(100.0, center + z * se))


def _result(p: float, pa: float, d: float, effective_n: float | None = None) -> NPSResult:
    n = p + pa + d
    n_e = float(n) if effective_n is None else effective_n
    ps, ds = p / n, d / n
    se = 100.0 * math.sqrt(max(ps + ds - (ps - ds) ** 2, 0.0) / n_e)
    return NPSResult(100.0 * (ps - ds), n, p, pa, d, se, n_e)


def _nan_result(p: float, pa: float, d: float) -> NPSResult:
    return NPSResult(math.nan, p + pa + d, p, pa, d, math.nan, math.nan)


def _int_list(values: list[Any] | tuple[Any, ...]) -> NDArray[np.int64] | None:
    """A list of plain ints as an int64 array in two C-speed passes; None otherwise.

    The types are looked at first, because NumPy would quietly turn True into 1.
    """
    if set(map(type, values)) != {int}:
        return None
    try:
        return np.fromiter(values, dtype=np.int64, count=len(values))
    except OverflowError:  # an int beyond 64 bits: certainly not a score
        return None


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


def nps(scores: object, *, weights: object = None, nan_policy: NanPolicy = "raise") -> NPSResult:
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
    policy = check_nan_policy(nan_policy)
    ints = _int_list(scores) if isinstance(scores, list | tuple) and scores else None
    arr = ints if ints is not None else as_numeric("scores", scores)
    if weights is not None:
        w = weights_for("weights", weights, arr.size)
        if arr.dtype.kind == "f":
            keep = ~np.isnan(arr)
            if not keep.all():
                missing("scores", arr, policy)  # raises under "raise"
                arr, w = arr[keep], w[keep]
                if policy == "propagate":
                    return _weighted(arr, w, propagate=True)
        check_integers_in("scores", arr, 0, 10)
        return _weighted(arr, w, propagate=False)
    if arr.dtype.kind in "iu":
        p, d, bad = _count_ints(arr)
        if bad:
            check_integers_in("scores", arr, 0, 10)  # finds and names the bad value
        not_empty("scores", arr.size)
        return _result(p, arr.size - p - d, d)
    clean, had_nan = missing("scores", arr, policy)
    check_integers_in("scores", clean, 0, 10)
    p = int(np.count_nonzero(clean >= 9))
    d = int(np.count_nonzero(clean <= 6))
    pa = clean.size - p - d
    if had_nan and policy == "propagate":
        return _nan_result(p, pa, d)
    not_empty("scores", clean.size)
    return _result(p, pa, d)


def _weighted(arr: NDArray[Any], w: NDArray[np.float64], *, propagate: bool) -> NPSResult:
    p = float(w[arr >= 9].sum())
    d = float(w[arr <= 6].sum())
    total = float(w.sum())
    pa = max(total - p - d, 0.0)
    if propagate:
        return _nan_result(p, pa, d)
    if total == 0:
        raise InvalidInputError("weights", Summary("<all zero>"), "at least one positive weight")
    effective = total**2 / float(np.dot(w, w))
    return _result(p, pa, d, effective_n=effective)


def nps_from_counts(detractors: int, passives: int, promoters: int) -> NPSResult:
    """Net Promoter Score from the three counts.

    Parameters
    ----------
    detractors, passives, promoters : int
        How many answered 0-6, 7-8 and 9-10; whole numbers >= 0, not all zero.

    Returns
    -------
    NPSResult

    Examples
    --------
    >>> nps_from_counts(detractors=20, passives=30, promoters=50).score
    30.0
    """
    counts = {"detractors": detractors, "passives": passives, "promoters": promoters}
    for name, value in counts.items():
        if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
            raise InvalidInputError(name, value, "a whole number >= 0")
    not_empty("detractors + passives + promoters", detractors + passives + promoters)
    return _result(int(promoters), int(passives), int(detractors))


@dataclass(frozen=True, repr=False)
class NPSComparison(ResultMixin):
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
    >>> c = compare_nps(nps_from_counts(10, 40, 50), nps_from_counts(20, 40, 40))
    >>> c.difference, round(c.standard_error, 3), round(c.z, 3), round(c.p_value, 4)
    (20.0, 10.0, 2.0, 0.0455)
    """

    difference: float
    standard_error: float
    z: float
    p_value: float


def compare_nps(a: object, b: object) -> NPSComparison:
    r"""Compare the Net Promoter Scores of two independent samples.

    Parameters
    ----------
    a, b : NPSResult or array-like of int
        Results of :func:`nps` (or :func:`nps_from_counts`), or the scores
        themselves.

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
    ra = a if isinstance(a, NPSResult) else nps(a)
    rb = b if isinstance(b, NPSResult) else nps(b)
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


def _ratings(
    name: str, values: object, low: int, high: int, nan_policy: NanPolicy
) -> tuple[NDArray[Any], bool]:
    arr = as_numeric(name, values)
    clean, had_nan = missing(name, arr, check_nan_policy(nan_policy))
    check_integers_in(name, clean, low, high)
    if not had_nan:
        not_empty(name, clean.size)
    return clean, had_nan


def _scale(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 2:
        raise InvalidInputError("scale", value, "a whole number of points >= 2")
    return int(value)


@dataclass(frozen=True, repr=False)
class CSATResult(ResultMixin):
    """Customer satisfaction score.

    Attributes
    ----------
    score : float
        Percent of answers that count as satisfied (by default 4 and 5 of 5).
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


def csat(
    ratings: object,
    *,
    scale: int = 5,
    satisfied: tuple[int, ...] = (4, 5),
    nan_policy: NanPolicy = "raise",
) -> CSATResult:
    """Customer satisfaction (CSAT): the share of satisfied answers.

    Parameters
    ----------
    ratings : array-like of int
        Ratings from 1 to ``scale``.
    scale : int, default 5
        The number of points on the scale.
    satisfied : tuple of int, default (4, 5)
        The ratings that count as satisfied ("top two boxes").
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What missing ratings do.

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
    of a 5-point satisfaction question is the common CSAT.

    Examples
    --------
    >>> r = csat([5, 4, 4, 3, 2, 5, 5, 1])
    >>> r.score, r.mean, r.n
    (62.5, 3.625, 8)
    """
    points = _scale(scale)
    if isinstance(satisfied, str) or not hasattr(satisfied, "__iter__"):
        raise InvalidInputError("satisfied", satisfied, f"ratings from 1 to {points}")
    boxes = tuple(satisfied)
    for box in boxes:
        if (
            isinstance(box, bool)
            or not isinstance(box, int | np.integer)
            or not (1 <= box <= points)
        ):
            raise InvalidInputError("satisfied", satisfied, f"ratings from 1 to {points}")
    if not boxes:
        raise InvalidInputError("satisfied", satisfied, "at least one rating")
    clean, had_nan = _ratings("ratings", ratings, 1, points, nan_policy)
    if had_nan and nan_policy == "propagate":
        return CSATResult(math.nan, math.nan, int(clean.size))
    hits = int(np.count_nonzero(np.isin(clean, boxes)))
    return CSATResult(100.0 * hits / clean.size, float(clean.mean()), int(clean.size))


@dataclass(frozen=True, repr=False)
class CESResult(ResultMixin):
    """Customer effort score.

    Attributes
    ----------
    mean : float
        The mean rating.
    score : float
        Percent of answers above the middle of the scale (5-7 on 7 points:
        "it was easy").
    n : int
        Number of ratings.

    Examples
    --------
    >>> ces([7, 6, 5, 4, 2]).to_dict()
    {'mean': 4.8, 'score': 60.0, 'n': 5}
    """

    mean: float
    score: float
    n: int


def ces(ratings: object, *, scale: int = 7, nan_policy: NanPolicy = "raise") -> CESResult:
    """Customer effort score (CES) on an agreement scale ("it was easy to ...").

    Parameters
    ----------
    ratings : array-like of int
        Ratings from 1 (strongly disagree) to ``scale`` (strongly agree).
    scale : int, default 7
        The number of points.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        What missing ratings do.

    Returns
    -------
    CESResult
        ``mean``, ``score`` (percent above the middle of the scale) and ``n``.

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
    >>> round(r.mean, 3), round(r.score, 2), r.n
    (4.571, 57.14, 7)
    """
    points = _scale(scale)
    clean, had_nan = _ratings("ratings", ratings, 1, points, nan_policy)
    if had_nan and nan_policy == "propagate":
        return CESResult(math.nan, math.nan, int(clean.size))
    easy = int(np.count_nonzero(clean > (points + 1) / 2))
    return CESResult(float(clean.mean()), 100.0 * easy / clean.size, int(clean.size))


# --- indices and gaps ------------------------------------------------------------------


def _scale_pair(scale: object) -> tuple[float, float]:
    try:
        if not isinstance(scale, tuple | list) or len(scale) != 2:
            raise TypeError
        lo, hi = float(scale[0]), float(scale[1])
    except (TypeError, ValueError):
        raise InvalidInputError("scale", scale, "a pair (low, high) with low < high") from None
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
        raise InvalidInputError("scale", scale, "a pair (low, high) with low < high")
    return lo, hi


def satisfaction_index(
    item_means: object,
    *,
    scale: tuple[float, float] = (1, 10),
    weights: object = None,
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
    lo, hi = _scale_pair(scale)
    arr = as_numeric("item_means", item_means).astype(np.float64, copy=False)
    policy = check_nan_policy(nan_policy)
    w = None if weights is None else weights_for("weights", weights, arr.size)
    keep = ~np.isnan(arr)
    if not keep.all():
        missing("item_means", arr, policy)
        if policy == "propagate":
            return math.nan
        arr = arr[keep]
        w = None if w is None else w[keep]
    not_empty("item_means", arr.size)
    bad = (arr < lo) | (arr > hi)
    if bad.any():
        raise InvalidInputError("item_means", arr[bad][0].item(), f"means within {scale}")
    rescaled = 100.0 * (arr - lo) / (hi - lo)
    if w is None:
        return float(rescaled.mean())
    total = float(w.sum())
    if total == 0:
        raise InvalidInputError("weights", Summary("<all zero>"), "at least one positive weight")
    return float(np.dot(w, rescaled) / total)


@dataclass(frozen=True, repr=False)
class DisconfirmationResult(ResultMixin):
    """Experience minus expectation, item by item.

    Attributes
    ----------
    gaps : numpy.ndarray
        ``experience - expectation`` per item: positive when expectations
        were exceeded.
    mean_gap : float
        The mean gap.

    Examples
    --------
    >>> disconfirmation([4, 5], [5, 4]).mean_gap
    0.0
    """

    gaps: NDArray[np.float64]
    mean_gap: float


def disconfirmation(
    experience: object, expectation: object, *, nan_policy: NanPolicy = "raise"
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
    >>> r.gaps, r.mean_gap
    (array([ 1., -1.,  0.]), 0.0)
    """
    exp_ = as_numeric("experience", experience).astype(np.float64, copy=False)
    pre = as_numeric("expectation", expectation).astype(np.float64, copy=False)
    if exp_.size != pre.size:
        raise InvalidInputError(
            "expectation",
            Summary(f"<{pre.size} values>"),
            f"{exp_.size} values, one per experience",
        )
    policy = check_nan_policy(nan_policy)
    gaps = exp_ - pre
    valid = ~np.isnan(gaps)
    if not valid.all():
        missing("experience" if np.isnan(exp_).any() else "expectation", gaps, policy)
        if policy == "propagate":
            return DisconfirmationResult(gaps, math.nan)
    not_empty("experience", int(np.count_nonzero(valid)))
    return DisconfirmationResult(gaps, float(gaps[valid].mean()))
