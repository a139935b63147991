"""The one protocol every result object keeps (private).

A result is a frozen dataclass deriving from :class:`Result` and declared with
:func:`result`::

    @result
    class CSATResult(Result):
        score: float
        mean: float
        n: int

It is immutable for real (NumPy arrays are made read-only, mappings become
read-only, lists become tuples, all when the result is built), compares with
``==`` by value (arrays element-wise, NaN equal to NaN), hashes consistently,
has ``to_dict()``, a compact ``repr`` (long arrays summarised, floats to six
significant digits) and ``_repr_html_`` for notebooks.
"""

from __future__ import annotations

import dataclasses
import html
import math
import sys
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, TypeVar

import numpy as np

if sys.version_info >= (3, 11):
    from typing import dataclass_transform
else:  # pragma: no cover - Python 3.10
    from typing_extensions import dataclass_transform

__all__ = ["Result", "freeze", "result"]

R = TypeVar("R")

_ARRAY_ITEMS = 6  # array elements shown in a repr before it is summarised


def freeze(value: Any) -> Any:
    """A read-only version of ``value``: arrays, mappings and lists, recursively.

    Examples
    --------
    >>> a = freeze(np.array([1, 2]))
    >>> a.flags.writeable
    False
    >>> freeze({"a": [1, 2]})
    mappingproxy({'a': (1, 2)})
    """
    if isinstance(value, np.ndarray):
        if value.flags.writeable:
            # A view of the caller's array would still change through the caller's
            # reference: copy unless this array owns its data.
            if value.base is not None:
                value = value.copy()
            value.flags.writeable = False
        return value
    if isinstance(value, MappingProxyType):
        return value
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple) and not isinstance(value, Result):
        frozen = tuple(freeze(v) for v in value)
        return frozen if type(value) in (list, tuple) else type(value)(*frozen)
    return value


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        if not (isinstance(a, np.ndarray) and isinstance(b, np.ndarray)):
            return False
        if a.shape != b.shape or a.dtype.kind != b.dtype.kind:
            return False
        if a.dtype.kind in "fcmM":  # NaN (and NaT) equal to NaN (and NaT)
            return bool(np.array_equal(a, b, equal_nan=True))
        return bool(np.array_equal(a, b))
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    if isinstance(a, Mapping) and isinstance(b, Mapping):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _hashable(value: Any) -> Any:
    if isinstance(value, np.ndarray):
        return (value.shape, value.dtype.str, value.tobytes())
    if isinstance(value, float) and math.isnan(value):
        return "nan"
    if isinstance(value, Mapping):
        return tuple((k, _hashable(v)) for k, v in value.items())
    if isinstance(value, tuple):
        return tuple(_hashable(v) for v in value)
    return value


def _plain(value: Any) -> Any:
    """For ``to_dict``: nested results and read-only mappings become dicts."""
    if isinstance(value, Result):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, tuple) and type(value) is tuple:
        return [_plain(v) for v in value]
    return value


def _thawed(value: Any) -> Any:
    """A picklable equivalent: read-only mappings become dicts, recursively."""
    if isinstance(value, MappingProxyType):
        return {k: _thawed(v) for k, v in value.items()}
    if isinstance(value, tuple) and type(value) is tuple:
        return tuple(_thawed(v) for v in value)
    return value


def _short(value: Any) -> str:
    if isinstance(value, float | np.floating):
        return f"{float(value):.6g}"
    if isinstance(value, np.ndarray):
        if value.size > _ARRAY_ITEMS:
            body = np.array2string(
                value, threshold=_ARRAY_ITEMS, edgeitems=_ARRAY_ITEMS // 2, precision=6
            )
            return f"array({body}, shape={value.shape})"
        return f"array({np.array2string(value, precision=6, separator=', ')})"
    if isinstance(value, Mapping):
        items = list(value.items())
        inner = ", ".join(f"{k!r}: {_short(v)}" for k, v in items[:_ARRAY_ITEMS])
        more = f", ... ({len(items)} items)" if len(items) > _ARRAY_ITEMS else ""
        return "{" + inner + more + "}"
    if isinstance(value, tuple) and type(value) is tuple:
        inner = ", ".join(_short(v) for v in value[:_ARRAY_ITEMS])
        more = f", ... ({len(value)} items)" if len(value) > _ARRAY_ITEMS else ""
        comma = "," if len(value) == 1 else ""
        return "(" + inner + more + comma + ")"
    if hasattr(value, "value") and isinstance(getattr(value, "value", None), str):
        return repr(value.value)  # enum members: their value
    return repr(value)


class Result:
    """Base of servicekit's result objects (frozen dataclasses; see :func:`result`).

    Examples
    --------
    >>> @result
    ... class Pair(Result):
    ...     a: float
    ...     b: np.ndarray
    >>> p = Pair(1 / 3, np.arange(10.0))
    >>> p
    Pair(a=0.333333, b=array([0. 1. 2. ... 7. 8. 9.], shape=(10,)))
    >>> p == Pair(1 / 3, np.arange(10.0)), p.b.flags.writeable
    (True, False)
    >>> sorted(p.to_dict())
    ['a', 'b']
    """

    __slots__ = ()

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            frozen = freeze(value)
            if frozen is not value:
                object.__setattr__(self, f.name, frozen)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(
            _equal(getattr(self, f.name), getattr(other, f.name))
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
        )

    def __hash__(self) -> int:
        fields = dataclasses.fields(self)  # type: ignore[arg-type]
        return hash((type(self).__name__, *(_hashable(getattr(self, f.name)) for f in fields)))

    def __reduce__(self) -> tuple[Any, ...]:
        # Read-only mappings do not pickle: rebuild from plain values, frozen again.
        fields = dataclasses.fields(self)  # type: ignore[arg-type]
        return (type(self), tuple(_thawed(getattr(self, f.name)) for f in fields))

    def to_dict(self) -> dict[str, Any]:
        """The fields as a dictionary: nested results as dictionaries, arrays as (read-only) arrays.

        Examples
        --------
        >>> @result
        ... class One(Result):
        ...     n: int
        >>> One(3).to_dict()
        {'n': 3}
        """
        return {
            f.name: _plain(getattr(self, f.name))
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
        }

    def __repr__(self) -> str:
        parts = ", ".join(
            f"{f.name}={_short(getattr(self, f.name))}"
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if f.repr
        )
        return f"{type(self).__name__}({parts})"

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<tr><th style='text-align:left'>{html.escape(f.name)}</th>"
            f"<td style='text-align:left'>{html.escape(_short(getattr(self, f.name)))}</td></tr>"
            for f in dataclasses.fields(self)  # type: ignore[arg-type]
            if f.repr
        )
        return (
            f"<table class='servicekit-result'><caption>{html.escape(type(self).__name__)}"
            f"</caption>{rows}</table>"
        )


@dataclass_transform(frozen_default=True)
def result(cls: type[R]) -> type[R]:
    """Make ``cls`` (a subclass of :class:`Result`) a frozen dataclass with the protocol.

    Examples
    --------
    >>> @result
    ... class Rate(Result):
    ...     value: float
    >>> Rate(0.5).value = 1.0
    Traceback (most recent call last):
    ...
    dataclasses.FrozenInstanceError: cannot assign to field 'value'
    """
    maker: Callable[[type[R]], type[R]] = dataclasses.dataclass(frozen=True, eq=False, repr=False)
    return maker(cls)
