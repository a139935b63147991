"""pydantic v2 models for customers, interactions, complaints and surveys.

Every model refuses unknown fields, requires timezone-aware datetimes and
round-trips losslessly through ``model_dump_json`` / ``model_validate_json``.
"""

from __future__ import annotations

from servicekit.models._complaint import (
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    Evidence,
    EvidenceKind,
    FollowUp,
    Severity,
)
from servicekit.models._customer import Customer
from servicekit.models._interaction import Channel, Direction, Interaction
from servicekit.models._schema import json_schema
from servicekit.models._survey import SurveyColumns, SurveyResponse, survey_columns

__all__ = [
    "Channel",
    "Complaint",
    "ComplaintEvent",
    "ComplaintStatus",
    "Customer",
    "Direction",
    "Evidence",
    "EvidenceKind",
    "FollowUp",
    "Interaction",
    "Severity",
    "SurveyColumns",
    "SurveyResponse",
    "json_schema",
    "survey_columns",
]
