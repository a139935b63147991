"""The store's read side: one valid call each (an in-memory SQLite store)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from servicekit import Complaint, SLAClock
from servicekit.store import ComplaintStore
from tests.registry import Case

T = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
STORE = ComplaintStore("sqlite://")
STORE.create_schema()
STORE.add(Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=T, subject="s"))

CASES = [
    Case(STORE.get, ("CP-1",), name="ComplaintStore.get"),
    Case(STORE.find, (), {"customer_id": "C-1", "limit": 10}, name="ComplaintStore.find"),
    Case(STORE.events, (), {"complaint_id": "CP-1"}, name="ComplaintStore.events"),
    Case(STORE.count_by, ("status",), name="ComplaintStore.count_by"),
    Case(
        STORE.overdue,
        (),
        {"now": T + timedelta(hours=1), "clock": SLAClock()},
        name="ComplaintStore.overdue",
    ),
]
