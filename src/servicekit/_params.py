"""Declared parameters: each public function's constraints, declared once beside it (private).

Every public function and constructor declares the constraint of each parameter
with :func:`validate_params`, in the habit of scikit-learn's ``validate_params``::

    @validate_params(
        scores=Numbers(integer=True, low=0, high=10, missing=True),
        nan_policy=NAN_POLICY,
    )
    def nps(scores: ArrayLike, *, nan_policy: NanPolicy = "raise") -> NPSResult: ...

The decorator binds the call's arguments, converts each declared one (an
array-like becomes one checked NumPy array, a duration float seconds, an option
its canonical value) and calls the function with the converted values, so the
body checks nothing twice. A refused value raises
:class:`~servicekit.errors.InvalidInputError` naming the function, the argument,
the value (hidden when the argument carries personal data or free text) and
what was expected. Checks that relate two arguments stay in the body and raise
through :func:`fail`; the decorator adds the function's name to the message.

The declared constraints are kept on the function (``__servicekit_params__``)
so that one shared test can violate each of them in turn.
"""

from __future__ import annotations

import functools
import inspect
import math
import numbers
from collections.abc import Callable, Mapping, Set
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any, Generic, Literal, NoReturn, TypeAlias, TypeVar, cast

import numpy as np
import numpy.typing as npt
from numpy.typing import NDArray

from servicekit.errors import InvalidInputError

__all__ = [
    "EARLIEST",
    "LATEST",
    "NAN_POLICY",
    "ZERO_DIVISION",
    "ZONE_EXPECTED",
    "ArrayLike",
    "Boolean",
    "Constraint",
    "Duration",
    "DurationLike",
    "Durations",
    "FreeText",
    "Identifier",
    "Instance",
    "Instant",
    "Instants",
    "Integer",
    "NanPolicy",
    "Numbers",
    "Optional",
    "Options",
    "Real",
    "Summary",
    "ZeroDivision",
    "apply_nan_policy",
    "fail",
    "is_missing",
    "native",
    "time_zone",
    "validate_params",
]

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

ArrayLike: TypeAlias = npt.ArrayLike
"""What metric functions accept: a list, tuple, NumPy array, or a pandas/polars Series."""

DurationLike: TypeAlias = timedelta | np.timedelta64
"""A duration: ``datetime.timedelta`` (pandas ``Timedelta`` included) or ``numpy.timedelta64``."""

NanPolicy: TypeAlias = Literal["raise", "omit", "propagate"]
"""What missing values do (SciPy's ``nan_policy``)."""

ZeroDivision: TypeAlias = Literal["raise"] | float
"""What an undefined rate gives (scikit-learn's ``zero_division``): an error, or this value."""

EARLIEST = datetime(1900, 1, 1, tzinfo=timezone.utc)
"""The earliest instant calendars and clocks accept."""
LATEST = datetime(2200, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc)
"""The latest instant calendars and clocks accept."""

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US = timedelta(microseconds=1)
_EARLIEST_US = (EARLIEST - _EPOCH) // _US
_LATEST_US = (LATEST - _EPOCH) // _US
_MAX_DURATION_S = 400 * 366 * 86400.0  # longer than the whole accepted range of instants
_INT64 = (-(2**63), 2**63 - 1)


class Summary(str):
    """A description standing in for a value in a message (shown without quotes).

    Examples
    --------
    >>> str(InvalidInputError("scores", Summary("<3 missing of 10>"), "no missing values"))
    'scores=<3 missing of 10> is invalid: expected no missing values'
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


ZONE_EXPECTED = "an IANA time zone name such as 'Asia/Shanghai'"


def time_zone(name: str, tz: object) -> tzinfo:
    """The time zone named ``tz`` (UTC needs no time-zone database).

    Raises :class:`InvalidInputError` for argument ``name`` when ``tz`` is not
    a zone name the database knows.

    Examples
    --------
    >>> time_zone("tz", "Asia/Shanghai")
    zoneinfo.ZoneInfo(key='Asia/Shanghai')
    >>> time_zone("tz", "Mars/Olympus")
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: tz='Mars/Olympus' is invalid: expected an IANA time ...
    """
    if tz is timezone.utc or tz in ("UTC", "Etc/UTC"):
        return timezone.utc
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if isinstance(tz, ZoneInfo):
        return tz
    if not isinstance(tz, str) or not tz or len(tz) > 64:
        fail(name, tz, ZONE_EXPECTED)
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        fail(name, tz, ZONE_EXPECTED)


def fail(name: str, value: object, expected: str, *, personal: bool = False) -> NoReturn:
    """Raise :class:`InvalidInputError` for argument ``name``.

    Inside a function decorated with :func:`validate_params` the error gets the
    function's name added.

    Examples
    --------
    >>> fail("scale", 1, "a whole number of points >= 2")
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: scale=1 is invalid: expected a whole number of points >= 2
    """
    raise InvalidInputError(name, value, expected, show_value=not personal)


def _is_real(value: object) -> bool:
    """A real number that is not a boolean (Python or NumPy)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


class Constraint(Generic[T]):
    """What one parameter accepts, and how its value is converted.

    Subclasses set :attr:`expected` (the phrase after "expected" in messages)
    and implement :meth:`convert`. :meth:`invalid` gives values that must be
    refused, for the shared tests.
    """

    expected: str = "a valid value"
    personal: bool = False
    """Whether the value is personal data or free text, never shown in messages."""

    def convert(self, name: str, value: object) -> T:
        """Return the checked (and converted) value, or raise InvalidInputError."""
        raise InvalidInputError(name, value, self.expected)  # pragma: no cover - abstract

    def invalid(self) -> tuple[object, ...]:
        """Values this constraint refuses (used by the shared tests)."""
        return (object(),)

    def error(self, name: str, value: object, expected: str | None = None) -> InvalidInputError:
        """The error for ``value`` given to argument ``name``."""
        return InvalidInputError(
            name, value, expected or self.expected, show_value=not self.personal
        )

    def fail(self, name: str, value: object, expected: str | None = None) -> NoReturn:
        """Raise the error for ``value`` given to argument ``name``."""
        raise self.error(name, value, expected)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.expected!r})"


class Options(Constraint[Any]):
    """One of a fixed set of values (strings, enum members, numbers).

    Examples
    --------
    >>> Options("raise", "omit").convert("nan_policy", "omit")
    'omit'
    >>> Options("raise", "omit").convert("nan_policy", "drop")
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: nan_policy='drop' is invalid: expected one of 'raise' \
or 'omit'
    """

    def __init__(self, *choices: object) -> None:
        self.choices = choices
        self._by_value = {(type(c) if not isinstance(c, str) else str, c): c for c in choices}
        shown = [repr(c.value if hasattr(c, "value") else c) for c in choices]
        self.expected = (
            "one of " + ", ".join(shown[:-1]) + " or " + shown[-1]
            if len(shown) > 1
            else f"{shown[0]}"
        )

    def convert(self, name: str, value: object) -> Any:
        kind = str if isinstance(value, str) else type(value)
        try:
            return self._by_value[(kind, value)]
        except (KeyError, TypeError):
            self.fail(name, value)

    def invalid(self) -> tuple[object, ...]:
        return ("not-an-option", None, 3.5, [])


NAN_POLICY = Options("raise", "omit", "propagate")
"""The ``nan_policy`` constraint."""


class _ZeroDivision(Constraint[Any]):
    expected = "'raise' or a number (the value an undefined rate gives), e.g. 0.0 or nan"

    def convert(self, name: str, value: object) -> Any:
        if isinstance(value, str) and value == "raise":
            return "raise"
        if _is_real(value):
            return float(cast(float, value))
        raise self.error(name, value)

    def invalid(self) -> tuple[object, ...]:
        return ("warn", True, None)


ZERO_DIVISION: Constraint[Any] = _ZeroDivision()
"""The ``zero_division`` constraint: ``"raise"`` or the number to give instead."""


class Boolean(Constraint[bool]):
    """``True`` or ``False`` (NumPy booleans too).

    Examples
    --------
    >>> Boolean().convert("omit", 1)
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: omit=1 is invalid: expected True or False
    """

    expected = "True or False"

    def convert(self, name: str, value: object) -> bool:
        if isinstance(value, bool | np.bool_):
            return bool(value)
        raise self.error(name, value)

    def invalid(self) -> tuple[object, ...]:
        return (1, "yes", None)


class Integer(Constraint[int]):
    """A whole number (not a boolean), optionally within ``[low, high]``.

    Examples
    --------
    >>> Integer(low=2).convert("scale", np.int8(5))
    5
    >>> Integer(low=2).convert("scale", True)
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: scale=True is invalid: expected an integer >= 2
    """

    def __init__(
        self, *, low: int | None = None, high: int | None = None, expected: str | None = None
    ) -> None:
        self.low, self.high = low, high
        if expected is not None:
            self.expected = expected
        elif low is not None and high is not None:
            self.expected = f"an integer from {low} to {high}"
        elif low is not None:
            self.expected = f"an integer >= {low}"
        elif high is not None:
            self.expected = f"an integer <= {high}"
        else:
            self.expected = "an integer"

    def convert(self, name: str, value: object) -> int:
        if isinstance(value, bool | np.bool_) or not isinstance(value, int | np.integer):
            self.fail(name, value)
        n = int(value)
        if (self.low is not None and n < self.low) or (self.high is not None and n > self.high):
            self.fail(name, value)
        return n

    def invalid(self) -> tuple[object, ...]:
        out: list[object] = [True, 2.5, "3", None]
        if self.low is not None:
            out.append(self.low - 1)
        if self.high is not None:
            out.append(self.high + 1)
        return tuple(out)


class Real(Constraint[float]):
    """A real number (not a boolean or a string) as a float, optionally in a range.

    Examples
    --------
    >>> Real(low=0, high=1, low_open=True, high_open=True).convert("level", 0.95)
    0.95
    >>> Real(low=0, high=1, low_open=True, high_open=True).convert("level", 1)
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: level=1 is invalid: expected a number in (0, 1)
    """

    def __init__(
        self,
        *,
        low: float | None = None,
        high: float | None = None,
        low_open: bool = False,
        high_open: bool = False,
        finite: bool = True,
        expected: str | None = None,
    ) -> None:
        self.low, self.high = low, high
        self.low_open, self.high_open, self.finite = low_open, high_open, finite
        if expected is not None:
            self.expected = expected
        elif low is not None and high is not None:
            self.expected = (
                f"a number in {'(' if low_open else '['}{_num(low)}, "
                f"{_num(high)}{')' if high_open else ']'}"
            )
        elif low is not None:
            self.expected = (
                f"a {'finite ' if finite else ''}number {'>' if low_open else '>='} {_num(low)}"
            )
        elif high is not None:
            self.expected = (
                f"a {'finite ' if finite else ''}number {'<' if high_open else '<='} {_num(high)}"
            )
        else:
            self.expected = "a finite number" if finite else "a number"

    def convert(self, name: str, value: object) -> float:
        if not _is_real(value):
            self.fail(name, value)
        x = float(cast(float, value))
        if math.isnan(x) or (self.finite and math.isinf(x)):
            self.fail(name, value)
        lo, hi = self.low, self.high
        if lo is not None and (x < lo or (self.low_open and x == lo)):
            self.fail(name, value)
        if hi is not None and (x > hi or (self.high_open and x == hi)):
            self.fail(name, value)
        return x

    def invalid(self) -> tuple[object, ...]:
        out: list[object] = [True, "1", None, math.nan]
        if self.finite:
            out.append(math.inf)
        if self.low is not None:
            out.append(self.low if self.low_open else self.low - 1)
        if self.high is not None:
            out.append(self.high if self.high_open else self.high + 1)
        return tuple(out)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


class Instance(Constraint[Any]):
    """An instance of one of the given classes.

    Examples
    --------
    >>> Instance(dict, expected="a dict").convert("mapping", [])
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: mapping=<list> is invalid: expected a dict
    """

    def __init__(self, *classes: type, expected: str) -> None:
        self.classes = classes
        self.expected = expected

    def convert(self, name: str, value: object) -> Any:
        if isinstance(value, self.classes):
            return value
        raise self.error(name, Summary(f"<{type(value).__name__}>"))

    def invalid(self) -> tuple[object, ...]:
        return (object(), "text")


class Optional(Constraint[Any]):
    """``None``, or what ``inner`` accepts.

    Examples
    --------
    >>> Optional(Integer(low=0)).convert("min_agents", None) is None
    True
    """

    def __init__(self, inner: Constraint[Any]) -> None:
        self.inner = inner
        self.personal = inner.personal
        self.expected = f"{inner.expected}, or None"

    def convert(self, name: str, value: object) -> Any:
        if value is None:
            return None
        try:
            return self.inner.convert(name, value)
        except InvalidInputError as err:
            raise InvalidInputError(
                name, err.value, f"{err.expected}, or None", show_value=err.show_value
            ) from None

    def invalid(self) -> tuple[object, ...]:
        return tuple(v for v in self.inner.invalid() if v is not None)


class Identifier(Constraint[str]):
    """A non-empty identifier: a string of 1 to 200 characters, not only white space.

    Examples
    --------
    >>> Identifier().convert("actor", "  ")
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: actor='  ' is invalid: expected a non-empty identifier \
of at most 200 characters
    """

    expected = "a non-empty identifier of at most 200 characters"

    def convert(self, name: str, value: object) -> str:
        if isinstance(value, str) and 0 < len(value) <= 200 and not value.isspace():
            return value
        raise self.error(name, value if not isinstance(value, str) else Summary(repr(value[:60])))

    def invalid(self) -> tuple[object, ...]:
        return ("", "   ", "x" * 201, 42, None)


class FreeText(Constraint[str]):
    """Free text (a message, a reason, a note): a string with something in it.

    The value is never shown in messages: free text may carry personal data.

    Examples
    --------
    >>> FreeText().convert("reason", "  ")
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: reason=<hidden> is invalid: expected a non-empty string
    """

    expected = "a non-empty string"
    personal = True

    def __init__(self, *, max_length: int = 100_000) -> None:
        self.max_length = max_length

    def convert(self, name: str, value: object) -> str:
        if isinstance(value, str) and value.strip():
            if len(value) > self.max_length:
                self.fail(name, value, f"a string of at most {self.max_length} characters")
            return value
        raise self.error(name, value)

    def invalid(self) -> tuple[object, ...]:
        return ("", "  \n", 42, None)


# --- instants and durations -------------------------------------------------------------


class Instant(Constraint[datetime]):
    """A timezone-aware datetime from 1900-01-01 to 2200-12-31 (UTC).

    Examples
    --------
    >>> Instant().convert("at", datetime(2026, 3, 2, 9))
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: at=datetime.datetime(2026, 3, 2, 9, 0) is invalid: \
expected a timezone-aware datetime from 1900-01-01 to 2200-12-31
    """

    expected = "a timezone-aware datetime from 1900-01-01 to 2200-12-31"

    def convert(self, name: str, value: object) -> datetime:
        if not isinstance(value, datetime) or value.utcoffset() is None:
            self.fail(name, value)
        try:
            inside = EARLIEST <= value <= LATEST
        except OverflowError:  # an offset pushes it past datetime's own range
            inside = False
        if not inside:
            self.fail(name, value)
        return value

    def invalid(self) -> tuple[object, ...]:
        return (
            datetime(2026, 1, 1),
            datetime(1, 1, 2, tzinfo=timezone.utc),
            datetime(9999, 12, 31, tzinfo=timezone.utc),
            "2026-01-01T00:00:00Z",
            None,
        )


def instant_us(name: str, value: object) -> int:
    """An aware datetime in range as integer microseconds since the epoch (UTC)."""
    return (_INSTANT.convert(name, value) - _EPOCH) // _US


_INSTANT = Instant()


class Duration(Constraint[float]):
    """A duration, converted to float seconds.

    Accepts ``datetime.timedelta`` (pandas ``Timedelta`` too) and
    ``numpy.timedelta64`` in any fixed unit; plain numbers only when
    ``seconds=True`` (for parameters whose name ends in ``_s``). Negative,
    infinite and absurdly long durations (beyond 400 years) are refused.

    Examples
    --------
    >>> Duration().convert("period", np.timedelta64(30, "m"))
    1800.0
    >>> Duration().convert("period", 1800)
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: period=1800 is invalid: expected a duration >= 0 \
(datetime.timedelta or numpy.timedelta64)
    >>> Duration(seconds=True, positive=True).convert("handle_time_s", 180)
    180.0
    """

    def __init__(
        self, *, seconds: bool = False, positive: bool = False, expected: str | None = None
    ) -> None:
        self.seconds, self.positive = seconds, positive
        bound = "> 0" if positive else ">= 0"
        if expected is not None:
            self.expected = expected
        elif seconds:
            self.expected = (
                f"a duration {bound}: seconds as a number, or a timedelta or numpy.timedelta64"
            )
        else:
            self.expected = f"a duration {bound} (datetime.timedelta or numpy.timedelta64)"

    def convert(self, name: str, value: object) -> float:
        if isinstance(value, timedelta):
            s = value.total_seconds()
        elif isinstance(value, np.timedelta64):
            maybe = _td64_seconds(value)
            if maybe is None:
                self.fail(name, value)
            s = maybe
        elif self.seconds and _is_real(value):
            s = float(cast(float, value))
        else:
            self.fail(name, value)
        if not (0.0 <= s <= _MAX_DURATION_S) or (self.positive and s == 0.0):
            self.fail(name, value)
        return s

    def invalid(self) -> tuple[object, ...]:
        out: list[object] = [timedelta(seconds=-1), np.timedelta64("NaT", "us"), "30m", True, None]
        out.append(-1.0 if self.seconds else 30)
        if self.positive:
            out.append(timedelta(0))
        if self.seconds:
            out.append(math.inf)
        return tuple(out)


def _td64_seconds(value: np.timedelta64) -> float | None:
    """Seconds in a timedelta64 of a fixed unit; None for NaT or calendar units (Y, M)."""
    if np.isnat(value):
        return None
    unit, _ = np.datetime_data(value.dtype)
    if unit in ("Y", "M", "generic"):
        return None
    return float(value / np.timedelta64(1, "s"))


class Durations(Constraint[NDArray[np.float64]]):
    """An array-like of durations, as float seconds (NaN where missing).

    Accepts timedelta64 arrays in any fixed unit, pandas timedelta and polars
    Duration series, sequences of ``timedelta``, and numbers (seconds) when
    ``seconds=True``. Negative durations are refused; missing ones (NaT,
    None, NaN) are NaN when ``missing=True``.

    Examples
    --------
    >>> Durations().convert("handle_time", np.array([90, 30], dtype="timedelta64[m]"))
    array([5400., 1800.])
    >>> Durations(seconds=True).convert("handle_time_s", [60, -5])
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: handle_time_s=-5.0 is invalid: expected durations >= 0
    """

    def __init__(self, *, seconds: bool = False, missing: bool = True) -> None:
        self.seconds, self.missing = seconds, missing
        what = "numbers of seconds, timedeltas" if seconds else "timedeltas"
        self.expected = f"a 1-d array-like of {what} or timedelta64 values"

    def convert(self, name: str, value: object) -> NDArray[np.float64]:
        arr = native(name, value, self.expected)
        if arr.ndim != 1:
            self.fail(name, Summary(f"<shape {arr.shape}>"), f"{self.expected}, 1-d")
        kind = arr.dtype.kind
        if kind == "m":
            unit, _ = np.datetime_data(arr.dtype)
            if unit in ("Y", "M", "generic"):
                self.fail(name, Summary(f"<{arr.dtype}>"), f"{self.expected} of a fixed unit")
            nat = np.isnat(arr)
            out = arr.astype("timedelta64[ns]" if unit == "ns" else "timedelta64[us]")
            per_second = 1e9 if unit == "ns" else 1e6  # divide: exact for whole seconds
            seconds = out.view(np.int64).astype(np.float64) / per_second
            seconds[nat] = np.nan
        elif kind == "O":
            seconds = _objects_to_seconds(name, arr, self.seconds, self.expected)
        elif self.seconds and kind in "iuf":
            seconds = arr.astype(np.float64)
        else:
            self.fail(name, Summary(f"<{arr.dtype} values>"), self.expected)
        nan = np.isnan(seconds)
        if not self.missing and nan.any():
            self.fail(name, Summary(f"<{int(nan.sum())} missing>"), "durations with none missing")
        bad = ~nan & ((seconds < 0) | (seconds > _MAX_DURATION_S))
        if bad.any():
            self.fail(name, float(seconds[bad][0]), "durations >= 0")
        return seconds

    def invalid(self) -> tuple[object, ...]:
        return ("1h", [True], np.array([-1], dtype="timedelta64[s]"), [[timedelta(0)]])


def _objects_to_seconds(
    name: str, arr: NDArray[Any], numbers_ok: bool, expected: str
) -> NDArray[np.float64]:
    out = np.empty(arr.size, dtype=np.float64)
    for i, item in enumerate(arr.tolist()):
        if is_missing(item):
            out[i] = math.nan
        elif isinstance(item, timedelta):
            out[i] = item.total_seconds()
        elif isinstance(item, np.timedelta64):
            s = _td64_seconds(item)
            out[i] = math.nan if s is None else s
        elif numbers_ok and _is_real(item):
            out[i] = float(item)
        else:
            fail(name, item, expected)
    return out


class Instants(Constraint[NDArray[np.int64]]):
    """An array-like of instants, as int64 microseconds since the epoch (UTC).

    Missing instants (NaT, None) come back as ``Instants.MISSING``, the
    smallest int64, which callers must mask (``arr == Instants.MISSING``):
    they are never a wrapped-around number. Python datetimes must be
    timezone-aware. Naive ``datetime64`` values (and naive pandas or polars
    columns) are refused unless ``naive_utc=True``, which reads them as UTC
    instants, NumPy's convention. Instants outside 1900-2200 are refused.

    Examples
    --------
    >>> t = [datetime(2026, 3, 2, 9, tzinfo=timezone.utc), None]
    >>> us = Instants().convert("opened_at", t)
    >>> int(us[0]), bool(us[1] == Instants.MISSING)
    (1772442000000000, True)
    """

    MISSING = np.iinfo(np.int64).min

    def __init__(self, *, naive_utc: bool = False) -> None:
        self.naive_utc = naive_utc
        self.expected = (
            "a 1-d array-like of timezone-aware datetimes from 1900 to 2200"
            if not naive_utc
            else "a 1-d array-like of datetimes (naive ones taken as UTC) from 1900 to 2200"
        )

    def convert(self, name: str, value: object) -> NDArray[np.int64]:
        tz = _series_tz(value)
        arr = native(name, value, self.expected)
        if arr.ndim != 1:
            self.fail(name, Summary(f"<shape {arr.shape}>"))
        if arr.dtype.kind == "M":
            if tz is None and not self.naive_utc:
                self.fail(name, Summary(f"<naive {arr.dtype} values>"))
            nat = np.isnat(arr)
            us = arr.astype("datetime64[us]").view(np.int64).copy()
            us[nat] = self.MISSING
        elif arr.dtype.kind == "O":
            us = np.empty(arr.size, dtype=np.int64)
            for i, item in enumerate(arr.tolist()):
                if is_missing(item):
                    us[i] = self.MISSING
                elif isinstance(item, datetime) and item.utcoffset() is not None:
                    try:
                        us[i] = (item - _EPOCH) // _US
                    except OverflowError:
                        self.fail(name, item)
                else:
                    self.fail(name, item)
        else:
            self.fail(name, Summary(f"<{arr.dtype} values>"))
        present = us != self.MISSING
        bad = present & ((us < _EARLIEST_US) | (us > _LATEST_US))
        if bad.any():
            shown = np.datetime64(int(us[bad][0]), "us")
            self.fail(name, shown, "instants from 1900-01-01 to 2200-12-31")
        return cast(NDArray[np.int64], us)

    def invalid(self) -> tuple[object, ...]:
        return ("2026-01-01", [1, 2], [datetime(1800, 1, 1, tzinfo=timezone.utc)])


def _series_tz(value: object) -> object:
    """The time zone of a tz-aware pandas or polars datetime column, else None."""
    dtype = getattr(value, "dtype", None)
    return getattr(dtype, "tz", None) or getattr(dtype, "time_zone", None)


# --- arrays of numbers ------------------------------------------------------------------


def is_missing(item: object) -> bool:
    """None, NaN, NaT, pandas.NA or polars null: a missing value."""
    if item is None:
        return True
    if isinstance(item, float | np.floating):
        return bool(item != item)
    name = type(item).__name__
    return name in ("NAType", "NaTType") or (
        isinstance(item, np.datetime64 | np.timedelta64) and bool(np.isnat(item))
    )


def native(name: str, values: object, expected: str, *, small: bool = False) -> NDArray[Any]:
    """One NumPy array from a sequence, array or pandas/polars Series (no checks on values)."""
    if values is None or isinstance(values, str | bytes | Mapping | Set):
        fail(name, Summary(f"<{type(values).__name__}>"), expected)
    if isinstance(values, np.ndarray):
        return values
    to_numpy = getattr(values, "to_numpy", None)
    if to_numpy is not None and not isinstance(values, list | tuple):
        try:
            arr = np.asarray(to_numpy())
        except Exception:  # a frame library refusing to convert: not an array of ours
            fail(name, Summary(f"<{type(values).__name__}>"), expected)
        if getattr(values, "ndim", 1) != 1:
            fail(name, Summary(f"<shape {arr.shape}>"), f"{expected}, 1-d")
        return arr
    if isinstance(values, list | tuple):
        return _from_sequence(name, values, expected, small=small)
    if np.isscalar(values) or not hasattr(values, "__len__"):
        fail(name, values, expected)
    try:
        return _from_sequence(name, list(cast(Any, values)), expected)
    except TypeError:
        fail(name, Summary(f"<{type(values).__name__}>"), expected)


_FLAT_NUMBERS = frozenset({int, float})


def _from_sequence(
    name: str, values: list[Any] | tuple[Any, ...], expected: str, *, small: bool = False
) -> NDArray[Any]:
    """A list or tuple: the element types are looked at first (NumPy would turn True into 1).

    ``small``: the values are expected to be integers from 0 to 255 (scores), which
    ``bytes()`` packs at C speed; anything else falls back to the general path.
    """
    if not values:
        return np.empty(0, dtype=np.float64)
    types = set(map(type, values))
    if types == {int}:
        if small:
            try:
                return np.frombuffer(bytes(values), dtype=np.uint8)
            except ValueError:  # outside 0-255: the general path names the bad value
                pass
        try:
            return np.fromiter(values, dtype=np.int64, count=len(values))
        except OverflowError:
            big = next(v for v in values if not _INT64[0] <= v <= _INT64[1])
            fail(
                name, Summary(f"<an integer of {big.bit_length()} bits>"), "integers within 64 bits"
            )
    if types <= _FLAT_NUMBERS:
        if int in types:
            for v in values:
                if type(v) is int and not _INT64[0] <= v <= _INT64[1]:
                    fail(
                        name,
                        Summary(f"<an integer of {v.bit_length()} bits>"),
                        "integers within 64 bits",
                    )
        return np.array(values, dtype=np.float64)
    for kind in types:
        if issubclass(kind, bool | np.bool_):
            fail(name, Summary("<a boolean>"), f"{expected}; booleans are not numbers here")
        if issubclass(kind, str | bytes):
            fail(name, Summary("<a string>"), f"{expected}; strings are never parsed as numbers")
        if issubclass(kind, list | tuple | np.ndarray | Mapping | Set):
            fail(name, Summary("<a nested sequence>"), f"{expected}, flat (not nested or ragged)")
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _objects_to_float(name: str, arr: NDArray[Any], expected: str) -> NDArray[np.float64]:
    """Object arrays (a list with None, nullable pandas): numbers and missing values only."""
    out = np.empty(arr.size, dtype=np.float64)
    for i, item in enumerate(arr.tolist()):
        if is_missing(item):
            out[i] = math.nan
        elif _is_real(item):
            if isinstance(item, int) and not _INT64[0] <= item <= _INT64[1]:
                fail(
                    name,
                    Summary(f"<an integer of {item.bit_length()} bits>"),
                    "integers within 64 bits",
                )
            out[i] = float(item)
        elif isinstance(item, bool | np.bool_):
            fail(name, Summary("<a boolean>"), f"{expected}; booleans are not numbers here")
        elif isinstance(item, str | bytes):
            fail(name, Summary("<a string>"), f"{expected}; strings are never parsed as numbers")
        else:
            fail(name, Summary(f"<a {type(item).__name__}>"), expected)
    return out


class Numbers(Constraint[NDArray[Any]]):
    """An array-like of real numbers, as one NumPy array.

    Integer input keeps an integer dtype (so counting stays fast); missing
    values (NaN, None, pandas.NA, polars nulls) become NaN in a float array
    when ``missing=True`` and are refused otherwise. Booleans, strings,
    nested or ragged lists and integers beyond 64 bits are refused; nothing
    is ever parsed. ``ndim=1`` (the default) wants a 1-d sequence;
    ``ndim=None`` also takes a scalar or an n-d grid (for broadcasting).

    ``low``/``high`` (inclusive unless ``low_open``/``high_open``),
    ``integer`` (whole values only) and ``finite`` are checked unless
    ``check_values=False``, for functions that check the values in the same
    pass that computes the result; the declaration then still documents the
    constraint (and the shared tests still violate it).

    Examples
    --------
    >>> Numbers(integer=True, low=0, high=10).convert("scores", (10, 9, 3)).tolist()
    [10, 9, 3]
    >>> Numbers(integer=True, low=0, high=10).convert("scores", [True, 9])
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: scores=<a boolean> is invalid: expected a 1-d \
array-like of integers from 0 to 10; booleans are not numbers here
    """

    def __init__(
        self,
        *,
        integer: bool = False,
        low: float | None = None,
        high: float | None = None,
        low_open: bool = False,
        high_open: bool = False,
        finite: bool = True,
        missing: bool = False,
        ndim: int | None = 1,
        check_values: bool = True,
        expected: str | None = None,
    ) -> None:
        self.integer, self.low, self.high = integer, low, high
        self.low_open, self.high_open = low_open, high_open
        self.finite, self.missing, self.ndim = finite, missing, ndim
        self.check_values = check_values
        self._small = integer and low is not None and high is not None and low >= 0 and high <= 255
        if expected is None:
            what = "integers" if integer else "finite numbers" if finite else "numbers"
            if low is not None and high is not None:
                if low_open or high_open:
                    rng = (
                        f" in {'(' if low_open else '['}{_num(low)}, "
                        f"{_num(high)}{')' if high_open else ']'}"
                    )
                else:
                    rng = f" from {_num(low)} to {_num(high)}"
            elif low is not None:
                rng = f" {'>' if low_open else '>='} {_num(low)}"
            elif high is not None:
                rng = f" {'<' if high_open else '<='} {_num(high)}"
            else:
                rng = ""
            shape = "a 1-d array-like" if ndim == 1 else "a number or an array-like"
            expected = f"{shape} of {what}{rng}"
        self.expected = expected
        self.value_expected = expected.split(" of ", 1)[-1]

    def convert(self, name: str, value: object) -> NDArray[Any]:
        if self.ndim is None and _is_real(value):
            arr: NDArray[Any] = np.asarray(value, dtype=np.float64)
        elif self.ndim is None and isinstance(value, np.ndarray | list | tuple):
            arr = self._nd(name, value)
        else:
            arr = native(name, value, self.expected, small=self._small)
            if self.ndim is not None and arr.ndim != self.ndim:
                what = "a scalar" if arr.ndim == 0 else f"shape {arr.shape}"
                self.fail(name, Summary(f"<{what}>"))
        kind = arr.dtype.kind
        if kind == "O":
            arr = _objects_to_float(name, arr, self.expected)
        elif kind in "b":
            self.fail(
                name, Summary("<booleans>"), f"{self.expected}; booleans are not numbers here"
            )
        elif kind not in "iuf":
            self.fail(name, Summary(f"<{arr.dtype} values>"))
        if self.check_values:
            self.check(name, arr)
        elif not self.missing and arr.dtype.kind == "f" and np.isnan(arr).any():
            self.fail(name, Summary("<missing values>"), f"{self.expected}, none missing")
        return arr

    def _nd(self, name: str, value: np.ndarray | list[Any] | tuple[Any, ...]) -> NDArray[Any]:
        if isinstance(value, np.ndarray):
            return value
        try:
            arr = np.asarray(value)
        except ValueError:  # ragged
            self.fail(name, Summary("<a ragged sequence>"), f"{self.expected}, not ragged")
        if arr.dtype.kind == "O":
            self.fail(name, Summary("<a ragged or mixed sequence>"), self.expected)
        flat = np.ravel(np.asarray(value, dtype=object))
        if arr.dtype.kind == "b" or any(isinstance(v, bool | np.bool_) for v in flat):
            self.fail(
                name, Summary("<booleans>"), f"{self.expected}; booleans are not numbers here"
            )
        return arr

    def check(self, name: str, arr: NDArray[Any]) -> None:
        """Check the values of an already converted array (missing values aside)."""
        if arr.size == 0:
            return
        if arr.dtype.kind in "iu":
            lo, hi = self.low, self.high
            if lo is not None or hi is not None:
                amin, amax = arr.min(), arr.max()
                if (lo is not None and (amin < lo or (self.low_open and amin == lo))) or (
                    hi is not None and (amax > hi or (self.high_open and amax == hi))
                ):
                    self._first_bad(name, arr.astype(np.float64))
            return
        nan = np.isnan(arr)
        has_nan = bool(nan.any())
        if has_nan and not self.missing:
            self.fail(
                name,
                Summary(f"<{int(nan.sum())} missing of {arr.size}>"),
                f"{self.expected}, none missing",
            )
        vals = arr[~nan] if has_nan else arr
        if vals.size == 0:
            return
        bad = np.zeros(vals.shape, dtype=bool)
        if self.finite:
            bad |= np.isinf(vals)
        if self.integer:
            with np.errstate(invalid="ignore"):
                bad |= vals != np.floor(vals)
        if self.low is not None:
            bad |= (vals <= self.low) if self.low_open else (vals < self.low)
        if self.high is not None:
            bad |= (vals >= self.high) if self.high_open else (vals > self.high)
        if bad.any():
            self.fail(name, _shown(vals[bad].flat[0]), self.value_expected)

    def _first_bad(self, name: str, vals: NDArray[np.float64]) -> NoReturn:
        bad = np.zeros(vals.shape, dtype=bool)
        if self.low is not None:
            bad |= (vals <= self.low) if self.low_open else (vals < self.low)
        if self.high is not None:
            bad |= (vals >= self.high) if self.high_open else (vals > self.high)
        self.fail(name, _shown(vals[bad].flat[0]), self.value_expected)

    def invalid(self) -> tuple[object, ...]:
        out: list[object] = ["1, 2", [True, 1], [[1, 2], [3]], [2**70], [None, "a"], [1.0, "2"]]
        if self.ndim == 1:
            out.append(5)
        if not self.missing:
            out.append([1.0, math.nan])
        if self.finite:
            out.append([math.inf])
        if self.integer:
            out.append([1.5])
        if self.low is not None:
            out.append([self.low if self.low_open else self.low - 1])
        if self.high is not None:
            out.append([self.high if self.high_open else self.high + 1])
        return tuple(out)


def _shown(x: Any) -> object:
    f = float(x)
    return int(f) if f.is_integer() and abs(f) < 2**53 else f


def apply_nan_policy(
    name: str, arr: NDArray[Any], nan_policy: NanPolicy
) -> tuple[NDArray[Any], bool]:
    """Apply a ``nan_policy``: the array without NaN, and whether NaN was found.

    Under ``"raise"`` a NaN raises; under ``"omit"`` and ``"propagate"`` the
    NaN are removed and the flag tells the caller to propagate.

    Examples
    --------
    >>> apply_nan_policy("scores", np.array([1.0, np.nan]), "omit")
    (array([1.]), True)
    """
    if arr.dtype.kind != "f":
        return arr, False
    nan = np.isnan(arr)
    if not nan.any():
        return arr, False
    if nan_policy == "raise":
        fail(
            name,
            Summary(f"<{int(np.count_nonzero(nan))} missing of {arr.size}>"),
            "no missing values (or pass nan_policy='omit' or 'propagate')",
        )
    return arr[~nan], True


# --- the decorator ------------------------------------------------------------------------

_EMPTY = inspect.Parameter.empty


def validate_params(**constraints: Constraint[Any]) -> Callable[[F], F]:
    """Declare the constraint of each named parameter of the decorated function.

    The call's arguments are bound, each declared one converted by its
    constraint, and the function called with the converted values. Unknown
    keywords, missing arguments and options passed positionally are
    refused with :class:`InvalidInputError`; every InvalidInputError raised
    inside names the function.

    Examples
    --------
    >>> @validate_params(level=Real(low=0, high=1, low_open=True, high_open=True))
    ... def z(level: float = 0.95) -> float:
    ...     return level
    >>> z(level=1.5)
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: z(): level=1.5 is invalid: expected a number in (0, 1)
    >>> z(colour="red")
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidInputError: z(): colour=<hidden> is invalid: expected one of the \
arguments of z(): ['level']
    """

    def decorate(func: F) -> F:
        signature = inspect.signature(func)
        params = list(signature.parameters.values())
        for p in params:
            if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
                raise TypeError(f"validate_params does not support *args/**kwargs ({func})")
        unknown = set(constraints) - {p.name for p in params}
        if unknown:
            raise TypeError(f"validate_params: {func.__qualname__} has no parameter {unknown}")
        label = func.__qualname__.replace(".__init__", "")
        positional = [p.name for p in params if p.kind is not p.KEYWORD_ONLY]
        names = {p.name for p in params}
        shown_names = sorted(n for n in names if n != "self")
        required = [p.name for p in params if p.default is _EMPTY]
        defaults = {p.name: p.default for p in params if p.default is not _EMPTY}
        items = tuple(constraints.items())

        @functools.wraps(func)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            try:
                if len(args) > len(positional):
                    fail(
                        positional[-1] if positional else "arguments",
                        Summary(f"<{len(args)} positional arguments>"),
                        f"at most {len(positional) - (positional[:1] == ['self'])} positional "
                        f"argument(s) to {label}(); options are keyword-only",
                    )
                bound = dict(zip(positional, args, strict=False))
                for key, value in kwargs.items():
                    if key not in names:
                        fail(
                            key,
                            value,
                            f"one of the arguments of {label}(): {shown_names}",
                            personal=True,
                        )
                    if key in bound:
                        fail(key, Summary("<given twice>"), "one value, by position or by name")
                    bound[key] = value
                for key in required:
                    if key not in bound:
                        fail(key, Summary("<missing>"), f"a value: {label}() requires it")
                for key, constraint in items:
                    if key in bound:
                        bound[key] = constraint.convert(key, bound[key])
                    else:
                        bound[key] = constraint.convert(key, defaults[key])
                return func(**bound)
            except InvalidInputError as err:
                if err.function is None:
                    err.set_function(label)
                raise

        wrapper.__servicekit_params__ = dict(constraints)  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorate


def declared_params(func: object) -> dict[str, Constraint[Any]]:
    """The constraints :func:`validate_params` declared for ``func`` (empty if none)."""
    target = func.__init__ if isinstance(func, type) else func  # type: ignore[misc]
    return dict(getattr(target, "__servicekit_params__", {}))
