"""Input checks shared by the metric functions (private)."""

from __future__ import annotations

import math
from datetime import timedelta
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from servicekit.errors import InvalidInputError

__all__: list[str] = []


def to_seconds(name: str, value: object) -> float:
    """A duration as float seconds: a real number (seconds) or a ``timedelta``."""
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InvalidInputError(name, value, "a number of seconds or a datetime.timedelta")
    return float(value)


def positive_seconds(name: str, value: object) -> float:
    seconds = to_seconds(name, value)
    if not (seconds > 0 and math.isfinite(seconds)):
        raise InvalidInputError(name, value, "a positive, finite duration")
    return seconds


def nonnegative_seconds(name: str, value: object) -> float:
    seconds = to_seconds(name, value)
    if not (seconds >= 0 and math.isfinite(seconds)):
        raise InvalidInputError(name, value, "a duration >= 0 and finite")
    return seconds


def real(name: str, value: object, expected: str) -> float:
    """A real scalar (not a bool), as a float."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise InvalidInputError(name, value, expected)
    return float(value)


def fraction(name: str, value: object, *, upper_open: bool) -> float:
    """A share in [0, 1] or [0, 1)."""
    expected = "a number in [0, 1)" if upper_open else "a number in [0, 1]"
    x = real(name, value, expected)
    if not (0.0 <= x < 1.0 if upper_open else 0.0 <= x <= 1.0):
        raise InvalidInputError(name, value, expected)
    return x


def float_array(name: str, values: ArrayLike, expected: str) -> NDArray[np.float64]:
    """Convert once to a float array; refuse what is not numeric."""
    try:
        arr = np.asarray(values)
    except (TypeError, ValueError):
        raise InvalidInputError(name, values, expected) from None
    if arr.dtype == np.bool_ or arr.dtype.kind not in "iuf":
        raise InvalidInputError(name, values, expected)
    return arr.astype(np.float64, copy=False)


def first_bad(arr: NDArray[Any], bad: NDArray[np.bool_]) -> object:
    """The first offending element, for error messages."""
    return arr[bad].flat[0].item()
