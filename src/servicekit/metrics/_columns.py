"""Columns of instants and flags, shared by the KPI functions (private).

The KPI functions take plain columns: instants (aware datetimes, or
``datetime64`` values, which NumPy, pandas and polars use for UTC instants),
booleans with missing values, counts. They know nothing of servicekit's
models: ``servicekit.workflow.complaint_facts`` turns complaints into these
columns.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from servicekit._params import (
    Constraint,
    Instant,
    Instants,
    Summary,
    _series_tz,
    fail,
    is_missing,
    native,
)

__all__ = [
    "FLAGS",
    "INSTANTS",
    "MISSING",
    "PERIODS",
    "Calendar",
    "Flags",
    "OneInstant",
    "period_starts",
]

MISSING = Instants.MISSING
"""The int64 that stands for a missing instant (NaT) in converted columns."""

INSTANTS = Instants(naive_utc=True)
"""A column of instants; naive ``datetime64`` values are UTC instants."""


class Calendar(Protocol):
    """Anything with a vectorised ``between``, such as ``servicekit.sla.BusinessCalendar``."""

    def between(self, t0: Any, t1: Any) -> Any: ...


class OneInstant(Constraint[int]):
    """One instant: an aware datetime or a ``datetime64`` (UTC), as int64 microseconds.

    Examples
    --------
    >>> OneInstant().convert("at", np.datetime64("1970-01-01T00:00:01"))
    1000000
    """

    expected = "an aware datetime or a numpy datetime64 (UTC) from 1900 to 2200"

    def convert(self, name: str, value: object) -> int:
        if isinstance(value, np.datetime64) and not np.isnat(value):
            us = INSTANTS.convert(name, np.array([value]))
            return int(us[0])
        if isinstance(value, datetime):
            aware = Instant().convert(name, value)
            return int(INSTANTS.convert(name, [aware])[0])
        raise self.error(name, value)

    def invalid(self) -> tuple[object, ...]:
        return ("2026-03-02", np.datetime64("NaT", "us"), None, 5)


class Flags(Constraint[tuple[NDArray[np.bool_], NDArray[np.bool_]]]):
    """A column of booleans with missing values, as ``(true, known)`` arrays.

    Accepts booleans (NumPy, pandas and polars boolean columns), ``None``,
    NaN and ``pandas.NA`` for unknown, and floats 0.0/1.0 (a boolean column
    with NaN read from a CSV). Numbers other than 0 and 1, strings and
    integers are refused: a flag is a yes or no.

    Examples
    --------
    >>> true, known = Flags().convert("flags", [True, None, False])
    >>> true.tolist(), known.tolist()
    ([True, False, False], [True, False, True])
    """

    expected = "a 1-d array-like of booleans (None or NaN for unknown)"

    def convert(self, name: str, value: object) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
        arr = _flag_array(name, value, self.expected)
        if arr.ndim != 1:
            raise self.error(name, Summary(f"<shape {arr.shape}>"))
        if arr.dtype == np.bool_:
            return arr, np.ones(arr.shape, dtype=bool)
        if arr.dtype.kind == "f":
            known = ~np.isnan(arr)
            values = arr[known]
            bad = (values != 0.0) & (values != 1.0)
            if bad.any():
                raise self.error(name, float(values[bad][0]))
            return arr == 1.0, known
        if arr.dtype.kind == "O":
            items = arr.tolist()
            known_list = [not is_missing(v) for v in items]
            for v, k in zip(items, known_list, strict=True):
                if k and not isinstance(v, bool | np.bool_):
                    raise self.error(name, Summary(f"<a {type(v).__name__}>"))
            true = np.array([k and bool(v) for v, k in zip(items, known_list, strict=True)])
            return true.astype(bool), np.array(known_list, dtype=bool)
        raise self.error(name, Summary(f"<{arr.dtype} values>"))

    def invalid(self) -> tuple[object, ...]:
        return ([1, 0], ["yes"], [0.5], "true", [[True]])


def _flag_array(name: str, value: object, expected: str) -> NDArray[Any]:
    if isinstance(value, list | tuple):
        out = np.empty(len(value), dtype=object)
        out[:] = list(value)
        if out.size and all(type(v) is bool for v in value):
            return out.astype(bool)
        return out
    return native(name, value, expected)


FLAGS = Flags()

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


def same_length(name: str, values: NDArray[Any], other: str, size: int) -> None:
    """Refuse a column whose length differs from ``other``'s."""
    if values.shape[0] != size:
        fail(name, Summary(f"<{values.shape[0]} values>"), f"{size} values, one per {other}")


_DAY_US = 86_400_000_000


def zone_of(values: object) -> str | None:
    """The zone aware input carries (a pandas or polars column's, or shared datetimes'), or None."""
    tz = _series_tz(values)
    if tz is not None:
        return str(tz)
    if (
        isinstance(values, list | tuple)
        and values
        and all(isinstance(v, datetime) and v.tzinfo is not None for v in values)
    ):
        keys = {getattr(v.tzinfo, "key", None) or v.tzname() for v in values}
        if len(keys) == 1:
            (key,) = keys
            return "UTC" if key in ("UTC", "Etc/UTC") else key
    return None


def to_local(us: NDArray[np.int64], tz: Any) -> NDArray[np.int64]:
    """UTC microseconds to local wall-clock microseconds in zone ``tz``.

    The offset is looked up once per distinct UTC day (a Python call per day,
    never per element); only on a day with a transition is each of its
    instants looked up.
    """
    from datetime import timezone

    if tz is timezone.utc or us.size == 0:
        same: NDArray[np.int64] = us.copy()
        return same
    days, inverse = np.unique(us // _DAY_US, return_inverse=True)
    inverse = inverse.reshape(-1)

    def offset(t_us: int) -> int:
        moment = datetime.fromtimestamp(t_us / 1e6, tz=timezone.utc).astimezone(tz)
        delta = moment.utcoffset()
        return 0 if delta is None else int(delta.total_seconds() * 1_000_000)

    start = np.array([offset(int(d) * _DAY_US) for d in days], dtype=np.int64)
    end = np.array([offset(int(d) * _DAY_US + _DAY_US - 1) for d in days], dtype=np.int64)
    out: NDArray[np.int64] = us + start[inverse]
    for k in np.flatnonzero(start != end).tolist():
        mine = np.flatnonzero(inverse == k)
        out[mine] = us[mine] + np.array([offset(int(t)) for t in us[mine]], dtype=np.int64)
    return out
