"""Charts of servicekit's results for notebooks and the HTML report (extra ``charts``).

Every function takes a result or a frame servicekit computes and returns an
`altair <https://altair-viz.github.io>`_ chart with its data embedded (a list
of plain values: no pandas needed, no file, no URL); :func:`to_svg` renders
any of them to SVG offline with vl-convert. altair is imported on first use:
``import servicekit.charts`` works without it, and the functions raise an
ImportError naming ``pip install 'servicekit[charts]'``.

Charts are 640 pixels wide (the text width of an A4 page) so that the report
can embed them as they are; datetimes are drawn in their own wall-clock time,
whatever the zone of the browser or renderer.

Examples
--------
>>> from servicekit.charts import bar_chart
>>> bar_chart(["email", "phone"], [3, 5]).to_dict()["mark"]["type"]
'bar'
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
)
from servicekit.charts._render import to_svg

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
