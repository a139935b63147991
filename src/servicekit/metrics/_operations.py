"""Service KPIs: response and resolution times, rates, SLA compliance, handle time."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any, Literal, Protocol

import numpy as np
from numpy.typing import NDArray

from servicekit.errors import InvalidInputError
from servicekit.metrics._arrays import (
    NanPolicy,
    ResultMixin,
    Summary,
    as_numeric,
    check_nan_policy,
    missing,
    not_empty,
)

__all__ = [
    "Backlog",
    "ResolutionTimes",
    "SLACompliance",
    "TimeStats",
    "abandon_rate",
    "average_handle_time",
    "backlog",
    "escalation_rate",
    "first_contact_resolution_rate",
    "first_response_time",
    "follow_up_rate",
    "reopen_rate",
    "resolution_rate",
    "resolution_time",
    "sla_compliance",
]

_NAT = np.iinfo(np.int64).min
_RESOLVED = frozenset({"resolved", "replied", "tracking", "closed"})


class Calendar(Protocol):
    """Anything with a vectorised ``between``, such as ``servicekit.sla.BusinessCalendar``."""

    def between(self, t0: Any, t1: Any) -> Any: ...


# --- turning inputs into arrays -----------------------------------------------------


def _utc64(value: object) -> int:
    if value is None:
        return _NAT
    if isinstance(value, datetime):
        if value.utcoffset() is None:
            raise InvalidInputError("items", value, "timezone-aware datetimes")
        return (value - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1)
    raise InvalidInputError("items", value, "datetimes")


def instants(name: str, values: object) -> NDArray[np.int64]:
    """Instants as int64 microseconds since the epoch (UTC); NaT as the int64 minimum."""
    if isinstance(values, str | bytes) or values is None:
        raise InvalidInputError(name, values, "a sequence or array of instants")
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        values = _series_instants(values)
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise InvalidInputError(name, Summary(f"<shape {arr.shape}>"), "a 1-d sequence of instants")
    if arr.dtype.kind == "M":
        return arr.astype("datetime64[us]").view(np.int64)
    if arr.dtype.kind == "O" or arr.size == 0:
        try:
            return np.fromiter((_utc64(v) for v in arr), dtype=np.int64, count=arr.size)
        except InvalidInputError as err:
            raise InvalidInputError(name, err.value, err.expected) from None
    raise InvalidInputError(
        name, values, "aware datetimes or numpy datetime64 values (UTC instants)"
    )


def _series_instants(series: Any) -> Any:
    """pandas/polars datetime columns, with a time zone or without (UTC), as datetime64."""
    accessor: Any = getattr(series, "dt", None)
    if getattr(accessor, "tz", None) is not None:  # pandas, tz-aware
        return accessor.tz_convert("UTC").dt.tz_localize(None).to_numpy()
    if getattr(getattr(series, "dtype", None), "time_zone", None):  # polars, tz-aware
        return series.dt.convert_time_zone("UTC").dt.replace_time_zone(None).to_numpy()
    return series.to_numpy()


PERIODS = ("h", "D", "W", "M")


def period_starts(us: NDArray[np.int64], freq: str) -> NDArray[np.datetime64]:
    """The start of each instant's period: hour, day, week (from Monday) or month."""
    stamps = us.view("datetime64[us]")
    if freq == "W":
        days = stamps.astype("datetime64[D]")
        # NumPy's day 0, 1970-01-01, was a Thursday: shift back to the Monday
        monday: NDArray[np.datetime64] = days - ((days.view(np.int64) + 3) % 7).astype(
            "timedelta64[D]"
        )
        return monday
    out: NDArray[np.datetime64] = stamps.astype(f"datetime64[{freq}]")
    return out


_UNIT_US = {"us": 1, "ms": 1_000, "s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000}


def _paired_instants(
    a_name: str, a: object, b_name: str, b: object
) -> tuple[NDArray[np.int64], NDArray[np.int64], int]:
    """Two instant columns as int64 in a common unit, without copies when they share one.

    Returns the two arrays and the unit's length in microseconds.
    """
    if (
        isinstance(a, np.ndarray)
        and isinstance(b, np.ndarray)
        and a.dtype == b.dtype
        and a.dtype.kind == "M"
        and a.ndim == b.ndim == 1
    ):
        unit, count = np.datetime_data(a.dtype)
        if count == 1 and unit in _UNIT_US:
            return a.view(np.int64), b.view(np.int64), _UNIT_US[unit]
    return instants(a_name, a), instants(b_name, b), 1


def _one_instant(name: str, value: object) -> int:
    """One instant (aware datetime or datetime64) as int64 microseconds."""
    if isinstance(value, np.datetime64) and not np.isnat(value):
        return int(value.astype("datetime64[us]").astype(np.int64))
    if isinstance(value, datetime) and value.utcoffset() is not None:
        return _utc64(value)
    raise InvalidInputError(name, value, "an aware datetime or a numpy datetime64 (UTC)")


def _items(values: object, *attributes: str) -> list[Any] | None:
    """The items as a list when ``values`` holds models with one of ``attributes``.

    Arrays, data-frame columns and sequences of plain values give None: they are
    columns, not models. Every item is then read with :func:`_attr`, which names a
    missing attribute.
    """
    if isinstance(values, np.ndarray | str | bytes) or hasattr(values, "to_numpy"):
        return None
    if not isinstance(values, Sequence):
        return None
    if values and any(hasattr(values[0], name) for name in attributes):
        return list(values)
    return None


# --- time measures -------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class TimeStats(ResultMixin):
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
    percentiles : dict of float to timedelta
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
    percentiles: dict[float, timedelta | None] = field(default_factory=dict)


def _percentile_list(percentiles: object) -> tuple[float, ...]:
    if isinstance(percentiles, str) or not isinstance(percentiles, Iterable):
        raise InvalidInputError("percentiles", percentiles, "a sequence of numbers from 0 to 100")
    out = []
    for p in percentiles:
        if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 100:
            raise InvalidInputError("percentiles", percentiles, "numbers from 0 to 100")
        out.append(float(p))
    return tuple(out)


def _stats(durations_us: NDArray[np.int64], open_count: int, ps: tuple[float, ...]) -> TimeStats:
    n = int(durations_us.size)
    if n == 0:
        return TimeStats(0, open_count, None, None, None, dict.fromkeys(ps))
    values = durations_us.astype(np.float64)
    qs = np.percentile(values, [50.0, *ps])
    us = timedelta(microseconds=1)
    return TimeStats(
        n,
        open_count,
        float(values.mean()) * us,
        float(qs[0]) * us,
        int(durations_us.max()) * us,
        {p: float(q) * us for p, q in zip(ps, qs[1:], strict=True)},
    )


def _durations(
    start_name: str,
    start: NDArray[np.int64],
    end_name: str,
    end: NDArray[np.int64],
    calendar: Calendar | None,
) -> tuple[NDArray[np.int64], int]:
    """Measured durations (us) and the count of items still open (no end)."""
    if start.shape != end.shape:
        raise InvalidInputError(
            end_name, Summary(f"<{end.size} values>"), f"{start.size} values, one per {start_name}"
        )
    if (start == _NAT).any():
        k = int(np.flatnonzero(start == _NAT)[0])
        raise InvalidInputError(start_name, Summary(f"<missing at index {k}>"), "every start time")
    done = end != _NAT
    s, e = start[done], end[done]
    bad = e < s
    if bad.any():
        k = int(np.flatnonzero(done)[np.flatnonzero(bad)[0]])
        raise InvalidInputError(
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


def first_response_time(
    items_or_opened: object,
    first_response_at: object = None,
    *,
    calendar: Calendar | None = None,
    percentiles: Sequence[float] = (90, 95),
) -> TimeStats:
    """Time from a customer's contact to the first reply.

    Parameters
    ----------
    items_or_opened : sequence of Interaction, or array-like of instants
        Interactions (their ``opened_at`` and ``first_response_at``), or the
        opening instants: aware datetimes, or ``datetime64`` UTC instants (a
        pandas or polars column too).
    first_response_at : array-like of instants, optional
        With instants: the first reply of each, NaT/None where there was none.
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
    first reply, target 5 minutes.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicekit import Interaction
    >>> t = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    >>> items = [Interaction(id=f"I-{k}", customer_id="C-1", channel="chat", opened_at=t,
    ...                      first_response_at=t + timedelta(minutes=m))
    ...          for k, m in enumerate([2, 4, 12])]
    >>> r = first_response_time(items)
    >>> r.mean, r.median, r.n
    (datetime.timedelta(seconds=360), datetime.timedelta(seconds=240), 3)
    """
    ps = _percentile_list(percentiles)
    items = _items(items_or_opened, "opened_at")
    if items is not None:
        start = instants("items", [_attr(i, "opened_at") for i in items])
        end = instants("items", [_attr(i, "first_response_at") for i in items])
    else:
        if first_response_at is None:
            raise InvalidInputError(
                "first_response_at", None, "instants, one per opened_at (or pass interactions)"
            )
        start = instants("opened_at", items_or_opened)
        end = instants("first_response_at", first_response_at)
    d, open_count = _durations("opened_at", start, "first_response_at", end, calendar)
    return _stats(d, open_count, ps)


@dataclass(frozen=True, repr=False)
class ResolutionTimes(ResultMixin):
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


def _attr(item: object, name: str) -> Any:
    try:
        return getattr(item, name)
    except AttributeError:
        raise InvalidInputError(
            "items", type(item).__name__, f"objects with a {name!r} attribute"
        ) from None


def _complaint_resolutions(item: object) -> tuple[datetime | None, datetime | None]:
    """(first resolve, final resolve) of a complaint-like object with a history."""
    resolves = [e.at for e in _attr(item, "history") if e.event == "resolve"]
    first = resolves[0] if resolves else None
    status = str(getattr(_attr(item, "status"), "value", _attr(item, "status")))
    full = resolves[-1] if resolves and status in _RESOLVED else None
    return first, full


def resolution_time(
    items_or_opened: object,
    first_resolved_at: object = None,
    resolved_at: object = None,
    *,
    calendar: Calendar | None = None,
    percentiles: Sequence[float] = (90, 95),
) -> ResolutionTimes:
    """Time to resolve: to the first resolution, and to the final one.

    Parameters
    ----------
    items_or_opened : sequence of Complaint or Interaction, or array-like
        Complaints (``received_at``; the ``resolve`` events of their history),
        interactions (``opened_at`` to ``closed_at`` when ``resolved``), or the
        opening instants.
    first_resolved_at : array-like of instants, optional
        With instants: the first resolution of each (NaT if none).
    resolved_at : array-like of instants, optional
        The final resolution of each; NaT while reopened or unresolved.
        Defaults to ``first_resolved_at`` (no reopens).
    calendar : BusinessCalendar, optional
        Measure in business time.
    percentiles : sequence of float, default (90, 95)

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
    ps = _percentile_list(percentiles)
    items = _items(items_or_opened, "history", "opened_at")
    if items is not None:
        if hasattr(items[0], "history"):
            start = instants("items", [_attr(i, "received_at") for i in items])
            pairs = [_complaint_resolutions(i) for i in items]
            first = instants("items", [p[0] for p in pairs])
            full = instants("items", [p[1] for p in pairs])
        else:
            start = instants("items", [_attr(i, "opened_at") for i in items])
            full = instants(
                "items",
                [_attr(i, "closed_at") if _attr(i, "resolved") else None for i in items],
            )
            first = full
    else:
        if first_resolved_at is None:
            raise InvalidInputError(
                "first_resolved_at", None, "instants, one per opened_at (or pass complaints)"
            )
        start = instants("opened_at", items_or_opened)
        first = instants("first_resolved_at", first_resolved_at)
        full = first if resolved_at is None else instants("resolved_at", resolved_at)
        reopened_earlier = (full != _NAT) & (first != _NAT) & (full < first)
        if reopened_earlier.any():
            k = int(np.flatnonzero(reopened_earlier)[0])
            raise InvalidInputError(
                "resolved_at",
                np.datetime64(int(full[k]), "us"),
                f"a final resolution not before the first one (index {k})",
            )
    d1, o1 = _durations("opened_at", start, "first_resolved_at", first, calendar)
    d2, o2 = _durations("opened_at", start, "resolved_at", full, calendar)
    return ResolutionTimes(_stats(d1, o1, ps), _stats(d2, o2, ps))


# --- rates ---------------------------------------------------------------------------


def flag_arrays(name: str, values: object) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """(true, known) per element of a boolean column with missing values."""
    if isinstance(values, str | bytes) or values is None:
        raise InvalidInputError(name, values, "a sequence of booleans (None for unknown)")
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        values = values.to_numpy()
    arr = np.asarray(values)
    if arr.dtype == np.bool_:
        return arr, np.ones(arr.shape, dtype=bool)
    if arr.dtype.kind == "f":
        known = ~np.isnan(arr)
        if not np.isin(arr[known], (0.0, 1.0)).all():
            bad = arr[known][~np.isin(arr[known], (0.0, 1.0))][0]
            raise InvalidInputError(name, bad.item(), "booleans (None for unknown)")
        return arr == 1.0, known
    if arr.dtype.kind == "O" or arr.size == 0:
        known = np.array([not _is_missing(v) for v in arr.flat], dtype=bool)
        for v in arr.flat[known] if arr.size else ():
            if not isinstance(v, bool | np.bool_):
                raise InvalidInputError(name, v, "booleans (None for unknown)")
        true = np.array([bool(v) if k else False for v, k in zip(arr.flat, known, strict=True)])
        return true.astype(bool), known
    raise InvalidInputError(name, values, "booleans (None for unknown)")


def _is_missing(value: object) -> bool:
    """None, NaN, pandas.NA or NaT."""
    if value is None:
        return True
    if isinstance(value, float | np.floating):
        return bool(math.isnan(value))
    return type(value).__name__ in ("NAType", "NaTType")


def _flags(name: str, values: object) -> tuple[int, int]:
    """(true count, known count) of a boolean column with missing values."""
    true, known = flag_arrays(name, values)
    return int(np.count_nonzero(true)), int(np.count_nonzero(known))


def _rate(name: str, true: int, known: int) -> float:
    if known == 0:
        raise InvalidInputError(
            name, Summary("<no known values>"), "at least one item whose outcome is known"
        )
    return true / known


def first_contact_resolution_rate(items_or_flags: object) -> float:
    """Share of issues solved at the first contact.

    Parameters
    ----------
    items_or_flags : sequence of Interaction, or array-like of bool
        Interactions (their ``first_contact_resolution``) or the flags.

    Returns
    -------
    float
        Numerator: items solved at first contact. Denominator: items whose
        first-contact outcome is known; unknown ones (None, NaN) are left out.
        Target in the training deck: 80%.

    Examples
    --------
    >>> first_contact_resolution_rate([True, True, False, None, True])
    0.75
    """
    items = _items(items_or_flags, "first_contact_resolution")
    flags = (
        [_attr(i, "first_contact_resolution") for i in items]
        if items is not None
        else items_or_flags
    )
    return _rate("items_or_flags", *_flags("items_or_flags", flags))


def resolution_rate(items_or_flags: object) -> float:
    """Share of customer issues successfully solved.

    Parameters
    ----------
    items_or_flags : sequence of Interaction or Complaint, or array-like of bool
        Interactions (``resolved``), complaints (resolved when their status is
        resolved, replied, tracking or closed), or the flags.

    Returns
    -------
    float
        Numerator: items resolved. Denominator: items whose outcome is known
        (None and NaN left out); open complaints count as not resolved.
        Target in the training deck: 95%.

    Examples
    --------
    >>> resolution_rate([True] * 19 + [False])
    0.95
    """
    items = _items(items_or_flags, "resolved", "status")
    if items is not None:
        flags: object = [
            str(getattr(_attr(i, "status"), "value", i.status)) in _RESOLVED
            if hasattr(i, "history")
            else _attr(i, "resolved")
            for i in items
        ]
    else:
        flags = items_or_flags
    return _rate("items_or_flags", *_flags("items_or_flags", flags))


def reopen_rate(items_or_counts: object) -> float:
    """Share of resolved complaints that the customer reopened.

    Parameters
    ----------
    items_or_counts : sequence of Complaint, or array-like of int
        Complaints (their ``reopen_count``) or the reopen counts.

    Returns
    -------
    float
        Numerator: items reopened at least once. Denominator: every item
        given; pass the complaints that were resolved at least once.

    Examples
    --------
    >>> reopen_rate([0, 0, 1, 0, 3])
    0.4
    """
    items = _items(items_or_counts, "reopen_count")
    counts = [_attr(i, "reopen_count") for i in items] if items is not None else items_or_counts
    arr = as_numeric("items_or_counts", counts)
    clean, _ = missing("items_or_counts", arr, "raise")
    if (clean < 0).any() or (clean != np.floor(clean)).any():
        raise InvalidInputError("items_or_counts", counts, "whole numbers >= 0")
    not_empty("items_or_counts", clean.size)
    return int(np.count_nonzero(clean > 0)) / clean.size


def follow_up_rate(items_or_flags: object) -> float:
    """Share of served customers who got a return visit (a follow-up).

    Parameters
    ----------
    items_or_flags : sequence of Complaint, or array-like of bool
        Complaints (served once replied to: a follow-up exists in
        ``follow_ups``), or the flags.

    Returns
    -------
    float
        Numerator: served complaints followed up at least once. Denominator:
        complaints that reached the reply (status replied, tracking or
        closed); with flags, every known flag. Target: 100%.

    Examples
    --------
    >>> follow_up_rate([True, True, True, False])
    0.75
    """
    items = _items(items_or_flags, "follow_ups")
    if items is not None:
        served = [
            i
            for i in items
            if str(getattr(_attr(i, "status"), "value", i.status))
            in {"replied", "tracking", "closed"}
        ]
        flags: object = [bool(_attr(i, "follow_ups")) for i in served]
    else:
        flags = items_or_flags
    return _rate("items_or_flags", *_flags("items_or_flags", flags))


def escalation_rate(items_or_flags: object) -> float:
    """Share of complaints escalated at least once.

    Parameters
    ----------
    items_or_flags : sequence of Complaint, or array-like of bool or int
        Complaints (escalated when their history has an ``escalate`` event;
        a severity's initial level is not an escalation), booleans, or
        escalation levels (escalated when above 1).

    Returns
    -------
    float

    Examples
    --------
    >>> escalation_rate([1, 1, 2, 3])
    0.5
    """
    items = _items(items_or_flags, "history")
    if items is not None:
        flags: object = [any(e.event == "escalate" for e in _attr(i, "history")) for i in items]
        return _rate("items_or_flags", *_flags("items_or_flags", flags))
    arr = np.asarray(
        items_or_flags.to_numpy() if hasattr(items_or_flags, "to_numpy") else items_or_flags
    )
    if arr.dtype.kind in "iu":
        if arr.size and (arr < 1).any():
            raise InvalidInputError("items_or_flags", arr[arr < 1][0].item(), "levels >= 1")
        return _rate("items_or_flags", int(np.count_nonzero(arr > 1)), int(arr.size))
    return _rate("items_or_flags", *_flags("items_or_flags", items_or_flags))


@dataclass(frozen=True, repr=False)
class SLACompliance(ResultMixin):
    """How many items met a target.

    Attributes
    ----------
    rate : float
        ``met / (met + breached)``.
    met, breached : int
        Done by the due time; done late, or still open past it.
    pending : int
        Still open and not yet due: left out of the rate.
    n : int
        All items.

    Examples
    --------
    >>> import numpy as np
    >>> due = np.array(["2026-03-02T10:00"] * 3, dtype="datetime64[m]")
    >>> done = np.array(["2026-03-02T09:30", "2026-03-02T10:30", "NaT"], dtype="datetime64[m]")
    >>> sla_compliance(due, done, now=np.datetime64("2026-03-02T11:00")).to_dict()
    {'rate': 0.3333333333333333, 'met': 1, 'breached': 2, 'pending': 0, 'n': 3}
    """

    rate: float
    met: int
    breached: int
    pending: int
    n: int


def sla_compliance(due: object, done: object, *, now: object = None) -> SLACompliance:
    """Share of items whose target was met, for one target.

    Parameters
    ----------
    due : array-like of instants
        Each item's due time for the target (first response, resolution...).
    done : array-like of instants
        When each item met it (first reply, resolution); NaT/None if not yet.
    now : datetime or datetime64, optional
        Judges the open items: open past their due time they are breached,
        otherwise pending. Without ``now`` every open item is pending.

    Returns
    -------
    SLACompliance
        Numerator: items done by their due time (done == due counts as met).
        Denominator: items done, plus open items already past due. Call it
        once per target.

    Raises
    ------
    InvalidInputError
        For mismatched lengths, a missing due time, or no decided item.

    Examples
    --------
    >>> import numpy as np
    >>> due = np.array(["2026-03-02T10:00", "2026-03-02T10:00"], dtype="datetime64[m]")
    >>> done = np.array(["2026-03-02T09:55", "NaT"], dtype="datetime64[m]")
    >>> sla_compliance(due, done, now=np.datetime64("2026-03-02T09:58")).to_dict()
    {'rate': 1.0, 'met': 1, 'breached': 0, 'pending': 1, 'n': 2}
    """
    d, e, unit = _paired_instants("due", due, "done", done)
    if d.shape != e.shape:
        raise InvalidInputError(
            "done", Summary(f"<{e.size} values>"), f"{d.size} values, one per due"
        )
    if (d == _NAT).any():
        raise InvalidInputError("due", Summary("<missing due time>"), "a due time for every item")
    # NaT is the smallest int64, so an open item (done NaT) is always "<= due":
    # subtracting the open ones leaves the met; the rest of the finished are late.
    open_items = e == _NAT
    n_open = int(np.count_nonzero(open_items))
    on_time_or_open = int(np.count_nonzero(e <= d))
    met = on_time_or_open - n_open
    late = int(d.size) - on_time_or_open
    if now is None or n_open == 0:
        overdue = 0
    else:
        now_value = -(-_one_instant("now", now) // unit)  # ceil: d < now, exactly
        overdue = int(np.count_nonzero(d[open_items] < now_value))
    breached = late + overdue
    pending = int(d.size) - met - breached
    if met + breached == 0:
        raise InvalidInputError(
            "done", Summary("<no item decided>"), "at least one item done or past due"
        )
    return SLACompliance(met / (met + breached), met, breached, pending, int(d.size))


# --- handle time and abandonment -------------------------------------------------------


def seconds_or_timedeltas(name: str, values: object) -> tuple[NDArray[np.float64], bool]:
    """Durations as float seconds; True when they were timedeltas."""
    if isinstance(values, str | bytes) or values is None:
        raise InvalidInputError(name, values, "durations: numbers (seconds) or timedeltas")
    arr = np.asarray(values.to_numpy() if hasattr(values, "to_numpy") else values)
    if arr.dtype.kind == "m":
        us = arr.astype("timedelta64[us]")
        out = us.view(np.int64).astype(np.float64) / 1e6
        out[np.isnat(us)] = np.nan
        return out, True
    if (
        arr.dtype.kind == "O"
        and arr.size
        and all(isinstance(v, timedelta) or v is None for v in arr)
    ):
        return np.array(
            [np.nan if v is None else v.total_seconds() for v in arr], dtype=np.float64
        ), True
    return as_numeric(name, arr).astype(np.float64, copy=False), False


def average_handle_time(
    talk: object,
    hold: object = None,
    after_call_work: object = None,
    *,
    nan_policy: NanPolicy = "raise",
) -> float | timedelta:
    """Average handle time (AHT): talk + hold + after-call work per handled contact.

    Parameters
    ----------
    talk : array-like
        Talk time of each handled contact: numbers (any unit) or timedeltas.
    hold, after_call_work : array-like, optional
        The same for hold and wrap-up, one per contact; missing parts count 0.
    nan_policy : {"raise", "omit", "propagate"}, default "raise"
        A contact with any part missing: raise, leave the contact out, or
        return NaN.

    Returns
    -------
    float or timedelta
        In the inputs' unit: a float when they are numbers (seconds in, seconds
        out), a ``timedelta`` when they are timedeltas.

    Examples
    --------
    >>> average_handle_time([300, 200], hold=[30, 0], after_call_work=[60, 30])
    310.0
    """
    policy = check_nan_policy(nan_policy)
    total, as_td = seconds_or_timedeltas("talk", talk)
    for name, part in (("hold", hold), ("after_call_work", after_call_work)):
        if part is None:
            continue
        values, td = seconds_or_timedeltas(name, part)
        if values.shape != total.shape:
            raise InvalidInputError(
                name, Summary(f"<{values.size} values>"), f"{total.size} values, one per talk"
            )
        total = total + values
        as_td = as_td or td
    if (total[~np.isnan(total)] < 0).any():
        raise InvalidInputError("talk", Summary("<a negative duration>"), "durations >= 0")
    clean, had_nan = missing("talk", total, policy)
    if had_nan and policy == "propagate":
        return math.nan
    not_empty("talk", clean.size)
    mean = float(clean.mean())
    return timedelta(seconds=mean) if as_td else mean


def abandon_rate(
    abandoned: object,
    handled: object,
    *,
    zero_division: Literal["raise"] | float = "raise",
) -> float | NDArray[np.float64]:
    """Share of offered contacts abandoned before an answer.

    Parameters
    ----------
    abandoned, handled : int or array-like of int
        Counts (per interval, when arrays), whole numbers >= 0.
    zero_division : "raise" or float, default "raise"
        What an interval with nothing offered gives: an error, or this value.

    Returns
    -------
    float or numpy.ndarray
        ``abandoned / (handled + abandoned)``, element-wise for arrays.

    Examples
    --------
    >>> abandon_rate(5, 95)
    0.05
    >>> abandon_rate([5, 0], [95, 0], zero_division=0.0)
    array([0.05, 0.  ])
    """
    a = _counts("abandoned", abandoned)
    h = _counts("handled", handled)
    if a.shape != h.shape:
        raise InvalidInputError("handled", handled, f"the shape of abandoned, {a.shape}")
    offered = a + h
    empty = offered == 0
    if empty.any():
        if zero_division == "raise":
            raise InvalidInputError(
                "handled", handled, "some contacts offered (or pass zero_division=value)"
            )
        if isinstance(zero_division, bool) or not isinstance(zero_division, int | float):
            raise InvalidInputError("zero_division", zero_division, "'raise' or a number")
    rate = np.divide(a, offered, out=np.full(a.shape, float(0)), where=~empty)
    if empty.any():
        rate[empty] = float(zero_division)
    return float(rate) if rate.ndim == 0 else rate


def _counts(name: str, value: object) -> NDArray[np.float64]:
    """Whole numbers >= 0, scalar or array, as floats."""
    arr = None
    if not isinstance(value, bool | str | bytes) and value is not None:
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError):
            arr = None
    if arr is None or arr.dtype.kind not in "iuf":
        raise InvalidInputError(name, value, "whole numbers >= 0")
    out = arr.astype(np.float64)
    if not np.isfinite(out).all() or (out < 0).any() or (out != np.floor(out)).any():
        raise InvalidInputError(name, value, "whole numbers >= 0")
    return out


# --- backlog ----------------------------------------------------------------------------


@dataclass(frozen=True, repr=False)
class Backlog(ResultMixin):
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


def backlog(
    opened_at: object,
    closed_at: object = None,
    *,
    at: object,
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
    ps = _percentile_list(percentiles)
    o = instants("opened_at", opened_at)
    c = (
        np.full(o.shape, _NAT, dtype=np.int64)
        if closed_at is None
        else instants("closed_at", closed_at)
    )
    if c.shape != o.shape:
        raise InvalidInputError("closed_at", Summary(f"<{c.size} values>"), f"{o.size} values")
    if (o == _NAT).any():
        raise InvalidInputError("opened_at", Summary("<missing>"), "an opening time for every item")
    closed = c != _NAT
    if (closed & (c < o)).any():
        k = int(np.flatnonzero(closed & (c < o))[0])
        raise InvalidInputError(
            "closed_at", np.datetime64(int(c[k]), "us"), f"not before opened_at (index {k})"
        )
    at_us = _one_instant("at", at)
    is_open = (o <= at_us) & (~closed | (c > at_us))
    start = o[is_open]
    end = np.full(start.shape, at_us, dtype=np.int64)
    ages, _ = _durations("opened_at", start, "at", end, calendar)
    return Backlog(int(start.size), _stats(ages, 0, ps))
