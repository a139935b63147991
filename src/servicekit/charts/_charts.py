"""The chart functions (private; see :mod:`servicekit.charts`)."""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from servicekit._params import Summary, fail
from servicekit.metrics import ControlChart, SpikeReport

__all__ = [
    "bar_chart",
    "control_chart",
    "hourly_profile",
    "nps_trend",
    "rate_trend",
    "staffing_curve",
    "time_distribution",
    "to_svg",
]

WIDTH = 600
_UNITS = {"min": 60.0, "h": 3600.0, "d": 86400.0}
_UNIT_NAMES = {"min": "minutes", "h": "hours", "d": "days"}
_RED, _GREY, _BLUE, _GREEN = "#c62828", "#9aa5b1", "#1f77b4", "#2e7d32"


def _alt() -> Any:
    try:
        return importlib.import_module("altair")
    except ImportError as err:
        raise ImportError("charts need altair: pip install 'servicekit[charts]'") from err


def _title(title: object, default: str) -> str:
    if title is None:
        return default
    if not isinstance(title, str):
        fail("title", Summary(f"<{type(title).__name__}>"), "a string")
    return title


def _height(height: object, default: int | None = None) -> int:
    if height is None and default is not None:
        return default
    if isinstance(height, bool) or not isinstance(height, int) or not 50 <= height <= 2000:
        fail("height", height, "a whole number of pixels from 50 to 2000")
    return height


def _numbers(name: str, values: object) -> NDArray[np.float64]:
    """A 1-d float array from a list, NumPy array or pandas/polars series (None to NaN)."""
    if hasattr(values, "to_numpy") and not isinstance(values, np.ndarray):
        values = values.to_numpy()
    try:
        arr = np.asarray(values, dtype=object)
        out = np.array([np.nan if v is None else v for v in arr.ravel()], dtype=np.float64)
    except (TypeError, ValueError):
        fail(name, Summary(f"<{type(values).__name__}>"), "numbers (an array-like)")
    if arr.ndim != 1:
        fail(name, Summary(f"<{arr.ndim}-d array>"), "a 1-d array-like of numbers")
    return out


def _labels(name: str, values: object) -> list[str]:
    if hasattr(values, "to_list"):
        values = values.to_list()
    if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray):
        fail(name, Summary(f"<{type(values).__name__}>"), "a sequence of labels")
    return [str(v) for v in values]


def _x_values(periods: NDArray[Any]) -> tuple[list[Any], str]:
    """Periods as Vega values: datetimes as ISO text marked UTC (wall time kept), else ints."""
    if periods.dtype.kind == "M":
        text = np.datetime_as_string(periods.astype("datetime64[s]"), unit="s")
        return [f"{t}Z" for t in text.tolist()], "T"
    return [int(p) for p in periods.tolist()], "Q"


def _x(alt: Any, kind: str, title: str) -> Any:
    if kind == "T":
        return alt.X(
            "period:T",
            title=title,
            scale=alt.Scale(type="utc"),
            axis=alt.Axis(format="%Y-%m-%d", formatType="utc"),
        )
    return alt.X("period:Q", title=title)


def control_chart(report: Any, *, title: str | None = None, height: int = 220) -> Any:
    """A control chart: counts per period, centre line, limits, spikes and incomplete periods.

    Parameters
    ----------
    report : SpikeReport or ControlChart
        From :func:`servicekit.metrics.complaint_spikes` (periods on the x
        axis) or a chart function such as ``c_chart`` (points 0..n-1).
    title : str, optional
    height : int, default 220
        Pixels.

    Returns
    -------
    altair.LayerChart
        Layers: the counts (line), centre line, upper and lower limits
        (lines), and the flagged points: ``spike`` in red, ``incomplete``
        hollow grey (the period the data ends in: shown, never judged).

    Examples
    --------
    >>> from servicekit.metrics import c_chart
    >>> chart = control_chart(c_chart([4, 6, 5, 3, 5, 4, 21]))
    >>> points = chart.to_dict()["layer"][-1]["data"]["values"]
    >>> [(p["period"], p["status"]) for p in points]
    [(6, 'spike')]
    """
    alt = _alt()
    if isinstance(report, SpikeReport):
        chart, periods = report.chart, np.asarray(report.periods)
        incomplete = np.asarray(report.incomplete, dtype=bool)
        if incomplete.size != periods.size:
            incomplete = np.zeros(periods.size, dtype=bool)
    elif isinstance(report, ControlChart):
        chart, periods = report, np.arange(report.values.size)
        incomplete = np.zeros(periods.size, dtype=bool)
    else:
        fail("report", Summary(f"<{type(report).__name__}>"), "a SpikeReport or a ControlChart")
    xs, kind = _x_values(periods)
    high = np.zeros(periods.size, dtype=bool)
    flagged = chart.out_of_control[
        chart.values[chart.out_of_control] > chart.center[chart.out_of_control]
    ]
    high[flagged] = True
    high &= ~incomplete
    rows = [
        {"period": x, "count": float(v), "center": float(c), "ucl": float(u), "lcl": float(lo)}
        for x, v, c, u, lo in zip(
            xs, chart.values.tolist(), chart.center.tolist(), chart.ucl.tolist(),
            chart.lcl.tolist(), strict=True,
        )
    ]  # fmt: skip
    status = np.where(incomplete, "incomplete", np.where(high, "spike", ""))
    points = [dict(r, status=s) for r, s in zip(rows, status.tolist(), strict=True) if s]
    data = alt.Data(values=rows)
    x = _x(alt, kind, "Period" if kind == "T" else "Sample")
    base = alt.Chart(data).encode(x=x)
    count = base.mark_line(color=_BLUE, point=alt.OverlayMarkDef(size=12)).encode(
        y=alt.Y("count:Q", title="Count")
    )
    center = base.mark_line(color=_GREEN, strokeDash=[4, 2]).encode(y="center:Q")
    ucl = base.mark_line(color=_RED, strokeDash=[6, 3], interpolate="step-after").encode(y="ucl:Q")
    lcl = base.mark_line(color=_RED, strokeDash=[6, 3], interpolate="step-after").encode(y="lcl:Q")
    flags = (
        alt.Chart(alt.Data(values=points))
        .mark_point(size=70, strokeWidth=2)
        .encode(
            x=x,
            y="count:Q",
            color=alt.Color(
                "status:N",
                title="",
                scale=alt.Scale(domain=["spike", "incomplete"], range=[_RED, _GREY]),
            ),
            fill=alt.Fill(
                "status:N",
                legend=None,
                scale=alt.Scale(domain=["spike", "incomplete"], range=[_RED, "#ffffff"]),
            ),
        )
    )
    return alt.layer(count, center, ucl, lcl, flags).properties(
        title=_title(title, "Control chart"), width=WIDTH, height=_height(height)
    )


def _frame(name: str, frame: object, columns: Sequence[str]) -> Any:
    import narwhals.stable.v2 as nw

    try:
        df: Any = nw.from_native(frame, eager_only=True)
    except TypeError:
        fail(name, Summary(f"<{type(frame).__name__}>"), "an eager pandas or polars data frame")
    for column in columns:
        if column not in df.columns:
            fail(name, Summary(f"<frame without {column!r}>"), f"a column {column!r}")
    return df


def _column_x(df: Any, period: str) -> tuple[list[Any], str]:
    values = df[period].to_numpy()
    if values.dtype.kind == "M":
        return _x_values(values.astype("datetime64[us]"))
    if values.dtype.kind == "O" and values.size and hasattr(values[0], "isoformat"):
        return _x_values(np.array(values.tolist(), dtype="datetime64[us]"))
    return _x_values(np.asarray(values))


def nps_trend(
    frame: Any, *, period: str = "period", title: str | None = None, height: int = 220
) -> Any:
    """NPS per period as a line, with its confidence interval as a band.

    Parameters
    ----------
    frame : data frame
        What :func:`servicekit.frames.nps_by` gives, grouped by ``period``:
        columns ``nps``, ``ci_low``, ``ci_high`` and ``n`` (pandas or polars).
    period : str, default "period"
        The column on the x axis.
    title : str, optional
    height : int, default 220

    Returns
    -------
    altair.LayerChart
        The band (area from ``ci_low`` to ``ci_high``) and the NPS line.

    Examples
    --------
    >>> import polars as pl
    >>> from datetime import datetime
    >>> from servicekit.frames import nps_by
    >>> answers = pl.DataFrame({"period": [datetime(2026, 1, 1)] * 4 + [datetime(2026, 2, 1)] * 4,
    ...                         "nps": [10, 9, 3, 8, 10, 10, 9, 6]})
    >>> spec = nps_trend(nps_by(answers, "period")).to_dict()
    >>> spec["layer"][0]["mark"]["type"], spec["data"]["values"][1]["nps"]
    ('area', 50.0)
    """
    alt = _alt()
    df = _frame("frame", frame, (period, "nps", "ci_low", "ci_high", "n"))
    xs, kind = _column_x(df, period)
    rows = [
        {"period": x, "nps": _num(a), "ci_low": _num(b), "ci_high": _num(c), "n": int(n)}
        for x, a, b, c, n in zip(
            xs, df["nps"].to_list(), df["ci_low"].to_list(), df["ci_high"].to_list(),
            df["n"].to_list(), strict=True,
        )
    ]  # fmt: skip
    x = _x(alt, kind, "Period") if kind == "T" else alt.X("period:Q", title="Period")
    base = alt.Chart(alt.Data(values=rows)).encode(x=x)
    band = base.mark_area(opacity=0.25, color=_BLUE).encode(
        y=alt.Y("ci_low:Q", title="NPS", scale=alt.Scale(domain=[-100, 100])), y2="ci_high:Q"
    )
    line = base.mark_line(color=_BLUE, point=True).encode(
        y="nps:Q", tooltip=["nps:Q", "ci_low:Q", "ci_high:Q", "n:Q"]
    )
    return alt.layer(band, line).properties(
        title=_title(title, "NPS with its confidence interval"), width=WIDTH, height=_height(height)
    )


def _num(value: Any) -> float | None:
    if value is None:
        return None
    out = float(value)
    return None if np.isnan(out) else out


def rate_trend(
    frame: Any,
    *,
    period: str = "period",
    rate: str,
    group: str | None = None,
    target: float | None = None,
    title: str | None = None,
    height: int = 220,
) -> Any:
    """A rate (0 to 1, shown as a percentage) per period, one line per group.

    Parameters
    ----------
    frame : data frame
        One row per period (and group): e.g. ``kpi_table(..., freq="M")``.
    period : str, default "period"
    rate : str
        The column holding the rate, e.g. ``"sla_compliance"``.
    group : str, optional
        A column whose values get a line each, e.g. ``"priority"``.
    target : float, optional
        A target rate, drawn as a horizontal rule.
    title : str, optional
    height : int, default 220

    Returns
    -------
    altair.Chart or altair.LayerChart

    Examples
    --------
    >>> import polars as pl
    >>> frame = pl.DataFrame({"period": [1, 2, 3], "sla_compliance": [0.9, 0.95, 0.97]})
    >>> spec = rate_trend(frame, rate="sla_compliance", target=0.95).to_dict()
    >>> spec["layer"][1]["mark"]["type"], spec["layer"][1]["encoding"]["y"]["datum"]
    ('rule', 0.95)
    """
    alt = _alt()
    needed = (period, rate) if group is None else (period, rate, group)
    df = _frame("frame", frame, needed)
    if target is not None and (
        isinstance(target, bool) or not isinstance(target, int | float) or not 0 <= target <= 1
    ):
        fail("target", target, "a rate from 0 to 1")
    xs, kind = _column_x(df, period)
    groups = df[group].to_list() if group is not None else [None] * len(xs)
    rows = [
        {"period": x, "rate": _num(r), "group": None if g is None else str(g)}
        for x, r, g in zip(xs, df[rate].to_list(), groups, strict=True)
    ]
    x = _x(alt, kind, "Period") if kind == "T" else alt.X("period:Q", title="Period")
    encoding: dict[str, Any] = {
        "x": x,
        "y": alt.Y("rate:Q", title=rate.replace("_", " "), axis=alt.Axis(format="%")),
    }
    if group is not None:
        encoding["color"] = alt.Color("group:N", title=group)
    line = alt.Chart(alt.Data(values=rows)).mark_line(point=True).encode(**encoding)
    if target is None:
        out = line
    else:
        rule = alt.Chart().mark_rule(color=_RED, strokeDash=[4, 2]).encode(y=alt.datum(target))
        out = alt.layer(line, rule)
    return out.properties(
        title=_title(title, rate.replace("_", " ")), width=WIDTH, height=_height(height)
    )


def time_distribution(
    seconds: Any,
    *,
    title: str | None = None,
    unit: str = "h",
    bins: int = 30,
    height: int = 200,
) -> Any:
    """A histogram of durations, with the median and the 90th percentile marked.

    Parameters
    ----------
    seconds : array-like
        Durations in seconds (NumPy, list, pandas or polars series); missing
        values are left out.
    title : str, optional
    unit : {"min", "h", "d"}, default "h"
        The unit on the x axis.
    bins : int, default 30
        Equal-width bins from 0 to the 99th percentile; the longest 1% are
        counted in the last bin, so a long tail does not squash the chart.
    height : int, default 200

    Returns
    -------
    altair.LayerChart
        The bars (one record per bin: start, end, count; the durations
        themselves are not embedded), and rules at the median and p90.

    Examples
    --------
    >>> chart = time_distribution([600, 1200, 1800, 3600, 7200], unit="min", bins=4)
    >>> [r["count"] for r in chart.to_dict()["layer"][0]["data"]["values"]]
    [2, 1, 1, 1]
    >>> chart.to_dict()["layer"][1]["data"]["values"][0]["value"]
    30.0
    """
    alt = _alt()
    if unit not in _UNITS:
        fail("unit", unit, f"one of {sorted(_UNITS)}")
    if isinstance(bins, bool) or not isinstance(bins, int) or not 1 <= bins <= 500:
        fail("bins", bins, "a whole number of bins from 1 to 500")
    values = _numbers("seconds", seconds)
    values = values[~np.isnan(values)]
    if values.size and (values.min() < 0 or not np.isfinite(values).all()):
        fail("seconds", Summary("<negative or infinite>"), "durations >= 0 seconds")
    scaled = values / _UNITS[unit]
    top = float(np.quantile(scaled, 0.99)) if scaled.size else 1.0
    top = top if top > 0 else 1.0
    counts, edges = np.histogram(np.minimum(scaled, top), bins=bins, range=(0.0, top))
    rows = [
        {"start": float(a), "end": float(b), "count": int(c)}
        for a, b, c in zip(edges[:-1].tolist(), edges[1:].tolist(), counts.tolist(), strict=True)
    ]
    marks = (
        []
        if scaled.size == 0
        else [
            {"label": "median", "value": float(np.quantile(scaled, 0.5))},
            {"label": "p90", "value": float(np.quantile(scaled, 0.9))},
        ]
    )
    name = _UNIT_NAMES[unit]
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=_BLUE)
        .encode(
            x=alt.X("start:Q", title=name, bin="binned"),
            x2="end:Q",
            y=alt.Y("count:Q", title="Tickets"),
        )
    )
    rules = (
        alt.Chart(alt.Data(values=marks))
        .mark_rule(strokeDash=[4, 2])
        .encode(
            x="value:Q",
            color=alt.Color(
                "label:N", title="", scale=alt.Scale(domain=["median", "p90"], range=[_GREEN, _RED])
            ),
        )
    )
    return alt.layer(bars, rules).properties(
        title=_title(title, f"Durations ({name})"), width=WIDTH, height=_height(height)
    )


def bar_chart(
    labels: Any,
    values: Any,
    *,
    title: str | None = None,
    top: int = 10,
    height: int | None = None,
) -> Any:
    """Horizontal bars sorted by value; beyond ``top`` bars the rest are summed as "other".

    Parameters
    ----------
    labels : sequence
        One label per bar (categories, channels).
    values : array-like
        The value of each.
    title : str, optional
    top : int, default 10
    height : int, optional
        Pixels; by default 22 per bar.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> spec = bar_chart(["email", "chat", "phone"], [5, 9, 1], top=2).to_dict()
    >>> [(r["label"], r["value"]) for r in spec["data"]["values"]]
    [('chat', 9.0), ('email', 5.0), ('other', 1.0)]
    """
    alt = _alt()
    names = _labels("labels", labels)
    amounts = _numbers("values", values)
    if amounts.size != len(names):
        fail("values", Summary(f"<{amounts.size} values>"), f"{len(names)} values, one per label")
    if isinstance(top, bool) or not isinstance(top, int) or top < 1:
        fail("top", top, "a whole number >= 1")
    order = np.argsort(-np.nan_to_num(amounts), kind="stable")
    rows = [{"label": names[i], "value": float(amounts[i])} for i in order[:top].tolist()]
    if order.size > top:
        rows.append({"label": "other", "value": float(np.nansum(amounts[order[top:]]))})
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=_BLUE)
        .encode(
            y=alt.Y("label:N", title="", sort=None),
            x=alt.X("value:Q", title="Tickets"),
            tooltip=["label:N", "value:Q"],
        )
    )
    return chart.properties(
        title=_title(title, "Top values"),
        width=WIDTH,
        height=_height(height, default=max(60, 22 * len(rows))),
    )


def hourly_profile(hours: Any, values: Any, *, title: str | None = None, height: int = 200) -> Any:
    """A bar per hour of the day (or per half-hour slot label): the busiest hours.

    Parameters
    ----------
    hours : sequence
        Hours 0-23, or slot labels such as ``"09:30"``.
    values : array-like
        Tickets (or any count) per hour.
    title : str, optional
    height : int, default 200

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> spec = hourly_profile(range(24), [0] * 9 + [5, 8, 6] + [0] * 12).to_dict()
    >>> max(spec["data"]["values"], key=lambda r: r["value"])["hour"]
    '10'
    """
    alt = _alt()
    names = _labels("hours", list(hours) if isinstance(hours, range) else hours)
    amounts = _numbers("values", values)
    if amounts.size != len(names):
        fail("values", Summary(f"<{amounts.size} values>"), f"{len(names)} values, one per hour")
    rows = [{"hour": h, "value": float(v)} for h, v in zip(names, amounts.tolist(), strict=True)]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=_BLUE)
        .encode(
            x=alt.X("hour:O", title="Hour of day", sort=None),
            y=alt.Y("value:Q", title="Tickets"),
        )
    )
    return chart.properties(
        title=_title(title, "By hour of day"), width=WIDTH, height=_height(height)
    )


def staffing_curve(
    slots: Any, arrivals: Any, agents: Any, *, title: str | None = None, height: int = 220
) -> Any:
    """Arrivals per half-hour slot (bars) and the agents needed (a step line, right axis).

    Parameters
    ----------
    slots : sequence
        Slot labels, e.g. ``"09:00"``, ``"09:30"``.
    arrivals : array-like
        Contacts arriving in each slot.
    agents : array-like
        Agents needed in each slot, e.g. ``required_agents(...).agents``.
    title : str, optional
    height : int, default 220

    Returns
    -------
    altair.LayerChart

    Examples
    --------
    >>> spec = staffing_curve(["09:00", "09:30"], [20, 35], [4, 6]).to_dict()
    >>> [layer["mark"]["type"] for layer in spec["layer"]], spec["resolve"]["scale"]["y"]
    (['bar', 'line'], 'independent')
    """
    alt = _alt()
    names = _labels("slots", slots)
    came = _numbers("arrivals", arrivals)
    staff = _numbers("agents", agents)
    for name, arr in (("arrivals", came), ("agents", staff)):
        if arr.size != len(names):
            fail(name, Summary(f"<{arr.size} values>"), f"{len(names)} values, one per slot")
    rows = [
        {"slot": s, "arrivals": float(a), "agents": float(n)}
        for s, a, n in zip(names, came.tolist(), staff.tolist(), strict=True)
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(x=alt.X("slot:O", title="Slot", sort=None))
    bars = base.mark_bar(color="#c5d5ea").encode(y=alt.Y("arrivals:Q", title="Arrivals"))
    line = base.mark_line(color=_RED, interpolate="step-after", point=True).encode(
        y=alt.Y("agents:Q", title="Agents needed")
    )
    return (
        alt.layer(bars, line)
        .resolve_scale(y="independent")
        .properties(
            title=_title(title, "Arrivals and agents needed"), width=WIDTH, height=_height(height)
        )
    )


def to_svg(chart: Any) -> str:
    """Render an altair chart to SVG, offline (vl-convert; no browser, no network).

    Parameters
    ----------
    chart : altair chart
        Any altair chart, e.g. from the functions of this module.

    Returns
    -------
    str
        The SVG document.

    Examples
    --------
    >>> svg = to_svg(bar_chart(["email", "chat"], [5, 9], title="Channels"))
    >>> svg.startswith("<svg") and "Channels" in svg
    True
    """
    if not hasattr(chart, "to_dict"):
        fail("chart", Summary(f"<{type(chart).__name__}>"), "an altair chart")
    try:
        vlc = importlib.import_module("vl_convert")
    except ImportError as err:
        raise ImportError("to_svg needs vl-convert: pip install 'servicekit[charts]'") from err
    svg: str = vlc.vegalite_to_svg(chart.to_dict())
    return svg
