"""Per-ticket service times from a status-change log (dbt_zendesk's ticket metrics)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

import narwhals.stable.v2 as nw

from servicekit._params import Instant as _Instant
from servicekit._params import Optional, Summary, fail, validate_params
from servicekit.frames._business import with_open_seconds
from servicekit.frames._engine import Source
from servicekit.sla import BusinessCalendar

__all__ = ["ticket_metrics"]

_P = "__tm_"
_NOW = Optional(_Instant())
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_US = timedelta(microseconds=1)


def _statuses(name: str, values: Iterable[str]) -> list[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        fail(name, Summary(f"<{type(values).__name__}>"), "a collection of status names")
    out = list(values)
    if not all(isinstance(v, str) and v for v in out):
        fail(name, Summary("<not all strings>"), "status names (non-empty strings)")
    return out


@validate_params(now=_NOW)
def ticket_metrics(
    events: Any,
    *,
    calendar: BusinessCalendar | None,
    ticket: str = "ticket_id",
    at: str = "at",
    status: str = "status",
    pause_statuses: Iterable[str] = ("pending",),
    hold_statuses: Iterable[str] = ("hold", "on_hold"),
    solved_statuses: Iterable[str] = ("solved", "closed"),
    replies: Any = None,
    tz: str | None = None,
    now: datetime | None = None,
) -> Any:
    """Service times per ticket from its status changes, in calendar and business seconds.

    The measures Fivetran's dbt_zendesk computes from Zendesk's
    ``ticket_field_history``, on any data frame engine.

    Parameters
    ----------
    events : data frame
        The status-change log, one row per change: the ticket, when, and the
        status it changed to. A ticket's first row is its creation.
    calendar : BusinessCalendar or None
        The business hours for the ``..._business_s`` columns (None: calendar
        time only).
    ticket, at, status : str
        The log's column names.
    pause_statuses : collection of str, default ("pending",)
        Waiting on the customer: not the requester's wait.
    hold_statuses : collection of str, default ("hold", "on_hold")
        Waiting on a third party: the requester waits, the agent does not work.
    solved_statuses : collection of str, default ("solved", "closed")
        Solved; a change from one of these to another status is a reopen.
    replies : data frame, optional
        Agents' public replies, with the same ``ticket`` and ``at`` columns,
        on the same engine (for DuckDB, the same connection; for Spark, the
        same session): gives the first reply time.
    tz : str, optional
        The zone of naive ``at`` values (refused without it).
    now : datetime, optional
        Counts each ticket's current status up to ``now``; without it, times
        run up to each ticket's last change.

    Returns
    -------
    data frame
        The same kind as ``events``, one row per ticket, sorted: the ticket,
        ``created_at``, ``first_reply_at`` and ``first_reply_time_s``,
        ``first_resolved_at``/``first_resolution_time_s``, ``solved_at`` and
        ``full_resolution_time_s`` (the last solve, when the ticket is solved
        now), ``requester_wait_time_s`` (not paused, not solved),
        ``agent_wait_time_s`` (paused), ``agent_work_time_s`` (not paused,
        on hold or solved), ``on_hold_time_s``, ``reopens``; with a calendar
        each time also as ``..._business_s``.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime, timedelta, timezone
    >>> utc = timezone.utc
    >>> log = pl.DataFrame({
    ...     "ticket_id": [1, 1, 1, 1],
    ...     "at": [datetime(2026, 3, 2, 9, tzinfo=utc), datetime(2026, 3, 2, 10, tzinfo=utc),
    ...            datetime(2026, 3, 2, 12, tzinfo=utc), datetime(2026, 3, 2, 13, tzinfo=utc)],
    ...     "status": ["new", "pending", "open", "solved"],
    ... })
    >>> m = ticket_metrics(log, calendar=None)
    >>> m.select("requester_wait_time_s", "agent_wait_time_s", "full_resolution_time_s").row(0)
    (7200.0, 7200.0, 14400.0)
    """
    source = Source("events", events)
    source.column("ticket", ticket)
    source.column("at", at)
    source.column("status", status)
    if calendar is not None and not isinstance(calendar, BusinessCalendar):
        fail("calendar", Summary(f"<{type(calendar).__name__}>"), "a BusinessCalendar or None")
    pause = _statuses("pause_statuses", pause_statuses)
    hold = _statuses("hold_statuses", hold_statuses)
    solved = _statuses("solved_statuses", solved_statuses)
    if not isinstance(source.schema[status], nw.String):
        fail("status", status, f"a column of status names (it holds {source.schema[status]})")

    t, nxt = f"{_P}t", f"{_P}next"
    lf = source.with_epoch_us(source.frame.select(ticket, at, status), at, t, tz)
    lf = lf.with_columns(
        nw.col(t).shift(-1).over(ticket, order_by=t).alias(nxt),
        nw.col(status).shift(1).over(ticket, order_by=t).alias(f"{_P}prev"),
    )
    lf = lf.with_columns(nw.col(nxt).is_null().alias(f"{_P}last"))
    if now is not None:
        now_us = float((now - _EPOCH) // _US)
        lf = lf.with_columns(nw.col(nxt).fill_null(now_us).alias(nxt))
    lf = lf.with_columns(
        nw.when(nw.col(nxt) >= nw.col(t)).then(nw.col(nxt)).otherwise(None).alias(nxt)
    )
    if calendar is not None:
        lf = with_open_seconds(source, lf, {t: f"{_P}b", nxt: f"{_P}bn"}, calendar)
    s = nw.col(status)
    is_solved = s.is_in(solved)
    was_solved = nw.col(f"{_P}prev").is_in(solved).fill_null(False)
    is_pause = s.is_in(pause)
    is_hold = s.is_in(hold)
    dur = (nw.col(nxt) - nw.col(t)) / 1e6
    lf = lf.with_columns(
        nw.when(is_solved).then(nw.col(t)).otherwise(None).min().over(ticket).alias(f"{_P}fs"),
        nw.when(is_solved & ~was_solved)
        .then(nw.col(t))
        .otherwise(None)
        .max()
        .over(ticket)
        .alias(f"{_P}ls"),
        nw.when(is_solved).then(nw.col(at)).otherwise(None).alias(f"{_P}fs_at"),
        nw.when(is_solved & ~was_solved).then(nw.col(at)).otherwise(None).alias(f"{_P}ls_at"),
        (~is_solved & was_solved).cast(nw.Int64).alias(f"{_P}reopen"),
        (nw.col(f"{_P}last") & is_solved).cast(nw.Int64).alias(f"{_P}final"),
    )
    kinds = {
        "requester_wait_time": ~is_pause & ~is_solved,
        "agent_wait_time": is_pause,
        "agent_work_time": ~is_pause & ~is_hold & ~is_solved,
        "on_hold_time": is_hold,
        "first_resolution_time": nw.col(t) < nw.col(f"{_P}fs"),
        "full_resolution_time": nw.col(t) < nw.col(f"{_P}ls"),
    }
    parts = {}
    for name, mask in kinds.items():
        parts[f"{_P}{name}"] = nw.when(mask).then(dur).otherwise(0.0)
        if calendar is not None:
            bdur = nw.col(f"{_P}bn") - nw.col(f"{_P}b")
            parts[f"{_P}{name}_b"] = nw.when(mask).then(bdur).otherwise(0.0)
    lf = lf.with_columns(v.alias(k) for k, v in parts.items())
    per = lf.group_by(ticket).agg(
        nw.col(at).min().alias("created_at"),
        nw.col(t).min().alias(f"{_P}created"),
        nw.col(f"{_P}fs_at").min().alias("first_resolved_at"),
        nw.col(f"{_P}ls_at").max().alias(f"{_P}solved_at"),
        nw.col(f"{_P}reopen", f"{_P}final").sum(),
        nw.col(*parts).sum(),
    )
    final = nw.col(f"{_P}final") > 0
    first_done = ~nw.col("first_resolved_at").is_null()
    outputs: list[Any] = [
        ticket,
        "created_at",
        "first_resolved_at",
        nw.when(final).then(nw.col(f"{_P}solved_at")).otherwise(None).alias("solved_at"),
    ]
    names = list(kinds)
    for name in names:
        value = nw.col(f"{_P}{name}").cast(nw.Float64)
        if name == "first_resolution_time":
            value = nw.when(first_done).then(value).otherwise(None)
        elif name == "full_resolution_time":
            value = nw.when(final).then(value).otherwise(None)
        outputs.append(value.alias(f"{name}_s"))
        if calendar is not None:
            bvalue = nw.col(f"{_P}{name}_b").cast(nw.Float64)
            if name == "first_resolution_time":
                bvalue = nw.when(first_done).then(bvalue).otherwise(None)
            elif name == "full_resolution_time":
                bvalue = nw.when(final).then(bvalue).otherwise(None)
            outputs.append(bvalue.alias(f"{name}_business_s"))
    outputs.append(nw.col(f"{_P}reopen").cast(nw.Int64).alias("reopens"))
    per = per.select(*outputs, nw.col(f"{_P}created"))
    per = _with_first_reply(source, per, replies, ticket, at, tz, calendar)
    return source.finish(per.drop(f"{_P}created").sort(ticket))


def _with_first_reply(
    source: Source,
    per: nw.LazyFrame[Any],
    replies: Any,
    ticket: str,
    at: str,
    tz: str | None,
    calendar: BusinessCalendar | None,
) -> nw.LazyFrame[Any]:
    business = ["first_reply_time_business_s"] if calendar is not None else []
    if replies is None:
        return per.with_columns(
            nw.lit(None, source.schema[at]).alias("first_reply_at"),
            nw.lit(None, nw.Float64).alias("first_reply_time_s"),
            *(nw.lit(None, nw.Float64).alias(b) for b in business),
        )
    other = Source("replies", replies)
    if other.implementation is not source.implementation:
        fail("replies", Summary(f"<{other.implementation}>"), f"a {source.implementation} frame")
    other.column("ticket", ticket)
    other.column("at", at)
    r = other.with_epoch_us(other.frame.select(ticket, at), at, f"{_P}r", tz)
    created = per.select(ticket, f"{_P}created")
    first = (
        r.join(created, on=ticket, how="inner")
        .filter(nw.col(f"{_P}r") >= nw.col(f"{_P}created"))
        .group_by(ticket)
        .agg(nw.col(f"{_P}r").min(), nw.col(at).min().alias("first_reply_at"))
    )
    per = per.join(first, on=ticket, how="left")
    per = per.with_columns(
        ((nw.col(f"{_P}r") - nw.col(f"{_P}created")) / 1e6).alias("first_reply_time_s")
    )
    if calendar is not None:
        per = with_open_seconds(
            source, per, {f"{_P}created": f"{_P}cb", f"{_P}r": f"{_P}rb"}, calendar
        )
        per = per.with_columns(
            (nw.col(f"{_P}rb") - nw.col(f"{_P}cb")).alias("first_reply_time_business_s")
        ).drop(f"{_P}cb", f"{_P}rb")
    return per.drop(f"{_P}r")
