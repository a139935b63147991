"""A first tour of servicekit: a customer, an interaction and a complaint.

Run: python examples/tour.py
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from servicekit import Complaint, Customer, Interaction, SurveyResponse
from servicekit.models import json_schema

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
t0 = datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI)

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
print("interaction:", interaction)

complaint = Complaint(
    id="CP-42",
    customer_id=customer.id,
    channel=interaction.channel,
    received_at=interaction.opened_at,
    subject="Charged twice for order 1042",
    description="The card statement shows two payments for the same order.",
)
print("complaint:  ", complaint)

survey = SurveyResponse(
    id="S-9", answered_at=t0 + timedelta(days=3), customer_id=customer.id, nps=9, csat=5
)
print("survey:     ", survey)

stored = complaint.model_dump_json()
assert Complaint.model_validate_json(stored) == complaint
print(f"complaint JSON round trip: {len(stored)} bytes, lossless")
print("JSON Schemas for:", ", ".join(sorted(json_schema())))
