"""The service report as one self-contained HTML page (private).

No script, no external resource: styles are inline, charts are SVG rendered
offline by vl-convert (:func:`servicekit.charts.to_svg`), and the page's
content security policy forbids loading anything, so it reads the same on a
machine with no network. Numbers are formatted by the helpers below, which
the tests use too, so the page shows exactly what the report object holds.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from servicekit._version import __version__
from servicekit.report._build import PRIORITY_SLA

if TYPE_CHECKING:
    from servicekit.report._build import Report

__all__ = ["duration", "number", "percent", "render"]

_STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1f2933;
background:#f5f7fa}
main{max-width:1100px;margin:0 auto;padding:24px}
header{background:#1f2933;color:#fff;padding:24px}
header h1{margin:0 0 4px 0;font-size:1.6em}
header p{margin:0;color:#cbd2d9}
section{background:#fff;border-radius:8px;padding:16px 20px;margin:16px 0;
box-shadow:0 1px 3px rgba(0,0,0,.08)}
h2{font-size:1.2em;margin:0 0 12px 0}
.tiles{display:flex;flex-wrap:wrap;gap:12px}
.tile{flex:1 1 150px;border:1px solid #e4e7eb;border-radius:6px;padding:10px}
.tile .v{font-size:1.4em;font-weight:600}
.tile .t{color:#616e7c;font-size:.85em}
.met{color:#1b7f3b}.missed{color:#b3261e}
table{border-collapse:collapse;font-size:.9em;margin:8px 0}
th,td{padding:4px 10px;border-bottom:1px solid #e4e7eb;text-align:right}
th:first-child,td:first-child{text-align:left}
.charts{display:flex;flex-wrap:wrap;gap:16px}
figure{margin:0}
figure svg{max-width:100%;height:auto}
.note{color:#616e7c;font-size:.85em}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def percent(value: float | None, digits: int = 1) -> str:
    """A rate in 0..1 as a percentage (``"87.5%"``); a dash when unknown.

    Examples
    --------
    >>> percent(0.875), percent(None)
    ('87.5%', '-')
    """
    if value is None or not math.isfinite(value):
        return "-"
    return f"{100 * value:.{digits}f}%"


def number(value: float | None, digits: int = 1) -> str:
    """A number with ``digits`` decimals and thousands separators; a dash when unknown.

    Examples
    --------
    >>> number(12345.678), number(3, 0), number(float("nan"))
    ('12,345.7', '3', '-')
    """
    if value is None or not math.isfinite(value):
        return "-"
    return f"{value:,.{digits}f}"


def duration(seconds: float | timedelta | None) -> str:
    """A duration in the largest fitting unit (``"3.2 h"``, ``"45 min"``, ``"2.5 d"``).

    Examples
    --------
    >>> duration(2700), duration(11520), duration(216000), duration(None)
    ('45 min', '3.2 h', '2.5 d', '-')
    """
    if isinstance(seconds, timedelta):
        seconds = seconds.total_seconds()
    if seconds is None or not math.isfinite(seconds):
        return "-"
    if seconds < 3600:
        return f"{seconds / 60:.0f} min"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def _kpi_value(kpi: str, value: Any) -> str:
    if isinstance(value, timedelta):
        return duration(value)
    if kpi == "nps":
        return number(value)
    if kpi in ("csat", "ces"):
        return f"{number(value)}%"
    if kpi.endswith(("_rate", "_compliance")):
        return percent(value)
    return number(value, 2)


_KPI_LABELS = {
    "first_response_time": "First response (median, business time)",
    "resolution_time": "Resolution (median, business time)",
    "resolution_rate": "Resolution rate",
    "reopen_rate": "Reopen rate",
    "escalation_rate": "Escalation rate",
    "sla_compliance": "SLA compliance",
    "nps": "NPS",
    "csat": "CSAT (satisfied answers)",
}


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], css: str = "") -> str:
    cells = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    cls = f' class="{css}"' if css else ""
    return f"<table{cls}><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _figure(svg: str, name: str) -> str:
    return f'<figure data-chart="{html.escape(name)}">{svg}</figure>'


def _section(anchor: str, title: str, *parts: str) -> str:
    return f'<section id="{anchor}"><h2>{html.escape(title)}</h2>{"".join(parts)}</section>'


def _month(value: Any) -> str:
    return str(value)[:7]


def render(report: Report) -> str:
    """The page for ``report`` (see :meth:`servicekit.report.Report.to_html`)."""
    import servicekit.charts as charts

    def chart(obj: Any, name: str) -> str:
        return _figure(charts.to_svg(obj), name)

    tz = report.tz
    start = report.start.astimezone(report.calendar.tz)
    until = report.until.astimezone(report.calendar.tz)
    parts: list[str] = []

    # the scorecard
    tiles = []
    for kpi, row in report.scorecard.items():
        state = "met" if row.met else "missed"
        tiles.append(
            f'<div class="tile" data-kpi="{kpi}"><div class="t">'
            f"{html.escape(_KPI_LABELS.get(kpi, kpi))}</div>"
            f'<div class="v {state}">{_kpi_value(kpi, row.value)}</div>'
            f'<div class="t">target {_kpi_value(kpi, row.target)} · {state}</div></div>'
        )
    parts.append(
        _section(
            "scorecard",
            "KPI scorecard",
            f'<div class="tiles">{"".join(tiles)}</div>',
            f'<p class="note">{report.tickets:,} tickets opened from {start:%Y-%m-%d} to '
            f"{until:%Y-%m-%d %H:%M} ({html.escape(tz)}). Business times count the "
            "calendar's open hours only.</p>",
        )
    )

    # SLA compliance
    sla_note = (
        "SLA verdicts are the export's own (its breach columns)."
        if report.sla_source == "export"
        else "SLA verdicts measured against the business-time targets per priority "
        "(first response / resolution): "
        + ", ".join(f"{p} {duration(a)} / {duration(b)}" for p, (a, b) in PRIORITY_SLA.items())
        + "."
    )
    target = report.scorecard.get("sla_compliance")
    sla_parts = [
        chart(
            charts.rate_trend(
                report.monthly,
                rate="sla_compliance",
                target=None if target is None else float(target.target),
                title="SLA compliance by month",
            ),
            "sla-month",
        )
    ]
    if report.sla_by_priority is not None:
        sla_parts.append(
            chart(
                charts.rate_trend(
                    report.sla_by_priority.drop_nulls("priority"),
                    rate="sla_compliance",
                    group="priority",
                    title="SLA compliance by month and priority",
                ),
                "sla-priority",
            )
        )
    rows = [
        (
            _month(r["period"]),
            f"{r['n']:,}",
            percent(r["sla_compliance"]),
            duration(r["first_response_time_business_median_s"]),
            duration(r["resolution_time_business_median_s"]),
            percent(r["reopen_rate"]),
        )
        for r in report.monthly.iter_rows(named=True)
    ]
    parts.append(
        _section(
            "sla",
            "SLA compliance",
            f'<div class="charts">{"".join(sla_parts)}</div>',
            _table(
                (
                    "Month",
                    "Tickets",
                    "SLA met",
                    "First response (median)",
                    "Resolution (median)",
                    "Reopened",
                ),
                rows,
                "monthly",
            ),
            f'<p class="note">{html.escape(sla_note)}</p>',
        )
    )

    # volume and spikes
    vol = report.volume
    spikes = ", ".join(str(d)[:10] for d in vol.spikes) or "none"
    incomplete = ", ".join(str(d)[:10] for d in vol.periods[vol.incomplete]) or "none"
    parts.append(
        _section(
            "volume",
            "Ticket volume per day",
            chart(charts.control_chart(vol, title="Tickets per day (c chart)"), "volume"),
            f'<p>Spikes (above the upper control limit): <span class="spikes">{spikes}'
            f"</span>. Incomplete (the export ends during it, never judged): "
            f'<span class="incomplete">{incomplete}</span>. Centre line '
            f"{number(float(vol.chart.center[0]))} tickets a day, upper limit "
            f"{number(float(vol.chart.ucl[0]))}.</p>",
        )
    )

    # satisfaction
    if report.nps_monthly is not None or report.csat_monthly is not None:
        sat = []
        if report.nps_monthly is not None:
            sat.append(
                chart(charts.nps_trend(report.nps_monthly, title="NPS by month (95% CI)"), "nps")
            )
        if report.csat_monthly is not None:
            frame = report.csat_monthly.with_columns(
                (report.csat_monthly["csat"] / 100).alias("csat_rate")
            )
            sat.append(
                chart(charts.rate_trend(frame, rate="csat_rate", title="CSAT by month"), "csat")
            )
        parts.append(
            _section("satisfaction", "Satisfaction", f'<div class="charts">{"".join(sat)}</div>')
        )

    # time distributions
    times = [
        chart(
            charts.time_distribution(values, unit="h", title=f"{label} (business hours)"),
            name,
        )
        if values.size
        else f'<p class="note" data-empty="{name}">No {label.lower()} times in the export.</p>'
        for values, label, name in (
            (report.first_response_s, "First response", "first-response"),
            (report.resolution_s, "Resolution", "resolution"),
        )
    ]
    overall = report.overall.row(0, named=True)
    med = [
        (
            label,
            f"{overall[count]:,}",
            duration(overall[f"{kind}_business_median_s"]),
            duration(overall[f"{kind}_business_p90_s"]),
        )
        for label, kind, count in (
            ("First response", "first_response_time", "answered"),
            ("Resolution", "resolution_time", "resolved_n"),
        )
    ]
    parts.append(
        _section(
            "times",
            "Response and resolution times (business time)",
            f'<div class="charts">{"".join(times)}</div>',
            _table(("", "Tickets", "Median", "90th percentile"), med, "times"),
        )
    )

    # busiest hours and staffing
    staff = report.staffing
    busy = staff.filter(staff["arrivals"] > 0)
    lo, hi = (0, 0) if busy.height == 0 else (busy["slot"][0], busy["slot"][-1])
    shown = staff.filter((staff["slot"] >= lo) & (staff["slot"] <= hi))
    top_hours = np.argsort(-report.hourly, kind="stable")[:3]
    sl, within = report.service_level
    parts.append(
        _section(
            "staffing",
            "Busiest hours and a staffing plan for a typical day",
            '<div class="charts">',
            chart(
                charts.hourly_profile(
                    np.arange(24), report.hourly, title="Tickets by hour of day (local)"
                ),
                "hours",
            ),
            chart(
                charts.staffing_curve(
                    shown["slot"].to_list(),
                    shown["arrivals"].to_numpy(),
                    shown["agents"].to_numpy(),
                    title="Arrivals and agents needed per half hour",
                ),
                "staffing",
            ),
            "</div>",
            f"<p>Busiest hours: {', '.join(f'{h:02d}:00' for h in top_hours)}. "
            f"Erlang C on the average arrivals per half hour of an open day, "
            f"handle time {duration(report.handle_time)}, target {percent(sl, 0)} "
            f"answered within {within.total_seconds():.0f} s.</p>",
            _table(
                ("Slot", "Arrivals", "Traffic (Erlangs)", "Agents", "Service level", "Occupancy"),
                (
                    (
                        r["slot"],
                        number(r["arrivals"], 2),
                        number(r["traffic"], 2),
                        str(r["agents"]),
                        percent(r["service_level"]),
                        percent(r["occupancy"]),
                    )
                    for r in shown.iter_rows(named=True)
                ),
                "staffing",
            ),
        )
    )

    # categories and channels
    mix = []
    for frame, name in ((report.categories, "category"), (report.channels, "channel")):
        if frame.height:
            mix.append(
                chart(
                    charts.bar_chart(
                        frame[name].to_list(),
                        frame["tickets"].to_numpy(),
                        title=f"Tickets by {name}",
                    ),
                    name,
                )
            )
    if mix:
        parts.append(
            _section(
                "mix", "Top categories and channels", f'<div class="charts">{"".join(mix)}</div>'
            )
        )

    notes = "".join(f"<li>{html.escape(n)}</li>" for n in report.notes)
    notes_html = f'<section id="notes"><h2>Notes</h2><ul>{notes}</ul></section>' if notes else ""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(report.title)}</title><style>{_STYLE}</style></head>"
        f"<body><header><h1>{html.escape(report.title)}</h1>"
        f"<p>{start:%d %b %Y} &ndash; {until:%d %b %Y} · {html.escape(tz)} · "
        f"made with servicekit {html.escape(__version__)}</p></header>"
        f"<main>{''.join(parts)}{notes_html}</main></body></html>\n"
    )
