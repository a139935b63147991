"""A first tour of servicekit: a customer, an interaction and a complaint, carried
through the workflow with SLA due times, then a few metrics.

Run: python examples/tour.py
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from servicekit import (
    BusinessCalendar,
    Complaint,
    ComplaintPolicy,
    ComplaintWorkflow,
    Customer,
    Interaction,
    SLAClock,
    SLAPolicy,
)
from servicekit.metrics import nps, required_agents

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
t0 = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)  # a Monday morning

customer = Customer(
    id="C-1001",
    name="Li Wei",
    email="li.wei@example.com",
    phone="+86 138 0013 8000",
    segment="retail",
    tier="gold",
)
print("customer:   ", customer)  # personal data stays out of str() and repr()
print("redacted:   ", customer.redacted().model_dump(include={"id", "name", "email", "phone"}))

interaction = Interaction(
    id="I-5001",
    customer_id=customer.id,
    channel="phone",
    opened_at=t0,
    first_response_at=t0 + timedelta(minutes=2),
    closed_at=t0 + timedelta(minutes=14),
    agent_id="agent-7",
    resolved=False,
    first_contact_resolution=False,
    handle_time=timedelta(minutes=12),
)
print("interaction:", interaction.id, interaction.channel.value, "resolved:", interaction.resolved)

complaint = Complaint(
    id="CP-42",
    customer_id=customer.id,
    channel=interaction.channel,
    received_at=interaction.opened_at,
    subject="Charged twice for order 1042",
    description="The card statement shows two payments for the same order.",
)
office = BusinessCalendar(
    dict.fromkeys(range(5), (("09:00", "12:00"), ("13:30", "18:00"))), tz="Asia/Shanghai"
)
ticks = iter(range(1, 1000))
workflow = ComplaintWorkflow(
    complaint,
    policy=ComplaintPolicy(sla=SLAPolicy()),
    calendar=office,
    clock=lambda: t0 + timedelta(minutes=20 * next(ticks)),  # a clock that moves
)
# Acknowledge at once, even when the answer needs time: that is the first response.
workflow.acknowledge(
    actor="agent-7",
    message="We have your complaint and will answer within a working day.",
    at=t0 + timedelta(minutes=2),
)
workflow.classify(actor="agent-7", severity="major", category="billing")
print(
    "classified: ",
    complaint.severity,
    "level",
    complaint.escalation_level,
    "owner",
    complaint.owner,
    "resolution due",
    complaint.resolution_due,
)
workflow.investigate(actor="agent-7")
workflow.pause(actor="agent-7", reason="Waiting for the customer's card statement")
workflow.resume(actor="agent-7")
workflow.update_customer(
    actor="agent-7", message="Found it; refunding now", milestone="investigate"
)
workflow.add_evidence(actor="agent-7", kind="transaction_record", reference="txn-88121")
workflow.resolve(actor="agent-7", resolution="refunded the second charge")
workflow.reply(actor="agent-7", message="We refunded the second charge; sorry for the trouble.")
workflow.follow_up(actor="agent-7", outcome="refund received", customer_satisfied=True)
workflow.close(actor="agent-7")
print("history:    ", " -> ".join(e.event for e in complaint.history))

report = SLAClock(SLAPolicy(), office).for_complaint(complaint, now=t0 + timedelta(hours=3))
targets = ("first_response", "resolution", "next_update")
print("SLA:        ", {t: getattr(report, t).state.value for t in targets})

stored = complaint.model_dump_json()
assert Complaint.model_validate_json(stored) == complaint
print(f"stored:      {len(stored)} bytes of JSON, and back, losslessly")

scores = [10, 9, 9, 8, 7, 10, 6, 3, 9, 10, 8, 9]
result = nps(scores)
low, high = result.confidence_interval()
print(f"NPS:         {result.score:.0f} (95% CI {low:.0f} to {high:.0f}, n={result.n})")
staffing = required_agents(
    10.0,
    handle_time=timedelta(minutes=3),
    target_service_level=0.80,
    target_answer_time=timedelta(seconds=20),
    shrinkage=0.3,
)
print(f"staffing:    {staffing.agents} agents on the phones, {staffing.scheduled_agents} scheduled")
