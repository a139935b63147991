"""BusinessCalendar against a brute-force oracle that steps minute by minute.

The oracle knows nothing of the implementation: for every minute of a few days
it reads the wall clock in the zone, and a window [start, end) on a local date
is open from the first minute whose wall clock shows at least the start until
the first minute whose wall clock shows at least the end. A boundary the wall
clock skips (a spring-forward gap) moves forward by the length of the gap:
02:30 in a 02:00-03:00 gap becomes 03:30, as RFC 5545 and zoneinfo read it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from functools import cache
from zoneinfo import ZoneInfo

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from servicekit.sla import BusinessCalendar

DAYS = 5
MINUTES = DAYS * 1440
# (zone, a date two days before one of its daylight-saving changes, or any date)
PLACES = [
    ("Europe/Berlin", date(2026, 3, 27)),  # 02:00 -> 03:00 on the 29th
    ("Europe/Berlin", date(2026, 10, 23)),  # 03:00 -> 02:00 on the 25th
    ("America/New_York", date(2026, 3, 6)),  # 8 March
    ("America/New_York", date(2026, 10, 30)),  # 1 November
    ("Australia/Lord_Howe", date(2026, 10, 2)),  # a half-hour change, 4 October
    ("Asia/Shanghai", date(2026, 9, 29)),  # no DST; the National Day week
    ("UTC", date(2026, 12, 30)),  # across a year end
]


@cache
def wall_clock(zone: str, first: date) -> tuple[datetime, np.ndarray]:  # type: ignore[type-arg]
    """UTC start instant and, for every minute after it, the local wall clock (minutes)."""
    tz = ZoneInfo(zone)
    # start at local midnight of the day before ``first`` (read on the UTC side)
    t0 = datetime.combine(first - timedelta(days=1), datetime.min.time(), tz).astimezone(
        timezone.utc
    )
    base = datetime.combine(first - timedelta(days=3), datetime.min.time())
    local = np.empty(MINUTES + 3 * 1440, dtype=np.int64)
    for m in range(local.size):
        wall = (t0 + timedelta(minutes=m)).astimezone(tz).replace(tzinfo=None)
        local[m] = (wall - base) // timedelta(minutes=1)
    return t0, local


def oracle_open(zone: str, first: date, spec: dict, holidays: set, workdays: set) -> np.ndarray:  # type: ignore[type-arg]
    _t0, local = wall_clock(zone, first)
    base = datetime.combine(first - timedelta(days=3), datetime.min.time())
    is_open = np.zeros(local.size, dtype=bool)
    first_open_day = min(spec) if spec else None
    for offset in range(-1, DAYS + 2):
        day = first + timedelta(days=offset)
        if day in holidays:
            continue
        spans = spec.get(day.weekday(), [])
        if day in workdays and not spans and first_open_day is not None:
            spans = spec[first_open_day]
        for s, e in spans:
            start = (datetime.combine(day, datetime.min.time()) - base) // timedelta(minutes=1) + s
            end = (datetime.combine(day, datetime.min.time()) - base) // timedelta(minutes=1) + e
            lo, hi = boundary(local, start), boundary(local, end)
            is_open[lo:hi] = True
    return is_open


def boundary(local: np.ndarray, wall: int) -> int:  # type: ignore[type-arg]
    """The minute at which the wall clock shows ``wall``, a skipped one moved by the gap."""
    reach = np.flatnonzero(local >= wall)
    if not reach.size:
        return int(local.size)
    k = int(reach[0])
    if local[k] != wall and k > 0:  # skipped: the clock jumped over it
        gap = int(local[k] - (local[k - 1] + 1))
        reach = np.flatnonzero(local >= wall + gap)
        return int(reach[0]) if reach.size else int(local.size)
    return k


def hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def calendars(draw: st.DrawFn) -> tuple[str, date, dict, set, set, BusinessCalendar]:  # type: ignore[type-arg]
    zone, first = draw(st.sampled_from(PLACES))
    spec: dict[int, list[tuple[int, int]]] = {}
    for weekday in range(7):
        cuts = draw(
            st.lists(
                st.integers(0, 96).map(lambda q: q * 15)
                # and often in the small hours, where clocks change
                | st.sampled_from([60, 90, 120, 135, 150, 165, 180, 195, 210]),
                max_size=6,
                unique=True,
            )
        )
        cuts.sort()
        if len(cuts) % 2:
            cuts = cuts[:-1]
        spans = [(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
        if spans:
            spec[weekday] = spans
    days = [first + timedelta(days=k) for k in range(-1, DAYS + 1)]
    holidays = set(draw(st.lists(st.sampled_from(days), max_size=2)))
    workdays = set(draw(st.lists(st.sampled_from(days), max_size=2))) - holidays
    cal = BusinessCalendar(
        {d: [(hhmm(s), hhmm(e)) for s, e in spans] for d, spans in spec.items()},
        tz=zone,
        holidays=holidays,
        workdays=workdays,
    )
    return zone, first, spec, holidays, workdays, cal


@settings(max_examples=150, deadline=None)
@given(calendars(), st.integers(0, MINUTES - 1), st.integers(0, MINUTES - 1))
def test_is_open_and_between_match_the_oracle(cal_case: tuple, i: int, j: int) -> None:  # type: ignore[type-arg]
    zone, first, spec, holidays, workdays, cal = cal_case
    t0, _ = wall_clock(zone, first)
    is_open = oracle_open(zone, first, spec, holidays, workdays)
    i, j = min(i, j), max(i, j)
    t, u = t0 + timedelta(minutes=i), t0 + timedelta(minutes=j)
    assert cal.is_open(t) == bool(is_open[i])
    assert cal.between(t, u) == timedelta(minutes=int(is_open[i:j].sum()))
    # the same through the vector path
    ts = np.array([np.datetime64(t.replace(tzinfo=None), "us")])
    us = np.array([np.datetime64(u.replace(tzinfo=None), "us")])
    assert cal.between(ts, us)[0] == np.timedelta64(int(is_open[i:j].sum()), "m")


@settings(max_examples=150, deadline=None)
@given(calendars(), st.integers(0, MINUTES // 2), st.integers(0, 48 * 60))
def test_add_matches_the_oracle(cal_case: tuple, i: int, minutes: int) -> None:  # type: ignore[type-arg]
    zone, first, spec, holidays, workdays, cal = cal_case
    t0, _ = wall_clock(zone, first)
    is_open = oracle_open(zone, first, spec, holidays, workdays)
    t = t0 + timedelta(minutes=i)
    if minutes == 0:
        assert cal.add(t, timedelta(0)) == t
        return
    open_after = np.flatnonzero(is_open[i:MINUTES])
    assume(open_after.size >= minutes)  # the answer lies inside the oracle's range
    expected = t + timedelta(minutes=int(open_after[minutes - 1]) + 1)
    assert cal.add(t, timedelta(minutes=minutes)) == expected
    ts = np.array([np.datetime64(t.replace(tzinfo=None), "us")])
    got = cal.add(ts, timedelta(minutes=minutes))[0]
    assert got == np.datetime64(expected.replace(tzinfo=None), "us")


@settings(max_examples=100, deadline=None)
@given(calendars(), st.integers(0, MINUTES - 1), st.integers(0, MINUTES - 1))
def test_add_inverts_between(cal_case: tuple, i: int, j: int) -> None:  # type: ignore[type-arg]
    zone, first, spec, holidays, workdays, cal = cal_case
    t0, _ = wall_clock(zone, first)
    is_open = oracle_open(zone, first, spec, holidays, workdays)
    i, j = min(i, j), max(i, j)
    t, u = t0 + timedelta(minutes=i), t0 + timedelta(minutes=j)
    spent = cal.between(t, u)
    back = cal.add(t, spent)
    assert back <= u
    assert cal.between(t, back) == spent
    if j > i and is_open[j] and is_open[j - 1]:  # u open, and not the first minute of a window
        assert back == u
