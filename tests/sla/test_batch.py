"""evaluate_many against for_complaint, complaint by complaint (the oracle)."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit import (
    BusinessCalendar,
    Complaint,
    ComplaintWorkflow,
    InvalidInputError,
    InvalidTransition,
    SLAClock,
    SLAPolicy,
)
from servicekit.sla import SLAState

T0 = datetime(2026, 3, 6, 8, 0, tzinfo=timezone.utc)  # a Friday
OFFICE = BusinessCalendar(
    dict.fromkeys(range(5), (("09:00", "12:00"), ("13:00", "18:00"))), tz="Europe/London"
)
STEPS = [
    ("acknowledge", {}),
    ("classify", {"severity": "major"}),
    ("classify", {"severity": "urgent"}),
    ("investigate", {}),
    ("update_customer", {"message": "m"}),
    ("pause", {"reason": "r"}),
    ("resume", {}),
    ("resolve", {"resolution": "r", "findings": "f"}),
    ("reply", {"message": "m"}),
    ("follow_up", {"outcome": "o", "customer_satisfied": True}),
    ("close", {}),
    ("reopen", {"reason": "r"}),
    ("note", {"text": "t"}),
]


@st.composite
def complaint_lives(draw: st.DrawFn) -> Complaint:
    received = T0 + timedelta(minutes=draw(st.integers(0, 60 * 24 * 3)))
    c = Complaint(
        id=f"CP-{draw(st.integers(0, 10**6))}",
        customer_id="C",
        channel=draw(st.sampled_from(["web", "phone", "email"])),
        received_at=received,
        subject="s",
    )
    wf = ComplaintWorkflow(c)
    at = received
    for _ in range(draw(st.integers(0, 12))):
        event, args = draw(st.sampled_from(STEPS))
        at += timedelta(minutes=draw(st.integers(0, 600)))
        with contextlib.suppress(InvalidTransition):
            wf.send(event, actor="a", at=at, **args)
    return c


@settings(max_examples=60, deadline=None)
@given(
    st.lists(complaint_lives(), min_size=1, max_size=6),
    st.integers(0, 60 * 24 * 10),
    st.sampled_from([0.2, timedelta(minutes=30)]),
)
def test_batch_equals_each_complaint_evaluated_alone(
    complaints: list[Complaint], later: int, warn: float | timedelta
) -> None:
    clock = SLAClock(SLAPolicy(warn_before=warn), OFFICE)
    now = max(c.history[-1].at if c.history else c.received_at for c in complaints)
    now += timedelta(minutes=later)
    batch = clock.evaluate_many(complaints, now=now)
    assert batch.ids.tolist() == [c.id for c in complaints]
    for k, c in enumerate(complaints):
        report = clock.for_complaint(c, now=now)
        for name in ("first_response", "resolution", "next_update"):
            target = getattr(report, name)
            state = getattr(batch, f"{name}_state")[k]
            due = getattr(batch, f"{name}_due")[k]
            if target is None:
                assert state == ""
                continue
            assert state == target.state.value, (name, k)
            if target.state in (SLAState.MET, SLAState.PAUSED) or target.due is None:
                assert np.isnat(due), (name, k)
            else:
                expected = np.datetime64(target.due.astimezone(timezone.utc).replace(tzinfo=None))
                assert due == expected, (name, k)


def test_overdue_finds_breached_and_soon_due() -> None:
    clock = SLAClock(SLAPolicy(), BusinessCalendar.always_open())
    t = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    late = Complaint(id="late", customer_id="C", channel="web", received_at=t, subject="s")
    fresh = Complaint(
        id="fresh",
        customer_id="C",
        channel="web",
        received_at=t + timedelta(minutes=9),
        subject="s",
    )
    answered = Complaint(id="ok", customer_id="C", channel="web", received_at=t, subject="s")
    ComplaintWorkflow(answered).acknowledge(actor="a", at=t + timedelta(minutes=1))
    batch = clock.evaluate_many([late, fresh, answered], now=t + timedelta(minutes=10))
    assert batch.overdue().tolist() == [True, False, False]
    assert batch.overdue(within=timedelta(minutes=5)).tolist() == [True, True, False]


def test_bad_input() -> None:
    clock = SLAClock()
    t = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)
    c = Complaint(id="x", customer_id="C", channel="web", received_at=t, subject="s")
    with pytest.raises(InvalidInputError, match="now"):
        clock.evaluate_many([c], now=datetime(2026, 3, 2, 9))
    with pytest.raises(InvalidInputError, match=r"complaints\[0\]"):
        clock.evaluate_many([c], now=t - timedelta(hours=1))
    with pytest.raises(InvalidInputError, match=r"complaints\[1\]"):
        clock.evaluate_many([c, "CP-2"], now=t)  # type: ignore[list-item]
    assert len(clock.evaluate_many([], now=t)) == 0
