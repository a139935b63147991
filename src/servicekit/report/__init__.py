"""The service report: one offline HTML page from a help desk's export.

:func:`build_report` computes the figures (a KPI scorecard against targets,
SLA compliance by month and priority, daily volume on a control chart with
its spikes, NPS and CSAT by month, business-time distributions, busiest hours
and an Erlang C staffing plan, top categories and channels) with the
library's own functions, and :class:`Report` writes them as one
self-contained HTML file: inline SVG charts, no script, nothing loaded from
the network. ``servicekit report`` on the command line does the same from an
export file. Needs the ``cli`` extra (polars, altair, vl-convert).

Examples
--------
>>> from servicekit.datasets import load_helpdesk
>>> from servicekit.report import build_report
>>> desk = load_helpdesk(backend="polars")
>>> report = build_report(desk.tickets, tz=desk.tz, surveys=desk.surveys)
>>> report.tickets > 10_000
True
"""

from __future__ import annotations

from servicekit.report._build import PRIORITY_SLA, REPORT_TARGETS, Report, build_report

__all__ = ["PRIORITY_SLA", "REPORT_TARGETS", "Report", "build_report"]
