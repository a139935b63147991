"""The synthetic help desk: a year of tickets, their status changes and survey answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any, Literal
from zoneinfo import ZoneInfo

import numpy as np
from numpy.typing import NDArray

from servicekit._params import (
    Constraint,
    Instance,
    Integer,
    Optional,
    Options,
    Summary,
    fail,
    validate_params,
)
from servicekit.errors import InvalidInputError
from servicekit.sla import BusinessCalendar

__all__ = ["HELPDESK_TARGETS", "Helpdesk", "make_helpdesk"]

Backend = Literal["pandas", "polars"]
BACKEND = Options("pandas", "polars")

TZ = "Asia/Shanghai"
COUNTRY = "CN"
HOURS = "09:00-12:00,13:30-18:00"
START = date(2025, 11, 24)

HELPDESK_TARGETS: Mapping[str, tuple[int, int]] = MappingProxyType(
    {
        "low": (24 * 3600, 120 * 3600),
        "normal": (8 * 3600, 72 * 3600),
        "high": (4 * 3600, 24 * 3600),
        "urgent": (1 * 3600, 8 * 3600),
    }
)
"""The sample help desk's SLA targets: priority -> (first response, resolution), in seconds.

Both count business time (the help desk's calendar) from ``opened_at``: to
``first_response_at`` and to ``resolved_at`` (the last solve; waiting on the
customer is not paused). ``first_response_breached`` and
``resolution_breached`` in the sample are these comparisons; a ticket not yet
answered (resolved) at the end of the data is breached if its open time
already exceeds the target, and unknown (null) otherwise.
"""

_PRIORITIES = ("low", "normal", "high", "urgent")
_CHANNELS = ("email", "phone", "chat", "web")
_CATEGORIES = ("billing", "delivery", "product", "account", "technical", "returns")
_GROUPS = ("front-line", "logistics", "specialists")
_AGENTS = {"front-line": (1, 12), "logistics": (13, 18), "specialists": (19, 22)}
# (day of a 364-day year, volume that day as a multiple of a usual one, category, local hour)
_SPIKES = (
    (113, 4.0, "technical", 10.0),  # 2026-03-17: a service outage mid-morning
    (206, 3.0, "delivery", 20.0),  # 2026-06-18: the 618 shopping festival's evening
    (288, 5.0, "billing", 9.5),  # 2026-09-08: customers charged twice
    (352, 3.5, "delivery", 0.0),  # 2026-11-11: Double 11, from midnight
)
_DIP_AT = 0.62  # the month with short staffing (July 2026 in the default year)
_CLOSE_AFTER_S = 4 * 86_400  # solved tickets close four days later (Zendesk's default)
_S = 1_000_000  # microseconds per second


@dataclass(frozen=True, eq=False, repr=False)
class Helpdesk:
    """A help desk's data: tickets, their status changes and survey answers.

    Attributes
    ----------
    tickets : DataFrame
        The normalised ticket frame of :mod:`servicekit.io`, one row per ticket.
    events : DataFrame
        The status-change log (``ticket_id``, ``at``, ``status``, ``reply``),
        one row per change, in time order; ``reply`` marks an agent's public
        reply (the first response, each solve). The shape
        :func:`servicekit.frames.ticket_metrics` and
        :func:`servicekit.frames.sla_events` read.
    surveys : DataFrame
        Survey answers (``ticket_id``, ``answered_at``, ``nps`` 0-10,
        ``csat`` 1-5), one row per answered survey.
    tz : str
        The help desk's time zone.
    country : str or None
        Whose public holidays its calendar closes on (None: a caller's own
        calendar, see :meth:`calendar`).
    hours : str or None
        Its opening hours on working days, e.g. ``"09:00-12:00,13:30-18:00"``.
    targets : mapping
        Priority -> (first response, resolution) SLA targets in business
        seconds (:data:`HELPDESK_TARGETS`).

    Examples
    --------
    >>> from servicekit.datasets import load_helpdesk
    >>> load_helpdesk()
    Helpdesk(tickets=<20000 rows>, events=<... rows>, surveys=<... rows>, tz='Asia/Shanghai', \
country='CN', hours='09:00-12:00,13:30-18:00')
    """

    tickets: Any
    events: Any
    surveys: Any
    tz: str = TZ
    country: str | None = COUNTRY
    hours: str | None = HOURS
    targets: Mapping[str, tuple[int, int]] = field(default_factory=lambda: HELPDESK_TARGETS)
    _calendar: BusinessCalendar | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        return (
            f"Helpdesk(tickets=<{len(self.tickets)} rows>, events=<{len(self.events)} rows>, "
            f"surveys=<{len(self.surveys)} rows>, tz={self.tz!r}, country={self.country!r}, "
            f"hours={self.hours!r})"
        )

    def calendar(self) -> BusinessCalendar:
        """The help desk's business calendar (needs the ``holidays`` extra for a country's).

        The calendar the data was made with: ``hours`` on Monday to Friday
        and the official make-up working days, closed on ``country``'s public
        holidays, for the years the tickets span.

        Examples
        --------
        >>> from datetime import datetime
        >>> from zoneinfo import ZoneInfo
        >>> from servicekit.datasets import load_helpdesk
        >>> cal = load_helpdesk().calendar()
        >>> cal.is_open(datetime(2026, 2, 17, 10, tzinfo=ZoneInfo("Asia/Shanghai")))
        False
        """
        if self._calendar is not None:
            return self._calendar
        import narwhals.stable.v2 as nw

        opened = nw.from_native(self.tickets, eager_only=True)["opened_at"]
        zone = ZoneInfo(self.tz)
        first, last = (opened.min().astimezone(zone), opened.max().astimezone(zone))
        country, hours = self.country or COUNTRY, self.hours or HOURS
        return default_calendar(country, hours, self.tz, first.year, last.year)


def windows(hours: str) -> dict[int, list[tuple[str, str]]]:
    """``"09:00-12:00,13:30-18:00"`` as BusinessCalendar windows from Monday to Friday."""
    spans = [tuple(part.strip().split("-")) for part in hours.split(",")]
    if not spans or any(len(s) != 2 for s in spans):
        fail("hours", hours, "opening hours such as '09:00-12:00,13:30-18:00'")
    pairs = [(str(a), str(b)) for a, b in spans]
    return {day: list(pairs) for day in range(5)}


def default_calendar(country: str, hours: str, tz: str, first: int, last: int) -> BusinessCalendar:
    """``hours`` on working days, closed on ``country``'s public holidays, for years first-last."""
    return BusinessCalendar.from_holidays(
        country, years=range(first, last + 1), windows=windows(hours), tz=tz
    )


class _Day(Constraint[date]):
    expected = "a datetime.date (not a datetime) from 1901 to 2190"

    def convert(self, name: str, value: object) -> date:
        if isinstance(value, datetime) or not isinstance(value, date):
            raise self.error(name, Summary(f"<{type(value).__name__}>"))
        if not 1901 <= value.year <= 2190:
            raise self.error(name, value)
        return value

    def invalid(self) -> tuple[object, ...]:
        return ("2026-01-01", datetime(2026, 1, 1), date(1800, 1, 1))


def require(backend: str) -> None:
    """Import ``backend`` now, or say which extra installs it."""
    try:
        if backend == "polars":
            import polars  # noqa: F401
        else:
            import pandas  # type: ignore[import-untyped,unused-ignore]  # noqa: F401
    except ImportError as err:  # pragma: no cover - exercised with the package hidden
        raise ImportError(
            f"servicekit.datasets with backend={backend!r} needs {backend}: "
            f"pip install 'servicekit[{backend}]'"
        ) from err


@validate_params(
    tickets=Integer(low=1, high=5_000_000),
    seed=Integer(low=0),
    start=_Day(),
    days=Integer(low=28, high=3660),
    calendar=Optional(Instance(BusinessCalendar, expected="a BusinessCalendar")),
    backend=BACKEND,
)
def make_helpdesk(
    *,
    tickets: int = 20_000,
    seed: int = 2026,
    start: date = START,
    days: int = 364,
    calendar: BusinessCalendar | None = None,
    backend: Backend = "pandas",
) -> Helpdesk:
    """Generate the synthetic help desk: a deterministic year of tickets.

    What :func:`load_helpdesk` ships was made by this function with its
    defaults (``tools/make_sample_data.py``).

    Parameters
    ----------
    tickets : int, default 20_000
        How many tickets are opened over the period (exactly).
    seed : int, default 2026
        The random seed: the same arguments give the same frames.
    start : datetime.date, default 2025-11-24
        The first day (a Monday by default).
    days : int, default 364
        The length of the period in days (52 weeks by default).
    calendar : BusinessCalendar, optional
        The help desk's business hours. Default: 09:00-12:00 and 13:30-18:00
        on working days in Asia/Shanghai, closed on China's public holidays
        and open on its make-up working days
        (``BusinessCalendar.from_holidays("CN", ...)``, which needs the
        ``holidays`` extra).
    backend : {"pandas", "polars"}, default "pandas"
        The kind of frames.

    Returns
    -------
    Helpdesk

    Notes
    -----
    Days are generated, then tickets within them, without a Python loop per
    ticket. Arrivals follow the calendar: working days are busy (rising by
    8% over the period), weekends take 30% of a working day's volume and
    holidays on weekdays 20%, with a peak mid-morning and mid-afternoon, an
    evening shoulder and few tickets at night. Four spike days (3 to 5 times
    a usual day: an outage, a shopping festival, a double charge, Double 11)
    bring tickets of one category from a given hour on. First responses and
    resolutions are business-time durations added with the calendar
    (:meth:`BusinessCalendar.add`), so no one answers at night or on a
    holiday; they run slower on spike days and in one short-staffed month
    (July in the default period), whose survey answers dip. Breaches are
    counted against :data:`HELPDESK_TARGETS`. Tickets go new -> open (first
    reply) -> [pending or, escalated, on_hold -> open] -> solved ->
    [open -> solved, reopens] -> closed four days after the last solve;
    changes after the end of the period are not known yet, so the last
    tickets are still open. About a quarter of solved tickets have a survey
    answer, worse after a breach, a reopen or an escalation.
    Agents are ids (``agent-07``), never names.

    Examples
    --------
    >>> from servicekit.datasets import make_helpdesk
    >>> hd = make_helpdesk(tickets=500, backend="polars")
    >>> hd.tickets.height, hd.tickets["opened_at"].dtype
    (500, Datetime(time_unit='us', time_zone='UTC'))
    >>> sorted(hd.tickets["priority"].unique())
    ['high', 'low', 'normal', 'urgent']
    """
    require(backend)
    if calendar is None:
        last_day = start + timedelta(days=days - 1)
        try:
            cal = default_calendar(COUNTRY, HOURS, TZ, start.year, last_day.year)
        except InvalidInputError as err:
            if err.argument != "years":
                raise
            raise InvalidInputError(
                "start",
                start,
                f"a period whose years the installed holidays package has China's make-up "
                f"working days for ({err.expected.split('(')[-1].split(')')[0]}), or pass "
                "calendar=",
            ) from None
        country: str | None = COUNTRY
        hours: str | None = HOURS
        own = None
    else:
        cal, country, hours, own = calendar, None, None, calendar
    tz = str(getattr(cal.tz, "key", "UTC"))
    columns = _generate(tickets, np.random.default_rng(seed), start, days, cal, tz)
    from servicekit.datasets._files import events_frame, surveys_frame, tickets_frame

    return Helpdesk(
        tickets=tickets_frame(columns["tickets"], backend),
        events=events_frame(columns["events"], backend),
        surveys=surveys_frame(columns["surveys"], backend),
        tz=tz,
        country=country,
        hours=hours,
        _calendar=own,
    )


def _us(a: NDArray[Any]) -> NDArray[np.int64]:
    return np.asarray(a, dtype="datetime64[us]").view(np.int64)


def _add(cal: BusinessCalendar, t_us: NDArray[np.int64], s: NDArray[np.int64]) -> Any:
    """``cal.add`` on microseconds since the epoch and whole seconds of open time."""
    out = cal.add(t_us.view("datetime64[us]"), s.astype("timedelta64[s]"))
    return _us(out)


def _between(cal: BusinessCalendar, a: NDArray[np.int64], b: NDArray[np.int64]) -> Any:
    """Open seconds between two arrays of microseconds since the epoch."""
    out = cal.between(a.view("datetime64[us]"), b.view("datetime64[us]"))
    return out.astype("timedelta64[us]").view(np.int64) // _S


def _allocate(total: int, weights: NDArray[np.float64]) -> NDArray[np.int64]:
    """``total`` split in proportion to ``weights``, by largest remainder (sums exactly)."""
    share = total * weights / weights.sum()
    counts: NDArray[np.int64] = np.floor(share).astype(np.int64)
    rest = total - int(counts.sum())
    order = np.argsort(-(share - counts), kind="stable")
    counts[order[:rest]] += 1
    return counts


def _gauss(h: NDArray[np.float64], mu: float, sd: float) -> NDArray[np.float64]:
    out: NDArray[np.float64] = np.exp(-0.5 * ((h - mu) / sd) ** 2)
    return out


def _profiles() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Arrivals by quarter hour of the local day: working days, and other days."""
    h = (np.arange(96) + 0.5) / 4
    work = 0.03 + _gauss(h, 10.5, 1.1) + 0.85 * _gauss(h, 15.25, 1.4) + 0.22 * _gauss(h, 20.5, 1.5)
    rest = 0.05 + 0.5 * _gauss(h, 11.0, 2.5) + 0.45 * _gauss(h, 20.0, 2.5)
    return work / work.sum(), rest / rest.sum()


def _midnights(start: date, n: int, zone: ZoneInfo) -> NDArray[np.int64]:
    """Local midnights of ``n + 1`` days from ``start`` as UTC microseconds (one per day)."""
    epoch = datetime(1970, 1, 1, tzinfo=ZoneInfo("UTC"))
    return np.array(
        [
            (datetime.combine(start + timedelta(days=k), time(0), zone) - epoch)
            // timedelta(microseconds=1)
            for k in range(n + 1)
        ],
        dtype=np.int64,
    )


def _pick(rng: np.random.Generator, n: int, p: tuple[float, ...]) -> NDArray[np.int64]:
    out: NDArray[np.int64] = rng.choice(len(p), size=n, p=np.asarray(p) / sum(p)).astype(np.int64)
    return out


def _generate(
    n: int, rng: np.random.Generator, start: date, days: int, cal: BusinessCalendar, tz: str
) -> dict[str, dict[str, NDArray[Any]]]:
    zone = ZoneInfo(tz)
    mid = _midnights(start, days, zone)
    end = int(mid[-1])
    open_s = _between(cal, mid[:-1], mid[1:])
    working = open_s > 0
    weekday = (np.arange(days) + start.weekday()) % 7
    base = np.where(working, 1.0, np.where(weekday >= 5, 0.30, 0.20))
    trend = 0.96 + 0.08 * np.arange(days) / max(days - 1, 1)
    volume = base * trend * np.exp(rng.normal(0.0, 0.02, days))

    # spike days: the nearest working day at or after the spike's place in the period
    spike_days, spikes = [], []
    for k, (offset, multiple, kind, hour) in enumerate(_SPIKES):
        d = min(round(offset * days / 364), days - 1)
        later = np.flatnonzero(working[d:])
        d = d + int(later[0]) if later.size else d
        if d in spike_days:
            continue
        spike_days.append(d)
        spikes.append((k, d, multiple, kind, hour))
    extra = np.array([volume[d] * (m - 1) for _, d, m, _, _ in spikes])
    counts = _allocate(n, np.concatenate([volume, extra]))

    # arrivals: a day, then a quarter hour of it from the day's profile
    day = np.repeat(np.arange(days), counts[:days])
    work_p, rest_p = _profiles()
    seconds = np.empty(day.size, dtype=np.int64)
    on_work = working[day]
    for mask, p in ((on_work, work_p), (~on_work, rest_p)):
        quarter = rng.choice(96, size=int(mask.sum()), p=p)
        seconds[mask] = quarter * 900 + rng.integers(0, 900, size=quarter.size)
    spike_of = np.full(day.size, -1, dtype=np.int64)
    parts_day, parts_s, parts_k = [day], [seconds], [spike_of]
    for (k, d, _, _, hour), m in zip(spikes, counts[days:], strict=True):
        left = 86_400 - hour * 3600
        u = rng.uniform(0.0, 1.0 - np.exp(-left / 9000.0), size=int(m))
        after = np.minimum(-9000.0 * np.log1p(-u), left - 1)
        parts_day.append(np.full(int(m), d))
        parts_s.append((hour * 3600 + after).astype(np.int64))
        parts_k.append(np.full(int(m), k))
    day = np.concatenate(parts_day)
    opened = mid[day] + np.concatenate(parts_s) * _S
    spike_of = np.concatenate(parts_k)
    order = np.argsort(opened, kind="stable")
    opened, day, spike_of = opened[order], day[order], spike_of[order]
    in_spike = spike_of >= 0
    size = opened.size

    # what each ticket is
    priority = _pick(rng, size, (0.25, 0.55, 0.16, 0.04))
    priority[in_spike] = _pick(rng, int(in_spike.sum()), (0.10, 0.45, 0.30, 0.15))
    open_now = _between(cal, opened, opened + _S) == 1
    channel = _pick(rng, size, (0.30, 0.18, 0.32, 0.20))
    channel[(channel == 1) & ~open_now] = 3  # no one answers the phone at night: the web form
    category = _pick(rng, size, (0.18, 0.26, 0.20, 0.14, 0.16, 0.06))
    for k, _, _, name, _ in spikes:
        category[spike_of == k] = _CATEGORIES.index(name)
    technical = category == _CATEGORIES.index("technical")
    p_escalate = 0.04 + 0.07 * technical + 0.14 * (priority == 3) + 0.04 * (priority == 2)
    escalated = rng.random(size) < p_escalate
    logistics = np.isin(category, [_CATEGORIES.index("delivery"), _CATEGORIES.index("returns")])
    group = np.where(escalated, 2, np.where(logistics, 1, 0))
    agent = np.empty(size, dtype=np.int64)
    for g, name in enumerate(_GROUPS):
        lo, hi = _AGENTS[name]
        mask = group == g
        agent[mask] = rng.integers(lo, hi + 1, size=int(mask.sum()))

    # how slow: spike days and the short-staffed month
    dip_day = start + timedelta(days=round(_DIP_AT * (days - 1)))
    local_dates = np.datetime64(start, "D") + day.astype("timedelta64[D]")
    month = local_dates.astype("datetime64[M]")
    dip = month == np.datetime64(dip_day, "M")
    spike_day = np.isin(day, spike_days)
    slow = np.where(spike_day, 2.5, 1.0) * np.where(dip, 1.8, 1.0)
    fr_target = np.array([HELPDESK_TARGETS[p][0] for p in _PRIORITIES])[priority]
    res_target = np.array([HELPDESK_TARGETS[p][1] for p in _PRIORITIES])[priority]

    median = np.array([0.35, 0.04, 0.10, 0.30])[channel]
    fr_s = fr_target * median * slow * np.exp(rng.normal(0.0, 0.7, size))
    fr_s = np.maximum(np.rint(fr_s), 20).astype(np.int64)
    work = res_target * 0.25 * np.where(escalated, 1.6, 1.0) * np.sqrt(slow)
    work = np.maximum(np.rint(work * np.exp(rng.normal(0.0, 0.75, size))), 120).astype(np.int64)

    t1 = _add(cal, opened, fr_s)
    paused = rng.random(size) < np.where(priority >= 2, 0.15, 0.35)
    paused |= escalated
    share = rng.uniform(0.2, 0.6, size)
    a = np.maximum((work * share).astype(np.int64), 1)
    b = np.maximum(work - a, 1)
    p0 = _add(cal, t1, a)
    mean_wait = np.where(escalated, 30.0, np.where(priority >= 2, 6.0, 20.0)) * 3600
    p1 = p0 + (np.rint(rng.exponential(1.0, size) * mean_wait) + 60).astype(np.int64) * _S
    s1 = _add(cal, np.where(paused, p1, p0), b)

    def reopen(after: NDArray[np.int64], p: NDArray[np.float64]) -> tuple[Any, Any, Any]:
        happens = rng.random(size) < p
        delay = np.minimum(rng.exponential(26 * 3600, size), 90 * 3600) + 60
        at = after + np.rint(delay).astype(np.int64) * _S
        again = (np.rint(rng.exponential(3 * 3600, size)) + 300).astype(np.int64)
        return happens, at, _add(cal, at, again)

    product = category == _CATEGORIES.index("product")
    reopen1, r1, s2 = reopen(s1, 0.06 + 0.06 * (technical | product) + 0.05 * escalated)
    reopen2, r2, s3 = reopen(s2, np.full(size, 0.2))
    reopen2 &= reopen1
    final = np.where(reopen2, s3, np.where(reopen1, s2, s1))
    closed = final + _CLOSE_AFTER_S * _S

    # the status-change log, one slot per possible change, in each ticket's order
    times = np.stack([opened, t1, p0, p1, s1, r1, s2, r2, s3, closed], axis=1)
    ones = np.ones(size, dtype=bool)
    had = np.stack(
        [ones, ones, paused, paused, ones, reopen1, reopen1, reopen2, reopen2, ones], axis=1
    )
    known = had & (times < end)
    slot_status = np.array(
        ["new", "open", "pending", "open", "solved", "open", "solved", "open", "solved", "closed"],
        dtype=object,
    )
    statuses = np.broadcast_to(slot_status, times.shape).copy()
    statuses[:, 2] = np.where(escalated, "on_hold", "pending")
    reply = np.broadcast_to(
        np.array([False, True, False, False, True, False, True, False, True, False]), times.shape
    )
    last_slot = times.shape[1] - 1 - np.argmax(known[:, ::-1], axis=1)
    status = statuses[np.arange(size), last_slot]
    is_solved = np.isin(status, ["solved", "closed"])
    last_solve = np.where(known[:, 8], 8, np.where(known[:, 6], 6, 4))
    nat = np.iinfo(np.int64).min
    answered = known[:, 1]
    first_response = np.where(answered, t1, nat)
    resolved = np.where(is_solved, times[np.arange(size), last_solve], nat)
    closed_at = np.where(known[:, 9], closed, nat)
    reopens = known[:, 5].astype(np.int64) + known[:, 7]

    fr_elapsed = _between(cal, opened, np.where(answered, t1, end))
    res_elapsed = _between(cal, opened, np.where(is_solved, resolved, end))
    fr_breached = fr_elapsed > fr_target
    res_breached = res_elapsed > res_target
    fr_known = answered | fr_breached
    res_known = is_solved | res_breached

    # surveys: about a quarter of solved tickets, worse after a bad experience
    asked = is_solved & (rng.random(size) < 0.25)
    answered_at = resolved + (np.rint(rng.exponential(18 * 3600, size)) + 60).astype(np.int64) * _S
    asked &= answered_at < end
    penalty = (
        1.1 * (fr_breached & answered)
        + 1.4 * (res_breached & is_solved)
        + 1.0 * (reopens > 0)
        + 0.3 * escalated
        + 0.6 * dip
    )
    mood = 8.8 + 1.7 * rng.normal(0.0, 1.0, size) - 1.8 * penalty
    nps = np.clip(np.rint(mood), 0, 10).astype(np.int64)
    csat = np.clip(np.rint(3.0 + (mood - 5.0) / 2.2 + rng.normal(0.0, 0.45, size)), 1, 5)
    csat = csat.astype(np.int64)

    ids = np.char.add("HD-", np.char.zfill(np.arange(1, size + 1).astype(str), 5)).astype(object)
    none = np.array(None, dtype=object)

    def labels(names: tuple[str, ...], index: NDArray[np.int64]) -> NDArray[Any]:
        return np.asarray(names, dtype=object)[index]

    def flags(value: NDArray[np.bool_], present: NDArray[np.bool_]) -> NDArray[Any]:
        return np.where(present, np.where(value, "true", "false").astype(object), none)

    agent_ids = np.char.add("agent-", np.char.zfill(agent.astype(str), 2)).astype(object)
    ticket_cols = {
        "ticket_id": ids,
        "opened_at": opened.view("datetime64[us]"),
        "first_response_at": first_response.view("datetime64[us]"),
        "resolved_at": resolved.view("datetime64[us]"),
        "closed_at": closed_at.view("datetime64[us]"),
        "status": status.astype(object),
        "priority": labels(_PRIORITIES, priority),
        "channel": labels(_CHANNELS, channel),
        "category": labels(_CATEGORIES, category),
        "group": labels(_GROUPS, np.where(escalated & ~answered, np.where(logistics, 1, 0), group)),
        "agent_id": np.where(answered, agent_ids, none),
        "reopens": reopens,
        "reopened": flags(reopens > 0, ones),
        "escalated": flags(escalated & answered, ones),
        "first_response_breached": flags(fr_breached, fr_known),
        "resolution_breached": flags(res_breached, res_known),
        "satisfaction": np.where(asked, np.where(csat >= 4, "good", "bad").astype(object), none),
        "first_response_derived": flags(~ones, ones),
    }
    rows = np.broadcast_to(np.arange(size)[:, None], times.shape)[known]
    at = times[known]
    chronological = np.argsort(at, kind="stable")
    event_cols = {
        "ticket_id": ids[rows][chronological],
        "at": at[chronological].view("datetime64[us]"),
        "status": statuses[known][chronological],
        "reply": reply[known][chronological],
    }
    survey_order = np.argsort(answered_at[asked], kind="stable")
    survey_cols = {
        "ticket_id": ids[asked][survey_order],
        "answered_at": answered_at[asked][survey_order].view("datetime64[us]"),
        "nps": nps[asked][survey_order],
        "csat": csat[asked][survey_order],
    }
    return {"tickets": ticket_cols, "events": event_cols, "surveys": survey_cols}
