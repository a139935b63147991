"""BusinessCalendar.from_holidays (extra ``holidays``): one valid call."""

from __future__ import annotations

from servicekit.sla import BusinessCalendar
from tests.registry import Case

WEEK = {d: [("09:00", "18:00")] for d in range(5)}

CASES = [
    Case(
        BusinessCalendar.from_holidays,
        ("CN",),
        {"years": 2026, "windows": WEEK, "tz": "Asia/Shanghai"},
        name="BusinessCalendar.from_holidays",
    ),
]
