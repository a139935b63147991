"""Time KPIs: first response, resolution, backlog ages and handle time (private)."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from datetime import timedelta
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from servicekit._params import (
    NAN_POLICY,
    ArrayLike,
    Durations,
    Instance,
    NanPolicy,
    Numbers,
    Optional,
    Summary,
    apply_nan_policy,
    fail,
    validate_params,
)
from servicekit._results import Result, result
from servicekit.metrics._columns import (
    INSTANTS,
    MISSING,
    Calendar,
    OneInstant,
    same_length,
)

__all__ = [
    "Backlog",
    "ResolutionTimes",
    "TimeStats",
    "average_handle_time",
    "backlog",
    "first_response_time",
    "resolution_time",
]

_US = timedelta(microseconds=1)


class _Percentiles(Numbers):
    def __init__(self) -> None:
        super().__init__(low=0, high=100, expected="a 1-d array-like of percentiles from 0 to 100")

    def convert(self, name: str, value: object) -> NDArray[Any]:
        arr = super().convert(name, value)
        return arr.astype(np.float64)


class _HasBetween(Instance):
    def __init__(self) -> None:
        super().__init__(object, expected="a calendar with a vectorised between(), or None")

    def convert(self, name: str, value: object) -> Any:
        if callable(getattr(value, "between", None)):
            return value
        raise self.error(name, Summary(f"<{type(value).__name__}>"))

    def invalid(self) -> tuple[object, ...]:
        return ("24x7", 5)


_CALENDAR = Optional(_HasBetween())
_PERCENTILES = _Percentiles()


@result
class TimeStats(Result):
    """Summary of a set of durations.

    Attributes
    ----------
    n : int
        Durations measured (items with both ends).
    open : int
        Items left out because their end is still missing (not yet responded,
        not yet resolved).
    mean, median, max : timedelta or None
        ``None`` when nothing was measured.
    percentiles : mapping of float to timedelta
        The requested percentiles (linear interpolation); None when nothing
        was measured.

    Examples
    --------
    >>> import numpy as np
    >>> opened = np.array(["2026-03-02T09:00", "2026-03-02T09:10"], dtype="datetime64[m]")
    >>> answered = opened + np.array([4, 8], dtype="timedelta64[m]")
    >>> first_response_time(opened, answered).mean
    datetime.timedelta(seconds=360)
    """

    n: int
    open: int
    mean: timedelta | None
    median: timedelta | None
    max: timedelta | None
    percentiles: dict[float, timedelta | None] = dataclasses.field(default_factory=dict)


def _stats(durations_us: NDArray[np.int64], open_count: int, ps: NDArray[Any]) -> TimeStats:
    keys = [float(p) for p in ps]
    n = int(durations_us.size)
    if n == 0:
        return TimeStats(0, open_count, None, None, None, dict.fromkeys(keys))
    values = durations_us.astype(np.float64)
    qs = np.percentile(values, [50.0, *keys])
    return TimeStats(
        n,
        open_count,
        float(values.mean()) * _US,
        float(qs[0]) * _US,
        int(durations_us.max()) * _US,
        {p: float(q) * _US for p, q in zip(keys, qs[1:], strict=True)},
    )


def durations(
    start_name: str,
    start: NDArray[np.int64],
    end_name: str,
    end: NDArray[np.int64],
    calendar: Calendar | None,
) -> tuple[NDArray[np.int64], int]:
    """Measured durations (microseconds) and the count of items still open (no end).

    A missing start is refused; a missing end is an open item, never a
    wrapped-around number.
    """
    same_length(end_name, end, start_name, start.size)
    if (start == MISSING).any():
        k = int(np.flatnonzero(start == MISSING)[0])
        fail(start_name, Summary(f"<missing at index {k}>"), "a time for every item")
    done = end != MISSING
    s, e = start[done], end[done]
    bad = e < s
    if bad.any():
        k = int(np.flatnonzero(done)[np.flatnonzero(bad)[0]])
        fail(
            end_name,
            np.datetime64(int(end[k]), "us"),
            f"instants not before {start_name} (index {k})",
        )
    if calendar is not None:
        spent = calendar.between(s.view("datetime64[us]"), e.view("datetime64[us]"))
        d = np.asarray(spent).astype("timedelta64[us]").view(np.int64)
    else:
        d = e - s
    return d, int(done.size - np.count_nonzero(done))


@validate_params(
    opened_at=INSTANTS,
    first_response_at=INSTANTS,
    calendar=_CALENDAR,
    percentiles=_PERCENTILES,
)
def first_response_time(
    opened_at: ArrayLike,
    first_response_at: ArrayLike,
    *,
    calendar: Calendar | None = None,
    percentiles: Sequence[float] = (90, 95),
) -> TimeStats:
    """Time from a customer's contact to the first reply.

    Parameters
    ----------
    opened_at : array-like of instants
        When each contact opened: aware datetimes, or ``datetime64`` UTC
        instants (a pandas or polars column too).
    first_response_at : array-like of instants
        The first reply of each; NaT/None where there was none yet.
    calendar : BusinessCalendar, optional
        Measure in business time instead of calendar time.
    percentiles : sequence of float, default (90, 95)
        Percentiles to report besides the median.

    Returns
    -------
    TimeStats
        Mean, median, percentiles and max over the answered items; the
        unanswered ones are counted in ``open`` and left out (their wait is
        not over yet, so no time can be given for them).

    Notes
    -----
    The training deck's KPI: average time from the customer's question to the
    first reply, target 5 minutes. From complaints, the columns come from
    ``servicekit.workflow.complaint_facts``.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> t = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> r = first_response_time([t, t, t], [t + timedelta(minutes=m) for m in (2, 4, 12)])
    >>> r.mean, r.median, r.n
    (datetime.timedelta(seconds=360), datetime.timedelta(seconds=240), 3)
    """
    start = cast(NDArray[np.int64], opened_at)
    end = cast(NDArray[np.int64], first_response_at)
    d, open_count = durations("opened_at", start, "first_response_at", end, calendar)
    return _stats(d, open_count, cast(NDArray[Any], percentiles))


@result
class ResolutionTimes(Result):
    """First and full resolution times.

    Attributes
    ----------
    first : TimeStats
        Receipt to the first resolution.
    full : TimeStats
        Receipt to the final resolution: a reopen extends it; reopened and
        unresolved items are ``open``.

    Examples
    --------
    >>> import numpy as np
    >>> t = np.array(["2026-03-02T09:00"], dtype="datetime64[m]")
    >>> r = resolution_time(t, t + np.timedelta64(2, "h"), t + np.timedelta64(30, "h"))
    >>> r.first.mean, r.full.mean
    (datetime.timedelta(seconds=7200), datetime.timedelta(days=1, seconds=21600))
    """

    first: TimeStats
    full: TimeStats


@validate_params(
    opened_at=INSTANTS,
    first_resolved_at=INSTANTS,
    resolved_at=Optional(INSTANTS),
    calendar=_CALENDAR,
    percentiles=_PERCENTILES,
)
def resolution_time(
    opened_at: ArrayLike,
    first_resolved_at: ArrayLike,
    resolved_at: ArrayLike | None = None,
    *,
    calendar: Calendar | None = None,
    percentiles: Sequence[float] = (90, 95),
) -> ResolutionTimes:
    """Time to resolve: to the first resolution, and to the final one.

    Parameters
    ----------
    opened_at : array-like of instants
        When each item was received.
    first_resolved_at : array-like of instants
        The first resolution of each (NaT if none yet).
    resolved_at : array-like of instants, optional
        The final resolution of each; NaT while reopened or unresolved.
        Defaults to ``first_resolved_at`` (no reopens).
    calendar : BusinessCalendar, optional
        Measure in business time.
    percentiles : sequence of float, default (90, 95)
        Percentiles to report besides the median.

    Returns
    -------
    ResolutionTimes
        ``first`` and ``full``; unresolved items are ``open`` in each.

    Notes
    -----
    A reopen extends the full resolution time, not the first: the first is
    how fast the service answered, the full how long the customer waited for
    a resolution that held.

    Examples
    --------
    >>> import numpy as np
    >>> opened = np.array(["2026-03-02T09:00", "2026-03-02T10:00"], dtype="datetime64[m]")
    >>> first = opened + np.array([60, 90], dtype="timedelta64[m]")
    >>> final = np.array(["2026-03-03T09:00", "NaT"], dtype="datetime64[m]")  # 2nd reopened
    >>> r = resolution_time(opened, first, final)
    >>> r.first.mean, r.full.mean, r.full.open
    (datetime.timedelta(seconds=4500), datetime.timedelta(days=1), 1)
    """
    start = cast(NDArray[np.int64], opened_at)
    first = cast(NDArray[np.int64], first_resolved_at)
    full = first if resolved_at is None else cast(NDArray[np.int64], resolved_at)
    same_length("resolved_at", full, "opened_at", start.size)
    reopened_earlier = (full != MISSING) & (first != MISSING) & (full < first)
    if reopened_earlier.any():
        k = int(np.flatnonzero(reopened_earlier)[0])
        fail(
            "resolved_at",
            np.datetime64(int(full[k]), "us"),
            f"a final resolution not before the first one (index {k})",
        )
    ps = cast(NDArray[Any], percentiles)
    d1, o1 = durations("opened_at", start, "first_resolved_at", first, calendar)
    d2, o2 = durations("opened_at", start, "resolved_at", full, calendar)
    return ResolutionTimes(_stats(d1, o1, ps), _stats(d2, o2, ps))


@result
class Backlog(Result):
    """The items open at one instant, and how long they have been open.

    Attributes
    ----------
    count : int
        Items opened at or before ``at`` and not closed by then.
    ages : TimeStats
        Their ages at ``at`` (``n`` equals ``count``).

    Examples
    --------
    >>> import numpy as np
    >>> b = backlog(np.array(["2026-03-01"], dtype="datetime64[D]"), at=np.datetime64("2026-03-02"))
    >>> b.count, b.ages.mean
    (1, datetime.timedelta(days=1))
    """

    count: int
    ages: TimeStats


@validate_params(
    opened_at=INSTANTS,
    closed_at=Optional(INSTANTS),
    at=OneInstant(),
    calendar=_CALENDAR,
    percentiles=_PERCENTILES,
)
def backlog(
    opened_at: ArrayLike,
    closed_at: ArrayLike | None = None,
    *,
    at: Any,
    calendar: Calendar | None = None,
    percentiles: Sequence[float] = (90, 95),
) -> Backlog:
    """How many items are open at ``at``, with their ages.

    Parameters
    ----------
    opened_at : array-like of instants
        When each item opened.
    closed_at : array-like of instants, optional
        When each closed; NaT/None while open. Without it, nothing is closed.
    at : datetime or datetime64
        The instant to look at.
    calendar : BusinessCalendar, optional
        Ages in business time.
    percentiles : sequence of float, default (90, 95)
        Percentiles to report besides the median.

    Returns
    -------
    Backlog

    Examples
    --------
    >>> import numpy as np
    >>> opened = np.array(["2026-03-01", "2026-03-02", "2026-03-04"], dtype="datetime64[D]")
    >>> closed = np.array(["2026-03-03", "NaT", "NaT"], dtype="datetime64[D]")
    >>> b = backlog(opened, closed, at=np.datetime64("2026-03-03T12:00"))
    >>> b.count, b.ages.max
    (1, datetime.timedelta(days=1, seconds=43200))
    """
    o = cast(NDArray[np.int64], opened_at)
    c = (
        np.full(o.shape, MISSING, dtype=np.int64)
        if closed_at is None
        else cast(NDArray[np.int64], closed_at)
    )
    same_length("closed_at", c, "opened_at", o.size)
    if (o == MISSING).any():
        fail("opened_at", Summary("<missing>"), "an opening time for every item")
    closed = c != MISSING
    if (closed & (c < o)).any():
        k = int(np.flatnonzero(closed & (c < o))[0])
        fail("closed_at", np.datetime64(int(c[k]), "us"), f"not before opened_at (index {k})")
    at_us = cast(int, at)
    is_open = (o <= at_us) & (~closed | (c > at_us))
    start = o[is_open]
    end = np.full(start.shape, at_us, dtype=np.int64)
    ages, _ = durations("opened_at", start, "at", end, calendar)
    return Backlog(int(start.size), _stats(ages, 0, cast(NDArray[Any], percentiles)))


_PART = Durations()


@validate_params(
    talk=_PART, hold=Optional(_PART), after_call_work=Optional(_PART), nan_policy=NAN_POLICY
)
def average_handle_time(
    talk: ArrayLike,
    hold: ArrayLike | None = None,
    after_call_work: ArrayLike | None = None,
    *,
    nan_policy: NanPolicy = "raise",
) -> timedelta | float:
    """Average handle time (AHT): talk + hold + after-call work per handled contact.

    Parameters
    ----------
    talk : array-like of durations
        Talk time of each handled contact: ``timedelta`` values, or a
        ``timedelta64`` array or pandas/polars duration column (any unit).
        Plain numbers are refused, since their unit is unknown: convert
        seconds with ``np.asarray(x, dtype="timedelta64[s]")``.
    hold, after_call_work : array-like of durations, optional
        The same for hold and wrap-up, one per contact.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        A contact with any part missing: raise, leave the contact out, or
        return NaN (as a ``timedelta`` cannot be NaN, ``propagate`` returns
        ``float('nan')``).

    Returns
    -------
    timedelta or float
        The mean handle time; ``nan`` (a float) when propagating a missing
        value.

    Examples
    --------
    >>> import numpy as np
    >>> talk = np.array([240, 300], dtype="timedelta64[s]")
    >>> wrap = np.array([60, 20], dtype="timedelta64[s]")
    >>> average_handle_time(talk, after_call_work=wrap)
    datetime.timedelta(seconds=310)
    """
    total = cast(NDArray[np.float64], talk)
    for name, part in (("hold", hold), ("after_call_work", after_call_work)):
        if part is not None:
            values = cast(NDArray[np.float64], part)
            same_length(name, values, "talk", total.size)
            total = total + values
    clean, had_nan = apply_nan_policy("talk", total, nan_policy)
    if had_nan and nan_policy == "propagate":
        return math.nan
    if clean.size == 0:
        fail("talk", Summary("<no values>"), "at least one handled contact")
    return timedelta(seconds=float(clean.mean()))
