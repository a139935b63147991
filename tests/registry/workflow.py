"""SLA and workflow objects: one valid call each (constructors and pure functions)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from servicekit import (
    Complaint,
    ComplaintPolicy,
    ComplaintWorkflow,
    NoticePlan,
    SLAClock,
    SLAPolicy,
    SLATargets,
    progress_notices,
)
from tests.registry import Case

T = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def _complaint() -> Complaint:
    return Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=T, subject="s")


CLOCK = SLAClock()

CASES = [
    Case(SLATargets, (timedelta(minutes=30), timedelta(hours=24))),
    Case(SLAPolicy, ()),
    Case(SLAClock, ()),
    Case(
        CLOCK.evaluate,
        ([],),
        {"received_at": T, "now": T + timedelta(hours=1), "severity": "general"},
        name="SLAClock.evaluate",
    ),
    Case(
        CLOCK.for_complaint,
        (_complaint(),),
        {"now": T + timedelta(hours=1)},
        name="SLAClock.for_complaint",
    ),
    Case(ComplaintPolicy, ()),
    Case(ComplaintWorkflow, (_complaint(),)),
    Case(NoticePlan, (T + timedelta(hours=24),)),
    Case(
        progress_notices,
        (_complaint(), NoticePlan(T + timedelta(hours=24))),
        {"now": T + timedelta(hours=1)},
    ),
]
