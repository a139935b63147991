"""Business calendars from the ``holidays`` package (extra ``holidays``).

:meth:`BusinessCalendar.from_holidays <servicekit.sla.BusinessCalendar.from_holidays>`
calls :func:`_from_holidays`. The package is imported lazily: ``import
servicekit.sla`` never loads it.

How the ``holidays`` package encodes make-up working days (read on 0.85 to
0.109): a country whose government moves working days (China's 调休) lists
them in ``special_public_holidays``, a mapping of year to tuples ``(to_month,
to_day, from_month, from_day[, from_year])``: the weekend day ``from`` becomes
a working day and ``to`` a day off. A built calendar collects the working
weekend days in its ``weekend_workdays`` set. China's State Council publishes
each year's schedule in November or December of the year before, so the
package knows the make-up days of a year only after a release that follows
that notice: the last year with substituted days in the mapping is the last
year it knows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, time
from typing import TYPE_CHECKING, Any

from servicekit._params import Summary, fail
from servicekit.errors import InvalidInputError

if TYPE_CHECKING:
    from servicekit.sla._calendar import BusinessCalendar

__all__: list[str] = []

_EXTRA = "pip install 'servicekit[holidays]'"
_FIRST_YEAR, _LAST_YEAR = 1900, 2200  # the years calendars accept instants in
_CHINA = "CN"


def _import_holidays() -> Any:
    try:
        import holidays
    except ImportError as err:  # pragma: no cover - exercised with the package hidden
        raise ImportError(
            f"BusinessCalendar.from_holidays needs the holidays package: {_EXTRA}"
        ) from err
    return holidays


def _years(years: object) -> tuple[int, ...]:
    expected = f"a year or a non-empty iterable of years from {_FIRST_YEAR} to {_LAST_YEAR}"
    items: Iterable[object]
    if isinstance(years, int) and not isinstance(years, bool):
        items = (years,)
    elif isinstance(years, str | bytes | Mapping) or not isinstance(years, Iterable):
        fail("years", years, expected)
    else:
        items = years
    out = set()
    for year in items:
        if isinstance(year, bool) or not isinstance(year, int):
            fail("years", year, expected)
        if not _FIRST_YEAR <= year <= _LAST_YEAR:
            fail("years", year, expected)
        out.add(int(year))
    if not out:
        fail("years", Summary("<empty>"), expected)
    return tuple(sorted(out))


def _code(name: str, value: object) -> str | None:
    if value is None and name == "subdiv":
        return None
    if isinstance(value, str) and 0 < len(value) <= 20 and value.strip() == value:
        return value
    expected = "a code such as 'CN' or 'US'" if name == "country" else "a code or None"
    raise InvalidInputError(name, value, expected)


def _substituted_years(calendar: Any) -> list[int]:
    """Years whose make-up (substituted) days the package lists, oldest first."""
    special = getattr(calendar, "special_public_holidays", None) or {}
    out = []
    for year, entries in special.items():
        rows = entries if entries and isinstance(entries[0], tuple) else (entries,)
        if any(len(row) >= 4 for row in rows):
            out.append(int(year))
    return sorted(out)


def _from_holidays(
    cls: type[BusinessCalendar],
    country: str,
    *,
    years: Iterable[int] | int,
    windows: Mapping[int, Sequence[tuple[str | time, str | time]]],
    tz: str,
    subdiv: str | None = None,
    workdays: Iterable[date] | None = None,
) -> BusinessCalendar:
    """Build a calendar with ``country``'s public holidays; see ``from_holidays``."""
    from servicekit.sla._calendar import _dates

    country_code = _code("country", country)
    subdiv_code = _code("subdiv", subdiv)
    wanted = _years(years)
    extra = None if workdays is None else _dates("workdays", workdays)
    holidays = _import_holidays()
    try:
        table = holidays.country_holidays(country_code, subdiv=subdiv_code, years=wanted)
    except NotImplementedError:
        # Which one is unknown: the country, or (the country being known) the subdivision.
        try:
            known_country = holidays.country_holidays(country_code, years=wanted[0])
        except NotImplementedError:
            fail(
                "country",
                country_code,
                "an ISO 3166-1 country code the holidays package knows, such as 'CN', 'US' or 'GB'",
            )
        subdivisions = tuple(getattr(known_country, "subdivisions", ()))
        shown = ", ".join(subdivisions[:12]) + (", ..." if len(subdivisions) > 12 else "")
        fail(
            "subdiv",
            subdiv_code,
            f"a subdivision of {country_code} the holidays package knows "
            f"({shown or 'it has none'}), or None",
        )
    code = str(getattr(table, "country", country_code))
    made_up: set[date] = {d for d in table.weekend_workdays if d.year in wanted}
    if code == _CHINA and extra is None:
        known = _substituted_years(table)
        first, last = (known[0], known[-1]) if known else (0, -1)
        missing = [y for y in wanted if not first <= y <= last]
        if missing:
            span = f"{first}-{last}" if known else "no year"
            fail(
                "years",
                missing[0],
                f"years whose make-up working days the installed holidays package "
                f"({holidays.__version__}) has for China ({span}): it has none for "
                f"{missing[0]} yet. Pass workdays= with that year's official make-up "
                "working days (an empty list if there are none), or upgrade holidays",
            )
    if extra is not None:
        made_up |= extra
    closed = sorted(set(table))
    return cls(windows, tz=tz, holidays=closed, workdays=sorted(made_up))
