"""servicekit: typed building blocks for customer-service software.

The public names are re-exported here from the submodules that hold them:
``servicekit.errors``, ``servicekit.models`` and ``servicekit.workflow``.

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
from servicekit.workflow import (
    ComplaintPolicy,
    ComplaintWorkflow,
    NoticePlan,
    ProgressNotices,
    progress_notices,
)

__all__ = [
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
    "ServiceKitError",
    "Severity",
    "SurveyResponse",
    "__version__",
    "progress_notices",
]
