"""SLA breach events per ticket and target from a status-change log (dbt_zendesk's sla_policies)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

import narwhals.stable.v2 as nw

from servicekit._params import Instant, Optional, Summary, fail, validate_params
from servicekit.frames._business import bounds_of, with_instant, with_open_seconds
from servicekit.frames._engine import Source
from servicekit.frames._tickets import _statuses
from servicekit.models import Severity
from servicekit.sla import (
    DEFAULT_PAUSE_STATUSES,
    DEFAULT_RESOLVED_STATUSES,
    BusinessCalendar,
    SLAPolicy,
)

__all__ = ["sla_events"]

_P = "__se_"
_NOW = Optional(Instant())
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US = timedelta(microseconds=1)
_TARGETS = ("first_response", "resolution")


@validate_params(now=_NOW)
def sla_events(
    events: Any,
    policy: SLAPolicy,
    *,
    calendar: BusinessCalendar,
    ticket: str = "ticket_id",
    at: str = "at",
    status: str = "status",
    severity: str | None = None,
    replies: Any = None,
    pause_statuses: Iterable[str] = DEFAULT_PAUSE_STATUSES,
    resolved_statuses: Iterable[str] = DEFAULT_RESOLVED_STATUSES,
    tz: str | None = None,
    now: datetime | None = None,
) -> Any:
    """Each ticket's SLA targets: when they apply, when they breach, and where they stand.

    The ``sla_policies`` table of Fivetran's dbt_zendesk as a function, and
    :class:`servicekit.SLAClock` on every ticket of a frame at once, on any
    engine.

    Parameters
    ----------
    events : data frame
        The status-change log, one row per change (the first is the ticket's
        creation), as :func:`ticket_metrics` reads it.
    policy : SLAPolicy
        The targets by severity.
    calendar : BusinessCalendar
        The business hours the targets count in.
    ticket, at, status : str
        The log's column names.
    severity : str, optional
        A column of the tickets' severities (``"general"``, ``"major"``,
        ``"urgent"``); without it every ticket is ``"general"``.
    replies : data frame, optional
        Replies to the customer (``ticket``, ``at``): the first one meets the
        first-response target. Without it, no ticket has been answered.
    pause_statuses, resolved_statuses : collection of str
        As :class:`servicekit.SLAClock` takes them: paused statuses stop every
        clock, resolved ones the resolution clock.
    tz : str, optional
        The zone of naive ``at`` values.
    now : datetime, optional
        The time to evaluate at; without it, each ticket's last change.

    Returns
    -------
    data frame
        The same kind as ``events``, one row per ticket and target, sorted:
        ``ticket``, ``target`` (``"first_response"`` or ``"resolution"``),
        ``applied_at`` (the creation), ``target_s``, ``breach_at`` (when the
        counted time reaches the target; null while paused), ``elapsed_s``
        (counted business seconds), ``breached`` (more counted than the
        target), ``met`` (the clock stopped in time or not: answered, or
        resolved now) and ``active`` (still running). Each row equals
        ``SLAClock.evaluate`` on the ticket (its ``due``, ``elapsed`` and
        state).

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timezone
    >>> from servicekit import SLAPolicy, SLATargets
    >>> utc = timezone.utc
    >>> office = BusinessCalendar({d: [("09:00", "17:00")] for d in range(5)}, tz="UTC")
    >>> goals = SLATargets(first_response=timedelta(hours=1), resolution=timedelta(hours=8))
    >>> policy = SLAPolicy(targets={s: goals for s in ("general", "major", "urgent")})
    >>> log = pl.DataFrame({"ticket_id": [1, 1],
    ...                     "at": [datetime(2026, 3, 6, 16, tzinfo=utc),
    ...                            datetime(2026, 3, 9, 12, tzinfo=utc)],
    ...                     "status": ["new", "resolved"]})
    >>> out = sla_events(log, policy, calendar=office)
    >>> out.select("target", "elapsed_s", "breached", "met").rows()
    [('first_response', 14400.0, True, False), ('resolution', 14400.0, False, True)]
    >>> out["breach_at"].dt.strftime("%a %d %H:%M").to_list()
    ['Fri 06 17:00', 'Mon 09 16:00']
    """
    if not isinstance(policy, SLAPolicy):
        fail("policy", Summary(f"<{type(policy).__name__}>"), "an SLAPolicy")
    if not isinstance(calendar, BusinessCalendar):
        fail("calendar", Summary(f"<{type(calendar).__name__}>"), "a BusinessCalendar")
    source = Source("events", events)
    for name, column in (("ticket", ticket), ("at", at), ("status", status)):
        source.column(name, column)
    if severity is not None:
        source.column("severity", severity)
    pause = _statuses("pause_statuses", pause_statuses)
    resolved = _statuses("resolved_statuses", resolved_statuses)

    t, nxt, last = f"{_P}t", f"{_P}next", f"{_P}last"
    keep = [ticket, at, status] + ([severity] if severity is not None else [])
    lf = source.with_epoch_us(source.frame.select(*keep), at, t, tz)
    if now is not None:  # changes after now are not known yet
        now_us = float((now - _EPOCH) // _US)
        lf = lf.filter(nw.col(t) <= now_us)
    lf = lf.with_columns(
        nw.col(t).shift(-1).over(ticket, order_by=t).alias(nxt),
        nw.col(status).shift(1).over(ticket, order_by=t).is_in(resolved).alias(f"{_P}prev_res"),
        nw.col(t).max().over(ticket).alias(last),
    )
    lf = lf.with_columns(
        nw.col(nxt).is_null().alias(f"{_P}current"),
        nw.col(f"{_P}prev_res").fill_null(False).alias(f"{_P}prev_res"),
    )
    if now is not None:
        lf = lf.with_columns(nw.col(nxt).fill_null(now_us).alias(nxt), nw.lit(now_us).alias(last))
    else:
        lf = lf.with_columns(nw.col(nxt).fill_null(nw.col(t)).alias(nxt))
    lf = _first_reply(source, lf, replies, ticket, at, t, tz)

    # the targets by severity, in seconds
    sev = nw.lit("general") if severity is None else nw.col(severity).cast(nw.String)
    for name in _TARGETS:
        goal: Any = nw.lit(None, nw.Float64)
        for level in Severity:
            seconds = getattr(policy.targets_for(level), name).total_seconds()
            goal = nw.when(sev == level.value).then(seconds).otherwise(goal)
        lf = lf.with_columns(goal.cast(nw.Float64).alias(f"{_P}target_{name}"))

    # the calendar, over the log and as far ahead as the longest target can reach
    lo, hi = bounds_of(source, lf, [t, nxt, last])
    if lo is None or hi is None:
        fail("events", Summary("<no status changes>"), "at least one status change")
    longest = max(
        getattr(policy.targets_for(level), name) for level in Severity for name in _TARGETS
    )
    reach = calendar.add(datetime.fromtimestamp(hi / 1e6, tz=timezone.utc), 2 * longest)
    bounds = (int(lo), int((reach - _EPOCH) // _US) + 86_400_000_000)
    lf = with_open_seconds(
        source,
        lf,
        {t: f"{_P}b", nxt: f"{_P}bn", last: f"{_P}bnow", f"{_P}reply": f"{_P}breply"},
        calendar,
        bounds=bounds,
    )
    s = nw.col(status)
    paused = s.is_in(pause)
    is_resolved = s.is_in(resolved)
    b, end_b, reply_b = nw.col(f"{_P}b"), nw.col(f"{_P}bn"), nw.col(f"{_P}breply")
    # first response: every unpaused moment until the first reply
    stop_b = nw.when(reply_b.is_null()).then(end_b).otherwise(nw.min_horizontal(end_b, reply_b))
    first = nw.when(~paused & (stop_b > b)).then(stop_b - b).otherwise(0.0)
    # resolution: every moment neither paused nor resolved
    res = nw.when(~paused & ~is_resolved).then(end_b - b).otherwise(0.0)
    current = nw.col(f"{_P}current")
    lf = lf.with_columns(
        first.alias(f"{_P}spent_first_response"),
        res.alias(f"{_P}spent_resolution"),
        nw.when(is_resolved & ~nw.col(f"{_P}prev_res")).then(b).alias(f"{_P}since"),
        nw.when(current & paused).then(1).otherwise(0).alias(f"{_P}paused_now"),
        nw.when(current & is_resolved).then(1).otherwise(0).alias(f"{_P}resolved_now"),
    )
    rows = [_per_target(lf, name, ticket, at, t) for name in _TARGETS]
    out = nw.concat(rows, how="vertical")
    out = with_instant(source, out, f"{_P}due_b", f"{_P}due_us", calendar, bounds=bounds)
    out = source.with_datetime(out, f"{_P}due_us", "breach_at")
    out = out.select(
        ticket,
        "target",
        "applied_at",
        "target_s",
        "breach_at",
        "elapsed_s",
        "breached",
        "met",
        "active",
    ).sort(ticket, "target")
    return source.finish(out)


def _per_target(lf: nw.LazyFrame[Any], name: str, ticket: str, at: str, t: str) -> Any:
    """One row per ticket for one target: elapsed, the crossing, and the clock's state."""
    spent = f"{_P}spent_{name}"
    goal = nw.col(f"{_P}target_{name}")
    before = nw.col(spent).cum_sum().over(ticket, order_by=t) - nw.col(spent)
    crossing = (before < goal) & (before + nw.col(spent) >= goal)
    frame = lf.with_columns(
        nw.when(crossing).then(nw.col(f"{_P}b") + (goal - before)).alias(f"{_P}cross")
    )
    per = frame.group_by(ticket).agg(
        nw.col(at).min().alias("applied_at"),
        goal.max().alias("target_s"),
        nw.col(spent).sum().alias("elapsed_s"),
        nw.col(f"{_P}cross").min(),
        nw.col(f"{_P}paused_now", f"{_P}resolved_now", f"{_P}bnow", f"{_P}since").max(),
        nw.col(f"{_P}breply", f"{_P}reply").min(),
        nw.col(f"{_P}last").max(),
    )
    target, elapsed = nw.col("target_s"), nw.col("elapsed_s")
    remaining = target - elapsed
    if name == "first_response":
        stopped = (nw.col(f"{_P}reply") <= nw.col(f"{_P}last")).fill_null(False)
        stop_b = nw.col(f"{_P}breply")
    else:
        stopped = nw.col(f"{_P}resolved_now") > 0
        stop_b = nw.col(f"{_P}since")
    is_paused = (nw.col(f"{_P}paused_now") > 0) & ~stopped
    due = (
        nw.when(~nw.col(f"{_P}cross").is_null())
        .then(nw.col(f"{_P}cross"))
        .otherwise(
            nw.when(stopped)
            .then(stop_b + remaining)
            .otherwise(
                nw.when(is_paused)
                .then(nw.lit(None, dtype=nw.Float64))  # a bare None is pandas 2's object
                .otherwise(nw.col(f"{_P}bnow") + remaining)
            )
        )
    )
    breached = elapsed > target
    return per.with_columns(
        nw.lit(name).alias("target"),
        due.alias(f"{_P}due_b"),
        breached.alias("breached"),
        (stopped & ~breached).alias("met"),
        (~stopped & ~breached & ~is_paused).alias("active"),
        target.cast(nw.Float64).alias("target_s"),
        elapsed.cast(nw.Float64).alias("elapsed_s"),
    ).select(
        ticket,
        "target",
        "applied_at",
        "target_s",
        "elapsed_s",
        f"{_P}due_b",
        "breached",
        "met",
        "active",
    )


def _first_reply(
    source: Source,
    lf: nw.LazyFrame[Any],
    replies: Any,
    ticket: str,
    at: str,
    t: str,
    tz: str | None,
) -> nw.LazyFrame[Any]:
    if replies is None:
        return lf.with_columns(nw.lit(None, nw.Float64).alias(f"{_P}reply"))
    other = Source("replies", replies)
    if other.implementation is not source.implementation:
        fail("replies", Summary(f"<{other.implementation}>"), f"a {source.implementation} frame")
    other.column("ticket", ticket)
    other.column("at", at)
    r = other.with_epoch_us(other.frame.select(ticket, at), at, f"{_P}r", tz)
    created = lf.group_by(ticket).agg(nw.col(t).min().alias(f"{_P}c"))
    first = (
        r.join(created, on=ticket, how="inner")
        .filter(nw.col(f"{_P}r") >= nw.col(f"{_P}c"))
        .group_by(ticket)
        .agg(nw.col(f"{_P}r").min().alias(f"{_P}reply"))
    )
    return lf.join(first, on=ticket, how="left")
