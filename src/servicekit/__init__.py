"""servicekit: typed building blocks for customer-service software.

The public names are re-exported here; the submodules ``servicekit.models``
and ``servicekit.errors`` hold them.

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

__all__ = [
    "Channel",
    "Complaint",
    "ComplaintEvent",
    "ComplaintStatus",
    "ConcurrencyError",
    "Customer",
    "Direction",
    "Evidence",
    "EvidenceKind",
    "FollowUp",
    "Interaction",
    "InvalidInputError",
    "InvalidTransition",
    "ServiceKitError",
    "Severity",
    "SurveyResponse",
    "__version__",
]
