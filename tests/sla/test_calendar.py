"""BusinessCalendar: worked examples, DST, holidays, make-up days, bad input."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import numpy as np
import pytest

from servicekit import InvalidInputError
from servicekit.sla import BusinessCalendar

SH = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
OFFICE = [("09:00", "12:00"), ("13:30", "18:00")]  # a lunch break
WEEK = dict.fromkeys(range(5), OFFICE)


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)  # type: ignore[misc]


def test_lunch_break_and_weekend_are_skipped() -> None:
    cal = BusinessCalendar(WEEK, tz="Asia/Shanghai")
    # Friday 11:00 + 4h: 1h to 12:00, 4.5h after lunch is more than the 3h left -> 16:30
    assert cal.add(sh(2026, 3, 6, 11, 0), timedelta(hours=4)) == sh(2026, 3, 6, 16, 30)
    # Friday 17:00 + 2h: 1h on Friday, then Monday 09:00 + 1h
    assert cal.add(sh(2026, 3, 6, 17, 0), timedelta(hours=2)) == sh(2026, 3, 9, 10, 0)
    # a full working day is 7.5 hours
    assert cal.between(sh(2026, 3, 9, 0, 0), sh(2026, 3, 10, 0, 0)) == timedelta(hours=7.5)
    assert not cal.is_open(sh(2026, 3, 9, 12, 30))
    assert cal.next_open(sh(2026, 3, 9, 12, 30)) == sh(2026, 3, 9, 13, 30)
    assert cal.next_open(sh(2026, 3, 9, 10, 0)) == sh(2026, 3, 9, 10, 0)


def test_holidays_and_make_up_days() -> None:
    # China's 2026 National Day: 1-7 October off; Sunday 27 September and Saturday
    # 10 October are make-up working days (with Monday's windows).
    holidays = [date(2026, 10, d) for d in range(1, 8)]
    workdays = [date(2026, 9, 27), date(2026, 10, 10)]
    cal = BusinessCalendar(WEEK, tz="Asia/Shanghai", holidays=holidays, workdays=workdays)
    assert cal.is_open(sh(2026, 9, 27, 10, 0))  # a Sunday, but a working one
    assert not cal.is_open(sh(2026, 10, 5, 10, 0))  # a Monday in the holiday
    # Wednesday 30 September 17:00 + 2h: 1h, then the next open day is Thursday the 8th
    assert cal.add(sh(2026, 9, 30, 17, 0), timedelta(hours=2)) == sh(2026, 10, 8, 10, 0)
    assert cal.between(sh(2026, 10, 10, 0, 0), sh(2026, 10, 11, 0, 0)) == timedelta(hours=7.5)


def test_window_ending_at_midnight() -> None:
    cal = BusinessCalendar({0: [("20:00", "24:00")], 1: [("00:00", "02:00")]}, tz="UTC")
    monday = datetime(2026, 3, 2, 23, 0, tzinfo=timezone.utc)
    assert cal.add(monday, timedelta(hours=2)) == datetime(2026, 3, 3, 1, 0, tzinfo=timezone.utc)
    assert cal.is_open(datetime(2026, 3, 2, 23, 59, tzinfo=timezone.utc))
    assert cal.is_open(datetime(2026, 3, 3, 0, 0, tzinfo=timezone.utc))
    assert not cal.is_open(datetime(2026, 3, 3, 2, 0, tzinfo=timezone.utc))


def test_a_24x7_day_lasts_23_and_25_hours_across_dst() -> None:
    cal = BusinessCalendar.always_open("Europe/Berlin")
    spring = datetime(2026, 3, 29, tzinfo=BERLIN)
    autumn = datetime(2026, 10, 25, tzinfo=BERLIN)
    assert cal.between(spring, datetime(2026, 3, 30, tzinfo=BERLIN)) == timedelta(hours=23)
    assert cal.between(autumn, datetime(2026, 10, 26, tzinfo=BERLIN)) == timedelta(hours=25)


def test_office_hours_stay_office_hours_across_dst() -> None:
    cal = BusinessCalendar({d: [("09:00", "17:00")] for d in range(7)}, tz="Europe/Berlin")
    saturday = datetime(2026, 3, 28, 16, 0, tzinfo=BERLIN)  # UTC+1
    got = cal.add(saturday, timedelta(hours=2))  # 1h Saturday, 1h Sunday (now UTC+2)
    assert got == datetime(2026, 3, 29, 10, 0, tzinfo=BERLIN)
    assert got.utcoffset() == timedelta(hours=2)


def test_boundaries_in_skipped_and_repeated_hours() -> None:
    # 29 March 2026, Berlin: 02:00 CET jumps to 03:00 CEST. A window from 02:30 (which
    # does not exist) opens at 02:30 moved forward by the gap, 03:30 CEST (01:30 UTC), as
    # RFC 5545 section 3.3.5, zoneinfo (PEP 495, fold=0) and the biz gem read it; it
    # closes at 04:00 CEST: 30 minutes.
    spring = BusinessCalendar({6: [("02:30", "04:00")]}, tz="Europe/Berlin")
    sunday = datetime(2026, 3, 29, tzinfo=BERLIN)
    assert spring.between(sunday, sunday + timedelta(days=1)) == timedelta(minutes=30)
    assert spring.next_open(sunday) == datetime(2026, 3, 29, 1, 30, tzinfo=timezone.utc)
    # New York, 8 March 2026: 02:00 EST jumps to 03:00 EDT; a 02:30 opening is 03:30 EDT.
    new_york = ZoneInfo("America/New_York")
    ny = BusinessCalendar({6: [("02:30", "05:00")]}, tz="America/New_York")
    opens = ny.next_open(datetime(2026, 3, 8, tzinfo=new_york))
    assert opens.astimezone(new_york).replace(tzinfo=None) == datetime(2026, 3, 8, 3, 30)
    # 25 October 2026: 03:00 CEST falls back to 02:00 CET. A window 02:30-03:30 opens at
    # the first 02:30 (00:30 UTC) and closes at 03:30 CET (02:30 UTC): 2 hours.
    autumn = BusinessCalendar({6: [("02:30", "03:30")]}, tz="Europe/Berlin")
    sunday = datetime(2026, 10, 25, tzinfo=BERLIN)
    assert autumn.between(sunday, sunday + timedelta(days=1)) == timedelta(hours=2)
    opens = autumn.next_open(sunday).astimezone(timezone.utc)  # (compare in UTC: PEP 495)
    assert opens == datetime(2026, 10, 25, 0, 30, tzinfo=timezone.utc)


def test_result_keeps_the_callers_time_zone() -> None:
    cal = BusinessCalendar(WEEK, tz="Asia/Shanghai")
    t = datetime(2026, 3, 9, 1, 0, tzinfo=timezone.utc)  # 09:00 in Shanghai
    got = cal.add(t, timedelta(hours=1))
    assert got.tzinfo is timezone.utc
    assert got == datetime(2026, 3, 9, 2, 0, tzinfo=timezone.utc)


def test_times_as_datetime_time() -> None:
    a = BusinessCalendar({0: [(time(9), time(17))]}, tz="UTC")
    b = BusinessCalendar({0: [("09:00", "17:00")]}, tz="UTC")
    t = datetime(2026, 3, 2, 8, tzinfo=timezone.utc)
    assert a.add(t, timedelta(hours=3)) == b.add(t, timedelta(hours=3))


def test_vector_add_and_between_with_nat_and_far_dates() -> None:
    cal = BusinessCalendar(WEEK, tz="Asia/Shanghai")
    opened = np.array(
        ["2026-03-06T09:00", "NaT", "2031-07-01T01:00", "2026-03-09T02:00"], dtype="datetime64[m]"
    )
    due = cal.add(opened, timedelta(hours=8))
    assert np.isnat(due[1])
    for k in (0, 2, 3):
        start = opened[k].astype(datetime).replace(tzinfo=timezone.utc)
        expected = cal.add(start, timedelta(hours=8))
        assert due[k] == np.datetime64(expected.astimezone(timezone.utc).replace(tzinfo=None), "us")
    spent = cal.between(opened, due)
    assert np.isnat(spent[1])
    assert (spent[[0, 2, 3]] == np.timedelta64(8, "h")).all()
    per_ticket = np.array([1, 2, 3, 4], dtype="timedelta64[h]")
    # 10:00 in Shanghai + 4h: 2h before lunch, 2h after -> 15:30 (07:30 UTC)
    assert cal.add(opened, per_ticket)[3] == np.datetime64("2026-03-09T07:30", "us")


def test_a_calendar_that_is_never_open_raises_instead_of_looping() -> None:
    never = BusinessCalendar({}, tz="UTC")
    t = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with pytest.raises(InvalidInputError, match="never open again"):
        never.add(t, timedelta(minutes=1))
    with pytest.raises(InvalidInputError, match="opens again"):
        never.next_open(t)
    assert never.add(t, timedelta(0)) == t
    assert never.between(t, t + timedelta(days=400)) == timedelta(0)
    only_once = BusinessCalendar({}, tz="UTC", workdays=[date(2026, 1, 5)])
    assert only_once.between(t, t + timedelta(days=30)) == timedelta(0)  # no weekly windows
    with pytest.raises(InvalidInputError, match="never open again"):
        only_once.add(t, timedelta(hours=1))


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"windows": {0: [("09:00", "09:00")]}}, "windows[0]"),
        ({"windows": {0: [("18:00", "09:00")]}}, "windows[0]"),
        ({"windows": {0: [("09:00", "13:00"), ("12:00", "18:00")]}}, "windows[0]"),
        ({"windows": {0: [("9am", "5pm")]}}, "windows[0]"),
        ({"windows": {0: [("24:00", "24:00")]}}, "windows[0]"),
        ({"windows": {0: [("09:00", "25:00")]}}, "windows[0]"),
        ({"windows": {0: [("09:00",)]}}, "windows[0]"),
        ({"windows": {7: [("09:00", "17:00")]}}, "windows"),
        ({"windows": [("09:00", "17:00")]}, "windows"),
        ({"windows": WEEK, "tz": "Mars/Olympus"}, "tz"),
        ({"windows": WEEK, "tz": 8}, "tz"),
        ({"windows": WEEK, "holidays": [datetime(2026, 1, 1)]}, "holidays"),
        ({"windows": WEEK, "holidays": "2026-01-01"}, "holidays"),
        (
            {"windows": WEEK, "holidays": [date(2026, 1, 1)], "workdays": [date(2026, 1, 1)]},
            "workdays",
        ),
    ],
)
def test_bad_calendars_are_refused(kwargs: dict[str, object], argument: str) -> None:
    kwargs.setdefault("tz", "UTC")
    with pytest.raises(InvalidInputError) as info:
        BusinessCalendar(**kwargs)  # type: ignore[arg-type]
    assert info.value.argument == argument


def test_bad_queries_are_refused() -> None:
    cal = BusinessCalendar(WEEK, tz="Asia/Shanghai")
    aware = sh(2026, 3, 9, 10, 0)
    naive = datetime(2026, 3, 9, 10, 0)
    for call, argument in [
        (lambda: cal.add(naive, timedelta(hours=1)), "t"),
        (lambda: cal.add(aware, timedelta(hours=-1)), "duration"),
        (lambda: cal.add(aware, 3600), "duration"),
        (lambda: cal.between(aware, naive), "t1"),
        (lambda: cal.between(aware, aware - timedelta(hours=1)), "t1"),
        (lambda: cal.is_open(naive), "t"),
        (lambda: cal.next_open("2026-03-09"), "t"),
        (lambda: cal.add(np.array([1, 2]), timedelta(hours=1)), "t"),
        (
            lambda: cal.add(
                np.array(["2026-03-09"], dtype="datetime64[D]"),
                np.array([-1], dtype="timedelta64[h]"),
            ),
            "duration",
        ),
        (
            lambda: cal.between(
                np.array(["2026-03-09"], dtype="datetime64[D]"),
                np.array(["2026-03-08", "2026-03-10"], dtype="datetime64[D]"),
            ),
            "t1",
        ),
        (
            lambda: cal.between(
                np.array(["2026-03-09"], dtype="datetime64[D]"),
                np.array(["2026-03-08"], dtype="datetime64[D]"),
            ),
            "t1",
        ),
    ]:
        with pytest.raises(InvalidInputError) as info:
            call()
        assert info.value.argument == argument


def test_repr_shows_the_rules() -> None:
    cal = BusinessCalendar({0: OFFICE}, tz="Asia/Shanghai", holidays=[date(2026, 1, 1)])
    assert repr(cal) == (
        "BusinessCalendar({0: [('09:00', '12:00'), ('13:30', '18:00')]}, "
        "tz='Asia/Shanghai', holidays=<1 dates>, workdays=<0 dates>)"
    )


# --- bounded work: the contracts issue --------------------------------------------------


@pytest.mark.parametrize("year", [1, 1899, 2201, 9999])
def test_instants_outside_1900_to_2200_are_refused_before_any_work(year: int) -> None:
    cal = BusinessCalendar(WEEK, tz="Asia/Shanghai")
    t = datetime(year, 6, 1, tzinfo=timezone.utc)
    for call in (
        lambda: cal.add(t, timedelta(hours=1)),
        lambda: cal.is_open(t),
        lambda: cal.next_open(t),
        lambda: cal.between(t, t),
    ):
        with pytest.raises(InvalidInputError, match="1900-01-01 to 2200-12-31"):
            call()
    assert cal._table is None  # nothing was built
    stamps = np.array([f"{year:04d}-06-01"], dtype="datetime64[D]")
    with pytest.raises(InvalidInputError, match="1900-01-01 to 2200-12-31"):
        cal.add(stamps, timedelta(hours=1))


def test_a_duration_that_cannot_end_by_2200_is_refused_at_once() -> None:
    import time as clock

    cal = BusinessCalendar(WEEK, tz="UTC")
    t = datetime(2026, 3, 2, tzinfo=timezone.utc)
    started = clock.perf_counter()
    for huge in (timedelta(days=999_999_999), np.timedelta64(400, "Y").astype("m8[D]")):
        with pytest.raises(InvalidInputError, match="2200-12-31"):
            cal.add(t, huge)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="2200-12-31"):
        cal.add(t, timedelta(days=365 * 174))  # open 40 h a week: never that much by 2200
    assert clock.perf_counter() - started < 5.0  # was 30 s for the first alone


def test_next_open_across_a_century_of_holidays_is_not_quadratic() -> None:
    import time as clock

    # Open on Mondays only, and every Monday until 2150 is a holiday.
    mondays = np.arange(
        np.datetime64("2026-01-05"), np.datetime64("2150-06-01"), np.timedelta64(7, "D")
    )
    holidays = [d.item() for d in mondays]
    cal = BusinessCalendar({0: [("09:00", "17:00")]}, tz="UTC", holidays=holidays)
    started = clock.perf_counter()
    opens = cal.next_open(datetime(2026, 1, 1, tzinfo=timezone.utc))
    assert opens == datetime(2150, 6, 1, 9, 0, tzinfo=timezone.utc)  # the first free Monday
    assert clock.perf_counter() - started < 5.0


def test_import_and_utc_calendars_need_no_time_zone_database(tmp_path: object) -> None:
    import os
    import subprocess
    import sys

    code = (
        "import sys; sys.modules['tzdata'] = None\n"
        "import zoneinfo\n"
        "try:\n"
        "    zoneinfo.ZoneInfo('Asia/Shanghai'); print('zones available')\n"
        "except zoneinfo.ZoneInfoNotFoundError: pass\n"
        "import servicekit, servicekit.workflow, servicekit.sla, servicekit.metrics\n"
        "from datetime import datetime, timedelta, timezone\n"
        "cal = servicekit.BusinessCalendar.always_open()\n"
        "t = datetime(2026, 3, 2, tzinfo=timezone.utc)\n"
        "print(cal.add(t, timedelta(hours=1)) - t)\n"
    )
    env = {**os.environ, "PYTHONTZPATH": ""}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines() == ["1:00:00"]


def test_a_window_moved_by_the_gap_merges_with_a_later_one() -> None:
    # Found by the oracle test: on 29 March 2026 in Berlin (02:00 -> 03:00), 02:15-02:30
    # becomes 03:15-03:30, after the day's 03:00-03:15 window: together 03:00-03:30.
    cal = BusinessCalendar({6: [("02:15", "02:30"), ("03:00", "03:15")]}, tz="Europe/Berlin")
    sunday = datetime(2026, 3, 29, tzinfo=BERLIN)
    assert cal.between(sunday, sunday + timedelta(days=1)) == timedelta(minutes=30)
    opened = cal.next_open(sunday).astimezone(BERLIN).replace(tzinfo=None)
    assert opened == datetime(2026, 3, 29, 3, 0)
    assert cal.add(sunday, timedelta(minutes=16)).astimezone(BERLIN).replace(
        tzinfo=None
    ) == datetime(2026, 3, 29, 3, 16)
