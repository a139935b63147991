"""Charts of the results people look at, as altair charts; SVG offline with vl-convert.

:func:`control_chart` (a c chart with its limits, spikes and an incomplete
last period), :func:`nps_trend` (NPS with its confidence band),
:func:`rate_trend` (SLA compliance or CSAT per period, per group),
:func:`time_distribution` (response or resolution times),
:func:`bar_chart` (top categories), :func:`hourly_profile` (busiest hours)
and :func:`staffing_curve` (arrivals and the agents an Erlang C plan needs).
Each returns an altair chart with its data embedded, which a notebook shows
as it is; :func:`to_svg` renders one to SVG without a browser or a network,
as ``servicekit report`` does. Needs the ``charts`` extra (altair,
vl-convert-python); ``import servicekit.charts`` alone imports neither.

Charts are 600 pixels wide, which fits an A4 page and a notebook cell.
Datetimes are shown as wall-clock times exactly as given: periods from
:func:`servicekit.metrics.complaint_spikes` or ``nps_by`` are naive local
times already, and the charts use UTC scales so that no browser shifts them
into its own zone.

Examples
--------
>>> from servicekit.charts import control_chart
>>> from servicekit.metrics import complaint_spikes
>>> chart = control_chart(complaint_spikes([4, 6, 5, 3, 5, 4, 21]))
>>> [layer["mark"]["type"] for layer in chart.to_dict()["layer"]]
['line', 'line', 'line', 'line', 'point']
"""

from __future__ import annotations

from servicekit.charts._charts import (
    bar_chart,
    control_chart,
    hourly_profile,
    nps_trend,
    rate_trend,
    staffing_curve,
    time_distribution,
    to_svg,
)

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
