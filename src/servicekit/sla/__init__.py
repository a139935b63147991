"""Business calendars, SLA policies and SLA clocks.

The arithmetic help desks keep getting wrong: business hours with breaks,
holidays and make-up days, across daylight-saving changes; any number of
pauses; reopens; warnings before a breach. This package never imports the
workflow; the workflow uses it.
"""

from __future__ import annotations

from servicekit.sla._batch import SLABatch
from servicekit.sla._calendar import BusinessCalendar, OpenIntervals
from servicekit.sla._clock import (
    CUSTOMER_CONTACT_EVENTS,
    DEFAULT_PAUSE_STATUSES,
    DEFAULT_RESOLVED_STATUSES,
    SLAClock,
    SLAReport,
    SLAState,
    TargetStatus,
)
from servicekit.sla._policy import DEFAULT_SLA_TARGETS, SLAPolicy, SLATargets

__all__ = [
    "CUSTOMER_CONTACT_EVENTS",
    "DEFAULT_PAUSE_STATUSES",
    "DEFAULT_RESOLVED_STATUSES",
    "DEFAULT_SLA_TARGETS",
    "BusinessCalendar",
    "OpenIntervals",
    "SLABatch",
    "SLAClock",
    "SLAPolicy",
    "SLAReport",
    "SLAState",
    "SLATargets",
    "TargetStatus",
]
