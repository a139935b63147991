"""SLA policies and clocks: worked examples for pauses, reopens, warnings."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from servicekit import Complaint, ComplaintWorkflow, InvalidInputError
from servicekit.sla import (
    BusinessCalendar,
    SLAClock,
    SLAPolicy,
    SLAState,
    SLATargets,
)

H = timedelta(hours=1)
CAL = BusinessCalendar(dict.fromkeys(range(5), (("09:00", "17:00"),)), tz="UTC")  # 8 h a day
MON = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)  # a Monday, opening time
TUE, WED, THU = MON + timedelta(days=1), MON + timedelta(days=2), MON + timedelta(days=3)


def clock(**kwargs: object) -> SLAClock:
    return SLAClock(SLAPolicy(), CAL, **kwargs)  # type: ignore[arg-type]


def test_every_pause_is_subtracted_in_business_time() -> None:
    # Three pauses of different names; a help desk that subtracts only the last one
    # would count 09:00 Monday to 12:00 Tuesday minus 18 h = ...; the right answer is
    # 1 + 2 + 1 + 2 = 6 business hours.
    changes = [
        (MON + 1 * H, "waiting_on_customer"),
        (MON + 3 * H, "investigating"),
        (MON + 5 * H, "on_hold"),
        (MON + 6 * H, "investigating"),
        (MON + 7 * H, "pending_customer"),
        (TUE + 1 * H, "investigating"),
    ]
    r = clock().evaluate(changes, received_at=MON, now=TUE + 3 * H, severity="general")
    assert r.resolution.elapsed == 6 * H
    assert r.resolution.remaining == 18 * H
    assert r.resolution.state is SLAState.RUNNING
    # 18 h more from Tuesday 12:00: 5 h Tue, 8 h Wed, 5 h Thu -> Thursday 14:00
    assert r.resolution.due == THU + 5 * H


def test_a_paused_ticket_has_no_due_time_until_it_resumes() -> None:
    changes = [(MON + 2 * H, "waiting_on_customer")]
    r = clock().evaluate(changes, received_at=MON, now=WED, severity="general")
    assert r.resolution.state is SLAState.PAUSED
    assert r.resolution.elapsed == 2 * H
    assert r.resolution.due is None


REOPENED = [
    (MON + 4 * H, "resolved"),
    (MON + 5 * H, "replied"),
    (TUE + 2 * H, "investigating"),  # the customer reopens Tuesday 11:00
]


def test_reopen_keeps_counting_from_receipt_without_the_gap() -> None:
    r = clock().evaluate(REOPENED, received_at=MON, now=TUE + 4 * H, severity="general")
    # 09:00-13:00 Monday, then 11:00-13:00 Tuesday: the resolved stretch is not counted
    assert r.resolution.elapsed == 6 * H
    assert r.resolution.state is SLAState.RUNNING


def test_reopen_with_the_gap_counted() -> None:
    c = clock(count_reopen_gap=True)
    r = c.evaluate(REOPENED, received_at=MON, now=TUE + 4 * H, severity="general")
    # plus Monday 13:00-17:00 and Tuesday 09:00-11:00
    assert r.resolution.elapsed == 12 * H


def test_resolution_met_and_its_due_time() -> None:
    changes = [(MON + 4 * H, "resolved"), (MON + 5 * H, "replied")]
    r = clock().evaluate(changes, received_at=MON, now=THU, severity="general")
    assert r.resolution.state is SLAState.MET
    assert r.resolution.elapsed == 4 * H
    # 20 h were left at 13:00 Monday: Monday 4, Tuesday 8, Wednesday 8 -> Wed 17:00
    assert r.resolution.due == WED + 8 * H


def test_resolution_breached_reports_when_it_fell_due() -> None:
    r = clock().evaluate([], received_at=MON, now=THU + 2 * H, severity="general")
    assert r.resolution.elapsed == 26 * H
    assert r.resolution.state is SLAState.BREACHED
    assert r.resolution.remaining == -2 * H
    # 24 h = Mon, Tue, Wed: due at Wednesday's close (the earliest instant, not Thu 09:00)
    assert r.resolution.due == WED + 8 * H
    assert r.breached == ["first_response", "resolution"]


def test_at_risk_within_the_warning_margin() -> None:
    # 24 h target, warn at 20% = 4.8 h left: 19.5 h in is at risk, 19 h is not.
    changes: list[tuple[datetime, str]] = []
    near = clock().evaluate(changes, received_at=MON, now=WED + 3.5 * H, severity="general")
    assert near.resolution.elapsed == 19.5 * H
    assert near.resolution.state is SLAState.AT_RISK
    assert near.at_risk == ["resolution"]
    safe = clock().evaluate(changes, received_at=MON, now=WED + 3 * H, severity="general")
    assert safe.resolution.state is SLAState.RUNNING
    fixed = SLAClock(SLAPolicy(warn_before=timedelta(hours=6)), CAL)
    assert (
        fixed.evaluate(
            changes, received_at=MON, now=WED + 3 * H, severity="general"
        ).resolution.state
        is SLAState.AT_RISK
    )


def test_first_response_is_a_reply_not_a_status_change() -> None:
    changes = [
        (MON + timedelta(minutes=1), "classified"),
        (MON + timedelta(minutes=2), "investigating"),
    ]
    late = clock().evaluate(
        changes, received_at=MON, now=MON + timedelta(minutes=10), severity="general"
    )
    assert late.first_response.state is SLAState.BREACHED
    assert late.first_response.due == MON + timedelta(minutes=5)
    replied = clock().evaluate(
        changes,
        received_at=MON,
        now=MON + timedelta(minutes=10),
        severity="general",
        first_response_at=MON + timedelta(minutes=4),
    )
    assert replied.first_response.state is SLAState.MET
    assert replied.first_response.elapsed == timedelta(minutes=4)


def test_first_response_clock_runs_in_business_time() -> None:
    friday_evening = datetime(2026, 3, 6, 16, 58, tzinfo=timezone.utc)
    r = clock().evaluate(
        [], received_at=friday_evening, now=friday_evening + 2 * H, severity="general"
    )
    assert r.first_response.elapsed == timedelta(minutes=2)
    assert r.first_response.due == datetime(2026, 3, 9, 9, 3, tzinfo=timezone.utc)


def test_next_update_measures_the_silence_since_the_last_reply() -> None:
    # major: an update at least every 3 h
    r = clock().evaluate(
        [],
        received_at=MON,
        now=MON + 5 * H,
        severity="major",
        first_response_at=MON + timedelta(minutes=3),
        updates=[MON + timedelta(minutes=3), MON + 1 * H],
    )
    assert r.next_update is not None
    assert r.next_update.elapsed == 4 * H
    assert r.next_update.state is SLAState.BREACHED
    assert r.next_update.due == MON + 4 * H
    general = clock().evaluate([], received_at=MON, now=MON + H, severity="general")
    assert general.next_update is None


def test_policy_overrides_by_channel_and_tier() -> None:
    letter = SLATargets(timedelta(days=2), timedelta(days=10))
    gold = SLATargets(timedelta(minutes=1), timedelta(hours=4))
    policy = SLAPolicy(
        overrides={("general", "letter", None): letter, ("general", None, "gold"): gold}
    )
    assert policy.targets_for("general", channel="letter") is letter
    assert policy.targets_for("general", channel="letter", tier="gold") is gold  # tier first
    assert policy.targets_for("general", channel="phone") == SLAPolicy().targets_for("general")


def test_complaint_workflow_history_drives_the_clock() -> None:
    t = iter(range(1, 100))
    c = Complaint(
        id="CP-1", customer_id="C-1", channel="phone", received_at=MON, subject="Double charge"
    )
    wf = ComplaintWorkflow(c, clock=lambda: MON + next(t) * timedelta(minutes=30))
    wf.classify(actor="a", severity="general")  # 09:30
    wf.investigate(actor="a")  # 10:00
    wf.resolve(actor="a", resolution="refund", findings="double capture")  # 10:30
    wf.reply(actor="a", message="refunded")  # 11:00: the first response
    r = SLAClock(calendar=CAL).for_complaint(c, now=MON + 3 * H)
    assert r.first_response.elapsed == 2 * H
    assert r.first_response.state is SLAState.BREACHED  # a reply two hours in is late
    assert r.resolution.state is SLAState.MET
    assert r.resolution.elapsed == 1.5 * H


def test_clock_and_policy_refuse_bad_input() -> None:
    with pytest.raises(InvalidInputError, match="now"):
        clock().evaluate([], received_at=MON, now=MON - H, severity="general")
    with pytest.raises(InvalidInputError, match=r"changes\[1\]"):
        clock().evaluate(
            [(MON + 2 * H, "a"), (MON + H, "b")], received_at=MON, now=TUE, severity="general"
        )
    with pytest.raises(InvalidInputError, match="received_at"):
        clock().evaluate([], received_at=datetime(2026, 3, 2), now=TUE, severity="general")
    with pytest.raises(InvalidInputError, match="severity"):
        clock().evaluate([], received_at=MON, now=TUE, severity="critical")
    with pytest.raises(InvalidInputError, match="changes"):
        clock().evaluate("resolved", received_at=MON, now=TUE, severity="general")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="resolved_statuses"):
        SLAClock(pause_statuses={"resolved"})
    with pytest.raises(InvalidInputError, match="first_response"):
        SLATargets(timedelta(0), timedelta(hours=1))
    with pytest.raises(InvalidInputError, match="targets"):
        SLAPolicy({"general": SLATargets(H, H)})
    with pytest.raises(InvalidInputError, match="warn_before"):
        SLAPolicy(warn_before=1.5)
    with pytest.raises(InvalidInputError, match="channel"):
        SLAPolicy().targets_for("general", channel="pigeon")
    with pytest.raises(InvalidInputError, match="overrides"):
        SLAPolicy(overrides={("general", "pigeon", None): SLATargets(H, H)})


# --- a conservation law over random histories --------------------------------------

from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

STATUSES = ["investigating", "waiting_on_customer", "resolved", "replied", "on_hold"]


@given(
    st.lists(st.tuples(st.integers(0, 60 * 80), st.sampled_from(STATUSES)), max_size=8),
    st.integers(0, 60 * 100),
)
def test_counted_plus_paused_plus_resolved_time_is_all_business_time(
    raw: list[tuple[int, str]], now_minutes: int
) -> None:
    changes = [(MON + timedelta(minutes=m), st) for m, st in sorted(raw)]
    now = MON + timedelta(minutes=now_minutes)
    r = clock().evaluate(changes, received_at=MON, now=now, severity="general")
    # brute force: walk the minutes of the history and sort each open minute
    counted = stopped = timedelta(0)
    status = "received"
    pending = list(changes)
    t = MON
    while t < now:
        while pending and pending[0][0] <= t:
            status = pending.pop(0)[1]
        if CAL.is_open(t):
            if status in ("waiting_on_customer", "on_hold", "resolved", "replied"):
                stopped += timedelta(minutes=1)
            else:
                counted += timedelta(minutes=1)
        t += timedelta(minutes=1)
    assert r.resolution.elapsed == counted
    assert counted + stopped == CAL.between(MON, now)
    assert r.resolution.remaining == r.resolution.target - counted
