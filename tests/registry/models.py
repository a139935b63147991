"""Column helpers on the models and the workflow: one valid call each."""

from __future__ import annotations

from datetime import datetime, timezone

from servicekit import Complaint, SurveyResponse
from servicekit.models import survey_columns
from servicekit.workflow import complaint_facts
from tests.registry import Case

T = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)

CASES = [
    Case(survey_columns, ([SurveyResponse(id="S-1", answered_at=T, nps=9, csat=4)],)),
    Case(
        complaint_facts,
        ([Complaint(id="CP-1", customer_id="C-1", channel="web", received_at=T, subject="s")],),
    ),
]
