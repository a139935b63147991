"""servicekit: typed building blocks for customer-service software.

The public names are re-exported here from the submodules that hold them:
``servicekit.errors``, ``servicekit.models``, ``servicekit.sla`` and
``servicekit.workflow``; the metric functions live in ``servicekit.metrics``.
The re-exports are lazy: ``import servicekit`` loads only the errors, and a
name's submodule is imported on first use, so ``import servicekit.metrics``
in a notebook pulls in neither pydantic nor python-statemachine.

Examples
--------
>>> import servicekit
>>> servicekit.__version__
'0.2.0'
>>> servicekit.Severity.MAJOR.value
'major'
"""

from __future__ import annotations

import typing

from servicekit._version import __version__
from servicekit.errors import (
    ConcurrencyError,
    InvalidInputError,
    InvalidTransition,
    NotFoundError,
    ServiceKitError,
)

if typing.TYPE_CHECKING:
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

_LAZY: dict[str, str] = {
    **dict.fromkeys(
        [
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
            "SurveyResponse",
        ],
        "servicekit.models",
    ),
    **dict.fromkeys(["BusinessCalendar", "SLAClock", "SLAPolicy", "SLATargets"], "servicekit.sla"),
    **dict.fromkeys(
        [
            "ComplaintPolicy",
            "ComplaintWorkflow",
            "NoticePlan",
            "ProgressNotices",
            "progress_notices",
        ],
        "servicekit.workflow",
    ),
}


def __getattr__(name: str) -> object:
    import importlib

    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'servicekit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


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
    "NotFoundError",
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

del typing  # used by type checkers only; the public names are __all__'s alone
