"""Turning array-likes into checked NumPy arrays, once (private)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, fields
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from servicekit.errors import InvalidInputError

__all__: list[str] = []

NanPolicy = Literal["raise", "omit", "propagate"]
_NAN_POLICIES = ("raise", "omit", "propagate")
CHUNK = 1 << 18  # elements per block when several passes over one array are needed


class Summary(str):
    """A description standing in for a value in an error message (shown without quotes)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return str(self)


class ResultMixin:
    """``to_dict()`` and a tidy ``repr`` for the frozen result dataclasses."""

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary (arrays stay arrays)."""
        return asdict(self)  # type: ignore[call-overload, no-any-return]

    def __repr__(self) -> str:
        parts = []
        for f in fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if isinstance(value, float):
                parts.append(f"{f.name}={value:.6g}")
            else:
                parts.append(f"{f.name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


def check_nan_policy(nan_policy: object) -> NanPolicy:
    if nan_policy not in _NAN_POLICIES:
        raise InvalidInputError("nan_policy", nan_policy, "'raise', 'omit' or 'propagate'")
    return nan_policy  # type: ignore[return-value]


def _from_objects(name: str, values: Any) -> NDArray[np.float64]:
    """Object data (lists with None, nullable pandas): numbers and missing values only."""
    items = list(values)
    out = np.empty(len(items), dtype=np.float64)
    for i, item in enumerate(items):
        if item is None or (item is not item and isinstance(item, float)):
            out[i] = math.nan
        elif isinstance(item, bool | np.bool_) or not isinstance(
            item, int | float | np.integer | np.floating
        ):
            if type(item).__name__ in ("NAType", "NaTType"):  # pandas.NA, pandas.NaT
                out[i] = math.nan
                continue
            raise InvalidInputError(name, item, "numbers (or missing values)")
        else:
            out[i] = float(item)
    return out


def as_numeric(name: str, values: object) -> NDArray[Any]:
    """A 1-d numeric array from a list, tuple, NumPy array or pandas/polars Series.

    Integer arrays keep their dtype (so counting stays fast); missing values
    become NaN in a float array. Booleans, strings and other objects are refused.
    """
    if isinstance(values, str | bytes | Mapping) or values is None:
        raise InvalidInputError(name, values, "a sequence or array of numbers")
    if not isinstance(values, np.ndarray) and hasattr(values, "to_numpy"):
        arr = np.asarray(values.to_numpy())
    else:
        try:
            arr = np.asarray(values)
        except (TypeError, ValueError):
            raise InvalidInputError(name, values, "a sequence or array of numbers") from None
    if arr.ndim == 0:
        raise InvalidInputError(name, values, "a sequence or array of numbers, not a scalar")
    if arr.ndim != 1:
        raise InvalidInputError(name, Summary(f"<shape {arr.shape}>"), "a 1-d sequence")
    kind = arr.dtype.kind
    if kind == "O":
        return _from_objects(name, arr)
    if kind not in "iuf":
        raise InvalidInputError(name, values, "numbers (not booleans or strings)")
    return arr


def missing(name: str, arr: NDArray[Any], nan_policy: NanPolicy) -> tuple[NDArray[Any], bool]:
    """Apply the NaN policy: returns (array without NaN, whether NaN was found)."""
    if arr.dtype.kind != "f":
        return arr, False
    nan = np.isnan(arr)
    if not nan.any():
        return arr, False
    if nan_policy == "raise":
        raise InvalidInputError(
            name,
            Summary(f"<{int(np.count_nonzero(nan))} missing of {arr.size}>"),
            "no missing values (or pass nan_policy='omit' or 'propagate')",
        )
    return arr[~nan], True


def check_integers_in(name: str, arr: NDArray[Any], low: int, high: int) -> None:
    """Every value an integer from low to high (NaN already removed)."""
    if arr.size == 0:
        return
    if arr.dtype.kind in "iu":
        lo, hi = arr.min(), arr.max()
        if lo < low or hi > high:
            bad = arr[(arr < low) | (arr > high)][0]
            raise InvalidInputError(name, bad.item(), f"integers from {low} to {high}")
        return
    bad_mask = (arr < low) | (arr > high) | (arr != np.floor(arr))
    if bad_mask.any():
        bad = arr[bad_mask][0]
        raise InvalidInputError(name, bad.item(), f"integers from {low} to {high}")


def weights_for(name: str, weights: object, size: int) -> NDArray[np.float64]:
    w = as_numeric(name, weights).astype(np.float64, copy=False)
    if w.size != size:
        raise InvalidInputError(
            name, Summary(f"<{w.size} weights>"), f"{size} weights, one per value"
        )
    bad = ~np.isfinite(w) | (w < 0)
    if bad.any():
        raise InvalidInputError(name, w[bad][0].item(), "finite weights >= 0")
    return w


def not_empty(name: str, n: float) -> None:
    if n == 0:
        raise InvalidInputError(
            name, Summary("<no values>"), "at least one value (after missing ones)"
        )
