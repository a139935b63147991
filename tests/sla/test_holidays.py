"""BusinessCalendar.from_holidays: public holidays and make-up working days from `holidays`.

China's 2026 schedule, as the State Council announced it in 国务院办公厅关于2026年部分节假日
安排的通知 (4 November 2025; gov.cn gongbao 2025 issue 12406, content_7048922, the notice
the holidays package cites for 2026):

- 春节 Spring Festival: 15 February (Sunday) to 23 February (Monday) off, 9 days;
  Saturday 14 February and Saturday 28 February are worked.
- 国庆节 National Day: 1 October (Thursday) to 7 October (Wednesday) off, 7 days;
  Sunday 20 September and Saturday 10 October are worked.
- 元旦 New Year: 1-3 January off, Sunday 4 January worked; 劳动节 Labour Day: 1-5 May
  off, Saturday 9 May worked.

The package encodes them in ``ChinaStaticHolidays.special_public_holidays[2026]`` as
(FEB, 20, FEB, 14), (FEB, 23, FEB, 28), (OCT, 6, SEP, 20), (OCT, 7, OCT, 10): day off
(to) moved from the weekend day (from), which becomes a working day.
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays  # the test extra installs it
import pytest

from servicekit import InvalidInputError
from servicekit.sla import BusinessCalendar

SH = ZoneInfo("Asia/Shanghai")
NY = ZoneInfo("America/New_York")
LONDON = ZoneInfo("Europe/London")
OFFICE = {d: [("09:00", "18:00")] for d in range(5)}


def sh(*args: int) -> datetime:
    return datetime(*args, tzinfo=SH)  # type: ignore[misc]


@pytest.fixture(scope="module")
def china_2026() -> BusinessCalendar:
    return BusinessCalendar.from_holidays("CN", years=2026, windows=OFFICE, tz="Asia/Shanghai")


def test_china_2026_spring_festival(china_2026: BusinessCalendar) -> None:
    cal = china_2026
    # closed every day from 15 to 23 February, weekends and weekdays alike
    for day in range(15, 24):
        assert not cal.is_open(sh(2026, 2, day, 10)), day
    # Saturday 14 and Saturday 28 February are worked, with a weekday's hours
    assert date(2026, 2, 14).weekday() == 5
    assert date(2026, 2, 28).weekday() == 5
    assert cal.is_open(sh(2026, 2, 14, 10))
    assert cal.is_open(sh(2026, 2, 28, 17, 59))
    assert not cal.is_open(sh(2026, 2, 28, 18, 0))
    assert cal.is_open(sh(2026, 2, 24, 9))  # back on Tuesday
    assert not cal.is_open(sh(2026, 3, 1, 10))  # an ordinary Sunday stays closed
    # Friday 17:00 + 2h: 1h on Friday, 1h on the make-up Saturday
    assert cal.add(sh(2026, 2, 13, 17), timedelta(hours=2)) == sh(2026, 2, 14, 10)
    # Saturday 14th 17:00 + 2h: the holiday week is skipped entirely
    assert cal.add(sh(2026, 2, 14, 17), timedelta(hours=2)) == sh(2026, 2, 24, 10)
    assert cal.between(sh(2026, 2, 14, 0), sh(2026, 2, 24, 0)) == timedelta(hours=9)


def test_china_2026_national_day(china_2026: BusinessCalendar) -> None:
    cal = china_2026
    assert date(2026, 9, 20).weekday() == 6  # a Sunday
    assert date(2026, 10, 10).weekday() == 5  # a Saturday
    assert cal.is_open(sh(2026, 9, 20, 9))
    assert cal.is_open(sh(2026, 10, 10, 9))
    for day in range(1, 8):
        assert not cal.is_open(sh(2026, 10, day, 12)), day
    assert cal.is_open(sh(2026, 10, 8, 9))
    assert cal.next_open(sh(2026, 9, 30, 18)) == sh(2026, 10, 8, 9)
    # Monday 28 Sep to Sunday 11 Oct: 6 working days of 9 hours (28-30 Sep, Thursday
    # 8 and Friday 9 Oct, and the make-up Saturday 10 Oct); without holidays, 10
    assert cal.between(sh(2026, 9, 28, 0), sh(2026, 10, 12, 0)) == timedelta(hours=9 * 6)


def test_china_2026_other_make_up_days(china_2026: BusinessCalendar) -> None:
    assert china_2026.is_open(sh(2026, 1, 4, 10))  # Sunday after New Year
    assert china_2026.is_open(sh(2026, 5, 9, 10))  # Saturday after Labour Day
    assert not china_2026.is_open(sh(2026, 5, 5, 10))  # Labour Day break


def test_china_agrees_with_the_package_day_by_day(china_2026: BusinessCalendar) -> None:
    """Every day of 2026 is open at 10:00 exactly when holidays calls it a working day."""
    table = holidays.China(years=2026)
    day = date(2026, 1, 1)
    while day.year == 2026:
        noon = datetime(day.year, day.month, day.day, 10, tzinfo=SH)
        assert china_2026.is_open(noon) == table.is_working_day(day), day
        day += timedelta(days=1)


def test_alpha_3_code_gives_the_same_calendar() -> None:
    cal = BusinessCalendar.from_holidays("CHN", years=[2026], windows=OFFICE, tz="Asia/Shanghai")
    assert cal.is_open(sh(2026, 2, 14, 10))
    assert not cal.is_open(sh(2026, 2, 16, 10))


def test_united_states_federal_holidays() -> None:
    cal = BusinessCalendar.from_holidays("US", years=2026, windows=OFFICE, tz="America/New_York")
    # Independence Day 2026 falls on a Saturday: observed on Friday 3 July (5 U.S.C. 6103(b))
    assert not cal.is_open(datetime(2026, 7, 3, 10, tzinfo=NY))
    # Thanksgiving, the fourth Thursday of November: 26 November 2026
    assert not cal.is_open(datetime(2026, 11, 26, 10, tzinfo=NY))
    assert cal.is_open(datetime(2026, 11, 25, 10, tzinfo=NY))
    # Wednesday 17:00 + 2h skips Thanksgiving -> Friday 10:00
    start = datetime(2026, 11, 25, 17, tzinfo=NY)
    assert cal.add(start, timedelta(hours=2)) == datetime(2026, 11, 27, 10, tzinfo=NY)
    # no make-up working days in the US: weekends stay closed
    assert not cal.is_open(datetime(2026, 11, 28, 10, tzinfo=NY))


def test_united_kingdom_subdivision() -> None:
    scotland = BusinessCalendar.from_holidays(
        "GB", years=2026, windows=OFFICE, tz="Europe/London", subdiv="SCT"
    )
    england = BusinessCalendar.from_holidays(
        "GB", years=2026, windows=OFFICE, tz="Europe/London", subdiv="ENG"
    )
    st_andrews = datetime(2026, 11, 30, 10, tzinfo=LONDON)  # a Monday, a Scottish bank holiday
    assert not scotland.is_open(st_andrews)
    assert england.is_open(st_andrews)
    # Boxing Day 2026 is a Saturday: the substitute bank holiday is Monday 28 December
    assert not england.is_open(datetime(2026, 12, 28, 10, tzinfo=LONDON))


def _first_unknown_china_year() -> int:
    special = holidays.China(years=2026).special_public_holidays
    return max(y for y, rows in special.items() if any(len(r) >= 4 for r in rows)) + 1


def test_china_year_without_make_up_data_is_refused() -> None:
    year = _first_unknown_china_year()
    assert year >= 2027  # the package knows 2026 (holidays >= 0.85)
    with pytest.raises(InvalidInputError) as info:
        BusinessCalendar.from_holidays("CN", years=[2026, year], windows=OFFICE, tz="Asia/Shanghai")
    assert info.value.argument == "years"
    assert info.value.value == year
    assert "make-up working days" in str(info.value)
    assert "workdays=" in str(info.value)


def test_an_unknown_china_year_is_accepted_with_workdays() -> None:
    # 2027 with holidays 0.85-0.109; whichever year the installed package does not know yet
    year = _first_unknown_china_year()
    with pytest.raises(InvalidInputError, match=f"none for {year}"):
        BusinessCalendar.from_holidays("CN", years=year, windows=OFFICE, tz="Asia/Shanghai")
    # the caller supplies the make-up days (illustrative dates: a Saturday worked)
    saturday = date(year, 2, 20) + timedelta(days=(5 - date(year, 2, 20).weekday()) % 7)
    sunday = saturday + timedelta(days=1)
    cal = BusinessCalendar.from_holidays(
        "CN", years=[2026, year], windows=OFFICE, tz="Asia/Shanghai", workdays=[saturday]
    )
    assert cal.is_open(sh(year, saturday.month, saturday.day, 10))
    assert not cal.is_open(sh(year, sunday.month, sunday.day, 10))  # Sunday, not listed
    assert not cal.is_open(sh(year, 10, 1, 10))  # National Day is still a holiday
    assert cal.is_open(sh(2026, 2, 14, 10))  # the package's 2026 make-up days are kept
    # an empty list says "no make-up days" and is accepted too
    none = BusinessCalendar.from_holidays(
        "CN", years=year, windows=OFFICE, tz="Asia/Shanghai", workdays=[]
    )
    assert not none.is_open(sh(year, saturday.month, saturday.day, 10))


@pytest.mark.parametrize(
    ("kwargs", "argument"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "cn"}, "country"),
        ({"country": ""}, "country"),
        ({"country": 86}, "country"),
        ({"subdiv": "ZZ"}, "subdiv"),
        ({"country": "US", "subdiv": "XX"}, "subdiv"),
        ({"years": []}, "years"),
        ({"years": "2026"}, "years"),
        ({"years": [2026.0]}, "years"),
        ({"years": [True]}, "years"),
        ({"years": [1899]}, "years"),
        ({"years": 3026}, "years"),
        ({"years": None}, "years"),
        ({"workdays": [datetime(2026, 2, 14, 9, tzinfo=SH)]}, "workdays"),
        ({"workdays": [date(2026, 2, 16)]}, "workdays"),  # a holiday cannot be worked
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"windows": {7: [("09:00", "18:00")]}}, "windows"),
    ],
)
def test_bad_input_names_the_argument(kwargs: dict[str, object], argument: str) -> None:
    call: dict[str, object] = {
        "country": "CN",
        "years": 2026,
        "windows": OFFICE,
        "tz": "Asia/Shanghai",
        **kwargs,
    }
    country = call.pop("country")
    with pytest.raises(InvalidInputError) as info:
        BusinessCalendar.from_holidays(country, **call)  # type: ignore[arg-type]
    assert info.value.argument == argument


def test_options_are_keyword_only() -> None:
    with pytest.raises(InvalidInputError, match="keyword-only"):
        BusinessCalendar.from_holidays("CN", 2026)  # type: ignore[misc]


def test_missing_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "holidays", None)
    with pytest.raises(ImportError, match=r"pip install 'servicekit\[holidays\]'"):
        BusinessCalendar.from_holidays("CN", years=2026, windows=OFFICE, tz="Asia/Shanghai")
