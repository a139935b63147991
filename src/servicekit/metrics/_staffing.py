"""Staffing for response-time targets: Erlang B, Erlang C and required agents."""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, overload

import numpy as np
from numpy.typing import ArrayLike, NDArray

from servicekit.errors import InvalidInputError
from servicekit.metrics._validation import (
    first_bad,
    float_array,
    fraction,
    nonnegative_seconds,
    positive_seconds,
    real,
)

__all__ = [
    "StaffingResult",
    "average_speed_of_answer",
    "erlang_b",
    "erlang_b_capacity",
    "erlang_c",
    "occupancy",
    "required_agents",
    "service_level",
    "traffic_intensity",
]

FloatOrArray = float | NDArray[np.float64]


# --- argument checks -------------------------------------------------------------


def _traffic(value: ArrayLike) -> tuple[NDArray[np.float64], bool]:
    """Traffic in Erlangs: positive and finite. Returns (array, was_scalar)."""
    arr = float_array("traffic", value, "a positive number of Erlangs (or an array of them)")
    bad = ~(np.isfinite(arr) & (arr > 0))
    if bad.any():
        raise InvalidInputError(
            "traffic", first_bad(arr, bad), "a positive, finite number of Erlangs"
        )
    return arr, arr.ndim == 0


def _servers(name: str, value: ArrayLike, *, minimum: int = 0) -> NDArray[np.int64]:
    expected = f"a whole number >= {minimum} (or an array of them)"
    arr = float_array(name, value, expected)
    bad = ~(np.isfinite(arr) & (arr >= minimum) & (arr == np.floor(arr)))
    if bad.any():
        raise InvalidInputError(name, first_bad(arr, bad), expected)
    return arr.astype(np.int64)


def _out(values: NDArray[np.float64], scalar: bool) -> FloatOrArray:
    return float(values) if scalar else values


# --- Erlang B and C ----------------------------------------------------------------


# The recursion B(k) = A B(k-1) / (k + A B(k-1)) forgets its starting value: below
# k = A each step shrinks an error by a factor k / A at most (B stays above 1 - k / A,
# so k + A B >= A), and above A by A / k. Starting _WINDOW standard deviations below
# min(N, A), at k0 = min(N, A) - _WINDOW * sqrt(A) with B = 1 - k0 / A (a lower bound
# of the true value, so the path stays above the bound too), shrinks the starting
# error by at least prod(k / A) over those _WINDOW * sqrt(A) steps, which is at most
# exp(-_WINDOW**2 / 2) = 5e-32: far below double precision. The cost is then
# proportional to sqrt(A) + max(N - A, 0) instead of N.
_WINDOW = 12.0


def _start(a: float, n: int) -> tuple[int, float]:
    """Where to start the recursion for B(a, n): (k0, B(k0)) up to exp(-72)."""
    k0 = math.floor(min(n, a) - _WINDOW * math.sqrt(a))
    if k0 <= 0:
        return 0, 1.0
    return k0, 1.0 - k0 / a


def _erlang_b_scalar(a: float, n: int) -> float:
    k0, b = _start(a, n)
    for k in range(k0 + 1, n + 1):
        ab = a * b
        b = ab / (k + ab)
    return b


def _start_array(
    a: NDArray[np.float64], n: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    k0 = np.floor(np.minimum(n, a) - _WINDOW * np.sqrt(a)).astype(np.int64)
    fresh = k0 <= 0
    k0 = np.where(fresh, 0, k0)
    b0: NDArray[np.float64] = np.where(fresh, 1.0, 1.0 - k0 / a)
    return k0, b0


def _erlang_b_array(a: NDArray[np.float64], n: NDArray[np.int64]) -> NDArray[np.float64]:
    """Erlang B element-wise: every element walks its own recursion, all in step."""
    a, n = np.broadcast_arrays(a, n)
    k0, b = _start_array(a, n)
    out: NDArray[np.float64] = b.copy()
    if a.size == 0:
        return out
    steps = n - k0
    for step in range(1, int(steps.max()) + 1):
        ab = a * b
        b = ab / ((k0 + step) + ab)
        done = steps == step
        if done.any():
            out[done] = b[done]
    return out


def _erlang_b(a: NDArray[np.float64], n: NDArray[np.int64]) -> NDArray[np.float64]:
    if a.ndim == 0 and n.ndim == 0:
        return np.asarray(_erlang_b_scalar(float(a), int(n)))
    return _erlang_b_array(a, n)


def _erlang_c_from_b(
    b: NDArray[np.float64], a: NDArray[np.float64], n: NDArray[np.int64]
) -> NDArray[np.float64]:
    """C = N B / (N - A (1 - B)) for N > A; 1 when N <= A (the queue is unstable)."""
    stable = n > a
    denominator = np.where(stable, n - a * (1.0 - b), 1.0)
    return np.where(stable, n * b / denominator, 1.0)


def _queue(
    traffic: ArrayLike, agents: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64], bool]:
    """Checked traffic and agents, the Erlang C waiting probability, and scalar-ness."""
    a, scalar_a = _traffic(traffic)
    n = _servers("agents", agents)
    return a, n, _erlang_c_from_b(_erlang_b(a, n), a, n), scalar_a and n.ndim == 0


def erlang_b(traffic: ArrayLike, servers: ArrayLike) -> FloatOrArray:
    r"""Blocking probability of an M/M/N/N system (Erlang B).

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, positive.
    servers : int or array-like
        Number of servers (lines, agents), a whole number >= 0. Broadcasts
        against ``traffic``.

    Returns
    -------
    float or numpy.ndarray
        The probability that a call finds every server busy and is lost; a
        float when both arguments are scalars.

    Notes
    -----
    Computed with the recursion
    :math:`B(0) = 1,\; B(k) = A B(k-1) / (k + A B(k-1))`, which is
    numerically stable at any size: no factorials and no powers. Arrays are
    computed in one pass of the recursion up to the largest server count.

    References
    ----------
    A. K. Erlang (1917); ITU-T Recommendation E.520. Table values: 10 servers
    carry 4.46 Erlangs at 1% blocking.

    Examples
    --------
    >>> round(erlang_b(4.46, 10), 4)
    0.01
    >>> erlang_b([1.0, 2.0], 2).round(4)
    array([0.2, 0.4])
    """
    a, scalar_a = _traffic(traffic)
    n = _servers("servers", servers)
    return _out(_erlang_b(a, n), scalar_a and n.ndim == 0)


def erlang_c(traffic: ArrayLike, agents: ArrayLike) -> FloatOrArray:
    """Probability that a call has to wait (Erlang C, M/M/N queue).

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, positive.
    agents : int or array-like
        Number of agents, a whole number >= 0.

    Returns
    -------
    float or numpy.ndarray
        The probability of waiting. With ``agents <= traffic`` the queue is
        unstable (it grows without bound) and every call waits: 1.0.

    Notes
    -----
    :math:`C = N B / (N - A (1 - B))` with :math:`B` the Erlang B blocking
    probability, for :math:`N > A`. Never above 1.

    References
    ----------
    Call Centre Helper, "Erlang C Formula - Made Simple with an Easy Worked
    Example": 10 Erlangs on 14 agents wait with probability 0.1741.

    Examples
    --------
    >>> round(erlang_c(10.0, 14), 4)
    0.1741
    >>> erlang_c(10.0, 10)
    1.0
    """
    _, _, c, scalar = _queue(traffic, agents)
    return _out(c, scalar)


def service_level(
    traffic: ArrayLike, agents: ArrayLike, handle_time: object, target_answer_time: object
) -> FloatOrArray:
    r"""Share of calls answered within ``target_answer_time`` (Erlang C).

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, positive.
    agents : int or array-like
        Number of agents, a whole number >= 0.
    handle_time : float or timedelta
        Average handle time, seconds (or a ``timedelta``), positive.
    target_answer_time : float or timedelta
        The answer-time target, seconds (or a ``timedelta``), >= 0.

    Returns
    -------
    float or numpy.ndarray
        :math:`1 - C \, e^{-(N - A) t / h}`; 0.0 when ``agents <= traffic``.

    Examples
    --------
    >>> round(service_level(10.0, 14, 180, 20), 4)
    0.8884
    """
    a, n, c, scalar = _queue(traffic, agents)
    h = positive_seconds("handle_time", handle_time)
    t = nonnegative_seconds("target_answer_time", target_answer_time)
    stable = n > a
    sl = np.where(stable, 1.0 - c * np.exp(-np.where(stable, n - a, 0.0) * (t / h)), 0.0)
    return _out(sl, scalar)


def average_speed_of_answer(
    traffic: ArrayLike, agents: ArrayLike, handle_time: object
) -> FloatOrArray:
    """Average time a call waits before an agent answers (ASA), in seconds.

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, positive.
    agents : int or array-like
        Number of agents, a whole number >= 0.
    handle_time : float or timedelta
        Average handle time, seconds (or a ``timedelta``), positive.

    Returns
    -------
    float or numpy.ndarray
        :math:`C h / (N - A)` seconds; ``inf`` when ``agents <= traffic``.

    Examples
    --------
    >>> round(average_speed_of_answer(10.0, 14, 180), 2)
    7.84
    >>> average_speed_of_answer(10.0, 9, 180)
    inf
    """
    a, n, c, scalar = _queue(traffic, agents)
    h = positive_seconds("handle_time", handle_time)
    stable = n > a
    asa = np.where(stable, c * h / np.where(stable, n - a, 1.0), np.inf)
    return _out(asa, scalar)


def occupancy(traffic: ArrayLike, agents: ArrayLike) -> FloatOrArray:
    """Share of the agents' time spent handling calls.

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, positive.
    agents : int or array-like
        Number of agents, a whole number >= 1.

    Returns
    -------
    float or numpy.ndarray
        :math:`A / N`, capped at 1.0: with ``agents <= traffic`` every agent
        is busy all the time (and the queue grows).

    Examples
    --------
    >>> round(occupancy(10.0, 14), 4)
    0.7143
    """
    a, scalar_a = _traffic(traffic)
    n = _servers("agents", agents, minimum=1)
    return _out(np.minimum(a / n, 1.0), scalar_a and n.ndim == 0)


def traffic_intensity(calls: ArrayLike, period: object, handle_time: object) -> FloatOrArray:
    r"""Offered traffic in Erlangs: calls per period times handle time.

    Parameters
    ----------
    calls : float or array-like
        Calls arriving in the period, >= 0 (an array for several intervals).
    period : float or timedelta
        The period's length, seconds (or a ``timedelta``), positive.
    handle_time : float or timedelta
        Average handle time, seconds (or a ``timedelta``), positive.

    Returns
    -------
    float or numpy.ndarray
        :math:`\text{calls} \times h / \text{period}` Erlangs.

    Examples
    --------
    >>> from datetime import timedelta
    >>> traffic_intensity(100, timedelta(minutes=30), 180)
    10.0
    """
    arr = float_array("calls", calls, "a number of calls >= 0 (or an array of them)")
    bad = ~(np.isfinite(arr) & (arr >= 0))
    if bad.any():
        raise InvalidInputError("calls", first_bad(arr, bad), "a finite number of calls >= 0")
    p = positive_seconds("period", period)
    h = positive_seconds("handle_time", handle_time)
    return _out(arr * (h / p), arr.ndim == 0)


# --- required agents ---------------------------------------------------------------


@dataclass(frozen=True)
class StaffingResult:
    """The staffing that meets a service-level target, and what it achieves.

    Fields are scalars for a scalar ``traffic``, arrays (one value per
    interval) for an array.

    Attributes
    ----------
    agents : int or numpy.ndarray
        The smallest number of agents on the phones meeting every target.
    scheduled_agents : int or numpy.ndarray
        Agents to schedule so that ``agents`` remain after shrinkage:
        ``ceil(agents / (1 - shrinkage))``.
    service_level : float or numpy.ndarray
        The service level ``agents`` achieve.
    average_speed_of_answer : float or numpy.ndarray
        Their average speed of answer, seconds.
    occupancy : float or numpy.ndarray
        Their occupancy.
    wait_probability : float or numpy.ndarray
        The probability that a call waits (Erlang C).

    Examples
    --------
    >>> r = required_agents(10.0, 180, 0.8, 20)
    >>> r.agents, r.to_dict()["scheduled_agents"]
    (14, 14)
    """

    agents: Any
    scheduled_agents: Any
    service_level: Any
    average_speed_of_answer: Any
    occupancy: Any
    wait_probability: Any

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary."""
        return asdict(self)


def _first_candidate(a: float, max_occ: float | None) -> int:
    """The smallest count worth evaluating: above the traffic and within max occupancy."""
    k = math.floor(a) + 1
    if max_occ is not None:
        k = max(k, math.ceil(a / max_occ - 1e-12))
        while a / k > max_occ:
            k += 1
    return k


def _required_scalar(
    a: float, h: float, target: float, t: float, max_occ: float | None
) -> tuple[int, float, float, float]:
    """Walk the Erlang B recursion up once; stop at the first count meeting every target."""
    start = _first_candidate(a, max_occ)
    b = _erlang_b_scalar(a, start - 1)
    ratio = t / h
    k = start - 1
    while True:
        k += 1
        ab = a * b
        b = ab / (k + ab)
        c = k * b / (k - a * (1.0 - b))
        sl = 1.0 - c * math.exp(-(k - a) * ratio)
        if sl >= target:
            return k, c, sl, c * h / (k - a)


def _required_array(
    a: NDArray[np.float64], h: float, target: float, t: float, max_occ: float | None
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """All intervals walk the recursion together; each stops at its own answer."""
    size = a.size
    agents = np.zeros(size, dtype=np.int64)
    wait = np.zeros(size)
    sl_out = np.zeros(size)
    asa = np.zeros(size)
    if size == 0:
        return agents, wait, sl_out, asa
    first = np.floor(a).astype(np.int64) + 1
    if max_occ is not None:
        first = np.maximum(first, np.ceil(a / max_occ - 1e-12).astype(np.int64))
        first += a / first > max_occ
    b = _erlang_b_array(a, first - 1)
    k = first - 1  # each interval walks up from its own first candidate
    todo = np.ones(size, dtype=bool)
    ratio = t / h
    while todo.any():
        k = k + todo
        ab = a * b
        b = np.where(todo, ab / (k + ab), b)
        c = k * b / (k - a * (1.0 - b))
        sl = 1.0 - c * np.exp(-(k - a) * ratio)
        met = todo & (sl >= target)
        agents[met], wait[met], sl_out[met] = k[met], c[met], sl[met]
        asa[met] = c[met] * h / (k[met] - a[met])
        todo &= ~met
    return agents, wait, sl_out, asa


@overload
def required_agents(
    traffic: float,
    handle_time: object,
    target_service_level: float,
    target_answer_time: object,
    *,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
) -> StaffingResult: ...
@overload
def required_agents(
    traffic: ArrayLike,
    handle_time: object,
    target_service_level: float,
    target_answer_time: object,
    *,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
) -> StaffingResult: ...
def required_agents(
    traffic: ArrayLike,
    handle_time: object,
    target_service_level: float,
    target_answer_time: object,
    *,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
) -> StaffingResult:
    """The smallest number of agents meeting a service-level target (Erlang C).

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, positive; an array plans every interval
        (say the 48 half-hours of a day) at once.
    handle_time : float or timedelta
        Average handle time, seconds (or a ``timedelta``), positive.
    target_service_level : float
        The share of calls to answer within ``target_answer_time``, in [0, 1).
    target_answer_time : float or timedelta
        Seconds (or a ``timedelta``), >= 0; the "20" of "80/20".
    max_occupancy : float, optional
        An upper limit on occupancy, in (0, 1].
    shrinkage : float, default 0.0
        The share of paid time agents are not available (breaks, training,
        absence), in [0, 1).

    Returns
    -------
    StaffingResult

    Notes
    -----
    The answer is always a stable staffing (more agents than Erlangs of
    traffic), so its average speed of answer is finite. One upward pass of the
    Erlang B recursion evaluates every candidate count in turn, so the cost is
    proportional to the answer, at any traffic; arrays are walked together.
    ``scheduled_agents = ceil(agents / (1 - shrinkage))``, with a 1e-9
    tolerance so that 7 agents at 30% shrinkage schedule 10, not 11.

    References
    ----------
    Call Centre Helper, "Erlang C Formula - Made Simple with an Easy Worked
    Example": 100 calls in 30 minutes, 180 s handle time, 80% in 20 s,
    30% shrinkage: 14 agents (13 reach only 79.6%), waiting probability
    0.1741, occupancy 71.4%, 20 scheduled.

    Examples
    --------
    >>> r = required_agents(10.0, 180, 0.8, 20, shrinkage=0.3)
    >>> r.agents, r.scheduled_agents, round(r.service_level, 4), round(r.wait_probability, 4)
    (14, 20, 0.8884, 0.1741)
    >>> required_agents([10.0, 20.0], 180, 0.8, 20).agents
    array([14, 24])
    """
    a, scalar = _traffic(traffic)
    h = positive_seconds("handle_time", handle_time)
    target = fraction("target_service_level", target_service_level, upper_open=True)
    t = nonnegative_seconds("target_answer_time", target_answer_time)
    max_occ: float | None = None
    if max_occupancy is not None:
        max_occ = real("max_occupancy", max_occupancy, "a number in (0, 1]")
        if not 0.0 < max_occ <= 1.0:
            raise InvalidInputError("max_occupancy", max_occupancy, "a number in (0, 1]")
    shrink = fraction("shrinkage", shrinkage, upper_open=True)

    if scalar:
        k, c, sl, asa = _required_scalar(float(a), h, target, t, max_occ)
        scheduled = math.ceil(k / (1.0 - shrink) - 1e-9)
        return StaffingResult(k, scheduled, sl, asa, float(a) / k, c)
    flat = a.ravel()
    agents, wait, sl_arr, asa_arr = _required_array(flat, h, target, t, max_occ)
    shape = a.shape
    scheduled_arr = np.ceil(agents / (1.0 - shrink) - 1e-9).astype(np.int64)
    return StaffingResult(
        agents.reshape(shape),
        scheduled_arr.reshape(shape),
        sl_arr.reshape(shape),
        asa_arr.reshape(shape),
        (flat / np.maximum(agents, 1)).reshape(shape),
        wait.reshape(shape),
    )


def erlang_b_capacity(servers: int, blocking: float) -> float:
    r"""The traffic ``servers`` carry at a given blocking probability (inverse Erlang B).

    Parameters
    ----------
    servers : int
        Number of servers, a whole number >= 1.
    blocking : float
        The blocking probability, in (0, 1).

    Returns
    -------
    float
        The offered traffic :math:`A` in Erlangs with :math:`B(A, N)` equal to
        ``blocking``, to about 1e-12 relative.

    Notes
    -----
    Erlang B is strictly increasing in the traffic; the root is bracketed and
    then found by Newton's method, :math:`\partial B / \partial A =
    B (N / A - 1 + B)`, falling back to bisection when a step leaves the
    bracket.

    Examples
    --------
    >>> round(erlang_b_capacity(10, 0.01), 2)
    4.46
    """
    n = int(_servers("servers", servers, minimum=1))
    p = real("blocking", blocking, "a probability in (0, 1)")
    if not 0.0 < p < 1.0:
        raise InvalidInputError("blocking", blocking, "a probability in (0, 1)")
    lo, hi = 0.0, float(n)
    while _erlang_b_scalar(hi, n) < p:
        lo, hi = hi, hi * 2.0
    x = 0.5 * (lo + hi)
    for _ in range(200):
        b = _erlang_b_scalar(x, n)
        f = b - p
        if f > 0:
            hi = x
        else:
            lo = x
        slope = b * (n / x - 1.0 + b)
        step = x - f / slope if slope > 0 else math.nan
        x_new = step if lo < step < hi else 0.5 * (lo + hi)
        if abs(x_new - x) <= 1e-13 * x:
            return x_new
        x = x_new
    return x
