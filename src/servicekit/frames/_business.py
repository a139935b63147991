"""Business time on any engine: the calendar as a small day table, joined on (private).

A calendar's open time up to an instant ``t`` is a piecewise-linear function.
Cut at UTC midnights, each day holds a few open pieces; the table has one row
per UTC day with the open seconds before that day (``base``) and the day's
pieces as columns (``s0, l0, s1, l1, ...``: start and length, microseconds), so
that ``open(t) = base + sum_k clip(t - s_k, 0, l_k)`` needs one equi-join on the
day and no Python per row, on every engine (as dbt_zendesk joins its schedule
tables in SQL).
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import narwhals.stable.v2 as nw
import numpy as np
from numpy.typing import NDArray

from servicekit.frames._engine import Source
from servicekit.sla import BusinessCalendar

__all__ = ["bounds_of", "with_instant", "with_open_seconds"]

DAY_US = 86_400_000_000
# Days are counted from 1899-12-25 so that the keys of the instants servicekit
# accepts (1900 on) stay positive (every engine's integer division then floors)
# and the shifted microseconds stay below 2**53 (exact in float64) up to 2200.
_SHIFT_DAYS = 25_575
_SHIFT_US = _SHIFT_DAYS * DAY_US


def _day_table(calendar: BusinessCalendar, lo_us: int, hi_us: int) -> dict[str, NDArray[Any]]:
    first_day, last_day = lo_us // DAY_US, hi_us // DAY_US
    start = datetime.fromtimestamp(first_day * 86_400, tz=timezone.utc)
    end = datetime.fromtimestamp((last_day + 1) * 86_400, tz=timezone.utc)
    iv = calendar.intervals(start, end)
    s = iv.starts.view(np.int64)
    e = iv.ends.view(np.int64)
    before = np.asarray(iv.open_before_s) * 1e6  # microseconds
    counts = (e - 1) // DAY_US - s // DAY_US + 1
    which = np.repeat(np.arange(s.size), counts)
    offset = np.arange(which.size) - np.repeat(np.cumsum(counts) - counts, counts)
    piece_day = s[which] // DAY_US + offset
    piece_start = np.maximum(s[which], piece_day * DAY_US)
    piece_end = np.minimum(e[which], (piece_day + 1) * DAY_US)
    piece_cum = before[which] + (piece_start - s[which])
    days = np.arange(first_day, last_day + 1, dtype=np.int64)
    total = float(before[-1] + (e[-1] - s[-1])) if s.size else 0.0
    nxt = np.searchsorted(piece_day, days, side="left")
    if piece_day.size:
        base = np.where(nxt < piece_day.size, piece_cum[np.minimum(nxt, piece_day.size - 1)], total)
    else:  # never open in these days
        base = np.zeros(days.size)
    table: dict[str, NDArray[Any]] = {
        "__day": days + _SHIFT_DAYS,
        "__base": base.astype(np.float64),
    }
    rank = np.arange(piece_day.size) - np.searchsorted(piece_day, piece_day, side="left")
    slots = int(rank.max()) + 1 if rank.size else 1
    row = piece_day - first_day
    for k in range(slots):
        starts = days * DAY_US
        lengths = np.zeros(days.size, dtype=np.int64)
        mine = rank == k
        starts[row[mine]] = piece_start[mine]
        lengths[row[mine]] = piece_end[mine] - piece_start[mine]
        table[f"__s{k}"] = starts
        table[f"__l{k}"] = lengths
    return table


def bounds_of(source: Source, frame: nw.LazyFrame[Any], names: list[str]) -> tuple[Any, Any]:
    """The earliest and latest of some microsecond columns (one small query)."""
    found = source.collect_small(
        frame.select(
            nw.min_horizontal(*[nw.col(c).min() for c in names]).alias("lo"),
            nw.max_horizontal(*[nw.col(c).max() for c in names]).alias("hi"),
        )
    )
    return found["lo"][0], found["hi"][0]


def with_open_seconds(
    source: Source,
    frame: nw.LazyFrame[Any],
    columns: dict[str, str],
    calendar: BusinessCalendar,
    *,
    bounds: tuple[int, int] | None = None,
) -> nw.LazyFrame[Any]:
    """Add, for each ``{us_column: out}``, the calendar's open seconds up to that instant.

    The values are cumulative from an origin fixed by the first day of
    ``bounds`` (by default the columns' earliest and latest instants): only
    differences mean anything, or values read back with :func:`with_instant`
    given the same ``bounds``. Null instants give null.
    """
    if not columns:
        return frame
    if bounds is None:
        lo, hi = bounds_of(source, frame, list(columns))
        if lo is None or hi is None:
            return frame.with_columns(
                nw.lit(None, nw.Float64).alias(out) for out in columns.values()
            )
        bounds = (int(lo), int(hi))
    table = _day_table(calendar, *bounds)
    slots = (len(table) - 2) // 2
    base = source.constant(table)
    for us, out in columns.items():
        suffix = f"_{out}"
        right = base.rename({c: c + suffix for c in table})
        key = f"__day{suffix}"
        day = ((nw.col(us) + _SHIFT_US) // DAY_US).fill_null(-1).cast(nw.Int64)
        frame = frame.with_columns(day.alias(key))
        frame = frame.join(right, on=key, how="left")
        t = nw.col(us)
        pieces = [(t - nw.col(f"__s{k}{suffix}")).clip(0, None) for k in range(slots)]
        opened = nw.col(f"__base{suffix}")
        for k, piece in enumerate(pieces):
            length = nw.col(f"__l{k}{suffix}")
            opened = opened + nw.when(piece < length).then(piece).otherwise(length)
        opened = nw.when(nw.col(us).is_null()).then(None).otherwise(opened / 1e6)
        frame = frame.with_columns(opened.cast(nw.Float64).alias(out))
        frame = frame.drop([key, *(c + suffix for c in table if c != "__day")])
    return frame


_BUCKET_US = 3_600_000_000  # an hour of open time per row of the inverse table


def _inverse_table(calendar: BusinessCalendar, lo_us: int, hi_us: int) -> dict[str, NDArray[Any]]:
    """Open time -> instant: open intervals by hour of cumulative open time, pivoted."""
    first_day, last_day = lo_us // DAY_US, hi_us // DAY_US
    start = datetime.fromtimestamp(first_day * 86_400, tz=timezone.utc)
    end = datetime.fromtimestamp((last_day + 1) * 86_400, tz=timezone.utc)
    iv = calendar.intervals(start, end)
    s = iv.starts.view(np.int64)
    e = iv.ends.view(np.int64)
    c = np.rint(np.asarray(iv.open_before_s) * 1e6).astype(np.int64)
    lengths = e - s
    # interval k holds open times (c_k, c_k + len_k]; bucket b holds (b W, (b + 1) W]
    lo_b = c // _BUCKET_US
    hi_b = np.maximum((c + lengths - 1) // _BUCKET_US, lo_b)
    counts = hi_b - lo_b + 1
    which = np.repeat(np.arange(s.size), counts)
    bucket = lo_b[which] + np.arange(which.size) - np.repeat(np.cumsum(counts) - counts, counts)
    order = np.lexsort((which, bucket))
    which, bucket = which[order], bucket[order]
    rank = np.arange(bucket.size) - np.searchsorted(bucket, bucket, side="left")
    slots = int(rank.max()) + 1 if rank.size else 1
    keys = np.unique(bucket) if bucket.size else np.zeros(1, dtype=np.int64)
    row = np.searchsorted(keys, bucket)
    table: dict[str, NDArray[Any]] = {"__ob": keys.astype(np.int64)}
    for k in range(slots):
        cum = np.full(keys.size, -1, dtype=np.int64)
        st = np.zeros(keys.size, dtype=np.int64)
        ln = np.zeros(keys.size, dtype=np.int64)
        mine = rank == k
        cum[row[mine]] = c[which[mine]]
        st[row[mine]] = s[which[mine]]
        ln[row[mine]] = lengths[which[mine]]
        table[f"__oc{k}"] = cum
        table[f"__os{k}"] = st
        table[f"__ol{k}"] = ln
    return table


def with_instant(
    source: Source,
    frame: nw.LazyFrame[Any],
    column: str,
    out: str,
    calendar: BusinessCalendar,
    *,
    bounds: tuple[int, int],
) -> nw.LazyFrame[Any]:
    """Add ``out``: the first instant (UTC microseconds) at which the open time reaches ``column``.

    ``column`` holds open seconds as :func:`with_open_seconds` gives them with
    the same ``bounds``; the table covers the open time up to ``bounds[1]``.
    """
    table = _inverse_table(calendar, *bounds)
    slots = (len(table) - 1) // 3
    right = source.constant(table)
    v = (nw.col(column) * 1e6).round(0)
    key = "__ob"
    frame = frame.with_columns(((v - 1) // _BUCKET_US).fill_null(-1).cast(nw.Int64).alias(key))
    frame = frame.join(right, on=key, how="left")
    found: Any = nw.lit(None, nw.Float64)
    for k in reversed(range(slots)):
        c, st, ln = (nw.col(f"__o{x}{k}") for x in ("c", "s", "l"))
        inside = (c >= 0) & (v > c) & (v <= c + ln)
        found = nw.when(inside).then((st + (v - c)).cast(nw.Float64)).otherwise(found)
    drop = [key, *(f"__o{x}{k}" for k in range(slots) for x in ("c", "s", "l"))]
    return frame.with_columns(found.alias(out)).drop(drop)
