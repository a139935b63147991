"""Service KPIs per group, on any data frame engine, in local time."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import narwhals.stable.v2 as nw

from servicekit._params import Options, Summary, fail, validate_params
from servicekit.frames._business import with_open_seconds
from servicekit.frames._engine import Source, zone_name
from servicekit.sla import BusinessCalendar

__all__ = ["KPI_COLUMNS", "kpi_table"]

KPI_COLUMNS = (
    "opened_at",
    "first_response_at",
    "resolved_at",
    "resolved",
    "first_contact_resolution",
    "reopened",
    "escalated",
    "sla_met",
    "handle_time",
)
"""The library's names for the columns :func:`kpi_table` reads (map yours with ``columns=``)."""

_INSTANTS = ("opened_at", "first_response_at", "resolved_at")
_FLAGS = ("resolved", "first_contact_resolution", "reopened", "escalated", "sla_met")
_TIMES = {"first_response_time": "first_response_at", "resolution_time": "resolved_at"}
_FREQ = {"h": "1h", "D": "1d", "W": "1d", "M": "1mo"}
_P = "__sk_"


def _mapping(source: Source, columns: Mapping[str, str] | None) -> dict[str, str]:
    """Library name -> the frame's column, for the columns present."""
    given = dict(columns or {})
    if columns is not None and not isinstance(columns, Mapping):
        fail("columns", Summary(f"<{type(columns).__name__}>"), "a mapping of names to columns")
    for name, actual in given.items():
        if name not in KPI_COLUMNS:
            fail("columns", Summary(f"<key {name!r}>"), f"keys from {list(KPI_COLUMNS)}")
        source.column("columns", actual)
    found = {}
    for name in KPI_COLUMNS:
        actual = given.get(name, name)
        if actual in source.schema:
            found[name] = actual
    return found


def _period(source: Source, frame: nw.LazyFrame[Any], opened: str, tz: str, freq: str) -> Any:
    frame = source.with_local(frame, opened, f"{_P}local", tz)
    local = nw.col(f"{_P}local")
    period = local.dt.truncate(_FREQ[freq])
    if freq == "W":  # back to Monday (weekday 1..7; Spark's narwhals gives 0 for Sunday)
        weekday = local.dt.weekday()
        monday: Any = period
        for day, offset in ((2, 1), (3, 2), (4, 3), (5, 4), (6, 5), (7, 6), (0, 6)):
            monday = (
                nw.when(weekday == day).then(period.dt.offset_by(f"-{offset}d")).otherwise(monday)
            )
        period = monday
    return frame.with_columns(period.alias("period")).drop(f"{_P}local")


@validate_params(freq=Options(None, "h", "D", "W", "M"))
def kpi_table(
    frame: Any,
    by: str | Sequence[str],
    *,
    columns: Mapping[str, str] | None = None,
    tz: str | None = None,
    freq: str | None = None,
    calendar: BusinessCalendar | None = None,
    targets: Mapping[str, timedelta] | None = None,
) -> Any:
    """The service KPIs per agent, channel, category or period, on any data frame engine.

    Parameters
    ----------
    frame : data frame or mapping of columns
        One row per ticket: a pandas, polars (eager or lazy), PyArrow, DuckDB
        or PySpark frame, or a dict of columns (lists or arrays).
    by : str or list of str
        The column(s) to group by; ``"period"`` groups by the ticket's
        opening period (``freq``), in local time.
    columns : mapping, optional
        The frame's name for each of the library's columns, e.g.
        ``{"opened_at": "created", "first_response_at": "first_reply"}``. The
        library's names (:data:`KPI_COLUMNS`): ``opened_at``,
        ``first_response_at``, ``resolved_at`` (instants); ``resolved``,
        ``first_contact_resolution``, ``reopened``, ``escalated``,
        ``sla_met`` (booleans, null for unknown); ``handle_time`` (a
        duration, or numbers of seconds). Any may be absent; its KPIs are then
        null.
    tz : str, optional
        The zone periods are counted in, and the zone of naive times. With
        aware times and no ``tz``, the data's own zone is used; naive times
        with no ``tz`` are refused.
    freq : {"h", "D", "W", "M"}, optional
        Also group by the opening period: hour, day, week (from Monday) or
        calendar month, in local time. The ``period`` column holds each
        period's local start (a naive wall-clock datetime).
    calendar : BusinessCalendar, optional
        Also measure first response and resolution times in business time.
    targets : mapping, optional
        SLA targets ``{"first_response": timedelta, "resolution": timedelta}``:
        a ticket meets its SLA when every given target is met (in business
        time when a calendar is given); used when there is no ``sla_met`` column.

    Returns
    -------
    data frame or KPITable
        The same kind as ``frame`` (a :class:`servicekit.metrics.KPITable`
        for a dict of columns), one row per group, sorted: the keys; ``n``;
        ``answered`` and ``first_response_time_{mean,median,p90}_s``;
        ``resolved_n`` and ``resolution_time_{mean,median,p90}_s``; with a
        calendar the same in business seconds (``..._business_...``);
        ``first_contact_resolution_rate`` (over ``fcr_known``),
        ``resolution_rate`` (over ``resolution_known``), ``reopen_rate``,
        ``escalation_rate``, ``sla_compliance`` (each over the tickets where
        it is known); ``average_handle_time_s``.

    Notes
    -----
    Times are taken between instants, so a daylight-saving change never adds
    or removes an hour; only the binning into periods is local. A response
    before the opening is not a time: on an eager frame it is refused, on a
    lazy one left out. Medians and 90th percentiles interpolate linearly, as
    NumPy's default.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime
    >>> tickets = pl.DataFrame({
    ...     "agent": ["ann", "ann", "bo"],
    ...     "created": [datetime(2026, 10, 12, 23, 30), datetime(2026, 10, 13, 9),
    ...                 datetime(2026, 10, 13, 10)],
    ...     "first_reply": [datetime(2026, 10, 13, 0, 30), None, datetime(2026, 10, 13, 10, 5)],
    ... })
    >>> names = {"opened_at": "created", "first_response_at": "first_reply"}
    >>> table = kpi_table(tickets, "agent", columns=names, tz="Asia/Shanghai")
    >>> table.select("agent", "n", "answered", "first_response_time_mean_s")
    shape: (2, 4)
    ┌───────┬─────┬──────────┬────────────────────────────┐
    │ agent ┆ n   ┆ answered ┆ first_response_time_mean_s │
    │ ---   ┆ --- ┆ ---      ┆ ---                        │
    │ str   ┆ i64 ┆ i64      ┆ f64                        │
    ╞═══════╪═════╪══════════╪════════════════════════════╡
    │ ann   ┆ 2   ┆ 1        ┆ 3600.0                     │
    │ bo    ┆ 1   ┆ 1        ┆ 300.0                      │
    └───────┴─────┴──────────┴────────────────────────────┘
    """
    source = Source("frame", frame)
    found = _mapping(source, columns)
    keys = [by] if isinstance(by, str) else list(by)
    if not keys or not all(isinstance(k, str) for k in keys):
        fail("by", Summary("<not column names>"), "a column name or a list of them")
    if freq is not None and "period" not in keys:
        keys.append("period")
    if "period" in keys and freq is None:
        fail("freq", None, "'h', 'D', 'W' or 'M' when grouping by period")
    for key in keys:
        if key != "period":
            source.column("by", key)
    if calendar is not None and not isinstance(calendar, BusinessCalendar):
        fail("calendar", Summary(f"<{type(calendar).__name__}>"), "a BusinessCalendar")
    goals = _targets(targets)
    if tz is not None:
        tz = zone_name("tz", tz)
    for name in _INSTANTS:
        if name in found and source.datetime_zone(name, found[name]) is None and tz is None:
            source.naive_without_zone(found[name])

    lf = source.frame
    if "period" in keys:
        if "opened_at" not in found:
            fail("by", "period", "an opened_at column to take the period from")
        zone = source.zone_for(found["opened_at"], tz)
        lf = _period(source, lf, found["opened_at"], zone, str(freq))
    us = {}
    for name in _INSTANTS:
        if name in found:
            lf = source.with_epoch_us(lf, found[name], f"{_P}{name}", tz)
            us[name] = f"{_P}{name}"
    if calendar is not None:
        lf = with_open_seconds(source, lf, {col: f"{col}_open" for col in us.values()}, calendar)
    measures: list[Any] = []
    bad: list[Any] = []
    for kpi, column in _TIMES.items():
        if "opened_at" in us and column in us:
            wall = (nw.col(us[column]) - nw.col(us["opened_at"])).cast(nw.Float64) / 1e6
            bad.append(wall < 0)
            measures.append(nw.when(wall >= 0).then(wall).otherwise(None).alias(f"{_P}{kpi}"))
            if calendar is not None:
                open_s = nw.col(f"{us[column]}_open") - nw.col(f"{us['opened_at']}_open")
                measures.append(
                    nw.when(wall >= 0).then(open_s).otherwise(None).alias(f"{_P}{kpi}_business")
                )
        else:
            measures.append(nw.lit(None, nw.Float64).alias(f"{_P}{kpi}"))
            if calendar is not None:
                measures.append(nw.lit(None, nw.Float64).alias(f"{_P}{kpi}_business"))
    flags = {}
    for name in _FLAGS:
        if name in found:
            dtype = source.schema[found[name]]
            if not isinstance(dtype, nw.Boolean | nw.Unknown):  # Unknown: all null
                fail(name, found[name], f"a boolean column (it holds {dtype})")
            flags[name] = nw.col(found[name]).cast(nw.Float64)
        elif name == "resolved" and "resolved_at" in us:
            flags[name] = (~nw.col(us["resolved_at"]).is_null()).cast(nw.Float64)
        elif name == "sla_met" and goals:
            flags[name] = _sla_met(us, goals, calendar is not None)
    # absent flags and times cost nothing per row: their outputs are constants
    measures.extend(expr.alias(f"{_P}{name}") for name, expr in flags.items())
    if "handle_time" in found:
        handle = _seconds(source, found["handle_time"])
        measures.append(nw.when(handle >= 0).then(handle).otherwise(None).alias(f"{_P}handle_time"))
        if source.eager:
            bad_handle = (handle < 0).fill_null(False).cast(nw.Int64)
            measures.append(bad_handle.alias(f"{_P}bad_handle"))
    elif source.eager:
        measures.append(nw.lit(0, nw.Int64).alias(f"{_P}bad_handle"))
    bad_expr = nw.lit(0, nw.Int64)
    for b in bad:
        bad_expr = bad_expr + b.fill_null(False).cast(nw.Int64)
    if source.eager:  # only an eager frame is checked (a lazy one is not run)
        measures.append(bad_expr.alias(f"{_P}bad"))
    lf = lf.with_columns(*measures)

    times = [f"{_P}{kpi}" for kpi in _TIMES if _measured(kpi, us)]
    if calendar is not None:
        times += [f"{_P}{kpi}_business" for kpi in _TIMES if _measured(kpi, us)]
    checks = [f"{_P}bad", f"{_P}bad_handle"] if source.eager else []
    aggs: list[Any] = [nw.len().alias(f"{_P}one")]
    if checks:
        aggs.append(nw.col(*checks).sum())
    for t in times:
        aggs += [
            nw.col(t).count().alias(f"{t}_count"),
            nw.col(t).mean().alias(f"{t}_mean"),
            nw.col(t).median().alias(f"{t}_median"),
            nw.col(t).quantile(0.9, interpolation="linear").alias(f"{t}_p90"),
        ]
    for name in flags:
        aggs += [
            nw.col(f"{_P}{name}").sum().alias(f"{_P}{name}_sum"),
            nw.col(f"{_P}{name}").count().alias(f"{_P}{name}_known"),
        ]
    if "handle_time" in found:
        aggs.append(nw.col(f"{_P}handle_time").mean().alias(f"{_P}aht"))
    grouped = lf.group_by(keys).agg(*aggs)
    constants: list[Any] = []
    for name in _FLAGS:
        if name not in flags:
            constants += [
                nw.lit(None, nw.Float64).alias(f"{_P}{name}_sum"),
                nw.lit(0, nw.Int64).alias(f"{_P}{name}_known"),
            ]
    every = [f"{_P}{kpi}" for kpi in _TIMES]
    if calendar is not None:
        every += [f"{_P}{kpi}_business" for kpi in _TIMES]
    for t in every:
        if t not in times:
            constants.append(nw.lit(0, nw.Int64).alias(f"{t}_count"))
            constants += [
                nw.lit(None, nw.Float64).alias(f"{t}_{stat}") for stat in ("mean", "median", "p90")
            ]
    if "handle_time" not in found:
        constants.append(nw.lit(None, nw.Float64).alias(f"{_P}aht"))
    if constants:
        grouped = grouped.with_columns(*constants)

    def rate(name: str) -> Any:
        known = nw.col(f"{_P}{name}_known").cast(nw.Float64)
        return nw.when(known > 0).then(nw.col(f"{_P}{name}_sum").cast(nw.Float64) / known)

    out_cols: list[Any] = [*keys, nw.col(f"{_P}one").cast(nw.Int64).alias("n")]
    labels = {"first_response_time": "answered", "resolution_time": "resolved_n"}
    for kpi in _TIMES:
        out_cols.append(nw.col(f"{_P}{kpi}_count").cast(nw.Int64).alias(labels[kpi]))
        for stat in ("mean", "median", "p90"):
            out_cols.append(nw.col(f"{_P}{kpi}_{stat}").cast(nw.Float64).alias(f"{kpi}_{stat}_s"))
    if calendar is not None:
        for kpi in _TIMES:
            for stat in ("mean", "median", "p90"):
                out_cols.append(
                    nw.col(f"{_P}{kpi}_business_{stat}")
                    .cast(nw.Float64)
                    .alias(f"{kpi}_business_{stat}_s")
                )
    out_cols += [
        rate("first_contact_resolution").alias("first_contact_resolution_rate"),
        nw.col(f"{_P}first_contact_resolution_known").cast(nw.Int64).alias("fcr_known"),
        rate("resolved").alias("resolution_rate"),
        nw.col(f"{_P}resolved_known").cast(nw.Int64).alias("resolution_known"),
        rate("reopened").alias("reopen_rate"),
        rate("escalated").alias("escalation_rate"),
        rate("sla_met").alias("sla_compliance"),
        nw.col(f"{_P}aht").cast(nw.Float64).alias("average_handle_time_s"),
        *(nw.col(c).cast(nw.Int64) for c in checks),
    ]
    result = grouped.select(*out_cols).sort(keys)
    if source.eager:
        result = result.collect().lazy()
        counts = source.collect_small(result.select(nw.col(f"{_P}bad", f"{_P}bad_handle").sum()))
        if counts[f"{_P}bad"][0]:
            fail(
                "first_response_at",
                Summary(f"<{int(counts[f'{_P}bad'][0])} before opened_at>"),
                "response and resolution times not before opened_at",
            )
        if counts[f"{_P}bad_handle"][0]:
            fail(
                "handle_time",
                Summary(f"<{int(counts[f'{_P}bad_handle'][0])} negative>"),
                "handle times of zero or more",
            )
        result = result.drop(*checks)
    if source.mapping:
        return _as_table(keys, source.finish(result))
    return source.finish(result)


def _measured(kpi: str, us: dict[str, str]) -> bool:
    return "opened_at" in us and _TIMES[kpi] in us


def _targets(targets: Mapping[str, timedelta] | None) -> dict[str, float]:
    if targets is None:
        return {}
    if not isinstance(targets, Mapping):
        fail("targets", Summary(f"<{type(targets).__name__}>"), "a mapping of targets")
    out = {}
    for name, value in targets.items():
        if name not in ("first_response", "resolution"):
            fail("targets", Summary(f"<key {name!r}>"), "keys 'first_response' and 'resolution'")
        if not isinstance(value, timedelta) or value <= timedelta(0):
            fail("targets", Summary(f"<{name}>"), "positive timedeltas")
        out[name] = value.total_seconds()
    return out


def _sla_met(us: dict[str, str], goals: dict[str, float], business: bool) -> Any:
    met: Any = None
    for name, seconds in goals.items():
        column = _TIMES[f"{name}_time"]
        if "opened_at" not in us or column not in us:
            return nw.lit(None, nw.Float64)
        if business:
            spent = nw.col(f"{us[column]}_open") - nw.col(f"{us['opened_at']}_open")
        else:
            spent = (nw.col(us[column]) - nw.col(us["opened_at"])).cast(nw.Float64) / 1e6
        this = nw.when(spent.is_null()).then(None).otherwise((spent <= seconds).cast(nw.Float64))
        # met only when every target is met; unknown (still open) when one is unknown
        met = this if met is None else nw.min_horizontal(met, this)
    return met


def _seconds(source: Source, column: str) -> Any:
    dtype = source.schema[column]
    if isinstance(dtype, nw.Duration):
        return nw.col(column).dt.total_microseconds().cast(nw.Float64) / 1e6
    if dtype.is_numeric():
        return nw.col(column).cast(nw.Float64)
    fail("handle_time", column, f"a duration column or seconds (it holds {dtype})")
    return None  # pragma: no cover - fail() raises


def _as_table(keys: list[str], frame: Any) -> Any:
    from servicekit.metrics import KPITable

    records = frame.to_dicts() if hasattr(frame, "to_dicts") else frame.to_dict("records")
    by = keys[0] if len(keys) == 1 else ",".join(keys)
    return KPITable(by, tuple(records))
