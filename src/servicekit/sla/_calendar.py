"""Business calendars: opening windows, breaks, holidays, make-up days, time zones."""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from servicekit._params import EARLIEST, LATEST, Instant, Summary, time_zone, validate_params
from servicekit._results import Result, result
from servicekit.errors import InvalidInputError

__all__ = ["BusinessCalendar", "OpenIntervals"]

UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)
_DAY_US = 86_400_000_000
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_MIDNIGHT_END = -1  # marks "24:00", the end of the day
_CHUNK_DAYS = 366
# Tables never reach beyond the accepted instants (1900-01-01 to 2200-12-31), with a
# week's margin for time zones: no query can make a calendar build a longer one.
_FIRST_DATE = EARLIEST.date() - timedelta(days=7)
_LAST_DATE = LATEST.date() + timedelta(days=7)
_EARLIEST_US = (EARLIEST - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1)
_LATEST_US = (LATEST - datetime(1970, 1, 1, tzinfo=timezone.utc)) // timedelta(microseconds=1)
_INSTANT = Instant()
_MAX_BUCKETS = 4_000_000

Window = tuple[int, int]  # minutes since local midnight: [start, end), end up to 1440


def _to_us(t: datetime) -> int:
    return (t - _EPOCH) // _US


def _from_us(us: int, tz: Any) -> datetime:
    return (_EPOCH + timedelta(microseconds=us)).astimezone(tz)


def _minutes(name: str, value: object, *, end: bool) -> int:
    """'HH:MM' or a datetime.time as minutes since midnight; '24:00' only as an end."""
    if isinstance(value, time):
        if value.tzinfo is not None or value.second or value.microsecond:
            raise InvalidInputError(name, value, "a naive time on a whole minute")
        return value.hour * 60 + value.minute
    if isinstance(value, str):
        m = _TIME.match(value)
        if m:
            hours, minutes = int(m.group(1)), int(m.group(2))
            if minutes < 60 and (hours < 24 or (end and hours == 24 and minutes == 0)):
                return hours * 60 + minutes
    expected = "'HH:MM' from 00:00 to 24:00" if end else "'HH:MM' from 00:00 to 23:59"
    raise InvalidInputError(name, value, expected + " or a datetime.time")


def _parse_windows(windows: object) -> dict[int, tuple[Window, ...]]:
    if not isinstance(windows, Mapping):
        raise InvalidInputError(
            "windows", windows, "a mapping of weekday (0 = Monday) to (start, end) windows"
        )
    out: dict[int, tuple[Window, ...]] = {}
    for day, spans in windows.items():
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:
            raise InvalidInputError("windows", day, "weekdays 0 (Monday) to 6 (Sunday)")
        if isinstance(spans, str) or not isinstance(spans, Iterable):
            raise InvalidInputError(f"windows[{day}]", spans, "a list of (start, end) pairs")
        parsed: list[Window] = []
        for span in spans:
            if isinstance(span, str) or not isinstance(span, Sequence) or len(span) != 2:
                raise InvalidInputError(f"windows[{day}]", span, "(start, end) pairs")
            start = _minutes(f"windows[{day}]", span[0], end=False)
            stop = _minutes(f"windows[{day}]", span[1], end=True)
            if stop <= start:
                raise InvalidInputError(
                    f"windows[{day}]", span, "a window whose end is after its start"
                )
            parsed.append((start, stop))
        parsed.sort()
        for (_, prev_end), (next_start, _) in itertools.pairwise(parsed):
            if next_start < prev_end:
                raise InvalidInputError(
                    f"windows[{day}]", list(spans), "windows that do not overlap"
                )
        merged: list[Window] = []
        for span in parsed:
            if merged and merged[-1][1] == span[0]:
                merged[-1] = (merged[-1][0], span[1])
            else:
                merged.append(span)
        if merged:
            out[day] = tuple(merged)
    return out


def _dates(name: str, values: object) -> frozenset[date]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise InvalidInputError(name, values, "an iterable of dates")
    out = set()
    for value in values:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise InvalidInputError(name, value, "datetime.date values (not datetimes)")
        out.add(value)
    return frozenset(out)


def _zone(tz: object) -> tzinfo:
    """The time zone named ``tz``; UTC without consulting the time-zone database."""
    return UTC if tz is UTC else time_zone("tz", tz)


def _zone_name(zone: tzinfo) -> str:
    return str(getattr(zone, "key", "UTC"))


class _BucketIndex:
    """``np.searchsorted(keys, x, "right") - 1`` for many x at once, in O(1) each.

    Binary search over random queries costs ~50 ns an element in cache misses and
    mispredicted branches. Instead, cut the key axis into buckets of equal width,
    remember the answer at each bucket's start, and step forward over the few keys
    inside a bucket (at most ``steps``: the width is halved until that is small).
    """

    def __init__(self, keys: NDArray[np.int64], width: int) -> None:
        self.keys = np.append(keys, np.iinfo(np.int64).max)  # a stop for the last step
        self.base = int(keys[0])
        span = int(keys[-1]) - self.base
        width = max(width, span // _MAX_BUCKETS + 1)  # a bounded table, whatever the span
        while True:
            count = span // width + 2
            edges = self.base + width * np.arange(count, dtype=np.int64)
            at_edges = np.searchsorted(keys, edges, side="right")
            steps = int(np.diff(at_edges).max()) if count > 1 else 0
            if steps <= 2 or width == 1 or 2 * count > _MAX_BUCKETS:
                break
            width = max(width // 2, 1)
        self.width = width
        self.first = at_edges - 1
        self.steps = steps
        self.last_bucket = count - 1

    def right(self, x: NDArray[np.int64]) -> NDArray[np.int64]:
        """Index of the last key <= x (x must be >= the first key)."""
        bucket = np.clip((x - self.base) // self.width, 0, self.last_bucket)
        i = self.first[bucket]
        for _ in range(self.steps):
            i += self.keys[i + 1] <= x
        return i


class _Table:
    """Open intervals for a range of local dates, immutable once built.

    The calendar swaps in a new table when a query needs more dates, with one
    attribute assignment, so a calendar shared between threads never shows a
    half-built table.
    """

    __slots__ = (
        "by_open_time",
        "by_start",
        "cum",
        "cum_end",
        "cum_end_list",
        "cum_list",
        "ends_list",
        "first",
        "last",
        "lengths",
        "safe_hi",
        "safe_lo",
        "starts",
        "starts_list",
    )

    def __init__(self, first: date, last: date, spans: list[tuple[int, int]], last_us: int) -> None:
        self.first, self.last = first, last
        # instants well inside the table: a day from either end, whatever the zone
        self.safe_lo = spans[0][0] + 2 * _DAY_US
        self.safe_hi = last_us - _DAY_US
        starts = np.fromiter((a for a, _ in spans), dtype=np.int64, count=len(spans))
        ends = np.fromiter((b for _, b in spans), dtype=np.int64, count=len(spans))
        self.starts = starts
        self.lengths = ends - starts
        self.cum_end = np.cumsum(self.lengths)
        self.cum = self.cum_end - self.lengths
        self.starts_list: list[int] = starts.tolist()
        self.ends_list: list[int] = ends.tolist()
        self.cum_list: list[int] = self.cum.tolist()
        self.cum_end_list: list[int] = self.cum_end.tolist()
        hour = 3_600_000_000
        self.by_start = _BucketIndex(starts, hour)
        self.by_open_time = _BucketIndex(self.cum_end, hour)

    def covers(self, lo_us: int, hi_us: int) -> bool:
        return self.safe_lo <= lo_us and hi_us <= self.safe_hi

    def total(self) -> int:
        return self.cum_end_list[-1]

    def index_one(self, x: int) -> int:
        return bisect_right(self.starts_list, x) - 1  # >= 0: the sentinel comes first

    def open_until(self, x: NDArray[np.int64]) -> NDArray[np.int64]:
        """Open time (us) from the table's start up to each covered instant."""
        i = self.by_start.right(x)  # the interval starting at or before x
        inside = x - self.starts[i]
        np.minimum(inside, self.lengths[i], out=inside)
        inside += self.cum[i]
        return inside

    def open_until_one(self, x: int) -> int:
        i = self.index_one(x)
        start = self.starts_list[i]
        return self.cum_list[i] + min(x - start, self.ends_list[i] - start)

    def locate(self, target: NDArray[np.int64]) -> NDArray[np.int64]:
        """The first instant at which the open time reaches ``target`` (us)."""
        # one past the last cumulative end below target (integers: "<= target - 1")
        j = self.by_open_time.right(target - 1) + 1
        out: NDArray[np.int64] = target - self.cum[j]
        out += self.starts[j]
        return out

    def locate_one(self, target: int) -> int:
        j = bisect_left(self.cum_end_list, target)
        return self.starts_list[j] + target - self.cum_list[j]


class BusinessCalendar:
    """When the service is open: weekly windows, holidays and make-up working days.

    Parameters
    ----------
    windows : mapping of int to list of (start, end)
        Opening windows by weekday (0 = Monday .. 6 = Sunday), as ``"HH:MM"``
        strings or ``datetime.time``; several per day for breaks
        (``[("09:00", "12:00"), ("13:30", "18:00")]``); ``"24:00"`` ends a
        window at midnight. A weekday that is not in the mapping is closed.
    tz : str
        The IANA time zone the windows are in, e.g. ``"Asia/Shanghai"``.
    holidays : iterable of date
        Dates that are closed.
    workdays : iterable of date
        Make-up working days: dates that are open although their weekday is
        not (as in China's holiday schedule). A make-up day gets the windows
        of the first open weekday, Monday if Monday is open.

    Notes
    -----
    Windows are local wall-clock times, turned into instants with the time
    zone's rules, so the calendar is right across daylight-saving changes: a
    window ``00:00``-``24:00`` lasts 23 hours on the day clocks go forward and
    25 hours on the day they go back. A boundary inside a skipped hour moves
    forward by the gap (02:30 on a night clocks jump from 02:00 to 03:00
    becomes 03:30, as RFC 5545, Python's zoneinfo and the biz gem read it);
    one inside a repeated hour takes its first occurrence.

    Instants from 1900-01-01 to 2200-12-31 (UTC) are accepted, and nothing
    else: an instant outside that range, or a duration that cannot end inside
    it, is refused before any table is built, so one bad date cannot make a
    shared calendar build a thousand years of intervals. ``tz="UTC"`` needs no
    time-zone database.

    Every instant-valued method takes timezone-aware datetimes; :meth:`add`
    and :meth:`between` also take NumPy ``datetime64`` arrays of UTC instants
    and work on them without a Python loop per element.

    Examples
    --------
    >>> from datetime import datetime, timedelta
    >>> from zoneinfo import ZoneInfo
    >>> office = [("09:00", "12:00"), ("13:30", "18:00")]
    >>> cal = BusinessCalendar({d: office for d in range(5)}, tz="Asia/Shanghai")
    >>> friday = datetime(2026, 3, 6, 17, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    >>> cal.add(friday, timedelta(hours=2))
    datetime.datetime(2026, 3, 9, 10, 0, tzinfo=zoneinfo.ZoneInfo(key='Asia/Shanghai'))
    >>> cal.between(friday, cal.add(friday, timedelta(hours=2)))
    datetime.timedelta(seconds=7200)
    """

    @validate_params()
    def __init__(
        self,
        windows: Mapping[int, Sequence[tuple[str | time, str | time]]],
        *,
        tz: str,
        holidays: Iterable[date] = (),
        workdays: Iterable[date] = (),
    ) -> None:
        self._windows = _parse_windows(windows)
        self._zone = _zone(tz)
        self._holidays = _dates("holidays", holidays)
        self._workdays = _dates("workdays", workdays)
        both = self._holidays & self._workdays
        if both:
            raise InvalidInputError("workdays", sorted(both)[0], "dates that are not also holidays")
        first_open = next((d for d in range(7) if d in self._windows), None)
        self._makeup: tuple[Window, ...] = () if first_open is None else self._windows[first_open]
        # Open intervals in microseconds since the epoch (UTC), built lazily for the
        # dates the queries need and replaced by a larger table on demand.
        self._table: _Table | None = None

    @classmethod
    def always_open(cls, tz: str = "UTC") -> BusinessCalendar:
        """A calendar that is open all the time (24x7 service).

        Examples
        --------
        >>> from datetime import datetime, timedelta, timezone
        >>> cal = BusinessCalendar.always_open()
        >>> t = datetime(2026, 1, 1, tzinfo=timezone.utc)
        >>> cal.add(t, timedelta(days=2)) - t
        datetime.timedelta(days=2)
        """
        return cls({d: [("00:00", "24:00")] for d in range(7)}, tz=tz)

    @classmethod
    @validate_params()
    def from_holidays(
        cls,
        country: str,
        *,
        years: Iterable[int] | int,
        windows: Mapping[int, Sequence[tuple[str | time, str | time]]],
        tz: str,
        subdiv: str | None = None,
        workdays: Iterable[date] | None = None,
    ) -> BusinessCalendar:
        """A calendar closed on ``country``'s public holidays, from the ``holidays`` package.

        Needs the ``holidays`` extra: ``pip install 'servicekit[holidays]'``.

        Parameters
        ----------
        country : str
            An ISO 3166-1 code the ``holidays`` package knows: ``"CN"``,
            ``"US"``, ``"GB"`` (alpha-3 codes such as ``"CHN"`` work too).
        years : int or iterable of int
            The years whose holidays the calendar holds (1900 to 2200). Dates
            in other years follow ``windows`` alone.
        windows : mapping of int to list of (start, end)
            Weekly opening windows, as for :class:`BusinessCalendar`.
        tz : str
            The IANA time zone of the windows, e.g. ``"Asia/Shanghai"``.
        subdiv : str, optional
            A subdivision code (``"CA"`` for California, ``"SCT"`` for
            Scotland) for regional holidays.
        workdays : iterable of date, optional
            Make-up working days to add to those the package knows. Required
            (an empty list will do) for a year whose make-up days the package
            does not have yet, see below.

        Returns
        -------
        BusinessCalendar

        Raises
        ------
        InvalidInputError
            For an unknown country or subdivision, no or invalid years, and
            for China a year whose make-up working days the installed
            ``holidays`` does not know (the State Council publishes them late
            in the year before) unless ``workdays`` is given.

        Notes
        -----
        The package's official make-up working days (``weekend_workdays``:
        China's 调休, weekend days that are worked to bridge a holiday) open
        with the windows of the first open weekday. Holidays are the package's
        ``PUBLIC`` category, with its in-lieu (observed) days. A holiday on a
        weekday the windows leave closed changes nothing; a seven-day service
        that also closes on the weekends inside a Chinese holiday week lists
        those in its own calendar.

        Examples
        --------
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> office = {d: [("09:00", "18:00")] for d in range(5)}
        >>> cal = BusinessCalendar.from_holidays(
        ...     "CN", years=2026, windows=office, tz="Asia/Shanghai")
        >>> shanghai = ZoneInfo("Asia/Shanghai")
        >>> cal.is_open(datetime(2026, 2, 16, 10, tzinfo=shanghai))  # Spring Festival
        False
        >>> cal.is_open(datetime(2026, 2, 14, 10, tzinfo=shanghai))  # a Saturday, worked
        True
        """
        from servicekit.sla._holidays import _from_holidays

        return _from_holidays(
            cls,
            country,
            years=years,
            windows=windows,
            tz=tz,
            subdiv=subdiv,
            workdays=workdays,
        )

    def __repr__(self) -> str:
        def hhmm(minute: int) -> str:
            return f"{minute // 60:02d}:{minute % 60:02d}"

        days = ", ".join(
            f"{day}: [{', '.join(f'({hhmm(s)!r}, {hhmm(e)!r})' for s, e in spans)}]"
            for day, spans in sorted(self._windows.items())
        )
        return (
            f"BusinessCalendar({{{days}}}, tz={_zone_name(self._zone)!r}, "
            f"holidays=<{len(self._holidays)} dates>, workdays=<{len(self._workdays)} dates>)"
        )

    @property
    def tz(self) -> tzinfo:
        """The calendar's time zone."""
        return self._zone

    # -- the interval table --------------------------------------------------

    def _windows_on(self, day: date) -> tuple[Window, ...]:
        if day in self._holidays:
            return ()
        if day in self._workdays:
            return self._windows.get(day.weekday()) or self._makeup
        return self._windows.get(day.weekday(), ())

    def _boundary(self, day: date, minute: int) -> int:
        """The instant (us) at which the wall clock shows ``minute`` on ``day``.

        A wall time in a spring-forward gap reads with the offset from before the
        change, which moves it forward by the gap (02:30 becomes 03:30), as RFC 5545,
        zoneinfo (PEP 495, ``fold=0``) and the biz gem do; a wall time in a repeated
        hour takes its first occurrence.
        """
        if minute >= 1440:
            day, minute = day + timedelta(days=1), 0
        naive = datetime.combine(day, time(minute // 60, minute % 60))
        return _to_us(naive.replace(tzinfo=self._zone, fold=0).astimezone(UTC))

    def _intervals(self, first: date, last: date) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        day = first
        while day <= last:
            # Sorted after mapping: a window that opens in a skipped hour moves
            # forward by the gap, past a later window of the same day.
            spans = sorted(
                (self._boundary(day, start), self._boundary(day, end))
                for start, end in self._windows_on(day)
            )
            for s, e in spans:
                if e <= s:
                    continue
                if out and out[-1][1] >= s:
                    out[-1] = (out[-1][0], max(out[-1][1], e))
                else:
                    out.append((s, e))
            day += timedelta(days=1)
        return out

    def _build(self, first: date, last: date) -> _Table:
        """A table for the dates ``first`` to ``last``, swapped in for later queries."""
        first = max(first, _FIRST_DATE)
        last = min(last, _LAST_DATE)
        # A zero-length sentinel at the first date's midnight, so that every covered
        # instant has an interval at or before it (no -1 index to mask out).
        sentinel = self._boundary(first, 0)
        spans = [(sentinel, sentinel), *self._intervals(first, last)]
        table = _Table(first, last, spans, self._boundary(last, 0))
        self._table = table
        return table

    def _covering(self, lo_us: int, hi_us: int) -> _Table:
        """A table covering the instants ``lo_us`` to ``hi_us``."""
        table = self._table
        if table is not None and table.covers(lo_us, hi_us):
            return table
        lo = _from_us(lo_us, self._zone).date() - timedelta(days=7)
        hi = _from_us(hi_us, self._zone).date() + timedelta(days=_CHUNK_DAYS)
        if table is not None:  # grow, never shrink
            lo, hi = min(lo, table.first), max(hi, table.last)
        return self._build(lo, hi)

    def _never_open_after(self, day: date) -> bool:
        # With no weekly window, make-up days have no windows to borrow either.
        del day
        return not self._windows

    def _reaching(self, table: _Table, target: int, from_us: int) -> _Table:
        """A table (this one or a longer one) whose open time reaches ``target`` (us)."""
        if target - table.open_until_one(from_us) > _LATEST_US - from_us:
            # More open time than wall time is left before 2200-12-31: refused at once.
            raise InvalidInputError(
                "duration",
                timedelta(microseconds=target - table.open_until_one(from_us)),
                "a duration that can end by 2200-12-31, the last instant calendars accept",
            )
        while table.total() < target:
            if self._never_open_after(table.last):
                raise InvalidInputError(
                    "duration",
                    timedelta(microseconds=target - table.total()),
                    "a duration this calendar can reach: it is never open again "
                    "(no weekly windows)",
                )
            if table.last >= _LAST_DATE:
                raise InvalidInputError(
                    "duration",
                    timedelta(microseconds=target - table.open_until_one(from_us)),
                    "a duration whose open time ends by 2200-12-31, the last instant "
                    "calendars accept",
                )
            span = max((table.last - table.first).days, _CHUNK_DAYS)
            table = self._build(table.first, table.last + timedelta(days=span))
        return table

    @validate_params()
    def is_open(self, t: datetime) -> bool:
        """Whether the service is open at instant ``t``.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> cal = BusinessCalendar({0: [("09:00", "18:00")]}, tz="UTC")
        >>> cal.is_open(datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))  # a Monday
        True
        >>> cal.is_open(datetime(2026, 3, 2, 18, 0, tzinfo=timezone.utc))
        False
        """
        x = self._instant("t", t)
        table = self._covering(x, x)
        return x < table.ends_list[table.index_one(x)]

    @validate_params()
    def next_open(self, t: datetime) -> datetime:
        """``t`` if the service is open then, else the next instant it opens.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> cal = BusinessCalendar({0: [("09:00", "18:00")]}, tz="UTC")
        >>> cal.next_open(datetime(2026, 3, 2, 19, 0, tzinfo=timezone.utc))
        datetime.datetime(2026, 3, 9, 9, 0, tzinfo=datetime.timezone.utc)
        """
        x = self._instant("t", t)
        table = self._covering(x, x)
        while True:
            i = table.index_one(x)
            if x < table.ends_list[i]:
                return t
            if i + 1 < len(table.starts_list):
                return _from_us(table.starts_list[i + 1], t.tzinfo)
            if table.last >= _LAST_DATE or self._never_open_after(table.last):
                raise InvalidInputError("t", t, "a time after which this calendar opens again")
            # Doubling keeps a long closed stretch (years of holidays) linear, not
            # quadratic; tables stop at 2200 anyway.
            span = max((table.last - table.first).days, _CHUNK_DAYS)
            table = self._build(table.first, table.last + timedelta(days=span))

    @overload
    def add(self, t: datetime, duration: timedelta) -> datetime: ...
    @overload
    def add(
        self, t: NDArray[np.datetime64], duration: timedelta | NDArray[np.timedelta64]
    ) -> NDArray[np.datetime64]: ...
    @validate_params()
    def add(self, t: Any, duration: Any) -> Any:
        """The instant at which ``duration`` of open time has passed since ``t``.

        Parameters
        ----------
        t : datetime or numpy.ndarray of datetime64
            Aware datetime, or an array of UTC instants (NaT stays NaT).
        duration : timedelta or numpy.ndarray of timedelta64
            Open time to add, >= 0; one per instant when an array.

        Returns
        -------
        datetime or numpy.ndarray of datetime64[us]
            The earliest instant at which the open time since ``t`` equals
            ``duration``: the end of a window, not the start of the next, when
            the duration runs out exactly there. A datetime comes back in
            ``t``'s time zone; ``add(t, 0)`` is ``t``.

        Raises
        ------
        InvalidInputError
            For a naive datetime, a negative duration, or a duration the
            calendar never reaches (it is never open again).

        Examples
        --------
        >>> import numpy as np
        >>> from datetime import timedelta
        >>> cal = BusinessCalendar({d: [("09:00", "17:00")] for d in range(5)}, tz="UTC")
        >>> opened = np.array(["2026-03-06T16:00", "2026-03-09T08:00"], dtype="datetime64[m]")
        >>> cal.add(opened, timedelta(hours=4))
        array(['2026-03-09T12:00:00.000000', '2026-03-09T13:00:00.000000'],
              dtype='datetime64[us]')
        """
        if isinstance(t, datetime):
            x = self._instant("t", t)
            d = _duration_us(duration)
            if d == 0:
                return t
            table = self._covering(x, x)
            target = table.open_until_one(x) + d
            table = self._reaching(table, target, x)
            return _from_us(table.locate_one(target), t.tzinfo)
        xs, nat = _instants("t", t)
        ds = _durations_us(duration, xs.shape)
        has_nat = bool(nat.any())
        xv = xs[~nat] if has_nat else xs
        if xv.size == 0:
            return xs.view("datetime64[us]").copy()
        dv = ds[~nat] if has_nat and ds.shape else ds
        table = self._covering(int(xv.min()), int(xv.max()))
        targets = table.open_until(xv)
        targets += dv
        table = self._reaching(table, int(targets.max()), int(xv.min()))
        located = table.locate(targets)
        if ds.shape:
            located = np.where(dv == 0, xv, located)  # add(t, 0) is t, even when closed
        elif int(ds) == 0:
            located = xv.copy()
        if has_nat:
            out = np.full(xs.shape, np.iinfo(np.int64).min, dtype=np.int64)
            out[~nat] = located
            located = out
        return located.view("datetime64[us]")

    @overload
    def between(self, t0: datetime, t1: datetime) -> timedelta: ...
    @overload
    def between(
        self, t0: NDArray[np.datetime64], t1: NDArray[np.datetime64]
    ) -> NDArray[np.timedelta64]: ...
    @validate_params()
    def between(self, t0: Any, t1: Any) -> Any:
        """Open time between two instants.

        Parameters
        ----------
        t0, t1 : datetime or numpy.ndarray of datetime64
            Aware datetimes, or arrays of UTC instants of the same shape (NaT
            in either gives NaT). ``t1`` must not be before ``t0``.

        Returns
        -------
        timedelta or numpy.ndarray of timedelta64[us]

        Examples
        --------
        >>> import numpy as np
        >>> cal = BusinessCalendar({d: [("09:00", "17:00")] for d in range(5)}, tz="UTC")
        >>> opened = np.array(["2026-03-06T16:00"], dtype="datetime64[m]")
        >>> closed = np.array(["2026-03-09T10:30"], dtype="datetime64[m]")
        >>> cal.between(opened, closed).astype("timedelta64[m]")
        array([150], dtype='timedelta64[m]')
        """
        if isinstance(t0, datetime) or isinstance(t1, datetime):
            a, b = self._instant("t0", t0), self._instant("t1", t1)
            if b < a:
                raise InvalidInputError("t1", t1, f"an instant not before t0 ({t0.isoformat()})")
            table = self._covering(a, b)
            return timedelta(microseconds=table.open_until_one(b) - table.open_until_one(a))
        starts, nat_a = _instants("t0", t0)
        stops, nat_b = _instants("t1", t1)
        if starts.shape != stops.shape:
            raise InvalidInputError(
                "t1", f"<shape {stops.shape}>", f"the shape of t0, {starts.shape}"
            )
        valid = ~(nat_a | nat_b)
        out = np.full(starts.shape, np.iinfo(np.int64).min, dtype=np.int64)
        if valid.any():
            av, bv = starts[valid], stops[valid]
            if (bv < av).any():
                k = int(np.flatnonzero(bv < av)[0])
                raise InvalidInputError(
                    "t1", bv[k].astype("datetime64[us]"), "instants not before t0, element-wise"
                )
            table = self._covering(int(av.min()), int(bv.max()))
            out[valid] = table.open_until(bv) - table.open_until(av)
        return out.view("timedelta64[us]")

    @validate_params()
    def intervals(self, start: datetime, end: datetime) -> OpenIntervals:
        """The open intervals between two instants, with the open time before each.

        The calendar as a table, for engines that join on it instead of calling
        :meth:`between` (``servicekit.frames`` does, as dbt_zendesk joins its
        schedule tables): the open time up to an instant ``t`` inside interval
        ``i`` is ``open_before_s[i] + (t - starts[i])``.

        Parameters
        ----------
        start, end : datetime
            Aware instants, ``end`` not before ``start``; intervals are clipped
            to them.

        Returns
        -------
        OpenIntervals

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> cal = BusinessCalendar({d: [("09:00", "12:00"), ("13:00", "17:00")] for d in range(5)},
        ...                        tz="UTC")
        >>> iv = cal.intervals(datetime(2026, 3, 6, 10, tzinfo=timezone.utc),
        ...                    datetime(2026, 3, 9, 12, tzinfo=timezone.utc))
        >>> iv.starts
        array(['2026-03-06T10:00:00.000000', '2026-03-06T13:00:00.000000',
               '2026-03-09T09:00:00.000000'], dtype='datetime64[us]')
        >>> iv.open_before_s.tolist()
        [0.0, 7200.0, 21600.0]
        """
        a, b = self._instant("start", start), self._instant("end", end)
        if b < a:
            raise InvalidInputError(
                "end", end, f"an instant not before start ({start.isoformat()})"
            )
        first = _from_us(a, self._zone).date() - timedelta(days=1)
        last = _from_us(b, self._zone).date() + timedelta(days=1)
        spans = self._intervals(max(first, _FIRST_DATE), min(last, _LAST_DATE))
        lo = np.fromiter((x for x, _ in spans), dtype=np.int64, count=len(spans))
        hi = np.fromiter((y for _, y in spans), dtype=np.int64, count=len(spans))
        np.clip(lo, a, b, out=lo)
        np.clip(hi, a, b, out=hi)
        keep = hi > lo
        lo, hi = lo[keep], hi[keep]
        lengths = hi - lo
        before = (np.cumsum(lengths) - lengths).astype(np.float64) / 1e6
        return OpenIntervals(lo.view("datetime64[us]"), hi.view("datetime64[us]"), before)

    def _instant(self, name: str, t: object) -> int:
        return _to_us(_INSTANT.convert(name, t))


@result
class OpenIntervals(Result):
    """A calendar's open intervals between two instants (UTC), as a table.

    Attributes
    ----------
    starts, ends : numpy.ndarray of datetime64[us]
        Each open interval's first and end instant, in UTC, sorted.
    open_before_s : numpy.ndarray of float64
        The open time, in seconds, from the requested start to each interval.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> cal = BusinessCalendar({d: [("09:00", "17:00")] for d in range(5)}, tz="UTC")
    >>> iv = cal.intervals(datetime(2026, 3, 2, tzinfo=timezone.utc),
    ...                    datetime(2026, 3, 4, tzinfo=timezone.utc))
    >>> len(iv), iv.total_s
    (2, 57600.0)
    """

    starts: NDArray[np.datetime64]
    ends: NDArray[np.datetime64]
    open_before_s: NDArray[np.float64]

    def __len__(self) -> int:
        return int(self.starts.size)

    @property
    def total_s(self) -> float:
        """The open time in all the intervals, in seconds."""
        if not self.starts.size:
            return 0.0
        last = (self.ends[-1] - self.starts[-1]).astype("timedelta64[us]").astype(np.int64)
        return float(self.open_before_s[-1] + last / 1e6)

    def to_frame(self, backend: str = "pandas") -> Any:
        """The intervals as a ``backend`` data frame (``start``, ``end``, ``open_before_s``).

        Parameters
        ----------
        backend : {"pandas", "polars", "pyarrow"}, default "pandas"

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> cal = BusinessCalendar.always_open()
        >>> iv = cal.intervals(datetime(2026, 3, 2, tzinfo=timezone.utc),
        ...                    datetime(2026, 3, 3, tzinfo=timezone.utc))
        >>> iv.to_frame("polars").columns
        ['start', 'end', 'open_before_s']
        """
        import narwhals.stable.v2 as nw

        if backend not in ("pandas", "polars", "pyarrow"):
            raise InvalidInputError("backend", backend, "'pandas', 'polars' or 'pyarrow'")
        frame = nw.from_dict(
            {
                "start": self.starts,
                "end": self.ends,
                "open_before_s": np.asarray(self.open_before_s),
            },
            backend=backend,  # type: ignore[arg-type]
        )
        utc = [nw.col(c).dt.replace_time_zone("UTC") for c in ("start", "end")]
        return frame.with_columns(*utc).to_native()


def _instants(name: str, values: object) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    expected = "an aware datetime or a numpy datetime64 array of UTC instants"
    if not isinstance(values, np.ndarray) or values.dtype.kind != "M":
        raise InvalidInputError(name, Summary(f"<{type(values).__name__}>"), expected)
    unit, _ = np.datetime_data(values.dtype)
    if unit in ("Y", "M", "W", "generic"):
        raise InvalidInputError(name, Summary(f"<{values.dtype}>"), f"{expected} of a fixed unit")
    # Instants outside 1900-2200 would overflow microseconds or build huge tables:
    # check on the original unit before converting.
    lo, hi = (
        np.datetime64(b.replace(tzinfo=None), "us").astype(values.dtype) for b in (EARLIEST, LATEST)
    )
    nat = np.isnat(values)
    present = values[~nat] if nat.any() else values
    if present.size and (present.min() < lo or present.max() > hi):
        bad = present[(present < lo) | (present > hi)][0]
        raise InvalidInputError(name, bad, "instants from 1900-01-01 to 2200-12-31")
    us = values.astype("datetime64[us]")
    return us.view(np.int64), nat


_MAX_DURATION_US = _LATEST_US - _EARLIEST_US


def _duration_us(value: object) -> int:
    expected = "a datetime.timedelta (or numpy.timedelta64) >= 0"
    if isinstance(value, np.timedelta64):
        unit, _ = np.datetime_data(value.dtype)
        if np.isnat(value) or unit in ("Y", "M", "generic"):
            raise InvalidInputError("duration", value, expected + " of a fixed unit")
        if abs(float(value / np.timedelta64(1, "us"))) > _MAX_DURATION_US:
            raise InvalidInputError("duration", value, "a duration that can end by 2200-12-31")
        value = value.astype("timedelta64[us]").item()
    if not isinstance(value, timedelta):
        raise InvalidInputError("duration", value, expected)
    if value < timedelta(0):
        raise InvalidInputError("duration", value, expected)
    us = value // _US
    if us > _MAX_DURATION_US:
        raise InvalidInputError("duration", value, "a duration that can end by 2200-12-31")
    return us


def _durations_us(value: object, shape: tuple[int, ...]) -> NDArray[np.int64]:
    if isinstance(value, timedelta | np.timedelta64):
        return np.asarray(_duration_us(value), dtype=np.int64)
    arr = np.asarray(value)
    if arr.dtype.kind != "m" or arr.shape != shape:
        raise InvalidInputError(
            "duration", value, f"a timedelta, or a timedelta64 array of shape {shape}"
        )
    if np.isnat(arr).any():
        raise InvalidInputError("duration", Summary("<NaT>"), "durations >= 0 (no NaT)")
    seconds = arr / np.timedelta64(1, "s")
    if (seconds < 0).any() or (seconds * 1e6 > _MAX_DURATION_US).any():
        raise InvalidInputError(
            "duration", Summary("<out of range>"), "durations >= 0 that can end by 2200-12-31"
        )
    us = arr.astype("timedelta64[us]")
    return us.view(np.int64)
