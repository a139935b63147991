"""Operations KPIs and the scorecard: one valid call each."""

from __future__ import annotations

from datetime import timedelta

import numpy as np

from servicekit.metrics import (
    abandon_rate,
    average_handle_time,
    backlog,
    escalation_rate,
    first_contact_resolution_rate,
    first_response_time,
    follow_up_rate,
    kpi_scorecard,
    reopen_rate,
    resolution_rate,
    resolution_time,
    sla_compliance,
)
from tests.registry import Case

OPENED = np.array(["2026-03-02T09:00", "2026-03-02T09:05"], dtype="datetime64[m]")
ANSWERED = np.array(["2026-03-02T09:03", "NaT"], dtype="datetime64[m]")
RESOLVED = np.array(["2026-03-02T11:00", "2026-03-03T09:00"], dtype="datetime64[m]")

CASES = [
    Case(first_response_time, (OPENED, ANSWERED), {"percentiles": [50, 90]}),
    Case(resolution_time, (OPENED, RESOLVED)),
    Case(backlog, (OPENED, RESOLVED), {"at": np.datetime64("2026-03-02T12:00")}),
    Case(
        average_handle_time,
        ([timedelta(minutes=4), timedelta(minutes=6)],),
        nan_arrays=("talk",),
    ),
    Case(first_contact_resolution_rate, ([True, False, True],)),
    Case(resolution_rate, ([True, True, False, None],)),
    Case(follow_up_rate, ([True, False],)),
    Case(escalation_rate, ([False, True, False, False],)),
    Case(reopen_rate, ([0, 1, 0, 2],), arrays=("reopen_counts",)),
    Case(abandon_rate, ([5, 2], [95, 38]), arrays=("abandoned", "handled")),
    Case(sla_compliance, (OPENED + np.timedelta64(5, "m"), ANSWERED)),
    Case(kpi_scorecard, ({"resolution_rate": 0.97, "first_response_time": timedelta(minutes=3)},)),
]
