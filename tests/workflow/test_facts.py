"""complaint_facts: the one place that turns complaint histories into metric columns."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from servicekit import Complaint, ComplaintWorkflow, InvalidInputError
from servicekit.metrics import (
    escalation_rate,
    first_response_time,
    follow_up_rate,
    reopen_rate,
    resolution_rate,
    resolution_time,
)
from servicekit.sla import DEFAULT_RESOLVED_STATUSES, SLAClock
from servicekit.workflow import complaint_facts

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
MIN = timedelta(minutes=1)


def test_a_reopen_extends_full_resolution_not_first() -> None:
    ticks = iter(range(1, 100))
    c = Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=T0, subject="Broken")
    wf = ComplaintWorkflow(c, clock=lambda: T0 + next(ticks) * timedelta(hours=1))
    wf.classify(actor="a", severity="general")  # +1h
    wf.investigate(actor="a")  # +2h
    wf.resolve(actor="a", resolution="fixed", findings="loose cable")  # +3h: first resolution
    wf.reply(actor="a", message="fixed")  # +4h
    wf.reopen(actor="a", reason="broken again")  # +5h
    still_open = Complaint.model_validate(c.model_dump())
    wf.resolve(actor="a", resolution="replaced")  # +6h: final resolution
    facts = complaint_facts([c, still_open])
    r = resolution_time(facts.received_at[:1], facts.first_resolved_at[:1], facts.resolved_at[:1])
    assert (r.first.mean, r.full.mean) == (timedelta(hours=3), timedelta(hours=6))
    reopened = resolution_time(
        facts.received_at[1:], facts.first_resolved_at[1:], facts.resolved_at[1:]
    )
    assert reopened.first.mean == timedelta(hours=3)
    assert (reopened.full.n, reopened.full.open) == (0, 1)
    assert facts.reopen_count.tolist() == [1, 1]
    assert facts.first_contact_resolution.tolist() == [False, False]


def test_rates_from_complaints() -> None:
    ticks = iter(range(1, 100))
    made = []
    for k in range(4):
        c = Complaint(id=f"CP-{k}", customer_id="C", channel="web", received_at=T0, subject="s")
        wf = ComplaintWorkflow(c, clock=lambda: T0 + next(ticks) * MIN)
        wf.classify(actor="a", severity="major")  # level 2: not an escalation
        if k == 0:
            wf.escalate(actor="a", reason="crisis")
        if k < 3:
            wf.investigate(actor="a")
            wf.resolve(actor="a", resolution="r", findings="f")
            wf.reply(actor="a", message="m")
        if k < 2:
            wf.follow_up(actor="a", outcome="ok", customer_satisfied=True)
        if k == 1:
            wf.reopen(actor="a", reason="not ok")
        made.append(c)
    facts = complaint_facts(made)
    assert escalation_rate(facts.escalated) == 0.25
    # CP-0 tracking, CP-2 replied are resolved; CP-1 reopened and CP-3 open are not.
    assert resolution_rate(facts.resolved) == 0.5
    assert reopen_rate(facts.reopen_count) == 0.25
    served = facts.served
    assert served.tolist() == [True, True, True, False]
    assert follow_up_rate(facts.followed_up[served]) == pytest.approx(2 / 3)
    # first contact: resolved, never escalated, handed over or reopened: only CP-2
    assert facts.first_contact_resolution.tolist() == [False, False, True, False]
    first = first_response_time(facts.received_at, facts.first_response_at)
    assert (first.n, first.open) == (3, 1)


def test_resolved_is_the_sla_clocks_definition() -> None:
    # One definition of "resolved": the clock stops in exactly the statuses the facts call
    # resolved.
    c = Complaint(id="CP-1", customer_id="C", channel="web", received_at=T0, subject="s")
    wf = ComplaintWorkflow(c)
    wf.classify(actor="a", severity="general", at=T0 + MIN)
    wf.investigate(actor="a", at=T0 + 2 * MIN)
    wf.resolve(actor="a", resolution="r", findings="f", at=T0 + 3 * MIN)
    assert c.status.value in DEFAULT_RESOLVED_STATUSES
    assert complaint_facts([c]).resolved.tolist() == [True]
    assert SLAClock().resolved_statuses == DEFAULT_RESOLVED_STATUSES


def test_columns_are_read_only_and_one_per_complaint() -> None:
    c = Complaint(id="CP-1", customer_id="C", channel="web", received_at=T0, subject="s")
    facts = complaint_facts([c, c])
    assert len(facts) == 2
    for value in facts.to_dict().values():
        assert value.shape == (2,)
        assert not value.flags.writeable
    assert facts.received_at.dtype == np.dtype("datetime64[us]")
    assert len(complaint_facts([])) == 0


def test_refuses_what_is_not_a_complaint() -> None:
    with pytest.raises(InvalidInputError, match=r"complaints\[1\]"):
        complaint_facts(
            [
                Complaint(id="C", customer_id="C", channel="web", received_at=T0, subject="s"),
                {"id": "x"},
            ]
        )  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="complaints"):
        complaint_facts("CP-1")  # type: ignore[arg-type]
