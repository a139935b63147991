"""The chart functions (private module; see :mod:`servicekit.charts`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import numpy as np
from numpy.typing import NDArray

from servicekit._params import (
    ArrayLike,
    Durations,
    FreeText,
    Identifier,
    Instance,
    Integer,
    Numbers,
    Optional,
    Options,
    Real,
    Summary,
    fail,
    native,
    validate_params,
)
from servicekit.charts._common import (
    BLUE,
    DARK,
    GREY,
    ORANGE,
    RED,
    WIDTH,
    altair,
    floats,
    frame_column,
    labels_of,
    period_axis,
    read_frame,
)
from servicekit.metrics import ControlChart, SpikeReport

if TYPE_CHECKING:
    import altair as alt
    from altair import Chart, LayerChart

__all__ = [
    "bar_chart",
    "control_chart",
    "hourly_profile",
    "nps_trend",
    "rate_trend",
    "staffing_curve",
    "time_distribution",
]

_TITLE = Optional(FreeText(max_length=200))
_HEIGHT = Integer(low=50, high=4000)
_COLUMN = Identifier()
_REPORT = Instance(
    SpikeReport, ControlChart, expected="a SpikeReport (from complaint_spikes) or a ControlChart"
)
_VALUES = Numbers(expected="a 1-d array-like of finite numbers")
_NON_NEGATIVE = Numbers(low=0)
_FLOATS = Numbers(missing=True, finite=False)
_UNITS = {"min": 60.0, "h": 3600.0, "d": 86400.0}
_STATUS = ("spike", "out of control", "incomplete")


def _same_length(name: str, values: NDArray[Any] | list[Any], length: int, what: str) -> None:
    if len(values) != length:
        fail(name, Summary(f"<{len(values)} values>"), f"{length} values, one per {what}")


def _unique(name: str, labels: list[str]) -> None:
    if len(set(labels)) != len(labels):
        fail(name, Summary("<duplicate labels>"), "each label once")


@validate_params(report=_REPORT, title=_TITLE, height=_HEIGHT)
def control_chart(
    report: SpikeReport | ControlChart, *, title: str | None = None, height: int = 220
) -> alt.LayerChart:
    """A control chart: counts per period, centre line, limits and flagged points.

    Parameters
    ----------
    report : SpikeReport or ControlChart
        From :func:`servicekit.metrics.complaint_spikes` (periods on the x
        axis, spikes in red) or one of the control-chart functions (points
        0..n-1, every out-of-control point in red). A report with an
        ``incomplete`` attribute (booleans aligned with ``periods``) shows
        those periods as hollow grey points labelled "incomplete", never as
        spikes.
    title : str, optional
        The chart's title (default: "Complaints per period" or "Control chart").
    height : int, default 220
        Height of the plot in pixels (the width is 640).

    Returns
    -------
    altair.LayerChart
        Layers, in order: the limits (UCL, centre, LCL; steps when they vary),
        the counts (a line with points), the flagged points, the incomplete
        periods, and the limits' labels.

    Examples
    --------
    >>> from servicekit.metrics import complaint_spikes
    >>> chart = control_chart(complaint_spikes([4, 6, 5, 3, 5, 4, 21]))
    >>> spec = chart.to_dict()
    >>> spec["layer"][1]["mark"]["type"], spec["layer"][2]["data"]["values"]
    ('line', [{'period': 6, 'count': 21.0, 'status': 'spike'}])
    """
    alt = altair()
    if isinstance(report, SpikeReport):
        chart, periods, counts = report.chart, report.periods, report.counts
        flagged = np.isin(periods, report.spikes)
        label, y_title = "spike", "complaints per period"
        x_title = "period (local time)" if periods.dtype.kind == "M" else "period"
        default = "Complaints per period"
        raw_incomplete = getattr(report, "incomplete", None)
    else:
        chart, counts = report, report.values
        periods = np.arange(counts.size)
        flagged = np.zeros(counts.size, dtype=bool)
        flagged[report.out_of_control] = True
        label, y_title, x_title, default = "out of control", "value", "point", "Control chart"
        raw_incomplete = None
    n = counts.size
    incomplete = np.zeros(n, dtype=bool)
    if raw_incomplete is not None:
        arr = np.asarray(raw_incomplete)
        if arr.dtype.kind != "b" or arr.shape != (n,):
            fail("report", Summary("<incomplete>"), f"an incomplete flag per period ({n} booleans)")
        incomplete = arr
    flagged = flagged & ~incomplete
    axis = period_axis("report", periods)
    x = axis.encode("period", x_title)
    count_list, limits = (
        floats(counts),
        {
            "UCL": floats(chart.ucl),
            "centre": floats(chart.center),
            "LCL": floats(chart.lcl),
        },
    )
    status = np.where(flagged, label, np.where(incomplete, "incomplete", "")).tolist()
    rows = [
        {"period": p, "count": c, "status": s}
        for p, c, s in zip(axis.values, count_list, status, strict=True)
    ]
    limit_rows = [
        {"period": p, "limit": name, "value": v}
        for name, values in limits.items()
        for p, v in zip(axis.values, values, strict=True)
    ]
    varying = any(len(set(values)) > 1 for values in limits.values())
    y = alt.Y("value:Q", title=y_title)
    limit_layer = (
        alt.Chart(axis.data(limit_rows, "period"))
        .mark_line(color=GREY, strokeWidth=1, interpolate="step-after" if varying else "linear")
        .encode(
            x=x,
            y=y,
            detail="limit:N",
            strokeDash=alt.StrokeDash(
                "limit:N",
                scale=alt.Scale(domain=["UCL", "centre", "LCL"], range=[[5, 3], [1, 0], [5, 3]]),
                legend=None,
            ),
        )
    )
    counts_layer = (
        alt.Chart(axis.data(rows, "period"))
        .mark_line(color=BLUE, point=alt.OverlayMarkDef(color=BLUE, filled=True, size=20))
        .encode(
            x=x,
            y=alt.Y("count:Q", title=y_title),
            tooltip=[axis.tooltip("period", "period"), alt.Tooltip("count:Q")],
        )
    )
    present = [s for s in (label, "incomplete") if s in status]
    color = alt.Color(
        "status:N",
        title=None,
        scale=alt.Scale(
            domain=present or [label],
            range=[RED if s == label else GREY for s in present] or [RED],
        ),
        legend=alt.Legend(orient="top") if present else None,
    )
    flagged_rows = [r for r, f in zip(rows, flagged.tolist(), strict=True) if f]
    incomplete_rows = [r for r, f in zip(rows, incomplete.tolist(), strict=True) if f]
    flagged_layer = (
        alt.Chart(axis.data(flagged_rows, "period"))
        .mark_point(filled=True, size=70, opacity=1)
        .encode(x=x, y=alt.Y("count:Q", title=y_title), color=color)
    )
    incomplete_layer = (
        alt.Chart(axis.data(incomplete_rows, "period"))
        .mark_point(filled=False, size=70, strokeWidth=2, opacity=1)
        .encode(x=x, y=alt.Y("count:Q", title=y_title), color=color)
    )
    last = [r for r in limit_rows if r["period"] == axis.values[-1]] if n else []
    label_layer = (
        alt.Chart(axis.data(last, "period"))
        .mark_text(align="right", dy=-6, fontSize=10, color=GREY)
        .encode(x=x, y=y, text="limit:N")
    )
    layered = alt.layer(limit_layer, counts_layer, flagged_layer, incomplete_layer, label_layer)
    return cast(
        "LayerChart", layered.properties(width=WIDTH, height=height, title=title or default)
    )


@validate_params(period=_COLUMN, title=_TITLE, height=_HEIGHT)
def nps_trend(
    frame: Any, *, period: str = "period", title: str | None = None, height: int = 220
) -> alt.LayerChart:
    """NPS per period as a line, with its confidence interval as a band.

    Parameters
    ----------
    frame : data frame
        The output of :func:`servicekit.frames.nps_by` grouped by period: an
        eager pandas, polars or PyArrow frame with the columns ``period``,
        ``n``, ``nps``, ``ci_low`` and ``ci_high``.
    period : str, default "period"
        The column of periods: datetimes (shown in their own wall-clock time;
        a zoned column in its zone), dates, numbers or labels.
    title : str, optional
        Default "Net Promoter Score".
    height : int, default 220

    Returns
    -------
    altair.LayerChart
        The band (``ci_low`` to ``ci_high``), then the NPS line.

    Examples
    --------
    >>> import polars as pl
    >>> from servicekit.frames import nps_by
    >>> answers = pl.DataFrame({"month": ["2026-01"] * 3 + ["2026-02"] * 2,
    ...                         "nps": [10, 9, 3, 8, 10]})
    >>> chart = nps_trend(nps_by(answers, "month"), period="month")
    >>> [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
    ['area', 'line']
    """
    alt = altair()
    df = read_frame("frame", frame)
    axis = period_axis("period", frame_column("frame", df, "period", period))
    cols = {
        c: floats(_FLOATS.convert("frame", frame_column("frame", df, "frame", c)))
        for c in ("n", "nps", "ci_low", "ci_high")
    }
    rows = [
        {"period": p, "n": n, "nps": v, "ci_low": lo, "ci_high": hi}
        for p, n, v, lo, hi in zip(
            axis.values, cols["n"], cols["nps"], cols["ci_low"], cols["ci_high"], strict=True
        )
    ]
    data = axis.data(rows, "period")
    x = axis.encode("period", period)
    y_title = "NPS (-100 to 100)"
    band = (
        alt.Chart(data)
        .mark_area(color=BLUE, opacity=0.2)
        .encode(
            x=x,
            y=alt.Y("ci_low:Q", title=y_title, scale=alt.Scale(zero=False)),
            y2="ci_high:Q",
        )
    )
    line = (
        alt.Chart(data)
        .mark_line(color=BLUE, point=alt.OverlayMarkDef(color=BLUE, filled=True))
        .encode(
            x=x,
            y=alt.Y("nps:Q", title=y_title),
            tooltip=[
                axis.tooltip("period", period),
                alt.Tooltip("nps:Q", format=".1f", title="NPS"),
                alt.Tooltip("ci_low:Q", format=".1f"),
                alt.Tooltip("ci_high:Q", format=".1f"),
                alt.Tooltip("n:Q", title="answers"),
            ],
        )
    )
    return cast(
        "LayerChart",
        alt.layer(band, line).properties(
            width=WIDTH, height=height, title=title or "Net Promoter Score"
        ),
    )


@validate_params(
    period=_COLUMN,
    rate=_COLUMN,
    group=Optional(_COLUMN),
    target=Optional(Real(low=0, high=1)),
    title=_TITLE,
    height=_HEIGHT,
)
def rate_trend(
    frame: Any,
    *,
    period: str = "period",
    rate: str,
    group: str | None = None,
    target: float | None = None,
    title: str | None = None,
    height: int = 220,
) -> alt.Chart | alt.LayerChart:
    """A rate (0 to 1, shown as a percentage) per period, one line per group.

    Parameters
    ----------
    frame : data frame
        An eager pandas, polars or PyArrow frame, one row per period (and
        group): SLA compliance by month and priority, CSAT by month, ...
    period : str, default "period"
        The column of periods (datetimes, dates, numbers or labels).
    rate : str
        The column of rates, from 0 to 1 (missing values leave a gap).
    group : str, optional
        A column whose values get one line each (priority, severity).
    target : float, optional
        A target rate drawn as a dashed horizontal rule.
    title : str, optional
        Default ``"<rate> by <period>"``.
    height : int, default 220

    Returns
    -------
    altair.Chart or altair.LayerChart
        The lines; layered with the target rule when ``target`` is given.

    Examples
    --------
    >>> import pandas as pd
    >>> sla = pd.DataFrame({"month": ["Jan", "Jan", "Feb", "Feb"],
    ...                     "priority": ["high", "low"] * 2,
    ...                     "compliance": [0.91, 0.97, 0.88, 0.99]})
    >>> chart = rate_trend(sla, period="month", rate="compliance", group="priority",
    ...                    target=0.95)
    >>> spec = chart.to_dict()
    >>> spec["layer"][0]["encoding"]["y"]["axis"]["format"], spec["layer"][1]["data"]["values"]
    ('.0%', [{'target': 0.95}])
    """
    alt = altair()
    df = read_frame("frame", frame)
    axis = period_axis("period", frame_column("frame", df, "period", period))
    values = _FLOATS.convert("rate", frame_column("frame", df, "rate", rate))
    known = values[~np.isnan(values)]
    if ((known < 0) | (known > 1)).any():
        bad = float(known[(known < 0) | (known > 1)][0])
        fail("rate", bad, f"rates from 0 to 1 in column {rate!r}")
    rows: list[dict[str, Any]] = [
        {"period": p, "rate": r} for p, r in zip(axis.values, floats(values), strict=True)
    ]
    if group is not None:
        for row, g in zip(
            rows, labels_of("group", frame_column("frame", df, "group", group)), strict=True
        ):
            row["group"] = g
    x = axis.encode("period", period)
    y = alt.Y(
        "rate:Q", title=f"{rate} (%)", axis=alt.Axis(format=".0%"), scale=alt.Scale(zero=False)
    )
    tooltip = [axis.tooltip("period", period), alt.Tooltip("rate:Q", format=".1%")]
    encoding: dict[str, Any] = {"x": x, "y": y}
    if group is not None:
        encoding["color"] = alt.Color("group:N", title=group, sort=None)
        tooltip.append(alt.Tooltip("group:N", title=group))
    line = (
        alt.Chart(axis.data(rows, "period"))
        .mark_line(point=True, **({} if group is not None else {"color": BLUE}))
        .encode(tooltip=tooltip, **encoding)
    )
    props = {"width": WIDTH, "height": height, "title": title or f"{rate} by {period}"}
    if target is None:
        return cast("Chart", line.properties(**props))
    rule = (
        alt.Chart(alt.Data(values=[{"target": target}]))
        .mark_rule(color=DARK, strokeDash=[6, 3], strokeWidth=1.5)
        .encode(y=alt.Y("target:Q"), tooltip=[alt.Tooltip("target:Q", format=".1%")])
    )
    return cast("LayerChart", alt.layer(line, rule).properties(**props))


@validate_params(
    seconds=Durations(seconds=True),
    title=_TITLE,
    unit=Options("min", "h", "d"),
    bins=Integer(low=2, high=200),
    height=_HEIGHT,
)
def time_distribution(
    seconds: ArrayLike,
    *,
    title: str | None = None,
    unit: str = "h",
    bins: int = 30,
    height: int = 200,
) -> alt.LayerChart:
    """A histogram of durations (first response, resolution) with the median and p90.

    Parameters
    ----------
    seconds : array-like
        Durations: numbers of seconds, timedeltas or ``timedelta64`` (NumPy,
        a list, a pandas or polars series). Missing values are left out.
    title : str, optional
        Default "Distribution of durations".
    unit : {"min", "h", "d"}, default "h"
        The unit of the x axis.
    bins : int, default 30
        Equal-width bins from 0 to the 99th percentile.
    height : int, default 200

    Returns
    -------
    altair.LayerChart
        The bars (pre-binned: the chart carries ``bins`` rows, not the
        durations), then the median and p90 as vertical rules.

    Notes
    -----
    Durations have long tails: a few tickets open for weeks would squash the
    rest into one bar. The x axis is linear (easy to read) and ends at the
    99th percentile; the longest 1 % (if any lie beyond it) are gathered in
    one grey overflow bar after the last bin, whose tooltip says from where
    it counts. The median and p90 always lie on the axis.

    Examples
    --------
    >>> chart = time_distribution([600, 1800, 3600, 5400, 7200, None], unit="h", bins=4)
    >>> spec = chart.to_dict()
    >>> [row["count"] for row in spec["layer"][0]["data"]["values"]]
    [1, 1, 1, 1, 1]
    >>> [row["label"] for row in spec["layer"][1]["data"]["values"]]
    ['median 1 h', 'p90 1.8 h']
    """
    alt = altair()
    arr = cast(NDArray[np.float64], seconds)
    arr = arr[~np.isnan(arr)]
    if arr.size == 0:
        fail("seconds", Summary("<no durations>"), "at least one duration that is not missing")
    v = arr / _UNITS[unit]
    top = float(np.quantile(v, 0.99))
    if top <= 0.0:
        top = float(v.max()) or 1.0
    edges = np.linspace(0.0, top, bins + 1)
    inside = v <= top
    counts = np.histogram(v[inside], bins=edges)[0]
    over = int(v.size - np.count_nonzero(inside))
    width = top / bins
    starts, ends = edges[:-1].tolist(), edges[1:].tolist()
    kinds = ["within"] * bins
    amounts = counts.tolist()
    if over:
        starts.append(top)
        ends.append(top + width)
        kinds.append(f"over {top:.3g} {unit}")
        amounts.append(over)
    rows = [
        {"start": s, "end": e, "count": c, "kind": k}
        for s, e, c, k in zip(starts, ends, amounts, kinds, strict=True)
    ]
    median, p90 = (float(q) for q in np.quantile(v, [0.5, 0.9]))
    stats = [
        {"stat": "median", "value": median, "label": f"median {median:.3g} {unit}"},
        {"stat": "p90", "value": p90, "label": f"p90 {p90:.3g} {unit}"},
    ]
    x_title = f"time ({unit})"
    color = (
        alt.Color(  # the overflow bar is grey
            "kind:N", scale=alt.Scale(domain=["within", kinds[-1]], range=[BLUE, GREY]), legend=None
        )
        if over
        else alt.value(BLUE)
    )
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(binSpacing=1)
        .encode(
            x=alt.X(
                "start:Q",
                bin="binned",
                title=x_title,
                scale=alt.Scale(domain=[0.0, ends[-1]], nice=False),
            ),
            x2="end:Q",
            y=alt.Y("count:Q", title="tickets"),
            color=color,
            tooltip=[
                alt.Tooltip("start:Q", format=".3g", title=f"from ({unit})"),
                alt.Tooltip("end:Q", format=".3g", title=f"to ({unit})"),
                alt.Tooltip("count:Q", title="tickets"),
                alt.Tooltip("kind:N", title="bin"),
            ],
        )
    )
    rules = (
        alt.Chart(alt.Data(values=stats))
        .mark_rule(strokeWidth=2, strokeDash=[4, 2])
        .encode(
            x=alt.X("value:Q", title=x_title),
            color=alt.Color(
                "label:N",
                title=None,
                scale=alt.Scale(domain=[s["label"] for s in stats], range=[ORANGE, RED]),
                legend=alt.Legend(orient="top-right"),
            ),
        )
    )
    return cast(
        "LayerChart",
        alt.layer(bars, rules)
        .resolve_scale(color="independent")
        .properties(width=WIDTH, height=height, title=title or "Distribution of durations"),
    )


@validate_params(
    values=_VALUES,
    title=_TITLE,
    top=Integer(low=1, high=100),
    height=Optional(_HEIGHT),
)
def bar_chart(
    labels: ArrayLike,
    values: ArrayLike,
    *,
    title: str | None = None,
    top: int = 10,
    height: int | None = None,
) -> alt.Chart:
    """Horizontal bars sorted by value: top categories, channels.

    Parameters
    ----------
    labels : array-like of str
        One label per value; repeated labels are summed.
    values : array-like of float
        The value of each label (tickets, say).
    title : str, optional
        Default "Top <top>".
    top : int, default 10
        The number of bars; the rest are summed into a last grey bar "other".
    height : int, optional
        Default: 22 pixels per bar.

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> chart = bar_chart(["email", "phone", "chat", "web"], [50, 120, 80, 5], top=2)
    >>> [(r["label"], r["value"]) for r in chart.to_dict()["data"]["values"]]
    [('phone', 120.0), ('chat', 80.0), ('other', 55.0)]
    """
    alt = altair()
    names = labels_of("labels", labels)
    vals = cast(NDArray[Any], values).astype(np.float64)
    _same_length("values", vals, len(names), "label")
    if not names:
        fail("labels", Summary("<no labels>"), "at least one label")
    uniq, inverse = np.unique(np.array(names, dtype=str), return_inverse=True)
    sums = np.bincount(inverse.ravel(), weights=vals, minlength=uniq.size)
    order = np.lexsort((uniq, -sums))  # by value, largest first; ties by label
    shown = order[:top]
    rows = [{"label": str(uniq[i]), "value": float(sums[i]), "kind": "top"} for i in shown.tolist()]
    if uniq.size > top:
        rows.append({"label": "other", "value": float(sums[order[top:]].sum()), "kind": "other"})
    if [r["label"] for r in rows].count("other") > 1:  # a real "other" among the top
        rest = [r for r in rows if r["label"] == "other"]
        rows = [r for r in rows if r["label"] != "other"]
        total = float(sum(cast(float, r["value"]) for r in rest))
        rows.append({"label": "other", "value": total, "kind": "other"})
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            y=alt.Y("label:N", sort=None, title=None),
            x=alt.X("value:Q", title=None),
            color=alt.Color(
                "kind:N", scale=alt.Scale(domain=["top", "other"], range=[BLUE, GREY]), legend=None
            ),
            tooltip=[alt.Tooltip("label:N"), alt.Tooltip("value:Q")],
        )
    )
    return cast(
        "Chart",
        chart.properties(
            width=WIDTH, height=height or 22 * len(rows) + 10, title=title or f"Top {top}"
        ),
    )


def _slots(name: str, values: object) -> tuple[list[str], str]:
    """Hours 0-23 as "09:00", or slot labels as given; and the axis title."""
    expected = "hours of the day (integers 0 to 23) or slot labels such as '09:30'"
    if isinstance(values, list | tuple) and any(isinstance(v, str) for v in values):
        return labels_of(name, values), "time of day"
    arr = native(name, values, expected)
    if arr.dtype.kind in "iu" and arr.ndim == 1:
        if ((arr < 0) | (arr > 23)).any():
            fail(name, Summary("<hours outside 0-23>"), expected)
        return [f"{h:02d}:00" for h in arr.tolist()], "hour of day"
    if arr.dtype.kind in "OUS":
        return labels_of(name, arr), "time of day"
    fail(name, Summary(f"<{arr.dtype} values>"), expected)
    return [], ""  # pragma: no cover - fail() raises


@validate_params(values=_NON_NEGATIVE, title=_TITLE, height=_HEIGHT)
def hourly_profile(
    hours: ArrayLike, values: ArrayLike, *, title: str | None = None, height: int = 200
) -> alt.Chart:
    """A bar per hour of the day or per half-hour slot: the busiest hours.

    Parameters
    ----------
    hours : array-like
        Hours of the day (integers 0 to 23, shown as "09:00") or slot labels
        ("09:30"), in the order to show them; each once.
    values : array-like of float
        The volume per hour or slot (contacts, average arrivals), >= 0.
    title : str, optional
        Default "Busiest hours".
    height : int, default 200

    Returns
    -------
    altair.Chart

    Examples
    --------
    >>> chart = hourly_profile([8, 9, 10], [12, 40, 31])
    >>> [r["slot"] for r in chart.to_dict()["data"]["values"]]
    ['08:00', '09:00', '10:00']
    """
    alt = altair()
    slots, x_title = _slots("hours", hours)
    _unique("hours", slots)
    vals = cast(NDArray[Any], values)
    _same_length("values", vals, len(slots), "hour or slot")
    rows = [{"slot": s, "volume": v} for s, v in zip(slots, floats(vals), strict=True)]
    chart = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar(color=BLUE)
        .encode(
            x=alt.X(
                "slot:O",
                sort=None,
                title=x_title,
                axis=alt.Axis(labelAngle=0 if len(rows) <= 24 else -90),
            ),
            y=alt.Y("volume:Q", title="contacts"),
            tooltip=[alt.Tooltip("slot:O", title=x_title), alt.Tooltip("volume:Q")],
        )
    )
    return cast(
        "Chart",
        chart.properties(width=WIDTH, height=height, title=title or "Busiest hours"),
    )


@validate_params(arrivals=_NON_NEGATIVE, agents=_NON_NEGATIVE, title=_TITLE, height=_HEIGHT)
def staffing_curve(
    slots: ArrayLike,
    arrivals: ArrayLike,
    agents: ArrayLike,
    *,
    title: str | None = None,
    height: int = 220,
) -> alt.LayerChart:
    """Arrivals per slot (bars) and the agents needed (a step line on a second axis).

    Parameters
    ----------
    slots : array-like of str
        Slot labels of a typical day ("09:00", "09:30", ...), in order, each once.
    arrivals : array-like of float
        Contacts arriving per slot, >= 0.
    agents : array-like of float
        Agents needed per slot (e.g. ``required_agents(...).agents``), >= 0.
    title : str, optional
        Default "Staffing plan for a typical day".
    height : int, default 220

    Returns
    -------
    altair.LayerChart
        The bars, then the agents line; the two y axes are independent.

    Examples
    --------
    >>> chart = staffing_curve(["09:00", "09:30"], [40.0, 55.0], [6, 8])
    >>> spec = chart.to_dict()
    >>> spec["layer"][1]["mark"]["interpolate"], spec["resolve"]["scale"]["y"]
    ('step', 'independent')
    """
    alt = altair()
    names = labels_of("slots", slots)
    _unique("slots", names)
    arr_in, arr_ag = cast(NDArray[Any], arrivals), cast(NDArray[Any], agents)
    _same_length("arrivals", arr_in, len(names), "slot")
    _same_length("agents", arr_ag, len(names), "slot")
    rows = [
        {"slot": s, "arrivals": a, "agents": g}
        for s, a, g in zip(names, floats(arr_in), floats(arr_ag), strict=True)
    ]
    data = alt.Data(values=rows)
    x = alt.X(
        "slot:O",
        sort=None,
        title="time of day",
        axis=alt.Axis(labelAngle=0 if len(rows) <= 24 else -90),
    )
    tooltip = [alt.Tooltip("slot:O"), alt.Tooltip("arrivals:Q"), alt.Tooltip("agents:Q")]
    bars = (
        alt.Chart(data)
        .mark_bar(color=BLUE, opacity=0.7)
        .encode(
            x=x,
            y=alt.Y("arrivals:Q", title="arrivals per slot", axis=alt.Axis(titleColor=BLUE)),
            tooltip=tooltip,
        )
    )
    line = (
        alt.Chart(data)
        .mark_line(color=ORANGE, interpolate="step", strokeWidth=2)
        .encode(
            x=x,
            y=alt.Y(
                "agents:Q",
                title="agents needed",
                axis=alt.Axis(orient="right", titleColor=ORANGE, tickMinStep=1),
            ),
            tooltip=tooltip,
        )
    )
    return cast(
        "LayerChart",
        alt.layer(bars, line)
        .resolve_scale(y="independent")
        .properties(width=WIDTH, height=height, title=title or "Staffing plan for a typical day"),
    )
