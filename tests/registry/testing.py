"""The Hypothesis strategies of servicekit.testing: one valid call each."""

from __future__ import annotations

from servicekit import testing
from tests.registry import Case

CASES = [
    Case(testing.customers),
    Case(testing.interactions),
    Case(testing.survey_responses),
    Case(testing.evidence),
    Case(testing.follow_ups),
    Case(testing.complaint_events),
    Case(testing.complaints, kwargs={"status": "closed"}),
    Case(testing.business_calendars, kwargs={"tz": "Europe/London"}),
]
