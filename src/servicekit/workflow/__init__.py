"""The complaint lifecycle: a python-statemachine workflow over a Complaint.

Intake, classification, investigation, resolution, reply and tracking, with
first-contact ownership, a three-level escalation ladder, an audit history
an application can store and resume, and the "3-5-7" progress-notice rule.
"""

from __future__ import annotations

from servicekit.workflow._facts import ComplaintFacts, complaint_facts
from servicekit.workflow._machine import ComplaintMachine, workflow_diagram
from servicekit.workflow._notices import (
    DEFAULT_MILESTONES,
    NoticePlan,
    ProgressNotices,
    progress_notices,
)
from servicekit.workflow._policy import DEFAULT_ESCALATION_LEVELS, ComplaintPolicy
from servicekit.workflow._workflow import ComplaintWorkflow

__all__ = [
    "DEFAULT_ESCALATION_LEVELS",
    "DEFAULT_MILESTONES",
    "ComplaintFacts",
    "ComplaintMachine",
    "ComplaintPolicy",
    "ComplaintWorkflow",
    "NoticePlan",
    "ProgressNotices",
    "complaint_facts",
    "progress_notices",
    "workflow_diagram",
]
