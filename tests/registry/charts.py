"""Charts: one valid call each (altair and vl-convert come with the test extra)."""

from __future__ import annotations

import polars as pl

from servicekit.charts import (
    bar_chart,
    control_chart,
    hourly_profile,
    nps_trend,
    rate_trend,
    staffing_curve,
    time_distribution,
    to_svg,
)
from servicekit.metrics import complaint_spikes
from tests.registry import Case

NPS_TABLE = pl.DataFrame(
    {
        "period": ["2026-01", "2026-02"],
        "n": [40, 42],
        "nps": [12.5, 20.0],
        "ci_low": [-10.0, -2.0],
        "ci_high": [35.0, 42.0],
    }
)
RATES = pl.DataFrame({"period": ["2026-01", "2026-02"], "compliance": [0.9, 0.95]})

CASES = [
    Case(control_chart, (complaint_spikes([4, 5, 3, 6, 21]),), {"title": "Spikes"}),
    Case(nps_trend, (NPS_TABLE,), {"height": 200}),
    Case(rate_trend, (RATES,), {"rate": "compliance", "target": 0.95}),
    Case(
        time_distribution,
        ([600, 1800, 3600, 7200],),
        {"unit": "h", "bins": 10},
        arrays=("seconds",),
    ),
    Case(
        bar_chart, (["email", "phone", "chat"], [5, 9, 2]), {"top": 2}, arrays=("labels", "values")
    ),
    Case(hourly_profile, ([8, 9, 10], [3.0, 8.0, 5.0]), arrays=("hours", "values")),
    Case(
        staffing_curve,
        (["09:00", "09:30"], [40.0, 55.0], [6, 8]),
        arrays=("slots", "arrivals", "agents"),
    ),
    Case(to_svg, (bar_chart(["email"], [1]),)),
]
