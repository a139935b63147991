"""Business calendars and SLA policy objects: one valid call each."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np

from servicekit.sla import BusinessCalendar
from tests.registry import Case

WEEK = dict.fromkeys(range(5), (("09:00", "12:00"), ("13:30", "18:00")))
CAL = BusinessCalendar(WEEK, tz="Asia/Shanghai")
T = datetime(2026, 3, 6, 9, tzinfo=timezone.utc)
OPENED = np.array(["2026-03-06T08:00", "NaT"], dtype="datetime64[m]")

CASES = [
    Case(BusinessCalendar, (WEEK,), {"tz": "Asia/Shanghai"}),
    Case(CAL.is_open, (T,), name="BusinessCalendar.is_open"),
    Case(CAL.next_open, (T,), name="BusinessCalendar.next_open"),
    Case(CAL.add, (T, timedelta(hours=2)), name="BusinessCalendar.add"),
    Case(CAL.add, (OPENED, timedelta(hours=2)), name="BusinessCalendar.add-array"),
    Case(CAL.between, (T, T + timedelta(days=3)), name="BusinessCalendar.between"),
]
