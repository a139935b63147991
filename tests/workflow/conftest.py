from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest

from servicekit import Complaint, ComplaintWorkflow

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class StepClock:
    """A clock that moves one minute forward each time it is read."""

    def __init__(self, start: datetime = T0) -> None:
        self.now = start

    def __call__(self) -> datetime:
        self.now += timedelta(minutes=1)
        return self.now


def new_complaint(**overrides: object) -> Complaint:
    data: dict[str, object] = {
        "id": "CP-1",
        "customer_id": "C-1",
        "channel": "phone",
        "received_at": T0,
        "subject": "Charged twice for order 1042",
    }
    data.update(overrides)
    return Complaint.model_validate(data)


@pytest.fixture
def make_workflow() -> Callable[..., ComplaintWorkflow]:
    def make(complaint: Complaint | None = None, **kwargs: object) -> ComplaintWorkflow:
        return ComplaintWorkflow(
            complaint if complaint is not None else new_complaint(),
            clock=StepClock(),
            **kwargs,  # type: ignore[arg-type]
        )

    return make


# The shortest way to bring a complaint to each status, as (event, kwargs) steps.
PATHS: dict[str, list[tuple[str, dict[str, object]]]] = {
    "received": [],
    "classified": [("classify", {"severity": "general"})],
}
PATHS["investigating"] = [*PATHS["classified"], ("investigate", {})]
PATHS["resolved"] = [
    *PATHS["investigating"],
    ("resolve", {"resolution": "refunded", "findings": "double capture"}),
]
PATHS["replied"] = [*PATHS["resolved"], ("reply", {"message": "We refunded the charge."})]
PATHS["tracking"] = [
    *PATHS["replied"],
    ("follow_up", {"outcome": "called", "customer_satisfied": None}),
]
PATHS["closed"] = [
    *PATHS["replied"],
    ("follow_up", {"outcome": "ok", "customer_satisfied": True}),
    ("close", {}),
]


def drive(workflow: ComplaintWorkflow, status: str, actor: str = "agent-1") -> ComplaintWorkflow:
    for event, kwargs in PATHS[status]:
        workflow.send(event, actor=actor, **kwargs)
    assert workflow.status == status
    return workflow
