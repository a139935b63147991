"""servicekit: typed building blocks for customer-service software.

The public names are re-exported here from the submodules that hold them:
``servicekit.errors``, ``servicekit.models``, ``servicekit.sla`` and
``servicekit.workflow``; the metric functions live in ``servicekit.metrics``.

Examples
--------
>>> import servicekit
>>> servicekit.__version__
'0.1.0.dev0'
"""

from __future__ import annotations

from servicekit._version import __version__
from servicekit.errors import (
    ConcurrencyError,
    InvalidInputError,
    InvalidTransition,
    ServiceKitError,
)
from servicekit.models import (
    Channel,
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    Customer,
    Direction,
    Evidence,
    EvidenceKind,
    FollowUp,
    Interaction,
    Severity,
    SurveyResponse,
)
from servicekit.sla import BusinessCalendar, SLAClock, SLAPolicy, SLATargets
from servicekit.workflow import (
    ComplaintPolicy,
    ComplaintWorkflow,
    NoticePlan,
    ProgressNotices,
    progress_notices,
)

__all__ = [
    "BusinessCalendar",
    "Channel",
    "Complaint",
    "ComplaintEvent",
    "ComplaintPolicy",
    "ComplaintStatus",
    "ComplaintWorkflow",
    "ConcurrencyError",
    "Customer",
    "Direction",
    "Evidence",
    "EvidenceKind",
    "FollowUp",
    "Interaction",
    "InvalidInputError",
    "InvalidTransition",
    "NoticePlan",
    "ProgressNotices",
    "SLAClock",
    "SLAPolicy",
    "SLATargets",
    "ServiceKitError",
    "Severity",
    "SurveyResponse",
    "__version__",
    "progress_notices",
]
