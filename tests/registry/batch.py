"""Batch SLA evaluation: one valid call."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from servicekit import Complaint, SLAClock
from tests.registry import Case

T = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
CLOCK = SLAClock()

CASES = [
    Case(
        CLOCK.evaluate_many,
        ([Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=T, subject="s")],),
        {"now": T + timedelta(hours=1)},
        name="SLAClock.evaluate_many",
    ),
]
