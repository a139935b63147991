"""Complaints: the aggregate the complaint workflow drives, and its value objects."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import ConfigDict, Field, JsonValue, StrictInt, ValidationInfo, field_validator

from servicekit.models._interaction import Channel
from servicekit.models._types import (
    AwareDatetime,
    FrozenModel,
    Identifier,
    ServiceModel,
    StrEnum,
)

__all__ = [
    "Complaint",
    "ComplaintEvent",
    "ComplaintStatus",
    "Evidence",
    "EvidenceKind",
    "FollowUp",
    "Severity",
]


class Severity(StrEnum):
    """The three classes of complaint: general, major and urgent.

    Examples
    --------
    >>> [s.value for s in Severity]
    ['general', 'major', 'urgent']
    """

    GENERAL = "general"
    MAJOR = "major"
    URGENT = "urgent"


class ComplaintStatus(StrEnum):
    """Where a complaint stands in the six-step process, in order.

    ``received`` (intake), ``classified``, ``investigating``, ``resolved``,
    ``replied`` (the outcome explained to the customer), ``tracking``
    (followed up), ``closed``.

    Examples
    --------
    >>> [s.value for s in ComplaintStatus]
    ['received', 'classified', 'investigating', 'resolved', 'replied', 'tracking', 'closed']
    """

    RECEIVED = "received"
    CLASSIFIED = "classified"
    INVESTIGATING = "investigating"
    RESOLVED = "resolved"
    REPLIED = "replied"
    TRACKING = "tracking"
    CLOSED = "closed"


class EvidenceKind(StrEnum):
    """Kinds of evidence gathered in an investigation.

    Examples
    --------
    >>> EvidenceKind("call_recording")
    <EvidenceKind.CALL_RECORDING: 'call_recording'>
    """

    CALL_RECORDING = "call_recording"
    TRANSACTION_RECORD = "transaction_record"
    DOCUMENT = "document"
    PHOTO = "photo"
    OTHER = "other"


class Evidence(FrozenModel):
    """A piece of evidence attached to a complaint: a reference, not the file.

    Attributes
    ----------
    kind : EvidenceKind
        What it is.
    reference : str
        Where the application keeps it (a URL, a record id, a file key).
    added_at : datetime
        When it was attached.
    added_by : str
        Who attached it.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> e = Evidence(kind="call_recording", reference="rec/2026/03/0001.wav",
    ...              added_at=datetime(2026, 3, 2, 10, tzinfo=timezone.utc), added_by="agent-7")
    >>> e.kind
    <EvidenceKind.CALL_RECORDING: 'call_recording'>
    """

    kind: EvidenceKind
    reference: Identifier
    added_at: AwareDatetime
    added_by: Identifier


class FollowUp(FrozenModel):
    """A follow-up contact after the reply (step 6, tracking).

    Attributes
    ----------
    at : datetime
        When the customer was contacted.
    by : str
        Who made the contact.
    outcome : str
        What came of it, e.g. ``"customer confirms refund received"``.
    customer_satisfied : bool, optional
        The customer's answer; ``None`` when they could not be reached or did
        not say.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> FollowUp(at=datetime(2026, 3, 9, tzinfo=timezone.utc), by="agent-7",
    ...          outcome="refund received", customer_satisfied=True).customer_satisfied
    True
    """

    at: AwareDatetime
    by: Identifier
    outcome: str = Field(repr=False)
    customer_satisfied: bool | None = None


class ComplaintEvent(FrozenModel):
    """One accepted workflow event in a complaint's audit history.

    Attributes
    ----------
    event : str
        The event's name, e.g. ``"classify"``.
    from_status, to_status : ComplaintStatus
        The status before and after (equal for events that keep the status,
        such as ``escalate``).
    at : datetime
        When it happened.
    actor : str
        Who did it.
    note : str, optional
        A human-readable note (a reason, a message). Kept out of ``repr()``.
    data : dict
        The event's other arguments, as JSON values. Kept out of ``repr()``.

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> ev = ComplaintEvent(event="classify", from_status="received", to_status="classified",
    ...                     at=datetime(2026, 3, 2, 9, 5, tzinfo=timezone.utc), actor="agent-7",
    ...                     data={"severity": "major"})
    >>> ev.to_status
    <ComplaintStatus.CLASSIFIED: 'classified'>
    """

    event: Identifier
    from_status: ComplaintStatus
    to_status: ComplaintStatus
    at: AwareDatetime
    actor: Identifier
    note: str | None = Field(default=None, repr=False)
    data: dict[str, JsonValue] = Field(default_factory=dict, repr=False)


class Complaint(ServiceModel):
    """A customer complaint: the aggregate the complaint workflow drives.

    The complaint holds its own state (``status``), history and ``version``,
    so an application can store it anywhere and resume its workflow later.
    Only the workflow changes what it keeps (status, version, history,
    evidence, follow-ups, owner, severity, escalation level, the due times,
    ``paused_since``...): assigning one of those raises a ``ValidationError``,
    and the lists are tuples. The customer's own text (``subject``,
    ``description``) may be corrected by assignment, validated. A complaint
    whose history does not match its status and version does not load.

    Attributes
    ----------
    id : str
        The complaint's identifier.
    customer_id : str
        Who complained.
    channel : Channel
        Through which channel it arrived.
    received_at : datetime
        When it was received (timezone-aware).
    subject : str
        What it is about, in a line. Free text: kept out of ``repr()``.
    description : str, default ""
        The customer's account. Free text; kept out of ``repr()``.
    category : str, optional
        The application's category, e.g. ``"billing"``.
    severity : Severity, optional
        Set when the complaint is classified.
    escalation_level : int, default 1
        1 front line, 2 specialist team, 3 management.
    owner : str, optional
        The agent who owns the complaint to the end (first-contact ownership).
    status : ComplaintStatus, default "received"
        Where it stands.
    evidence : tuple of Evidence
        Evidence gathered during the investigation.
    findings : str, optional
        The established facts.
    resolution : str, optional
        What was done about it.
    reply : str, optional
        The explanation given to the customer.
    follow_ups : tuple of FollowUp
        Follow-up contacts after the reply.
    first_response_due, resolution_due, next_update_due : datetime, optional
        The SLA due times, kept current by the workflow when it has an SLA
        policy (see :mod:`servicekit.sla`): None once met or no longer
        applicable; the resolution and next-update dues are None while paused.
    paused_since : datetime, optional
        Since when the complaint waits on the customer or a third party
        (``pause``); None when not paused.
    reopen_count : int, default 0
        How many times the customer reopened it.
    history : tuple of ComplaintEvent
        The audit history: one entry per accepted workflow event, in time
        order; the last entry's ``to_status`` is the status.
    version : int, default 0
        The number of accepted events, ``len(history)`` (for optimistic
        locking).

    Examples
    --------
    >>> from datetime import datetime, timezone
    >>> c = Complaint(id="CP-1", customer_id="C-1", channel="phone",
    ...               received_at=datetime(2026, 3, 2, 9, tzinfo=timezone.utc),
    ...               subject="Double charge on invoice 1042")
    >>> c.status, c.escalation_level, c.version
    (<ComplaintStatus.RECEIVED: 'received'>, 1, 0)
    >>> c.status = "closed"
    Traceback (most recent call last):
    ...
    pydantic_core._pydantic_core.ValidationError: 1 validation error for Complaint
    status
      Field is frozen ...
    """

    model_config = ConfigDict(extra="forbid", validate_assignment=True)

    id: Identifier = Field(frozen=True)
    customer_id: Identifier = Field(frozen=True)
    channel: Channel = Field(frozen=True)
    received_at: AwareDatetime = Field(frozen=True)
    subject: Annotated[str, Field(min_length=1, pattern=r"\S")] = Field(repr=False)
    description: str = Field(default="", repr=False)
    category: Identifier | None = Field(default=None, frozen=True)
    severity: Severity | None = Field(default=None, frozen=True)
    escalation_level: Annotated[StrictInt, Field(ge=1, le=3)] = Field(default=1, frozen=True)
    owner: Identifier | None = Field(default=None, frozen=True)
    status: ComplaintStatus = Field(default=ComplaintStatus.RECEIVED, frozen=True)
    evidence: tuple[Evidence, ...] = Field(default=(), repr=False, frozen=True)
    findings: str | None = Field(default=None, repr=False, frozen=True)
    resolution: str | None = Field(default=None, repr=False, frozen=True)
    reply: str | None = Field(default=None, repr=False, frozen=True)
    follow_ups: tuple[FollowUp, ...] = Field(default=(), repr=False, frozen=True)
    first_response_due: AwareDatetime | None = Field(default=None, frozen=True)
    resolution_due: AwareDatetime | None = Field(default=None, frozen=True)
    next_update_due: AwareDatetime | None = Field(default=None, frozen=True)
    paused_since: AwareDatetime | None = Field(default=None, frozen=True)
    reopen_count: Annotated[StrictInt, Field(ge=0)] = Field(default=0, frozen=True)
    history: tuple[ComplaintEvent, ...] = Field(default=(), repr=False, frozen=True)
    version: Annotated[StrictInt, Field(ge=0)] = Field(default=0, frozen=True)

    @field_validator("history")
    @classmethod
    def _history_matches_status(
        cls, history: tuple[ComplaintEvent, ...], info: ValidationInfo
    ) -> tuple[ComplaintEvent, ...]:
        status = info.data.get("status")
        expected = history[-1].to_status if history else ComplaintStatus.RECEIVED
        if status is not None and status != expected:
            raise ValueError(
                f"the status is {status.value!r} but the history ends in {expected.value!r}"
            )
        received = info.data.get("received_at")
        previous = received
        for k, event in enumerate(history):
            if previous is not None and event.at < previous:
                what = "received_at" if k == 0 else f"entry {k - 1}"
                raise ValueError(f"history times go backwards: entry {k} is before {what}")
            previous = event.at
        return history

    @field_validator("version")
    @classmethod
    def _version_counts_the_history(cls, version: int, info: ValidationInfo) -> int:
        history = info.data.get("history")
        if history is not None and version != len(history):
            raise ValueError(f"version {version} does not match the {len(history)} history entries")
        return version

    def _write(self, changes: dict[str, Any]) -> None:
        """Apply changes the workflow has already validated (the workflow's door in)."""
        for name, value in changes.items():
            object.__setattr__(self, name, value)
        self.__pydantic_fields_set__.update(changes)
