"""Importers for help-desk exports: Zendesk, Freshdesk, Zammad, Jira Service Management."""

from __future__ import annotations

import os
from typing import Any, Literal

import narwhals.stable.v2 as nw

from servicekit._params import Constraint, Options, time_zone, validate_params
from servicekit.io._frame import PRIORITIES, STATUSES, Context, Format, Instant, read

__all__ = ["read_freshdesk", "read_jsm", "read_servicekit", "read_zammad", "read_zendesk"]

Backend = Literal["pandas", "polars"]
_BACKEND = Options("pandas", "polars")


class _Zone(Constraint[Any]):
    """A time-zone name the zone database knows, or None."""

    expected = "an IANA time zone name such as 'Asia/Shanghai', or None"

    def convert(self, name: str, value: object) -> Any:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.error(name, value)
        time_zone(name, value)
        return value

    def invalid(self) -> tuple[object, ...]:
        return (42, "", "Mars/Olympus")


_TZ = _Zone()

ZENDESK = Format(
    name="Zendesk legacy CSV export",
    required=("Id", "Status", "Created at"),
)
FRESHDESK = Format(
    name="Freshdesk ticket export",
    required=("Ticket ID", "Status", "Created time"),
)
ZAMMAD = Format(
    name="Zammad ticket report export",
    required=("#", "State", "Created At"),
    aliases=(("Number", "#"),),
)
SERVICEKIT = Format(
    name="servicekit ticket CSV",
    required=("ticket_id", "opened_at", "status"),
)
JSM = Format(
    name="Jira Service Management issue CSV export",
    required=("Issue key", "Status", "Created"),
    jira_times=True,
)


def _derived(opened: Instant, minutes: nw.Expr) -> Instant:
    """``opened`` plus a number of calendar minutes (Zendesk's first reply)."""
    offset = (minutes.fill_null(0) * 60_000_000).round(0).cast(nw.Int64)
    return Instant(opened.us + offset, opened.present & ~minutes.is_null())


def _common(
    ctx: Context,
    *,
    ticket_id: str,
    opened: Instant,
    first_response: Instant,
    resolved: Instant,
    closed: Instant,
) -> dict[str, nw.Expr]:
    tid = ctx.text(ticket_id)
    if bool(ctx.df.select(tid.is_null().any()).item()):
        from servicekit._params import Summary
        from servicekit.errors import InvalidInputError

        raise InvalidInputError(
            "source",
            Summary(f"<column {ticket_id!r}: a missing ticket id>"),
            f"a {ctx.fmt.name} whose every row has its {ticket_id!r}",
        )
    if bool(ctx.df.select((~opened.present).any()).item()):
        from servicekit._params import Summary
        from servicekit.errors import InvalidInputError

        raise InvalidInputError(
            "source",
            Summary("<a ticket without its creation time>"),
            f"a {ctx.fmt.name} whose every row has its creation time",
        )
    return {
        "ticket_id": tid,
        "opened_at": opened.expr(),
        "first_response_at": first_response.expr(),
        "resolved_at": resolved.expr(),
        "closed_at": closed.expr(),
    }


_NO_BOOL = nw.when(nw.lit(value=False)).then(nw.lit(value=True))


def _zendesk(ctx: Context) -> dict[str, nw.Expr]:
    opened = ctx.instant("Created at")
    minutes = ctx.number("First reply time in minutes")
    reopens = ctx.number("Reopens").fill_null(0).cast(nw.Int64)
    satisfaction = ctx.lower("Satisfaction Score")
    return {
        **_common(
            ctx,
            ticket_id="Id",
            opened=opened,
            first_response=_derived(opened, minutes),
            resolved=ctx.instant("Solved at"),
            closed=ctx.instant(None),
        ),
        "status": ctx.mapped(
            "Status",
            {
                "new": "new",
                "open": "open",
                "pending": "pending",
                "hold": "on_hold",
                "on-hold": "on_hold",
                "on hold": "on_hold",
                "solved": "solved",
                "closed": "closed",
            },
            "Zendesk statuses",
        ),
        "priority": ctx.mapped(
            "Priority",
            {"low": "low", "normal": "normal", "high": "high", "urgent": "urgent"},
            "Zendesk priorities",
        ),
        "channel": ctx.lower("Via"),
        "category": ctx.text("Ticket type"),
        "group": ctx.text("Group"),
        "agent_id": ctx.text("Assignee"),
        "reopens": reopens,
        "reopened": reopens > 0,
        "escalated": _NO_BOOL,
        "first_response_breached": _NO_BOOL,
        "resolution_breached": _NO_BOOL,
        # "Offered" (asked, no answer yet) is kept; "Unoffered" means there is no rating.
        "satisfaction": nw.when(~satisfaction.is_in(["unoffered", "not offered"])).then(
            satisfaction
        ),
        "first_response_derived": opened.present & ~minutes.is_null(),
    }


def _freshdesk(ctx: Context) -> dict[str, nw.Expr]:
    sla = {"true": ("sla violated", "violated"), "false": ("within sla",)}
    return {
        **_common(
            ctx,
            ticket_id="Ticket ID",
            opened=ctx.instant("Created time"),
            first_response=ctx.instant("Initial response time"),
            resolved=ctx.instant("Resolved time"),
            closed=ctx.instant("Closed time"),
        ),
        "status": ctx.mapped(
            "Status",
            {
                "open": "open",
                "pending": "pending",
                "resolved": "solved",
                "closed": "closed",
                "waiting on customer": "pending",
                "waiting on third party": "on_hold",
            },
            "Freshdesk statuses",
        ),
        "priority": ctx.mapped(
            "Priority",
            {"low": "low", "medium": "normal", "high": "high", "urgent": "urgent"},
            "Freshdesk priorities",
        ),
        "channel": ctx.lower("Source"),
        "category": ctx.text("Type"),
        "group": ctx.text("Group"),
        "agent_id": ctx.text("Agent"),
        "reopens": nw.lit(0, dtype=nw.Int64),
        "reopened": nw.lit(0, dtype=nw.Int64) > 0,
        "escalated": _NO_BOOL,
        "first_response_breached": ctx.flag("First response status", sla["true"], sla["false"]),
        "resolution_breached": ctx.flag("Resolution status", sla["true"], sla["false"]),
        "satisfaction": ctx.lower("Survey results"),
        "first_response_derived": nw.lit(0, dtype=nw.Int64) > 0,
    }


def _late(ctx: Context, name: str) -> nw.Expr:
    """Zammad's "... Diff In Min": the SLA target minus the time taken; negative is late."""
    if not ctx.has(name):
        return _NO_BOOL
    diff = ctx.number(name)
    return nw.when(~diff.is_null()).then(diff < 0)


def _zammad(ctx: Context) -> dict[str, nw.Expr]:
    closed = ctx.instant("Closed At")
    return {
        **_common(
            ctx,
            ticket_id="#",
            opened=ctx.instant("Created At"),
            first_response=ctx.instant("First Response At"),
            resolved=closed,
            closed=closed,
        ),
        "status": ctx.mapped(
            "State",
            {
                "new": "new",
                "open": "open",
                "pending reminder": "pending",
                "pending close": "pending",
                "closed": "closed",
                "merged": "closed",
                "removed": "closed",
            },
            "Zammad states",
        ),
        "priority": ctx.mapped(
            "Priority",
            {
                "1 low": "low",
                "2 normal": "normal",
                "3 high": "high",
                "low": "low",
                "normal": "normal",
                "high": "high",
            },
            "Zammad priorities",
        ),
        "channel": ctx.lower("Create Channel"),
        "category": ctx.text(ctx.first("Type", "Category")),
        "group": ctx.text("Group"),
        "agent_id": ctx.text("Owner"),
        "reopens": nw.lit(0, dtype=nw.Int64),
        "reopened": nw.lit(0, dtype=nw.Int64) > 0,
        "escalated": _NO_BOOL,
        "first_response_breached": _late(ctx, "First Response Diff In Min"),
        "resolution_breached": _late(ctx, "Close Diff In Min"),
        "satisfaction": ctx.text(None),
        "first_response_derived": nw.lit(0, dtype=nw.Int64) > 0,
    }


def _breached(ctx: Context, name: str) -> nw.Expr:
    """A JSM SLA column: remaining time as [-]HH:MM, negative once the goal is breached."""
    if not ctx.has(name):
        return _NO_BOOL
    s = ctx.text(name)
    bad = ~s.is_null() & ~s.str.contains(r"^-?\d+:\d{2}$")
    if bool(ctx.df.select(bad.any()).item()):
        from servicekit._params import Summary
        from servicekit.errors import InvalidInputError

        raise InvalidInputError(
            "source",
            Summary(f"<column {name!r}>"),
            f"a {ctx.fmt.name} whose column {name!r} holds remaining times as [-]HH:MM",
        )
    return nw.when(~s.is_null()).then(s.str.starts_with("-"))


_JSM_STATUSES = {
    "open": "open",
    "reopened": "open",
    "waiting for support": "open",
    "in progress": "open",
    "work in progress": "open",
    "under review": "open",
    "under investigation": "open",
    "escalated": "open",
    "to do": "new",
    "new": "new",
    "waiting for customer": "pending",
    "pending": "pending",
    "waiting for approval": "on_hold",
    "on hold": "on_hold",
    "resolved": "solved",
    "completed": "solved",
    "done": "closed",
    "closed": "closed",
    "canceled": "closed",
    "cancelled": "closed",
    "declined": "closed",
}


def _jsm(ctx: Context) -> dict[str, nw.Expr]:
    category = ctx.lower("Status Category") if ctx.has("Status Category") else None
    fallback = (
        None
        if category is None
        else category.replace_strict(
            {"to do": "open", "in progress": "open", "done": "closed"},
            default=None,
            return_dtype=nw.String,
        )
    )
    status = ctx.lower("Status")
    return {
        **_common(
            ctx,
            ticket_id="Issue key",
            opened=ctx.instant("Created"),
            first_response=ctx.instant(ctx.first("Custom field ([CHART] Date of First Response)")),
            resolved=ctx.instant("Resolved"),
            closed=ctx.instant(None),
        ),
        "status": ctx.mapped("Status", _JSM_STATUSES, "Jira Service Management statuses", fallback),
        "priority": ctx.mapped(
            "Priority",
            {
                "highest": "urgent",
                "blocker": "urgent",
                "critical": "urgent",
                "high": "high",
                "major": "high",
                "medium": "normal",
                "low": "low",
                "minor": "low",
                "lowest": "low",
                "trivial": "low",
            },
            "Jira priorities",
        ),
        "channel": ctx.lower(ctx.first("Custom field (Source)")),
        "category": ctx.text(ctx.first("Custom field (Request Type)", "Issue Type")),
        "group": ctx.text(ctx.first("Custom field (Team)")),
        "agent_id": ctx.text(ctx.first("Assignee Id", "Assignee")),
        "reopens": nw.lit(0, dtype=nw.Int64),
        "reopened": nw.lit(0, dtype=nw.Int64) > 0,
        # Only the current status tells: True while "Escalated", unknown otherwise.
        "escalated": nw.when(status == "escalated").then(nw.lit(value=True)),
        "first_response_breached": _breached(ctx, "Custom field (Time to first response)"),
        "resolution_breached": _breached(ctx, "Custom field (Time to resolution)"),
        "satisfaction": ctx.lower(ctx.first("Satisfaction rating", "Satisfaction")),
        "first_response_derived": nw.lit(0, dtype=nw.Int64) > 0,
    }


@validate_params(tz=_TZ, backend=_BACKEND)
def read_zendesk(
    source: str | os.PathLike[str] | Any, *, tz: str | None = None, backend: Backend = "pandas"
) -> Any:
    """Read a Zendesk legacy CSV ticket export into the normalised ticket frame.

    Parameters
    ----------
    source : path or DataFrame
        The CSV file (``str`` or ``os.PathLike``), or a pandas or polars
        DataFrame holding it with Zendesk's headers (``Id``, ``Status``,
        ``Created at`` are required).
    tz : str, optional
        The IANA zone of the export's times when they carry no offset (the
        legacy CSV writes them in the account's zone): required then.
    backend : {"pandas", "polars"}, default "pandas"
        What reads a path. A frame comes back as the same kind of frame.

    Returns
    -------
    DataFrame
        One row per ticket with the columns listed in :mod:`servicekit.io`.

    Notes
    -----
    The legacy CSV export has no first-reply timestamp, only ``First reply
    time in minutes`` (calendar minutes from creation): ``first_response_at``
    is ``Created at`` plus those minutes, and ``first_response_derived`` is
    True on those rows. Requester, e-mail, subject and tags are not read.

    Examples
    --------
    >>> import pandas as pd
    >>> export = pd.DataFrame({
    ...     "Id": ["101"], "Requester": ["A. Customer"], "Status": ["Solved"],
    ...     "Priority": ["High"], "Created at": ["2026-03-02 09:00:00"],
    ...     "Solved at": ["2026-03-02 15:30:00"], "First reply time in minutes": ["45"],
    ...     "Reopens": ["1"], "Satisfaction Score": ["Good"]})
    >>> t = read_zendesk(export, tz="Europe/Berlin")
    >>> t.loc[0, ["ticket_id", "status", "priority", "satisfaction"]].tolist()
    ['101', 'solved', 'high', 'good']
    >>> int(t.loc[0, "reopens"]), bool(t.loc[0, "reopened"])
    (1, True)
    >>> t.loc[0, "first_response_at"]
    Timestamp('2026-03-02 08:45:00+0000', tz='UTC')
    >>> bool(t.loc[0, "first_response_derived"]), "Requester" in t.columns
    (True, False)
    """
    return read(source, ZENDESK, tz, backend, _zendesk)


@validate_params(tz=_TZ, backend=_BACKEND)
def read_freshdesk(
    source: str | os.PathLike[str] | Any, *, tz: str | None = None, backend: Backend = "pandas"
) -> Any:
    """Read a Freshdesk ticket export (CSV) into the normalised ticket frame.

    Parameters
    ----------
    source : path or DataFrame
        The CSV file, or a pandas or polars DataFrame with Freshdesk's
        headers (``Ticket ID``, ``Status``, ``Created time`` are required).
    tz : str, optional
        The IANA zone of the export's times (Freshdesk writes them without
        an offset, in the exporting agent's zone): required then.
    backend : {"pandas", "polars"}, default "pandas"
        What reads a path. A frame comes back as the same kind of frame.

    Returns
    -------
    DataFrame
        The normalised ticket frame (see :mod:`servicekit.io`).

    Notes
    -----
    ``Initial response time`` is the first response's timestamp.
    ``First response status`` and ``Resolution status`` ("Within SLA", "SLA
    Violated") give the two ``*_breached`` columns. "Resolved" reads as
    ``solved``, "Medium" priority as ``normal``, "Waiting on Customer" as
    ``pending`` and "Waiting on Third Party" as ``on_hold``.

    Examples
    --------
    >>> import polars as pl
    >>> export = pl.DataFrame({
    ...     "Ticket ID": ["7"], "Subject": ["Refund"], "Status": ["Resolved"],
    ...     "Priority": ["Medium"], "Created time": ["2026-03-02 09:00:00"],
    ...     "Initial response time": ["2026-03-02 09:20:00"],
    ...     "First response status": ["Within SLA"], "Resolution status": ["SLA Violated"]})
    >>> t = read_freshdesk(export, tz="UTC")
    >>> t.select("status", "priority", "first_response_breached", "resolution_breached").row(0)
    ('solved', 'normal', False, True)
    """
    return read(source, FRESHDESK, tz, backend, _freshdesk)


@validate_params(tz=_TZ, backend=_BACKEND)
def read_zammad(
    source: str | os.PathLike[str] | Any, *, tz: str | None = None, backend: Backend = "pandas"
) -> Any:
    """Read a Zammad ticket report export into the normalised ticket frame.

    Parameters
    ----------
    source : path or DataFrame
        The export saved as CSV, or a pandas or polars DataFrame of it (the
        report download is an Excel sheet: ``pandas.read_excel`` reads it).
        ``#`` (or ``Number``), ``State`` and ``Created At`` are required.
    tz : str, optional
        The IANA zone of the export's times (the report writes them in the
        zone of the user who downloaded it): required when they are naive.
    backend : {"pandas", "polars"}, default "pandas"
        What reads a path. A frame comes back as the same kind of frame.

    Returns
    -------
    DataFrame
        The normalised ticket frame (see :mod:`servicekit.io`).

    Notes
    -----
    Zammad has no separate solved time: ``Closed At`` fills both
    ``resolved_at`` and ``closed_at``. ``First Response Diff In Min`` and
    ``Close Diff In Min`` (the SLA target minus the time taken) give the
    ``*_breached`` columns: negative is breached. "pending reminder" and
    "pending close" read as ``pending``; "merged" as ``closed``.

    Examples
    --------
    >>> import pandas as pd
    >>> export = pd.DataFrame({
    ...     "#": ["31001"], "Title": ["Printer"], "State": ["pending reminder"],
    ...     "Priority": ["2 normal"], "Created At": ["2026-03-02 09:00:00"],
    ...     "First Response Diff In Min": ["-12"]})
    >>> t = read_zammad(export, tz="Europe/Berlin")
    >>> t.loc[0, ["status", "priority"]].tolist(), bool(t.loc[0, "first_response_breached"])
    (['pending', 'normal'], True)
    """
    return read(source, ZAMMAD, tz, backend, _zammad)


@validate_params(tz=_TZ, backend=_BACKEND)
def read_jsm(
    source: str | os.PathLike[str] | Any, *, tz: str | None = None, backend: Backend = "pandas"
) -> Any:
    """Read a Jira Service Management issue CSV export into the normalised ticket frame.

    Parameters
    ----------
    source : path or DataFrame
        The CSV file, or a pandas or polars DataFrame of it (``Issue key``,
        ``Status``, ``Created`` are required).
    tz : str, optional
        The IANA zone of the export's times (Jira writes ``12/Apr/26 3:30 PM``
        in the exporting user's zone): required.
    backend : {"pandas", "polars"}, default "pandas"
        What reads a path. A frame comes back as the same kind of frame.

    Returns
    -------
    DataFrame
        The normalised ticket frame (see :mod:`servicekit.io`).

    Notes
    -----
    The SLA columns ``Custom field (Time to first response)`` and ``Custom
    field (Time to resolution)`` hold the remaining time as ``HH:MM``,
    negative once the goal is breached: a leading minus gives
    ``*_breached`` True. ``Custom field ([CHART] Date of First Response)``,
    when exported, is the first response time. Statuses of the default
    service-desk workflows are mapped ("Waiting for support" is ``open``,
    "Waiting for customer" ``pending``, "Resolved" ``solved``); another
    status falls back on ``Status Category``. Priorities Highest..Lowest map
    to urgent, high, normal, low, low.

    Examples
    --------
    >>> import pandas as pd
    >>> export = pd.DataFrame({
    ...     "Summary": ["VPN down"], "Issue key": ["HELP-12"], "Status": ["Resolved"],
    ...     "Priority": ["High"], "Created": ["02/Mar/26 9:05 AM"],
    ...     "Resolved": ["02/Mar/26 3:40 PM"],
    ...     "Custom field (Time to first response)": ["-0:35"],
    ...     "Custom field (Time to resolution)": ["2:10"]})
    >>> t = read_jsm(export, tz="Asia/Shanghai")
    >>> t.loc[0, "opened_at"]
    Timestamp('2026-03-02 01:05:00+0000', tz='UTC')
    >>> bool(t.loc[0, "first_response_breached"]), bool(t.loc[0, "resolution_breached"])
    (True, False)
    """
    return read(source, JSM, tz, backend, _jsm)


_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")


def _boolean(ctx: Context, name: str, default: bool | None) -> nw.Expr:
    """A true/false column of servicekit's own CSV; another label is refused, not guessed."""
    if not ctx.has(name):
        return _NO_BOOL if default is None else nw.lit(0, dtype=nw.Int64) > (0 if default else 1)
    if ctx.df.schema[name] == nw.Boolean:
        return nw.col(name)
    labels = ctx.mapped(
        name, {**dict.fromkeys(_TRUE, "true"), **dict.fromkeys(_FALSE, "false")}, "true or false"
    )
    flag = nw.when(~labels.is_null()).then(labels == "true")
    return flag if default is None else flag.fill_null(default)


def _servicekit(ctx: Context) -> dict[str, nw.Expr]:
    reopens = ctx.number("reopens")
    if ctx.has("reopens"):
        fractional = ~reopens.is_null() & ((reopens < 0) | (reopens.round(0) != reopens))
        if bool(ctx.df.select(fractional.any()).item()):
            from servicekit._params import Summary
            from servicekit.errors import InvalidInputError

            raise InvalidInputError(
                "source",
                Summary("<column 'reopens'>"),
                f"a {ctx.fmt.name} whose column 'reopens' holds whole numbers >= 0",
            )
    count = reopens.fill_null(0).cast(nw.Int64)
    return {
        **_common(
            ctx,
            ticket_id="ticket_id",
            opened=ctx.instant("opened_at"),
            first_response=ctx.instant("first_response_at"),
            resolved=ctx.instant("resolved_at"),
            closed=ctx.instant("closed_at"),
        ),
        "status": ctx.mapped("status", {s: s for s in STATUSES}, "servicekit statuses"),
        "priority": ctx.mapped("priority", {p: p for p in PRIORITIES}, "priorities"),
        "channel": ctx.lower("channel"),
        "category": ctx.text("category"),
        "group": ctx.text("group"),
        "agent_id": ctx.text("agent_id"),
        "reopens": count,
        "reopened": _boolean(ctx, "reopened", None).fill_null(count > 0)
        if ctx.has("reopened")
        else count > 0,
        "escalated": _boolean(ctx, "escalated", None),
        "first_response_breached": _boolean(ctx, "first_response_breached", None),
        "resolution_breached": _boolean(ctx, "resolution_breached", None),
        "satisfaction": ctx.lower("satisfaction"),
        "first_response_derived": _boolean(ctx, "first_response_derived", default=False),
    }


@validate_params(tz=_TZ, backend=_BACKEND)
def read_servicekit(
    source: str | os.PathLike[str] | Any, *, tz: str | None = None, backend: Backend = "pandas"
) -> Any:
    """Read servicekit's own ticket CSV (the normalised columns) back into the ticket frame.

    The file :func:`servicekit.datasets.save_helpdesk` writes, or any CSV or
    frame with the normalised column names (see :mod:`servicekit.io`): a
    help desk with no importer of its own can export to it.

    Parameters
    ----------
    source : path or DataFrame
        The CSV file, or a pandas or polars DataFrame with the normalised
        column names. ``ticket_id``, ``opened_at`` and ``status`` are
        required; a missing optional column is null (``reopens`` 0,
        ``reopened`` from ``reopens``, ``first_response_derived`` False).
    tz : str, optional
        The IANA zone of times written without an offset (required then);
        times ending in ``Z`` or an offset need none.
    backend : {"pandas", "polars"}, default "pandas"
        What reads a path. A frame comes back as the same kind of frame.

    Returns
    -------
    DataFrame
        The normalised ticket frame (see :mod:`servicekit.io`).

    Notes
    -----
    ``status`` must be one of ``new``, ``open``, ``pending``, ``on_hold``,
    ``solved``, ``closed`` and ``priority`` one of ``low``, ``normal``,
    ``high``, ``urgent`` (lower case); the boolean columns read ``true`` or
    ``false`` (also ``1``/``0``, ``yes``/``no``, any case), an empty cell
    being unknown. Other columns are not read.

    Examples
    --------
    >>> import pandas as pd
    >>> export = pd.DataFrame({
    ...     "ticket_id": ["HD-1", "HD-2"], "status": ["solved", "open"],
    ...     "opened_at": ["2026-03-02T01:00:00Z", "2026-03-02T02:30:00Z"],
    ...     "resolved_at": ["2026-03-02T06:00:00Z", None],
    ...     "priority": ["high", None], "reopens": ["1", None],
    ...     "resolution_breached": ["false", None]})
    >>> t = read_servicekit(export)
    >>> t[["ticket_id", "status", "reopens", "reopened", "resolution_breached"]]
      ticket_id  status  reopens  reopened  resolution_breached
    0      HD-1  solved        1      True                False
    1      HD-2    open        0     False                 <NA>
    >>> t["priority"].isna().tolist()
    [False, True]
    >>> t.loc[0, "resolved_at"]
    Timestamp('2026-03-02 06:00:00+0000', tz='UTC')
    """
    return read(source, SERVICEKIT, tz, backend, _servicekit)
