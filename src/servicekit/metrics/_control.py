"""Control charts for complaint counts and rates: early warning of abnormal rises."""

from __future__ import annotations

import dataclasses
import math
from datetime import datetime, timedelta, timezone
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from servicekit._params import (
    ArrayLike,
    Boolean,
    Instant,
    Numbers,
    Optional,
    Options,
    Real,
    Summary,
    fail,
    native,
    time_zone,
    validate_params,
)
from servicekit._results import Result, result
from servicekit.metrics._columns import INSTANTS, MISSING, period_starts, to_local, zone_of

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MICROSECOND = timedelta(microseconds=1)

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


@result
class ControlChart(Result):
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
    violations: dict[str, NDArray[np.intp]] = dataclasses.field(default_factory=dict)


_COUNTS = Numbers(integer=True, low=0, expected="a 1-d array-like of whole-number counts >= 0")
_SIZES = Numbers(
    low=0, low_open=True, ndim=None, expected="sample sizes > 0 (a number or an array-like)"
)
_WE = Boolean()


def _points(name: str, arr: NDArray[Any]) -> NDArray[np.float64]:
    if arr.size == 0:
        fail(name, Summary("<no points>"), "at least one point")
    return arr.astype(np.float64, copy=False)


def _sizes(name: str, arr: NDArray[Any], length: int) -> NDArray[np.float64]:
    if arr.ndim == 0:
        return np.broadcast_to(arr.astype(np.float64), (length,))
    if arr.ndim != 1 or arr.size != length:
        fail(name, Summary(f"<{arr.size} values>"), f"{length} sizes, one per point")
    return arr.astype(np.float64, copy=False)


def _constant(value: float, length: int) -> NDArray[np.float64]:
    """One value per point without a copy per point: a read-only broadcast."""
    return np.broadcast_to(np.float64(value), (length,))


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
    center: NDArray[np.float64] | float,
    sigma: NDArray[np.float64] | float,
    *,
    western_electric: bool,
    upper_cap: float | None = None,
) -> ControlChart:
    """The chart of ``values``; scalar centre and sigma give constant (broadcast) limits."""
    ucl: Any = center + 3.0 * sigma
    if upper_cap is not None:
        ucl = np.minimum(ucl, upper_cap)
    lcl: Any = np.maximum(center - 3.0 * sigma, 0.0)
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
    n = values.size
    if np.ndim(center) == 0:
        center = _constant(float(center), n)
    if np.ndim(ucl) == 0:
        ucl, lcl = _constant(float(ucl), n), _constant(float(lcl), n)
    return ControlChart(values, np.asarray(center), ucl, lcl, flagged, violations)


@validate_params(counts=_COUNTS, western_electric=_WE)
def c_chart(counts: ArrayLike, *, western_electric: bool = False) -> ControlChart:
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
    c = _points("counts", cast(NDArray[Any], counts))
    cbar = float(c.mean())
    center = cbar
    return _chart(c, center, math.sqrt(cbar), western_electric=western_electric)


@validate_params(counts=_COUNTS, n=_SIZES, western_electric=_WE)
def u_chart(counts: ArrayLike, n: ArrayLike, *, western_electric: bool = False) -> ControlChart:
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
    c = _points("counts", cast(NDArray[Any], counts))
    sizes = _sizes("n", cast(NDArray[Any], n), c.size)
    ubar = float(c.sum() / sizes.sum())
    return _chart(
        c / sizes, np.full(c.size, ubar), np.sqrt(ubar / sizes), western_electric=western_electric
    )


def _binomial(
    nonconforming: object, n: object
) -> tuple[NDArray[np.float64], NDArray[np.float64], float]:
    d = _points("nonconforming", cast(NDArray[Any], nonconforming))
    sizes = _sizes("n", cast(NDArray[Any], n), d.size)
    if (d > sizes).any():
        k = int(np.flatnonzero(d > sizes)[0])
        fail("nonconforming", d[k].item(), f"at most n ({sizes[k]:g}) at point {k}")
    return d, sizes, float(d.sum() / sizes.sum())


@validate_params(nonconforming=_COUNTS, n=_SIZES, western_electric=_WE)
def p_chart(
    nonconforming: ArrayLike, n: ArrayLike, *, western_electric: bool = False
) -> ControlChart:
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


@validate_params(nonconforming=_COUNTS, n=_SIZES, western_electric=_WE)
def np_chart(
    nonconforming: ArrayLike, n: ArrayLike, *, western_electric: bool = False
) -> ControlChart:
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


@result
class EWMAChart(Result):
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
    r"""z_i = lam x_i + (1 - lam) z_{i-1}, block by block, every block at once.

    Within a block of length B starting from z_s,
    :math:`z_{s+k} = a^k z_s + \lambda a^k \sum_{j \le k} a^{-j} x_{s+j}` with
    :math:`a = 1 - \lambda`. The sums of every block come from one 2-d
    cumulative sum; only the blocks' starting values are chained, one scalar
    step per block of up to 256 points. The cumulative sum's rounding error,
    relative to its largest term :math:`a^{-k} x`, is brought back to
    :math:`\epsilon x` by the factor :math:`a^k`; B only has to keep
    :math:`a^{-B}` finite.
    """
    a = 1.0 - lam
    if a == 0.0:
        same: NDArray[np.float64] = x.copy()
        return same
    block = max(1, min(256, int(250 / -math.log10(a)) if a < 1 else 256))
    n = x.size
    blocks = -(-n // block)
    padded = np.zeros(blocks * block)
    padded[:n] = x
    k = np.arange(1, block + 1, dtype=np.float64)
    grow, shrink = a ** (-k), a**k
    local = np.cumsum(padded.reshape(blocks, block) * grow, axis=1)
    local *= lam * shrink  # each block's z as if it had started from 0
    starts = np.empty(blocks)
    z, carry = z0, a**block
    for b, end in enumerate(local[:, -1].tolist()):
        starts[b] = z
        z = carry * z + end
    out: NDArray[np.float64] = (local + starts[:, None] * shrink).reshape(-1)[:n].copy()
    return out


@validate_params(
    x=Numbers(),
    lam=Real(low=0, high=1, low_open=True, expected="a weight in (0, 1]"),
    target=Real(),
    sigma=Real(low=0, low_open=True),
    L=Real(low=0, low_open=True),
)
def ewma_chart(
    x: ArrayLike,
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
    arr = cast(NDArray[Any], x).astype(np.float64, copy=False)
    if arr.size == 0:
        fail("x", Summary("<no values>"), "at least one observation")
    z = _ewma(arr, lam, target)
    factor = lam / (2.0 - lam)
    limit = L * sigma * math.sqrt(factor)
    # (1 - lam)^(2i) falls below 1e-17 within a few thousand points: only the early
    # limits vary; the rest is the asymptotic limit.
    a2 = (1.0 - lam) ** 2
    varying = arr.size if a2 == 0.0 else min(arr.size, int(math.log(1e-17) / math.log(a2)) + 1)
    spread = np.full(arr.size, limit)
    i = np.arange(1, varying + 1, dtype=np.float64)
    spread[:varying] = L * sigma * np.sqrt(factor * (1.0 - a2**i))
    ucl, lcl = target + spread, target - spread
    outside = np.flatnonzero((z > ucl) | (z < lcl)).astype(np.intp)
    return EWMAChart(z, ucl, lcl, target + limit, target - limit, outside)


@result
class SpikeReport(Result):
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
    incomplete : numpy.ndarray
        One flag per period: True for the last period when ``until`` falls
        inside it. Its count is partial, so it is shown but never judged: it
        takes no part in the limits and is never a spike.

    Examples
    --------
    >>> complaint_spikes([4, 6, 5, 3, 5, 4, 21]).spikes
    array([6])
    """

    periods: NDArray[Any]
    counts: NDArray[np.float64]
    chart: ControlChart
    spikes: NDArray[Any]
    incomplete: NDArray[np.bool_] = dataclasses.field(
        default_factory=lambda: np.zeros(0, dtype=np.bool_)
    )


_FREQ = {"h": "h", "D": "D", "W": "W", "M": "M"}


@validate_params(freq=Options("h", "D", "W", "M"), western_electric=_WE, until=Optional(Instant()))
def complaint_spikes(
    timestamps_or_counts: ArrayLike,
    *,
    freq: str = "D",
    tz: str | None = None,
    western_electric: bool = False,
    until: datetime | None = None,
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
    tz : str, optional
        The time zone whose days, weeks and months count (``"Asia/Shanghai"``):
        a complaint at 00:30 on 13 October there is counted on the 13th,
        although it is 12 October in UTC. Without it, aware input (a pandas or
        polars column with a zone, aware datetimes of one zone) is binned in
        its own zone; NumPy ``datetime64`` instants have no zone, so they need
        ``tz`` (``tz="UTC"`` to count UTC days).
    western_electric : bool, default False
        Also flag runs (e.g. 2 of 3 periods beyond 2 sigma) on the high side.
    until : datetime, optional
        With timestamps only: when the data ends (the export's time, an aware
        datetime). Periods run up to it, empty ones counting zero; the period
        it falls inside is incomplete: shown with its partial count and
        flagged in ``incomplete``, but left out of the limits and never a
        spike. Without it the last period counts as complete.

    Returns
    -------
    SpikeReport
        With timestamps, ``periods`` are the local starts of the periods
        (wall-clock ``datetime64``).

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
    >>> complaint_spikes(days, tz="UTC").spikes
    array(['2026-03-05'], dtype='datetime64[D]')

    An export taken at noon on 5 March: that day is incomplete, never a spike.

    >>> from datetime import datetime, timezone
    >>> noon = datetime(2026, 3, 5, 12, tzinfo=timezone.utc)
    >>> report = complaint_spikes(days, tz="UTC", until=noon)
    >>> report.spikes, report.incomplete
    (array([], dtype='datetime64[D]'), array([False, False, False, False,  True]))
    """
    raw = timestamps_or_counts
    arr = native("timestamps_or_counts", raw, "complaint timestamps or counts per period")
    is_time = arr.dtype.kind == "M" or (
        arr.dtype.kind == "O" and arr.size > 0 and hasattr(arr[0], "utcoffset")
    )
    if is_time:
        own = zone_of(raw)
        if tz is None and own is None:
            fail(
                "tz",
                None,
                "a time zone to count days in: these timestamps carry none "
                "(pass tz='UTC' for UTC instants)",
            )
        local_zone = time_zone("tz", tz if tz is not None else own)
        us = INSTANTS.convert("timestamps_or_counts", arr)
        if (us == MISSING).any():
            fail("timestamps_or_counts", Summary("<NaT>"), "no missing timestamps")
        us = to_local(us, local_zone)
        unit = _FREQ[freq]
        binned = period_starts(us, unit)
        step = np.timedelta64(7, "D") if unit == "W" else np.timedelta64(1, unit)  # type: ignore[call-overload]
        first, last = binned.min(), binned.max()
        partial = False
        if until is not None:
            end_us = (until - _EPOCH) // _MICROSECOND
            local_end = to_local(np.array([end_us], dtype=np.int64), local_zone)
            if us.size and int(us.max()) >= int(local_end[0]):
                fail("until", until, "an instant after the last timestamp")
            end_period = period_starts(local_end, unit)[0]
            # the period until falls inside is partial, unless until is its very start
            partial = bool(end_period.astype("datetime64[us]").view(np.int64) != local_end[0])
            last = max(last, end_period if partial else end_period - step)
        periods = np.arange(first, last + step, step)
        index = ((binned - first) // step).astype(np.int64)
        counts = np.bincount(index, minlength=periods.size).astype(np.float64)
    else:
        if until is not None:
            fail("until", until, "no until with counts per period (only with timestamps)")
        counts = _points("timestamps_or_counts", _COUNTS.convert("timestamps_or_counts", arr))
        periods = np.arange(counts.size)
        partial = False
    incomplete = np.zeros(periods.size, dtype=np.bool_)
    incomplete[-1:] = partial
    complete = counts[: counts.size - int(partial)]
    if complete.size == 0:
        fail("until", until, "an end after at least one complete period")
    chart = c_chart(complete, western_electric=western_electric)
    if partial:
        chart = ControlChart(
            counts,
            np.append(chart.center, chart.center[-1]),
            np.append(chart.ucl, chart.ucl[-1]),
            np.append(chart.lcl, chart.lcl[-1]),
            chart.out_of_control,
            chart.violations,
        )
    high = chart.out_of_control[
        chart.values[chart.out_of_control] > chart.center[chart.out_of_control]
    ]
    return SpikeReport(periods, counts, chart, periods[high], incomplete)
