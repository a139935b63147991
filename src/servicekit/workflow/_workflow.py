"""The complaint workflow: the six steps, ownership, escalation and the audit history."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any, cast

from pydantic import JsonValue

from servicekit._params import FreeText, Optional
from servicekit.errors import InvalidInputError, InvalidTransition
from servicekit.models import (
    Complaint,
    ComplaintEvent,
    ComplaintStatus,
    Evidence,
    EvidenceKind,
    FollowUp,
    Severity,
)
from servicekit.sla import BusinessCalendar
from servicekit.workflow._machine import ComplaintMachine, allowed_events
from servicekit.workflow._policy import ComplaintPolicy

__all__ = ["ComplaintWorkflow"]

Clock = Callable[[], datetime]

_ALLOWED = allowed_events()
_ALWAYS_OPEN = BusinessCalendar.always_open()  # shared: its tables are swapped in atomically
_MAX_LEVEL = 3


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


_TEXT = FreeText()
_OPTIONAL_TEXT = Optional(FreeText())


def _required_text(name: str, value: object) -> str:
    """A free-text argument: a string with something in it; never echoed in errors."""
    return _TEXT.convert(name, value)


def _optional_text(name: str, value: object) -> str | None:
    return cast("str | None", _OPTIONAL_TEXT.convert(name, value))


def _required_ident(name: str, value: object) -> str:
    """Check an identifier argument with the models' rules (1-200 chars, not blank)."""
    if not isinstance(value, str) or not value.strip() or len(value) > 200:
        raise InvalidInputError(name, value, "a non-empty identifier of at most 200 characters")
    return value


def _optional_ident(name: str, value: object) -> str | None:
    return None if value is None else _required_ident(name, value)


def _enum(name: str, value: object, enum: type[Severity] | type[EvidenceKind]) -> Any:
    try:
        return enum(value)
    except ValueError:
        raise InvalidInputError(name, value, f"one of {[m.value for m in enum]}") from None


def _optional_bool(name: str, value: object) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise InvalidInputError(name, value, "True, False or None")
    return value


class ComplaintWorkflow:
    """Carry a complaint through the six steps, from intake to tracking.

    The workflow wraps a :class:`~servicekit.Complaint` and drives a
    python-statemachine machine (:class:`ComplaintMachine`) bound to the
    complaint's ``status``. The complaint holds all the state, so an
    application can store it anywhere (``model_dump_json()``) and resume later
    by wrapping the loaded complaint again.

    Each event is a method taking keyword arguments, and can also be sent by
    name: ``workflow.send("classify", actor=..., severity=...)``. Every event
    takes ``actor`` (required) and ``at`` (an aware datetime, by default the
    clock's time, never before the last history entry).

    An accepted event appends exactly one :class:`~servicekit.ComplaintEvent`
    to ``complaint.history``, increments ``complaint.version`` and returns the
    event. A refused event raises :class:`~servicekit.InvalidTransition` (not
    allowed in this status, or a rule of the domain not met) or
    :class:`~servicekit.InvalidInputError` (a bad argument) and leaves the
    complaint exactly as it was.

    Parameters
    ----------
    complaint : Complaint
        The complaint to drive, in any status.
    policy : ComplaintPolicy, optional
        Rules consulted on classification. Defaults to ``ComplaintPolicy()``.
    clock : callable returning an aware datetime, optional
        Where event times come from when ``at`` is not given. Defaults to the
        current UTC time. Inject a fixed clock in tests.
    calendar : BusinessCalendar, optional
        The business hours the policy's SLA targets count in; 24x7 UTC when
        not given.

    Notes
    -----
    First-contact ownership: the actor of the first accepted event becomes
    the owner if the complaint has none, and the owner changes only through
    :meth:`hand_over`. Escalation only ever raises the level.

    Examples
    --------
    >>> from datetime import datetime, timedelta, timezone
    >>> from servicekit import Complaint
    >>> t0 = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
    >>> c = Complaint(id="CP-1", customer_id="C-1", channel="phone", received_at=t0,
    ...               subject="Charged twice")
    >>> wf = ComplaintWorkflow(c, clock=lambda: t0 + timedelta(minutes=5))
    >>> wf.classify(actor="agent-7", severity="major").to_status
    <ComplaintStatus.CLASSIFIED: 'classified'>
    >>> c.owner, c.escalation_level, c.version
    ('agent-7', 2, 1)
    >>> wf.close(actor="agent-7")
    Traceback (most recent call last):
    ...
    servicekit.errors.InvalidTransition: event 'close' is not allowed in status 'classified'
    >>> wf.send("investigate", actor="agent-7").to_status
    <ComplaintStatus.INVESTIGATING: 'investigating'>
    """

    __slots__ = ("_calendar", "_clock", "_complaint", "_machine", "_policy")

    def __init__(
        self,
        complaint: Complaint,
        *,
        policy: ComplaintPolicy | None = None,
        clock: Clock | None = None,
        calendar: BusinessCalendar | None = None,
    ) -> None:
        if not isinstance(complaint, Complaint):
            raise InvalidInputError("complaint", type(complaint).__name__, "a Complaint")
        if policy is not None and not isinstance(policy, ComplaintPolicy):
            raise InvalidInputError("policy", policy, "a ComplaintPolicy or None")
        if clock is not None and not callable(clock):
            raise InvalidInputError("clock", clock, "a callable returning an aware datetime")
        self._complaint = complaint
        self._policy = policy if policy is not None else ComplaintPolicy()
        self._clock: Clock = clock if clock is not None else _utc_now
        if calendar is not None and not isinstance(calendar, BusinessCalendar):
            raise InvalidInputError("calendar", calendar, "a BusinessCalendar or None")
        self._calendar = calendar if calendar is not None else _ALWAYS_OPEN
        self._machine = ComplaintMachine(model=complaint, state_field="status")

    def __repr__(self) -> str:
        c = self._complaint
        return (
            f"ComplaintWorkflow(complaint={c.id!r}, status={c.status.value!r}, version={c.version})"
        )

    # -- read-only views ---------------------------------------------------

    @property
    def complaint(self) -> Complaint:
        """The complaint this workflow drives (the same object, not a copy)."""
        return self._complaint

    @property
    def status(self) -> ComplaintStatus:
        """The complaint's current status."""
        return self._complaint.status

    @property
    def policy(self) -> ComplaintPolicy:
        """The policy consulted on classification."""
        return self._policy

    @property
    def machine(self) -> ComplaintMachine:
        """The python-statemachine machine bound to the complaint's status."""
        return self._machine

    @property
    def allowed_events(self) -> frozenset[str]:
        """The events the current status admits (rules of the domain aside).

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web",
        ...               received_at=datetime(2026, 3, 2, tzinfo=timezone.utc), subject="Late")
        >>> sorted(ComplaintWorkflow(c).allowed_events)
        ['classify', 'escalate', 'hand_over']
        """
        return _ALLOWED[self._complaint.status]

    # -- the events --------------------------------------------------------

    def classify(
        self,
        *,
        actor: str,
        severity: Severity | str,
        category: str | None = None,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Classify a received complaint: received -> classified.

        Sets the severity (general, major or urgent), the category, and the
        escalation level the policy gives the severity (never lowering a
        level an earlier escalation raised). With an SLA policy it also sets
        ``first_response_due`` and ``resolution_due``, counted from receipt in
        the workflow's business calendar.

        Parameters
        ----------
        actor : str
            Who classifies it.
        severity : Severity or str
            ``"general"``, ``"major"`` or ``"urgent"``.
        category : str, optional
            The application's category, e.g. ``"billing"``.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("classify")
        checked_severity: Severity = _enum("severity", severity, Severity)
        checked_category = _optional_ident("category", category)
        c = self._complaint
        level = max(c.escalation_level, self._policy.initial_level(checked_severity))
        changes: dict[str, Any] = {
            "severity": checked_severity,
            "category": checked_category,
            "escalation_level": level,
        }
        data: dict[str, JsonValue] = {
            "severity": checked_severity.value,
            "category": checked_category,
            "escalation_level": level,
        }
        sla = self._policy.sla
        if sla is not None:
            targets = sla.targets_for(checked_severity, channel=c.channel)
            first_due = self._calendar.add(c.received_at, targets.first_response)
            resolution_due = self._calendar.add(c.received_at, targets.resolution)
            changes.update(first_response_due=first_due, resolution_due=resolution_due)
            data.update(
                first_response_due=first_due.isoformat(),
                resolution_due=resolution_due.isoformat(),
            )
        return self._commit("classify", actor, at, changes=changes, data=data)

    def investigate(self, *, actor: str, at: datetime | None = None) -> ComplaintEvent:
        """Start the investigation: classified -> investigating.

        Parameters
        ----------
        actor : str
            Who investigates.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("investigate")
        return self._commit("investigate", actor, at)

    def add_evidence(
        self,
        *,
        actor: str,
        kind: EvidenceKind | str,
        reference: str,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Attach evidence (a call recording, a transaction record, ...).

        Allowed while investigating and in the later open statuses
        (resolved, replied, tracking); the status does not change.

        Parameters
        ----------
        actor : str
            Who attaches it.
        kind : EvidenceKind or str
            ``"call_recording"``, ``"transaction_record"``, ``"document"``,
            ``"photo"`` or ``"other"``.
        reference : str
            Where the application keeps it.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("add_evidence")
        checked_kind: EvidenceKind = _enum("kind", kind, EvidenceKind)
        checked_reference = _required_ident("reference", reference)
        return self._commit(
            "add_evidence",
            actor,
            at,
            data={"kind": checked_kind.value, "reference": checked_reference},
            append=lambda who, when: self._complaint.evidence.append(
                Evidence(
                    kind=checked_kind, reference=checked_reference, added_at=when, added_by=who
                )
            ),
        )

    def resolve(
        self,
        *,
        actor: str,
        resolution: str,
        findings: str | None = None,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Resolve the complaint on the findings: investigating -> resolved.

        Refused unless findings are given now or were recorded before, or
        evidence exists: a resolution rests on the investigation.

        Parameters
        ----------
        actor : str
            Who resolves it.
        resolution : str
            What was done about it.
        findings : str, optional
            The established facts (replaces earlier findings when given).
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("resolve")
        checked_resolution = _required_text("resolution", resolution)
        checked_findings = _optional_text("findings", findings)
        c = self._complaint
        if checked_findings is None and not c.findings and not c.evidence:
            raise InvalidTransition(
                "resolve",
                c.status.value,
                "a resolution rests on the investigation: give findings or add evidence first",
            )
        changes: dict[str, Any] = {"resolution": checked_resolution}
        if checked_findings is not None:
            changes["findings"] = checked_findings
        return self._commit(
            "resolve",
            actor,
            at,
            changes=changes,
            note=checked_resolution,
            data={"findings": checked_findings},
        )

    def reply(self, *, actor: str, message: str, at: datetime | None = None) -> ComplaintEvent:
        """Explain the outcome to the customer: resolved -> replied.

        Parameters
        ----------
        actor : str
            Who replies.
        message : str
            The explanation sent to the customer.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("reply")
        checked = _required_text("message", message)
        return self._commit("reply", actor, at, changes={"reply": checked}, note=checked)

    def follow_up(
        self,
        *,
        actor: str,
        outcome: str,
        customer_satisfied: bool | None = None,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Record a follow-up contact: replied -> tracking, tracking -> tracking.

        Parameters
        ----------
        actor : str
            Who followed up.
        outcome : str
            What came of it.
        customer_satisfied : bool, optional
            The customer's answer; ``None`` when unreachable or undecided.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("follow_up")
        checked_outcome = _required_text("outcome", outcome)
        satisfied = _optional_bool("customer_satisfied", customer_satisfied)
        return self._commit(
            "follow_up",
            actor,
            at,
            note=checked_outcome,
            data={"customer_satisfied": satisfied},
            append=lambda who, when: self._complaint.follow_ups.append(
                FollowUp(at=when, by=who, outcome=checked_outcome, customer_satisfied=satisfied)
            ),
        )

    def close(
        self, *, actor: str, reason: str | None = None, at: datetime | None = None
    ) -> ComplaintEvent:
        """Close the complaint: replied or tracking -> closed.

        Refused unless the latest follow-up has ``customer_satisfied=True``,
        or a reason is given (for example, the customer could not be reached
        after several follow-ups).

        Parameters
        ----------
        actor : str
            Who closes it.
        reason : str, optional
            Why it is closed without the customer's confirmation.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("close")
        checked_reason = _optional_text("reason", reason)
        c = self._complaint
        confirmed = bool(c.follow_ups) and c.follow_ups[-1].customer_satisfied is True
        if not confirmed and checked_reason is None:
            raise InvalidTransition(
                "close",
                c.status.value,
                "the customer has not confirmed satisfaction in the latest follow-up; "
                "give a reason to close anyway",
            )
        return self._commit(
            "close", actor, at, note=checked_reason, data={"confirmed_by_customer": confirmed}
        )

    def reopen(self, *, actor: str, reason: str, at: datetime | None = None) -> ComplaintEvent:
        """Reopen a complaint the customer is not satisfied with.

        replied, tracking or closed -> investigating; increments
        ``reopen_count``. The earlier findings, resolution and reply stay on
        the complaint (and in the history) until replaced.

        Parameters
        ----------
        actor : str
            Who reopens it.
        reason : str
            Why the customer is not satisfied.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("reopen")
        checked = _required_text("reason", reason)
        count = self._complaint.reopen_count + 1
        return self._commit(
            "reopen",
            actor,
            at,
            changes={"reopen_count": count},
            note=checked,
            data={"reopen_count": count},
        )

    def escalate(
        self,
        *,
        actor: str,
        reason: str,
        to_level: int | None = None,
        at: datetime | None = None,
    ) -> ComplaintEvent:
        """Escalate to the next response level, or to ``to_level``.

        Allowed in every status but closed. Levels: 1 front line,
        2 specialist team, 3 management. The level never goes down; at
        level 3 the event is refused. The owner does not change.

        Parameters
        ----------
        actor : str
            Who escalates.
        reason : str
            Why the current level cannot solve it.
        to_level : int, optional
            The level to go to, above the current one; default one up.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("escalate")
        checked_reason = _required_text("reason", reason)
        c = self._complaint
        current = c.escalation_level
        if current >= _MAX_LEVEL:
            raise InvalidTransition(
                "escalate", c.status.value, f"already at the highest level ({_MAX_LEVEL})"
            )
        if to_level is None:
            target = current + 1
        elif (
            isinstance(to_level, bool)
            or not isinstance(to_level, int)
            or not current < to_level <= _MAX_LEVEL
        ):
            raise InvalidInputError(
                "to_level", to_level, f"an integer above the current level {current}, at most 3"
            )
        else:
            target = to_level
        return self._commit(
            "escalate",
            actor,
            at,
            changes={"escalation_level": target},
            note=checked_reason,
            data={"from_level": current, "to_level": target},
        )

    def hand_over(
        self, *, actor: str, to_agent: str, reason: str, at: datetime | None = None
    ) -> ComplaintEvent:
        """Hand ownership to another agent, explicitly.

        Allowed in every status but closed; the only way the owner changes.

        Parameters
        ----------
        actor : str
            Who hands it over.
        to_agent : str
            The new owner; not the current one.
        reason : str
            Why.
        at : datetime, optional
            When; defaults to the clock's time.

        Returns
        -------
        ComplaintEvent
            The history entry appended.
        """
        self._require("hand_over")
        new_owner = _required_ident("to_agent", to_agent)
        checked_reason = _required_text("reason", reason)
        previous = self._complaint.owner
        if new_owner == previous:
            raise InvalidInputError("to_agent", new_owner, "an agent other than the current owner")
        return self._commit(
            "hand_over",
            actor,
            at,
            changes={"owner": new_owner},
            note=checked_reason,
            data={"from_owner": previous, "to_owner": new_owner},
        )

    def send(self, event: str, **data: Any) -> ComplaintEvent:
        """Send an event by name, with its arguments as keywords.

        Parameters
        ----------
        event : str
            One of the event names (``"classify"``, ``"investigate"``, ...).
        **data
            The event's keyword arguments, ``actor`` among them.

        Returns
        -------
        ComplaintEvent
            The history entry appended.

        Raises
        ------
        InvalidInputError
            For an unknown event, an unknown argument or a missing one.

        Examples
        --------
        >>> from datetime import datetime, timezone
        >>> from servicekit import Complaint
        >>> c = Complaint(id="CP-1", customer_id="C-1", channel="web",
        ...               received_at=datetime(2026, 3, 2, tzinfo=timezone.utc), subject="Late")
        >>> wf = ComplaintWorkflow(c)
        >>> wf.send("classify", actor="a-1", severity="general", colour="red")
        Traceback (most recent call last):
        ...
        servicekit.errors.InvalidInputError: colour=<hidden> is invalid: expected one of the \
arguments of 'classify': ['actor', 'at', 'category', 'severity']
        """
        signature = _SIGNATURES.get(event)
        if signature is None:
            raise InvalidInputError("event", event, f"one of {sorted(_SIGNATURES)}")
        required, accepted = signature
        for name in data:
            if name not in accepted:
                raise InvalidInputError(
                    name,
                    data[name],
                    f"one of the arguments of {event!r}: {sorted(accepted)}",
                    show_value=False,
                )
        for name in required:
            if name not in data:
                raise InvalidInputError(name, None, f"a value: {event!r} requires it")
        method: Callable[..., ComplaintEvent] = getattr(self, event)
        return method(**data)

    # -- the machinery -----------------------------------------------------

    def _require(self, event: str) -> None:
        status = self._complaint.status
        if event not in _ALLOWED[status]:
            raise InvalidTransition(event, status.value)

    def _time(self, at: datetime | None) -> datetime:
        when = self._clock() if at is None else at
        name = "clock()" if at is None else "at"
        if not isinstance(when, datetime) or when.utcoffset() is None:
            raise InvalidInputError(name, when, "a timezone-aware datetime")
        c = self._complaint
        last = c.history[-1].at if c.history else c.received_at
        if when < last:
            what = "the last history entry" if c.history else "received_at"
            raise InvalidInputError(name, when, f"a time not before {what} ({last.isoformat()})")
        return when

    def _commit(
        self,
        event: str,
        actor: object,
        at: datetime | None,
        *,
        changes: Mapping[str, Any] | None = None,
        note: str | None = None,
        data: dict[str, JsonValue] | None = None,
        append: Callable[[str, datetime], None] | None = None,
    ) -> ComplaintEvent:
        """Check actor and time, then apply everything or nothing."""
        who = _required_ident("actor", actor)
        when = self._time(at)
        c = self._complaint
        before = c.status
        snapshot = dict(c.__dict__)
        fields_set = set(c.__pydantic_fields_set__)
        sizes = (len(c.evidence), len(c.follow_ups), len(c.history))
        try:
            self._machine.send(event)
            if c.owner is None and event != "hand_over":
                c.owner = who
            for field, value in (changes or {}).items():
                setattr(c, field, value)
            if append is not None:
                append(who, when)
            entry = ComplaintEvent(
                event=event,
                from_status=before,
                to_status=c.status,
                at=when,
                actor=who,
                note=note,
                data=data or {},
            )
            c.history.append(entry)
            c.version += 1
        except BaseException:
            c.__dict__.update(snapshot)
            c.__pydantic_fields_set__.intersection_update(fields_set)
            del c.evidence[sizes[0] :], c.follow_ups[sizes[1] :], c.history[sizes[2] :]
            raise
        return entry


def _event_signatures() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    out: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for event in _ALLOWED[ComplaintStatus.RECEIVED].union(*_ALLOWED.values()):
        params = inspect.signature(getattr(ComplaintWorkflow, event)).parameters
        keywords = {n: p for n, p in params.items() if p.kind is inspect.Parameter.KEYWORD_ONLY}
        required = frozenset(n for n, p in keywords.items() if p.default is inspect.Parameter.empty)
        out[event] = (required, frozenset(keywords))
    return out


_SIGNATURES = _event_signatures()
