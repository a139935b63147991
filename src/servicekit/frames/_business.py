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

__all__ = ["with_open_seconds"]

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


def with_open_seconds(
    source: Source,
    frame: nw.LazyFrame[Any],
    columns: dict[str, str],
    calendar: BusinessCalendar,
) -> nw.LazyFrame[Any]:
    """Add, for each ``{us_column: out}``, the calendar's open seconds up to that instant.

    The values are cumulative from an arbitrary origin: only differences mean
    anything (the open time between two instants). Null instants give null.
    """
    if not columns:
        return frame
    names = list(columns)
    bounds = source.collect_small(
        frame.select(
            nw.min_horizontal(*[nw.col(c).min() for c in names]).alias("lo"),
            nw.max_horizontal(*[nw.col(c).max() for c in names]).alias("hi"),
        )
    )
    lo, hi = bounds["lo"][0], bounds["hi"][0]
    if lo is None or hi is None:
        return frame.with_columns(nw.lit(None, nw.Float64).alias(out) for out in columns.values())
    table = _day_table(calendar, int(lo), int(hi))
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
