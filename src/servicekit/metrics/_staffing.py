"""Staffing for response-time targets: Erlang B, Erlang C and required agents."""

from __future__ import annotations

import math
from typing import Any, cast, overload

import numpy as np
from numpy.typing import NDArray

from servicekit._params import (
    ArrayLike,
    Duration,
    DurationLike,
    Integer,
    Numbers,
    Optional,
    Real,
    validate_params,
)
from servicekit._results import Result, result
from servicekit.errors import InvalidInputError

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
MAX_ERLANGS = 10_000_000
"""The largest traffic accepted: no contact centre offers more."""
MAX_AGENTS = 10_000_000
"""The largest number of agents accepted."""

_TRAFFIC = Numbers(
    low=0,
    high=MAX_ERLANGS,
    ndim=None,
    expected=f"Erlangs from 0 to {MAX_ERLANGS:,} (a number or an array-like)",
)
_AGENTS = Numbers(
    integer=True,
    low=0,
    high=MAX_AGENTS,
    ndim=None,
    expected=f"whole numbers of agents from 0 to {MAX_AGENTS:,} (a number or an array-like)",
)
_HANDLE_TIME = Duration(positive=True)
_ANSWER_TIME = Duration()


def _out(values: NDArray[np.float64], scalar: bool) -> FloatOrArray:
    return float(values) if scalar else values


def _ints(agents: NDArray[Any]) -> NDArray[np.int64]:
    return agents.astype(np.int64)


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
    b0: NDArray[np.float64] = np.where(fresh, 1.0, 1.0 - k0 / np.where(fresh, 1.0, a))
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
    """C = N B / (N - A (1 - B)) for N > A; 1 when N <= A (unstable); 0 with no traffic."""
    stable = n > a
    denominator = np.where(stable, n - a * (1.0 - b), 1.0)
    c = np.where(stable, n * b / denominator, 1.0)
    return np.where(a == 0, 0.0, c)


def _queue(
    traffic: NDArray[Any], agents: NDArray[Any]
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64], bool]:
    """Traffic, agents, the Erlang C waiting probability, and whether both were scalars."""
    a = traffic.astype(np.float64, copy=False)
    n = _ints(agents)
    return a, n, _erlang_c_from_b(_erlang_b(a, n), a, n), a.ndim == 0 and n.ndim == 0


@overload
def erlang_b(traffic: float, agents: int) -> float: ...
@overload
def erlang_b(traffic: ArrayLike, agents: ArrayLike) -> FloatOrArray: ...


@validate_params(traffic=_TRAFFIC, agents=_AGENTS)
def erlang_b(traffic: ArrayLike, agents: ArrayLike) -> FloatOrArray:
    r"""Blocking probability of an M/M/N/N system (Erlang B).

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, from 0 to 10 million.
    agents : int or array-like
        Number of servers (lines, agents), a whole number from 0 to 10
        million. Broadcasts against ``traffic``.

    Returns
    -------
    float or numpy.ndarray
        The probability that a call finds every server busy and is lost; a
        float when both arguments are scalars. No traffic blocks nothing (0.0)
        when there is a server.

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
    a = cast(NDArray[Any], traffic).astype(np.float64, copy=False)
    n = _ints(cast(NDArray[Any], agents))
    return _out(_erlang_b(a, n), a.ndim == 0 and n.ndim == 0)


@overload
def erlang_c(traffic: float, agents: int) -> float: ...
@overload
def erlang_c(traffic: ArrayLike, agents: ArrayLike) -> FloatOrArray: ...


@validate_params(traffic=_TRAFFIC, agents=_AGENTS)
def erlang_c(traffic: ArrayLike, agents: ArrayLike) -> FloatOrArray:
    """Probability that a call has to wait (Erlang C, M/M/N queue).

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, from 0 to 10 million.
    agents : int or array-like
        Number of agents, a whole number from 0 to 10 million.

    Returns
    -------
    float or numpy.ndarray
        The probability of waiting. With ``agents <= traffic`` the queue is
        unstable (it grows without bound) and every call waits: 1.0. With no
        traffic nobody waits: 0.0.

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
    >>> erlang_c(10.0, 10), erlang_c(0.0, 0)
    (1.0, 0.0)
    """
    _, _, c, scalar = _queue(cast(NDArray[Any], traffic), cast(NDArray[Any], agents))
    return _out(c, scalar)


@overload
def service_level(
    traffic: float, agents: int, *, handle_time: DurationLike, target_answer_time: DurationLike
) -> float: ...
@overload
def service_level(
    traffic: ArrayLike,
    agents: ArrayLike,
    *,
    handle_time: DurationLike,
    target_answer_time: DurationLike,
) -> FloatOrArray: ...


@validate_params(
    traffic=_TRAFFIC,
    agents=_AGENTS,
    handle_time=_HANDLE_TIME,
    target_answer_time=_ANSWER_TIME,
)
def service_level(
    traffic: ArrayLike,
    agents: ArrayLike,
    *,
    handle_time: DurationLike,
    target_answer_time: DurationLike,
) -> FloatOrArray:
    r"""Share of calls answered within ``target_answer_time`` (Erlang C).

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, from 0 to 10 million.
    agents : int or array-like
        Number of agents, a whole number from 0 to 10 million.
    handle_time : timedelta or numpy.timedelta64
        Average handle time, positive.
    target_answer_time : timedelta or numpy.timedelta64
        The answer-time target (the "20 seconds" of "80/20"), >= 0.

    Returns
    -------
    float or numpy.ndarray
        :math:`1 - C \, e^{-(N - A) t / h}`; 0.0 when ``agents <= traffic``;
        1.0 with no traffic.

    Examples
    --------
    >>> from datetime import timedelta
    >>> round(service_level(10.0, 14, handle_time=timedelta(seconds=180),
    ...                     target_answer_time=timedelta(seconds=20)), 4)
    0.8884
    """
    a, n, c, scalar = _queue(cast(NDArray[Any], traffic), cast(NDArray[Any], agents))
    h, t = cast(float, handle_time), cast(float, target_answer_time)
    stable = (n > a) | (a == 0)
    sl = np.where(stable, 1.0 - c * np.exp(-np.where(stable, n - a, 0.0) * (t / h)), 0.0)
    return _out(sl, scalar)


@overload
def average_speed_of_answer(traffic: float, agents: int, *, handle_time: DurationLike) -> float: ...
@overload
def average_speed_of_answer(
    traffic: ArrayLike, agents: ArrayLike, *, handle_time: DurationLike
) -> FloatOrArray: ...


@validate_params(traffic=_TRAFFIC, agents=_AGENTS, handle_time=_HANDLE_TIME)
def average_speed_of_answer(
    traffic: ArrayLike, agents: ArrayLike, *, handle_time: DurationLike
) -> FloatOrArray:
    """Average time a call waits before an agent answers (ASA), in seconds.

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, from 0 to 10 million.
    agents : int or array-like
        Number of agents, a whole number from 0 to 10 million.
    handle_time : timedelta or numpy.timedelta64
        Average handle time, positive.

    Returns
    -------
    float or numpy.ndarray
        :math:`C h / (N - A)` seconds; ``inf`` when ``agents <= traffic``; 0.0
        with no traffic.

    Examples
    --------
    >>> from datetime import timedelta
    >>> round(average_speed_of_answer(10.0, 14, handle_time=timedelta(seconds=180)), 2)
    7.84
    >>> average_speed_of_answer(10.0, 9, handle_time=timedelta(seconds=180))
    inf
    """
    a, n, c, scalar = _queue(cast(NDArray[Any], traffic), cast(NDArray[Any], agents))
    h = cast(float, handle_time)
    stable = n > a
    asa = np.where(stable, c * h / np.where(stable, n - a, 1.0), np.inf)
    return _out(np.where(a == 0, 0.0, asa), scalar)


@overload
def occupancy(traffic: float, agents: int) -> float: ...
@overload
def occupancy(traffic: ArrayLike, agents: ArrayLike) -> FloatOrArray: ...


@validate_params(traffic=_TRAFFIC, agents=_AGENTS)
def occupancy(traffic: ArrayLike, agents: ArrayLike) -> FloatOrArray:
    """Share of the agents' time spent handling calls.

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, from 0 to 10 million.
    agents : int or array-like
        Number of agents, a whole number from 0 to 10 million.

    Returns
    -------
    float or numpy.ndarray
        :math:`A / N`, capped at 1.0: with ``agents <= traffic`` every agent
        is busy all the time (and the queue grows). 0.0 with no traffic
        (also with no agents).

    Examples
    --------
    >>> round(occupancy(10.0, 14), 4)
    0.7143
    """
    a = cast(NDArray[Any], traffic).astype(np.float64, copy=False)
    n = _ints(cast(NDArray[Any], agents))
    busy = np.where(a == 0, 0.0, np.minimum(a / np.maximum(n, 1), 1.0))
    return _out(np.where((n == 0) & (a > 0), 1.0, busy), a.ndim == 0 and n.ndim == 0)


@overload
def traffic_intensity(
    calls: float, *, period: DurationLike, handle_time: DurationLike
) -> float: ...
@overload
def traffic_intensity(
    calls: ArrayLike, *, period: DurationLike, handle_time: DurationLike
) -> FloatOrArray: ...


@validate_params(
    calls=Numbers(low=0, ndim=None, expected="numbers of calls >= 0 (a number or an array-like)"),
    period=Duration(positive=True),
    handle_time=_HANDLE_TIME,
)
def traffic_intensity(
    calls: ArrayLike, *, period: DurationLike, handle_time: DurationLike
) -> FloatOrArray:
    r"""Offered traffic in Erlangs: calls per period times handle time.

    Parameters
    ----------
    calls : float or array-like
        Calls arriving in the period, >= 0 (an array for several intervals).
    period : timedelta or numpy.timedelta64
        The period's length, positive. Keyword-only, like ``handle_time``, so
        the two durations cannot be swapped.
    handle_time : timedelta or numpy.timedelta64
        Average handle time, positive.

    Returns
    -------
    float or numpy.ndarray
        :math:`\text{calls} \times h / \text{period}` Erlangs.

    Examples
    --------
    >>> from datetime import timedelta
    >>> import numpy as np
    >>> traffic_intensity(100, period=np.timedelta64(30, "m"), handle_time=timedelta(seconds=180))
    10.0
    """
    arr = cast(NDArray[Any], calls).astype(np.float64, copy=False)
    p, h = cast(float, period), cast(float, handle_time)
    out = arr * (h / p)
    if (out > MAX_ERLANGS).any():
        raise InvalidInputError(
            "calls",
            float(out.max()),
            f"traffic of at most {MAX_ERLANGS:,} Erlangs (calls x handle_time / period)",
        )
    return _out(out, arr.ndim == 0)


# --- required agents ---------------------------------------------------------------


@result
class StaffingResult(Result):
    """The staffing that meets a service-level target, and what it achieves.

    Fields are scalars for a scalar ``traffic``, read-only arrays (one value
    per interval) for an array.

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
    >>> from datetime import timedelta
    >>> r = required_agents(10.0, handle_time=timedelta(seconds=180),
    ...                     target_service_level=0.8, target_answer_time=timedelta(seconds=20))
    >>> r.agents, r.to_dict()["scheduled_agents"]
    (14, 14)
    """

    agents: Any
    scheduled_agents: Any
    service_level: Any
    average_speed_of_answer: Any
    occupancy: Any
    wait_probability: Any


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


@validate_params(
    traffic=_TRAFFIC,
    handle_time=_HANDLE_TIME,
    target_service_level=Real(low=0, high=1, high_open=True),
    target_answer_time=_ANSWER_TIME,
    max_occupancy=Optional(Real(low=0, high=1, low_open=True)),
    shrinkage=Real(low=0, high=1, high_open=True),
    min_agents=Integer(low=0, high=MAX_AGENTS),
)
def required_agents(
    traffic: ArrayLike,
    *,
    handle_time: DurationLike,
    target_service_level: float,
    target_answer_time: DurationLike,
    max_occupancy: float | None = None,
    shrinkage: float = 0.0,
    min_agents: int = 0,
) -> StaffingResult:
    """The smallest number of agents meeting a service-level target (Erlang C).

    Parameters
    ----------
    traffic : float or array-like
        Offered traffic in Erlangs, from 0 to 10 million; an array plans every
        interval (say the 48 half-hours of a day) at once. A quiet interval
        with no traffic needs no agent (or ``min_agents``).
    handle_time : timedelta or numpy.timedelta64
        Average handle time, positive.
    target_service_level : float
        The share of calls to answer within ``target_answer_time``, in [0, 1).
    target_answer_time : timedelta or numpy.timedelta64
        The "20 seconds" of "80/20", >= 0.
    max_occupancy : float, optional
        An upper limit on occupancy, in (0, 1].
    shrinkage : float, default 0.0
        The share of paid time agents are not available (breaks, training,
        absence), in [0, 1).
    min_agents : int, default 0
        Never fewer agents than this (someone must be on the phones at
        night).

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
    >>> from datetime import timedelta
    >>> r = required_agents(10.0, handle_time=timedelta(seconds=180), target_service_level=0.8,
    ...                     target_answer_time=timedelta(seconds=20), shrinkage=0.3)
    >>> r.agents, r.scheduled_agents, round(r.service_level, 4), round(r.wait_probability, 4)
    (14, 20, 0.8884, 0.1741)
    >>> night_and_day = required_agents([0.0, 10.0, 20.0], handle_time=timedelta(minutes=3),
    ...                                 target_service_level=0.8,
    ...                                 target_answer_time=timedelta(seconds=20), min_agents=1)
    >>> night_and_day.agents.tolist()
    [1, 14, 24]
    """
    a = cast(NDArray[Any], traffic).astype(np.float64, copy=False)
    h, t = cast(float, handle_time), cast(float, target_answer_time)
    target, shrink = target_service_level, shrinkage
    max_occ = max_occupancy
    flat = np.atleast_1d(a).ravel()
    agents, wait, sl_arr, asa_arr = _required_array(flat, h, target, t, max_occ)
    quiet = flat == 0
    agents[quiet], wait[quiet], sl_arr[quiet], asa_arr[quiet] = 0, 0.0, 1.0, 0.0
    raised = agents < min_agents
    if raised.any():
        more = np.full(int(raised.sum()), min_agents, dtype=np.int64)
        agents[raised] = more
        c = _erlang_c_from_b(_erlang_b(flat[raised], more), flat[raised], more)
        wait[raised] = c
        stable = (more > flat[raised]) | quiet[raised]
        gap = np.where(stable, more - flat[raised], 1.0)
        sl_arr[raised] = np.where(stable, 1.0 - c * np.exp(-gap * (t / h)), 0.0)
        asa_arr[raised] = np.where(quiet[raised], 0.0, c * h / gap)
    scheduled = np.ceil(agents / (1.0 - shrink) - 1e-9).astype(np.int64)
    occ = np.where(agents > 0, flat / np.maximum(agents, 1), 0.0)
    if a.ndim == 0:
        return StaffingResult(
            int(agents[0]),
            int(scheduled[0]),
            float(sl_arr[0]),
            float(asa_arr[0]),
            float(occ[0]),
            float(wait[0]),
        )
    shape = a.shape
    return StaffingResult(
        agents.reshape(shape),
        scheduled.reshape(shape),
        sl_arr.reshape(shape),
        asa_arr.reshape(shape),
        occ.reshape(shape),
        wait.reshape(shape),
    )


@validate_params(
    agents=Integer(low=1, high=MAX_AGENTS),
    blocking=Real(low=0, high=1, low_open=True, high_open=True),
)
def erlang_b_capacity(agents: int, *, blocking: float) -> float:
    r"""The traffic ``agents`` servers carry at a given blocking probability (inverse Erlang B).

    Parameters
    ----------
    agents : int
        Number of servers (lines), a whole number from 1 to 10 million.
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
    >>> round(erlang_b_capacity(10, blocking=0.01), 2)
    4.46
    """
    n, p = agents, blocking
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
