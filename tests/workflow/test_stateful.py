"""Random event sequences against the workflow (Hypothesis stateful testing)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from hypothesis import event as note_event
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from servicekit import (
    BusinessCalendar,
    Complaint,
    ComplaintPolicy,
    ComplaintStatus,
    ComplaintWorkflow,
    InvalidInputError,
    InvalidTransition,
    SLAClock,
    SLAPolicy,
)
from servicekit.sla import SLAState
from tests.workflow.conftest import T0, new_complaint

EVENTS = [
    "classify",
    "investigate",
    "add_evidence",
    "resolve",
    "reply",
    "follow_up",
    "close",
    "reopen",
    "escalate",
    "hand_over",
    "acknowledge",
    "update_customer",
    "pause",
    "resume",
    "reclassify",
    "note",
]
OFFICE = BusinessCalendar(dict.fromkeys(range(6), (("08:00", "20:00"),)), tz="Asia/Shanghai")
POLICY = ComplaintPolicy(sla=SLAPolicy())
CLOCK = SLAClock(POLICY.sla, OFFICE)
actors = st.sampled_from(["agent-1", "agent-2", "manager-1", ""])
texts = st.sampled_from(["some words", "", None])


def _kwargs(event: str) -> st.SearchStrategy[dict[str, Any]]:
    """Mostly valid, sometimes invalid, arguments for ``event``."""
    fields: dict[str, st.SearchStrategy[Any]] = {
        "classify": st.fixed_dictionaries(
            {"severity": st.sampled_from(["general", "major", "urgent", "critical"])},
            optional={"category": st.sampled_from(["billing", "delivery", ""])},
        ),
        "investigate": st.just({}),
        "add_evidence": st.fixed_dictionaries(
            {
                "kind": st.sampled_from(["call_recording", "transaction_record", "rumour"]),
                "reference": st.sampled_from(["ref-1", "ref-2", ""]),
            }
        ),
        "resolve": st.fixed_dictionaries(
            {"resolution": texts}, optional={"findings": st.sampled_from(["facts", ""])}
        ),
        "reply": st.fixed_dictionaries({"message": texts}),
        "follow_up": st.fixed_dictionaries(
            {"outcome": texts},
            optional={"customer_satisfied": st.sampled_from([True, False, None, "yes"])},
        ),
        "close": st.fixed_dictionaries({}, optional={"reason": texts}),
        "reopen": st.fixed_dictionaries({"reason": texts}),
        "escalate": st.fixed_dictionaries(
            {"reason": texts}, optional={"to_level": st.sampled_from([1, 2, 3, 4, None])}
        ),
        "hand_over": st.fixed_dictionaries(
            {"to_agent": st.sampled_from(["agent-1", "agent-2", "agent-3", ""]), "reason": texts}
        ),
        "acknowledge": st.fixed_dictionaries({}, optional={"message": texts}),
        "update_customer": st.fixed_dictionaries(
            {"message": texts},
            optional={"milestone": st.sampled_from(["classify", "investigate", "", None])},
        ),
        "pause": st.fixed_dictionaries({"reason": texts}),
        "resume": st.just({}),
        "reclassify": st.fixed_dictionaries(
            {
                "severity": st.sampled_from(["general", "major", "urgent", "critical"]),
                "reason": texts,
            },
            optional={"category": st.sampled_from(["billing", ""])},
        ),
        "note": st.fixed_dictionaries({"text": texts}),
    }
    return fields[event]


NEXT_STEPS: dict[ComplaintStatus, list[tuple[str, dict[str, Any]]]] = {
    ComplaintStatus.RECEIVED: [("classify", {"severity": "general"})],
    ComplaintStatus.CLASSIFIED: [("investigate", {})],
    ComplaintStatus.INVESTIGATING: [
        ("resolve", {"resolution": "refund", "findings": "double capture"}),
        ("add_evidence", {"kind": "document", "reference": "doc-1"}),
    ],
    ComplaintStatus.RESOLVED: [("reply", {"message": "refunded"})],
    ComplaintStatus.REPLIED: [
        ("follow_up", {"outcome": "called", "customer_satisfied": True}),
        ("follow_up", {"outcome": "called", "customer_satisfied": False}),
        ("close", {"reason": "unreachable"}),
    ],
    ComplaintStatus.TRACKING: [
        ("close", {}),
        ("reopen", {"reason": "still broken"}),
        ("follow_up", {"outcome": "called", "customer_satisfied": True}),
    ],
    ComplaintStatus.CLOSED: [("reopen", {"reason": "came back"})],
}


class st_data_const:  # noqa: N801 - stands in for st.DataObject
    """A stand-in for ``st.data()`` whose draw returns fixed keyword arguments."""

    def __init__(self, kwargs: dict[str, Any]) -> None:
        self.kwargs = kwargs

    def draw(self, strategy: object, label: str = "") -> dict[str, Any]:
        return dict(self.kwargs)


class WorkflowMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.workflow = ComplaintWorkflow(new_complaint(), policy=POLICY, calendar=OFFICE)
        self.shadow: ComplaintWorkflow | None = None
        self.accepted = 0
        self.level = 1
        self.now = T0

    @rule(
        event=st.sampled_from(EVENTS),
        data=st.data(),
        actor=actors,
        step=st.integers(-30, 600),
    )
    def fire(self, event: str, data: st.DataObject | st_data_const, actor: str, step: int) -> None:
        kwargs = data.draw(_kwargs(event), label="kwargs")
        at: datetime = self.now + timedelta(minutes=step)
        c = self.workflow.complaint
        before = c.model_dump()
        status = c.status
        try:
            entry = self.workflow.send(event, actor=actor, at=at, **kwargs)
        except (InvalidTransition, InvalidInputError) as err:
            assert c.model_dump() == before, "a refused event changed the complaint"
            if status == ComplaintStatus.CLOSED and event not in ("reopen", "note"):
                assert isinstance(err, InvalidTransition)
            if self.shadow is not None:
                try:
                    self.shadow.send(event, actor=actor, at=at, **kwargs)
                except type(err) as again:
                    assert str(again) == str(err)
                else:
                    raise AssertionError("the resumed workflow accepted a refused event")
            return
        assert status != ComplaintStatus.CLOSED or event in ("reopen", "note")
        assert step >= 0
        assert actor
        self.accepted += 1
        self.now = at
        note_event(f"reached {c.status.value}")  # shows with --hypothesis-show-statistics
        assert c.history[-1] == entry
        if self.shadow is not None:
            assert self.shadow.send(event, actor=actor, at=at, **kwargs) == entry

    @rule(data=st.data(), actor=st.sampled_from(["agent-1", "agent-2"]))
    def advance(self, data: st.DataObject, actor: str) -> None:
        """Take the next step of the happy path with valid arguments, to reach late states."""
        status = self.workflow.complaint.status
        event, kwargs = data.draw(st.sampled_from(NEXT_STEPS[status]), label="step")
        self.fire(event, st_data_const(kwargs), actor, step=5)

    @rule()
    def store_and_resume(self) -> None:
        loaded = Complaint.model_validate_json(self.workflow.complaint.model_dump_json())
        assert loaded == self.workflow.complaint
        self.shadow = ComplaintWorkflow(loaded, policy=POLICY, calendar=OFFICE)

    @precondition(lambda self: self.shadow is not None)
    @invariant()
    def resumed_workflow_stays_identical(self) -> None:
        assert self.shadow is not None
        assert self.shadow.complaint == self.workflow.complaint

    @invariant()
    def status_history_and_version_agree(self) -> None:
        c = self.workflow.complaint
        assert isinstance(c.status, ComplaintStatus)
        assert len(c.history) == self.accepted == c.version
        if c.history:
            assert c.history[-1].to_status == c.status
            times = [e.at for e in c.history]
            assert times == sorted(times)

    @invariant()
    def escalation_never_decreases(self) -> None:
        level = self.workflow.complaint.escalation_level
        assert level >= self.level
        self.level = level

    @invariant()
    def owner_changes_only_by_hand_over(self) -> None:
        c = self.workflow.complaint
        owner = None
        for e in c.history:
            if e.event == "hand_over":
                owner = e.data["to_owner"]
            elif owner is None:
                owner = e.actor
        assert c.owner == owner

    @invariant()
    def closed_only_with_confirmation_or_reason(self) -> None:
        c = self.workflow.complaint
        if c.status == ComplaintStatus.CLOSED:
            last = [e for e in c.history if e.event == "close"][-1]
            assert last.data["confirmed_by_customer"] or last.note
            assert all(e.event == "note" for e in c.history[c.history.index(last) + 1 :])

    @invariant()
    def paused_since_follows_pause_and_resume(self) -> None:
        c = self.workflow.complaint
        since = None
        for e in c.history:
            if e.event == "pause":
                since = e.at
            elif e.event == "resume":
                since = None
            elif since is not None:
                assert e.from_status == e.to_status, "a status changed while paused"
        assert c.paused_since == since
        if since is not None:
            assert (c.resolution_due, c.next_update_due) == (None, None)

    @invariant()
    def due_times_are_the_sla_clocks(self) -> None:
        """One SLA truth: the due fields are what the clock derives from the history."""
        c = self.workflow.complaint
        if not c.history:
            return
        report = CLOCK.for_complaint(c, now=c.history[-1].at)
        for name in ("first_response", "resolution", "next_update"):
            target = getattr(report, name)
            expected = None
            if target is not None and target.state not in (SLAState.MET, SLAState.PAUSED):
                expected = target.due
            if c.paused_since is not None and name != "first_response":
                expected = None
            assert getattr(c, f"{name}_due") == expected, name


TestWorkflowMachine = WorkflowMachine.TestCase
