"""Every transition and every refusal of the complaint workflow."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from servicekit import (
    Complaint,
    ComplaintPolicy,
    ComplaintStatus,
    ComplaintWorkflow,
    InvalidInputError,
    InvalidTransition,
)
from servicekit.workflow import workflow_diagram
from tests.workflow.conftest import PATHS, T0, StepClock, drive, new_complaint

Make = Callable[..., ComplaintWorkflow]

# Arguments that satisfy every rule of each event, so only the status decides.
GOOD_ARGS: dict[str, dict[str, object]] = {
    "classify": {"severity": "major", "category": "billing"},
    "investigate": {},
    "add_evidence": {"kind": "transaction_record", "reference": "txn-99"},
    "resolve": {"resolution": "refunded", "findings": "double capture"},
    "reply": {"message": "We refunded the second charge."},
    "follow_up": {"outcome": "customer confirms", "customer_satisfied": True},
    "close": {"reason": "confirmed by phone"},
    "reopen": {"reason": "refund never arrived"},
    "escalate": {"reason": "needs the payments team"},
    "hand_over": {"to_agent": "agent-2", "reason": "shift change"},
    "acknowledge": {"message": "We have your complaint and answer within a day."},
    "update_customer": {"message": "Still checking with the bank.", "milestone": "investigate"},
    "pause": {"reason": "waiting for the customer's bank statement"},
    "resume": {},
    "reclassify": {"severity": "urgent", "reason": "several customers affected"},
    "note": {"text": "customer prefers e-mail"},
}
OPEN = {"acknowledge", "update_customer", "pause", "resume", "note", "escalate", "hand_over"}

ALLOWED = {
    "received": {"classify"} | OPEN,
    "classified": {"investigate", "reclassify"} | OPEN,
    "investigating": {"add_evidence", "resolve", "reclassify"} | OPEN,
    "resolved": {"add_evidence", "reply"} | OPEN,
    "replied": {"add_evidence", "follow_up", "close", "reopen"} | OPEN,
    "tracking": {"add_evidence", "follow_up", "close", "reopen"} | OPEN,
    "closed": {"reopen", "note"},
}
TARGET = {
    "classify": "classified",
    "investigate": "investigating",
    "resolve": "resolved",
    "reply": "replied",
    "follow_up": "tracking",
    "close": "closed",
    "reopen": "investigating",
}
ALLOWED_PAIRS = [(s, e) for s in ALLOWED for e in sorted(ALLOWED[s])]
REFUSED_PAIRS = [(s, e) for s in ALLOWED for e in sorted(set(GOOD_ARGS) - ALLOWED[s])]


@pytest.mark.parametrize(("status", "event"), ALLOWED_PAIRS)
def test_allowed_event_moves_the_status_and_appends_one_history_entry(
    make_workflow: Make, status: str, event: str
) -> None:
    wf = drive(make_workflow(), status)
    if event == "resume":
        wf.pause(actor="agent-9", reason="waiting")
    c = wf.complaint
    version, history = c.version, c.history
    entry = wf.send(event, actor="agent-9", **GOOD_ARGS[event])
    expected = TARGET.get(event, status)
    assert c.status == expected
    assert c.version == version + 1 == len(c.history)
    assert c.history == (*history, entry)
    assert (entry.event, entry.from_status, entry.to_status) == (event, status, expected)
    assert entry.actor == "agent-9"
    assert entry.at > (history[-1].at if history else T0)


@pytest.mark.parametrize(("status", "event"), REFUSED_PAIRS)
def test_event_not_allowed_in_status_is_refused_and_changes_nothing(
    make_workflow: Make, status: str, event: str
) -> None:
    wf = drive(make_workflow(), status)
    before = wf.complaint.model_dump()
    with pytest.raises(InvalidTransition) as info:
        wf.send(event, actor="agent-9", **GOOD_ARGS[event])
    assert f"'{event}'" in str(info.value)
    assert f"'{status}'" in str(info.value)
    assert (info.value.event, info.value.status) == (event, status)
    assert wf.complaint.model_dump() == before


def test_allowed_events_follow_the_status(make_workflow: Make) -> None:
    for status, events in ALLOWED.items():
        assert drive(make_workflow(), status).allowed_events == events


def test_methods_and_send_are_the_same_event(make_workflow: Make) -> None:
    a, b = make_workflow(), make_workflow()
    a.classify(actor="agent-1", severity="urgent", category="delivery", at=T0)
    b.send("classify", actor="agent-1", severity="urgent", category="delivery", at=T0)
    assert a.complaint == b.complaint


# --- step by step --------------------------------------------------------------


def test_classify_sets_severity_category_and_policy_level(make_workflow: Make) -> None:
    wf = make_workflow()
    entry = wf.classify(actor="agent-1", severity="major", category="billing")
    c = wf.complaint
    assert (c.severity, c.category, c.escalation_level) == ("major", "billing", 2)
    assert entry.data == {"severity": "major", "category": "billing", "escalation_level": 2}


@pytest.mark.parametrize(("severity", "level"), [("general", 1), ("major", 2), ("urgent", 3)])
def test_default_policy_levels(make_workflow: Make, severity: str, level: int) -> None:
    wf = make_workflow()
    wf.classify(actor="agent-1", severity=severity)
    assert wf.complaint.escalation_level == level


def test_custom_policy_is_consulted(make_workflow: Make) -> None:
    policy = ComplaintPolicy(escalation_levels={"general": 1, "major": 3, "urgent": 3})
    wf = make_workflow(policy=policy)
    wf.classify(actor="agent-1", severity="major")
    assert wf.complaint.escalation_level == 3


def test_classification_never_lowers_an_earlier_escalation(make_workflow: Make) -> None:
    wf = make_workflow()
    wf.escalate(actor="agent-1", reason="VIP customer", to_level=3)
    wf.classify(actor="agent-1", severity="general")
    assert wf.complaint.escalation_level == 3


def test_add_evidence_appends_evidence(make_workflow: Make) -> None:
    wf = drive(make_workflow(), "investigating")
    entry = wf.add_evidence(actor="agent-2", kind="call_recording", reference="rec-1")
    (ev,) = wf.complaint.evidence
    assert (ev.kind, ev.reference, ev.added_by, ev.added_at) == (
        "call_recording",
        "rec-1",
        "agent-2",
        entry.at,
    )
    assert wf.status == "investigating"


def test_resolve_without_findings_or_evidence_is_refused(make_workflow: Make) -> None:
    wf = drive(make_workflow(), "investigating")
    before = wf.complaint.model_dump()
    with pytest.raises(InvalidTransition, match="rests on the investigation"):
        wf.resolve(actor="agent-1", resolution="refunded")
    assert wf.complaint.model_dump() == before


def test_resolve_on_evidence_alone(make_workflow: Make) -> None:
    wf = drive(make_workflow(), "investigating")
    wf.add_evidence(actor="agent-1", kind="transaction_record", reference="txn-1")
    wf.resolve(actor="agent-1", resolution="refunded")
    assert (wf.complaint.resolution, wf.complaint.findings) == ("refunded", None)


def test_resolve_on_findings_recorded_before(make_workflow: Make) -> None:
    wf = drive(make_workflow(), "replied")
    wf.reopen(actor="agent-1", reason="still charged")
    wf.resolve(actor="agent-1", resolution="second refund")
    assert wf.complaint.findings == "double capture"
    assert wf.complaint.resolution == "second refund"


def test_reply_records_the_message(make_workflow: Make) -> None:
    wf = drive(make_workflow(), "resolved")
    entry = wf.reply(actor="agent-1", message="We refunded it.")
    assert wf.complaint.reply == entry.note == "We refunded it."


def test_follow_ups_accumulate_in_tracking(make_workflow: Make) -> None:
    wf = drive(make_workflow(), "replied")
    wf.follow_up(actor="agent-1", outcome="no answer")
    wf.follow_up(actor="agent-1", outcome="confirmed", customer_satisfied=True)
    assert wf.status == "tracking"
    assert [f.customer_satisfied for f in wf.complaint.follow_ups] == [None, True]


def test_close_after_the_customer_confirms(make_workflow: Make) -> None:
    wf = drive(make_workflow(), "replied")
    wf.follow_up(actor="agent-1", outcome="happy", customer_satisfied=True)
    entry = wf.close(actor="agent-1")
    assert wf.status == "closed"
    assert entry.data == {"confirmed_by_customer": True}


@pytest.mark.parametrize("satisfied", [None, False])
def test_close_without_confirmation_needs_a_reason(make_workflow: Make, satisfied: object) -> None:
    wf = drive(make_workflow(), "replied")
    wf.follow_up(actor="agent-1", outcome="call", customer_satisfied=satisfied)
    before = wf.complaint.model_dump()
    with pytest.raises(InvalidTransition, match="has not confirmed"):
        wf.close(actor="agent-1")
    assert wf.complaint.model_dump() == before
    wf.close(actor="agent-1", reason="unreachable after three calls")
    assert wf.status == "closed"


def test_only_the_latest_follow_up_counts_for_closing(make_workflow: Make) -> None:
    wf = drive(make_workflow(), "replied")
    wf.follow_up(actor="agent-1", outcome="happy", customer_satisfied=True)
    wf.follow_up(actor="agent-1", outcome="changed mind", customer_satisfied=False)
    with pytest.raises(InvalidTransition):
        wf.close(actor="agent-1")


@pytest.mark.parametrize("status", ["replied", "tracking", "closed"])
def test_reopen_goes_back_to_investigating_and_counts(make_workflow: Make, status: str) -> None:
    wf = drive(make_workflow(), status)
    wf.reopen(actor="agent-1", reason="not fixed")
    assert (wf.status, wf.complaint.reopen_count) == ("investigating", 1)
    drive_again = [("resolve", {"resolution": "fixed"}), ("reply", {"message": "fixed"})]
    for event, kwargs in drive_again:
        wf.send(event, actor="agent-1", **kwargs)
    wf.reopen(actor="agent-1", reason="still not fixed")
    assert wf.complaint.reopen_count == 2


def test_escalate_one_level_at_a_time_then_refused_at_three(make_workflow: Make) -> None:
    wf = make_workflow()
    assert wf.escalate(actor="agent-1", reason="complex").data == {"from_level": 1, "to_level": 2}
    wf.escalate(actor="agent-1", reason="crisis")
    assert wf.complaint.escalation_level == 3
    before = wf.complaint.model_dump()
    with pytest.raises(InvalidTransition, match=r"highest level \(3\)"):
        wf.escalate(actor="agent-1", reason="more")
    assert wf.complaint.model_dump() == before


def test_escalate_to_a_level(make_workflow: Make) -> None:
    wf = make_workflow()
    wf.escalate(actor="agent-1", reason="crisis", to_level=3)
    assert wf.complaint.escalation_level == 3


@pytest.mark.parametrize("to_level", [1, 0, 4, True, 2.0, "3"])
def test_escalate_to_a_bad_level_is_refused(make_workflow: Make, to_level: object) -> None:
    wf = make_workflow()
    wf.escalate(actor="agent-1", reason="complex")  # now at 2
    before = wf.complaint.model_dump()
    with pytest.raises(InvalidInputError, match="to_level"):
        wf.escalate(actor="agent-1", reason="again", to_level=to_level)  # type: ignore[arg-type]
    assert wf.complaint.model_dump() == before


def test_escalation_keeps_the_owner(make_workflow: Make) -> None:
    wf = make_workflow()
    wf.classify(actor="agent-1", severity="general")
    wf.escalate(actor="manager-1", reason="complex")
    assert wf.complaint.owner == "agent-1"


# --- ownership -----------------------------------------------------------------


def test_first_actor_becomes_owner_and_keeps_it(make_workflow: Make) -> None:
    wf = make_workflow()
    wf.classify(actor="agent-1", severity="general")
    wf.investigate(actor="agent-2")
    wf.add_evidence(actor="specialist-3", kind="document", reference="doc-1")
    assert wf.complaint.owner == "agent-1"


def test_an_owner_set_at_intake_is_kept(make_workflow: Make) -> None:
    wf = make_workflow(new_complaint(owner="hotline-5"))
    wf.classify(actor="agent-1", severity="general")
    assert wf.complaint.owner == "hotline-5"


def test_hand_over_is_the_only_way_ownership_changes(make_workflow: Make) -> None:
    wf = make_workflow()
    wf.classify(actor="agent-1", severity="general")
    entry = wf.hand_over(actor="agent-1", to_agent="agent-2", reason="leave")
    assert wf.complaint.owner == "agent-2"
    assert entry.data == {"from_owner": "agent-1", "to_owner": "agent-2"}
    assert entry.note == "leave"


def test_hand_over_to_the_current_owner_is_refused(make_workflow: Make) -> None:
    wf = make_workflow()
    wf.classify(actor="agent-1", severity="general")
    with pytest.raises(InvalidInputError, match="to_agent"):
        wf.hand_over(actor="agent-1", to_agent="agent-1", reason="none")


def test_hand_over_as_first_event_sets_the_new_owner(make_workflow: Make) -> None:
    wf = make_workflow()
    wf.hand_over(actor="dispatcher", to_agent="agent-2", reason="routing")
    assert wf.complaint.owner == "agent-2"


# --- times ---------------------------------------------------------------------


def test_times_come_from_the_injected_clock(make_workflow: Make) -> None:
    clock = StepClock()
    wf = ComplaintWorkflow(new_complaint(), clock=clock)
    entry = wf.classify(actor="agent-1", severity="general")
    assert entry.at == clock.now == T0 + timedelta(minutes=1)


def test_event_time_may_not_go_back(make_workflow: Make) -> None:
    wf = make_workflow()
    wf.classify(actor="agent-1", severity="general", at=T0 + timedelta(hours=2))
    before = wf.complaint.model_dump()
    with pytest.raises(InvalidInputError, match=r"^at=.*not before the last history entry"):
        wf.investigate(actor="agent-1", at=T0 + timedelta(hours=1))
    assert wf.complaint.model_dump() == before
    wf.investigate(actor="agent-1", at=T0 + timedelta(hours=2))  # equal is fine


def test_event_time_may_not_precede_receipt(make_workflow: Make) -> None:
    wf = make_workflow()
    with pytest.raises(InvalidInputError, match="received_at"):
        wf.classify(actor="agent-1", severity="general", at=T0 - timedelta(seconds=1))


def test_naive_event_time_is_refused(make_workflow: Make) -> None:
    wf = make_workflow()
    with pytest.raises(InvalidInputError, match=r"^at=.*timezone-aware"):
        wf.classify(actor="agent-1", severity="general", at=datetime(2026, 3, 2, 10))


def test_naive_clock_is_refused() -> None:
    wf = ComplaintWorkflow(new_complaint(), clock=lambda: datetime(2026, 3, 2, 10))
    with pytest.raises(InvalidInputError, match=r"clock\(\)"):
        wf.classify(actor="agent-1", severity="general")
    assert wf.complaint.version == 0


def test_default_clock_is_the_current_utc_time() -> None:
    wf = ComplaintWorkflow(new_complaint())
    before = datetime.now(timezone.utc)
    entry = wf.classify(actor="agent-1", severity="general")
    assert before <= entry.at <= datetime.now(timezone.utc)


# --- bad input -----------------------------------------------------------------

BAD_INPUT = [
    ("classify", {"actor": "", "severity": "general"}, "actor"),
    ("classify", {"actor": 7, "severity": "general"}, "actor"),
    ("classify", {"actor": "a", "severity": "critical"}, "severity"),
    ("classify", {"actor": "a", "severity": "general", "category": " "}, "category"),
    ("add_evidence", {"actor": "a", "kind": "rumour", "reference": "r"}, "kind"),
    ("add_evidence", {"actor": "a", "kind": "photo", "reference": ""}, "reference"),
    ("resolve", {"actor": "a", "resolution": "", "findings": "f"}, "resolution"),
    ("resolve", {"actor": "a", "resolution": "r", "findings": 3}, "findings"),
    ("reply", {"actor": "a", "message": "   "}, "message"),
    ("follow_up", {"actor": "a", "outcome": ""}, "outcome"),
    (
        "follow_up",
        {"actor": "a", "outcome": "o", "customer_satisfied": "yes"},
        "customer_satisfied",
    ),
    ("close", {"actor": "a", "reason": ""}, "reason"),
    ("reopen", {"actor": "a", "reason": ""}, "reason"),
    ("escalate", {"actor": "a", "reason": ""}, "reason"),
    ("hand_over", {"actor": "a", "to_agent": "", "reason": "r"}, "to_agent"),
    ("hand_over", {"actor": "a", "to_agent": "b", "reason": None}, "reason"),
    ("classify", {"severity": "general"}, "actor"),
    ("classify", {"actor": "a"}, "severity"),
    ("classify", {"actor": "a", "severity": "general", "colour": "red"}, "colour"),
    ("fly", {"actor": "a"}, "event"),
]
STATUS_FOR = {
    "classify": "received",
    "add_evidence": "investigating",
    "resolve": "investigating",
    "reply": "resolved",
    "follow_up": "replied",
    "close": "replied",
    "reopen": "replied",
    "escalate": "received",
    "hand_over": "received",
    "fly": "received",
}


@pytest.mark.parametrize(("event", "kwargs", "argument"), BAD_INPUT)
def test_bad_input_is_refused_naming_the_argument(
    make_workflow: Make, event: str, kwargs: dict[str, object], argument: str
) -> None:
    wf = drive(make_workflow(), STATUS_FOR[event])
    before = wf.complaint.model_dump()
    with pytest.raises(InvalidInputError) as info:
        wf.send(event, **kwargs)
    assert info.value.argument == argument
    assert str(info.value).startswith(f"{argument}=")
    assert wf.complaint.model_dump() == before


def test_bad_constructor_arguments() -> None:
    with pytest.raises(InvalidInputError, match="complaint"):
        ComplaintWorkflow({"id": "CP-1"})  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="policy"):
        ComplaintWorkflow(new_complaint(), policy={"general": 1})  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="clock"):
        ComplaintWorkflow(new_complaint(), clock=T0)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("levels", "argument"),
    [
        ({"general": 1, "major": 2}, "escalation_levels"),
        ({"general": 1, "major": 2, "urgent": 4}, "escalation_levels['urgent']"),
        ({"general": 1, "major": 2, "urgent": 3, "critical": 3}, "escalation_levels"),
    ],
)
def test_bad_policy_is_refused(levels: dict[str, int], argument: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        ComplaintPolicy(escalation_levels=levels)
    assert info.value.argument == argument


# --- store and resume ------------------------------------------------------------


@pytest.mark.parametrize("status", list(PATHS))
def test_a_complaint_loaded_from_json_resumes_where_it_was(
    make_workflow: Make, status: str
) -> None:
    wf = drive(make_workflow(), status)
    loaded = Complaint.model_validate_json(wf.complaint.model_dump_json())
    resumed = ComplaintWorkflow(
        loaded, clock=StepClock(wf.complaint.history[-1].at if status != "received" else T0)
    )
    assert resumed.status == status
    assert resumed.allowed_events == wf.allowed_events
    assert resumed.machine.current_state_value == status
    history = loaded.history
    event = sorted(ALLOWED[status] - {"resume"})[0]
    resumed.send(event, actor="agent-1", **GOOD_ARGS[event])
    assert loaded.history[: len(history)] == history  # history is never rewritten


def test_the_machine_writes_the_complaints_status(make_workflow: Make) -> None:
    wf = make_workflow()
    wf.classify(actor="agent-1", severity="general")
    assert wf.machine.current_state_value == ComplaintStatus.CLASSIFIED
    assert wf.complaint.status is ComplaintStatus.CLASSIFIED


def test_repr_names_the_complaint_not_its_content(make_workflow: Make) -> None:
    wf = make_workflow(new_complaint(description="card 4111 1111 1111 1111"))
    assert repr(wf) == "ComplaintWorkflow(complaint='CP-1', status='received', version=0)"


# --- the diagram -----------------------------------------------------------------


def test_mermaid_diagram_shows_every_transition() -> None:
    diagram = workflow_diagram("mermaid")
    for line in (
        "received --> classified : Classify",
        "classified --> investigating : Investigate",
        "investigating --> resolved : Resolve",
        "resolved --> replied : Reply",
        "replied --> tracking : Follow up",
        "tracking --> closed : Close",
        "closed --> investigating : Reopen",
    ):
        assert line in diagram


def test_dot_diagram_needs_the_extra() -> None:
    if importlib.util.find_spec("pydot") is None:
        with pytest.raises(ImportError, match=r"servicekit\[diagram\]"):
            workflow_diagram("dot")
    else:
        assert workflow_diagram("dot").startswith("digraph")


def test_unknown_diagram_format() -> None:
    with pytest.raises(InvalidInputError, match="fmt"):
        workflow_diagram("png")


# --- SLA due times on classification ------------------------------------------------


def test_classify_sets_sla_due_times_in_business_hours() -> None:
    from servicekit.sla import BusinessCalendar, SLAPolicy

    cal = BusinessCalendar(dict.fromkeys(range(5), (("09:00", "17:00"),)), tz="UTC")
    friday_evening = datetime(2026, 3, 6, 16, 58, tzinfo=timezone.utc)
    c = new_complaint(received_at=friday_evening)
    wf = ComplaintWorkflow(c, policy=ComplaintPolicy(sla=SLAPolicy()), calendar=cal)
    entry = wf.classify(actor="agent-1", severity="general", at=friday_evening)
    # 5 minutes: 2 on Friday, 3 on Monday; 24 business hours: 3 working days
    assert c.first_response_due == datetime(2026, 3, 9, 9, 3, tzinfo=timezone.utc)
    assert c.resolution_due == datetime(2026, 3, 11, 16, 58, tzinfo=timezone.utc)
    assert entry.event == "classify"


def test_without_an_sla_policy_no_due_times_are_set(make_workflow: Make) -> None:
    wf = make_workflow()
    wf.classify(actor="agent-1", severity="urgent")
    assert (wf.complaint.first_response_due, wf.complaint.resolution_due) == (None, None)


def test_bad_calendar_or_sla_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="calendar"):
        ComplaintWorkflow(new_complaint(), calendar="Mon-Fri")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="sla"):
        ComplaintPolicy(sla={"general": 24})  # type: ignore[arg-type]
