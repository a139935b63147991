"""Rate KPIs: resolution, reopens, follow-ups, escalation, abandonment, SLA (private)."""

from __future__ import annotations

from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from servicekit._params import (
    EARLIEST,
    LATEST,
    ZERO_DIVISION,
    ArrayLike,
    Instants,
    Numbers,
    Optional,
    Summary,
    ZeroDivision,
    fail,
    validate_params,
)
from servicekit._results import Result, result
from servicekit.metrics._columns import FLAGS, INSTANTS, MISSING, OneInstant, same_length

__all__ = [
    "SLACompliance",
    "abandon_rate",
    "escalation_rate",
    "first_contact_resolution_rate",
    "follow_up_rate",
    "reopen_rate",
    "resolution_rate",
    "sla_compliance",
]

Flags = tuple[NDArray[np.bool_], NDArray[np.bool_]]


def _rate(name: str, true: int, known: int, zero_division: ZeroDivision) -> float:
    if known == 0:
        if zero_division == "raise":
            fail(
                name,
                Summary("<no known values>"),
                "at least one item whose outcome is known (or pass zero_division=<value>)",
            )
        return float(zero_division)
    return true / known


def _flag_rate(flags: object, zero_division: ZeroDivision) -> float:
    true, known = cast(Flags, flags)
    return _rate("flags", int(np.count_nonzero(true)), int(np.count_nonzero(known)), zero_division)


@validate_params(flags=FLAGS, zero_division=ZERO_DIVISION)
def first_contact_resolution_rate(
    flags: ArrayLike, *, zero_division: ZeroDivision = "raise"
) -> float:
    """Share of issues solved at the first contact.

    Parameters
    ----------
    flags : array-like of bool
        Whether each issue was solved at the first contact; None or NaN when
        unknown.
    zero_division : "raise" or float, default "raise"
        What no known outcome gives: an error, or this value.

    Returns
    -------
    float
        Numerator: issues solved at first contact. Denominator: issues whose
        first-contact outcome is known; unknown ones are left out. Target in
        the training deck: 80%.

    Examples
    --------
    >>> first_contact_resolution_rate([True, True, False, None, True])
    0.75
    """
    return _flag_rate(flags, zero_division)


@validate_params(flags=FLAGS, zero_division=ZERO_DIVISION)
def resolution_rate(flags: ArrayLike, *, zero_division: ZeroDivision = "raise") -> float:
    """Share of customer issues successfully solved.

    Parameters
    ----------
    flags : array-like of bool
        Whether each issue was resolved; None or NaN when unknown. From
        complaints, ``complaint_facts(...).resolved``.
    zero_division : "raise" or float, default "raise"
        What no known outcome gives: an error, or this value.

    Returns
    -------
    float
        Numerator: issues resolved. Denominator: issues whose outcome is
        known. Target in the training deck: 95%.

    Examples
    --------
    >>> resolution_rate([True] * 19 + [False])
    0.95
    """
    return _flag_rate(flags, zero_division)


@validate_params(flags=FLAGS, zero_division=ZERO_DIVISION)
def follow_up_rate(flags: ArrayLike, *, zero_division: ZeroDivision = "raise") -> float:
    """Share of served customers who got a return visit (a follow-up).

    Parameters
    ----------
    flags : array-like of bool
        For each served customer (a complaint replied to), whether it was
        followed up; None or NaN when unknown.
    zero_division : "raise" or float, default "raise"
        What no known outcome gives: an error, or this value.

    Returns
    -------
    float
        Target in the training deck: 100%.

    Examples
    --------
    >>> follow_up_rate([True, True, True, False])
    0.75
    """
    return _flag_rate(flags, zero_division)


@validate_params(reopen_counts=Numbers(integer=True, low=0), zero_division=ZERO_DIVISION)
def reopen_rate(reopen_counts: ArrayLike, *, zero_division: ZeroDivision = "raise") -> float:
    """Share of resolved complaints that the customer reopened.

    Parameters
    ----------
    reopen_counts : array-like of int
        How many times each resolved complaint was reopened.
    zero_division : "raise" or float, default "raise"
        What no complaint gives: an error, or this value.

    Returns
    -------
    float
        Numerator: complaints reopened at least once. Denominator: every
        complaint given; pass those resolved at least once.

    Examples
    --------
    >>> reopen_rate([0, 2, 0, 1, 0])
    0.4
    """
    counts = cast(NDArray[Any], reopen_counts)
    return _rate("reopen_counts", int(np.count_nonzero(counts > 0)), counts.size, zero_division)


@validate_params(flags=FLAGS, zero_division=ZERO_DIVISION)
def escalation_rate(flags: ArrayLike, *, zero_division: ZeroDivision = "raise") -> float:
    """Share of complaints escalated at least once.

    Parameters
    ----------
    flags : array-like of bool
        Whether each complaint was escalated (an escalation event; the
        initial level a severity gives is not an escalation); None or NaN
        when unknown.
    zero_division : "raise" or float, default "raise"
        What no known outcome gives: an error, or this value.

    Returns
    -------
    float

    Examples
    --------
    >>> escalation_rate([False, True, True, False])
    0.5
    """
    return _flag_rate(flags, zero_division)


_COUNTS = Numbers(integer=True, low=0, ndim=None)


@validate_params(abandoned=_COUNTS, handled=_COUNTS, zero_division=ZERO_DIVISION)
def abandon_rate(
    abandoned: ArrayLike,
    handled: ArrayLike,
    *,
    zero_division: ZeroDivision = "raise",
) -> float | NDArray[np.float64]:
    """Share of offered contacts abandoned before an answer.

    Parameters
    ----------
    abandoned, handled : int or array-like of int
        Counts (per interval, when arrays), whole numbers >= 0.
    zero_division : "raise" or float, default "raise"
        What an interval with nothing offered gives: an error, or this value.

    Returns
    -------
    float or numpy.ndarray
        ``abandoned / (handled + abandoned)``, element-wise for arrays.

    Examples
    --------
    >>> abandon_rate(5, 95)
    0.05
    >>> abandon_rate([5, 0], [95, 0], zero_division=0.0)
    array([0.05, 0.  ])
    """
    a = cast(NDArray[Any], abandoned).astype(np.float64)
    h = cast(NDArray[Any], handled).astype(np.float64)
    if a.shape != h.shape and a.ndim and h.ndim:
        fail("handled", Summary(f"<shape {h.shape}>"), f"the shape of abandoned, {a.shape}")
    offered = a + h
    empty = offered == 0
    if empty.any() and zero_division == "raise":
        fail(
            "handled",
            Summary("<nothing offered>"),
            "at least one contact offered (or pass zero_division=<value>)",
        )
    fill = 0.0 if zero_division == "raise" else float(zero_division)
    out = np.where(empty, fill, a / np.where(empty, 1.0, offered))
    return float(out) if out.ndim == 0 else out


@result
class SLACompliance(Result):
    """How many items met a target.

    Attributes
    ----------
    rate : float
        ``met / (met + breached)``.
    met, breached : int
        Done by the due time; done late, or still open past it.
    pending : int
        Still open and not yet due: left out of the rate.
    n : int
        All items.

    Examples
    --------
    >>> import numpy as np
    >>> due = np.array(["2026-03-02T10:00"] * 3, dtype="datetime64[m]")
    >>> done = np.array(["2026-03-02T09:30", "2026-03-02T11:00", "2026-03-02T12:00"],
    ...                 dtype="datetime64[m]")
    >>> sla_compliance(due, done).to_dict()
    {'rate': 0.3333333333333333, 'met': 1, 'breached': 2, 'pending': 0, 'n': 3}
    """

    rate: float
    met: int
    breached: int
    pending: int
    n: int


_UNIT_US = {"us": 1, "ms": 1_000, "s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000}


class _Instants(Instants):
    """Instant columns; a plain datetime64 array is read in place, without a copy."""

    def convert(self, name: str, value: object) -> Any:
        if isinstance(value, np.ndarray) and value.dtype.kind == "M" and value.ndim == 1:
            unit, count = np.datetime_data(value.dtype)
            if count == 1 and unit in _UNIT_US:
                return value  # checked with its twin in sla_compliance
        return super().convert(name, value)


_FAST_INSTANTS = _Instants(naive_utc=True)


def _check_range(name: str, arr: NDArray[np.datetime64]) -> None:
    """Instants from 1900 to 2200 (NaT aside), in two passes and no copy."""
    v = arr.view(np.int64)
    low, high = (
        int(np.datetime64(t.replace(tzinfo=None), "us").astype(arr.dtype).view(np.int64))
        for t in (EARLIEST, LATEST)
    )
    if v.size and (
        int(v.max()) > high or int(np.count_nonzero(v < low)) > int(np.count_nonzero(v == MISSING))
    ):
        INSTANTS.convert(name, arr)  # names the instant out of range


def _as_us(name: str, arr: NDArray[Any]) -> tuple[NDArray[np.int64], int]:
    """An int64 view and its unit in microseconds."""
    if arr.dtype.kind == "M":
        unit, _ = np.datetime_data(arr.dtype)
        return arr.view(np.int64), _UNIT_US[unit]
    return arr, 1


@validate_params(
    due=_FAST_INSTANTS,
    done=_FAST_INSTANTS,
    now=Optional(OneInstant()),
    zero_division=ZERO_DIVISION,
)
def sla_compliance(
    due: ArrayLike,
    done: ArrayLike,
    *,
    now: Any = None,
    zero_division: ZeroDivision = "raise",
) -> SLACompliance:
    """Share of items whose target was met, for one target.

    Parameters
    ----------
    due : array-like of instants
        Each item's due time for the target (first response, resolution...).
    done : array-like of instants
        When each item met it (first reply, resolution); NaT/None if not yet.
    now : datetime or datetime64, optional
        Judges the open items: open past their due time they are breached,
        otherwise pending. Without ``now`` every open item is pending.
    zero_division : "raise" or float, default "raise"
        The rate when no item is decided (all pending): an error, or this
        value.

    Returns
    -------
    SLACompliance
        Numerator: items done by their due time (done == due counts as met).
        Denominator: items done, plus open items already past due. Call it
        once per target.

    Examples
    --------
    >>> import numpy as np
    >>> due = np.array(["2026-03-02T10:00", "2026-03-02T10:00"], dtype="datetime64[m]")
    >>> done = np.array(["2026-03-02T09:00", "NaT"], dtype="datetime64[m]")
    >>> sla_compliance(due, done, now=np.datetime64("2026-03-02T09:30")).to_dict()
    {'rate': 1.0, 'met': 1, 'breached': 0, 'pending': 1, 'n': 2}
    """
    due_arr, done_arr = cast(NDArray[Any], due), cast(NDArray[Any], done)
    if due_arr.dtype != done_arr.dtype:
        due_arr = INSTANTS.convert("due", due_arr) if due_arr.dtype.kind == "M" else due_arr
        done_arr = INSTANTS.convert("done", done_arr) if done_arr.dtype.kind == "M" else done_arr
    elif due_arr.dtype.kind == "M":
        # Same unit: read in place, and check the range without copying.
        for name, arr in (("due", due_arr), ("done", done_arr)):
            _check_range(name, arr)
    d, unit = _as_us("due", due_arr)
    e, _ = _as_us("done", done_arr)
    same_length("done", e, "due", d.size)
    if (d == MISSING).any():
        fail("due", Summary("<missing due time>"), "a due time for every item")
    # NaT is the smallest int64, so an open item (done NaT) is always "<= due":
    # subtracting the open ones leaves the met; the rest of the finished are late.
    open_items = e == MISSING
    n_open = int(np.count_nonzero(open_items))
    on_time_or_open = int(np.count_nonzero(e <= d))
    met = on_time_or_open - n_open
    late = int(d.size) - on_time_or_open
    if now is None:
        overdue = 0
    else:
        now_value = -(-cast(int, now) // unit)  # ceil: d < now, exactly
        overdue = int(np.count_nonzero(d[open_items] < now_value))
    breached = late + overdue
    pending = int(d.size) - met - breached
    if met + breached == 0:
        rate = _rate("done", 0, 0, zero_division)
    else:
        rate = met / (met + breached)
    return SLACompliance(rate, met, breached, pending, int(d.size))
