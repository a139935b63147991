"""Control charts and spikes: one valid call each."""

from __future__ import annotations

import numpy as np

from servicekit.metrics import (
    c_chart,
    complaint_spikes,
    ewma_chart,
    np_chart,
    p_chart,
    u_chart,
)
from tests.registry import Case

COUNTS = [3, 4, 2, 5, 3, 18, 4, 3]
DAYS = np.array(["2026-03-01"] * 3 + ["2026-03-02"] * 2 + ["2026-03-05"] * 9, dtype="datetime64[D]")

CASES = [
    Case(c_chart, (COUNTS,), arrays=("counts",)),
    Case(c_chart, (COUNTS,), {"western_electric": True}, name="c_chart-we"),
    Case(u_chart, (COUNTS, [10, 12, 10, 11, 10, 10, 12, 10]), arrays=("counts", "n")),
    Case(p_chart, ([2, 3, 1, 9], 50), arrays=("nonconforming",)),
    Case(np_chart, ([2, 3, 1, 9], [50, 50, 40, 60]), arrays=("nonconforming", "n")),
    Case(
        ewma_chart,
        ([9.45, 7.99, 9.29, 11.66, 12.16],),
        {"lam": 0.1, "target": 10.0, "sigma": 1.0, "L": 2.7},
        arrays=("x",),
    ),
    Case(complaint_spikes, (DAYS,), {"freq": "D", "tz": "UTC"}),
    Case(complaint_spikes, (COUNTS,), arrays=("timestamps_or_counts",), name="spikes-counts"),
]
