"""The customer-facing steps, pauses, reclassification, ownership, threads and one SLA truth."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from servicekit import (
    BusinessCalendar,
    Complaint,
    ComplaintPolicy,
    ComplaintWorkflow,
    InvalidInputError,
    InvalidTransition,
    SLAClock,
    SLAPolicy,
    SLATargets,
)
from servicekit.sla import SLAState
from tests.workflow.conftest import T0, new_complaint

H = timedelta(hours=1)
MIN = timedelta(minutes=1)
# A small help desk's targets: first response 2 h / 1 h / 30 min by severity; updates
# every 3 h (major) and 1 h (urgent); resolution within 24 h.
TARGETS = {
    "general": SLATargets(2 * H, 24 * H),
    "major": SLATargets(1 * H, 24 * H, next_update=3 * H),
    "urgent": SLATargets(30 * MIN, 24 * H, next_update=1 * H),
}
POLICY = ComplaintPolicy(sla=SLAPolicy(TARGETS))


def helpdesk(complaint: Complaint | None = None, **policy: object) -> ComplaintWorkflow:
    chosen = ComplaintPolicy(sla=SLAPolicy(TARGETS), **policy) if policy else POLICY  # type: ignore[arg-type]
    return ComplaintWorkflow(complaint or new_complaint(), policy=chosen)


def report_at(c: Complaint, now: datetime) -> object:
    return SLAClock(SLAPolicy(TARGETS)).for_complaint(c, now=now)


# --- the help-desk day ---------------------------------------------------------------


def test_acknowledging_meets_the_first_response_target() -> None:
    # Before: only reply (after resolve) met first response, so every complaint breached.
    wf = helpdesk()
    wf.acknowledge(actor="a-1", message="Received; we answer within a day", at=T0 + 5 * MIN)
    wf.classify(actor="a-1", severity="major", at=T0 + 10 * MIN)
    c = wf.complaint
    assert c.first_response_due is None  # met
    r = report_at(c, T0 + 3 * H)
    assert r.first_response.state is SLAState.MET  # type: ignore[attr-defined]
    assert c.next_update_due == T0 + 5 * MIN + 3 * H  # three hours after the last message
    assert c.resolution_due == T0 + 24 * H


def test_updates_meet_the_next_update_target_during_the_investigation() -> None:
    wf = helpdesk()
    wf.classify(actor="a-1", severity="urgent", at=T0 + MIN)
    wf.acknowledge(actor="a-1", at=T0 + 2 * MIN)
    wf.investigate(actor="a-1", at=T0 + 3 * MIN)
    for k in range(1, 5):  # an update every 50 minutes
        wf.update_customer(actor="a-1", message="Still on it", at=T0 + 2 * MIN + k * 50 * MIN)
    c = wf.complaint
    assert c.next_update_due == T0 + 2 * MIN + 200 * MIN + H
    r = report_at(c, T0 + 4 * H)
    assert r.next_update.state in (SLAState.RUNNING, SLAState.AT_RISK)  # type: ignore[attr-defined]
    assert r.next_update.breaches == 0  # type: ignore[attr-defined]
    assert r.next_update.longest_silence == 50 * MIN  # type: ignore[attr-defined]


def test_a_missed_update_stays_breached_after_the_reply() -> None:
    # Before: breached at +5 h, then "met" with 0 elapsed at +48 h once replied to.
    wf = helpdesk()
    wf.classify(actor="a-1", severity="major", at=T0)
    wf.acknowledge(actor="a-1", at=T0 + MIN)
    wf.investigate(actor="a-1", at=T0 + 2 * MIN)
    wf.resolve(actor="a-1", resolution="Refunded", findings="Double charge", at=T0 + 5 * H)
    wf.reply(actor="a-1", message="Refunded", at=T0 + 5 * H + MIN)
    c = wf.complaint
    later = report_at(c, T0 + 48 * H).next_update  # type: ignore[attr-defined]
    assert later.state is SLAState.BREACHED
    assert later.breaches == 1
    assert later.longest_silence == 5 * H - MIN
    assert c.next_update_due is None  # no longer applicable once resolved


def test_waiting_on_the_customer_does_not_count_against_the_team() -> None:
    wf = helpdesk()
    wf.classify(actor="a-1", severity="general", at=T0)
    wf.acknowledge(actor="a-1", at=T0 + MIN)
    wf.investigate(actor="a-1", at=T0 + 2 * MIN)
    wf.pause(actor="a-1", reason="Waiting for the bank statement", at=T0 + 2 * H)
    c = wf.complaint
    assert c.paused_since == T0 + 2 * H
    assert (c.resolution_due, c.next_update_due) == (None, None)
    # Status changes are refused while paused; notes and updates are not.
    with pytest.raises(InvalidTransition, match="paused since"):
        wf.resolve(actor="a-1", resolution="x", findings="y", at=T0 + 3 * H)
    wf.update_customer(actor="a-1", message="Reminder: we need the statement", at=T0 + 10 * H)
    wf.note(actor="a-1", text="Customer travelling", at=T0 + 11 * H)
    wf.resume(actor="a-1", at=T0 + 30 * H)
    assert c.paused_since is None
    # 28 paused hours are not counted: the 24 h resolution target moves by 28 h.
    assert c.resolution_due == T0 + 24 * H + 28 * H
    r = report_at(c, T0 + 40 * H).resolution  # type: ignore[attr-defined]
    assert r.elapsed == 40 * H - 28 * H
    assert r.state is SLAState.RUNNING


def test_pause_and_resume_refusals() -> None:
    wf = helpdesk()
    with pytest.raises(InvalidTransition, match="not paused"):
        wf.resume(actor="a-1", at=T0)
    wf.pause(actor="a-1", reason="waiting", at=T0)
    with pytest.raises(InvalidTransition, match="already paused"):
        wf.pause(actor="a-1", reason="again", at=T0)
    assert wf.complaint.version == 1


def test_an_open_pause_runs_until_now() -> None:
    wf = helpdesk()
    wf.classify(actor="a-1", severity="general", at=T0)
    wf.pause(actor="a-1", reason="waiting", at=T0 + H)
    r = report_at(wf.complaint, T0 + 10 * H).resolution  # type: ignore[attr-defined]
    assert (r.elapsed, r.state, r.due) == (H, SLAState.PAUSED, None)


def test_reclassify_raises_the_level_and_recomputes_the_due_times() -> None:
    wf = helpdesk()
    wf.classify(actor="a-1", severity="general", category="billing", at=T0)
    assert wf.complaint.first_response_due == T0 + 2 * H
    wf.reclassify(actor="a-1", severity="urgent", reason="Many customers", at=T0 + 10 * MIN)
    c = wf.complaint
    assert (c.severity, c.category, c.escalation_level) == ("urgent", "billing", 3)
    assert c.first_response_due == T0 + 30 * MIN
    wf.reclassify(actor="a-1", severity="general", reason="Only one", at=T0 + 20 * MIN)
    assert c.escalation_level == 3  # never lowered
    with pytest.raises(InvalidInputError, match="severity"):
        wf.reclassify(actor="a-1", severity="critical", reason="x", at=T0 + 20 * MIN)


def test_note_is_allowed_even_when_closed() -> None:
    wf = helpdesk()
    wf.classify(actor="a-1", severity="general", at=T0)
    wf.investigate(actor="a-1", at=T0)
    wf.resolve(actor="a-1", resolution="r", findings="f", at=T0)
    wf.reply(actor="a-1", message="m", at=T0)
    wf.follow_up(actor="a-1", outcome="ok", customer_satisfied=True, at=T0)
    wf.close(actor="a-1", at=T0)
    wf.note(actor="a-2", text="Archived", at=T0 + H)
    for event, args in (("acknowledge", {}), ("pause", {"reason": "x"})):
        with pytest.raises(InvalidTransition):
            wf.send(event, actor="a-1", at=T0 + H, **args)


# --- the complaint is written by the workflow alone --------------------------------------


def test_workflow_kept_fields_cannot_be_assigned() -> None:
    c = new_complaint()
    for field, value in (
        ("status", "closed"),
        ("version", 5),
        ("history", ()),
        ("owner", "mallory"),
        ("paused_since", None),
        ("evidence", ()),
    ):
        with pytest.raises(ValidationError, match="frozen"):
            setattr(c, field, value)
    assert not hasattr(c.evidence, "append")
    assert not hasattr(c.history, "append")
    c.description = "The customer's corrected account"  # the customer's own text may change


def test_inconsistent_complaints_do_not_load() -> None:
    wf = ComplaintWorkflow(new_complaint())
    wf.classify(actor="a-1", severity="general", at=T0 + MIN)
    data = wf.complaint.model_dump()
    for broken, field in (
        ({**data, "version": 5}, "version"),
        ({**data, "status": "closed"}, "history"),
        ({**data, "history": []}, "history"),
        ({**data, "received_at": T0 + H}, "history"),
    ):
        with pytest.raises(ValidationError) as info:
            Complaint.model_validate(broken)
        assert info.value.errors()[0]["loc"] == (field,)
    with pytest.raises(ValidationError, match="version"):
        Complaint.model_validate(
            {**new_complaint().model_dump(), "status": "received", "version": 5}
        )
    assert Complaint.model_validate_json(wf.complaint.model_dump_json()) == wf.complaint


# --- ownership ------------------------------------------------------------------------


def test_enforced_ownership_refuses_others_but_not_notes_or_escalation() -> None:
    wf = ComplaintWorkflow(
        new_complaint(), policy=ComplaintPolicy(ownership="enforce", supervisors={"lead"})
    )
    wf.acknowledge(actor="owner-1", at=T0)
    assert wf.complaint.owner == "owner-1"
    with pytest.raises(InvalidTransition, match="owned by 'owner-1'"):
        wf.hand_over(actor="mallory", to_agent="mallory", reason="mine now", at=T0)
    with pytest.raises(InvalidTransition, match="owned by"):
        wf.classify(actor="agent-2", severity="general", at=T0)
    wf.note(actor="agent-2", text="Saw this on the phone", at=T0)
    wf.escalate(actor="agent-2", reason="Customer very upset", at=T0)
    wf.hand_over(actor="lead", to_agent="agent-2", reason="rebalancing", at=T0)
    wf.classify(actor="agent-2", severity="general", at=T0)
    assert wf.complaint.owner == "agent-2"


def test_recorded_ownership_is_the_default() -> None:
    wf = ComplaintWorkflow(new_complaint())
    wf.acknowledge(actor="owner-1", at=T0)
    wf.hand_over(actor="someone", to_agent="agent-2", reason="shift", at=T0)
    assert wf.complaint.owner == "agent-2"
    with pytest.raises(InvalidInputError, match="ownership"):
        ComplaintPolicy(ownership="strict")  # type: ignore[arg-type]


# --- threads --------------------------------------------------------------------------


def test_two_threads_on_one_complaint_never_corrupt_it() -> None:
    c = new_complaint()
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def work(k: int) -> None:
        wf = ComplaintWorkflow(c, clock=lambda: datetime.now(timezone.utc))
        start.wait()
        for _ in range(50):
            try:
                wf.note(actor=f"agent-{k}", text="ping")
                wf.investigate(actor=f"agent-{k}")  # refused: never classified
            except InvalidTransition:
                pass
            except BaseException as err:  # pragma: no cover - the failure this test catches
                errors.append(err)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert c.version == len(c.history) == 200
    assert all(e.event == "note" for e in c.history)
    Complaint.model_validate_json(c.model_dump_json())  # still consistent


def test_classify_accepted_once_when_two_threads_race() -> None:
    for _ in range(20):
        c = new_complaint()
        gate = threading.Barrier(2)
        outcomes: list[str] = []

        def go(
            k: int,
            c: Complaint = c,
            gate: threading.Barrier = gate,
            outcomes: list[str] = outcomes,
        ) -> None:
            wf = ComplaintWorkflow(c, clock=lambda: T0 + MIN)
            gate.wait()
            try:
                wf.classify(actor=f"agent-{k}", severity="general")
                outcomes.append("accepted")
            except InvalidTransition:
                outcomes.append("refused")

        threads = [threading.Thread(target=go, args=(k,)) for k in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(outcomes) == ["accepted", "refused"]
        assert (c.version, len(c.history)) == (1, 1)


# --- listeners still see every event ----------------------------------------------------


def test_machine_listeners_see_accepted_events() -> None:
    wf = ComplaintWorkflow(new_complaint())
    seen: list[str] = []

    class Listener:
        def after_transition(self, event: str) -> None:
            seen.append(event)

    wf.machine.add_listener(Listener())  # type: ignore[no-untyped-call]
    wf.acknowledge(actor="a", at=T0)
    wf.classify(actor="a", severity="general", at=T0)
    with pytest.raises(InvalidTransition):
        wf.close(actor="a", at=T0)
    assert seen == ["acknowledge", "classify"]


def test_due_times_in_business_hours_skip_the_weekend() -> None:
    office = BusinessCalendar(dict.fromkeys(range(5), (("09:00", "17:00"),)), tz="UTC")
    friday = datetime(2026, 3, 6, 16, 30, tzinfo=timezone.utc)
    wf = ComplaintWorkflow(new_complaint(received_at=friday), policy=POLICY, calendar=office)
    wf.classify(actor="a-1", severity="major", at=friday)
    assert wf.complaint.first_response_due == datetime(2026, 3, 9, 9, 30, tzinfo=timezone.utc)


def test_bad_call_shapes_are_invalid_input_not_type_errors() -> None:
    wf = ComplaintWorkflow(new_complaint())
    with pytest.raises(InvalidInputError, match="keyword arguments"):
        wf.note("agent-1", "text")  # type: ignore[misc]
    with pytest.raises(InvalidInputError) as info:
        wf.note(actor="agent-1", text="ok", colour="Jane Roe's card")  # type: ignore[call-arg]
    assert "Jane" not in str(info.value)
    with pytest.raises(InvalidInputError, match="requires it"):
        wf.note(actor="agent-1")  # type: ignore[call-arg]
    with pytest.raises(InvalidInputError, match="event"):
        wf.send("fly", actor="agent-1")
    assert wf.complaint.version == 0
