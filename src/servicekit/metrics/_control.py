"""Control charts for complaint counts and rates: early warning of abnormal rises."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from servicekit.errors import InvalidInputError
from servicekit.metrics._arrays import ResultMixin, Summary, as_numeric
from servicekit.metrics._columns import INSTANTS, period_starts

__all__ = [
    "ControlChart",
    "EWMAChart",
    "SpikeReport",
    "c_chart",
    "complaint_spikes",
    "ewma_chart",
    "np_chart",
    "p_chart",
    "u_chart",
]


@dataclass(frozen=True, repr=False)
class ControlChart(ResultMixin):
    """A Shewhart control chart.

    Attributes
    ----------
    values : numpy.ndarray
        The plotted statistic of each point (count, rate or proportion).
    center, ucl, lcl : numpy.ndarray
        Centre line and 3-sigma limits, one value per point (they vary with
        the sample size); a negative lower limit is 0.
    out_of_control : numpy.ndarray of int
        Indices of the points that break a rule: outside the limits, and with
        ``western_electric=True`` also the run rules.
    violations : dict of str to numpy.ndarray
        The indices each rule flags (only ``beyond_3_sigma`` unless the
        Western Electric rules are on).

    Examples
    --------
    >>> r = c_chart([3, 4, 2, 5, 3, 18])
    >>> r.out_of_control
    array([5])
    """

    values: NDArray[np.float64]
    center: NDArray[np.float64]
    ucl: NDArray[np.float64]
    lcl: NDArray[np.float64]
    out_of_control: NDArray[np.intp]
    violations: dict[str, NDArray[np.intp]] = field(default_factory=dict)


def _counts(name: str, values: object, *, allow_empty: bool = False) -> NDArray[np.float64]:
    arr = as_numeric(name, values).astype(np.float64, copy=False)
    bad = ~np.isfinite(arr) | (arr < 0) | (arr != np.floor(arr))
    if bad.any():
        raise InvalidInputError(name, arr[bad][0].item(), "whole-number counts >= 0")
    if arr.size == 0 and not allow_empty:
        raise InvalidInputError(name, Summary("<no points>"), "at least one point")
    return arr


def _sizes(name: str, values: object, length: int) -> NDArray[np.float64]:
    if isinstance(values, int | float | np.integer | np.floating) and not isinstance(values, bool):
        arr = np.full(length, float(values))
    else:
        arr = as_numeric(name, values).astype(np.float64, copy=False)
    if arr.size != length:
        raise InvalidInputError(
            name, Summary(f"<{arr.size} values>"), f"{length} sizes, one per point"
        )
    bad = ~np.isfinite(arr) | (arr <= 0)
    if bad.any():
        raise InvalidInputError(name, arr[bad][0].item(), "sample sizes > 0")
    return arr


def _runs(z: NDArray[np.float64], window: int, need: int, beyond: float) -> NDArray[np.intp]:
    """Points ending a window of ``window`` with ``need`` beyond ``beyond`` sigma on one side."""
    n = z.size
    if n < window:
        return np.empty(0, dtype=np.intp)
    hits = []
    for sign in (1.0, -1.0):
        flag = (sign * z > beyond).astype(np.int64)
        counts = np.convolve(flag, np.ones(window, dtype=np.int64), mode="valid")
        ends = np.flatnonzero(counts >= need) + window - 1
        hits.append(ends[flag[ends] == 1])  # the point completing the pattern is one of them
    return np.unique(np.concatenate(hits)).astype(np.intp)


def _chart(
    values: NDArray[np.float64],
    center: NDArray[np.float64],
    sigma: NDArray[np.float64],
    *,
    western_electric: bool,
    upper_cap: float | None = None,
) -> ControlChart:
    ucl = center + 3.0 * sigma
    if upper_cap is not None:
        ucl = np.minimum(ucl, upper_cap)
    lcl = np.maximum(center - 3.0 * sigma, 0.0)
    beyond = np.flatnonzero((values > ucl) | (values < lcl)).astype(np.intp)
    violations = {"beyond_3_sigma": beyond}
    if western_electric:
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.where(sigma > 0, (values - center) / np.where(sigma > 0, sigma, 1.0), 0.0)
        violations["two_of_three_beyond_2_sigma"] = _runs(z, 3, 2, 2.0)
        violations["four_of_five_beyond_1_sigma"] = _runs(z, 5, 4, 1.0)
        side = np.sign(values - center)
        eight = np.empty(0, dtype=np.intp)
        if values.size >= 8:
            for s in (1.0, -1.0):
                run = np.convolve((side == s).astype(np.int64), np.ones(8, dtype=np.int64), "valid")
                eight = np.union1d(eight, np.flatnonzero(run == 8) + 7).astype(np.intp)
        violations["eight_on_one_side"] = eight
    flagged = np.unique(np.concatenate(list(violations.values()))).astype(np.intp)
    return ControlChart(values, center, ucl, lcl, flagged, violations)


def c_chart(counts: object, *, western_electric: bool = False) -> ControlChart:
    r"""Control chart for counts (c chart): complaints per period of equal opportunity.

    Parameters
    ----------
    counts : array-like of int
        Complaints (nonconformities) per period.
    western_electric : bool, default False
        Also apply the Western Electric run rules: 2 of 3 beyond 2 sigma,
        4 of 5 beyond 1 sigma, 8 in a row on one side of the centre line.

    Returns
    -------
    ControlChart

    Notes
    -----
    :math:`\bar c = \sum c_i / m`; limits :math:`\bar c \pm 3 \sqrt{\bar c}`.

    References
    ----------
    Montgomery, D. C. *Introduction to Statistical Quality Control*, 6th ed.
    (2009), section 7.3.1, Example 7.3: 26 samples of printed circuit boards,
    :math:`\bar c = 19.85`, UCL 33.22, LCL 6.48 (the book rounds
    :math:`\bar c` before the square root; unrounded, UCL = 33.21); samples 6
    and 20 are out of control. Western Electric Company (1956), *Statistical Quality Control
    Handbook*.

    Examples
    --------
    >>> r = c_chart([21, 24, 16, 12, 15, 5, 28, 20, 31, 25, 20, 24, 16, 19, 10, 17, 13, 22,
    ...              18, 39, 30, 24, 16, 19, 17, 15])
    >>> [round(float(v[0]), 2) for v in (r.center, r.ucl, r.lcl)]
    [19.85, 33.21, 6.48]
    >>> r.out_of_control + 1   # sample numbers
    array([ 6, 20])
    """
    c = _counts("counts", counts)
    cbar = float(c.mean())
    center = np.full(c.size, cbar)
    return _chart(c, center, np.full(c.size, math.sqrt(cbar)), western_electric=western_electric)


def u_chart(counts: object, n: object, *, western_electric: bool = False) -> ControlChart:
    r"""Control chart for rates (u chart): events per unit of varying opportunity.

    Parameters
    ----------
    counts : array-like of int
        Events per period.
    n : float or array-like of float
        Units of opportunity per period (orders, contacts; in any unit).
    western_electric : bool, default False

    Returns
    -------
    ControlChart
        ``values`` are :math:`u_i = c_i / n_i`.

    Notes
    -----
    :math:`\bar u = \sum c_i / \sum n_i`; limits
    :math:`\bar u \pm 3 \sqrt{\bar u / n_i}`.

    References
    ----------
    Montgomery (2009), Example 7.5: personal computers, 20 samples of 5,
    :math:`\bar u = 1.93`, UCL 3.79, LCL 0.07.

    Examples
    --------
    >>> r = u_chart([10, 12, 8, 14, 10, 16, 11, 7, 10, 15, 9, 5, 7, 11, 12, 6, 8, 10, 7, 5], 5)
    >>> [round(float(v[0]), 2) for v in (r.center, r.ucl, r.lcl)], r.out_of_control.size
    ([1.93, 3.79, 0.07], 0)
    """
    c = _counts("counts", counts)
    sizes = _sizes("n", n, c.size)
    ubar = float(c.sum() / sizes.sum())
    return _chart(
        c / sizes, np.full(c.size, ubar), np.sqrt(ubar / sizes), western_electric=western_electric
    )


def _binomial(
    nonconforming: object, n: object
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    d = _counts("nonconforming", nonconforming)
    sizes = _sizes("n", n, d.size)
    if (d > sizes).any():
        k = int(np.flatnonzero(d > sizes)[0])
        raise InvalidInputError(
            "nonconforming", d[k].item(), f"at most n ({sizes[k]:g}) at point {k}"
        )
    return d, sizes, float(d.sum() / sizes.sum())


def p_chart(nonconforming: object, n: object, *, western_electric: bool = False) -> ControlChart:
    r"""Control chart for proportions (p chart): the share of items that went wrong.

    Parameters
    ----------
    nonconforming : array-like of int
        Items that went wrong in each sample.
    n : int or array-like of int
        Sample sizes (constant or one per sample).
    western_electric : bool, default False

    Returns
    -------
    ControlChart
        ``values`` are the sample proportions; the upper limit is at most 1.

    Notes
    -----
    :math:`\bar p = \sum d_i / \sum n_i`; limits
    :math:`\bar p \pm 3 \sqrt{\bar p (1 - \bar p) / n_i}`.

    References
    ----------
    Montgomery (2009), Example 7.1: orange-juice cans, 30 samples of 50,
    :math:`\bar p = 0.2313`, UCL 0.4102, LCL 0.0524; samples 15 and 23 are
    out of control.

    Examples
    --------
    >>> d = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18,
    ...      24, 15, 9, 12, 7, 13, 9, 6]
    >>> r = p_chart(d, 50)
    >>> [round(float(v[0]), 4) for v in (r.center, r.ucl, r.lcl)]
    [0.2313, 0.4102, 0.0524]
    >>> r.out_of_control + 1
    array([15, 23])
    """
    d, sizes, pbar = _binomial(nonconforming, n)
    sigma = np.sqrt(pbar * (1.0 - pbar) / sizes)
    return _chart(
        d / sizes, np.full(d.size, pbar), sigma, western_electric=western_electric, upper_cap=1.0
    )


def np_chart(nonconforming: object, n: object, *, western_electric: bool = False) -> ControlChart:
    r"""Control chart for defectives (np chart): items that went wrong per sample.

    Parameters
    ----------
    nonconforming : array-like of int
        Items that went wrong in each sample.
    n : int or array-like of int
        Sample sizes; with varying sizes the centre line varies too.
    western_electric : bool, default False

    Returns
    -------
    ControlChart

    Notes
    -----
    Centre :math:`n_i \bar p`; limits
    :math:`n_i \bar p \pm 3 \sqrt{n_i \bar p (1 - \bar p)}`, the upper one at
    most :math:`n_i`.

    References
    ----------
    Montgomery (2009), section 7.2.3 (the np chart of the data of Example
    7.1: centre 11.57, UCL 20.51, LCL 2.62).

    Examples
    --------
    >>> d = [12, 15, 8, 10, 4, 7, 16, 9, 14, 10, 5, 6, 17, 12, 22, 8, 10, 5, 13, 11, 20, 18,
    ...      24, 15, 9, 12, 7, 13, 9, 6]
    >>> r = np_chart(d, 50)
    >>> [round(float(v[0]), 2) for v in (r.center, r.ucl, r.lcl)]
    [11.57, 20.51, 2.62]
    """
    d, sizes, pbar = _binomial(nonconforming, n)
    center = sizes * pbar
    sigma = np.sqrt(sizes * pbar * (1.0 - pbar))
    chart = _chart(d, center, sigma, western_electric=western_electric)
    capped = np.minimum(chart.ucl, sizes)
    return ControlChart(
        chart.values, chart.center, capped, chart.lcl, chart.out_of_control, chart.violations
    )


@dataclass(frozen=True, repr=False)
class EWMAChart(ResultMixin):
    """An exponentially weighted moving average chart.

    Attributes
    ----------
    ewma : numpy.ndarray
        :math:`z_1 .. z_n`, with :math:`z_0` the target.
    ucl, lcl : numpy.ndarray
        The exact, time-varying limits.
    ucl_asymptotic, lcl_asymptotic : float
        The limits they tend to.
    out_of_control : numpy.ndarray of int
        Indices where the EWMA is outside its limits.

    Examples
    --------
    >>> r = ewma_chart([10.0, 10.0], lam=0.2, target=10.0, sigma=1.0)
    >>> r.ewma
    array([10., 10.])
    """

    ewma: NDArray[np.float64]
    ucl: NDArray[np.float64]
    lcl: NDArray[np.float64]
    ucl_asymptotic: float
    lcl_asymptotic: float
    out_of_control: NDArray[np.intp]


def _ewma(x: NDArray[np.float64], lam: float, z0: float) -> NDArray[np.float64]:
    r"""z_i = lam x_i + (1 - lam) z_{i-1}, in blocks instead of a loop per element.

    Within a block of length B starting from z_s,
    :math:`z_{s+k} = a^k z_s + \lambda a^k \sum_{j \le k} a^{-j} x_{s+j}` with
    :math:`a = 1 - \lambda`. The cumulative sum's rounding error, relative to
    its largest term :math:`a^{-k} x`, is brought back to :math:`\epsilon x` by
    the factor :math:`a^k`; B only has to keep :math:`a^{-B}` finite.
    """
    a = 1.0 - lam
    if a == 0.0:
        same: NDArray[np.float64] = x.copy()
        return same
    block = max(1, min(256, int(250 / -math.log10(a)) if a < 1 else 256))
    out = np.empty_like(x)
    k = np.arange(1, block + 1, dtype=np.float64)
    grow = a ** (-k)
    shrink = a**k
    z = z0
    for start in range(0, x.size, block):
        chunk = x[start : start + block]
        m = chunk.size
        acc = np.cumsum(chunk * grow[:m])
        seg = shrink[:m] * (z + lam * acc)
        out[start : start + m] = seg
        z = float(seg[-1])
    return out


def _positive(name: str, value: object) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not (math.isfinite(value) and value > 0)
    ):
        raise InvalidInputError(name, value, "a positive, finite number")
    return float(value)


def ewma_chart(
    x: object,
    *,
    lam: float,
    target: float,
    sigma: float,
    L: float = 3.0,  # noqa: N803
) -> EWMAChart:
    r"""EWMA chart: small sustained shifts, such as a slow rise in complaints.

    Parameters
    ----------
    x : array-like of float
        The observations (daily complaint rates, say).
    lam : float
        The weight of the newest observation, in (0, 1]; 0.05 to 0.25 is usual.
    target : float
        The in-control mean, :math:`z_0`.
    sigma : float
        The in-control standard deviation of one observation.
    L : float, default 3
        The width of the limits in sigmas.

    Returns
    -------
    EWMAChart

    Notes
    -----
    :math:`z_i = \lambda x_i + (1 - \lambda) z_{i-1}`, :math:`z_0 = \mu_0`;
    limits :math:`\mu_0 \pm L \sigma \sqrt{\lambda / (2 - \lambda)
    [1 - (1 - \lambda)^{2i}]}`, tending to
    :math:`\mu_0 \pm L \sigma \sqrt{\lambda / (2 - \lambda)}`.

    References
    ----------
    Montgomery (2009), section 9.2, Example 9.2: the data of Table 9.1 with
    :math:`\lambda = 0.1`, :math:`L = 2.7`, :math:`\mu_0 = 10`,
    :math:`\sigma = 1`: :math:`z_1 = 9.945`, UCL 10.27 at the first point,
    10.62 in the limit.

    Examples
    --------
    >>> r = ewma_chart([9.45, 7.99], lam=0.1, target=10.0, sigma=1.0, L=2.7)
    >>> r.ewma.round(4), r.ucl.round(2), round(r.ucl_asymptotic, 2)
    (array([9.945 , 9.7495]), array([10.27, 10.36]), 10.62)
    """
    arr = as_numeric("x", x).astype(np.float64, copy=False)
    if arr.size == 0 or not np.isfinite(arr).all():
        raise InvalidInputError("x", Summary(f"<{arr.size} values>"), "finite observations")
    if isinstance(lam, bool) or not isinstance(lam, int | float) or not 0 < lam <= 1:
        raise InvalidInputError("lam", lam, "a weight in (0, 1]")
    if isinstance(target, bool) or not isinstance(target, int | float) or not math.isfinite(target):
        raise InvalidInputError("target", target, "a finite number")
    s = _positive("sigma", sigma)
    width = _positive("L", L)
    z = _ewma(arr, float(lam), float(target))
    i = np.arange(1, arr.size + 1, dtype=np.float64)
    factor = lam / (2.0 - lam)
    spread = width * s * np.sqrt(factor * (1.0 - (1.0 - lam) ** (2.0 * i)))
    ucl, lcl = target + spread, target - spread
    limit = width * s * math.sqrt(factor)
    outside = np.flatnonzero((z > ucl) | (z < lcl)).astype(np.intp)
    return EWMAChart(z, ucl, lcl, target + limit, target - limit, outside)


@dataclass(frozen=True, repr=False)
class SpikeReport(ResultMixin):
    """Periods whose complaint count rose abnormally.

    Attributes
    ----------
    periods : numpy.ndarray
        The start of each period (datetime64), or 0..n-1 for plain counts.
    counts : numpy.ndarray
        Complaints per period (zeros included).
    chart : ControlChart
        The c chart behind the verdict.
    spikes : numpy.ndarray
        The periods above the upper limit (or flagged high by a run rule).

    Examples
    --------
    >>> complaint_spikes([4, 6, 5, 3, 5, 4, 21]).spikes
    array([6])
    """

    periods: NDArray[Any]
    counts: NDArray[np.float64]
    chart: ControlChart
    spikes: NDArray[Any]


_FREQ = {"h": "h", "H": "h", "D": "D", "W": "W", "M": "M"}


def complaint_spikes(
    timestamps_or_counts: object, *, freq: str = "D", western_electric: bool = False
) -> SpikeReport:
    """Which periods saw an abnormal rise in complaints (a crisis warning sign).

    Parameters
    ----------
    timestamps_or_counts : array-like
        Complaint timestamps (``datetime64`` UTC instants, aware datetimes, a
        pandas/polars datetime column), binned by ``freq``; or counts per
        period already.
    freq : {"h", "D", "W", "M"}, default "D"
        The period for timestamps: hour, day, week (starting Monday, as
        NumPy's weeks start on Thursday 1970-01-01 this rounds to Mondays),
        calendar month. Periods with no complaint count zero.
    western_electric : bool, default False
        Also flag runs (e.g. 2 of 3 periods beyond 2 sigma) on the high side.

    Returns
    -------
    SpikeReport

    Notes
    -----
    Counts per period go on a c chart; a spike is a period above the upper
    control limit, or, with the run rules, one completing a high run. Only
    rises are reported: an unusually quiet period is not a crisis.

    Examples
    --------
    >>> import numpy as np
    >>> days = np.array(["2026-03-01"] * 3 + ["2026-03-02"] * 2 + ["2026-03-03"] * 4
    ...                 + ["2026-03-04"] * 3 + ["2026-03-05"] * 14, dtype="datetime64[D]")
    >>> complaint_spikes(days).spikes
    array(['2026-03-05'], dtype='datetime64[D]')
    """
    if freq not in _FREQ:
        raise InvalidInputError("freq", freq, "'h', 'D', 'W' or 'M'")
    raw = timestamps_or_counts
    arr = None
    if not isinstance(raw, str | bytes) and raw is not None:
        probe = (
            raw.to_numpy() if hasattr(raw, "to_numpy") and not isinstance(raw, np.ndarray) else raw
        )
        try:
            arr = np.asarray(probe)
        except (TypeError, ValueError):
            arr = None
    is_time = arr is not None and (
        arr.dtype.kind == "M"
        or (arr.dtype.kind == "O" and arr.size > 0 and not isinstance(arr.flat[0], int | float))
    )
    if is_time:
        us = INSTANTS.convert("timestamps_or_counts", raw)
        if (us == np.iinfo(np.int64).min).any():
            raise InvalidInputError(
                "timestamps_or_counts", Summary("<NaT>"), "no missing timestamps"
            )
        if us.size == 0:
            raise InvalidInputError(
                "timestamps_or_counts", Summary("<empty>"), "at least one timestamp"
            )
        unit = _FREQ[freq]
        binned = period_starts(us, unit)
        step = np.timedelta64(7, "D") if unit == "W" else np.timedelta64(1, unit)  # type: ignore[call-overload]
        first, last = binned.min(), binned.max()
        periods = np.arange(first, last + step, step)
        index = ((binned - first) // step).astype(np.int64)
        counts = np.bincount(index, minlength=periods.size).astype(np.float64)
    else:
        counts = _counts("timestamps_or_counts", raw)
        periods = np.arange(counts.size)
    chart = c_chart(counts, western_electric=western_electric)
    high = chart.out_of_control[
        chart.values[chart.out_of_control] > chart.center[chart.out_of_control]
    ]
    return SpikeReport(periods, counts, chart, periods[high])
