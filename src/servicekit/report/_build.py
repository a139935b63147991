"""The numbers of the service report, computed with the library's own functions (private).

Every figure the report shows comes from a public servicekit function run on
the ticket frame: ``servicekit.frames.kpi_table`` for the KPIs and the SLA
compliance, ``servicekit.metrics.complaint_spikes`` for the volume chart,
``BusinessCalendar.between`` for business times, ``nps_by``/``csat_by`` and
``nps``/``csat`` for the surveys, ``required_agents`` for the staffing plan.
The work runs on polars (the ``cli`` extra), column at a time.
"""

from __future__ import annotations

import importlib
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from types import MappingProxyType
from typing import Any, cast

import numpy as np
from numpy.typing import NDArray

from servicekit._params import Summary, fail, time_zone
from servicekit.frames import csat_by, kpi_table, nps_by
from servicekit.metrics import (
    DEFAULT_TARGETS,
    KPITarget,
    Scorecard,
    SpikeReport,
    complaint_spikes,
    csat,
    kpi_scorecard,
    nps,
    required_agents,
    traffic_intensity,
)
from servicekit.sla import BusinessCalendar

__all__ = [
    "PRIORITY_SLA",
    "REPORT_TARGETS",
    "Report",
    "build_report",
]

PRIORITY_SLA: Mapping[str, tuple[timedelta, timedelta]] = MappingProxyType(
    {
        "urgent": (timedelta(hours=1), timedelta(hours=8)),
        "high": (timedelta(hours=4), timedelta(hours=24)),
        "normal": (timedelta(hours=8), timedelta(hours=72)),
        "low": (timedelta(hours=24), timedelta(hours=120)),
    }
)
"""Business-time SLA targets per priority: (first response, resolution).

Used when the export carries no SLA verdict of its own (no
``first_response_breached``/``resolution_breached`` values): a ticket meets
its SLA when it got its first response and its resolution within these
business times. Tickets without a priority are held to ``"normal"``."""

REPORT_TARGETS: Mapping[str, KPITarget] = MappingProxyType(
    {
        **DEFAULT_TARGETS,
        # a ticket desk answers in hours, not the phone's 5 minutes
        "first_response_time": KPITarget(timedelta(hours=4), higher_is_better=False),
        "resolution_time": KPITarget(timedelta(hours=24), higher_is_better=False),
    }
)
"""The scorecard's targets: :data:`servicekit.metrics.DEFAULT_TARGETS`, except
first response within 4 business hours and resolution within 24 business hours
(medians), a ticket desk's usual promises."""

_REQUIRED = ("ticket_id", "opened_at", "status")
_TIMES = ("opened_at", "first_response_at", "resolved_at", "closed_at")
_SOLVED = ("solved", "closed")
_HALF_HOUR = timedelta(minutes=30)

Progress = Callable[[str], None]


def _polars() -> Any:
    try:
        return importlib.import_module("polars")
    except ImportError as err:
        raise ImportError(
            "the report needs polars: pip install 'servicekit[cli]' (or 'servicekit[polars]')"
        ) from err


@dataclass(frozen=True, repr=False, eq=False)
class Report:
    """A service report: the figures of one help-desk export, ready to write as HTML.

    Build it with :func:`build_report`; write it with :meth:`save` or get the
    page with :meth:`to_html`. The attributes hold every number the page shows
    (polars frames for the tables), so a notebook can read them directly.

    Attributes
    ----------
    title : str
        The page's heading.
    tz : str
        The zone days, months and hours are counted in.
    calendar : BusinessCalendar
        The business hours business times are measured in.
    start, until : datetime
        The first ticket's opening and the end of the data (aware, UTC).
    tickets : int
        Tickets in the export.
    scorecard : Scorecard
        The headline KPIs against :data:`REPORT_TARGETS`.
    overall, monthly, sla_by_priority : polars.DataFrame
        ``kpi_table`` over all tickets, per month, and per month and priority.
    sla_source : str
        ``"export"`` when SLA verdicts came from the export's own breach
        columns, ``"targets"`` when measured against :data:`PRIORITY_SLA`.
    volume : SpikeReport
        Tickets per local day on a c chart; the last day is incomplete.
    first_response_s, resolution_s : numpy.ndarray
        Each answered (resolved) ticket's first response (resolution) time in
        business seconds.
    hourly : numpy.ndarray
        Tickets opened in each local hour of the day, 0 to 23.
    staffing : polars.DataFrame
        The typical open day per half hour: slot, arrivals, traffic, agents,
        service_level, occupancy.
    categories, channels : polars.DataFrame
        Tickets per category and per channel, most first.
    nps_monthly, csat_monthly : polars.DataFrame or None
        ``nps_by`` and ``csat_by`` per month of answer, when surveys were given.
    notes : tuple of str
        What the reader should know about the data (derived columns, dropped
        rows).

    Examples
    --------
    >>> from servicekit.datasets import load_helpdesk
    >>> from servicekit.report import build_report
    >>> desk = load_helpdesk(backend="polars")
    >>> report = build_report(desk.tickets, tz=desk.tz, surveys=desk.surveys)
    >>> report
    Report(tickets=..., tz='Asia/Shanghai', start=2025-11-..., until=2026-11-...)
    >>> report.to_html().startswith("<!DOCTYPE html>")
    True
    """

    title: str
    tz: str
    calendar: BusinessCalendar
    start: datetime
    until: datetime
    tickets: int
    scorecard: Scorecard
    overall: Any
    monthly: Any
    sla_by_priority: Any
    sla_source: str
    volume: SpikeReport
    first_response_s: NDArray[np.float64]
    resolution_s: NDArray[np.float64]
    hourly: NDArray[np.int64]
    staffing: Any
    categories: Any
    channels: Any
    nps_monthly: Any = None
    csat_monthly: Any = None
    handle_time: timedelta = timedelta(minutes=8)
    service_level: tuple[float, timedelta] = (0.8, timedelta(seconds=20))
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __repr__(self) -> str:
        return (
            f"Report(tickets={self.tickets}, tz={self.tz!r}, "
            f"start={self.start.date()}, until={self.until.date()})"
        )

    def to_html(self) -> str:
        """The report as one self-contained HTML page (inline CSS and SVG, no script).

        Returns
        -------
        str
            The page. It loads nothing from the network: its content security
            policy forbids it.

        Examples
        --------
        >>> from servicekit.datasets import load_helpdesk
        >>> desk = load_helpdesk(backend="polars")
        >>> html = build_report(desk.tickets, tz=desk.tz).to_html()
        >>> "<svg" in html, "http://" in html.split("<body")[0]
        (True, False)
        """
        from servicekit.report._html import render

        return render(self)

    def save(self, path: Any) -> Any:
        """Write :meth:`to_html` to ``path`` (UTF-8) and return it as a ``pathlib.Path``.

        Examples
        --------
        >>> import tempfile, pathlib
        >>> from servicekit.datasets import load_helpdesk
        >>> desk = load_helpdesk(backend="polars")
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "report.html"
        >>> build_report(desk.tickets, tz=desk.tz).save(out).stat().st_size > 10_000
        True
        """
        from pathlib import Path

        out = Path(path)
        out.write_text(self.to_html(), encoding="utf-8")
        return out

    def _repr_html_(self) -> str:
        return self.to_html()


def _frame(name: str, frame: object, required: tuple[str, ...]) -> Any:
    """A polars DataFrame of ``frame`` (pandas, polars eager or lazy), required columns checked."""
    pl = _polars()
    import narwhals.stable.v2 as nw

    try:
        native: Any = nw.from_native(cast(Any, frame))
    except TypeError:
        fail(name, Summary(f"<{type(frame).__name__}>"), "a pandas or polars data frame")
    if isinstance(native, nw.LazyFrame):
        native = native.collect()
    df = native.to_polars() if not isinstance(frame, pl.DataFrame) else frame
    missing = [c for c in required if c not in df.columns]
    if missing:
        fail(name, Summary(f"<frame without {missing[0]!r}>"), f"a column {missing[0]!r}")
    return df


def _utc(name: str, df: Any, column: str, tz: str) -> Any:
    """``column`` as UTC microsecond datetimes: naive values are read in ``tz``."""
    pl = _polars()
    dtype = df.schema[column]
    if dtype == pl.Null:
        return df.with_columns(pl.lit(None, pl.Datetime("us", "UTC")).alias(column))
    if not isinstance(dtype, pl.Datetime):
        if dtype == pl.String:
            try:
                parsed = df[column].str.to_datetime(time_unit="us", time_zone="UTC")
            except Exception:  # polars' own parse errors: one message of ours
                fail(name, Summary(f"<column {column!r}>"), f"{column!r} as ISO 8601 times")
            return df.with_columns(parsed.alias(column))
        fail(name, Summary(f"<column {column!r} of {dtype}>"), f"{column!r} as datetimes")
    expr = pl.col(column).dt.cast_time_unit("us")
    if dtype.time_zone is None:
        expr = expr.dt.replace_time_zone(tz, ambiguous="earliest", non_existent="null")
    return df.with_columns(expr.dt.convert_time_zone("UTC").alias(column))


def _us(series: Any) -> NDArray[np.datetime64]:
    """A UTC datetime column as datetime64[us] (NaT for null)."""
    out: NDArray[np.datetime64] = (
        series.dt.replace_time_zone(None).to_numpy().astype("datetime64[us]")
    )
    return out


def _business_seconds(
    calendar: BusinessCalendar, start: NDArray[np.datetime64], end: NDArray[np.datetime64]
) -> tuple[NDArray[np.float64], int]:
    """Business seconds from start to end; NaN where either is missing or end < start."""
    bad = ~np.isnat(start) & ~np.isnat(end) & (end < start)
    end = np.where(bad, np.datetime64("NaT", "us"), end)
    spans = calendar.between(start, end)
    seconds: NDArray[np.float64] = np.where(
        np.isnat(spans), np.nan, spans.astype("timedelta64[us]").astype(np.float64) / 1e6
    )
    return seconds, int(bad.sum())


def _open_days(calendar: BusinessCalendar, first: Any, last: Any, tz: str) -> NDArray[Any]:
    """The local dates from ``first`` to ``last`` on which the calendar has open time."""
    pl = _polars()
    days = pl.date_range(first, last, "1d", eager=True)
    starts = days.cast(pl.Datetime("us")).dt.replace_time_zone(
        tz, ambiguous="earliest", non_existent="null"
    )
    ends = (days.cast(pl.Datetime("us")) + timedelta(days=1)).dt.replace_time_zone(
        tz, ambiguous="earliest", non_existent="null"
    )
    t0 = _us(starts.dt.convert_time_zone("UTC"))
    t1 = _us(ends.dt.convert_time_zone("UTC"))
    open_s, _ = _business_seconds(calendar, t0, t1)
    out: NDArray[Any] = days.to_numpy()[np.nan_to_num(open_s) > 0]
    return out


def _sla_met(df: Any, first_s: NDArray[np.float64], res_s: NDArray[np.float64]) -> Any:
    """The SLA verdict per ticket: the export's own breach flags, or PRIORITY_SLA."""
    pl = _polars()
    flags = [c for c in ("first_response_breached", "resolution_breached") if c in df.columns]
    if flags and df.select(pl.any_horizontal(pl.col(flags).is_not_null()).any()).item():
        breached = pl.any_horizontal(pl.col(flags).fill_null(False))
        known = pl.any_horizontal(pl.col(flags).is_not_null())
        return df.with_columns(pl.when(known).then(~breached).alias("sla_met")), "export"
    priority = (
        df["priority"].fill_null("normal")
        if "priority" in df.columns
        else pl.Series(["normal"] * df.height)
    )
    goals = {k: (v[0].total_seconds(), v[1].total_seconds()) for k, v in PRIORITY_SLA.items()}
    fr_goal = priority.replace_strict(
        {k: v[0] for k, v in goals.items()}, default=goals["normal"][0], return_dtype=pl.Float64
    ).to_numpy()
    res_goal = priority.replace_strict(
        {k: v[1] for k, v in goals.items()}, default=goals["normal"][1], return_dtype=pl.Float64
    ).to_numpy()
    with np.errstate(invalid="ignore"):
        fr_ok = np.where(np.isnan(first_s), np.nan, first_s <= fr_goal)
        res_ok = np.where(np.isnan(res_s), np.nan, res_s <= res_goal)
    # a verdict needs both measurements; a breach of either is a breach already
    met = np.where(
        (fr_ok == 0) | (res_ok == 0), 0.0, np.where(np.isnan(fr_ok) | np.isnan(res_ok), np.nan, 1.0)
    )
    column = pl.Series("sla_met", met, dtype=pl.Float64, nan_to_null=True).cast(pl.Boolean)
    return df.with_columns(column), "targets"


def _local_period(column: str, tz: str, every: str) -> Any:
    pl = _polars()
    return (
        pl.col(column).dt.convert_time_zone(tz).dt.truncate(every).dt.replace_time_zone(None)
    ).alias("period")


def _counts(df: Any, column: str) -> Any:
    pl = _polars()
    if column not in df.columns:
        return pl.DataFrame(
            {column: [], "tickets": []}, schema={column: pl.String, "tickets": pl.UInt32}
        )
    return (
        df.select(pl.col(column).cast(pl.String).fill_null("(none)"))
        .group_by(column)
        .len(name="tickets")
        .sort(["tickets", column], descending=[True, False])
    )


def _surveys(surveys: object, tz: str) -> tuple[Any, Any, dict[str, object], tuple[str, ...]]:
    pl = _polars()
    df = _frame("surveys", surveys, ("answered_at",))
    scores = [c for c in ("nps", "csat") if c in df.columns]
    if not scores:
        fail("surveys", Summary("<frame without 'nps' or 'csat'>"), "a column 'nps' or 'csat'")
    df = _utc("surveys", df, "answered_at", tz).with_columns(
        _local_period("answered_at", tz, "1mo")
    )
    nps_monthly = csat_monthly = None
    values: dict[str, object] = {}
    notes: list[str] = []
    if "nps" in df.columns:
        answered = df.filter(pl.col("nps").is_not_null())
        if answered.height:
            nps_monthly = nps_by(answered, "period", score="nps")
            values["nps"] = nps(answered["nps"].to_numpy())
            notes.append(f"{answered.height} NPS answers")
    if "csat" in df.columns:
        answered = df.filter(pl.col("csat").is_not_null())
        if answered.height:
            csat_monthly = csat_by(answered, "period", score="csat")
            values["csat"] = csat(answered["csat"].to_numpy())
            notes.append(f"{answered.height} CSAT answers")
    return nps_monthly, csat_monthly, values, tuple(notes)


def build_report(
    tickets: Any,
    *,
    tz: str,
    calendar: BusinessCalendar | None = None,
    surveys: Any = None,
    until: datetime | None = None,
    targets: Mapping[str, KPITarget] = REPORT_TARGETS,
    handle_time: timedelta = timedelta(minutes=8),
    service_level: tuple[float, timedelta] = (0.8, timedelta(seconds=20)),
    title: str = "Service report",
    progress: Progress | None = None,
) -> Report:
    """Compute a service report from a normalised ticket frame.

    Parameters
    ----------
    tickets : data frame
        One row per ticket with the columns of :mod:`servicekit.io` (what the
        importers and :func:`servicekit.datasets.load_helpdesk` give):
        ``ticket_id``, ``opened_at`` and ``status`` at least; every other
        column is used when present. pandas or polars, eager or lazy.
    tz : str
        The zone days, months and hours are counted in (``"Asia/Shanghai"``);
        also the zone of naive times.
    calendar : BusinessCalendar, optional
        Business hours for business times and the staffing plan's open days.
        Default: always open in ``tz``.
    surveys : data frame, optional
        Survey answers: ``answered_at`` and ``nps`` (0-10) and/or ``csat``
        (1-5) columns.
    until : datetime, optional
        When the export was taken (aware). Default: just after its latest
        time, so the last day counts as incomplete.
    targets : mapping, default REPORT_TARGETS
        The scorecard's targets.
    handle_time : timedelta, default 8 minutes
        Average handle time for the staffing plan.
    service_level : (float, timedelta), default (0.8, 20 s)
        The staffing plan's target: this share answered within this time.
    title : str, default "Service report"
        The page's heading.
    progress : callable, optional
        Called with the name of each stage as it starts (the command line's
        progress display).

    Returns
    -------
    Report

    Raises
    ------
    InvalidInputError
        A frame that is not one, a missing column, times that are not times,
        an unknown zone.

    Examples
    --------
    >>> from servicekit.datasets import load_helpdesk
    >>> desk = load_helpdesk(backend="polars")
    >>> report = build_report(desk.tickets, tz=desk.tz, surveys=desk.surveys)
    >>> report.scorecard["resolution_rate"].target
    0.95
    >>> int(report.volume.incomplete.sum())
    1
    """
    pl = _polars()
    step = progress if progress is not None else (lambda _stage: None)
    zone = time_zone("tz", tz)
    if calendar is not None and not isinstance(calendar, BusinessCalendar):
        fail("calendar", Summary(f"<{type(calendar).__name__}>"), "a BusinessCalendar")
    cal = calendar if calendar is not None else BusinessCalendar.always_open(str(zone))
    if not isinstance(title, str):
        fail("title", Summary(f"<{type(title).__name__}>"), "a string")

    step("tickets")
    df = _frame("tickets", tickets, _REQUIRED)
    for column in _TIMES:
        if column in df.columns:
            df = _utc("tickets", df, column, tz)
    if df.height == 0:
        fail("tickets", Summary("<empty frame>"), "at least one ticket")
    if df["opened_at"].null_count():
        fail("tickets", Summary("<opened_at with nulls>"), "an opening time on every ticket")
    latest = df.select(pl.max_horizontal([pl.col(c).max() for c in _TIMES if c in df.columns]))
    last_seen: datetime = latest.item()
    if until is None:
        end = last_seen + timedelta(microseconds=1)
    else:
        if not isinstance(until, datetime) or until.utcoffset() is None:
            fail("until", until, "an aware datetime")
        if until <= last_seen:
            fail("until", until, "a time after the export's latest time")
        end = until.astimezone(timezone.utc)
    notes: list[str] = []
    if "first_response_derived" in df.columns and df["first_response_derived"].any():
        notes.append(
            "first responses were derived from the export's minutes column (first_response_derived)"
        )

    step("business times")
    opened = _us(df["opened_at"])
    missing_col = np.full(df.height, np.datetime64("NaT", "us"))
    first = _us(df["first_response_at"]) if "first_response_at" in df.columns else missing_col
    resolved = _us(df["resolved_at"]) if "resolved_at" in df.columns else missing_col
    first_s, bad_first = _business_seconds(cal, opened, first)
    res_s, bad_res = _business_seconds(cal, opened, resolved)
    if bad_first or bad_res:
        notes.append(f"{bad_first + bad_res} times before their ticket's opening were left out")
    df, sla_source = _sla_met(df, first_s, res_s)
    # kpi_table refuses a response before the opening: those times are left out above
    df = df.with_columns(
        pl.Series(
            "first_response_at", np.where(np.isnan(first_s), np.datetime64("NaT", "us"), first)
        ).dt.replace_time_zone("UTC"),
        pl.Series(
            "resolved_at", np.where(np.isnan(res_s), np.datetime64("NaT", "us"), resolved)
        ).dt.replace_time_zone("UTC"),
    ).with_columns(
        (pl.col("status").is_in(_SOLVED) | pl.col("resolved_at").is_not_null()).alias("resolved"),
        pl.lit("all").alias("scope"),
    )

    step("KPIs")
    columns = {
        c: c
        for c in ("opened_at", "first_response_at", "resolved_at", "resolved", "reopened",
                  "escalated", "sla_met")
        if c in df.columns
    }  # fmt: skip
    overall = kpi_table(df, "scope", columns=columns, tz=tz, calendar=cal)
    monthly = kpi_table(df, "period", columns=columns, tz=tz, freq="M", calendar=cal)
    by_priority = (
        kpi_table(df, ["period", "priority"], columns=columns, tz=tz, freq="M", calendar=cal)
        if "priority" in df.columns
        else None
    )
    row = overall.row(0, named=True)
    values: dict[str, object] = {}
    for kpi, column in (
        ("first_response_time", "first_response_time_business_median_s"),
        ("resolution_time", "resolution_time_business_median_s"),
    ):
        if row[column] is not None and math.isfinite(row[column]):
            values[kpi] = timedelta(seconds=row[column])
    for kpi in ("resolution_rate", "reopen_rate", "escalation_rate", "sla_compliance"):
        if row.get(kpi) is not None and math.isfinite(row[kpi]):
            values[kpi] = row[kpi]

    step("volume")
    volume = complaint_spikes(df["opened_at"], freq="D", tz=tz, until=end)

    step("surveys")
    nps_monthly = csat_monthly = None
    if surveys is not None:
        nps_monthly, csat_monthly, scores, survey_notes = _surveys(surveys, tz)
        values.update(scores)
        notes.extend(survey_notes)
    scorecard = kpi_scorecard(values, targets=targets)

    step("staffing")
    local = df.select(pl.col("opened_at").dt.convert_time_zone(tz).alias("local"))["local"]
    hourly = np.bincount(local.dt.hour().to_numpy(), minlength=24).astype(np.int64)
    first_day = local.min().date()
    last_day = (end.astimezone(zone) - timedelta(microseconds=1)).date()
    open_days = _open_days(cal, first_day, last_day, tz)
    on_open = np.isin(local.dt.date().to_numpy(), open_days)
    slots = (local.dt.hour() * 2 + local.dt.minute() // 30).to_numpy()[on_open]
    per_slot = np.bincount(slots, minlength=48).astype(np.float64) / max(len(open_days), 1)
    traffic = traffic_intensity(per_slot, period=_HALF_HOUR, handle_time=handle_time)
    plan = required_agents(
        traffic,
        handle_time=handle_time,
        target_service_level=service_level[0],
        target_answer_time=service_level[1],
    )
    staffing = pl.DataFrame(
        {
            "slot": [f"{s // 2:02d}:{30 * (s % 2):02d}" for s in range(48)],
            "arrivals": per_slot,
            "traffic": np.asarray(traffic, dtype=np.float64),
            "agents": np.asarray(plan.agents, dtype=np.int64),
            "service_level": np.asarray(plan.service_level, dtype=np.float64),
            "occupancy": np.asarray(plan.occupancy, dtype=np.float64),
        }
    )

    step("categories")
    start: datetime = df["opened_at"].min()
    return Report(
        title=title,
        tz=str(zone),
        calendar=cal,
        start=start,
        until=end,
        tickets=df.height,
        scorecard=scorecard,
        overall=overall.drop("scope"),
        monthly=monthly,
        sla_by_priority=by_priority,
        sla_source=sla_source,
        volume=volume,
        first_response_s=first_s[~np.isnan(first_s)],
        resolution_s=res_s[~np.isnan(res_s)],
        hourly=hourly,
        staffing=staffing,
        categories=_counts(df, "category"),
        channels=_counts(df, "channel"),
        nps_monthly=nps_monthly,
        csat_monthly=csat_monthly,
        handle_time=handle_time,
        service_level=service_level,
        notes=tuple(notes),
    )
